"""Portfolio phasing of a retrofit programme under a yearly budget and contractor capacity.

:func:`plan` takes the houses × packages table of a programme run
(:class:`rehab.programme.ProgrammeResult` or its ``table``), one chosen
package per house, and decides **in which year each house is done**:

* every year's spending stays within the budget (``budget_basis``: the
  owners' net cost after grants — the default —, the gross works cost, or
  the grants paid by the public funder) and the number of houses within the
  contractors' capacity;
* houses facing a **rental-ban deadline** go first. A rented house (social
  or private landlord) whose current class becomes banned for new leases on
  1 January of year Y must be done in year Y − 1 at the latest (loi
  2021-1104 Climat et Résilience and décret of August 2023: G banned from
  2025, F from 2028, E from 2034; décret 2021-19: above 450 kWh/(m²·yr) of
  final energy from 2023; :func:`rehab.labels.rental_status`). A G house is
  already banned: its deadline (2024) is *overdue* at a 2027 start, and it
  is done as early as the budget allows. Owner-occupied houses have no
  deadline;
* then as many houses as the budget allows are done (``complete=True``),
  and among the possible schedules the one with the most CO2 saved until
  2050 (``objective="deadline_then_co2"``, the default: works as early as
  the budget allows) or the largest discounted NPV
  (``"deadline_then_npv"``: beware that discounting *postpones* works whose
  NPV is negative, leaving yearly budgets unspent); ``"npv"`` and ``"co2"``
  ignore the deadlines.

The priorities are **lexicographic** (a heavy penalty taken to its limit):
the exact method (``method="milp"``) solves up to four mixed-integer
programs with :func:`scipy.optimize.milp` (HiGHS), each keeping the optimum
of the previous one as a constraint:

1. maximise the number of deadline houses done by their deadline;
2. minimise the total years of delay of the others (never-done houses count
   as done the year after ``end_year``);
3. maximise the number of houses done (``complete=True``);
4. maximise Σ value(h, y): NPV_h·(1 + r)^−(y − start_year) for ``npv``, or
   CO2 saved per year × (``co2_until`` − y) for ``co2`` (within a relative
   gap of :data:`rehab.plan_solvers.VALUE_GAP`).

The integral stages 1–3 are exact once HiGHS proves them within 0.99 (its
``mip_abs_gap`` option); a stage stopped by the time limit keeps its best
solution, and its value bounds the next stages within its proven gap.

Variables are integers x[g, y]: how many houses of group g are done in year
y. A group gathers identical houses — same scenario, budget cost, deadline
and value —, so 23,000 dwellings of a few hundred distinct kinds give a
few thousand variables and the MILP stays exact (a group of one is the
plain binary x[house, year]). ``cost_resolution`` and ``value_resolution``
merge houses whose cost or value differ by less than those amounts (the
group's largest cost enters the budget rows, so budgets still hold for
every real house).

Measured (``benchmarks/bench_planning.py``, 23,000 dwellings of
:func:`rehab.programme.synthetic_stock`, 20,521 with works, 2,560 groups,
35,840 integer variables, 2 cores, 2026-11-30): when the contractors'
capacity binds, every stage is proven optimal in 41 s (13 s with 100 €
bins of cost and NPV). When the budget binds, the yearly budgets make a
multiple knapsack: stage 1 is still exact in 0.1 s, stage 2 proven optimal
or within 0.04 % of its bound, and the later stages stop at the time limit
(39–49 s in all; ``info["stages"]`` gives each stage's status, objective
and bound); those plans have 10–15 % fewer years of delay than the greedy
ones.

Deadlines are soft: a deadline that the budget or capacity cannot meet is
reported in :attr:`Plan.unmet` with the reason, never an error.

The greedy method (``method="greedy"``) mirrors the priorities with
simple rules: (1) the houses whose deadline can still be met, latest
deadline first, each in the latest year up to its deadline with room — for
unit jobs under a capacity alone this "as late as possible" order meets
every deadline that can be met, like earliest-deadline-first, and it
leaves the early years to the houses already late —, cheapest first within
a deadline (the most houses per euro); (2) the other deadline houses, most
overdue first, in the earliest year with room; (3) the rest, cheapest first
when the budget cannot pay for every house (count before value), else by
value per euro of budget (the density rule of the fractional knapsack);
(4) houses move to an earlier year with room left when that raises their
value. It runs in O(n·years), needs no solver, and its score is compared
with the MILP's in ``tests/test_planning.py``. After a MILP stopped by its
time limit, steps (3)–(4) also fill the room it left.

Examples
--------
>>> import pandas as pd
>>> from rehab import planning
>>> table = pd.DataFrame({
...     "house_id": ["a", "a", "b", "b", "c", "c"],
...     "scenario": ["baseline", "deep"] * 3,
...     "owner": ["social_landlord"] * 6,
...     "dpe_class": ["F", "C", "E", "C", "D", "B"],
...     "cost_ttc_eur": [0.0, 40e3, 0.0, 30e3, 0.0, 20e3],
...     "subsidies_eur": [0.0, 10e3, 0.0, 0.0, 0.0, 0.0],
...     "npv_eur": [0.0, -5e3, 0.0, -8e3, 0.0, 2e3],
...     "co2_kg": [6000.0, 1000.0, 4000.0, 900.0, 3000.0, 500.0]})
>>> p = planning.plan(table, budget_per_year=35e3, start_year=2027, end_year=2029)
>>> p.schedule[["house_id", "year", "net_cost_eur", "deadline", "meets_deadline"]]
  house_id  year  net_cost_eur  deadline  meets_deadline
0        a  2027       30000.0      2027            True
1        b  2028       30000.0      2033            True
2        c  2029       20000.0      <NA>            True

House a (class F, banned from 2028) goes first; then b, which saves more
CO2 per year than c (3.1 t against 2.5 t), so doing it first saves more by
2050 (the default objective). With the NPV objective c (positive NPV) would
come before b (negative NPV, postponed):

>>> q = planning.plan(table, budget_per_year=35e3, start_year=2027, end_year=2029,
...                   objective="deadline_then_npv")
>>> q.schedule["house_id"].tolist()
['a', 'c', 'b']
>>> p.checks
{'budget': True, 'capacity': True, 'deadlines': True}
"""

