"""Tests of rehab.demand.monthly (ISO 13790:2008 monthly method) and MonthlyClimate."""

from __future__ import annotations

import numpy as np
import pytest

from rehab.demand import (
    MonthlyClimate,
    ThermalZones,
    ZoneClimate,
    simulate_hourly,
    simulate_monthly,
)
from rehab.demand.monthly import (
    gain_utilisation_factor,
    loss_utilisation_factor,
    numerical_parameter_a,
)
from rehab.errors import InputError

HOURS = 24.0 * np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)


def _zone(**kw):
    base = dict(h_tr_op=150.0, h_tr_w=30.0, h_ve=40.0, c_m=165_000.0 * 80, a_floor=80.0)
    base.update(kw)
    return ThermalZones.from_arrays(**base)


def test_steady_state_without_gains_is_h_delta_t_t():
    z = _zone(h_tr_gr=20.0)
    te = np.linspace(-2.0, 14.0, 12)
    m = MonthlyClimate.from_arrays(theta_e=te, theta_ground=np.full(12, 8.0), theta_h_set=19.0)
    r = simulate_monthly(z, m)
    expected = ((150.0 + 30.0 + 40.0) * (19.0 - te) + 20.0 * (19.0 - 8.0)) * HOURS * 3600.0
    np.testing.assert_allclose(r.heating_need_monthly[0], expected, rtol=1e-12)
    assert r.heating_need[0] == pytest.approx(expected.sum(), rel=1e-12)
    assert r.cooling_need[0] == 0.0
    np.testing.assert_allclose(r.eta_h[0], 1.0)


def test_utilisation_factor_by_hand():
    # τ = (C_m/3600)/H = (165000·80/3600)/220 = 16.67 h; a = 1 + τ/15
    z = _zone(phi_int=500.0)
    tau = 165_000.0 * 80 / 3600 / 220.0
    a = 1 + tau / 15.0
    m = MonthlyClimate.from_arrays(theta_e=[5.0] * 12, theta_h_set=20.0)
    r = simulate_monthly(z, m)
    t = HOURS[0] * 3600.0
    q_ht = 220.0 * 15.0 * t
    q_gn = 500.0 * t
    gamma = q_gn / q_ht
    eta = (1 - gamma**a) / (1 - gamma ** (a + 1))
    assert r.tau[0] == pytest.approx(tau)
    assert r.gamma_h[0, 0] == pytest.approx(gamma)
    assert r.eta_h[0, 0] == pytest.approx(eta)
    assert r.heating_need_monthly[0, 0] == pytest.approx(q_ht - eta * q_gn)


def test_utilisation_factor_functions():
    assert float(numerical_parameter_a(15.0)) == pytest.approx(2.0)
    # γ = 1: a/(a + 1)
    assert float(gain_utilisation_factor(1.0, 2.0)) == pytest.approx(2 / 3)
    # continuity around γ = 1
    assert float(gain_utilisation_factor(1.0 + 1e-6, 2.0)) == pytest.approx(2 / 3, rel=1e-5)
    # huge γ: η → 1/γ
    assert float(gain_utilisation_factor(1e6, 3.0)) == pytest.approx(1e-6, rel=1e-3)
    # no gain: η = 1
    assert float(gain_utilisation_factor(0.0, 3.0)) == 1.0
    # η_C,ls(γ) = η_H,gn(1/γ)
    assert float(loss_utilisation_factor(0.5, 3.0)) == pytest.approx(
        float(gain_utilisation_factor(2.0, 3.0))
    )
    assert float(loss_utilisation_factor(-1.0, 3.0)) == 1.0


def test_cooling_need_by_hand():
    z = _zone(phi_int=2000.0)
    m = MonthlyClimate.from_arrays(theta_e=[24.0] * 12, theta_h_set=20.0, theta_c_set=26.0)
    r = simulate_monthly(z, m)
    t = HOURS * 3600.0
    q_ht = 220.0 * 2.0 * t
    q_gn = 2000.0 * t
    gamma = q_gn / q_ht
    a = 1 + (165_000.0 * 80 / 3600 / 220.0) / 15.0
    eta = (1 - gamma ** (-a)) / (1 - gamma ** (-(a + 1)))
    np.testing.assert_allclose(r.cooling_need_monthly[0], q_gn - eta * q_ht, rtol=1e-12)
    # heating: the gains exceed the losses at 20 °C, little or no heating
    assert r.heating_need[0] < 0.05 * r.cooling_need[0]
    # outdoor hotter than the cooling set-point: η = 1, need = gains + transfer
    hot = simulate_monthly(z, MonthlyClimate.from_arrays(theta_e=[30.0] * 12, theta_c_set=26.0))
    np.testing.assert_allclose(hot.cooling_need_monthly[0], (2000.0 + 220.0 * 4.0) * t, rtol=1e-12)


