"""The neutral building description, its checks, and the IDF built from it (no run)."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest

from rehab.energyplus.bestest import bestest_model
from rehab.energyplus.idf import (
    Construction,
    Gain,
    GasGap,
    GlazingPane,
    Model,
    NoMassLayer,
    OpaqueLayer,
    Surface,
    Window,
    WindowConstruction,
    Zone,
    build_idf,
    expand_schedule,
    horizontal_vertices,
    newell_normal,
    read_epw_location,
    wall_vertices,
    window_vertices,
    write_idf,
)
from rehab.errors import InputError, MissingExtraError, UnknownNameError, WeatherFileError

PLAN = [(0.0, 0.0), (8.0, 0.0), (8.0, 6.0), (0.0, 6.0)]
BRICK = OpaqueLayer("Brick", 0.22, 0.84, 1800.0, 840.0)
PLASTER = OpaqueLayer("Plaster", 0.015, 0.5, 1300.0, 1000.0)
WALL = Construction("Brick wall", (BRICK, PLASTER))
SLAB = Construction(
    "Slab", (NoMassLayer("Ground", 1.5), OpaqueLayer("Screed", 0.05, 1.4, 2000.0, 1000.0))
)
ROOF = Construction("Roof", (OpaqueLayer("Wool", 0.2, 0.04, 30.0, 1030.0), PLASTER))
GLAZING = WindowConstruction("Double", u_value=2.8, shgc=0.6)


@pytest.fixture(scope="module")
def eppy_idf():
    """eppy's IDF class with the IDD of the EnergyPlus found (skip without it)."""
    pytest.importorskip("eppy")
    from rehab.energyplus.locate import eppy_idf_class, find_energyplus

    try:
        install = find_energyplus()
    except MissingExtraError:
        pytest.skip("EnergyPlus not installed")
    return eppy_idf_class(install)


def parse(eppy_idf, text):
    return eppy_idf(StringIO(text))


def box(**zone_kwargs) -> Zone:
    south = wall_vertices(PLAN[0], PLAN[1], 0.0, 2.7)
    surfaces = (
        Surface(
            "S",
            "wall",
            WALL,
            south,
            windows=(Window("Win", GLAZING, window_vertices(south, 2, 1.5, 0.8, 1)),),
        ),
        Surface("E", "wall", WALL, wall_vertices(PLAN[1], PLAN[2], 0.0, 2.7)),
        Surface("N", "wall", WALL, wall_vertices(PLAN[2], PLAN[3], 0.0, 2.7), boundary="adiabatic"),
        Surface("W", "wall", WALL, wall_vertices(PLAN[3], PLAN[0], 0.0, 2.7)),
        Surface("Top", "roof", ROOF, horizontal_vertices(PLAN, 2.7, "up")),
        Surface("Bottom", "floor", SLAB, horizontal_vertices(PLAN, 0.0, "down"), boundary="ground"),
    )
    return Zone("Box", surfaces, **zone_kwargs)


# ----------------------------------------------------------------------------- geometry
def test_walls_of_a_counter_clockwise_footprint_face_outwards():
    # south, east, north, west walls of the 8 m x 6 m plan
    expected = [(0, -1, 0), (1, 0, 0), (0, 1, 0), (-1, 0, 0)]
    for k, normal in enumerate(expected):
        n, area = newell_normal(wall_vertices(PLAN[k], PLAN[(k + 1) % 4], 0.0, 2.7))
        np.testing.assert_allclose(n, normal, atol=1e-12)
        # 8 m x 2.7 m = 21.6 m2 for south/north, 6 m x 2.7 m = 16.2 m2 for east/west
        assert area == pytest.approx(21.6 if k % 2 == 0 else 16.2)


def test_floor_faces_down_and_roof_up():
    n_floor, a_floor = newell_normal(horizontal_vertices(PLAN, 0.0, "down"))
    n_roof, a_roof = newell_normal(horizontal_vertices(PLAN, 2.7, "up"))
    np.testing.assert_allclose(n_floor, [0, 0, -1])
    np.testing.assert_allclose(n_roof, [0, 0, 1])
    assert a_floor == a_roof == pytest.approx(48.0)  # 8 x 6
    with pytest.raises(InputError, match="counter-clockwise seen from above"):
        horizontal_vertices(PLAN[::-1], 0.0, "down")


