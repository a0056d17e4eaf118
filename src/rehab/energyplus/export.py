"""A rehab :class:`~rehab.House` as an EnergyPlus model: ``to_idf`` and ``simulate``.

The mapping reads the house's geometry (:class:`rehab.geometry.BoxGeometry`)
for the layout and the house's **elements** for everything physical, so a
retrofitted house (new layers, windows, ventilation, airtightness) exports
the same way as the original. It builds the neutral description of
:mod:`rehab.energyplus.idf`:

* **Zones** — ``zoning="single"``: one heated zone for the dwelling (height
  of all storeys, intermediate floors as internal mass); ``"storeys"``: one
  heated zone per storey, joined by interzone floors. An unheated attic
  (``roof="attic"``) is its own free-floating zone above, with a gable roof
  whose ridge runs parallel to the street façade, or (``attic="b"``) a
  boundary at ``b·θ_e + (1 − b)·θ_i`` with the house's ISO 13789 b-factor.
* **Orientation** — the street façade faces ``geometry.azimuth``; vertices
  are rotated into world coordinates (x east, y north).
* **Constructions** — the elements' layers (outside → inside); a bridged
  layer takes the parallel-path conductivity and area-weighted heat
  capacity, then every layer's resistance is scaled so that the
  construction's ISO 6946 U-value is kept exactly. Air layers become
  no-mass layers with their ISO 6946 resistance.
* **Thermal bridges** — Σ b·ψ·l of the house is folded into the exterior
  walls: their constructions are scaled so that U·A rises by Σ b·ψ·l
  (EnergyPlus has no linear bridges; this keeps the heat-loss coefficient).
* **Windows** — ``WindowMaterial:SimpleGlazingSystem`` over the whole
  opening with the window's time-averaged U (shutters included) and
  SHGC = g⊥ · (1 − F_F) · F_sh,ob (glazing g at normal incidence, frame
  fraction, shading by obstacles; EnergyPlus applies its own angular
  dependence). One window per façade and storey, centred, sill 0.9 m.
* **Doors** — an opaque door on the street façade's ground storey.
* **Party walls** — adiabatic towards heated neighbours; towards unheated
  ones, the b-factor boundary.
* **Ground floor** — the slab or deck layers plus a no-mass "equivalent
  ground" layer sized so that the steady-state U (with Rsi = 0.17 m²·K/W)
  equals the ISO 13370 U of the :class:`rehab.house.GroundFloor` (slab,
  crawlspace or cellar), facing ``Site:GroundTemperature:BuildingSurface``
  set to the annual mean outdoor temperature of the weather file (the
  convention of rehab's hourly engine for ``theta_ground``) unless
  ``ground_temperature`` is given.
* **Air** — infiltration (from n50, or declared H_inf) plus the flow of
  natural, window or extract ventilation as constant air changes; a balanced
  system as outdoor air of the ideal loads system with sensible heat
  recovery.
* **Gains and set-points** — heating at 19 °C (3CL-DPE conventional
  set-point) of the operative temperature and no cooling unless given; internal gains by default the
  3CL-DPE 2021 conventional mean power ((3.18 + 0.34)·Sh + 90·(132/168)·Nadeq
  W, §6.1), constant, half radiant (the split of ISO 13790:2008 Annex C,
  eq. C.1, Φ_ia = 0.5·Φ_int).

Examples
--------
>>> from rehab import archetypes
>>> from rehab.energyplus.export import house_model
>>> m = house_model(archetypes.get("coron-mid-terrace"), ground_temperature=11.1)
>>> [z.name for z in m.zones], m.zones[0].heating_setpoint
(['Dwelling', 'Attic'], 19.0)
"""

from __future__ import annotations

import datetime
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from . import idf as ep
from .idf import ScheduleLike
from .layers import (
    EMISSIVITY,
    INSIDE_SOLAR_ABSORPTANCE,
    _construction,
    _declared_construction,
    _declared_ground_construction,
    _element_construction,
    _ground_construction,
    _u_construction,
)
from .locate import EnergyPlusInstall, find_energyplus
from .results import EnergyPlusResults
from .runner import DEFAULT_TIMEOUT, run_many

if TYPE_CHECKING:
    from ..house import House

__all__ = [
    "INSIDE_SOLAR_ABSORPTANCE",
    "house_model",
    "result_type",
    "shoebox_model",
    "simulate",
    "to_idf",
    "write_epw",
]

#: Sill height of the exported windows above each storey's floor [m]
#: (assumption: a typical sill; only the window's position depends on it).
SILL_HEIGHT = 0.9
#: Width of the exported front door [m] (assumption, a standard 90 cm leaf).
DOOR_WIDTH = 0.9
#: Margin kept between openings and wall edges [m] (assumption).
MARGIN = 0.2
#: Radiant part of internal gains [-]: ISO 13790:2008 Annex C, eq. C.1
#: gives half of Φ_int to the air node, so half radiant keeps the two
#: engines comparable.
GAIN_RADIANT_FRACTION = 0.5
#: Conventional heating set-point [°C] of the 3CL-DPE 2021 method (arrêté
#: of 31 March 2021, §6: 19 °C).
HEATING_SETPOINT = 19.0

Vec2 = tuple[float, float]


# ----------------------------------------------------------------------------- weather
def write_epw(weather: Any, path: str | os.PathLike[str]) -> Path:
    """Write a :class:`rehab.weather.Weather` as an EPW file EnergyPlus can run.

    The header is rebuilt from the object (location, ground temperatures, a
    data period starting on the weekday of the first row); the 35 hourly
    fields come from ``weather.data`` (pvlib's column names).

    Parameters
    ----------
    weather : rehab.weather.Weather
    path : path-like

    Returns
    -------
    pathlib.Path
    """
    from ..weather import EPW_COLUMNS

    data = weather.data
    cols = list(EPW_COLUMNS)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise InputError(f"weather.data lacks the EPW column(s) {missing}; cannot write an EPW")
    ground = weather.epw_ground_temperatures or {}
    gparts = [str(len(ground))]
    for depth, temps in sorted(ground.items()):
        gparts += [f"{depth:g}", "", "", "", *(f"{t:.2f}" for t in temps)]
    first = data.iloc[0]
    weekday = ep.WEEKDAYS[
        datetime.date(int(first["year"]), int(first["month"]), int(first["day"])).weekday()
    ]
    header = [
        f"LOCATION,{weather.name},,,rehab,000000,{weather.latitude:.4f},{weather.longitude:.4f},"
        f"{weather.utc_offset:.1f},{weather.elevation:.1f}",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES," + ",".join(gparts),
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        f"COMMENTS 1,written by rehab from: {weather.source}".replace("\n", " ")[:500],
        "COMMENTS 2,",
        f"DATA PERIODS,1,1,Data,{weekday}, 1/ 1,12/31",
    ]
    from ..weather import MISSING_CODES

    # a field the reader left empty (NaN) goes back as the EPW's missing-value code
    rows = data[cols].fillna({c: MISSING_CODES[c] for c in cols if c in MISSING_CODES}).astype(object).to_numpy()
    lines = [",".join(_epw_field(v) for v in row) for row in rows]
    path = Path(path)
    path.write_text("\n".join(header + lines) + "\n", encoding="latin-1")
    return path


