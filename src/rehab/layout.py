"""Stock rows → house table: an archetype's layout laid out for many dwellings at once.

A stock row names an archetype and overrides its floor area, orientation,
window scale and airtightness. :func:`archetype_table` lays out the
archetype once as a :class:`rehab.House` (:func:`rehab.archetypes.get`:
its constructions, windows, attic, ground floor, systems), reads it into a
:class:`rehab.table.HouseTable`, repeats its rows once per dwelling and
re-computes, as array operations, everything the overrides move — the
same formulas as :func:`rehab.boxhouse.house_from_box`:

* footprint sides scaled by k = √(A_target / A_archetype) (proportions
  kept), façades L·h, windows ``window_scale``·k·A, door unchanged, net wall
  = gross − windows − door;
* ceiling, ground floor, intermediate floors and partitions ∝ k², the
  exposed perimeter and the perimeter bridges ∝ k, window reveals from the
  new window areas, the attic's slopes and gables ∝ k² and its volume ∝ k³;
* every façade's azimuth turned with the street façade;
* n50 of the row; then U, b, ψ, H_ve and the thermal mass are derived
  (:meth:`rehab.table.HouseTable.derive`).

No House is built per dwelling, and the result equals, element by element,
the table of ``archetypes.get(name, **overrides)`` (tests/test_layout.py).
The template may also be the archetype *after a package*
(:meth:`rehab.retrofit.Package.apply`): measures change constructions,
windows, ventilation and spaces, not the layout, so the same re-layout
gives every dwelling's retrofitted table.

Examples
--------
>>> import numpy as np, rehab
>>> from rehab.layout import archetype_table
>>> t = archetype_table("coron-mid-terrace", {"floor_area": [55.0, 70.0], "azimuth": [90.0, np.nan]})
>>> h = rehab.archetypes.get("coron-mid-terrace", floor_area=55.0, azimuth=90.0)
>>> round(float(t.heat_loss()["h_total"][0]), 9) == round(h.heat_loss().h_total, 9)
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import InputError
from .geometry import SIDES, side_azimuth, window_perimeter
from .table import HouseTable, RepeatedTable

__all__ = ["LAYOUT_COLUMNS", "archetype_table", "box_table", "laid_like", "same_layout"]

#: Row overrides the layout understands (NaN or absent: the archetype's value).
LAYOUT_COLUMNS = ("floor_area", "azimuth", "window_scale", "n50")


def archetype_table(
    name: str,
    rows: Mapping[str, Any],
    *,
    template: Any = None,
    wall_thickness: float | None = None,
    heritage: bool = False,
    base: HouseTable | None = None,
    derive: bool = True,
) -> HouseTable:
    """The house table of many dwellings of one archetype.

    Parameters
    ----------
    name : str
        Archetype (:func:`rehab.archetypes.names`).
    rows : mapping of array_like
        One entry per dwelling for any of :data:`LAYOUT_COLUMNS` —
        ``floor_area`` [m²], ``azimuth`` of the street façade [deg],
        ``window_scale`` [-], ``n50`` [1/h] — NaN for the archetype's
        value; optionally ``name`` (labels).
    template : House, optional
        The archetype as laid out (default ``archetypes.get(name,
        wall_thickness=…, heritage=…)``), or that house after a package.
    wall_thickness : float, optional
        Main masonry thickness [m] of the template (when built here).
    heritage : bool
        Heritage flag of the template (when built here).
    base : HouseTable, optional
        ``HouseTable.from_houses([template])`` when already built (it is
        not changed).
    derive : bool
        False: the layout's inputs only (U, b, ψ, H_ve and the mass are
        the template's until :meth:`rehab.table.HouseTable.derive`; a
        caller laying out many tables derives their concatenation once).

    Returns
    -------
    HouseTable
        Derived, one house per row.
    """
    from . import archetypes

    if template is None:
        ov: dict[str, Any] = {"heritage": heritage}
        if wall_thickness is not None:
            ov["wall_thickness"] = wall_thickness
        template = archetypes.get(name, **ov)
    r = archetypes.recipe(name)
    return box_table(template, rows, partition_ratio=r.get("partition_ratio", 0.6), base=base,
                     derive=derive)


def _column(rows: Mapping[str, Any], key: str, m: int) -> np.ndarray:
    if key not in rows or rows[key] is None:
        return np.full(m, np.nan)
    a = np.asarray(rows[key], dtype=float).reshape(-1)
    if a.size != m:
        raise InputError(f"rows[{key!r}]: {a.size} values for {m} dwellings")
    return a


def box_table(template: Any, rows: Mapping[str, Any], *, partition_ratio: float = 0.6,
              base: HouseTable | None = None, derive: bool = True) -> HouseTable:
    """Lay out a box-built House (:func:`rehab.boxhouse.house_from_box`) for many dwellings.

    See the module docstring; ``partition_ratio`` is the layout's
    partition area per m² of floor [m²/m²]; ``base`` the template's
    one-house table when already built; ``derive`` as for :func:`archetype_table`.
    """
    g = template.geometry
    if g is None:
        raise InputError(f"house {template.name!r} has no box geometry: it cannot be laid out again")
    m = len(next(iter(rows.values()))) if rows else 0
    fa_row = _column(rows, "floor_area", m)
    az_row = _column(rows, "azimuth", m)
    ws_row = _column(rows, "window_scale", m)
    n50_row = _column(rows, "n50", m)
    one = base if base is not None else HouseTable.from_houses([template])
    t = one.repeat(m)
    t.source = None
    storeys = g.storeys
    # footprint scaling (archetypes._layout: width and depth × √(target/current))
    k = np.ones(m)
    has_fa = ~np.isnan(fa_row)
    current = g.width * g.depth * storeys
    k[has_fa] = np.sqrt(fa_row[has_fa] / current)
    wk = g.width * k
    dk = g.depth * k
    fp = wk * dk
    h = g.wall_height
    az = np.where(np.isnan(az_row), g.azimuth, az_row % 360.0)
    ws = np.where(np.isnan(ws_row), 1.0, ws_row)
    pitch = math.radians(g.roof_pitch)
    party = {s: g.is_party(s) for s in SIDES}
    length = {"front": wk, "back": wk, "left": dk, "right": dk}
    # the rows of every dwelling are the template's, in its order: a column is an (m, rows) grid
    # whose column j is the template's row j, selected on the template's table
    oe = one.elements
    ne = len(oe["house"])
    names = oe["name"]
    e = t.elements
    area = e["area"].reshape(m, ne)

    def rows_named(nm: str) -> np.ndarray:
        return np.flatnonzero(names == nm)

    # windows of each side (row values), door on the front
    win_area: dict[str, np.ndarray] = {}
    for s in SIDES:
        sel = rows_named(f"window_{s}")
        w = np.zeros(m)
        if len(sel):
            w_t = oe["area"][sel[0]]
            w = (w_t * ws) * np.where(has_fa, k, 1.0)
            area[:, sel] = w[:, None]
        win_area[s] = w
    door = {s: 0.0 for s in SIDES}
    dsel = rows_named("door_front")
    if len(dsel):
        door["front"] = float(oe["area"][dsel[0]])
    for s in SIDES:
        gross = length[s] * h
        sel = rows_named(f"wall_{s}")
        if len(sel):
            area[:, sel] = (gross - win_area[s] - door[s])[:, None]
        sel = rows_named(f"party_{s}")
        if len(sel):
            area[:, sel] = gross[:, None]
    for nm, a in (
        ("ceiling", fp),
        ("roof", fp),
        ("roof_front", fp / 2.0 / math.cos(pitch)),
        ("roof_back", fp / 2.0 / math.cos(pitch)),
        ("ground_floor", fp),
        ("intermediate_floors", fp * (storeys - 1)),
        ("partitions", partition_ratio * (fp * storeys)),
    ):
        sel = rows_named(nm)
        if len(sel):
            area[:, sel] = a[:, None]
    per = 0.0
    for s in SIDES:
        if not party[s]:
            per = per + length[s]
    per = np.broadcast_to(per, (m,))
    gsel = np.flatnonzero(oe["etype"] == 2)
    e["exposed_perimeter"].reshape(m, ne)[:, gsel] = per[:, None]
    # orientations turn with the street façade
    azimuth = e["azimuth"].reshape(m, ne)
    for s in SIDES:
        sel = np.flatnonzero(oe["side"] == s)
        if len(sel):
            azimuth[:, sel] = side_azimuth(az, s)[:, None]
    # the attic: slopes and gables ∝ k², volume ∝ k³
    sp = t.spaces
    ns = len(one.spaces["house"])
    if ns:
        attic = np.flatnonzero(one.spaces["kind"] == "attic")
        slopes = fp / math.cos(pitch)
        gable = 0.0
        for s in ("left", "right"):
            if not party[s]:
                gable = gable + dk * (dk / 2.0) * math.tan(pitch) / 2.0
        sp["exterior_area"].reshape(m, ns)[:, attic] = (slopes + gable)[:, None]
        sp["volume"].reshape(m, ns)[:, attic] = (wk * dk**2 * math.tan(pitch) / 4.0)[:, None]
    # bridges: perimeter junctions ∝ k, reveals from the row's windows
    j = one.bridges["junction"]
    nb = len(j)
    blen = t.bridges["length"].reshape(m, nb)
    for junction, val in (
        ("ground_floor", per),
        ("eaves", per),
        ("intermediate_floor_heavy", per * (storeys - 1)),
        ("intermediate_floor_timber", per * (storeys - 1)),
    ):
        sel = np.flatnonzero(j == junction)
        if len(sel):
            blen[:, sel] = val[:, None]
    sel = np.flatnonzero(j == "window_reveal")
    if len(sel):
        reveal = np.zeros(m)
        for s in SIDES:
            if not party[s]:
                reveal = reveal + window_perimeter(win_area[s], g.window_height)
        blen[:, sel] = reveal[:, None]
    hs = t.houses
    hs["floor_area"] = fp * storeys
    hs["volume"] = hs["floor_area"] * g.storey_height
    hs["n50"] = np.where(np.isnan(n50_row), hs["n50"], n50_row)
    hs["front_azimuth"] = az
    if "name" in rows:
        nm_ = np.empty(m, dtype=object)
        nm_[:] = list(rows["name"])
        hs["name"] = nm_
    return t.derive() if derive else t


#: The columns :func:`box_table` writes, by part of the table; every other column is the template's.
_LAID = {
    "elements": ("area", "azimuth", "exposed_perimeter"),
    "spaces": ("exterior_area", "volume"),
    "bridges": ("length",),
    "houses": ("floor_area", "volume", "front_azimuth"),
}

#: The columns :func:`box_table` reads from the template's table (with :data:`_LAID`).
_READ = {
    "elements": ("name", "side", "etype"),
    "spaces": ("kind", "house"),
    "bridges": ("junction", "house"),
    "houses": (),
}


def same_layout(a: Any, ta: HouseTable, b: Any, tb: HouseTable) -> bool:
    """Whether :func:`box_table` lays out the one-house tables ``ta`` (of House ``a``) and
    ``tb`` (of House ``b``) alike: same box geometry and the same values in every column
    the layout reads or writes (then :func:`laid_like` gives ``b``'s layout from ``a``'s)."""
    if a.geometry is None or a.geometry != b.geometry:
        return False
    for part, cols in _LAID.items():
        pa, pb = getattr(ta, part), getattr(tb, part)
        for c in (*cols, *_READ[part], "name") if part == "houses" else (*cols, *_READ[part]):
            if c not in pa and c not in pb:  # written from the geometry alone (front_azimuth)
                continue
            if c not in pa or c not in pb:
                return False
            x, y = pa[c], pb[c]
            if x.shape != y.shape or x.dtype != y.dtype:
                return False
            if x.dtype.kind == "f" and not np.array_equal(x, y, equal_nan=True):
                return False
            if x.dtype.kind != "f" and not all(p == q for p, q in zip(x.tolist(), y.tolist(), strict=True)):
                return False
    return True


def laid_like(laid: HouseTable, template: HouseTable, n50: Any = None) -> RepeatedTable:
    """The table :func:`box_table` gives for the one-house ``template`` table with the rows
    that gave ``laid`` (the layout of a template for which :func:`same_layout` holds),
    without laying it out again: ``template`` repeated, the laid-out columns (and the row
    names) taken from ``laid``, ``n50`` [1/h] of each dwelling (NaN: the template's).
    ``.table()`` builds it; :func:`rehab.table.concat` writes it into a joined table."""
    m = len(laid)
    given = {part: {c: getattr(laid, part)[c] for c in cols} for part, cols in _LAID.items()}
    n50_row = _column({"n50": n50}, "n50", m)
    given["houses"]["name"] = laid.houses["name"]
    given["houses"]["n50"] = np.where(np.isnan(n50_row), template.houses["n50"][0], n50_row)
    return RepeatedTable(template, m, given)
