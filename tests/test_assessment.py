"""rehab.assess: the scenario table of one house, its economics and the CLI helper."""

import json

import numpy as np
import pandas as pd
import pytest

import rehab
from rehab import finance, labels, packages, usage
from rehab.assessment import FAN_POWER_W_PER_M3H, UNITS, assess, economics, summary
from rehab.cli import cli_assess
from rehab.errors import ConstraintError, InputError


@pytest.fixture(scope="module")
def coron():
    return rehab.archetypes.get("coron-mid-terrace")


@pytest.fixture(scope="module")
def table(coron):
    # the hand checks below follow the conventional (3CL) chain
    return assess(coron, mode="conventional")


# ---------------------------------------------------------------- the table


def test_rows_and_columns(table):
    assert list(table.index) == ["baseline", *packages.ordered_names()]
    for col in UNITS:
        assert col in table.columns, col
    for col in (
        "dpe_class",
        "bbc_renovation_2024",
        "bbc_first_step_c",
        "aids",
        "moisture_risk",
        "allowed",
    ):
        assert col in table.columns
    assert table.attrs["units"]["cep_kwhep_m2"] == "kWhEP/(m²·yr)"
    assert table["allowed"].all()


def test_baseline_row(table, coron):
    b = table.loc["baseline"]
    assert b.cost_ttc_eur == 0 and b.subsidies_eur == 0 and b.npv_eur == 0
    assert b.bill_after_eur == pytest.approx(b.bill_before_eur)
    d = labels.dpe(coron, "2026-06-01")
    assert b.dpe_class == d.label == "F"
    assert b.cep_kwhep_m2 == pytest.approx(d.cep)
    assert b.heating_need_3cl_kwh == pytest.approx(d.heating_need_kwh)
    sim = rehab.simulate(coron)
    assert b.heating_need_kwh == pytest.approx(sim.heating_need_kwh)
    assert b.overheating_h_above_28 == pytest.approx(sim.hours_above_28)
    # bills: delivered gas and electricity at the 2026 tariffs, gas subscription included
    by = {}
    for (c, _u), v in d.delivered_kwh.items():
        by[c] = by.get(c, 0.0) + v
    assert b.bill_before_eur == pytest.approx(finance.annual_bill(by, "2026-06-01").total_eur)


def test_scenario_consistency(table, coron):
    for s, r in table.iterrows():
        assert r.net_cost_eur == pytest.approx(r.cost_ttc_eur - r.subsidies_eur)
        assert r.savings_eur == pytest.approx(r.bill_before_eur - r.bill_after_eur)
        assert r.primary_kwh == pytest.approx(r.cep_kwhep_m2 * 60.0)
        assert r.co2_kg == pytest.approx(r.eges_kgco2e_m2 * 60.0)
        assert r.final_energy_kwh_m2 == pytest.approx(r.delivered_kwh / 60.0)
        assert r.bbc_renovation_2024 == (r.dpe_class in ("A", "B")), s
        if s != "baseline":
            out = packages.get(s).run(coron, rules=["france"], date="2026-06-01")
            # works + fees (rehab.costs_fees)
            assert r.cost_ttc_eur == pytest.approx(out.costs.cost_ttc + r.fees_ttc_eur), s
            assert r.heating_need_kwh == pytest.approx(
                rehab.simulate(out.house).heating_need_kwh
            ), s


def test_bbc_reaches_a_or_b(table):
    r = table.loc["bbc-renovation"]
    assert r.dpe_class in ("A", "B") and r.bbc_renovation_2024
    assert r.cep_kwhep_m2 < 110 and r.eges_kgco2e_m2 < 11


def test_ventilation_fans_are_counted(table, coron):
    # balanced 60 m³/h at 0.5 W/(m³/h) all year = 262.8 kWh of auxiliaries on top of the 3CL circulators
    after = packages.get("bbc-renovation").apply(coron)
    fans = FAN_POWER_W_PER_M3H["balanced"] * after.ventilation.system_flow(60.0) * 8760 / 1000
    assert fans == pytest.approx(262.8)
    d = labels.dpe(after, "2026-06-01")
    assert table.loc["bbc-renovation", "delivered_kwh"] == pytest.approx(
        sum(d.delivered_kwh.values()) + fans
    )


