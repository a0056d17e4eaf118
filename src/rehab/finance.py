"""Energy bills and investment metrics of retrofit scenarios.

Two halves:

* **Bills.** Dated tariffs (``data/prices/tariffs.csv``): regulated
  electricity (TRVE Base and HP/HC, subscription per kVA), the CRE gas
  reference price with its subscription, fuel oil, pellets, logs, LPG and
  a district-heat placeholder. :func:`annual_bill` prices the delivered
  energy of one house or of an array of houses, subscriptions included and
  dropped for a carrier whose consumption is 0 (gas abandoned after a heat
  pump, for instance); ``mode="conventional"`` uses the DPE's conventional
  costs instead. :func:`bills_over_horizon` keeps today's prices constant
  in real terms by default (``scenario="constant"``); the ``low``,
  ``central`` and ``high`` scenarios add the EU carbon price on building
  fuels (ETS2) from 2028 along a sourced path (``data/prices/ets2.csv``,
  :func:`ets2_price`), ``high`` also +1 %/yr real on every carrier (an
  assumption, ``data/prices/escalation.csv``).
* **Investment metrics** (:mod:`rehab.finance_metrics`, re-exported here),
  vectorised over houses: :func:`npv`, :func:`irr`,
  :func:`simple_payback`, :func:`discounted_payback`,
  :func:`cost_of_conserved_energy`, :func:`co2_abatement_cost`,
  :func:`project_cashflows` (replacements at end of life and straight-line
  residual value at the horizon) and the landlord/tenant split
  (:func:`landlord_view`, :func:`tenant_contribution`).

Cash flows are arrays whose last axis is time in years, ``t = 0`` (the
investment) first; every leading axis is a house (or package) axis. All
money is in constant euros of the study year (real terms), discounted at a
real rate, by default 3.2 %/yr (France Stratégie, 21 Oct 2021: 1.2 % +
β × 2 % with β = 1).

Examples
--------
>>> from rehab import finance
>>> round(finance.npv([-1000.0, 600.0, 600.0], 0.05), 2)
115.65
>>> b = finance.annual_bill({"natural_gas": 12000.0, "electricity": 2500.0}, "2026-06-01")
>>> round(b.total_eur, 2)       # 12000*0.10192 + 343.90 + 2500*0.1940 + 185.58
2240.09
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from ._data import read_csv_records, read_json
from .errors import DataError, InputError, UnknownNameError

# the investment metrics live in rehab.finance_metrics; their names stay importable from here
from .finance_metrics import (
    DISCOUNT_RATE,
    _horizon,
    annualised_cost,
    capital_recovery_factor,
    co2_abatement_cost,
    cost_of_conserved_energy,
    discount_factors,
    discounted_payback,
    irr,
    npv,
    payback,
    project_cashflows,
    replacement_schedule,
    simple_payback,
)

__all__ = [
    "BILL_PARTS",
    "DISCOUNT_RATE",
    "Bill",
    "LandlordView",
    "Tariff",
    "annual_bill",
    "annualised_cost",
    "bill_split",
    "bills_over_horizon",
    "capital_recovery_factor",
    "carriers",
    "co2_abatement_cost",
    "cost_of_conserved_energy",
    "discount_factors",
    "discounted_payback",
    "escalation_rate",
    "ets2_carbon_cost",
    "ets2_price",
    "irr",
    "landlord_view",
    "npv",
    "payback",
    "price_index",
    "project_cashflows",
    "replacement_schedule",
    "scenarios",
    "simple_payback",
    "tariff",
    "tenant_contribution",
]


#: Default energy-price scenario: today's prices constant in real terms.
PRICE_SCENARIO = "constant"

#: VAT on the carbon cost passed through in the fuel price (CGI art. 278).
ETS2_VAT = 0.20

#: Default share of electricity used in off-peak hours under the HP/HC option:
#: 8 off-peak hours out of 24 with a flat load (an assumption of rehab).
HC_SHARE = 1.0 / 3.0


# --------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------


def as_date(date: Any) -> _dt.date:
    """A study date from an int year, ``"YYYY"``, ``"YYYY-MM-DD"`` or a date.

    A bare year means 1 July of that year (mid-year), so that ``2026``
    picks the prices in force for most of 2026.

    Examples
    --------
    >>> as_date(2026), as_date("2026-02-01")
    (datetime.date(2026, 7, 1), datetime.date(2026, 2, 1))
    """
    if isinstance(date, bool):
        raise InputError(f"date: {date!r} is not a date; give a year, 'YYYY-MM-DD' or a date")
    if isinstance(date, _dt.datetime):
        return date.date()
    if isinstance(date, _dt.date):
        return date
    if isinstance(date, (int, np.integer)):
        return _dt.date(int(date), 7, 1)
    if isinstance(date, str):
        text = date.strip()
        try:
            if len(text) == 4:
                return _dt.date(int(text), 7, 1)
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise InputError(
        f"date: {date!r} is not a date; give a year (2026), 'YYYY-MM-DD' or a datetime.date"
    )


# --------------------------------------------------------------------------
# tariffs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tariff:
    """Prices of one energy carrier in force at a date (VAT and taxes included).

    Attributes
    ----------
    carrier, option : str
        Carrier name and tariff option (``"base"``, ``"hphc"`` or ``"-"``).
    energy_eur_per_kwh : dict
        ``{"energy": p}`` or, for HP/HC, ``{"energy_hp": p, "energy_hc": p}`` [EUR/kWh].
    subscription_eur_per_yr : float
        Fixed annual part [EUR/yr].
    kva : int or None
        Subscribed power for electricity [kVA].
    valid_from : dict
        Date from which each component applies.
    sources : dict
        Source of each component.
    """

    carrier: str
    option: str
    energy_eur_per_kwh: dict[str, float]
    subscription_eur_per_yr: float
    kva: int | None
    valid_from: dict[str, _dt.date]
    sources: dict[str, str]

    def energy_price(self, hc_share: Any = HC_SHARE) -> Any:
        """Mean energy price [EUR/kWh] (HP/HC weighted by the off-peak share)."""
        if "energy" in self.energy_eur_per_kwh:
            return self.energy_eur_per_kwh["energy"]
        s = np.asarray(hc_share, dtype=float)
        if np.any((s < 0) | (s > 1)):
            raise InputError(f"hc_share: {hc_share!r} is not a share; give a fraction in [0, 1]")
        out = self.energy_eur_per_kwh["energy_hc"] * s + self.energy_eur_per_kwh["energy_hp"] * (
            1 - s
        )
        return float(out) if out.ndim == 0 else out


@lru_cache(maxsize=1)
def _tariff_rows() -> list[dict[str, Any]]:
    rows = []
    for i, r in enumerate(read_csv_records("prices", "tariffs.csv"), start=1):
        try:
            rows.append(
                {
                    "carrier": r["carrier"],
                    "option": r["option"],
                    "component": r["component"],
                    "kva": int(r["kva"]) if r["kva"].strip() else None,
                    "valid_from": _dt.date.fromisoformat(r["valid_from"]),
                    "value": float(r["value"]),
                    "source": r["source"],
                    "confidence": r["confidence"],
                }
            )
        except (KeyError, ValueError) as exc:
            raise DataError(f"prices/tariffs.csv, data row {i}: {exc}") from None
    return rows


def carriers() -> list[str]:
    """Energy carriers with a tariff in rehab's data.

    Examples
    --------
    >>> carriers()  # doctest: +NORMALIZE_WHITESPACE
    ['coal', 'district_heat', 'electricity', 'fuel_oil', 'lpg', 'natural_gas', 'wood_chips',
     'wood_logs', 'wood_pellets']
    """
    return sorted({r["carrier"] for r in _tariff_rows()})


def _pick(carrier: str, option: str, component: str, kva: int | None, when: _dt.date) -> dict:
    rows = [
        r
        for r in _tariff_rows()
        if r["carrier"] == carrier
        and r["option"] == option
        and r["component"] == component
        and r["kva"] == kva
    ]
    if not rows:
        if kva is not None:
            known = sorted(
                {
                    r["kva"]
                    for r in _tariff_rows()
                    if r["carrier"] == carrier and r["option"] == option and r["kva"] is not None
                }
            )
            raise InputError(
                f"kva: {kva!r} kVA has no {carrier} {option} subscription in rehab's data; "
                f"allowed {known}"
            )
        raise DataError(f"prices/tariffs.csv has no {carrier}/{option}/{component} row")
    valid = [r for r in rows if r["valid_from"] <= when]
    if not valid:
        first = min(r["valid_from"] for r in rows)
        raise InputError(
            f"date: {when.isoformat()} is before the first {carrier} {option} {component} "
            f"price in rehab's data ({first.isoformat()}); give a date on or after it"
        )
    return max(valid, key=lambda r: r["valid_from"])


def tariff(carrier: str, date: Any = 2026, option: str | None = None, *, kva: int = 6) -> Tariff:
    """Tariff of a carrier in force at a date.

    Parameters
    ----------
    carrier : str
        One of :func:`carriers`.
    date : int, str or datetime.date, default 2026
        Date of the prices (a bare year means 1 July).
    option : str, optional
        Electricity: ``"base"`` (default) or ``"hphc"``; other carriers
        have a single option.
    kva : int, default 6
        Subscribed electric power [kVA] (3, 6, 9, 12, 15 for Base; 6–15 for HP/HC).

    Returns
    -------
    Tariff

    Raises
    ------
    UnknownNameError
        Unknown carrier or option.
    InputError
        Date before the first price in the data, or a kVA band not in the data.

    Examples
    --------
    >>> t = tariff("electricity", "2026-03-01")
    >>> t.energy_eur_per_kwh, t.subscription_eur_per_yr
    ({'energy': 0.19398}, 188.2)
    >>> tariff("electricity", "2026-03-01", kva=9).energy_eur_per_kwh
    {'energy': 0.19266}
    >>> tariff("electricity", "2026-03-01", "hphc").energy_eur_per_kwh
    {'energy_hc': 0.1579, 'energy_hp': 0.2065}
    >>> tariff("natural_gas", 2026).subscription_eur_per_yr
    343.9
    """
    known = carriers()
    if carrier not in known:
        raise UnknownNameError("energy carrier", carrier, known)
    when = as_date(date)
    options = sorted({r["option"] for r in _tariff_rows() if r["carrier"] == carrier})
    if option is None:
        option = "base" if "base" in options else options[0]
    if option not in options:
        raise UnknownNameError(f"tariff option of {carrier}", option, options)
    comps = sorted(
        {
            r["component"]
            for r in _tariff_rows()
            if r["carrier"] == carrier
            and r["option"] == option
            and r["component"] != "subscription"
        }
    )
    has_kva = any(
        r["kva"] is not None
        for r in _tariff_rows()
        if r["carrier"] == carrier and r["component"] == "subscription"
    )
    k = int(kva) if has_kva else None
    energy, valid, sources = {}, {}, {}
    for c in comps:
        # an energy price by kVA band (TRVE Base since 1 Feb 2026) wins over the
        # band-free row when one is in force at the date
        by_kva = [
            r
            for r in _tariff_rows()
            if r["carrier"] == carrier
            and r["option"] == option
            and r["component"] == c
            and r["kva"] == k
            and k is not None
            and r["valid_from"] <= when
        ]
        free = [
            r
            for r in _tariff_rows()
            if r["carrier"] == carrier
            and r["option"] == option
            and r["component"] == c
            and r["kva"] is None
            and r["valid_from"] <= when
        ]
        if by_kva and (not free or max(x["valid_from"] for x in by_kva) >= max(x["valid_from"] for x in free)):
            r = max(by_kva, key=lambda x: x["valid_from"])
        else:
            r = _pick(carrier, option, c, None, when)
        energy[c] = r["value"]
        valid[c] = r["valid_from"]
        sources[c] = r["source"]
    sub = _pick(carrier, option, "subscription", k, when)
    valid["subscription"] = sub["valid_from"]
    sources["subscription"] = sub["source"]
    return Tariff(carrier, option, energy, sub["value"], k, valid, sources)


@lru_cache(maxsize=1)
def _dpe_bands() -> dict[str, list[tuple[float, float, float, float]]]:
    out: dict[str, list[tuple[float, float, float, float]]] = {}
    for r in read_csv_records("prices", "dpe_conventional_costs.csv"):
        upper = float(r["upper_kwh"]) if r["upper_kwh"].strip() else np.inf
        out.setdefault(r["carrier"], []).append(
            (float(r["lower_kwh"]), upper, float(r["fixed_eur"]), float(r["eur_per_kwh"]))
        )
    return out


def conventional_cost(carrier: str, kwh: Any) -> Any:
    """DPE conventional annual cost of a carrier [EUR/yr] for a consumption [kWh/yr].

    Arrêté of 31 March 2021 (DPE methods), annex 7, piecewise in the annual
    consumption (figures as implemented by the Open3CL engine).

    Examples
    --------
    >>> round(conventional_cost("natural_gas", 12000.0), 2)
    1013.96
    >>> conventional_cost("electricity", [500.0, 3000.0]).round(2).tolist()
    [145.04, 577.28]
    """
    bands = _dpe_bands()
    if carrier not in bands:
        raise UnknownNameError("carrier with a DPE conventional cost", carrier, sorted(bands))
    c = np.asarray(kwh, dtype=float)
    out = np.zeros_like(c)
    for lo, hi, fixed, p in bands[carrier]:
        m = (c >= lo) & (c < hi)
        out = np.where(m, fixed + p * c, out)
    out = np.where(c > 0, out, 0.0)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class Bill:
    """Annual energy bill of one house or an array of houses [EUR/yr, TTC].

    Attributes
    ----------
    energy_eur, subscription_eur : dict
        Per carrier: the energy part and the subscription (0 where the
        carrier's consumption is 0).
    mode : str
        ``"realistic"`` (tariffs) or ``"conventional"`` (DPE costs; the
        fixed parts are inside ``energy_eur``).
    date : datetime.date
        Date of the prices.
    """

    energy_eur: dict[str, Any]
    subscription_eur: dict[str, Any]
    mode: str
    date: _dt.date
    tariffs: dict[str, Tariff] = field(default_factory=dict, repr=False)

    @property
    def by_carrier(self) -> dict[str, Any]:
        """Energy + subscription per carrier [EUR/yr]."""
        return {c: self.energy_eur[c] + self.subscription_eur[c] for c in self.energy_eur}

    @property
    def total_eur(self) -> Any:
        """Total bill [EUR/yr] (float, or one value per house)."""
        tot = sum(self.by_carrier.values(), 0.0)
        return float(tot) if np.ndim(tot) == 0 else np.asarray(tot)


def _kwh(name: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(
            f"delivered_kwh_by_carrier[{name!r}]: {value!r} is not a number; give kWh/yr"
        ) from None
    if np.isnan(arr).any() or (arr < 0).any():
        raise InputError(
            f"delivered_kwh_by_carrier[{name!r}]: {value!r} must be >= 0 kWh/yr without NaN"
        )
    return arr


def annual_bill(
    delivered_kwh_by_carrier: Mapping[str, Any],
    date: Any = 2026,
    *,
    option: str = "base",
    kva: Any = 6,
    hc_share: Any = HC_SHARE,
    mode: Literal["realistic", "conventional"] = "realistic",
) -> Bill:
    """Annual energy bill: energy part + subscription per carrier.

    ``bill_c = p_c · E_c + S_c · [E_c > 0]`` for each carrier c, with the
    price p_c and subscription S_c in force at ``date``. A carrier whose
    delivered energy is 0 pays no subscription (a gas contract is ended
    after a heat pump replaces the boiler).

    Parameters
    ----------
    delivered_kwh_by_carrier : mapping
        Carrier → delivered (final) energy [kWh/yr], a float or an array
        with one value per house (arrays broadcast together).
    date : int, str or datetime.date, default 2026
        Date of the prices.
    option : {"base", "hphc"}, default "base"
        Electricity tariff option.
    kva : int or array of int, default 6
        Subscribed electric power [kVA], per house if an array.
    hc_share : float or array, default 1/3
        Share of electricity used in off-peak hours (HP/HC option only);
        the default (8 h of 24 with a flat load) is an assumption.
    mode : {"realistic", "conventional"}, default "realistic"
        ``"conventional"`` uses the DPE conventional costs (arrêté of 31
        March 2021, annex 7), which ignore ``date``, ``option`` and ``kva``.

    Returns
    -------
    Bill

    Examples
    --------
    >>> b = annual_bill({"natural_gas": [12000.0, 0.0], "electricity": [2500.0, 6000.0]}, "2026-06-01")
    >>> b.subscription_eur["natural_gas"].tolist()      # second house: no gas, no gas subscription
    [343.9, 0.0]
    >>> b.total_eur.round(2).tolist()
    [2240.09, 1352.08]
    >>> round(annual_bill({"natural_gas": 12000.0}, mode="conventional").total_eur, 2)
    1013.96
    """
    if mode not in ("realistic", "conventional"):
        raise InputError(f"mode: {mode!r} is not a bill mode; allowed 'realistic', 'conventional'")
    when = as_date(date)
    kwh = {c: _kwh(c, v) for c, v in delivered_kwh_by_carrier.items()}
    energy: dict[str, Any] = {}
    subs: dict[str, Any] = {}
    tariffs: dict[str, Tariff] = {}

    def out(x: Any) -> Any:
        return float(x) if np.ndim(x) == 0 else np.asarray(x, dtype=float)

    for c, e in kwh.items():
        if mode == "conventional":
            energy[c] = out(conventional_cost(c, e))
            subs[c] = out(np.zeros_like(e))
            continue
        if c not in carriers():
            raise UnknownNameError("energy carrier", c, carriers())
        opt = option if c == "electricity" else None
        kva_arr = np.asarray(kva)
        if c == "electricity" and kva_arr.ndim > 0:
            sub = np.zeros(kva_arr.shape)
            price = np.zeros(kva_arr.shape)
            for k in np.unique(kva_arr):
                t = tariff(c, when, opt, kva=int(k))
                sub = np.where(kva_arr == k, t.subscription_eur_per_yr, sub)
                price = np.where(kva_arr == k, t.energy_price(hc_share), price)
                tariffs[c] = t
        else:
            t = tariff(c, when, opt, kva=int(kva_arr) if c == "electricity" else 6)
            tariffs[c] = t
            sub = t.subscription_eur_per_yr
            price = t.energy_price(hc_share) if c == "electricity" else t.energy_price()
        energy[c] = out(price * e)
        subs[c] = out(np.where(e > 0, sub, 0.0))
    return Bill(energy, subs, mode, when, tariffs)


# --------------------------------------------------------------------------
# escalation
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _escalation() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for r in read_csv_records("prices", "escalation.csv"):
        out.setdefault(r["scenario"], {})[r["carrier"]] = float(r["real_rate_per_yr"])
    return out


def scenarios() -> list[str]:
    """Names of the price-escalation scenarios.

    Examples
    --------
    >>> scenarios()
    ['central', 'constant', 'high', 'low']
    """
    return sorted(_escalation())


def escalation_rate(carrier: str, scenario: str = PRICE_SCENARIO) -> float:
    """Real annual price escalation of a carrier in a scenario [1/yr].

    0 in every scenario but ``high`` (+1 %/yr, an assumption); the ETS2
    carbon price comes on top (:func:`ets2_carbon_cost`).

    Examples
    --------
    >>> escalation_rate("natural_gas"), escalation_rate("electricity", "high")
    (0.0, 0.01)
    """
    table = _escalation()
    if scenario not in table:
        raise UnknownNameError("escalation scenario", scenario, sorted(table))
    if carrier not in table[scenario]:
        raise UnknownNameError("energy carrier", carrier, sorted(table[scenario]))
    return table[scenario][carrier]


def price_index(carrier: str, horizon: int, scenario: str = PRICE_SCENARIO) -> np.ndarray:
    """Real price multiplier of years 1..horizon: ``(1 + r)^(t - 1)`` (ETS2 excluded).

    Examples
    --------
    >>> price_index("natural_gas", 3, "high").round(4).tolist()
    [1.0, 1.01, 1.0201]
    """
    h = _horizon(horizon)
    r = escalation_rate(carrier, scenario)
    return (1.0 + r) ** np.arange(h, dtype=float)


@lru_cache(maxsize=1)
def _ets2() -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], dict[str, float]]:
    prices: dict[str, list[tuple[int, float]]] = {}
    factors: dict[str, float] = {}
    for i, r in enumerate(read_csv_records("prices", "ets2.csv"), start=1):
        try:
            if r["kind"] == "price":
                prices.setdefault(r["scenario"], []).append((int(r["key"]), float(r["value"])))
            elif r["kind"] == "factor":
                factors[r["key"]] = float(r["value"])
            else:
                raise ValueError(f"kind {r['kind']!r} (allowed price, factor)")
        except (KeyError, ValueError) as exc:
            raise DataError(f"prices/ets2.csv, data row {i}: {exc}") from None
    paths = {
        k: (np.array([y for y, _ in sorted(v)], float), np.array([p for _, p in sorted(v)]))
        for k, v in prices.items()
    }
    return paths, factors


def ets2_price(year: Any, scenario: str = "central") -> Any:
    """ETS2 carbon price of a calendar year in a scenario [EUR/tCO2, real].

    0 before the first year of the path (2028) and in the ``constant``
    scenario; linear between the listed years; the last price holds after.
    Sources in ``data/prices/ets2.csv`` (Directive (EU) 2023/959, the
    December 2025 agreement delaying the start to 2028).

    Examples
    --------
    >>> ets2_price([2027, 2028, 2029, 2030, 2040]).tolist()
    [0.0, 50.0, 75.0, 100.0, 100.0]
    >>> float(ets2_price(2035, "low")), float(ets2_price(2035, "constant"))
    (45.0, 0.0)
    """
    paths, _ = _ets2()
    y = np.asarray(year, dtype=float)
    if scenario == "constant":
        out = np.zeros_like(y)
    else:
        if scenario not in paths:
            raise UnknownNameError("ETS2 price scenario", scenario, ["constant", *sorted(paths)])
        ys, ps = paths[scenario]
        out = np.where(y < ys[0], 0.0, np.interp(y, ys, ps))
    return float(out) if out.ndim == 0 else out


def ets2_carbon_cost(carrier: str, year: Any, scenario: str = "central") -> Any:
    """ETS2 cost passed to the household per kWh delivered [EUR/kWh, VAT included].

    ``factor_c · price(year) / 1000 · (1 + 20 %)``: the CO2 content of the
    fossil carrier (IPCC 2006 default factors) times the carbon price;
    0 for electricity, wood and heat networks (outside ETS2).

    Examples
    --------
    >>> round(float(ets2_carbon_cost("natural_gas", 2030)), 5)     # 0.202 x 100 / 1000 x 1.2
    0.02424
    >>> float(ets2_carbon_cost("electricity", 2030))
    0.0
    """
    _, factors = _ets2()
    f = factors.get(carrier, 0.0)
    out = f * np.asarray(ets2_price(year, scenario), dtype=float) / 1000.0 * (1.0 + ETS2_VAT)
    return float(out) if out.ndim == 0 else out


def bills_over_horizon(
    delivered_kwh_by_carrier: Mapping[str, Any],
    horizon: int = 30,
    *,
    date: Any = 2026,
    scenario: str = PRICE_SCENARIO,
    **bill_options: Any,
) -> np.ndarray:
    """Annual bills of years 1..horizon in a price scenario [EUR/yr, real].

    The bill of each carrier at ``date`` (see :func:`annual_bill`) is
    multiplied by that carrier's :func:`price_index` (subscriptions follow
    the energy price, an assumption), plus the ETS2 carbon cost of the
    fossil carriers in calendar year ``date.year + t``
    (:func:`ets2_carbon_cost`; none in the default ``"constant"``
    scenario). Conventional (DPE) bills stay constant.

    Returns
    -------
    numpy.ndarray
        Shape ``(horizon,)`` for one house, ``(n, horizon)`` for n houses.

    Examples
    --------
    >>> bills_over_horizon({"natural_gas": 10000.0}, 3).round(1).tolist()
    [1363.1, 1363.1, 1363.1]
    >>> # 2028: + 10,000 kWh x 0.202 kg/kWh x 50 EUR/t x 1.2; 2029: 75 EUR/t
    >>> bills_over_horizon({"natural_gas": [10000.0, 0.0]}, 3, scenario="central").round(1).tolist()
    [[1363.1, 1484.3, 1544.9], [0.0, 0.0, 0.0]]
    """
    h = _horizon(horizon)
    bill = annual_bill(delivered_kwh_by_carrier, date, **bill_options)
    total = 0.0
    years = as_date(date).year + np.arange(1, h + 1)
    for c, amount in bill.by_carrier.items():
        idx = price_index(c, h, scenario) if bill.mode == "realistic" else np.ones(h)
        total = total + np.asarray(amount, dtype=float)[..., None] * idx
        if bill.mode == "realistic" and scenario != "constant":
            carbon = ets2_carbon_cost(c, years, scenario)
            if np.any(carbon):
                kwh = np.asarray(delivered_kwh_by_carrier[c], dtype=float)
                total = total + kwh[..., None] * carbon
    return np.asarray(total, dtype=float) * np.ones(h)


#: The parts of a bill split by use: the DPE uses (:data:`rehab.factors.USES`) and the subscriptions.
BILL_PARTS: tuple[str, ...] = ("heating", "dhw", "cooling", "lighting", "auxiliaries", "subscriptions")


def bill_split(
    delivered_kwh: Mapping[tuple[str, str], Any],
    date: Any = 2026,
    *,
    year: int = 1,
    scenario: str = PRICE_SCENARIO,
    **bill_options: Any,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The bill of year ``year`` split by use and by energy carrier [EUR/yr, TTC].

    Each carrier's bill is that of :func:`bills_over_horizon` in year
    ``year`` (tariff at ``date`` × :func:`price_index`, plus the ETS2 carbon
    cost of the fossil carriers). Its energy part, proportional to the
    carrier's delivered energy, is shared among the uses in proportion of
    their kWh; its subscription goes to ``"subscriptions"``. In the
    conventional (DPE-cost) mode, whose fixed parts sit inside the energy
    cost, the whole cost of a carrier is shared by kWh (no subscriptions).
    The parts by use, and the parts by carrier, each add up to the bill.

    Parameters
    ----------
    delivered_kwh : mapping
        ``(carrier, use)`` → delivered energy [kWh/yr], a float or one value
        per house (uses of :data:`rehab.factors.USES`).
    date : int, str or datetime.date
        Date of the prices.
    year : int, default 1
        Year of the horizon (1 = the first year, as ``bill_after_eur``).
    scenario : str
        Price scenario (:func:`scenarios`).
    **bill_options
        ``option``, ``kva``, ``hc_share``, ``mode`` of :func:`annual_bill`.

    Returns
    -------
    by_use, by_carrier : dict
        ``by_use``: every part of :data:`BILL_PARTS`; ``by_carrier``: each
        carrier met, energy and subscription [EUR/yr].

    Examples
    --------
    >>> use, carrier = bill_split(
    ...     {("natural_gas", "heating"): 9000.0, ("natural_gas", "dhw"): 3000.0,
    ...      ("electricity", "auxiliaries"): 500.0}, "2026-06-01")
    >>> {k: round(v, 2) for k, v in use.items() if v}  # gas 0.10192, electricity 0.19398 EUR/kWh
    {'heating': 917.28, 'dhw': 305.76, 'auxiliaries': 96.99, 'subscriptions': 532.1}
    >>> {k: round(v, 2) for k, v in carrier.items()}
    {'natural_gas': 1566.94, 'electricity': 285.19}
    >>> round(sum(use.values()), 2) == round(sum(carrier.values()), 2) == round(float(
    ...     bills_over_horizon({"natural_gas": 12000.0, "electricity": 500.0}, 1, date="2026-06-01")[0]), 2)
    True
    """
    from .factors import USES

    h = _horizon(year)
    kwh: dict[str, Any] = {}
    for (c, u), v in delivered_kwh.items():
        if u not in USES:
            raise UnknownNameError("use of a bill", u, USES)
        kwh[c] = kwh[c] + _kwh(c, v) if c in kwh else _kwh(c, v)
    bill = annual_bill(kwh, date, **bill_options)
    realistic = bill.mode == "realistic"
    zero = 0.0 * sum(kwh.values(), 0.0)
    by_use: dict[str, Any] = dict.fromkeys(BILL_PARTS, zero)
    by_carrier: dict[str, Any] = {}
    for c, e in kwh.items():
        idx = float(price_index(c, h, scenario)[-1]) if realistic else 1.0
        energy = bill.energy_eur[c] * idx
        if realistic and scenario != "constant":
            energy = energy + e * ets2_carbon_cost(c, bill.date.year + h, scenario)
        sub = bill.subscription_eur[c] * idx
        by_carrier[c] = energy + sub
        by_use["subscriptions"] = by_use["subscriptions"] + sub
        share = energy / np.where(e > 0, e, 1.0)  # EUR per kWh of this carrier
        for (cc, u), v in delivered_kwh.items():
            if cc == c:
                by_use[u] = by_use[u] + share * np.asarray(v, dtype=float)

    def out(x: Any) -> Any:
        return float(x) if np.ndim(x) == 0 else np.asarray(x, dtype=float)

    return {k: out(v) for k, v in by_use.items()}, {k: out(v) for k, v in by_carrier.items()}


