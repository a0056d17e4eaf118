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
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__, safeio
from .errors import InputError, MissingExtraError, RehabError, require_extra
from .options import STUDY_DATE

__all__ = ["cli_assess", "load_house", "main"]

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_EXTRA = 0, 1, 2, 3

#: The exit codes, as printed by ``rehab --help`` (also in docs/cli.md).
EXIT_CODES_HELP = """exit codes:
  0  success
  1  a calculation failed (simulation, EnergyPlus or data error)
  2  bad usage or bad input: unknown option or value, missing or unreadable
     file, invalid house, stock file with bad rows (every bad row is listed)
  3  an optional extra is missing: the message names the pip install to run,
     e.g. pip install "rehab[plot]"
"""

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
    p.add_argument("--overwrite", action="store_true", help="replace an existing --json file")


@command("archetypes", "list the archetypes, or describe one")
def _archetypes(args: argparse.Namespace) -> int:
    from . import archetypes

    if not args.name:
        for n in archetypes.names():
            print(n)
        return EXIT_OK
    print(archetypes.describe(args.name))
    if args.json:
        safeio.write_text(args.json, archetypes.get(args.name).model_dump_json(indent=1),
                          overwrite=args.overwrite, what="--json")
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
    p.add_argument(
        "--packages",
        nargs="*",
        default=[],
        metavar="PACKAGE",
        help="package presets (rehab.packages.names()) or package JSON files; default: all presets",
    )
    p.add_argument("--out", metavar="CSV", help="write the whole table to this CSV file")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out file")
    p.add_argument(
        "--date", default=STUDY_DATE, help="evaluation date (factors, tariffs, aids, rental ban)"
    )
    p.add_argument(
        "--mode",
        choices=["conventional", "realistic"],
        default="realistic",
        help="consumption the bills are valued on: realistic (default) or the DPE's conventional one",
    )
    p.add_argument(
        "--scenario",
        choices=["constant", "low", "central", "high"],
        default="constant",
        help="energy prices: constant real (default) or with the ETS2 carbon price from 2028",
    )
    p.add_argument(
        "--owner",
        choices=["owner_occupier", "private_landlord", "social_landlord"],
        default="owner_occupier",
    )
    p.add_argument(
        "--income",
        choices=["tres_modestes", "modestes", "intermediaires", "superieurs"],
        default="modestes",
    )
    p.add_argument("--horizon", type=int, default=30, help="years of the investment analysis")
    p.add_argument("--discount-rate", type=float, default=0.032)
    p.add_argument(
        "--rules",
        nargs="*",
        default=["france"],
        help="rule sets (data/rules), e.g. france loos-en-gohelle",
    )
    p.add_argument(
        "--lang",
        choices=["en", "fr"],
        default="en",
        help="language of the printed summary (default en; fr: French)",
    )


@command(
    "assess", "compare retrofit packages on one house: energy, DPE class, cost, aids, bills, NPV"
)
def _assess(args: argparse.Namespace) -> int:
    if args.out:
        safeio.check_target(args.out, overwrite=args.overwrite, what="--out")
    return cli_assess(
        args.house,
        args.packages,
        args.out,
        date=args.date,
        mode=args.mode,
        scenario=args.scenario,
        owner=args.owner,
        income=args.income,
        horizon=args.horizon,
        discount_rate=args.discount_rate,
        rules=tuple(args.rules),
        lang=args.lang,
    )


_assess.add_arguments = _assess_args


# ------------------------------------------------------------ programmes
_DEFAULT_OUT = "rehab-report"
#: Objectives of ProgrammeResult.choose (kept literal: building the parser imports nothing heavy).
_OBJECTIVES = ("cheapest_reaching", "max_npv", "min_co2", "cheapest_bbc", "min_whole_life", "cheapest_carbon")
#: Yearly budget of the demonstration's phasing plan [EUR/yr] (an illustration, not a recommendation).
DEMO_BUDGET = 2_000_000.0
#: Monte Carlo samples of the demonstration's uncertainty bands.
DEMO_SAMPLES = 200