def test_window_vertices_match_the_bestest_south_windows():
    south = wall_vertices((0, 0), (8, 0), 0.0, 2.7)
    # Standard 140: 3 m x 2 m windows, sill 0.2 m, 0.5 m from the west edge / 4.5 m
    assert window_vertices(south, 3, 2, 0.2, 4.5) == (
        (4.5, 0.0, 2.2),
        (4.5, 0.0, 0.2),
        (7.5, 0.0, 0.2),
        (7.5, 0.0, 2.2),
    )
    east = wall_vertices((8, 0), (8, 6), 0.0, 2.7)
    w = window_vertices(east, 1.0, 1.0, 1.0, 2.0)
    n, area = newell_normal(w)
    np.testing.assert_allclose(n, [1, 0, 0], atol=1e-12)
    assert area == pytest.approx(1.0)
    assert w[1] == (8.0, 2.0, 1.0)  # lower left seen from outside: 2 m north of the SE corner


def test_window_that_does_not_fit_is_refused():
    south = wall_vertices((0, 0), (8, 0), 0.0, 2.7)
    with pytest.raises(InputError, match="does not fit"):
        window_vertices(south, 3, 2, 0.8, 0.5)  # 0.8 + 2 > 2.7


# ----------------------------------------------------------------------------- checks
def test_upside_down_floor_is_refused():
    with pytest.raises(InputError, match="floor's outward normal must point down"):
        Surface("F", "floor", SLAB, horizontal_vertices(PLAN, 0.0, "up"), boundary="ground")


def test_zone_listed_inside_out_is_refused():
    good = box().surfaces
    flipped = []
    for s in good:
        kind = {"floor": "roof", "roof": "floor"}.get(s.kind, s.kind)
        flipped.append(Surface(s.name, kind, s.construction, s.vertices[::-1]))
    with pytest.raises(InputError, match="negative volume"):
        Zone("Inside out", tuple(flipped))


def test_window_outside_its_wall_plane_is_refused():
    south = wall_vertices((0, 0), (8, 0), 0.0, 2.7)
    east_window = window_vertices(wall_vertices((8, 0), (8, 6), 0, 2.7), 1, 1, 1, 1)
    with pytest.raises(InputError, match="plane"):
        Surface("S", "wall", WALL, south, windows=(Window("W", GLAZING, east_window),))


def test_window_constructions_are_either_simple_or_layered():
    pane = GlazingPane("g", 0.003, 0.83, 0.075, 0.075, 0.9, 0.08, 0.08)
    with pytest.raises(InputError, match="either u_value and shgc, or layers"):
        WindowConstruction("both", u_value=2.0, shgc=0.5, layers=(pane,))
    with pytest.raises(InputError, match="either"):
        WindowConstruction("none")
    with pytest.raises(InputError, match="alternate"):
        WindowConstruction("two panes touching", layers=(pane, pane))
    with pytest.raises(InputError, match="above 7"):
        WindowConstruction("hole", u_value=8.0, shgc=0.8)
    ok = WindowConstruction("ok", layers=(pane, GasGap("air", 0.012), pane))
    assert len(ok.layers) == 3


def test_construction_resistance_is_the_sum_of_layers():
    # 0.22 / 0.84 + 0.015 / 0.5 = 0.261905 + 0.03
    assert WALL.resistance == pytest.approx(0.22 / 0.84 + 0.015 / 0.5)
    assert SLAB.resistance == pytest.approx(1.5 + 0.05 / 1.4)
    with pytest.raises(InputError, match="thickness"):
        OpaqueLayer("bad", 0.0, 1.0, 1.0, 1.0)


