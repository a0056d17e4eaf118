"""rehab — eco-renovation of old housing.

Building physics (ISO 6946, 13370, 13789, 13790, 52016-1), retrofit packages
and their economics, from one house to a neighbourhood of thousands.

>>> import rehab
>>> house = rehab.archetypes.get("coron-mid-terrace")
>>> round(house.heat_loss().h_tr)
248
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import (
    archetypes,
    constructions,
    costs,
    envelope,
    errors,
    factors,
    finance,
    geometry,
    ground,
    labels,
    materials,
    moisture,
    packages,
    planning,
    programme,
    pv,
    report,
    retrofit,
    solar,
    stock,
    subsidies,
    systems,
    threecl,
    uncertainty,
    units,
    usage,
    ventilation,
    weather,
)
from .assess import assess
from .constructions import AirLayer, Bridge, Construction, Layer, ResistanceLayer
from .errors import RehabError
from .geometry import BoxGeometry
from .house import GroundFloor, House, Opaque, ThermalBridge, UnheatedSpace, Window
from .materials import Material
from .programme import Programme, ProgrammeResult
from .simulation import SimulationResult, simulate
from .units import Q_, ureg
from .ventilation import Ventilation


def __getattr__(name: str):
    """Lazy sub-packages with optional extras (``rehab.energyplus``)."""
    if name == "energyplus":
        import importlib

        return importlib.import_module("rehab.energyplus")
    raise AttributeError(f"module 'rehab' has no attribute {name!r}")


__all__ = [
    "Q_",
    "AirLayer",
    "BoxGeometry",
    "Bridge",
    "Construction",
    "GroundFloor",
    "House",
    "Layer",
    "Material",
    "Opaque",
    "Programme",
    "ProgrammeResult",
    "RehabError",
    "ResistanceLayer",
    "SimulationResult",
    "ThermalBridge",
    "UnheatedSpace",
    "Ventilation",
    "Window",
    "__version__",
    "archetypes",
    "assess",
    "constructions",
    "costs",
    "energyplus",
    "envelope",
    "errors",
    "factors",
    "finance",
    "geometry",
    "ground",
    "labels",
    "materials",
    "moisture",
    "packages",
    "planning",
    "programme",
    "pv",
    "report",
    "retrofit",
    "simulate",
    "solar",
    "stock",
    "subsidies",
    "systems",
    "threecl",
    "uncertainty",
    "units",
    "ureg",
    "usage",
    "ventilation",
    "weather",
]
