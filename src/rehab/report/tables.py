"""The tables behind the report: one row per house, per package, per group; data sources."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import safeio
from .._i18n import eur, num, tr
from ..errors import InputError, require_extra
from ..plot import CLASSES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "bill_breakdown",
    "class_distribution",
    "data_sources",
    "group_summary",
    "outcomes",
    "owner_choice",
    "package_comparison",
    "run_settings",
    "write_tables",
]

log = logging.getLogger(__name__)

_BASELINE = "baseline"


def _table(result: Any) -> pd.DataFrame:
    """The long table (one row per house and scenario) of a result or a DataFrame."""
    import pandas as pd

    t = result if isinstance(result, pd.DataFrame) else getattr(result, "table", None)
    if not isinstance(t, pd.DataFrame):
        raise InputError(
            f"a programme result with a .table DataFrame is expected, got {type(result).__name__}"
        )
    if "house_id" not in t.columns or "scenario" not in t.columns:
        t = t.reset_index()
    missing = [c for c in ("house_id", "scenario") if c not in t.columns]
    if missing:
        raise InputError(f"the programme table has no column {', '.join(missing)}")
    if not (t["scenario"] == _BASELINE).any():
        raise InputError("the programme table has no 'baseline' rows (the houses as they are)")
    t = t.copy()
    t.attrs = {}  # the report reads none; pandas would deep-copy them on every column taken
    if "allowed" not in t.columns:
        t["allowed"] = True
    t["allowed"] = t["allowed"].fillna(False).astype(bool)
    return t


def _col(df: pd.DataFrame, name: str, default: float = np.nan) -> pd.Series:
    import pandas as pd

    if name in df.columns:
        return pd.to_numeric(df[name], errors="coerce")
    return pd.Series(default, index=df.index, dtype=float)


def _energy_column(t: pd.DataFrame) -> tuple[str, str]:
    """(column, label) of the annual energy whose saving the report shows."""
    for col, label in (
        ("delivered_kwh", "final energy"),
        ("primary_kwh", "primary energy"),
        ("heating_need_kwh", "heating need"),
    ):
        if col in t.columns:
            return col, label
    return "", "energy"


def _choice_scenarios(
    result: Any, table: pd.DataFrame, choice: Any, objective: str, target_class: str
) -> pd.Series:
    """Chosen scenario per house (index house_id); baseline where nothing is chosen."""
    import pandas as pd

    from ..objectives import scenario_of

    if choice is None and getattr(result, "choose", None) is None:
        raise InputError("give choice= (the result has no .choose method)")
    s = scenario_of(result if choice is None else table, choice, objective=objective, target_class=target_class)
    return s.reindex(pd.unique(table["house_id"]))


def outcomes(
    result: Any,
    choice: Any = None,
    *,
    objective: str = "cheapest_reaching",
    target_class: str = "C",
) -> pd.DataFrame:
    """One row per house: as it is, and with its chosen package.

    Parameters
    ----------
    result : ProgrammeResult or pandas.DataFrame
        A programme result (its ``.table``: one row per house and scenario,
        baseline included) or that table.
    choice : DataFrame, Series or dict, optional
        The chosen scenario per house (``result.choose(...)``, a Series
        house_id -> scenario, or a table with house_id and scenario
        columns). Default: ``result.choose(objective=objective,
        target_class=target_class)``. A house without a choice keeps its
        baseline (no works).
    objective, target_class : str
        Passed to ``result.choose`` when ``choice`` is not given.

    Returns
    -------
    pandas.DataFrame
        house_id, the house's descriptors (archetype, owner, income,
        street, cite, floor_area_m2 when known), ``scenario`` (chosen),
        ``class_before``/``class_after``, ``cep_before``/``cep_after``
        [kWhEP/(m²·yr)], cost_ttc_eur (works and fees), fees_ttc_eur
        (:mod:`rehab.costs_fees`), subsidies_eur, net_cost_eur [EUR],
        bill_before_eur, bill_after_eur, savings_eur [EUR/yr], npv_eur
        [EUR], energy_saved_kwh [kWh/yr] (final energy when known),
        co2_before_kg, co2_after_kg, co2_saved_kg [kgCO2e/yr],
        co2_abatement_eur_t [EUR/tCO2e], ``reaches_target`` (class after at
        least ``target_class``).
    """
    import pandas as pd

    t, chosen, base, after = _base_after(result, choice, objective, target_class)
    out = pd.DataFrame(index=chosen.index)
    for c in ("archetype", "owner", "income", "street", "cite", "floor_area_m2"):
        if c in base.columns:
            out[c] = base[c]
    out["scenario"] = chosen
    ecol, _ = _energy_column(t)
    is_base = chosen == _BASELINE
    zero = pd.Series(0.0, index=chosen.index)
    for c in ("cost_ttc_eur", "fees_ttc_eur", "subsidies_eur", "net_cost_eur"):
        out[c] = _col(after, c).where(~is_base, zero).fillna(0.0)
    out["class_before"] = base.get("dpe_class", None)
    out["class_after"] = after.get("dpe_class", None)
    out["cep_before"] = _col(base, "cep_kwhep_m2")
    out["cep_after"] = _col(after, "cep_kwhep_m2")
    out["bill_before_eur"] = _col(base, "bill_after_eur").fillna(_col(base, "bill_before_eur"))
    out["bill_after_eur"] = _col(after, "bill_after_eur")
    out["savings_eur"] = (out["bill_before_eur"] - out["bill_after_eur"]).where(~is_base, zero)
    out["npv_eur"] = _col(after, "npv_eur").where(~is_base, zero)
    out["energy_saved_kwh"] = (_col(base, ecol) - _col(after, ecol)).where(~is_base, zero)
    out["co2_before_kg"] = _col(base, "co2_kg")
    out["co2_after_kg"] = _col(after, "co2_kg")
    out["co2_saved_kg"] = (out["co2_before_kg"] - out["co2_after_kg"]).where(~is_base, zero)
    out["co2_abatement_eur_t"] = _col(after, "co2_abatement_eur_t").where(~is_base)
    rank = {c: i for i, c in enumerate(CLASSES)}
    target = str(target_class).upper()
    out["reaches_target"] = [
        rank.get(str(c), 99) <= rank.get(target, -1) for c in out["class_after"]
    ]
    return out.reset_index()


def _base_after(
    result: Any, choice: Any, objective: str, target_class: str
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, pd.DataFrame]:
    """(long table, chosen scenario per house, baseline rows, chosen rows), indexed by house_id."""
    import pandas as pd

    t = _table(result)
    chosen = _choice_scenarios(result, t, choice, objective, target_class)
    keyed = t.drop_duplicates(["house_id", "scenario"]).set_index(["house_id", "scenario"])
    base = keyed.xs(_BASELINE, level="scenario").reindex(chosen.index)
    idx = pd.MultiIndex.from_arrays(
        [chosen.index, chosen.to_numpy()], names=["house_id", "scenario"]
    )
    missing = idx.difference(keyed.index)
    if len(missing):
        h, s = missing[0]
        raise InputError(f"chosen scenario {s!r} of house {h!r} is not in the programme table")
    after = keyed.loc[idx]
    after.index = chosen.index
    return t, chosen, base, after


def bill_breakdown(
    result: Any,
    choice: Any = None,
    *,
    by: str = "use",
    objective: str = "cheapest_reaching",
    target_class: str = "C",
) -> pd.DataFrame:
    """The programme's first-year energy bills split by use or by energy carrier, before and after.

    Before: every house as it is (its baseline row); after: every house with
    its chosen package (the baseline where none is chosen). The parts are
    the table's ``bill_<part>_eur`` columns (:func:`rehab.finance.bill_split`):
    by use, heating, DHW, cooling, lighting, auxiliaries (fans and pumps),
    subscriptions and the PV credit; by carrier, each carrier met and the
    PV credit. Each way, the parts add up to the bills.

    Parameters
    ----------
    result : ProgrammeResult or pandas.DataFrame
        A programme result or its long table.
    choice, objective, target_class
        As for :func:`outcomes`.
    by : {"use", "carrier"}

    Returns
    -------
    pandas.DataFrame
        Indexed by part (``use`` or ``carrier``), then ``total``:
        ``before_eur``, ``after_eur``, ``change_eur`` (sums over the houses)
        [EUR/yr], ``before_eur_per_house``, ``after_eur_per_house`` (means)
        [EUR/yr].
    """
    import pandas as pd

    from ..finance import BILL_PARTS, carriers

    if by not in ("use", "carrier"):
        raise InputError(f"by: {by!r}; allowed 'use', 'carrier'")
    t, _chosen, base, after = _base_after(result, choice, objective, target_class)
    if by == "use":
        parts = [*BILL_PARTS, "pv"]
    else:
        known = set(carriers())
        parts = [c[5:-4] for c in t.columns if c.startswith("bill_") and c[5:-4] in known] + ["pv"]
    cols = [f"bill_{p}_eur" for p in parts]
    if "bill_heating_eur" not in t.columns:
        raise InputError(
            "the programme table has no bill split (bill_heating_eur …): run the programme again "
            "with this version of rehab"
        )
    before = pd.Series({p: _col(base, c).sum() for p, c in zip(parts, cols, strict=True)})
    after_ = pd.Series({p: _col(after, c).sum() for p, c in zip(parts, cols, strict=True)})
    out = pd.DataFrame({"before_eur": before, "after_eur": after_})
    out.loc["total"] = out.sum()
    out["change_eur"] = out["after_eur"] - out["before_eur"]
    n = max(len(base), 1)
    out["before_eur_per_house"] = out["before_eur"] / n
    out["after_eur_per_house"] = out["after_eur"] / n
    return out.rename_axis(by)


def package_comparison(result: Any) -> pd.DataFrame:
    """Every package on the whole stock, one row per package.

    Parameters
    ----------
    result : ProgrammeResult or pandas.DataFrame
        A programme result or its long table.

    Returns
    -------
    pandas.DataFrame
        Indexed by package, in the order of the table: ``houses`` (in the
        stock), ``allowed`` (houses where the package may be applied),
        ``cep_before``/``cep_after`` (mean over the allowed houses)
        [kWhEP/(m²·yr)], ``classes_after`` (e.g. ``"A:12 B:40"``),
        ``cost_ttc_eur``, ``subsidies_eur``, ``net_cost_eur``, ``npv_eur``
        (sums over allowed houses) [EUR], ``energy_saved_mwh`` [MWh/yr],
        ``co2_saved_t`` [tCO2e/yr], ``reaching_c`` (houses in class C or
        better after the package).
    """
    import pandas as pd

    t = _table(result)
    base = t[t["scenario"] == _BASELINE].drop_duplicates("house_id").set_index("house_id")
    ecol, _ = _energy_column(t)
    rows = []
    for name in pd.unique(t["scenario"]):
        if name == _BASELINE:
            continue
        p = t[t["scenario"] == name].drop_duplicates("house_id").set_index("house_id")
        ok = p["allowed"].to_numpy(bool)
        pa = p[ok]
        b = base.reindex(pa.index)
        classes = pa["dpe_class"].value_counts() if "dpe_class" in pa else pd.Series(dtype=int)
        rows.append(
            {
                "package": name,
                "houses": len(p),
                "allowed": int(ok.sum()),
                "cep_before": float(_col(b, "cep_kwhep_m2").mean()),
                "cep_after": float(_col(pa, "cep_kwhep_m2").mean()),
                "classes_after": " ".join(
                    f"{c}:{int(classes[c])}" for c in CLASSES if c in classes
                ),
                "reaching_c": int(pa["dpe_class"].isin(CLASSES[:3]).sum())
                if "dpe_class" in pa
                else 0,
                "cost_ttc_eur": float(_col(pa, "cost_ttc_eur").sum()),
                "fees_ttc_eur": float(_col(pa, "fees_ttc_eur").sum()),
                "subsidies_eur": float(_col(pa, "subsidies_eur").sum()),
                "net_cost_eur": float(_col(pa, "net_cost_eur").sum()),
                "energy_saved_mwh": float((_col(b, ecol) - _col(pa, ecol)).sum() / 1000.0),
                "co2_saved_t": float((_col(b, "co2_kg") - _col(pa, "co2_kg")).sum() / 1000.0),
                "npv_eur": float(_col(pa, "npv_eur").sum()),
            }
        )
    return pd.DataFrame(rows).set_index("package")


def owner_choice(out: pd.DataFrame) -> pd.DataFrame:
    """Houses per owner type (rows) and chosen package (columns), from :func:`outcomes`."""
    import pandas as pd

    key = out["owner"] if "owner" in out else pd.Series("all", index=out.index)
    tab = pd.crosstab(key.rename("owner"), out["scenario"].rename("package"))
    tab.columns = [("no works" if c == _BASELINE else c) for c in tab.columns]
    return tab


def class_distribution(out: pd.DataFrame) -> pd.DataFrame:
    """Houses per DPE class before and after the chosen packages (rows A..G)."""
    import pandas as pd

    before = out["class_before"].value_counts().reindex(CLASSES, fill_value=0)
    after = out["class_after"].value_counts().reindex(CLASSES, fill_value=0)
    return pd.DataFrame({"before": before.astype(int), "after": after.astype(int)}).rename_axis(
        "class"
    )


def group_summary(out: pd.DataFrame, by: str) -> pd.DataFrame:
    """Totals of the chosen programme per group (owner, street, cite, archetype).

    Parameters
    ----------
    out : pandas.DataFrame
        From :func:`outcomes`.
    by : str
        Column to group on.

    Returns
    -------
    pandas.DataFrame
        Per group: houses, works (houses with a package), reaching_target,
        cost_ttc_eur, fees_ttc_eur, subsidies_eur, net_cost_eur [EUR], savings_eur
        [EUR/yr], energy_saved_mwh [MWh/yr], co2_saved_t [tCO2e/yr],
        cep_before, cep_after (means) [kWhEP/(m²·yr)], and the most common
        classes before and after.
    """
    if by not in out.columns:
        raise InputError(f"cannot group by {by!r}: no such column (have {', '.join(out.columns)})")
    g = out.assign(works=out["scenario"] != _BASELINE).groupby(by, sort=True, dropna=False)
    res = g.agg(
        houses=("house_id", "size"),
        works=("works", "sum"),
        reaching_target=("reaches_target", "sum"),
        cost_ttc_eur=("cost_ttc_eur", "sum"),
        fees_ttc_eur=("fees_ttc_eur", "sum"),
        subsidies_eur=("subsidies_eur", "sum"),
        net_cost_eur=("net_cost_eur", "sum"),
        savings_eur=("savings_eur", "sum"),
        energy_saved_mwh=("energy_saved_kwh", "sum"),
        co2_saved_t=("co2_saved_kg", "sum"),
        cep_before=("cep_before", "mean"),
        cep_after=("cep_after", "mean"),
    )
    res["energy_saved_mwh"] /= 1000.0
    res["co2_saved_t"] /= 1000.0
    res["class_before"] = g["class_before"].agg(_mode)
    res["class_after"] = g["class_after"].agg(_mode)
    return res


def _mode(s: pd.Series) -> str:
    m = s.dropna().mode()
    return str(sorted(m)[0]) if len(m) else ""


def write_tables(
    result: Any,
    out_dir: str | Path,
    *,
    plan: Any = None,
    uncertainty: Any = None,
    choice: Any = None,
    objective: str = "cheapest_reaching",
    target_class: str = "C",
    format: str = "csv",
    overwrite: bool = False,
) -> list[Path]:
    """Write the report's tables (and the plan's) as CSV or Parquet files.

    Files: ``packages`` (:func:`package_comparison`), ``choice`` (one row
    per house, :func:`outcomes`), ``bills_by_use`` and ``bills_by_carrier``
    (:func:`bill_breakdown`), ``by_owner``, ``by_archetype``,
    ``by_street``, ``by_cite`` (:func:`group_summary`) and, with a plan,
    every DataFrame attribute of the plan among ``schedule``, ``yearly``,
    ``unmet`` plus ``cashflows`` (:func:`rehab.planning.cashflows`); with
    an uncertainty result, ``uncertainty`` (its aggregate P10/P50/P90) and
    ``uncertainty_per_house``.

    Parameters
    ----------
    result : ProgrammeResult
    out_dir : str or Path
        Folder (created when missing).
    plan, uncertainty, choice, objective, target_class
        As for :func:`write_html`.
    format : {"csv", "parquet", "xlsx"}
        Parquet needs ``pip install "rehab[parquet]"``; ``"xlsx"`` writes
        one workbook ``tables.xlsx`` with one sheet per table
        (:func:`rehab.spreadsheet.write_xlsx`: units in the headers, frozen
        header row, number formats, text protected against formula
        injection).
    overwrite : bool
        Replace tables of the same names already in ``out_dir`` (refused
        otherwise, :class:`rehab.safeio.OutputExistsError`). CSV text cells
        that a spreadsheet would run as formulas are neutralised
        (:mod:`rehab.safeio`); each file is written atomically.

    Returns
    -------
    list of Path
        The files written.
    """
    import pandas as pd

    if format not in ("csv", "parquet", "xlsx"):
        raise InputError(f"format {format!r}: use 'csv', 'parquet' or 'xlsx'")
    if format == "parquet":
        require_extra("pyarrow", "parquet", "writing Parquet tables")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if choice is None and plan is not None:
        choice = _plan_choice(plan)
    out = outcomes(result, choice, objective=objective, target_class=target_class)
    tables: dict[str, pd.DataFrame] = {
        "packages": package_comparison(result).reset_index(),
        "choice": out,
    }
    if "bill_heating_eur" in _table(result).columns:
        chosen = out.set_index("house_id")["scenario"]
        for by in ("use", "carrier"):
            tables[f"bills_by_{by}"] = bill_breakdown(result, chosen, by=by).reset_index()
    for key in ("owner", "archetype", "street", "cite"):
        if key in out.columns and out[key].notna().any():
            tables[f"by_{key}"] = group_summary(out, key).reset_index()
    if plan is not None:
        for name in ("schedule", "yearly", "unmet"):
            df = _frame(plan, name)
            if df is not None:
                tables[f"plan_{name}"] = df
        try:
            from ..planning import cashflows  # type: ignore[import-not-found]

            cf = cashflows(result, plan)
        except ImportError:
            cf = None
        if isinstance(cf, pd.DataFrame):
            tables["plan_cashflows"] = cf
    if uncertainty is not None:
        agg = _frame(uncertainty, "aggregate")
        if agg is not None:
            tables["uncertainty"] = agg.reset_index()
        per = _frame(uncertainty, "per_row")
        if per is not None:
            tables["uncertainty_per_house"] = per
    if format == "xlsx":
        from ..spreadsheet import write_xlsx

        return [write_xlsx(tables, out_dir / "tables.xlsx", overwrite=overwrite)]
    written = [safeio.check_target(out_dir / f"{name}.{format}", overwrite=overwrite) for name in tables]
    for p, df in zip(written, tables.values(), strict=True):
        if format == "csv":
            safeio.write_csv(df, p, index=df.index.name is not None, overwrite=overwrite)
        else:
            with safeio.atomic_file(p, overwrite=overwrite) as tmp:
                df.to_parquet(tmp, index=df.index.name is not None)
    log.info("wrote %d %s tables to %s", len(written), format, out_dir)
    return written


_TOPIC_ORDER = (
    "materials",
    "bridges",
    "archetypes",
    "systems",
    "climate",
    "weather",
    "factors",
    "usage",
    "costs",
    "prices",
    "subsidies",
    "packages",
    "rules",
    "stock",
)


def _front_matter(text: str) -> dict[str, str]:
    """``key: value`` lines at the top of a Markdown README (before the first section)."""
    meta: dict[str, str] = {}
    for ln in text.splitlines()[1:]:
        if ln.startswith("## "):
            break
        if ":" in ln and not ln.startswith(("|", "*", "-", " ")):
            k, v = ln.split(":", 1)
            if k.strip().isidentifier():
                meta[k.strip()] = v.strip()
    return meta


def data_sources() -> pd.DataFrame:
    """Every data file shipped with rehab, with its title, date and source.

    Reads the ``# title:``/``# date:``/``# source:`` header lines of the CSV
    files, the ``title``/``date``/``source`` keys of the JSON files and the
    front matter of ``data/weather/README.md`` (the embedded weather file's
    attribution), through :mod:`rehab._data`.

    Returns
    -------
    pandas.DataFrame
        Columns topic, file, title, date, source; one row per file.
    """
    import pandas as pd

    from .. import _data

    root = _data.data_dir()
    rows = []
    for p in sorted(root.rglob("*")):
        if not p.is_file():
            continue
        parts = p.relative_to(root).parts
        topic = parts[0] if len(parts) > 1 else ""
        rel = "/".join(parts)
        if p.suffix == ".csv":
            meta = _data.csv_metadata(*parts)
        elif p.suffix == ".json":
            doc = _data.read_json(*parts)
            meta = (
                {k: str(doc.get(k, "")) for k in ("title", "date", "source")}
                if isinstance(doc, dict)
                else {}
            )
            if not meta.get("source"):
                meta["source"] = "per item, in the file"
        elif p.suffix == ".epw":
            readme = _data.data_path(topic, "README.md").read_text(encoding="utf-8")
            meta = _front_matter(readme)
            if meta.get("date"):
                meta["date"] = meta["date"].split()[0]
            from ..weather import DEFAULT_ATTRIBUTION

            meta["source"] = DEFAULT_ATTRIBUTION
        else:
            continue
        rows.append(
            {
                "topic": topic,
                "file": rel,
                "title": meta.get("title", ""),
                "date": meta.get("date", ""),
                "source": meta.get("source", ""),
            }
        )
    df = pd.DataFrame(rows, columns=["topic", "file", "title", "date", "source"])
    order = {t: i for i, t in enumerate(_TOPIC_ORDER)}
    df["_o"] = df["topic"].map(lambda t: order.get(t, len(order)))
    return df.sort_values(["_o", "file"], kind="stable").drop(columns="_o").reset_index(drop=True)


def _plan_choice(plan: Any) -> pd.DataFrame | None:
    """The houses a plan does, with their scenario (houses it leaves out keep no works)."""
    sched = _frame(plan, "schedule")
    if sched is None or not {"house_id", "scenario"} <= set(sched.columns):
        return None
    return sched[["house_id", "scenario"]]


def run_settings(
    result: Any, plan: Any = None, uncertainty: Any = None, *, lang: str = "en"
) -> dict[str, str]:
    """The settings of a run, as printable strings (for the report and the CLI).

    Reads ``result.settings`` (a dict or a method returning one), the plan's
    ``info`` (method, objective, budget basis) and yearly budget and
    capacity, and ``uncertainty.settings``. With ``lang="fr"`` the labels
    rehab writes (not the keys of the settings dicts) and the numbers are
    in French.
    """
    out: dict[str, str] = {}
    if plan is not None:
        info = getattr(plan, "info", {}) or {}
        for k in ("method", "objective", "budget_basis"):
            if k in info:
                out[tr(f"plan {k.replace('_', ' ')}", lang)] = str(info[k])
        y = _frame(plan, "yearly")
        if y is not None and len(y):
            yy = y if "year" in y.columns else y.reset_index()
            out[tr("plan years", lang)] = f"{int(yy['year'].min())}–{int(yy['year'].max())}"
            for col, label in (
                ("budget_eur", "yearly budget"),
                ("capacity", "capacity [houses/yr]"),
            ):
                if col in yy.columns:
                    vals = yy[col].dropna().unique()
                    if len(vals) == 1:
                        v = float(vals[0])
                        out[tr(label, lang)] = (
                            eur(v, lang)
                            if col == "budget_eur"
                            else (num(v, 0, lang) if math.isfinite(v) else tr("no limit", lang))
                        )
                    elif len(vals):
                        out[tr(label, lang)] = tr("varies by year (see the phasing table)", lang)
    for obj, prefix in ((result, ""), (uncertainty, "uncertainty ")):
        if obj is None:
            continue
        s = getattr(obj, "settings", None)
        if callable(s):
            s = s()
        if isinstance(s, dict):
            for k, v in s.items():
                if str(k).startswith("seconds"):  # timings are not settings
                    continue
                if isinstance(v, (list, tuple)):
                    v = ", ".join(str(x) for x in v)
                elif isinstance(v, dict):
                    v = ", ".join(f"{a} {b}" for a, b in v.items())
                out[f"{prefix}{k}".replace("_", " ") if prefix else str(k)] = str(v)
    return out


def _frame(obj: Any, *names: str) -> pd.DataFrame | None:
    import pandas as pd

    for n in names:
        v = getattr(obj, n, None)
        if callable(v) and not isinstance(v, pd.DataFrame):
            try:
                v = v()
            except TypeError:
                continue
        if isinstance(v, pd.DataFrame):
            return v
    return None
