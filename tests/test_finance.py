"""Tests of rehab.finance: tariffs, bills, escalation, investment metrics, landlord view."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from scipy.optimize import brentq

from rehab import finance
from rehab.errors import InputError, UnknownNameError

# ---------------------------------------------------------------- tariffs


def test_trve_february_2026_values():
    # TRVE 1 Feb 2026 Base 0.19398 EUR/kWh up to 6 kVA, 0.19266 from 9 kVA; subscriptions
    # 3/6/9/12/15 kVA 144.50/188.20/235.90/281.50/323.90 EUR/yr; HP 0.2065, HC 0.1579
    t = finance.tariff("electricity", "2026-02-01")
    assert t.energy_eur_per_kwh["energy"] == pytest.approx(0.19398)
    assert t.subscription_eur_per_yr == pytest.approx(188.20)
    for kva, price, sub in [(3, 0.19398, 144.50), (9, 0.19266, 235.90), (12, 0.19266, 281.50), (15, 0.19266, 323.90)]:
        tk = finance.tariff("electricity", "2026-02-01", kva=kva)
        assert tk.energy_eur_per_kwh["energy"] == pytest.approx(price)
        assert tk.subscription_eur_per_yr == pytest.approx(sub)
    # before 1 Feb 2026: the band-free Base price and the Aug 2025 subscriptions
    old = finance.tariff("electricity", "2026-01-15", kva=9)
    assert old.energy_eur_per_kwh["energy"] == pytest.approx(0.1952)
    assert old.subscription_eur_per_yr == pytest.approx(232.6)
    h = finance.tariff("electricity", "2026-02-01", "hphc")
    assert h.energy_eur_per_kwh == pytest.approx({"energy_hp": 0.2065, "energy_hc": 0.1579})
    assert h.subscription_eur_per_yr == pytest.approx(188.89)


def test_tariffs_are_picked_by_date():
    assert finance.tariff("electricity", "2026-01-31").energy_eur_per_kwh[
        "energy"
    ] == pytest.approx(0.1952)
    assert finance.tariff("electricity", dt.date(2026, 2, 1)).energy_eur_per_kwh[
        "energy"
    ] == pytest.approx(0.19398)
    # a bare year means 1 July
    assert finance.tariff("electricity", 2026).valid_from["energy"] == dt.date(2026, 2, 1)
    with pytest.raises(InputError, match="before the first"):
        finance.tariff("natural_gas", "2020-01-01")


def test_gas_reference_price_and_subscription():
    # CRE prix repère January 2026: 0.10192 EUR/kWh + 343.90 EUR/yr
    g = finance.tariff("natural_gas", "2026-03-01")
    assert g.energy_eur_per_kwh["energy"] == pytest.approx(0.10192)
    assert g.subscription_eur_per_yr == pytest.approx(343.90)


def test_other_carriers_have_dated_prices_with_sources():
    for c in finance.carriers():
        t = finance.tariff(c, "2026-07-01")
        assert all(s for s in t.sources.values())
    # fuel oil: 1,116 EUR per 1,000 L at 10 kWh/L
    assert finance.tariff("fuel_oil", 2026).energy_price() == pytest.approx(1116 / 1000 / 10)
    # pellets: 323.6 EUR/t at 4,600 kWh/t
    assert finance.tariff("wood_pellets", 2026).energy_price() == pytest.approx(
        323.6 / 4600, abs=1e-4
    )


def test_tariff_errors():
    with pytest.raises(UnknownNameError, match="natural_gas"):
        finance.tariff("gas")
    with pytest.raises(UnknownNameError):
        finance.tariff("electricity", 2026, "tempo")
    with pytest.raises(InputError, match="kVA"):
        finance.tariff("electricity", 2026, kva=7)
    with pytest.raises(InputError):
        finance.tariff("electricity", "yesterday")


# ---------------------------------------------------------------- bills


def test_bill_hand_calculation_and_subscription_dropped():
    b = finance.annual_bill(
        {"natural_gas": [12000.0, 0.0], "electricity": [2500.0, 4000.0]}, "2026-06-01"
    )
    # house 1: 12000 x 0.10192 + 343.90 + 2500 x 0.19398 + 188.20
    # house 2: gas abandoned -> no gas subscription; 4000 x 0.19398 + 188.20
    np.testing.assert_allclose(
        b.total_eur,
        [12000 * 0.10192 + 343.90 + 2500 * 0.19398 + 188.20, 4000 * 0.19398 + 188.20],
    )
    # 6 and 9 kVA houses in one call pay their own band's energy price
    k = finance.annual_bill({"electricity": [4000.0, 4000.0]}, "2026-06-01", kva=[6, 9])
    np.testing.assert_allclose(k.total_eur, [4000 * 0.19398 + 188.20, 4000 * 0.19266 + 235.90])
    np.testing.assert_allclose(b.subscription_eur["natural_gas"], [343.90, 0.0])
    np.testing.assert_allclose(b.energy_eur["natural_gas"], [1223.04, 0.0])


def test_bill_hphc_and_kva_per_house():
    b = finance.annual_bill(
        {"electricity": [6000.0, 6000.0]}, "2026-06-01", option="hphc", kva=[6, 9], hc_share=0.4
    )
    price = 0.4 * 0.1579 + 0.6 * 0.2065
    subs9 = finance.tariff("electricity", "2026-06-01", "hphc", kva=9).subscription_eur_per_yr
    np.testing.assert_allclose(b.total_eur, [6000 * price + 188.89, 6000 * price + subs9])


def test_conventional_mode_uses_dpe_costs():
    # arrêté 31 Mar 2021 annex 7: gas 230 + 0.06533 C for 5009 <= C < 50055;
    # electricity 122 + 0.15176 C for 2500 <= C < 5000
    b = finance.annual_bill({"natural_gas": 12000.0, "electricity": 3000.0}, mode="conventional")
    assert b.total_eur == pytest.approx(230 + 0.06533 * 12000 + 122 + 0.15176 * 3000)
    assert finance.conventional_cost("electricity", 800.0) == pytest.approx(0.29007 * 800)
    assert finance.conventional_cost("wood_logs", 10000.0) == pytest.approx(320.1)
    assert finance.conventional_cost("natural_gas", 0.0) == 0.0


def test_bill_input_errors():
    with pytest.raises(InputError):
        finance.annual_bill({"electricity": -5.0})
    with pytest.raises(InputError):
        finance.annual_bill({"electricity": float("nan")})
    with pytest.raises(UnknownNameError):
        finance.annual_bill({"gas": 100.0})
    with pytest.raises(InputError):
        finance.annual_bill({"electricity": 100.0}, mode="dpe")


def test_bill_batch_equals_singles():
    gas = np.array([0.0, 5000.0, 15000.0])
    el = np.array([7000.0, 3000.0, 2000.0])
    batch = finance.annual_bill({"natural_gas": gas, "electricity": el}, 2026).total_eur
    singles = [
        finance.annual_bill({"natural_gas": g, "electricity": e}, 2026).total_eur
        for g, e in zip(gas, el, strict=True)
    ]
    np.testing.assert_allclose(batch, singles)


# ---------------------------------------------------------------- escalation


def test_escalation_scenarios_and_horizon_bills():
    assert finance.scenarios() == ["central", "constant", "high", "low"]
    assert finance.PRICE_SCENARIO == "constant"
    assert finance.escalation_rate("natural_gas", "central") == 0.0
    assert finance.escalation_rate("natural_gas", "high") == pytest.approx(0.01)
    base = 10000 * 0.10192 + 343.90
    # default: constant real prices, no carbon price
    np.testing.assert_allclose(finance.bills_over_horizon({"natural_gas": 10000.0}, 3), [base] * 3)
    # central: ETS2 from 2028 at 50 EUR/t, 75 in 2029, 100 from 2030; 0.202 kgCO2/kWh, VAT 20 %
    bills = finance.bills_over_horizon({"natural_gas": 10000.0}, 5, date=2026, scenario="central")
    carbon = [0.0, 50.0, 75.0, 100.0, 100.0]
    np.testing.assert_allclose(bills, [base + 10000 * 0.202 * p / 1000 * 1.2 for p in carbon])
    # high: +1 %/yr real and 60 -> 130 EUR/t
    high = finance.bills_over_horizon({"natural_gas": 10000.0}, 3, date=2026, scenario="high")
    np.testing.assert_allclose(high, [base, base * 1.01 + 10000 * 0.202 * 0.060 * 1.2, base * 1.01**2 + 10000 * 0.202 * 0.095 * 1.2])
    # low: 45 EUR/t held; electricity and wood carry no carbon price
    low = finance.bills_over_horizon({"electricity": 3000.0, "wood_pellets": 5000.0}, 4, scenario="low")
    np.testing.assert_allclose(low, low[:, :1] * np.ones(4) if low.ndim == 2 else [low[0]] * 4)
    assert finance.ets2_price(2040, "low") == pytest.approx(45.0)
    assert finance.ets2_carbon_cost("fuel_oil", 2035, "central") == pytest.approx(0.267 * 0.1 * 1.2)
    flat = finance.bills_over_horizon(
        {"natural_gas": [10000.0, 0.0], "electricity": 3000.0}, 30, scenario="constant"
    )
    assert flat.shape == (2, 30)
    np.testing.assert_allclose(flat[1], 3000 * 0.19398 + 188.20)
    with pytest.raises(UnknownNameError):
        finance.escalation_rate("natural_gas", "extreme")


# ---------------------------------------------------------------- NPV / IRR / payback


def test_npv_hand_cases():
    # -1000 + 600/1.05 + 600/1.05^2 = 115.6463
    assert finance.npv([-1000.0, 600.0, 600.0], 0.05) == pytest.approx(115.6463, abs=1e-4)
    # default rate 3.2 %: -100 + 103.2/1.032 = 0
    assert finance.npv([-100.0, 103.2]) == pytest.approx(0.0, abs=1e-12)
    assert abs(finance.DISCOUNT_RATE - 0.032) < 1e-15
    out = finance.npv(np.array([[-100.0, 110.0], [-100.0, 121.0]]), [0.10, 0.10])
    np.testing.assert_allclose(out, [0.0, 10.0], atol=1e-12)


def test_irr_hand_cases():
    assert finance.irr([-100.0, 110.0]) == pytest.approx(0.10)
    # -1000 + 600 x + 600 x^2 = 0 -> x = (-600 + sqrt(600^2 + 4*600*1000)) / 1200
    x = (-600 + np.sqrt(600**2 + 4 * 600 * 1000)) / 1200
    assert finance.irr([-1000.0, 600.0, 600.0]) == pytest.approx(1 / x - 1, rel=1e-10)
    assert np.isnan(finance.irr([100.0, 50.0]))
    assert np.isnan(finance.irr([-100.0, -50.0]))
    assert np.isnan(finance.irr([0.0, 0.0]))


def test_irr_vectorised_equals_brentq():
    rng = np.random.default_rng(1)
    cf = np.zeros((200, 31))
    cf[:, 0] = -rng.uniform(5000, 50000, 200)
    cf[:, 1:] = rng.uniform(100, 3000, (200, 1))
    out = finance.irr(cf)
    for i in range(0, 200, 20):
        ref = brentq(lambda r, c=cf[i]: finance.npv(c, r), -0.95, 10.0, xtol=1e-14)
        assert out[i] == pytest.approx(ref, abs=1e-9)
    # rows without a sign change give NaN, the others a root
    cf[5, 1:] = -1.0
    out = finance.irr(cf)
    assert np.isnan(out[5]) and np.isfinite(np.delete(out, 5)).all()


def test_payback():
    # simple: 10,000 / 800 = 12.5 yr; never paid back -> NaN
    assert finance.simple_payback(10000.0, 800.0) == pytest.approx(12.5)
    assert np.isnan(finance.simple_payback(10000.0, 0.0))
    # cumulative -1000, -600, -200, +200 -> 2 + 200/400 = 2.5
    assert finance.payback([-1000.0, 400.0, 400.0, 400.0]) == pytest.approx(2.5)
    # discounted at 5 %: -1000, -619.05, -256.24, +89.30 -> 2 + 256.24/345.54
    d = np.array([400 / 1.05, 400 / 1.05**2, 400 / 1.05**3])
    expect = 2 + (1000 - d[0] - d[1]) / d[2]
    assert finance.discounted_payback([-1000.0, 400.0, 400.0, 400.0], 0.05) == pytest.approx(expect)
    assert np.isnan(finance.payback([-1000.0, 100.0, 100.0]))
    assert finance.payback([0.0, 100.0]) == 0.0
    batch = finance.payback(np.array([[-1000.0, 400.0, 400.0, 400.0], [-1000.0, 1000.0, 0, 0]]))
    np.testing.assert_allclose(batch, [2.5, 1.0])


def test_crf_cce_and_co2_cost():
    crf = 0.05 / (1 - 1.05**-20)
    assert finance.capital_recovery_factor(0.05, 20) == pytest.approx(crf)
    assert finance.capital_recovery_factor(0.0, 25) == pytest.approx(0.04)
    # CCE = 10,000 x CRF / 5,000 kWh
    assert finance.cost_of_conserved_energy(
        10000.0, 5000.0, rate=0.05, lifetime_years=20
    ) == pytest.approx(10000 * crf / 5000)
    assert np.isnan(finance.cost_of_conserved_energy(10000.0, 0.0))
    # CO2 cost = (10,000 x CRF - 500) / 2 t
    assert finance.co2_abatement_cost(
        10000.0, 500.0, 2000.0, rate=0.05, lifetime_years=20
    ) == pytest.approx((10000 * crf - 500) / 2)
    # a measure that saves money has a negative abatement cost
    assert finance.co2_abatement_cost(1000.0, 500.0, 1000.0) < 0


def test_replacement_schedule_and_residual_value():
    s = finance.replacement_schedule([15, 40, 17, np.nan], 30)
    assert s.shape == (4, 31)
    # lifetime 15 over 30 yr: bought at 0 and 15, nothing left at 30
    np.testing.assert_allclose(np.nonzero(s[0])[0], [0, 15])
    assert s[0, 30] == 0.0
    # lifetime 40: bought once, 10/40 of its life left at year 30
    assert s[1, 30] == pytest.approx(-10 / 40)
    # lifetime 17: bought at 0 and 17, 4/17 left at year 30
    assert s[2, 17] == 1.0 and s[2, 30] == pytest.approx(-4 / 17)
    # a service (no lifetime): bought once, no residual
    np.testing.assert_allclose(s[3], np.r_[1.0, np.zeros(30)])
    no_res = finance.replacement_schedule([40], 30, residual_value=False)
    assert no_res[0, 30] == 0.0
    with pytest.raises(InputError):
        finance.replacement_schedule([0.0], 30)


def test_project_cashflows_hand_case():
    cf = finance.project_cashflows([10000.0, 4000.0], [40, 17], 900.0, horizon=30, subsidies=3000.0)
    assert cf[0] == pytest.approx(-14000 + 3000)
    assert cf[1] == pytest.approx(900.0)
    assert cf[17] == pytest.approx(900 - 4000)
    assert cf[30] == pytest.approx(900 + 10000 * 10 / 40 + 4000 * 4 / 17)
    # per-house batch (n, k) and savings (n,)
    batch = finance.project_cashflows(
        np.array([[10000.0, 4000.0], [5000.0, 0.0]]), [40, 17], np.array([900.0, 300.0])
    )
    assert batch.shape == (2, 31)
    np.testing.assert_allclose(batch[0], cf - np.r_[3000.0, np.zeros(30)])
    # savings given per year
    yearly = finance.project_cashflows([1000.0], [40], np.arange(1.0, 31.0), horizon=30)
    assert yearly[5] == pytest.approx(5.0)


# ---------------------------------------------------------------- landlord and tenant


def test_tenant_contribution_rules():
    # art. 23-1 loi 89-462 / L442-3 CCH: at most half the estimated saving, 15 years
    assert finance.tenant_contribution(600.0) == (pytest.approx(300.0), 15)
    # décret 2009-1439, private, pre-1948: 10 / 15 / 20 EUR per month by main rooms
    amounts, years = finance.tenant_contribution(
        [600.0, 600.0, 600.0], sector="private", built_before_1948=True, main_rooms=[1, 3, 5]
    )
    np.testing.assert_allclose(amounts, [120.0, 180.0, 240.0])
    assert years == 15
    with pytest.raises(InputError, match="main_rooms"):
        finance.tenant_contribution(600.0, sector="private", built_before_1948=True)


def test_landlord_view_hand_case():
    v = finance.landlord_view(
        20000.0, 800.0, horizon=20, rate=0.0, tenant_contribution_eur_per_yr=400.0
    )
    # landlord: -20,000 + 15 x 400; tenant: 20 x 800 - 15 x 400
    assert v.landlord_npv == pytest.approx(-20000 + 15 * 400)
    assert v.tenant_npv == pytest.approx(20 * 800 - 15 * 400)
    assert v.landlord_cashflows.shape == (21,)
    assert v.landlord_cashflows[16] == 0.0 and v.landlord_cashflows[15] == pytest.approx(400.0)
    with pytest.raises(InputError, match="15 years"):
        finance.landlord_view(1.0, 1.0, contribution_years=20)
    batch = finance.landlord_view(np.array([20000.0, 10000.0]), np.array([800.0, 500.0]))
    assert np.shape(batch.landlord_npv) == (2,)


def test_metrics_on_a_programme_sized_batch():
    """NPV, IRR and payback of many scenarios at once (one array call each; their speed on
    23,000 × 8 rows is measured in benchmarks/, not asserted here: machines are noisy)."""
    rng = np.random.default_rng(0)
    n = 2300 * 8
    cf = np.empty((n, 31))
    cf[:, 0] = -rng.uniform(10000, 90000, n)
    cf[:, 1:] = rng.uniform(200, 4000, (n, 1))
    v = finance.npv(cf)
    r = finance.irr(cf)
    p = finance.discounted_payback(cf)
    assert v.shape == r.shape == p.shape == (n,)
    np.testing.assert_allclose(finance.npv(cf[:50], r[:50]), 0.0, atol=1e-6)


# ---------------------------------------------------------------- bill split by use and carrier

_SPLIT = {
    ("natural_gas", "heating"): np.array([9000.0, 0.0, 5000.0]),
    ("natural_gas", "dhw"): np.array([3000.0, 0.0, 0.0]),
    ("electricity", "heating"): np.array([0.0, 4000.0, 0.0]),
    ("electricity", "auxiliaries"): np.array([500.0, 800.0, 0.0]),
    ("electricity", "lighting"): np.array([0.0, 300.0, 0.0]),
}


def _by_carrier(split):
    out: dict[str, np.ndarray] = {}
    for (c, _u), v in split.items():
        out[c] = out.get(c, 0.0) + v
    return out


@pytest.mark.parametrize("scenario", ["constant", "central", "high"])
@pytest.mark.parametrize("mode", ["realistic", "conventional"])
@pytest.mark.parametrize("year", [1, 3, 12])
def test_bill_split_adds_up_to_the_bill_of_that_year(scenario, mode, year):
    kva = np.array([6, 9, 6])
    use, carrier = finance.bill_split(_SPLIT, "2026-06-01", year=year, scenario=scenario, kva=kva, mode=mode)
    total = finance.bills_over_horizon(
        _by_carrier(_SPLIT), year, date="2026-06-01", scenario=scenario, kva=kva, mode=mode
    )[:, -1]
    assert set(use) == set(finance.BILL_PARTS)
    np.testing.assert_allclose(sum(use.values()), total, rtol=1e-12)
    np.testing.assert_allclose(sum(carrier.values()), total, rtol=1e-12)
    assert (use["subscriptions"] == 0).all() if mode == "conventional" else (use["subscriptions"] > 0).all()


def test_bill_split_by_hand():
    """Energy parts at the carrier's price per kWh, subscriptions apart, none without consumption."""
    use, carrier = finance.bill_split(_SPLIT, "2026-06-01", kva=6)
    gas = finance.tariff("natural_gas", "2026-06-01")
    el = finance.tariff("electricity", "2026-06-01", "base", kva=6)
    np.testing.assert_allclose(use["heating"], [9000 * gas.energy_price(), 4000 * el.energy_price(), 5000 * gas.energy_price()])
    np.testing.assert_allclose(use["dhw"], [3000 * gas.energy_price(), 0.0, 0.0])
    np.testing.assert_allclose(use["auxiliaries"], [500, 800, 0] * np.asarray(el.energy_price()))
    subs = [gas.subscription_eur_per_yr + el.subscription_eur_per_yr, el.subscription_eur_per_yr,
            gas.subscription_eur_per_yr]
    np.testing.assert_allclose(use["subscriptions"], subs)
    np.testing.assert_allclose(carrier["natural_gas"], [12000 * gas.energy_price() + gas.subscription_eur_per_yr, 0.0,
                                                        5000 * gas.energy_price() + gas.subscription_eur_per_yr])
    assert use["cooling"].tolist() == [0.0, 0.0, 0.0]


