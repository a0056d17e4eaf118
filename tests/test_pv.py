"""Rooftop PV: PVWatts chain through pvlib, self-consumption, export tariff."""

import datetime as dt

import numpy as np
import pvlib
import pytest

import rehab
from rehab import pv
from rehab.errors import InputError, UnitError


@pytest.fixture(scope="module")
def south():
    return pv.production(3.0, azimuth=180, tilt=35)


def test_specific_yield_of_a_south_roof(south):
    # Uccle TMYx 2007-2021, south 35°: 1375 kWh/m² on the plane, ~1053 kWh/kWp after PVWatts losses
    assert south.poa_kwh_m2 == pytest.approx(1375, abs=2)
    assert south.specific_yield_kwh_per_kwp == pytest.approx(1053, abs=3)
    assert south.annual_kwh == pytest.approx(3 * south.specific_yield_kwh_per_kwp)
    # a PVWatts performance ratio: 14.08 % losses, 4 % inverter, a few % temperature and reflection
    assert 0.72 < south.performance_ratio < 0.82
    # northern-France order of magnitude (PVGIS gives 900-1100 kWh/kWp for Lille-Brussels roofs)
    assert 900 < south.specific_yield_kwh_per_kwp < 1150


def test_pvwatts_default_losses():
    # PVWatts v5 default loss categories total 14.08 % (Dobos 2014)
    assert pvlib.pvsystem.pvwatts_losses() == pytest.approx(14.075, abs=0.01)
    no_loss = pv.production(3.0, losses_pct=0.0)
    default = pv.production(3.0)
    # the inverter efficiency curve depends on the load, so the ratio is close to, not exactly, 1 - 0.1408
    assert default.annual_kwh / no_loss.annual_kwh == pytest.approx(1 - 0.1408, abs=0.01)


def test_dc_power_hand_check():
    # PVWatts DC model: P = P0 G/1000 (1 + γ (Tc - 25)); 3 kWp, 800 W/m², 45 °C, γ = -0.0037
    p = pvlib.pvsystem.pvwatts_dc(800.0, 45.0, 3000.0, pv.GAMMA_PDC)
    assert float(p) == pytest.approx(3000 * 0.8 * (1 - 0.0037 * 20))


def test_orientation_and_scaling(south):
    north = pv.production(3.0, azimuth=0, tilt=35)
    flat = pv.production(3.0, azimuth=180, tilt=0)
    assert north.annual_kwh < flat.annual_kwh < south.annual_kwh
    six = pv.production(6.0, azimuth=180, tilt=35)
    assert six.annual_kwh == pytest.approx(2 * south.annual_kwh, rel=1e-9)
    assert south.ac_w.shape == (8760,)
    assert (south.ac_w >= 0).all()
    # the inverter (P_ac0 = 3 kW / 1.1) clips the output
    assert south.ac_w.max() <= 3000.0 / 1.1 + 1e-6
    # nothing without daylight
    dark = rehab.weather.default().ghi == 0
    assert dark.sum() > 4000
    assert south.ac_w[dark].max() == 0.0


def test_input_errors():
    with pytest.raises(UnitError):
        pv.production(-1.0)
    with pytest.raises(UnitError):
        pv.production(3.0, tilt=120)
    with pytest.raises(InputError, match="gamma_pdc"):
        pv.production(3.0, gamma_pdc=0.01)
    assert pv.production("3 kW").kwp == 3.0


def test_self_consumption_by_hand():
    # 4 hours: production 0, 1000, 3000, 0 W; flat load 500 W; used min() = 0 + 500 + 500 + 0 = 1000 Wh
    share, sufficiency = pv.self_consumption([0.0, 1000.0, 3000.0, 0.0], 500.0)
    assert share == pytest.approx(1000 / 4000)
    assert sufficiency == pytest.approx(1000 / 2000)
    assert pv.self_consumption([0.0, 0.0], [100.0, 100.0]) == (0.0, 0.0)
    with pytest.raises(InputError):
        pv.self_consumption([-1.0], [1.0])


def test_self_consumption_of_a_household(south):
    # specific electricity 2228 kWh/yr as a flat load (Panel Elecdom mean): about 28 % used on site
    load = pv.SPECIFIC_ELECTRICITY_KWH * 1000 / 8760
    share, _ = pv.self_consumption(south.ac_w, load)
    assert share == pytest.approx(0.28, abs=0.01)


def test_export_tariff_by_date():
    # S21 arrêté as amended on 26 March 2025: 0.04 EUR/kWh and 80 EUR/kWp from 28 March 2025
    assert pv.export_tariff("2026-06-01")[:2] == (0.04, 80.0)
    assert pv.export_tariff(dt.date(2025, 3, 28))[:2] == (0.04, 80.0)
    assert pv.export_tariff("2025-03-27")[:2] == (0.1269, 160.0)
    assert "26 March 2025" in pv.export_tariff("2026-01-01")[2]
    with pytest.raises(InputError, match="before the first PV tariff"):
        pv.export_tariff("2023-01-01")


def test_batch_production_is_deterministic(south):
    again = pv.production(3.0, azimuth=180, tilt=35)
    np.testing.assert_allclose(again.ac_w, south.ac_w)
