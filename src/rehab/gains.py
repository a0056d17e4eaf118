"""Internal and solar heat gains: conventional means, hourly profiles, solar apertures.

Pure functions on numpy arrays (they broadcast over a leading house axis).

* Internal gains: the 3CL-DPE conventional mean
  (:func:`conventional_internal_gains`, with :func:`nadeq`) and an
  occupancy-based hourly profile for dwellings
  (:func:`residential_gain_profile`, EN 16798-1:2019 Annex C schedules).
* Solar gains (ISO 13790:2008, §11.3): the effective collecting area of a
  glazed element (:func:`window_solar_aperture`, with the
  solar-energy transmittance of 11.3.3), of an opaque element
  (:func:`opaque_solar_aperture`, 11.3.4), and the coefficient of the extra
  long-wave loss to the sky (:func:`sky_loss_coefficient`, 11.3.5 with
  h_r of 11.4.6).

The demand engines take the result as ``ThermalZones.phi_int`` (mean W),
``ZoneClimate.gain_profiles`` (relative hourly profile), ``sol_area`` [m²]
and ``h_sky`` [W/K].

Examples
--------
>>> from rehab.gains import conventional_internal_gains, window_solar_aperture
>>> round(float(conventional_internal_gains(80.0)), 1)
410.7
>>> round(float(window_solar_aperture(1.5, g_n=0.75, frame_fraction=0.3)), 4)
0.7087
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .envelope import RSE
from .errors import InputError
from .threecl import adult_equivalents

__all__ = [
    "EN16798_RESIDENTIAL",
    "F_W_DEFAULT",
    "H_NATURAL",
    "H_RADIATIVE",
    "ROUGHNESS",
    "R_SE",
    "TERRAIN",
    "conventional_internal_gains",
    "effective_sky_temperature",
    "exterior_convection_coefficient",
    "exterior_film_into",
    "local_wind_speed",
    "nadeq",
    "opaque_absorbed_fraction",
    "opaque_solar_aperture",
    "radiative_heat_transfer_coefficient",
    "residential_gain_profile",
    "residential_internal_gains",
    "sky_loss_coefficient",
    "window_solar_aperture",
]

#: External surface resistance R_se = 0.04 m²·K/W (ISO 6946:2017, Table 7;
#: :data:`rehab.envelope.RSE`), used in 11.3.4 and 11.3.5 of ISO 13790:2008.
R_SE = RSE

#: Correction factor for non-scattering glazing F_W = 0.9: ratio of the
#: time-averaged solar-energy transmittance to the normal-incidence one
#: (ISO 13790:2008, 11.4.2). Use 1.0 when the irradiance is already
#: weighted by an angular modifier (rehab.solar.glazing_angular_modifier).
F_W_DEFAULT = 0.9

#: Residential ("detached house") internal gains of EN 16798-1:2019 Annex C
#: (Table C.1 and the residential hourly schedules, hours 00–24): occupants
#: 2.8 W/m² and appliances 2.4 W/m² (42.5 m² per person) at full schedule,
#: with hourly fractions for weekdays and weekends. Values as carried by
#: public implementations of the standard; compiled 2026-11-28.
EN16798_RESIDENTIAL = {
    "occupants_w_per_m2": 2.8,
    "appliances_w_per_m2": 2.4,
    "occupants_weekday": (
        1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1,
        0.2, 0.2, 0.2, 0.2, 0.5, 0.5, 0.5, 0.8, 0.8, 0.8, 1.0, 1.0,
    ),
    "occupants_weekend": (
        1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8,
        0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 1.0, 1.0,
    ),
    "appliances": (
        0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.7, 0.7, 0.5, 0.5, 0.6,
        0.6, 0.6, 0.6, 0.5, 0.5, 0.7, 0.7, 0.8, 0.8, 0.8, 0.6, 0.6,
    ),
    "source": "EN 16798-1:2019, Annex C (residential, detached house)",
    "date": "2026-11-28",
}  # fmt: skip


def _nonneg(name: str, value: Any, unit: str) -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise InputError(f"{name}: {value!r} [{unit}] must be finite and ≥ 0")
    return arr


def _fraction(name: str, value: Any) -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
        raise InputError(f"{name}: {value!r} [-] must be between 0 and 1")
    return arr


def _out(x: np.ndarray) -> Any:
    return float(x) if np.ndim(x) == 0 else x


def nadeq(floor_area: Any, dwelling: str = "house") -> Any:
    """Number of adult-equivalents Nadeq of the 3CL-DPE method [-].

    Nmax = 1 below 30 m², 1.75 − 0.01875·(70 − Sh) up to 70 m², 0.025·Sh
    above (houses); Nadeq = Nmax if Nmax < 1.75, else 1.75 + 0.3·(Nmax − 1.75)
    (méthode 3CL-DPE 2021, annex 1 of the arrêté of 31 March 2021, §11;
    the same figures as Open3CL ``src/11_nadeq.js``). Delegates to
    :func:`rehab.threecl.adult_equivalents`, the one implementation.

    Parameters
    ----------
    floor_area : float or array_like
        Living area Sh [m²].
    dwelling : {"house", "flat"}, default "house"
        Dwelling kind (flats use 10/50 m² and 0.035·Sh).

    Returns
    -------
    float or numpy.ndarray
        Nadeq [-].

    Examples
    --------
    >>> nadeq(80.0)
    1.825
    >>> nadeq([25.0, 50.0]).tolist()
    [1.0, 1.375]
    """
    return adult_equivalents(_nonneg("floor_area", floor_area, "m²"), dwelling)


def conventional_internal_gains(floor_area: Any, n_adeq: Any = None) -> Any:
    """Mean conventional internal gains of the 3CL-DPE method [W].

    Φ_int = (3.18 + 0.34)·Sh + 90·(132/168)·Nadeq: 3.18 W/m² of appliances,
    0.34 W/m² of lighting and 90 W per adult-equivalent present 132 h of
    the 168 h of a week (méthode 3CL-DPE 2021, §6.1; the monthly gain of the
    method is this power times the heating hours Nref of the month).

    Parameters
    ----------
    floor_area : float or array_like
        Living area Sh [m²].
    n_adeq : float or array_like, optional
        Adult-equivalents [-]; default :func:`nadeq` of ``floor_area``.

    Returns
    -------
    float or numpy.ndarray
        Mean internal gains [W].

    Examples
    --------
    >>> area = 80.0
    >>> expected = (3.18 + 0.34) * area + 90 * 132 / 168 * 1.825
    >>> round(float(conventional_internal_gains(area)), 6) == round(expected, 6)
    True
    """
    sh = _nonneg("floor_area", floor_area, "m²")
    nad = nadeq(sh) if n_adeq is None else _nonneg("n_adeq", n_adeq, "-")
    return _out((3.18 + 0.34) * sh + 90.0 * (132.0 / 168.0) * np.asarray(nad, dtype=float))


def _weekday_hour(weekday: Any, hour: Any) -> tuple[np.ndarray, np.ndarray]:
    wd = np.asarray(weekday)
    hr = np.asarray(hour)
    for name, arr, hi in (("weekday", wd, 6), ("hour", hr, 23)):
        if arr.dtype.kind not in "iu" and not (
            arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))
        ):
            raise InputError(f"{name}: expected whole numbers, got dtype {arr.dtype}")
        if np.any(arr < 0) or np.any(arr > hi):
            raise InputError(f"{name}: values must be in 0..{hi}")
    return wd.astype(np.int64), hr.astype(np.int64)


def residential_internal_gains(floor_area: Any, weekday: Any, hour: Any) -> np.ndarray:
    """Hourly internal gains of a dwelling from EN 16798-1:2019 Annex C [W].

    Φ_int(t) = A_f·(2.8·occ(t) + 2.4·app(t)) W/m², with the residential
    (detached house) occupancy schedule of weekdays and weekends and the
    appliance schedule (:data:`EN16798_RESIDENTIAL`).

    Parameters
    ----------
    floor_area : float or array_like
        Floor area [m²] (leading house axis if an array).
    weekday : array_like of int
        Day of the week of each hour, 0 = Monday … 6 = Sunday.
    hour : array_like of int
        Hour of the day, 0 = 00:00–01:00 … 23 = 23:00–24:00.

    Returns
    -------
    numpy.ndarray
        Gains [W], shape ``floor_area.shape + hour.shape``.

    Examples
    --------
    Monday 03:00 (asleep: occupants 1.0, appliances 0.5) in 100 m²:

    >>> float(residential_internal_gains(100.0, [0], [3])[0])
    400.0
    """
    wd, hr = _weekday_hour(weekday, hour)
    af = _nonneg("floor_area", floor_area, "m²")
    occ_wd = np.asarray(EN16798_RESIDENTIAL["occupants_weekday"])
    occ_we = np.asarray(EN16798_RESIDENTIAL["occupants_weekend"])
    app = np.asarray(EN16798_RESIDENTIAL["appliances"])
    occ = np.where(wd >= 5, occ_we[hr], occ_wd[hr])
    density = (
        EN16798_RESIDENTIAL["occupants_w_per_m2"] * occ
        + EN16798_RESIDENTIAL["appliances_w_per_m2"] * app[hr]
    )
    return np.asarray(af, dtype=float)[..., None] * density if af.ndim else float(af) * density


def residential_gain_profile(weekday: Any, hour: Any) -> np.ndarray:
    """Relative hourly internal-gain profile of a dwelling (weekly mean 1) [-].

    The EN 16798-1:2019 Annex C residential gains
    (:func:`residential_internal_gains`) divided by their mean over a week
    (Monday to Sunday), so that a mean gain Φ_int (e.g. the 3CL conventional
    value) keeps its weekly energy: Φ_int(t) = Φ_int·profile(t). This is the
    row to put in ``ZoneClimate.gain_profiles``.

    Parameters
    ----------
    weekday : array_like of int
        Day of the week, 0 = Monday … 6 = Sunday.
    hour : array_like of int
        Hour of the day, 0 … 23.

    Returns
    -------
    numpy.ndarray
        Relative gains [-].

    Examples
    --------
    >>> import numpy as np
    >>> wd, hr = np.divmod(np.arange(168), 24)
    >>> p = residential_gain_profile(wd, hr)
    >>> round(float(p.mean()), 12), round(float(p[3]), 3), round(float(p[11]), 3)
    (1.0, 1.201, 0.516)
    """
    wd, hr = _weekday_hour(weekday, hour)
    week_d, week_h = np.divmod(np.arange(168), 24)
    mean = residential_internal_gains(1.0, week_d, week_h).mean()
    return residential_internal_gains(1.0, wd, hr) / mean


def window_solar_aperture(
    area: Any,
    g_n: Any,
    frame_fraction: Any,
    shading_reduction: Any = 1.0,
    f_w: Any = F_W_DEFAULT,
    obstacle_shading: Any = 1.0,
) -> Any:
    """Effective solar collecting area of a glazed element [m²] (ISO 13790:2008, 11.3.3).

    A_sol = F_sh,ob · F_sh,gl · g_gl · (1 − F_F) · A_w,p with
    g_gl = F_W · g_gl,n (11.3.3; F_W of 11.4.2). F_sh,ob (shading by
    external obstacles, 11.4.4) multiplies the solar heat flow of the element
    (11.3.2, eq. 43); it is folded in here so the result is the ``sol_area``
    of :class:`~rehab.demand.zones.ThermalZones`.

    Parameters
    ----------
    area : float or array_like
        Overall projected area of the window A_w,p [m²].
    g_n : float or array_like
        Total solar-energy transmittance at normal incidence g_gl,n [-].
    frame_fraction : float or array_like
        Frame area fraction F_F [-].
    shading_reduction : float or array_like, default 1
        Reduction factor for movable shading F_sh,gl [-] (11.4.3).
    f_w : float or array_like, default 0.9
        Correction for non-normal incidence F_W [-]; give 1.0 when the
        irradiance already carries an angular modifier.
    obstacle_shading : float or array_like, default 1
        Shading reduction factor for external obstacles F_sh,ob [-].

    Returns
    -------
    float or numpy.ndarray
        A_sol [m²].

    Examples
    --------
    BESTEST case 600: 12 m² of clear double glazing, g = 0.789, no frame,
    with the angular modifier applied to the irradiance:

    >>> round(float(window_solar_aperture(12.0, 0.789, 0.0, f_w=1.0)), 3)
    9.468
    """
    a = _nonneg("area", area, "m²")
    out = (
        _fraction("obstacle_shading", obstacle_shading)
        * _fraction("shading_reduction", shading_reduction)
        * _fraction("f_w", f_w)
        * _fraction("g_n", g_n)
        * (1.0 - _fraction("frame_fraction", frame_fraction))
        * a
    )
    return _out(out)


def opaque_solar_aperture(absorptance: Any, u_value: Any, area: Any, r_se: Any = R_SE) -> Any:
    """Effective solar collecting area of an opaque element [m²] (ISO 13790:2008, 11.3.4).

    A_sol = α_S,c · R_se · U_c · A_c.

    Parameters
    ----------
    absorptance : float or array_like
        Solar absorptance of the outer surface α_S,c [-].
    u_value : float or array_like
        Thermal transmittance U_c [W/(m²·K)].
    area : float or array_like
        Projected area A_c [m²].
    r_se : float or array_like, default 0.04
        External surface resistance [m²·K/W].

    Returns
    -------
    float or numpy.ndarray
        A_sol [m²].

    Examples
    --------
    >>> round(float(opaque_solar_aperture(0.6, 0.5, 20.0)), 4)
    0.24
    """
    return _out(
        _fraction("absorptance", absorptance)
        * _nonneg("r_se", r_se, "m²·K/W")
        * _nonneg("u_value", u_value, "W/(m²·K)")
        * _nonneg("area", area, "m²")
    )


def radiative_heat_transfer_coefficient(emissivity: Any) -> Any:
    """External radiative heat transfer coefficient h_r ≈ 5·ε [W/(m²·K)].

    First approximation of ISO 13790:2008, 11.4.6 (h_r = 4εσ(θ_ss + 273)³
    taken at about 10 °C).

    Parameters
    ----------
    emissivity : float or array_like
        Hemispherical emissivity of the outer surface ε [-].

    Returns
    -------
    float or numpy.ndarray
        h_r [W/(m²·K)].

    Examples
    --------
    >>> radiative_heat_transfer_coefficient(0.9)
    4.5
    """
    return _out(5.0 * _fraction("emissivity", emissivity))


def sky_loss_coefficient(
    u_value: Any,
    area: Any,
    form_factor: Any,
    emissivity: Any = 0.9,
    r_se: Any = R_SE,
) -> Any:
    """Coefficient of the extra long-wave loss to the sky h_sky [W/K] (ISO 13790:2008, 11.3.5).

    Φ_r = R_se·U_c·A_c·h_r·Δθ_er (11.3.5), times the form factor F_r
    between the element and the sky (11.3.2: 1 for an unshaded horizontal
    roof, 0.5 for an unshaded vertical wall), with h_r = 5·ε (11.4.6). The
    hourly engine takes Δθ_er = θ_e − θ_sky from the weather:
    Φ_r = h_sky·(θ_e − θ_sky), h_sky = F_r·R_se·U·A·h_r.

    Parameters
    ----------
    u_value : float or array_like
        Thermal transmittance [W/(m²·K)].
    area : float or array_like
        Area [m²].
    form_factor : float or array_like
        F_r [-].
    emissivity : float or array_like, default 0.9
        Outer-surface emissivity [-].
    r_se : float or array_like, default 0.04
        External surface resistance [m²·K/W].

    Returns
    -------
    float or numpy.ndarray
        h_sky [W/K].

    Examples
    --------
    A 48 m² roof with U = 0.3, F_r = 1, ε = 0.9: 0.04·0.3·48·4.5 = 2.592 W/K.

    >>> round(float(sky_loss_coefficient(0.3, 48.0, 1.0)), 3)
    2.592
    """
    return _out(
        _fraction("form_factor", form_factor)
        * _nonneg("r_se", r_se, "m²·K/W")
        * _nonneg("u_value", u_value, "W/(m²·K)")
        * _nonneg("area", area, "m²")
        * radiative_heat_transfer_coefficient(emissivity)
    )


#: Stefan–Boltzmann constant σ [W/(m²·K⁴)] (CODATA 2018).
_SIGMA = 5.670374419e-8


def effective_sky_temperature(theta_e: Any, theta_sky: Any) -> np.ndarray:
    """Sky temperature that makes the 5·ε approximation exact hour by hour [°C].

    ISO 13790:2008, 11.4.6 defines h_r = 4·ε·σ·(θ_ss + 273)³ with θ_ss the
    mean of the surface and sky temperatures, and allows h_r ≈ 5·ε as a
    first approximation (θ_ss ≈ 10 °C). :func:`sky_loss_coefficient` uses
    5·ε so that h_sky is a property of the house; this function moves the
    temperature dependence to the climate side:
    θ_sky,eff = θ_e − (θ_e − θ_sky)·4σ(θ_ss + 273.15)³/5, with θ_ss taken as
    (θ_e + θ_sky)/2 (the outer surface at the air temperature), so that
    h_sky·(θ_e − θ_sky,eff) equals the loss with the hourly h_r. It matters
    for cold, clear skies (h_r ≈ 4 W/(m²·K) instead of 4.5 at −5 °C).

    Parameters
    ----------
    theta_e : array_like
        Outdoor air temperature [°C].
    theta_sky : array_like
        Sky temperature [°C].

    Returns
    -------
    numpy.ndarray
        Effective sky temperature [°C], for ``ZoneClimate.theta_sky``.

    Examples
    --------
    At θ_ss ≈ 10 °C the two agree (4σ·283.15³ ≈ 5.15):

    >>> round(float(effective_sky_temperature(20.0, 0.0)), 2)
    -0.6
    >>> round(float(effective_sky_temperature(-5.0, -25.0)), 2)
    -20.61
    """
    te = np.asarray(theta_e, dtype=np.float64)
    ts = np.asarray(theta_sky, dtype=np.float64)
    if not (np.all(np.isfinite(te)) and np.all(np.isfinite(ts))):
        raise InputError("theta_e, theta_sky: temperatures [°C] must be finite")
    t_ss = 0.5 * (te + ts) + 273.15
    if np.any(t_ss <= 0):
        raise InputError("theta_e, theta_sky: mean temperature below absolute zero")
    return te - (te - ts) * (4.0 * _SIGMA * t_ss**3 / 5.0)


#: Wind-profile parameters (exponent α [-], boundary-layer thickness δ [m]) by
#: terrain: ASHRAE Handbook of Fundamentals (2021), ch. 24, Table 1 — the same
#: values EnergyPlus uses for its local wind speed (Engineering Reference,
#: "Local wind speed calculations"). The weather station is "country" at 10 m.
TERRAIN = {
    "country": (0.14, 270.0),
    "suburbs": (0.22, 370.0),
    "city": (0.33, 460.0),
    "ocean": (0.10, 210.0),
}

#: DOE-2 surface-roughness multipliers R_f (Walton 1981, via the EnergyPlus
#: Engineering Reference, "DOE-2 model"): brick and render are "medium rough".
ROUGHNESS = {"very_rough": 2.17, "rough": 1.67, "medium_rough": 1.52, "medium_smooth": 1.13, "smooth": 1.11, "very_smooth": 1.0}

#: Natural-convection coefficient of a vertical outer surface [W/(m²·K)]:
#: Walton's h_n = 1.31·|ΔT|^(1/3) taken at |ΔT| = 3 K (assumption: the hourly
#: surface-to-air difference is not computed by the single-node model).
H_NATURAL = 1.31 * 3.0 ** (1.0 / 3.0)

#: Radiative coefficient of the outer surface h_r = 4·ε·σ·T³ [W/(m²·K)]
#: with ε = 0.9 at 10 °C (ISO 6946:2017 Annex C: h_r0 = 5.1 at 10 °C).
H_RADIATIVE = 0.9 * 4.0 * _SIGMA * 283.15**3

# Surfaces per block of the row-wise film (temporaries stay in the cache).
_ROWS = 16


def local_wind_speed(wind_speed: Any, height: Any = 3.0, terrain: str = "suburbs") -> np.ndarray:
    """Wind speed at a height above a terrain, from the 10 m weather-station value [m/s].

    Power-law profile (ASHRAE Fundamentals 2021, ch. 24, eq. 4):
    v = v_met·(δ_met/z_met)^α_met·(z/δ)^α, station in open country
    (α_met = 0.14, δ_met = 270 m, z_met = 10 m).

    Parameters
    ----------
    wind_speed : array_like
        Weather-file wind speed at 10 m [m/s].
    height : float
        Height of the surface centre [m].
    terrain : {"country", "suburbs", "city", "ocean"}

    Returns
    -------
    numpy.ndarray
        [m/s].

    Examples
    --------
    >>> round(float(local_wind_speed(4.0, 3.0, "suburbs")), 3)
    2.2
    """
    try:
        alpha, delta = TERRAIN[terrain]
    except KeyError:
        raise InputError(f"terrain {terrain!r} is not one of {', '.join(TERRAIN)}") from None
    a_met, d_met = TERRAIN["country"]
    v = np.asarray(wind_speed, dtype=float)
    return v * (d_met / 10.0) ** a_met * (np.asarray(height, float) / delta) ** alpha


def exterior_convection_coefficient(
    wind_speed: Any,
    wind_direction: Any,
    azimuth: Any,
    *,
    height: Any = 3.0,
    terrain: str = "suburbs",
    roughness: str = "medium_rough",
) -> np.ndarray:
    """Hourly exterior convective heat-transfer coefficient h_c of a surface [W/(m²·K)].

    DOE-2 model (the EnergyPlus default): h_c = h_n + R_f·(h_glass − h_n),
    h_glass = √(h_n² + (a·v^b)²) with the MoWiTT forced-convection fit
    (Yazdanian & Klems 1994, ASHRAE Transactions 100(1)): windward
    a = 3.26, b = 0.89; leeward a = 3.55, b = 0.617; v the local wind
    speed (:func:`local_wind_speed`); a surface is windward when the wind
    comes from within 90° of its outward normal. ISO 6946:2017's
    R_se = 0.04 m²·K/W (h_e = 25 W/(m²·K)) is a design convention for
    U-values; this hourly value is used for the share of absorbed sunshine
    that enters the house (:func:`opaque_absorbed_fraction`).

    Parameters
    ----------
    wind_speed, wind_direction : array_like
        Weather-file wind at 10 m [m/s] and its direction [deg from north].
    azimuth : float or array_like
        Outward normal of the surface [deg]. With hourly (1-D) wind, a 1-D
        array gives one surface per value and one row of the result each.
    height : float or array_like
        Height of the surface centre [m]; scalar, or one per surface with
        a 1-D ``azimuth``.
    terrain : str
        See :data:`TERRAIN`.
    roughness : str
        See :data:`ROUGHNESS`.

    Returns
    -------
    numpy.ndarray
        h_c [W/(m²·K)]; shape (n_surfaces, n_hours) for a 1-D ``azimuth``
        and hourly wind.

    Examples
    --------
    Calm air gives the natural-convection value; 4 m/s at the station on a
    windward suburban façade: v = 2.198 m/s locally, forced 3.26·v^0.89 =
    6.57, h_glass = √(1.89² + 6.57²) = 6.84, h_c = 1.89 + 1.52·(6.84 − 1.89):

    >>> round(float(exterior_convection_coefficient(0.0, 0.0, 0.0)), 2)
    1.89
    >>> round(float(exterior_convection_coefficient(4.0, 180.0, 180.0)), 2)
    9.42

    One row per surface (south and north façades, three hours of wind from
    the south):

    >>> exterior_convection_coefficient([4.0, 0.0, 4.0], 180.0, [180.0, 0.0]).round(2)
    array([[9.42, 1.89, 9.42],
           [8.25, 1.89, 8.25]])
    """
    speed = np.asarray(wind_speed, float)
    direction = np.asarray(wind_direction, float)
    az = np.asarray(azimuth, float)
    h = np.asarray(height, float)
    if az.ndim == 1 and max(speed.ndim, direction.ndim) == 1:  # one row per surface
        return _film_rows(speed, direction, az, h, terrain, roughness)
    windward, leeward = _dd2_film(speed, h, terrain, roughness)
    d = np.abs((direction - az + 180.0) % 360.0 - 180.0)
    return np.where(d <= 90.0, windward, leeward)


def _film_rows(speed, direction, az, height, terrain, roughness) -> np.ndarray:
    """exterior_convection_coefficient with one row per surface, by blocks of rows.

    The windward and leeward films depend on the hour and the height only:
    they are computed once per distinct height, then each surface picks.
    """
    n = az.size
    if height.ndim == 1 and height.size == n:
        heights, which = np.unique(height, return_inverse=True)
        heights = heights[:, None]
    else:
        heights, which = height.reshape(1, -1), np.zeros(n, dtype=int)
    shape = (heights.shape[0], np.broadcast(speed, direction).size)
    windward, leeward = (
        np.broadcast_to(f, shape) for f in _dd2_film(speed, heights, terrain, roughness)
    )
    out = np.empty((n, shape[1]))
    for r0 in range(0, n, _ROWS):
        rows = slice(r0, r0 + _ROWS)
        d = np.abs((direction - az[rows, None] + 180.0) % 360.0 - 180.0)
        out[rows] = np.where(d <= 90.0, windward[which[rows]], leeward[which[rows]])
    return out


def exterior_film_into(
    out: np.ndarray, wind_speed: Any, wind_direction: Any, azimuth: Any, *, height: float = 3.0,
    terrain: str = "suburbs", roughness: str = "medium_rough",
) -> np.ndarray:
    """Hourly outer film h_e = h_c + h_r of surfaces [W/(m²·K)], one row per azimuth, into ``out``.

    h_c of :func:`exterior_convection_coefficient` (DOE-2/MoWiTT, hourly wind)
    plus :data:`H_RADIATIVE`, elementwise the same numbers as
    ``exterior_convection_coefficient(...) + H_RADIATIVE``, written row block by row
    block into ``out`` (shape (n_surfaces, n_hours)) without a table of h_c.

    Parameters
    ----------
    out : numpy.ndarray
        Float array (len(azimuth), n_hours) to write into.
    wind_speed, wind_direction : array_like
        Hourly weather-file wind at 10 m [m/s] and its direction [deg from north].
    azimuth : array_like
        Outward normal of each surface [deg], 1-D.
    height, terrain, roughness
        As in :func:`exterior_convection_coefficient`.

    Returns
    -------
    numpy.ndarray
        ``out``.

    Examples
    --------
    >>> out = np.empty((2, 3))
    >>> exterior_film_into(out, [4.0, 0.0, 4.0], [180.0, 0.0, 180.0], [180.0, 0.0]).round(2)
    array([[14.05,  6.52, 14.05],
           [12.89,  6.52, 12.89]])
    """
    direction = np.asarray(wind_direction, float)
    az = np.asarray(azimuth, float).reshape(-1)
    windward, leeward = (f + H_RADIATIVE for f in _dd2_film(np.asarray(wind_speed, float), np.asarray(height, float),
                                                             terrain, roughness))
    # windward or not depends on the hour's wind direction alone: decided once per distinct
    # direction of the file (a few hundred), then gathered
    directions, which = np.unique(direction, return_inverse=True)
    which = which.reshape(-1)
    for r0 in range(0, az.size, _ROWS):
        d = np.abs((directions - az[r0:r0 + _ROWS, None] + 180.0) % 360.0 - 180.0)
        dest = out[r0:r0 + _ROWS]
        np.copyto(dest, leeward)
        np.copyto(dest, windward, where=(d <= 90.0)[:, which])
    return out


def _dd2_film(speed: np.ndarray, height: np.ndarray, terrain: str, roughness: str):
    """DOE-2 h_c of a windward and of a leeward surface at each wind speed."""
    v = local_wind_speed(speed, height, terrain)
    rf = ROUGHNESS[roughness]
    out = []
    for forced in (3.26 * v**0.89, 3.55 * v**0.617):
        h_glass = np.sqrt(H_NATURAL**2 + forced**2)
        out.append(H_NATURAL + rf * (h_glass - H_NATURAL))
    return out


def opaque_absorbed_fraction(r_rest: Any, h_e: Any) -> np.ndarray:
    """Share of the solar heat absorbed on an opaque surface that enters the zone [-].

    Steady-state split between the outer film (1/h_e) and the rest of the
    element (R_rest = 1/U − R_se): f = 1/(1 + h_e·R_rest). With the ISO 6946
    design h_e = 1/R_se it is exactly R_se·U of ISO 13790:2008 11.3.4.

    Parameters
    ----------
    r_rest : array_like
        Thermal resistance of the element without its external surface
        resistance [m²·K/W]. With a 2-D ``h_e`` (n_surfaces, n_hours), a
        1-D ``r_rest`` of length n_surfaces gives one value per row.
    h_e : array_like
        External surface heat-transfer coefficient h_c + h_r [W/(m²·K)].

    Examples
    --------
    A 22 cm brick wall (U = 2.54 with R_se = 0.04: R_rest = 0.354):

    >>> round(float(opaque_absorbed_fraction(0.354, 25.0)), 3)  # ISO: R_se·U
    0.102
    >>> round(float(opaque_absorbed_fraction(0.354, 1.89 + 4.6)), 3)  # calm air
    0.303
    """
    h = np.asarray(h_e, float)
    r = np.asarray(r_rest, float)
    if h.ndim == 2 and r.ndim == 1 and r.size == h.shape[0]:
        r = r[:, None]
    return 1.0 / (1.0 + h * r)
