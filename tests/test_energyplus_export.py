"""House → EnergyPlus: layout, constructions, conductances, IDF, runs and the CLI."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest

from rehab import archetypes
from rehab.constructions import Layer
from rehab.energyplus import idf as ep
from rehab.energyplus.export import (
    INSIDE_SOLAR_ABSORPTANCE,
    house_model,
    simulate,
    to_idf,
    write_epw,
)
from rehab.errors import InputError, MissingExtraError

#: ISO 6946:2017 Table 7 surface resistances [m²·K/W] by surface kind
RSI = {"wall": 0.13, "ceiling": 0.10, "roof": 0.10, "floor": 0.17}
RSE = 0.04


def iso_conductances(model: ep.Model) -> tuple[float, float]:
    """(H_tr, H_ve) [W/K] of the heated zones of ``model`` with ISO 6946 surface resistances.

    Exterior: U = 1/(Rsi + ΣR + Rse); ground: 1/(Rsi + ΣR) (the equivalent
    ground layer is part of ΣR); unheated: b/(2·Rsi + ΣR); windows: their U.
    """
    h_tr = h_ve = 0.0
    for z in model.zones:
        if not z.conditioned:
            continue
        h_ve += z.infiltration_ach * z.volume * 1200.0 / 3600.0
        h_ve += z.ventilation_flow * 1200.0 * (1.0 - z.heat_recovery_effectiveness)
        for s in z.surfaces:
            openings = (*s.windows, *s.doors)
            net = s.area - sum(ep.newell_normal(o.vertices)[1] for o in openings)
            r = s.construction.resistance
            if s.boundary == "outdoors":
                h_tr += net / (RSI[s.kind] + r + RSE)
            elif s.boundary == "ground":
                h_tr += net / (RSI["floor"] + r)
            elif s.boundary == "unheated":
                h_tr += s.b * net / (2 * RSI[s.kind] + r)
            for w in s.windows:
                h_tr += w.construction.u_value * ep.newell_normal(w.vertices)[1]
            for d in s.doors:
                h_tr += ep.newell_normal(d.vertices)[1] / (
                    RSI["wall"] + d.construction.resistance + RSE
                )
    return h_tr, h_ve


@pytest.mark.parametrize("name", archetypes.names())
def test_model_keeps_the_house_heat_loss_coefficients(name):
    # With the attic as a b-factor boundary the exported envelope must carry exactly the
    # house's ISO 13789 H_tr (elements + thermal bridges folded into the walls) and H_ve.
    house = archetypes.get(name)
    model = house_model(house, attic="b", ground_temperature=10.0)
    h_tr, h_ve = iso_conductances(model)
    hl = house.heat_loss()
    assert h_tr == pytest.approx(hl.h_tr, rel=1e-6)
    assert h_ve == pytest.approx(hl.h_ve, rel=1e-6)


def test_single_zone_layout_of_a_mid_terrace_coron():
    house = archetypes.get("coron-mid-terrace")  # 5 m x 6 m, 2 storeys, party walls both sides
    g = house.geometry
    model = house_model(house, ground_temperature=10.0)
    dwelling, attic = model.zones
    assert dwelling.volume == pytest.approx(house.volume)
    assert {s.name: s.boundary for s in dwelling.surfaces} == {
        "Front wall": "outdoors",
        "Right wall": "adiabatic",
        "Back wall": "outdoors",
        "Left wall": "adiabatic",
        "Ground floor": "ground",
        "Ceiling": "zone",
    }
    front = next(s for s in dwelling.surfaces if s.name == "Front wall")
    # street façade faces south (azimuth 180): outward normal -y; full height of two storeys
    np.testing.assert_allclose(front.normal, [0, -1, 0], atol=1e-9)
    assert front.area == pytest.approx(g.width * g.wall_height)
    # one window per storey (3.5 m² / 2) and the door on the ground storey
    areas = [ep.newell_normal(w.vertices)[1] for w in front.windows]
    assert areas == pytest.approx([1.75, 1.75])
    assert ep.newell_normal(front.doors[0].vertices)[1] == pytest.approx(1.8)
    # the attic: volume w·d²·tan(pitch)/4 as in rehab's UnheatedSpace, gables adiabatic (party walls)
    space = house.unheated_spaces[0]
    assert attic.volume == pytest.approx(space.volume)
    assert attic.infiltration_ach == space.air_change_rate
    assert {s.name: s.boundary for s in attic.surfaces if "gable" in s.name} == {
        "Attic gable right": "adiabatic",
        "Attic gable left": "adiabatic",
    }
    assert not attic.conditioned
    # default gains: 3CL conventional (3.18 + 0.34)·60 + 90·(132/168)·Nadeq(60 m²)
    nadeq = 1.75 - 0.01875 * (70 - 60)
    assert dwelling.gains[0].power == pytest.approx(3.52 * 60 + 90 * 132 / 168 * nadeq)
    assert dwelling.gains[0].radiant_fraction == 0.5
    # internal mass: both faces of partitions and intermediate floors
    internal = {e.name: e.area for e in house.elements if getattr(e, "boundary", "") == "internal"}
    assert {m.name: m.area for m in dwelling.internal_masses} == {
        k: pytest.approx(2 * a) for k, a in internal.items()
    }


def test_rotation_follows_the_street_azimuth():
    house = archetypes.get("coron-end-terrace", azimuth=90)  # street façade faces east
    model = house_model(house, ground_temperature=10.0)
    normals = {s.name: s.normal for s in model.zones[0].surfaces if s.kind == "wall"}
    np.testing.assert_allclose(normals["Front wall"], [1, 0, 0], atol=1e-9)
    np.testing.assert_allclose(normals["Back wall"], [-1, 0, 0], atol=1e-9)
    # left of the street façade faces azimuth + 90 = south
    np.testing.assert_allclose(normals["Left wall"], [0, -1, 0], atol=1e-9)


def test_storey_zoning_splits_the_dwelling():
    house = archetypes.get("cite-pavillonnaire-semi")
    model = house_model(house, zoning="storeys", ground_temperature=10.0)
    names = [z.name for z in model.zones]
    assert names == ["Storey 1", "Storey 2", "Attic"]
    s1, s2 = model.zones[:2]
    assert s1.volume + s2.volume == pytest.approx(house.volume)
    floor = next(s for s in s1.surfaces if s.boundary == "zone")
    assert floor.adjacent_zone == "Storey 2"
    assert any(s.boundary == "ground" for s in s1.surfaces)
    assert any(s.adjacent_zone == "Attic" for s in s2.surfaces)
    # the same envelope conductance as the single zone (the interzone floor is internal)
    single = house_model(house, attic="b", ground_temperature=10.0)
    split = house_model(house, zoning="storeys", attic="b", ground_temperature=10.0)
    assert iso_conductances(split)[0] == pytest.approx(iso_conductances(single)[0], rel=1e-9)


def test_layers_and_absorptances_follow_the_house():
    house = archetypes.get("coron-mid-terrace")
    model = house_model(house, attic="b", ground_temperature=10.0)
    front = next(s for s in model.zones[0].surfaces if s.name == "Front wall")
    wall = house.element("wall_front")
    assert len(front.construction.layers) == len(wall.construction.layers)
    assert front.construction.outside_solar_absorptance == wall.solar_absorptance
    assert front.construction.inside_solar_absorptance == INSIDE_SOLAR_ABSORPTANCE
    # thickness and heat capacity kept; only conductivities scale for the bridges
    for a, b in zip(front.construction.layers, wall.construction.layers, strict=True):
        assert a.thickness == pytest.approx(b.thickness)
        assert a.density == pytest.approx(b.mat.density)
    glazing = front.windows[0].construction
    w = house.element("window_front")
    assert glazing.u_value == pytest.approx(w.u)
    assert glazing.shgc == pytest.approx(w.g_value * (1 - w.frame_fraction) * w.shading)


def test_declared_house_becomes_a_shoebox_with_the_same_losses():
    """Each element a surface of its own area, orientation and boundary; U kept exactly."""
    from rehab import House
    from rehab.energyplus.idf import NoMassLayer

    h = House.from_elements(
        floor_area=60,
        thermal_mass="heavy",
        elements=[
            {"type": "opaque", "kind": "wall", "area": 80, "u_value": 2.5},
            {"type": "opaque", "kind": "wall", "area": 20, "u_value": 0.4, "azimuth": 90},
            {"type": "opaque", "kind": "ceiling", "area": 60, "u_value": 0.3, "boundary": "unheated", "b": 0.8},
            {"type": "opaque", "kind": "floor", "area": 60, "u_value": 0.5, "boundary": "ground"},
            {"type": "opaque", "kind": "wall", "area": 30, "u_value": 1.8, "boundary": "adjacent"},
            {"type": "window", "area": 6, "u_value": 2.8, "azimuth": 180, "g_value": 0.6, "frame_fraction": 0.0},
        ],
    )
    m = house_model(h, ground_temperature=10.0)
    z = m.zones[0]
    by = {s.kind: s for s in z.surfaces if s.kind in ("ceiling", "floor")}
    quarters = [s for s in z.surfaces if s.boundary == "outdoors" and s.area == pytest.approx(20.0)]
    assert len(quarters) == 5  # 4 quarters of the unoriented wall and the east wall
    normals = sorted(tuple(round(float(c), 6) + 0.0 for c in s.normal) for s in quarters)
    assert (0.0, -1.0, 0.0) in normals and (1.0, 0.0, 0.0) in normals
    uncut = next(s for s in quarters if s.construction.resistance == pytest.approx(1 / 2.5 - 0.17, rel=1e-6))
    assert uncut.construction.layers[0].density > 0  # the heavy class's masonry
    assert by["ceiling"].boundary == "unheated" and by["ceiling"].b == 0.8
    assert by["floor"].boundary == "ground"
    assert by["floor"].construction.resistance == pytest.approx(1 / 0.5 - 0.17, rel=1e-6)
    assert isinstance(by["floor"].construction.layers[0], NoMassLayer)
    assert next(s for s in z.surfaces if s.boundary == "adiabatic").area == pytest.approx(30.0)
    host = next(s for s in z.surfaces if s.windows)
    w = host.windows[0]
    assert w.construction.shgc == pytest.approx(0.6) and w.construction.u_value == pytest.approx(2.8)
    from rehab.energyplus.idf import newell_normal

    assert newell_normal(w.vertices)[1] == pytest.approx(6.0)
    assert m.solar_distribution == "FullExterior"


def test_bad_options_are_refused():
    house = archetypes.get("coron-mid-terrace")
    with pytest.raises(InputError, match="zoning"):
        house_model(house, zoning="rooms", ground_temperature=10.0)
    with pytest.raises(InputError, match="control"):
        house_model(house, control="radiant", ground_temperature=10.0)
    with pytest.raises(InputError, match="ground_temperature"):
        house_model(house)


def test_write_epw_round_trip(tmp_path):
    from rehab import weather

    w = weather.default()
    path = write_epw(w, tmp_path / "copy.epw")
    back = weather.read_epw(path)
    np.testing.assert_allclose(back.data["temp_air"].to_numpy(), w.data["temp_air"].to_numpy())
    np.testing.assert_allclose(back.data["dni"].to_numpy(), w.data["dni"].to_numpy())
    assert (back.latitude, back.longitude, back.utc_offset) == (
        w.latitude,
        w.longitude,
        w.utc_offset,
    )


# --------------------------------------------------------------------------- with EnergyPlus
@pytest.fixture(scope="module")
def install():
    pytest.importorskip("eppy")
    from rehab.energyplus.locate import find_energyplus

    try:
        return find_energyplus()
    except MissingExtraError:
        pytest.skip("EnergyPlus not installed")


def test_to_idf_writes_a_readable_file(install, tmp_path):
    from rehab import weather
    from rehab.energyplus.locate import eppy_idf_class

    house = archetypes.get("castors-detached")
    path = to_idf(house, tmp_path / "castors.idf", install=install)
    idf = eppy_idf_class(install)(StringIO(path.read_text()))
    assert {z.Name for z in idf.idfobjects["ZONE"]} == {"Dwelling", "Attic"}
    assert len(idf.idfobjects["FENESTRATIONSURFACE:DETAILED"]) == 5  # 4 windows + door (1 storey)
    # under the floor: monthly means of the weather's ground temperature at 1 m (rehab's
    # engines use the same series); their mean is the annual mean air temperature
    ground = idf.idfobjects["SITE:GROUNDTEMPERATURE:BUILDINGSURFACE"][0]
    w = weather.default()
    monthly = w.monthly_mean(w.ground_temperature(1.0))
    months = [f.replace("_Ground_Temperature", "") for f in ground.fieldnames[1:]]
    got = np.array([ground[f"{m}_Ground_Temperature"] for m in months])
    np.testing.assert_allclose(got, monthly, atol=1e-9)
    assert got.mean() == pytest.approx(float(w.temp_air.mean()), abs=0.3)
    site = idf.idfobjects["SITE:LOCATION"][0]
    assert site.Latitude == pytest.approx(50.7969)
    assert idf.idfobjects["INTERNALMASS"]


def _steady_weather(temperature: float = 0.0):
    """The embedded weather made steady: constant air and sky temperature, no sun."""
    from rehab import weather

    w = weather.default()
    d = w.data.copy()
    d["temp_air"] = temperature
    d["temp_dew"] = temperature - 5.0
    d["relative_humidity"] = 69.0
    for c in (
        "ghi",
        "dni",
        "dhi",
        "global_hor_illum",
        "direct_normal_illum",
        "diffuse_horizontal_illum",
    ):
        d[c] = 0.0
    d["ghi_infrared"] = 5.670374419e-8 * (temperature + 273.15) ** 4  # sky at air temperature
    d["wind_speed"] = 4.0
    return weather.Weather(
        data=d,
        name="steady",
        latitude=w.latitude,
        longitude=w.longitude,
        elevation=w.elevation,
        utc_offset=w.utc_offset,
        source="steady test weather",
    )


@pytest.mark.energyplus
def test_steady_state_loss_matches_the_heat_loss_coefficient(install):
    # 0 °C outside and under the floor, no sun, no gains, 19 °C operative inside:
    # EnergyPlus's heating power must equal H·ΔT of the house within 10 % (EnergyPlus
    # computes convection and radiation at the surfaces instead of ISO 6946's fixed
    # Rsi/Rse, and uses the outdoor air density for infiltration).
    houses = [archetypes.get("coron-mid-terrace"), archetypes.get("castors-detached")]
    res = simulate(
        houses,
        _steady_weather(),
        attic="b",
        internal_gains=0.0,
        control="operative",
        exe=install.exe,
    )
    for house, run in zip(houses, res.runs, strict=True):
        power = run.results.heating_hourly_j[-48:].mean() / 3600.0
        expected = house.heat_loss().h_total * 19.0
        assert power == pytest.approx(expected, rel=0.10)
    # air-temperature control with purely convective heating: colder surfaces, less loss
    air = simulate(
        houses[0], _steady_weather(), attic="b", internal_gains=0.0, control="air", exe=install.exe
    )
    assert (
        air.runs[0].results.heating_hourly_j[-48:].mean() / 3600.0
        < 0.9 * houses[0].heat_loss().h_total * 19.0
    )


@pytest.mark.energyplus
def test_simulate_many_and_a_retrofit(install):
    from rehab.house import GroundFloor, Opaque

    base = archetypes.get("coron-mid-terrace")
    # deep retrofit by hand: 14 cm wood fibre outside the walls, 30 cm in the attic,
    # new windows U 1.3 g 0.6, airtightness n50 = 3
    elements = []
    for e in base.elements:
        if isinstance(e, Opaque) and e.kind == "wall" and e.boundary == "exterior":
            e = e.model_copy(
                update={
                    "construction": e.construction.with_layer(
                        Layer(material="wood_fibre_ite", thickness=0.14), "outside"
                    )
                }
            )
        elif isinstance(e, Opaque) and e.kind == "ceiling":
            e = e.model_copy(
                update={
                    "construction": e.construction.with_layer(
                        Layer(material="mineral_wool", thickness=0.30), "outside"
                    )
                }
            )
        elif e.kind == "window":
            e = e.model_copy(
                update={"u_value": 1.3, "g_value": 0.6, "u_glazing": None, "u_frame": None}
            )
        elif isinstance(e, GroundFloor):
            pass
        elements.append(e)
    retrofit = base.model_copy(
        update={
            "name": "coron retrofitted",
            "elements": elements,
            "ventilation": base.ventilation.model_copy(update={"n50": 3.0}),
        }
    )
    res = simulate([base, retrofit], exe=install.exe)
    assert res.heating_need_kwh.shape == (2,)
    assert res.heating_need_monthly_kwh.shape == (2, 12)
    np.testing.assert_allclose(
        res.heating_need_monthly_kwh.sum(axis=1), res.heating_need_kwh, rtol=1e-9
    )
    before, after = res.heating_need_kwh
    # the retrofit removes well over half of the need
    assert after < 0.5 * before
    assert np.all(res.wall_time_s > 0)
    single = simulate(base, exe=install.exe)
    assert isinstance(single.heating_need_kwh, float)
    assert single.heating_need_kwh == pytest.approx(before, rel=1e-9)


@pytest.mark.energyplus
def test_cli_export_and_run(install, tmp_path, capsys):
    import rehab.energyplus.cli  # noqa: F401  (registers the subcommand)
    from rehab.cli import main

    out = tmp_path / "coron.idf"
    assert main(["energyplus", "export", "coron-mid-terrace", str(out), "--zoning", "storeys"]) == 0
    assert out.is_file() and "Storey 2" in out.read_text()
    assert main(["energyplus", "run", "coron-mid-terrace", "--json"]) == 0
    text = capsys.readouterr().out
    rows = __import__("json").loads(text[text.index("[") :])
    assert rows[0]["house"] == "coron-mid-terrace" and rows[0]["heating_need_kwh"] > 0
    assert main(["energyplus", "run", "no-such-house"]) == 2
    assert (
        main(
            [
                "energyplus",
                "export",
                "coron-mid-terrace",
                str(tmp_path / "x.idf"),
                "--weather",
                str(tmp_path / "none.epw"),
            ]
        )
        == 2
    )


def test_house_json_round_trip_exports_the_same_model():
    from rehab import House

    house = archetypes.get("cite-moderne-semi")
    again = House.model_validate_json(house.model_dump_json())
    a = house_model(house, ground_temperature=10.0)
    b = house_model(again, ground_temperature=10.0)
    assert a == b


@pytest.mark.energyplus
def test_simulate_speaks_rehab_simulate(install):
    from rehab.simulation import SimulationResult

    house = archetypes.get("coron-mid-terrace")
    twin = house.model_copy(update={"name": "twin"})
    both = simulate([house, twin], hourly=True, exe=install.exe)
    assert isinstance(both, SimulationResult) and both.method == "energyplus"
    assert both.settings["unique_houses"] == 1  # identical houses run once
    assert both.names == ["coron-mid-terrace", "twin"]
    assert both.heating_need_kwh[0] == both.heating_need_kwh[1]
    assert both.theta_op_c.shape == (2, 8760)
    assert both.heating_need_kwh_per_m2[0] == pytest.approx(both.heating_need_kwh[0] / 60.0)
    # heating is on whenever the operative temperature would drop below 19 °C
    assert both.theta_op_c[0].min() == pytest.approx(19.0, abs=0.05)
    assert both.phi_hc_w[0].max() == pytest.approx(both.peak_heating_w[0])
    assert both.to_frame().loc["twin", "heating_need_kwh"] == pytest.approx(
        both.heating_need_kwh[1]
    )
    # a night set-back at 16 °C lowers the need; a 2.5 kW limit caps the hourly power
    limited = simulate(house, setback=16.0, power_limit=2500.0, exe=install.exe)
    assert limited.heating_need_kwh < both.heating_need_kwh[0]
    assert limited.peak_heating_w <= 2500.0 * 1.001
    assert limited.settings["setback_c"] == 16.0
