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
   gap of :data:`VALUE_GAP`).

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
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from . import finance, labels
from .errors import ConstraintError, InputError, UnknownNameError
from .threecl import CLASSES

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
#: Rented owner types: the rental ban applies to them.
RENTED_OWNERS = ("social_landlord", "private_landlord")

_ABS_TOL = 1e-6  # [EUR] slack on budget checks (float sums)
#: Relative optimality gap of the last (value) MILP stage: 1e-4 of the
#: programme's total value (proving the last euro of a multi-knapsack costs
#: far more time than it is worth). The integral stages are solved exactly.
VALUE_GAP = 1e-4


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
# the problem
# --------------------------------------------------------------------------


@dataclass
class _Problem:
    """Houses to phase, as arrays (one entry per house)."""

    ids: np.ndarray  # house_id (object)
    cost: np.ndarray  # budget cost [EUR]
    deadline: np.ndarray  # works-by year (int; -1 = none)
    value: np.ndarray  # NPV [EUR] or CO2 saved [kg/yr]
    years: np.ndarray
    budget: np.ndarray
    capacity: np.ndarray  # inf = none
    objective: str
    rate: float
    co2_until: int
    complete: bool

    @property
    def uses_deadlines(self) -> bool:
        return self.objective.startswith("deadline_then") and bool((self.deadline >= 0).any())

    def value_matrix(self, value: np.ndarray | None = None) -> np.ndarray:
        """Value of doing each house in each year, shape (n, years)."""
        v = self.value if value is None else value
        y = self.years.astype(float)
        if self.objective.endswith("npv"):
            d = (1.0 + self.rate) ** -(y - y[0])
            return v[:, None] * d[None, :]
        return v[:, None] * np.maximum(self.co2_until - y, 0.0)[None, :]

    def lateness(self) -> np.ndarray:
        """Years of delay of each house in each year (0 when on time), shape (n, years)."""
        dl = self.deadline[:, None]
        late = np.maximum(self.years[None, :] - dl, 0)
        return np.where(dl >= 0, late, 0).astype(float)

    def never_lateness(self) -> np.ndarray:
        """Delay counted for a deadline house not done in the horizon [yr] (0 if its deadline is after it)."""
        return np.where(
            self.deadline >= 0, np.maximum(self.years[-1] + 1 - self.deadline, 0), 0
        ).astype(float)

    def score(self, year_idx: np.ndarray) -> tuple[int, float, int, float]:
        """(missed deadlines, years of delay, houses done, value) of an assignment (−1 = not done)."""
        done = year_idx >= 0
        has = self.deadline >= 0
        yr = np.where(done, self.years[np.maximum(year_idx, 0)], self.years[-1] + 1)
        # a house not done whose deadline is after the horizon may still be done in time
        missed = int(np.sum(has & (yr > self.deadline))) if self.uses_deadlines else 0
        late = 0.0
        if self.uses_deadlines:
            lm = self.lateness()
            late = float(
                np.sum(np.where(done & has, lm[np.arange(len(yr)), np.maximum(year_idx, 0)], 0.0))
                + np.sum(np.where(~done & has, self.never_lateness(), 0.0))
            )
        vm = self.value_matrix()
        val = float(np.sum(np.where(done, vm[np.arange(len(yr)), np.maximum(year_idx, 0)], 0.0)))
        return missed, late, int(done.sum()), val


