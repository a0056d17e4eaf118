"""The solvers of :func:`rehab.planning.plan`: which dwelling is treated in which year.

The phasing problem as arrays (:class:`_Problem`: one entry per dwelling,
its cost, rental-ban deadline and value; the yearly budgets and
capacities), solved exactly as a mixed-integer linear programme in
lexicographic stages with :func:`scipy.optimize.milp` (HiGHS), or by a
greedy heuristic with a local improvement. Private to
:mod:`rehab.planning`, which documents the objectives.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Rented owner types: the rental ban applies to them.
RENTED_OWNERS = ("social_landlord", "private_landlord")

_ABS_TOL = 1e-6  # [EUR] slack on budget checks (float sums)
#: Relative optimality gap of the last (value) MILP stage: 1e-4 of the
#: programme's total value (proving the last euro of a multi-knapsack costs
#: far more time than it is worth). The integral stages are solved exactly.
VALUE_GAP = 1e-4


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
