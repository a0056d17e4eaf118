"""rehab.layout: an archetype laid out for many dwellings equals archetypes.get row by row."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rehab
from rehab.geometry import window_perimeter
from rehab.layout import archetype_table, box_table
from rehab.table import HouseTable
from rehab.transforms import airtightness


def _compare(t, i, house, rel=1e-12):
    ref = HouseTable.from_houses([house])
    a, b = t.heat_loss(), ref.heat_loss()
    for k in a:
        assert a[k][i] == pytest.approx(b[k][0], rel=rel, abs=1e-12), k
    for k in ("floor_area", "volume", "c_m", "a_m", "a_t", "h_inf", "h_vent"):
        assert t.houses[k][i] == pytest.approx(ref.houses[k][0], rel=rel), k


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(rehab.archetypes.names()),
    scale=st.one_of(st.none(), st.floats(0.75, 1.3)),
    azimuth=st.one_of(st.none(), st.floats(0, 720)),
    window_scale=st.one_of(st.none(), st.floats(0.0, 1.6)),
    n50=st.one_of(st.none(), st.floats(0.5, 20)),
)
def test_property_layout_equals_archetypes_get(name, scale, azimuth, window_scale, n50):
    base = rehab.archetypes.get(name)
    ov = {}
    if scale is not None:
        ov["floor_area"] = base.floor_area * scale
    if azimuth is not None:
        ov["azimuth"] = azimuth
    if window_scale is not None:
        ov["window_scale"] = window_scale
    if n50 is not None:
        ov["n50"] = n50
    if rehab.archetypes.check(name, **ov):
        return
    house = rehab.archetypes.get(name, **ov)
    rows = {k: [v] for k, v in ov.items()}
    rows.setdefault("floor_area", [np.nan])
    t = archetype_table(name, rows)
    _compare(t, 0, house)


def test_many_rows_at_once_and_solar_keys():
    name = "cite-pavillonnaire-semi"
    base = rehab.archetypes.get(name)
    fa = base.floor_area * np.array([0.9, 1.0, 1.1, np.nan])
    az = np.array([10.0, np.nan, 275.5, 180.0])
    t = archetype_table(name, {"floor_area": fa, "azimuth": az})
    houses = []
    for f, a in zip(fa, az, strict=True):
        ov = {}
        if not np.isnan(f):
            ov["floor_area"] = f
        if not np.isnan(a):
            ov["azimuth"] = a
        houses.append(rehab.archetypes.get(name, **ov))
    for i, h in enumerate(houses):
        _compare(t, i, h)
    w = rehab.weather.default()
    from rehab.simulation import build_batch

    z1, c1 = build_batch(t, w)
    z2, c2 = build_batch(houses, w)
    np.testing.assert_allclose(c1.irradiance, c2.irradiance, rtol=1e-13)
    np.testing.assert_allclose(z1.sol_area, z2.sol_area, rtol=1e-12)


@pytest.mark.parametrize("package", ["bbc-renovation", "heritage", "envelope-light", "hqe-biosourced"])
def test_retrofitted_template_laid_out_equals_package_applied(package):
    """Measures change constructions, windows, ventilation and spaces, not the layout."""
    name = "coron-end-terrace"
    p = rehab.packages.get(package)
    tpl = p.apply(rehab.archetypes.get(name))
    ov = {"floor_area": 66.0, "azimuth": 33.0, "window_scale": 1.2, "n50": 9.0}
    rows = {k: [v] for k, v in ov.items()}
    for m in p.measures:  # the per-dwelling part of a package: the airtightness target
        if m.kind == "airtightness":
            rows["n50"] = airtightness(archetype_table(name, rows), m)[0]
    t = archetype_table(name, rows, template=tpl)
    _compare(t, 0, p.apply(rehab.archetypes.get(name, **ov)))


def test_window_perimeter_by_hand():
    # 2.6 m² at 1.3 m: two 1-m windows, 2·2.6/1.3 + 2·2·1.3 = 9.2 m
    assert window_perimeter(np.array([0.0, 2.6]), 1.3).tolist() == pytest.approx([0.0, 9.2])


def test_box_table_needs_a_geometry():
    h = rehab.House.from_elements(
        floor_area=50, elements=[{"type": "opaque", "name": "w", "kind": "wall", "area": 60, "u_value": 1.5, "azimuth": 90}]
    )
    with pytest.raises(rehab.errors.InputError, match="no box geometry"):
        box_table(h, {"floor_area": [50.0]})


@pytest.mark.parametrize("package", ["bbc-renovation", "heritage", "attic-only", "heat-pump-only"])
def test_laid_like_equals_laying_out_the_retrofitted_template(package):
    """A package house laid out as its template is (same_layout) gets the template's layout columns."""
    from rehab.layout import laid_like, same_layout

    p = rehab.packages.get(package)
    tpl = rehab.archetypes.get("coron-end-terrace")
    after = p.apply(tpl)
    t0, t1 = HouseTable.from_houses([tpl]), HouseTable.from_houses([after])
    assert same_layout(tpl, t0, after, t1)
    rows = {"floor_area": [66.0, 80.0], "azimuth": [33.0, np.nan], "window_scale": [1.2, 0.8], "name": ["a", "b"]}
    laid = box_table(tpl, rows, base=t0, derive=False)
    n50 = np.array([3.0, np.nan])
    ref = box_table(after, {**rows, "n50": n50}, base=t1)
    got = laid_like(laid, t1, n50).table().derive(constructions=False)
    for part in ("houses", "elements", "spaces", "bridges"):
        for k, v in getattr(ref, part).items():
            w = getattr(got, part)[k]
            if v.dtype.kind == "f":
                np.testing.assert_array_equal(w, v, err_msg=f"{part}.{k}")
            else:
                assert w.tolist() == v.tolist(), (part, k)


def test_same_layout_is_false_when_the_layout_inputs_differ():
    from rehab.layout import same_layout

    a = rehab.archetypes.get("coron-end-terrace")
    b = rehab.archetypes.get("coron-end-terrace", floor_area=70.0)
    c = rehab.archetypes.get("coron-mid-terrace")
    ta, tb, tc = (HouseTable.from_houses([h]) for h in (a, b, c))
    assert same_layout(a, ta, a, ta)
    assert not same_layout(a, ta, b, tb)
    assert not same_layout(a, ta, c, tc)
