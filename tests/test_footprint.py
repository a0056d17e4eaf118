"""rehab.footprint: party walls of touching footprints, attachment, area inside the walls; GIS stocks."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("shapely")
pytest.importorskip("pyproj")

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box

import rehab
from rehab import footprint, stock
from rehab.errors import InputError

L93 = "EPSG:2154"
X0, Y0 = 683_000.0, 7_034_000.0  # Lambert-93 [m], Loos-en-Gohelle


def test_exact_terrace_by_hand():
    """Three 6 × 9 m houses in a row, a pair of semis 7 × 10 m, a detached 8 × 10 m house."""
    geoms = [box(0, 0, 6, 9), box(6, 0, 12, 9), box(12, 0, 18, 9),
             box(30, 0, 37, 10), box(37, 0, 44, 10), box(60, 0, 68, 10)]
    t = footprint.footprint_table(geoms, L93)
    assert t.footprint_area.tolist() == pytest.approx([54, 54, 54, 70, 70, 80])
    assert t.footprint_perimeter.tolist() == pytest.approx([30, 30, 30, 34, 34, 36])
    assert t.party_wall_length.tolist() == pytest.approx([9, 18, 9, 10, 10, 0])
    assert t.neighbours.tolist() == [1, 2, 1, 1, 1, 0]
    assert t.house_type.tolist() == ["end-terrace", "mid-terrace", "end-terrace",
                                     "semi-detached", "semi-detached", "detached"]
    assert t.attrs["crs"] == "EPSG:2154"


def test_staggered_gaps_and_overlaps():
    """Neighbours of different depths, set back, with digitising gaps and overlaps of a few cm."""
    a = box(0, 0, 6, 9)
    # 5 × 12 m, 4 cm away, starting 3 m behind: the common part of the walls is y 0..9 → 9 m
    assert footprint.shared_length(a, box(6.04, -3, 11.04, 9)) == pytest.approx(9.0)
    # 5 cm overlap, set 2 m forward: y 2..9 → 7 m
    assert footprint.shared_length(a, box(5.95, 2, 11, 14)) == pytest.approx(7.0)
    # 1 m apart: not touching
    assert footprint.shared_length(a, box(7, 0, 12, 9)) == 0.0
    # corner to corner, and a wall meeting another at right angle only along 0 m
    assert footprint.shared_length(a, box(6, 9, 12, 18)) == 0.0
    # a narrow neighbour only 2 m wide along the back wall: 2 m
    assert footprint.shared_length(a, box(1, 9, 3, 15)) == pytest.approx(2.0)


def test_l_shaped_house_between_two_neighbours():
    """An L-shaped house (a 6 × 9 m body and a 3 × 4 m back extension) between two terraced houses.

    The left neighbour (6 × 12 m) runs along the body and the extension's
    side: 9 + 4 = 13 m; the right one (6 × 9 m) along the body only: 9 m.
    """
    ell = Polygon([(0, 0), (6, 0), (6, 9), (3, 9), (3, 13), (0, 13)])
    left = box(-6, 0, 0, 13)
    right = box(6, 0, 12, 9)
    t = footprint.footprint_table([left, ell, right], L93)
    assert t.footprint_area[1] == pytest.approx(54 + 12)
    assert t.footprint_perimeter[1] == pytest.approx(6 + 9 + 3 + 4 + 3 + 13)
    assert t.party_wall_length.tolist() == pytest.approx([13, 22, 9])
    assert t.house_type.tolist() == ["end-terrace", "mid-terrace", "end-terrace"]


def test_short_contacts_and_other_geometries():
    geoms = [box(0, 0, 6, 9), box(6, 8.5, 12, 20), Point(0, 0), None,
             MultiPolygon([box(40, 0, 46, 9), box(46, 0, 52, 9)])]
    t = footprint.footprint_table(geoms, L93, min_shared=1.0)
    # 0.5 m of contact is below min_shared: no neighbours
    assert t.neighbours.tolist()[:2] == [0, 0]
    assert t.house_type[0] == "detached"
    assert math.isnan(t.footprint_area[2]) and pd.isna(t.house_type[3])
    assert t.footprint_area[4] == pytest.approx(108)


def test_rotation_and_lonlat_give_the_same_lengths():
    """A terrace turned by 37° and given in WGS 84 longitude/latitude: the same lengths (Lambert-93)."""
    pyproj = pytest.importorskip("pyproj")
    base = [box(X0 + 6 * k, Y0, X0 + 6 * k + 6, Y0 + 9) for k in range(4)]
    turned = [affinity.rotate(g, 37.0, origin=(X0, Y0)) for g in base]
    t = footprint.footprint_table(turned, L93)
    assert t.party_wall_length.tolist() == pytest.approx([9, 18, 18, 9])
    tr = pyproj.Transformer.from_crs(L93, "EPSG:4326", always_xy=True)
    ll = [shapely.transform(g, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))) for g in turned]
    t2 = footprint.footprint_table(ll, "EPSG:4326")
    assert t2.attrs["crs"] == "EPSG:2154"
    assert t2.party_wall_length.tolist() == pytest.approx([9, 18, 18, 9], abs=1e-3)
    assert t2.footprint_area.tolist() == pytest.approx([54] * 4, abs=1e-3)


@settings(max_examples=30, deadline=None)
@given(
    widths=st.lists(st.floats(4.0, 12.0), min_size=2, max_size=6),
    depth=st.floats(6.0, 14.0),
    gaps=st.lists(st.floats(-0.1, 0.1), min_size=5, max_size=5),
    angle=st.floats(0.0, 360.0),
)
def test_row_of_houses_property(widths, depth, gaps, angle):
    """A row of houses of any widths, digitised with gaps/overlaps < 10 cm, at any angle:
    each shares its depth with each neighbour; the ends are end-terraces."""
    geoms, x = [], 0.0
    for k, w in enumerate(widths):
        geoms.append(box(x, 0, x + w, depth))
        x += w + (gaps[k] if k < len(gaps) else 0.0)
    geoms = [affinity.rotate(g, angle, origin=(0, 0)) for g in geoms]
    t = footprint.footprint_table(geoms, L93)
    n = len(widths)
    expect = [depth * (2 if 0 < k < n - 1 else 1) for k in range(n)]
    assert t.party_wall_length.tolist() == pytest.approx(expect, abs=1e-6)
    types = ["semi-detached"] * 2 if n == 2 else ["end-terrace"] + ["mid-terrace"] * (n - 2) + ["end-terrace"]
    assert t.house_type.tolist() == types


def test_inner_area_equals_the_shrunk_rectangle():
    for w, d, party in ((6, 9, 0), (6, 9, 9), (6, 9, 18), (5.2, 11.7, 11.7)):
        t = 0.3
        shrunk = box(0, 0, w, d).buffer(-t, join_style="mitre").area
        assert footprint.inner_area(w * d, 2 * (w + d), party, t) == pytest.approx(shrunk + t / 2 * party)
    a = footprint.inner_area(np.array([54.0, 80.0]), np.array([30.0, 36.0]), np.array([18.0, 0.0]))
    assert a.tolist() == pytest.approx([48.06, 80 - 10.8 + 0.36])


def test_attachment_rules():
    assert footprint.attachment([[], [2], [1]]) == ["detached", "semi-detached", "semi-detached"]
    # a house touching the end of a row is an end-terrace; so is the end house
    assert footprint.attachment([[1], [0, 2], [1]]) == ["end-terrace", "mid-terrace", "end-terrace"]


def test_bad_options_and_missing_crs():
    with pytest.raises(InputError, match="tolerance"):
        footprint.footprint_table([box(0, 0, 1, 1)], L93, tolerance=-1)
    with pytest.raises(InputError, match="coordinate reference system"):
        footprint.footprint_table([box(0, 0, 1, 1)])


# ------------------------------------------------------------------ GIS stocks
def _terrace_features(props=None):
    """A row of three 6 × 9 m houses and a detached 8 × 10 m one, Lambert-93 rings."""
    out = []
    for k, (x, w, d) in enumerate([(0, 6, 9), (6, 6, 9), (12, 6, 9), (40, 8, 10)]):
        ring = [[X0 + x, Y0], [X0 + x + w, Y0], [X0 + x + w, Y0 + d], [X0 + x, Y0 + d], [X0 + x, Y0]]
        p = {"id": f"h{k}", "period": 1925, "storeys": 2, "wall_material": "solid_brick",
             "street": "rue Basly" if k < 3 else "rue Lamendin", "cite": "Cité 12"}
        p.update((props or {}).get(k, {}))
        out.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": p})
    return out


def _geojson(tmp_path, feats, crs="urn:ogc:def:crs:EPSG::2154"):
    doc = {"type": "FeatureCollection", "features": feats}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    p = tmp_path / "s.geojson"
    p.write_text(json.dumps(doc))
    return p


def test_geojson_footprints_give_attachment_area_and_party_walls(tmp_path):
    s = stock.read(_geojson(tmp_path, _terrace_features()))
    assert s.errors == []
    t = s.table
    assert t.house_type.tolist() == ["end-terrace", "mid-terrace", "end-terrace", "detached"]
    assert t.party_wall_length.tolist() == pytest.approx([9, 18, 9, 0])
    # living area = (54 − 0.3·30 + 4·0.09 + 0.15·Lp) × 2 storeys
    assert t.floor_area.tolist() == pytest.approx([93.42, 96.12, 93.42, 2 * (80 - 10.8 + 0.36)])
    assert any("footprints measured in EPSG:2154" in n for n in s.notes)
    # the House: party walls = Lp/P of the plan's perimeter × the wall height
    h = s.house(1)
    w = math.sqrt(96.12 / 2 / 1.5)
    d = 96.12 / 2 / w
    party = sum(e.area for e in h.elements if e.kind == "party_wall")
    assert party == pytest.approx(18 / 30 * 2 * (w + d) * 2 * 2.7)
    assert h.element("floor").exposed_perimeter == pytest.approx(12 / 30 * 2 * (w + d))
    assert sum(e.area for e in s.house(3).elements if e.kind == "party_wall") == 0


def test_geojson_without_crs_in_lambert93_and_stated_values_kept(tmp_path):
    feats = _terrace_features({0: {"house_type": "detached"}, 1: {"floor_area": 70}})
    s = stock.read(_geojson(tmp_path, feats, crs=None))
    assert s.table.house_type.tolist()[:2] == ["detached", "mid-terrace"]
    assert s.table.floor_area[1] == 70
    assert any("Lambert-93" in n for n in s.notes)


def test_bad_footprint_rows_reported_and_others_kept(tmp_path):
    feats = _terrace_features({1: {"storeys": "two"}, 2: {"period": "medieval"}})
    s = stock.read(_geojson(tmp_path, feats))
    assert [(b.row, b.column) for b in s.errors] == [(2, "storeys"), (3, "period")]
    assert s.table["id"].tolist() == ["h0", "h3"]
    # the neighbour rejected still counts as a neighbour
    assert s.table.house_type.tolist() == ["end-terrace", "detached"]


@pytest.mark.filterwarnings("ignore:Column names longer", "ignore:Normalized/laundered")
@pytest.mark.parametrize("suffix", ["gpkg", "shp"])
def test_geopackage_and_shapefile_footprints(tmp_path, suffix):
    gpd = pytest.importorskip("geopandas")
    feats = _terrace_features()
    gdf = gpd.GeoDataFrame.from_features(feats, crs=L93)
    p = tmp_path / f"s.{suffix}"
    gdf.to_file(p)
    s = stock.read(p)
    assert s.errors == []
    assert s.table.house_type.tolist() == ["end-terrace", "mid-terrace", "end-terrace", "detached"]
    assert s.table.party_wall_length.tolist() == pytest.approx([9, 18, 9, 0])


def test_reports_by_street_and_cite_on_a_footprint_stock(tmp_path):
    s = stock.read(_geojson(tmp_path, _terrace_features()))
    res = rehab.Programme(s, packages=["attic-only"]).run()
    by_street = res.aggregate(by="street")
    assert set(by_street.index.get_level_values(0)) >= {"rue Basly", "rue Lamendin"}
    by_cite = res.aggregate(by="cite")
    assert "Cité 12" in set(by_cite.index.get_level_values(0))
    base = res.table[res.table.scenario == "baseline"].set_index("house_id")
    for i, hid in enumerate(s.table["id"]):
        assert base.loc[hid, "heating_need_kwh"] == pytest.approx(rehab.simulate(s.house(i)).heating_need_kwh, rel=1e-9)
