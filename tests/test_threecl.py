"""Tests of rehab.threecl: every 3CL-DPE 2021 rule with its source value."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rehab import threecl, threecl_classes
from rehab.errors import InputError, UnknownNameError

RECORDS = Path(__file__).resolve().parent / "data" / "dpe-houses.json"


def test_climate_tables_h1a_january():
    # 3CL §18.2 tables, zone H1a below 400 m, January (standard tables).
    c = threecl.climate("H1a")
    assert c.dh19[0] == pytest.approx(11712.4)
    assert c.dh21[0] == pytest.approx(13200.4)
    assert c.nref19[0] == pytest.approx(744.0)
    assert c.e[0] == pytest.approx(38.36)
    assert c.t_cold[0] == pytest.approx(7.8)
    assert c.text[0] == pytest.approx(2.6)
    # no conventional heating in summer
    assert c.dh19[5:8].sum() == 0.0 and c.nref19[5:8].sum() == 0.0


def test_climate_ilpa_tables_shorten_the_season():
    std = threecl.climate("H1a", ilpa=False)
    old = threecl.climate("H1a", ilpa=True)
    assert old.nref19[4] == pytest.approx(172.0)  # May, ILPA table
    assert std.nref19[4] == pytest.approx(438.0)
    assert old.dh19.sum() < std.dh19.sum()


def test_climate_zone_is_case_insensitive_and_checked():
    assert threecl.climate("h1a").zone == "H1a"
    with pytest.raises(UnknownNameError, match="H1a"):
        threecl.climate("H1z")
    with pytest.raises(UnknownNameError):
        threecl.climate("H1a", "above_2000")


def test_orientation_coefficients_c1():
    # 3CL §18.5, H1a January: south vertical 1, north vertical 0.31, horizontal 0.62
    assert threecl.orientation_coefficients("H1a", "south")[0] == pytest.approx(1.0)
    assert threecl.orientation_coefficients("H1a", "north")[0] == pytest.approx(0.31)
    assert threecl.orientation_coefficients("H1a", "horizontal")[0] == pytest.approx(0.62)
    with pytest.raises(UnknownNameError):
        threecl.orientation_coefficients("H1a", "south-west")


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (25.0, 1.0),  # Nmax = 1 below 30 m2
        (42.5, 1.75 - 0.01875 * (70 - 42.5)),  # 1.234375
        (70.0, 1.75),  # Nmax = 0.025*70 = 1.75 -> 1.75
        (120.0, 1.75 + 0.3 * (0.025 * 120 - 1.75)),  # 2.125
    ],
)
def test_adult_equivalents_house(area, expected):
    assert threecl.adult_equivalents(area) == pytest.approx(expected)


def test_adult_equivalents_flat_and_batch():
    assert threecl.adult_equivalents(40.0, "flat") == pytest.approx(1.75 - 0.01875 * 10)
    out = threecl.adult_equivalents(np.array([25.0, 120.0]))
    np.testing.assert_allclose(out, [1.0, 2.125])
    with pytest.raises(UnknownNameError):
        threecl.adult_equivalents(50.0, "castle")


def test_dhw_need_formula_hand_calculation():
    # 1.163 Wh/(L.K) * Nadeq * 56 L/d * (40 - Tefs) * days: H1a January, Tefs 7.8, 31 days
    assert threecl.adult_equivalents(100.0) == pytest.approx(1.975)  # 1.75 + 0.3*(2.5-1.75)
    expected = 1.163 * 1.975 * 56 * (40 - 7.8) * 31 / 1000
    c = threecl.climate("H1a")
    assert threecl.dhw_need(100.0, c)[0] == pytest.approx(expected)
    dep = threecl.dhw_need(100.0, c, scenario="depensier")
    assert dep[0] / threecl.dhw_need(100.0, c)[0] == pytest.approx(79 / 56)
    assert threecl.DHW_DAYS.sum() == pytest.approx(365 - 7)  # December counts 24 days


def test_dhw_need_equals_certified_record():
    # record 2187E0981996L (42.5 m2, H1c, 400-800 m): certified besoin_ecs 851.44 kWh
    rec = json.loads(RECORDS.read_text())["records"][0]
    c = threecl.climate("H1c", "400_800")
    assert threecl.dhw_need(rec["area"], c).sum() == pytest.approx(rec["besoin_ecs"], rel=1e-6)


def test_internal_gains_hand_calculation():
    # ((3.18+0.34)*Sh + 90*132/168*Nadeq) * Nref
    assert threecl.internal_gains(100.0, 1.9, 744.0) == pytest.approx(
        (3.52 * 100 + 90 * 132 / 168 * 1.9) * 744
    )


def test_solar_gains_and_sse():
    c1 = threecl.orientation_coefficients("H1a", ["south", "north"])
    sse = threecl.south_equivalent_area([2.0, 2.0], [0.5, 0.5], c1)
    assert sse[0] == pytest.approx(2 * 0.5 * 1.0 + 2 * 0.5 * 0.31)
    assert threecl.solar_gains(sse, 38.36)[0] == pytest.approx(1000 * 1.31 * 38.36)


def test_gain_utilisation_factor_and_exponent():
    assert threecl.gain_utilisation_exponent("very_heavy") == 3.6
    assert threecl.gain_utilisation_exponent("heavy") == 3.6
    assert threecl.gain_utilisation_exponent("medium") == 2.9
    assert threecl.gain_utilisation_exponent("light") == 2.5
    with pytest.raises(UnknownNameError):
        threecl.gain_utilisation_exponent("stone")
    x = 0.4
    assert threecl.gain_utilisation_factor(x, 3.6) == pytest.approx((x - x**3.6) / (1 - x**3.6))
    # continuous at X = 1: (a-1)/a ; zero gains -> F = 0
    assert threecl.gain_utilisation_factor(1.0, 2.5) == pytest.approx(1.5 / 2.5)
    assert threecl.gain_utilisation_factor(1.0 + 1e-6, 2.5) == pytest.approx(0.6, abs=1e-5)
    assert threecl.gain_utilisation_factor(0.0, 2.5) == 0.0
    # F < X always (gains are never all useful) and heavier inertia uses more gains
    assert threecl.gain_utilisation_factor(0.5, 3.6) > threecl.gain_utilisation_factor(0.5, 2.5)


def test_heating_need_hand_chain_one_month():
    c = threecl.climate("H1a")
    gv, sh = 250.0, 80.0
    nadeq = threecl.adult_equivalents(sh)
    ai = (3.52 * sh + 90 * 132 / 168 * nadeq) * 744
    asol = 1000 * 2.0 * 38.36
    x = (ai + asol) / (gv * 11712.4)
    f = (x - x**3.6) / (1 - x**3.6)
    becs = threecl.dhw_need(sh, c).sum()
    expected = gv * (1 - f) * 11712.4 / 1000 - 0.48 * 0.1 * becs * 744 / 8760
    out = threecl.heating_need(gv, sh, 2.0, c, "heavy")
    assert out[0] == pytest.approx(expected)
    assert out[6] == 0.0


def test_heating_need_batch_equals_singles_and_properties():
    c = threecl.climate("H1a")
    gvs = np.array([120.0, 250.0, 480.0])
    areas = np.array([60.0, 90.0, 130.0])
    sses = np.array([1.0, 3.0, 6.0])
    inert = ["light", "medium", "heavy"]
    batch = threecl.heating_need(gvs, areas, sses, c, inert)
    for i in range(3):
        one = threecl.heating_need(gvs[i], areas[i], sses[i], c, inert[i])
        np.testing.assert_allclose(batch[i], one, rtol=1e-12)
    assert np.all(batch >= 0)
    # more heat loss -> more need; more sun -> less need; 21 degC -> more need
    assert np.all(np.diff(threecl.heating_need(gvs, 90.0, 3.0, c).sum(axis=1)) > 0)
    assert (
        threecl.heating_need(250.0, 90.0, 6.0, c).sum()
        < threecl.heating_need(250.0, 90.0, 1.0, c).sum()
    )
    assert (
        threecl.heating_need(250.0, 90.0, 3.0, c, setpoint=21).sum()
        > threecl.heating_need(250.0, 90.0, 3.0, c).sum()
    )
    with pytest.raises(InputError):
        threecl.heating_need(250.0, 90.0, 3.0, c, setpoint=20)
    with pytest.raises(InputError):
        threecl.heating_need(-1.0, 90.0, 3.0, c)


def test_heating_need_certified_record_within_one_percent():
    # record 2187E0982378D (heavy inertia): certified besoin_ch 43 369 kWh
    rec = json.loads(RECORDS.read_text())["records"][2]
    c = threecl.climate("H1c", "400_800", ilpa=True)
    els = rec["elements"]
    gv = (
        sum(e["u"] * e["area"] * e["b"] for e in els)
        + rec["bridges_w_per_k"]
        + rec["hvent"]
        + rec["hperm"]
    )
    wins = [e for e in els if e["kind"] == "baie"]
    orient = {1: "south", 2: "north", 3: "east", 4: "west"}
    c1 = threecl.orientation_coefficients("H1c", [orient[e["orientation"]] for e in wins])
    sse = threecl.south_equivalent_area([e["area"] for e in wins], [e["sw"] for e in wins], c1)
    need = threecl.heating_need(gv, rec["area"], sse, c, "heavy").sum()
    assert need == pytest.approx(rec["besoin_ch"], rel=0.01)


def test_intermittence_and_consumption_hand():
    g = 300.0 / (100.0 * 2.5)
    assert threecl.intermittence_factor(0.86, 300.0, 100.0, 2.5) == pytest.approx(
        0.86 / (1 + 0.1 * (g - 1))
    )
    assert threecl.heating_consumption(10000.0, 0.75, 0.8, 0.95, 0.9, 0.95, 0.8) == pytest.approx(
        10000 * 0.75 * 0.8 / (0.95 * 0.9 * 0.95 * 0.8)
    )
    with pytest.raises(InputError):
        threecl.heating_consumption(1.0, 1.0, 1.0, 0.0)


def test_lighting_equals_certified_record():
    # 0.9 * 1.4 W/m2 * 1476 h (H1c) * 42.5 m2 = 79.0398 kWh (record 2187E0981996L)
    assert threecl.lighting_hours("H1c") == 1476.0
    assert threecl.lighting_consumption(42.5, 1476.0) == pytest.approx(79.0398)
    assert threecl.lighting_consumption(100.0, threecl.lighting_hours("H1a")) == pytest.approx(
        0.9 * 1.4 * 1500 * 100 / 1000
    )


@pytest.mark.parametrize(
    ("cep", "expected"),
    [
        (69.99, "A"),
        (70.0, "B"),
        (109.9, "B"),
        (110.0, "C"),
        (179.9, "C"),
        (180.0, "D"),
        (249.9, "D"),
        (250.0, "E"),
        (329.9, "E"),
        (330.0, "F"),
        (419.9, "F"),
        (420.0, "G"),
    ],
)
def test_energy_class_thresholds(cep, expected):
    # arrêté du 31 mars 2021: 70/110/180/250/330/420, strict upper bounds
    assert threecl.energy_class(cep, date="2025-01-01") == expected


@pytest.mark.parametrize(
    ("eges", "expected"),
    [(5.9, "A"), (6.0, "B"), (11.0, "C"), (30.0, "D"), (50.0, "E"), (70.0, "F"), (100.0, "G")],
)
def test_ghg_class_thresholds(eges, expected):
    assert threecl.ghg_class(eges, date="2025-01-01") == expected


def test_dpe_class_is_the_worse_of_both():
    assert threecl.dpe_class(60.0, 45.0) == "D"
    assert threecl.dpe_class(770.0, 25.0) == "G"
    out = threecl.dpe_class([60.0, 300.0], [5.0, 5.0])
    assert [str(c) for c in out] == ["A", "E"]


def test_small_dwelling_thresholds():
    # arrêté du 25 mars 2024 (from 2024-07-01): 30 m2 -> Cep 76/116/197/267/349/439, EGES 7/12/32/52/72/102
    d = "2025-01-01"
    assert threecl.energy_class(75.9, area=30.0, date=d) == "A"
    assert threecl.energy_class(76.0, area=30.0, date=d) == "B"
    assert threecl.energy_class(438.9, area=30.0, date=d) == "F"
    assert threecl.ghg_class(31.9, area=30.0, date=d) == "C"
    # <= 8 m2: Cep 146/186/386/505/622/739
    assert threecl.energy_class(145.0, area=6.0, date=d) == "A"
    assert threecl.energy_class(738.0, area=8.0, date=d) == "F"
    # before 2024-07-01 the general thresholds apply; 40 m2 and more: general
    assert threecl.energy_class(75.0, area=30.0, date="2024-06-30") == "B"
    assert threecl.energy_class(75.0, area=45.0, date=d) == "B"


def test_high_altitude_thresholds():
    assert threecl.energy_class(350.0, high_altitude=True) == "E"  # E < 390 above 800 m
    assert threecl.energy_class(350.0) == "F"
    assert threecl.ghg_class(75.0, high_altitude=True) == "E"


def test_class_indices_equal_the_letters_element_by_element():
    rng = np.random.default_rng(3)
    area = np.concatenate([rng.uniform(1.0, 60.0, 400), np.arange(0.5, 45.0, 0.5)])
    cep = rng.uniform(0.0, 800.0, len(area))
    eges = rng.uniform(0.0, 130.0, len(area))
    for date, high in (("2024-06-30", False), ("2025-01-01", False), ("2025-01-01", True)):
        ie, ig = threecl_classes.class_indices(cep, eges, area=area, date=date, high_altitude=high)
        for i in range(0, len(area), 9):
            kw = {"area": float(area[i]), "date": date, "high_altitude": high}
            assert threecl.CLASSES[ie[i]] == threecl.energy_class(float(cep[i]), **kw)
            assert threecl.CLASSES[ig[i]] == threecl.ghg_class(float(eges[i]), **kw)
            assert threecl.CLASSES[max(ie[i], ig[i])] == threecl.dpe_class(float(cep[i]), float(eges[i]), **kw)
        assert threecl.dpe_class(cep, eges, area=area, date=date, high_altitude=high).tolist() == [
            threecl.CLASSES[k] for k in np.maximum(ie, ig)]


def test_small_dwelling_rule_needs_a_finite_area():
    with pytest.raises(InputError, match="area"):
        threecl.energy_class([100.0, 100.0], area=[30.0, np.nan], date="2025-01-01")
    # before the rule the area is not read
    assert threecl.energy_class([100.0], area=[np.nan], date="2024-01-01").tolist() == ["B"]


def test_glazing_coefficients_read_the_angles_as_the_dpe_does():
    from rehab import labels

    az = np.array([0.0, 44.999, 45.0, 134.9, 135.0, 224.9, 225.0, 314.9, 315.0, 359.9, -90.0, 450.0, 180.0, 200.0])
    tilt = np.array([90.0, 75.0, 74.9, 25.0, 24.9, 0.1, 0.0, -5.0, 90.0, 60.0, 90.0, 90.0, 10.0, 90.0])
    zones = ["H1a", "H2b"] * 7
    got = threecl.glazing_coefficients(zones, az, tilt)
    for i in range(len(az)):
        o = "horizontal" if tilt[i] <= 0 else labels._orientation(az[i])
        ref = threecl.orientation_coefficients(zones[i], o, labels._tilt(tilt[i]))
        assert (got[i] == ref).all(), i
    assert threecl.glazing_coefficients("H1a", [90.0], [90.0])[0].tolist() == threecl.orientation_coefficients(
        "H1a", "east").tolist()
    with pytest.raises(InputError, match="tilt"):
        threecl.glazing_coefficients("H1a", [90.0, 10.0], [90.0])
    with pytest.raises(UnknownNameError):
        threecl.glazing_coefficients("H9", [90.0], [90.0])
