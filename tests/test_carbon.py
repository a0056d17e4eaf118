"""Tests of rehab.carbon: data, array functions (hand calculations), one-house tables."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import rehab
from rehab import carbon, costs, materials, packages
from rehab._data import read_csv_records
from rehab.errors import InputError, UnknownNameError
from rehab.retrofit import (
    ExternalWallInsulation,
    FloorInsulation,
    InternalWallInsulation,
    RoofInsulation,
)

# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------


def test_every_product_row_is_sourced_dated_and_graded():
    t = carbon.products()
    assert len(t) >= 30
    assert (t["source"].str.len() > 0).all()
    assert t["date"].str.fullmatch(r"\d{4}").all()
    assert t["confidence"].isin(["H", "M", "L"]).all()
    # an assumption is graded L
    assert (t.loc[t["source"].str.startswith("assumption"), "confidence"] == "L").all()
    assert (t[["a1_a3", "a4_a5", "c1_c4", "b_per_year", "biogenic_kgco2"]] >= 0).all().all()
    assert (t["service_life_years"] > 0).all()
    assert set(t["unit"]) <= {"kg", "m2", "unit", "kWp", "kg_charge"}


def test_header_names_the_sources_and_the_date():
    meta = carbon.metadata()
    assert meta["date"] == "2026-12-06"
    assert "ICE v2.0" in meta["source"] and "EN 16449" in meta["source"]


def test_biogenic_only_in_bio_sourced_products():
    t = carbon.products()
    stored = set(t.index[t["biogenic_kgco2"] > 0])
    assert stored == {
        "wood_fibre_flexible",
        "wood_fibre_board",
        "cellulose",
        "cork",
        "hemp_wool",
        "hemp_lime",
        "window_double_wood",
        "window_triple_wood",
    }
    # EN 16449: 44/12 x 0.5 x 96 % wood / 1.08 for a rigid wood-fibre board
    assert carbon.product("wood_fibre_board").biogenic_kgco2 == pytest.approx(
        44 / 12 * 0.5 * 0.96 / 1.08, abs=0.005
    )


def test_refrigerant_rows_follow_their_gwp_leak_and_loss():
    r32 = carbon.product("refrigerant_r32")
    assert r32.b_per_year == pytest.approx(675 * 0.035, abs=0.05)
    assert r32.c1_c4 == pytest.approx(675 * 0.10)
    r134a = carbon.product("refrigerant_r134a")
    assert r134a.b_per_year == pytest.approx(1430 * 0.035, abs=0.05)


def test_every_material_and_cost_line_of_the_presets_has_a_carbon_row():
    house = rehab.archetypes.get("coron-mid-terrace")
    seen_items = set()
    for name in packages.names():
        out = packages.get(name).run(house)
        seen_items |= {ln.item for ln in out.costs.lines}
        for m in packages.get(name).measures:
            for attr in ("material", "membrane", "finish"):
                mat = getattr(m, attr, None)
                if mat:
                    carbon.layer_quantities(mat, 0.1, 1.0)  # raises if unmapped
    for item in seen_items:
        carbon.cost_line_quantities(item, 1.0)
    mapped = {r["cost_id"] for r in read_csv_records("carbon", "cost_map.csv")}
    assert seen_items <= mapped
    assert mapped <= set(costs.names())


def test_material_map_points_at_kg_rows_of_known_materials():
    for r in read_csv_records("carbon", "material_map.csv"):
        materials.get(r["material"])
        assert carbon.product(r["product"]).unit == "kg"


# --------------------------------------------------------------------------
# arrays: hand calculations
# --------------------------------------------------------------------------


def test_generations_count_installations_over_the_horizon():
    assert carbon.generations(30, 30) == 1
    assert carbon.generations(17, 30) == 2
    assert carbon.generations(15, 30) == 2
    assert carbon.generations(15, 50) == 4
    assert carbon.generations(50, 30) == 1
    assert carbon.generations(25, 50) == 2


def test_windows_over_30_and_50_years_by_hand():
    # 12 m2 of PVC double glazing: 52 kgCO2e/m2 to make, 5 to dispose of, 30-year life
    r30 = carbon.embodied_from_quantities({"window_double_pvc": [12.0]}, 30)
    r50 = carbon.embodied_from_quantities({"window_double_pvc": [12.0]}, 50)
    assert r30["upfront_kgco2e"][0] == pytest.approx(12 * 52)
    assert r30["replacement_kgco2e"][0] == 0.0
    assert r30["embodied_kgco2e"][0] == pytest.approx(12 * (52 + 5))
    assert r50["replacement_kgco2e"][0] == pytest.approx(12 * (52 + 5))  # one B4 replacement
    assert r50["embodied_kgco2e"][0] == pytest.approx(2 * 12 * (52 + 5))


def test_heat_pump_with_refrigerant_leakage_by_hand():
    r = carbon.embodied_from_quantities(
        {"heat_pump_air_water_unit": 1.0, "refrigerant_r32": 1.8}, 30
    )
    unit = 2 * (600 + 12)  # two units in 30 years (17-year life)
    leak = 1.8 * 30 * 675 * 0.035
    eol = 1.8 * 2 * 675 * 0.10
    assert r["in_use_kgco2e"][0] == pytest.approx(1.8 * 30 * 23.6)
    assert r["embodied_kgco2e"][0] == pytest.approx(unit + leak + eol, rel=2e-3)


def test_parts_add_up_to_the_embodied_total():
    q = {"glass_wool": [100.0, 0.0], "pv_system_kwp": [3.0, 1.0], "refrigerant_r32": [1.8, 0.0]}
    r = carbon.embodied_from_quantities(q, 50)
    parts = (
        r["upfront_kgco2e"] + r["replacement_kgco2e"] + r["in_use_kgco2e"] + r["end_of_life_kgco2e"]
    )
    assert_allclose(parts, r["embodied_kgco2e"])


def test_batch_equals_the_loop_of_single_rows():
    rng = np.random.default_rng(7)
    n = 50
    q = {
        "rock_wool": rng.uniform(0, 2000, n),
        "window_triple_pvc": rng.uniform(0, 20, n),
        "heat_pump_air_water_unit": rng.integers(0, 2, n).astype(float),
        "cellulose": rng.uniform(0, 900, n),
    }
    batch = carbon.embodied_from_quantities(q, 40, dynamic=True)
    for i in range(0, n, 7):
        one = carbon.embodied_from_quantities({k: [v[i]] for k, v in q.items()}, 40, dynamic=True)
        for key in batch:
            assert batch[key][i] == pytest.approx(one[key][0])


def test_service_life_override():
    base = carbon.embodied_from_quantities({"glass_wool": [100.0]}, 30)
    short = carbon.embodied_from_quantities(
        {"glass_wool": [100.0]}, 30, service_life={"glass_wool": 10}
    )
    assert short["embodied_kgco2e"][0] == pytest.approx(3 * base["embodied_kgco2e"][0])


@settings(max_examples=40, deadline=None)
@given(
    q=st.floats(0, 1e4),
    h1=st.integers(1, 99),
    dh=st.integers(1, 50),
    prod=st.sampled_from(
        [
            "eps",
            "window_double_wood",
            "heat_pump_air_water_unit",
            "refrigerant_r32",
            "pv_system_kwp",
        ]
    ),
)
def test_embodied_never_falls_with_a_longer_horizon(q, h1, dh, prod):
    h2 = min(h1 + dh, 100)
    a = carbon.embodied_from_quantities({prod: [q]}, h1)["embodied_kgco2e"][0]
    b = carbon.embodied_from_quantities({prod: [q]}, h2)["embodied_kgco2e"][0]
    assert b >= a - 1e-9


def test_bad_inputs_fail_naming_the_field():
    with pytest.raises(UnknownNameError, match="carbon product"):
        carbon.embodied_from_quantities({"glass_wol": [1.0]}, 30)
    with pytest.raises(InputError, match=r"glass_wool.*>= 0"):
        carbon.embodied_from_quantities({"glass_wool": [-1.0]}, 30)
    with pytest.raises(InputError, match="horizon"):
        carbon.embodied_from_quantities({"glass_wool": [1.0]}, 0)
    with pytest.raises(InputError, match="horizon"):
        carbon.embodied_from_quantities({"glass_wool": [1.0]}, 30.5)
    with pytest.raises(InputError, match="rows"):
        carbon.embodied_from_quantities({"glass_wool": [1.0, 2.0], "eps": [1.0, 2.0, 3.0]}, 30)
    with pytest.raises(UnknownNameError, match="embodied-carbon row"):
        carbon.layer_quantities("aerogel_blanket", 0.02, 10.0)
    with pytest.raises(UnknownNameError):
        carbon.cost_line_quantities("heat_pmp", 1)


# --------------------------------------------------------------------------
# RE2020 dynamic weighting, operational, whole life, payback
# --------------------------------------------------------------------------


def test_re2020_weight_reproduces_the_published_year_50_coefficient():
    assert carbon.re2020_weight(0) == 1.0
    assert carbon.re2020_weight(50) == pytest.approx(0.578, abs=5e-4)
    w = carbon.re2020_weight(np.arange(0, 101))
    assert np.all(np.diff(w) < 0)
    assert w[-1] == 0.0
    with pytest.raises(InputError):
        carbon.re2020_weight(-1)


def test_dynamic_weighting_lowers_late_emissions_and_values_biogenic_storage():
    fossil = carbon.embodied_from_quantities({"window_double_pvc": [10.0]}, 50, dynamic=True)
    # two windows: production at 0 and 30, disposal at 30 and 50
    w = carbon.re2020_weight
    expected = 10 * (52 * (1 + w(30)) + 5 * (w(30) + w(50)))
    assert fossil["dynamic_kgco2e"][0] == pytest.approx(expected)
    assert fossil["dynamic_kgco2e"][0] < fossil["embodied_kgco2e"][0]
    bio = carbon.embodied_from_quantities({"cellulose": [100.0]}, 50, dynamic=True)
    # uptake at 0 (weight 1) and release at 50 (weight 0.578): a net benefit
    p = carbon.product("cellulose")
    assert bio["dynamic_kgco2e"][0] == pytest.approx(
        100 * (p.a1_a3 + p.c1_c4 * w(50) - p.biogenic_kgco2 * (1 - w(50)))
    )
    assert bio["dynamic_kgco2e"][0] < 0


def test_operational_over_horizon_and_trajectory():
    assert carbon.operational_over_horizon(1000.0, 30) == pytest.approx(30000.0)
    tau = np.linspace(1.0, 0.5, 30)
    assert carbon.operational_over_horizon(1000.0, 30, trajectory=tau) == pytest.approx(
        1000.0 * tau.sum()
    )
    two = carbon.operational_over_horizon(np.array([1000.0, 10.0]), 30, trajectory=np.ones((2, 30)))
    assert_allclose(two, [30000.0, 300.0])
    w = carbon.re2020_weight(np.arange(1, 51))
    assert carbon.operational_over_horizon(1.0, 50, dynamic=True) == pytest.approx(w.sum())
    with pytest.raises(InputError, match="trajectory"):
        carbon.operational_over_horizon(1.0, 30, trajectory=np.ones(29))


def test_whole_life_and_payback_by_hand():
    assert carbon.whole_life(2000.0, 6000.0) == 8000.0
    out = carbon.carbon_payback([4000.0, 0.0, 100.0], [2000.0, 50.0, 0.0])
    assert out[0] == pytest.approx(2.0)
    assert out[1] == 0.0
    assert math.isnan(out[2])


def test_rows_from_units_scales_masses_not_appliances():
    units = [{}, {"rock_wool": 1000.0, "heat_pump_air_water_unit": 1.0, "pv_system_kwp": 3.0}]
    q = carbon.rows_from_units(units, [1, 1, 0], [1.5, 0.5, 2.0])
    assert_allclose(q["rock_wool"], [1500.0, 500.0, 0.0])
    assert_allclose(q["heat_pump_air_water_unit"], [1.0, 1.0, 0.0])
    assert_allclose(q["pv_system_kwp"], [3.0, 3.0, 0.0])


# --------------------------------------------------------------------------
# what a measure installs
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coron():
    return rehab.archetypes.get("coron-mid-terrace")


def test_layers_are_weighed_from_thickness_and_density(coron):
    m = InternalWallInsulation(
        material="wood_fibre_flexible",
        thickness=0.14,
        membrane="smart_vapour_retarder",
        finish="plaster_clay",
        finish_thickness=0.015,
    )
    a = m.area(coron)
    q = carbon.measure_quantities(m, coron)
    assert q["wood_fibre_flexible"] == pytest.approx(a * 0.14 * 50.0)
    assert q["vapour_retarder_pa"] == pytest.approx(a * 0.0002 * 650.0)
    assert q["clay_plaster"] == pytest.approx(a * 0.015 * 1500.0)
    e = ExternalWallInsulation(material="mineral_wool_ext", thickness=0.16)
    q = carbon.measure_quantities(e, coron)
    assert q == pytest.approx(
        {"rock_wool": e.area(coron) * 0.16 * 140.0, "cement_mortar": e.area(coron) * 0.01 * 1800.0}
    )


def test_floor_on_slab_counts_the_new_screed(coron):
    m = FloorInsulation(material="cork", thickness=0.10)
    assert m.resolved_position(coron) == "on_slab"
    q = carbon.measure_quantities(m, coron)
    a = m.area(coron)
    assert q["cork"] == pytest.approx(a * 0.10 * 110.0)
    assert q["cement_screed"] == pytest.approx(a * 0.05 * 2000.0)


def test_attic_r_target_gives_the_thickness(coron):
    m = RoofInsulation(position="attic_floor", material="glass_wool", target_r=7.0)
    q = carbon.measure_quantities(m, coron)
    assert q == pytest.approx({"glass_wool": m.area(coron) * 7.0 * 0.035 * 20.0})


def test_outcome_and_house_routes_agree(coron):
    pkg = packages.get("hqe-biosourced")
    by_outcome = carbon.outcome_quantities(pkg.run(coron))
    h = coron
    for (name, q), m in zip(by_outcome, pkg.measures, strict=True):
        assert name == m.name
        assert q == pytest.approx(carbon.measure_quantities(m, h))
        h = m.apply(h)


# --------------------------------------------------------------------------
# one house
# --------------------------------------------------------------------------

#: Annual operational emissions [kgCO2e/yr] of the coron presets, fixed here
#: so the table tests do not depend on the engine (test_package_carbon_runs_assess
#: checks the default route).
OPERATIONAL = {
    "baseline": 5200.0,
    "bbc-renovation": 110.0,
    "hqe-biosourced": 240.0,
    "heat-pump-only": 430.0,
}


@pytest.fixture(scope="module")
def table(coron):
    return carbon.package_carbon(
        coron,
        ["bbc-renovation", "hqe-biosourced", "heat-pump-only"],
        horizon=30,
        operational=OPERATIONAL,
        dynamic=True,
    )


def test_table_columns_and_identities(table):
    assert list(table.index) == ["baseline", "bbc-renovation", "hqe-biosourced", "heat-pump-only"]
    for c in carbon.COLUMNS:
        assert c in table.columns
    assert_allclose(
        table["whole_life_kgco2e"], table["embodied_kgco2e"] + table["operational_kgco2e"]
    )
    assert_allclose(table["operational_kgco2e"], table["operational_kgco2e_yr"] * 30)
    b = table.loc["baseline"]
    assert b["embodied_kgco2e"] == 0.0 and b["biogenic_kgco2"] == 0.0
    assert math.isnan(b["carbon_payback_yr"])
    hqe = table.loc["hqe-biosourced"]
    assert hqe["carbon_payback_yr"] == pytest.approx(hqe["upfront_kgco2e"] / (5200.0 - 240.0))


def test_hqe_is_judged_on_its_materials(table):
    bbc, hqe = table.loc["bbc-renovation"], table.loc["hqe-biosourced"]
    assert hqe["biogenic_kgco2"] > 1000.0
    assert bbc["biogenic_kgco2"] == 0.0
    assert hqe["embodied_kgco2e"] < bbc["embodied_kgco2e"]
    # the dynamic option rewards the stored carbon
    assert hqe["dynamic_whole_life_kgco2e"] < hqe["whole_life_kgco2e"]


def test_every_figure_traces_to_its_data_rows(table):
    lines = carbon.lines(table)
    assert set(lines["product"]) <= set(carbon.products().index)
    assert (lines["source"].str.len() > 0).all()
    for scen, grp in lines.groupby("scenario"):
        for c in ("embodied_kgco2e", "upfront_kgco2e", "biogenic_kgco2"):
            assert grp[c].sum() == pytest.approx(table.loc[scen, c])
    glass = lines[(lines["scenario"] == "bbc-renovation") & (lines["product"] == "glass_wool")]
    row = glass.iloc[0]
    assert row["embodied_kgco2e"] == pytest.approx(row["quantity"] * (1.35 + 0.01))


def test_forbidden_package_is_a_row_not_a_crash():
    h = rehab.archetypes.get("coron-mid-terrace", heritage=True)
    t = carbon.package_carbon(
        h, ["bbc-renovation"], operational={"baseline": 5200.0, "bbc-renovation": float("nan")}
    )
    assert not t.loc["bbc-renovation", "allowed"]
    assert "heritage" in t.loc["bbc-renovation", "constraint"]
    with pytest.raises(InputError, match="scenario"):
        carbon.package_carbon(h, ["attic-only"], operational={"baseline": 1.0})


def test_package_carbon_runs_assess_by_default(coron):
    t = carbon.package_carbon(coron, ["attic-only"], horizon=50)
    ref = rehab.assess(coron, ["attic-only"])
    assert t.loc["attic-only", "operational_kgco2e"] == pytest.approx(
        50 * ref.loc["attic-only", "co2_kg"]
    )
    assert t.loc["attic-only", "whole_life_saved_kgco2e"] > 0
    same = carbon.package_carbon(coron, ["attic-only"], horizon=50, operational=ref)
    assert_allclose(same["whole_life_kgco2e"], t["whole_life_kgco2e"])


def test_cost_per_tonne_avoided_by_hand():
    out = carbon.cost_per_tonne_avoided([30000.0, 100.0], [150000.0, 0.0])
    assert out[0] == pytest.approx(200.0)
    assert math.isnan(out[1])


def test_plot_whole_life(table):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = carbon.plot_whole_life(table, ax=ax)
    assert out is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == list(table.index)
    assert "30 years" in ax.get_title()
    plt.close(fig)


def test_measure_rows_equals_measure_quantities_row_by_row():
    houses = [rehab.archetypes.get(n) for n in ("coron-mid-terrace", "castors-detached")]
    for name in ("bbc-renovation", "hqe-biosourced", "heritage"):
        pkg = packages.get(name)
        outs = [pkg.run(h) for h in houses]
        for j, m in enumerate(pkg.measures):
            per_house = [carbon.outcome_quantities(o)[j][1] for o in outs]
            items: dict[str, list[float]] = {}
            for i, o in enumerate(outs):
                for ln in o.costs.lines:
                    if ln.measure == m.name:
                        items.setdefault(ln.item, [0.0, 0.0])[i] += ln.quantity
            rows = carbon.measure_rows(m, items)
            assert set(rows) == set(per_house[0]) | set(per_house[1])
            for k, v in rows.items():
                assert_allclose(v, [per_house[0].get(k, 0.0), per_house[1].get(k, 0.0)])