def test_ground_surface_needs_a_ground_temperature():
    with pytest.raises(InputError, match="ground_temperature"):
        Model("m", (box(),))
    m = Model("m", (box(),), ground_temperature=[5, 5, 6, 8, 11, 13, 15, 16, 14, 12, 9, 6])
    assert m._ground[7] == 16.0


def test_heating_setpoint_above_cooling_is_refused():
    with pytest.raises(InputError, match="above cooling set-point"):
        Model(
            "m", (box(heating_setpoint=[20.0] * 24, cooling_setpoint=19.0),), ground_temperature=10
        )


def test_interzone_surface_must_name_an_existing_zone():
    s = Surface(
        "C",
        "ceiling",
        ROOF,
        horizontal_vertices(PLAN, 2.7, "up"),
        boundary="zone",
        adjacent_zone="Attic",
    )
    z = Zone("Z", (s,))
    with pytest.raises(InputError, match="not a zone of the model"):
        Model("m", (z,))


def test_heat_recovery_needs_a_conditioned_zone():
    with pytest.raises(InputError, match="heat recovery"):
        box(ventilation_flow=0.02, heat_recovery_effectiveness=0.8)


def test_expand_schedule_shapes_and_week_alignment():
    assert expand_schedule(19.0).shape == (8760,)
    day = np.r_[np.full(7, 16.0), np.full(16, 19.0), [16.0]]
    year = expand_schedule(day)
    assert year[24 + 7] == 19.0 and year[24 + 6] == 16.0
    week = np.r_[np.zeros(24 * 5), np.ones(24 * 2)]  # Monday..Friday 0, weekend 1
    assert expand_schedule(week, "Saturday")[:48].tolist() == [1.0] * 48
    assert expand_schedule(week, "Monday")[:24].tolist() == [0.0] * 24
    with pytest.raises(InputError, match="24, 168"):
        Gain("g", 100, 0.5, schedule=[1.0] * 12)


def test_epw_location_line(tmp_path):
    epw = tmp_path / "x.epw"
    epw.write_text("LOCATION,Uccle,VLG,BEL,SRC-TMYx,064470,50.79690,4.35810,1.0,101.0\n")
    loc = read_epw_location(epw)
    assert loc == {
        "name": "Uccle VLG BEL",
        "latitude": 50.7969,
        "longitude": 4.3581,
        "time_zone": 1.0,
        "elevation": 101.0,
    }
    epw.write_text("DESIGN CONDITIONS,1\n")
    with pytest.raises(WeatherFileError, match="line 1"):
        read_epw_location(epw)


def test_unknown_bestest_case_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match="600"):
        bestest_model("610")


