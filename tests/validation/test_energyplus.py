"""Cross-validation of the EnergyPlus exporter on ASHRAE Standard 140 (BESTEST).

Cases 600, 900, 600FF and 900FF are described with rehab's neutral model
(:mod:`rehab.energyplus.bestest`), exported to IDF through eppy and run in
EnergyPlus 25.2 on the Denver TMY3 file. The results must reproduce
EnergyPlus's own reference results for the same cases (NREL BESTEST-GSR,
``results/workflow_results.csv``, EnergyPlus 25.1, 0.5 ach — see
``shared/reference/validation.md``):

* annual heating and cooling loads within ±3 %;
* free-float maximum and mean temperatures within ±3 %; minimum
  temperatures within ±1 K (they sit near 0 °C for 900FF, where a relative
  tolerance is meaningless).

Each value must also fall inside the range of the six ASHRAE 140-2020
reference programs (tables B8, Denver 725650 TMY3).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rehab.errors import MissingExtraError

HERE = Path(__file__).parent
_NAME = "USA_CO_Denver.Intl.AP.725650_TMY3.epw"
DENVER = HERE.parent / "data" / _NAME

#: EnergyPlus 25.1 reference (BESTEST-GSR): MWh for loads, °C for temperatures.
ENERGYPLUS_REFERENCE = {
    ("600", "heating_mwh"): 4.325,
    ("600", "cooling_mwh"): 6.042,
    ("900", "heating_mwh"): 1.661,
    ("900", "cooling_mwh"): 2.492,
    ("600FF", "max_c"): 63.92,
    ("600FF", "min_c"): -12.56,
    ("600FF", "mean_c"): 24.96,
    ("900FF", "max_c"): 44.30,
    ("900FF", "min_c"): 1.25,
    ("900FF", "mean_c"): 25.13,
}

#: Range of the six ASHRAE 140-2020 reference programs (min, max).
ASHRAE_140_RANGE = {
    ("600", "heating_mwh"): (3.993, 4.504),
    ("600", "cooling_mwh"): (5.432, 6.162),
    ("600", "peak_heating_kw"): (3.020, 3.359),
    ("600", "peak_cooling_kw"): (5.422, 6.481),
    ("900", "heating_mwh"): (1.379, 1.814),
    ("900", "cooling_mwh"): (2.267, 2.714),
    ("900", "peak_heating_kw"): (2.443, 2.778),
    ("900", "peak_cooling_kw"): (2.556, 3.376),
    ("600FF", "max_c"): (62.4, 68.4),
    ("600FF", "min_c"): (-13.8, -9.9),
    ("600FF", "mean_c"): (24.3, 26.1),
    ("900FF", "max_c"): (43.3, 46.0),
    ("900FF", "min_c"): (0.6, 2.2),
    ("900FF", "mean_c"): (24.5, 25.7),
}


@pytest.fixture(scope="module")
def bestest_runs():
    """Run the four cases once, in parallel; return {case: {quantity: value}, "_runs": …}."""
    pytest.importorskip("eppy")
    from rehab.energyplus import build_idf, find_energyplus, run_many
    from rehab.energyplus.bestest import CASES, bestest_model

    try:
        install = find_energyplus()
    except MissingExtraError:
        pytest.skip("EnergyPlus not installed")
    if not DENVER.is_file():
        pytest.skip(f"{_NAME} not available")
    jobs = [(build_idf(bestest_model(c), DENVER, install=install), DENVER) for c in CASES]
    runs = run_many(jobs, names=list(CASES), exe=install, timeout=120)
    out: dict = {"_runs": dict(zip(CASES, runs, strict=True)), "_version": install.version_string}
    for case, run in zip(CASES, runs, strict=True):
        r = run.results
        t = r.air_temperature["ZONE ONE"]
        out[case] = {
            "heating_mwh": r.heating_kwh / 1000.0,
            "cooling_mwh": r.cooling_kwh / 1000.0,
            "peak_heating_kw": r.peak_heating_w / 1000.0,
            "peak_cooling_kw": r.peak_cooling_w / 1000.0,
            "max_c": float(t.max()),
            "min_c": float(t.min()),
            "mean_c": float(t.mean()),
        }
    return out


def _table(runs: dict) -> str:
    lines = [f"EnergyPlus {runs['_version']} via rehab vs references", ""]
    lines.append(
        f"{'case':6} {'quantity':16} {'rehab':>8} {'E+ ref':>8} {'diff':>8}  ASHRAE 140 range"
    )
    keys = sorted(set(ENERGYPLUS_REFERENCE) | set(ASHRAE_140_RANGE))
    for case, qty in keys:
        value = runs[case][qty]
        ref = ENERGYPLUS_REFERENCE.get((case, qty))
        diff = (
            ""
            if ref is None
            else (
                f"{value - ref:+.2f} K"
                if qty.endswith("_c")
                else f"{100 * (value / ref - 1):+.1f} %"
            )
        )
        lo, hi = ASHRAE_140_RANGE.get((case, qty), (float("nan"), float("nan")))
        ref_s = "" if ref is None else f"{ref:8.3f}"
        lines.append(f"{case:6} {qty:16} {value:8.3f} {ref_s:>8} {diff:>8}  {lo:.3f} – {hi:.3f}")
    for case, run in runs["_runs"].items():
        lines.append(f"wall time {case}: {run.elapsed:.2f} s")
    return "\n".join(lines)


@pytest.mark.energyplus
@pytest.mark.parametrize(("case", "qty"), sorted(ENERGYPLUS_REFERENCE))
def test_reproduces_energyplus_reference(bestest_runs, case, qty):
    value = bestest_runs[case][qty]
    ref = ENERGYPLUS_REFERENCE[(case, qty)]
    if qty == "min_c":
        assert value == pytest.approx(ref, abs=1.0)
    else:
        assert value == pytest.approx(ref, rel=0.03)


@pytest.mark.energyplus
@pytest.mark.parametrize(("case", "qty"), sorted(ASHRAE_140_RANGE))
def test_within_ashrae_140_reference_range(bestest_runs, case, qty):
    lo, hi = ASHRAE_140_RANGE[(case, qty)]
    assert lo <= bestest_runs[case][qty] <= hi


@pytest.mark.energyplus
def test_free_float_cases_have_no_loads_and_annual_run_is_fast(bestest_runs):
    print(_table(bestest_runs))  # shown with pytest -s or -rA
    for case in ("600FF", "900FF"):
        assert bestest_runs[case]["heating_mwh"] == 0.0
        assert bestest_runs[case]["cooling_mwh"] == 0.0
    # heavy mass damps the free-float swing: 900FF range narrower than 600FF
    swing = {c: bestest_runs[c]["max_c"] - bestest_runs[c]["min_c"] for c in ("600FF", "900FF")}
    assert swing["900FF"] < 0.6 * swing["600FF"]
    # an annual one-zone run takes about a second here; 60 s would mean something is wrong
    for run in bestest_runs["_runs"].values():
        assert run.elapsed < 60.0


# ----------------------------------------------------------------------------- archetypes
def deep_retrofit(house):
    """A deep retrofit of a coal-basin house, described element by element.

    14 cm wood-fibre external insulation on the exterior walls, 30 cm mineral
    wool on the attic floor, 10 cm XPS on the ground floor, double glazing
    U_w = 1.3 W/(m²·K) with g = 0.6, airtightness n50 = 3 h⁻¹ (BBC-rénovation
    level work; the packages of rehab will describe the same measures).
    """
    from rehab.constructions import Layer
    from rehab.house import GroundFloor, Opaque, Window

    elements = []
    for e in house.elements:
        if isinstance(e, Opaque) and e.kind == "wall" and e.boundary == "exterior":
            layer = Layer(material="wood_fibre_ite", thickness=0.14)
            e = e.model_copy(update={"construction": e.construction.with_layer(layer, "outside")})
        elif isinstance(e, Opaque) and e.kind == "ceiling":
            layer = Layer(material="mineral_wool", thickness=0.30)
            e = e.model_copy(update={"construction": e.construction.with_layer(layer, "outside")})
        elif isinstance(e, GroundFloor):
            layer = Layer(material="xps", thickness=0.10)
            e = e.model_copy(update={"construction": e.construction.with_layer(layer, "inside")})
        elif isinstance(e, Window):
            e = e.model_copy(
                update={
                    "u_value": 1.3,
                    "g_value": 0.6,
                    "glazing": "double",
                    "u_glazing": None,
                    "u_frame": None,
                }
            )
        elements.append(e)
    ventilation = house.ventilation.model_copy(update={"n50": 3.0})
    return house.model_copy(
        update={"name": f"{house.name} retrofit", "elements": elements, "ventilation": ventilation}
    )


@pytest.fixture(scope="module")
def archetype_runs():
    """Every archetype as built and retrofitted: fast hourly engine and EnergyPlus."""
    import time

    import rehab
    from rehab import archetypes

    pytest.importorskip("eppy")
    from rehab.energyplus import find_energyplus
    from rehab.energyplus import simulate as ep_simulate

    try:
        install = find_energyplus()
    except MissingExtraError:
        pytest.skip("EnergyPlus not installed")
    houses = []
    for name in archetypes.names():
        base = archetypes.get(name)
        houses += [base, deep_retrofit(base)]
    # the embedded weather, read with EnergyPlus's mid-hour sun so that both
    # engines see the same sun (rehab.weather.default() detects that this TMYx
    # file's radiation is centred on the time stamp; EnergyPlus assumes mid-hour)
    weather = rehab.weather.read_epw(rehab.weather.default().path, sun_timing="mid-hour")
    fast = rehab.simulate(houses, weather)  # 19 °C operative, conventional gains
    fast_time = []
    for h in houses:  # one house per call, warm: the cost of a single-house question
        start = time.perf_counter()
        rehab.simulate(h, weather)
        fast_time.append(time.perf_counter() - start)
    ep = ep_simulate(houses, weather, exe=install.exe, timeout=120)
    return {"houses": houses, "fast": fast, "ep": ep, "fast_time": fast_time}


def _archetype_table(runs) -> str:
    fast, ep = runs["fast"], runs["ep"]
    lines = [
        f"{'house':36} {'fast kWh':>9} {'E+ kWh':>9} {'diff':>7} {'E+ s':>6} {'fast ms':>8} {'ratio':>6}"
    ]
    for i, h in enumerate(runs["houses"]):
        f, e = fast.heating_need_kwh[i], ep.heating_need_kwh[i]
        t_e, t_f = ep.wall_time_s[i], runs["fast_time"][i]
        lines.append(
            f"{h.name:36} {f:9.0f} {e:9.0f} {100 * (f / e - 1):+6.1f}% {t_e:6.2f} {1000 * t_f:8.1f} {t_e / t_f:6.0f}"
        )
    for i in range(0, len(runs["houses"]), 2):
        sf = 1 - fast.heating_need_kwh[i + 1] / fast.heating_need_kwh[i]
        se = 1 - ep.heating_need_kwh[i + 1] / ep.heating_need_kwh[i]
        lines.append(
            f"savings {runs['houses'][i].name:28} fast {100 * sf:5.1f} %  E+ {100 * se:5.1f} %  "
            f"{100 * (sf - se):+.1f} pts"
        )
    return "\n".join(lines)


@pytest.mark.energyplus
def test_fast_engine_against_energyplus_on_archetypes(archetype_runs):
    """Annual heating need, fast hourly engine vs EnergyPlus, same house and weather.

    Retrofitted houses: within ±10 %. Savings fractions: within ±5 points.
    As built: within ±15 % (the issue's allowance with a written explanation,
    docs/validation.md): the fast engine sits 7–13 % above EnergyPlus, the
    two corons above 10 % — EnergyPlus still lets more of the sun absorbed
    by uninsulated solid brick reach the rooms, and its computed surface
    films lose ~4 % less than ISO 6946's Rsi/Rse.
    """
    print(_archetype_table(archetype_runs))  # shown with pytest -s or -rA
    fast = archetype_runs["fast"].heating_need_kwh
    ep = archetype_runs["ep"].heating_need_kwh
    ratio = fast / ep
    built, retro = ratio[0::2], ratio[1::2]
    np.testing.assert_array_less(np.abs(retro - 1.0), 0.10)
    np.testing.assert_array_less(np.abs(built - 1.0), 0.15)
    assert np.sum(np.abs(built - 1.0) <= 0.10) >= 4
    savings_fast = 1 - fast[1::2] / fast[0::2]
    savings_ep = 1 - ep[1::2] / ep[0::2]
    np.testing.assert_array_less(np.abs(savings_fast - savings_ep), 0.05)
    # a deep retrofit removes most of the need in both engines
    assert np.all(savings_ep > 0.6)


@pytest.mark.energyplus
def test_archetype_runs_are_clean_and_timed(archetype_runs):
    ep = archetype_runs["ep"]
    for warnings in ep.warnings:
        # only the expected notes: ground below 15 °C, the Uccle file's psychrometric edge cases
        for w in warnings:
            assert "Severe" not in w
    assert np.all(ep.wall_time_s < 60.0)
    assert np.all(ep.theta_air_min_c > 18.0)  # 19 °C operative held all year
