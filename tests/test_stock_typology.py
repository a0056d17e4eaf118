"""rehab.stock_typology: stock rows that give period, type, area … instead of an archetype."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rehab
from rehab import archetypes, dpe, labels, stock, typology
from rehab.errors import ConstraintError, StockFileError
from rehab.retrofit import ExternalWallInsulation
from rehab.stock_typology import check_cell, is_typology_row

XML = Path(__file__).resolve().parent / "data" / "dpe" / "xml"

CSV = """id,archetype,period,house_type,floor_area,storeys,wall_material,roof,main_energy,glazing,azimuth,heating,street
t1,,1930,mid-terrace,62,2,solid_brick,attic,natural_gas,,90,,rue Basly
t2,,1948-1974,Semi Detached,85,2,hollow brick,attic,fuel-oil,double,,,rue Basly
t3,,2008,detached,120,2,hollow_brick,attic,,,,heat-pump-air-water,rue Basly
a1,coron-mid-terrace,,,58,,,,,,180,,rue Basly
"""


def test_rows_give_the_typology_houses():
    s = stock.read_csv(io.StringIO(CSV))
    assert s.errors == [] and len(s) == 4
    assert s.table["period"].tolist()[:3] == ["before-1948", "1948-1974", "2006-2012"]
    assert s.table["archetype"].tolist() == ["", "", "", "coron-mid-terrace"]
    want = [
        typology.house(1930, "mid-terrace", 62, 2, "solid_brick", "attic", "natural_gas", azimuth=90),
        typology.house("1948-1974", "semi-detached", 85, 2, "hollow_brick", "attic", "fuel_oil", "double"),
        typology.house(2008, "detached", 120, 2, "hollow_brick", "attic", "heat_pump"),
        archetypes.get("coron-mid-terrace", floor_area=58, azimuth=180),
    ]
    for i, w in enumerate(want):
        h = s.house(i)
        assert h.name == s.table["id"][i]
        assert h.heat_loss().h_total == pytest.approx(w.heat_loss().h_total, rel=1e-12)
        assert h.heating.name == w.heating.name
    # the street façade faces the row's azimuth (gables at ±90°)
    assert s.house(0).element("window_front").azimuth == pytest.approx(90)
    assert s.house(0).element("wall_back").azimuth == pytest.approx(270)
    # main energy from the heating preset: the electric 3CL defaults (wall 0.36 both; floor 0.27)
    p = typology.parameters(2008, "detached", 120, 2, "hollow_brick", heating="heat_pump")
    assert p.u_wall[0] == pytest.approx(0.36)


def test_bad_rows_are_reported_never_dropped():
    text = """id,period,house_type,floor_area,storeys,wall_material,main_energy,n50,zone
