"""Retrofit measures: transforms, hand-computed U-values and costs, constraints, rule sets, bridges."""

import datetime as dt
import json

import pytest

import rehab
from rehab import costs, envelope
from rehab.errors import ConstraintError, InputError, ModelValidationError, UnknownNameError
from rehab.retrofit import (
    Airtightness,
    DHWReplacement,
    ExternalWallInsulation,
    FloorInsulation,
    HeatingReplacement,
    InternalWallInsulation,
    Package,
    PVInstallation,
    RoofInsulation,
    VentilationChange,
    WindowReplacement,
    measure,
    n50_from_q4,
    rule_set,
    rule_sets,
    wall_moisture,
)

RSI_H, RSE = 0.13, 0.04
BT = 134.38799829897195 / 109.07  # BT01 2026 (extrapolated) / 2018, rehab.costs.bt01
WALL_AREA = 20.95 + 23.25  # coron mid-terrace: front and back walls [m²]


@pytest.fixture(scope="module")
def coron():
    return rehab.archetypes.get("coron-mid-terrace")


@pytest.fixture(scope="module")
def heritage_coron():
    return rehab.archetypes.get("coron-mid-terrace", heritage=True)


def r_wall():
    """Brick 22 cm (λ 1.07) and lime plaster 15 mm (λ 0.8)."""
    return 0.22 / 1.07 + 0.015 / 0.8


# ---------------------------------------------------------------- walls


def test_external_insulation_u_value_by_hand(coron):
    new = ExternalWallInsulation(material="mineral_wool_ext", thickness=0.14).apply(coron)
    w = new.element("wall_front")
    assert [ly.material for ly in w.construction.layers] == [
        "mortar_cement",
        "mineral_wool_ext",
        "brick_solid_old",
        "plaster_lime",
    ]
    r = RSE + 0.01 / 1.0 + 0.14 / 0.036 + r_wall() + RSI_H
    assert w.u == pytest.approx(1 / r)
    assert coron.element("wall_front").u == pytest.approx(
        1 / (RSE + r_wall() + RSI_H)
    )  # original untouched
    assert w.construction.insulation_side == "external"


def test_target_r_sets_the_thickness(coron):
    m = ExternalWallInsulation(material="mineral_wool_ext", target_r=4.0)
    assert m.insulation_thickness == pytest.approx(4.0 * 0.036)
    assert m.insulation_resistance == pytest.approx(4.0)
    with pytest.raises(ModelValidationError, match="either thickness"):
        ExternalWallInsulation(thickness=0.1, target_r=3.0)
    with pytest.raises(ModelValidationError, match="either thickness"):
        InternalWallInsulation()
    with pytest.raises(
        ModelValidationError, match="unknown material 'glass_wol'; did you mean 'glass_wool'"
    ):
        InternalWallInsulation(material="glass_wol", thickness=0.1)


def test_heritage_forbids_the_street_facade_from_outside(heritage_coron):
    with pytest.raises(
        ConstraintError, match=r"heritage.*wall_front.*may not be insulated from outside"
    ):
        ExternalWallInsulation(thickness=0.14).apply(heritage_coron)
    with pytest.raises(ConstraintError):
        ExternalWallInsulation(thickness=0.14, sides=["front"]).apply(heritage_coron)
    back = ExternalWallInsulation(thickness=0.14, where="not_street").apply(heritage_coron)
    assert back.element("wall_back").construction.insulation_side == "external"
    assert back.element("wall_front").construction.insulation_side == "none"
    # a non-heritage house may be insulated from outside everywhere
    free = ExternalWallInsulation(thickness=0.14).apply(rehab.archetypes.get("coron-mid-terrace"))
    assert free.element("wall_front").construction.insulation_side == "external"


def test_internal_insulation_layers_and_u(coron):
    m = InternalWallInsulation(material="glass_wool", thickness=0.10, membrane="pe_membrane")
    w = m.apply(coron).element("wall_back")
    assert [ly.material for ly in w.construction.layers][-3:] == [
        "glass_wool",
        "pe_membrane",
        "plasterboard",
    ]
    r = RSE + r_wall() + 0.10 / 0.035 + 0.0002 / 0.33 + 0.0125 / 0.25 + RSI_H
    assert w.u == pytest.approx(1 / r)
    assert w.construction.insulation_side == "internal"


