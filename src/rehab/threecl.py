"""The 3CL-DPE 2021 conventional calculation (French DPE method), vectorised.

Estimate with 3CL conventions, not a certified DPE. The equations follow the
"Méthode de calcul 3CL-DPE 2021" (annexe 1 of the arrêté du 31 mars 2021
relatif aux méthodes et procédures applicables au DPE, consolidated text),
clause numbers below are those of that annexe:

* §6.1 internal gains ``Ai_j = ((3.18 + 0.34)·Sh + 90·(132/168)·Nadeq)·Nref_j``
  [Wh] and §6.2 solar gains ``As_j = 1000·Sse_j·E_j`` [Wh] with the
  south-equivalent glazed area ``Sse_j = Σ A·C1_j·Sw·Fe1·Fe2`` [m²];
* §9 heating need ``Bch = Σ_j GV·(1 − F_j)·DH_j / 1000`` [kWh] with the
  gain-utilisation factor ``F_j = (X_j − X_j^a)/(1 − X_j^a)``,
  ``X_j = (As_j + Ai_j)/(GV·DH_j)`` and the inertia exponent
  ``a`` = 3.6 (very heavy / heavy), 2.9 (medium), 2.5 (light);
  recoverable DHW distribution losses are deducted month by month;
* §8 intermittence ``INT = I0 / (1 + 0.1·(G − 1))``, ``G = GV/(Sh·Hsp)``;
* §11 DHW need ``Becs_j = 1.163·Nadeq·56·(40 − Tefs_j)·Nj_j / 1000`` [kWh]
  (79 L/day in the "dépensier" scenario), Nadeq from the living area;
* §16 lighting ``Cecl = 0.9·1.4·Nh·Sh / 1000`` [kWh];
* conventional set-points 19 °C (DH19, Nref19) and 21 °C "dépensier" (DH21,
  Nref21);
* DPE class by the double threshold on Cep and EGES (arrêté du 31 mars 2021
  relatif au DPE) with the small-dwelling table below 40 m² (arrêté du 25
  mars 2024, from 2024-07-01).

The monthly climate tables (DH19, DH21, Nref19, Nref21, E, outdoor and
cold-water temperatures, C1 orientation coefficients) are the method's §18
tables, shipped in ``data/climate/`` with their source. They come in two
variants, "ILPA" (``ilpa=True``: heavy-inertia buildings of old materials,
shorter heating season in spring and autumn) and the default.

Physics functions take plain numbers or numpy arrays (leading house axis,
month axis last, 12 months January..December) and return arrays; no I/O.

Examples
--------
>>> from rehab import threecl
>>> clim = threecl.climate("H1a")
>>> round(float(clim.dh19.sum()))
60585
>>> need = threecl.heating_need(gv=250.0, area=80.0, sse=0.0, climate=clim, inertia="heavy")
>>> round(float(need.sum()), -1)
12760.0
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ._data import read_csv_records
from .errors import DataError, InputError, UnknownNameError
from .threecl_classes import CLASSES, dpe_class, energy_class, ghg_class

__all__ = [
    "ALTITUDE_CLASSES",
    "CLASSES",
    "DHW_DAYS",
    "DHW_LITRES_PER_DAY",
    "INERTIA_CLASSES",
    "ORIENTATIONS",
    "TILTS",
    "ZONES",
    "ConventionalClimate",
    "adult_equivalents",
    "altitude_class_codes",
    "climate",
    "dhw_need",
    "dhw_need_monthly",
    "dhw_recovered_losses_monthly",
    "dpe_class",
    "energy_class",
    "gain_load_ratio",
    "gain_utilisation_exponent",
    "gain_utilisation_factor",
    "ghg_class",
    "glazing_coefficients",
    "heating_consumption",
    "heating_need",
    "heating_need_monthly",
    "inertia_class_codes",
    "intermittence_factor",
    "internal_gains",
    "lighting_consumption",
    "lighting_hours",
    "orientation_coefficients",
    "solar_gains",
    "south_equivalent_area",
]

#: French winter climate zones of the 3CL method.
ZONES: tuple[str, ...] = ("H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3")
#: Altitude classes of the 3CL tables.
ALTITUDE_CLASSES: tuple[str, ...] = ("below_400", "400_800", "above_800")
#: Inertia classes (3CL §7).
INERTIA_CLASSES: tuple[str, ...] = ("very_heavy", "heavy", "medium", "light")
#: Glazing orientations of the C1 table.
ORIENTATIONS: tuple[str, ...] = ("south", "west", "north", "east", "horizontal")
#: Glazing tilts of the C1 table ("vertical" = more than 75° from horizontal).
TILTS: tuple[str, ...] = ("vertical", "25_75", "below_25", "horizontal")

#: Exponent ``a`` of the gain-utilisation factor per inertia class (3CL §9).
_GAIN_EXPONENT = {"very_heavy": 3.6, "heavy": 3.6, "medium": 2.9, "light": 2.5}

#: Conventional DHW draw per adult-equivalent [L/day] (3CL §11): 56, or 79
#: in the "dépensier" (high-use) scenario.
DHW_LITRES_PER_DAY = {"conventional": 56.0, "depensier": 79.0}

#: Days of DHW use per month, January..December (3CL §11 table Nj; December
#: counts 24 days, the conventional holiday absence). Source: 3CL-DPE 2021
#: annexe 1 §11, as transcribed in Open3CL/engine ``utils.js`` (Njj).
DHW_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 24], dtype=float)

#: Conventional yearly lighting hours Nh per zone (3CL §16).
_LIGHTING_HOURS = {
    "H1a": 1500.0,
    "H1b": 1445.0,
    "H1c": 1476.0,
    "H2a": 1500.0,
    "H2b": 1531.0,
    "H2c": 1566.0,
    "H2d": 1566.0,
    "H3": 1506.0,
}
#: Conventional lighting power [W/m²] and use coefficient (3CL §16).
LIGHTING_POWER = 1.4
LIGHTING_USE_COEFFICIENT = 0.9

#: Share of the DHW distribution losses that is recovered for heating, and
#: the individual-system loss ratio (3CL §9.1.1 and §11: Qdw = 0.1·Becs,
#: recovered 48 % over the heating hours).
_DHW_DIST_LOSS_RATIO = 0.1
_DHW_RECOVERED_SHARE = 0.48


def altitude_class_codes(altitude: Any) -> np.ndarray:
    """Index into :data:`ALTITUDE_CLASSES` of each altitude [m]: below 400 m, 400–800 m,
    above 800 m (3CL-DPE 2021 §18.1; arrêté du 31 mars 2021, annexe 1)."""
    a = np.asarray(altitude, dtype=float)
    return np.where(a < 400.0, 0, np.where(a <= 800.0, 1, 2))


def inertia_class_codes(per_m2: Any) -> np.ndarray:
    """Index into :data:`INERTIA_CLASSES` of each heat capacity per m² of floor
    [J/(m²·K)]: the midpoints between the ISO 13790:2008 Table 12 classes
    (110/165/260/370 kJ/(m²·K)), rehab's reading of the 3CL classes (§7)."""
    c = np.asarray(per_m2, dtype=float)
    return np.select([c >= 315_000.0, c >= 212_500.0, c >= 137_500.0], [0, 1, 2], 3)

