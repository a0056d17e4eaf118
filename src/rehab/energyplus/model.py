"""The neutral building description behind :mod:`rehab.energyplus.idf`: layers,
constructions, windows, surfaces, gains, zones, the model, schedules and the EPW
location (frozen dataclasses in SI units, checked on construction).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..errors import InputError
from .geometry import Vec3, newell_normal

#: A schedule: a number (constant) or 24, 168 (Monday first) or 8760 hourly values.
ScheduleLike = float | Sequence[float] | np.ndarray

#: Hourly output variables every model requests (read back by
#: :mod:`rehab.energyplus.results`).
OUTPUT_VARIABLES: tuple[str, ...] = (
    "Zone Ideal Loads Supply Air Sensible Heating Energy",
    "Zone Ideal Loads Supply Air Sensible Cooling Energy",
    "Zone Ideal Loads Zone Sensible Heating Energy",
    "Zone Ideal Loads Zone Sensible Cooling Energy",
    "Zone Mean Air Temperature",
    "Zone Operative Temperature",
    "Site Outdoor Air Drybulb Temperature",
)

_DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --------------------------------------------------------------------------- checks
def _positive(owner: str, name: str, value: float, *, allow_zero: bool = False) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{owner}.{name}: {value!r} is not a number") from exc
    if not math.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise InputError(f"{owner}.{name}: {value!r} must be finite and {bound}")
    return v


def _fraction(owner: str, name: str, value: float) -> float:
    v = _positive(owner, name, value, allow_zero=True)
    if v > 1:
        raise InputError(f"{owner}.{name}: {value!r} must lie in [0, 1]")
    return v


def _vertices(owner: str, vertices: Iterable[Sequence[float]]) -> tuple[Vec3, ...]:
    pts = tuple(tuple(float(c) for c in v) for v in vertices)
    if len(pts) < 3 or any(len(p) != 3 for p in pts):
        raise InputError(
            f"{owner}.vertices: need at least 3 points of 3 coordinates (x, y, z) in m"
        )
    if not all(math.isfinite(c) for p in pts for c in p):
        raise InputError(f"{owner}.vertices: coordinates must be finite numbers")
    return pts  # type: ignore[return-value]



# --------------------------------------------------------------------------- description
@dataclass(frozen=True)
class OpaqueLayer:
    """A massive layer of an opaque construction (EnergyPlus ``Material``).

    Parameters
    ----------
    name : str
        Material name.
    thickness : float
        [m], > 0.
    conductivity : float
        λ [W/(m·K)], > 0.
    density : float
        ρ [kg/m³], > 0.
    specific_heat : float
        c [J/(kg·K)], > 0.
    roughness : str
        EnergyPlus roughness class (affects exterior convection with DOE-2/TARP).
    """

    name: str
    thickness: float
    conductivity: float
    density: float
    specific_heat: float
    roughness: str = "MediumRough"

    def __post_init__(self) -> None:
        for f in ("thickness", "conductivity", "density", "specific_heat"):
            _positive(f"OpaqueLayer {self.name!r}", f, getattr(self, f))

    @property
    def resistance(self) -> float:
        """Thermal resistance d/λ [m²·K/W]."""
        return self.thickness / self.conductivity


@dataclass(frozen=True)
class NoMassLayer:
    """A layer given by its thermal resistance only (``Material:NoMass``).

    Parameters
    ----------
    name : str
    resistance : float
        R [m²·K/W], > 0.
    roughness : str
    """

    name: str
    resistance: float
    roughness: str = "MediumRough"

    def __post_init__(self) -> None:
        _positive(f"NoMassLayer {self.name!r}", "resistance", self.resistance)


@dataclass(frozen=True)
class Construction:
    """An opaque construction, layers listed from outside to inside.

    The absorptances are those of the outermost and innermost layers
    (EnergyPlus attaches them to materials; the builder gives each
    construction its own materials). For a single-layer construction the
    outside values apply to both faces. Defaults are EnergyPlus's own
    ``Material`` defaults (Energy+.idd 25.2: thermal absorptance 0.9, solar
    absorptance 0.7).

    Parameters
    ----------
    name : str
    layers : sequence of OpaqueLayer or NoMassLayer
        Outside → inside.
    outside_solar_absorptance, inside_solar_absorptance : float
        [-] in [0, 1].
    outside_thermal_absorptance, inside_thermal_absorptance : float
        Long-wave emissivity [-] in (0, 1).
    """

    name: str
    layers: tuple[OpaqueLayer | NoMassLayer, ...]
    outside_solar_absorptance: float = 0.7
    inside_solar_absorptance: float = 0.7
    outside_thermal_absorptance: float = 0.9
    inside_thermal_absorptance: float = 0.9

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        owner = f"Construction {self.name!r}"
        if not self.layers:
            raise InputError(f"{owner}.layers: at least one layer is needed")
        for lay in self.layers:
            if not isinstance(lay, OpaqueLayer | NoMassLayer):
                raise InputError(f"{owner}.layers: {lay!r} is not an OpaqueLayer or NoMassLayer")
        for f in ("outside_solar_absorptance", "inside_solar_absorptance"):
            _fraction(owner, f, getattr(self, f))
        for f in ("outside_thermal_absorptance", "inside_thermal_absorptance"):
            v = _fraction(owner, f, getattr(self, f))
            if v == 0:
                raise InputError(f"{owner}.{f}: must be > 0")

    @property
    def resistance(self) -> float:
        """Sum of the layers' resistances, without surface films [m²·K/W]."""
        return sum(lay.resistance for lay in self.layers)


