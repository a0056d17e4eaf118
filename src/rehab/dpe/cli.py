"""``rehab dpe FILE.xml …``: certified values next to rehab's 3CL estimate.

Importing this module registers the ``dpe`` command with :mod:`rehab.cli`
(it is in the CLI's plugin list)::

    rehab dpe 2187E0981996L.xml
    rehab dpe folder/*.xml --csv comparison.csv

One table per file (certified, rehab, error); with several files a summary
line gives the share within ±10 % and of equal classes. A malformed file
stops with exit code 2 and a message naming the file and the XML path.
"""

from __future__ import annotations

import argparse

from .. import safeio
from ..cli import command

__all__ = ["run"]


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE.xml", help="official DPE XML file(s) of houses")
    p.add_argument("--date", help="evaluation date YYYY-MM-DD (default: each DPE's own date)")
    p.add_argument("--csv", metavar="PATH", help="also write the comparison table to a CSV file")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --csv file")


@command("dpe", "read official DPE XML files: certified values next to rehab's 3CL estimate")
def run(args: argparse.Namespace) -> int:
    from . import compare_many, read_xml, side_by_side

    if args.csv:
        safeio.check_target(args.csv, overwrite=args.overwrite, what="--csv")  # before any work
    records = [read_xml(f) for f in args.files]
    for i, rec in enumerate(records):
        if i:
            print()
        print(side_by_side(rec, args.date))
    if len(records) > 1 or args.csv:
        table = compare_many(records, args.date)
        if len(records) > 1:
            n = len(table)
            need = float((table.need_error.abs() <= 0.10).mean())
            cep = float((table.cep_error.abs() <= 0.10).mean())
            same = float((table.label == table.label_certified).mean())
            print(
                f"\n{n} DPEs: heating need within ±10 % {need:.1%}, Cep within ±10 % {cep:.1%}, "
                f"class equal {same:.1%}"
            )
        if args.csv:
            safeio.write_csv(table, args.csv, overwrite=args.overwrite, what="--csv")  # formulas neutralised
    return 0


run.add_arguments = _add_arguments
