"""The report's sections drawn from a plan, an uncertainty run or the bill split: phasing and cash
flows, uncertainty bands, energy bills by use and by carrier."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import plot
from .._i18n import num, tr
from ..errors import InputError
from ._html import _chart, _esc, _figure, _html_table, _money, _plot_png, _png
from .tables import _frame

__all__: list[str] = []


def _plan_section(result: Any, plan: Any, lang: str = "en") -> tuple[str, list[str]]:
    """HTML of the phasing section (a :class:`rehab.planning.Plan`) and its charts."""

    yearly = _frame(plan, "yearly")
    schedule = _frame(plan, "schedule")
    if yearly is None or schedule is None:
        return f"<p>{tr('The plan carries no yearly table.', lang)}</p>", []
    y = yearly if "year" in yearly.columns else yearly.reset_index()
    parts: list[str] = []
    images: list[str] = []
    years = y["year"].to_numpy()
    img = _chart(
        _plot_png, "phasing", (y, schedule), lang,
        tr("Phasing: works cost per year split into owners' net cost and grants, with the budget", lang),
        (7.0, 3.8),
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
        "<p>"
        + tr(
            "{done} houses are done from {first} to {last}; the budget limits {basis}. "
            "Rented houses facing a rental ban (G from 2025, F from 2028, E from 2034) go first.",
            lang,
            done=num(done, 0, lang),
            first=int(years.min()),
            last=int(years.max()),
            basis=tr(basis, lang),
        )
        + "</p>"
    )
    parts.append(
        f"<figure>{img}<figcaption>"
        + tr(
            "Works cost per year (bars: owners' net cost and grants), yearly budget "
            "(dashed) and houses done (line).",
            lang,
        )
        + "</figcaption></figure>"
    )
    cols = [
        c
        for c in ("houses", "budget_eur", "spend_eur", "slack_eur", "deadlines_met", "co2_saved_cum_kg")
        if c in y.columns
    ]
    show = y.set_index("year")[cols].copy()
    show.index = [str(i) for i in show.index]
    show.index.name = tr("year", lang)
    if "co2_saved_cum_kg" in show:
        show["co2_saved_cum_kg"] = show["co2_saved_cum_kg"] / 1000.0
    money = _money(lang)
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
                "houses": tr("houses", lang),
                "budget_eur": tr("budget", lang),
                "spend_eur": tr("spent", lang),
                "slack_eur": tr("left", lang),
                "deadlines_met": tr("rental-ban deadlines met", lang),
                "co2_saved_cum_kg": tr("CO₂ saved so far [t/yr]", lang),
            },
            lang=lang,
        )
    )
    checks = getattr(plan, "checks", None)
    if isinstance(checks, dict) and checks:
        parts.append(
            f"<p>{tr('Checks:', lang)} "
            + ", ".join(f"{_esc(tr(k, lang))} {'✓' if v else '✗'}" for k, v in checks.items())
            + "</p>"
        )
    parts.extend(_cash_section(result, plan, images, lang))
    if unmet is not None and len(unmet):
        parts.append(f"<h3>{tr('Rental-ban deadlines not met ({n})', lang, n=len(unmet))}</h3>")
        keep = [c for c in ("house_id", "class_before", "ban_date", "deadline", "year", "reason") if c in unmet]
        parts.append(_html_table(unmet[keep].head(300), index=False, lang=lang))
    elif unmet is not None:
        parts.append(f"<p>{tr('Every rental-ban deadline of the chosen houses is met.', lang)}</p>")
    if later is not None and len(later):
        parts.append(f"<h3>{tr('Not done within the horizon ({n})', lang, n=len(later))}</h3>")
        keep = [
            c
            for c in ("house_id", "scenario", "owner", "class_before", "budget_cost_eur", "reason")
            if c in later
        ]
        parts.append(
            _html_table(later[keep].head(300), {"budget_cost_eur": money}, index=False, lang=lang)
        )
    return "\n".join(parts), images


def _cash_section(result: Any, plan: Any, images: list[str], lang: str) -> list[str]:
    """Cash flows per payer: the chart (appended to ``images``) and the table."""
    import pandas as pd

    try:
        from ..planning import cashflows

        cf = cashflows(result, plan)
    except (ImportError, InputError, KeyError, ValueError):
        return []
    if not (isinstance(cf, pd.DataFrame) and len(cf) and {"year", "party"} <= set(cf.columns)):
        return []
    w = plot.cashflows_by_payer(cf, lang)
    if not w.shape[1]:
        return []
    fig = _figure(8.5, 3.6)
    plot.cashflows(w, ax=fig.add_subplot(), lang=lang)
    img = _png(fig, tr("Cumulative cash flow per payer: owners, occupants and the public funder", lang))
    images.append(img)
    first = w.head(12)
    total = w.sum().rename(tr("total", lang))
    tab = pd.concat([first, total.to_frame().T])
    tab.index = [str(i) for i in tab.index]
    tab.index.name = tr("year", lang)
    return [
        f"<h3>{tr('Cash flows per payer', lang)}</h3>",
        f"<figure>{img}<figcaption>"
        + tr(
            "Cumulative cash of each party (constant euros): owners pay their net cost "
            "in the year of the works, occupants gain the bill savings from the next year, the public funder "
            "pays the grants.",
            lang,
        )
        + "</figcaption></figure>",
        _html_table(tab, dict.fromkeys(tab.columns, _money(lang)), lang=lang),
    ]


_QUANTITY_NAMES = {
    "heating_need_saved_kwh": "heating need saved",
    "savings_kwh": "final energy saved",
    "savings_eur": "bill savings",
    "co2_saved_kg": "CO₂ saved",
    "cost_ttc_eur": "works and fees incl. VAT",
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


def _bands_chart(rows: list[tuple[str, str, np.ndarray]], lang: str) -> str:
    """P10–P90 band, median and deterministic value of each total: one small axis each."""
    from matplotlib.lines import Line2D

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
            f"{tr(_QUANTITY_NAMES.get(q, q), lang)}\n[{unit}]",
            rotation=0,
            ha="right",
            va="center",
            fontsize=8,
        )
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(labelsize=8)
    fig.legend(
        handles=[
            Line2D([], [], color="#4c72b0", lw=8, alpha=0.45, label="P10–P90"),
            Line2D([], [], color="#1f3b73", marker="o", ls="", label=tr("P50 (median)", lang)),
            Line2D(
                [], [], color="#c44e52", marker="|", ls="", ms=12, mew=2,
                label=tr("deterministic run", lang),
            ),
        ],
        loc="outside upper center",
        ncols=3,
        frameon=False,
        fontsize=8,
    )
    return _png(
        fig,
        tr("Uncertainty: P10 to P90 band, median and deterministic value of each programme total", lang),
    )


def _uncertainty_section(unc: Any, lang: str = "en") -> tuple[str, list[str]]:
    """HTML of the Monte Carlo bands (a :class:`rehab.uncertainty.UncertaintyResult`) and its chart."""
    import pandas as pd

    agg = _frame(unc, "aggregate")
    if agg is None or not {"p10", "p50", "p90"} <= set(agg.columns):
        return f"<p>{tr('The uncertainty result carries no P10/P50/P90 table.', lang)}</p>", []
    a = agg.copy()
    if a.index.nlevels > 1:  # per group: the table only
        a = a.reset_index()
        fmt = {c: 0 for c in ("deterministic", "mean", "p10", "p50", "p90")}
        return _html_table(a, fmt, index=False, lang=lang), []
    units = a["unit"] if "unit" in a.columns else ["" for _ in range(len(a))]
    rows = []
    for q, u in zip(a.index, units, strict=True):
        vals, unit = _scaled(a.loc[q, ["p10", "p50", "p90", "deterministic"]].to_numpy(float), u)
        rows.append((str(q), unit, vals))
    img = _chart(_bands_chart, rows, lang)
    show = pd.DataFrame(
        {
            "unit": [r[1] for r in rows],
            "deterministic": [r[2][3] for r in rows],
            "P10": [r[2][0] for r in rows],
            "P50": [r[2][1] for r in rows],
            "P90": [r[2][2] for r in rows],
        },
        index=pd.Index(
            [tr(_QUANTITY_NAMES.get(r[0], r[0]), lang) for r in rows],
            name=tr("programme total", lang),
        ),
    )
    settings = getattr(unc, "settings", {}) or {}
    n = settings.get("n_samples")
    text = tr(
        "{n} Monte Carlo samples (seed {seed}) of occupant behaviour (set-point, heated share), "
        "airtightness, material conductivities, energy-price escalation and works costs, on the chosen package "
        "of each house with works; the monthly engine of ISO 13790 recomputes the heating need of each sample. "
        "Each sample's programme total is taken first, then its percentiles.",
        lang,
        n=n if n else "",
        seed=_esc(settings.get("seed", "?")),
    ).strip()
    fmt = {c: 2 for c in ("deterministic", "P10", "P50", "P90")}
    body = (
        f"<p>{text}</p>"
        + f"<figure>{img}<figcaption>"
        + tr(
            "P10–P90 band (blue), median (dot) and the deterministic run (red tick) of each "
            "programme total.",
            lang,
        )
        + "</figcaption></figure>"
        + _html_table(
            show,
            fmt,
            headers={"unit": tr("unit", lang), "deterministic": tr("deterministic", lang)},
            lang=lang,
        )
    )
    pars = _frame(unc, "parameters")
    if pars is not None and len(pars):
        keep = [
            c
            for c in ("distribution", "loc", "scale", "low", "high", "scope", "unit", "applies_to", "source")
            if c in pars.columns
        ]
        p = pars[keep] if keep else pars
        body += f"<h3>{tr('Uncertain inputs', lang)}</h3>" + _html_table(
            p.reset_index() if p.index.name else p, index=False, cls="sources", lang=lang
        )
    return body, [img]


_BILL_COLUMNS = {
    "before_eur": "before [€/yr]",
    "after_eur": "after [€/yr]",
    "change_eur": "change [€/yr]",
    "before_eur_per_house": "before, per house [€/yr]",
    "after_eur_per_house": "after, per house [€/yr]",
}


def _bills_section(result: Any, out: Any, lang: str, images: list[str]) -> list[str]:
    """Energy bills before and after the choice, split by use and by carrier: chart and two tables
    (:func:`rehab.report.bill_breakdown`); nothing when the table has no bill split."""
    from .tables import bill_breakdown

    table = getattr(result, "table", result)
    if "bill_heating_eur" not in getattr(table, "columns", ()):
        return []
    choice = out.set_index("house_id")["scenario"]
    use = bill_breakdown(result, choice, by="use")
    carrier = bill_breakdown(result, choice, by="carrier")
    fig = _figure(7.5, 3.8)
    plot.bills(use, ax=fig.add_subplot(), lang=lang)
    img = _png(fig, tr("Bar chart: energy bill per house by use, before and after", lang))
    images.append(img)
    money = _money(lang)
    signed = _money(lang, signed=True)
    fmt = {c: (signed if c == "change_eur" else money) for c in _BILL_COLUMNS}
    headers = {c: tr(h, lang) for c, h in _BILL_COLUMNS.items()}

    def shown(b: Any, what: str) -> str:
        keep = (b["before_eur"].abs() > 0.5) | (b["after_eur"].abs() > 0.5) | (b.index == "total")
        b = b[keep].copy()
        b.index = [tr(plot.BILL_NAMES.get(str(k), str(k)), lang) for k in b.index]
        b.index.name = tr(what, lang)
        return _html_table(b, fmt, headers=headers, lang=lang)

    return [
        f'<section id="bills"><h2>{tr("Energy bills by use and by energy", lang)}</h2>',
        f"<figure>{img}<figcaption>"
        + tr(
            "First-year energy bills of the houses as they are (grey) and with the chosen packages (blue), "
            "per house, by use: the energy part of each carrier is shared among its uses in proportion of "
            "their kWh; subscriptions are shown apart, and the solar PV credit (self-consumed electricity "
            "and export sales) comes off the bill.",
            lang,
        )
        + "</figcaption></figure>",
        f"<h3>{tr('By use', lang)}</h3>",
        shown(use, "use"),
        f"<h3>{tr('By energy carrier', lang)}</h3>",
        shown(carrier, "energy carrier"),
        "</section>",
    ]