@dataclass(frozen=True)
class GlazingPane:
    """One glass pane (``WindowMaterial:Glazing``, spectral average data).

    Parameters
    ----------
    name : str
    thickness : float
        [m].
    solar_transmittance : float
        At normal incidence [-].
    solar_reflectance_front, solar_reflectance_back : float
        At normal incidence [-].
    visible_transmittance : float
        [-].
    visible_reflectance_front, visible_reflectance_back : float
        [-].
    emissivity_front, emissivity_back : float
        Long-wave hemispherical emissivity [-] (0.84 for uncoated glass).
    conductivity : float
        [W/(m·K)].
    """

    name: str
    thickness: float
    solar_transmittance: float
    solar_reflectance_front: float
    solar_reflectance_back: float
    visible_transmittance: float
    visible_reflectance_front: float
    visible_reflectance_back: float
    emissivity_front: float = 0.84
    emissivity_back: float = 0.84
    conductivity: float = 1.0

    def __post_init__(self) -> None:
        owner = f"GlazingPane {self.name!r}"
        _positive(owner, "thickness", self.thickness)
        _positive(owner, "conductivity", self.conductivity)
        for f in (
            "solar_transmittance",
            "solar_reflectance_front",
            "solar_reflectance_back",
            "visible_transmittance",
            "visible_reflectance_front",
            "visible_reflectance_back",
            "emissivity_front",
            "emissivity_back",
        ):
            _fraction(owner, f, getattr(self, f))


@dataclass(frozen=True)
class GasGap:
    """A gas gap between panes (``WindowMaterial:Gas``).

    Parameters
    ----------
    name : str
    thickness : float
        [m].
    gas : {"Air", "Argon", "Krypton", "Xenon"}
    """

    name: str
    thickness: float
    gas: str = "Air"

    def __post_init__(self) -> None:
        _positive(f"GasGap {self.name!r}", "thickness", self.thickness)
        if self.gas.lower() not in ("air", "argon", "krypton", "xenon"):
            raise InputError(
                f"GasGap {self.name!r}.gas: {self.gas!r} is not one of Air, Argon, Krypton, Xenon"
            )


