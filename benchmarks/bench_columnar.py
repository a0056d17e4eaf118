"""A real, varied stock through the columnar scenario engine (issue 11's numbers).

Cases, each in a fresh interpreter (peak RSS per case), on this machine:

* **programme** — N distinct dwellings × 8 packages (the six presets and the
  two of ``bench_programme.py``), hourly engine, exact (no rounding), with
  costs, labels, aids and finance: wall time, time inside the engine calls
  (``stats["engine_seconds"]``), their ratio, peak RSS. Every dwelling is
  its own thermal variant: floor area × U(0.85, 1.15), window scale
  U(0.7, 1.3), n50 U(3, 15) 1/h, main wall thickness drawn from the brick
  multiples 22 / 28 / 34 cm, and the street azimuth either uniform on
  [0, 360) (``--azimuth random``, every façade its own orientation) or one
  of the neighbourhood's street orientations (``--azimuth streets``);
* **simulate** — ``rehab.simulate`` on 10,000 distinct House objects
  (archetypes with varied floor area and an azimuth uniform on [0, 360),
  in whole degrees, or one of four street orientations), batch build
  included;
* **EnergyPlus** — one house-year of the coron in EnergyPlus 25.2 in the
  same run, to state every time as a ratio.

* **stream** (``--stream N``) — N dwellings × 8 from a Parquet file in
  batches (:func:`rehab.streaming.stream`), per-dwelling results written
  as partitioned Parquet.

Run ``python benchmarks/bench_columnar.py`` (23,000 dwellings) or
``--quick`` (2,300); ``--simulate-only --no-energyplus --simulate-azimuth random``
for the first ``rehab.simulate`` call alone (wall and CPU time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from typing import Any

_PROGRAMME = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import numpy as np
import rehab
from rehab.programme import Programme
sys.path.insert(0, {bench_dir!r})
from bench_columnar import varied_stock
from bench_programme import USER_PACKAGES
stock = varied_stock({n}, azimuth={azimuth!r})
packages = list(rehab.packages.ordered_names()) + USER_PACKAGES
t1 = time.perf_counter()
res = Programme(stock, packages).run(progress=False)
run_s = time.perf_counter() - t1
print(json.dumps(dict(run_s=run_s, engine_s=res.stats["engine_seconds"], rows=len(res.table),
                      bad=len(res.errors), maxrss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
"""

_SIMULATE = r"""
import json, resource, time
import numpy as np
import rehab
rng = np.random.default_rng(11)
names = rehab.archetypes.names()
area = {{a: rehab.archetypes.get(a).floor_area for a in names}}
kind = {azimuth!r}
az = (rng.uniform(0, 360, {n}) if kind == "random" else rng.integers(0, 360, {n}).astype(float) if kind == "int"
      else rng.choice([0.0, 90.0, 180.0, 270.0], {n}))
houses = [rehab.archetypes.get(names[i % len(names)], azimuth=float(az[i]),
                                floor_area=area[names[i % len(names)]] * float(rng.uniform(0.9, 1.1)))
          for i in range({n})]
w = rehab.weather.default()
rehab.simulate(houses[:2], w)  # compile and warm the caches
t, c = time.perf_counter(), time.process_time()
r = rehab.simulate(houses, w)
print(json.dumps(dict(simulate_s=time.perf_counter() - t, cpu_s=time.process_time() - c, n=len(houses),
                      maxrss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
"""

_STREAM = r"""
import json, resource, sys, tempfile, time, pathlib
import rehab
from rehab.streaming import stream
sys.path.insert(0, {bench_dir!r})
from bench_columnar import varied_stock
from bench_programme import USER_PACKAGES
tmp = pathlib.Path(tempfile.mkdtemp())
varied_stock({n}, azimuth={azimuth!r}).to_parquet(tmp / "stock.parquet")
packages = list(rehab.packages.ordered_names()) + USER_PACKAGES
t = time.perf_counter()
res = stream(tmp / "stock.parquet", packages, tmp / "out", chunk_size={chunk})
print(json.dumps(dict(run_s=time.perf_counter() - t, engine_s=res.stats["engine_seconds"], rows=res.stats["rows"],
                      maxrss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
"""

_CARBON_SHARE = r"""
import cProfile, json, pstats, sys
import rehab
from rehab.programme import Programme
sys.path.insert(0, {bench_dir!r})
from bench_columnar import varied_stock
from bench_programme import USER_PACKAGES
stock = varied_stock({n}, azimuth="streets")
packages = list(rehab.packages.ordered_names()) + USER_PACKAGES
Programme(stock.iloc[:3], packages).run(progress=False)
pr = cProfile.Profile(); pr.enable()
Programme(stock, packages).run(progress=False)
pr.disable()
st = pstats.Stats(pr)
cum = lambda name: sum(v[3] for k, v in st.stats.items() if k[2] == name)
print(json.dumps(dict(carbon_s=cum("_embodied") + cum("_carbon_columns"), run_s=cum("run"))))
"""

_EPLUS = r"""
import json, time
import rehab
h = rehab.archetypes.get("coron-mid-terrace")
w = rehab.weather.default()
rehab.energyplus.simulate(h, w)
t = time.perf_counter()
rehab.energyplus.simulate(h, w)
print(json.dumps(dict(eplus_s=time.perf_counter() - t)))
"""


