"""The ``rehab`` command line: a thin layer over the library.

Exit codes
----------
0  success
1  a calculation failed (SimulationError, EnergyPlusError, DataError)
2  bad usage or bad input (unknown option, unreadable or invalid file, bad value)
3  an optional extra is missing (the message names the ``pip install`` to run)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError, MissingExtraError, RehabError

__all__ = ["load_house", "main"]

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_EXTRA = 0, 1, 2, 3

#: name -> (help, add_arguments(parser), run(args) -> int)
_COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {}


def command(name: str, help: str):
    """Register a subcommand: decorate ``run(args)``; set ``run.add_arguments(parser)`` to add options."""

    def deco(run: Callable[[argparse.Namespace], int]):
        _COMMANDS[name] = (help, run)
        return run

    return deco


def load_house(spec: str):
    """A House from a JSON file path or an archetype name.

    Parameters
    ----------
    spec : str
        Path to a House JSON file (as written by ``house.model_dump_json()``)
        or the name of an archetype (``rehab archetypes``).
    """
    from . import archetypes
    from .house import House

    p = Path(spec)
    if p.suffix.lower() == ".json" or p.exists():
        if not p.exists():
            raise InputError(f"house file {spec!r} does not exist")
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read house file {spec!r}: {exc}") from None
        return House.model_validate_json(text)
    return archetypes.get(spec)


# ----------------------------------------------------------------- commands
def _schema_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", choices=["house", "construction", "material", "window", "ventilation"])


@command("schema", "print the JSON schema of an input model (house, construction, …)")
def _schema(args: argparse.Namespace) -> int:
    from . import constructions, house, materials, ventilation

    model = {
        "house": house.House,
        "construction": constructions.Construction,
        "material": materials.Material,
        "window": house.Window,
        "ventilation": ventilation.Ventilation,
    }[args.model]
    print(json.dumps(model.model_json_schema(), indent=1, ensure_ascii=False))
    return EXIT_OK


_schema.add_arguments = _schema_args


def _arch_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", help="archetype to describe (omit to list them)")
    p.add_argument("--json", metavar="FILE", help="write the archetype as a House JSON file")


@command("archetypes", "list the archetypes, or describe one")
def _archetypes(args: argparse.Namespace) -> int:
    from . import archetypes

    if not args.name:
        for n in archetypes.names():
            print(n)
        return EXIT_OK
    print(archetypes.describe(args.name))
    if args.json:
        Path(args.json).write_text(archetypes.get(args.name).model_dump_json(indent=1), encoding="utf-8")
        print(f"written {args.json}")
    return EXIT_OK


_archetypes.add_arguments = _arch_args


def _heatloss_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("house", help="House JSON file or archetype name")


@command("heatloss", "heat-loss coefficients of a house (per element, per kind, totals)")
def _heatloss(args: argparse.Namespace) -> int:
    h = load_house(args.house)
    hl = h.heat_loss()
    print(f"{h.name}: {h.floor_area:.1f} m², {h.volume:.0f} m³")
    print(hl.elements.round(3).to_string(index=False))
    if len(hl.bridges):
        print()
        print(hl.bridges.round(3).to_string(index=False))
    print()
    print(hl)
    print(repr(hl))
    return EXIT_OK


_heatloss.add_arguments = _heatloss_args


def _assess_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("house", help="House JSON file or archetype name")
    p.add_argument("--packages", nargs="*", default=[], metavar="PACKAGE",
                   help="package presets (rehab.packages.names()) or package JSON files; default: all presets")
    p.add_argument("--out", metavar="CSV", help="write the whole table to this CSV file")
    p.add_argument("--date", default="2026-06-01", help="evaluation date (factors, tariffs, aids, rental ban)")
    p.add_argument("--mode", choices=["conventional", "realistic"], default="conventional")
    p.add_argument("--owner", choices=["owner_occupier", "private_landlord", "social_landlord"], default="owner_occupier")
    p.add_argument("--income", choices=["tres_modestes", "modestes", "intermediaires", "superieurs"], default="modestes")
    p.add_argument("--horizon", type=int, default=30, help="years of the investment analysis")
    p.add_argument("--discount-rate", type=float, default=0.032)
    p.add_argument("--rules", nargs="*", default=["france"], help="rule sets (data/rules), e.g. france loos-en-gohelle")


@command("assess", "compare retrofit packages on one house: energy, DPE class, cost, aids, bills, NPV")
def _assess(args: argparse.Namespace) -> int:
    from .assess import cli_assess

    return cli_assess(
        args.house,
        args.packages,
        args.out,
        date=args.date,
        mode=args.mode,
        owner=args.owner,
        income=args.income,
        horizon=args.horizon,
        discount_rate=args.discount_rate,
        rules=tuple(args.rules),
    )


_assess.add_arguments = _assess_args


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (subcommands registered by the library's modules)."""
    _load_plugins()
    parser = argparse.ArgumentParser(
        prog="rehab",
        description="rehab — eco-renovation of old housing: building physics, retrofit packages, economics.",
        epilog="Exit codes: 0 success, 1 calculation failed, 2 bad usage or input, 3 optional extra missing.",
    )
    parser.add_argument("--version", action="version", version=f"rehab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_, run) in _COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        getattr(run, "add_arguments", lambda _p: None)(p)
        p.set_defaults(_run=run)
    return parser


def _load_plugins() -> None:
    """Import modules that register further subcommands (cheap imports only)."""
    import importlib

    for mod in ("rehab.energyplus.cli",):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``rehab`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_OK
    try:
        return int(args._run(args) or 0)
    except MissingExtraError as exc:
        print(f"rehab: {exc}", file=sys.stderr)
        return EXIT_EXTRA
    except InputError as exc:
        print(f"rehab: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except RehabError as exc:
        print(f"rehab: failed: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _entry() -> Any:  # pragma: no cover - console script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
