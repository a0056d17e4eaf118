"""Neighbourhood programmes: a housing stock × retrofit packages, computed at stock scale.

:class:`Programme` takes a stock (:class:`rehab.stock.Stock`, a CSV /
Parquet / GeoJSON file or a DataFrame) and packages, and :meth:`Programme.run`
returns a :class:`ProgrammeResult` whose :attr:`~ProgrammeResult.table` has
one row per dwelling and scenario (the house as it is first), with the same
columns and meanings as :func:`rehab.assess` — which is this engine run on a
single house: both go through :func:`evaluate`.

How the work is shared (the point is speed):

* **thermal variants** — dwellings with the same archetype, floor area
  (binned to ``resolution["floor_area"]`` m²), street-façade azimuth
  (binned to ``resolution["azimuth"]`` degrees), wall thickness, window
  scale, n50 and heritage flag share one House, built once
  (:func:`rehab.archetypes.get`); each package is applied once per variant
  (:meth:`rehab.retrofit.Package.run`). Heating and DHW systems are not part
  of the variant: they only enter the systems chain;
* **one engine call** — the variant × scenario houses (packages that only
  change systems share the house as it is; balanced-ventilation houses are
  added once more with their heat recovery bypassed for the summer hours)
  go through :func:`rehab.simulate` in one batch;
* **3CL on arrays** — the 3CL needs, delivered energy, Cep, EGES and
  classes (:func:`rehab.labels.dpe_energy`, :func:`rehab.labels.dpe_classes`)
  run on arrays of variant × scenario × (heating, DHW) combinations, one call
  per pair of systems;
* **aids by key** — :func:`rehab.subsidies.eligible_aids` runs once per
  distinct aid context (owner, income, classes, measures, cost, systems, Cep);
* **finance on arrays** — bills, NPV, IRR, paybacks, cost of conserved
  energy and CO2 abatement cost (:mod:`rehab.finance`) on every row at once;
* only annual figures are kept (no hourly arrays per dwelling).

**Binning is an approximation**: a dwelling of 61.3 m² is computed as the
variant of 61.5 m² and its extensive results (kWh, kgCO2e, the cost lines
priced per m², bills) are scaled by 61.3/61.5; per-m² results (Cep, EGES,
classes, overheating hours) are those of the variant. The error on the
heating need is well below 1 % at the default 0.5 m² and 5° (see
``docs/programme.md``); ``resolution=None`` computes every dwelling exactly.

Examples
--------
>>> import rehab
>>> from rehab.programme import Programme
>>> stock = rehab.stock.demo().table.iloc[[0, 1, 2]]
>>> res = Programme(stock, ["attic-only"]).run(progress=False)
>>> res.table[["house_id", "scenario", "dpe_class"]]
  house_id    scenario dpe_class
0  LG-0001    baseline         G
1  LG-0001  attic-only         G
2  LG-0002    baseline         F
3  LG-0002  attic-only         F
4  LG-0003    baseline         E
5  LG-0003  attic-only         E
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import finance
from .errors import BadRow, ConstraintError, InputError, RehabError, UnknownNameError, require_extra
from .subsidies import MEASURE_KINDS

if TYPE_CHECKING:
    import pandas as pd

    from .house import House
    from .retrofit import Package, PackageOutcome

__all__ = [
    "BASELINE",
    "COLUMNS",
    "DEFAULT_RESOLUTION",
    "FAN_POWER_W_PER_M3H",
    "OBJECTIVES",
    "PV_CONTRACT_YEARS",
    "Programme",
    "ProgrammeResult",
    "economics_rows",
    "engine",
    "evaluate",
    "parse_packages",
    "synthetic_stock",
]

#: Name of the scenario of the house as it is.
BASELINE = "baseline"

#: Default bin widths of the thermal variants: floor area [m²] and azimuth [deg].
DEFAULT_RESOLUTION = {"floor_area": 0.5, "azimuth": 5.0}

#: Objectives of :meth:`ProgrammeResult.choose`.
OBJECTIVES = ("cheapest_reaching", "max_npv", "min_co2", "cheapest_bbc")

#: Specific fan power by ventilation system [W per m³/h of system flow]:
#: 0.25 for extract units (one fan), 0.5 for balanced units (two fans);
#: typical of current EC-fan residential units (assumption, 2026-11-28).
FAN_POWER_W_PER_M3H = {
    "natural": 0.0,
    "window": 0.0,
    "extract": 0.25,
    "extract_hygro": 0.25,
    "balanced": 0.5,
}

#: Years of the purchase-obligation contract of small PV (S21 arrêté): the
#: surplus is paid for 20 years, and counted as worth nothing afterwards.
PV_CONTRACT_YEARS = 20

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
    "pv_self_consumption_premium",
)

#: Columns of :attr:`ProgrammeResult.table` (``delivered_<carrier>_kwh``
#: come after ``delivered_kwh``, one per carrier met in the programme).
COLUMNS = (
    "house_id",
    "scenario",
    "title",
    "measures",
    "allowed",
    "constraint",
    "archetype",
    "owner",
    "income",
    "street",
    "cite",
    "heating_before",
    "heating_after",
    "floor_area_m2",
    "heating_need_kwh",
    "heating_need_kwh_m2",
    "heating_need_3cl_kwh",
    "delivered_kwh",
    "final_energy_kwh_m2",
    "primary_kwh",
    "cep_kwhep_m2",
    "eges_kgco2e_m2",
    "co2_kg",
    "dpe_class",
    "energy_class",
    "ghg_class",
    "bbc_renovation_2024",
    "bbc_first_step_c",
    "bbc_effinergie_2009",
    "rental_allowed",
    "rental_deadline",
    "cost_ht_eur",
    "cost_ttc_eur",
    "subsidies_eur",
    "public_subsidies_eur",
    "loans_value_eur",
    "net_cost_eur",
    "aids_applied",
    "aid_key",
    "bill_before_eur",
    "bill_after_eur",
    "savings_eur",
    "savings_kwh",
    "pv_kwh",
    "pv_self_consumed_kwh",
    "pv_export_eur",
    "npv_eur",
    "tenant_npv_eur",
    "irr",
    "payback_simple_yr",
    "payback_discounted_yr",
    "cce_eur_kwh",
    "cost_conserved_energy_eur_kwh",
    "co2_abatement_eur_t",
    "overheating_h_above_26",
    "overheating_h_above_28",
    "moisture_risk",
    "moisture_max_kg_m2",
    "moisture_note",
)

#: Unit of every numeric column of the table.
UNITS = {
    "floor_area_m2": "m²",
    "heating_need_kwh": "kWh/yr",
    "heating_need_kwh_m2": "kWh/(m²·yr)",
    "heating_need_3cl_kwh": "kWh/yr",
    "delivered_kwh": "kWh/yr",
    "final_energy_kwh_m2": "kWh/(m²·yr)",
    "primary_kwh": "kWhEP/yr",
    "cep_kwhep_m2": "kWhEP/(m²·yr)",
    "eges_kgco2e_m2": "kgCO2e/(m²·yr)",
    "co2_kg": "kgCO2e/yr",
    "cost_ht_eur": "EUR",
    "cost_ttc_eur": "EUR",
    "subsidies_eur": "EUR",
    "public_subsidies_eur": "EUR",
    "loans_value_eur": "EUR",
    "net_cost_eur": "EUR",
    "bill_before_eur": "EUR/yr",
    "bill_after_eur": "EUR/yr",
    "savings_eur": "EUR/yr",
    "savings_kwh": "kWh/yr",
    "pv_kwh": "kWh/yr",
    "pv_self_consumed_kwh": "kWh/yr",
    "pv_export_eur": "EUR/yr",
    "npv_eur": "EUR",
    "tenant_npv_eur": "EUR",
    "irr": "1/yr",
    "payback_simple_yr": "yr",
    "payback_discounted_yr": "yr",
    "cce_eur_kwh": "EUR/kWh",
    "cost_conserved_energy_eur_kwh": "EUR/kWh",
    "co2_abatement_eur_t": "EUR/tCO2e",
    "overheating_h_above_26": "h/yr",
    "overheating_h_above_28": "h/yr",
    "moisture_max_kg_m2": "kg/m²",
}

_THERMAL_FREE = ("heating", "dhw", "pv")  # measure kinds that leave the thermal model alone


# --------------------------------------------------------------------------
# options and packages
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """Validated options shared by :func:`rehab.assess` and :class:`Programme`."""

    date: _dt.date
    year: int
    horizon: int
    discount_rate: float
    weather: Any
    method: str = "hourly"
    mode: str = "conventional"
    rules: tuple[Any, ...] = ("france",)
    scenario: str = "central"
    kva: Any = "auto"
    bill_prices: str = "tariffs"
    cost_factor: float = 1.0
    humidity_class: int = 3
    summer_bypass: bool = True
    tenant_contribution: bool = False
    main_rooms: int | None = None


def make_options(
    *,
    date: Any = "2026-06-01",
    horizon: Any = 30,
    discount_rate: float = finance.DISCOUNT_RATE,
    weather: Any = None,
    method: str = "hourly",
    mode: str = "conventional",
    rules: Iterable[Any] = ("france",),
    scenario: str = "central",
    kva: Any = "auto",
    bill_prices: str = "tariffs",
    cost_factor: float = 1.0,
    humidity_class: int = 3,
    summer_bypass: bool = True,
    tenant_contribution: bool = False,
    main_rooms: int | None = None,
) -> Options:
    """Check the options and bring them to their internal form (errors name field and allowed values)."""
    from . import costs
    from .factors import parse_date
    from .weather import Weather, default, read_epw

    if mode not in ("conventional", "realistic"):
        raise InputError(f"mode: {mode!r}; allowed 'conventional', 'realistic'")
    if method not in ("hourly", "monthly"):
        raise InputError(f"method: {method!r}; allowed 'hourly', 'monthly'")
    if bill_prices not in ("tariffs", "dpe"):
        raise InputError(f"bill_prices: {bill_prices!r}; allowed 'tariffs', 'dpe'")
    if not (
        isinstance(cost_factor, (int, float)) and cost_factor >= 0 and math.isfinite(cost_factor)
    ):
        raise InputError(f"cost_factor: {cost_factor!r}; give a number >= 0")
    try:
        rate = float(discount_rate)
    except (TypeError, ValueError):
        raise InputError(
            f"discount_rate: {discount_rate!r}; give a real rate per year, e.g. 0.032"
        ) from None
    if not (-1.0 < rate < 1.0):
        raise InputError(
            f"discount_rate: {discount_rate!r} per year; allowed between -1 and 1 (0.032 = 3.2 %)"
        )
    if scenario not in finance.scenarios():
        raise InputError(f"scenario: {scenario!r}; allowed {', '.join(finance.scenarios())}")
    if kva != "auto" and not (isinstance(kva, (int, np.integer)) and 3 <= int(kva) <= 36):
        raise InputError(f"kva: {kva!r}; allowed 'auto' or a subscribed power in kVA (3..36)")
    d = parse_date(date)
    if weather is None:
        w = default()
    elif isinstance(weather, Weather):
        w = weather
    elif isinstance(weather, (str, Path)):
        w = read_epw(weather)
    else:
        raise InputError(
            f"weather: {type(weather).__name__}; give a rehab Weather, an EPW path or None"
        )
    from .retrofit import rule_set

    rules = tuple(rules)
    for r in rules:
        rule_set(r)  # unknown names fail here, listing the known ones
    return Options(
        date=d,
        year=costs.study_year(d),
        horizon=finance._horizon(horizon),
        discount_rate=rate,
        weather=w,
        method=method,
        mode=mode,
        rules=rules,
        scenario=scenario,
        kva=kva,
        bill_prices=bill_prices,
        cost_factor=float(cost_factor),
        humidity_class=int(humidity_class),
        summer_bypass=bool(summer_bypass),
        tenant_contribution=bool(tenant_contribution),
        main_rooms=main_rooms,
    )


def parse_packages(specs: Iterable[Any] | None, field_name: str = "packages") -> list[Package]:
    """Packages from preset names, Package objects, dicts or lists of measures (default every preset).

    Names must be unique and not ``"baseline"``; an unknown preset name
    raises :class:`rehab.errors.UnknownNameError` naming the field and the
    presets.

    Examples
    --------
    >>> [p.name for p in parse_packages(["attic-only", [{"kind": "airtightness", "n50": 5}]])]
    ['attic-only', 'custom-2']
    """
    from . import packages as _packages

    items = list(_packages.ordered_names()) if specs is None else list(specs)
    if isinstance(specs, (str, bytes)):
        items = [specs]
    out = []
    for i, s in enumerate(items):
        if isinstance(s, str) and s not in _packages.names():
            known = _packages.names()
            err = UnknownNameError("package", s, known)
            err.message = (
                f"{field_name}[{i}]: {err.message.split(' (')[0]}; allowed presets: {', '.join(known)} "
                "(or a Package, a dict with name and measures, a list of measures)"
            )
            err.args = (err.message,)
            raise err
        out.append(
            _packages.package(s, name=f"custom-{i + 1}" if isinstance(s, (list, tuple)) else None)
        )
    names = [p.name for p in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup or BASELINE in names:
        raise InputError(
            f"{field_name}: package names must be unique and not 'baseline'; repeated: {dup or ['baseline']}"
        )
    return out


# --------------------------------------------------------------------------
# economics (vectorised)
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# small helpers (one house)
# --------------------------------------------------------------------------


def fan_kwh(house: House) -> float:
    """Yearly electricity of the ventilation fans [kWh/yr] (:data:`FAN_POWER_W_PER_M3H`, all year)."""
    v = house.ventilation
    sfp = FAN_POWER_W_PER_M3H.get(v.system, 0.0)
    return sfp * v.system_flow(house.floor_area) * 8760.0 / 1000.0


def bypassed(house: House) -> House:
    """The house with its heat recovery bypassed (summer), or itself."""
    v = house.ventilation
    if v.heat_recovery <= 0:
        return house
    return house.copy_with(ventilation=v.copy_with(heat_recovery=0.0).model_dump())


def heating_name(system: Any) -> str | None:
    """Name of a heating system for the aid rules (:data:`rehab.subsidies.HEATING_SYSTEMS`), or None."""
    from .subsidies import HEATING_SYSTEMS
    from .systems import heating_system

    if system is None:
        return None
    if isinstance(system, str):
        system = heating_system(system)
    if not hasattr(system, "kind"):
        return None  # several generators with shares
    n = system.name.replace("-", "_")
    if n in HEATING_SYSTEMS:
        return n
    return system.kind if system.kind in HEATING_SYSTEMS else None


def _carrier(system: Any) -> str | None:
    from .systems import heating_system

    if isinstance(system, str):
        return heating_system(system).carrier
    if hasattr(system, "carrier"):
        return system.carrier
    try:
        first = next(iter(system))
    except (TypeError, StopIteration):
        return None
    return _carrier(first[0] if isinstance(first, tuple) else first)


def pv_figures(
    outcome: PackageOutcome | None,
    house: House,
    weather: Any,
    load_w: np.ndarray | None,
    date: Any,
    cache: dict[Any, Any] | None = None,
) -> dict[str, float]:
    """PV production, self-consumed share, export tariff and premium of a package's arrays."""
    from . import pv as _pv

    zero = dict(pv_kwh=0.0, pv_self_kwh=0.0, pv_export_kwh=0.0, tariff=0.0, premium=0.0, kwp=0.0)
    if outcome is None or not outcome.pv:
        return zero
    tariff, premium_per_kwp, _src = _pv.export_tariff(date)
    tot = dict(zero)
    tot["tariff"] = tariff
    for m in outcome.pv:
        az, tilt = m.orientation(house)
        key = (m.kwp, az, tilt)
        prod = cache.get(key) if cache is not None else None
        if prod is None:
            prod = _pv.production(m.kwp, weather, azimuth=az, tilt=tilt)
            if cache is not None:
                cache[key] = prod
        if m.self_consumption is not None:
            share = m.self_consumption
        else:
            share, _ = _pv.self_consumption(prod.ac_w, load_w if load_w is not None else 0.0)
        tot["pv_kwh"] += prod.annual_kwh
        tot["pv_self_kwh"] += share * prod.annual_kwh
        tot["pv_export_kwh"] += (1.0 - share) * prod.annual_kwh
        tot["premium"] += premium_per_kwp * m.kwp if m.kwp <= 9.0 else 0.0
        tot["kwp"] += m.kwp
    return tot


