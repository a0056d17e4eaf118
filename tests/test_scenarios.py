"""rehab.scenarios: dwellings × packages as house tables."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import rehab
from rehab.scenarios import _round2, from_rows


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 1e6), st.integers(0, 10**6).map(lambda i: i / 1000 + 0.005),
                          st.sampled_from([0.125, 0.135, 2.675, 1.005, 1e17, float("inf")])), max_size=50))
def test_round2_is_python_round(values):
    assert _round2(np.array(values, dtype=float)) == [round(v, 2) for v in values]


def test_units_of_rows_equal_the_houses_route():
    """from_rows (templates laid out per group, layouts shared by the packages) equals
    from_houses on the same dwellings built one by one."""
    from rehab.scenarios import from_houses

    pk = [rehab.packages.get(p) for p in ("attic-only", "heat-pump-only", "bbc-renovation", "heritage")]
    rows = {
        "archetype": np.array(["coron-mid-terrace", "castors-detached", "coron-mid-terrace"], dtype=object),
        "floor_area": np.array([55.0, 95.0, 70.0]),
        "azimuth": np.array([90.0, np.nan, 200.0]),
        "n50": np.array([np.nan, 6.0, 12.0]),
    }
    u = from_rows(rows, pk, date="2026-06-01", year=2026)
    hs = [rehab.archetypes.get(str(a), **{c: float(rows[c][i]) for c in ("floor_area", "azimuth", "n50")
                                          if not np.isnan(rows[c][i])})
          for i, a in enumerate(rows["archetype"])]
    v = from_houses(hs, pk, date="2026-06-01", year=2026)
    np.testing.assert_array_equal(u.allowed, v.allowed)
    for a, b in ((u.cost_ttc, v.cost_ttc), (u.aid_ht, v.aid_ht), (u.spend, v.spend)):
        np.testing.assert_allclose(a, b, rtol=1e-9)
    ok = u.thermal >= 0
    np.testing.assert_allclose(u.table.heat_loss()["h_total"][u.thermal[ok]],
                               v.table.heat_loss()["h_total"][v.thermal[ok]], rtol=1e-9)
    assert u.cost_ttc[1] > 0 and u.cost_ttc[0] == 0.0