def _epw_field(v: Any) -> str:
    if isinstance(v, str):
        return v
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:.6g}"


@dataclass
class _Site:
    """Weather for a run: EPW file, location, monthly ground temperature."""

    epw: Path | None
    location: dict[str, Any]
    ground_monthly: tuple[float, ...]
    tmp: tempfile.TemporaryDirectory | None = None
    air_heat_capacity: float = 1200.0  # mean ρ·c_p of the outdoor air [J/(m³·K)]

    def cleanup(self) -> None:
        if self.tmp is not None:
            self.tmp.cleanup()


def _site(weather: Any, need_file: bool) -> _Site:
    """EPW path (written from a Weather object if needed), location, ground temperatures.

    The temperature under ground floors is, month by month, the mean of
    :meth:`rehab.weather.Weather.ground_temperature` at 1 m depth — the
    ground temperature rehab's own engines use.
    """
    from .. import weather as wmod
    from .._data import data_path

    default_path = data_path("weather", wmod.DEFAULT_EPW)
    path: Path | None = None
    if weather is None:
        path, w = default_path, wmod.default()
    elif isinstance(weather, str | os.PathLike):
        path = Path(weather)
        w = wmod.read_epw(path)
    elif isinstance(weather, wmod.Weather):
        w = weather
        if w.key == wmod.default().key:
            path = default_path
        elif (
            w.path is not None
            and Path(w.path).is_file()
            and wmod.read_epw(w.path).key == w.key  # the data were not changed since
        ):
            path = Path(w.path)
    else:
        raise InputError(
            f"weather: {type(weather).__name__} is not an EPW path or a rehab.weather.Weather"
        )
    loc = {
        "name": w.name or "site",
        "latitude": w.latitude,
        "longitude": w.longitude,
        "time_zone": w.utc_offset,
        "elevation": w.elevation,
    }
    ground = tuple(float(t) for t in w.monthly_mean(w.ground_temperature(1.0)))
    tmp = None
    if path is None and need_file:
        tmp = tempfile.TemporaryDirectory(prefix="rehab-epw-")
        path = write_epw(w, Path(tmp.name) / "weather.epw")
    from ..demand.iso52016_climate import rho_factor as _rho_factor
    from ..ventilation import RHO_C_AIR

    return _Site(path, loc, ground, tmp, float(RHO_C_AIR * np.mean(_rho_factor(w))))



# ----------------------------------------------------------------------------- geometry
class _Frame:
    """Local box frame (front façade at y = 0 facing −y) → world coordinates."""

    def __init__(self, azimuth: float) -> None:
        theta = math.radians(azimuth - 180.0)  # clockwise rotation of the plan
        self.c, self.s = math.cos(theta), math.sin(theta)

    def __call__(self, pts: Sequence[Sequence[float]]) -> tuple[ep.Vec3, ...]:
        out = []
        for x, y, z in pts:
            out.append(
                (
                    round(x * self.c + y * self.s, 6) + 0.0,
                    round(-x * self.s + y * self.c, 6) + 0.0,
                    round(float(z), 6) + 0.0,
                )
            )
        return tuple(out)


def _side_edges(width: float, depth: float) -> dict[str, tuple[Vec2, Vec2]]:
    """Plan edges of each side, walked with the dwelling on the left."""
    return {
        "front": ((0.0, 0.0), (width, 0.0)),
        "right": ((width, 0.0), (width, depth)),
        "back": ((width, depth), (0.0, depth)),
        "left": ((0.0, depth), (0.0, 0.0)),
    }


def _openings(
    wall: tuple[ep.Vec3, ...],
    length: float,
    band: float,
    window_area: float,
    window_height: float,
    door: tuple[float, float] | None,
    owner: str,
) -> tuple[tuple[ep.Vec3, ...] | None, tuple[ep.Vec3, ...] | None]:
    """Place one window (and a door) in a façade band of height ``band``."""
    door_v = None
    left_edge = MARGIN
    if door is not None:
        dw, dh = door
        door_v = ep.window_vertices(wall, dw, dh, 0.0, MARGIN)
        left_edge = MARGIN + dw + MARGIN
    if window_area <= 0:
        return None, door_v
    span = length - MARGIN - left_edge
    h = min(window_height, band - 2 * MARGIN)
    sill = min(SILL_HEIGHT, band - MARGIN - h)
    w = window_area / h
    if w > span:
        h = band - 2 * MARGIN
        sill = MARGIN
        w = window_area / h
    if w > span or h <= 0:
        raise InputError(
            f"{owner}: {window_area:.2f} m² of windows do not fit in a storey band "
            f"{length:.2f} m long and {band:.2f} m high"
        )
    left = left_edge + (span - w) / 2.0
    return ep.window_vertices(wall, w, h, sill, left), door_v


@dataclass
class _Parts:
    """Elements of a house sorted for the layout."""

    walls: dict[str, Any] = field(default_factory=dict)
    windows: dict[str, list[Any]] = field(default_factory=dict)
    doors: dict[str, list[Any]] = field(default_factory=dict)
    party: dict[str, Any] = field(default_factory=dict)
    ceiling: Any = None
    roofs: list[Any] = field(default_factory=list)
    ground: Any = None
    internal: list[Any] = field(default_factory=list)