def test_overheating_with_summer_bypass(table, coron):
    after = packages.get("bbc-renovation").apply(coron)
    assert after.ventilation.heat_recovery == 0.85
    bypassed = after.copy_with(
        ventilation=after.ventilation.copy_with(heat_recovery=0.0).model_dump()
    )
    r = rehab.simulate([after, bypassed])
    # heating need with the heat recovery, overheating hours with it bypassed
    assert table.loc["bbc-renovation", "heating_need_kwh"] == pytest.approx(r.heating_need_kwh[0])
    assert table.loc["bbc-renovation", "overheating_h_above_28"] == pytest.approx(
        r.hours_above_28[1]
    )
    assert r.hours_above_28[1] < r.hours_above_28[0]
    no = assess(coron, ["bbc-renovation"], summer_bypass=False)
    assert no.loc["bbc-renovation", "overheating_h_above_28"] == pytest.approx(r.hours_above_28[0])


def test_maprimerenov_for_bbc(table):
    r = table.loc["bbc-renovation"]
    mpr = next(a for a in r.aids if a["aid"] == "maprimerenov_ampleur")
    # F -> A: 5 classes, ceiling 40,000 EUR HT; modestes 60 % of the works (the fees are not in the base)
    lines = table.attrs["costs"]["bbc-renovation"]
    works_ht = lines.loc[lines["measure"] != "fees", "cost_ht_eur"].sum()
    assert mpr["amount_eur"] == pytest.approx(0.6 * min(works_ht, 40000.0))
    assert "class F -> A" in mpr["reason"]
    # plus Mon Accompagnateur Rénov': 80 % (modestes) of 2,000 EUR TTC
    assert r.subsidies_eur == pytest.approx(mpr["amount_eur"] + 1600.0)
    assert r.loans_value_eur > 0  # éco-PTZ
    aids = table.attrs["aids"]["bbc-renovation"]
    assert [a.aid for a in aids][:2] == ["maprimerenov_ampleur", "mon_accompagnateur_renov"]


def test_heat_pump_only_gets_the_coup_de_pouce(table):
    r = table.loc["heat-pump-only"]
    grants = {a["aid"]: a["amount_eur"] for a in r.aids if a["kind"] == "grant"}
    # modestes: MaPrimeRénov' par geste 4,000 EUR for the air-water heat pump and 800 EUR for
    # the heat-pump water heater of the package, plus the Coup de pouce (old gas boiler
    # replaced; 2026, fiche BAR-TH-171 vA78-4): 90,900 kWh cumac (no ηs given: class 1)
    # x 0.5 (60 m² < 70) x 1.2 (H1) x 5 x 8.34 EUR/MWh cumac = 2,274.318 EUR
    assert grants == pytest.approx({"maprimerenov_geste": 4800.0,
                                    "cee_coup_de_pouce_chauffage": 90_900 * 0.5 * 1.2 * 5 * 8.34 / 1000})
    cdp = next(a for a in r.aids if a["aid"] == "cee_coup_de_pouce_chauffage")
    assert "(60 m²)" in cdp["reason"] and "BAR-TH-171 vA78-4" in cdp["reason"]
    geste = next(a for a in r.aids if a["aid"] == "maprimerenov_geste")
    assert "heat_pump_air_water 4,000" in geste["reason"] and "heat_pump_water_heater 800" in geste["reason"]


def test_moisture_columns(table):
    assert not table["moisture_risk"].any()
    assert table.loc["baseline", "moisture_max_kg_m2"] == 0.0
    assert table.loc["hqe-biosourced", "moisture_max_kg_m2"] == pytest.approx(0.31, abs=0.01)
    assert "wall_front" in table.attrs["moisture"]["heritage"]
    assert "wall_back" not in table.attrs["moisture"]["heritage"]  # insulated from outside there


