"""Heated pitched roofs: roof-slope insulation (under the rafters or sarking) and the presets'
attic measure acting on a heated roof when the house has no attic floor."""

from __future__ import annotations

from pathlib import Path

import pytest

import rehab
from rehab import dpe
from rehab.errors import ConstraintError
from rehab.materials import get as material
from rehab.retrofit import Package, RoofInsulation

XML = Path(__file__).resolve().parent / "data" / "dpe" / "xml"


def _roofed(u_roof: float = 0.345, ceiling: bool = False) -> rehab.House:
    els = [
        {"type": "opaque", "kind": "roof", "name": "rampants", "area": 62.0, "u_value": u_roof},
        {"type": "opaque", "kind": "wall", "name": "walls", "area": 80.0, "u_value": 1.5},
    ]
    if ceiling:
        els.append({"type": "opaque", "kind": "ceiling", "name": "attic_floor", "area": 30.0, "u_value": 2.0,
                    "boundary": "unheated", "b": 0.9})
    return rehab.House.from_elements(floor_area=60.0, elements=els, name="roofed")


def test_under_rafter_u_by_hand():
    """EN ISO 6946 §6.7.1: U' = 1/(1/U + d/λ + 0.0125/λ_plasterboard); λ from data/materials."""
    lam, lam_pb = material("glass_wool").conductivity, material("plasterboard").conductivity
    assert (lam, lam_pb) == (0.035, 0.25)
    m = RoofInsulation(position="roof_slopes", material="glass_wool", thickness=0.20)
    u = m.apply(_roofed(2.5)).element("rampants").u
    assert u == pytest.approx(1.0 / (1.0 / 2.5 + 0.20 / 0.035 + 0.0125 / 0.25), rel=1e-12)
    assert round(u, 4) == 0.1622  # 1/(0.4 + 5.7143 + 0.05)


def test_sarking_u_by_hand_and_cost():
    m = RoofInsulation(position="roof_slopes", side="outside", material="wood_fibre_flexible", target_r=6.0)
    u = m.apply(_roofed(2.5)).element("rampants").u
    assert u == pytest.approx(1.0 / (0.4 + 6.0), rel=1e-12)  # no inside finish
    line = m.cost(_roofed(2.5)).lines[0]
    assert (line.item, line.quantity, line.aid_kind) == ("roof_slopes_outside", 62.0, "roof_slopes")
    assert "sarking" in m.describe()


def test_layers_on_a_roof_construction():
    """A roof described by its layers gets the insulation (and plasterboard) inside, or outside;
    its U stays that of EN ISO 6946 with the layers added in series."""
    roof = {"type": "opaque", "kind": "roof", "name": "rampants", "area": 62.0, "tilt": 40.0,
            "construction": {"layers": [{"material": "tile_clay", "thickness": 0.02},
                                        {"material": "timber_soft", "thickness": 0.025},
                                        {"material": "plaster_gypsum", "thickness": 0.015}]}}
    roofed = rehab.House.from_elements(floor_area=60.0, elements=[
        roof, {"type": "opaque", "kind": "wall", "name": "walls", "area": 80.0, "u_value": 1.5}])
    before = [ly.material for ly in roofed.element("rampants").construction.layers]
    inside = RoofInsulation(position="roof_slopes", material="glass_wool", thickness=0.2).apply(roofed)
    assert [ly.material for ly in inside.element("rampants").construction.layers] == [*before, "glass_wool", "plasterboard"]
    outside = RoofInsulation(position="roof_slopes", side="outside", material="glass_wool", thickness=0.2).apply(roofed)
    assert [ly.material for ly in outside.element("rampants").construction.layers] == ["glass_wool", *before]
    u0 = roofed.element("rampants").u
    assert inside.element("rampants").u == pytest.approx(1.0 / (1.0 / u0 + 0.2 / 0.035 + 0.0125 / 0.25), rel=1e-9)
    assert outside.element("rampants").u == pytest.approx(1.0 / (1.0 / u0 + 0.2 / 0.035), rel=1e-9)


def test_attic_measure_on_a_heated_roof_acts_on_the_roof():
    h = _roofed()
    attic = RoofInsulation(material="glass_wool", target_r=7.0)
    acting = attic.for_house(h)
    assert (acting.position, acting.side, acting.material, acting.insulation_thickness) == (
        "roof_slopes", "inside", "glass_wool", pytest.approx(0.245))
    assert attic.apply(h).element("rampants").u == pytest.approx(1.0 / (1.0 / 0.345 + 7.0 + 0.05), rel=1e-12)
    line = attic.cost(h).lines[0]
    assert (line.item, line.quantity, line.aid_kind) == ("roof_slopes_inside", 62.0, "roof_slopes")
    assert attic.area(h) == 62.0
    out = Package(name="p", measures=[attic]).run(h)
    assert out.aid_kinds == ["roof_slopes"]
    assert [m.position for m in out.measures] == ["roof_slopes"]
    assert out.steps[0].startswith("roof slopes insulation glass_wool")


def test_attic_measure_keeps_the_attic_floor_when_there_is_one():
    h = _roofed(ceiling=True)
    attic = RoofInsulation(material="glass_wool", thickness=0.25)
    assert attic.for_house(h) is attic
    after = attic.apply(h)
    assert after.element("rampants").u == 0.345
    assert after.element("attic_floor").u == pytest.approx(1.0 / (0.5 + 0.25 / 0.035), rel=1e-12)
    assert attic.cost(h).lines[0].item == "attic_floor_blown"


def test_no_roof_no_attic_is_still_a_constraint():
    h = rehab.House.from_elements(floor_area=60.0, elements=[
        {"type": "opaque", "kind": "wall", "name": "walls", "area": 80.0, "u_value": 1.5}])
    with pytest.raises(ConstraintError, match="no ceiling under an unheated attic"):
        RoofInsulation(material="glass_wool", thickness=0.25).apply(h)


def test_sarking_needs_roof_slopes():
    with pytest.raises(ValueError, match="side"):
        RoofInsulation(position="attic_floor", side="outside", material="glass_wool", thickness=0.2)


@pytest.fixture(scope="module")
def records():
    return dpe.read_folder(XML)


def test_no_preset_refused_for_lack_of_a_roof_measure_on_the_108(records):
    """Every preset runs on the 19 heated-roof DPE houses (its attic measure insulates the roof)."""
    refused = {}
    heated = 0
    for rec in records:
        if not any(e.kind == "ceiling" for e in rec.house.elements if hasattr(e, "kind")):
            heated += any(getattr(e, "kind", "") == "roof" for e in rec.house.elements)
        for name in rehab.packages.names():
            try:
                rehab.packages.get(name).run(rec.house)
            except ConstraintError as exc:
                refused[(rec.id, name)] = str(exc)
    assert heated == 19
    assert not [r for r in refused.values() if "roof_insulation" in r]
    # the one left: a house without a floor to insulate (floor measures of three presets)
    assert {k[0] for k in refused} <= {"2418E2787827Y"}
