"""Running EnergyPlus: .err parsing, failures, time-outs, parallel runs, results."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from rehab.energyplus.bestest import bestest_model
from rehab.energyplus.idf import (
    Construction,
    Gain,
    Model,
    NoMassLayer,
    OpaqueLayer,
    Surface,
    Window,
    WindowConstruction,
    Zone,
    build_idf,
    horizontal_vertices,
    wall_vertices,
    window_vertices,
)
from rehab.energyplus.results import read_sql
from rehab.energyplus.runner import parse_err, run_idf, run_many
from rehab.errors import EnergyPlusError, MissingExtraError, SimulationError, WeatherFileError

HERE = Path(__file__).parent
_NAME = "USA_CO_Denver.Intl.AP.725650_TMY3.epw"
DENVER = HERE / "data" / _NAME

ERR_SAMPLE = """Program Version,EnergyPlus, Version 25.2.0-cf7368216c, YMD=2026.11.28 05:00,
   ** Warning ** Site:GroundTemperature:BuildingSurface: Some values fall outside the range of 15-25C.
   **   ~~~   ** These values may be inappropriate.  Please consult the Input Output Reference for more details.
   ** Severe  ** <root>[Construction][Broken] - Missing required property 'outside_layer'.
   ** Severe  ** GetConstructData: Construction=BROKEN Did not find matching material for layer="MISSING".
   **  Fatal  ** GetSurfaceData: Errors discovered, program terminates.
   ...Summary of Errors that led to program termination:
   ..... Reference severe error count=2
   ************* EnergyPlus Terminated--Fatal Error Detected. 1 Warning; 2 Severe Errors; Elapsed Time=00hr 00min  0.20sec
"""


def test_parse_err_splits_messages_and_keeps_continuations():
    report = parse_err(ERR_SAMPLE)
    assert len(report.warnings) == 1
    assert report.warnings[0].splitlines()[1].startswith("**   ~~~   ** These values")
    assert len(report.severe) == 2
    assert 'layer="MISSING"' in report.severe[1]
    assert report.fatal == ["**  Fatal  ** GetSurfaceData: Errors discovered, program terminates."]
    assert report.completed is False


def test_parse_err_ignores_the_recurring_summary():
    text = """   ** Warning ** Temperature out of range [-100. to 200.] (PsyPsatFnTemp)
   **   ~~~   **  Routine=PsyTwbFnTdbWPb
   ************* ===== Recurring Error Summary =====
   *************  ** Warning ** Temperature out of range [-100. to 200.] (PsyPsatFnTemp)
   *************  **   ~~~   **   This error occurred 2 total times;
   ************* EnergyPlus Completed Successfully-- 1 Warning; 0 Severe Errors; Elapsed Time=00hr 00min  0.56sec
