"""Irradiance on many surfaces: rehab.solar.surface_irradiance against pvlib.

Run::

    python benchmarks/bench_solar.py            # 1, 100, 1 000, 5 000 surfaces
    python benchmarks/bench_solar.py --quick    # 1, 100, 1 000 surfaces, no cold compile

For each batch of surfaces (random azimuths, tilts 0–180°, Perez sky, the
embedded Uccle weather, 8760 h) it prints the wall and CPU time per surface
and the peak of traced memory (numpy arrays included) of:

* ``pvlib`` — the path of rehab 0.1: one call of
  :func:`pvlib.irradiance.get_total_irradiance` and
  :func:`pvlib.irradiance.aoi` broadcast over all surfaces (the reference of
  ``tests/test_solar.py``; 5 000 surfaces in calls of 1 000 to bound its
  memory);
* ``total`` — :func:`rehab.solar.surface_irradiance`, reading ``total`` only
  (what opaque walls need);
* ``all`` — the same, reading ``total``, ``beam``, ``sky_diffuse``,
  ``ground_diffuse`` and ``aoi``;
* ``glazed`` — :meth:`~rehab.solar.SurfaceIrradiance.through_glazing`
  (double glazing), what windows need, against ``composed``: the same from
  ``beam``, ``diffuse``, ``aoi`` and the public glazing modifiers (up to
  1 000 surfaces).

The solar position is cached before timing (both paths share it). On a
loaded machine the wall time is dominated by first-touch page faults of the
(n_surfaces, 8760) result arrays: the CPU column and the ``kernel`` line
(outputs written into memory already touched) separate the two.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

SIZES = (1, 100, 1_000, 5_000)
QUICK_SIZES = (1, 100, 1_000)
OLD_CALL = 1_000  # surfaces per pvlib call (memory bound of the old path)
ALL = ("total", "beam", "sky_diffuse", "ground_diffuse", "aoi")

_COLD = r"""
import time
import rehab.weather as rw, rehab.solar as rs
w = rw.default(); rs.solar_position(w)
t0 = time.perf_counter(); c0 = time.process_time()
rs.surface_irradiance(w, [0.0, 90.0], [90.0, 30.0]).total
print(time.perf_counter() - t0, time.process_time() - c0)
"""


def surfaces(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random azimuths (0.1° steps, as the simulation keys) and tilts."""
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(0.0, 360.0, n), 1), rng.uniform(0.0, 180.0, n)


def reference():
    """The pvlib path, taken from the tests (one definition)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_solar import reference_irradiance

    return reference_irradiance


def run_old(weather, az, tilt) -> None:
    ref = reference()
    for s0 in range(0, az.size, OLD_CALL):
        out = ref(weather, az[s0 : s0 + OLD_CALL], tilt[s0 : s0 + OLD_CALL])
        for name in ALL:
            np.asarray(out[name]).sum()  # materialise, as the arrays of rehab 0.1 were


def run_new(weather, az, tilt, names) -> None:
    from rehab.solar import surface_irradiance

    irr = surface_irradiance(weather, az, tilt)
    for name in names:
        getattr(irr, name)


def run_glazed(weather, az, tilt) -> None:
    from rehab.solar import surface_irradiance

    surface_irradiance(weather, az, tilt).through_glazing(2)


def run_composed(weather, az, tilt) -> None:
    from rehab.solar import glazing_angular_modifier, glazing_diffuse_modifier, surface_irradiance

    irr = surface_irradiance(weather, az, tilt)
    _ = irr.beam * glazing_angular_modifier(irr.aoi, 2) + irr.diffuse * glazing_diffuse_modifier(2)


def measure(fn, *args, trace: bool = True) -> dict:
    """Wall and CPU time of one call, then the traced peak of a second one."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn(*args)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = float("nan")
    if trace:
        tracemalloc.start()
        fn(*args)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {"wall_s": wall, "cpu_s": cpu, "peak_mb": peak}


def kernel_only(weather, n: int) -> float:
    """CPU s of the compiled kernel writing ``total`` into memory already touched."""
    import rehab.solar as rs

    az, tilt = surfaces(n)
    irr = rs.surface_irradiance(weather, az, tilt)
    out = np.zeros((n, weather.n_hours))
    args = (
        rs._TOTAL, False, irr.azimuth, np.cos(np.radians(tilt)), np.sin(np.radians(tilt)),
        np.cos(np.radians(irr.azimuth)), np.sin(np.radians(irr.azimuth)), irr._terms,
        irr._ground_albedo, rs._NO_GLASS, out,
    )  # fmt: skip
    c0 = time.process_time()
    rs._surface_rows(0, n, *args)
    return time.process_time() - c0


def cold_compile() -> tuple[float, float]:
    """First call with an empty numba cache (a subprocess), wall and CPU s."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        out = subprocess.run(
            [sys.executable, "-c", _COLD], env=env, capture_output=True, text=True, check=True
        )
    wall, cpu = (float(x) for x in out.stdout.split())
    return wall, cpu


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="up to 1 000 surfaces, no cold compile")
    opts = parser.parse_args(argv)
    import rehab.solar as rs
    import rehab.weather as rw

    weather = rw.default()
    rs.solar_position(weather)
    reference()(weather, 180.0, 90.0)  # imports outside the timings
    t0 = time.perf_counter()
    run_new(weather, 180.0, 90.0, ("total",))
    first = time.perf_counter() - t0
    print(f"rehab.solar.surface_irradiance vs pvlib, Perez, {weather.name}, {weather.n_hours} h")
    print(f"load avg {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"first call (numba cache load) {first:.2f} s")  # fmt: skip
    if not opts.quick:
        wall, cpu = cold_compile()
        print(f"first call with an empty numba cache: {wall:.1f} s wall, {cpu:.1f} s CPU")
    head = f"{'surfaces':>8} {'path':>8} {'wall s':>8} {'ms/surf':>8} {'CPU s':>7} {'CPU ms/surf':>11} {'peak MB':>8}"
    print(head)
    print("-" * len(head))
    for n in QUICK_SIZES if opts.quick else SIZES:
        az, tilt = surfaces(n)
        rows = {
            # beyond OLD_CALL surfaces the old path repeats the same calls: same peak
            "pvlib": measure(run_old, weather, az, tilt, trace=n <= OLD_CALL),
            "total": measure(run_new, weather, az, tilt, ("total",)),
            "all": measure(run_new, weather, az, tilt, ALL),
            "glazed": measure(run_glazed, weather, az, tilt),
        }
        if n <= OLD_CALL:
            rows["composed"] = measure(run_composed, weather, az, tilt)
        for path, r in rows.items():
            print(
                f"{n:>8} {path:>8} {r['wall_s']:>8.3f} {1e3 * r['wall_s'] / n:>8.4f} "
                f"{r['cpu_s']:>7.3f} {1e3 * r['cpu_s'] / n:>11.4f} {r['peak_mb']:>8.1f}"
            )
        speed_up = rows["pvlib"]["cpu_s"] / rows["all"]["cpu_s"]
        k = kernel_only(weather, n)
        print(f"{n:>8} {'kernel':>8} {'':>8} {'':>8} {k:>7.3f} {1e3 * k / n:>11.4f}"
              f"   (CPU pvlib / all: {speed_up:.0f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
