"""The columns of a programme: physics, labels, costs, aids, bills and finance of dwellings × scenarios.

:func:`evaluate_units` takes the units of a programme chunk
(:class:`rehab.scenarios.Units`: one house table for every dwelling ×
scenario) and the dwellings' own data (owner, income, systems, observed
consumption) and computes every column of :attr:`rehab.ProgrammeResult.table`
with array operations:

* **engine, 3CL and realistic use** — one call of the demand engine on
  the whole house table, the 3CL chain on arrays of (house, heating, DHW)
  combinations and the realistic use calibrated on observed consumption
  (:mod:`rehab.evaluation_energy`, whose :func:`engine`,
  :func:`dpe_inputs` and :func:`fan_kwh` are re-exported here);
* **aids** — the aid rules on arrays (:func:`rehab.aid_arrays.eligible_aids_arrays`)
  once per distinct aid context;
* **bills and finance** — :mod:`rehab.finance` on every row at once.

The helpers shared with :func:`rehab.assess` (fan electricity, PV figures,
tenant contribution, economics of many scenarios) live here too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np

from . import finance
from .costs_fees import fees
from .economics import economics_rows, tenant_contribution_eur
from .errors import InputError
from .evaluation_energy import combinations as _combinations
from .evaluation_energy import dpe_inputs, engine, fan_kwh
from .evaluation_energy import energy_rows as _energy_rows
from .evaluation_energy import join_simulation as _join
from .evaluation_energy import label_columns as _label_columns
from .evaluation_energy import simulate_units as _simulate
from .evaluation_energy import three_cl as _three_cl
from .pv import PV_CONTRACT_YEARS, electric_load_w, pv_figures

if TYPE_CHECKING:
    from .scenarios import Units
    from .table import HouseTable

__all__ = ["Dwellings", "Evaluation", "carrier_units", "dpe_inputs", "engine", "evaluate_stages", "evaluate_units",
           "fan_kwh"]

#: Columns of :attr:`rehab.programme.ProgrammeResult.table` (``delivered_<carrier>_kwh``
#: come after ``delivered_kwh`` and ``bill_<carrier>_eur`` after ``bill_pv_eur``, one per
#: carrier met in the programme). The first-year bill of the row's scenario split by use
#: (``bill_heating_eur`` … ``bill_subscriptions_eur``, ``bill_pv_eur`` the PV credit) and by
#: carrier each add up to ``bill_after_eur`` (:func:`rehab.finance.bill_split`).
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
    "fees_ttc_eur",
    "subsidies_eur",
    "public_subsidies_eur",
    "loans_value_eur",
    "net_cost_eur",
    "aids_applied",
    "aid_key",
    "bill_before_eur",
    "bill_after_eur",
    "bill_heating_eur",
    "bill_dhw_eur",
    "bill_cooling_eur",
    "bill_lighting_eur",
    "bill_auxiliaries_eur",
    "bill_subscriptions_eur",
    "bill_pv_eur",
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
    "upfront_kgco2e",
    "embodied_kgco2e",
    "biogenic_kgco2",
    "operational_kgco2e",
    "whole_life_kgco2e",
    "carbon_payback_yr",
    "cost_per_t_whole_life_eur",
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
    "fees_ttc_eur": "EUR",
    "subsidies_eur": "EUR",
    "public_subsidies_eur": "EUR",
    "loans_value_eur": "EUR",
    "net_cost_eur": "EUR",
    "bill_before_eur": "EUR/yr",
    "bill_after_eur": "EUR/yr",
    **{f"bill_{p}_eur": "EUR/yr" for p in (*finance.BILL_PARTS, "pv")},
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
    "upfront_kgco2e": "kgCO2e",
    "embodied_kgco2e": "kgCO2e",
    "biogenic_kgco2": "kgCO2",
    "operational_kgco2e": "kgCO2e",
    "whole_life_kgco2e": "kgCO2e",
    "carbon_payback_yr": "yr",
    "cost_per_t_whole_life_eur": "EUR/tCO2e",
    "overheating_h_above_26": "h/yr",
    "overheating_h_above_28": "h/yr",
    "moisture_max_kg_m2": "kg/m²",
}

log = logging.getLogger(__name__)


def carrier_units(carriers: Any) -> dict[str, str]:
    """Units of the per-carrier columns (``delivered_<carrier>_kwh``, ``bill_<carrier>_eur``)."""
    out: dict[str, str] = {}
    for c in sorted(carriers):
        out[f"delivered_{c}_kwh"] = "kWh/yr"
        out[f"bill_{c}_eur"] = "EUR/yr"
    return out


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


@dataclass
class Dwellings:
    """The dwellings' own data, one entry per dwelling (what a scenario does not change).

    Attributes
    ----------
    name : list of str
    owner : list of str
    income : list of str or None
    heating, dhw : list
        Their systems (preset name or model).
    observed : list of dict or None
        Observed yearly kWh per carrier (realistic mode).
    erbm : list of bool, optional
        The dwelling is a social mining house of an ERBM cité operation
        (stock column ``erbm``): the ERBM grants count (``rehab.subsidies_social``).
    """

    name: list[str]
    owner: list[str]
    income: list[Any]
    heating: list[Any]
    dhw: list[Any]
    observed: list[Any]
    erbm: list[Any] | None = None


def _pv_house(table: HouseTable, row: int) -> Any:
    """What :meth:`rehab.retrofit.PVInstallation.orientation` reads of a house: its layout."""
    g = table.houses["layout"][row]
    if g is not None and "front_azimuth" in table.houses:
        g = g.model_copy(update={"azimuth": float(table.houses["front_azimuth"][row])})
    return SimpleNamespace(geometry=g)


def evaluate_units(units: Units, dw: Dwellings, opts: Any, *, keep_aids: bool = False) -> Evaluation:
    """Every column of dwellings × scenarios (row r = unit r: dwelling r // k, scenario r % k).

    :func:`evaluate_stages` run to its end (the hourly kernel in this thread).

    Parameters
    ----------
    units : Units
        :func:`rehab.scenarios.from_rows` or :func:`rehab.scenarios.from_houses`.
    dw : Dwellings
    opts : rehab.programme.Options
    keep_aids : bool
        Keep the full :class:`rehab.subsidies.AidResult` lists of each aid context.

    Returns
    -------
    Evaluation
        ``columns`` maps a column name to an array (NaN or None on refused
        rows); ``errors`` maps a row to the reason it failed (realistic
        calibration) — those rows hold NaN.
    """
    stages = evaluate_stages(units, dw, opts, keep_aids=keep_aids, background=False)
    next(stages)
    try:
        next(stages)
    except StopIteration as done:
        return done.value
    raise AssertionError("evaluate_stages yields once")  # pragma: no cover


def evaluate_stages(units: Units, dw: Dwellings, opts: Any, *, keep_aids: bool = False,
                    background: bool = True) -> Generator[None, None, Evaluation]:
    """:func:`evaluate_units` in two stages, so that the hourly kernel overlaps other work.

    A generator: the first ``next()`` builds the engine's batch, starts the
    hourly kernel on a worker thread (``background=True``; it releases the
    GIL) and computes everything that does not need its results — the 3CL
    chain, the realistic use, the energy rows and the aids — then yields;
    the second ``next()`` waits for the kernel and computes PV, bills,
    finance and moisture, and returns the :class:`Evaluation` (as
    ``StopIteration.value``). :meth:`rehab.Programme.run` starts the next
    chunk between the two, so the kernel of one chunk runs while the main
    thread prepares the next (2 cores: the 23,000 × 8 benchmark).
    """
    d = opts.date
    w = opts.weather
    h_years = opts.horizon
    k = units.n_scenarios
    n = len(units)
    ok = units.allowed.copy()
    drow = np.arange(n) // k  # dwelling of each row
    base_row = units.base
    table = units.table
    n_t = len(table) if table is not None else 0
    tt = np.where(ok, units.thermal, 0)

    # ---- one engine call: every thermal model (+ the summer-bypassed copies)
    lap = _Laps()
    phys = _simulate(units, opts, ok, tt, background=background)
    lap("engine")
    gv_t, cm_t = phys["gv"], phys["cm"]

    # ---- 3CL inputs per thermal model
    if n_t:
        inp = dpe_inputs(table, gv_t, cm_t)
        fans_t = fan_kwh(table)
    else:
        inp = {"gv": np.zeros(0), "area": np.zeros(0), "sse": np.zeros((0, 12)), "inertia": [], "height": np.zeros(0), "climate": []}
        fans_t = np.zeros(0)
    area_t = inp["area"]

    # ---- systems of each row and the (thermal model, heating, DHW) combinations
    skey, heat_r, dhw_r, hc, dc, combo_r, first_row, t_c = _combinations(units, dw, ok, tt, drow)
    n_c = len(first_row)

    # ---- 3CL chain on arrays, one call per (heating, DHW, climate)
    c3 = _three_cl(units, opts, inp, fans_t, heat_r, dhw_r, hc, dc, first_row, t_c, phys["batch"])
    lap("3cl")
    need3_c, cep_c, eges_c = c3["need3"], c3["cep"], c3["eges"]

    # ---- rows: energy, primary energy and CO2
    nan = np.full(n, np.nan)
    ct = np.where(ok, combo_r, 0)
    area_r = np.where(ok, area_t[tt] if n_t else nan, nan)
    delivered, errors, primary_r, co2_r = _energy_rows(units, dw, opts, c3, ok, ct, tt, fans_t, area_r)
    lap("energy_rows")
    carriers = sorted({c for c, _u in delivered})
    by_c: dict[str, np.ndarray] = {}
    for (c, _u), v in delivered.items():
        by_c[c] = by_c[c] + v if c in by_c else v
    final_r = sum(by_c.values()) if by_c else nan.copy()

    # ---- costs (measured on each dwelling by rehab.scenarios)
    cfac = opts.cost_factor
    cost_ht_r = np.where(ok, cfac * units.cost_ht, nan)
    cost_ttc_r = np.where(ok, cfac * units.cost_ttc, nan)
    aid_ht_r = np.where(ok, cfac * units.aid_ht, nan)
    aid_ttc_r = np.where(ok, cfac * units.aid_ttc, nan)

    # ---- aids, once per distinct context
    base_final = np.where(ok, final_r[base_row], nan)
    calc = ok & np.isfinite(primary_r)
    grants_r, loans_r, public_r, applied_r, aid_key_r, aid_results = _aids(
        units, dw, d, ok, calc, ct, combo_r, drow, skey, heat_r, c3, aid_ht_r, aid_ttc_r, base_final, final_r,
        keep_aids, area_r,
    )
    lap("aids")

    yield  # the caller's turn: the kernel runs on
    lap.restart()
    phys = _join(phys)
    lap("engine")
    need_t, h26_t, h28_t = phys["need"], phys["h26"], phys["h28"]
    pv_rows_u, phi_t, engine_s = phys["pv_rows"], phys["phi"], phys["engine_s"]
    need_r = np.where(ok, need_t[tt] if n_t else nan, nan)

    # ---- fees next to the works (rehab.costs_fees): the aids decide the accompaniment
    fee = fees(np.asarray(dw.owner, dtype=object)[drow], units.aid_kinds, cost_ht_r,
               _per_value(applied_r, lambda a: "maprimerenov_ampleur" in str(a).split("; "), bool))
    fees_ttc_r = fee["ttc"]
    cost_ht_r = cost_ht_r + fee["ht"]
    cost_ttc_r = cost_ttc_r + fees_ttc_r

    # ---- PV (per row: the self-consumed share depends on the household's load)
    pv_rows = pv_rows_u[calc[pv_rows_u]] if len(pv_rows_u) else np.zeros(0, dtype=np.int64)
    pv_kwh, pv_self, pv_exp_kwh, pv_tariff, pv_rows_figures = _pv(
        units, ok, pv_rows, delivered, phi_t, tt, table, w, d, grants_r, public_r, applied_r)

    # ---- bills over the horizon, economics on every allowed row at once
    eco, bill_before, bill_after, savings_kwh, bill_parts = _economics(
        units, dw, opts, calc, ok, drow, hc, heat_r, by_c, base_final, final_r, co2_r, grants_r,
        pv_rows, pv_self, pv_exp_kwh, pv_tariff, table, tt, h_years, delivered, fees_ttc_r,
    )
    lap("pv_bills_finance")

    # ---- moisture of internally insulated walls (shared by key)
    moist_u, m_risk, m_max, m_note, n_moist = _moisture(units, ok, base_row, w, opts.humidity_class)
    lap("moisture")

    # ---- assemble
    for r in errors:
        for arr in (primary_r, co2_r):
            arr[r] = np.nan
    cols = _row_columns(units, dw, ok, drow, heat_r, k, area_r, need_r, np.where(ok, need3_c[ct], nan), final_r, by_c)
    cols.update(_carbon_columns(units, opts, ok, co2_r, cost_ttc_r - grants_r))
    cols.update(
        primary_kwh=primary_r,
        cep_kwhep_m2=np.where(ok, cep_c[ct], nan),
        eges_kgco2e_m2=np.where(ok, eges_c[ct], nan),
        co2_kg=co2_r,
        **_label_columns(c3, ok, ct),
        cost_ht_eur=cost_ht_r,
        cost_ttc_eur=cost_ttc_r,
        fees_ttc_eur=fees_ttc_r,
        subsidies_eur=grants_r,
        public_subsidies_eur=public_r,
        loans_value_eur=loans_r,
        net_cost_eur=cost_ttc_r - grants_r,
        aids_applied=np.where(ok, applied_r, None),
        aid_key=aid_key_r,
        bill_before_eur=bill_before,
        bill_after_eur=bill_after,
        **bill_parts,
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
        "units": n,
        "units_allowed": int(ok.sum()),
        "thermal_units": n_t,
        "simulated": phys["simulated"],
        "combinations": n_c,
        "aid_contexts": len(aid_results),
        "moisture_checks": n_moist,
        "engine_seconds": engine_s,
        **lap.done(),
    }
    log.debug("evaluate: %s", stats)
    return Evaluation(cols, carriers, aid_results, aid_key_r, moist_u, errors, stats, pv_rows_figures)


def _row_columns(units: Units, dw: Dwellings, ok: np.ndarray, drow: np.ndarray, heat_r: list, k: int,
                area_r: np.ndarray, need_r: np.ndarray, need3_r: np.ndarray, final_r: np.ndarray,
                by_c: dict[str, np.ndarray]) -> dict[str, Any]:
    """The first columns of the table: scenario, measures, heating before and after, floor
    area, needs and delivered energy (total and per carrier)."""
    n = len(units)
    sidx = np.arange(n) % k
    cols: dict[str, Any] = {
        "scenario": np.asarray(units.scenario_names, dtype=object)[sidx],
        "title": np.asarray(units.titles, dtype=object)[sidx],
        "allowed": ok,
        "constraint": units.refused.copy(),
        "measures": np.asarray(units.measures, dtype=object)[sidx],
        "heating_before": _objects([getattr(x, "name", x) for x in dw.heating])[drow],
        "heating_after": np.where(ok, _per_object(heat_r, lambda x: getattr(x, "name", x)), None),
        "floor_area_m2": area_r,
        "heating_need_kwh": need_r,
        "heating_need_kwh_m2": need_r / area_r,
        "heating_need_3cl_kwh": need3_r,
        "delivered_kwh": final_r,
        "final_energy_kwh_m2": final_r / area_r,
    }
    for c in sorted(by_c):
        cols[f"delivered_{c}_kwh"] = by_c[c]
    return cols


def _objects(values: list[Any]) -> np.ndarray:
    """A 1-D object array of the values as they are (tuples and lists stay elements)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _per_value(values: Any, fn: Any, dtype: Any) -> np.ndarray:
    """``fn`` of each of ``values`` (hashable, repeated), computed once per distinct value."""
    memo: dict[Any, Any] = {}
    out = []
    for v in values:
        got = memo.get(v, memo)
        if got is memo:
            got = memo[v] = fn(v)
        out.append(got)
    return np.asarray(out, dtype=dtype)


def _per_object(objects: list[Any], fn: Any) -> np.ndarray:
    """``fn`` of each of ``objects`` (any Python objects, the same ones repeated), computed once
    per distinct object (by identity): an object array."""
    memo: dict[int, Any] = {}
    out = np.empty(len(objects), dtype=object)
    for i, x in enumerate(objects):
        got = memo.get(id(x), memo)
        if got is memo:
            got = memo[id(x)] = fn(x)
        out[i] = got
    return out


class _Laps:
    """Wall time and this thread's CPU time of the named steps of :func:`evaluate_units`
    (``stats["seconds_<step>"]``, ``stats["cpu_seconds_<step>"]``): with the kernel on a worker
    thread, a step's wall time also holds the time the kernel took the cores from it."""

    def __init__(self) -> None:
        self.restart()
        self.laps: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def restart(self) -> None:
        """Start the next step now (the time in between belongs to no step)."""
        self.t = time.perf_counter()
        self.c = time.thread_time()

    def __call__(self, name: str) -> None:
        now, cnow = time.perf_counter(), time.thread_time()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.t
        self.cpu[name] = self.cpu.get(name, 0.0) + cnow - self.c
        self.t, self.c = now, cnow

    def done(self) -> dict[str, float]:
        self("columns")
        return {**{f"seconds_{k}": v for k, v in self.laps.items()},
                **{f"cpu_seconds_{k}": v for k, v in self.cpu.items()}}


def _aids(units: Units, dw: Dwellings, d: Any, ok: np.ndarray, calc: np.ndarray, ct: np.ndarray,
          combo_r: np.ndarray, drow: np.ndarray, skey: Any, heat_r: list, c3: dict[str, Any],
          aid_ht_r: np.ndarray, aid_ttc_r: np.ndarray, base_final: np.ndarray, final_r: np.ndarray,
          keep_aids: bool, area_r: np.ndarray | None = None) -> tuple:
    """Grants, loans, public grants, applied aid names and aid context of every row: the aid
    rules on arrays (:func:`rehab.aid_arrays.eligible_aids_arrays`) once per distinct context.

    The rows' contexts are built with array operations (the systems and measure sets, Python
    objects, coded once per distinct object); ``aid_key`` numbers the distinct contexts in
    order of first appearance. The per-context :class:`rehab.subsidies.AidResult` lists (the
    reasons) are written on demand (:class:`rehab.aid_arrays.AidResultsLazy`)."""
    from .aid_arrays import AidResultsLazy, eligible_aids_arrays
    from .aid_rows import row_contexts

    n = len(units)
    nan = np.full(n, np.nan)
    grants_r = np.where(ok, 0.0, nan)
    loans_r = np.where(ok, 0.0, nan)
    public_r = np.where(ok, 0.0, nan)
    applied_r = np.full(n, "", dtype=object)
    aid_key_r = np.full(n, -1, dtype=np.int64)
    hname: dict[Any, str | None] = {}

    def hn(sys_: Any) -> str | None:
        k = skey(sys_)
        if k not in hname:
            hname[k] = heating_name(sys_)
        return hname[k]

    rows = np.flatnonzero(calc & units.has_aid_lines)
    ctx, key = row_contexts(units, dw, d, rows, ct, combo_r, drow, hn, heat_r, c3, aid_ht_r, aid_ttc_r,
                            base_final, final_r, area_r)
    res = eligible_aids_arrays(ctx)
    grants_r[rows], loans_r[rows], public_r[rows] = res.grants[key], res.loans[key], res.public[key]
    applied_r[rows] = res.names[key]
    aid_key_r[rows] = key
    return grants_r, loans_r, public_r, applied_r, aid_key_r, AidResultsLazy(ctx, keep_all=keep_aids)


def _pv(units: Units, ok: np.ndarray, pv_rows: np.ndarray, delivered: dict, phi_t: dict, tt: np.ndarray,
        table: Any, w: Any, d: Any, grants_r: np.ndarray, public_r: np.ndarray, applied_r: np.ndarray) -> tuple:
    """PV production, self-consumption (from the household's hourly load), export and the
    self-consumption premium (added to the grants) of the rows that install PV."""
    n = len(units)
    nan = np.full(n, np.nan)
    pv_kwh = np.where(ok, 0.0, nan)
    pv_self = np.where(ok, 0.0, nan)
    pv_exp_kwh = np.where(ok, 0.0, nan)
    pv_tariff = np.zeros(n)
    prod_cache: dict[Any, Any] = {}
    pv_rows_figures: dict[int, dict[str, float]] = {}
    for r in pv_rows:
        dl = {key: float(v[r]) for key, v in delivered.items()}
        load = electric_load_w(dl, phi_t.get(int(tt[r])))
        pvf = pv_figures(units.outcome[r], _pv_house(table, int(tt[r])), w, load, d, prod_cache)
        pv_rows_figures[int(r)] = pvf
        pv_kwh[r], pv_self[r], pv_exp_kwh[r], pv_tariff[r] = pvf["pv_kwh"], pvf["pv_self_kwh"], pvf["pv_export_kwh"], pvf["tariff"]
        if pvf["premium"] > 0:
            grants_r[r] += pvf["premium"]
            public_r[r] += pvf["premium"]
            applied_r[r] = (applied_r[r] + "; " if applied_r[r] else "") + "pv_self_consumption_premium"
    return pv_kwh, pv_self, pv_exp_kwh, pv_tariff, pv_rows_figures


def _moisture(units: Units, ok: np.ndarray, base_row: np.ndarray, w: Any, humidity_class: int) -> tuple:
    """Glaser check (ISO 13788) of the internally insulated walls of every row, once per key
    (the template keys shared by a programme's chunks: :attr:`rehab.scenarios.Units.cache`)."""
    from .retrofit import wall_moisture

    n = len(units)
    shared = units.cache.setdefault(("moisture", id(w), humidity_class), {}) if units.cache is not None else {}
    rows = np.flatnonzero(ok)
    keys = units.moisture_key[rows].tolist()
    code: dict[Any, int] = {}
    inv = np.empty(len(rows), dtype=np.int64)
    first: list[int] = []
    by_id: dict[int, int] = {}  # the same key objects fill many rows: look each one up once
    for j, (r, key) in enumerate(zip(rows.tolist(), keys, strict=True)):
        c = by_id.get(id(key)) if key is not None else None
        if c is None:
            kid = id(key)
            if key is None:
                key = ("unit", int(base_row[r])) if units.thermal_free[r] else ("unit", r)
            c = code.get(key)
            if c is None:
                c = code[key] = len(first)
                first.append(r)
            if kid != id(None):
                by_id[kid] = c
        inv[j] = c
    got_k: list[tuple] = []
    for key, r in zip(code, first, strict=True):  # once per distinct key, in order of first row
        got = shared.get(key) if key[0] != "unit" else None
        if got is None:
            m = wall_moisture(units.moisture_house[r], w, humidity_class=humidity_class)
            flagged = {k: x for k, x in m.items() if x.flagged}
            got = (m, bool(flagged), max((x.max_accumulation_kg_m2 for x in m.values()), default=0.0),
                   "; ".join(f"{k}: {x.reason}" for k, x in (flagged or m).items()))
            if key[0] != "unit":
                shared[key] = got
        got_k.append(got)
    m_risk = np.empty(n, dtype=object)
    m_max = np.full(n, np.nan)
    m_note = np.empty(n, dtype=object)
    moist = np.full(n, None, dtype=object)
    if got_k:
        moist[rows] = _objects([g[0] for g in got_k])[inv]
        m_risk[rows] = np.asarray([g[1] for g in got_k], dtype=object)[inv]
        m_max[rows] = np.asarray([g[2] for g in got_k], dtype=float)[inv]
        m_note[rows] = _objects([g[3] for g in got_k])[inv]
    moist_u: list[dict[str, Any] | None] = moist.tolist()
    mcache = code
    return moist_u, m_risk, m_max, m_note, len(mcache)


def _carbon_columns(units: Units, opts: Any, ok: np.ndarray, co2_r: np.ndarray,
                    net_cost_r: np.ndarray) -> dict[str, np.ndarray]:
    """Whole-life carbon of every row over the horizon (:mod:`rehab.carbon`): the works'
    embodied carbon (replacements and end of life included), the operational emissions
    (the dated GES factors of the study date, every year), their sum, the years the
    operational savings take to repay the upfront carbon, and the net cost per tonne of
    whole-life carbon avoided against the dwelling's baseline."""
    from .embodied import carbon_payback, cost_per_tonne_avoided, operational_over_horizon

    nan = np.full(len(ok), np.nan)
    c = units.carbon
    emb = np.where(ok, c["embodied_kgco2e"], nan)
    operational = np.where(ok, operational_over_horizon(co2_r, opts.horizon), nan)
    whole = emb + operational
    saved = whole[units.base] - whole
    return {
        "upfront_kgco2e": np.where(ok, c["upfront_kgco2e"], nan),
        "embodied_kgco2e": emb,
        "biogenic_kgco2": np.where(ok, c["biogenic_kgco2"], nan),
        "operational_kgco2e": operational,
        "whole_life_kgco2e": whole,
        "carbon_payback_yr": np.where(ok, carbon_payback(c["upfront_kgco2e"], co2_r[units.base] - co2_r), nan),
        "cost_per_t_whole_life_eur": np.where(ok & (np.arange(len(ok)) != units.base),
                                              cost_per_tonne_avoided(net_cost_r, saved), nan),
    }


def _economics(units: Any, dw: Dwellings, opts: Any, calc: np.ndarray, ok: np.ndarray, drow: np.ndarray,
               hc: np.ndarray, heat_r: list, by_c: dict, base_final: np.ndarray, final_r: np.ndarray,
               co2_r: np.ndarray, grants_r: np.ndarray, pv_rows: np.ndarray, pv_self: np.ndarray,
               pv_exp_kwh: np.ndarray, pv_tariff: np.ndarray, table: Any, tt: np.ndarray,
               h_years: int, delivered: dict, fees_ttc: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray, dict]:
    """Bills over the horizon and the investment metrics of every computable row; the
    first-year bill of each row split by use and by carrier (:func:`rehab.finance.bill_split`),
    with ``bill_pv_eur`` the PV credit (<= 0), so that each split adds up to ``bill_after_eur``."""
    n = len(calc)
    d = opts.date
    nan = np.full(n, np.nan)
    idx = np.flatnonzero(calc)
    pos = np.full(n, -1, dtype=np.int64)
    pos[idx] = np.arange(len(idx))
    bill_before = nan.copy()
    bill_after = nan.copy()
    keys = ("npv_eur", "irr", "payback_simple_yr", "payback_discounted_yr", "cce_eur_kwh",
            "co2_abatement_eur_t", "tenant_npv_eur", "savings_eur")
    eco = {key: nan.copy() for key in keys}
    savings_kwh = nan.copy()
    parts = {f"bill_{p}_eur": nan.copy() for p in (*finance.BILL_PARTS, "pv", *sorted(by_c))}
    if not len(idx):
        return eco, bill_before, bill_after, savings_kwh, parts
    if opts.kva == "auto":
        # one carrier per distinct heating code (the code's first row stands for it)
        codes, first = np.unique(hc[idx], return_index=True)
        elec = np.array([_carrier(heat_r[idx[f]]) == "electricity" for f in first], dtype=bool)
        kva = np.where(elec[np.searchsorted(codes, hc[idx])], 9, 6)
    else:
        kva = np.full(len(idx), int(opts.kva))
    bills = finance.bills_over_horizon(
        {c: v[idx] for c, v in by_c.items()}, h_years, date=d, scenario=opts.scenario, kva=kva,
        mode="conventional" if opts.bill_prices == "dpe" else "realistic",
    )
    bpos = pos[units.base[idx]]
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
        b_after[pr] -= np.where(years <= PV_CONTRACT_YEARS, (pv_exp_kwh[pv_rows] * pv_tariff[pv_rows])[:, None], 0.0)
    bill_before[idx] = b_base[:, 0]
    bill_after[idx] = b_after[:, 0]
    use, carrier = finance.bill_split(
        {key: v[idx] for key, v in delivered.items()}, d, scenario=opts.scenario, kva=kva,
        mode="conventional" if opts.bill_prices == "dpe" else "realistic",
    )
    for name, v in (*use.items(), *carrier.items()):
        parts[f"bill_{name}_eur"][idx] = v
    parts["bill_pv_eur"][idx] = b_after[:, 0] - bills[:, 0]
    saved = (base_final - final_r + pv_self)[idx]
    co2_base = co2_r[units.base[idx]]
    co2_saved = np.where(co2_base > co2_r[idx], co2_base - co2_r[idx], np.nan)
    landlord = (np.asarray(dw.owner, dtype=object) != "owner_occupier")[drow[idx]]
    contrib = np.zeros(len(idx))
    if opts.tenant_contribution:
        for j, r in enumerate(idx):
            if landlord[j]:
                built = table.houses["year_built"][tt[r]]
                contrib[j] = tenant_contribution_eur(
                    dw.owner[drow[r]], float(b_base[j, 0] - b_after[j, 0]),
                    SimpleNamespace(year_built=built), opts.main_rooms,
                )
    spend = opts.cost_factor * units.spend[idx]
    spend[:, 0] += fees_ttc[idx]  # fees (rehab.costs_fees): spent once, in year 0
    e = economics_rows(
        spend, b_base, b_after, grants=grants_r[idx], rate=opts.discount_rate,
        energy_saved_kwh=np.where(saved > 0, saved, np.nan), co2_saved_kg=co2_saved,
        landlord=landlord, contribution_eur=contrib,
    )
    for key in eco:
        eco[key][idx] = e[key]
    savings_kwh[idx] = saved
    return eco, bill_before, bill_after, savings_kwh, parts
