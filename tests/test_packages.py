"""Preset packages (data/packages/*.json) and user-defined packages."""

import datetime as dt

import pytest

import rehab
from rehab import labels, packages
from rehab.errors import ConstraintError, InputError, UnknownNameError
from rehab.moisture import glaser_check
from rehab.retrofit import InternalWallInsulation, Package, wall_moisture

PRESETS = [
    "attic-only",
    "bbc-renovation",
    "envelope-light",
    "heat-pump-only",
    "heritage",
    "hqe-biosourced",
]


@pytest.fixture(scope="module")
def coron():
    return rehab.archetypes.get("coron-mid-terrace")


def test_names_and_order():
    assert packages.names() == PRESETS
    assert packages.ordered_names() == [
        "attic-only",
        "envelope-light",
        "heat-pump-only",
        "heritage",
        "hqe-biosourced",
        "bbc-renovation",
    ]


@pytest.mark.parametrize("name", PRESETS)
def test_presets_are_dated_sourced_and_documented(name):
    p = packages.get(name)
    assert p.name == name and p.title and p.description
    assert dt.date.fromisoformat(p.date)
    assert p.sources
    assert p.measures
    for m in p.measures:
        assert m.source, f"{name}: measure {m.kind} has no source"
    text = packages.describe(name)
    assert p.title in text and "source:" in text


def test_unknown_package():
    with pytest.raises(UnknownNameError, match="did you mean 'heritage'"):
        packages.get("heritag")
    with pytest.raises(InputError):
        packages.package(42)


def test_user_defined_packages(coron):
    mine = packages.package(
        [{"kind": "roof_insulation", "target_r": 5}, {"kind": "airtightness", "n50": 6}],
        name="cheap",
    )
    assert mine.name == "cheap" and [m.kind for m in mine.measures] == [
        "roof_insulation",
        "airtightness",
    ]
    h = mine.apply(coron)
    assert h.ventilation.n50 == 6
    d = packages.package({"name": "d", "measures": [{"kind": "windows", "u_value": 1.4}]})
    assert d.measures[0].u_value == 1.4
    renamed = packages.package("attic-only", name="first step")
    assert renamed.name == "first step" and renamed.measures == packages.get("attic-only").measures


def test_sequence_without_double_counting(coron):
    """Two internal-insulation measures on the same walls: the second adds to the first; each paid once."""
    a = InternalWallInsulation(material="wood_fibre_rigid", thickness=0.04, finish=None)
    b = InternalWallInsulation(
        material="wood_fibre_flexible", thickness=0.06, finish="plaster_lime", finish_thickness=0.01
    )
    out = Package(name="twice", measures=[a, b]).run(coron, year=2026)
    layers = [ly.material for ly in out.house.element("wall_front").construction.layers]
    assert layers == [
        "brick_solid_old",
        "plaster_lime",
        "wood_fibre_rigid",
        "wood_fibre_flexible",
        "plaster_lime",
    ]
    assert len(out.costs.lines) == 2
    # each measure priced on the house it saw (same wall areas), and the total is their sum
    first = a.cost(coron, 2026).cost_ttc
    second = b.cost(a.apply(coron), 2026).cost_ttc
    assert out.costs.cost_ttc == pytest.approx(first + second)
    # the package's U equals the one-shot construction with both layers
    r_add = 0.04 / 0.044 + 0.06 / 0.038 + 0.01 / 0.8
    r0 = 1 / coron.element("wall_front").u
    assert out.house.element("wall_front").u == pytest.approx(1 / (r0 + r_add))


# ---------------------------------------------------------------- heritage


HERITAGE_VARIANTS = [
    (name, party)
    for name in rehab.archetypes.names()
    for party in ("none", "left", "both")
    if not (name.startswith("coron") and party == "none")
]


@pytest.mark.parametrize(("archetype", "party"), HERITAGE_VARIANTS)
@pytest.mark.parametrize("flag", [True, False])
def test_heritage_never_insulates_the_street_facade_from_outside(archetype, party, flag):
    house = rehab.archetypes.get(archetype, heritage=flag, party_walls=party, azimuth=90)
    new = packages.get("heritage").apply(house)
    walls = [e for e in new.elements if e.kind == "wall" and e.boundary == "exterior"]
    street = [w for w in walls if w.street]
    others = [w for w in walls if not w.street]
    assert street, "every archetype has a street façade"
    for w in street:
        assert w.construction.insulation_side == "internal", w.name  # from inside, never outside
        assert (
            w.construction.layers[0].material
            == house.element(w.name).construction.layers[0].material
        )
    for w in others:
        assert w.construction.insulation_side == "external", w.name


def test_bbc_on_a_heritage_house_is_refused():
    house = rehab.archetypes.get("coron-mid-terrace", heritage=True)
    with pytest.raises(ConstraintError, match="heritage"):
        packages.get("bbc-renovation").apply(house)
    assert packages.get("heritage").apply(house).heritage


# ---------------------------------------------------------------- what the presets achieve


def test_bbc_renovation_reaches_class_a_or_b(coron):
    after = packages.get("bbc-renovation").apply(coron)
    d = labels.dpe(after, "2026-06-01")
    assert d.label in ("A", "B")
    assert d.flags["bbc_renovation_2024"]
    assert d.cep < 110 and d.eges < 11  # class thresholds of B (france.md §1)
    # the package's airtightness is the BBC Rénovation 2024 condition Q4Pa-surf 1.2 m³/(h·m²)
    assert after.ventilation.n50 == pytest.approx(1.2 * 82.5 * 12.5 ** (2 / 3) / 150)


def test_attic_only_changes_only_the_ceiling(coron):
    after = packages.get("attic-only").apply(coron)
    changed = [e.name for e in after.elements if e != coron.element(e.name)]
    assert changed == ["ceiling"]
    assert after.element("ceiling").construction.insulation_resistance == pytest.approx(7.0)


def test_heat_pump_only_leaves_the_envelope(coron):
    after = packages.get("heat-pump-only").apply(coron)
    assert after.elements == coron.elements
    assert after.heating.kind == "heat_pump_air_water" and after.dhw.name == "dhw-thermodynamic"


def test_hqe_biosourced_is_biosourced_and_vapour_safe(coron):
    from rehab.materials import get

    p = packages.get("hqe-biosourced")
    insulations = [m.material for m in p.measures if hasattr(m, "material")]
    assert insulations == ["wood_fibre_flexible", "cellulose", "cork"]
    assert all(get(m).biosourced for m in insulations)
    after = p.apply(coron)
    for cls in (3, 4):
        res = wall_moisture(after, humidity_class=cls)
        assert res and not any(r.flagged for r in res.values())
    # the same insulation without the humidity-variable retarder, behind a lime plaster only, is flagged by Glaser
    wall = after.element("wall_front").construction
    open_wall = wall.model_copy(
        update={
            "layers": [
                ly for ly in wall.layers if getattr(ly, "material", "") != "smart_vapour_retarder"
            ]
        }
    )
    assert glaser_check(open_wall).flagged


def test_presets_never_raise_the_heat_loss(coron):
    h0 = coron.heat_loss().h_total
    for name in PRESETS:
        assert packages.get(name).apply(coron).heat_loss().h_total <= h0 + 1e-9, name
