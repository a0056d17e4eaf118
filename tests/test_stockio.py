"""Stock file parsing (rehab.stockio through rehab.stock's readers): issue 12 defects 1–5 and the GIS formats."""

from __future__ import annotations

import io
import json

import pytest

from rehab import stock
from rehab.errors import InputError, StockFileError

HEAD = "id,archetype,street,floor_area,n50\n"


# ------------------------------------------------------------------ defect 1: '#' is data
def test_hash_in_a_cell_is_data_not_a_comment():
    text = HEAD + "a1,coron-mid-terrace,Bât #2 rue X,61,7\n#12,coron-mid-terrace,rue Y,62,8\n"
    s = stock.read_csv(io.StringIO(text))
    assert s.errors == []
    rows = s.table.set_index("id")
    assert list(rows.index) == ["a1", "#12"]  # the dwelling whose id is #12 is kept
    assert rows.loc["a1", "street"] == "Bât #2 rue X"  # the rest of the row is not cut
    assert rows.loc["a1", "floor_area"] == 61.0 and rows.loc["a1", "n50"] == 7.0


def test_hash_lines_before_the_header_are_metadata():
    text = "# title: my stock\n# date: 2026-01-01\n" + HEAD + "a1,coron-mid-terrace,rue,61,7\n"
    s = stock.read_csv(io.StringIO(text))
    assert len(s) == 1 and s.errors == []
    assert any("metadata" in n for n in s.notes)


# ------------------------------------------------------------------ defect 2: true row numbers, short rows
def test_blank_and_hash_lines_keep_true_row_numbers():
    text = HEAD + "\n\na1,coron-mid-terrace,rue,61,7\n\n# not a comment\na2,coron-mid-terrace,rue,-5,7\n"
    s = stock.read_csv(io.StringIO(text))
    got = sorted((b.row, b.column) for b in s.errors)
    # line 6 ('# not a comment') is a row with one cell; line 7 has the bad floor area
    assert got == [(6, "archetype"), (7, "floor_area")]
    assert len(s) == 1


def test_row_with_too_few_fields_is_reported():
    s = stock.read_csv(io.StringIO(HEAD + "a1,coron-mid-terrace,rue\n"))
    assert len(s) == 0
    (b,) = s.errors
    assert b.row == 2 and b.column == "floor_area" and "3 cell(s) where the header has 5" in b.reason


def test_row_with_too_many_fields_is_reported_and_trailing_empty_cells_are_not():
    s = stock.read_csv(io.StringIO(HEAD + "a1,coron-mid-terrace,rue,61,7,surplus\na2,coron-mid-terrace,rue,61,7,,\n"))
    assert [b.row for b in s.errors] == [2] and list(s.table["id"]) == ["a2"]


def test_duplicate_id_names_the_true_first_row():
    s = stock.read_csv(io.StringIO(HEAD + "\na1,coron-mid-terrace,rue,61,7\na1,coron-mid-terrace,rue,62,7\n"))
    (b,) = s.errors
    assert b.row == 4 and "first at row 3" in b.reason


def test_strict_lists_true_row_numbers():
    with pytest.raises(StockFileError) as exc:
        stock.read_csv(io.StringIO(HEAD + "\na1,castle,rue,61,7\n"), strict=True)
    assert [b.row for b in exc.value.bad_rows] == [3]


