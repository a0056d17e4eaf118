"""Layers of an element as both the ISO 52016-1 node engine and the EnergyPlus export see it.

rehab's two detailed models must see the same wall: :mod:`rehab.demand.iso52016`
shares each element's layers among its nodes, :mod:`rehab.energyplus.export`
writes them as EnergyPlus materials. This module, below both (it imports
neither), holds what they share:

* the layers of a rehab construction as neutral EnergyPlus layers (outer
  layers beyond a well-ventilated gap dropped, bridged layers homogenised by
  their fractions, air layers by EN ISO 6946), their resistances scaled so
  that the element keeps its EN ISO 6946 U (plus the thermal bridges spread
  on the walls), and a floor on the ground as its slab behind an equivalent
  ground layer giving its ISO 13370 U;
* the layers of an element known only by its U: one masonry layer of its
  mass class's κ_m (ISO 52016-1:2017 Table B.14), behind a no-mass insulating
  layer when insulated;
* the split of a wall of unknown orientation into four façades.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from . import idf as ep

if TYPE_CHECKING:
    from ..house import House

__all__ = [
    "DECLARED_MASONRY",
    "DECLARED_SLAB_R",
    "EMISSIVITY",
    "INSIDE_SOLAR_ABSORPTANCE",
    "KAPPA_CLASS",
    "R_C_MIN",
    "declared_layers",
    "oriented_elements",
]

#: Areal heat capacity of an element whose layers are unknown [J/(m²·K)] by
#: the house's thermal-mass class (ISO 52016-1:2017 Table B.14: very light
#: 50 000, light 75 000, medium 110 000, heavy 175 000, very heavy 250 000).
KAPPA_CLASS = {
    "very_light": 50_000.0,
    "light": 75_000.0,
    "medium": 110_000.0,
    "heavy": 175_000.0,
    "very_heavy": 250_000.0,
}
#: Masonry of a declared element's mass layer: ρ = 1800 kg/m³, c = 1000 J/(kg·K),
#: λ = 1.0 W/(m·K) (ISO 10456:2007 Table 3, brick/block order of magnitude; assumption
#: used only to give a thickness to the mass class's κ).
DECLARED_MASONRY = (1800.0, 1000.0, 1.0)
#: Smallest element resistance without films [m²·K/W]: a declared U above the
#: films' limit 1/(R_si + R_se) (a door or thin wall on an unheated space, or a
#: wall carrying large thermal bridges) is held at this value by both the engine
#: and the EnergyPlus export (assumption, 2026-12-06).
R_C_MIN = 0.01
#: Resistance of the slab kept in front of the ground resistance of a declared
#: floor on the ground [m²·K/W] (a 15 cm concrete slab; assumption).
DECLARED_SLAB_R = 0.1


def declared_layers(house: House, u: float, r_c: float, kind: str = "wall") -> list[tuple[str, float, float, float]]:
    """Layers (name, thickness [m] or 0, R [m²·K/W], C [J/(m²·K)]) outside → inside of an
    element known only by its U: the mass class's κ_m (Table B.14 by the house's thermal-mass
    class) as one masonry layer, through the whole element if uninsulated (class D), outside an
    insulating no-mass layer otherwise (class E: internal insulation, the common French case).

    Both rehab's ISO 52016-1 engine and its EnergyPlus export use these layers, so the two see
    the same element.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.House.from_elements(floor_area=50, elements=[
    ...     {"type": "opaque", "kind": "wall", "area": 80, "u_value": 2.0, "azimuth": 180}])
    >>> [round(x, 3) for x in declared_layers(h, 2.0, 0.33)[0][1:]]
    [0.061, 0.33, 110000.0]
    """
    cls, kappa = _declared_class(house, u, kind)
    rho, c, lam = DECLARED_MASONRY
    d = kappa / (rho * c)
    if cls == "D":
        return [("masonry (declared)", d, r_c, kappa)]
    r_m = min(d / lam, 0.5 * r_c)
    return [("masonry (declared)", d, r_m, kappa), ("insulation (declared)", 0.0, r_c - r_m, 0.0)]


def _declared_class(house: House, u: float, kind: str = "wall") -> tuple[str, float]:
    """Class and κ_m of an element without layers (Table B.14 by the house's mass class;
    a door is very light)."""
    tm = house.thermal_mass if isinstance(house.thermal_mass, str) else "medium"
    kappa = KAPPA_CLASS["very_light" if kind == "door" else tm]
    # uninsulated masonry: mass throughout; insulated: the French practice of
    # internal insulation leaves the mass outside (assumption, documented)
    return ("D" if u >= 1.0 else "E"), kappa


def oriented_elements(house: House) -> list[Any]:
    """The house's elements, an exterior wall or door of unknown orientation split in four
    equal parts facing north, east, south and west (assumption: a declared house, e.g. a DPE,
    may not say where a wall faces; both the ISO 52016-1 engine and the EnergyPlus shoebox
    export use this split).

    Examples
    --------
    >>> import rehab
    >>> h = rehab.House.from_elements(floor_area=50, elements=[
    ...     {"type": "opaque", "kind": "wall", "area": 80, "u_value": 2.0}])
    >>> [(e.azimuth, e.area) for e in oriented_elements(h)]
    [(0.0, 20.0), (90.0, 20.0), (180.0, 20.0), (270.0, 20.0)]
    """
    from ..house import Opaque

    out = []
    for e in house.elements:
        if (
            isinstance(e, Opaque)
            and e.azimuth is None
            and e.boundary == "exterior"
            and 45.0 < float(e.effective_tilt) <= 90.0
        ):
            for k, az in enumerate((0.0, 90.0, 180.0, 270.0)):
                out.append(e.model_copy(update={"azimuth": az, "area": e.area / 4.0, "name": f"{e.name or e.kind} {k + 1}"}))
        else:
            out.append(e)
    return out


#: Solar absorptance of inside faces [-]: 0.6, the interior value of
#: ASHRAE 140 (BESTEST) base cases — an assumption for light-coloured
#: plaster and floor finishes (2026-11-28).
INSIDE_SOLAR_ABSORPTANCE = 0.6
#: Long-wave emissivity of opaque faces [-]: 0.9 for non-metallic building
#: materials (ISO 6946:2017 Annex D; ASHRAE 140 base cases).
EMISSIVITY = 0.9


def _ep_layers(
    construction: Any, direction: str
) -> tuple[list[ep.OpaqueLayer | ep.NoMassLayer], bool]:
    """Neutral layers of a rehab Construction (outer layers beyond a ventilated gap dropped)."""
    from .. import envelope
    from ..constructions import AirLayer, Layer

    layers = list(construction.layers)
    vented = [
        i for i, ly in enumerate(layers) if isinstance(ly, AirLayer) and ly.ventilation == "well"
    ]
    if vented:
        layers = layers[vented[-1] + 1 :]
    out: list[ep.OpaqueLayer | ep.NoMassLayer] = []
    for i, ly in enumerate(layers):
        if isinstance(ly, Layer):
            m = ly.mat
            lam, rho, cap = m.conductivity, m.density, m.specific_heat
            label = m.id
            if ly.bridge is not None:
                b = ly.bridge
                bm = ly.bridge.mat if hasattr(ly.bridge, "mat") else None
                from ..materials import get as get_material

                bm = bm or (get_material(b.material) if isinstance(b.material, str) else b.material)
                f = b.fraction
                lam = (1 - f) * lam + f * bm.conductivity
                rho_c = (1 - f) * rho * cap + f * bm.density * bm.specific_heat
                rho = (1 - f) * rho + f * bm.density
                cap = rho_c / rho
                label = f"{m.id}+{bm.id}"
            out.append(ep.OpaqueLayer(f"{i + 1} {label}", ly.thickness, lam, rho, cap))
        elif isinstance(ly, AirLayer):
            r = float(
                envelope.air_layer_resistance(ly.thickness, direction, ly.emissivity, ly.emissivity)
            )
            out.append(ep.NoMassLayer(f"{i + 1} air {ly.thickness * 1000:.0f} mm", r))
        elif ly.resistance > 0:
            out.append(ep.NoMassLayer(f"{i + 1} {ly.name}", ly.resistance))
    return out, bool(vented)


def _scaled(
    layers: Sequence[ep.OpaqueLayer | ep.NoMassLayer], target: float, owner: str
) -> tuple[ep.OpaqueLayer | ep.NoMassLayer, ...]:
    """Scale every layer's resistance so that their sum equals ``target`` [m²·K/W]."""
    total = sum(ly.resistance for ly in layers)
    if target <= 0 or total <= 0:
        raise InputError(
            f"{owner}: the layers cannot reach a resistance of {target:.4f} m²·K/W "
            "(thermal bridges or declared U larger than the construction allows)"
        )
    k = target / total
    if abs(k - 1.0) < 1e-9:
        return tuple(layers)
    out: list[ep.OpaqueLayer | ep.NoMassLayer] = []
    for ly in layers:
        if isinstance(ly, ep.OpaqueLayer):
            out.append(
                ep.OpaqueLayer(
                    ly.name, ly.thickness, ly.conductivity / k, ly.density, ly.specific_heat
                )
            )
        else:
            out.append(ep.NoMassLayer(ly.name, ly.resistance * k))
    return tuple(out)


