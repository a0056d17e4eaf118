"""Charts of houses, simulations and programmes (matplotlib, extra ``rehab[plot]``).

Every function draws on the Axes given as ``ax=`` (a new figure when
omitted) and returns that Axes, so charts compose into the reader's own
figures; the HTML report (:mod:`rehab.report`) draws with these same
functions. ``lang="fr"`` writes the labels in French.

========================  ==================================================
:func:`monthly_need`      monthly heat transfer, utilised gains and need
:func:`hourly_temperatures` indoor (and outdoor) temperature over the year
:func:`load_duration`     heating power sorted from the largest hour down
:func:`heat_loss`         heat-loss coefficient by element and ventilation
:func:`dpe_classes`       houses per DPE class before and after
:func:`cost_savings`      net cost against yearly bill savings per house
:func:`abatement_curve`   marginal abatement-cost curve (€/tCO₂)
:func:`bills`             energy bills per house by use or carrier, before/after
:func:`phasing`           works cost per year against the budget
:func:`cashflows`         cumulative cash of each payer over the years
========================  ==================================================

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import rehab
>>> from rehab import plot
>>> ax = plot.heat_loss(rehab.archetypes.get("coron-mid-terrace"))
>>> ax.get_xlabel()
'heat-loss coefficient [W/K]'
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from ._i18n import MONTHS_SHORT, tr
from .errors import InputError, require_extra
from .threecl import CLASSES  # the DPE classes, best first (one list for the whole library)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "BILL_NAMES",
    "CLASSES",
    "DPE_COLOURS",
    "abatement_curve",
    "bills",
    "cashflows",
    "cashflows_by_payer",
    "cost_savings",
    "dpe_classes",
    "heat_loss",
    "hourly_temperatures",
    "load_duration",
    "monthly_need",
    "phasing",
]

log = logging.getLogger(__name__)


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

#: Owner types and their colours in the charts.
OWNER_COLOURS = {
    "owner_occupier": "#1f77b4",
    "social_landlord": "#d95f02",
    "private_landlord": "#7570b3",
}

#: Readable names of owner types (English; translated on output).
OWNER_NAMES = {
    "owner_occupier": "owner-occupiers",
    "social_landlord": "social landlord",
    "private_landlord": "private landlords",
}

#: Colours of packages and series, in order.
COLOURS = (
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

_BASELINE = "baseline"


# ----------------------------------------------------------------- helpers
def _axes(ax: Any, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new pyplot figure of ``size`` inches."""
    require_extra("matplotlib", "plot", "rehab.plot")
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _style(ax: Axes) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=9)


def _unique(values: Iterable[Any]) -> list[Any]:
    """Unique values in order of appearance (NaN dropped)."""
    seen: dict[Any, None] = {}
    for v in values:
        if isinstance(v, float) and math.isnan(v):
            continue
        seen.setdefault(v, None)
    return list(seen)


def _one(values: Any, what: str) -> np.ndarray:
    """A 1-D array of one house (a batch of one is accepted)."""
    a = np.asarray(values, dtype=float)
    if a.ndim == 2 and a.shape[0] == 1:
        a = a[0]
    if a.ndim != 1:
        raise InputError(f"{what}: one house expected, got an array of shape {a.shape}")
    return a


