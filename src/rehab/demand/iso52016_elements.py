"""The element chains of the ISO 52016-1 node engine (:mod:`rehab.demand.iso52016`).

A house's elements turned into the 5-node chains of ISO 52016-1:2017 §6.5.7:
conductances of §6.5.7.2 from the element's resistance without films, node
capacities from its layers (each layer's capacity at its place in the chain)
or from its mass class (Annex B Table B.13), windows as massless chains
(§6.5.7.4), and each chain's outer boundary (exterior, ground, unheated
space, adiabatic) with its surface coefficients. The layers are those of
the EnergyPlus export (:mod:`rehab.energyplus.layers`), so that both models
see the same element.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..energyplus.layers import (
    DECLARED_SLAB_R,
    R_C_MIN,
    _declared_class,
    _element_construction,
    _ep_layers,
    declared_layers,
    oriented_elements,
)
from ..errors import InputError
from .iso52016_kernel import _N, H_RE, K_ADIABATIC, K_EXTERIOR, K_GROUND, K_UNHEATED

if TYPE_CHECKING:
    from ..house import House

__all__ = ["H_CE", "H_CI", "H_RI", "mass_distribution", "node_parameters"]

#: Convective inner surface coefficient by heat-flow direction [W/(m²·K)]
#: (conventional values of ISO 13789:2017 Table 8, EN ISO 6946:2017: 2.5 horizontal,
#: 5.0 upwards, 0.7 downwards).
H_CI = {"horizontal": 2.5, "up": 5.0, "down": 0.7}
#: Radiative inner surface coefficient h_ri [W/(m²·K)] (ISO 13789:2017
#: Table 8; EN ISO 6946:2017 Annex C: 4·σ·ε·T³ with ε = 0.9 at 20 °C).
H_RI = 5.13
#: Convective outer surface coefficient h_ce [W/(m²·K)] (EN ISO 6946:2017
#: Annex C, v = 4 m/s: 4 + 4·v), used with ``exterior="iso"``.
H_CE = 20.0
#: Heat capacity of a window per m² [J/(m²·K)]: none (ISO 52016-1:2017
#: §6.5.7.4, κ_pli = 0 for windows).
KAPPA_WINDOW = 0.0


# ----------------------------------------------------------------------------- nodes
def mass_distribution(mass_class: str, kappa: float) -> np.ndarray:
    """Areal heat capacity of the 5 nodes of an opaque element [J/(m²·K)].

    ISO 52016-1:2017 §6.5.7.2 and Annex B Table B.13. Node 1 is the outer
    surface, node 5 the inner one.

    Parameters
    ----------
    mass_class : {"I", "E", "IE", "D", "M"}
        Mass concentrated inside (I), outside (E), divided between both
        faces (IE), equally distributed (D), in the middle (M).
    kappa : float
        κ_m, areal heat capacity of the element [J/(m²·K)].

    Returns
    -------
    numpy.ndarray (5,)

    Examples
    --------
    >>> mass_distribution("D", 800.0).tolist()
    [100.0, 200.0, 200.0, 200.0, 100.0]
    """
    k = float(kappa)
    table = {
        "I": [0, 0, 0, 0, k],
        "E": [k, 0, 0, 0, 0],
        "IE": [k / 2, 0, 0, 0, k / 2],
        "D": [k / 8, k / 4, k / 4, k / 4, k / 8],
        "M": [0, 0, k, 0, 0],
    }
    if mass_class not in table:
        raise InputError(f"mass_class {mass_class!r} is not one of I, E, IE, D, M")
    return np.array(table[mass_class], dtype=float)


def _layer_class(layers: Sequence[tuple[float, float]]) -> tuple[str, float]:
    """(class, κ_m) of a construction from its layers (R [m²·K/W], C [J/(m²·K)]) outside → inside.

    Annex B Table B.13's descriptions: the insulating layers are those of
    R ≥ 0.5 m²·K/W or light ones (C < 20 kJ/(m²·K) with R ≥ 0.25); mass
    on both sides of them is IE (or I/E when over 80 % lies on one side),
    mass only inside is I, only outside is E, no insulation D; mass in the
    middle of insulation on both sides is M.
    """
    kappa = float(sum(c for _, c in layers))
    ins = [i for i, (r, c) in enumerate(layers) if r >= 0.5 or (r >= 0.25 and c < 20_000.0)]
    if not ins or kappa <= 0:
        return "D", kappa
    first, last = ins[0], ins[-1]
    outside = sum(c for i, (_, c) in enumerate(layers) if i < first)
    inside = sum(c for i, (_, c) in enumerate(layers) if i > last)
    middle = kappa - outside - inside
    if middle > 0.5 * kappa and len(ins) > 1:
        return "M", kappa
    if inside >= 0.8 * kappa:
        return "I", kappa
    if outside >= 0.8 * kappa:
        return "E", kappa
    return "IE", kappa


def node_parameters(r_c: float, kappa_nodes: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Conductances between the 5 nodes [W/(m²·K)] and node capacities [J/(m²·K)].

    ISO 52016-1:2017 §6.5.7.2: h_pli = 6/R_c for pli = 1 and 4, 3/R_c for
    pli = 2 and 3 (so that the four resistances add up to R_c).

    Examples
    --------
    >>> h, k = node_parameters(0.6, [0, 0, 0, 0, 1e5])
    >>> h.tolist()
    [10.0, 5.0, 5.0, 10.0]
    """
    if not r_c > 0:
        raise InputError(f"R_c = {r_c!r} m²·K/W must be positive")
    h = np.array([6.0, 3.0, 3.0, 6.0]) / r_c
    return h, np.asarray(kappa_nodes, dtype=float)