def test_moisture_risk_is_flagged(coron):
    bad = [{"kind": "internal_wall_insulation", "material": "glass_wool", "thickness": 0.1}]
    t = assess(coron, [bad])
    r = t.iloc[1]
    assert r.moisture_risk and r.moisture_max_kg_m2 == pytest.approx(5.0, abs=0.05)
    assert "0.5 kg/m² limit of DIN 4108-3" in r.moisture_note


# ---------------------------------------------------------------- options


def test_constraint_rows_and_raise():
    house = rehab.archetypes.get("coron-mid-terrace", heritage=True)
    t = assess(house, ["heritage", "bbc-renovation"])
    assert t.loc["heritage", "allowed"] and not t.loc["bbc-renovation", "allowed"]
    assert "heritage" in t.loc["bbc-renovation", "constraint"]
    assert np.isnan(t.loc["bbc-renovation", "npv_eur"])
    with pytest.raises(ConstraintError):
        assess(house, ["bbc-renovation"], on_constraint="raise")
    joule = [{"kind": "heating", "system": "direct-electric", "cost_id": "electric_water_heater"}]
    t2 = assess(
        rehab.archetypes.get("coron-mid-terrace"), [joule], rules=["france", "loos-en-gohelle"]
    )
    assert "loos-en-gohelle/no-direct-electric-heating" in t2.iloc[1].constraint


def test_realistic_mode_uses_usage(coron):
    t = assess(coron, ["attic-only"], mode="realistic")
    c = usage.consumption(coron, mode="realistic", date="2026-06-01")
    assert t.loc["baseline", "delivered_kwh"] == pytest.approx(float(c.final_kwh))
    assert t.loc["baseline", "co2_kg"] == pytest.approx(float(c.co2_kg))
    # prebound: the household uses less than the convention, the DPE class stays conventional
    conv = assess(coron, ["attic-only"], mode="conventional")
    assert t.loc["baseline", "delivered_kwh"] < conv.loc["baseline", "delivered_kwh"]
    assert (t["dpe_class"] == conv["dpe_class"]).all()
    with pytest.raises(InputError, match="realistic"):
        assess(coron, ["attic-only"], mode="conventional", observed={"natural_gas": 12000})


def test_money_defaults_are_realistic_consumption_and_constant_prices(coron):
    t = assess(coron, ["attic-only"])
    st = t.attrs["settings"]
    assert (st["mode"], st["scenario"]) == ("realistic", "constant")
    c = usage.consumption(coron, mode="realistic", date="2026-06-01")
    assert t.loc["baseline", "delivered_kwh"] == pytest.approx(float(c.final_kwh))
    # a carbon-price scenario only raises the fossil bills after 2027: same first-year bill,
    # higher NPV for works that cut gas
    central = assess(coron, ["attic-only"], scenario="central")
    assert central.loc["attic-only", "bill_before_eur"] == pytest.approx(t.loc["attic-only", "bill_before_eur"])
    assert central.loc["attic-only", "npv_eur"] > t.loc["attic-only", "npv_eur"]


def test_calibrated_realistic_mode(coron):
    t = assess(coron, ["attic-only"], mode="realistic", observed={"natural_gas": 12000})
    assert t.loc["baseline", "delivered_natural_gas_kwh"] == pytest.approx(12000.0)
    assert t.loc["attic-only", "delivered_natural_gas_kwh"] < 12000.0


def test_landlords(coron):
    t = assess(coron, ["envelope-light"], owner="social_landlord")
    r = t.loc["envelope-light"]
    # the landlord pays and gets nothing back without a tenant contribution; the tenant saves
    assert r.npv_eur < 0 and r.tenant_npv_eur > 0
    t2 = assess(coron, ["envelope-light"], owner="social_landlord", tenant_contribution=True)
    r2 = t2.loc["envelope-light"]
    assert r2.npv_eur > r.npv_eur and r2.tenant_npv_eur < r.tenant_npv_eur
    assert not any(a["aid"] == "maprimerenov_ampleur" for a in r2.aids)