@dataclass(frozen=True)
class WindowConstruction:
    """A glazing: either U-value and SHGC, or panes and gaps.

    With ``u_value`` and ``shgc`` EnergyPlus's
    ``WindowMaterial:SimpleGlazingSystem`` is used (whole-window U and g, the
    usual audit data); with ``layers`` a layer-by-layer glazing (outside →
    inside, panes and gaps alternating) is built.

    Parameters
    ----------
    name : str
    u_value : float, optional
        [W/(m²·K)], in (0, 7].
    shgc : float, optional
        Solar heat gain coefficient (g) [-], in (0, 1).
    visible_transmittance : float, optional
        [-]; defaults to EnergyPlus's estimate from SHGC.
    layers : sequence of GlazingPane and GasGap, optional
    """

    name: str
    u_value: float | None = None
    shgc: float | None = None
    visible_transmittance: float | None = None
    layers: tuple[GlazingPane | GasGap, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        owner = f"WindowConstruction {self.name!r}"
        simple = self.u_value is not None or self.shgc is not None
        if simple == bool(self.layers):
            raise InputError(f"{owner}: give either u_value and shgc, or layers (not both)")
        if simple:
            if self.u_value is None or self.shgc is None:
                raise InputError(f"{owner}: u_value and shgc go together")
            u = _positive(owner, "u_value", self.u_value)
            if u > 7.0:
                raise InputError(
                    f"{owner}.u_value: {u} W/(m2 K) is above 7, the limit of "
                    "EnergyPlus's simple glazing model"
                )
            g = _fraction(owner, "shgc", self.shgc)
            if g == 0 or g == 1:
                raise InputError(f"{owner}.shgc: {g} must lie strictly between 0 and 1")
            if self.visible_transmittance is not None:
                _fraction(owner, "visible_transmittance", self.visible_transmittance)
        else:
            kinds = [isinstance(lay, GlazingPane) for lay in self.layers]
            ok = kinds[0] and kinds[-1] and all(a != b for a, b in itertools.pairwise(kinds))
            if not ok or not all(isinstance(lay, GlazingPane | GasGap) for lay in self.layers):
                raise InputError(
                    f"{owner}.layers: panes and gaps must alternate, starting and ending with a pane"
                )


@dataclass(frozen=True)
class Window:
    """A window in a surface (``FenestrationSurface:Detailed``).

    Parameters
    ----------
    name : str
    construction : WindowConstruction
    vertices : sequence of (x, y, z)
        Three or four corners [m], in the plane of the parent surface and in
        the same order (counter-clockwise seen from outside).
    multiplier : int
        Number of identical windows this one stands for.
    """

    name: str
    construction: WindowConstruction
    vertices: tuple[Vec3, ...]
    multiplier: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "vertices", _vertices(f"Window {self.name!r}", self.vertices))
        if len(self.vertices) > 4:
            raise InputError(
                f"Window {self.name!r}.vertices: EnergyPlus windows have 3 or 4 corners"
            )
        if int(self.multiplier) != self.multiplier or self.multiplier < 1:
            raise InputError(
                f"Window {self.name!r}.multiplier: {self.multiplier!r} must be an integer >= 1"
            )


@dataclass(frozen=True)
class Door:
    """An opaque door in a surface (``FenestrationSurface:Detailed``, type Door).

    Parameters
    ----------
    name : str
    construction : Construction
        Opaque layers, outside → inside.
    vertices : sequence of (x, y, z)
        Four corners [m] in the plane of the parent surface, same order.
    """

    name: str
    construction: Construction
    vertices: tuple[Vec3, ...]
    multiplier: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "vertices", _vertices(f"Door {self.name!r}", self.vertices))
        if len(self.vertices) != 4:
            raise InputError(f"Door {self.name!r}.vertices: EnergyPlus doors have 4 corners")
        if not isinstance(self.construction, Construction):
            raise InputError(f"Door {self.name!r}.construction: not a Construction")
        if int(self.multiplier) != self.multiplier or self.multiplier < 1:
            raise InputError(
                f"Door {self.name!r}.multiplier: {self.multiplier!r} must be an integer >= 1"
            )


@dataclass(frozen=True)
class InternalMass:
    """Heat capacity inside a zone that is not part of its geometry (``InternalMass``).

    EnergyPlus exposes the construction to the zone on its inside face and
    gives its other face the same conditions (a symmetric slab), so a
    partition or intermediate floor of area A with both faces in the zone is
    entered with its full construction and ``area = 2·A``.

    Parameters
    ----------
    name : str
    construction : Construction
    area : float
        Total area exposed to the zone air [m²].
    """

    name: str
    construction: Construction
    area: float

    def __post_init__(self) -> None:
        _positive(f"InternalMass {self.name!r}", "area", self.area)
        if not isinstance(self.construction, Construction):
            raise InputError(f"InternalMass {self.name!r}.construction: not a Construction")