def _zone(zone: str) -> str:
    for z in ZONES:
        if str(zone).strip().lower() == z.lower():
            return z
    raise UnknownNameError("climate zone", zone, ZONES)


def _altitude(altitude_class: str) -> str:
    if altitude_class not in ALTITUDE_CLASSES:
        raise UnknownNameError("altitude class", altitude_class, ALTITUDE_CLASSES)
    return altitude_class


@dataclass(frozen=True)
class ConventionalClimate:
    """The 3CL monthly conventional climate of one zone (arrays of 12 months).

    Attributes
    ----------
    zone, altitude_class : str
    ilpa : bool
        True for the tables of heavy-inertia buildings of old materials.
    text : numpy.ndarray
        Mean outdoor temperature over the heating hours [°C] (0 in months
        without heating hours).
    dh19, dh21 : numpy.ndarray
        Degree-hours below 19 °C / 21 °C [K·h].
    nref19, nref21 : numpy.ndarray
        Heating hours at 19 °C / 21 °C [h].
    e : numpy.ndarray
        Irradiation on a south vertical plane over the heating hours [kWh/m²].
    t_cold : numpy.ndarray
        Cold-water temperature Tefs [°C].
    """

    zone: str
    altitude_class: str
    ilpa: bool
    text: np.ndarray
    dh19: np.ndarray
    dh21: np.ndarray
    nref19: np.ndarray
    nref21: np.ndarray
    e: np.ndarray
    t_cold: np.ndarray

    def dh(self, setpoint: float = 19.0) -> np.ndarray:
        """Degree-hours for the conventional set-point 19 or 21 °C [K·h]."""
        return self.dh19 if _setpoint_key(setpoint) == 19 else self.dh21

    def nref(self, setpoint: float = 19.0) -> np.ndarray:
        """Heating hours for the conventional set-point 19 or 21 °C [h]."""
        return self.nref19 if _setpoint_key(setpoint) == 19 else self.nref21


