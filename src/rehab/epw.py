"""The EPW file format: its fields, missing-value codes and limits, and the parsing
with rehab's checks and repairs behind :func:`rehab.weather.read_epw`.

Sources: EnergyPlus Auxiliary Programs, "EnergyPlus Weather File (EPW) Data
Dictionary" (fields, ``\\missing`` codes, limits); parsing by
:func:`pvlib.iotools.read_epw`. See :mod:`rehab.weather` for the rules
applied (header, row and field counts, calendar order, gaps, limits, the
radiation timing).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import hashlib
import io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .errors import WeatherFileError

__all__ = ["EPW_COLUMNS", "ESSENTIAL_FIELDS", "MAX_GAP_HOURS", "MISSING_CODES", "ParsedEPW", "parse_epw"]

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


_SUN_TIMINGS = {"hour-start": 0.0, "mid-hour": 0.5, "time-stamp": 1.0}
_WEEKDAYS = [d.lower() for d in calendar.day_name]  # monday … sunday
_EPW_FIRST_DATA_LINE = _N_HEADER + 1


class ParsedEPW(NamedTuple):
    """What :func:`parse_epw` returns: the checked, repaired hourly data and the header."""

    data: pd.DataFrame
    header: dict[str, Any]
    notes: tuple[str, ...]
    sun_offset: float
    key: str


def parse_epw(path: Path, text: str, raw: bytes, sun_timing: str) -> ParsedEPW:
    """Parse the text of an EPW file with rehab's checks and repairs.

    Parameters
    ----------
    path : Path
        The file (named in errors).
    text : str
        Its decoded text.
    raw : bytes
        Its bytes (hashed into the weather's cache key with the sun offset).
    sun_timing : str
        ``"auto"`` or one of the keys of the timing table (see
        :func:`rehab.weather.read_epw`).

    Returns
    -------
    ParsedEPW

    Raises
    ------
    WeatherFileError
        With the 1-based line of the file where it can.
    """
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
    return ParsedEPW(data=data, header=header, notes=tuple(notes), sun_offset=offset, key=key)


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


