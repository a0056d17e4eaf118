"""Tests of rehab.demand.hourly (ISO 13790:2008 Annex C, 5R1C) and rehab.demand.zones."""

from __future__ import annotations

import numba as nb
import numpy as np
import pytest

from rehab.demand import ThermalZones, ZoneClimate, simulate_hourly
from rehab.demand import hourly as H
from rehab.errors import InputError

MONTH_8760 = np.repeat(np.arange(1, 13), 730)  # twelve 730-hour "months"


def _zone(**kw):
    base = dict(h_tr_op=150.0, h_tr_w=30.0, h_ve=40.0, c_m=165_000.0 * 80, a_floor=80.0)
    base.update(kw)
    return ThermalZones.from_arrays(**base)


# --------------------------------------------------------------------------- reference
def reference_5r1c(zone: dict, te, tg, tsky, phi_int, phi_sol, th, tc, tm0, control="air"):
    """Straight transcription of ISO 13790:2008 C.2–C.4.2, one hour at a time.

    Uses the explicit 10 W/m² probe of C.4.2 (step 2) and eq. C.13, with the
    ground and sky extensions of rehab (ground joins the opaque branch with a
    conductance-weighted temperature; Φ_r = h_sky·(θ_e − θ_sky) leaves Φ_sol).
    """
    af, am, at = zone["a_floor"], zone["a_m"], zone["a_t"]
    h_op = zone["h_tr_op"] + zone["h_tr_gr"]
    h_w, h_ve, cm = zone["h_tr_w"], zone["h_ve"], zone["c_m"]
    h_is = 3.45 * at  # 7.2.2.2 eq. 9
    h_ms = 9.1 * am  # 12.2.2 eq. 64
    h_em = 1 / (1 / h_op - 1 / h_ms)  # eq. 63
    h1 = 1 / (1 / h_ve + 1 / h_is)  # C.6
    h2 = h1 + h_w  # C.7
    h3 = 1 / (1 / h2 + 1 / h_ms)  # C.8
    w = 1.0 if control == "air" else 0.3
    tm = tm0
    out = np.zeros((len(te), 3))
    for t in range(len(te)):
        theta_em = (zone["h_tr_op"] * te[t] + zone["h_tr_gr"] * tg[t]) / h_op
        psol = phi_sol[t] - zone["h_sky"] * (te[t] - tsky[t])
        pia = 0.5 * phi_int[t]  # C.1
        pm = am / at * (0.5 * phi_int[t] + psol)  # C.2
        pst = (1 - am / at - h_w / (9.1 * at)) * (0.5 * phi_int[t] + psol)  # C.3

        def step(phc, tm=tm, t=t, theta_em=theta_em, pia=pia, pm=pm, pst=pst):
            sup = te[t]
            pmtot = (
                pm
                + h_em * theta_em
                + h3 * (pst + h_w * te[t] + h1 * ((pia + phc) / h_ve + sup)) / h2
            )  # C.5
            tmt = (tm * (cm / 3600 - 0.5 * (h3 + h_em)) + pmtot) / (
                cm / 3600 + 0.5 * (h3 + h_em)
            )  # C.4
            tmm = 0.5 * (tmt + tm)  # C.9
            ts = (h_ms * tmm + pst + h_w * te[t] + h1 * (sup + (pia + phc) / h_ve)) / (
                h_ms + h_w + h1
            )  # C.10
            ta = (h_is * ts + h_ve * sup + pia + phc) / (h_is + h_ve)  # C.11
            return tmt, ts, ta

        tmt, ts, ta = step(0.0)
        ctl0 = w * ta + (1 - w) * ts
        if th[t] <= ctl0 <= tc[t]:
            phc = 0.0
        else:
            p10 = 10.0 * af
            _, ts10, ta10 = step(p10)
            ctl10 = w * ta10 + (1 - w) * ts10
            tset = th[t] if ctl0 < th[t] else tc[t]
            phc = p10 * (tset - ctl0) / (ctl10 - ctl0)  # C.13
            phc = min(max(phc, -zone["phi_c_max"]), zone["phi_h_max"])
        tmt, ts, ta = step(phc)
        tm = tmt
        out[t] = (phc, ta, 0.3 * ta + 0.7 * ts)
    return out


