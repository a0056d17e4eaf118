"""Shared ground of the retrofit measures: cost lines, the measure base class and the
Q4Pa-surf → n50 conversion (see :mod:`rehab.retrofit`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .. import costs as _costs
from .._base import RehabModel
from ..errors import InputError
from ..house import House

if TYPE_CHECKING:
    import pandas as pd

Side = Literal["front", "back", "left", "right"]
Where = Literal["all", "street", "not_street"]

#: Airtightness flow exponent used to convert Q4Pa-surf to n50 (n = 2/3, the
#: value of the French conversion between the RT 2012 indicator and n50;
#: an assumption, typical envelope leakage exponents are 0.6-0.7).
LEAKAGE_EXPONENT = 2.0 / 3.0


def n50_from_q4(
    q4: float, loss_area: float, volume: float, exponent: float = LEAKAGE_EXPONENT
) -> float:
    """Air changes at 50 Pa from the RT 2012 airtightness indicator Q4Pa-surf [1/h].

    ``n50 = Q4·A_T·(50/4)^n / V``: Q4Pa-surf is the leakage flow at 4 Pa per
    m² of cold envelope other than the low floor (A_Tbat, RT 2012); the
    flow at 50 Pa follows the power law q = C·Δpⁿ.

    Parameters
    ----------
    q4 : float
        Q4Pa-surf [m³/(h·m²)] (BBC Rénovation 2024 asks ≤ 1.20 for houses,
        arrêté of 3 October 2023).
    loss_area : float
        A_Tbat [m²].
    volume : float
        Heated volume [m³].
    exponent : float
        Flow exponent n [-].

    Examples
    --------
    >>> round(n50_from_q4(1.2, 83.5, 150.0), 2)    # 1.2 x 83.5 x 12.5**(2/3) / 150
    3.6
    """
    if q4 <= 0 or loss_area <= 0 or volume <= 0:
        raise InputError("n50_from_q4: q4 [m³/(h·m²)], loss_area [m²] and volume [m³] must be > 0")
    return q4 * loss_area * (50.0 / 4.0) ** exponent / volume


# --------------------------------------------------------------------------
# cost lines
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    """One priced item of a measure (study-year euros).

    Attributes
    ----------
    measure : str
        Label of the measure.
    item : str
        Unit-cost catalogue id (:func:`rehab.costs.names`).
    quantity : float
        In the catalogue row's unit.
    unit : str
        m2, unit, kWp, dwelling.
    cost_ht, cost_ttc : float
        [EUR].
    lifetime_years : float
        Service life [yr] (NaN for services).
    aid_kind : str
        Measure kind for the aid rules.
    note : str
    """

    measure: str
    item: str
    quantity: float
    unit: str
    cost_ht: float
    cost_ttc: float
    lifetime_years: float
    aid_kind: str
    note: str = ""


@dataclass(frozen=True)
class CostBreakdown:
    """Cost lines of a measure or package."""

    lines: tuple[CostLine, ...] = ()

    @property
    def cost_ht(self) -> float:
        """Total before VAT [EUR]."""
        return float(sum(ln.cost_ht for ln in self.lines))

    @property
    def cost_ttc(self) -> float:
        """Total with VAT [EUR]."""
        return float(sum(ln.cost_ttc for ln in self.lines))

    def __add__(self, other: CostBreakdown) -> CostBreakdown:
        return CostBreakdown(self.lines + other.lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per line; money in EUR."""
        import pandas as pd

        cols = [
            "measure",
            "item",
            "quantity",
            "unit",
            "cost_ht",
            "cost_ttc",
            "lifetime_years",
            "aid_kind",
            "note",
        ]
        df = pd.DataFrame([[getattr(ln, c) for c in cols] for ln in self.lines], columns=cols)
        return df.rename(columns={"cost_ht": "cost_ht_eur", "cost_ttc": "cost_ttc_eur"})


def _line(
    measure: str,
    item: str,
    quantity: float,
    year: Any,
    aid_kind: str,
    *,
    thickness: float | None = None,
    note: str = "",
) -> CostLine:
    uc = _costs.unit_cost(item)
    th = thickness if (thickness is not None and uc.ref_thickness_m is not None) else None
    ht = _costs.cost(item, quantity, year=year, include_vat=False, thickness=th)
    ttc = _costs.cost(item, quantity, year=year, include_vat=True, thickness=th)
    life = uc.lifetime_years if uc.lifetime_years is not None else float("nan")
    return CostLine(
        measure, item, float(quantity), uc.unit, float(ht), float(ttc), float(life), aid_kind, note
    )


# --------------------------------------------------------------------------
# base class and element selection
# --------------------------------------------------------------------------


class Measure(RehabModel):
    """Base of every retrofit measure.

    Parameters
    ----------
    label : str, optional
        Display name (default: a description built from the parameters).
    source : str
        Where the measure's parameters come from (documentation of presets).
    """

    kind: str
    label: str = ""
    source: str = ""

    def apply(self, house: House) -> House:  # pragma: no cover - abstract
        raise NotImplementedError

    def cost(
        self, house: House, year: Any = _costs.STUDY_YEAR
    ) -> CostBreakdown:  # pragma: no cover - abstract
        raise NotImplementedError

    def for_house(self, house: House) -> Measure:
        """The measure as it acts on ``house`` (itself, unless a subclass adapts it, e.g.
        :meth:`RoofInsulation.for_house <rehab.retrofit.RoofInsulation.for_house>`)."""
        return self

    @property
    def name(self) -> str:
        """Label, or the measure kind."""
        return self.label or self.describe()

    def describe(self) -> str:
        """One-line description."""
        return self.kind

    @property
    def aid_kinds(self) -> tuple[str, ...]:
        """Measure kinds for :class:`rehab.subsidies.AidContext`."""
        return ()

    @property
    def main_cost_id(self) -> str | None:
        """Catalogue id of the main item (gives the lifetime)."""
        return None

    @property
    def lifetime_years(self) -> float:
        """Service life of the main item [yr] (catalogue ``lifetime_years``)."""
        cid = self.main_cost_id
        if cid is None:
            return float("nan")
        life = _costs.unit_cost(cid).lifetime_years
        return float(life) if life is not None else float("nan")


