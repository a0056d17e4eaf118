"""Fuzzing rehab's other public inputs: EPW files, House JSON, control options, CSV output, CLI arguments.

Invariant everywhere: a result, or an exception of rehab's error tree
(``rehab.errors.RehabError``) — never a bare KeyError, ValueError from
numpy, pandas parser error or traceback. Counts: ``REHAB_FUZZ_EXAMPLES``
(see fuzz_cases.py).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from fuzz_cases import FORMULAS, SCRATCH, STATS, TRICKY, documented, examples, formula_cells
from hypothesis import given
from hypothesis import strategies as st

import rehab
from rehab import packages, safeio, simulation, weather
from rehab._data import data_path
from rehab.cli import main

EPW_LINES = data_path("weather", weather.DEFAULT_EPW).read_text(encoding="latin-1").splitlines(keepends=True)
CORON = rehab.archetypes.get("coron-mid-terrace")
HOUSE = json.loads(CORON.model_dump_json())


def _leaves(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(obj, list) and obj:
        for i, v in enumerate(obj):
            yield from _leaves(v, (*path, i))
    else:
        yield path


LEAVES = list(_leaves(HOUSE))
junk_value = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e-300, 1e300, -0.0, 1e-9, 32.6, 10.2, 5.0]),
    st.integers(-10**12, 10**12),
    st.sampled_from(["30 cm", "1e-300 m", "abc", "", "19 degC", "5 W/K", "-3 m**2", "nan", "inf", "upward"]),
    st.sampled_from(FORMULAS + TRICKY),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _record(name: str, exc: BaseException | None) -> None:
    STATS[name]["cases"] += 1
    if exc is None:
        STATS[name]["accepted"] += 1
    elif documented(exc):
        STATS[name]["refused"] += 1
    else:
        STATS[name]["undocumented"] += 1
        raise exc


def _call(name: str, fn, *args, **kwargs):
    try:
        out = fn(*args, **kwargs)
    except Exception as exc:
        _record(name, exc)
        return None
    _record(name, None)
    return out


EPW_OPS = ["field", "field", "delete", "duplicate", "truncate", "header", "blank", "bytes"]
#: one mutation of the shipped EPW file: (operation, line, field, header line, value)
epw_mutation = st.tuples(st.sampled_from(EPW_OPS), st.integers(0, len(EPW_LINES) - 1), st.integers(0, 34),
                         st.integers(0, 7), st.one_of(junk_value.map(str), st.text(max_size=30)))


def epw_text(mutations) -> str:
    """The shipped EPW file with ``mutations`` applied (indices wrap on what is left of the file).

    Hypothesis draws only the mutations and the file is built here: a whole
    annual file drawn as a value is kept by hypothesis for every case (1.5 MB
    each: gigabytes over a long run).
    """
    lines = list(EPW_LINES)
    for op, i, j, k, value in mutations:
        if not lines:
            break
        i %= len(lines)
        if op in ("field", "header"):
            at = i if op == "field" else k % len(lines)
            cells = lines[at].rstrip("\r\n").split(",")
            cells[j % len(cells)] = value
            lines[at] = ",".join(cells) + "\n"
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines = lines[: max(i, 1)]
        elif op == "blank":
            lines.insert(i, "\n")
        else:
            lines[i] = value + "\n"
    return "".join(lines)


@examples(30)
@given(st.lists(epw_mutation, min_size=1, max_size=4))
def test_fuzz_epw_reader(mutations):
    p = SCRATCH / "w.epw"
    p.write_text(epw_text(mutations), encoding="utf-8", errors="surrogatepass")
    w = _call("EPW", weather.read_epw, p, sun_timing="mid-hour")
    if w is not None:
        assert w.n_hours in (8760, 8784)
        assert np.isfinite(w.temp_air).all()


@st.composite
def house_docs(draw) -> dict:
    doc = json.loads(json.dumps(HOUSE))
    for _ in range(draw(st.integers(1, 3))):
        path = LEAVES[draw(st.integers(0, len(LEAVES) - 1))]
        parent = doc
        try:
            for k in path[:-1]:
                parent = parent[k]
            op = draw(st.sampled_from(["set", "set", "set", "delete", "unknown"]))
            if op == "set":
                parent[path[-1]] = draw(junk_value)
            elif op == "delete" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, dict):
                parent["not_a_field"] = 1
        except (KeyError, IndexError, TypeError):
            continue
    return doc


@examples(80)
@given(house_docs(), st.floats(0, 1))
def test_fuzz_house_json(doc, p_sim):
    text = json.dumps(doc, allow_nan=True)
    h = _call("House JSON", rehab.House.model_validate_json, text)
    if h is None:
        return
    hl = _call("House JSON → heat_loss", h.heat_loss)
    if hl is not None:
        assert np.isfinite(hl.h_total) and hl.h_total > 0
    if p_sim < 0.05:  # a monthly simulation of a few of the accepted houses
        _call("House JSON → simulate", rehab.simulate, h, method="monthly")


PACKAGES = [json.loads(packages.get(n).model_dump_json()) for n in packages.names()]
PACKAGE_LEAVES = [list(_leaves(doc)) for doc in PACKAGES]


@examples(60)
@given(st.integers(0, len(PACKAGES) - 1),
       st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(["set", "set", "delete", "unknown"]),
                          st.one_of(junk_value, st.sampled_from(["wall", "all", "not_street", "street", "attic",
                                                                 "heat_pump", "triple", "mineral_wool_ext"]))),
                min_size=1, max_size=3))
def test_fuzz_package_json(which, mutations):
    """A user package (JSON as `rehab assess --packages my.json` reads it): a Package or a rehab error;
    an accepted package applied to a coron house gives a finite positive H or a rehab error."""
    doc = json.loads(json.dumps(PACKAGES[which]))
    leaves = PACKAGE_LEAVES[which]
    for where, op, value in mutations:
        path = leaves[int(where * len(leaves))]
        parent = doc
        try:
            for k in path[:-1]:
                parent = parent[k]
            if op == "set":
                parent[path[-1]] = value
            elif isinstance(parent, dict):
                if op == "delete":
                    parent.pop(path[-1], None)
                else:
                    parent["not_a_field"] = 1
        except (KeyError, IndexError, TypeError):
            continue
    pkg = _call("package JSON", packages.package, json.loads(json.dumps(doc, allow_nan=True)))
    if pkg is None:
        return
    h = _call("package JSON → apply", pkg.apply, CORON)
    if h is not None:
        hl = h.heat_loss().h_total
        assert np.isfinite(hl) and hl > 0


@examples(100)
@given(st.one_of(st.none(), st.floats(0, 35), junk_value), st.one_of(st.none(), st.floats(0, 35), junk_value),
       st.one_of(st.tuples(st.integers(-5, 30), st.integers(-5, 30)), junk_value))
def test_fuzz_control_options(setpoint, setback, hours):
    """simulate's control options: checked values or a clear InputError (setback_hours included)."""
    args = (19.0 if setpoint is None else setpoint, setback, None, None, "conventional")
    _call("simulate control options", simulation.control_options, *args, setback_hours=hours)


