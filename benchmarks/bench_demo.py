"""`rehab demo` from a fresh install, compilation included (issue 11: target ≤ 10 s on 2 cores).

Installs this checkout into a new virtual environment (``pip install .``, as a
new user would), then runs ``rehab demo --out DIR -v`` there on an empty
numba cache (every ``*.nbi``/``*.nbc`` under the installed package removed,
``NUMBA_CACHE_DIR`` unset), with the warm-up child (``rehab._warmup``) on
and off, and once more on the cache the last run left (warm). Prints one
row per run: wall time, the user + system CPU of the process and its
children, the load average when it started, and the steps' times printed
by ``-v``. The machine must be otherwise quiet for the wall times to mean
anything: compare rows taken in the same minute.

Usage::

    python benchmarks/bench_demo.py                 # new venv in a temporary folder, 2 rounds
    python benchmarks/bench_demo.py --venv V        # reuse (or create) the venv V
    python benchmarks/bench_demo.py --venv V --no-install --rounds 3
    python benchmarks/bench_demo.py --quick         # one fresh run with the child, no install if V exists
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def install(venv: Path) -> float:
    """A new venv with this checkout installed (wheel build included) [s]."""
    if not _bin(venv, "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    t = time.perf_counter()
    subprocess.run([str(_bin(venv, "python")), "-m", "pip", "install", "-q", "--force-reinstall", str(ROOT)],
                   check=True)
    return time.perf_counter() - t


def clear_cache(venv: Path) -> int:
    """Remove numba's cache files of the installed rehab; returns how many."""
    out = subprocess.run([str(_bin(venv, "python")), "-c", "import rehab, os; print(os.path.dirname(rehab.__file__))"],
                         capture_output=True, text=True, check=True, env=_env(True))
    n = 0
    for p in Path(out.stdout.strip()).rglob("*"):
        if p.suffix in (".nbi", ".nbc"):
            p.unlink()
            n += 1
    return n


def _env(warmup: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "PYTHONPATH", "REHAB_WARMUP")}
    if not warmup:
        env["REHAB_WARMUP"] = "0"
    return env


def run(venv: Path, warmup: bool, out: Path) -> dict[str, object]:
    """One ``rehab demo -v``: wall [s], CPU of it and its children [s], load, the printed timings."""
    shutil.rmtree(out, ignore_errors=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run([str(_bin(venv, "rehab")), "demo", "--out", str(out), "-v"], capture_output=True, text=True,
                       env=_env(warmup), cwd=out.parent)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        raise SystemExit(p.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    m = re.search(r"timings: (.*)", p.stderr)
    return {"wall": wall, "cpu": cpu, "load": load, "timings": m.group(1) if m else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--venv", type=Path, help="virtual environment to use (created if missing)")
    ap.add_argument("--no-install", action="store_true", help="keep the rehab installed in --venv")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of (fresh with child, fresh without, warm)")
    ap.add_argument("--quick", action="store_true", help="one fresh run with the child")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rehab-bench-demo-"))
    venv = a.venv or tmp / "venv"
    try:
        if not (a.no_install or (a.quick and _bin(venv, "rehab").exists())):
            print(f"install: {install(venv):.1f} s (pip install of this checkout into a new venv)")
        out = tmp / "out"
        plan = [("fresh, child", True, True)] if a.quick else [
            ("fresh, child", True, True), ("fresh, no child", False, True), ("warm, child", True, False)
        ] * a.rounds
        print(f"{'run':<16} {'wall s':>7} {'CPU s':>7} {'load':>5}  steps (-v)")
        for name, warmup, fresh in plan:
            if fresh:
                clear_cache(venv)
            r = run(venv, warmup, out)
            print(f"{name:<16} {r['wall']:7.2f} {r['cpu']:7.2f} {r['load']:5.2f}  {r['timings']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