def _package_specs(names: Sequence[str]) -> list[Any]:
    """Package presets by name, or user packages from JSON files."""
    specs: list[Any] = []
    for p in names:
        path = Path(p)
        if path.suffix.lower() == ".json":
            if not path.exists():
                raise InputError(f"package file {p!r} does not exist")
            try:
                specs.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"cannot read package file {p!r}: {exc}") from None
        else:
            specs.append(p)
    return specs


def _positive(kind: type, what: str) -> Callable[[str], Any]:
    def conv(text: str) -> Any:
        try:
            v = kind(text.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what}: {text!r} is not a number") from None
        if not v > 0:
            raise argparse.ArgumentTypeError(f"{what}: {text!r} must be > 0")
        return v

    return conv


def _count(what: str) -> Callable[[str], int]:
    def conv(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what}: {text!r} is not a whole number") from None
        if v < 0:
            raise argparse.ArgumentTypeError(f"{what}: {text!r} must be >= 0")
        return v

    return conv


def _progress(args: argparse.Namespace) -> bool:
    """Show a progress bar only on a terminal, unless --no-progress."""
    return not args.no_progress and sys.stderr.isatty()


def _client(args: argparse.Namespace) -> Any:
    """A distributed Client for --scheduler ADDRESS (None: the programme's own cluster)."""
    if args.scheduler and args.backend != "dask":
        raise InputError("--scheduler needs --backend dask")
    if not args.scheduler:
        return None
    distributed = require_extra("distributed", "dask", "running a programme on a Dask scheduler")
    try:
        return distributed.Client(args.scheduler, timeout=f"{args.scheduler_timeout}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {args.scheduler!r}: {exc}") from None


def _out_dir(text: str, overwrite: bool = False) -> Path:
    """Check --out before the run: not a file, empty or absent unless --overwrite (rehab.safeio)."""
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {text!r} exists and is not a folder")
    return safeio.check_target(out, overwrite=overwrite, what="--out")


def _print_comparison(result: Any, out: Any, objective_text: str, lang: str = "en") -> None:
    """The comparison table of every package, then the choice per owner type."""
    import pandas as pd

    from . import report
    from ._i18n import num, tr

    comp = report.package_comparison(result)
    n = int(comp["houses"].max()) if len(comp) else 0
    show = pd.DataFrame(
        {
            tr("allowed", lang): [
                f"{a}/{h}" for a, h in zip(comp["allowed"], comp["houses"], strict=True)
            ],
            tr("Cep before", lang): comp["cep_before"].round(0).astype("Int64"),
            tr("Cep after", lang): comp["cep_after"].round(0).astype("Int64"),
            tr("classes after", lang): comp["classes_after"],
            tr("cost k€", lang): (comp["cost_ttc_eur"] / 1e3).round(0).astype("Int64"),
            tr("subsidies k€", lang): (comp["subsidies_eur"] / 1e3).round(0).astype("Int64"),
            tr("net cost k€", lang): (comp["net_cost_eur"] / 1e3).round(0).astype("Int64"),
            tr("CO2 saved t/yr", lang): comp["co2_saved_t"].round(1),
            tr("NPV k€", lang): (comp["npv_eur"] / 1e3).round(0).astype("Int64"),
        },
        index=comp.index.rename(tr("package", lang)),
    )
    if lang == "fr":  # decimal commas in the one float column
        col = tr("CO2 saved t/yr", lang)
        show[col] = [num(v, 1, lang) for v in show[col]]
    print(
        tr(
            "Packages compared on {n} houses (Cep in kWhEP/m²/yr, means over the houses allowed; sums of money and CO2):",
            lang,
            n=n,
        )
    )
    with pd.option_context(
        "display.width", 250, "display.max_columns", 20, "display.max_colwidth", 40
    ):
        print(show.to_string())
        print()
        print(tr("Chosen package per owner type ({rule}):", lang, rule=objective_text))
        oc = report.owner_choice(out)
        if lang != "en":  # English keeps the owner codes of the stock file
            oc.index = [tr(report.OWNER_NAMES.get(i, i), lang) for i in oc.index]
            oc.columns = [tr(c, lang) for c in oc.columns]
        print(oc.to_string())
    works = out["scenario"] != "baseline"
    m = lambda col: num(out[col].sum() / 1e6, 2, lang)  # noqa: E731
    print()
    print(
        tr(
            "Choice: {works} of {n} houses with works, {reach} reach the target; cost {cost} M€ incl. VAT, "
            "subsidies {aid} M€, net {net} M€; CO2 saved {co2} t/yr.",
            lang,
            works=int(works.sum()),
            n=len(out),
            reach=int(out["reaches_target"].sum()),
            cost=m("cost_ttc_eur"),
            aid=m("subsidies_eur"),
            net=m("net_cost_eur"),
            co2=num(out["co2_saved_kg"].sum() / 1e3, 0, lang),
        )
    )


