"""Hourly weather: EPW files read with rehab's checks, and the embedded default.

An EnergyPlus Weather (EPW) file is parsed by :func:`pvlib.iotools.read_epw`
(rehab does not carry its own parser); :func:`read_epw` wraps it with the
checks a simulation needs and turns the result into an immutable
:class:`Weather`:

* the 8 header lines and exactly 8760 hourly rows (8784 for a leap year),
  35 fields per row, numbers where numbers belong, rows in calendar order
  from 1 January hour 1; any breach raises
  :class:`~rehab.errors.WeatherFileError` with the 1-based line of the file;
* EPW missing-value codes (99.9 °C, 999 %, 999999 Pa, 9999 Wh/m², 999 m/s …,
  EnergyPlus Auxiliary Programs, "EnergyPlus Weather File (EPW) Data
  Dictionary") become gaps: gaps of at most :data:`MAX_GAP_HOURS` hours are
  filled by linear interpolation, longer gaps in :data:`ESSENTIAL_FIELDS`
  raise, longer gaps elsewhere stay NaN; every repair is listed in
  :attr:`Weather.notes`;
* values outside the limits of the EPW data dictionary (dry-bulb outside
  −70…70 °C, negative radiation, wind above 40 m/s …) raise with their line.

Time convention. ``Weather.data`` is indexed by local standard time (fixed
UTC offset, no daylight saving) at the *start* of each hour, pvlib's
convention: EPW hour ``h`` (1…24) of a day is the row stamped ``h − 1``:00.
EPW radiation values are energies over that hour (Wh/m², numerically the
mean irradiance in W/m²); temperatures are values at the end of it.
Whatever the years written in the file, a typical year is put on one
calendar year: a non-leap year whose 1 January falls on the weekday stated
by the file's ``DATA PERIODS`` line (so pandas weekdays match EnergyPlus's);
a leap-year file (8784 rows) keeps its year when it is a leap year.

Examples
--------
>>> import rehab.weather as rw
>>> w = rw.default()
>>> w.name, w.n_hours
('Uccle', 8760)
>>> round(float(w.temp_air.mean()), 1)
11.1
>>> round(float(w.ghi.sum()) / 1000)          # kWh/m² per year
1114
"""

from __future__ import annotations

import calendar
import datetime as _dt
import hashlib
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._data import data_path
from .errors import InputError, WeatherFileError

__all__ = [
    "DATAFRAME_DEFAULTS",
    "DEFAULT_EPW",
    "EPW_COLUMNS",
    "ESSENTIAL_FIELDS",
    "MAX_GAP_HOURS",
    "MISSING_CODES",
    "STEFAN_BOLTZMANN",
    "Weather",
    "conventional",
    "default",
    "ground_temperature_kusuda",
    "horizontal_infrared_clark_allen",
    "read_epw",
    "sky_emissivity_clark_allen",
    "sky_temperature_from_infrared",
]

#: File name of the embedded default weather (in ``data/weather/``).
DEFAULT_EPW = "BEL_VLG_Uccle.064470_TMYx.2007-2021.epw"

#: Attribution of the embedded default weather (also in data/weather/README.md).
DEFAULT_ATTRIBUTION = (
    "Uccle (Brussels, BE, WMO 064470) TMYx 2007-2021 typical year from "
    "Climate.OneBuilding.Org, derived from NOAA NCEI Integrated Surface Database "
    "observations and Copernicus ERA5 reanalysis (contains modified Copernicus "
    "Climate Change Service information); shipped unchanged as rehab's documented "
    "proxy for Loos-en-Gohelle (climate zone H1a, about 100 km away): no open "
    "weather file exists for Lille/Lens."
)

#: The 35 fields of an EPW data row, with pvlib's names (``etr``/``etrn`` are
#: renamed to pvlib's standard ``ghi_extra``/``dni_extra``).
EPW_COLUMNS: tuple[str, ...] = (
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "data_source_unct",
    "temp_air",
    "temp_dew",
    "relative_humidity",
    "atmospheric_pressure",
    "ghi_extra",
    "dni_extra",
    "ghi_infrared",
    "ghi",
    "dni",
    "dhi",
    "global_hor_illum",
    "direct_normal_illum",
    "diffuse_horizontal_illum",
    "zenith_luminance",
    "wind_direction",
    "wind_speed",
    "total_sky_cover",
    "opaque_sky_cover",
    "visibility",
    "ceiling_height",
    "present_weather_observation",
    "present_weather_codes",
    "precipitable_water",
    "aerosol_optical_depth",
    "snow_depth",
    "days_since_last_snowfall",
    "albedo",
    "liquid_precipitation_depth",
    "liquid_precipitation_quantity",
)
_N_FIELDS = len(EPW_COLUMNS)
_HEADER = (
    "LOCATION",
    "DESIGN CONDITIONS",
    "TYPICAL/EXTREME PERIODS",
    "GROUND TEMPERATURES",
    "HOLIDAYS/DAYLIGHT SAVINGS",
    "COMMENTS 1",
    "COMMENTS 2",
    "DATA PERIODS",
)
_N_HEADER = len(_HEADER)

#: EPW missing-value codes: a value >= the code is missing. Source: EnergyPlus
#: Auxiliary Programs, "EnergyPlus Weather File (EPW) Data Dictionary"
#: (``\\missing`` of fields N6-N34; illuminances are missing from 999900).
MISSING_CODES: Mapping[str, float] = {
    "temp_air": 99.9,
    "temp_dew": 99.9,
    "relative_humidity": 999.0,
    "atmospheric_pressure": 999999.0,
    "ghi_extra": 9999.0,
    "dni_extra": 9999.0,
    "ghi_infrared": 9999.0,
    "ghi": 9999.0,
    "dni": 9999.0,
    "dhi": 9999.0,
    "global_hor_illum": 999900.0,
    "direct_normal_illum": 999900.0,
    "diffuse_horizontal_illum": 999900.0,
    "zenith_luminance": 9999.0,
    "wind_direction": 999.0,
    "wind_speed": 999.0,
    "total_sky_cover": 99.0,
    "opaque_sky_cover": 99.0,
    "visibility": 9999.0,
    "ceiling_height": 99999.0,
    "precipitable_water": 999.0,
    "aerosol_optical_depth": 0.999,
    "snow_depth": 999.0,
    "days_since_last_snowfall": 99.0,
    "albedo": 999.0,
    "liquid_precipitation_depth": 999.0,
    "liquid_precipitation_quantity": 99.0,
}

#: Fields without which no simulation can run: a gap longer than
#: :data:`MAX_GAP_HOURS` in one of them raises :class:`WeatherFileError`.
ESSENTIAL_FIELDS: tuple[str, ...] = ("temp_air", "ghi", "dni", "dhi")

