"""A declared house (no box geometry: ``House.from_elements``, DPE records, typology
houses) as an EnergyPlus shoebox: each element a surface of its own area, orientation
and boundary (see :mod:`rehab.energyplus.export`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from . import idf as ep
from .idf import ScheduleLike
from .layers import (
    _declared_construction,
    _declared_ground_construction,
    _u_construction,
)
from .zone_loads import (
    GAIN_RADIANT_FRACTION,
    HEATING_SETPOINT,
    _default_gains,
    _infiltration_and_ventilation,
)

if TYPE_CHECKING:
    from ..house import House

# ----------------------------------------------------------------------------- shoebox
#: Spacing between the shoebox's surfaces [m]: each stands alone, far enough
#: from the others that none shades another (a 3 m surface 100 m away shades
#: only with the sun below 2° — assumption, 2026-12-06).
SHOEBOX_SPACING = 100.0
#: Height of the shoebox's vertical surfaces [m] (their width follows from the area).
SHOEBOX_HEIGHT = 2.5
#: Resistance of the opaque margin that holds a window in its own host surface
#: [m²·K/W]: nearly adiabatic, so that the margin (2 % of the window area) adds no loss.
HOST_MARGIN_R = 10.0


def _rectangle(centre: Sequence[float], azimuth: float, tilt: float, width: float, height: float) -> tuple[ep.Vec3, ...]:
    """A width × height rectangle centred on ``centre`` whose outward normal has the given
    azimuth (clockwise from north) and tilt (0 = facing up), counter-clockwise seen from outside."""
    a, t = math.radians(azimuth), math.radians(tilt)
    n = np.array([math.sin(t) * math.sin(a), math.sin(t) * math.cos(a), math.cos(t)])
    u = np.array([-math.cos(a), math.sin(a), 0.0]) if abs(n[2]) < 0.999 else np.array([1.0, 0.0, 0.0])
    v = np.cross(n, u)
    c = np.asarray(centre, dtype=float)
    pts = [c - 0.5 * width * u + 0.5 * height * v, c - 0.5 * width * u - 0.5 * height * v,
           c + 0.5 * width * u - 0.5 * height * v, c + 0.5 * width * u + 0.5 * height * v]
    nn, _ = ep.newell_normal(pts)
    if float(np.dot(nn, n)) < 0:
        pts = pts[::-1]
    return tuple((_r(p[0]), _r(p[1]), _r(p[2])) for p in pts)


def _r(x: float) -> float:
    return round(float(x), 6) + 0.0


def _dims(area: float, tilt: float) -> tuple[float, float]:
    if 45.0 < tilt < 135.0:
        return area / SHOEBOX_HEIGHT, SHOEBOX_HEIGHT
    side = math.sqrt(area)
    return side, side



def shoebox_model(
    house: House,
    *,
    heating_setpoint: ScheduleLike = HEATING_SETPOINT,
    cooling_setpoint: ScheduleLike | None = None,
    internal_gains: float | None = None,
    gain_schedule: ScheduleLike = 1.0,
    ground_temperature: float | Sequence[float] | None = None,
    control: str = "operative",
    power_limit: float | None = None,
    timestep: int = 4,
    declared_air_heat_capacity: float | None = None,
) -> ep.Model:
    """The EnergyPlus description of a declared house as an equivalent shoebox.

    One heated zone of the house's volume; **each element a surface of its
    own area, orientation and boundary**, standing alone (spaced
    :data:`SHOEBOX_SPACING` apart so that none shades another): exterior
    elements outdoors (sun, sky, wind), elements on unheated spaces at
    ``b·θ_e + (1 − b)·θ_zone``, party walls adiabatic, floors on the ground
    over an equivalent ground layer giving their U, internal elements as
    internal mass (both faces). An exterior wall or door without an
    orientation is split in four equal parts facing N, E, S and W
    (:func:`rehab.demand.iso52016.oriented_elements`). Each window sits in a
    host surface of its own orientation (the host's 2 % margin is nearly
    adiabatic). Constructions are the elements' layers, or for a U-only
    element the layers of the house's mass class
    (:func:`rehab.demand.iso52016.declared_layers`: κ_m of ISO 52016-1
    Table B.14 as a masonry layer, through the element if U ≥ 1, outside an
    insulating layer otherwise). Thermal bridges are folded into the
    exterior walls as in :func:`house_model`. The zone is not closed, so
    the transmitted sun falls on the floor (``FullExterior``).

    Parameters are those of :func:`house_model` (without ``zoning`` and ``attic``).

    Returns
    -------
    rehab.energyplus.idf.Model

    Examples
    --------
    >>> import rehab
    >>> h = rehab.House.from_elements(floor_area=60, elements=[
    ...     {"type": "opaque", "kind": "wall", "area": 90, "u_value": 2.0},
    ...     {"type": "opaque", "kind": "ceiling", "area": 60, "u_value": 0.3, "boundary": "unheated", "b": 0.9},
    ...     {"type": "opaque", "kind": "floor", "area": 60, "u_value": 0.5, "boundary": "ground"},
    ...     {"type": "window", "area": 8, "u_value": 2.8, "azimuth": 180}])
    >>> m = shoebox_model(h, ground_temperature=11.0)
    >>> len(m.zones[0].surfaces), m.solar_distribution  # 4 wall quarters, ceiling, floor, window host
    (7, 'FullExterior')
    """
    from ..house import GroundFloor, Opaque, Window, _direction
    from .layers import oriented_elements

    if control not in ("air", "operative"):
        raise InputError(f"control: {control!r} is not one of 'air', 'operative'")
    elements = oriented_elements(house)
    h_tb = sum(tb.b * house.bridge_psi(tb) * tb.length for tb in house.thermal_bridges)
    walls = [e for e in elements if isinstance(e, Opaque) and e.kind == "wall" and e.boundary == "exterior"]
    wall_area = sum(w.area for w in walls)
    if h_tb > 0 and wall_area <= 0:
        raise InputError(f"house {house.name!r}: thermal bridges but no exterior wall to carry them")
    extra_u = h_tb / wall_area if wall_area > 0 else 0.0
    surfaces: list[ep.Surface] = []
    masses: list[ep.InternalMass] = []
    has_ground = False
    names: set[str] = set()

    def unique(label: str) -> str:
        base, k = label or "element", 1
        out = base
        while out in names:
            k += 1
            out = f"{base} {k}"
        names.add(out)
        return out

    for k, e in enumerate(elements):
        tilt = float(e.effective_tilt)
        az = float(e.azimuth) % 360.0 if e.azimuth is not None else 180.0
        centre = (SHOEBOX_SPACING * (k + 1), 0.0, 10.0)
        name = unique(e.name or getattr(e, "kind", "element"))
        if isinstance(e, Window):
            if e.boundary != "exterior":  # a window on an unheated space: a no-mass b-surface
                from .layers import R_C_MIN

                r_w = max(1.0 / e.u - 0.26, R_C_MIN)
                cons = _u_construction(name, 1.0 / (r_w + 0.26), 0.13, 0.13, 0.6)
                w_, h_ = _dims(e.area, 90.0)
                surfaces.append(ep.Surface(name, "wall", cons, _rectangle(centre, az, 90.0, w_, h_),
                                           boundary="unheated", b=house.b_factor(e)))
                continue
            shgc = e.g_value * (1.0 - e.frame_fraction) * e.shading
            glazing = ep.WindowConstruction(f"{name} glazing", u_value=min(e.u, 7.0), shgc=min(max(shgc, 0.01), 0.99))
            hh = SHOEBOX_HEIGHT if 45.0 < tilt < 135.0 else math.sqrt(1.02 * e.area)
            hw = 1.02 * e.area / hh
            wh = 0.99 * hh
            ww = e.area / wh
            host_cons = _u_construction(f"{name} host", 1.0 / (HOST_MARGIN_R + 0.17), 0.13, 0.04, 0.6)
            kind = "wall" if 45.0 < tilt < 135.0 else "roof"
            surfaces.append(
                ep.Surface(
                    f"{name} host", kind, host_cons, _rectangle(centre, az, tilt, hw, hh),
                    windows=(ep.Window(name, glazing, _rectangle(centre, az, tilt, ww, wh)),),
                )
            )
            names.add(f"{name} host")
            continue
        kind_ = e.kind
        if isinstance(e, GroundFloor) or e.boundary == "ground":
            has_ground = True
            w_, h_ = _dims(e.area, 180.0)
            surfaces.append(ep.Surface(name, "floor", _declared_ground_construction(house, e, name),
                                       _rectangle(centre, 0.0, 180.0, w_, h_), boundary="ground"))
            continue
        direction = _direction(kind_, tilt)
        if e.boundary == "internal":
            if e.construction is not None or e.u_value is not None:
                cons = _declared_construction(house, e, name, direction, False)
                masses.append(ep.InternalMass(name, cons, 2.0 * e.area))
            continue
        exterior = e.boundary == "exterior"
        cons = _declared_construction(house, e, name, direction, exterior, extra_u if any(e is w for w in walls) else 0.0)
        if tilt > 135.0:
            skind = "floor"
        elif tilt < 45.0:
            skind = "roof" if exterior else "ceiling"
        else:
            skind = "wall"
        w_, h_ = _dims(e.area, tilt)
        verts = _rectangle(centre, az, tilt, w_, h_)
        if exterior:
            kw: dict[str, Any] = {}
        elif e.boundary == "adjacent" or house.b_factor(e) == 0.0:
            kw = {"boundary": "adiabatic"}
        else:
            kw = {"boundary": "unheated", "b": house.b_factor(e)}
        surfaces.append(ep.Surface(name, skind, cons, verts, **kw))
    if has_ground and ground_temperature is None:
        raise InputError(
            "ground_temperature: the house has a floor on the ground; give the temperature under "
            "it [°C] (one value or 12 monthly values)"
        )
    q_air, q_bal, eta = _infiltration_and_ventilation(house, declared_air_heat_capacity)
    gains = _default_gains(house) if internal_gains is None else float(internal_gains)
    zone = ep.Zone(
        "Dwelling",
        tuple(surfaces),
        volume=house.volume,
        infiltration_ach=q_air / house.volume,
        gains=(ep.Gain("Internal gains", gains, GAIN_RADIANT_FRACTION, schedule=gain_schedule),) if gains > 0 else (),
        heating_setpoint=heating_setpoint,
        cooling_setpoint=cooling_setpoint,
        ventilation_flow=q_bal / 3600.0,
        heat_recovery_effectiveness=eta if q_bal > 0 else 0.0,
        internal_masses=tuple(masses),
        operative_fraction=0.5 if control == "operative" else None,
        heating_capacity=power_limit,
    )
    return ep.Model(
        house.name,
        (zone,),
        ground_temperature=ground_temperature if has_ground else None,
        timestep=timestep,
        terrain="Suburbs",
        solar_distribution="FullExterior",
    )
