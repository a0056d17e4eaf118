"""The rental-ban status of dwellings from their DPE class and final energy (re-exported by
:mod:`rehab.labels`).

Loi 2021-1104 Climat et Résilience (art. 159 rent freeze of F and G from
2022-08-24; art. 160 class bans for new, renewed or tacitly renewed leases:
G from 2025-01-01, F from 2028-01-01, E from 2034-01-01) and décret 2021-19
(from 2023-01-01 a new lease needs final energy ≤ 450 kWh/(m²·yr),
metropolitan France).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import threecl
from .errors import InputError, UnknownNameError
from .factors import parse_date

__all__ = ["DECENCY_FINAL_LIMIT", "RentalStatus", "RentalStatusArrays", "rental_status", "rental_status_arrays"]

#: Minimum class to rent under a new lease, by date (loi Climat et Résilience
#: 2021-1104, art. 160; décret of August 2023): G banned from 2025, F from
#: 2028, E from 2034.
_RENTAL_BANS = (
    (_dt.date(2025, 1, 1), "G"),
    (_dt.date(2028, 1, 1), "F"),
    (_dt.date(2034, 1, 1), "E"),
)
#: Décret 2021-19: from 2023-01-01 a dwelling rented under a new lease must
#: use at most 450 kWh of final energy per m² and year (metropolitan France).
DECENCY_FINAL_LIMIT = 450.0
_DECENCY_FROM = _dt.date(2023, 1, 1)
#: Rent freeze of F and G dwellings (loi 2021-1104, art. 159), from 2022-08-24.
_RENT_FREEZE_FROM = _dt.date(2022, 8, 24)


@dataclass(frozen=True)
class RentalStatus:
    """Rental-ban status of a dwelling at a date (new, renewed or tacitly renewed leases).

    Attributes
    ----------
    allowed : bool
        The dwelling may be let under a new lease at the date.
    banned_since : datetime.date or None
        Since when it is banned (class ban or the 450 kWh decency rule).
    deadline : datetime.date or None
        Next date at which its class becomes banned (None: never under the
        current calendar, i.e. class D or better).
    reason : str
    rent_freeze : bool
        Class F or G at a date from 2022-08-24: the rent may not be raised.
    """

    allowed: bool
    banned_since: _dt.date | None
    deadline: _dt.date | None
    reason: str
    rent_freeze: bool


def rental_status(label: str, final_energy_m2: float, date: Any = None) -> RentalStatus:
    """Rental-ban status at ``date`` from the class and the final energy per m².

    Parameters
    ----------
    label : str
        DPE class "A".."G".
    final_energy_m2 : float
        Final (delivered) energy, 5 uses [kWh/(m²·yr)].
    date : str or date, optional
        Evaluation date (default today).

    Returns
    -------
    RentalStatus

    Examples
    --------
    >>> s = rental_status("F", 380.0, "2026-06-01")
    >>> s.allowed, s.deadline.isoformat()
    (True, '2028-01-01')
    >>> rental_status("G", 600.0, "2026-06-01").banned_since.isoformat()
    '2023-01-01'
    """
    if label not in threecl.CLASSES:
        raise UnknownNameError("DPE class", label, threecl.CLASSES)
    d = parse_date(date)
    order = {c: i for i, c in enumerate(threecl.CLASSES)}
    class_ban = next((start for start, cls in _RENTAL_BANS if order[label] >= order[cls]), None)
    decency_ban = _DECENCY_FROM if final_energy_m2 > DECENCY_FINAL_LIMIT else None
    started = [x for x in (class_ban, decency_ban) if x is not None and x <= d]
    banned_since = min(started) if started else None
    deadline = class_ban if class_ban is not None and class_ban > d else None
    if decency_ban is not None and decency_ban > d and (deadline is None or decency_ban < deadline):
        deadline = decency_ban
    if banned_since is not None:
        reasons = []
        if class_ban is not None and class_ban <= d:
            reasons.append(f"class {label} banned for new leases since {class_ban.isoformat()}")
        if decency_ban is not None and decency_ban <= d:
            reasons.append(
                f"final energy {final_energy_m2:.0f} kWh/(m²·yr) above the {DECENCY_FINAL_LIMIT:.0f} "
                f"decency limit since {decency_ban.isoformat()}"
            )
        reason = "; ".join(reasons)
    elif deadline is not None:
        reason = f"allowed until {(deadline - _dt.timedelta(days=1)).isoformat()} (class {label})"
    else:
        reason = f"class {label}: no ban in the current calendar"
    freeze = label in ("F", "G") and d >= _RENT_FREEZE_FROM
    return RentalStatus(banned_since is None, banned_since, deadline, reason, freeze)


@dataclass(frozen=True)
class RentalStatusArrays:
    """Rental-ban status of many dwellings at one date (:func:`rental_status_arrays`);
    the fields of :class:`RentalStatus` as arrays, without the reason text.

    Attributes
    ----------
    allowed : numpy.ndarray of bool
    banned_since, deadline : numpy.ndarray of object
        ``datetime.date`` or None.
    rent_freeze : numpy.ndarray of bool
    """

    allowed: np.ndarray
    banned_since: np.ndarray
    deadline: np.ndarray
    rent_freeze: np.ndarray


def rental_status_arrays(label: Any, final_energy_m2: Any, date: Any = None) -> RentalStatusArrays:
    """Rental-ban status of arrays of dwellings at ``date``: :func:`rental_status` element by
    element (loi 2021-1104 art. 160 class bans, décret 2021-19 decency limit of 450 kWh of final
    energy per m² and year from 2023-01-01, art. 159 rent freeze).

    The status depends on the class and on whether the final energy is above the decency limit
    only, so :func:`rental_status` runs once per distinct pair.

    Parameters
    ----------
    label : array_like of str
        DPE classes "A".."G".
    final_energy_m2 : array_like of float
        Final (delivered) energy, 5 uses [kWh/(m²·yr)], same length.
    date : str or date, optional
        Evaluation date (default today).

    Returns
    -------
    RentalStatusArrays

    Examples
    --------
    >>> s = rental_status_arrays(["F", "G", "C"], [380.0, 600.0, 90.0], "2026-06-01")
    >>> s.allowed.tolist(), [x and x.isoformat() for x in s.deadline]
    ([True, False, True], ['2028-01-01', None, None])
    """
    labels = np.asarray(label, dtype=object).reshape(-1)
    final = np.asarray(final_energy_m2, dtype=float).reshape(-1)
    if len(final) != len(labels):
        raise InputError(f"final_energy_m2: {len(final)} values for {len(labels)} classes")
    d = parse_date(date)
    rank = {c: i for i, c in enumerate(threecl.CLASSES)}
    names, code = np.unique(labels.astype(str), return_inverse=True)
    bad = [x for x in names.tolist() if x not in rank]
    if bad:
        raise UnknownNameError("DPE class", bad[0], threecl.CLASSES)
    code = np.array([rank[x] for x in names.tolist()], dtype=np.int64)[code.reshape(-1)]
    key = code * 2 + (final > DECENCY_FINAL_LIMIT)
    uniq, first, inv = np.unique(key, return_index=True, return_inverse=True)
    st = [rental_status(threecl.CLASSES[k // 2], float(final[i]), d)
          for k, i in zip(uniq.tolist(), first.tolist(), strict=True)]

    def col(name: str, dtype: Any) -> np.ndarray:
        v = np.empty(len(st), dtype=dtype)
        v[:] = [getattr(x, name) for x in st]
        return v[inv.reshape(-1)]

    return RentalStatusArrays(col("allowed", bool), col("banned_since", object), col("deadline", object),
                              col("rent_freeze", bool))
