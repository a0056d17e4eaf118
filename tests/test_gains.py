"""Tests of rehab.gains (3CL conventional gains, EN 16798-1 profile, ISO 13790 §11.3 apertures)."""

from __future__ import annotations

import numpy as np
import pytest

from rehab import gains
from rehab.errors import InputError


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (25.0, 1.0),  # below 30 m²: Nmax = 1
        (50.0, 1.75 - 0.01875 * 20.0),  # 1.375
        (70.0, 1.75),  # Nmax = 0.025·70 = 1.75 -> 1.75 + 0.3·0
        (120.0, 1.75 + 0.3 * (3.0 - 1.75)),  # 2.125
    ],
)
def test_nadeq_3cl(area, expected):
    assert gains.nadeq(area) == pytest.approx(expected)


def test_nadeq_vectorised_and_flat():
    np.testing.assert_allclose(gains.nadeq([25.0, 120.0]), [1.0, 2.125])
    # flat of 60 m²: Nmax = 0.035·60 = 2.1 -> 1.75 + 0.3·0.35
    assert gains.nadeq(60.0, "flat") == pytest.approx(1.855)


def test_conventional_internal_gains_3cl():
    # 100 m²: Nadeq = 1.75 + 0.3·(2.5 − 1.75) = 1.975
    expected = 3.52 * 100.0 + 90.0 * 132.0 / 168.0 * 1.975
    assert gains.conventional_internal_gains(100.0) == pytest.approx(expected)
    assert gains.conventional_internal_gains(100.0, n_adeq=2.0) == pytest.approx(
        352.0 + 90 * 132 / 168 * 2
    )
    np.testing.assert_allclose(
        gains.conventional_internal_gains(np.array([100.0, 50.0])),
        [expected, 3.52 * 50 + 90 * 132 / 168 * 1.375],
    )


def test_residential_profile_and_gains():
    wd, hr = np.divmod(np.arange(168), 24)
    p = gains.residential_gain_profile(wd, hr)
    assert p.mean() == pytest.approx(1.0)
    # weekday 10:00: occupants 0.1, appliances 0.5 -> 2.8·0.1 + 2.4·0.5 = 1.48 W/m²
    g = gains.residential_internal_gains(100.0, [2], [10])
    assert g[0] == pytest.approx(148.0)
    # Saturday 10:00: occupants 0.8 -> 2.24 + 1.2 = 3.44 W/m²
    assert gains.residential_internal_gains(100.0, [5], [10])[0] == pytest.approx(344.0)
    # the weekend is more occupied during the day
    assert p[5 * 24 + 12] > p[2 * 24 + 12]
    # house axis first
    assert gains.residential_internal_gains([50.0, 100.0], wd, hr).shape == (2, 168)
    with pytest.raises(InputError, match="hour"):
        gains.residential_gain_profile([0], [24])
    with pytest.raises(InputError, match="weekday"):
        gains.residential_gain_profile([7], [0])


def test_window_solar_aperture_iso_13790():
    # A_sol = F_sh,ob·F_sh,gl·F_W·g_n·(1 − F_F)·A_w
    a = gains.window_solar_aperture(2.0, 0.6, 0.25, shading_reduction=0.5, obstacle_shading=0.8)
    assert a == pytest.approx(0.8 * 0.5 * 0.9 * 0.6 * 0.75 * 2.0)
    np.testing.assert_allclose(
        gains.window_solar_aperture(np.array([1.0, 2.0]), 0.75, 0.3, f_w=1.0), [0.525, 1.05]
    )
    with pytest.raises(InputError, match="g_n"):
        gains.window_solar_aperture(1.0, 1.2, 0.3)
    with pytest.raises(InputError, match="area"):
        gains.window_solar_aperture(-1.0, 0.6, 0.3)