def _layers(element: Any, direction: str, exterior: bool, extra_u: float = 0.0) -> list[tuple[float, float]] | None:
    """(R, C) of each layer, outside → inside, scaled to the element's U as in the EnergyPlus export."""
    con = getattr(element, "construction", None)
    if con is None or getattr(element, "u_value", None) is not None:
        return None
    c = _element_construction(element, element.name or "element", direction, exterior, extra_u)
    out = []
    for ly in c.layers:
        if hasattr(ly, "density"):
            out.append((ly.thickness / ly.conductivity, ly.thickness * ly.density * ly.specific_heat))
        else:
            out.append((ly.resistance, 0.0))
    return out


@dataclass
class _El:
    area: float
    h: np.ndarray
    k: np.ndarray
    kind: int
    h_ext: float = 0.0
    b: float = 0.0
    f_sol: float = 0.0  # α_sol for opaque, aperture per m² for windows (at the air/surfaces)
    sky: float = 0.0
    h_ci: float = 2.5
    irr_key: tuple | None = None
    hce_key: tuple | None = None
    window: bool = False
    floor: bool = False
    cos: float = 0.0  # z-component of the outward normal (roof 1, wall 0, floor −1)
    both: bool = False  # internal element: both faces in the zone
    sky_f: float = 0.0  # sky view factor F_sky [-]
    name: str = ""  # the house element's name


