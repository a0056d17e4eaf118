"""Tests of rehab.weather: EPW reading, checks and repairs, the default weather."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rehab.weather as rw
from rehab._data import data_path
from rehab.errors import InputError, WeatherFileError

DATA = Path(__file__).parent / "data"
DENVER = DATA / "USA_CO_Denver.Intl.AP.725650_TMY3.epw"
FIRST = 9  # first data line of an EPW file (after 8 header lines)


@pytest.fixture(scope="module")
def denver() -> rw.Weather:
    return rw.read_epw(DENVER)


@pytest.fixture(scope="module")
def denver_lines() -> list[str]:
    return DENVER.read_text().splitlines()


def write_variant(tmp_path: Path, lines: list[str], name: str = "variant.epw") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n")
    return p


def set_field(line: str, field: int, value: str) -> str:
    """Replace the 1-based ``field`` of a data line."""
    parts = line.split(",")
    parts[field - 1] = value
    return ",".join(parts)


F_TEMP, F_GHI, F_DNI, F_DHI, F_WDIR, F_WSPD = 7, 14, 15, 16, 21, 22


# -- the default weather ---------------------------------------------------------


def test_default_is_uccle_with_published_figures():
    w = rw.default()
    assert w is rw.default()  # cached
    assert w.name == "Uccle"
    assert w.n_hours == 8760
    # reference/validation.md: mean 11.1 °C, horizontal solar about 1114 kWh/m²·yr
    assert w.temp_air.mean() == pytest.approx(11.1, abs=0.05)
    assert w.ghi.sum() / 1000.0 == pytest.approx(1114, abs=1.0)
    # HDD18 about 2640 K·d (validation.md): daily means, sum of max(0, 18 - T)
    daily = w.temp_air.reshape(365, 24).mean(axis=1)
    assert np.maximum(18.0 - daily, 0.0).sum() == pytest.approx(2640, abs=5)
    assert (w.latitude, w.longitude, w.elevation, w.utc_offset) == pytest.approx(
        (50.7969, 4.3581, 101.0, 1.0)
    )
    assert "Climate.OneBuilding.Org" in w.source
    assert "proxy for Loos-en-Gohelle" in w.source
    assert "ERA5" in w.source
    assert Path(w.path).name == rw.DEFAULT_EPW and Path(w.path).is_file()


def test_default_radiation_timing_detected_and_noted():
    w = rw.default()
    assert w.sun_offset == 1.0
    assert any("radiation timing" in n for n in w.notes)
    explicit = rw.read_epw(data_path("weather", rw.DEFAULT_EPW), sun_timing="mid-hour")
    assert explicit.sun_offset == 0.5
    assert not any("radiation timing" in n for n in explicit.notes)
    assert explicit != w  # the sun timing is part of the identity


def test_denver_reads_clean_with_mid_hour_timing(denver):
    assert denver.n_hours == 8760
    assert denver.name == "DENVER INTL AP"
    assert denver.sun_offset == 0.5
    # ASHRAE 140-2020 Table B8-13 horizontal irradiation 1663-1670 kWh/m²; the file: 1670.2
    assert denver.ghi.sum() / 1000.0 == pytest.approx(1670.22, abs=0.01)
    assert denver.elevation == 1650.0
    assert denver.utc_offset == -7.0
    # liquid precipitation is coded missing (999 / 99) in many hours: kept as NaN, noted
    assert any(n.startswith("liquid_precipitation_depth") for n in denver.notes)
    assert np.isnan(denver.data["liquid_precipitation_quantity"]).sum() == 1974


def test_index_is_local_standard_time_on_one_year(denver):
    idx = denver.data.index
    assert str(idx.tz) == "UTC-07:00"
    # EPW hour 1 of 1 January is the row stamped 00:00 (start of the hour)
    assert idx[0] == pd.Timestamp("2006-01-01 00:00", tz=idx.tz)
    assert idx[-1] == pd.Timestamp("2006-12-31 23:00", tz=idx.tz)
    # DATA PERIODS says the year starts on a Sunday: 2006 does
    assert idx[0].day_name() == "Sunday"
    assert (np.diff(idx.asi8) == 3_600_000_000).all()
    # the year field as written in the file is kept (TMY months come from many years)
    assert denver.data["year"].iloc[0] == 1995
    assert denver.data["year"].nunique() > 5


def test_all_epw_fields_kept_with_pvlib_names(denver):
    for c in rw.EPW_COLUMNS:
        assert c in denver.data.columns
    assert "etr" not in denver.data.columns  # renamed to pvlib's ghi_extra


def test_accessors_are_read_only_float_arrays(denver):
    for name in ("temp_air", "ghi", "dni", "dhi", "wind_speed", "sky_temperature", "albedo"):
        a = getattr(denver, name)
        assert a.dtype == np.float64
        assert a.shape == (8760,)
        assert not a.flags.writeable
        assert getattr(denver, name) is a  # computed once
    assert denver.month.min() == 1 and denver.month.max() == 12
    assert denver.hour_of_day.min() == 0 and denver.hour_of_day.max() == 23
    assert denver.day_of_year[0] == 1 and denver.day_of_year[-1] == 365
    assert denver.hours_per_month.tolist() == [
        24 * d for d in (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    ]
    # first row of the file: -18.0 °C, GHI 0
    assert denver.temp_air[0] == pytest.approx(-18.0)


def test_weather_is_hashable_with_stable_key(denver):
    again = rw.read_epw(str(DENVER))  # str path accepted
    assert again == denver
    assert hash(again) == hash(denver)
    assert again.key == denver.key
    assert len(denver.key) == 40
    assert {denver: 1}[again] == 1
    assert again != rw.default()


def test_monthly_helpers_match_a_hand_groupby(denver):
    by_month = pd.Series(denver.temp_air).groupby(denver.month).mean().to_numpy()
    np.testing.assert_allclose(denver.monthly_mean_temperature(), by_month)
    # monthly irradiation [J/m²] sums to the annual GHI: 1670.22 kWh/m² * 3.6e6 J/kWh
    assert denver.monthly_irradiation().sum() == pytest.approx(1670.22 * 3.6e6, rel=1e-9)
    # batch over a leading axis
    two = np.vstack([denver.ghi, 2 * denver.ghi])
    m = denver.monthly_mean(two)
    assert m.shape == (2, 12)
    np.testing.assert_allclose(m[1], 2 * m[0])
    with pytest.raises(InputError, match="8760"):
        denver.monthly_mean(np.zeros(100))


def test_sky_temperature_matches_energyplus_bestest(denver):
    # ASHRAE 140-2020 Table B8-16 (case 600 sky temperature), EnergyPlus, which derives
    # it from the same horizontal IR: annual mean -2.0 °C, minimum -38.0 °C
    t = denver.sky_temperature
    print(f"Denver sky temperature: mean {t.mean():.2f}, min {t.min():.2f}, max {t.max():.2f} °C")
    assert t.mean() == pytest.approx(-2.0, abs=0.15)
    assert t.min() == pytest.approx(-38.0, abs=0.5)
    # hand check of one hour: IR 181 W/m² (first row) -> (181 / 5.670374419e-8)^0.25 - 273.15
    assert t[0] == pytest.approx((181 / 5.670374419e-8) ** 0.25 - 273.15)


def test_sky_temperature_falls_back_to_clark_allen():
    idx = pd.date_range("2006-01-01", periods=8760, freq="h")
    df = pd.DataFrame(
        {
            "temp_air": 20.0 - 0.15,
            "temp_dew": 10.0 - 0.15,
            "opaque_sky_cover": 0.0,
            "ghi": 0.0,
            "dni": 0.0,
            "dhi": 0.0,
        },
        index=idx,
    )
    w = rw.Weather.from_dataframe(df, name="x", latitude=50.0, longitude=3.0, utc_offset=1)
    # EnergyPlus Engineering Reference example: eps = 0.787 + 0.764 ln(283/273), IR = eps σ 293^4
    eps = 0.787 + 0.764 * math.log(283.0 / 273.0)
    ir = eps * 5.670374419e-8 * 293.0**4
    assert w.sky_temperature[0] == pytest.approx(ir**0.25 / 5.670374419e-8**0.25 - 273.15)
    assert ir == pytest.approx(340.6, abs=0.3)


def test_ground_temperature_wave(denver):
    w = denver
    deep = w.ground_temperature(np.inf)
    np.testing.assert_allclose(deep, w.temp_air.mean())
    # surface: first annual harmonic of the air temperature
    tm = w.temp_air.mean()
    amp = 2 * abs(np.fft.rfft(w.temp_air)[1]) / w.n_hours  # one cycle per 8760 h
    surf = w.ground_temperature(0.0)
    assert surf.mean() == pytest.approx(tm, abs=1e-6)
    assert (surf.max() - surf.min()) / 2 == pytest.approx(amp, rel=1e-4)
    # at depth z the amplitude is A exp(-z/d), d = sqrt(2 alpha / omega) (Kusuda-Achenbach)
    alpha = 1.0e-6
    d = math.sqrt(2 * alpha / (2 * math.pi / (365 * 86400)))
    g = w.ground_temperature([1.0, 3.0], diffusivity=alpha)
    assert g.shape == (2, 8760)
    for z, row in zip((1.0, 3.0), g, strict=True):
        assert (row.max() - row.min()) / 2 == pytest.approx(amp * math.exp(-z / d), rel=1e-3)
    # the wave is delayed with depth: the coldest hour comes later at 3 m than at 1 m
    assert g[1].argmin() > g[0].argmin()
    with pytest.raises(InputError):
        w.ground_temperature(-1.0)


# -- malformed files ----------------------------------------------------------------


def test_short_file_names_its_last_line():
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(DATA / "epw" / "short.epw")
    assert e.value.line == 56
    assert "48 data rows" in str(e.value)
    assert "8760" in str(e.value)


def test_bad_header_names_its_line():
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(DATA / "epw" / "bad_header.epw")
    assert e.value.line == 4
    assert "GROUND TEMPERATURES" in str(e.value)


def test_missing_file_is_a_weather_file_error(tmp_path):
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(tmp_path / "nothing.epw")
    assert isinstance(e.value, ValueError)  # also an InputError / ValueError
    assert e.value.line is None


def test_bad_field_count_names_the_line(tmp_path, denver_lines):
    lines = list(denver_lines)
    lines[99] = lines[99].rsplit(",", 1)[0]  # drop the last field of line 100
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, lines))
    assert e.value.line == 100
    assert "34 fields" in str(e.value)


def test_text_in_a_number_names_the_line_and_field(tmp_path, denver_lines):
    lines = list(denver_lines)
    lines[499] = set_field(lines[499], F_TEMP, "abc")
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, lines))
    assert e.value.line == 500
    assert "temp_air" in str(e.value) and "'abc'" in str(e.value)


def test_text_in_the_date_names_the_line(tmp_path, denver_lines):
    lines = list(denver_lines)
    lines[2999] = set_field(lines[2999], 3, "x5")  # the day field
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, lines))
    assert e.value.line == 3000


@pytest.mark.parametrize(("field", "value", "message"), [
    (2, "inf", "month, day or hour is empty or not an integer"),  # was a bare OverflowError (fuzz, 2026-12-06)
    (4, "1e309", "month, day or hour is empty or not an integer"),
    (1, "1e300", "year '1e300' is not an integer from 1 to 9999"),  # was accepted, cast to garbage
    (1, "-5", "year '-5' is not an integer from 1 to 9999"),
    (4, "1e300", "month/day hour 1/4 1e+300 where"),  # not 301 digits
])
def test_infinite_or_huge_date_fields_name_the_line(tmp_path, denver_lines, field, value, message):
    lines = list(denver_lines)
    lines[99] = set_field(lines[99], field, value)
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, lines))
    assert e.value.line == 100 and message in str(e.value)


def test_rows_out_of_order_name_the_line(tmp_path, denver_lines):
    lines = list(denver_lines)
    lines[1000], lines[1001] = lines[1001], lines[1000]
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, lines))
    assert e.value.line == 1001
    assert "consecutive hours" in str(e.value)


def test_long_gap_in_an_essential_field_raises_at_its_first_line(tmp_path, denver_lines):
    lines = list(denver_lines)
    for i in range(999, 1009):  # lines 1000..1009: 10 h of missing dry bulb
        lines[i] = set_field(lines[i], F_TEMP, "99.9")
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, lines))
    assert e.value.line == 1000
    assert "temp_air" in str(e.value) and "10 consecutive hours" in str(e.value)


def test_long_gap_in_radiation_raises(tmp_path, denver_lines):
    lines = list(denver_lines)
    for i in range(4999, 5006):  # 7 h > 6 h
        lines[i] = set_field(lines[i], F_DNI, "9999")
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, lines))
    assert e.value.line == 5000
    assert "dni" in str(e.value)


def test_short_gaps_are_interpolated_and_noted(tmp_path, denver_lines):
    lines = list(denver_lines)
    before = float(lines[1998].split(",")[F_TEMP - 1])  # line 1999
    after = float(lines[2002].split(",")[F_TEMP - 1])  # line 2003
    for i in (1999, 2000, 2001):  # lines 2000..2002 missing: 99.9, blank, 99.9
        lines[i] = set_field(lines[i], F_TEMP, "" if i == 2000 else "99.9")
    w = rw.read_epw(write_variant(tmp_path, lines))
    # linear between line 1999 and line 2003 (rows 1990 and 1994)
    expected = before + (after - before) * np.array([1, 2, 3]) / 4
    np.testing.assert_allclose(w.temp_air[1991:1994], expected)
    note = [n for n in w.notes if n.startswith("temp_air")]
    assert len(note) == 1
    assert "3 missing value(s) in 1 gap(s)" in note[0] and "line 2000" in note[0]


def test_wind_direction_is_interpolated_on_the_circle(tmp_path, denver_lines):
    lines = list(denver_lines)
    lines[599] = set_field(lines[599], F_WDIR, "350")
    lines[600] = set_field(lines[600], F_WDIR, "999")
    lines[601] = set_field(lines[601], F_WDIR, "10")
    w = rw.read_epw(write_variant(tmp_path, lines))
    wd = w.data["wind_direction"].to_numpy()[592]
    assert min(wd, 360 - wd) == pytest.approx(0.0, abs=1e-6)  # north, not 180


def test_long_gap_in_wind_speed_is_kept_nan_and_raises_when_used(tmp_path, denver_lines):
    lines = list(denver_lines)
    for i in range(6999, 7019):  # lines 7000..7019
        lines[i] = set_field(lines[i], F_WSPD, "999")
    w = rw.read_epw(write_variant(tmp_path, lines))
    assert any(n.startswith("wind_speed") and "line 7000" in n for n in w.notes)
    assert np.isnan(w.data["wind_speed"].to_numpy()[6991:7011]).all()
    with pytest.raises(WeatherFileError) as e:
        _ = w.wind_speed
    assert e.value.line == 7000


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [(F_TEMP, "75.0", "temp_air"), (F_GHI, "-5", "ghi"), (F_WSPD, "55", "wind_speed")],
)
def test_impossible_values_raise_with_their_line(tmp_path, denver_lines, field, value, what):
    lines = list(denver_lines)
    lines[4199] = set_field(lines[4199], field, value)
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, lines))
    assert e.value.line == 4200
    assert what in str(e.value) and "impossible" in str(e.value)


def _leap_lines(denver_lines: list[str], *, with_feb29: bool) -> list[str]:
    header, rows = denver_lines[:8], denver_lines[8:]
    feb28 = rows[58 * 24 : 59 * 24]
    extra = [set_field(r, 3, "29") if with_feb29 else r for r in feb28]
    rows = rows[: 59 * 24] + extra + rows[59 * 24 :]
    return header + [set_field(r, 1, "2020") for r in rows]


def test_leap_year_file_keeps_8784_hours(tmp_path, denver_lines):
    w = rw.read_epw(write_variant(tmp_path, _leap_lines(denver_lines, with_feb29=True)))
    assert w.n_hours == 8784
    idx = w.data.index
    assert idx[0].year == 2020  # a leap year in the file is kept
    assert ((idx.month == 2) & (idx.day == 29)).sum() == 24
    assert idx[-1] == pd.Timestamp("2020-12-31 23:00", tz=idx.tz)
    assert w.day_of_year[-1] == 366
    assert w.hours_per_month[1] == 29 * 24


def test_8784_rows_without_29_february_raise(tmp_path, denver_lines):
    with pytest.raises(WeatherFileError) as e:
        rw.read_epw(write_variant(tmp_path, _leap_lines(denver_lines, with_feb29=False)))
    assert e.value.line == FIRST + 59 * 24  # first hour of the duplicated 28 February
    assert "2/28 1" in str(e.value) and "2/29 1" in str(e.value)


def test_bad_sun_timing_is_refused():
    with pytest.raises(InputError, match="sun_timing"):
        rw.read_epw(DENVER, sun_timing="noon")


# -- Weather built from a DataFrame ------------------------------------------------


def test_from_dataframe_checks_its_input():
    idx = pd.date_range("2006-01-01", periods=8760, freq="h")
    df = pd.DataFrame({"temp_air": 5.0, "ghi": 0.0, "dni": 0.0, "dhi": 0.0}, index=idx)
    w = rw.Weather.from_dataframe(df, name="t", latitude=50.4, longitude=2.8, utc_offset=1.0)
    assert str(w.data.index.tz) == "UTC+01:00"
    assert w == rw.Weather.from_dataframe(df, name="t", latitude=50.4, longitude=2.8, utc_offset=1)
    with pytest.raises(InputError, match="8760"):
        rw.Weather.from_dataframe(df.iloc[:100], name="t", latitude=50.4, longitude=2.8)
    bad = df.copy()
    bad.iloc[10, 0] = np.nan
    with pytest.raises(InputError, match="temp_air"):
        rw.Weather.from_dataframe(bad, name="t", latitude=50.4, longitude=2.8)
    with pytest.raises(InputError, match="dni"):
        rw.Weather.from_dataframe(df.drop(columns="dni"), name="t", latitude=50.4, longitude=2.8)
    with pytest.raises(InputError, match="latitude"):
        rw.Weather.from_dataframe(df, name="t", latitude=95.0, longitude=2.8)


def test_from_dataframe_needs_a_regular_year_from_1_january():
    idx = pd.date_range("2006-07-01", periods=8760, freq="h")
    df = pd.DataFrame({"temp_air": 5.0, "ghi": 0.0, "dni": 0.0, "dhi": 0.0}, index=idx)
    with pytest.raises(InputError, match="1 January"):
        rw.Weather.from_dataframe(df, name="t", latitude=50.4, longitude=2.8)
    half_hourly = df.set_axis(pd.date_range("2006-01-01", periods=8760, freq="30min"))
    with pytest.raises(InputError, match="hourly"):
        rw.Weather.from_dataframe(half_hourly, name="t", latitude=50.4, longitude=2.8)