def _start_warmup(args: argparse.Namespace) -> None:
    """Compile the engines' kernels in a child process while this one reads the stock (:mod:`rehab._warmup`);
    while the engine waits for them, import what the later steps need."""
    import functools
    import importlib

    from . import _warmup

    if getattr(args, "backend", "numpy") != "numpy" or not _warmup.start():
        return
    # the programme's later modules first, then the report's
    mods = ["rehab.aid_arrays", "rehab.aid_rows", "rehab.subsidies_social", "rehab.usage", "rehab.moisture",
            "rehab.report", "matplotlib.figure", "matplotlib.backends.backend_agg", "rehab.carbon"]
    if getattr(args, "budget", None):
        mods += ["rehab.planning", "scipy.optimize"]
    if getattr(args, "samples", 0):
        mods += ["rehab.uncertainty", "rehab.uncertainty_physics"]
    for m in mods:
        _warmup.when_idle(functools.partial(importlib.import_module, m))


def _run_programme(
    args: argparse.Namespace,
    stock: Any,
    packages: Any,
    *,
    title: str | None,
) -> int:
    """Shared body of ``rehab demo`` and ``rehab programme``: a :class:`rehab.pipeline.Study`, run and printed."""
    from . import report
    from .pipeline import Study

    # extras first: fail before the long run, not after it
    require_extra("matplotlib", "plot", "the HTML report")
    if args.format == "parquet":
        require_extra("pyarrow", "parquet", "writing Parquet tables")
    if args.backend == "dask":
        require_extra("distributed", "dask", "--backend dask")
    out_dir = _out_dir(args.out, args.overwrite)
    study = Study(stock, packages, objective=args.objective, target_class=args.target_class,
                  budget=args.budget, capacity=getattr(args, "capacity", None), start_year=args.start_year,
                  samples=getattr(args, "samples", 0), seed=args.seed, date=args.date)
    client = _client(args)
    try:
        res = study.run(backend=args.backend, client=client, progress=_progress(args))
    finally:
        if client is not None:
            client.close()
    result, plan, unc, out = res.result, res.plan, res.uncertainty, res.outcomes
    known = {str(b) for b in getattr(stock, "errors", []) or []}
    for b in getattr(result, "errors", []) or []:
        if str(b) not in known:  # the stock's bad rows were listed already
            print(f"rehab: warning: {b}", file=sys.stderr)
    from ._i18n import tr

    lang = getattr(args, "lang", "en")
    objective_text = report._objective_text(args.objective, args.target_class, lang)
    _print_comparison(result, out, objective_text, lang)
    if plan is not None:
        from ._i18n import num, tr

        y = plan.yearly
        done = y.loc[y["houses"] > 0, "year"]
        print(
            tr(
                "Phasing under {budget} M€/yr: {n} houses{span}; rental-ban deadlines not met: {unmet}.",
                lang,
                budget=num(args.budget / 1e6, 2, lang),
                n=int(y["houses"].sum()),
                span=tr(" from {first} to {last}", lang, first=int(done.min()), last=int(done.max()))
                if len(done)
                else "",
                unmet=len(plan.unmet),
            )
        )
    if unc is not None:
        a = unc.aggregate
        line = []
        for q, label in (
            ("net_cost_eur", "net cost"),
            ("savings_eur", "bill savings/yr"),
            ("npv_eur", "NPV"),
        ):
            if q in a.index:
                p10, p50, p90 = (float(a.loc[q, c]) / 1e6 for c in ("p10", "p50", "p90"))
                line.append(f"{label} {p50:.2f} M€ [{p10:.2f}; {p90:.2f}]")
        print(f"Uncertainty ({args.samples} samples, P50 [P10; P90]): " + ", ".join(line) + ".")
    files, html = res.write(out_dir, format=args.format, title=title, lang=lang, overwrite=args.overwrite,
                            stock=stock, what="--out")
    from . import _warmup

    _warmup.finish()  # no more jobs for the warm-up child: it ends
    print()
    print(tr("Report: {path}", lang, path=html))
    print(
        tr(
            "Tables: {folder} ({n} {format} file(s) of summary tables, the full programme table and settings.json)",
            lang,
            folder=f"{out_dir}{os.sep}",
            n=len(files),
            format=args.format.upper(),
        )
    )
    if args.verbose:
        from . import _warmup

        wait = f", waiting for the kernels' compilation {_warmup.waited:.1f} s" if _warmup._child else ""
        print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in res.timings.items()) + wait, file=sys.stderr)
    return EXIT_OK


