"""Yearly cash flows per payer of a phasing plan (:func:`rehab.planning.cashflows`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from . import finance
from .errors import InputError
from .plan_solvers import RENTED_OWNERS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["cashflows"]


def cashflows(
    result: Any,
    plan: Any,
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

    if not (hasattr(plan, "schedule") and hasattr(plan, "yearly") and hasattr(plan, "checks")):
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
