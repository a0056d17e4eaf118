"""Archetypes of the coal-basin housing stock (miners' houses and Castors houses).

Each archetype is a dated, sourced recipe in ``data/archetypes/archetypes.json``
(geometry, layered constructions, windows, ventilation, the sources used and
every assumption made). :func:`get` builds it as a :class:`rehab.House`,
optionally with overrides — orientation, floor area, wall thickness, window
areas, airtightness, heritage flag, name.

Examples
--------
>>> from rehab import archetypes
>>> archetypes.names()[:2]
['castors-detached', 'cite-jardin-detached']
>>> house = archetypes.get("coron-mid-terrace")
>>> house.floor_area
60.0
>>> rotated = archetypes.get("coron-mid-terrace", azimuth=90, floor_area=70)
>>> rotated.geometry.azimuth, round(rotated.floor_area, 6)
(90.0, 70.0)
"""

from __future__ import annotations

import copy
import math
from functools import lru_cache
from typing import Any

from ._data import read_csv_records, read_json
from .boxhouse import house_from_box
from .constructions import Construction
from .errors import InputError, RehabError, UnknownNameError
from .geometry import SIDES, BoxGeometry, facade_overflows
from .house import House
from .units import to_si

__all__ = ["OVERRIDES", "describe", "get", "names", "recipe", "tabula", "tabula_rows", "uncertainty", "uncertainty_parameters", "variants"]

#: Overrides accepted by :func:`get`.
OVERRIDES = (
    "name",
    "azimuth",
    "floor_area",
    "wall_thickness",
    "windows",
    "window_scale",
    "n50",
    "heritage",
    "party_walls",
    "storeys",
    "heating",
    "dhw",
)


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, Any]:
    return read_json("archetypes", "archetypes.json")


@lru_cache(maxsize=1)
def _default_systems() -> dict[str, tuple[str, str]]:
    from ._data import read_csv_records

    return {r["archetype"]: (r["heating"], r["dhw"]) for r in read_csv_records("systems", "archetype_systems.csv")}


def names() -> list[str]:
    """Sorted archetype names (the unrenovated archetypes; see :func:`variants`)."""
    return sorted(_catalogue()["archetypes"])


def variants() -> list[str]:
    """Sorted names of the partly renovated variants of the archetypes.

    Each ``<archetype>-partly-renovated`` is its archetype with 1990s–2000s
    double glazing, 20 cm of glass wool on the attic floor and a condensing
    gas boiler (walls, floor and airtightness as built), so that a stock can
    be weighted like the real one, where most houses have had some works.
    :func:`get` builds them like the archetypes.

    Examples
    --------
    >>> variants()[0]
    'castors-detached-partly-renovated'
    >>> recipe("coron-mid-terrace-partly-renovated")["window"]["glazing"]
    'double_old'
    """
    return sorted(_catalogue().get("variants", {}))


@lru_cache(maxsize=64)
def _resolved(name: str) -> dict[str, Any]:
    """The recipe of an archetype or a variant, shared: callers must not modify it."""
    cat = _catalogue()["archetypes"]
    var = _catalogue().get("variants", {})
    if name in var:
        v = var[name]
        r = copy.deepcopy(cat[v["base"]])
        r.update(copy.deepcopy(v["changes"]))
        r["title"] += v["title_suffix"]
        r["description"] += v["description_suffix"]
        r["sources"] = [*r["sources"], *v["sources"]]
        r["assumptions"] = [*r["assumptions"], *v["assumptions"]]
        return r
    if name not in cat:
        raise UnknownNameError("archetype", name, sorted(cat) + sorted(var))
    return cat[name]


def recipe(name: str) -> dict[str, Any]:
    """The raw recipe of an archetype or a variant (a deep copy)."""
    return copy.deepcopy(_resolved(name))


def uncertainty(name: str) -> list[dict[str, Any]]:
    """The ranges an archetype's uncertain inputs are drawn from, each with its source.

    Rows ``{"parameter", "low", "high", "unit", "source"}``: the airtightness
    n50 [1/h] for every archetype, and the wall U [W/(m²·K)] of the Castors
    house or the masonry conductivity factor [-] of the brick and block
    ones. :func:`uncertainty_parameters` turns them into distributions of
    :func:`rehab.uncertainty.parameters`. A variant has its archetype's.

    Examples
    --------
    >>> [(r["parameter"], r["low"], r["high"]) for r in uncertainty("castors-detached")]
    [('n50', 5.0, 12.0), ('wall_u', 1.55, 2.4)]
    """
    var = _catalogue().get("variants", {})
    base = var[name]["base"] if name in var else name
    return copy.deepcopy(recipe(base).get("uncertainty", []))