SurfaceKind = Literal["wall", "floor", "roof", "ceiling"]
Boundary = Literal["outdoors", "ground", "adiabatic", "zone", "unheated"]

#: Surface film coefficients towards an unheated space [W/(m²·K)]: 1/Rsi of
#: ISO 6946:2017 Table 7 for the heat-flow direction (wall horizontal 0.13,
#: ceiling/roof upwards 0.10, floor downwards 0.17 m²·K/W); an unheated
#: space is an internal environment (ISO 6946:2017 6.8).
UNHEATED_FILM = {"wall": 1 / 0.13, "ceiling": 1 / 0.10, "roof": 1 / 0.10, "floor": 1 / 0.17}


@dataclass(frozen=True)
class Surface:
    """An opaque surface of a zone (``BuildingSurface:Detailed``).

    Parameters
    ----------
    name : str
        Unique in the model.
    kind : {"wall", "floor", "roof", "ceiling"}
    construction : Construction
        Layers outside → inside (outside = the side the normal points to).
    vertices : sequence of (x, y, z)
        Corners [m], counter-clockwise seen from outside the zone.
    boundary : {"outdoors", "ground", "adiabatic", "zone", "unheated"}
        ``"adiabatic"`` for party walls, ``"ground"`` for slabs on ground
        (temperature from :attr:`Model.ground_temperature`), ``"zone"`` for a
        surface shared with ``adjacent_zone`` (declare it once; the builder
        adds the mirror surface in the other zone), ``"unheated"`` for an
        unheated space described by its adjustment factor ``b``
        (ISO 13789:2017 6.4): the air on the other side is at
        ``b·θ_e + (1 − b)·θ_zone`` (``SurfaceProperty:OtherSideCoefficients``,
        film coefficient :data:`UNHEATED_FILM`, no sun, no wind).
    adjacent_zone : str, optional
        Name of the zone on the other side when ``boundary == "zone"``.
    b : float, optional
        Adjustment factor [-] in [0, 1] when ``boundary == "unheated"``.
    windows : sequence of Window
    doors : sequence of Door
    """

    name: str
    kind: SurfaceKind
    construction: Construction
    vertices: tuple[Vec3, ...]
    boundary: Boundary = "outdoors"
    adjacent_zone: str | None = None
    b: float | None = None
    windows: tuple[Window, ...] = ()
    doors: tuple[Door, ...] = ()

    def __post_init__(self) -> None:
        owner = f"Surface {self.name!r}"
        object.__setattr__(self, "vertices", _vertices(owner, self.vertices))
        object.__setattr__(self, "windows", tuple(self.windows))
        object.__setattr__(self, "doors", tuple(self.doors))
        if self.kind not in ("wall", "floor", "roof", "ceiling"):
            raise InputError(
                f"{owner}.kind: {self.kind!r} is not one of wall, floor, roof, ceiling"
            )
        if self.boundary not in ("outdoors", "ground", "adiabatic", "zone", "unheated"):
            raise InputError(
                f"{owner}.boundary: {self.boundary!r} is not one of outdoors, ground, adiabatic, "
                "zone, unheated"
            )
        if (self.boundary == "unheated") != (self.b is not None):
            raise InputError(f"{owner}: b is needed exactly when boundary is 'unheated'")
        if self.b is not None:
            _fraction(owner, "b", self.b)
        if (self.boundary == "zone") != (self.adjacent_zone is not None):
            raise InputError(f"{owner}: adjacent_zone is needed exactly when boundary is 'zone'")
        if not isinstance(self.construction, Construction):
            raise InputError(f"{owner}.construction: {self.construction!r} is not a Construction")
        if (self.windows or self.doors) and self.boundary != "outdoors":
            raise InputError(
                f"{owner}.windows: only surfaces to the outdoors can hold windows and doors"
            )
        normal, area = newell_normal(self.vertices)
        if area <= 1e-6:
            raise InputError(f"{owner}.vertices: the polygon has no area")
        if self.kind == "floor" and normal[2] >= 0:
            raise InputError(
                f"{owner}.vertices: a floor's outward normal must point down; list the corners "
                "clockwise seen from above (counter-clockwise seen from below)"
            )
        if self.kind in ("roof", "ceiling") and normal[2] <= 0:
            raise InputError(
                f"{owner}.vertices: a {self.kind}'s outward normal must point up; list the "
                "corners counter-clockwise seen from above"
            )
        p0 = np.asarray(self.vertices[0])
        off_plane = max(abs(float(np.dot(np.asarray(v) - p0, normal))) for v in self.vertices)
        if off_plane > 0.01:
            raise InputError(f"{owner}.vertices: not planar ({off_plane:.3f} m off the plane)")
        window_area = 0.0
        for w in (*self.windows, *self.doors):
            label = f"{type(w).__name__} {w.name!r}"
            wn, wa = newell_normal(w.vertices)
            if float(np.dot(wn, normal)) < 0.999:
                raise InputError(
                    f"{label}: its corners must be in the plane of {self.name!r} and "
                    "in the same (counter-clockwise seen from outside) order"
                )
            if abs(float(np.dot(np.asarray(w.vertices[0]) - p0, normal))) > 0.01:
                raise InputError(f"{label}: not in the plane of {self.name!r}")
            window_area += wa * w.multiplier
        if window_area >= area:
            raise InputError(
                f"{owner}: its windows and doors ({window_area:.2f} m2) cover the whole "
                f"surface ({area:.2f} m2)"
            )

    @property
    def normal(self) -> np.ndarray:
        """Outward unit normal."""
        return newell_normal(self.vertices)[0]

    @property
    def area(self) -> float:
        """Gross area including windows [m²]."""
        return newell_normal(self.vertices)[1]