def _sort(house: House) -> _Parts:
    from ..house import GroundFloor, Opaque, Window

    parts = _Parts()
    for e in house.elements:
        if isinstance(e, GroundFloor):
            if parts.ground is not None:
                raise InputError(f"house {house.name!r}: more than one ground floor")
            parts.ground = e
        elif isinstance(e, Window):
            if e.boundary != "exterior":
                raise InputError(
                    f"window {e.name!r}: only windows to the exterior can be exported (boundary {e.boundary!r})"
                )
            parts.windows.setdefault(e.side or "", []).append(e)
        elif isinstance(e, Opaque):
            if e.boundary == "internal":
                parts.internal.append(e)
            elif e.kind == "party_wall":
                parts.party[e.side or ""] = e
            elif e.kind == "door":
                parts.doors.setdefault(e.side or "", []).append(e)
            elif e.kind == "wall":
                if e.side in parts.walls:
                    raise InputError(f"house {house.name!r}: two exterior walls on side {e.side!r}")
                parts.walls[e.side or ""] = e
            elif e.kind == "ceiling":
                parts.ceiling = e
            elif e.kind == "roof":
                parts.roofs.append(e)
            else:
                raise InputError(
                    f"element {e.name!r}: a {e.kind} on boundary {e.boundary!r} has no place in the box layout"
                )
    return parts


def _infiltration_and_ventilation(house: House, rho_c: float | None = None) -> tuple[float, float, float]:
    """(q_inf + q_natural [m³/h], q_balanced [m³/h], heat recovery η).

    A declared conductance H [W/K] becomes the flow that carries it with air of
    ``rho_c`` [J/(m³·K)] (the site's mean outdoor ρ·c_p, since EnergyPlus
    weighs infiltration with the outdoor density; default 1200).
    """
    from ..ventilation import EXTRACT_SYSTEMS, infiltration_flow
    from ..ventilation import RHO_C_AIR as _RC

    RHO_C_AIR = _RC if rho_c is None else rho_c

    v = house.ventilation
    q_sys = v.system_flow(house.floor_area)
    if v.h_ventilation is not None:
        # declared H_vent (heat recovery already folded in): an equivalent flow
        q_vent, balanced, eta = v.h_ventilation * 3600.0 / RHO_C_AIR, 0.0, 0.0
    elif v.system == "balanced":
        q_vent, balanced, eta = 0.0, q_sys, v.heat_recovery
    else:
        q_vent, balanced, eta = q_sys, 0.0, 0.0
    if v.h_infiltration is not None:
        q_inf = v.h_infiltration * 3600.0 / RHO_C_AIR
    else:
        supply = q_sys if v.system == "balanced" else 0.0
        extract = q_sys if v.system in EXTRACT_SYSTEMS else 0.0
        q_inf = float(
            infiltration_flow(v.n50, house.volume, v.shielding, v.exposure, supply, extract)
        )
    return q_inf + q_vent, balanced, eta


def _default_gains(house: House) -> float:
    from ..threecl import adult_equivalents

    nadeq = float(adult_equivalents(house.floor_area, "house"))
    return (3.18 + 0.34) * house.floor_area + 90.0 * (132.0 / 168.0) * nadeq


def _attic_construction(space: Any) -> ep.Construction:
    """Roof and gables of an unheated attic: one 2 cm tile-like layer of the space's mean U."""
    from .. import envelope

    r = 1.0 / max(space.exterior_u, 1e-3) - envelope.RSI["up"] - envelope.RSE
    r = max(r, 0.005)
    # clay tiles: ρ = 2000 kg/m³, c = 800 J/(kg·K) (ISO 10456:2007 Table 3, clay tiles)
    return ep.Construction(
        f"{space.name} envelope",
        (ep.OpaqueLayer("tiles", 0.02, 0.02 / r, 2000.0, 800.0),),
        outside_solar_absorptance=0.6,
        inside_solar_absorptance=INSIDE_SOLAR_ABSORPTANCE,
        outside_thermal_absorptance=EMISSIVITY,
        inside_thermal_absorptance=EMISSIVITY,
    )


