"""Unit costs of retrofit measures, indexed to the study year.

The catalogue ``data/costs/unit_costs.csv`` holds one row per measure id:
a fixed part (charged once per job) and a variable part per unit (m², unit,
kWp, kW of heating power, dwelling), the year of the price, the VAT rate and the CGI article that
sets it, whether the price is HT (before VAT) or TTC (VAT included), the
service life, the source and a confidence grade (H official, M reputable
secondary, L third-party or rehab's own assumption).

Prices are brought to the study year with the INSEE BT01 building-cost
index (``data/costs/index_bt01.csv``, annual means, 2010 = 100).

Examples
--------
>>> from rehab import costs
>>> costs.unit_cost("ite_wall").variable_eur_per_unit
108.0
>>> round(costs.cost("ite_wall", 100.0, year=2018, include_vat=False))
10800
>>> round(costs.cost("ite_wall", 100.0, year=2018))     # + 5.5 % VAT
11394
"""

from __future__ import annotations

import datetime as _dt
import math
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from ._base import RehabModel
from ._data import csv_metadata, read_csv_records
from .errors import DataError, InputError, UnknownNameError
from .units import to_si

__all__ = [
    "STUDY_YEAR",
    "UnitCost",
    "bt01",
    "cost",
    "index_factor",
    "names",
    "price_terms",
    "study_year",
    "unit_cost",
    "unit_costs",
]

#: Default study year of rehab's economics.
STUDY_YEAR = 2026

_UNITS = {"m2": "m**2", "kWp": "kW", "kW": "kW", "unit": "", "dwelling": "", "eur": ""}


class UnitCost(RehabModel):
    """One row of the unit-cost catalogue (prices in the row's ``price_year`` euros)."""

    id: str
    description: str
    measure_kind: str
    unit: Literal["m2", "unit", "kWp", "kW", "dwelling", "eur"]
    fixed_eur: float
    variable_eur_per_unit: float
    price_year: int
    vat_rate: float
    vat_article: str
    ht_or_ttc: Literal["HT", "TTC"]
    lifetime_years: float | None = None
    lifetime_source: str = ""
    ref_thickness_m: float | None = None
    eur_per_m2_per_cm: float | None = None
    source: str
    confidence: Literal["H", "M", "L"]
    note: str = ""

    @property
    def fixed_ht(self) -> float:
        """Fixed part before VAT [EUR, price_year]."""
        return self.fixed_eur / (1.0 + self.vat_rate) if self.ht_or_ttc == "TTC" else self.fixed_eur

    @property
    def variable_ht(self) -> float:
        """Variable part before VAT [EUR per unit, price_year]."""
        v = self.variable_eur_per_unit
        return v / (1.0 + self.vat_rate) if self.ht_or_ttc == "TTC" else v


def _opt_float(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, UnitCost]:
    out: dict[str, UnitCost] = {}
    for i, row in enumerate(read_csv_records("costs", "unit_costs.csv"), start=1):
        try:
            item = UnitCost(
                id=row["id"],
                description=row["description"],
                measure_kind=row["measure_kind"],
                unit=row["unit"],
                fixed_eur=float(row["fixed_eur"]),
                variable_eur_per_unit=float(row["variable_eur_per_unit"]),
                price_year=int(row["price_year"]),
                vat_rate=float(row["vat_rate"]),
                vat_article=row["vat_article"],
                ht_or_ttc=row["ht_or_ttc"],
                lifetime_years=_opt_float(row["lifetime_years"]),
                lifetime_source=row["lifetime_source"],
                ref_thickness_m=_opt_float(row["ref_thickness_m"]),
                eur_per_m2_per_cm=_opt_float(row["eur_per_m2_per_cm"]),
                source=row["source"],
                confidence=row["confidence"],
                note=row["note"],
            )
        except (KeyError, ValueError) as exc:
            raise DataError(f"costs/unit_costs.csv, data row {i}: {exc}") from None
        if item.id in out:
            raise DataError(f"costs/unit_costs.csv: duplicate id {item.id!r}")
        out[item.id] = item
    return out


def names() -> list[str]:
    """Ids of the unit-cost catalogue, sorted.

    Examples
    --------
    >>> "heat_pump_air_water" in names()
    True
    """
    return sorted(_catalogue())


def unit_costs() -> list[UnitCost]:
    """Every row of the catalogue (frozen models; change one with ``copy_with``)."""
    return list(_catalogue().values())