cell = st.one_of(st.text(max_size=8), st.sampled_from(FORMULAS + TRICKY), st.floats(), st.integers(), st.none())


@examples(100)
@given(st.lists(st.tuples(cell, cell, st.floats(allow_nan=True)), min_size=1, max_size=6))
def test_fuzz_csv_output_is_never_a_formula(rows):
    """safeio.write_csv: no text cell starts with a formula character, numbers untouched, text restorable."""
    df = pd.DataFrame(rows, columns=["a", "b", "x"])
    STATS["CSV writer"]["cases"] += 1
    with tempfile.TemporaryDirectory() as d:
        p = safeio.write_csv(df, Path(d) / "t.csv")
        with open(p, encoding="utf-8", newline="") as fh:
            text = fh.read()
    assert formula_cells(text) == []
    back = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert len(back) == len(rows)
    for (a, b, x), got in zip(rows, back, strict=True):
        for want, g in ((a, got[0]), (b, got[1])):
            if isinstance(want, str):
                assert safeio.unneutralise(g) == want
        if np.isfinite(x):
            assert float(got[2]) == x


COMMANDS = ["archetypes", "heatloss", "schema", "energyplus", "--version", "-h", "nope", ""]
TOKENS = st.one_of(
    st.sampled_from([*rehab.archetypes.names(), "house", "construction", "window", "ventilation"]),
    st.sampled_from(["--json", "--overwrite", "--out", "-h", "export", "x.json", "existing.json", "folder",
                     "/", "..", "--", "-"]),
    st.sampled_from(FORMULAS + TRICKY),
    st.text(max_size=6),
)


@examples(60)
@given(st.sampled_from(COMMANDS), st.lists(TOKENS, max_size=4))
def test_fuzz_cli_arguments(command, rest):
    """Any argv of the fast commands: exit code 0/2/3, never a traceback."""
    argv = [command, *rest] if command else rest
    if "export" in argv and "energyplus" in argv:
        argv = [a for a in argv if a != "export"]  # exporting runs eppy: covered by its own tests
    STATS["CLI arguments"]["cases"] += 1
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as d:
        os.chdir(d)
        try:
            Path("existing.json").write_text("{}")
            Path("folder").mkdir()
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(argv)
                except SystemExit as exc:  # argparse: usage error (2) or --help/--version (0)
                    code = exc.code
                except Exception:
                    STATS["CLI arguments"]["undocumented"] += 1
                    raise
            assert code in (0, 2, 3), (argv, code, err.getvalue()[-300:])
            assert "Traceback" not in err.getvalue()
            assert Path("existing.json").read_text() == "{}", "an existing file was overwritten"
        finally:
            os.chdir(cwd)
