"""Reading official DPE XML files into records (rehab.dpe.read_xml).

Target (issue 13): 1,000 DPE XMLs read into records in at most 10 s on 2 cores.
The 108 files of ``tests/data/dpe/xml`` are read in turn until ``--n``
records are built (each read parses the file with defusedxml and validates
the House and its systems); then a folder of ``--n`` files (the 108 copied
under distinct names) is read into a stock (``rehab.stock.read`` → one
dwelling per file, what ``Programme`` and ``rehab programme`` do); then the
records are evaluated with rehab's 3CL chain (``DPERecord.estimate``).
Prints a table.

Run: ``PYTHONPATH=src python benchmarks/bench_dpe_read.py`` (``--n 200`` quick).
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import tempfile
import time
from pathlib import Path

from rehab import dpe, stock

XML = Path(__file__).resolve().parents[1] / "tests" / "data" / "dpe" / "xml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="records to read (default 1000)")
    args = ap.parse_args()
    files = sorted(XML.glob("*.xml"))
    dpe.read_xml(files[0])  # warm caches (data tables, pydantic)
    t0, c0 = time.perf_counter(), time.process_time()
    records = [dpe.read_xml(f) for f in itertools.islice(itertools.cycle(files), args.n)]
    t_read, c_read = time.perf_counter() - t0, time.process_time() - c0
    with tempfile.TemporaryDirectory() as tmp:
        for k, f in enumerate(itertools.islice(itertools.cycle(files), args.n)):
            shutil.copyfile(f, Path(tmp) / f"{k:05d}-{f.name}")
        t0, c0 = time.perf_counter(), time.process_time()
        st = stock.read(tmp)
        t_stock, c_stock = time.perf_counter() - t0, time.process_time() - c0
        assert len(st) == args.n and not st.errors, (len(st), st.errors[:3])
    t0, c0 = time.perf_counter(), time.process_time()
    for r in records:
        r.estimate()
    t_est, c_est = time.perf_counter() - t0, time.process_time() - c0
    print(f"{'step':<36}{'records':>9}{'wall [s]':>10}{'CPU [s]':>9}{'CPU per record [ms]':>21}")
    for name, t, c in (
        ("read_xml (parse + House + systems)", t_read, c_read),
        ("folder -> stock (stock.read)", t_stock, c_stock),
        ("estimate (3CL chain, two passes)", t_est, c_est),
    ):
        print(f"{name:<36}{args.n:>9}{t:>10.2f}{c:>9.2f}{1000 * c / args.n:>21.2f}")
    per_1000 = c_stock * 1000 / args.n
    print(
        f"target: 1,000 DPE XMLs read into a stock in <= 10 s -> {per_1000:.1f} s of CPU, "
        f"{t_stock * 1000 / args.n:.1f} s wall "
        f"({'met' if per_1000 <= 10 else 'NOT met'}; wall time also counts other jobs on a shared machine)"
    )


if __name__ == "__main__":
    main()
