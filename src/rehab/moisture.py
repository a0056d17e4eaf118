"""Interstitial condensation by the monthly Glaser method (ISO 13788:2012, clause 6).

Internal insulation of a solid brick wall moves the brick to the cold side:
water vapour from the dwelling diffuses through the new layers and may
condense where it meets the cold, more vapour-tight brick. ISO 13788:2012
clause 6 assesses that risk with steady-state vapour diffusion month by
month (the "Glaser" method):

* temperatures through the layers from their thermal resistances
  (surface resistances of ISO 6946, Rsi 0.13, Rse 0.04 m²·K/W for walls);
* saturation pressure at each interface (ISO 13788:2012 Annex E,
  :func:`saturation_pressure`);
* vapour pressure drawn against the equivalent air-layer thickness
  s_d = μ·d, as the tightest line from the outdoor to the indoor vapour
  pressure that never exceeds saturation (the lower convex hull of the
  saturation points); where it touches saturation, vapour condenses at the
  rate g_c = δ₀·(slope inside − slope outside), δ₀ = 2×10⁻¹⁰ kg/(m·s·Pa);
* accumulation month by month from the first month with condensation
  (6.4); interfaces that hold water stay at saturation and dry out when the
  flux reverses;
* layers thicker than R = 0.25 m²·K/W are split into notional sub-layers
  (6.3) so that condensation inside an insulation layer is found.

Boundary conditions: the exterior monthly mean temperature and vapour
pressure from the weather file (:func:`monthly_exterior`); the interior at
20 °C with the vapour-pressure excess of the humidity class of ISO
13788:2012 Annex A (:func:`vapour_pressure_excess`; dwellings are class 3,
"low occupancy", or 4, "high occupancy"), times a safety factor 1.10.

Assessment (:class:`GlaserResult`): a construction is **flagged** when the
condensate does not evaporate completely within the twelve-month cycle
(ISO 13788:2012 6.5: it accumulates year after year), or when the peak
accumulation at an interface exceeds the limit of DIN 4108-3:2018 (5.2.1):
1.0 kg/m² in general, 0.5 kg/m² at an interface with a capillary
non-absorbing layer (foams, mineral wool, membranes).

The method ignores capillary transport, moisture storage, driving rain and
air leakage (ISO 13788:2012 clause 1): it is pessimistic for
capillary-active internal insulation (calcium silicate, wood fibre), which
redistributes condensate, and it cannot see rain wetting of the brick.
A flagged capillary-active system calls for a hygrothermal simulation
(EN 15026), not necessarily for another system.

Examples
--------
>>> import rehab
>>> from rehab.constructions import Construction, Layer
>>> from rehab.moisture import glaser_check
>>> wall = Construction(layers=[
...     Layer(material="brick_solid_old", thickness=0.22),
...     Layer(material="plaster_lime", thickness=0.015),
...     Layer(material="glass_wool", thickness=0.10),
...     Layer(material="plasterboard", thickness=0.0125)])
>>> r = glaser_check(wall)
>>> r.flagged, round(r.max_accumulation_kg_m2, 2)
(True, 5.0)
>>> print(r.reason)
condensation from Oct peaks at 5.00 kg/m² at plaster_lime | glass_wool, above the 0.5 kg/m² limit of DIN 4108-3 (it dries out in summer)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from . import envelope
from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from .constructions import Construction
    from .weather import Weather

__all__ = [
    "DAYS_PER_MONTH",
    "DELTA_0",
    "HUMIDITY_CLASS_EXCESS",
    "LIMIT_GENERAL",
    "LIMIT_NON_CAPILLARY",
    "MAX_SUBLAYER_RESISTANCE",
    "SAFETY_FACTOR",
    "GlaserResult",
    "glaser",
    "glaser_check",
    "interface_temperatures",
    "internal_vapour_pressure",
    "monthly_exterior",
    "saturation_pressure",
    "vapour_pressure",
    "vapour_pressure_excess",
]

#: Water-vapour permeability of still air δ₀ [kg/(m·s·Pa)], the value of
#: ISO 13788:2012 (3.2, symbols; also EN ISO 12572), used with s_d = μ·d.
DELTA_0 = 2.0e-10

#: Internal vapour-pressure excess Δp [Pa] at a monthly mean exterior
#: temperature of 0 °C or below, by humidity class (ISO 13788:2012 Annex A,
#: Figure A.1 / Table A.1): 1 storage; 2 offices, shops; 3 dwellings with low
#: occupancy; 4 dwellings with high occupancy, sports halls, kitchens,
#: canteens, buildings heated by unflued gas heaters; 5 laundries,
#: breweries, swimming pools. Δp falls linearly to 0 at 20 °C. The values
#: (270 Pa per class; Δv = 2 g/m³ per class) were recalled from the
#: standard and agree with third-party implementations that quote class 3 as
#: 6 g/m³ (810 Pa) in winter; the standard was not re-read (2026-11-28).
HUMIDITY_CLASS_EXCESS = {1: 270.0, 2: 540.0, 3: 810.0, 4: 1080.0, 5: 1350.0}

#: Safety factor on the internal vapour-pressure excess (ISO 13788:2012
#: Annex A: the excess of the class is multiplied by 1.10). As recalled from
#: the standard; not re-read.
SAFETY_FACTOR = 1.10

#: Largest thermal resistance of a (notional) sub-layer [m²·K/W]
#: (ISO 13788:2012 6.3, limitation of sources of error).
MAX_SUBLAYER_RESISTANCE = 0.25

#: DIN 4108-3:2018, 5.2.1: condensate mass allowed during the condensation
#: period [kg/m²] — 1.0 in general, 0.5 at the contact face of capillary
#: non-absorbing layers (the standard also asks that it dry out in the
#: evaporation period, and limits timber to +5 % moisture by mass).
LIMIT_GENERAL = 1.0
LIMIT_NON_CAPILLARY = 0.5

#: Days per month of a non-leap year (ISO 13788 monthly method).
DAYS_PER_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)

#: Material categories taken as capillary-active (they absorb and spread
#: liquid water): masonry, mortar, plaster, concrete, stone, screed, timber
#: and boards; every bio-sourced material; calcium-silicate and mineral-foam
#: boards. Foams, mineral wool, membranes, glass and foils are not.
_CAPILLARY_CATEGORIES = {
    "masonry",
    "mortar",
    "plaster",
    "concrete",
    "stone",
    "screed",
    "timber",
    "board",
}
_CAPILLARY_IDS = {"calcium_silicate", "mineral_foam"}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --------------------------------------------------------------------------
# psychrometrics and boundary conditions
# --------------------------------------------------------------------------


def saturation_pressure(theta: Any) -> np.ndarray:
    """Water-vapour saturation pressure p_sat [Pa] over water (θ ≥ 0) or ice (θ < 0).

    ISO 13788:2012 Annex E, eq. (E.7) and (E.8) (Magnus-type formulas):
    ``p_sat = 610.5·exp(17.269·θ/(237.3 + θ))`` for θ ≥ 0 °C and
    ``p_sat = 610.5·exp(21.875·θ/(265.5 + θ))`` for θ < 0 °C.

    Parameters
    ----------
    theta : array_like
        Temperature θ [°C].

    Returns
    -------
    numpy.ndarray
        p_sat [Pa], same shape.

    Examples
    --------
    >>> saturation_pressure([0.0, 20.0, -10.0]).round(1).tolist()
    [610.5, 2337.0, 259.3]
    """
    t = np.asarray(theta, dtype=float)
    water = 610.5 * np.exp(17.269 * t / (237.3 + t))
    ice = 610.5 * np.exp(21.875 * t / (265.5 + t))
    return np.where(t >= 0.0, water, ice)


def vapour_pressure(theta: Any, relative_humidity: Any) -> np.ndarray:
    """Vapour pressure p = φ·p_sat(θ) [Pa] (ISO 13788:2012 eq. 1).

    Parameters
    ----------
    theta : array_like
        [°C].
    relative_humidity : array_like
        φ as a fraction [-] (0.5 = 50 %).

    Examples
    --------
    >>> round(float(vapour_pressure(20.0, 0.5)), 1)
    1168.5
    """
    phi = np.asarray(relative_humidity, dtype=float)
    if np.any(phi < 0) or np.any(phi > 1.0 + 1e-9):
        raise InputError(
            f"relative_humidity: {relative_humidity!r} must be a fraction in [0, 1] (0.5 = 50 %)"
        )
    return phi * saturation_pressure(theta)


def vapour_pressure_excess(theta_e: Any, humidity_class: Any = 3) -> np.ndarray:
    """Internal vapour-pressure excess Δp [Pa] of a humidity class (ISO 13788:2012 Annex A).

    ``Δp = Δp_0·min(1, max(0, (20 − θ_e)/20))``: the class value Δp_0 at
    θ_e ≤ 0 °C falling linearly to 0 at θ_e = 20 °C (no safety factor).

    Parameters
    ----------
    theta_e : array_like
        Monthly mean exterior temperature [°C].
    humidity_class : int or array_like of int
        1 … 5 (dwellings: 3 low occupancy, 4 high occupancy).

    Examples
    --------
    >>> vapour_pressure_excess([-2.0, 0.0, 10.0, 25.0], 3).tolist()
    [810.0, 810.0, 405.0, 0.0]
    >>> float(vapour_pressure_excess(5.0, 4))
    810.0
    """
    cls = np.asarray(humidity_class)
    bad = sorted({int(c) for c in np.ravel(cls) if int(c) not in HUMIDITY_CLASS_EXCESS})
    if bad or not np.issubdtype(cls.dtype, np.integer):
        raise InputError(
            f"humidity_class: {humidity_class!r}; allowed the integers 1-5 (ISO 13788 Annex A)"
        )
    dp0 = np.vectorize(HUMIDITY_CLASS_EXCESS.__getitem__, otypes=[float])(cls)
    t = np.asarray(theta_e, dtype=float)
    return dp0 * np.clip((20.0 - t) / 20.0, 0.0, 1.0)


def internal_vapour_pressure(
    theta_e: Any, p_e: Any, humidity_class: Any = 3, safety_factor: float = SAFETY_FACTOR
) -> np.ndarray:
    """Internal vapour pressure p_i = p_e + 1.10·Δp [Pa] (ISO 13788:2012 Annex A).

    Examples
    --------
    >>> round(float(internal_vapour_pressure(0.0, 500.0, 3)), 1)   # 500 + 1.1*810
    1391.0
    """
    return np.asarray(p_e, dtype=float) + safety_factor * vapour_pressure_excess(
        theta_e, humidity_class
    )


def monthly_exterior(weather: Weather | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Monthly mean exterior temperature [°C] and vapour pressure [Pa] of a weather year.

    The vapour pressure is the monthly mean of the hourly φ·p_sat(θ)
    (ISO 13788:2012 4.2 asks for monthly means of temperature and
    humidity; averaging the vapour pressure rather than φ keeps the moisture
    content right).

    Examples
    --------
    >>> t, p = monthly_exterior()
    >>> round(float(t[0]), 1), round(float(p[0]))      # January, default weather
    (3.0, 686)
    """
    from .weather import default

    w = weather if weather is not None else default()
    return _monthly_exterior(w)