def test_intermittency_reduction_factor_by_hand():
    # heating on 16 h of 24: a_red = 1 − 3·(15/τ)·γ·(1 − f), bounded to [f, 1]
    nh = 8640  # twelve 30-day months
    hour = np.arange(nh) % 24
    month = np.repeat(np.arange(1, 13), 720)
    th = np.where(hour < 8, -np.inf, 20.0)
    c = ZoneClimate.from_arrays(theta_e=np.full(nh, 5.0), month=month, theta_h_set=th)
    z = _zone(phi_int=500.0, c_m=400_000.0 * 80)
    r = simulate_monthly(z, c)
    f = 16 / 24
    tau = z.time_constant[0]
    gamma = 500.0 / (220.0 * 15.0)
    a_red = 1 - 3 * (15 / tau) * gamma * (1 - f)
    assert r.a_red_h[0, 0] == pytest.approx(a_red)
    cont = simulate_monthly(
        z, ZoneClimate.from_arrays(theta_e=np.full(nh, 5.0), month=month, theta_h_set=20.0)
    )
    assert r.heating_need[0] == pytest.approx(a_red * cont.heating_need[0])
    # a very light zone: the reduction is bounded by f
    light = simulate_monthly(_zone(phi_int=500.0, c_m=1e5), c)
    assert light.a_red_h[0, 0] == pytest.approx(f)


def test_set_back_uses_the_time_averaged_set_point():
    nh = 8640  # twelve 30-day months
    hour = np.arange(nh) % 24
    month = np.repeat(np.arange(1, 13), 720)
    th = np.where(hour < 6, 16.0, 20.0)
    m = ZoneClimate.from_arrays(theta_e=np.zeros(nh), month=month, theta_h_set=th).monthly()
    assert m.theta_h_set[0, 0] == pytest.approx(19.0)
    assert m.f_h_on[0, 0] == 1.0
    r = simulate_monthly(_zone(), m)
    assert r.heating_need_monthly[0, 0] == pytest.approx(220.0 * 19.0 * 720 * 3600.0)


def test_monthly_climate_from_hourly_climate():
    nh = 8760
    month = np.repeat(np.arange(1, 13), 730)
    te = np.arange(nh, dtype=float) % 10  # mean 4.5 in every month
    irr = np.vstack([np.full(nh, 100.0), np.where(month == 6, 300.0, 0.0)])
    prof = np.where(np.arange(nh) % 2 == 0, 0.5, 1.5)
    tc = np.where(month >= 6, 26.0, np.inf)
    c = ZoneClimate.from_arrays(
        theta_e=te, month=month, irradiance=irr, theta_c_set=tc, gain_profiles=prof
    )
    m = c.monthly()
    np.testing.assert_allclose(m.theta_e, 4.5)
    np.testing.assert_allclose(m.irradiance[0], 100.0)
    assert m.irradiance[1, 5] == 300.0 and m.irradiance[1, 4] == 0.0
    np.testing.assert_allclose(m.gain_profiles[0], 1.0)
    assert m.f_c_on[0, 4] == 0.0 and m.f_c_on[0, 6] == 1.0
    assert np.isnan(m.theta_c_set[0, 0]) and m.theta_c_set[0, 7] == 26.0
    np.testing.assert_allclose(m.hours, 730.0)


def test_solar_sky_and_gains_enter_like_the_hourly_engine():
    # constant climate: monthly and hourly see the same mean gains; with
    # gains small against losses both give H·ΔT − gains within 2 %
    nh = 8760
    month = np.repeat(np.arange(1, 13), 730)
    c = ZoneClimate.from_arrays(
        theta_e=np.full(nh, 2.0),
        month=month,
        irradiance=np.full((1, nh), 50.0),
        theta_sky=np.full(nh, -10.0),
        theta_h_set=20.0,
    )
    z = _zone(phi_int=300.0, sol_idx=[0], sol_area=[4.0], h_sky=5.0)
    mo = simulate_monthly(z, c)
    ho = simulate_hourly(z, c)
    gains = 300.0 + 4.0 * 50.0 - 5.0 * 12.0
    assert mo.gains[0, 0] == pytest.approx(gains * 730 * 3600.0)
    assert mo.heating_need[0] == pytest.approx(ho.heating_need[0], rel=0.02)


def test_batch_equals_singles():
    rng = np.random.default_rng(2)
    n = 25
    af = rng.uniform(40, 150, n)
    z = ThermalZones.from_arrays(
        h_tr_op=rng.uniform(50, 300, n),
        h_tr_gr=rng.uniform(0, 40, n),
        h_tr_w=rng.uniform(5, 60, n),
        h_ve=rng.uniform(0, 80, n),
        c_m=rng.uniform(50e3, 300e3, n) * af,
        a_floor=af,
        phi_int=rng.uniform(0, 800, n),
        sol_idx=rng.integers(-1, 3, (n, 2)),
        sol_area=rng.uniform(0, 4, (n, 2)),
        sched_idx=rng.integers(0, 2, n),
    )
    m = MonthlyClimate.from_arrays(
        theta_e=np.linspace(0, 20, 12),
        irradiance=rng.uniform(0, 200, (3, 12)),
        theta_h_set=[[20.0] * 12, [18.0] * 12],
        theta_c_set=[[26.0] * 12, [np.nan] * 12],
    )
    batch = simulate_monthly(z, m)
    for i in range(n):
        one = simulate_monthly(z.take([i]), m)
        np.testing.assert_allclose(
            batch.heating_need_monthly[i], one.heating_need_monthly[0], rtol=1e-13
        )
        np.testing.assert_allclose(
            batch.cooling_need_monthly[i], one.cooling_need_monthly[0], rtol=1e-13
        )
    assert batch.cooling_need[z.sched_idx == 1].sum() == 0.0


