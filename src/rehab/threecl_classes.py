"""The DPE class of a dwelling by the double threshold (energy Cep and GHG EGES), with the
thresholds by date, floor area (small dwellings since 1 July 2024) and altitude
(arrêté du 31 mars 2021 modifié, annexe 1; ``data/factors/dpe_class_thresholds.csv``).
Re-exported by :mod:`rehab.threecl`.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any

import numpy as np

from ._data import read_csv_records
from .errors import InputError
from .factors import parse_date

__all__ = ["CLASSES", "class_indices", "dpe_class", "energy_class", "ghg_class"]

#: DPE classes, best first.
CLASSES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G")


_SMALL_DWELLING_FROM = _dt.date(2024, 7, 1)


@lru_cache(maxsize=1)
def _threshold_table() -> dict[str, np.ndarray]:
    """Upper bounds of classes A..F per indicator, as an array (altitude, area key, 6):
    altitude 0 standard, 1 high; area key 0 = the general table, 3..40 = the small-dwelling
    rows (m², rounded); NaN where the file has no row. Read-only."""
    rows: dict[tuple[str, int, int], dict[str, float]] = {}
    for r in read_csv_records("factors", "dpe_class_thresholds.csv"):
        key = (r["indicator"], int(r["altitude"] == "high"), int(r["area_m2"]))
        rows.setdefault(key, {})[r["class"]] = float(r["upper"])
    size = max(k[2] for k in rows) + 1
    out = {}
    for ind in {k[0] for k in rows}:
        a = np.full((2, size, 6), np.nan)
        for (i, alt, area), v in rows.items():
            if i == ind:
                a[alt, area] = [v[c] for c in "ABCDEF"]
        a.setflags(write=False)
        out[ind] = a
    return out


def _thresholds(indicator: str, area: Any, date: Any, high_altitude: Any) -> np.ndarray:
    """Upper bounds of classes A..F [kWhEP/(m²·yr) or kgCO2e/(m²·yr)] for each area, shape
    ``(*np.atleast_1d(area).shape, 6)``: the general table, the high-altitude one, or from
    2024-07-01 the small-dwelling row of the area rounded to the m² (below 40 m², 3 m² and
    below share the 3 m² row)."""
    d = parse_date(date)
    table = _threshold_table()[indicator]
    a = np.atleast_1d(np.asarray(area if area is not None else 100.0, dtype=float))
    hi = np.broadcast_to(np.asarray(high_altitude, dtype=bool), a.shape).astype(np.int64)
    key = np.zeros(a.shape, dtype=np.int64)
    if d >= _SMALL_DWELLING_FROM and area is not None:
        if not np.all(np.isfinite(a)):
            raise InputError(f"area: {a[~np.isfinite(a)][0]!r} m²; the small-dwelling rule needs a finite area")
        r = np.floor(a + 0.5)
        key = np.where(r < 40, np.maximum(r, 3), 0).astype(np.int64)
    out = table[hi, key]
    if np.isnan(out).any():
        raise InputError(f"area: no DPE class thresholds for {a[np.isnan(out).any(axis=-1)][0]!r} m²")
    return out


def _class_index(value: Any, thr: np.ndarray) -> Any:
    """Index of the class in :data:`CLASSES` (0 = A): the number of upper bounds ≤ value."""
    v = np.asarray(value, dtype=float)
    if np.any(np.isnan(v)):
        raise InputError("DPE class: Cep/EGES contains NaN")
    return (v[..., None] >= thr).sum(axis=-1) if v.ndim else (v >= thr).sum(axis=-1)


def _letters(idx: Any, scalar: bool) -> Any:
    letters = np.asarray(CLASSES)[idx]
    return str(np.ravel(letters)[0]) if scalar else letters


def class_indices(cep: Any, eges: Any, *, area: Any = None, date: Any = None,
                  high_altitude: Any = False) -> tuple[np.ndarray, np.ndarray]:
    """Energy and GHG class indices (0 = A … 6 = G) of arrays of dwellings, by the thresholds
    of :func:`dpe_class` (strict upper bounds by date, area and altitude).

    Parameters
    ----------
    cep : array_like
        Primary energy, 5 uses [kWhEP/(m²·yr)].
    eges : array_like
        Emissions, 5 uses [kgCO2e/(m²·yr)].
    area : array_like, optional
        Reference (living) area [m²] (small-dwelling rule below 40 m² from 2024-07-01).
    date : str or date, optional
        Evaluation date (default today).
    high_altitude : bool or array_like
        Above 800 m in zone H1b, H1c or H2d.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Integer indices into :data:`CLASSES`, each of the broadcast shape of the inputs
        (at least 1-D); the DPE class is their maximum.

    Examples
    --------
    >>> ie, ig = class_indices([60.0, 300.0], [45.0, 5.0], date="2025-01-01")
    >>> ie.tolist(), ig.tolist()
    ([0, 4], [3, 0])
    """
    ie, ig, _ = _indices(np.atleast_1d(np.asarray(cep, dtype=float)),
                         np.atleast_1d(np.asarray(eges, dtype=float)), area, date, high_altitude)
    return ie, ig


def energy_class(
    cep: Any, *, area: Any = None, date: Any = None, high_altitude: Any = False
) -> Any:
    """DPE energy class from Cep alone [kWhEP/(m²·yr)].

    Strict upper bounds A < 70, B < 110, C < 180, D < 250, E < 330, F < 420
    (E < 390 and F < 500 above 800 m in H1b, H1c, H2d: ``high_altitude``);
    below 40 m² from 2024-07-01 the small-dwelling table applies.

    Parameters
    ----------
    cep : float or array_like
    area : float or array_like, optional
        Reference (living) area [m²]; needed for the small-dwelling rule.
    date : str or date, optional
        Evaluation date (default today).
    high_altitude : bool or array_like

    Returns
    -------
    str or numpy.ndarray of str

    Examples
    --------
    >>> energy_class(69.9), energy_class(70.0), energy_class(420.0)
    ('A', 'B', 'G')
    >>> energy_class(200.0, area=30.0, date="2025-01-01")
    'D'
    """
    thr = _thresholds("cep", area, date, high_altitude)
    v = np.asarray(cep, dtype=float)
    return _letters(_class_index(v, thr if v.ndim else thr[0]), v.ndim == 0)


def ghg_class(eges: Any, *, area: Any = None, date: Any = None, high_altitude: Any = False) -> Any:
    """DPE GHG class from EGES alone [kgCO2e/(m²·yr)].

    Strict upper bounds A < 6, B < 11, C < 30, D < 50, E < 70, F < 100
    (E < 80, F < 110 for ``high_altitude``); small-dwelling table below 40 m²
    from 2024-07-01.

    Examples
    --------
    >>> ghg_class(5.9), ghg_class(100.0)
    ('A', 'G')
    """
    thr = _thresholds("eges", area, date, high_altitude)
    v = np.asarray(eges, dtype=float)
    return _letters(_class_index(v, thr if v.ndim else thr[0]), v.ndim == 0)


def dpe_class(
    cep: Any, eges: Any, *, area: Any = None, date: Any = None, high_altitude: Any = False
) -> Any:
    """DPE class by the double threshold: the worse of the energy and GHG classes.

    Parameters
    ----------
    cep : float or array_like
        Primary energy, 5 uses [kWhEP/(m²·yr)].
    eges : float or array_like
        Emissions, 5 uses [kgCO2e/(m²·yr)].
    area : float or array_like, optional
        Reference area [m²] (small-dwelling rule below 40 m² from 2024-07-01).
    date : str or date, optional
        Evaluation date (default today).
    high_altitude : bool or array_like
        Above 800 m in zone H1b, H1c or H2d.

    Returns
    -------
    str or numpy.ndarray of str

    Examples
    --------
    >>> dpe_class(150.0, 45.0)
    'D'
    >>> [str(c) for c in dpe_class([60.0, 770.0], [5.0, 25.0])]
    ['A', 'G']
    """
    ie, ig, scalar = _indices(cep, eges, area, date, high_altitude)
    if scalar:
        return CLASSES[max(int(ie), int(ig))]
    return np.asarray(CLASSES)[np.maximum(*np.broadcast_arrays(ie, ig))]


def _indices(cep: Any, eges: Any, area: Any, date: Any, high_altitude: Any) -> tuple[Any, Any, bool]:
    """Energy and GHG class indices as :func:`energy_class` and :func:`ghg_class` compute
    them (one threshold look-up each), and whether both values are scalars."""
    d = parse_date(date)
    v_e, v_g = np.asarray(cep, dtype=float), np.asarray(eges, dtype=float)
    thr_e, thr_g = _thresholds("cep", area, d, high_altitude), _thresholds("eges", area, d, high_altitude)
    ie = _class_index(v_e, thr_e if v_e.ndim else thr_e[0])
    ig = _class_index(v_g, thr_g if v_g.ndim else thr_g[0])
    return ie, ig, v_e.ndim == 0 and v_g.ndim == 0