def house_model(
    house: House,
    *,
    zoning: str = "single",
    attic: str = "zone",
    heating_setpoint: ScheduleLike = HEATING_SETPOINT,
    cooling_setpoint: ScheduleLike | None = None,
    internal_gains: float | None = None,
    gain_schedule: ScheduleLike = 1.0,
    ground_temperature: float | Sequence[float] | None = None,
    control: str = "operative",
    power_limit: float | None = None,
    timestep: int = 4,
    declared_air_heat_capacity: float | None = None,
) -> ep.Model:
    """The neutral EnergyPlus description of a geometry-built house.

    Parameters
    ----------
    house : rehab.House
        Built with a :class:`rehab.geometry.BoxGeometry` (archetypes and
        :func:`rehab.boxhouse.house_from_box` houses, and their retrofits);
        a declared house (no geometry: ``House.from_elements``, DPE records)
        becomes an equivalent shoebox (:func:`shoebox_model`; ``zoning`` and
        ``attic`` do not apply).
    zoning : {"single", "storeys"}
        One heated zone, or one per storey.
    attic : {"zone", "b"}
        Unheated attic as a free-floating zone, or as a b-factor boundary.
    heating_setpoint, cooling_setpoint : float or schedule
        [°C]: a number, 24, 168 or 8760 hourly values; no cooling by default.
    internal_gains : float, optional
        Mean internal gains [W]; default the 3CL-DPE conventional value.
    gain_schedule : float or schedule
        Relative profile of the internal gains (mean 1 keeps the mean).
    ground_temperature : float or 12 floats
        Temperature under the ground floor [°C], one value or one per month;
        required when the house has a ground floor (:func:`to_idf` and
        :func:`simulate` take the monthly means of the weather's ground
        temperature at 1 m depth, as rehab's engines do).
    control : {"operative", "air"}
        What the thermostat holds at the set-point: the operative
        temperature (radiative fraction 0.5; rehab's hourly engine also
        controls an operative temperature by default), or the zone air
        temperature (EnergyPlus's default, ISO 13790:2008 C.4.2's θ_air).
        With ideal, purely convective heating an air-controlled zone has
        colder surfaces and loses about 20 % less through an uninsulated
        fabric than H·ΔT.
    power_limit : float, optional
        Maximum heating power of the dwelling [W] (shared by storey zones
        in proportion to their volume).
    timestep : int
        Time steps per hour.
    declared_air_heat_capacity : float, optional
        ρ·c_p [J/(m³·K)] that turns a declared ventilation or infiltration
        conductance into an air flow (default 1200; :func:`simulate` passes
        the site's mean outdoor value).

    Returns
    -------
    rehab.energyplus.idf.Model

    Raises
    ------
    InputError
        For an element the box layout cannot
        place, windows that do not fit, or an unknown option.
    """
    g = house.geometry
    if g is None:  # declared route: every element a surface of its own
        return shoebox_model(
            house,
            heating_setpoint=heating_setpoint,
            cooling_setpoint=cooling_setpoint,
            internal_gains=internal_gains,
            gain_schedule=gain_schedule,
            ground_temperature=ground_temperature,
            control=control,
            power_limit=power_limit,
            timestep=timestep,
            declared_air_heat_capacity=declared_air_heat_capacity,
        )
    if zoning not in ("single", "storeys"):
        raise InputError(f"zoning: {zoning!r} is not one of 'single', 'storeys'")
    if attic not in ("zone", "b"):
        raise InputError(f"attic: {attic!r} is not one of 'zone', 'b'")
    if control not in ("air", "operative"):
        raise InputError(f"control: {control!r} is not one of 'air', 'operative'")
    parts = _sort(house)
    frame = _Frame(g.azimuth)
    edges = _side_edges(g.width, g.depth)
    n = g.storeys
    bands = [
        (
            k * (g.storey_height + g.floor_thickness),
            g.storey_height + (g.floor_thickness if k < n - 1 else 0.0),
        )
        for k in range(n)
    ]
    height = g.wall_height
    zone_bands = [(0.0, height)] if zoning == "single" else bands
    zone_names = ["Dwelling"] if zoning == "single" else [f"Storey {k + 1}" for k in range(n)]

    # thermal bridges folded into the exterior walls
    h_tb = sum(tb.b * house.bridge_psi(tb) * tb.length for tb in house.thermal_bridges)
    wall_area = sum(w.area for w in parts.walls.values())
    if h_tb > 0 and wall_area <= 0:
        raise InputError(
            f"house {house.name!r}: thermal bridges but no exterior wall to carry them"
        )
    extra_u = h_tb / wall_area if wall_area > 0 else 0.0

    constructions: dict[str, ep.Construction] = {}
    for side, w in parts.walls.items():
        constructions[side] = _element_construction(
            w, f"{w.name} (with bridges)" if extra_u else w.name, "horizontal", True, extra_u
        )
    glazings = {}
    for ws in parts.windows.values():
        for w in ws:
            shgc = w.g_value * (1.0 - w.frame_fraction) * w.shading
            glazings[w.name] = ep.WindowConstruction(
                f"{w.name} glazing", u_value=min(w.u, 7.0), shgc=min(max(shgc, 0.01), 0.99)
            )

    surfaces: list[list[ep.Surface]] = [[] for _ in zone_names]
    window_height = g.window_height
    for side in ("front", "right", "back", "left"):
        (x0, y0), (x1, y1) = edges[side]
        length = g.side_length(side)
        wall = parts.walls.get(side)
        party = parts.party.get(side)
        windows = parts.windows.get(side, [])
        doors = parts.doors.get(side, [])
        if len(windows) > 1:
            raise InputError(
                f"house {house.name!r}: several windows on side {side!r}; merge them into one"
            )
        if wall is None and party is None:
            raise InputError(
                f"house {house.name!r}: side {side!r} has neither an exterior nor a party wall"
            )
        gross = length * height
        if wall is not None:
            declared = wall.area + sum(w.area for w in windows) + sum(d.area for d in doors)
            if abs(declared - gross) > 0.02 * gross + 0.05:
                raise InputError(
                    f"house {house.name!r}: the {side} façade is {gross:.2f} m² in the geometry but its "
                    f"wall, windows and doors add up to {declared:.2f} m²"
                )
        for zi, (z0, band) in enumerate(zone_bands):
            verts = frame(ep.wall_vertices((x0, y0), (x1, y1), z0, z0 + band))
            name = f"{side.capitalize()} wall" + ("" if zoning == "single" else f" {zi + 1}")
            if party is not None:
                if party.boundary == "adjacent":
                    kw: dict[str, Any] = {"boundary": "adiabatic"}
                else:
                    kw = {"boundary": "unheated", "b": house.b_factor(party)}
                cons = _element_construction(party, party.name, "horizontal", False)
                surfaces[zi].append(ep.Surface(name, "wall", cons, verts, **kw))
                continue
            wins: list[ep.Window] = []
            drs: list[ep.Door] = []
            storeys_here = [
                k for k, (bz, _) in enumerate(bands) if z0 - 1e-9 <= bz < z0 + band - 1e-9
            ]
            for k in storeys_here:
                bz, bh = bands[k]
                band_local = ep.wall_vertices((x0, y0), (x1, y1), bz, bz + bh)
                door_dims = None
                if k == 0 and doors:
                    d_area = sum(d.area for d in doors)
                    dh = min(d_area / DOOR_WIDTH, bh - MARGIN)
                    door_dims = (d_area / dh, dh)
                w_area = sum(w.area for w in windows) / n
                wv, dv = _openings(
                    band_local, length, bh, w_area, window_height, door_dims, f"{side} façade"
                )
                if wv is not None:
                    # one window element per side in the box route; its properties apply to the band
                    w0 = windows[0]
                    wins.append(ep.Window(f"{w0.name} {k + 1}", glazings[w0.name], frame(wv)))
                if dv is not None:
                    d0 = doors[0]
                    drs.append(
                        ep.Door(
                            d0.name,
                            _element_construction(d0, d0.name, "horizontal", True),
                            frame(dv),
                        )
                    )
            surfaces[zi].append(
                ep.Surface(
                    name, "wall", constructions[side], verts, windows=tuple(wins), doors=tuple(drs)
                )
            )

    plan = [(0.0, 0.0), (g.width, 0.0), (g.width, g.depth), (0.0, g.depth)]
    # ground floor
    zones_extra: dict[str, Any] = {}
    gf = parts.ground
    if gf is not None:
        if ground_temperature is None:
            raise InputError(
                "ground_temperature: the house has a ground floor; give the temperature under "
                "it [°C] (one value or 12 monthly values)"
            )
        surfaces[0].append(
            ep.Surface(
                "Ground floor",
                "floor",
                _ground_construction(gf),
                frame(ep.horizontal_vertices(plan, 0.0, "down")),
                boundary="ground",
            )
        )
    # intermediate floors between storey zones
    inter = next((e for e in parts.internal if e.kind == "floor"), None)
    if zoning == "storeys" and n > 1:
        if inter is not None and inter.construction is not None:
            ic = _construction(
                inter.name,
                inter.construction,
                direction="down",
                exterior=False,
                outside_absorptance=0.6,
            )
        else:
            ic = _u_construction("Intermediate floor", 1.0 / (0.17 + 0.17 + 0.3), 0.17, 0.17, 0.6)
        for k in range(n - 1):
            z = bands[k][0] + bands[k][1]
            surfaces[k].append(
                ep.Surface(
                    f"Floor {k + 1}-{k + 2}",
                    "ceiling",
                    ic,
                    frame(ep.horizontal_vertices(plan, z, "up")),
                    boundary="zone",
                    adjacent_zone=zone_names[k + 1],
                )
            )
    # top
    top = len(zone_names) - 1
    attic_zone = None
    if g.roof == "attic":
        ceil = parts.ceiling
        if ceil is None:
            raise InputError(f"house {house.name!r}: roof 'attic' but no ceiling element")
        space = next((s for s in house.unheated_spaces if s.name == ceil.unheated_space), None)
        cc = _element_construction(ceil, ceil.name, "up", False)
        ceil_v = frame(ep.horizontal_vertices(plan, height, "up"))
        if attic == "zone" and space is not None:
            surfaces[top].append(
                ep.Surface("Ceiling", "ceiling", cc, ceil_v, boundary="zone", adjacent_zone="Attic")
            )
            attic_zone = _attic_zone(g, space, frame, height)
        else:
            surfaces[top].append(
                ep.Surface(
                    "Ceiling", "ceiling", cc, ceil_v, boundary="unheated", b=house.b_factor(ceil)
                )
            )
    elif g.roof == "flat":
        if len(parts.roofs) != 1:
            raise InputError(f"house {house.name!r}: roof 'flat' needs one roof element")
        r = parts.roofs[0]
        surfaces[top].append(
            ep.Surface(
                "Roof",
                "roof",
                _element_construction(r, r.name, "up", True),
                frame(ep.horizontal_vertices(plan, height, "up")),
            )
        )
    else:  # heated roof: slopes over the top storey; gables adiabatic as in rehab's House
        rise = g.depth / 2.0 * math.tan(math.radians(g.roof_pitch))
        by_side = {r.side: r for r in parts.roofs}
        if set(by_side) != {"front", "back"}:
            raise InputError(
                f"house {house.name!r}: roof 'heated_roof' needs roof_front and roof_back"
            )
        ridge = height + rise
        w_, d_ = g.width, g.depth
        slopes = {
            "front": ((0, d_ / 2, ridge), (0, 0, height), (w_, 0, height), (w_, d_ / 2, ridge)),
            "back": ((w_, d_ / 2, ridge), (w_, d_, height), (0, d_, height), (0, d_ / 2, ridge)),
        }
        for side, pts in slopes.items():
            r = by_side[side]
            surfaces[top].append(
                ep.Surface(
                    f"Roof {side}", "roof", _element_construction(r, r.name, "up", True), frame(pts)
                )
            )
        surfaces[top].append(
            ep.Surface(
                "Gable right",
                "wall",
                constructions.get("right") or _u_construction("Gable", 1.0, 0.13, 0.13, 0.6),
                frame(((w_, 0, height), (w_, d_, height), (w_, d_ / 2, ridge))),
                boundary="adiabatic",
            )
        )
        surfaces[top].append(
            ep.Surface(
                "Gable left",
                "wall",
                constructions.get("left") or _u_construction("Gable", 1.0, 0.13, 0.13, 0.6),
                frame(((0, d_, height), (0, 0, height), (0, d_ / 2, ridge))),
                boundary="adiabatic",
            )
        )
        zones_extra["roof_volume"] = w_ * d_ * rise / 2.0

    # loads
    q_air, q_bal, eta = _infiltration_and_ventilation(house, declared_air_heat_capacity)
    gains = _default_gains(house) if internal_gains is None else float(internal_gains)
    nz = len(zone_names)
    volumes = [house.volume] if nz == 1 else [house.volume / nz] * nz
    zones = []
    for zi, zname in enumerate(zone_names):
        masses = []
        for e in parts.internal:
            if e.construction is None or (zoning == "storeys" and e is inter):
                continue
            c = _construction(
                e.name,
                e.construction,
                direction="horizontal" if e.kind == "wall" else "down",
                exterior=False,
                outside_absorptance=0.6,
            )
            masses.append(
                ep.InternalMass(
                    f"{e.name}" + ("" if nz == 1 else f" {zi + 1}"), c, 2.0 * e.area / nz
                )
            )
        zones.append(
            ep.Zone(
                zname,
                tuple(surfaces[zi]),
                volume=volumes[zi],
                infiltration_ach=q_air / house.volume,
                gains=(
                    ep.Gain(
                        "Internal gains", gains / nz, GAIN_RADIANT_FRACTION, schedule=gain_schedule
                    ),
                )
                if gains > 0
                else (),
                heating_setpoint=heating_setpoint,
                cooling_setpoint=cooling_setpoint,
                ventilation_flow=q_bal / 3600.0 / nz,
                heat_recovery_effectiveness=eta if q_bal > 0 else 0.0,
                internal_masses=tuple(masses),
                operative_fraction=0.5 if control == "operative" else None,
                heating_capacity=None if power_limit is None else power_limit / nz,
            )
        )
    if attic_zone is not None:
        zones.append(attic_zone)
    ground = ground_temperature if gf is not None else None
    return ep.Model(
        house.name,
        tuple(zones),
        ground_temperature=ground,
        timestep=timestep,
        terrain="Suburbs",
        solar_distribution="FullInteriorAndExterior",
    )


