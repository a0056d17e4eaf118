"""Safe output (rehab.safeio): issue 12 defects 6 (formula injection) and 7 (silent overwrite, mixed runs)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import rehab
from rehab import safeio
from rehab.cli import main
from rehab.errors import OutputExistsError

DPE_XML = Path(__file__).resolve().parent / "data" / "dpe" / "xml" / "2187E0981996L.xml"
EVIL = ['=HYPERLINK("http://evil.example","x")', "+cmd", "@SUM(1)", "-2+3+cmd"]


def _formula_cells(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return [c for row in csv.reader(fh) for c in row if safeio.is_formula(c)]


def test_owasp_rule_on_text_not_numbers(tmp_path):
    df = pd.DataFrame({"street": [*EVIL, "\tx", "\r=y", "rue", "-3.5", None],
                       "n": [-1.0, 2.0, -3.0, 4.0, 5.0, 6.0, -7.5, 8.0, 9.0]})
    p = safeio.write_csv(df, tmp_path / "t.csv")
    assert _formula_cells(p) == []
    back = pd.read_csv(p, keep_default_na=False, dtype={"street": str})
    assert back["n"].tolist() == df["n"].tolist()  # numbers untouched (negative ones too)
    assert back["street"].tolist()[:4] == ["'" + e for e in EVIL]
    assert back["street"].tolist()[6:8] == ["rue", "-3.5"]  # plain text and number-like text untouched


def test_formula_streets_are_neutralised_in_every_programme_output(tmp_path, capsys):
    t = rehab.stock.demo().table.iloc[[0, 130, 250, 300]].reset_index(drop=True)
    t["street"] = EVIL
    t["cite"] = EVIL[::-1]
    src = tmp_path / "stock.csv"
    t.to_csv(src, index=False)
    out = tmp_path / "out"
    assert main(["programme", str(src), "--out", str(out), "--no-progress", "--packages", "bbc-renovation"]) == 0
    capsys.readouterr()
    written = sorted(p.name for p in out.glob("*.csv"))
    for name in ("by_street.csv", "by_cite.csv", "choice.csv", "houses.csv", "table.csv"):
        assert name in written
    for name in written:
        assert _formula_cells(out / name) == [], name
    streets = pd.read_csv(out / "by_street.csv")["street"].tolist()
    assert sorted(streets) == sorted("'" + e for e in EVIL)
    # rehab reads its own output back to the original text
    assert sorted(rehab.stock.read_csv(src).table["street"]) == sorted(EVIL)


def test_stock_written_and_read_back_is_the_same_stock(tmp_path):
    s = rehab.stock.read_csv(io.StringIO("id,archetype,street,floor_area\n=1,coron-mid-terrace,@x,61.25\n"))
    for kind in ("csv", "parquet", "geojson"):
        p = getattr(s, f"to_{kind}")(tmp_path / f"s.{kind}")
        back = rehab.stock.read(p)
        assert back.table.to_dict("records") == s.table.to_dict("records"), kind


# ------------------------------------------------------------------ defect 7: no silent overwrite
def test_existing_files_are_refused_unless_overwrite(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("mine")
    with pytest.raises(OutputExistsError, match="overwrite=True"):
        safeio.write_text(p, "new")
    assert p.read_text() == "mine"
    safeio.write_text(p, "new", overwrite=True)
    assert p.read_text() == "new"
    s = rehab.stock.demo()
    q = tmp_path / "s.csv"
    q.write_text("mine")
    with pytest.raises(OutputExistsError):
        s.to_csv(q)
    assert q.read_text() == "mine"


def test_output_exists_error_is_in_the_one_error_tree(tmp_path):
    """OutputExistsError lives in rehab.errors (an InputError and a FileExistsError); safeio re-exports it."""
    assert "OutputExistsError" in rehab.errors.__all__
    assert OutputExistsError.__module__ == "rehab.errors"
    assert safeio.OutputExistsError is OutputExistsError  # old import path still works
    assert issubclass(OutputExistsError, rehab.errors.InputError) and issubclass(OutputExistsError, FileExistsError)
    p = tmp_path / "table.csv"
    p.write_text("mine")
    for caught in (rehab.errors.RehabError, FileExistsError, ValueError):
        with pytest.raises(caught, match=r"table\.csv"):
            safeio.write_csv(pd.DataFrame({"a": [1]}), p)
    assert p.read_text() == "mine"


def test_write_html_refuses_an_existing_file(tmp_path):
    from rehab import report

    p = tmp_path / "notes.txt"
    p.write_text("mine")
    with pytest.raises(OutputExistsError):
        report.write_html(None, p)  # refused before any work on the result
    assert p.read_text() == "mine"


def test_cli_archetypes_json_refuses_an_existing_file(tmp_path, capsys):
    p = tmp_path / "existing.json"
    p.write_text("{}")
    assert main(["archetypes", "coron-mid-terrace", "--json", str(p)]) == 2
    assert "--overwrite" in capsys.readouterr().err and p.read_text() == "{}"
    assert main(["archetypes", "coron-mid-terrace", "--json", str(p), "--overwrite"]) == 0
    assert json.loads(p.read_text())["floor_area"] > 0


def test_cli_energyplus_export_refuses_an_existing_file(tmp_path, capsys):
    import rehab.energyplus.cli  # noqa: F401 - registers the command

    p = tmp_path / "existing.idf"
    p.write_text("mine")
    assert main(["energyplus", "export", "coron-mid-terrace", str(p)]) == 2
    assert "--overwrite" in capsys.readouterr().err and p.read_text() == "mine"


def test_cli_dpe_csv_neutralises_formulas_and_refuses_an_existing_file(tmp_path, capsys):
    """`rehab dpe --csv`: the DPE number read from the XML is text a landlord does not control."""
    import rehab.dpe.cli  # noqa: F401 - registers the command

    xml = tmp_path / "evil.xml"
    xml.write_text(DPE_XML.read_text(encoding="utf-8").replace(
        "<numero_dpe>2187E0981996L</numero_dpe>", '<numero_dpe>=HYPERLINK("http://evil.example","x")</numero_dpe>'),
        encoding="utf-8")
    out = tmp_path / "cmp.csv"
    out.write_text("mine")
    assert main(["dpe", str(xml), "--csv", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err and out.read_text() == "mine"
    assert main(["dpe", str(xml), "--csv", str(out), "--overwrite"]) == 0
    assert _formula_cells(out) == []
    with open(out, encoding="utf-8", newline="") as fh:
        assert next(iter(csv.DictReader(fh)))["id"] == '\'=HYPERLINK("http://evil.example","x")'


def test_programme_files_are_all_refused_before_any_is_written(tmp_path):
    """Programme.to_csv into a folder holding one of its files writes nothing (was: table.csv, then refused)."""
    from rehab.programme import Programme

    res = Programme(pd.DataFrame([{"id": "h1", "archetype": "coron-mid-terrace", "floor_area": 60}]),
                    ["attic-only"]).run(progress=False)
    d = tmp_path / "out"
    d.mkdir()
    (d / "houses.csv").write_text("mine")
    with pytest.raises(OutputExistsError, match=r"houses\.csv"):
        res.to_csv(d)
    assert sorted(p.name for p in d.iterdir()) == ["houses.csv"] and (d / "houses.csv").read_text() == "mine"
    res.to_csv(d, overwrite=True)
    assert (d / "table.csv").exists() and (d / "houses.csv").read_text() != "mine"


def test_stream_refuses_a_non_empty_folder_with_output_exists_error(tmp_path):
    from rehab.streaming import stream

    src = rehab.stock.demo().table.iloc[:2]
    path = tmp_path / "s.parquet"
    src.to_parquet(path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("mine")
    with pytest.raises(OutputExistsError, match="overwrite=True"):
        stream(path, ["attic-only"], out)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_staged_folder_replaces_all_or_nothing(tmp_path):
    d = tmp_path / "out"
    d.mkdir()
    (d / "index.html").write_text("old")
    (d / "plan_schedule.csv").write_text("old run")
    with pytest.raises(OutputExistsError), safeio.staged_dir(d):
        pass
    with pytest.raises(RuntimeError), safeio.staged_dir(d, overwrite=True) as stage:
        (stage / "index.html").write_text("half")
        raise RuntimeError("interrupted")
    assert sorted(p.name for p in d.iterdir()) == ["index.html", "plan_schedule.csv"]  # the old results
    assert (d / "index.html").read_text() == "old"
    with safeio.staged_dir(d, overwrite=True) as stage:
        (stage / "index.html").write_text("new")
    assert [p.name for p in d.iterdir()] == ["index.html"]  # the new results, nothing of the old run
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_programme_out_folder_is_refused_then_replaced_with_overwrite(tmp_path, capsys):
    t = rehab.stock.demo().table.iloc[[0, 250]]
    src = tmp_path / "stock.csv"
    t.to_csv(src, index=False)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the user's page")
    (out / "plan_schedule.csv").write_text("an earlier run")
    args = ["programme", str(src), "--out", str(out), "--no-progress", "--packages", "bbc-renovation"]
    assert main(args) == 2
    assert "not empty" in capsys.readouterr().err
    assert (out / "index.html").read_text() == "the user's page"
    assert main([*args, "--overwrite"]) == 0
    capsys.readouterr()
    assert not (out / "plan_schedule.csv").exists()  # no mix of runs
    assert "<!DOCTYPE html>" in (out / "index.html").read_text()


def test_interrupted_write_leaves_the_old_folder(tmp_path):
    """A process killed while writing leaves the old results (the new ones stay in a hidden temporary folder)."""
    d = tmp_path / "out"
    d.mkdir()
    (d / "table.csv").write_text("old")
    code = textwrap.dedent(f"""
        import os, signal
        from rehab import safeio
        with safeio.staged_dir({str(d)!r}, overwrite=True) as stage:
            (stage / "table.csv").write_text("half")
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False)
    assert r.returncode == -signal.SIGKILL
    assert (d / "table.csv").read_text() == "old"
