"""Investment metrics of retrofit scenarios, vectorised over houses (re-exported by :mod:`rehab.finance`).

:func:`npv`, :func:`irr`, :func:`simple_payback`, :func:`payback`,
:func:`discounted_payback`, :func:`capital_recovery_factor`,
:func:`annualised_cost`, :func:`cost_of_conserved_energy`,
:func:`co2_abatement_cost`, :func:`replacement_schedule` and
:func:`project_cashflows` (replacements at end of life and straight-line
residual value at the horizon).

Cash flows are arrays whose last axis is time in years, ``t = 0`` (the
investment) first; every leading axis is a house (or package) axis. All
money is in constant euros of the study year (real terms), discounted at a
real rate, by default 3.2 %/yr (France Stratégie, 21 Oct 2021: 1.2 % +
β × 2 % with β = 1).

Examples
--------
>>> from rehab import finance_metrics
>>> round(finance_metrics.npv([-1000.0, 600.0, 600.0], 0.05), 2)
115.65
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from scipy.optimize import brentq

from .errors import InputError

__all__ = [
    "DISCOUNT_RATE",
    "annualised_cost",
    "capital_recovery_factor",
    "co2_abatement_cost",
    "cost_of_conserved_energy",
    "discount_factors",
    "discounted_payback",
    "irr",
    "npv",
    "payback",
    "project_cashflows",
    "replacement_schedule",
    "simple_payback",
]

#: Default real discount rate [1/yr]: France Stratégie (21 Oct 2021),
#: 1.2 % risk-free + β·2 % with β = 1, superseding Quinet 2013's 4.5 %.
DISCOUNT_RATE = 0.032

# --------------------------------------------------------------------------
# investment metrics
# --------------------------------------------------------------------------


def _horizon(horizon: Any) -> int:
    try:
        h = int(horizon)
    except (TypeError, ValueError):
        raise InputError(f"horizon: {horizon!r} is not a whole number of years") from None
    if h != horizon or h < 1 or h > 200:
        raise InputError(f"horizon: {horizon!r} years; allowed a whole number in 1..200")
    return h


def _cashflows(cashflows: Any) -> np.ndarray:
    cf = np.asarray(cashflows, dtype=float)
    if cf.ndim == 0 or cf.shape[-1] < 1:
        raise InputError(
            "cashflows: give an array whose last axis is time (t = 0 first) [EUR]; "
            f"got shape {cf.shape}"
        )
    if np.isnan(cf).any():
        raise InputError("cashflows: contains NaN")
    return cf


def _rate(rate: Any, name: str = "rate") -> np.ndarray:
    r = np.asarray(rate, dtype=float)
    if np.isnan(r).any() or (r <= -1).any():
        raise InputError(f"{name}: {rate!r} must be > -1 (a fraction per year, 0.032 = 3.2 %)")
    return r


def discount_factors(rate: Any, horizon: int) -> np.ndarray:
    """Discount factors ``(1 + r)^-t`` for t = 0..horizon.

    Examples
    --------
    >>> discount_factors(0.1, 2).round(4).tolist()
    [1.0, 0.9091, 0.8264]
    """
    r = _rate(rate)
    t = np.arange(_horizon(horizon) + 1, dtype=float)
    return (1.0 + r[..., None]) ** -t


def npv(cashflows: Any, rate: Any = DISCOUNT_RATE) -> Any:
    """Net present value ``Σ_t CF_t / (1 + r)^t`` [EUR].

    Parameters
    ----------
    cashflows : array_like
        Shape ``(..., T + 1)``: last axis is time in years, t = 0 first
        (investment negative, savings positive) [EUR].
    rate : float or array_like, default 0.032
        Real discount rate [1/yr]; an array broadcasts over the leading axes.

    Returns
    -------
    float or numpy.ndarray
        Shape of the leading axes.

    Examples
    --------
    >>> round(npv([-100.0, 60.0, 60.0], 0.10), 2)
    4.13
    >>> npv([[-100.0, 60.0, 60.0], [-100.0, 0.0, 0.0]], 0.0).tolist()
    [20.0, -100.0]
    """
    cf = _cashflows(cashflows)
    r = _rate(rate)
    t = np.arange(cf.shape[-1], dtype=float)
    out = (cf * (1.0 + r[..., None]) ** -t).sum(axis=-1)
    return float(out) if np.ndim(out) == 0 else out


_IRR_LO, _IRR_HI = -0.95, 1.0e4


def _npv_horner(cf: np.ndarray, r: np.ndarray) -> np.ndarray:
    x = 1.0 / (1.0 + r)
    v = cf[..., -1].copy()
    for t in range(cf.shape[-1] - 2, -1, -1):
        v = v * x + cf[..., t]
    return v


def _npv_and_derivative(cf: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """NPV and dNPV/dr by Horner's scheme in x = 1/(1+r)."""
    x = 1.0 / (1.0 + r)
    v = cf[..., -1].copy()
    dv = np.zeros_like(v)
    for t in range(cf.shape[-1] - 2, -1, -1):
        dv = dv * x + v
        v = v * x + cf[..., t]
    # dNPV/dx = dv; dx/dr = -x^2
    return v, -dv * x * x