#: Columns :meth:`Weather.from_dataframe` fills when absent: column -> (value, note).
#: ghi_infrared's value is the sky depression Δθ_er [K].
DATAFRAME_DEFAULTS: Mapping[str, tuple[float, str]] = {
    "wind_speed": (4.0, "4 m/s assumed (ISO 6946:2017 Annex C, the wind speed behind Rse = 0.04 m²·K/W)"),
    "wind_direction": (225.0, "225° (south-west) assumed, the prevailing wind of the Nord-Pas-de-Calais "
                              "(Météo-France Lille-Lesquin wind rose)"),
    "ghi_infrared": (11.0, "sky temperature taken 11 K below the air (ISO 13790:2008 11.4.6, intermediate "
                           "zones); horizontal infrared from it by Stefan-Boltzmann"),
}

#: Longest gap [h] filled by linear interpolation (assumption: six hours keep
#: the daily cycle of temperature and radiation recognisable; a longer gap
#: would invent weather).
MAX_GAP_HOURS = 6

# Fields whose short gaps are interpolated (continuous state variables);
# the others (accumulations, counters, ceiling) keep NaN where missing.
_INTERPOLATED = (
    "temp_air",
    "temp_dew",
    "relative_humidity",
    "atmospheric_pressure",
    "ghi_extra",
    "dni_extra",
    "ghi_infrared",
    "ghi",
    "dni",
    "dhi",
    "global_hor_illum",
    "direct_normal_illum",
    "diffuse_horizontal_illum",
    "zenith_luminance",
    "wind_direction",
    "wind_speed",
    "total_sky_cover",
    "opaque_sky_cover",
    "visibility",
    "precipitable_water",
    "aerosol_optical_depth",
    "albedo",
)

# Physical limits of the EPW data dictionary (lower, upper, inclusive?).
_LIMITS: Mapping[str, tuple[float, float, str]] = {
    "temp_air": (-70.0, 70.0, "°C"),
    "temp_dew": (-70.0, 70.0, "°C"),
    "relative_humidity": (0.0, 110.0, "%"),
    "atmospheric_pressure": (31000.0, 120000.0, "Pa"),
    "ghi_extra": (0.0, math.inf, "Wh/m²"),
    "dni_extra": (0.0, math.inf, "Wh/m²"),
    "ghi_infrared": (0.0, math.inf, "Wh/m²"),
    "ghi": (0.0, math.inf, "Wh/m²"),
    "dni": (0.0, math.inf, "Wh/m²"),
    "dhi": (0.0, math.inf, "Wh/m²"),
    "wind_direction": (0.0, 360.0, "deg"),
    "wind_speed": (0.0, 40.0, "m/s"),
}

#: Stefan-Boltzmann constant [W/(m²·K⁴)] (CODATA 2018, exact since the 2019 SI).
STEFAN_BOLTZMANN = 5.670374419e-8

_KELVIN = 273.15
_SECONDS_PER_YEAR = 365.0 * 86400.0
_SUN_TIMINGS = {"hour-start": 0.0, "mid-hour": 0.5, "time-stamp": 1.0}
_WEEKDAYS = [d.lower() for d in calendar.day_name]  # monday … sunday


# ---------------------------------------------------------------------------
# pure physics helpers (arrays in, arrays out)
# ---------------------------------------------------------------------------


def sky_temperature_from_infrared(horizontal_infrared):
    """Sky radiative temperature from the horizontal infrared irradiance.

    ``T_sky = (IR_h / σ)^0.25 − 273.15``: the temperature of a black sky
    emitting the measured long-wave irradiance on a horizontal plane.
    EnergyPlus Engineering Reference, "Climate Calculations", section
    "EnergyPlus Sky Temperature Calculation".

    Parameters
    ----------
    horizontal_infrared : array_like
        Horizontal infrared radiation intensity from the sky [W/m²].

    Returns
    -------
    numpy.ndarray
        Sky temperature [°C].

    Examples
    --------
    >>> round(float(sky_temperature_from_infrared(340.6)), 1)
    5.2
    """
    ir = np.asarray(horizontal_infrared, dtype=float)
    return (ir / STEFAN_BOLTZMANN) ** 0.25 - _KELVIN


def sky_emissivity_clark_allen(temp_dew, opaque_sky_cover):
    """Sky emissivity from the dew point and the opaque sky cover.

    ``ε = (0.787 + 0.764 ln(T_dp / 273)) (1 + 0.0224 N − 0.0035 N² + 0.00028 N³)``
    with ``T_dp`` in K and ``N`` in tenths. Clark and Allen (1978), as used
    by EnergyPlus when the weather file has no infrared data (EnergyPlus
    Engineering Reference, "Climate Calculations", "Sky Radiation Modeling").

    Parameters
    ----------
    temp_dew : array_like
        Dew-point temperature [°C].
    opaque_sky_cover : array_like
        Opaque sky cover [tenths, 0…10].

    Returns
    -------
    numpy.ndarray
        Sky emissivity [-].

    Examples
    --------
    EnergyPlus's worked example (clear sky, dew point 283 K), which rounds
    the result to 0.815:

    >>> round(float(sky_emissivity_clark_allen(9.85, 0)), 4)
    0.8145
    """
    tdp = np.asarray(temp_dew, dtype=float) + _KELVIN
    n = np.asarray(opaque_sky_cover, dtype=float)
    clear = 0.787 + 0.764 * np.log(tdp / 273.0)
    return clear * (1.0 + 0.0224 * n - 0.0035 * n**2 + 0.00028 * n**3)


def horizontal_infrared_clark_allen(temp_air, temp_dew, opaque_sky_cover):
    """Horizontal infrared irradiance from the sky, ``ε_sky σ T_db⁴``.

    EnergyPlus Engineering Reference, "Climate Calculations", "Sky Radiation
    Modeling" (Walton 1983; Clark and Allen 1978), used when the weather
    file has no infrared data.

    Parameters
    ----------
    temp_air, temp_dew : array_like
        Dry-bulb and dew-point temperatures [°C].
    opaque_sky_cover : array_like
        Opaque sky cover [tenths].

    Returns
    -------
    numpy.ndarray
        Horizontal infrared irradiance [W/m²].

    Examples
    --------
    EnergyPlus's worked example (293 K dry bulb, 283 K dew point, clear
    sky) gives 340.6 W/m² with the emissivity rounded to 0.815 and
    σ = 5.6697e-8; unrounded, with the CODATA σ:

    >>> round(float(horizontal_infrared_clark_allen(19.85, 9.85, 0)), 1)
    340.4
    """
    eps = sky_emissivity_clark_allen(temp_dew, opaque_sky_cover)
    t = np.asarray(temp_air, dtype=float) + _KELVIN
    return eps * STEFAN_BOLTZMANN * t**4


