"""Heat transfer via the ground: ISO 13370:2017 steady-state transmittances.

Pure functions on floats or numpy arrays. The ground floor's U-value
returned here is referred to the external air temperature (b = 1), as in
ISO 13370:2017 clause 9 (steady-state part of the ground heat-transfer
coefficient H_g = A·U).

Three floor types of the coal-basin stock:

* slab on ground (9.1),
* suspended floor over a ventilated crawlspace ("vide sanitaire", 9.3),
* floor over an unheated basement / cellar (9.4).

Examples
--------
A 6 m × 9 m mid-terrace house (two party walls: only the front and back
walls, 2 × 6 m, are exposed), 25 cm walls, uninsulated concrete slab on
default ground (λ = 2.0): B' = 54/6 = 9 m, d_t = 0.25 + 2·(0.17 + 0.04)
= 0.67 m < B', so U = 4/(9π + 0.67)·ln(9π/0.67 + 1) = 0.1382·3.766:

>>> b = float(characteristic_dimension(54.0, 12.0))
>>> dt = float(equivalent_thickness(0.25, 0.0))
>>> round(b, 2), round(dt, 3), round(float(slab_on_ground_u_value(b, dt)), 3)
(9.0, 0.67, 0.52)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "GROUND_CONDUCTIVITY",
    "RHO_C_AIR_WH",
    "basement_floor_u_value",
    "basement_wall_u_value",
    "characteristic_dimension",
    "equivalent_thickness",
    "slab_on_ground_u_value",
    "suspended_floor_u_value",
    "suspended_floor_underfloor_u_value",
    "unheated_basement_u_value",
]

#: Ground thermal conductivity when the soil is unknown [W/(m·K)],
#: ISO 13370:2017, 7.1 and Table 7 (sand/gravel 2.0; clay/silt 1.5; rock 3.5).
GROUND_CONDUCTIVITY = 2.0
#: ρ·c of air [W·h/(m³·K)] used by ISO 13370:2017 eq. (18) (0.33).
RHO_C_AIR_WH = 0.33

_RSI_DOWN = 0.17
_RSE = 0.04


def characteristic_dimension(area: ArrayLike, exposed_perimeter: ArrayLike) -> np.ndarray:
    """Characteristic dimension of the floor B' = A / (0.5·P) [m].

    ISO 13370:2017, 8.1, eq. (2). P is the *exposed* perimeter: the length of
    external walls separating the heated building from the exterior or from
    an unheated space; party walls to heated neighbours are not counted.

    Parameters
    ----------
    area : array_like
        Floor area A [m²].
    exposed_perimeter : array_like
        P [m], > 0.

    Returns
    -------
    numpy.ndarray
        B' [m].

    Examples
    --------
    >>> float(characteristic_dimension(48.0, 28.0))
    3.4285714285714284
    """
    return np.asarray(area, dtype=float) / (0.5 * np.asarray(exposed_perimeter, dtype=float))


def equivalent_thickness(
    wall_thickness: ArrayLike,
    floor_resistance: ArrayLike,
    conductivity: float = GROUND_CONDUCTIVITY,
    rsi: float = _RSI_DOWN,
    rse: float = _RSE,
) -> np.ndarray:
    """Total equivalent thickness of a floor d_t = w + λ·(Rsi + R_f + Rse) [m].

    ISO 13370:2017, 9.1.1, eq. (3).

    Parameters
    ----------
    wall_thickness : array_like
        Full thickness w of the external walls [m].
    floor_resistance : array_like
        Thermal resistance of the floor construction R_f [m²·K/W] (slab,
        insulation, coverings; the resistance of a dense slab may be neglected).
    conductivity : float
        Ground λ [W/(m·K)].
    rsi, rse : float
        Surface resistances [m²·K/W] (downward flow).

    Returns
    -------
    numpy.ndarray
        d_t [m].

    Examples
    --------
    >>> round(float(equivalent_thickness(0.3, 2.0)), 2)
    4.72
    """
    return np.asarray(wall_thickness, float) + conductivity * (
        rsi + np.asarray(floor_resistance, float) + rse
    )


def slab_on_ground_u_value(
    b_prime: ArrayLike, d_t: ArrayLike, conductivity: float = GROUND_CONDUCTIVITY
) -> np.ndarray:
    """U of a slab-on-ground floor [W/(m²·K)].

    ISO 13370:2017, 9.1.2: for d_t < B' (uninsulated or moderately
    insulated), eq. (4): U = 2λ/(πB' + d_t)·ln(πB'/d_t + 1); for d_t ≥ B'
    (well insulated), eq. (5): U = λ/(0.457·B' + d_t).

    Parameters
    ----------
    b_prime : array_like
        B' [m].
    d_t : array_like
        Equivalent thickness [m].
    conductivity : float
        Ground λ [W/(m·K)].

    Returns
    -------
    numpy.ndarray
        U [W/(m²·K)].

    Examples
    --------
    Uninsulated (d_t < B'): 4/(5π + 0.7)·ln(5π/0.7 + 1) = 0.2438·3.155;
    well insulated (d_t ≥ B'): 2/(0.457·3 + 5):

    >>> round(float(slab_on_ground_u_value(5.0, 0.7)), 3)
    0.769
    >>> round(float(slab_on_ground_u_value(3.0, 5.0)), 3)
    0.314
    """
    b = np.asarray(b_prime, dtype=float)
    dt = np.asarray(d_t, dtype=float)
    lam = conductivity
    thin = 2.0 * lam / (np.pi * b + dt) * np.log(np.pi * b / dt + 1.0)
    thick = lam / (0.457 * b + dt)
    return np.where(dt < b, thin, thick)


def suspended_floor_underfloor_u_value(
    b_prime: ArrayLike,
    underfloor_wall_u: ArrayLike,
    height: ArrayLike,
    ventilation_area: ArrayLike,
    wind_speed: float = 4.0,
    wind_shielding: float = 0.05,
) -> np.ndarray:
    """Equivalent transmittance U_x of the crawlspace walls and ventilation [W/(m²·K)].

    ISO 13370:2017, 9.3, eq. (12): U_x = 2·h·U_w/B' + 1450·ε·v·f_w/B'.

    Parameters
    ----------
    b_prime : array_like
        B' [m].
    underfloor_wall_u : array_like
        U_w of the walls of the underfloor space above ground [W/(m²·K)].
    height : array_like
        h, height of the floor surface above the outside ground [m].
    ventilation_area : array_like
        ε, area of ventilation openings per unit perimeter [m²/m].
    wind_speed : float
        v, mean wind speed at 10 m [m/s] (4 m/s default, ISO 13370).
    wind_shielding : float
        f_w (0.02 sheltered, 0.05 average, 0.10 exposed; ISO 13370:2017 Table 8).

    Returns
    -------
    numpy.ndarray
        U_x [W/(m²·K)].

    Examples
    --------
    >>> round(float(suspended_floor_underfloor_u_value(4.0, 2.0, 0.3, 0.002)), 3)
    0.445
    """
    b = np.asarray(b_prime, dtype=float)
    return (
        2.0 * np.asarray(height, float) * np.asarray(underfloor_wall_u, float) / b
        + 1450.0 * np.asarray(ventilation_area, float) * wind_speed * wind_shielding / b
    )


def suspended_floor_u_value(
    floor_u: ArrayLike,
    b_prime: ArrayLike,
    wall_thickness: ArrayLike,
    underfloor_wall_u: ArrayLike = 2.0,
    height: ArrayLike = 0.3,
    ventilation_area: ArrayLike = 0.002,
    ground_resistance: ArrayLike = 0.0,
    conductivity: float = GROUND_CONDUCTIVITY,
    wind_speed: float = 4.0,
    wind_shielding: float = 0.05,
) -> np.ndarray:
    """U of a suspended floor over a ventilated crawlspace [W/(m²·K)].

    ISO 13370:2017, 9.3, eq. (10): 1/U = 1/U_f + 1/(U_g + U_x), with U_g of
    the crawlspace ground by eq. (4) using d_g = w + λ(Rsi + R_g + Rse)
    (eq. 11) and U_x by eq. (12).

    Parameters
    ----------
    floor_u : array_like
        U_f of the suspended deck between the heated space and the
        crawlspace [W/(m²·K)] (Rsi on both faces).
    b_prime : array_like
        B' [m].
    wall_thickness : array_like
        w [m].
    underfloor_wall_u, height, ventilation_area : array_like
        See :func:`suspended_floor_underfloor_u_value`.
    ground_resistance : array_like
        R_g of insulation on the crawlspace ground [m²·K/W].
    conductivity : float
        Ground λ [W/(m·K)].
    wind_speed, wind_shielding : float
        See :func:`suspended_floor_underfloor_u_value`.

    Returns
    -------
    numpy.ndarray
        U [W/(m²·K)].

    Examples
    --------
    Timber deck U_f = 1.6, B' = 4 m, w = 0.25 m: d_g = 0.67 m,
    U_g = 4/(4π + 0.67)·ln(4π/0.67 + 1) = 0.902, U_x = 2·0.3·2/4 +
    1450·0.002·4·0.05/4 = 0.445, U = 1/(1/1.6 + 1/1.347):

    >>> round(float(suspended_floor_u_value(1.6, 4.0, 0.25)), 3)
    0.731
    """
    b = np.asarray(b_prime, dtype=float)
    d_g = equivalent_thickness(wall_thickness, ground_resistance, conductivity)
    u_g = slab_on_ground_u_value(b, d_g, conductivity)
    u_x = suspended_floor_underfloor_u_value(
        b, underfloor_wall_u, height, ventilation_area, wind_speed, wind_shielding
    )
    return 1.0 / (1.0 / np.asarray(floor_u, float) + 1.0 / (u_g + u_x))


def basement_floor_u_value(
    b_prime: ArrayLike, d_t: ArrayLike, depth: ArrayLike, conductivity: float = GROUND_CONDUCTIVITY
) -> np.ndarray:
    """U of a basement floor at depth z [W/(m²·K)].

    ISO 13370:2017, 9.4.2 (heated basement), eqs. (13)–(14): as the slab
    formula with d_t + 0.5·z in place of d_t.

    Examples
    --------
    d_t + 0.5z = 1.7 m: U = 4/(4π + 1.7)·ln(4π/1.7 + 1) = 0.2804·2.127:

    >>> round(float(basement_floor_u_value(4.0, 0.7, 2.0)), 3)
    0.596
    """
    return slab_on_ground_u_value(b_prime, np.asarray(d_t, float) + 0.5 * np.asarray(depth, float), conductivity)


def basement_wall_u_value(
    d_t: ArrayLike,
    depth: ArrayLike,
    wall_resistance: ArrayLike,
    conductivity: float = GROUND_CONDUCTIVITY,
) -> np.ndarray:
    """U of basement walls below ground [W/(m²·K)].

    ISO 13370:2017, 9.4.3, eqs. (15)–(16): d_w = λ(Rsi + R_w + Rse);
    U_bw = 2λ/(πz)·(1 + 0.5·d_t/(d_t + z))·ln(z/d_w + 1). Valid for
    d_w ≥ d_t; rehab applies it as written otherwise (old brick cellars).

    Examples
    --------
    d_w = 2·(0.13 + 0.3 + 0.04) = 0.94 m;
    U = 4/(2π)·(1 + 0.35/2.7)·ln(2/0.94 + 1) = 0.6366·1.1296·1.1403:

    >>> round(float(basement_wall_u_value(0.7, 2.0, 0.3)), 3)
    0.82
    """
    z = np.asarray(depth, dtype=float)
    dt = np.asarray(d_t, dtype=float)
    d_w = conductivity * (0.13 + np.asarray(wall_resistance, float) + _RSE)
    return 2.0 * conductivity / (np.pi * z) * (1.0 + 0.5 * dt / (dt + z)) * np.log(z / d_w + 1.0)


def unheated_basement_u_value(
    floor_u: ArrayLike,
    area: ArrayLike,
    exposed_perimeter: ArrayLike,
    wall_thickness: ArrayLike,
    depth: ArrayLike,
    height_above_ground: ArrayLike,
    basement_wall_resistance: ArrayLike,
    basement_wall_u_above_ground: ArrayLike,
    air_change_rate: ArrayLike = 0.3,
    volume: ArrayLike | None = None,
    basement_floor_resistance: ArrayLike = 0.0,
    conductivity: float = GROUND_CONDUCTIVITY,
) -> np.ndarray:
    """U of a floor over an unheated basement (cellar) [W/(m²·K)].

    ISO 13370:2017, 9.5, eq. (18):
    1/U = 1/U_f + A / (A·U_bf + z·P·U_bw + h·P·U_w + 0.33·n·V), with U_bf
    and U_bw of the basement floor and walls below ground (9.4) and the
    cellar ventilation n·V (ISO 13370 default n = 0.3 h⁻¹).

    Parameters
    ----------
    floor_u : array_like
        U_f of the floor between the heated space and the cellar
        [W/(m²·K)] (Rsi on both faces).
    area, exposed_perimeter : array_like
        A [m²] and P [m] of the floor.
    wall_thickness : array_like
        w of the cellar walls [m].
    depth : array_like
        z, depth of the cellar floor below ground [m].
    height_above_ground : array_like
        h, height of the heated floor above ground [m].
    basement_wall_resistance : array_like
        R_w of the cellar walls [m²·K/W].
    basement_wall_u_above_ground : array_like
        U_w of the cellar walls above ground [W/(m²·K)].
    air_change_rate : array_like
        n [1/h].
    volume : array_like, optional
        Cellar air volume V [m³]; default A·(z + h).
    basement_floor_resistance : array_like
        R of the cellar floor [m²·K/W].
    conductivity : float
        Ground λ [W/(m·K)].

    Returns
    -------
    numpy.ndarray
        U [W/(m²·K)], referred to the external temperature.

    Examples
    --------
    Timber floor U_f = 1.6 over a 2 m deep brick cellar under a 54 m²
    mid-terrace house (P = 12 m):

    B' = 9 m, d_t = 0.76 m: U_bf = 0.378, U_bw = 0.825; with h = 0.3 m of
    wall above ground at U_w = 2 and 0.3 h⁻¹ over 54·2.3 m³:
    A·U_bf + z·P·U_bw + h·P·U_w + 0.33·n·V = 20.4 + 19.8 + 7.2 + 12.3 = 59.7 W/K
    and U = 1/(1/1.6 + 54/59.7):

    >>> u = unheated_basement_u_value(1.6, 54.0, 12.0, 0.34, 2.0, 0.3, 0.3, 2.0)
    >>> round(float(u), 3)
    0.654
    """
    a = np.asarray(area, dtype=float)
    p = np.asarray(exposed_perimeter, dtype=float)
    z = np.asarray(depth, dtype=float)
    h = np.asarray(height_above_ground, dtype=float)
    if volume is None:
        volume = a * (z + h)
    b = characteristic_dimension(a, p)
    dt = equivalent_thickness(wall_thickness, basement_floor_resistance, conductivity)
    u_bf = basement_floor_u_value(b, dt, z, conductivity)
    u_bw = basement_wall_u_value(dt, z, basement_wall_resistance, conductivity)
    h_ue = (
        a * u_bf
        + z * p * u_bw
        + h * p * np.asarray(basement_wall_u_above_ground, float)
        + RHO_C_AIR_WH * np.asarray(air_change_rate, float) * np.asarray(volume, float)
    )
    return 1.0 / (1.0 / np.asarray(floor_u, float) + a / h_ue)
