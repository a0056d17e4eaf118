"""rehab._warmup: the child process that compiles the engines' kernels into numba's disk cache."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import rehab
from rehab import _warmup

SRC = str(Path(_warmup.__file__).resolve().parents[1])

# Runs the CLI in a fresh interpreter, then prints how numba obtained each kernel in that process.
_RUN = """
import sys
from rehab.cli import main
code = main(sys.argv[1:])
from rehab import _warmup
from rehab import solar
from rehab.demand import hourly, solar_gains
for f in (solar._surface_rows, hourly._kernel, solar_gains._wall_sums, solar_gains._month_sums):
    s = f.stats
    print(f.__name__, sum(s.cache_hits.values()), sum(s.cache_misses.values()), len(f.signatures))
for c in _warmup._children:
    c.ended.wait(60)  # finish() told the first to end once the report's charts were drawn
child = _warmup._child
print("child", max((c.proc.returncode for c in _warmup._children), default=None),
      None if child is None else child.count)
sys.exit(code)
"""


#: Every numba function a programme calls first (the others are compiled inside them).
_KERNELS = ("_surface_rows", "_kernel", "_wall_sums", "_month_sums")


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REHAB_WARMUP", "NUMBA_DISABLE_JIT")}
    env.update(NUMBA_CACHE_DIR=str(cache), **extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (SRC, env.get("PYTHONPATH", "")) if p)
    return env


def _programme(stock: Path, out: Path, cache: Path, **extra: str) -> dict[str, tuple[int, int]]:
    cmd = [sys.executable, "-c", _RUN, "programme", str(stock), "--out", str(out), "--no-progress",
           "--packages", "attic-only", "bbc-renovation", "--budget", "300000", "--uncertainty", "16"]
    p = subprocess.run(cmd, capture_output=True, text=True, env=_env(cache, **extra), timeout=600)
    assert p.returncode == 0, p.stderr
    lines = [ln.split() for ln in p.stdout.splitlines() if ln.split()[:1] and ln.split()[0] in (*_KERNELS, "child")]
    return {w[0]: tuple(int(x) if x != "None" else None for x in w[1:]) for w in lines}


@pytest.fixture(scope="module")
def stock_csv(tmp_path_factory):
    """Twelve dwellings of the demonstration neighbourhood."""
    p = tmp_path_factory.mktemp("stock") / "stock.csv"
    rehab.stock.demo().table.iloc[::30].reset_index(drop=True).to_csv(p, index=False)
    return p


def test_child_fills_the_cache_and_the_results_are_the_same(stock_csv, tmp_path):
    # without the child: an empty cache, numba compiles the kernels in the programme's process
    # (each for one signature only: a second one would cost a second compilation)
    off = _programme(stock_csv, tmp_path / "off", tmp_path / "cache-off", REHAB_WARMUP="0")
    for k in _KERNELS:
        assert off[k] == (0, 1, 1), k
    assert off["child"] == (None, None)
    # with it: an empty cache again, and the programme's process compiles no kernel: it
    # loads the machine code the children wrote; then the first drew those of the report's four
    # charts sent once it served (they have ended with 0 and were reaped)
    on = _programme(stock_csv, tmp_path / "on", tmp_path / "cache-on")
    for k in _KERNELS:
        assert on[k] == (1, 0, 1), k
    assert on["child"][0] == 0 and on["child"][1] <= 4  # the charts it could take (none while compiling)
    files = sorted(f.name for f in (tmp_path / "off").iterdir() if f.suffix == ".csv")
    assert len(files) > 10 and "plan_schedule.csv" in files and "uncertainty.csv" in files
    for f in [*files, "index.html"]:  # byte for byte, the charts drawn by the child included
        assert (tmp_path / "on" / f).read_bytes() == (tmp_path / "off" / f).read_bytes(), f


def test_the_child_alone_writes_every_stage(tmp_path):
    p = subprocess.run([sys.executable, "-m", "rehab._warmup_child"], capture_output=True, text=True,
                       env=_env(tmp_path), timeout=600, stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == [*_warmup.STAGES, _warmup.SERVE]  # then no job: its input ended
    names = {f.name.split("-")[0] for f in tmp_path.rglob("*.nbi")}
    assert {"solar._surface_rows", "hourly._kernel", "solar_gains._wall_sums", "solar_gains._month_sums"} <= names


@pytest.fixture
def fresh(monkeypatch):
    """The module as in a process that has not started a child yet; any child stopped after."""
    monkeypatch.setattr(_warmup, "_started", False)
    monkeypatch.setattr(_warmup, "_child", None)
    monkeypatch.setattr(_warmup, "_children", [])
    monkeypatch.setattr(_warmup, "_idle", [])
    monkeypatch.delenv("REHAB_WARMUP", raising=False)
    yield monkeypatch
    for c in _warmup._children:
        c.stop()


def _kernel_result():
    from rehab.demand.hourly import simulate_hourly
    from rehab.demand.zones import ThermalZones, ZoneClimate

    z = ThermalZones.from_arrays(h_tr_op=60.0, h_tr_w=20.0, h_ve=20.0, c_m=8.25e6, a_floor=50.0)
    c = ZoneClimate.from_arrays(theta_e=np.zeros(8760), month=np.repeat(np.arange(1, 13), 730),
                                theta_h_set=20.0)
    return float(simulate_hourly(z, c, setpoint_on="air").heating_need_kwh[0])


def test_a_failing_child_costs_nothing_but_time(fresh):
    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", "import sys; sys.exit(3)"])
    assert _warmup.start()
    t = time.perf_counter()
    _warmup.wait("hourly")
    _warmup.wait("monthly")
    assert time.perf_counter() - t < 60
    assert len(_warmup._children) == len(_warmup.GROUPS)
    for child in _warmup._children:
        assert child.ended.wait(30) and child.proc.returncode == 3  # reaped: no zombie
    # the kernel then runs (from the cache or compiled here) with its usual numbers
    h_is = 3.45 * 4.5 * 50.0
    q = (20.0 + h_is * 80.0 / (h_is + 80.0)) * 20.0 * 8760 / 1000
    assert _kernel_result() == pytest.approx(q, rel=1e-9)


def test_a_hanging_child_is_killed_and_reaped(fresh):
    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", "import time; time.sleep(120)"])
    fresh.setattr(_warmup, "TIMEOUT", 0.5)
    assert _warmup.start()
    t = time.perf_counter()
    _warmup.wait("hourly")
    assert time.perf_counter() - t < 30
    for child in _warmup._children:  # every child killed
        assert child.proc.returncode is not None and child.ended.wait(5)


def test_idle_tasks_run_while_waiting_and_only_once(fresh):
    script = "import sys, time; time.sleep(1.0); print('hourly'); sys.stdout.flush(); time.sleep(1.0); print('monthly')"
    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", script])
    assert _warmup.start()
    assert not _warmup.start()  # once per process
    done = []
    _warmup.when_idle(lambda: done.append("a"))
    _warmup.when_idle(lambda: 1 / 0)  # a failing task is skipped
    _warmup.when_idle(lambda: done.append("b"))
    _warmup.wait("hourly")
    assert done == ["a", "b"]
    assert _warmup._owner("hourly").ready["hourly"].is_set()
    _warmup.wait("monthly")
    _warmup.wait("monthly")
    assert done == ["a", "b"]
    assert all(c.ended.wait(30) and c.proc.returncode == 0 for c in _warmup._children)


def test_disabled_by_the_environment(fresh):
    fresh.setenv("REHAB_WARMUP", "0")
    assert not _warmup.start()
    _warmup.wait("hourly")  # no child: returns at once
    assert _warmup._child is None


def test_importing_rehab_starts_no_child(tmp_path):
    code = ("import rehab, rehab.programme, rehab.pipeline, rehab.demand.hourly, rehab.cli; "
            "from rehab import _warmup; print(_warmup._child is None, _warmup._started)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=_env(tmp_path), timeout=120)
    assert p.stdout.split() == ["True", "False"], p.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_forked_copy_does_not_wait_for_its_parents_child(fresh):
    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", "import time; time.sleep(30)"])
    assert _warmup.start()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: wait() returns at once (no reader thread here to ever set the stage)
        t = time.perf_counter()
        _warmup.wait("hourly")
        os.write(w, b"1" if time.perf_counter() - t < 5 else b"0")
        os._exit(0)
    os.close(w)
    assert os.read(r, 1) == b"1"
    os.waitpid(pid, 0)
    os.close(r)


def test_idle_while_a_future_runs_the_tasks_on_the_main_thread_only(fresh):
    from concurrent.futures import Future, ThreadPoolExecutor

    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", "import time; time.sleep(30)"])
    assert _warmup.start()
    done = []
    _warmup.when_idle(lambda: done.append("a"))
    _warmup.when_idle(lambda: done.append("b"))
    with ThreadPoolExecutor(1) as pool:  # off the main thread: nothing runs
        pool.submit(_warmup.idle_while, Future()).result()
    assert done == []
    finished = Future()
    finished.set_result(None)
    _warmup.idle_while(finished)  # a done future: nothing to wait for
    assert done == []
    _warmup.idle_while(Future())  # pending: every task, then back (no blocking)
    assert done == ["a", "b"]


# A child that serves jobs at once (no kernels to compile).
_SERVE = ("import sys; from rehab._warmup_child import serve; sys.stdout.write('serve\\n'); "
          "sys.stdout.flush(); serve(sys.stdin.buffer, sys.stdout.buffer)")


def test_the_child_answers_jobs_once_it_serves(fresh):
    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", _SERVE])
    assert _warmup.submit(max, 1, 2) is None  # no child: the caller computes
    assert _warmup.start()
    assert _warmup._child.serving.wait(60)
    big = np.arange(200_000.0)  # a job larger than a pipe's buffer
    jobs = [_warmup.submit(np.sum, big), _warmup.submit(divmod, 7, 0), _warmup.submit(max, 3, 4)]
    assert jobs[0].result(60) == big.sum()
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        jobs[1].result(60)
    assert jobs[2].result(60) == 4
    assert _warmup.submit(lambda: 1) is None  # does not pickle: the caller computes
    _warmup.finish()  # the child ends once its input does
    assert _warmup._child.ended.wait(60) and _warmup._child.proc.returncode == 0
    assert _warmup.submit(max, 1, 2) is None


def test_a_job_the_child_cannot_answer_fails_its_future(fresh):
    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", _SERVE])
    assert _warmup.start()
    assert _warmup._child.serving.wait(60)
    with pytest.raises(_warmup.ChildGone):
        _warmup.submit(os._exit, 5).result(60)  # the child dies on it
    assert _warmup._child.ended.wait(60) and _warmup._child.proc.returncode == 5
    assert _warmup.submit(max, 1, 2) is None


def test_report_charts_are_drawn_in_the_child_or_here(fresh):
    from rehab.report import _html

    assert _html._chart(os.getenv, "REHAB_WHERE", "here") == "here"  # no child
    fresh.setenv("REHAB_WHERE", "child")  # the child's environment
    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", _SERVE])
    assert _warmup.start()
    assert _warmup._child.serving.wait(60)
    fresh.setenv("REHAB_WHERE", "here")
    assert _html._chart(os.getenv, "REHAB_WHERE") == "here"  # outside a report: drawn here
    with _html._charts_elsewhere() as fill:
        first = _html._chart(os.getenv, "REHAB_WHERE")
        assert first != "child"  # a placeholder until fill
        while _warmup._child.jobs:
            time.sleep(0.01)
        _warmup._child.proc.kill()  # the child is gone: the next chart is drawn here
        page = f"<p>{first}</p><p>{_html._chart(os.getenv, 'REHAB_WHERE')}</p>"
        assert fill(page) == "<p>child</p><p>here</p>"


def test_the_tables_are_written_while_the_child_draws(fresh):
    from rehab.report import _html

    ran = []
    with _html._meanwhile(lambda: ran.append("tables") or "files") as result:  # no child
        with _html._charts_elsewhere() as fill:
            page = fill(_html._chart(os.getenv, "REHAB_WHERE", "here"))
        assert page == "here" and ran == []  # nothing to wait for: done after
    assert result() == "files" and result() == "files" and ran == ["tables"]  # once
    with _html._meanwhile(lambda: 1 / 0) as result:
        pass
    with pytest.raises(ZeroDivisionError):
        result()
    fresh.setattr(_warmup, "_command", lambda *a, **k: [sys.executable, "-c", _SERVE])
    assert _warmup.start()
    assert _warmup._child.serving.wait(60)
    with _html._meanwhile(lambda: ran.append("tables 2")) as result:
        with _html._charts_elsewhere() as fill:
            token = _html._chart(subprocess.getoutput, "sleep 1; echo drawn")  # the child busy: the
            assert fill(f"[{token}]") == "[drawn]"  # tables are written meanwhile
        assert ran == ["tables", "tables 2"]
    result()
    assert ran == ["tables", "tables 2"]


@pytest.mark.parametrize("command", ["demo", "programme"])
def test_the_children_start_before_the_heavy_imports(command, stock_csv, tmp_path):
    # the CLI starts them first thing: numpy, pandas, numba … load in this process meanwhile
    code = ("import sys\nfrom rehab import _warmup\n"
            "def start():\n"
            "    heavy = ('numpy', 'pandas', 'numba', 'scipy', 'pvlib', 'matplotlib', 'pydantic', 'pint')\n"
            "    print(*[m for m in heavy if m in sys.modules], 'started')\n"
            "    raise SystemExit(0)\n"
            "_warmup.start = start\n"
            "from rehab.cli import main\n"
            "main(sys.argv[1:])\n")
    args = [command, "--out", str(tmp_path / "out")] + ([str(stock_csv)] if command == "programme" else [])
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       env=_env(tmp_path), timeout=120)
    assert p.stdout.split() == ["started"], p.stderr
