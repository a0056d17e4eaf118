"""Hypothesis invariants of rehab.finance (NPV, IRR, payback, bills)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehab import finance

money = st.floats(min_value=100.0, max_value=200000.0, allow_nan=False)
saving = st.floats(min_value=1.0, max_value=10000.0, allow_nan=False)
rate = st.floats(min_value=0.0, max_value=0.15, allow_nan=False)
horizon = st.integers(min_value=1, max_value=60)


def _cf(cost: float, sav: float, h: int) -> np.ndarray:
    return np.r_[-cost, np.full(h, sav)]


@settings(max_examples=80, deadline=None)
@given(money, money, saving, rate, horizon)
def test_npv_falls_as_cost_rises(c1, c2, sav, r, h):
    lo, hi = sorted((c1, c2))
    assert finance.npv(_cf(hi, sav, h), r) <= finance.npv(_cf(lo, sav, h), r) + 1e-9


@settings(max_examples=80, deadline=None)
@given(money, saving, saving, rate, horizon)
def test_npv_rises_with_savings(cost, s1, s2, r, h):
    lo, hi = sorted((s1, s2))
    assert finance.npv(_cf(cost, hi, h), r) >= finance.npv(_cf(cost, lo, h), r) - 1e-9


@settings(max_examples=80, deadline=None)
@given(money, saving, st.integers(min_value=2, max_value=60))
def test_irr_makes_npv_zero(cost, sav, h):
    cf = _cf(cost, sav, h)
    r = finance.irr(cf)
    if sav * h <= cost * 1e-6:  # pragma: no cover - cannot happen with these ranges
        return
    assert np.isfinite(r) or finance.npv(cf, -0.95) < 0  # root outside the bracket
    if np.isfinite(r):
        assert finance.npv(cf, r) == pytest.approx(0.0, abs=1e-6 * cost)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(money, saving), min_size=2, max_size=12), st.integers(2, 40))
def test_irr_batch_equals_singles(rows, h):
    cf = np.array([_cf(c, s, h) for c, s in rows])
    batch = finance.irr(cf)
    singles = np.array([finance.irr(row) for row in cf])
    np.testing.assert_allclose(batch, singles, rtol=0, atol=1e-9, equal_nan=True)


@settings(max_examples=80, deadline=None)
@given(money, saving, rate, horizon)
def test_npv_sign_agrees_with_irr_and_payback(cost, sav, r, h):
    cf = _cf(cost, sav, h)
    v = finance.npv(cf, r)
    i = finance.irr(cf)
    if np.isfinite(i) and abs(v) > 1e-6 * cost:
        assert (v > 0) == (i > r)
    p = finance.discounted_payback(cf, r)
    if abs(v) > 1e-6 * cost:
        assert np.isfinite(p) == (v > 0)
    if np.isfinite(p):
        assert 0.0 <= p <= h


@settings(max_examples=60, deadline=None)
@given(money, saving)
def test_simple_payback_is_undiscounted_payback(cost, sav):
    h = int(np.ceil(cost / sav)) + 1
    if h > 200:
        return
    assert finance.payback(_cf(cost, sav, h)) == pytest.approx(
        finance.simple_payback(cost, sav), rel=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=50000.0),
    st.floats(min_value=0.0, max_value=50000.0),
    st.floats(min_value=0.0, max_value=20000.0),
)
def test_bill_never_decreases_with_consumption(g1, g2, el):
    lo, hi = sorted((g1, g2))
    b_lo = finance.annual_bill({"natural_gas": lo, "electricity": el}, 2026).total_eur
    b_hi = finance.annual_bill({"natural_gas": hi, "electricity": el}, 2026).total_eur
    assert b_hi >= b_lo - 1e-9
    assert b_lo >= 0.0


@settings(max_examples=60, deadline=None)
@given(money, saving, rate, st.integers(5, 60))
def test_residual_value_never_lowers_npv(cost, sav, r, h):
    with_res = finance.project_cashflows([cost], [17], sav, horizon=h)
    without = finance.project_cashflows([cost], [17], sav, horizon=h, residual_value=False)
    assert finance.npv(with_res, r) >= finance.npv(without, r) - 1e-9