# ------------------------------------------------------------------ defect 3: empty and header-only files
def test_empty_file_is_a_clear_error(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    with pytest.raises(InputError, match=r"is empty \(0 bytes\).*header line"):
        stock.read(p)


@pytest.mark.parametrize("text", [b",\n", b" ;\n", b'"\n', b",,\na,b\n"])
def test_header_without_names_is_a_clear_error(text):
    with pytest.raises(InputError, match="the header line has no column names"):
        stock.read_csv(io.BytesIO(text))


def test_header_only_file_is_a_clear_error(tmp_path):
    p = tmp_path / "header.csv"
    p.write_text("id,archetype\n\n\n")
    with pytest.raises(InputError, match=r"has a header .* but no dwelling rows"):
        stock.read(p)


def test_empty_file_in_the_cli_is_exit_2_not_a_traceback(tmp_path, capsys):
    from rehab.cli import main

    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    assert main(["programme", str(p), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "is empty" in err and "Traceback" not in err


# ------------------------------------------------------------------ defect 4: French spreadsheets
def test_semicolon_decimal_comma_cp1252_is_read_and_said(tmp_path):
    text = "id;archetype;street;floor_area;n50\r\nb1;coron-mid-terrace;Rue de l'Église;58,5;7,25\r\n"
    p = tmp_path / "excel.csv"
    p.write_bytes(text.encode("cp1252"))
    s = stock.read(p)
    assert s.errors == []
    r = s.table.iloc[0]
    assert (r["street"], r["floor_area"], r["n50"]) == ("Rue de l'Église", 58.5, 7.25)
    assert s.notes == ["encoding Windows-1252 detected", "separator ';' and decimal comma detected"]


def test_what_was_detected_is_said_by_the_cli(tmp_path, capsys):
    from rehab.cli import main

    p = tmp_path / "excel.csv"
    p.write_bytes("id;archetype;floor_area\r\nb1;castle;58,5\r\n".encode("cp1252"))
    assert main(["programme", str(p), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "separator ';' and decimal comma detected" in err and "row 2, column 'archetype'" in err


def test_utf8_bom_tab_and_latin1_are_detected():
    s = stock.read_csv(io.BytesIO("\ufeffid\tarchetype\nä1\tcoron-mid-terrace\n".encode()))
    assert list(s.table["id"]) == ["ä1"] and "UTF-8 with BOM" in s.notes[0] and "'\\t'" in s.notes[1]
    s = stock.read_csv(io.BytesIO("id,archetype,street\nx,coron-mid-terrace,rue \x81\n".encode("latin-1")))
    assert s.notes == ["encoding Latin-1 (ISO 8859-1) detected"]


def test_decimal_comma_only_in_number_columns():
    s = stock.read_csv(io.StringIO("id;archetype;street;floor_area\nb1;coron-mid-terrace;1,2 rue X;1 234,5\n"))
    assert s.errors and s.errors[0].column == "floor_area"  # 1234.5 m² is out of range, not mangled
    s = stock.read_csv(io.StringIO("id;archetype;street;floor_area\nb1;coron-mid-terrace;1,2 rue X;60,5\n"))
    assert s.table.iloc[0]["street"] == "1,2 rue X" and s.table.iloc[0]["floor_area"] == 60.5


# ------------------------------------------------------------------ defect 5: GeoJSON through shapely/pyproj
def _fc(features, **extra):
    return json.dumps({"type": "FeatureCollection", "features": features, **extra})


def _feat(i, geometry):
    return {"type": "Feature", "geometry": geometry, "properties": {"id": f"g{i}", "archetype": "coron-mid-terrace"}}


def test_geojson_bad_geometries_are_bad_rows_not_numpy_errors(tmp_path):
    feats = [
        _feat(1, {"type": "Polygon", "coordinates": [[[2.8, 50.4], [2.81, 50.4], [2.81, 50.41], [2.8, 50.4]],
                                                      [[2.801, 50.401], [2.802, 50.401], [2.801, 50.401]]]}),
        _feat(2, {"type": "Point", "coordinates": [2.8, 50.4, 30.0]}),
        _feat(3, {"type": "Point", "coordinates": ["2.8", "50.4"]}),
        "not a feature",
        _feat(5, {"type": "LineString", "coordinates": [[2.8, 50.4, 10.0], [2.9, 50.5, 20.0]]}),
        _feat(6, {"type": "Pentagon", "coordinates": []}),
    ]
    p = tmp_path / "s.geojson"
    p.write_text(_fc(feats))
    s = stock.read(p)
    assert len(s) + len({b.row for b in s.errors}) == 6
    assert sorted(b.row for b in s.errors) == [3, 4, 6]
    t = s.table.set_index("id")
    assert t.loc["g2", "longitude"] == pytest.approx(2.8)  # a 3-D point keeps its position
    assert (t.loc["g5", "longitude"], t.loc["g5", "latitude"]) == pytest.approx((2.85, 50.45))  # not 27.75
    # triangle centroid (its degenerate hole has no area)
    assert (t.loc["g1", "longitude"], t.loc["g1", "latitude"]) == pytest.approx((2.806667, 50.403333))


def test_geojson_lambert93_is_reprojected(tmp_path):
    # Loos-en-Gohelle town hall, Lambert-93 (EPSG:2154) metres
    feats = [_feat(1, {"type": "Point", "coordinates": [684_940.0, 7_038_390.0]})]
    for name, crs in (("declared", {"crs": {"type": "name", "properties": {"name": "EPSG:2154"}}}), ("bare", {})):
        p = tmp_path / f"{name}.geojson"
        p.write_text(_fc(feats, **crs))
        s = stock.read(p)
        assert s.errors == []
        lon, lat = s.table.loc[0, ["longitude", "latitude"]]
        assert lon == pytest.approx(2.79, abs=0.03) and lat == pytest.approx(50.46, abs=0.03)
        assert s.notes and ("Lambert-93" in s.notes[0] or "EPSG:2154" in s.notes[0])


@pytest.mark.filterwarnings("ignore:.*(truncated|[Ll]aundered)")
def test_geopackage_and_shapefile_through_geopandas(tmp_path):
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame(
        {"id": ["p1", "p2"], "archetype": ["coron-mid-terrace", "castors-detached"],
         "observed_carrier": ["natural_gas", None], "observed_kwh": [12000.0, None]},
        geometry=[Point(684_940.0, 7_038_390.0), Point(685_940.0, 7_039_390.0)], crs="EPSG:2154",
    )
    for name in ("s.gpkg", "s.shp"):
        p = tmp_path / name
        gdf.to_file(p)
        s = stock.read(p)
        assert s.errors == [] and list(s.table["id"]) == ["p1", "p2"]
        assert s.table.loc[0, "latitude"] == pytest.approx(50.46, abs=0.03)
        assert s.table.loc[0, "observed_kwh"] == 12000.0
    assert any("observed_c→observed_carrier" in n for n in s.notes)  # Shapefile's 10-character names


def test_gis_without_the_extra_gives_the_install_hint(tmp_path, monkeypatch):
    import sys

    from rehab.errors import MissingExtraError

    p = tmp_path / "s.geojson"
    p.write_text(_fc([]))
    monkeypatch.setitem(sys.modules, "shapely", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r'pip install "rehab\[gis\]"'):
        stock.read(p)
