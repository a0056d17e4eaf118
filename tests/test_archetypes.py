"""Archetypes of the coal-basin stock."""

import math

import pytest

import rehab
from rehab import archetypes
from rehab.errors import InputError, UnknownNameError

SIX = ["coron-mid-terrace", "coron-end-terrace", "cite-pavillonnaire-semi", "cite-jardin-detached",
       "cite-moderne-semi", "castors-detached"]


def test_at_least_six_named():
    assert set(SIX) <= set(archetypes.names())


@pytest.mark.parametrize("name", SIX)
def test_each_builds_with_sources_and_assumptions(name):
    h = archetypes.get(name)
    assert h.archetype == name
    assert any(s.startswith("assumption") for s in h.sources)
    hl = h.heat_loss()
    # unrenovated solid-wall houses of the basin: 3.5–8 W/(m²K) of floor
    assert 3.5 < hl.h_per_floor_area < 8.0
    assert "Sources" in archetypes.describe(name)


def test_attachment_ordering_for_comparable_size():
    """mid-terrace < end-terrace (= semi-detached pair) < detached, for the same dwelling."""
    h = {p: archetypes.get("coron-mid-terrace", party_walls=p).heat_loss().h_total for p in ("both", "left", "none")}
    assert h["both"] < h["left"] < h["none"]
    # the shipped end-terrace adds a gable window: still between mid and detached
    end = archetypes.get("coron-end-terrace").heat_loss().h_total
    assert h["both"] < end < h["none"]
    # the cité semi-detached house against the same house detached, both at 60 m²
    semi = archetypes.get("cite-pavillonnaire-semi", floor_area=60).heat_loss().h_total
    det = archetypes.get("cite-pavillonnaire-semi", floor_area=60, party_walls="none").heat_loss().h_total
    assert semi < det


def test_overrides():
    base = archetypes.get("coron-mid-terrace")
    big = archetypes.get("coron-mid-terrace", floor_area=80)
    assert big.floor_area == pytest.approx(80)
    assert big.heat_loss().h_total > base.heat_loss().h_total
    thick = archetypes.get("coron-mid-terrace", wall_thickness="34 cm")
    assert thick.element("wall_front").u < base.element("wall_front").u
    rot = archetypes.get("coron-mid-terrace", azimuth=90)
    assert rot.element("window_front").azimuth == pytest.approx(90)
    assert rot.element("window_back").azimuth == pytest.approx(270)
    more = archetypes.get("coron-mid-terrace", windows={"front": 6.0})
    assert more.element("window_front").area == pytest.approx(6.0)
    tight = archetypes.get("coron-mid-terrace", n50=3)
    assert tight.heat_loss().h_ve < base.heat_loss().h_ve
    assert archetypes.get("coron-mid-terrace", heritage=True).heritage


def test_bad_overrides():
    with pytest.raises(UnknownNameError, match="coron-mid-terrace"):
        archetypes.get("coron-mid")
    with pytest.raises(InputError, match="colour"):
        archetypes.get("coron-mid-terrace", colour="red")
    with pytest.raises(InputError, match="floor_area"):
        archetypes.get("coron-mid-terrace", floor_area="-20 m^2")
    with pytest.raises(InputError, match="party wall"):
        archetypes.get("coron-mid-terrace", windows={"left": 2.0})


# ------------------------------------------------- variants and uncertainty (issue 17)


def test_partly_renovated_variants_change_windows_attic_and_boiler_only():
    assert len(archetypes.variants()) == 6
    for v in archetypes.variants():
        base = v.removesuffix("-partly-renovated")
        r, b = archetypes.recipe(v), archetypes.recipe(base)
        assert r["window"]["glazing"] == "double_old" and r["top"][0] == {"material": "glass_wool", "thickness": 0.2}
        for key in ("wall", "floor", "geometry", "ventilation", "party_wall"):
            assert r[key] == b[key]
        h = archetypes.get(v)
        assert h.heating.name == "gas-boiler-condensing" and h.dhw.name == "dhw-gas-boiler"
    # the coron's ceiling: 20 cm of glass wool add R = 0.20 / lambda to the old ceiling
    old = archetypes.get("coron-mid-terrace").element("ceiling")
    new = archetypes.get("coron-mid-terrace-partly-renovated").element("ceiling")
    lam = new.construction.layers[0].mat.conductivity
    assert new.construction.insulation_resistance == pytest.approx(0.20 / lam)
    assert old.construction.insulation_resistance == 0.0
    # a partly renovated house is better rated than its archetype
    d = rehab.labels.dpe(archetypes.get("coron-mid-terrace-partly-renovated"), "2026-06-01")
    d0 = rehab.labels.dpe(archetypes.get("coron-mid-terrace"), "2026-06-01")
    assert d.cep < d0.cep and d.label in "DE"


def test_variants_are_accepted_in_a_stock():
    from rehab.stock import Stock

    row = {"id": "V1", "archetype": "castors-detached-partly-renovated"}
    s = Stock.from_records([row], strict=True)
    assert list(s.table["archetype"]) == ["castors-detached-partly-renovated"]
    from rehab.programme import Programme

    t = Programme(s, ["attic-only"]).run(progress=False).table
    base = t[t["scenario"] == "baseline"].iloc[0]
    d = rehab.labels.dpe(archetypes.get("castors-detached-partly-renovated"), "2026-06-01")
    assert base["cep_kwhep_m2"] == pytest.approx(d.cep, rel=1e-6) and base["dpe_class"] == d.label == "E"


def test_archetype_uncertainty_ranges_and_their_distributions():
    rows = archetypes.uncertainty("coron-mid-terrace")
    assert [(r["parameter"], r["low"], r["high"]) for r in rows] == [("n50", 6.0, 13.7), ("lambda_masonry_factor", 0.6, 1.65)]
    assert all(r["source"] for r in rows)
    assert archetypes.uncertainty("coron-mid-terrace-partly-renovated") == rows
    p = archetypes.uncertainty_parameters("coron-mid-terrace")
    # P5-P95 of a lognormal over [6, 13.7] around n50 = 10: sigma = ln(13.7/6) / (2 x 1.6449)
    assert p["n50_factor"]["scale"] == pytest.approx(math.log(13.7 / 6.0) / (2 * 1.6448536269514722))
    assert (p["n50_factor"]["low"], p["n50_factor"]["high"]) == (0.6, 1.37)
    # Castors walls: uniform between the conductivity factors giving U 1.55 and 2.40
    c = archetypes.uncertainty_parameters("castors-detached")["lambda_masonry_factor"]
    e = archetypes.get("castors-detached").heat_loss().elements
    u0 = float((e[e.kind == "wall"].u * e[e.kind == "wall"].area).sum() / e[e.kind == "wall"].area.sum())
    f_hi = (1 / u0 - 0.17) / (1 / 2.4 - 0.17)
    assert c["distribution"] == "uniform" and c["high"] == pytest.approx(f_hi, abs=1e-6)
    assert 1.0 / (0.17 + (1 / u0 - 0.17) / c["high"]) == pytest.approx(2.4, abs=1e-5)
    dist = rehab.uncertainty.parameters(archetypes.uncertainty_parameters("castors-detached"))
    assert dist["lambda_masonry_factor"].distribution == "uniform"