def _setpoint_key(setpoint: float) -> int:
    if np.isclose(setpoint, 19.0):
        return 19
    if np.isclose(setpoint, 21.0):
        return 21
    raise InputError(
        f"setpoint: {setpoint!r} °C is not a 3CL conventional set-point; give 19 "
        "(conventional) or 21 (dépensier scenario)"
    )


@lru_cache(maxsize=1)
def _climate_rows() -> dict[tuple[str, str, int], dict[str, np.ndarray]]:
    out: dict[tuple[str, str, int], dict[str, list[float]]] = {}
    cols = ("text_c", "dh19_kh", "dh21_kh", "nref19_h", "nref21_h", "e_kwh_m2")
    for r in read_csv_records("climate", "3cl_monthly.csv"):
        key = (r["zone"], r["altitude_class"], int(r["ilpa"]))
        d = out.setdefault(key, {c: [np.nan] * 12 for c in cols})
        m = int(r["month"]) - 1
        for c in cols:
            d[c][m] = float(r[c])
    arrays = {k: {c: np.asarray(v, dtype=float) for c, v in d.items()} for k, d in out.items()}
    for k, d in arrays.items():
        if any(np.isnan(a).any() for a in d.values()):
            raise DataError(f"climate/3cl_monthly.csv: missing months for {k}")
    return arrays


