"""The columnar form of many houses: house arrays, an element table, a bridge table.

A :class:`HouseTable` holds what the engines, the 3CL chain and the
economics need of N houses as flat numpy arrays, so that one house or a
million go through the same array code:

* **houses** — one value per house: floor area, volume, ventilation
  conductances, thermal mass (C_m, A_m), internal surface area A_t, the
  3CL inertia class inputs, and the house's identity (name, archetype);
* **elements** — one row per house × element (``house`` gives the house
  index): kind, boundary, area, U, b, azimuth, tilt, g-value, frame
  fraction, shading, glazing panes, solar absorptance, emissivity, the
  areal heat capacity of both faces, the insulation side of its
  construction, the street/side flags;
* **bridges** — one row per house × junction: junction, length, ψ, b.

Per-house totals are segment sums over these rows
(:func:`numpy.bincount`), e.g. H_tr,op = Σ b·U·A + Σ b·ψ·l
(ISO 13789:2017 eq. 2–4); :func:`engine_batch` turns a table into the
struct-of-arrays batch of the demand engines
(:class:`rehab.demand.zones.ThermalZones`).

A :class:`rehab.House` stays the single-house model; a table built from
Houses keeps them, and :meth:`HouseTable.house` gives any row back.

Examples
--------
>>> import rehab
>>> from rehab.table import HouseTable
>>> hs = [rehab.archetypes.get("coron-mid-terrace", azimuth=a) for a in (0, 90, 180)]
>>> t = HouseTable.from_houses(hs)
>>> len(t), t.n_elements
(3, 33)
>>> h = t.heat_loss()
>>> round(float(h["h_total"][0]), 6) == round(hs[0].heat_loss().h_total, 6)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import envelope, gains
from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from .house import House

__all__ = ["BOUNDARIES", "ETYPES", "KINDS", "HouseTable", "segment_sum"]

#: Element types (column ``etype``): opaque element, window, ground floor.
ETYPES = ("opaque", "window", "ground_floor")
#: Element kinds (column ``kind``).
KINDS = ("wall", "roof", "ceiling", "floor", "door", "party_wall", "window")
#: Boundaries (column ``boundary``).
BOUNDARIES = ("exterior", "unheated", "adjacent", "ground", "internal")
#: Insulation sides of a construction (column ``insulation``; "unknown": declared U).
INSULATION = ("none", "internal", "external", "both", "distributed", "unknown")
#: Glazing families and their number of panes (solar angular modifiers).
PANES = {"single": 1, "double_old": 2, "double": 2, "triple": 3}

_KIND = {k: i for i, k in enumerate(KINDS)}
_BOUNDARY = {k: i for i, k in enumerate(BOUNDARIES)}
_INSUL = {k: i for i, k in enumerate(INSULATION)}

_FLOAT_COLS = (
    "area",
    "u",
    "b",
    "azimuth",
    "tilt",
    "g_value",
    "frame_fraction",
    "shading",
    "solar_absorptance",
    "emissivity",
    "kappa_in",
    "kappa_out",
    "insulation_resistance",
)
_INT_COLS = ("house", "etype", "kind", "boundary", "panes", "insulation")
_BOOL_COLS = ("street", "has_construction")


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

    def _entry(self, con: Any) -> dict[Any, Any]:
        hit = self._by_id.get(id(con))
        if hit is not None and hit[0] is con:
            return hit[1]
        d: dict[Any, Any] = {
            "kappa_in": float(con.areal_heat_capacity("inside")),
            "kappa_out": float(con.areal_heat_capacity("outside")),
            "insulation": con.insulation_side,
            "r_ins": float(con.insulation_resistance),
        }
        self._by_id[id(con)] = (con, d)
        return d

    def u(self, con: Any, direction: str, rse: float) -> float:
        d = self._entry(con)
        key = (direction, rse)
        if key not in d:
            d[key] = float(con.u_value(direction, rse=rse))
        return d[key]

    def figures(self, con: Any) -> dict[Any, Any]:
        return self._entry(con)


@dataclass
class HouseTable:
    """N houses as arrays (module docstring).

    Attributes
    ----------
    houses : dict of numpy.ndarray
        One value per house: ``floor_area`` [m²], ``volume`` [m³],
        ``h_vent`` and ``h_inf`` [W/K], ``c_m`` [J/K], ``a_m`` [m²],
        ``a_t`` [m²], ``name`` and ``archetype`` (object arrays).
    elements : dict of numpy.ndarray
        One value per element row (``house`` is the row's house index);
        integer codes index :data:`ETYPES`, :data:`KINDS`,
        :data:`BOUNDARIES`, :data:`INSULATION`.
    bridges : dict of numpy.ndarray
        ``house``, ``junction`` (object), ``length`` [m], ``psi``
        [W/(m·K)], ``b`` [-].
    source : list of House, optional
        The houses the table was built from (``house(i)`` returns them).
    """

    houses: dict[str, np.ndarray]
    elements: dict[str, np.ndarray]
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
        """Build the table of a list of :class:`rehab.House` objects.

        Construction figures (U by heat-flow direction, areal heat
        capacities, insulation side) are computed once per construction
        object and shared by every house that holds it; the rest is read
        once per element. Equal, to rounding, to the figures of each
        House (``House.heat_loss``, ``House.thermal_mass_parameters``).
        """
        from .house import GroundFloor, Window

        cache = _ConstructionCache()
        n = len(houses)
        ecols: dict[str, list[Any]] = {c: [] for c in (*_FLOAT_COLS, *_INT_COLS, *_BOOL_COLS, "name", "side")}
        bcols: dict[str, list[Any]] = {c: [] for c in ("house", "junction", "length", "psi", "b")}
        hv = np.zeros(n)
        hi = np.zeros(n)
        fa = np.zeros(n)
        vol = np.zeros(n)
        tm_kind = np.zeros(n, dtype=np.int64)  # 0 computed, 1 class, 2 given C_m
        tm_class: list[Any] = [None] * n
        tm_given = np.zeros(n)
        geometry = np.zeros(n, dtype=bool)
        names = np.empty(n, dtype=object)
        arch = np.empty(n, dtype=object)
        vent_cache: dict[Any, Any] = {}
        rse_ext = envelope.RSE
        rsi = envelope.RSI
        for i, h in enumerate(houses):
            fa[i] = h.floor_area
            vol[i] = h.volume
            names[i] = h.name
            arch[i] = getattr(h, "archetype", None)
            geometry[i] = h.geometry is not None
            tm = h.thermal_mass
            if isinstance(tm, str):
                tm_kind[i], tm_class[i] = 1, tm
            elif tm is not None:
                tm_kind[i], tm_given[i] = 2, float(tm)
            v = h.ventilation
            vkey = (id(v), h.floor_area, h.volume)
            hit = vent_cache.get(vkey)
            if hit is None or hit[0] is not v:
                hit = vent_cache[vkey] = (v, v.conductances(h.floor_area, h.volume))
            hv[i], hi[i] = hit[1]
            first = len(ecols["house"])
            spaces: dict[str, list[int]] = {}
            for e in h.elements:
                ecols["house"].append(i)
                ecols["name"].append(e.name)
                ecols["side"].append(getattr(e, "side", None))
                ecols["street"].append(bool(getattr(e, "street", False)))
                ecols["area"].append(e.area)
                con = getattr(e, "construction", None)
                ecols["has_construction"].append(con is not None)
                if con is not None:
                    f = cache.figures(con)
                    ecols["kappa_in"].append(f["kappa_in"])
                    ecols["kappa_out"].append(f["kappa_out"])
                    ecols["insulation"].append(_INSUL[f["insulation"]])
                    ecols["insulation_resistance"].append(f["r_ins"])
                else:
                    ecols["kappa_in"].append(0.0)
                    ecols["kappa_out"].append(0.0)
                    ecols["insulation"].append(_INSUL["unknown"])
                    ecols["insulation_resistance"].append(np.nan)
                if isinstance(e, Window):
                    ecols["etype"].append(1)
                    ecols["kind"].append(_KIND["window"])
                    ecols["u"].append(e.u)
                    ecols["g_value"].append(e.g_value)
                    ecols["frame_fraction"].append(e.frame_fraction)
                    ecols["shading"].append(e.shading)
                    ecols["panes"].append(PANES[e.glazing])
                    ecols["azimuth"].append(float(e.azimuth))
                    ecols["tilt"].append(float(e.tilt))
                    ecols["solar_absorptance"].append(np.nan)
                else:
                    ground = isinstance(e, GroundFloor)
                    ecols["etype"].append(2 if ground else 0)
                    ecols["kind"].append(_KIND[e.kind])
                    if ground or e.u_value is not None:
                        ecols["u"].append(e.u)
                    else:
                        d = e.direction
                        rse = rse_ext if e.boundary == "exterior" else rsi[d]
                        ecols["u"].append(cache.u(con, d, rse))
                    ecols["g_value"].append(0.0)
                    ecols["frame_fraction"].append(0.0)
                    ecols["shading"].append(1.0)
                    ecols["panes"].append(0)
                    az = e.azimuth
                    ecols["azimuth"].append(np.nan if az is None else float(az))
                    ecols["tilt"].append(float(e.effective_tilt))
                    ecols["solar_absorptance"].append(
                        np.nan if ground else float(e.solar_absorptance)
                    )
                ecols["emissivity"].append(float(getattr(e, "emissivity", 0.9)))
                bnd = e.boundary
                ecols["boundary"].append(_BOUNDARY[bnd])
                if isinstance(e, GroundFloor):
                    b = 1.0
                elif e.b is not None:
                    b = float(e.b)
                elif bnd == "unheated":
                    b = np.nan  # from the unheated space, below
                    spaces.setdefault(e.unheated_space, []).append(len(ecols["house"]) - 1)
                elif bnd in ("adjacent", "internal"):
                    b = 0.0
                else:
                    b = 1.0
                ecols["b"].append(b)
            # b of the unheated spaces (ISO 13789:2017 6.4)
            for s in h.unheated_spaces:
                rows = spaces.get(s.name, [])
                if not rows:
                    continue
                if s.b is not None:
                    bs = float(s.b)
                else:
                    h_iu = sum(ecols["u"][r] * ecols["area"][r] for r in rows)
                    h_ue = s.h_ue()
                    bs = float(envelope.adjustment_factor_b(h_iu, h_ue)) if h_iu + h_ue > 0 else 1.0
                for r in rows:
                    ecols["b"][r] = bs
            if h.thermal_bridges:
                psis = _bridge_psi(h, ecols, first)
                for tb, psi in zip(h.thermal_bridges, psis, strict=True):
                    bcols["house"].append(i)
                    bcols["junction"].append(tb.junction)
                    bcols["length"].append(tb.length)
                    bcols["psi"].append(psi)
                    bcols["b"].append(tb.b)
        elements = _element_arrays(ecols)
        bridges = {
            "house": np.asarray(bcols["house"], dtype=np.int64),
            "junction": np.asarray(bcols["junction"], dtype=object),
            "length": np.asarray(bcols["length"], dtype=float),
            "psi": np.asarray(bcols["psi"], dtype=float),
            "b": np.asarray(bcols["b"], dtype=float),
        }
        a_t = internal_surface_area(elements, fa, geometry)
        c_m, a_m = thermal_mass(elements, fa, a_t, tm_kind, tm_class, tm_given)
        house_cols = {
            "name": names,
            "archetype": arch,
            "floor_area": fa,
            "volume": vol,
            "h_vent": hv,
            "h_inf": hi,
            "a_t": a_t,
            "c_m": c_m,
            "a_m": a_m,
            "geometry": geometry,
        }
        return cls(house_cols, elements, bridges, source=list(houses))

    # ------------------------------------------------------------ access
    def house(self, i: int) -> House:
        """Row ``i`` as a :class:`rehab.House`."""
        if self.source is None:
            raise InputError("this HouseTable was not built from House objects; no House for its rows")
        return self.source[i]

    def take(self, index: Sequence[int] | np.ndarray) -> HouseTable:
        """The table of the houses ``index`` (in that order, repeats allowed)."""
        idx = np.asarray(index, dtype=np.int64)
        n = len(self)
        houses = {k: v[idx] for k, v in self.houses.items()}
        # element rows of the selected houses, renumbered
        order = np.argsort(self.elements["house"], kind="stable")
        counts = np.bincount(self.elements["house"], minlength=n)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        rows = np.concatenate([order[starts[j] : starts[j] + counts[j]] for j in idx]) if len(idx) else np.zeros(0, np.int64)
        new_house = np.repeat(np.arange(len(idx)), counts[idx])
        elements = {k: v[rows] for k, v in self.elements.items()}
        elements["house"] = new_house
        border = np.argsort(self.bridges["house"], kind="stable")
        bcounts = np.bincount(self.bridges["house"], minlength=n)
        bstarts = np.concatenate(([0], np.cumsum(bcounts)[:-1]))
        brows = np.concatenate([border[bstarts[j] : bstarts[j] + bcounts[j]] for j in idx]) if len(idx) else np.zeros(0, np.int64)
        bridges = {k: v[brows] for k, v in self.bridges.items()}
        bridges["house"] = np.repeat(np.arange(len(idx)), bcounts[idx])
        src = None if self.source is None else [self.source[j] for j in idx]
        return HouseTable(houses, elements, bridges, source=src)

    def element_frame(self) -> pd.DataFrame:
        """The element table as a DataFrame (codes decoded)."""
        import pandas as pd

        df = pd.DataFrame(self.elements)
        df["etype"] = np.asarray(ETYPES, dtype=object)[df["etype"]]
        df["kind"] = np.asarray(KINDS, dtype=object)[df["kind"]]
        df["boundary"] = np.asarray(BOUNDARIES, dtype=object)[df["boundary"]]
        df["insulation"] = np.asarray(INSULATION, dtype=object)[df["insulation"]]
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
        live = e["boundary"] != _BOUNDARY["internal"]
        bua = np.where(live, e["b"] * e["u"] * e["area"], 0.0)
        ground = (e["etype"] == 2) | (e["boundary"] == _BOUNDARY["ground"])
        win = (e["etype"] == 1) | (e["kind"] == _KIND["door"])
        h_gr = segment_sum(np.where(ground, bua, 0.0), e["house"], n)
        h_w = segment_sum(np.where(win & ~ground, bua, 0.0), e["house"], n)
        h_op = segment_sum(np.where(~win & ~ground, bua, 0.0), e["house"], n)
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


def _element_arrays(cols: dict[str, list[Any]]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for c in _FLOAT_COLS:
        out[c] = np.asarray(cols[c], dtype=float)
    for c in _INT_COLS:
        out[c] = np.asarray(cols[c], dtype=np.int64)
    for c in _BOOL_COLS:
        out[c] = np.asarray(cols[c], dtype=bool)
    out["name"] = np.asarray(cols["name"], dtype=object)
    out["side"] = np.asarray(cols["side"], dtype=object)
    return out


def _bridge_psi(h: Any, ecols: dict[str, list[Any]], first: int) -> list[float]:
    """ψ of each bridge of house ``h``: given, or the default for its walls' insulation side.

    The rule of :meth:`rehab.House.bridge_psi`, read from the element rows
    ``first:`` just appended (no U computed twice): the insulation side of
    the exterior walls with the largest area, and whether the
    floor/ceiling meeting the wall at the junction is insulated.
    """
    from .house import default_psi

    rows = range(first, len(ecols["house"]))
    kind = ecols["kind"]
    bnd = ecols["boundary"]
    areas: dict[str, float] = {}
    for r in rows:
        if ecols["etype"][r] == 0 and kind[r] == _KIND["wall"] and bnd[r] == _BOUNDARY["exterior"]:
            if ecols["has_construction"][r]:
                s = INSULATION[ecols["insulation"][r]]
            else:
                s = "none" if ecols["u"][r] > 1.0 else "internal"
            areas[s] = areas.get(s, 0.0) + ecols["area"][r]
    side = max(areas, key=areas.get) if areas else "none"  # type: ignore[arg-type]

    def other_insulated(junction: str) -> bool:
        kinds = {"ground_floor": (_KIND["floor"],), "eaves": (_KIND["ceiling"], _KIND["roof"])}.get(junction)
        if not kinds:
            return False
        us = [ecols["u"][r] for r in rows if kind[r] in kinds and bnd[r] != _BOUNDARY["internal"]]
        if not us:
            return False
        if junction == "ground_floor":
            decks = [r for r in rows if ecols["etype"][r] == 2 and ecols["has_construction"][r]]
            if decks:
                return any(ecols["insulation_resistance"][r] >= 0.5 for r in decks)
        return min(us) < 0.8

    out = []
    other: dict[str, bool] = {}
    for tb in h.thermal_bridges:
        if tb.psi is not None:
            out.append(float(tb.psi))
            continue
        j = tb.junction
        if j not in other:
            other[j] = other_insulated(j)
        out.append(default_psi(j, side, other[j]))
    return out


def internal_surface_area(elements: dict[str, np.ndarray], floor_area: np.ndarray, geometry: np.ndarray) -> np.ndarray:
    """A_t per house [m²] (ISO 13790:2008 7.2.2.2), as :meth:`rehab.House.internal_surface_area`.

    Envelope elements count once, internal ones twice; a declared house
    without internal elements uses at least 4.5·A_f.
    """
    n = len(floor_area)
    internal = elements["boundary"] == _BOUNDARY["internal"]
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
    internal = elements["boundary"] == _BOUNDARY["internal"]
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


def solar_surfaces(table: HouseTable) -> tuple[list[tuple], np.ndarray, np.ndarray, np.ndarray]:
    """Sunlit surfaces of every house: irradiance keys and collecting areas.

    Windows collect A_sol = F_sh·g·(1 − F_F)·A (the angular modifier is in
    the irradiance row: key ("win", azimuth, tilt, panes)); opaque exterior
    elements facing up to vertical collect their area times the absorbed
    share of the row ("op", azimuth, tilt, R_rest, α) — see
    :mod:`rehab.simulation`. Floors exposed below and untilted walls
    without azimuth receive none.

    Returns
    -------
    keys : list of tuple
        Distinct irradiance keys, sorted.
    house, key_index, area : numpy.ndarray
        One entry per (house, key) pair with its summed area [m²].
    """
    e = table.elements
    ext = e["boundary"] == _BOUNDARY["exterior"]
    not_ground = e["etype"] != 2
    tilt = e["tilt"]
    sunlit = ext & not_ground & (tilt <= 90.0)
    win = sunlit & (e["etype"] == 1)
    opq = sunlit & (e["etype"] == 0) & ~(np.isnan(e["azimuth"]) & (tilt > 45.0))
    az = np.where(np.isnan(e["azimuth"]), 180.0, e["azimuth"]) % 360.0
    rows_w = np.flatnonzero(win)
    rows_o = np.flatnonzero(opq)
    a_w = np.asarray(
        gains.window_solar_aperture(
            e["area"][rows_w], e["g_value"][rows_w], e["frame_fraction"][rows_w], f_w=1.0,
            obstacle_shading=e["shading"][rows_w],
        ),
        dtype=float,
    ).reshape(-1)
    # keys rounded as Python's round() does (azimuth and tilt 0.1°, R 1e-4, α 1e-3)
    with np.errstate(divide="ignore"):
        r_rest = 1.0 / e["u"][rows_o] - gains.R_SE
    keys_w = [
        ("win", round(a, 1), round(t, 1), p)
        for a, t, p in zip(az[rows_w].tolist(), tilt[rows_w].tolist(), e["panes"][rows_w].tolist(), strict=True)
    ]
    keys_o = [
        ("op", round(a, 1), round(t, 1), round(r, 4), round(al, 3))
        for a, t, r, al in zip(
            az[rows_o].tolist(), tilt[rows_o].tolist(), r_rest.tolist(),
            e["solar_absorptance"][rows_o].tolist(), strict=True,
        )
    ]
    all_keys = keys_w + keys_o
    uniq = sorted(set(all_keys))
    index = {k: i for i, k in enumerate(uniq)}
    kidx = np.fromiter((index[k] for k in all_keys), dtype=np.int64, count=len(all_keys))
    house = np.concatenate((e["house"][rows_w], e["house"][rows_o]))
    area = np.concatenate((a_w, e["area"][rows_o]))
    # sum repeated (house, key) pairs
    nk = max(len(uniq), 1)
    pair = house * nk + kidx
    up, inv = np.unique(pair, return_inverse=True)
    summed = np.bincount(inv, weights=area, minlength=len(up))
    return uniq, up // nk, up % nk, summed


def sky_loss(table: HouseTable) -> np.ndarray:
    """h_sky per house [W/K]: ISO 13790:2008 11.3.5 over exterior elements facing up to vertical
    (F_r = 1 for tilts below 45°, 0.5 above)."""
    e = table.elements
    ext = (e["boundary"] == _BOUNDARY["exterior"]) & (e["etype"] != 2) & (e["tilt"] <= 90.0)
    rows = np.flatnonzero(ext)
    f_r = np.where(e["tilt"][rows] < 45.0, 1.0, 0.5)
    h = np.asarray(gains.sky_loss_coefficient(e["u"][rows], e["area"][rows], f_r, e["emissivity"][rows]), dtype=float).reshape(-1)
    return segment_sum(h, e["house"][rows], len(table))
