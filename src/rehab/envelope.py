"""Envelope physics: thermal resistance and transmittance of building elements.

Pure functions on floats or numpy arrays (broadcasting over a leading house
axis), SI units, no pydantic, no pint. The models in :mod:`rehab.house` call
them once when they are built.

Standards
---------
* ISO 6946:2017 — thermal resistance and transmittance of building
  components (surface resistances Table 7, air layers 6.9 and Annex D,
  inhomogeneous layers by the upper/lower-limit method 6.7.2).
* ISO 13786:2017 — dynamic thermal characteristics; the simplified
  effective-thickness estimate of the areal heat capacity (the "10 cm rule",
  also used by ISO 13790:2008 12.3.1).
* ISO 10077-1:2017 — thermal transmittance of windows and doors.
* ISO 13789:2017 — transmission heat-transfer coefficient, adjustment factor
  b for unheated spaces.

Examples
--------
A 22 cm old solid brick wall (λ = 1.07 W/(m·K)) with 15 mm lime plaster
(λ = 0.80): R_T = 0.13 + 0.22/1.07 + 0.015/0.80 + 0.04 = 0.3944 m²·K/W.

>>> r = opaque_total_resistance([0.22, 0.015], [1.07, 0.80], "horizontal")
>>> round(float(r), 4), round(float(u_value(r)), 3)
(0.3944, 2.536)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .errors import InputError

__all__ = [
    "RSE",
    "RSI",
    "STEFAN_BOLTZMANN",
    "adjustment_factor_b",
    "air_layer_resistance",
    "areal_heat_capacity",
    "check_direction",
    "heat_flow_direction",
    "inhomogeneous_total_resistance",
    "layer_resistance",
    "opaque_total_resistance",
    "slightly_ventilated_air_layer_resistance",
    "surface_resistances",
    "u_value",
    "unheated_space_ventilation_conductance",
    "window_u_value",
    "window_with_shutter_u_value",
]

#: Internal surface resistance Rsi [m²·K/W] by heat-flow direction,
#: ISO 6946:2017 Table 7 (conventional values, unchanged since 2007).
RSI = {"up": 0.10, "horizontal": 0.13, "down": 0.17}
#: External surface resistance Rse [m²·K/W], ISO 6946:2017 Table 7.
RSE = 0.04
#: Stefan-Boltzmann constant σ [W/(m²·K⁴)] (CODATA 2018).
STEFAN_BOLTZMANN = 5.670374419e-8

_DIRECTIONS = ("up", "horizontal", "down")


def check_direction(direction: object) -> str:
    """The heat-flow direction if it is one of ``"up"``, ``"horizontal"``, ``"down"`` (ISO 6946:2017 Table 7).

    Raises
    ------
    InputError
        Any other value, with the allowed ones.

    Examples
    --------
    >>> check_direction("up")
    'up'
    """
    if not isinstance(direction, str) or direction not in RSI:
        raise InputError(
            f"direction {direction!r}: heat-flow direction must be one of 'up', 'horizontal', 'down' "
            "(ISO 6946:2017 Table 7)"
        )
    return direction


def heat_flow_direction(tilt: float, faces_down: bool = False) -> str:
    """Heat-flow direction of an element for the surface resistances.

    ISO 6946:2017, 6.8 and Table 7: the "horizontal" values apply to heat
    flow within ±30° of the horizontal plane, i.e. to elements tilted more
    than 60° from the horizontal.

    Parameters
    ----------
    tilt : float
        Tilt of the element's outer face from the horizontal [deg]:
        0 = roof/ceiling facing up, 90 = wall.
    faces_down : bool
        True for floors (heat flows downwards in winter).

    Returns
    -------
    str
        "up", "horizontal" or "down".

    Examples
    --------
    >>> heat_flow_direction(90), heat_flow_direction(35), heat_flow_direction(0, faces_down=True)
    ('horizontal', 'up', 'down')
    """
    if faces_down:
        return "down" if tilt <= 60.0 else "horizontal"
    return "horizontal" if tilt > 60.0 else "up"


def surface_resistances(direction: str, *, rse: float = RSE) -> tuple[float, float]:
    """Internal and external surface resistances (Rsi, Rse) [m²·K/W].

    ISO 6946:2017, 6.8 and Table 7 (plane surfaces, ε = 0.9).

    Parameters
    ----------
    direction : {"up", "horizontal", "down"}
        Direction of the heat flow.
    rse : float
        External surface resistance [m²·K/W]; use Rsi of the same direction
        towards a well-ventilated air layer (ISO 6946:2017, 6.9.5) or an
        unheated space.

    Returns
    -------
    tuple of float
        (Rsi, Rse).

    Examples
    --------
    >>> surface_resistances("up")
    (0.1, 0.04)
    """
    return RSI[check_direction(direction)], rse


def layer_resistance(thickness: ArrayLike, conductivity: ArrayLike) -> np.ndarray:
    """Thermal resistance of a homogeneous layer R = d/λ [m²·K/W].

    ISO 6946:2017, 6.7.1, eq. (4).

    Parameters
    ----------
    thickness : array_like
        Layer thickness d [m].
    conductivity : array_like
        Design thermal conductivity λ [W/(m·K)].

    Returns
    -------
    numpy.ndarray
        R [m²·K/W].

    Examples
    --------
    >>> float(layer_resistance(0.10, 0.035))
    2.857142857142857
    """
    return np.asarray(thickness, dtype=float) / np.asarray(conductivity, dtype=float)


def air_layer_resistance(
    thickness: ArrayLike,
    direction: str,
    emissivity_1: ArrayLike = 0.9,
    emissivity_2: ArrayLike = 0.9,
    mean_temperature: float = 10.0,
) -> np.ndarray:
    """Thermal resistance of an unventilated air layer [m²·K/W].

    ISO 6946:2017, Annex D.2: R_g = 1 / (h_a + h_r) with the convective
    coefficient h_a (horizontal flow: max(1.25, 0.025/d); upward:
    max(1.95, 0.025/d); downward: max(0.12·d^-0.44, 0.025/d)) and the
    radiative coefficient h_r = E·h_r0, E = 1/(1/ε1 + 1/ε2 − 1),
    h_r0 = 4σT_mn³. With ε = 0.9 and 10 °C it reproduces ISO 6946:2017
    Table 8 (e.g. 25 mm horizontal: 0.18 m²·K/W). Valid for layers no thicker
    than 0.3 m whose length and width exceed ten times the thickness.

    Parameters
    ----------
    thickness : array_like
        Air-layer thickness d [m], > 0.
    direction : {"up", "horizontal", "down"}
        Heat-flow direction.
    emissivity_1, emissivity_2 : array_like
        Hemispherical emissivities of the bounding surfaces [-].
    mean_temperature : float
        Mean temperature of the layer [°C].

    Returns
    -------
    numpy.ndarray
        R_g [m²·K/W].

    Examples
    --------
    >>> round(float(air_layer_resistance(0.025, "horizontal")), 2)
    0.18
    >>> round(float(air_layer_resistance(0.10, "down")), 2)
    0.22
    """
    d = np.asarray(thickness, dtype=float)
    if np.any(d <= 0):
        raise InputError(f"air layer thickness {d!r}: must be > 0 m")
    e1 = np.asarray(emissivity_1, dtype=float)
    e2 = np.asarray(emissivity_2, dtype=float)
    t_mn = mean_temperature + 273.15
    h_r0 = 4.0 * STEFAN_BOLTZMANN * t_mn**3
    big_e = 1.0 / (1.0 / e1 + 1.0 / e2 - 1.0)
    conduction = 0.025 / d
    if direction == "horizontal":
        h_a = np.maximum(1.25, conduction)
    elif direction == "up":
        h_a = np.maximum(1.95, conduction)
    elif direction == "down":
        h_a = np.maximum(0.12 * d**-0.44, conduction)
    else:
        check_direction(direction)
    return 1.0 / (h_a + big_e * h_r0)


def slightly_ventilated_air_layer_resistance(
    r_unventilated: ArrayLike, r_ventilated_path: ArrayLike, opening_area: ArrayLike
) -> np.ndarray:
    """Total resistance of a component with a slightly ventilated air layer [m²·K/W].

    ISO 6946:2017, 6.9.3, eq. (9): R_T = (1500 − A_v)/1000 · R_T,u +
    (A_v − 500)/1000 · R_T,v for 500 < A_v ≤ 1500 mm² of openings per m
    (vertical layers) or per m² (horizontal layers).

    Parameters
    ----------
    r_unventilated : array_like
        R_T of the component with an unventilated air layer [m²·K/W].
    r_ventilated_path : array_like
        R_T with a well-ventilated air layer (6.9.4) [m²·K/W].
    opening_area : array_like
        A_v [mm²/m or mm²/m²], 500..1500.

    Returns
    -------
    numpy.ndarray
        R_T [m²·K/W].

    Examples
    --------
    >>> float(slightly_ventilated_air_layer_resistance(2.0, 1.5, 1000.0))
    1.75
    """
    av = np.clip(np.asarray(opening_area, dtype=float), 500.0, 1500.0)
    return (1500.0 - av) / 1000.0 * np.asarray(r_unventilated, float) + (av - 500.0) / 1000.0 * np.asarray(
        r_ventilated_path, float
    )


def opaque_total_resistance(
    thickness: ArrayLike,
    conductivity: ArrayLike,
    direction: str,
    *,
    extra_resistance: ArrayLike = 0.0,
    rse: float = RSE,
) -> np.ndarray:
    """Total resistance R_T of homogeneous layers between two environments [m²·K/W].

    ISO 6946:2017, 6.7.1, eq. (5): R_T = Rsi + R_1 + … + R_n + Rse.

    Parameters
    ----------
    thickness, conductivity : array_like
        Layer thicknesses [m] and conductivities [W/(m·K)], last axis = layers.
    direction : {"up", "horizontal", "down"}
        Heat-flow direction (for Rsi).
    extra_resistance : array_like
        Further resistances in series (air layers, no-mass layers) [m²·K/W].
    rse : float
        External surface resistance [m²·K/W].

    Returns
    -------
    numpy.ndarray
        R_T [m²·K/W].

    Examples
    --------
    >>> round(float(opaque_total_resistance([0.22], [1.07], "horizontal")), 4)
    0.3756
    """
    rsi, rse = surface_resistances(direction, rse=rse)
    r_layers = layer_resistance(thickness, conductivity).sum(axis=-1)
    return rsi + r_layers + np.asarray(extra_resistance, dtype=float) + rse


def inhomogeneous_total_resistance(
    layer_resistances: ArrayLike, fractions: ArrayLike, rsi: float, rse: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Total resistance of a component with inhomogeneous layers [m²·K/W].

    ISO 6946:2017, 6.7.2: upper limit R'_T = 1/Σ_j (f_j / R_T,j) (6.7.2.2,
    eq. 7), lower limit R''_T = Rsi + Σ_i R''_i + Rse with
    1/R''_i = Σ_j f_j / R_ij (6.7.2.3, eq. 8–9: the parallel-path
    equivalent of each layer), and R_T = (R'_T + R''_T)/2 (eq. 6).

    Parameters
    ----------
    layer_resistances : array_like
        R_ij [m²·K/W] of layer i in section j, shape (..., n_sections, n_layers).
    fractions : array_like
        Area fraction f_j of each section, shape (..., n_sections), summing to 1.
    rsi, rse : float
        Surface resistances [m²·K/W].

    Returns
    -------
    tuple of numpy.ndarray
        (R_T, R'_T upper, R''_T lower) [m²·K/W]. ISO 6946 bounds the relative
        error by (R'_T − R''_T)/(2 R_T).

    Examples
    --------
    Mineral wool 100 mm (λ 0.035) between softwood joists 100 mm (λ 0.13) at
    10 %, with 12.5 mm plasterboard, heat flow up (Rsi = Rse = 0.10 towards
    an attic). Sections: R = 0.1 + 2.857 + 0.05 + 0.1 = 3.107 and
    0.1 + 0.769 + 0.05 + 0.1 = 1.019, so R' = 1/(0.9/3.107 + 0.1/1.019)
    = 2.579; the bridged layer's parallel equivalent is
    1/(0.9/2.857 + 0.1/0.769) = 2.247, so R'' = 0.1 + 2.247 + 0.05 + 0.1
    = 2.497:

    >>> r = [[0.1/0.035, 0.0125/0.25], [0.1/0.13, 0.0125/0.25]]
    >>> rt, up, lo = inhomogeneous_total_resistance(r, [0.9, 0.1], 0.10, 0.10)
    >>> round(float(up), 3), round(float(lo), 3), round(float(rt), 3)
    (2.579, 2.497, 2.538)
    """
    r = np.asarray(layer_resistances, dtype=float)
    f = np.asarray(fractions, dtype=float)
    r_sections = rsi + r.sum(axis=-1) + rse  # (..., n_sections)
    upper = 1.0 / np.sum(f / r_sections, axis=-1)
    equivalent = 1.0 / np.sum(f[..., :, None] / r, axis=-2)  # (..., n_layers)
    lower = rsi + equivalent.sum(axis=-1) + rse
    return 0.5 * (upper + lower), upper, lower


