"""Stock rows by typology and footprints: how fast rows become Houses and footprints become party walls.

* ``--rows`` typology rows (periods, types, materials, energies cycled)
  read from a CSV into a stock with one House each
  (:mod:`rehab.stock_typology`);
* ``--footprints`` terraced footprints (rows of 10 houses 6 × 9 m, 2 cm
  digitising gaps) measured by :func:`rehab.footprint.footprint_table`.

Prints a table (wall and CPU time). No target in issue 13; kept to see the
cost of the per-row House build and of the neighbour search.

Run: ``PYTHONPATH=src python benchmarks/bench_typology_stock.py`` (``--rows 200 --footprints 1000`` quick).
"""

from __future__ import annotations

import argparse
import io
import itertools
import time

import pandas as pd

from rehab import footprint, stock, typology


def _typology_csv(n: int) -> str:
    combos = itertools.cycle(itertools.product(
        typology.PERIODS[:8], typology.HOUSE_TYPES, ("solid_brick", "hollow_brick", "concrete_block", "stone"),
        ("natural_gas", "electricity", "fuel_oil")))
    rows = []
    for i, (period, kind, wall, energy) in zip(range(n), combos, strict=False):
        rows.append({"id": f"r{i}", "period": period, "house_type": kind, "floor_area": 60 + i % 60,
                     "storeys": 1 + i % 2, "wall_material": wall, "main_energy": energy, "street": f"rue {i // 20}"})
    return pd.DataFrame(rows).to_csv(index=False)


def _terraces(n: int) -> list:
    from shapely.geometry import box

    out = []
    for i in range(n):
        row, k = divmod(i, 10)
        x = k * 6.02
        y = row * 30.0
        out.append(box(x, y, x + 6.0, y + 9.0))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--footprints", type=int, default=10000)
    args = ap.parse_args()
    text = _typology_csv(args.rows)
    geoms = _terraces(args.footprints)
    stock.read_csv(io.StringIO(_typology_csv(10)))  # warm caches
    t0, c0 = time.perf_counter(), time.process_time()
    s = stock.read_csv(io.StringIO(text))
    t_rows, c_rows = time.perf_counter() - t0, time.process_time() - c0
    assert len(s) == args.rows and not s.errors, s.errors[:3]
    t0, c0 = time.perf_counter(), time.process_time()
    t = footprint.footprint_table(geoms, "EPSG:2154")
    t_fp, c_fp = time.perf_counter() - t0, time.process_time() - c0
    assert (t["house_type"] == "mid-terrace").sum() == 8 * (args.footprints // 10)
    print(f"{'step':<40}{'items':>8}{'wall [s]':>10}{'CPU [s]':>9}{'CPU per item [ms]':>19}")
    for name, n, w, c in (("typology rows -> stock with Houses", args.rows, t_rows, c_rows),
                          ("footprints -> party walls, attachment", args.footprints, t_fp, c_fp)):
        print(f"{name:<40}{n:>8}{w:>10.2f}{c:>9.2f}{1000 * c / n:>19.2f}")


if __name__ == "__main__":
    main()
