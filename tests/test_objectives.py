"""rehab.objectives: the one rule for choosing, the one normalisation of a choice."""

import pandas as pd
import pytest

from rehab.errors import InputError
from rehab.objectives import BASELINE, OBJECTIVES, choose, scenario_of


@pytest.fixture
def table():
    # a: light reaches D for 20 k€, deep reaches B for 60 k€; b: already C; c: nothing reaches C,
    # its "deep" package is refused
    return pd.DataFrame({
        "house_id": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
        "scenario": ["baseline", "light", "deep"] * 3,
        "allowed": [True, True, True, True, True, True, True, True, False],
        "dpe_class": ["F", "D", "B", "C", "B", "A", "G", "E", "C"],
        "cep_kwhep_m2": [400, 220, 90, 150, 100, 60, 500, 300, 140],
        "net_cost_eur": [0.0, 20e3, 60e3, 0.0, 15e3, 50e3, 0.0, 25e3, 70e3],
        "npv_eur": [0.0, -5e3, 2e3, 0.0, -1e3, -9e3, 0.0, 1e3, 5e3],
        "co2_kg": [4e3, 2e3, 5e2, 1e3, 8e2, 2e2, 6e3, 3e3, 1e3],
    })


def test_cheapest_reaching_by_hand(table):
    c = choose(table, "cheapest_reaching", "D").set_index("house_id")
    assert c["scenario"].to_dict() == {"a": "light", "b": "baseline", "c": BASELINE}
    assert c["reaches_target"].to_dict() == {"a": True, "b": True, "c": False}
    assert c.loc["a", "reason"] == "cheapest reaching class D or better: class D for 20,000 EUR net of grants"
    assert c.loc["b", "reason"] == "already class D or better as it is (class C)"
    # c's deep package (class C) is refused: its best allowed is the light one (E)
    assert c.loc["c", "reason"] == "none reaches class D or better; best allowed: light (class E)"


def test_planning_fallback_takes_the_best_package(table):
    c = choose(table, "cheapest_reaching", "B", fallback="best").set_index("house_id")
    assert c["scenario"].to_dict() == {"a": "deep", "b": "light", "c": "light"}
    assert c["reaches_target"].to_dict() == {"a": True, "b": True, "c": False}
    # another cost basis (costs reversed: deep is now free for a)
    gross = table["net_cost_eur"].to_numpy()[::-1].copy()
    assert choose(table, "cheapest_reaching", "D", cost=gross).set_index("house_id").loc["a", "scenario"] == "deep"


def test_the_other_objectives(table):
    assert choose(table, "max_npv")["scenario"].tolist() == ["deep", "baseline", "light"]
    assert choose(table, "min_co2")["scenario"].tolist() == ["deep", "deep", "light"]
    assert choose(table, "min_co2", require_class="C")["scenario"].tolist() == ["deep", "deep", "baseline"]
    assert choose(table, "cheapest_bbc")["scenario"].tolist() == ["deep", "light", "baseline"]
    with pytest.raises(InputError, match="objective: 'fastest'; allowed cheapest_reaching"):
        choose(table, "fastest")
    with pytest.raises(InputError, match="target_class: 'H'"):
        choose(table, "cheapest_reaching", "H")


def test_every_form_of_a_choice_gives_one_scenario_per_dwelling(table):
    by_df = scenario_of(table, choose(table, "max_npv"))
    assert by_df.to_dict() == {"a": "deep", "b": "baseline", "c": "light"}
    assert scenario_of(table, "max_npv").equals(by_df)
    assert scenario_of(table, None, objective="max_npv").equals(by_df)
    # a package name: every dwelling where allowed, the others as they are
    assert scenario_of(table, "deep").to_dict() == {"a": "deep", "b": "deep", "c": "baseline"}
    assert scenario_of(table, {"a": "light"}).to_dict() == {"a": "light", "b": "baseline", "c": "baseline"}
    assert scenario_of(table, pd.Series({"c": "deep"})).to_dict() == {"a": "baseline", "b": "baseline", "c": "deep"}
    with pytest.raises(InputError, match="choice: 'nope'; allowed an objective"):
        scenario_of(table, "nope")
    with pytest.raises(InputError, match="columns house_id and scenario"):
        scenario_of(table, pd.DataFrame({"x": [1]}))
    with pytest.raises(InputError, match="choice: int"):
        scenario_of(table, 3)
    assert set(OBJECTIVES) >= {"cheapest_reaching", "max_npv"}
