"""A box-shaped dwelling laid out as a :class:`rehab.House`.

:func:`house_from_box` turns a :class:`rehab.geometry.BoxGeometry`
(footprint, storeys, party walls, roof, foundation) and constructions
into a House: façades net of windows and door, party walls, the attic as an
unheated space (ISO 13789), the ground floor (ISO 13370), internal mass and
the linear thermal bridges of the junctions. The archetypes
(:mod:`rehab.archetypes`) and the BESTEST cases are built with it, and
:mod:`rehab.layout` repeats its formulas on arrays for whole stocks.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from .constructions import Construction
from .errors import InputError
from .geometry import SIDES, BoxGeometry, facade_overflow_message, side_azimuth, window_perimeter
from .house import GroundFloor, House, Opaque, ThermalBridge, UnheatedSpace, Window

__all__ = ["house_from_box"]


def _heavy(construction: Construction | None) -> bool:
    """Whether a floor or ceiling is heavy (a concrete, masonry or screed layer), as
    3CL §3.4 distinguishes heavy floors from light (timber) ones."""
    return construction is not None and any(
        getattr(getattr(ly, "mat", None), "category", "") in ("concrete", "masonry", "screed")
        for ly in construction.layers
    )


def house_from_box(
    geometry: BoxGeometry,
    *,
    wall: Construction,
    party_wall: Construction,
    top: Construction,
    floor: Construction,
    window: dict[str, Any],
    windows: dict[str, float],
    door_area: float = 1.8,
    door_u: float = 3.5,
    intermediate_floor: Construction | None = None,
    partition: Construction | None = None,
    partition_ratio: float = 0.6,
    attic_roof_u: float = 6.0,
    attic_air_change_rate: float = 10.0,
    gable: Construction | None = None,
    party_boundary: Literal["adjacent", "unheated"] = "adjacent",
    party_b: float | None = None,
    ground_floor_options: dict[str, Any] | None = None,
    thermal_bridges: bool = True,
    **house_fields: Any,
) -> House:
    """Lay out a box-shaped dwelling and return a :class:`rehab.House`.

    Parameters
    ----------
    geometry : BoxGeometry
    wall : Construction
        Exterior walls (outside → inside).
    party_wall : Construction
        Walls shared with neighbours.
    top : Construction
        Top ceiling under the attic (``roof="attic"``), roof slopes
        (``"heated_roof"``) or flat roof.
    floor : Construction
        Ground floor (slab, or deck over crawlspace/cellar), ground side first.
    window : dict
        Window fields common to all windows (u_value or u_glazing/u_frame,
        g_value, glazing, frame_fraction …).
    windows : dict
        Window area per side [m²], e.g. ``{"front": 3.5, "back": 3.0}``.
    door_area, door_u : float
        Front door [m²] and its U [W/(m²·K)] (3CL-DPE 2021 p. 32: solid
        timber door 3.5).
    intermediate_floor, partition : Construction, optional
        Internal mass: (storeys − 1) floors of the footprint and
        ``partition_ratio`` m² of partition per m² of floor.
    partition_ratio : float
        [m²/m²] (assumption 0.6 for small terraced houses).
    attic_roof_u : float
        Mean U of an unheated attic's tiled roof slopes [W/(m²·K)]
        (default 6: clay tiles on battens without underlay, R ≈ 0.17 m²·K/W
        with both surface resistances).
    attic_air_change_rate : float
        Attic air changes [1/h] (ISO 13789:2017 Table 7: 10 for tiles
        without felt or boarding).
    gable : Construction, optional
        Attic gable walls; default ``wall``.
    party_boundary : {"adjacent", "unheated"}
        Neighbour heated (adiabatic) or unheated (with ``party_b``).
    party_b : float, optional
        b of party walls towards an unheated neighbour.
    ground_floor_options : dict, optional
        Extra :class:`rehab.house.GroundFloor` fields (cellar depth …).
    thermal_bridges : bool
        Lay out the junctions' linear bridges (False: none, e.g. for
        validation cases whose description has none).
    **house_fields
        Further :class:`rehab.House` fields (name, ventilation, thermal_mass,
        heritage, sources …).

    Returns
    -------
    House
    """
    g = geometry
    unknown = set(windows) - set(SIDES)
    if unknown:
        raise InputError(f"windows: unknown side(s) {sorted(unknown)}; allowed {SIDES}")
    elements, reveal = _facades(g, wall, party_wall, window, windows, door_area, door_u, party_boundary, party_b)
    top_elements, spaces = _top(g, top, gable or wall, attic_roof_u, attic_air_change_rate)
    elements += top_elements
    elements.append(
        GroundFloor(
            name="ground_floor",
            area=g.footprint,
            exposed_perimeter=g.exposed_perimeter,
            floor_type=g.foundation,
            construction=floor,
            wall_thickness=wall.thickness,
            **dict(ground_floor_options or {}),
        )
    )
    elements += _internal_mass(g, intermediate_floor, partition, partition_ratio)
    bridges = _bridges(g, top, intermediate_floor, reveal) if thermal_bridges else []
    fields = dict(
        floor_area=g.floor_area,
        volume=g.floor_area * g.storey_height,
        storeys=g.storeys,
        elements=elements,
        unheated_spaces=spaces,
        thermal_bridges=bridges,
        geometry=g,
    )
    fields.update(house_fields)
    return House(**fields)


def _facades(g: BoxGeometry, wall: Construction, party_wall: Construction, window: dict[str, Any],
             windows: dict[str, float], door_area: float, door_u: float, party_boundary: str,
             party_b: float | None) -> tuple[list[Any], float]:
    """Walls (exterior or party), windows and the front door of each side, and the
    windows' reveal length [m]."""
    elements: list[Any] = []
    reveal = 0.0
    h = g.wall_height
    for side in SIDES:
        length = g.side_length(side)
        gross = length * h
        az = side_azimuth(g.azimuth, side)
        street = side == "front"
        if g.is_party(side):
            if windows.get(side, 0.0) > 0:
                raise InputError(f"windows: side {side!r} is a party wall and cannot have windows")
            pw = dict(
                name=f"party_{side}",
                kind="party_wall",
                area=gross,
                azimuth=az,
                construction=party_wall,
                boundary=party_boundary,
                side=side,
            )
            if party_boundary == "unheated":
                pw["b"] = 0.5 if party_b is None else party_b
            elements.append(Opaque(**pw))
            continue
        w_area = float(windows.get(side, 0.0))
        d_area = door_area if side == "front" else 0.0
        net = gross - w_area - d_area
        if net <= 0:
            raise InputError(facade_overflow_message(side, w_area, d_area, gross))
        elements.append(
            Opaque(name=f"wall_{side}", kind="wall", area=net, azimuth=az, construction=wall, side=side, street=street)
        )
        if w_area > 0:
            elements.append(Window(name=f"window_{side}", area=w_area, azimuth=az, side=side, street=street, **window))
            reveal += window_perimeter(w_area, g.window_height)
        if d_area > 0:
            elements.append(
                Opaque(name=f"door_{side}", kind="door", area=d_area, azimuth=az, u_value=door_u, side=side, street=street)
            )
    return elements, reveal


