"""3CL conventional U tables and GV (rehab.threecl_envelope; 3CL-DPE 2021 annex 1 §3-4)."""

import pytest

import rehab
from rehab import labels, threecl_envelope
from rehab.constructions import Construction
from rehab.errors import InputError


def wall(material, thickness, *extra):
    return Construction(layers=[{"material": material, "thickness": thickness}, *extra])


@pytest.mark.parametrize(
    "material,thickness,u",
    [
        ("brick_solid_old", 0.22, 2.5),  # nearest tabulated 23 cm (§3.2.1.2)
        ("brick_solid_old", 0.34, 2.0),
        ("brick_solid_old", 0.45, 1.65),
        ("clinker_block", 0.25, 2.4),  # béton de mâchefer 25 cm
        ("concrete_block_hollow", 0.20, 2.8),  # blocs de béton creux <= 20 cm
        ("concrete_block_hollow", 0.30, 2.3),  # >= 25 cm
        ("brick_hollow", 0.20, 2.0),
    ],
)
def test_umur0_from_the_tables(material, thickness, u):
    assert threecl_envelope.wall_u(wall(material, thickness)) == u


def test_insulated_wall_adds_the_insulation_resistance():
    c = wall("brick_solid_old", 0.34, {"material": "glass_wool", "thickness": 0.12})
    r = 0.12 / c.layers[1].mat.conductivity
    assert threecl_envelope.wall_u(c) == pytest.approx(1.0 / (1.0 / 2.0 + r))


def test_ground_ue_table_points_and_interpolation():
    # table points (§3.2.2.1): slab Usp 3.4 at 2S/P 6 -> 0.54; cellar Upb 3.33 at 2S/P 10 -> 0.33
    assert threecl_envelope.ground_ue(3.4, 6, "slab") == 0.54
    assert threecl_envelope.ground_ue(3.33, 10, "cellar") == 0.33
    # halfway between Usp 3.4 (0.54) and 1.5 (0.43) at 2S/P 6: linear in Upb
    assert threecl_envelope.ground_ue(2.45, 6, "slab") == pytest.approx((0.54 + 0.43) / 2)
    # 2S/P 11 between rows 10 (0.39) and 12 (0.35) for Usp 3.4
    assert threecl_envelope.ground_ue(3.4, 11, "slab") == pytest.approx(0.37)
    # an uninsulated heavy floor (Upb0 2.0) lies between the 3.4 and 1.5 columns
    assert 0.43 < threecl_envelope.ground_ue(2.0, 6, "slab") < 0.54


def test_coron_conventional_gv_by_hand():
    h = rehab.archetypes.get("coron-mid-terrace")
    c = threecl_envelope.conventional_gv(h)
    e = c.elements.set_index("name")
    # walls 23 cm solid brick 2.5, windows 5.4, door 3.5, ceiling 1.45 x b, slab Ue
    assert e.loc["wall_front", "u_3cl"] == 2.5 and e.loc["window_front", "u_3cl"] == 5.4
    assert e.loc["door_front", "u_3cl"] == 3.5 and e.loc["ceiling", "u_3cl"] == 1.45
    # slab 5 x 6 m between two party walls: P = 10 m (front and back), 2S/P = 6
    assert e.loc["ground_floor", "u_3cl"] == threecl_envelope.ground_ue(2.0, 6.0, "slab")
    hl = h.heat_loss()
    by_hand = (e["b"] * e["area"] * e["u_3cl"]).sum() + hl.h_bridges
    assert c.h_tr == pytest.approx(by_hand)
    # conventional n50: Q4Pa_conv 2.5 (before 1948, single glazing) x 82.5 m² / (0.08^(2/3) x 150 m³)
    env = 20.95 + 3.5 + 1.8 + 23.25 + 3.0 + 30.0
    assert c.n50 == pytest.approx(2.5 * env / (0.08 ** (2 / 3) * 150.0))
    # window airing (balanced, 3CL Qvasouf = Qvarep): q = V n50 e, e = 0.07; Hvent 0.34 x 1.2 x Sh
    assert c.h_ve == pytest.approx((150.0 * c.n50 * 0.07 + 1.2 * 60.0) * 1200 / 3600)


def test_dpe_method_3cl_defaults_uses_the_conventional_gv():
    h = rehab.archetypes.get("castors-detached")
    p = labels.dpe(h, "2026-06-01")
    c = labels.dpe(h, "2026-06-01", method="3cl-defaults")
    assert c.details["method"] == "3cl-defaults" and p.details["method"] == "physical"
    assert c.details["gv_w_per_k"] == pytest.approx(c.details["conventional"].gv)
    assert c.details["gv_w_per_k"] != pytest.approx(p.details["gv_w_per_k"])
    # the Castors wall of clinker blocks: 1.55 physical, 2.40 in the 3CL table
    e = c.details["conventional"].elements
    assert e[e.kind == "wall"]["u_3cl"].unique().tolist() == [2.4]
    with pytest.raises(InputError, match="method"):
        labels.dpe(h, "2026-06-01", method="tabula")
