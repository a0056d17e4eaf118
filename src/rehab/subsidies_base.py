"""What every aid rule shares: the project context, the result, the dated rule look-up.

:mod:`rehab.subsidies` (the national aids and :func:`rehab.subsidies.eligible_aids`),
:mod:`rehab.subsidies_geste` and :mod:`rehab.subsidies_social` build on this
module; :mod:`rehab.subsidies` re-exports its public names, so
``rehab.subsidies.AidContext`` is this module's class.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ._base import RehabModel
from ._data import read_json
from .finance import as_date

__all__ = ["CLASSES", "HEATING_SYSTEMS", "INCOME_CATEGORIES", "MEASURE_KINDS", "AidContext", "AidResult"]

#: DPE classes, best first.
CLASSES = ("A", "B", "C", "D", "E", "F", "G")

#: Income categories of the Anah (MaPrimeRénov' colours blue, yellow, violet, pink).
INCOME_CATEGORIES = ("tres_modestes", "modestes", "intermediaires", "superieurs")

#: Measure kinds understood by the aid rules (the unit-cost catalogue's measure_kind).
MEASURE_KINDS = (
    "wall_external",
    "wall_internal",
    "attic_floor",
    "roof_slopes",
    "floor",
    "windows",
    "door",
    "airtightness",
    "ventilation",
    "heating",
    "dhw",
    "pv",
    "audit",
    "management",
    "oil_tank_removal",
)

#: Heating systems named in ``heating_before`` / ``heating_after``.
#: The names of rehab's heating presets (``data/systems/heating_presets.csv``)
#: are accepted with hyphens or underscores ("gas-boiler-old" = "gas_boiler_old").
HEATING_SYSTEMS = (
    "gas_boiler_old",
    "gas_boiler_condensing",
    "fuel_oil_boiler",
    "lpg_boiler",
    "coal_boiler",
    "coal_stove",
    "direct_electric",
    "heat_pump_air_water",
    "heat_pump_ground",
    "heat_pump_hybrid",
    "heat_pump_air_air",
    "wood_pellet_boiler",
    "wood_log_stove",
    "district_heat",
)

OwnerType = Literal["owner_occupier", "private_landlord", "social_landlord"]
IncomeCategory = Literal["tres_modestes", "modestes", "intermediaires", "superieurs"]
DpeClass = Literal["A", "B", "C", "D", "E", "F", "G"]


class AidContext(RehabModel):
    """What the aid rules need to know about one project (one dwelling by default).

    Parameters
    ----------
    owner_type : {"owner_occupier", "private_landlord", "social_landlord"}
    income_category : {"tres_modestes", "modestes", "intermediaires", "superieurs"}, optional
        Anah income category of the household (owner-occupier) or landlord.
    class_before, class_after : str
        DPE classes A–G before and after works.
    measures : list of str
        Measure kinds of the package (see :data:`MEASURE_KINDS`).
    cost_ht, cost_ttc : float
        Works cost before / including VAT [EUR] (for all ``dwellings``).
    heating_before, heating_after : str, optional
        Heating systems (see :data:`HEATING_SYSTEMS`).
    date : date, "YYYY-MM-DD" or year, default 2026
        Date of the aid request (a bare year means 1 July).
    cep_before, cep_after : float, optional
        Conventional primary energy [kWhEP/(m²·yr)].
    eges_before : float, optional
        Conventional emissions [kgCO2e/(m²·yr)].
    final_energy_saved_kwh : float, optional
        Annual final-energy saving [kWh/yr] (for the generic CEE valuation).
    cee_kwh_cumac : float, optional
        CEE volume of the operation [kWh cumac], if known.
    dwellings : int, default 1
    region : str, default "hauts-de-france"
    other_grants_eur : float, default 0
        Other public grants (local authority, Action Logement …) [EUR]: they
        count in the écrêtement and reduce what loans finance.
    quantities : dict of str to float, optional
        Quantity of a measure kind for MaPrimeRénov' par geste: insulated
        area [m²] of ``attic_floor`` / ``roof_slopes``, number of
        ``windows`` [-] (for all ``dwellings``).
    ventilation_after, dhw_after : str, optional
        Ventilation system after works (``"balanced"`` = MVHR) and
        domestic-hot-water system (``"dhw-thermodynamic"`` = heat-pump water
        heater), for MaPrimeRénov' par geste.
    living_area_m2 : float, optional
        Living area of one dwelling heated by the heat pump [m²] (the area
        factor of the CEE Coup de pouce of fiches BAR-TH-171/172).
    climate_zone : {"H1", "H2", "H3"}, default "H1"
        CEE climate zone of the dwelling (Hauts-de-France: H1).
    heat_pump_etas : float, optional
        Seasonal space-heating efficiency ηs of the heat pump installed [-]
        (e.g. 1.45 for 145 %); the CEE fiches pay by class of ηs.
    heat_pump_dhw : bool, default False
        The heat pump installed also makes the domestic hot water.
    accompaniment_price_ttc : float, optional
        Price of Mon Accompagnateur Rénov' for the project [EUR TTC]
        (default: the rule's average price, per dwelling).
    erbm : bool, default False
        The dwelling is a social landlord's mining house in an ERBM cité
        operation (Nord–Pas-de-Calais coal basin): counts the ERBM grants.
    """

    owner_type: OwnerType
    income_category: IncomeCategory | None = None
    class_before: DpeClass
    class_after: DpeClass
    measures: list[str] = Field(default_factory=list)
    cost_ht: float = Field(ge=0)
    cost_ttc: float = Field(ge=0)
    heating_before: str | None = None
    heating_after: str | None = None
    date: _dt.date = _dt.date(2026, 7, 1)
    cep_before: float | None = Field(default=None, ge=0)
    cep_after: float | None = Field(default=None, ge=0)
    eges_before: float | None = Field(default=None, ge=0)
    final_energy_saved_kwh: float | None = Field(default=None, ge=0)
    cee_kwh_cumac: float | None = Field(default=None, ge=0)
    dwellings: int = Field(default=1, ge=1)
    region: str = "hauts-de-france"
    other_grants_eur: float = Field(default=0.0, ge=0)
    quantities: dict[str, float] = Field(default_factory=dict)
    ventilation_after: str | None = None
    dhw_after: str | None = None
    living_area_m2: float | None = Field(default=None, gt=0)
    climate_zone: Literal["H1", "H2", "H3"] = "H1"
    heat_pump_etas: float | None = Field(default=None, gt=0)
    heat_pump_dhw: bool = False
    accompaniment_price_ttc: float | None = Field(default=None, ge=0)
    erbm: bool = False

    @field_validator("quantities")
    @classmethod
    def _quantities(cls, v: dict[str, float]) -> dict[str, float]:
        for k, q in v.items():
            if k not in MEASURE_KINDS:
                raise ValueError(f"quantities: unknown measure kind {k!r}; allowed {', '.join(MEASURE_KINDS)}")
            if not q >= 0:
                raise ValueError(f"quantities[{k!r}] = {q!r}: must be >= 0 (m² or count)")
        return v

    @field_validator("ventilation_after", "dhw_after")
    @classmethod
    def _system(cls, v: str | None) -> str | None:
        return None if v is None else v.replace("-", "_")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> _dt.date:
        return as_date(v)

    @field_validator("measures")
    @classmethod
    def _measures(cls, v: list[str]) -> list[str]:
        for m in v:
            if m not in MEASURE_KINDS:
                raise ValueError(f"unknown measure kind {m!r}; allowed {', '.join(MEASURE_KINDS)}")
        return v

    @field_validator("heating_before", "heating_after")
    @classmethod
    def _heating(cls, v: str | None) -> str | None:
        if v is not None:
            v = v.replace("-", "_")
        if v is not None and v not in HEATING_SYSTEMS:
            raise ValueError(f"unknown heating system {v!r}; allowed {', '.join(HEATING_SYSTEMS)}")
        return v

    @model_validator(mode="after")
    def _costs(self) -> AidContext:
        if self.cost_ttc + 1e-9 < self.cost_ht:
            raise ValueError(
                f"cost_ttc ({self.cost_ttc:g} EUR) is below cost_ht ({self.cost_ht:g} EUR)"
            )
        return self

    @property
    def class_gain(self) -> int:
        """Number of DPE classes gained (negative if worse)."""
        return CLASSES.index(self.class_before) - CLASSES.index(self.class_after)


@dataclass(frozen=True)
class AidResult:
    """One aid, applied or not, with the reason.

    Attributes
    ----------
    aid : str
        Aid id (``"maprimerenov_ampleur"``, ``"cee_coup_de_pouce_chauffage"``,
        ``"cee_generic"``, ``"eco_ptz"``, ``"eco_pret_logement_social"``,
        ``"feder"``).
    applied : bool
        Whether it is counted.
    amount_eur : float
        Grant, or the grant-equivalent value of a loan, counted [EUR] (0 if not applied).
    kind : {"grant", "loan"}
    reason : str
        Why it applies (rule, figures) or why not.
    rule : str
        Rule id in the data file ("" if no rule is in force at the date).
    source : str
    confidence : str
        H, M or L (see the data files).
    loan_principal_eur : float
        Loan amount for loans [EUR].
    figures : dict
        Numbers used.
    optional : bool
        An aid counted only on request (FEDER).
    """

    aid: str
    applied: bool
    amount_eur: float
    kind: Literal["grant", "loan"]
    reason: str
    rule: str = ""
    source: str = ""
    confidence: str = ""
    loan_principal_eur: float = 0.0
    figures: dict[str, Any] = field(default_factory=dict)
    optional: bool = False


# --------------------------------------------------------------------------
# rule look-up
# --------------------------------------------------------------------------


@cache
def _file(name: str) -> dict[str, Any]:
    return read_json("subsidies", f"{name}.json")


_IN_FORCE: dict[tuple[int, _dt.date], tuple[list[dict[str, Any]], dict[str, Any] | None]] = {}


def _in_force(rules: list[dict[str, Any]], when: _dt.date) -> dict[str, Any] | None:
    """The rule in force on ``when`` (the latest start), memoised per rule list and date."""
    hit = _IN_FORCE.get((id(rules), when))
    if hit is not None and hit[0] is rules:
        return hit[1]
    out = _in_force_scan(rules, when)
    if len(_IN_FORCE) > 4096:
        _IN_FORCE.clear()
    _IN_FORCE[(id(rules), when)] = (rules, out)
    return out


def _in_force_scan(rules: list[dict[str, Any]], when: _dt.date) -> dict[str, Any] | None:
    ok = []
    for r in rules:
        start = _dt.date.fromisoformat(r["valid_from"])
        end = _dt.date.fromisoformat(r["valid_to"]) if r.get("valid_to") else _dt.date.max
        if start <= when <= end:
            ok.append((start, r))
    return max(ok, key=lambda x: x[0])[1] if ok else None


def _no_rule(aid: str, kind: str, when: _dt.date, rules: list[dict[str, Any]]) -> AidResult:
    spans = ", ".join(f"{r['valid_from']}..{r.get('valid_to') or 'open'}" for r in rules)
    return AidResult(
        aid,
        False,
        0.0,
        kind,  # type: ignore[arg-type]
        f"no {aid} rule in force on {when.isoformat()} in rehab's data (rules cover {spans})",
    )


def _fmt(x: float) -> str:
    return f"{x:,.0f}"


def _posts(measures: list[str], mapping: dict[str, str]) -> list[str]:
    return sorted({mapping[m] for m in measures if m in mapping})