def _house_elements(house: House, mass: str, bridges: str = "walls") -> tuple[list[_El], float]:
    """Element chains of one house and the thermal-bridge coefficient H_tb [W/K] left on the air node."""
    from .. import envelope
    from ..house import GroundFloor, Opaque, Window, _direction

    h_tb = sum(house.bridge_psi(tb) * tb.length * tb.b for tb in house.thermal_bridges)
    elements = oriented_elements(house)
    walls = [
        e for e in elements
        if isinstance(e, Opaque) and e.kind == "wall" and e.boundary == "exterior"
    ]
    wall_area = sum(e.area for e in walls)
    extra_u = 0.0
    if bridges == "walls" and wall_area > 0 and h_tb > 0:
        # Σ b·ψ·l spread over the exterior walls' conduction, as rehab's EnergyPlus export does
        extra_u, h_tb = h_tb / wall_area, 0.0
    els: list[_El] = []
    for e in elements:
        tilt = float(e.effective_tilt)
        az = float(e.azimuth) % 360.0 if e.azimuth is not None else 180.0
        if isinstance(e, Window):
            direction = "horizontal" if 45.0 < tilt < 135.0 else "up"
            rsi = envelope.RSI[direction]
            ext = e.boundary == "exterior"
            r_c = max(1.0 / e.u - rsi - (envelope.RSE if ext else rsi), R_C_MIN)
            h, k = node_parameters(r_c, [0.0] * _N)
            a_sol = e.g_value * (1.0 - e.frame_fraction) * e.shading if ext else 0.0
            els.append(
                _El(
                    e.area,
                    h,
                    k,
                    K_EXTERIOR if ext else K_UNHEATED,
                    h_ext=0.0 if ext else 1.0 / rsi,
                    b=house.b_factor(e),
                    f_sol=a_sol,
                    sky=H_RE * e.emissivity / 0.9 if ext else 0.0,
                    sky_f=(1.0 + math.cos(math.radians(tilt))) / 2.0,
                    cos=math.cos(math.radians(tilt)),
                    h_ci=H_CI[direction],
                    irr_key=("win", round(az, 1), round(tilt, 1), _panes(e.glazing)) if ext else None,
                    hce_key=(round(az, 1), round(tilt, 1)) if ext else None,
                    window=True,
                )
            )
            continue
        kind_ = e.kind
        direction = _direction(kind_, tilt)
        rsi = envelope.RSI[direction]
        if isinstance(e, GroundFloor):
            lay = _layers_ground(e)
            r_lay = sum(r for r, _ in lay)
            target = 1.0 / e.u - rsi
            r_gr = max(target - r_lay, 1e-3)
            el = _chain(house, e, lay, e.u, K_GROUND, direction, mass, h_ext=1.0 / r_gr)
            el.floor = True
            el.cos = -1.0
            els.append(el)
            continue
        boundary = e.boundary
        exterior = boundary == "exterior"
        if boundary == "ground":  # a declared floor on the ground (U with the ground, ISO 13370)
            lay = _layers(e, direction, False)
            r_lay = sum(r for r, _ in lay) if lay else 0.0
            el = _chain(house, e, lay, e.u, K_GROUND, direction, mass,
                        h_ext=1.0 / max(1.0 / e.u - rsi - r_lay, 1e-3))
            el.floor = True
            el.cos = -1.0
            els.append(el)
            continue
        if boundary == "internal":
            lay = _layers(e, direction, False)
            el = _chain(house, e, lay, e.u, K_ADIABATIC, direction, mass, half=True)
            # a partition or floor inside the zone: both faces, heat flow up on one and down on the other
            el.h_ci = 0.5 * (H_CI["up"] + H_CI["down"]) if kind_ in ("floor", "ceiling") else H_CI["horizontal"]
            el.both = True
            el.cos = 1.0 if kind_ in ("floor", "ceiling") else 0.0
            els.append(el)
            continue
        x_u = extra_u if any(e is w for w in walls) else 0.0
        lay = _layers(e, direction, exterior, x_u)
        if kind_ == "floor" and tilt > 135.0 and boundary in ("exterior", "unheated"):
            # a floor over outside air or an unheated cellar/crawlspace receives the beam
            floor = True
        else:
            floor = False
        if boundary == "adjacent" or house.b_factor(e) == 0.0:
            els.append(_chain(house, e, lay, e.u, K_ADIABATIC, direction, mass))
        elif exterior:
            if tilt > 90.0:  # exposed floor above outside air: no sun, no sky
                el = _chain(house, e, lay, e.u, K_UNHEATED, direction, mass, h_ext=H_CE + H_RE)
                el.b = 1.0
            else:
                el = _chain(house, e, lay, e.u + x_u, K_EXTERIOR, direction, mass)
                el.f_sol = e.solar_absorptance
                el.sky = H_RE * e.emissivity / 0.9
                el.sky_f = (1.0 + math.cos(math.radians(tilt))) / 2.0
                el.irr_key = ("op", round(az, 1), round(tilt, 1))
                el.hce_key = (round(az, 1), round(tilt, 1))
            els.append(el)
        else:  # unheated space: b·θ_e + (1 − b)·θ_int behind an inner film
            el = _chain(house, e, lay, e.u, K_UNHEATED, direction, mass, h_ext=1.0 / rsi)
            el.b = house.b_factor(e)
            els.append(el)
        els[-1].floor = floor
        els[-1].cos = math.cos(math.radians(tilt))
    for el, e in zip(els, elements, strict=True):  # one chain per element
        el.name = e.name or ""
    return els, h_tb


