"""Long run of the fuzz suite: ≥ 10,000 generated inputs per reader, then a table.

The properties are those of ``tests/properties/test_fuzz_*.py`` (CI runs
each with a few dozen cases); this script runs them with
``REHAB_FUZZ_EXAMPLES`` cases each (default 10,000) and prints, per input kind: generated
inputs, rows in/out, bad rows reported, inputs refused with a documented
error, undocumented exceptions and dwellings lost.

Usage::

    python benchmarks/fuzz_long.py                 # 10,000 per reader (1-3 min of CPU each)
    python benchmarks/fuzz_long.py --quick         # 200 per reader
    python benchmarks/fuzz_long.py -n 2000 --only csv,geojson
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (label, module, property function, STATS keys it fills)
PROPERTIES = [
    ("csv", "test_fuzz_stock", "test_fuzz_csv_reader", ["csv"]),
    ("parquet", "test_fuzz_stock", "test_fuzz_parquet_reader", ["parquet"]),
    ("geojson", "test_fuzz_stock", "test_fuzz_geojson_reader", ["geojson"]),
    ("bytes", "test_fuzz_stock", "test_fuzz_random_bytes_never_escape_the_error_tree",
     ["csv (random bytes)", "parquet (random bytes)", "geojson (random bytes)"]),
    ("csvtext", "test_fuzz_stock", "test_fuzz_csv_like_text_never_escapes_the_error_tree", ["csv (CSV-like text)"]),
    ("house", "test_fuzz_inputs", "test_fuzz_house_json",
     ["House JSON", "House JSON → heat_loss", "House JSON → simulate"]),
    ("package", "test_fuzz_inputs", "test_fuzz_package_json", ["package JSON", "package JSON → apply"]),
    ("control", "test_fuzz_inputs", "test_fuzz_control_options", ["simulate control options"]),
    ("writer", "test_fuzz_inputs", "test_fuzz_csv_output_is_never_a_formula", ["CSV writer"]),
    ("cli", "test_fuzz_inputs", "test_fuzz_cli_arguments", ["CLI arguments"]),
    ("epw", "test_fuzz_inputs", "test_fuzz_epw_reader", ["EPW"]),
    ("dpe", "test_fuzz_dpe", "test_fuzz_dpe_xml_reader", ["DPE XML"]),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000, help="generated inputs per reader (default 10,000)")
    ap.add_argument("--quick", action="store_true", help="200 per reader")
    ap.add_argument("--only", help="comma-separated labels: " + ",".join(p[0] for p in PROPERTIES))
    args = ap.parse_args(argv)
    n = 200 if args.quick else args.n
    os.environ["REHAB_FUZZ_EXAMPLES"] = str(n)  # read when the property modules are imported
    sys.path[:0] = [str(ROOT / "tests" / "properties"), str(ROOT / "src")]
    fuzz_cases = importlib.import_module("fuzz_cases")
    only = set(args.only.split(",")) if args.only else None
    failures = []
    timings = {}
    for label, module, name, _ in PROPERTIES:
        if only and label not in only:
            continue
        fn = getattr(importlib.import_module(module), name)
        t = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # a falsified property: reported in the table and below
            failures.append((label, "".join(traceback.format_exception_only(exc))[-2000:]))
        timings[label] = time.perf_counter() - t
        print(f"  {label}: done in {timings[label]:.0f} s", file=sys.stderr, flush=True)
    _table(fuzz_cases.STATS, timings, only)
    for label, text in failures:
        print(f"\nFAILED {label}:\n{text}")
    return 1 if failures else 0


def _table(stats: dict, timings: dict, only: set | None) -> None:
    cols = ["cases", "rows_in", "rows_out", "bad_rows", "accepted", "refused", "refused_files", "undocumented",
            "lost"]
    head = f"{'input':32} " + " ".join(f"{c:>13}" for c in cols) + f" {'time s':>8}"
    print(head)
    print("-" * len(head))
    totals = {"undocumented": 0, "lost": 0}
    for label, _, _, keys in PROPERTIES:
        if only and label not in only:
            continue
        for i, k in enumerate(keys):
            s = stats.get(k, {})
            t = f"{timings.get(label, 0):8.0f}" if i == 0 else " " * 8
            print(f"{k:32} " + " ".join(f"{s.get(c, 0):>13,}" for c in cols) + f" {t}")
            totals["undocumented"] += s.get("undocumented", 0)
            totals["lost"] += s.get("lost", 0)
    print(f"\nundocumented exceptions: {totals['undocumented']}, dwellings lost: {totals['lost']}")


if __name__ == "__main__":
    sys.exit(main())
