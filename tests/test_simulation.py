"""rehab.simulate: orchestration of the demand engines over House objects."""

import numpy as np
import pytest

import rehab
from rehab import gains
from rehab.errors import InputError
from rehab.gains import conventional_internal_gains
from rehab.simulation import build_batch, simulate


@pytest.fixture(scope="module")
def weather():
    return rehab.weather.default()


def test_single_house_gives_floats_list_gives_arrays(weather):
    h = rehab.archetypes.get("coron-mid-terrace")
    one = simulate(h, weather, method="monthly")
    assert isinstance(one.heating_need_kwh, float)
    assert one.heating_need_monthly_kwh.shape == (12,)
    many = simulate([h, h.copy_with(name="other")], weather, method="monthly")
    assert many.heating_need_kwh.shape == (2,)
    assert many.names == ["coron-mid-terrace", "other"]
    assert many.settings["unique_houses"] == 1  # identical houses simulated once
    np.testing.assert_allclose(many.heating_need_kwh, one.heating_need_kwh)


def test_batch_equals_loop_of_singles(weather):
    houses = [rehab.archetypes.get(n) for n in rehab.archetypes.names()]
    batch = simulate(houses, weather, method="hourly")
    singles = [simulate(h, weather, method="hourly").heating_need_kwh for h in houses]
    np.testing.assert_allclose(batch.heating_need_kwh, singles, rtol=1e-9)


def test_large_call_in_parts_equals_one_batch(weather, monkeypatch):
    """A large hourly call runs in parts (read while the kernel runs): every field bit for bit as one
    batch, duplicates within and across parts included, in the order of the houses."""
    names = rehab.archetypes.names()
    houses = [rehab.archetypes.get(names[i % len(names)], azimuth=float(37 * i % 360)) for i in range(9)]
    houses += [houses[1], houses[7], houses[1]]
    one = simulate(houses, weather, cooling_setpoint=26.0)
    monkeypatch.setattr("rehab.simulation.PART_HOUSES", 3)
    parts = simulate(houses, weather, cooling_setpoint=26.0)
    assert one.settings["unique_houses"] == 9 and parts.settings["unique_houses"] >= 9
    for field in ("heating_need_kwh", "cooling_need_kwh", "heating_need_monthly_kwh", "peak_heating_w",
                  "peak_cooling_w", "hours_above_26", "theta_air_min_c", "theta_air_mean_c", "floor_area_m2"):
        np.testing.assert_array_equal(getattr(parts, field), getattr(one, field), err_msg=field)
    assert parts.names == one.names and parts.theta_air_c is None
    np.testing.assert_array_equal(parts.heating_need_kwh[[1, 7]], parts.heating_need_kwh[[9, 10]])


@pytest.mark.parametrize("name", rehab.archetypes.names())
def test_monthly_and_hourly_agree_within_10_percent(weather, name):
    """Issue figure: for every archetype, monthly and hourly annual needs agree within 10 %."""
    h = rehab.archetypes.get(name)
    hr = simulate(h, weather, method="hourly").heating_need_kwh
    mo = simulate(h, weather, method="monthly").heating_need_kwh
    print(f"{name}: hourly {hr:.0f} kWh, monthly {mo:.0f} kWh, ratio {mo / hr:.3f}")
    assert mo == pytest.approx(hr, rel=0.10)


def test_need_rises_with_setpoint_and_falls_with_setback(weather):
    h = rehab.archetypes.get("coron-end-terrace")
    q19 = simulate(h, weather, setpoint=19).heating_need_kwh
    q21 = simulate(h, weather, setpoint="21 degC").heating_need_kwh
    qsb = simulate(h, weather, setpoint=19, setback=16).heating_need_kwh
    assert q21 > q19 > qsb > 0


def test_power_limit_and_cooling(weather):
    h = rehab.archetypes.get("coron-mid-terrace")
    r = simulate(h, weather, power_limit="3 kW", cooling_setpoint=26)
    assert r.peak_heating_w <= 3000 + 1e-6
    assert r.cooling_need_kwh > 0
    assert r.hours_above_28 == pytest.approx(0.0, abs=1.0)