_TABULA_TEXT = frozenset({"code", "building_type", "attached_neighbours", "wall_code", "date_entry", "source"})


@lru_cache(maxsize=1)
def _tabula_rows() -> tuple[dict[str, Any], ...]:
    rows = []
    for row in read_csv_records("archetypes", "tabula_fr.csv"):
        rows.append({k: (v if k in _TABULA_TEXT else float(v)) for k, v in row.items()})
    return tuple(rows)


def tabula_rows() -> list[dict[str, Any]]:
    """Every row of ``data/archetypes/tabula_fr.csv`` (TABULA/EPISCOPE France SFH and TH houses, existing state).

    Text columns (``code``, ``building_type``, ``attached_neighbours``,
    ``wall_code``, ``date_entry``, ``source``) stay strings, the others are
    floats (U [W/(m²·K)], b [-], air changes [1/h], years). Source: IEE
    Projects TABULA + EPISCOPE (www.episcope.eu); read by :func:`tabula` and
    by :mod:`rehab.typology` (``u_values="tabula"``).

    Examples
    --------
    >>> rows = tabula_rows()
    >>> len(rows), rows[0]["code"], rows[0]["year_to"]
    (20, 'FR.N.SFH.01.Gen.ReEx.001.001', 1914.0)
    """
    return [dict(r) for r in _tabula_rows()]


def tabula(name: str) -> dict[str, Any]:
    """The TABULA/EPISCOPE France house of an archetype's period and form (``data/archetypes/tabula_fr.csv``).

    The national typology's existing-state house (``FR.N.<type>.<period>.Gen.ReEx.001.001``)
    whose construction years hold the archetype's ``year_built``: a detached
    archetype (no party wall) is compared with the single-family house
    (SFH), an attached one with the terraced house (TH). Numbers are floats;
    source: IEE Projects TABULA + EPISCOPE (www.episcope.eu).

    Examples
    --------
    >>> t = tabula("coron-mid-terrace")
    >>> t["code"], t["u_wall"], t["n_air_infiltration_h"]
    ('FR.N.TH.01.Gen.ReEx.001.001', 2.5, 0.4)
    >>> tabula("castors-detached")["code"]
    'FR.N.SFH.03.Gen.ReEx.001.001'
    """
    r = _resolved(name)
    year = int(r["year_built"])
    kind = "SFH" if r["geometry"].get("party_walls", "none") == "none" else "TH"
    for row in tabula_rows():
        if row["building_type"] == kind and row["year_from"] <= year <= row["year_to"]:
            return row
    raise InputError(f"tabula: no TABULA France {kind} house built in {year} (archetype {name!r})")


#: Standard normal quantile of the 5th/95th percentiles: ranges are read as P5–P95.
_Z95 = 1.6448536269514722