# ----------------------------------------------------------------------------- shoebox
#: Spacing between the shoebox's surfaces [m]: each stands alone, far enough
#: from the others that none shades another (a 3 m surface 100 m away shades
#: only with the sun below 2° — assumption, 2026-12-06).
SHOEBOX_SPACING = 100.0
#: Height of the shoebox's vertical surfaces [m] (their width follows from the area).
SHOEBOX_HEIGHT = 2.5
#: Resistance of the opaque margin that holds a window in its own host surface
#: [m²·K/W]: nearly adiabatic, so that the margin (2 % of the window area) adds no loss.
HOST_MARGIN_R = 10.0


def _rectangle(centre: Sequence[float], azimuth: float, tilt: float, width: float, height: float) -> tuple[ep.Vec3, ...]:
    """A width × height rectangle centred on ``centre`` whose outward normal has the given
    azimuth (clockwise from north) and tilt (0 = facing up), counter-clockwise seen from outside."""
    a, t = math.radians(azimuth), math.radians(tilt)
    n = np.array([math.sin(t) * math.sin(a), math.sin(t) * math.cos(a), math.cos(t)])
    u = np.array([-math.cos(a), math.sin(a), 0.0]) if abs(n[2]) < 0.999 else np.array([1.0, 0.0, 0.0])
    v = np.cross(n, u)
    c = np.asarray(centre, dtype=float)
    pts = [c - 0.5 * width * u + 0.5 * height * v, c - 0.5 * width * u - 0.5 * height * v,
           c + 0.5 * width * u - 0.5 * height * v, c + 0.5 * width * u + 0.5 * height * v]
    nn, _ = ep.newell_normal(pts)
    if float(np.dot(nn, n)) < 0:
        pts = pts[::-1]
    return tuple((_r(p[0]), _r(p[1]), _r(p[2])) for p in pts)