@dataclass(frozen=True)
class Gain:
    """A sensible internal heat gain (``OtherEquipment``).

    Parameters
    ----------
    name : str
    power : float
        Design level [W] (the schedule multiplies it).
    radiant_fraction : float
        Long-wave radiant part [-]; the rest is convective.
    latent_fraction : float
        Latent part [-] (not a sensible load of the zone).
    schedule : float or sequence
        Fraction of ``power`` over time (constant, 24, 168 or 8760 values).
    """

    name: str
    power: float
    radiant_fraction: float
    latent_fraction: float = 0.0
    schedule: ScheduleLike = 1.0

    def __post_init__(self) -> None:
        owner = f"Gain {self.name!r}"
        _positive(owner, "power", self.power, allow_zero=True)
        r = _fraction(owner, "radiant_fraction", self.radiant_fraction)
        la = _fraction(owner, "latent_fraction", self.latent_fraction)
        if r + la > 1:
            raise InputError(f"{owner}: radiant_fraction + latent_fraction = {r + la} exceeds 1")
        _check_schedule(owner, "schedule", self.schedule, lo=0.0, hi=None)


@dataclass(frozen=True)
class Zone:
    """A thermal zone.

    Parameters
    ----------
    name : str
    surfaces : sequence of Surface
    volume : float, optional
        Air volume [m³]; computed by EnergyPlus from a closed geometry when
        omitted.
    multiplier : int
        Number of identical zones this one stands for.
    infiltration_ach : float
        Constant infiltration [1/h] on the zone volume
        (``ZoneInfiltration:DesignFlowRate``, no weather dependence).
    gains : sequence of Gain
    heating_setpoint, cooling_setpoint : float or sequence, optional
        [°C] (constant, 24, 168 or 8760 values). A zone with neither floats
        freely (no ideal loads); with one of them only, it is heated only or
        cooled only.
    ventilation_flow : float
        Balanced mechanical ventilation [m³/s] through the ideal loads system
        of a conditioned zone (``ZoneVentilation:DesignFlowRate`` of a
        free-floating zone).
    heat_recovery_effectiveness : float
        Sensible effectiveness of the heat exchanger on the ventilation air
        [-]; needs a conditioned zone.
    internal_masses : sequence of InternalMass
        Partitions, intermediate floors, furniture.
    heating_capacity : float, optional
        Maximum sensible heating power of the ideal loads system [W]
        (unlimited when None).
    operative_fraction : float, optional
        None (default): the thermostat controls the zone **air**
        temperature (EnergyPlus's default; the set-point of ISO 13790:2008
        Annex C). A number in [0, 0.9]: it controls the **operative**
        temperature with this radiative fraction
        (``ZoneControl:Thermostat:OperativeTemperature``; 0.5 is the usual
        operative temperature, the mean of air and mean radiant temperatures).
    """

    name: str
    surfaces: tuple[Surface, ...]
    volume: float | None = None
    multiplier: int = 1
    infiltration_ach: float = 0.0
    gains: tuple[Gain, ...] = ()
    heating_setpoint: ScheduleLike | None = None
    cooling_setpoint: ScheduleLike | None = None
    ventilation_flow: float = 0.0
    heat_recovery_effectiveness: float = 0.0
    internal_masses: tuple[InternalMass, ...] = ()
    operative_fraction: float | None = None
    heating_capacity: float | None = None

    def __post_init__(self) -> None:
        owner = f"Zone {self.name!r}"
        object.__setattr__(self, "surfaces", tuple(self.surfaces))
        object.__setattr__(self, "gains", tuple(self.gains))
        object.__setattr__(self, "internal_masses", tuple(self.internal_masses))
        if not self.surfaces:
            raise InputError(f"{owner}.surfaces: a zone needs surfaces")
        if self.volume is not None:
            _positive(owner, "volume", self.volume)
        if int(self.multiplier) != self.multiplier or self.multiplier < 1:
            raise InputError(f"{owner}.multiplier: {self.multiplier!r} must be an integer >= 1")
        _positive(owner, "infiltration_ach", self.infiltration_ach, allow_zero=True)
        _positive(owner, "ventilation_flow", self.ventilation_flow, allow_zero=True)
        hr = _fraction(owner, "heat_recovery_effectiveness", self.heat_recovery_effectiveness)
        if hr > 0 and not self.conditioned:
            raise InputError(
                f"{owner}.heat_recovery_effectiveness: heat recovery goes through the ideal loads "
                "system, which needs a heating or cooling set-point"
            )
        if self.heating_capacity is not None:
            _positive(owner, "heating_capacity", self.heating_capacity)
        if self.operative_fraction is not None:
            if not 0.0 <= _fraction(owner, "operative_fraction", self.operative_fraction) <= 0.9:
                raise InputError(
                    f"{owner}.operative_fraction: must lie in [0, 0.9] (EnergyPlus limit)"
                )
            if not self.conditioned:
                raise InputError(
                    f"{owner}.operative_fraction: needs a heating or cooling set-point"
                )
        for f in ("heating_setpoint", "cooling_setpoint"):
            if getattr(self, f) is not None:
                _check_schedule(owner, f, getattr(self, f), lo=-50.0, hi=100.0)
        _check_closed(self)

    @property
    def conditioned(self) -> bool:
        """True when the zone has a heating or a cooling set-point."""
        return self.heating_setpoint is not None or self.cooling_setpoint is not None