# --------------------------------------------------------------------------
# landlord and tenant
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _contribution_rule() -> dict[str, Any]:
    data = read_json("subsidies", "tenant_contribution.json")
    return data["rules"][-1]


def tenant_contribution(
    estimated_annual_saving: Any,
    *,
    sector: Literal["social", "private"] = "social",
    built_before_1948: bool = False,
    main_rooms: Any = None,
) -> tuple[Any, int]:
    """Maximum tenant contribution to the landlord's works ("3e ligne de quittance").

    Loi 2009-323 (MOLLE) art. 119: art. 23-1 of loi 89-462 (private) and
    art. L442-3 II CCH (social); décrets 2009-1438 / 2009-1439 of 23 Nov
    2009. The contribution is fixed and not revisable, at most half of the
    estimated energy saving, for at most 15 years, and only after a package
    of works (≥ 2 actions) or a minimum performance level, with prior
    consultation of the tenant. For private dwellings built before 1948 the
    décret sets a flat monthly amount instead: 10 € (1 main room), 15 €
    (2–3), 20 € (4 or more).

    Parameters
    ----------
    estimated_annual_saving : float or array_like
        Estimated energy-bill saving of the tenant [EUR/yr].
    sector : {"social", "private"}
    built_before_1948 : bool
        Private sector only: use the flat pre-1948 amounts.
    main_rooms : int or array_like
        Number of main rooms (needed for the pre-1948 flat amounts).

    Returns
    -------
    (amount, years)
        Annual contribution [EUR/yr] and its maximum duration [yr].

    Examples
    --------
    >>> tenant_contribution(600.0)
    (300.0, 15)
    >>> tenant_contribution(600.0, sector="private", built_before_1948=True, main_rooms=4)
    (240.0, 15)
    """
    rule = _contribution_rule()
    years = int(rule["max_years"])
    sav = np.maximum(np.asarray(estimated_annual_saving, dtype=float), 0.0)
    if sector not in ("social", "private"):
        raise InputError(f"sector: {sector!r}; allowed 'social', 'private'")
    if sector == "private" and built_before_1948:
        if main_rooms is None:
            raise InputError(
                "main_rooms: needed for a private dwelling built before 1948 "
                "(flat contribution by number of main rooms)"
            )
        flat = rule["private_pre1948_flat_eur_per_month"]
        rooms = np.asarray(main_rooms, dtype=float)
        if (rooms < 1).any():
            raise InputError(f"main_rooms: {main_rooms!r} must be >= 1")
        monthly = np.where(
            rooms >= 4, flat["4+"], np.where(rooms >= 2, flat["2"], flat["1"])
        ).astype(float)
        out = 12.0 * monthly
    else:
        out = rule["max_share_of_estimated_saving"] * sav
    return (float(out) if np.ndim(out) == 0 else out), years


