"""rehab.pipeline: the study in one object equals its steps run by hand."""

import pandas as pd
import pytest

import rehab
from rehab.errors import InputError
from rehab.pipeline import Study
from rehab.planning import plan as make_plan
from rehab.safeio import OutputExistsError


@pytest.fixture(scope="module")
def done():
    stock = rehab.stock.demo().table.head(8)
    s = Study(stock, ["attic-only", "bbc-renovation"], objective="max_npv", target_class="C",
              budget=60e3, start_year=2027, mode="conventional", date="2026-06-01")
    return stock, s.run()


def test_each_step_equals_the_library_call(done):
    stock, r = done
    by_hand = rehab.programme.Programme(stock, ["attic-only", "bbc-renovation"], mode="conventional").run()
    pd.testing.assert_frame_equal(r.result.table, by_hand.table)
    choice = by_hand.choose("max_npv", "C")
    pd.testing.assert_frame_equal(r.choice, choice)
    p = make_plan(by_hand, choice, budget_per_year=60e3, start_year=2027)
    pd.testing.assert_frame_equal(r.plan.schedule, p.schedule)
    assert r.uncertainty is None
    assert set(r.timings) == {"programme", "choice", "plan", "outcomes"}
    assert len(r.outcomes) == 8 and r.comparison().index.tolist() == ["attic-only", "bbc-renovation"]


def test_write_puts_everything_in_one_folder_and_refuses_to_mix(done, tmp_path):
    _, r = done
    files, html = r.write(tmp_path / "out")
    assert html.name == "index.html" and html.exists() and all(f.exists() for f in files)
    with pytest.raises(OutputExistsError):
        r.write(tmp_path / "out")
    r.write(tmp_path / "out", overwrite=True, lang="fr")
    assert '<html lang="fr">' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_bad_settings_are_refused_before_the_run():
    with pytest.raises(InputError, match="objective: 'fastest'"):
        Study([], objective="fastest")
    with pytest.raises(InputError, match="capacity: needs a budget"):
        Study([], capacity=10)
    with pytest.raises(InputError, match="unknown option"):
        Study(rehab.stock.demo().table.head(1), ["attic-only"], colour="red").run()


def test_the_plan_beside_the_uncertainty_equals_both_run_alone():
    # the plan runs on a worker thread while the uncertainty is sampled: same results as one after the other
    stock = rehab.stock.demo().table.iloc[::30]
    s = Study(stock, ["attic-only", "bbc-renovation"], budget=300e3, start_year=2027, samples=8, seed=5,
              mode="conventional", date="2026-06-01")
    r = s.run()
    assert list(r.timings) == ["programme", "choice", "plan", "uncertainty", "outcomes"]
    assert (r.choice["scenario"] != "baseline").sum() >= 3
    p = make_plan(r.result, r.choice, budget_per_year=300e3, start_year=2027)
    pd.testing.assert_frame_equal(r.plan.schedule, p.schedule)
    pd.testing.assert_frame_equal(r.plan.yearly, p.yearly)
    u = rehab.uncertainty.run(r.result, n_samples=8, seed=5, choice=r.choice)
    pd.testing.assert_frame_equal(r.uncertainty.aggregate, u.aggregate)