def ground_temperature_kusuda(time, depth, mean_temperature, amplitude, phase, diffusivity=1.0e-6):
    """Undisturbed ground temperature under a sinusoidal surface temperature.

    ``T(z, t) = T_m + A exp(−z/d) cos(ω t − φ − z/d)``, ``d = √(2α/ω)``,
    ``ω = 2π / 1 year``: the periodic solution of the heat equation in a
    semi-infinite homogeneous ground (Carslaw and Jaeger 1959, §2.6), the
    model of Kusuda and Achenbach (1965), "Earth temperature and thermal
    diffusivity at selected stations in the United States", ASHRAE Trans.
    71(1).

    Parameters
    ----------
    time : array_like
        Time since 1 January 00:00 [s].
    depth : array_like
        Depth below the surface [m] (``inf`` gives the annual mean).
    mean_temperature : float
        Annual mean surface temperature ``T_m`` [°C].
    amplitude : float
        Amplitude of the annual surface wave ``A`` [K].
    phase : float
        Phase ``φ`` of the surface wave [rad] (maximum at ``ω t = φ``).
    diffusivity : float
        Thermal diffusivity of the ground ``α`` [m²/s].

    Returns
    -------
    numpy.ndarray
        Ground temperature [°C], ``time`` and ``depth`` broadcast.

    Examples
    --------
    At the damping depth the wave is ``1/e`` of the surface wave:

    >>> import math
    >>> d = math.sqrt(2 * 1e-6 / (2 * math.pi / (365 * 86400)))
    >>> round(d, 2)
    3.17
    >>> round(float(ground_temperature_kusuda(0.0, d, 10.0, 8.0, -1.0)), 2)  # 10 + 8/e
    12.94
    """
    t = np.asarray(time, dtype=float)
    z = np.asarray(depth, dtype=float)
    omega = 2.0 * math.pi / _SECONDS_PER_YEAR
    d = math.sqrt(2.0 * diffusivity / omega)
    with np.errstate(invalid="ignore", over="ignore"):
        zeta = z / d
        damp = np.exp(-zeta)
        wave = np.where(np.isinf(zeta), 0.0, damp * np.cos(omega * t - phase - zeta))
    return mean_temperature + amplitude * wave


