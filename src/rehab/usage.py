"""Energy use of a house: conventional (3CL) or realistic (prebound effect), with calibration.

Two modes, and every result says which one produced it (``mode`` and
``note`` on the :class:`Consumption`):

* ``mode="conventional"``: the 3CL-DPE chain of :func:`rehab.labels.dpe`
  (19 °C, conventional internal gains, DHW, lighting and auxiliaries, 3CL
  monthly climate). Same numbers as the DPE estimate — an estimate with 3CL
  conventions, not a certified DPE.
* ``mode="realistic"``: what households are likely to use. Occupants of
  badly rated dwellings heat less than the label assumes — lower
  temperatures, fewer rooms heated — and occupants of efficient ones about
  as much or a little more (the *prebound* and *rebound* effects:
  Sunikka-Blank & Galvin 2012, Building Research & Information 40(3)
  260-273). rehab's relation (``data/usage/prebound.csv``, derived from the
  published figures of ``data/usage/prebound_studies.csv``) gives an
  effective set-point and a heated share of the living area as functions of
  the dwelling's conventional heating consumption per m²
  (:func:`realistic_setpoint`, :func:`realistic_heated_share`). The heating
  need is then computed by the physical engine :func:`rehab.simulate` on
  real weather (monthly method by default) at that set-point, scaled by the
  heated share, and goes through the same systems chain as the DPE
  (:func:`rehab.systems.delivered_energy`). DHW comes from the occupants
  when the house declares them (:func:`rehab.systems.dhw_need_per_occupant`,
  56 L/day each), else from the 3CL convention; lighting and auxiliaries
  follow the 3CL convention.

The published figures behind the relation (actual / calculated heating
consumption, "heating intensity"):

=====================  ==============================================  =========
source                 figure                                          intensity
=====================  ==============================================  =========
Cozza et al. 2020 EP   A label −6.2 %, B +12.4 %, G −40.4 % (CH)        0.94, 1.12, 0.60
Cozza et al. 2020 EB   after retrofit +2 % (CH)                         1.02
CAE Focus 103 (2024)   least efficient dwellings about −50 % (FR)       0.50
Res-IRF 3.0            −0.191·ln(income share) + 0.1105 (FR, Phébus)    0.94 (A) … 0.48 (G)
Sunikka-Blank 2012     German stock on average −30 %                    0.70
=====================  ==============================================  =========

The Res-IRF 3.0 function (CIRED, after Cayla & Osso 2013, EDF R&D — the
line of work of Cayla, Allibe & Laurent 2010 on French households' heating
behaviour) is evaluated at its reference household (85 m², 30,000 €/yr) and
the January 2026 CRE gas price. The split of the intensity between a lower
set-point (1 K at most, in G dwellings) and a heated share uses ADEME's
7 % of heating energy per kelvin (:data:`SETPOINT_SENSITIVITY`); the split is
an assumption, the intensity is what the studies measure.

**Calibration.** With ``observed=`` (annual consumption per carrier, in kWh
or in € of the bill), the space-heating part of the realistic result is
multiplied by one factor so that the modelled consumption of the observed
heating carrier(s) equals the observation (:func:`calibration_factor`).
Only space heating is scaled: it is the use whose behaviour and weather
vary most, while DHW, lighting and auxiliaries are small and conventional;
the figure to give is the annual total of the carrier (bill), the other
modelled uses of that carrier are subtracted first, and uses the model does
not cover (appliances, cooking) can be declared with ``unmodelled_kwh=``.
Euro amounts are converted with :func:`rehab.finance.tariff` at the date
(subscription removed, base option, 6 kVA for electricity).

**Carrying a calibration to a retrofitted variant** (``calibration=`` a
previous :class:`Consumption` or a factor): the realistic relation already
re-derives the set-point and heated share from the variant's efficiency, so
the comfort take-back after a retrofit (rebound) is in the model; the
carried factor keeps only the household's own deviation from typical
behaviour, and is capped to :data:`CALIBRATION_CAP` (0.5–2.0; assumption: a
wider deviation more likely comes from vacancy, a second heater or a wrong
meter reading than from a lasting habit).

Examples
--------
>>> import rehab
>>> from rehab import usage
>>> h = rehab.archetypes.get("coron-mid-terrace")
>>> conv = usage.consumption(h, mode="conventional", date="2026-06-01")
>>> conv.mode, conv.setpoint_c, conv.heated_share, conv.calibration_factor
('conventional', 19.0, 1.0, 1.0)
>>> real = usage.consumption(h, mode="realistic", date="2026-06-01")
>>> real.mode, real.setpoint_c, round(real.heated_share, 3)
('realistic', 18.4, 0.588)
>>> real.final_kwh < conv.final_kwh
True
>>> cal = usage.consumption(h, mode="realistic", date="2026-06-01",
...                         observed={"natural_gas": "1200 EUR"})
>>> round(cal.by_carrier_kwh["natural_gas"], 1)   # (1200 - 343.90) / 0.10192
8399.7
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from . import labels, systems, threecl
from .errors import InputError, UnitError, UnknownNameError
from .factors import CARRIERS, parse_date
from .house import House
from .prebound import (
    CALIBRATION_CAP,
    SETPOINT_SENSITIVITY,
    calibration_factor,
    carried_calibration,
    heating_intensity,
    prebound_table,
    realistic_heated_share,
    realistic_setpoint,
    realistic_settings,
    resirf_heating_intensity,
    resirf_income_share,
)
from .units import to_si

if TYPE_CHECKING:
    import pandas as pd

    from .weather import Weather

__all__ = [
    "CALIBRATION_CAP",
    "CONVENTIONAL_NOTE",
    "CONVENTIONAL_SETPOINT",
    "MODES",
    "SETPOINT_SENSITIVITY",
    "Consumption",
    "calibration_factor",
    "carried_calibration",
    "consumption",
    "heating_intensity",
    "observed_kwh",
    "prebound_table",
    "realistic_heated_share",
    "realistic_setpoint",
    "resirf_heating_intensity",
    "resirf_income_share",
]

#: The two modes of :func:`consumption`.
MODES: tuple[str, ...] = ("conventional", "realistic")

#: Note carried by every conventional result.
CONVENTIONAL_NOTE = (
    "Conventional use (mode='conventional'): estimate with 3CL conventions, not a certified DPE."
)

#: Conventional heating set-point of the 3CL-DPE method [°C] (DH19).
CONVENTIONAL_SETPOINT = 19.0

_J_PER_KWH = 3.6e6


# --------------------------------------------------------------------------
# Observed consumptions (boundary)
# --------------------------------------------------------------------------

_EUR = re.compile(
    r"^\s*([-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?)\s*(?:eur|euro|euros|€)"
    r"\s*(?:/\s*(?:yr|year|a|an))?\s*$",
    re.IGNORECASE,
)


def _to_kwh(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise UnitError(name, value, "kWh", "a boolean is not a consumption")
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        if not np.isfinite(v):
            raise InputError(f"{name}: {value!r} kWh/yr is not a finite number")
        if v < 0:
            raise InputError(
                f"{name}: {value!r} kWh/yr is negative; give the annual consumption (>= 0) "
                "in kWh, as an energy ('14 MWh') or as a bill ('1650 EUR')"
            )
        return v
    return float(to_si(value, "kWh", name, ge=0))


def observed_kwh(observed: Mapping[str, Any], date: Any = None) -> dict[str, float]:
    """Annual consumptions per carrier in kWh from kWh, energies or euros.

    Parameters
    ----------
    observed : mapping of carrier to value
        Carrier names of :data:`rehab.factors.CARRIERS`; a value is a number
        (kWh/yr), an energy (``"14 MWh"``, a pint Quantity) or a bill in
        euros (``"1650 EUR"``, ``"1650 €"``, VAT included), converted with the
        tariff of :func:`rehab.finance.tariff` at ``date``: subscription
        removed, then divided by the energy price (base option, 6 kVA for
        electricity).
    date : str or date, optional
        Date of the prices (default today).

    Returns
    -------
    dict of str to float
        [kWh/yr].

    Raises
    ------
    UnknownNameError
        Unknown carrier.
    UnitError
        A value in a unit that is not an energy or euros.
    InputError
        A negative value, a bill not above the subscription, or a date
        without prices.

    Examples
    --------
    >>> observed_kwh({"natural_gas": 14000, "electricity": "2.5 MWh"})
    {'natural_gas': 14000.0, 'electricity': 2500.0}
    >>> round(observed_kwh({"natural_gas": "1650 EUR"}, "2026-06-01")["natural_gas"], 1)
    12815.0
    """
    from . import finance

    if not isinstance(observed, Mapping):
        raise InputError(
            f"observed: {observed!r} is not a mapping; give {{carrier: annual consumption}}, "
            "e.g. {'natural_gas': 14000} or {'natural_gas': '1650 EUR'}"
        )
    out: dict[str, float] = {}
    for carrier, value in observed.items():
        if carrier not in CARRIERS:
            raise UnknownNameError("energy carrier", carrier, CARRIERS)
        name = f"observed[{carrier!r}]"
        m = _EUR.match(value) if isinstance(value, str) else None
        if m is None:
            out[carrier] = _to_kwh(value, name)
            continue
        eur = float(m.group(1).replace(",", "."))
        if eur < 0:
            raise InputError(f"{name}: {value!r} is negative; give the annual bill (> 0) in EUR")
        tar = finance.tariff(carrier, parse_date(date))
        sub = tar.subscription_eur_per_yr
        price = float(tar.energy_price())
        if eur <= sub:
            raise InputError(
                f"{name}: {value!r} is not above the {carrier} subscription of {sub:.2f} EUR/yr "
                f"in force at {parse_date(date).isoformat()}; give the whole annual bill "
                "(subscription included) or the consumption in kWh"
            )
        out[carrier] = (eur - sub) / price
    return out


# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


@dataclass
class Consumption:
    """Annual energy use of one house (floats) or a list of houses (arrays).

    Attributes
    ----------
    mode : {"conventional", "realistic"}
        Which mode produced the result.
    note : str
        What the numbers are (conventional: "estimate with 3CL conventions,
        not a certified DPE"; realistic: the behaviour used, and the
        calibration if any).
    names : list of str
    date : datetime.date
        Evaluation date of the primary-energy and GHG factors (and of the
        prices used to convert euros).
    floor_area_m2 : float or ndarray
        Living area [m²].
    heating_need_kwh : float or ndarray
        Space-heating need [kWh/yr] (realistic: at the realistic set-point,
        times the heated share, times the calibration factor).
    heating_need_monthly_kwh : ndarray
        Per month [kWh], shape (12,) or (n, 12).
    dhw_need_kwh : float or ndarray
        DHW need [kWh/yr].
    delivered_kwh : dict of (carrier, use) to float or ndarray
        Delivered (final) energy [kWh/yr].
    by_carrier_kwh : dict of carrier to float or ndarray
        Delivered energy per carrier, all uses [kWh/yr].
    final_kwh : float or ndarray
        Total delivered energy [kWh/yr].
    primary_kwh : float or ndarray
        Primary energy with the DPE factors at ``date`` [kWhEP/yr].
    co2_kg : float or ndarray
        Emissions with the DPE factors at ``date`` [kgCO2e/yr].
    setpoint_c : float or ndarray
        Heating set-point used [°C] (19 in the conventional mode).
    heated_share : float or ndarray
        Share of the living area heated [-] (1 in the conventional mode).
    calibration_factor : float or ndarray
        Factor applied to space heating [-] (1 when none).
    efficiency_kwh_m2 : float or ndarray
        Conventional (3CL) delivered heating energy per m² that drives the
        realistic behaviour [kWh/(m²·yr)].
    observed_kwh : dict, list of dict or None
        The observed consumptions used for calibration, in kWh/yr.
    settings : dict
        Options used (method, weather, zone …).
    """

    mode: str
    note: str
    names: list[str]
    date: _dt.date
    floor_area_m2: Any
    heating_need_kwh: Any
    heating_need_monthly_kwh: Any
    dhw_need_kwh: Any
    delivered_kwh: dict[tuple[str, str], Any]
    by_carrier_kwh: dict[str, Any]
    final_kwh: Any
    primary_kwh: Any
    co2_kg: Any
    setpoint_c: Any
    heated_share: Any
    calibration_factor: Any
    efficiency_kwh_m2: Any
    observed_kwh: Any = None
    settings: dict[str, Any] = field(default_factory=dict)

    UNITS: ClassVar[dict[str, str]] = {
        "floor_area_m2": "m²",
        "heating_need_kwh": "kWh/yr",
        "dhw_need_kwh": "kWh/yr",
        "final_kwh": "kWh/yr",
        "primary_kwh": "kWhEP/yr",
        "co2_kg": "kgCO2e/yr",
        "setpoint_c": "°C",
        "heated_share": "-",
        "calibration_factor": "-",
        "efficiency_kwh_m2": "kWh/(m²·yr)",
    }

    def to_frame(self) -> pd.DataFrame:
        """One row per house: the annual figures and the delivered energy per carrier."""
        import pandas as pd

        data: dict[str, Any] = {"mode": [self.mode] * len(self.names)}
        for k in self.UNITS:
            data[k] = np.atleast_1d(getattr(self, k))
        for c, v in sorted(self.by_carrier_kwh.items()):
            data[f"{c}_kwh"] = np.atleast_1d(v)
        df = pd.DataFrame(data, index=pd.Index(self.names, name="house"))
        df.attrs["units"] = dict(self.UNITS)
        df.attrs["note"] = self.note
        return df

    def __str__(self) -> str:
        if np.ndim(self.final_kwh) == 0:
            head = (
                f"{self.names[0]} ({self.mode}, {self.date.isoformat()}): final "
                f"{self.final_kwh:.0f} kWh/yr, primary {self.primary_kwh:.0f} kWhEP/yr, "
                f"{self.co2_kg:.0f} kgCO2e/yr"
            )
        else:
            head = f"{len(self.names)} houses ({self.mode}, {self.date.isoformat()})"
        return f"{head}. {self.note}"


# --------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------


def _per_house(value: Any, n: int, single: bool, name: str) -> list[Any]:
    if value is None:
        return [None] * n
    if single:
        return [value]
    if isinstance(value, Consumption):
        return [value]
    if isinstance(value, (Mapping, str, int, float, np.number)):
        raise InputError(
            f"{name}: give one entry per house (a list of {n}) when several houses are given"
        )
    items = list(value)
    if len(items) != n:
        raise InputError(f"{name}: {len(items)} entries for {n} houses")
    return items


def _factor_from(value: Any, i: int, n: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, Consumption):
        f = np.atleast_1d(value.calibration_factor)
        if f.size == 1:
            return float(f[0])
        if f.size != n:
            raise InputError(
                f"calibration: the previous result has {f.size} houses, this run {n}; "
                "give one factor per house"
            )
        return float(f[i])
    f = to_si(value, "dimensionless", "calibration", gt=0)
    return float(f)


def _broadcast(value: Any, n: int, unit: str, name: str, **bounds: float) -> list[float | None]:
    if value is None:
        return [None] * n
    if isinstance(value, (str, int, float, np.number)) or np.ndim(value) == 0:
        v = to_si(value, unit, name, **bounds)
        return [float(v)] * n
    items = list(value)
    if len(items) != n:
        raise InputError(f"{name}: {len(items)} values for {n} houses")
    return [float(to_si(x, unit, name, **bounds)) for x in items]


def realistic_need_monthly(zones: Any, climate: Any, setpoints: Sequence[float], *,
                           wall_cache: Any = None) -> np.ndarray:
    """Monthly heating need [kWh] of a batch, each house at its own constant set-point.

    The monthly method of ISO 13790:2008 (§12–13, :func:`rehab.demand.monthly.simulate_monthly`)
    on the engine batch of :func:`rehab.simulation.build_batch`, one schedule
    row per distinct set-point: what :func:`consumption` computes house by
    house with ``rehab.simulate(method="monthly", setpoint=s)``.

    Parameters
    ----------
    zones : rehab.demand.zones.ThermalZones
        The houses (n).
    climate : ZoneClimate or MonthlyClimate
        Their climate (its cooling schedule is kept, the heating one replaced).
    setpoints : sequence of float
        Heating set-point of each house [°C].
    wall_cache : rehab.demand.solar_gains.WallSumCache, optional
        Monthly sums of the hourly-film walls kept between calls on the same
        irradiance buffer (:func:`rehab.demand.monthly.simulate_monthly`).

    Returns
    -------
    numpy.ndarray
        (n, 12) [kWh].
    """
    from dataclasses import replace

    from .demand.monthly import simulate_monthly
    from .demand.zones import MonthlyClimate, ZoneClimate

    m = climate.monthly() if isinstance(climate, ZoneClimate) else climate
    if not isinstance(m, MonthlyClimate):
        raise InputError(f"climate: expected a ZoneClimate or MonthlyClimate, got {type(climate).__name__}")
    uniq, inv = np.unique(np.asarray(setpoints, dtype=float), return_inverse=True)
    k = len(uniq)
    m2 = replace(
        m,
        theta_h_set=np.repeat(uniq[:, None], 12, axis=1),
        f_h_on=np.ones((k, 12)),
        theta_c_set=np.repeat(m.theta_c_set[:1], k, axis=0),
        f_c_on=np.repeat(m.f_c_on[:1], k, axis=0),
    )
    z2 = replace(zones, sched_idx=inv.astype(zones.sched_idx.dtype))
    return simulate_monthly(z2, m2, wall_cache=wall_cache).heating_need_monthly / 3.6e6


def dhw_need_realistic(occupants: Sequence[Any], area: Any, climate: threecl.ConventionalClimate) -> np.ndarray:
    """Monthly DHW need of the realistic mode [kWh] (n, 12), what :func:`consumption` uses:
    from the occupants where the house declares them (:func:`rehab.systems.dhw_need_per_occupant`;
    None = not declared), else the 3CL convention on the living area (:func:`rehab.threecl.dhw_need`).

    Examples
    --------
    >>> from rehab.threecl import climate
    >>> d = dhw_need_realistic([None, 3], [70.0, 70.0], climate("H1a"))
    >>> d.shape, bool(d[1].sum() > d[0].sum())
    ((2, 12), True)
    """
    area = np.atleast_1d(np.asarray(area, dtype=float))
    occ = np.array([np.nan if o is None else float(o) for o in occupants], dtype=float)
    out = np.asarray(threecl.dhw_need(area, climate), dtype=float).reshape(len(area), 12)
    known = np.isfinite(occ)
    if np.any(known):
        out[known] = np.asarray(systems.dhw_need_per_occupant(occ[known], climate.t_cold), dtype=float)
    return out


def _heating_total(annual: Mapping[tuple[str, str], Any]) -> float:
    return float(sum(v for (_c, u), v in annual.items() if u == "heating"))


def _calibrate(
    annual: Mapping[tuple[str, str], float],
    obs: Mapping[str, float],
    unmodelled: Mapping[str, float],
    name: str,
) -> tuple[float, list[str], list[str]]:
    carriers = sorted({c for c, _u in annual})
    heat = {c: float(v) for (c, u), v in annual.items() if u == "heating" and v > 0}
    other: dict[str, float] = {}
    for (c, u), v in annual.items():
        if u != "heating":
            other[c] = other.get(c, 0.0) + float(v)
    for c, v in unmodelled.items():
        if c not in obs:
            raise InputError(
                f"unmodelled_kwh[{c!r}]: {v:g} kWh/yr given but {c} is not observed; "
                f"observed carriers: {', '.join(obs) or 'none'}"
            )
    used, ignored = [], []
    for c in obs:
        if c not in carriers:
            raise InputError(
                f"observed[{c!r}]: {obs[c]:.0f} kWh/yr given, but house {name!r} uses no {c} in "
                f"the model (its carriers: {', '.join(carriers)}); observe the carriers the house "
                "uses, or give its heating system (heating=, dhw=)"
            )
        (used if c in heat else ignored).append(c)
    if not used:
        raise InputError(
            f"observed: none of {', '.join(obs)} supplies space heating in house {name!r} "
            f"(heating carriers: {', '.join(heat) or 'none'}); the calibration scales the "
            "space-heating part"
        )
    o = sum(obs[c] for c in used)
    other_used = sum(other.get(c, 0.0) + unmodelled.get(c, 0.0) for c in used)
    h = sum(heat[c] for c in used)
    if o <= other_used:
        raise InputError(
            f"observed: {o:.0f} kWh/yr of {', '.join(used)} is not above the modelled "
            f"non-heating use of the same carrier(s) ({other_used:.0f} kWh/yr: DHW, lighting, "
            "auxiliaries and unmodelled_kwh); nothing is left for space heating"
        )
    return calibration_factor(o, h, other_used), used, ignored


def _scaled(out: systems.DeliveredEnergy, k: float) -> systems.DeliveredEnergy:
    res = systems.DeliveredEnergy()
    for (c, u), v in out.monthly.items():
        res.add(c, u, v * k if u == "heating" else v)
    return res


def _row_from_delivered(
    out: systems.DeliveredEnergy, d: _dt.date, district_heat_factor: float | None
) -> dict[str, Any]:
    annual = {k: float(v) for k, v in out.annual().items()}
    by_c = {k: float(v) for k, v in out.by_carrier().items()}
    return {
        "delivered": annual,
        "by_carrier": by_c,
        "final": float(out.total()),
        "primary": float(out.primary(d)),
        "co2": float(out.emissions(d, district_heat_factor=district_heat_factor)),
    }


def consumption(
    houses: House | Sequence[House],
    *,
    mode: str = "conventional",
    date: Any = None,
    weather: Weather | None = None,
    observed: Any = None,
    calibration: Any = None,
    unmodelled_kwh: Any = None,
    method: str = "monthly",
    zone: str | None = None,
    heating: Any = None,
    dhw: Any = None,
    setpoint: Any = None,
    heated_share: Any = None,
    internal_gains: Any = "conventional",
    district_heat_factor: float | None = None,
) -> Consumption:
    """Annual energy use of one house or a list of houses, conventional or realistic.

    Parameters
    ----------
    houses : House or sequence of House
        One house gives floats; a list gives arrays in the same order.
    mode : {"conventional", "realistic"}
        3CL conventions (the numbers of :func:`rehab.labels.dpe`), or the
        realistic behaviour of the prebound relation (see the module
        docstring).
    date : str, date or datetime, optional
        Evaluation date (default today) of the primary-energy and GHG
        factors (electricity PEF 2.3 / 1.9 / 1.7) and of the prices used to
        convert euros.
    weather : Weather, optional
        Realistic mode: weather of the physical engine (default
        :func:`rehab.weather.default`, Uccle TMYx, proxy for
        Loos-en-Gohelle).
    observed : mapping or list of mappings, optional
        Realistic mode: annual consumption per carrier (kWh, an energy, or
        euros of the bill, see :func:`observed_kwh`) to calibrate the space
        heating to; one mapping per house for a list.
    calibration : Consumption, float or list, optional
        Realistic mode: a calibration factor carried from a previous result
        of the same house (e.g. before retrofit), capped to
        :data:`CALIBRATION_CAP`.
    unmodelled_kwh : mapping or list of mappings, optional
        Part of the observed consumption spent on uses the model does not
        cover (appliances, cooking) per carrier [kWh/yr]; subtracted before
        calibrating.
    method : {"monthly", "hourly"}
        Engine of :func:`rehab.simulate` in the realistic mode.
    zone : str, optional
        3CL climate zone (default the house's).
    heating, dhw : optional
        Systems, as for :func:`rehab.labels.dpe` (default the house's or
        its archetype's).
    setpoint : float, str or list, optional
        Realistic mode: replace the relation's set-point [°C].
    heated_share : float or list, optional
        Realistic mode: replace the relation's heated share [-], in (0, 1].
    internal_gains : "conventional" or float
        Realistic mode: internal gains of the physical engine [W].
    district_heat_factor : float, optional
        GHG factor of the heat network [kgCO2e/kWh] (district heat only).

    Returns
    -------
    Consumption

    Raises
    ------
    UnknownNameError
        Unknown mode or carrier.
    InputError
        Calibration options in the conventional mode, observed carriers the
        house does not use, observed values below the non-heating uses, bad
        numbers.
    UnitError
        An observed value in a unit that is neither an energy nor euros.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> c = consumption(h, mode="realistic", date="2026-06-01", observed={"natural_gas": 14000})
    >>> round(c.by_carrier_kwh["natural_gas"], 6), round(c.calibration_factor, 3)
    (14000.0, 1.138)
    >>> c.note.startswith("Realistic use")
    True
    """
    if mode not in MODES:
        raise UnknownNameError("consumption mode", mode, MODES)
    single = isinstance(houses, House)
    seq = [houses] if single else list(houses)
    if not seq:
        raise InputError("consumption: no house given")
    for i, h in enumerate(seq):
        if not isinstance(h, House):
            raise InputError(f"consumption: item {i} is a {type(h).__name__}, not a rehab.House")
    n = len(seq)
    d = parse_date(date)
    if mode == "conventional":
        for name, val in (
            ("observed", observed),
            ("calibration", calibration),
            ("unmodelled_kwh", unmodelled_kwh),
            ("setpoint", setpoint),
            ("heated_share", heated_share),
        ):
            if val is not None:
                raise InputError(
                    f"{name}: only used with mode='realistic'; the conventional mode keeps the "
                    "3CL conventions (19 °C, whole dwelling, no calibration)"
                )
    if observed is not None and calibration is not None:
        raise InputError(
            "observed and calibration: give one of them (observed= computes a new factor, "
            "calibration= carries a previous one)"
        )
    if method not in ("monthly", "hourly"):
        raise InputError(f"method: {method!r} is not 'monthly' or 'hourly'")
    obs_list = _per_house(observed, n, single, "observed")
    unm_list = _per_house(unmodelled_kwh, n, single, "unmodelled_kwh")
    cal_list = _per_house(calibration, n, single, "calibration")
    if len(cal_list) == 1 and n > 1:
        cal_list = cal_list * n
    sp_over = _broadcast(setpoint, n, "degC", "setpoint", ge=5, le=30)
    hs_over = _broadcast(heated_share, n, "dimensionless", "heated_share", gt=0, le=1)

    estimates = [
        labels.dpe(h, d, zone, heating=heating, dhw=dhw, district_heat_factor=district_heat_factor)
        for h in seq
    ]
    area = np.array([float(h.floor_area) for h in seq])
    eff = np.array(
        [_heating_total(e.delivered_kwh) / a for e, a in zip(estimates, area, strict=True)]
    )
    settings: dict[str, Any] = {"zone": [e.zone for e in estimates]}

    rows: list[dict[str, Any]] = []
    if mode == "conventional":
        for e, a in zip(estimates, area, strict=True):
            rows.append(
                {
                    "delivered": dict(e.delivered_kwh),
                    "by_carrier": _by_carrier(e.delivered_kwh),
                    "final": float(sum(e.delivered_kwh.values())),
                    "primary": e.cep * a,
                    "co2": e.eges * a,
                    "need": e.heating_need_kwh,
                    "need_m": np.asarray(e.heating_need_monthly_kwh, dtype=float),
                    "dhw": e.dhw_need_kwh,
                    "setpoint": CONVENTIONAL_SETPOINT,
                    "share": 1.0,
                    "k": 1.0,
                    "obs": None,
                }
            )
        note = CONVENTIONAL_NOTE
    else:
        from .simulation import simulate
        from .weather import default

        w = weather if weather is not None else default()
        sp_rel, hs_rel = realistic_settings(eff)
        sps = [round(float(s), 1) if s is not None else r for s, r in zip(sp_over, sp_rel, strict=True)]
        shares = [float(s) if s is not None else r for s, r in zip(hs_over, hs_rel, strict=True)]
        if method == "monthly":  # one batch, each house at its set-point (what the programme computes)
            need_phys = _realistic_monthly(seq, w, sps, internal_gains)
        else:
            groups: dict[float, list[int]] = {}
            for i, s in enumerate(sps):
                groups.setdefault(s, []).append(i)
            need_phys = np.zeros((n, 12))
            for s, idx in groups.items():
                r = simulate(
                    [seq[i] for i in idx],
                    weather=w,
                    method=method,
                    setpoint=s,
                    internal_gains=internal_gains,
                )
                need_phys[idx] = np.atleast_2d(r.heating_need_monthly_kwh)
        settings.update(method=method, weather=getattr(w, "name", "weather"))
        cal_notes: list[str] = []
        for i, (h, e) in enumerate(zip(seq, estimates, strict=True)):
            clim = e.details["climate"]
            need_m = shares[i] * need_phys[i]
            dhw_m = dhw_need_realistic([h.occupants], [area[i]], clim)[0]
            out = systems.delivered_energy(
                need_m,
                dhw_m,
                e.details["heating"],
                e.details["dhw"],
                gv=e.details["gv_w_per_k"],
                area=area[i],
                ceiling_height=e.details["ceiling_height_m"],
                climate=clim,
            )
            k, obs, msg = _household_calibration(obs_list[i], unm_list[i], cal_list[i], i, n, out, d, h.name)
            if msg:
                cal_notes.append(msg)
            if k != 1.0:
                out = _scaled(out, k)
                need_m = need_m * k
            row = _row_from_delivered(out, d, district_heat_factor)
            row.update(
                need=float(need_m.sum()),
                need_m=need_m,
                dhw=float(np.sum(dhw_m)),
                setpoint=sps[i],
                share=shares[i],
                k=float(k),
                obs=obs,
            )
            rows.append(row)
        note = _realistic_note(single, sps, shares, method, settings["weather"], cal_notes, rows)
    return _assemble(rows, seq, single, mode, note, d, area, eff, settings)


def _realistic_monthly(seq: Sequence[House], weather: Any, setpoints: Sequence[float],
                       internal_gains: Any) -> np.ndarray:
    """Monthly heating need [kWh] (n, 12) of houses each at its own set-point: one batch
    (:func:`rehab.simulation.build_batch`, ``internal_gains`` checked as by
    :func:`rehab.simulate`) and :func:`realistic_need_monthly`, equal to
    ``rehab.simulate(houses, method="monthly", setpoint=s)`` per set-point."""
    from .simulation import build_batch
    from .simulation_base import control_options
    from .table import HouseTable

    ig = control_options(19.0, None, None, None, internal_gains, (22, 6))[4]
    zones, climate = build_batch(HouseTable.from_houses(list(seq)), weather, internal_gains=ig)
    return realistic_need_monthly(zones, climate, setpoints)


def _household_calibration(obs_i: Any, unm_i: Any, cal_i: Any, i: int, n: int, out: systems.DeliveredEnergy,
                           d: _dt.date, name: str) -> tuple[float, Any, str | None]:
    """Calibration factor of one house on space heating: from its observed consumption
    (minus the declared unmodelled uses), or carried from a previous result (capped), else 1;
    with the observation in kWh and a note."""
    if obs_i is not None:
        obs = observed_kwh(obs_i, d)
        unm = {}
        if unm_i is not None:
            if not isinstance(unm_i, Mapping):
                raise InputError(f"unmodelled_kwh: {unm_i!r} is not a mapping of carrier to kWh/yr")
            unm = {c: _to_kwh(v, f"unmodelled_kwh[{c!r}]") for c, v in unm_i.items()}
        annual = {key: float(v) for key, v in out.annual().items()}
        k, used, ignored = _calibrate(annual, obs, unm, name)
        msg = f"calibrated to the observed {', '.join(used)} consumption: factor {k:.3f} on space heating"
        if ignored:
            msg += f" ({', '.join(ignored)} observed but not used: no space heating on it)"
        if not CALIBRATION_CAP[0] <= k <= CALIBRATION_CAP[1]:
            msg += (
                f"; the factor is outside {CALIBRATION_CAP[0]}-{CALIBRATION_CAP[1]}: check "
                "the observation (vacancy, second heater, meter reading)"
            )
        return k, obs, msg
    if unm_i is not None:
        raise InputError("unmodelled_kwh: only used together with observed=")
    f = _factor_from(cal_i, i, n)
    if f is None:
        return 1.0, None, None
    k = carried_calibration(f)
    return k, None, (f"calibration factor {k:.3f} carried from a previous result "
                     f"(capped to {CALIBRATION_CAP[0]}-{CALIBRATION_CAP[1]})")


def _realistic_note(single: bool, sps: list[float], shares: list[float], method: str, weather: str,
                    cal_notes: list[str], rows: list[dict[str, Any]]) -> str:
    """The sentence saying how a realistic result was made."""
    if single:
        note = (
            f"Realistic use (mode='realistic'): effective set-point {sps[0]:.1f} °C on "
            f"{shares[0]:.0%} of the living area (rehab's prebound relation, "
            f"data/usage/prebound.csv), heating need by rehab.simulate ({method}, "
            f"{weather}); an estimate of actual consumption, not a DPE."
        )
    else:
        note = (
            "Realistic use (mode='realistic'): set-point and heated share per house from "
            "rehab's prebound relation (data/usage/prebound.csv, see setpoint_c and "
            f"heated_share), heating need by rehab.simulate ({method}, "
            f"{weather}); an estimate of actual consumption, not a DPE."
        )
    if cal_notes:
        note += (
            " " + cal_notes[0][0].upper() + cal_notes[0][1:] + "."
            if single
            else f" Calibrated houses: {sum(r['k'] != 1.0 for r in rows)} (see calibration_factor)."
        )
    return note


def _by_carrier(delivered: Mapping[tuple[str, str], float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for (c, _u), v in delivered.items():
        out[c] = out.get(c, 0.0) + float(v)
    return out


def _assemble(
    rows: list[dict[str, Any]],
    seq: Sequence[House],
    single: bool,
    mode: str,
    note: str,
    d: _dt.date,
    area: np.ndarray,
    eff: np.ndarray,
    settings: dict[str, Any],
) -> Consumption:
    def col(key: str) -> Any:
        v = np.array([r[key] for r in rows], dtype=float)
        return float(v[0]) if single else v

    keys = sorted({k for r in rows for k in r["delivered"]})
    carriers = sorted({c for r in rows for c in r["by_carrier"]})

    def dict_col(name: str, ks: list[Any]) -> dict[Any, Any]:
        out = {}
        for k in ks:
            v = np.array([r[name].get(k, 0.0) for r in rows], dtype=float)
            out[k] = float(v[0]) if single else v
        return out

    need_m = np.array([r["need_m"] for r in rows], dtype=float)
    obs = [r["obs"] for r in rows]
    if single:
        settings = {k: (v[0] if isinstance(v, list) else v) for k, v in settings.items()}
    return Consumption(
        mode=mode,
        note=note,
        names=[h.name for h in seq],
        date=d,
        floor_area_m2=float(area[0]) if single else area,
        heating_need_kwh=col("need"),
        heating_need_monthly_kwh=need_m[0] if single else need_m,
        dhw_need_kwh=col("dhw"),
        delivered_kwh=dict_col("delivered", keys),
        by_carrier_kwh=dict_col("by_carrier", carriers),
        final_kwh=col("final"),
        primary_kwh=col("primary"),
        co2_kg=col("co2"),
        setpoint_c=col("setpoint"),
        heated_share=col("share"),
        calibration_factor=col("k"),
        efficiency_kwh_m2=float(eff[0]) if single else eff,
        observed_kwh=obs[0] if single else (obs if any(o is not None for o in obs) else None),
        settings=settings,
    )