def unit_cost(id: str) -> UnitCost:
    """Catalogue row for one measure id.

    Raises
    ------
    UnknownNameError
        Unknown id; the message suggests the closest ids.

    Examples
    --------
    >>> unit_cost("windows_triple").lifetime_years
    30.0
    >>> unit_cost("iti_wool")
    Traceback (most recent call last):
    ...
    rehab.errors.UnknownNameError: unknown unit-cost id 'iti_wool'; did you mean ...
    """
    cat = _catalogue()
    try:
        return cat[id]
    except KeyError:
        raise UnknownNameError("unit-cost id", id, sorted(cat)) from None


def study_year(date: Any = STUDY_YEAR) -> int:
    """Year of a study date given as int, ``"YYYY-MM-DD"``, ``"YYYY"`` or a date.

    Examples
    --------
    >>> study_year("2027-03-01"), study_year(2030)
    (2027, 2030)
    """
    if isinstance(date, bool):
        raise InputError(f"date: {date!r} is not a date; give a year, 'YYYY-MM-DD' or a date")
    if isinstance(date, (_dt.date, _dt.datetime)):
        return date.year
    if isinstance(date, (int, np.integer)):
        y = int(date)
    elif isinstance(date, str):
        text = date.strip()
        try:
            y = int(text) if len(text) == 4 else _dt.date.fromisoformat(text).year
        except ValueError:
            raise InputError(
                f"date: {date!r} is not a date; give a year (2026), 'YYYY-MM-DD' or a datetime.date"
            ) from None
    else:
        raise InputError(
            f"date: {date!r} ({type(date).__name__}) is not a date; "
            "give a year (2026), 'YYYY-MM-DD' or a datetime.date"
        )
    if not 1900 <= y <= 2200:
        raise InputError(f"date: year {y} is out of range (allowed 1900-2200)")
    return y


@lru_cache(maxsize=1)
def _bt01_table() -> tuple[dict[int, float], float]:
    rows = read_csv_records("costs", "index_bt01.csv")
    table = {int(r["year"]): float(r["bt01"]) for r in rows}
    years = sorted(table)
    last = years[-1]
    growth = (table[last] / table[last - 2]) ** 0.5 - 1.0
    return table, growth


def bt01(year: Any) -> float:
    """Annual INSEE BT01 building-cost index (2010 = 100) for a year.

    Years inside the table are its annual means; a year missing inside the
    table (2011) is interpolated linearly; years after the last year are
    extrapolated at the mean annual growth of the last two years of data
    (2023→2025: about +1.1 %/yr). That extrapolation is an assumption of
    rehab: INSEE publishes no forecast.

    Parameters
    ----------
    year : int, str or datetime.date
        Year (or a date within it).

    Returns
    -------
    float
        Index value [-].

    Raises
    ------
    InputError
        A year before the first year of the table (2010).

    Examples
    --------
    >>> bt01(2018), bt01(2025)
    (109.07, 132.95)
    >>> round(bt01(2026), 2)
    134.39
    """
    y = study_year(year)
    table, growth = _bt01_table()
    years = sorted(table)
    if y in table:
        return table[y]
    if y < years[0]:
        raise InputError(
            f"year: {y} is before the first BT01 value in rehab's data ({years[0]}); "
            f"allowed years >= {years[0]}"
        )
    if y > years[-1]:
        return table[years[-1]] * (1.0 + growth) ** (y - years[-1])
    return float(np.interp(y, years, [table[k] for k in years]))


def index_factor(from_year: Any, to_year: Any = STUDY_YEAR) -> float:
    """Ratio BT01(to_year) / BT01(from_year) that brings a price to ``to_year`` euros.

    Examples
    --------
    >>> round(index_factor(2018, 2025), 4)
    1.2189
    """
    return bt01(to_year) / bt01(from_year)


