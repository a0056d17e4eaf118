"""rehab.programme: a stock × packages at stock scale, equal to rehab.assess house by house."""

import io
import json
import math
import sys

import numpy as np
import pandas as pd
import pytest

import rehab
from rehab import stock as stock_mod
from rehab.assessment import assess
from rehab.errors import InputError, MissingExtraError, UnknownNameError
from rehab.programme import (
    COLUMNS,
    OBJECTIVES,
    Programme,
    ProgrammeResult,
    economics_rows,
    synthetic_stock,
)

PRESETS = [
    "attic-only",
    "envelope-light",
    "heat-pump-only",
    "heritage",
    "hqe-biosourced",
    "bbc-renovation",
]
# demo rows: heritage corons (end and mid terrace, old gas and electric), cité pavillonnaire
# (social, heritage and private landlord), cité-jardin, cité moderne, Castors (fuel oil, wood, gas)
DEMO_ROWS = [0, 1, 61, 170, 205, 245, 250, 300, 349]


def _income(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


@pytest.fixture(scope="module")
def demo():
    return stock_mod.demo()


@pytest.fixture(scope="module")
def exact(demo):
    """Nine demo dwellings, every preset, no binning."""
    return Programme(demo.table.iloc[DEMO_ROWS], PRESETS, resolution=None).run(progress=False)


# ---------------------------------------------------------------- equal to assess


def _assert_row_equals_assess(p: pd.DataFrame, a: pd.DataFrame, house_id: str) -> int:
    checked = 0
    for c in a.columns:
        if c == "aids":
            continue
        assert c in p.columns, c
        for s in a.index:
            x, y = a.loc[s, c], p.loc[s, c]
            if isinstance(x, (float, np.floating)):
                if np.isnan(x):
                    assert pd.isna(y), (house_id, s, c, y)
                else:
                    assert y == pytest.approx(x, rel=1e-6, abs=1e-9), (house_id, s, c)
            elif pd.isna(x):
                assert pd.isna(y), (house_id, s, c, y)
            else:
                assert x == y, (house_id, s, c, x, y)
            checked += 1
    return checked


def test_every_column_equals_assess_house_by_house(demo, exact):
    checked = 0
    for i in DEMO_ROWS:
        row = demo.table.iloc[i]
        a = assess(demo.house(i), PRESETS, owner=row["owner"], income=_income(row.get("income")))
        p = exact.table[exact.table["house_id"] == row["id"]].set_index("scenario")
        assert list(p.index) == list(a.index)
        checked += _assert_row_equals_assess(p, a, row["id"])
        # the aids applied, by name and amount
        for s in a.index:
            applied = (
                [d["aid"] for d in a.loc[s, "aids"]] if isinstance(a.loc[s, "aids"], list) else []
            )
            got = exact.aids(row["id"], s)
            assert got["aid"].tolist() == applied, (row["id"], s)
            if applied:
                assert got["amount_eur"].sum() == pytest.approx(
                    sum(d["amount_eur"] for d in a.loc[s, "aids"])
                )
    assert checked > 9 * 7 * 40


def test_realistic_mode_equals_assess(demo):
    # a Castors house on gas with an observed gas consumption: calibrated, carried to the packages
    t = demo.table.iloc[[244]].copy()
    assert t["heating"].iloc[0].startswith("gas")
    t["observed_carrier"] = "natural_gas"
    t["observed_kwh"] = 15000.0
    res = Programme(t, ["attic-only", "bbc-renovation"], mode="realistic", resolution=None).run(
        progress=False
    )
    p = res.table.set_index("scenario")
    a = assess(
        stock_mod.Stock.from_records(t.to_dict("records")).house(0),
        ["attic-only", "bbc-renovation"],
        mode="realistic",
        observed={"natural_gas": 15000.0},
        owner="owner_occupier",
        income=t["income"].iloc[0],
    )
    _assert_row_equals_assess(p, a, "LG-0245")
    assert p.loc["baseline", "delivered_natural_gas_kwh"] == pytest.approx(15000.0)


def test_table_shape_and_columns(exact):
    t = exact.table
    assert len(t) == 9 * 7
    assert list(t["scenario"].iloc[:7]) == ["baseline", *PRESETS]
    contract = [
        "house_id", "scenario", "allowed", "constraint", "archetype", "owner", "income", "street", "cite",
        "floor_area_m2", "heating_need_kwh", "heating_need_kwh_m2", "heating_need_3cl_kwh", "delivered_kwh",
        "primary_kwh", "cep_kwhep_m2", "eges_kgco2e_m2", "co2_kg", "dpe_class", "bbc_renovation_2024",
        "bbc_first_step_c", "rental_allowed", "rental_deadline", "cost_ht_eur", "cost_ttc_eur", "subsidies_eur",
        "public_subsidies_eur", "net_cost_eur", "bill_before_eur", "bill_after_eur", "savings_eur", "savings_kwh",
        "npv_eur", "irr", "payback_simple_yr", "payback_discounted_yr", "cost_conserved_energy_eur_kwh",
        "co2_abatement_eur_t", "overheating_h_above_28", "moisture_risk",
    ]  # fmt: skip
    for c in contract:
        assert c in t.columns, c
    assert "delivered_natural_gas_kwh" in t.columns and "delivered_fuel_oil_kwh" in t.columns
    per_carrier = {f"{k}_{c}_{u}" for c in rehab.finance.carriers() for k, u in (("delivered", "kwh"), ("bill", "eur"))}
    assert set(t.columns) <= set(COLUMNS) | per_carrier
    assert "bill_natural_gas_eur" in t.columns and "bill_fuel_oil_eur" in t.columns
    # refused packages name the dwelling (heritage corons: no external insulation on the street façade)
    refused = t[~t["allowed"]]
    assert set(refused["scenario"]) == {"bbc-renovation"}
    for _, r in refused.iterrows():
        assert f"house {r['house_id']!r} is a heritage house" in r["constraint"]
        assert math.isnan(r["npv_eur"]) and r["floor_area_m2"] > 0
    # the rental deadline: class F banned from 2028, G from 2025 (already banned at the study date)
    base = t[t["scenario"] == "baseline"]
    for _, r in base.iterrows():
        if r["dpe_class"] == "F":
            assert r["rental_deadline"].isoformat() == "2028-01-01" and r["rental_allowed"]
        if r["dpe_class"] == "G":
            assert r["rental_deadline"] is None and not r["rental_allowed"]
    # public share: every grant of the presets is paid by the State or the CEE obligation
    ok = t["allowed"]
    np.testing.assert_allclose(t.loc[ok, "public_subsidies_eur"], t.loc[ok, "subsidies_eur"])
    assert (t.loc[ok, "subsidies_eur"] > 0).any()
    assert exact.houses.index.name == "house_id" and len(exact.houses) == 9
    assert exact.settings["resolution"] is None and exact.settings["packages"] == PRESETS


# ---------------------------------------------------------------- work shared


def _rows(records):
    return pd.DataFrame.from_records(records)


def test_work_counts():
    """What one chunk computes: one thermal model per dwelling and thermal scenario, one engine call."""
    base = {
        "archetype": "coron-mid-terrace",
        "azimuth": 90,
        "owner": "social_landlord",
        "heating": "gas-boiler-old",
    }
    recs = [dict(base, id=f"a{i}", floor_area=60.0) for i in range(6)]  # six identical corons
    recs += [dict(base, id="b1", floor_area=60.1), dict(base, id="b2", floor_area=59.9)]
    recs += [dict(base, id="c1", floor_area=70.0, heating="direct-electric")]  # another system
    recs += [dict(base, id="d1", floor_area=60.0, azimuth=92.0)]
    pk = ["attic-only", "heat-pump-only", "bbc-renovation"]
    res = Programme(_rows(recs), pk).run(progress=False)
    st = res.stats
    assert st["houses"] == 10
    assert st["units"] == 10 * 4  # dwelling x (baseline + 3 packages)
    # heat-pump-only changes systems only: it shares the baseline's thermal model
    assert st["thermal_units"] == 10 * 3
    # bbc-renovation has balanced ventilation: once more with the heat recovery bypassed (summer)
    assert st["simulated"] == 10 * 3 + 10
    assert len(res.table) == 10 * 4
    # rounding the inputs makes the identical dwellings one variant (for the report of variants)
    assert len(Programme(_rows(recs), pk, resolution={"floor_area": 0.5, "azimuth": 5.0}).variants()) == 2
    assert len(Programme(_rows(recs), pk).variants()) == 5


def test_rounding_azimuths_changes_the_heating_need_by_less_than_one_percent(demo):
    """``resolution`` rounds the inputs; 5° of azimuth moves the heating need well below 1 %."""
    rng = np.random.default_rng(7)
    t = demo.table.iloc[::9].copy()
    t["floor_area"] = t["floor_area"] + rng.uniform(-0.9, 0.9, len(t))
    t["azimuth"] = (t["azimuth"] + rng.uniform(-7.0, 7.0, len(t))) % 360
    pk = ["attic-only", "bbc-renovation"]
    binned = Programme(t, pk, resolution={"azimuth": 5.0}).run(progress=False).table
    exact = Programme(t, pk).run(progress=False).table
    ok = exact["allowed"].to_numpy()
    for c in ("heating_need_kwh", "heating_need_3cl_kwh", "delivered_kwh"):
        rel = np.abs(binned[c] - exact[c])[ok] / exact[c][ok].abs().clip(lower=1e-9)
        assert rel.max() < 0.01, c
    # the floor area is the dwelling's own: only the azimuth was rounded
    np.testing.assert_allclose(binned["floor_area_m2"], np.repeat(t["floor_area"].to_numpy(), 3), rtol=1e-12)
    # a rounded dwelling is computed exactly as the dwelling of the rounded size
    half = Programme(t.iloc[:2], pk, resolution={"floor_area": 0.5}).run(progress=False).table
    expected = np.repeat(np.round(t["floor_area"].to_numpy()[:2] / 0.5) * 0.5, 3)
    np.testing.assert_allclose(half["floor_area_m2"], expected, rtol=1e-12)


# ---------------------------------------------------------------- stock errors


BAD_CSV = """id,archetype,owner,income,azimuth,floor_area,heating,dhw,observed_carrier,observed_kwh
g1,coron-mid-terrace,social_landlord,,90,60,gas-boiler-old,dhw-gas-boiler,,
b1,coron-mid-terrace,social_landlord,,90,-5,gas-boiler-old,dhw-gas-boiler,,
g2,castors-detached,owner_occupier,modestes,180,80,fuel-oil-boiler,dhw-electric-tank,,
b2,castle,owner_occupier,modestes,180,80,,,,
g3,castors-detached,owner_occupier,tres_modestes,0,81,gas-boiler-old,dhw-gas-boiler,fuel_oil,9000
"""


def test_bad_rows_reported_good_rows_run(tmp_path):
    path = tmp_path / "stock.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    res = Programme(path, ["attic-only"], mode="conventional").run(progress=False)
    assert list(pd.unique(res.table["house_id"])) == ["g1", "g2", "g3"]
    bad = {(e.row, e.column) for e in res.errors}
    assert {(3, "floor_area"), (5, "archetype")} <= bad
    # realistic mode: g3 observes fuel oil but heats with gas -> reported, the others run
    real = Programme(path, ["attic-only"], mode="realistic").run(progress=False)
    assert list(pd.unique(real.table["house_id"])) == ["g1", "g2"]
    why = [e for e in real.errors if e.value == "g3"]
    assert len(why) == 1 and "fuel_oil" in why[0].reason and why[0].column == "observed_kwh"


# ---------------------------------------------------------------- dask


@pytest.mark.dask
def test_dask_local_cluster_equals_numpy(demo):
    distributed = pytest.importorskip("distributed")
    t = demo.table.iloc[::7]
    prog = Programme(t, ["attic-only", "heritage", "heat-pump-only"])
    a = prog.run(progress=False)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        b = prog.run(backend="dask", client=client, chunk_size=10, progress=False)
    assert b.stats["backend"] == "dask" and b.stats["workers"] == 2 and b.stats["chunks"] > 2
    assert list(a.table.columns) == list(b.table.columns)
    num = [c for c in a.table.columns if a.table[c].dtype.kind == "f"]
    x, y = a.table[num].to_numpy(), b.table[num].to_numpy()
    assert np.array_equal(np.isnan(x), np.isnan(y))
    ok = ~np.isnan(x)
    assert np.max(np.abs(x[ok] - y[ok]) / np.maximum(np.abs(x[ok]), 1e-12)) <= 1e-9
    for c in a.table.columns:
        if c not in num and c != "aid_key":
            assert a.table[c].astype(str).tolist() == b.table[c].astype(str).tolist(), c


def test_pipelined_chunks_equal_one_chunk(demo):
    """In process, each chunk's hourly kernel runs on a worker thread while the next chunk is
    prepared (rehab.programme._pipelined): many small chunks give the table of one chunk, PV
    self-consumption (the kernel's hourly power) and the summer bypass included."""
    from rehab.retrofit import Package, PVInstallation, RoofInsulation

    pv = Package(name="attic-pv", measures=[RoofInsulation(target_r=7), PVInstallation(kwp=3)])
    t = demo.table.iloc[::9]
    prog = Programme(t, ["attic-only", "bbc-renovation", "hqe-biosourced", pv])
    a = prog.run(progress=False, chunk_size=100_000)
    b = prog.run(progress=False, chunk_size=5)
    assert a.stats["chunks"] == 1 and b.stats["chunks"] >= 5
    assert (b.table["pv_kwh"] > 0).any() and (b.table["overheating_h_above_26"] > 0).any()
    pd.testing.assert_frame_equal(a.table.reset_index(drop=True), b.table.reset_index(drop=True),
                                  check_exact=False, rtol=1e-12, check_dtype=False)
    assert b.stats["engine_seconds"] > 0 and b.stats["cpu_seconds_3cl"] > 0


def test_dask_missing_extra_names_the_pip_command(monkeypatch, demo):
    monkeypatch.setitem(
        sys.modules, "distributed", None
    )  # as if dask[distributed] were not installed
    prog = Programme(demo.table.iloc[:2], ["attic-only"])
    with pytest.raises(ImportError, match=r'pip install "rehab\[dask\]"') as exc:
        prog.run(backend="dask", progress=False)
    assert isinstance(exc.value, MissingExtraError)


# ---------------------------------------------------------------- choose and aggregate by hand


@pytest.fixture(scope="module")
def tiny():
    recs = [
        {"id": "h1", "archetype": "coron-mid-terrace", "owner": "social_landlord", "street": "rue A",
         "heating": "gas-boiler-old", "floor_area": 60},
        {"id": "h2", "archetype": "castors-detached", "owner": "owner_occupier", "income": "tres_modestes",
         "street": "rue B", "heating": "fuel-oil-boiler", "dhw": "dhw-electric-tank", "floor_area": 80},
        {"id": "h3", "archetype": "cite-moderne-semi", "owner": "social_landlord", "street": "rue A",
         "heating": "gas-boiler-condensing", "floor_area": 84},
    ]  # fmt: skip
    return Programme(_rows(recs), ["attic-only", "heat-pump-only", "bbc-renovation"]).run(
        progress=False
    )


def _by_hand(t, house, key, ok):
    rows = t[(t["house_id"] == house) & ok]
    return rows.sort_values(key, kind="stable").iloc[0]["scenario"] if len(rows) else "baseline"


def test_choose_by_hand(tiny):
    t = tiny.table
    order = "ABCDEFG"
    rank = t["dpe_class"].map(order.index)
    for target in ("C", "D", "B"):
        ch = tiny.choose("cheapest_reaching", target).set_index("house_id")
        for h in ("h1", "h2", "h3"):
            reach = t["allowed"] & (rank <= order.index(target))
            cost = t["net_cost_eur"].where(t["scenario"] != "baseline", 0.0)
            rows = t[(t["house_id"] == h) & reach].assign(cost=cost)
            want = (
                rows.sort_values("cost", kind="stable").iloc[0]["scenario"]
                if len(rows)
                else "baseline"
            )
            assert ch.loc[h, "scenario"] == want, (target, h)
            assert ch.loc[h, "reaches_target"] == bool(len(rows))
            if not len(rows):
                assert ch.loc[h, "reason"].startswith(f"none reaches class {target}")
    npv = tiny.choose("max_npv").set_index("house_id")
    co2 = tiny.choose("min_co2").set_index("house_id")
    bbc = tiny.choose("cheapest_bbc").set_index("house_id")
    for h in ("h1", "h2", "h3"):
        rows = t[(t["house_id"] == h) & t["allowed"]]
        assert npv.loc[h, "scenario"] == rows.loc[rows["npv_eur"].idxmax(), "scenario"]
        assert co2.loc[h, "scenario"] == rows.loc[rows["co2_kg"].idxmin(), "scenario"]
        ab = rows[rows["dpe_class"].isin(["A", "B"])]
        want = ab.loc[ab["net_cost_eur"].idxmin(), "scenario"] if len(ab) else "baseline"
        assert bbc.loc[h, "scenario"] == want
    # the chosen rows carry their figures (what rehab.planning reads)
    c = tiny.choose("cheapest_reaching", "C")
    assert {"house_id", "scenario", "reason", "cost_ttc_eur", "net_cost_eur", "dpe_class"} <= set(
        c.columns
    )


def test_aggregate_by_hand(tiny):
    t = tiny.table
    ch = tiny.choose("cheapest_reaching", "C")
    agg = tiny.aggregate("owner", ch)
    chosen = t.merge(ch[["house_id", "scenario"]], on=["house_id", "scenario"])
    base = t[t["scenario"] == "baseline"]
    for owner in ("social_landlord", "owner_occupier"):
        b = base[base["owner"] == owner]
        c = chosen[chosen["owner"] == owner]
        treated = c[c["scenario"] != "baseline"]
        r = agg.loc[owner]
        assert r["houses"] == len(b) and r["treated"] == len(treated)
        assert r["cost_ttc_eur"] == pytest.approx(treated["cost_ttc_eur"].sum())
        assert r["subsidies_eur"] == pytest.approx(treated["subsidies_eur"].sum())
        assert r["co2_kg_before"] == pytest.approx(b["co2_kg"].sum())
        assert r["co2_kg_after"] == pytest.approx(c["co2_kg"].sum())
        assert r["cep_before"] == pytest.approx(b["primary_kwh"].sum() / b["floor_area_m2"].sum())
        assert sum(r[f"after_{k}"] for k in "ABCDEFG") == len(b)
    # every scenario for every group, and by street
    allsc = tiny.aggregate(["street"])
    assert allsc.loc[("rue A", "attic-only"), "cost_ttc_eur"] == pytest.approx(
        t[(t["street"] == "rue A") & (t["scenario"] == "attic-only")]["cost_ttc_eur"].sum()
    )
    one = tiny.aggregate("archetype", "heat-pump-only")
    assert one["treated"].sum() == 3


def test_bills_by_use_and_carrier_in_the_table_and_the_aggregates(tiny):
    t = tiny.table
    uses = [f"bill_{p}_eur" for p in (*rehab.finance.BILL_PARTS, "pv")]
    carriers = ["bill_electricity_eur", "bill_fuel_oil_eur", "bill_natural_gas_eur"]
    cols = list(t.columns)
    assert cols[cols.index("bill_after_eur") + 1 : cols.index("savings_eur")] == uses + carriers
    assert t.attrs["units"]["bill_fuel_oil_eur"] == "EUR/yr"
    ok = t["allowed"]
    np.testing.assert_allclose(t.loc[ok, uses].sum(axis=1), t.loc[ok, "bill_after_eur"], rtol=1e-12)
    np.testing.assert_allclose(
        t.loc[ok, [*carriers, "bill_pv_eur"]].sum(axis=1), t.loc[ok, "bill_after_eur"], rtol=1e-12
    )
    # h2 heats with fuel oil and an electric DHW tank: its DHW bill is electric, its heating oil
    h2 = t[(t["house_id"] == "h2") & (t["scenario"] == "baseline")].iloc[0]
    assert h2.bill_fuel_oil_eur > 0 and h2.bill_natural_gas_eur == 0.0
    assert h2.bill_heating_eur == pytest.approx(h2.bill_fuel_oil_eur)  # fuel oil: no subscription
    assert 0 < h2.bill_dhw_eur < h2.bill_electricity_eur - h2.bill_subscriptions_eur
    oil = rehab.finance.annual_bill({"fuel_oil": h2.delivered_fuel_oil_kwh}, tiny.settings["date"])
    assert h2.bill_fuel_oil_eur == pytest.approx(oil.total_eur)
    # aggregates: the baseline rows before, the chosen rows after
    ch = tiny.choose("cheapest_reaching", "C")
    agg = tiny.aggregate("owner", ch)
    chosen = t.merge(ch[["house_id", "scenario"]], on=["house_id", "scenario"])
    base = t[t["scenario"] == "baseline"]
    r = agg.loc["social_landlord"]
    for c in uses + carriers:
        assert r[f"{c}_before"] == pytest.approx(base.loc[base["owner"] == "social_landlord", c].sum())
        assert r[f"{c}_after"] == pytest.approx(chosen.loc[chosen["owner"] == "social_landlord", c].sum())
    assert sum(r[f"{c}_after"] for c in uses) == pytest.approx(r["bill_eur_after"])


# ---------------------------------------------------------------- inputs and files


def test_bad_inputs_name_the_field_and_the_allowed_values(demo, tiny):
    t = demo.table.iloc[:2]
    with pytest.raises(UnknownNameError, match=r"packages\[1\]: unknown package 'bbc'.*attic-only"):
        Programme(t, ["attic-only", "bbc"])
    with pytest.raises(
        InputError, match=r"objective: 'fastest'; allowed cheapest_reaching, max_npv"
    ):
        tiny.choose("fastest")
    with pytest.raises(InputError, match=r"target_class: 'H'; allowed A, B, C, D, E, F, G"):
        tiny.choose("cheapest_reaching", "H")
    with pytest.raises(
        InputError, match=r"resolution\['height'\]: unknown key; allowed 'floor_area'"
    ):
        Programme(t, ["attic-only"], resolution={"height": 1})
    with pytest.raises(InputError, match=r"backend: 'spark'; allowed 'numpy', 'dask'"):
        Programme(t, ["attic-only"]).run(backend="spark")
    with pytest.raises(InputError, match="unknown option"):
        Programme(t, ["attic-only"], colour="red")
    with pytest.raises(InputError, match="mode"):
        Programme(t, ["attic-only"], mode="dpe")
    with pytest.raises(InputError, match=r"by: \['colour'\] not a column"):
        tiny.aggregate("colour")
    with pytest.raises(InputError, match="stock"):
        Programme(42, ["attic-only"])
    assert set(OBJECTIVES) == {"cheapest_reaching", "max_npv", "min_co2", "cheapest_bbc", "min_whole_life", "cheapest_carbon"}


def test_files_round_trip(tmp_path, tiny):
    tiny.to_csv(tmp_path / "csv")
    back = pd.read_csv(tmp_path / "csv" / "table.csv")
    assert len(back) == len(tiny.table)
    np.testing.assert_allclose(back["npv_eur"], tiny.table["npv_eur"])
    meta = json.loads((tmp_path / "csv" / "settings.json").read_text())
    assert meta["settings"]["packages"] == ["attic-only", "heat-pump-only", "bbc-renovation"]
    tiny.to_parquet(tmp_path / "pq")
    pq = pd.read_parquet(tmp_path / "pq" / "table.parquet")
    assert list(pq.columns) == list(tiny.table.columns)
    assert isinstance(tiny, ProgrammeResult)


def test_progress_bar_only_when_asked(capsys, demo):
    prog = Programme(demo.table.iloc[:2], ["attic-only"])
    prog.run(progress=False)
    assert "rehab programme" not in capsys.readouterr().err
    prog.run(progress=True)
    assert "rehab programme" in capsys.readouterr().err


def test_synthetic_stock_is_reproducible():
    a, b = synthetic_stock(400, seed=5), synthetic_stock(400, seed=5)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert not a.errors and len(a) == 400
    # the demonstration mix: 350-dwelling blocks, 100 heritage-listed per block
    s = synthetic_stock(700, seed=5)
    assert int(s.table["heritage"].sum()) == 200
    assert (s.table["owner"] == "owner_occupier").sum() == 220


def test_economics_rows_by_hand():
    # 10,000 EUR for 40 years, bills 2,000 -> 1,000 EUR/yr over 20 years, no discounting;
    # second row: a landlord with a 500 EUR/yr tenant contribution for 15 years
    from rehab import finance

    spend = -finance.project_cashflows([10000.0], [40.0], np.zeros(20), horizon=20)
    r = economics_rows(
        np.vstack([spend, spend]),
        np.full((2, 20), 2000.0),
        np.full((2, 20), 1000.0),
        rate=0.0,
        landlord=[False, True],
        contribution_eur=[0.0, 500.0],
    )
    # residual value 10,000 x 20/40 at year 20
    assert r["npv_eur"].tolist() == pytest.approx([-10000 + 20 * 1000 + 5000, -10000 + 7500 + 5000])
    assert r["tenant_npv_eur"][1] == pytest.approx(20 * 1000 - 15 * 500)
    assert np.isnan(r["tenant_npv_eur"][0])
    assert r["payback_simple_yr"].tolist() == pytest.approx([10.0, 20.0])


def test_stock_as_text_file_and_dataframe_agree(demo):
    text = demo.table.iloc[:3].to_csv(index=False)
    a = Programme(stock_mod.read_csv(io.StringIO(text)), ["attic-only"]).run(progress=False).table
    b = Programme(demo.table.iloc[:3], ["attic-only"]).run(progress=False).table
    pd.testing.assert_series_equal(a["npv_eur"], b["npv_eur"])


def test_result_methods_delegate(tmp_path):
    import rehab

    s = rehab.stock.demo()
    s.table = s.table.iloc[:8].reset_index(drop=True)
    res = rehab.Programme(s, packages=["attic-only", "heat-pump-only"]).run(progress=False)
    choice = res.choose("cheapest_reaching", target_class="D")
    p = res.plan(choice, budget_per_year=200_000, start_year=2027, end_year=2030)
    assert p.checks["budget"]
    assert p.schedule.equals(rehab.planning.plan(res, choice, budget_per_year=200_000, start_year=2027, end_year=2030).schedule)
    cf = res.cashflows(p)
    assert len(cf)
    assert res.report(tmp_path / "r").exists()


def test_row_of_10_2_m2_is_not_lost_by_binning():
    """Issue 11 reproducer: 10.2 m² passed validation, was binned to 10.0 m²,
    refused by the archetype and dropped with exit 0 on the wrong row."""
    import io

    text = "id,archetype,floor_area,owner\nx1,castors-detached,80,owner_occupier\nx2,castors-detached,10.2,owner_occupier\n"
    s = rehab.stock.read_csv(io.StringIO(text))
    res = Programme(s, ["attic-only"]).run(progress=False)
    assert res.errors == []
    base = res.table[res.table["scenario"] == "baseline"].set_index("house_id")
    assert list(base.index) == ["x1", "x2"]
    assert base.loc["x2", "floor_area_m2"] == pytest.approx(10.2, rel=1e-12)
    exact = rehab.simulate(rehab.archetypes.get("castors-detached", floor_area=10.2)).heating_need_kwh
    assert base.loc["x2", "heating_need_kwh"] == pytest.approx(exact, rel=1e-9)


def test_window_scale_5_is_a_bad_row_not_an_abort():
    """Issue 11 reproducer: window_scale=5 aborted the whole programme with a traceback."""
    import io

    text = (
        "id,archetype,window_scale,owner\n"
        "y1,castors-detached,1,owner_occupier\n"
        "y2,castors-detached,5,owner_occupier\n"
        "y3,coron-mid-terrace,1.2,social_landlord\n"
    )
    s = rehab.stock.read_csv(io.StringIO(text))
    res = Programme(s, ["attic-only"]).run(progress=False)
    assert [(b.row, b.column, b.value) for b in res.errors] == [(3, "window_scale", 5.0)]
    assert "front façade" in res.errors[0].reason
    assert sorted(set(res.table["house_id"])) == ["y1", "y3"]


def test_programme_accepts_a_list_of_houses():
    """Other tools hand over Houses: each is one dwelling computed as described (issue 11)."""
    coron = rehab.archetypes.get("coron-mid-terrace", azimuth=123.4, floor_area=61.3)
    declared = rehab.House.from_elements(
        name="audit-7",
        floor_area=75,
        elements=[
            {"type": "opaque", "name": "w", "kind": "wall", "area": 95, "u_value": 1.9, "azimuth": 180},
            {"type": "opaque", "name": "c", "kind": "ceiling", "area": 38, "u_value": 2.0, "boundary": "unheated", "b": 0.9},
            {"type": "window", "name": "g", "area": 11, "u_value": 2.9, "azimuth": 0},
            {"type": "ground_floor", "name": "f", "area": 38, "exposed_perimeter": 25, "u_value": 0.8},
        ],
        thermal_bridges=10.0,
        heating=coron.heating,
        dhw=coron.dhw,
    )
    res = Programme([coron, declared, coron], ["attic-only"]).run(progress=False)
    assert res.errors == []
    base = res.table[res.table["scenario"] == "baseline"]
    assert base["house_id"].tolist() == ["coron-mid-terrace-1", "audit-7", "coron-mid-terrace-2"]
    expected = [assess(h, packages=["attic-only"]).iloc[0]["heating_need_kwh"] for h in (coron, declared)]
    assert base["heating_need_kwh"].tolist() == pytest.approx([expected[0], expected[1], expected[0]], rel=1e-9)


def test_house_without_heating_is_a_bad_row():
    bare = rehab.House.from_elements(
        name="no-systems",
        floor_area=50,
        elements=[{"type": "opaque", "name": "w", "kind": "wall", "area": 60, "u_value": 1.5, "azimuth": 90}],
    )
    coron = rehab.archetypes.get("coron-mid-terrace")
    res = Programme([bare, coron], ["attic-only"]).run(progress=False)
    assert [(b.row, b.column) for b in res.errors] == [(1, "heating"), (1, "dhw")]
    assert set(res.table["house_id"]) == {"coron-mid-terrace"}


def test_programme_on_a_folder_of_dpe_xml_files(tmp_path):
    """A folder of official DPE XML files is a stock: one dwelling per file, a broken file a bad row."""
    import shutil
    from pathlib import Path

    from rehab import dpe

    src = sorted((Path(__file__).parent / "data" / "dpe" / "xml").glob("*.xml"))[:3]
    for f in src:
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "zz-broken.xml").write_text("<dpe><not closed>")
    res = Programme(tmp_path, ["attic-only"]).run(progress=False)
    assert [(b.row, b.column, b.value) for b in res.errors] == [(4, "file", "zz-broken.xml")]
    ids = [dpe.read_xml(f).id for f in src]
    assert res.table["house_id"].unique().tolist() == ids
    rec = dpe.read_xml(src[0])
    one = assess(rec.house, packages=["attic-only"], owner="social_landlord", income=None)
    got = res.table[res.table["house_id"] == ids[0]].set_index("scenario")
    for c in ("heating_need_kwh", "cep_kwhep_m2", "cost_ttc_eur", "npv_eur"):
        assert got[c].tolist() == pytest.approx(one[c].tolist(), rel=1e-9, nan_ok=True), c
