"""rehab.aid_rows: a programme's aid contexts built on arrays, and the programme's aid columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rehab.aid_arrays import AIDS
from rehab.aid_rows import by_object, codes, first_appearance
from rehab.errors import InputError
from rehab.programme import Programme, synthetic_stock


def test_first_appearance_numbers_distinct_tuples_in_order():
    a = np.array([3, 1, 3, 1, 2, 3])
    b = np.array([0.5, 0.5, 0.5, np.nan, 0.0, 0.5])
    c = np.array([-0.0, 0.0, 0.0, 1.0, 2.0, 0.0])
    # (3, .5, 0), (1, .5, 0), (3, .5, 0), (1, nan, 1), (2, 0, 2), (3, .5, 0): -0.0 == 0.0 as in a dict key
    assert first_appearance([a, b, c]).tolist() == [0, 1, 0, 2, 3, 0]
    assert first_appearance([np.zeros(0)]).tolist() == []


def test_codes_and_objects():
    assert codes(["B", None, "A", "B"], ("A", "B"), "class").tolist() == [1, -1, 0, 1]
    with pytest.raises(InputError, match="'Z' is not one of A, B"):
        codes(["Z"], ("A", "B"), "class")
    x, y = ("a",), ("a",)  # equal values, two objects: one value code
    code, vals = by_object([x, y, x, None], lambda t: t)
    assert code.tolist() == [0, 0, 0, 1] and vals == [("a",), None]


@pytest.fixture(scope="module")
def run():
    packages = ["attic-only", "heat-pump-only", "bbc-renovation", "envelope-light", "heritage"]
    stock = synthetic_stock(24, seed=5)
    return Programme(stock, packages).run(progress=False)


def test_programme_aid_columns_equal_the_scalar_rules(run):
    """Each row's grants, loans and applied aids equal eligible_aids on its context (the aid table's
    scalar amounts); aid_key numbers the distinct contexts."""
    t, at = run.table, run.aid_table
    keyed = t[t["aid_key"] >= 0]
    assert len(keyed) > 20 and keyed["aid_key"].nunique() == run.stats["aid_contexts"]
    assert sorted(keyed["aid_key"].unique()) == list(range(run.stats["aid_contexts"]))
    grants = at[at["kind"] == "grant"].groupby("aid_key")["amount_eur"].sum()
    loans = at[at["kind"] == "loan"].groupby("aid_key")["amount_eur"].sum()
    names = at.groupby("aid_key")["aid"].agg("; ".join)
    no_pv = ~keyed["aids_applied"].str.contains("pv_self_consumption_premium")
    k = keyed[no_pv]
    np.testing.assert_allclose(k["subsidies_eur"], k["aid_key"].map(grants).fillna(0.0), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(k["loans_value_eur"], k["aid_key"].map(loans).fillna(0.0), rtol=1e-12, atol=1e-9)
    assert (k["aids_applied"] == k["aid_key"].map(names).fillna("")).all()
    assert set(at["aid"]) <= set(AIDS) and len(set(at["aid"])) >= 3


def test_one_dwelling_aids_without_the_whole_table():
    stock = synthetic_stock(24, seed=5)
    res = Programme(stock, ["attic-only", "heat-pump-only"]).run(progress=False)
    row = res.table[(res.table["aid_key"] >= 0)].iloc[0]
    one = res.aids(row["house_id"], row["scenario"])
    assert "_lazy_aid_table" in res.__dict__ and not isinstance(res.__dict__["_lazy_aid_table"], pd.DataFrame)
    assert one["amount_eur"].sum() == pytest.approx(row["subsidies_eur"] + row["loans_value_eur"], abs=1e-6)
    full = res.aid_table
    assert isinstance(full, pd.DataFrame) and list(full.columns) == ["aid_key", "aid", "amount_eur", "kind", "reason"]
    pd.testing.assert_frame_equal(
        one, full[full["aid_key"] == row["aid_key"]].drop(columns="aid_key").reset_index(drop=True))
