"""The columnar form of many houses: house arrays, element, space and bridge tables.

A :class:`HouseTable` holds what the engines, the 3CL chain, the measures and
the economics need of N houses as flat numpy arrays, so that one house or a
million go through the same array code:

* **houses** — one value per house: floor area, volume, ventilation and
  airtightness inputs, thermal-mass specification, identity (name,
  archetype, heritage flag, systems);
* **elements** — one row per house × element (``house`` gives the house
  index): kind, boundary, area, declared or layered U (the
  :class:`rehab.constructions.Construction` object is kept), azimuth, tilt,
  window and ground-floor parameters, the unheated space it faces, the
  street/side flags;
* **spaces** — one row per unheated space (attic, cellar …) with its own
  envelope, for the adjustment factor b;
* **bridges** — one row per house × junction: length, declared ψ, b.

:meth:`HouseTable.derive` computes, all at once, what follows from those
inputs — U of every element (ISO 6946, 10077-1, 13370), b (ISO 13789 6.4),
default ψ by insulation side, ventilation and infiltration conductances,
thermal mass and internal area (ISO 13790 12.3, 7.2.2.2) — so measures
that change inputs (a construction, a window, n50, a ventilation system)
only need ``derive`` again. Per-house totals are segment sums over rows
(:func:`numpy.bincount`), e.g. H_tr = Σ b·U·A + Σ b·ψ·l (ISO 13789:2017
eq. 2–4).

A :class:`rehab.House` stays the single-house model; a table built from
Houses keeps them, and :meth:`HouseTable.house` gives any row back. The
column schema (codes of kinds, boundaries …) and the reading of Houses live
in :mod:`rehab.table_read` (re-exported here).

Examples
--------
>>> import rehab
>>> from rehab.table import HouseTable
>>> hs = [rehab.archetypes.get("coron-mid-terrace", azimuth=a) for a in (0, 90, 180)]
>>> t = HouseTable.from_houses(hs)
>>> len(t), t.n_elements
(3, 33)
>>> round(float(t.heat_loss()["h_total"][0]), 6) == round(hs[0].heat_loss().h_total, 6)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import envelope, gains, ground
from .errors import InputError
from .table_read import (  # noqa: F401 (the schema, re-exported: rehab.table is where callers look)
    BOUNDARIES,
    BOUNDARY,
    ELEMENT_FLOATS,
    ELEMENT_INTS,
    ELEMENT_OBJECTS,
    ETYPES,
    FLOOR_TYPES,
    INSULATION,
    KIND,
    KINDS,
    PANES,
    read_houses,
)
from .table_read import FLOOR as _FLOOR
from .table_read import INSUL as _INSUL
from .table_solar import AZIMUTH_GRID, solar_surfaces  # noqa: F401 (re-exported: engine inputs of a table)

if TYPE_CHECKING:
    import pandas as pd

    from .house import House

__all__ = [
    "BOUNDARIES",
    "ETYPES",
    "FLOOR_TYPES",
    "INSULATION",
    "KINDS",
    "HouseTable",
    "concat",
    "segment_sum",
]

def segment_sum(values: np.ndarray, index: np.ndarray, n: int) -> np.ndarray:
    """Σ of ``values`` per group ``index`` (0..n−1) [same unit as values].

    Examples
    --------
    >>> segment_sum(np.array([1.0, 2.0, 4.0]), np.array([0, 2, 0]), 3).tolist()
    [5.0, 0.0, 2.0]
    """
    return np.bincount(index, weights=values, minlength=n).astype(float, copy=False)


class _ConstructionCache:
    """Per-construction figures, computed once per object (houses share them)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Any, dict[Any, Any]]] = {}

    def figures(self, con: Any) -> dict[Any, Any]:
        hit = self._by_id.get(id(con))
        if hit is not None and hit[0] is con:
            return hit[1]
        d: dict[Any, Any] = {
            "kappa_in": float(con.areal_heat_capacity("inside")),
            "kappa_out": float(con.areal_heat_capacity("outside")),
            "insulation": _INSUL[con.insulation_side],
            "r_ins": float(con.insulation_resistance),
        }
        self._by_id[id(con)] = (con, d)
        return d

    def u(self, con: Any, direction: str, rse: float) -> float:
        d = self.figures(con)
        key = ("u", direction, rse)
        if key not in d:
            d[key] = float(con.u_value(direction, rse=rse))
        return d[key]

    def r_floor(self, con: Any) -> float:
        """R_f of a slab (ISO 13370:2017 9.1.1: layers without surface resistances)."""
        d = self.figures(con)
        if "r_floor" not in d:
            d["r_floor"] = float(con.total_resistance("down") - envelope.RSI["down"] - envelope.RSE)
        return d["r_floor"]


#: One cache for the process: constructions are frozen, so figures never go stale.
_CACHE = _ConstructionCache()


