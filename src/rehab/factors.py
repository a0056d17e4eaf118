"""Primary-energy and greenhouse-gas factors of the DPE, looked up by date.

The French DPE converts delivered (final) energy into primary energy with a
conversion factor per carrier (PEF) and into emissions with a factor per
carrier and use. Both are law and change with time: the electricity PEF is
2.3 until 2025-12-31 (arrêté du 31 mars 2021, annexe 3), 1.9 in 2026 (arrêté
du 13 août 2025) and 1.7 from 2027-01-01 (arrêté du 19 août 2026). The
factors live in ``data/factors/primary_energy.csv`` and
``data/factors/ghg.csv``, one row per validity period, each with its source.

District heating has one GHG factor per network, set each year by arrêté:
rehab ships none and asks the user for it (``user_value=``).

Examples
--------
>>> from rehab.factors import primary_energy_factor, ghg_factor
>>> primary_energy_factor("electricity", "2025-06-01")
2.3
>>> primary_energy_factor("electricity", "2026-06-01")
1.9
>>> primary_energy_factor("electricity", "2027-06-01")
1.7
>>> ghg_factor("natural_gas", "heating", "2026-06-01")
0.227
>>> ghg_factor("electricity", "dhw", "2026-06-01")
0.065
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any

from ._data import read_csv_records
from .errors import DataError, InputError, UnknownNameError

__all__ = [
    "CARRIERS",
    "USES",
    "ghg_factor",
    "parse_date",
    "primary_energy_factor",
]

#: Energy carriers known to the DPE factors (rehab's names).
CARRIERS: tuple[str, ...] = (
    "electricity",
    "natural_gas",
    "fuel_oil",
    "lpg",
    "wood_logs",
    "wood_pellets",
    "wood_chips",
    "district_heat",
    "coal",
)

#: The five DPE uses.
USES: tuple[str, ...] = ("heating", "dhw", "cooling", "lighting", "auxiliaries")


def parse_date(value: Any, field: str = "date") -> _dt.date:
    """An evaluation date from ``str`` (ISO ``YYYY-MM-DD``), ``date`` or ``datetime``.

    ``None`` means today.

    Examples
    --------
    >>> parse_date("2026-06-01")
    datetime.date(2026, 6, 1)
    """
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputError(
        f"{field}: {value!r} is not a date; give an ISO string 'YYYY-MM-DD', "
        "a datetime.date or a datetime.datetime"
    )


def _opt_date(text: str) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text.strip() else None


@lru_cache(maxsize=1)
def _pef_rows() -> tuple[tuple[str, _dt.date, _dt.date | None, float], ...]:
    rows = []
    for r in read_csv_records("factors", "primary_energy.csv"):
        try:
            rows.append(
                (
                    r["carrier"],
                    _opt_date(r["valid_from"]),
                    _opt_date(r["valid_to"]),
                    float(r["pef"]),
                )
            )
        except (KeyError, ValueError) as exc:
            raise DataError(f"factors/primary_energy.csv: bad row {r!r} ({exc})") from exc
    return tuple(rows)


@lru_cache(maxsize=1)
def _ghg_rows() -> tuple[tuple[str, str, _dt.date, _dt.date | None, float], ...]:
    rows = []
    for r in read_csv_records("factors", "ghg.csv"):
        try:
            rows.append(
                (
                    r["carrier"],
                    r["use"],
                    _opt_date(r["valid_from"]),
                    _opt_date(r["valid_to"]),
                    float(r["kgco2e_per_kwh"]),
                )
            )
        except (KeyError, ValueError) as exc:
            raise DataError(f"factors/ghg.csv: bad row {r!r} ({exc})") from exc
    return tuple(rows)


def _check_carrier(carrier: str) -> str:
    if carrier not in CARRIERS:
        raise UnknownNameError("energy carrier", carrier, CARRIERS)
    return carrier


def _in_period(d: _dt.date, start: _dt.date, end: _dt.date | None) -> bool:
    return start <= d and (end is None or d <= end)


def primary_energy_factor(carrier: str, date: Any = None) -> float:
    """DPE primary-energy factor of a carrier at a date [kWhEP/kWh].

    Parameters
    ----------
    carrier : str
        One of :data:`CARRIERS`.
    date : str, datetime.date or datetime.datetime, optional
        Evaluation date (default: today). Must be on or after 2021-07-01,
        when the 3CL-DPE 2021 method came into force.

    Returns
    -------
    float
        Electricity: 2.3 (to 2025-12-31), 1.9 (2026), 1.7 (from 2027-01-01);
        every other carrier 1 (arrêté du 31 mars 2021, annexe 3).

    Raises
    ------
    UnknownNameError
        Unknown carrier.
    InputError
        Date before 2021-07-01 or unparsable.

    Examples
    --------
    >>> primary_energy_factor("wood_pellets", "2026-01-01")
    1.0
    """
    _check_carrier(carrier)
    d = parse_date(date)
    for c, start, end, value in _pef_rows():
        if c == carrier and _in_period(d, start, end):
            return value
    raise InputError(
        f"date: {d.isoformat()} has no DPE primary-energy factor for {carrier!r}; "
        "the 3CL-DPE 2021 factors apply from 2021-07-01"
    )


def ghg_factor(
    carrier: str, use: str, date: Any = None, *, user_value: float | None = None
) -> float:
    """DPE greenhouse-gas emission factor of a carrier for a use [kgCO2e/kWh].

    Parameters
    ----------
    carrier : str
        One of :data:`CARRIERS`.
    use : str
        One of :data:`USES` (only electricity depends on the use).
    date : str, datetime.date or datetime.datetime, optional
        Evaluation date (default: today), on or after 2021-07-01.
    user_value : float, optional
        The factor of the user's heat network [kgCO2e/kWh]; required for
        ``district_heat`` (one value per network, set each year by arrêté),
        and when given for another carrier it overrides the shipped value.

    Returns
    -------
    float
        Factor from the arrêté du 31 mars 2021 (e.g. electricity heating
        0.079, DHW 0.065, natural gas 0.227, fuel oil 0.324).

    Raises
    ------
    UnknownNameError
        Unknown carrier or use.
    InputError
        ``district_heat`` without ``user_value``, negative ``user_value``, or
        a date before 2021-07-01.

    Examples
    --------
    >>> ghg_factor("electricity", "heating", "2025-01-01")
    0.079
    >>> ghg_factor("district_heat", "heating", "2026-01-01", user_value=0.1)
    0.1
    """
    _check_carrier(carrier)
    if use not in USES:
        raise UnknownNameError("DPE use", use, USES)
    if user_value is not None:
        v = float(user_value)
        if not v >= 0:
            raise InputError(
                f"user_value: {user_value!r} kgCO2e/kWh is not allowed; give a value >= 0"
            )
        return v
    if carrier == "district_heat":
        raise InputError(
            "ghg_factor: district_heat has one emission factor per heat network (set each year "
            "by arrêté, latest 30 March 2026); give it as user_value= in kgCO2e/kWh"
        )
    d = parse_date(date)
    for c, u, start, end, value in _ghg_rows():
        if c == carrier and u in (use, "*") and _in_period(d, start, end):
            return value
    raise InputError(
        f"date: {d.isoformat()} has no DPE emission factor for {carrier!r} ({use}); "
        "the 3CL-DPE 2021 factors apply from 2021-07-01"
    )
