"""Linear thermal bridges of a dwelling: the junctions, their default ψ by insulation
side (``data/bridges/psi_defaults.csv``, a source per row), a bridge ψ·l and a declared
total Σψ·l (ISO 13789:2017 eq. 4; ISO 14683:2017). Re-exported by :mod:`rehab.house`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pydantic import Field, model_validator

from ._base import RehabModel
from ._data import read_csv_records
from .errors import InputError, UnknownNameError
from .units import quantity_type

__all__ = ["DECLARED_BRIDGES_RANGE", "JUNCTIONS", "ThermalBridge", "default_psi"]

Length = quantity_type("m", gt=0, le=1e4, description="length")


@lru_cache(maxsize=1)
def _psi_table() -> dict[tuple[str, str, int], tuple[float, str]]:
    out = {}
    for row in read_csv_records("bridges", "psi_defaults.csv"):
        out[(row["junction"], row["wall_insulation"], int(row["other_insulated"]))] = (
            float(row["psi"]),
            row["source"],
        )
    return out


JUNCTIONS = (
    "ground_floor",
    "intermediate_floor_timber",
    "intermediate_floor_heavy",
    "eaves",
    "party_wall",
    "window_reveal",
)


def default_psi(junction: str, wall_insulation: str, other_insulated: bool = False) -> float:
    """Default ψ of a junction of this stock [W/(m·K)] (data/bridges/psi_defaults.csv).

    Parameters
    ----------
    junction : str
        One of ``JUNCTIONS``.
    wall_insulation : {"none", "internal", "external", "both", "distributed"}
        Insulation side of the wall at the junction.
    other_insulated : bool
        Whether the floor/ceiling meeting the wall is insulated (ground floor, eaves).

    Examples
    --------
    >>> default_psi("intermediate_floor_heavy", "internal"), default_psi("eaves", "none", True)
    (0.92, 0.4)
    """
    table = _psi_table()
    key = (junction, wall_insulation, int(bool(other_insulated)))
    if key not in table:
        key = (junction, wall_insulation, 0)
    if key not in table:
        known = sorted({k[0] for k in table})
        raise UnknownNameError("thermal-bridge junction", junction, known)
    return table[key][0]


class ThermalBridge(RehabModel):
    """A linear thermal bridge ψ·l (ISO 13789:2017 eq. 4; ISO 14683).

    Parameters
    ----------
    junction : str
        Junction type (``JUNCTIONS``) or "other"/"declared".
    length : float or str
        l [m].
    psi : float, optional
        ψ [W/(m·K)]; default from :func:`default_psi` with the house's wall
        insulation side (so it changes when walls are insulated inside/outside).
    b : float
        Adjustment factor [-].
    """

    junction: str = "other"
    length: Length
    psi: float | None = Field(None, ge=-1, le=10, description="ψ [W/(m·K)]")
    b: float = Field(1.0, ge=0, le=1)

    @model_validator(mode="after")
    def _check(self) -> ThermalBridge:
        if self.psi is None and self.junction not in JUNCTIONS:
            raise ValueError(
                f"thermal bridge junction {self.junction!r} has no default ψ: give psi [W/(m·K)] "
                f"or use one of {', '.join(JUNCTIONS)}"
            )
        return self


#: Plausible range of a whole dwelling's declared Σψ·l [W/K] (a large detached house with
#: 300 m of junctions at ψ = 1 W/(m·K) stays far below; negative totals are possible
#: with external-dimension areas, ISO 14683:2017 5.2).
DECLARED_BRIDGES_RANGE = (-500.0, 5000.0)


def _declared_bridges(total: float) -> list[ThermalBridge]:
    """Σψ·l [W/K] given as one number (audit / DPE route), as one "declared" bridge.

    Stored as ψ = ±1 W/(m·K) over l = |Σψ·l| m, so that ψ stays in the range
    of a real junction and ψ·l is the declared total.
    """
    lo, hi = DECLARED_BRIDGES_RANGE
    if not (np.isfinite(total) and lo <= total <= hi):
        raise InputError(
            f"thermal_bridges {total!r} W/K: the declared Σψ·l of a dwelling must be between "
            f"{lo:g} and {hi:g} W/K (or give a list of ThermalBridge)"
        )
    if total == 0.0:
        return []
    return [ThermalBridge(junction="declared", length=abs(total), psi=1.0 if total > 0 else -1.0)]
