"""The physics of :func:`rehab.uncertainty.run`: perturbed monthly needs of the distinct houses.

Each house of the run is reduced once to the parts the uncertain inputs act
on — the conductance of its masonry and of its insulated opaque elements,
its infiltration (EN 16798-7 via :mod:`rehab.ventilation`), its set-point
schedule — on the monthly batch of :func:`rehab.simulation.build_batch`
(ISO 13790:2008 §12–13); a sample's need is the monthly method on that
batch with the sample's factors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import DataError, InputError

#: U-value [W/(m²·K)] from which a wall, roof or ceiling counts as
#: uninsulated masonry (``lambda_masonry_factor``); below it the
#: ``lambda_insulation_factor`` applies. An uninsulated 22 cm solid brick
#: wall has U ≈ 2.5 and 4 cm of any insulation brings it below 0.8: the
#: boundary is rehab's rule, not a standard's.
MASONRY_U = 1.0
_ELEMENT_KINDS = ("wall", "roof", "ceiling")


def _thermal_key(row: Any, resolution: Mapping[str, float] | None) -> tuple:
    """The programme's thermal-variant key of a stock row (binned floor area and azimuth) + systems."""

    def num(c: str) -> float | None:
        v = row.get(c)
        try:
            f = float(v)
        except (TypeError, ValueError):
            return None
        return f if np.isfinite(f) else None

    res = resolution or {}
    fa, az = num("floor_area"), num("azimuth")
    if "floor_area" in res and fa is not None:
        fa = float(np.round(fa / res["floor_area"]) * res["floor_area"])
    if "azimuth" in res and az is not None:
        az = float(np.mod(np.round(az / res["azimuth"]) * res["azimuth"], 360.0))
    her = row.get("heritage")
    her = bool(her) if her is not None and not (isinstance(her, float) and np.isnan(her)) else False

    def sysname(c: str) -> str | None:
        v = row.get(c)
        return None if v is None or (isinstance(v, float) and np.isnan(v)) or v == "" else str(v)

    return (
        str(row["archetype"]),
        fa,
        az,
        num("wall_thickness"),
        num("window_scale"),
        num("n50"),
        her,
        sysname("heating"),
        sysname("dhw"),
    )


def _build_house(key: tuple) -> Any:
    from . import archetypes

    arch, fa, az, wt, ws, n50, her, heating, dhw = key
    ov: dict[str, Any] = {}
    for name, v in (
        ("floor_area", fa),
        ("azimuth", az),
        ("wall_thickness", wt),
        ("window_scale", ws),
        ("n50", n50),
    ):
        if v is not None:
            ov[name] = v
    if her:
        ov["heritage"] = True
    if heating:
        ov["heating"] = heating
    if dhw:
        ov["dhw"] = dhw
    return archetypes.get(arch, **ov)


@dataclass
class _Physics:
    """Nominal batch of the unique variants and the split the perturbations need."""

    zones: Any  # ThermalZones
    climate: Any  # MonthlyClimate (nominal)
    ba: np.ndarray  # (v, K) b·A of walls/roofs/ceilings [m²]
    u: np.ndarray  # (v, K) U [W/(m²·K)]
    rs: np.ndarray  # (v, K) surface resistances [m²·K/W]
    masonry: np.ndarray  # (v, K) bool
    h_inf: np.ndarray  # (v,) infiltration coefficient [W/K]
    vn: np.ndarray  # (v,) V·n50 [m³/h]
    e: np.ndarray  # (v,) shielding coefficient e
    f: np.ndarray  # (v,) shielding coefficient f
    imb: np.ndarray  # (v,) supply − extract [m³/h]
    declared: np.ndarray  # (v,) bool: H_inf declared (scaled linearly)
    heat_share: np.ndarray  # (v, C) space-heating share of each carrier's delivered energy
    delivered: np.ndarray  # (v, C) 3CL delivered energy per carrier [kWh/yr]


def _element_split(h: Any) -> list[tuple[float, float, float]]:
    from .envelope import RSE, RSI
    from .house import GroundFloor, Window

    out = []
    for e in h.elements:
        if isinstance(e, (GroundFloor, Window)) or getattr(e, "kind", None) not in _ELEMENT_KINDS:
            continue
        if e.boundary in ("internal", "ground"):
            continue
        b = float(h.b_factor(e))
        if b <= 0:
            continue
        d = e.direction
        rs = (RSE if e.boundary == "exterior" else RSI[d]) + RSI[d]
        out.append((b * float(e.area), float(e.u), float(rs)))
    return out


