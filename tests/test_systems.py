"""Tests of rehab.systems: generators, DHW, auxiliaries, delivered energy."""

from __future__ import annotations

import numpy as np
import pytest

from rehab import systems, threecl
from rehab.errors import InputError, ModelValidationError, UnknownNameError

PRESETS = [
    "gas-boiler-old",
    "gas-boiler-condensing",
    "direct-electric",
    "heat-pump-air-water",
    "heat-pump-ground",
    "wood-pellet-boiler",
    "wood-log-stove",
    "fuel-oil-boiler",
    "district-heat",
]


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_loads_with_a_source(name):
    hs = systems.heating_system(name)
    assert hs.name == name
    assert len(hs.source) > 20
    assert 0 < hs.emission <= 1 and 0 < hs.distribution <= 1 and 0 < hs.regulation <= 1


def test_preset_source_values():
    # 3CL §12.4: PAC air/eau after 2017, low-temperature emitters, H1/H2: SCOP 3.2
    assert systems.heating_system("heat-pump-air-water").generation_efficiency == pytest.approx(3.2)
    # 3CL §13.1: poêle bûche Flamme Verte from 2018: Rg 0.75; Rr 0.8 for stoves
    stove = systems.heating_system("wood-log-stove")
    assert stove.generation_efficiency == pytest.approx(0.75)
    assert stove.regulation == pytest.approx(0.8)
    # 3CL: direct electric Rg 1, radiant panel Re 0.97, room control Rr 0.99
    de = systems.heating_system("direct-electric")
    assert (de.generation_efficiency, de.emission, de.regulation) == pytest.approx(
        (1.0, 0.97, 0.99)
    )
    # 3CL §13.2: old gas boiler at Pn 24 kW: Rpn = 84 + 2 log10(24) %
    assert systems.heating_system("gas-boiler-old").rpn == pytest.approx(
        (84 + 2 * np.log10(24)) / 100, abs=1e-4
    )


def test_unknown_preset_and_bad_fields():
    with pytest.raises(UnknownNameError, match="heat-pump-air-water"):
        systems.heating_system("heat-pump-air-to-water")
    with pytest.raises(UnknownNameError):
        systems.dhw_system("dhw-magic")
    with pytest.raises(ModelValidationError):
        systems.heating_system("direct-electric", emission=0.0)
    with pytest.raises(ModelValidationError):
        systems.HeatingSystem(
            kind="boiler",
            carrier="natural_gas",
            generation_efficiency=0.9,
            emission=1,
            distribution=1,
            regulation=1,
            i0=0.9,
            colour="red",
        )
    with pytest.raises(ModelValidationError, match="plutonium"):
        systems.heating_system("direct-electric", carrier="plutonium")


def test_boiler_part_load_three_points():
    rpn, rpint, qp0 = 0.8676, 0.8414, 0.02
    assert systems.boiler_part_load_efficiency(1.0, rpn, rpint, qp0) == pytest.approx(rpn)
    assert systems.boiler_part_load_efficiency(0.3, rpn, rpint, qp0) == pytest.approx(rpint)
    # hand: beta 0.15 -> losses = 0.02 + 0.5*(0.3*(1-0.8414)/0.8414 - 0.02)
    loss = 0.02 + 0.5 * (0.3 * (1 - rpint) / rpint - 0.02)
    assert systems.boiler_part_load_efficiency(0.15, rpn, rpint, qp0) == pytest.approx(
        0.15 / (0.15 + loss)
    )
    eta = systems.boiler_part_load_efficiency(np.linspace(0.02, 0.3, 10), rpn, rpint, qp0)
    assert np.all(np.diff(eta) > 0)  # stand-by losses weigh more at low load
    assert systems.boiler_part_load_efficiency(0.0, rpn, rpint, qp0) == 0.0
    with pytest.raises(InputError):
        systems.boiler_part_load_efficiency(1.5, rpn, rpint, qp0)


def test_heat_pump_cop_staffell():
    # Staffell et al. 2012, air source: 6.81 - 0.121 dT + 0.000630 dT^2, dT = 28 K
    assert systems.heat_pump_cop(7.0, 35.0) == pytest.approx(6.81 - 0.121 * 28 + 0.00063 * 28**2)
    assert systems.heat_pump_cop(0.0, 35.0, "ground") == pytest.approx(
        8.77 - 0.15 * 35 + 0.000734 * 35**2
    )
    # clipped to the fit range (dT >= 15 K)
    assert systems.heat_pump_cop(30.0, 35.0) == pytest.approx(systems.heat_pump_cop(20.0, 35.0))
    # COP falls when the flow is hotter or the outdoor air colder
    assert systems.heat_pump_cop(7.0, 55.0) < systems.heat_pump_cop(7.0, 35.0)
    assert systems.heat_pump_cop(-7.0, 35.0) < systems.heat_pump_cop(7.0, 35.0)
    with pytest.raises(UnknownNameError):
        systems.heat_pump_cop(7.0, 35.0, "water")


def test_carnot_and_flow_temperature():
    assert systems.heat_pump_cop_carnot(7.0, 35.0, 0.45) == pytest.approx(0.45 * 308.15 / 28)
    assert systems.flow_temperature(-9.0, 45.0) == pytest.approx(45.0)
    assert systems.flow_temperature(18.0, 45.0) == pytest.approx(25.0)  # floor
    assert systems.flow_temperature(0.0, 45.0) == pytest.approx(20 + 25 / 29 * 20)