def _r(x: float) -> float:
    return round(float(x), 6) + 0.0


def _dims(area: float, tilt: float) -> tuple[float, float]:
    if 45.0 < tilt < 135.0:
        return area / SHOEBOX_HEIGHT, SHOEBOX_HEIGHT
    side = math.sqrt(area)
    return side, side



def shoebox_model(
    house: House,
    *,
    heating_setpoint: ScheduleLike = HEATING_SETPOINT,
    cooling_setpoint: ScheduleLike | None = None,
    internal_gains: float | None = None,
    gain_schedule: ScheduleLike = 1.0,
    ground_temperature: float | Sequence[float] | None = None,
    control: str = "operative",
    power_limit: float | None = None,
    timestep: int = 4,
    declared_air_heat_capacity: float | None = None,
) -> ep.Model:
    """The EnergyPlus description of a declared house as an equivalent shoebox.

    One heated zone of the house's volume; **each element a surface of its
    own area, orientation and boundary**, standing alone (spaced
    :data:`SHOEBOX_SPACING` apart so that none shades another): exterior
    elements outdoors (sun, sky, wind), elements on unheated spaces at
    ``b·θ_e + (1 − b)·θ_zone``, party walls adiabatic, floors on the ground
    over an equivalent ground layer giving their U, internal elements as
    internal mass (both faces). An exterior wall or door without an
    orientation is split in four equal parts facing N, E, S and W
    (:func:`rehab.demand.iso52016.oriented_elements`). Each window sits in a
    host surface of its own orientation (the host's 2 % margin is nearly
    adiabatic). Constructions are the elements' layers, or for a U-only
    element the layers of the house's mass class
    (:func:`rehab.demand.iso52016.declared_layers`: κ_m of ISO 52016-1
    Table B.14 as a masonry layer, through the element if U ≥ 1, outside an
    insulating layer otherwise). Thermal bridges are folded into the
    exterior walls as in :func:`house_model`. The zone is not closed, so
    the transmitted sun falls on the floor (``FullExterior``).

    Parameters are those of :func:`house_model` (without ``zoning`` and ``attic``).

    Returns
    -------
    rehab.energyplus.idf.Model

    Examples
    --------
    >>> import rehab
    >>> h = rehab.House.from_elements(floor_area=60, elements=[
    ...     {"type": "opaque", "kind": "wall", "area": 90, "u_value": 2.0},
    ...     {"type": "opaque", "kind": "ceiling", "area": 60, "u_value": 0.3, "boundary": "unheated", "b": 0.9},
    ...     {"type": "opaque", "kind": "floor", "area": 60, "u_value": 0.5, "boundary": "ground"},
    ...     {"type": "window", "area": 8, "u_value": 2.8, "azimuth": 180}])
    >>> m = shoebox_model(h, ground_temperature=11.0)
    >>> len(m.zones[0].surfaces), m.solar_distribution  # 4 wall quarters, ceiling, floor, window host
    (7, 'FullExterior')
    """
    from ..house import GroundFloor, Opaque, Window, _direction
    from .layers import oriented_elements

    if control not in ("air", "operative"):
        raise InputError(f"control: {control!r} is not one of 'air', 'operative'")
    elements = oriented_elements(house)
    h_tb = sum(tb.b * house.bridge_psi(tb) * tb.length for tb in house.thermal_bridges)
    walls = [e for e in elements if isinstance(e, Opaque) and e.kind == "wall" and e.boundary == "exterior"]
    wall_area = sum(w.area for w in walls)
    if h_tb > 0 and wall_area <= 0:
        raise InputError(f"house {house.name!r}: thermal bridges but no exterior wall to carry them")
    extra_u = h_tb / wall_area if wall_area > 0 else 0.0
    surfaces: list[ep.Surface] = []
    masses: list[ep.InternalMass] = []
    has_ground = False
    names: set[str] = set()

    def unique(label: str) -> str:
        base, k = label or "element", 1
        out = base
        while out in names:
            k += 1
            out = f"{base} {k}"
        names.add(out)
        return out

    for k, e in enumerate(elements):
        tilt = float(e.effective_tilt)
        az = float(e.azimuth) % 360.0 if e.azimuth is not None else 180.0
        centre = (SHOEBOX_SPACING * (k + 1), 0.0, 10.0)
        name = unique(e.name or getattr(e, "kind", "element"))
        if isinstance(e, Window):
            if e.boundary != "exterior":  # a window on an unheated space: a no-mass b-surface
                from .layers import R_C_MIN

                r_w = max(1.0 / e.u - 0.26, R_C_MIN)
                cons = _u_construction(name, 1.0 / (r_w + 0.26), 0.13, 0.13, 0.6)
                w_, h_ = _dims(e.area, 90.0)
                surfaces.append(ep.Surface(name, "wall", cons, _rectangle(centre, az, 90.0, w_, h_),
                                           boundary="unheated", b=house.b_factor(e)))
                continue
            shgc = e.g_value * (1.0 - e.frame_fraction) * e.shading
            glazing = ep.WindowConstruction(f"{name} glazing", u_value=min(e.u, 7.0), shgc=min(max(shgc, 0.01), 0.99))
            hh = SHOEBOX_HEIGHT if 45.0 < tilt < 135.0 else math.sqrt(1.02 * e.area)
            hw = 1.02 * e.area / hh
            wh = 0.99 * hh
            ww = e.area / wh
            host_cons = _u_construction(f"{name} host", 1.0 / (HOST_MARGIN_R + 0.17), 0.13, 0.04, 0.6)
            kind = "wall" if 45.0 < tilt < 135.0 else "roof"
            surfaces.append(
                ep.Surface(
                    f"{name} host", kind, host_cons, _rectangle(centre, az, tilt, hw, hh),
                    windows=(ep.Window(name, glazing, _rectangle(centre, az, tilt, ww, wh)),),
                )
            )
            names.add(f"{name} host")
            continue
        kind_ = e.kind
        if isinstance(e, GroundFloor) or e.boundary == "ground":
            has_ground = True
            w_, h_ = _dims(e.area, 180.0)
            surfaces.append(ep.Surface(name, "floor", _declared_ground_construction(house, e, name),
                                       _rectangle(centre, 0.0, 180.0, w_, h_), boundary="ground"))
            continue
        direction = _direction(kind_, tilt)
        if e.boundary == "internal":
            if e.construction is not None or e.u_value is not None:
                cons = _declared_construction(house, e, name, direction, False)
                masses.append(ep.InternalMass(name, cons, 2.0 * e.area))
            continue
        exterior = e.boundary == "exterior"
        cons = _declared_construction(house, e, name, direction, exterior, extra_u if any(e is w for w in walls) else 0.0)
        if tilt > 135.0:
            skind = "floor"
        elif tilt < 45.0:
            skind = "roof" if exterior else "ceiling"
        else:
            skind = "wall"
        w_, h_ = _dims(e.area, tilt)
        verts = _rectangle(centre, az, tilt, w_, h_)
        if exterior:
            kw: dict[str, Any] = {}
        elif e.boundary == "adjacent" or house.b_factor(e) == 0.0:
            kw = {"boundary": "adiabatic"}
        else:
            kw = {"boundary": "unheated", "b": house.b_factor(e)}
        surfaces.append(ep.Surface(name, skind, cons, verts, **kw))
    if has_ground and ground_temperature is None:
        raise InputError(
            "ground_temperature: the house has a floor on the ground; give the temperature under "
            "it [°C] (one value or 12 monthly values)"
        )
    q_air, q_bal, eta = _infiltration_and_ventilation(house, declared_air_heat_capacity)
    gains = _default_gains(house) if internal_gains is None else float(internal_gains)
    zone = ep.Zone(
        "Dwelling",
        tuple(surfaces),
        volume=house.volume,
        infiltration_ach=q_air / house.volume,
        gains=(ep.Gain("Internal gains", gains, GAIN_RADIANT_FRACTION, schedule=gain_schedule),) if gains > 0 else (),
        heating_setpoint=heating_setpoint,
        cooling_setpoint=cooling_setpoint,
        ventilation_flow=q_bal / 3600.0,
        heat_recovery_effectiveness=eta if q_bal > 0 else 0.0,
        internal_masses=tuple(masses),
        operative_fraction=0.5 if control == "operative" else None,
        heating_capacity=power_limit,
    )
    return ep.Model(
        house.name,
        (zone,),
        ground_temperature=ground_temperature if has_ground else None,
        timestep=timestep,
        terrain="Suburbs",
        solar_distribution="FullExterior",
    )