from __future__ import annotations

import datetime as _dt
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from . import finance, labels
from .errors import ConstraintError, InputError, UnknownNameError
from .plan_cashflows import cashflows
from .plan_solvers import (
    _ABS_TOL,
    RENTED_OWNERS,
    _improve,
    _key,
    _Problem,
    _solve_greedy,
    _solve_milp,
    _subset,
)
from .threecl import CLASSES

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BUDGET_BASES",
    "CLASSES",
    "CO2_UNTIL",
    "METHODS",
    "PLAN_OBJECTIVES",
    "Plan",
    "cashflows",
    "deadline_year",
    "default_choice",
    "plan",
]

#: Objectives of :func:`plan` (the order of the works under a budget; the objectives of a
#: programme's choice of package are :data:`rehab.objectives.OBJECTIVES`).
PLAN_OBJECTIVES = ("deadline_then_npv", "deadline_then_co2", "npv", "co2")
#: Methods of :func:`plan`.
METHODS = ("milp", "greedy")
#: What the yearly budget pays: the owners' net cost (works TTC − grants),
#: the gross works cost TTC, or the grants (the public funder's budget).
BUDGET_BASES = ("net", "gross", "subsidies")
#: Year until which CO2 savings are counted in the ``co2`` objectives: 2050,
#: the carbon-neutrality year of the Stratégie nationale bas-carbone (loi
#: 2019-1147 énergie-climat, art. L100-4 code de l'énergie).
CO2_UNTIL = 2050



# --------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------


def _frame(result: Any) -> pd.DataFrame:
    """The programme table as a DataFrame with house_id and scenario columns."""
    import pandas as pd

    table = result.table if hasattr(result, "table") else result
    if not isinstance(table, pd.DataFrame):
        raise InputError(
            f"result: expected a ProgrammeResult or its table (pandas.DataFrame), "
            f"got {type(result).__name__}"
        )
    df = table
    missing_cols = [c for c in ("house_id", "scenario") if c not in df.columns]
    if missing_cols and all(c in (df.index.names or []) for c in missing_cols):
        df = df.reset_index()
    for c in ("house_id", "scenario"):
        if c not in df.columns:
            raise InputError(
                f"result table: column {c!r} missing; expected one row per (house_id, scenario)"
            )
    return df.reset_index(drop=True)