# ---------------------------------------------------------------------------
# the Weather object
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class Weather:
    """One year of hourly weather at one site (immutable).

    Build it with :func:`read_epw`, :func:`default` or
    :meth:`Weather.from_dataframe`. Two ``Weather`` objects are equal (and
    hash equal) when their :attr:`key` is equal, so functions may cache
    per weather (``functools.lru_cache`` works).

    Attributes
    ----------
    data : pandas.DataFrame
        Hourly data, one row per hour (8760, or 8784 for a leap year),
        indexed by local standard time at the start of each hour; all EPW
        fields under pvlib's names: ``temp_air``, ``temp_dew`` [°C],
        ``relative_humidity`` [%], ``atmospheric_pressure`` [Pa],
        ``ghi``, ``dni``, ``dhi``, ``ghi_extra``, ``dni_extra``,
        ``ghi_infrared`` [W/m², hourly means], ``wind_speed`` [m/s],
        ``wind_direction`` [deg from north], ``albedo`` [-], … Treat it as
        read-only.
    name : str
        Site name (EPW ``LOCATION`` city).
    latitude, longitude : float
        Site position [deg], north and east positive.
    elevation : float
        Site elevation [m].
    utc_offset : float
        Offset of local standard time from UTC [h].
    source : str
        Where the data come from (file, data source, attribution).
    notes : tuple of str
        What was repaired or assumed while reading (empty if nothing).
    sun_offset : float
        Time [h] after the start of each row's hour at which solar geometry
        is evaluated (0.5: mid-hour, the EPW convention).
    epw_ground_temperatures : Mapping[float, tuple of float]
        Monthly ground temperatures [°C] by depth [m] from the EPW header
        (empty if absent).
    key : str
        Stable content hash (sha1); computed when not given.
    path : str or None
        The EPW file read (absolute path), for tools that need the file
        itself (the EnergyPlus bridge); ``None`` when built from a
        DataFrame. Not part of the identity.
    """

    data: pd.DataFrame
    name: str
    latitude: float
    longitude: float
    elevation: float = 0.0
    utc_offset: float = 0.0
    source: str = ""
    notes: tuple[str, ...] = ()
    sun_offset: float = 0.5
    epw_ground_temperatures: Mapping[float, tuple[float, ...]] = field(default_factory=dict)
    key: str = ""
    path: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.data, pd.DataFrame):
            raise InputError(f"Weather.data must be a pandas DataFrame, got {type(self.data)!r}")
        n = len(self.data)
        if n not in (8760, 8784):
            raise InputError(
                f"Weather.data has {n} rows; one year of hourly weather has 8760 rows "
                "(8784 in a leap year)"
            )
        missing = [c for c in ESSENTIAL_FIELDS if c not in self.data.columns]
        if missing:
            raise InputError(
                f"Weather.data lacks the column(s) {missing}; required: {list(ESSENTIAL_FIELDS)}"
            )
        idx = self.data.index
        if not isinstance(idx, pd.DatetimeIndex):
            raise InputError("Weather.data must be indexed by a pandas DatetimeIndex")
        step = np.diff(idx.asi8)
        if not (step == step[0]).all() or pd.Timedelta(int(step[0]), unit=idx.unit) != pd.Timedelta(
            hours=1
        ):
            raise InputError("Weather.data index must be hourly, without gaps or repeats")
        if (idx[0].month, idx[0].day, idx[0].hour) != (1, 1, 0):
            raise InputError(
                f"Weather.data must start on 1 January 00:00 (start of the first hour), "
                f"got {idx[0]}"
            )
        for c in ESSENTIAL_FIELDS:
            v = self.data[c].to_numpy(dtype=float)
            if not np.all(np.isfinite(v)):
                bad = int(np.flatnonzero(~np.isfinite(v))[0])
                raise InputError(
                    f"Weather.data[{c!r}] is not finite at row {bad} ({self.data.index[bad]})"
                )
        if not (-90.0 <= self.latitude <= 90.0):
            raise InputError(f"latitude {self.latitude!r} deg is outside -90..90 deg")
        if not (-180.0 <= self.longitude <= 180.0):
            raise InputError(f"longitude {self.longitude!r} deg is outside -180..180 deg")
        if not (0.0 <= self.sun_offset <= 1.0):
            raise InputError(f"sun_offset {self.sun_offset!r} h is outside 0..1 h")
        object.__setattr__(self, "notes", tuple(self.notes))
        if not self.key:
            object.__setattr__(self, "key", self._content_key())

    # -- identity -----------------------------------------------------------

    def _content_key(self) -> str:
        h = hashlib.sha1()
        h.update(pd.util.hash_pandas_object(self.data, index=True).to_numpy().tobytes())
        h.update(
            repr(
                (
                    self.name,
                    self.latitude,
                    self.longitude,
                    self.elevation,
                    self.utc_offset,
                    self.sun_offset,
                )
            ).encode()
        )
        return h.hexdigest()

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Weather):
            return NotImplemented
        return self.key == other.key

    def __repr__(self) -> str:
        ns = "N" if self.latitude >= 0 else "S"
        ew = "E" if self.longitude >= 0 else "W"
        return (
            f"Weather({self.name!r}, {abs(self.latitude):.2f}°{ns} {abs(self.longitude):.2f}°{ew}, "
            f"{self.n_hours} h, key={self.key[:10]})"
        )

    # -- construction ---------------------------------------------------------

    @classmethod
    def from_dataframe(
        cls,
        data: pd.DataFrame,
        *,
        name: str,
        latitude: float,
        longitude: float,
        elevation: float = 0.0,
        utc_offset: float = 0.0,
        source: str = "",
        notes: Sequence[str] = (),
        sun_offset: float = 0.5,
    ) -> Weather:
        """Weather from an hourly DataFrame with pvlib column names.

        ``data`` needs at least ``temp_air``, ``ghi``, ``dni``, ``dhi`` and
        8760 (or 8784) rows on a DatetimeIndex (start of each hour, local
        standard time); a naive index is localised to ``utc_offset``.

        Columns the engines also use are filled when absent, each with a
        line in :attr:`notes` (:data:`DATAFRAME_DEFAULTS`): ``wind_speed``
        4 m/s (the wind speed behind Rse = 0.04 m²·K/W, ISO 6946:2017 Annex
        C), ``wind_direction`` 225° (south-west, the prevailing wind of the
        Nord-Pas-de-Calais), and, when neither ``ghi_infrared`` nor both
        ``temp_dew`` and ``opaque_sky_cover`` are given, ``ghi_infrared``
        from a sky 11 K below the air (ISO 13790:2008 11.4.6, Δθ_er of
        intermediate zones).

        Examples
        --------
        >>> import pandas as pd
        >>> idx = pd.date_range("2006-01-01", periods=8760, freq="h")
        >>> df = pd.DataFrame({"temp_air": 5.0, "ghi": 0.0, "dni": 0.0, "dhi": 0.0}, index=idx)
        >>> w = Weather.from_dataframe(df, name="test", latitude=50.4, longitude=2.8, utc_offset=1)
        >>> w.n_hours, float(w.temp_air.mean()), round(float(w.sky_temperature.mean()), 6)
        (8760, 5.0, -6.0)
        >>> len(w.notes)
        3
        """
        if not isinstance(data, pd.DataFrame):
            raise InputError(f"Weather.from_dataframe: data must be a pandas DataFrame, got {type(data).__name__}")
        df = data.copy()
        notes = list(notes)
        for col, (value, why) in DATAFRAME_DEFAULTS.items():
            if col in df.columns:
                continue
            if col == "ghi_infrared":
                if "temp_dew" in df.columns and "opaque_sky_cover" in df.columns:
                    continue
                if "temp_air" not in df.columns:
                    continue  # refused below, naming temp_air
                t = pd.to_numeric(df["temp_air"], errors="coerce").to_numpy(dtype=float)
                df[col] = STEFAN_BOLTZMANN * (t + 273.15 - value) ** 4
            else:
                df[col] = float(value)
            notes.append(f"{col} not given: {why}")
        if isinstance(df.index, pd.DatetimeIndex) and df.index.tz is None:
            df.index = df.index.tz_localize(_dt.timezone(_dt.timedelta(hours=utc_offset)))
        for c in df.columns:
            if c in MISSING_CODES and df[c].dtype.kind in "iub":
                df[c] = df[c].astype(float)
        return cls(
            data=df,
            name=name,
            latitude=float(latitude),
            longitude=float(longitude),
            elevation=float(elevation),
            utc_offset=float(utc_offset),
            source=source,
            notes=tuple(notes),
            sun_offset=float(sun_offset),
        )

    # -- convenience arrays (float64, read-only, computed once) --------------

    def _array(self, column: str) -> np.ndarray:
        a = np.array(self.data[column], dtype=np.float64, copy=True)
        a.setflags(write=False)
        return a

    @property
    def n_hours(self) -> int:
        """Number of hours (8760, or 8784 for a leap year)."""
        return len(self.data)

    @property
    def times(self) -> pd.DatetimeIndex:
        """Start of each hour, local standard time."""
        return self.data.index

    @cached_property
    def temp_air(self) -> np.ndarray:
        """Dry-bulb air temperature [°C], one value per hour."""
        return self._array("temp_air")

    @cached_property
    def ghi(self) -> np.ndarray:
        """Global horizontal irradiance [W/m²] (hourly mean)."""
        return self._array("ghi")

    @cached_property
    def dni(self) -> np.ndarray:
        """Direct normal irradiance [W/m²] (hourly mean)."""
        return self._array("dni")

    @cached_property
    def dhi(self) -> np.ndarray:
        """Diffuse horizontal irradiance [W/m²] (hourly mean)."""
        return self._array("dhi")

    @cached_property
    def wind_speed(self) -> np.ndarray:
        """Wind speed [m/s].

        Raises
        ------
        WeatherFileError
            If the file left a gap longer than :data:`MAX_GAP_HOURS` in it.
        """
        return self._required_array("wind_speed")

    @cached_property
    def albedo(self) -> np.ndarray:
        """Ground albedo [-]; 0.2 where the file has none (assumption, see docs)."""
        if "albedo" not in self.data.columns:
            a = np.full(self.n_hours, 0.2)
        else:
            a = self.data["albedo"].to_numpy(dtype=np.float64).copy()
            a[~np.isfinite(a) | (a < 0) | (a > 1)] = 0.2
        a.setflags(write=False)
        return a

    @cached_property
    def sky_temperature(self) -> np.ndarray:
        """Sky radiative temperature [°C], one value per hour.

        From the horizontal infrared irradiance of the file by
        Stefan-Boltzmann (EnergyPlus Engineering Reference, "EnergyPlus Sky
        Temperature Calculation"); for hours without infrared data, from
        the Clark and Allen sky emissivity with the dry-bulb, dew point and
        opaque sky cover, as EnergyPlus does
        (:func:`horizontal_infrared_clark_allen`).

        Raises
        ------
        WeatherFileError
            If an hour has neither infrared data nor the three fields of the
            fallback.
        """
        n = self.n_hours
        ir = (
            self.data["ghi_infrared"].to_numpy(dtype=np.float64)
            if "ghi_infrared" in self.data.columns
            else np.full(n, np.nan)
        )
        ir = ir.copy()
        gap = ~np.isfinite(ir)
        if gap.any():
            cols = ("temp_dew", "opaque_sky_cover")
            if any(c not in self.data.columns for c in cols):
                raise WeatherFileError(
                    self.source or self.name,
                    None,
                    "sky temperature: no horizontal infrared data and no dew point/opaque "
                    "sky cover to estimate it",
                )
            est = horizontal_infrared_clark_allen(
                self.temp_air,
                self.data["temp_dew"].to_numpy(dtype=np.float64),
                self.data["opaque_sky_cover"].to_numpy(dtype=np.float64),
            )
            ir[gap] = est[gap]
            still = ~np.isfinite(ir)
            if still.any():
                i = int(np.flatnonzero(still)[0])
                raise WeatherFileError(
                    self.source or self.name,
                    _EPW_FIRST_DATA_LINE + i,
                    "sky temperature: horizontal infrared, dew point or opaque sky cover "
                    "missing at this hour",
                )
        t = sky_temperature_from_infrared(ir)
        t.setflags(write=False)
        return t

    @cached_property
    def month(self) -> np.ndarray:
        """Month of each hour (1…12, int)."""
        a = self.data.index.month.to_numpy().astype(np.int64)
        a.setflags(write=False)
        return a

    @cached_property
    def hour_of_day(self) -> np.ndarray:
        """Hour of the day at the start of each hour (0…23, int; EPW hour − 1)."""
        a = self.data.index.hour.to_numpy().astype(np.int64)
        a.setflags(write=False)
        return a

    @cached_property
    def day_of_year(self) -> np.ndarray:
        """Day of the year of each hour (1…365 or 366, int)."""
        a = self.data.index.day_of_year.to_numpy().astype(np.int64)
        a.setflags(write=False)
        return a

    @cached_property
    def hours_per_month(self) -> np.ndarray:
        """Number of hours in each month (12 ints)."""
        a = np.bincount(self.month - 1, minlength=12).astype(np.int64)
        a.setflags(write=False)
        return a

    def _required_array(self, column: str) -> np.ndarray:
        if column not in self.data.columns:
            raise WeatherFileError(self.source or self.name, None, f"no {column} data")
        a = self._array(column)
        bad = ~np.isfinite(a)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise WeatherFileError(
                self.source or self.name,
                _EPW_FIRST_DATA_LINE + i,
                f"{column} is missing here (gap longer than {MAX_GAP_HOURS} h, not filled)",
            )
        return a

    # -- aggregates ------------------------------------------------------------

    def monthly_mean(self, values) -> np.ndarray:
        """Mean of hourly values over each calendar month.

        Parameters
        ----------
        values : array_like, shape (..., n_hours)
            Hourly values (any unit).

        Returns
        -------
        numpy.ndarray, shape (..., 12)
            Monthly means, same unit.
        """
        v = np.asarray(values, dtype=float)
        if v.shape[-1] != self.n_hours:
            raise InputError(
                f"values has {v.shape[-1]} hours on its last axis; this weather has {self.n_hours}"
            )
        return self.monthly_total(v) / (3600.0 * self.hours_per_month)

    def monthly_total(self, values) -> np.ndarray:
        """Time integral of hourly values over each month (value × 3600 s).

        For an irradiance in W/m² this is the monthly irradiation in J/m²;
        for a power in W, the energy in J.

        Parameters
        ----------
        values : array_like, shape (..., n_hours)
            Hourly mean values.

        Returns
        -------
        numpy.ndarray, shape (..., 12)
            Monthly integrals [unit·s].
        """
        v = np.asarray(values, dtype=float)
        if v.shape[-1] != self.n_hours:
            raise InputError(
                f"values has {v.shape[-1]} hours on its last axis; this weather has {self.n_hours}"
            )
        # month boundaries are contiguous: sum slices with reduceat
        starts = np.concatenate(([0], np.cumsum(self.hours_per_month)[:-1]))
        return np.add.reduceat(v, starts, axis=-1) * 3600.0

    def monthly_mean_temperature(self) -> np.ndarray:
        """Monthly mean dry-bulb temperature [°C] (12 values).

        Examples
        --------
        >>> w = default()
        >>> [round(float(t), 1) for t in w.monthly_mean_temperature()[[0, 6]]]
        [3.0, 18.3]
        """
        return self.monthly_mean(self.temp_air)

    def monthly_irradiation(self, values=None) -> np.ndarray:
        """Monthly irradiation [J/m²] of an hourly irradiance (default: GHI).

        Parameters
        ----------
        values : array_like, shape (..., n_hours), optional
            Irradiance [W/m²], e.g. ``surface_irradiance(...).total``.

        Returns
        -------
        numpy.ndarray, shape (..., 12)
            Monthly irradiation [J/m²] (divide by 3.6e6 for kWh/m²).
        """
        return self.monthly_total(self.ghi if values is None else values)

    def ground_temperature(self, depth=1.0, *, diffusivity: float = 1.0e-6) -> np.ndarray:
        """Hourly undisturbed ground temperature at a depth.

        The ground surface is assumed to follow the annual wave of the air
        temperature: mean, amplitude and phase are the mean and the first
        annual harmonic (least-squares Fourier fit) of the hourly dry-bulb
        temperature. The wave is damped and delayed with depth by
        :func:`ground_temperature_kusuda` (Kusuda and Achenbach 1965). The
        daily cycle and snow or radiation effects on the surface are
        neglected (assumption). The default diffusivity,
        1.0e-6 m²/s = λ/(ρc) = 2.0 W/(m·K) / 2.0e6 J/(m³·K), is the
        sand-or-gravel ground of ISO 13370:2017, which that standard also
        takes when the soil is unknown.

        Parameters
        ----------
        depth : float or array_like
            Depth [m] (``numpy.inf``: the annual mean air temperature).
        diffusivity : float
            Ground thermal diffusivity [m²/s].

        Returns
        -------
        numpy.ndarray, shape ``np.shape(depth) + (n_hours,)``
            Ground temperature [°C].

        Examples
        --------
        >>> w = default()
        >>> round(float(w.ground_temperature(float("inf")).mean()), 2) == round(
        ...     float(w.temp_air.mean()), 2)
        True
        >>> round(float(w.ground_temperature(2.0).min()), 1)
        7.0
        """
        if not (diffusivity > 0 and math.isfinite(diffusivity)):
            raise InputError(f"diffusivity {diffusivity!r} m²/s must be a positive number")
        z = np.asarray(depth, dtype=float)
        if np.any(~(z >= 0)):
            raise InputError(f"depth {depth!r} m must be >= 0")
        tm, amp, phase = self._annual_wave
        t = self._hour_centres_s
        return ground_temperature_kusuda(t, z[..., None], tm, amp, phase, diffusivity)

    @cached_property
    def _hour_centres_s(self) -> np.ndarray:
        return (np.arange(self.n_hours) + 0.5) * 3600.0

    @cached_property
    def _annual_wave(self) -> tuple[float, float, float]:
        t = self._hour_centres_s
        w = 2.0 * math.pi / _SECONDS_PER_YEAR
        y = self.temp_air
        tm = float(y.mean())
        a = 2.0 * float(np.mean((y - tm) * np.cos(w * t)))
        b = 2.0 * float(np.mean((y - tm) * np.sin(w * t)))
        return tm, math.hypot(a, b), math.atan2(b, a)


