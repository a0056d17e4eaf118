"""ASHRAE Standard 140 (BESTEST) cases 600, 900, 600FF and 900FF as 5R1C inputs.

Built at physics level from the published inputs (geometry, layers,
windows, infiltration, gains, set-points), for the validation tests and
the benchmarks. Every number below is either a BESTEST input or a
documented modelling choice of rehab:

* Geometry: one zone 8 m (E–W) × 6 m (N–S) × 2.7 m, 12 m² of south glazing
  (two 3 × 2 m windows), floor area 48 m², volume 129.6 m³.
* U-values from the layers with the conventional surface resistances of
  ISO 6946:2017 (Table 7: R_si 0.13 walls, 0.10 roof, 0.17 floor; R_se
  0.04), through :mod:`rehab.envelope`. Window U = 3.0 W/(m²·K) (BESTEST
  clear double glazing, films included).
* Floor: the R = 25.075 (600) / 25.175 (900) m²·K/W insulation couples the
  zone to the ground at 10 °C (the ground temperature of the EnergyPlus
  reference runs).
* Heat capacity C_m = Σ κ_m·A over the inner surfaces, κ_m by the simplified
  effective-thickness rule of ISO 13786 used by ISO 13790:2008, 12.3.1.1
  (:func:`rehab.envelope.areal_heat_capacity`); effective mass area
  A_m = C_m²/Σ(A·κ_m²) (ISO 13790:2008, 12.3.1.2). A_t is the real area of
  the six inner faces (171.6 m²) rather than 4.5·A_f.
* Infiltration 0.5 ach with the density of air at Denver's elevation
  (standard atmosphere, 20 °C): the same mass flow as the 0.414 ach at
  sea-level density of the 2020 edition.
* Solar: window row = beam·IAM(θ) + diffuse·IAM_d of clear double glazing
  (:func:`rehab.solar.glazing_angular_modifier`, Fresnel–Beer, panes of the
  standard), times g⊥ = 0.789 and 12 m²; opaque rows = total irradiance on
  each face times α·R_se·U·A (α = 0.6; ISO 13790:2008, 11.3.4).
* Sky: h_sky = Σ F_r·R_se·U·A·h_r with h_r = 5·ε (ε = 0.9 opaque, 0.84
  glass as in Standard 140), F_r = 1 roof, 0.5 walls and window
  (ISO 13790:2008, 11.3.5, 11.4.6); θ_sky hourly from the weather file,
  corrected to the hourly h_r = 4εσ(θ_ss + 273)³ of 11.4.6
  (:func:`rehab.gains.effective_sky_temperature`: Denver's cold, clear
  skies give h_r ≈ 4 W/(m²·K) in winter).
* Ground reflectance 0.2 (Standard 140).
* Gains 200 W continuous; set-points 20 °C heating / 27 °C cooling on the
  air temperature (ideal, unlimited); free-float cases have neither.

Examples
--------
>>> from rehab.demand.bestest import bestest_case, layer_u_values
>>> {k: round(v, 4) for k, v in sorted(layer_u_values("600").items())}
{'floor': 0.0393, 'roof': 0.3192, 'wall': 0.5104, 'window': 3.0}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..envelope import areal_heat_capacity, opaque_total_resistance, u_value
from ..errors import UnknownNameError
from ..gains import (
    R_SE,
    effective_sky_temperature,
    opaque_solar_aperture,
    sky_loss_coefficient,
    window_solar_aperture,
)
from .zones import ThermalZones, ZoneClimate

if TYPE_CHECKING:
    from ..weather import Weather

__all__ = ["CASES", "air_heat_capacity_per_volume", "bestest_case", "layer_u_values"]

#: The cases this module builds.
CASES = ("600", "900", "600FF", "900FF")

_L_EW, _L_NS, _HEIGHT = 8.0, 6.0, 2.7
_A_FLOOR = _L_EW * _L_NS
_VOLUME = _A_FLOOR * _HEIGHT
_A_WINDOW = 12.0
_A_WALL = {
    "N": _L_EW * _HEIGHT,
    "E": _L_NS * _HEIGHT,
    "S": _L_EW * _HEIGHT - _A_WINDOW,
    "W": _L_NS * _HEIGHT,
}
_AZIMUTH = {"N": 0.0, "E": 90.0, "S": 180.0, "W": 270.0}
_U_WINDOW = 3.0
_SHGC = 0.789
_ABSORPTANCE = 0.6
_EMISSIVITY = 0.9
_GLASS_EMISSIVITY = 0.84
_ALBEDO = 0.2
_GAINS = 200.0
_ACH = 0.5
_THETA_GROUND = 10.0

# layers, outside -> inside: (thickness m, conductivity W/mK, density kg/m3, c J/kgK, insulation)
_LAYERS = {
    "600": {
        "wall": [
            (0.009, 0.14, 530.0, 900.0, False),
            (0.066, 0.04, 12.0, 840.0, True),
            (0.012, 0.16, 950.0, 840.0, False),
        ],
        "roof": [
            (0.019, 0.14, 530.0, 900.0, False),
            (0.1118, 0.04, 12.0, 840.0, True),
            (0.010, 0.16, 950.0, 840.0, False),
        ],
        "floor": [(0.025, 0.14, 650.0, 1200.0, False)],
        "floor_r": 25.075,
    },
    "900": {
        "wall": [
            (0.009, 0.14, 530.0, 900.0, False),
            (0.0615, 0.04, 10.0, 1400.0, True),
            (0.100, 0.51, 1400.0, 1000.0, False),
        ],
        "roof": [
            (0.019, 0.14, 530.0, 900.0, False),
            (0.1118, 0.04, 12.0, 840.0, True),
            (0.010, 0.16, 950.0, 840.0, False),
        ],
        "floor": [(0.080, 1.13, 1400.0, 1000.0, False)],
        "floor_r": 25.175,
    },
}


def _base(name: str) -> str:
    key = str(name).upper().removesuffix("FF")
    if key not in _LAYERS or str(name).upper() not in CASES:
        raise UnknownNameError("BESTEST case", name, CASES)
    return key


def layer_u_values(name: str) -> dict[str, float]:
    """U-values of the case's elements [W/(m²·K)] from their layers (ISO 6946:2017).

    Parameters
    ----------
    name : {"600", "900", "600FF", "900FF"}

    Returns
    -------
    dict
        ``wall``, ``roof``, ``floor`` and ``window``.
    """
    spec = _LAYERS[_base(name)]

    def u(element: str, direction: str, extra: float = 0.0) -> float:
        layers = spec[element]
        d = [x[0] for x in layers]
        lam = [x[1] for x in layers]
        return float(u_value(opaque_total_resistance(d, lam, direction, extra_resistance=extra)))

    return {
        "wall": u("wall", "horizontal"),
        "roof": u("roof", "up"),
        "floor": u("floor", "down", spec["floor_r"]),
        "window": _U_WINDOW,
    }


def _kappa(layers: list[tuple[float, float, float, float, bool]], r_extra: float = 0.0) -> float:
    # the floor's R = 25 insulation is given as a resistance only: it enters
    # as a massless insulating layer of the thickness it would have at
    # λ = 0.04 W/(m·K), so that the half-thickness rule of ISO 13786 sees the
    # slab as lying wholly inside the insulation
    if r_extra:
        layers = [(r_extra * 0.04, 0.04, 0.0, 0.0, True), *layers]
    inside_out = layers[::-1]
    return float(
        areal_heat_capacity(
            [x[0] for x in inside_out],
            [x[2] for x in inside_out],
            [x[3] for x in inside_out],
            [x[4] for x in inside_out],
        )
    )


def air_heat_capacity_per_volume(elevation: float, temperature: float = 20.0) -> float:
    """Volumetric heat capacity of air ρ·c_p at an elevation [J/(m³·K)].

    Pressure of the standard atmosphere,
    p = 101325·(1 − 2.25577e-5·z)^5.25588 Pa (ASHRAE Handbook —
    Fundamentals 2017, ch. 1, eq. 3), ideal gas with R = 287.05 J/(kg·K),
    c_p = 1006 J/(kg·K).

    Parameters
    ----------
    elevation : float
        Site elevation z [m].
    temperature : float, default 20
        Air temperature [°C].

    Returns
    -------
    float
        ρ·c_p [J/(m³·K)].

    Examples
    --------
    >>> round(air_heat_capacity_per_volume(0.0)), round(air_heat_capacity_per_volume(1650.0))
    (1211, 992)
    """
    p = 101325.0 * (1.0 - 2.25577e-5 * elevation) ** 5.25588
    rho = p / (287.05 * (temperature + 273.15))
    return rho * 1006.0


def bestest_case(name: str, weather: Weather) -> tuple[ThermalZones, ZoneClimate]:
    """The BESTEST case ``name`` as a one-house batch and its climate.

    Parameters
    ----------
    name : {"600", "900", "600FF", "900FF"}
        Case; "FF" cases are free-floating (no heating, no cooling).
    weather : rehab.weather.Weather
        The Denver TMY3 file of Standard 140 (725650).

    Returns
    -------
    (ThermalZones, ZoneClimate)
        Simulate with ``simulate_hourly(z, c, setpoint_on="air")``
        (BESTEST thermostats sense the air temperature).

    Raises
    ------
    UnknownNameError
        Unknown case.
    """
    from ..solar import glazing_angular_modifier, glazing_diffuse_modifier, surface_irradiance

    base = _base(name)
    free = str(name).upper().endswith("FF")
    spec = _LAYERS[base]
    u = layer_u_values(base)

    faces = ["N", "E", "S", "W"]
    irr = surface_irradiance(
        weather,
        azimuth=[_AZIMUTH[f] for f in faces] + [180.0],
        tilt=[90.0] * 4 + [0.0],
        albedo=_ALBEDO,
    )
    iam_beam = glazing_angular_modifier(irr.aoi[2], 2)
    iam_diffuse = float(glazing_diffuse_modifier(2))
    window_row = irr.beam[2] * iam_beam + (irr.sky_diffuse[2] + irr.ground_diffuse[2]) * iam_diffuse
    table = np.vstack([irr.total, window_row[None, :]])  # rows: N E S W roof window

    a_wall = np.array([_A_WALL[f] for f in faces])
    sol_area = np.concatenate(
        [
            opaque_solar_aperture(_ABSORPTANCE, u["wall"], a_wall, R_SE),
            [opaque_solar_aperture(_ABSORPTANCE, u["roof"], _A_FLOOR, R_SE)],
            [window_solar_aperture(_A_WINDOW, _SHGC, 0.0, f_w=1.0)],
        ]
    )
    h_sky = (
        float(np.sum(sky_loss_coefficient(u["wall"], a_wall, 0.5, _EMISSIVITY)))
        + sky_loss_coefficient(u["roof"], _A_FLOOR, 1.0, _EMISSIVITY)
        + sky_loss_coefficient(_U_WINDOW, _A_WINDOW, 0.5, _GLASS_EMISSIVITY)
    )

    k_wall, k_roof = _kappa(spec["wall"]), _kappa(spec["roof"])
    k_floor = _kappa(spec["floor"], spec["floor_r"])
    areas = np.array([a_wall.sum(), _A_FLOOR, _A_FLOOR])
    kappas = np.array([k_wall, k_roof, k_floor])
    c_m = float(np.sum(areas * kappas))
    a_m = c_m**2 / float(np.sum(areas * kappas**2))
    a_t = float(areas.sum() + _A_WINDOW)

    h_ve = _ACH * _VOLUME / 3600.0 * air_heat_capacity_per_volume(weather.elevation)
    zones = ThermalZones.from_arrays(
        h_tr_op=u["wall"] * a_wall.sum() + u["roof"] * _A_FLOOR,
        h_tr_gr=u["floor"] * _A_FLOOR,
        h_tr_w=_U_WINDOW * _A_WINDOW,
        h_ve=h_ve,
        c_m=c_m,
        a_m=a_m,
        a_t=a_t,
        a_floor=_A_FLOOR,
        phi_int=_GAINS,
        sol_idx=np.arange(6),
        sol_area=sol_area,
        h_sky=h_sky,
    )
    n = weather.n_hours
    climate = ZoneClimate.from_arrays(
        theta_e=np.asarray(weather.temp_air, dtype=float),
        month=np.asarray(weather.month),
        irradiance=table,
        theta_ground=np.full(n, _THETA_GROUND),
        theta_sky=effective_sky_temperature(weather.temp_air, weather.sky_temperature),
        theta_h_set=-np.inf if free else 20.0,
        theta_c_set=np.inf if free else 27.0,
    )
    return zones, climate