# ----------------------------------------------------------------------------- IDF
def test_bestest_600_idf_content(eppy_idf):
    text = build_idf(bestest_model("600")).text
    idf = parse(eppy_idf, text)
    assert idf.idfobjects["VERSION"][0].Version_Identifier == "25.2"
    rules = idf.idfobjects["GLOBALGEOMETRYRULES"][0]
    assert (
        rules.Starting_Vertex_Position,
        rules.Vertex_Entry_Direction,
        rules.Coordinate_System,
    ) == (
        "UpperLeftCorner",
        "Counterclockwise",
        "World",
    )
    (zone,) = idf.idfobjects["ZONE"]
    assert zone.Volume == pytest.approx(129.6)
    surfaces = {s.Name: s for s in idf.idfobjects["BUILDINGSURFACE:DETAILED"]}
    assert len(surfaces) == 6
    assert surfaces["Floor"].Outside_Boundary_Condition == "Ground"
    assert surfaces["Roof"].Sun_Exposure == "SunExposed"
    windows = idf.idfobjects["FENESTRATIONSURFACE:DETAILED"]
    assert sorted(w.Building_Surface_Name for w in windows) == ["South wall", "South wall"]
    ground = idf.idfobjects["SITE:GROUNDTEMPERATURE:BUILDINGSURFACE"][0]
    assert ground.July_Ground_Temperature == 10
    # layers outside -> inside, absorptances on the faces
    wall = next(c for c in idf.idfobjects["CONSTRUCTION"] if c.Name == "Light wall")
    assert [wall.Outside_Layer, wall.Layer_2, wall.Layer_3] == [
        "Light wall | 1 Wood siding",
        "Light wall | 2 Fibreglass quilt",
        "Light wall | 3 Plasterboard",
    ]
    mats = {m.Name: m for m in idf.idfobjects["MATERIAL"]}
    assert mats["Light wall | 1 Wood siding"].Solar_Absorptance == 0.6
    assert mats["Light wall | 2 Fibreglass quilt"].Thickness == 0.066
    nomass = idf.idfobjects["MATERIAL:NOMASS"][0]
    assert nomass.Thermal_Resistance == 25.075
    glass = idf.idfobjects["WINDOWMATERIAL:GLAZING"]
    assert {g.Thickness for g in glass} == {0.003048}
    gain = idf.idfobjects["OTHEREQUIPMENT"][0]
    assert (gain.Design_Level, gain.Fraction_Radiant) == (200, 0.6)
    infil = idf.idfobjects["ZONEINFILTRATION:DESIGNFLOWRATE"][0]
    assert infil.Air_Changes_per_Hour == 0.5
    dual = idf.idfobjects["THERMOSTATSETPOINT:DUALSETPOINT"][0]
    consts = {s.Name: s.Hourly_Value for s in idf.idfobjects["SCHEDULE:CONSTANT"]}
    assert consts[dual.Heating_Setpoint_Temperature_Schedule_Name] == 20
    assert consts[dual.Cooling_Setpoint_Temperature_Schedule_Name] == 27
    names = {o.Variable_Name for o in idf.idfobjects["OUTPUT:VARIABLE"]}
    assert "Zone Ideal Loads Supply Air Sensible Heating Energy" in names
    assert idf.idfobjects["OUTPUT:SQLITE"]


def test_free_float_case_has_no_hvac(eppy_idf):
    idf = parse(eppy_idf, build_idf(bestest_model("900FF")).text)
    assert not idf.idfobjects["ZONEHVAC:IDEALLOADSAIRSYSTEM"]
    assert not idf.idfobjects["ZONECONTROL:THERMOSTAT"]


def test_site_location_comes_from_the_weather_file(eppy_idf, tmp_path):
    epw = tmp_path / "x.epw"
    epw.write_text("LOCATION,Lens,HDF,FRA,test,070000,50.43,2.83,1.0,40.0\n")
    idf = parse(eppy_idf, build_idf(bestest_model("600"), epw).text)
    site = idf.idfobjects["SITE:LOCATION"][0]
    assert (site.Latitude, site.Longitude, site.Time_Zone, site.Elevation) == (50.43, 2.83, 1, 40)


def test_interzone_ceiling_gets_a_mirror_with_reversed_layers(eppy_idf):
    living = box()
    attic_plan = horizontal_vertices(PLAN, 2.7, "up")
    ceiling = Surface(
        "Ceiling", "ceiling", ROOF, attic_plan, boundary="zone", adjacent_zone="Attic"
    )
    living = Zone(
        "Living", (*[s for s in living.surfaces if s.name != "Top"], ceiling), heating_setpoint=19.0
    )
    attic = Zone(
        "Attic",
        (
            Surface("Pitch S", "roof", ROOF, ((0, 3, 4.7), (0, 0, 2.7), (8, 0, 2.7), (8, 3, 4.7))),
            Surface("Pitch N", "roof", ROOF, ((8, 3, 4.7), (8, 6, 2.7), (0, 6, 2.7), (0, 3, 4.7))),
            Surface("Gable E", "wall", WALL, ((8, 0, 2.7), (8, 6, 2.7), (8, 3, 4.7))),
            Surface("Gable W", "wall", WALL, ((0, 6, 2.7), (0, 0, 2.7), (0, 3, 4.7))),
        ),
        infiltration_ach=3.0,
    )
    idf = parse(
        eppy_idf, build_idf(Model("two zones", (living, attic), ground_temperature=10)).text
    )
    surfaces = {s.Name: s for s in idf.idfobjects["BUILDINGSURFACE:DETAILED"]}
    mirror = surfaces["Ceiling (mirror)"]
    assert mirror.Zone_Name == "Attic" and mirror.Surface_Type == "Floor"
    assert mirror.Outside_Boundary_Condition == "Surface"
    assert mirror.Outside_Boundary_Condition_Object == "Ceiling"
    assert surfaces["Ceiling"].Outside_Boundary_Condition_Object == "Ceiling (mirror)"
    first = (surfaces["Ceiling"].Vertex_1_Xcoordinate, surfaces["Ceiling"].Vertex_1_Ycoordinate)
    last = (mirror.Vertex_4_Xcoordinate, mirror.Vertex_4_Ycoordinate)
    assert first == last
    cons = {c.Name: c for c in idf.idfobjects["CONSTRUCTION"]}
    fwd, rev = cons["Roof"], cons["Roof (reversed)"]
    assert (rev.Outside_Layer, rev.Layer_2) == (fwd.Layer_2, fwd.Outside_Layer)
    # the attic is free-floating: one ideal loads system, for the living zone
    assert [s.Name for s in idf.idfobjects["ZONEHVAC:IDEALLOADSAIRSYSTEM"]] == [
        "Living Ideal Loads"
    ]


