"""rehab — eco-renovation of old housing.

Building physics (ISO 6946, 13370, 13789, 13790, 52016-1), retrofit packages
and their economics, from one house to a neighbourhood of thousands.

``import rehab`` is quick: the submodules and the main names below load on
first use (PEP 562 module ``__getattr__``), so the pint registry, pandas,
scipy and numba are imported only when a calculation needs them.

>>> import rehab
>>> house = rehab.archetypes.get("coron-mid-terrace")
>>> round(house.heat_loss().h_tr)
248

rehab logs to the ``"rehab"`` logger (a :class:`logging.NullHandler` is
attached, so nothing is printed unless the application configures logging):

>>> import logging
>>> logging.getLogger("rehab").handlers[0].__class__.__name__
'NullHandler'
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from typing import TYPE_CHECKING, Any

from ._lazy import LazyPackage

#: The version of rehab, read by the build backend from this line (the one source).
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

#: Public names re-exported from a submodule: name -> module that defines it.
#: ``assess`` is a function of the module ``rehab.assessment`` (no function shadows a module).
_NAMES = {
    "AirLayer": "constructions",
    "BoxGeometry": "geometry",
    "Bridge": "constructions",
    "Construction": "constructions",
    "GroundFloor": "house",
    "House": "house",
    "Layer": "constructions",
    "Material": "materials",
    "Opaque": "house",
    "Programme": "programme",
    "ProgrammeResult": "programme",
    "Q_": "units",
    "RehabError": "errors",
    "ResistanceLayer": "constructions",
    "SimulationResult": "simulation",
    "ThermalBridge": "house",
    "UnheatedSpace": "house",
    "Ventilation": "ventilation",
    "Window": "house",
    "assess": "assessment",
    "simulate": "simulation",
    "ureg": "units",
}

#: The public surface (pinned by tests/test_public_api.py and docs/reference/index.md).
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
    "assessment",
    "boxhouse",
    "carbon",
    "constructions",
    "costs",
    "demand",
    "dpe",
    "economics",
    "embodied",
    "energyplus",
    "envelope",
    "errors",
    "factors",
    "finance",
    "footprint",
    "gains",
    "geometry",
    "ground",
    "house",
    "labels",
    "materials",
    "moisture",
    "objectives",
    "options",
    "packages",
    "pipeline",
    "planning",
    "plot",
    "prebound",
    "programme",
    "pv",
    "report",
    "retrofit",
    "safeio",
    "simulate",
    "simulation",
    "solar",
    "spreadsheet",
    "stock",
    "streaming",
    "subsidies",
    "subsidies_geste",
    "subsidies_social",
    "systems",
    "table",
    "threecl",
    "threecl_envelope",
    "typology",
    "uncertainty",
    "units",
    "ureg",
    "usage",
    "ventilation",
    "weather",
]

#: Public submodules, imported on first attribute access.
_MODULES = frozenset(__all__) - set(_NAMES) - {"__version__"}

if TYPE_CHECKING:  # for type checkers and IDEs: the eager form of the lazy names
    from . import (
        archetypes,
        assessment,
        boxhouse,
        carbon,
        constructions,
        costs,
        demand,
        dpe,
        economics,
        embodied,
        energyplus,
        envelope,
        errors,
        factors,
        finance,
        footprint,
        gains,
        geometry,
        ground,
        house,
        labels,
        materials,
        moisture,
        objectives,
        options,
        packages,
        pipeline,
        planning,
        plot,
        prebound,
        programme,
        pv,
        report,
        retrofit,
        safeio,
        simulation,
        solar,
        spreadsheet,
        stock,
        streaming,
        subsidies,
        subsidies_geste,
        subsidies_social,
        systems,
        table,
        threecl,
        threecl_envelope,
        typology,
        uncertainty,
        units,
        usage,
        ventilation,
        weather,
    )
    from .constructions import AirLayer, Bridge, Construction, Layer, ResistanceLayer
    from .errors import RehabError
    from .geometry import BoxGeometry
    from .house import GroundFloor, House, Opaque, ThermalBridge, UnheatedSpace, Window
    from .materials import Material
    from .programme import Programme, ProgrammeResult
    from .simulation import SimulationResult, simulate
    from .units import Q_, ureg
    from .ventilation import Ventilation


def _module_of(name: str) -> str:
    """The module defining a re-exported name."""
    return _NAMES[name]


def __getattr__(name: str) -> Any:
    """Load a submodule or a re-exported name on first access (PEP 562)."""
    if name in _NAMES:
        value = getattr(importlib.import_module(f".{_module_of(name)}", __name__), name)
    elif name in _MODULES or (
        not name.startswith("__") and importlib.util.find_spec(f"{__name__}.{name}") is not None
    ):
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


# a submodule never replaces a re-exported name
sys.modules[__name__].__class__ = LazyPackage

