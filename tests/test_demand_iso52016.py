"""Tests of the ISO 52016-1 node engine (rehab.demand.iso52016)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rehab
from rehab.demand import iso52016 as iso
from rehab.errors import InputError
from rehab.house import House, Opaque
from rehab.weather import Weather


def _constant_weather(theta: float = 0.0) -> Weather:
    """8760 h at ``theta`` °C, no sun, no wind, the sky at the air temperature."""
    idx = pd.date_range("2021-01-01", periods=8760, freq="h")
    ir = 5.670374419e-8 * (theta + 273.15) ** 4
    df = pd.DataFrame(
        {
            "temp_air": theta,
            "ghi": 0.0,
            "dni": 0.0,
            "dhi": 0.0,
            "ghi_infrared": ir,
            "wind_speed": 0.0,
            "wind_direction": 0.0,
            "atmospheric_pressure": 101325.0,
        },
        index=idx,
    )
    return Weather.from_dataframe(df, name="constant", latitude=50.4, longitude=2.8, utc_offset=1)


def _four_walls(u: float = 1.2) -> House:
    """Four identical declared walls (no roof or floor: the zone is closed by them only)."""
    walls = [Opaque(name=f"w{az}", kind="wall", area=20.0, azimuth=az, u_value=u) for az in (0, 90, 180, 270)]
    return House(name="walls", floor_area=50.0, volume=125.0, elements=walls, thermal_mass="heavy")


def test_mass_distribution_of_the_classes_keeps_kappa():
    for cls in ("I", "E", "IE", "D", "M"):
        k = iso.mass_distribution(cls, 180_000.0)
        assert k.sum() == pytest.approx(180_000.0)
    assert iso.mass_distribution("I", 1.0)[-1] == 1.0
    assert iso.mass_distribution("E", 1.0)[0] == 1.0
    with pytest.raises(InputError, match="mass_class"):
        iso.mass_distribution("X", 1.0)


def test_node_conductances_add_up_to_the_element_resistance():
    h, _ = iso.node_parameters(0.354, np.zeros(5))
    assert (1.0 / h).sum() == pytest.approx(0.354)
    with pytest.raises(InputError):
        iso.node_parameters(0.0, np.zeros(5))


def test_layer_lumping_keeps_the_heat_capacity():
    layers = [(0.1, 150_000.0), (3.0, 1_000.0), (0.2, 200_000.0)]  # mass, insulation, mass
    k = iso._lumped(layers, 3.3)
    assert k.sum() == pytest.approx(351_000.0, rel=1e-9)
    assert k[0] > 60_000.0 and k[-1] > 60_000.0 and k[2] < 1_000.0
    assert iso._layer_class(layers) == ("IE", 351_000.0)
    assert iso._layer_class([(0.3, 300_000.0)]) == ("D", 300_000.0)
    assert iso._layer_class([(2.5, 1_000.0), (0.1, 200_000.0)])[0] == "I"


def test_steady_state_matches_the_hand_calculation():
    """Constant 0 °C outside, air held at 20 °C, no gains, the standard's fixed films.

    Four identical walls take one temperature, so there is no long-wave
    exchange between them: each loses A·ΔT/(1/h_ci + R_c + 1/(h_ce + h_re))
    and the air loses H_ve·ΔT more (fixed air density).
    """
    h = _four_walls(1.2)
    w = _constant_weather(0.0)
    b = iso.build_iso_batch([h], w, setpoint=20.0, internal_gains=0.0, exterior="iso", interior="iso",
                            air_density="fixed")
    r = iso.run_iso52016(b, control="air")
    r_c = 1.0 / 1.2 - 0.13 - 0.04
    u_eff = 1.0 / (1.0 / 2.5 + r_c + 1.0 / (20.0 + 4.14))
    h_ve = sum(h.ventilation.conductances(h.floor_area, h.volume))
    expected = (80.0 * u_eff + h_ve) * 20.0 * 8760 * 3600.0
    assert r.heating_need[0] == pytest.approx(expected, rel=1e-6)


def test_operative_control_needs_more_heat_than_air_control_on_an_uninsulated_house():
    h = rehab.archetypes.get("coron-mid-terrace")
    w = rehab.weather.default()
    op = rehab.simulate(h, w, method="iso52016")
    air = rehab.simulate(h, w, method="iso52016", control="air")
    assert op.method == "iso52016"
    assert op.heating_need_kwh > air.heating_need_kwh > 0.8 * op.heating_need_kwh
    assert op.settings["control"] == "operative"


def test_batch_equals_single_runs_and_fields_match_the_5r1c_result():
    w = rehab.weather.default()
    a = rehab.archetypes.get("coron-mid-terrace")
    b = rehab.archetypes.get("castors-detached")
    both = rehab.simulate([a, b, a], w, method="iso52016")
    one = rehab.simulate(b, w, method="iso52016")
    assert both.heating_need_kwh[1] == pytest.approx(one.heating_need_kwh, rel=1e-12)
    assert both.heating_need_kwh[0] == both.heating_need_kwh[2]
    five = rehab.simulate(b, w)
    assert set(vars(one)) == set(vars(five))
    assert one.heating_need_monthly_kwh.sum() == pytest.approx(one.heating_need_kwh)
    assert 0.7 < one.heating_need_kwh / five.heating_need_kwh < 1.1


def test_hourly_outputs_balance_the_annual_need():
    w = rehab.weather.default()
    h = rehab.archetypes.get("cite-moderne-semi")
    r = rehab.simulate(h, w, method="iso52016", hourly=True, cooling_setpoint=26.0)
    assert r.phi_hc_w.shape == (8760,)
    assert np.clip(r.phi_hc_w, 0, None).sum() / 1000.0 == pytest.approx(r.heating_need_kwh, rel=1e-9)
    assert np.clip(-r.phi_hc_w, 0, None).sum() / 1000.0 == pytest.approx(r.cooling_need_kwh, rel=1e-9)
    # the operative temperature holds the set-points whenever heating or cooling runs
    on = r.phi_hc_w > 1.0
    assert np.allclose(r.theta_op_c[on], 19.0, atol=1e-6)
    assert r.theta_op_c.max() <= 26.0 + 1e-6


def test_free_float_without_sun_or_gains_settles_at_the_outdoor_temperature():
    h = _four_walls(1.0)
    r = rehab.simulate(h, _constant_weather(4.0), method="iso52016", setpoint=None, internal_gains=0.0, hourly=True)
    assert r.heating_need_kwh == 0.0
    assert r.theta_air_c[-1] == pytest.approx(4.0, abs=1e-9)


def test_insulation_lowers_the_need():
    w = rehab.weather.default()
    base = rehab.archetypes.get("coron-end-terrace")
    new = rehab.packages.get("bbc-renovation").apply(base)
    r = rehab.simulate([base, new], w, method="iso52016")
    assert r.heating_need_kwh[1] < 0.2 * r.heating_need_kwh[0]


def test_bad_options_are_refused_with_the_field_named():
    h = rehab.archetypes.get("coron-mid-terrace")
    w = rehab.weather.default()
    with pytest.raises(InputError, match="control"):
        rehab.simulate(h, w, method="iso52016", control="radiant")
    with pytest.raises(InputError, match="mass"):
        iso.build_iso_batch([h], w, mass="heavy")
    with pytest.raises(InputError, match="bridges"):
        iso.build_iso_batch([h], w, bridges="none")
    with pytest.raises(InputError, match="method"):
        rehab.simulate(h, w, method="iso52017")


def test_the_kernel_cube_root_matches_numpy():
    """The division-free cube root of the convection correlations (bits, then Newton) against
    numpy's, over the whole range of surface-to-air differences, within 1e-9 relative."""
    import numba

    from rehab.demand.iso52016_kernel import _FASTMATH, _cbrt

    @numba.njit(fastmath=_FASTMATH, error_model="numpy")
    def cbrts(x):
        out = np.empty(x.size)
        for j in range(x.size):
            out[j] = _cbrt(x[j])
        return out

    x = np.concatenate([np.geomspace(1e-12, 1e4, 2001), [0.37, 1.0, 8.0, 27.0, 64.0]])
    np.testing.assert_allclose(cbrts(x), np.cbrt(x), rtol=1e-9)
    assert cbrts(np.array([0.0]))[0] == pytest.approx(1e-4)  # |Δθ| held at 1e-12 K


