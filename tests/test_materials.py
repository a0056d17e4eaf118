"""Materials catalogue (rehab.materials)."""

import pytest

from rehab import materials
from rehab.errors import ModelValidationError, UnknownNameError

REQUIRED = [
    "brick_solid_old", "brick_solid_light", "brick_hollow", "concrete_block_hollow", "concrete",
    "screed_cement", "mortar_lime", "plaster_lime", "plaster_gypsum", "plasterboard", "timber_soft",
    "timber_hard", "osb", "tile_clay", "slate", "glass_wool", "mineral_wool", "wood_fibre_flexible",
    "wood_fibre_rigid", "hemp_wool", "hemp_lime", "cellulose", "cork", "straw", "eps", "xps", "pir",
    "calcium_silicate", "aerogel_blanket", "pe_membrane", "smart_vapour_retarder",
]


def test_at_least_forty_materials_each_sourced_and_dated():
    cat = materials.catalogue()
    assert len(cat) >= 40
    for m in cat.values():
        assert m.source and m.date and m.confidence in {"H", "M", "L"}
        assert m.conductivity > 0 and m.density > 0 and m.specific_heat > 0 and m.mu >= 1


@pytest.mark.parametrize("mid", REQUIRED)
def test_required_families_present(mid):
    materials.get(mid)


def test_two_brick_densities_at_least():
    bricks = [m for m in materials.catalogue().values() if m.id.startswith("brick_solid")]
    assert len({m.density for m in bricks}) >= 2


def test_values_from_sources():
    # EDF BuildSysPro SolidBrick (france.md §8): 1.07 W/(m·K), 1850 kg/m³, 920 J/(kg·K)
    b = materials.get("brick_solid_old")
    assert (b.conductivity, b.density, b.specific_heat) == pytest.approx((1.07, 1850, 920))
    # ISO 10456:2007 Table 3 gypsum plasterboard 900 kg/m3: 0.25 W/(m·K)
    assert materials.get("plasterboard").conductivity == pytest.approx(0.25)


def test_unknown_id_suggests_closest():
    with pytest.raises(UnknownNameError) as exc:
        materials.get("glasswool")
    assert "glass_wool" in str(exc.value)
    assert isinstance(exc.value, KeyError)


def test_loader_is_cached():
    assert materials.catalogue() is materials.catalogue()


def test_table_has_metadata():
    df = materials.table()
    assert "conductivity" in df.columns and df.attrs["date"] == "2026-11-28"


def test_user_material_validation():
    m = materials.Material(id="my_wool", conductivity="35 mW/(m*K)", density="20 kg/m^3", specific_heat=1030)
    assert m.conductivity == pytest.approx(0.035)
    with pytest.raises(ModelValidationError, match="conductivity"):
        materials.Material(id="bad", conductivity=-1, density=20, specific_heat=1000)
    with pytest.raises(ModelValidationError, match="colour"):
        materials.Material(id="x", conductivity=1, density=1, specific_heat=1, colour="red")
    with pytest.raises(ModelValidationError, match="density"):
        materials.Material(id="x", conductivity=1, density="3 m", specific_heat=1)
