"""A geometry-built house (:class:`rehab.geometry.BoxGeometry`) as the neutral EnergyPlus
description: façades with their openings, floors, the top (attic zone, flat or heated
roof), zones and loads (see :mod:`rehab.energyplus.export`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from . import idf as ep
from .idf import ScheduleLike
from .layers import (
    EMISSIVITY,
    INSIDE_SOLAR_ABSORPTANCE,
    _construction,
    _element_construction,
    _ground_construction,
    _u_construction,
)
from .shoebox import shoebox_model
from .zone_loads import (
    GAIN_RADIANT_FRACTION,
    HEATING_SETPOINT,
    _default_gains,
    _infiltration_and_ventilation,
)

if TYPE_CHECKING:
    from ..house import House

#: Sill height of the exported windows above each storey's floor [m]
#: (assumption: a typical sill; only the window's position depends on it).
SILL_HEIGHT = 0.9
#: Width of the exported front door [m] (assumption, a standard 90 cm leaf).
DOOR_WIDTH = 0.9
#: Margin kept between openings and wall edges [m] (assumption).
MARGIN = 0.2

Vec2 = tuple[float, float]


class _Frame:
    """Local box frame (front façade at y = 0 facing −y) → world coordinates."""

    def __init__(self, azimuth: float) -> None:
        theta = math.radians(azimuth - 180.0)  # clockwise rotation of the plan
        self.c, self.s = math.cos(theta), math.sin(theta)

    def __call__(self, pts: Sequence[Sequence[float]]) -> tuple[ep.Vec3, ...]:
        out = []
        for x, y, z in pts:
            out.append(
                (
                    round(x * self.c + y * self.s, 6) + 0.0,
                    round(-x * self.s + y * self.c, 6) + 0.0,
                    round(float(z), 6) + 0.0,
                )
            )
        return tuple(out)


def _side_edges(width: float, depth: float) -> dict[str, tuple[Vec2, Vec2]]:
    """Plan edges of each side, walked with the dwelling on the left."""
    return {
        "front": ((0.0, 0.0), (width, 0.0)),
        "right": ((width, 0.0), (width, depth)),
        "back": ((width, depth), (0.0, depth)),
        "left": ((0.0, depth), (0.0, 0.0)),
    }


def _openings(
    wall: tuple[ep.Vec3, ...],
    length: float,
    band: float,
    window_area: float,
    window_height: float,
    door: tuple[float, float] | None,
    owner: str,
) -> tuple[tuple[ep.Vec3, ...] | None, tuple[ep.Vec3, ...] | None]:
    """Place one window (and a door) in a façade band of height ``band``."""
    door_v = None
    left_edge = MARGIN
    if door is not None:
        dw, dh = door
        door_v = ep.window_vertices(wall, dw, dh, 0.0, MARGIN)
        left_edge = MARGIN + dw + MARGIN
    if window_area <= 0:
        return None, door_v
    span = length - MARGIN - left_edge
    h = min(window_height, band - 2 * MARGIN)
    sill = min(SILL_HEIGHT, band - MARGIN - h)
    w = window_area / h
    if w > span:
        h = band - 2 * MARGIN
        sill = MARGIN
        w = window_area / h
    if w > span or h <= 0:
        raise InputError(
            f"{owner}: {window_area:.2f} m² of windows do not fit in a storey band "
            f"{length:.2f} m long and {band:.2f} m high"
        )
    left = left_edge + (span - w) / 2.0
    return ep.window_vertices(wall, w, h, sill, left), door_v


@dataclass
class _Parts:
    """Elements of a house sorted for the layout."""

    walls: dict[str, Any] = field(default_factory=dict)
    windows: dict[str, list[Any]] = field(default_factory=dict)
    doors: dict[str, list[Any]] = field(default_factory=dict)
    party: dict[str, Any] = field(default_factory=dict)
    ceiling: Any = None
    roofs: list[Any] = field(default_factory=list)
    ground: Any = None
    internal: list[Any] = field(default_factory=list)


def _sort(house: House) -> _Parts:
    from ..house import GroundFloor, Opaque, Window

    parts = _Parts()
    for e in house.elements:
        if isinstance(e, GroundFloor):
            if parts.ground is not None:
                raise InputError(f"house {house.name!r}: more than one ground floor")
            parts.ground = e
        elif isinstance(e, Window):
            if e.boundary != "exterior":
                raise InputError(
                    f"window {e.name!r}: only windows to the exterior can be exported (boundary {e.boundary!r})"
                )
            parts.windows.setdefault(e.side or "", []).append(e)
        elif isinstance(e, Opaque):
            if e.boundary == "internal":
                parts.internal.append(e)
            elif e.kind == "party_wall":
                parts.party[e.side or ""] = e
            elif e.kind == "door":
                parts.doors.setdefault(e.side or "", []).append(e)
            elif e.kind == "wall":
                if e.side in parts.walls:
                    raise InputError(f"house {house.name!r}: two exterior walls on side {e.side!r}")
                parts.walls[e.side or ""] = e
            elif e.kind == "ceiling":
                parts.ceiling = e
            elif e.kind == "roof":
                parts.roofs.append(e)
            else:
                raise InputError(
                    f"element {e.name!r}: a {e.kind} on boundary {e.boundary!r} has no place in the box layout"
                )
    return parts


def _attic_construction(space: Any) -> ep.Construction:
    """Roof and gables of an unheated attic: one 2 cm tile-like layer of the space's mean U."""
    from .. import envelope

    r = 1.0 / max(space.exterior_u, 1e-3) - envelope.RSI["up"] - envelope.RSE
    r = max(r, 0.005)
    # clay tiles: ρ = 2000 kg/m³, c = 800 J/(kg·K) (ISO 10456:2007 Table 3, clay tiles)
    return ep.Construction(
        f"{space.name} envelope",
        (ep.OpaqueLayer("tiles", 0.02, 0.02 / r, 2000.0, 800.0),),
        outside_solar_absorptance=0.6,
        inside_solar_absorptance=INSIDE_SOLAR_ABSORPTANCE,
        outside_thermal_absorptance=EMISSIVITY,
        inside_thermal_absorptance=EMISSIVITY,
    )