# ----------------------------------------------------------------- one house
def monthly_need(
    house_or_result: Any, weather: Any = None, *, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Monthly heat transfer, utilised gains and heating need of one house.

    With a :class:`~rehab.House`, the monthly method of ISO 13790:2008
    (§7.2.1, eq. 5: Q_H,nd = Q_H,ht − η_H,gn·Q_H,gn) is run on ``weather``
    (default :func:`rehab.weather.default`) and each month shows the heat
    transfer Q_H,ht (bar outline), the utilised gains η·Q_gn and the need
    stacked inside it. With a :class:`~rehab.SimulationResult` of one
    house, only its monthly heating need is drawn.

    Parameters
    ----------
    house_or_result : House or SimulationResult
    weather : Weather, optional
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Bars in [kWh/month].
    """
    from .house import House

    ax = _axes(ax, (7.0, 3.6))
    x = np.arange(12)
    if isinstance(house_or_result, House):
        from .demand.monthly import simulate_monthly
        from .simulation import build_batch
        from .weather import default

        zones, climate = build_batch([house_or_result], weather if weather is not None else default())
        r = simulate_monthly(zones, climate)
        kwh = 3.6e6
        need = r.heating_need_monthly[0] / kwh
        ht = r.heat_transfer_heating[0] / kwh
        used = np.clip(ht - need, 0.0, None)  # η_H,gn·Q_H,gn (eq. 5)
        ax.bar(x, ht, 0.7, color="none", edgecolor="#555555", label=tr("heat transfer", lang))
        ax.bar(x, used, 0.7, color="#f2c14e", label=tr("utilised gains", lang))
        ax.bar(x, need, 0.7, bottom=used, color="#c44e52", label=tr("heating need", lang))
        log.debug("monthly_need: %s, need %.0f kWh/yr", house_or_result.name, need.sum())
    else:
        need = _one(getattr(house_or_result, "heating_need_monthly_kwh", None), "monthly need")
        ax.bar(x, need, 0.7, color="#c44e52", label=tr("heating need", lang))
    ax.set_xticks(x, MONTHS_SHORT["fr" if lang == "fr" else "en"])
    ax.set_ylabel(tr("energy [kWh/month]", lang))
    ax.legend(frameon=False, fontsize=9)
    _style(ax)
    return ax


def hourly_temperatures(
    result: Any, weather: Any = None, *, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Indoor air and operative temperature of one house over the year (hourly).

    Parameters
    ----------
    result : SimulationResult
        From ``rehab.simulate(house, hourly=True)``.
    weather : Weather, optional
        Adds the outdoor air temperature and dates the axis.
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Temperatures in [°C] against time.
    """
    if getattr(result, "theta_air_c", None) is None:
        raise InputError("hourly_temperatures: simulate with hourly=True to keep the hourly series")
    ax = _axes(ax, (8.0, 3.4))
    frame = result.hourly_frame(weather)
    if "theta_e_c" in frame:
        ax.plot(frame.index, frame["theta_e_c"], lw=0.4, color="#8fa8c8", label=tr("outdoor air", lang))
    ax.plot(frame.index, frame["theta_air_c"], lw=0.6, color="#c44e52", label=tr("indoor air", lang))
    ax.plot(frame.index, frame["theta_op_c"], lw=0.6, color="#333333", alpha=0.7, label=tr("operative", lang))
    ax.set_ylabel(tr("temperature [°C]", lang))
    ax.legend(frameon=False, fontsize=9, ncols=3, loc="lower center")
    ax.margins(x=0)
    _style(ax)
    return ax


def load_duration(result: Any, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Load-duration curve: hourly heating power of one house sorted from the largest.

    Parameters
    ----------
    result : SimulationResult
        From ``rehab.simulate(house, hourly=True)`` (``phi_hc_w``: heating
        positive, cooling negative [W]).
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Power [kW] against hours of the year [h]; the area under the curve
        is the annual heating need.
    """
    if getattr(result, "phi_hc_w", None) is None:
        raise InputError("load_duration: simulate with hourly=True to keep the hourly series")
    ax = _axes(ax, (7.0, 3.4))
    p = np.sort(np.clip(_one(result.phi_hc_w, "phi_hc_w"), 0.0, None))[::-1] / 1e3
    hours = np.arange(1, p.size + 1)
    ax.fill_between(hours, p, step="pre", color="#c44e52", alpha=0.35, lw=0)
    ax.step(hours, p, where="pre", color="#c44e52", lw=1.2)
    on = int((p > 0).sum())
    ax.annotate(
        tr("{peak} kW peak, {hours} h of heating", lang, peak=f"{p[0]:.1f}", hours=on),
        (hours[0], p[0]),
        xytext=(0.35, 0.85),
        textcoords="axes fraction",
        fontsize=9,
        color="#333333",
    )
    ax.set_xlim(0, p.size)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(tr("hours of the year, largest load first [h]", lang))
    ax.set_ylabel(tr("heating power [kW]", lang))
    _style(ax)
    return ax


_KIND_NAMES = {
    "wall": "walls",
    "window": "windows",
    "door": "doors",
    "roof": "roof",
    "ceiling": "ceiling to attic",
    "floor": "floor",
    "party_wall": "party walls",
}


def heat_loss(house: Any, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Heat-loss coefficient of one house by element kind, thermal bridges and air.

    Parameters
    ----------
    house : House or HeatLoss
        A house (``house.heat_loss()`` is taken) or its heat loss.
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Horizontal bars in [W/K] (H = H_tr + H_ve, ISO 13789:2017), largest
        first, each labelled with its share.
    """
    hl = house.heat_loss() if hasattr(house, "heat_loss") else house
    ax = _axes(ax, (7.0, 3.4))
    el = hl.elements
    parts = el.groupby("kind", sort=False)["h"].sum()
    items = [(tr(_KIND_NAMES.get(k, k), lang), float(v)) for k, v in parts.items() if v > 0]
    items.append((tr("thermal bridges", lang), float(hl.h_bridges)))
    items.append((tr("air (ventilation and infiltration)", lang), float(hl.h_ve)))
    items.sort(key=lambda kv: kv[1])
    total = sum(v for _, v in items)
    y = np.arange(len(items))
    ax.barh(y, [v for _, v in items], color="#4c72b0")
    for yi, (_, v) in zip(y, items, strict=True):
        ax.text(v, yi, f" {v:.0f} ({100 * v / total:.0f} %)", va="center", fontsize=8)
    ax.set_yticks(y, [k for k, _ in items])
    ax.set_xlabel(tr("heat-loss coefficient [W/K]", lang))
    ax.set_xlim(0, max(v for _, v in items) * 1.25)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=9)
    return ax


# ----------------------------------------------------------------- programme
def dpe_classes(distribution: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Houses per DPE class before (grey) and after (class colour).

    Parameters
    ----------
    distribution : pandas.DataFrame
        Rows A..G, columns ``before`` and ``after`` (houses), as
        :func:`rehab.report.class_distribution` returns.
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Patch

    ax = _axes(ax, (7.0, 3.4))
    dist = distribution.reindex(list(CLASSES), fill_value=0)
    x = np.arange(len(CLASSES))
    colours = [DPE_COLOURS[c] for c in CLASSES]
    ax.bar(x - 0.2, dist["before"], 0.38, color="#b9b9b9", edgecolor="#777777")
    ax.bar(x + 0.2, dist["after"], 0.38, color=colours, edgecolor="#444444")
    for xi, (b, a) in enumerate(zip(dist["before"], dist["after"], strict=True)):
        for dx, v in ((-0.2, b), (0.2, a)):
            if v:
                ax.text(xi + dx, v, str(int(v)), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, CLASSES)
    ax.set_xlabel(tr("DPE class", lang))
    ax.set_ylabel(tr("houses", lang))
    ax.legend(
        handles=[
            Patch(color="#b9b9b9", label=tr("before (grey)", lang)),
            Patch(color=DPE_COLOURS["B"], label=tr("after (class colour)", lang)),
        ],
        frameon=False,
        fontsize=9,
    )
    _style(ax)
    return ax


def cost_savings(outcomes: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Net cost against yearly bill savings, one point per house with works.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        One row per house with ``scenario``, ``net_cost_eur`` [EUR],
        ``savings_eur`` [EUR/yr] and optionally ``owner``
        (:func:`rehab.report.outcomes`).
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Net cost [k€] against savings [€/yr], with dashed lines of simple
        paybacks of 10, 20 and 30 years.
    """
    ax = _axes(ax, (7.0, 4.0))
    w = outcomes[outcomes["scenario"] != _BASELINE]
    owners = w.get("owner", None)
    if owners is None:
        ax.scatter(w["net_cost_eur"] / 1e3, w["savings_eur"], s=14, alpha=0.7)
    else:
        for o in sorted(_unique(owners)):
            m = owners == o
            ax.scatter(
                w.loc[m, "net_cost_eur"] / 1e3,
                w.loc[m, "savings_eur"],
                s=14,
                alpha=0.7,
                color=OWNER_COLOURS.get(o, "#555555"),
                label=f"{tr(OWNER_NAMES.get(o, o), lang)} ({int(m.sum())})",
            )
        if len(w):
            ax.legend(frameon=False, fontsize=9, loc="upper left")
    if len(w):
        xmax = max(float(w["net_cost_eur"].max()) / 1e3, 1.0)
        xs = np.linspace(0, xmax, 20)
        for years in (10, 20, 30):
            ax.plot(xs, xs * 1e3 / years, color="#999999", lw=0.8, ls="--")
            ax.annotate(
                tr("{years}-yr payback", lang, years=years),
                (xs[-1], xs[-1] * 1e3 / years),
                fontsize=8,
                color="#666666",
                ha="right",
                va="bottom",
            )
    ax.set_xlabel(tr("net cost after subsidies per house [k€]", lang))
    ax.set_ylabel(tr("bill savings [€/yr]", lang))
    _style(ax)
    return ax


def abatement_bars(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Houses with works saving CO₂, cheapest tonne first: the bars of the MAC curve.

    Adds ``width_t`` (CO₂ saved [tCO2e/yr]) and ``left_t`` (cumulative
    before the bar [tCO2e/yr]) to the rows of ``outcomes`` with works,
    ``co2_saved_kg > 0`` and a known ``co2_abatement_eur_t`` [EUR/tCO2e].
    """
    w = outcomes[
        (outcomes["scenario"] != _BASELINE)
        & (outcomes["co2_saved_kg"] > 0)
        & outcomes["co2_abatement_eur_t"].notna()
    ]
    w = w.sort_values("co2_abatement_eur_t", kind="stable")
    t = w["co2_saved_kg"].to_numpy() / 1000.0
    return w.assign(width_t=t, left_t=np.cumsum(t) - t)


def abatement_curve(outcomes: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Marginal abatement-cost curve: one bar per house, cheapest tonne of CO₂ first.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        As for :func:`cost_savings`, with ``co2_saved_kg`` [kgCO2e/yr] and
        ``co2_abatement_eur_t`` [EUR/tCO2e].
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Bar width: CO₂ saved [tCO2e/yr]; height: cost per tonne [€/tCO2e]
        (negative: the works pay for themselves); coloured by package.
    """
    from matplotlib.patches import Patch

    ax = _axes(ax, (7.0, 4.0))
    m = abatement_bars(outcomes)
    pkgs = _unique(m["scenario"])
    colour = {p: COLOURS[i % len(COLOURS)] for i, p in enumerate(pkgs)}
    if len(m):
        ax.bar(
            m["left_t"],
            m["co2_abatement_eur_t"],
            width=m["width_t"],
            align="edge",
            color=[colour[p] for p in m["scenario"]],
            edgecolor="none",
        )
        ax.legend(handles=[Patch(color=colour[p], label=p) for p in pkgs], frameon=False, fontsize=9)
        ax.axhline(0, color="#333333", lw=0.8)
        ax.set_xlim(0, float(m["left_t"].iloc[-1] + m["width_t"].iloc[-1]))
    ax.set_xlabel(tr("cumulative CO₂ saved [tCO₂e/yr]", lang))
    ax.set_ylabel(tr("abatement cost [€/tCO₂e]", lang))
    _style(ax)
    return ax


#: Display names of the parts of a bill (:func:`rehab.finance.bill_split`), translated by ``tr``.
BILL_NAMES = {
    "heating": "heating",
    "dhw": "hot water",
    "cooling": "cooling",
    "lighting": "lighting",
    "auxiliaries": "auxiliaries and ventilation",
    "subscriptions": "subscriptions",
    "pv": "solar PV credit",
    "total": "total",
    "electricity": "electricity",
    "natural_gas": "natural gas",
    "fuel_oil": "fuel oil",
    "lpg": "LPG",
    "wood_logs": "wood logs",
    "wood_pellets": "wood pellets",
    "wood_chips": "wood chips",
    "district_heat": "district heating",
    "coal": "coal",
}


def bills(breakdown: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Energy bill per house before (grey) and after (blue), one pair of bars per use or carrier.

    Parameters
    ----------
    breakdown : pandas.DataFrame
        Indexed by part, with ``before_eur_per_house`` and
        ``after_eur_per_house`` [EUR/yr], as
        :func:`rehab.report.bill_breakdown` returns; the ``total`` row and
        the parts that are zero before and after are left out.
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Horizontal bars [€/yr per house], each labelled with its value
        (the PV credit is negative).
    """
    ax = _axes(ax, (7.0, 3.6))
    b = breakdown.drop(index="total", errors="ignore")
    b = b[(b["before_eur_per_house"].abs() > 0.5) | (b["after_eur_per_house"].abs() > 0.5)]
    b = b.iloc[::-1]  # first part on top
    y = np.arange(len(b))
    before = b["before_eur_per_house"].to_numpy(float)
    after = b["after_eur_per_house"].to_numpy(float)
    ax.barh(y + 0.2, before, 0.38, color="#b9b9b9", label=tr("before", lang))
    ax.barh(y - 0.2, after, 0.38, color="#4c72b0", label=tr("after", lang))
    for yi, (bv, av) in enumerate(zip(before, after, strict=True)):
        for dy, v in ((0.2, bv), (-0.2, av)):
            ax.text(v, yi + dy, f" {v:.0f}", va="center", fontsize=7)
    ax.set_yticks(y, [tr(BILL_NAMES.get(str(k), str(k)), lang) for k in b.index])
    ax.set_xlabel(tr("energy bill per house [€/yr]", lang))
    if len(b):
        ax.set_xlim(min(0.0, float(np.min(after)), float(np.min(before))) * 1.2, float(np.max([before, after])) * 1.18)
    ax.axvline(0, color="#333333", lw=0.6)
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=9)
    return ax


def phasing(
    yearly: pd.DataFrame, schedule: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Works cost per year (owners' net cost and grants), the budget and houses done.

    Parameters
    ----------
    yearly : pandas.DataFrame
        One row per year: ``year``, optionally ``budget_eur`` [EUR] and
        ``houses`` (a plan's ``.yearly``, :func:`rehab.planning.plan`).
    schedule : pandas.DataFrame
        One row per house done: ``year``, ``net_cost_eur``, ``subsidies_eur``
        [EUR] (a plan's ``.schedule``).
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Stacked bars [M€] per year; houses done on a twin right axis. The
        legend sits on the figure.
    """
    ax = _axes(ax, (7.0, 3.8))
    y = yearly if "year" in yearly.columns else yearly.reset_index()
    years = y["year"].to_numpy()
    by_year = schedule.groupby("year") if len(schedule) else None

    def per_year(col: str) -> np.ndarray:
        if by_year is None or col not in schedule.columns:
            return np.zeros(len(years))
        return by_year[col].sum().reindex(years, fill_value=0.0).to_numpy(float)

    net = per_year("net_cost_eur")
    grants = per_year("subsidies_eur")
    ax.bar(years, net / 1e6, color=COLOURS[0], label=tr("owners' net cost", lang))
    ax.bar(years, grants / 1e6, bottom=net / 1e6, color=COLOURS[2], label=tr("grants", lang))
    if "budget_eur" in y.columns:
        ax.step(
            years,
            y["budget_eur"] / 1e6,
            where="mid",
            color=COLOURS[3],
            ls="--",
            lw=1.2,
            label=tr("yearly budget", lang),
        )
    ax.set_xlabel(tr("year", lang))
    ax.set_ylabel(tr("works cost incl. VAT [M€]", lang))
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
            label=tr("houses done (right axis)", lang),
        )
        ax2.set_ylabel(tr("houses done", lang), fontsize=9)
        ax2.set_ylim(bottom=0)
        ax2.tick_params(labelsize=9)
        ax2.spines["top"].set_visible(False)
        h2, l2 = ax2.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    ax.figure.legend(handles, labels, loc="outside upper center", ncols=2, frameon=False, fontsize=9)
    return ax


def cashflows_by_payer(cf: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Yearly cash of each payer as columns, from :func:`rehab.planning.cashflows`.

    Parameters
    ----------
    cf : pandas.DataFrame
        Long table: ``year``, ``party`` and ``owner_cash_eur`` (and
        ``occupant_cash_eur``, ``public_cash_eur``) [EUR].

    Returns
    -------
    pandas.DataFrame
        Index year, one column per payer (owners per type, their occupants,
        the public funder) [EUR]; payers with no cash left out.
    """
    import pandas as pd

    wide: dict[str, Any] = {}
    for party, g in cf.groupby("party", sort=False):
        g = g.set_index("year")
        if party == "public_funder":
            wide[tr("public funder", lang)] = g.get("public_cash_eur", g.get("owner_cash_eur"))
        else:
            name = tr(OWNER_NAMES.get(party, party), lang)
            wide[name] = g["owner_cash_eur"]
            if "occupant_cash_eur" in g:
                wide[tr("occupants ({owner})", lang, owner=name)] = g["occupant_cash_eur"]
    w = pd.DataFrame(wide).fillna(0.0)
    return w.loc[:, (w.abs() > 0.5).any()]


def cashflows(by_payer: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Cumulative cash of each payer over the years (constant euros).

    Parameters
    ----------
    by_payer : pandas.DataFrame
        Index year, one column per payer [EUR/yr] (:func:`cashflows_by_payer`).
    ax : matplotlib Axes, optional
    lang : {"en", "fr"}

    Returns
    -------
    matplotlib.axes.Axes
        Cumulative cash [M€] against the year; the legend sits on the figure.
    """
    ax = _axes(ax, (8.5, 3.6))
    for i, c in enumerate(by_payer.columns):
        ax.plot(
            by_payer.index,
            by_payer[c].cumsum() / 1e6,
            lw=1.6,
            color=COLOURS[i % len(COLOURS)],
            label=c,
        )
    ax.axhline(0, color="#333333", lw=0.8)
    ax.set_xlabel(tr("year", lang))
    ax.set_ylabel(tr("cumulative cash [M€]", lang))
    ax.figure.legend(loc="outside right center", frameon=False, fontsize=8)
    _style(ax)
    return ax