def test_wall_selection(coron):
    street = InternalWallInsulation(thickness=0.1, where="street").apply(coron)
    assert street.element("wall_front").construction.insulation_side == "internal"
    assert street.element("wall_back").construction.insulation_side == "none"
    named = InternalWallInsulation(thickness=0.1, elements=["wall_back"])
    assert [w.name for w in named.walls(coron)] == ["wall_back"]
    with pytest.raises(InputError, match="not exterior walls"):
        InternalWallInsulation(thickness=0.1, elements=["party_left"]).walls(coron)


def test_two_wall_measures_stack_and_are_paid_once_each(coron):
    p = Package(
        name="both",
        measures=[
            ExternalWallInsulation(thickness=0.10),
            InternalWallInsulation(
                material="wood_fibre_rigid",
                thickness=0.04,
                finish="plaster_lime",
                finish_thickness=0.01,
            ),
        ],
    )
    out = p.run(coron, year=2026)
    layers = [ly.material for ly in out.house.element("wall_front").construction.layers]
    assert layers == [
        "mortar_cement",
        "mineral_wool_ext",
        "brick_solid_old",
        "plaster_lime",
        "wood_fibre_rigid",
        "plaster_lime",
    ]
    assert out.house.element("wall_front").construction.insulation_side == "both"
    assert [ln.item for ln in out.costs.lines] == ["ite_wall", "iti_wall_wood_fibre"]
    assert [ln.quantity for ln in out.costs.lines] == [pytest.approx(WALL_AREA)] * 2
    # ITE 108 EUR HT/m² at 14 cm, -0.8 EUR/m²/cm at 10 cm; ITI wood fibre 95 at 10 cm, -1.5/cm at 4 cm
    ite = WALL_AREA * (108 - 0.8 * 4) * BT
    iti = WALL_AREA * (95 - 1.5 * 6) * BT
    assert out.costs.lines[0].cost_ht == pytest.approx(ite, rel=1e-9)
    assert out.costs.lines[1].cost_ht == pytest.approx(iti, rel=1e-9)
    assert out.costs.cost_ttc == pytest.approx((ite + iti) * 1.055, rel=1e-9)


def test_thermal_bridges_follow_the_insulation_side(coron):
    """House.bridge_psi takes the ψ of the walls' insulation side (data/bridges/psi_defaults.csv, 3CL p.35-37)."""

    def psi(h):
        return {tb.junction: h.bridge_psi(tb) for tb in h.thermal_bridges}

    before = psi(coron)
    assert (
        before["party_wall"] == 0.365  # 3CL §3.4.4 refend/mur 0.73, halved between two dwellings
        and before["window_reveal"] == 0.31
        and before["intermediate_floor_timber"] == 0.05
    )
    ite = ExternalWallInsulation(thickness=0.14).apply(coron)
    iti = InternalWallInsulation(thickness=0.10).apply(coron)
    assert ite.wall_insulation == "external" and iti.wall_insulation == "internal"
    assert psi(ite)["party_wall"] == 0.065  # 3CL §3.4.4 ITE 0.13, halved
    assert psi(iti)["party_wall"] == 0.41  # 3CL §3.4.4 ITI 0.82, halved
    assert psi(iti)["intermediate_floor_timber"] == 0.15  # joist ends interrupt ITI
    assert psi(ite)["window_reveal"] == 0.05 and psi(iti)["window_reveal"] == 0.10
    h_br = sum(tb.length * ite.bridge_psi(tb) for tb in ite.thermal_bridges)
    assert ite.heat_loss().h_bridges == pytest.approx(h_br)
    # the coron's timber ceiling has no eaves bridge (3CL §3.4.3 counts heavy top floors only)
    assert "eaves" not in before
    attic = RoofInsulation(target_r=7).apply(coron)
    assert "eaves" not in psi(attic)
    # a heavy top floor has one, and insulating the ceiling changes it (0.30 -> 0.40, 3CL §3.4.3)
    from rehab.boxhouse import house_from_box
    from rehab.constructions import Construction
    from rehab.geometry import BoxGeometry

    slab = Construction(layers=[{"material": "concrete_reinforced", "thickness": 0.15}])
    wall = Construction(layers=[{"material": "brick_solid_old", "thickness": 0.22}])
    g = BoxGeometry(width=5, depth=6, storeys=1, storey_height=2.5, roof="attic", foundation="slab")
    heavy = house_from_box(g, wall=wall, party_wall=wall, top=slab, floor=slab, window={"u_value": 2.8},
                           windows={}, ventilation={"system": "window"})
    assert psi(heavy)["eaves"] == 0.30
    assert psi(RoofInsulation(target_r=7).apply(heavy))["eaves"] == 0.40