def house_model(
    house: House,
    *,
    zoning: str = "single",
    attic: str = "zone",
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
    """The neutral EnergyPlus description of a geometry-built house.

    Parameters
    ----------
    house : rehab.House
        Built with a :class:`rehab.geometry.BoxGeometry` (archetypes and
        :func:`rehab.boxhouse.house_from_box` houses, and their retrofits);
        a declared house (no geometry: ``House.from_elements``, DPE records)
        becomes an equivalent shoebox (:func:`shoebox_model`; ``zoning`` and
        ``attic`` do not apply).
    zoning : {"single", "storeys"}
        One heated zone, or one per storey.
    attic : {"zone", "b"}
        Unheated attic as a free-floating zone, or as a b-factor boundary.
    heating_setpoint, cooling_setpoint : float or schedule
        [°C]: a number, 24, 168 or 8760 hourly values; no cooling by default.
    internal_gains : float, optional
        Mean internal gains [W]; default the 3CL-DPE conventional value.
    gain_schedule : float or schedule
        Relative profile of the internal gains (mean 1 keeps the mean).
    ground_temperature : float or 12 floats
        Temperature under the ground floor [°C], one value or one per month;
        required when the house has a ground floor (:func:`to_idf` and
        :func:`simulate` take the monthly means of the weather's ground
        temperature at 1 m depth, as rehab's engines do).
    control : {"operative", "air"}
        What the thermostat holds at the set-point: the operative
        temperature (radiative fraction 0.5; rehab's hourly engine also
        controls an operative temperature by default), or the zone air
        temperature (EnergyPlus's default, ISO 13790:2008 C.4.2's θ_air).
        With ideal, purely convective heating an air-controlled zone has
        colder surfaces and loses about 20 % less through an uninsulated
        fabric than H·ΔT.
    power_limit : float, optional
        Maximum heating power of the dwelling [W] (shared by storey zones
        in proportion to their volume).
    timestep : int
        Time steps per hour.
    declared_air_heat_capacity : float, optional
        ρ·c_p [J/(m³·K)] that turns a declared ventilation or infiltration
        conductance into an air flow (default 1200; :func:`simulate` passes
        the site's mean outdoor value).

    Returns
    -------
    rehab.energyplus.idf.Model

    Raises
    ------
    InputError
        For an element the box layout cannot
        place, windows that do not fit, or an unknown option.
    """
    g = house.geometry
    if g is None:  # declared route: every element a surface of its own
        return shoebox_model(
            house,
            heating_setpoint=heating_setpoint,
            cooling_setpoint=cooling_setpoint,
            internal_gains=internal_gains,
            gain_schedule=gain_schedule,
            ground_temperature=ground_temperature,
            control=control,
            power_limit=power_limit,
            timestep=timestep,
            declared_air_heat_capacity=declared_air_heat_capacity,
        )
    if zoning not in ("single", "storeys"):
        raise InputError(f"zoning: {zoning!r} is not one of 'single', 'storeys'")
    if attic not in ("zone", "b"):
        raise InputError(f"attic: {attic!r} is not one of 'zone', 'b'")
    if control not in ("air", "operative"):
        raise InputError(f"control: {control!r} is not one of 'air', 'operative'")
    parts = _sort(house)
    frame = _Frame(g.azimuth)
    n = g.storeys
    bands = [
        (
            k * (g.storey_height + g.floor_thickness),
            g.storey_height + (g.floor_thickness if k < n - 1 else 0.0),
        )
        for k in range(n)
    ]
    height = g.wall_height
    zone_bands = [(0.0, height)] if zoning == "single" else bands
    zone_names = ["Dwelling"] if zoning == "single" else [f"Storey {k + 1}" for k in range(n)]

    constructions, glazings = _wall_and_window_constructions(house, parts)
    surfaces = _facade_surfaces(house, g, parts, frame, bands, zone_bands, zone_names, zoning, constructions, glazings)
    plan = [(0.0, 0.0), (g.width, 0.0), (g.width, g.depth), (0.0, g.depth)]
    gf = parts.ground
    inter = _floor_surfaces(surfaces, g, parts, frame, plan, bands, zone_names, zoning, ground_temperature)
    attic_zone = _top_surfaces(surfaces[-1], house, g, parts, frame, plan, height, attic, constructions)
    zones = _zones(house, parts, surfaces, zone_names, zoning, inter, internal_gains, gain_schedule,
                   heating_setpoint, cooling_setpoint, control, power_limit, declared_air_heat_capacity)
    if attic_zone is not None:
        zones.append(attic_zone)
    ground = ground_temperature if gf is not None else None
    return ep.Model(
        house.name,
        tuple(zones),
        ground_temperature=ground,
        timestep=timestep,
        terrain="Suburbs",
        solar_distribution="FullInteriorAndExterior",
    )




def _wall_and_window_constructions(house: House, parts: _Parts) -> tuple[dict[str, ep.Construction], dict[str, Any]]:
    """The exterior walls' constructions with the house's Σ b·ψ·l folded in (U·A raised by
    it, EnergyPlus having no linear bridges) and each window's simple glazing system."""
    h_tb = sum(tb.b * house.bridge_psi(tb) * tb.length for tb in house.thermal_bridges)
    wall_area = sum(w.area for w in parts.walls.values())
    if h_tb > 0 and wall_area <= 0:
        raise InputError(
            f"house {house.name!r}: thermal bridges but no exterior wall to carry them"
        )
    extra_u = h_tb / wall_area if wall_area > 0 else 0.0

    constructions: dict[str, ep.Construction] = {}
    for side, w in parts.walls.items():
        constructions[side] = _element_construction(
            w, f"{w.name} (with bridges)" if extra_u else w.name, "horizontal", True, extra_u
        )
    glazings = {}
    for ws in parts.windows.values():
        for w in ws:
            shgc = w.g_value * (1.0 - w.frame_fraction) * w.shading
            glazings[w.name] = ep.WindowConstruction(
                f"{w.name} glazing", u_value=min(w.u, 7.0), shgc=min(max(shgc, 0.01), 0.99)
            )

    return constructions, glazings



def _facade_surfaces(house: House, g: Any, parts: _Parts, frame: _Frame, bands: list, zone_bands: list,
                     zone_names: list[str], zoning: str, constructions: dict, glazings: dict) -> list[list[ep.Surface]]:
    """The four sides' walls of every zone (exterior with their window and door per storey,
    or party walls, adiabatic or towards an unheated neighbour)."""
    n = g.storeys
    height = g.wall_height
    edges = _side_edges(g.width, g.depth)
    surfaces: list[list[ep.Surface]] = [[] for _ in zone_names]
    window_height = g.window_height
    for side in ("front", "right", "back", "left"):
        (x0, y0), (x1, y1) = edges[side]
        length = g.side_length(side)
        wall = parts.walls.get(side)
        party = parts.party.get(side)
        windows = parts.windows.get(side, [])
        doors = parts.doors.get(side, [])
        if len(windows) > 1:
            raise InputError(
                f"house {house.name!r}: several windows on side {side!r}; merge them into one"
            )
        if wall is None and party is None:
            raise InputError(
                f"house {house.name!r}: side {side!r} has neither an exterior nor a party wall"
            )
        gross = length * height
        if wall is not None:
            declared = wall.area + sum(w.area for w in windows) + sum(d.area for d in doors)
            if abs(declared - gross) > 0.02 * gross + 0.05:
                raise InputError(
                    f"house {house.name!r}: the {side} façade is {gross:.2f} m² in the geometry but its "
                    f"wall, windows and doors add up to {declared:.2f} m²"
                )
        for zi, (z0, band) in enumerate(zone_bands):
            verts = frame(ep.wall_vertices((x0, y0), (x1, y1), z0, z0 + band))
            name = f"{side.capitalize()} wall" + ("" if zoning == "single" else f" {zi + 1}")
            if party is not None:
                if party.boundary == "adjacent":
                    kw: dict[str, Any] = {"boundary": "adiabatic"}
                else:
                    kw = {"boundary": "unheated", "b": house.b_factor(party)}
                cons = _element_construction(party, party.name, "horizontal", False)
                surfaces[zi].append(ep.Surface(name, "wall", cons, verts, **kw))
                continue
            wins: list[ep.Window] = []
            drs: list[ep.Door] = []
            storeys_here = [
                k for k, (bz, _) in enumerate(bands) if z0 - 1e-9 <= bz < z0 + band - 1e-9
            ]
            for k in storeys_here:
                bz, bh = bands[k]
                band_local = ep.wall_vertices((x0, y0), (x1, y1), bz, bz + bh)
                door_dims = None
                if k == 0 and doors:
                    d_area = sum(d.area for d in doors)
                    dh = min(d_area / DOOR_WIDTH, bh - MARGIN)
                    door_dims = (d_area / dh, dh)
                w_area = sum(w.area for w in windows) / n
                wv, dv = _openings(
                    band_local, length, bh, w_area, window_height, door_dims, f"{side} façade"
                )
                if wv is not None:
                    # one window element per side in the box route; its properties apply to the band
                    w0 = windows[0]
                    wins.append(ep.Window(f"{w0.name} {k + 1}", glazings[w0.name], frame(wv)))
                if dv is not None:
                    d0 = doors[0]
                    drs.append(
                        ep.Door(
                            d0.name,
                            _element_construction(d0, d0.name, "horizontal", True),
                            frame(dv),
                        )
                    )
            surfaces[zi].append(
                ep.Surface(
                    name, "wall", constructions[side], verts, windows=tuple(wins), doors=tuple(drs)
                )
            )

    return surfaces



def _floor_surfaces(surfaces: list[list[ep.Surface]], g: Any, parts: _Parts, frame: _Frame, plan: list,
                    bands: list, zone_names: list[str], zoning: str, ground_temperature: Any) -> Any:
    """The ground floor (to the ground temperature) and, with one zone per storey, the
    interzone floors; returns the intermediate-floor element (internal mass otherwise)."""
    n = g.storeys
    # ground floor
    gf = parts.ground
    if gf is not None:
        if ground_temperature is None:
            raise InputError(
                "ground_temperature: the house has a ground floor; give the temperature under "
                "it [°C] (one value or 12 monthly values)"
            )
        surfaces[0].append(
            ep.Surface(
                "Ground floor",
                "floor",
                _ground_construction(gf),
                frame(ep.horizontal_vertices(plan, 0.0, "down")),
                boundary="ground",
            )
        )
    # intermediate floors between storey zones
    inter = next((e for e in parts.internal if e.kind == "floor"), None)
    if zoning == "storeys" and n > 1:
        if inter is not None and inter.construction is not None:
            ic = _construction(
                inter.name,
                inter.construction,
                direction="down",
                exterior=False,
                outside_absorptance=0.6,
            )
        else:
            ic = _u_construction("Intermediate floor", 1.0 / (0.17 + 0.17 + 0.3), 0.17, 0.17, 0.6)
        for k in range(n - 1):
            z = bands[k][0] + bands[k][1]
            surfaces[k].append(
                ep.Surface(
                    f"Floor {k + 1}-{k + 2}",
                    "ceiling",
                    ic,
                    frame(ep.horizontal_vertices(plan, z, "up")),
                    boundary="zone",
                    adjacent_zone=zone_names[k + 1],
                )
            )
    return inter



def _top_surfaces(top_zone: list[ep.Surface], house: House, g: Any, parts: _Parts, frame: _Frame, plan: list,
                  height: float, attic: str, constructions: dict) -> ep.Zone | None:
    """The top of the dwelling on the top zone: a ceiling under the attic (a free-floating
    zone, returned, or a b-factor boundary), a flat roof, or heated roof slopes with
    adiabatic gables."""
    attic_zone = None
    if g.roof == "attic":
        ceil = parts.ceiling
        if ceil is None:
            raise InputError(f"house {house.name!r}: roof 'attic' but no ceiling element")
        space = next((s for s in house.unheated_spaces if s.name == ceil.unheated_space), None)
        cc = _element_construction(ceil, ceil.name, "up", False)
        ceil_v = frame(ep.horizontal_vertices(plan, height, "up"))
        if attic == "zone" and space is not None:
            top_zone.append(
                ep.Surface("Ceiling", "ceiling", cc, ceil_v, boundary="zone", adjacent_zone="Attic")
            )
            attic_zone = _attic_zone(g, space, frame, height)
        else:
            top_zone.append(
                ep.Surface(
                    "Ceiling", "ceiling", cc, ceil_v, boundary="unheated", b=house.b_factor(ceil)
                )
            )
    elif g.roof == "flat":
        if len(parts.roofs) != 1:
            raise InputError(f"house {house.name!r}: roof 'flat' needs one roof element")
        r = parts.roofs[0]
        top_zone.append(
            ep.Surface(
                "Roof",
                "roof",
                _element_construction(r, r.name, "up", True),
                frame(ep.horizontal_vertices(plan, height, "up")),
            )
        )
    else:  # heated roof: slopes over the top storey; gables adiabatic as in rehab's House
        rise = g.depth / 2.0 * math.tan(math.radians(g.roof_pitch))
        by_side = {r.side: r for r in parts.roofs}
        if set(by_side) != {"front", "back"}:
            raise InputError(
                f"house {house.name!r}: roof 'heated_roof' needs roof_front and roof_back"
            )
        ridge = height + rise
        w_, d_ = g.width, g.depth
        slopes = {
            "front": ((0, d_ / 2, ridge), (0, 0, height), (w_, 0, height), (w_, d_ / 2, ridge)),
            "back": ((w_, d_ / 2, ridge), (w_, d_, height), (0, d_, height), (0, d_ / 2, ridge)),
        }
        for side, pts in slopes.items():
            r = by_side[side]
            top_zone.append(
                ep.Surface(
                    f"Roof {side}", "roof", _element_construction(r, r.name, "up", True), frame(pts)
                )
            )
        top_zone.append(
            ep.Surface(
                "Gable right",
                "wall",
                constructions.get("right") or _u_construction("Gable", 1.0, 0.13, 0.13, 0.6),
                frame(((w_, 0, height), (w_, d_, height), (w_, d_ / 2, ridge))),
                boundary="adiabatic",
            )
        )
        top_zone.append(
            ep.Surface(
                "Gable left",
                "wall",
                constructions.get("left") or _u_construction("Gable", 1.0, 0.13, 0.13, 0.6),
                frame(((0, d_, height), (0, 0, height), (0, d_ / 2, ridge))),
                boundary="adiabatic",
            )
        )

    return attic_zone



def _zones(house: House, parts: _Parts, surfaces: list[list[ep.Surface]], zone_names: list[str], zoning: str,
           inter: Any, internal_gains: float | None, gain_schedule: Any, heating_setpoint: Any,
           cooling_setpoint: Any, control: str, power_limit: float | None,
           declared_air_heat_capacity: float | None) -> list[ep.Zone]:
    """The heated zones: surfaces, internal masses, air flows, gains, set-points, control."""
    q_air, q_bal, eta = _infiltration_and_ventilation(house, declared_air_heat_capacity)
    gains = _default_gains(house) if internal_gains is None else float(internal_gains)
    nz = len(zone_names)
    volumes = [house.volume] if nz == 1 else [house.volume / nz] * nz
    zones = []
    for zi, zname in enumerate(zone_names):
        masses = []
        for e in parts.internal:
            if e.construction is None or (zoning == "storeys" and e is inter):
                continue
            c = _construction(
                e.name,
                e.construction,
                direction="horizontal" if e.kind == "wall" else "down",
                exterior=False,
                outside_absorptance=0.6,
            )
            masses.append(
                ep.InternalMass(
                    f"{e.name}" + ("" if nz == 1 else f" {zi + 1}"), c, 2.0 * e.area / nz
                )
            )
        zones.append(
            ep.Zone(
                zname,
                tuple(surfaces[zi]),
                volume=volumes[zi],
                infiltration_ach=q_air / house.volume,
                gains=(
                    ep.Gain(
                        "Internal gains", gains / nz, GAIN_RADIANT_FRACTION, schedule=gain_schedule
                    ),
                )
                if gains > 0
                else (),
                heating_setpoint=heating_setpoint,
                cooling_setpoint=cooling_setpoint,
                ventilation_flow=q_bal / 3600.0 / nz,
                heat_recovery_effectiveness=eta if q_bal > 0 else 0.0,
                internal_masses=tuple(masses),
                operative_fraction=0.5 if control == "operative" else None,
                heating_capacity=None if power_limit is None else power_limit / nz,
            )
        )
    return zones


def _attic_zone(g: Any, space: Any, frame: _Frame, height: float) -> ep.Zone:
    """Free-floating attic: gable roof, ridge parallel to the street façade."""
    w, d = g.width, g.depth
    rise = d / 2.0 * math.tan(math.radians(g.roof_pitch))
    ridge = height + rise
    cons = _attic_construction(space)
    surfaces = [
        ep.Surface(
            "Attic roof front",
            "roof",
            cons,
            frame(((0, d / 2, ridge), (0, 0, height), (w, 0, height), (w, d / 2, ridge))),
        ),
        ep.Surface(
            "Attic roof back",
            "roof",
            cons,
            frame(((w, d / 2, ridge), (w, d, height), (0, d, height), (0, d / 2, ridge))),
        ),
    ]
    for side, pts in (
        ("right", ((w, 0, height), (w, d, height), (w, d / 2, ridge))),
        ("left", ((0, d, height), (0, 0, height), (0, d / 2, ridge))),
    ):
        kw: dict[str, Any] = {"boundary": "adiabatic"} if g.is_party(side) else {}
        surfaces.append(ep.Surface(f"Attic gable {side}", "wall", cons, frame(pts), **kw))
    volume = w * d * rise / 2.0
    return ep.Zone(
        "Attic",
        tuple(surfaces),
        volume=volume if volume > 0 else None,
        infiltration_ach=space.air_change_rate,
    )


# ----------------------------------------------------------------------------- API
