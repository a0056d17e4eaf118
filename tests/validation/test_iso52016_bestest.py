"""ASHRAE Standard 140 (BESTEST) cases 600, 900, 600FF and 900FF with the ISO 52016-1 node engine.

Same houses and settings as ``test_bestest.py`` (the 5R1C engine): the
published layers through the geometry route, Denver TMY3, 20/27 °C on the
air temperature, 200 W, 0.5 ach, ground at 10 °C; plus the three inputs of
the test specification that the node engine takes
(:func:`rehab.demand.bestest.bestest_iso52016_settings`): Standard 140's
interior solar distribution, no furniture on the air node, gains 60 %
radiative. Asserted: annual loads inside the Standard 140 acceptance limits,
and every figure (annual loads, peaks, free-float maximum, minimum and mean)
inside the six reference programs' range; the table printed with
``pytest -rA`` says where each value sits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import rehab
from rehab.demand.bestest import bestest_house, bestest_iso52016_settings
from rehab.demand.iso52016 import simulate_iso52016

DENVER = Path(__file__).parent.parent / "data" / "USA_CO_Denver.Intl.AP.725650_TMY3.epw"

#: Six reference programs of ASHRAE 140-2020 (min, max), MWh / kW / °C.
RANGE = {
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
#: Standard 140 acceptance limits quoted by the IBPSA library (MWh).
ACCEPTANCE = {
    ("600", "heating"): (3.75, 4.98),
    ("600", "cooling"): (5.00, 6.83),
    ("900", "heating"): (1.04, 2.28),
}


@pytest.fixture(scope="module")
def results():
    w = rehab.weather.read_epw(DENVER)
    out = {}
    for case in ("600", "900", "600FF", "900FF"):
        r = simulate_iso52016(bestest_house(case, w.elevation), w, **bestest_iso52016_settings(case, w.elevation))
        out[case] = {
            "heating": r.heating_need_kwh / 1e3,
            "cooling": r.cooling_need_kwh / 1e3,
            "peak_heating": r.peak_heating_w / 1e3,
            "peak_cooling": r.peak_cooling_w / 1e3,
            "max": r.theta_air_max_c,
            "min": r.theta_air_min_c,
            "mean": r.theta_air_mean_c,
        }
    return out


def test_table(results):
    for (case, q), (lo, hi) in RANGE.items():
        v = results[case][q]
        where = "inside" if lo <= v <= hi else ("below" if v < lo else "above")
        print(f"ISO 52016 {case:6} {q:13} {v:8.3f}   range {lo:.3f}–{hi:.3f}  {where}")


@pytest.mark.parametrize(("case", "q"), sorted(ACCEPTANCE))
def test_loads_inside_the_acceptance_limits(results, case, q):
    lo, hi = ACCEPTANCE[(case, q)]
    assert lo <= results[case][q] <= hi


@pytest.mark.parametrize(("case", "q"), sorted(RANGE))
def test_inside_the_reference_programs_range(results, case, q):
    lo, hi = RANGE[(case, q)]
    assert lo <= results[case][q] <= hi