def u_value(total_resistance: ArrayLike) -> np.ndarray:
    """Thermal transmittance U = 1/R_T [W/(m²·K)].

    ISO 6946:2017, 6.10 (corrections ΔU for air gaps in insulation,
    fasteners and inverted roofs are not applied: rehab's constructions
    describe them through their layers).

    Examples
    --------
    >>> float(u_value(0.5))
    2.0
    """
    return 1.0 / np.asarray(total_resistance, dtype=float)


def areal_heat_capacity(
    thickness: ArrayLike,
    density: ArrayLike,
    specific_heat: ArrayLike,
    is_insulation: ArrayLike,
    max_depth: float = 0.10,
) -> np.ndarray:
    """Internal areal heat capacity κ_m of a construction [J/(m²·K)].

    Simplified effective-thickness method of ISO 13786 (2007 Annex A, 2017
    Annex C), as used by ISO 13790:2008, 12.3.1.1: κ = Σ ρ_i c_i d_i over the
    layers from the inner surface up to the smallest of (a) half the total
    thickness, (b) the first insulation layer, (c) 0.10 m.

    Parameters
    ----------
    thickness, density, specific_heat : array_like
        Layers ordered from the *inside* surface outwards, last axis = layers:
        d [m], ρ [kg/m³], c [J/(kg·K)].
    is_insulation : array_like of bool
        True for insulating layers (the count stops there).
    max_depth : float
        Maximum effective thickness [m] (0.10 m in ISO 13790).

    Returns
    -------
    numpy.ndarray
        κ_m [J/(m²·K)].

    Examples
    --------
    22 cm brick (1850 kg/m³, 920 J/(kg·K)) behind 15 mm lime plaster
    (1600, 1000): 0.015·1600·1000 + 0.085·1850·920 = 168,670 J/(m²·K).

    >>> round(float(areal_heat_capacity([0.015, 0.22], [1600, 1850], [1000, 920], [False, False])))
    168670
    """
    d = np.asarray(thickness, dtype=float)
    rc = np.asarray(density, dtype=float) * np.asarray(specific_heat, dtype=float)
    ins = np.asarray(is_insulation, dtype=bool)
    limit = np.minimum(0.5 * d.sum(axis=-1, keepdims=True), max_depth)
    start = np.cumsum(d, axis=-1) - d
    # stop at the first insulating layer
    blocked = np.cumsum(ins, axis=-1) > 0
    counted = np.clip(limit - start, 0.0, None)
    counted = np.minimum(counted, d)
    counted = np.where(blocked, 0.0, counted)
    return (counted * rc).sum(axis=-1)


