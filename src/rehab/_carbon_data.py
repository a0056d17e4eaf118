"""The embodied-carbon catalogue: ``data/carbon/*.csv`` read once (private; public through :mod:`rehab.carbon`).

``products.csv`` (one row per material or product, each with its source,
date and confidence), ``material_map.csv`` (materials catalogue id →
product), ``cost_map.csv`` (unit-cost id → products and quantities).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ._data import csv_metadata, read_csv_records
from .errors import DataError, UnknownNameError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CarbonProduct", "cost_map", "material_map", "metadata", "product", "products"]

_UNITS = ("kg", "m2", "unit", "kWp", "kg_charge")


@dataclass(frozen=True)
class CarbonProduct:
    """One row of ``data/carbon/products.csv`` (emissions per unit of the row).

    Attributes
    ----------
    id, description, unit : str
        ``unit`` is kg, m2, unit, kWp or kg_charge (refrigerant).
    a1_a3, a4_a5, c1_c4 : float
        Production, transport and installation, end of life [kgCO2e/unit].
    b_per_year : float
        Emissions in use [kgCO2e/(unit·yr)] (refrigerant leakage).
    biogenic_kgco2 : float
        Biogenic CO2 stored in one unit [kgCO2/unit].
    service_life_years : float
        Reference service life [yr].
    source, date, confidence, note : str
    """

    id: str
    description: str
    unit: str
    a1_a3: float
    a4_a5: float
    c1_c4: float
    b_per_year: float
    biogenic_kgco2: float
    service_life_years: float
    source: str
    date: str
    confidence: str
    note: str = ""


@lru_cache(maxsize=1)
def _products() -> dict[str, CarbonProduct]:
    out: dict[str, CarbonProduct] = {}
    for i, r in enumerate(read_csv_records("carbon", "products.csv"), start=1):
        try:
            p = CarbonProduct(
                id=r["id"],
                description=r["description"],
                unit=r["unit"],
                a1_a3=float(r["a1_a3"]),
                a4_a5=float(r["a4_a5"]),
                c1_c4=float(r["c1_c4"]),
                b_per_year=float(r["b_per_year"]),
                biogenic_kgco2=float(r["biogenic_kgco2"]),
                service_life_years=float(r["service_life_years"]),
                source=r["source"],
                date=r["date"],
                confidence=r["confidence"],
                note=r["note"] or "",
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise DataError(f"carbon/products.csv, data row {i}: {exc}") from None
        if p.unit not in _UNITS or p.service_life_years <= 0 or not p.source:
            raise DataError(
                f"carbon/products.csv, row {p.id!r}: unit must be one of {_UNITS}, "
                "service life > 0 and a source given"
            )
        if p.id in out:
            raise DataError(f"carbon/products.csv: duplicate id {p.id!r}")
        out[p.id] = p
    return out


@lru_cache(maxsize=1)
def material_map() -> dict[str, str]:
    """Materials catalogue id → product id (``material_map.csv``)."""
    prods = _products()
    out = {}
    for r in read_csv_records("carbon", "material_map.csv"):
        if r["product"] not in prods:
            raise DataError(
                f"carbon/material_map.csv: {r['material']!r} -> unknown product {r['product']!r}"
            )
        out[r["material"]] = r["product"]
    return out


@lru_cache(maxsize=1)
def cost_map() -> dict[str, tuple[tuple[str, float], ...]]:
    """Unit-cost id → ((product id or @layers / @none, quantity per unit), ...) (``cost_map.csv``)."""
    prods = _products()
    out: dict[str, list[tuple[str, float]]] = {}
    for r in read_csv_records("carbon", "cost_map.csv"):
        p = r["product"]
        if p in ("@layers", "@none"):
            out.setdefault(r["cost_id"], []).append((p, 0.0))
            continue
        if p not in prods:
            raise DataError(f"carbon/cost_map.csv: {r['cost_id']!r} -> unknown product {p!r}")
        out.setdefault(r["cost_id"], []).append((p, float(r["quantity_per_unit"])))
    return {k: tuple(v) for k, v in out.items()}


def products() -> pd.DataFrame:
    """The embodied-carbon catalogue as a DataFrame indexed by id (units in :class:`CarbonProduct`).

    Examples
    --------
    >>> t = products()
    >>> float(t.loc["cellulose", "a1_a3"]), t.loc["cellulose", "confidence"]
    (0.2, 'L')
    """
    import pandas as pd

    rows = [vars(p) for p in _products().values()]
    return pd.DataFrame(rows).set_index("id")


def product(id: str) -> CarbonProduct:
    """One product row by id.

    Raises
    ------
    UnknownNameError
        Unknown id; the message suggests the closest ids.

    Examples
    --------
    >>> product("refrigerant_r32").b_per_year
    23.6
    """
    cat = _products()
    try:
        return cat[id]
    except KeyError:
        raise UnknownNameError("carbon product", id, sorted(cat)) from None


def metadata() -> dict[str, str]:
    """Header (title, date, sources, licence) of ``data/carbon/products.csv``."""
    return csv_metadata("carbon", "products.csv")
