"""Stock files: CSV, Parquet, GeoJSON; row-level validation."""

import io
import json

import pytest

from rehab import stock
from rehab.errors import StockFileError

CSV = """id,archetype,street,owner,income,azimuth,floor_area,wall_thickness,heating,heritage,observed_carrier,observed_kwh
h1,coron-mid-terrace,rue A,social_landlord,,180,58,0.22,gas-boiler-old,1,,
h2,coron-end-terrace,rue A,social_landlord,,180,61.5,,gas_boiler_condensing,0,natural_gas,14000
h3,castors-detached,rue B,owner_occupier,modestes,90,80,,,no,,
h4,castors-detached,rue B,owner_occupier,riches,90,abc,,,maybe,,
h1,coron-mid-terrace,rue A,social_landlord,,180,58,,,,,
h6,coron-mid-terrace,rue A,landlord,,400,58,,,,electricity,
"""


def test_every_bad_row_reported_every_good_row_kept():
    s = stock.read_csv(io.StringIO(CSV))
    assert list(s.table["id"]) == ["h1", "h2", "h3"]
    bad = {(b.row, b.column) for b in s.errors}
    # data rows start at line 2 (the header is line 1)
    assert {(5, "income"), (5, "floor_area"), (5, "heritage"), (6, "id"), (7, "owner"), (7, "azimuth"),
            (7, "observed_kwh")} <= bad
    msg = {(b.row, b.column): b.reason for b in s.errors}
    assert "not a number in m²" in msg[(5, "floor_area")]
    assert "duplicate id" in msg[(6, "id")]


def test_strict_raises_listing_all_rows():
    with pytest.raises(StockFileError) as exc:
        stock.read_csv(io.StringIO(CSV), strict=True)
    rows = {b.row for b in exc.value.bad_rows}
    assert rows == {5, 6, 7}
    assert "row 5" in str(exc.value)


def test_houses_carry_overrides():
    s = stock.read_csv(io.StringIO(CSV))
    h1, h2, h3 = list(s.houses())
    assert h1.name == "h1" and h1.heritage and h1.floor_area == pytest.approx(58)
    assert h2.heating.name == "gas-boiler-condensing"
    assert h3.element("window_front").azimuth == pytest.approx(90)


def test_round_trips(tmp_path):
    s = stock.read_csv(io.StringIO(CSV))
    for suffix in ("csv", "parquet", "geojson"):
        p = tmp_path / f"s.{suffix}"
        getattr(s, f"to_{suffix}")(p)
        back = stock.read(p, strict=True)
        assert list(back.table["id"]) == ["h1", "h2", "h3"]
        assert back.house(1).heating.name == "gas-boiler-condensing"


def test_geojson_geometry_and_feature_numbers(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.78, 50.45]},
         "properties": {"id": "g1", "archetype": "coron-mid-terrace"}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[2.0, 50.0], [2.2, 50.0], [2.2, 50.2], [2.0, 50.2]]]},
         "properties": {"id": "g2", "archetype": "coron-mid-terrace", "floor_area": 5}},
    ]}
    p = tmp_path / "s.geojson"
    p.write_text(json.dumps(doc))
    s = stock.read(p)
    assert s.table["longitude"].iloc[0] == pytest.approx(2.78)
    assert [(b.row, b.column) for b in s.errors] == [(2, "floor_area")]


def test_unknown_column_and_extension(tmp_path):
    s = stock.read_csv(io.StringIO("id,archetype,colour\nx,coron-mid-terrace,red\n"))
    assert s.errors[0].column == "colour" and len(s) == 0
    ok = stock.read_csv(io.StringIO("id,archetype,extra_note\nx,coron-mid-terrace,red\n"))
    assert len(ok) == 1
    with pytest.raises(Exception, match="unknown extension"):
        stock.read(tmp_path / "s.xlsx")


def test_demo_neighbourhood_is_reproducible(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "make_demo_stock.py"
    spec = importlib.util.spec_from_file_location("make_demo_stock", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = mod.write(tmp_path / "demo.csv")
    from rehab._data import data_path

    assert out.read_text(encoding="utf-8") == data_path("stock", "demo-loos-en-gohelle.csv").read_text(encoding="utf-8")
    s = stock.demo()
    assert len(s) == 350 and not s.errors
    counts = s.table.groupby("owner").size().to_dict()
    assert counts == {"owner_occupier": 110, "private_landlord": 20, "social_landlord": 220}


def test_layout_limits_checked_when_reading():
    """A row the engine cannot build is a bad row at read time (true row number and column)."""
    import io

    from rehab import stock

    text = "id,archetype,window_scale\nz1,castors-detached,5\nz2,castors-detached,1\n"
    s = stock.read_csv(io.StringIO(text))
    assert len(s) == 1
    assert [(e.row, e.column) for e in s.errors] == [(2, "window_scale")]
    assert s.row_numbers().tolist() == [3]


def test_archetype_check_matches_get():
    import rehab

    for name in rehab.archetypes.names():
        for ov in ({"window_scale": 5}, {"floor_area": 10.5}, {"floor_area": 999}, {"window_scale": 0}):
            problems = rehab.archetypes.check(name, **ov)
            if problems:
                with pytest.raises(rehab.errors.InputError):
                    rehab.archetypes.get(name, **ov)
            else:
                rehab.archetypes.get(name, **ov)


def test_parquet_read_column_wise_equals_the_records_route(tmp_path):
    """read_parquet and Stock.from_columns validate columns; the result is the records route's:
    missing cells (None, NaN, blank text), neutralised formulas, bad cells and their rows."""
    import math

    import pandas as pd

    from rehab.safeio import unneutralise

    df = pd.DataFrame({
        "id": ["p1", "p2", "p3", "p4", "p5", "'=p6"],
        "archetype": ["coron-mid-terrace", "castle", "castors-detached", " ", "castors-detached", "coron-end-terrace"],
        "floor_area": [58.0, 70.0, float("nan"), 60.0, -3.0, 62.5],
        "owner": ["social_landlord", None, "owner_occupier", "social_landlord", "owner_occupier", ""],
        "heritage": [True, False, None, False, True, False],
    })
    path = tmp_path / "s.parquet"
    df.to_parquet(path)
    got = stock.read_parquet(path)
    back = pd.read_parquet(path)
    recs = [{k: (None if v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())
                 else unneutralise(v)) for k, v in r.items()} for r in back.to_dict(orient="records")]
    want = stock.Stock.from_records(recs, source=str(path))
    pd.testing.assert_frame_equal(got.table, want.table)
    assert got.errors == want.errors and [e.row for e in got.errors] == [2, 4, 5]
    assert got.table["id"].tolist() == ["p1", "p3", "=p6"] and got.rows == want.rows == [1, 3, 6]
    cols = {k: [None if r.get(k) is None else r[k] for r in recs] for k in back.columns}
    again = stock.Stock.from_columns(cols, source=str(path))
    pd.testing.assert_frame_equal(again.table, want.table)
    assert again.errors == want.errors