def test_pv_in_a_user_package(coron):
    t = assess(coron, [[{"kind": "pv", "kwp": 3}]])
    r = t.iloc[1]
    assert r.pv_kwh == pytest.approx(3 * 1058, rel=0.01)  # south slope at 40°
    assert 0.2 < r.pv_self_consumed_kwh / r.pv_kwh < 0.45
    assert r.pv_export_eur == pytest.approx((r.pv_kwh - r.pv_self_consumed_kwh) * 0.04)
    assert any(a["aid"] == "pv_self_consumption_premium" and a["amount_eur"] == 240 for a in r.aids)
    # the self-consumed kWh at the base price and the export revenue come off the bill
    price = finance.tariff("electricity", "2026-06-01", "base").energy_price()
    assert r.savings_eur == pytest.approx(r.pv_self_consumed_kwh * price + r.pv_export_eur)


def test_cost_factor_lowers_the_npv(coron):
    a = assess(coron, ["attic-only"], cost_factor=1.0)
    b = assess(coron, ["attic-only"], cost_factor=1.5)
    assert b.loc["attic-only", "cost_ttc_eur"] == pytest.approx(
        1.5 * a.loc["attic-only", "cost_ttc_eur"]
    )
    assert b.loc["attic-only", "npv_eur"] < a.loc["attic-only", "npv_eur"]


def test_bad_options(coron):
    for kw in (
        {"mode": "dpe"},
        {"owner": "tenant"},
        {"on_constraint": "skip"},
        {"bill_prices": "x"},
        {"cost_factor": -1},
    ):
        with pytest.raises(InputError):
            assess(coron, ["attic-only"], **kw)
    with pytest.raises(InputError, match="unique"):
        assess(coron, ["attic-only", "attic-only"])
    with pytest.raises(InputError, match=r"rehab\.House"):
        assess("coron-mid-terrace")


# ---------------------------------------------------------------- economics


def test_economics_by_hand():
    r = economics([10000.0], [30.0], [2000.0] * 30, [1200.0] * 30, rate=0.0)
    assert r["npv_eur"] == pytest.approx(-10000 + 30 * 800)
    assert r["payback_simple_yr"] == pytest.approx(12.5)
    r5 = economics([10000.0], [30.0], [2000.0] * 30, [1200.0] * 30, rate=0.05)
    annuity = (1 - 1.05**-30) / 0.05
    assert r5["npv_eur"] == pytest.approx(-10000 + 800 * annuity)
    # cost of conserved energy: 10,000 x CRF(5 %, 30) / 5,000 kWh
    r6 = economics(
        [10000.0], [30.0], [2000.0] * 30, [1200.0] * 30, rate=0.05, energy_saved_kwh=5000.0
    )
    assert r6["cce_eur_kwh"] == pytest.approx(10000 / annuity / 5000)


def test_economics_replacements_and_grants():
    # a 15-year component is bought twice in 30 years, with no residual value at year 30
    r = economics([1000.0], [15.0], [500.0] * 30, [400.0] * 30, rate=0.0, grants=300.0)
    assert r["npv_eur"] == pytest.approx(-1000 + 300 - 1000 + 30 * 100)
    assert r["pv_costs_eur"] == pytest.approx(2000.0)


def test_economics_landlord():
    r = economics(
        [10000.0],
        [40.0],
        [2000.0] * 20,
        [1000.0] * 20,
        rate=0.0,
        owner="social_landlord",
        tenant_contribution_eur=500.0,
        contribution_years=15,
    )
    # landlord: -10,000 + 15 x 500 + residual 10,000 x 20/40 at year 20
    assert r["npv_eur"] == pytest.approx(-10000 + 7500 + 5000)
    # tenant: 20 x 1,000 saved - 15 x 500 paid
    assert r["tenant_npv_eur"] == pytest.approx(20000 - 7500)


def test_economics_baseline():
    r = economics([], [], [1000.0] * 10, [1000.0] * 10)
    assert r["npv_eur"] == 0.0 and np.isnan(r["irr"])


# ---------------------------------------------------------------- display and CLI


def test_summary(table):
    s = summary(table)
    assert list(s.index) == list(table.index)
    assert s.loc["baseline", "cep_kwhep_m2"] == round(table.loc["baseline", "cep_kwhep_m2"], 1)
    m = summary(table, ["moisture_max_kg_m2", "irr"])
    assert m.loc["hqe-biosourced", "moisture_max_kg_m2"] == pytest.approx(0.31)
    assert m.loc["bbc-renovation", "irr"] == round(table.loc["bbc-renovation", "irr"], 3)


