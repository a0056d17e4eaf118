"""Hypothesis invariants of the DPE class (double threshold)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rehab import threecl

ORDER = {c: i for i, c in enumerate(threecl.CLASSES)}

cep = st.floats(min_value=0.0, max_value=1500.0, allow_nan=False)
eges = st.floats(min_value=0.0, max_value=300.0, allow_nan=False)
area = st.floats(min_value=1.0, max_value=400.0, allow_nan=False)
date = st.sampled_from(["2023-01-01", "2024-06-30", "2024-07-01", "2026-06-01"])


@given(cep, eges, st.floats(0.0, 500.0), st.floats(0.0, 100.0), area, date, st.booleans())
def test_class_never_improves_when_cep_and_eges_rise(c1, e1, dc, de, a, d, high):
    before = threecl.dpe_class(c1, e1, area=a, date=d, high_altitude=high)
    after = threecl.dpe_class(c1 + dc, e1 + de, area=a, date=d, high_altitude=high)
    assert ORDER[after] >= ORDER[before]


@given(cep, eges, area, date)
def test_class_is_worse_or_equal_to_each_single_class(c, e, a, d):
    both = ORDER[threecl.dpe_class(c, e, area=a, date=d)]
    assert both == max(
        ORDER[threecl.energy_class(c, area=a, date=d)], ORDER[threecl.ghg_class(e, area=a, date=d)]
    )
