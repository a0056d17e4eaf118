"""ISO 13370:2017 ground floors, checked by hand."""

import math

import numpy as np
import pytest

from rehab import ground


def test_characteristic_dimension():
    # B' = A/(0.5 P): 10 × 8 detached → 80/(0.5·36)
    assert float(ground.characteristic_dimension(80, 36)) == pytest.approx(80 / 18)


def test_slab_uninsulated_and_insulated_branches():
    lam = 2.0
    b = 80 / 18
    dt = 0.3 + lam * (0.17 + 0.0 + 0.04)  # uninsulated: 0.72 < B'
    u_hand = 2 * lam / (math.pi * b + dt) * math.log(math.pi * b / dt + 1)
    assert float(ground.slab_on_ground_u_value(b, ground.equivalent_thickness(0.3, 0.0))) == pytest.approx(u_hand)
    dt2 = 0.3 + lam * (0.17 + 5.0 + 0.04)  # 5 m²K/W of insulation: d_t > B'
    assert float(ground.slab_on_ground_u_value(b, dt2)) == pytest.approx(lam / (0.457 * b + dt2))


def test_slab_u_falls_with_insulation_and_size():
    b = np.array([2.0, 4.0, 8.0])
    u0 = ground.slab_on_ground_u_value(b, 0.7)
    assert np.all(np.diff(u0) < 0)
    assert np.all(ground.slab_on_ground_u_value(b, 3.0) < u0)


def test_suspended_floor_by_hand():
    # deck U_f = 1.6, B' = 4, w = 0.3, h = 0.3, U_w = 2, ε = 0.003 m²/m, v = 4, f_w = 0.05
    dg = 0.3 + 2.0 * (0.17 + 0.04)
    ug = 2 * 2.0 / (math.pi * 4 + dg) * math.log(math.pi * 4 / dg + 1)
    ux = 2 * 0.3 * 2.0 / 4 + 1450 * 0.003 * 4 * 0.05 / 4
    u_hand = 1 / (1 / 1.6 + 1 / (ug + ux))
    u = ground.suspended_floor_u_value(1.6, 4.0, 0.3, 2.0, 0.3, 0.003)
    assert float(u) == pytest.approx(u_hand)


def test_unheated_basement_by_hand():
    a, p, w, z, h = 60.0, 22.0, 0.3, 2.2, 0.4
    lam = 2.0
    b = a / (0.5 * p)
    dt = w + lam * (0.17 + 0.04)
    ubf = 2 * lam / (math.pi * b + dt + 0.5 * z) * math.log(math.pi * b / (dt + 0.5 * z) + 1)
    dw = lam * (0.13 + 0.25 + 0.04)
    ubw = 2 * lam / (math.pi * z) * (1 + 0.5 * dt / (dt + z)) * math.log(z / dw + 1)
    v = a * (z + h)
    hue = a * ubf + z * p * ubw + h * p * 1.8 + 0.33 * 0.3 * v
    u_hand = 1 / (1 / 2.0 + a / hue)
    u = ground.unheated_basement_u_value(2.0, a, p, w, z, h, 0.25, 1.8)
    assert float(u) == pytest.approx(u_hand)
    # the cellar always shelters the floor: U < deck U_f
    assert float(u) < 2.0
