"""The report as one self-contained HTML file, in English or French (:func:`write_html`)."""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, plot, safeio
from .._i18n import check_lang, date, eur, num, pct, tr, unit
from ..errors import require_extra
from ..plot import CLASSES, OWNER_NAMES
from ._html import (
    _CSS,
    _cards,
    _chart,
    _charts_elsewhere,
    _cls_badge,
    _esc,
    _figure,
    _html_table,
    _money,
    _objective_text,
    _plot_png,
    _png,
)
from .sections import _bills_section, _plan_section, _uncertainty_section
from .tables import (
    _BASELINE,
    _col,
    _energy_column,
    _plan_choice,
    _table,
    class_distribution,
    data_sources,
    group_summary,
    outcomes,
    owner_choice,
    package_comparison,
    run_settings,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_html"]

log = logging.getLogger(__name__)

_SECTIONS = (
    ("summary", "Summary"),
    ("packages", "Packages compared"),
    ("classes", "DPE classes before and after"),
    ("cost-savings", "Cost and savings per house"),
    ("abatement", "CO₂ abatement cost"),
    ("bills", "Energy bills by use and by energy"),
    ("whole-life", "Whole-life carbon"),
    ("phasing", "Phasing and cash flow"),
    ("uncertainty", "Uncertainty"),
    ("owners", "By owner type"),
    ("places", "By street and cité"),
    ("sources", "Assumptions and data sources"),
)

_ENERGY_LABELS = {"final energy", "primary energy", "heating need", "energy"}


def _group_display(g: pd.DataFrame, lang: str) -> pd.DataFrame:
    """group_summary for reading: Cep and classes as 'before → after'."""
    d = g.drop(columns=["cep_before", "cep_after", "class_before", "class_after"])
    d[tr("Cep [kWhEP/m²·yr]", lang)] = [
        f"{num(b, 0, lang)} → {num(a, 0, lang)}"
        for b, a in zip(g["cep_before"], g["cep_after"], strict=True)
    ]
    d[tr("typical class", lang)] = [
        f"{b} → {a}" for b, a in zip(g["class_before"], g["class_after"], strict=True)
    ]
    return d


def _owner_index(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    df.index = [tr(OWNER_NAMES.get(i, i), lang) for i in df.index]
    df.index.name = tr("owner type", lang)
    return df


def _summary(
    out: pd.DataFrame,
    table: pd.DataFrame,
    dist: pd.DataFrame,
    packages: list[str],
    *,
    stock: Any,
    plan: Any,
    objective: str,
    target_class: str,
    lang: str,
) -> list[str]:
    """The summary section: one paragraph, the key figures, the classes, the choice per owner."""
    n = len(out)
    works = out["scenario"] != _BASELINE
    target = target_class.upper()
    reach = int(out["reaches_target"].sum())
    reach_before = (
        int(out["class_before"].isin(CLASSES[: CLASSES.index(target) + 1]).sum())
        if target in CLASSES
        else 0
    )
    tot = {
        c: float(out[c].sum())
        for c in ("cost_ttc_eur", "fees_ttc_eur", "subsidies_eur", "net_cost_eur", "savings_eur", "npv_eur")
    }
    ecol, elabel = _energy_column(table)
    e_saved = float(out["energy_saved_kwh"].sum()) / 1000.0
    e_before = float(_col(table[table["scenario"] == _BASELINE], ecol).sum()) / 1000.0
    co2_saved = float(out["co2_saved_kg"].sum()) / 1000.0
    co2_before = float(out["co2_before_kg"].sum()) / 1000.0
    share = lambda part, whole: f" ({pct(100 * part / whole, lang)})" if whole > 0 else ""  # noqa: E731
    cards = [
        (tr("houses", lang), num(n, 0, lang)),
        (tr("packages compared", lang), num(len(packages), 0, lang)),
        (tr("houses with works", lang), num(int(works.sum()), 0, lang)),
        (
            tr("houses in class {target} or better (before → after)", lang, target=target_class),
            f"{reach_before} → {reach}",
        ),
        (tr("cost incl. VAT (works and fees)", lang), eur(tot["cost_ttc_eur"], lang)),
        (tr("of which fees (accompaniment, project management)", lang), eur(tot["fees_ttc_eur"], lang)),
        (tr("subsidies", lang), eur(tot["subsidies_eur"], lang)),
        (tr("net cost", lang), eur(tot["net_cost_eur"], lang)),
        (tr("bill savings per year", lang), eur(tot["savings_eur"], lang)),
        (
            tr("{energy} saved per year", lang, energy=tr(elabel, lang)),
            unit(num(e_saved, 0, lang), "MWh", lang) + share(e_saved, e_before),
        ),
        (
            tr("CO₂ saved per year", lang),
            unit(num(co2_saved, 1, lang), "t", lang) + share(co2_saved, co2_before),
        ),
        (tr("net present value", lang), eur(tot["npv_eur"], lang, signed=True)),
    ]
    classes = {
        when: " ".join(
            f"{_cls_badge(c)} {int(dist.loc[c, when])}" for c in CLASSES if dist.loc[c, when]
        )
        for when in ("before", "after")
    }
    src = getattr(stock, "source", None)
    bad = list(getattr(stock, "errors", []) or [])
    source = (
        tr(" from <code>{file}</code>", lang, file=_esc(Path(str(src)).name)) if src else ""
    )
    body = [f'<section id="summary"><h2>{tr("Summary", lang)}</h2>']
    body.append(
        "<p>"
        + tr(
            "{n} houses{source}, {k} retrofit packages compared ({names}). "
            "For each house the programme takes {rule}{phased}; "
            "houses where no package reaches the target keep no works in these totals.",
            lang,
            n=num(n, 0, lang),
            source=source,
            k=len(packages),
            names=_esc(", ".join(packages)),
            rule=_esc(_objective_text(objective, target_class, lang)),
            phased=tr(" and phases the works under the plan below", lang) if plan is not None else "",
        )
        + "</p>"
    )
    body.append(_cards(cards))
    body.append(
        f"<p><strong>{tr('DPE classes before:', lang)}</strong> {classes['before']}<br>"
        f"<strong>{tr('after:', lang)}</strong> {classes['after']}</p>"
    )
    if bad:
        body.append(
            '<p class="note">'
            + tr(
                "{n} cell(s) of the stock file were refused; their houses are not in this report "
                "(first: {first}).",
                lang,
                n=len(bad),
                first=_esc(bad[0]),
            )
            + "</p>"
        )
    body.append(f"<h3>{tr('Chosen package per owner type', lang)}</h3>")
    oc = owner_choice(out)
    oc.columns = [tr(c, lang) for c in oc.columns]
    oc = _owner_index(oc, lang)
    body.append(_html_table(oc, dict.fromkeys(oc.columns, 0), lang=lang))
    body.append("</section>")
    return body


def _packages(comp: pd.DataFrame, elabel: str, lang: str) -> list[str]:
    cshow = comp.drop(columns="houses")
    cshow["allowed"] = [f"{a}/{h}" for a, h in zip(comp["allowed"], comp["houses"], strict=True)]
    cshow.index.name = tr("package", lang)
    money = _money(lang)
    table = _html_table(
        cshow,
        {
            "allowed": str,
            "cep_before": 0,
            "cep_after": 0,
            "reaching_c": 0,
            "cost_ttc_eur": money,
            "fees_ttc_eur": money,
            "subsidies_eur": money,
            "net_cost_eur": money,
            "energy_saved_mwh": 0,
            "co2_saved_t": 1,
            "npv_eur": _money(lang, signed=True),
        },
        headers={
            "allowed": tr("houses allowed", lang),
            "cep_before": tr("Cep before", lang),
            "cep_after": tr("Cep after", lang),
            "classes_after": tr("classes after", lang),
            "reaching_c": tr("in A–C after", lang),
            "cost_ttc_eur": tr("cost incl. VAT", lang),
            "fees_ttc_eur": tr("of which fees", lang),
            "subsidies_eur": tr("subsidies", lang),
            "net_cost_eur": tr("net cost", lang),
            "energy_saved_mwh": tr("MWh saved /yr", lang),
            "co2_saved_t": tr("tCO₂ saved /yr", lang),
            "npv_eur": tr("NPV", lang),
        },
        lang=lang,
    )
    return [
        f'<section id="packages"><h2>{tr("Packages compared", lang)}</h2>',
        "<p>"
        + tr(
            "Every package applied to every house where it is allowed (heritage façades and local rules can forbid "
            "one). Cep: mean primary energy of those houses [kWhEP/(m²·yr)]; energy saved: "
            "{energy} [MWh/yr]; sums of costs and savings over those houses.",
            lang,
            energy=tr(elabel, lang),
        )
        + "</p>",
        table,
        "</section>",
    ]


def _charts(out: pd.DataFrame, dist: pd.DataFrame, lang: str, images: list[str]) -> list[str]:
    """The three programme charts: DPE classes, cost against savings, abatement curve."""
    fig = _figure(7.0, 3.4)
    plot.dpe_classes(dist, ax=fig.add_subplot(), lang=lang)
    classes = _png(fig, tr("Bar chart: houses per DPE class before and after the programme", lang))
    scatter = _chart(_plot_png, "cost_savings", (out,), lang,
                     tr("Scatter: net cost against yearly bill savings, one point per house", lang))
    macc = _chart(
        _plot_png, "abatement_curve", (out,), lang,
        tr("Marginal abatement-cost curve: cost per tonne of CO2 against cumulative tonnes saved", lang),
    )
    images.extend([classes, scatter, macc])
    m = plot.abatement_bars(out)
    free = float(m.loc[m["co2_abatement_eur_t"] <= 0, "width_t"].sum()) if len(m) else 0.0
    total = float(m["width_t"].sum()) if len(m) else 0.0
    dist_t = dist.T
    dist_t.index = [tr(i, lang) for i in dist_t.index]
    dist_t.index.name = tr("class", lang)
    return [
        f'<section id="classes"><h2>{tr("DPE classes before and after", lang)}</h2>',
        f"<figure>{classes}<figcaption>"
        + tr(
            "Houses per DPE class as they are (grey) and after their chosen package "
            "(3CL-DPE 2021 conventions; an estimate, not a certified DPE).",
            lang,
        )
        + "</figcaption></figure>",
        _html_table(dist_t, dict.fromkeys(CLASSES, 0), lang=lang),
        "</section>",
        f'<section id="cost-savings"><h2>{tr("Cost and savings per house", lang)}</h2>',
        f"<figure>{scatter}<figcaption>"
        + tr(
            "Each point is one house with works: its net cost after subsidies and its "
            "yearly bill savings; dashed lines mark simple paybacks of 10, 20 and 30 years.",
            lang,
        )
        + "</figcaption></figure>",
        "</section>",
        f'<section id="abatement"><h2>{tr("CO₂ abatement cost", lang)}</h2>',
        f"<figure>{macc}<figcaption>"
        + tr(
            "Marginal abatement-cost curve: each bar is one house, its width the CO₂ it saves per "
            "year, its height the cost per tonne over the analysis horizon (negative: the works pay for themselves). "
            "{free} t/yr of the {total} t/yr saved cost nothing net.",
            lang,
            free=num(free, 1, lang),
            total=num(total, 1, lang),
        )
        + "</figcaption></figure>",
        "</section>",
    ]


#: Legend, axis and title of the whole-life carbon chart (rehab.carbon.plot_whole_life), translated.
_WHOLE_LIFE_TEXTS = (
    "embodied, upfront (A1-A5)",
    "embodied, replacements + end of life + leakage",
    "operational",
    "biogenic CO2 stored (not netted)",
    "tCO2e over the horizon",
)


def _whole_life(table: pd.DataFrame, lang: str, images: list[str]) -> list[str]:
    """Whole-life carbon of the programme per package: every dwelling takes the package where it is
    allowed and stays as it is elsewhere; embodied (upfront, then replacements and end of life),
    operational over the horizon, biogenic carbon stored shown apart (:mod:`rehab.carbon`)."""
    import pandas as pd

    from ..carbon import plot_whole_life

    cols = ["upfront_kgco2e", "embodied_kgco2e", "operational_kgco2e", "biogenic_kgco2"]
    if any(c not in table.columns for c in cols):
        return []
    base = table[table["scenario"] == "baseline"].set_index("house_id")[cols]
    rows = {}
    for s_, g in table.groupby("scenario", sort=False):
        g = g.set_index("house_id")
        ok = g["allowed"].astype(bool)
        vals = g[cols].where(ok, base.reindex(g.index))
        rows[s_] = vals.sum()
    agg = pd.DataFrame(rows).T
    fig = _figure(7.0, 4.0)
    ax = plot_whole_life(agg, ax=fig.add_subplot(), title=tr("Whole-life carbon of the programme per package", lang))
    if lang != "en":
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles, [tr(t, lang) for t in labels], fontsize="small")
        ax.set_ylabel(tr(_WHOLE_LIFE_TEXTS[-1], lang))
    img = _png(fig, tr("Bar chart: whole-life carbon of the programme per package", lang))
    images.append(img)
    t = agg / 1000.0
    t.columns = [tr(c, lang) for c in ("upfront (t)", "embodied (t)", "operational (t)", "biogenic stored (t)")]
    t.index.name = tr("package", lang)
    return [
        f'<section id="whole-life"><h2>{tr("Whole-life carbon", lang)}</h2>',
        f"<figure>{img}<figcaption>"
        + tr(
            "Every house takes the package where it is allowed and stays as it is elsewhere: the carbon "
            "of making, replacing and disposing of the works (brown) and of using the houses over the "
            "analysis horizon (blue); carbon stored in bio-sourced materials is shown apart (green), "
            "not netted. Data and sources: rehab.carbon (docs/carbon.md).",
            lang,
        )
        + "</figcaption></figure>",
        _html_table(t, dict.fromkeys(t.columns, 1), lang=lang),  # numbers the way lang writes them
        "</section>",
    ]


def _groups(out: pd.DataFrame, target_class: str, lang: str) -> list[str]:
    """Totals of the choice per owner type, archetype, cité and street."""
    money = _money(lang)
    fmt = {
        "houses": 0,
        "works": 0,
        "reaching_target": 0,
        "cost_ttc_eur": money,
        "fees_ttc_eur": money,
        "subsidies_eur": money,
        "net_cost_eur": money,
        "savings_eur": money,
        "energy_saved_mwh": 0,
        "co2_saved_t": 1,
    }
    heads = {
        "houses": tr("houses", lang),
        "works": tr("works", lang),
        "reaching_target": tr("in {target} or better", lang, target=target_class),
        "cost_ttc_eur": tr("cost incl. VAT", lang),
        "fees_ttc_eur": tr("of which fees", lang),
        "subsidies_eur": tr("subsidies", lang),
        "net_cost_eur": tr("net cost", lang),
        "savings_eur": tr("bill savings /yr", lang),
        "energy_saved_mwh": tr("MWh saved /yr", lang),
        "co2_saved_t": tr("tCO₂ saved /yr", lang),
    }
    body = [f'<section id="owners"><h2>{tr("By owner type", lang)}</h2>']
    if "owner" in out:
        g = _owner_index(_group_display(group_summary(out, "owner"), lang), lang)
        body.append(_html_table(g, fmt, headers=heads, lang=lang))
    if "archetype" in out:
        body.append(f"<h3>{tr('By archetype', lang)}</h3>")
        g = _group_display(group_summary(out, "archetype"), lang)
        g.index.name = tr("archetype", lang)
        body.append(_html_table(g, fmt, headers=heads, lang=lang))
    body.append("</section>")
    body.append(f'<section id="places"><h2>{tr("By street and cité", lang)}</h2>')
    for key, label in (("cite", "By cité"), ("street", "By street")):
        if key in out and out[key].notna().any():
            body.append(f"<h3>{tr(label, lang)}</h3>")
            g = _group_display(group_summary(out, key), lang)
            g.index.name = tr(key, lang)
            body.append(_html_table(g, fmt, headers=heads, lang=lang))
    body.append("</section>")
    return body


def _sources(
    result: Any, plan: Any, uncertainty: Any, objective: str, target_class: str, lang: str
) -> list[str]:
    """Settings of the run, a note on what the figures mean, every data file and its source."""
    settings = {
        tr("choice", lang): _objective_text(objective, target_class, lang),
        **run_settings(result, plan, uncertainty, lang=lang),
        tr("rehab version", lang): __version__,
    }
    ds = data_sources()
    heads = {c: tr(c, lang) for c in ("topic", "file", "title", "date", "source")}
    return [
        f'<section id="sources"><h2>{tr("Assumptions and data sources", lang)}</h2>',
        f"<h3>{tr('Settings of this run', lang)}</h3>",
        '<div class="tw"><table><tbody>'
        + "".join(
            f'<tr><th scope="row">{_esc(k)}</th><td>{_esc(v)}</td></tr>' for k, v in settings.items()
        )
        + "</tbody></table></div>",
        '<p class="note">'
        + tr(
            "Energy labels follow the 3CL-DPE 2021 conventions and are estimates, not certified DPE. "
            "Costs are in euros of the cost data's year, including VAT; subsidies follow the rules in force at the "
            "evaluation date; the net present value counts bill savings over the horizon at a real discount rate. "
            "Every default number of rehab carries its source in the data files listed below.",
            lang,
        )
        + "</p>",
        f"<h3>{tr('Data files', lang)}</h3>",
        _html_table(ds.set_index("topic").rename_axis(heads["topic"]), headers=heads, cls="sources", lang=lang),
        "</section>",
    ]


def write_html(
    result: Any,
    path: str | Path,
    *,
    plan: Any = None,
    uncertainty: Any = None,
    title: str | None = None,
    stock: Any = None,
    choice: Any = None,
    objective: str = "cheapest_reaching",
    target_class: str = "C",
    lang: str = "en",
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
    title : str, optional
        Title of the report (default "Retrofit programme report", in
        ``lang``).
    stock : rehab.stock.Stock, optional
        The stock the programme ran on: its source file and its refused rows
        are listed.
    choice : optional
        Chosen scenario per house (see :func:`outcomes`); default: the plan's
        choice, else ``result.choose(objective=objective,
        target_class=target_class)``.
    objective, target_class : str
        The choice rule (described in the report).
    lang : {"en", "fr"}
        Language of the report: English, or French (texts, chart labels,
        numbers as ``1 234,5``, dates as ``6 décembre 2026``).
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
        If the result has no table, the choice names a scenario it does
        not hold, or ``lang`` is not available.
    """
    check_lang(lang)
    require_extra("matplotlib", "plot", "the HTML report's charts")
    title = title or tr("Retrofit programme report", lang)
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
    packages = list(comp.index)
    images: list[str] = []
    with _charts_elsewhere() as fill:  # a CLI run draws some charts in its warm-up child meanwhile
        doc = fill(_page(title, _body(result, out, table, comp, dist, elabel, packages, images, stock=stock,
                                      plan=plan, uncertainty=uncertainty, objective=objective,
                                      target_class=target_class, lang=lang),
                         n=len(out), k=len(packages), lang=lang))
    safeio.write_text(path, doc, overwrite=overwrite, what="report")
    log.info("wrote the %s report (%d houses, %d charts) to %s", lang, len(out), len(images), path)
    return path


def _body(result: Any, out: pd.DataFrame, table: pd.DataFrame, comp: pd.DataFrame, dist: pd.DataFrame,
          elabel: str, packages: list[str], images: list[str], *, stock: Any, plan: Any, uncertainty: Any,
          objective: str, target_class: str, lang: str) -> list[str]:
    """The report's sections, in order (the uncertainty chart is asked for first: the longest to draw)."""
    unc = None if uncertainty is None else _uncertainty_section(uncertainty, lang)
    body = _summary(
        out,
        table,
        dist,
        packages,
        stock=stock,
        plan=plan,
        objective=objective,
        target_class=target_class,
        lang=lang,
    )
    body += _packages(comp, elabel, lang)
    body += _charts(out, dist, lang, images)
    body += _bills_section(result, out, lang, images)
    body += _whole_life(table, lang, images)
    body.append(f'<section id="phasing"><h2>{tr("Phasing and cash flow", lang)}</h2>')
    if plan is None:
        body.append(
            "<p>"
            + tr("No phasing plan was computed for this report (give a yearly budget to get one).", lang)
            + "</p>"
        )
    else:
        sec, imgs = _plan_section(result, plan, lang)
        images.extend(imgs)
        body.append(sec)
    body.append("</section>")
    body.append(f'<section id="uncertainty"><h2>{tr("Uncertainty", lang)}</h2>')
    if unc is None:
        body.append(f"<p>{tr('No Monte Carlo analysis was run for this report.', lang)}</p>")
    else:
        sec, imgs = unc
        images.extend(imgs)
        body.append(sec)
    body.append("</section>")
    body += _groups(out, target_class, lang)
    body += _sources(result, plan, uncertainty, objective, target_class, lang)
    return body


def _page(title: str, body: list[str], *, n: int, k: int, lang: str) -> str:
    nav = "".join(f'<li><a href="#{a}">{_esc(tr(t, lang))}</a></li>' for a, t in _SECTIONS)
    generated = tr(
        "Generated on {date} by rehab {version} · {n} houses · {k} packages",
        lang,
        date=date(_dt.date.today(), lang),
        version=_esc(__version__),
        n=num(n, 0, lang),
        k=k,
    )
    footer = tr(
        "rehab {version} — eco-renovation of old housing. This report is one self-contained file: "
        "it needs no network and no Python to be read or printed.",
        lang,
        version=_esc(__version__),
    )
    newline = "\n"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
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
<p class="sub">{generated}</p>
</header>
<nav aria-label="{tr("contents", lang)}"><strong>{tr("Contents", lang)}</strong><ol>{nav}</ol></nav>
{newline.join(body)}
<footer>{footer}</footer>
</main>
</body>
</html>
"""
