"""Parsing of stock files: CSV as spreadsheets write it, GeoJSON, GeoPackage and Shapefile.

What :mod:`rehab.stock`'s readers hand to row validation comes from here:
one record per dwelling with its *true* row number in the file, the rows
that could not even be split into cells (reported, never dropped), and notes
saying what was detected.

CSV
    The encoding (UTF-8 with or without BOM, else Windows-1252, else
    Latin-1), the separator (``,``, ``;``, tab or ``|``: the one that splits
    the header into known column names) and the decimal mark (a comma with
    ``;``-separated files, as French spreadsheet software writes them) are
    detected and stated in the notes. Lines starting with ``#`` *before* the
    header are metadata (rehab's data files carry their title, date and
    source so) and are skipped; after the header nothing is a comment: a
    ``#`` in a cell is data. Blank lines are skipped but counted, so the row
    number of every
    message is the line number in the file (header = row 1). A row with
    fewer cells than the header, or with non-empty cells beyond it, is
    reported. An empty file or a file with a header and no rows is an
    :class:`~rehab.errors.InputError`. A leading apostrophe that rehab
    writes before formula-like text (:mod:`rehab.safeio`) is removed.
GeoJSON
    Parsed feature by feature, so that one bad feature is one reported bad
    row; geometries through shapely, coordinates in any CRS declared by the
    file (``crs`` member) reprojected to WGS 84 with pyproj. Projected
    coordinates without a declared CRS that lie in the Lambert-93 extent
    (EPSG:2154, the French official projection) are read as Lambert-93, with a
    note. The position of a dwelling is its point, or the centroid of its
    line or polygon.
GeoPackage, Shapefile
    Read with geopandas (pyogrio), reprojected to WGS 84; Shapefile column
    names cut to 10 characters are recognised.

GIS formats need the optional ``gis`` extra (``pip install "rehab[gis]"``:
geopandas, pyproj, pyogrio, shapely).

Examples
--------
>>> import io
>>> from rehab.stock import COLUMNS
>>> text = "id;archetype;floor_area\\n\\nb1;coron-mid-terrace;58,5\\n"
>>> parsed = read_csv_records(io.StringIO(text), columns=COLUMNS)
>>> parsed.records, parsed.rows
([{'id': 'b1', 'archetype': 'coron-mid-terrace', 'floor_area': '58.5'}], [3])
>>> parsed.notes
["separator ';' and decimal comma detected"]
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BadRow, InputError, require_extra
from .safeio import unneutralise

__all__ = ["GIS_SUFFIXES", "Parsed", "read_csv_records", "read_geojson_records", "read_gis_records"]

#: File name endings read through geopandas/pyogrio (besides GeoJSON).
GIS_SUFFIXES = (".gpkg", ".shp", ".shp.zip")
_SEPARATORS = (",", ";", "\t", "|")
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+),\d+\s*$")
#: Lambert-93 (EPSG:2154) extent of metropolitan France [m] (IGN, projected bounds, with margin).
_LAMBERT93 = ((-400_000.0, 1_400_000.0), (6_000_000.0, 7_200_000.0))


@dataclass
class Parsed:
    """Records of a stock file before row validation.

    Attributes
    ----------
    records : list of dict
        One per dwelling row that could be split into cells.
    rows : list of int
        Row number of each record in the file.
    bad : list of BadRow
        Rows that could not be split into cells or whose geometry is bad.
    notes : list of str
        What was detected (encoding, separator, decimal mark, CRS …).
    footprints : list of (int, geometry, crs)
        Record index, polygon and CRS of each polygon feature
        (:func:`rehab.footprint.annotate`).
    """

    records: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    footprints: list[tuple[int, Any, Any]] = field(default_factory=list)


def _name(src: Any) -> str:
    return str(src) if isinstance(src, (str, os.PathLike)) else f"<{type(src).__name__}>"


# ================================================================= CSV
def _read_text(src: Any) -> tuple[str, str | None]:
    """(text, encoding detected or None when text was given)."""
    if isinstance(src, (str, os.PathLike)):
        try:
            data = Path(src).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read stock CSV {str(src)!r}: {exc.strerror or exc}") from None
    elif hasattr(src, "read"):
        try:
            data = src.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read stock CSV {_name(src)}: {exc}") from None
        if isinstance(data, str):
            return data, None
    else:
        raise InputError(f"stock CSV: {type(src).__name__} is not a path or an open file")
    if not isinstance(data, (bytes, bytearray)):
        raise InputError(f"stock CSV {_name(src)}: read() gave {type(data).__name__}, not text or bytes")
    return _decode(bytes(data))


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            pass
    for enc, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO 8859-1)")):
        try:
            return data.decode(enc), label
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _split(line: str, sep: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=sep), [])
    except csv.Error:
        return line.split(sep)


def _detect_separator(header: str, known: set[str]) -> str:
    best, score = ",", (-1, -1)
    for sep in _SEPARATORS:
        cells = [c.strip().lstrip("\ufeff") for c in _split(header, sep)]
        s = (sum(c in known or c.startswith("extra_") for c in cells), len(cells))
        if s > score:
            best, score = sep, s
    return best


def read_csv_records(src: Any, *, columns: dict[str, tuple[str, Any, Any]]) -> Parsed:
    """Split a stock CSV into records with their row numbers.

    Parameters
    ----------
    src : path-like or file-like
        A path, or an open file giving text or bytes.
    columns : dict
        Known columns and their kind (:data:`rehab.stock.COLUMNS`, passed by
        :mod:`rehab.stock`, which sits above this module); used to detect the separator and which cells may carry a decimal
        comma (the ``"float"`` ones).

    Returns
    -------
    Parsed

    Raises
    ------
    InputError
        Unreadable file, empty file, no header, duplicate header names,
        header without rows.
    """
    name = _name(src)
    text, encoding = _read_text(src)
    parsed = Parsed()
    if not text.strip():
        what = "empty (0 bytes)" if not text else "blank"
        raise InputError(
            f"stock CSV {name} is {what}: expected a header line such as 'id,archetype,floor_area' "
            "and one line per dwelling"
        )
    lines = io.StringIO(text, newline="").readlines()
    head_idx = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), None)
    if head_idx is None:
        raise InputError(f"stock CSV {name} has only '#' metadata lines: expected a header line such as "
                         "'id,archetype,floor_area' and one line per dwelling")
    meta = sum(1 for ln in lines[:head_idx] if ln.strip())
    sep = _detect_separator(lines[head_idx].rstrip("\r\n"), set(columns))
    try:
        rows = [(n + head_idx, cells) for n, cells in _csv_rows("".join(lines[head_idx:]), sep)]
    except csv.Error as exc:
        raise InputError(f"stock CSV {name}: cannot split into cells ({exc})") from None
    if not rows or not any(h.strip().lstrip("\ufeff") for h in rows[0][1]):
        raise InputError(f"stock CSV {name}, row {head_idx + 1}: the header line has no column names; expected "
                         "a header line such as 'id,archetype,floor_area'")
    header_line, header = rows[0]
    header = [h.strip().lstrip("\ufeff") for h in header]
    dup = sorted({h for h in header if h and header.count(h) > 1})
    if dup:
        raise InputError(f"stock CSV {name}, row {header_line}: column(s) {', '.join(map(repr, dup))} "
                         "appear more than once in the header")
    data = rows[1:]
    if not data:
        raise InputError(
            f"stock CSV {name} has a header ({', '.join(h for h in header if h)}) but no dwelling rows"
        )
    floats = {c for c, spec in columns.items() if spec[0] == "float"}
    decimal_comma = sep == ";" and any(
        _DECIMAL_COMMA.match(cells[j])
        for _, cells in data
        for j, h in enumerate(header[: len(cells)])
        if h in floats
    )
    blank = 0
    for (line, cells), nxt in zip(data, [n for n, _ in data[1:]] + [None], strict=True):
        if not any(c.strip() for c in cells):
            blank += 1
            continue
        _one_row(parsed, header, line, cells, nxt, floats, decimal_comma)
    if encoding is not None and encoding != "UTF-8":
        parsed.notes.append(f"encoding {encoding} detected")
    if sep != "," or decimal_comma:
        mark = " and decimal comma" if decimal_comma else ""
        parsed.notes.append(f"separator {sep!r}{mark} detected")
    if meta:
        parsed.notes.append(f"{meta} metadata line(s) starting with '#' before the header skipped")
    if blank:
        parsed.notes.append(f"{blank} line(s) with no cell skipped")
    if not parsed.records and not parsed.bad:
        raise InputError(f"stock CSV {name} has a header but no dwelling rows (only empty lines)")
    return parsed


def _csv_rows(text: str, sep: str) -> list[tuple[int, list[str]]]:
    """(line number where the record starts, cells) of every non-empty record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    out = []
    last = 0
    for cells in reader:
        start = last + 1
        last = reader.line_num
        if cells:
            out.append((start, cells))
    return out


