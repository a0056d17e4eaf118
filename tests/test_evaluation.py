"""rehab.evaluation: the whole-life carbon columns of assess and programmes."""

import numpy as np
import pytest

import rehab
from rehab import carbon
from rehab.programme import Programme


@pytest.fixture(scope="module")
def coron():
    return rehab.archetypes.get("coron-mid-terrace")


@pytest.fixture(scope="module")
def table(coron):
    return rehab.assess(coron, packages=["attic-only", "hqe-biosourced", "bbc-renovation"])


def test_embodied_columns_equal_the_single_house_carbon_table(coron, table):
    pc = carbon.package_carbon(coron, ["attic-only", "hqe-biosourced", "bbc-renovation"], horizon=30)
    for s in ("attic-only", "hqe-biosourced", "bbc-renovation"):
        for c in ("upfront_kgco2e", "embodied_kgco2e", "biogenic_kgco2"):
            assert table.at[s, c] == pytest.approx(pc.at[s, c], rel=1e-9), (s, c)


def test_whole_life_is_embodied_plus_operational_over_the_horizon(table):
    # operational: the first year's emissions every year of the 30-year horizon
    np.testing.assert_allclose(table["operational_kgco2e"], table["co2_kg"] * 30, rtol=1e-12)
    np.testing.assert_allclose(table["whole_life_kgco2e"], table["embodied_kgco2e"] + table["operational_kgco2e"], rtol=1e-12)
    assert table.at["baseline", "embodied_kgco2e"] == 0.0
    # bio-sourced insulation stores carbon; glass-wool attic insulation does not
    assert table.at["hqe-biosourced", "biogenic_kgco2"] > 1000.0
    assert table.at["attic-only", "biogenic_kgco2"] == 0.0


def test_carbon_payback_and_cost_per_tonne_by_hand(table):
    s = "bbc-renovation"
    saving = table.at["baseline", "co2_kg"] - table.at[s, "co2_kg"]
    assert table.at[s, "carbon_payback_yr"] == pytest.approx(table.at[s, "upfront_kgco2e"] / saving, rel=1e-12)
    saved_t = (table.at["baseline", "whole_life_kgco2e"] - table.at[s, "whole_life_kgco2e"]) / 1000.0
    assert table.at[s, "cost_per_t_whole_life_eur"] == pytest.approx(table.at[s, "net_cost_eur"] / saved_t, rel=1e-12)
    assert np.isnan(table.at["baseline", "cost_per_t_whole_life_eur"])


def test_choice_by_whole_life_carbon():
    stock = rehab.stock.demo().table.iloc[[0, 250, 349]]
    res = Programme(stock, ["attic-only", "hqe-biosourced", "bbc-renovation"]).run(progress=False)
    pick = res.choose("min_whole_life")
    t = res.table[res.table["allowed"].astype(bool)]
    best = t.loc[t.groupby("house_id")["whole_life_kgco2e"].idxmin()].set_index("house_id")["scenario"]
    assert pick.set_index("house_id")["scenario"].to_dict() == best.to_dict()
    assert all("whole-life carbon" in r for r in pick["reason"])
    cheap = res.choose("cheapest_carbon")
    for h, s in zip(cheap["house_id"], cheap["scenario"], strict=True):
        rows = t[(t["house_id"] == h) & (t["scenario"] != "baseline")]
        assert s == rows.loc[rows["cost_per_t_whole_life_eur"].idxmin(), "scenario"]
