"""The House model: declared and geometry routes, heat loss, bridges, JSON."""

import json

import pytest

from rehab import House, archetypes
from rehab.constructions import Construction, Layer
from rehab.errors import ModelValidationError, RehabError, UnknownNameError
from rehab.house import GroundFloor, Opaque, ThermalBridge, UnheatedSpace, Window, default_psi


def declared():
    return House.from_elements(
        floor_area="60 m^2",
        elements=[
            {"kind": "wall", "area": 50, "u_value": 2.5, "azimuth": 180},
            {"type": "window", "area": 8, "u_value": "4.9 W/(m^2*K)", "azimuth": 180},
            {"kind": "ceiling", "area": 30, "u_value": 2.0, "boundary": "unheated", "b": 0.9},
            {"kind": "floor", "area": 30, "u_value": 0.5, "boundary": "ground"},
        ],
        thermal_bridges=10.0,
        ventilation={"h_ventilation": 40, "h_infiltration": 30},
    )


def test_declared_route_heat_loss_by_hand():
    hl = declared().heat_loss()
    # Σ b·U·A = 50·2.5 + 8·4.9 + 0.9·2.0·30 + 0.5·30 = 125 + 39.2 + 54 + 15; + 10 bridges
    assert hl.h_tr == pytest.approx(243.2)
    assert hl.h_ve == pytest.approx(70.0)
    assert hl.h_total == pytest.approx(313.2)
    assert hl.by_kind["window"] == pytest.approx(39.2)
    assert hl.h_per_floor_area == pytest.approx(313.2 / 60)
    assert "total" in hl.table().index


def test_b_computed_from_unheated_space():
    h = House.from_elements(
        floor_area=50,
        elements=[{"kind": "ceiling", "area": 50, "u_value": 2.0, "boundary": "unheated", "unheated_space": "attic"},
                  {"kind": "wall", "area": 40, "u_value": 2.0}],
        unheated_spaces=[UnheatedSpace(name="attic", kind="attic", exterior_area=60, exterior_u=5.0, volume=40, air_change_rate=3)],
    )
    # H_iu = 100, H_ue = 300 + 1200·3·40/3600 = 340 → b = 340/440
    assert h.b_factor(h.element("opaque_1")) == pytest.approx(340 / 440)


def test_ground_floor_from_construction_uses_iso13370():
    slab = Construction(layers=[Layer(material="concrete_medium", thickness=0.1)])
    gf = GroundFloor(area=54, exposed_perimeter=12, construction=slab, wall_thickness=0.25)
    # B' = 9, R_f = 0.1/1.35, d_t = 0.25 + 2(0.17 + R_f + 0.04)
    import math
    dt = 0.25 + 2 * (0.17 + 0.1 / 1.35 + 0.04)
    u = 4 / (math.pi * 9 + dt) * math.log(math.pi * 9 / dt + 1)
    assert gf.u == pytest.approx(u)


def test_bridges_change_with_insulation_side():
    base = archetypes.get("coron-mid-terrace")
    wall = base.element("wall_front").construction
    for side, expected in (("inside", "internal"), ("outside", "external")):
        ins = wall.with_layer(Layer(material="wood_fibre_rigid", thickness=0.1), side)
        new = base.copy_with(elements=[e.copy_with(construction=ins) if e.name.startswith("wall_") else e for e in base.elements])
        assert new.wall_insulation == expected
        psi = {b.junction: new.bridge_psi(b) for b in new.thermal_bridges}
        assert psi["party_wall"] == pytest.approx(default_psi("party_wall", expected))
    assert default_psi("intermediate_floor_heavy", "internal") > default_psi("intermediate_floor_heavy", "external")


def test_json_round_trip_and_schema():
    h = archetypes.get("cite-pavillonnaire-semi")
    text = h.model_dump_json()
    back = House.model_validate_json(text)
    assert back.heat_loss().h_total == pytest.approx(h.heat_loss().h_total)
    assert back == h
    schema = House.model_json_schema()
    assert "elements" in schema["properties"]
    json.dumps(schema)


@pytest.mark.parametrize(
    "model, kwargs, field",
    [
        (Layer, {"material": "brick_solid_old", "thickness": -0.1}, "thickness"),
        (Layer, {"material": "unobtainium", "thickness": 0.1}, "material"),
        (Layer, {"material": "brick_solid_old", "thickness": "10 kg"}, "thickness"),
        (Layer, {"material": "brick_solid_old", "thickness": 0.1, "colour": "red"}, "colour"),
        (Construction, {"layers": []}, "layers"),
        (Opaque, {"area": 10}, "u_value"),
        (Opaque, {"area": "-3 m^2", "u_value": 1}, "area"),
        (Opaque, {"area": 10, "u_value": "1 W/K"}, "u_value"),
        (Window, {"area": 2}, "u_value"),
        (Window, {"area": 2, "u_value": 2, "g_value": 1.5}, "g_value"),
        (GroundFloor, {"area": 50, "exposed_perimeter": 0, "u_value": 0.5}, "exposed_perimeter"),
        (ThermalBridge, {"junction": "mystery", "length": 3}, "junction"),
        (UnheatedSpace, {"name": "attic"}, "b"),
        (House, {"floor_area": 50, "volume": 120, "elements": []}, "elements"),
        (House, {"floor_area": 50, "volume": "120 m", "elements": [{"area": 1, "u_value": 1}]}, "volume"),
    ],
)
def test_every_model_rejects_bad_input_naming_field(model, kwargs, field):
    with pytest.raises(ModelValidationError) as exc:
        model(**kwargs)
    assert field in str(exc.value)
    assert isinstance(exc.value, ValueError) and isinstance(exc.value, RehabError)


def test_unit_named_in_error():
    with pytest.raises(ModelValidationError) as exc:
        Opaque(area=10, u_value="1 W/K")
    assert "W/(m**2*K)" in str(exc.value) and "1 W/K" in str(exc.value)


def test_unknown_unheated_space_reference():
    with pytest.raises(ModelValidationError, match="unheated space 'loft'"):
        House.from_elements(floor_area=50, elements=[{"kind": "ceiling", "area": 50, "u_value": 2, "boundary": "unheated", "unheated_space": "loft"}])


def test_models_are_immutable_and_copy_with_validates():
    h = declared()
    with pytest.raises(ModelValidationError):
        h.floor_area = 10
    with pytest.raises(ModelValidationError, match="floor_area"):
        h.copy_with(floor_area=-1)
    assert h.copy_with(floor_area=70).floor_area == 70


def test_element_lookup_suggests():
    with pytest.raises(UnknownNameError, match="wall_front"):
        archetypes.get("coron-mid-terrace").element("wall_frnt")


def test_thermal_mass_classes_and_computed():
    h = declared()
    assert h.copy_with(thermal_mass="heavy").thermal_mass_parameters() == pytest.approx((260_000 * 60, 3.0 * 60))
    cm, am = archetypes.get("coron-mid-terrace").thermal_mass_parameters()
    assert cm / 60 > 200_000  # solid brick with brick partitions: heavy
    assert am <= archetypes.get("coron-mid-terrace").internal_surface_area()
