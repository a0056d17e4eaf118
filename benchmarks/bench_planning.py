"""Phasing 23,000 dwellings under a yearly budget and capacity: MILP (grouped) against greedy.

Run::

    python benchmarks/bench_planning.py                 # 23,000 dwellings, 3 budget cases
    python benchmarks/bench_planning.py --quick         # the capacity-bound case only
    python benchmarks/bench_planning.py --houses 5000

The stock is :func:`rehab.programme.synthetic_stock` (seed 2026; 69 % a
social landlord's mining houses, the coal basin's largest landlord
programme is 23,000 dwellings) run through :class:`rehab.programme.Programme`
with three packages; each dwelling takes the cheapest package reaching
class C (``ProgrammeResult.choose()``), and :func:`rehab.planning.plan`
phases them over 2027-2040 with rental-ban deadlines first, then the number
of houses, then the discounted NPV.

For each case the table gives: groups of identical dwellings and integer
variables of the MILP, wall time, whether every stage was proven optimal,
and the plan's score (missed deadlines, years of delay, houses done,
discounted NPV) for the MILP (exact groups, and with 100 EUR cost and NPV
bins) and for the greedy method. The MILP has a 60 s time limit.
"""

from __future__ import annotations

import argparse
import platform
import time


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--houses", type=int, default=23_000)
    ap.add_argument("--quick", action="store_true", help="only the capacity-bound case")
    ap.add_argument("--time-limit", type=float, default=60.0)
    args = ap.parse_args(argv)

    import numpy as np

    from rehab import planning
    from rehab.programme import Programme, synthetic_stock

    t = time.perf_counter()
    res = Programme(
        synthetic_stock(args.houses, seed=2026), ["attic-only", "heat-pump-only", "bbc-renovation"]
    ).run(progress=False)
    t_prog = time.perf_counter() - t
    choice = res.choose()
    todo = int((choice["scenario"] != "baseline").sum())
    scale = args.houses / 23_000
    cases = [("capacity-bound", 60e6 * scale, int(1500 * scale))]
    if not args.quick:
        cases += [
            ("budget and capacity", 40e6 * scale, int(2500 * scale)),
            ("budget-bound", 30e6 * scale, None),
        ]
    print(
        f"rehab.planning benchmark ({platform.machine()}, numpy {np.__version__}); "
        f"{args.houses:,} dwellings, {todo:,} with works; programme run {t_prog:.1f} s"
    )
    head = (
        f"{'case':<20} {'method':<18} {'groups':>7} {'vars':>7} {'seconds':>8} {'optimal':>8} "
        f"{'missed':>7} {'delay':>7} {'done':>7} {'NPV [MEUR]':>11}"
    )
    print(head)
    print("-" * len(head))
    out = []
    for name, budget, cap in cases:
        for label, kw in (
            ("milp", {}),
            ("milp, 100 EUR bins", {"cost_resolution": 100.0, "value_resolution": 100.0}),
            ("greedy", {"method": "greedy"}),
        ):
            t = time.perf_counter()
            p = planning.plan(
                res,
                choice,
                budget_per_year=budget,
                capacity_per_year=cap,
                time_limit=args.time_limit,
                **kw,
            )
            wall = time.perf_counter() - t
            i = p.info
            m, d, n, v = i["score"]
            assert all(p.checks.values()), p.checks
            print(
                f"{name:<20} {label:<18} {i.get('groups', '-')!s:>7} {i.get('variables', '-')!s:>7} "
                f"{wall:8.2f} {('yes' if i.get('optimal') else 'no'):>8} {m:7d} {d:7.0f} {n:7d} "
                f"{v / 1e6:11.2f}"
            )
            out.append(dict(case=name, method=label, seconds=wall, score=i["score"], info=i))
        print(
            f"{'':<20} budget {budget / 1e6:.1f} MEUR/yr net of grants, capacity "
            f"{cap if cap else 'none'} houses/yr"
        )
    return out


if __name__ == "__main__":
    main()