def _need(df: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(
            f"{what}: column(s) {', '.join(missing)} missing; the table has {', '.join(map(str, df.columns))}"
        )


def _class_rank(c: Any) -> int:
    if not isinstance(c, str) or c not in CLASSES:
        raise UnknownNameError("DPE class", c, CLASSES)
    return CLASSES.index(c)


def deadline_year(label: str, final_energy_m2: float = 0.0) -> int | None:
    """Last year in which a rented house of this class can be done before its ban.

    The ban of the class (G 2025, F 2028, E 2034) or of the 450 kWh/(m²·yr)
    decency rule (2023) starts on 1 January of year Y; works must be
    finished in year Y − 1. None for class D or better.

    Examples
    --------
    >>> deadline_year("F"), deadline_year("E"), deadline_year("G"), deadline_year("D")
    (2027, 2033, 2024, None)
    >>> deadline_year("F", final_energy_m2=480.0)      # decency rule from 2023
    2022
    """
    fe = (
        0.0
        if final_energy_m2 is None or not np.isfinite(final_energy_m2)
        else float(final_energy_m2)
    )
    st = labels.rental_status(label, fe, date=_dt.date(2022, 1, 1))
    if st.deadline is None:
        return None
    return (st.deadline - _dt.timedelta(days=1)).year


def _years(start_year: Any, end_year: Any) -> np.ndarray:
    for name, v in (("start_year", start_year), ("end_year", end_year)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise InputError(f"{name}: {v!r} is not a whole year (e.g. 2027)")
        if not 1900 <= int(v) <= 2200:
            raise InputError(f"{name}: {v!r} is outside 1900..2200")
    if end_year < start_year:
        raise InputError(
            f"end_year: {end_year} is before start_year {start_year}; give end_year >= start_year"
        )
    return np.arange(int(start_year), int(end_year) + 1)


def _per_year(
    value: Any, years: np.ndarray, name: str, unit: str, *, integer: bool = False
) -> np.ndarray:
    """A per-year limit from a scalar, a sequence (one per year) or a {year: value} mapping."""
    n = len(years)
    if isinstance(value, Mapping):
        missing = [int(y) for y in years if int(y) not in {int(k) for k in value}]
        if missing:
            raise InputError(
                f"{name}: no value for year(s) {missing}; give one per year {int(years[0])}..{int(years[-1])} [{unit}]"
            )
        arr = np.array(
            [float(value[int(y)] if int(y) in value else value[str(int(y))]) for y in years]
        )
    else:
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"{name}: {value!r} is not a number [{unit}]") from None
        if arr.ndim == 0:
            arr = np.full(n, float(arr))
        elif arr.shape != (n,):
            raise InputError(
                f"{name}: {arr.shape[0] if arr.ndim == 1 else arr.shape} values given, "
                f"expected one per year {int(years[0])}..{int(years[-1])} ({n}) [{unit}]"
            )
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{name}: {float(arr[i])!r} {unit} in {int(years[i])} is not allowed; give a finite number >= 0"
        )
    if integer and np.any(arr != np.floor(arr)):
        i = int(np.flatnonzero(arr != np.floor(arr))[0])
        raise InputError(
            f"{name}: {float(arr[i])!r} {unit} in {int(years[i])} is not a whole number"
        )
    return arr


def default_choice(result: Any, target_class: str = "C", *, basis: str = "net") -> pd.DataFrame:
    """Cheapest allowed package per house reaching ``target_class`` or better.

    "Cheapest" is the lowest cost on ``basis`` (net of grants by default),
    the rule of :meth:`rehab.programme.ProgrammeResult.choose`
    (``"cheapest_reaching"``) for a bare table or another budget basis. A
    house already at the target keeps its ``baseline`` row (nothing to do);
    a house that no package brings to the target gets its best package
    (lowest class, then lowest Cep) and ``reaches_target`` False. Class C is
    the default target, that of the coal basin's mining-house programme
    (ERBM: class C or BBC); any class D or better stays rentable under the
    current calendar (E banned from 2034).

    Returns
    -------
    pandas.DataFrame
        One row per house (the table's row of the chosen scenario) plus
        ``reaches_target``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"house_id": ["a"] * 3, "scenario": ["baseline", "light", "deep"],
    ...                   "dpe_class": ["F", "D", "B"], "cost_ttc_eur": [0.0, 20e3, 60e3],
    ...                   "subsidies_eur": [0.0, 0.0, 0.0]})
    >>> default_choice(t, "D")[["house_id", "scenario", "reaches_target"]]
      house_id scenario  reaches_target
    0        a    light            True
    >>> default_choice(t, "B")["scenario"].tolist()
    ['deep']
    """
    from .objectives import choose

    df = _frame(result)
    _need(df, ("dpe_class",), "default_choice")
    _class_rank(target_class)
    out = choose(df, "cheapest_reaching", target_class, cost=_basis_cost(df, basis), fallback="best")
    return out.drop(columns="reason")


def _basis_cost(df: pd.DataFrame, basis: str) -> np.ndarray:
    if basis not in BUDGET_BASES:
        raise UnknownNameError("budget_basis", basis, BUDGET_BASES)
    _need(df, ("cost_ttc_eur",), f"budget_basis={basis!r}")
    gross = df["cost_ttc_eur"].to_numpy(dtype=float)
    grants = (
        df["subsidies_eur"].to_numpy(dtype=float)
        if "subsidies_eur" in df.columns
        else np.zeros(len(df))
    )
    if basis == "gross":
        return gross
    if basis == "subsidies":
        if "public_subsidies_eur" in df.columns:
            return df["public_subsidies_eur"].to_numpy(dtype=float)
        return grants
    if "net_cost_eur" in df.columns:
        return df["net_cost_eur"].to_numpy(dtype=float)
    return gross - grants


# --------------------------------------------------------------------------
# the plan
# --------------------------------------------------------------------------