def cost(
    id: str,
    quantity: Any,
    *,
    year: Any = STUDY_YEAR,
    include_vat: bool = True,
    thickness: Any = None,
    vat_rate: float | None = None,
) -> Any:
    """Installed cost of a measure in the study year's euros.

    ``cost = (fixed_HT·[q > 0] + variable_HT·q) · BT01(year)/BT01(price_year) · (1 + VAT)``,
    with the variable part per m² shifted by ``eur_per_m2_per_cm`` per cm of
    insulation above or below the row's reference thickness when
    ``thickness`` is given (a rehab assumption, see the catalogue note).
    A quantity of 0 costs 0 (no job, no fixed part). Rows in unit ``eur``
    (a share of the works cost, e.g. project management) are not indexed.

    Parameters
    ----------
    id : str
        Catalogue id (see :func:`names`).
    quantity : float, array_like, pint.Quantity or str
        Amount in the row's unit: m² (``"12 m**2"`` accepted), kWp
        (``"3 kW"`` accepted), number of units or dwellings, or euros of
        works for unit ``eur``. Arrays give one cost per element (houses).
    year : int, str or datetime.date, default 2026
        Study year the price is indexed to.
    include_vat : bool, default True
        Add VAT at the row's rate (or ``vat_rate``); False gives HT.
    thickness : float, pint.Quantity or str, optional
        Insulation thickness [m] for rows with a reference thickness.
    vat_rate : float, optional
        Override of the row's VAT rate (e.g. social-housing works).

    Returns
    -------
    float or numpy.ndarray
        Cost [EUR], HT or TTC.

    Raises
    ------
    UnknownNameError
        Unknown id.
    UnitError
        Quantity of the wrong dimension or negative.

    Examples
    --------
    >>> round(cost("attic_floor_blown", "50 m**2", year=2024, include_vat=False))   # 50 x 30 / 1.055
    1422
    >>> round(cost("attic_floor_blown", 50, year=2024, include_vat=False, thickness="40 cm"))
    1540
    >>> cost("heat_pump_air_water_power", [0, 10], year=2024).round(0).tolist()   # 1,070 EUR/kW
    [0.0, 10700.0]
    """
    uc = _catalogue().get(id)
    if uc is None:
        raise UnknownNameError("unit-cost id", id, sorted(_catalogue()))
    unit = _UNITS[uc.unit]
    q = to_si(quantity, unit or "dimensionless", f"quantity of {id} [{uc.unit}]", ge=0)
    q_arr = np.asarray(q, dtype=float)
    try:
        fixed, variable, factor, rate = _cached_terms(id, year, thickness, vat_rate)
    except TypeError:  # an unhashable argument (an array thickness)
        fixed, variable, factor, rate = price_terms(id, year=year, thickness=thickness, vat_rate=vat_rate)
    ht = np.where(q_arr > 0, fixed, 0.0) + variable * q_arr
    if factor is not None:
        ht = ht * factor
    out = ht * (1.0 + rate) if include_vat else ht
    if np.ndim(out) == 0:
        return float(out)
    return np.asarray(out, dtype=float)


@lru_cache(maxsize=4096, typed=True)
def _cached_terms(id: str, year: Any, thickness: Any, vat_rate: Any) -> tuple[float, Any, float | None, float]:
    return price_terms(id, year=year, thickness=thickness, vat_rate=vat_rate)


def price_terms(id: str, *, year: Any = STUDY_YEAR, thickness: Any = None,
                vat_rate: float | None = None) -> tuple[float, Any, float | None, float]:
    """The terms of :func:`cost`: (fixed HT [EUR], variable HT [EUR per unit], index factor
    BT01(year)/BT01(price year) — None for rows in ``eur``, not indexed — and the VAT rate).

    ``cost = (fixed·[q > 0] + variable·q) · factor · (1 + VAT)``, computed in that order.

    Examples
    --------
    >>> f, v, k, r = price_terms("attic_floor_blown", year=2024)
    >>> round((v * 50) * k, 6) == round(cost("attic_floor_blown", 50, year=2024, include_vat=False), 6)
    True
    """
    uc = _catalogue().get(id)
    if uc is None:
        raise UnknownNameError("unit-cost id", id, sorted(_catalogue()))
    variable = uc.variable_ht
    if thickness is not None:
        if uc.ref_thickness_m is None or uc.eur_per_m2_per_cm is None:
            raise InputError(
                f"thickness: {id!r} has no reference insulation thickness; "
                "give thickness only for insulation rows (those with ref_thickness_m)"
            )
        t = to_si(thickness, "m", "thickness", gt=0)
        step = uc.eur_per_m2_per_cm
        if uc.ht_or_ttc == "TTC":
            step = step / (1.0 + uc.vat_rate)
        variable = variable + step * (np.asarray(t) - uc.ref_thickness_m) * 100.0
        variable = np.maximum(variable, 0.0)
    factor = index_factor(uc.price_year, year) if uc.unit != "eur" else None
    rate = uc.vat_rate if vat_rate is None else float(vat_rate)
    if not 0.0 <= rate < 1.0 or math.isnan(rate):
        raise InputError(f"vat_rate: {vat_rate!r} is not a VAT rate; give a fraction in [0, 1)")
    return uc.fixed_ht, variable, factor, rate


def catalogue_metadata() -> dict[str, str]:
    """Header metadata (title, date, source, licence …) of the cost catalogue."""
    return csv_metadata("costs", "unit_costs.csv")
