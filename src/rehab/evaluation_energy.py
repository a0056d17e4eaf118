"""The energy columns of a programme: one engine call, the 3CL chain and the realistic use.

What :func:`rehab.evaluation.evaluate_units` computes before money:

* **engine** — one call of the demand engine on the whole house table
  (:func:`engine`, :func:`rehab.simulation.build_batch` takes a table),
  plus the summer-bypassed copies of balanced-ventilation houses and the
  hourly heating power of the houses that get PV (:func:`simulate_units`);
* **3CL** — needs, delivered energy, Cep, EGES and classes
  (:func:`rehab.labels.dpe_energy`, :func:`rehab.labels.dpe_classes`) on
  arrays of (house, heating, DHW) combinations, one call per pair of
  systems and climate; the 3CL inputs (GV, solar-equivalent areas,
  inertia) come from the table (:func:`dpe_inputs`);
* **realistic use** — set-point and heated share from the 3CL heating
  consumption, one monthly engine call on the batch
  (:func:`rehab.usage.realistic_need_monthly`), calibration on observed
  consumption carried to the packages.

:mod:`rehab.evaluation` re-exports :func:`engine`, :func:`dpe_inputs` and
:func:`fan_kwh`.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import InputError
from .ventilation import fan_electricity_kwh

if TYPE_CHECKING:
    from .scenarios import Units
    from .table import HouseTable

__all__ = ["SystemKeys", "combinations", "dpe_inputs", "energy_rows", "engine", "fan_kwh", "label_columns",
           "simulate_units", "three_cl"]


class SystemKeys:
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


def engine(houses: Any, weather: Any, method: str = "hourly", *, batch: tuple | None = None) -> dict[str, np.ndarray]:
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

    ``houses`` is a sequence of House or a :class:`rehab.table.HouseTable`;
    ``batch`` the ``(zones, climate)`` of :func:`rehab.simulation.build_batch`
    on them when the caller has built it already.

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
    from .table import HouseTable

    if batch is None:
        batch = build_batch(houses if isinstance(houses, HouseTable) else list(houses), weather)
    zones, climate = batch
    n = len(zones.h_ve)
    if method == "hourly":
        r = simulate_hourly(zones, climate, setpoint_on="operative")
        h26 = np.asarray(r.hours_above_26, dtype=float)
        h28 = np.asarray(r.hours_above_28, dtype=float)
    else:
        r = simulate_monthly(zones, climate)
        h26 = h28 = np.full(n, np.nan)
    gv, cm = _loss_and_capacity(zones)
    return {
        "heating_need_kwh": np.asarray(r.heating_need, dtype=float) / 3.6e6,
        "hours_above_26": h26,
        "hours_above_28": h28,
        "gv_w_per_k": gv,
        "c_m_j_per_k": cm,
        "batch": (zones, climate),
    }


def _loss_and_capacity(zones: Any) -> tuple[np.ndarray, np.ndarray]:
    """GV = H_tr,op + H_tr,gr + H_tr,w + H_ve [W/K] and C_m [J/K] of a batch's zones."""
    return zones.h_tr_op + zones.h_tr_gr + zones.h_tr_w + zones.h_ve, np.asarray(zones.c_m, dtype=float)