def _top(g: BoxGeometry, top: Construction, gable: Construction, attic_roof_u: float,
         attic_air_change_rate: float) -> tuple[list[Any], list[Any]]:
    """The top of the dwelling: a ceiling under an unheated attic (and the attic,
    ISO 13789:2017 Table 7 air change), heated roof slopes, or a flat roof."""
    elements: list[Any] = []
    spaces: list[Any] = []
    fp = g.footprint
    pitch = math.radians(g.roof_pitch)
    if g.roof == "attic":
        elements.append(Opaque(name="ceiling", kind="ceiling", area=fp, construction=top, boundary="unheated", unheated_space="attic"))
        slopes = fp / math.cos(pitch)
        gable_area = sum(
            g.depth * (g.depth / 2.0) * math.tan(pitch) / 2.0 for s in ("left", "right") if not g.is_party(s)
        )
        gable_u = gable.u_value("horizontal")
        u_mean = (slopes * attic_roof_u + gable_area * gable_u) / (slopes + gable_area)
        spaces.append(
            UnheatedSpace(
                name="attic",
                kind="attic",
                exterior_area=slopes + gable_area,
                exterior_u=u_mean,
                volume=g.width * g.depth**2 * math.tan(pitch) / 4.0,
                air_change_rate=attic_air_change_rate,
            )
        )
    elif g.roof == "heated_roof":
        half = fp / 2.0 / math.cos(pitch)
        for side in ("front", "back"):
            elements.append(
                Opaque(
                    name=f"roof_{side}",
                    kind="roof",
                    area=half,
                    azimuth=side_azimuth(g.azimuth, side),
                    tilt=g.roof_pitch,
                    construction=top,
                    side=side,
                )
            )
    else:
        elements.append(Opaque(name="roof", kind="roof", area=fp, tilt=0.0, construction=top))
    return elements, spaces


def _internal_mass(g: BoxGeometry, intermediate_floor: Construction | None, partition: Construction | None,
                   partition_ratio: float) -> list[Any]:
    """Intermediate floors and partitions as internal elements (heat capacity only)."""
    elements: list[Any] = []
    fp = g.footprint
    if intermediate_floor is not None and g.storeys > 1:
        elements.append(
            Opaque(
                name="intermediate_floors",
                kind="floor",
                area=fp * (g.storeys - 1),
                construction=intermediate_floor,
                boundary="internal",
            )
        )
    if partition is not None and partition_ratio > 0:
        elements.append(
            Opaque(name="partitions", kind="wall", area=partition_ratio * g.floor_area, construction=partition, boundary="internal")
        )
    return elements


def _bridges(g: BoxGeometry, top: Construction, intermediate_floor: Construction | None,
             reveal: float) -> list[Any]:
    """The junctions' linear thermal bridges, lengths from the layout (ψ defaults follow
    the insulation side, :meth:`rehab.House.bridge_psi`)."""
    bridges: list[Any] = []
    h = g.wall_height
    p = g.exposed_perimeter
    bridges.append(ThermalBridge(junction="ground_floor", length=p))
    if g.storeys > 1:
        bridges.append(
            ThermalBridge(
                junction="intermediate_floor_heavy" if _heavy(intermediate_floor) else "intermediate_floor_timber",
                length=p * (g.storeys - 1),
            )
        )
    # 3CL §3.4.3: the top-floor/wall junction counts for heavy top floors only;
    # "les ponts thermiques des planchers hauts en structure légère sont négligés"
    if _heavy(top):
        bridges.append(ThermalBridge(junction="eaves", length=p))
    n_party = sum(g.is_party(s) for s in ("left", "right"))
    if n_party:
        bridges.append(ThermalBridge(junction="party_wall", length=2.0 * n_party * h))
    if reveal > 0:
        bridges.append(ThermalBridge(junction="window_reveal", length=reveal))
    return bridges