@pytest.mark.parametrize("control", ["air", "operative"])
def test_kernel_equals_step_by_step_iso_13790(control):
    rng = np.random.default_rng(7)
    nh = 1500
    hours = np.arange(nh)
    te = (
        10
        + 9 * np.sin(hours / 24 * 2 * np.pi)
        + 8 * np.sin(hours / 700 * 2 * np.pi)
        + rng.normal(0, 2, nh)
    )
    tg = 8 + np.sin(hours / 8760 * 2 * np.pi)
    tsky = te - rng.uniform(5, 20, nh)
    irr = np.maximum(0, 700 * np.sin(hours / 24 * 2 * np.pi))[None, :] * np.array([[1.0], [0.4]])
    prof = 1 + 0.5 * np.sin(hours / 24 * 2 * np.pi + 1)
    th = np.where(hours % 24 < 6, 16.0, 20.0)
    tc = np.where(hours % 24 < 6, np.inf, 25.0)
    z = ThermalZones.from_arrays(
        h_tr_op=150.0,
        h_tr_gr=25.0,
        h_tr_w=30.0,
        h_ve=40.0,
        c_m=165_000.0 * 80,
        a_floor=80.0,
        a_m=190.0,
        a_t=330.0,
        phi_int=400.0,
        sol_idx=[0, 1, -1],
        sol_area=[8.0, 1.5, 9.0],
        h_sky=6.0,
        phi_h_max=3000.0,
        phi_c_max=1200.0,
    )
    c = ZoneClimate.from_arrays(
        theta_e=te,
        month=np.ones(nh, int),
        irradiance=irr,
        theta_ground=tg,
        theta_sky=tsky,
        theta_h_set=th,
        theta_c_set=tc,
        gain_profiles=prof,
    )
    r = simulate_hourly(
        z,
        c,
        hourly=True,
        hourly_dtype=np.float64,
        warmup_hours=0,
        theta_m_init=18.0,
        setpoint_on=control,
    )
    zd = {
        k: float(getattr(z, k)[0])
        for k in (
            "h_tr_op",
            "h_tr_gr",
            "h_tr_w",
            "h_ve",
            "c_m",
            "a_m",
            "a_t",
            "a_floor",
            "h_sky",
            "phi_h_max",
            "phi_c_max",
        )
    }
    ref = reference_5r1c(
        zd, te, tg, tsky, 400.0 * prof, 8.0 * irr[0] + 1.5 * irr[1], th, tc, 18.0, control
    )
    np.testing.assert_allclose(r.phi_hc[0], ref[:, 0], rtol=1e-9, atol=1e-7)
    np.testing.assert_allclose(r.theta_air[0], ref[:, 1], rtol=1e-11, atol=1e-9)
    np.testing.assert_allclose(r.theta_op[0], ref[:, 2], rtol=1e-11, atol=1e-9)
    # the run hits the heating limit, cools, and floats: every branch of C.4.2
    assert (ref[:, 0] >= 3000.0 - 1e-6).any()
    assert (ref[:, 0] < 0).any()
    assert (ref[:, 0] == 0).any()