def _panes(glazing: str) -> int:
    return {"single": 1, "double_old": 2, "double": 2, "triple": 3}[glazing]


def _layers_ground(gf: Any) -> list[tuple[float, float]]:
    if gf.construction is None:
        return []
    layers, _ = _ep_layers(gf.construction, "down")
    out = []
    for ly in layers:
        if hasattr(ly, "density"):
            out.append((ly.thickness / ly.conductivity, ly.thickness * ly.density * ly.specific_heat))
        else:
            out.append((ly.resistance, 0.0))
    return out


def _lumped(layers: Sequence[tuple[float, float]], r_c: float) -> np.ndarray:
    """Node capacities from the layers: each layer's heat capacity shared among the nodes of the
    standard (at 0, R_c/6, R_c/2, 5R_c/6, R_c) by the linear hat functions of the nodes
    (exact integrals, capacity spread uniformly over each layer's resistance)."""
    x = (0.0, r_c / 6.0, r_c / 2.0, 5.0 * r_c / 6.0, r_c)
    k = [0.0] * _N
    total = sum(r for r, _ in layers)
    scale = r_c / total if total > 0 else 1.0
    pos = 0.0
    for r, c in layers:
        r = r * scale
        a, b = pos, pos + r
        pos = b
        if c <= 0:
            continue
        if r <= 0:
            k[min(range(_N), key=lambda j: abs(x[j] - a))] += c
            continue
        dens = c / r
        for j in range(_N):
            if j > 0:  # rising side on [x[j-1], x[j]]
                lo, hi = max(a, x[j - 1]), min(b, x[j])
                if hi > lo:
                    w = x[j] - x[j - 1]
                    k[j] += dens * ((hi - x[j - 1]) ** 2 - (lo - x[j - 1]) ** 2) / (2.0 * w)
            if j < _N - 1:  # falling side on [x[j], x[j+1]]
                lo, hi = max(a, x[j]), min(b, x[j + 1])
                if hi > lo:
                    w = x[j + 1] - x[j]
                    k[j] += dens * ((x[j + 1] - lo) ** 2 - (x[j + 1] - hi) ** 2) / (2.0 * w)
    return np.array(k)


def _chain(
    house: House,
    e: Any,
    layers: list[tuple[float, float]] | None,
    u: float,
    kind: int,
    direction: str,
    mass: str,
    h_ext: float = 0.0,
    half: bool = False,
) -> _El:
    from .. import envelope

    rsi = envelope.RSI[direction]
    if kind == K_GROUND:
        r_c = sum(r for r, _ in layers) if layers else 0.0
        if r_c <= 1e-3:  # no slab declared: the declared slab in front of the ground resistance
            r_c = min(DECLARED_SLAB_R, 0.5 * (1.0 / u - rsi))
            layers = None
            h_ext = 1.0 / max(1.0 / u - rsi - r_c, 1e-3)
    else:
        rse = envelope.RSE if kind == K_EXTERIOR else rsi
        r_c = max(1.0 / u - rsi - rse, R_C_MIN)
    if layers:
        if mass == "layers":
            k = _lumped(layers, r_c)
        else:
            cls, kappa = _layer_class(layers)
            k = mass_distribution(cls, kappa)
    else:
        cls, kappa = _declared_class(house, u, e.kind)
        if mass == "layers":
            k = _lumped([(r, cc) for _, _, r, cc in declared_layers(house, u, r_c, e.kind)], r_c)
        else:
            k = mass_distribution(cls, kappa)
    area = e.area
    if half:  # both faces in the zone, adiabatic mid-plane
        r_c, k, area = r_c / 2.0, k / 2.0, 2.0 * e.area
    h, k = node_parameters(r_c, k)
    return _El(area, h, k, kind, h_ext=h_ext, h_ci=H_CI[direction])