@dataclass(frozen=True)
class LandlordView:
    """Cash flows and NPVs of a landlord's retrofit and of its tenant.

    Attributes
    ----------
    landlord_cashflows, tenant_cashflows : numpy.ndarray
        Shape ``(..., H + 1)`` [EUR], t = 0 first.
    landlord_npv, tenant_npv : float or numpy.ndarray
        At the given rate [EUR].
    rate : float
    """

    landlord_cashflows: np.ndarray
    tenant_cashflows: np.ndarray
    landlord_npv: Any
    tenant_npv: Any
    rate: Any


def landlord_view(
    net_investment: Any,
    annual_bill_savings: Any,
    *,
    horizon: int = 30,
    rate: Any = DISCOUNT_RATE,
    tenant_contribution_eur_per_yr: Any = 0.0,
    contribution_years: int = 15,
    landlord_replacements: Any = None,
) -> LandlordView:
    """Split a rental retrofit between landlord (pays) and tenant (saves on bills).

    The landlord pays the net investment at t = 0 (and replacements, if
    given) and receives the tenant contribution for ``contribution_years``
    (legal maximum 15, see :func:`tenant_contribution`); the tenant saves
    the bill difference every year and pays the contribution. Rent changes
    are not modelled.

    Parameters
    ----------
    net_investment : float or array_like
        Cost after grants [EUR].
    annual_bill_savings : float or array_like
        Tenant's bill saving, ``()``, ``(n,)`` or ``(n, H)`` [EUR/yr].
    horizon : int, default 30
    rate : float, default 0.032
    tenant_contribution_eur_per_yr : float or array_like, default 0
    contribution_years : int, default 15
    landlord_replacements : array_like, optional
        Extra landlord spending per year, shape ``(..., H + 1)`` [EUR]
        (e.g. replacements minus residual value from :func:`project_cashflows`).

    Examples
    --------
    >>> v = landlord_view(20000.0, 800.0, horizon=20, rate=0.0, tenant_contribution_eur_per_yr=400.0)
    >>> float(v.landlord_npv), float(v.tenant_npv)
    (-14000.0, 10000.0)
    """
    h = _horizon(horizon)
    cy = _horizon(contribution_years)
    if cy > 15:
        raise InputError(
            f"contribution_years: {contribution_years!r}; the law allows at most 15 years "
            "(art. 23-1 loi 89-462, art. L442-3 CCH)"
        )
    inv = np.asarray(net_investment, dtype=float)
    sav = np.asarray(annual_bill_savings, dtype=float)
    sav_t = (
        sav if (sav.ndim >= 1 and sav.shape[-1] == h and sav.ndim > inv.ndim) else sav[..., None]
    )
    sav_t = sav_t * np.ones(h)
    contrib = np.asarray(tenant_contribution_eur_per_yr, dtype=float)[..., None] * (
        np.arange(1, h + 1) <= cy
    )
    lead = np.broadcast_shapes(inv.shape, sav_t.shape[:-1], contrib.shape[:-1])
    land = np.zeros((*lead, h + 1))
    land[..., 0] -= inv
    land[..., 1:] += contrib
    if landlord_replacements is not None:
        land = land - np.asarray(landlord_replacements, dtype=float)
    ten = np.zeros((*lead, h + 1))
    ten[..., 1:] += sav_t - contrib
    return LandlordView(land, ten, npv(land, rate), npv(ten, rate), rate)