def dpe_inputs(table: HouseTable, gv: np.ndarray, c_m: np.ndarray) -> dict[str, Any]:
    """The house-dependent 3CL inputs of every house of a table (:func:`rehab.labels.dpe_inputs` on arrays).

    Parameters
    ----------
    table : HouseTable
    gv : numpy.ndarray
        GV = H_tr + H_ve of each house [W/K] (from the engine batch).
    c_m : numpy.ndarray
        Internal heat capacity [J/K] (for the inertia class).

    Returns
    -------
    dict
        ``gv`` [W/K], ``area`` [m²], ``sse`` (n, 12) [m²], ``inertia``
        (list of 3CL classes), ``height`` [m], ``climate`` (list of
        (zone, altitude class)), ``climate_code`` (the same climates as
        integers, equal codes for equal climates).
    """
    from . import labels, threecl
    from .table import BOUNDARY, segment_sum

    hs = table.houses
    n = len(table)
    area = hs["floor_area"]
    alt_code = threecl.altitude_class_codes(hs["altitude"])
    alt_cls = np.asarray(threecl.ALTITUDE_CLASSES, dtype=object)[alt_code].tolist()
    zone_of = {z: threecl.climate(z).zone for z in dict.fromkeys(hs["zone"].tolist())}
    zones = [zone_of[z] for z in hs["zone"].tolist()]
    zone_names = list(dict.fromkeys(zones))
    code_of = {z: i for i, z in enumerate(zone_names)}
    zone_code = np.array([code_of[z] for z in zones], dtype=np.int64)
    # south-equivalent glazing per month (3CL §18.5): exterior windows by orientation and tilt class
    e = table.elements
    wins = np.flatnonzero((e["etype"] == 1) & (e["boundary"] == BOUNDARY["exterior"]))
    sse = np.zeros((n, 12))
    if len(wins):
        wz = zone_code[e["house"][wins]]
        c1 = np.empty((len(wins), 12))
        for k, z in enumerate(zone_names):
            sel = np.flatnonzero(wz == k)
            c1[sel] = threecl.glazing_coefficients(z, e["azimuth"][wins][sel], e["tilt"][wins][sel])
        sw = e["g_value"][wins] * (1.0 - e["frame_fraction"][wins])
        per = e["area"][wins][:, None] * sw[:, None] * e["shading"][wins][:, None] * c1
        for m in range(12):
            sse[:, m] = segment_sum(per[:, m], e["house"][wins], n)
    # inertia class: the declared thermal mass, else the heat capacity per m² of floor
    with np.errstate(divide="ignore", invalid="ignore"):
        per_m2 = np.asarray(c_m, dtype=float) / area
    inertia_a = np.asarray(threecl.INERTIA_CLASSES, dtype=object)[threecl.inertia_class_codes(per_m2)]
    declared = np.flatnonzero(hs["tm_kind"] == 1)
    inertia_a[declared] = [labels._INERTIA_FROM_MASS[c] for c in hs["tm_class"][declared].tolist()]
    return {
        "gv": np.asarray(gv, dtype=float),
        "area": area,
        "sse": sse,
        "inertia": inertia_a.tolist(),
        "height": hs["volume"] / area,
        "climate": list(zip(zones, alt_cls, strict=True)),
        "climate_code": zone_code * 3 + alt_code,
    }


def fan_kwh(table: HouseTable) -> np.ndarray:
    """Yearly electricity of the ventilation fans of every house [kWh/yr]
    (:func:`rehab.ventilation.fan_electricity_kwh` at the system flow)."""
    from .ventilation import DEFAULT_FLOW_PER_M2

    hs = table.houses
    per_m2 = np.array([DEFAULT_FLOW_PER_M2[s] for s in hs["vent_system"]], dtype=float)
    q = np.where(np.isnan(hs["vent_flow"]), per_m2 * hs["floor_area"], hs["vent_flow"])
    return fan_electricity_kwh(hs["vent_system"], q)


