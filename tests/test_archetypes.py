"""Archetypes of the coal-basin stock."""

import pytest

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