@dataclass
class Plan:
    """A phased programme: which house is done in which year.

    Attributes
    ----------
    schedule : pandas.DataFrame
        One row per house done: ``house_id``, ``year``, ``scenario``,
        ``owner``, ``class_before``, ``class_after``, ``cost_ttc_eur``,
        ``subsidies_eur``, ``public_subsidies_eur``, ``net_cost_eur``,
        ``budget_cost_eur`` [EUR], ``deadline`` (last year to be done
        before the rental ban; <NA> if none), ``ban_date``,
        ``meets_deadline``, ``npv_eur`` [EUR], ``savings_eur`` [EUR/yr],
        ``co2_saved_kg`` [kgCO2e/yr]. Sorted by year then by input order.
    yearly : pandas.DataFrame
        One row per year: ``budget_eur``, ``spend_eur``, ``slack_eur``,
        ``houses``, ``capacity``, ``co2_saved_kg`` (annual saving of that
        year's houses) [kgCO2e/yr], ``co2_saved_cum_kg`` (annual saving of
        all houses done so far) [kgCO2e/yr], ``co2_avoided_cum_kg``
        (emissions avoided up to the end of the year, savings counted from
        the year after the works) [kgCO2e], ``spend_cum_eur``,
        ``houses_cum``, ``deadlines_met``.
    unmet : pandas.DataFrame
        Houses whose rental-ban deadline is not met: ``house_id``,
        ``class_before``, ``ban_date``, ``deadline``, ``year`` (<NA> if not
        done in the horizon), ``reason`` (``overdue``, ``budget``,
        ``capacity``, ``budget and capacity``, ``cost above the yearly
        budget``, ``package class still banned``, ``no works chosen`` — a
        rented house the choice leaves as it is, e.g. because no package
        reaches the target) and ``detail``.
    not_scheduled : pandas.DataFrame
        Houses of the choice not done within the horizon, with the reason.
    checks : dict
        ``budget``: every year's spend ≤ budget; ``capacity``: every year's
        houses ≤ capacity; ``deadlines``: every missed deadline has a
        binding reason (no year up to the deadline had room for the house).
    info : dict
        Method, objective, budget basis, groups, variables, seconds (build,
        solve), the stages' objective values and solver status, and
        ``score`` = (missed deadlines, years of delay, houses done, value).
    """

    schedule: pd.DataFrame
    yearly: pd.DataFrame
    unmet: pd.DataFrame
    not_scheduled: pd.DataFrame
    checks: dict[str, bool]
    info: dict[str, Any] = field(default_factory=dict)

    UNITS: ClassVar[dict[str, str]] = {
        "cost_ttc_eur": "EUR",
        "subsidies_eur": "EUR",
        "public_subsidies_eur": "EUR",
        "net_cost_eur": "EUR",
        "budget_cost_eur": "EUR",
        "npv_eur": "EUR",
        "savings_eur": "EUR/yr",
        "co2_saved_kg": "kgCO2e/yr",
        "budget_eur": "EUR",
        "spend_eur": "EUR",
        "slack_eur": "EUR",
        "co2_saved_cum_kg": "kgCO2e/yr",
        "co2_avoided_cum_kg": "kgCO2e",
        "spend_cum_eur": "EUR",
    }

    def check(self) -> None:
        """Raise ConstraintError if a budget or capacity year is broken or a deadline was missed without reason."""
        bad = [k for k, v in self.checks.items() if not v]
        if bad:
            raise ConstraintError(
                f"plan: check(s) failed: {', '.join(bad)}; see Plan.yearly and Plan.unmet"
            )

    @property
    def score(self) -> tuple[int, float, int, float]:
        """(missed deadlines, years of delay, houses done, value): smaller, smaller, larger, larger is better."""
        return self.info["score"]