def _common_programme_args(
    p: argparse.ArgumentParser, *, out_default: str | None, samples: int = 0
) -> None:
    p.add_argument(
        "--uncertainty",
        dest="samples",
        type=_count("--uncertainty"),
        default=samples,
        metavar="N",
        help=f"Monte Carlo samples for the P10/P50/P90 bands, 0 for none (default {samples})",
    )
    p.add_argument(
        "--seed", type=int, default=2026, help="seed of the Monte Carlo samples (default 2026)"
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        default=out_default,
        required=out_default is None,
        help=f"folder for the report (index.html) and the tables{f' (default {out_default})' if out_default else ''}",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the contents of a non-empty --out folder (refused otherwise)",
    )
    p.add_argument(
        "--backend",
        choices=["numpy", "dask"],
        default="numpy",
        help="in-process (numpy) or Dask tasks (needs rehab[dask])",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --backend dask; "
        "default: a local cluster)",
    )
    p.add_argument(
        "--scheduler-timeout",
        type=_positive(float, "--scheduler-timeout"),
        default=10.0,
        metavar="S",
        help="seconds to wait for the Dask scheduler (default 10)",
    )
    p.add_argument(
        "--target-class",
        choices=list("ABCDEFG"),
        default="C",
        help="DPE class the choice aims at (default C)",
    )
    p.add_argument(
        "--objective",
        choices=_OBJECTIVES,
        default="cheapest_reaching",
        help="how a package is chosen per house (default: the cheapest reaching the target class)",
    )
    p.add_argument(
        "--start-year",
        type=int,
        default=2027,
        help="first year of works of the phasing plan (default 2027)",
    )
    p.add_argument(
        "--date", default=STUDY_DATE, help="evaluation date: factors, tariffs, aids, rental bans"
    )
    p.add_argument(
        "--lang",
        choices=["en", "fr"],
        default="en",
        help="language of the report and of the printed summary (default en; fr: French)",
    )
    p.add_argument(
        "--format",
        choices=["csv", "parquet", "xlsx"],
        default="csv",
        help="format of the tables (parquet needs rehab[parquet]; xlsx: one workbook, rehab[xlsx])",
    )
    p.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (it is shown only on a terminal anyway)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="print the timings")


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--budget",
        type=_positive(float, "--budget"),
        default=DEMO_BUDGET,
        metavar="EUR",
        help=f"yearly budget of the phasing plan [EUR/yr] (default {DEMO_BUDGET:,.0f})",
    )
    _common_programme_args(p, out_default=_DEFAULT_OUT, samples=DEMO_SAMPLES)


