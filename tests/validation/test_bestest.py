"""ASHRAE Standard 140 (BESTEST) cases 600, 900, 600FF and 900FF through rehab.simulate.

Each case is a :class:`rehab.House` (:func:`rehab.demand.bestest.bestest_house`:
the published geometry and layers through the geometry route, 0.5 ach at
Denver's air density, 200 W, clear double glazing U 3.0 and g 0.789 with its
angular modifier) simulated by :func:`rehab.simulate` — the path every user's
house takes — with the case's settings (20/27 °C on the air temperature,
ground at 10 °C, open country) on the Denver TMY3 file of the standard.

Checks (references: ``shared/reference/validation.md``):

* annual heating and cooling inside the Standard 140 acceptance limits
  (600 heating 3.75–4.98, cooling 5.00–6.83 MWh; 900 heating 1.04–2.28 MWh);
  900 cooling has no published limit in our references: its reference range
  (2.267–2.714 MWh) is widened as tightly as the tightest of the three
  published limits widens its own range (−8 % on the minimum, 600 cooling;
  +10.6 % on the maximum, 600 heating), i.e. 2.086–3.002 MWh — an
  assumption, documented here;
* free-float maximum, minimum and mean air temperatures within ±3 K of the
  range of the six reference programs.

The test prints where each result sits in the reference range (min–max of
the six programs of ASHRAE 140-2020): run ``pytest -s`` or ``-rA`` to see it.
A plain 5R1C overestimates the heating of these cases (the published
Modelica ISO 13790 zone: 600 4.658 MWh, 900 1.833 MWh, without sky
radiation); rehab's, with the sky loss of ISO 13790 11.3.5, sits near the
top of the acceptance band for 600 heating — see docs/validation.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import rehab
from rehab.demand.bestest import bestest_house, bestest_settings, layer_u_values

HERE = Path(__file__).parent
DENVER = HERE.parent / "data" / "USA_CO_Denver.Intl.AP.725650_TMY3.epw"

#: Range of the six reference programs, ASHRAE 140-2020, Denver 725650 TMY3
#: (MWh for energies, kW for peaks, °C for temperatures).
REFERENCE = {
    ("600", "heating"): (3.993, 4.504),
    ("600", "cooling"): (5.432, 6.162),
    ("600", "peak_heating"): (3.020, 3.359),
    ("600", "peak_cooling"): (5.422, 6.481),
    ("900", "heating"): (1.379, 1.814),
    ("900", "cooling"): (2.267, 2.714),
    ("900", "peak_heating"): (2.443, 2.778),
    ("900", "peak_cooling"): (2.556, 3.376),
    ("600FF", "max"): (62.4, 68.4),
    ("600FF", "min"): (-13.8, -9.9),
    ("600FF", "mean"): (24.3, 26.1),
    ("900FF", "max"): (43.3, 46.0),
    ("900FF", "min"): (0.6, 2.2),
    ("900FF", "mean"): (24.5, 25.7),
}

#: Standard 140 acceptance limits [MWh] (addendum, as quoted in validation.md);
#: 900 cooling: reference range widened (see the module docstring).
ACCEPTANCE = {
    ("600", "heating"): (3.75, 4.98),
    ("600", "cooling"): (5.00, 6.83),
    ("900", "heating"): (1.04, 2.28),
    ("900", "cooling"): (round(2.267 * 0.92, 3), round(2.714 * 4.98 / 4.504, 3)),
}

#: Free-float tolerance around the reference range [K].
FREE_FLOAT_TOLERANCE = 3.0


@pytest.fixture(scope="module")
def denver():
    if not DENVER.is_file():
        pytest.skip(f"{DENVER.name} not available")
    return rehab.weather.read_epw(DENVER)


@pytest.fixture(scope="module")
def results(denver):
    out = {}
    for name in ("600", "900", "600FF", "900FF"):
        r = rehab.simulate(bestest_house(name), denver, **bestest_settings(name))
        out[name] = {
            "heating": r.heating_need_kwh / 1e3,
            "cooling": r.cooling_need_kwh / 1e3,
            "peak_heating": r.peak_heating_w / 1e3,
            "peak_cooling": r.peak_cooling_w / 1e3,
            "max": r.theta_air_max_c,
            "min": r.theta_air_min_c,
            "mean": r.theta_air_mean_c,
        }
    return out


def _where(value: float, lo: float, hi: float) -> str:
    if lo <= value <= hi:
        return f"inside, at {100 * (value - lo) / (hi - lo):.0f} % of the range"
    if value > hi:
        return f"above the maximum by {value - hi:.3g} ({100 * (value / hi - 1):+.1f} %)"
    return f"below the minimum by {lo - value:.3g} ({100 * (value / lo - 1):+.1f} %)"


def test_print_position_in_reference_ranges(results):
    lines = ["", "BESTEST, rehab hourly 5R1C vs ASHRAE 140-2020 reference programs (min–max)"]
    for (case, qty), (lo, hi) in REFERENCE.items():
        v = results[case][qty]
        acc = ACCEPTANCE.get((case, qty))
        acc_s = f"  [acceptance {acc[0]}–{acc[1]}]" if acc else ""
        lines.append(
            f"{case:6} {qty:13} {v:8.3f}   ref {lo:7.3f}–{hi:<7.3f} {_where(v, lo, hi)}{acc_s}"
        )
    print("\n".join(lines))
    assert all(np.isfinite(v) for case in results.values() for v in case.values())


@pytest.mark.parametrize(("case", "qty"), sorted(ACCEPTANCE))
def test_annual_loads_inside_acceptance_limits(results, case, qty):
    lo, hi = ACCEPTANCE[(case, qty)]
    assert lo <= results[case][qty] <= hi, (case, qty, results[case][qty])


@pytest.mark.parametrize(
    ("case", "qty"),
    [(c, q) for c in ("600FF", "900FF") for q in ("max", "min", "mean")],
)
def test_free_float_temperatures_within_3_k_of_reference(results, case, qty):
    lo, hi = REFERENCE[(case, qty)]
    v = results[case][qty]
    assert lo - FREE_FLOAT_TOLERANCE <= v <= hi + FREE_FLOAT_TOLERANCE, (case, qty, v)


def test_heavy_mass_damps_and_reduces(results):
    # physics of the pair: the heavy case needs less heating and cooling and
    # swings less in free float
    assert results["900"]["heating"] < 0.5 * results["600"]["heating"]
    assert results["900"]["cooling"] < 0.5 * results["600"]["cooling"]
    swing = {c: results[c]["max"] - results[c]["min"] for c in ("600FF", "900FF")}
    assert swing["900FF"] < 0.6 * swing["600FF"]
    # controlled cases hold the air between the set-points
    for c in ("600", "900"):
        assert results[c]["min"] == pytest.approx(20.0, abs=1e-6)
        assert results[c]["max"] == pytest.approx(27.0, abs=1e-6)


def test_case_inputs_follow_the_published_geometry(denver):
    from rehab.simulation import build_batch

    zones, climate = build_batch([bestest_house("600")], denver, **{
        k: v for k, v in bestest_settings("600").items() if k not in ("control",)})
    # opaque walls 2·(8 + 6)·2.7 − 12 = 63.6 m², roof 48 m², window 12 m²
    u = layer_u_values("600")
    assert zones.h_tr_op[0] == pytest.approx(u["wall"] * 63.6 + u["roof"] * 48.0)
    assert zones.h_tr_w[0] == pytest.approx(3.0 * 12.0)
    assert zones.a_floor[0] == pytest.approx(48.0)
    assert zones.a_t[0] == pytest.approx(63.6 + 12.0 + 48.0 + 48.0)
    # wall 600: R = 0.13 + 0.009/0.14 + 0.066/0.04 + 0.012/0.16 + 0.04
    assert u["wall"] == pytest.approx(1 / (0.13 + 0.009 / 0.14 + 0.066 / 0.04 + 0.012 / 0.16 + 0.04))
    # C_m 600 = 63.6·(0.012·950·840) + 48·(0.010·950·840) + 48·(0.025·650·1200)
    assert zones.c_m[0] == pytest.approx(63.6 * 9576 + 48 * 7980 + 48 * 19500)
    # 0.5 ach of 129.6 m³ at Denver's air density
    from rehab.demand.bestest import air_heat_capacity_per_volume

    assert zones.h_ve[0] == pytest.approx(0.5 * 129.6 / 3600 * air_heat_capacity_per_volume(1650.0))
    # window row: annual transmitted-equivalent irradiance below the incident south total
    south = rehab.solar.surface_irradiance(denver, 180.0, 90.0, albedo=0.2).total[0].sum() / 1e3
    win = next(i for i in range(zones.sol_idx.shape[1]) if zones.sol_area[0, i] == pytest.approx(0.760 * 12.0))
    window = climate.irradiance[zones.sol_idx[0, win]].sum() / 1e3
    assert 1291 <= south <= 1387  # Standard 140 range of incident south solar [kWh/m²]
    assert 0.8 * south < window < 0.95 * south
