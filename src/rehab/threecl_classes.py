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

__all__ = ["CLASSES", "dpe_class", "energy_class", "ghg_class"]

#: DPE classes, best first.
CLASSES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G")


_SMALL_DWELLING_FROM = _dt.date(2024, 7, 1)


@lru_cache(maxsize=1)
def _threshold_table() -> dict[tuple[str, str, int], np.ndarray]:
    rows: dict[tuple[str, str, int], dict[str, float]] = {}
    for r in read_csv_records("factors", "dpe_class_thresholds.csv"):
        key = (r["indicator"], r["altitude"], int(r["area_m2"]))
        rows.setdefault(key, {})[r["class"]] = float(r["upper"])
    return {k: np.asarray([v[c] for c in "ABCDEF"]) for k, v in rows.items()}


def _thresholds(indicator: str, area: Any, date: Any, high_altitude: Any) -> np.ndarray:
    d = parse_date(date)
    table = _threshold_table()
    a = np.atleast_1d(np.asarray(area if area is not None else 100.0, dtype=float))
    hi = np.broadcast_to(np.asarray(high_altitude, dtype=bool), a.shape)
    out = np.empty((*a.shape, 6))
    for idx in np.ndindex(a.shape):
        alt = "high" if hi[idx] else "standard"
        key_area = 0
        if d >= _SMALL_DWELLING_FROM and area is not None:
            r = int(np.floor(a[idx] + 0.5))
            if r < 40:
                key_area = max(r, 3)
        out[idx] = table[(indicator, alt, key_area)]
    return out


def _classify(value: Any, thr: np.ndarray) -> Any:
    v = np.asarray(value, dtype=float)
    if np.any(np.isnan(v)):
        raise InputError("DPE class: Cep/EGES contains NaN")
    idx = (v[..., None] >= thr).sum(axis=-1) if v.ndim else (v >= thr).sum(axis=-1)
    letters = np.asarray(CLASSES)[idx]
    if v.ndim == 0:
        return str(np.ravel(letters)[0])
    return letters


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
    return _classify(v, thr if v.ndim else thr[0])


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
    return _classify(v, thr if v.ndim else thr[0])


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
    ce = energy_class(cep, area=area, date=date, high_altitude=high_altitude)
    cg = ghg_class(eges, area=area, date=date, high_altitude=high_altitude)
    order = {c: i for i, c in enumerate(CLASSES)}
    if isinstance(ce, str) and isinstance(cg, str):
        return ce if order[ce] >= order[cg] else cg
    ce_a, cg_a = np.broadcast_arrays(np.asarray(ce), np.asarray(cg))
    ie = np.vectorize(order.__getitem__)(ce_a)
    ig = np.vectorize(order.__getitem__)(cg_a)
    return np.asarray(CLASSES)[np.maximum(ie, ig)]
