"""ASHRAE Standard 140 (BESTEST) cases 600, 900, 600FF and 900FF with the hourly 5R1C engine.

The cases are built at physics level from the published inputs by
:func:`bestest_case` (geometry, layers → ISO 6946 U-values, ISO 13786 /
ISO 13790 12.3 heat capacity, 0.5 ach, 200 W, 20/27 °C on the air
temperature, clear double glazing U 3.0 and g 0.789 with its angular
modifier; details in :mod:`rehab.demand.bestest`) and simulated on the
Denver TMY3 file of the standard.

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
radiation); rehab's, with the sky loss of ISO 13790 11.3.5, sits at the top
of the acceptance band for 600 heating — see docs/performance.md.

When ``rehab.House`` can describe these cases, only :func:`bestest_case`
needs to change.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rehab.demand import simulate_hourly

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


def bestest_case(name: str):
    """(ThermalZones, ZoneClimate) of BESTEST case ``name`` on the Denver file."""
    import rehab.weather as rw
    from rehab.demand.bestest import bestest_case as build

    return build(name, rw.read_epw(DENVER))


@pytest.fixture(scope="module")
def results():
    if not DENVER.is_file():
        pytest.skip(f"{DENVER.name} not available")
    out = {}
    for name in ("600", "900", "600FF", "900FF"):
        zones, climate = bestest_case(name)
        r = simulate_hourly(zones, climate, setpoint_on="air")
        out[name] = {
            "heating": float(r.heating_need[0]) / 3.6e9,
            "cooling": float(r.cooling_need[0]) / 3.6e9,
            "peak_heating": float(r.peak_heating[0]) / 1e3,
            "peak_cooling": float(r.peak_cooling[0]) / 1e3,
            "max": float(r.theta_air_max[0]),
            "min": float(r.theta_air_min[0]),
            "mean": float(r.theta_air_mean[0]),
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


def test_case_inputs_follow_the_published_geometry():
    zones, climate = bestest_case("600")
    # 0.5·R_se·U·A·h_r terms etc. are checked in test_gains; here the geometry:
    # opaque walls 2·(8 + 6)·2.7 − 12 = 63.6 m², roof 48 m², window 12 m²
    from rehab.demand.bestest import layer_u_values

    u = layer_u_values("600")
    assert zones.h_tr_op[0] == pytest.approx(u["wall"] * 63.6 + u["roof"] * 48.0)
    assert zones.h_tr_w[0] == pytest.approx(3.0 * 12.0)
    assert zones.a_floor[0] == pytest.approx(48.0)
    assert zones.a_t[0] == pytest.approx(63.6 + 12.0 + 48.0 + 48.0)
    # wall 600: R = 0.13 + 0.009/0.14 + 0.066/0.04 + 0.012/0.16 + 0.04
    assert u["wall"] == pytest.approx(
        1 / (0.13 + 0.009 / 0.14 + 0.066 / 0.04 + 0.012 / 0.16 + 0.04)
    )
    # C_m 600 = 63.6·(0.012·950·840) + 48·(0.010·950·840) + 48·(0.025·650·1200)
    assert zones.c_m[0] == pytest.approx(63.6 * 9576 + 48 * 7980 + 48 * 19500)
    # window row: annual transmitted-equivalent irradiance below the incident south total
    south, window = climate.irradiance[2].sum() / 1e3, climate.irradiance[5].sum() / 1e3
    assert 1291 <= south <= 1387  # Standard 140 range of incident south solar [kWh/m²]
    assert 0.8 * south < window < 0.95 * south