def _houses(
    result: Any,
    df: pd.DataFrame,
    choice: pd.DataFrame | None,
    target_class: str,
    basis: str,
    rented: Any,
) -> pd.DataFrame:
    """One row per house to phase, with its baseline figures joined."""
    import pandas as pd

    if choice is not None:
        ch = _frame(choice)
    elif hasattr(result, "choose") and basis == "net":
        ch = result.choose("cheapest_reaching", target_class=target_class)
    else:
        ch = default_choice(df, target_class, basis=basis)
    if ch["house_id"].duplicated().any():
        dup = ch.loc[ch["house_id"].duplicated(), "house_id"].iloc[0]
        raise InputError(
            f"choice: house_id {dup!r} appears more than once; give one scenario per house"
        )
    idle = ch[ch["scenario"] == "baseline"]
    ch = ch[ch["scenario"] != "baseline"].copy()
    if "allowed" in ch.columns:
        refused = ch.loc[~ch["allowed"].fillna(False).astype(bool), "house_id"].tolist()
        if refused:
            raise InputError(
                f"choice: scenario not allowed for house(s) {refused[:5]}; choose an allowed package"
            )
    base = df[df["scenario"] == "baseline"].drop_duplicates("house_id").set_index("house_id")
    missing = [h for h in ch["house_id"] if h not in base.index]
    if missing:
        raise InputError(
            f"choice: house_id(s) {missing[:5]} have no baseline row in the result table"
        )
    _need(base.reset_index(), ("dpe_class",), "result table (baseline rows)")
    b = base.loc[ch["house_id"]]
    out = pd.DataFrame(
        {"house_id": ch["house_id"].to_numpy(), "scenario": ch["scenario"].to_numpy()}
    )
    out["owner"] = (
        ch["owner"].to_numpy()
        if "owner" in ch.columns
        else (b["owner"].to_numpy() if "owner" in b.columns else "social_landlord")
    )
    out["class_before"] = b["dpe_class"].to_numpy()
    out["class_after"] = ch["dpe_class"].to_numpy() if "dpe_class" in ch.columns else pd.NA
    out["reaches_target"] = (
        ch["reaches_target"].to_numpy() if "reaches_target" in ch.columns else True
    )
    for c in ("cost_ttc_eur", "subsidies_eur", "net_cost_eur"):
        if c == "net_cost_eur" and c not in ch.columns:
            out[c] = out["cost_ttc_eur"] - out["subsidies_eur"]
        elif c in ch.columns:
            out[c] = ch[c].to_numpy(dtype=float)
        elif c == "subsidies_eur":
            out[c] = 0.0
        else:
            raise InputError(f"choice: column {c!r} missing")
    out["public_subsidies_eur"] = (
        ch["public_subsidies_eur"].to_numpy(dtype=float)
        if "public_subsidies_eur" in ch.columns
        else out["subsidies_eur"].to_numpy()
    )
    out["budget_cost_eur"] = _basis_cost(ch, basis)
    neg = out["budget_cost_eur"] < 0
    if neg.any():
        raise InputError(
            f"choice: house {out.loc[neg, 'house_id'].iloc[0]!r} has a negative {basis} cost "
            f"{out.loc[neg, 'budget_cost_eur'].iloc[0]:.2f} EUR"
        )
    out["npv_eur"] = ch["npv_eur"].to_numpy(dtype=float) if "npv_eur" in ch.columns else np.nan
    out["savings_eur"] = (
        ch["savings_eur"].to_numpy(dtype=float) if "savings_eur" in ch.columns else np.nan
    )
    if "co2_kg" in ch.columns and "co2_kg" in b.columns:
        out["co2_saved_kg"] = b["co2_kg"].to_numpy(dtype=float) - ch["co2_kg"].to_numpy(dtype=float)
    elif "co2_saved_kg" in ch.columns:
        out["co2_saved_kg"] = ch["co2_saved_kg"].to_numpy(dtype=float)
    else:
        out["co2_saved_kg"] = np.nan
    if "final_energy_kwh_m2" in b.columns:
        fe = b["final_energy_kwh_m2"].to_numpy(dtype=float)
    else:
        fe = np.zeros(len(out))
    if rented is None:
        is_rented = out["owner"].isin(RENTED_OWNERS).to_numpy()
    elif isinstance(rented, bool):
        is_rented = np.full(len(out), rented)
    else:
        is_rented = out["house_id"].isin(set(rented)).to_numpy()
    dls, bans = [], []
    for cls, f, r in zip(out["class_before"], fe, is_rented, strict=True):
        _class_rank(cls)
        if not r:
            dls.append(-1)
            bans.append(None)
            continue
        d = deadline_year(cls, f)
        dls.append(-1 if d is None else d)
        bans.append(None if d is None else _dt.date(d + 1, 1, 1))
    out["deadline_i"] = np.asarray(dls, dtype=np.int64)
    out["ban_date"] = bans
    return out.reset_index(drop=True), _idle_deadlines(idle, base, rented)


def _idle_deadlines(idle: pd.DataFrame, base: pd.DataFrame, rented: Any) -> pd.DataFrame:
    """Rented houses left as they are by the choice although their class will be banned."""
    import pandas as pd

    rows = []
    for _, r in idle.iterrows():
        h = r["house_id"]
        if h not in base.index:
            continue
        b = base.loc[h]
        owner = b["owner"] if "owner" in base.columns else "social_landlord"
        is_rented = (
            owner in RENTED_OWNERS
            if rented is None
            else (rented if isinstance(rented, bool) else h in set(rented))
        )
        cls = b["dpe_class"]
        if not is_rented or cls not in CLASSES:
            continue
        fe = float(b["final_energy_kwh_m2"]) if "final_energy_kwh_m2" in base.columns else 0.0
        d = deadline_year(cls, fe)
        if d is None:
            continue
        why = str(r["reason"]) if "reason" in idle.columns and isinstance(r["reason"], str) else ""
        rows.append(
            {
                "house_id": h,
                "scenario": "baseline",
                "class_before": cls,
                "class_after": cls,
                "ban_date": _dt.date(d + 1, 1, 1),
                "deadline": d,
                "year": pd.NA,
                "reason": "no works chosen",
                "detail": why or "the choice leaves the house as it is",
            }
        )
    return pd.DataFrame(rows)


