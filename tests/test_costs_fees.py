"""Fees next to the works (rehab.costs_fees): when each applies, hand-calculated amounts,
and their place in assess (investment, NPV, cost lines)."""

import math

import numpy as np
import pytest

import rehab
from rehab import costs
from rehab.assessment import assess
from rehab.costs_fees import FEE_ITEMS, fee_price_ttc, fees, posts
from rehab.errors import InputError

WHOLE = ("wall_external", "attic_floor", "floor", "windows", "heating", "dhw")


def test_prices_come_from_the_catalogue_not_indexed():
    # 2,000 EUR TTC (Mes Aides Réno's average price), 754 EUR TTC (Kiwidiag 2024 mean)
    assert fee_price_ttc("accompagnateur_renov") == pytest.approx(2000.0)
    assert fee_price_ttc("audit") == pytest.approx(754.0)
    assert costs.unit_cost("project_management").variable_eur_per_unit == pytest.approx(0.13)
    with pytest.raises(InputError, match="per eur"):
        fee_price_ttc("project_management")


def test_posts_and_whole_house_rule():
    assert posts(WHOLE) == {"walls", "roof", "low floor", "windows", "heating"}
    assert posts(("heating", "dhw")) == {"heating"}
    # envelope-light: attic + windows + ventilation = 2 posts, no project management
    f = fees(["owner_occupier"], [("attic_floor", "windows", "ventilation")], [5000.0], [False])
    assert f["ttc"][0] == 0.0


def test_owner_occupier_whole_house_with_ampleur_by_hand():
    # works 40,000 EUR HT: accompaniment 2,000 TTC (1,666.67 HT at 20 %),
    # project management 0.13 x 40,000 = 5,200 HT, 6,240 TTC
    f = fees(["owner_occupier"], [WHOLE], [40000.0], [True])
    assert f["accompagnateur_renov_ttc"][0] == pytest.approx(2000.0)
    assert f["accompagnateur_renov_ht"][0] == pytest.approx(2000.0 / 1.2)
    assert f["project_management_ht"][0] == pytest.approx(5200.0)
    assert f["project_management_ttc"][0] == pytest.approx(6240.0)
    assert f["ttc"][0] == pytest.approx(8240.0)
    assert f["ht"][0] == pytest.approx(2000.0 / 1.2 + 5200.0)


def test_accompaniment_only_with_the_ampleur_aid_and_a_private_owner():
    f = fees(["owner_occupier", "private_landlord", "social_landlord", "owner_occupier"],
             [WHOLE] * 4, [40000.0] * 4, [True, True, True, False])
    assert f["accompagnateur_renov_ttc"].tolist() == [2000.0, 2000.0, 0.0, 0.0]


def test_social_landlords_pay_project_management_on_every_package():
    f = fees(["social_landlord", "owner_occupier"], [("heating",), ("heating",)], [14000.0, 14000.0],
             [False, False])
    assert f["project_management_ht"].tolist() == pytest.approx([1820.0, 0.0])


def test_no_works_no_fee_and_nan_propagates():
    f = fees(["social_landlord", "owner_occupier"], [(), WHOLE], [0.0, math.nan], [False, True])
    assert f["ttc"][0] == 0.0
    assert np.isnan(f["ttc"][1])
    assert set(FEE_ITEMS) == {"accompagnateur_renov", "project_management"}


def test_bad_input_is_named():
    with pytest.raises(InputError, match="owner 'tenant'"):
        fees(["tenant"], [()], [1.0], [False])
    with pytest.raises(InputError, match="one entry per project"):
        fees(["owner_occupier"], [(), ()], [1.0], [False])


@pytest.fixture(scope="module")
def coron():
    return assess(rehab.archetypes.get("coron-mid-terrace"), ["attic-only", "bbc-renovation"])


def test_assess_counts_the_fees_in_the_investment(coron):
    bbc = coron.loc["bbc-renovation"]
    lines = coron.attrs["costs"]["bbc-renovation"]
    fee = lines[lines["measure"] == "fees"]
    works = lines[lines["measure"] != "fees"]
    assert list(fee["item"]) == ["accompagnateur_renov", "project_management"]
    # project management = 13 % of the works HT, + 20 % VAT
    assert fee["cost_ht_eur"].iloc[1] == pytest.approx(0.13 * works["cost_ht_eur"].sum())
    assert fee["cost_ttc_eur"].iloc[1] == pytest.approx(1.2 * 0.13 * works["cost_ht_eur"].sum())
    assert bbc["fees_ttc_eur"] == pytest.approx(fee["cost_ttc_eur"].sum())
    assert bbc["cost_ttc_eur"] == pytest.approx(lines["cost_ttc_eur"].sum())
    assert bbc["net_cost_eur"] == pytest.approx(bbc["cost_ttc_eur"] - bbc["subsidies_eur"])
    # the accompaniment's aid is counted where its price is
    assert "mon_accompagnateur_renov" in [a["aid"] for a in bbc["aids"]]
    # attic only: one post, no ampleur -> no fee
    assert coron.loc["attic-only", "fees_ttc_eur"] == 0.0


def test_fees_are_a_column_of_the_programme_tables():
    from rehab import evaluation

    cols = list(evaluation.COLUMNS)
    assert cols.index("fees_ttc_eur") == cols.index("cost_ttc_eur") + 1
    assert evaluation.UNITS["fees_ttc_eur"] == "EUR"


def test_social_landlord_pays_project_management_in_assess():
    t = assess(rehab.archetypes.get("coron-mid-terrace"), ["attic-only"], owner="social_landlord")
    lines = t.attrs["costs"]["attic-only"]
    works_ht = lines.loc[lines["measure"] != "fees", "cost_ht_eur"].sum()
    assert t.loc["attic-only", "fees_ttc_eur"] == pytest.approx(0.13 * 1.2 * works_ht)