def window_u_value(
    u_glazing: ArrayLike,
    u_frame: ArrayLike,
    frame_fraction: ArrayLike,
    psi_glazing: ArrayLike = 0.0,
    glazing_perimeter_per_area: ArrayLike = 0.0,
) -> np.ndarray:
    """Thermal transmittance of a window U_w [W/(m²·K)].

    ISO 10077-1:2017, 6.1, eq. (1) written per unit window area:
    U_w = (1 − f_F)·U_g + f_F·U_f + ψ_g·l_g/A_w.

    Parameters
    ----------
    u_glazing : array_like
        U_g of the glazing [W/(m²·K)].
    u_frame : array_like
        U_f of the frame [W/(m²·K)].
    frame_fraction : array_like
        f_F = A_f/A_w [-], 0..1.
    psi_glazing : array_like
        Linear transmittance of the glazing edge ψ_g [W/(m·K)]
        (ISO 10077-1:2017 Annex E: ~0.06–0.08 for metal spacers in double glazing,
        0 for single glazing).
    glazing_perimeter_per_area : array_like
        l_g/A_w [m/m²].

    Returns
    -------
    numpy.ndarray
        U_w [W/(m²·K)].

    Examples
    --------
    Double glazing U_g 1.1, PVC frame U_f 1.3 at 30 %, ψ_g 0.06 with
    3.5 m of glazing edge per m² of window:

    >>> round(float(window_u_value(1.1, 1.3, 0.30, 0.06, 3.5)), 2)
    1.37
    """
    ff = np.asarray(frame_fraction, dtype=float)
    return (1.0 - ff) * np.asarray(u_glazing, float) + ff * np.asarray(u_frame, float) + np.asarray(
        psi_glazing, float
    ) * np.asarray(glazing_perimeter_per_area, float)