@dataclass(frozen=True)
class Model:
    """A building for EnergyPlus: zones and simulation settings.

    Parameters
    ----------
    name : str
    zones : sequence of Zone
    ground_temperature : float or 12 floats, optional
        Monthly temperatures [°C] under ground-contact surfaces
        (``Site:GroundTemperature:BuildingSurface``). Required when a surface
        has ``boundary="ground"``: EnergyPlus's own default (18 °C) suits
        large conditioned buildings, not a house, so it must be chosen.
    timestep : int
        Zone time steps per hour (divisor of 60; 4 as NREL's BESTEST runs).
    north_axis : float
        Rotation of the model's y axis from true north, clockwise [°].
    terrain : {"Country", "Suburbs", "City", "Ocean", "Urban"}
        Wind profile class (EnergyPlus default ``"Suburbs"``).
    solar_distribution : str
        ``"FullInteriorAndExterior"`` (beam solar tracked onto interior
        surfaces; EnergyPlus falls back to ``FullExterior`` for non-convex
        zones) or ``"FullExterior"``.
    inside_convection, outside_convection : str
        ``SurfaceConvectionAlgorithm:Inside`` / ``:Outside``
        (TARP and DOE-2 are EnergyPlus's defaults and BESTEST-GSR's choice).
    shadow_update_days : int
        Days between updates of the sun-position/shading calculations.
    min_warmup_days : int
        Minimum warm-up days (6 in BESTEST-GSR).
    start_day_of_week : str
        Weekday of 1 January ("Monday" … "Sunday"); weekly schedules are
        aligned on it.
    output_variables : sequence of str
        Extra hourly ``Output:Variable`` names.
    """

    name: str
    zones: tuple[Zone, ...]
    ground_temperature: float | Sequence[float] | None = None
    timestep: int = 4
    north_axis: float = 0.0
    terrain: str = "Suburbs"
    solar_distribution: str = "FullInteriorAndExterior"
    inside_convection: str = "TARP"
    outside_convection: str = "DOE-2"
    shadow_update_days: int = 20
    min_warmup_days: int = 6
    start_day_of_week: str = "Monday"
    output_variables: tuple[str, ...] = ()
    _ground: tuple[float, ...] | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        owner = f"Model {self.name!r}"
        object.__setattr__(self, "zones", tuple(self.zones))
        object.__setattr__(self, "output_variables", tuple(self.output_variables))
        if not self.zones:
            raise InputError(f"{owner}.zones: at least one zone is needed")
        if self.timestep not in (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60):
            raise InputError(f"{owner}.timestep: {self.timestep!r} must divide 60 (e.g. 4 or 6)")
        if self.terrain not in ("Country", "Suburbs", "City", "Ocean", "Urban"):
            raise InputError(
                f"{owner}.terrain: {self.terrain!r} is not one of Country, Suburbs, City, Ocean, Urban"
            )
        if self.start_day_of_week not in WEEKDAYS:
            raise InputError(
                f"{owner}.start_day_of_week: {self.start_day_of_week!r} is not one of {', '.join(WEEKDAYS)}"
            )
        names = [z.name for z in self.zones]
        _unique(owner, "zone", names)
        # surfaces, windows and generated interzone mirrors share one EnergyPlus namespace
        _unique(
            owner,
            "surface, window, door and internal mass",
            [s.name for z in self.zones for s in z.surfaces]
            + [w.name for z in self.zones for s in z.surfaces for w in (*s.windows, *s.doors)]
            + [m.name for z in self.zones for m in z.internal_masses]
            + [
                f"{s.name} (mirror)" for z in self.zones for s in z.surfaces if s.boundary == "zone"
            ],
        )
        has_ground = False
        for z in self.zones:
            for s in z.surfaces:
                has_ground |= s.boundary == "ground"
                if s.boundary == "zone":
                    if s.adjacent_zone not in names:
                        raise InputError(
                            f"Surface {s.name!r}.adjacent_zone: {s.adjacent_zone!r} is not a zone of "
                            f"the model ({', '.join(names)})"
                        )
                    if s.adjacent_zone == z.name:
                        raise InputError(
                            f"Surface {s.name!r}.adjacent_zone: a zone cannot face itself"
                        )
        if self.ground_temperature is None:
            if has_ground:
                raise InputError(
                    f"{owner}.ground_temperature: a surface is on the ground; give the monthly "
                    "temperature under the building [°C] (one value or 12)"
                )
        else:
            g = np.atleast_1d(np.asarray(self.ground_temperature, dtype=float))
            if g.shape == (1,):
                g = np.repeat(g, 12)
            if g.shape != (12,) or not np.all(np.isfinite(g)) or g.min() < -50 or g.max() > 60:
                raise InputError(
                    f"{owner}.ground_temperature: {self.ground_temperature!r} must be one or 12 "
                    "temperatures in [-50, 60] °C"
                )
            object.__setattr__(self, "_ground", tuple(float(v) for v in g))
        for z in self.zones:
            if z.heating_setpoint is not None and z.cooling_setpoint is not None:
                h = expand_schedule(z.heating_setpoint, self.start_day_of_week)
                c = expand_schedule(z.cooling_setpoint, self.start_day_of_week)
                if np.any(h > c):
                    i = int(np.argmax(h > c))
                    raise InputError(
                        f"Zone {z.name!r}: heating set-point {h[i]} °C above cooling set-point "
                        f"{c[i]} °C at hour {i}"
                    )