def _construction(
    name: str,
    construction: Any,
    *,
    direction: str,
    exterior: bool,
    outside_absorptance: float,
    extra_u: float = 0.0,
) -> ep.Construction:
    """An EnergyPlus construction with the ISO 6946 U of a rehab construction (+ extra_u)."""
    from .. import envelope

    rsi = envelope.RSI[direction]
    rse = envelope.RSE if exterior else rsi
    layers, vented = _ep_layers(construction, direction)
    if vented:
        rse = rsi
    r_total = construction.total_resistance(direction, rse=rse if exterior else rsi)
    target = 1.0 / (1.0 / r_total + extra_u) - rsi - rse
    return ep.Construction(
        name,
        _scaled(layers, target, f"construction {name!r}"),
        outside_solar_absorptance=outside_absorptance,
        inside_solar_absorptance=INSIDE_SOLAR_ABSORPTANCE,
        outside_thermal_absorptance=EMISSIVITY,
        inside_thermal_absorptance=EMISSIVITY,
    )


def _u_construction(
    name: str, u: float, rsi: float, rse: float, absorptance: float
) -> ep.Construction:
    """A no-mass construction of a declared U [W/(m²·K)]."""
    r = 1.0 / u - rsi - rse
    if r <= 0:
        raise InputError(
            f"{name}: U = {u:.3g} W/(m²·K) exceeds the surface films' limit {1 / (rsi + rse):.3g}"
        )
    return ep.Construction(
        name,
        (ep.NoMassLayer(f"{name} R", r),),
        outside_solar_absorptance=absorptance,
        inside_solar_absorptance=INSIDE_SOLAR_ABSORPTANCE,
        outside_thermal_absorptance=EMISSIVITY,
        inside_thermal_absorptance=EMISSIVITY,
    )


