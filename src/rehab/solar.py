"""Sun position and solar irradiance on façades, roofs and windows.

Solar position and transposition are pvlib's (:func:`pvlib.solarposition.
get_solarposition`, NREL SPA; :func:`pvlib.irradiance.get_total_irradiance`,
Perez 1990 / Hay-Davies / isotropic sky): rehab only arranges them for many
surfaces at once and for the timing of EPW data. The incidence-angle
modifier of clear glazing is the Fresnel–Beer model of Duffie and Beckman.

Angles are in degrees: surface azimuth clockwise from north (0 = N,
90 = E, 180 = S, 270 = W), tilt from horizontal (0 = horizontal facing up,
90 = vertical façade, 180 = facing down). Irradiances are hourly means in
W/m² (numerically Wh/m² per hour), arrays of shape
``(n_surfaces, n_hours)``.

Examples
--------
>>> import rehab.weather as rw
>>> from rehab.solar import surface_irradiance
>>> w = rw.default()
>>> irr = surface_irradiance(w, azimuth=[90, 180, 270, 0], tilt=90)
>>> irr.total.shape
(4, 8760)
>>> [round(float(x)) for x in irr.annual_kwh()]   # E, S, W, N façades, kWh/m²·yr
[738, 1007, 702, 325]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .errors import InputError, UnknownNameError
from .weather import Weather

__all__ = [
    "SKY_MODELS",
    "SolarPosition",
    "SurfaceIrradiance",
    "glazing_angular_modifier",
    "glazing_diffuse_modifier",
    "glazing_transmittance",
    "solar_position",
    "surface_irradiance",
]

#: Sky-diffuse transposition models (pvlib names).
SKY_MODELS = ("perez", "haydavies", "isotropic")
_MODEL_ALIASES = {
    "perez": "perez",
    "haydavies": "haydavies",
    "hay-davies": "haydavies",
    "hay_davies": "haydavies",
    "hay davies": "haydavies",
    "isotropic": "isotropic",
}

#: Ground albedo used where the weather has none [-] (assumption: the usual
#: value for grass and built surroundings; ASHRAE 140 also prescribes 0.2).
DEFAULT_ALBEDO = 0.2

# Clear float glass of ASHRAE 140 (BESTEST, editions up to 2017): refractive
# index 1.526, extinction coefficient 0.0196 /mm, pane 3.175 mm, giving a
# normal solar transmittance of 0.86156 for one pane.
_GLASS_N = 1.526
_GLASS_K = 19.6  # 1/m
_GLASS_L = 0.003175  # m

# Gauss-Legendre nodes on [0, pi/2] for hemispherical averages.
_GL_X, _GL_W = np.polynomial.legendre.leggauss(64)
_GL_THETA = (_GL_X + 1.0) * (math.pi / 4.0)
_GL_WEIGHT = _GL_W * (math.pi / 4.0) * np.sin(2.0 * _GL_THETA)


@dataclass(frozen=True, eq=False)
class SolarPosition:
    """Sun position for each hour of a :class:`~rehab.weather.Weather`.

    Attributes
    ----------
    times : pandas.DatetimeIndex
        Instants at which the sun was computed (start of hour + sun offset).
    zenith, apparent_zenith : numpy.ndarray
        True and refraction-corrected solar zenith angle [deg].
    elevation, apparent_elevation : numpy.ndarray
        90° minus the zenith angles [deg].
    azimuth : numpy.ndarray
        Solar azimuth, clockwise from north [deg].
    dni_extra : numpy.ndarray
        Extraterrestrial normal irradiance [W/m²].
    airmass : numpy.ndarray
        Relative air mass (Kasten and Young 1989), NaN with the sun below
        the horizon [-].
    """

    times: pd.DatetimeIndex
    zenith: np.ndarray
    apparent_zenith: np.ndarray
    elevation: np.ndarray
    apparent_elevation: np.ndarray
    azimuth: np.ndarray
    dni_extra: np.ndarray
    airmass: np.ndarray


@dataclass(frozen=True, eq=False)
class SurfaceIrradiance:
    """Hourly irradiance on surfaces, arrays of shape (n_surfaces, n_hours).

    Attributes
    ----------
    total : numpy.ndarray
        Global irradiance on the plane [W/m²] = beam + sky_diffuse + ground_diffuse.
    beam : numpy.ndarray
        Direct (beam) irradiance on the plane [W/m²].
    sky_diffuse : numpy.ndarray
        Diffuse irradiance from the sky [W/m²].
    ground_diffuse : numpy.ndarray
        Irradiance reflected by the ground [W/m²].
    aoi : numpy.ndarray
        Angle of incidence of the beam on the plane [deg] (> 90: sun behind).
    azimuth, tilt : numpy.ndarray
        The surfaces [deg], shape (n_surfaces,).
    """

    total: np.ndarray
    beam: np.ndarray
    sky_diffuse: np.ndarray
    ground_diffuse: np.ndarray
    aoi: np.ndarray
    azimuth: np.ndarray
    tilt: np.ndarray

    @property
    def diffuse(self) -> np.ndarray:
        """Sky plus ground diffuse irradiance [W/m²]."""
        return self.sky_diffuse + self.ground_diffuse

    def annual_kwh(self) -> np.ndarray:
        """Annual irradiation of each surface [kWh/m²] (sum of hourly means)."""
        return self.total.sum(axis=-1) / 1000.0


# ---------------------------------------------------------------------------
# solar position
# ---------------------------------------------------------------------------


def solar_position(weather: Weather) -> SolarPosition:
    """Sun position for every hour of a weather, evaluated mid-hour.

    EPW radiation values are energies received over the hour *ending* at
    the time stamp, so the sun that best represents an hour is the sun at
    its middle (EnergyPlus Engineering Reference, "Weather File Solar
    Interpolation": the hourly average is taken at the midpoint of the
    hour). The instant used is the start of the hour plus
    ``weather.sun_offset`` (0.5 h unless :func:`~rehab.weather.read_epw`
    found that the file's radiation is centred elsewhere). NREL SPA via
    :func:`pvlib.solarposition.get_solarposition` with the file's pressure
    and temperature for refraction. Cached per weather (by its key).

    Parameters
    ----------
    weather : Weather

    Returns
    -------
    SolarPosition
        Read-only arrays of length ``weather.n_hours``.

    Examples
    --------
    >>> import rehab.weather as rw
    >>> sp = solar_position(rw.default())
    >>> round(float(sp.elevation.max()))       # 90° - 50.8° + 23.4° at best
    62
    >>> str(sp.times[0])                        # Uccle's sun_offset is 1 h
    '2006-01-01 01:00:00+01:00'
    """
    if not isinstance(weather, Weather):
        raise InputError(f"weather must be a rehab.weather.Weather, got {type(weather).__name__}")
    return _solar_position_cached(weather)


@lru_cache(maxsize=16)
def _solar_position_cached(weather: Weather) -> SolarPosition:
    import pvlib

    times = weather.times + pd.Timedelta(hours=weather.sun_offset)
    pressure = _column_or(weather, "atmospheric_pressure", None)
    if pressure is None:
        pressure = np.full(weather.n_hours, pvlib.atmosphere.alt2pres(weather.elevation))
    temperature = weather.temp_air
    sp = pvlib.solarposition.get_solarposition(
        times,
        weather.latitude,
        weather.longitude,
        altitude=weather.elevation,
        pressure=pressure,
        temperature=temperature,
    )
    app_zen = sp["apparent_zenith"].to_numpy(dtype=float)
    arrays = {
        "zenith": sp["zenith"].to_numpy(dtype=float),
        "apparent_zenith": app_zen,
        "elevation": sp["elevation"].to_numpy(dtype=float),
        "apparent_elevation": sp["apparent_elevation"].to_numpy(dtype=float),
        "azimuth": sp["azimuth"].to_numpy(dtype=float),
        "dni_extra": np.asarray(pvlib.irradiance.get_extra_radiation(times), dtype=float),
        "airmass": np.asarray(pvlib.atmosphere.get_relative_airmass(app_zen), dtype=float),
    }
    for a in arrays.values():
        a.setflags(write=False)
    return SolarPosition(times=times, **arrays)


def _column_or(weather: Weather, column: str, default):
    if column not in weather.data.columns:
        return default
    v = weather.data[column].to_numpy(dtype=float).copy()
    bad = ~np.isfinite(v)
    if bad.all():
        return default
    v[bad] = np.nanmean(v)
    return v


# ---------------------------------------------------------------------------
# irradiance on surfaces
# ---------------------------------------------------------------------------


def _angles(azimuth, tilt) -> tuple[np.ndarray, np.ndarray]:
    try:
        az = np.asarray(azimuth, dtype=float)
        ti = np.asarray(tilt, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"azimuth {azimuth!r} and tilt {tilt!r} must be numbers in degrees"
        ) from exc
    if az.ndim > 1 or ti.ndim > 1:
        raise InputError(
            "azimuth and tilt must be scalars or 1-D arrays (one value per surface) in degrees"
        )
    try:
        az, ti = np.broadcast_arrays(np.atleast_1d(az), np.atleast_1d(ti))
    except ValueError as exc:
        raise InputError(
            f"azimuth ({az.size} values) and tilt ({ti.size} values) do not broadcast"
        ) from exc
    if not np.all(np.isfinite(az)):
        raise InputError(f"azimuth {azimuth!r} deg must be finite")
    if not np.all((ti >= 0.0) & (ti <= 180.0)):
        raise InputError(
            f"tilt {tilt!r} deg is outside 0..180 deg (0 = horizontal facing up, 90 = vertical)"
        )
    return np.mod(az, 360.0), ti.astype(float)


def _albedo(weather: Weather, albedo, n_surfaces: int) -> np.ndarray:
    if albedo is None:
        return np.asarray(weather.albedo)
    try:
        a = np.asarray(albedo, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"albedo {albedo!r} must be a number between 0 and 1") from exc
    if not np.all((a >= 0.0) & (a <= 1.0)):
        raise InputError(f"albedo {albedo!r} is outside 0..1")
    if a.ndim == 0:
        return a
    if a.ndim == 1 and a.size == n_surfaces and n_surfaces != weather.n_hours:
        return a[:, None]
    if a.shape[-1] == weather.n_hours and a.ndim <= 2:
        return a
    raise InputError(
        f"albedo has shape {a.shape}; give a scalar, one value per surface ({n_surfaces}) "
        f"or one per hour ({weather.n_hours})"
    )


def surface_irradiance(
    weather: Weather,
    azimuth,
    tilt,
    *,
    model: str = "perez",
    albedo=None,
) -> SurfaceIrradiance:
    """Hourly irradiance on tilted, oriented surfaces (vectorised).

    Beam from the file's DNI and the angle of incidence; sky diffuse by the
    chosen transposition model; ground-reflected ``GHI·ρ·(1 − cos β)/2``;
    all by :func:`pvlib.irradiance.get_total_irradiance` with the sun of
    :func:`solar_position`. Two rehab conventions: the beam is zero while
    the sun is below the horizon at the evaluation instant (a sunrise or
    sunset hour whose middle is in the dark loses its few Wh/m² of beam,
    as in EnergyPlus); in those hours the sky diffuse is taken isotropic
    (Perez is undefined there).

    Parameters
    ----------
    weather : Weather
    azimuth : float or array_like
        Surface azimuth [deg], clockwise from north (180 = south-facing).
    tilt : float or array_like
        Surface tilt [deg] (0 = horizontal facing up, 90 = vertical).
        ``azimuth`` and ``tilt`` are broadcast against each other (scalars
        or 1-D arrays).
    model : {"perez", "haydavies", "isotropic"}
        Sky-diffuse model: Perez et al. (1990) (default), Hay and Davies
        (1980), or isotropic (Liu and Jordan).
    albedo : float or array_like, optional
        Ground reflectance [-]: scalar, per surface or per hour. Default:
        the weather's albedo field, :data:`DEFAULT_ALBEDO` where missing.

    Returns
    -------
    SurfaceIrradiance
        ``total``, ``beam``, ``sky_diffuse``, ``ground_diffuse`` [W/m²] and
        ``aoi`` [deg], shape (n_surfaces, n_hours).

    Examples
    --------
    A horizontal surface receives DNI·cos(z) + DHI:

    >>> import rehab.weather as rw
    >>> w = rw.default()
    >>> h = surface_irradiance(w, 180, 0, model="isotropic")
    >>> round(float(h.annual_kwh()[0]))
    1109
    """
    import pvlib

    key = _MODEL_ALIASES.get(str(model).lower())
    if key is None:
        raise UnknownNameError("sky diffuse model", model, SKY_MODELS)
    if not isinstance(weather, Weather):
        raise InputError(f"weather must be a rehab.weather.Weather, got {type(weather).__name__}")
    az, ti = _angles(azimuth, tilt)
    n = az.size
    alb = _albedo(weather, albedo, n)
    sp = solar_position(weather)
    zen = sp.apparent_zenith
    sun_up = zen < 90.0
    dni = np.where(sun_up, weather.dni, 0.0)
    ghi = weather.ghi
    dhi = weather.dhi
    tilt2 = ti[:, None]
    az2 = az[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        res = pvlib.irradiance.get_total_irradiance(
            tilt2,
            az2,
            zen,
            sp.azimuth,
            dni,
            ghi,
            dhi,
            dni_extra=sp.dni_extra,
            airmass=sp.airmass,
            albedo=alb,
            model=key,
        )
        aoi = np.asarray(pvlib.irradiance.aoi(tilt2, az2, zen, sp.azimuth), dtype=float)
    shape = (n, weather.n_hours)
    beam = np.broadcast_to(np.nan_to_num(np.asarray(res["poa_direct"], dtype=float)), shape)
    sky = np.broadcast_to(np.asarray(res["poa_sky_diffuse"], dtype=float), shape)
    ground = np.broadcast_to(
        np.nan_to_num(np.asarray(res["poa_ground_diffuse"], dtype=float)), shape
    )
    if key != "isotropic":
        iso = np.asarray(pvlib.irradiance.isotropic(tilt2, dhi), dtype=float)
        fallback = ~sun_up[None, :] | ~np.isfinite(sky)
        sky = np.where(fallback, np.broadcast_to(iso, shape), sky)
    sky = np.maximum(sky, 0.0)
    beam = np.array(beam, dtype=float)
    ground = np.array(ground, dtype=float)
    total = beam + sky + ground
    return SurfaceIrradiance(
        total=total,
        beam=beam,
        sky_diffuse=sky,
        ground_diffuse=ground,
        aoi=np.broadcast_to(aoi, shape).copy(),
        azimuth=az,
        tilt=ti,
    )


# ---------------------------------------------------------------------------
# glazing
# ---------------------------------------------------------------------------


def glazing_transmittance(
    aoi,
    n_panes=1,
    *,
    refractive_index=_GLASS_N,
    extinction_coefficient=_GLASS_K,
    pane_thickness=_GLASS_L,
):
    """Solar transmittance of clear glazing at an angle of incidence.

    Fresnel reflection at each air–glass interface, averaged over the two
    polarisations, with inter-reflections between ``N`` identical
    non-absorbing panes, ``τ_r = ½ Σ (1 − r)/(1 + (2N − 1) r)``, times the
    Bouguer absorption ``τ_a = exp(−N K L / cos θ₂)`` along the refracted
    path, ``τ ≈ τ_a τ_r``. Duffie and Beckman, *Solar Engineering of Thermal
    Processes*, 4th ed. (2013), §5.1–5.3. The defaults are the clear glass
    of ASHRAE Standard 140 (n = 1.526, K = 0.0196 /mm, 3.175 mm; normal
    transmittance 0.86156 for one pane).

    Parameters
    ----------
    aoi : array_like
        Angle of incidence [deg]; 90 and beyond transmit nothing.
    n_panes : int or array_like
        Number of identical panes (1 single, 2 double, 3 triple glazing).
    refractive_index : float or array_like
        Refractive index of the glass [-].
    extinction_coefficient : float or array_like
        Extinction coefficient of the glass [1/m].
    pane_thickness : float or array_like
        Thickness of one pane [m].

    Returns
    -------
    numpy.ndarray
        Transmittance [-], inputs broadcast.

    Examples
    --------
    >>> round(float(glazing_transmittance(0.0, 1)), 5)
    0.86156
    >>> round(float(glazing_transmittance(0.0, 2)), 3)
    0.747
    """
    theta = np.radians(np.asarray(aoi, dtype=float))
    n = np.asarray(refractive_index, dtype=float)
    big_n = np.asarray(n_panes, dtype=float)
    k = np.asarray(extinction_coefficient, dtype=float)
    thick = np.asarray(pane_thickness, dtype=float)
    if np.any(n <= 1.0) or np.any(big_n < 1) or np.any(k < 0) or np.any(thick <= 0):
        raise InputError(
            "glazing: refractive_index must be > 1, n_panes >= 1, extinction_coefficient "
            f">= 0 1/m and pane_thickness > 0 m (got {refractive_index!r}, {n_panes!r}, "
            f"{extinction_coefficient!r}, {pane_thickness!r})"
        )
    front = np.isfinite(theta) & (np.abs(theta) < math.pi / 2.0)
    th = np.where(front, np.abs(theta), 0.0)
    th2 = np.arcsin(np.sin(th) / n)
    r0 = ((n - 1.0) / (n + 1.0)) ** 2
    normal = th < 1e-9
    with np.errstate(invalid="ignore", divide="ignore"):
        r_s = np.where(normal, r0, (np.sin(th2 - th) / np.sin(th2 + th)) ** 2)
        r_p = np.where(normal, r0, (np.tan(th2 - th) / np.tan(th2 + th)) ** 2)
    m = 2.0 * big_n - 1.0
    tau_r = 0.5 * ((1.0 - r_s) / (1.0 + m * r_s) + (1.0 - r_p) / (1.0 + m * r_p))
    tau_a = np.exp(-big_n * k * thick / np.cos(th2))
    return np.where(front, tau_r * tau_a, 0.0)


def glazing_angular_modifier(aoi, n_panes=1, *, model: str = "fresnel", b0: float = 0.05, **glass):
    """Incidence-angle modifier of clear glazing, ``τ(θ) / τ(0)``.

    The demand engine uses ``transmitted = g_⊥ (beam·IAM(aoi) +
    diffuse·IAM_d)`` with :func:`glazing_diffuse_modifier` for ``IAM_d``.

    Parameters
    ----------
    aoi : array_like
        Angle of incidence [deg].
    n_panes : int or array_like
        Number of panes (``model="fresnel"`` only).
    model : {"fresnel", "ashrae"}
        ``"fresnel"``: :func:`glazing_transmittance` normalised at normal
        incidence (default). ``"ashrae"``: ``1 − b0 (1/cos θ − 1)``, the
        ASHRAE incidence-angle modifier (:func:`pvlib.iam.ashrae`).
    b0 : float
        Parameter of the ASHRAE model [-].
    **glass
        ``refractive_index``, ``extinction_coefficient``, ``pane_thickness``
        passed to :func:`glazing_transmittance`.

    Returns
    -------
    numpy.ndarray
        Modifier [-], 1 at normal incidence, 0 from 90°.

    Examples
    --------
    >>> [round(float(x), 3) for x in glazing_angular_modifier([0, 45, 60, 80], 2)]
    [1.0, 0.965, 0.873, 0.352]
    """
    kind = str(model).lower()
    if kind == "fresnel":
        return glazing_transmittance(aoi, n_panes, **glass) / glazing_transmittance(
            0.0, n_panes, **glass
        )
    if kind == "ashrae":
        import pvlib

        if glass:
            raise InputError(f"the ashrae model takes no glass properties, got {sorted(glass)}")
        a = np.asarray(aoi, dtype=float)
        return np.asarray(pvlib.iam.ashrae(np.abs(a), b=b0), dtype=float)
    raise UnknownNameError("glazing angular model", model, ("fresnel", "ashrae"))


def glazing_diffuse_modifier(n_panes=1, *, model: str = "fresnel", b0: float = 0.05, **glass):
    """Hemispherical average of the incidence-angle modifier (isotropic diffuse).

    ``IAM_d = ∫₀^{π/2} IAM(θ) sin 2θ dθ``: the modifier for radiance
    uniform over the hemisphere seen by the glazing, weighted by the
    projected solid angle (Duffie and Beckman 2013, §5.4), evaluated by
    64-point Gauss–Legendre quadrature.

    Parameters
    ----------
    n_panes, model, b0, **glass
        As :func:`glazing_angular_modifier`.

    Returns
    -------
    numpy.ndarray or float
        Diffuse modifier [-] (shape of the broadcast glass parameters).

    Examples
    --------
    >>> round(float(glazing_diffuse_modifier(1)), 3), round(float(glazing_diffuse_modifier(2)), 3)
    (0.914, 0.887)
    """
    params = {k: np.asarray(v, dtype=float)[..., None] for k, v in glass.items()}
    panes = np.asarray(n_panes, dtype=float)[..., None]
    iam = glazing_angular_modifier(np.degrees(_GL_THETA), panes, model=model, b0=b0, **params)
    return np.sum(iam * _GL_WEIGHT, axis=-1)
