"""Regression tests of issue 12 defects 8–14, each named after its defect (1–7: test_stockio.py, test_safeio.py)."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rehab
from rehab.constructions import Construction, Layer
from rehab.errors import InputError, MissingExtraError, ModelValidationError
from rehab.materials import Material
from rehab.weather import Weather

HERE = Path(__file__).parent
DENVER = HERE / "data" / "USA_CO_Denver.Intl.AP.725650_TMY3.epw"
WALL = [{"kind": "wall", "area": 80, "u_value": 1.5}]


# ------------------------------------------------------------------ 8
def test_declared_thermal_bridges_of_32_6_w_per_k_are_accepted():
    h = rehab.House.from_elements(floor_area=60, elements=WALL, thermal_bridges=32.6)
    assert h.heat_loss().h_bridges == pytest.approx(32.6)
    neg = rehab.House.from_elements(floor_area=60, elements=WALL, thermal_bridges=-4.0)
    assert neg.heat_loss().h_bridges == pytest.approx(-4.0)
    assert rehab.House.model_validate_json(h.model_dump_json()).heat_loss().h_bridges == pytest.approx(32.6)
    with pytest.raises(InputError, match=r"thermal_bridges 1000000.0 W/K.*between -500 and 5000 W/K"):
        rehab.House.from_elements(floor_area=60, elements=WALL, thermal_bridges=1e6)


# ------------------------------------------------------------------ 9
@pytest.mark.parametrize("hours", [(25, 99), (-3, 6), "abc", (22,), (6, 6), (22.5, 6), (True, 6)])
def test_setback_hours_out_of_range_or_malformed_are_refused(hours):
    h = rehab.archetypes.get("coron-mid-terrace")
    with pytest.raises(InputError, match="setback_hours"):
        rehab.simulate(h, setback=16, setback_hours=hours)


def test_setback_above_setpoint_is_refused():
    h = rehab.archetypes.get("coron-mid-terrace")
    with pytest.raises(InputError, match="setback 21 °C is above the heating setpoint 19 °C"):
        rehab.simulate(h, setback=21, method="monthly")


def test_valid_setback_hours_still_lower_the_need():
    h = rehab.archetypes.get("coron-mid-terrace")
    base = rehab.simulate(h).heating_need_kwh
    night = rehab.simulate(h, setback=16, setback_hours=(22, 24)).heating_need_kwh
    assert night < base


# ------------------------------------------------------------------ 10
def test_u_value_direction_is_a_checked_choice():
    c = Construction(layers=[Layer(material="brick_solid_old", thickness=0.22)])
    with pytest.raises(InputError, match=r"'upward'.*one of 'up', 'horizontal', 'down'"):
        c.u_value("upward")
    assert c.u_value("up") > c.u_value("horizontal") > c.u_value("down")


# ------------------------------------------------------------------ 11
def test_weather_from_dataframe_with_the_documented_minimum_simulates():
    idx = pd.date_range("2006-01-01", periods=8760, freq="h")
    df = pd.DataFrame({"temp_air": 5.0, "ghi": 0.0, "dni": 0.0, "dhi": 0.0}, index=idx)
    w = Weather.from_dataframe(df, name="minimum", latitude=50.4, longitude=2.8, utc_offset=1)
    assert [n.split(" ")[0] for n in w.notes] == ["wind_speed", "wind_direction", "ghi_infrared"]
    assert np.allclose(w.sky_temperature, 5.0 - 11.0)
    res = rehab.simulate(rehab.archetypes.get("coron-mid-terrace"), w)
    assert res.heating_need_kwh > 0
    with pytest.raises(InputError, match=r"lacks the column.*dhi"):
        Weather.from_dataframe(df.drop(columns="dhi"), name="x", latitude=50.4, longitude=2.8)


# ------------------------------------------------------------------ 12
def test_tiny_floor_area_is_refused_naming_floor_area():
    with pytest.raises(ModelValidationError, match="floor_area"):
        rehab.House.from_elements(floor_area=1e-9, elements=WALL)


def test_absurd_thickness_and_conductivity_are_refused():
    with pytest.raises(ModelValidationError, match="thickness"):
        Layer(material="brick_solid_old", thickness="1e-300 m")
    with pytest.raises(ModelValidationError, match="conductivity"):
        Material(id="x", conductivity=1e-300, density=1000, specific_heat=1000)
    Material(id="vip", conductivity=0.005, density=200, specific_heat=800)  # a vacuum panel is plausible


@pytest.mark.parametrize(("part", "field", "value"), [
    ("heating", "generation_efficiency", 1e-300),  # consumption 1e303 kWh
    ("heating", "emission", 0.001),
    ("heating", "nominal_power_w", 1e300),
    ("heating", "auxiliary_w", 1e300),
    ("dhw", "generation_efficiency", 1e-300),
    ("dhw", "distribution", 1e-9),
    ("dhw", "storage_loss_kwh", 1e300),
])
def test_absurd_system_efficiencies_and_powers_are_refused(part, field, value):
    doc = rehab.archetypes.get("coron-mid-terrace").model_dump(mode="json")
    doc[part][field] = value
    with pytest.raises(ModelValidationError, match=field):
        rehab.House.model_validate(doc)


def test_absurd_ground_conductivity_is_refused():
    doc = rehab.archetypes.get("coron-mid-terrace").model_dump(mode="json")
    ground = next(e for e in doc["elements"] if "ground_conductivity" in e)
    ground["ground_conductivity"] = 1e-300
    with pytest.raises(ModelValidationError, match="ground_conductivity"):
        rehab.House.model_validate(doc)
    ground["ground_conductivity"] = 1.5  # clay or silt, ISO 13370:2017 Table 7
    assert rehab.House.model_validate(doc).heat_loss().h_total > 0


@pytest.mark.parametrize("u", [1e-300, 0.001])
def test_absurd_u_values_are_refused(u):
    with pytest.raises(ModelValidationError, match="u_value"):
        rehab.House.from_elements(floor_area=60, elements=[{"kind": "wall", "area": 80, "u_value": u}])
    with pytest.raises(ModelValidationError, match="u_glazing"):
        rehab.House.from_elements(floor_area=60, elements=[*WALL, {"type": "window", "area": 2, "u_glazing": u,
                                                                   "u_frame": 1.5, "azimuth": 180}])


# ------------------------------------------------------------------ 13, 14: EnergyPlus
@pytest.fixture(scope="module")
def install():
    pytest.importorskip("eppy")
    from rehab.energyplus.locate import find_energyplus

    try:
        return find_energyplus()
    except MissingExtraError:
        pytest.skip("EnergyPlus not installed")


@pytest.mark.energyplus
def test_energyplus_result_pickles(install):
    from rehab.energyplus import simulate

    res = simulate(rehab.archetypes.get("coron-mid-terrace"), exe=install.exe)
    back = pickle.loads(pickle.dumps(res))
    assert type(back).__module__ == "rehab.energyplus.results"
    assert back.heating_need_kwh == res.heating_need_kwh and back.runs[0].results.heating_kwh > 0


def _idf(install):
    from rehab.energyplus.bestest import bestest_model
    from rehab.energyplus.idf import build_idf

    return build_idf(bestest_model("900"), install=install)


@pytest.mark.energyplus
def test_two_runs_sharing_a_workdir_get_a_clear_error(install, tmp_path):
    from rehab.energyplus.runner import LOCK_NAME, run_idf

    idf = _idf(install)
    wd = tmp_path / "shared"
    first: dict = {}
    t = threading.Thread(target=lambda: first.setdefault("r", run_idf(idf, DENVER, workdir=wd, exe=install)))
    t.start()
    for _ in range(200):
        if (wd / LOCK_NAME).exists():
            break
        time.sleep(0.01)
    with pytest.raises(InputError, match="in use by another EnergyPlus run"):
        run_idf(idf, DENVER, workdir=wd, exe=install)
    t.join()
    assert first["r"].results.heating_kwh > 0 and not (wd / LOCK_NAME).exists()


@pytest.mark.energyplus
def test_sigterm_during_a_run_leaves_no_temporary_folder(install, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    idf_path = _idf(install).write(tmp_path / "case.idf")
    code = textwrap.dedent(f"""
        from rehab.energyplus.runner import run_idf
        run_idf({str(idf_path)!r}, {str(DENVER)!r})
    """)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    for _ in range(600):
        if any((p.name.startswith("rehab-eplus-") and (p / "in.idf").exists()) or list(p.glob("eplus*"))
               for p in tmp.iterdir()):
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the run never started")
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == -signal.SIGTERM
    assert [p.name for p in tmp.iterdir() if p.name.startswith("rehab-eplus-")] == []


def test_energyplus_without_subcommand_prints_usage_to_stderr(capsys):
    import rehab.energyplus.cli  # noqa: F401 - registers the command
    from rehab.cli import main

    assert main(["energyplus"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage: rehab energyplus" in err