def test_schedules_compact_file_and_ventilation(eppy_idf, tmp_path):
    day = [16.0] * 7 + [19.0] * 16 + [16.0]
    hourly = np.full(8760, 20.0)
    zone = box(
        heating_setpoint=day,
        cooling_setpoint=hourly + 6.0,
        gains=(Gain("People", 250.0, 0.5, schedule=[0.5] * 8 + [1.0] * 16),),
        ventilation_flow=0.03,
        heat_recovery_effectiveness=0.75,
    )
    built = build_idf(Model("m", (zone,), ground_temperature=10))
    idf = parse(eppy_idf, built.text)
    compact = {s.Name: s for s in idf.idfobjects["SCHEDULE:COMPACT"]}
    heat = compact["Box Heating Setpoint"]
    fields = [f for f in heat.obj[3:] if f != ""]
    assert fields == [
        "Through: 12/31",
        "For: AllDays",
        "Until: 07:00",
        "16",
        "Until: 23:00",
        "19",
        "Until: 24:00",
        "16",
    ]
    (sfile,) = idf.idfobjects["SCHEDULE:FILE"]
    assert sfile.File_Name in built.files
    assert built.files[sfile.File_Name].splitlines()[1] == "26"
    ideal = idf.idfobjects["ZONEHVAC:IDEALLOADSAIRSYSTEM"][0]
    assert ideal.Heat_Recovery_Type == "Sensible"
    assert ideal.Sensible_Heat_Recovery_Effectiveness == 0.75
    oa = idf.idfobjects["DESIGNSPECIFICATION:OUTDOORAIR"][0]
    assert oa.Outdoor_Air_Flow_per_Zone == 0.03
    path = write_idf(Model("m", (zone,), ground_temperature=10), tmp_path / "out" / "m.idf")
    assert path.is_file() and (path.parent / sfile.File_Name).is_file()


def test_a_window_cannot_share_a_surface_name():
    south = wall_vertices((0, 0), (8, 0), 0.0, 2.7)
    s = Surface(
        "S",
        "wall",
        WALL,
        south,
        windows=(Window("S", GLAZING, window_vertices(south, 1, 1, 1, 1)),),
    )
    with pytest.raises(InputError, match=r"name 'S' is used twice among surface, window"):
        Model("m", (Zone("Z", (s,)),))


def test_same_name_for_two_constructions_is_refused(eppy_idf):
    other = Construction("Brick wall", (BRICK,))
    zone = box()
    surfaces = list(zone.surfaces)
    surfaces[1] = Surface("E", "wall", other, surfaces[1].vertices)
    with pytest.raises(InputError, match="two different constructions are named 'Brick wall'"):
        build_idf(Model("m", (Zone("Box", tuple(surfaces)),), ground_temperature=10))