@command(
    "demo",
    "the demonstration neighbourhood against every package: comparison table and HTML report",
)
def _demo(args: argparse.Namespace) -> int:
    _start_warmup(args)
    from . import packages, stock
    from ._i18n import tr

    return _run_programme(
        args,
        stock.demo(),
        packages.ordered_names(),
        title=tr("Loos-en-Gohelle demonstration neighbourhood: retrofit programme", args.lang),
    )


_demo.add_arguments = _demo_args


def _programme_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "stock",
        metavar="STOCK",
        help="stock file (.csv, .parquet, .geojson, .gpkg, .shp; columns in docs/cli.md) or a folder of DPE XML files",
    )
    p.add_argument(
        "--packages",
        nargs="+",
        default=[],
        metavar="PACKAGE",
        help="package presets (rehab.packages.names()) or package JSON files; default: every preset",
    )
    p.add_argument(
        "--budget",
        type=_positive(float, "--budget"),
        metavar="EUR",
        help="yearly budget of the works [EUR/yr]: adds a phasing plan",
    )
    p.add_argument(
        "--capacity",
        type=_positive(int, "--capacity"),
        metavar="N",
        help="houses the contractors can treat per year (with --budget)",
    )
    p.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="run on the valid rows of a stock file with bad rows (they are listed); default: stop",
    )
    p.add_argument(
        "--title", default=None, help='title of the report (default "Retrofit programme report", in --lang)'
    )
    _common_programme_args(p, out_default=None)


@command(
    "programme",
    "run a programme on a stock file: tables, choice, phasing under budget and the HTML report",
)
def _programme(args: argparse.Namespace) -> int:
    path = Path(args.stock)
    if not path.exists():
        raise InputError(f"stock file {args.stock!r} does not exist")
    if args.capacity and not args.budget:
        raise InputError("--capacity needs --budget (the phasing plan)")
    _start_warmup(args)  # before the heavy imports
    from . import stock as _stock
    from .errors import StockFileError

    s = _stock.read(path)
    for note in s.notes:  # what the reader detected (encoding, separator, CRS …)
        print(f"rehab: {path}: {note}", file=sys.stderr)
    if s.errors:
        if not args.skip_bad_rows or len(s) == 0:
            raise StockFileError(str(path), s.errors)
        print(
            f"rehab: warning: {len(s.errors)} bad cell(s) in {path}; their rows are left out:",
            file=sys.stderr,
        )
        for b in s.errors:
            print(f"  {b}", file=sys.stderr)
    return _run_programme(args, s, _package_specs(args.packages) or None, title=args.title)


