"""A landlord's report of a retrofit programme: tables, charts and one self-contained HTML file.

:func:`write_html` turns a programme result (:meth:`rehab.Programme.run`)
into one HTML file that opens in any browser without Python nor network:
every chart is a PNG drawn with matplotlib (extra ``rehab[plot]``) and
embedded as base64, the style sheet is inline, no font, script or image is
fetched from anywhere (a Content-Security-Policy in the file forbids it).
The report holds

* the summary of the chosen programme (houses, packages, cost, subsidies,
  net cost, energy and CO2 saved, DPE classes before and after);
* the comparison of every package on the whole stock;
* the DPE class distribution before and after (bar chart);
* cost against bill savings per house (scatter);
* the marginal abatement-cost curve (EUR per tCO2 against cumulative tCO2
  saved per year);
* the yearly phasing and cash flows (when a plan is given);
* the uncertainty bands P10/P50/P90 (when given);
* tables per owner type, per street and per cité;
* the settings of the run and every shipped data file with its date and
  source (read through :mod:`rehab._data`).

The tables behind the report are public functions returning DataFrames
(:func:`outcomes`, :func:`package_comparison`, :func:`group_summary`,
:func:`class_distribution`, :func:`data_sources`), so other tools can use
them without the HTML.

Examples
--------
>>> from rehab import report
>>> src = report.data_sources()
>>> {"materials", "factors", "weather"} <= set(src["topic"])
True
>>> bool(src["date"].str.match(r"\\d{4}-\\d{2}-\\d{2}").all())
True
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import __version__, safeio
from .errors import InputError, require_extra

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CLASSES",
    "DPE_COLOURS",
    "class_distribution",
    "data_sources",
    "group_summary",
    "outcomes",
    "owner_choice",
    "package_comparison",
    "run_settings",
    "write_html",
    "write_tables",
]

#: DPE classes from best to worst.
CLASSES = ("A", "B", "C", "D", "E", "F", "G")

#: Colours of the DPE label scale (green A to red G), as on the French label.
DPE_COLOURS = {
    "A": "#009c6d",
    "B": "#52b153",
    "C": "#a5cc74",
    "D": "#f4e70f",
    "E": "#f0b50f",
    "F": "#eb8235",
    "G": "#d7221f",
}

#: Readable names of owner types.
OWNER_NAMES = {
    "owner_occupier": "owner-occupiers",
    "social_landlord": "social landlord",
    "private_landlord": "private landlords",
}

_BASELINE = "baseline"


# ================================================================ tables
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

    if choice is None:
        chooser = getattr(result, "choose", None)
        if chooser is None:
            raise InputError("give choice= (the result has no .choose method)")
        choice = chooser(objective=objective, target_class=target_class)
    if hasattr(choice, "table") and not isinstance(choice, (pd.DataFrame, pd.Series)):
        choice = choice.table
    if isinstance(choice, pd.DataFrame):
        c = choice if "house_id" in choice.columns else choice.reset_index()
        if "house_id" not in c.columns or "scenario" not in c.columns:
            raise InputError("a choice table needs the columns house_id and scenario")
        s = c.set_index("house_id")["scenario"]
    elif isinstance(choice, pd.Series):
        s = choice
    elif isinstance(choice, dict):
        s = pd.Series(choice)
    else:
        raise InputError(f"choice must be a DataFrame, Series or dict, got {type(choice).__name__}")
    houses = pd.unique(table["house_id"])
    s = s.reindex(houses)
    return s.where(s.notna(), _BASELINE).astype(str)


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
        [kWhEP/(m²·yr)], cost_ttc_eur, subsidies_eur, net_cost_eur [EUR],
        bill_before_eur, bill_after_eur, savings_eur [EUR/yr], npv_eur
        [EUR], energy_saved_kwh [kWh/yr] (final energy when known),
        co2_before_kg, co2_after_kg, co2_saved_kg [kgCO2e/yr],
        co2_abatement_eur_t [EUR/tCO2e], ``reaches_target`` (class after at
        least ``target_class``).
    """
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
    out = pd.DataFrame(index=chosen.index)
    for c in ("archetype", "owner", "income", "street", "cite", "floor_area_m2"):
        if c in base.columns:
            out[c] = base[c]
    out["scenario"] = chosen
    ecol, _ = _energy_column(t)
    is_base = chosen == _BASELINE
    zero = pd.Series(0.0, index=chosen.index)
    for c in ("cost_ttc_eur", "subsidies_eur", "net_cost_eur"):
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
        cost_ttc_eur, subsidies_eur, net_cost_eur [EUR], savings_eur
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


def _group_display(g: pd.DataFrame) -> pd.DataFrame:
    """group_summary for reading: Cep and classes as 'before → after'."""
    d = g.drop(columns=["cep_before", "cep_after", "class_before", "class_after"])
    d["Cep [kWhEP/m²·yr]"] = [
        f"{_num(b)} → {_num(a)}" for b, a in zip(g["cep_before"], g["cep_after"], strict=True)
    ]
    d["typical class"] = [
        f"{b} → {a}" for b, a in zip(g["class_before"], g["class_after"], strict=True)
    ]
    return d


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
    per house, :func:`outcomes`), ``by_owner``, ``by_archetype``,
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
    format : {"csv", "parquet"}
        Parquet needs ``pip install "rehab[parquet]"``.
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

    if format not in ("csv", "parquet"):
        raise InputError(f"format {format!r}: use 'csv' or 'parquet'")
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
    for key in ("owner", "archetype", "street", "cite"):
        if key in out.columns and out[key].notna().any():
            tables[f"by_{key}"] = group_summary(out, key).reset_index()
    if plan is not None:
        for name in ("schedule", "yearly", "unmet"):
            df = _frame(plan, name)
            if df is not None:
                tables[f"plan_{name}"] = df
        try:
            from .planning import cashflows  # type: ignore[import-not-found]

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
    written = [safeio.check_target(out_dir / f"{name}.{format}", overwrite=overwrite) for name in tables]
    for p, df in zip(written, tables.values(), strict=True):
        if format == "csv":
            safeio.write_csv(df, p, index=df.index.name is not None, overwrite=overwrite)
        else:
            with safeio.atomic_file(p, overwrite=overwrite) as tmp:
                df.to_parquet(tmp, index=df.index.name is not None)
    return written


