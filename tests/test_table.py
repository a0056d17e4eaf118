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
    # same house-level numbers, another orientation: told apart by the elements' keys
    d = rehab.archetypes.get("coron-mid-terrace", azimuth=90.0)
    u, inv = HouseTable.from_houses([d, a, c, d, a]).unique()
    assert len(u) == 3 and inv.tolist() == [0, 1, 2, 0, 1]
    np.testing.assert_array_equal(u.elements["azimuth"][u.elements["house"] == 0],
                                  HouseTable.from_houses([d]).elements["azimuth"])
    # every house distinct (no house-level numbers repeated): the table itself comes back
    t = HouseTable.from_houses([a, c])
    u, inv = t.unique()
    assert u is t and inv.tolist() == [0, 1]


# ---------------------------------------------------------------------------
# the column reader against an element-by-element reading (rehab 0.1's route)
# ---------------------------------------------------------------------------


def _reference_inputs(houses):
    """The input columns read one House, one element at a time through the models' attributes."""
    from rehab.house import GroundFloor, Window
    from rehab.table import BOUNDARY, ELEMENT_FLOATS, FLOOR_TYPES, KIND, PANES

    nan = np.nan
    hs = {c: [] for c in ("name", "archetype", "year_built", "geometry", "layout", "tm_class", "vent_system", "shielding",
                          "exposure", "heating", "dhw", "zone", "floor_area", "volume", "tm_given", "vent_flow",
                          "heat_recovery", "n50", "h_vent_given", "h_inf_given", "altitude", "tm_kind", "heritage")}
    el = {c: [] for c in (*ELEMENT_FLOATS, "house", "etype", "kind", "boundary", "panes", "space", "floor_type",
                          "name", "side", "construction", "street")}
    sp = {c: [] for c in ("house", "name", "kind", "b_given", "exterior_area", "exterior_u", "volume", "air_change_rate")}
    br = {c: [] for c in ("house", "junction", "length", "psi_given", "b")}
    none = lambda v: nan if v is None else float(v)  # noqa: E731
    for i, h in enumerate(houses):
        tm, v = h.thermal_mass, h.ventilation
        for c, x in (("name", h.name), ("archetype", h.archetype), ("year_built", h.year_built),
                     ("geometry", h.geometry is not None), ("layout", h.geometry),
                     ("tm_class", tm if isinstance(tm, str) else None), ("vent_system", v.system),
                     ("shielding", v.shielding), ("exposure", v.exposure), ("heating", h.heating), ("dhw", h.dhw),
                     ("zone", h.zone), ("floor_area", h.floor_area), ("volume", h.volume),
                     ("tm_given", nan if tm is None or isinstance(tm, str) else float(tm)), ("vent_flow", none(v.flow)),
                     ("heat_recovery", v.heat_recovery), ("n50", v.n50), ("h_vent_given", none(v.h_ventilation)),
                     ("h_inf_given", none(v.h_infiltration)), ("altitude", float(h.altitude)),
                     ("tm_kind", 0 if tm is None else 1 if isinstance(tm, str) else 2), ("heritage", bool(h.heritage))):
            hs[c].append(x)
        index = {}
        for s in h.unheated_spaces:
            index[s.name] = len(sp["house"])
            for c, x in (("house", i), ("name", s.name), ("kind", s.kind), ("b_given", none(s.b)),
                         ("exterior_area", s.exterior_area), ("exterior_u", s.exterior_u), ("volume", s.volume),
                         ("air_change_rate", s.air_change_rate)):
                sp[c].append(x)
        for e in h.elements:
            row = dict.fromkeys(ELEMENT_FLOATS, nan)
            row.update(house=i, name=e.name, side=e.side, street=bool(e.street), area=e.area, boundary=BOUNDARY[e.boundary],
                       construction=getattr(e, "construction", None), emissivity=float(getattr(e, "emissivity", 0.9)),
                       u_declared=none(e.u_value), panes=0, floor_type=-1, tilt=float(e.effective_tilt),
                       space=index.get(e.unheated_space, -1) if getattr(e, "unheated_space", None) else -1)
            if isinstance(e, Window):
                row.update(etype=1, kind=KIND["window"], panes=PANES[e.glazing], azimuth=float(e.azimuth), b_given=none(e.b),
                           **{c: none(getattr(e, c)) for c in ("g_value", "frame_fraction", "shading", "u_glazing", "u_frame",
                                                                "psi_glazing", "shutter_delta_r", "shutter_closed_fraction")})
            elif isinstance(e, GroundFloor):
                row.update(etype=2, kind=KIND["floor"], floor_type=FLOOR_TYPES.index(e.floor_type),
                           **{c: float(getattr(e, c)) for c in ELEMENT_FLOATS[ELEMENT_FLOATS.index("exposed_perimeter"):]})
            else:
                row.update(etype=0, kind=KIND[e.kind], azimuth=none(e.azimuth), solar_absorptance=e.solar_absorptance,
                           b_given=none(e.b))
            for c, x in row.items():
                el[c].append(x)
        for tb in h.thermal_bridges:
            for c, x in (("house", i), ("junction", tb.junction), ("length", tb.length), ("psi_given", none(tb.psi)),
                         ("b", tb.b)):
                br[c].append(x)
    return {"houses": hs, "elements": el, "spaces": sp, "bridges": br}


