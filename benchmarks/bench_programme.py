"""A landlord's programme at full scale: 23,000 dwellings × 8 packages.

Run::

    python benchmarks/bench_programme.py            # 23,000 dwellings (issues #7 and #8)
    python benchmarks/bench_programme.py --quick    # 2,300 dwellings
    python benchmarks/bench_programme.py --n 5000 --json out.json

What is measured, each case in a fresh interpreter (so the peak resident
memory is the whole process's: interpreter, numba, pvlib, weather, stock,
result):

* **numpy** — ``Programme(stock, packages).run()`` in process: the hourly
  engine, the 3CL chain and classes, costs, aids, bills and finance for
  every dwelling × scenario; wall time of ``run()`` and peak RSS;
* **dask** — the same run on a ``distributed.LocalCluster`` of 2 worker
  processes (1 thread each) created before the clock starts: wall time of
  ``run()``, the cluster start-up time, the overhead against the in-process
  run, and the largest relative difference of every numeric column against
  the numpy table (target ≤ 1e-9).

The stock is :func:`rehab.programme.synthetic_stock` (seed 2026): the
demonstration neighbourhood's distributions repeated — a social landlord's
coron and cité houses for the most part, 29 % heritage-listed, as the
coal-basin landlord's portfolio. Packages: the six presets and two
user-defined ones, "attic+windows" and "envelope+condensing-boiler".
Default resolution (0.5 m², 5°).

Targets (issue #7): ≤ 60 s on 2 cores and ≤ 2 GB peak memory for 23,000 × 8
with the hourly engine; (issue #8) Dask equal to in-process to 1e-9.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from typing import Any

#: The two user-defined packages added to the six presets.
USER_PACKAGES = [
    {
        "name": "attic+windows",
        "title": "Attic floor R 7 and double glazing U_w 1.3",
        "measures": [
            {
                "kind": "roof_insulation",
                "position": "attic_floor",
                "material": "glass_wool",
                "target_r": 7.0,
            },
            {
                "kind": "windows",
                "u_value": 1.3,
                "g_value": 0.6,
                "glazing": "double",
                "frame": "pvc",
            },
        ],
    },
    {
        "name": "envelope+condensing-boiler",
        "title": "Attic, windows, hygro extract ventilation and a condensing gas boiler",
        "measures": [
            {
                "kind": "roof_insulation",
                "position": "attic_floor",
                "material": "glass_wool",
                "target_r": 7.0,
            },
            {
                "kind": "windows",
                "u_value": 1.3,
                "g_value": 0.6,
                "glazing": "double",
                "frame": "pvc",
            },
            {"kind": "ventilation", "system": "extract_hygro"},
            {"kind": "heating", "system": "gas-boiler-condensing"},
        ],
    },
]

_CASE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import rehab
from rehab.programme import Programme, synthetic_stock
sys.path.insert(0, {bench_dir!r})
from bench_programme import USER_PACKAGES
t_import = time.perf_counter() - t0
stock = synthetic_stock({n}, seed=2026)
packages = list(rehab.packages.ordered_names()) + USER_PACKAGES
prog = Programme(stock, packages)
client = cluster = None
t_cluster = 0.0
if {backend!r} == "dask":
    from distributed import Client, LocalCluster
    t1 = time.perf_counter()
    cluster = LocalCluster(n_workers={workers}, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)
    client.run(lambda: __import__("rehab.programme"))   # workers import rehab before the clock
    t_cluster = time.perf_counter() - t1
t2 = time.perf_counter()
res = prog.run(backend={backend!r}, client=client, progress=False)
t_run = time.perf_counter() - t2
res.table.to_parquet({out!r})
if client is not None:
    client.close(); cluster.close()
print(json.dumps(dict(import_s=t_import, cluster_s=t_cluster, run_s=t_run,
                      maxrss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      stats=res.stats, variants=len(prog.variants()), rows=len(res.table))))
"""


