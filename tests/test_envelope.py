"""Envelope physics: hand calculations with the arithmetic written out."""

import numpy as np
import pytest

from rehab import envelope
from rehab.constructions import AirLayer, Bridge, Construction, Layer, ResistanceLayer
from rehab.materials import get


def test_surface_resistances_iso6946_table7():
    assert envelope.surface_resistances("up") == (0.10, 0.04)
    assert envelope.surface_resistances("horizontal") == (0.13, 0.04)
    assert envelope.surface_resistances("down") == (0.17, 0.04)


def test_brick_wall_22cm_lime_plaster_hand_calculation():
    """Issue figure: U of 22 cm solid brick + 15 mm lime plaster."""
    lam_brick = get("brick_solid_old").conductivity  # 1.07
    lam_plaster = get("plaster_lime").conductivity  # 0.80
    # R_T = Rsi + d1/λ1 + d2/λ2 + Rse = 0.13 + 0.22/1.07 + 0.015/0.80 + 0.04
    r_hand = 0.13 + 0.22 / lam_brick + 0.015 / lam_plaster + 0.04
    u_hand = 1.0 / r_hand  # = 2.5357
    wall = Construction(layers=[Layer(material="brick_solid_old", thickness="22 cm"),
                                Layer(material="plaster_lime", thickness="15 mm")])
    assert wall.u_value("horizontal") == pytest.approx(u_hand, rel=1e-3)
    assert u_hand == pytest.approx(2.5357, abs=1e-4)
    # 3CL table band for 23 cm solid brick (Open3CL tv.js Umur0 = 2.5; band 2.0–2.6)
    assert 2.0 <= wall.u_value("horizontal") <= 2.6


@pytest.mark.parametrize(
    "d_mm, direction, table",
    # ISO 6946:2017 Table 8, unventilated air layers, high-emissivity surfaces
    [(5, "horizontal", 0.11), (10, "horizontal", 0.15), (25, "horizontal", 0.18), (100, "horizontal", 0.18),
     (25, "up", 0.16), (300, "up", 0.16), (50, "down", 0.21), (100, "down", 0.22), (300, "down", 0.23)],
)
def test_air_layer_matches_iso6946_table8(d_mm, direction, table):
    assert float(envelope.air_layer_resistance(d_mm / 1000, direction)) == pytest.approx(table, abs=0.006)


def test_low_emissivity_air_layer_resists_more():
    assert envelope.air_layer_resistance(0.025, "horizontal", 0.05, 0.9) > 3 * envelope.air_layer_resistance(
        0.025, "horizontal"
    )


def test_well_ventilated_layer_drops_outer_layers():
    # tiles + well-ventilated cavity + 200 mm wool + plasterboard: R_T = 0.10 + 0.2/0.035 + 0.0125/0.25 + 0.10
    c = Construction(layers=[Layer(material="tile_clay", thickness=0.015), AirLayer(thickness=0.04, ventilation="well"),
                             Layer(material="glass_wool", thickness=0.2), Layer(material="plasterboard", thickness=0.0125)])
    assert c.total_resistance("up") == pytest.approx(0.10 + 0.2 / 0.035 + 0.0125 / 0.25 + 0.10)


def test_joists_upper_lower_limit_by_hand():
    # 200 mm glass wool between softwood joists (10 %), plasterboard, heat flow up, towards an attic (Rse = Rsi)
    c = Construction(layers=[Layer(material="glass_wool", thickness=0.2, bridge=Bridge(material="timber_soft", fraction=0.1)),
                             Layer(material="plasterboard", thickness=0.0125)])
    rw, rj, rp = 0.2 / 0.035, 0.2 / 0.13, 0.0125 / 0.25
    upper = 1 / (0.9 / (0.1 + rw + rp + 0.1) + 0.1 / (0.1 + rj + rp + 0.1))
    lower = 0.1 + 1 / (0.9 / rw + 0.1 / rj) + rp + 0.1
    assert c.total_resistance("up", rse=0.10) == pytest.approx((upper + lower) / 2)
    # the bridged construction loses more than the unbridged one
    plain = Construction(layers=[Layer(material="glass_wool", thickness=0.2), Layer(material="plasterboard", thickness=0.0125)])
    assert c.u_value("up") > plain.u_value("up")


def test_resistance_layer_bestest_floor():
    # BESTEST 600 floor: R = 25.075 + timber 0.025/0.14, heat flow down
    c = Construction(layers=[ResistanceLayer(resistance=25.075), Layer(material=get("timber_soft").model_copy(update={"conductivity": 0.14}), thickness=0.025)])
    assert c.total_resistance("down") == pytest.approx(0.17 + 25.075 + 0.025 / 0.14 + 0.04)


def test_areal_heat_capacity_ten_centimetre_rule():
    # brick 22 + plaster 1.5 (inside): 0.015·1600·1000 + 0.085·1850·920
    wall = Construction(layers=[Layer(material="brick_solid_old", thickness=0.22), Layer(material="plaster_lime", thickness=0.015)])
    assert wall.areal_heat_capacity("inside") == pytest.approx(0.015 * 1600 * 1000 + 0.085 * 1850 * 920)
    # internal insulation hides the mass: plasterboard + 100 mm wool + brick → only the plasterboard counts
    iti = wall.with_layer(Layer(material="glass_wool", thickness=0.1), "inside").with_layer(
        Layer(material="plasterboard", thickness=0.0125), "inside")
    assert iti.areal_heat_capacity("inside") == pytest.approx(0.0125 * 900 * 1000)
    # half-thickness limit for a thin partition: 2 × 5 cm of a 10 cm brick partition
    part = Construction(layers=[Layer(material="brick_solid_old", thickness=0.10)])
    assert part.areal_heat_capacity("inside") == pytest.approx(0.05 * 1850 * 920)


def test_window_iso10077_by_hand():
    # U_w = (A_g U_g + A_f U_f + l_g ψ_g)/A_w for 1.2 × 1.2 m, frame 0.36 m²
    ag, af, lg = 1.08, 0.36, 4 * 1.0392
    uw_hand = (ag * 1.1 + af * 1.3 + lg * 0.06) / 1.44
    assert float(envelope.window_u_value(1.1, 1.3, 0.25, 0.06, lg / 1.44)) == pytest.approx(uw_hand)


def test_b_factor_by_hand():
    # ISO 13789 b = H_ue/(H_iu + H_ue): 100/(50 + 100)
    assert float(envelope.adjustment_factor_b(50.0, 100.0)) == pytest.approx(2 / 3)


def test_insulation_side_detection():
    brick = [Layer(material="brick_solid_old", thickness=0.22)]
    wool = Layer(material="wood_fibre_rigid", thickness=0.1)
    assert Construction(layers=brick).insulation_side == "none"
    assert Construction(layers=[*brick, wool]).insulation_side == "internal"
    assert Construction(layers=[wool, *brick]).insulation_side == "external"
    assert Construction(layers=[wool, *brick, wool]).insulation_side == "both"
    assert Construction(layers=[wool, Layer(material="osb", thickness=0.012)]).insulation_side == "distributed"


def test_vectorised_functions_batch_equals_loop():
    d = np.array([0.1, 0.2, 0.3])
    lam = np.array([0.035, 0.04, 1.07])
    batch = envelope.layer_resistance(d, lam)
    loop = [float(envelope.layer_resistance(a, b)) for a, b in zip(d, lam, strict=False)]
    np.testing.assert_allclose(batch, loop)
    rt = envelope.opaque_total_resistance(d[:, None], lam[:, None], "horizontal")
    np.testing.assert_allclose(rt, 0.17 + d / lam)
