"""The climate side of the ISO 52016-1 node engine: what depends on the weather only, cached per weather.

:func:`climate_rows` gives the hourly rows the kernel reads per orientation
(:mod:`rehab.demand.iso52016_kernel`): the irradiance absorbed by an opaque
face or transmitted by a window (diffuse and beam apart, with the glazing's
angular modifiers), and the forced part of the exterior convective
coefficient (DOE-2/MoWiTT). :func:`ground_temperature` and
:func:`rho_factor` are the undisturbed ground temperature at 1 m and the heat
capacity of the outdoor air. A Weather is immutable and hashable
(:class:`rehab.weather.Weather`), so each is computed once per weather and
options, and a row once per orientation: one house through
``rehab.simulate(..., method="iso52016")`` then costs its element chains and
its kernel run only. Cached arrays are read-only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ..weather import Weather

__all__ = ["climate_rows", "ground_temperature", "rho_factor"]

#: Rows (8760 values each) kept per weather and options: beyond, the rows of a batch are computed
#: without being kept (a stock with thousands of orientations would otherwise hold its whole
#: irradiance in memory).
MAX_CACHED_ROWS = 512


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a, dtype=float)
    a.setflags(write=False)
    return a


@lru_cache(maxsize=8)
def rho_factor(weather: Weather) -> np.ndarray:
    """ρ·c_p of the outdoor air relative to 1200 J/(m³·K), hourly [-].

    Ideal gas: ρ = p/(R_d·T), R_d = 287.05 J/(kg·K), c_p = 1006 J/(kg·K)
    (dry air; ISO 13789:2017 8.2 takes ρ_a·c_a = 1200 J/(m³·K)); p from the
    weather's station pressure, or the standard atmosphere at its elevation.
    Cached per weather (read-only array).

    Examples
    --------
    >>> import rehab
    >>> f = rho_factor(rehab.weather.default())
    >>> 0.95 < float(f.mean()) < 1.05
    True
    """
    from ..ventilation import RHO_C_AIR

    data = weather.data
    if "atmospheric_pressure" in data.columns:
        p = data["atmospheric_pressure"].to_numpy(dtype=float)
    else:
        p = np.full(weather.n_hours, np.nan)
    p0 = 101325.0 * (1.0 - 2.25577e-5 * float(weather.elevation)) ** 5.25588
    p = np.where(np.isfinite(p) & (p > 50_000.0), p, p0)
    rho = p / (287.05 * (np.asarray(weather.temp_air, dtype=float) + 273.15))
    return _frozen(rho * 1006.0 / RHO_C_AIR)


@lru_cache(maxsize=8)
def ground_temperature(weather: Weather) -> np.ndarray:
    """The weather's undisturbed ground temperature at 1 m depth [°C], hourly
    (:meth:`rehab.weather.Weather.ground_temperature`), cached per weather (read-only)."""
    return _frozen(weather.ground_temperature(1.0))


@lru_cache(maxsize=8)
def _store(weather: Weather, albedo: Any, sky_diffuse: str, terrain: str) -> dict:
    return {}


def _hashable(x: Any) -> bool:
    try:
        hash(x)
    except TypeError:
        return False
    return True


def climate_rows(
    weather: Weather,
    irr_keys: list[tuple],
    hce_keys: list[tuple],
    *,
    albedo: Any = None,
    sky_diffuse: str = "perez",
    exterior: str = "wind",
    terrain: str = "suburbs",
    h_ce: float = 20.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Hourly irradiance and exterior-convection rows of a batch's orientations.

    Parameters
    ----------
    weather : Weather
    irr_keys : list of tuple
        ``("op", azimuth, tilt)`` for an opaque face, ``("win", azimuth, tilt, panes)`` for a
        window.
    hce_keys : list of tuple
        ``(azimuth, tilt)`` of each exterior face.
    albedo, sky_diffuse
        As :func:`rehab.solar.surface_irradiance`.
    exterior : {"wind", "iso"}
        Forced convection from the wind, or the constant ``h_ce``.
    terrain : str
        Terrain of :func:`rehab.gains.local_wind_speed`.
    h_ce : float
        Constant h_ce [W/(m²·K)] of ``exterior="iso"``.

    Returns
    -------
    irr : ndarray (n_hours, n_irr + n_windows + 1)
        Column r: total irradiance on an opaque face, or the diffuse transmitted per unit
        g-value (sky and ground diffuse × IAM_d) for a window; then one column per window
        key (in the order of ``irr_keys``) with the beam × IAM(θ); last column zeros [W/m²].
    hce : ndarray (n_hours, max(n_hce, 1))
        Forced part of the DOE-2 exterior coefficient, 3.26·v^0.89 windward, 3.55·v^0.617
        leeward (roofs windward, as EnergyPlus) with v the local wind at 3 m [W/(m²·K)], or
        ``h_ce`` everywhere.
    """
    nh = weather.n_hours
    win_keys = [k for k in irr_keys if k[0] == "win"]
    irr = np.zeros((nh, len(irr_keys) + len(win_keys) + 1))
    hce = np.full((nh, max(len(hce_keys), 1)), float(h_ce))
    keep = _hashable(albedo)
    store = _store(weather, albedo, sky_diffuse, terrain) if keep else {}
    need_irr = [k for k in dict.fromkeys(irr_keys) if ("irr", k) not in store]
    need_hce = [k for k in dict.fromkeys(hce_keys) if ("hce", k) not in store] if exterior == "wind" else []
    rows = dict(_irradiance(weather, need_irr, albedo, sky_diffuse)) if need_irr else {}
    if need_hce:
        rows.update(_forced_convection(weather, need_hce, terrain))
    if keep and len(store) + len(rows) <= MAX_CACHED_ROWS:
        store.update(rows)
        rows = store
    else:
        rows = {**store, **rows}
    beam_col = len(irr_keys)
    for r, k in enumerate(irr_keys):
        v = rows["irr", k]
        if k[0] == "win":
            irr[:, r] = v[0]
            irr[:, beam_col] = v[1]
            beam_col += 1
        else:
            irr[:, r] = v
    if exterior == "wind":
        for r, k in enumerate(hce_keys):
            hce[:, r] = rows["hce", k]
    return irr, hce


