"""What every demand engine shares: the result of ``rehab.simulate`` and the checks of its inputs.

:class:`SimulationResult` (the annual, monthly and optionally hourly needs
of one house or a batch, every field with its unit), the house list and
control options every engine checks the same way, the de-duplication of
identical houses and the heating set-point schedule. :mod:`rehab.simulation`
re-exports them; the engines (:mod:`rehab.demand.iso52016`,
:mod:`rehab.energyplus`) import them from here, below the orchestration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .errors import InputError
from .house import House
from .units import to_si

if TYPE_CHECKING:
    import pandas as pd

    from .weather import Weather

__all__ = ["SimulationResult", "control_options", "deduplicate", "engine_fields", "house_list"]

_J_PER_KWH = 3.6e6  # [J/kWh]


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

    def hourly_frame(self, weather: Any = None, *, house: int = 0) -> pd.DataFrame:
        """Hourly series of one house as a DataFrame with a DatetimeIndex.

        Parameters
        ----------
        weather : Weather, optional
            The weather simulated: its time index (local standard time) and
            its outdoor air temperature ``theta_e_c`` [°C]. Default: the
            hours of the non-leap year 2001, without outdoor temperature.
        house : int
            Which house of a batch.

        Returns
        -------
        pandas.DataFrame
            ``theta_air_c``, ``theta_op_c`` [°C], ``phi_hc_w`` [W] (heating
            positive), one row per hour; ``attrs["units"]`` names the units.
        """
        import pandas as pd

        if self.theta_air_c is None:
            raise InputError("hourly_frame: simulate with hourly=True to keep the hourly series")
        cols = {k: np.asarray(getattr(self, k), dtype=float) for k in ("theta_air_c", "theta_op_c", "phi_hc_w")}
        cols = {k: (v[house] if v.ndim == 2 else v) for k, v in cols.items()}
        n = len(cols["theta_air_c"])
        if weather is not None and len(weather.data) == n:
            index = weather.data.index
            cols["theta_e_c"] = weather.data["temp_air"].to_numpy(float)
        else:
            index = pd.date_range("2001-01-01", periods=n, freq="h", name="time")
        df = pd.DataFrame(cols, index=index)
        df.attrs["units"] = {k: self.UNITS.get(k, "°C") for k in df.columns}
        return df

    def __repr__(self) -> str:
        """One line: method, houses, heating need (total and per m² for one house)."""
        need = np.atleast_1d(np.asarray(self.heating_need_kwh, dtype=float))
        if len(need) == 1:
            per = float(np.atleast_1d(self.heating_need_kwh_per_m2)[0])
            what = f"{self.names[0]!r}, heating need {need[0]:.0f} kWh/yr ({per:.1f} kWh/(m²·yr))"
        else:
            what = f"{len(need)} houses, heating need {need.sum():.0f} kWh/yr in all"
        hourly = ", hourly series kept" if self.theta_air_c is not None else ""
        return f"SimulationResult({self.method}, {what}{hourly})"

    def _repr_html_(self) -> str:
        """A short table for notebooks: annual figures of up to ten houses."""
        df = self.to_frame()
        keep = [c for c in ("heating_need_kwh", "heating_need_kwh_per_m2", "cooling_need_kwh", "peak_heating_w", "hours_above_26") if df[c].notna().any()]
        head = f"<p><b>SimulationResult</b> ({self.method}, {len(df)} house(s))</p>"
        return head + df[keep].head(10).round(1).rename(columns=lambda c: f"{c} [{self.UNITS[c]}]").to_html()



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
    if len(houses) == 1:  # nothing to compare (and the JSON dump costs more than a small engine run)
        return [houses[0]], np.zeros(1, dtype=np.int64)
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


def engine_fields(r: Any, area: np.ndarray, *, hourly: bool = True) -> dict[str, Any]:
    """The :class:`SimulationResult` fields of an engine's result on distinct houses.

    One mapping for every engine: the 5R1C hourly (:class:`rehab.demand.hourly.HourlyResult`)
    and ISO 52016 results carry the same attributes; the monthly method has
    no peaks, comfort hours or hourly temperatures (NaN, no hourly series).

    Parameters
    ----------
    r : HourlyResult, IsoResult or MonthlyResult
        Needs [J] (annual and monthly) and, for an hourly engine, peaks [W],
        hours above 26/28 °C [h], air temperature min/max/mean [°C] and the
        optional hourly series.
    area : numpy.ndarray (n,)
        Heated floor area of each house [m²].
    hourly : bool
        Whether ``r`` is from an hourly engine.

    Returns
    -------
    dict
        Field name → array (n,) or (n, 12) or (n, hours), or None for an
        hourly series not asked for.
    """
    out: dict[str, Any] = dict(
        floor_area_m2=area,
        heating_need_kwh=r.heating_need / _J_PER_KWH,
        cooling_need_kwh=r.cooling_need / _J_PER_KWH,
        heating_need_kwh_per_m2=r.heating_need / _J_PER_KWH / area,
        heating_need_monthly_kwh=r.heating_need_monthly / _J_PER_KWH,
        cooling_need_monthly_kwh=r.cooling_need_monthly / _J_PER_KWH,
    )
    comfort = ("peak_heating", "peak_cooling", "hours_above_26", "hours_above_28",
               "theta_air_min", "theta_air_max", "theta_air_mean")
    names = ("peak_heating_w", "peak_cooling_w", "hours_above_26", "hours_above_28",
             "theta_air_min_c", "theta_air_max_c", "theta_air_mean_c")
    if not hourly:
        nan = np.full(len(area), np.nan)
        return out | dict.fromkeys(names, nan)
    out |= {k: getattr(r, a) for k, a in zip(names, comfort, strict=True)}
    return out | dict(theta_air_c=r.theta_air, theta_op_c=r.theta_op, phi_hc_w=r.phi_hc)
