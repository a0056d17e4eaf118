"""Air-to-water heat pumps priced by their nominal power, sized on the house's design heat load.

**Sizing.** The nominal heating power is the design heat load of the
house (EN 12831-1:2017 simplified, the one the 3CL-DPE 2021 method uses to
size a generator, arrêté du 31 mars 2021 annexe 1 §15.2):

    Φ_HL = H · (θ_int − θ_e)   [W]

with H the heat-loss coefficient of the house, transmission + ventilation
(:meth:`rehab.House.heat_loss`, ``h_total`` [W/K]), θ_int = 20 °C and
θ_e the base outdoor temperature of its climate zone and altitude
(:data:`rehab.dpe.auxiliaries.TBASE`: −9.5 °C in H1 below 400 m, so
29.5 K for the houses of the coal basin). The heat pump covers the whole
load (no back-up heater), and no unit is smaller than
:data:`MIN_POWER_KW`. In a package, the heat pump is sized on the house
after the whole package (:meth:`rehab.retrofit.Package.run`, the
programme engine): insulating first makes it smaller.

**Price.** ``price = fixed + slope × P`` [EUR TTC 2024, VAT 5.5 %], the
catalogue rows ``heat_pump_air_water`` (fixed part, one per dwelling) and
``heat_pump_air_water_power`` (per kW):

* the shape (fixed part / slope = 3,120 EUR / 1,010 EUR per kW) is the
  least-squares line through the 2023 list prices of the 36 air-to-water
  units of 4–25 kW of Buderus, Elco, Vaillant and Viessmann collected by
  EWI (Moritz, Czock & Ruhnau, "A heated debate", EWI Working Paper 05/2024,
  DATA_equipment_cost.xlsx; German list prices, EUR 2023);
* the level puts a 10 kW unit at 14,000 EUR TTC installed, the middle of
  the French installed prices (8,000–20,000 EUR, aude-location and Engie
  2024–25; Que Choisir's price survey of its readers: mean 13,779 EUR,
  9,166–21,300 EUR); 10 kW is the design load of the unrenovated
  archetypes (coron mid-terrace 8.7 kW, Castors 11.7 kW) — an assumption
  of rehab. Hence fixed 3,300 EUR and 1,070 EUR/kW TTC: 7,045 EUR at
  3.5 kW, 20,420 EUR at 16 kW, inside the French range.

Confidence L (German shape, French level at an assumed size); the ground
source heat pump stays at its flat catalogue price (no source found for a
size curve).

Examples
--------
>>> from rehab.costs_heatpump import design_heat_load_w, heat_pump_power_kw
>>> design_heat_load_w(300.0, "H1a", 50.0)        # 300 W/K x (20 - (-9.5)) K
8850.0
>>> heat_pump_power_kw([300.0, 60.0], ["H1a", "H1a"], [50.0, 50.0]).tolist()   # at least 3.5 kW
[8.85, 3.5]
>>> from rehab import costs
>>> round(costs.cost("heat_pump_air_water", 1, year=2024) + costs.cost("heat_pump_air_water_power", 10, year=2024))
14000
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import InputError

__all__ = [
    "DESIGN_INDOOR_C",
    "MIN_POWER_KW",
    "POWER_ITEM",
    "SIZED_ITEMS",
    "base_temperature_c",
    "design_heat_load_w",
    "heat_pump_power_kw",
    "house_heat_pump_power_kw",
]

#: Indoor design temperature [°C] (3CL-DPE 2021 §15.2 ``Pnc = GV·(20 − Tbase)``; EN 12831-1 living rooms).
DESIGN_INDOOR_C = 20.0

#: Smallest air-to-water heat pump [kW] (the smallest unit of the EWI 2023 list is 3.5 kW).
MIN_POWER_KW = 3.5

#: Catalogue id of the per-kW part of a heat pump's price.
POWER_ITEM = "heat_pump_air_water_power"

#: Main catalogue id → per-kW catalogue id of the heat pumps priced by power.
SIZED_ITEMS = {"heat_pump_air_water": POWER_ITEM}


def base_temperature_c(zone: Any, altitude: Any) -> np.ndarray | float:
    """Base outdoor temperature θ_e of a climate zone and altitude [°C] (3CL-DPE 2021 Tbase).

    Examples
    --------
    >>> base_temperature_c("H1a", 50.0), base_temperature_c("H2b", 600.0)
    (-9.5, -8.5)
    """
    from .dpe.auxiliaries import TBASE
    from .table import _factorize
    from .threecl import ALTITUDE_CLASSES, altitude_class_codes

    z = np.atleast_1d(np.asarray(zone, dtype=object))
    a = np.atleast_1d(np.asarray(altitude, dtype=float))
    codes, zones = _factorize(z.astype(str).reshape(-1))
    bad = sorted({x for x in zones.tolist() if x[:2] not in ("H1", "H2", "H3")})
    if bad:
        raise InputError(f"zone: {bad[0]!r}; allowed H1a, H1b, H1c, H2a, H2b, H2c, H2d, H3")
    # one look-up per distinct (altitude class, zone)
    classes = ALTITUDE_CLASSES
    ci = altitude_class_codes(a)
    nz = len(zones)
    key = ci * nz + codes.reshape(z.shape)
    uk, inv = np.unique(key, return_inverse=True)
    vals = np.array([TBASE[classes[k // nz]][zones[k % nz][:2]] for k in uk.tolist()], dtype=float)
    out = vals[inv.reshape(key.shape)]
    return float(out[0]) if np.ndim(zone) == 0 and np.ndim(altitude) == 0 else out


def design_heat_load_w(h_w_k: Any, zone: Any, altitude: Any) -> np.ndarray | float:
    """Design heat load Φ_HL = H · (θ_int − θ_e) [W] (EN 12831-1 simplified; 3CL §15.2).

    Parameters
    ----------
    h_w_k : float or array_like
        Heat-loss coefficient, transmission + ventilation [W/K].
    zone : str or array_like of str
        Climate zone (H1a … H3).
    altitude : float or array_like
        [m].
    """
    h = np.asarray(h_w_k, dtype=float)
    if np.any(~(h >= 0)):
        raise InputError(f"h_w_k: {h_w_k!r} W/K; a heat-loss coefficient must be a number >= 0")
    out = h * (DESIGN_INDOOR_C - np.asarray(base_temperature_c(zone, altitude), dtype=float))
    return float(out) if np.ndim(out) == 0 else out


def heat_pump_power_kw(h_w_k: Any, zone: Any, altitude: Any) -> np.ndarray | float:
    """Nominal power of the heat pump: the design heat load, at least :data:`MIN_POWER_KW` [kW]."""
    p = np.maximum(np.asarray(design_heat_load_w(h_w_k, zone, altitude), dtype=float) / 1000.0, MIN_POWER_KW)
    return float(p) if np.ndim(p) == 0 else p


def house_heat_pump_power_kw(house: Any) -> float:
    """Nominal power of a heat pump sized on a House [kW].

    Examples
    --------
    >>> import rehab
    >>> round(house_heat_pump_power_kw(rehab.archetypes.get("coron-mid-terrace")), 2)    # 293.4 W/K x 29.5 K
    8.65
    """
    return float(heat_pump_power_kw(house.heat_loss().h_total, house.zone, float(house.altitude)))