def plan(
    result: Any,
    choice: pd.DataFrame | None = None,
    *,
    budget_per_year: Any,
    capacity_per_year: Any = None,
    start_year: int = 2027,
    end_year: int = 2040,
    objective: Literal[
        "deadline_then_npv", "deadline_then_co2", "npv", "co2"
    ] = "deadline_then_co2",
    method: Literal["milp", "greedy"] = "milp",
    budget_basis: Literal["net", "gross", "subsidies"] = "net",
    target_class: str = "C",
    complete: bool = True,
    discount_rate: float = finance.DISCOUNT_RATE,
    co2_until: int = CO2_UNTIL,
    rented: Any = None,
    cost_resolution: float | None = None,
    value_resolution: float | None = None,
    time_limit: float = 60.0,
) -> Plan:
    """Phase the chosen package of each house over the years under budget and capacity.

    Parameters
    ----------
    result : ProgrammeResult or pandas.DataFrame
        A programme run (its ``table``: one row per (house_id, scenario),
        with ``baseline`` rows) or that table.
    choice : pandas.DataFrame, optional
        One row per house with the scenario to do (e.g.
        ``result.choose(...)``). Default: the cheapest package (net of
        grants, or on ``budget_basis``) reaching ``target_class`` —
        ``result.choose("cheapest_reaching", target_class)`` for a
        ProgrammeResult, :func:`default_choice` otherwise. Rows whose
        scenario is ``baseline`` are skipped (nothing to do).
    budget_per_year : float, sequence or mapping
        Yearly budget [EUR/yr]: one number for every year, one per year
        from ``start_year`` to ``end_year``, or ``{year: amount}``.
    capacity_per_year : int, sequence or mapping, optional
        Contractors' capacity [houses/yr]; None: no limit.
    start_year, end_year : int
        First and last year of works (inclusive).
    objective : {"deadline_then_npv", "deadline_then_co2", "npv", "co2"}
        Rental-ban deadlines first (for rented houses), then the CO2 saved
        until ``co2_until`` (default: works as early as the budget allows)
        or the discounted NPV (postpones negative-NPV works);
        ``npv``/``co2`` ignore deadlines.
    method : {"milp", "greedy"}
        Exact lexicographic MILP (:func:`scipy.optimize.milp`) or the
        greedy heuristic (module notes).
    budget_basis : {"net", "gross", "subsidies"}
        What the budget pays: owners' net cost (TTC − grants), gross cost
        TTC, or the grants (a public funder's budget).
    target_class : str
        Target of the default choice (default "C").
    complete : bool
        Do as many houses as the budget allows before ranking by value
        (True), or only those whose value is positive plus the deadline
        houses (False).
    discount_rate : float
        Real rate for the NPV objective [1/yr] (3.2 %, France Stratégie 2021).
    co2_until : int
        Year until which CO2 savings are counted (2050, SNBC).
    rented : None, bool or iterable of house_id
        Houses the rental ban applies to; default the rows whose ``owner``
        is a social or private landlord.
    cost_resolution : float, optional
        Merge houses whose budget cost differs by less than this [EUR]
        (MILP size; budgets still hold: a group's largest cost is used).
    value_resolution : float, optional
        Merge houses whose objective value differs by less than about this
        [EUR of NPV, or kgCO2e/yr] (the group's mean value is optimised; the
        plan's score is recomputed with each house's own value).
    time_limit : float
        Time limit of the MILP stages together [s]. A stage stopped by it
        keeps its best solution (later stages keep it as a bound), a stage
        that found none leaves the previous stage's plan, ``info["optimal"]``
        is then False, and the greedy plan is returned instead if it scores
        better.

    Returns
    -------
    Plan

    Raises
    ------
    InputError
        Negative budget or capacity, end_year before start_year, bad choice.
    UnknownNameError
        Unknown objective, method or budget basis.
    """

    if objective not in PLAN_OBJECTIVES:
        raise UnknownNameError("objective", objective, PLAN_OBJECTIVES)
    if method not in METHODS:
        raise UnknownNameError("method", method, METHODS)
    if budget_basis not in BUDGET_BASES:
        raise UnknownNameError("budget_basis", budget_basis, BUDGET_BASES)
    years = _years(start_year, end_year)
    budget = _per_year(budget_per_year, years, "budget_per_year", "EUR/yr")
    capacity = (
        np.full(len(years), np.inf)
        if capacity_per_year is None
        else _per_year(capacity_per_year, years, "capacity_per_year", "houses/yr", integer=True)
    )
    if not (np.isfinite(discount_rate) and discount_rate > -1):
        raise InputError(
            f"discount_rate: {discount_rate!r} 1/yr; give a fraction > -1 (0.032 = 3.2 %)"
        )
    if cost_resolution is not None and not (np.isfinite(cost_resolution) and cost_resolution > 0):
        raise InputError(f"cost_resolution: {cost_resolution!r} EUR; give a number > 0 or None")
    if value_resolution is not None and not (
        np.isfinite(value_resolution) and value_resolution > 0
    ):
        raise InputError(
            f"value_resolution: {value_resolution!r} (EUR or kgCO2e/yr); give a number > 0 or None"
        )
    if not (np.isfinite(time_limit) and time_limit > 0):
        raise InputError(f"time_limit: {time_limit!r} s; give a number > 0")
    df = _frame(result)
    h, idle = _houses(result, df, choice, target_class, budget_basis, rented)
    value_col = "npv_eur" if objective.endswith("npv") else "co2_saved_kg"
    value = h[value_col].to_numpy(dtype=float)
    if np.isnan(value).any():
        raise InputError(
            f"objective={objective!r} needs {value_col!r} for every house; "
            f"missing for {h.loc[np.isnan(value), 'house_id'].tolist()[:5]}"
        )
    p = _Problem(
        ids=h["house_id"].to_numpy(),
        cost=h["budget_cost_eur"].to_numpy(dtype=float),
        deadline=h["deadline_i"].to_numpy(dtype=np.int64),
        value=value,
        years=years,
        budget=budget,
        capacity=capacity,
        objective=objective,
        rate=float(discount_rate),
        co2_until=int(co2_until),
        complete=bool(complete),
    )
    if not complete:
        # only positive-value houses, plus deadline houses when deadlines count
        keep = (p.value > 0) | ((p.deadline >= 0) & p.uses_deadlines)
        skipped = h.loc[~keep]
        h, p = h.loc[keep].reset_index(drop=True), _subset(p, keep)
    else:
        skipped = h.iloc[0:0]
    t0 = time.perf_counter()
    if len(h) == 0:
        year_idx, info = (
            np.zeros(0, dtype=np.int64),
            {"solve_s": 0.0, "build_s": 0.0, "optimal": True},
        )
    elif method == "milp":
        year_idx, info = _solve_milp(p, cost_resolution, time_limit, value_resolution)
        if not info["optimal"]:
            year_idx = _improve(p, year_idx)
            # stopped by the time limit: never return worse than the greedy plan
            g_idx, _ = _solve_greedy(p)
            if _key(p.score(g_idx)) < _key(p.score(year_idx)):
                info["fallback"] = "greedy plan kept: the MILP stopped by its time limit did worse"
                year_idx = g_idx
    else:
        year_idx, info = _solve_greedy(p)
    info.update(
        method=method,
        objective=objective,
        budget_basis=budget_basis,
        houses=len(h),
        seconds=time.perf_counter() - t0,
        score=p.score(year_idx) if len(h) else (0, 0.0, 0, 0.0),
    )
    log.info(
        "plan: %d house(s) over %d-%d, %s (%s), optimal %s, %d left out, %.2f s",
        len(h), start_year, end_year, method, objective, info.get("optimal"), len(skipped),
        info["seconds"],
    )
    return _assemble(h, p, year_idx, info, skipped, target_class, idle)


