"""Hypothesis invariants of the envelope physics."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rehab import House, archetypes
from rehab.constructions import Construction, Layer
from rehab.materials import ids

MATS = [m for m in ids() if not m.startswith(("soil", "air_"))]
thick = st.floats(min_value=0.001, max_value=0.5)
layer = st.builds(lambda m, t: Layer(material=m, thickness=t), st.sampled_from(MATS), thick)
direction = st.sampled_from(["up", "horizontal", "down"])


@settings(max_examples=60, deadline=None)
@given(st.lists(layer, min_size=1, max_size=5), layer, direction, st.sampled_from(["inside", "outside"]))
def test_adding_a_layer_never_raises_u(layers, extra, d, side):
    c = Construction(layers=layers)
    u0 = c.u_value(d)
    assert u0 > 0
    assert c.with_layer(extra, side).u_value(d) <= u0 + 1e-12


@settings(max_examples=40, deadline=None)
@given(st.floats(1, 200), st.floats(1.01, 3.0), st.floats(0.1, 6.0))
def test_h_rises_with_area(area, factor, u):
    def h(a):
        return House.from_elements(floor_area=50, elements=[{"kind": "wall", "area": a, "u_value": u}]).heat_loss().h_total

    assert h(area * factor) > h(area)


@settings(max_examples=20, deadline=None)
@given(st.floats(0, 359), st.floats(40, 120))
def test_archetype_variants_physically_sane(az, area):
    h = archetypes.get("coron-end-terrace", azimuth=az, floor_area=area)
    hl = h.heat_loss()
    assert hl.h_tr > 0 and hl.h_ve > 0
    assert np.isfinite(hl.h_total)


def test_batch_equals_loop_of_singles():
    from rehab import ground

    b = np.linspace(1, 12, 7)
    dt = np.linspace(0.3, 8, 7)
    batch = ground.slab_on_ground_u_value(b, dt)
    loop = [float(ground.slab_on_ground_u_value(x, y)) for x, y in zip(b, dt, strict=False)]
    np.testing.assert_allclose(batch, loop)
