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
>>> from rehab.assessment import assess
>>> house = rehab.archetypes.get("coron-mid-terrace")
>>> t = assess(house, ["attic-only", "bbc-renovation"])
>>> list(t.index)
['baseline', 'attic-only', 'bbc-renovation']
>>> t.loc[:, ["dpe_class", "cep_kwhep_m2"]].round(0)
               dpe_class  cep_kwhep_m2
scenario
baseline               F         372.0
attic-only             E         320.0
bbc-renovation         A          50.0
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np

from . import finance
from .economics import economics_rows
from .errors import ConstraintError, InputError
from .evaluation import COLUMNS as _PROGRAMME_COLUMNS
from .evaluation import UNITS as _PROGRAMME_UNITS
from .evaluation import Dwellings, carrier_units, evaluate_units
from .house import House
from .options import make_options
from .packages import parse_packages
from .pv import PV_CONTRACT_YEARS
from .scenarios import from_houses
from .ventilation import FAN_POWER_W_PER_M3H

log = logging.getLogger(__name__)

__all__ = [
    "FAN_POWER_W_PER_M3H",
    "PV_CONTRACT_YEARS",
    "SUMMARY_COLUMNS",
    "UNITS",
    "assess",
    "economics",
    "summary",
]

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

#: Unit of every numeric column (also in the column names): the programme's.
UNITS = {k: v for k, v in _PROGRAMME_UNITS.items() if k not in ("floor_area_m2", "cost_conserved_energy_eur_kwh")}

OwnerType = Literal["owner_occupier", "private_landlord", "social_landlord"]

#: Columns of the assess table after ``delivered_kwh``/``final_energy_kwh_m2``
#: and the per-carrier columns, in order (``aids`` is built here).
_AFTER_CARRIERS = tuple(
    "aids" if c == "aids_applied" else c
    for c in _PROGRAMME_COLUMNS[_PROGRAMME_COLUMNS.index("primary_kwh") :]
    if c not in ("aid_key", "cost_conserved_energy_eur_kwh")
)


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

    The one-scenario form of :func:`rehab.evaluation.economics_rows` (the
    same code computes a whole programme).

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
    if costs_.size == 0:
        spend = np.zeros(h + 1)
    else:
        spend = -finance.project_cashflows(
            costs_, np.asarray(lifetimes, dtype=float), np.zeros(h), horizon=h
        )
    r = economics_rows(
        spend[None],
        before[None],
        after[None],
        grants=grants,
        rate=rate,
        energy_saved_kwh=energy_saved_kwh,
        co2_saved_kg=co2_saved_kg,
        landlord=owner != "owner_occupier",
        contribution_eur=tenant_contribution_eur,
        contribution_years=contribution_years,
    )
    return {k: float(v[0]) for k, v in r.items()}


# --------------------------------------------------------------------------
# assess
# --------------------------------------------------------------------------