def _groups(
    p: _Problem, cost_resolution: float | None, value_resolution: float | None = None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Group identical houses; returns (group index per house, group arrays)."""
    import pandas as pd

    cost_key = p.cost if not cost_resolution else np.ceil(p.cost / cost_resolution - 1e-9)
    value_key = p.value if not value_resolution else np.round(p.value / value_resolution)
    key = pd.DataFrame(
        {
            "c": np.round(cost_key, 2),
            "d": p.deadline,
            "v": np.round(value_key, 2),
        }
    )
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(key), sort=False)
    n_g = len(uniques)
    count = np.bincount(codes, minlength=n_g).astype(float)
    cost = np.full(n_g, -np.inf)
    np.maximum.at(cost, codes, p.cost)  # the group's largest cost: budgets hold for each member
    value = np.bincount(codes, weights=p.value, minlength=n_g) / count
    deadline = np.zeros(n_g, dtype=np.int64)
    deadline[codes] = p.deadline
    return codes, {"count": count, "cost": cost, "value": value, "deadline": deadline}


def _solve_milp(
    p: _Problem,
    cost_resolution: float | None,
    time_limit: float,
    value_resolution: float | None = None,
) -> tuple[np.ndarray, dict]:
    """Lexicographic MILP on groups of identical houses; returns year index per house."""
    from scipy.optimize import LinearConstraint, milp
    from scipy.sparse import coo_array, csr_array, vstack

    t0 = time.perf_counter()
    codes, g = _groups(p, cost_resolution, value_resolution)
    n_g, n_y = len(g["count"]), len(p.years)
    nv = n_g * n_y
    gi = np.repeat(np.arange(n_g), n_y)
    yi = np.tile(np.arange(n_y), n_g)
    # bounds: a group cannot be done in a year whose budget is below its cost
    ub = np.repeat(g["count"], n_y)
    too_dear = g["cost"][gi] > p.budget[yi] + _ABS_TOL
    cap0 = np.isfinite(p.capacity[yi]) & (p.capacity[yi] < 1)
    ub = np.where(too_dear | cap0, 0.0, ub)
    # budget rows in units of the median cost (HiGHS prefers coefficients near 1)
    unit = float(np.median(g["cost"][g["cost"] > 0])) if np.any(g["cost"] > 0) else 1.0
    rows = [
        coo_array((np.ones(nv), (gi, np.arange(nv))), shape=(n_g, nv)),
        coo_array((g["cost"][gi] / unit, (yi, np.arange(nv))), shape=(n_y, nv)),
    ]
    lo = [np.zeros(n_g), np.full(n_y, -np.inf)]
    hi = [g["count"], (p.budget + _ABS_TOL) / unit]
    capped = np.isfinite(p.capacity)
    if capped.any():
        keep = capped[yi]
        cap_rows = np.flatnonzero(capped)
        remap = -np.ones(n_y, dtype=np.int64)
        remap[cap_rows] = np.arange(len(cap_rows))
        rows.append(
            coo_array(
                (np.ones(int(keep.sum())), (remap[yi[keep]], np.flatnonzero(keep))),
                shape=(len(cap_rows), nv),
            )
        )
        lo.append(np.full(len(cap_rows), -np.inf))
        hi.append(p.capacity[capped])
    a = csr_array(vstack(rows))
    constraints = [LinearConstraint(a, np.concatenate(lo), np.concatenate(hi))]
    integrality = np.ones(nv)
    bounds = (np.zeros(nv), ub)
    dl = g["deadline"]
    years = p.years
    stages: list[tuple[str, np.ndarray, float, bool]] = []  # name, c (minimise), constant, integral
    if p.uses_deadlines:
        # deadlines within the horizon count as missed unless done on time
        within = (dl >= 0) & (dl <= years[-1])
        on_time = (within[gi] & (years[yi] <= dl[gi])).astype(float)
        stages.append(("missed", -on_time, float(g["count"][within].sum()), True))
        late = np.where(dl[gi] >= 0, np.maximum(years[yi] - dl[gi], 0), 0).astype(float)
        never = np.where(dl >= 0, np.maximum(years[-1] + 1 - dl, 0), 0).astype(float)
        stages.append(("delay_years", late - never[gi], float((never * g["count"]).sum()), True))
    if p.complete:
        stages.append(("not_done", -np.ones(nv), float(g["count"].sum()), True))
    gp = _Problem(
        ids=np.arange(n_g),
        cost=g["cost"],
        deadline=dl,
        value=g["value"],
        years=years,
        budget=p.budget,
        capacity=p.capacity,
        objective=p.objective,
        rate=p.rate,
        co2_until=p.co2_until,
        complete=p.complete,
    )
    vm = gp.value_matrix().ravel()
    scale = max(float(np.abs(vm).max()), 1.0)
    stages.append(("value", -vm / scale, 0.0, False))
    info: dict[str, Any] = {
        "groups": n_g,
        "variables": nv,
        "constraints": a.shape[0],
        "stages": {},
    }
    x = np.zeros(nv)
    build = time.perf_counter() - t0
    solve = 0.0
    t_end = t0 + float(time_limit)
    for k, (name, c, const, integral) in enumerate(stages):
        t1 = time.perf_counter()
        # share the time left among the stages left
        left = (t_end - t1) / (len(stages) - k)
        if t_end - t1 <= 0.05:
            info["stages"][name] = {
                "status": 1,
                "message": "not run: time limit reached",
                "seconds": 0.0,
            }
            break
        # integral stages: stop within 0.99 of the bound (then optimal);
        # the value stage: within VALUE_GAP of the bound
        opts = {"time_limit": max(left, 0.05), "mip_rel_gap": 0.0 if integral else VALUE_GAP}
        if integral:
            opts["mip_abs_gap"] = 0.99  # a HiGHS option scipy passes on verbatim
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Unrecognized options detected")
            res = milp(
                c, integrality=integrality, bounds=bounds, constraints=constraints, options=opts
            )
        solve += time.perf_counter() - t1
        if res.x is None:  # stopped before finding a solution: keep the previous stage's plan
            info["stages"][name] = {
                "status": int(res.status),
                "message": f"no solution found ({res.message}); previous stage's plan kept",
                "seconds": time.perf_counter() - t1,
            }
            break
        x = np.round(res.x)
        fun = float(c @ x)
        bound = getattr(res, "mip_dual_bound", None)
        gap = max(fun - float(bound), 0.0) if bound is not None and np.isfinite(bound) else 0.0
        info["stages"][name] = {
            "objective": (const + fun) if name != "value" else -fun * scale,
            "bound": (const + float(bound)) if (bound is not None and name != "value") else None,
            "status": int(res.status),
            "message": str(res.message),
            "mip_gap": float(getattr(res, "mip_gap", np.nan) or 0.0),
            "seconds": time.perf_counter() - t1,
        }
        if integral:
            # later stages keep this stage's value: exact when it was proven (integral
            # objective, 0.5 margin); within its unproven gap otherwise
            slack = 0.5 if res.status == 0 else 0.5 + np.floor(gap)
            constraints.append(LinearConstraint(csr_array(c[None, :]), -np.inf, fun + slack))
    info["build_s"] = build
    info["solve_s"] = solve
    info["optimal"] = all(name in info["stages"] for name, *_ in stages) and all(
        s["status"] == 0 for s in info["stages"].values()
    )
    # disaggregate: members of a group take its years in house order
    counts = x.reshape(n_g, n_y).astype(np.int64)
    year_idx = -np.ones(len(p.ids), dtype=np.int64)
    members = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[members], np.arange(n_g))
    for gg in np.flatnonzero(counts.sum(axis=1)):
        mem = members[starts[gg] : starts[gg] + int(g["count"][gg])]
        ys = np.repeat(np.arange(n_y), counts[gg])
        year_idx[mem[: len(ys)]] = ys
    return year_idx, info


def _density(p: _Problem) -> np.ndarray:
    """Value per euro of budget (value itself, signed, for houses costing nothing)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(
            p.cost > 0, p.value / np.where(p.cost > 0, p.cost, 1.0), np.sign(p.value) * np.inf
        )
    return np.nan_to_num(d, nan=0.0, posinf=1e300, neginf=-1e300)


def _improve(p: _Problem, year_idx: np.ndarray) -> np.ndarray:
    """Fill the room left with houses not done, then move houses earlier where it raises their value.

    Neither step can miss a deadline or add delay: a house added was not
    done at all, a house moved earlier keeps or meets its deadline.
    """
    year_idx = year_idx.copy()
    n = len(p.ids)
    done = year_idx >= 0
    left = p.budget - np.bincount(year_idx[done], weights=p.cost[done], minlength=len(p.years))
    cap = p.capacity - np.bincount(year_idx[done], minlength=len(p.years))
    density = _density(p)
    idx = np.arange(n)
    has = p.deadline >= 0
    for i in np.lexsort((idx, -density, np.where(has & p.uses_deadlines, p.deadline, 10**6))):
        if year_idx[i] >= 0 or not p.complete:
            continue
        ok = np.flatnonzero((left + _ABS_TOL >= p.cost[i]) & (cap >= 1))
        if ok.size:
            y = int(ok[0])
            left[y] -= p.cost[i]
            cap[y] -= 1
            year_idx[i] = y
    vm = p.value_matrix()
    for i in np.lexsort((idx, -density)):
        y = year_idx[i]
        if y <= 0:
            continue
        room = np.flatnonzero((left[:y] + _ABS_TOL >= p.cost[i]) & (cap[:y] >= 1))
        if room.size and vm[i, room[0]] > vm[i, y]:
            z = int(room[0])
            left[y] += p.cost[i]
            cap[y] += 1
            left[z] -= p.cost[i]
            cap[z] -= 1
            year_idx[i] = z
    return year_idx


def _solve_greedy(p: _Problem) -> tuple[np.ndarray, dict]:
    """Deadline houses first (on time, as late as allowed), then value per euro; then :func:`_improve`."""
    t0 = time.perf_counter()
    n = len(p.ids)
    density = _density(p)
    left = p.budget.astype(float).copy()
    cap = p.capacity.astype(float).copy()
    year_idx = -np.ones(n, dtype=np.int64)

    def place(order: np.ndarray, last: np.ndarray | None = None) -> None:
        """Each house in the earliest year with room (or the latest up to ``last``)."""
        for i in order:
            if year_idx[i] >= 0:
                continue
            room = (left + _ABS_TOL >= p.cost[i]) & (cap >= 1)
            if last is not None:
                room &= p.years <= last[i]
            ok = np.flatnonzero(room)
            if ok.size == 0:
                continue
            y = int(ok[-1] if last is not None else ok[0])
            left[y] -= p.cost[i]
            cap[y] -= 1
            year_idx[i] = y

    idx = np.arange(n)
    has = p.deadline >= 0
    # when the budget cannot pay for every house, the cheapest first do the most
    # houses (the count comes before the value); otherwise value per euro first
    short = p.complete and p.cost.sum() > p.budget.sum() + _ABS_TOL
    rank = p.cost if short else -density
    if p.uses_deadlines:
        # 1. deadlines that can still be met, each as late as its deadline allows (latest
        #    deadline first), which leaves the early years to the houses already late
        m = has & (p.deadline >= p.years[0])
        place(idx[m][np.lexsort((idx[m], -density[m], p.cost[m], -p.deadline[m]))], p.deadline)
        # 2. the other deadline houses (overdue, or no room on time), most overdue first
        place(idx[has][np.lexsort((idx[has], -density[has], p.cost[has], p.deadline[has]))])
        rest = ~has
    else:
        rest = np.ones(n, dtype=bool)
    # 3. everything else, earliest year with room
    if not p.complete:
        rest = rest & (p.value > 0)
    place(idx[rest][np.lexsort((idx[rest], rank[rest]))])
    # 4. move houses earlier into the room left when that raises their value
    year_idx = _improve(p, year_idx)
    return year_idx, {"solve_s": time.perf_counter() - t0, "build_s": 0.0, "optimal": False}


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
    return _assemble(h, p, year_idx, info, skipped, target_class, idle)


def _key(score: tuple[int, float, int, float]) -> tuple[float, float, float, float]:
    """Sort key of a score: smaller is better."""
    missed, delay, done, value = score
    return (missed, round(delay, 6), -done, -round(value, 2))


def _subset(p: _Problem, keep: np.ndarray) -> _Problem:
    return _Problem(
        ids=p.ids[keep],
        cost=p.cost[keep],
        deadline=p.deadline[keep],
        value=p.value[keep],
        years=p.years,
        budget=p.budget,
        capacity=p.capacity,
        objective=p.objective,
        rate=p.rate,
        co2_until=p.co2_until,
        complete=p.complete,
    )


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


# --------------------------------------------------------------------------
# cash flows
# --------------------------------------------------------------------------


def cashflows(
    result: Any,
    plan: Plan,
    *,
    horizon: int = 30,
    loan_share: float | Mapping[str, float] = 0.0,
    loan_rate: float = 0.0,
    loan_years: int = 20,
    tenant_contribution: bool = False,
    savings_escalation: float = 0.0,
) -> pd.DataFrame:
    """Yearly cash flows of the phased programme per owner type and for the public funder.

    Calendar years ``start_year .. start_year + horizon − 1``; constant
    euros of the study year (the table's prices); works paid and grants
    received in the year of the works (an assumption: in practice
    MaPrimeRénov' is paid on invoice, a few months later). Bill savings
    start the year after the works and stay constant in real terms unless
    ``savings_escalation`` is given.

    Parameters
    ----------
    result : ProgrammeResult or pandas.DataFrame
        The programme run the plan was made from (kept for symmetry with
        :func:`plan`; the plan's schedule carries the figures).
    plan : Plan
    horizon : int
        Years of cash flows from the plan's first year.
    loan_share : float or {owner: float}
        Share of the owners' own funds (cost − grants) borrowed, per owner
        type or for all [-] (e.g. éco-prêt logement social, éco-PTZ).
    loan_rate : float
        Loan interest rate [1/yr] (0: éco-PTZ); repaid as a constant annuity.
    loan_years : int
        Loan duration [yr], repayments from the year after the works.
    tenant_contribution : bool
        Landlords receive the legal tenant contribution (half the estimated
        saving, 15 years, :func:`rehab.finance.tenant_contribution`); the
        tenants' net saving is the bill saving minus it.
    savings_escalation : float
        Real yearly growth of the bill savings [1/yr].

    Returns
    -------
    pandas.DataFrame
        One row per (year, party); parties are the owner types of the plan
        and ``public_funder``. Columns [EUR]: ``investment_eur`` (gross
        works cost TTC), ``subsidies_eur`` (grants received; for the public
        funder: public grants paid, CEE excluded), ``loans_drawn_eur``,
        ``own_funds_eur`` (investment − grants − loans), ``loan_repayments_eur``,
        ``tenant_contribution_eur``, ``owner_cash_eur`` (= −own funds −
        repayments + tenant contribution), ``occupant_savings_eur`` (bill
        savings of the households living in the houses),
        ``occupant_cash_eur`` (= savings − tenant contribution),
        ``public_cash_eur`` (−grants paid, public funder rows only). For
        owner-occupiers owner and occupant are one household: add the two
        cash columns.

    Examples
    --------
    >>> import pandas as pd
    >>> from rehab import planning
    >>> t = pd.DataFrame({"house_id": ["a", "a"], "scenario": ["baseline", "deep"],
    ...                   "owner": ["owner_occupier"] * 2, "dpe_class": ["F", "C"],
    ...                   "cost_ttc_eur": [0.0, 50e3], "subsidies_eur": [0.0, 20e3],
    ...                   "npv_eur": [0.0, 1e3], "savings_eur": [0.0, 1500.0],
    ...                   "co2_kg": [5000.0, 1000.0]})
    >>> p = planning.plan(t, budget_per_year=60e3, start_year=2027, end_year=2028)
    >>> cf = planning.cashflows(t, p, horizon=3)
    >>> cf[["year", "party", "own_funds_eur", "occupant_savings_eur", "subsidies_eur"]]
       year           party  own_funds_eur  occupant_savings_eur  subsidies_eur
    0  2027  owner_occupier        30000.0                   0.0        20000.0
    1  2027   public_funder            0.0                   0.0        20000.0
    2  2028  owner_occupier            0.0                1500.0            0.0
    3  2028   public_funder            0.0                   0.0            0.0
    4  2029  owner_occupier            0.0                1500.0            0.0
    5  2029   public_funder            0.0                   0.0            0.0
    """
    import pandas as pd

    if not isinstance(plan, Plan):
        raise InputError(f"plan: expected a rehab.planning.Plan, got {type(plan).__name__}")
    h_years = finance._horizon(horizon)
    if not (np.isfinite(loan_rate) and loan_rate > -1):
        raise InputError(f"loan_rate: {loan_rate!r} 1/yr; give a fraction > -1")
    if isinstance(loan_years, bool) or int(loan_years) != loan_years or loan_years < 1:
        raise InputError(f"loan_years: {loan_years!r}; give a whole number of years >= 1")
    if not np.isfinite(savings_escalation) or savings_escalation <= -1:
        raise InputError(f"savings_escalation: {savings_escalation!r} 1/yr; give a fraction > -1")
    s = plan.schedule
    owners = sorted(set(s["owner"])) if len(s) else []
    shares = {}
    for o in owners:
        v = loan_share.get(o, 0.0) if isinstance(loan_share, Mapping) else loan_share
        if not (0.0 <= float(v) <= 1.0):
            raise InputError(f"loan_share: {v!r} for {o}; give a fraction between 0 and 1")
        shares[o] = float(v)
    y0 = int(plan.yearly["year"].iloc[0])
    cal = np.arange(y0, y0 + h_years)
    t_idx = {int(y): i for i, y in enumerate(cal)}
    crf = float(finance.capital_recovery_factor(loan_rate, int(loan_years)))
    rows = []
    for o in owners:
        so = s[s["owner"] == o]
        inv = np.zeros(h_years)
        grants = np.zeros(h_years)
        loans = np.zeros(h_years)
        repay = np.zeros(h_years)
        sav = np.zeros(h_years)
        contrib = np.zeros(h_years)
        for _, r in so.iterrows():
            ti = t_idx.get(int(r["year"]))
            if ti is None:
                continue
            inv[ti] += r["cost_ttc_eur"]
            grants[ti] += r["subsidies_eur"]
            own = max(r["cost_ttc_eur"] - r["subsidies_eur"], 0.0)
            loan = shares[o] * own
            loans[ti] += loan
            if loan > 0:
                repay[ti + 1 : ti + 1 + int(loan_years)] += loan * crf
            saving = 0.0 if not np.isfinite(r["savings_eur"]) else float(r["savings_eur"])
            k = np.arange(h_years - ti - 1)
            sav[ti + 1 :] += saving * (1.0 + savings_escalation) ** k
            if tenant_contribution and o in RENTED_OWNERS and saving > 0:
                amount, years_c = finance.tenant_contribution(
                    saving, sector="social" if o == "social_landlord" else "private"
                )
                contrib[ti + 1 : ti + 1 + years_c] += amount
        own_funds = inv - grants - loans
        for i, y in enumerate(cal):
            rows.append(
                {
                    "year": int(y),
                    "party": o,
                    "investment_eur": inv[i],
                    "subsidies_eur": grants[i],
                    "loans_drawn_eur": loans[i],
                    "own_funds_eur": own_funds[i],
                    "loan_repayments_eur": repay[i],
                    "tenant_contribution_eur": contrib[i],
                    "owner_cash_eur": -own_funds[i] - repay[i] + contrib[i],
                    "occupant_savings_eur": sav[i],
                    "occupant_cash_eur": sav[i] - contrib[i],
                    "public_cash_eur": 0.0,
                }
            )
    paid = np.zeros(h_years)
    for y, v in zip(s["year"], s["public_subsidies_eur"], strict=True):
        ti = t_idx.get(int(y))
        if ti is not None:
            paid[ti] += v
    for i, y in enumerate(cal):
        rows.append(
            {
                "year": int(y),
                "party": "public_funder",
                "investment_eur": 0.0,
                "subsidies_eur": paid[i],
                "loans_drawn_eur": 0.0,
                "own_funds_eur": 0.0,
                "loan_repayments_eur": 0.0,
                "tenant_contribution_eur": 0.0,
                "owner_cash_eur": 0.0,
                "occupant_savings_eur": 0.0,
                "occupant_cash_eur": 0.0,
                "public_cash_eur": -paid[i],
            }
        )
    out = pd.DataFrame(rows)
    order = {p: i for i, p in enumerate([*owners, "public_funder"])}
    out = out.sort_values(
        ["year", "party"], key=lambda c: c.map(order) if c.name == "party" else c, kind="stable"
    )
    out = out.reset_index(drop=True)
    out.attrs["units"] = {c: "EUR" for c in out.columns if c.endswith("_eur")}
    out.attrs["notes"] = (
        "constant euros of the study year; works, grants and loans in the year of the works; "
        "savings and repayments from the year after"
    )
    return out
