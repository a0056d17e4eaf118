"""Retrofit measures and packages: pure transforms House → House, with their costs.

A **measure** is a pydantic model (frozen, JSON round trip) with

* ``apply(house) -> House``: a new house, the original untouched;
* ``cost(house, year) -> CostBreakdown``: installed cost lines priced with
  :mod:`rehab.costs` (catalogue id, quantity taken from the house: wall,
  window, floor or roof areas, number of doors, kWp …), HT and TTC, each
  with its service life;
* ``lifetime_years``: service life of the measure's main item;
* ``aid_kinds``: the measure kinds the aid rules understand
  (:data:`rehab.subsidies.MEASURE_KINDS`).

Measures: :class:`ExternalWallInsulation`, :class:`InternalWallInsulation`,
:class:`RoofInsulation` (attic floor or roof slopes),
:class:`FloorInsulation` (underside of the deck or on the slab),
:class:`WindowReplacement` (windows and, optionally, doors),
:class:`Airtightness`, :class:`VentilationChange`,
:class:`HeatingReplacement`, :class:`DHWReplacement`,
:class:`PVInstallation`.

A :class:`Package` applies its measures **in sequence**: each measure sees
the house left by the previous ones and is priced on it, so two wall
measures on the same wall stack their layers (the second adds to the first's
construction) and each is paid once.

Constraints raise :class:`rehab.errors.ConstraintError`:

* a heritage house (``House.heritage``) may not be insulated from outside on
  its street façade (UNESCO-listed cités of the mining basin,
  ../shared/reference/mining-houses.md);
* a **rule set** (``data/rules/*.json``, dated and sourced,
  :func:`rule_set`) may forbid heating or DHW systems, kinds or carriers
  from a date — e.g. ``loos-en-gohelle`` forbids direct electric heating in
  rehabilitations since 2000; ``france`` forbids new fuel-oil and coal
  generators since 1 July 2022 (décret 2022-8).
* a measure with nothing to act on in this house (attic-floor insulation
  without a ceiling under an attic, e.g. a DPE house with a heated roof;
  floor insulation without a low floor): a programme refuses that package
  for that house and runs the others.

Thermal bridges follow the insulation side on their own:
:meth:`rehab.House.bridge_psi` takes the default ψ of the walls' insulation
side (none / internal / external), which the wall measures change.

Examples
--------
>>> import rehab
>>> from rehab.retrofit import ExternalWallInsulation, Package, RoofInsulation
>>> house = rehab.archetypes.get("coron-mid-terrace")
>>> pkg = Package(name="walls+attic", measures=[
...     ExternalWallInsulation(material="mineral_wool_ext", thickness=0.14),
...     RoofInsulation(position="attic_floor", material="glass_wool", target_r=7.0)])
>>> new = pkg.apply(house)
>>> round(house.heat_loss().h_tr), round(new.heat_loss().h_tr)
(234, 78)
>>> round(pkg.cost(house, year=2026).cost_ttc)
7085
"""

from __future__ import annotations

# The private names below are re-exported for transforms and embodied.
# ruff: noqa: F401
from ._base import (
    LEAKAGE_EXPONENT,
    CostBreakdown,
    CostLine,
    Measure,
    Side,
    Where,
    _line,
    n50_from_q4,
)
from .envelope import (
    Airtightness,
    ExternalWallInsulation,
    FloorInsulation,
    InternalWallInsulation,
    RoofInsulation,
    WindowReplacement,
    _Walls,
)
from .equipment import DHWReplacement, HeatingReplacement, PVInstallation, VentilationChange
from .package import (
    MEASURES,
    Package,
    PackageOutcome,
    Rule,
    RuleSet,
    measure,
    measures_from,
    rule_set,
    rule_sets,
    wall_moisture,
)

__all__ = [
    "Airtightness",
    "CostBreakdown",
    "CostLine",
    "DHWReplacement",
    "ExternalWallInsulation",
    "FloorInsulation",
    "HeatingReplacement",
    "InternalWallInsulation",
    "Measure",
    "PVInstallation",
    "Package",
    "PackageOutcome",
    "RoofInsulation",
    "RuleSet",
    "VentilationChange",
    "WindowReplacement",
    "n50_from_q4",
    "rule_set",
    "rule_sets",
    "wall_moisture",
]