def window_with_shutter_u_value(u_window: ArrayLike, delta_r: ArrayLike) -> np.ndarray:
    """U of a window with a closed shutter, U_ws = 1/(1/U_w + ΔR) [W/(m²·K)].

    ISO 10077-1:2017, 6.2, eq. (3); ΔR from the shutter's air permeability
    (ISO 10077-1:2017 Annex G, e.g. 0.08 m²·K/W for very high permeability).

    Examples
    --------
    1/(1/4.9 + 0.15) = 1/0.354:

    >>> round(float(window_with_shutter_u_value(4.9, 0.15)), 3)
    2.824
    """
    return 1.0 / (1.0 / np.asarray(u_window, float) + np.asarray(delta_r, float))


def unheated_space_ventilation_conductance(air_change_rate: ArrayLike, volume: ArrayLike) -> np.ndarray:
    """Ventilation heat-transfer coefficient of an unheated space H_ue,ve [W/K].

    ISO 13789:2017, 8.2: H = ρ_a·c_a·q with ρ_a·c_a = 1200 J/(m³·K)
    and q = n·V/3600 [m³/s].

    Parameters
    ----------
    air_change_rate : array_like
        n [1/h] (ISO 13789:2017 Table 7 conventional values: 0.1 to 10 h⁻¹).
    volume : array_like
        Air volume of the unheated space [m³].

    Examples
    --------
    >>> float(unheated_space_ventilation_conductance(3.0, 40.0))
    40.0
    """
    return 1200.0 * np.asarray(air_change_rate, float) * np.asarray(volume, float) / 3600.0


def adjustment_factor_b(h_iu: ArrayLike, h_ue: ArrayLike) -> np.ndarray:
    """Adjustment factor for heat loss through an unheated space, b [-].

    ISO 13789:2017, 6.4, eq. (6) (the French "coefficient b"):
    b = H_ue / (H_iu + H_ue), where H_iu is the heat-transfer coefficient
    from the heated space to the unheated space and H_ue from the unheated
    space to the exterior (transmission + ventilation).

    Parameters
    ----------
    h_iu, h_ue : array_like
        [W/K], ≥ 0, not both zero.

    Returns
    -------
    numpy.ndarray
        b in [0, 1].

    Examples
    --------
    An attic: ceiling 50 m² at U 2.0 (H_iu = 100 W/K), tiled roof 60 m² at
    U 5 plus 3 h⁻¹ over 40 m³ (H_ue = 300 + 40 = 340 W/K):

    >>> round(float(adjustment_factor_b(100.0, 340.0)), 3)
    0.773
    """
    h_iu = np.asarray(h_iu, dtype=float)
    h_ue = np.asarray(h_ue, dtype=float)
    return h_ue / (h_iu + h_ue)
