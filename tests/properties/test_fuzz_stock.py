"""Fuzzing the stock readers and writers: nothing lost, nothing injected, same stock back.

Invariants, for every generated file (see fuzz_cases.py for what is generated):

* no exception outside rehab's error tree;
* rows in = rows out + reported bad rows, every valid dwelling kept with its values;
* bad rows carry their true line number;
* no text cell of a CSV rehab writes starts with a formula character;
* reading what rehab wrote gives back the same stock.

``REHAB_FUZZ_EXAMPLES=10000`` (benchmarks/fuzz_long.py) runs the long version.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from fuzz_cases import (
    COLUMNS,
    SCRATCH,
    STATS,
    check_accounting,
    check_clean_kept,
    csv_files,
    documented,
    examples,
    formula_cells,
    geojson_docs,
    json_bytes,
    same_stock,
    stock_rows,
)
from hypothesis import given
from hypothesis import strategies as st

from rehab import stock

CLEAN_COLS = ("archetype", "floor_area", "azimuth", "n50", "street", "heating")


def _round_trip(s: stock.Stock, kind: str) -> None:
    if len(s) == 0 and kind == "csv":
        return  # an empty stock is not written as CSV (read_csv refuses a header-only file)
    p = SCRATCH / f"round-trip.{kind}"
    getattr(s, f"to_{kind}")(p, overwrite=True)
    if kind == "csv":
        with open(p, encoding="utf-8", newline="") as fh:
            assert formula_cells(fh.read()) == []
    back = stock.read(p)
    assert back.errors == [], back.errors[:3]
    same_stock(s, back)


@examples(100)
@given(csv_files())
def test_fuzz_csv_reader(case):
    STATS["csv"]["cases"] += 1
    try:
        s = stock.read_csv(io.BytesIO(case["bytes"]))
    except Exception as exc:
        if not documented(exc):
            STATS["csv"]["undocumented"] += 1
            raise
        STATS["csv"]["refused_files"] += 1
        STATS["csv"]["lost"] += len(case["clean"])
        raise AssertionError(f"a file with a known header was refused: {exc}") from exc
    check_accounting(s, case["n"], "csv")
    check_clean_kept(s, case["rows"], case["clean"], CLEAN_COLS)
    assert {b.row for b in s.errors} <= set(case["lines"]), (sorted({b.row for b in s.errors}), case["lines"])
    _round_trip(s, "csv")


@examples(40)
@given(stock_rows(), st.data())
def test_fuzz_parquet_reader(rows_clean, data):
    rows, clean = rows_clean
    STATS["parquet"]["cases"] += 1
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("floor_area", "azimuth", "n50"):  # a numeric column where every cell is a number
        if data.draw(st.booleans()):
            df[c] = pd.to_numeric(df[c], errors="coerce")
    text = [c for c in df.columns if not pd.api.types.is_float_dtype(df[c].dtype)]
    df[text] = df[text].astype(str)  # one type per column, as a Parquet file has
    p = SCRATCH / "in.parquet"
    df.to_parquet(p, index=False)
    try:
        s = stock.read_parquet(p)
    except Exception as exc:
        STATS["parquet"]["undocumented" if not documented(exc) else "refused_files"] += 1
        raise
    check_accounting(s, len(rows), "parquet")
    check_clean_kept(s, rows, clean, CLEAN_COLS)
    _round_trip(s, "parquet")


@examples(80)
@given(geojson_docs())
def test_fuzz_geojson_reader(case):
    STATS["geojson"]["cases"] += 1
    p = SCRATCH / "in.geojson"
    p.write_bytes(json_bytes(case["doc"]))
    try:
        s = stock.read_geojson(p)
    except Exception as exc:
        if not documented(exc):
            STATS["geojson"]["undocumented"] += 1
            raise
        STATS["geojson"]["refused_files"] += 1
        STATS["geojson"]["lost"] += len(case["clean"])
        raise AssertionError(f"a FeatureCollection was refused: {exc}") from exc
    check_accounting(s, case["n"], "geojson")
    check_clean_kept(s, case["rows"], case["clean"], CLEAN_COLS)
    if "longitude" in s.table.columns:
        pos = s.table[["longitude", "latitude"]].dropna()
        assert pos["longitude"].between(-180, 180).all() and pos["latitude"].between(-90, 90).all()
    _round_trip(s, "geojson")


@examples(60)
@given(st.binary(max_size=300), st.sampled_from(["csv", "parquet", "geojson"]))
def test_fuzz_random_bytes_never_escape_the_error_tree(blob, kind):
    """Any bytes: a stock, or a rehab error — never a bare pandas/pyarrow/json/numpy exception."""
    STATS[f"{kind} (random bytes)"]["cases"] += 1
    p = SCRATCH / f"random.{kind}"
    p.write_bytes(blob)
    try:
        s = stock.read(p)
    except Exception as exc:
        if not documented(exc):
            STATS[f"{kind} (random bytes)"]["undocumented"] += 1
            raise
        STATS[f"{kind} (random bytes)"]["refused_files"] += 1
        return
    STATS[f"{kind} (random bytes)"]["rows_out"] += len(s)
    STATS[f"{kind} (random bytes)"]["bad_rows"] += len({b.row for b in s.errors})


def test_fuzz_counts_are_recorded():
    """The long run's table reads STATS; a property that stopped recording would show 0 cases."""
    if not STATS:
        pytest.skip("run with the fuzz properties")
    assert all(v["undocumented"] == 0 and v["lost"] == 0 for v in STATS.values()), dict(STATS)
    json.dumps({k: dict(v) for k, v in STATS.items()})


@examples(100)
@given(st.text(alphabet=',;\t"\n\r #\'=-ai1.\ufeff', max_size=40),
       st.sampled_from(["", "id,archetype\n", "id;archetype;floor_area\n"]))
def test_fuzz_csv_like_text_never_escapes_the_error_tree(text, head):
    """Short texts made of CSV's own characters (quotes, separators, line breaks, BOM, '#')."""
    STATS["csv (CSV-like text)"]["cases"] += 1
    try:
        s = stock.read_csv(io.BytesIO((head + text).encode("utf-8")))
    except Exception as exc:
        if not documented(exc):
            STATS["csv (CSV-like text)"]["undocumented"] += 1
            raise
        STATS["csv (CSV-like text)"]["refused_files"] += 1
        return
    STATS["csv (CSV-like text)"]["rows_out"] += len(s)
    STATS["csv (CSV-like text)"]["bad_rows"] += len({b.row for b in s.errors})