def _infiltration(h: Any) -> tuple[float, float, float, float, float, bool]:
    from .ventilation import EXTRACT_SYSTEMS, SHIELDING, infiltration_flow, ventilation_conductance

    v = h.ventilation
    _, h_inf = v.conductances(h.floor_area, h.volume)
    if v.h_infiltration is not None:
        return float(h_inf), 0.0, 0.0, 0.0, 0.0, True
    q_sys = v.system_flow(h.floor_area)
    supply = q_sys if v.system == "balanced" else 0.0
    extract = q_sys if v.system in EXTRACT_SYSTEMS else 0.0
    e, f = SHIELDING[(v.shielding, v.exposure)]
    vn = float(v.n50) * float(h.volume)
    check = float(
        ventilation_conductance(
            infiltration_flow(v.n50, h.volume, v.shielding, v.exposure, supply, extract)
        )
    )
    if not np.isclose(
        check, h_inf, rtol=1e-12, atol=0.0
    ):  # pragma: no cover - guards a model change
        raise DataError("uncertainty: the infiltration split no longer matches rehab.ventilation")
    return float(h_inf), vn, e, f, supply - extract, False


def _physics(houses: list[Any], weather: Any, carriers: list[str], date: Any) -> _Physics:
    from . import labels
    from .simulation import build_batch

    zones, climate = build_batch(houses, weather)
    splits = [_element_split(h) for h in houses]
    k = max([len(s) for s in splits] + [1])
    n = len(houses)
    ba = np.zeros((n, k))
    u = np.ones((n, k))
    rs = np.zeros((n, k))
    for i, s in enumerate(splits):
        for j, (a, uu, r) in enumerate(s):
            ba[i, j], u[i, j], rs[i, j] = a, uu, r
    inf = [_infiltration(h) for h in houses]

    def part(j: int, dtype: Any = float) -> np.ndarray:
        return np.array([x[j] for x in inf], dtype=dtype)

    share = np.zeros((n, len(carriers)))
    deliv = np.zeros((n, len(carriers)))
    gv = zones.h_tr_op + zones.h_tr_gr + zones.h_tr_w + zones.h_ve  # House.heat_loss().h_total, from the batch
    for i, h in enumerate(houses):
        # labels.dpe(h, date), with the loss coefficient and mass the batch already holds
        _inp, en = labels.house_energy(h, date, gv=gv[i], c_m=zones.c_m[i])  # a DPE house's declarations too
        delivered = {k: float(v) for k, v in en.delivered.annual().items()}
        for c, carrier in enumerate(carriers):
            tot = sum(v for (cc, _), v in delivered.items() if cc == carrier)
            heat = sum(v for (cc, use), v in delivered.items() if cc == carrier and use == "heating")
            deliv[i, c] = tot
            share[i, c] = heat / tot if tot > 0 else 0.0
    zones, monthly = _fixed_wall_gains(zones, climate.monthly())
    return _Physics(
        zones=zones,
        climate=monthly,
        ba=ba,
        u=u,
        rs=rs,
        masonry=u >= MASONRY_U,
        h_inf=part(0),
        vn=part(1),
        e=part(2),
        f=part(3),
        imb=part(4),
        declared=part(5, bool),
        heat_share=share,
        delivered=deliv,
    )


def _fixed_wall_gains(zones: Any, climate: Any) -> tuple[Any, Any]:
    """The batch with the monthly solar gains of its hourly-film walls as one fixed gain row per house.

    The monthly method averages the hourly formula of those walls over each month
    (:func:`rehab.demand.solar_gains.solar_gains_monthly`); no perturbation of the Monte Carlo
    touches them, so they are computed once per variant here and carried as a linear slot of
    area 1 m² on a row of their own appended to the monthly irradiance table [W]: the
    engine then adds them to the other solar gains as before instead of averaging them
    again for every (sample, variant) row.
    """
    from .demand.solar_gains import solar_gains_monthly

    n = len(zones)
    if not zones.wall_idx.shape[1] or climate.hourly is None:
        return zones, climate
    walls = solar_gains_monthly(zones, climate.hourly.irradiance, climate.hourly.month, climate.hours,
                                linear=False)  # (n, 12) [W]
    rows = climate.irradiance.shape[0]
    zones = dataclasses.replace(
        zones,
        sol_idx=np.concatenate([zones.sol_idx, rows + np.arange(n, dtype=np.int64)[:, None]], axis=1),
        sol_area=np.concatenate([zones.sol_area, np.ones((n, 1))], axis=1),
        wall_idx=np.full((n, 0), -1, dtype=np.int64),
        wall_film=np.full((n, 0), -1, dtype=np.int64),
        wall_r=np.zeros((n, 0)),
        wall_area=np.zeros((n, 0)),
    )
    return zones, dataclasses.replace(climate, irradiance=np.concatenate([climate.irradiance, walls], axis=0))