# ---------------------------------------------------------------- roof, floor


def test_attic_floor_u_by_hand(coron):
    new = RoofInsulation(position="attic_floor", material="glass_wool", target_r=7.0).apply(coron)
    c = new.element("ceiling")
    assert c.construction.layers[0].material == "glass_wool"  # on the attic side (outside)
    r_air = float(envelope.air_layer_resistance(0.15, "up"))
    r = (
        0.10 + 7.0 + 0.022 / 0.13 + r_air + 0.02 / 0.8 + 0.10
    )  # Rsi up on both faces (attic is unheated)
    assert c.u == pytest.approx(1 / r)


def test_roof_slopes_of_an_unheated_attic(coron):
    m = RoofInsulation(
        position="roof_slopes",
        material="wood_fibre_flexible",
        thickness=0.20,
        attic_air_change_rate=3,
    )
    new = m.apply(coron)
    a0, a1 = coron.unheated_spaces[0], new.unheated_spaces[0]
    assert a1.exterior_u == pytest.approx(1 / (1 / 6.0 + 0.20 / 0.038))
    assert a1.air_change_rate == 3
    assert new.b_factor(new.element("ceiling")) < coron.b_factor(coron.element("ceiling"))
    assert m.area(coron) == pytest.approx(a0.exterior_area)
    assert m.cost(coron).lines[0].item == "roof_slopes_inside"


def test_floor_on_slab_and_under_deck():
    slab = rehab.archetypes.get("coron-mid-terrace")
    m = FloorInsulation(material="xps", thickness=0.08)
    assert m.resolved_position(slab) == "on_slab"
    new = m.apply(slab).element("ground_floor")
    assert [ly.material for ly in new.construction.layers][-2:] == ["xps", "screed_cement"]
    assert m.cost(slab).lines[0].item == "floor_under_screed"
    with pytest.raises(ConstraintError, match="slab on ground"):
        FloorInsulation(material="xps", thickness=0.08, position="underside").apply(slab)
    cellar = rehab.archetypes.get("castors-detached")
    m2 = FloorInsulation(material="mineral_wool", thickness=0.10)
    assert m2.resolved_position(cellar) == "underside"
    deck = m2.apply(cellar).element("ground_floor")
    assert deck.construction.layers[0].material == "mineral_wool"
    # deck U with Rsi 0.17 on both faces
    r0 = cellar.element("ground_floor").construction.total_resistance("down", rse=0.17)
    assert deck.deck_u == pytest.approx(1 / (r0 + 0.10 / 0.040))
    assert deck.u < cellar.element("ground_floor").u
    assert m2.cost(cellar).lines[0].item == "floor_underside"


# ---------------------------------------------------------------- windows, air, systems


def test_windows_and_doors(coron):
    m = WindowReplacement(u_value=1.3, g_value=0.6, glazing="double", frame="pvc", door_u=1.5)
    new = m.apply(coron)
    for name in ("window_front", "window_back"):
        w = new.element(name)
        assert (w.u, w.g_value, w.glazing) == (1.3, 0.6, "double")
    assert new.element("door_front").u == 1.5
    lines = m.cost(coron, 2026).lines
    assert [ln.item for ln in lines] == ["windows_double_pvc", "door_insulated"]
    assert lines[0].quantity == pytest.approx(6.5)
    assert lines[0].cost_ttc == pytest.approx(6.5 * 541 * BT * 1.055)  # JRBBC 541 EUR HT/m² (2018)
    assert lines[1].quantity == 1
    assert lines[0].lifetime_years == 30
    assert WindowReplacement(glazing="triple").main_cost_id == "windows_triple"
    assert WindowReplacement(frame="wood").main_cost_id == "windows_double_wood"


