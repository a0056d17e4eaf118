"""Equipment measures: ventilation, heating, hot water and PV (see :mod:`rehab.retrofit`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from .. import costs as _costs
from ..house import House
from ..systems import DHWSystem, HeatingSystem, dhw_system, heating_system

if TYPE_CHECKING:
    pass

from ._base import CostBreakdown, Measure, _line


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
        """The generator's line; an air-to-water heat pump adds its per-kW line, sized on ``house``
        (:mod:`rehab.costs_heatpump`; :meth:`Package.run` gives the house after the whole package)."""
        from ..costs_heatpump import house_heat_pump_power_kw

        return self.priced(house_heat_pump_power_kw(house) if self.sized else None, year)

    @property
    def sized(self) -> bool:
        """The generator is priced by its power too (an air-to-water heat pump, :mod:`rehab.costs_heatpump`)."""
        from ..costs_heatpump import SIZED_ITEMS

        return self.main_cost_id in SIZED_ITEMS

    def priced(self, kw: float | None, year: Any = _costs.STUDY_YEAR) -> CostBreakdown:
        """The lines of :meth:`cost` for a heat pump of ``kw`` [kW] (None: not sized, one line)."""
        from ..costs_heatpump import SIZED_ITEMS

        main = _line(self.name, self.main_cost_id, 1, year, "heating")
        item = SIZED_ITEMS.get(self.main_cost_id)
        if item is None:
            return CostBreakdown((main,))
        note = f"nominal power = design heat load {kw:.2f} kW (rehab.costs_heatpump)"
        return CostBreakdown((main, _line(self.name, item, kw, year, "heating", note=note)))


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