def _brick_house_case():
    """A 75 m² red-brick terraced house on the embedded Uccle weather (rehab.weather.default)."""
    import rehab.weather as rw
    from rehab import gains, solar

    w = rw.default()
    irr = solar.surface_irradiance(w, azimuth=[0, 180, 180], tilt=[90, 90, 35])
    iam = solar.glazing_angular_modifier(irr.aoi[:2], 2)
    iam_d = float(solar.glazing_diffuse_modifier(2))
    windows = irr.beam[:2] * iam + (irr.sky_diffuse[:2] + irr.ground_diffuse[:2]) * iam_d
    table = np.vstack([irr.total, windows])  # N wall, S wall, roof, N window, S window
    # 22 cm solid brick façades (U 2.0) front and back 33 m² each net, 6 m² of
    # old double glazing each side (U 3.0, g 0.75, frame 30 %), roof 40 m² with
    # a few cm of old insulation (U 1.5), suspended floor 40 m² over a cellar (U 0.8, b 0.5),
    # 0.8 ach on 187 m³; party walls adiabatic. H_tr ≈ 250 W/K.
    u_wall, u_roof, u_win = 2.0, 1.5, 3.0
    h_sky = (
        gains.sky_loss_coefficient(u_wall, 66.0, 0.5)
        + gains.sky_loss_coefficient(u_roof, 40.0, 1.0)
        + gains.sky_loss_coefficient(u_win, 12.0, 0.5, 0.84)
    )
    z = ThermalZones.from_arrays(
        h_tr_op=u_wall * 66.0 + u_roof * 40.0,
        h_tr_gr=0.8 * 40.0 * 0.5,
        h_tr_w=u_win * 12.0,
        h_ve=0.34 * 0.8 * 187.5,
        c_m=165_000.0 * 75.0,
        a_floor=75.0,
        phi_int=gains.conventional_internal_gains(75.0),
        sol_idx=[0, 1, 2, 3, 4],
        sol_area=[
            gains.opaque_solar_aperture(0.7, u_wall, 33.0),
            gains.opaque_solar_aperture(0.7, u_wall, 33.0),
            gains.opaque_solar_aperture(0.7, u_roof, 40.0),
            gains.window_solar_aperture(6.0, 0.75, 0.3, f_w=1.0),
            gains.window_solar_aperture(6.0, 0.75, 0.3, f_w=1.0),
        ],
        h_sky=h_sky,
    )
    wd = w.data.index.day_of_week.to_numpy()
    c = ZoneClimate.from_arrays(
        theta_e=w.temp_air,
        month=w.month,
        irradiance=table,
        theta_sky=gains.effective_sky_temperature(w.temp_air, w.sky_temperature),
        theta_h_set=19.0,
        gain_profiles=gains.residential_gain_profile(wd, w.hour_of_day),
    )
    return z, c


def test_monthly_and_hourly_agree_within_10_percent_on_a_brick_house():
    z, c = _brick_house_case()
    assert 230.0 < float(z.h_tr_op[0] + z.h_tr_gr[0] + z.h_tr_w[0]) < 270.0
    hourly = simulate_hourly(z, c)
    monthly = simulate_monthly(z, c)
    h, m = float(hourly.heating_need_kwh[0]), float(monthly.heating_need_kwh[0])
    print(f"brick house: hourly {h:.0f} kWh, monthly {m:.0f} kWh ({100 * (m / h - 1):+.1f} %)")
    assert m == pytest.approx(h, rel=0.10)
    # a leaky house in a Belgian climate: 150–250 kWh/m²
    assert 150 * 75 < h < 250 * 75


def test_input_errors():
    with pytest.raises(InputError, match="theta_e"):
        MonthlyClimate.from_arrays(theta_e=[1.0] * 11)
    with pytest.raises(InputError, match="sol_idx"):
        simulate_monthly(
            _zone(sol_idx=[0], sol_area=[1.0]), MonthlyClimate.from_arrays(theta_e=[1.0] * 12)
        )
    with pytest.raises(InputError, match="b_red"):
        simulate_monthly(_zone(), MonthlyClimate.from_arrays(theta_e=[1.0] * 12), b_red=-1.0)
    with pytest.raises(InputError, match="climate"):
        simulate_monthly(_zone(), np.zeros(12))