def test_airtightness_from_q4(coron):
    # A_Tbat = walls 44.2 + windows 6.5 + door 1.8 + ceiling 30 = 82.5 m²; V = 150 m³
    assert Airtightness.loss_area(coron) == pytest.approx(82.5)
    assert n50_from_q4(1.2, 82.5, 150.0) == pytest.approx(1.2 * 82.5 * 12.5 ** (2 / 3) / 150)
    m = Airtightness(q4pa_surf=1.2)
    assert m.apply(coron).ventilation.n50 == pytest.approx(n50_from_q4(1.2, 82.5, 150.0))
    line = m.cost(coron, 2026).lines[0]
    # 600 EUR fixed (two blower-door tests) + 12 EUR/m² of floor, 2023 prices
    assert line.cost_ht == pytest.approx((600 + 12 * 60) * costs.index_factor(2023, 2026))
    tight = Airtightness(n50=3.0).apply(coron)
    assert Airtightness(n50=5.0).apply(tight) is tight  # already tighter: nothing done
    assert Airtightness(n50=5.0).cost(tight).cost_ttc == 0.0


def test_ventilation_change(coron):
    bal = VentilationChange(system="balanced", heat_recovery=0.85).apply(coron)
    assert bal.ventilation.system == "balanced" and bal.ventilation.heat_recovery == 0.85
    # H_vent = 1200/3600 x 60 m³/h x (1 - 0.85)
    assert bal.heat_loss().h_ventilation == pytest.approx(1200 / 3600 * 60 * 0.15)
    hyg = VentilationChange(system="extract_hygro").apply(coron)
    assert hyg.ventilation.heat_recovery == 0.0
    assert VentilationChange().cost(coron).lines[0].item == "vmc_hygro_b"
    assert VentilationChange(system="balanced").main_cost_id == "vmc_double_flux"


def test_heating_and_dhw(coron):
    hp = HeatingReplacement(system="heat-pump-air-water")
    new = hp.apply(coron)
    assert new.heating.name == "heat-pump-air-water" and new.heating.carrier == "electricity"
    line, per_kw = hp.cost(coron, 2024).lines
    # sized on the coron's design heat load: 293.4 W/K x 29.5 K = 8.65 kW; 3,300 + 1,070 EUR/kW TTC
    assert line.item == "heat_pump_air_water" and line.cost_ttc == pytest.approx(3300.0)
    assert per_kw.item == "heat_pump_air_water_power" and per_kw.unit == "kW"
    assert per_kw.quantity == pytest.approx(coron.heat_loss().h_total * 29.5 / 1000.0)
    assert per_kw.cost_ttc == pytest.approx(1070.0 * per_kw.quantity)
    assert hp.lifetime_years == 17
    with pytest.raises(ModelValidationError, match="cost_id"):
        HeatingReplacement(system="direct-electric")
    assert (
        HeatingReplacement(system="direct-electric", cost_id="electric_water_heater").resolved.kind
        == "direct_electric"
    )
    d = DHWReplacement(system="dhw-thermodynamic")
    assert d.apply(coron).dhw.name == "dhw-thermodynamic"
    assert d.cost(coron, 2023).lines[0].cost_ttc == pytest.approx(3000.0)
    assert DHWReplacement(system="dhw-gas-boiler").cost(coron).lines == ()


def test_pv_measure_keeps_the_house(coron):
    m = PVInstallation(kwp=3)
    assert m.apply(coron) is coron
    assert m.orientation(coron) == (180.0, 40.0)  # south-facing slope, roof pitch 40°
    north = rehab.archetypes.get("coron-mid-terrace", azimuth=0)
    assert m.orientation(north) == (180.0, 40.0)  # the back slope faces south
    line = m.cost(coron, 2025).lines[0]
    # 2,500 EUR HT/kWp at 5.5 % VAT (up to 9 kWp since 1 Oct 2025)
    assert line.quantity == 3 and line.cost_ttc == pytest.approx(3 * 2500 * 1.055)


# ---------------------------------------------------------------- rule sets


def test_rule_sets_are_dated_and_sourced():
    assert rule_sets() == ["france", "loos-en-gohelle"]
    for name in rule_sets():
        rs = rule_set(name)
        assert dt.date.fromisoformat(rs.date) and rs.source
        for r in rs.rules:
            assert r.source and r.valid_from


def test_loos_forbids_direct_electric_heating(coron):
    m = HeatingReplacement(system="direct-electric", cost_id="electric_water_heater")
    p = Package(name="joule", measures=[m])
    with pytest.raises(ConstraintError, match="rule loos-en-gohelle/no-direct-electric-heating"):
        p.run(coron, rules=["loos-en-gohelle"], date="2026-06-01")
    # since 2000 (mining-houses.md): not before
    assert (
        p.run(coron, rules=["loos-en-gohelle"], date="1999-12-31", year=2026).house.heating.kind
        == "direct_electric"
    )
    # the national rules alone do not forbid it; heat pumps pass the Loos rule
    assert p.run(coron, rules=["france"], date="2026-06-01").house.heating.kind == "direct_electric"
    ok = Package(name="hp", measures=[HeatingReplacement()]).run(
        coron, rules=["loos-en-gohelle", "france"], date="2026-06-01"
    )
    assert ok.house.heating.kind == "heat_pump_air_water"


