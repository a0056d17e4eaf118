"""The prebound relation of the realistic mode: how households heat, by conventional consumption.

Occupants of badly rated dwellings heat less than the label assumes and
occupants of efficient ones about as much (Sunikka-Blank & Galvin 2012,
Building Research & Information 40(3) 260-273). rehab's relation
(``data/usage/prebound.csv``, derived from the published figures of
``data/usage/prebound_studies.csv``) gives the adopted heating intensity,
an effective set-point and a heated share of the living area as functions
of the dwelling's conventional (3CL) heating consumption per m², and the
calibration factors on observed consumption. :mod:`rehab.usage` documents
the studies and uses the relation; this module holds it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ._data import read_csv_records
from .errors import DataError, InputError

__all__ = [
    "CALIBRATION_CAP",
    "SETPOINT_SENSITIVITY",
    "calibration_factor",
    "carried_calibration",
    "heating_intensity",
    "prebound_table",
    "realistic_heated_share",
    "realistic_setpoint",
    "realistic_settings",
    "resirf_heating_intensity",
    "resirf_income_share",
]

#: Relative change of heating energy per kelvin of set-point [1/K]: ADEME's
#: "1 °C de moins, c'est 7 % d'économie" (as quoted by La Tribune, 2022, and
#: ADEME consumer guides). Used only to split the published intensity
#: between set-point and heated share in ``data/usage/prebound.csv``; the
#: realistic need itself comes from the physical engine.
SETPOINT_SENSITIVITY = 0.07

#: Bounds of a calibration factor carried to another variant of the house
#: [-] (assumption, see the module docstring).
CALIBRATION_CAP: tuple[float, float] = (0.5, 2.0)

#: Res-IRF 3.0 heating-intensity function (CIRED documentation, after Cayla
#: and Osso 2013): intensity = a·ln(income share) + b.
_RESIRF_A = -0.191
_RESIRF_B = 0.1105


@lru_cache(maxsize=1)
def prebound_table() -> dict[str, np.ndarray]:
    """rehab's prebound relation, ``data/usage/prebound.csv``, as arrays.

    Returns
    -------
    dict of str to numpy.ndarray
        ``heating_kwh_m2`` (anchors [kWh/(m²·yr)]), ``intensity`` [-],
        ``setpoint_c`` [°C], ``heated_share`` [-].

    Examples
    --------
    >>> t = prebound_table()
    >>> t["heating_kwh_m2"].tolist()
    [45.0, 90.0, 141.0, 216.0, 321.0, 507.0]
    >>> t["setpoint_c"].tolist()[-1], t["heated_share"].tolist()[-1]
    (18.0, 0.563)
    """
    cols = ("heating_kwh_m2", "intensity", "setpoint_c", "heated_share")
    rows = read_csv_records("usage", "prebound.csv")
    try:
        out = {c: np.array([float(r[c]) for r in rows]) for c in cols}
    except (KeyError, ValueError) as exc:
        raise DataError(f"usage/prebound.csv: bad row ({exc})") from exc
    if len(rows) < 2 or np.any(np.diff(out["heating_kwh_m2"]) <= 0):
        raise DataError("usage/prebound.csv: heating_kwh_m2 must increase from row to row")
    for a in out.values():
        a.setflags(write=False)
    return out


def _interp(heating_kwh_m2: Any, column: str) -> Any:
    e = np.asarray(heating_kwh_m2, dtype=float)
    if np.any(~np.isfinite(e)) or np.any(e < 0):
        raise InputError(
            f"heating_kwh_m2: {heating_kwh_m2!r} kWh/(m²·yr) is not allowed; "
            "give a finite conventional heating consumption >= 0"
        )
    t = prebound_table()
    v = np.interp(e, t["heating_kwh_m2"], t[column])
    return float(v) if v.ndim == 0 else v


def heating_intensity(heating_kwh_m2: Any) -> Any:
    """Adopted heating intensity, actual / conventional heating consumption [-].

    Linear between the anchors of ``data/usage/prebound.csv``, constant
    outside: 1 for A/B dwellings (≤ 45 kWh/(m²·yr)), 0.524 for G dwellings
    (≥ 507 kWh/(m²·yr)).

    Parameters
    ----------
    heating_kwh_m2 : float or array_like
        Conventional (3CL) delivered energy for space heating per m² of
        living area [kWh/(m²·yr)].

    Examples
    --------
    >>> heating_intensity([20.0, 141.0, 600.0])
    array([1.   , 0.722, 0.524])
    """
    return _interp(heating_kwh_m2, "intensity")


def realistic_setpoint(heating_kwh_m2: Any) -> Any:
    """Effective (24-hour mean) heating set-point of the realistic mode [°C].

    19 °C (the 3CL convention) for A/B dwellings, 1 K lower for G dwellings
    (assumption), linear in between (``data/usage/prebound.csv``).

    Parameters
    ----------
    heating_kwh_m2 : float or array_like
        Conventional delivered energy for space heating per m² [kWh/(m²·yr)].

    Examples
    --------
    >>> realistic_setpoint(45.0), realistic_setpoint(507.0)
    (19.0, 18.0)
    """
    return _interp(heating_kwh_m2, "setpoint_c")


def realistic_heated_share(heating_kwh_m2: Any) -> Any:
    """Share of the living area heated to the set-point in the realistic mode [-].

    ``intensity / (1 − 0.07·(19 − setpoint))`` at the anchors of
    ``data/usage/prebound.csv``: 1 for A/B dwellings, 0.563 for G ones.

    Examples
    --------
    >>> realistic_heated_share(30.0), realistic_heated_share(321.0)
    (1.0, 0.59)
    """
    return _interp(heating_kwh_m2, "heated_share")


def resirf_income_share(heating_kwh_m2: Any, floor_area: Any, price: Any, income: Any) -> Any:
    """Share of income spent on conventional heating (Res-IRF 3.0) [-].

    ``price × floor area × conventional heating consumption / income``.

    Parameters
    ----------
    heating_kwh_m2 : float or array_like
        Conventional heating consumption [kWh/(m²·yr)].
    floor_area : float or array_like
        [m²].
    price : float or array_like
        Energy price [EUR/kWh].
    income : float or array_like
        Household income [EUR/yr].

    Examples
    --------
    >>> round(float(resirf_income_share(507.0, 85.0, 0.10192, 30000.0)), 5)
    0.14641
    """
    inc = np.asarray(income, dtype=float)
    if np.any(inc <= 0):
        raise InputError(f"income: {income!r} EUR/yr must be > 0")
    return (
        np.asarray(price, dtype=float)
        * np.asarray(floor_area, dtype=float)
        * np.asarray(heating_kwh_m2, dtype=float)
        / inc
    )


def resirf_heating_intensity(income_share: Any) -> Any:
    """Heating intensity of Res-IRF 3.0: −0.191·ln(income share) + 0.1105 [-].

    Actual / conventional heating consumption as a function of the share of
    income a household would spend on conventional heating (CIRED Res-IRF
    3.0 technical documentation, "Actual energy use", after Cayla & Osso
    2013, EDF R&D, fitted on the Phébus survey).

    Parameters
    ----------
    income_share : float or array_like
        See :func:`resirf_income_share`; > 0.

    Examples
    --------
    >>> round(float(resirf_heating_intensity(0.14641)), 3)   # G band, 85 m², 30 kEUR, 2026 gas
    0.477
    """
    s = np.asarray(income_share, dtype=float)
    if np.any(~(s > 0)):
        raise InputError(f"income_share: {income_share!r} must be > 0")
    return _RESIRF_A * np.log(s) + _RESIRF_B


def calibration_factor(observed: Any, heating: Any, other: Any = 0.0) -> Any:
    """Factor on modelled space heating that reproduces an observed consumption [-].

    ``k = (observed − other) / heating``: ``other`` is what the observed
    carrier supplies besides space heating in the model (DHW, lighting,
    auxiliaries, plus any declared unmodelled use), ``heating`` the modelled
    space-heating consumption of that carrier; after scaling,
    ``k·heating + other = observed`` exactly.

    Parameters
    ----------
    observed, heating, other : float or array_like
        [kWh/yr].

    Raises
    ------
    InputError
        ``heating`` not positive, or ``observed`` not above ``other``.

    Examples
    --------
    >>> calibration_factor(14000.0, 12000.0, 1300.0)
    1.0583333333333333
    """
    obs = np.asarray(observed, dtype=float)
    h = np.asarray(heating, dtype=float)
    o = np.asarray(other, dtype=float)
    if np.any(h <= 0):
        raise InputError(f"calibration: modelled space heating {heating!r} kWh/yr must be > 0")
    if np.any(obs <= o):
        raise InputError(
            f"calibration: observed {observed!r} kWh/yr is not above the modelled non-heating "
            f"use {other!r} kWh/yr of the same carrier; nothing is left for space heating"
        )
    k = (obs - o) / h
    return float(k) if k.ndim == 0 else k


def carried_calibration(factor: Any, cap: tuple[float, float] = CALIBRATION_CAP) -> Any:
    """A calibration factor carried to another variant of the house, capped [-].

    Examples
    --------
    >>> carried_calibration(0.8), carried_calibration(3.0)
    (0.8, 2.0)
    """
    f = np.asarray(factor, dtype=float)
    if np.any(~np.isfinite(f)) or np.any(f <= 0):
        raise InputError(f"calibration: factor {factor!r} must be a finite number > 0")
    c = np.clip(f, cap[0], cap[1])
    return float(c) if c.ndim == 0 else c



def _round_tenth(x: np.ndarray) -> list[float]:
    """``[round(v, 1) for v in x]`` (Python's correctly rounded decimal rounding) on an array:
    ``np.round`` agrees with it except within rounding error of a tie (x·10 near an odd half),
    where Python's rule is applied."""
    z = x * 10.0
    out = np.round(x, 1).tolist()
    with np.errstate(invalid="ignore"):
        ties = np.flatnonzero(np.abs(z - np.floor(z) - 0.5) < 1e-6)
    for i in ties.tolist():
        out[i] = round(float(x[i]), 1)
    return out


def realistic_settings(heating_kwh_m2: Any) -> tuple[list[float], list[float]]:
    """Set-point (rounded to 0.1 K) and heated share of the realistic mode, per house.

    Parameters
    ----------
    heating_kwh_m2 : array_like
        Conventional delivered energy for space heating per m² [kWh/(m²·yr)].

    Returns
    -------
    setpoints, shares : list of float
        [°C] and [-] (:func:`realistic_setpoint`, :func:`realistic_heated_share`).

    Examples
    --------
    >>> realistic_settings([45.0, 507.0])
    ([19.0, 18.0], [1.0, 0.563])
    """
    e = np.atleast_1d(np.asarray(heating_kwh_m2, dtype=float))
    sps = _round_tenth(np.atleast_1d(np.asarray(realistic_setpoint(e), dtype=float)))
    shares = np.atleast_1d(np.asarray(realistic_heated_share(e), dtype=float)).tolist()
    return sps, shares