_EPW_FIRST_DATA_LINE = _N_HEADER + 1


# ---------------------------------------------------------------------------
# EPW reading
# ---------------------------------------------------------------------------


def read_epw(
    path: str | PathLike[str],
    *,
    sun_timing: Literal["auto", "mid-hour", "time-stamp", "hour-start"] = "auto",
) -> Weather:
    """Read an EPW weather file with rehab's checks and repairs.

    Parsing is done by :func:`pvlib.iotools.read_epw`; rehab checks the
    structure, fills short gaps and refuses impossible values (see the
    module docstring).

    Parameters
    ----------
    path : str or path-like
        The ``.epw`` file.
    sun_timing : {"auto", "mid-hour", "time-stamp", "hour-start"}
        When, within each hour, the file's radiation is centred, hence where
        solar geometry must be evaluated. The EPW convention is
        ``"mid-hour"`` (values are sums over the hour ending at the time
        stamp). ``"auto"`` (default) keeps it unless the file's own
        extraterrestrial horizontal radiation (field 10, computed by its
        converter) matches the sun markedly better at the time stamp or at
        the start of the hour, as it does for some TMYx files; the choice
        is then recorded in :attr:`Weather.notes`.

    Returns
    -------
    Weather

    Raises
    ------
    WeatherFileError
        Malformed file: wrong header, row count or field count, non-numeric
        data, rows out of calendar order, a gap longer than
        :data:`MAX_GAP_HOURS` in an essential field, or a value outside the
        EPW limits. ``err.line`` is the 1-based line in the file.

    Examples
    --------
    >>> from rehab._data import data_path
    >>> w = read_epw(data_path("weather", DEFAULT_EPW))
    >>> round(w.latitude, 2), round(w.longitude, 2), w.utc_offset
    (50.8, 4.36, 1.0)
    """
    if sun_timing not in ("auto", *_SUN_TIMINGS):
        raise InputError(
            f"sun_timing {sun_timing!r} is not one of 'auto', {', '.join(map(repr, _SUN_TIMINGS))}"
        )
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError as exc:
        raise WeatherFileError(p, None, "no such file") from exc
    except IsADirectoryError as exc:
        raise WeatherFileError(p, None, "is a directory, not an EPW file") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return _weather_from_text(p, text, raw, sun_timing)


