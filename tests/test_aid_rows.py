"""rehab.aid_rows: a programme's aid contexts built on arrays, and the programme's aid columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rehab.aid_arrays import AIDS
from rehab.aid_rows import by_object, codes, first_appearance, row_contexts
from rehab.errors import InputError
from rehab.programme import Programme, synthetic_stock


def test_first_appearance_numbers_distinct_tuples_in_order():
    a = np.array([3, 1, 3, 1, 2, 3])
    b = np.array([0.5, 0.5, 0.5, np.nan, 0.0, 0.5])
    c = np.array([-0.0, 0.0, 0.0, 1.0, 2.0, 0.0])
    # (3, .5, 0), (1, .5, 0), (3, .5, 0), (1, nan, 1), (2, 0, 2), (3, .5, 0): -0.0 == 0.0 as in a dict key
    assert first_appearance([a, b, c]).tolist() == [0, 1, 0, 2, 3, 0]
    assert first_appearance([np.zeros(0)]).tolist() == []


def test_first_appearance_equals_a_dict_of_tuples():
    rng = np.random.default_rng(4)
    cols = [rng.integers(0, 3, 5000), rng.choice([0.0, -0.0, 1.5, np.nan], 5000), rng.integers(-2, 2, 5000),
            rng.choice([1e5, 2.5e4], 5000)]
    seen: dict = {}
    want = [seen.setdefault(tuple("nan" if isinstance(v, float) and v != v else v + 0 for v in row), len(seen))
            for row in zip(*(c.tolist() for c in cols), strict=True)]
    assert first_appearance(cols).tolist() == want and len(seen) > 50


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


def _rows(date, rows=(1, 3)):
    """Two dwellings x (baseline, heat pump) through row_contexts, with their areas."""
    from types import SimpleNamespace

    kinds = ("heating",)
    units = SimpleNamespace(
        base=np.array([0, 0, 2, 2]), aid_kinds=np.array([(), kinds, (), kinds], dtype=object),
        dhw_after=np.full(4, None, dtype=object), outcome=np.full(4, None, dtype=object),
        aid_quantities=np.array([(), (), (), ()], dtype=object))
    dw = SimpleNamespace(owner=["owner_occupier", "owner_occupier"], income=["modestes", "modestes"],
                         heating=["gas-boiler-old", "gas-boiler-old"], erbm=None)
    c3 = {"label": np.array(["E", "D"], dtype=object), "cep": np.array([300.0, 150.0]), "eges": np.array([60.0, 5.0])}
    hn = {"gas-boiler-old": "gas_boiler_old", "hp": "heat_pump_air_water"}.get
    return row_contexts(units, dw, date, np.array(rows), np.array([0, 1, 0, 1]), np.array([0, 1, 0, 1]),
                        np.array([0, 0, 1, 1]), hn, ["gas-boiler-old", "hp", "gas-boiler-old", "hp"], c3,
                        np.full(4, 14000.0), np.full(4, 14770.0), np.full(4, 20000.0), np.full(4, 9000.0),
                        np.array([100.0, 100.0, 140.0, 140.0]))


def test_coup_de_pouce_from_the_fiche_uses_each_dwelling_area():
    """Since Oct 2025 the Coup de pouce depends on the heated area: each heat-pump row's area enters
    its context (the baselines, which install none, share theirs); with the flat primes before
    Oct 2025 it does not, and the two dwellings share one context."""
    from rehab.aid_arrays import eligible_aids_arrays

    ctx, key = _rows("2025-11-15")
    assert key.tolist() == [0, 1] and ctx.living_area_m2.tolist() == [100.0, 140.0]
    cdp = eligible_aids_arrays(ctx).amount[:, AIDS.index("cee_coup_de_pouce_chauffage")]
    # 79,500 kWh cumac (lowest class) x 1.0 (100 m²) or 1.6 (140 m²) x 1.2 (H1) x 5 x 8.34 EUR/MWh cumac
    np.testing.assert_allclose(cdp, [79_500 * 1.0 * 1.2 * 5 * 8.34e-3, 79_500 * 1.6 * 1.2 * 5 * 8.34e-3], rtol=1e-12)
    # 2026, fiche vA78-4: 90,900 kWh cumac (class 1) x 1.0 for both (the area factor stops at 1 from 90 m²)
    ctx, key = _rows("2026-07-01")
    assert key.tolist() == [0, 1] and ctx.living_area_m2.tolist() == [100.0, 140.0]
    cdp = eligible_aids_arrays(ctx).amount[:, AIDS.index("cee_coup_de_pouce_chauffage")]
    np.testing.assert_allclose(cdp, 90_900 * 1.0 * 1.2 * 5 * 8.34e-3, rtol=1e-12)
    ctx, key = _rows("2026-07-01", rows=(0, 2))  # the baselines: no heat pump, no area, one context
    assert key.tolist() == [0, 0] and np.isnan(ctx.living_area_m2).all()
    ctx, key = _rows("2025-06-01")
    assert key.tolist() == [0, 0] and np.isnan(ctx.living_area_m2).all()
    assert eligible_aids_arrays(ctx).amount[0, AIDS.index("cee_coup_de_pouce_chauffage")] == 4000.0