def _assert_columns_equal(got, ref, what):
    assert set(got) >= set(ref), (what, set(ref) - set(got))
    for c, values in ref.items():
        a = got[c]
        assert len(a) == len(values), (what, c)
        if a.dtype == object:
            assert all(x is y or x == y for x, y in zip(a.tolist(), values, strict=True)), (what, c)
        else:
            np.testing.assert_array_equal(a, np.asarray(values, dtype=a.dtype), err_msg=f"{what}.{c}")


def _like(values, model):
    """``values`` as an array of the dtype of ``model``."""
    if model.dtype != object:
        return np.asarray(values, dtype=model.dtype)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _random_houses(n, seed):
    rng = np.random.default_rng(seed)
    names = rehab.archetypes.names()
    out = []
    for i in range(n):
        name = names[i % len(names)]
        h = rehab.archetypes.get(name, azimuth=float(rng.uniform(0, 360)), n50=float(rng.uniform(2, 15)),
                                 floor_area=rehab.archetypes.get(name).floor_area * float(rng.uniform(0.9, 1.1)))
        out.append(h if i % 3 else rehab.packages.get(("attic-only", "bbc-renovation", "heritage")[i % 9 // 3]).apply(h))
    return out


@pytest.mark.parametrize("which", ["archetypes x packages", "random", "declared"])
def test_reader_equals_element_by_element_reading(which):
    """Every input column of the column reader equals the element-by-element reading, and the
    derived table equals the one derived from that reading (shared element objects included)."""
    from rehab.table_read import _distinct_elements, read_houses

    if which == "archetypes x packages":
        hs = HOUSES + HOUSES[:3]  # the same House objects twice: elements shared by identity
    elif which == "random":
        hs = _random_houses(40, 11)
    else:
        h = _mixed_house()
        hs = [h, HOUSES[0], h.copy_with(name="again"), _mixed_house()]
    got = read_houses(hs)
    ref = _reference_inputs(hs)
    if which == "archetypes x packages":  # shared element objects are read once
        assert len(_distinct_elements([h.__dict__ for h in hs])[0]) < len(ref["elements"]["house"])
    for part in ("houses", "elements", "spaces", "bridges"):
        _assert_columns_equal(got[part], ref[part], part)
    t = HouseTable.from_houses(hs)
    r = HouseTable(**{k: {c: _like(v, got[k][c]) for c, v in ref[k].items()} for k in ref}, source=hs).derive()
    for part in ("houses", "elements", "spaces", "bridges"):
        a, b = getattr(t, part), getattr(r, part)
        assert set(a) == set(b)
        for c in a:
            if a[c].dtype == object:
                assert all(x is y or x == y for x, y in zip(a[c].tolist(), b[c].tolist(), strict=True)), (part, c)
            else:
                np.testing.assert_array_equal(a[c], b[c], err_msg=f"{part}.{c}")


@pytest.mark.parametrize(
    ("azimuths", "tilts"),
    [([0.0, 90.5, 180.0, 359.0], [0.0, 45.0, 90.0]),  # half-degree grid: ranked through integers
     ([0.0, 123.456789, 180.0, 359.999999, -0.0], [0.0, 33.3, 90.0, 1e-7])],  # anything else: by sorting
)
def test_row_keys_sort_as_the_key_tuples(azimuths, tilts):
    from rehab.table_solar import _row_keys

    rng = np.random.default_rng(7)
    az = rng.choice(azimuths, 40)
    tilt = rng.choice(tilts, 40)
    panes = rng.choice([1, 2, 3], 40)
    keys, (iw, io, i_f) = _row_keys((2, az, tilt, panes), (1, az[::-1], tilt, np.zeros(40, int)), (0, az, np.zeros(40), np.zeros(40, int)))
    tuples = ([("win", a, t, p) for a, t, p in zip(az.tolist(), tilt.tolist(), panes.tolist(), strict=True)],
              [("tot", a, t) for a, t in zip(az[::-1].tolist(), tilt.tolist(), strict=True)],
              [("film", a) for a in az.tolist()])
    assert keys == sorted(set(tuples[0]) | set(tuples[1]) | set(tuples[2]))
    for idx, part in zip((iw, io, i_f), tuples, strict=True):
        assert [keys[j] for j in idx] == part


def test_combined_code_sorts_as_the_tuples_also_past_int64():
    from rehab.table_solar import _combined_code

    rng = np.random.default_rng(3)
    a, b, c = rng.integers(0, 5, 300), rng.integers(0, 7, 300), rng.integers(0, 3, 300)
    want = np.lexsort((c, b, a))
    for sizes in ((5, 7, 3), (5, 2**40, 2**40)):  # the second leaves int64 unless re-ranked
        code = _combined_code(*zip((a, b, c), sizes, strict=True))
        np.testing.assert_array_equal(np.argsort(code, kind="stable"), want)
        same = (a[:, None] == a) & (b[:, None] == b) & (c[:, None] == c)
        np.testing.assert_array_equal(code[:, None] == code, same)


def _tables_equal(a, b):
    for part in ("houses", "elements", "spaces", "bridges"):
        pa, pb = getattr(a, part), getattr(b, part)
        assert set(pa) == set(pb), part
        for k in pa:
            x, y = pa[k], pb[k]
            assert x.dtype == y.dtype and x.shape == y.shape, (part, k)
            if x.dtype.kind == "f":
                np.testing.assert_array_equal(x, y, err_msg=f"{part}.{k}")
            else:
                assert x.tolist() == y.tolist(), (part, k)


def test_repeat_equals_take_of_zeros():
    one = HouseTable.from_houses([HOUSES[1]])  # attic-only coron: spaces, bridges, a ground floor
    _tables_equal(one.repeat(3), one.take([0, 0, 0]))
    assert one.repeat(0).n_elements == 0
    with pytest.raises(rehab.errors.InputError, match="one-house"):
        HouseTable.from_houses(HOUSES[:2]).repeat(2)


def test_take_of_unsorted_rows_keeps_each_house_rows():
    t = HouseTable.from_houses(HOUSES[:3])
    perm = np.concatenate([np.flatnonzero(t.elements["house"] == h) for h in (2, 0, 1)])
    shuffled = HouseTable(t.houses, {k: v[perm] for k, v in t.elements.items()}, t.spaces, t.bridges)
    a, b = shuffled.take([1, 2]), t.take([1, 2])
    np.testing.assert_array_equal(a.elements["area"], b.elements["area"])
    np.testing.assert_array_equal(a.elements["house"], b.elements["house"])


def test_concat_writes_repeated_tables_as_built_ones():
    from rehab.table import RepeatedTable, concat

    one, two = HouseTable.from_houses([HOUSES[1]]), HouseTable.from_houses(HOUSES[5:7])
    area = np.arange(3 * one.n_elements, dtype=float) + 1.0
    rep = RepeatedTable(one, 3, {"elements": {"area": area}, "houses": {"n50": np.array([1.0, 2.0, 3.0])}})
    built = one.repeat(3)
    built.elements["area"] = area
    built.houses["n50"] = np.array([1.0, 2.0, 3.0])
    _tables_equal(concat([two, rep, two]), concat([two, built, two]))
    _tables_equal(rep.table(), built)


def test_derive_keeping_constructions_equals_full_derive():
    t = HouseTable.from_houses(HOUSES[:6]).take([0, 3, 5, 3])
    t.elements["area"] = t.elements["area"] * 1.1  # a new layout: windows, ground floors, b, ψ move
    t.houses["n50"] = t.houses["n50"] * 0.5
    a = HouseTable(*({k: v.copy() for k, v in getattr(t, p).items()} for p in ("houses", "elements", "spaces", "bridges")))
    a.derive(constructions=False)
    t.derive()
    _tables_equal(a, t)