def electric_load_w(
    delivered: dict[tuple[str, str], float], phi_w: np.ndarray | None
) -> np.ndarray:
    """Hourly household electricity [W]: heating electricity shaped like the hourly
    heating need, other DPE uses and the specific electricity of
    :data:`rehab.pv.SPECIFIC_ELECTRICITY_KWH` flat."""
    from .pv import SPECIFIC_ELECTRICITY_KWH

    n = 8760 if phi_w is None else phi_w.shape[-1]
    heat_el = float(delivered.get(("electricity", "heating"), 0.0))
    other = sum(
        float(v) for (c, u), v in delivered.items() if c == "electricity" and u != "heating"
    )
    flat = (other + SPECIFIC_ELECTRICITY_KWH) * 1000.0 / n
    load = np.full(n, flat)
    if heat_el > 0 and phi_w is not None:
        shape = np.clip(np.asarray(phi_w, dtype=float), 0.0, None)
        if shape.sum() > 0:
            load = load + heat_el * 1000.0 * shape / shape.sum()
    elif heat_el > 0:
        load = load + heat_el * 1000.0 / n
    return load


def tenant_contribution_eur(
    owner: str, saving: float, house: House, main_rooms: int | None
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


#: Measure kinds the aid rules understand (the unit-cost catalogue's measure_kind).
_AID_KINDS = frozenset(MEASURE_KINDS)


# --------------------------------------------------------------------------
# the shared engine: units (house × scenario) and rows (dwelling × scenario)
# --------------------------------------------------------------------------


@dataclass
class Unit:
    """One house after one scenario (the thing computed once and shared by dwellings).

    Attributes
    ----------
    scenario, title, measures : str
    outcome : PackageOutcome or None
        None for the baseline.
    house : House or None
        None when a constraint forbids the package.
    refused : str
        Why the package is forbidden ("" if allowed).
    base : int
        Index of the baseline unit of the same house.
    thermal_free : bool
        The package changes systems or adds PV only: the thermal model is
        the baseline's.
    heating_after, dhw_after
        The systems the package installs (None: the dwelling keeps its own).
    moisture_key
        Units with equal keys share their Glaser check (None: own check).
    """

    scenario: str
    title: str
    measures: str
    outcome: PackageOutcome | None
    house: House | None
    refused: str = ""
    base: int = 0
    thermal_free: bool = False
    heating_after: Any = None
    dhw_after: Any = None
    moisture_key: Any = None


def make_units(
    house: House,
    pkgs: Sequence[Package],
    opts: Options,
    *,
    offset: int = 0,
    on_constraint: str = "report",
    moisture_key: Any = None,
) -> list[Unit]:
    """The baseline and every package applied to one house (constraints reported or raised)."""
    from .retrofit import DHWReplacement, HeatingReplacement

    units = [
        Unit(BASELINE, "house as it is", "", None, house, base=offset, moisture_key=moisture_key)
    ]
    for p in pkgs:
        title = p.title or p.name
        meas = "; ".join(m.name for m in p.measures)
        try:
            out = p.run(house, rules=opts.rules, date=opts.date, year=opts.year)
        except ConstraintError as exc:
            if on_constraint == "raise":
                raise
            units.append(Unit(p.name, title, meas, None, None, str(exc), base=offset))
            continue
        free = all(m.kind in _THERMAL_FREE for m in p.measures)
        heat = (
            out.house.heating
            if any(isinstance(m, HeatingReplacement) for m in p.measures)
            else None
        )
        dhw = out.house.dhw if any(isinstance(m, DHWReplacement) for m in p.measures) else None
        mkey = None
        if moisture_key is not None:
            mkey = moisture_key if free else (moisture_key, p.name)
        units.append(Unit(p.name, title, meas, out, out.house, "", offset, free, heat, dhw, mkey))
    return units


@dataclass
class Rows:
    """Dwelling × scenario rows handed to :func:`evaluate` (one entry per row).

    Attributes
    ----------
    unit : numpy.ndarray of int
        Unit computed for the row.
    base : numpy.ndarray of int
        Row index of the baseline row of the same dwelling.
    heating, dhw : list
        The dwelling's own systems (preset name or system).
    scale : numpy.ndarray of float
        Floor area of the dwelling / floor area of its unit (1 = exact).
    owner : list of str
    income : list of str or None
    observed : list of dict or None
        Observed yearly kWh per carrier (realistic mode; baseline rows).
    name : list of str
        Dwelling names (messages).
    """

    unit: np.ndarray
    base: np.ndarray
    heating: list[Any]
    dhw: list[Any]
    scale: np.ndarray
    owner: list[str]
    income: list[str | None]
    observed: list[Any]
    name: list[str]


@dataclass
class Evaluation:
    """What :func:`evaluate` returns: the columns and the detail objects."""

    columns: dict[str, Any]
    carriers: list[str]
    aid_results: list[list[Any]]
    aid_key: np.ndarray
    moisture: list[dict[str, Any] | None]
    errors: dict[int, str] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)
    pv: dict[int, dict[str, float]] = field(default_factory=dict)