def assess(
    house: House,
    packages: Iterable[Any] | None = None,
    *,
    owner: OwnerType = "owner_occupier",
    income: str | None = "modestes",
    observed: Any = None,
    on_constraint: Literal["report", "raise"] = "report",
    **options: Any,
) -> Any:
    """Assess retrofit packages on one house: a DataFrame, one row per scenario, baseline first.

    This is the engine of :class:`rehab.programme.Programme`
    (:func:`rehab.scenarios.from_houses`, :func:`rehab.evaluation.evaluate_units`)
    on a single house, exactly.

    Parameters
    ----------
    house : House
    packages : iterable, optional
        Preset names (:func:`rehab.packages.names`), Package objects, dicts,
        or lists of measures (user-defined); default every preset.
    owner : {"owner_occupier", "private_landlord", "social_landlord"}
    income : str, optional
        Anah income category (``tres_modestes``, ``modestes``,
        ``intermediaires``, ``superieurs``); MaPrimeRénov' needs it.
    observed : mapping, optional
        Realistic mode: observed annual consumption per carrier of the
        house as it is (kWh or EUR); the calibration is carried to the
        packages.
    on_constraint : {"report", "raise"}
        A forbidden package: a row with ``allowed`` False, or raise
        :class:`rehab.errors.ConstraintError`.
    **options
        The run options of :mod:`rehab.options`, shared with
        :class:`rehab.programme.Programme` and the command line (defaults in
        :data:`rehab.options.DEFAULTS`):

        * ``date``: study date (DPE factors and classes, tariffs, aids,
          rules, price year);
        * ``mode``: consumption behind energy, CO2 and bills — the realistic
          use of :func:`rehab.usage.consumption` (default since 2026-12) or
          ``"conventional"`` (3CL); DPE classes stay conventional either way;
        * ``horizon`` [yr] and ``discount_rate`` [1/yr] (3.2 %, France
          Stratégie 2021) of the investment analysis;
        * ``weather``: Weather or EPW path (default :func:`rehab.weather.default`);
        * ``method``: ``"hourly"`` (default) or ``"monthly"`` engine;
        * ``rules``: rule sets checked (:func:`rehab.retrofit.rule_sets`;
          add ``"loos-en-gohelle"`` to the national ones);
        * ``scenario``: energy prices (:func:`rehab.finance.scenarios`):
          ``"constant"`` real prices (default since 2026-12), or
          ``"low"``/``"central"``/``"high"`` with the ETS2 carbon price from 2028;
        * ``kva``: subscribed electric power, ``"auto"`` = 9 kVA when the
          heating is electric, else 6 (assumption);
        * ``bill_prices``: ``"tariffs"`` in force (default) or ``"dpe"``
          conventional costs;
        * ``humidity_class``: ISO 13788 Annex A class of the Glaser check;
        * ``tenant_contribution`` and ``main_rooms``: landlords, the tenant
          pays the legal contribution (half the estimated saving, 15
          years; flat amounts for private pre-1948 dwellings, which need
          ``main_rooms``);
        * ``summer_bypass``: overheating hours with the heat recovery of
          balanced ventilation bypassed;
        * ``cost_factor``: multiplier on every works cost (sensitivity).

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

    from . import labels, usage

    if not isinstance(house, House):
        raise InputError(f"assess: house must be a rehab.House, got {type(house).__name__}")
    if owner not in ("owner_occupier", "private_landlord", "social_landlord"):
        raise InputError(
            f"owner: {owner!r}; allowed owner_occupier, private_landlord, social_landlord"
        )
    if on_constraint not in ("report", "raise"):
        raise InputError(f"on_constraint: {on_constraint!r}; allowed 'report', 'raise'")
    opts = make_options(**options)
    if observed is not None and opts.mode != "realistic":
        raise InputError("observed: calibration on observed consumption needs mode='realistic'")
    d = opts.date
    pkgs = parse_packages(packages, "assess: packages")
    t0 = time.perf_counter()

    # ---- the house and every package: the programme's engine on one dwelling
    units = from_houses([house], pkgs, rules=opts.rules, date=opts.date, year=opts.year, horizon=opts.horizon)
    if on_constraint == "raise":
        for reason in units.refused:
            if reason:
                raise ConstraintError(reason)
    heating, dhw = labels._resolve_systems(house, None, None)
    obs = usage.observed_kwh(observed, d) if observed is not None else None
    dw = Dwellings(name=[house.name], owner=[owner], income=[income], heating=[heating], dhw=[dhw], observed=[obs])
    ev = evaluate_units(units, dw, opts, keep_aids=True)
    if ev.errors:
        raise InputError(next(iter(ev.errors.values())))
    cols = ev.columns

    out_rows = []
    aids_all: dict[str, Any] = {}
    costs_all: dict[str, Any] = {}
    moist_all: dict[str, Any] = {}
    notes_all: dict[str, list[str]] = {}
    for i in range(len(units)):
        scen = units.scenario_names[i]
        allowed = bool(units.allowed[i])
        row: dict[str, Any] = {
            "scenario": scen,
            "title": units.titles[i],
            "allowed": allowed,
            "constraint": units.refused[i],
            "measures": units.measures[i],
        }
        if not allowed:
            out_rows.append(row)
            continue
        for c in (
            "heating_need_kwh",
            "heating_need_kwh_m2",
            "heating_need_3cl_kwh",
            "delivered_kwh",
            "final_energy_kwh_m2",
        ):
            row[c] = cols[c][i]
        for c in ev.carriers:
            row[f"delivered_{c}_kwh"] = cols[f"delivered_{c}_kwh"][i]
        for c in _AFTER_CARRIERS:
            if c != "aids":
                row[c] = cols[c][i]
            if c == "bill_pv_eur":  # then the bill of each carrier
                for cc in ev.carriers:
                    row[f"bill_{cc}_eur"] = cols[f"bill_{cc}_eur"][i]
        k = int(ev.aid_key[i])
        aids = ev.aid_results[k] if k >= 0 else []
        aid_list = [
            {"aid": a.aid, "amount_eur": a.amount_eur, "kind": a.kind, "reason": a.reason}
            for a in aids
            if a.applied
        ]
        pvf = ev.pv.get(i)
        if pvf is not None and pvf["premium"] > 0:
            aid_list.append(
                {
                    "aid": "pv_self_consumption_premium",
                    "amount_eur": pvf["premium"],
                    "kind": "grant",
                    "reason": f"PV self-consumption premium {pvf['premium'] / pvf['kwp']:.0f} EUR/kWp x {pvf['kwp']:g} kWp "
                    "(S21 arrêté as amended 26 March 2025; rehab.pv.export_tariff)",
                }
            )
        row["aids"] = aid_list
        oc = units.outcome[i]
        aids_all[scen] = aids
        moist_all[scen] = ev.moisture[i]
        costs_all[scen] = _cost_lines(oc, owner, units.aid_kinds[i], opts.cost_factor * units.cost_ht[i], aids)
        notes_all[scen] = list(oc.notes) if oc is not None else []
        out_rows.append(row)

    df = pd.DataFrame(out_rows).set_index("scenario")
    df.attrs["units"] = dict(UNITS) | carrier_units(ev.carriers)
    df.attrs["aids"] = aids_all
    df.attrs["costs"] = costs_all
    df.attrs["moisture"] = moist_all
    df.attrs["notes"] = notes_all
    df.attrs["settings"] = dict(
        date=d.isoformat(),
        mode=opts.mode,
        owner=owner,
        income=income,
        horizon=opts.horizon,
        discount_rate=opts.discount_rate,
        weather=getattr(opts.weather, "name", "weather"),
        rules=[getattr(r, "name", r) for r in opts.rules],
        scenario=opts.scenario,
        kva=opts.kva,
        bill_prices=opts.bill_prices,
        humidity_class=opts.humidity_class,
        cost_factor=opts.cost_factor,
        summer_bypass=opts.summer_bypass,
        house=house.name,
    )
    log.info(
        "assess: house %r, %d scenario(s) (%d allowed), %s mode, %.2f s",
        house.name, len(df), int(df["allowed"].sum()), opts.mode, time.perf_counter() - t0,
    )
    return df


def _cost_lines(oc: Any, owner: str, aid_kinds: Any, works_ht: float, aids: Any) -> Any:
    """Cost lines of a scenario: the works of each measure, then the fees
    (:func:`rehab.costs_fees.fees`, ``measure`` = "fees"); None for the baseline."""
    import pandas as pd

    from .costs_fees import fee_lines, fees

    if oc is None:
        return None
    works = oc.costs.to_frame()
    ampleur = any(a.aid == "maprimerenov_ampleur" and a.applied for a in aids)
    f = fees([owner], [aid_kinds], [works_ht], [ampleur])
    rows = fee_lines({k: v[0] for k, v in f.items()})
    return pd.concat([works, pd.DataFrame(rows, columns=works.columns)], ignore_index=True) if rows else works


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