def _one_row(parsed: Parsed, header: list[str], line: int, cells: list[str], nxt: int | None,
             floats: set[str], decimal_comma: bool) -> None:
    n, m = len(cells), len(header)
    if n < m:
        reason = f"the row has {n} cell(s) where the header has {m}"
        if nxt is not None and nxt - line > 1 and any("\n" in c for c in cells):
            reason += f" (a quote opened on row {line} runs to row {nxt - 1})"
        parsed.bad.append(BadRow(line, header[n] or f"column {n + 1}", None, reason))
        return
    extra = [c for c in cells[m:] if c.strip()]
    if extra:
        parsed.bad.append(BadRow(line, f"column {m + 1}", extra[0],
                                 f"the row has {n} cells where the header has {m}"))
        return
    rec: dict[str, Any] = {}
    for h, v in zip(header, cells[:m], strict=True):
        if not h:
            if v.strip():
                parsed.bad.append(BadRow(line, "(no name)", v, "a value under a column with no name"))
                return
            continue
        v = unneutralise(v)
        if decimal_comma and h in floats and _DECIMAL_COMMA.match(v):
            v = re.sub(r"[ \u00a0\u202f]", "", v).replace(",", ".")
        rec[h] = v
    parsed.records.append(rec)
    parsed.rows.append(line)


