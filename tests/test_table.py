"""rehab.table: the columnar form of many houses equals each House's own figures."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rehab
from rehab.simulation import build_batch
from rehab.table import HouseTable, segment_sum


def _houses():
    out = []
    for name in rehab.archetypes.names():
        h = rehab.archetypes.get(name)
        out.append(h)
        for p in ("attic-only", "bbc-renovation", "heritage", "envelope-light"):
            out.append(rehab.packages.get(p).apply(h))
    return out


HOUSES = _houses()


def test_heat_loss_equals_each_house():
    t = HouseTable.from_houses(HOUSES)
    hl = t.heat_loss()
    for i, h in enumerate(HOUSES):
        ref = h.heat_loss()
        assert hl["h_total"][i] == pytest.approx(ref.h_total, rel=1e-12)
        assert hl["h_tr_op"][i] + hl["h_tr_w"][i] + hl["h_tr_gr"][i] == pytest.approx(ref.h_tr, rel=1e-12)
        assert hl["h_ve"][i] == pytest.approx(ref.h_ve, rel=1e-12)


def test_thermal_mass_and_surface_area_equal_each_house():
    t = HouseTable.from_houses(HOUSES)
    for i, h in enumerate(HOUSES):
        c_m, a_m = h.thermal_mass_parameters()
        assert t.houses["c_m"][i] == pytest.approx(c_m, rel=1e-12)
        assert t.houses["a_m"][i] == pytest.approx(a_m, rel=1e-12)
        assert t.houses["a_t"][i] == pytest.approx(h.internal_surface_area(), rel=1e-12)


def test_declared_house_with_classes_and_given_bridges():
    """A declared house (from_elements): U given, b given, mass class, Σψl given."""
    h = rehab.House.from_elements(
        floor_area=80,
        elements=[
            {"type": "opaque", "name": "w", "kind": "wall", "area": 90, "u_value": 1.8, "azimuth": 180},
            {"type": "opaque", "name": "c", "kind": "ceiling", "area": 40, "u_value": 0.4, "boundary": "unheated", "b": 0.9},
            {"type": "window", "name": "g", "area": 12, "u_value": 2.9, "azimuth": 0},
            {"type": "ground_floor", "name": "f", "area": 40, "exposed_perimeter": 26, "u_value": 0.6},
        ],
        thermal_bridges=8.0,
    )
    t = HouseTable.from_houses([h])
    ref = h.heat_loss()
    assert t.heat_loss()["h_total"][0] == pytest.approx(ref.h_total, rel=1e-12)
    # by hand: 1.8·90 + 0.9·0.4·40 + 2.9·12 + 0.6·40 + 8 = 243.2 W/K of transmission
    assert ref.h_tr == pytest.approx(1.8 * 90 + 0.9 * 0.4 * 40 + 2.9 * 12 + 0.6 * 40 + 8.0, rel=1e-12)
    c_m, a_m = h.thermal_mass_parameters()
    assert (t.houses["c_m"][0], t.houses["a_m"][0]) == pytest.approx((c_m, a_m), rel=1e-12)


def test_batch_equals_loop_of_singles():
    w = rehab.weather.default()
    many = rehab.simulate(HOUSES[:8], w).heating_need_kwh
    for i in (0, 3, 7):
        assert rehab.simulate(HOUSES[i], w).heating_need_kwh == pytest.approx(many[i], rel=1e-12)


def test_build_batch_takes_a_table():
    w = rehab.weather.default()
    t = HouseTable.from_houses(HOUSES[:4])
    z1, c1 = build_batch(HOUSES[:4], w)
    z2, c2 = build_batch(t, w)
    np.testing.assert_allclose(z1.h_tr_op, z2.h_tr_op, rtol=1e-14)
    np.testing.assert_allclose(c1.irradiance, c2.irradiance, rtol=1e-14)


def test_take_reorders_and_repeats():
    t = HouseTable.from_houses(HOUSES[:5])
    s = t.take([4, 0, 4])
    assert len(s) == 3
    np.testing.assert_allclose(s.heat_loss()["h_total"], t.heat_loss()["h_total"][[4, 0, 4]], rtol=0)
    assert s.house(1) is HOUSES[0]
    assert s.n_elements == 2 * (t.elements["house"] == 4).sum() + (t.elements["house"] == 0).sum()


def test_shared_constructions_between_archetype_houses():
    a = rehab.archetypes.get("coron-mid-terrace", azimuth=10)
    b = rehab.archetypes.get("coron-mid-terrace", azimuth=20, floor_area=70)
    assert a.element("wall_front").construction is b.element("wall_front").construction
    c = rehab.archetypes.get("coron-mid-terrace", wall_thickness=0.34)
    assert c.element("wall_front").u < a.element("wall_front").u


def test_segment_sum_by_hand():
    assert segment_sum(np.array([1.5, 2.0, 0.5]), np.array([1, 1, 0]), 3).tolist() == [0.5, 3.5, 0.0]


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(rehab.archetypes.names()),
    azimuth=st.floats(0, 359.9),
    scale=st.floats(0.8, 1.25),
    n50=st.floats(1.0, 15.0),
)
def test_property_table_equals_house(name, azimuth, scale, n50):
    base = rehab.archetypes.get(name)
    h = rehab.archetypes.get(name, azimuth=azimuth, floor_area=base.floor_area * scale, n50=n50)
    t = HouseTable.from_houses([h])
    assert t.heat_loss()["h_total"][0] == pytest.approx(h.heat_loss().h_total, rel=1e-12)
    assert t.houses["c_m"][0] == pytest.approx(h.thermal_mass_parameters()[0], rel=1e-12)


def _mixed_house():
    layers = [{"material": "brick_solid_old", "thickness": 0.22}, {"material": "plaster_lime", "thickness": 0.015}]
    deck = [{"material": "oak", "thickness": 0.03}] if False else [{"material": "brick_solid_old", "thickness": 0.1}]
    return rehab.House.from_elements(
        floor_area=70,
        elements=[
            {"type": "opaque", "name": "w", "kind": "wall", "area": 80, "construction": {"name": "b", "layers": layers}, "azimuth": 200},
            {"type": "opaque", "name": "c", "kind": "ceiling", "area": 35, "u_value": 1.2, "boundary": "unheated", "unheated_space": "attic"},
            {"type": "window", "name": "g1", "area": 6, "u_glazing": 2.8, "u_frame": 2.4, "psi_glazing": 0.06, "azimuth": 20,
             "shutter_delta_r": 0.15, "shutter_closed_fraction": 0.5},
            {"type": "window", "name": "g2", "area": 4, "u_value": 4.8, "azimuth": 200, "glazing": "single"},
            {"type": "ground_floor", "name": "f", "area": 35, "exposed_perimeter": 24, "floor_type": "crawlspace",
             "construction": {"name": "d", "layers": deck}},
        ],
        unheated_spaces=[{"name": "attic", "kind": "attic", "exterior_area": 45, "exterior_u": 5.0, "volume": 30, "air_change_rate": 10}],
        ventilation={"system": "balanced", "heat_recovery": 0.8, "n50": 3.0},
    )


def test_declared_house_computed_b_crawlspace_shutters_balanced():
    h = _mixed_house()
    cellar = h.copy_with(
        elements=[
            e.model_dump() if e.name != "f" else {**e.model_dump(), "floor_type": "cellar"} for e in h.elements
        ]
    )
    t = HouseTable.from_houses([h, cellar])
    for i, x in enumerate((h, cellar)):
        ref = x.heat_loss()
        assert t.heat_loss()["h_total"][i] == pytest.approx(ref.h_total, rel=1e-12)
        assert t.heat_loss()["h_ve"][i] == pytest.approx(ref.h_ve, rel=1e-12)
        for name in ("c", "g1", "f"):
            r = np.flatnonzero((t.elements["house"] == i) & (t.elements["name"] == name))[0]
            assert t.elements["u"][r] == pytest.approx(x.element(name).u, rel=1e-12)
            assert t.elements["b"][r] == pytest.approx(x.b_factor(x.element(name)), rel=1e-12)
    s = t.take([1, 1, 0])
    assert s.heat_loss()["h_total"].tolist() == pytest.approx(t.heat_loss()["h_total"][[1, 1, 0]].tolist(), rel=0)
    assert (s.elements["space"][s.elements["name"] == "c"] == [0, 1, 2]).all()


def test_unique_keeps_distinct_houses_apart():
    a = rehab.archetypes.get("coron-mid-terrace")
    b = rehab.archetypes.get("coron-mid-terrace", name="other name")
    c = rehab.archetypes.get("coron-mid-terrace", n50=4)
    u, inv = HouseTable.from_houses([a, b, c, a]).unique()
    assert len(u) == 2 and inv.tolist() == [0, 0, 1, 0]