def _unique(owner: str, kind: str, names: list[str]) -> None:
    seen: set[str] = set()
    for n in names:
        key = n.upper()  # EnergyPlus names are case-insensitive
        if key in seen:
            raise InputError(
                f"{owner}: the name {n!r} is used twice among {kind} names "
                "(EnergyPlus names are case-insensitive)"
            )
        seen.add(key)


def _check_schedule(owner: str, name: str, value: Any, *, lo: float, hi: float | None) -> None:
    arr = np.atleast_1d(np.asarray(value, dtype=float))
    if arr.ndim != 1 or arr.size not in (1, 24, 168, 8760):
        raise InputError(
            f"{owner}.{name}: give a number or 24, 168 (a week, Monday first) or 8760 hourly "
            f"values, not {arr.size}"
        )
    if not np.all(np.isfinite(arr)) or arr.min() < lo or (hi is not None and arr.max() > hi):
        rng = f"[{lo}, {hi}]" if hi is not None else f">= {lo}"
        raise InputError(f"{owner}.{name}: values must be finite and {rng}")


def _check_closed(zone: Zone) -> None:
    """Refuse a closed zone whose surfaces are all listed inside out."""
    total = np.zeros(3)
    volume = 0.0
    scale = 0.0
    for s in zone.surfaces:
        n, a = newell_normal(s.vertices)
        total += n * a
        scale += a
        volume += float(np.dot(np.mean(np.asarray(s.vertices), axis=0), n)) * a / 3.0
    if np.linalg.norm(total) < 1e-6 * max(scale, 1.0) and volume < 0:
        raise InputError(
            f"Zone {zone.name!r}: its surfaces enclose a negative volume ({volume:.2f} m3): the "
            "vertices are listed clockwise seen from outside; list them counter-clockwise"
        )