def simulate_units(units: Units, opts: Any, ok: np.ndarray, tt: np.ndarray, *,
                   background: bool = False) -> dict[str, Any]:
    """One engine call on every thermal model of the units (+ the summer-bypassed copies of
    balanced-ventilation houses for the overheating hours), and the hourly heating power of
    the houses that get PV (their self-consumption).

    The batch (:func:`rehab.simulation.build_batch`: heat-loss coefficients,
    capacities, irradiance rows) is built here; the hourly kernel runs here
    too, or with ``background=True`` on a worker thread while the caller goes
    on (the kernel releases the GIL: a programme computes the 3CL chain, aids
    and the next chunk's scenarios meanwhile). The returned dict then holds
    the batch's columns (``gv``, ``cm``, ``batch``) at once and the kernel's
    (``need``, ``h26``, ``h28``, ``phi``, ``engine_s``) after
    :func:`join_simulation`.
    """
    w = opts.weather
    table = units.table
    n_t = len(table) if table is not None else 0
    summer_idx = np.arange(n_t)
    pv_rows_u = np.flatnonzero(ok & np.array([o is not None and bool(o.pv) for o in units.outcome], dtype=bool))
    if not n_t:
        z = np.zeros(0)
        return {"need": z, "h26": z, "h28": z, "gv": z, "cm": z, "pv_rows": pv_rows_u, "phi": {},
                "engine_s": 0.0, "batch": None, "simulated": 0, "pending": None}
    from .table import concat

    sim = table
    if opts.summer_bypass:
        hr = np.flatnonzero(table.houses["heat_recovery"] > 0)
        if len(hr):
            byp = table.take(hr)
            byp.houses["heat_recovery"] = np.zeros(len(hr))
            byp.source = None
            summer_idx[hr] = n_t + np.arange(len(hr))
            sim = concat([table.with_houses(), byp.derive()])
            sim.source = None
    from .simulation import build_batch

    t_batch = time.perf_counter()
    batch = build_batch(sim, w)
    batch_s = time.perf_counter() - t_batch
    gv, cm = _loss_and_capacity(batch[0])
    pv_t = np.unique(tt[pv_rows_u]) if len(pv_rows_u) else np.zeros(0, dtype=np.int64)
    phys: dict[str, Any] = {"pv_rows": pv_rows_u, "simulated": n_t + int((summer_idx >= n_t).sum()),
                            "gv": gv[:n_t], "cm": cm[:n_t], "batch": batch}

    def kernel() -> dict[str, Any]:
        t0 = time.perf_counter()
        e = engine(sim, w, opts.method, batch=batch)
        out = {"need": e["heating_need_kwh"][:n_t], "h26": e["hours_above_26"][summer_idx],
               "h28": e["hours_above_28"][summer_idx], "phi": {}}
        if len(pv_t):
            from .demand.hourly import simulate_hourly

            zones, climate = batch  # rows 0..n_t-1 are the table's
            r = simulate_hourly(zones.take(pv_t), climate, hourly=True, setpoint_on="operative")
            phi = np.asarray(r.phi_hc, dtype=float)
            out["phi"] = {t: phi[j] for j, t in enumerate(pv_t.tolist())}
        out["engine_s"] = batch_s + time.perf_counter() - t0
        return out

    if background and opts.method == "hourly":
        phys["pending"] = _kernel_pool().submit(_with_threads(nb_threads(), kernel))
    else:
        phys.update(kernel(), pending=None)
    return phys


def join_simulation(phys: dict[str, Any]) -> dict[str, Any]:
    """Wait for the kernel that :func:`simulate_units` ran in the background; its columns into ``phys``."""
    pending = phys.get("pending")
    if pending is not None:
        from ._warmup import idle_while

        idle_while(pending)  # a CLI's first run: later steps' imports while the kernel compiles
        phys.update(pending.result(), pending=None)
    return phys


_POOL: list[Any] = []


def _kernel_pool() -> Any:
    """One worker thread that runs the programme's hourly kernels in order (each kernel spreads
    its blocks over numba's threads itself)."""
    if not _POOL:
        from concurrent.futures import ThreadPoolExecutor

        _POOL.append(ThreadPoolExecutor(1, thread_name_prefix="rehab-kernel"))
    return _POOL[0]


def nb_threads() -> int:
    """numba's thread count of the calling thread (a worker thread would otherwise take the default)."""
    import numba

    return int(numba.get_num_threads())


def _with_threads(n: int, fn: Any) -> Any:
    def run() -> Any:
        import numba

        numba.set_num_threads(n)
        return fn()

    return run


def combinations(units: Units, dw: Any, ok: np.ndarray, tt: np.ndarray, drow: np.ndarray) -> tuple:
    """The systems of each row (the package's, else the dwelling's own) and the distinct
    (thermal model, heating, DHW) combinations the 3CL chain computes once each."""
    n = len(units)
    skey = SystemKeys()
    rows_dw = drow.tolist()
    heat_r: list[Any] = [a if a is not None else dw.heating[i] for a, i in zip(units.heating_after, rows_dw, strict=True)]
    dhw_r: list[Any] = [a if a is not None else dw.dhw[i] for a, i in zip(units.dhw_after, rows_dw, strict=True)]
    hc, nh = _system_codes(heat_r, skey)
    dc, nd = _system_codes(dhw_r, skey)
    nh, nd = max(nh, 1), max(nd, 1)
    combo_code = np.where(ok, (tt * nh + hc) * nd + dc, -1)
    uniq, inv = np.unique(combo_code[ok], return_inverse=True)
    combo_r = np.full(n, -1, dtype=np.int64)
    combo_r[ok] = inv
    n_c = len(uniq)
    first_row = np.full(n_c, -1, dtype=np.int64)
    ok_idx = np.flatnonzero(ok)
    first_row[inv[::-1]] = ok_idx[::-1]
    t_c = tt[first_row] if n_c else np.zeros(0, dtype=np.int64)
    return skey, heat_r, dhw_r, hc, dc, combo_r, first_row, t_c


