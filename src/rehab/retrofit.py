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

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from . import costs as _costs
from ._base import RehabModel
from ._data import data_path, read_json
from .constructions import Construction, Layer
from .errors import ConstraintError, DataError, InputError, UnknownNameError
from .house import GroundFloor, House, Opaque, UnheatedSpace, Window
from .materials import get as get_material
from .systems import DHWSystem, HeatingSystem, dhw_system, heating_system

if TYPE_CHECKING:
    import pandas as pd

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

Side = Literal["front", "back", "left", "right"]
Where = Literal["all", "street", "not_street"]

#: Airtightness flow exponent used to convert Q4Pa-surf to n50 (n = 2/3, the
#: value of the French conversion between the RT 2012 indicator and n50;
#: an assumption, typical envelope leakage exponents are 0.6-0.7).
LEAKAGE_EXPONENT = 2.0 / 3.0


def n50_from_q4(
    q4: float, loss_area: float, volume: float, exponent: float = LEAKAGE_EXPONENT
) -> float:
    """Air changes at 50 Pa from the RT 2012 airtightness indicator Q4Pa-surf [1/h].

    ``n50 = Q4·A_T·(50/4)^n / V``: Q4Pa-surf is the leakage flow at 4 Pa per
    m² of cold envelope other than the low floor (A_Tbat, RT 2012); the
    flow at 50 Pa follows the power law q = C·Δpⁿ.

    Parameters
    ----------
    q4 : float
        Q4Pa-surf [m³/(h·m²)] (BBC Rénovation 2024 asks ≤ 1.20 for houses,
        arrêté of 3 October 2023).
    loss_area : float
        A_Tbat [m²].
    volume : float
        Heated volume [m³].
    exponent : float
        Flow exponent n [-].

    Examples
    --------
    >>> round(n50_from_q4(1.2, 83.5, 150.0), 2)    # 1.2 x 83.5 x 12.5**(2/3) / 150
    3.6
    """
    if q4 <= 0 or loss_area <= 0 or volume <= 0:
        raise InputError("n50_from_q4: q4 [m³/(h·m²)], loss_area [m²] and volume [m³] must be > 0")
    return q4 * loss_area * (50.0 / 4.0) ** exponent / volume


# --------------------------------------------------------------------------
# cost lines
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    """One priced item of a measure (study-year euros).

    Attributes
    ----------
    measure : str
        Label of the measure.
    item : str
        Unit-cost catalogue id (:func:`rehab.costs.names`).
    quantity : float
        In the catalogue row's unit.
    unit : str
        m2, unit, kWp, dwelling.
    cost_ht, cost_ttc : float
        [EUR].
    lifetime_years : float
        Service life [yr] (NaN for services).
    aid_kind : str
        Measure kind for the aid rules.
    note : str
    """

    measure: str
    item: str
    quantity: float
    unit: str
    cost_ht: float
    cost_ttc: float
    lifetime_years: float
    aid_kind: str
    note: str = ""