# ================================================================= GeoJSON
def _gis(what: str) -> tuple[Any, Any]:
    shapely = require_extra("shapely", "gis", what)
    pyproj = require_extra("pyproj", "gis", what)
    return shapely, pyproj


def _declared_crs(doc: dict[str, Any]) -> str | None:
    crs = doc.get("crs")
    if not isinstance(crs, dict):
        return None
    props = crs.get("properties")
    if isinstance(props, dict) and isinstance(props.get("name"), str):
        return props["name"]
    return None


def read_geojson_records(src: Any) -> Parsed:
    """Records of a GeoJSON FeatureCollection (feature i is row i + 1), positions in WGS 84.

    Parameters
    ----------
    src : path-like

    Returns
    -------
    Parsed

    Raises
    ------
    InputError
        Unreadable file, not JSON, not a FeatureCollection, unknown CRS.
    MissingExtraError
        Without the ``gis`` extra.
    """
    _shapely, pyproj = _gis("reading GeoJSON stocks")
    from shapely.geometry import shape

    name = _name(src)
    try:
        raw = Path(src).read_bytes() if isinstance(src, (str, os.PathLike)) else src.read()
        doc = json.loads(raw)
    except (OSError, ValueError, TypeError, RecursionError) as exc:
        raise InputError(f"cannot read stock GeoJSON {name}: {exc}") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise InputError(f"{name}: a GeoJSON FeatureCollection is expected")
    feats = doc.get("features", [])
    if not isinstance(feats, list):
        raise InputError(f"{name}: 'features' must be a list, got {type(feats).__name__}")
    parsed = Parsed()
    declared = _declared_crs(doc)
    transformer = None
    if declared is not None:
        try:
            crs = pyproj.CRS.from_user_input(declared)
        except pyproj.exceptions.CRSError as exc:
            raise InputError(f"{name}: unknown coordinate reference system {declared!r} ({exc})") from None
        if not crs.equals(pyproj.CRS.from_epsg(4326), ignore_axis_order=True) and crs != pyproj.CRS("OGC:CRS84"):
            transformer = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
            parsed.notes.append(f"coordinates reprojected from {crs.to_string()} to WGS 84")
    lambert = None
    for i, f in enumerate(feats):
        row = i + 1
        if not isinstance(f, dict):
            parsed.bad.append(BadRow(row, "feature", _short(f), "a feature must be a JSON object"))
            continue
        props = f.get("properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            parsed.bad.append(BadRow(row, "properties", _short(props), "properties must be a JSON object"))
            continue
        rec = dict(props)
        geom = f.get("geometry")
        if geom is not None:
            why = _coordinates_problem(geom)
            if why:
                parsed.bad.append(BadRow(row, "geometry", _short(geom), why))
                continue
            try:
                g = shape(geom)
                pt = None if g.is_empty else (g if g.geom_type == "Point" else g.centroid)
                xy = None if pt is None or pt.is_empty else (float(pt.x), float(pt.y))
            except Exception as exc:
                parsed.bad.append(BadRow(row, "geometry", _short(geom), f"not a valid GeoJSON geometry ({_why(exc)})"))
                continue
            xy_lambert = False
            if xy is not None:
                if not all(math.isfinite(c) for c in xy):
                    parsed.bad.append(BadRow(row, "geometry", _short(geom), "coordinates must be finite numbers"))
                    continue
                if transformer is None and not (-180 <= xy[0] <= 180 and -90 <= xy[1] <= 90):
                    (x0, x1), (y0, y1) = _LAMBERT93
                    if x0 <= xy[0] <= x1 and y0 <= xy[1] <= y1:
                        if lambert is None:
                            lambert = pyproj.Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
                        xy = lambert.transform(*xy)
                        xy_lambert = True
                    else:
                        parsed.bad.append(BadRow(row, "geometry", list(xy),
                                                 "coordinates are neither longitude/latitude nor Lambert-93 "
                                                 "metres; declare the file's CRS"))
                        continue
                elif transformer is not None:
                    xy = transformer.transform(*xy)
                    if not all(math.isfinite(c) for c in xy):
                        parsed.bad.append(BadRow(row, "geometry", _short(geom),
                                                 f"outside the area of {declared!r}"))
                        continue
                rec.setdefault("longitude", float(xy[0]))
                rec.setdefault("latitude", float(xy[1]))
                if g.geom_type in ("Polygon", "MultiPolygon"):
                    row_crs = declared or ("EPSG:2154" if lambert is not None and xy_lambert else "EPSG:4326")
                    parsed.footprints.append((len(parsed.records), g, row_crs))
        parsed.records.append(rec)
        parsed.rows.append(row)
    if lambert is not None:
        parsed.notes.append("projected coordinates without a declared CRS read as Lambert-93 (EPSG:2154)")
    return parsed


def _coordinates_problem(geom: Any) -> str | None:
    """Why a geometry's coordinates are not GeoJSON positions (RFC 7946 3.1.1), or None."""
    if not isinstance(geom, dict):
        return "a geometry must be a JSON object"
    parts = geom.get("geometries") if geom.get("type") == "GeometryCollection" else None
    if isinstance(parts, list):
        return next((w for w in map(_coordinates_problem, parts) if w), None)
    stack = [geom.get("coordinates")]
    while stack:
        v = stack.pop()
        if isinstance(v, list):
            stack.extend(v)
        elif v is None and not stack and geom.get("coordinates") is None:
            return None  # left to shapely (an empty or unknown geometry)
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            return f"coordinates must be numbers, found {v!r}"
    return None


def _short(v: Any) -> Any:
    s = repr(v)
    return v if len(s) <= 80 else s[:77] + "..."


def _why(exc: Exception) -> str:
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return msg[:120]


# ================================================================= GeoPackage / Shapefile
def read_gis_records(src: Any, *, layer: str | int | None = None,
                     columns: dict[str, Any]) -> Parsed:
    """Records of a GeoPackage or Shapefile layer (feature i is row i + 1), positions in WGS 84.

    Parameters
    ----------
    src : path-like
    layer : str or int, optional
        Layer of a GeoPackage (default: the first).
    columns : dict
        Known column names (:data:`rehab.stock.COLUMNS`), to undo
        Shapefile's 10-character cut.

    Returns
    -------
    Parsed
    """
    gpd = require_extra("geopandas", "gis", "reading GeoPackage/Shapefile stocks")
    require_extra("pyogrio", "gis", "reading GeoPackage/Shapefile stocks")
    name = _name(src)
    try:
        gdf = gpd.read_file(src, layer=layer, engine="pyogrio")
    except Exception as exc:
        raise InputError(f"cannot read stock file {name}: {_why(exc)}") from None
    parsed = Parsed()
    renames = {}
    for c in gdf.columns:
        if c != "geometry" and c not in columns:
            full = [k for k in columns if len(c) >= 8 and k.startswith(c) and k != c]
            if len(full) == 1:
                renames[c] = full[0]
    if renames:
        gdf = gdf.rename(columns=renames)
        parsed.notes.append("shortened column names read as " + ", ".join(f"{a}→{b}" for a, b in renames.items()))
    geo = gdf.geometry if "geometry" in gdf.columns else None
    if geo is not None and gdf.crs is not None and not gdf.crs.equals("EPSG:4326", ignore_axis_order=True):
        parsed.notes.append(f"coordinates reprojected from {gdf.crs.to_string()} to WGS 84")
        geo = geo.to_crs("EPSG:4326")
    props = gdf.drop(columns=["geometry"], errors="ignore")
    for i, rec in enumerate(props.to_dict(orient="records")):
        row = i + 1
        rec = {k: (None if _missing(v) else v) for k, v in rec.items()}
        g = None if geo is None else geo.iloc[i]
        if g is not None and not g.is_empty:
            try:
                pt = g if g.geom_type == "Point" else g.centroid
                xy = (float(pt.x), float(pt.y))
            except Exception as exc:
                parsed.bad.append(BadRow(row, "geometry", _short(str(g)), f"bad geometry ({_why(exc)})"))
                continue
            if not all(math.isfinite(c) for c in xy):
                parsed.bad.append(BadRow(row, "geometry", _short(str(g)), "coordinates must be finite numbers"))
                continue
            rec.setdefault("longitude", xy[0])
            rec.setdefault("latitude", xy[1])
            if g.geom_type in ("Polygon", "MultiPolygon") and gdf.crs is not None:
                parsed.footprints.append((len(parsed.records), gdf.geometry.iloc[i], gdf.crs))
        parsed.records.append(rec)
        parsed.rows.append(row)
    return parsed


def _missing(v: Any) -> bool:
    try:
        return v is None or (isinstance(v, float) and math.isnan(v)) or bool(v != v)
    except (TypeError, ValueError):
        return False


def json_value(v: Any) -> Any:
    """A table cell as a JSON value: numpy scalars as Python ones, missing (None, NaN, NA) as None."""
    if _missing(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        with contextlib.suppress(AttributeError, ValueError):
            v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v if isinstance(v, (str, int, float, bool, list, dict)) else str(v)