def _system_codes(systems: list[Any], skey: SystemKeys) -> tuple[np.ndarray, int]:
    """Code of each row's system (0, 1, … by first appearance of its key) and the number of
    codes: the key of each distinct object computed once (rows share their system objects)."""
    ids = np.fromiter(map(id, systems), dtype=np.uint64, count=len(systems))
    _u, first, inv = np.unique(ids, return_index=True, return_inverse=True)
    codes: dict[Any, int] = {}
    code_u = np.empty(len(first), dtype=np.int64)
    for j in np.argsort(first, kind="stable").tolist():
        code_u[j] = codes.setdefault(skey(systems[first[j]]), len(codes))
    return code_u[inv.reshape(-1)], len(codes)


def _groups(h_c: np.ndarray, d_c: np.ndarray, clim_t: list, clim_code: Any, t_c: np.ndarray,
            decl_c: list) -> list[tuple]:
    """The combinations computed by one 3CL array call: same heating, DHW, climate (zone,
    altitude class) and declarations; ((heating code, DHW code, climate, declaration key),
    combinations) in the order of their first combination, each ascending. ``clim_code``:
    integer codes of ``clim_t`` (None: computed)."""
    n_c = len(t_c)
    if not n_c:
        return []
    if clim_code is None:
        climates: dict[Any, int] = {}
        clim_code = np.array([climates.setdefault(x, len(climates)) for x in clim_t], dtype=np.int64)
    decls: dict[Any, int] = {None: 0}
    decl_code = (np.zeros(n_c, dtype=np.int64) if decl_c.count(None) == n_c else
                 np.fromiter((decls.setdefault(dk.key if dk else None, len(decls)) for dk in decl_c), dtype=np.int64,
                             count=n_c))
    clim_c = np.asarray(clim_code, dtype=np.int64)[t_c]
    radix = [int(a.max()) + 1 for a in (d_c, clim_c, decl_code)]
    code = ((h_c * radix[0] + d_c) * radix[1] + clim_c) * radix[2] + decl_code
    _u, first, inv = np.unique(code, return_index=True, return_inverse=True)
    inv = inv.reshape(-1)
    members = np.argsort(inv, kind="stable")
    bounds = np.searchsorted(inv[members], np.arange(len(first) + 1))
    decl_of = list(decls)
    out = []
    for g in np.argsort(first, kind="stable").tolist():
        c0 = int(first[g])
        out.append(((int(h_c[c0]), int(d_c[c0]), clim_t[t_c[c0]], decl_of[decl_code[c0]]),
                    members[bounds[g]:bounds[g + 1]]))
    return out


@lru_cache(maxsize=1)
def _wall_sums_cache() -> Any:
    """Monthly wall sums of the realistic need kept between the chunks of programmes: the engine's
    irradiance tables are views of the row bank of :func:`rehab.simulation.build_batch`, whose
    rows never change once written (:class:`rehab.demand.solar_gains.WallSumCache`)."""
    from .demand.solar_gains import WallSumCache

    return WallSumCache()


