"""Fees of a retrofit project next to its works: accompaniment, audit, project management.

A package's works (:mod:`rehab.retrofit`, :mod:`rehab.transforms`) are not
all a household or a landlord pays: some projects cannot be done, or
cannot get their aid, without a paid service. rehab counts these fees in
the investment (``cost_ht_eur``/``cost_ttc_eur``, the net cost, the NPV,
the payback) wherever the aid that requires them is counted, and shows
them apart (``fees_ttc_eur``, the ``fees`` lines of :func:`rehab.assess`).

When each fee applies (rules of 2026, decided by rehab from the sources
below; the prices are rows of ``data/costs/unit_costs.csv``):

* **Mon Accompagnateur Rénov'** (``accompagnateur_renov``, 2,000 EUR TTC,
  average price, prices are free): private owners (occupiers and
  landlords) whose package gets MaPrimeRénov' rénovation d'ampleur — the
  accompaniment is a condition of that aid (Code de l'énergie art. L232-3,
  loi Climat et résilience of 22 August 2021 art. 164; décret 2022-1035;
  Mes Aides Réno ``MPR . accompagnée``), and its
  public funding (:func:`rehab.subsidies_geste.mon_accompagnateur_renov`,
  100/80/40/20 %) is counted there too.
* **Energy audit** (``audit``, 754 EUR TTC): for MaPrimeRénov' rénovation
  d'ampleur the accompagnateur carries out the audit that defines the works
  (Mes Aides Réno ``MPR . accompagnée``: "un Accompagnateur Rénov', qui
  réalisera un audit énergétique"), so it is inside the accompaniment's
  price and not counted twice; for social landlords the diagnosis is the
  first element of the project management of works on existing buildings
  (below). No other aid that rehab counts requires an audit (the par-geste
  audit bonus is paid only for an audit bought with works, which no preset
  contains), so rehab adds no separate audit line.
* **Project management** (``project_management``, 13 % of the works cost
  HT, VAT 20 %; the invoiced costs of the 120 houses of the "Je rénove
  BBC" programme): (a) social landlords, for every package — their works
  are run by a maîtrise d'œuvre under the public-procurement rules that
  bind HLM bodies for rented social housing (Code de la commande publique
  art. L2411-1, livre IV: maîtrise d'ouvrage publique and maîtrise
  d'œuvre, whose mission on existing buildings starts with the diagnosis);
  (b) every owner, for a **whole-house** package, one that works on at
  least :data:`WHOLE_HOUSE_MIN_POSTS` of the five posts walls, roof, low
  floor, windows, heating (the kind of project the 13 % was measured on:
  BBC renovations coordinating several trades). A package of one or two
  posts (attic only, a heat pump) pays no project management.

Fees are priced at their source's year (a service, not indexed on the BT01
building-cost index) and are neither replaced nor depreciated: they are
spent once, in year 0.

Examples
--------
>>> import numpy as np
>>> from rehab.costs_fees import fees
>>> f = fees(["owner_occupier", "owner_occupier", "social_landlord"],
...          [("wall_external", "attic_floor", "windows", "heating"), ("heating",), ("heating",)],
...          [40000.0, 14000.0, 14000.0], [True, False, False])
>>> f["accompagnateur_renov_ttc"].tolist()
[2000.0, 0.0, 0.0]
>>> f["project_management_ht"].round(2).tolist()    # 13 % of the works HT
[5200.0, 0.0, 1820.0]
>>> f["ttc"].round(2).tolist()                      # 2,000 + 5,200 x 1.2; 0; 1,820 x 1.2
[8240.0, 0.0, 2184.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import costs as _costs
from .errors import InputError

__all__ = [
    "FEE_ITEMS",
    "OWNERS",
    "POSTS",
    "WHOLE_HOUSE_MIN_POSTS",
    "fee_lines",
    "fee_price_ttc",
    "fees",
    "posts",
]

#: Catalogue ids of the fees rehab counts, in the order of the lines.
FEE_ITEMS = ("accompagnateur_renov", "project_management")

#: Owner types the fee rules know.
OWNERS = ("owner_occupier", "private_landlord", "social_landlord")

#: Aid measure kind → post of the whole-house rule (the éco-PTZ's posts, ``data/subsidies/eco_ptz.json``).
POSTS = {
    "wall_external": "walls",
    "wall_internal": "walls",
    "attic_floor": "roof",
    "roof_slopes": "roof",
    "floor": "low floor",
    "windows": "windows",
    "door": "windows",
    "heating": "heating",
}

#: A package working on this many posts (or more) is a whole-house package.
WHOLE_HOUSE_MIN_POSTS = 3


def posts(aid_kinds: Sequence[str]) -> set[str]:
    """The posts (walls, roof, low floor, windows, heating) a package works on.

    Examples
    --------
    >>> sorted(posts(["attic_floor", "windows", "ventilation"]))
    ['roof', 'windows']
    """
    return {POSTS[k] for k in aid_kinds if k in POSTS}


def _whole_house(aid_kinds: Sequence[Sequence[str]]) -> np.ndarray:
    """Each package works on :data:`WHOLE_HOUSE_MIN_POSTS` posts or more (bool per row), once
    per distinct kinds tuple (the same packages repeat on every dwelling)."""
    memo: dict[Any, bool] = {}
    out = np.empty(len(aid_kinds), dtype=bool)
    for i, k in enumerate(aid_kinds):
        key = k if isinstance(k, tuple) else tuple(k)
        got = memo.get(key)
        if got is None:
            got = memo[key] = len(posts(key)) >= WHOLE_HOUSE_MIN_POSTS
        out[i] = got
    return out


def fee_price_ttc(item: str) -> float:
    """Price of a per-dwelling fee in its source's year [EUR TTC] (not indexed).

    Examples
    --------
    >>> fee_price_ttc("accompagnateur_renov"), fee_price_ttc("audit")
    (2000.0, 754.0)
    """
    uc = _costs.unit_cost(item)
    if uc.unit != "dwelling":
        raise InputError(f"fee_price_ttc: {item!r} is priced per {uc.unit}, not per dwelling")
    return float(_costs.cost(item, 1, year=uc.price_year, include_vat=True))


def fees(
    owner: Sequence[str],
    aid_kinds: Sequence[Sequence[str]],
    works_ht: Any,
    ampleur: Any,
) -> dict[str, np.ndarray]:
    """Fees of each project (one per row) [EUR].

    Parameters
    ----------
    owner : sequence of str
        ``owner_occupier``, ``private_landlord`` or ``social_landlord``.
    aid_kinds : sequence of sequences of str
        Measure kinds of each package for the aid rules (``Units.aid_kinds``).
    works_ht : array_like
        Works cost of each package before VAT [EUR] (NaN: not computed).
    ampleur : array_like of bool
        MaPrimeRénov' rénovation d'ampleur is paid to the project.

    Returns
    -------
    dict of numpy.ndarray
        ``<item>_ht`` and ``<item>_ttc`` for each item of :data:`FEE_ITEMS`,
        and their sums ``ht`` and ``ttc``; 0 where no fee applies, NaN where
        ``works_ht`` is NaN.
    """
    own = np.asarray(owner, dtype=object)
    bad = sorted({str(o) for o in set(own.tolist()) if o not in OWNERS})
    if bad:
        raise InputError(f"fees: owner {bad[0]!r}; allowed {', '.join(OWNERS)}")
    w = np.asarray(works_ht, dtype=float)
    amp = np.asarray(ampleur, dtype=bool)
    n = len(own)
    if len(aid_kinds) != n or w.shape != (n,) or amp.shape != (n,):
        raise InputError("fees: owner, aid_kinds, works_ht and ampleur must have one entry per project")
    private = own != "social_landlord"
    whole = _whole_house(aid_kinds)
    mar = _costs.unit_cost("accompagnateur_renov")
    mar_ttc = np.where(private & amp & (w > 0), fee_price_ttc("accompagnateur_renov"), 0.0)
    pm = _costs.unit_cost("project_management")
    pm_on = (~private | whole) & (w > 0)
    pm_ht = np.where(pm_on, _costs.cost("project_management", np.where(pm_on, w, 0.0), include_vat=False), 0.0)
    out = {
        "accompagnateur_renov_ht": mar_ttc / (1.0 + mar.vat_rate),
        "accompagnateur_renov_ttc": mar_ttc,
        "project_management_ht": pm_ht,
        "project_management_ttc": pm_ht * (1.0 + pm.vat_rate),
    }
    nan = np.isnan(w)
    out = {k: np.where(nan, np.nan, v) for k, v in out.items()}
    out["ht"] = sum(out[f"{i}_ht"] for i in FEE_ITEMS)
    out["ttc"] = sum(out[f"{i}_ttc"] for i in FEE_ITEMS)
    return out


def fee_lines(one: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of the cost-lines table (:meth:`rehab.retrofit.CostBreakdown.to_frame` columns)
    for the fees of one project (``one``: the scalars of :func:`fees` for it); none if no fee.

    Examples
    --------
    >>> f = fees(["owner_occupier"], [("wall_external", "attic_floor", "windows")], [10000.0], [True])
    >>> [(r["item"], round(r["cost_ttc_eur"])) for r in fee_lines({k: v[0] for k, v in f.items()})]
    [('accompagnateur_renov', 2000), ('project_management', 1560)]
    """
    rows = []
    for item in FEE_ITEMS:
        ttc = float(one[f"{item}_ttc"])
        if not ttc > 0:
            continue
        uc = _costs.unit_cost(item)
        share = uc.unit == "eur"
        rows.append({
            "measure": "fees",
            "item": item,
            "quantity": uc.variable_eur_per_unit if share else 1.0,
            "unit": "share of works HT" if share else uc.unit,
            "cost_ht_eur": float(one[f"{item}_ht"]),
            "cost_ttc_eur": ttc,
            "lifetime_years": float("nan"),
            "aid_kind": "fees",
            "note": uc.description,
        })
    return rows
