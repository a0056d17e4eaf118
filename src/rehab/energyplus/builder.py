"""IDF text from a :class:`rehab.energyplus.idf.Model` through eppy, for the
EnergyPlus version found on the machine, and its side files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .geometry import Vec3
from .locate import EnergyPlusInstall, eppy_idf_class, find_energyplus
from .model import (
    _DAYS,
    _MONTHS,
    OUTPUT_VARIABLES,
    UNHEATED_FILM,
    Construction,
    Door,
    GlazingPane,
    Model,
    OpaqueLayer,
    ScheduleLike,
    Window,
    WindowConstruction,
    Zone,
    read_epw_location,
)


# --------------------------------------------------------------------------- builder
@dataclass(frozen=True)
class IdfText:
    """An IDF ready to run: its text and the side files it refers to.

    Attributes
    ----------
    text : str
        The IDF.
    files : dict of str to str
        Side files (``Schedule:File`` CSVs) by file name; they must sit beside
        the IDF (the runner copies them into the run directory).
    version : str
        EnergyPlus version the IDF is written for (``"25.2"``).
    """

    text: str
    files: dict[str, str]
    version: str

    def write(self, path: str | Path) -> Path:
        """Write the IDF to ``path`` and its side files beside it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text, encoding="utf-8")
        for name, content in self.files.items():
            (path.parent / name).write_text(content, encoding="utf-8")
        return path