def _assemble(
    h: pd.DataFrame,
    p: _Problem,
    year_idx: np.ndarray,
    info: dict,
    skipped: pd.DataFrame,
    target_class: str,
    idle: pd.DataFrame | None = None,
) -> Plan:
    import pandas as pd

    years = p.years
    done = year_idx >= 0
    yr = np.where(done, years[np.maximum(year_idx, 0)], -1)
    has_dl = p.deadline >= 0
    dl_col = pd.array(np.where(has_dl, p.deadline, 0), dtype="Int64")
    dl_col[~has_dl] = pd.NA
    rentable = _rentable(h)
    after_horizon = ~done & (p.deadline > years[-1])  # may still be done in time
    meets = ~has_dl | (done & (yr <= p.deadline) & rentable) | after_horizon
    cols = [
        "house_id",
        "scenario",
        "owner",
        "class_before",
        "class_after",
        "cost_ttc_eur",
        "subsidies_eur",
        "public_subsidies_eur",
        "net_cost_eur",
        "budget_cost_eur",
    ]
    sched = h[cols].copy()
    sched.insert(1, "year", yr)
    sched["deadline"] = dl_col
    sched["ban_date"] = h["ban_date"].to_numpy()
    sched["meets_deadline"] = meets
    for c in ("npv_eur", "savings_eur", "co2_saved_kg"):
        sched[c] = h[c].to_numpy(dtype=float)
    sched["_order"] = np.arange(len(sched))
    full = sched
    sched = sched[done].sort_values(["year", "_order"], kind="stable").drop(columns="_order")
    sched = sched.reset_index(drop=True)
    sched["year"] = sched["year"].astype(np.int64)

    # yearly summary
    n_y = len(years)
    spend = np.bincount(year_idx[done], weights=p.cost[done], minlength=n_y)
    houses = np.bincount(year_idx[done], minlength=n_y)
    co2 = h["co2_saved_kg"].to_numpy(dtype=float)
    co2_new = np.bincount(year_idx[done], weights=np.nan_to_num(co2[done]), minlength=n_y)
    co2_cum = np.cumsum(co2_new)
    avoided = np.cumsum(np.concatenate(([0.0], co2_cum[:-1])))
    met_by_year = np.bincount(year_idx[done & has_dl & meets], minlength=n_y)
    yearly = pd.DataFrame(
        {
            "year": years,
            "budget_eur": p.budget,
            "spend_eur": spend,
            "slack_eur": p.budget - spend,
            "houses": houses,
            "capacity": p.capacity,
            "co2_saved_kg": co2_new,
            "co2_saved_cum_kg": co2_cum,
            "co2_avoided_cum_kg": avoided,
            "spend_cum_eur": np.cumsum(spend),
            "houses_cum": np.cumsum(houses),
            "deadlines_met": met_by_year,
        }
    )

    # unmet deadlines and their reasons
    urows, reason_ok = _unmet_rows(h, p, done, yr, meets, has_dl, rentable, p.budget - spend, p.capacity - houses)
    unmet_cols = [
        "house_id",
        "scenario",
        "class_before",
        "class_after",
        "ban_date",
        "deadline",
        "year",
        "reason",
        "detail",
    ]
    unmet = pd.DataFrame(urows, columns=unmet_cols)
    if idle is not None and len(idle):
        unmet = (
            pd.concat([unmet, idle[unmet_cols]], ignore_index=True)
            if len(unmet)
            else idle[unmet_cols].reset_index(drop=True)
        )
    if len(unmet):
        unmet["deadline"] = unmet["deadline"].astype("Int64")
        unmet["year"] = unmet["year"].astype("Int64")

    ns = full[~done].drop(columns="_order")
    ns = ns[["house_id", "scenario", "owner", "class_before", "budget_cost_eur", "deadline"]].copy()
    ns["reason"] = "budget or capacity exhausted within the horizon"
    if len(skipped):
        sk = skipped[["house_id", "scenario", "owner", "class_before", "budget_cost_eur"]].copy()
        sk["deadline"] = pd.array([pd.NA] * len(sk), dtype="Int64")
        sk["reason"] = "value <= 0 and complete=False"
        ns = pd.concat([ns, sk], ignore_index=True)
    ns = ns.reset_index(drop=True)

    checks = {
        "budget": bool(np.all(spend <= p.budget + _ABS_TOL * (1 + houses))),
        "capacity": bool(np.all(houses <= p.capacity)),
        "deadlines": bool(reason_ok),
    }
    info["target_class"] = target_class
    return Plan(
        schedule=sched, yearly=yearly, unmet=unmet, not_scheduled=ns, checks=checks, info=info
    )


