"""The House model: envelope elements, unheated spaces, bridges, ventilation.

A :class:`House` is a list of envelope elements — :class:`Opaque` walls,
roofs, ceilings, floors and doors, :class:`Window` s, :class:`GroundFloor` s —
with the boundary each one faces (exterior, ground, an unheated space with
its adjustment factor b, or a heated neighbour), plus linear thermal bridges,
ventilation/airtightness and the dwelling's area, volume and thermal mass.

Two routes build the same type:

* **geometry** — :func:`rehab.boxhouse.house_from_box` and the archetypes of
  :mod:`rehab.archetypes` lay out façades, party walls, attic and cellar;
* **declared** — :meth:`House.from_elements` takes areas, U-values or layers,
  b-factors and orientations the way an energy audit or a DPE record gives
  them, without full geometry.

Heat-loss coefficients follow ISO 13789:2017 (H_tr = Σ b·U·A + Σ b·ψ·l,
H_ve from :mod:`rehab.ventilation`), U-values ISO 6946:2017, ISO 10077-1:2017
and ISO 13370:2017, and the thermal mass ISO 13790:2008 12.3.

Examples
--------
>>> from rehab import House
>>> h = House.from_elements(
...     floor_area=60, volume=150,
...     elements=[
...         {"type": "opaque", "kind": "wall", "area": 50, "u_value": 2.5, "azimuth": 180},
...         {"type": "window", "area": 8, "u_value": 4.9, "azimuth": 180},
...         {"type": "opaque", "kind": "ceiling", "area": 30, "u_value": 2.0, "b": 0.9,
...          "boundary": "unheated"},
...         {"type": "opaque", "kind": "floor", "area": 30, "u_value": 0.5, "boundary": "ground"},
...     ],
...     thermal_bridges=10.0, ventilation={"h_ventilation": 40, "h_infiltration": 30})
>>> hl = h.heat_loss()
>>> round(hl.h_tr, 1), round(hl.h_ve, 1), round(hl.h_total, 1)
(243.2, 70.0, 313.2)
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import BeforeValidator, Discriminator, Field, Tag, model_validator

from . import envelope, ground
from ._base import RehabModel
from .bridges import (  # noqa: F401  (re-exported: rehab.house names them)
    DECLARED_BRIDGES_RANGE,
    JUNCTIONS,
    Length,
    ThermalBridge,
    _declared_bridges,
    default_psi,
)
from .constructions import Construction
from .errors import InputError, UnknownNameError
from .geometry import BoxGeometry
from .systems import DHWSystem, HeatingSystem, dhw_system, heating_system
from .threecl_declared import ThreeCLDeclaration
from .units import quantity_type
from .ventilation import Ventilation

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "THERMAL_MASS_CLASSES",
    "GroundFloor",
    "HeatLoss",
    "House",
    "Opaque",
    "ThermalBridge",
    "UnheatedSpace",
    "Window",
    "default_psi",
]

Area = quantity_type("m**2", gt=0, le=1e5, description="area")
#: >= 0.01: 4 m of mineral wool (λ 0.04); the best real walls and roofs are about 0.08-0.1 (issue 12)
UValue = quantity_type("W/(m**2*K)", ge=0.01, le=50, description="thermal transmittance U")
Angle = quantity_type("deg", ge=-360, le=720, description="azimuth (0 = N, 90 = E, 180 = S, 270 = W)")
Tilt = quantity_type("deg", ge=0, le=180, description="tilt from horizontal (0 = facing up, 90 = vertical)")
Side = Literal["front", "back", "left", "right"]

#: ISO 13790:2008 Table 12: thermal-mass classes → (A_m/A_f [-], C_m/A_f [J/(m²·K)]).
THERMAL_MASS_CLASSES = {
    "very_light": (2.5, 80_000.0),
    "light": (2.5, 110_000.0),
    "medium": (2.5, 165_000.0),
    "heavy": (3.0, 260_000.0),
    "very_heavy": (3.5, 370_000.0),
}


def _direction(kind: str, tilt: float) -> str:
    if kind == "floor":
        return envelope.heat_flow_direction(180.0 - tilt if tilt > 90 else tilt, faces_down=True)
    if kind in ("ceiling", "roof"):
        return envelope.heat_flow_direction(tilt)
    return "horizontal"


class Opaque(RehabModel):
    """An opaque element: wall, roof, ceiling, floor (not on ground), door, party wall.

    Give either ``construction`` (layers, outside → inside) or ``u_value``.

    Parameters
    ----------
    name : str
        Unique within the house.
    kind : {"wall", "roof", "ceiling", "floor", "door", "party_wall"}
    area : float or str
        Net area [m²] (windows and doors excluded).
    azimuth : float, optional
        Outward normal [deg from north, clockwise]; required for exterior
        walls and roofs that receive sun.
    tilt : float, optional
        [deg] from horizontal; default 90 for walls/doors, 0 for roofs and
        ceilings, 180 for floors.
    construction : Construction, optional
    u_value : float or str, optional
        Declared U [W/(m²·K)].
    boundary : {"exterior", "unheated", "adjacent", "ground", "internal"}
        What the outer face sees: outdoor air, an unheated space (b), a heated
        neighbour (adiabatic, b = 0 unless given), the ground (declared U),
        or nothing (internal partition/floor: thermal mass only).
    b : float, optional
        Adjustment factor [-] (ISO 13789); default 1 exterior/ground, 0
        adjacent, taken from ``unheated_space`` for "unheated".
    unheated_space : str, optional
        Name of the house's :class:`UnheatedSpace` this element faces.
    solar_absorptance : float
        α of the outer surface [-] (0.6 default: medium-coloured brick/tiles,
        ASHRAE Fundamentals 2021 ch. 18 range 0.5-0.8; assumption).
    emissivity : float
        Long-wave emissivity of the outer surface [-] (0.9: building
        materials, ISO 6946:2017 Annex C).
    side : {"front", "back", "left", "right"}, optional
        Façade of a geometry-built house.
    street : bool
        Street façade (heritage rules forbid external insulation there).
    """

    type: Literal["opaque"] = "opaque"
    name: str = ""
    kind: Literal["wall", "roof", "ceiling", "floor", "door", "party_wall"] = "wall"
    area: Area
    azimuth: Angle | None = None
    tilt: Tilt | None = None
    construction: Construction | None = None
    u_value: UValue | None = None
    boundary: Literal["exterior", "unheated", "adjacent", "ground", "internal"] = "exterior"
    b: float | None = Field(None, ge=0, le=1, description="adjustment factor b [-]")
    unheated_space: str | None = None
    solar_absorptance: float = Field(0.6, ge=0, le=1)
    emissivity: float = Field(0.9, gt=0, le=1, description="long-wave emissivity of the outer surface [-]")
    side: Side | None = None
    street: bool = False

    @model_validator(mode="after")
    def _check(self) -> Opaque:
        if self.construction is None and self.u_value is None:
            raise ValueError(f"element {self.name!r}: give a construction (layers) or a u_value [W/(m²·K)]")
        if self.boundary == "ground" and self.u_value is None:
            raise ValueError(
                f"element {self.name!r}: an opaque element on the ground needs a declared u_value; "
                "use GroundFloor to compute it with ISO 13370"
            )
        if self.boundary == "unheated" and self.b is None and self.unheated_space is None:
            raise ValueError(f"element {self.name!r}: boundary 'unheated' needs b or unheated_space")
        return self

    @property
    def effective_tilt(self) -> float:
        if self.tilt is not None:
            return self.tilt
        return {"roof": 0.0, "ceiling": 0.0, "floor": 180.0}.get(self.kind, 90.0)

    @property
    def direction(self) -> str:
        """Heat-flow direction for the surface resistances (ISO 6946 Table 7)."""
        return _direction(self.kind, self.effective_tilt)

    @cached_property
    def u(self) -> float:
        """U [W/(m²·K)] — declared, or from the layers with the surface
        resistances of the boundary (ISO 6946:2017 6.8: Rsi on both faces
        towards unheated, adjacent or internal spaces)."""
        if self.u_value is not None:
            return self.u_value
        d = self.direction
        rse = envelope.RSE if self.boundary == "exterior" else envelope.RSI[d]
        return self.construction.u_value(d, rse=rse)


class Window(RehabModel):
    """A window or glazed door (ISO 10077-1:2017).

    Give ``u_value`` (U_w) or ``u_glazing`` + ``u_frame`` (+ ``psi_glazing``).

    Parameters
    ----------
    name : str
    area : float or str
        Window area A_w [m²] (frame included).
    azimuth : float
        Outward normal [deg from north].
    tilt : float
        [deg], 90 vertical (default).
    u_value : float, optional
        U_w [W/(m²·K)].
    u_glazing, u_frame : float, optional
        U_g and U_f [W/(m²·K)].
    psi_glazing : float
        ψ_g [W/(m·K)] (ISO 10077-1 Annex E; 0.06 aluminium spacer, default 0).
    frame_fraction : float
        F_F = A_f/A_w [-]; 0.3 default (assumption typical of small timber/PVC
        casements; ISO 13790:2008 11.4.5 lets the user set it).
    g_value : float
        Total solar energy transmittance of the glazing at normal incidence
        g_gl,n [-] (EN 410).
    glazing : {"single", "double_old", "double", "triple"}
        Glazing family (angular modifier, documentation).
    shading : float
        Shading reduction factor for external obstacles F_sh,ob [-] (1 = none).
    shutter_delta_r : float
        ΔR of closed shutters [m²·K/W] (ISO 10077-1:2017 Annex G); 0 = none.
    shutter_closed_fraction : float
        Share of the time the shutters are closed [-] (e.g. 0.5 at night).
    emissivity : float
        Long-wave emissivity of the outer pane [-] (0.84: uncoated
        soda-lime glass, EN 673 / ASHRAE 140).
    boundary : {"exterior", "unheated"}
    b : float, optional
    side, street
        As for :class:`Opaque`.
    """

    type: Literal["window"] = "window"
    name: str = ""
    area: Area
    azimuth: Angle = 180.0
    tilt: Tilt = 90.0
    u_value: UValue | None = None
    u_glazing: UValue | None = None
    u_frame: UValue | None = None
    psi_glazing: float = Field(0.0, ge=0, le=1, description="ψ_g [W/(m·K)]")
    frame_fraction: float = Field(0.3, ge=0, lt=1)
    g_value: float = Field(0.75, ge=0, le=1, description="g_gl,n [-]")
    glazing: Literal["single", "double_old", "double", "triple"] = "double_old"
    shading: float = Field(1.0, ge=0, le=1)
    shutter_delta_r: float = Field(0.0, ge=0, le=2, description="ΔR closed shutter [m²·K/W]")
    shutter_closed_fraction: float = Field(0.0, ge=0, le=1)
    emissivity: float = Field(0.84, gt=0, le=1, description="long-wave emissivity of the outer pane [-]")
    boundary: Literal["exterior", "unheated"] = "exterior"
    b: float | None = Field(None, ge=0, le=1)
    unheated_space: str | None = None
    side: Side | None = None
    street: bool = False

    @model_validator(mode="after")
    def _check(self) -> Window:
        if self.u_value is None and (self.u_glazing is None or self.u_frame is None):
            raise ValueError(f"window {self.name!r}: give u_value (U_w) or both u_glazing and u_frame")
        return self

    @cached_property
    def u_window(self) -> float:
        """U_w [W/(m²·K)] without shutters (ISO 10077-1:2017 eq. 1)."""
        if self.u_value is not None:
            return self.u_value
        a = self.area
        # glazing edge length per window area: a square pane of (1−F_F)·A_w
        lg = 4.0 * np.sqrt((1.0 - self.frame_fraction) * a) / a
        return float(
            envelope.window_u_value(self.u_glazing, self.u_frame, self.frame_fraction, self.psi_glazing, lg)
        )

    @cached_property
    def u(self) -> float:
        """Time-averaged U [W/(m²·K)] with shutters closed part of the time
        (ISO 10077-1:2017 6.2; ISO 13790:2008 8.3.2 weighting)."""
        uw = self.u_window
        if self.shutter_delta_r > 0 and self.shutter_closed_fraction > 0:
            uws = float(envelope.window_with_shutter_u_value(uw, self.shutter_delta_r))
            f = self.shutter_closed_fraction
            return (1.0 - f) * uw + f * uws
        return uw

    @property
    def kind(self) -> str:
        return "window"

    @property
    def effective_tilt(self) -> float:
        return self.tilt


class GroundFloor(RehabModel):
    """The lowest floor of the dwelling, on or above the ground (ISO 13370:2017).

    Parameters
    ----------
    name : str
    area : float or str
        Floor area A [m²].
    exposed_perimeter : float or str
        P [m]: perimeter bordering the exterior or unheated spaces (party
        walls with heated neighbours excluded).
    floor_type : {"slab", "crawlspace", "cellar"}
    construction : Construction, optional
        Layers of the slab (slab on ground) or of the deck above the
        crawlspace/cellar; outside (ground side) → inside.
    u_value : float, optional
        Declared final U referred to the exterior [W/(m²·K)] (replaces the
        ISO 13370 calculation).
    wall_thickness : float
        w, external wall thickness [m].
    ground_conductivity : float
        λ of the ground [W/(m·K)] (ISO 13370 default 2.0).
    crawl_height, crawl_ventilation_area, crawl_wall_u
        Crawlspace: floor height above ground h [m], openings ε [m²/m],
        U of crawlspace walls [W/(m²·K)].
    cellar_depth, cellar_height_above_ground, cellar_wall_resistance,
    cellar_wall_u_above_ground, cellar_air_change_rate
        Unheated cellar: z [m], h [m], R_w of walls below ground [m²·K/W],
        U of walls above ground [W/(m²·K)], n [1/h] (ISO 13370 default 0.3).
    """

    type: Literal["ground_floor"] = "ground_floor"
    name: str = "ground floor"
    area: Area
    exposed_perimeter: Length
    floor_type: Literal["slab", "crawlspace", "cellar"] = "slab"
    construction: Construction | None = None
    u_value: UValue | None = None
    wall_thickness: quantity_type("m", ge=0.01, le=2) = 0.3
    # >= 0.1: an order of magnitude below the lowest soil of ISO 13370:2017 Table 7 (clay or silt, 1.5)
    ground_conductivity: quantity_type("W/(m*K)", ge=0.1, le=10) = ground.GROUND_CONDUCTIVITY
    crawl_height: quantity_type("m", ge=0, le=3) = 0.3
    crawl_ventilation_area: quantity_type("m**2/m", ge=0, le=1) = 0.002
    crawl_wall_u: UValue = 2.0
    cellar_depth: quantity_type("m", gt=0, le=6) = 2.0
    cellar_height_above_ground: quantity_type("m", ge=0, le=3) = 0.5
    cellar_wall_resistance: quantity_type("m**2*K/W", ge=0, le=20) = 0.3
    cellar_wall_u_above_ground: UValue = 2.0
    cellar_air_change_rate: quantity_type("1/h", ge=0, le=20) = 0.3
    side: Side | None = None
    street: bool = False

    @model_validator(mode="after")
    def _check(self) -> GroundFloor:
        if self.construction is None and self.u_value is None:
            raise ValueError(f"ground floor {self.name!r}: give a construction (layers) or a u_value")
        return self

    kind: Literal["floor"] = "floor"
    boundary: Literal["ground"] = "ground"

    @cached_property
    def deck_u(self) -> float:
        """U_f of the deck between the dwelling and the crawlspace/cellar
        (Rsi = 0.17 on both faces) [W/(m²·K)]."""
        if self.construction is None:
            return float("nan")
        return self.construction.u_value("down", rse=envelope.RSI["down"])

    @cached_property
    def u(self) -> float:
        """U referred to the external temperature [W/(m²·K)] (ISO 13370:2017 9)."""
        if self.u_value is not None:
            return self.u_value
        bp = ground.characteristic_dimension(self.area, self.exposed_perimeter)
        lam = self.ground_conductivity
        if self.floor_type == "slab":
            r_f = self.construction.total_resistance("down") - envelope.RSI["down"] - envelope.RSE
            dt = ground.equivalent_thickness(self.wall_thickness, r_f, lam)
            return float(ground.slab_on_ground_u_value(bp, dt, lam))
        if self.floor_type == "crawlspace":
            return float(
                ground.suspended_floor_u_value(
                    self.deck_u,
                    bp,
                    self.wall_thickness,
                    self.crawl_wall_u,
                    self.crawl_height,
                    self.crawl_ventilation_area,
                    conductivity=lam,
                )
            )
        return float(
            ground.unheated_basement_u_value(
                self.deck_u,
                self.area,
                self.exposed_perimeter,
                self.wall_thickness,
                self.cellar_depth,
                self.cellar_height_above_ground,
                self.cellar_wall_resistance,
                self.cellar_wall_u_above_ground,
                self.cellar_air_change_rate,
                conductivity=lam,
            )
        )

    @property
    def b(self) -> float:
        return 1.0

    @property
    def azimuth(self) -> None:
        return None

    @property
    def effective_tilt(self) -> float:
        return 180.0


def _element_type(v: Any) -> str:
    if isinstance(v, dict):
        return v.get("type", "opaque")
    return getattr(v, "type", "opaque")


Element = Annotated[
    Annotated[Opaque, Tag("opaque")] | Annotated[Window, Tag("window")] | Annotated[GroundFloor, Tag("ground_floor")],
    Discriminator(_element_type),
]


class UnheatedSpace(RehabModel):
    """An unheated space next to the dwelling (attic, cellar, veranda, neighbour).

    Its adjustment factor b is given, or computed by ISO 13789:2017 6.4:
    b = H_ue/(H_iu + H_ue), H_iu from the house's elements facing it and
    H_ue = Σ U·A of its own envelope + ρc·n·V.

    Parameters
    ----------
    name : str
    kind : {"attic", "cellar", "veranda", "garage", "neighbour", "other"}
    b : float, optional
        Given b [-].
    exterior_area : float
        Area of its envelope towards outdoors [m²] (roof slopes, gables).
    exterior_u : float
        Mean U of that envelope [W/(m²·K)].
    volume : float
        Air volume [m³].
    air_change_rate : float
        n [1/h]; ISO 13789:2017 Table 7 conventional values: 0.5 (all joints
        well sealed), 1 (small openings), 3 (some open joints or permanent
        vents), 10 (numerous open joints or large openings; e.g. a tiled roof
        without underlay).
    """

    name: str
    kind: Literal["attic", "cellar", "veranda", "garage", "neighbour", "other"] = "other"
    b: float | None = Field(None, ge=0, le=1)
    exterior_area: quantity_type("m**2", ge=0, le=1e5) = 0.0
    exterior_u: quantity_type("W/(m**2*K)", ge=0, le=50) = 0.0
    volume: quantity_type("m**3", ge=0, le=1e6) = 0.0
    air_change_rate: quantity_type("1/h", ge=0, le=50) = 3.0

    @model_validator(mode="after")
    def _check(self) -> UnheatedSpace:
        if self.b is None and self.exterior_area * self.exterior_u + self.volume * self.air_change_rate <= 0:
            raise ValueError(
                f"unheated space {self.name!r}: give b, or its exterior envelope "
                "(exterior_area [m²], exterior_u [W/(m²·K)]) and/or volume [m³] with air_change_rate [1/h]"
            )
        return self

    def h_ue(self) -> float:
        """H_ue [W/K] (ISO 13789:2017 6.4)."""
        return self.exterior_area * self.exterior_u + float(
            envelope.unheated_space_ventilation_conductance(self.air_change_rate, self.volume)
        )


class HeatLoss:
    """Heat-loss coefficients of a house [W/K] (ISO 13789:2017).

    Attributes
    ----------
    elements : pandas.DataFrame
        One row per element: name, kind, boundary, area [m²], u [W/(m²·K)],
        b [-], h [W/K].
    by_kind : dict
        H_tr per element kind [W/K], "bridges" included.
    h_tr_elements, h_bridges, h_tr : float
        Element, bridge and total transmission coefficients [W/K].
    h_ventilation, h_infiltration, h_ve : float
        Ventilation-system, infiltration and total ventilation [W/K].
    h_total : float
        H_tr + H_ve [W/K] (the French "GV").
    floor_area : float
        Reference area [m²].
    """

    def __init__(self, elements: pd.DataFrame, bridges: pd.DataFrame, h_vent: float, h_inf: float, floor_area: float):
        self.elements = elements
        self.bridges = bridges
        self.h_tr_elements = float(elements["h"].sum())
        self.h_bridges = float(bridges["h"].sum()) if len(bridges) else 0.0
        self.h_tr = self.h_tr_elements + self.h_bridges
        self.h_ventilation = h_vent
        self.h_infiltration = h_inf
        self.h_ve = h_vent + h_inf
        self.h_total = self.h_tr + self.h_ve
        self.floor_area = floor_area
        by = elements.groupby("kind")["h"].sum().to_dict()
        by["bridges"] = self.h_bridges
        by["ventilation"] = h_vent
        by["infiltration"] = h_inf
        self.by_kind = {k: float(v) for k, v in by.items()}

    @property
    def h_per_floor_area(self) -> float:
        """H_total per m² of floor [W/(m²·K)]."""
        return self.h_total / self.floor_area

    def table(self) -> pd.DataFrame:
        """Summary by kind: H [W/K] and share of the total [%]."""
        import pandas as pd

        s = pd.Series(self.by_kind, name="h_w_per_k")
        df = s.to_frame()
        df["share_pct"] = 100.0 * df["h_w_per_k"] / self.h_total
        df.loc["total"] = [self.h_total, 100.0]
        return df

    def __repr__(self) -> str:
        return (
            f"HeatLoss(H_tr={self.h_tr:.1f} W/K, H_ve={self.h_ve:.1f} W/K, "
            f"H={self.h_total:.1f} W/K, {self.h_per_floor_area:.2f} W/(m²·K) of floor)"
        )

    def __str__(self) -> str:
        return self.table().round(1).to_string()


def _heating_preset(v: Any) -> Any:
    return heating_system(v) if isinstance(v, str) else v


def _dhw_preset(v: Any) -> Any:
    return dhw_system(v) if isinstance(v, str) else v


class House(RehabModel):
    """A dwelling as a thermal zone with its envelope.

    Parameters
    ----------
    name : str
    floor_area : float or str
        Living area (surface habitable, the DPE reference area) [m²].
    volume : float or str
        Heated air volume [m³].
    elements : list of Opaque, Window, GroundFloor
        Envelope (and internal mass) elements; names must be unique.
    thermal_bridges : list of ThermalBridge
    unheated_spaces : list of UnheatedSpace
    ventilation : Ventilation
    thermal_mass : str or float, optional
        ISO 13790 class name (``THERMAL_MASS_CLASSES``) or C_m [J/K]; default
        computed from the elements' areal heat capacities (ISO 13790 12.3.1.2).
    storeys : int
    year_built : int, optional
    zone : str
        French climate zone (H1a … H3), for 3CL conventions.
    altitude : float
        [m].
    heritage : bool
        Street façade protected (no external insulation there).
    archetype : str, optional
        Name of the archetype it was built from.
    geometry : BoxGeometry, optional
        Layout used by the EnergyPlus export (geometry route only).
    heating : HeatingSystem or str, optional
        Space-heating system or preset name (``rehab.systems.heating_presets()``).
    dhw : DHWSystem or str, optional
        Domestic-hot-water system or preset name.
    occupants : float, optional
        Number of occupants (realistic mode; the 3CL convention uses Nadeq).
    sources : list of str
        Where the description comes from; assumptions.
    threecl : ThreeCLDeclaration, optional
        What a DPE declares beyond the envelope — every heating and DHW
        generator with its share, the ILPA flag, the auxiliaries, cooling
        and PV self-consumption (:mod:`rehab.threecl_declared`); set by
        :func:`rehab.dpe.read_xml`, read by the 3CL chain
        (:func:`rehab.labels.dpe`, ``assess``, programmes). None (default):
        the 3CL chain uses ``heating``, ``dhw`` and rehab's conventions.
    """

    name: str = "house"
    floor_area: quantity_type("m**2", ge=5, le=1e5, description="living area")
    volume: quantity_type("m**3", ge=10, le=1e6, description="heated air volume")
    elements: list[Element] = Field(min_length=1)
    thermal_bridges: list[ThermalBridge] = Field(default_factory=list)
    unheated_spaces: list[UnheatedSpace] = Field(default_factory=list)
    ventilation: Ventilation = Field(default_factory=Ventilation)
    thermal_mass: (
        Literal["very_light", "light", "medium", "heavy", "very_heavy"]
        | quantity_type("J/K", gt=0, le=1e12, description="internal heat capacity C_m")
        | None
    ) = None
    storeys: int = Field(1, ge=1, le=20)
    year_built: int | None = Field(None, ge=1500, le=2100)
    zone: Literal["H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3"] = "H1a"
    altitude: quantity_type("m", ge=-100, le=5000) = 50.0
    heritage: bool = False
    archetype: str | None = None
    geometry: BoxGeometry | None = None
    heating: Annotated[HeatingSystem | None, BeforeValidator(_heating_preset)] = None
    dhw: Annotated[DHWSystem | None, BeforeValidator(_dhw_preset)] = None
    occupants: float | None = Field(None, gt=0, le=50)
    sources: list[str] = Field(default_factory=list)
    threecl: ThreeCLDeclaration | None = None

    @model_validator(mode="after")
    def _check(self) -> House:
        names = [e.name for e in self.elements]
        dup = sorted({n for n in names if names.count(n) > 1 and n})
        if dup:
            raise ValueError(f"element names must be unique; repeated: {dup}")
        spaces = {s.name for s in self.unheated_spaces}
        for e in self.elements:
            ref = getattr(e, "unheated_space", None)
            if ref is not None and ref not in spaces:
                raise ValueError(
                    f"element {e.name!r} refers to unheated space {ref!r}, not among {sorted(spaces) or 'none'}"
                )
        return self

    # ---------------------------------------------------------------- builders
    @classmethod
    def from_elements(
        cls,
        *,
        floor_area: Any,
        elements: list[Any],
        volume: Any | None = None,
        ceiling_height: float = 2.5,
        thermal_bridges: float | list[Any] = (),
        ventilation: Ventilation | dict | None = None,
        **kwargs: Any,
    ) -> House:
        """Declare a house element by element (audit / DPE route).

        Parameters
        ----------
        floor_area : float or str
            Living area [m²].
        elements : list of dict or elements
            Each with ``type`` ("opaque", "window", "ground_floor"), area,
            orientation, construction or U, boundary and b.
        volume : float, optional
            Heated volume [m³]; default floor_area × ceiling_height.
        ceiling_height : float
            [m], for the default volume.
        thermal_bridges : float or list
            Σ ψ·l [W/K] as one number, or a list of ThermalBridge.
        ventilation : Ventilation or dict, optional
        **kwargs
            Other House fields (name, thermal_mass, zone, storeys …).

        Returns
        -------
        House
        """
        from .units import to_si

        area = to_si(floor_area, "m**2", "floor_area", gt=0)
        if volume is None:
            volume = area * to_si(ceiling_height, "m", "ceiling_height", gt=0)
        els = []
        for i, e in enumerate(elements):
            if isinstance(e, dict) and not e.get("name"):
                e = {**e, "name": f"{e.get('type', 'opaque')}_{i + 1}"}
            els.append(e)
        if isinstance(thermal_bridges, (int, float)) and not isinstance(thermal_bridges, bool):
            tb = _declared_bridges(float(thermal_bridges))
        else:
            tb = list(thermal_bridges)
        data = dict(floor_area=area, volume=volume, elements=els, thermal_bridges=tb, **kwargs)
        if ventilation is not None:
            data["ventilation"] = ventilation
        return cls.model_validate(data)

    # ---------------------------------------------------------------- physics
    def element(self, name: str) -> Opaque | Window | GroundFloor:
        """The element called ``name``."""
        for e in self.elements:
            if e.name == name:
                return e
        raise UnknownNameError("element", name, [e.name for e in self.elements])

    @cached_property
    def _b_spaces(self) -> dict[str, float]:
        out = {}
        for s in self.unheated_spaces:
            if s.b is not None:
                out[s.name] = s.b
                continue
            h_iu = sum(e.u * e.area for e in self.elements if getattr(e, "unheated_space", None) == s.name)
            h_ue = s.h_ue()
            out[s.name] = float(envelope.adjustment_factor_b(h_iu, h_ue)) if h_iu + h_ue > 0 else 1.0
        return out

    def b_factor(self, element: Opaque | Window | GroundFloor) -> float:
        """Adjustment factor b of an element [-] (ISO 13789:2017 6.4)."""
        if isinstance(element, GroundFloor):
            return 1.0
        if element.b is not None:
            return element.b
        if element.boundary == "unheated":
            return self._b_spaces[element.unheated_space]
        if element.boundary in ("adjacent", "internal"):
            return 0.0
        return 1.0

    @property
    def wall_insulation(self) -> str:
        """Insulation side of the exterior walls (by largest area), for bridge defaults."""
        areas: dict[str, float] = {}
        for e in self.elements:
            if isinstance(e, Opaque) and e.kind == "wall" and e.boundary == "exterior":
                side = e.construction.insulation_side if e.construction is not None else (
                    "none" if e.u > 1.0 else "internal"
                )
                areas[side] = areas.get(side, 0.0) + e.area
        return max(areas, key=areas.get) if areas else "none"

    def _other_insulated(self, junction: str) -> bool:
        kinds = {"ground_floor": ("floor",), "eaves": ("ceiling", "roof")}.get(junction)
        if not kinds:
            return False
        us = [e.u for e in self.elements if e.kind in kinds and e.boundary != "internal"]
        if not us:
            return False
        if junction == "ground_floor":
            decks = [e for e in self.elements if isinstance(e, GroundFloor) and e.construction is not None]
            if decks:
                return any(e.construction.insulation_resistance >= 0.5 for e in decks)
        return min(us) < 0.8

    def bridge_psi(self, bridge: ThermalBridge) -> float:
        """ψ of a bridge [W/(m·K)]: given, or the default for the walls' insulation side."""
        if bridge.psi is not None:
            return bridge.psi
        return default_psi(bridge.junction, self.wall_insulation, self._other_insulated(bridge.junction))

    def heat_loss(self) -> HeatLoss:
        """Heat-loss coefficients per element, per kind and in total [W/K].

        H_tr = Σ b·U·A + Σ b·ψ·l (ISO 13789:2017 eq. 2–4), H_ve from the
        ventilation model (ISO 13789:2017 8). Ground floors use their ISO
        13370 steady-state U (b = 1).

        Returns
        -------
        HeatLoss
        """
        import pandas as pd

        rows = []
        for e in self.elements:
            if getattr(e, "boundary", None) == "internal":
                continue
            b = self.b_factor(e)
            rows.append(
                {
                    "name": e.name,
                    "kind": e.kind,
                    "boundary": e.boundary,
                    "area": e.area,
                    "u": e.u,
                    "b": b,
                    "h": b * e.u * e.area,
                }
            )
        brows = []
        for tb in self.thermal_bridges:
            psi = self.bridge_psi(tb)
            brows.append({"junction": tb.junction, "length": tb.length, "psi": psi, "b": tb.b, "h": tb.b * psi * tb.length})
        h_vent, h_inf = self.ventilation.conductances(self.floor_area, self.volume)
        cols = ["name", "kind", "boundary", "area", "u", "b", "h"]
        return HeatLoss(
            pd.DataFrame(rows, columns=cols),
            pd.DataFrame(brows, columns=["junction", "length", "psi", "b", "h"]),
            h_vent,
            h_inf,
            self.floor_area,
        )

    def thermal_mass_parameters(self) -> tuple[float, float]:
        """(C_m [J/K], A_m [m²]) of ISO 13790:2008 12.3.1.

        From the class or given C_m (Table 12, A_m by class; "medium" A_m
        for a given C_m), or computed: C_m = Σ κ_j·A_j (eq. 66) and
        A_m = C_m² / Σ κ_j²·A_j (eq. 65), summing the inner faces of
        envelope elements and both faces of internal elements.
        """
        af = self.floor_area
        if isinstance(self.thermal_mass, str):
            am, cm = THERMAL_MASS_CLASSES[self.thermal_mass]
            return cm * af, min(am * af, self.internal_surface_area())
        if self.thermal_mass is not None:
            return float(self.thermal_mass), 2.5 * af
        c, k2a = 0.0, 0.0
        for e in self.elements:
            if isinstance(e, Window):
                continue
            con = e.construction
            if con is None:
                continue
            faces = [con.areal_heat_capacity("inside")]
            if getattr(e, "boundary", None) == "internal":
                faces.append(con.areal_heat_capacity("outside"))
            for kappa in faces:
                c += kappa * e.area
                k2a += kappa**2 * e.area
        if c <= 0:
            am, cm = THERMAL_MASS_CLASSES["medium"]
            return cm * af, am * af
        return c, min(c**2 / k2a, self.internal_surface_area())

    def internal_surface_area(self) -> float:
        """A_t: area of all surfaces facing the zone [m²] (ISO 13790:2008 7.2.2.2).

        Envelope elements count once, internal partitions and floors twice.
        A house built from a geometry, or one that declares internal
        elements, is complete and its real area is used; a declared house
        without internal elements uses at least the standard's approximation
        Λ_at·A_f = 4.5·A_f (its partitions are unknown).
        """
        total = 0.0
        internal = False
        for e in self.elements:
            is_internal = getattr(e, "boundary", None) == "internal"
            internal = internal or is_internal
            total += e.area * (2.0 if is_internal else 1.0)
        if self.geometry is not None or internal:
            return total
        return max(total, 4.5 * self.floor_area)

    # ---------------------------------------------------------------- helpers
    def summary(self) -> dict[str, float]:
        """Key figures: areas [m²], H [W/K], C_m [J/K]."""
        hl = self.heat_loss()
        cm, am = self.thermal_mass_parameters()
        return {
            "floor_area": self.floor_area,
            "volume": self.volume,
            "h_tr": hl.h_tr,
            "h_ve": hl.h_ve,
            "h_total": hl.h_total,
            "h_per_m2": hl.h_per_floor_area,
            "c_m": cm,
            "a_m": am,
        }

    def u_summary(self) -> dict[str, float]:
        """Area-weighted mean U per element kind [W/(m²·K)] (internal elements left out).

        Examples
        --------
        >>> from rehab import archetypes
        >>> {k: round(v, 2) for k, v in archetypes.get("coron-mid-terrace").u_summary().items()}
        {'wall': 2.54, 'window': 4.72, 'door': 3.5, 'ceiling': 1.8, 'floor': 0.64}
        >>> archetypes.get("coron-mid-terrace")  # doctest: +ELLIPSIS
        House('coron-mid-terrace', 60.0 m², 150 m³, 2 storey(s), built 1880, zone H1a, 11 elements, U [W/(m²·K)]: wall 2.54, ...)
        """
        area: dict[str, float] = {}
        ua: dict[str, float] = {}
        for e in self.elements:
            if getattr(e, "boundary", None) in ("internal", "adjacent") or e.kind == "party_wall":
                continue
            area[e.kind] = area.get(e.kind, 0.0) + e.area
            ua[e.kind] = ua.get(e.kind, 0.0) + e.area * e.u
        return {k: ua[k] / a for k, a in area.items() if a > 0}

    def __repr__(self) -> str:
        """One line: name, areas, storeys, year, mean U per kind, systems (``_repr_html_`` has the table)."""
        us = ", ".join(f"{k} {u:.2f}" for k, u in self.u_summary().items())
        heat = self.heating.name if self.heating else None
        dhw = self.dhw.name if self.dhw else None
        return (
            f"House({self.name!r}"
            f"{f', archetype={self.archetype!r}' if self.archetype and self.archetype != self.name else ''}, "
            f"{self.floor_area:.1f} m², {self.volume:.0f} m³, {self.storeys} storey(s)"
            f"{f', built {self.year_built}' if self.year_built else ''}, zone {self.zone}, "
            f"{len(self.elements)} elements, U [W/(m²·K)]: {us or 'none'}, "
            f"ventilation {self.ventilation.system}, n50 {self.ventilation.n50:.1f} 1/h, heating {heat}, DHW {dhw})"
        )

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """A short summary for notebooks: key figures and the element table (U, H)."""
        import html

        hl = self.heat_loss()
        heat = f"{self.heating.name} ({self.heating.carrier})" if self.heating else "not given"
        head = (
            f"<p><b>House {html.escape(self.name)}</b>"
            f"{f' ({html.escape(self.archetype)})' if self.archetype else ''}: "
            f"{self.floor_area:.1f} m², {self.volume:.0f} m³, {self.storeys} storey(s)"
            f"{f', built {self.year_built}' if self.year_built else ''}, zone {self.zone}; "
            f"H_tr {hl.h_tr:.1f} W/K, H_ve {hl.h_ve:.1f} W/K, "
            f"H {hl.h_per_floor_area:.2f} W/(m²·K) of floor; heating {html.escape(heat)}</p>"
        )
        t = hl.elements[["name", "kind", "boundary", "area", "u", "h"]].round(
            {"area": 1, "u": 2, "h": 1}
        )
        t.columns = ["element", "kind", "boundary", "area [m²]", "U [W/(m²·K)]", "H [W/K]"]
        return head + t.to_html(index=False)

    def replace_element(self, name: str, new: Opaque | Window | GroundFloor) -> House:
        """A copy with element ``name`` replaced."""
        self.element(name)
        return self.copy_with(elements=[new if e.name == name else e for e in self.elements])

    def windows(self) -> list[Window]:
        return [e for e in self.elements if isinstance(e, Window)]

    def validate_physics(self) -> None:
        """Raise InputError if the envelope is implausible (e.g. no exterior element)."""
        hl = self.heat_loss()
        if hl.h_total <= 0:
            raise InputError(f"house {self.name!r}: total heat-loss coefficient is {hl.h_total} W/K (must be > 0)")