# ================================================================ data sources
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

    from . import _data

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
            from .weather import DEFAULT_ATTRIBUTION

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


def run_settings(result: Any, plan: Any = None, uncertainty: Any = None) -> dict[str, str]:
    """The settings of a run, as printable strings (for the report and the CLI).

    Reads ``result.settings`` (a dict or a method returning one), the plan's
    ``info`` (method, objective, budget basis) and yearly budget and
    capacity, and ``uncertainty.settings``.
    """
    out: dict[str, str] = {}
    if plan is not None:
        info = getattr(plan, "info", {}) or {}
        for k in ("method", "objective", "budget_basis"):
            if k in info:
                out[f"plan {k.replace('_', ' ')}"] = str(info[k])
        y = _frame(plan, "yearly")
        if y is not None and len(y):
            yy = y if "year" in y.columns else y.reset_index()
            out["plan years"] = f"{int(yy['year'].min())}–{int(yy['year'].max())}"
            for col, label in (
                ("budget_eur", "yearly budget"),
                ("capacity", "capacity [houses/yr]"),
            ):
                if col in yy.columns:
                    vals = yy[col].dropna().unique()
                    if len(vals) == 1:
                        v = float(vals[0])
                        out[label] = (
                            _eur(v)
                            if col == "budget_eur"
                            else (_num(v) if math.isfinite(v) else "no limit")
                        )
                    elif len(vals):
                        out[label] = "varies by year (see the phasing table)"
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


# ================================================================ formatting
def _eur(x: float, *, signed: bool = False) -> str:
    """Euros, large sums in k€ and M€ (``_eur(2_345_678)`` -> '2.35 M€')."""
    if x is None or not math.isfinite(float(x)):
        return "–"
    x = float(x)
    a = abs(x)
    sign = "−" if x < 0 and a >= 0.5 else ("+" if signed and x >= 0.5 else "")
    if a >= 1e6:
        return f"{sign}{a / 1e6:,.2f} M€"
    if a >= 1e4:
        return f"{sign}{a / 1e3:,.0f} k€"
    return f"{sign}{a:,.0f} €"


