"""Hypothesis invariants of retrofit measures and of the scenario economics.

* Adding an insulation measure (walls outside or inside, attic or slopes,
  floor, windows of lower U and the same g) to any archetype — bare or already retrofitted — never
  raises its heat-loss coefficient, its 3CL heating need or its hourly
  physical heating need.
* The NPV of a scenario falls as its cost rises (rehab.assessment.economics and
  rehab.assess's cost_factor).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rehab
from rehab import labels, packages
from rehab.assessment import assess, economics
from rehab.retrofit import (
    ExternalWallInsulation,
    FloorInsulation,
    InternalWallInsulation,
    RoofInsulation,
    WindowReplacement,
)

ARCHETYPES = rehab.archetypes.names()
INSULANTS = [
    "glass_wool",
    "mineral_wool_ext",
    "eps",
    "pir",
    "wood_fibre_flexible",
    "wood_fibre_rigid",
    "cellulose",
    "hemp_lime",
    "calcium_silicate",
    "cork",
]

thickness = st.floats(min_value=0.01, max_value=0.35, allow_nan=False)
where = st.sampled_from(["all", "street", "not_street"])


@st.composite
def insulation_measures(draw):
    kind = draw(st.sampled_from(["ite", "iti", "attic", "slopes", "floor", "windows"]))
    mat = draw(st.sampled_from(INSULANTS))
    t = draw(thickness)
    if kind == "ite":
        return ExternalWallInsulation(material=mat, thickness=t, where=draw(where))
    if kind == "iti":
        membrane = draw(st.sampled_from([None, "pe_membrane", "smart_vapour_retarder"]))
        return InternalWallInsulation(
            material=mat, thickness=t, membrane=membrane, where=draw(where)
        )
    if kind == "attic":
        return RoofInsulation(position="attic_floor", material=mat, thickness=t)
    if kind == "slopes":
        return RoofInsulation(position="roof_slopes", material=mat, thickness=t)
    if kind == "floor":
        return FloorInsulation(material=mat, thickness=t)
    return WindowReplacement(u_value=draw(st.floats(min_value=0.6, max_value=2.6)), g_value=0.6)


def _needs(house):
    return (
        house.heat_loss().h_total,
        labels.dpe(house, "2026-06-01").heating_need_kwh,
        rehab.simulate(house).heating_need_kwh,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ARCHETYPES), insulation_measures(), st.booleans())
def test_an_insulation_measure_never_raises_the_heating_need(archetype, measure, pre_retrofit):
    house = rehab.archetypes.get(archetype)
    if pre_retrofit:  # on top of an earlier retrofit as well
        house = packages.get("envelope-light").apply(house)
    if isinstance(measure, WindowReplacement):
        if min(w.u for w in house.windows()) < measure.u_value:
            return  # not an improvement on these windows
        # a window is insulation only if it keeps the solar factor: a lower g cuts solar gains and
        # can raise the need (e.g. U 2.9 -> 2.5 with g 0.75 -> 0.6 on a Castors house)
        measure = measure.copy_with(g_value=max(w.g_value for w in house.windows()))
    after = measure.apply(house)
    h0, n0, p0 = _needs(house)
    h1, n1, p1 = _needs(after)
    assert h1 <= h0 + 1e-9
    assert n1 <= n0 + 1e-6
    # The hourly need may rise by a hair: a thin floor insulation reaching R 0.5 switches the
    # ground-floor junction to the "floor insulated, wall not" ψ (0.39 -> 0.80 W/(m·K) on the
    # cité-jardin), a loss to the outdoor air, while the floor's own loss it replaces went to the
    # warmer ground: H falls by 1.6 W/K and the 5R1C need rises by 0.02 % (hypothesis example,
    # 1.95 cm glass wool under the deck). 0.1 % bounds that effect.
    assert p1 <= p0 * 1.001 + 1e-6


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(min_value=100.0, max_value=50000.0), min_size=1, max_size=6),
    st.lists(st.sampled_from([15.0, 17.0, 20.0, 25.0, 30.0, 40.0]), min_size=6, max_size=6),
    st.floats(min_value=1.0, max_value=3.0),
    st.integers(min_value=0, max_value=5000).map(float),
    st.floats(min_value=0.0, max_value=0.1),
    st.sampled_from(["owner_occupier", "private_landlord", "social_landlord"]),
)
def test_npv_falls_as_cost_rises(costs, lifetimes, factor, saving, rate, owner):
    lifes = lifetimes[: len(costs)]
    before = np.full(30, 3000.0)
    after = before - saving
    kw = dict(rate=rate, owner=owner, tenant_contribution_eur=0.5 * saving, grants=0.0)
    base = economics(costs, lifes, before, after, **kw)
    dearer = economics([c * factor for c in costs], lifes, before, after, **kw)
    assert dearer["npv_eur"] <= base["npv_eur"] + 1e-6
    assert dearer["pv_costs_eur"] >= base["pv_costs_eur"] - 1e-6


@pytest.mark.slow
def test_npv_falls_with_the_cost_factor_of_assess():
    house = rehab.archetypes.get("coron-end-terrace")
    npvs = [
        assess(house, ["envelope-light"], cost_factor=f).loc["envelope-light", "npv_eur"]
        for f in (0.5, 1.0, 2.0)
    ]
    assert npvs[0] > npvs[1] > npvs[2]