def uncertainty_parameters(name: str) -> dict[str, dict[str, Any]]:
    """Overrides of :func:`rehab.uncertainty.parameters` for one archetype.

    Each range [low, high] of :func:`uncertainty` around the archetype's own
    value v becomes a lognormal factor (mean 1, σ of the log
    ln(high/low)/(2·1.645), so that [low, high] is its P5–P95) clipped to
    [low/v, high/v]: ``n50_factor`` from the n50 range, and
    ``lambda_masonry_factor`` directly from a factor range, or, from a
    wall-U range whose one end is the archetype's own value (the Castors
    walls), uniform between the conductivity factors f giving U' from U
    through U' = 1/(R_s + (1/U − R_s)/f), R_s = 0.17 m²·K/W.

    Examples
    --------
    The coron's n50 of 10 h⁻¹ between 6 and 13.7: σ = ln(13.7/6)/3.29 = 0.251

    >>> p = uncertainty_parameters("coron-mid-terrace")
    >>> round(p["n50_factor"]["scale"], 3), p["n50_factor"]["low"], p["n50_factor"]["high"]
    (0.251, 0.6, 1.37)
    >>> import rehab
    >>> sorted(rehab.uncertainty.parameters(p)) == sorted(rehab.uncertainty.PARAMETERS)
    True
    """
    import math

    r = recipe(name)
    out: dict[str, dict[str, Any]] = {}
    for row in uncertainty(name):
        lo, hi = float(row["low"]), float(row["high"])
        if row["parameter"] == "n50":
            v = float(r["ventilation"]["n50"])
            flo, fhi = lo / v, hi / v
            key = "n50_factor"
        elif row["parameter"] == "wall_u":
            u = get(name).heat_loss().elements
            walls = u[u.kind == "wall"]
            u0 = float((walls.u * walls.area).sum() / walls.area.sum())
            rs = 0.17
            flo = (1.0 / u0 - rs) / (1.0 / lo - rs)
            fhi = (1.0 / u0 - rs) / (1.0 / hi - rs)
            key = "lambda_masonry_factor"
        else:
            flo, fhi = lo, hi
            key = row["parameter"]
        if row["parameter"] == "wall_u":
            # the archetype's value is one end of the range: uniform over it, not centred on it
            out[key] = {"distribution": "uniform", "loc": (flo + fhi) / 2.0, "scale": (fhi - flo) / 2.0,
                        "low": round(flo, 6), "high": round(fhi, 6)}
            continue
        scale = math.log(fhi / flo) / (2.0 * _Z95)
        out[key] = {"distribution": "lognormal", "loc": 1.0, "scale": scale, "low": round(flo, 6), "high": round(fhi, 6)}
    return out


def describe(name: str) -> str:
    """Title, description, sources and assumptions of an archetype, as text."""
    r = recipe(name)
    lines = [r["title"], "", r["description"], "", "Sources:"]
    lines += [f"  - {s}" for s in r["sources"]]
    lines += ["Assumptions:"] + [f"  - {a}" for a in r["assumptions"]]
    return "\n".join(lines)


def _set_wall_thickness(layers: list[dict[str, Any]], thickness: float) -> list[dict[str, Any]]:
    """Set the thickness of the structural (thickest solid) layer."""
    solid = [ly for ly in layers if "material" in ly]
    main = max(solid, key=lambda ly: ly["thickness"])
    main["thickness"] = thickness
    return layers


def _main_thickness(layers: list[dict[str, Any]]) -> float:
    return max(ly["thickness"] for ly in layers if "material" in ly)


@lru_cache(maxsize=4096)
def _construction(name: str, key: str, wall_thickness: float | None) -> Construction:
    """The construction ``key`` of an archetype (its wall with another main
    thickness), built once and shared by every house of the archetype: a
    frozen model, so sharing is safe, and the U-values and heat capacities
    computed for one house serve them all (:mod:`rehab.table`)."""
    layers = recipe(name)[key]
    if wall_thickness is not None:
        layers = _set_wall_thickness(layers, wall_thickness)
    return Construction(name=f"{name}:{key}", layers=layers)


def _layout(name: str, overrides: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, float], list[dict[str, Any]]]:
    """(recipe, geometry fields, window areas per side, wall layers) of an archetype with overrides.

    The one place where overrides are checked and turned into a layout;
    :func:`get` builds the House from it and :func:`check` only tests it.
    """
    r = _resolved(name)  # read only: the parts an override changes are copied below
    bad = set(overrides) - set(OVERRIDES)
    if bad:
        raise InputError(f"unknown archetype override(s) {sorted(bad)}; allowed: {', '.join(OVERRIDES)}")
    geo = dict(r["geometry"])
    if "azimuth" in overrides:
        geo["azimuth"] = to_si(overrides["azimuth"], "deg", "azimuth") % 360.0
    if "party_walls" in overrides:
        geo["party_walls"] = overrides["party_walls"]
    if "storeys" in overrides:
        geo["storeys"] = overrides["storeys"]
    if "floor_area" in overrides:
        target = to_si(overrides["floor_area"], "m**2", "floor_area", gt=10, le=1000)
        current = geo["width"] * geo["depth"] * geo["storeys"]
        k = math.sqrt(target / current)
        geo["width"] *= k
        geo["depth"] *= k
    windows = dict(r["windows"])
    if "window_scale" in overrides:
        s = to_si(overrides["window_scale"], "dimensionless", "window_scale", ge=0, le=5)
        windows = {k: v * s for k, v in windows.items()}
    if "windows" in overrides:
        given = overrides["windows"]
        if not isinstance(given, dict) or set(given) - set(SIDES):
            raise InputError(f"windows: {given!r} must be a dict with keys among {SIDES} and areas in m²")
        for side, a in given.items():
            windows[side] = to_si(a, "m**2", f"windows[{side}]", ge=0)
    if "floor_area" in overrides:
        scale_w = k
        windows = {s: a * scale_w for s, a in windows.items()}
    wall = r["wall"]
    if "wall_thickness" in overrides:
        wall = _set_wall_thickness([dict(ly) for ly in wall], to_si(overrides["wall_thickness"], "m", "wall_thickness", gt=0.05, le=1.5))
    return r, geo, windows, wall


