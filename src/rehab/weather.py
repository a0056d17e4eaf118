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

import datetime as _dt
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from os import PathLike
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ._data import data_path
from .epw import (
    _EPW_FIRST_DATA_LINE,
    _SUN_TIMINGS,
    EPW_COLUMNS,
    ESSENTIAL_FIELDS,
    MAX_GAP_HOURS,
    MISSING_CODES,
    parse_epw,
)
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

#: Columns :meth:`Weather.from_dataframe` fills when absent: column -> (value, note).
#: ghi_infrared's value is the sky depression Δθ_er [K].
DATAFRAME_DEFAULTS: Mapping[str, tuple[float, str]] = {
    "wind_speed": (4.0, "4 m/s assumed (ISO 6946:2017 Annex C, the wind speed behind Rse = 0.04 m²·K/W)"),
    "wind_direction": (225.0, "225° (south-west) assumed, the prevailing wind of the Nord-Pas-de-Calais "
                              "(Météo-France Lille-Lesquin wind rose)"),
    "ghi_infrared": (11.0, "sky temperature taken 11 K below the air (ISO 13790:2008 11.4.6, intermediate "
                           "zones); horizontal infrared from it by Stefan-Boltzmann"),
}

#: Stefan-Boltzmann constant [W/(m²·K⁴)] (CODATA 2018, exact since the 2019 SI).
STEFAN_BOLTZMANN = 5.670374419e-8

_KELVIN = 273.15
_SECONDS_PER_YEAR = 365.0 * 86400.0


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
    parsed = parse_epw(p, text, raw, sun_timing)
    header = parsed.header
    return Weather(
        data=parsed.data,
        name=header["city"],
        latitude=header["latitude"],
        longitude=header["longitude"],
        elevation=header["elevation"],
        utc_offset=header["utc_offset"],
        source=header["source"],
        notes=parsed.notes,
        sun_offset=parsed.sun_offset,
        epw_ground_temperatures=header["ground"],
        key=parsed.key,
        path=str(p.resolve()),
    )


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