@lru_cache(maxsize=8)
def _monthly_exterior(w: Weather) -> tuple[np.ndarray, np.ndarray]:
    if "relative_humidity" not in w.data.columns:
        raise InputError(
            f"weather {w.name!r} has no relative_humidity column: the Glaser check needs it"
        )
    t_h = w.temp_air
    rh = np.clip(np.asarray(w.data["relative_humidity"], dtype=float) / 100.0, 0.0, 1.0)
    p_h = rh * saturation_pressure(t_h)
    return np.asarray(w.monthly_mean(t_h)), np.asarray(w.monthly_mean(p_h))


def interface_temperatures(
    resistances: Any,
    theta_e: Any,
    theta_i: Any,
    rse: float = envelope.RSE,
    rsi: float = envelope.RSI["horizontal"],
) -> np.ndarray:
    """Steady-state temperatures at the interfaces of a layered element [°C].

    θ_j = θ_e + (θ_i − θ_e)·(R_se + Σ_{k<j} R_k)/R_T (ISO 13788:2012 6.4).
    Interfaces run from the external surface (j = 0) to the internal
    surface (j = n); the layers are given outside → inside.

    Parameters
    ----------
    resistances : array_like, shape (n,)
        Thermal resistance of each layer [m²·K/W].
    theta_e, theta_i : array_like, shape (m,) or scalar
        Exterior and interior temperatures [°C] (e.g. one per month).
    rse, rsi : float
        Surface resistances [m²·K/W].

    Returns
    -------
    numpy.ndarray, shape (m, n + 1)

    Examples
    --------
    >>> interface_temperatures([0.2, 2.0], 0.0, 20.0, rse=0.04, rsi=0.13).round(2).tolist()
    [[0.34, 2.03, 18.9]]
    """
    r = np.asarray(resistances, dtype=float)
    cum = rse + np.concatenate(([0.0], np.cumsum(r)))
    total = rse + r.sum() + rsi
    te = np.atleast_1d(np.asarray(theta_e, dtype=float))[:, None]
    ti = np.atleast_1d(np.asarray(theta_i, dtype=float))[:, None]
    return te + (ti - te) * cum[None, :] / total


