"""Monte Carlo of a programme: 1,000 houses × 1,000 samples with the monthly engine.

Run::

    python benchmarks/bench_uncertainty.py                 # 1,000 houses x 1,000 samples
    python benchmarks/bench_uncertainty.py --houses 200 --samples 500

The stock is :func:`rehab.programme.synthetic_stock` (the demonstration
neighbourhood's mix, seed 2026) run through :class:`rehab.programme.Programme`
with three packages (hourly engine, not timed here); each dwelling takes the
cheapest package reaching class C (``ProgrammeResult.choose()``) and
:func:`rehab.uncertainty.run` draws ``--samples`` sets of inputs per dwelling.

Printed: the programme run (for reference), the uncertainty setup (variants,
ThermalZones batch, 3CL heat shares), the Monte Carlo proper (draws, monthly
engine on samples × dwellings × variants rows in chunks, metrics and
quantiles), its throughput in engine house-years per second, the Python
heap peak during the call (tracemalloc, numpy arrays included) and the
process's maximum resident set size. Target (issue 7): Monte Carlo ≤ 60 s.
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
import tracemalloc


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--houses", type=int, default=1000)
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--chunk-size", type=int, default=100_000)
    args = ap.parse_args(argv)

    import numpy as np

    from rehab import uncertainty
    from rehab.programme import Programme, synthetic_stock

    stock = synthetic_stock(args.houses, seed=2026)
    t = time.perf_counter()
    res = Programme(stock, ["attic-only", "heat-pump-only", "bbc-renovation"]).run(progress=False)
    t_prog = time.perf_counter() - t
    choice = res.choose()
    tracemalloc.start()
    t = time.perf_counter()
    u = uncertainty.run(
        res, n_samples=args.samples, seed=args.seed, choice=choice, chunk_size=args.chunk_size
    )
    wall = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = u.settings
    rows = [
        ("programme run (hourly, not part of the target)", f"{t_prog:8.2f} s"),
        ("dwellings with works / rows", f"{s['dwellings']} / {s['rows']}"),
        ("distinct variants (as is + after works)", f"{s['variants']}"),
        ("samples per dwelling", f"{s['n_samples']}"),
        ("engine rows (samples x dwellings x variants)", f"{s['engine_rows']:,}"),
        ("set-point schedule rows", f"{s['setpoint_bins']}"),
        ("uncertainty setup", f"{s['seconds_setup']:8.2f} s"),
        ("Monte Carlo (draws, engine, metrics)", f"{s['seconds_monte_carlo']:8.2f} s"),
        ("uncertainty.run total", f"{wall:8.2f} s"),
        ("engine throughput", f"{s['engine_rows'] / s['seconds_monte_carlo']:,.0f} house-years/s"),
        ("heap peak during run (tracemalloc)", f"{peak / 2**20:8.0f} MB"),
        ("process max RSS", f"{rss:8.0f} MB"),
    ]
    w = max(len(k) for k, _ in rows)
    print(
        f"rehab.uncertainty benchmark  ({platform.processor() or platform.machine()}, "
        f"numpy {np.__version__}, python {platform.python_version()})"
    )
    for k, v in rows:
        print(f"  {k:<{w}}  {v}")
    a = u.aggregate
    print("\n  aggregate over the dwellings (P10 / P50 / P90, deterministic):")
    for q, r in a.iterrows():
        print(
            f"  {q:<24} {r['p10']:>14,.0f} {r['p50']:>14,.0f} {r['p90']:>14,.0f}   "
            f"det {r['deterministic']:>14,.0f} {r['unit']}"
        )
    ok = s["seconds_monte_carlo"] <= 60.0
    print(f"\n  target: Monte Carlo <= 60 s -> {'met' if ok else 'NOT met'}")
    return {"wall": wall, **s, "peak_mb": peak / 2**20, "rss_mb": rss}


if __name__ == "__main__":
    main()
