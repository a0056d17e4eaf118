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