def _num(x: float, digits: int = 0) -> str:
    """A number with thousands separators and a true minus sign."""
    if x is None or not math.isfinite(float(x)):
        return "–"
    s = f"{float(x):,.{digits}f}"
    return s.replace("-", "−") if s.strip("-0.,") else s.lstrip("-")


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _html_table(
    df: pd.DataFrame,
    formats: dict[str, Any] | None = None,
    *,
    index: bool = True,
    headers: dict[str, str] | None = None,
    cls: str = "",
) -> str:
    """A small HTML table; numbers right-aligned, cells escaped."""
    formats = formats or {}
    headers = headers or {}
    cols = list(df.columns)
    head = []
    if index:
        head.append(
            f'<th scope="col">{_esc(headers.get(df.index.name or "", df.index.name or ""))}</th>'
        )
    for c in cols:
        cl = ' class="n"' if c in formats else ""
        head.append(f'<th scope="col"{cl}>{_esc(headers.get(c, c))}</th>')
    body = []
    for key, row in df.iterrows():
        cells = [f'<th scope="row">{_esc(key)}</th>'] if index else []
        for c in cols:
            v = row[c]
            if c in formats:
                f = formats[c]
                txt = f(v) if callable(f) else _num(float(v), int(f))
                cells.append(f'<td class="n">{_esc(txt)}</td>')
            else:
                txt = "" if v is None or (isinstance(v, float) and math.isnan(v)) else v
                attr = ' class="d"' if c == "date" else ""
                cells.append(f"<td{attr}>{_esc(txt)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    c = f' class="{cls}"' if cls else ""
    return (
        f'<div class="tw"><table{c}><thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


# ================================================================ charts
def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig


def _style(ax: Any) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=9)


def _png(fig: Any, alt: str) -> str:
    """An <img> element holding the figure as an embedded base64 PNG."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, facecolor="white")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    w, h = (fig.get_size_inches() * 110).round().astype(int)
    return f'<img src="data:image/png;base64,{data}" width="{w}" height="{h}" alt="{_esc(alt)}">'


def _chart_classes(dist: pd.DataFrame) -> str:
    fig = _figure(7.0, 3.4)
    ax = fig.add_subplot()
    x = np.arange(len(CLASSES))
    colours = [DPE_COLOURS[c] for c in CLASSES]
    ax.bar(x - 0.2, dist["before"], 0.38, color="#b9b9b9", edgecolor="#777777", label="before")
    ax.bar(x + 0.2, dist["after"], 0.38, color=colours, edgecolor="#444444", label="after")
    for xi, (b, a) in enumerate(zip(dist["before"], dist["after"], strict=True)):
        for dx, v in ((-0.2, b), (0.2, a)):
            if v:
                ax.text(xi + dx, v, str(int(v)), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, CLASSES)
    ax.set_xlabel("DPE class")
    ax.set_ylabel("houses")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color="#b9b9b9", label="before (grey)"),
            Patch(color=DPE_COLOURS["B"], label="after (class colour)"),
        ],
        frameon=False,
        fontsize=9,
    )
    _style(ax)
    return _png(fig, "Bar chart: houses per DPE class before and after the programme")


_OWNER_COLOURS = {
    "owner_occupier": "#1f77b4",
    "social_landlord": "#d95f02",
    "private_landlord": "#7570b3",
}


def _chart_cost_savings(out: pd.DataFrame) -> str:
    fig = _figure(7.0, 4.0)
    ax = fig.add_subplot()
    w = out[out["scenario"] != _BASELINE]
    owners = w.get("owner", None)
    if owners is None:
        ax.scatter(w["net_cost_eur"] / 1e3, w["savings_eur"], s=14, alpha=0.7)
    else:
        for o in sorted(pd_unique(owners)):
            m = owners == o
            ax.scatter(
                w.loc[m, "net_cost_eur"] / 1e3,
                w.loc[m, "savings_eur"],
                s=14,
                alpha=0.7,
                color=_OWNER_COLOURS.get(o, "#555555"),
                label=f"{OWNER_NAMES.get(o, o)} ({int(m.sum())})",
            )
        if len(w):
            ax.legend(frameon=False, fontsize=9, loc="upper left")
    if len(w):
        xmax = max(float(w["net_cost_eur"].max()) / 1e3, 1.0)
        xs = np.linspace(0, xmax, 20)
        for years in (10, 20, 30):
            ax.plot(xs, xs * 1e3 / years, color="#999999", lw=0.8, ls="--")
            ax.annotate(
                f"{years}-yr payback",
                (xs[-1], xs[-1] * 1e3 / years),
                fontsize=8,
                color="#666666",
                ha="right",
                va="bottom",
            )
    ax.set_xlabel("net cost after subsidies per house [k€]")
    ax.set_ylabel("bill savings [€/yr]")
    _style(ax)
    return _png(fig, "Scatter: net cost against yearly bill savings, one point per house")


def pd_unique(s: Iterable[Any]) -> list[Any]:
    """Unique values in order of appearance (NaN dropped)."""
    seen: dict[Any, None] = {}
    for v in s:
        if isinstance(v, float) and math.isnan(v):
            continue
        seen.setdefault(v, None)
    return list(seen)


_PACKAGE_COLOURS = (
    "#4c72b0",
    "#dd8452",
    "#55a868",
    "#c44e52",
    "#8172b3",
    "#937860",
    "#da8bc3",
    "#8c8c8c",
    "#ccb974",
    "#64b5cd",
)


def _macc(out: pd.DataFrame) -> pd.DataFrame:
    """Houses with works and CO2 savings, sorted by abatement cost (the MAC curve's bars)."""
    w = out[
        (out["scenario"] != _BASELINE)
        & (out["co2_saved_kg"] > 0)
        & out["co2_abatement_eur_t"].notna()
    ]
    w = w.sort_values("co2_abatement_eur_t", kind="stable")
    t = w["co2_saved_kg"].to_numpy() / 1000.0
    return w.assign(width_t=t, left_t=np.cumsum(t) - t)


def _chart_macc(out: pd.DataFrame) -> str:
    m = _macc(out)
    fig = _figure(7.0, 4.0)
    ax = fig.add_subplot()
    pkgs = pd_unique(m["scenario"])
    colour = {p: _PACKAGE_COLOURS[i % len(_PACKAGE_COLOURS)] for i, p in enumerate(pkgs)}
    if len(m):
        ax.bar(
            m["left_t"],
            m["co2_abatement_eur_t"],
            width=m["width_t"],
            align="edge",
            color=[colour[p] for p in m["scenario"]],
            edgecolor="none",
        )
        from matplotlib.patches import Patch

        ax.legend(
            handles=[Patch(color=colour[p], label=p) for p in pkgs], frameon=False, fontsize=9
        )
        ax.axhline(0, color="#333333", lw=0.8)
        ax.set_xlim(0, float(m["left_t"].iloc[-1] + m["width_t"].iloc[-1]))
    ax.set_xlabel("cumulative CO₂ saved [tCO₂e/yr]")
    ax.set_ylabel("abatement cost [€/tCO₂e]")
    _style(ax)
    return _png(
        fig, "Marginal abatement-cost curve: cost per tonne of CO2 against cumulative tonnes saved"
    )


# ================================================================ plan and uncertainty (duck-typed)
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


def _plan_section(result: Any, plan: Any) -> tuple[str, list[str]]:
    """HTML of the phasing section (a :class:`rehab.planning.Plan`) and its charts."""
    import pandas as pd

    yearly = _frame(plan, "yearly")
    schedule = _frame(plan, "schedule")
    if yearly is None or schedule is None:
        return "<p>The plan carries no yearly table.</p>", []
    y = yearly if "year" in yearly.columns else yearly.reset_index()
    parts: list[str] = []
    images: list[str] = []
    years = y["year"].to_numpy()
    by_year = schedule.groupby("year") if len(schedule) else None

    def per_year(col: str) -> np.ndarray:
        if by_year is None or col not in schedule.columns:
            return np.zeros(len(years))
        return by_year[col].sum().reindex(years, fill_value=0.0).to_numpy(float)

    net = per_year("net_cost_eur")
    grants = per_year("subsidies_eur")
    fig = _figure(7.0, 3.8)
    ax = fig.add_subplot()
    ax.bar(years, net / 1e6, color="#4c72b0", label="owners' net cost")
    ax.bar(years, grants / 1e6, bottom=net / 1e6, color="#55a868", label="grants")
    if "budget_eur" in y.columns:
        ax.step(
            years,
            y["budget_eur"] / 1e6,
            where="mid",
            color="#c44e52",
            ls="--",
            lw=1.2,
            label="yearly budget",
        )
    ax.set_xlabel("year")
    ax.set_ylabel("works cost incl. VAT [M€]")
    _style(ax)
    handles, labels = ax.get_legend_handles_labels()
    if "houses" in y.columns:
        ax2 = ax.twinx()
        ax2.plot(
            years,
            y["houses"],
            color="#333333",
            marker="o",
            ms=3,
            lw=1,
            label="houses done (right axis)",
        )
        ax2.set_ylabel("houses done", fontsize=9)
        ax2.set_ylim(bottom=0)
        ax2.tick_params(labelsize=9)
        ax2.spines["top"].set_visible(False)
        h2, l2 = ax2.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    fig.legend(handles, labels, loc="outside upper center", ncols=4, frameon=False, fontsize=9)
    img = _png(
        fig, "Phasing: works cost per year split into owners' net cost and grants, with the budget"
    )
    images.append(img)
    info = getattr(plan, "info", {}) or {}
    basis = {
        "net": "the owners' net cost (after grants)",
        "gross": "the gross works cost",
        "subsidies": "the grants",
    }.get(str(info.get("budget_basis", "")), "the budget basis")
    done = len(schedule)
    unmet = _frame(plan, "unmet")
    later = _frame(plan, "not_scheduled")
    parts.append(
        f"<p>{done} houses are done from {int(years.min())} to {int(years.max())}; the budget limits {basis}. "
        "Rented houses facing a rental ban (G from 2025, F from 2028, E from 2034) go first.</p>"
    )
    parts.append(
        f"<figure>{img}<figcaption>Works cost per year (bars: owners' net cost and grants), yearly budget "
        "(dashed) and houses done (line).</figcaption></figure>"
    )
    cols = [
        c
        for c in (
            "houses",
            "budget_eur",
            "spend_eur",
            "slack_eur",
            "deadlines_met",
            "co2_saved_cum_kg",
        )
        if c in y.columns
    ]
    show = y.set_index("year")[cols].copy()
    if "co2_saved_cum_kg" in show:
        show["co2_saved_cum_kg"] = show["co2_saved_cum_kg"] / 1000.0
    money = lambda v: _eur(float(v))  # noqa: E731
    parts.append(
        _html_table(
            show,
            {
                "houses": 0,
                "budget_eur": money,
                "spend_eur": money,
                "slack_eur": money,
                "deadlines_met": 0,
                "co2_saved_cum_kg": 1,
            },
            headers={
                "budget_eur": "budget",
                "spend_eur": "spent",
                "slack_eur": "left",
                "deadlines_met": "rental-ban deadlines met",
                "co2_saved_cum_kg": "CO₂ saved so far [t/yr]",
            },
        )
    )
    checks = getattr(plan, "checks", None)
    if isinstance(checks, dict) and checks:
        parts.append(
            "<p>Checks: "
            + ", ".join(f"{_esc(k)} {'✓' if v else '✗'}" for k, v in checks.items())
            + "</p>"
        )

    # cash flows per payer
    try:
        from .planning import cashflows

        cf = cashflows(result, plan)
    except (ImportError, InputError, KeyError, ValueError):
        cf = None
    if isinstance(cf, pd.DataFrame) and len(cf) and {"year", "party"} <= set(cf.columns):
        wide = {}
        for party, g in cf.groupby("party", sort=False):
            g = g.set_index("year")
            if party == "public_funder":
                wide["public funder"] = g.get("public_cash_eur", g.get("owner_cash_eur"))
            else:
                wide[OWNER_NAMES.get(party, party)] = g["owner_cash_eur"]
                if "occupant_cash_eur" in g:
                    wide[f"occupants ({OWNER_NAMES.get(party, party)})"] = g["occupant_cash_eur"]
        w = pd.DataFrame(wide).fillna(0.0)
        w = w.loc[:, (w.abs() > 0.5).any()]
        if w.shape[1]:
            fig = _figure(8.5, 3.6)
            ax = fig.add_subplot()
            for i, c in enumerate(w.columns):
                ax.plot(
                    w.index,
                    w[c].cumsum() / 1e6,
                    lw=1.6,
                    color=_PACKAGE_COLOURS[i % len(_PACKAGE_COLOURS)],
                    label=c,
                )
            ax.axhline(0, color="#333333", lw=0.8)
            ax.set_xlabel("year")
            ax.set_ylabel("cumulative cash [M€]")
            fig.legend(loc="outside right center", frameon=False, fontsize=8)
            _style(ax)
            img = _png(
                fig, "Cumulative cash flow per payer: owners, occupants and the public funder"
            )
            images.append(img)
            parts.append("<h3>Cash flows per payer</h3>")
            parts.append(
                f"<figure>{img}<figcaption>Cumulative cash of each party (constant euros): owners pay their net cost "
                "in the year of the works, occupants gain the bill savings from the next year, the public funder "
                "pays the grants.</figcaption></figure>"
            )
            first = w.head(12)
            total = w.sum().rename("total")
            tab = pd.concat([first, total.to_frame().T])
            tab.index = [str(i) for i in tab.index]
            tab.index.name = "year"
            parts.append(_html_table(tab, dict.fromkeys(tab.columns, money)))
    if unmet is not None and len(unmet):
        parts.append(f"<h3>Rental-ban deadlines not met ({len(unmet)})</h3>")
        keep = [
            c
            for c in ("house_id", "class_before", "ban_date", "deadline", "year", "reason")
            if c in unmet
        ]
        parts.append(_html_table(unmet[keep].head(300), index=False))
    elif unmet is not None:
        parts.append("<p>Every rental-ban deadline of the chosen houses is met.</p>")
    if later is not None and len(later):
        parts.append(f"<h3>Not done within the horizon ({len(later)})</h3>")
        keep = [
            c
            for c in ("house_id", "scenario", "owner", "class_before", "budget_cost_eur", "reason")
            if c in later
        ]
        parts.append(_html_table(later[keep].head(300), {"budget_cost_eur": money}, index=False))
    return "\n".join(parts), images


_QUANTITY_NAMES = {
    "heating_need_saved_kwh": "heating need saved",
    "savings_kwh": "final energy saved",
    "savings_eur": "bill savings",
    "co2_saved_kg": "CO₂ saved",
    "cost_ttc_eur": "works cost incl. VAT",
    "net_cost_eur": "net cost",
    "npv_eur": "net present value",
}


def _scaled(values: np.ndarray, unit: str) -> tuple[np.ndarray, str]:
    """Values in a readable unit: kWh -> MWh, kg -> t, EUR -> k€ or M€."""
    u = str(unit)
    v = np.asarray(values, dtype=float)
    if u.startswith("kWh"):
        return v / 1e3, "MWh" + u[3:]
    if u.startswith("kgCO2e"):
        return v / 1e3, "tCO₂e" + u[6:]
    if u.startswith("EUR"):
        big = np.nanmax(np.abs(v)) if v.size else 0.0
        return (v / 1e6, "M€" + u[3:]) if big >= 1e6 else (v / 1e3, "k€" + u[3:])
    return v, u


def _uncertainty_section(unc: Any) -> tuple[str, list[str]]:
    """HTML of the Monte Carlo bands (a :class:`rehab.uncertainty.UncertaintyResult`) and its chart."""
    agg = _frame(unc, "aggregate")
    if agg is None or not {"p10", "p50", "p90"} <= set(agg.columns):
        return "<p>The uncertainty result carries no P10/P50/P90 table.</p>", []
    a = agg.copy()
    if a.index.nlevels > 1:  # per group: the table only
        a = a.reset_index()
        parts = [
            _html_table(
                a, {c: 0 for c in ("deterministic", "mean", "p10", "p50", "p90")}, index=False
            )
        ]
        return "\n".join(parts), []
    units = a["unit"] if "unit" in a.columns else ["" for _ in range(len(a))]
    rows = []
    for q, u in zip(a.index, units, strict=True):
        vals, unit = _scaled(a.loc[q, ["p10", "p50", "p90", "deterministic"]].to_numpy(float), u)
        rows.append((str(q), unit, vals))
    fig = _figure(7.0, 0.62 * len(rows) + 0.7)
    axes = fig.subplots(len(rows), 1, squeeze=False)[:, 0]
    for ax, (q, unit, (p10, p50, p90, det)) in zip(axes, rows, strict=True):
        ax.hlines(0, p10, p90, color="#4c72b0", lw=9, alpha=0.45)
        ax.plot([p50], [0], "o", color="#1f3b73", ms=6)
        ax.plot([det], [0], "|", color="#c44e52", ms=14, mew=2)
        lo, hi = min(p10, det), max(p90, det)
        pad = 0.15 * (hi - lo) if hi > lo else max(abs(hi), 1.0) * 0.1
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_yticks([])
        ax.set_ylabel(
            f"{_QUANTITY_NAMES.get(q, q)}\n[{unit}]",
            rotation=0,
            ha="right",
            va="center",
            fontsize=8,
        )
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(labelsize=8)
    from matplotlib.lines import Line2D

    fig.legend(
        handles=[
            Line2D([], [], color="#4c72b0", lw=8, alpha=0.45, label="P10–P90"),
            Line2D([], [], color="#1f3b73", marker="o", ls="", label="P50 (median)"),
            Line2D(
                [], [], color="#c44e52", marker="|", ls="", ms=12, mew=2, label="deterministic run"
            ),
        ],
        loc="outside upper center",
        ncols=3,
        frameon=False,
        fontsize=8,
    )
    img = _png(
        fig, "Uncertainty: P10 to P90 band, median and deterministic value of each programme total"
    )
    import pandas as pd

    show = pd.DataFrame(
        {
            "unit": [r[1] for r in rows],
            "deterministic": [r[2][3] for r in rows],
            "P10": [r[2][0] for r in rows],
            "P50": [r[2][1] for r in rows],
            "P90": [r[2][2] for r in rows],
        },
        index=pd.Index([_QUANTITY_NAMES.get(r[0], r[0]) for r in rows], name="programme total"),
    )
    settings = getattr(unc, "settings", {}) or {}
    n = settings.get("n_samples")
    what = f"{n} Monte Carlo samples" if n else "Monte Carlo samples"
    text = (
        f"<p>{what} (seed {_esc(settings.get('seed', '?'))}) of occupant behaviour (set-point, heated share), "
        "airtightness, material conductivities, energy-price escalation and works costs, on the chosen package "
        "of each house with works; the monthly engine of ISO 13790 recomputes the heating need of each sample. "
        "Each sample's programme total is taken first, then its percentiles.</p>"
    )
    fmt = {c: 2 for c in ("deterministic", "P10", "P50", "P90")}
    body = (
        text
        + f"<figure>{img}<figcaption>P10–P90 band (blue), median (dot) and the deterministic run (red tick) of each "
        "programme total.</figcaption></figure>" + _html_table(show, fmt)
    )
    pars = _frame(unc, "parameters")
    if pars is not None and len(pars):
        keep = [
            c
            for c in (
                "distribution",
                "loc",
                "scale",
                "low",
                "high",
                "scope",
                "unit",
                "applies_to",
                "source",
            )
            if c in pars.columns
        ]
        p = pars[keep] if keep else pars
        parts = "<h3>Uncertain inputs</h3>" + _html_table(
            p.reset_index() if p.index.name else p, index=False, cls="sources"
        )
        body += parts
    return body, [img]


# ================================================================ HTML
_CSS = """
:root { --ink:#1d232b; --muted:#5b6573; --line:#d9dee4; --bg:#ffffff; --accent:#23527c; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  line-height: 1.45; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
header.top { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
h1 { font-size: 1.9rem; margin: 0.2rem 0 0.3rem; letter-spacing: -0.01em; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
p, li { max-width: 48rem; }
.sub { color: var(--muted); margin: 0 0 0.8rem; }
nav ol { columns: 2; padding-left: 1.2rem; margin: 0.4rem 0 0; }
nav a { color: var(--accent); text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.6rem; margin: 0.8rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 0.55rem 0.7rem; }
.card .v { font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .k { color: var(--muted); font-size: 0.85rem; }
.tw { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; vertical-align: bottom; font-size: 0.8rem; }
td.d { white-space: nowrap; }
tbody tr:nth-child(even) { background: #f6f8fa; }
.n { text-align: right; white-space: nowrap; }
tbody th[scope="row"] { white-space: nowrap; }
table.sources td:last-child { font-size: 0.8rem; color: var(--muted); max-width: 30rem; }
figure { margin: 0.8rem 0 1.2rem; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 0.2rem; }
.note { background: #f4f7fb; border-left: 4px solid var(--accent); padding: 0.5rem 0.8rem; font-size: 0.9rem; }
.cls { display: inline-block; min-width: 1.5em; text-align: center; border-radius: 3px; color: #fff;
  font-weight: 700; padding: 0 0.25em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--line); padding-top: 0.6rem; }
@media print {
  html { font-size: 10.5pt; }
  @page { size: A4; margin: 14mm 12mm; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, table, .cards, .note { break-inside: avoid; page-break-inside: avoid; }
  tbody tr:nth-child(even) { background: none; }
  .tw { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""

_SECTIONS = (
    ("summary", "Summary"),
    ("packages", "Packages compared"),
    ("classes", "DPE classes before and after"),
    ("cost-savings", "Cost and savings per house"),
    ("abatement", "CO₂ abatement cost"),
    ("phasing", "Phasing and cash flow"),
    ("uncertainty", "Uncertainty"),
    ("owners", "By owner type"),
    ("places", "By street and cité"),
    ("sources", "Assumptions and data sources"),
)


def _cls_badge(c: str) -> str:
    colour = DPE_COLOURS.get(str(c), "#777777")
    ink = "#1d232b" if c in ("C", "D", "E") else "#ffffff"
    return f'<span class="cls" style="background:{colour};color:{ink}">{_esc(c)}</span>'


def _cards(items: Sequence[tuple[str, str]]) -> str:
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="v">{v}</div><div class="k">{_esc(k)}</div></div>'
            for k, v in items
        )
        + "</div>"
    )


def _objective_text(objective: str, target_class: str) -> str:
    return {
        "cheapest_reaching": f"the cheapest package (net of subsidies) reaching DPE class {target_class} or better",
        "max_npv": "the package with the highest net present value",
        "highest_npv": "the package with the highest net present value",
        "min_co2": "the package with the lowest CO₂ emissions",
        "lowest_co2": "the package with the lowest CO₂ emissions",
    }.get(objective, objective.replace("_", " "))


def write_html(
    result: Any,
    path: str | Path,
    *,
    plan: Any = None,
    uncertainty: Any = None,
    title: str = "Retrofit programme report",
    stock: Any = None,
    choice: Any = None,
    objective: str = "cheapest_reaching",
    target_class: str = "C",
    overwrite: bool = False,
) -> Path:
    """Write the programme report as one self-contained HTML file.

    Parameters
    ----------
    result : ProgrammeResult
        From :meth:`rehab.Programme.run` (its ``.table``, one row per house
        and scenario, baseline first; ``.choose``; ``.settings`` when
        present).
    path : str or Path
        The HTML file to write, or a folder (an existing one, or a new path
        without a suffix): then ``index.html`` inside it. Parent folders are
        created.
    plan : Plan, optional
        A phasing plan (:func:`rehab.planning.plan`): adds the yearly
        spending and phasing chart, the cash flows per payer and the houses
        the plan cannot treat in time. Its choice is the report's choice.
    uncertainty : optional
        Monte Carlo summary (:func:`rehab.uncertainty.run`): adds the
        P10/P50/P90 bands.
    title : str
        Title of the report.
    stock : rehab.stock.Stock, optional
        The stock the programme ran on: its source file and its refused rows
        are listed.
    choice : optional
        Chosen scenario per house (see :func:`outcomes`); default: the plan's
        choice, else ``result.choose(objective=objective,
        target_class=target_class)``.
    objective, target_class : str
        The choice rule (described in the report).
    overwrite : bool
        Replace an existing file (refused otherwise,
        :class:`rehab.safeio.OutputExistsError`); written atomically.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    MissingExtraError
        If matplotlib is not installed (``pip install "rehab[plot]"``).
    InputError
        If the result has no table, or the choice names a scenario it does
        not hold.
    """
    require_extra("matplotlib", "plot", "the HTML report's charts")
    path = Path(path)
    if path.is_dir() or (not path.exists() and not path.suffix):
        path = path / "index.html"
    safeio.check_target(path, overwrite=overwrite, what="report")
    if choice is None and plan is not None:
        choice = _plan_choice(plan)
    out = outcomes(result, choice, objective=objective, target_class=target_class)
    table = _table(result)
    comp = package_comparison(table)
    dist = class_distribution(out)
    _, elabel = _energy_column(table)
    images: list[str] = []
    body: list[str] = []

    # ------------------------------------------------------------ summary
    n = len(out)
    works = out["scenario"] != _BASELINE
    reach = int(out["reaches_target"].sum())
    reach_before = (
        int(out["class_before"].isin(CLASSES[: CLASSES.index(target_class.upper()) + 1]).sum())
        if target_class.upper() in CLASSES
        else 0
    )
    packages = [p for p in comp.index]
    tot = {
        c: float(out[c].sum())
        for c in ("cost_ttc_eur", "subsidies_eur", "net_cost_eur", "savings_eur", "npv_eur")
    }
    e_saved = float(out["energy_saved_kwh"].sum()) / 1000.0
    e_before = (
        float(_col(table[table["scenario"] == _BASELINE], _energy_column(table)[0]).sum()) / 1000.0
    )
    co2_saved = float(out["co2_saved_kg"].sum()) / 1000.0
    co2_before = float(out["co2_before_kg"].sum()) / 1000.0
    cards = [
        ("houses", _num(n)),
        ("packages compared", _num(len(packages))),
        ("houses with works", _num(int(works.sum()))),
        (f"houses in class {target_class} or better (before → after)", f"{reach_before} → {reach}"),
        ("works cost incl. VAT", _eur(tot["cost_ttc_eur"])),
        ("subsidies", _eur(tot["subsidies_eur"])),
        ("net cost", _eur(tot["net_cost_eur"])),
        ("bill savings per year", _eur(tot["savings_eur"])),
        (
            f"{elabel} saved per year",
            f"{_num(e_saved)} MWh"
            + (f" ({_num(100 * e_saved / e_before)} %)" if e_before > 0 else ""),
        ),
        (
            "CO₂ saved per year",
            f"{_num(co2_saved, 1)} t"
            + (f" ({_num(100 * co2_saved / co2_before)} %)" if co2_before > 0 else ""),
        ),
        ("net present value", _eur(tot["npv_eur"], signed=True)),
    ]
    before_txt = " ".join(
        f"{_cls_badge(c)} {int(dist.loc[c, 'before'])}" for c in CLASSES if dist.loc[c, "before"]
    )
    after_txt = " ".join(
        f"{_cls_badge(c)} {int(dist.loc[c, 'after'])}" for c in CLASSES if dist.loc[c, "after"]
    )
    src = getattr(stock, "source", None)
    bad = list(getattr(stock, "errors", []) or [])
    body.append('<section id="summary"><h2>Summary</h2>')
    body.append(
        f"<p>{_num(n)} houses{f' from <code>{_esc(Path(str(src)).name)}</code>' if src else ''}, "
        f"{len(packages)} retrofit packages compared ({_esc(', '.join(packages))}). "
        f"For each house the programme takes {_esc(_objective_text(objective, target_class))}"
        f"{' and phases the works under the plan below' if plan is not None else ''}; "
        f"houses where no package reaches the target keep no works in these totals.</p>"
    )
    body.append(_cards(cards))
    body.append(
        f"<p><strong>DPE classes before:</strong> {before_txt}<br><strong>after:</strong> {after_txt}</p>"
    )
    if bad:
        body.append(
            f'<p class="note">{len(bad)} cell(s) of the stock file were refused; their houses are not in this report '
            f"(first: {_esc(bad[0])}).</p>"
        )
    body.append("<h3>Chosen package per owner type</h3>")
    oc = owner_choice(out)
    oc.index = [OWNER_NAMES.get(i, i) for i in oc.index]
    oc.index.name = "owner type"
    body.append(_html_table(oc, dict.fromkeys(oc.columns, 0)))
    body.append("</section>")

    # ------------------------------------------------------------ packages
    body.append('<section id="packages"><h2>Packages compared</h2>')
    body.append(
        "<p>Every package applied to every house where it is allowed (heritage façades and local rules can forbid "
        "one). Cep: mean primary energy of those houses [kWhEP/(m²·yr)]; energy saved: "
        f"{elabel} [MWh/yr]; sums of costs and savings over those houses.</p>"
    )
    cshow = comp.drop(columns="houses")
    cshow["allowed"] = [f"{a}/{h}" for a, h in zip(comp["allowed"], comp["houses"], strict=True)]
    body.append(
        _html_table(
            cshow,
            {
                "allowed": str,
                "cep_before": 0,
                "cep_after": 0,
                "reaching_c": 0,
                "cost_ttc_eur": lambda v: _eur(float(v)),
                "subsidies_eur": lambda v: _eur(float(v)),
                "net_cost_eur": lambda v: _eur(float(v)),
                "energy_saved_mwh": 0,
                "co2_saved_t": 1,
                "npv_eur": lambda v: _eur(float(v), signed=True),
            },
            headers={
                "package": "package",
                "allowed": "houses allowed",
                "cep_before": "Cep before",
                "cep_after": "Cep after",
                "classes_after": "classes after",
                "reaching_c": "in A–C after",
                "cost_ttc_eur": "cost incl. VAT",
                "subsidies_eur": "subsidies",
                "net_cost_eur": "net cost",
                "energy_saved_mwh": "MWh saved /yr",
                "co2_saved_t": "tCO₂ saved /yr",
                "npv_eur": "NPV",
            },
        )
    )
    body.append("</section>")

    # ------------------------------------------------------------ classes
    img = _chart_classes(dist)
    images.append(img)
    body.append('<section id="classes"><h2>DPE classes before and after</h2>')
    body.append(
        f"<figure>{img}<figcaption>Houses per DPE class as they are (grey) and after their chosen package "
        "(3CL-DPE 2021 conventions; an estimate, not a certified DPE).</figcaption></figure>"
    )
    body.append(_html_table(dist.T, dict.fromkeys(CLASSES, 0)))
    body.append("</section>")

    # ------------------------------------------------------------ cost / savings
    img = _chart_cost_savings(out)
    images.append(img)
    body.append('<section id="cost-savings"><h2>Cost and savings per house</h2>')
    body.append(
        f"<figure>{img}<figcaption>Each point is one house with works: its net cost after subsidies and its "
        "yearly bill savings; dashed lines mark simple paybacks of 10, 20 and 30 years.</figcaption></figure>"
    )
    body.append("</section>")

    # ------------------------------------------------------------ MACC
    img = _chart_macc(out)
    images.append(img)
    m = _macc(out)
    body.append('<section id="abatement"><h2>CO₂ abatement cost</h2>')
    below0 = float(m.loc[m["co2_abatement_eur_t"] <= 0, "width_t"].sum()) if len(m) else 0.0
    body.append(
        f"<figure>{img}<figcaption>Marginal abatement-cost curve: each bar is one house, its width the CO₂ it saves per "
        "year, its height the cost per tonne over the analysis horizon (negative: the works pay for themselves). "
        f"{_num(below0, 1)} t/yr of the {_num(float(m['width_t'].sum()) if len(m) else 0.0, 1)} t/yr saved cost "
        "nothing net.</figcaption></figure>"
    )
    body.append("</section>")

    # ------------------------------------------------------------ plan
    body.append('<section id="phasing"><h2>Phasing and cash flow</h2>')
    if plan is None:
        body.append(
            "<p>No phasing plan was computed for this report (give a yearly budget to get one).</p>"
        )
    else:
        sec, imgs = _plan_section(result, plan)
        images.extend(imgs)
        body.append(sec)
    body.append("</section>")

    # ------------------------------------------------------------ uncertainty
    body.append('<section id="uncertainty"><h2>Uncertainty</h2>')
    if uncertainty is None:
        body.append("<p>No Monte Carlo analysis was run for this report.</p>")
    else:
        sec, imgs = _uncertainty_section(uncertainty)
        images.extend(imgs)
        body.append(sec)
    body.append("</section>")

    # ------------------------------------------------------------ groups
    gfmt = {
        "houses": 0,
        "works": 0,
        "reaching_target": 0,
        "cost_ttc_eur": lambda v: _eur(float(v)),
        "subsidies_eur": lambda v: _eur(float(v)),
        "net_cost_eur": lambda v: _eur(float(v)),
        "savings_eur": lambda v: _eur(float(v)),
        "energy_saved_mwh": 0,
        "co2_saved_t": 1,
    }
    gh = {
        "reaching_target": f"in {target_class} or better",
        "cost_ttc_eur": "cost incl. VAT",
        "subsidies_eur": "subsidies",
        "net_cost_eur": "net cost",
        "savings_eur": "bill savings /yr",
        "energy_saved_mwh": "MWh saved /yr",
        "co2_saved_t": "tCO₂ saved /yr",
    }
    body.append('<section id="owners"><h2>By owner type</h2>')
    if "owner" in out:
        g = _group_display(group_summary(out, "owner"))
        g.index = [OWNER_NAMES.get(i, i) for i in g.index]
        g.index.name = "owner type"
        body.append(_html_table(g, gfmt, headers=gh))
    if "archetype" in out:
        body.append("<h3>By archetype</h3>")
        body.append(_html_table(_group_display(group_summary(out, "archetype")), gfmt, headers=gh))
    body.append("</section>")
    body.append('<section id="places"><h2>By street and cité</h2>')
    for key, label in (("cite", "By cité"), ("street", "By street")):
        if key in out and out[key].notna().any():
            body.append(f"<h3>{label}</h3>")
            body.append(_html_table(_group_display(group_summary(out, key)), gfmt, headers=gh))
    body.append("</section>")

    # ------------------------------------------------------------ sources
    body.append('<section id="sources"><h2>Assumptions and data sources</h2>')
    settings = {
        "choice": _objective_text(objective, target_class),
        **run_settings(result, plan, uncertainty),
        "rehab version": __version__,
    }
    body.append("<h3>Settings of this run</h3>")
    body.append(
        '<div class="tw"><table><tbody>'
        + "".join(
            f'<tr><th scope="row">{_esc(k)}</th><td>{_esc(v)}</td></tr>'
            for k, v in settings.items()
        )
        + "</tbody></table></div>"
    )
    body.append(
        '<p class="note">Energy labels follow the 3CL-DPE 2021 conventions and are estimates, not certified DPE. '
        "Costs are in euros of the cost data's year, including VAT; subsidies follow the rules in force at the "
        "evaluation date; the net present value counts bill savings over the horizon at a real discount rate. "
        "Every default number of rehab carries its source in the data files listed below.</p>"
    )
    body.append("<h3>Data files</h3>")
    ds = data_sources()
    body.append(
        _html_table(
            ds.set_index("topic"),
            headers={
                "topic": "topic",
                "file": "file",
                "title": "title",
                "date": "date",
                "source": "source",
            },
            cls="sources",
        )
    )
    body.append("</section>")

    # ------------------------------------------------------------ page
    today = _dt.date.today().isoformat()
    nav = "".join(f'<li><a href="#{a}">{_esc(t)}</a></li>' for a, t in _SECTIONS)
    doc = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="generator" content="rehab {_esc(__version__)}">
<title>{_esc(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<header class="top">
<h1>{_esc(title)}</h1>
<p class="sub">Generated on {today} by rehab {_esc(__version__)} · {_num(n)} houses · {len(packages)} packages</p>
</header>
<nav aria-label="contents"><strong>Contents</strong><ol>{nav}</ol></nav>
{chr(10).join(body)}
<footer>rehab {_esc(__version__)} — eco-renovation of old housing. This report is one self-contained file:
it needs no network and no Python to be read or printed.</footer>
</main>
</body>
</html>
"""
    return safeio.write_text(path, doc, overwrite=overwrite, what="report")
