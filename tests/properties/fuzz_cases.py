"""Generators and checks shared by the fuzz suite (tests/properties/test_fuzz_*.py) and its long run.

The number of generated cases per property is ``REHAB_FUZZ_EXAMPLES`` when
set (``benchmarks/fuzz_long.py`` sets 10,000), else the small CI count given
by each test. Every property records what it saw in :data:`STATS` so the
long run can print its table.
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import math
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from rehab import archetypes, systems
from rehab.errors import RehabError
from rehab.safeio import FORMULA_CHARS

#: one scratch folder for the whole run (a temporary folder per case costs more than the case)
SCRATCH = Path(tempfile.mkdtemp(prefix="rehab-fuzz-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)

#: reader -> counts (cases, rows_in, rows_out, bad_rows, refused_files, undocumented, lost)
STATS: dict[str, Counter] = defaultdict(Counter)


def examples(ci: int) -> settings:
    """Hypothesis settings: ``ci`` cases, or REHAB_FUZZ_EXAMPLES in the long run."""
    long = int(os.environ.get("REHAB_FUZZ_EXAMPLES", "0") or 0)
    n = max(ci, long) if long else ci
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        derandomize=bool(os.environ.get("CI")) and not os.environ.get("REHAB_FUZZ_EXAMPLES"),
        database=None if os.environ.get("REHAB_FUZZ_EXAMPLES") else settings.default.database,
    )


def documented(exc: BaseException) -> bool:
    """An exception rehab documents: one of its error tree."""
    return isinstance(exc, RehabError)


# ----------------------------------------------------------------- cell values
ARCHETYPES = archetypes.names()
HEATING = systems.heating_presets()
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+cmd", "@SUM(1)", "-2+3+cmd", "=1+1", "\tx", "\r=y"]
#: text that looks like markup a reader might treat specially
TRICKY = ["#12", "Bât #2", "# comment", '"', '""', "a,b", "a;b", "a\tb", "line\nbreak", "'=quoted", "  ",
          "NaN", "nan", "None", "null", "1e309", "-0", "0x1A", "∞", "\x00", "\ufeffid", "58,5", "1 234,5"]

STREETS = [*FORMULAS, "rue des Corons", "Bât #2 rue X", "Église", "allée \"B\"", "rue A, bât 3", "rue A; bât 4",
           "'quoted", "#7", "N° 12", "rue de l'Égalité", "   padded   ", "-", "+", "=", "@"]
#: a fixed pool of junk cells (random Unicode drawn once, seeded) so that a case costs few draws
_rng = __import__("random").Random(2026)
JUNK = sorted({*FORMULAS, *TRICKY, *("".join(chr(_rng.choice([_rng.randint(32, 126), _rng.randint(160, 0x2FFF),
                                                          _rng.randint(0, 31)])) for _ in range(_rng.randint(1, 10)))
                                     for _ in range(300)),
               "inf", "-inf", "1e-300", "-5", "0", "1000000", "3.5e2", "", " ", "true", "oui", "castle"})
number_text = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**6, 10**6).map(str),
)
junk_cell = st.one_of(st.sampled_from(JUNK), st.sampled_from(ARCHETYPES + HEATING), number_text, st.text(max_size=8))


@st.composite
def clean_row(draw: Any, i: int) -> dict[str, Any]:
    """A valid dwelling (must come back unchanged)."""
    return {
        "id": f"clean-{i}",
        "archetype": draw(st.sampled_from(ARCHETYPES)),
        "floor_area": draw(st.integers(2000, 30000)) / 100,
        "azimuth": float(draw(st.integers(0, 359))),
        "n50": draw(st.integers(50, 2000)) / 100,
        "street": draw(st.sampled_from(STREETS)),
        "heating": draw(st.sampled_from(HEATING)),
    }


@st.composite
def junk_row(draw: Any, i: int) -> dict[str, Any]:
    """A valid row with one to three cells replaced by junk (kept or reported, never lost)."""
    r = draw(clean_row(i))
    r["id"] = f"row-{i}"
    for _ in range(draw(st.integers(1, 3))):
        c = COLUMNS[draw(st.integers(0, len(COLUMNS) - 1))]
        v = draw(junk_cell)
        r[c] = v if not (c == "id" and str(v).strip().startswith(("clean-", "row-"))) else "x" + str(v)
    return r


COLUMNS = ["id", "archetype", "floor_area", "azimuth", "n50", "street", "heating"]


@st.composite
def stock_rows(draw: Any, max_rows: int = 8) -> tuple[list[dict[str, Any]], set[str]]:
    """(rows, ids of the clean rows)."""
    n = draw(st.integers(1, max_rows))
    rows, clean = [], set()
    for i in range(n):
        if draw(st.booleans()):
            r = draw(clean_row(i))
            clean.add(r["id"])
        else:
            r = draw(junk_row(i))
        rows.append(r)
    return rows, clean


# ----------------------------------------------------------------- CSV files
@st.composite
def csv_files(draw: Any) -> dict[str, Any]:
    """A stock CSV as a spreadsheet or a hand might write it, with what it holds."""
    rows, clean = draw(stock_rows())
    sep = draw(st.sampled_from([",", ";", "\t"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
    decimal_comma = sep == ";" and draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    preamble = draw(st.lists(st.sampled_from(["# title: x", "# date: 2026-01-01", ""]), max_size=3))
    blanks = draw(st.lists(st.integers(0, len(rows)), max_size=3))
    if any("\r" in str(v) for r in rows for v in r.values()):
        newline = "\r\n"  # Python's csv quotes a lone CR only when it is part of the line terminator
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=newline)
    for p in preamble:
        buf.write(p + newline)
    w.writerow(COLUMNS)
    data_lines: list[int] = []
    line = len(preamble) + 2  # header = row len(preamble) + 1
    written = []
    for k, r in enumerate(rows):
        for _ in range(blanks.count(k)):
            buf.write(newline)
            line += 1
        cells = []
        for c in COLUMNS:
            v = r[c]
            if isinstance(v, float):
                v = repr(v)
                if decimal_comma and r["id"] in clean:
                    v = v.replace(".", ",")
            cells.append(str(v))
        if not any(str(c).strip() for c in cells):
            cells[0] = "empty"  # a row with no cell at all is not a dwelling
        w.writerow(cells)
        written.append(cells)
        data_lines.append(line)
        line += 1 + sum(c.count("\n") + c.count("\r") - c.count("\r\n") for c in cells)
    text = buf.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        encoding = "utf-8"
        data = text.encode(encoding)
    return {"bytes": data, "rows": rows, "clean": clean, "n": len(rows), "sep": sep, "encoding": encoding,
            "decimal_comma": decimal_comma, "lines": data_lines}


# ----------------------------------------------------------------- GeoJSON
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=False),
                        st.text(max_size=6))
json_value = st.recursive(json_scalar, lambda ch: st.one_of(st.lists(ch, max_size=4),
                                                           st.dictionaries(st.text(max_size=4), ch, max_size=3)),
                          max_leaves=12)
coord = st.one_of(st.floats(-180, 180), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=3),
                  st.none(), st.floats(-400_000, 1_400_000))
position = st.one_of(st.tuples(st.floats(-180, 180), st.floats(-90, 90)).map(list),
                     st.tuples(st.floats(100_000, 1_200_000), st.floats(6_100_000, 7_100_000)).map(list),
                     st.lists(coord, min_size=0, max_size=4))


@st.composite
def geometries(draw: Any) -> Any:
    kind = draw(st.sampled_from(["Point", "LineString", "Polygon", "MultiPoint", "junk", "none", "3d"]))
    if kind == "none":
        return None
    if kind == "junk":
        return draw(json_value)
    if kind == "Point":
        return {"type": "Point", "coordinates": draw(position)}
    if kind == "3d":
        return {"type": draw(st.sampled_from(["Point", "LineString"])),
                "coordinates": draw(st.one_of(st.lists(st.floats(-10, 60), min_size=3, max_size=3),
                                              st.lists(st.lists(st.floats(-10, 60), min_size=3, max_size=3),
                                                       min_size=2, max_size=4)))}
    if kind == "LineString" or kind == "MultiPoint":
        return {"type": kind, "coordinates": draw(st.lists(position, max_size=5))}
    ring = draw(st.lists(position, min_size=0, max_size=6))
    hole = draw(st.lists(position, min_size=0, max_size=5))
    return {"type": "Polygon", "coordinates": [ring, hole] if draw(st.booleans()) else [ring]}


@st.composite
def geojson_docs(draw: Any) -> dict[str, Any]:
    rows, clean = draw(stock_rows())
    feats: list[Any] = []
    for r in rows:
        props = {k: v for k, v in r.items() if v != ""}
        if r["id"] in clean:
            geom = {"type": "Point", "coordinates": [draw(st.floats(-5, 10)), draw(st.floats(40, 55))]}
        else:
            geom = draw(geometries())
        shape = draw(st.sampled_from(["feature", "feature", "feature", "not-object", "bad-props"]))
        if r["id"] in clean or shape == "feature":
            feats.append({"type": "Feature", "geometry": geom, "properties": props})
        elif shape == "not-object":
            feats.append(draw(st.one_of(json_scalar, st.lists(json_scalar, max_size=3))))
        else:
            feats.append({"type": "Feature", "geometry": geom, "properties": draw(st.one_of(json_scalar,
                                                                                            st.lists(json_scalar)))})
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": feats}
    if draw(st.booleans()) and draw(st.booleans()):
        doc["crs"] = {"type": "name", "properties": {"name": draw(st.sampled_from(
            ["EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:2154", "EPSG:3857"]))}}
    return {"doc": doc, "rows": rows, "clean": clean, "n": len(feats)}


# ----------------------------------------------------------------- checks
def check_accounting(stock: Any, n_in: int, name: str) -> None:
    """Rows in = rows out + reported bad rows (each bad row once, whatever its number of bad cells)."""
    bad_rows = {b.row for b in stock.errors}
    s = STATS[name]
    s["rows_in"] += n_in
    s["rows_out"] += len(stock)
    s["bad_rows"] += len(bad_rows)
    lost = n_in - len(stock) - len(bad_rows)
    s["lost"] += max(lost, 0)
    assert lost == 0, f"{lost} dwelling(s) lost: {n_in} in, {len(stock)} out, bad rows {sorted(bad_rows)}"


def check_clean_kept(stock: Any, rows: list[dict[str, Any]], clean: set[str], columns: tuple[str, ...]) -> None:
    """Every valid dwelling comes out with its values."""
    out = {r["id"]: r for r in stock.table.to_dict(orient="records")} if len(stock) else {}
    for r in rows:
        if r["id"] not in clean:
            continue
        assert r["id"] in out, f"valid dwelling {r['id']!r} lost"
        got = out[r["id"]]
        for c in columns:
            want = r[c]
            if isinstance(want, float):
                assert math.isclose(float(got[c]), want, rel_tol=1e-12), (c, got[c], want)
            elif str(want).strip():
                assert got[c] == str(want).strip(), (c, got[c], want)


def formula_cells(text: str, sep: str = ",") -> list[str]:
    """Cells of a CSV text a spreadsheet would run as formulas."""
    out = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
        for cell in row:
            if cell.startswith(FORMULA_CHARS):
                try:
                    float(cell)
                except ValueError:
                    out.append(cell)
    return out


def same_stock(a: Any, b: Any) -> None:
    """Two stocks hold the same dwellings with the same values."""
    assert len(a) == len(b)
    if not len(a):
        return
    ra = {r["id"]: r for r in a.table.to_dict(orient="records")}
    rb = {r["id"]: r for r in b.table.to_dict(orient="records")}
    assert ra.keys() == rb.keys()
    for k, x in ra.items():
        y = rb[k]
        assert x.keys() == y.keys(), (x.keys() ^ y.keys())
        for c, vx in x.items():
            vy = y[c]
            if _na(vx) or _na(vy):
                assert _na(vx) and _na(vy), (k, c, vx, vy)
            elif isinstance(vx, float) or isinstance(vy, float):
                assert math.isclose(float(vx), float(vy), rel_tol=1e-12), (k, c, vx, vy)
            else:
                assert vx == vy, (k, c, vx, vy)


def _na(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def json_bytes(doc: Any) -> bytes:
    return json.dumps(doc, allow_nan=True).encode("utf-8")
