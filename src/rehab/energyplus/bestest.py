"""ASHRAE Standard 140 (BESTEST) cases 600, 900, 600FF and 900FF as :class:`Model` s.

Geometry and inputs follow ANSI/ASHRAE Standard 140 (section 5.2, cases 600
and 900) as modelled by NREL's BESTEST-GSR reference workflow
(github.com/NREL/BESTEST-GSR, ``measures/bestest_building_thermal_envelope_
and_fabric_load`` and ``shared_resources/bestest_resources.osm``, read
2026-11-28), whose EnergyPlus results are the references of
``tests/validation/test_energyplus.py``:

* one zone 8 m (E–W) × 6 m (N–S) × 2.7 m, volume 129.6 m³; two south
  windows 3 m × 2 m, sills 0.2 m, 0.5 m from the side edges, 1 m apart;
* layers as in Standard 140 (light: wood siding, fibreglass, plasterboard;
  heavy: wood siding, foam, concrete block; floor on R = 25.075 / 25.175
  m²·K/W no-mass insulation), solar absorptance 0.6 and long-wave
  emissivity 0.9 on both faces, roughness "Rough";
* double clear glazing as in the 2020 edition and BESTEST-GSR: 3.048 mm
  panes (τ = 0.834, ρ = 0.075, ε = 0.84, λ = 1.0 W/(m·K)), 12 mm air gap, no
  frame;
* 200 W continuous internal gain, 60 % radiant; infiltration 0.5 ach
  (BESTEST-GSR's value); ground at 10 °C under the R-25 floor;
* ideal heating at 20 °C and cooling at 27 °C (none in the FF cases);
* EnergyPlus settings of BESTEST-GSR: terrain "Country", 4 time steps per
  hour, TARP inside / DOE-2 outside convection, FullInteriorAndExterior
  solar distribution, shading updated daily, at least 6 warm-up days.

Examples
--------
>>> from rehab.energyplus.bestest import bestest_model
>>> m = bestest_model("900FF")
>>> m.zones[0].heating_setpoint is None, round(m.zones[0].volume, 1)
(True, 129.6)
"""

from __future__ import annotations

from ..errors import UnknownNameError
from .idf import (
    Construction,
    Gain,
    GasGap,
    GlazingPane,
    Model,
    NoMassLayer,
    OpaqueLayer,
    Surface,
    Window,
    WindowConstruction,
    Zone,
    horizontal_vertices,
    wall_vertices,
    window_vertices,
)

__all__ = ["CASES", "bestest_model"]

#: Cases this module builds.
CASES = ("600", "600FF", "900", "900FF")

_ROUGH = "Rough"


def _construction(name: str, layers: list[OpaqueLayer | NoMassLayer]) -> Construction:
    return Construction(
        name,
        tuple(layers),
        outside_solar_absorptance=0.6,
        inside_solar_absorptance=0.6,
        outside_thermal_absorptance=0.9,
        inside_thermal_absorptance=0.9,
    )


def _constructions(heavy: bool) -> dict[str, Construction]:
    siding = OpaqueLayer("Wood siding", 0.009, 0.14, 530.0, 900.0, _ROUGH)
    roof = _construction(
        "Roof",
        [
            OpaqueLayer("Roof deck", 0.019, 0.14, 530.0, 900.0, _ROUGH),
            OpaqueLayer("Fibreglass quilt", 0.1118, 0.04, 12.0, 840.0, _ROUGH),
            OpaqueLayer("Plasterboard", 0.010, 0.16, 950.0, 840.0, _ROUGH),
        ],
    )
    if heavy:
        wall = _construction(
            "Heavy wall",
            [
                siding,
                OpaqueLayer("Foam insulation", 0.0615, 0.04, 10.0, 1400.0, _ROUGH),
                OpaqueLayer("Concrete block", 0.100, 0.51, 1400.0, 1000.0, _ROUGH),
            ],
        )
        floor = _construction(
            "Heavy floor",
            [
                NoMassLayer("R-25 insulation", 25.175, _ROUGH),
                OpaqueLayer("Concrete slab", 0.080, 1.13, 1400.0, 1000.0, _ROUGH),
            ],
        )
    else:
        wall = _construction(
            "Light wall",
            [
                siding,
                OpaqueLayer("Fibreglass quilt", 0.066, 0.04, 12.0, 840.0, _ROUGH),
                OpaqueLayer("Plasterboard", 0.012, 0.16, 950.0, 840.0, _ROUGH),
            ],
        )
        floor = _construction(
            "Light floor",
            [
                NoMassLayer("R-25 insulation", 25.075, _ROUGH),
                OpaqueLayer("Timber flooring", 0.025, 0.14, 650.0, 1200.0, _ROUGH),
            ],
        )
    return {"wall": wall, "roof": roof, "floor": floor}


def _window() -> WindowConstruction:
    pane = GlazingPane(
        "Clear glass 3 mm",
        thickness=0.003048,
        solar_transmittance=0.834,
        solar_reflectance_front=0.075,
        solar_reflectance_back=0.075,
        visible_transmittance=0.91325,
        visible_reflectance_front=0.082,
        visible_reflectance_back=0.082,
        emissivity_front=0.84,
        emissivity_back=0.84,
        conductivity=1.0,
    )
    return WindowConstruction(
        "Double clear glazing", layers=(pane, GasGap("Air 12 mm", 0.012, "Air"), pane)
    )


def bestest_model(case: str) -> Model:
    """The :class:`Model` of an ASHRAE 140 case.

    Parameters
    ----------
    case : {"600", "600FF", "900", "900FF"}

    Returns
    -------
    Model

    Raises
    ------
    UnknownNameError
        For another case.
    """
    case = str(case).upper()
    if case not in CASES:
        raise UnknownNameError("BESTEST case", case, CASES)
    heavy = case.startswith("9")
    free = case.endswith("FF")
    c = _constructions(heavy)
    glazing = _window()
    length, depth, height = 8.0, 6.0, 2.7
    plan = [(0.0, 0.0), (length, 0.0), (length, depth), (0.0, depth)]
    south = wall_vertices(plan[0], plan[1], 0.0, height)
    windows = (
        Window("Window west", glazing, window_vertices(south, 3.0, 2.0, 0.2, 0.5)),
        Window("Window east", glazing, window_vertices(south, 3.0, 2.0, 0.2, 4.5)),
    )
    surfaces = (
        Surface("South wall", "wall", c["wall"], south, windows=windows),
        Surface("East wall", "wall", c["wall"], wall_vertices(plan[1], plan[2], 0.0, height)),
        Surface("North wall", "wall", c["wall"], wall_vertices(plan[2], plan[3], 0.0, height)),
        Surface("West wall", "wall", c["wall"], wall_vertices(plan[3], plan[0], 0.0, height)),
        Surface("Roof", "roof", c["roof"], horizontal_vertices(plan, height, "up")),
        Surface(
            "Floor", "floor", c["floor"], horizontal_vertices(plan, 0.0, "down"), boundary="ground"
        ),
    )
    zone = Zone(
        "Zone One",
        surfaces,
        volume=length * depth * height,
        infiltration_ach=0.5,
        gains=(Gain("Internal gain", 200.0, radiant_fraction=0.6),),
        heating_setpoint=None if free else 20.0,
        cooling_setpoint=None if free else 27.0,
    )
    return Model(
        f"BESTEST Case {case}",
        (zone,),
        ground_temperature=10.0,
        timestep=4,
        terrain="Country",
        solar_distribution="FullInteriorAndExterior",
        inside_convection="TARP",
        outside_convection="DOE-2",
        shadow_update_days=1,
        min_warmup_days=6,
    )