class _Keys:
    """Hashable keys of systems (preset names or models), cached by object id."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Any, Any]] = {}

    def __call__(self, s: Any) -> Any:
        if s is None or isinstance(s, str):
            return s
        hit = self._by_id.get(id(s))
        if hit is not None and hit[0] is s:
            return hit[1]
        if hasattr(s, "model_dump_json"):
            k = s.model_dump_json()
        else:
            k = tuple((self(x[0]), float(x[1])) if isinstance(x, tuple) else self(x) for x in s)
        self._by_id[id(s)] = (s, k)
        return k


def engine(houses: Sequence[House], weather: Any, method: str = "hourly") -> dict[str, np.ndarray]:
    """Annual results of houses from one engine call: :func:`rehab.simulate` with its defaults.

    19 °C operative set-point, no set-back, no cooling, 3CL conventional
    internal gains, hourly wind film on walls — the defaults of
    :func:`rehab.simulate` — through :func:`rehab.simulation.build_batch`
    and :func:`rehab.demand.hourly.simulate_hourly` (or the monthly method),
    keeping the batch's heat-loss coefficient and heat capacity for the 3CL
    chain.

    Returns
    -------
    dict of numpy.ndarray
        ``heating_need_kwh`` [kWh/yr], ``hours_above_26`` and
        ``hours_above_28`` [h/yr] (NaN for the monthly method),
        ``gv_w_per_k`` = H_tr,op + H_tr,gr + H_tr,w + H_ve [W/K] (the
        ``House.heat_loss().h_total`` of each house) and ``c_m_j_per_k`` [J/K].

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> e = engine([h], rehab.weather.default())
    >>> round(float(e["heating_need_kwh"][0]) / rehab.simulate(h).heating_need_kwh, 9)
    1.0
    >>> round(float(e["gv_w_per_k"][0]) / h.heat_loss().h_total, 9)
    1.0
    """
    from .demand.hourly import simulate_hourly
    from .demand.monthly import simulate_monthly
    from .simulation import build_batch

    zones, climate = build_batch(list(houses), weather)
    n = len(houses)
    if method == "hourly":
        r = simulate_hourly(zones, climate, setpoint_on="operative")
        h26 = np.asarray(r.hours_above_26, dtype=float)
        h28 = np.asarray(r.hours_above_28, dtype=float)
    else:
        r = simulate_monthly(zones, climate)
        h26 = h28 = np.full(n, np.nan)
    return {
        "heating_need_kwh": np.asarray(r.heating_need, dtype=float) / 3.6e6,
        "hours_above_26": h26,
        "hours_above_28": h28,
        "gv_w_per_k": zones.h_tr_op + zones.h_tr_gr + zones.h_tr_w + zones.h_ve,
        "c_m_j_per_k": np.asarray(zones.c_m, dtype=float),
    }


def evaluate(
    units: Sequence[Unit], rows: Rows, opts: Options, *, keep_aids: bool = False
) -> Evaluation:
    """Compute every column for the rows (the engine of :func:`rehab.assess` and :class:`Programme`).

    Parameters
    ----------
    units : sequence of Unit
        Houses after each scenario (:func:`make_units`).
    rows : Rows
        Dwelling × scenario rows referring to the units.
    opts : Options
    keep_aids : bool
        Keep the full :class:`rehab.subsidies.AidResult` lists of each aid
        context (``aid_results``, indexed by the ``aid_key`` column).

    Returns
    -------
    Evaluation
        ``columns`` maps a column name to an array (NaN or None on refused
        rows); ``errors`` maps a row index to the reason it failed (realistic
        calibration) — those rows hold NaN.
    """
    from . import labels, usage
    from .factors import ghg_factor, primary_energy_factor
    from .retrofit import wall_moisture
    from .simulation import simulate
    from .subsidies import AidContext, eligible_aids
    from .subsidies_geste import aid_quantities

    d = opts.date
    w = opts.weather
    h_years = opts.horizon
    n = len(rows.unit)
    nu = len(units)
    unit_ok = np.array([u.house is not None for u in units], dtype=bool)
    ok = unit_ok[rows.unit] if n else np.zeros(0, dtype=bool)

    # ---- thermal units: one engine call (+ the summer-bypassed copies)
    thermal = np.full(nu, -1, dtype=np.int64)
    t_houses: list[House] = []
    for i, u in enumerate(units):
        if u.house is None:
            continue
        if u.thermal_free and thermal[u.base] >= 0:
            thermal[i] = thermal[u.base]
        else:
            thermal[i] = len(t_houses)
            t_houses.append(u.house)
    n_t = len(t_houses)
    sim_houses = list(t_houses)
    summer_idx = np.arange(n_t)
    if opts.summer_bypass:
        for j, h in enumerate(t_houses):
            b = bypassed(h)
            if b is not h:
                summer_idx[j] = len(sim_houses)
                sim_houses.append(b)
    if n_t:
        phys = engine(sim_houses, w, opts.method)
        need_t = phys["heating_need_kwh"][:n_t]
        h26_t = phys["hours_above_26"][summer_idx]
        h28_t = phys["hours_above_28"][summer_idx]
    else:
        phys = {"gv_w_per_k": np.zeros(0), "c_m_j_per_k": np.zeros(0)}
        need_t = h26_t = h28_t = np.zeros(0)
    pv_units = [i for i, u in enumerate(units) if u.outcome is not None and u.outcome.pv]
    phi_t: dict[int, np.ndarray] = {}
    if pv_units:
        ts = sorted({int(thermal[i]) for i in pv_units})
        sim_pv = simulate([t_houses[t] for t in ts], w, method="hourly", hourly=True)
        for k, t in enumerate(ts):
            phi_t[t] = np.asarray(sim_pv.phi_hc_w)[k]

    # ---- 3CL inputs per thermal unit
    inputs = [
        labels.dpe_inputs(
            h, systems_needed=False, gv=phys["gv_w_per_k"][j], c_m=phys["c_m_j_per_k"][j]
        )
        for j, h in enumerate(t_houses)
    ]
    gv_t = np.array([x.gv for x in inputs], dtype=float)
    area_t = np.array([x.area for x in inputs], dtype=float)
    sse_t = np.array([x.sse for x in inputs], dtype=float).reshape(n_t, 12)
    height_t = np.array([x.height for x in inputs], dtype=float)
    inertia_t = [x.inertia for x in inputs]
    clim_t = [(x.zone, x.altitude_class) for x in inputs]
    fans_t = np.array([fan_kwh(h) for h in t_houses], dtype=float)

    # ---- systems of each row and the (thermal unit, heating, DHW) combinations
    skey = _Keys()
    row_t = np.where(ok, thermal[rows.unit], -1)
    heat_r: list[Any] = [None] * n
    dhw_r: list[Any] = [None] * n
    for r in range(n):
        u = units[rows.unit[r]]
        heat_r[r] = u.heating_after if u.heating_after is not None else rows.heating[r]
        dhw_r[r] = u.dhw_after if u.dhw_after is not None else rows.dhw[r]
    hcode: dict[Any, int] = {}
    dcode: dict[Any, int] = {}
    hc = np.array([hcode.setdefault(skey(s), len(hcode)) for s in heat_r], dtype=np.int64)
    dc = np.array([dcode.setdefault(skey(s), len(dcode)) for s in dhw_r], dtype=np.int64)
    nh, nd = max(len(hcode), 1), max(len(dcode), 1)
    combo_code = np.where(ok, (row_t * nh + hc) * nd + dc, -1)
    uniq, inv = np.unique(combo_code[ok], return_inverse=True)
    combo_r = np.full(n, -1, dtype=np.int64)
    combo_r[ok] = inv
    n_c = len(uniq)
    first_row = np.full(n_c, -1, dtype=np.int64)
    ok_idx = np.flatnonzero(ok)
    first_row[inv[::-1]] = ok_idx[::-1]
    t_c = row_t[first_row] if n_c else np.zeros(0, dtype=np.int64)

    # ---- 3CL chain on arrays, one call per (heating, DHW, climate)
    from .threecl import climate as _climate

    need3_c = np.zeros(n_c)
    cep_c = np.zeros(n_c)
    eges_c = np.zeros(n_c)
    fin_c = np.zeros(n_c)
    lab_c = np.empty(n_c, dtype=object)
    elab_c = np.empty(n_c, dtype=object)
    glab_c = np.empty(n_c, dtype=object)
    bbc_c = np.zeros(n_c, dtype=bool)
    first_c = np.zeros(n_c, dtype=bool)
    bbc09_c = np.zeros(n_c, dtype=bool)
    annual_c: dict[tuple[str, str], np.ndarray] = {}
    primreal_c = np.zeros(n_c)
    co2real_c = np.zeros(n_c)
    groups: dict[tuple[int, int, tuple[str, str]], list[int]] = {}
    for c in range(n_c):
        r = first_row[c]
        groups.setdefault((int(hc[r]), int(dc[r]), clim_t[t_c[c]]), []).append(c)
    for (_h, _d, (zone, alt)), cs in groups.items():
        idx = np.asarray(cs, dtype=np.int64)
        ts = t_c[idx]
        r0 = first_row[idx[0]]
        clim = _climate(zone, alt)
        en = labels.dpe_energy(
            gv_t[ts],
            area_t[ts],
            sse_t[ts],
            [inertia_t[t] for t in ts],
            height_t[ts],
            clim,
            heat_r[r0],
            dhw_r[r0],
            d,
            extra_auxiliary_kwh=fans_t[ts],
        )
        cl = labels.dpe_classes(en.cep, en.eges, area_t[ts], d, zone, alt)
        need3_c[idx] = en.heating_need_monthly_kwh.sum(axis=-1)
        cep_c[idx] = en.cep
        eges_c[idx] = en.eges
        fin_c[idx] = en.final_energy_m2
        lab_c[idx] = np.asarray(cl.label, dtype=object)
        elab_c[idx] = np.asarray(cl.energy_label, dtype=object)
        glab_c[idx] = np.asarray(cl.ges_label, dtype=object)
        bbc_c[idx] = cl.flags["bbc_renovation_2024"]
        first_c[idx] = cl.flags["bbc_renovation_2024_first_step"]
        bbc09_c[idx] = cl.flags["bbc_effinergie_renovation_2009"]
        if opts.mode == "conventional":
            for k, v in en.delivered.annual().items():
                annual_c.setdefault(k, np.zeros(n_c))[idx] = v
        else:
            cons = usage.consumption(
                [t_houses[t] for t in ts],
                mode="realistic",
                date=d,
                weather=w,
                heating=heat_r[r0],
                dhw=dhw_r[r0],
            )
            for k, v in cons.delivered_kwh.items():
                annual_c.setdefault(k, np.zeros(n_c))[idx] = v
            primreal_c[idx] = np.asarray(cons.primary_kwh, dtype=float)
            co2real_c[idx] = np.asarray(cons.co2_kg, dtype=float)
    rental_allowed_c = np.zeros(n_c, dtype=bool)
    deadline_c = np.empty(n_c, dtype=object)
    for c in range(n_c):
        st = labels.rental_status(lab_c[c], fin_c[c], d)
        rental_allowed_c[c] = st.allowed
        deadline_c[c] = st.deadline

    # ---- rows: extensive figures scaled to each dwelling's floor area
    s = np.asarray(rows.scale, dtype=float)
    nan = np.full(n, np.nan)
    ct = np.where(ok, combo_r, 0)
    tt = np.where(ok, row_t, 0)
    area_r = np.where(ok, area_t[tt] * s if n_t else nan, nan)
    need_r = np.where(ok, need_t[tt] * s if n_t else nan, nan)
    delivered: dict[tuple[str, str], np.ndarray] = {}
    errors: dict[int, str] = {}
    pef_el = primary_energy_factor("electricity", d)
    if opts.mode == "conventional":
        for k, v in annual_c.items():
            delivered[k] = np.where(ok, v[ct] * s, nan)
        primary_r = np.where(ok, cep_c[ct] * area_r, nan)
        co2_r = np.where(ok, eges_c[ct] * area_r, nan)
    else:
        # calibration on observed consumption (baseline rows), carried to the packages
        kfac = np.ones(n)
        is_base = np.array([units[u].outcome is None for u in rows.unit], dtype=bool)
        for r in np.flatnonzero(ok & is_base):
            obs = rows.observed[r]
            if obs is None:
                continue
            ann = {k: float(v[ct[r]] * s[r]) for k, v in annual_c.items()}
            try:
                kfac[r] = usage._calibrate(ann, obs, {}, rows.name[r])[0]
            except InputError as exc:
                errors[int(r)] = str(exc)
                kfac[r] = np.nan
        for r in np.flatnonzero(ok & ~is_base):
            b = rows.base[r]
            if rows.observed[b] is not None:
                kfac[r] = usage.carried_calibration(kfac[b]) if np.isfinite(kfac[b]) else np.nan
                if not np.isfinite(kfac[r]):
                    errors[int(r)] = errors.get(int(b), "calibration failed")
        hp_c = np.zeros(n_c)
        hco2_c = np.zeros(n_c)
        for (carrier, use), v in annual_c.items():
            if use == "heating":
                hp_c += v * primary_energy_factor(carrier, d)
                hco2_c += v * ghg_factor(carrier, use, d)
        for k, v in annual_c.items():
            f = np.where(k[1] == "heating", kfac, 1.0)
            delivered[k] = np.where(ok, v[ct] * s * f, nan)
        primary_r = np.where(ok, s * (primreal_c[ct] + (kfac - 1.0) * hp_c[ct]), nan)
        co2_r = np.where(ok, s * (co2real_c[ct] + (kfac - 1.0) * hco2_c[ct]), nan)
        fans_r = np.where(ok, fans_t[tt] * s, 0.0)
        key = ("electricity", "auxiliaries")
        delivered[key] = delivered.get(key, np.where(ok, 0.0, nan)) + fans_r
        primary_r = primary_r + fans_r * pef_el
        co2_r = co2_r + fans_r * ghg_factor("electricity", "auxiliaries", d)
    carriers = sorted({c for c, _u in delivered})
    by_c: dict[str, np.ndarray] = {}
    for (c, _u), v in delivered.items():
        by_c[c] = by_c[c] + v if c in by_c else v
    final_r = sum(by_c.values()) if by_c else nan.copy()

    # ---- costs of each unit (cost lines priced per m² scale with the floor area)
    hp1 = h_years + 1
    cost = np.zeros(
        (nu, 8)
    )  # ht_area, ht_fixed, ttc_area, ttc_fixed, aid ht area/fixed, aid ttc area/fixed
    spend_a = np.zeros((nu, hp1))
    spend_f = np.zeros((nu, hp1))
    kinds_u: list[tuple[str, ...]] = [()] * nu
    qty_u: list[dict[str, float]] = [{}] * nu  # par-geste quantities at scale 1
    has_aid_lines = np.zeros(nu, dtype=bool)
    for i, u in enumerate(units):
        if u.outcome is None:
            continue
        lines = u.outcome.costs.lines
        if not lines:
            continue
        area_l = np.array([ln.unit == "m2" for ln in lines])
        ht = np.array([ln.cost_ht for ln in lines], dtype=float)
        ttc = np.array([ln.cost_ttc for ln in lines], dtype=float)
        aid = np.array([ln.aid_kind != "pv" for ln in lines])
        cost[i] = [
            ht[area_l].sum(),
            ht[~area_l].sum(),
            ttc[area_l].sum(),
            ttc[~area_l].sum(),
            ht[area_l & aid].sum(),
            ht[~area_l & aid].sum(),
            ttc[area_l & aid].sum(),
            ttc[~area_l & aid].sum(),
        ]
        sched = finance.replacement_schedule([ln.lifetime_years for ln in lines], h_years)
        spend_a[i] = (ttc[area_l, None] * sched[area_l]).sum(axis=0)
        spend_f[i] = (ttc[~area_l, None] * sched[~area_l]).sum(axis=0)
        has_aid_lines[i] = aid.any()
        kinds_u[i] = tuple(k for k in u.outcome.aid_kinds if k in _AID_KINDS)
        qty_u[i] = aid_quantities(lines)
    cfac = opts.cost_factor
    ur = rows.unit

    def scaled(a: int, f: int) -> np.ndarray:
        return np.where(ok, cfac * (s * cost[ur, a] + cost[ur, f]), nan)

    cost_ht_r = scaled(0, 1)
    cost_ttc_r = scaled(2, 3)
    aid_ht_r = scaled(4, 5)
    aid_ttc_r = scaled(6, 7)

    # ---- aids, once per distinct context
    base_c = np.where(ok, combo_r[rows.base], -1)
    hname: dict[Any, str | None] = {}

    def hn(sys_: Any) -> str | None:
        k = skey(sys_)
        if k not in hname:
            hname[k] = heating_name(sys_)
        return hname[k]

    grants_r = np.where(ok, 0.0, nan)
    loans_r = np.where(ok, 0.0, nan)
    public_r = np.where(ok, 0.0, nan)
    applied_r = np.full(n, "", dtype=object)
    aid_key_r = np.full(n, -1, dtype=np.int64)
    cache: dict[tuple[Any, ...], int] = {}
    aid_results: list[list[Any]] = []
    aid_sums: list[tuple[float, float, float, str]] = []
    base_final = np.where(ok, final_r[rows.base], nan)
    calc = ok & np.isfinite(primary_r)
    for r in np.flatnonzero(calc & has_aid_lines[ur]):
        c, b = int(ct[r]), int(base_c[r])
        owner = rows.owner[r]
        key = (
            owner,
            rows.income[r] if owner != "social_landlord" else None,
            lab_c[b],
            lab_c[c],
            kinds_u[ur[r]],
            float(aid_ht_r[r]),
            float(aid_ttc_r[r]),
            hn(rows.heating[r]),
            hn(heat_r[r]),
            float(cep_c[b]),
            float(cep_c[c]),
            float(eges_c[b]),
            max(float(base_final[r] - final_r[r]), 0.0),
            tuple((k, round(q * float(s[r]), 2)) for k, q in qty_u[ur[r]].items()),
        )
        j = cache.get(key)
        if j is None:
            ctx = AidContext(
                owner_type=key[0],
                income_category=key[1],
                class_before=key[2],
                class_after=key[3],
                measures=list(key[4]),
                cost_ht=key[5],
                cost_ttc=key[6],
                heating_before=key[7],
                heating_after=key[8],
                date=d,
                cep_before=key[9],
                cep_after=key[10],
                eges_before=key[11],
                final_energy_saved_kwh=key[12],
                quantities=dict(key[13]),
            )
            res = eligible_aids(ctx)
            j = cache[key] = len(aid_sums)
            g = sum(a.amount_eur for a in res if a.applied and a.kind == "grant")
            lo = sum(a.amount_eur for a in res if a.applied and a.kind == "loan")
            pu = sum(
                a.amount_eur
                for a in res
                if a.applied and a.kind == "grant" and a.aid in PUBLIC_AIDS
            )
            aid_sums.append((g, lo, pu, "; ".join(a.aid for a in res if a.applied)))
            aid_results.append(res if keep_aids else [a for a in res if a.applied])
        g, lo, pu, names = aid_sums[j]
        grants_r[r], loans_r[r], public_r[r], applied_r[r] = g, lo, pu, names
        aid_key_r[r] = j

    # ---- PV (per row: the self-consumed share depends on the household's load)
    pv_kwh = np.where(ok, 0.0, nan)
    pv_self = np.where(ok, 0.0, nan)
    pv_exp_kwh = np.where(ok, 0.0, nan)
    pv_tariff = np.zeros(n)
    prod_cache: dict[Any, Any] = {}
    pv_rows_figures: dict[int, dict[str, float]] = {}
    pv_rows = (
        np.flatnonzero(calc & np.isin(ur, pv_units)) if pv_units else np.zeros(0, dtype=np.int64)
    )
    for r in pv_rows:
        u = units[ur[r]]
        dl = {k: float(v[r]) for k, v in delivered.items()}
        load = electric_load_w(dl, phi_t.get(int(tt[r])))
        pvf = pv_figures(u.outcome, u.house, w, load, d, prod_cache)
        pv_rows_figures[int(r)] = pvf
        pv_kwh[r], pv_self[r], pv_exp_kwh[r], pv_tariff[r] = (
            pvf["pv_kwh"],
            pvf["pv_self_kwh"],
            pvf["pv_export_kwh"],
            pvf["tariff"],
        )
        if pvf["premium"] > 0:
            grants_r[r] += pvf["premium"]
            public_r[r] += pvf["premium"]
            applied_r[r] = (
                applied_r[r] + "; " if applied_r[r] else ""
            ) + "pv_self_consumption_premium"

    # ---- bills over the horizon, economics on every allowed row at once
    idx = np.flatnonzero(calc)
    pos = np.full(n, -1, dtype=np.int64)
    pos[idx] = np.arange(len(idx))
    bill_before = nan.copy()
    bill_after = nan.copy()
    eco = {
        k: nan.copy()
        for k in (
            "npv_eur",
            "irr",
            "payback_simple_yr",
            "payback_discounted_yr",
            "cce_eur_kwh",
            "co2_abatement_eur_t",
            "tenant_npv_eur",
            "savings_eur",
        )
    }
    savings_kwh = nan.copy()
    if len(idx):
        if opts.kva == "auto":
            carr = {}
            kva = np.array(
                [
                    9 if carr.setdefault(hc[r], _carrier(heat_r[r])) == "electricity" else 6
                    for r in idx
                ]
            )
        else:
            kva = np.full(len(idx), int(opts.kva))
        bills = finance.bills_over_horizon(
            {c: v[idx] for c, v in by_c.items()},
            h_years,
            date=d,
            scenario=opts.scenario,
            kva=kva,
            mode="conventional" if opts.bill_prices == "dpe" else "realistic",
        )
        bpos = pos[rows.base[idx]]
        if (bpos < 0).any():
            raise InputError("evaluate: a row's baseline row could not be computed")
        b_base = bills[bpos]
        b_after = bills
        if len(pv_rows):
            elec_price = finance.tariff("electricity", d, "base", kva=6).energy_price()
            elec_index = finance.price_index("electricity", h_years, opts.scenario)
            years = np.arange(1, h_years + 1)
            pr = pos[pv_rows]
            b_after = b_after.copy()
            b_after[pr] -= pv_self[pv_rows, None] * elec_price * elec_index
            b_after[pr] -= np.where(
                years <= PV_CONTRACT_YEARS, (pv_exp_kwh[pv_rows] * pv_tariff[pv_rows])[:, None], 0.0
            )
        bill_before[idx] = b_base[:, 0]
        bill_after[idx] = b_after[:, 0]
        saved = (base_final - final_r + pv_self)[idx]
        co2_base = co2_r[rows.base[idx]]
        co2_saved = np.where(co2_base > co2_r[idx], co2_base - co2_r[idx], np.nan)
        landlord = np.array([rows.owner[r] != "owner_occupier" for r in idx], dtype=bool)
        contrib = np.zeros(len(idx))
        if opts.tenant_contribution:
            for k, r in enumerate(idx):
                if landlord[k]:
                    contrib[k] = tenant_contribution_eur(
                        rows.owner[r],
                        float(b_base[k, 0] - b_after[k, 0]),
                        units[ur[r]].house,
                        opts.main_rooms,
                    )
        spend = cfac * (s[idx, None] * spend_a[ur[idx]] + spend_f[ur[idx]])
        e = economics_rows(
            spend,
            b_base,
            b_after,
            grants=grants_r[idx],
            rate=opts.discount_rate,
            energy_saved_kwh=np.where(saved > 0, saved, np.nan),
            co2_saved_kg=co2_saved,
            landlord=landlord,
            contribution_eur=contrib,
        )
        for k in eco:
            eco[k][idx] = e[k]
        savings_kwh[idx] = saved

    # ---- moisture of internally insulated walls, per unit (shared by key)
    mcache: dict[Any, dict[str, Any]] = {}
    moist_u: list[dict[str, Any] | None] = [None] * nu
    for i, u in enumerate(units):
        if u.house is None:
            continue
        key = u.moisture_key if u.moisture_key is not None else ("unit", i)
        if u.moisture_key is None and u.thermal_free and units[u.base].house is not None:
            moist_u[i] = moist_u[u.base]
            continue
        if key not in mcache:
            mcache[key] = wall_moisture(u.house, w, humidity_class=opts.humidity_class)
        moist_u[i] = mcache[key]
    m_risk = np.empty(n, dtype=object)
    m_max = nan.copy()
    m_note = np.empty(n, dtype=object)
    summ: dict[int, tuple[bool, float, str]] = {}
    for i, m in enumerate(moist_u):
        if m is None:
            continue
        flagged = {k: r for k, r in m.items() if r.flagged}
        summ[i] = (
            bool(flagged),
            max((r.max_accumulation_kg_m2 for r in m.values()), default=0.0),
            "; ".join(f"{k}: {r.reason}" for k, r in (flagged or m).items()),
        )
    for r in np.flatnonzero(ok):
        m_risk[r], m_max[r], m_note[r] = summ[int(ur[r])]

    # ---- assemble
    def obj(a: np.ndarray) -> np.ndarray:
        out = np.empty(n, dtype=object)
        out[ok] = a[ct[ok]]
        return out

    def flag(a: np.ndarray) -> np.ndarray:
        out = np.empty(n, dtype=object)
        out[ok] = a[ct[ok]].astype(bool)
        return out

    for r in errors:
        for arr in (primary_r, co2_r):
            arr[r] = np.nan
    cols: dict[str, Any] = {
        "scenario": np.array([units[u].scenario for u in ur], dtype=object),
        "title": np.array([units[u].title for u in ur], dtype=object),
        "allowed": unit_ok[ur] if n else np.zeros(0, dtype=bool),
        "constraint": np.array([units[u].refused for u in ur], dtype=object),
        "measures": np.array([units[u].measures for u in ur], dtype=object),
        "heating_before": np.array([getattr(x, "name", x) for x in rows.heating], dtype=object),
        "heating_after": np.array(
            [getattr(x, "name", x) if o else None for x, o in zip(heat_r, ok, strict=True)],
            dtype=object,
        ),
        "floor_area_m2": area_r,
        "heating_need_kwh": need_r,
        "heating_need_kwh_m2": need_r / area_r,
        "heating_need_3cl_kwh": np.where(ok, need3_c[ct] * s, nan),
        "delivered_kwh": final_r,
        "final_energy_kwh_m2": final_r / area_r,
    }
    for c in carriers:
        cols[f"delivered_{c}_kwh"] = by_c[c]
    cols.update(
        primary_kwh=primary_r,
        cep_kwhep_m2=np.where(ok, cep_c[ct], nan),
        eges_kgco2e_m2=np.where(ok, eges_c[ct], nan),
        co2_kg=co2_r,
        dpe_class=obj(lab_c),
        energy_class=obj(elab_c),
        ghg_class=obj(glab_c),
        bbc_renovation_2024=flag(bbc_c),
        bbc_first_step_c=flag(first_c),
        bbc_effinergie_2009=flag(bbc09_c),
        rental_allowed=flag(rental_allowed_c),
        rental_deadline=obj(deadline_c),
        cost_ht_eur=cost_ht_r,
        cost_ttc_eur=cost_ttc_r,
        subsidies_eur=grants_r,
        public_subsidies_eur=public_r,
        loans_value_eur=loans_r,
        net_cost_eur=cost_ttc_r - grants_r,
        aids_applied=np.where(ok, applied_r, None),
        aid_key=aid_key_r,
        bill_before_eur=bill_before,
        bill_after_eur=bill_after,
        savings_eur=eco["savings_eur"],
        savings_kwh=savings_kwh,
        pv_kwh=pv_kwh,
        pv_self_consumed_kwh=pv_self,
        pv_export_eur=pv_exp_kwh * pv_tariff,
        npv_eur=eco["npv_eur"],
        tenant_npv_eur=eco["tenant_npv_eur"],
        irr=eco["irr"],
        payback_simple_yr=eco["payback_simple_yr"],
        payback_discounted_yr=eco["payback_discounted_yr"],
        cce_eur_kwh=eco["cce_eur_kwh"],
        cost_conserved_energy_eur_kwh=eco["cce_eur_kwh"],
        co2_abatement_eur_t=eco["co2_abatement_eur_t"],
        overheating_h_above_26=np.where(ok, h26_t[tt] if n_t else nan, nan),
        overheating_h_above_28=np.where(ok, h28_t[tt] if n_t else nan, nan),
        moisture_risk=m_risk,
        moisture_max_kg_m2=m_max,
        moisture_note=m_note,
    )
    stats = {
        "units": nu,
        "units_allowed": int(unit_ok.sum()),
        "thermal_units": n_t,
        "simulated": len(sim_houses) if n_t else 0,  # one engine call
        "combinations": n_c,
        "aid_contexts": len(aid_sums),
        "moisture_checks": len(mcache),
    }
    return Evaluation(
        cols, carriers, aid_results, aid_key_r, moist_u, errors, stats, pv_rows_figures
    )


# --------------------------------------------------------------------------
# the programme: stock → variants → chunks → table
# --------------------------------------------------------------------------

_VARIANT_COLUMNS = ("floor_area", "azimuth", "wall_thickness", "window_scale", "n50", "heritage")
_ROW_COLUMNS = (
    "id",
    "archetype",
    "owner",
    "income",
    "street",
    "cite",
    "heating",
    "dhw",
    "observed_carrier",
    "observed_kwh",
)


def _as_stock(stock: Any) -> Any:
    import pandas as pd

    from .stock import Stock, read

    if isinstance(stock, Stock):
        return stock
    if isinstance(stock, (str, Path)):
        return read(stock)
    if isinstance(stock, pd.DataFrame):
        recs = [
            {
                k: (None if (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v)
                for k, v in r.items()
            }
            for r in stock.to_dict(orient="records")
        ]
        return Stock.from_records(recs, source="<DataFrame>", first_row=1)
    raise InputError(
        f"stock: {type(stock).__name__}; give a rehab Stock, a path to a .csv/.parquet/.geojson file or a DataFrame"
    )


def _check_resolution(resolution: Any) -> dict[str, float]:
    if resolution is None:
        return {}
    if not isinstance(resolution, dict):
        raise InputError(
            f"resolution: {resolution!r}; give a dict such as {{'floor_area': 0.5, 'azimuth': 5.0}} (m², degrees) or None"
        )
    out = {}
    for k, v in resolution.items():
        if k not in ("floor_area", "azimuth"):
            raise InputError(
                f"resolution[{k!r}]: unknown key; allowed 'floor_area' [m²], 'azimuth' [deg]"
            )
        if v is None:
            continue
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise InputError(f"resolution[{k!r}]: {v!r} is not a number") from None
        if not (f > 0 and math.isfinite(f)):
            raise InputError(
                f"resolution[{k!r}]: {v!r}; give a step > 0 ({'m²' if k == 'floor_area' else 'deg'}) or None"
            )
        out[k] = f
    return out


def _clean(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return v


@dataclass
class _Context:
    """What every chunk needs (shipped once to the Dask workers)."""

    opts: Options
    packages: list[Any]


def _run_chunk(chunk: dict[str, Any], ctx: _Context) -> dict[str, Any]:
    """Compute one chunk of dwellings (whole variants): the rows of its table and its detail tables."""
    import pandas as pd

    from . import archetypes
    from .systems import dhw_system, heating_system

    opts, pkgs = ctx.opts, ctx.packages
    units: list[Unit] = []
    vstart: dict[int, int] = {}
    varea: dict[int, float] = {}
    bad: list[tuple[int, str, Any, str]] = []
    for vid, (arch, ov) in chunk["variants"].items():
        try:
            h = archetypes.get(arch, name=f"variant-{vid}", **ov)
            us = make_units(
                h,
                pkgs,
                opts,
                offset=len(units),
                moisture_key=(arch, ov.get("wall_thickness"), bool(ov.get("heritage", False))),
            )
        except RehabError as exc:
            vstart[vid] = -1
            for hrec in chunk["houses"]:
                if hrec["variant"] == vid:
                    bad.append(
                        (hrec["pos"], "archetype", hrec["id"], f"house {hrec['id']!r}: {exc}")
                    )
            continue
        vstart[vid] = len(units)
        varea[vid] = ov.get("floor_area")
        units.extend(us)
    heat_cache: dict[str, Any] = {}
    dhw_cache: dict[str, Any] = {}
    k = 1 + len(pkgs)
    r_unit, r_base, r_heat, r_dhw, r_scale, r_owner, r_income, r_obs, r_name = (
        [] for _ in range(9)
    )
    houses = [hrec for hrec in chunk["houses"] if vstart.get(hrec["variant"], -1) >= 0]
    for hrec in houses:
        u0 = vstart[hrec["variant"]]
        vh = units[u0].house
        heat = hrec["heating"]
        heat = heat_cache.setdefault(heat, heating_system(heat)) if heat else vh.heating
        dhw = hrec["dhw"]
        dhw = dhw_cache.setdefault(dhw, dhw_system(dhw)) if dhw else vh.dhw
        req = varea[hrec["variant"]]
        area = hrec["floor_area"]
        scale = 1.0 if (req is None or area is None or area == req) else area / req
        obs = (
            {hrec["observed_carrier"]: float(hrec["observed_kwh"])}
            if hrec["observed_kwh"] is not None
            else None
        )
        base = len(r_unit)
        for j in range(k):
            r_unit.append(u0 + j)
            r_base.append(base)
            r_heat.append(heat)
            r_dhw.append(dhw)
            r_scale.append(scale)
            r_owner.append(hrec["owner"] or "social_landlord")
            r_income.append(hrec["income"])
            r_obs.append(obs)
            r_name.append(hrec["id"])
    rows = Rows(
        np.asarray(r_unit, dtype=np.int64),
        np.asarray(r_base, dtype=np.int64),
        r_heat,
        r_dhw,
        np.asarray(r_scale, dtype=float),
        r_owner,
        r_income,
        r_obs,
        r_name,
    )
    ev = evaluate(units, rows, opts)
    cols = ev.columns
    nrow = len(rows.unit)
    ids = np.asarray(r_name, dtype=object)
    rep = lambda key: np.repeat(np.asarray([hrec[key] for hrec in houses], dtype=object), k)  # noqa: E731
    # constraint messages name the dwelling, not the variant
    cons = cols["constraint"]
    for r in np.flatnonzero(~cols["allowed"]):
        cons[r] = _rename(cons[r], ids[r])
    area = cols["floor_area_m2"]
    base_area = area[rows.base]
    cols["floor_area_m2"] = np.where(np.isnan(area), base_area, area)
    frame = {
        "house_id": ids,
        "_pos": np.repeat(np.asarray([hrec["pos"] for hrec in houses], dtype=np.int64), k),
        "_sidx": np.tile(np.arange(k), len(houses)),
        "archetype": rep("archetype"),
        "owner": np.asarray(r_owner, dtype=object),
        "income": rep("income"),
        "street": rep("street"),
        "cite": rep("cite"),
    }
    frame.update(cols)
    df = pd.DataFrame(frame)
    if ev.errors:
        drop = sorted({int(rows.base[r]) // k for r in ev.errors})
        for hi in drop:
            r0 = hi * k
            msg = ev.errors.get(r0) or next(v for r, v in ev.errors.items() if r // k == hi)
            bad.append(
                (
                    houses[hi]["pos"],
                    "observed_kwh",
                    houses[hi]["id"],
                    f"house {houses[hi]['id']!r}: {msg}",
                )
            )
        keep = np.ones(nrow, dtype=bool)
        for hi in drop:
            keep[hi * k : (hi + 1) * k] = False
        df = df[keep]
    aids = [
        (j, a.aid, float(a.amount_eur), a.kind, a.reason)
        for j, res in enumerate(ev.aid_results)
        for a in res
    ]
    stats = dict(ev.stats, houses=len(houses), variants=sum(1 for v in vstart.values() if v >= 0))
    return {
        "table": df,
        "bad": bad,
        "aids": aids,
        "n_aid_keys": len(ev.aid_results),
        "stats": stats,
        "carriers": ev.carriers,
    }


def _rename(message: str, house_id: str) -> str:
    """A constraint message about ``variant-N`` rewritten to name the dwelling."""
    import re

    return re.sub(r"'variant-\d+'", repr(str(house_id)), message)


class Programme:
    """A housing stock × retrofit packages, computed at stock scale (see the module docstring).

    Parameters
    ----------
    stock : Stock, path or DataFrame
        The dwellings (:mod:`rehab.stock` columns). Bad rows of a file are
        reported in :attr:`ProgrammeResult.errors` and the good ones run.
    packages : iterable, optional
        Preset names, Package objects, dicts or lists of measures; default
        every preset.
    date : str or date
        Study date (DPE factors and classes, tariffs, aids, rules, prices).
    horizon : int
        Years of the investment analysis.
    discount_rate : float
        Real discount rate [1/yr].
    weather : Weather or path, optional
        Default :func:`rehab.weather.default`.
    method : {"hourly", "monthly"}
        Engine of the physical heating need (overheating hours need "hourly").
    mode : {"conventional", "realistic"}
        Consumption behind energy, CO2 and bills (see :func:`rehab.assess`);
        realistic mode calibrates on the stock's ``observed_kwh``.
    rules : iterable
        Rule sets (:func:`rehab.retrofit.rule_sets`).
    scenario : str
        Energy-price escalation scenario (:func:`rehab.finance.scenarios`).
    resolution : dict or None
        Bin widths of the thermal variants: ``floor_area`` [m²] and
        ``azimuth`` [deg]; None: no binning (every dwelling exact).
    **options
        ``kva``, ``bill_prices``, ``cost_factor``, ``humidity_class``,
        ``summer_bypass``, ``tenant_contribution``, ``main_rooms`` as in
        :func:`rehab.assess`.

    Examples
    --------
    >>> import rehab
    >>> prog = Programme(rehab.stock.demo().table.head(20), ["attic-only", "bbc-renovation"])
    >>> int(prog.variants()["houses"].sum()), len(prog.variants())
    (20, 19)
    """

    def __init__(
        self,
        stock: Any,
        packages: Iterable[Any] | None = None,
        *,
        date: Any = "2026-06-01",
        horizon: int = 30,
        discount_rate: float = finance.DISCOUNT_RATE,
        weather: Any = None,
        method: str = "hourly",
        mode: str = "conventional",
        rules: Iterable[Any] = ("france",),
        scenario: str = "central",
        resolution: dict[str, float] | None = DEFAULT_RESOLUTION,
        **options: Any,
    ) -> None:
        allowed = {
            "kva",
            "bill_prices",
            "cost_factor",
            "humidity_class",
            "summer_bypass",
            "tenant_contribution",
            "main_rooms",
        }
        unknown = sorted(set(options) - allowed)
        if unknown:
            raise InputError(
                f"Programme: unknown option(s) {unknown}; allowed: {', '.join(sorted(allowed))}"
            )
        self.stock = _as_stock(stock)
        self.packages = parse_packages(packages)
        self.resolution = _check_resolution(resolution)
        self.options = make_options(
            date=date,
            horizon=horizon,
            discount_rate=discount_rate,
            weather=weather,
            method=method,
            mode=mode,
            rules=rules,
            scenario=scenario,
            **options,
        )
        self._settings = {
            "date": self.options.date.isoformat(),
            "horizon": self.options.horizon,
            "discount_rate": self.options.discount_rate,
            "weather": getattr(self.options.weather, "name", "weather"),
            "method": method,
            "mode": mode,
            "rules": [getattr(r, "name", r) for r in self.options.rules],
            "scenario": scenario,
            "resolution": dict(self.resolution) or None,
            "packages": [p.name for p in self.packages],
            "stock": self.stock.source,
            **{k: options[k] for k in sorted(options)},
        }
        self._plan = self._variants()

    # ------------------------------------------------------------ variants
    def _variants(self) -> dict[str, Any]:
        import pandas as pd

        t = self.stock.table
        n = len(t)

        def col(name: str) -> np.ndarray:
            if name in t.columns:
                return pd.to_numeric(t[name], errors="coerce").to_numpy(dtype=float)
            return np.full(n, np.nan)

        fa = col("floor_area")
        az = col("azimuth")
        res = self.resolution
        fa_b = np.round(fa / res["floor_area"]) * res["floor_area"] if "floor_area" in res else fa
        az_b = (
            np.mod(np.round(az / res["azimuth"]) * res["azimuth"], 360.0)
            if "azimuth" in res
            else az
        )
        her = (
            t["heritage"].fillna(False).astype(bool).to_numpy()
            if "heritage" in t.columns
            else np.zeros(n, dtype=bool)
        )
        key = pd.DataFrame(
            {
                "archetype": t["archetype"].astype(str).to_numpy()
                if n
                else np.zeros(0, dtype=object),
                "floor_area": fa_b,
                "azimuth": az_b,
                "wall_thickness": col("wall_thickness"),
                "window_scale": col("window_scale"),
                "n50": col("n50"),
                "heritage": her,
            }
        )
        vid = (
            key.groupby(list(key.columns), dropna=False, sort=True).ngroup().to_numpy()
            if n
            else np.zeros(0, int)
        )
        first = pd.Series(np.arange(n)).groupby(vid).first().to_numpy() if n else np.zeros(0, int)
        variants: dict[int, tuple[str, dict[str, Any]]] = {}
        for v, i in enumerate(first):
            ov = {}
            for c in _VARIANT_COLUMNS:
                val = key[c].iloc[i]
                if c == "heritage":
                    if bool(val):
                        ov[c] = True
                elif not np.isnan(val):
                    ov[c] = float(val)
            variants[v] = (key["archetype"].iloc[i], ov)
        return {"vid": vid, "variants": variants, "key": key}

    def variants(self) -> pd.DataFrame:
        """The thermal variants: one row per distinct (archetype, binned floor area, binned azimuth,
        wall thickness, window scale, n50, heritage) with its number of dwellings."""
        import pandas as pd

        p = self._plan
        counts = np.bincount(p["vid"], minlength=len(p["variants"]))
        rows = [
            {"variant": v, "archetype": a, **ov, "houses": int(counts[v])}
            for v, (a, ov) in p["variants"].items()
        ]
        return pd.DataFrame(rows).set_index("variant") if rows else pd.DataFrame(columns=["houses"])

    def _chunks(self, chunk_size: int) -> list[dict[str, Any]]:
        t = self.stock.table
        p = self._plan
        vid = p["vid"]
        order = np.argsort(vid, kind="stable")
        get = {
            c: (t[c].tolist() if c in t.columns else [None] * len(t))
            for c in (*_ROW_COLUMNS, "floor_area")
        }
        chunks: list[dict[str, Any]] = []
        cur: dict[str, Any] = {"variants": {}, "houses": []}
        last = None
        for i in order:
            v = int(vid[i])
            if v != last and len(cur["houses"]) >= chunk_size:
                chunks.append(cur)
                cur = {"variants": {}, "houses": []}
            last = v
            cur["variants"][v] = p["variants"][v]
            rec = {c: _clean(get[c][i]) for c in get}
            rec.update(pos=int(i), variant=v)
            cur["houses"].append(rec)
        if cur["houses"]:
            chunks.append(cur)
        return chunks

    # ------------------------------------------------------------ run
    def run(
        self,
        backend: str = "numpy",
        client: Any = None,
        chunk_size: int | None = None,
        progress: bool | None = None,
    ) -> ProgrammeResult:
        """Compute every dwelling × scenario.

        Parameters
        ----------
        backend : {"numpy", "dask"}
            In this process, or as Dask tasks (one per chunk) on ``client``.
        client : distributed.Client, optional
            Dask client (any scheduler); default a LocalCluster created for
            the run and closed after it.
        chunk_size : int, optional
            Dwellings per chunk (whole variants stay in one chunk); default
            2,000 in process, about a quarter of the stock per worker with Dask.
        progress : bool, optional
            tqdm progress bar on stderr; default only when stderr is a terminal.

        Returns
        -------
        ProgrammeResult
        """
        import time

        import pandas as pd

        if backend not in ("numpy", "dask"):
            raise InputError(f"backend: {backend!r}; allowed 'numpy', 'dask'")
        if chunk_size is not None and (
            not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1
        ):
            raise InputError(
                f"chunk_size: {chunk_size!r}; give a whole number of dwellings >= 1 or None"
            )
        if progress not in (None, True, False):
            raise InputError(f"progress: {progress!r}; allowed None (auto), True, False")
        show = sys.stderr.isatty() if progress is None else progress
        n = len(self.stock)
        t0 = time.perf_counter()
        ctx = _Context(self.options, self.packages)
        from tqdm.auto import tqdm

        bar = tqdm(total=n, disable=not show, unit="house", desc="rehab programme", file=sys.stderr)
        try:
            if backend == "numpy":
                chunks = self._chunks(chunk_size or 2000)
                outs = []
                for c in chunks:
                    outs.append(_run_chunk(c, ctx))
                    bar.update(len(c["houses"]))
                workers = 1
            else:
                outs, workers, chunks = self._run_dask(ctx, client, chunk_size, bar)
        finally:
            bar.close()
        wall = time.perf_counter() - t0
        return self._collect(outs, len(chunks), backend, workers, wall, pd)

    def _run_dask(
        self, ctx: _Context, client: Any, chunk_size: int | None, bar: Any
    ) -> tuple[list[Any], int, list[Any]]:
        distributed = require_extra("distributed", "dask", "Programme.run(backend='dask')")
        own = client is None
        cluster = None
        if own:
            cluster = distributed.LocalCluster(
                n_workers=min(os.cpu_count() or 1, 4), threads_per_worker=1, dashboard_address=None
            )
            client = distributed.Client(cluster)
        try:
            workers = max(len(client.scheduler_info().get("workers", {})), 1)
            size = chunk_size or max(50, math.ceil(len(self.stock) / (4 * workers)))
            chunks = self._chunks(size)
            cfut = client.scatter(ctx, broadcast=True)
            futs = [client.submit(_run_chunk, c, cfut, pure=False) for c in chunks]
            sizes = {f.key: len(c["houses"]) for f, c in zip(futs, chunks, strict=True)}
            for f in distributed.as_completed(futs):
                bar.update(sizes[f.key])
            outs = client.gather(futs)
        finally:
            if own:
                client.close()
                cluster.close()
        return outs, workers, chunks

    def _collect(
        self,
        outs: list[dict[str, Any]],
        n_chunks: int,
        backend: str,
        workers: int,
        wall: float,
        pd: Any,
    ) -> ProgrammeResult:
        frames = []
        aid_rows = []
        offset = 0
        bad: list[BadRow] = list(self.stock.errors)
        run_bad = []
        stats: dict[str, Any] = {}
        carriers: set[str] = set()
        for o in outs:
            df = o["table"]
            df["aid_key"] = np.where(
                df["aid_key"].to_numpy() >= 0, df["aid_key"].to_numpy() + offset, -1
            )
            frames.append(df)
            aid_rows.extend((j + offset, *rest) for j, *rest in o["aids"])
            offset += o["n_aid_keys"]
            run_bad.extend(o["bad"])
            carriers.update(o["carriers"])
            for k, v in o["stats"].items():
                stats[k] = stats.get(k, 0) + v
        for pos, column, value, reason in sorted(run_bad):
            bad.append(BadRow(pos + 1, column, value, reason))
        table = (
            pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
        )
        if len(table):
            table = table.sort_values(["_pos", "_sidx"], kind="stable").reset_index(drop=True)
        for c in sorted(carriers):
            name = f"delivered_{c}_kwh"
            if name in table.columns:
                table[name] = table[name].where(
                    ~(table["allowed"].astype(bool) & table[name].isna()), 0.0
                )
        order = [c for c in COLUMNS if c in table.columns]
        i = order.index("delivered_kwh") + 1
        order[i:i] = [
            f"delivered_{c}_kwh" for c in sorted(carriers) if f"delivered_{c}_kwh" in table.columns
        ]
        table = table[order]
        table.attrs["units"] = dict(UNITS)
        stats.update(
            chunks=n_chunks,
            backend=backend,
            workers=workers,
            seconds=round(wall, 3),
            rows=len(table),
        )
        houses = self.stock.table.copy()
        houses = (
            houses.set_index("id", drop=False).rename_axis("house_id")
            if "id" in houses.columns
            else houses
        )
        aid_table = pd.DataFrame(
            aid_rows, columns=["aid_key", "aid", "amount_eur", "kind", "reason"]
        )
        settings = dict(self._settings, backend=backend)
        return ProgrammeResult(table, houses, settings, bad, stats, aid_table)


# --------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------

_CLASS_ORDER = {c: i for i, c in enumerate("ABCDEFG")}


@dataclass
class ProgrammeResult:
    """The result of :meth:`Programme.run`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (house_id, scenario), the house as it is first, stock
        order; columns :data:`COLUMNS` (units in :data:`UNITS` and
        ``table.attrs["units"]``).
    houses : pandas.DataFrame
        The stock rows, indexed by house_id.
    settings : dict
        The options of the run.
    errors : list of BadRow
        Refused stock rows and dwellings that could not be computed.
    stats : dict
        Work shared: houses, variants, units (variant × scenario), thermal
        units, houses simulated, 3CL combinations, aid contexts, chunks,
        seconds.
    aid_table : pandas.DataFrame
        The aids applied per aid context (``aid_key`` of the table): aid,
        amount_eur, kind, reason.
    """

    table: pd.DataFrame
    houses: pd.DataFrame
    settings: dict[str, Any]
    errors: list[BadRow] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    aid_table: Any = None

    def plan(self, choice: Any = None, **options: Any) -> Any:
        """Phasing under a yearly budget and capacity: :func:`rehab.planning.plan` of this result."""
        from .planning import plan

        return plan(self, choice, **options)

    def cashflows(self, plan: Any, **options: Any) -> pd.DataFrame:
        """Yearly cash flows per payer of a plan: :func:`rehab.planning.cashflows`."""
        from .planning import cashflows

        return cashflows(self, plan, **options)

    def uncertainty(self, **options: Any) -> Any:
        """Monte Carlo bands of this programme: :func:`rehab.uncertainty.run`."""
        from .uncertainty import run

        return run(self, **options)

    def report(self, path: Any, **options: Any) -> Any:
        """Write the self-contained HTML report: :func:`rehab.report.write_html`."""
        from .report import write_html

        return write_html(self, path, **options)

    def aids(self, house_id: str, scenario: str) -> pd.DataFrame:
        """The aids applied to one dwelling and scenario, with their reasons."""
        t = self.table
        row = t[(t["house_id"] == house_id) & (t["scenario"] == scenario)]
        if row.empty:
            raise InputError(f"aids: no row for house_id {house_id!r} and scenario {scenario!r}")
        k = int(row["aid_key"].iloc[0])
        out = (
            self.aid_table[self.aid_table["aid_key"] == k]
            .drop(columns="aid_key")
            .reset_index(drop=True)
        )
        return out

    # ------------------------------------------------------------ choice
    def choose(
        self,
        objective: str = "cheapest_reaching",
        target_class: str = "C",
        *,
        require_class: str | None = None,
    ) -> pd.DataFrame:
        """The scenario of each dwelling that best meets an objective.

        Parameters
        ----------
        objective : {"cheapest_reaching", "max_npv", "min_co2", "cheapest_bbc"}
            ``cheapest_reaching``: the lowest net cost (after grants) among the
            scenarios reaching ``target_class`` or better (the house as it is
            counts, at no cost); ``max_npv``: the highest NPV (doing nothing
            has NPV 0); ``min_co2``: the lowest emissions (ties: lowest net
            cost); ``cheapest_bbc``: the lowest net cost reaching class A or B.
            Only allowed scenarios are considered; ties go to the lighter
            package (package order).
        target_class : str
            "A".."G", for ``cheapest_reaching``.
        require_class : str, optional
            For ``max_npv`` and ``min_co2``: consider only scenarios reaching it.

        Returns
        -------
        pandas.DataFrame
            One row per dwelling: ``house_id``, ``scenario`` (``baseline``
            when nothing qualifies), ``reason``, ``reaches_target``, then the
            chosen row's columns.
        """
        import pandas as pd

        if objective not in OBJECTIVES:
            raise InputError(f"objective: {objective!r}; allowed {', '.join(OBJECTIVES)}")
        for name, v in (("target_class", target_class), ("require_class", require_class)):
            if v is not None and v not in _CLASS_ORDER:
                raise InputError(f"{name}: {v!r}; allowed A, B, C, D, E, F, G")
        t = self.table
        ok = t["allowed"].astype(bool).to_numpy() & t["dpe_class"].notna().to_numpy()
        rank = t["dpe_class"].map(_CLASS_ORDER).to_numpy(dtype=float)
        if objective == "cheapest_reaching":
            limit, what = _CLASS_ORDER[target_class], f"class {target_class} or better"
        elif objective == "cheapest_bbc":
            limit, what = 1, "BBC Rénovation 2024 (class A or B)"
        else:
            limit = _CLASS_ORDER[require_class] if require_class else 6
            what = f"class {require_class} or better" if require_class else "any class"
        reach = ok & (rank <= limit)
        net = t["net_cost_eur"].to_numpy(dtype=float)
        if objective in ("cheapest_reaching", "cheapest_bbc"):
            score = np.where(t["scenario"].to_numpy() == BASELINE, 0.0, net)
        elif objective == "max_npv":
            score = -t["npv_eur"].to_numpy(dtype=float)
        else:
            score = t["co2_kg"].to_numpy(dtype=float)
        cand = pd.DataFrame(
            {
                "i": np.arange(len(t)),
                "house": t["house_id"].to_numpy(),
                "score": np.where(reach, score, np.inf),
                "net": np.where(reach, np.nan_to_num(net, nan=0.0), np.inf),
                "s": t.groupby("house_id", sort=False).cumcount().to_numpy(),
            }
        )
        best = cand.sort_values(["house", "score", "net", "s"], kind="stable").drop_duplicates(
            "house"
        )
        best = best.set_index("house").reindex(pd.unique(t["house_id"]))
        pick = best["i"].to_numpy()
        found = np.isfinite(best["score"].to_numpy())
        base_i = t.index[t["scenario"] == BASELINE].to_numpy()
        base_of = (
            pd.Series(base_i, index=t.loc[base_i, "house_id"].to_numpy())
            .reindex(best.index)
            .to_numpy()
        )
        pick = np.where(found, pick, base_of)
        out = t.iloc[pick].reset_index(drop=True)
        # best allowed class of each dwelling (for "none reaches")
        allowed = pd.DataFrame(
            {"house": t["house_id"].to_numpy(), "rank": rank, "i": np.arange(len(t))}
        )[ok]
        top = allowed.sort_values(["house", "rank", "i"], kind="stable").drop_duplicates("house")
        top_i = dict(zip(top["house"], top["i"], strict=True))
        scen_all = t["scenario"].to_numpy()
        cls_all = t["dpe_class"].to_numpy()
        scen = out["scenario"].to_numpy()
        cls = out["dpe_class"].to_numpy()
        netc = out["net_cost_eur"].to_numpy(dtype=float)
        npvc = out["npv_eur"].to_numpy(dtype=float)
        co2c = out["co2_kg"].to_numpy(dtype=float)
        cheapest = objective in ("cheapest_reaching", "cheapest_bbc")
        reasons = []
        for k, (h, f) in enumerate(zip(best.index, found, strict=True)):
            if not f:
                j = top_i.get(h)
                reasons.append(
                    f"none reaches {what}; best allowed: {scen_all[j]} (class {cls_all[j]})"
                    if j is not None
                    else f"none reaches {what}; no scenario could be computed"
                )
            elif cheapest and scen[k] == BASELINE:
                reasons.append(f"already {what} as it is (class {cls[k]})")
            elif cheapest:
                reasons.append(
                    f"cheapest reaching {what}: class {cls[k]} for {netc[k]:,.0f} EUR net of grants"
                )
            elif objective == "max_npv":
                reasons.append(
                    "no package has a positive NPV: doing nothing (NPV 0)"
                    if scen[k] == BASELINE
                    else f"highest NPV: {npvc[k]:,.0f} EUR over {self.settings.get('horizon')} years"
                )
            else:
                reasons.append(f"lowest emissions: {co2c[k]:,.0f} kgCO2e/yr (class {cls[k]})")
        out.insert(2, "reason", reasons)
        out.insert(3, "reaches_target", found)
        return out

    # ------------------------------------------------------------ aggregates
    def aggregate(self, by: Any = "owner", choice: Any = None) -> pd.DataFrame:
        """Sums and means per group of dwellings, before and after.

        Parameters
        ----------
        by : str or list of str
            Table columns to group by: ``owner``, ``archetype``, ``street``,
            ``cite``, ``income`` (or any other column of the table).
        choice : DataFrame, str or None
            None: one row per group and scenario (every dwelling takes that
            scenario; refused ones stay as they are); an objective name
            (:data:`OBJECTIVES`) or the DataFrame of :meth:`choose`: one row
            per group comparing the baseline with the chosen scenarios; a
            package name: every dwelling takes it where allowed.

        Returns
        -------
        pandas.DataFrame
            ``houses``, ``treated``, ``floor_area_m2``, energy, CO2 and bills
            before and after (sums; ``cep_before``/``cep_after`` area-weighted
            means [kWhEP/(m²·yr)]), costs, grants (public share), net cost,
            savings, NPV (sums), and the dwellings per DPE class before
            (``before_A``…) and after (``after_A``…).
        """
        import pandas as pd

        t = self.table
        keys = [by] if isinstance(by, str) else list(by)
        bad = [k for k in keys if k not in t.columns]
        if bad or not keys:
            allowed = ("owner", "archetype", "street", "cite", "income")
            raise InputError(
                f"by: {bad or by!r} not a column of the table; allowed {', '.join(allowed)} (or any table column)"
            )
        base = t[t["scenario"] == BASELINE].set_index("house_id")
        if choice is None:
            frames = []
            for s in pd.unique(t["scenario"]):
                frames.append(self._agg(base, self._after(base, s), keys).assign(scenario=s))
            out = pd.concat(frames).reset_index()
            return out.set_index([*keys, "scenario"])
        return self._agg(base, self._after(base, choice), keys)

    def _after(self, base: pd.DataFrame, choice: Any) -> pd.DataFrame:
        import pandas as pd

        t = self.table
        packages = set(pd.unique(t["scenario"]))
        if isinstance(choice, str) and choice in OBJECTIVES:
            choice = self.choose(choice)
        if isinstance(choice, str):
            if choice not in packages:
                raise InputError(
                    f"choice: {choice!r}; allowed an objective ({', '.join(OBJECTIVES)}), a scenario "
                    f"({', '.join(map(str, packages))}) or the DataFrame of choose()"
                )
            sel = t[(t["scenario"] == choice) & t["allowed"].astype(bool)].set_index("house_id")
            return (
                sel.reindex(base.index).combine_first(base)
                if len(sel) < len(base)
                else sel.reindex(base.index)
            )
        if isinstance(choice, pd.DataFrame):
            if not {"house_id", "scenario"} <= set(choice.columns):
                raise InputError(
                    "choice: a DataFrame needs the columns house_id and scenario (see choose())"
                )
            want = choice.set_index("house_id")["scenario"].reindex(base.index).fillna(BASELINE)
            idx = pd.MultiIndex.from_arrays([want.index, want.to_numpy()])
            tt = t.set_index(["house_id", "scenario"], drop=False)
            sel = tt.reindex(idx)
            sel.index = want.index
            return sel
        raise InputError(
            f"choice: {type(choice).__name__}; allowed None, an objective, a scenario name or a DataFrame"
        )

    @staticmethod
    def _agg(base: pd.DataFrame, after: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        import pandas as pd

        g = base[keys].copy()
        treated = (after["scenario"] != BASELINE) & after["allowed"].astype(bool)
        num = lambda df, c: pd.to_numeric(df[c], errors="coerce").fillna(0.0)  # noqa: E731
        data = pd.DataFrame(index=base.index)
        data["houses"] = 1
        data["treated"] = treated.astype(int)
        data["floor_area_m2"] = num(base, "floor_area_m2")
        for c, label in (
            ("delivered_kwh", "delivered_kwh"),
            ("primary_kwh", "primary_kwh"),
            ("co2_kg", "co2_kg"),
            ("bill_before_eur", "bill_eur"),
        ):
            data[f"{label}_before"] = num(base, c)
            data[f"{label}_after"] = num(after, "bill_after_eur" if c == "bill_before_eur" else c)
        for c in (
            "cost_ttc_eur",
            "subsidies_eur",
            "public_subsidies_eur",
            "net_cost_eur",
            "savings_eur",
            "npv_eur",
            "savings_kwh",
        ):
            data[c] = np.where(treated, num(after, c), 0.0)
        data["co2_saved_kg"] = data["co2_kg_before"] - data["co2_kg_after"]
        for cl in "ABCDEFG":
            data[f"before_{cl}"] = (base["dpe_class"] == cl).astype(int)
            data[f"after_{cl}"] = (after["dpe_class"] == cl).astype(int)
        data = pd.concat([g, data], axis=1)
        out = data.groupby(keys, dropna=False).sum(numeric_only=True)
        area = out["floor_area_m2"].replace(0.0, np.nan)
        out.insert(
            list(out.columns).index("primary_kwh_after") + 1,
            "cep_before",
            out["primary_kwh_before"] / area,
        )
        out.insert(
            list(out.columns).index("cep_before") + 1, "cep_after", out["primary_kwh_after"] / area
        )
        return out

    # ------------------------------------------------------------ files
    def _write(self, directory: Any, fmt: str, overwrite: bool = False) -> Path:
        from . import safeio

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        tables = {
            "table": self.table,
            "houses": self.houses.reset_index(drop=True),
            "aids": self.aid_table if self.aid_table is not None else None,
            "errors": _errors_frame(self.errors),
        }
        for name, df in tables.items():
            if df is None:
                continue
            out = df.copy()
            for c in out.columns:
                if out[c].dtype == object:
                    out[c] = out[c].map(lambda v: v.isoformat() if isinstance(v, _dt.date) else v)
            if fmt == "parquet":
                require_extra("pyarrow", "parquet", "writing Parquet tables")
                with safeio.atomic_file(d / f"{name}.parquet", overwrite=overwrite) as tmp:
                    out.to_parquet(tmp, index=False)
            else:  # formula-like text cells neutralised (rehab.safeio)
                safeio.write_csv(out, d / f"{name}.csv", overwrite=overwrite)
        meta = {"settings": self.settings, "stats": self.stats, "units": dict(UNITS)}
        safeio.write_text(d / "settings.json", json.dumps(meta, indent=2, default=str), overwrite=overwrite)
        return d

    def to_parquet(self, directory: Any, *, overwrite: bool = False) -> Path:
        """Write table, houses, aids and errors as Parquet files and settings.json in ``directory``.

        Existing files of these names are refused unless ``overwrite``."""
        return self._write(directory, "parquet", overwrite)

    def to_csv(self, directory: Any, *, overwrite: bool = False) -> Path:
        """Write table, houses, aids and errors as CSV files and settings.json in ``directory``.

        Existing files of these names are refused unless ``overwrite``."""
        return self._write(directory, "csv", overwrite)


def _errors_frame(errors: list[BadRow]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        [{"row": e.row, "column": e.column, "value": e.value, "reason": e.reason} for e in errors],
        columns=["row", "column", "value", "reason"],
    )


# --------------------------------------------------------------------------
# a synthetic landlord stock for benchmarks
# --------------------------------------------------------------------------

def synthetic_stock(n: int, seed: int = 2026) -> Any:
    """A reproducible synthetic stock of ``n`` dwellings with the demonstration neighbourhood's mix.

    The 350-dwelling neighbourhood of :func:`rehab.stock.demo` (generated by
    ``scripts/make_demo_stock.py``, assumptions in its docstring) is repeated
    with fresh draws until ``n`` dwellings: in each block, a heritage-listed
    coron cité (6 rows of 10 facing east or west, end-terrace houses at the
    row ends), a cité pavillonnaire (5 streets of 20 semi-detached houses
    facing south or north, the first two streets heritage-listed, the last
    one sold to private landlords), a cité-jardin (40 detached houses, 4
    orientations), a cité moderne (40 semi-detached) — all social
    landlord's, heating 60 % old gas boiler, 30 % condensing gas, 10 %
    direct electric — and 110 owner-occupied Castors houses (45 % old gas
    boiler, 20 % fuel oil, 15 % condensing gas, 10 % direct electric, 10 %
    wood logs; incomes 35/30/20/15 % très modestes…supérieurs). Floor area:
    the archetype's × N(1, 0.05), rounded to 0.5 m²; DHW follows the
    carrier. So the stock is mostly a social landlord's coron and cité
    houses (69 %), 29 % heritage-listed, like a mining-basin landlord's
    portfolio; the dwellings are fictitious.

    Parameters
    ----------
    n : int
        Number of dwellings (> 0).
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    rehab.stock.Stock

    Examples
    --------
    >>> s = synthetic_stock(700, seed=1)
    >>> len(s), int(s.table["heritage"].sum()), int((s.table["owner"] == "social_landlord").sum())
    (700, 200, 440)
    """
    from .stock import Stock, neighbourhood

    if not isinstance(n, (int, np.integer)) or n < 1:
        raise InputError(f"n: {n!r}; give a whole number of dwellings >= 1")
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    block = 0
    while len(rows) < n:
        block += 1
        for rec in neighbourhood(rng, f"{block:03d}"):
            rows.append({"id": f"SY-{len(rows) + 1:06d}", **rec, "azimuth": float(rec["azimuth"])})
    return Stock.from_records(rows[:n], source=f"synthetic_stock(n={n}, seed={seed})", first_row=1)
