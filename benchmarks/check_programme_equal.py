"""Equality check of programme tables before and after a change of the code (not of the physics).

``python benchmarks/check_programme_equal.py save DIR`` computes the cases
below and pickles their tables, refused rows and aid tables in ``DIR``;
``python benchmarks/check_programme_equal.py compare DIR`` computes them
again and compares: numeric columns to 1e-9 relative (NaN where NaN),
every other column equal, same rows in the same order, same refused rows.

Cases: ``bench_columnar.varied_stock(300)`` (azimuths random, then one of
the streets') × the eight packages of the programme benchmark, realistic
(default) and conventional mode, and a CSV stock with bad rows.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

_BAD_CSV = """id,archetype,floor_area,azimuth,window_scale,n50,heating,owner,observed_carrier,observed_kwh
a1,coron-mid-terrace,58,180,1.0,8,gas-boiler-old,social_landlord,,
a2,coron-mid-terrace,10.2,180,,,gas-boiler-old,social_landlord,,
a3,coron-end-terrace,60,90,5,,direct-electric,social_landlord,,
a4,castle,70,90,,,gas-boiler-old,social_landlord,,
a5,castors-detached,80,,,,wood-log-stove,owner_occupier,,
a6,cite-jardin-detached,-3,0,,,gas-boiler-old,social_landlord,,
a1,cite-moderne-semi,84,0,,,gas-boiler-old,social_landlord,,
a8,cite-pavillonnaire-semi,84.5,abc,,,gas-boiler-old,social_landlord,,
a9,cite-pavillonnaire-semi,84.5,180,,,gas-boiler-old,landlord,,
a10,castors-detached,80,270,1.2,4,gas-boiler-condensing,owner_occupier,natural_gas,15000
a11,castors-detached,80,270,1.2,4,gas-boiler-condensing,owner_occupier,gas,
a12,coron-mid-terrace,58,180,,,gas-boiler-old,social_landlord,natural_gas,1
"""


def _cases() -> dict[str, Any]:
    import rehab
    from rehab.programme import Programme

    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    from bench_columnar import varied_stock
    from bench_programme import USER_PACKAGES

    packages = list(rehab.packages.ordered_names()) + USER_PACKAGES
    out = {}
    runs = {
        "random-realistic": (varied_stock(300, azimuth="random"), {}),
        "streets-conventional": (varied_stock(300, azimuth="streets", seed=7), {"mode": "conventional"}),
        "bad-csv": (rehab.stock.read_csv(io.StringIO(_BAD_CSV)), {}),
    }
    for name, (stock, opts) in runs.items():
        res = Programme(stock, packages, **opts).run(progress=False)
        out[name] = {
            "table": res.table,
            "errors": [(e.row, e.column, str(e.value), e.reason) for e in res.errors],
            "aids": res.aid_table,
        }
    return out


def _compare_frames(a: Any, b: Any, what: str) -> list[str]:
    import pandas as pd

    bad = []
    if list(a.columns) != list(b.columns):
        return [f"{what}: columns differ: {sorted(set(a.columns) ^ set(b.columns))} / order"]
    if len(a) != len(b):
        return [f"{what}: {len(a)} rows before, {len(b)} after"]
    for c in a.columns:
        x, y = a[c], b[c]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y) and x.dtype != bool:
            xv, yv = x.to_numpy(dtype=float), y.to_numpy(dtype=float)
            nan = np.isnan(xv) != np.isnan(yv)
            fin = ~np.isnan(xv) & ~np.isnan(yv)
            rel = np.abs(xv[fin] - yv[fin]) / np.maximum(np.abs(xv[fin]), 1e-300)
            err = (np.abs(xv[fin] - yv[fin]) > 1e-9 * np.maximum(np.abs(xv[fin]), 1e-12))
            if nan.any() or err.any():
                bad.append(f"{what}.{c}: {int(nan.sum())} NaN mismatches, {int(err.sum())} values off "
                           f"(max rel {rel.max() if len(rel) else 0:.3g})")
        else:
            xs = [None if (isinstance(v, float) and np.isnan(v)) else v for v in x.tolist()]
            ys = [None if (isinstance(v, float) and np.isnan(v)) else v for v in y.tolist()]
            diff = [i for i, (p, q) in enumerate(zip(xs, ys, strict=True)) if p != q]
            if diff:
                i = diff[0]
                bad.append(f"{what}.{c}: {len(diff)} cells differ, first row {i}: {xs[i]!r} != {ys[i]!r}")
    return bad


def main(argv: list[str]) -> int:
    mode, d = argv[0], Path(argv[1])
    cur = _cases()
    if mode == "save":
        d.mkdir(parents=True, exist_ok=True)
        (d / "programme_tables.pkl").write_bytes(pickle.dumps(cur))
        print(f"saved {len(cur)} cases in {d}")
        return 0
    ref = pickle.loads((d / "programme_tables.pkl").read_bytes())
    problems = []
    for name, r in ref.items():
        c = cur[name]
        problems += _compare_frames(r["table"], c["table"], f"{name}.table")
        problems += _compare_frames(r["aids"], c["aids"], f"{name}.aids")
        if r["errors"] != c["errors"]:
            problems.append(f"{name}.errors: {r['errors']} != {c['errors']}")
        print(f"{name}: {len(c['table'])} rows, {len(c['errors'])} refused")
    print("\n".join(problems) if problems else "IDENTICAL (numeric to 1e-9 relative, strings equal, same refused rows)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