_programme.add_arguments = _programme_args


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (subcommands registered by the library's modules)."""
    _load_plugins()
    parser = argparse.ArgumentParser(
        prog="rehab",
        description="rehab — eco-renovation of old housing: building physics, retrofit packages, economics.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"rehab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_, run) in _COMMANDS.items():
        p = sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=EXIT_CODES_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        getattr(run, "add_arguments", lambda _p: None)(p)
        p.set_defaults(_run=run)
    return parser


def _load_plugins() -> None:
    """Import modules that register further subcommands (cheap imports only)."""
    import importlib

    for mod in ("rehab.energyplus.cli", "rehab.dpe.cli"):
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


#: Row labels of the printed assess summary in French (English keeps the column names).
_ASSESS_LABELS = {
    "heating_need_kwh_m2": "heating need [kWh/(m²·yr)]",
    "heating_need_3cl_kwh": "3CL heating need [kWh/yr]",
    "cep_kwhep_m2": "Cep [kWhEP/(m²·yr)]",
    "eges_kgco2e_m2": "EGES [kgCO2e/(m²·yr)]",
    "dpe_class": "DPE class",
    "bbc_renovation_2024": "BBC renovation 2024",
    "cost_ttc_eur": "works and fees incl. VAT [€]",
    "subsidies_eur": "subsidies [€]",
    "net_cost_eur": "net cost [€]",
    "bill_before_eur": "bill before [€/yr]",
    "bill_after_eur": "bill after [€/yr]",
    "npv_eur": "net present value [€]",
    "payback_discounted_yr": "discounted payback [yr]",
    "overheating_h_above_28": "hours above 28 °C [h/yr]",
    "moisture_risk": "moisture risk",
}


def _assess_text(table: Any, lang: str) -> str:
    """The printed summary of an assess table: the key figures, then the first-year bill by use."""
    import pandas as pd

    from ._i18n import num, tr
    from .assessment import summary
    from .finance import BILL_PARTS
    from .plot import BILL_NAMES

    short = summary(table).T
    parts = [c for c in (f"bill_{p}_eur" for p in (*BILL_PARTS, "pv")) if c in table.columns]
    bills = table[parts].T.astype(float)
    bills = bills[bills.abs().max(axis=1) > 0.5]
    bills.index = [tr(BILL_NAMES[c[5:-4]], lang) for c in bills.index]
    if lang == "en":
        short_txt = short.to_string()
        bills_txt = bills.round(0).to_string()
    else:  # French labels and numbers (one decimal where summary() keeps one)
        one = ("heating_need_kwh_m2", "cep_kwhep_m2", "eges_kgco2e_m2", "payback_discounted_yr")
        rows = []
        for c, row in short.iterrows():
            rows.append(
                row.map(
                    lambda v, d=int(c in one): num(v, d, lang) if isinstance(v, float)
                    else tr("yes", lang) if v is True else tr("no", lang) if v is False else v
                ).rename(tr(_ASSESS_LABELS.get(c, c), lang))
            )
        short = pd.DataFrame(rows).rename_axis(columns=tr("scenario", lang))
        bills = bills.map(lambda v: num(v, 0, lang)).rename_axis(columns=tr("scenario", lang))
        short_txt, bills_txt = short.to_string(), bills.to_string()
    title = tr("First-year energy bill by use [€/yr]:", lang)
    return f"{short_txt}\n\n{title}\n{bills_txt}"


def cli_assess(
    house_spec: str,
    packages: list[str],
    out_csv: str | None = None,
    *,
    lang: str = "en",
    **options: Any,
) -> int:
    """``rehab assess HOUSE --packages ...``: print the table and write the CSV.

    Parameters
    ----------
    house_spec : str
        House JSON file or archetype name (:func:`load_house`).
    packages : list of str
        Preset names or paths to package JSON files; empty: every preset.
    out_csv : str, optional
        Path of the CSV to write (every column; the ``aids`` column as text).
    lang : {"en", "fr"}
        Language of the printed summary (the CSV keeps the column names).
    **options
        Keyword arguments of :func:`rehab.assess` (date, mode, owner, income,
        horizon, discount_rate, rules …).

    Returns
    -------
    int
        0 on success (errors propagate as rehab errors for the CLI's exit codes).
    """
    import json

    import pandas as pd

    from ._i18n import check_lang, date, pct, tr
    from .assessment import assess

    check_lang(lang)
    house = load_house(house_spec)
    specs = _package_specs(packages or [])
    table = assess(house, specs or None, **options)
    with pd.option_context("display.width", 200, "display.max_columns", 40):
        print(_assess_text(table, lang))
    refused = table.loc[~table["allowed"], "constraint"]
    for name, why in refused.items():
        print("\n" + tr("{name}: not allowed — {why}", lang, name=name, why=why))
    st = table.attrs["settings"]
    print(
        "\n"
        + tr(
            "money: bills on {mode} consumption at the {date} tariffs, {scenario} price scenario; "
            "NPV over {horizon} yr at {rate} real",
            lang,
            mode=tr(st["mode"], lang),
            date=date(st["date"], lang) if lang != "en" else st["date"],
            scenario=st["scenario"],
            horizon=st["horizon"],
            rate=pct(100 * st["discount_rate"], lang, 1),
        )
    )
    if out_csv:
        t = table.copy()
        t["aids"] = t["aids"].map(
            lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else ""
        )
        safeio.write_csv(t, out_csv, index=True, overwrite=True)  # formula cells neutralised, atomic
        print(f"\nwritten {out_csv} ({len(t)} scenarios, {len(t.columns)} columns)")
    return 0


if __name__ == "__main__":  # pragma: no cover  (last: every function above is defined)
    sys.exit(main())