# --------------------------------------------------------------------------
# the monthly Glaser calculation
# --------------------------------------------------------------------------


def _lower_hull(s: np.ndarray, p: np.ndarray) -> list[int]:
    """Indices of the lower convex hull of points (s, p) sorted by s (monotone chain)."""
    hull: list[int] = []
    for k in range(len(s)):
        while len(hull) >= 2:
            i, j = hull[-2], hull[-1]
            cross = (s[j] - s[i]) * (p[k] - p[i]) - (p[j] - p[i]) * (s[k] - s[i])
            if cross <= 0.0:  # j lies on or above the chord i-k
                hull.pop()
            else:
                break
        hull.append(k)
    return hull


def _month_flux(
    s: np.ndarray, psat: np.ndarray, p_e: float, p_i: float, wet: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Vapour profile and net condensation flux at every interface for one month.

    Returns (p, g): vapour pressure [Pa] at each interface and the net
    condensation rate [kg/(m²·s)] (> 0 condensation, < 0 evaporation; 0
    where the interface is neither wet nor at saturation).
    """
    n = len(s) - 1
    fixed = [0] + [j for j in range(1, n) if wet[j]] + [n]
    pf = {0: p_e, n: p_i}
    for j in fixed[1:-1]:
        pf[j] = psat[j]
    nodes: list[int] = [0]
    for a, b in itertools.pairwise(fixed):
        idx = np.arange(a, b + 1)
        pts = psat[idx].copy()
        pts[0], pts[-1] = pf[a], pf[b]
        hull = _lower_hull(s[idx], pts)
        nodes.extend(int(idx[h]) for h in hull[1:])
    pnode = np.array([pf.get(j, psat[j]) for j in nodes])
    snode = s[nodes]
    p = np.interp(s, snode, pnode)
    g = np.zeros(n + 1)
    for k in range(1, len(nodes) - 1):
        j = nodes[k]
        slope_out = (pnode[k] - pnode[k - 1]) / (snode[k] - snode[k - 1])
        slope_in = (pnode[k + 1] - pnode[k]) / (snode[k + 1] - snode[k])
        g[j] = DELTA_0 * (slope_in - slope_out)
    return p, g


def glaser(
    resistances: Any,
    sd: Any,
    theta_e: Any,
    p_e: Any,
    theta_i: Any = 20.0,
    p_i: Any = None,
    *,
    humidity_class: int = 3,
    rse: float = envelope.RSE,
    rsi: float = envelope.RSI["horizontal"],
    days: Any = DAYS_PER_MONTH,
) -> dict[str, np.ndarray]:
    """Monthly Glaser calculation of one layered element (ISO 13788:2012 6.4).

    Parameters
    ----------
    resistances : array_like, shape (n,)
        Thermal resistance of each layer, outside → inside [m²·K/W]
        (sub-layers already split; see :func:`glaser_check`).
    sd : array_like, shape (n,)
        Equivalent air-layer thickness s_d = μ·d of each layer [m].
    theta_e, p_e : array_like, shape (12,)
        Monthly mean exterior temperature [°C] and vapour pressure [Pa].
    theta_i : float or array_like
        Interior temperature [°C] (20 °C for dwellings).
    p_i : array_like, optional
        Interior vapour pressure [Pa]; default ``p_e + 1.10·Δp`` of
        ``humidity_class``.
    humidity_class : int
        ISO 13788 Annex A class, used when ``p_i`` is not given.
    rse, rsi : float
        Surface resistances [m²·K/W].
    days : array_like, shape (12,)
        Length of each month [d].

    Returns
    -------
    dict
        ``theta`` (12, n+1) interface temperatures [°C], ``p_sat`` and ``p``
        (12, n+1) [Pa], ``g`` (12, n+1) condensation (+) / evaporation (−)
        per month [kg/m²], ``accumulated`` (12, n+1) water held at the end
        of each month [kg/m²], ``start`` index of the first month of the
        cycle (−1 if no condensation in any month), ``p_i`` (12,) [Pa].
        Rows are calendar months (January first).

    Examples
    --------
    One month of a two-layer wall, hand-checked: brick R = 0.2, s_d = 2 m
    outside, mineral wool R = 2.0, s_d = 0.1 m inside; θ_e = 0 °C, p_e = 500
    Pa, θ_i = 20 °C, p_i = 1400 Pa. R_T = 0.04 + 0.2 + 2.0 + 0.13 = 2.37, so
    the brick/wool interface is at 20·0.24/2.37 = 2.03 °C (p_sat = 706.6 Pa)
    while the straight vapour line would give 500 + 900·2/2.1 = 1357 Pa
    there; vapour condenses at 2×10⁻¹⁰·((1400 − 706.6)/0.1 − (706.6 −
    500)/2) = 1.366×10⁻⁶ kg/(m²·s):

    >>> z = np.zeros(12)
    >>> out = glaser([0.2, 2.0], [2.0, 0.1], z, z + 500.0, 20.0, z + 1400.0)
    >>> round(float(out["p_sat"][0, 1]), 1)
    706.6
    >>> round(float(out["g"][0, 1] / (31 * 86400)), 9)      # kg/(m²·s) in January
    1.366e-06
    """
    r = np.asarray(resistances, dtype=float)
    s_layer = np.asarray(sd, dtype=float)
    if r.ndim != 1 or s_layer.shape != r.shape or r.size < 1:
        raise InputError(
            "glaser: resistances and sd must be 1-D arrays of the same length (one value per layer)"
        )
    if np.any(r < 0) or np.any(s_layer < 0):
        raise InputError("glaser: resistances [m²·K/W] and sd [m] must be >= 0")
    te = np.asarray(theta_e, dtype=float) * np.ones(12)
    pe = np.asarray(p_e, dtype=float) * np.ones(12)
    ti = np.maximum(np.asarray(theta_i, dtype=float) * np.ones(12), te)
    pi = (
        internal_vapour_pressure(te, pe, humidity_class)
        if p_i is None
        else np.asarray(p_i, float) * np.ones(12)
    )
    seconds = np.asarray(days, dtype=float) * 86400.0
    theta = interface_temperatures(r, te, ti, rse, rsi)
    psat = saturation_pressure(theta)
    # a layer without vapour resistance (no-mass layer, foil-free air film)
    # gets s_d = 1 µm so that the vapour profile stays a function of s_d
    s = np.concatenate(([0.0], np.cumsum(np.maximum(s_layer, 1e-6))))
    n1 = len(s)
    none = np.zeros(n1, dtype=bool)
    cond = np.array([(_month_flux(s, psat[m], pe[m], pi[m], none)[1] > 0).any() for m in range(12)])
    g_month = np.zeros((12, n1))
    acc = np.zeros((12, n1))
    p_prof = np.zeros((12, n1))
    for m in range(12):
        p_prof[m] = _month_flux(s, psat[m], pe[m], pi[m], none)[0]
    if not cond.any():
        return dict(
            theta=theta,
            p_sat=psat,
            p=p_prof,
            g=g_month,
            accumulated=acc,
            start=np.int64(-1),
            p_i=pi,
        )
    starts = [m for m in range(12) if cond[m] and not cond[m - 1]]
    start = starts[0] if starts else 0
    held = np.zeros(n1)
    for k in range(12):
        m = (start + k) % 12
        p, g = _month_flux(s, psat[m], pe[m], pi[m], held > 0)
        mass = g * seconds[m]
        new = held + mass
        # an interface that dries during the month only loses what it held
        mass = np.where(new < 0.0, -held, mass)
        held = np.maximum(new, 0.0)
        p_prof[m], g_month[m], acc[m] = p, mass, held
    return dict(
        theta=theta, p_sat=psat, p=p_prof, g=g_month, accumulated=acc, start=np.int64(start), p_i=pi
    )


# --------------------------------------------------------------------------
# constructions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class GlaserResult:
    """Outcome of the monthly Glaser check of one construction.

    Attributes
    ----------
    flagged : bool
        Accumulating interstitial condensation: the condensate does not dry
        out within the year, or the peak at an interface exceeds its limit.
    dries_out : bool
        All condensate evaporates by the end of the twelve-month cycle
        (ISO 13788:2012 6.5); True when nothing condenses.
    condensation : bool
        Condensation predicted in at least one month.
    max_accumulation_kg_m2 : float
        Largest water mass held at one interface at the end of a month [kg/m²].
    residual_kg_m2 : float
        Water left at the end of the cycle [kg/m²] (0 if it dries out).
    critical_interface : str
        "layer A | layer B" where the peak occurs ("" if none).
    limit_kg_m2 : float
        DIN 4108-3 limit applied at that interface [kg/m²].
    months : pandas.DataFrame
        Month by month (calendar order): θ_e, p_e, p_i [Pa], condensation
        (+) / evaporation (−) [kg/m²] and water held [kg/m²], summed over
        interfaces.
    humidity_class : int
    reason : str
        One sentence with the figures.
    interfaces : list of str
        Names of the interfaces (outside surface first).
    detail : dict
        Arrays of :func:`glaser` (per interface, notional sub-layers
        included).
    """

    flagged: bool
    dries_out: bool
    condensation: bool
    max_accumulation_kg_m2: float
    residual_kg_m2: float
    critical_interface: str
    limit_kg_m2: float
    months: Any
    humidity_class: int
    reason: str
    interfaces: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict, repr=False)


def _layer_table(
    construction: Construction, direction: str
) -> list[tuple[str, float, float, bool]]:
    """(name, R, s_d, capillary) per layer, outside → inside (bridged layers: main material)."""
    from .constructions import AirLayer, Layer

    rows = []
    for ly in construction.layers:
        if isinstance(ly, Layer):
            m = ly.mat
            cap = m.category in _CAPILLARY_CATEGORIES or m.biosourced or m.id in _CAPILLARY_IDS
            rows.append((m.id, ly.thickness / m.conductivity, m.mu * ly.thickness, cap))
        elif isinstance(ly, AirLayer):
            if ly.ventilation == "well":
                rows = []  # ISO 6946 6.9.4: everything outside a well-ventilated layer is ignored
                continue
            r = float(
                envelope.air_layer_resistance(ly.thickness, direction, ly.emissivity, ly.emissivity)
            )
            rows.append(("air layer", r, ly.thickness, False))
        else:
            rows.append((ly.name, ly.resistance, 0.0, False))
    return rows


def glaser_check(
    construction: Construction,
    weather: Weather | None = None,
    *,
    humidity_class: int = 3,
    theta_i: float = 20.0,
    direction: str = "horizontal",
    limits: tuple[float, float] = (LIMIT_GENERAL, LIMIT_NON_CAPILLARY),
) -> GlaserResult:
    """Monthly Glaser check of a construction facing outdoor air.

    Parameters
    ----------
    construction : Construction
        Layers outside → inside.
    weather : Weather, optional
        Source of the monthly exterior temperature and humidity (default
        :func:`rehab.weather.default`).
    humidity_class : int
        ISO 13788:2012 Annex A class; dwellings 3 (low occupancy, default)
        or 4 (high occupancy).
    theta_i : float
        Interior temperature [°C] (20 °C).
    direction : {"horizontal", "up", "down"}
        Heat-flow direction (walls: horizontal; Rsi of ISO 6946).
    limits : (float, float)
        Peak accumulation limits [kg/m²]: general, and at an interface with
        a capillary non-absorbing layer (DIN 4108-3:2018: 1.0 and 0.5).

    Returns
    -------
    GlaserResult

    Examples
    --------
    15 cm of hemp-lime (μ = 7) and lime plaster inside 22 cm of old brick
    (μ = 10): some condensation at the old plaster from November, at most
    0.54 kg/m² in February, gone by May:

    >>> from rehab.constructions import Construction, Layer
    >>> wall = Construction(layers=[Layer(material="brick_solid_old", thickness=0.22),
    ...     Layer(material="plaster_lime", thickness=0.015),
    ...     Layer(material="hemp_lime", thickness=0.15),
    ...     Layer(material="plaster_lime", thickness=0.015)])
    >>> r = glaser_check(wall)
    >>> r.flagged, r.dries_out, round(r.max_accumulation_kg_m2, 2)
    (False, True, 0.54)
    >>> r.months["accumulated_kg_m2"].round(2).tolist()
    [0.43, 0.54, 0.5, 0.29, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.24]
    """
    import pandas as pd

    if direction not in envelope.RSI:
        raise InputError(f"direction: {direction!r}; allowed {', '.join(envelope.RSI)}")
    rows = _layer_table(construction, direction)
    if not rows:
        raise InputError(
            "glaser_check: the construction has no layer inside its ventilated air layer"
        )
    # split thick layers into notional sub-layers of R <= 0.25 (ISO 13788 6.3)
    names, r_sub, sd_sub, owner = [], [], [], []
    for i, (name, r, sd, _cap) in enumerate(rows):
        k = max(1, int(np.ceil(r / MAX_SUBLAYER_RESISTANCE - 1e-9)))
        for _ in range(k):
            r_sub.append(r / k)
            sd_sub.append(sd / k)
            owner.append(i)
        names.append(name)
    te, pe = monthly_exterior(weather)
    out = glaser(
        r_sub,
        sd_sub,
        te,
        pe,
        theta_i,
        humidity_class=humidity_class,
        rse=envelope.RSE,
        rsi=envelope.RSI[direction],
    )
    # interface labels: between sub-layer k-1 and k
    owner_arr = np.array(owner)
    labels = ["outside surface"]
    limit_at = [limits[0]]
    for j in range(1, len(owner) + 1):
        if j == len(owner):
            labels.append("inside surface")
            limit_at.append(limits[0])
            continue
        a, b = owner_arr[j - 1], owner_arr[j]
        if a == b:
            labels.append(f"inside {names[a]}")
            cap = rows[a][3]
        else:
            labels.append(f"{names[a]} | {names[b]}")
            cap = rows[a][3] and rows[b][3]
        limit_at.append(limits[0] if cap else limits[1])
    acc = out["accumulated"]
    condensation = bool(out["start"] >= 0)
    peak_per_interface = acc.max(axis=0)
    j_peak = int(np.argmax(peak_per_interface))
    peak = float(peak_per_interface[j_peak])
    start = int(out["start"])
    last = (start - 1) % 12 if condensation else 11
    residual = float(acc[last].sum()) if condensation else 0.0
    dries = residual <= 1e-9
    over = [j for j in range(len(labels)) if peak_per_interface[j] > limit_at[j] + 1e-12]
    flagged = (not dries) or bool(over)
    months = pd.DataFrame(
        {
            "theta_e_c": te,
            "p_e_pa": pe,
            "p_i_pa": out["p_i"],
            "condensation_kg_m2": out["g"].sum(axis=1),
            "accumulated_kg_m2": acc.sum(axis=1),
        },
        index=pd.Index(MONTHS, name="month"),
    )
    if not condensation:
        reason = f"no interstitial condensation in any month (humidity class {humidity_class})"
    else:
        where = labels[j_peak]
        first = MONTHS[start]
        if not dries:
            reason = (
                f"condensation from {first} accumulates: {residual:.2f} kg/m² left after twelve months "
                f"(peak {peak:.2f} kg/m² at {where}); it does not dry out (ISO 13788:2012 6.5)"
            )
        elif over:
            reason = (
                f"condensation from {first} peaks at {peak:.2f} kg/m² at {where}, above the "
                f"{limit_at[j_peak]:.1f} kg/m² limit of DIN 4108-3 (it dries out in summer)"
            )
        else:
            reason = (
                f"condensation from {first} peaks at {peak:.2f} kg/m² at {where} (limit "
                f"{limit_at[j_peak]:.1f} kg/m²) and dries out within the year"
            )
    return GlaserResult(
        flagged=flagged,
        dries_out=dries,
        condensation=condensation,
        max_accumulation_kg_m2=peak,
        residual_kg_m2=residual,
        critical_interface=labels[j_peak] if condensation else "",
        limit_kg_m2=float(limit_at[j_peak]),
        months=months,
        humidity_class=humidity_class,
        reason=reason,
        interfaces=labels,
        detail=out,
    )


def table(result: GlaserResult) -> pd.DataFrame:
    """The month-by-month table of a :class:`GlaserResult` (rounded for display)."""
    return result.months.round(3)