@lru_cache(maxsize=1)
def _cold_water_rows() -> dict[tuple[str, str], np.ndarray]:
    out: dict[tuple[str, str], list[float]] = {}
    for r in read_csv_records("climate", "3cl_cold_water.csv"):
        out.setdefault((r["zone"], r["altitude_class"]), [np.nan] * 12)[int(r["month"]) - 1] = (
            float(r["t_cold_c"])
        )
    return {k: np.asarray(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _c1_rows() -> dict[tuple[str, str, str], np.ndarray]:
    out: dict[tuple[str, str, str], list[float]] = {}
    for r in read_csv_records("climate", "3cl_c1.csv"):
        key = (r["zone"], r["orientation"], r["tilt"])
        out.setdefault(key, [np.nan] * 12)[int(r["month"]) - 1] = float(r["c1"])
    return {k: np.asarray(v) for k, v in out.items()}


@lru_cache(maxsize=64)
def climate(
    zone: str = "H1a", altitude_class: str = "below_400", ilpa: bool = False
) -> ConventionalClimate:
    """The 3CL conventional monthly climate of a zone (3CL §18.2 tables).

    Parameters
    ----------
    zone : str
        One of :data:`ZONES` (case-insensitive), default ``"H1a"`` (Nord,
        Pas-de-Calais).
    altitude_class : str
        ``"below_400"`` (default), ``"400_800"`` or ``"above_800"``.
    ilpa : bool
        Use the tables for heavy-inertia buildings of old materials.

    Returns
    -------
    ConventionalClimate

    Raises
    ------
    UnknownNameError
        Unknown zone or altitude class.

    Examples
    --------
    >>> c = climate("H1a")
    >>> float(c.dh19[0]), float(c.nref19[0]), float(c.t_cold[0])
    (11712.4, 744.0, 7.8)
    """
    z = _zone(zone)
    a = _altitude(altitude_class)
    d = _climate_rows()[(z, a, int(bool(ilpa)))]
    return ConventionalClimate(
        zone=z,
        altitude_class=a,
        ilpa=bool(ilpa),
        text=d["text_c"],
        dh19=d["dh19_kh"],
        dh21=d["dh21_kh"],
        nref19=d["nref19_h"],
        nref21=d["nref21_h"],
        e=d["e_kwh_m2"],
        t_cold=_cold_water_rows()[(z, a)],
    )


def orientation_coefficients(zone: str, orientation: Any, tilt: Any = "vertical") -> np.ndarray:
    """Monthly C1 coefficients of glazing (3CL §18.5) [-].

    Parameters
    ----------
    zone : str
        Climate zone.
    orientation : str or sequence of str
        ``"south"``, ``"west"``, ``"north"``, ``"east"`` or ``"horizontal"``.
    tilt : str or sequence of str
        ``"vertical"`` (> 75°, default), ``"25_75"``, ``"below_25"``;
        ignored for ``"horizontal"``.

    Returns
    -------
    numpy.ndarray
        Shape ``(12,)`` for one orientation, ``(n, 12)`` for n windows.

    Examples
    --------
    >>> float(orientation_coefficients("H1a", "north")[0])
    0.31
    >>> orientation_coefficients("H1a", ["south", "east"]).shape
    (2, 12)
    """
    z = _zone(zone)
    single = isinstance(orientation, str)
    ors = [orientation] if single else list(orientation)
    tilts = [tilt] * len(ors) if isinstance(tilt, str) else list(tilt)
    if len(tilts) != len(ors):
        raise InputError(
            f"tilt: {len(tilts)} values for {len(ors)} orientations; give one per window"
        )
    table = _c1_rows()
    out = []
    for o, t in zip(ors, tilts, strict=True):
        if o not in ORIENTATIONS:
            raise UnknownNameError("glazing orientation", o, ORIENTATIONS)
        if t not in TILTS:
            raise UnknownNameError("glazing tilt", t, TILTS)
        key = (
            (z, "horizontal", "horizontal") if o == "horizontal" or t == "horizontal" else (z, o, t)
        )
        out.append(table[key])
    arr = np.asarray(out)
    return arr[0] if single else arr


def glazing_coefficients(zone: Any, azimuth: Any, tilt: Any) -> np.ndarray:
    """Monthly C1 coefficients of windows from their azimuth and tilt (3CL §18.5) [-], (n, 12).

    :func:`orientation_coefficients` on arrays of windows, the orientation and
    tilt class read from the angles as :func:`rehab.labels.dpe` reads them:
    south for an azimuth in [135°, 225°), west [225°, 315°), east [45°, 135°),
    else north (azimuth modulo 360°, clockwise from north); horizontal for a
    tilt ≤ 0°, else the tilt class vertical (≥ 75°), ``"25_75"`` (≥ 25°) or
    ``"below_25"``. The table is read once per distinct (zone, orientation,
    tilt class).

    Parameters
    ----------
    zone : str or array_like of str
        Climate zone of each window (or one for all).
    azimuth : array_like
        Azimuth of each window [deg].
    tilt : array_like
        Tilt of each window from the horizontal [deg].

    Returns
    -------
    numpy.ndarray
        (n, 12).

    Examples
    --------
    >>> c = glazing_coefficients("H1a", [180.0, 0.0, 90.0], [90.0, 90.0, 0.0])
    >>> bool((c[0] == orientation_coefficients("H1a", "south")).all())
    True
    >>> bool((c[2] == orientation_coefficients("H1a", "horizontal")).all())
    True
    """
    az = np.atleast_1d(np.asarray(azimuth, dtype=float))
    ti = np.atleast_1d(np.asarray(tilt, dtype=float))
    if az.shape != ti.shape or az.ndim != 1:
        raise InputError(f"tilt: {ti.shape} values for azimuths of shape {az.shape}; give one per window")
    if isinstance(zone, str):
        names, zc = [zone], np.zeros(len(az), dtype=np.int64)
    else:
        za = np.asarray(zone, dtype=object).reshape(-1)
        if len(za) != len(az):
            raise InputError(f"zone: {len(za)} values for {len(az)} windows; give one per window or one for all")
        u, zc = np.unique(za.astype(str), return_inverse=True)
        names, zc = u.tolist(), zc.reshape(-1)
    orients = ("south", "west", "east", "north", "horizontal")
    tilts = ("vertical", "25_75", "below_25", "horizontal")
    a = np.mod(az, 360.0)
    o = np.select([(a >= 135.0) & (a < 225.0), (a >= 225.0) & (a < 315.0), (a >= 45.0) & (a < 135.0)], [0, 1, 2], 3)
    o = np.where(ti <= 0, 4, o)
    t = np.select([ti >= 75.0, ti >= 25.0, ti > 0.0], [0, 1, 2], 3)
    uniq, inv = np.unique((zc * len(orients) + o) * len(tilts) + t, return_inverse=True)
    rows = np.empty((len(uniq), 12))
    for j, k in enumerate(uniq.tolist()):
        z, rest = divmod(k, len(orients) * len(tilts))
        rows[j] = orientation_coefficients(names[z], orients[rest // len(tilts)], tilts[rest % len(tilts)])
    return rows[inv.reshape(-1)]


# --------------------------------------------------------------------------
# Equations (pure, vectorised)
# --------------------------------------------------------------------------


def adult_equivalents(area: Any, dwelling: str = "house") -> Any:
    """Number of adult-equivalents Nadeq from the living area (3CL §11).

    House (and flat assessed alone): ``Nmax = 1`` below 30 m²,
    ``1.75 − 0.01875·(70 − Sh)`` from 30 to 70 m², ``0.025·Sh`` above
    (flat: ``1`` below 10 m², ``1.75 − 0.01875·(50 − Sh)`` to 50 m²,
    ``0.035·Sh`` above); then ``Nadeq = Nmax`` if ``Nmax < 1.75`` else
    ``1.75 + 0.3·(Nmax − 1.75)``.

    Parameters
    ----------
    area : float or array_like
        Living area Sh [m²].
    dwelling : {"house", "flat"}

    Returns
    -------
    float or numpy.ndarray
        Nadeq [-].

    Examples
    --------
    >>> adult_equivalents(42.5)
    1.234375
    >>> float(adult_equivalents(120.0))  # Nmax = 3.0 -> 1.75 + 0.3 * 1.25
    2.125
    """
    sh = np.asarray(area, dtype=float)
    if dwelling == "house":
        lo, mid, slope = 30.0, 70.0, 0.025
    elif dwelling == "flat":
        lo, mid, slope = 10.0, 50.0, 0.035
    else:
        raise UnknownNameError("dwelling kind", dwelling, ("house", "flat"))
    nmax = np.where(sh < lo, 1.0, np.where(sh < mid, 1.75 - 0.01875 * (mid - sh), slope * sh))
    out = np.where(nmax < 1.75, nmax, 1.75 + 0.3 * (nmax - 1.75))
    return float(out) if out.ndim == 0 else out


def internal_gains(area: Any, nadeq: Any, nref: Any) -> Any:
    """Conventional internal gains of a month Ai_j (3CL §6.1) [Wh].

    ``Ai_j = ((3.18 + 0.34)·Sh + 90·(132/168)·Nadeq)·Nref_j``: 3.18 W/m² of
    appliances, 0.34 W/m² of lighting and 90 W per adult-equivalent present
    132 h of the 168 h of a week.

    Parameters
    ----------
    area : float or array_like
        Living area Sh [m²] (house axis).
    nadeq : float or array_like
        Adult-equivalents [-].
    nref : array_like
        Heating hours of each month [h] (month axis last).

    Returns
    -------
    numpy.ndarray
        [Wh], broadcast of ``area[..., None]`` with ``nref``.

    Examples
    --------
    >>> round(float(internal_gains(100.0, 1.9, 744.0)))
    361850
    """
    sh = (
        np.asarray(area, dtype=float)[..., None] if np.ndim(nref) else np.asarray(area, dtype=float)
    )
    nad = (
        np.asarray(nadeq, dtype=float)[..., None]
        if np.ndim(nref)
        else np.asarray(nadeq, dtype=float)
    )
    return ((3.18 + 0.34) * sh + 90.0 * (132.0 / 168.0) * nad) * np.asarray(nref, dtype=float)


def south_equivalent_area(
    window_area: Any, sw: Any, c1: Any, fe1: Any = 1.0, fe2: Any = 1.0
) -> Any:
    """South-equivalent collecting area of glazing Sse_j (3CL §6.2) [m²].

    ``Sse_j = A·C1_j·Sw·Fe1·Fe2`` for each window; sum over windows.

    Parameters
    ----------
    window_area : float or array_like
        Glazed bay area A [m²] (window axis last).
    sw : float or array_like
        Solar factor of the bay Sw [-].
    c1 : array_like
        Monthly orientation/tilt coefficients, shape ``(..., n_windows, 12)``
        (see :func:`orientation_coefficients`).
    fe1, fe2 : float or array_like
        Near and distant shading factors [-] (1 = unshaded).

    Returns
    -------
    numpy.ndarray
        Sse_j summed over the windows, shape ``(..., 12)`` [m²].

    Examples
    --------
    >>> c1 = orientation_coefficients("H1a", ["south", "north"])
    >>> round(float(south_equivalent_area([2.0, 2.0], [0.5, 0.5], c1)[0]), 3)
    1.31
    """
    a = np.asarray(window_area, dtype=float)[..., None]
    s = np.asarray(sw, dtype=float)[..., None]
    f = np.asarray(fe1, dtype=float) * np.asarray(fe2, dtype=float)
    f = f[..., None] if np.ndim(f) else f
    return (a * s * f * np.asarray(c1, dtype=float)).sum(axis=-2)


def solar_gains(sse: Any, e: Any) -> Any:
    """Solar gains of a month As_j = 1000·Sse_j·E_j (3CL §6.2) [Wh].

    Parameters
    ----------
    sse : float or array_like
        South-equivalent area [m²] (month axis last, or per house).
    e : array_like
        South vertical irradiation over the heating hours [kWh/m²].

    Returns
    -------
    numpy.ndarray
        [Wh].

    Examples
    --------
    >>> float(solar_gains(2.0, 38.36))
    76720.0
    """
    return 1000.0 * np.asarray(sse, dtype=float) * np.asarray(e, dtype=float)


def gain_load_ratio(gains: Any, gv: Any, dh: Any) -> Any:
    """Gain-to-loss ratio X_j = (As_j + Ai_j)/(GV·DH_j) (3CL §9) [-].

    Months without degree-hours give 0.

    Parameters
    ----------
    gains : array_like
        Free gains As_j + Ai_j [Wh].
    gv : float or array_like
        Heat-loss coefficient GV [W/K] (house axis).
    dh : array_like
        Degree-hours of the month [K·h].

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> float(gain_load_ratio(1.0e6, 250.0, 10000.0))
    0.4
    """
    gv = np.asarray(gv, dtype=float)
    dh = np.asarray(dh, dtype=float)
    gvdh = (gv[..., None] if gv.ndim and dh.ndim else gv) * dh
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(gvdh > 0, np.asarray(gains, dtype=float) / np.where(gvdh > 0, gvdh, 1.0), 0.0)
    return x


def gain_utilisation_exponent(inertia: Any) -> Any:
    """Exponent ``a`` of the gain-utilisation factor per inertia class (3CL §9).

    3.6 for very heavy and heavy, 2.9 for medium, 2.5 for light inertia.

    Parameters
    ----------
    inertia : str or sequence of str
        One of :data:`INERTIA_CLASSES`.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> gain_utilisation_exponent("medium")
    2.9
    """
    if isinstance(inertia, str):
        if inertia not in _GAIN_EXPONENT:
            raise UnknownNameError("inertia class", inertia, INERTIA_CLASSES)
        return _GAIN_EXPONENT[inertia]
    items = inertia.tolist() if isinstance(inertia, np.ndarray) else list(inertia)
    try:
        return np.asarray([_GAIN_EXPONENT[i] for i in items], dtype=float)
    except (KeyError, TypeError):
        bad = next(i for i in items if not isinstance(i, str) or i not in _GAIN_EXPONENT)
        raise UnknownNameError("inertia class", bad, INERTIA_CLASSES) from None


def gain_utilisation_factor(x: Any, a: Any) -> Any:
    """Share of the losses covered by free gains F_j (3CL §9) [-].

    ``F = (X − X^a)/(1 − X^a)``; at X = 1 its limit ``(a − 1)/a`` is used,
    and F = 0 where X = 0 (months without heating).

    Parameters
    ----------
    x : array_like
        Gain-to-loss ratio X_j (month axis last).
    a : float or array_like
        Inertia exponent (house axis).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> round(float(gain_utilisation_factor(0.4, 3.6)), 4)
    0.377
    """
    x = np.asarray(x, dtype=float)
    a = np.asarray(a, dtype=float)
    if a.ndim and x.ndim > a.ndim:
        a = a.reshape(a.shape + (1,) * (x.ndim - a.ndim))
    xa = np.power(x, a)
    near_one = np.isclose(x, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(near_one, (a - 1.0) / a, (x - xa) / np.where(near_one, 1.0, 1.0 - xa))
    return np.where(x > 0, f, 0.0)


def heating_need_monthly(gv: Any, dh: Any, f: Any) -> Any:
    """Monthly heating need before recovered losses Bch_hp_j (3CL §9) [kWh].

    ``Bch_j = GV·(1 − F_j)·DH_j / 1000``.

    Parameters
    ----------
    gv : float or array_like
        Heat-loss coefficient [W/K] (house axis).
    dh : array_like
        Degree-hours [K·h] (month axis last).
    f : array_like
        Gain-utilisation factor F_j.

    Returns
    -------
    numpy.ndarray
        [kWh].

    Examples
    --------
    >>> round(float(heating_need_monthly(250.0, 11712.4, 0.3)), 1)
    2049.7
    """
    gv = np.asarray(gv, dtype=float)
    dh = np.asarray(dh, dtype=float)
    g = gv[..., None] if gv.ndim and dh.ndim else gv
    return g * (1.0 - np.asarray(f, dtype=float)) * dh / 1000.0


def dhw_need_monthly(
    nadeq: Any, t_cold: Any, days: Any = DHW_DAYS, litres_per_day: float = 56.0
) -> Any:
    """Monthly DHW need Becs_j (3CL §11) [kWh].

    ``Becs_j = 1.163·Nadeq·V·(40 − Tefs_j)·Nj_j / 1000`` with V = 56 L per
    adult-equivalent and day (79 L "dépensier"), water heated to 40 °C,
    1.163 Wh/(L·K).

    Parameters
    ----------
    nadeq : float or array_like
        Adult-equivalents (house axis), or occupants for a per-occupant need.
    t_cold : array_like
        Cold-water temperature [°C] (month axis last).
    days : array_like
        Days of use per month (default :data:`DHW_DAYS`).
    litres_per_day : float
        Daily draw at 40 °C per adult-equivalent [L].

    Returns
    -------
    numpy.ndarray
        [kWh].

    Examples
    --------
    >>> round(float(dhw_need_monthly(1.0, 10.0, 30.0)), 3)
    58.615
    """
    nad = np.asarray(nadeq, dtype=float)
    t = np.asarray(t_cold, dtype=float)
    n = nad[..., None] if nad.ndim and t.ndim else nad
    return 1.163 * n * litres_per_day * (40.0 - t) * np.asarray(days, dtype=float) / 1000.0


def dhw_need(
    area: Any,
    climate: ConventionalClimate,
    *,
    dwelling: str = "house",
    scenario: str = "conventional",
) -> Any:
    """Monthly 3CL DHW need of a dwelling from its living area [kWh].

    Parameters
    ----------
    area : float or array_like
        Living area [m²].
    climate : ConventionalClimate
    dwelling : {"house", "flat"}
    scenario : {"conventional", "depensier"}
        56 or 79 L per adult-equivalent and day.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., 12)`` [kWh].

    Examples
    --------
    >>> round(float(dhw_need(42.5, climate("H1c", "400_800")).sum()), 2)
    851.44
    """
    if scenario not in DHW_LITRES_PER_DAY:
        raise UnknownNameError("DHW scenario", scenario, tuple(DHW_LITRES_PER_DAY))
    return dhw_need_monthly(
        adult_equivalents(area, dwelling), climate.t_cold, DHW_DAYS, DHW_LITRES_PER_DAY[scenario]
    )


def dhw_recovered_losses_monthly(dhw_need_annual: Any, nref: Any) -> Any:
    """DHW distribution losses recovered for heating in a month (3CL §9.1.1) [kWh].

    Individual installation: losses ``Qdw = 0.1·Becs`` spread over the 8760
    hours of the year, of which 48 % are recovered during the heating hours:
    ``Qrec_j = 0.48·0.1·Becs·Nref_j/8760``.

    Parameters
    ----------
    dhw_need_annual : float or array_like
        Annual DHW need Becs [kWh] (house axis).
    nref : array_like
        Heating hours of each month [h].

    Returns
    -------
    numpy.ndarray
        [kWh].

    Examples
    --------
    >>> round(float(dhw_recovered_losses_monthly(1500.0, 744.0)), 3)
    6.115
    """
    b = np.asarray(dhw_need_annual, dtype=float)
    n = np.asarray(nref, dtype=float)
    b = b[..., None] if b.ndim and n.ndim else b
    return _DHW_RECOVERED_SHARE * _DHW_DIST_LOSS_RATIO * b * n / 8760.0


def heating_need(
    gv: Any,
    area: Any,
    sse: Any,
    climate: ConventionalClimate,
    inertia: Any = "heavy",
    *,
    setpoint: float = 19.0,
    nadeq: Any = None,
    dhw_recovered: bool = True,
    dwelling: str = "house",
) -> Any:
    """Monthly 3CL conventional heating need Bch_j (3CL §9) [kWh].

    Chains :func:`internal_gains`, :func:`solar_gains`,
    :func:`gain_load_ratio`, :func:`gain_utilisation_factor`,
    :func:`heating_need_monthly` and deducts the recovered DHW distribution
    losses (individual DHW system), floored at 0.

    Parameters
    ----------
    gv : float or array_like
        Heat-loss coefficient GV = Σ U·A·b + Σ ψ·l + Hvent + Hperm [W/K].
    area : float or array_like
        Living area Sh [m²].
    sse : float or array_like
        South-equivalent glazed area, per month ``(..., 12)`` or a constant
        [m²] (see :func:`south_equivalent_area`).
    climate : ConventionalClimate
        From :func:`climate`.
    inertia : str or sequence of str
        Inertia class(es).
    setpoint : float
        19 (conventional) or 21 °C ("dépensier").
    nadeq : float or array_like, optional
        Adult-equivalents (default from the area).
    dhw_recovered : bool
        Deduct the recovered DHW distribution losses (default True).
    dwelling : {"house", "flat"}
        For the default Nadeq.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., 12)`` [kWh].

    Examples
    --------
    >>> c = climate("H1a")
    >>> b = heating_need([150.0, 300.0], [80.0, 80.0], 3.0, c, "medium")
    >>> b.shape
    (2, 12)
    >>> [round(float(v), -1) for v in b.sum(axis=1)]
    [5850.0, 14550.0]
    """
    gv = np.asarray(gv, dtype=float)
    area = np.asarray(area, dtype=float)
    if np.any(gv <= 0) or np.any(area <= 0):
        raise InputError(f"heating_need: gv={gv!r} W/K and area={area!r} m² must be > 0")
    dh = climate.dh(setpoint)
    nref = climate.nref(setpoint)
    nad = adult_equivalents(area, dwelling) if nadeq is None else np.asarray(nadeq, dtype=float)
    ai = internal_gains(area, nad, nref)
    sse = np.asarray(sse, dtype=float)
    if sse.ndim == 0 or sse.shape[-1] != 12:
        sse = sse[..., None] if sse.ndim else sse
    asol = solar_gains(sse, climate.e)
    x = gain_load_ratio(ai + asol, gv, dh)
    f = gain_utilisation_factor(x, gain_utilisation_exponent(inertia))
    need = heating_need_monthly(gv, dh, f)
    if dhw_recovered:
        becs = dhw_need_monthly(nad, climate.t_cold).sum(axis=-1)
        need = need - dhw_recovered_losses_monthly(becs, nref)
    return np.maximum(need, 0.0)


def intermittence_factor(i0: Any, gv: Any, area: Any, ceiling_height: Any) -> Any:
    """Intermittence factor INT = I0/(1 + 0.1·(G − 1)), G = GV/(Sh·Hsp) (3CL §8) [-].

    Parameters
    ----------
    i0 : float or array_like
        Intermittence coefficient of the emitter and its control (3CL table).
    gv : float or array_like
        Heat-loss coefficient [W/K].
    area : float or array_like
        Living area [m²].
    ceiling_height : float or array_like
        Mean ceiling height Hsp [m].

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> round(float(intermittence_factor(0.86, 300.0, 100.0, 2.5)), 4)
    0.8431
    """
    g = np.asarray(gv, dtype=float) / (
        np.asarray(area, dtype=float) * np.asarray(ceiling_height, dtype=float)
    )
    return np.asarray(i0, dtype=float) / (1.0 + 0.1 * (g - 1.0))


def heating_consumption(
    need: Any,
    share: Any = 1.0,
    intermittence: Any = 1.0,
    emission: Any = 1.0,
    distribution: Any = 1.0,
    regulation: Any = 1.0,
    generation: Any = 1.0,
) -> Any:
    """Delivered heating energy of one generator (3CL §9.1) [kWh].

    ``Cch = share·Bch·INT/(Re·Rd·Rr·Rg)``; for heat pumps ``Rg`` is the SCOP.

    Parameters
    ----------
    need : array_like
        Heating need of the installation [kWh].
    share : float or array_like
        Share of the installation's need covered by this generator (e.g.
        0.75 base and 0.25 wood-stove back-up, 3CL §9.1.2).
    intermittence, emission, distribution, regulation, generation : float or array_like
        INT, Re, Rd, Rr and Rg (or SCOP).

    Returns
    -------
    numpy.ndarray
        [kWh].

    Examples
    --------
    >>> round(float(heating_consumption(10000.0, 1.0, 0.8, 0.95, 0.9, 0.95, 0.8)), 1)
    12311.5
    """
    denom = (
        np.asarray(emission, dtype=float)
        * np.asarray(distribution, dtype=float)
        * np.asarray(regulation, dtype=float)
        * np.asarray(generation, dtype=float)
    )
    if np.any(denom <= 0):
        raise InputError("heating_consumption: efficiencies must all be > 0")
    return (
        np.asarray(need, dtype=float)
        * np.asarray(share, dtype=float)
        * np.asarray(intermittence, dtype=float)
        / denom
    )


def lighting_hours(zone: str) -> float:
    """Conventional yearly lighting hours Nh of a zone (3CL §16) [h].

    Examples
    --------
    >>> lighting_hours("H1a")
    1500.0
    """
    return _LIGHTING_HOURS[_zone(zone)]


def lighting_consumption(area: Any, hours: Any = 1500.0) -> Any:
    """Conventional lighting consumption Cecl = 0.9·1.4·Nh·Sh/1000 (3CL §16) [kWh].

    Parameters
    ----------
    area : float or array_like
        Living area [m²].
    hours : float or array_like
        Yearly lighting hours Nh (see :func:`lighting_hours`).

    Returns
    -------
    float or numpy.ndarray
        [kWh/yr].

    Examples
    --------
    >>> round(float(lighting_consumption(42.5, lighting_hours("H1c"))), 4)
    79.0398
    """
    return (
        LIGHTING_USE_COEFFICIENT
        * LIGHTING_POWER
        * np.asarray(hours, dtype=float)
        * np.asarray(area, dtype=float)
        / 1000.0
    )