def test_opaque_aperture_and_sky_coefficient():
    assert gains.opaque_solar_aperture(0.6, 0.5, 10.0) == pytest.approx(0.6 * 0.04 * 0.5 * 10.0)
    assert gains.radiative_heat_transfer_coefficient(0.84) == pytest.approx(4.2)
    # wall: F_r 0.5, R_se 0.04, U 1.5, A 30, h_r 4.5
    assert gains.sky_loss_coefficient(1.5, 30.0, 0.5) == pytest.approx(0.5 * 0.04 * 1.5 * 30 * 4.5)
    with pytest.raises(InputError, match="form_factor"):
        gains.sky_loss_coefficient(1.0, 1.0, 2.0)


def test_effective_sky_temperature():
    te = np.array([10.0, -10.0])
    ts = np.array([0.0, -30.0])
    eff = gains.effective_sky_temperature(te, ts)
    sigma = 5.670374419e-8
    hr = 4 * sigma * (0.5 * (te + ts) + 273.15) ** 3  # per unit ε
    # h_sky(5ε)·(θ_e − θ_sky,eff) = h_sky(hourly h_r)·(θ_e − θ_sky)
    np.testing.assert_allclose(5.0 * (te - eff), hr * (te - ts))
    # a cold sky loses less than the 5ε approximation says
    assert te[1] - eff[1] < te[1] - ts[1]
    with pytest.raises(InputError):
        gains.effective_sky_temperature([np.nan], [0.0])


def test_exterior_film_into_equals_convection_plus_radiation():
    """The row bank's film rows: h_c + h_r written in place, bit for bit the same as
    exterior_convection_coefficient + H_RADIATIVE (whole, half and odd azimuths, two terrains,
    a direction missing in the weather)."""
    import rehab.weather as rw

    w = rw.default()
    direction = w.data["wind_direction"].to_numpy(dtype=float).copy()
    direction[5] = np.nan
    az = np.r_[np.arange(0.0, 360.0, 7.0), np.arange(0.5, 360.0, 11.0), 12.25, 359.999, 90.0, 270.0]
    for terrain in ("suburbs", "city"):
        ref = gains.exterior_convection_coefficient(w.wind_speed, direction, az, terrain=terrain) + gains.H_RADIATIVE
        out = np.full_like(ref, -1.0)
        assert gains.exterior_film_into(out, w.wind_speed, direction, az, terrain=terrain) is out
        np.testing.assert_array_equal(out, ref)


def test_exterior_film_one_row_per_surface_equals_one_surface_at_a_time():
    """1-D azimuths (and heights) with hourly wind: one row per surface, the
    same numbers as surface by surface; then the absorbed fraction by row."""
    import rehab.weather as rw

    w = rw.default()
    speed = w.wind_speed
    direction = w.data["wind_direction"].to_numpy(dtype=float)
    rng = np.random.default_rng(3)
    az = np.r_[0.0, 90.0, 180.0, 270.0, 359.9, rng.uniform(0.0, 360.0, 20)]
    height = rng.choice([2.5, 3.0, 5.5], az.size)
    rows = gains.exterior_convection_coefficient(speed, direction, az, height=height, terrain="city")
    same_height = gains.exterior_convection_coefficient(speed, direction, az)
    assert rows.shape == same_height.shape == (az.size, w.n_hours)
    for i in range(az.size):
        one = gains.exterior_convection_coefficient(
            speed, direction, az[i], height=height[i], terrain="city"
        )
        np.testing.assert_array_equal(rows[i], one)
        np.testing.assert_array_equal(same_height[i], gains.exterior_convection_coefficient(speed, direction, az[i]))
    r_rest = rng.uniform(0.1, 5.0, az.size)
    h_e = rows + gains.H_RADIATIVE
    f = gains.opaque_absorbed_fraction(r_rest, h_e)
    for i in range(az.size):
        np.testing.assert_array_equal(f[i], gains.opaque_absorbed_fraction(r_rest[i], h_e[i]))
    # scalar wind keeps the old broadcasting: one value per azimuth
    assert gains.exterior_convection_coefficient(4.0, 180.0, [180.0, 0.0]).shape == (2,)