# --------------------------------------------------------------------------- steady state
def test_steady_state_air_control_is_network_conductance_times_delta_t():
    # 0 °C outside, ground at 0 °C too, air held at 20 °C, no gains, no sun.
    # Air node: H_ve to outdoors; surface node: H_tr,is = 3.45·4.5·A_f from the
    # air, then H_tr,w + H_tr,op + H_tr,gr to outdoors (the mass branch carries
    # no heat in steady state other than H_tr,em in series with H_tr,ms =
    # H_tr,op). Need = [H_ve + H_is·H_tr/(H_is + H_tr)]·ΔT per hour.
    z = _zone(h_tr_gr=10.0)
    c = ZoneClimate.from_arrays(theta_e=np.zeros(8760), month=MONTH_8760, theta_h_set=20.0)
    r = simulate_hourly(z, c, setpoint_on="air")
    h_is = 3.45 * 4.5 * 80.0
    h_tr = 150.0 + 10.0 + 30.0
    power = (40.0 + h_is * h_tr / (h_is + h_tr)) * 20.0
    assert r.heating_need[0] == pytest.approx(power * 8760 * 3600, rel=1e-9)
    assert r.peak_heating[0] == pytest.approx(power, rel=1e-9)
    np.testing.assert_allclose(r.heating_need_monthly[0], power * 730 * 3600, rtol=1e-9)
    assert r.cooling_need[0] == 0.0


def test_steady_state_operative_control():
    # θ_op = 0.3 θ_a + 0.7 θ_s = 20 with θ_s = H_is θ_a/(H_is + H_tr) (θ_e = 0)
    z = _zone()
    c = ZoneClimate.from_arrays(theta_e=np.zeros(8760), month=MONTH_8760, theta_h_set=20.0)
    r = simulate_hourly(z, c, hourly=True, hourly_dtype=np.float64)
    h_is, h_tr, h_ve = 3.45 * 360.0, 180.0, 40.0
    ratio = h_is / (h_is + h_tr)
    theta_a = 20.0 / (0.3 + 0.7 * ratio)
    power = h_ve * theta_a + h_tr * ratio * theta_a
    assert r.heating_need[0] == pytest.approx(power * 8760 * 3600, rel=1e-9)
    assert r.theta_op[0, -1] == pytest.approx(20.0, abs=1e-5)
    assert r.theta_air[0, -1] == pytest.approx(theta_a, rel=1e-6)
    # within a few per cent of H·ΔT, as the monthly method assumes
    assert power == pytest.approx((h_tr + h_ve) * 20.0, rel=0.02)


def test_free_float_converges_to_the_steady_state_with_gains():
    # 500 W (half to the air node, half split to surface and mass), θ_e = 5 °C:
    # solve the three node balances by hand (steady state) and compare.
    z = _zone(phi_int=500.0, a_m=200.0, a_t=360.0)
    c = ZoneClimate.from_arrays(
        theta_e=np.full(3000, 5.0), month=np.ones(3000, int), theta_h_set=-np.inf
    )
    r = simulate_hourly(z, c, hourly=True, hourly_dtype=np.float64)
    h_ve, h_w, h_op = 40.0, 30.0, 150.0
    h_is, h_ms = 3.45 * 360.0, 9.1 * 200.0
    h_em = 1 / (1 / h_op - 1 / h_ms)
    p_ia = 250.0
    p_m = 200.0 / 360.0 * 250.0
    p_st = (1 - 200.0 / 360.0 - h_w / (9.1 * 360.0)) * 250.0
    # unknowns: θ_a, θ_s, θ_m (relative to θ_e = 5)
    a = np.array(
        [
            [h_ve + h_is, -h_is, 0.0],
            [-h_is, h_is + h_w + h_ms, -h_ms],
            [0.0, -h_ms, h_ms + h_em],
        ]
    )
    ta, ts, _ = np.linalg.solve(a, [p_ia, p_st, p_m]) + 5.0
    assert r.theta_air[0, -1] == pytest.approx(ta, abs=1e-6)
    assert r.theta_op[0, -1] == pytest.approx(0.3 * ta + 0.7 * ts, abs=1e-6)
    assert r.heating_need[0] == 0.0 and r.cooling_need[0] == 0.0


def test_no_ventilation_and_no_windows_is_allowed():
    z = _zone(h_ve=0.0, h_tr_w=0.0)
    c = ZoneClimate.from_arrays(theta_e=np.zeros(2000), month=np.ones(2000, int), theta_h_set=20.0)
    r = simulate_hourly(z, c, setpoint_on="air")
    h_is = 3.45 * 360.0
    assert r.peak_heating[0] == pytest.approx(h_is * 150.0 / (h_is + 150.0) * 20.0, rel=1e-9)