@lru_cache(maxsize=1)
def default() -> Weather:
    """The embedded default weather: Uccle TMYx 2007-2021.

    Rehab's documented proxy for Loos-en-Gohelle (climate zone H1a): Uccle
    (Brussels) lies about 100 km north-east of the mining basin and no open
    weather file exists for Lille or Lens. Climate.OneBuilding.Org TMYx
    2007-2021, derived from NOAA NCEI ISD and Copernicus ERA5 (see
    ``data/weather/README.md``). Annual mean 11.1 °C, global horizontal
    irradiation 1114 kWh/m².

    Returns
    -------
    Weather
        Cached: the same object on every call.

    Examples
    --------
    >>> w = default()
    >>> w is default()
    True
    >>> "proxy for Loos-en-Gohelle" in w.source
    True
    """
    w = read_epw(data_path("weather", DEFAULT_EPW))
    return Weather(
        data=w.data,
        name=w.name,
        latitude=w.latitude,
        longitude=w.longitude,
        elevation=w.elevation,
        utc_offset=w.utc_offset,
        source=f"{w.source} | {DEFAULT_ATTRIBUTION}",
        notes=w.notes,
        sun_offset=w.sun_offset,
        epw_ground_temperatures=w.epw_ground_temperatures,
        key=w.key,
        path=w.path,
    )


# -- internals ---------------------------------------------------------------


def _weather_from_text(path: Path, text: str, raw: bytes, sun_timing: str) -> Weather:
    import pvlib

    lines = text.splitlines()
    header = _parse_header(path, lines)
    data_lines = lines[_N_HEADER:]
    while data_lines and not data_lines[-1].strip():
        data_lines.pop()
    _check_field_counts(path, data_lines)
    n = len(data_lines)
    if n not in (8760, 8784):
        raise WeatherFileError(
            path,
            _N_HEADER + max(n, 1),
            f"{n} data rows; an hourly EPW file holds 8760 rows after its 8 header lines "
            "(8784 for a leap year)",
        )
    first_year = _first_year(path, data_lines[0])
    year = _calendar_year(n, first_year, header["weekday"])

    try:
        data, _meta = pvlib.iotools.read_epw(io.StringIO(text), coerce_year=year)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        _diagnose(path, data_lines, year)  # raises with the line when it can
        raise WeatherFileError(path, None, f"pvlib could not parse the file: {exc}") from exc
    if len(data) != n:
        _diagnose(path, data_lines, year)
        raise WeatherFileError(path, None, f"pvlib read {len(data)} rows, expected {n}")

    data = data.rename(columns={"etr": "ghi_extra", "etrn": "dni_extra"})
    _check_numeric(path, data, data_lines)
    _check_calendar(path, data, year)
    data["year"] = _original_years(path, data_lines)

    numeric = [c for c in EPW_COLUMNS if c in MISSING_CODES]
    for c in numeric:
        data[c] = data[c].astype(np.float64)
    notes: list[str] = []
    _repair_missing(path, data, notes)
    _check_limits(path, data)

    offset = _SUN_TIMINGS.get(sun_timing, 0.5)
    if sun_timing == "auto":
        offset, note = _detect_sun_offset(data, header)
        if note:
            notes.append(note)

    key = hashlib.sha1(raw + f"|sun_offset={offset}".encode()).hexdigest()
    return Weather(
        data=data,
        name=header["city"],
        latitude=header["latitude"],
        longitude=header["longitude"],
        elevation=header["elevation"],
        utc_offset=header["utc_offset"],
        source=header["source"],
        notes=tuple(notes),
        sun_offset=offset,
        epw_ground_temperatures=header["ground"],
        key=key,
        path=str(path.resolve()),
    )


