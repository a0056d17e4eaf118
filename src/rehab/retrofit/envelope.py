"""Envelope measures: wall, roof and floor insulation, window replacement, airtightness
(see :mod:`rehab.retrofit`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from .. import costs as _costs
from ..constructions import Layer
from ..errors import ConstraintError, InputError
from ..house import GroundFloor, House, Opaque, UnheatedSpace, Window
from ..materials import get as get_material

if TYPE_CHECKING:
    pass

from ._base import CostBreakdown, Measure, Side, Where, _line, n50_from_q4


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
    * ``roof_slopes``: added on the house's heated roof elements (kind
      "roof": the rampants of a heated loft, a DPE's ceiling towards the
      outside): under the rafters from inside with a plasterboard finish
      (``side="inside"``, cost ``roof_slopes_inside``), or over the rafters
      from outside, sarking boards under a new roof covering
      (``side="outside"``, cost ``roof_slopes_outside``). The layers are
      added in series (EN ISO 6946:2017 §6.7.1, homogeneous layers): an
      element described by its layers gets them in its construction, an
      element with a declared U gets ``U' = 1/(1/U + d/λ + R_finish)``
      (the surface resistances are already in U). Without heated roof
      elements, the slopes of the unheated attic are insulated — its
      envelope U becomes 1/(1/U + R) and, if ``attic_air_change_rate`` is
      given, its air change rate too (an underlay or airtight membrane).

    Heated roofs (rehab's rule): an ``attic_floor`` measure on a house with
    no ceiling under an unheated attic but with heated roof elements acts
    as ``roof_slopes`` from inside, with its own material and thickness
    (:meth:`for_house`): the preset packages' attic measure thus insulates
    the 19 heated roofs of the 108 DPE test files instead of refusing the
    package. The presets' attic resistances (R ≥ 7 m²·K/W) meet the CEE
    BAR-EN-101 threshold for roof slopes (R ≥ 6).

    Parameters
    ----------
    position : {"attic_floor", "roof_slopes"}
    side : {"inside", "outside"}
        Roof slopes only: under the rafters (default) or sarking.
    material : str
        Default ``glass_wool``.
    thickness or target_r
    attic_air_change_rate : float, optional
        [1/h] of the attic after slope insulation (ISO 13789:2017 Table 7:
        10 numerous open joints, 3 some open joints, 1 small openings).
    cost_id : str, optional
        Default ``attic_floor_blown`` (``attic_floor_cellulose`` for
        cellulose), ``roof_slopes_inside`` or ``roof_slopes_outside``.
    finish : str or None
        Inside finish of roof slopes insulated from inside, 12.5 mm
        (default plasterboard).

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> m = RoofInsulation(position="attic_floor", material="cellulose", thickness=0.35)
    >>> round(h.element("ceiling").u, 2), round(m.apply(h).element("ceiling").u, 3)
    (1.8, 0.105)

    A heated roof with a declared U 0.345 W/(m²·K) under 25 cm of glass wool
    (λ 0.035) and plasterboard (0.0125/0.25): 1/(1/0.345 + 7.143 + 0.05):

    >>> roof = rehab.House.from_elements(floor_area=60.0, elements=[
    ...     {"type": "opaque", "kind": "roof", "name": "rampants", "area": 62.0, "u_value": 0.345},
    ...     {"type": "opaque", "kind": "wall", "area": 80.0, "u_value": 1.5}])
    >>> attic = RoofInsulation(material="glass_wool", thickness=0.25)
    >>> attic.for_house(roof).position, round(attic.apply(roof).element("rampants").u, 4)
    ('roof_slopes', 0.0991)
    """

    kind: Literal["roof_insulation"] = "roof_insulation"
    position: Literal["attic_floor", "roof_slopes"] = "attic_floor"
    side: Literal["inside", "outside"] = "inside"
    material: str = "glass_wool"
    attic_air_change_rate: float | None = Field(None, ge=0, le=50)
    finish: str | None = "plasterboard"

    @model_validator(mode="after")
    def _side(self) -> RoofInsulation:
        if self.side == "outside" and self.position != "roof_slopes":
            raise ValueError(
                f"roof_insulation: side 'outside' (sarking) is for position 'roof_slopes', not {self.position!r}"
            )
        if self.finish is not None:
            get_material(self.finish)
        return self

    def describe(self) -> str:
        where = " from outside (sarking)" if self.side == "outside" else ""
        return (f"{self.position.replace('_', ' ')} insulation{where} {self.material} "
                f"{self.insulation_thickness * 100:.0f} cm")

    def for_house(self, house: House) -> RoofInsulation:
        """The measure as it acts on ``house`` (the heated-roof rule of the class docstring).

        An ``attic_floor`` measure on a house without a ceiling under an
        unheated attic but with heated roof elements becomes a
        ``roof_slopes`` measure from inside with the same material,
        thickness and finish (priced ``roof_slopes_inside`` unless its
        ``cost_id`` is a roof-slope one; aid kind ``roof_slopes``). Any
        other case: the measure itself.
        """
        if self.position != "attic_floor" or self._ceilings(house) or not self._roofs(house):
            return self
        cost_id = self.cost_id if self.cost_id and self.cost_id.startswith("roof_slopes") else None
        label = f"{self.label} (on the heated roof)" if self.label else ""
        return self.copy_with(position="roof_slopes", side="inside", cost_id=cost_id, label=label)

    @property
    def _finish_resistance(self) -> float:
        """R of the 12.5 mm inside finish [m²·K/W] (0 from outside or without finish)."""
        if self.side == "outside" or not self.finish:
            return 0.0
        return 0.0125 / get_material(self.finish).conductivity

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
        acting = self.for_house(house)
        if acting is not self:
            return acting.apply(house)
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
                        con = e.construction.with_layer(self._layer(), self.side)
                        if self.finish and self.side == "inside":
                            con = con.with_layer(
                                Layer(material=self.finish, thickness=0.0125), "inside"
                            )
                        e = e.copy_with(construction=con.model_dump())
                    else:
                        # EN ISO 6946:2017 §6.7.1: layers in series, surface resistances already in U
                        r = self.insulation_resistance + self._finish_resistance
                        e = e.copy_with(u_value=1.0 / (1.0 / e.u + r))
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
        acting = self.for_house(house)
        if acting is not self:
            return acting.area(house)
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
            return "roof_slopes_outside" if self.side == "outside" else "roof_slopes_inside"
        return "attic_floor_cellulose" if self.material == "cellulose" else "attic_floor_blown"

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        return ("attic_floor",) if self.position == "attic_floor" else ("roof_slopes",)

    def cost(self, house: House, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        acting = self.for_house(house)
        if acting is not self:
            return acting.cost(house, year)
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


