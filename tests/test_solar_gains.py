"""rehab.demand.solar_gains: the hourly-film walls against the same gain as a precomputed row."""

import numpy as np
import pytest

from rehab.demand.hourly import simulate_hourly
from rehab.demand.monthly import simulate_monthly
from rehab.demand.solar_gains import WallSumCache, month_sums, solar_gains, solar_gains_monthly
from rehab.demand.zones import ThermalZones, ZoneClimate
from rehab.errors import InputError

N_H = 24 * 60


def _climate(extra_rows=()):
    rng = np.random.default_rng(7)
    t = np.arange(N_H)
    irr = np.clip(600 * np.sin(np.pi * ((t % 24) - 6) / 12), 0, None) * rng.uniform(0.3, 1.0, N_H)
    film = 6.0 + 20.0 * rng.uniform(size=N_H)
    rows = [irr, film, *extra_rows]
    month = np.repeat([1, 2], N_H // 2)
    return ZoneClimate.from_arrays(theta_e=2.0 + 5 * np.sin(t / 40), month=month, irradiance=np.array(rows),
                                   theta_h_set=19.0), irr, film


def _zones(**kw):
    base = dict(h_tr_op=120.0, h_tr_w=20.0, h_ve=40.0, c_m=1.2e7, a_floor=70.0)
    return ThermalZones.from_arrays(**base, **kw)


def test_wall_slot_equals_its_precomputed_row():
    c, irr, film = _climate()
    r_rest, alpha_a = 0.35, 0.6 * 30.0
    row = irr / (1.0 + film * r_rest)  # the hand formula, as a linear row
    c2, _, _ = _climate([row])
    walls = _zones(sol_idx=[[0]], sol_area=[[3.0]], wall_idx=[[0]], wall_film=[[1]], wall_r=[[r_rest]],
                   wall_area=[[alpha_a]])
    linear = _zones(sol_idx=[[0, 2]], sol_area=[[3.0, alpha_a]])
    a = simulate_hourly(walls, c)
    b = simulate_hourly(linear, c2)
    assert a.heating_need[0] == pytest.approx(b.heating_need[0], rel=1e-12)
    assert a.theta_air_max[0] == pytest.approx(b.theta_air_max[0], rel=1e-12)
    np.testing.assert_allclose(solar_gains(walls, c.irradiance)[0], 3.0 * irr + alpha_a * row, rtol=1e-12)
    # the monthly method averages the same formula over each month's hours
    m = solar_gains_monthly(walls, c.irradiance, c.month, np.array([N_H / 2, N_H / 2] + [0] * 10))
    half = N_H // 2
    g = 3.0 * irr + alpha_a * row
    assert m[0, :2] == pytest.approx([g[:half].mean(), g[half:].mean()], rel=1e-12)
    mw = simulate_monthly(walls, c)
    ml = simulate_monthly(linear, c2)
    np.testing.assert_allclose(mw.heating_need_monthly, ml.heating_need_monthly, rtol=1e-12)


def test_monthly_walls_need_the_hourly_climate():
    c, _, _ = _climate()
    walls = _zones(wall_idx=[[0]], wall_film=[[1]], wall_r=[[0.3]], wall_area=[[10.0]])
    m = c.monthly()
    from dataclasses import replace

    with pytest.raises(InputError, match="hourly"):
        simulate_monthly(walls, replace(m, hourly=None))


def test_wall_slots_are_validated():
    with pytest.raises(InputError, match="wall_r"):
        _zones(wall_idx=[[0]], wall_film=[[1]], wall_r=[[-1.0]], wall_area=[[1.0]])
    with pytest.raises(InputError, match="wall_film"):
        _zones(wall_idx=[[0]], wall_film=[[1, 2]], wall_r=[[1.0]], wall_area=[[1.0]])
    c, _, _ = _climate()
    with pytest.raises(InputError, match="wall_film"):
        simulate_hourly(_zones(wall_idx=[[0]], wall_film=[[5]], wall_r=[[1.0]], wall_area=[[1.0]]), c)


def test_repeated_houses_share_their_wall_gains():
    """The monthly walls are computed once per distinct set of slots, then broadcast (exact)."""
    c, _irr, _film = _climate()
    z = _zones(wall_idx=[[0]], wall_film=[[1]], wall_r=[[0.4]], wall_area=[[12.0]])
    z2 = _zones(wall_idx=[[0]], wall_film=[[1]], wall_r=[[1.5]], wall_area=[[12.0]])
    from rehab.demand.zones import ThermalZones

    batch = ThermalZones.concatenate([z, z2, z, z2, z])
    hours = np.array([N_H / 2, N_H / 2] + [0] * 10)
    one = solar_gains_monthly(z, c.irradiance, c.month, hours, linear=False)
    two = solar_gains_monthly(z2, c.irradiance, c.month, hours, linear=False)
    got = solar_gains_monthly(batch, c.irradiance, c.month, hours, linear=False)
    np.testing.assert_array_equal(got, np.concatenate([one, two, one, two, one]))
    assert two[0, 0] < one[0, 0]  # more resistance behind the film: less sunshine gets in


def test_paired_slots_equal_the_formula_slot_by_slot():
    """Linear slots two by two and wall slots sharing film and R_rest (one division for two)
    give the module formula evaluated slot by slot: runs of 1, 2 and 3, unused slots between."""
    rng = np.random.default_rng(3)
    irr = rng.uniform(0.0, 800.0, (6, 50))
    irr[4:] = rng.uniform(5.0, 40.0, (2, 50))  # rows 4, 5: film coefficients
    sol_idx = np.array([[0, -1, 1, 2, -1], [3, -1, -1, -1, -1]])
    sol_area = rng.uniform(0.5, 3.0, sol_idx.shape)
    wall_idx = np.array([[0, 1, 2, -1, 3, 0], [1, 2, -1, -1, -1, -1]])
    wall_film = np.array([[4, 4, 4, -1, 5, 5], [5, 5, -1, -1, -1, -1]])
    wall_r = np.array([[0.3, 0.3, 0.3, 0.0, 0.3, 0.7], [1.1, 1.2, 0.0, 0.0, 0.0, 0.0]])
    wall_area = rng.uniform(1.0, 9.0, wall_idx.shape)
    z = ThermalZones.from_arrays(h_tr_op=100.0, h_tr_w=10.0, h_ve=20.0, c_m=1e7, a_floor=60.0, sol_idx=sol_idx,
                                 sol_area=sol_area, wall_idx=wall_idx, wall_film=wall_film, wall_r=wall_r,
                                 wall_area=wall_area)
    ref = np.zeros((2, 50))
    for i in range(2):
        for k in np.flatnonzero(sol_idx[i] >= 0):
            ref[i] += sol_area[i, k] * irr[sol_idx[i, k]]
        for k in np.flatnonzero(wall_idx[i] >= 0):
            ref[i] += wall_area[i, k] * irr[wall_idx[i, k]] / (1.0 + irr[wall_film[i, k]] * wall_r[i, k])
    np.testing.assert_allclose(solar_gains(z, irr), ref, rtol=1e-14)


@pytest.mark.parametrize("rows", [1, 3, 4, 9])
def test_month_sums_are_the_sums_of_bincount(rows):
    # the monthly means of MonthlyClimate.from_climate: the same additions as np.bincount, bit for bit,
    # whatever the order of the months (a year starting in July, hours shuffled)
    rng = np.random.default_rng(rows)
    x = rng.lognormal(3.0, 2.0, size=(rows, 3000)) * (rng.uniform(size=(rows, 3000)) > 0.4)
    for month in (np.repeat(np.arange(1, 13), 250), np.roll(np.repeat(np.arange(1, 13), 250), 1500),
                  rng.integers(1, 13, 3000)):
        ref = np.array([np.bincount(month - 1, weights=r, minlength=12) for r in x])
        assert np.array_equal(month_sums(x, month), ref)
    assert month_sums(np.array([[1.0, 2.0, 4.0]]), np.array([3, 3, 5]))[0].tolist() == [0, 0, 3.0, 0, 4.0] + [0] * 7


def test_monthly_wall_gains_of_a_batch_do_not_depend_on_its_other_houses():
    # the walls' monthly sums run on the distinct (row, film row, R) triples of the batch; a house's
    # gains equal those of the house alone
    c, irr, film = _climate(extra_rows=[np.roll(np.clip(300 * np.sin(np.arange(N_H) / 3.8), 0, None), 5)])
    z = ThermalZones.from_arrays(h_tr_op=[100.0] * 3, h_tr_w=10.0, h_ve=20.0, c_m=1e7, a_floor=60.0,
                                 wall_idx=[[0, 2], [2, -1], [0, 0]], wall_film=[[1, 1], [1, -1], [1, 1]],
                                 wall_r=[[0.5, 0.5], [0.2, 0.0], [0.5, 0.3]], wall_area=[[3.0, 1.0], [2.0, 0.0],
                                                                                        [1.0, 4.0]])
    m = c.monthly()
    both = solar_gains_monthly(z, c.irradiance, c.month, m.hours, linear=False)
    for i in range(3):
        one = solar_gains_monthly(z.take(np.array([i])), c.irradiance, c.month, m.hours, linear=False)
        np.testing.assert_array_equal(both[i], one[0])  # sums in hour order: bit for bit
    # by hand: the mean over each month of Σ a·I/(1 + h_e·R)
    h = m.hours
    ref = np.array([np.bincount(c.month - 1, weights=3.0 * irr / (1 + film * 0.5) + 1.0 * c.irradiance[2] / (1 + film * 0.5),
                                minlength=12)[:2] / h[:2]])
    np.testing.assert_allclose(both[0, :2], ref[0], rtol=1e-12)


def test_wall_sum_cache_keeps_the_sums_of_a_buffer_between_calls():
    rng = np.random.default_rng(11)
    t = np.arange(N_H)
    sun = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    bank = np.empty((8, N_H))  # a buffer whose rows never change once written, as build_batch's row bank
    bank[:6] = sun * rng.uniform(50, 600, (6, N_H))
    bank[6:] = 6.0 + 20.0 * rng.uniform(size=(2, N_H))
    month = np.repeat([1, 2], N_H // 2)
    hours = np.array([N_H / 2, N_H / 2] + [0] * 10)
    z = ThermalZones.from_arrays(h_tr_op=[100.0] * 3, h_tr_w=10.0, h_ve=20.0, c_m=1e7, a_floor=60.0,
                                 wall_idx=[[0, 1], [2, 3], [0, 4]], wall_film=[[6, 6], [7, 7], [6, 7]],
                                 wall_r=[[0.5, 0.5], [0.2, 0.2], [0.5, 1.0]],
                                 wall_area=[[3.0, 1.0], [2.0, 2.0], [1.0, 4.0]])
    fresh = solar_gains_monthly(z, bank[:8], month, hours, linear=False)
    cache = WallSumCache()
    assert np.array_equal(solar_gains_monthly(z, bank[:8], month, hours, linear=False, cache=cache), fresh)
    kept = len(cache)
    assert kept == 5  # the distinct (row, film row, R): (0, 6, .5) (1, 6, .5) (2, 7, .2) (3, 7, .2) (4, 7, 1)
    # a later batch on the same buffer (a longer view, other houses) reuses them and adds its own
    z2 = ThermalZones.from_arrays(h_tr_op=[100.0] * 2, h_tr_w=10.0, h_ve=20.0, c_m=1e7, a_floor=60.0,
                                  wall_idx=[[0, 5], [1, -1]], wall_film=[[6, 6], [6, -1]],
                                  wall_r=[[0.5, 0.5], [0.5, 0.0]], wall_area=[[2.0, 2.0], [5.0, 0.0]])
    got = solar_gains_monthly(z2, bank[:8], month, hours, linear=False, cache=cache)
    assert np.array_equal(got, solar_gains_monthly(z2, bank[:8], month, hours, linear=False))
    assert len(cache) == kept + 1
    # rows addressed in an offset view of the same buffer are the same rows
    shifted = ThermalZones.from_arrays(h_tr_op=[100.0], h_tr_w=10.0, h_ve=20.0, c_m=1e7, a_floor=60.0,
                                       wall_idx=[[0]], wall_film=[[5]], wall_r=[[0.2]], wall_area=[[3.0]])
    assert np.array_equal(solar_gains_monthly(shifted, bank[2:], month, hours, linear=False, cache=cache),
                          solar_gains_monthly(shifted, bank[2:], month, hours, linear=False))
    assert len(cache) == kept + 1  # (2, 7, 0.2) in the buffer's rows: already kept
    # another buffer, or other months, start afresh
    other = bank.copy()
    other[0] *= 2.0
    assert np.array_equal(solar_gains_monthly(z, other, month, hours, linear=False, cache=cache),
                          solar_gains_monthly(z, other, month, hours, linear=False))
    assert len(cache) == kept
    month2 = np.repeat([1, 3], N_H // 2)
    hours2 = np.array([N_H / 2, 0, N_H / 2] + [0] * 9)
    assert np.array_equal(solar_gains_monthly(z, other, month2, hours2, linear=False, cache=cache),
                          solar_gains_monthly(z, other, month2, hours2, linear=False))