def test_a_house_with_too_many_elements_is_refused_by_name():
    walls = [{"type": "opaque", "kind": "wall", "area": 2.0, "u_value": 1.0} for _ in range(31)]
    h = House.from_elements(floor_area=60, elements=walls, name="many walls")
    with pytest.raises(InputError, match=r"many walls.*124 elements.*at most 120"):
        iso.build_iso_batch([h], rehab.weather.default())


def test_climate_rows_cached_per_weather_equal_a_fresh_computation(monkeypatch):
    from rehab import solar
    from rehab.demand import iso52016_climate as clim

    w = rehab.weather.default()
    keys = [("op", 180.0, 90.0), ("win", 180.0, 90.0, 2), ("op", 0.0, 30.0)]
    hce_keys = [(180.0, 90.0), (0.0, 30.0)]
    clim._store.cache_clear()
    irr_a, hce_a = clim.climate_rows(w, keys[:2], hce_keys[:1])  # half the rows, then all
    irr, hce = clim.climate_rows(w, keys, hce_keys)
    # the same rows computed afresh, every orientation in one call
    ir = solar.surface_irradiance(w, [180.0, 180.0, 0.0], [90.0, 90.0, 30.0])
    iam = solar.glazing_angular_modifier(ir.aoi[1], 2)
    expected = np.column_stack([
        ir.total[0],
        (ir.sky_diffuse[1] + ir.ground_diffuse[1]) * solar.glazing_diffuse_modifier(2),
        ir.total[2],
        ir.beam[1] * iam,  # the window's beam after the three diffuse/total columns
        np.zeros(w.n_hours),
    ])
    assert np.array_equal(irr, expected)
    assert np.array_equal(irr_a[:, 0], irr[:, 0]) and np.array_equal(hce_a[:, 0], hce[:, 0])
    v = rehab.gains.local_wind_speed(w.wind_speed, 3.0, "suburbs")
    assert np.all(np.isclose(hce[:, 1], 3.26 * v**0.89))  # a roof is always windward
    # cached rows are read-only, and a second call computes nothing
    assert all(not a.flags.writeable for a in clim._store(w, None, "perez", "suburbs").values() if isinstance(a, np.ndarray))
    monkeypatch.setattr(solar, "surface_irradiance", None)
    assert np.array_equal(clim.climate_rows(w, keys, hce_keys)[0], irr)
    assert not clim.rho_factor(w).flags.writeable and clim.rho_factor(w) is clim.rho_factor(w)