def _climate_bins(climate: Any, bins: np.ndarray) -> Any:
    """The monthly climate with one set-point schedule row per (original row, offset bin)."""
    from .demand.zones import MonthlyClimate

    nb = len(bins)

    def rep(a: np.ndarray) -> np.ndarray:
        return np.repeat(a, nb, axis=0)

    off = np.tile(bins, climate.theta_h_set.shape[0])[:, None]
    return (
        dataclasses.replace(
            climate,
            theta_h_set=rep(climate.theta_h_set) + off,
            f_h_on=rep(climate.f_h_on),
            theta_c_set=rep(climate.theta_c_set),
            f_c_on=rep(climate.f_c_on),
        )
        if isinstance(climate, MonthlyClimate)
        else climate
    )


def _need(
    ph: _Physics,
    var: np.ndarray,
    factors: dict[str, np.ndarray],
    bin_idx: np.ndarray,
    n_bins: int,
    climate: Any,
) -> np.ndarray:
    """Heating need [J] of perturbed copies of the variants ``var`` (one engine call)."""
    from .demand.monthly import simulate_monthly
    from .ventilation import RHO_C_AIR

    z = ph.zones.take(var)
    f_mas, f_ins, k50 = factors["mas"], factors["ins"], factors["n50"]
    fk = np.where(ph.masonry[var], f_mas[:, None], f_ins[:, None])
    u0 = ph.u[var]
    r_mat = np.maximum(1.0 / u0 - ph.rs[var], 0.0)
    with np.errstate(divide="ignore"):
        u1 = np.where(fk == 1.0, u0, 1.0 / (ph.rs[var] + r_mat / fk))
    d_op = (ph.ba[var] * (u1 - u0)).sum(axis=1)
    vn = ph.vn[var] * k50
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(vn > 0, ph.imb[var] / np.where(vn > 0, vn, 1.0), 0.0)
    q_inf = (
        vn * ph.e[var] / (1.0 + (ph.f[var] / np.where(ph.e[var] > 0, ph.e[var], 1.0)) * ratio**2)
    )
    h_inf1 = np.where(ph.declared[var], ph.h_inf[var] * k50, RHO_C_AIR * q_inf / 3600.0)
    h_inf1 = np.where(k50 == 1.0, ph.h_inf[var], h_inf1)
    z = dataclasses.replace(
        z,
        h_tr_op=np.where(d_op == 0.0, z.h_tr_op, z.h_tr_op + d_op),
        h_ve=np.where(k50 == 1.0, z.h_ve, np.maximum(z.h_ve - ph.h_inf[var] + h_inf1, 0.0)),
        sched_idx=z.sched_idx * n_bins + bin_idx,
    )
    return simulate_monthly(z, climate).heating_need


def _house_after(package: Any, house: Any, sets: list[Any], date: Any) -> Any:
    """``package.run(house, rules=..., date=date).house`` without pricing the works.

    :meth:`rehab.retrofit.Package.run` prices every measure on the house it sees (a heat
    pump is sized on the house after the whole package): about 90 % of its time, which
    the variants do not need. The measures are applied in the same order and the same
    rule sets are checked, so the house is the same (``tests/test_uncertainty.py``).
    """
    h = house
    for m in package.measures:
        for rs in sets:
            rs.check(m, date)
        h = m.apply(h)
    return h


def _variants(houses: Any, sel: Any, uniq_h: list, pkgs: dict[str, Any], resolution: dict[str, float],
              rules: Any, date: Any) -> tuple[dict[tuple[str, str], int], list[Any]]:
    """The distinct houses to perturb (each dwelling as it is, and after its selected scenario)
    and the variant of every (house_id, scenario)."""
    from .factors import parse_date
    from .retrofit.package import rule_set

    d, sets = parse_date(date), [rule_set(r) for r in rules]
    var_key: dict[tuple, int] = {}
    var_houses: list[Any] = []
    base_cache: dict[tuple, Any] = {}

    def variant(key: tuple, make: Any) -> int:
        j = var_key.get(key)
        if j is None:
            j = var_key[key] = len(var_houses)
            var_houses.append(make())
        return j

    unit_of: dict[tuple[str, str], int] = {}
    for h in uniq_h:
        k = _thermal_key(houses.loc[h], resolution)
        if k not in base_cache:
            base_cache[k] = _build_house(k)
        unit_of[(h, "baseline")] = variant((k, "baseline"), lambda k=k: base_cache[k])
    for h, s in zip(sel["house_id"], sel["scenario"], strict=True):
        k = _thermal_key(houses.loc[h], resolution)
        if s not in pkgs:
            raise InputError(
                f"packages: scenario {s!r} is not a preset; give its Package with packages=[...]"
            )

        def make(k: tuple = k, s: str = s) -> Any:
            return _house_after(pkgs[s], base_cache[k], sets, d)

        unit_of[(h, s)] = variant((k, s), make)
    return unit_of, var_houses
