"""Stock rows that give a typology instead of an archetype: one House per row from :mod:`rehab.typology`.

A stock or a BDNB extract rarely names one of rehab's archetypes. A row
without ``archetype`` is a *typology row*: it gives what is known of the
dwelling and :func:`rehab.typology.house` builds its House.

=====================  ======  ==================================================
column                 unit    meaning
=====================  ======  ==================================================
period                 —       construction period (:data:`rehab.typology.PERIODS`)
                               or year (required)
house_type             —       detached, semi-detached, end-terrace, mid-terrace
                               (required unless measured on footprints)
floor_area             m²      living area (required unless ``footprint_area``
                               and ``storeys`` are given)
storeys                —       1 … 10 (default 1)
wall_material          —       :data:`rehab.typology.WALL_MATERIALS` (default unknown)
roof                   —       attic, loft, flat (default attic)
main_energy            —       :data:`rehab.typology.HEATING` (default: the carrier
                               of the row's ``heating`` preset, else natural_gas)
glazing                —       single, double_old, double, triple (default by period)
footprint_area         m²      external footprint of the building
footprint_perimeter    m       its perimeter
party_wall_length      m       length of its walls shared with neighbours
zone, altitude         —, m    3CL climate zone (H1a … H3) and altitude (default
                               H1a, 50 m; on archetype rows too)
=====================  ======  ==================================================

The last three come from the footprint polygons of a GIS stock
(:mod:`rehab.footprint`, filled in by :func:`rehab.stock.read_geojson` and
:func:`rehab.stock.read_gis`) or from columns of the file. When a row gives
no ``floor_area``, its living area is the area inside the walls
(:func:`rehab.footprint.inner_area`) times ``storeys``; when it gives the
party wall length and the perimeter, their ratio places the party walls of
the house (``typology.parameters(party_share=…)``). The stock's other
columns keep their meaning: ``azimuth`` turns the street façade,
``heating``/``dhw`` presets replace the typology's systems, ``heritage``
protects the street façade, ``street``/``cite``/``owner``/``income`` and the
observed consumption go to the programme. ``wall_thickness``,
``window_scale`` and ``n50`` act on archetypes only: on a typology row they
are reported.

Rows are checked by :meth:`rehab.stock.Stock.from_records` like every row:
a bad row is reported (row number, column, value, reason) and the good ones
are kept; a row whose House cannot be built is reported too. Archetype rows
and typology rows may be mixed.

Examples
--------
>>> import io
>>> from rehab import stock
>>> text = '''id,period,house_type,floor_area,storeys,wall_material,main_energy,street
... t1,1930,mid-terrace,62,2,solid_brick,natural_gas,rue Basly
... t2,1955,semi-detached,85,2,hollow_brick,fuel_oil,rue Basly
... t3,1955,palace,85,2,hollow_brick,fuel_oil,rue Basly
... t4,1990,detached,,1,concrete_block,electricity,rue Basly
... '''
>>> s = stock.read_csv(io.StringIO(text))
>>> s.table["id"].tolist(), [str(e) for e in s.errors]  # doctest: +NORMALIZE_WHITESPACE
(['t1', 't2'], ["row 4, column 'house_type': 'palace' -> must be one of detached, semi-detached, end-terrace,
  mid-terrace", "row 5, column 'floor_area': None -> is required for a typology row (or give footprint_area
  and storeys)"])
>>> h = s.house(0)
>>> h.floor_area, h.storeys, h.heating.carrier, s.table.loc[0, "period"]
(62.0, 2, 'natural_gas', 'before-1948')
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import typology
from .errors import BadRow, RehabError, StockFileError

__all__ = ["TYPOLOGY_COLUMNS", "ZONES", "check_cell", "is_typology_row", "row_problems", "with_houses"]

#: 3CL climate zones (arrêté du 31 mars 2021; as rehab.House.zone).
ZONES: tuple[str, ...] = ("H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3")
#: Stock columns of a typology row: column -> (kind, unit or allowed values, range), as rehab.stock.COLUMNS.
TYPOLOGY_COLUMNS: dict[str, tuple[str, Any, tuple[float, float] | None]] = {
    "period": ("typology", typology.PERIODS, None),
    "house_type": ("typology", typology.HOUSE_TYPES, None),
    "storeys": ("typology", None, (1.0, 10.0)),
    "wall_material": ("typology", typology.WALL_MATERIALS, None),
    "roof": ("typology", typology.ROOFS, None),
    "main_energy": ("typology", typology.HEATING, None),
    "glazing": ("typology", typology.GLAZING, None),
    "footprint_area": ("float", "m²", (1.0, 100_000.0)),
    "footprint_perimeter": ("float", "m", (1.0, 100_000.0)),
    "party_wall_length": ("float", "m", (0.0, 100_000.0)),
    "zone": ("typology", ZONES, None),
    "altitude": ("float", "m", (-100.0, 5000.0)),
}
_DESCRIBING = ("period", "house_type", "wall_material", "main_energy", "storeys")
_ARCHETYPE_ONLY = ("wall_thickness", "window_scale", "n50")
#: Carrier of a heating preset (rehab.systems) → main energy of the typology.
_ENERGY_OF_CARRIER = {
    "electricity": "electricity",
    "natural_gas": "natural_gas",
    "fuel_oil": "fuel_oil",
    "lpg": "lpg",
    "wood_logs": "wood",
    "wood_pellets": "wood",
    "district_heat": "district_heat",
}
_FLOOR_RANGE = (10.0, 1000.0)  # as rehab.stock.COLUMNS["floor_area"]


def is_typology_row(record: dict[str, Any]) -> bool:
    """True for a record without an archetype that gives any typology column.

    Examples
    --------
    >>> is_typology_row({"id": "a", "period": "1948-1974"}), is_typology_row({"id": "a", "archetype": "x"})
    (True, False)
    """
    arch = record.get("archetype")
    if arch is not None and not (isinstance(arch, float) and np.isnan(arch)) and str(arch).strip():
        return False
    return any(_given(record.get(c)) for c in _DESCRIBING)


def _given(v: Any) -> bool:
    if v is None:
        return False
    if isinstance(v, float) and np.isnan(v):
        return False
    return not (isinstance(v, str) and not v.strip())


def _norm(v: Any, sep: str) -> str:
    return " ".join(str(v).strip().lower().replace("_", " ").replace("-", " ").split()).replace(" ", sep)


def check_cell(col: str, value: Any) -> tuple[Any, str | None]:
    """(clean value, reason or None) of one typology cell (``value`` not missing).

    Names are matched whatever their case and whether words are joined by
    ``-``, ``_`` or spaces; a period may be a construction year, kept as
    its period's name.

    Examples
    --------
    >>> check_cell("period", "1930"), check_cell("house_type", "Mid Terrace"), check_cell("storeys", 2.5)
    (('before-1948', None), ('mid-terrace', None), (None, 'must be a whole number >= 1 and <= 10'))
    """
    _kind, allowed, rng = TYPOLOGY_COLUMNS[col]
    if col == "storeys":
        try:
            f = float(value)
        except (TypeError, ValueError):
            return None, "not a number"
        if not (np.isfinite(f) and f == int(f) and rng[0] <= f <= rng[1]):
            return None, f"must be a whole number >= {rng[0]:g} and <= {rng[1]:g}"
        return int(f), None
    if col == "period":
        try:
            year = float(value)
        except (TypeError, ValueError):
            year = None
        if year is not None:
            if not (np.isfinite(year) and year == int(year) and 1000 <= year <= 2100):
                return None, "a construction year must be a whole number from 1000 to 2100"
            return typology.PERIODS[typology.period_code(int(year)) - 1], None
    if col == "zone":
        z = str(value).strip()
        z = z[:1].upper() + z[1:].lower()
        return (z, None) if z in ZONES else (None, f"must be one of {', '.join(ZONES)}")
    sep = "_" if col in ("wall_material", "main_energy", "glazing") else "-"
    s = _norm(value, sep)
    if s not in allowed:
        return None, f"must be one of {', '.join(allowed)}"
    return s, None


def row_problems(clean: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(column, value, reason) of what a validated typology row lacks or gives in vain.

    Also fills in, in ``clean``, the living area from the footprint when
    ``floor_area`` is missing (:func:`rehab.footprint.inner_area` ×
    ``storeys``).
    """
    from .footprint import inner_area

    out = []
    for col in ("period", "house_type"):
        if col not in clean:
            out.append((col, None, "is required for a typology row (or give archetype)"))
    for col in _ARCHETYPE_ONLY:
        if col in clean:
            out.append((col, clean[col], "applies to archetype rows only; remove it from typology rows"))
    if "floor_area" not in clean:
        if "footprint_area" in clean and "storeys" in clean:
            fp = clean["footprint_area"]
            per = clean.get("footprint_perimeter", 4.0 * np.sqrt(fp))
            a = inner_area(fp, per, clean.get("party_wall_length", 0.0)) * clean["storeys"]
            lo, hi = _FLOOR_RANGE
            if not (lo < a <= hi):
                out.append(("footprint_area", fp, f"gives a living area of {a:.1f} m² over {clean['storeys']} "
                                                  f"storeys; must be > {lo:g} and <= {hi:g} m²"))
            else:
                clean["floor_area"] = round(float(a), 2)
        else:
            out.append(("floor_area", None, "is required for a typology row (or give footprint_area and storeys)"))
    if ("party_wall_length" in clean and "footprint_perimeter" in clean
            and clean["party_wall_length"] >= clean["footprint_perimeter"]):
        out.append(("party_wall_length", clean["party_wall_length"],
                    f"must be < footprint_perimeter ({clean['footprint_perimeter']:g} m)"))
    return out