def _attic_zone(g: Any, space: Any, frame: _Frame, height: float) -> ep.Zone:
    """Free-floating attic: gable roof, ridge parallel to the street façade."""
    w, d = g.width, g.depth
    rise = d / 2.0 * math.tan(math.radians(g.roof_pitch))
    ridge = height + rise
    cons = _attic_construction(space)
    surfaces = [
        ep.Surface(
            "Attic roof front",
            "roof",
            cons,
            frame(((0, d / 2, ridge), (0, 0, height), (w, 0, height), (w, d / 2, ridge))),
        ),
        ep.Surface(
            "Attic roof back",
            "roof",
            cons,
            frame(((w, d / 2, ridge), (w, d, height), (0, d, height), (0, d / 2, ridge))),
        ),
    ]
    for side, pts in (
        ("right", ((w, 0, height), (w, d, height), (w, d / 2, ridge))),
        ("left", ((0, d, height), (0, 0, height), (0, d / 2, ridge))),
    ):
        kw: dict[str, Any] = {"boundary": "adiabatic"} if g.is_party(side) else {}
        surfaces.append(ep.Surface(f"Attic gable {side}", "wall", cons, frame(pts), **kw))
    volume = w * d * rise / 2.0
    return ep.Zone(
        "Attic",
        tuple(surfaces),
        volume=volume if volume > 0 else None,
        infiltration_ach=space.air_change_rate,
    )


# ----------------------------------------------------------------------------- API
def to_idf(
    house: House,
    path: str | os.PathLike[str],
    weather: Any = None,
    *,
    zoning: str = "single",
    install: EnergyPlusInstall | None = None,
    **options: Any,
) -> Path:
    """Export a house to an EnergyPlus IDF file.

    Parameters
    ----------
    house : rehab.House
        A geometry-built house (archetype, ``house_from_box``), retrofitted or not.
    path : path-like
        Output ``.idf``; side files (``Schedule:File`` CSVs) go beside it.
    weather : path-like or rehab.weather.Weather, optional
        Gives the site and the monthly temperature under the ground floor;
        default the embedded weather (:func:`rehab.weather.default`).
    zoning : {"single", "storeys"}
    install : EnergyPlusInstall, optional
        Target EnergyPlus (version and IDD); default :func:`find_energyplus`.
    **options
        Passed to :func:`house_model` (``attic``, ``heating_setpoint``,
        ``cooling_setpoint``, ``internal_gains``, ``gain_schedule``,
        ``ground_temperature``, ``control``, ``power_limit``, ``timestep``).

    Returns
    -------
    pathlib.Path
    """
    site = _site(weather, need_file=False)
    options.setdefault("ground_temperature", site.ground_monthly)
    try:
        model = house_model(house, zoning=zoning, **options)
        return ep.write_idf(model, path, site.location, install=install or find_energyplus())
    finally:
        site.cleanup()


def result_type() -> type:
    """The result class of :func:`simulate`: :class:`rehab.energyplus.results.EnergyPlusResult`.

    A subclass of ``rehab.simulation.SimulationResult`` carrying
    ``wall_time_s``, ``warnings`` and ``runs`` (module-level, so it pickles).
    """
    from .results import EnergyPlusResult

    return EnergyPlusResult


def _night_profile(setpoint: float, setback: float | None, hours: tuple[int, int]) -> ScheduleLike:
    """24 hourly set-points (index = hour starting), as rehab.simulate's set-back."""
    if setback is None:
        return setpoint
    start, end = hours
    hod = np.arange(24)
    night = (hod >= start) | (hod < end) if start > end else (hod >= start) & (hod < end)
    return [float(setback) if n else float(setpoint) for n in night]


