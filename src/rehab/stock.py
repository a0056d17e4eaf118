"""Housing stocks: one row per dwelling, read from and written to CSV, Parquet and GeoJSON.

A stock row names an archetype and overrides what is known of the dwelling:

==================  ==========  ===============================================
column              unit        meaning
==================  ==========  ===============================================
id                  —           unique identifier (required)
archetype           —           one of :func:`rehab.archetypes.names` (required)
address, street,    —           free text (street and cité are aggregation keys)
cite
owner               —           owner_occupier, social_landlord, private_landlord
                                (default social_landlord)
income              —           tres_modestes, modestes, intermediaires,
                                superieurs (owner-occupiers; MaPrimeRénov')
azimuth             deg         orientation of the street façade (0 = N, 180 = S)
floor_area          m²          living area
wall_thickness      m           thickness of the main masonry layer
window_scale        —           factor on every window area of the archetype
n50                 1/h         airtightness (blower-door result)
heating, dhw        —           system presets (``rehab.systems.heating_presets()``)
heritage            bool        street façade protected (no external insulation)
erbm                bool        social mining house of an ERBM cité operation
                                (the ERBM grants count, ``rehab.subsidies_social``)
observed_carrier    —           carrier of an observed annual consumption
observed_kwh        kWh/yr      that consumption (calibration)
longitude,          deg         position (GeoJSON point), optional
latitude
period, house_type  …           instead of ``archetype``: the dwelling from its
…                               typology (:mod:`rehab.stock_typology`)
==================  ==========  ===============================================

Validation is per row: every bad cell is reported with its row number (as in
the file: header = row 1 for CSV, feature index + 1 for GeoJSON), column,
value and reason, and every good row is kept. ``strict=True`` raises
:class:`rehab.errors.StockFileError` listing every bad row instead.

Examples
--------
>>> import io
>>> from rehab import stock
>>> text = '''id,archetype,floor_area,azimuth,owner
... a1,coron-mid-terrace,58,180,social_landlord
... a2,coron-mid-terrace,-3,180,social_landlord
... a3,castle,70,90,social_landlord
... '''
>>> s = stock.read_csv(io.StringIO(text))
>>> len(s), [str(e) for e in s.errors]  # doctest: +NORMALIZE_WHITESPACE
(1, ["row 3, column 'floor_area': '-3' -> must be > 10 and <= 1000 m²",
     "row 4, column 'archetype': 'castle' -> unknown archetype; one of castors-detached, cite-jardin-detached, cite-moderne-semi, cite-pavillonnaire-semi, coron-end-terrace, coron-mid-terrace, castors-detached-partly-renovated, cite-jardin-detached-partly-renovated, cite-moderne-semi-partly-renovated, cite-pavillonnaire-semi-partly-renovated, coron-end-terrace-partly-renovated, coron-mid-terrace-partly-renovated"])
>>> round(s.house(0).floor_area, 6)
58.0
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import stock_typology
from .errors import BadRow, InputError, StockFileError, require_extra

if TYPE_CHECKING:
    import pandas as pd

    from .house import House

__all__ = [
    "COLUMNS",
    "OWNERS",
    "Stock",
    "demo",
    "neighbourhood",
    "read",
    "read_csv",
    "read_dpe_folder",
    "read_geojson",
    "read_gis",
    "read_parquet",
]

OWNERS = ("owner_occupier", "social_landlord", "private_landlord")
INCOMES = ("tres_modestes", "modestes", "intermediaires", "superieurs")

#: column -> (kind, unit or allowed values, range)
COLUMNS: dict[str, tuple[str, Any, tuple[float, float] | None]] = {
    "id": ("str", None, None),
    "archetype": ("archetype", None, None),
    "address": ("str", None, None),
    "street": ("str", None, None),
    "cite": ("str", None, None),
    "owner": ("choice", OWNERS, None),
    "income": ("choice", INCOMES, None),
    "azimuth": ("float", "deg", (0.0, 360.0)),
    "floor_area": ("float", "m²", (10.0, 1000.0)),
    "wall_thickness": ("float", "m", (0.05, 1.5)),
    "window_scale": ("float", "", (0.0, 5.0)),
    "n50": ("float", "1/h", (0.1, 60.0)),
    "heating": ("heating", None, None),
    "dhw": ("dhw", None, None),
    "heritage": ("bool", None, None),
    "erbm": ("bool", None, None),
    "observed_carrier": ("carrier", None, None),
    "observed_kwh": ("float", "kWh/yr", (0.0, 1e7)),
    "longitude": ("float", "deg", (-180.0, 180.0)),
    "latitude": ("float", "deg", (-90.0, 90.0)),
    **stock_typology.TYPOLOGY_COLUMNS,
}
_REQUIRED = ("id", "archetype")
_OVERRIDES = ("azimuth", "floor_area", "wall_thickness", "window_scale", "n50", "heating", "dhw", "heritage")
#: Overrides that change the layout (checked against the archetype's façades).
_LAYOUT_OVERRIDES = ("floor_area", "window_scale", "wall_thickness", "azimuth")
_TRUE = {"1", "true", "yes", "y", "oui", "t"}


@lru_cache(maxsize=65536)
def _layout_check(archetype: str, overrides: tuple[tuple[str, Any], ...]) -> list[tuple[str, str]]:
    from . import archetypes

    return archetypes.check(archetype, **dict(overrides))
_FALSE = {"0", "false", "no", "n", "non", "f", ""}


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    return isinstance(v, str) and v.strip() == ""


def _choices() -> dict[str, list[str]]:
    from . import archetypes, factors, systems

    return {
        "archetype": archetypes.names() + archetypes.variants(),
        "heating": systems.heating_presets(),
        "dhw": systems.dhw_presets(),
        "carrier": list(factors.CARRIERS),
    }


def _check_cell(col: str, v: Any, choices: dict[str, list[str]]) -> tuple[Any, str | None]:
    """(clean value, error reason or None) for one cell."""
    kind, spec, rng = COLUMNS[col]
    if _is_missing(v):
        return None, ("is required" if col in _REQUIRED else None)
    if kind == "str":
        return str(v).strip(), None
    if kind == "typology":
        return stock_typology.check_cell(col, v)
    if kind in ("archetype", "heating", "dhw", "carrier"):
        s = str(v).strip()
        if kind in ("heating", "dhw"):
            s = s.replace("_", "-")
        if s not in choices[kind]:
            return None, f"unknown {kind}; one of {', '.join(choices[kind])}"
        return s, None
    if kind == "choice":
        s = str(v).strip().lower().replace(" ", "_").replace("-", "_").replace("è", "e").replace("é", "e")
        if s not in spec:
            return None, f"must be one of {', '.join(spec)}"
        return s, None
    if kind == "bool":
        if isinstance(v, (bool, np.bool_)):
            return bool(v), None
        s = str(v).strip().lower()
        if s in _TRUE:
            return True, None
        if s in _FALSE:
            return False, None
        return None, "must be true/false (or 1/0, yes/no)"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None, f"not a number{f' in {spec}' if spec else ''}"
    lo, hi = rng
    if not (np.isfinite(f) and (f > lo if col in ("floor_area",) else f >= lo) and f <= hi):
        low = f"> {lo:g}" if col == "floor_area" else f">= {lo:g}"
        return None, f"must be {low} and <= {hi:g}{' ' + spec if spec else ''}"
    return f, None


@dataclass
class Stock:
    """A validated housing stock.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per valid dwelling (columns of ``COLUMNS`` that were given
        plus defaults); index 0..n-1.
    errors : list of BadRow
        Every refused cell of the source (its rows are not in ``table``).
    source : str
        Where it was read from.
    notes : list of str
        What the reader detected (encoding, separator, decimal mark, CRS).
    """

    table: pd.DataFrame
    errors: list[BadRow] = field(default_factory=list)
    source: str = "<memory>"
    rows: list[int] | None = None
    objects: list[Any] | None = None
    notes: list[str] = field(default_factory=list)  # what a reader detected (encoding, separator, CRS)

    @classmethod
    def from_houses(
        cls,
        houses: Sequence[House],
        *,
        owner: str = "social_landlord",
        income: str | None = None,
        source: str = "<houses>",
    ) -> Stock:
        """A stock of given :class:`rehab.House` objects (each dwelling as described).

        Other tools hand over Houses (a DPE record, a typology house, a
        house built layer by layer): each is one dwelling, computed exactly
        as it is; its id is its name (numbered when names repeat), its
        heating and hot-water systems its own.

        Parameters
        ----------
        houses : sequence of House
        owner : {"owner_occupier", "social_landlord", "private_landlord"}
            Owner type of every dwelling.
        income : str, optional
            Income category of the occupants (aids), one of ``INCOMES``.

        Examples
        --------
        >>> import rehab
        >>> s = Stock.from_houses([rehab.archetypes.get("coron-mid-terrace")] * 2)
        >>> s.table["id"].tolist()
        ['coron-mid-terrace-1', 'coron-mid-terrace-2']
        """
        import pandas as pd

        from .house import House

        if owner not in OWNERS:
            raise InputError(f"owner: {owner!r}; allowed {', '.join(OWNERS)}")
        if income is not None and income not in INCOMES:
            raise InputError(f"income: {income!r}; allowed {', '.join(INCOMES)} or None")
        given = list(houses)
        for i, h in enumerate(given):
            if not isinstance(h, House):
                raise InputError(f"houses[{i}]: {type(h).__name__}; give rehab.House objects")
        errors = [
            BadRow(i + 1, use, h.name, f"house {h.name!r} has no {use} system: give House({use}=...)")
            for i, h in enumerate(given)
            for use in ("heating", "dhw")
            if getattr(h, use) is None
        ]
        dropped = {e.row for e in errors}
        rows = [i + 1 for i in range(len(given)) if i + 1 not in dropped]
        objs = [given[r - 1] for r in rows]
        names = [h.name for h in objs]
        counts: dict[str, int] = {}
        for nm in names:
            counts[nm] = counts.get(nm, 0) + 1
        seen: dict[str, int] = {}
        ids = []
        for nm in names:
            if counts[nm] > 1:
                seen[nm] = seen.get(nm, 0) + 1
                ids.append(f"{nm}-{seen[nm]}")
            else:
                ids.append(nm)
        table = pd.DataFrame(
            {
                "id": ids,
                "archetype": [getattr(h, "archetype", None) or "" for h in objs],
                "owner": owner,
                "income": income,
                "floor_area": [h.floor_area for h in objs],
                "heritage": [bool(getattr(h, "heritage", False)) for h in objs],
            }
        )
        return cls(table=table, errors=errors, source=source, rows=rows, objects=objs)

    def __len__(self) -> int:
        return len(self.table)

    def row_numbers(self) -> np.ndarray:
        """Row number in the source of each valid row (as in :attr:`errors`)."""
        if self.rows is not None and len(self.rows) == len(self.table):
            return np.asarray(self.rows, dtype=np.int64)
        return np.arange(1, len(self.table) + 1, dtype=np.int64)

    @classmethod
    def from_records(cls, records: list[dict[str, Any]], *, strict: bool = False, source: str = "<records>",
                     first_row: int = 1) -> Stock:
        """Validate records (one dict per dwelling).

        Parameters
        ----------
        records : list of dict
        strict : bool
            Raise StockFileError on any bad row (listing all of them).
        source : str
            Name used in messages.
        first_row : int
            Row number of the first record in the source (2 for a CSV with
            a header line).

        Returns
        -------
        Stock
        """
        keys = list(dict.fromkeys(k for rec in records for k in rec))
        cols = {k: [rec.get(k) for rec in records] for k in keys}
        given = None
        if any(len(rec) != len(keys) for rec in records):
            given = {k: np.fromiter((k in rec for rec in records), dtype=bool, count=len(records)) for k in keys}
        return cls._from_columns(cols, len(records), given, strict=strict, source=source, first_row=first_row)

    @classmethod
    def from_columns(cls, cols: dict[Any, list[Any]], *, strict: bool = False, source: str = "<columns>",
                     first_row: int = 1) -> Stock:
        """Validate columns of cells (a list per column, every column as long; None: missing).

        The same checks and messages as :meth:`from_records` on the records
        these columns make (record i holds every column's cell i), without
        a dict per record.
        """
        sizes = {len(v) for v in cols.values()}
        if len(sizes) > 1:
            raise InputError(f"Stock.from_columns: columns of different lengths {sorted(sizes)}")
        n = sizes.pop() if sizes else 0
        return cls._from_columns({k: list(v) for k, v in cols.items()}, n, None, strict=strict, source=source,
                                 first_row=first_row)

    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, strict: bool = False, source: str = "<DataFrame>",
                   first_row: int = 1) -> Stock:
        """Validate a DataFrame (one row per dwelling, columns of ``COLUMNS`` or ``extra_*``).

        The same checks and messages as :meth:`from_records` on its records
        (a missing cell: None, NaN or pandas NA), read column by column.
        """
        import pandas as pd

        na = pd.NA
        cols = {}
        for k in df.columns:
            vals = df[k].tolist()
            cols[k] = [None if (v is None or v is na or (type(v) is float and v != v)) else v for v in vals]
        return cls._from_columns(cols, len(df), None, strict=strict, source=source, first_row=first_row)

    @classmethod
    def _from_columns(cls, cols: dict[Any, list[Any]], n: int, given: dict[Any, np.ndarray] | None, *,
                      strict: bool, source: str, first_row: int) -> Stock:
        """Validate columns of cells (``given[k][i]``: record i has key k; None: every record has every key).

        Every cell is checked by its column's rule (:func:`_check_cell`, once per distinct
        value, or on arrays for numbers); the row rules (required cells, duplicate ids,
        observed pairs, the archetype's layout limits, typology rows) on arrays; each bad
        cell is reported with its row number, column, value and reason, in the order of
        the row's columns.
        """
        import pandas as pd

        choices = _choices()
        rowno = first_row + np.arange(n)
        has = (lambda k: given[k]) if given is not None else (lambda k: np.ones(n, dtype=bool))
        problems: list[tuple[int, int, BadRow]] = []  # (record, order within the row, BadRow)
        order = 0
        unknown = [k for k in cols if k not in COLUMNS and not str(k).startswith("extra_")]
        allowed_cols = ", ".join(COLUMNS)
        bad_row = np.zeros(n, dtype=bool)
        for k in unknown:
            for i in np.flatnonzero(has(k)):
                problems.append((int(i), order, BadRow(int(rowno[i]), str(k), cols[k][i],
                                                        f"unknown column; allowed: {allowed_cols} (or extra_*)")))
            bad_row |= has(k)
            order += 1
        typ = _typology_rows(cols, n)
        clean: dict[str, tuple[list[Any], np.ndarray]] = {}
        for col in COLUMNS:
            vals = cols.get(col)
            if vals is None:  # not given: every cell missing
                vals = [None] * n
                out, present = vals, np.zeros(n, dtype=bool)
                reasons = np.full(n, "is required" if col in _REQUIRED else None, dtype=object)
            else:
                out, present, reasons = _check_column(col, vals, choices)
            if col == "archetype":
                reasons[typ & (reasons == "is required")] = None  # a typology row (rehab.stock_typology)
            for i in np.flatnonzero(reasons != None):  # noqa: E711
                problems.append((int(i), order, BadRow(int(rowno[i]), col, vals[i], reasons[i])))
                bad_row[i] = True
            order += 1
            clean[col] = (out, present)
        # duplicate ids (the first row of an id is the reference, whatever its other cells)
        ids, id_ok = clean["id"]
        seen: dict[Any, int] = {}
        for i in np.flatnonzero(id_ok):
            first = seen.setdefault(ids[i], int(rowno[i]))
            if first != rowno[i]:
                problems.append((int(i), order, BadRow(int(rowno[i]), "id", ids[i], f"duplicate id (first at row {first})")))
                bad_row[i] = True
        order += 1
        kwh, kwh_ok = clean["observed_kwh"]
        pair = kwh_ok != clean["observed_carrier"][1]
        for i in np.flatnonzero(pair):
            problems.append((int(i), order, BadRow(int(rowno[i]), "observed_kwh", kwh[i] if kwh_ok[i] else None,
                                                    "observed_kwh and observed_carrier go together")))
        bad_row |= pair
        order += 1
        # the limits the engine applies (windows and door fit each façade …)
        arch, arch_ok = clean["archetype"]
        for i in _layout_rows(clean, ~bad_row & arch_ok, n):
            geo = {c: clean[c][0][i] for c in _LAYOUT_OVERRIDES if clean[c][1][i]}
            for col, reason in _layout_check(arch[i], tuple(sorted(geo.items()))):
                problems.append((int(i), order, BadRow(int(rowno[i]), col, geo.get(col, arch[i]), reason)))
                bad_row[i] = True
        order += 1
        extras = [k for k in cols if str(k).startswith("extra_")]
        late: dict[int, list[str]] = {}
        for i in np.flatnonzero(typ & ~bad_row):
            rec = _row_dict(clean, extras, cols, has, int(i))
            known = set(rec)
            why = stock_typology.row_problems(rec)
            for c, v, reason in why:
                problems.append((int(i), order, BadRow(int(rowno[i]), c, v, reason)))
                bad_row[i] = True
            for c in rec:  # row_problems may fill the living area in (after the row's other cells)
                if c not in known and c in clean:
                    clean[c][0][i] = rec[c]
                    clean[c][1][i] = True
                    late.setdefault(int(i), []).append(c)
        problems.sort(key=lambda p: (p[0], p[1]))
        bad = [p[2] for p in problems]
        if strict and bad:
            raise StockFileError(source, bad)
        good = np.flatnonzero(~bad_row)
        table = _good_table(pd, clean, extras, cols, has, good, late)
        st = cls(table=table, errors=bad, source=source, rows=[int(r) for r in rowno[good]])
        if ("archetype" not in table.columns or table["archetype"].isna().any()
                or {"zone", "altitude"} & set(table.columns)):  # typology rows, places: a House each
            st = stock_typology.with_houses(st, strict=strict)
        return st

    # ------------------------------------------------------------ houses
    def overrides(self, i: int) -> dict[str, Any]:
        """Archetype overrides of row ``i`` (only the given columns)."""
        row = self.table.iloc[i]
        out = {}
        for col in _OVERRIDES:
            if col in row.index and not _is_missing(row[col]):
                out[col] = row[col].item() if hasattr(row[col], "item") else row[col]
        out["name"] = str(row["id"])
        return out

    def house(self, i: int) -> House:
        """The House of row ``i`` (archetype with the row's overrides, or the given House)."""
        from . import archetypes

        if self.objects is not None:
            return self.objects[i]

        return archetypes.get(str(self.table["archetype"].iloc[i]), **self.overrides(i))

    def houses(self) -> Iterator[House]:
        """Every dwelling as a House, in row order."""
        for i in range(len(self)):
            yield self.house(i)

    def summary(self) -> pd.DataFrame:
        """Dwellings per archetype and owner type."""
        return self.table.groupby(["archetype", "owner"]).size().rename("dwellings").reset_index()

    # ------------------------------------------------------------ writers
    def to_csv(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the valid rows as CSV (formula-like text neutralised, atomic; see :mod:`rehab.safeio`).

        An existing file is refused unless ``overwrite``; an empty stock is
        refused (:func:`read_csv` refuses a file with a header and no rows).
        """
        from .safeio import write_csv

        if len(self.table) == 0:  # read_csv refuses a header-only file: do not write one
            raise InputError(f"stock {self.source!r} has no dwellings: nothing to write to {str(path)!r}")
        return write_csv(self.table, path, overwrite=overwrite, what="stock CSV")

    def to_parquet(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the valid rows as Parquet (needs pyarrow: ``pip install "rehab[parquet]"``)."""
        from .safeio import atomic_file

        require_extra("pyarrow", "parquet", "writing Parquet stocks")
        with atomic_file(path, overwrite=overwrite, what="stock Parquet") as tmp:
            self.table.to_parquet(tmp, index=False)
        return Path(path)

    def to_geojson(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write a GeoJSON FeatureCollection (Point geometry from longitude/latitude when known)."""
        from .safeio import write_text
        from .stockio import json_value

        feats = []
        for rec in self.table.to_dict(orient="records"):
            props = {str(k): json_value(v) for k, v in rec.items()}
            lon, lat = props.pop("longitude", None), props.pop("latitude", None)
            geom = {"type": "Point", "coordinates": [lon, lat]} if lon is not None and lat is not None else None
            feats.append({"type": "Feature", "geometry": geom, "properties": props})
        text = json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, allow_nan=False)
        return write_text(path, text, overwrite=overwrite, what="stock GeoJSON")


def _typology_rows(cols: dict[Any, list[Any]], n: int) -> np.ndarray:
    """:func:`rehab.stock_typology.is_typology_row` of every record, on columns."""
    arch = cols.get("archetype")
    no_arch = np.ones(n, dtype=bool) if arch is None else np.fromiter(
        (not stock_typology._given(v) for v in arch), dtype=bool, count=n)
    if not no_arch.any():
        return no_arch
    out = np.zeros(n, dtype=bool)
    for c in stock_typology._DESCRIBING:
        if c in cols:
            out |= np.fromiter((stock_typology._given(v) for v in cols[c]), dtype=bool, count=n)
    return out & no_arch


def _check_column(col: str, vals: list[Any], choices: dict[str, list[str]]) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """:func:`_check_cell` of a column: (clean values, clean and given, reason or None per cell).

    Numbers are checked on arrays, other cells once per distinct value.
    """
    n = len(vals)
    out: list[Any] = [None] * n
    reasons = np.full(n, None, dtype=object)
    kind, spec, rng = COLUMNS[col]
    memo: dict[Any, tuple[Any, str | None]] = {}
    num = np.full(n, np.nan)
    is_num = np.zeros(n, dtype=bool)
    for i, v in enumerate(vals):
        t = type(v)
        if kind == "float" and (t is float or t is int):
            if v == v:  # NaN: missing
                num[i] = v
                is_num[i] = True
            continue
        if v is None:
            if col in _REQUIRED:
                reasons[i] = "is required"
            continue
        if kind == "str" and t is str:
            x = v.strip()
            if x:
                out[i] = x
            elif col in _REQUIRED:
                reasons[i] = "is required"
            continue
        try:
            got = memo.get((t, v))
            if got is None:
                got = memo[(t, v)] = _check_cell(col, v, choices)
        except TypeError:  # unhashable
            got = _check_cell(col, v, choices)
        out[i], reasons[i] = got
    if is_num.any():
        lo, hi = rng
        f = num[is_num]
        ok = np.isfinite(f) & ((f > lo) if col == "floor_area" else (f >= lo)) & (f <= hi)
        low = f"> {lo:g}" if col == "floor_area" else f">= {lo:g}"
        why = f"must be {low} and <= {hi:g}{' ' + spec if spec else ''}"
        idx = np.flatnonzero(is_num)
        for j, i in enumerate(idx.tolist()):
            if ok[j]:
                out[i] = float(f[j])
            else:
                reasons[i] = why
    present = np.fromiter((v is not None for v in out), dtype=bool, count=n)
    return out, present, reasons


def _layout_rows(clean: dict[str, tuple[list[Any], np.ndarray]], rows: np.ndarray, n: int) -> np.ndarray:
    """The rows among ``rows`` whose layout needs :func:`rehab.archetypes.check` (the others fit).

    A row fits, without the exact check, when its scaled footprint keeps both
    sides within the limits of :class:`rehab.geometry.BoxGeometry` and every
    façade keeps more than 1e-9 of its area once windows and door are
    placed (:func:`rehab.geometry.facade_overflows`), and its wall thickness
    (if given) passes the check alone; rows near a limit get the exact check.
    """
    from . import archetypes
    from .geometry import SIDES, BoxGeometry

    idx = np.flatnonzero(rows)
    if not len(idx):
        return idx
    arch = np.asarray(clean["archetype"][0], dtype=object)
    col = {c: (np.array([np.nan if v is None else v for v in clean[c][0]], dtype=float), clean[c][1])
           for c in ("floor_area", "window_scale", "wall_thickness")}
    exact = np.zeros(n, dtype=bool)
    for name in set(arch[idx].tolist()):
        sel = idx[arch[idx] == name]
        try:
            r = archetypes._resolved(name)
            g = BoxGeometry(**r["geometry"])
        except Exception:  # the exact check gives the reason
            exact[sel] = True
            continue
        fa, has_fa = col["floor_area"][0][sel], col["floor_area"][1][sel]
        k = np.where(has_fa, np.sqrt(np.where(has_fa, fa, 1.0) / (g.width * g.depth * g.storeys)), 1.0)
        ws = np.where(col["window_scale"][1][sel], col["window_scale"][0][sel], 1.0)
        fits = np.ones(len(sel), dtype=bool)
        for length in (g.width * k, g.depth * k):
            fits &= (length > 1.0 * (1 + 1e-9)) & (length <= 100.0 * (1 - 1e-9))
        h = g.wall_height
        for side in SIDES:
            if g.is_party(side):
                continue
            gross = g.side_length(side) * k * h
            w = float(r["windows"].get(side, 0.0)) * ws * k
            d = 1.8 if side == "front" else 0.0
            fits &= gross - w - d > 1e-9 * gross
        wt, has_wt = col["wall_thickness"][0][sel], col["wall_thickness"][1][sel]
        for t in set(wt[has_wt].tolist()):
            if _layout_check(name, (("wall_thickness", t),)):
                fits &= ~(has_wt & (wt == t))
        exact[sel[~fits]] = True
    return np.flatnonzero(exact)


def _row_dict(clean: dict[str, tuple[list[Any], np.ndarray]], extras: list[Any], cols: dict[Any, list[Any]],
              has: Any, i: int) -> dict[str, Any]:
    """Record ``i`` as its checked cells (the dict a row rule reads)."""
    rec = {c: clean[c][0][i] for c in COLUMNS if clean[c][1][i]}
    for k in extras:
        if has(k)[i]:
            rec[k] = cols[k][i]
    return rec


def _good_table(pd: Any, clean: dict[str, tuple[list[Any], np.ndarray]], extras: list[Any],
                cols: dict[Any, list[Any]], has: Any, good: np.ndarray, late: dict[int, list[str]]) -> Any:
    """The table of the good rows: their checked cells, owner and heritage defaulted, columns in
    the order in which they first appear row after row (a DataFrame of the rows' dicts)."""
    if not len(good):
        return pd.DataFrame(columns=["id", "archetype", "owner", "heritage"])
    nan = np.nan
    nc, ne = len(COLUMNS), len(extras)
    data: dict[Any, list[Any]] = {}
    first: dict[Any, tuple[int, float]] = {}
    pos = {c: j for j, c in enumerate(COLUMNS)}
    for c in COLUMNS:
        vals, present = clean[c]
        p = present[good]
        if c in ("owner", "heritage"):
            default = "social_landlord" if c == "owner" else False
            data[c] = [vals[i] if present[i] else default for i in good.tolist()]
            first[c] = (0, pos[c] if p[0] else nc + ne + (0 if c == "owner" else 1))
            continue
        if not p.any():
            continue
        data[c] = [vals[i] if present[i] else nan for i in good.tolist()]
        j = int(np.argmax(p))
        first[c] = (j, nc + ne - 0.5 if c in late.get(int(good[j]), ()) else pos[c])
    for e, k in enumerate(extras):
        p = has(k)[good]
        if not p.any():
            continue
        data[k] = [cols[k][i] if has(k)[i] else nan for i in good.tolist()]
        first[k] = (int(np.argmax(p)), nc + e)
    order = sorted(data, key=lambda c: first[c])
    return pd.DataFrame({c: data[c] for c in order})


def _from_parsed(parsed: Any, *, strict: bool, source: str) -> Stock:
    """Validate parsed records, keeping each row's number in the file (rehab.stockio.Parsed)."""
    import dataclasses
    import logging
    import re

    if parsed.footprints:  # polygons: area, party walls, attachment (rehab.footprint)
        from .footprint import annotate

        parsed.notes.extend(annotate(parsed.records, parsed.footprints))
    st = Stock.from_records(parsed.records, strict=False, source=source, first_row=0)
    rows = parsed.rows

    def true_row(k: int) -> int:
        return rows[k] if 0 <= k < len(rows) else k

    def fix(b: BadRow) -> BadRow:
        reason = re.sub(r"(first at row )(\d+)", lambda m: m.group(1) + str(true_row(int(m.group(2)))), b.reason)
        return dataclasses.replace(b, row=true_row(b.row), reason=reason)

    bad = sorted([*parsed.bad, *(fix(b) for b in st.errors)], key=lambda b: b.row)
    if strict and bad:
        raise StockFileError(source, bad)
    log = logging.getLogger(__name__)
    for note in parsed.notes:
        log.info("%s: %s", source, note)
    log.info("stock %s: %d dwelling(s) kept, %d row(s) refused", source, len(st), len(bad))
    st.errors, st.notes = bad, list(parsed.notes)
    st.rows = [true_row(k) for k in (st.rows or [])]  # the valid rows' numbers in the file too
    return st


def read_csv(path: Any, *, strict: bool = False) -> Stock:
    """Read a CSV stock (header line = row 1; every row numbered as its line in the file).

    Encoding (UTF-8, Windows-1252, Latin-1), separator (``,`` ``;`` tab
    ``|``) and a decimal comma are detected and stated in ``stock.notes``; a
    ``#`` is data, never a comment; rows with too few cells are reported
    (:mod:`rehab.stockio`).

    Raises
    ------
    InputError
        Unreadable, empty or header-only file.
    StockFileError
        ``strict=True`` and a bad row.
    """
    from .stockio import read_csv_records

    source = str(path) if isinstance(path, (str, Path)) else "<stream>"
    return _from_parsed(read_csv_records(path, columns=COLUMNS), strict=strict, source=source)


def read_parquet(path: Any, *, strict: bool = False) -> Stock:
    """Read a Parquet stock (rows numbered from 1)."""
    import pandas as pd

    from .safeio import unneutralise

    require_extra("pyarrow", "parquet", "reading Parquet stocks")
    try:
        df = pd.read_parquet(path)
    except Exception as exc:
        raise InputError(f"cannot read stock Parquet {str(path)!r}: {str(exc)[:200]}") from None
    cols = {str(k): _cells(df[k].tolist(), unneutralise) for k in df.columns}
    return Stock._from_columns(cols, len(df), None, strict=strict, source=str(path), first_row=1)


def _cells(values: list[Any], fn: Any = None) -> list[Any]:
    """A column's cells with None for the missing ones (None, NaN, blank text) and ``fn``
    applied to the others (text: once per distinct value)."""
    out: list[Any] = []
    memo: dict[str, Any] = {}
    for v in values:
        if v is None or (type(v) is float and v != v):
            out.append(None)
        elif type(v) is str:
            got = memo.get(v, memo)
            if got is memo:
                got = memo[v] = None if not v.strip() else fn(v) if fn is not None else v
            out.append(got)
        elif _is_missing(v):
            out.append(None)
        else:
            out.append(fn(v) if fn is not None else v)
    return out


def read_geojson(path: Any, *, strict: bool = False) -> Stock:
    """Read a GeoJSON FeatureCollection stock (feature i is row i + 1).

    Point geometries give longitude/latitude, other geometries their
    centroid; a CRS declared in the file is reprojected to WGS 84, and
    projected coordinates without one are read as Lambert-93 (noted in
    ``stock.notes``). A bad feature or geometry is a reported bad row.
    Needs the ``gis`` extra (``pip install "rehab[gis]"``).
    """
    from .stockio import read_geojson_records

    return _from_parsed(read_geojson_records(path), strict=strict, source=str(path))


def read_gis(path: Any, *, strict: bool = False, layer: str | int | None = None) -> Stock:
    """Read a GeoPackage or Shapefile stock through geopandas (feature i is row i + 1).

    Positions reprojected to WGS 84 from the layer's CRS. Needs the ``gis``
    extra (``pip install "rehab[gis]"``).
    """
    from .stockio import read_gis_records

    return _from_parsed(read_gis_records(path, layer=layer, columns=COLUMNS), strict=strict, source=str(path))


def read_dpe_folder(path: str | Path, *, strict: bool = False, owner: str = "social_landlord") -> Stock:
    """A stock of the dwellings of a folder of official DPE XML files (one dwelling per file).

    Each file is read by :func:`rehab.dpe.read_xml` (its ADEME number is the
    dwelling's id, its House the dwelling as declared); a file that cannot
    be read is a bad row (row = its rank in the sorted folder, column
    ``file``) and the others are kept.

    Examples
    --------
    >>> from rehab import dpe
    >>> s = read_dpe_folder(dpe.example_path().parent)
    >>> len(s) >= 1, s.table.columns[:2].tolist()
    (True, ['id', 'archetype'])
    """
    from .dpe import read_xml
    from .errors import RehabError

    folder = Path(path)
    files = sorted(folder.glob("*.xml")) if folder.is_dir() else []
    if not files:
        raise InputError(f"DPE folder {str(folder)!r} does not exist or holds no .xml file")
    houses, rows, bad = [], [], []
    for i, f in enumerate(files, start=1):
        try:
            rec = read_xml(f)
        except RehabError as exc:
            bad.append(BadRow(i, "file", f.name, str(exc)))
            continue
        houses.append(rec.house if rec.house.name == rec.id else rec.house.copy_with(name=rec.id))
        rows.append(i)
    st = Stock.from_houses(houses, owner=owner, source=str(folder))
    st.errors = sorted([*bad, *(BadRow(rows[b.row - 1], b.column, b.value, b.reason) for b in st.errors)],
                       key=lambda b: b.row)
    st.rows = [rows[r - 1] for r in (st.rows or [])]
    if strict and st.errors:
        raise StockFileError(str(folder), st.errors)
    return st


def read(path: str | Path, *, strict: bool = False) -> Stock:
    """Read a stock by file extension (.csv, .parquet/.pq, .geojson/.json, .gpkg, .shp), or a
    folder of DPE XML files (:func:`read_dpe_folder`)."""
    if Path(path).is_dir():
        return read_dpe_folder(path, strict=strict)
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return read_csv(path, strict=strict)
    if suffix in (".parquet", ".pq"):
        return read_parquet(path, strict=strict)
    if suffix in (".geojson", ".json"):
        return read_geojson(path, strict=strict)
    if suffix in (".gpkg", ".shp") or str(path).lower().endswith(".shp.zip"):
        return read_gis(path, strict=strict)
    raise InputError(
        f"stock file {str(path)!r}: unknown extension {suffix!r}; use .csv, .parquet, .geojson, .gpkg or .shp"
    )


def demo() -> Stock:
    """The demonstration neighbourhood shipped with rehab (350 dwellings, Loos-en-Gohelle mix).

    Generated by ``scripts/make_demo_stock.py`` (seeded; assumptions in its
    docstring): a social landlord's mining houses in four cités — one of them
    heritage-listed — 20 houses sold to private landlords, and 110
    owner-occupied Castors houses.

    Examples
    --------
    >>> s = demo()
    >>> len(s), int(s.table["heritage"].sum())
    (350, 100)
    """
    from ._data import data_path

    return read_csv(data_path("stock", "demo-loos-en-gohelle.csv"), strict=True)


#: Living area of each archetype in the demonstration neighbourhood [m²]
#: (the archetypes' own areas).
NEIGHBOURHOOD_AREA = {
    "coron-mid-terrace": 60.0,
    "coron-end-terrace": 60.0,
    "cite-pavillonnaire-semi": 84.5,
    "cite-jardin-detached": 90.0,
    "cite-moderne-semi": 84.0,
    "castors-detached": 80.0,
}
#: Centre of the synthetic positions (Loos-en-Gohelle) [deg E, deg N].
NEIGHBOURHOOD_CENTRE = (2.793, 50.457)


def neighbourhood(rng: np.random.Generator, block: str = "", *, positions: bool = False) -> list[dict[str, Any]]:
    """The 350 dwellings of one demonstration-neighbourhood block (synthetic).

    The single description of the Loos-en-Gohelle mix behind
    ``scripts/make_demo_stock.py`` (the shipped :func:`demo` stock) and
    :func:`rehab.programme.synthetic_stock` (blocks repeated for
    benchmarks); its assumptions are stated in that script's docstring: a
    heritage-listed coron cité (6 rows of 10, end-terrace houses at the row
    ends, facing east or west), a cité pavillonnaire (5 streets of 20
    semi-detached houses facing south or north, the first two streets
    heritage-listed, the last one sold to private landlords), a cité-jardin
    (40 detached houses, 4 orientations), a cité moderne (40 semi-detached) —
    heating 60 % old gas boiler, 30 % condensing gas, 10 % direct electric —
    and 110 owner-occupied Castors houses (45 % old gas boiler, 20 % fuel oil,
    15 % condensing gas, 10 % direct electric, 10 % wood logs; incomes
    35/30/20/15 % très modestes…supérieurs). Floor area: the archetype's ×
    N(1, 0.05), rounded to 0.5 m²; DHW follows the carrier.

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws, in a fixed order (the outputs are reproducible from a seed).
    block : str
        Label added to street and cité names ("" for a single block).
    positions : bool
        Also draw synthetic longitude/latitude around Loos-en-Gohelle, one
        cluster per cité.

    Returns
    -------
    list of dict
        One record per dwelling (no id): archetype, address, street, cite,
        owner, income (None for landlords), azimuth [deg, int], floor_area
        [m²], heating, dhw, heritage (bool), and longitude/latitude if asked.

    Examples
    --------
    >>> recs = neighbourhood(np.random.default_rng(0), "001")
    >>> len(recs), recs[0]["street"], sum(r["heritage"] for r in recs)
    (350, 'rue des Corons 001-1', 100)
    """
    rows: list[dict[str, Any]] = []
    street_no = f"{block}-" if block else ""
    cite_no = f" {block}" if block else ""
    social_heat = ["gas-boiler-old", "gas-boiler-condensing", "direct-electric"]
    castors_heat = ["gas-boiler-old", "fuel-oil-boiler", "gas-boiler-condensing", "direct-electric", "wood-log-stove"]
    incomes = ["tres_modestes", "modestes", "intermediaires", "superieurs"]

    def add(arch, street, cite, number, owner, azimuth, heritage, heating, income, xy):
        rec: dict[str, Any] = {}
        if positions:
            lon = round(NEIGHBOURHOOD_CENTRE[0] + xy[0] + rng.normal(0, 0.0008), 6)
            lat = round(NEIGHBOURHOOD_CENTRE[1] + xy[1] + rng.normal(0, 0.0005), 6)
        rec.update(
            archetype=arch,
            address=f"{number} {street}",
            street=street,
            cite=cite,
            owner=owner,
            income=income,
            azimuth=azimuth,
            floor_area=float(np.round(NEIGHBOURHOOD_AREA[arch] * rng.normal(1.0, 0.05) * 2) / 2),
            heating=heating,
            dhw="dhw-gas-boiler" if heating.startswith("gas") else "dhw-electric-tank",
            heritage=bool(heritage),
        )
        if positions:
            rec.update(longitude=lon, latitude=lat)
        rows.append(rec)

    def social() -> str:
        return str(rng.choice(social_heat, p=[0.6, 0.3, 0.1]))

    for r in range(6):  # heritage-listed corons, rows of 10 facing east or west
        street = f"rue des Corons {street_no}{r + 1}"
        for k in range(10):
            arch = "coron-end-terrace" if k in (0, 9) else "coron-mid-terrace"
            add(arch, street, f"Cité des Corons{cite_no} (UNESCO)", k + 1, "social_landlord",
                90 if r % 2 == 0 else 270, True, social(), None, (-0.004, 0.002))
    for st in range(5):  # cité pavillonnaire; the last street sold to private landlords
        street = f"rue des Pavillons {street_no}{st + 1}"
        owner = "private_landlord" if st == 4 else "social_landlord"
        for k in range(20):
            add("cite-pavillonnaire-semi", street, f"Cité pavillonnaire{cite_no}", k + 1, owner,
                180 if st % 2 == 0 else 0, st < 2, social(), None, (0.0, 0.004))
    for st in range(4):  # cité-jardin
        street = f"allée des Jardins {street_no}{st + 1}"
        for k in range(10):
            add("cite-jardin-detached", street, f"Cité-jardin{cite_no}", k + 1, "social_landlord",
                [0, 90, 180, 270][st], False, social(), None, (0.004, 0.0))
    for st in range(2):  # cité moderne
        street = f"rue de la Reconstruction {street_no}{st + 1}"
        for k in range(20):
            add("cite-moderne-semi", street, f"Cité moderne{cite_no}", k + 1, "social_landlord",
                180 if st == 0 else 0, False, social(), None, (0.002, -0.004))
    for st in range(5):  # owner-occupied Castors houses
        street = f"rue des Castors {street_no}{st + 1}"
        for k in range(22):
            az = int(rng.choice([0, 90, 180, 270]))
            heating = str(rng.choice(castors_heat, p=[0.45, 0.20, 0.15, 0.10, 0.10]))
            income = str(rng.choice(incomes, p=[0.35, 0.30, 0.20, 0.15]))
            add("castors-detached", street, f"Quartier des Castors{cite_no}", k + 1, "owner_occupier",
                az, False, heating, income, (-0.003, -0.005))
    return rows