def _shared_rows(a: np.ndarray) -> np.ndarray:
    """Rows of a 2-D float array whose bytes another row repeats exactly (bool per row)."""
    if len(a) < 2:
        return np.zeros(len(a), dtype=bool)
    rows = np.ascontiguousarray(a).view(np.dtype((np.void, a.dtype.itemsize * a.shape[1]))).reshape(-1)
    _, inv, count = np.unique(rows, return_inverse=True, return_counts=True)
    return count[inv.reshape(-1)] > 1


@dataclass
class HouseTable:
    """N houses as arrays (module docstring).

    Attributes
    ----------
    houses : dict of numpy.ndarray
        One value per house. Inputs: ``name``, ``archetype``, ``heritage``,
        ``floor_area`` [m²], ``volume`` [m³], ``geometry`` (built from a
        layout), ``tm_kind`` (0 computed, 1 class, 2 given C_m),
        ``tm_class``, ``tm_given`` [J/K], ventilation ``vent_system``,
        ``vent_flow`` [m³/h], ``heat_recovery`` [-], ``n50`` [1/h],
        ``shielding``, ``exposure``, ``h_vent_given``/``h_inf_given``
        [W/K], ``heating``/``dhw`` (system objects). Derived: ``h_vent``,
        ``h_inf`` [W/K], ``a_t`` [m²], ``c_m`` [J/K], ``a_m`` [m²].
    elements : dict of numpy.ndarray
        Inputs :data:`ELEMENT_FLOATS`, :data:`ELEMENT_INTS` (codes into
        :data:`ETYPES`, :data:`KINDS`, :data:`BOUNDARIES`,
        :data:`FLOOR_TYPES`; ``space`` indexes :attr:`spaces`, −1 none),
        :data:`ELEMENT_OBJECTS`, ``street``. Derived: ``u``
        [W/(m²·K)], ``b`` [-], ``kappa_in``/``kappa_out`` [J/(m²·K)],
        ``insulation`` (code into :data:`INSULATION`),
        ``insulation_resistance`` [m²·K/W], ``has_construction``.
    spaces : dict of numpy.ndarray
        ``house``, ``name``, ``kind``, ``b_given``, ``exterior_area``
        [m²], ``exterior_u`` [W/(m²·K)], ``volume`` [m³],
        ``air_change_rate`` [1/h]; derived ``b``.
    bridges : dict of numpy.ndarray
        ``house``, ``junction``, ``length`` [m], ``psi_given``
        [W/(m·K)] (NaN: default), ``b`` [-]; derived ``psi``.
    source : list of House, optional
        The houses the table was built from (``house(i)`` returns them).
    """

    houses: dict[str, np.ndarray]
    elements: dict[str, np.ndarray]
    spaces: dict[str, np.ndarray]
    bridges: dict[str, np.ndarray]
    source: list[Any] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.houses["floor_area"])

    @property
    def n_elements(self) -> int:
        return len(self.elements["house"])

    # ------------------------------------------------------------ building
    @classmethod
    def from_houses(cls, houses: Sequence[House]) -> HouseTable:
        """Build the table of a list of :class:`rehab.House` objects (inputs read, then :meth:`derive`).

        The inputs are read column by column (:func:`rehab.table_read.read_houses`;
        element objects shared by several houses are read once). Equal, to rounding, to each House's own figures
        (``House.heat_loss``, ``House.thermal_mass_parameters``,
        ``House.internal_surface_area``).
        """
        houses = list(houses)
        t = cls(**read_houses(houses), source=houses)
        return t.derive()

    # ------------------------------------------------------------ derived figures
    def derive(self, *, constructions: bool = True) -> HouseTable:
        """Compute every derived column from the inputs (in place; returns self).

        U of elements (ISO 6946:2017 6.8 with the boundary's surface
        resistances; ISO 10077-1:2017 eq. 1 and 6.2 for windows; ISO
        13370:2017 9 for ground floors), b of unheated spaces (ISO
        13789:2017 6.4), default ψ of bridges by the walls' insulation side,
        H_ve (:mod:`rehab.ventilation`), A_t and thermal mass (ISO
        13790:2008 7.2.2.2, 12.3.1).

        ``constructions=False`` keeps the columns read from the constructions
        (κ, insulation side and resistance) and the U of layered opaque
        elements as they are: right for rows copied from derived tables whose
        construction, kind, tilt and boundary were not changed since (a
        layout moves areas, azimuths and perimeters only, :mod:`rehab.layout`).
        """
        e = self.elements
        if constructions or "u" not in e:
            e["u"] = _u_values(e, codes=_construction_columns(e))
        else:
            e["u"] = _u_values(e, opaque=e["u"])
        self.spaces["b"] = _space_b(self.spaces, e)
        e["b"] = _b_values(e, self.spaces["b"])
        self.bridges["psi"] = _bridge_psi(self)
        self.houses["h_vent"], self.houses["h_inf"] = _ventilation(self.houses)
        fa = self.houses["floor_area"]
        self.houses["a_t"] = internal_surface_area(e, fa, self.houses["geometry"])
        self.houses["c_m"], self.houses["a_m"] = thermal_mass(
            e, fa, self.houses["a_t"], self.houses["tm_kind"], self.houses["tm_class"], self.houses["tm_given"]
        )
        return self

    # ------------------------------------------------------------ access
    def with_houses(self, **columns: Any) -> HouseTable:
        """A shallow copy with some house columns replaced (not derived again)."""
        return HouseTable({**self.houses, **columns}, self.elements, self.spaces, self.bridges, self.source)

    def house(self, i: int) -> House:
        """Row ``i`` as a :class:`rehab.House`."""
        if self.source is None:
            raise InputError("this HouseTable was not built from House objects; no House for its rows")
        return self.source[i]

    def repeat(self, m: int) -> HouseTable:
        """``m`` copies of a one-house table (``take([0] * m)``, by tiling)."""
        if len(self) != 1:
            raise InputError(f"repeat: the table has {len(self)} houses; only a one-house table is repeated")
        idx = np.zeros(m, dtype=np.int64)
        houses = {k: v[idx] for k, v in self.houses.items()}
        ar = np.arange(m, dtype=np.int64)

        def tile(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            out = {k: np.tile(v, m) for k, v in cols.items() if k != "house"}
            out["house"] = np.repeat(ar, len(cols["house"]))
            return out

        elements = tile(self.elements)
        spaces = tile(self.spaces)
        bridges = tile(self.bridges)
        ns = len(self.spaces["house"])
        sp = elements["space"]
        elements["space"] = np.where(sp >= 0, elements["house"] * ns + sp, -1)
        src = None if self.source is None else [self.source[0]] * m
        return HouseTable(houses, elements, spaces, bridges, source=src)

    def take(self, index: Sequence[int] | np.ndarray) -> HouseTable:
        """The table of the houses ``index`` (in that order, repeats allowed)."""
        idx = np.asarray(index, dtype=np.int64)
        houses = {k: v[idx] for k, v in self.houses.items()}
        elements, erows = _take_rows(self.elements, idx, len(self))
        spaces, _srows = _take_rows(self.spaces, idx, len(self))
        # a space index is its house's first space + its rank within the house
        n = len(self)
        old_start = np.concatenate(([0], np.cumsum(np.bincount(self.spaces["house"], minlength=n))))
        new_start = np.concatenate(([0], np.cumsum(np.bincount(spaces["house"], minlength=len(idx)))))
        sp = elements["space"]
        old_house = idx[elements["house"]] if len(erows) else np.zeros(0, dtype=np.int64)
        rank = sp - old_start[old_house]
        elements["space"] = np.where(sp >= 0, new_start[elements["house"]] + rank, -1)
        bridges, _ = _take_rows(self.bridges, idx, len(self))
        src = None if self.source is None else [self.source[j] for j in idx]
        return HouseTable(houses, elements, spaces, bridges, source=src)

    def unique(self) -> tuple[HouseTable, np.ndarray]:
        """The distinct houses and, per house, the index of its copy: (table, inverse).

        Two houses are the same when every number the engines read is equal
        (elements, bridges, areas, ventilation, mass) — names and other
        labels aside — so a stock of identical dwellings is simulated once.
        """
        n = len(self)
        e, br, hs = self.elements, self.bridges, self.houses
        hnum = np.column_stack([hs[c].astype(float) for c in ("floor_area", "volume", "h_vent", "h_inf", "a_t", "c_m", "a_m")])
        # a house whose house-level numbers no other house shares has a copy in no other house
        # (they are part of its key): only the others need their whole key
        shared = _shared_rows(hnum)
        if not shared.any():
            return self, np.arange(n)
        num = np.column_stack(
            [e[c].astype(float) for c in ("area", "azimuth", "tilt", "u", "b", "g_value", "frame_fraction",
                                          "shading", "solar_absorptance", "emissivity", "kappa_in", "kappa_out",
                                          "etype", "kind", "boundary", "panes")]
        ) if self.n_elements else np.zeros((0, 1))
        bnum = np.column_stack((br["length"], br["psi"], br["b"])) if len(br["house"]) else np.zeros((0, 3))
        e_start = np.searchsorted(e["house"], np.arange(n + 1))
        b_start = np.searchsorted(br["house"], np.arange(n + 1))
        seen: dict[bytes, int] = {}
        first: list[int] = []
        inverse = np.empty(n, dtype=np.int64)
        for i in range(n):
            if not shared[i]:
                inverse[i] = len(first)
                first.append(i)
                continue
            key = (
                hnum[i].tobytes()
                + num[e_start[i] : e_start[i + 1]].tobytes()
                + b"|"
                + bnum[b_start[i] : b_start[i + 1]].tobytes()
            )
            j = seen.get(key)
            if j is None:
                j = seen[key] = len(first)
                first.append(i)
            inverse[i] = j
        if len(first) == n:
            return self, inverse
        return self.take(first), inverse

    def element_frame(self) -> pd.DataFrame:
        """The element table as a DataFrame (codes decoded, constructions by name)."""
        import pandas as pd

        cols = {k: v for k, v in self.elements.items() if k != "construction"}
        df = pd.DataFrame(cols)
        df["etype"] = np.asarray(ETYPES, dtype=object)[df["etype"]]
        df["kind"] = np.asarray(KINDS, dtype=object)[df["kind"]]
        df["boundary"] = np.asarray(BOUNDARIES, dtype=object)[df["boundary"]]
        df["insulation"] = np.asarray(INSULATION, dtype=object)[df["insulation"]]
        df["construction"] = [getattr(c, "name", None) for c in self.elements["construction"]]
        return df

    # ------------------------------------------------------------ physics
    def heat_loss(self) -> dict[str, np.ndarray]:
        """Heat-loss coefficients per house [W/K] (ISO 13789:2017 eq. 2–4; ISO 13790:2008 8.3).

        Returns
        -------
        dict of numpy.ndarray
            ``h_tr_op`` (opaque elements except doors, with the bridges),
            ``h_tr_w`` (windows and doors), ``h_tr_gr`` (ground),
            ``h_ve`` (ventilation + infiltration), ``h_total``.
        """
        e = self.elements
        n = len(self)
        live = e["boundary"] != BOUNDARY["internal"]
        bua = np.where(live, e["b"] * e["u"] * e["area"], 0.0)
        on_ground = (e["etype"] == 2) | (e["boundary"] == BOUNDARY["ground"])
        win = (e["etype"] == 1) | (e["kind"] == KIND["door"])
        h_gr = segment_sum(np.where(on_ground, bua, 0.0), e["house"], n)
        h_w = segment_sum(np.where(win & ~on_ground, bua, 0.0), e["house"], n)
        h_op = segment_sum(np.where(~win & ~on_ground, bua, 0.0), e["house"], n)
        br = self.bridges
        h_op = h_op + segment_sum(br["psi"] * br["length"] * br["b"], br["house"], n)
        h_ve = self.houses["h_vent"] + self.houses["h_inf"]
        return {
            "h_tr_op": h_op,
            "h_tr_w": h_w,
            "h_tr_gr": h_gr,
            "h_ve": h_ve,
            "h_total": h_op + h_w + h_gr + h_ve,
        }


@dataclass
class RepeatedTable:
    """``m`` copies of a one-house table with some columns given per copy: what
    ``HouseTable.repeat(m)`` then setting those columns gives, kept unbuilt until
    :func:`concat` writes it straight into the joined table.

    Attributes
    ----------
    proto : HouseTable
        The one-house table.
    m : int
        Number of copies.
    given : dict of dict of numpy.ndarray
        Part (``houses``, ``elements``, ``spaces``, ``bridges``) → column →
        its values over the ``m`` copies (one per row of that part).
    """

    proto: HouseTable
    m: int
    given: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    source: None = None

    def __len__(self) -> int:
        return self.m

    def rows(self, part: str) -> int:
        return self.m * len(getattr(self.proto, part)["house"]) if part != "houses" else self.m

    def table(self) -> HouseTable:
        """The table itself."""
        return concat([self])


def _columns(t: HouseTable | RepeatedTable, part: str) -> dict[str, np.ndarray]:
    """The columns of a part of a table (of a RepeatedTable: the given ones over the template's)."""
    if isinstance(t, HouseTable):
        return getattr(t, part)
    return {**getattr(t.proto, part), **t.given.get(part, {})}


#: The parts of a HouseTable, in the order of its fields.
_PARTS = ("houses", "elements", "spaces", "bridges")


def concat(tables: Sequence[HouseTable | RepeatedTable]) -> HouseTable:
    """One table of the houses of several tables, in order (derived columns kept);
    :class:`RepeatedTable` blocks are written in place."""
    if len(tables) == 1 and isinstance(tables[0], HouseTable):
        return tables[0]
    offs = np.cumsum([0] + [len(t) for t in tables])
    sizes = {part: [t.rows(part) if isinstance(t, RepeatedTable) else len(getattr(t, part)["house" if part != "houses" else "floor_area"])
                    for t in tables] for part in _PARTS}
    soffs = np.cumsum([0] + sizes["spaces"])

    def cat(part: str) -> dict[str, np.ndarray]:
        cols = [_columns(t, part) for t in tables]
        bounds = np.cumsum([0] + sizes[part]).tolist()
        out = {}
        for k in cols[0]:
            srcs = [c[k] for c in cols]
            col = np.empty(bounds[-1], dtype=np.result_type(*{a.dtype for a in srcs}))
            for i, t in enumerate(tables):
                a, b = bounds[i], bounds[i + 1]
                if a == b:
                    continue
                if isinstance(t, RepeatedTable):
                    given = t.given.get(part, {})
                    per = 1 if part == "houses" else (b - a) // t.m
                    if k in given:
                        col[a:b] = given[k]
                    elif k == "house":
                        col[a:b] = np.repeat(np.arange(t.m, dtype=np.int64) + offs[i], per)
                    elif k == "space":
                        sp = np.tile(srcs[i], t.m)
                        ns = len(t.proto.spaces["house"])
                        col[a:b] = np.where(sp >= 0, np.repeat(np.arange(t.m, dtype=np.int64), per) * ns + sp + soffs[i], -1)
                    else:
                        col[a:b].reshape(t.m, per)[:] = srcs[i]
                elif k == "space" and part == "elements":
                    col[a:b] = np.where(srcs[i] >= 0, srcs[i] + soffs[i], srcs[i])
                elif k == "house" and part != "houses":
                    col[a:b] = srcs[i] + offs[i]
                else:
                    col[a:b] = srcs[i]
            out[k] = col
        return out

    houses, elements, spaces, bridges = (cat(p) for p in _PARTS)
    src = None
    if all(t.source is not None for t in tables):
        src = [h for t in tables for h in t.source]  # type: ignore[union-attr]
    return HouseTable(houses, elements, spaces, bridges, source=src)


def _take_rows(cols: dict[str, np.ndarray], idx: np.ndarray, n: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Rows of the houses ``idx`` of a per-row table (grouped by ``house``), renumbered."""
    h = cols["house"]
    counts = np.bincount(h, minlength=n)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    c = counts[idx]
    total = int(c.sum()) if len(idx) else 0
    if total:
        # the rows of house idx[i] are starts[idx[i]] + 0..c[i]-1 in house order
        rows = np.repeat(starts[idx] - (np.cumsum(c) - c), c) + np.arange(total)
        if len(h) > 1 and np.any(h[1:] < h[:-1]):
            rows = np.argsort(h, kind="stable")[rows]
    else:
        rows = np.zeros(0, dtype=np.int64)
    out = {k: v[rows] for k, v in cols.items()}
    out["house"] = np.repeat(np.arange(len(idx)), counts[idx]) if len(idx) else np.zeros(0, dtype=np.int64)
    return out, rows


# ---------------------------------------------------------------------------
# derived columns
# ---------------------------------------------------------------------------


def _object_codes(objs: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """(code per row, distinct objects) of an object column, by identity (None → −1)."""
    ids = np.fromiter(map(id, objs), dtype=np.int64, count=len(objs))
    ids[ids == id(None)] = 0
    uniq, first, inv = np.unique(ids, return_index=True, return_inverse=True)
    distinct = [objs[i] for i in first]
    codes = inv.astype(np.int64)
    if len(uniq) and uniq[0] == 0:  # None
        codes = codes - 1
        distinct = distinct[1:]
    return codes, distinct


def _construction_columns(e: dict[str, np.ndarray]) -> np.ndarray:
    """Columns read from the constructions; returns the code of each row's construction (−1 none)."""
    m = len(e["house"])
    codes, cons = _object_codes(e["construction"])
    figs = [_CACHE.figures(c) for c in cons]
    has = codes >= 0
    safe = np.where(has, codes, 0)

    def pick(key: str, default: float) -> np.ndarray:
        vals = np.array([f[key] for f in figs] + [default], dtype=float)
        return np.where(has, vals[safe] if figs else default, default)

    e["kappa_in"] = pick("kappa_in", 0.0)
    e["kappa_out"] = pick("kappa_out", 0.0)
    e["insulation"] = np.where(has, pick("insulation", _INSUL["unknown"]), _INSUL["unknown"]).astype(np.int64)
    e["insulation_resistance"] = pick("r_ins", np.nan)
    e["has_construction"] = has if m else np.zeros(0, dtype=bool)
    return codes


def _direction(kind: str, tilt: float) -> str:
    from .house import _direction as house_direction

    return house_direction(kind, tilt)


def _u_values(e: dict[str, np.ndarray], opaque: np.ndarray | None = None, codes: np.ndarray | None = None) -> np.ndarray:
    """U of every element row [W/(m²·K)] (see :meth:`HouseTable.derive`; ``opaque``: the
    U of layered opaque rows, already known; else ``codes``: each row's construction code,
    :func:`_construction_columns`)."""
    u = e["u_declared"].copy()
    todo = np.isnan(u)
    et = e["etype"]
    # layered opaque elements: ISO 6946:2017 6.8 (Rse outdoors, Rsi on both faces otherwise),
    # computed once per (construction, kind, tilt, outdoor or not)
    ext = BOUNDARY["exterior"]
    rows = np.flatnonzero(todo & (et == 0))
    if len(rows) and opaque is not None:
        u[rows] = opaque[rows]
    elif len(rows):
        # one integer per (construction, kind, tilt, outdoor), ordered as those four columns
        _, tilt_code = np.unique(e["tilt"][rows], return_inverse=True)
        key = (codes[rows] * len(KINDS) + e["kind"][rows]) * (int(tilt_code.max()) + 1) + tilt_code.reshape(-1)
        key = key * 2 + (e["boundary"][rows] == ext)
        uk, first, inv = np.unique(key, return_index=True, return_inverse=True)
        vals = np.empty(len(uk))
        for j, r in enumerate(rows[first]):
            d = _direction(KINDS[e["kind"][r]], float(e["tilt"][r]))
            rse = envelope.RSE if e["boundary"][r] == ext else envelope.RSI[d]
            vals[j] = _CACHE.u(e["construction"][r], d, rse)
        u[rows] = vals[inv.reshape(-1)]
    # windows: ISO 10077-1:2017 eq. 1 (glazing edge of a square pane), shutters 6.2
    w = et == 1
    uw = u.copy()
    glz = np.flatnonzero(todo & w)
    if len(glz):
        a = e["area"][glz]
        ff = e["frame_fraction"][glz]
        with np.errstate(divide="ignore", invalid="ignore"):  # a window of no area (window_scale 0)
            lg = np.where(a > 0, 4.0 * np.sqrt((1.0 - ff) * a) / a, 0.0)
        uw[glz] = np.asarray(
            envelope.window_u_value(e["u_glazing"][glz], e["u_frame"][glz], ff, e["psi_glazing"][glz], lg), dtype=float
        )
    shut = np.flatnonzero(w & (e["shutter_delta_r"] > 0) & (e["shutter_closed_fraction"] > 0))
    if len(shut):
        uws = np.asarray(envelope.window_with_shutter_u_value(uw[shut], e["shutter_delta_r"][shut]), dtype=float)
        f = e["shutter_closed_fraction"][shut]
        uw[shut] = (1.0 - f) * uw[shut] + f * uws
    u = np.where(w, uw, u)
    # ground floors: ISO 13370:2017 9
    g = np.flatnonzero(todo & (et == 2))
    if len(g):
        u[g] = _ground_u(e, g)
    return u


def _ground_u(e: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """ISO 13370:2017 U of ground floors ``rows`` (slab 9.1, crawlspace 9.3, cellar 9.4) [W/(m²·K)]."""
    out = np.empty(len(rows))
    area = e["area"][rows]
    per = e["exposed_perimeter"][rows]
    bp = ground.characteristic_dimension(area, per)
    ft = e["floor_type"][rows]
    cons = e["construction"][rows]
    lam_all = e["ground_conductivity"][rows]
    w = e["wall_thickness"][rows]
    for lam in np.unique(lam_all):
        sel_l = lam_all == lam
        slab = np.flatnonzero(sel_l & (ft == _FLOOR["slab"]))
        if len(slab):
            codes, distinct = _object_codes(cons[slab])
            r_f = np.array([_CACHE.r_floor(c) for c in distinct] + [np.nan])[codes]
            dt = ground.equivalent_thickness(w[slab], r_f, lam)
            out[slab] = ground.slab_on_ground_u_value(bp[slab], dt, lam)
        other = np.flatnonzero(sel_l & (ft != _FLOOR["slab"]))
        if not len(other):
            continue
        codes, distinct = _object_codes(cons[other])
        deck = np.array([_CACHE.u(c, "down", envelope.RSI["down"]) for c in distinct] + [np.nan])[codes]
        rr = rows[other]
        crawl = ft[other] == _FLOOR["crawlspace"]
        if crawl.any():
            k = other[crawl]
            kr = rows[k]
            out[k] = ground.suspended_floor_u_value(
                deck[crawl], bp[k], w[k], e["crawl_wall_u"][kr], e["crawl_height"][kr],
                e["crawl_ventilation_area"][kr], conductivity=lam,
            )
        cellar = ~crawl
        if cellar.any():
            k = other[cellar]
            kr = rr[cellar]
            out[k] = ground.unheated_basement_u_value(
                deck[cellar], area[k], per[k], w[k], e["cellar_depth"][kr], e["cellar_height_above_ground"][kr],
                e["cellar_wall_resistance"][kr], e["cellar_wall_u_above_ground"][kr], e["cellar_air_change_rate"][kr],
                conductivity=lam,
            )
    return out


def _space_b(spaces: dict[str, np.ndarray], e: dict[str, np.ndarray]) -> np.ndarray:
    """b of each unheated space, ISO 13789:2017 6.4: b = H_ue/(H_iu + H_ue) (given b kept)."""
    ns = len(spaces["house"])
    if not ns:
        return np.zeros(0)
    faces = e["space"] >= 0
    h_iu = segment_sum((e["u"] * e["area"])[faces], e["space"][faces], ns)
    h_ue = spaces["exterior_area"] * spaces["exterior_u"] + np.asarray(
        envelope.unheated_space_ventilation_conductance(spaces["air_change_rate"], spaces["volume"]), dtype=float
    )
    tot = h_iu + h_ue
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(tot > 0, np.asarray(envelope.adjustment_factor_b(h_iu, np.where(tot > 0, h_ue, 1.0)), dtype=float), 1.0)
    return np.where(np.isnan(spaces["b_given"]), b, spaces["b_given"])


def _b_values(e: dict[str, np.ndarray], space_b: np.ndarray) -> np.ndarray:
    """b of every element row [-]: ground 1, given, the space's, 0 adjacent/internal, else 1."""
    bnd = e["boundary"]
    b = np.where((bnd == BOUNDARY["adjacent"]) | (bnd == BOUNDARY["internal"]), 0.0, 1.0)
    sp = e["space"]
    uh = (bnd == BOUNDARY["unheated"]) & (sp >= 0)
    if uh.any():
        b[uh] = space_b[sp[uh]]
    given = ~np.isnan(e["b_given"])
    b[given] = e["b_given"][given]
    b[e["etype"] == 2] = 1.0
    return b


def _bridge_psi(t: HouseTable) -> np.ndarray:
    """ψ of every bridge [W/(m·K)]: given, or the default of its junction for the walls'
    insulation side (largest exterior-wall area) and whether the floor/ceiling
    meeting the wall is insulated — the rule of :meth:`rehab.House.bridge_psi`."""
    from .house import default_psi

    br = t.bridges
    psi = br["psi_given"].copy()
    todo = np.flatnonzero(np.isnan(psi))
    if not len(todo):
        return psi
    e = t.elements
    n = len(t)
    # insulation side of the walls, by area (ties: the side met first, as the House rule)
    walls = np.flatnonzero((e["etype"] == 0) & (e["kind"] == KIND["wall"]) & (e["boundary"] == BOUNDARY["exterior"]))
    side_code = np.where(e["has_construction"][walls], e["insulation"][walls], np.where(e["u"][walls] > 1.0, 0, 1))
    n_ins = len(INSULATION)
    hw = e["house"][walls]
    areas = np.bincount(hw * n_ins + side_code, weights=e["area"][walls], minlength=n * n_ins).reshape(n, n_ins)
    seen_first = np.full(n * n_ins, np.iinfo(np.int64).max)
    np.minimum.at(seen_first, hw * n_ins + side_code, walls)
    seen_first = seen_first.reshape(n, n_ins)
    present = seen_first < np.iinfo(np.int64).max
    best = np.where(present, areas, -np.inf).max(axis=1, keepdims=True)
    cand = present & (areas == best)
    pick = np.argmin(np.where(cand, seen_first, np.iinfo(np.int64).max), axis=1)
    side = np.where(present.any(axis=1), pick, INSULATION.index("none"))
    live = e["boundary"] != BOUNDARY["internal"]
    big = np.full(n, np.inf)

    def min_u(kinds: tuple[int, ...]) -> np.ndarray:
        sel = live & np.isin(e["kind"], kinds)
        out = big.copy()
        np.minimum.at(out, e["house"][sel], e["u"][sel])
        return out

    floor_min = min_u((KIND["floor"],))
    top_min = min_u((KIND["ceiling"], KIND["roof"]))
    decks = (e["etype"] == 2) & e["has_construction"]
    n_decks = np.bincount(e["house"][decks], minlength=n)
    deck_ins = np.bincount(e["house"][decks & (e["insulation_resistance"] >= 0.5)], minlength=n) > 0
    bh = br["house"][todo]
    jcode, jnames = _factorize(br["junction"][todo])
    other = np.where(
        (jnames == "ground_floor")[jcode],
        np.where(n_decks[bh] > 0, deck_ins[bh], floor_min[bh] < 0.8),
        np.where((jnames == "eaves")[jcode], top_min[bh] < 0.8, False),
    )
    # one ψ per (junction, walls' insulation side, floor/ceiling insulated)
    keys = (jcode * n_ins + side[bh]) * 2 + other
    vals = np.zeros(2 * n_ins * len(jnames))
    for k in np.flatnonzero(np.bincount(keys, minlength=len(vals))).tolist():
        vals[k] = default_psi(jnames[k // (2 * n_ins)], INSULATION[(k // 2) % n_ins], bool(k % 2))
    psi[todo] = vals[keys]
    return psi


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, distinct values) of a column of labels (by hashing, in order of appearance)."""
    if len(values) < 256:
        seen: dict[Any, int] = {}
        codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values.tolist()), dtype=np.int64, count=len(values))
        uniques = np.empty(len(seen), dtype=object)
        uniques[:] = list(seen)
        return codes, uniques
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)


def _ventilation(hs: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(H_vent, H_inf) per house [W/K], as :meth:`rehab.ventilation.Ventilation.conductances`."""
    from .ventilation import (
        DEFAULT_FLOW_PER_M2,
        EXTRACT_SYSTEMS,
        infiltration_flow,
        ventilation_conductance,
    )

    n = len(hs["floor_area"])
    system = hs["vent_system"]
    if n:
        scode, systems = _factorize(system)
        per_m2 = np.array([DEFAULT_FLOW_PER_M2[s] for s in systems], dtype=float)[scode]
    else:
        per_m2 = np.zeros(0)
    q_sys = np.where(np.isnan(hs["vent_flow"]), per_m2 * hs["floor_area"], hs["vent_flow"])
    h_vent = np.asarray(ventilation_conductance(q_sys * (1.0 - hs["heat_recovery"])), dtype=float).reshape(n)
    h_vent = np.where(np.isnan(hs["h_vent_given"]), h_vent, hs["h_vent_given"])
    balanced = system == "balanced"
    extract_sys = np.isin(system, EXTRACT_SYSTEMS)
    supply = np.where(balanced, q_sys, 0.0)
    extract = np.where(extract_sys, q_sys, 0.0)
    h_inf = np.zeros(n)
    if n:
        c_sh, shield = _factorize(hs["shielding"])
        c_ex, expo = _factorize(hs["exposure"])
        pair = c_sh * len(expo) + c_ex
        for key in np.flatnonzero(np.bincount(pair)).tolist():
            sel = pair == key
            sh, ex = str(shield[key // len(expo)]), str(expo[key % len(expo)])
            q = infiltration_flow(hs["n50"][sel], hs["volume"][sel], sh, ex, supply[sel], extract[sel])
            h_inf[sel] = np.asarray(ventilation_conductance(q), dtype=float)
    h_inf = np.where(np.isnan(hs["h_inf_given"]), h_inf, hs["h_inf_given"])
    return h_vent, h_inf


def internal_surface_area(elements: dict[str, np.ndarray], floor_area: np.ndarray, geometry: np.ndarray) -> np.ndarray:
    """A_t per house [m²] (ISO 13790:2008 7.2.2.2), as :meth:`rehab.House.internal_surface_area`.

    Envelope elements count once, internal ones twice; a declared house
    without internal elements uses at least 4.5·A_f.
    """
    n = len(floor_area)
    internal = elements["boundary"] == BOUNDARY["internal"]
    total = segment_sum(elements["area"] * np.where(internal, 2.0, 1.0), elements["house"], n)
    has_internal = np.bincount(elements["house"][internal], minlength=n) > 0
    complete = geometry | has_internal
    return np.where(complete, total, np.maximum(total, 4.5 * floor_area))


def thermal_mass(
    elements: dict[str, np.ndarray],
    floor_area: np.ndarray,
    a_t: np.ndarray,
    kind: np.ndarray,
    classes: Sequence[Any],
    given: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(C_m [J/K], A_m [m²]) per house, ISO 13790:2008 12.3.1 (eq. 65–66, Table 12).

    As :meth:`rehab.House.thermal_mass_parameters`: C_m = Σ κ·A over the
    inner faces of envelope elements and both faces of internal ones
    (windows excluded), A_m = C_m²/Σ κ²·A capped at A_t; a class gives
    Table 12's values, a given C_m uses A_m = 2.5·A_f.
    """
    from .house import THERMAL_MASS_CLASSES

    n = len(floor_area)
    h = elements["house"]
    opaque = (elements["etype"] != 1) & elements["has_construction"]
    internal = elements["boundary"] == BOUNDARY["internal"]
    a = np.where(opaque, elements["area"], 0.0)
    k_in = elements["kappa_in"]
    k_out = np.where(internal, elements["kappa_out"], 0.0)
    c = segment_sum(k_in * a + k_out * a, h, n)
    k2a = segment_sum(k_in**2 * a + k_out**2 * a, h, n)
    am_med, cm_med = THERMAL_MASS_CLASSES["medium"]
    with np.errstate(divide="ignore", invalid="ignore"):
        c_m = np.where(c > 0, c, cm_med * floor_area)
        a_m = np.where(c > 0, np.minimum(c**2 / k2a, a_t), am_med * floor_area)
    for i in np.flatnonzero(kind == 1):
        am, cm = THERMAL_MASS_CLASSES[classes[i]]
        c_m[i] = cm * floor_area[i]
        a_m[i] = min(am * floor_area[i], a_t[i])
    sel = kind == 2
    c_m[sel] = given[sel]
    a_m[sel] = 2.5 * floor_area[sel]
    return c_m, a_m


# ---------------------------------------------------------------------------
# engine inputs
# ---------------------------------------------------------------------------


def sky_loss(table: HouseTable) -> np.ndarray:
    """h_sky per house [W/K]: ISO 13790:2008 11.3.5 over exterior elements facing up to vertical
    (F_r = 1 for tilts below 45°, 0.5 above)."""
    e = table.elements
    ext = (e["boundary"] == BOUNDARY["exterior"]) & (e["etype"] != 2) & (e["tilt"] <= 90.0)
    rows = np.flatnonzero(ext)
    f_r = np.where(e["tilt"][rows] < 45.0, 1.0, 0.5)
    h = np.asarray(gains.sky_loss_coefficient(e["u"][rows], e["area"][rows], f_r, e["emissivity"][rows]), dtype=float).reshape(-1)
    return segment_sum(h, e["house"][rows], len(table))
