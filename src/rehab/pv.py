"""Rooftop photovoltaics: hourly production from the weather, self-consumption, export value.

Production follows NREL's PVWatts v5 chain as implemented in pvlib
(Dobos 2014, NREL/TP-6A20-62641):

* plane-of-array irradiance of the roof from :func:`rehab.solar.surface_irradiance`
  (Perez sky), the beam reduced by the glass reflection modifier of
  :func:`pvlib.iam.physical` (PVWatts' cover: n = 1.526, K = 4 m⁻¹,
  L = 2 mm);
* cell temperature by the Sandia (SAPM) model, :func:`pvlib.temperature.sapm_cell`,
  with the coefficients of a close-mounted (roof) glass/glass module
  (King et al. 2004, SAND2004-3535: a = −2.98, b = −0.0471, ΔT = 1 K);
* DC power :func:`pvlib.pvsystem.pvwatts_dc`, P = P_dc0·G/1000·(1 + γ(T_c − 25))
  with γ = −0.0037 1/K (PVWatts v5 "premium" module; the "standard"
  module is −0.0047);
* system losses :func:`pvlib.pvsystem.pvwatts_losses` with PVWatts' default
  categories (14.08 % in total);
* inverter :func:`pvlib.inverter.pvwatts` (nominal efficiency 0.96), DC/AC
  ratio 1.1.

Self-consumption is the hourly overlap of production and the household's
electricity load (:func:`self_consumption`). The surplus is sold under the
French purchase obligation at the tariff of :data:`EXPORT_TARIFFS` in force
at the study date.

Examples
--------
>>> from rehab import pv
>>> y = pv.production(3.0, azimuth=180, tilt=35)
>>> round(y.specific_yield_kwh_per_kwp)
1053
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import InputError
from .units import to_si

if TYPE_CHECKING:
    from .house import House
    from .retrofit import PackageOutcome
    from .weather import Weather

__all__ = [
    "EXPORT_TARIFFS",
    "GAMMA_PDC",
    "SPECIFIC_ELECTRICITY_KWH",
    "PVProduction",
    "export_tariff",
    "production",
    "self_consumption",
]

#: Temperature coefficient of power γ [1/K]: PVWatts v5 "premium" module
#: (Dobos 2014, Table 2; "standard" −0.0047).
GAMMA_PDC = -0.0037

#: SAPM cell-temperature coefficients of a close-mounted glass/glass module
#: (King, Boyson, Kratochvil 2004, SAND2004-3535; pvlib
#: ``TEMPERATURE_MODEL_PARAMETERS["sapm"]["close_mount_glass_glass"]``).
SAPM_ROOF = {"a": -2.98, "b": -0.0471, "deltaT": 1.0}

#: Purchase-obligation tariff of the surplus and self-consumption premium of
#: rooftop installations up to 9 kWp, by date of the grid-connection request:
#: arrêté of 6 October 2021 ("S21") as amended by the arrêté of 26 March 2025
#: (JORF 27 March 2025), tariffs published by the CRE for the quarters from
#: 28 March 2025: surplus 0.04 EUR/kWh (before: 0.1269), premium 80 EUR/kWp
#: paid once. Source: CRE news of the new S21 tariffs (2025) and installer
#: pages quoting them (M); later quarters not found (2026-11-28), so the
#: 2025 value is kept. Rows: (valid_from, EUR/kWh exported, EUR/kWp premium,
#: source).
EXPORT_TARIFFS = (
    (
        _dt.date(2024, 11, 1),
        0.1269,
        160.0,
        "S21 tariffs before the arrêté of 26 March 2025 (0-3 and 3-9 kWp surplus 0.1269 EUR/kWh), as quoted by installer pages (L)",
    ),
    (
        _dt.date(2025, 3, 28),
        0.04,
        80.0,
        "arrêté of 26 March 2025 amending the S21 arrêté; CRE tariffs from 28 March 2025 for 0-9 kWp: surplus 0.04 EUR/kWh, premium 0.08 EUR/Wp (M)",
    ),
)

#: Household "specific" electricity (appliances, cooking, electronics,
#: lighting) [kWh/yr]: 2,228 kWh/yr, mean of the 100 dwellings of the Panel
#: Elecdom (Enertech, RTE, ADEME, March 2021; measurements April 2019 -
#: April 2020; mean floor area 92 m²), as summarised by precarite-energie.org
#: (M). Used as a flat hourly load for the self-consumption overlap.
SPECIFIC_ELECTRICITY_KWH = 2228.0


@dataclass(frozen=True)
class PVProduction:
    """Hourly AC production of a PV array and its annual figures.

    Attributes
    ----------
    kwp : float
        Peak DC power [kWp].
    azimuth, tilt : float
        Array orientation [deg].
    ac_w : numpy.ndarray
        Hourly mean AC power [W] (8760 or 8784 values).
    annual_kwh : float
        Annual AC energy [kWh/yr].
    specific_yield_kwh_per_kwp : float
        annual_kwh / kwp [kWh/(kWp·yr)].
    poa_kwh_m2 : float
        Annual plane-of-array irradiation [kWh/(m²·yr)].
    performance_ratio : float
        specific yield / (POA irradiation / 1 kW/m²) [-].
    """

    kwp: float
    azimuth: float
    tilt: float
    ac_w: np.ndarray
    annual_kwh: float
    specific_yield_kwh_per_kwp: float
    poa_kwh_m2: float
    performance_ratio: float


def production(
    kwp: Any,
    weather: Weather | None = None,
    *,
    azimuth: Any = 180.0,
    tilt: Any = 35.0,
    gamma_pdc: float = GAMMA_PDC,
    losses_pct: float | None = None,
    dc_ac_ratio: float = 1.1,
    inverter_efficiency: float = 0.96,
) -> PVProduction:
    """Hourly AC production of a rooftop array (PVWatts v5 through pvlib).

    Parameters
    ----------
    kwp : float or str
        Peak DC power [kWp] (``"3 kW"`` accepted).
    weather : Weather, optional
        Default :func:`rehab.weather.default`.
    azimuth, tilt : float
        Roof plane [deg] (180 = south; tilt from horizontal).
    gamma_pdc : float
        Power temperature coefficient [1/K].
    losses_pct : float, optional
        Total system losses [%]; default PVWatts' 14.08 %
        (:func:`pvlib.pvsystem.pvwatts_losses` defaults).
    dc_ac_ratio : float
        P_dc0 / P_ac0 [-].
    inverter_efficiency : float
        Nominal inverter efficiency [-].

    Returns
    -------
    PVProduction

    Examples
    --------
    >>> p = production(1.0, azimuth=180, tilt=35)
    >>> round(p.poa_kwh_m2), round(p.performance_ratio, 2)
    (1375, 0.77)
    """
    import pvlib

    from . import solar
    from .weather import default

    p_kw = to_si(kwp, "kW", "kwp", gt=0, le=1000)
    az = to_si(azimuth, "deg", "azimuth", ge=0, le=360)
    ti = to_si(tilt, "deg", "tilt", ge=0, le=90)
    if not -0.01 <= gamma_pdc <= 0:
        raise InputError(
            f"gamma_pdc: {gamma_pdc!r} 1/K; a temperature coefficient of power is in [-0.01, 0]"
        )
    w = weather if weather is not None else default()
    irr = solar.surface_irradiance(w, az, ti)
    aoi = irr.aoi[0]
    iam = np.nan_to_num(np.asarray(pvlib.iam.physical(np.clip(aoi, 0, 90)), dtype=float))
    effective = irr.beam[0] * iam + irr.sky_diffuse[0] + irr.ground_diffuse[0]
    poa = irr.total[0]
    wind = (
        np.asarray(w.data["wind_speed"], dtype=float)
        if "wind_speed" in w.data.columns
        else np.full(w.n_hours, 2.0)
    )
    t_cell = pvlib.temperature.sapm_cell(poa, w.temp_air, wind, **SAPM_ROOF)
    pdc0 = p_kw * 1000.0
    pdc = np.asarray(pvlib.pvsystem.pvwatts_dc(effective, t_cell, pdc0, gamma_pdc), dtype=float)
    loss = pvlib.pvsystem.pvwatts_losses() if losses_pct is None else float(losses_pct)
    if not 0 <= loss < 100:
        raise InputError(f"losses_pct: {losses_pct!r} %; allowed 0-100")
    pdc = pdc * (1.0 - loss / 100.0)
    pac0 = pdc0 / dc_ac_ratio
    ac = np.asarray(
        pvlib.inverter.pvwatts(pdc, pac0 / inverter_efficiency, eta_inv_nom=inverter_efficiency),
        dtype=float,
    )
    ac = np.clip(np.nan_to_num(ac), 0.0, None)
    annual = float(ac.sum()) / 1000.0
    poa_kwh = float(poa.sum()) / 1000.0
    specific = annual / p_kw
    return PVProduction(
        kwp=p_kw,
        azimuth=az,
        tilt=ti,
        ac_w=ac,
        annual_kwh=annual,
        specific_yield_kwh_per_kwp=specific,
        poa_kwh_m2=poa_kwh,
        performance_ratio=specific / poa_kwh if poa_kwh > 0 else float("nan"),
    )


def self_consumption(pv_w: Any, load_w: Any) -> tuple[float, float]:
    """Self-consumed share of PV production and self-sufficiency, hour by hour [-].

    ``self-consumed = Σ_h min(P_pv,h, P_load,h)``; the share of production
    used on site is that sum over Σ P_pv (the rest is exported) and the
    self-sufficiency is that sum over Σ P_load. Without a battery.

    Parameters
    ----------
    pv_w, load_w : array_like
        Hourly mean production and load [W], same length (or a scalar load).

    Returns
    -------
    (share_of_production, share_of_load)

    Examples
    --------
    >>> self_consumption([0.0, 1000.0, 3000.0, 0.0], [500.0, 500.0, 500.0, 500.0])
    (0.25, 0.5)
    """
    pv = np.asarray(pv_w, dtype=float)
    load = np.asarray(load_w, dtype=float) * np.ones_like(pv)
    if np.any(pv < 0) or np.any(load < 0):
        raise InputError("self_consumption: production and load must be >= 0 W")
    used = np.minimum(pv, load).sum()
    tot_pv, tot_load = pv.sum(), load.sum()
    return (
        float(used / tot_pv) if tot_pv > 0 else 0.0,
        float(used / tot_load) if tot_load > 0 else 0.0,
    )


def export_tariff(date: Any = None) -> tuple[float, float, str]:
    """Surplus purchase tariff [EUR/kWh], self-consumption premium [EUR/kWp] and source at a date.

    For rooftop installations up to 9 kWp (purchase obligation, S21 arrêté).

    Examples
    --------
    >>> export_tariff("2026-06-01")[:2]
    (0.04, 80.0)
    >>> export_tariff("2025-01-15")[:2]
    (0.1269, 160.0)
    """
    from .factors import parse_date

    d = parse_date(date)
    rows = [r for r in EXPORT_TARIFFS if r[0] <= d]
    if not rows:
        raise InputError(
            f"date: {d.isoformat()} is before the first PV tariff in rehab's data ({EXPORT_TARIFFS[0][0].isoformat()})"
        )
    r = rows[-1]
    return r[1], r[2], r[3]


#: Years of the purchase-obligation contract of small PV (S21 arrêté): the
#: surplus is paid for 20 years, and counted as worth nothing afterwards.
PV_CONTRACT_YEARS = 20


def pv_figures(
    outcome: PackageOutcome | None,
    house: House,
    weather: Any,
    load_w: np.ndarray | None,
    date: Any,
    cache: dict[Any, Any] | None = None,
) -> dict[str, float]:
    """PV production, self-consumed share, export tariff and premium of a package's arrays."""
    zero = dict(pv_kwh=0.0, pv_self_kwh=0.0, pv_export_kwh=0.0, tariff=0.0, premium=0.0, kwp=0.0)
    if outcome is None or not outcome.pv:
        return zero
    tariff, premium_per_kwp, _src = export_tariff(date)
    tot = dict(zero)
    tot["tariff"] = tariff
    for m in outcome.pv:
        az, tilt = m.orientation(house)
        key = (m.kwp, az, tilt)
        prod = cache.get(key) if cache is not None else None
        if prod is None:
            prod = production(m.kwp, weather, azimuth=az, tilt=tilt)
            if cache is not None:
                cache[key] = prod
        if m.self_consumption is not None:
            share = m.self_consumption
        else:
            share, _ = self_consumption(prod.ac_w, load_w if load_w is not None else 0.0)
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