class _Builder:
    def __init__(
        self, model: Model, epw: str | Path | Mapping[str, Any] | None, install: EnergyPlusInstall
    ) -> None:
        self.model = model
        self.epw = epw
        self.install = install
        IDF = eppy_idf_class(install)
        self.idf = IDF(StringIO(""))
        self.files: dict[str, str] = {}
        self.constructions: dict[str, Any] = {}
        self.material_names: dict[str, list[str]] = {}
        self.other_sides: set[str] = set()
        self.schedules: dict[tuple, str] = {}
        self.always_on = ""

    def add(self, key: str, **fields: Any) -> Any:
        return self.idf.newidfobject(key.upper(), **fields)

    # ---- settings
    def settings(self) -> None:
        m = self.model
        self.add("Version", Version_Identifier=self.install.idf_version)
        self.add(
            "SimulationControl",
            Do_Zone_Sizing_Calculation="No",
            Do_System_Sizing_Calculation="No",
            Do_Plant_Sizing_Calculation="No",
            Run_Simulation_for_Sizing_Periods="No",
            Run_Simulation_for_Weather_File_Run_Periods="Yes",
        )
        self.add(
            "Building",
            Name=m.name,
            North_Axis=m.north_axis,
            Terrain=m.terrain,
            Solar_Distribution=m.solar_distribution,
            Maximum_Number_of_Warmup_Days=25,
            Minimum_Number_of_Warmup_Days=m.min_warmup_days,
        )
        self.add("Timestep", Number_of_Timesteps_per_Hour=m.timestep)
        self.add("SurfaceConvectionAlgorithm:Inside", Algorithm=m.inside_convection)
        self.add("SurfaceConvectionAlgorithm:Outside", Algorithm=m.outside_convection)
        self.add(
            "ShadowCalculation",
            Shading_Calculation_Method="PolygonClipping",
            Shading_Calculation_Update_Frequency_Method="Periodic",
            Shading_Calculation_Update_Frequency=m.shadow_update_days,
        )
        self.add(
            "RunPeriod",
            Name="Year",
            Begin_Month=1,
            Begin_Day_of_Month=1,
            End_Month=12,
            End_Day_of_Month=31,
            Day_of_Week_for_Start_Day=m.start_day_of_week,
            Use_Weather_File_Holidays_and_Special_Days="No",
            Use_Weather_File_Daylight_Saving_Period="No",
            Apply_Weekend_Holiday_Rule="No",
            Use_Weather_File_Rain_Indicators="Yes",
            Use_Weather_File_Snow_Indicators="Yes",
        )
        self.add(
            "GlobalGeometryRules",
            Starting_Vertex_Position="UpperLeftCorner",
            Vertex_Entry_Direction="Counterclockwise",
            Coordinate_System="World",
        )
        if self.epw is not None:
            loc = dict(self.epw) if isinstance(self.epw, Mapping) else read_epw_location(self.epw)
            self.add(
                "Site:Location",
                Name=loc["name"],
                Latitude=loc["latitude"],
                Longitude=loc["longitude"],
                Time_Zone=loc["time_zone"],
                Elevation=loc["elevation"],
            )
        if m._ground is not None:
            months = _MONTHS
            self.add(
                "Site:GroundTemperature:BuildingSurface",
                **{f"{mo}_Ground_Temperature": t for mo, t in zip(months, m._ground, strict=True)},
            )
        self.add(
            "ScheduleTypeLimits",
            Name="Fraction",
            Lower_Limit_Value=0,
            Upper_Limit_Value=1,
            Numeric_Type="Continuous",
        )
        self.add("ScheduleTypeLimits", Name="Any Number", Numeric_Type="Continuous")
        self.add(
            "ScheduleTypeLimits",
            Name="Temperature",
            Lower_Limit_Value=-60,
            Upper_Limit_Value=200,
            Numeric_Type="Continuous",
            Unit_Type="Temperature",
        )
        self.add(
            "ScheduleTypeLimits",
            Name="Control Type",
            Lower_Limit_Value=0,
            Upper_Limit_Value=4,
            Numeric_Type="Discrete",
        )
        self.always_on = self.schedule("Always On", 1.0, "Fraction")

    # ---- schedules
    def schedule(self, name: str, value: ScheduleLike, limits: str) -> str:
        arr = np.atleast_1d(np.asarray(value, dtype=float))
        key = (limits, arr.size, arr.tobytes())
        if key in self.schedules:
            return self.schedules[key]
        base = name
        i = 1
        existing = {n.upper() for n in self.schedules.values()}
        while name.upper() in existing:
            i += 1
            name = f"{base} {i}"
        if arr.size == 1:
            self.add(
                "Schedule:Constant",
                Name=name,
                Schedule_Type_Limits_Name=limits,
                Hourly_Value=float(arr[0]),
            )
        elif arr.size in (24, 168):
            fields = ["Through: 12/31"]
            days = (
                [("AllDays", arr)]
                if arr.size == 24
                else [(d, arr[24 * k : 24 * (k + 1)]) for k, d in enumerate(_DAYS)]
            )
            if arr.size == 168:
                days.append(("AllOtherDays", arr[:24]))
            for label, day in days:
                fields.append(f"For: {label}")
                for h in range(24):
                    if h == 23 or day[h + 1] != day[h]:
                        fields += [f"Until: {h + 1:02d}:00", _num(day[h])]
            self.add(
                "Schedule:Compact",
                Name=name,
                Schedule_Type_Limits_Name=limits,
                **{f"Field_{k + 1}": v for k, v in enumerate(fields)},
            )
        else:
            fname = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") + ".csv"
            self.files[fname] = "value\n" + "\n".join(_num(v) for v in arr) + "\n"
            self.add(
                "Schedule:File",
                Name=name,
                Schedule_Type_Limits_Name=limits,
                File_Name=fname,
                Column_Number=1,
                Rows_to_Skip_at_Top=1,
                Number_of_Hours_of_Data=8760,
                Column_Separator="Comma",
                Interpolate_to_Timestep="No",
                Minutes_per_Item=60,
            )
        self.schedules[key] = name
        return name

    # ---- constructions
    def construction(self, c: Construction) -> str:
        known = self.constructions.get(c.name.upper())
        if known is not None:
            if known != c:
                raise InputError(f"two different constructions are named {c.name!r}")
            return c.name
        self.constructions[c.name.upper()] = c
        names = []
        n = len(c.layers)
        for i, lay in enumerate(c.layers):
            outer, inner = i == 0, i == n - 1
            if outer:
                sol, th = c.outside_solar_absorptance, c.outside_thermal_absorptance
            elif inner:
                sol, th = c.inside_solar_absorptance, c.inside_thermal_absorptance
            else:
                sol, th = 0.7, 0.9  # interior layers: not used by EnergyPlus
            mname = f"{c.name} | {i + 1} {lay.name}"
            if isinstance(lay, OpaqueLayer):
                self.add(
                    "Material",
                    Name=mname,
                    Roughness=lay.roughness,
                    Thickness=lay.thickness,
                    Conductivity=lay.conductivity,
                    Density=lay.density,
                    Specific_Heat=lay.specific_heat,
                    Thermal_Absorptance=th,
                    Solar_Absorptance=sol,
                    Visible_Absorptance=sol,
                )
            else:
                self.add(
                    "Material:NoMass",
                    Name=mname,
                    Roughness=lay.roughness,
                    Thermal_Resistance=lay.resistance,
                    Thermal_Absorptance=th,
                    Solar_Absorptance=sol,
                    Visible_Absorptance=sol,
                )
            names.append(mname)
        self._layers(c.name, names)
        self.material_names[c.name.upper()] = names
        return c.name

    def reversed_construction(self, c: Construction) -> str:
        """The mirror of ``c`` for the other side of an interzone surface.

        It reuses the materials of ``c`` in reverse order (EnergyPlus checks
        that the two constructions of an interzone pair share their
        materials); the face absorptances follow, since the faces are the same.
        """
        self.construction(c)
        name = f"{c.name} (reversed)"
        if name.upper() not in self.constructions:
            self.constructions[name.upper()] = c
            self._layers(name, self.material_names[c.name.upper()][::-1])
        return name

    def window_construction(self, w: WindowConstruction) -> str:
        known = self.constructions.get(w.name.upper())
        if known is not None:
            if known != w:
                raise InputError(f"two different constructions are named {w.name!r}")
            return w.name
        self.constructions[w.name.upper()] = w
        if w.layers:
            names = []
            for i, lay in enumerate(w.layers):
                mname = f"{w.name} | {i + 1} {lay.name}"
                if isinstance(lay, GlazingPane):
                    self.add(
                        "WindowMaterial:Glazing",
                        Name=mname,
                        Optical_Data_Type="SpectralAverage",
                        Thickness=lay.thickness,
                        Solar_Transmittance_at_Normal_Incidence=lay.solar_transmittance,
                        Front_Side_Solar_Reflectance_at_Normal_Incidence=lay.solar_reflectance_front,
                        Back_Side_Solar_Reflectance_at_Normal_Incidence=lay.solar_reflectance_back,
                        Visible_Transmittance_at_Normal_Incidence=lay.visible_transmittance,
                        Front_Side_Visible_Reflectance_at_Normal_Incidence=lay.visible_reflectance_front,
                        Back_Side_Visible_Reflectance_at_Normal_Incidence=lay.visible_reflectance_back,
                        Infrared_Transmittance_at_Normal_Incidence=0.0,
                        Front_Side_Infrared_Hemispherical_Emissivity=lay.emissivity_front,
                        Back_Side_Infrared_Hemispherical_Emissivity=lay.emissivity_back,
                        Conductivity=lay.conductivity,
                    )
                else:
                    self.add(
                        "WindowMaterial:Gas",
                        Name=mname,
                        Gas_Type=lay.gas.capitalize(),
                        Thickness=lay.thickness,
                    )
                names.append(mname)
        else:
            mname = f"{w.name} | simple glazing"
            fields = {"Name": mname, "UFactor": w.u_value, "Solar_Heat_Gain_Coefficient": w.shgc}
            if w.visible_transmittance is not None:
                fields["Visible_Transmittance"] = w.visible_transmittance
            self.add("WindowMaterial:SimpleGlazingSystem", **fields)
            names = [mname]
        self._layers(w.name, names)
        return w.name

    def _layers(self, name: str, layers: list[str]) -> None:
        fields = {"Name": name, "Outside_Layer": layers[0]}
        fields.update({f"Layer_{i + 2}": lay for i, lay in enumerate(layers[1:])})
        self.add("Construction", **fields)

    # ---- geometry
    def surface(
        self,
        zone: str,
        name: str,
        kind: str,
        construction: str,
        vertices: Sequence[Vec3],
        boundary: str,
        boundary_object: str = "",
    ) -> None:
        exposed = boundary == "Outdoors"
        fields: dict[str, Any] = {
            "Name": name,
            "Surface_Type": kind.capitalize(),
            "Construction_Name": construction,
            "Zone_Name": zone,
            "Outside_Boundary_Condition": boundary,
            "Outside_Boundary_Condition_Object": boundary_object,
            "Sun_Exposure": "SunExposed" if exposed else "NoSun",
            "Wind_Exposure": "WindExposed" if exposed else "NoWind",
            "View_Factor_to_Ground": "autocalculate",
            "Number_of_Vertices": len(vertices),
        }
        for i, (x, y, z) in enumerate(vertices, start=1):
            fields[f"Vertex_{i}_Xcoordinate"] = _coord(x)
            fields[f"Vertex_{i}_Ycoordinate"] = _coord(y)
            fields[f"Vertex_{i}_Zcoordinate"] = _coord(z)
        self.add("BuildingSurface:Detailed", **fields)

    def other_side(self, kind: str, b: float) -> str:
        """``SurfaceProperty:OtherSideCoefficients`` for an unheated space of factor b."""
        h = UNHEATED_FILM[kind]
        name = f"Unheated b={b:.4f} h={h:.3f}"
        if name.upper() not in self.other_sides:
            self.other_sides.add(name.upper())
            self.add(
                "SurfaceProperty:OtherSideCoefficients",
                Name=name,
                Combined_ConvectiveRadiative_Film_Coefficient=h,
                Constant_Temperature=0.0,
                Constant_Temperature_Coefficient=0.0,
                External_DryBulb_Temperature_Coefficient=b,
                Ground_Temperature_Coefficient=0.0,
                Wind_Speed_Coefficient=0.0,
                Zone_Air_Temperature_Coefficient=1.0 - b,
            )
        return name

    def door(self, parent: str, d: Door) -> None:
        fields: dict[str, Any] = {
            "Name": d.name,
            "Surface_Type": "Door",
            "Construction_Name": self.construction(d.construction),
            "Building_Surface_Name": parent,
            "View_Factor_to_Ground": "autocalculate",
            "Multiplier": d.multiplier,
            "Number_of_Vertices": 4,
        }
        for i, (x, y, z) in enumerate(d.vertices, start=1):
            fields[f"Vertex_{i}_Xcoordinate"] = _coord(x)
            fields[f"Vertex_{i}_Ycoordinate"] = _coord(y)
            fields[f"Vertex_{i}_Zcoordinate"] = _coord(z)
        self.add("FenestrationSurface:Detailed", **fields)

    def window(self, parent: str, w: Window) -> None:
        fields: dict[str, Any] = {
            "Name": w.name,
            "Surface_Type": "Window",
            "Construction_Name": self.window_construction(w.construction),
            "Building_Surface_Name": parent,
            "View_Factor_to_Ground": "autocalculate",
            "Multiplier": w.multiplier,
            "Number_of_Vertices": len(w.vertices),
        }
        for i, (x, y, z) in enumerate(w.vertices, start=1):
            fields[f"Vertex_{i}_Xcoordinate"] = _coord(x)
            fields[f"Vertex_{i}_Ycoordinate"] = _coord(y)
            fields[f"Vertex_{i}_Zcoordinate"] = _coord(z)
        self.add("FenestrationSurface:Detailed", **fields)

    def zones(self) -> None:
        mirror_kind = {"wall": "wall", "floor": "ceiling", "ceiling": "floor", "roof": "floor"}
        for z in self.model.zones:
            fields: dict[str, Any] = {"Name": z.name, "Multiplier": z.multiplier}
            if z.volume is not None:
                fields["Volume"] = z.volume
            self.add("Zone", **fields)
        for z in self.model.zones:
            for s in z.surfaces:
                cname = self.construction(s.construction)
                if s.boundary == "zone":
                    mirror = f"{s.name} (mirror)"
                    kind = "ceiling" if s.kind == "roof" else s.kind
                    self.surface(z.name, s.name, kind, cname, s.vertices, "Surface", mirror)
                    rname = self.reversed_construction(s.construction)
                    self.surface(
                        str(s.adjacent_zone),
                        mirror,
                        mirror_kind[s.kind],
                        rname,
                        s.vertices[::-1],
                        "Surface",
                        s.name,
                    )
                elif s.boundary == "unheated":
                    osc = self.other_side(s.kind, float(s.b))
                    self.surface(
                        z.name, s.name, s.kind, cname, s.vertices, "OtherSideCoefficients", osc
                    )
                else:
                    boundary = {
                        "outdoors": "Outdoors",
                        "ground": "Ground",
                        "adiabatic": "Adiabatic",
                    }[s.boundary]
                    self.surface(z.name, s.name, s.kind, cname, s.vertices, boundary)
                for w in s.windows:
                    self.window(s.name, w)
                for d in s.doors:
                    self.door(s.name, d)
            for mass in z.internal_masses:
                self.add(
                    "InternalMass",
                    Name=mass.name,
                    Construction_Name=self.construction(mass.construction),
                    Zone_or_ZoneList_Name=z.name,
                    Surface_Area=mass.area,
                )

    # ---- loads and HVAC
    def loads(self) -> None:
        for z in self.model.zones:
            if z.infiltration_ach > 0:
                self.add(
                    "ZoneInfiltration:DesignFlowRate",
                    Name=f"{z.name} Infiltration",
                    Zone_or_ZoneList_or_Space_or_SpaceList_Name=z.name,
                    Schedule_Name=self.always_on,
                    Design_Flow_Rate_Calculation_Method="AirChanges/Hour",
                    Air_Changes_per_Hour=z.infiltration_ach,
                    Constant_Term_Coefficient=1,
                    Temperature_Term_Coefficient=0,
                    Velocity_Term_Coefficient=0,
                    Velocity_Squared_Term_Coefficient=0,
                )
            for g in z.gains:
                self.add(
                    "OtherEquipment",
                    Name=f"{z.name} {g.name}",
                    Fuel_Type="None",
                    Zone_or_ZoneList_or_Space_or_SpaceList_Name=z.name,
                    Schedule_Name=self.schedule(f"{g.name} Fraction", g.schedule, "Any Number"),
                    Design_Level_Calculation_Method="EquipmentLevel",
                    Design_Level=g.power,
                    Fraction_Latent=g.latent_fraction,
                    Fraction_Radiant=g.radiant_fraction,
                    Fraction_Lost=0,
                )
            if z.ventilation_flow > 0 and not z.conditioned:
                self.add(
                    "ZoneVentilation:DesignFlowRate",
                    Name=f"{z.name} Ventilation",
                    Zone_or_ZoneList_or_Space_or_SpaceList_Name=z.name,
                    Schedule_Name=self.always_on,
                    Design_Flow_Rate_Calculation_Method="Flow/Zone",
                    Design_Flow_Rate=z.ventilation_flow,
                    Ventilation_Type="Natural",
                    Constant_Term_Coefficient=1,
                    Temperature_Term_Coefficient=0,
                    Velocity_Term_Coefficient=0,
                    Velocity_Squared_Term_Coefficient=0,
                    Minimum_Indoor_Temperature=-100,
                    Maximum_Indoor_Temperature=100,
                    Delta_Temperature=-100,
                    Minimum_Outdoor_Temperature=-100,
                    Maximum_Outdoor_Temperature=100,
                    Maximum_Wind_Speed=40,
                )
            if z.conditioned:
                self.hvac(z)

    def hvac(self, z: Zone) -> None:
        n = z.name
        heat = cool = None
        if z.heating_setpoint is not None:
            heat = self.schedule(f"{n} Heating Setpoint", z.heating_setpoint, "Temperature")
        if z.cooling_setpoint is not None:
            cool = self.schedule(f"{n} Cooling Setpoint", z.cooling_setpoint, "Temperature")
        if heat and cool:
            ctype, obj = 4, "ThermostatSetpoint:DualSetpoint"
            self.add(
                obj,
                Name=f"{n} Setpoints",
                Heating_Setpoint_Temperature_Schedule_Name=heat,
                Cooling_Setpoint_Temperature_Schedule_Name=cool,
            )
        elif heat:
            ctype, obj = 1, "ThermostatSetpoint:SingleHeating"
            self.add(obj, Name=f"{n} Setpoints", Setpoint_Temperature_Schedule_Name=heat)
        else:
            ctype, obj = 2, "ThermostatSetpoint:SingleCooling"
            self.add(obj, Name=f"{n} Setpoints", Setpoint_Temperature_Schedule_Name=cool)
        self.add(
            "ZoneControl:Thermostat",
            Name=f"{n} Thermostat",
            Zone_or_ZoneList_Name=n,
            Control_Type_Schedule_Name=self.schedule(
                f"Control Type {ctype}", ctype, "Control Type"
            ),
            Control_1_Object_Type=obj,
            Control_1_Name=f"{n} Setpoints",
        )
        if z.operative_fraction is not None:
            self.add(
                "ZoneControl:Thermostat:OperativeTemperature",
                Thermostat_Name=f"{n} Thermostat",
                Radiative_Fraction_Input_Mode="Constant",
                Fixed_Radiative_Fraction=z.operative_fraction,
            )
        ideal: dict[str, Any] = {
            "Name": f"{n} Ideal Loads",
            "Zone_Supply_Air_Node_Name": f"{n} Supply Inlet",
            "Zone_Exhaust_Air_Node_Name": f"{n} Exhaust Outlet",
            "Heating_Limit": "NoLimit" if z.heating_capacity is None else "LimitCapacity",
            "Cooling_Limit": "NoLimit",
            "Dehumidification_Control_Type": "None",
            "Humidification_Control_Type": "None",
            "Heat_Recovery_Type": "None",
        }
        if z.heating_capacity is not None:
            ideal["Maximum_Sensible_Heating_Capacity"] = z.heating_capacity
        if z.ventilation_flow > 0:
            self.add(
                "DesignSpecification:OutdoorAir",
                Name=f"{n} Outdoor Air",
                Outdoor_Air_Method="Flow/Zone",
                Outdoor_Air_Flow_per_Zone=z.ventilation_flow,
            )
            ideal["Design_Specification_Outdoor_Air_Object_Name"] = f"{n} Outdoor Air"
            if z.heat_recovery_effectiveness > 0:
                ideal["Heat_Recovery_Type"] = "Sensible"
                ideal["Sensible_Heat_Recovery_Effectiveness"] = z.heat_recovery_effectiveness
        self.add("ZoneHVAC:IdealLoadsAirSystem", **ideal)
        self.add(
            "ZoneHVAC:EquipmentList",
            Name=f"{n} Equipment",
            Load_Distribution_Scheme="SequentialLoad",
            Zone_Equipment_1_Object_Type="ZoneHVAC:IdealLoadsAirSystem",
            Zone_Equipment_1_Name=f"{n} Ideal Loads",
            Zone_Equipment_1_Cooling_Sequence=1,
            Zone_Equipment_1_Heating_or_NoLoad_Sequence=1,
        )
        self.add(
            "ZoneHVAC:EquipmentConnections",
            Zone_Name=n,
            Zone_Conditioning_Equipment_List_Name=f"{n} Equipment",
            Zone_Air_Inlet_Node_or_NodeList_Name=f"{n} Supply Inlet",
            Zone_Air_Exhaust_Node_or_NodeList_Name=f"{n} Exhaust Outlet",
            Zone_Air_Node_Name=f"{n} Air Node",
        )

    # ---- outputs
    def outputs(self) -> None:
        for var in (*OUTPUT_VARIABLES, *self.model.output_variables):
            self.add(
                "Output:Variable", Key_Value="*", Variable_Name=var, Reporting_Frequency="Hourly"
            )
        self.add("Output:SQLite", Option_Type="Simple")

    def build(self) -> IdfText:
        self.settings()
        self.zones()
        self.loads()
        self.outputs()
        return IdfText(
            text=self.idf.idfstr(), files=dict(self.files), version=self.install.idf_version
        )


