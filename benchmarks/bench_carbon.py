"""Cost of the whole-life carbon columns on a programme's rows (issue #15).

Run::

    python benchmarks/bench_carbon.py                 # 184,000 rows (23,000 dwellings x 8 packages)
    python benchmarks/bench_carbon.py --quick         # 18,400 rows
    python benchmarks/bench_carbon.py --programme 2300   # also time Programme.run() on 2,300 dwellings

What is measured (best of ``--repeat`` runs, wall time, one process):

* **columnar** (every row its own house, no deduplication) — the eight
  packages of ``bench_programme.py`` (six presets, two user packages), N/8
  rows each; each row's cost-line quantities are the coron's scaled by a
  floor-area ratio drawn in 0.7–1.4 (appliances stay 1); then
  :func:`rehab.carbon.measure_rows` (products per row from the cost-line
  columns), :func:`rehab.carbon.embodied_from_quantities` (static, and with
  the RE2020 dynamic option), :func:`rehab.carbon.operational_over_horizon`,
  :func:`rehab.carbon.whole_life` and :func:`rehab.carbon.carbon_payback`;
* **units** — the same through the 0.1 programme's units:
  :func:`rehab.carbon.outcome_quantities` once per distinct house ×
  package (six archetypes × six presets) and
  :func:`rehab.carbon.rows_from_units` onto N rows;
* **programme** (``--programme n``) — ``Programme(synthetic_stock(n), the
  six presets).run()`` on the same machine, to put the carbon columns'
  time per row against the programme's.

Target (issue #15): the carbon columns cost ≤ 10 % of a programme's run
time. The reference is the measured 23,000 × 8 programme run of
``benchmarks/bench_programme.py`` (27.4 s on 2 cores, docs/programme.md)
unless ``--programme`` measures one here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import rehab
from rehab import carbon, packages

#: Programme run time of 23,000 dwellings x 8 packages, in process, 2 cores
#: (docs/programme.md, benchmarks/bench_programme.py).
PROGRAMME_REFERENCE_S = 27.4
PROGRAMME_REFERENCE_ROWS = 23_000 * 9  # 8 packages + the baseline


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def build_units() -> tuple[list[dict[str, float]], list[float], float]:
    """Quantities and annual operational CO2 of every archetype x preset (baseline included)."""
    outcomes = []
    for name in rehab.archetypes.names():
        house = rehab.archetypes.get(name)
        outcomes.append(None)
        for p in packages.names():
            try:
                outcomes.append(packages.get(p).run(house))
            except rehab.errors.ConstraintError:
                outcomes.append(None)
    t0 = time.perf_counter()
    units: list[dict[str, float]] = []
    for out in outcomes:
        total: dict[str, float] = {}
        if out is not None:
            for _m, q in carbon.outcome_quantities(out):
                for k, v in q.items():
                    total[k] = total.get(k, 0.0) + v
        units.append(total)
    dt = time.perf_counter() - t0
    rng = np.random.default_rng(15)
    co2 = [float(rng.uniform(100, 8000)) for _ in units]
    return units, co2, dt


def columnar_inputs(n: int) -> list[tuple[object, list[dict[str, np.ndarray]]]]:
    """Per package: its measures' cost-line quantities on n/8 rows (coron scaled, appliances 1)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_programme import USER_PACKAGES

    pkgs = [packages.get(p) for p in packages.names()] + [
        packages.package(p) for p in USER_PACKAGES
    ]
    house = rehab.archetypes.get("coron-mid-terrace")
    rng = np.random.default_rng(8)
    per = n // len(pkgs)
    out = []
    for pkg in pkgs:
        res = pkg.run(house)
        scale = rng.uniform(0.7, 1.4, per)
        measures = []
        for m in pkg.measures:
            items: dict[str, np.ndarray] = {}
            for ln in res.costs.lines:
                if ln.measure == m.name:
                    per_area = ln.unit in ("m2", "kWp")
                    items[ln.item] = ln.quantity * (scale if per_area else np.ones(per))
            measures.append(items)
        out.append((pkg, measures))
    return out


def columnar_columns(inputs, horizon: int, dynamic: bool) -> dict:
    parts = []
    for pkg, measures in inputs:
        q: dict[str, np.ndarray] = {}
        for m, items in zip(pkg.measures, measures, strict=True):
            for k, v in carbon.measure_rows(m, items).items():
                q[k] = q.get(k, 0.0) + v
        parts.append(q)
    names = sorted({k for q in parts for k in q})
    sizes = [len(next(iter(q.values()))) if q else 0 for q in parts]
    rows = {
        k: np.concatenate([q.get(k, np.zeros(s)) for q, s in zip(parts, sizes, strict=True)])
        for k in names
    }
    emb = carbon.embodied_from_quantities(rows, horizon, dynamic=dynamic)
    n = len(emb["embodied_kgco2e"])
    co2 = np.linspace(100.0, 8000.0, n)
    op = carbon.operational_over_horizon(co2, horizon, dynamic=dynamic)
    wl = carbon.whole_life(emb["embodied_kgco2e"], op)
    pb = carbon.carbon_payback(emb["upfront_kgco2e"], 0.2 * co2)
    return {"whole_life": wl, "payback": pb, **emb}


