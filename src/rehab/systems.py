"""Heating and domestic-hot-water systems: from need to delivered energy.

Physics (pure functions on arrays, house axis first, month or hour axis last):

* boiler part-load efficiency by the three-point method (full load Rpn,
  intermediate load Rpint at 30 %, stand-by loss Qp0 at zero load), the
  boiler data of the 3CL-DPE 2021 tables (§13.2) and the method of
  EN 15316-4-1 (boiler efficiency method, three load points);
* heat-pump COP from the source and flow temperatures: the quadratic fits of
  Staffell et al. (2012), "A review of domestic heat pumps", Energy Environ.
  Sci. 5, 9291, doi:10.1039/C2EE22653G (air source
  ``6.81 − 0.121·ΔT + 0.000630·ΔT²`` for 15 ≤ ΔT ≤ 60 K, ground source
  ``8.77 − 0.150·ΔT + 0.000734·ΔT²`` for 20 ≤ ΔT ≤ 60 K), or a Carnot
  fraction; a weather-compensated flow temperature; an hourly seasonal COP
  and a monthly bin equivalent for the monthly method;
* emission, distribution and control losses as the 3CL efficiencies Re, Rd,
  Rr and the intermittence factor (see :mod:`rehab.threecl`);
* DHW need (3CL convention or per occupant) and DHW consumption with storage
  standing losses and a solar-thermal share;
* auxiliaries (circulators, fans) and lighting (3CL).

Models: :class:`HeatingSystem` and :class:`DHWSystem` (pydantic, derived from
:class:`rehab._base.RehabModel`) with named presets
(:func:`heating_system`, :func:`dhw_system`, data in ``data/systems/``,
every default with its source), and :func:`delivered_energy` which returns
the delivered (final) energy per carrier and per use, monthly and annual, for
one house or a batch.

Examples
--------
>>> from rehab import systems, threecl
>>> hs = systems.heating_system("gas-boiler-condensing")
>>> hs.carrier, hs.generation_efficiency
('natural_gas', 1.0)
>>> clim = threecl.climate("H1a")
>>> need = threecl.heating_need(250.0, 90.0, 2.0, clim, "heavy")
>>> dhw = threecl.dhw_need(90.0, clim)
>>> out = systems.delivered_energy(need, dhw, hs, systems.dhw_system("dhw-gas-boiler"),
...                                gv=250.0, area=90.0, ceiling_height=2.5, climate=clim)
>>> sorted(out.annual())
[('electricity', 'auxiliaries'), ('electricity', 'lighting'), ('natural_gas', 'dhw'), ('natural_gas', 'heating')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from pydantic import Field

from . import threecl
from ._base import RehabModel
from ._data import read_csv_records
from .errors import DataError, InputError, UnknownNameError
from .factors import CARRIERS, ghg_factor, primary_energy_factor

__all__ = [
    "DHWSystem",
    "DeliveredEnergy",
    "HeatingSystem",
    "auxiliary_consumption",
    "boiler_part_load_efficiency",
    "delivered_energy",
    "dhw_consumption",
    "dhw_need_per_occupant",
    "dhw_presets",
    "dhw_system",
    "flow_temperature",
    "heat_pump_cop",
    "heat_pump_cop_carnot",
    "heat_pump_monthly_cop",
    "heat_pump_seasonal_cop",
    "heating_presets",
    "heating_system",
    "system_efficiency",
    "tank_standing_loss",
]

HeatingKind = Literal[
    "boiler",
    "direct_electric",
    "heat_pump_air_water",
    "heat_pump_ground",
    "wood_stove",
    "district_heat",
]
DHWKind = Literal["boiler", "electric_tank", "thermodynamic", "instant_gas"]

#: Intermediate load point of the three-point boiler method (30 % of Pn).
BOILER_INTERMEDIATE_LOAD = 0.3

#: Validity range of the Staffell et al. (2012) COP fits [K].
_STAFFELL = {
    "air": (6.81, -0.121, 0.000630, 15.0, 60.0),
    "ground": (8.77, -0.150, 0.000734, 20.0, 60.0),
}


# --------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------


def boiler_part_load_efficiency(
    load_ratio: Any, rpn: Any, rpint: Any, qp0: Any, intermediate: float = BOILER_INTERMEDIATE_LOAD
) -> Any:
    """Boiler efficiency at part load by the three-point method [-].

    Losses are interpolated linearly in the load ratio β between the stand-by
    loss ``P0 = qp0·Pn`` at β = 0, the loss at the intermediate load
    ``β_int·Pn·(1 − Rpint)/Rpint`` (β_int = 0.3) and the full-load loss
    ``Pn·(1 − Rpn)/Rpn``; the efficiency is ``β·Pn/(β·Pn + losses)``
    (EN 15316-4-1, boiler efficiency method; Rpn, Rpint, Qp0 from the
    3CL-DPE 2021 table §13.2). Efficiencies are on the lower heating value
    and may exceed 1 for condensing boilers.

    Parameters
    ----------
    load_ratio : float or array_like
        β = useful heat / (Pn × time) [-], in [0, 1].
    rpn, rpint : float or array_like
        Efficiency at full and at intermediate load [-].
    qp0 : float or array_like
        Stand-by loss at zero load as a share of Pn [-].
    intermediate : float
        Intermediate load ratio (0.3).

    Returns
    -------
    numpy.ndarray
        Efficiency; 0 where β = 0.

    Examples
    --------
    >>> round(float(boiler_part_load_efficiency(0.15, 0.8676, 0.8414, 0.02)), 3)
    0.797
    >>> round(float(boiler_part_load_efficiency(1.0, 0.8676, 0.8414, 0.02)), 4)
    0.8676
    """
    b = np.asarray(load_ratio, dtype=float)
    if np.any(b < 0) or np.any(b > 1.0 + 1e-9):
        raise InputError(f"load_ratio: {load_ratio!r} is outside [0, 1]")
    rpn = np.asarray(rpn, dtype=float)
    rpint = np.asarray(rpint, dtype=float)
    p0 = np.asarray(qp0, dtype=float)
    l_int = intermediate * (1.0 - rpint) / rpint
    l_full = (1.0 - rpn) / rpn
    losses = np.where(
        b <= intermediate,
        p0 + (b / intermediate) * (l_int - p0),
        l_int + (b - intermediate) / (1.0 - intermediate) * (l_full - l_int),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.where(b > 0, b / (b + losses), 0.0)
    return eta


def heat_pump_cop(t_source: Any, t_flow: Any, source: str = "air") -> Any:
    """Heat-pump COP from the source and flow temperatures (Staffell et al. 2012) [-].

    Quadratic fits on manufacturers' data: air source
    ``COP = 6.81 − 0.121·ΔT + 0.000630·ΔT²`` (15 ≤ ΔT ≤ 60 K), ground
    source ``COP = 8.77 − 0.150·ΔT + 0.000734·ΔT²`` (20 ≤ ΔT ≤ 60 K),
    ``ΔT = T_flow − T_source``; ΔT is clipped to the fit's range.
    Staffell, Brett, Brandon, Hawkes, Energy Environ. Sci. 5 (2012) 9291.

    Parameters
    ----------
    t_source : float or array_like
        Outdoor air (air source) or ground/brine (ground source) temperature [°C].
    t_flow : float or array_like
        Flow (sink) temperature [°C].
    source : {"air", "ground"}

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> round(float(heat_pump_cop(7.0, 35.0)), 2)
    3.92
    >>> round(float(heat_pump_cop(0.0, 35.0, "ground")), 2)
    4.42
    """
    if source not in _STAFFELL:
        raise UnknownNameError("heat-pump source", source, tuple(_STAFFELL))
    a, b, c, lo, hi = _STAFFELL[source]
    dt = np.clip(np.asarray(t_flow, dtype=float) - np.asarray(t_source, dtype=float), lo, hi)
    return a + b * dt + c * dt**2


def heat_pump_cop_carnot(t_source: Any, t_flow: Any, carnot_fraction: Any = 0.45) -> Any:
    """Heat-pump COP as a fraction of the Carnot COP [-].

    ``COP = η·(T_flow + 273.15)/(T_flow − T_source)``, with ΔT at least 5 K.
    η ≈ 0.4-0.5 for current air-to-water units (0.45 default: an
    assumption that matches the Staffell fit within about 10 % for flow
    temperatures of 35-55 °C).

    Examples
    --------
    >>> round(float(heat_pump_cop_carnot(7.0, 35.0)), 2)
    4.95
    """
    tf = np.asarray(t_flow, dtype=float)
    dt = np.maximum(tf - np.asarray(t_source, dtype=float), 5.0)
    return np.asarray(carnot_fraction, dtype=float) * (tf + 273.15) / dt


def flow_temperature(
    t_out: Any,
    design_flow: Any = 45.0,
    design_outdoor: Any = -9.0,
    indoor: float = 20.0,
    minimum: float = 25.0,
) -> Any:
    """Weather-compensated flow temperature [°C].

    Linear heating curve from ``design_flow`` at the design outdoor
    temperature (−9 °C, the base temperature of zone H1a below 200 m,
    assumption for northern France) to ``indoor`` at ``indoor`` outdoor
    temperature, not below ``minimum``.

    Examples
    --------
    >>> float(flow_temperature(-9.0)), round(float(flow_temperature(7.0)), 2)
    (45.0, 31.21)
    """
    t = np.asarray(t_out, dtype=float)
    slope = (np.asarray(design_flow, dtype=float) - indoor) / (
        indoor - np.asarray(design_outdoor, dtype=float)
    )
    return np.maximum(indoor + slope * (indoor - t), minimum)


def heat_pump_seasonal_cop(heat: Any, cop: Any) -> Any:
    """Seasonal COP of an hourly (or binned) series: Σ heat / Σ (heat / COP) [-].

    Parameters
    ----------
    heat : array_like
        Heat delivered per time step (time axis last) [any energy unit].
    cop : array_like
        COP per time step.

    Examples
    --------
    >>> round(float(heat_pump_seasonal_cop([1.0, 1.0], [2.0, 4.0])), 3)
    2.667
    """
    q = np.asarray(heat, dtype=float)
    c = np.asarray(cop, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        elec = np.where(q > 0, q / c, 0.0).sum(axis=-1)
        return np.where(elec > 0, q.sum(axis=-1) / elec, 0.0)


def heat_pump_monthly_cop(
    t_out_mean: Any,
    design_flow: Any = 45.0,
    source: str = "air",
    *,
    base: float = 19.0,
    spread: float = 4.0,
    ground_temperature: float = 10.0,
) -> Any:
    """Monthly-bin equivalent COP of a heat pump for the monthly method [-].

    The hours of a month are spread around the monthly mean outdoor
    temperature by a normal distribution (σ = ``spread`` K, an assumption
    representing day-to-day and diurnal variation); each bin (1 K steps,
    ±3σ) delivers heat in proportion to its degree-hours below ``base`` and
    runs at :func:`heat_pump_cop` with the weather-compensated
    :func:`flow_temperature`; the result is the seasonal COP of the bins
    (the bin method of EN 14825 in spirit, with a synthetic distribution).
    Ground-source units see a constant ``ground_temperature`` (10 °C,
    assumption) and only the flow temperature varies.

    Parameters
    ----------
    t_out_mean : float or array_like
        Mean outdoor temperature of each month [°C] (month axis last).
    design_flow : float
        Flow temperature at the design outdoor temperature [°C].
    source : {"air", "ground"}

    Returns
    -------
    numpy.ndarray
        COP per month (same shape as ``t_out_mean``).

    Examples
    --------
    >>> round(float(heat_pump_monthly_cop(5.0)), 2)
    3.68
    """
    t = np.asarray(t_out_mean, dtype=float)
    offsets = np.arange(-3 * spread, 3 * spread + 1e-9, 1.0)
    w = np.exp(-0.5 * (offsets / spread) ** 2)
    w /= w.sum()
    tb = t[..., None] + offsets
    heat = w * np.maximum(base - tb, 0.0)
    tf = flow_temperature(tb, design_flow)
    t_src = tb if source == "air" else np.full_like(tb, ground_temperature)
    cop = heat_pump_cop(t_src, tf, source)
    return heat_pump_seasonal_cop(heat, cop)


def system_efficiency(
    generation: Any, emission: Any = 1.0, distribution: Any = 1.0, regulation: Any = 1.0
) -> Any:
    """Overall heating-system efficiency Rg·Re·Rd·Rr [-] (3CL §9).

    Examples
    --------
    >>> round(float(system_efficiency(0.8, 0.95, 0.88, 0.9)), 4)
    0.6019
    """
    return (
        np.asarray(generation, dtype=float)
        * np.asarray(emission, dtype=float)
        * np.asarray(distribution, dtype=float)
        * np.asarray(regulation, dtype=float)
    )


# --------------------------------------------------------------------------
# DHW, auxiliaries
# --------------------------------------------------------------------------


def dhw_need_per_occupant(
    occupants: Any, t_cold: Any, litres_per_person_day: float = 56.0, days: Any = None
) -> Any:
    """Monthly DHW need from a number of occupants [kWh].

    The 3CL equation (:func:`rehab.threecl.dhw_need_monthly`) with the real
    number of occupants instead of Nadeq: ``1.163·N·V·(40 − Tcold)·days/1000``
    with V = 56 L/day at 40 °C per person (the 3CL value per
    adult-equivalent) by default; ``days`` defaults to the calendar (365 days,
    occupants present all year).

    Examples
    --------
    >>> round(float(dhw_need_per_occupant(3, 10.0, days=31.0)), 1)
    181.7
    """
    if days is None:
        days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)
    if np.any(np.asarray(occupants, dtype=float) < 0):
        raise InputError(f"occupants: {occupants!r} must be >= 0")
    return threecl.dhw_need_monthly(occupants, t_cold, days, litres_per_person_day)


def tank_standing_loss(volume: Any, cr: Any) -> Any:
    """Yearly standing loss of an electric storage tank Qgw (3CL §14) [kWh/yr].

    ``Qgw = 8592·(45/24)·Vs·Cr / 1000`` with Vs in litres and Cr the 3CL
    loss coefficient of the tank class (e.g. 0.22 for a vertical 100-200 L
    category B tank).

    Examples
    --------
    >>> round(float(tank_standing_loss(200.0, 0.22)), 1)
    708.8
    """
    return (
        8592.0
        * 45.0
        / 24.0
        * np.asarray(volume, dtype=float)
        * np.asarray(cr, dtype=float)
        / 1000.0
    )


def dhw_consumption(
    need: Any,
    generation: Any = 1.0,
    distribution: Any = 0.93,
    storage_loss: Any = 0.0,
    solar_share: Any = 0.0,
) -> Any:
    """Delivered energy of a DHW system [kWh].

    ``C = (need·(1 − solar)/Rd + Qgw)/Rg``: the need not covered by solar
    thermal, plus distribution losses and the tank's standing loss, supplied
    by the generator (Rg = COP for a heat-pump water heater).

    Parameters
    ----------
    need : array_like
        DHW need [kWh] (month axis last for monthly values).
    generation, distribution : float or array_like
    storage_loss : float or array_like
        Standing loss over the same period as ``need`` [kWh].
    solar_share : float or array_like
        Share of the need covered by solar thermal [-], in [0, 1].

    Examples
    --------
    >>> round(float(dhw_consumption(1500.0, 1.0, 0.93, 709.0)), 1)
    2321.9
    """
    s = np.asarray(solar_share, dtype=float)
    if np.any(s < 0) or np.any(s > 1):
        raise InputError(f"solar_share: {solar_share!r} must be within [0, 1]")
    g = np.asarray(generation, dtype=float)
    rd = np.asarray(distribution, dtype=float)
    if np.any(g <= 0) or np.any(rd <= 0):
        raise InputError("dhw_consumption: generation and distribution efficiencies must be > 0")
    return (
        np.asarray(need, dtype=float) * (1.0 - s) / rd + np.asarray(storage_loss, dtype=float)
    ) / g


def auxiliary_consumption(power: Any, hours: Any) -> Any:
    """Electricity of auxiliaries (circulators, fans) running ``hours`` [kWh].

    Examples
    --------
    >>> float(auxiliary_consumption(20.0, 5000.0))
    100.0
    """
    return np.asarray(power, dtype=float) * np.asarray(hours, dtype=float) / 1000.0


# --------------------------------------------------------------------------
# Models and presets
# --------------------------------------------------------------------------

#: Plausible ranges (issue 12): an efficiency below 0.05 is no real generator or emitter (the lowest
#: generation efficiency among the 108 ADEME DPE records of tests/data/dpe is 0.22, read 2026-12-06);
#: powers and losses are capped far above any dwelling's (a house boiler is 10-75 kW in those records).
MIN_EFFICIENCY = 0.05
_Eff = Field(ge=MIN_EFFICIENCY, le=1.5)


class HeatingSystem(RehabModel):
    """A heating system: generator, emitters, distribution and control.

    Defaults are the 3CL-DPE 2021 values of the preset it comes from (see
    :func:`heating_system`); a user may override any field.
    """

    name: str = "custom"
    kind: HeatingKind
    carrier: str
    generation_efficiency: float = Field(
        ge=MIN_EFFICIENCY, le=8.0, description="seasonal Rg, or SCOP for heat pumps [-]"
    )
    nominal_power_w: float = Field(
        0.0, ge=0.0, le=1e6, description="boiler nominal power Pn [W] (0 = no part-load model)"
    )
    rpn: float = Field(0.0, ge=0.0, le=1.2)
    rpint: float = Field(0.0, ge=0.0, le=1.2)
    qp0: float = Field(0.0, ge=0.0, le=0.1)
    flow_temperature_c: float = Field(0.0, ge=0.0, le=90.0)
    emission: float = _Eff
    distribution: float = _Eff
    regulation: float = _Eff
    i0: float = Field(gt=0.0, le=1.2, description="3CL intermittence coefficient I0 [-]")
    auxiliary_w: float = Field(
        0.0, ge=0.0, le=1e5, description="auxiliary electric power during heating hours [W]"
    )
    source: str = ""

    def model_post_init(self, __context: Any) -> None:
        if self.carrier not in CARRIERS:
            raise UnknownNameError("energy carrier", self.carrier, CARRIERS)


class DHWSystem(RehabModel):
    """A domestic-hot-water system (generator, tank, distribution, solar share)."""

    name: str = "custom"
    kind: DHWKind
    carrier: str
    generation_efficiency: float = Field(
        ge=MIN_EFFICIENCY, le=8.0, description="Rg, or COP of a heat-pump water heater [-]"
    )
    storage_loss_kwh: float = Field(
        0.0, ge=0.0, le=1e5, description="yearly standing loss of the tank [kWh/yr]"
    )
    distribution: float = Field(0.93, ge=MIN_EFFICIENCY, le=1.0)
    solar_share: float = Field(0.0, ge=0.0, le=1.0)
    source: str = ""

    def model_post_init(self, __context: Any) -> None:
        if self.carrier not in CARRIERS:
            raise UnknownNameError("energy carrier", self.carrier, CARRIERS)


_HEATING_FLOATS = (
    "generation_efficiency",
    "nominal_power_w",
    "rpn",
    "rpint",
    "qp0",
    "flow_temperature_c",
    "emission",
    "distribution",
    "regulation",
    "i0",
    "auxiliary_w",
)


@lru_cache(maxsize=1)
def _heating_rows() -> dict[str, dict[str, Any]]:
    out = {}
    for r in read_csv_records("systems", "heating_presets.csv"):
        try:
            d: dict[str, Any] = {k: float(r[k]) for k in _HEATING_FLOATS}
        except (KeyError, ValueError) as exc:
            raise DataError(
                f"systems/heating_presets.csv: bad row {r.get('name')!r} ({exc})"
            ) from exc
        d.update(name=r["name"], kind=r["kind"], carrier=r["carrier"], source=r["source"])
        out[r["name"]] = d
    return out


@lru_cache(maxsize=1)
def _dhw_rows() -> dict[str, dict[str, Any]]:
    out = {}
    for r in read_csv_records("systems", "dhw_presets.csv"):
        try:
            d: dict[str, Any] = {
                k: float(r[k])
                for k in (
                    "generation_efficiency",
                    "storage_loss_kwh",
                    "distribution",
                    "solar_share",
                )
            }
        except (KeyError, ValueError) as exc:
            raise DataError(f"systems/dhw_presets.csv: bad row {r.get('name')!r} ({exc})") from exc
        d.update(name=r["name"], kind=r["kind"], carrier=r["carrier"], source=r["source"])
        out[r["name"]] = d
    return out


def heating_presets() -> list[str]:
    """Names of the heating-system presets.

    Examples
    --------
    >>> "heat-pump-air-water" in heating_presets()
    True
    """
    return list(_heating_rows())


def dhw_presets() -> list[str]:
    """Names of the DHW-system presets.

    Examples
    --------
    >>> dhw_presets()[:2]
    ['dhw-gas-boiler', 'dhw-electric-tank']
    """
    return list(_dhw_rows())


def heating_system(name: str, **overrides: Any) -> HeatingSystem:
    """A heating-system preset, optionally with fields overridden.

    Presets: ``gas-boiler-old``, ``gas-boiler-condensing``,
    ``fuel-oil-boiler``, ``wood-pellet-boiler``, ``direct-electric``,
    ``heat-pump-air-water``, ``heat-pump-ground``, ``wood-log-stove``,
    ``district-heat`` (``data/systems/heating_presets.csv``, sourced).

    Raises
    ------
    UnknownNameError
        Unknown preset.

    Examples
    --------
    >>> heating_system("heat-pump-air-water").generation_efficiency
    3.2
    >>> heating_system("direct-electric", i0=0.86).i0
    0.86
    """
    rows = _heating_rows()
    if name not in rows:
        raise UnknownNameError("heating-system preset", name, list(rows))
    return HeatingSystem(**{**rows[name], **overrides})


def dhw_system(name: str, **overrides: Any) -> DHWSystem:
    """A DHW-system preset, optionally with fields overridden.

    Presets: ``dhw-gas-boiler``, ``dhw-electric-tank``,
    ``dhw-thermodynamic``, ``dhw-instant-gas``, ``dhw-solar-electric``.

    Examples
    --------
    >>> dhw_system("dhw-thermodynamic").generation_efficiency
    2.5
    """
    rows = _dhw_rows()
    if name not in rows:
        raise UnknownNameError("DHW-system preset", name, list(rows))
    return DHWSystem(**{**rows[name], **overrides})


# --------------------------------------------------------------------------
# Delivered energy per carrier and use
# --------------------------------------------------------------------------


@dataclass
class DeliveredEnergy:
    """Delivered (final) energy per (carrier, use), monthly [kWh].

    ``monthly[(carrier, use)]`` is an array of shape ``(..., 12)`` (house
    axis first). Uses are those of the DPE: heating, dhw, cooling, lighting,
    auxiliaries. Lighting and a yearly auxiliary share are spread evenly over
    the months.
    """

    monthly: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)

    def add(self, carrier: str, use: str, values: Any) -> None:
        v = np.asarray(values, dtype=float)
        key = (carrier, use)
        self.monthly[key] = self.monthly[key] + v if key in self.monthly else v

    def annual(self) -> dict[tuple[str, str], np.ndarray]:
        """Yearly totals per (carrier, use) [kWh/yr]."""
        return {k: v.sum(axis=-1) for k, v in self.monthly.items()}

    def by_carrier(self) -> dict[str, np.ndarray]:
        """Yearly totals per carrier [kWh/yr]."""
        out: dict[str, np.ndarray] = {}
        for (c, _u), v in self.annual().items():
            out[c] = out[c] + v if c in out else v
        return out

    def by_use(self) -> dict[str, np.ndarray]:
        """Yearly totals per use [kWh/yr]."""
        out: dict[str, np.ndarray] = {}
        for (_c, u), v in self.annual().items():
            out[u] = out[u] + v if u in out else v
        return out

    def total(self) -> np.ndarray:
        """Yearly delivered energy, all carriers and uses [kWh/yr]."""
        return sum(self.annual().values())

    def primary(self, date: Any = None) -> np.ndarray:
        """Yearly primary energy with the DPE factors at ``date`` [kWhEP/yr]."""
        return sum(v * primary_energy_factor(c, date) for (c, _u), v in self.annual().items())

    def emissions(
        self, date: Any = None, *, district_heat_factor: float | None = None
    ) -> np.ndarray:
        """Yearly GHG emissions with the DPE factors at ``date`` [kgCO2e/yr]."""
        total = 0.0
        for (c, u), v in self.annual().items():
            uv = district_heat_factor if c == "district_heat" else None
            total = total + v * ghg_factor(c, u, date, user_value=uv)
        return total


def _as_share_list(heating: Any) -> list[tuple[HeatingSystem, float]]:
    if isinstance(heating, HeatingSystem):
        return [(heating, 1.0)]
    if isinstance(heating, str):
        return [(heating_system(heating), 1.0)]
    items = []
    for h in heating:
        if isinstance(h, tuple):
            sys_, share = h
        else:
            sys_, share = h, None
        items.append((heating_system(sys_) if isinstance(sys_, str) else sys_, share))
    if any(s is None for _h, s in items):
        if len(items) != 1:
            raise InputError(
                "heating: give (system, share) pairs when there are several generators"
            )
        items = [(items[0][0], 1.0)]
    total = sum(s for _h, s in items)
    if not np.isclose(total, 1.0):
        raise InputError(f"heating: shares add up to {total:g}; they must add up to 1")
    return [(h, float(s)) for h, s in items]


def _as_dhw_list(dhw: Any) -> list[tuple[DHWSystem, float]]:
    if dhw is None:
        return []
    if isinstance(dhw, (DHWSystem, str)):
        return [(dhw_system(dhw) if isinstance(dhw, str) else dhw, 1.0)]
    items = [(dhw_system(d) if isinstance(d, str) else d, float(sh)) for d, sh in dhw]
    total = sum(sh for _d, sh in items)
    if not np.isclose(total, 1.0):
        raise InputError(f"dhw: shares add up to {total:g}; they must add up to 1")
    return items


def delivered_energy(
    heating_need: Any,
    dhw_need: Any,
    heating: HeatingSystem | str | Sequence[Any],
    dhw: DHWSystem | str | Sequence[Any] | None,
    *,
    gv: Any,
    area: Any,
    ceiling_height: Any = 2.5,
    climate: threecl.ConventionalClimate | None = None,
    lighting: bool = True,
    cooling_kwh: Any = 0.0,
    part_load: bool = False,
) -> DeliveredEnergy:
    """Delivered energy per carrier and use from monthly needs (3CL chain).

    Heating: for each generator, ``share·Bch_j·INT/(Re·Rd·Rr·Rg)`` (3CL
    §9.1) with INT from I0 and G = GV/(Sh·Hsp) (3CL §8); heat pumps use the
    preset SCOP, or with ``part_load=True`` the monthly-bin COP of
    :func:`heat_pump_monthly_cop` on the conventional outdoor temperatures;
    boilers use their seasonal Rg, or with ``part_load=True`` and a nominal
    power the three-point part-load efficiency at each month's load ratio.
    DHW: :func:`dhw_consumption` with the tank loss spread over the months.
    Auxiliaries: ``auxiliary_w`` × heating hours Nref19. Lighting: 3CL §16.

    Parameters
    ----------
    heating_need, dhw_need : array_like
        Monthly needs ``(..., 12)`` [kWh].
    heating : HeatingSystem, preset name, or sequence of (system, share)
    dhw : DHWSystem, preset name, sequence of (system, share) or None
        Several DHW systems share the need (3CL §11.4: 0.5 each for two).
    gv : float or array_like
        Heat-loss coefficient [W/K] (for the intermittence factor).
    area : float or array_like
        Living area [m²].
    ceiling_height : float or array_like
        Mean ceiling height [m].
    climate : ConventionalClimate, optional
        Default: 3CL zone H1a.
    lighting : bool
        Include 3CL lighting.
    cooling_kwh : float or array_like
        Yearly cooling electricity, when the user has one [kWh/yr].
    part_load : bool
        Use the part-load boiler model and the monthly heat-pump COP.

    Returns
    -------
    DeliveredEnergy

    Examples
    --------
    >>> import numpy as np
    >>> need = np.full(12, 1000.0)
    >>> out = delivered_energy(need, np.zeros(12), "direct-electric", None, gv=200.0,
    ...                        area=100.0, ceiling_height=2.5, lighting=False)
    >>> round(float(out.annual()[("electricity", "heating")]), 1)
    10710.9
    """
    clim = climate if climate is not None else threecl.climate("H1a")
    bch = np.asarray(heating_need, dtype=float)
    becs = np.asarray(dhw_need, dtype=float)
    area = np.asarray(area, dtype=float)
    out = DeliveredEnergy()
    nref = clim.nref19
    for hs, share in _as_share_list(heating):
        intermittence = threecl.intermittence_factor(hs.i0, gv, area, ceiling_height)
        intermittence = (
            np.asarray(intermittence)[..., None] if np.ndim(intermittence) else intermittence
        )
        rg: Any = hs.generation_efficiency
        if part_load and hs.kind in ("heat_pump_air_water", "heat_pump_ground"):
            src = "air" if hs.kind == "heat_pump_air_water" else "ground"
            rg = np.where(
                nref > 0, heat_pump_monthly_cop(clim.text, hs.flow_temperature_c or 45.0, src), 1.0
            )
        elif part_load and hs.kind == "boiler" and hs.nominal_power_w > 0:
            with np.errstate(divide="ignore", invalid="ignore"):
                beta = np.where(
                    nref > 0,
                    share * bch * 1000.0 / (hs.nominal_power_w * np.where(nref > 0, nref, 1.0)),
                    0.0,
                )
            beta = np.clip(beta, 0.0, 1.0)
            eta = boiler_part_load_efficiency(beta, hs.rpn, hs.rpint, hs.qp0)
            rg = np.where(beta > 0, eta, 1.0)
        cons = threecl.heating_consumption(
            bch, share, intermittence, hs.emission, hs.distribution, hs.regulation, rg
        )
        out.add(hs.carrier, "heating", cons)
        if hs.auxiliary_w > 0:
            aux = auxiliary_consumption(share * hs.auxiliary_w, nref) * np.ones_like(cons)
            out.add("electricity", "auxiliaries", aux)
    for ds, share in _as_dhw_list(dhw):
        loss = ds.storage_loss_kwh * threecl.DHW_DAYS / threecl.DHW_DAYS.sum()
        out.add(
            ds.carrier,
            "dhw",
            dhw_consumption(
                share * becs, ds.generation_efficiency, ds.distribution, loss, ds.solar_share
            ),
        )
    if lighting:
        ecl = threecl.lighting_consumption(area, threecl.lighting_hours(clim.zone))
        out.add("electricity", "lighting", np.asarray(ecl)[..., None] * np.full(12, 1.0 / 12.0))
    cool = np.asarray(cooling_kwh, dtype=float)
    if np.any(cool > 0):
        out.add("electricity", "cooling", cool[..., None] * np.full(12, 1.0 / 12.0))
    return out