def test_cli_assess(tmp_path, capsys):
    out = tmp_path / "t.csv"
    pkg = tmp_path / "mine.json"
    pkg.write_text(json.dumps({"name": "mine", "measures": [{"kind": "airtightness", "n50": 6}]}))
    rc = cli_assess("coron-mid-terrace", ["attic-only", str(pkg)], str(out), date="2026-06-01")
    assert rc == 0
    text = capsys.readouterr().out
    assert "dpe_class" in text and "attic-only" in text and "mine" in text
    assert "money: bills on realistic consumption at the 2026-06-01 tariffs, constant price scenario" in text
    df = pd.read_csv(out, index_col=0)
    assert list(df.index) == ["baseline", "attic-only", "mine"]
    aids = json.loads(df.loc["attic-only", "aids"])
    assert isinstance(aids, list) and all({"aid", "amount_eur", "reason"} <= set(a) for a in aids)
    with pytest.raises(InputError, match="does not exist"):
        cli_assess("coron-mid-terrace", [str(tmp_path / "none.json")])


# ---------------------------------------------------------------- bills by use and by carrier

_USES = [f"bill_{p}_eur" for p in (*finance.BILL_PARTS, "pv")]


def test_bill_split_by_use_and_carrier_adds_up(coron):
    t = assess(coron, ["attic-only", "heat-pump-only", "bbc-renovation"], date="2026-06-01")
    carriers = [c for c in t.columns if c.startswith("bill_") and c[5:-4] in finance.carriers()]
    assert carriers == ["bill_electricity_eur", "bill_natural_gas_eur"]
    np.testing.assert_allclose(t[_USES].sum(axis=1), t["bill_after_eur"], rtol=1e-12)
    np.testing.assert_allclose(t[[*carriers, "bill_pv_eur"]].sum(axis=1), t["bill_after_eur"], rtol=1e-12)
    assert t.attrs["units"]["bill_heating_eur"] == "EUR/yr"
    assert t.attrs["units"]["bill_natural_gas_eur"] == "EUR/yr"
    # each carrier's bill is that carrier's tariff on its delivered energy
    base = t.loc["baseline"]
    gas = finance.annual_bill({"natural_gas": base.delivered_natural_gas_kwh}, "2026-06-01")
    assert base.bill_natural_gas_eur == pytest.approx(gas.total_eur)
    # insulating the attic lowers the heating bill only; dhw, lighting and subscriptions stay
    attic = t.loc["attic-only"]
    assert attic.bill_heating_eur < base.bill_heating_eur
    for c in ("bill_dhw_eur", "bill_lighting_eur", "bill_subscriptions_eur"):
        assert attic[c] == pytest.approx(base[c])
    # a heat pump ends the gas contract: no gas bill, one electricity subscription at 9 kVA
    hp = t.loc["heat-pump-only"]
    assert hp.bill_natural_gas_eur == 0.0
    el9 = finance.tariff("electricity", "2026-06-01", "base", kva=9)
    assert hp.bill_subscriptions_eur == pytest.approx(el9.subscription_eur_per_yr)


def test_bill_split_credits_pv(coron):
    t = assess(coron, [[{"kind": "pv", "kwp": 3}]], date="2026-06-01")
    r = t.iloc[1]
    price = finance.tariff("electricity", "2026-06-01", "base").energy_price()
    assert r.bill_pv_eur == pytest.approx(-(r.pv_self_consumed_kwh * price + r.pv_export_eur))
    assert r[_USES].sum() == pytest.approx(r.bill_after_eur)
    assert t.iloc[0].bill_pv_eur == 0.0


def test_bill_split_with_dpe_prices(coron):
    t = assess(coron, ["bbc-renovation"], bill_prices="dpe")
    assert (t["bill_subscriptions_eur"] == 0).all()
    np.testing.assert_allclose(t[_USES].sum(axis=1), t["bill_after_eur"], rtol=1e-12)
