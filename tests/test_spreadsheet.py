"""rehab.spreadsheet: one sheet per table, units in headers, frozen header, formats, no formula injection."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import rehab
from rehab import spreadsheet
from rehab.errors import InputError


def test_sheets_units_formats_and_injection(tmp_path):
    evil = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "coron 12"]
    df = pd.DataFrame(
        {
            "street": evil,
            "net_cost_eur": [1234.5, 0.0, np.nan, 10.0, 20.0, 30.0],
            "houses": np.arange(6),
            "cep_kwhep_m2": [300.123] * 6,
        }
    )
    agg = pd.DataFrame({"p50": [1.5]}, index=pd.Index(["npv_eur"], name="quantity"))
    agg.attrs["units"] = {"p50": "EUR"}
    long_name = "x" * 40
    path = spreadsheet.write_xlsx({"choice": df, "uncertainty": agg, long_name: df}, tmp_path / "a" / "t.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["choice", "uncertainty", "x" * 31]
    ws = wb["choice"]
    assert [c.value for c in ws[1]] == [
        "street",
        "net_cost_eur [EUR]",
        "houses",
        "cep_kwhep_m2 [kWhEP/(m²·yr)]",
    ]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D7"
    texts = [ws.cell(i, 1) for i in range(2, 8)]
    # rehab.safeio's rule: formulas get an apostrophe, a plain number ("+1") stays as it is
    assert [c.value for c in texts] == [
        "'" + evil[0], "+1", "'-2+3", "'@SUM(A1)", "'\tx", "coron 12"
    ]
    assert all(c.data_type == "s" for c in texts)  # stored as strings, never formulas
    assert ws.cell(2, 2).value == 1234.5 and ws.cell(2, 2).number_format == "#,##0"
    assert ws.cell(4, 2).value is None  # NaN -> empty cell
    assert ws.cell(2, 3).number_format == "#,##0" and ws.cell(2, 4).number_format == "#,##0.0"
    u = wb["uncertainty"]
    assert [c.value for c in u[1]] == ["quantity", "p50 [EUR]"] and u.cell(2, 1).value == "npv_eur"


def test_an_existing_file_is_refused_unless_overwrite(tmp_path):
    from rehab.safeio import OutputExistsError

    df = pd.DataFrame({"a": [1]})
    p = spreadsheet.write_xlsx({"t": df}, tmp_path / "t.xlsx")
    with pytest.raises(OutputExistsError, match="overwrite"):
        spreadsheet.write_xlsx({"t": df}, p)
    spreadsheet.write_xlsx({"u": df}, p, overwrite=True)
    assert load_workbook(p).sheetnames == ["u"]
    assert [q.name for q in tmp_path.iterdir()] == ["t.xlsx"]  # no temporary file left


def test_assess_table_round_trips(tmp_path):
    house = rehab.archetypes.get("coron-mid-terrace")
    table = rehab.assess(house, packages=["attic-only"])
    back = spreadsheet.read_xlsx(spreadsheet.write_xlsx({"assess": table}, tmp_path / "a.xlsx"))["assess"]
    assert len(back) == len(table)
    col = next(c for c in back.columns if c.startswith("net_cost_eur"))
    assert back[col].astype(float).to_numpy() == pytest.approx(table["net_cost_eur"].to_numpy(float), nan_ok=True)


def test_bad_input():
    with pytest.raises(InputError, match="no table"):
        spreadsheet.write_xlsx({}, "x.xlsx")
    with pytest.raises(InputError, match="'t' is a list"):
        spreadsheet.write_xlsx({"t": [1]}, "x.xlsx")


def test_column_unit_rules():
    assert spreadsheet.column_unit("co2_abatement_eur_t") == "EUR/tCO2e"
    assert spreadsheet.column_unit("co2_saved_t") == "tCO2e"
    assert spreadsheet.column_unit("reaching_c") == ""
    assert spreadsheet.column_unit("x", {"x": "W"}) == "W"