def check(name: str, /, **overrides: Any) -> list[tuple[str, str]]:
    """Why an archetype with these overrides cannot be built, without building it.

    Returns ``(field, reason)`` pairs — empty when :func:`get` would
    succeed — applying the same limits as :func:`get` (values, units,
    ranges, and windows plus door fitting each façade), so a stock row is
    refused with its true reason before any House is built.

    Examples
    --------
    >>> check("coron-mid-terrace", floor_area=58)
    []
    >>> [f for f, _ in check("castors-detached", window_scale=5)]
    ['window_scale']
    >>> check("coron-mid-terrace", floor_area=10.0)[0][0]
    'floor_area'
    """
    try:
        _r, geo, windows, _wall = _layout(name, overrides)
        geometry = BoxGeometry(**geo)
    except RehabError as exc:
        field = getattr(exc, "field", None) or _field_of(str(exc), overrides)
        return [(field, str(exc))]
    over = facade_overflows(geometry, windows)
    if not over:
        return []
    field = "window_scale" if "window_scale" in overrides else ("windows" if "windows" in overrides else "floor_area")
    return [(field, "; ".join(over))]


def _field_of(message: str, overrides: dict[str, Any]) -> str:
    """The override a message is about (its first word), else 'archetype'."""
    head = message.split(":", 1)[0].strip().split(" ")[0]
    return head if head in overrides else "archetype"


def get(name: str, /, **overrides: Any) -> House:
    """Build an archetype as a House, with optional overrides.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    **overrides
        ``name`` (str), ``azimuth`` [deg] of the street façade,
        ``floor_area`` [m²] (footprint scaled, proportions kept),
        ``wall_thickness`` [m] of the main masonry layer, ``windows``
        (dict side → area [m²], replacing those sides), ``window_scale``
        (factor on every window area), ``n50`` [1/h], ``heritage`` (bool),
        ``party_walls`` ("none", "left", "right", "both"), ``storeys`` (int),
        ``heating`` / ``dhw`` (preset name or system; default the
        archetype's, ``data/systems/archetype_systems.csv``).

    Returns
    -------
    House

    Raises
    ------
    UnknownNameError
        Unknown archetype.
    InputError
        Unknown override or a value out of range (message names it).
    """
    r, geo, windows, wall = _layout(name, overrides)
    geometry = BoxGeometry(**geo)
    for side in overrides.get("windows", {}) or {}:
        if geometry.is_party(side):
            raise InputError(f"windows: side {side!r} of {name!r} is a party wall and cannot have windows")
    # recipe windows on a side that an override turned into a party wall are dropped
    windows = {s: a for s, a in windows.items() if a > 0 and not geometry.is_party(s)}
    vent = dict(r["ventilation"])
    if "n50" in overrides:
        vent["n50"] = overrides["n50"]

    wall_t = None if "wall_thickness" not in overrides else _main_thickness(wall)

    def con(key: str) -> Construction | None:
        if r.get(key) is None:
            return None
        return _construction(name, key, wall_t if key == "wall" else None)

    return house_from_box(
        geometry,
        wall=con("wall"),
        party_wall=con("party_wall"),
        top=con("top"),
        floor=con("floor"),
        window=r["window"],
        windows=windows,
        intermediate_floor=con("intermediate_floor"),
        partition=con("partition"),
        partition_ratio=r.get("partition_ratio", 0.6),
        ground_floor_options=r.get("ground_floor_options"),
        name=overrides.get("name", name),
        ventilation=vent,
        year_built=r.get("year_built"),
        heritage=bool(overrides.get("heritage", False)),
        archetype=name,
        heating=overrides.get("heating", _default_systems()[name][0]),
        dhw=overrides.get("dhw", _default_systems()[name][1]),
        sources=[*r["sources"], *(f"assumption: {a}" for a in r["assumptions"])],
    )
