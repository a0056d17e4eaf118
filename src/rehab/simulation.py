"""``rehab.simulate``: heating and cooling needs of one house or many.

Orchestration only: houses are turned into one struct-of-arrays batch
(:class:`rehab.demand.zones.ThermalZones`) and one shared climate
(:class:`rehab.demand.zones.ZoneClimate`), the vectorised engines of
:mod:`rehab.demand` run once, and the results come back as a
:class:`SimulationResult` whose every field states its unit.

Identical houses (same JSON description) are simulated once and their
results broadcast.

Mapping of a House onto the ISO 13790 network (documented choices):

* H_tr,op = Σ b·U·A of opaque elements (doors excepted) + Σ b·ψ·l;
  H_tr,w = Σ b·U·A of windows and doors (ISO 13790:2008 8.3);
* ground floors (ISO 13370 steady-state U) couple to the undisturbed ground
  temperature at 1 m depth computed from the weather
  (:meth:`rehab.weather.Weather.ground_temperature`), whose annual mean is
  the annual mean air temperature;
* windows collect A_sol = F_sh·g_gl,n·(1 − F_F)·A_w times the transmitted
  irradiance beam·IAM(θ) + diffuse·IAM_dif (angular modifiers of clear
  glazing, :mod:`rehab.solar`) instead of ISO 13790's constant F_w = 0.9;
* opaque elements let in α·A·I·f of the sunshine they absorb, with
  f = 1/(1 + h_e·R_rest) the steady split between the outer film and the
  rest of the element (ISO 13790:2008 11.3.4 is the case h_e = 1/R_se =
  25 W/(m²·K), i.e. f = R_se·U). By default (``exterior="wind"``) the
  walls' h_e is hourly: the DOE-2/MoWiTT convective coefficient from the
  weather's wind at the façade (:func:`rehab.gains.exterior_convection_coefficient`,
  suburban terrain) plus h_r. ISO's design film (a winter design value for
  U-values) over-states the wind on a façade and lets in half the sun that
  reaches the rooms through an uninsulated solid-brick wall in EnergyPlus
  (docs/validation.md: the as-built archetypes move from +12–19 % to
  +7–13 % of EnergyPlus). Roofs (exposed, strongly convective when sunlit)
  and the long-wave loss to the sky keep ISO 13790's R_se·U share (11.3.4,
  11.3.5) — with the hourly film on roofs too, BESTEST 600 cooling leaves
  the Standard 140 acceptance band; ``exterior="iso"`` uses the standard's
  formula everywhere;
* long-wave loss to the sky Φ_r = Σ F_r·R_se·U·A·h_r·(θ_e − θ_sky) with
  h_r = 5·ε, ε = 0.9 and F_r = 1 for roofs, 0.5 for walls (ISO 13790:2008
  11.3.5 and 11.4.6), θ_sky hourly from the weather file;
* internal gains: the 3CL-DPE conventional mean (3.18 + 0.34 W/m² + 90 W
  per adult-equivalent present 132 h of 168), constant, unless given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from . import gains, solar
from .errors import InputError
from .house import GroundFloor, House, Window
from .units import to_si

if TYPE_CHECKING:
    import pandas as pd

    from .weather import Weather

__all__ = ["SimulationResult", "build_batch", "simulate"]

_PANES = {"single": 1, "double_old": 2, "double": 2, "triple": 3}
_J_PER_KWH = 3.6e6


@dataclass(frozen=True)
class _Row:
    """Per-house arrays before batching (SI units)."""

    h_tr_op: float
    h_tr_gr: float
    h_tr_w: float
    h_ve: float
    c_m: float
    a_m: float
    a_t: float
    a_floor: float
    phi_int: float
    h_sky: float
    surfaces: dict[tuple, float]  # (kind, azimuth, tilt, panes) -> collecting area [m²]


def _house_row(h: House, internal_gains: Any) -> _Row:
    h_op = h_gr = h_w = h_sky = 0.0
    surfaces: dict[tuple, float] = {}
    for e in h.elements:
        if getattr(e, "boundary", None) == "internal":
            continue
        b = h.b_factor(e)
        ua = e.u * e.area
        if isinstance(e, GroundFloor) or e.boundary == "ground":
            h_gr += b * ua
            continue
        if isinstance(e, Window) or e.kind == "door":
            h_w += b * ua
        else:
            h_op += b * ua
        exterior = e.boundary == "exterior"
        if not exterior:
            continue
        tilt = float(e.effective_tilt)
        az = float(e.azimuth) % 360.0 if e.azimuth is not None else 180.0
        if tilt > 90.0:  # floors exposed below: no sun, no sky
            continue
        f_r = 1.0 if tilt < 45.0 else 0.5  # ISO 13790:2008 11.3.2: roof 1, wall 0.5
        # long-wave loss to the sky, ISO 13790:2008 11.3.5 (R_se·U share, every element)
        h_sky += float(gains.sky_loss_coefficient(e.u, e.area, f_r, e.emissivity))
        if isinstance(e, Window):
            # the angular modifier is in the irradiance rows: F_W = 1
            a_sol = float(gains.window_solar_aperture(e.area, e.g_value, e.frame_fraction, f_w=1.0, obstacle_shading=e.shading))
            key = ("win", round(az, 1), round(tilt, 1), _PANES[e.glazing])
        else:
            if e.azimuth is None and tilt > 45.0:
                continue
            # absorbed sunshine α·I on the area A; the row carries α·I times the
            # share f(t) entering the zone
            a_sol = e.area
            r_rest = round(1.0 / e.u - gains.R_SE, 4)
            key = ("op", round(az, 1), round(tilt, 1), r_rest, round(e.solar_absorptance, 3))
        surfaces[key] = surfaces.get(key, 0.0) + a_sol
    h_op += sum(h.bridge_psi(tb) * tb.length * tb.b for tb in h.thermal_bridges)
    h_vent, h_inf = h.ventilation.conductances(h.floor_area, h.volume)
    c_m, a_m = h.thermal_mass_parameters()
    if internal_gains == "conventional":
        phi = float(gains.conventional_internal_gains(h.floor_area))
    else:
        phi = float(internal_gains)
    return _Row(h_op, h_gr, h_w, h_vent + h_inf, c_m, a_m, h.internal_surface_area(), h.floor_area, phi, h_sky, surfaces)


def _irradiance_rows(
    weather: Weather, keys: list[tuple], exterior: str = "wind", terrain: str = "suburbs", albedo: float | None = None
) -> np.ndarray:
    """Irradiance table [W/m²], one row per key.

    ("win", azimuth, tilt, panes): irradiance transmitted by clear glazing
    relative to normal incidence; ("op", azimuth, tilt, R_rest, α): absorbed
    sunshine α·I times the share f entering the zone — f = R_se·U
    (ISO 13790:2008 11.3.4) for roofs, or with ``exterior="iso"``; for walls
    by default f(t) = 1/(1 + h_e(t)·R_rest) with the hourly film of the wind.
    """
    if not keys:
        return np.zeros((1, weather.n_hours))
    az = np.array([k[1] for k in keys])
    tilt = np.array([k[2] for k in keys])
    irr = solar.surface_irradiance(weather, az, tilt, albedo=albedo)
    out = np.array(irr.total, dtype=float, copy=True)
    wind = weather.wind_speed if exterior == "wind" else None
    for i, k in enumerate(keys):
        if k[0] == "win":
            panes = k[3]
            iam = solar.glazing_angular_modifier(irr.aoi[i], panes)
            iam_d = solar.glazing_diffuse_modifier(panes)
            out[i] = irr.beam[i] * iam + (irr.sky_diffuse[i] + irr.ground_diffuse[i]) * iam_d
        elif exterior == "wind" and k[2] > 45.0:  # walls: hourly film
            h_c = gains.exterior_convection_coefficient(
                wind, weather.data["wind_direction"].to_numpy(dtype=float), k[1], terrain=terrain
            )
            out[i] *= k[4] * gains.opaque_absorbed_fraction(k[3], h_c + gains.H_RADIATIVE)
        else:  # roofs, or the ISO film everywhere
            out[i] *= k[4] * gains.opaque_absorbed_fraction(k[3], 1.0 / gains.R_SE)
    return np.ascontiguousarray(out)


def _schedule(weather: Weather, setpoint: float | None, setback: float | None, setback_hours: tuple[int, int]) -> np.ndarray:
    if setpoint is None:  # free float: no heating
        return np.full(weather.n_hours, -np.inf)
    sp = np.full(weather.n_hours, setpoint, dtype=float)
    if setback is not None:
        start, end = setback_hours
        hod = np.asarray(weather.hour_of_day)  # 0..23 (hour starting)
        night = (hod >= start) | (hod < end) if start > end else (hod >= start) & (hod < end)
        sp[night] = setback
    return sp


def build_batch(
    houses: Sequence[House],
    weather: Weather,
    *,
    setpoint: float | None = 19.0,
    setback: float | None = None,
    setback_hours: tuple[int, int] = (22, 6),
    cooling_setpoint: float | None = None,
    internal_gains: Any = "conventional",
    power_limit: float | None = None,
    exterior: str = "wind",
    terrain: str = "suburbs",
    ground_temperature: float | None = None,
    albedo: float | None = None,
):
    """Turn houses into (ThermalZones, ZoneClimate) for the demand engines.

    Parameters
    ----------
    houses : sequence of House
    weather : Weather
    setpoint : float or None
        Heating set-point [°C]; None: no heating (free float).
    setback : float, optional
        Night set-back temperature [°C] during ``setback_hours``.
    setback_hours : (int, int)
        Start and end hour of the set-back (local time, 0–23).
    cooling_setpoint : float, optional
        Cooling set-point [°C]; None: no cooling (free float above the
        heating set-point).
    internal_gains : "conventional" or float
        3CL conventional mean gains, or a constant power [W].
    power_limit : float, optional
        Maximum heating power [W].
    exterior : {"wind", "iso"}
        Outer film for the sunshine absorbed by opaque elements: hourly from
        the wind (DOE-2/MoWiTT) or ISO 6946's design R_se (module notes).
    terrain : {"country", "suburbs", "city", "ocean"}
        Terrain for the local wind speed.
    ground_temperature : float, optional
        Constant ground temperature [°C]; default the weather's undisturbed
        ground temperature at 1 m.
    albedo : float, optional
        Ground reflectance [-]; default the weather file's.

    Returns
    -------
    tuple
        (ThermalZones, ZoneClimate)
    """
    from .demand.zones import ThermalZones, ZoneClimate

    rows = [_house_row(h, internal_gains) for h in houses]
    keys = sorted({k for r in rows for k in r.surfaces})
    index = {k: i for i, k in enumerate(keys)}
    kmax = max([len(r.surfaces) for r in rows] + [1])
    n = len(rows)
    sol_idx = np.full((n, kmax), -1, dtype=np.int64)
    sol_area = np.zeros((n, kmax))
    for i, r in enumerate(rows):
        for j, (k, a) in enumerate(sorted(r.surfaces.items())):
            sol_idx[i, j] = index[k]
            sol_area[i, j] = a

    def col(name: str) -> np.ndarray:
        return np.array([getattr(r, name) for r in rows], dtype=float)

    zones = ThermalZones.from_arrays(
        h_tr_op=col("h_tr_op"),
        h_tr_gr=col("h_tr_gr"),
        h_tr_w=col("h_tr_w"),
        h_ve=col("h_ve"),
        c_m=col("c_m"),
        a_m=col("a_m"),
        a_t=col("a_t"),
        a_floor=col("a_floor"),
        phi_int=col("phi_int"),
        sol_idx=sol_idx,
        sol_area=sol_area,
        h_sky=col("h_sky"),
        phi_h_max=np.inf if power_limit is None else power_limit,
    )
    theta_c = np.inf if cooling_setpoint is None else float(cooling_setpoint)
    climate = ZoneClimate.from_arrays(
        theta_e=weather.temp_air,
        month=weather.month,
        theta_ground=(
            weather.ground_temperature(1.0)
            if ground_temperature is None
            else np.full(weather.n_hours, float(ground_temperature))
        ),
        theta_sky=gains.effective_sky_temperature(weather.temp_air, weather.sky_temperature),
        irradiance=_irradiance_rows(weather, keys, exterior, terrain, albedo),
        theta_h_set=_schedule(weather, setpoint, setback, setback_hours)[None, :],
        theta_c_set=np.full((1, weather.n_hours), theta_c),
        gain_profiles=np.ones((1, weather.n_hours)),
    )
    return zones, climate


@dataclass
class SimulationResult:
    """Heating and cooling needs of one house (floats) or a batch (arrays).

    Attributes
    ----------
    method : {"hourly", "monthly"}
        Engine used.
    names : list of str
        House names, in input order.
    floor_area_m2 : float or ndarray
        Living area [m²].
    heating_need_kwh, cooling_need_kwh : float or ndarray
        Annual ideal heating / cooling need [kWh].
    heating_need_kwh_per_m2 : float or ndarray
        Annual heating need per m² of living area [kWh/(m²·yr)].
    heating_need_monthly_kwh, cooling_need_monthly_kwh : ndarray
        Monthly needs [kWh], shape (12,) or (n, 12).
    peak_heating_w, peak_cooling_w : float or ndarray
        Largest hourly heating / cooling power [W] (hourly method; NaN for
        the monthly method).
    hours_above_26, hours_above_28 : float or ndarray
        Hours with operative temperature above 26 / 28 °C [h] (hourly
        method; NaN for the monthly method).
    theta_air_min_c, theta_air_max_c, theta_air_mean_c : float or ndarray
        Air temperature statistics [°C] (hourly method).
    theta_air_c, theta_op_c, phi_hc_w : ndarray or None
        Hourly air and operative temperatures [°C] and heating (+) /
        cooling (−) power [W], only when ``hourly=True`` was asked.
    settings : dict
        Set-points and options used.
    """

    method: str
    names: list[str]
    floor_area_m2: Any
    heating_need_kwh: Any
    cooling_need_kwh: Any
    heating_need_kwh_per_m2: Any
    heating_need_monthly_kwh: Any
    cooling_need_monthly_kwh: Any
    peak_heating_w: Any
    peak_cooling_w: Any
    hours_above_26: Any
    hours_above_28: Any
    theta_air_min_c: Any
    theta_air_max_c: Any
    theta_air_mean_c: Any
    theta_air_c: Any = None
    theta_op_c: Any = None
    phi_hc_w: Any = None
    settings: dict[str, Any] = field(default_factory=dict)

    UNITS: ClassVar[dict[str, str]] = {
        "floor_area_m2": "m²",
        "heating_need_kwh": "kWh/yr",
        "cooling_need_kwh": "kWh/yr",
        "heating_need_kwh_per_m2": "kWh/(m²·yr)",
        "heating_need_monthly_kwh": "kWh/month",
        "cooling_need_monthly_kwh": "kWh/month",
        "peak_heating_w": "W",
        "peak_cooling_w": "W",
        "hours_above_26": "h/yr",
        "hours_above_28": "h/yr",
        "theta_air_min_c": "°C",
        "theta_air_max_c": "°C",
        "theta_air_mean_c": "°C",
        "theta_air_c": "°C",
        "theta_op_c": "°C",
        "phi_hc_w": "W",
    }

    def to_frame(self) -> pd.DataFrame:
        """Annual results, one row per house (columns carry their unit in the name)."""
        import pandas as pd

        cols = [k for k in self.UNITS if k not in ("theta_air_c", "theta_op_c", "phi_hc_w") and "monthly" not in k]
        data = {k: np.atleast_1d(getattr(self, k)) for k in cols}
        df = pd.DataFrame(data, index=pd.Index(self.names, name="house"))
        df.attrs["units"] = {k: self.UNITS[k] for k in cols}
        df.attrs["method"] = self.method
        return df


def house_list(houses: House | Sequence[House]) -> tuple[list[House], bool]:
    """(list of houses, True if a single House was given); refuses anything else."""
    single = isinstance(houses, House)
    seq = [houses] if single else list(houses)
    if not seq:
        raise InputError("simulate: no house given")
    for i, h in enumerate(seq):
        if not isinstance(h, House):
            raise InputError(f"simulate: item {i} is a {type(h).__name__}, not a rehab.House")
    return seq, single


def control_options(setpoint: Any, setback: Any, cooling_setpoint: Any, power_limit: Any, internal_gains: Any,
                    setback_hours: Any = (22, 6)) -> tuple:
    """Check and convert the control options shared by every engine.

    ``setback_hours`` must be two whole local hours (start 0–23, end 0–24,
    different); a set-back above the heating set-point is refused.

    Returns
    -------
    tuple
        (setpoint [°C] or None, setback [°C] or None, cooling set-point [°C]
        or None, power limit [W] or None, internal gains "conventional" or [W]).
    """
    for name, v in (("setpoint", setpoint), ("setback", setback), ("cooling_setpoint", cooling_setpoint),
                    ("power_limit", power_limit)):
        if isinstance(v, (list, tuple, dict, set, np.ndarray)):
            raise InputError(f"{name} {v!r}: give one temperature or power (a number or a quantity string)")
    sp = None if setpoint is None else to_si(setpoint, "degC", "setpoint", ge=5, le=30)
    sb = None if setback is None else to_si(setback, "degC", "setback", ge=0, le=30)
    cs = None if cooling_setpoint is None else to_si(cooling_setpoint, "degC", "cooling_setpoint", ge=15, le=40)
    if cs is not None and sp is not None and cs <= sp:
        raise InputError(f"cooling_setpoint {cs} °C must be above the heating setpoint {sp} °C")
    if sb is not None and sp is not None and sb > sp:
        raise InputError(f"setback {sb:g} °C is above the heating setpoint {sp:g} °C; a set-back lowers it")
    _check_setback_hours(setback_hours)
    pl = None if power_limit is None else to_si(power_limit, "W", "power_limit", gt=0)
    ig = internal_gains if internal_gains == "conventional" else to_si(internal_gains, "W", "internal_gains", ge=0)
    return sp, sb, cs, pl, ig


def _check_setback_hours(hours: Any) -> None:
    ok = isinstance(hours, (tuple, list)) and len(hours) == 2 and all(
        isinstance(h, (int, np.integer)) and not isinstance(h, bool) for h in hours)
    if not ok or not (0 <= hours[0] <= 23 and 0 <= hours[1] <= 24 and hours[0] != hours[1]):
        raise InputError(f"setback_hours {hours!r}: give (start, end) whole local hours, start 0–23, end 0–24, "
                         "start ≠ end (e.g. (22, 6) for 22 h – 6 h)")


def deduplicate(houses: Sequence[House]) -> tuple[list[House], np.ndarray]:
    """Unique houses (same description, name aside) and the index of each input among them."""
    seen: dict[str, int] = {}
    uniq: list[House] = []
    inverse = np.empty(len(houses), dtype=np.int64)
    for i, h in enumerate(houses):
        key = h.model_copy(update={"name": ""}).model_dump_json()
        j = seen.get(key)
        if j is None:
            j = seen[key] = len(uniq)
            uniq.append(h)
        inverse[i] = j
    return uniq, inverse


def simulate(
    houses: House | Sequence[House],
    weather: Weather | None = None,
    *,
    method: Literal["hourly", "monthly", "iso52016"] = "hourly",
    setpoint: Any = 19.0,
    setback: Any = None,
    setback_hours: tuple[int, int] = (22, 6),
    cooling_setpoint: Any = None,
    internal_gains: Any = "conventional",
    power_limit: Any = None,
    hourly: bool = False,
    exterior: Literal["wind", "iso"] = "wind",
    terrain: str = "suburbs",
    control: Literal["operative", "air"] = "operative",
    ground_temperature: Any = None,
    albedo: float | None = None,
) -> SimulationResult:
    """Heating and cooling needs of one house or a list of houses.

    Parameters
    ----------
    houses : House or sequence of House
        One house gives floats; a list gives arrays in the same order.
    weather : Weather, optional
        Default :func:`rehab.weather.default` (Uccle TMYx, proxy for
        Loos-en-Gohelle).
    method : {"hourly", "monthly", "iso52016"}
        5R1C hourly model (ISO 13790:2008 Annex C), the monthly method
        (ISO 13790:2008 §12–13), or the node model of ISO 52016-1:2017 §6.5
        (:mod:`rehab.demand.iso52016`).
    setpoint : float or str or None
        Heating set-point [°C] (default 19 °C, the French conventional
        value); None: no heating (free float, with ``cooling_setpoint=None``).
    setback : float or str, optional
        Night set-back temperature [°C] during ``setback_hours``.
    setback_hours : (int, int)
        Local hours (start, end) of the set-back, default 22 h – 6 h.
    cooling_setpoint : float or str, optional
        Cooling set-point [°C]; default none (no cooling; overheating
        hours reported).
    internal_gains : "conventional" or float or str
        3CL conventional mean gains or a constant power [W].
    power_limit : float or str, optional
        Maximum heating power [W].
    hourly : bool
        Keep hourly temperatures and powers (hourly method only).
    exterior : {"wind", "iso"}
        Outer film for the sunshine absorbed by opaque walls and roofs:
        hourly from the wind (default) or ISO 13790's α·R_se·U (module notes).
    terrain : {"country", "suburbs", "city", "ocean"}
        Terrain around the houses (local wind speed).
    control : {"operative", "air"}
        Temperature the thermostat holds at the set-point (operative by
        default, the comfort temperature; "air" as in ASHRAE 140).
    ground_temperature : float or str, optional
        Constant ground temperature [°C]; default from the weather.
    albedo : float, optional
        Ground reflectance [-]; default the weather file's.

    Returns
    -------
    SimulationResult

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> r = rehab.simulate(h, method="monthly")
    >>> 150 < r.heating_need_kwh_per_m2 < 350
    True
    >>> both = rehab.simulate([h, h], method="monthly")
    >>> both.heating_need_kwh.shape
    (2,)
    """
    from .demand.hourly import simulate_hourly
    from .demand.monthly import simulate_monthly
    from .weather import default

    if method == "iso52016":  # ISO 52016-1 node model (rehab.demand.iso52016)
        from .demand.iso52016 import simulate_iso52016

        return simulate_iso52016(houses, weather, setpoint=setpoint, setback=setback, setback_hours=setback_hours,
                                 cooling_setpoint=cooling_setpoint, internal_gains=internal_gains, power_limit=power_limit,
                                 hourly=hourly, exterior=exterior, terrain=terrain, control=control,
                                 ground_temperature=ground_temperature, albedo=albedo)
    seq, single = house_list(houses)
    if method not in ("hourly", "monthly"):
        raise InputError(f"simulate: method {method!r} is not 'hourly', 'monthly' or 'iso52016'")
    if exterior not in ("wind", "iso"):
        raise InputError(f"simulate: exterior {exterior!r} is not 'wind' or 'iso'")
    if terrain not in gains.TERRAIN:
        raise InputError(f"simulate: terrain {terrain!r} is not one of {', '.join(gains.TERRAIN)}")
    if control not in ("operative", "air"):
        raise InputError(f"simulate: control {control!r} is not 'operative' or 'air'")
    gt = None if ground_temperature is None else to_si(ground_temperature, "degC", "ground_temperature", ge=-30, le=40)
    if albedo is not None and not 0.0 <= float(albedo) <= 1.0:
        raise InputError(f"simulate: albedo {albedo!r} must be between 0 and 1")
    if hourly and method != "hourly":
        raise InputError("simulate: hourly=True needs method='hourly'")
    w = weather if weather is not None else default()
    sp, sb, cs, pl, ig = control_options(setpoint, setback, cooling_setpoint, power_limit, internal_gains, setback_hours)
    uniq, inverse = deduplicate(seq)
    zones, climate = build_batch(
        uniq,
        w,
        setpoint=sp,
        setback=sb,
        setback_hours=setback_hours,
        cooling_setpoint=cs,
        internal_gains=ig,
        power_limit=pl,
        exterior=exterior,
        terrain=terrain,
        ground_temperature=gt,
        albedo=albedo,
    )
    nan = np.full(len(uniq), np.nan)
    if method == "hourly":
        r = simulate_hourly(zones, climate, hourly=hourly, setpoint_on=control)
        extra = dict(
            peak_heating_w=r.peak_heating,
            peak_cooling_w=r.peak_cooling,
            hours_above_26=r.hours_above_26,
            hours_above_28=r.hours_above_28,
            theta_air_min_c=r.theta_air_min,
            theta_air_max_c=r.theta_air_max,
            theta_air_mean_c=r.theta_air_mean,
        )
        hourly_out = dict(theta_air_c=r.theta_air, theta_op_c=r.theta_op, phi_hc_w=r.phi_hc)
    else:
        r = simulate_monthly(zones, climate)  # the monthly method has no control option
        extra = dict(
            peak_heating_w=nan,
            peak_cooling_w=nan,
            hours_above_26=nan,
            hours_above_28=nan,
            theta_air_min_c=nan,
            theta_air_max_c=nan,
            theta_air_mean_c=nan,
        )
        hourly_out = {}
    area = np.array([h.floor_area for h in uniq])
    fields_ = dict(
        floor_area_m2=area,
        heating_need_kwh=r.heating_need / _J_PER_KWH,
        cooling_need_kwh=r.cooling_need / _J_PER_KWH,
        heating_need_kwh_per_m2=r.heating_need / _J_PER_KWH / area,
        heating_need_monthly_kwh=r.heating_need_monthly / _J_PER_KWH,
        cooling_need_monthly_kwh=r.cooling_need_monthly / _J_PER_KWH,
        **extra,
        **hourly_out,
    )
    out = {}
    for k, v in fields_.items():
        if v is None:
            out[k] = None
            continue
        v = np.asarray(v)[inverse]
        out[k] = (float(v[0]) if v.ndim == 1 else v[0]) if single else v
    settings = dict(
        setpoint_c=sp,
        setback_c=sb,
        setback_hours=setback_hours,
        cooling_setpoint_c=cs,
        internal_gains=internal_gains,
        power_limit_w=pl,
        exterior=exterior,
        terrain=terrain,
        control=control,
        ground_temperature_c=gt,
        albedo=albedo,
        weather=getattr(w, "name", "weather"),
        unique_houses=len(uniq),
    )
    return SimulationResult(method=method, names=[h.name for h in seq], settings=settings, **out)