def irr(cashflows: Any) -> Any:
    """Internal rate of return: the rate that makes :func:`npv` zero [1/yr].

    The root is sought in (-95 %, 10⁶ %)/yr. Cash flows without a sign
    change, or whose NPV has the same sign at both ends of that bracket,
    have no IRR: NaN is returned (never an exception). Cash flows with
    several sign changes may have several IRRs; one of them is returned.
    One cash-flow series uses :func:`scipy.optimize.brentq`; an array of
    series uses a vectorised bisection (42 halvings of the bracket, to about
    2e-9) polished by Newton steps kept inside the bracket; the result equals
    brentq's to about 1e-12.

    Parameters
    ----------
    cashflows : array_like
        Shape ``(..., T + 1)``, t = 0 first [EUR].

    Returns
    -------
    float or numpy.ndarray
        IRR [1/yr], NaN where undefined.

    Examples
    --------
    >>> round(irr([-100.0, 110.0]), 10)
    0.1
    >>> round(irr([-1000.0, 600.0, 600.0]), 6)
    0.130662
    >>> irr([100.0, 50.0])                 # no sign change
    nan
    >>> irr([[-100.0, 121.0, 0.0], [-100.0, 10.0, 10.0]]).round(6).tolist()
    [0.21, -0.629844]
    """
    cf = _cashflows(cashflows)
    pos = (cf > 0).any(axis=-1)
    neg = (cf < 0).any(axis=-1)
    if cf.ndim == 1:
        if not (pos and neg):
            return float("nan")
        f_lo = _npv_horner(cf, np.float64(_IRR_LO))
        f_hi = _npv_horner(cf, np.float64(_IRR_HI))
        if np.sign(f_lo) == np.sign(f_hi):
            return float("nan")
        return float(
            brentq(
                lambda r: float(_npv_horner(cf, np.float64(r))),
                _IRR_LO,
                _IRR_HI,
                xtol=1e-14,
                rtol=1e-12,
                maxiter=500,
            )
        )
    shape = cf.shape[:-1]
    lo = np.full(shape, _IRR_LO)
    hi = np.full(shape, _IRR_HI)
    f_lo = _npv_horner(cf, lo)
    f_hi = _npv_horner(cf, hi)
    ok = pos & neg & (np.sign(f_lo) != np.sign(f_hi))
    ok &= np.isfinite(f_lo) & np.isfinite(f_hi)
    s_lo = np.sign(f_lo)
    for _ in range(42):
        mid = 0.5 * (lo + hi)
        f_mid = _npv_horner(cf, mid)
        same = np.sign(f_mid) == s_lo
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    out = 0.5 * (lo + hi)
    for _ in range(4):  # Newton polish inside the bracket (quadratic convergence)
        f, df = _npv_and_derivative(cf, out)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(df != 0, f / df, 0.0)
        nxt = out - step
        out = np.where((nxt >= lo) & (nxt <= hi) & np.isfinite(nxt), nxt, out)
    return np.where(ok, out, np.nan)