def _parse_header(path: Path, lines: list[str]) -> dict[str, Any]:
    for i, expected in enumerate(_HEADER):
        if i >= len(lines):
            raise WeatherFileError(
                path,
                max(len(lines), 1),
                f"the file ends before its {expected!r} header line; an EPW file starts with "
                "8 header lines (LOCATION … DATA PERIODS)",
            )
        if not lines[i].lstrip("\ufeff").upper().startswith(expected):
            shown = lines[i][:40]
            raise WeatherFileError(
                path,
                i + 1,
                f"expected the {expected!r} header line, found {shown!r}; an EPW file starts "
                "with 8 header lines (LOCATION … DATA PERIODS)",
            )
    loc = [f.strip() for f in lines[0].lstrip("\ufeff").split(",")]
    if len(loc) < 10:
        raise WeatherFileError(
            path, 1, f"LOCATION line has {len(loc)} fields; it needs 10 (… lat, lon, TZ, elev)"
        )
    vals = {}
    for name, idx, lo, hi, unit in (
        ("latitude", 6, -90.0, 90.0, "deg"),
        ("longitude", 7, -180.0, 180.0, "deg"),
        ("utc_offset", 8, -12.0, 14.0, "h"),
        ("elevation", 9, -1000.0, 9999.9, "m"),
    ):
        try:
            v = float(loc[idx])
        except ValueError:
            raise WeatherFileError(
                path, 1, f"LOCATION {name} {loc[idx]!r} is not a number [{unit}]"
            ) from None
        if not (lo <= v <= hi):
            raise WeatherFileError(
                path, 1, f"LOCATION {name} {v} {unit} is outside {lo}..{hi} {unit}"
            )
        vals[name] = v

    periods = [f.strip() for f in lines[7].split(",")]
    if len(periods) > 2 and periods[2] not in ("1", ""):
        raise WeatherFileError(
            path,
            8,
            f"DATA PERIODS gives {periods[2]} records per hour; rehab reads hourly EPW files only",
        )
    weekday = periods[4].lower() if len(periods) > 4 else ""
    if weekday not in _WEEKDAYS:
        weekday = "sunday"

    ground: dict[float, tuple[float, ...]] = {}
    g = [f.strip() for f in lines[3].split(",")]
    try:
        k, pos = int(g[1]), 2
        for _ in range(k):
            depth = float(g[pos])
            temps = tuple(float(x) for x in g[pos + 4 : pos + 16])
            if len(temps) == 12:
                ground[depth] = temps
            pos += 16
    except (ValueError, IndexError):
        ground = {}

    comments = [ln.split(",", 1)[1].strip().strip('"') for ln in lines[5:7] if "," in ln]
    src = f"{path.name}: {loc[4]} data for {loc[1]}, {loc[3]} (WMO {loc[5]})"
    src += "".join(f"; {c}" for c in comments if c)
    return {
        "city": loc[1],
        "source": src,
        "weekday": weekday,
        "ground": ground,
        **vals,
    }


def _check_field_counts(path: Path, data_lines: list[str]) -> None:
    for i, ln in enumerate(data_lines):
        n = ln.count(",") + 1
        if n != _N_FIELDS:
            what = "an empty line" if not ln.strip() else f"{n} fields"
            raise WeatherFileError(
                path,
                _EPW_FIRST_DATA_LINE + i,
                f"{what}; an EPW data row has {_N_FIELDS} comma-separated fields",
            )


def _first_year(path: Path, line: str) -> int:
    y = line.split(",", 1)[0].strip()
    try:
        return int(y)
    except ValueError:
        raise WeatherFileError(
            path, _EPW_FIRST_DATA_LINE, f"year {y!r} is not an integer"
        ) from None


def _original_years(path: Path, data_lines: list[str]) -> np.ndarray:
    """The year field as written in the file (pvlib replaced it by the calendar year)."""
    years = pd.to_numeric(pd.Series([ln.split(",", 1)[0] for ln in data_lines]), errors="coerce")
    v = years.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(v) | (v != np.round(v)) | (v < 1) | (v > 9999)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise WeatherFileError(
            path,
            _EPW_FIRST_DATA_LINE + i,
            f"year {data_lines[i].split(',', 1)[0]!r} is not an integer from 1 to 9999",
        )
    return v.astype(np.int64)


def _calendar_year(n: int, first_year: int, weekday: str) -> int:
    """Year on which the rows are put (see module docstring)."""
    wd = _WEEKDAYS.index(weekday)
    leap = n == 8784
    if leap and calendar.isleap(first_year) and 1 <= first_year <= 9999:
        return first_year
    for y in range(2000, 2100):
        if calendar.isleap(y) == leap and _dt.date(y, 1, 1).weekday() == wd:
            return y
    raise AssertionError("unreachable")  # pragma: no cover


