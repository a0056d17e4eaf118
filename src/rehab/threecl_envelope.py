"""The loss coefficient a DPE diagnostician would write: 3CL conventional U tables.

:func:`rehab.labels.dpe` takes the loss coefficient GV of a house from its
physical model (ISO 6946 layer by layer, ISO 13370 ground, the house's own
airtightness). A diagnostician applying the 3CL-DPE 2021 method to the same
house without justified compositions writes the *conventional* values of
the method's tables instead. :func:`conventional_gv` computes that GV, and
``labels.dpe(house, method="3cl-defaults")`` the DPE that goes with it:

* walls: Umur0 of the structural material and thickness (3CL §3.2.1.2,
  the class of the thickest masonry layer, ``data/threecl/wall_classes.csv``,
  the tabulated thickness nearest to the layer's), and when the wall
  carries insulation of known resistance R, Umur = 1/(1/Umur0 + R)
  (§3.2.1.1);
* ceilings and roofs: Uph0 by type (heavy slab 2.5, timber ceiling 1.45,
  §3.2.3.2), then 1/(1/Uph0 + R) with the insulation's R;
* low floors: Upb0 by type (slab 2.0, timber on timber joists 1.6,
  §3.2.2.2), then 1/(1/Upb0 + R), then on the ground or over a cellar the
  Ue of the §3.2.2.1 tables for the floor's 2S/P (S its area, P its
  exposed perimeter), interpolated linearly in Upb and in 2S/P as the
  method allows;
* windows and doors: Uw by glazing (single 5.4, older double 2.8, low-e
  double 1.6, triple 1.3, timber frames) and a solid door 3.5 (§3.3);
* the same reduction factors b (ISO 13789, the house's own unheated
  spaces) and thermal bridges (whose ψ already follow 3CL §3.4,
  ``data/bridges/psi_defaults.csv``) as the physical model;
* ventilation: the house's system with the 3CL conventional airtightness
  instead of its own n50: Q4Pa_conv [m³/(h·m²)] of the construction period
  (§4; before 1948 2.5, or 2.0 with sealed windows; 1948–1974 2.2 / 1.9;
  1975–2005 1.9; from 2006 1.3; ``data/typology/envelope_defaults.csv``)
  times the envelope area except the low floor, turned into
  n50 = Q4Pa/((4/50)^(2/3)·V); the infiltration then follows the same
  3CL formula as the physical model (:mod:`rehab.ventilation`).

Values are SI: U [W/(m²·K)], H [W/K].

Examples
--------
A mid-terrace coron (22 cm solid brick, plaster): the nearest tabulated
thickness is 23 cm, Umur0 = 2.5 W/(m²·K):

>>> import rehab
>>> from rehab import threecl_envelope
>>> h = rehab.archetypes.get("coron-mid-terrace")
>>> threecl_envelope.wall_u(h.element("wall_front").construction)
2.5
>>> t = threecl_envelope.conventional_gv(h)
>>> sorted(t.elements.kind.unique())
['ceiling', 'door', 'floor', 'party_wall', 'wall', 'window']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._data import read_csv_records

__all__ = [
    "ConventionalGV",
    "ceiling_u",
    "conventional_gv",
    "conventional_n50",
    "floor_u0",
    "ground_ue",
    "wall_u",
    "window_u",
]

_HEAVY = ("concrete", "masonry", "screed")


@lru_cache(maxsize=1)
def _table() -> dict[str, list[tuple[str, float | None, float]]]:
    out: dict[str, list[tuple[str, float | None, float]]] = {}
    for r in read_csv_records("threecl", "u_defaults.csv"):
        x = float(r["x"]) if r["x"] else None
        out.setdefault(r["component"], []).append((r["key"], x, float(r["u"])))
    return out


@lru_cache(maxsize=1)
def _wall_classes() -> dict[str, str]:
    return {r["material"]: r["wall_class"] for r in read_csv_records("threecl", "wall_classes.csv")}


def _one(component: str, key: str) -> float:
    for k, _x, u in _table()[component]:
        if k == key:
            return u
    raise KeyError(f"{component} {key}")


def _solid_layers(construction: Any) -> list[Any]:
    return [ly for ly in construction.layers if getattr(ly, "kind", "") == "solid"]


def _is_heavy(construction: Any) -> bool:
    return any(ly.mat.category in _HEAVY for ly in _solid_layers(construction))


def _insulation_r(construction: Any) -> float:
    return float(construction.insulation_resistance)


def _with_insulation(u0: float, r: float) -> float:
    """1/(1/U0 + R), 3CL §3.2.1.1 / §3.2.2.1 / §3.2.3.1 (insulation of known R)."""
    return 1.0 / (1.0 / u0 + r) if r > 0 else u0


def wall_u(construction: Any) -> float:
    """3CL wall U [W/(m²·K)]: Umur0 of the structural layer's class and thickness, then its insulation.

    The structural layer is the thickest masonry/concrete layer; its
    thickness is matched to the nearest tabulated one (ties: the thinner).
    A wall of no known class takes the 3CL "unknown" 2.5.

    Examples
    --------
    34 cm of solid brick with 10 cm of insulation of R = 2.5 m²·K/W:
    1/(1/2.0 + 2.5) = 0.333...

    >>> from rehab.constructions import Construction
    >>> c = Construction(layers=[{"material": "brick_solid_old", "thickness": 0.34},
    ...                          {"material": "glass_wool", "thickness": 0.10}])
    >>> round(wall_u(c), 3) == round(1 / (1 / 2.0 + 0.10 / c.layers[1].mat.conductivity), 3)
    True
    """
    structural = [ly for ly in _solid_layers(construction) if ly.mat.category in ("masonry", "concrete", "stone")]
    if not structural:
        return _with_insulation(_one("umur0", "unknown"), _insulation_r(construction))
    main = max(structural, key=lambda ly: ly.thickness)
    cls = _wall_classes().get(str(main.material))
    rows = [(x, u) for k, x, u in _table()["umur0"] if k == cls]
    if not rows:
        u0 = _one("umur0", "unknown")
    else:
        cm = main.thickness * 100.0
        _x, u0 = min(rows, key=lambda xu: (abs(xu[0] - cm), xu[0]))
    return _with_insulation(u0, _insulation_r(construction))


def ceiling_u(construction: Any, kind: str = "ceiling") -> float:
    """3CL ceiling/roof U [W/(m²·K)]: Uph0 by type (§3.2.3.2), then its insulation.

    Examples
    --------
    >>> import rehab
    >>> ceiling_u(rehab.archetypes.get("coron-mid-terrace").element("ceiling").construction)
    1.45
    """
    if _is_heavy(construction):
        u0 = _one("uph0", "slab")
    elif kind == "roof":
        u0 = _one("uph0", "sloping")
    else:
        u0 = _one("uph0", "timber")
    return _with_insulation(u0, _insulation_r(construction))


def floor_u0(construction: Any) -> float:
    """3CL Upb of a low floor before the ground correction [W/(m²·K)] (§3.2.2.2, then its insulation).

    Examples
    --------
    >>> import rehab
    >>> floor_u0(rehab.archetypes.get("coron-mid-terrace").element("ground_floor").construction)
    2.0
    """
    u0 = _one("upb0", "slab") if _is_heavy(construction) else _one("upb0", "timber_on_timber_joists")
    return _with_insulation(u0, _insulation_r(construction))


def ground_ue(upb: float, two_s_over_p: float, over: str = "slab") -> float:
    """Ue of a low floor on the ground or over a cellar [W/(m²·K)], 3CL §3.2.2.1.

    Linear interpolation in Upb between the table's columns (clipped at its
    ends) and in 2S/P between its rows (clipped to 3–20), as the method
    allows.

    Parameters
    ----------
    upb : float
        Upb of the floor [W/(m²·K)] (:func:`floor_u0`).
    two_s_over_p : float
        2·S/P [m] with S the floor area and P its exposed perimeter.
    over : {"slab", "cellar"}
        On the ground (slab, built before 2001) or over a crawlspace or an
        unheated basement.

    Examples
    --------
    The table's own points: an uninsulated slab (Usp 3.4) of 2S/P = 6
    gives 0.54; over a cellar (Upb 3.33) of 2S/P = 6, 0.37:

    >>> ground_ue(3.4, 6.0), ground_ue(3.33, 6.0, "cellar")
    (0.54, 0.37)
    """
    rows = _table()["ue_slab" if over == "slab" else "ue_cellar"]
    sp_keys = sorted({float(k) for k, _x, _u in rows})
    cols = sorted({x for _k, x, _u in rows if x is not None})

    def at(sp: float) -> float:
        pts = sorted((x, u) for k, x, u in rows if float(k) == sp)
        xs = np.array([p[0] for p in pts])
        us = np.array([p[1] for p in pts])
        return float(np.interp(np.clip(upb, cols[0], cols[-1]), xs, us))

    sp = float(np.clip(two_s_over_p, sp_keys[0], sp_keys[-1]))
    vals = np.array([at(k) for k in sp_keys])
    return round(float(np.interp(sp, sp_keys, vals)), 6)


def window_u(glazing: str | None) -> float:
    """3CL Uw of a window by glazing [W/(m²·K)] (§3.3, timber frames); unknown glazing: older double.

    Examples
    --------
    >>> window_u("single"), window_u("double_old")
    (5.4, 2.8)
    """
    try:
        return _one("uw", glazing or "double_old")
    except KeyError:
        return _one("uw", "double_old")


def conventional_n50(house: Any) -> float:
    """n50 [1/h] from the 3CL conventional leakage Q4Pa_conv of the house's period (§4).

    n50 = Q4Pa_conv·S_env / ((4/50)^(2/3)·V), with S_env the exposed
    envelope except the low floor (walls, windows, doors, ceilings, roofs).
    Windows count as sealed unless single-glazed.

    Examples
    --------
    Mid-terrace coron, before 1948, single glazing: Q4Pa_conv = 2.5 on
    82.5 m² of envelope, V = 150 m³:

    >>> import rehab
    >>> round(conventional_n50(rehab.archetypes.get("coron-mid-terrace")), 2)
    7.41
    """
    from .typology import _value, period_code

    year = house.year_built if house.year_built is not None else 1947
    code = period_code(int(year))
    glazings = [getattr(e, "glazing", None) for e in house.elements if e.kind == "window"]
    sealed = bool(glazings) and all(g not in (None, "single") for g in glazings)
    q4pa = float(_value("q4pa", code))
    if sealed and code <= 2:
        q4pa -= 0.5 if code == 1 else 0.3
    env = sum(
        e.area
        for e in house.elements
        if e.kind in ("wall", "window", "door", "ceiling", "roof") and getattr(e, "boundary", "exterior") != "internal"
    )
    return q4pa * env / ((4.0 / 50.0) ** (2.0 / 3.0) * float(house.volume))


@dataclass(frozen=True)
class ConventionalGV:
    """The 3CL conventional loss coefficient of a house.

    Attributes
    ----------
    gv : float
        H_tr + H_ve [W/K].
    h_tr, h_ve : float
        Transmission (bridges included) and ventilation parts [W/K].
    n50 : float
        The conventional airtightness used [1/h].
    elements : pandas.DataFrame
        name, kind, area [m²], u_physical and u_3cl [W/(m²·K)], b, h [W/K].
    """

    gv: float
    h_tr: float
    h_ve: float
    n50: float
    elements: pd.DataFrame


def _two_s_over_p(house: Any, element: Any) -> float:
    p = getattr(element, "exposed_perimeter", None) or getattr(getattr(house, "geometry", None), "exposed_perimeter", None)
    return 2.0 * element.area / p if p else 20.0


def conventional_gv(house: Any) -> ConventionalGV:
    """GV of a house with the 3CL conventional U tables and airtightness (module notes).

    Parameters
    ----------
    house : House

    Returns
    -------
    ConventionalGV
    """
    hl = house.heat_loss()
    phys = hl.elements.set_index("name")
    rows = []
    for e in house.elements:
        if getattr(e, "boundary", None) == "internal" or e.name not in phys.index:
            continue
        b = float(phys.loc[e.name, "b"])
        kind = e.kind
        con = getattr(e, "construction", None)
        if kind == "window":
            u = window_u(getattr(e, "glazing", None))
        elif kind == "door":
            u = _one("udoor", "door")
        elif con is None:
            u = float(phys.loc[e.name, "u"])
        elif kind in ("wall", "party_wall"):
            u = wall_u(con)
        elif kind in ("ceiling", "roof"):
            u = ceiling_u(con, kind)
        elif kind == "floor":
            u = floor_u0(con)
            if e.boundary == "ground":
                foundation = getattr(getattr(house, "geometry", None), "foundation", "slab")
                over = "cellar" if foundation in ("cellar", "crawlspace") else "slab"
                u = ground_ue(u, _two_s_over_p(house, e), over)
        else:
            u = float(phys.loc[e.name, "u"])
        rows.append(
            {"name": e.name, "kind": kind, "area": float(e.area), "u_physical": float(phys.loc[e.name, "u"]),
             "u_3cl": u, "b": b, "h": b * float(e.area) * u}
        )
    el = pd.DataFrame(rows, columns=["name", "kind", "area", "u_physical", "u_3cl", "b", "h"])
    h_bridges = float(hl.bridges["h"].sum()) if len(hl.bridges) else 0.0
    h_tr = float(el["h"].sum()) + h_bridges
    n50 = conventional_n50(house)
    vent = house.ventilation.model_copy(update={"n50": n50, "h_infiltration": None})
    h_vent, h_inf = vent.conductances(float(house.floor_area), float(house.volume))
    h_ve = float(h_vent + h_inf)
    return ConventionalGV(gv=h_tr + h_ve, h_tr=h_tr, h_ve=h_ve, n50=float(n50), elements=el)
