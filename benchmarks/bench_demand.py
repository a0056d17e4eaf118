"""Throughput of rehab's demand engines: hourly 5R1C kernel and monthly method.

Run::

    python benchmarks/bench_demand.py            # 1, 100, 10 000, 100 000 houses
    python benchmarks/bench_demand.py --quick    # 1, 100, 10 000 houses, no cold-cache run

Prints a table (wall time, house-hours/s, house-years/s, peak memory) and the
first-call times of the compiled kernel with the numba cache cold (a fresh
``NUMBA_CACHE_DIR`` in a subprocess) and warm.

The batch is synthetic but realistic: houses drawn around the mining-house
stock (30–200 m², H_tr 50–450 W/K, 0.3–1.2 ach, C_m 80–260 kJ/(m²·K)), eight
solar slots each (four façades and four window orientations) on the embedded
Uccle weather (8760 h), 3CL conventional gains with the EN 16798-1
residential profile, 19 °C heating with a night set-back for a third of the
houses and cooling at 28 °C for a tenth.

Hooks for other benchmarks (the EnergyPlus comparison adds a ratio column):

* :func:`benchmark_rows` returns the measured rows as dicts;
* :func:`format_table` prints rows with optional extra columns.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

SIZES = (1, 100, 10_000, 100_000)
N_HOURS = 8760

_PROBE = r"""
import json, resource, sys, time, tracemalloc
t0 = time.perf_counter()
sys.path.insert(0, {bench_dir!r})
import bench_demand as b
from rehab.demand import simulate_hourly, simulate_monthly
t_import = time.perf_counter() - t0
zones, climate = b.make_case({n})
t1 = time.perf_counter()
{call}
t_call = time.perf_counter() - t1
print(json.dumps({{"import_s": t_import, "call_s": t_call,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


# --------------------------------------------------------------------------- the batch
def _climate():
    import rehab.weather as rw
    from rehab import gains, solar
    from rehab.demand import ZoneClimate

    w = rw.default()
    az = [0.0, 90.0, 180.0, 270.0]
    irr = solar.surface_irradiance(w, azimuth=[*az, 180.0], tilt=[90.0] * 4 + [35.0])
    iam = solar.glazing_angular_modifier(irr.aoi[:4], 2)
    iam_d = float(solar.glazing_diffuse_modifier(2))
    windows = irr.beam[:4] * iam + (irr.sky_diffuse[:4] + irr.ground_diffuse[:4]) * iam_d
    table = np.vstack([irr.total, windows])  # rows 0-3 façades, 4 roof, 5-8 windows
    hour = w.hour_of_day
    night = (hour >= 22) | (hour < 6)
    # schedules: 0 heating 19 °C; 1 with a 16 °C night set-back; 2 heating and cooling at 28 °C
    th = np.vstack(
        [np.full(w.n_hours, 19.0), np.where(night, 16.0, 19.0), np.full(w.n_hours, 19.0)]
    )
    tc = np.vstack([np.full((2, w.n_hours), np.inf), np.full((1, w.n_hours), 28.0)])
    profile = gains.residential_gain_profile(w.data.index.day_of_week.to_numpy(), hour)
    return ZoneClimate.from_arrays(
        theta_e=w.temp_air,
        month=w.month,
        irradiance=table,
        theta_ground=w.ground_temperature(1.0),
        theta_sky=gains.effective_sky_temperature(w.temp_air, w.sky_temperature),
        theta_h_set=th,
        theta_c_set=tc,
        gain_profiles=profile,
    )


def make_zones(n: int, seed: int = 0):
    """A synthetic batch of ``n`` houses (see the module docstring)."""
    from rehab import gains
    from rehab.demand import ThermalZones

    rng = np.random.default_rng(seed)
    af = rng.uniform(30.0, 200.0, n)
    u_wall = rng.uniform(0.3, 2.2, n)
    u_win = rng.uniform(1.1, 4.5, n)
    a_wall = af * rng.uniform(0.6, 1.2, n)
    a_win = af * rng.uniform(0.10, 0.20, n)
    a_roof = af * rng.uniform(0.5, 1.0, n)
    u_roof = rng.uniform(0.15, 2.5, n)
    h_op = u_wall * a_wall + u_roof * a_roof + rng.uniform(0.0, 0.15, n) * a_wall
    k = rng.uniform(80e3, 260e3, n)
    share = rng.dirichlet(np.ones(4), n)  # façade / window orientation shares
    sol_idx = np.tile(np.array([0, 1, 2, 3, 5, 6, 7, 8]), (n, 1))
    sol_area = np.concatenate(
        [
            gains.opaque_solar_aperture(0.6, u_wall[:, None], a_wall[:, None] * share),
            gains.window_solar_aperture(a_win[:, None] * share, 0.6, 0.3, f_w=1.0),
        ],
        axis=1,
    )
    sched = rng.choice([0, 1, 2], size=n, p=[0.57, 0.33, 0.10])
    return ThermalZones.from_arrays(
        h_tr_op=h_op,
        h_tr_gr=af * rng.uniform(0.1, 0.6, n),
        h_tr_w=u_win * a_win,
        h_ve=0.34 * rng.uniform(0.3, 1.2, n) * af * 2.5,
        c_m=k * af,
        a_floor=af,
        a_m=np.where(k > 165e3, 3.0, 2.5) * af,
        phi_int=gains.conventional_internal_gains(af),
        sol_idx=sol_idx,
        sol_area=sol_area,
        h_sky=gains.sky_loss_coefficient(u_wall, a_wall, 0.5)
        + gains.sky_loss_coefficient(u_roof, a_roof, 0.7),
        sched_idx=sched,
    )


_CLIMATE = None


def make_case(n: int, seed: int = 0):
    """(ThermalZones, ZoneClimate) of the benchmark for ``n`` houses."""
    global _CLIMATE
    if _CLIMATE is None:
        _CLIMATE = _climate()
    return make_zones(n, seed), _CLIMATE


# --------------------------------------------------------------------------- measures
def _timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Best wall time [s] of ``repeats`` calls and the tracemalloc peak [MB] of one."""
    fn()  # compile / warm caches
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20


def _subprocess(n: int, call: str, env: dict[str, str] | None = None) -> dict[str, float]:
    code = _PROBE.format(bench_dir=os.path.dirname(os.path.abspath(__file__)), n=n, call=call)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def first_call_times() -> dict[str, float]:
    """First-call times of the hourly kernel for one house [s], cache cold and warm.

    Each runs in a fresh interpreter; the cold run points ``NUMBA_CACHE_DIR``
    to a new empty directory, the warm run reuses it.
    """
    with tempfile.TemporaryDirectory(prefix="rehab-numba-") as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        call = "simulate_hourly(zones, climate)"
        cold = _subprocess(1, call, env)
        warm = _subprocess(1, call, env)
    return {
        "cold_call_s": cold["call_s"],
        "cold_import_s": cold["import_s"],
        "warm_call_s": warm["call_s"],
        "warm_import_s": warm["import_s"],
    }


def benchmark_rows(
    sizes: Sequence[int] = SIZES, *, repeats: int = 3, process_memory: bool = True
) -> list[dict[str, Any]]:
    """Measure both engines at each size; one dict per (engine, size).

    Keys: ``engine`` ("hourly"/"monthly"), ``houses``, ``wall_s`` (best of
    ``repeats``), ``house_hours_per_s``, ``house_years_per_s``,
    ``ms_per_house_year``, ``traced_peak_mb`` (numpy allocations of one call,
    tracemalloc), ``process_peak_mb`` (peak RSS of a fresh interpreter doing
    one call: interpreter, numba, weather and batch included; only for the
    largest size when ``process_memory``).
    """
    from rehab.demand import simulate_hourly, simulate_monthly

    rows = []
    for n in sizes:
        zones, climate = make_case(n)
        monthly_climate = climate.monthly()
        reps = repeats if n <= 10_000 else 1
        for engine, fn in (
            ("hourly", lambda z=zones, c=climate: simulate_hourly(z, c)),
            ("monthly", lambda z=zones, m=monthly_climate: simulate_monthly(z, m)),
        ):
            wall, traced = _timed(fn, reps)
            row = {
                "engine": engine,
                "houses": n,
                "wall_s": wall,
                "house_hours_per_s": n * N_HOURS / wall,
                "house_years_per_s": n / wall,
                "ms_per_house_year": 1e3 * wall / n,
                "traced_peak_mb": traced,
                "process_peak_mb": float("nan"),
            }
            if process_memory and n == max(sizes):
                call = (
                    "simulate_hourly(zones, climate)"
                    if engine == "hourly"
                    else "simulate_monthly(zones, climate.monthly())"
                )
                row["process_peak_mb"] = _subprocess(n, call)["maxrss_mb"]
            rows.append(row)
    return rows


def format_table(rows: Sequence[dict[str, Any]], extra: Sequence[tuple[str, str, str]] = ()) -> str:
    """Text table of ``rows``; ``extra`` adds columns as (key, header, format)."""
    cols = [
        ("engine", "engine", "{:>8}"),
        ("houses", "houses", "{:>8,}"),
        ("wall_s", "wall [s]", "{:>10.4f}"),
        ("house_hours_per_s", "house-h/s", "{:>13.3e}"),
        ("house_years_per_s", "house-yr/s", "{:>12,.0f}"),
        ("ms_per_house_year", "ms/house-yr", "{:>12.4f}"),
        ("traced_peak_mb", "traced MB", "{:>10.1f}"),
        ("process_peak_mb", "RSS MB", "{:>8.0f}"),
        *extra,
    ]
    head = " ".join(f"{h:>{len(f.format(rows[0][k])) if rows else 10}}" for k, h, f in cols)
    lines = [head]
    for r in rows:
        cells = []
        for k, _h, f in cols:
            v = r.get(k, float("nan"))
            cells.append(
                "nan".rjust(len(f.format(1.0)))
                if isinstance(v, float) and np.isnan(v)
                else f.format(v)
            )
        lines.append(" ".join(cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="*", default=None)
    p.add_argument("--quick", action="store_true", help="sizes up to 10 000, no cold-cache run")
    p.add_argument("--json", help="also write the rows to this JSON file")
    a = p.parse_args(argv)
    sizes = a.sizes or ((1, 100, 10_000) if a.quick else SIZES)
    import numba

    print(
        f"rehab demand benchmark — {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, numba {numba.__version__} ({numba.config.NUMBA_NUM_THREADS} threads), "
        f"numpy {np.__version__}, {N_HOURS} h/yr"
    )
    first = None if a.quick else first_call_times()
    rows = benchmark_rows(sizes)
    print(format_table(rows))
    if first:
        print(
            f"first hourly call, 1 house: cache cold {first['cold_call_s']:.2f} s "
            f"(+ import {first['cold_import_s']:.2f} s); cache warm {first['warm_call_s']:.3f} s "
            f"(+ import {first['warm_import_s']:.2f} s)"
        )
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"rows": rows, "first_call": first}, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