def test_a_prescribed_solar_distribution_of_nothing_equals_opaque_windows():
    """Shares that give no face anything send the whole transmitted sun back out: the same
    needs as windows that transmit no sun (g = 0), to rounding."""
    h = rehab.archetypes.get("coron-mid-terrace")
    w = rehab.weather.default()
    dark = h.model_copy(update={"elements": [
        e.model_copy(update={"g_value": 0.0}) if e.type == "window" else e for e in h.elements
    ]})
    r0 = iso.simulate_iso52016(h, w, solar_distribution={})
    r1 = iso.simulate_iso52016(dark, w)
    assert r0.heating_need_kwh == pytest.approx(r1.heating_need_kwh, rel=1e-9)
    # the sun on the floor instead lowers the need
    r2 = iso.simulate_iso52016(h, w, solar_distribution={"ground_floor": 1.0})
    assert r2.heating_need_kwh < r0.heating_need_kwh - 100.0


def test_the_interior_capacity_and_solar_options_are_checked():
    h = rehab.archetypes.get("coron-mid-terrace")
    w = rehab.weather.default()
    with pytest.raises(InputError, match="no element named"):
        iso.build_iso_batch([h], w, solar_distribution={"floor": 0.6})
    with pytest.raises(InputError, match="add up to at most 1"):
        iso.build_iso_batch([h], w, solar_distribution={"ground_floor": 0.8, "ceiling": 0.3})
    with pytest.raises(InputError, match="internal_capacity"):
        iso.build_iso_batch([h], w, internal_capacity=0.0)
    with pytest.raises(InputError, match="radiative_fraction"):
        iso.build_iso_batch([h], w, radiative_fraction=1.5)


def test_an_air_node_without_furniture_swings_more():
    """Free float with the air alone on the air node (ASHRAE 140's no internal mass) against
    ISO 52016-1 Table B.17's air and furniture: a higher maximum, a lower minimum."""
    h = rehab.archetypes.get("castors-detached")
    w = rehab.weather.default()
    opts = {"setpoint": None, "internal_gains": 0.0}
    light = iso.simulate_iso52016(h, w, internal_capacity=1200.0 * 2.5, **opts)
    base = iso.simulate_iso52016(h, w, **opts)
    assert light.theta_air_max_c > base.theta_air_max_c
    assert light.theta_air_min_c < base.theta_air_min_c