def run_case(n: int, backend: str, out: str, workers: int = 2) -> dict[str, Any]:
    """Run one case in a fresh interpreter; its table is written to ``out`` (Parquet)."""
    code = _CASE.format(
        bench_dir=os.path.dirname(os.path.abspath(__file__)),
        n=n,
        backend=backend,
        out=out,
        workers=workers,
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{backend} case failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def max_relative_difference(a_path: str, b_path: str) -> float:
    """Largest |a - b| / max(|a|, 1e-12) over every numeric column (NaN must match)."""
    import numpy as np
    import pandas as pd

    a, b = pd.read_parquet(a_path), pd.read_parquet(b_path)
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return float("inf")
    num = [c for c in a.columns if a[c].dtype.kind == "f"]
    x, y = a[num].to_numpy(), b[num].to_numpy()
    if not np.array_equal(np.isnan(x), np.isnan(y)):
        return float("inf")
    ok = ~np.isnan(x)
    return float(np.max(np.abs(x[ok] - y[ok]) / np.maximum(np.abs(x[ok]), 1e-12)))


def format_table(rows: Sequence[dict[str, Any]]) -> str:
    head = f"{'backend':>8} {'houses':>8} {'packages':>8} {'rows':>9} {'variants':>8} {'run [s]':>8} {'cluster [s]':>11} {'peak RSS [MB]':>13} {'max rel diff':>12}"
    lines = [head, "-" * len(head)]
    for r in rows:
        diff = r.get("max_rel_diff")
        lines.append(
            f"{r['backend']:>8} {r['houses']:>8,} {r['packages']:>8} {r['rows']:>9,} {r['variants']:>8,} "
            f"{r['run_s']:>8.1f} {r['cluster_s']:>11.1f} {r['maxrss_mb']:>13,.0f} "
            f"{'' if diff is None else f'{diff:.1e}':>12}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="2,300 dwellings instead of 23,000")
    p.add_argument("--n", type=int, default=None, help="number of dwellings")
    p.add_argument("--workers", type=int, default=2, help="Dask workers (LocalCluster)")
    p.add_argument("--no-dask", action="store_true", help="skip the Dask case")
    p.add_argument("--json", default=None, help="write the rows to this JSON file")
    args = p.parse_args(argv)
    n = args.n or (2300 if args.quick else 23000)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        a_path = os.path.join(tmp, "numpy.parquet")
        a = run_case(n, "numpy", a_path)
        rows.append(
            dict(
                backend="numpy",
                houses=n,
                packages=8,
                **{k: a[k] for k in ("rows", "variants", "run_s", "cluster_s", "maxrss_mb")},
            )
        )
        if not args.no_dask:
            b_path = os.path.join(tmp, "dask.parquet")
            b = run_case(n, "dask", b_path, args.workers)
            rows.append(
                dict(
                    backend="dask",
                    houses=n,
                    packages=8,
                    **{k: b[k] for k in ("rows", "variants", "run_s", "cluster_s", "maxrss_mb")},
                    max_rel_diff=max_relative_difference(a_path, b_path),
                )
            )
    print(
        f"rehab programme benchmark — {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    print(format_table(rows))
    st = a["stats"]
    print(
        f"work shared (numpy run): {st['houses']:,} dwellings -> {st['variants']:,} variants, "
        f"{st['units']:,} variant x scenario houses ({st['thermal_units']:,} thermal, {st['simulated']:,} in the "
        f"engine call(s)), {st['combinations']:,} 3CL combinations, {st['aid_contexts']:,} aid contexts, "
        f"{st['chunks']} chunks"
    )
    if len(rows) == 2:
        over = rows[1]["run_s"] - rows[0]["run_s"]
        print(
            f"dask: {args.workers} workers, run {rows[1]['run_s']:.1f} s vs in-process {rows[0]['run_s']:.1f} s "
            f"(overhead {over:+.1f} s, x{rows[1]['run_s'] / rows[0]['run_s']:.2f}); cluster start-up "
            f"{rows[1]['cluster_s']:.1f} s; max relative difference {rows[1]['max_rel_diff']:.1e} (target <= 1e-9); "
            "peak RSS of the client process only"
        )
    print("targets (23,000 x 8, hourly): run <= 60 s on 2 cores, peak memory <= 2 GB (numpy row)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"rows": rows, "stats": st}, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