# --------------------------------------------------------------------------- limits, schedules
def test_power_limit_is_respected_and_temperature_falls():
    c = ZoneClimate.from_arrays(
        theta_e=np.full(3000, -5.0), month=np.ones(3000, int), theta_h_set=20.0, theta_c_set=22.0
    )
    free = simulate_hourly(_zone(), c)
    limited = simulate_hourly(_zone(phi_h_max=2000.0), c, hourly=True)
    assert free.peak_heating[0] > 2000.0
    assert limited.peak_heating[0] == pytest.approx(2000.0)
    assert limited.heating_need[0] == pytest.approx(2000.0 * 3000 * 3600, rel=1e-9)
    assert limited.theta_op[0, -1] < 19.0
    # a limit above the need changes nothing
    loose = simulate_hourly(_zone(phi_h_max=1e6), c)
    assert loose.heating_need[0] == pytest.approx(free.heating_need[0], rel=1e-12)


def test_cooling_limit_and_cooling_need():
    c = ZoneClimate.from_arrays(
        theta_e=np.full(2000, 35.0), month=np.ones(2000, int), theta_h_set=-np.inf, theta_c_set=26.0
    )
    r = simulate_hourly(_zone(), c)
    lim = simulate_hourly(_zone(phi_c_max=500.0), c)
    assert r.cooling_need[0] > 0 and r.heating_need[0] == 0
    assert lim.peak_cooling[0] == pytest.approx(500.0)
    assert lim.hours_above_28[0] > 1000
    assert r.hours_above_26[0] == 0  # held at 26 °C by cooling: not counted


def test_set_point_between_bounds_floats():
    # θ_e 21 °C, no gains: the zone floats at 21 °C between 20 and 26 °C
    c = ZoneClimate.from_arrays(
        theta_e=np.full(1000, 21.0), month=np.ones(1000, int), theta_h_set=20.0, theta_c_set=26.0
    )
    r = simulate_hourly(_zone(), c)
    assert r.heating_need[0] == 0.0 and r.cooling_need[0] == 0.0
    assert r.theta_air_mean[0] == pytest.approx(21.0, abs=1e-6)


def test_several_schedules_and_profiles_by_index():
    nh = 2000
    th = np.vstack([np.full(nh, 20.0), np.full(nh, 18.0)])
    prof = np.vstack([np.ones(nh), np.zeros(nh)])
    c = ZoneClimate.from_arrays(
        theta_e=np.zeros(nh), month=np.ones(nh, int), theta_h_set=th, gain_profiles=prof
    )
    z = ThermalZones.concatenate(
        [
            _zone(phi_int=300.0, sched_idx=0, int_idx=0),
            _zone(phi_int=300.0, sched_idx=1, int_idx=0),
            _zone(phi_int=300.0, sched_idx=0, int_idx=1),
        ]
    )
    r = simulate_hourly(z, c, setpoint_on="air")
    p20, p18, p20_nogain = r.peak_heating
    # steady state, linear network: P(θ_set) = H_eff·θ_set − G with the same
    # gain term G in houses 0 and 1, and G = 0 in house 2 (profile row of zeros)
    assert p20 - p18 == pytest.approx(2.0 * p20_nogain / 20.0, rel=1e-9)
    # G: Φ_ia plus what the surface node passes to the air (air held fixed):
    # star/mass balances with the gains alone, [θ_s, θ_m] rises, G = Φ_ia + H_is·Δθ_s
    h_is, h_ms, h_w, h_op = 3.45 * 360.0, 9.1 * 200.0, 30.0, 150.0
    h_em = 1 / (1 / h_op - 1 / h_ms)
    phi_m = 200.0 / 360.0 * 150.0
    phi_st = (1 - 200.0 / 360.0 - h_w / (9.1 * 360.0)) * 150.0
    a = np.array([[h_is + h_ms + h_w, -h_ms], [-h_ms, h_ms + h_em]])
    d_ts, _ = np.linalg.solve(a, [phi_st, phi_m])
    assert p20_nogain - p20 == pytest.approx(150.0 + h_is * d_ts, rel=1e-9)