b1,1930,mid-terrace,62,2,solid_brick,natural_gas,,H1a
b2,1930,castle,62,2,solid_brick,natural_gas,,
b3,3000,mid-terrace,62,2,solid_brick,natural_gas,,
b4,1930,mid-terrace,,2,solid_brick,natural_gas,,
b5,1930,mid-terrace,62,2.5,solid_brick,natural_gas,,
b6,1930,mid-terrace,62,2,straw,natural_gas,,
b7,1930,mid-terrace,62,2,solid_brick,coal,,
b8,1930,mid-terrace,62,2,solid_brick,natural_gas,4.0,
b9,,mid-terrace,62,2,solid_brick,natural_gas,,
b10,1930,mid-terrace,62,2,solid_brick,natural_gas,,H9
b11,1930,mid-terrace,5,1,solid_brick,natural_gas,,
"""
    s = stock.read_csv(io.StringIO(text))
    assert s.table["id"].tolist() == ["b1"]
    got = [(b.row, b.column) for b in s.errors]
    assert got == [(3, "house_type"), (4, "period"), (5, "floor_area"), (6, "storeys"), (7, "wall_material"),
                   (8, "main_energy"), (9, "n50"), (10, "period"), (11, "zone"), (12, "floor_area")]
    # every data row is either kept or reported
    assert len(s) + len({b.row for b in s.errors}) == 11
    why = {b.column: b.reason for b in s.errors}
    assert "detached, semi-detached, end-terrace, mid-terrace" in why["house_type"]
    assert "archetype rows only" in why["n50"]
    with pytest.raises(StockFileError) as err:
        stock.read_csv(io.StringIO(text), strict=True)
    assert len(err.value.bad_rows) == 10


def test_a_house_that_cannot_be_built_is_a_bad_row():
    """A plan with 99 % of its perimeter on party walls has no façade for its windows: reported (column house)."""
    recs = [{"id": "ok", "period": 1960, "house_type": "detached", "floor_area": 100, "storeys": 1},
            {"id": "thin", "period": 1960, "house_type": "mid-terrace", "floor_area": 990, "storeys": 10,
             "party_wall_length": 99.0, "footprint_perimeter": 100.0}]
    s = stock.Stock.from_records(recs)
    assert s.table["id"].tolist() == ["ok"]
    assert [(b.row, b.column) for b in s.errors] == [(2, "house")]
    assert "exceed" in s.errors[0].reason


def test_footprint_columns_without_polygons():
    """A BDNB-like CSV: footprint area, perimeter, party walls and storeys, no living area."""
    text = "id,period,house_type,storeys,footprint_area,footprint_perimeter,party_wall_length\nf1,1930,mid-terrace,2,54,30,18\n"
    s = stock.read_csv(io.StringIO(text))
    assert s.table.floor_area[0] == pytest.approx(2 * (54 - 0.3 * 30 + 0.36 + 0.15 * 18))
    h = s.house(0)
    w = np.sqrt(h.floor_area / 2 / 1.5)
    d = h.floor_area / 2 / w
    party = sum(e.area for e in h.elements if e.kind == "party_wall")
    assert party == pytest.approx(18 / 30 * 2 * (w + d) * 2 * 2.7)


def test_party_share_of_a_mid_terrace_equals_its_two_gables():
    """party_share = 2d / (2w + 2d) puts the party walls where the house type does: same H."""
    a = typology.house("1948-1974", "mid-terrace", 80, 2, "hollow_brick")
    w = np.sqrt(40 / 1.5)
    d = 40 / w
    b = typology.house("1948-1974", "mid-terrace", 80, 2, "hollow_brick", party_share=2 * d / (2 * w + 2 * d))
    assert b.heat_loss().h_total == pytest.approx(a.heat_loss().h_total, rel=1e-9)


def test_heritage_zone_and_altitude():
    recs = [{"id": "h", "period": 1920, "house_type": "end-terrace", "floor_area": 70, "storeys": 2,
             "heritage": True, "zone": "h2d", "altitude": 600}]
    s = stock.Stock.from_records(recs)
    h = s.house(0)
    assert h.heritage and h.zone == "H2d" and h.altitude == 600
    # the street façade of a heritage row may not be insulated from outside; the others may
    with pytest.raises(ConstraintError, match="wall_front"):
        ExternalWallInsulation(thickness=0.14).apply(h)
    back = ExternalWallInsulation(thickness=0.14, where="not_street").apply(h)
    assert back.element("wall_front").u == h.element("wall_front").u
    assert back.element("wall_back").u < 0.3 < h.element("wall_back").u


def test_cells():
    assert check_cell("period", 1948) == ("1948-1974", None)
    assert check_cell("period", "Before 1948") == ("before-1948", None)
    assert check_cell("wall_material", "Solid-Brick") == ("solid_brick", None)
    assert check_cell("storeys", "3") == (3, None)
    assert check_cell("zone", "H1A") == ("H1a", None)
    assert is_typology_row({"id": "x", "archetype": "", "period": 1930})
    assert not is_typology_row({"id": "x", "floor_area": 60})


def test_round_trip_through_csv(tmp_path):
    s = stock.read_csv(io.StringIO(CSV))
    s.to_csv(tmp_path / "s.csv")
    back = stock.read(tmp_path / "s.csv", strict=True)
    for i in range(len(s)):
        assert back.house(i).heat_loss().h_total == pytest.approx(s.house(i).heat_loss().h_total, rel=1e-12)


def test_programme_on_typology_rows_equals_the_houses():
    s = stock.read_csv(io.StringIO(CSV))
    res = rehab.Programme(s, packages=["bbc-renovation"]).run()
    base = res.table[res.table.scenario == "baseline"].set_index("house_id")
    for i, hid in enumerate(s.table["id"]):
        h = s.house(i)
        assert base.loc[hid, "heating_need_kwh"] == pytest.approx(rehab.simulate(h).heating_need_kwh, rel=1e-9)
        assert base.loc[hid, "dpe_class"] == labels.dpe(h, res.settings["date"]).label
    assert set(res.aggregate(by="street").index.get_level_values(0)) == {"rue Basly"}


def test_the_108_dpe_records_as_a_typology_stock():
    """The 108 certified DPEs described only by typology columns, read as a stock CSV."""
    recs = dpe.read_folder(XML)
    rows = []
    for r in recs:
        t = dpe.to_typology(r)
        rows.append({"id": r.id, "period": t["period"], "house_type": t["house_type"],
                     "floor_area": t["floor_area"], "storeys": t["storeys"], "wall_material": t["wall_material"],
                     "main_energy": t["heating"], "zone": r.house.zone, "altitude": r.house.altitude})
    text = pd.DataFrame(rows).to_csv(index=False)
    s = stock.read_csv(io.StringIO(text))
    assert s.errors == [] and len(s) == len(recs) == 108
    # the same houses as rehab.typology's parameter table (tests/test_typology.py)
    df = pd.DataFrame(rows)
    p = typology.parameters(df.period, df.house_type, df.floor_area, df.storeys, df.wall_material,
                            heating=df.main_energy)
    direct = typology.houses(p, list(df["id"]), zone=list(df.zone), altitude=list(df.altitude))
    h_stock = np.array([h.heat_loss().h_total for h in s.houses()])
    h_direct = np.array([h.heat_loss().h_total for h in direct])
    np.testing.assert_allclose(h_stock, h_direct, rtol=1e-12)


def test_rehab_programme_on_a_typology_stock_file(tmp_path, capsys):
    from rehab.cli import main

    p = tmp_path / "stock.csv"
    p.write_text(CSV, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["programme", str(p), "--packages", "attic-only", "--out", str(out), "--format", "csv",
                 "--no-progress"])
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out / "table.csv")
    assert sorted(table["house_id"].unique()) == ["a1", "t1", "t2", "t3"]
    assert "rue Basly" in (out / "by_street.csv").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace("t3,,2008,detached,120", "t3,,2008,tower,120"), encoding="utf-8")
    assert main(["programme", str(bad), "--out", str(tmp_path / "out2"), "--no-progress"]) == 2
    assert "row 4, column 'house_type': 'tower' -> must be one of" in capsys.readouterr().err