def _irradiance(weather: Weather, keys: list[tuple], albedo: Any, sky_diffuse: str):
    from .. import solar

    az = np.array([k[1] for k in keys])
    tilt = np.array([k[2] for k in keys])
    ir = solar.surface_irradiance(weather, az, tilt, albedo=albedo, model=sky_diffuse)
    for r, k in enumerate(keys):
        if k[0] == "win":
            iam = solar.glazing_angular_modifier(ir.aoi[r], k[3])
            iam_d = solar.glazing_diffuse_modifier(k[3])
            diffuse = (ir.sky_diffuse[r] + ir.ground_diffuse[r]) * iam_d
            yield ("irr", k), (_frozen(diffuse), _frozen(ir.beam[r] * iam))
        else:
            yield ("irr", k), _frozen(ir.total[r])


def _forced_convection(weather: Weather, keys: list[tuple], terrain: str):
    from .. import gains

    wdir = weather.data["wind_direction"].to_numpy(dtype=float)
    v = gains.local_wind_speed(weather.wind_speed, 3.0, terrain)
    windward_v = 3.26 * v**0.89
    leeward_v = 3.55 * v**0.617
    for az, tilt in keys:
        # forced part of the DOE-2 coefficient (MoWiTT fit); the natural part is hourly in the kernel
        d = np.abs((wdir - az + 180.0) % 360.0 - 180.0)
        windward = (d <= 90.0) | (tilt < 45.0)  # roofs are windward (EnergyPlus)
        yield ("hce", (az, tilt)), _frozen(np.where(windward, windward_v, leeward_v))
