"""Spreadsheet export (openpyxl, extra ``rehab[xlsx]``): one sheet per table.

Landlords' asset teams work in spreadsheets. :func:`write_xlsx` writes
DataFrames (a programme's tables, :func:`rehab.assess` results, the report's
tables through ``rehab.report.write_tables(..., format="xlsx")``) into one
workbook where

* each table is one sheet, named after its key (cut to Excel's 31
  characters, made unique);
* each column header carries its unit (``net_cost_eur`` -> ``net_cost_eur
  [EUR]``), from ``DataFrame.attrs["units"]`` when the table has it, else
  from the column name's suffix (:func:`column_unit`);
* the header row is frozen, bold, with an autofilter;
* numbers get a number format (euros and kWh with thousands separators and
  no decimals, other floats two decimals);
* text cells are protected against formula injection by the project's one
  rule (:func:`rehab.safeio.neutralise`, OWASP "CSV Injection"): a text
  starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return that
  is not a plain number is stored with a leading apostrophe; and text cells
  are always written with the string type, never as formulas;
* the file is written atomically and an existing one is refused unless
  ``overwrite=True`` (:mod:`rehab.safeio`).

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> from rehab import spreadsheet
>>> df = pd.DataFrame({"house_id": ["=HYPERLINK(1)"], "net_cost_eur": [12345.6]})
>>> with tempfile.TemporaryDirectory() as d:
...     p = spreadsheet.write_xlsx({"choice": df}, pathlib.Path(d) / "t.xlsx")
...     back = spreadsheet.read_xlsx(p)["choice"]
>>> list(back.columns)
['house_id', 'net_cost_eur [EUR]']
>>> back.iloc[0, 0]
"'=HYPERLINK(1)"
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, require_extra
from .safeio import atomic_file, neutralise

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["column_unit", "read_xlsx", "write_xlsx"]

log = logging.getLogger(__name__)

#: Column-name suffixes and their units (longest first), rehab's naming convention.
SUFFIX_UNITS = (
    ("_eur_per_kwh", "EUR/kWh"),
    ("_eur_t", "EUR/tCO2e"),
    ("_eur_m2", "EUR/m²"),
    ("_kwhep_m2", "kWhEP/(m²·yr)"),
    ("_kwh_m2", "kWh/(m²·yr)"),
    ("_kwh_per_m2", "kWh/(m²·yr)"),
    ("_kgco2_m2", "kgCO2e/(m²·yr)"),
    ("_eur", "EUR"),
    ("_kwh", "kWh"),
    ("_mwh", "MWh"),
    ("_kg", "kgCO2e"),
    ("_t", "tCO2e"),
    ("_m2", "m²"),
    ("_m3", "m³"),
    ("_w", "W"),
    ("_w_k", "W/K"),
    ("_pct", "%"),
    ("_years", "yr"),
)

_MONEY = "#,##0"
_COUNT = "#,##0"
_FLOAT = "#,##0.00"
_FLOAT_1 = "#,##0.0"


def column_unit(name: str, units: Mapping[str, str] | None = None) -> str:
    """The unit of a column: from ``units`` (a table's ``attrs["units"]``), else its suffix.

    >>> column_unit("net_cost_eur"), column_unit("cep_kwhep_m2"), column_unit("scenario")
    ('EUR', 'kWhEP/(m²·yr)', '')
    """
    if units and units.get(name):
        return str(units[name])
    n = str(name).lower()
    for suffix, unit in SUFFIX_UNITS:
        if n.endswith(suffix):
            return unit
    return ""


def _sheet_names(keys: list[str]) -> list[str]:
    """Excel sheet names: no []:*?/\\, at most 31 characters, unique (case-insensitive)."""
    out: list[str] = []
    seen: set[str] = set()
    for k in keys:
        base = re.sub(r"[\[\]:*?/\\]", "_", str(k)).strip("'") or "sheet"
        name, i = base[:31], 1
        while name.lower() in seen:
            i += 1
            name = f"{base[: 31 - len(str(i)) - 1]}_{i}"
        seen.add(name.lower())
        out.append(name)
    return out


def _number_format(unit: str, values: Any) -> str:
    import pandas as pd

    if unit.startswith(("EUR", "kWh", "MWh", "kgCO2e")):
        return _FLOAT_1 if "m²" in unit else _MONEY
    if pd.api.types.is_integer_dtype(values) or pd.api.types.is_bool_dtype(values):
        return _COUNT
    return _FLOAT


def _cell_value(v: Any) -> tuple[Any, bool]:
    """(value for openpyxl, is text)."""
    import numpy as np

    if v is None:
        return None, False
    if isinstance(v, (bool, np.bool_)):
        return bool(v), False
    if isinstance(v, (int, np.integer)):
        return int(v), False
    if isinstance(v, (float, np.floating)):
        return (None if math.isnan(v) or math.isinf(v) else float(v)), False
    try:
        import pandas as pd

        if pd.isna(v):
            return None, False
        if isinstance(v, pd.Timestamp):
            return v.tz_localize(None).to_pydatetime() if v.tzinfo else v.to_pydatetime(), False
    except (TypeError, ValueError):
        pass
    return neutralise(str(v)), True


def write_xlsx(
    tables: Mapping[str, pd.DataFrame], path: str | Path, *, overwrite: bool = False
) -> Path:
    """Write tables into one workbook, one sheet per table.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Sheet name -> table. A named index (or a MultiIndex) is written as
        the first columns.
    path : str or Path
        The ``.xlsx`` file (parent folders are created).
    overwrite : bool
        Replace an existing file (refused otherwise,
        :class:`rehab.safeio.OutputExistsError`).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    MissingExtraError
        Without openpyxl (``pip install "rehab[xlsx]"``).
    InputError
        If ``tables`` is empty or holds something else than DataFrames.
    """
    import pandas as pd

    openpyxl = require_extra("openpyxl", "xlsx", "writing spreadsheets")
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if not tables:
        raise InputError("write_xlsx: no table given")
    for k, df in tables.items():
        if not isinstance(df, pd.DataFrame):
            raise InputError(f"write_xlsx: table {k!r} is a {type(df).__name__}, not a DataFrame")
    path = Path(path)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE5EE")
    for name, (_key, df) in zip(_sheet_names(list(tables)), tables.items(), strict=True):
        units = dict(df.attrs.get("units", {}) or {})
        if df.index.names != [None] and not isinstance(df.index, pd.RangeIndex):
            df = df.reset_index()
        ws = wb.create_sheet(name)
        cols = [str(c) for c in df.columns]
        col_units = [column_unit(c, units) for c in cols]
        ws.append([neutralise(f"{c} [{u}]" if u else c) for c, u in zip(cols, col_units, strict=True)])
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        formats = [
            _number_format(u, df[c]) if pd.api.types.is_numeric_dtype(df[c]) else None
            for c, u in zip(df.columns, col_units, strict=True)
        ]
        for row in df.itertuples(index=False, name=None):
            ws.append([_cell_value(v)[0] for v in row])
        for j, fmt in enumerate(formats, start=1):
            letter = get_column_letter(j)
            width = max(10, min(40, len(ws.cell(1, j).value or "") + 2))
            ws.column_dimensions[letter].width = width
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
                elif fmt and cell.value is not None:
                    cell.number_format = fmt
        ws.freeze_panes = "A2"
        if len(df.columns):
            ws.auto_filter.ref = ws.dimensions
        log.debug("sheet %s: %d rows × %d columns", name, len(df), len(df.columns))
    with atomic_file(path, overwrite=overwrite, what="spreadsheet") as tmp:
        wb.save(tmp)
    log.info("wrote %d sheet(s) to %s", len(tables), path)
    return path


def read_xlsx(path: str | Path) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook as a DataFrame (header row as the columns), as written.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    dict of str to pandas.DataFrame
        Sheet name -> table; values as stored (a neutralised text keeps its
        leading apostrophe).
    """
    import pandas as pd

    openpyxl = require_extra("openpyxl", "xlsx", "reading spreadsheets")
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    out = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        out[ws.title] = pd.DataFrame(rows[1:], columns=rows[0]) if rows else pd.DataFrame()
    wb.close()
    return out
