"""Measure registry, rule sets, packages and the moisture check of a package's walls
(see :mod:`rehab.retrofit`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from .. import costs as _costs
from .._base import RehabModel
from .._data import data_path, read_json
from ..constructions import Construction
from ..errors import ConstraintError, DataError, InputError, UnknownNameError
from ..house import House, Opaque
from ..systems import DHWSystem, HeatingSystem

if TYPE_CHECKING:
    pass

from ._base import CostBreakdown, CostLine, Measure
from .envelope import (
    Airtightness,
    ExternalWallInsulation,
    FloorInsulation,
    InternalWallInsulation,
    RoofInsulation,
    WindowReplacement,
)
from .equipment import DHWReplacement, HeatingReplacement, PVInstallation, VentilationChange

AnyMeasure = Annotated[
    Annotated[ExternalWallInsulation, Tag("external_wall_insulation")]
    | Annotated[InternalWallInsulation, Tag("internal_wall_insulation")]
    | Annotated[RoofInsulation, Tag("roof_insulation")]
    | Annotated[FloorInsulation, Tag("floor_insulation")]
    | Annotated[WindowReplacement, Tag("windows")]
    | Annotated[Airtightness, Tag("airtightness")]
    | Annotated[VentilationChange, Tag("ventilation")]
    | Annotated[HeatingReplacement, Tag("heating")]
    | Annotated[DHWReplacement, Tag("dhw")]
    | Annotated[PVInstallation, Tag("pv")],
    Discriminator(lambda v: v.get("kind") if isinstance(v, dict) else getattr(v, "kind", None)),
]

#: Measure classes by ``kind``.
MEASURES = {
    "external_wall_insulation": ExternalWallInsulation,
    "internal_wall_insulation": InternalWallInsulation,
    "roof_insulation": RoofInsulation,
    "floor_insulation": FloorInsulation,
    "windows": WindowReplacement,
    "airtightness": Airtightness,
    "ventilation": VentilationChange,
    "heating": HeatingReplacement,
    "dhw": DHWReplacement,
    "pv": PVInstallation,
}


def measure(spec: Measure | dict[str, Any]) -> Measure:
    """A measure from a Measure or a dict with its ``kind`` and parameters.

    Examples
    --------
    >>> measure({"kind": "airtightness", "n50": 3}).describe()
    'airtightness n50 3'
    >>> measure({"kind": "roof"})
    Traceback (most recent call last):
    ...
    rehab.errors.UnknownNameError: unknown measure kind 'roof'; did you mean 'roof_insulation'? (10 known: see the catalogue)
    """
    if isinstance(spec, Measure):
        return spec
    if not isinstance(spec, dict) or "kind" not in spec:
        raise InputError(
            f"measure: {spec!r} is not a measure; give a Measure or a dict with 'kind' ({', '.join(MEASURES)})"
        )
    cls = MEASURES.get(spec["kind"])
    if cls is None:
        raise UnknownNameError("measure kind", spec["kind"], list(MEASURES))
    return cls.model_validate(spec)


# --------------------------------------------------------------------------
# rule sets
# --------------------------------------------------------------------------


class Rule(RehabModel):
    """One rule of a rule set: systems, kinds or carriers forbidden from a date.

    Parameters
    ----------
    id : str
    description : str
    applies_to : {"heating", "dhw", "heating_and_dhw"}
        Which new installations the rule looks at.
    forbid_systems, forbid_kinds, forbid_carriers : list of str
        Preset names, system kinds (``direct_electric``, ``boiler`` …) or
        carriers (``fuel_oil``, ``coal`` …) that may not be installed.
    valid_from, valid_to : date
    source : str
    confidence : {"H", "M", "L"}
    """

    id: str
    description: str
    applies_to: Literal["heating", "dhw", "heating_and_dhw"] = "heating"
    forbid_systems: list[str] = Field(default_factory=list)
    forbid_kinds: list[str] = Field(default_factory=list)
    forbid_carriers: list[str] = Field(default_factory=list)
    valid_from: _dt.date
    valid_to: _dt.date | None = None
    source: str
    confidence: Literal["H", "M", "L"] = "M"

    def in_force(self, date: _dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)

    def forbids(self, system: HeatingSystem | DHWSystem) -> str | None:
        """Why this rule forbids the system, or None."""
        if system.name in self.forbid_systems:
            return f"system {system.name!r}"
        if system.kind in self.forbid_kinds:
            return f"kind {system.kind!r} ({system.name})"
        if system.carrier in self.forbid_carriers:
            return f"carrier {system.carrier!r} ({system.name})"
        return None


class RuleSet(RehabModel):
    """A dated, sourced set of rules (``data/rules/<name>.json``).

    Examples
    --------
    >>> rs = rule_set("loos-en-gohelle")
    >>> rs.rules[0].forbid_kinds
    ['direct_electric']
    """

    name: str
    title: str
    date: str
    source: str
    scope: str = ""
    licence: str = ""
    rules: list[Rule]

    def check(self, measure_: Measure, date: Any = None) -> None:
        """Raise ConstraintError if a rule in force at ``date`` forbids what the measure installs."""
        from ..factors import parse_date

        if isinstance(measure_, HeatingReplacement):
            system, what = measure_.resolved, "heating"
        elif isinstance(measure_, DHWReplacement):
            system, what = measure_.resolved, "dhw"
        else:
            return
        d = parse_date(date)
        for r in self.rules:
            if not r.in_force(d) or (r.applies_to != "heating_and_dhw" and r.applies_to != what):
                continue
            why = r.forbids(system)
            if why:
                raise ConstraintError(
                    f"rule {self.name}/{r.id}: {why} may not be installed for {what} from "
                    f"{r.valid_from.isoformat()} — {r.description} (source: {r.source})"
                )


def rule_sets() -> list[str]:
    """Names of the shipped rule sets (``data/rules/*.json``).

    Examples
    --------
    >>> rule_sets()
    ['france', 'loos-en-gohelle']
    """
    folder = data_path("rules")
    return sorted(p.stem for p in folder.glob("*.json"))


@lru_cache(maxsize=16)
def _rule_set(name: str) -> RuleSet:
    known = rule_sets()
    if name not in known:
        raise UnknownNameError("rule set", name, known)
    raw = read_json("rules", f"{name}.json")
    try:
        return RuleSet.model_validate(raw)
    except InputError as exc:
        raise DataError(f"rules/{name}.json is malformed: {exc}") from None


def rule_set(name: str | RuleSet | dict[str, Any]) -> RuleSet:
    """A rule set by name (shipped), or validated from a dict / RuleSet."""
    if isinstance(name, RuleSet):
        return name
    if isinstance(name, dict):
        return RuleSet.model_validate(name)
    return _rule_set(name)


# --------------------------------------------------------------------------
# packages
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageOutcome:
    """A package applied to a house: the new house, the cost lines and the PV arrays.

    Attributes
    ----------
    package : Package
    house : House
        The house after every measure.
    costs : CostBreakdown
        One or more lines per measure, priced on the house each measure saw.
    pv : list of PVInstallation
    steps : list of str
        Measures applied, in order.
    notes : list of str
        Warnings (e.g. a combined gas DHW left behind a heat pump).
    measures : list of Measure
        The measures as they acted on the house (:meth:`Measure.for_house`;
        empty: the package's own).
    """

    package: Package
    house: House
    costs: CostBreakdown
    pv: list[PVInstallation] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    measures: list[Any] = field(default_factory=list)

    @property
    def aid_kinds(self) -> list[str]:
        """Measure kinds of the package for the aid rules (each once)."""
        out: list[str] = []
        for ln in self.costs.lines:
            if ln.aid_kind not in out:
                out.append(ln.aid_kind)
        for m in self.measures or self.package.measures:
            for k in m.aid_kinds:
                if k not in out:
                    out.append(k)
        return out


class Package(RehabModel):
    """A named list of measures applied in sequence.

    Parameters
    ----------
    name : str
    title : str
    description : str
    measures : list of Measure (or dicts with ``kind``)
    sources : list of str
    date : str
        Date of the preset's figures.

    Examples
    --------
    >>> p = Package(name="mine", measures=[{"kind": "airtightness", "n50": 4},
    ...                                    {"kind": "ventilation", "system": "extract_hygro"}])
    >>> [m.kind for m in p.measures]
    ['airtightness', 'ventilation']
    """

    name: str
    title: str = ""
    description: str = ""
    measures: list[AnyMeasure] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    date: str = ""

    def run(
        self, house: House, *, rules: Iterable[Any] = (), date: Any = None, year: Any = None
    ) -> PackageOutcome:
        """Apply every measure in order, pricing each on the house it sees.

        Parameters
        ----------
        house : House
        rules : iterable of rule-set names, RuleSet or dicts
            Rule sets checked against the systems installed.
        date : str or date, optional
            Date of the works (rules in force; default today).
        year : int, optional
            Price year (default the year of ``date``, else 2026).

        Raises
        ------
        ConstraintError
            A measure is forbidden (heritage, rule set); the message names it.
        """
        from ..factors import parse_date

        d = parse_date(date)
        y = year if year is not None else (d.year if date is not None else _costs.STUDY_YEAR)
        sets = [rule_set(r) for r in rules]
        h = house
        lines: list[CostLine] = []
        pv: list[PVInstallation] = []
        steps: list[str] = []
        sized: list[tuple[int, Measure]] = []
        acted: list[Measure] = []
        for m in self.measures:
            for rs in sets:
                rs.check(m, d)
            m = m.for_house(h)
            if isinstance(m, HeatingReplacement) and m.sized:
                # heat pumps are sized on the house after the whole package (below)
                got = m.priced(0.0, y).lines
                sized.append((len(lines), m))
            else:
                got = m.cost(h, y).lines
            lines.extend(got)
            h = m.apply(h)
            steps.append(m.name)
            acted.append(m)
            if isinstance(m, PVInstallation):
                pv.append(m)
        for i, m in sized:  # heat pumps are sized on the house after the whole package
            again = m.cost(h, y).lines
            lines[i : i + len(again)] = again
        notes = []
        heat, dhw = h.heating, h.dhw
        if (
            heat is not None
            and dhw is not None
            and dhw.kind == "boiler"
            and heat.kind != "boiler"
            and house.heating is not None
            and house.heating.kind == "boiler"
        ):
            notes.append(
                f"DHW is still {dhw.name!r} (made by a boiler) while the boiler was replaced by "
                f"{heat.name!r}: add a DHW measure"
            )
        return PackageOutcome(self, h, CostBreakdown(tuple(lines)), pv, steps, notes, acted)

    def apply(self, house: House, *, rules: Iterable[Any] = (), date: Any = None) -> House:
        """The house after every measure (see :meth:`run`)."""
        return self.run(house, rules=rules, date=date).house

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        """Cost lines of the package on this house, priced in ``year``."""
        return self.run(house, year=year).costs

    def describe(self) -> str:
        """Title, description and the measures with their parameters and sources, as text."""
        lines = [f"{self.name}: {self.title}".rstrip(": "), "", self.description, "", "Measures:"]
        for m in self.measures:
            lines.append(f"  - {m.name}")
            if m.source:
                lines.append(f"      source: {m.source}")
        if self.sources:
            lines += ["Sources:"] + [f"  - {s}" for s in self.sources]
        return "\n".join(lines)


# --------------------------------------------------------------------------
# moisture of internally insulated masonry
# --------------------------------------------------------------------------


def wall_moisture(house: House, weather: Any = None, *, humidity_class: int = 3) -> dict[str, Any]:
    """Monthly Glaser check of every internally insulated masonry wall of a house.

    Walls facing outdoor air whose construction has insulation inside a
    masonry layer (:attr:`rehab.Construction.insulation_side` "internal" or
    "both") are checked with :func:`rehab.moisture.glaser_check`. Identical
    constructions are checked once.

    Returns
    -------
    dict
        Element name → :class:`rehab.moisture.GlaserResult`.

    Examples
    --------
    >>> import rehab
    >>> h = InternalWallInsulation(material="glass_wool", thickness=0.1).apply(
    ...     rehab.archetypes.get("coron-mid-terrace"))
    >>> res = wall_moisture(h)
    >>> sorted(res), res["wall_front"].flagged
    (['wall_back', 'wall_front'], True)
    """
    from ..moisture import glaser_check

    out: dict[str, Any] = {}
    seen: dict[str, Any] = {}
    for e in house.elements:
        if not (
            isinstance(e, Opaque)
            and e.kind == "wall"
            and e.boundary == "exterior"
            and e.construction is not None
        ):
            continue
        if e.construction.insulation_side not in ("internal", "both"):
            continue
        key = Construction(layers=e.construction.layers).model_dump_json()
        if key not in seen:
            seen[key] = glaser_check(e.construction, weather, humidity_class=humidity_class)
        out[e.name] = seen[key]
    return out


def measures_from(specs: Sequence[Measure | dict[str, Any]]) -> list[Measure]:
    """Measures from a list of Measure objects or dicts."""
    return [measure(s) for s in specs]