def _main_energy(row: Any) -> str:
    from .systems import heating_system

    e = row.get("main_energy")
    if _given(e):
        return str(e)
    preset = row.get("heating")
    if _given(preset):
        h = heating_system(str(preset))
        if "heat_pump" in h.kind:
            return "heat_pump"
        return _ENERGY_OF_CARRIER.get(h.carrier, "natural_gas")
    return "natural_gas"


def _column(t: Any, col: str, default: Any) -> list[Any]:
    if col not in t.columns:
        return [default] * len(t)
    return [v if _given(v) else default for v in t[col]]


def with_houses(st: Any, *, strict: bool = False) -> Any:
    """The stock with one House per row (typology rows by :mod:`rehab.typology`, others by archetype).

    Rows whose House cannot be built are moved to ``st.errors`` (column
    ``house``) with their row numbers; ``strict`` raises
    :class:`~rehab.errors.StockFileError` then.

    Parameters
    ----------
    st : rehab.stock.Stock
        Validated rows (:meth:`rehab.stock.Stock.from_records`).

    Returns
    -------
    rehab.stock.Stock
        The same stock, ``objects`` set (one House per row of ``table``).
    """
    from . import archetypes

    t = st.table
    n = len(t)
    rows = list(st.rows) if st.rows is not None and len(st.rows) == n else list(range(1, n + 1))
    arch = _column(t, "archetype", "")
    typ = [i for i in range(n) if not arch[i]]
    houses: list[Any] = [None] * n
    bad: list[BadRow] = []
    if typ:
        sub = t.iloc[typ]
        p_len = np.asarray(_column(sub, "party_wall_length", np.nan), dtype=float)
        per = np.asarray(_column(sub, "footprint_perimeter", np.nan), dtype=float)
        params = typology.parameters(
            list(sub["period"]),
            list(sub["house_type"]),
            np.asarray(sub["floor_area"], dtype=float),
            np.asarray(_column(sub, "storeys", 1), dtype=int),
            _column(sub, "wall_material", "unknown"),
            _column(sub, "roof", "attic"),
            [_main_energy(r) for _, r in sub.iterrows()],
            _column(sub, "glazing", None),
            azimuth=np.asarray(_column(sub, "azimuth", 180.0), dtype=float),
            party_share=p_len / per,
        )
        heritage = _column(sub, "heritage", False)
        zones = _column(sub, "zone", "H1a")
        alts = _column(sub, "altitude", 50.0)
        for k, i in enumerate(typ):
            name = str(t["id"].iloc[i])
            try:
                h = typology.houses(params.iloc[[k]], [name], zones[k], alts[k])[0]
            except RehabError as exc:
                bad.append(BadRow(rows[i], "house", name, str(exc)))
                continue
            houses[i] = h.copy_with(heritage=True) if bool(heritage[k]) else h
    zone_all = _column(t, "zone", None)
    alt_all = _column(t, "altitude", None)
    for i in range(n):
        if arch[i]:
            try:
                h = archetypes.get(arch[i], **st.overrides(i))
                place = {k: v for k, v in (("zone", zone_all[i]), ("altitude", alt_all[i])) if v is not None}
                houses[i] = h.copy_with(**place) if place else h
            except RehabError as exc:
                bad.append(BadRow(rows[i], "archetype", arch[i], str(exc)))
    keep = [i for i in range(n) if houses[i] is not None]
    table = t.iloc[keep].reset_index(drop=True)
    table["archetype"] = [a or "" for a in (arch[i] for i in keep)]
    st.table = table
    st.rows = [rows[i] for i in keep]
    st.objects = [houses[i] for i in keep]
    st.errors = sorted([*st.errors, *bad], key=lambda b: b.row)
    if strict and st.errors:
        raise StockFileError(st.source, st.errors)
    return st