def test_bill_split_carries_the_ets2_cost_on_the_fossil_uses():
    """Year 2 of 2026 is 2028: the gas kWh carry the ETS2 cost, the electricity kWh do not."""
    split = {("natural_gas", "heating"): 10000.0, ("electricity", "lighting"): 1000.0}
    flat, _ = finance.bill_split(split, "2026-06-01", year=2)
    ets, _ = finance.bill_split(split, "2026-06-01", year=2, scenario="central")
    extra = 10000.0 * finance.ets2_carbon_cost("natural_gas", 2028, "central")
    assert extra > 0
    assert ets["heating"] == pytest.approx(flat["heating"] + extra)
    assert ets["lighting"] == pytest.approx(flat["lighting"])


def test_bill_split_conventional_shares_the_dpe_cost_by_kwh():
    split = {("natural_gas", "heating"): 9000.0, ("natural_gas", "dhw"): 3000.0}
    use, carrier = finance.bill_split(split, mode="conventional")
    assert carrier["natural_gas"] == pytest.approx(finance.conventional_cost("natural_gas", 12000.0))
    assert use["heating"] == pytest.approx(0.75 * carrier["natural_gas"])
    assert use["subscriptions"] == 0.0


def test_bill_split_refuses_an_unknown_use():
    with pytest.raises(UnknownNameError, match="appliances"):
        finance.bill_split({("electricity", "appliances"): 100.0})