def _expected_calendar(n: int, year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    idx = pd.date_range(f"{year}-01-01", periods=n, freq="h")
    return idx.month.to_numpy(), idx.day.to_numpy(), idx.hour.to_numpy() + 1


def _calendar_error(path: Path, i: int, found, year: int, n: int) -> WeatherFileError:
    em, ed, eh = (a[i] for a in _expected_calendar(n, year))
    fm, fd, fh = (f"{v:.6g}" if abs(v) >= 1e6 else v for v in found)  # 1e300 not as 301 digits
    kind = "a leap-year file (8784 rows)" if n == 8784 else "a typical-year file (8760 rows)"
    return WeatherFileError(
        path,
        _EPW_FIRST_DATA_LINE + i,
        f"month/day hour {fm}/{fd} {fh} where {em}/{ed} {eh} is expected: rows must be "
        f"consecutive hours from 1/1 hour 1 in {kind}",
    )


def _check_calendar(path: Path, data: pd.DataFrame, year: int) -> None:
    n = len(data)
    em, ed, eh = _expected_calendar(n, year)
    fm = data["month"].to_numpy()
    fd = data["day"].to_numpy()
    fh = data["hour"].to_numpy()
    bad = (fm != em) | (fd != ed) | (fh != eh)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise _calendar_error(path, i, (fm[i], fd[i], fh[i]), year, n)


def _check_numeric(path: Path, data: pd.DataFrame, data_lines: list[str]) -> None:
    for c in EPW_COLUMNS:
        if c in ("data_source_unct", "year"):
            continue
        col = data[c]
        if col.dtype.kind in "iuf":
            continue
        num = pd.to_numeric(col, errors="coerce")
        bad = num.isna().to_numpy() & col.notna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise WeatherFileError(
                path,
                _EPW_FIRST_DATA_LINE + i,
                f"field {EPW_COLUMNS.index(c) + 1} ({c}) is {col.iloc[i]!r}, not a number",
            )
        data[c] = num
    for c in ("month", "day", "hour"):
        v = data[c].to_numpy(dtype=float)
        bad = ~np.isfinite(v) | (v != np.round(v))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise WeatherFileError(
                path, _EPW_FIRST_DATA_LINE + i, f"{c} {data[c].iloc[i]!r} is not an integer"
            )


def _diagnose(path: Path, data_lines: list[str], year: int) -> None:
    """Find the first bad line when pvlib failed (slow path, raises)."""
    n = len(data_lines)
    em, ed, eh = _expected_calendar(n, year)
    for i, ln in enumerate(data_lines):
        fields = ln.split(",")
        for j, f in enumerate(fields):
            if j == 5 or not f.strip():
                continue
            try:
                float(f)
            except ValueError:
                raise WeatherFileError(
                    path,
                    _EPW_FIRST_DATA_LINE + i,
                    f"field {j + 1} ({EPW_COLUMNS[j]}) is {f.strip()!r}, not a number",
                ) from None
        try:
            m, d, h = (int(float(x)) for x in fields[1:4])
        except (ValueError, OverflowError):  # blank, text, nan, inf
            raise WeatherFileError(
                path, _EPW_FIRST_DATA_LINE + i, "month, day or hour is empty or not an integer"
            ) from None
        if (m, d, h) != (em[i], ed[i], eh[i]):
            raise _calendar_error(path, i, (m, d, h), year, n)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True as (start, length); a run across 31 Dec → 1 Jan is one run."""
    n = mask.size
    if not mask.any():
        return []
    if mask.all():
        return [(0, n)]
    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    runs = [(int(s), int(e - s)) for s, e in zip(starts, ends, strict=True)]
    if len(runs) > 1 and mask[0] and mask[-1]:
        first = runs.pop(0)
        last = runs.pop()
        runs.append((last[0], last[1] + first[1]))
    return runs


def _repair_missing(path: Path, data: pd.DataFrame, notes: list[str]) -> None:
    n = len(data)
    idx = np.arange(n, dtype=float)
    for c, code in MISSING_CODES.items():
        v = data[c].to_numpy(dtype=np.float64).copy()
        missing = ~np.isfinite(v) | (v >= code - 1e-9 * abs(code))
        if not missing.any():
            continue
        runs = _runs(missing)
        long_runs = [(s, ln) for s, ln in runs if ln > MAX_GAP_HOURS]
        if c in ESSENTIAL_FIELDS and long_runs:
            s, ln = min(long_runs, key=lambda r: r[0])
            last = (s + ln - 1) % n
            raise WeatherFileError(
                path,
                _EPW_FIRST_DATA_LINE + s,
                f"{c}: {ln} consecutive hours missing (EPW code {code:g} or blank) from this "
                f"line to line {_EPW_FIRST_DATA_LINE + last}; rehab fills gaps of at most "
                f"{MAX_GAP_HOURS} h and {c} is essential",
            )
        fill = np.zeros(n, dtype=bool)
        if c in _INTERPOLATED and len(runs) and not missing.all():
            for s, ln in runs:
                if ln <= MAX_GAP_HOURS:
                    fill[(s + np.arange(ln)) % n] = True
        v[missing] = np.nan
        if fill.any():
            good = ~missing
            if c == "wind_direction":
                rad = np.radians(v[good])
                sx = np.interp(idx[fill], idx[good], np.sin(rad), period=n)
                cx = np.interp(idx[fill], idx[good], np.cos(rad), period=n)
                v[fill] = np.degrees(np.arctan2(sx, cx)) % 360.0
            else:
                v[fill] = np.interp(idx[fill], idx[good], v[good], period=n)
            nf = int(fill.sum())
            ng = sum(1 for s, ln in runs if ln <= MAX_GAP_HOURS)
            first = int(np.flatnonzero(fill)[0])
            notes.append(
                f"{c}: {nf} missing value(s) in {ng} gap(s) of at most {MAX_GAP_HOURS} h filled "
                f"by linear interpolation (first at line {_EPW_FIRST_DATA_LINE + first})"
            )
        left = missing & ~fill
        if left.any():
            first = int(np.flatnonzero(left)[0])
            why = (
                "not interpolated for this field"
                if c not in _INTERPOLATED
                else f"in gaps longer than {MAX_GAP_HOURS} h"
            )
            notes.append(
                f"{c}: {int(left.sum())} missing value(s) (EPW code {code:g} or blank) left as "
                f"NaN, {why} (first at line {_EPW_FIRST_DATA_LINE + first})"
            )
        data[c] = v


def _check_limits(path: Path, data: pd.DataFrame) -> None:
    for c, (lo, hi, unit) in _LIMITS.items():
        v = data[c].to_numpy(dtype=np.float64)
        with np.errstate(invalid="ignore"):
            bad = (v < lo) | (v > hi)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            rng = f">= {lo:g} {unit}" if math.isinf(hi) else f"{lo:g}..{hi:g} {unit}"
            raise WeatherFileError(
                path,
                _EPW_FIRST_DATA_LINE + i,
                f"{c} = {v[i]:g} {unit} is physically impossible (allowed: {rng}, EPW data "
                "dictionary)",
            )


def _detect_sun_offset(data: pd.DataFrame, header: Mapping[str, Any]) -> tuple[float, str]:
    """Centre of the radiation hour as revealed by the file's own ETR field."""
    from pvlib import irradiance, solarposition

    etr = data["ghi_extra"].to_numpy(dtype=np.float64)
    ok = np.isfinite(etr)
    if ok.sum() < 1000 or np.nanmax(etr) <= 0:
        return 0.5, ""
    doy = data.index.day_of_year.to_numpy()
    e0 = np.asarray(irradiance.get_extra_radiation(doy), dtype=float)
    decl = solarposition.declination_spencer71(doy)
    eot = solarposition.equation_of_time_spencer71(doy)
    lat = math.radians(header["latitude"])
    rmse = {}
    for off in (0.0, 0.5, 1.0):
        times = data.index + pd.Timedelta(hours=off)
        ha = np.radians(solarposition.hour_angle(times, header["longitude"], eot))
        zen = solarposition.solar_zenith_analytical(lat, ha, decl)
        model = e0 * np.maximum(np.cos(zen), 0.0)
        rmse[off] = float(np.sqrt(np.mean((model[ok] - etr[ok]) ** 2)))
    best = min(rmse, key=rmse.__getitem__)
    if best == 0.5 or rmse[best] > 0.5 * rmse[0.5]:
        return 0.5, ""
    where = {0.0: "the start of the hour", 1.0: "the time stamp (end of the hour)"}[best]
    return best, (
        f"radiation timing: the file's extraterrestrial horizontal radiation matches the sun "
        f"at {where} (RMSE {rmse[best]:.0f} W/m²) rather than mid-hour (RMSE "
        f"{rmse[0.5]:.0f} W/m²), so solar geometry is evaluated there "
        f"(sun_offset = {best:g} h)"
    )


def conventional(zone: str = "H1a", altitude_class: str = "below_400", ilpa: bool = False):
    """The 3CL-DPE conventional monthly climate of a French zone (default H1a).

    The official 3CL tables (external temperature, degree-hours below 19 °C,
    sunshine per orientation, heating hours, cold-water temperature) used for
    conventional calculations such as the DPE estimate; the same object as
    :func:`rehab.threecl.climate`.

    Examples
    --------
    >>> c = conventional("H1a")
    >>> c.zone, round(float(c.dh19.sum()))
    ('H1a', 60585)
    """
    from .threecl import climate

    return climate(zone, altitude_class, ilpa)
