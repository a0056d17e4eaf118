"""``rehab demo`` and ``rehab programme``: outputs, exit codes, messages, progress bar."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import rehab
from rehab import cli
from rehab.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def small_stock(tmp_path_factory):
    """Twenty dwellings of the demonstration neighbourhood as a stock CSV file."""
    d = tmp_path_factory.mktemp("stock")
    t = rehab.stock.demo().table.iloc[::18].reset_index(drop=True)
    assert len(t) == 20 and set(t["owner"]) == {
        "owner_occupier",
        "social_landlord",
        "private_landlord",
    }
    p = d / "stock.csv"
    t.to_csv(p, index=False)
    return p


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "rehab-report"
    import contextlib
    import io

    buf, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
        code = main(["demo", "--out", str(out), "--no-progress"])
    return code, buf.getvalue(), err.getvalue(), out


# ----------------------------------------------------------------------------- help
def test_help_documents_exit_codes(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for code in (
        "0  success",
        "1  a calculation failed",
        "2  bad usage or bad input",
        "3  an optional extra",
    ):
        assert code in text
    assert "demo" in text and "programme" in text
    with pytest.raises(SystemExit):
        main(["programme", "--help"])
    text = capsys.readouterr().out
    for opt in (
        "--packages",
        "--target-class",
        "--budget",
        "--capacity",
        "--out",
        "--backend",
        "--scheduler",
        "--format",
        "--no-progress",
        "exit codes:",
    ):
        assert opt in text


def test_docs_cli_lists_the_same_exit_codes():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for line in cli.EXIT_CODES_HELP.splitlines()[1:]:
        m = re.match(r"\s+(\d)\s+(\S+ \S+)", line)
        if m:
            assert re.search(rf"\|\s*{m.group(1)}\s*\|[^|\n]*{re.escape(m.group(2))}", text), line


def test_objectives_match_the_programme():
    from rehab.programme import OBJECTIVES

    assert tuple(cli._OBJECTIVES) == tuple(OBJECTIVES)


# ----------------------------------------------------------------------------- demo
def test_demo_prints_the_comparison_and_writes_the_report(demo_run):
    code, out, err, folder = demo_run
    assert code == 0, err
    for name in rehab.packages.names():
        assert re.search(rf"^{re.escape(name)}\s+\d+/350\s", out, re.M), name
    assert "Chosen package per owner type" in out
    for owner in ("owner_occupier", "social_landlord", "private_landlord"):
        assert re.search(rf"^{owner}\s+\d", out, re.M)
    assert f"Report: {folder / 'index.html'}" in out
    m = re.search(
        r"Uncertainty \(200 samples, P50 \[P10; P90\]\): net cost ([\d.]+) M€ \[([\d.]+); ([\d.]+)\]",
        out,
    )
    assert m and float(m.group(2)) <= float(m.group(1)) <= float(m.group(3)), out
    for f in (
        "index.html",
        "table.csv",
        "houses.csv",
        "settings.json",
        "packages.csv",
        "choice.csv",
        "by_owner.csv",
        "by_street.csv",
        "by_cite.csv",
        "plan_yearly.csv",
        "plan_schedule.csv",
        "plan_cashflows.csv",
        "uncertainty.csv",
        "uncertainty_per_house.csv",
    ):
        assert (folder / f).is_file(), f
    assert "%|" not in err  # no progress bar when not a terminal


def test_demo_tables_agree_with_each_other(demo_run):
    _, out, _, folder = demo_run
    table = pd.read_csv(folder / "table.csv")
    packages = pd.read_csv(folder / "packages.csv").set_index("package")
    choice = pd.read_csv(folder / "choice.csv")
    assert table["house_id"].nunique() == len(choice) == 350
    # per package: houses allowed and their summed net cost, from the full table
    for name, row in packages.iterrows():
        p = table[(table["scenario"] == name) & table["allowed"]]
        assert row["allowed"] == len(p)
        assert row["net_cost_eur"] == pytest.approx(p["net_cost_eur"].sum(), rel=1e-9)
    # the printed line of the choice is the sum of choice.csv
    m = re.search(r"net ([\d.]+) M€", out)
    assert float(m.group(1)) == pytest.approx(choice["net_cost_eur"].sum() / 1e6, abs=0.006)
    # the phasing stays within the demonstration's budget every year
    yearly = pd.read_csv(folder / "plan_yearly.csv")
    assert (yearly["spend_eur"] <= cli.DEMO_BUDGET + 1e-6).all()
    schedule = pd.read_csv(folder / "plan_schedule.csv")
    assert yearly["houses"].sum() == len(schedule) <= 350
    assert schedule.groupby("year")["net_cost_eur"].sum().le(cli.DEMO_BUDGET + 1e-6).all()
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert (
        html.count("<img ") == 8
    )  # classes, cost/savings, MAC curve, bills, whole-life carbon, phasing, cash flows, uncertainty
    assert "Loos-en-Gohelle demonstration neighbourhood" in html


# ----------------------------------------------------------------------------- programme
def test_programme_on_a_stock_file_with_budget_and_capacity(small_stock, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "programme",
            str(small_stock),
            "--packages",
            "attic-only",
            "heat-pump-only",
            "heritage",
            "--target-class",
            "D",
            "--budget",
            "150000",
            "--capacity",
            "6",
            "--out",
            str(out),
            "--format",
            "parquet",
            "--no-progress",
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = capsys.readouterr().out
    assert "class D or better" in text and "Phasing under 0.15 M€/yr" in text
    table = pd.read_parquet(out / "table.parquet")
    assert sorted(table["scenario"].unique()) == [
        "attic-only",
        "baseline",
        "heat-pump-only",
        "heritage",
    ]
    yearly = pd.read_parquet(out / "plan_yearly.parquet")
    assert (yearly["houses"] <= 6).all() and (yearly["spend_eur"] <= 150000 + 1e-6).all()
    choice = pd.read_parquet(out / "choice.parquet")
    assert len(choice) == 20
    ok = choice["scenario"] != "baseline"
    assert choice.loc[ok, "class_after"].isin(list("ABCD")).all()
    assert (out / "index.html").is_file()


def _bad_stock(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text(
        "id,archetype,floor_area,owner\n"
        "a1,coron-mid-terrace,58,social_landlord\n"
        "a2,coron-mid-terrace,-3,social_landlord\n"
        "a3,castle,70,social_landlord\n"
        "a4,castors-detached,95,owner_occupier\n",
        encoding="utf-8",
    )
    return p


def test_bad_stock_rows_are_listed_with_exit_code_2(tmp_path, capsys):
    p = _bad_stock(tmp_path)
    out = tmp_path / "out"
    assert main(["programme", str(p), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "2 bad row(s)" in err
    assert "row 3, column 'floor_area': '-3' -> must be > 10" in err
    assert "row 4, column 'archetype': 'castle' -> unknown archetype" in err
    assert not (out / "index.html").exists()


def test_skip_bad_rows_runs_the_good_ones(tmp_path, capsys):
    p = _bad_stock(tmp_path)
    out = tmp_path / "out"
    assert (
        main(
            [
                "programme",
                str(p),
                "--packages",
                "attic-only",
                "--out",
                str(out),
                "--no-progress",
                "--skip-bad-rows",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "warning: 2 bad cell(s)" in err and "row 4, column 'archetype'" in err
    assert sorted(pd.read_csv(out / "choice.csv")["house_id"]) == ["a1", "a4"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["programme", "{missing}", "--out", "{out}"], "does not exist"),
        (["programme", "{txt}", "--out", "{out}"], "unknown extension '.txt'"),
        (
            ["programme", "{stock}", "--out", "{out}", "--packages", "no-such-package"],
            "no-such-package",
        ),
        (
            ["programme", "{stock}", "--out", "{out}", "--packages", "{missing}.json"],
            "does not exist",
        ),
        (
            ["programme", "{stock}", "--out", "{out}", "--scheduler", "tcp://127.0.0.1:8786"],
            "--scheduler needs --backend dask",
        ),
        (
            ["programme", "{stock}", "--out", "{out}", "--capacity", "5"],
            "--capacity needs --budget",
        ),
        (["programme", "{stock}", "--out", "{txt}"], "is not a folder"),
    ],
)
def test_bad_files_and_options_exit_2(argv, message, small_stock, tmp_path, capsys):
    (tmp_path / "stock.txt").write_text("id,archetype\n", encoding="utf-8")
    subs = {
        "missing": str(tmp_path / "nope.csv"),
        "txt": str(tmp_path / "stock.txt"),
        "out": str(tmp_path / "o"),
        "stock": str(small_stock),
    }
    assert main([a.format(**subs) for a in argv] + ["--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rehab: error: ") and message in err, err


@pytest.mark.parametrize(
    "argv",
    [
        ["--budget", "-5"],
        ["--budget", "lots"],
        ["--target-class", "Z"],
        ["--backend", "spark"],
        ["--format", "ods"],
        ["--lang", "de"],
    ],
)
def test_bad_option_values_exit_2(argv, small_stock, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["programme", str(small_stock), "--out", str(tmp_path / "o"), *argv])
    assert exc.value.code == 2
    assert argv[0] in capsys.readouterr().err


def test_unreachable_scheduler_exit_2(small_stock, tmp_path, capsys):
    code = main(
        [
            "programme",
            str(small_stock),
            "--out",
            str(tmp_path / "o"),
            "--backend",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--scheduler-timeout",
            "1",
            "--no-progress",
        ]
    )
    assert code == 2
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("module", "argv", "extra"),
    [
        ("pyarrow", ["--format", "parquet"], "parquet"),
        ("matplotlib", [], "plot"),
        ("distributed", ["--backend", "dask"], "dask"),
    ],
)
def test_missing_extra_exit_3(module, argv, extra, small_stock, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, module, None)  # as if the extra were not installed
    out = tmp_path / "o"
    assert main(["programme", str(small_stock), "--out", str(out), "--no-progress", *argv]) == 3
    err = capsys.readouterr().err
    assert f'pip install "rehab[{extra}]"' in err
    assert not out.exists()  # refused before any work


@pytest.mark.dask
def test_programme_on_a_dask_scheduler_equals_in_process(small_stock, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    common = [
        "programme",
        str(small_stock),
        "--packages",
        "attic-only",
        "heat-pump-only",
        "--no-progress",
    ]
    assert main([*common, "--out", str(tmp_path / "np")]) == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        assert (
            main(
                [
                    *common,
                    "--out",
                    str(tmp_path / "dk"),
                    "--backend",
                    "dask",
                    "--scheduler",
                    cluster.scheduler_address,
                ]
            )
            == 0
        )
    a = pd.read_csv(tmp_path / "np" / "table.csv")
    b = pd.read_csv(tmp_path / "dk" / "table.csv")
    num = a.select_dtypes("number").columns
    pd.testing.assert_frame_equal(a[num], b[num], rtol=1e-9)
    assert (
        pd.read_csv(tmp_path / "np" / "choice.csv")["scenario"]
        == pd.read_csv(tmp_path / "dk" / "choice.csv")["scenario"]
    ).all()


# ----------------------------------------------------------------------------- progress bar
def _run_console(args, *, tty: bool):
    cmd = [sys.executable, "-m", "rehab.cli", *args]
    env = {**os.environ, "COLUMNS": "100"}
    if not tty:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        return p.returncode, p.stderr
    import pty

    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(
        slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0)
    )  # a 100-column terminal
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return p.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="pseudo-terminal test written for Linux"
)
def test_progress_bar_only_on_a_terminal(small_stock, tmp_path):
    args = ["programme", str(small_stock), "--packages", "attic-only", "--out", str(tmp_path / "a")]
    code, err = _run_console(args, tty=True)
    assert code == 0, err
    assert "rehab programme" in err and "100%" in err and "house" in err
    code, err = _run_console([*args[:-1], str(tmp_path / "b"), "--no-progress"], tty=True)
    assert code == 0 and "%|" not in err, err
    # (not a terminal: the in-process runs above, whose stderr is captured, show no bar either)


def test_programme_in_french_with_a_spreadsheet(small_stock, tmp_path, capsys):
    out = tmp_path / "fr"
    argv = ["programme", str(small_stock), "--packages", "attic-only", "heat-pump-only"]
    argv += ["--budget", "150000", "--out", str(out), "--format", "xlsx", "--lang", "fr"]
    code = main([*argv, "--no-progress"])
    assert code == 0, capsys.readouterr().err
    text = capsys.readouterr().out
    assert "Bouquets comparés sur 20 logements" in text
    assert "Phasage sous 0,15 M€/an" in text and "Rapport : " in text
    assert "propriétaires occupants" in text  # owner types in French
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "<h1>Rapport du programme de rénovation</h1>" in html
    from openpyxl import load_workbook

    assert "choice" in load_workbook(out / "tables.xlsx").sheetnames