def test_france_forbids_new_fuel_oil_from_july_2022(coron):
    # décret 2022-8: below 300 gCO2e/kWh PCI from 2022-07-01 (fuel oil 324 g)
    p = Package(
        name="oil",
        measures=[HeatingReplacement(system="fuel-oil-boiler", cost_id="gas_boiler_condensing")],
    )
    assert p.run(coron, rules=["france"], date="2022-06-30").house.heating.carrier == "fuel_oil"
    with pytest.raises(
        ConstraintError, match="rule france/max-300-gco2-per-kwh: carrier 'fuel_oil'"
    ):
        p.run(coron, rules=["france"], date="2022-07-01")


def test_user_rule_set(coron):
    rs = {
        "name": "no-wood",
        "title": "test",
        "date": "2026-01-01",
        "source": "test",
        "rules": [
            {
                "id": "r1",
                "description": "no wood",
                "applies_to": "heating",
                "forbid_carriers": ["wood_pellets"],
                "valid_from": "2020-01-01",
                "source": "test",
            }
        ],
    }
    p = Package(name="w", measures=[HeatingReplacement(system="wood-pellet-boiler")])
    with pytest.raises(ConstraintError, match="rule no-wood/r1"):
        p.run(coron, rules=[rs], date="2026-01-01")
    with pytest.raises(UnknownNameError):
        rule_set("lens")


# ---------------------------------------------------------------- packages, serialisation, moisture


def test_measures_round_trip_json(coron):
    p = Package(
        name="all",
        measures=[
            ExternalWallInsulation(thickness=0.1, where="not_street"),
            InternalWallInsulation(
                material="hemp_lime",
                thickness=0.1,
                finish="plaster_lime",
                finish_thickness=0.015,
                where="street",
            ),
            RoofInsulation(target_r=7),
            FloorInsulation(thickness=0.08),
            WindowReplacement(door_u=1.5),
            Airtightness(n50=4),
            VentilationChange(),
            HeatingReplacement(),
            DHWReplacement(),
            PVInstallation(kwp=2),
        ],
    )
    again = Package.model_validate_json(p.model_dump_json())
    assert again == p
    assert json.loads(p.model_dump_json())["measures"][1]["kind"] == "internal_wall_insulation"
    a, b = p.apply(coron), again.apply(coron)
    assert a.heat_loss().h_total == pytest.approx(b.heat_loss().h_total)
    out = p.run(coron)
    assert len(out.steps) == 10 and len(out.pv) == 1
    assert {
        "wall_external",
        "wall_internal",
        "attic_floor",
        "floor",
        "windows",
        "door",
        "pv",
    } <= set(out.aid_kinds)


def test_measure_factory():
    assert measure({"kind": "airtightness", "n50": 3}).n50 == 3
    with pytest.raises(UnknownNameError, match="roof_insulation"):
        measure({"kind": "roof"})
    with pytest.raises(InputError):
        measure("attic")


def test_package_notes_a_boiler_dhw_left_behind(coron):
    out = Package(name="hp", measures=[HeatingReplacement()]).run(coron)
    assert out.notes and "add a DHW measure" in out.notes[0]
    out2 = Package(name="hp", measures=[HeatingReplacement(), DHWReplacement()]).run(coron)
    assert out2.notes == []


def test_wall_moisture_of_internal_insulation(coron):
    bad = InternalWallInsulation(material="glass_wool", thickness=0.10).apply(coron)
    res = wall_moisture(bad)
    assert sorted(res) == ["wall_back", "wall_front"]
    assert res["wall_front"].flagged and res["wall_front"].max_accumulation_kg_m2 == pytest.approx(
        5.0, abs=0.05
    )
    good = InternalWallInsulation(
        material="wood_fibre_flexible",
        thickness=0.12,
        membrane="smart_vapour_retarder",
        finish="plaster_clay",
        finish_thickness=0.015,
    ).apply(coron)
    assert not any(r.flagged for r in wall_moisture(good).values())
    assert wall_moisture(ExternalWallInsulation(thickness=0.1).apply(coron)) == {}
