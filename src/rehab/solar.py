"""Sun position and solar irradiance on façades, roofs and windows.

Solar position and transposition are pvlib's (:func:`pvlib.solarposition.
get_solarposition`, NREL SPA; :func:`pvlib.irradiance.get_total_irradiance`,
Perez 1990 / Hay-Davies / isotropic sky), arranged for the timing of EPW
data and for many surfaces at once: the terms that do not depend on the
surface are computed once per weather with pvlib's own expressions and
coefficients, and a compiled kernel adds the per-surface ones (the result
equals pvlib's, surface by surface, to rounding). The incidence-angle
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numba as nb
import numpy as np
import pandas as pd

from . import _warmup
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

    Returned by :func:`surface_irradiance`. Each array is computed by the
    compiled kernel the first time it is read, then kept: a caller that
    needs only ``total`` (opaque walls) or only ``beam``, ``diffuse`` and
    ``aoi`` (windows) allocates only those.

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
    diffuse : numpy.ndarray
        sky_diffuse + ground_diffuse [W/m²].
    aoi : numpy.ndarray
        Angle of incidence of the beam on the plane [deg] (> 90: sun behind).
    azimuth, tilt : numpy.ndarray
        The surfaces [deg], shape (n_surfaces,).
    """

    azimuth: np.ndarray
    tilt: np.ndarray
    _terms: np.ndarray = field(repr=False)
    _ground_albedo: np.ndarray = field(repr=False)
    _haydavies: bool = field(repr=False)

    @cached_property
    def total(self) -> np.ndarray:
        """Global irradiance on the plane [W/m²]."""
        return self._compute(_TOTAL)

    @cached_property
    def beam(self) -> np.ndarray:
        """Direct (beam) irradiance on the plane [W/m²]."""
        return self._compute(_BEAM)

    @cached_property
    def sky_diffuse(self) -> np.ndarray:
        """Diffuse irradiance from the sky [W/m²]."""
        return self._compute(_SKY)

    @cached_property
    def ground_diffuse(self) -> np.ndarray:
        """Irradiance reflected by the ground [W/m²]."""
        return self._compute(_GROUND)

    @cached_property
    def diffuse(self) -> np.ndarray:
        """Sky plus ground diffuse irradiance [W/m²]."""
        return self._compute(_DIFFUSE)

    @cached_property
    def aoi(self) -> np.ndarray:
        """Angle of incidence [deg] (pvlib.irradiance.aoi: arccos of the projection)."""
        return self._compute(_COS_AOI)

    def annual_kwh(self) -> np.ndarray:
        """Annual irradiation of each surface [kWh/m²] (sum of hourly means)."""
        return self.total.sum(axis=-1) / 1000.0

    def through_glazing(self, n_panes=1, *, out: np.ndarray | None = None, **glass) -> np.ndarray:
        """Irradiance weighted by the angular modifier of clear glazing [W/m²].

        ``beam·IAM(aoi) + diffuse·IAM_d``, with :func:`glazing_angular_modifier`
        and :func:`glazing_diffuse_modifier` (Fresnel model): the irradiance
        the demand engine multiplies by a window's normal-incidence g-value.
        Equal to composing those functions on ``beam``, ``diffuse`` and
        ``aoi`` (to 1e-12 relative or 1e-9 W/m²) without forming them.

        Parameters
        ----------
        n_panes : int or array_like
            Number of panes, scalar or one per surface.
        out : numpy.ndarray, optional
            A C-contiguous float array of shape (n_surfaces, n_hours) to
            write the result into (no copy); default a new array.
        **glass
            ``refractive_index``, ``extinction_coefficient``,
            ``pane_thickness`` as in :func:`glazing_transmittance`, scalar
            or one per surface.

        Returns
        -------
        numpy.ndarray
            Shape (n_surfaces, n_hours) [W/m²].

        Examples
        --------
        >>> import rehab.weather as rw
        >>> irr = surface_irradiance(rw.default(), [180, 0], 90)
        >>> (irr.through_glazing([2, 1]).sum(axis=1) / irr.total.sum(axis=1)).round(3)
        array([0.888, 0.893])
        """
        n = self.azimuth.size
        rows = np.zeros((n, 1))
        params = _glass(
            rows,
            n_panes,
            glass.pop("refractive_index", _GLASS_N),
            glass.pop("extinction_coefficient", _GLASS_K),
            glass.pop("pane_thickness", _GLASS_L),
        )
        if glass:
            raise InputError(
                f"unknown glass properties {sorted(glass)}; allowed: refractive_index, "
                "extinction_coefficient, pane_thickness"
            )
        ri, big_n, k, thick = (np.broadcast_to(x, (n, 1))[:, 0] for x in params)
        table = np.empty((n, 5))
        table[:, 0] = ri
        table[:, 1] = 2.0 * big_n - 1.0
        table[:, 2] = big_n * k * thick
        table[:, 3] = _transmittance(np.zeros(()), ri, big_n, k, thick)
        table[:, 4] = glazing_diffuse_modifier(
            big_n, refractive_index=ri, extinction_coefficient=k, pane_thickness=thick
        )
        return self._compute(_GLAZED, table, out)

    def total_into(self, out: np.ndarray) -> np.ndarray:
        """``total`` written into ``out`` (C-contiguous, (n_surfaces, n_hours)) and returned."""
        return self._compute(_TOTAL, None, out)

    def _compute(self, what: int, glass: np.ndarray | None = None, out: np.ndarray | None = None) -> np.ndarray:
        glass = _NO_GLASS if glass is None else glass
        az, ti = self.azimuth, self.tilt
        n = az.size
        shape = (n, self._terms.shape[1])
        if out is None:
            out = np.empty(shape)
        elif out.shape != shape or out.dtype != np.float64 or not out.flags.c_contiguous:
            raise InputError(f"out: expected a C-contiguous float64 array of shape {shape}, got {out.shape} {out.dtype}")
        cb = np.cos(np.radians(ti))
        sb = np.sin(np.radians(ti))
        cg = np.cos(np.radians(az))
        sg = np.sin(np.radians(az))
        args = (what, self._haydavies, az, cb, sb, cg, sg, self._terms, self._ground_albedo, glass, out)
        _warmup.wait("solar")  # a CLI programme compiles the kernel in a child process (rehab._warmup)

        def rows(s0: int, s1: int) -> None:
            _surface_rows(s0, s1, *args)
            if what == _COS_AOI:
                for r0 in range(s0, s1, _AOI_ROWS):
                    block = out[r0 : min(r0 + _AOI_ROWS, s1)]
                    np.arccos(block, out=block)
                    np.rad2deg(block, out=block)

        # the kernel releases the GIL: blocks of rows on numba's thread count (each row is
        # computed alone, so the result does not depend on the split)
        threads = max(1, min(nb.get_num_threads(), n // _THREAD_ROWS))
        step = _CHUNK if threads == 1 else -(-n // (threads * 4))
        starts = range(0, n, step)
        if threads == 1:
            for s0 in starts:
                rows(s0, min(s0 + step, n))
        else:
            with ThreadPoolExecutor(threads) as pool:
                for f in [pool.submit(rows, s0, min(s0 + step, n)) for s0 in starts]:
                    f.result()
        return out


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


# Surface-independent hourly terms of the transposition, rows of the array
# returned by _sky_terms: the sun (cos and sin of zenith and azimuth, azimuth),
# DNI (zero with the sun down) and DHI, and four sky-model coefficients. For
# Perez the sky diffuse of a surface is DHI·(K1·(1 + cos β) + K2·max(cos θ, 0)/K3
# + K4·sin β) with K1 = ½(1 − F1), K2 = F1, K3 = max(cos z, cos 85°), K4 = F2;
# for Hay-Davies K1·½(1 + cos β) + DHI·K2·max(cos θ, 0)/K3 with K1 = DHI·(1 − A),
# K2 = A, K3 = max(cos z, 0.01745). Hours whose sky is taken isotropic (sun
# down, Perez undefined; every hour of the isotropic model) or zero (pvlib's
# Perez without air mass) get coefficients that give exactly that value.
(_CZ, _SZ, _CS, _SS, _SAZ, _DNI, _DHI, _K1, _K2, _K3, _K4) = range(11)

# |cos θ| above this: the projection is recomputed with pvlib's own
# expression cos(γs − γ), because arccos amplifies rounding near normal
# incidence (elsewhere the expanded form differs from it by < 1e-15).
_NEAR_NORMAL = 1.0 - 1e-8

# What the kernel writes.
_TOTAL, _BEAM, _SKY, _GROUND, _DIFFUSE, _COS_AOI, _GLAZED = range(7)
_NO_GLASS = np.ones((1, 5))

# Surfaces per call of the compiled kernel (between two calls, arccos for the
# angle of incidence).
_CHUNK = 512
# Fewest surfaces per thread worth a thread of their own (about 10 ms of work).
_THREAD_ROWS = 64
# Rows of arccos, or of the glazing formulas, at a time (temporaries stay
# in the L2 cache).
_AOI_ROWS = 16
_CHUNK_ROWS = 16


@lru_cache(maxsize=16)
def _sky_terms(weather: Weather, model: str) -> np.ndarray:
    """The hourly terms that no surface changes, cached per weather and model.

    The hour-only parts of pvlib's get_total_irradiance: same expressions, in the same order, as :func:`pvlib.irradiance.perez`,
    :func:`~pvlib.irradiance.haydavies` and
    :func:`~pvlib.irradiance.aoi_projection` (pvlib 0.16), so that the
    kernel only adds the terms that depend on the surface.
    """
    import pvlib

    sp = solar_position(weather)
    zen = sp.apparent_zenith
    sun_up = zen < 90.0
    dni = np.where(sun_up, weather.dni, 0.0)
    dhi = weather.dhi
    h = np.zeros((11, weather.n_hours))
    h[_CZ] = np.cos(np.radians(zen))
    h[_SZ] = np.sin(np.radians(zen))
    h[_CS] = np.cos(np.radians(sp.azimuth))
    h[_SS] = np.sin(np.radians(sp.azimuth))
    h[_SAZ] = sp.azimuth
    h[_DNI] = dni
    h[_DHI] = dhi
    # isotropic: DHI·(½(1 + cos β) + 0 + 0), exactly DHI·(1 + cos β)·½
    iso = ~sun_up if model != "isotropic" else np.ones(weather.n_hours, dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        if model == "perez":
            # pvlib.irradiance.perez, hour-only part (Perez et al. 1990)
            kappa = 1.041
            z = np.radians(zen)
            delta = dhi * sp.airmass / sp.dni_extra
            eps = (np.divide(dhi + dni, dhi) + kappa * (z**3)) / (1 + kappa * (z**3))
            ebin = np.array(np.digitize(eps, (0.0, 1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2)))
            ebin[np.isnan(eps)] = 0
            ebin -= 1
            f1c, f2c = pvlib.irradiance._get_perez_coefficients("allsitescomposite1990")
            nans = np.array([np.nan, np.nan, np.nan])
            f1c = np.vstack((f1c, nans))
            f2c = np.vstack((f2c, nans))
            f1 = f1c[ebin, 0] + f1c[ebin, 1] * delta + f1c[ebin, 2] * z
            f1 = np.maximum(f1, 0)
            f2 = f2c[ebin, 0] + f2c[ebin, 1] * delta + f2c[ebin, 2] * z
            h[_K1] = 0.5 * (1 - f1)
            h[_K2] = f1
            h[_K3] = np.maximum(h[_CZ], np.cos(np.radians(85)))
            h[_K4] = f2
            # pvlib: no air mass, no sky diffuse; rehab: Perez undefined, isotropic
            zero = sun_up & np.isnan(sp.airmass)
            iso |= ~zero & ~(np.isfinite(f1) & np.isfinite(f2))
            _constant_sky(h, zero, 0.0)
        elif model == "haydavies":
            # pvlib.irradiance.haydavies, hour-only part (Hay and Davies 1980)
            ai = dni / sp.dni_extra
            h[_K1] = dhi * (1 - ai)
            h[_K2] = ai
            h[_K3] = np.maximum(h[_CZ], 0.01745)
    # Hay-Davies: DHI·½(1 + cos β) + 0; Perez: DHI·(½(1 + cos β) + 0 + 0)
    _constant_sky(h, iso, dhi[iso] if model == "haydavies" else 0.5)
    h.setflags(write=False)
    return h


def _constant_sky(h: np.ndarray, hours: np.ndarray, k1) -> None:
    """Coefficients that make the kernel's sky diffuse K1-only on ``hours``."""
    h[_K1, hours] = k1
    h[_K2, hours] = 0.0
    h[_K3, hours] = 1.0
    h[_K4, hours] = 0.0


@nb.njit(cache=True, error_model="numpy")
def _beam_sky(p, haydavies, sb, up, dni, dhi, k1, k2, k3, k4):
    """Beam and sky diffuse of one surface-hour [W/m²] from cos θ = p."""
    x = dni * p
    a = p if p > 0.0 else 0.0
    if haydavies:
        y = k1 * (0.5 * up)
        z = dhi * (k2 * (a / k3))
        y = (y if y > 0.0 else 0.0) + (z if z > 0.0 else 0.0)
    else:
        y = dhi * (k1 * up + k2 * a / k3 + k4 * sb)
    return (x if x > 0.0 else 0.0), (y if y > 0.0 else 0.0)


@nb.njit(cache=True, error_model="numpy")
def _fresnel(c, n, m, nkl):
    """:func:`glazing_transmittance` at cos θ = c > 0 (m = 2N − 1, nkl = N·K·L)."""
    s_2 = (1.0 - c * c) / (n * n)
    c2 = math.sqrt(1.0 - s_2)
    r_s = ((c - n * c2) / (c + n * c2)) ** 2
    r_p = ((c2 - n * c) / (c2 + n * c)) ** 2
    tau_r = 0.5 * ((1.0 - r_s) / (1.0 + m * r_s) + (1.0 - r_p) / (1.0 + m * r_p))
    return tau_r * math.exp(-nkl / c2)


@nb.njit(cache=True, error_model="numpy")
def _pick(what, p, b, d, gr, iam_d):
    """The output asked for (a loop-invariant choice, hoisted by LLVM)."""
    if what == _TOTAL:
        return b + d + gr
    if what == _BEAM:
        return b
    if what == _SKY:
        return d
    if what == _GROUND:
        return gr
    if what == _DIFFUSE:
        return d + gr
    if what == _GLAZED:  # diffuse·IAM_d; beam·IAM(θ) is added by the second pass
        return (d + gr) * iam_d
    return p


@nb.njit(cache=True, error_model="numpy")
def _exact_projection(cb, sb, cz, sz, saz, az):
    """pvlib.irradiance.aoi_projection as pvlib writes it."""
    p = cb * cz + sb * sz * math.cos(math.radians(saz - az))
    return min(max(p, -1.0), 1.0)


@nb.njit(cache=True, error_model="numpy")
def _surface_row(what, haydavies, az, cb, sb, cg, sg, h, g, glass, cos_aoi, out):
    """One surface, every hour: fill ``out`` with the output ``what``.

    A vectorised pass over the hours (keeping cos θ in ``cos_aoi``, a work
    row); then the near-normal hours again with pvlib's own projection;
    then, for glazing, the beam through the glass where there is beam.
    """
    cz, sz, cs, ss, saz = h[_CZ], h[_SZ], h[_CS], h[_SS], h[_SAZ]
    dni, dhi, k1, k2, k3, k4 = h[_DNI], h[_DHI], h[_K1], h[_K2], h[_K3], h[_K4]
    up = 1.0 + cb
    down = 1.0 - cb
    iam_d = glass[4]
    near_normal = 0
    for t in range(cz.shape[0]):
        # pvlib.irradiance.aoi_projection with cos(γs − γ) expanded
        p = cb * cz[t] + sb * sz[t] * (cg * cs[t] + sg * ss[t])
        p = min(max(p, -1.0), 1.0)
        b, d = _beam_sky(p, haydavies, sb, up, dni[t], dhi[t], k1[t], k2[t], k3[t], k4[t])
        out[t] = _pick(what, p, b, d, g[t] * down * 0.5, iam_d)
        cos_aoi[t] = p
        near_normal += abs(p) > _NEAR_NORMAL
    if near_normal > 0:
        for t in range(cz.shape[0]):
            if abs(cos_aoi[t]) > _NEAR_NORMAL:
                p = _exact_projection(cb, sb, cz[t], sz[t], saz[t], az)
                b, d = _beam_sky(p, haydavies, sb, up, dni[t], dhi[t], k1[t], k2[t], k3[t], k4[t])
                out[t] = _pick(what, p, b, d, g[t] * down * 0.5, iam_d)
                cos_aoi[t] = p
    if what == _GLAZED:  # beam·IAM(θ) + diffuse·IAM_d
        for t in range(cz.shape[0]):
            b = dni[t] * cos_aoi[t]
            if b > 0.0:
                iam = _fresnel(cos_aoi[t], glass[0], glass[1], glass[2]) / glass[3]
                out[t] = b * iam + out[t]


@nb.njit(nogil=True, cache=True, error_model="numpy")
def _surface_rows(s0, s1, what, haydavies, az, cb, sb, cg, sg, h, ga, glass, out):
    """Rows s0..s1, serially (one compiled copy: the model flag is a loop invariant
    LLVM hoists; two constant-flag copies cost 1.5 s more to compile on first use)."""
    cos_aoi = np.empty(h.shape[1])
    for s in range(s0, s1):
        g = ga[s] if ga.shape[0] > 1 else ga[0]
        gl = glass[s] if glass.shape[0] > 1 else glass[0]
        _surface_row(what, haydavies, az[s], cb[s], sb[s], cg[s], sg[s], h, g, gl, cos_aoi, out[s])


def _ground_albedo(weather: Weather, alb: np.ndarray, n: int) -> np.ndarray:
    """GHI·ρ as pvlib forms it, shape (1 or n_surfaces, n_hours)."""
    ga = np.atleast_2d(weather.ghi * alb)
    if ga.shape[0] not in (1, n):
        raise InputError(
            f"albedo has {ga.shape[0]} rows for {n} surfaces; give a scalar, one value per "
            f"surface ({n}), one per hour ({weather.n_hours}) or an array ({n}, {weather.n_hours})"
        )
    return np.ascontiguousarray(ga, dtype=float)


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
    chosen transposition model; ground-reflected ``GHI·ρ·(1 − cos β)/2``:
    the formulas of :func:`pvlib.irradiance.get_total_irradiance` with the
    sun of :func:`solar_position`. Two rehab conventions: the beam is zero
    while the sun is below the horizon at the evaluation instant (a sunrise
    or sunset hour whose middle is in the dark loses its few Wh/m² of beam,
    as in EnergyPlus); in those hours, and wherever Perez is undefined, the
    sky diffuse is taken isotropic.

    Everything that does not depend on the surface (sun position, Perez
    brightness coefficients F1 and F2, Hay-Davies anisotropy index) is
    computed once per weather and cached; a compiled kernel then evaluates
    ``cos θ = cos β cos z + sin β sin z cos(γs − γ)`` and the model for each
    surface and hour, the surfaces spread over the cores. The result equals
    pvlib's evaluation surface by surface to rounding (≤ 1e-12 relative or
    1e-9 W/m², and 1e-9° on the angle of incidence; tests/test_solar.py).

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
        Ground reflectance [-]: scalar, per surface, per hour or per
        surface and hour. Default: the weather's albedo field,
        :data:`DEFAULT_ALBEDO` where missing.

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
    key = _MODEL_ALIASES.get(str(model).lower())
    if key is None:
        raise UnknownNameError("sky diffuse model", model, SKY_MODELS)
    if not isinstance(weather, Weather):
        raise InputError(f"weather must be a rehab.weather.Weather, got {type(weather).__name__}")
    az, ti = _angles(azimuth, tilt)
    n = az.size
    ga = _ground_albedo(weather, _albedo(weather, albedo, n), n)
    return SurfaceIrradiance(
        azimuth=az,
        tilt=ti,
        _terms=_sky_terms(weather, key),
        _ground_albedo=ga,
        _haydavies=key == "haydavies",
    )


# ---------------------------------------------------------------------------
# glazing
# ---------------------------------------------------------------------------


def _per_row(value, aoi: np.ndarray) -> np.ndarray:
    """A glass parameter as an array; one value per row when ``aoi`` is 2-D.

    With ``aoi`` of shape (n_surfaces, n_hours), a 1-D parameter of length
    n_surfaces gives one value per surface (row) — also when n_surfaces
    happens to equal n_hours.
    """
    v = np.asarray(value, dtype=float)
    if aoi.ndim == 2 and v.ndim == 1 and v.size == aoi.shape[0]:
        return v[:, None]
    return v


def _glass(aoi: np.ndarray, n_panes, refractive_index, extinction_coefficient, pane_thickness):
    n = _per_row(refractive_index, aoi)
    big_n = _per_row(n_panes, aoi)
    k = _per_row(extinction_coefficient, aoi)
    thick = _per_row(pane_thickness, aoi)
    if np.any(n <= 1.0) or np.any(big_n < 1) or np.any(k < 0) or np.any(thick <= 0):
        raise InputError(
            "glazing: refractive_index must be > 1, n_panes >= 1, extinction_coefficient "
            f">= 0 1/m and pane_thickness > 0 m (got {refractive_index!r}, {n_panes!r}, "
            f"{extinction_coefficient!r}, {pane_thickness!r})"
        )
    return n, big_n, k, thick


def _transmittance(aoi: np.ndarray, n, big_n, k, thick) -> np.ndarray:
    """:func:`glazing_transmittance` on shaped inputs, by blocks of rows.

    Blocks of :data:`_CHUNK_ROWS` rows keep the temporaries in the cache
    (and out of the page-fault path) for (n_surfaces, n_hours) inputs.
    """
    args = (aoi, n, big_n, k, thick)
    shape = np.broadcast_shapes(*(a.shape for a in args))
    if len(shape) != 2 or shape[0] <= _CHUNK_ROWS:
        return _transmittance_block(*args)
    out = np.empty(shape)
    for r0 in range(0, shape[0], _CHUNK_ROWS):
        rows = slice(r0, r0 + _CHUNK_ROWS)
        out[rows] = _transmittance_block(
            *(a[rows] if a.ndim == 2 and a.shape[0] == shape[0] else a for a in args)
        )
    return out


def _transmittance_block(aoi: np.ndarray, n, big_n, k, thick) -> np.ndarray:
    """Duffie–Beckman transmittance from cos θ alone (parameters already shaped).

    With c = cos θ and c₂ = cos θ₂ = √(1 − sin²θ/n²) (Snell), the Fresnel
    reflectances sin²(θ₂ − θ)/sin²(θ₂ + θ) and tan²(θ₂ − θ)/tan²(θ₂ + θ) are
    ((c − n c₂)/(c + n c₂))² and ((c₂ − n c)/(c₂ + n c))² (Duffie and
    Beckman 2013, eq. 5.1.1–5.1.3 with n₁ = 1). cos θ and sin θ come from
    the half-angle tangent t = tan(θ/2): c = (1 − t²)/(1 + t²),
    sin θ = 2t/(1 + t²).
    """
    theta = np.radians(aoi)
    front = np.isfinite(theta) & (np.abs(theta) < math.pi / 2.0)
    t = np.tan(np.where(front, np.abs(theta), 0.0) * 0.5)
    t2 = t * t
    c = (1.0 - t2) / (1.0 + t2)
    sin_2 = 2.0 * t / ((1.0 + t2) * n)
    c2 = np.sqrt(1.0 - sin_2 * sin_2)
    nc2 = n * c2
    nc = n * c
    r_s = ((c - nc2) / (c + nc2)) ** 2
    r_p = ((c2 - nc) / (c2 + nc)) ** 2
    m = 2.0 * big_n - 1.0
    tau_r = 0.5 * ((1.0 - r_s) / (1.0 + m * r_s) + (1.0 - r_p) / (1.0 + m * r_p))
    tau_a = np.exp(-big_n * k * thick / c2)
    return np.where(front, tau_r * tau_a, 0.0)


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
        Angle of incidence [deg]; 90 and beyond transmit nothing. May be
        2-D, (n_surfaces, n_hours).
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

    Notes
    -----
    The glass parameters broadcast against ``aoi``; with a 2-D ``aoi``, a
    1-D parameter of length n_surfaces gives one value per row.

    Examples
    --------
    >>> round(float(glazing_transmittance(0.0, 1)), 5)
    0.86156
    >>> round(float(glazing_transmittance(0.0, 2)), 3)
    0.747
    >>> glazing_transmittance([[0.0, 60.0], [0.0, 60.0]], [1, 2]).round(3)
    array([[0.862, 0.781],
           [0.747, 0.652]])
    """
    a = np.asarray(aoi, dtype=float)
    return _transmittance(
        a, *_glass(a, n_panes, refractive_index, extinction_coefficient, pane_thickness)
    )


def glazing_angular_modifier(aoi, n_panes=1, *, model: str = "fresnel", b0: float = 0.05, **glass):
    """Incidence-angle modifier of clear glazing, ``τ(θ) / τ(0)``.

    The demand engine uses ``transmitted = g_⊥ (beam·IAM(aoi) +
    diffuse·IAM_d)`` with :func:`glazing_diffuse_modifier` for ``IAM_d``.

    Parameters
    ----------
    aoi : array_like
        Angle of incidence [deg], e.g. :attr:`SurfaceIrradiance.aoi` of
        shape (n_surfaces, n_hours).
    n_panes : int or array_like
        Number of panes (``model="fresnel"`` only); with a 2-D ``aoi``, a
        1-D array of length n_surfaces gives one value per row.
    model : {"fresnel", "ashrae"}
        ``"fresnel"``: :func:`glazing_transmittance` normalised at normal
        incidence (default). ``"ashrae"``: ``1 − b0 (1/cos θ − 1)``, the
        ASHRAE incidence-angle modifier (:func:`pvlib.iam.ashrae`).
    b0 : float
        Parameter of the ASHRAE model [-].
    **glass
        ``refractive_index``, ``extinction_coefficient``, ``pane_thickness``
        passed to :func:`glazing_transmittance` (per row as ``n_panes``).

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
        a = np.asarray(aoi, dtype=float)
        params = _glass(
            a,
            n_panes,
            glass.pop("refractive_index", _GLASS_N),
            glass.pop("extinction_coefficient", _GLASS_K),
            glass.pop("pane_thickness", _GLASS_L),
        )
        if glass:
            raise InputError(
                f"unknown glass properties {sorted(glass)}; allowed: refractive_index, "
                "extinction_coefficient, pane_thickness"
            )
        return _transmittance(a, *params) / _transmittance(np.zeros(()), *params)
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
