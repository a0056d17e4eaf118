"""Any French house from what a stock knows: period, type, area, storeys, materials, energy.

A stock or a BDNB extract rarely names an archetype; it gives the
construction period, the house type (attachment), the living area, the
number of storeys, the wall material, the roof, the main heating energy and
sometimes the glazing. :func:`parameters` turns such columns into a table of
envelope and system parameters (vectorised: one row per house, plain
lookups and arithmetic on columns); :func:`house` builds one
:class:`rehab.House` from one row; :func:`houses` does it for a table.

Values and their sources (``data/typology/envelope_defaults.csv``, one
source per row, dated):

* U-values by period when the insulation is unknown, and of uninsulated
  walls by material (Umur0), the window Uw and Sw by glazing, the
  conventional airtightness Q4Pa_conv and ventilation flow Qvarep_conv:
  the 3CL-DPE 2021 default tables (arrêté du 31 mars 2021, annexe 1, §3–4),
  each value as applied by the certified software in the ADEME DPE files of
  ``tests/data/dpe/xml`` (table id given), or marked as an assumption;
* Hvent = 0.34·Qvarep_conv·Sh and Hperm = 0.34·e·Q4Pa/(4/50)^(2/3) with
  Q4Pa = Q4Pa_conv·(envelope area except the low floor), e = 0.07 for
  several exposed façades (3CL §4, the balanced case);
* geometry: a rectangular plan of ``floor_area / storeys`` per storey
  (depth/width 1.2 detached, 1.5 attached), storeys 2.5 m high plus 0.2 m
  of floor; party walls (b = 0) on one side (semi-detached, end-terrace) or
  two (mid-terrace); windows 12.7 % of the living area (median of the 108
  files), split between the long façades (and the gables of a detached
  house); one 2 m² door; the low floor by ISO 13370 (slab on ground) from
  the period's floor U; bridges ψ·l of window reveals and the low floor;
* ILPA (heavy building of old materials) before 1948 with masonry walls;
  3CL inertia from heavy walls and floors (§7);
* systems: the presets of :mod:`rehab.systems` by main energy.

With ``u_values="tabula"`` the element U-values (wall, roof or ceiling,
floor, window, door) and the infiltration air change come instead from the
TABULA/EPISCOPE French typology, existing state
(``data/archetypes/tabula_fr.csv``, read by
:func:`rehab.archetypes.tabula_rows`; source: IEE Projects TABULA +
EPISCOPE (www.episcope.eu), national typology France, Pouget Consultants /
ADEME 2015): the single-family house (SFH) of the construction period for a
detached house, the terraced house (TH) for an attached one. The rest
(geometry, b factors, window Sw, bridges, ventilation flow, systems) stays
as above; the infiltration is Hperm = 0.34·n_inf·(floor area·2.5 m)
(TABULA's conditioned volume, room height 2.5 m).

Examples
--------
>>> from rehab import typology, labels
>>> h = typology.house(period="before-1948", house_type="mid-terrace", floor_area=80,
...                    storeys=2, wall_material="solid_brick", heating="natural_gas")
>>> h.floor_area, h.storeys, h.heating.carrier
(80.0, 2, 'natural_gas')
>>> labels.dpe(h, "2025-06-01").label in "EFG"
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ._data import read_csv_records
from .errors import InputError, UnknownNameError

__all__ = [
    "GLAZING",
    "HEATING",
    "HOUSE_TYPES",
    "PERIODS",
    "ROOFS",
    "U_VALUES",
    "WALL_MATERIALS",
    "house",
    "houses",
    "parameters",
    "period_code",
]

#: Construction periods of the DPE (enum_periode_construction_id 1..10).
PERIODS: tuple[str, ...] = (
    "before-1948",
    "1948-1974",
    "1975-1977",
    "1978-1982",
    "1983-1988",
    "1989-2000",
    "2001-2005",
    "2006-2012",
    "2013-2021",
    "after-2021",
)
_PERIOD_LAST_YEAR = (1947, 1974, 1977, 1982, 1988, 2000, 2005, 2012, 2021, 2100)
HOUSE_TYPES: tuple[str, ...] = ("detached", "semi-detached", "end-terrace", "mid-terrace")
WALL_MATERIALS: tuple[str, ...] = (
    "stone",
    "solid_brick",
    "hollow_brick",
    "concrete_block",
    "concrete",
    "timber_frame",
    "earth",
    "unknown",
)
ROOFS: tuple[str, ...] = ("attic", "loft", "flat")
HEATING: tuple[str, ...] = (
    "electricity",
    "natural_gas",
    "fuel_oil",
    "lpg",
    "wood",
    "heat_pump",
    "district_heat",
)
GLAZING: tuple[str, ...] = ("single", "double_old", "double", "triple")
#: Where the element U-values come from: the 3CL-DPE 2021 default tables or the TABULA France typology.
U_VALUES: tuple[str, ...] = ("3cl", "tabula")

#: Main energy → (heating preset, overrides; DHW preset, overrides) of rehab.systems.
_SYSTEMS: dict[str, tuple[str, dict, str, dict]] = {
    "electricity": ("direct-electric", {}, "dhw-electric-tank", {}),
    "natural_gas": ("gas-boiler-old", {}, "dhw-gas-boiler", {}),
    "fuel_oil": ("fuel-oil-boiler", {}, "dhw-gas-boiler", {"carrier": "fuel_oil"}),
    "lpg": ("gas-boiler-old", {"carrier": "lpg"}, "dhw-gas-boiler", {"carrier": "lpg"}),
    "wood": ("wood-log-stove", {}, "dhw-electric-tank", {}),
    "heat_pump": ("heat-pump-air-water", {}, "dhw-electric-tank", {}),
    "district_heat": ("district-heat", {}, "dhw-electric-tank", {}),
}
_MASONRY = frozenset({"stone", "solid_brick", "hollow_brick", "concrete_block", "concrete", "earth"})
_OLD_HEAVY = frozenset({"stone", "solid_brick", "earth"})
STOREY_HEIGHT = 2.5  # ceiling height [m]
FLOOR_THICKNESS = 0.2  # between storeys [m]


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], tuple[float, float]]:
    out = {}
    for r in read_csv_records("typology", "envelope_defaults.csv"):
        v = float(r["value"])
        ve = float(r["value_electric"]) if r["value_electric"] else v
        out[(r["component"], r["key"])] = (v, ve)
    return out


def _value(component: str, key: Any, electric: bool = False) -> float:
    t = _table()
    k = (component, str(key))
    if k not in t:
        raise UnknownNameError(f"{component} default", str(key), [kk[1] for kk in t if kk[0] == component])
    return t[k][1 if electric else 0]


def period_code(period: Any) -> int:
    """DPE period code 1..10 from a period name (:data:`PERIODS`) or a construction year.

    Examples
    --------
    >>> period_code("1948-1974"), period_code(1930), period_code(1995)
    (2, 1, 6)
    """
    if isinstance(period, (int, np.integer)) or (isinstance(period, float) and period == int(period)):
        year = int(period)
        for i, last in enumerate(_PERIOD_LAST_YEAR):
            if year <= last:
                return i + 1
    if isinstance(period, str) and period in PERIODS:
        return PERIODS.index(period) + 1
    raise UnknownNameError("construction period", str(period), PERIODS)


def _check(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UnknownNameError(name, str(value), allowed)
    return value


def _tabula(period: Any, house_type: str) -> dict[str, Any]:
    """The TABULA France existing-state house of a period (a year, or a DPE period inside one TABULA period)."""
    from .archetypes import tabula_rows

    kind = "SFH" if house_type == "detached" else "TH"
    rows = [r for r in tabula_rows() if r["building_type"] == kind]
    if isinstance(period, str):
        code = period_code(period)
        first = _PERIOD_LAST_YEAR[code - 2] + 1 if code > 1 else 0
        last = _PERIOD_LAST_YEAR[code - 1]
    else:
        first = last = int(period)
    for r in rows:
        if r["year_from"] <= first and last <= r["year_to"]:
            return r
    spans = ", ".join(f"{r['year_from']:.0f}-{r['year_to']:.0f}" for r in rows
                      if r["year_from"] <= last and first <= r["year_to"])
    allowed = ", ".join(f"{r['year_from']:.0f}-{r['year_to']:.0f}" for r in rows)
    raise InputError(
        f"typology: period {period!r} spans several TABULA France {kind} periods ({spans}); with "
        f"u_values='tabula' give a construction year or a DPE period inside one of {allowed}"
    )


def _default_glazing(code: int) -> str:
    # assumption: windows of houses built before 1975 have mostly been replaced
    # by (older) double glazing; new houses got low-e double, triple from 2022
    if code <= 6:
        return "double_old"
    return "double" if code <= 9 else "triple"


def _ventilation(code: int) -> str:
    if code <= 3:
        return "windows"
    if code <= 6:
        return "mev_1982_2000"
    return "mev_2001_2012" if code <= 8 else "mev_2013"


def parameters(
    period: Any,
    house_type: Any,
    floor_area: Any,
    storeys: Any = 1,
    wall_material: Any = "unknown",
    roof: Any = "attic",
    heating: Any = "natural_gas",
    glazing: Any = None,
    *,
    azimuth: Any = 180.0,
    party_share: Any = None,
    u_values: Any = "3cl",
) -> Any:
    """The typology's parameters of one house or many (a :class:`pandas.DataFrame`).

    Every argument is a value or a sequence (one entry per house); scalars
    are broadcast. ``glazing`` None takes the period's default.

    Parameters
    ----------
    period : str or int or sequence
        One of :data:`PERIODS`, or a construction year.
    house_type : str or sequence
        One of :data:`HOUSE_TYPES`.
    floor_area : float or sequence
        Living area [m²].
    storeys : int or sequence
    wall_material : str or sequence
        One of :data:`WALL_MATERIALS`.
    roof : str or sequence
        One of :data:`ROOFS` ("attic": ceiling under an unheated attic;
        "loft": heated rooms under the rafters; "flat").
    heating : str or sequence
        Main heating energy, one of :data:`HEATING`.
    glazing : str or sequence or None
        One of :data:`GLAZING`.
    azimuth : float or sequence
        Azimuth of the front (street) façade [deg] (0 = N, 180 = S).
    party_share : float or sequence or None
        Share of the external perimeter on party walls [-], as measured on
        a footprint (:mod:`rehab.footprint`: party wall length / perimeter);
        None or NaN: one gable per party side of ``house_type``.
    u_values : str or sequence
        Source of the element U-values and the infiltration, one of
        :data:`U_VALUES`: ``"3cl"`` the 3CL-DPE 2021 default tables by
        period, material and energy; ``"tabula"`` the TABULA France
        existing-state house of the period (SFH for a detached house, TH
        for an attached one), which needs a construction year when the DPE
        period spans several TABULA periods (before-1948, 1948-1974,
        1978-1982, 1989-2000).

    Returns
    -------
    pandas.DataFrame
        One row per house: the inputs, ``period_code``, ``u_wall``,
        ``u_roof``, ``b_roof``, ``u_floor``, ``u_window``, ``u_door``
        [W/(m²·K)], ``sw``, ``q4pa`` [m³/(h·m²)], ``qvarep`` [m³/(h·m²)],
        ``n_infiltration`` [1/h] (TABULA; NaN: 3CL Q4Pa), ``tabula_code``
        (TABULA house, "" for 3CL), ``ilpa``,
        ``inertia``, ``width``, ``depth`` [m], ``party_sides``,
        ``window_area``, ``door_area`` [m²], ``azimuth`` [deg],
        ``party_share`` [-] (NaN: by house type).

    Raises
    ------
    UnknownNameError
        A period, type, material, roof, energy or glazing not in the lists.
    InputError
        A non-positive area or storey count; with ``u_values="tabula"``, a
        period that spans several TABULA periods.

    Examples
    --------
    >>> t = parameters(["before-1948", "1989-2000"], "detached", [90, 120], 2,
    ...                ["stone", "hollow_brick"], heating=["fuel_oil", "electricity"])
    >>> t[["u_wall", "u_roof", "u_window", "q4pa", "ilpa"]].to_dict("list")
    {'u_wall': [1.9, 0.5], 'u_roof': [1.45, 0.25], 'u_window': [2.8, 2.8], 'q4pa': [2.0, 1.9], 'ilpa': [True, False]}
    >>> t = parameters([1930, "2001-2005"], ["mid-terrace", "detached"], 90, 2, u_values="tabula")
    >>> t[["tabula_code", "u_wall", "u_roof", "u_window", "n_infiltration"]].to_dict("list")
    {'tabula_code': ['FR.N.TH.02.Gen.ReEx.001.001', 'FR.N.SFH.08.Gen.ReEx.001.001'], 'u_wall': [0.63, 0.33], 'u_roof': [2.42, 0.19], 'u_window': [4.8, 1.8], 'n_infiltration': [0.4, 0.2]}
    """
    import pandas as pd

    df = pd.DataFrame(
        {
            "period": period,
            "house_type": house_type,
            "floor_area": floor_area,
            "storeys": storeys,
            "wall_material": wall_material,
            "roof": roof,
            "heating": heating,
            "glazing": glazing,
            "azimuth": azimuth,
            "party_share": np.nan if party_share is None else party_share,
            "u_values": u_values,
        },
        index=None if np.ndim(floor_area) or any(np.ndim(v) for v in (period, house_type)) else [0],
    )
    area = df["floor_area"].astype(float)
    n_storeys = df["storeys"].astype(int)
    if (area <= 0).any() or (n_storeys < 1).any():
        raise InputError("typology: floor_area [m²] must be > 0 and storeys >= 1")
    df["azimuth"] = df["azimuth"].astype(float) % 360.0
    share = df["party_share"].astype(float)
    if ((share < 0) | (share >= 1)).any():
        raise InputError(f"typology: party_share {share[(share < 0) | (share >= 1)].iloc[0]!r} [-] must be >= 0 and < 1")
    df["party_share"] = share
    for col, allowed in (
        ("house_type", HOUSE_TYPES),
        ("wall_material", WALL_MATERIALS),
        ("roof", ROOFS),
        ("heating", HEATING),
        ("u_values", U_VALUES),
    ):
        bad = sorted(set(df[col]) - set(allowed))
        if bad:
            raise UnknownNameError(col.replace("_", " "), str(bad[0]), allowed)
    code = df["period"].map(period_code)
    df["period_code"] = code
    df["glazing"] = [g if g is not None and g == g else _default_glazing(c) for g, c in zip(df["glazing"], code, strict=True)]
    bad = sorted(set(df["glazing"]) - set(GLAZING))
    if bad:
        raise UnknownNameError("glazing", str(bad[0]), GLAZING)
    electric = df["heating"].isin(["electricity", "heat_pump"])
    old = code <= 2
    df["u_wall"] = [
        _value("wall0", m) if o else _value("wall", c, e)
        for m, c, e, o in zip(df["wall_material"], code, electric, old, strict=True)
    ]
    df["u_roof"] = [
        _value({"attic": "ceiling", "loft": "roof_loft", "flat": "roof_flat"}[r] if o else "ceiling", c, e)
        for r, c, e, o in zip(df["roof"], code, electric, old, strict=True)
    ]
    df["b_roof"] = np.where(df["roof"] == "attic", _value("ratio", "b_attic"), 1.0)
    df["u_floor"] = [_value("floor", c, e) for c, e in zip(code, electric, strict=True)]
    df["u_window"] = [_value("window", g) for g in df["glazing"]]
    df["u_door"] = np.where(code <= 2, 3.5, 2.0)  # assumption (the typology's door, 3CL route), 2026-12-06
    df["n_infiltration"] = np.nan
    df["tabula_code"] = ""
    use = np.flatnonzero((df["u_values"] == "tabula").to_numpy())
    if use.size:
        rows = [_tabula(df["period"].iat[i], df["house_type"].iat[i]) for i in use]
        for col, key in (("u_wall", "u_wall"), ("u_roof", "u_roof"), ("u_floor", "u_floor"),
                         ("u_window", "u_window"), ("u_door", "u_door"),
                         ("n_infiltration", "n_air_infiltration_h"), ("tabula_code", "code")):
            df.iloc[use, df.columns.get_loc(col)] = [r[key] for r in rows]
    df["sw"] = [_value("sw", g) for g in df["glazing"]]
    single = df["glazing"] == "single"
    df["q4pa"] = [
        _value("q4pa", c) if (c > 2 or s) else _value("q4pa", c) - 0.3 * (c == 2) - 0.5 * (c == 1)
        for c, s in zip(code, single, strict=True)
    ]
    df["ventilation"] = [_ventilation(c) for c in code]
    df["qvarep"] = [_value("qvarep", v) for v in df["ventilation"]]
    masonry = df["wall_material"].isin(sorted(_MASONRY))
    df["ilpa"] = old & (code == 1) & df["wall_material"].isin(sorted(_OLD_HEAVY))
    heavy = masonry.astype(int) + (code >= 2).astype(int) + (df["roof"] == "flat").astype(int)
    df["inertia"] = heavy.map({0: "light", 1: "medium", 2: "heavy", 3: "very_heavy"})
    attached = df["house_type"] != "detached"
    ratio = np.where(attached, 1.5, 1.2)
    footprint = area / n_storeys
    df["width"] = np.sqrt(footprint / ratio)
    df["depth"] = footprint / df["width"]
    df["party_sides"] = df["house_type"].map(
        {"detached": 0, "semi-detached": 1, "end-terrace": 1, "mid-terrace": 2}
    )
    df["window_area"] = _value("ratio", "window_to_floor") * area
    df["door_area"] = _value("ratio", "door_area")
    return df


def _row_house(row: Any, name: str, zone: str = "H1a", altitude: float = 50.0) -> Any:
    from . import ground
    from .house import House
    from .systems import dhw_system, heating_system

    w, d = float(row["width"]), float(row["depth"])
    n = int(row["storeys"])
    height = n * (STOREY_HEIGHT + FLOOR_THICKNESS)
    footprint = w * d
    parties = int(row["party_sides"])
    az0 = float(row.get("azimuth", 180.0))
    measured = float(row.get("party_share", np.nan))
    # façades: front (street, az0) and back are the width sides; gables the depth sides
    turn = az0 - 180.0
    gables = [("east", (90.0 + turn) % 360.0), ("west", (270.0 + turn) % 360.0)][: 2 - parties]
    win = float(row["window_area"])
    front_share = 1.0 if parties else 0.8
    lengths = {"front": w, "back": w, "east": d, "west": d}
    party_length = parties * d
    if not np.isnan(measured):
        # measured party walls: share·P of the plan's perimeter, taken off the gables first
        party_length = measured * 2.0 * (w + d)
        exposed = 2.0 * (w + d) - party_length
        lengths["front"] = lengths["back"] = min(w, exposed / 2.0)
        gable = max(0.0, exposed - 2.0 * lengths["front"]) / 2.0
        gables = [("east", (90.0 + turn) % 360.0), ("west", (270.0 + turn) % 360.0)] if gable > 0 else []
        lengths["east"] = lengths["west"] = gable
        front_share = 1.0 if gable < 0.25 * w else 0.8
    facades = [("front", az0 % 360.0, lengths["front"], 0.55 * front_share),
               ("back", (az0 + 180.0) % 360.0, lengths["back"], 0.45 * front_share)]
    facades += [(g, az, lengths[g], (1.0 - front_share) / max(1, len(gables))) for g, az in gables]
    u_wall, u_window = float(row["u_wall"]), float(row["u_window"])
    elements: list[dict] = []
    door = float(row["door_area"])
    for side, az, length, share in facades:
        gross = length * height
        a_win = win * share
        a_door = door if side == "front" else 0.0
        net = gross - a_win - a_door
        if net <= 0:
            raise InputError(f"typology: windows and door exceed the {side} façade of {name!r}")
        street = side == "front"
        elements.append({"type": "opaque", "name": f"wall_{side}", "kind": "wall", "area": net,
                         "u_value": u_wall, "azimuth": az, "street": street})
        if a_win > 0:
            elements.append({"type": "window", "name": f"window_{side}", "area": a_win,
                             "u_value": u_window, "azimuth": az, "g_value": float(row["sw"]),
                             "frame_fraction": 0.0, "street": street})
        if a_door > 0:
            elements.append({"type": "opaque", "name": "door", "kind": "door", "area": a_door,
                             "u_value": float(row.get("u_door", 3.5 if row["period_code"] <= 2 else 2.0)),
                             "azimuth": az, "street": street})
    if np.isnan(measured):
        for i in range(parties):
            elements.append({"type": "opaque", "name": f"party_wall_{i + 1}", "kind": "party_wall",
                             "area": d * height, "u_value": 2.0, "boundary": "adjacent"})
    elif party_length > 0:
        elements.append({"type": "opaque", "name": "party_wall_1", "kind": "party_wall",
                         "area": party_length * height, "u_value": 2.0, "boundary": "adjacent"})
    roof_area = footprint * (1.15 if row["roof"] == "loft" else 1.0)
    b_roof = float(row["b_roof"])
    elements.append({"type": "opaque", "name": "roof", "kind": "ceiling" if row["roof"] == "attic" else "roof",
                     "area": roof_area, "u_value": float(row["u_roof"]),
                     "boundary": "unheated" if b_roof < 1 else "exterior", "b": b_roof})
    # low floor: ISO 13370 slab on ground with the period's floor resistance
    perimeter = 2 * w + (2 - parties) * d if np.isnan(measured) else 2.0 * (w + d) - party_length
    bp = float(ground.characteristic_dimension(footprint, perimeter))
    r_f = max(0.0, 1.0 / float(row["u_floor"]) - 0.17 - 0.04)
    dt = float(ground.equivalent_thickness(0.3, r_f, ground.GROUND_CONDUCTIVITY))
    u_ground = float(ground.slab_on_ground_u_value(bp, dt, ground.GROUND_CONDUCTIVITY))
    elements.append({"type": "ground_floor", "name": "floor", "area": footprint, "exposed_perimeter": perimeter,
                     "floor_type": "slab", "u_value": u_ground})
    # bridges: window reveals (perimeter of 1.2 m square windows) and the low floor
    reveal = win / 1.44 * 4.8
    bridges = [
        {"junction": "window_reveal", "length": reveal, "psi": _value("ratio", "psi_window")},
        {"junction": "ground_floor", "length": perimeter, "psi": _value("ratio", "psi_floor")},
    ]
    area = float(row["floor_area"])
    # 3CL §4: Q4Pa over the envelope except the low floor; balanced infiltration
    envelope_area = sum(e["area"] for e in elements if e["name"] != "floor" and e.get("kind") != "party_wall")
    n_inf = float(row.get("n_infiltration", np.nan))
    if np.isnan(n_inf):
        q4pa = float(row["q4pa"]) * envelope_area
        h_perm = 0.34 * 0.07 * q4pa / (4.0 / 50.0) ** (2.0 / 3.0)
    else:
        # TABULA: H_ve,inf = 0.34·n_air,infiltration·A_C,ref·h_room, h_room = 2.5 m
        h_perm = 0.34 * n_inf * area * STOREY_HEIGHT
    h_vent = 0.34 * float(row["qvarep"]) * area
    hs, hs_over, ds, ds_over = _SYSTEMS[row["heating"]]
    return House.from_elements(
        name=name,
        floor_area=area,
        ceiling_height=STOREY_HEIGHT,
        elements=elements,
        thermal_bridges=bridges,
        ventilation={"h_ventilation": h_vent, "h_infiltration": h_perm},
        thermal_mass=row["inertia"],
        storeys=n,
        zone=zone,
        altitude=altitude,
        year_built=_PERIOD_LAST_YEAR[int(row["period_code"]) - 1],
        heating=heating_system(hs, **hs_over),
        dhw=dhw_system(ds, **ds_over),
        sources=[
            f"rehab.typology: {row['period']} {row['house_type']} {area:g} m² {row['wall_material']} "
            f"{row['roof']} {row['heating']} {row['glazing']} (data/typology/envelope_defaults.csv)",
            *([f"U-values and infiltration: TABULA/EPISCOPE France {row['tabula_code']} "
               "(data/archetypes/tabula_fr.csv; IEE Projects TABULA + EPISCOPE, www.episcope.eu)"]
              if row.get("tabula_code") else []),
        ],
    )


def house(
    period: Any,
    house_type: str,
    floor_area: float,
    storeys: int = 1,
    wall_material: str = "unknown",
    roof: str = "attic",
    heating: str = "natural_gas",
    glazing: str | None = None,
    name: str | None = None,
    zone: str = "H1a",
    altitude: float = 50.0,
    *,
    azimuth: float = 180.0,
    party_share: float | None = None,
    u_values: str = "3cl",
) -> Any:
    """One :class:`rehab.House` from its typology (see :func:`parameters`).

    ``zone`` and ``altitude`` [m] locate the house (3CL climate); the other
    parameters (``azimuth`` of the street façade [deg], ``party_share``
    measured on a footprint, ``u_values`` "3cl" or "tabula") are those of
    :func:`parameters`.

    Returns
    -------
    House
        With its main heating and DHW systems; the 3CL settings ILPA and
        inertia are in :func:`parameters` (``labels.dpe(house, ilpa=...)``).

    Examples
    --------
    A 1975-1977 detached bungalow of 100 m²: walls 93.8 m² × 1.0, windows
    12.7 m² × 2.8, door 2 m² × 2.0, ceiling 100 m² × 0.5 × b 0.9, slab
    100 m² × 0.435 (ISO 13370), bridges 14.8 + 15.7, Hvent 0.34·1.2·100,
    Hperm 0.34·0.07·(1.9·208.5)/(4/50)^(2/3) = 50.8 W/K:

    >>> h = house("1975-1977", "detached", 100, 1, "concrete_block", heating="electricity")
    >>> round(h.heat_loss().h_total)
    344
    """
    row = parameters(period, house_type, floor_area, storeys, wall_material, roof, heating, glazing,
                     azimuth=azimuth, party_share=party_share, u_values=u_values).iloc[0]
    return _row_house(row, name or f"{row['period']}-{house_type}-{floor_area:g}m2", zone, altitude)


def houses(table: Any, names: Any = None, zone: Any = "H1a", altitude: Any = 50.0) -> list[Any]:
    """Houses for every row of a :func:`parameters` table (``zone``, ``altitude``: one or per row).

    The U-values are those of the table (``parameters(..., u_values=...)``).

    Examples
    --------
    >>> t = parameters("1948-1974", ["detached", "mid-terrace"], [90, 70], 2, "hollow_brick")
    >>> [h.name for h in houses(t, ["a", "b"])]
    ['a', 'b']
    """
    n = len(table)
    names = list(names) if names is not None else [f"typology-{i}" for i in range(n)]
    zones = [zone] * n if isinstance(zone, str) else list(zone)
    alts = list(np.broadcast_to(np.asarray(altitude, dtype=float), (n,)))
    return [
        _row_house(row, nm, z, float(a))
        for (_i, row), nm, z, a in zip(table.iterrows(), names, zones, alts, strict=True)
    ]