@dataclass(frozen=True)
class CostBreakdown:
    """Cost lines of a measure or package."""

    lines: tuple[CostLine, ...] = ()

    @property
    def cost_ht(self) -> float:
        """Total before VAT [EUR]."""
        return float(sum(ln.cost_ht for ln in self.lines))

    @property
    def cost_ttc(self) -> float:
        """Total with VAT [EUR]."""
        return float(sum(ln.cost_ttc for ln in self.lines))

    def __add__(self, other: CostBreakdown) -> CostBreakdown:
        return CostBreakdown(self.lines + other.lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per line; money in EUR."""
        import pandas as pd

        cols = [
            "measure",
            "item",
            "quantity",
            "unit",
            "cost_ht",
            "cost_ttc",
            "lifetime_years",
            "aid_kind",
            "note",
        ]
        df = pd.DataFrame([[getattr(ln, c) for c in cols] for ln in self.lines], columns=cols)
        return df.rename(columns={"cost_ht": "cost_ht_eur", "cost_ttc": "cost_ttc_eur"})


def _line(
    measure: str,
    item: str,
    quantity: float,
    year: Any,
    aid_kind: str,
    *,
    thickness: float | None = None,
    note: str = "",
) -> CostLine:
    uc = _costs.unit_cost(item)
    th = thickness if (thickness is not None and uc.ref_thickness_m is not None) else None
    ht = _costs.cost(item, quantity, year=year, include_vat=False, thickness=th)
    ttc = _costs.cost(item, quantity, year=year, include_vat=True, thickness=th)
    life = uc.lifetime_years if uc.lifetime_years is not None else float("nan")
    return CostLine(
        measure, item, float(quantity), uc.unit, float(ht), float(ttc), float(life), aid_kind, note
    )


# --------------------------------------------------------------------------
# base class and element selection
# --------------------------------------------------------------------------


class Measure(RehabModel):
    """Base of every retrofit measure.

    Parameters
    ----------
    label : str, optional
        Display name (default: a description built from the parameters).
    source : str
        Where the measure's parameters come from (documentation of presets).
    """

    kind: str
    label: str = ""
    source: str = ""

    def apply(self, house: House) -> House:  # pragma: no cover - abstract
        raise NotImplementedError

    def cost(
        self, house: House, year: Any = _costs.STUDY_YEAR
    ) -> CostBreakdown:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def name(self) -> str:
        """Label, or the measure kind."""
        return self.label or self.describe()

    def describe(self) -> str:
        """One-line description."""
        return self.kind

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        """Measure kinds for :class:`rehab.subsidies.AidContext`."""
        return ()

    @property
    def main_cost_id(self) -> str | None:
        """Catalogue id of the main item (gives the lifetime)."""
        return None

    @property
    def lifetime_years(self) -> float:
        """Service life of the main item [yr] (catalogue ``lifetime_years``)."""
        cid = self.main_cost_id
        if cid is None:
            return float("nan")
        life = _costs.unit_cost(cid).lifetime_years
        return float(life) if life is not None else float("nan")


class _Insulation(Measure):
    """Common fields of the insulation measures: material and thickness or target R."""

    material: str
    thickness: float | None = Field(None, gt=0, le=1.0, description="insulation thickness [m]")
    target_r: float | None = Field(
        None, gt=0, le=20.0, description="thermal resistance of the added insulation [m²·K/W]"
    )
    cost_id: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> _Insulation:
        get_material(self.material)
        if (self.thickness is None) == (self.target_r is None):
            raise ValueError(
                f"{self.kind}: give either thickness [m] or target_r [m²·K/W] of the insulation (not both, not neither)"
            )
        if self.cost_id is not None:
            _costs.unit_cost(self.cost_id)
        return self

    @property
    def insulation_thickness(self) -> float:
        """Thickness of the insulation layer [m] (target R × λ when R is given)."""
        if self.thickness is not None:
            return self.thickness
        return self.target_r * get_material(self.material).conductivity

    @property
    def insulation_resistance(self) -> float:
        """R = d/λ of the insulation layer [m²·K/W]."""
        return self.insulation_thickness / get_material(self.material).conductivity

    def _layer(self) -> Layer:
        return Layer(material=self.material, thickness=round(self.insulation_thickness, 6))


class _Walls(_Insulation):
    """Wall selection: exterior walls, optionally by side, street flag or name."""

    where: Where = "all"
    sides: list[Side] | None = None
    elements: list[str] | None = None

    def walls(self, house: House) -> list[Opaque]:
        """Exterior walls this measure insulates."""
        out = []
        for e in house.elements:
            if not (isinstance(e, Opaque) and e.kind == "wall" and e.boundary == "exterior"):
                continue
            if self.elements is not None and e.name not in self.elements:
                continue
            if self.sides is not None and e.side not in self.sides:
                continue
            if self.where == "street" and not e.street:
                continue
            if self.where == "not_street" and e.street:
                continue
            out.append(e)
        if self.elements is not None:
            missing = set(self.elements) - {e.name for e in out}
            if missing:
                raise InputError(
                    f"{self.kind}: element(s) {sorted(missing)} are not exterior walls of house {house.name!r}"
                )
        return out

    def _added_layers(self) -> tuple[list[Layer], list[Layer]]:  # (outside, inside)
        raise NotImplementedError

    def apply(self, house: House) -> House:
        self.check(house)
        outside, inside = self._added_layers()
        new_elements = []
        chosen = {w.name for w in self.walls(house)}
        for e in house.elements:
            if e.name not in chosen:
                new_elements.append(e)
                continue
            if e.construction is not None:
                con = e.construction
                for ly in reversed(outside):
                    con = con.with_layer(ly, "outside")
                for ly in inside:
                    con = con.with_layer(ly, "inside")
                new_elements.append(e.copy_with(construction=con.model_dump()))
            else:  # declared U: add the layers' resistance
                r_add = sum(ly.thickness / ly.mat.conductivity for ly in (*outside, *inside))
                new_elements.append(e.copy_with(u_value=1.0 / (1.0 / e.u + r_add)))
        return house.copy_with(elements=[x.model_dump() for x in new_elements])

    def check(self, house: House) -> None:
        """Raise ConstraintError if the measure is forbidden on this house."""

    def area(self, house: House) -> float:
        """Insulated wall area [m²]."""
        return float(sum(w.area for w in self.walls(house)))


class ExternalWallInsulation(_Walls):
    """External wall insulation (ETICS: insulation boards and a render).

    Parameters
    ----------
    material : str
        Insulation (catalogue id), default ``mineral_wool_ext``.
    thickness : float, optional
        [m]; or ``target_r`` [m²·K/W] of the insulation.
    finish : str or None
        Render material, default ``mortar_cement`` (mineral render), 10 mm.
    finish_thickness : float
        [m].
    where : {"all", "street", "not_street"}
        Which exterior walls: all, the street façade only, or all but it.
    sides : list of str, optional
        Restrict to these sides ("front", "back", "left", "right").
    elements : list of str, optional
        Restrict to these element names.
    cost_id : str, optional
        Unit-cost id (default ``ite_wall``, JRBBC 108 € HT/m², 2018).

    Raises
    ------
    ConstraintError
        On a heritage house, when a selected wall is on the street façade.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace", heritage=True)
    >>> ExternalWallInsulation(thickness=0.14).apply(h)
    Traceback (most recent call last):
    ...
    rehab.errors.ConstraintError: heritage: house 'coron-mid-terrace' is a heritage house; its street façade (wall_front) may not be insulated from outside (protected façades of the UNESCO-listed mining cités); insulate it from inside, or use where='not_street'
    >>> back = ExternalWallInsulation(thickness=0.14, where="not_street").apply(h)
    >>> back.element("wall_back").construction.insulation_side, back.element("wall_front").construction.insulation_side
    ('external', 'none')
    """

    kind: Literal["external_wall_insulation"] = "external_wall_insulation"
    material: str = "mineral_wool_ext"
    finish: str | None = "mortar_cement"
    finish_thickness: float = Field(0.01, gt=0, le=0.1)

    def describe(self) -> str:
        return f"external wall insulation {self.material} {self.insulation_thickness * 100:.0f} cm ({self.where})"

    def check(self, house: House) -> None:
        if house.heritage:
            street = [w.name for w in self.walls(house) if w.street]
            if street:
                raise ConstraintError(
                    f"heritage: house {house.name!r} is a heritage house; its street façade "
                    f"({', '.join(street)}) may not be insulated from outside (protected façades of the "
                    "UNESCO-listed mining cités); insulate it from inside, or use where='not_street'"
                )

    def _added_layers(self) -> tuple[list[Layer], list[Layer]]:
        out = [self._layer()]
        if self.finish:
            out = [Layer(material=self.finish, thickness=self.finish_thickness), *out]
        return out, []

    @property
    def main_cost_id(self) -> str:
        return self.cost_id or "ite_wall"

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("wall_external",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        a = self.area(house)
        return CostBreakdown(
            (
                _line(
                    self.name,
                    self.main_cost_id,
                    a,
                    year,
                    "wall_external",
                    thickness=self.insulation_thickness,
                ),
            )
        )


#: Default internal-insulation cost id by insulation material.
_ITI_COST = {
    "glass_wool": "iti_wall_glass_wool",
    "glass_wool_038": "iti_wall_glass_wool",
    "mineral_wool": "iti_wall_glass_wool",
    "eps": "iti_wall_glass_wool",
    "eps_graphite": "iti_wall_glass_wool",
    "xps": "iti_wall_glass_wool",
    "pir": "iti_wall_glass_wool",
    "wood_fibre_flexible": "iti_wall_wood_fibre",
    "wood_fibre_rigid": "iti_wall_wood_fibre",
    "hemp_wool": "iti_wall_wood_fibre",
    "cellulose": "iti_wall_wood_fibre",
    "cork": "iti_wall_wood_fibre",
    "sheep_wool": "iti_wall_wood_fibre",
    "hemp_lime": "iti_wall_hemp_lime",
    "hemp_lime_light": "iti_wall_hemp_lime",
    "calcium_silicate": "iti_wall_calcium_silicate",
    "mineral_foam": "iti_wall_calcium_silicate",
}


class InternalWallInsulation(_Walls):
    """Internal wall insulation with an optional vapour control layer and a finish.

    Layers added on the inside face, in order: insulation, membrane (if
    any), finish. Vapour-open options: wood fibre, hemp, cellulose,
    hemp-lime or calcium silicate with a lime or clay plaster and no
    membrane, or with a humidity-variable retarder
    (``smart_vapour_retarder``). Internal insulation of masonry gets a
    monthly Glaser check in :func:`rehab.assess` (:func:`wall_moisture`).

    Parameters
    ----------
    material : str
        Insulation, default ``glass_wool``.
    thickness : float, optional
        [m]; or ``target_r`` [m²·K/W].
    membrane : str or None
        Membrane material id (``pe_membrane``, ``smart_vapour_retarder``) or
        None.
    membrane_thickness : float
        [m] (0.2 mm).
    finish : str or None
        Interior finish, default ``plasterboard`` (12.5 mm); ``plaster_lime``,
        ``plaster_clay`` for vapour-open systems.
    finish_thickness : float
        [m].
    where, sides, elements
        Wall selection, as for :class:`ExternalWallInsulation`.
    cost_id : str, optional
        Default by material (glass wool / foams ``iti_wall_glass_wool``;
        wood fibre, hemp, cellulose, cork ``iti_wall_wood_fibre``;
        hemp-lime ``iti_wall_hemp_lime``; calcium silicate
        ``iti_wall_calcium_silicate``).

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> m = InternalWallInsulation(material="wood_fibre_flexible", thickness=0.12,
    ...                            membrane="smart_vapour_retarder", finish="plaster_clay",
    ...                            finish_thickness=0.015)
    >>> [ly.material for ly in m.apply(h).element("wall_front").construction.layers]
    ['brick_solid_old', 'plaster_lime', 'wood_fibre_flexible', 'smart_vapour_retarder', 'plaster_clay']
    """

    kind: Literal["internal_wall_insulation"] = "internal_wall_insulation"
    material: str = "glass_wool"
    membrane: str | None = None
    membrane_thickness: float = Field(0.0002, gt=0, le=0.01)
    finish: str | None = "plasterboard"
    finish_thickness: float = Field(0.0125, gt=0, le=0.1)

    @model_validator(mode="after")
    def _materials(self) -> InternalWallInsulation:
        for m in (self.membrane, self.finish):
            if m is not None:
                get_material(m)
        return self

    def describe(self) -> str:
        extra = f" + {self.membrane}" if self.membrane else ""
        return f"internal wall insulation {self.material} {self.insulation_thickness * 100:.0f} cm{extra} ({self.where})"

    def _added_layers(self) -> tuple[list[Layer], list[Layer]]:
        inside = [self._layer()]
        if self.membrane:
            inside.append(Layer(material=self.membrane, thickness=self.membrane_thickness))
        if self.finish:
            inside.append(Layer(material=self.finish, thickness=self.finish_thickness))
        return [], inside

    @property
    def main_cost_id(self) -> str:
        return self.cost_id or _ITI_COST.get(self.material, "iti_wall_glass_wool")

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("wall_internal",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        a = self.area(house)
        note = (
            ""
            if (self.cost_id or self.material in _ITI_COST)
            else f"no specific price for {self.material}: glass-wool ITI price used"
        )
        return CostBreakdown(
            (
                _line(
                    self.name,
                    self.main_cost_id,
                    a,
                    year,
                    "wall_internal",
                    thickness=self.insulation_thickness,
                    note=note,
                ),
            )
        )


class RoofInsulation(_Insulation):
    """Attic-floor ("combles perdus") or roof-slope ("rampants") insulation.

    * ``attic_floor``: the insulation is laid (or blown) on the attic side of
      every ceiling facing an unheated space.
    * ``roof_slopes``: added on the inside of the house's heated roof
      elements (kind "roof") with a plasterboard finish; without heated
      roof elements, the slopes of the unheated attic are insulated — its
      envelope U becomes 1/(1/U + R) and, if ``attic_air_change_rate`` is
      given, its air change rate too (an underlay or airtight membrane).

    Parameters
    ----------
    position : {"attic_floor", "roof_slopes"}
    material : str
        Default ``glass_wool`` (blown).
    thickness or target_r
    attic_air_change_rate : float, optional
        [1/h] of the attic after slope insulation (ISO 13789:2017 Table 7:
        10 numerous open joints, 3 some open joints, 1 small openings).
    cost_id : str, optional
        Default ``attic_floor_blown`` (``attic_floor_cellulose`` for
        cellulose) or ``roof_slopes_inside``.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> m = RoofInsulation(position="attic_floor", material="cellulose", thickness=0.35)
    >>> round(h.element("ceiling").u, 2), round(m.apply(h).element("ceiling").u, 3)
    (1.8, 0.105)
    """

    kind: Literal["roof_insulation"] = "roof_insulation"
    position: Literal["attic_floor", "roof_slopes"] = "attic_floor"
    material: str = "glass_wool"
    attic_air_change_rate: float | None = Field(None, ge=0, le=50)
    finish: str | None = "plasterboard"

    def describe(self) -> str:
        return f"{self.position.replace('_', ' ')} insulation {self.material} {self.insulation_thickness * 100:.0f} cm"

    def _ceilings(self, house: House) -> list[Opaque]:
        return [
            e
            for e in house.elements
            if isinstance(e, Opaque)
            and e.kind == "ceiling"
            and e.boundary in ("unheated", "exterior")
        ]

    def _roofs(self, house: House) -> list[Opaque]:
        return [
            e
            for e in house.elements
            if isinstance(e, Opaque) and e.kind == "roof" and e.boundary == "exterior"
        ]

    def _attics(self, house: House) -> list[UnheatedSpace]:
        return [s for s in house.unheated_spaces if s.kind == "attic" and s.exterior_area > 0]

    def apply(self, house: House) -> House:
        if self.position == "attic_floor":
            targets = self._ceilings(house)
            if not targets:  # a constraint of this house: its scenario is refused, the others run
                raise ConstraintError(
                    f"roof_insulation: house {house.name!r} has no ceiling under an unheated attic; "
                    "use position='roof_slopes'"
                )
            names = {e.name for e in targets}
            els = []
            for e in house.elements:
                if e.name in names:
                    if e.construction is not None:
                        e = e.copy_with(
                            construction=e.construction.with_layer(
                                self._layer(), "outside"
                            ).model_dump()
                        )
                    else:
                        e = e.copy_with(u_value=1.0 / (1.0 / e.u + self.insulation_resistance))
                els.append(e.model_dump())
            return house.copy_with(elements=els)
        roofs = self._roofs(house)
        if roofs:
            names = {e.name for e in roofs}
            els = []
            for e in house.elements:
                if e.name in names:
                    if e.construction is not None:
                        con = e.construction.with_layer(self._layer(), "inside")
                        if self.finish:
                            con = con.with_layer(
                                Layer(material=self.finish, thickness=0.0125), "inside"
                            )
                        e = e.copy_with(construction=con.model_dump())
                    else:
                        e = e.copy_with(u_value=1.0 / (1.0 / e.u + self.insulation_resistance))
                els.append(e.model_dump())
            return house.copy_with(elements=els)
        attics = self._attics(house)
        if not attics:
            raise ConstraintError(
                f"roof_insulation: house {house.name!r} has neither roof elements nor an attic with roof slopes"
            )
        names = {s.name for s in attics}
        spaces = []
        for s in house.unheated_spaces:
            if s.name in names:
                changes: dict[str, Any] = {
                    "exterior_u": 1.0 / (1.0 / s.exterior_u + self.insulation_resistance)
                }
                if self.attic_air_change_rate is not None:
                    changes["air_change_rate"] = self.attic_air_change_rate
                s = s.copy_with(**changes)
            spaces.append(s.model_dump())
        return house.copy_with(unheated_spaces=spaces)

    def area(self, house: House) -> float:
        """Insulated area [m²]: ceilings (attic floor), roof elements or attic slopes."""
        if self.position == "attic_floor":
            return float(sum(e.area for e in self._ceilings(house)))
        roofs = self._roofs(house)
        if roofs:
            return float(sum(e.area for e in roofs))
        return float(sum(s.exterior_area for s in self._attics(house)))

    @property
    def main_cost_id(self) -> str:
        if self.cost_id:
            return self.cost_id
        if self.position == "roof_slopes":
            return "roof_slopes_inside"
        return "attic_floor_cellulose" if self.material == "cellulose" else "attic_floor_blown"

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("attic_floor",) if self.position == "attic_floor" else ("roof_slopes",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        return CostBreakdown(
            (
                _line(
                    self.name,
                    self.main_cost_id,
                    self.area(house),
                    year,
                    self.aid_kinds[0],
                    thickness=self.insulation_thickness,
                ),
            )
        )


class FloorInsulation(_Insulation):
    """Insulation of the lowest floor: under the deck, or on the slab under a new screed.

    ``underside`` adds the insulation on the ground side of the deck over a
    cellar or crawlspace (or of a floor element over an unheated space);
    ``on_slab`` adds insulation and a new 5 cm screed on the inside of a
    slab on ground (the floor level rises). ``auto`` picks underside when
    there is a space below, on_slab for a slab. A slab on ground has no
    underside: asking for it raises ConstraintError.

    Parameters
    ----------
    position : {"auto", "underside", "on_slab"}
    material : str
        Default ``xps``.
    thickness or target_r
    screed_thickness : float
        New screed on the insulation (on_slab) [m].
    cost_id : str, optional
        Default ``floor_underside`` or ``floor_under_screed``.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> m = FloorInsulation(material="xps", thickness=0.08)
    >>> m.resolved_position(h), round(h.element("ground_floor").u, 3), round(m.apply(h).element("ground_floor").u, 3)
    ('on_slab', 0.64, 0.222)
    """

    kind: Literal["floor_insulation"] = "floor_insulation"
    position: Literal["auto", "underside", "on_slab"] = "auto"
    material: str = "xps"
    screed_thickness: float = Field(0.05, gt=0, le=0.2)

    def describe(self) -> str:
        return f"floor insulation {self.material} {self.insulation_thickness * 100:.0f} cm ({self.position})"

    def _floors(self, house: House) -> list[GroundFloor | Opaque]:
        return [
            e
            for e in house.elements
            if isinstance(e, GroundFloor)
            or (
                isinstance(e, Opaque)
                and e.kind == "floor"
                and e.boundary in ("unheated", "exterior")
            )
        ]

    def resolved_position(self, house: House) -> str:
        """Position used on this house ("underside" or "on_slab")."""
        floors = self._floors(house)
        if not floors:
            raise ConstraintError(
                f"floor_insulation: house {house.name!r} has no ground floor or floor over an unheated space"
            )
        slab = any(isinstance(e, GroundFloor) and e.floor_type == "slab" for e in floors)
        if self.position == "auto":
            return "on_slab" if slab else "underside"
        if self.position == "underside" and slab:
            raise ConstraintError(
                f"floor_insulation: house {house.name!r} has a slab on ground, which has no underside to insulate; "
                "use position='on_slab'"
            )
        return self.position

    def apply(self, house: House) -> House:
        pos = self.resolved_position(house)
        names = {e.name for e in self._floors(house)}
        els = []
        for e in house.elements:
            if e.name in names:
                if e.construction is not None:
                    if pos == "underside":
                        con = e.construction.with_layer(self._layer(), "outside")
                    else:
                        con = e.construction.with_layer(self._layer(), "inside").with_layer(
                            Layer(material="screed_cement", thickness=self.screed_thickness),
                            "inside",
                        )
                    e = e.copy_with(construction=con.model_dump())
                else:
                    e = e.copy_with(u_value=1.0 / (1.0 / e.u + self.insulation_resistance))
            els.append(e.model_dump())
        return house.copy_with(elements=els)

    def area(self, house: House) -> float:
        """Insulated floor area [m²]."""
        return float(sum(e.area for e in self._floors(house)))

    def _cost_id(self, house: House) -> str:
        if self.cost_id:
            return self.cost_id
        return (
            "floor_under_screed"
            if self.resolved_position(house) == "on_slab"
            else "floor_underside"
        )

    @property
    def main_cost_id(self) -> str:
        return self.cost_id or "floor_underside"

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("floor",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        cid = self._cost_id(house)
        note = (
            "excludes removing and relaying the floor finish" if cid == "floor_under_screed" else ""
        )
        return CostBreakdown(
            (
                _line(
                    self.name,
                    cid,
                    self.area(house),
                    year,
                    "floor",
                    thickness=self.insulation_thickness,
                    note=note,
                ),
            )
        )


class WindowReplacement(Measure):
    """New windows (U_w, g) and, optionally, new insulated doors.

    Parameters
    ----------
    u_value : float
        U_w of the new windows [W/(m²·K)] (3CL-DPE 2021 tables: double
        low-e argon PVC 1.4, wood 1.6; triple PVC 1.1, wood 1.3; CEE
        BAR-EN-104 asks U_w ≤ 1.3 with S_w ≥ 0.3, or U_w ≤ 1.7 with S_w ≥ 0.36).
    g_value : float
        g_gl,n of the glazing [-].
    glazing : {"double", "triple"}
    frame : {"pvc", "wood"}
        Frame material (price: JRBBC PVC 541, double 557, triple 624 € HT/m²).
    door_u : float, optional
        U of new insulated entrance doors [W/(m²·K)]; None keeps the doors.
    where, sides
        Window selection as for the wall measures.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> new = WindowReplacement(u_value=1.3, g_value=0.6, door_u=1.5).apply(h)
    >>> round(h.element("window_front").u, 2), new.element("window_front").u, new.element("door_front").u
    (4.72, 1.3, 1.5)
    """

    kind: Literal["windows"] = "windows"
    u_value: float = Field(1.3, gt=0.3, le=6.0, description="U_w [W/(m²·K)]")
    g_value: float = Field(0.6, gt=0, le=1)
    glazing: Literal["double", "triple"] = "double"
    frame: Literal["pvc", "wood"] = "pvc"
    door_u: float | None = Field(None, gt=0.3, le=6.0, description="U of new doors [W/(m²·K)]")
    where: Where = "all"
    sides: list[Side] | None = None
    cost_id: str | None = None

    def describe(self) -> str:
        d = f" + doors U {self.door_u:g}" if self.door_u else ""
        return f"{self.glazing} glazing {self.frame} U_w {self.u_value:g}{d}"

    def _selected(self, e: Any) -> bool:
        if self.sides is not None and e.side not in self.sides:
            return False
        if self.where == "street" and not e.street:
            return False
        return not (self.where == "not_street" and e.street)

    def windows(self, house: House) -> list[Window]:
        return [w for w in house.windows() if self._selected(w)]

    def doors(self, house: House) -> list[Opaque]:
        if self.door_u is None:
            return []
        return [
            e
            for e in house.elements
            if isinstance(e, Opaque) and e.kind == "door" and self._selected(e)
        ]

    def apply(self, house: House) -> House:
        wins = {w.name for w in self.windows(house)}
        doors = {d.name for d in self.doors(house)}
        els = []
        for e in house.elements:
            if e.name in wins:
                e = e.copy_with(
                    u_value=self.u_value,
                    u_glazing=None,
                    u_frame=None,
                    psi_glazing=0.0,
                    g_value=self.g_value,
                    glazing=self.glazing,
                )
            elif e.name in doors:
                e = e.copy_with(u_value=self.door_u, construction=None)
            els.append(e.model_dump())
        return house.copy_with(elements=els)

    @property
    def main_cost_id(self) -> str:
        if self.cost_id:
            return self.cost_id
        if self.glazing == "triple":
            return "windows_triple"
        return "windows_double_wood" if self.frame == "wood" else "windows_double_pvc"

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("windows", "door") if self.door_u else ("windows",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        lines = [
            _line(
                self.name,
                self.main_cost_id,
                sum(w.area for w in self.windows(house)),
                year,
                "windows",
            )
        ]
        n_doors = len(self.doors(house))
        if n_doors:
            lines.append(_line(self.name, "door_insulated", n_doors, year, "door"))
        return CostBreakdown(tuple(lines))


class Airtightness(Measure):
    """Airtightness works down to a target n50 (or Q4Pa-surf).

    The house's n50 becomes min(current, target); nothing is done (and
    nothing paid) when the house is already tighter.

    Parameters
    ----------
    n50 : float, optional
        Target air changes at 50 Pa [1/h].
    q4pa_surf : float, optional
        Target Q4Pa-surf [m³/(h·m²)] (BBC Rénovation 2024: ≤ 1.20 for
        houses), converted with :func:`n50_from_q4` on the house's cold
        envelope (walls, roof/ceiling, windows, doors; low floor excluded).

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> round(Airtightness(q4pa_surf=1.2).target_n50(h), 2)
    3.55
    >>> Airtightness(n50=3.0).apply(h).ventilation.n50
    3.0
    """

    kind: Literal["airtightness"] = "airtightness"
    n50: float | None = Field(None, gt=0, le=30)
    q4pa_surf: float | None = Field(None, gt=0, le=10)

    @model_validator(mode="after")
    def _one(self) -> Airtightness:
        if (self.n50 is None) == (self.q4pa_surf is None):
            raise ValueError("airtightness: give n50 [1/h] or q4pa_surf [m³/(h·m²)] (one of them)")
        return self

    def describe(self) -> str:
        return (
            f"airtightness n50 {self.n50:g}"
            if self.n50 is not None
            else f"airtightness Q4Pa-surf {self.q4pa_surf:g}"
        )

    @staticmethod
    def loss_area(house: House) -> float:
        """A_Tbat: cold envelope other than the low floor [m²]."""
        a = 0.0
        for e in house.elements:
            if isinstance(e, GroundFloor) or getattr(e, "boundary", None) in (
                "internal",
                "adjacent",
                "ground",
            ):
                continue
            if e.kind == "floor":
                continue
            a += e.area
        return a

    def target_n50(self, house: House) -> float:
        """Target n50 [1/h] on this house."""
        if self.n50 is not None:
            return self.n50
        return n50_from_q4(self.q4pa_surf, self.loss_area(house), house.volume)

    def apply(self, house: House) -> House:
        target = self.target_n50(house)
        if target >= house.ventilation.n50:
            return house
        return house.copy_with(ventilation=house.ventilation.copy_with(n50=target).model_dump())

    @property
    def main_cost_id(self) -> str:
        return "airtightness_works"

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("airtightness",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        if self.target_n50(house) >= house.ventilation.n50:
            return CostBreakdown()
        return CostBreakdown(
            (_line(self.name, "airtightness_works", house.floor_area, year, "airtightness"),)
        )


class VentilationChange(Measure):
    """A new ventilation system: humidity-controlled extract or balanced with heat recovery.

    Parameters
    ----------
    system : {"extract_hygro", "balanced", "extract"}
    heat_recovery : float
        η of a balanced unit [-] (0.85: typical certified value of current
        double-flux units; an assumption).
    flow : float, optional
        [m³/h]; default the conventional flow per m² of
        :data:`rehab.ventilation.DEFAULT_FLOW_PER_M2`.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> v = VentilationChange(system="balanced", heat_recovery=0.85).apply(h).ventilation
    >>> v.system, v.heat_recovery, v.n50
    ('balanced', 0.85, 10.0)
    """

    kind: Literal["ventilation"] = "ventilation"
    system: Literal["extract_hygro", "balanced", "extract"] = "extract_hygro"
    heat_recovery: float = Field(0.85, ge=0, le=0.95)
    flow: float | None = Field(None, gt=0, le=1e4)

    def describe(self) -> str:
        if self.system == "balanced":
            return f"balanced ventilation, heat recovery {self.heat_recovery:.0%}"
        return {
            "extract_hygro": "humidity-controlled extract ventilation",
            "extract": "constant extract ventilation",
        }[self.system]

    def apply(self, house: House) -> House:
        v = house.ventilation.model_dump()
        v.update(
            system=self.system,
            heat_recovery=self.heat_recovery if self.system == "balanced" else 0.0,
            flow=self.flow,
            h_ventilation=None,
        )
        return house.copy_with(ventilation=v)

    @property
    def main_cost_id(self) -> str:
        return "vmc_double_flux" if self.system == "balanced" else "vmc_hygro_b"

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("ventilation",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        note = "hygro B price used for a constant extract unit" if self.system == "extract" else ""
        return CostBreakdown(
            (_line(self.name, self.main_cost_id, 1, year, "ventilation", note=note),)
        )


#: Unit-cost id of each heating preset.
_HEATING_COST = {
    "heat-pump-air-water": "heat_pump_air_water",
    "heat-pump-ground": "heat_pump_ground",
    "gas-boiler-condensing": "gas_boiler_condensing",
    "wood-pellet-boiler": "wood_pellet_boiler",
    "wood-log-stove": "wood_log_stove",
}
#: Unit-cost id of each DHW preset ("" = none: produced by the heating generator).
_DHW_COST = {
    "dhw-thermodynamic": "thermodynamic_water_heater",
    "dhw-electric-tank": "electric_water_heater",
    "dhw-solar-electric": "solar_water_heater",
    "dhw-gas-boiler": "",
}


class HeatingReplacement(Measure):
    """A new space-heating system (preset name or a full system).

    Parameters
    ----------
    system : str or HeatingSystem
        Preset (:func:`rehab.systems.heating_presets`) or a system.
    cost_id : str, optional
        Unit-cost id; default by preset (heat pumps, condensing gas boiler,
        pellet boiler, log stove). Other systems need it.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> HeatingReplacement(system="heat-pump-air-water").apply(h).heating.carrier
    'electricity'
    """

    kind: Literal["heating"] = "heating"
    system: str | HeatingSystem = "heat-pump-air-water"
    cost_id: str | None = None

    @model_validator(mode="after")
    def _known(self) -> HeatingReplacement:
        s = self.resolved
        if self.cost_id is None and s.name not in _HEATING_COST:
            raise ValueError(
                f"heating: no catalogue price for system {s.name!r}; give cost_id (one of rehab.costs.names())"
            )
        if self.cost_id is not None:
            _costs.unit_cost(self.cost_id)
        return self

    @property
    def resolved(self) -> HeatingSystem:
        """The HeatingSystem installed."""
        return heating_system(self.system) if isinstance(self.system, str) else self.system

    def describe(self) -> str:
        return f"heating: {self.resolved.name}"

    def apply(self, house: House) -> House:
        return house.copy_with(heating=self.resolved.model_dump())

    @property
    def main_cost_id(self) -> str:
        return self.cost_id or _HEATING_COST[self.resolved.name]

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("heating",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        return CostBreakdown((_line(self.name, self.main_cost_id, 1, year, "heating"),))


class DHWReplacement(Measure):
    """A new domestic-hot-water system (preset name or a full system).

    ``dhw-gas-boiler`` (produced by a combined boiler) costs nothing on its
    own: the boiler is paid by the heating measure.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> DHWReplacement(system="dhw-thermodynamic").apply(h).dhw.generation_efficiency
    2.5
    """

    kind: Literal["dhw"] = "dhw"
    system: str | DHWSystem = "dhw-thermodynamic"
    cost_id: str | None = None

    @model_validator(mode="after")
    def _known(self) -> DHWReplacement:
        s = self.resolved
        if self.cost_id is None and s.name not in _DHW_COST:
            raise ValueError(
                f"dhw: no catalogue price for system {s.name!r}; give cost_id (one of rehab.costs.names())"
            )
        if self.cost_id is not None:
            _costs.unit_cost(self.cost_id)
        return self

    @property
    def resolved(self) -> DHWSystem:
        """The DHWSystem installed."""
        return dhw_system(self.system) if isinstance(self.system, str) else self.system

    def describe(self) -> str:
        return f"DHW: {self.resolved.name}"

    def apply(self, house: House) -> House:
        return house.copy_with(dhw=self.resolved.model_dump())

    @property
    def main_cost_id(self) -> str | None:
        return self.cost_id or (_DHW_COST[self.resolved.name] or None)

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("dhw",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        cid = self.main_cost_id
        if cid is None:
            return CostBreakdown()
        return CostBreakdown((_line(self.name, cid, 1, year, "dhw"),))


class PVInstallation(Measure):
    """Rooftop photovoltaics (self-consumption with sale of the surplus).

    The house's thermal model is unchanged (``apply`` returns it as is); the
    package keeps the array for :func:`rehab.assess`, which computes the
    hourly production with :func:`rehab.pv.production`, the self-consumed
    share against the household's hourly electricity, and values the
    surplus at :func:`rehab.pv.export_tariff`.

    Parameters
    ----------
    kwp : float
        Peak power [kWp] (≤ 9 kWp for the small-installation tariff).
    azimuth : float, optional
        [deg]; default the roof slope of the house facing closest to south.
    tilt : float, optional
        [deg]; default the roof pitch of the house (35° without geometry).
    self_consumption : float, optional
        Self-consumed share of production [-]; default computed hour by hour.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> PVInstallation(kwp=3).orientation(h)
    (180.0, 40.0)
    """

    kind: Literal["pv"] = "pv"
    kwp: float = Field(3.0, gt=0, le=100)
    azimuth: float | None = Field(None, ge=0, le=360)
    tilt: float | None = Field(None, ge=0, le=90)
    self_consumption: float | None = Field(None, ge=0, le=1)

    def describe(self) -> str:
        return f"PV {self.kwp:g} kWp"

    def orientation(self, house: House) -> tuple[float, float]:
        """(azimuth, tilt) [deg] of the array on this house."""
        g = house.geometry
        tilt = (
            self.tilt
            if self.tilt is not None
            else (float(g.roof_pitch) if g is not None and g.roof == "attic" else 35.0)
        )
        if self.azimuth is not None:
            return float(self.azimuth), float(tilt)
        if g is None:
            return 180.0, float(tilt)
        cands = [float(g.azimuth) % 360.0, (float(g.azimuth) + 180.0) % 360.0]
        best = min(cands, key=lambda a: abs(((a - 180.0 + 180.0) % 360.0) - 180.0))
        return best, float(tilt)

    def apply(self, house: House) -> House:
        return house

    @property
    def main_cost_id(self) -> str:
        return "pv_per_kwp"

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("pv",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        return CostBreakdown((_line(self.name, "pv_per_kwp", self.kwp, year, "pv"),))


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
        from .factors import parse_date

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
    """

    package: Package
    house: House
    costs: CostBreakdown
    pv: list[PVInstallation] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def aid_kinds(self) -> list[str]:
        """Measure kinds of the package for the aid rules (each once)."""
        out: list[str] = []
        for ln in self.costs.lines:
            if ln.aid_kind not in out:
                out.append(ln.aid_kind)
        for m in self.package.measures:
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
        from .factors import parse_date

        d = parse_date(date)
        y = year if year is not None else (d.year if date is not None else _costs.STUDY_YEAR)
        sets = [rule_set(r) for r in rules]
        h = house
        lines: list[CostLine] = []
        pv: list[PVInstallation] = []
        steps: list[str] = []
        for m in self.measures:
            for rs in sets:
                rs.check(m, d)
            lines.extend(m.cost(h, y).lines)
            h = m.apply(h)
            steps.append(m.name)
            if isinstance(m, PVInstallation):
                pv.append(m)
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
        return PackageOutcome(self, h, CostBreakdown(tuple(lines)), pv, steps, notes)

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
    from .moisture import glaser_check

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