def carbon_columns(units, co2_unit, unit, scale, horizon: int, dynamic: bool) -> dict:
    q = carbon.rows_from_units(units, unit, scale)
    emb = carbon.embodied_from_quantities(q, horizon, dynamic=dynamic)
    co2 = np.asarray(co2_unit)[unit] * scale
    op = carbon.operational_over_horizon(co2, horizon, dynamic=dynamic)
    wl = carbon.whole_life(emb["embodied_kgco2e"], op)
    base = co2 * 1.2
    pb = carbon.carbon_payback(emb["upfront_kgco2e"], base - co2)
    return {"whole_life": wl, "payback": pb, **emb}


def time_programme(n: int) -> tuple[float, int]:
    from rehab.programme import Programme, synthetic_stock

    stock = synthetic_stock(n, seed=2026)
    prog = Programme(stock, packages.names())
    t0 = time.perf_counter()
    res = prog.run(progress=False)
    dt = time.perf_counter() - t0
    return dt, len(res.table) if hasattr(res, "table") else n * (len(packages.names()) + 1)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=184_000)
    ap.add_argument("--quick", action="store_true", help="18,400 rows")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--horizon", type=int, default=30)
    ap.add_argument("--programme", type=int, default=0, help="also time a programme of n dwellings")
    args = ap.parse_args(argv)
    n = 18_400 if args.quick else args.rows

    units, co2_unit, t_units = build_units()
    rng = np.random.default_rng(2026)
    unit = rng.integers(0, len(units), n)
    scale = rng.uniform(0.7, 1.4, n)
    products = sorted({k for d in units for k in d})

    t_q, q = best_of(lambda: carbon.rows_from_units(units, unit, scale), args.repeat)
    t_static, _ = best_of(lambda: carbon.embodied_from_quantities(q, args.horizon), args.repeat)
    t_dyn, _ = best_of(
        lambda: carbon.embodied_from_quantities(q, args.horizon, dynamic=True), args.repeat
    )
    t_all, _ = best_of(
        lambda: carbon_columns(units, co2_unit, unit, scale, args.horizon, False), args.repeat
    )
    t_all_dyn, _ = best_of(
        lambda: carbon_columns(units, co2_unit, unit, scale, args.horizon, True), args.repeat
    )
    inputs = columnar_inputs(n)
    t_col, res = best_of(lambda: columnar_columns(inputs, args.horizon, False), args.repeat)
    t_col_dyn, _ = best_of(lambda: columnar_columns(inputs, args.horizon, True), args.repeat)
    n_col = len(res["embodied_kgco2e"])

    if args.programme:
        t_prog, rows_prog = time_programme(args.programme)
        per_row = t_prog / rows_prog
        ref = f"Programme.run() measured here: {t_prog:.1f} s for {rows_prog:,} rows"
    else:
        per_row = PROGRAMME_REFERENCE_S / PROGRAMME_REFERENCE_ROWS
        ref = (
            f"Programme.run() reference: {PROGRAMME_REFERENCE_S} s for "
            f"{PROGRAMME_REFERENCE_ROWS:,} rows (docs/programme.md)"
        )
    prog_at_n = per_row * n

    print(
        f"whole-life carbon columns on {n:,} rows, {len(products)} products, "
        f"{len(units)} units, horizon {args.horizon} yr (best of {args.repeat})"
    )
    print(f"{'step':<62} {'time [ms]':>10} {'share of programme':>19}")
    rows = [
        (f"columnar, every row its own house ({n_col:,} rows, static)", t_col),
        (f"columnar, every row its own house ({n_col:,} rows, dynamic)", t_col_dyn),
        ("units: outcome_quantities, once per unit (Python)", t_units),
        ("rows_from_units", t_q),
        ("embodied_from_quantities (static)", t_static),
        ("embodied_from_quantities (RE2020 dynamic)", t_dyn),
        ("all carbon columns (static)", t_all),
        ("all carbon columns (dynamic)", t_all_dyn),
        ("all carbon columns + units (static)", t_all + t_units),
    ]
    for name, t in rows:
        print(f"{name:<62} {1e3 * t:>10.1f} {100 * t / prog_at_n:>18.2f} %")
    print(ref)
    share = 100 * max(t_col_dyn, t_all_dyn + t_units) / prog_at_n
    print(
        f"target <= 10 % of the programme: {share:.2f} % (slowest route, dynamic) -> "
        f"{'met' if share <= 10 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