def _conditioned_stats(r: EnergyPlusResults) -> dict[str, np.ndarray]:
    """Volume-weighted air/operative temperatures and net power of the heated zones."""
    zones = [z for z in r.zones if z in r.heating]
    vol = np.array([r.volume.get(z, 0.0) or 1.0 for z in zones])
    w = vol / vol.sum()
    air = np.zeros(r.month.size)
    op = np.zeros(r.month.size)
    for wi, z in zip(w, zones, strict=True):
        air = air + wi * r.air_temperature[z]
        op = op + wi * r.operative_temperature[z]
    phi = (r.heating_hourly_j - r.cooling_hourly_j) / 3600.0
    return {"air": air, "op": op, "phi": phi}


def simulate(
    houses: House | Sequence[House],
    weather: Any = None,
    *,
    setpoint: Any = HEATING_SETPOINT,
    setback: Any = None,
    setback_hours: tuple[int, int] = (22, 6),
    cooling_setpoint: Any = None,
    internal_gains: Any = "conventional",
    power_limit: Any = None,
    hourly: bool = False,
    zoning: str = "single",
    attic: str = "zone",
    control: str = "operative",
    max_workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    keep: bool = False,
    workdir: str | os.PathLike[str] | None = None,
    exe: str | os.PathLike[str] | None = None,
) -> Any:
    """Simulate one house or many in EnergyPlus; options and result as ``rehab.simulate``.

    Each distinct house runs in its own EnergyPlus process, in parallel
    (identical houses run once, as in :func:`rehab.simulate`).

    Parameters
    ----------
    houses : rehab.House or sequence of House
        One house gives floats; a list gives arrays in the same order.
    weather : rehab.weather.Weather or path-like, optional
        Default :func:`rehab.weather.default`; a Weather object that is not
        the embedded one is written to a temporary EPW.
    setpoint, setback, setback_hours, cooling_setpoint, internal_gains, power_limit, hourly
        As for :func:`rehab.simulate` ([°C], local hours, "conventional" or
        [W], [W], keep hourly series).
    zoning : {"single", "storeys"}
    attic : {"zone", "b"}
    control : {"air", "operative"}
        See :func:`house_model`.
    max_workers : int, optional
        Concurrent EnergyPlus processes (default: number of CPUs).
    timeout : float
        Wall-time limit per house [s].
    keep : bool
        Keep the run directories (paths on ``result.runs``).
    workdir : path-like, optional
        Parent directory of the runs (kept).
    exe : path-like, optional
        EnergyPlus executable (default :func:`find_energyplus`).

    Returns
    -------
    EnergyPlusResult
        A :class:`rehab.simulation.SimulationResult` (``method="energyplus"``)
        with ``wall_time_s``, ``warnings`` and ``runs`` besides (see
        :func:`result_type`). Peak powers are the largest hourly means;
        temperatures are the volume-weighted means of the heated zones;
        ``hours_above_26``/``_28`` count hours of operative temperature
        above 26/28 °C.

    Raises
    ------
    EnergyPlusError
        If a run ends with severe or fatal errors or times out.
    """
    from ..simulation_base import control_options, deduplicate, house_list

    seq, single = house_list(houses)
    sp, sb, cs, pl, ig = control_options(setpoint, setback, cooling_setpoint, power_limit, internal_gains, setback_hours)
    gains = None if ig == "conventional" else ig
    # identical houses (same description but the name) run once
    uniq, inverse = deduplicate(seq)
    install = find_energyplus(exe)
    site = _site(weather, need_file=True)
    options = dict(
        zoning=zoning,
        attic=attic,
        control=control,
        heating_setpoint=_night_profile(sp, sb, setback_hours),
        cooling_setpoint=cs,
        internal_gains=gains,
        power_limit=pl,
        ground_temperature=site.ground_monthly,
        declared_air_heat_capacity=site.air_heat_capacity,
    )
    try:
        jobs = [
            (ep.build_idf(house_model(h, **options), site.location, install=install), site.epw)
            for h in uniq
        ]
        runs = run_many(
            jobs,
            max_workers=max_workers,
            timeout=timeout,
            workdir=workdir,
            keep=keep,
            exe=install,
            names=[h.name for h in uniq],
        )
    finally:
        site.cleanup()
    res = [r.results for r in runs]
    stats = [_conditioned_stats(r) for r in res]
    area = np.array([h.floor_area for h in uniq])
    heating = np.array([r.heating_kwh for r in res])
    fields_: dict[str, Any] = {
        "floor_area_m2": area,
        "heating_need_kwh": heating,
        "cooling_need_kwh": np.array([r.cooling_kwh for r in res]),
        "heating_need_kwh_per_m2": heating / area,
        "heating_need_monthly_kwh": np.array([r.monthly_heating_kwh for r in res]),
        "cooling_need_monthly_kwh": np.array([r.monthly_cooling_kwh for r in res]),
        "peak_heating_w": np.array([r.peak_heating_w for r in res]),
        "peak_cooling_w": np.array([r.peak_cooling_w for r in res]),
        "hours_above_26": np.array([float((st["op"] > 26.0).sum()) for st in stats]),
        "hours_above_28": np.array([float((st["op"] > 28.0).sum()) for st in stats]),
        "theta_air_min_c": np.array([st["air"].min() for st in stats]),
        "theta_air_max_c": np.array([st["air"].max() for st in stats]),
        "theta_air_mean_c": np.array([st["air"].mean() for st in stats]),
        "wall_time_s": np.array([r.elapsed for r in runs]),
    }
    if hourly:
        fields_["theta_air_c"] = np.array([st["air"] for st in stats])
        fields_["theta_op_c"] = np.array([st["op"] for st in stats])
        fields_["phi_hc_w"] = np.array([st["phi"] for st in stats])
    out: dict[str, Any] = {}
    for k, v in fields_.items():
        v = np.asarray(v)[inverse]
        out[k] = (float(v[0]) if v.ndim == 1 else v[0]) if single else v
    ordered = [runs[j] for j in inverse]
    settings = dict(
        setpoint_c=sp,
        setback_c=sb,
        setback_hours=setback_hours,
        cooling_setpoint_c=cs,
        internal_gains=internal_gains,
        power_limit_w=pl,
        weather=site.location["name"],
        unique_houses=len(uniq),
        energyplus_version=install.version_string,
        zoning=zoning,
        attic=attic,
        control=control,
    )
    return result_type()(
        method="energyplus",
        names=[h.name for h in seq],
        settings=settings,
        warnings=[r.warnings for r in ordered],
        runs=ordered,
        **out,
    )
