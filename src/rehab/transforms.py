"""Measures on the house table: what a measure does to many dwellings at once.

A package applied to an archetype (:meth:`rehab.retrofit.Package.apply`)
changes constructions, windows, spaces, ventilation and systems — the same
for every dwelling laid out from that archetype (:mod:`rehab.layout`).
What depends on each dwelling is computed here on arrays:

* the airtightness target of each dwelling (a Q4Pa-surf target gives an
  n50 that depends on its cold envelope and volume; nothing is done where
  the dwelling is already tighter);
* the quantities of each cost line (insulated areas, window areas, floor
  area, units) from the dwelling's element rows, and their prices
  (:func:`rehab.costs.cost` on arrays).

Examples
--------
>>> import numpy as np, rehab
>>> from rehab.layout import archetype_table
>>> from rehab.retrofit import Airtightness
>>> t = archetype_table("coron-mid-terrace", {"floor_area": [60.0, 80.0], "n50": [12.0, 2.0]})
>>> n50, works = airtightness(t, Airtightness(q4pa_surf=1.2))
>>> n50.round(2).tolist(), works.tolist()
([3.55, 2.0], [True, False])
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from .table import BOUNDARY, KIND, HouseTable, segment_sum

__all__ = ["airtightness", "loss_area", "measure_quantities", "price_lines"]


def loss_area(table: HouseTable) -> np.ndarray:
    """A_Tbat per house: cold envelope other than the low floor [m²] (RT 2012; as
    :meth:`rehab.retrofit.Airtightness.loss_area`)."""
    e = table.elements
    bnd = e["boundary"]
    skip = (
        (e["etype"] == 2)
        | (bnd == BOUNDARY["internal"])
        | (bnd == BOUNDARY["adjacent"])
        | (bnd == BOUNDARY["ground"])
        | (e["kind"] == KIND["floor"])
    )
    return segment_sum(np.where(skip, 0.0, e["area"]), e["house"], len(table))


def airtightness(table: HouseTable, measure: Any) -> tuple[np.ndarray, np.ndarray]:
    """n50 after the works and where works are done, per house.

    The target is the measure's n50, or its Q4Pa-surf converted on each
    dwelling (:func:`rehab.retrofit.n50_from_q4`: n50 = Q4·A_T·12.5ⁿ/V);
    a dwelling already at or below the target keeps its n50 and pays
    nothing (:class:`rehab.retrofit.Airtightness`).

    Returns
    -------
    n50 : numpy.ndarray
        [1/h] after the measure.
    works : numpy.ndarray of bool
        True where the measure does something (and is paid for).
    """
    from .retrofit import LEAKAGE_EXPONENT

    n50 = table.houses["n50"]
    if measure.n50 is not None:
        target = np.full(len(table), float(measure.n50))
    else:
        target = measure.q4pa_surf * loss_area(table) * (50.0 / 4.0) ** LEAKAGE_EXPONENT / table.houses["volume"]
    works = target < n50
    return np.where(works, target, n50), works


def _named(column: np.ndarray, names: set[str], proto: np.ndarray | None) -> np.ndarray:
    """Rows of ``column`` whose name is in ``names`` (``proto``: the column of the one-house
    table that ``column`` repeats)."""
    if proto is not None and len(proto):
        one = np.fromiter((x in names for x in proto.tolist()), dtype=bool, count=len(proto))
        return np.tile(one, len(column) // len(proto))
    return np.isin(column, list(names)) if names else np.zeros(len(column), dtype=bool)


def _named_area(table: HouseTable, names: set[str], proto: HouseTable | None = None) -> np.ndarray:
    e = table.elements
    sel = _named(e["name"], names, None if proto is None else proto.elements["name"])
    return segment_sum(np.where(sel, e["area"], 0.0), e["house"], len(table))


def measure_quantities(measure: Any, seen: Any, table: HouseTable, works: np.ndarray | None = None,
                       memo: dict[Any, Any] | None = None, proto: HouseTable | None = None) -> list[tuple[Any, np.ndarray]]:
    """Cost lines of a measure on many dwellings: (line priced on the template, quantity per dwelling).

    The measure is priced on ``seen`` — the template House as this
    measure finds it within its package (:meth:`rehab.retrofit.Package.run`)
    — and each line's quantity is re-measured on every dwelling of
    ``table`` with the same rule as the measure's ``cost``: the areas of
    the walls, ceilings, roofs, floors or windows it treats (by element
    name), the attic slopes, the floor area of airtightness works (where
    ``works``), or the template's count (units, kWp, dwellings).

    ``memo`` (optional, kept by the caller while ``measure`` and ``seen``
    live) keeps what is read on the template — the lines and the names of
    the elements they measure — between tables laid out from it. ``proto``
    (optional): the one-house table that ``table`` repeats
    (:meth:`rehab.table.HouseTable.repeat`), whose rows name the elements.

    Returns
    -------
    list of (CostLine, numpy.ndarray)
        One entry per line of ``measure.cost``; quantities in the line's unit.
    """
    key = (id(measure), id(seen))
    plan = memo.get(key) if memo is not None else None
    if plan is None:
        plan = _quantity_plan(measure, seen)
        if memo is not None:
            memo[key] = plan
    n = len(table)
    out: list[tuple[Any, np.ndarray]] = []
    for ln, (how, what) in plan:
        if how == "works":
            q = table.houses["floor_area"] * (works if works is not None else np.ones(n, dtype=bool))
        elif how == "elements":
            q = _named_area(table, what, proto)
        elif how == "spaces":
            sp = table.spaces
            sel = _named(sp["name"], what, None if proto is None else proto.spaces["name"])
            q = segment_sum(np.where(sel, sp["exterior_area"], 0.0), sp["house"], n)
        else:
            q = np.full(n, ln.quantity)
        out.append((ln, q))
    return out


def _quantity_plan(measure: Any, seen: Any) -> list[tuple[Any, tuple[str, Any]]]:
    """The lines of a measure priced on the template and how each is measured on a dwelling:
    ("works", None) floor area where airtightness works are done, ("elements", names) the
    area of the named elements, ("spaces", names) the exterior area of the named attics,
    ("count", None) the template's quantity."""
    from .retrofit import (
        Airtightness,
        FloorInsulation,
        HeatingReplacement,
        RoofInsulation,
        WindowReplacement,
        _line,
        _Walls,
    )

    if isinstance(measure, Airtightness):
        return [(_line(measure.name, "airtightness_works", 1.0, 2026, "airtightness"), ("works", None))]
    if isinstance(measure, HeatingReplacement) and measure.sized:
        # the power line is measured on each dwelling after the package (rehab.scenarios._costs)
        return [(ln, ("count", None)) for ln in measure.priced(0.0).lines]
    lines = measure.cost(seen).lines
    how: tuple[str, Any] = ("count", None)
    if isinstance(measure, _Walls):
        how = ("elements", {w.name for w in measure.walls(seen)})
    elif isinstance(measure, RoofInsulation):
        measure = measure.for_house(seen)  # the attic measure on a heated roof acts on the roof
        if measure.position == "attic_floor":
            how = ("elements", {e.name for e in measure._ceilings(seen)})
        elif measure._roofs(seen):
            how = ("elements", {e.name for e in measure._roofs(seen)})
        else:
            how = ("spaces", {s.name for s in measure._attics(seen)})
    elif isinstance(measure, FloorInsulation):
        how = ("elements", {e.name for e in measure._floors(seen)})
    elif isinstance(measure, WindowReplacement):
        wins = ("elements", {w.name for w in measure.windows(seen)})
        return [(ln, ("count", None) if ln.item == "door_insulated" else wins) for ln in lines]
    return [(ln, how) for ln in lines]