def test_seasonal_and_monthly_cop():
    # harmonic weighting: 2 kWh of heat at COP 2 and 4 -> 2 / (0.5 + 0.25)
    assert systems.heat_pump_seasonal_cop([1.0, 1.0], [2.0, 4.0]) == pytest.approx(2 / 0.75)
    hourly = systems.heat_pump_cop(np.array([-5.0, 0.0, 5.0, 10.0]), 40.0)
    s = systems.heat_pump_seasonal_cop([1.0, 2.0, 2.0, 1.0], hourly)
    assert hourly.min() < s < hourly.max()
    c = threecl.climate("H1a")
    monthly = systems.heat_pump_monthly_cop(c.text[:5])
    assert np.all(monthly > 2.0) and np.all(monthly < 6.0)
    assert monthly[0] < monthly[4]  # January colder than May
    # the bin COP sits below the COP at the mean temperature (cold hours weigh more)
    assert systems.heat_pump_monthly_cop(5.0) < systems.heat_pump_cop(
        5.0, systems.flow_temperature(5.0)
    )


def test_dhw_functions_hand():
    assert systems.tank_standing_loss(200.0, 0.22) == pytest.approx(
        8592 * 45 / 24 * 200 * 0.22 / 1000
    )
    assert systems.dhw_consumption(1500.0, 1.0, 0.93, 709.0) == pytest.approx(1500 / 0.93 + 709)
    assert systems.dhw_consumption(1500.0, 2.5, 0.93, 645.0, 0.5) == pytest.approx(
        (750 / 0.93 + 645) / 2.5
    )
    with pytest.raises(InputError):
        systems.dhw_consumption(1500.0, solar_share=1.2)
    occ = systems.dhw_need_per_occupant(3, np.full(12, 10.0))
    assert occ.sum() == pytest.approx(1.163 * 3 * 56 * 30 * 365 / 1000)
    assert systems.auxiliary_consumption(20.0, 5000.0) == pytest.approx(100.0)


def test_delivered_energy_direct_electric_hand():
    c = threecl.climate("H1a")
    need = np.full(12, 1000.0)
    out = systems.delivered_energy(
        need,
        np.zeros(12),
        "direct-electric",
        None,
        gv=250.0,
        area=100.0,
        ceiling_height=2.5,
        climate=c,
    )
    # INT = 0.84/(1 + 0.1*(1 - 1)) = 0.84 ; Cch = 12000*0.84/(0.97*1*0.99)
    ann = out.annual()
    assert ann[("electricity", "heating")] == pytest.approx(12000 * 0.84 / (0.97 * 0.99))
    assert ann[("electricity", "lighting")] == pytest.approx(0.9 * 1.4 * 1500 * 100 / 1000)
    assert ("electricity", "auxiliaries") not in ann


def test_delivered_energy_shares_batch_and_primary_by_date():
    c = threecl.climate("H1a")
    gv = np.array([200.0, 350.0])
    area = np.array([80.0, 110.0])
    need = threecl.heating_need(gv, area, 2.0, c, "heavy")
    dhw = threecl.dhw_need(area, c)
    heating = [("heat-pump-air-water", 0.8), ("gas-boiler-condensing", 0.2)]
    batch = systems.delivered_energy(
        need, dhw, heating, "dhw-thermodynamic", gv=gv, area=area, climate=c
    )
    for i in range(2):
        one = systems.delivered_energy(
            need[i], dhw[i], heating, "dhw-thermodynamic", gv=gv[i], area=area[i], climate=c
        )
        for k, v in one.annual().items():
            assert batch.annual()[k][i] == pytest.approx(v)
    with pytest.raises(InputError, match="add up"):
        systems.delivered_energy(need, dhw, [("direct-electric", 0.5)], None, gv=gv, area=area)
    # all-electric house: primary energy scales exactly 2.3 : 1.9 : 1.7 with the date
    el = systems.delivered_energy(
        need, dhw, "direct-electric", "dhw-electric-tank", gv=gv, area=area, climate=c
    )
    p25, p26, p27 = (el.primary(d) for d in ("2025-06-01", "2026-06-01", "2027-06-01"))
    np.testing.assert_allclose(p25 / p26, 2.3 / 1.9)
    np.testing.assert_allclose(p26 / p27, 1.9 / 1.7)
    np.testing.assert_allclose(p25, 2.3 * el.total())


def test_delivered_energy_part_load_and_district_heat():
    c = threecl.climate("H1a")
    need = threecl.heating_need(300.0, 100.0, 2.0, c)
    seasonal = systems.delivered_energy(
        need, np.zeros(12), "gas-boiler-old", None, gv=300.0, area=100.0, climate=c, lighting=False
    )
    monthly = systems.delivered_energy(
        need,
        np.zeros(12),
        "gas-boiler-old",
        None,
        gv=300.0,
        area=100.0,
        climate=c,
        lighting=False,
        part_load=True,
    )
    a = seasonal.annual()[("natural_gas", "heating")]
    b = monthly.annual()[("natural_gas", "heating")]
    assert b == pytest.approx(
        a, rel=0.1
    )  # the 0.80 default matches the part-load model within 10 %
    dh = systems.delivered_energy(
        need, np.zeros(12), "district-heat", None, gv=300.0, area=100.0, climate=c, lighting=False
    )
    with pytest.raises(InputError, match="user_value"):
        dh.emissions("2026-06-01")
    assert dh.emissions("2026-06-01", district_heat_factor=0.1) == pytest.approx(
        0.1 * dh.by_carrier()["district_heat"] + 0.064 * dh.by_use()["auxiliaries"]
    )
