"""Materials catalogue: hygrothermal properties of building materials.

The catalogue ships as ``data/materials/materials.csv`` (dated, one source per
row). It is read once and cached. Look a material up by id; an unknown id
raises :class:`rehab.errors.UnknownNameError` listing the closest ids.

Examples
--------
>>> from rehab import materials
>>> brick = materials.get("brick_solid_old")
>>> brick.conductivity, brick.density, brick.specific_heat
(1.07, 1850.0, 920.0)
>>> materials.get("brick_solid_odl")
Traceback (most recent call last):
...
rehab.errors.UnknownNameError: unknown material 'brick_solid_odl'; did you mean 'brick_solid_old', ...
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import Field

from ._base import RehabModel
from ._data import csv_metadata, read_csv_records
from .errors import DataError, UnknownNameError
from .units import quantity_type

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Material", "catalogue", "get", "ids", "table"]

_FILE = ("materials", "materials.csv")


class Material(RehabModel):
    """A homogeneous building material (design values at 10 °C).

    Parameters
    ----------
    id : str
        Catalogue id (or any name for a user material).
    name : str
        Human-readable name.
    conductivity : float or str
        Thermal conductivity λ [W/(m·K)], > 0.
    density : float or str
        Density ρ [kg/m³], > 0.
    specific_heat : float or str
        Specific heat capacity c [J/(kg·K)], > 0.
    mu : float
        Water-vapour diffusion resistance factor μ [-], ≥ 1.
    category : str
        Family (masonry, insulation, membrane …).
    biosourced : bool
        Bio-sourced material (HQE-style packages prefer these).
    insulation : bool
        Counts as an insulating layer (ISO 13786 effective thickness,
        thermal-bridge rules).
    source : str
        Where the figures come from.

    Notes
    -----
    Plausible physical ranges (a value outside is refused, naming the
    field): λ 0.002–500 W/(m·K) (vacuum insulation panels ≈ 0.004–0.008,
    copper ≈ 400), ρ 1–25,000 kg/m³ (still air 1.2, osmium 22,600), c
    100–10,000 J/(kg·K) (lead ≈ 130, water 4,186), μ 1–10⁸ (aluminium foil
    vapour barriers reach 10⁶–10⁷). Figures: CRC Handbook of Chemistry and
    Physics (metals, water, air) and the extremes of the shipped catalogue
    (data/materials/materials.csv), read 2026-12.
    """

    id: str = Field(min_length=1)
    name: str = ""
    conductivity: quantity_type("W/(m*K)", ge=0.002, le=500, description="thermal conductivity λ")
    density: quantity_type("kg/m**3", ge=1.0, le=25000, description="density ρ")
    specific_heat: quantity_type("J/(kg*K)", ge=100, le=10000, description="specific heat c")
    mu: float = Field(1.0, ge=1.0, le=1e8, description="water-vapour diffusion resistance factor μ [-]")
    category: str = "user"
    biosourced: bool = False
    insulation: bool = False
    source: str = "user"
    confidence: str = "user"
    date: str = ""

    @property
    def volumetric_heat_capacity(self) -> float:
        """ρ·c [J/(m³·K)]."""
        return self.density * self.specific_heat


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Material]:
    """All catalogue materials by id (read once, cached).

    Returns
    -------
    dict of str to Material
    """
    out: dict[str, Material] = {}
    for i, row in enumerate(read_csv_records(*_FILE), start=1):
        try:
            m = Material(
                id=row["id"],
                name=row["name"],
                category=row["category"],
                conductivity=float(row["conductivity"]),
                density=float(row["density"]),
                specific_heat=float(row["specific_heat"]),
                mu=float(row["mu"]),
                biosourced=row["biosourced"] == "1",
                insulation=row["insulation"] == "1",
                source=row["source"],
                confidence=row["confidence"],
                date=row["date"],
            )
        except (KeyError, ValueError) as exc:
            raise DataError(f"materials.csv data row {i}: {exc}") from exc
        if m.id in out:
            raise DataError(f"materials.csv: duplicate id {m.id!r}")
        out[m.id] = m
    return out


def ids() -> list[str]:
    """Sorted list of catalogue ids."""
    return sorted(catalogue())


def get(material_id: str) -> Material:
    """Look up a catalogue material by id.

    Parameters
    ----------
    material_id : str
        Catalogue id, e.g. ``"glass_wool"``.

    Returns
    -------
    Material

    Raises
    ------
    UnknownNameError
        The id is not in the catalogue; the message suggests close ids.
    """
    cat = catalogue()
    try:
        return cat[material_id]
    except KeyError:
        raise UnknownNameError("material", material_id, sorted(cat)) from None


def table() -> pd.DataFrame:
    """The catalogue as a DataFrame (one row per material), with file metadata in ``attrs``."""
    import pandas as pd

    df = pd.DataFrame([m.model_dump() for m in catalogue().values()]).set_index("id")
    df.attrs.update(csv_metadata(*_FILE))
    return df