def varied_stock(n: int, *, azimuth: str = "random", seed: int = 2026) -> Any:
    """A stock of ``n`` distinct dwellings (module docstring) as a DataFrame of stock columns."""
    import numpy as np

    from rehab.programme import synthetic_stock

    t = synthetic_stock(n, seed=seed).table.copy()
    rng = np.random.default_rng(seed + 1)
    t["floor_area"] = t["floor_area"].to_numpy(dtype=float) * rng.uniform(0.85, 1.15, n)
    t["window_scale"] = rng.uniform(0.7, 1.3, n)
    t["n50"] = rng.uniform(3.0, 15.0, n)
    t["wall_thickness"] = rng.choice([0.22, 0.28, 0.34], n)
    if azimuth == "random":
        t["azimuth"] = rng.uniform(0.0, 360.0, n)
    return t


def _run(code: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-4000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="2,300 dwellings instead of 23,000")
    p.add_argument("--n", type=int, default=None)
    p.add_argument("--azimuth", choices=("random", "streets", "both"), default="both")
    p.add_argument("--no-simulate", action="store_true")
    p.add_argument("--simulate-only", action="store_true",
                   help="only the rehab.simulate cases (no programme), e.g. with --no-energyplus")
    p.add_argument("--simulate-azimuth", choices=("random", "int", "streets", "all"), default="all",
                   help="azimuths of the simulate cases")
    p.add_argument("--simulate-repeat", type=int, default=1, help="runs of each simulate case (fresh interpreters)")
    p.add_argument("--stream", type=int, default=0, help="also stream this many dwellings from Parquet")
    p.add_argument("--chunk", type=int, default=20000, help="batch size of the streamed run")
    p.add_argument("--carbon-share", type=int, default=0,
                   help="profile a programme of this many dwellings: share of the whole-life carbon columns")
    p.add_argument("--no-energyplus", action="store_true")
    args = p.parse_args(argv)
    n = args.n or (2300 if args.quick else 23000)
    here = os.path.dirname(os.path.abspath(__file__))
    eplus = None if args.no_energyplus else _run(_EPLUS)["eplus_s"]
    print(f"rehab columnar engine — {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    if eplus:
        print(f"EnergyPlus 25.2, one coron house-year: {eplus:.2f} s")
    head = f"{'case':<34} {'wall [s]':>9} {'engine [s]':>10} {'wall/engine':>11} {'ms per house-scenario':>22} {'peak RSS [MB]':>13} {'EnergyPlus / rehab per house-year':>34}"
    print(head)
    print("-" * len(head))
    azimuths = ("random", "streets") if args.azimuth == "both" else (args.azimuth,)
    for az in () if args.simulate_only else azimuths:
        r = _run(_PROGRAMME.format(bench_dir=here, n=n, azimuth=az))
        per = r["run_s"] / r["rows"] * 1000.0
        ratio = "" if not eplus else f"{eplus / (r['run_s'] / r['rows']):,.0f}x"
        print(f"{'programme ' + str(n) + ' x 8, azimuth ' + az:<34} {r['run_s']:>9.1f} {r['engine_s']:>10.1f} "
              f"{r['run_s'] / max(r['engine_s'], 1e-9):>11.1f} {per:>22.3f} {r['maxrss_mb']:>13,.0f} {ratio:>34}")
    if args.stream:
        r = _run(_STREAM.format(bench_dir=here, n=args.stream, azimuth="streets", chunk=args.chunk))
        per = r["run_s"] / r["rows"] * 1000.0
        ratio = "" if not eplus else f"{eplus / (r['run_s'] / r['rows']):,.0f}x"
        print(f"{'stream ' + format(args.stream, ',') + ' x 8 from Parquet':<34} {r['run_s']:>9.1f} {r['engine_s']:>10.1f} "
              f"{r['run_s'] / max(r['engine_s'], 1e-9):>11.1f} {per:>22.3f} {r['maxrss_mb']:>13,.0f} {ratio:>34}")
    if args.carbon_share:
        c = _run(_CARBON_SHARE.format(bench_dir=here, n=args.carbon_share))
        print(f"whole-life carbon columns: {c['carbon_s']:.2f} s of a {c['run_s']:.1f} s programme run "
              f"({100 * c['carbon_s'] / c['run_s']:.1f} %, profiled)")
    if not args.no_simulate:
        kinds = ("random", "int", "streets") if args.simulate_azimuth == "all" else (args.simulate_azimuth,)
        for kind in kinds:
            for _ in range(args.simulate_repeat):
                s = _run(_SIMULATE.format(n=10000, azimuth=kind))
                ratio = "" if not eplus else f"{eplus / (s['simulate_s'] / s['n']):,.0f}x"
                print(f"{'simulate 10,000 Houses, az ' + kind:<34} {s['simulate_s']:>9.2f} {'':>10} {'':>11} "
                      f"{s['simulate_s'] / s['n'] * 1000:>22.3f} {s['maxrss_mb']:>13,.0f} {ratio:>34}"
                      f"   (CPU {s['cpu_s']:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