# --------------------------------------------------------------------------- batch, outputs
def test_batch_equals_loop_of_singles():
    rng = np.random.default_rng(3)
    n = 37  # not a multiple of the block size
    nh = 2000
    hours = np.arange(nh)
    c = ZoneClimate.from_arrays(
        theta_e=5 + 10 * np.sin(hours / 24 * 2 * np.pi),
        month=np.repeat(np.arange(1, 3), nh // 2),
        irradiance=np.maximum(0, rng.uniform(-200, 600, (4, nh))),
        theta_h_set=np.vstack([np.full(nh, 20.0), np.where(hours % 24 < 7, -np.inf, 19.0)]),
        theta_c_set=np.vstack([np.full(nh, 25.0), np.full(nh, np.inf)]),
        gain_profiles=np.vstack([np.ones(nh), 1 + np.cos(hours / 24 * 2 * np.pi)]),
    )
    af = rng.uniform(40, 150, n)
    z = ThermalZones.from_arrays(
        h_tr_op=rng.uniform(50, 300, n),
        h_tr_gr=rng.uniform(0, 40, n),
        h_tr_w=rng.uniform(5, 60, n),
        h_ve=rng.uniform(0, 80, n),
        c_m=rng.uniform(50e3, 300e3, n) * af,
        a_floor=af,
        phi_int=rng.uniform(0, 800, n),
        int_idx=rng.integers(0, 2, n),
        sched_idx=rng.integers(0, 2, n),
        sol_idx=rng.integers(-1, 4, (n, 3)),
        sol_area=rng.uniform(0, 4, (n, 3)),
        h_sky=rng.uniform(0, 10, n),
        phi_h_max=np.where(rng.random(n) < 0.3, 1500.0, np.inf),
    )
    batch = simulate_hourly(z, c, hourly=True, hourly_dtype=np.float64)
    for i in range(n):
        one = simulate_hourly(z.take([i]), c, hourly=True, hourly_dtype=np.float64)
        np.testing.assert_allclose(
            batch.heating_need_monthly[i], one.heating_need_monthly[0], rtol=1e-12
        )
        np.testing.assert_allclose(
            batch.cooling_need_monthly[i], one.cooling_need_monthly[0], rtol=1e-12
        )
        np.testing.assert_allclose(batch.theta_air[i], one.theta_air[0], rtol=1e-12)
        assert batch.hours_above_26[i] == one.hours_above_26[0]


def test_aggregates_agree_with_hourly_series():
    nh = 8760
    hours = np.arange(nh)
    c = ZoneClimate.from_arrays(
        theta_e=10
        + 12 * np.sin(hours / 8760 * 2 * np.pi - 1.8)
        + 5 * np.sin(hours / 24 * 2 * np.pi),
        month=MONTH_8760,
        irradiance=np.maximum(0, 800 * np.sin(hours / 24 * 2 * np.pi))[None, :],
        theta_h_set=19.0,
        theta_c_set=27.0,
    )
    z = _zone(phi_int=300.0, sol_idx=[0], sol_area=[6.0])
    r = simulate_hourly(z, c, hourly=True, hourly_dtype=np.float64)
    phi = r.phi_hc[0]
    assert r.heating_need[0] == pytest.approx(np.maximum(phi, 0).sum() * 3600, rel=1e-9)
    assert r.cooling_need[0] == pytest.approx(np.maximum(-phi, 0).sum() * 3600, rel=1e-9)
    for m in range(12):
        sl = slice(730 * m, 730 * (m + 1))
        assert r.heating_need_monthly[0, m] == pytest.approx(
            np.maximum(phi[sl], 0).sum() * 3600, rel=1e-9, abs=1e-6
        )
    assert r.peak_heating[0] == pytest.approx(phi.max())
    assert r.peak_cooling[0] == pytest.approx(-phi.min())
    assert r.theta_air_min[0] == pytest.approx(r.theta_air[0].min())
    assert r.theta_air_max[0] == pytest.approx(r.theta_air[0].max())
    assert r.theta_air_mean[0] == pytest.approx(r.theta_air[0].mean())
    assert r.hours_above_26[0] == np.count_nonzero(r.theta_op[0] > 26.0 + 1e-6)
    assert r.hours_above_28[0] == np.count_nonzero(r.theta_op[0] > 28.0 + 1e-6)
    assert r.cooling_need[0] > 0 and r.heating_need[0] > 0
    # float32 hourly output is the same series rounded
    r32 = simulate_hourly(z, c, hourly=True)
    assert r32.theta_air.dtype == np.float32
    np.testing.assert_allclose(r32.theta_air[0], r.theta_air[0], rtol=1e-6)
    # no hourly output unless asked
    assert simulate_hourly(z, c).theta_air is None


def test_months_follow_the_calendar_of_the_climate():
    # a leap year starting in July: monthly needs land in their calendar month
    nh = 8784
    month = np.concatenate([np.repeat(np.arange(7, 13), 732), np.repeat(np.arange(1, 7), 732)])
    te = np.where(month == 1, -5.0, 10.0)
    c = ZoneClimate.from_arrays(theta_e=te, month=month, theta_h_set=20.0)
    r = simulate_hourly(_zone(), c, setpoint_on="air", warmup_hours=0)
    assert r.n_hours == nh
    jan, jul = r.heating_need_monthly[0, 0], r.heating_need_monthly[0, 6]
    assert jan > 1.9 * jul  # 25 K against 10 K of difference
    assert r.heating_need_monthly[0].sum() == pytest.approx(r.heating_need[0])


def test_empty_batch():
    z = _zone().take(np.array([], dtype=int))
    c = ZoneClimate.from_arrays(theta_e=np.zeros(24), month=np.ones(24, int))
    r = simulate_hourly(z, c)
    assert len(r) == 0 and r.heating_need_monthly.shape == (0, 12)


def test_fastmath_flags_stay_within_1e_9_of_the_strict_path():
    # recompile the kernel without fast-math (serial, so it compiles fast) and compare
    strict = nb.njit(fastmath=False, error_model="numpy")(H._kernel.py_func)
    rng = np.random.default_rng(11)
    n, nh = 20, 8760
    hours = np.arange(nh)
    c = ZoneClimate.from_arrays(
        theta_e=8
        + 10 * np.sin(hours / 8760 * 2 * np.pi - 1.8)
        + 4 * np.sin(hours / 24 * 2 * np.pi),
        month=MONTH_8760,
        irradiance=np.maximum(0, rng.uniform(-300, 700, (3, nh))),
        theta_h_set=np.where(hours % 24 < 6, -np.inf, 19.0),
        theta_c_set=26.0,
    )
    af = rng.uniform(40, 150, n)
    z = ThermalZones.from_arrays(
        h_tr_op=rng.uniform(50, 300, n),
        h_tr_w=rng.uniform(5, 60, n),
        h_ve=rng.uniform(10, 80, n),
        c_m=1.5e5 * af,
        a_floor=af,
        phi_int=4 * af,
        sol_idx=rng.integers(0, 3, (n, 2)),
        sol_area=rng.uniform(0, 4, (n, 2)),
        h_sky=rng.uniform(0, 8, n),
    )
    fast = simulate_hourly(z, c)
    # same call, strict kernel
    orig = H._kernel
    try:
        H._kernel = strict
        slow = simulate_hourly(z, c)
    finally:
        H._kernel = orig
    np.testing.assert_allclose(
        fast.heating_need_monthly, slow.heating_need_monthly, rtol=1e-9, atol=1e-3
    )
    np.testing.assert_allclose(
        fast.cooling_need_monthly, slow.cooling_need_monthly, rtol=1e-9, atol=1e-3
    )
    np.testing.assert_allclose(fast.theta_air_mean, slow.theta_air_mean, rtol=1e-12)


# --------------------------------------------------------------------------- errors
def test_input_errors_name_the_field():
    c = ZoneClimate.from_arrays(theta_e=np.zeros(24), month=np.ones(24, int))
    with pytest.raises(InputError, match="h_tr_op"):
        ThermalZones.from_arrays(h_tr_op=-1.0, h_tr_w=1.0, h_ve=1.0, c_m=1e6, a_floor=10.0)
    with pytest.raises(InputError, match="c_m"):
        ThermalZones.from_arrays(h_tr_op=1.0, h_tr_w=1.0, h_ve=1.0, c_m=np.nan, a_floor=10.0)
    with pytest.raises(InputError, match="h_ve"):
        ThermalZones.from_arrays(
            h_tr_op=1.0, h_tr_w=1.0, h_ve=[1.0, 2.0], c_m=1e6, a_floor=[10.0, 1.0, 2.0]
        )
    with pytest.raises(InputError, match="H_tr,ms"):
        ThermalZones.from_arrays(
            h_tr_op=500.0, h_tr_w=1.0, h_ve=1.0, c_m=1e6, a_floor=10.0, a_m=20.0
        )
    with pytest.raises(InputError, match="sol_idx"):
        simulate_hourly(_zone(sol_idx=[2], sol_area=[1.0]), c)
    with pytest.raises(InputError, match="sched_idx"):
        simulate_hourly(_zone(sched_idx=1), c)
    with pytest.raises(InputError, match="setpoint_on"):
        simulate_hourly(_zone(), c, setpoint_on="radiant")
    with pytest.raises(InputError, match="warmup_hours"):
        simulate_hourly(_zone(), c, warmup_hours=-1)
    with pytest.raises(InputError, match="theta_h_set"):
        ZoneClimate.from_arrays(
            theta_e=np.zeros(24), month=np.ones(24, int), theta_h_set=25.0, theta_c_set=20.0
        )
    with pytest.raises(InputError, match="month"):
        ZoneClimate.from_arrays(theta_e=np.zeros(24), month=np.full(24, 13))
    with pytest.raises(InputError, match="theta_e"):
        ZoneClimate.from_arrays(theta_e=np.full(24, np.nan), month=np.ones(24, int))
    with pytest.raises(InputError, match="theta_c_set"):
        ZoneClimate.from_arrays(theta_e=np.zeros(24), month=np.ones(24, int), theta_c_set=-np.inf)
    with pytest.raises(InputError, match="hourly_dtype"):
        simulate_hourly(_zone(), c, hourly_dtype=np.int32)


def test_zones_take_concatenate_and_derived():
    z = ThermalZones.from_arrays(
        h_tr_op=[100.0, 200.0],
        h_tr_w=10.0,
        h_ve=20.0,
        c_m=3.6e6,
        a_floor=50.0,
        sol_idx=[[0], [1]],
        sol_area=[[1.0], [2.0]],
    )
    assert len(z) == 2
    assert z.take([True, False]).h_tr_op.tolist() == [100.0]
    both = ThermalZones.concatenate([z, z.take([1])])
    assert both.h_tr_op.tolist() == [100.0, 200.0, 200.0]
    # τ = (C_m/3600)/H: 1000 W·h/K over 130 W/K
    assert z.time_constant[0] == pytest.approx(1000.0 / 130.0)
    # H_tr,em = 1/(1/100 − 1/(9.1·125))
    assert z.h_tr_em[0] == pytest.approx(1 / (1 / 100 - 1 / (9.1 * 125.0)))
    with pytest.raises(InputError):
        z.take([5])