"""
    report = parse_err(text)
    assert len(report.warnings) == 1 and report.completed


def test_read_sql_of_a_missing_file(tmp_path):
    with pytest.raises(SimulationError, match="not found"):
        read_sql(tmp_path / "eplusout.sql")


@pytest.fixture(scope="module")
def install():
    pytest.importorskip("eppy")
    from rehab.energyplus.locate import find_energyplus

    try:
        return find_energyplus()
    except MissingExtraError:
        pytest.skip("EnergyPlus not installed")


@pytest.fixture(scope="module")
def weather():
    if not DENVER.is_file():
        pytest.skip(f"{_NAME} not available")
    return DENVER


@pytest.mark.energyplus
def test_missing_weather_file(install, tmp_path):
    with pytest.raises(WeatherFileError, match="not found"):
        run_idf(
            build_idf(bestest_model("600"), install=install), tmp_path / "none.epw", exe=install
        )


@pytest.mark.energyplus
def test_text_path_and_broken_inputs(install, weather, tmp_path):
    built = build_idf(bestest_model("600"), install=install)
    path = built.write(tmp_path / "case600" / "case600.idf")
    broken = built.text + "\nConstruction,\n  Broken,\n  Missing material;\n"
    out = run_many(
        [(built, weather), (path, weather), (broken, weather)],
        names=["text", "path", "broken"],
        errors="return",
        keep=True,
        exe=install,
    )
    by_text, by_path, failed = out
    # same model, same numbers whichever way it is handed over
    assert by_text.results.heating_kwh == pytest.approx(by_path.results.heating_kwh, rel=1e-9)
    assert by_text.results.heating_kwh > 1000.0
    assert by_text.version == "25.2.0" and by_text.elapsed > 0
    assert by_text.workdir is not None and (by_text.workdir / "eplusout.sql").is_file()
    # the recurring ground-temperature warning is kept, not raised
    assert any("GroundTemperature" in w for w in by_text.warnings)
    assert isinstance(failed, EnergyPlusError)
    assert "broken" in str(failed)
    assert any("MISSING MATERIAL" in line.upper() for line in failed.err_lines)
    assert any(line.startswith("** Severe") for line in failed.err_lines)
    with pytest.raises(EnergyPlusError, match="broken"):
        run_many([(broken, weather)], names=["broken"], exe=install)


@pytest.mark.energyplus
def test_time_out_kills_the_run(install, weather):
    with pytest.raises(EnergyPlusError, match=r"no result within 0\.05 s"):
        run_idf(
            build_idf(bestest_model("900"), install=install), weather, timeout=0.05, exe=install
        )


@pytest.mark.energyplus
def test_chosen_workdir_is_kept(install, weather, tmp_path):
    res = run_idf(
        build_idf(bestest_model("600FF"), install=install),
        weather,
        workdir=tmp_path / "run",
        exe=install,
    )
    assert res.workdir == tmp_path / "run"
    assert (tmp_path / "run" / "eplusout.err").is_file()
    r = res.results
    assert r.heating_kwh == 0.0 and r.cooling_kwh == 0.0
    assert r.month.shape == (8760,) and r.hour.min() == 1 and r.hour.max() == 24
    assert np.all(np.isfinite(r.air_temperature["ZONE ONE"]))


def _house(heat_recovery: float = 0.0, multiplier: int = 1) -> Model:
    """A two-storey terraced house body (party walls adiabatic) under a cold attic."""
    brick = OpaqueLayer("Brick", 0.22, 0.84, 1800.0, 840.0)
    wall = Construction("Brick wall", (brick, OpaqueLayer("Plaster", 0.015, 0.5, 1300.0, 1000.0)))
    party = Construction("Party wall", (brick,))
    ceiling = Construction(
        "Attic floor",
        (
            OpaqueLayer("Wool", 0.10, 0.04, 30.0, 1030.0),
            OpaqueLayer("Plasterboard", 0.013, 0.25, 900.0, 1000.0),
        ),
    )
    tiles = Construction("Tiles", (OpaqueLayer("Tile", 0.015, 1.0, 2000.0, 800.0),))
    slab = Construction(
        "Slab", (NoMassLayer("Ground", 1.5), OpaqueLayer("Screed", 0.05, 1.4, 2000.0, 1000.0))
    )
    glazing = WindowConstruction("Double glazing", u_value=2.8, shgc=0.6)
    length, depth, height, ridge = 5.0, 9.0, 5.4, 2.5
    plan = [(0.0, 0.0), (length, 0.0), (length, depth), (0.0, depth)]
    front = wall_vertices(plan[0], plan[1], 0.0, height)
    back = wall_vertices(plan[2], plan[3], 0.0, height)
    living = Zone(
        "Living",
        (
            Surface(
                "Front",
                "wall",
                wall,
                front,
                windows=(
                    Window("Front down", glazing, window_vertices(front, 1.2, 1.4, 0.9, 1.0)),
                    Window("Front up", glazing, window_vertices(front, 1.2, 1.4, 3.5, 1.0)),
                ),
            ),
            Surface(
                "Back",
                "wall",
                wall,
                back,
                windows=(
                    Window("Back window", glazing, window_vertices(back, 1.0, 1.2, 1.0, 2.0)),
                ),
            ),
            Surface(
                "Left",
                "wall",
                party,
                wall_vertices(plan[3], plan[0], 0.0, height),
                boundary="adiabatic",
            ),
            Surface(
                "Right",
                "wall",
                party,
                wall_vertices(plan[1], plan[2], 0.0, height),
                boundary="adiabatic",
            ),
            Surface(
                "Ground floor",
                "floor",
                slab,
                horizontal_vertices(plan, 0.0, "down"),
                boundary="ground",
            ),
            Surface(
                "Ceiling",
                "ceiling",
                ceiling,
                horizontal_vertices(plan, height, "up"),
                boundary="zone",
                adjacent_zone="Attic",
            ),
        ),
        multiplier=multiplier,
        infiltration_ach=0.6,
        gains=(Gain("Occupants", 300.0, radiant_fraction=0.5),),
        heating_setpoint=[16.0] * 7 + [19.0] * 16 + [16.0],
        ventilation_flow=0.02,
        heat_recovery_effectiveness=heat_recovery,
    )
    top = height + ridge
    attic = Zone(
        "Attic",
        (
            Surface(
                "Roof S",
                "roof",
                tiles,
                (
                    (0, depth / 2, top),
                    (0, 0, height),
                    (length, 0, height),
                    (length, depth / 2, top),
                ),
            ),
            Surface(
                "Roof N",
                "roof",
                tiles,
                (
                    (length, depth / 2, top),
                    (length, depth, height),
                    (0, depth, height),
                    (0, depth / 2, top),
                ),
            ),
            Surface(
                "Gable E",
                "wall",
                party,
                ((length, 0, height), (length, depth, height), (length, depth / 2, top)),
                boundary="adiabatic",
            ),
            Surface(
                "Gable W",
                "wall",
                party,
                ((0, depth, height), (0, 0, height), (0, depth / 2, top)),
                boundary="adiabatic",
            ),
        ),
        multiplier=multiplier,
        infiltration_ach=3.0,
    )
    return Model(
        "terraced house",
        (living, attic),
        ground_temperature=[7, 6, 7, 9, 12, 14, 16, 17, 15, 13, 10, 8],
    )


@pytest.mark.energyplus
def test_two_zone_house_heat_recovery_and_multiplier(install, weather):
    models = [_house(), _house(heat_recovery=0.8), _house(multiplier=2)]
    base, recovered, doubled = (
        r.results
        for r in run_many([(build_idf(m, install=install), weather) for m in models], exe=install)
    )
    # heated only: no cooling; monthly needs add up to the annual need
    assert base.cooling_kwh == 0.0
    assert base.monthly_heating_kwh.sum() == pytest.approx(base.heating_kwh, rel=1e-9)
    assert base.monthly_heating_kwh[0] > base.monthly_heating_kwh[6]  # January > July
    assert base.heating_kwh == pytest.approx(base.zone_heating("living").sum() / 3.6e6)
    # 80 % sensible recovery on 0.02 m3/s cuts the need, and not below the fabric losses
    saving = base.heating_kwh - recovered.heating_kwh
    assert 0.0 < saving < base.heating_kwh
    # upper bound of the saving: 0.8 * rho*c*q * sum of (19 - T_out)+ over the year
    t_out = base.outdoor_temperature
    bound = 0.8 * 1.2 * 1005 * 0.02 * np.clip(19.0 - t_out, 0, None).sum() / 1000.0
    assert saving < bound
    # a multiplier of 2 doubles the building's need (EnergyPlus reports zone loads multiplied)
    assert doubled.multipliers["LIVING"] == 2
    assert doubled.heating_kwh == pytest.approx(2 * base.heating_kwh, rel=1e-6)
    # the unheated attic sits between outdoors and the living zone on average
    attic = base.air_temperature["ATTIC"].mean()
    assert t_out.mean() < attic < base.air_temperature["LIVING"].mean()
    frame = base.to_frame()
    assert frame["heating_kwh"].sum() == pytest.approx(base.heating_kwh)


def test_models_are_plain_frozen_data():
    m = _house()
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.timestep = 6  # type: ignore[misc]