def test_hourly_outputs_on_request(weather):
    h = rehab.archetypes.get("coron-mid-terrace")
    r = simulate(h, weather, hourly=True)
    assert r.theta_air_c.shape == (weather.n_hours,)
    assert np.nanmin(r.theta_op_c) >= 19 - 1e-3  # the set-point applies to the operative temperature
    # heating energy equals the sum of the hourly powers (1 h steps)
    assert r.heating_need_kwh == pytest.approx(np.clip(r.phi_hc_w, 0, None).sum() / 1000, rel=1e-4)


def test_batch_arrays_by_hand(weather):
    h = rehab.House.from_elements(
        floor_area=50,
        elements=[{"kind": "wall", "area": 40, "u_value": 2.0, "azimuth": 180},
                  {"type": "window", "area": 5, "u_value": 3.0, "azimuth": 180, "g_value": 0.7, "frame_fraction": 0.3},
                  {"kind": "door", "area": 2, "u_value": 3.5, "azimuth": 0},
                  {"kind": "floor", "area": 50, "u_value": 0.5, "boundary": "ground"}],
        thermal_bridges=5.0, ventilation={"h_ventilation": 20, "h_infiltration": 10})
    zones, _climate = build_batch([h], weather)
    assert zones.h_tr_op[0] == pytest.approx(40 * 2.0 + 5.0)
    assert zones.h_tr_w[0] == pytest.approx(5 * 3.0 + 2 * 3.5)
    assert zones.h_tr_gr[0] == pytest.approx(25.0)
    assert zones.h_ve[0] == pytest.approx(30.0)
    assert zones.phi_int[0] == pytest.approx(conventional_internal_gains(50))
    # window A_sol = g·(1 − F_F)·A = 0.7·0.7·5 on its transmitted-irradiance row
    assert zones.sol_area[0][zones.sol_idx[0] >= 0] == pytest.approx([0.7 * 0.7 * 5])
    # walls and doors: α·A with the hourly film, R_rest = 1/U − R_se
    used = zones.wall_idx[0] >= 0
    got = sorted(zip(zones.wall_area[0][used], zones.wall_r[0][used], strict=True))
    assert got == [pytest.approx((0.6 * 2, 1 / 3.5 - 0.04)), pytest.approx((0.6 * 40, 1 / 2.0 - 0.04))]
    film = _climate.irradiance[zones.wall_film[0][used][0]]
    assert film.min() >= gains.H_NATURAL + gains.H_RADIATIVE - 1e-9  # h_e = h_c + h_r, h_c ≥ natural
    # with the ISO film, the wall's area is α·R_se·U·A on the irradiance row: ISO 13790 11.3.4
    zi, ci = build_batch([h], weather, exterior="iso")
    assert zi.wall_idx.shape[1] == 0
    wall = next(k for k in range(zi.sol_idx.shape[1]) if zi.sol_area[0, k] == pytest.approx(0.6 * 0.04 * 2.0 * 40))
    irr = rehab.solar.surface_irradiance(weather, 180.0, 90.0).total[0]
    np.testing.assert_allclose(ci.irradiance[zi.sol_idx[0, wall]], irr, rtol=1e-12)


def test_wind_film_lets_more_sun_through_uninsulated_walls(weather):
    h = rehab.archetypes.get("coron-mid-terrace")
    wind = simulate(h, weather, exterior="wind").heating_need_kwh
    iso = simulate(h, weather, exterior="iso").heating_need_kwh
    assert wind < iso
    ins = h.copy_with(elements=[e.copy_with(u_value=0.2, construction=None) if e.name.startswith("wall_") else e
                                for e in h.elements])
    w2 = simulate(ins, weather, exterior="wind").heating_need_kwh
    i2 = simulate(ins, weather, exterior="iso").heating_need_kwh
    assert abs(w2 / i2 - 1) < abs(wind / iso - 1)


