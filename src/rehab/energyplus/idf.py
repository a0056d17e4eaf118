"""A neutral building description and its EnergyPlus IDF (built through eppy).

The description is a handful of frozen dataclasses in SI units that say what
EnergyPlus needs and nothing more, so that mapping a rehab ``House`` (or any
other model) onto it is a thin layer:

* :class:`OpaqueLayer` / :class:`NoMassLayer` → :class:`Construction`
  (layers listed **outside → inside**, surface absorptances);
* :class:`GlazingPane` / :class:`GasGap` or U/SHGC → :class:`WindowConstruction`;
* :class:`Surface` (vertices **counter-clockwise seen from outside**, so that
  the right-hand normal points out of the zone; world coordinates in m, x east,
  y north, z up) with its :class:`Window` s and its outside boundary
  (``"outdoors"``, ``"ground"``, ``"adiabatic"`` or ``"zone"`` for an
  unconditioned attic or cellar zone — the mirror surface in the other zone is
  generated, with the construction's layers reversed);
* :class:`Zone` (surfaces, infiltration in ach, :class:`Gain` s, heating and
  cooling set-points, mechanical ventilation with heat recovery through the
  ideal loads system);
* :class:`Model` (zones plus the simulation settings).

:func:`build_idf` turns a :class:`Model` into IDF text for the EnergyPlus
version found by :func:`rehab.energyplus.locate.find_energyplus`;
:func:`write_idf` writes it (and any ``Schedule:File`` side files) to disk.

Schedules (set-points, gain fractions) are given as a number (constant), 24
hourly values (every day alike), 168 hourly values (a week, Monday first) or
8760 hourly values (a whole year, written as ``Schedule:File``).

Geometry helpers (:func:`wall_vertices`, :func:`horizontal_vertices`,
:func:`window_vertices`, :func:`newell_normal`) produce and check vertex
orders.

Examples
--------
>>> from rehab.energyplus.idf import newell_normal, wall_vertices
>>> south = wall_vertices((0, 0), (8, 0), 0.0, 2.7)   # interior on the left (north)
>>> normal, area = newell_normal(south)
>>> [round(float(c), 6) + 0.0 for c in normal], round(area, 2)
([0.0, -1.0, 0.0], 21.6)
"""

from __future__ import annotations

# ruff: noqa: F401
from .builder import IdfText, build_idf, write_idf
from .geometry import Vec3, horizontal_vertices, newell_normal, wall_vertices, window_vertices
from .model import (
    OUTPUT_VARIABLES,
    UNHEATED_FILM,
    WEEKDAYS,
    Construction,
    Door,
    Gain,
    GasGap,
    GlazingPane,
    InternalMass,
    Model,
    NoMassLayer,
    OpaqueLayer,
    ScheduleLike,
    Surface,
    Window,
    WindowConstruction,
    Zone,
    expand_schedule,
    read_epw_location,
)

__all__ = [
    "OUTPUT_VARIABLES",
    "UNHEATED_FILM",
    "Construction",
    "Door",
    "Gain",
    "GasGap",
    "GlazingPane",
    "IdfText",
    "InternalMass",
    "Model",
    "NoMassLayer",
    "OpaqueLayer",
    "Surface",
    "Window",
    "WindowConstruction",
    "Zone",
    "build_idf",
    "expand_schedule",
    "horizontal_vertices",
    "newell_normal",
    "read_epw_location",
    "wall_vertices",
    "window_vertices",
    "write_idf",
]
