"""``rehab energyplus …`` subcommands: export a house to IDF, run houses in EnergyPlus.

Importing this module registers the ``energyplus`` command with
:mod:`rehab.cli` (add ``"rehab.energyplus.cli"`` to the CLI's plugin list);
:func:`add_arguments` / :func:`run` (and :func:`cli_export`,
:func:`cli_run`) can also be wired by hand::

    rehab energyplus export coron-mid-terrace coron.idf
    rehab energyplus export house.json house.idf --weather site.epw --zoning storeys
    rehab energyplus run coron-mid-terrace castors-detached --jobs 2

Only cheap modules are imported here; eppy and EnergyPlus are looked up when
a command runs (a missing extra gives exit code 3).
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["add_arguments", "cli_export", "cli_run", "run"]

HELP = "export a house to an EnergyPlus IDF, or simulate houses in EnergyPlus"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--weather", metavar="EPW", help="EPW weather file (default: the embedded weather)"
    )
    p.add_argument(
        "--zoning",
        choices=["single", "storeys"],
        default="single",
        help="one zone, or one per storey",
    )
    p.add_argument(
        "--attic",
        choices=["zone", "b"],
        default="zone",
        help="unheated attic as a zone or a b-factor boundary",
    )
    p.add_argument(
        "--control",
        choices=["operative", "air"],
        default="operative",
        help="temperature held at the set-point",
    )
    p.add_argument(
        "--setpoint",
        type=float,
        default=19.0,
        metavar="C",
        help="heating set-point [°C] (default 19)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``export`` and ``run`` actions to the ``energyplus`` parser."""
    sub = parser.add_subparsers(dest="energyplus_action", metavar="ACTION")
    exp = sub.add_parser(
        "export", help="write the IDF of a house", description="write the IDF of a house"
    )
    exp.add_argument("house", help="House JSON file or archetype name")
    exp.add_argument("out", help="output .idf file")
    exp.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    _common(exp)
    exp.set_defaults(_energyplus=cli_export)
    r = sub.add_parser(
        "run", help="simulate houses in EnergyPlus", description="simulate houses in EnergyPlus"
    )
    r.add_argument("houses", nargs="+", help="House JSON files or archetype names")
    _common(r)
    r.add_argument(
        "--jobs", type=int, default=None, help="parallel EnergyPlus processes (default: CPUs)"
    )
    r.add_argument("--timeout", type=float, default=600.0, help="time limit per house [s]")
    r.add_argument("--workdir", help="keep the run directories under this folder")
    r.add_argument("--json", action="store_true", help="print the results as JSON")
    r.set_defaults(_energyplus=cli_run)


def _options(args: argparse.Namespace) -> dict:
    return {"zoning": args.zoning, "attic": args.attic, "control": args.control}


def cli_export(args: argparse.Namespace) -> int:
    """``rehab energyplus export HOUSE OUT.idf``: write the IDF; exit code."""
    from .. import safeio
    from ..cli import load_house
    from .export import to_idf

    safeio.check_target(args.out, overwrite=getattr(args, "overwrite", False), what="IDF")
    house = load_house(args.house)
    path = to_idf(house, args.out, args.weather, heating_setpoint=args.setpoint, **_options(args))
    print(f"written {path}")
    return 0


def cli_run(args: argparse.Namespace) -> int:
    """``rehab energyplus run HOUSE…``: simulate and print needs; exit code."""
    from ..cli import load_house
    from .export import simulate

    houses = [load_house(h) for h in args.houses]
    res = simulate(
        houses,
        args.weather,
        max_workers=args.jobs,
        timeout=args.timeout,
        workdir=args.workdir,
        setpoint=args.setpoint,
        **_options(args),
    )
    rows = []
    for i, h in enumerate(houses):
        rows.append(
            {
                "house": h.name,
                "floor_area_m2": h.floor_area,
                "heating_need_kwh": float(res.heating_need_kwh[i]),
                "heating_need_kwh_m2": float(res.heating_need_kwh[i]) / h.floor_area,
                "cooling_need_kwh": float(res.cooling_need_kwh[i]),
                "peak_heating_w": float(res.peak_heating_w[i]),
                "wall_time_s": float(res.wall_time_s[i]),
                "warnings": len(res.runs[i].warnings),
            }
        )
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(
        f"{'house':28} {'heating kWh':>12} {'kWh/m²':>8} {'cooling kWh':>12} {'peak W':>8} {'time s':>7}"
    )
    for r in rows:
        print(
            f"{r['house'][:28]:28} {r['heating_need_kwh']:12.0f} {r['heating_need_kwh_m2']:8.1f} "
            f"{r['cooling_need_kwh']:12.0f} {r['peak_heating_w']:8.0f} {r['wall_time_s']:7.2f}"
        )
    return 0


def run(args: argparse.Namespace) -> int:
    """Dispatch ``rehab energyplus ACTION``; exit code."""
    action = getattr(args, "_energyplus", None)
    if action is None:
        print("usage: rehab energyplus {export,run} …  (rehab energyplus -h)", file=sys.stderr)
        return 2
    return action(args)


run.add_arguments = add_arguments  # type: ignore[attr-defined]


def _register() -> None:
    from .. import cli

    if "energyplus" not in cli._COMMANDS:
        cli.command("energyplus", HELP)(run)


_register()
