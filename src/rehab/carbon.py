"""Whole-life carbon of retrofit measures: embodied, biogenic, operational.

What a measure costs the climate to build, what its bio-sourced materials
store, and how that weighs against the operational emissions it saves.

* **Data** — ``data/carbon/products.csv``: one row per material (per kg) or
  product (per m², unit, kWp or kg of refrigerant charge) with the
  production (A1–A3), transport and installation (A4–A5, 0 where the source
  publishes none), end-of-life (C1–C4) and in-use (B1, refrigerant leakage,
  per year) emissions [kgCO2e], the biogenic CO2 stored [kgCO2] (reported
  apart, never netted) and the reference service life [yr], each row with
  its source, date and confidence. ``material_map.csv`` ties the materials
  catalogue to those rows, ``cost_map.csv`` the unit-cost ids.
* **Arrays** (for the columnar programme engine): :func:`embodied_from_quantities`
  turns quantities per product (one value per row, many rows) into the
  embodied carbon over a horizon, replacements by service life included;
  :func:`operational_over_horizon`, :func:`whole_life` and
  :func:`carbon_payback` finish the columns; :func:`re2020_weight` is the
  optional RE2020 dynamic weighting.
* **One house**: :func:`package_quantities` reads what a package installs on
  a house (the layers each insulation measure adds, weighed from their
  thickness and density; the cost lines of the other measures), and
  :func:`package_carbon` gives one row per scenario (baseline first):
  embodied, biogenic, operational and whole-life carbon, carbon payback.
  :func:`plot_whole_life` draws the whole-life chart per package.

Accounting (EN 15978:2011 modules over a study period of ``horizon`` years):

* a product of service life L installed at t = 0 is installed
  N = ⌈H/L⌉ times over the horizon H (RE2020 counts renewals the same way);
  each installation costs A1–A5 and each removal C1–C4 (the last one at the
  horizon): ``embodied = q·[(A1–A3 + A4–A5 + C1–C4)·N + B1·H]``;
* ``upfront`` = A1–A5 of the first installation (t = 0), ``replacement`` =
  (A1–A5 + C1–C4)·(N − 1) (module B4), ``end_of_life`` = C1–C4 of the last,
  ``in_use`` = B1·H;
* biogenic CO2 stored in the products in place is a separate column: the
  −1/+1 convention of EN 15804+A2 nets it to zero over a full cycle, so it
  is shown, not subtracted; the RE2020 dynamic option values its delay;
* operational carbon = annual emissions (the DPE GHG factors of
  :mod:`rehab.factors` × delivered energy, the ``co2_kg`` column of
  :func:`rehab.assess`) over the horizon; ``whole_life`` = embodied +
  operational.

Examples
--------
>>> from rehab import carbon
>>> carbon.product("glass_wool").a1_a3, carbon.product("glass_wool").unit
(1.35, 'kg')
>>> e = carbon.embodied_from_quantities({"window_double_pvc": [10.0]}, horizon=50)
>>> e["upfront_kgco2e"].tolist(), e["embodied_kgco2e"].tolist()   # 2 windows in 50 yr
([520.0], [1140.0])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ._carbon_data import CarbonProduct, metadata, product, products
from .embodied import (
    AREA_UNITS,
    RE2020_TIME_HORIZON,
    _add,
    _horizon,
    carbon_payback,
    cost_line_quantities,
    cost_per_tonne_avoided,
    embodied_from_quantities,
    generations,
    layer_quantities,
    measure_quantities,
    measure_rows,
    operational_over_horizon,
    outcome_quantities,
    package_quantities,
    re2020_weight,
    rows_from_units,
    whole_life,
)
from .errors import InputError, require_extra
from .options import STUDY_DATE

if TYPE_CHECKING:
    import pandas as pd

    from .house import House

__all__ = [
    "AREA_UNITS",
    "COLUMNS",
    "RE2020_TIME_HORIZON",
    "CarbonProduct",
    "carbon_payback",
    "cost_line_quantities",
    "cost_per_tonne_avoided",
    "embodied_from_quantities",
    "generations",
    "layer_quantities",
    "lines",
    "measure_quantities",
    "measure_rows",
    "metadata",
    "operational_over_horizon",
    "outcome_quantities",
    "package_carbon",
    "package_quantities",
    "plot_whole_life",
    "product",
    "products",
    "re2020_weight",
    "rows_from_units",
    "whole_life",
]

#: Result columns of :func:`package_carbon` and their units.
COLUMNS = {
    "upfront_kgco2e": "kgCO2e (A1-A5 at t = 0)",
    "replacement_kgco2e": "kgCO2e (B4 over the horizon)",
    "in_use_kgco2e": "kgCO2e (B1 refrigerant leakage over the horizon)",
    "end_of_life_kgco2e": "kgCO2e (C1-C4)",
    "embodied_kgco2e": "kgCO2e over the horizon",
    "biogenic_kgco2": "kgCO2 stored in the products in place (not netted)",
    "operational_kgco2e_yr": "kgCO2e/yr",
    "operational_kgco2e": "kgCO2e over the horizon",
    "whole_life_kgco2e": "kgCO2e over the horizon",
    "whole_life_saved_kgco2e": "kgCO2e over the horizon, versus the baseline",
    "carbon_payback_yr": "yr",
}

# --------------------------------------------------------------------------
# one house: a table per scenario
# --------------------------------------------------------------------------


def _lines_frame(
    scenario: str, per_measure: list[tuple[str, dict[str, float]]], horizon: int, dynamic: bool
) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for name, q in per_measure:
        if not q:
            continue
        for k, v in q.items():
            one = embodied_from_quantities({k: [v]}, horizon, dynamic=dynamic)
            p = product(k)
            rows.append(
                {
                    "scenario": scenario,
                    "measure": name,
                    "product": k,
                    "quantity": v,
                    "unit": p.unit,
                    "installations": generations(p.service_life_years, horizon),
                    **{c: float(one[c][0]) for c in one},
                    "source": p.source,
                    "confidence": p.confidence,
                }
            )
    return pd.DataFrame(rows)


def package_carbon(
    house: House,
    packages: Iterable[Any] | None = None,
    *,
    horizon: int = 30,
    date: Any = STUDY_DATE,
    dynamic: bool = False,
    operational: Mapping[str, float] | pd.DataFrame | None = None,
    rules: Iterable[Any] = ("france",),
) -> pd.DataFrame:
    """Embodied, biogenic, operational and whole-life carbon of packages on one house.

    One row per scenario, the house as it is (``baseline``) first. Embodied
    carbon from :func:`package_quantities` and
    :func:`embodied_from_quantities`; operational carbon = the annual
    ``co2_kg`` of :func:`rehab.assess` (3CL conventional
    consumption × DPE GHG factors at ``date``) over the horizon;
    whole-life = embodied + operational; carbon payback = upfront embodied
    / annual operational saving versus the baseline.

    Parameters
    ----------
    house : House
    packages : iterable, optional
        Preset names, Package objects, dicts or lists of measures; default
        every preset.
    horizon : int
        Study period [yr].
    date : str or date
        Study date (factors, rules, prices).
    dynamic : bool
        Add ``dynamic_whole_life_kgco2e``: every emission weighted by the
        RE2020 dynamic coefficient of its year (:func:`re2020_weight`),
        biogenic uptake and release included. An option, off by default.
    operational : mapping or DataFrame, optional
        Scenario → annual operational emissions [kgCO2e/yr], or a table
        indexed by scenario with a ``co2_kg`` column (the table of
        :func:`rehab.assess` on this house); default: run
        :func:`rehab.assess` (hourly engine, a few seconds).
    rules : iterable
        Rule sets checked (as in assess).

    Returns
    -------
    pandas.DataFrame
        Indexed by scenario; columns ``allowed`` and :data:`COLUMNS` (units
        in ``df.attrs["units"]``). ``df.attrs["lines"]`` (as a DataFrame:
        :func:`lines`): one record per measure × product with its quantity,
        installations over the horizon, figures and the data row's source —
        every figure traceable.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> t = package_carbon(h, ["attic-only"], operational={"baseline": 5216.0, "attic-only": 4543.0})
    >>> t[["embodied_kgco2e", "operational_kgco2e", "whole_life_kgco2e"]].round(0)
                embodied_kgco2e  operational_kgco2e  whole_life_kgco2e
    scenario
    baseline                0.0            156480.0           156480.0
    attic-only            200.0            136290.0           136490.0
    >>> round(float(t.loc["attic-only", "carbon_payback_yr"]), 2)   # 147 kg x 1.35 / 673 kg/yr
    0.29
    """
    import pandas as pd

    from . import packages as _packages
    from .errors import ConstraintError

    h = _horizon(horizon)
    pkgs = [
        _packages.package(p)
        for p in (_packages.ordered_names() if packages is None else list(packages))
    ]
    names = [p.name for p in pkgs]
    if len(set(names)) != len(names) or "baseline" in names:
        raise InputError(f"packages: names must be unique and not 'baseline', got {names}")
    if operational is None:
        # the single-house orchestrator; imported here because assess sits above this module
        from .assessment import assess

        operational = assess(house, pkgs, date=date, rules=rules)
    if isinstance(operational, pd.DataFrame):  # an assess or programme table of this house
        operational = {str(k): float(v) for k, v in operational["co2_kg"].items()}
    missing = [s for s in ["baseline", *names] if s not in operational]
    if missing:
        raise InputError(f"operational: no annual emissions [kgCO2e/yr] for scenario(s) {missing}")

    rows: list[dict[str, Any]] = []
    line_frames = []
    base_op = float(operational["baseline"])
    for scen, pkg in [("baseline", None), *zip(names, pkgs, strict=True)]:
        row: dict[str, Any] = {"scenario": scen, "allowed": True, "constraint": ""}
        if pkg is None:
            per_measure: list[tuple[str, dict[str, float]]] = []
        else:
            try:
                per_measure = package_quantities(house, pkg, rules=rules, date=date)
            except ConstraintError as exc:
                row.update(allowed=False, constraint=str(exc))
                rows.append(row)
                continue
        total: dict[str, float] = {}
        for _name, q in per_measure:
            _add(total, q)
        emb = embodied_from_quantities({k: [v] for k, v in total.items()}, h, dynamic=dynamic)
        for c, v in emb.items():
            if c != "dynamic_kgco2e":
                row[c] = float(v[0])
        op_yr = float(operational[scen])
        row["operational_kgco2e_yr"] = op_yr
        row["operational_kgco2e"] = operational_over_horizon(op_yr, h)
        row["whole_life_kgco2e"] = whole_life(row["embodied_kgco2e"], row["operational_kgco2e"])
        row["carbon_payback_yr"] = (
            carbon_payback(row["upfront_kgco2e"], base_op - op_yr) if pkg is not None else math.nan
        )
        if dynamic:
            row["dynamic_whole_life_kgco2e"] = float(emb["dynamic_kgco2e"][0]) + float(
                operational_over_horizon(op_yr, h, dynamic=True)
            )
        rows.append(row)
        line_frames.append(_lines_frame(scen, per_measure, h, dynamic))
    df = pd.DataFrame(rows).set_index("scenario")
    base_wl = df.loc["baseline", "whole_life_kgco2e"]
    df["whole_life_saved_kgco2e"] = base_wl - df["whole_life_kgco2e"]
    order = ["allowed", "constraint", *[c for c in COLUMNS if c in df.columns]]
    if dynamic:
        order.append("dynamic_whole_life_kgco2e")
    df = df[order]
    df.attrs["units"] = dict(COLUMNS)
    # records, not a DataFrame: pandas compares attrs when frames are concatenated
    df.attrs["lines"] = [r for x in line_frames for r in x.to_dict("records")]
    df.attrs["settings"] = {
        "horizon": h,
        "date": str(date),
        "dynamic": dynamic,
        "house": house.name,
    }
    return df


def lines(table: pd.DataFrame) -> pd.DataFrame:
    """The measure × product lines behind a :func:`package_carbon` table, as a DataFrame.

    Examples
    --------
    >>> import rehab
    >>> t = package_carbon(rehab.archetypes.get("coron-mid-terrace"), ["attic-only"],
    ...                    operational={"baseline": 5216.0, "attic-only": 4543.0})
    >>> lines(t)[["scenario", "product", "quantity", "unit", "embodied_kgco2e"]].round(1)
         scenario     product  quantity unit  embodied_kgco2e
    0  attic-only  glass_wool     147.0   kg            199.9
    """
    import pandas as pd

    return pd.DataFrame(table.attrs.get("lines", []))


def plot_whole_life(table: pd.DataFrame, ax: Any = None, *, title: str | None = None) -> Any:
    """Whole-life carbon per scenario: stacked bars of embodied and operational, biogenic apart.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`package_carbon` table (or any frame with its columns).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default a new figure).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import rehab
    >>> t = package_carbon(rehab.archetypes.get("coron-mid-terrace"), ["attic-only"],
    ...                    operational={"baseline": 5216.0, "attic-only": 4543.0})
    >>> ax = plot_whole_life(t)
    >>> [p.get_text() for p in ax.get_xticklabels()]
    ['baseline', 'attic-only']
    """
    require_extra("matplotlib", "plot", "the whole-life carbon chart")
    import matplotlib.pyplot as plt

    t = table[table["allowed"]] if "allowed" in table.columns else table
    if ax is None:
        _fig, ax = plt.subplots(figsize=(max(4.0, 1.1 * len(t) + 2), 4))
    x = np.arange(len(t))
    tonnes = 1e-3
    up = t["upfront_kgco2e"].to_numpy(float) * tonnes
    later = (t["embodied_kgco2e"] - t["upfront_kgco2e"]).to_numpy(float) * tonnes
    op = t["operational_kgco2e"].to_numpy(float) * tonnes
    bio = t["biogenic_kgco2"].to_numpy(float) * tonnes
    ax.bar(x, up, color="#8c564b", label="embodied, upfront (A1-A5)")
    ax.bar(
        x, later, bottom=up, color="#c49c94", label="embodied, replacements + end of life + leakage"
    )
    ax.bar(x, op, bottom=up + later, color="#1f77b4", label="operational")
    ax.bar(
        x, -bio, color="#2ca02c", hatch="//", alpha=0.6, label="biogenic CO2 stored (not netted)"
    )
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(list(t.index), rotation=30, ha="right")
    ax.set_ylabel("tCO2e over the horizon")
    h = table.attrs.get("settings", {}).get("horizon")
    ax.set_title(title or (f"Whole-life carbon over {h} years" if h else "Whole-life carbon"))
    ax.legend(fontsize="small")
    return ax