def test_bad_input(weather):
    h = rehab.archetypes.get("coron-mid-terrace")
    with pytest.raises(InputError, match="method"):
        simulate(h, weather, method="daily")
    with pytest.raises(InputError, match="setpoint"):
        simulate(h, weather, setpoint="19 m")
    with pytest.raises(InputError, match=r"not a rehab\.House"):
        simulate([h, "coron"], weather)
    with pytest.raises(InputError, match="terrain"):
        simulate(h, weather, terrain="moon")
    with pytest.raises(InputError, match="cooling_setpoint"):
        simulate(h, weather, cooling_setpoint=18, setpoint=19)


def test_azimuth_grid_is_exact_on_nodes_and_close_between(weather):
    """Irradiance rows on a 1° grid, linearly weighted between nodes (build_batch azimuth_grid)."""
    from rehab.demand.hourly import simulate_hourly

    def need(h, grid):
        z, c = build_batch([h], weather, azimuth_grid=grid)
        return float(simulate_hourly(z, c).heating_need[0]), z

    on = rehab.archetypes.get("coron-mid-terrace", azimuth=137.0)
    a, z1 = need(on, 1.0)
    b, _ = need(on, None)
    assert a == b  # whole degrees: the node itself, bit for bit
    off = rehab.archetypes.get("coron-mid-terrace", azimuth=299.6)  # next to a film switch (wind from 30°)
    c, z2 = need(off, 1.0)
    d, _ = need(off, None)
    assert c == pytest.approx(d, rel=1e-5)
    assert c != d
    # between nodes every sunlit surface takes two rows: twice the slots, weights summing to the area
    assert (z2.sol_idx[0] >= 0).sum() == 2 * (z1.sol_idx[0] >= 0).sum()
    assert z2.sol_area[0].sum() == pytest.approx(z1.sol_area[0].sum(), rel=1e-12)


def test_irradiance_rows_are_kept_between_batches(weather, monkeypatch):
    """The second batch of a weather reads the rows of the first (one buffer, no row computed
    twice) and gives bit for bit the needs of a batch built from nothing; past the bank's size,
    or with another terrain, a batch gets rows of its own, equal too."""
    from rehab.demand.hourly import simulate_hourly
    from rehab.simulation import _ROW_BANK

    a = [rehab.archetypes.get("coron-mid-terrace", azimuth=az) for az in (12.5, 200.0)]
    b = [rehab.archetypes.get("castors-detached", azimuth=az) for az in (12.5, 95.25)]

    def run(houses, **kw):
        z, c = build_batch(houses, weather, **kw)
        return simulate_hourly(z, c).heating_need, c.irradiance

    _ROW_BANK.clear()
    fresh, irr_fresh = run(b)
    _ROW_BANK.clear()
    _, irr_a = run(a)
    warm, irr_b = run(b)
    np.testing.assert_array_equal(warm, fresh)
    assert np.shares_memory(irr_a, irr_b) and len(irr_b) > len(irr_a)  # a's rows, then b's new ones
    assert len(irr_b) < len(irr_a) + len(irr_fresh)  # the shared azimuth's rows were not added again
    city, irr_c = run(b, terrain="city")
    assert not np.shares_memory(irr_c, irr_b) and not np.array_equal(city, fresh)
    monkeypatch.setattr("rehab.simulation.ROW_BANK_BYTES", 8 * weather.n_hours * 4)  # four rows
    small, irr_s = run(b)
    np.testing.assert_array_equal(small, fresh)
    assert not np.shares_memory(irr_s, irr_b)
    _ROW_BANK.clear()


@pytest.mark.parametrize("grid", [0, -1.0, 180.0, float("nan"), "1 deg"])
def test_azimuth_grid_outside_its_range_is_refused(weather, grid):
    with pytest.raises(InputError, match=r"azimuth_grid: .* deg; allowed None"):
        build_batch([rehab.archetypes.get("coron-mid-terrace")], weather, azimuth_grid=grid)