def simple_payback(investment: Any, annual_savings: Any) -> Any:
    """Simple payback time ``investment / annual savings`` [yr].

    NaN where the savings are ≤ 0 and the investment is positive (never
    paid back); 0 where the investment is ≤ 0.

    Examples
    --------
    >>> simple_payback(10000.0, 800.0)
    12.5
    >>> simple_payback([10000.0, 10000.0, -5.0], [500.0, 0.0, 100.0]).tolist()
    [20.0, nan, 0.0]
    """
    inv = np.asarray(investment, dtype=float)
    sav = np.asarray(annual_savings, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(inv <= 0, 0.0, np.where(sav > 0, inv / sav, np.nan))
    return float(out) if out.ndim == 0 else out


def payback(cashflows: Any, rate: Any = 0.0) -> Any:
    """Payback time of a cash-flow series, discounted at ``rate`` [yr].

    The first time the cumulative (discounted) cash flow reaches 0, with
    linear interpolation inside the year; NaN if it never does within the
    series; 0 if the cash flow at t = 0 is already ≥ 0.

    Examples
    --------
    >>> payback([-1000.0, 400.0, 400.0, 400.0])
    2.5
    >>> payback([[-1000.0, 400.0, 400.0], [-1000.0, 400.0, 400.0]]).tolist()
    [nan, nan]
    """
    cf = _cashflows(cashflows)
    r = _rate(rate)
    t = np.arange(cf.shape[-1], dtype=float)
    d = cf * (1.0 + r[..., None]) ** -t
    cum = np.cumsum(d, axis=-1)
    reached = cum >= 0
    first = np.argmax(reached, axis=-1)
    never = ~reached.any(axis=-1)
    idx = np.maximum(first, 1)
    prev = np.take_along_axis(cum, (idx - 1)[..., None], axis=-1)[..., 0]
    step = np.take_along_axis(d, idx[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(step > 0, -prev / step, 0.0)
    out = np.where(first == 0, 0.0, (idx - 1) + frac)
    out = np.where(never, np.nan, out)
    return float(out) if np.ndim(out) == 0 else out


def discounted_payback(cashflows: Any, rate: Any = DISCOUNT_RATE) -> Any:
    """:func:`payback` with discounting at ``rate`` (default 3.2 %/yr) [yr].

    Examples
    --------
    >>> round(discounted_payback([-1000.0, 400.0, 400.0, 400.0], 0.05), 3)
    2.742
    """
    return payback(cashflows, rate)


def capital_recovery_factor(rate: Any, years: Any) -> Any:
    """Capital recovery factor ``r / (1 - (1 + r)^-n)`` (``1/n`` at r = 0) [1/yr].

    Examples
    --------
    >>> round(capital_recovery_factor(0.05, 20), 6)
    0.080243
    >>> capital_recovery_factor(0.0, 20)
    0.05
    """
    if isinstance(rate, (int, float, np.floating)) and isinstance(years, (int, float, np.integer, np.floating)):
        return _crf_scalar(float(rate), float(years))  # the aid rules call it per project
    r = _rate(rate)
    n = np.asarray(years, dtype=float)
    if (n <= 0).any() or np.isnan(n).any():
        raise InputError(f"years: {years!r} must be > 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        crf = np.where(np.abs(r) < 1e-12, 1.0 / n, r / (1.0 - (1.0 + r) ** -n))
    return float(crf) if crf.ndim == 0 else crf


@lru_cache(maxsize=4096)
def _crf_scalar(rate: float, years: float) -> float:
    """capital_recovery_factor of two numbers (the same arithmetic, cached)."""
    r = _rate(rate)
    if not years > 0:
        raise InputError(f"years: {years!r} must be > 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.where(np.abs(r) < 1e-12, 1.0 / years, r / (1.0 - (1.0 + r) ** -years)))


def annualised_cost(present_cost: Any, rate: Any = DISCOUNT_RATE, years: Any = 30) -> Any:
    """Equivalent annual cost of a present cost over ``years`` [EUR/yr].

    Examples
    --------
    >>> round(annualised_cost(10000.0, 0.05, 20), 2)
    802.43
    """
    out = np.asarray(present_cost, dtype=float) * capital_recovery_factor(rate, years)
    return float(out) if np.ndim(out) == 0 else out


def cost_of_conserved_energy(
    investment: Any,
    annual_energy_saved_kwh: Any,
    *,
    rate: Any = DISCOUNT_RATE,
    lifetime_years: Any = 30,
) -> Any:
    """Cost of conserved energy: annualised cost / annual energy saved [EUR/kWh].

    ``CCE = I · CRF(r, n) / ΔE`` (Meier 1983's definition). ``investment``
    may be the present value of all costs over a horizon (replacements
    included, see :func:`project_cashflows`) with ``lifetime_years`` equal
    to that horizon. NaN where no energy is saved.

    Examples
    --------
    >>> round(cost_of_conserved_energy(10000.0, 5000.0, rate=0.05, lifetime_years=20), 4)
    0.1605
    """
    saved = np.asarray(annual_energy_saved_kwh, dtype=float)
    ann = np.asarray(annualised_cost(investment, rate, lifetime_years))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(saved > 0, ann / saved, np.nan)
    return float(out) if out.ndim == 0 else out


def co2_abatement_cost(
    investment: Any,
    annual_bill_savings: Any,
    annual_co2_saved_kg: Any,
    *,
    rate: Any = DISCOUNT_RATE,
    lifetime_years: Any = 30,
) -> Any:
    """CO2 abatement cost: (annualised cost − annual bill savings) / tCO2 avoided [EUR/tCO2].

    ``C = (I · CRF(r, n) − ΔBill) / (ΔCO2 / 1000)`` with ΔCO2 in kg/yr.
    Negative values mean the measure saves money while it cuts emissions.
    NaN where no CO2 is avoided. Prices here include taxes (a private
    view); a public-economics view would use prices net of taxes.

    Examples
    --------
    >>> round(co2_abatement_cost(10000.0, 500.0, 2000.0, rate=0.05, lifetime_years=20), 2)
    151.21
    """
    co2 = np.asarray(annual_co2_saved_kg, dtype=float)
    net = np.asarray(annualised_cost(investment, rate, lifetime_years)) - np.asarray(
        annual_bill_savings, dtype=float
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(co2 > 0, net / (co2 / 1000.0), np.nan)
    return float(out) if out.ndim == 0 else out


def replacement_schedule(
    lifetimes: Any, horizon: int, *, residual_value: bool = True
) -> np.ndarray:
    """Share of each component's cost spent in each year 0..horizon.

    A component with lifetime L (rounded to whole years, at least 1) is
    bought at t = 0, L, 2L … while t < horizon; at the horizon its
    remaining life is credited back by straight-line depreciation:
    ``-(t_last + L - H) / L`` of its cost at t = H. A lifetime of NaN or
    inf (a service such as an audit) means bought once, no residual value.
    Replacements cost the same in real terms as the first purchase (an
    assumption: constant real costs).

    Returns
    -------
    numpy.ndarray
        Shape ``lifetimes.shape + (horizon + 1,)``.

    Examples
    --------
    >>> replacement_schedule([15, 40, 17], 30).round(4).tolist()
    [[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.25], [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.2353]]
    """
    h = _horizon(horizon)
    life = np.asarray(lifetimes, dtype=float)
    finite = np.isfinite(life)
    if (life[finite] <= 0).any():
        raise InputError(f"lifetimes: {lifetimes!r} must be > 0 years (or NaN/inf for none)")
    L = np.where(finite, np.maximum(np.floor(life + 0.5), 1.0), np.inf)
    t = np.arange(h + 1, dtype=float)
    with np.errstate(invalid="ignore"):
        buy = (np.mod(t, L[..., None]) == 0) & (t < h)
    buy = buy | (t == 0)
    sched = buy.astype(float)
    if residual_value:
        t_last = np.where(finite, L * np.floor((h - 1) / np.where(finite, L, 1.0)), 0.0)
        remaining = np.where(finite, (t_last + L - h) / np.where(finite, L, 1.0), 0.0)
        sched[..., h] -= remaining
    return sched


def project_cashflows(
    component_costs: Any,
    lifetimes: Any,
    annual_savings: Any,
    *,
    horizon: int = 30,
    subsidies: Any = 0.0,
    residual_value: bool = True,
) -> np.ndarray:
    """Cash flows of a retrofit over a horizon (investor's view) [EUR].

    ``CF_0 = −Σ_j C_j + subsidies``; for t = 1..H,
    ``CF_t = savings_t − Σ_j C_j · replacement_jt`` with the replacements
    and straight-line residual value of :func:`replacement_schedule`.

    Parameters
    ----------
    component_costs : array_like
        Cost of each component, shape ``(k,)`` or ``(n, k)`` [EUR].
    lifetimes : array_like
        Lifetime of each component, shape ``(k,)`` or ``(n, k)`` [yr].
    annual_savings : float or array_like
        Bill savings, shape ``()``, ``(n,)`` or ``(n, H)`` for years 1..H [EUR/yr].
    horizon : int, default 30
        Years H.
    subsidies : float or array_like
        Grants received at t = 0 [EUR] (loans are not grants: see
        :mod:`rehab.subsidies` for their grant-equivalent value).
    residual_value : bool, default True
        Credit the remaining life of components at the horizon.

    Returns
    -------
    numpy.ndarray
        Shape ``(H + 1,)`` or ``(n, H + 1)``.

    Examples
    --------
    >>> cf = project_cashflows([10000.0, 4000.0], [40, 17], 900.0, horizon=30, subsidies=3000.0)
    >>> cf[[0, 17, 30]].round(2).tolist()     # 30: 900 + 10000*10/40 + 4000*4/17
    [-11000.0, -3100.0, 4341.18]
    """
    h = _horizon(horizon)
    costs = np.asarray(component_costs, dtype=float)
    if costs.ndim == 0:
        costs = costs[None]
    sched = replacement_schedule(lifetimes, h, residual_value=residual_value)
    spend = (costs[..., None] * sched).sum(axis=-2)
    sav = np.asarray(annual_savings, dtype=float)
    if sav.ndim >= 1 and sav.shape[-1] == h and (sav.ndim == 2 or costs.ndim == 1):
        sav_t = sav
    else:
        sav_t = sav[..., None] * np.ones(h)
    lead = np.broadcast_shapes(spend.shape[:-1], sav_t.shape[:-1], np.shape(subsidies))
    cf = np.zeros((*lead, h + 1))
    cf[..., 1:] += sav_t
    cf -= spend
    cf[..., 0] += np.asarray(subsidies, dtype=float)
    return cf