def three_cl(units: Units, opts: Any, inp: dict[str, Any], fans_t: np.ndarray, heat_r: list, dhw_r: list,
              hc: np.ndarray, dc: np.ndarray, first_row: np.ndarray, t_c: np.ndarray,
              batch: Any = None) -> dict[str, Any]:
    """The 3CL chain of every combination, one array call per (heating, DHW, climate): needs,
    delivered energy (or realistic use), Cep, EGES, classes, BBC flags, rental status."""
    from . import labels, systems, threecl_declared, usage
    from .threecl import climate as _climate

    d = opts.date
    if opts.mode != "conventional":
        zones, climate = batch
        mclimate = climate.monthly()
        occupants = ([getattr(h, "occupants", None) for h in units.houses] if units.houses is not None
                     else [None] * units.n_dwellings)
    n_c = len(first_row)
    gv_t, area_t, sse_t, height_t = inp["gv"], inp["area"], inp["sse"], inp["height"]
    inertia_t, clim_t = inp["inertia"], inp["climate"]
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
    heat_c = np.zeros(n_c)  # realistic mode: 3CL heating consumption [kWh/(m²·yr)]
    pending: list[tuple] = []
    # a house read from a DPE carries its declarations (House.threecl: generators and shares,
    # ILPA, auxiliaries): its combinations are computed apart (rehab.threecl_declared)
    decl_c = threecl_declared.per_combination(units, first_row, t_c)
    for key, idx in _groups(hc[first_row], dc[first_row], clim_t, inp.get("climate_code"), t_c, decl_c):
        zone, alt = key[2]
        ts = t_c[idx]
        r0 = first_row[idx[0]]
        heat, dhw, ilpa, declared, fans = threecl_declared.for_group(
            [decl_c[c] for c in idx], heat_r[r0], dhw_r[r0], units.table.houses["vent_system"][ts],
            gv_t[ts], area_t[ts], zone, alt, fans_t[ts])
        clim = _climate(zone, alt, ilpa)
        en = labels.dpe_energy(
            gv_t[ts], area_t[ts], sse_t[ts], [inertia_t[t] for t in ts], height_t[ts], clim,
            heat, dhw, d, extra_auxiliary_kwh=fans, declared=declared,
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
            for key, v in en.delivered.annual().items():
                annual_c.setdefault(key, np.zeros(n_c))[idx] = v
        else:
            heat_c[idx] = sum(v for (_c, u), v in en.delivered.annual().items() if u == "heating") / area_t[ts]
            pending.append((idx, ts, heat, dhw, clim))
    if pending:
        # realistic use (rehab.usage.consumption on arrays): set-point and heated share from the
        # 3CL heating consumption, one monthly engine call on the batch, then the 3CL systems
        sps, shares = usage.realistic_settings(heat_c)
        need_c = np.asarray(shares)[:, None] * usage.realistic_need_monthly(zones.take(t_c), mclimate, sps,
                                                                            wall_cache=_wall_sums_cache())
        for idx, ts, heat, dhw, clim in pending:
            occ = [occupants[int(r) // units.n_scenarios] for r in first_row[idx]]
            out = systems.delivered_energy(
                need_c[idx], usage.dhw_need_realistic(occ, area_t[ts], clim), heat, dhw,
                gv=gv_t[ts], area=area_t[ts], ceiling_height=height_t[ts], climate=clim,
            )
            for key, v in out.annual().items():
                annual_c.setdefault(key, np.zeros(n_c))[idx] = v
            primreal_c[idx] = np.asarray(out.primary(d), dtype=float)
            co2real_c[idx] = np.asarray(out.emissions(d), dtype=float)
    rental = labels.rental_status_arrays(lab_c, fin_c, d)
    rental_allowed_c, deadline_c = rental.allowed, rental.deadline

    return {"need3": need3_c, "cep": cep_c, "eges": eges_c, "final": fin_c, "label": lab_c,
            "energy_label": elab_c, "ges_label": glab_c, "bbc": bbc_c, "first_step": first_c, "bbc09": bbc09_c,
            "annual": annual_c, "primary_real": primreal_c, "co2_real": co2real_c,
            "rental_allowed": rental_allowed_c, "deadline": deadline_c}


def energy_rows(units: Units, dw: Any, opts: Any, c3: dict[str, Any], ok: np.ndarray, ct: np.ndarray,
                 tt: np.ndarray, fans_t: np.ndarray, area_r: np.ndarray) -> tuple:
    """Delivered energy per (carrier, use), calibration errors, primary energy and CO2 of every row:
    the 3CL conventions, or the realistic use calibrated on observed consumption."""
    from .factors import primary_energy_factor

    nan = np.full(len(units), np.nan)
    delivered: dict[tuple[str, str], np.ndarray] = {}
    errors: dict[int, str] = {}
    if opts.mode == "conventional":
        for key, v in c3["annual"].items():
            delivered[key] = np.where(ok, v[ct], nan)
        return delivered, errors, np.where(ok, c3["cep"][ct] * area_r, nan), np.where(ok, c3["eges"][ct] * area_r, nan)
    pef_el = primary_energy_factor("electricity", opts.date)
    primary_r, co2_r = _realistic(units, dw, c3["annual"], c3["primary_real"], c3["co2_real"], ok, ct, tt, fans_t,
                                  delivered, errors, opts.date, pef_el)
    return delivered, errors, primary_r, co2_r


def label_columns(c3: dict[str, Any], ok: np.ndarray, ct: np.ndarray) -> dict[str, np.ndarray]:
    """DPE classes, BBC flags and rental status of every row from its 3CL combination (None when refused)."""

    def take(a: np.ndarray, as_bool: bool = False) -> np.ndarray:
        out = np.empty(len(ok), dtype=object)
        v = a[ct[ok]]
        out[ok] = v.astype(bool) if as_bool else v
        return out

    return {
        "dpe_class": take(c3["label"]),
        "energy_class": take(c3["energy_label"]),
        "ghg_class": take(c3["ges_label"]),
        "bbc_renovation_2024": take(c3["bbc"], True),
        "bbc_first_step_c": take(c3["first_step"], True),
        "bbc_effinergie_2009": take(c3["bbc09"], True),
        "rental_allowed": take(c3["rental_allowed"], True),
        "rental_deadline": take(c3["deadline"]),
    }


def _realistic(units: Any, dw: Any, annual_c: dict, primreal_c: np.ndarray, co2real_c: np.ndarray,
               ok: np.ndarray, ct: np.ndarray, tt: np.ndarray, fans_t: np.ndarray,
               delivered: dict, errors: dict, d: Any, pef_el: float) -> tuple[np.ndarray, np.ndarray]:
    """Realistic use: calibration on observed consumption (baseline rows), carried to the packages."""
    from . import usage
    from .factors import ghg_factor, primary_energy_factor

    n = len(units)
    k = units.n_scenarios
    nan = np.full(n, np.nan)
    drow = np.arange(n) // k
    kfac = np.ones(n)
    is_base = (np.arange(n) % k) == 0
    for r in np.flatnonzero(ok & is_base):
        obs = dw.observed[drow[r]]
        if obs is None:
            continue
        ann = {key: float(v[ct[r]]) for key, v in annual_c.items()}
        try:
            kfac[r] = usage._calibrate(ann, obs, {}, dw.name[drow[r]])[0]
        except InputError as exc:
            errors[int(r)] = str(exc)
            kfac[r] = np.nan
    for r in np.flatnonzero(ok & ~is_base):
        b = units.base[r]
        if dw.observed[drow[r]] is not None:
            kfac[r] = usage.carried_calibration(kfac[b]) if np.isfinite(kfac[b]) else np.nan
            if not np.isfinite(kfac[r]):
                errors[int(r)] = errors.get(int(b), "calibration failed")
    n_c = len(primreal_c)
    hp_c = np.zeros(n_c)
    hco2_c = np.zeros(n_c)
    for (carrier, use), v in annual_c.items():
        if use == "heating":
            hp_c += v * primary_energy_factor(carrier, d)
            hco2_c += v * ghg_factor(carrier, use, d)
    for key, v in annual_c.items():
        f = np.where(key[1] == "heating", kfac, 1.0)
        delivered[key] = np.where(ok, v[ct] * f, nan)
    primary_r = np.where(ok, primreal_c[ct] + (kfac - 1.0) * hp_c[ct], nan)
    co2_r = np.where(ok, co2real_c[ct] + (kfac - 1.0) * hco2_c[ct], nan)
    fans_r = np.where(ok, fans_t[tt], 0.0)
    key = ("electricity", "auxiliaries")
    delivered[key] = delivered.get(key, np.where(ok, 0.0, nan)) + fans_r
    primary_r = primary_r + fans_r * pef_el
    co2_r = co2_r + fans_r * ghg_factor("electricity", "auxiliaries", d)
    return primary_r, co2_r
