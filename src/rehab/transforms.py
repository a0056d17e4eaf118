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
[[3.55, 2.0], [True, False]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .table import BOUNDARY, KIND, HouseTable, segment_sum

__all__ = ["airtightness", "loss_area"]


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