def _element_construction(
    el: Any, name: str, direction: str, exterior: bool, extra_u: float = 0.0
) -> ep.Construction:
    from .. import envelope

    absorptance = float(getattr(el, "solar_absorptance", 0.6))
    if el.construction is not None and getattr(el, "u_value", None) is None:
        return _construction(
            name,
            el.construction,
            direction=direction,
            exterior=exterior,
            outside_absorptance=absorptance,
            extra_u=extra_u,
        )
    rsi = envelope.RSI[direction]
    rse = envelope.RSE if exterior else rsi
    return _u_construction(name, el.u + extra_u, rsi, rse, absorptance)


def _ground_construction(gf: Any) -> ep.Construction:
    """Slab/deck layers plus an equivalent ground layer giving the ISO 13370 U."""
    from .. import envelope

    rsi = envelope.RSI["down"]
    target = 1.0 / gf.u - rsi
    layers: list[ep.OpaqueLayer | ep.NoMassLayer] = []
    if gf.construction is not None:
        layers, _ = _ep_layers(gf.construction, "down")
    r_layers = sum(ly.resistance for ly in layers)
    if target - r_layers > 1e-4:
        layers = [ep.NoMassLayer("equivalent ground (ISO 13370)", target - r_layers), *layers]
    elif layers:
        layers = list(_scaled(layers, target, f"ground floor {gf.name!r}"))
    else:
        raise InputError(f"ground floor {gf.name!r}: U = {gf.u} W/(m²·K) is too high")
    return ep.Construction(
        f"{gf.name}",
        tuple(layers),
        outside_solar_absorptance=0.6,
        inside_solar_absorptance=INSIDE_SOLAR_ABSORPTANCE,
        outside_thermal_absorptance=EMISSIVITY,
        inside_thermal_absorptance=EMISSIVITY,
    )