def expand_schedule(value: ScheduleLike, start_day_of_week: str = "Monday") -> np.ndarray:
    """Expand a schedule to 8760 hourly values.

    Parameters
    ----------
    value : float or sequence
        Constant, 24 values (every day), 168 values (a week, Monday first) or
        8760 values.
    start_day_of_week : str
        Weekday of 1 January (aligns weekly profiles).

    Returns
    -------
    numpy.ndarray
        Shape (8760,).

    Examples
    --------
    >>> week = [0.0] * 24 * 5 + [1.0] * 24 * 2        # weekends on
    >>> y = expand_schedule(week, "Sunday")           # 1 January is a Sunday
    >>> float(y[0]), float(y[24]), float(y[6 * 24])
    (1.0, 0.0, 1.0)
    """
    arr = np.atleast_1d(np.asarray(value, dtype=float))
    if arr.size == 1:
        return np.full(8760, float(arr[0]))
    if arr.size == 24:
        return np.tile(arr, 365)
    if arr.size == 168:
        shift = WEEKDAYS.index(start_day_of_week) * 24
        return np.resize(np.roll(arr, -shift), 8760)
    if arr.size == 8760:
        return arr.copy()
    raise InputError(f"schedule: {arr.size} values; give 1, 24, 168 or 8760")


def read_epw_location(epw: str | Path) -> dict[str, Any]:
    """Site data from the ``LOCATION`` line of an EPW file.

    Parameters
    ----------
    epw : path-like

    Returns
    -------
    dict
        ``name``, ``latitude`` [°], ``longitude`` [°], ``time_zone`` [h],
        ``elevation`` [m].

    Raises
    ------
    rehab.errors.WeatherFileError
        If the file is missing or its first line is not a valid LOCATION line.
    """
    from ..errors import WeatherFileError

    try:
        with open(epw, encoding="latin-1") as handle:
            line = handle.readline()
    except OSError as exc:
        raise WeatherFileError(epw, None, f"cannot open the weather file: {exc}") from exc
    parts = [p.strip() for p in line.split(",")]
    if len(parts) < 10 or parts[0].upper() != "LOCATION":
        raise WeatherFileError(epw, 1, "the first line is not an EPW 'LOCATION,…' line")
    try:
        lat, lon, tz, elev = (float(p) for p in parts[6:10])
    except ValueError as exc:
        raise WeatherFileError(
            epw, 1, f"unreadable latitude/longitude/time zone/elevation: {exc}"
        ) from exc
    name = " ".join(p for p in parts[1:4] if p) or "site"
    return {"name": name, "latitude": lat, "longitude": lon, "time_zone": tz, "elevation": elev}


