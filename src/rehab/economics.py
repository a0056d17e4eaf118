"""Investment metrics of many retrofit scenarios at once: NPV, IRR, paybacks, cost of
conserved energy, CO2 abatement cost, the tenant's side — from spending and bills.

:func:`economics_rows` is the array form used by programmes and
:func:`rehab.assess` (:func:`rehab.assessment.economics` is its one-scenario
form); :func:`tenant_contribution_eur` is the legal tenant contribution a
landlord may ask (:func:`rehab.finance.tenant_contribution`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import finance

__all__ = ["PUBLIC_AIDS", "economics_rows", "tenant_contribution_eur"]


#: Aids paid by the public funder: the State (MaPrimeRénov', the PV
#: self-consumption premium through the public-service charges of
#: electricity), the energy suppliers' CEE obligation, the EU (FEDER).
PUBLIC_AIDS = (
    "maprimerenov_ampleur",
    "mon_accompagnateur_renov",
    "maprimerenov_geste",
    "cee_coup_de_pouce_chauffage",
    "cee_generic",
    "feder",
    "erbm",
    "pv_self_consumption_premium",
)


def economics_rows(
    spend: Any,
    bills_before: Any,
    bills_after: Any,
    *,
    grants: Any = 0.0,
    rate: float = finance.DISCOUNT_RATE,
    energy_saved_kwh: Any = np.nan,
    co2_saved_kg: Any = np.nan,
    landlord: Any = False,
    contribution_eur: Any = 0.0,
    contribution_years: int = 15,
) -> dict[str, np.ndarray]:
    """Investment metrics of many scenarios at once from their spending and bills.

    Parameters
    ----------
    spend : array_like, shape (n, H + 1)
        Spending of years 0..H on the works, replacements at end of life
        and the residual value at the horizon (negative) [EUR]: the opposite
        of :func:`rehab.finance.project_cashflows` with no savings.
    bills_before, bills_after : array_like, shape (n, H)
        Bills of years 1..H without and with the works [EUR/yr].
    grants : array_like, shape (n,)
        Grants received at t = 0 [EUR].
    rate : float
        Real discount rate [1/yr].
    energy_saved_kwh, co2_saved_kg : array_like, shape (n,)
        Annual savings (NaN: none) for the cost of conserved energy and the
        CO2 abatement cost.
    landlord : array_like of bool, shape (n,)
        The owner pays and receives the tenant contribution; the tenant saves.
    contribution_eur : array_like, shape (n,)
        Yearly tenant contribution [EUR/yr] for ``contribution_years``.

    Returns
    -------
    dict of numpy.ndarray
        ``npv_eur``, ``irr``, ``payback_simple_yr``, ``payback_discounted_yr``,
        ``cce_eur_kwh``, ``co2_abatement_eur_t``, ``tenant_npv_eur``,
        ``savings_eur`` (year 1), ``pv_costs_eur``. Scenarios without cost
        have NPV 0 and NaN metrics.

    Examples
    --------
    10,000 € lasting 30 years, bills 2,000 → 1,200 €/yr, no discounting:

    >>> spend = -finance.project_cashflows([10000.0], [30.0], np.zeros(30), horizon=30)
    >>> r = economics_rows(spend[None], np.full((1, 30), 2000.0), np.full((1, 30), 1200.0), rate=0.0)
    >>> float(r["npv_eur"][0]), float(r["payback_simple_yr"][0])
    (14000.0, 12.5)
    """
    spend = np.atleast_2d(np.asarray(spend, dtype=float))
    before = np.atleast_2d(np.asarray(bills_before, dtype=float))
    after = np.atleast_2d(np.asarray(bills_after, dtype=float))
    n, h = before.shape
    grants = np.broadcast_to(np.asarray(grants, dtype=float), (n,))
    landlord = np.broadcast_to(np.asarray(landlord, dtype=bool), (n,))
    contrib = np.broadcast_to(np.asarray(contribution_eur, dtype=float), (n,))
    saved_e = np.broadcast_to(np.asarray(energy_saved_kwh, dtype=float), (n,))
    saved_c = np.broadcast_to(np.asarray(co2_saved_kg, dtype=float), (n,))
    savings = before - after
    has = spend[:, 0] > 0
    nan = np.full(n, np.nan)
    pv_costs = finance.npv(spend, rate) if n else np.zeros(0)
    pv_costs = np.atleast_1d(pv_costs)
    years = np.arange(1, h + 1)
    contrib_t = np.where(years <= contribution_years, contrib[:, None], 0.0)
    gain = np.where(landlord[:, None], contrib_t, savings)
    cf = -spend.copy()
    cf[:, 1:] += gain
    cf[:, 0] += grants
    npv = np.where(has, np.atleast_1d(finance.npv(cf, rate)), 0.0)
    tenant = np.concatenate((np.zeros((n, 1)), savings - contrib_t), axis=1)
    tenant_npv = np.where(landlord & has, np.atleast_1d(finance.npv(tenant, rate)), np.nan)
    irr_ok = has & (cf[:, 1:] > 0).any(axis=1) & (cf[:, 0] < 0)
    irr = np.full(n, np.nan)
    if irr_ok.any():
        irr[irr_ok] = finance.irr(cf[irr_ok])
    net = spend[:, 0] - grants
    first = np.where(landlord, contrib, savings[:, 0])
    simple = np.where(
        has & ((first > 0) | (net <= 0)), np.atleast_1d(finance.simple_payback(net, first)), np.nan
    )
    disc = np.where(has, np.atleast_1d(finance.discounted_payback(cf, rate)), np.nan)
    cce = np.where(
        has,
        np.atleast_1d(
            finance.cost_of_conserved_energy(pv_costs, saved_e, rate=rate, lifetime_years=h)
        ),
        np.nan,
    )
    co2 = np.where(
        has,
        np.atleast_1d(
            finance.co2_abatement_cost(
                pv_costs, savings[:, 0], saved_c, rate=rate, lifetime_years=h
            )
        ),
        np.nan,
    )
    return {
        "npv_eur": npv,
        "irr": np.where(has, irr, nan),
        "payback_simple_yr": simple,
        "payback_discounted_yr": disc,
        "cce_eur_kwh": cce,
        "co2_abatement_eur_t": co2,
        "tenant_npv_eur": tenant_npv,
        "savings_eur": savings[:, 0].copy(),
        "pv_costs_eur": np.where(has, pv_costs, 0.0),
    }


def tenant_contribution_eur(
    owner: str, saving: float, house: Any, main_rooms: int | None
) -> float:
    """Legal yearly tenant contribution of a landlord's dwelling [EUR/yr] (0 for owner-occupiers)."""
    if owner == "owner_occupier" or saving <= 0:
        return 0.0
    sector = "social" if owner == "social_landlord" else "private"
    pre1948 = sector == "private" and house.year_built is not None and house.year_built < 1948
    amount, _years = finance.tenant_contribution(
        saving, sector=sector, built_before_1948=pre1948, main_rooms=main_rooms
    )
    return float(min(amount, 0.5 * saving)) if not pre1948 else float(amount)
