"""Speed of the ISO 52016-1 node engine, with EnergyPlus timed in the same run.

Run::

    python benchmarks/bench_iso52016.py            # 1, 1 000, 10 000 houses
    python benchmarks/bench_iso52016.py --quick    # 1, 100, 1 000 houses

Prints, for each batch size, the wall time of the compiled kernel alone and
of the whole call (batch build included), house-hours per second and
house-years per second, then one house-year of the coron mid-terrace in
EnergyPlus 25.2 (rehab's exporter, same weather) and the ratio of
EnergyPlus's time per house-year to the engine's. Targets (issue 14):
≥ 2×10⁷ house-hours/s at 10 000 houses on 2 cores, ≥ 2 000× EnergyPlus per
house-year, one house-year ≤ 5 ms.

The batch repeats the six archetypes and their deep-retrofit variants
(rehab's packages) — each house has 11–16 elements, i.e. 55–80 nodes.
Timings include the two-week warm-up (720 h) the engine runs before the
year; house-hours count the 8760 simulated hours only.

The kernel is compiled (or its numba cache checked) in a child process
first, so that this process loads it from the cache as every run after the
first does: code compiled in the running process is about 3× slower here
than the same code loaded from numba's cache (the anomaly of numba issue
#10617; measured on this engine, 4.0 against 1.26 ms CPU per house-year).
Each row prints the load average when it was measured and the CPU time of
the process: on a shared machine, house-hours per CPU-second × cores is the
rate of the same machine idle.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np

import rehab
from rehab import archetypes, packages
from rehab.demand import iso52016 as iso


def houses() -> list[rehab.House]:
    out = []
    for name in archetypes.names():
        base = archetypes.get(name)
        out += [base, packages.get("bbc-renovation").apply(base), packages.get("envelope-light").apply(base)]
    return out


def replicated(batch: iso.IsoBatch, n: int) -> iso.IsoBatch:
    idx = np.arange(n) % len(batch)
    return dataclasses.replace(
        batch,
        el_f=np.ascontiguousarray(batch.el_f[idx]),
        el_i=np.ascontiguousarray(batch.el_i[idx]),
        house=np.ascontiguousarray(batch.house[idx]),
    )


def best_of(f, repeat: int) -> float:
    return best_of_cpu(f, repeat)[0]


def best_of_cpu(f, repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (all threads of the process) of ``repeat`` calls [s]."""
    best, best_cpu = np.inf, np.inf
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        f()
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    return best, best_cpu


def warm_cache() -> None:
    """Compile the kernels into numba's cache in a child process (nothing if already there)."""
    code = (
        "import rehab; from rehab.demand import iso52016 as iso; w = rehab.weather.default(); "
        "h = rehab.archetypes.get('coron-mid-terrace'); b = iso.build_iso_batch([h, h], w); "
        "iso.run_iso52016(b); iso.run_iso52016(iso.build_iso_batch([h], w))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-energyplus", action="store_true")
    a = ap.parse_args()
    import numba

    warm_cache()
    w = rehab.weather.default()
    hs = houses()
    base = iso.build_iso_batch(hs, w)
    iso.run_iso52016(replicated(base, 1))  # compile / load the cache
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"numba threads {numba.get_num_threads()}, load average {os.getloadavg()[0]:.1f}")
    print(f"houses: {len(hs)} distinct, {base.el_f.shape[2]} element slots\n")
    print("(wall: elapsed time; CPU: time the process's threads ran; house-h/CPU-s × cores = the rate of an idle machine)")
    print(f"{'houses':>8} {'kernel s':>9} {'house-h/s':>11} {'house-yr/s':>11} {'per house-yr ms':>16} "
          f"{'CPU s':>7} {'house-h/CPU-s':>14} {'x cores':>10} {'load':>5}")
    sizes = (1, 100, 1_000) if a.quick else (1, 1_000, 10_000)
    per_year = {}
    cpu_per_year = {}
    for n in sizes:
        b = replicated(base, n)
        t, c = best_of_cpu(lambda b=b: iso.run_iso52016(b), 3 if n <= 1000 else 1)
        per_year[n] = t / n
        cpu_per_year[n] = c / n
        print(f"{n:8d} {t:9.3f} {n * 8760 / t:11.3g} {n / t:11.1f} {1000 * t / n:16.3f} "
              f"{c:7.3f} {n * 8760 / c:14.3g} {n * 8760 / c * min(numba.get_num_threads(), n):10.3g} "
              f"{os.getloadavg()[0]:5.1f}")
    one = hs[0]
    calls = []
    for _ in range(30):
        t0, c0 = time.perf_counter(), time.process_time()
        rehab.simulate(one, w, method="iso52016")
        calls.append((time.perf_counter() - t0, time.process_time() - c0))
    t_call = min(c[0] for c in calls)
    t_batch = best_of(lambda: iso.build_iso_batch([one], w), 10)
    print(f"\none house-year, whole call rehab.simulate(..., method='iso52016'), 30 calls: best {1000 * t_call:.2f} ms, "
          f"median {1000 * float(np.median([c[0] for c in calls])):.2f} ms wall, best {1000 * min(c[1] for c in calls):.2f} ms CPU "
          f"(batch build {1000 * t_batch:.2f} ms, kernel {1000 * per_year[1]:.2f} ms; load {os.getloadavg()[0]:.1f})")
    t_build = best_of(lambda: iso.build_iso_batch(hs, w), 1)
    print(f"batch build: {1000 * t_build / len(hs):.1f} ms per distinct house ({len(hs)} houses)")
    if a.no_energyplus:
        return
    from rehab.energyplus import simulate as ep_simulate

    wm = rehab.weather.read_epw(w.path, sun_timing="mid-hour")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = ep_simulate(archetypes.get("coron-mid-terrace"), wm)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    t_ep = float(r.wall_time_s)
    c_ep = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    big = max(sizes)
    print(f"\nEnergyPlus 25.2, one house-year (coron mid-terrace): {t_ep:.2f} s wall, {c_ep:.2f} s CPU "
          f"(load average now {os.getloadavg()[0]:.1f})")
    print(f"ratio EnergyPlus / ISO 52016 per house-year, wall: {t_ep / per_year[big]:,.0f}× (batch of {big}), "
          f"{t_ep / per_year[1]:,.0f}× (kernel, one house), {t_ep / t_call:,.0f}× (whole call, one house)")
    print(f"ratio per house-year, CPU time: {c_ep / cpu_per_year[big]:,.0f}× (batch of {big}; on 2 idle cores the "
          f"batch runs on both, so the wall ratio there is about {2 * c_ep / cpu_per_year[big]:,.0f}× against one "
          "EnergyPlus process)")


if __name__ == "__main__":
    main()
