"""Hypothesis invariants of the demand engines (hourly 5R1C and monthly).

* needs are never negative;
* the heating need rises with the heating set-point;
* more insulation (lower H_tr,op or H_tr,w) never raises the heating need
  in a heating climate (outdoor always below the set-point);
* the monthly method keeps the same orderings.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rehab.demand import ThermalZones, ZoneClimate, simulate_hourly, simulate_monthly

NH = 24 * 60  # two "months" of 30 days
_HOURS = np.arange(NH)
_RNG = np.random.default_rng(0)
THETA_E = (
    5.0 + 6.0 * np.sin(_HOURS / 24 * 2 * np.pi) + 3.0 * np.sin(_HOURS / 240 * 2 * np.pi)
)  # −4 … 14 °C
SUN = np.maximum(0.0, 600.0 * np.sin(_HOURS / 24 * 2 * np.pi)) * _RNG.uniform(0.2, 1.0, NH)
MONTH = np.repeat([1, 2], NH // 2)

house = st.fixed_dictionaries(
    {
        "a_floor": st.floats(30.0, 200.0),
        "u_op": st.floats(0.1, 2.5),  # W/(m²·K) per m² of floor
        "h_w": st.floats(0.0, 80.0),
        "h_ve": st.floats(0.0, 120.0),
        "kappa": st.floats(40e3, 400e3),  # C_m per m² of floor
        "phi_int": st.floats(0.0, 1000.0),
        "sol": st.floats(0.0, 10.0),
        "h_sky": st.floats(0.0, 15.0),
    }
)


def _zones(h, scale_op=1.0, scale_w=1.0):
    af = h["a_floor"]
    return ThermalZones.from_arrays(
        h_tr_op=h["u_op"] * af * scale_op,
        h_tr_w=h["h_w"] * scale_w,
        h_ve=h["h_ve"],
        c_m=h["kappa"] * af,
        a_floor=af,
        phi_int=h["phi_int"],
        sol_idx=[0],
        sol_area=[h["sol"]],
        h_sky=h["h_sky"],
    )


def _climate(theta_h, theta_c=np.inf):
    return ZoneClimate.from_arrays(
        theta_e=THETA_E,
        month=MONTH,
        irradiance=SUN[None, :],
        theta_h_set=theta_h,
        theta_c_set=theta_c,
    )


@settings(max_examples=40, deadline=None)
@given(house, st.floats(16.0, 22.0), st.floats(23.0, 28.0))
def test_needs_are_never_negative(h, th, tc):
    z, c = _zones(h), _climate(th, tc)
    for r in (simulate_hourly(z, c), simulate_monthly(z, c)):
        assert np.all(r.heating_need_monthly >= 0.0)
        assert np.all(r.cooling_need_monthly >= 0.0)


@settings(max_examples=40, deadline=None)
@given(house, st.floats(16.0, 21.0), st.floats(0.1, 3.0))
def test_heating_need_rises_with_the_set_point(h, th, dt):
    z = _zones(h)
    for run in (simulate_hourly, simulate_monthly):
        low = run(z, _climate(th)).heating_need[0]
        high = run(z, _climate(th + dt)).heating_need[0]
        assert high >= low * (1 - 1e-12) - 1e-6


@settings(max_examples=40, deadline=None)
@given(house, st.floats(18.0, 22.0), st.floats(0.05, 0.95), st.floats(0.05, 1.0))
def test_more_insulation_never_raises_the_heating_need(h, th, f_op, f_w):
    c = _climate(th)  # θ_e ≤ 14 °C < set-point: a heating climate
    for run in (simulate_hourly, simulate_monthly):
        base = run(_zones(h), c).heating_need[0]
        better = run(_zones(h, scale_op=f_op, scale_w=f_w), c).heating_need[0]
        assert better <= base * (1 + 1e-12) + 1e-6
