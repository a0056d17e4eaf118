"""The columns of a :class:`rehab.table.HouseTable` and reading them from House objects.

This module owns the schema of the columnar form — the codes of the
element types, kinds, boundaries, insulation sides and ground-floor types,
and the names of the element inputs — and :func:`read_houses`, which turns
a list of :class:`rehab.House` objects into the input columns (house,
element, space and bridge tables) that :meth:`rehab.table.HouseTable.derive`
completes.

Reading is column by column, not element by element: the elements of all
houses are flattened once, the element objects that several houses share
(a retrofit copies the elements it leaves alone; rehab's models are
frozen) are read once by identity, and each column is one list
comprehension over the models' fields followed by one numpy conversion.

Examples
--------
>>> import rehab
>>> cols = read_houses([rehab.archetypes.get("coron-mid-terrace")])
>>> sorted(cols)
['bridges', 'elements', 'houses', 'spaces']
>>> h = rehab.archetypes.get("coron-mid-terrace")
>>> e = cols["elements"]
>>> len(e["house"]) == len(h.elements), [KINDS[k] for k in e["kind"][:2]] == [x.kind for x in h.elements[:2]]
(True, True)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np

__all__ = [
    "BOUNDARIES",
    "ELEMENT_FLOATS",
    "ELEMENT_INTS",
    "ELEMENT_OBJECTS",
    "ETYPES",
    "FLOOR_TYPES",
    "INSULATION",
    "KINDS",
    "PANES",
    "read_houses",
]

#: Element types (column ``etype``): opaque element, window, ground floor.
ETYPES = ("opaque", "window", "ground_floor")
#: Element kinds (column ``kind``).
KINDS = ("wall", "roof", "ceiling", "floor", "door", "party_wall", "window")
#: Boundaries (column ``boundary``).
BOUNDARIES = ("exterior", "unheated", "adjacent", "ground", "internal")
#: Insulation sides of a construction (column ``insulation``; "unknown": declared U).
INSULATION = ("none", "internal", "external", "both", "distributed", "unknown")
#: Ground-floor types (column ``floor_type``; −1 for other elements).
FLOOR_TYPES = ("slab", "crawlspace", "cellar")
#: Glazing families and their number of panes (solar angular modifiers).
PANES = {"single": 1, "double_old": 2, "double": 2, "triple": 3}

ETYPE = {k: i for i, k in enumerate(ETYPES)}
KIND = {k: i for i, k in enumerate(KINDS)}
BOUNDARY = {k: i for i, k in enumerate(BOUNDARIES)}
INSUL = {k: i for i, k in enumerate(INSULATION)}
FLOOR = {k: i for i, k in enumerate(FLOOR_TYPES)}

#: Element inputs (float), NaN where a field does not apply or is not given.
ELEMENT_FLOATS = (
    "area",
    "azimuth",
    "tilt",
    "u_declared",
    "b_given",
    "g_value",
    "frame_fraction",
    "shading",
    "u_glazing",
    "u_frame",
    "psi_glazing",
    "shutter_delta_r",
    "shutter_closed_fraction",
    "solar_absorptance",
    "emissivity",
    "exposed_perimeter",
    "wall_thickness",
    "ground_conductivity",
    "crawl_height",
    "crawl_ventilation_area",
    "crawl_wall_u",
    "cellar_depth",
    "cellar_height_above_ground",
    "cellar_wall_resistance",
    "cellar_wall_u_above_ground",
    "cellar_air_change_rate",
)
ELEMENT_INTS = ("house", "etype", "kind", "boundary", "panes", "space", "floor_type")
ELEMENT_OBJECTS = ("name", "side", "construction")
#: Window inputs (NaN on other elements).
WINDOW_FIELDS = ("g_value", "frame_fraction", "shading", "u_glazing", "u_frame", "psi_glazing", "shutter_delta_r",
                 "shutter_closed_fraction")
#: Ground-floor inputs (NaN on other elements).
GROUND_FIELDS = ("exposed_perimeter", *ELEMENT_FLOATS[ELEMENT_FLOATS.index("wall_thickness"):])

#: Tilt of an opaque element without one [deg] (as :attr:`rehab.house.Opaque.effective_tilt`).
_DEFAULT_TILT = {"roof": 0.0, "ceiling": 0.0, "floor": 180.0}


def objects(values: Any, n: int) -> np.ndarray:
    """An object array of ``n`` values, without numpy probing each value for an array interface
    (a pydantic model answers that probe through a slow ``__getattr__``)."""
    return np.fromiter(values, dtype=object, count=n)


def floats(values: Any) -> np.ndarray:
    """A float array of a sequence of numbers, None → NaN."""
    return np.array(values, dtype=float) if len(values) else np.zeros(0)


def _transpose(rows: list[tuple], width: int) -> list[tuple]:
    """Columns of a list of equal-length tuples (``width`` empty columns if there is no row)."""
    return list(zip(*rows, strict=True)) if rows else [()] * width


# Each model's fields are read in one pass (one look-up of its __dict__, operator.itemgetter):
# reading column by column would visit every model once per column, and a stock's models are
# scattered in memory.
_COMMON = ("type", "name", "area", "u_value", "boundary", "side", "street")
_OPAQUE = (*_COMMON, "construction", "emissivity", "b", "unheated_space", "azimuth", "tilt", "kind", "solar_absorptance")
_WINDOW = (*_COMMON, "emissivity", "b", "unheated_space", "azimuth", "tilt", "glazing", *WINDOW_FIELDS)
_GROUND = (*_COMMON, "construction", "floor_type", *GROUND_FIELDS)
_AT = [itemgetter(i) for i in range(len(_COMMON))]
_READ = {"opaque": itemgetter(*_OPAQUE), "window": itemgetter(*_WINDOW), "ground_floor": itemgetter(*_GROUND)}
_HOUSE = ("name", "archetype", "year_built", "geometry", "thermal_mass", "heating", "dhw", "zone", "floor_area",
          "volume", "altitude", "heritage", "ventilation")
_VENT = ("system", "shielding", "exposure", "flow", "heat_recovery", "n50", "h_ventilation", "h_infiltration")
_SPACE = ("name", "kind", "b", "exterior_area", "exterior_u", "volume", "air_change_rate")
_BRIDGE = ("junction", "length", "psi", "b")


def read_houses(houses: Sequence[Any]) -> dict[str, dict[str, np.ndarray]]:
    """The input columns of a list of :class:`rehab.House` (module docstring).

    Returns
    -------
    dict
        ``houses``, ``elements``, ``spaces``, ``bridges``: the input
        columns of :class:`rehab.table.HouseTable` (its attributes), before
        :meth:`~rehab.table.HouseTable.derive`.
    """
    hd = [h.__dict__ for h in houses]
    with _collector_paused():
        spaces, space_of = _spaces(hd)
        return {
            "houses": _house_columns(hd),
            "elements": _element_columns(hd, space_of),
            "spaces": spaces,
            "bridges": _bridge_columns(hd),
        }


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (back to its state after).

    Reading a stock allocates a few hundred thousand short tuples; each
    automatic collection would walk the stock's millions of live model
    objects, which took 60 % of the reading time (measured, 10,000 Houses).
    The block creates no reference cycle.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _house_columns(hd: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    n = len(hd)
    (name, archetype, year, geometry, tm, heating, dhw, zone, area, volume, altitude, heritage,
     vent) = _transpose([itemgetter(*_HOUSE)(d) for d in hd], len(_HOUSE))
    system, shielding, exposure, flow, recovery, n50, h_vent, h_inf = _transpose(
        [itemgetter(*_VENT)(v.__dict__) for v in vent], len(_VENT))
    return {
        "name": objects(name, n),
        "archetype": objects(archetype, n),
        "year_built": objects(year, n),
        "geometry": np.fromiter((g is not None for g in geometry), dtype=bool, count=n),
        "tm_class": objects((t if isinstance(t, str) else None for t in tm), n),
        "vent_system": objects(system, n),
        "shielding": objects(shielding, n),
        "exposure": objects(exposure, n),
        "heating": objects(heating, n),
        "dhw": objects(dhw, n),
        "zone": objects(zone, n),
        "floor_area": floats(area),
        "volume": floats(volume),
        "tm_given": floats([None if t is None or isinstance(t, str) else float(t) for t in tm]),
        "vent_flow": floats(flow),
        "heat_recovery": floats(recovery),
        "n50": floats(n50),
        "h_vent_given": floats(h_vent),
        "h_inf_given": floats(h_inf),
        "altitude": floats(altitude),
        "tm_kind": np.fromiter((0 if t is None else 1 if isinstance(t, str) else 2 for t in tm), dtype=np.int64, count=n),
        "heritage": np.fromiter(heritage, dtype=bool, count=n),
        "layout": objects(geometry, n),
    }


def _spaces(hd: list[dict[str, Any]]) -> tuple[dict[str, np.ndarray], dict[tuple[int, str], int]]:
    """The space table and (house, space name) → its row (the last of a repeated name, as a dict)."""
    house = [i for i, d in enumerate(hd) for _ in d["unheated_spaces"]]
    k = len(house)
    get = itemgetter(*_SPACE)
    name, kind, b, area, u, volume, n = _transpose([get(s.__dict__) for d in hd for s in d["unheated_spaces"]], len(_SPACE))
    table = {
        "house": np.array(house, dtype=np.int64),
        "name": objects(name, k),
        "kind": objects(kind, k),
        "b_given": floats(b),
        "exterior_area": floats(area),
        "exterior_u": floats(u),
        "volume": floats(volume),
        "air_change_rate": floats(n),
    }
    return table, {(i, s): j for j, (i, s) in enumerate(zip(house, name, strict=True))}


def _distinct_elements(hd: list[dict[str, Any]]) -> tuple[list[Any], np.ndarray, np.ndarray | None]:
    """(distinct element objects, house of each row, row → its distinct element or None if all distinct)."""
    lists = [d["elements"] for d in hd]
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = list(chain.from_iterable(lists))
    house = np.repeat(np.arange(len(lists), dtype=np.int64), counts)
    m = len(flat)
    ids = np.fromiter(map(id, flat), dtype=np.int64, count=m)
    uniq, first, inv = np.unique(ids, return_index=True, return_inverse=True)
    if len(uniq) == m:
        return flat, house, None
    return [flat[j] for j in first.tolist()], house, inv.reshape(-1)


def _element_columns(hd: list[dict[str, Any]], space_of: dict[tuple[int, str], int]) -> dict[str, np.ndarray]:
    """The element table: one row per house × element, in each house's element order."""
    elems, house, inv = _distinct_elements(hd)
    rows = [_READ[d["type"]](d) for d in (e.__dict__ for e in elems)]
    k = len(rows)
    etype = np.fromiter(map(ETYPE.__getitem__, map(_AT[0], rows)), dtype=np.int64, count=k)
    idx = [np.flatnonzero(etype == t) for t in range(3)]
    opq, win, gnd = idx
    o, w, g = (dict(zip(f, _transpose([rows[j] for j in i.tolist()], len(f)), strict=True))
               for f, i in ((_OPAQUE, opq), (_WINDOW, win), (_GROUND, gnd)))
    col: dict[str, np.ndarray] = {c: np.full(k, np.nan) for c in ELEMENT_FLOATS}
    col["area"] = floats(list(map(_AT[2], rows)))
    col["u_declared"] = floats(list(map(_AT[3], rows)))
    for c, values, at in (("emissivity", o["emissivity"], opq), ("emissivity", w["emissivity"], win),
                          ("b_given", o["b"], opq), ("b_given", w["b"], win),
                          ("azimuth", o["azimuth"], opq), ("azimuth", w["azimuth"], win),
                          ("tilt", w["tilt"], win), ("solar_absorptance", o["solar_absorptance"], opq)):
        col[c][at] = floats(values)
    col["emissivity"][gnd] = 0.9
    # the tilt of Opaque.effective_tilt
    col["tilt"][opq] = floats([t if t is not None else _DEFAULT_TILT.get(c, 90.0) for t, c in zip(o["tilt"], o["kind"], strict=True)])
    col["tilt"][gnd] = 180.0
    for c in WINDOW_FIELDS:
        col[c][win] = floats(w[c])
    for c in GROUND_FIELDS:
        col[c][gnd] = floats(g[c])
    kind = np.full(k, KIND["floor"], dtype=np.int64)
    kind[win] = KIND["window"]
    kind[opq] = np.fromiter(map(KIND.__getitem__, o["kind"]), dtype=np.int64, count=len(opq))
    panes = np.zeros(k, dtype=np.int64)
    panes[win] = np.fromiter(map(PANES.__getitem__, w["glazing"]), dtype=np.int64, count=len(win))
    floor_type = np.full(k, -1, dtype=np.int64)
    floor_type[gnd] = np.fromiter(map(FLOOR.__getitem__, g["floor_type"]), dtype=np.int64, count=len(gnd))
    ints = {
        "etype": etype,
        "kind": kind,
        "boundary": np.fromiter(map(BOUNDARY.__getitem__, map(_AT[4], rows)), dtype=np.int64, count=k),
        "panes": panes,
        "floor_type": floor_type,
    }
    construction = np.full(k, None, dtype=object)
    construction[opq] = objects(o["construction"], len(opq))
    construction[gnd] = objects(g["construction"], len(gnd))
    objs = {
        "name": objects(map(_AT[1], rows), k),
        "side": objects(map(_AT[5], rows), k),
        "construction": construction,
    }
    street = np.fromiter(map(_AT[6], rows), dtype=bool, count=k)
    faces = np.full(k, None, dtype=object)
    faces[opq] = objects(o["unheated_space"], len(opq))
    faces[win] = objects(w["unheated_space"], len(win))
    if inv is not None:  # back to one row per house × element
        col = {c: v[inv] for c, v in col.items()}
        ints = {c: v[inv] for c, v in ints.items()}
        objs = {c: v[inv] for c, v in objs.items()}
        street = street[inv]
        faces = faces[inv]
    space = np.full(len(house), -1, dtype=np.int64)
    for r in np.flatnonzero(faces != None).tolist():  # noqa: E711 (element-wise comparison)
        space[r] = space_of.get((int(house[r]), faces[r]), -1)
    out = {c: col[c] for c in ELEMENT_FLOATS}
    out.update({"house": house, **ints, "space": space})
    out = {c: out[c] for c in (*ELEMENT_FLOATS, *ELEMENT_INTS)}
    out.update(objs)
    out["street"] = street
    return out


def _bridge_columns(hd: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    house = [i for i, d in enumerate(hd) for _ in d["thermal_bridges"]]
    k = len(house)
    get = itemgetter(*_BRIDGE)
    junction, length, psi, b = _transpose([get(tb.__dict__) for d in hd for tb in d["thermal_bridges"]], len(_BRIDGE))
    return {
        "house": np.array(house, dtype=np.int64),
        "junction": objects(junction, k),
        "length": floats(length),
        "psi_given": floats(psi),
        "b": floats(b),
    }