def _unmet_rows(h: pd.DataFrame, p: _Problem, done: np.ndarray, yr: np.ndarray, meets: np.ndarray,
                has_dl: np.ndarray, rentable: np.ndarray, slack_b: np.ndarray,
                slack_k: np.ndarray) -> tuple[list[dict[str, Any]], bool]:
    """Every rental-ban deadline the plan misses, with why (overdue, class still banned, cost
    above the budget, budget and/or capacity full); False when one is missed for no reason
    (the plan is not optimal)."""
    import pandas as pd

    years = p.years
    urows = []
    reason_ok = True
    for i in np.flatnonzero(has_dl & ~meets):
        d = int(p.deadline[i])
        base = {
            "house_id": h["house_id"].iloc[i],
            "scenario": h["scenario"].iloc[i],
            "class_before": h["class_before"].iloc[i],
            "class_after": h["class_after"].iloc[i],
            "ban_date": h["ban_date"].iloc[i],
            "deadline": d,
            "year": int(yr[i]) if done[i] else pd.NA,
        }
        win = np.flatnonzero(years <= d)
        if d < years[0]:
            reason = "overdue"
            detail = (
                f"class {base['class_before']} banned for new leases since "
                f"{base['ban_date'].isoformat()}, before the programme starts in {int(years[0])}"
            )
        elif done[i] and yr[i] <= d and not rentable[i]:
            reason = "package class still banned"
            detail = (
                f"done in {int(yr[i])} but the package reaches class {base['class_after']}, "
                f"still banned on {base['ban_date'].isoformat()}"
            )
        elif p.cost[i] > p.budget[win].max() + _ABS_TOL:
            reason = "cost above the yearly budget"
            detail = (
                f"cost {p.cost[i]:,.0f} EUR is above every yearly budget up to {d} "
                f"(largest {p.budget[win].max():,.0f} EUR)"
            )
        else:
            # own cost/slot freed if the house is done later: it would move, not add
            b_bound = slack_b[win] + _ABS_TOL < p.cost[i]
            k_bound = slack_k[win] < 1
            if np.all(b_bound) and np.all(k_bound):
                reason = "budget and capacity"
            elif np.all(b_bound | k_bound):
                reason = (
                    "budget"
                    if np.all(b_bound)
                    else ("capacity" if np.all(k_bound) else "budget and capacity")
                )
            else:
                reason = "not optimal"
                reason_ok = False
            detail = (
                f"every year {int(years[0])}-{d} is full: budget left "
                f"{', '.join(f'{v:,.0f}' for v in slack_b[win])} EUR < {p.cost[i]:,.0f} EUR"
                if reason == "budget"
                else f"years {int(years[0])}-{d}: budget left "
                f"{', '.join(f'{v:,.0f}' for v in slack_b[win])} EUR (cost {p.cost[i]:,.0f}), "
                f"capacity left {', '.join(f'{v:g}' for v in slack_k[win])} houses"
            )
        base.update(reason=reason, detail=detail)
        urows.append(base)
    return urows, reason_ok


def _rentable(h: pd.DataFrame) -> np.ndarray:
    """The chosen class is allowed for rent at the ban date (better than the banned class)."""
    out = []
    for after, ban in zip(h["class_after"], h["ban_date"], strict=True):
        if ban is None or not isinstance(after, str) or after not in CLASSES:
            out.append(True)
            continue
        st = labels.rental_status(after, 0.0, ban)
        out.append(bool(st.allowed))
    return np.asarray(out, dtype=bool)
