"""``rehab.assess``: one house, several retrofit packages, one table.

For the house as it is (the *baseline*, first row) and for each package
applied to it, :func:`assess` computes

* the **physical** heating need (hourly 5R1C engine of :func:`rehab.simulate`
  on the weather file, 19 °C, no cooling) and the summer overheating hours
  (operative temperature above 26 and 28 °C, free floating, with the heat
  recovery of balanced ventilation bypassed — ``summer_bypass``; the
  engine has no window opening nor solar protection, so the hours are an
  upper bound);
* the **3CL** heating need, delivered (final) and primary energy, EGES,
  DPE class and label flags (:func:`rehab.labels.dpe`; BBC Rénovation 2024
  = class A or B, first step = class C or better); in ``mode="realistic"``
  the delivered, primary energy and CO2 come from
  :func:`rehab.usage.consumption` (prebound behaviour, optional calibration
  on observed bills) while the DPE class stays conventional;
* the **cost** of every measure (HT and TTC, study-year euros), the **aids**
  that apply and why (:func:`rehab.subsidies.eligible_aids`, the PV
  self-consumption premium), the net cost;
* the **bills** before and after (tariffs at the date, subscriptions
  dropped for an abandoned carrier), the savings, and over the horizon the
  **NPV**, IRR, simple and discounted payback, cost of conserved energy and
  CO2 abatement cost (:mod:`rehab.finance`, replacements at end of life,
  residual value at the horizon, real discount rate 3.2 %);
* the **moisture** flag of internally insulated masonry walls (monthly
  Glaser, :func:`rehab.retrofit.wall_moisture`).

Ventilation fans are added to the auxiliaries (the 3CL chain of
:func:`rehab.labels.dpe` counts circulators only): specific fan power
0.25 W per m³/h for extract systems and 0.5 W per m³/h for balanced
systems (two fans), running all year — typical values of current EC-fan
units, an assumption of rehab.

A package that a constraint forbids (heritage street façade, rule set) is
reported as a row with ``allowed`` False and the reason in ``constraint``
(or raises with ``on_constraint="raise"``).

Examples
--------
>>> import rehab
>>> from rehab.assess import assess
>>> house = rehab.archetypes.get("coron-mid-terrace")
>>> t = assess(house, ["attic-only", "bbc-renovation"])
>>> list(t.index)
['baseline', 'attic-only', 'bbc-renovation']
>>> t.loc[:, ["dpe_class", "cep_kwhep_m2"]].round(0)
               dpe_class  cep_kwhep_m2
scenario
baseline               F         395.0
attic-only             F         346.0
bbc-renovation         A          51.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np

from . import costs as _costs
from . import finance
from .errors import ConstraintError, InputError
from .house import House
from .retrofit import Package, PackageOutcome, wall_moisture

__all__ = [
    "FAN_POWER_W_PER_M3H",
    "SUMMARY_COLUMNS",
    "UNITS",
    "assess",
    "cli_assess",
    "economics",
    "summary",
]

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

#: Columns of :func:`summary`, the short table printed by the CLI and the docs.
SUMMARY_COLUMNS = [
    "heating_need_kwh_m2",
    "heating_need_3cl_kwh",
    "cep_kwhep_m2",
    "eges_kgco2e_m2",
    "dpe_class",
    "bbc_renovation_2024",
    "cost_ttc_eur",
    "subsidies_eur",
    "net_cost_eur",
    "bill_before_eur",
    "bill_after_eur",
    "npv_eur",
    "payback_discounted_yr",
    "overheating_h_above_28",
    "moisture_risk",
]

#: Unit of every numeric column (also in the column names).
UNITS = {
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
    "loans_value_eur": "EUR",
    "net_cost_eur": "EUR",
    "bill_before_eur": "EUR/yr",
    "bill_after_eur": "EUR/yr",
    "savings_eur": "EUR/yr",
    "pv_kwh": "kWh/yr",
    "pv_self_consumed_kwh": "kWh/yr",
    "pv_export_eur": "EUR/yr",
    "npv_eur": "EUR",
    "tenant_npv_eur": "EUR",
    "irr": "1/yr",
    "payback_simple_yr": "yr",
    "payback_discounted_yr": "yr",
    "cce_eur_kwh": "EUR/kWh",
    "co2_abatement_eur_t": "EUR/tCO2e",
    "overheating_h_above_26": "h/yr",
    "overheating_h_above_28": "h/yr",
    "moisture_max_kg_m2": "kg/m²",
}

OwnerType = Literal["owner_occupier", "private_landlord", "social_landlord"]


# --------------------------------------------------------------------------
# economics (pure)
# --------------------------------------------------------------------------


def economics(
    component_costs: Sequence[float],
    lifetimes: Sequence[float],
    bills_before: Any,
    bills_after: Any,
    *,
    grants: float = 0.0,
    rate: float = finance.DISCOUNT_RATE,
    energy_saved_kwh: float = float("nan"),
    co2_saved_kg: float = float("nan"),
    owner: OwnerType = "owner_occupier",
    tenant_contribution_eur: float = 0.0,
    contribution_years: int = 15,
) -> dict[str, float]:
    """Investment metrics of one scenario from its costs and bills over the horizon.

    Parameters
    ----------
    component_costs : sequence of float
        TTC cost of each component [EUR].
    lifetimes : sequence of float
        Their service lives [yr] (NaN: bought once, no residual value).
    bills_before, bills_after : array_like, shape (H,)
        Bills of years 1..H without and with the works [EUR/yr] (PV
        revenues already netted out of ``bills_after``).
    grants : float
        Grants received at t = 0 [EUR].
    rate : float
        Real discount rate [1/yr].
    energy_saved_kwh, co2_saved_kg : float
        Annual savings for the cost of conserved energy and the CO2
        abatement cost.
    owner : {"owner_occupier", "private_landlord", "social_landlord"}
        Owner-occupier: pays and saves. Landlords: pay (and receive the
        tenant contribution, if any); the tenant saves.
    tenant_contribution_eur : float
        Landlords: yearly tenant contribution [EUR/yr] for ``contribution_years``.

    Returns
    -------
    dict
        ``npv_eur``, ``irr``, ``payback_simple_yr``,
        ``payback_discounted_yr``, ``cce_eur_kwh``, ``co2_abatement_eur_t``,
        ``tenant_npv_eur`` (landlords; NaN otherwise), ``savings_eur``
        (year 1), ``pv_costs_eur`` (present value of all costs, replacements
        and residual value included).

    Examples
    --------
    10,000 € lasting 30 years, bills 2,000 → 1,200 €/yr for 30 years, no
    discounting: NPV = −10,000 + 30 × 800 = 14,000 €, payback 12.5 years.

    >>> r = economics([10000.0], [30.0], [2000.0] * 30, [1200.0] * 30, rate=0.0)
    >>> r["npv_eur"], r["payback_simple_yr"], r["payback_discounted_yr"]
    (14000.0, 12.5, 12.5)
    """
    before = np.asarray(bills_before, dtype=float)
    after = np.asarray(bills_after, dtype=float)
    h = before.shape[-1]
    costs_ = np.asarray(component_costs, dtype=float)
    lifes = np.asarray(lifetimes, dtype=float)
    savings = before - after
    nan = float("nan")
    if costs_.size == 0 or costs_.sum() <= 0:
        return dict(
            npv_eur=0.0,
            irr=nan,
            payback_simple_yr=nan,
            payback_discounted_yr=nan,
            cce_eur_kwh=nan,
            co2_abatement_eur_t=nan,
            tenant_npv_eur=nan,
            savings_eur=float(savings[0]),
            pv_costs_eur=0.0,
        )
    spend = finance.project_cashflows(costs_, lifes, np.zeros(h), horizon=h)
    pv_costs = -float(finance.npv(spend, rate))
    if owner == "owner_occupier":
        cf = finance.project_cashflows(costs_, lifes, savings, horizon=h, subsidies=grants)
        tenant_npv = nan
    else:
        contrib = np.where(np.arange(1, h + 1) <= contribution_years, tenant_contribution_eur, 0.0)
        cf = finance.project_cashflows(costs_, lifes, contrib, horizon=h, subsidies=grants)
        tenant_npv = float(finance.npv(np.concatenate(([0.0], savings - contrib)), rate))
    net = float(costs_.sum() - grants)
    first_gain = float(savings[0]) if owner == "owner_occupier" else float(tenant_contribution_eur)
    irr = float(finance.irr(cf)) if (cf[1:] > 0).any() and cf[0] < 0 else nan
    return dict(
        npv_eur=float(finance.npv(cf, rate)),
        irr=irr,
        payback_simple_yr=float(finance.simple_payback(net, first_gain))
        if first_gain > 0 or net <= 0
        else nan,
        payback_discounted_yr=float(finance.discounted_payback(cf, rate)),
        cce_eur_kwh=float(
            finance.cost_of_conserved_energy(
                pv_costs, energy_saved_kwh, rate=rate, lifetime_years=h
            )
        )
        if energy_saved_kwh == energy_saved_kwh
        else nan,
        co2_abatement_eur_t=float(
            finance.co2_abatement_cost(
                pv_costs, float(savings[0]), co2_saved_kg, rate=rate, lifetime_years=h
            )
        )
        if co2_saved_kg == co2_saved_kg
        else nan,
        tenant_npv_eur=tenant_npv,
        savings_eur=float(savings[0]),
        pv_costs_eur=pv_costs,
    )


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _fan_kwh(house: House) -> float:
    v = house.ventilation
    sfp = FAN_POWER_W_PER_M3H.get(v.system, 0.0)
    return sfp * v.system_flow(house.floor_area) * 8760.0 / 1000.0


def _bypassed(house: House) -> House:
    """The house with its heat recovery bypassed (summer), or itself."""
    v = house.ventilation
    if v.heat_recovery <= 0:
        return house
    return house.copy_with(ventilation=v.copy_with(heat_recovery=0.0).model_dump())


def _kva(house: House, kva: Any) -> int:
    if kva != "auto":
        return int(kva)
    heat = house.heating
    return 9 if heat is not None and heat.carrier == "electricity" else 6


def _dpe(house: House, date: Any) -> Any:
    from . import labels

    d = labels.dpe(house, date)
    fans = _fan_kwh(house)
    if fans > 0:
        aux = d.delivered_kwh.get(("electricity", "auxiliaries"), 0.0) + fans
        d = labels.dpe(house, date, auxiliary_kwh=aux)
    return d


def _by_carrier(delivered: dict[tuple[str, str], float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for (carrier, _use), v in delivered.items():
        out[carrier] = out.get(carrier, 0.0) + float(v)
    return out


def _heating_name(house: House) -> str | None:
    from .subsidies import HEATING_SYSTEMS

    if house.heating is None:
        return None
    n = house.heating.name.replace("-", "_")
    if n in HEATING_SYSTEMS:
        return n
    k = house.heating.kind
    return k if k in HEATING_SYSTEMS else None


def _pv_figures(
    outcome: PackageOutcome | None, house: House, weather: Any, load_w: np.ndarray | None, date: Any
) -> dict[str, float]:
    from . import pv as _pv

    zero = dict(pv_kwh=0.0, pv_self_kwh=0.0, pv_export_kwh=0.0, tariff=0.0, premium=0.0, kwp=0.0)
    if outcome is None or not outcome.pv:
        return zero
    tariff, premium_per_kwp, _src = _pv.export_tariff(date)
    tot = dict(zero)
    tot["tariff"] = tariff
    for m in outcome.pv:
        az, tilt = m.orientation(house)
        prod = _pv.production(m.kwp, weather, azimuth=az, tilt=tilt)
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


def _electric_load_w(
    house: House, delivered: dict[tuple[str, str], float], phi_w: np.ndarray | None
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


# --------------------------------------------------------------------------
# assess
# --------------------------------------------------------------------------


def assess(
    house: House,
    packages: Iterable[Any] | None = None,
    *,
    date: Any = "2026-06-01",
    mode: Literal["conventional", "realistic"] = "conventional",
    owner: OwnerType = "owner_occupier",
    income: str | None = "modestes",
    horizon: int = 30,
    discount_rate: float = finance.DISCOUNT_RATE,
    weather: Any = None,
    rules: Iterable[Any] = ("france",),
    scenario: str = "central",
    kva: Any = "auto",
    bill_prices: Literal["tariffs", "dpe"] = "tariffs",
    humidity_class: int = 3,
    observed: Any = None,
    tenant_contribution: bool = False,
    main_rooms: int | None = None,
    cost_factor: float = 1.0,
    summer_bypass: bool = True,
    on_constraint: Literal["report", "raise"] = "report",
) -> Any:
    """Assess retrofit packages on one house: a DataFrame, one row per scenario, baseline first.

    Parameters
    ----------
    house : House
    packages : iterable, optional
        Preset names (:func:`rehab.packages.names`), Package objects, dicts,
        or lists of measures (user-defined); default every preset.
    date : str or date
        Study date: DPE factors and classes, tariffs, aids, rules, price year.
    mode : {"conventional", "realistic"}
        Consumption behind energy, CO2 and bills: 3CL conventions or the
        realistic use of :func:`rehab.usage.consumption` (DPE classes stay
        conventional).
    owner : {"owner_occupier", "private_landlord", "social_landlord"}
    income : str, optional
        Anah income category (``tres_modestes``, ``modestes``,
        ``intermediaires``, ``superieurs``); MaPrimeRénov' needs it.
    horizon : int
        Years of the investment analysis.
    discount_rate : float
        Real rate [1/yr] (3.2 %, France Stratégie 2021).
    weather : Weather, optional
        Default :func:`rehab.weather.default`.
    rules : iterable
        Rule sets checked (names in :func:`rehab.retrofit.rule_sets`);
        default the national rules; add ``"loos-en-gohelle"`` there.
    scenario : str
        Energy-price escalation scenario (:func:`rehab.finance.scenarios`).
    kva : int or "auto"
        Subscribed electric power; "auto": 9 kVA when the heating is
        electric, else 6 (assumption).
    bill_prices : {"tariffs", "dpe"}
        Price the consumption at the tariffs in force (default) or at the
        DPE conventional costs.
    humidity_class : int
        ISO 13788 Annex A class of the Glaser check (3 or 4 for dwellings).
    observed : mapping, optional
        Realistic mode: observed annual consumption per carrier of the
        house as it is (kWh or EUR); the calibration is carried to the
        packages.
    tenant_contribution : bool
        Landlords: the tenant pays the legal contribution (half the
        estimated saving, 15 years; flat amounts for private pre-1948
        dwellings, which need ``main_rooms``).
    main_rooms : int, optional
        Number of main rooms (private pre-1948 tenant contribution).
    summer_bypass : bool
        Count the overheating hours with the heat recovery of balanced
        ventilation bypassed (η = 0), as the summer bypass of current
        double-flux units does; the heating need keeps the recovery.
    cost_factor : float
        Multiplier on every works cost (sensitivity; 1 = catalogue).
    on_constraint : {"report", "raise"}
        A forbidden package: a row with ``allowed`` False, or raise
        :class:`rehab.errors.ConstraintError`.

    Returns
    -------
    pandas.DataFrame
        Indexed by scenario; units in the column names (see :data:`UNITS`).
        ``df.attrs`` holds ``aids`` (scenario → list of
        :class:`rehab.subsidies.AidResult`), ``costs`` (scenario → cost
        lines DataFrame), ``moisture`` (scenario → element →
        :class:`rehab.moisture.GlaserResult`), ``notes`` and ``settings``.
    """
    import pandas as pd

    from . import packages as _packages
    from . import simulate, usage
    from .factors import parse_date
    from .subsidies import AidContext, eligible_aids
    from .weather import default

    if not isinstance(house, House):
        raise InputError(f"assess: house must be a rehab.House, got {type(house).__name__}")
    if mode not in ("conventional", "realistic"):
        raise InputError(f"mode: {mode!r}; allowed 'conventional', 'realistic'")
    if owner not in ("owner_occupier", "private_landlord", "social_landlord"):
        raise InputError(
            f"owner: {owner!r}; allowed owner_occupier, private_landlord, social_landlord"
        )
    if on_constraint not in ("report", "raise"):
        raise InputError(f"on_constraint: {on_constraint!r}; allowed 'report', 'raise'")
    if bill_prices not in ("tariffs", "dpe"):
        raise InputError(f"bill_prices: {bill_prices!r}; allowed 'tariffs', 'dpe'")
    if not (cost_factor >= 0 and math.isfinite(cost_factor)):
        raise InputError(f"cost_factor: {cost_factor!r}; give a number >= 0")
    if observed is not None and mode != "realistic":
        raise InputError("observed: calibration on observed consumption needs mode='realistic'")
    h_years = finance._horizon(horizon)
    d = parse_date(date)
    year = _costs.study_year(d)
    w = weather if weather is not None else default()
    specs = list(_packages.ordered_names()) if packages is None else list(packages)
    pkgs: list[Package] = []
    for i, s in enumerate(specs):
        p = _packages.package(
            s, name=None if not isinstance(s, (list, tuple)) else f"custom-{i + 1}"
        )
        pkgs.append(p)
    names = [p.name for p in pkgs]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup or "baseline" in names:
        raise InputError(
            f"assess: package names must be unique and not 'baseline'; repeated: {dup or ['baseline']}"
        )
    rules = list(rules)

    # ---- apply the packages
    outcomes: dict[str, PackageOutcome | None] = {"baseline": None}
    refused: dict[str, str] = {}
    for p in pkgs:
        try:
            outcomes[p.name] = p.run(house, rules=rules, date=d, year=year)
        except ConstraintError as exc:
            if on_constraint == "raise":
                raise
            refused[p.name] = str(exc)
    scen = ["baseline"] + [p.name for p in pkgs]
    houses = {"baseline": house}
    houses.update({k: o.house for k, o in outcomes.items() if o is not None})
    ok = [s for s in scen if s in houses]

    # ---- physics: hourly engine (one batch), 3CL, consumption
    need_pv = any(o is not None and o.pv for o in outcomes.values())
    sim = simulate([houses[s] for s in ok], w, method="hourly", hourly=need_pv)
    summer = [_bypassed(houses[s]) if summer_bypass else houses[s] for s in ok]
    if any(a is not b for a, b in zip(summer, (houses[s] for s in ok), strict=True)):
        sim_summer = simulate(summer, w, method="hourly")
    else:
        sim_summer = sim
    dpes = {s: _dpe(houses[s], d) for s in ok}
    if mode == "realistic":
        base_c = usage.consumption(house, mode="realistic", date=d, weather=w, observed=observed)
        cons = {"baseline": base_c}
        others = [s for s in ok if s != "baseline"]
        if others:
            carried = base_c if observed is not None else None
            many = usage.consumption(
                [houses[s] for s in others],
                mode="realistic",
                date=d,
                weather=w,
                calibration=None if carried is None else [carried] * len(others),
            )
            for i, s in enumerate(others):
                cons[s] = _pick(many, i)
        delivered = {}
        primary = {}
        co2 = {}
        from .factors import ghg_factor, primary_energy_factor

        pef = primary_energy_factor("electricity", d)
        gef = ghg_factor("electricity", "auxiliaries", d)
        for s in ok:
            c = cons[s]
            dl = {k: float(v) for k, v in c.delivered_kwh.items()}
            fans = _fan_kwh(houses[s])
            dl[("electricity", "auxiliaries")] = dl.get(("electricity", "auxiliaries"), 0.0) + fans
            delivered[s] = dl
            primary[s] = float(c.primary_kwh) + fans * pef
            co2[s] = float(c.co2_kg) + fans * gef
    else:
        delivered = {s: dict(dpes[s].delivered_kwh) for s in ok}
        primary = {s: dpes[s].cep * houses[s].floor_area for s in ok}
        co2 = {s: dpes[s].eges * houses[s].floor_area for s in ok}

    # ---- bills over the horizon
    bill_mode = "conventional" if bill_prices == "dpe" else "realistic"

    def bills(s: str) -> np.ndarray:
        return finance.bills_over_horizon(
            _by_carrier(delivered[s]),
            h_years,
            date=d,
            scenario=scenario,
            kva=_kva(houses[s], kva),
            mode=bill_mode,
        )

    elec_price = finance.tariff("electricity", d, "base", kva=6).energy_price()
    elec_index = finance.price_index("electricity", h_years, scenario)
    bills_base = bills("baseline")
    base_dpe = dpes["baseline"]
    base_final = sum(_by_carrier(delivered["baseline"]).values())

    rows = []
    aids_all: dict[str, Any] = {}
    costs_all: dict[str, Any] = {}
    moist_all: dict[str, Any] = {}
    notes_all: dict[str, list[str]] = {}
    carriers = sorted({c for s in ok for c in _by_carrier(delivered[s])})
    for s in scen:
        pkg = next((p for p in pkgs if p.name == s), None)
        row: dict[str, Any] = {
            "scenario": s,
            "title": "house as it is" if pkg is None else (pkg.title or pkg.name),
            "allowed": s not in refused,
            "constraint": refused.get(s, ""),
            "measures": "" if pkg is None else "; ".join(m.name for m in pkg.measures),
        }
        if s in refused:
            rows.append(row)
            continue
        hs = houses[s]
        i = ok.index(s)
        dp = dpes[s]
        out = outcomes.get(s)
        area = float(hs.floor_area)
        by_c = _by_carrier(delivered[s])
        final = sum(by_c.values())
        row.update(
            heating_need_kwh=float(np.atleast_1d(sim.heating_need_kwh)[i]),
            heating_need_kwh_m2=float(np.atleast_1d(sim.heating_need_kwh)[i]) / area,
            heating_need_3cl_kwh=float(dp.heating_need_kwh),
            delivered_kwh=final,
            final_energy_kwh_m2=final / area,
        )
        for c in carriers:
            row[f"delivered_{c}_kwh"] = by_c.get(c, 0.0)
        row.update(
            primary_kwh=primary[s],
            cep_kwhep_m2=float(dp.cep),
            eges_kgco2e_m2=float(dp.eges),
            co2_kg=co2[s],
            dpe_class=dp.label,
            energy_class=dp.energy_label,
            ghg_class=dp.ges_label,
            bbc_renovation_2024=bool(dp.flags["bbc_renovation_2024"]),
            bbc_first_step_c=bool(dp.flags["bbc_renovation_2024_first_step"]),
            bbc_effinergie_2009=bool(dp.flags["bbc_effinergie_renovation_2009"]),
            rental_allowed=bool(dp.rental.allowed),
        )
        # costs
        lines = out.costs.lines if out is not None else ()
        comp = [ln.cost_ttc * cost_factor for ln in lines]
        lifes = [ln.lifetime_years for ln in lines]
        cost_ht = sum(ln.cost_ht for ln in lines) * cost_factor
        cost_ttc = sum(comp)
        # PV
        load = None
        if out is not None and out.pv:
            phi = None if sim.phi_hc_w is None else np.asarray(sim.phi_hc_w)[i]
            load = _electric_load_w(hs, delivered[s], phi)
        pvf = _pv_figures(out, hs, w, load, d)
        # aids
        aids = []
        grants = loans = 0.0
        aid_lines = [ln for ln in lines if ln.aid_kind != "pv"]
        if out is not None and aid_lines:
            ctx = AidContext(
                owner_type=owner,
                income_category=income if owner != "social_landlord" else None,
                class_before=base_dpe.label,
                class_after=dp.label,
                measures=[k for k in out.aid_kinds if k in _AID_KINDS],
                cost_ht=sum(ln.cost_ht for ln in aid_lines) * cost_factor,
                cost_ttc=sum(ln.cost_ttc for ln in aid_lines) * cost_factor,
                heating_before=_heating_name(house),
                heating_after=_heating_name(hs),
                date=d,
                cep_before=float(base_dpe.cep),
                cep_after=float(dp.cep),
                eges_before=float(base_dpe.eges),
                final_energy_saved_kwh=max(base_final - final, 0.0),
            )
            aids = eligible_aids(ctx)
            grants = sum(a.amount_eur for a in aids if a.applied and a.kind == "grant")
            loans = sum(a.amount_eur for a in aids if a.applied and a.kind == "loan")
        if pvf["premium"] > 0:
            grants += pvf["premium"]
        aid_list = [
            {"aid": a.aid, "amount_eur": a.amount_eur, "kind": a.kind, "reason": a.reason}
            for a in aids
            if a.applied
        ]
        if pvf["premium"] > 0:
            aid_list.append(
                {
                    "aid": "pv_self_consumption_premium",
                    "amount_eur": pvf["premium"],
                    "kind": "grant",
                    "reason": f"PV self-consumption premium {pvf['premium'] / pvf['kwp']:.0f} EUR/kWp x {pvf['kwp']:g} kWp "
                    "(S21 arrêté as amended 26 March 2025; rehab.pv.export_tariff)",
                }
            )
        aids_all[s] = aids
        # bills
        b_after = bills(s)
        pv_self_value = pvf["pv_self_kwh"] * elec_price * elec_index
        pv_export = np.where(
            np.arange(1, h_years + 1) <= PV_CONTRACT_YEARS,
            pvf["pv_export_kwh"] * pvf["tariff"],
            0.0,
        )
        b_after = b_after - pv_self_value - pv_export
        saved_kwh = base_final - final + pvf["pv_self_kwh"]
        eco = economics(
            comp,
            lifes,
            bills_base,
            b_after,
            grants=grants,
            rate=discount_rate,
            energy_saved_kwh=saved_kwh if saved_kwh > 0 else float("nan"),
            co2_saved_kg=co2["baseline"] - co2[s] if co2["baseline"] > co2[s] else float("nan"),
            owner=owner,
            tenant_contribution_eur=_contribution(
                owner, tenant_contribution, float(bills_base[0] - b_after[0]), hs, main_rooms
            ),
        )
        row.update(
            cost_ht_eur=cost_ht,
            cost_ttc_eur=cost_ttc,
            subsidies_eur=grants,
            loans_value_eur=loans,
            net_cost_eur=cost_ttc - grants,
            aids=aid_list,
            bill_before_eur=float(bills_base[0]),
            bill_after_eur=float(b_after[0]),
            savings_eur=eco["savings_eur"],
            pv_kwh=pvf["pv_kwh"],
            pv_self_consumed_kwh=pvf["pv_self_kwh"],
            pv_export_eur=pvf["pv_export_kwh"] * pvf["tariff"],
            npv_eur=eco["npv_eur"],
            tenant_npv_eur=eco["tenant_npv_eur"],
            irr=eco["irr"],
            payback_simple_yr=eco["payback_simple_yr"],
            payback_discounted_yr=eco["payback_discounted_yr"],
            cce_eur_kwh=eco["cce_eur_kwh"],
            co2_abatement_eur_t=eco["co2_abatement_eur_t"],
            overheating_h_above_26=float(np.atleast_1d(sim_summer.hours_above_26)[i]),
            overheating_h_above_28=float(np.atleast_1d(sim_summer.hours_above_28)[i]),
        )
        # moisture
        moist = wall_moisture(hs, w, humidity_class=humidity_class)
        moist_all[s] = moist
        flagged = {k: r for k, r in moist.items() if r.flagged}
        row.update(
            moisture_risk=bool(flagged),
            moisture_max_kg_m2=max((r.max_accumulation_kg_m2 for r in moist.values()), default=0.0),
            moisture_note="; ".join(f"{k}: {r.reason}" for k, r in (flagged or moist).items()),
        )
        costs_all[s] = out.costs.to_frame() if out is not None else None
        notes_all[s] = list(out.notes) if out is not None else []
        rows.append(row)

    df = pd.DataFrame(rows).set_index("scenario")
    df.attrs["units"] = dict(UNITS)
    df.attrs["aids"] = aids_all
    df.attrs["costs"] = costs_all
    df.attrs["moisture"] = moist_all
    df.attrs["notes"] = notes_all
    df.attrs["settings"] = dict(
        date=d.isoformat(),
        mode=mode,
        owner=owner,
        income=income,
        horizon=h_years,
        discount_rate=discount_rate,
        weather=getattr(w, "name", "weather"),
        rules=[getattr(r, "name", r) for r in rules],
        scenario=scenario,
        kva=kva,
        bill_prices=bill_prices,
        humidity_class=humidity_class,
        cost_factor=cost_factor,
        summer_bypass=summer_bypass,
        house=house.name,
    )
    return df


_AID_KINDS = {
    "wall_external",
    "wall_internal",
    "attic_floor",
    "roof_slopes",
    "floor",
    "windows",
    "door",
    "airtightness",
    "ventilation",
    "heating",
    "dhw",
    "pv",
    "audit",
    "management",
}


def _pick(c: Any, i: int) -> Any:
    """The i-th house of a batch Consumption, as a light object with floats."""

    class _One:
        pass

    o = _One()
    o.delivered_kwh = {k: float(np.atleast_1d(v)[i]) for k, v in c.delivered_kwh.items()}
    o.primary_kwh = float(np.atleast_1d(c.primary_kwh)[i])
    o.co2_kg = float(np.atleast_1d(c.co2_kg)[i])
    return o


def _contribution(
    owner: str, asked: bool, saving: float, house: House, main_rooms: int | None
) -> float:
    if not asked or owner == "owner_occupier" or saving <= 0:
        return 0.0
    sector = "social" if owner == "social_landlord" else "private"
    pre1948 = sector == "private" and house.year_built is not None and house.year_built < 1948
    amount, _years = finance.tenant_contribution(
        saving, sector=sector, built_before_1948=pre1948, main_rooms=main_rooms
    )
    return float(min(amount, 0.5 * saving)) if not pre1948 else float(amount)


# --------------------------------------------------------------------------
# display and CLI
# --------------------------------------------------------------------------


def summary(table: Any, columns: Sequence[str] | None = None) -> Any:
    """The short table (:data:`SUMMARY_COLUMNS`), rounded for display.

    Money to the euro, energies to the kWh, Cep and EGES to one decimal,
    payback to one decimal.
    """
    cols = [c for c in (columns or SUMMARY_COLUMNS) if c in table.columns]
    out = table.loc[:, cols].copy()
    for c in cols:
        if out[c].dtype.kind == "f":
            digits = (
                1
                if c
                in (
                    "cep_kwhep_m2",
                    "eges_kgco2e_m2",
                    "payback_discounted_yr",
                    "heating_need_kwh_m2",
                )
                else 0
            )
            if c in ("irr", "cce_eur_kwh"):
                digits = 3
            if c == "moisture_max_kg_m2":
                digits = 2
            out[c] = out[c].round(digits)
    return out


def cli_assess(
    house_spec: str, packages: list[str], out_csv: str | None = None, **options: Any
) -> int:
    """``rehab assess HOUSE --packages ...``: print the table and write the CSV.

    Parameters
    ----------
    house_spec : str
        House JSON file or archetype name (:func:`rehab.cli.load_house`).
    packages : list of str
        Preset names or paths to package JSON files; empty: every preset.
    out_csv : str, optional
        Path of the CSV to write (every column; the ``aids`` column as text).
    **options
        Keyword arguments of :func:`assess` (date, mode, owner, income,
        horizon, discount_rate, rules …).

    Returns
    -------
    int
        0 on success (errors propagate as rehab errors for the CLI's exit codes).
    """
    import json
    from pathlib import Path

    import pandas as pd

    from .cli import load_house

    house = load_house(house_spec)
    specs: list[Any] = []
    for p in packages or []:
        path = Path(p)
        if path.suffix.lower() == ".json":
            if not path.exists():
                raise InputError(f"package file {p!r} does not exist")
            try:
                specs.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"cannot read package file {p!r}: {exc}") from None
        else:
            specs.append(p)
    table = assess(house, specs or None, **options)
    with pd.option_context("display.width", 200, "display.max_columns", 40):
        print(summary(table).T.to_string())
    refused = table.loc[~table["allowed"], "constraint"]
    for name, why in refused.items():
        print(f"\n{name}: not allowed — {why}")
    if out_csv:
        t = table.copy()
        t["aids"] = t["aids"].map(
            lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else ""
        )
        t.to_csv(out_csv)
        print(f"\nwritten {out_csv} ({len(t)} scenarios, {len(t.columns)} columns)")
    return 0