def _declared_construction(house: Any, el: Any, name: str, direction: str, exterior: bool, extra_u: float = 0.0) -> ep.Construction:
    """The construction of an element: its layers, or for a U-only element the layers of its mass
    class (:func:`rehab.demand.iso52016.declared_layers`, the same the ISO 52016 engine uses)."""
    from .. import envelope
    from .layers import DECLARED_MASONRY, R_C_MIN, declared_layers

    if el.construction is not None and getattr(el, "u_value", None) is None:
        return _element_construction(el, name, direction, exterior, extra_u)
    rsi = envelope.RSI[direction]
    rse = envelope.RSE if exterior else rsi
    u = el.u + extra_u
    r_c = max(1.0 / u - rsi - rse, R_C_MIN)  # a U beyond the films' limit is held there
    rho, c, _ = DECLARED_MASONRY
    layers: list[ep.OpaqueLayer | ep.NoMassLayer] = []
    for i, (label, d, r, _cap) in enumerate(declared_layers(house, u, r_c, el.kind)):
        if d > 0:
            layers.append(ep.OpaqueLayer(f"{i + 1} {label}", d, d / r, rho, c))
        else:
            layers.append(ep.NoMassLayer(f"{i + 1} {label}", r))
    return ep.Construction(
        name,
        tuple(layers),
        outside_solar_absorptance=float(getattr(el, "solar_absorptance", 0.6)),
        inside_solar_absorptance=INSIDE_SOLAR_ABSORPTANCE,
        outside_thermal_absorptance=EMISSIVITY,
        inside_thermal_absorptance=EMISSIVITY,
    )


def _declared_ground_construction(house: Any, el: Any, name: str) -> ep.Construction:
    """A floor on the ground known by its U: the declared slab and an equivalent ground layer."""
    from .. import envelope
    from ..house import GroundFloor
    from .layers import DECLARED_MASONRY, DECLARED_SLAB_R, declared_layers

    if isinstance(el, GroundFloor):
        return _ground_construction(el)
    rsi = envelope.RSI["down"]
    total = 1.0 / el.u - rsi
    r_slab = min(DECLARED_SLAB_R, 0.5 * total)
    rho, c, _ = DECLARED_MASONRY
    layers: list[ep.OpaqueLayer | ep.NoMassLayer] = [ep.NoMassLayer("equivalent ground (ISO 13370)", total - r_slab)]
    for i, (label, d, r, _cap) in enumerate(declared_layers(house, el.u, r_slab, "floor")):
        layers.append(ep.OpaqueLayer(f"{i + 1} {label}", d, d / r, rho, c) if d > 0 else ep.NoMassLayer(f"{i + 1} {label}", r))
    return ep.Construction(
        name, tuple(layers), outside_solar_absorptance=0.6, inside_solar_absorptance=INSIDE_SOLAR_ABSORPTANCE,
        outside_thermal_absorptance=EMISSIVITY, inside_thermal_absorptance=EMISSIVITY,
    )