def price_lines(
    lines: list[tuple[Any, np.ndarray]], measures: list[Any], year: Any
) -> dict[str, np.ndarray]:
    """Price cost lines on many dwellings (:func:`rehab.costs.cost` on arrays).

    Parameters
    ----------
    lines : list of (CostLine, quantity array)
        From :func:`measure_quantities`.
    measures : list of Measure
        The measure of each line (its insulation thickness prices
        thickness-dependent rows, as :func:`rehab.retrofit._line` does).
    year : int
        Price year.

    Returns
    -------
    dict of numpy.ndarray
        ``ht`` and ``ttc`` (n_dwellings, n_lines) [EUR]; ``lifetime``
        (n_lines,) [yr]; ``aid`` (n_lines,) bool, lines the aid rules see
        (all but PV); ``present`` (n_dwellings, n_lines) bool, lines that
        exist for each dwelling (airtightness works only where done).
    """
    from . import costs as _costs

    n_l = len(lines)
    n = len(lines[0][1]) if n_l else 0
    life = np.full(n_l, np.nan)
    aid = np.zeros(n_l, dtype=bool)
    present = np.ones((n, n_l), dtype=bool)
    q = np.empty((n, n_l))
    terms = np.ones((4, n_l))  # fixed, variable, index factor, 1 + VAT
    for j, ((ln, qj), m) in enumerate(zip(lines, measures, strict=True)):
        uc = _costs.unit_cost(ln.item)
        th = getattr(m, "insulation_thickness", None) if uc.ref_thickness_m is not None else None
        q[:, j] = qj
        if not np.all(q[:, j] >= 0):  # raises the error of rehab.costs.cost on this line
            _costs.cost(ln.item, qj, year=year, thickness=th)
        fixed, variable, factor, rate = _price_terms(ln.item, year, th)
        terms[:, j] = (fixed, variable, 1.0 if factor is None else factor, 1.0 + rate)
        life[j] = uc.lifetime_years if uc.lifetime_years is not None else np.nan
        aid[j] = ln.aid_kind != "pv"
        if ln.item == "airtightness_works":
            present[:, j] = qj > 0
    # rehab.costs.cost on every dwelling and line at once, its operations in its order
    # (an index factor of 1 for rows in eur changes nothing)
    ht = (np.where(q > 0, terms[0], 0.0) + terms[1] * q) * terms[2]
    ttc = ht * terms[3]
    return {"ht": ht, "ttc": ttc, "lifetime": life, "aid": aid, "present": present}


@lru_cache(maxsize=4096, typed=True)
def _price_terms(item: str, year: Any, thickness: Any) -> tuple[float, Any, float | None, float]:
    from . import costs as _costs

    return _costs.price_terms(item, year=year, thickness=thickness)