def _num(v: float) -> str:
    return f"{float(v):.10g}"


def _coord(v: float) -> float:
    return round(float(v), 6) + 0.0


def build_idf(
    model: Model,
    weather: str | Path | Mapping[str, Any] | None = None,
    *,
    install: EnergyPlusInstall | None = None,
) -> IdfText:
    """Build the IDF of ``model`` through eppy.

    Parameters
    ----------
    model : Model
        The building.
    weather : path-like or mapping, optional
        EPW file whose ``LOCATION`` line gives ``Site:Location`` (EnergyPlus
        uses the weather file's location anyway when it runs with it), or a
        mapping with the keys of :func:`read_epw_location`.
    install : EnergyPlusInstall, optional
        Target EnergyPlus (its version goes into the ``Version`` object and
        its IDD into eppy); default :func:`find_energyplus`.

    Returns
    -------
    IdfText
        IDF text and side files.

    Raises
    ------
    InputError
        If two different constructions share a name.
    MissingExtraError
        If eppy or EnergyPlus is missing.
    """
    if not isinstance(model, Model):
        raise InputError(f"model: {type(model).__name__} is not a rehab.energyplus.idf.Model")
    install = install or find_energyplus()
    return _Builder(model, weather, install).build()


def write_idf(
    model: Model,
    path: str | Path,
    weather: str | Path | None = None,
    *,
    install: EnergyPlusInstall | None = None,
) -> Path:
    """Build the IDF of ``model`` and write it (and its side files) to ``path``.

    Parameters
    ----------
    model : Model
    path : path-like
        Output ``.idf`` file; side files go into the same folder.
    weather : path-like, optional
        EPW file for ``Site:Location``.
    install : EnergyPlusInstall, optional

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    return build_idf(model, weather, install=install).write(path)
