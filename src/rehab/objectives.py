"""Objectives and choices: which scenario each dwelling of a programme takes.

The one place where

* the objectives of a programme are named (:data:`OBJECTIVES`) and turned
  into a choice of one scenario per dwelling (:func:`choose`) — the rule
  behind :meth:`rehab.programme.ProgrammeResult.choose`, the report's
  choice and the default choice of :mod:`rehab.planning`;
* a choice given in any of its forms — None (the objective's choice), an
  objective name, a scenario name, the DataFrame of :func:`choose`, a
  Series or a dict — becomes one scenario per dwelling
  (:func:`scenario_of`), for the aggregates, the report, the uncertainty
  run and the plan.

The objectives of a *plan* (which dwelling first, under a budget) are
another thing: :data:`rehab.planning.PLAN_OBJECTIVES`.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"house_id": ["a"] * 3, "scenario": ["baseline", "light", "deep"],
...                   "allowed": [True] * 3, "dpe_class": ["F", "D", "B"],
...                   "net_cost_eur": [0.0, 20e3, 60e3], "npv_eur": [0.0, -5e3, 2e3],
...                   "co2_kg": [4e3, 2e3, 5e2]})
>>> choose(t, "cheapest_reaching", "D")[["house_id", "scenario", "reaches_target"]]
  house_id scenario  reaches_target
0        a    light            True
>>> scenario_of(t, "max_npv").to_dict()
{'a': 'deep'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import InputError, UnknownNameError
from .threecl import CLASSES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BASELINE", "CLASS_RANK", "OBJECTIVES", "choose", "scenario_of"]

#: Name of the "house as it is" scenario of a programme.
BASELINE = "baseline"

#: The objectives of a programme's choice (see :func:`choose`).
OBJECTIVES = ("cheapest_reaching", "max_npv", "min_co2", "cheapest_bbc", "min_whole_life", "cheapest_carbon")

#: Rank of each DPE class, A = 0 … G = 6.
CLASS_RANK = {c: i for i, c in enumerate(CLASSES)}

_CHEAPEST = ("cheapest_reaching", "cheapest_bbc")


def _check_class(name: str, value: Any) -> None:
    if value is not None and value not in CLASS_RANK:
        raise InputError(f"{name}: {value!r}; allowed {', '.join(CLASSES)}")


def _score(t: pd.DataFrame, objective: str, net: np.ndarray) -> np.ndarray:
    """What the objective minimises on every row."""
    if objective in _CHEAPEST:
        return np.where(t["scenario"].to_numpy() == BASELINE, 0.0, net)
    if objective == "max_npv":
        return -t["npv_eur"].to_numpy(dtype=float)
    if objective == "min_whole_life":
        return t["whole_life_kgco2e"].to_numpy(dtype=float)
    if objective == "cheapest_carbon":
        s = t["cost_per_t_whole_life_eur"].to_numpy(dtype=float)
        return np.where(np.isfinite(s), s, np.inf)
    return t["co2_kg"].to_numpy(dtype=float)


def _reason(objective: str, what: str, row: Any, horizon: Any, cost: float) -> str:
    """Why this row was chosen, in words (``cost``: what the cheapest objectives minimised)."""
    scen, cls = row["scenario"], row["dpe_class"]
    if objective in _CHEAPEST:
        if scen == BASELINE:
            return f"already {what} as it is (class {cls})"
        return f"cheapest reaching {what}: class {cls} for {cost:,.0f} EUR net of grants"
    if objective == "max_npv":
        if scen == BASELINE:
            return "no package has a positive NPV: doing nothing (NPV 0)"
        return f"highest NPV: {float(row['npv_eur']):,.0f} EUR over {horizon} years"
    if objective == "min_whole_life":
        wl = float(row["whole_life_kgco2e"])
        return f"lowest whole-life carbon: {wl / 1000:,.1f} tCO2e over {horizon} years (class {cls})"
    if objective == "cheapest_carbon":
        cpt = float(row["cost_per_t_whole_life_eur"])
        return f"lowest cost per tonne of whole-life carbon avoided: {cpt:,.0f} EUR/tCO2e (class {cls})"
    return f"lowest emissions: {float(row['co2_kg']):,.0f} kgCO2e/yr (class {cls})"


def choose(
    table: pd.DataFrame,
    objective: str = "cheapest_reaching",
    target_class: str = "C",
    *,
    require_class: str | None = None,
    horizon: Any = None,
    cost: Any = None,
    fallback: str = "baseline",
) -> pd.DataFrame:
    """The scenario of each dwelling that best meets an objective.

    Parameters
    ----------
    table : pandas.DataFrame
        A programme table (:attr:`rehab.programme.ProgrammeResult.table`):
        ``house_id``, ``scenario``, ``allowed``, ``dpe_class``,
        ``net_cost_eur`` and the column the objective reads.
    objective : {"cheapest_reaching", "max_npv", "min_co2", "cheapest_bbc", "min_whole_life", "cheapest_carbon"}
        ``cheapest_reaching``: the lowest net cost (after grants) among the
        scenarios reaching ``target_class`` or better (the house as it is
        counts, at no cost); ``max_npv``: the highest NPV (doing nothing
        has NPV 0); ``min_co2``: the lowest emissions; ``cheapest_bbc``: the
        lowest net cost reaching class A or B; ``min_whole_life``: the
        lowest whole-life carbon over the horizon (embodied + operational,
        :mod:`rehab.carbon`); ``cheapest_carbon``: the lowest net cost per
        tonne of whole-life carbon avoided. Only allowed scenarios count;
        ties go to the lowest net cost, then the lighter package (package
        order).
    target_class : str
        "A".."G", for ``cheapest_reaching``.
    require_class : str, optional
        For the other objectives: consider only scenarios reaching it.
    horizon : int, optional
        Years of the NPV and whole-life figures (for the reasons).
    cost : array_like, optional
        The cost the cheapest objectives minimise, one per row [EUR]
        (default the table's ``net_cost_eur``; :mod:`rehab.planning` passes
        its budget basis).
    fallback : {"baseline", "best"}
        A dwelling no allowed scenario brings to the target keeps its
        baseline, or (``"best"``) takes its best allowed package: lowest
        class, then lowest Cep, then lowest cost.

    Returns
    -------
    pandas.DataFrame
        One row per dwelling: ``house_id``, ``scenario`` (``baseline`` when
        nothing qualifies), ``reason``, ``reaches_target``, then the chosen
        row's columns.
    """
    import pandas as pd

    if objective not in OBJECTIVES:
        raise InputError(f"objective: {objective!r}; allowed {', '.join(OBJECTIVES)}")
    _check_class("target_class", target_class)
    _check_class("require_class", require_class)
    if fallback not in ("baseline", "best"):
        raise UnknownNameError("fallback", fallback, ("baseline", "best"))
    t = table
    allowed_col = t["allowed"].fillna(False).astype(bool).to_numpy() if "allowed" in t else np.ones(len(t), bool)
    ok = allowed_col & t["dpe_class"].isin(CLASS_RANK).to_numpy()
    rank = t["dpe_class"].map(CLASS_RANK).to_numpy(dtype=float)
    if objective == "cheapest_reaching":
        limit, what = CLASS_RANK[target_class], f"class {target_class} or better"
    elif objective == "cheapest_bbc":
        limit, what = 1, "BBC Rénovation 2024 (class A or B)"
    else:
        limit = CLASS_RANK[require_class] if require_class else len(CLASSES) - 1
        what = f"class {require_class} or better" if require_class else "any class"
    reach = ok & (rank <= limit)
    net = np.asarray(cost, dtype=float) if cost is not None else t["net_cost_eur"].to_numpy(dtype=float)
    cand = pd.DataFrame({
        "i": np.arange(len(t)),
        "house": t["house_id"].to_numpy(),
        "score": np.where(reach, _score(t, objective, net), np.inf),
        "net": np.where(reach, np.nan_to_num(net, nan=0.0), np.inf),
        "s": t.groupby("house_id", sort=False).cumcount().to_numpy(),
    })
    best = cand.sort_values(["house", "score", "net", "s"], kind="stable").drop_duplicates("house")
    best = best.set_index("house").reindex(pd.unique(t["house_id"]))
    found = np.isfinite(best["score"].to_numpy())
    base_i = t.index[t["scenario"] == BASELINE].to_numpy()
    base_of = pd.Series(base_i, index=t.loc[base_i, "house_id"].to_numpy()).reindex(best.index).to_numpy()
    # the best allowed package of each dwelling (for "none reaches"): lowest class, Cep, cost
    cep = t["cep_kwhep_m2"].to_numpy(dtype=float) if "cep_kwhep_m2" in t else np.zeros(len(t))
    packages = ok & (t["scenario"].to_numpy() != BASELINE) if fallback == "best" else ok
    allowed = pd.DataFrame({"house": t["house_id"].to_numpy(), "rank": rank, "cep": cep,
                            "cost": np.nan_to_num(net, nan=np.inf), "i": np.arange(len(t))})[packages]
    keys = ["house", "rank", "cep", "cost", "i"] if fallback == "best" else ["house", "rank", "i"]
    top = allowed.sort_values(keys, kind="stable").drop_duplicates("house")
    top_i = dict(zip(top["house"], top["i"], strict=True))
    if fallback == "best":
        best_of = np.array([top_i.get(h, b) for h, b in zip(best.index, base_of, strict=True)])
        pick = np.where(found, best["i"].to_numpy(), best_of)
    else:
        pick = np.where(found, best["i"].to_numpy(), base_of)
    out = t.iloc[pick].reset_index(drop=True)
    scen_all, cls_all = t["scenario"].to_numpy(), t["dpe_class"].to_numpy()
    reasons = []
    for k, (h, f) in enumerate(zip(best.index, found, strict=True)):
        if f:
            reasons.append(_reason(objective, what, out.iloc[k], horizon, float(net[pick[k]])))
            continue
        j = top_i.get(h)
        reasons.append(
            f"none reaches {what}; best allowed: {scen_all[j]} (class {cls_all[j]})"
            if j is not None else f"none reaches {what}; no scenario could be computed"
        )
    out.insert(2, "reason", reasons)
    out.insert(3, "reaches_target", found)
    return out


def scenario_of(
    result: Any,
    choice: Any = None,
    *,
    objective: str = "cheapest_reaching",
    target_class: str = "C",
) -> pd.Series:
    """The chosen scenario of every dwelling, from a choice in any of its forms.

    Parameters
    ----------
    result : ProgrammeResult or pandas.DataFrame
        The programme result (or its table).
    choice : None, str, DataFrame, Series or dict
        None: :func:`choose` with ``objective`` and ``target_class`` (the
        result's own ``choose`` when it has one); an objective name
        (:data:`OBJECTIVES`); a scenario name (every dwelling takes it
        where it is allowed); the DataFrame of :func:`choose` (columns
        ``house_id`` and ``scenario``, or ``house_id`` as index); a Series
        or dict house_id → scenario.
    objective, target_class
        The rule when ``choice`` is None.

    Returns
    -------
    pandas.Series
        Scenario per dwelling (index ``house_id``, in table order);
        ``baseline`` where the choice names nothing.

    Raises
    ------
    InputError
        A name that is neither an objective nor a scenario of the table, a
        DataFrame without ``house_id``/``scenario``, another type.
    """
    import pandas as pd

    table = result.table if hasattr(result, "table") and not isinstance(result, pd.DataFrame) else result
    houses = pd.unique(table["house_id"])
    if choice is None or (isinstance(choice, str) and choice in OBJECTIVES):
        obj = objective if choice is None else choice
        chooser = getattr(result, "choose", None)
        choice = chooser(obj, target_class) if chooser is not None else choose(table, obj, target_class)
    if hasattr(choice, "table") and not isinstance(choice, (pd.DataFrame, pd.Series)):
        choice = choice.table
    if isinstance(choice, str):
        scenarios = pd.unique(table["scenario"])
        if choice not in set(scenarios):
            raise InputError(
                f"choice: {choice!r}; allowed an objective ({', '.join(OBJECTIVES)}), a scenario "
                f"({', '.join(map(str, scenarios))}) or the DataFrame of choose()"
            )
        rows = table[(table["scenario"] == choice) & table["allowed"].astype(bool)]
        s = pd.Series(choice, index=pd.unique(rows["house_id"]))
    elif isinstance(choice, pd.DataFrame):
        c = choice if "house_id" in choice.columns else choice.reset_index()
        if "house_id" not in c.columns or "scenario" not in c.columns:
            raise InputError("choice: a DataFrame needs the columns house_id and scenario (see choose())")
        s = c.set_index("house_id")["scenario"]
    elif isinstance(choice, pd.Series):
        s = choice
    elif isinstance(choice, dict):
        s = pd.Series(choice, dtype=object)
    else:
        raise InputError(
            f"choice: {type(choice).__name__}; allowed None, an objective, a scenario name, "
            "a DataFrame, a Series or a dict"
        )
    s = s.reindex(houses)
    return s.where(s.notna(), BASELINE).astype(str).rename("scenario").rename_axis("house_id")
