"""Ventilation and infiltration: airtightness n50 → infiltration, systems → H_ve.

Physics (pure functions) and the :class:`Ventilation` model of a house.

* Ventilation heat-transfer coefficient H_ve = ρ_a·c_a·q
  (ISO 13789:2017, 8.2; ρ_a·c_a = 1200 J/(m³·K)).
* Infiltration from the airtightness n50 with the shielding coefficients
  e and f of EN ISO 13789:2007 Annex C / EN 832 (the same e = 0.07,
  f = 15 for "several exposed façades, moderate shielding" are used by the
  3CL-DPE method):
  q_x = V·n50·e / (1 + (f/e)·((q_sup − q_exh)/(V·n50))²).
* Heat recovery of balanced systems folded into an effective flow
  q·(1 − η) (ISO 13790:2008, 9.3.3 b_ve factor).

Examples
--------
A 200 m³ old brick house with n50 = 10 h⁻¹, several exposed façades,
moderate shielding, natural ventilation: q_x = 200·10·0.07 = 140 m³/h,
H_inf = 140/3 = 46.7 W/K.

>>> round(float(infiltration_flow(10.0, 200.0)), 1)
140.0
>>> round(float(ventilation_conductance(140.0)), 2)
46.67
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from pydantic import Field, model_validator

from ._base import RehabModel
from .units import quantity_type

__all__ = [
    "DEFAULT_N50",
    "EXTRACT_SYSTEMS",
    "FAN_POWER_W_PER_M3H",
    "RHO_C_AIR",
    "SHIELDING",
    "Ventilation",
    "effective_flow",
    "fan_electricity_kwh",
    "infiltration_flow",
    "ventilation_conductance",
]

#: Volumetric heat capacity of air ρ_a·c_a [J/(m³·K)], ISO 13789:2017 8.2.
RHO_C_AIR = 1200.0

#: Shielding coefficients (e, f) by shielding class and exposure,
#: EN ISO 13789:2007 Annex C Table C.1 (= EN 832:1998 Table E.1).
SHIELDING = {
    ("none", "several"): (0.10, 15.0),
    ("moderate", "several"): (0.07, 15.0),
    ("heavy", "several"): (0.04, 15.0),
    ("none", "one"): (0.03, 20.0),
    ("moderate", "one"): (0.02, 20.0),
    ("heavy", "one"): (0.01, 20.0),
}

#: Default n50 of an unrenovated old brick house [1/h]: 10, the middle of
#: the 8–15 h⁻¹ range of ../shared/reference/mining-houses.md (assumption,
#: 2026-11-28; vary it in uncertainty runs).
DEFAULT_N50 = 10.0

#: Conventional mechanical/natural ventilation flows per m² of living area
#: [m³/(h·m²)] used when the flow is not given: 3CL-DPE 2021 (arrêté of
#: 31 March 2021, annex 1, §4 "Qvarep_conv", p. 40) for recent installations:
#: natural ventilation by ducts 2.23, window airing 1.2, constant extract
#: ("autoréglable") 1.32, humidity-controlled extract (hygro B) 1.09,
#: balanced 0.26 per side *after* heat recovery in 3CL — rehab uses the
#: supply flow before recovery, 1.0 m³/(h·m²), an assumption matching the
#: French 1982 minimum flows of a 4-room dwelling (~90 m³/h for 90 m²).
DEFAULT_FLOW_PER_M2 = {
    "natural": 2.23,
    "window": 1.2,
    "extract": 1.32,
    "extract_hygro": 1.09,
    "balanced": 1.0,
}


#: Systems whose extract flow is not matched by a supply flow, which reduces
#: the wind-driven infiltration (the imbalance term of :func:`infiltration_flow`):
#: 3CL-DPE 2021 (arrêté of 31 March 2021, annex 1, §4, table of conventional
#: flows p. 40) gives natural ventilation by ducts Qvarep_conv 2.23 and
#: Qvasouf_conv 0, mechanical extract Qvasouf_conv 0, while window airing is
#: balanced (1.2 / 1.2) and balanced systems supply what they extract.
EXTRACT_SYSTEMS = ("natural", "extract", "extract_hygro", "balanced")


def ventilation_conductance(flow: ArrayLike) -> np.ndarray:
    """Ventilation heat-transfer coefficient H_ve = ρ_a·c_a·q [W/K].

    ISO 13789:2017, 8.2, eq. (10).

    Parameters
    ----------
    flow : array_like
        Air flow q [m³/h].

    Returns
    -------
    numpy.ndarray
        H_ve [W/K].

    Examples
    --------
    >>> float(ventilation_conductance(90.0))
    30.0
    """
    return RHO_C_AIR * np.asarray(flow, dtype=float) / 3600.0


def infiltration_flow(
    n50: ArrayLike,
    volume: ArrayLike,
    shielding: str = "moderate",
    exposure: str = "several",
    supply_flow: ArrayLike = 0.0,
    extract_flow: ArrayLike = 0.0,
) -> np.ndarray:
    """Infiltration air flow from the airtightness n50 [m³/h].

    EN ISO 13789:2007, Annex C, eq. (C.1) (as in EN 832:1998):
    q_x = V·n50·e / (1 + (f/e)·((q_sup − q_exh)/(V·n50))²).

    Parameters
    ----------
    n50 : array_like
        Air changes at 50 Pa [1/h].
    volume : array_like
        Internal air volume V [m³].
    shielding : {"none", "moderate", "heavy"}
        Wind shielding class.
    exposure : {"several", "one"}
        Number of exposed façades (a mid-terrace coron has two: "several").
    supply_flow, extract_flow : array_like
        Mechanical supply and extract flows [m³/h]; an imbalance
        (extract-only systems) reduces the infiltration.

    Returns
    -------
    numpy.ndarray
        q_x [m³/h].

    Examples
    --------
    Extract-only 90 m³/h in the 200 m³ house of the module example: the
    imbalance ratio is −90/2000 = −0.045, so q_x = 140/(1 + (15/0.07)·0.045²)
    = 140/1.434:

    >>> round(float(infiltration_flow(10.0, 200.0, extract_flow=90.0)), 1)
    97.6
    """
    try:
        e, f = SHIELDING[(shielding, exposure)]
    except KeyError:
        raise ValueError(
            f"shielding/exposure {shielding!r}/{exposure!r}: allowed shielding none, moderate, heavy "
            "and exposure one, several"
        ) from None
    vn = np.asarray(n50, dtype=float) * np.asarray(volume, dtype=float)
    imbalance = np.asarray(supply_flow, float) - np.asarray(extract_flow, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(vn > 0, imbalance / vn, 0.0)
    return vn * e / (1.0 + (f / e) * ratio**2)


def effective_flow(
    infiltration: ArrayLike, system_flow: ArrayLike, heat_recovery: ArrayLike = 0.0
) -> np.ndarray:
    """Air flow equivalent to the heat loss, q_inf + q_sys·(1 − η) [m³/h].

    ISO 13790:2008, 9.3.3: the supply air of a heat-recovery unit enters at
    θ_sup = θ_e + η·(θ_i − θ_e), equivalent to a flow reduced by (1 − η).

    Examples
    --------
    >>> float(effective_flow(30.0, 100.0, 0.8))
    50.0
    """
    return np.asarray(infiltration, float) + np.asarray(system_flow, float) * (
        1.0 - np.asarray(heat_recovery, float)
    )


class Ventilation(RehabModel):
    """Ventilation system and airtightness of a dwelling.

    Parameters
    ----------
    system : {"natural", "window", "extract", "extract_hygro", "balanced"}
        Natural (stack ducts / vents), window airing only, constant
        mechanical extract (VMC autoréglable), humidity-controlled extract
        (VMC hygro B), balanced with heat recovery (double flux).
    flow : float or str, optional
        Ventilation flow of the system [m³/h]; default from
        ``DEFAULT_FLOW_PER_M2`` × living area.
    heat_recovery : float
        Heat-recovery efficiency η [-] (balanced systems only), 0–0.95.
    n50 : float or str
        Air changes at 50 Pa [1/h]; default 10 (old brick house, assumption).
    shielding : {"none", "moderate", "heavy"}
    exposure : {"several", "one"}
    h_ventilation, h_infiltration : float, optional
        Declared heat-transfer coefficients [W/K] (e.g. a DPE's hvent and
        hperm); when given they replace the computed values.
    """

    system: Literal["natural", "window", "extract", "extract_hygro", "balanced"] = "natural"
    flow: quantity_type("m**3/h", ge=0, le=1e5, description="ventilation flow") | None = None
    heat_recovery: float = Field(0.0, ge=0.0, le=0.95)
    n50: quantity_type("1/h", ge=0, le=60, description="air changes at 50 Pa") = DEFAULT_N50
    shielding: Literal["none", "moderate", "heavy"] = "moderate"
    exposure: Literal["several", "one"] = "several"
    h_ventilation: quantity_type("W/K", ge=0, le=1e5, description="declared H_vent") | None = None
    h_infiltration: quantity_type("W/K", ge=0, le=1e5, description="declared H_inf") | None = None

    @model_validator(mode="after")
    def _check(self) -> Ventilation:
        if self.heat_recovery > 0 and self.system != "balanced":
            raise ValueError(
                f"heat_recovery = {self.heat_recovery} needs system 'balanced' (got {self.system!r})"
            )
        return self

    def system_flow(self, floor_area: float) -> float:
        """Ventilation flow of the system [m³/h]."""
        if self.flow is not None:
            return self.flow
        return DEFAULT_FLOW_PER_M2[self.system] * floor_area

    def conductances(self, floor_area: float, volume: float) -> tuple[float, float]:
        """(H_ventilation, H_infiltration) [W/K], heat recovery included.

        Parameters
        ----------
        floor_area : float
            Living area [m²] (for the default flow).
        volume : float
            Heated air volume [m³] (for infiltration).
        """
        q_sys = self.system_flow(floor_area)
        if self.h_ventilation is not None:
            h_vent = self.h_ventilation
        else:
            h_vent = float(ventilation_conductance(q_sys * (1.0 - self.heat_recovery)))
        if self.h_infiltration is not None:
            h_inf = self.h_infiltration
        else:
            supply = q_sys if self.system == "balanced" else 0.0
            extract = q_sys if self.system in EXTRACT_SYSTEMS else 0.0
            q_inf = infiltration_flow(self.n50, volume, self.shielding, self.exposure, supply, extract)
            h_inf = float(ventilation_conductance(q_inf))
        return h_vent, h_inf


#: Specific fan power by ventilation system [W per m³/h of system flow]:
#: 0.25 for extract units (one fan), 0.5 for balanced units (two fans);
#: typical of current EC-fan residential units (assumption, 2026-11-28).
FAN_POWER_W_PER_M3H = {
    "natural": 0.0,
    "window": 0.0,
    "extract": 0.25,
    "extract_hygro": 0.25,
    "balanced": 0.5,
}


def fan_electricity_kwh(system: Any, flow: ArrayLike) -> np.ndarray:
    """Yearly electricity of ventilation fans running all year [kWh/yr]:
    :data:`FAN_POWER_W_PER_M3H` × system flow × 8,760 h.

    Parameters
    ----------
    system : str or array_like of str
        Ventilation system(s).
    flow : array_like
        System flow [m³/h].

    Examples
    --------
    >>> fan_electricity_kwh(["extract", "balanced", "natural"], [100.0, 100.0, 150.0]).tolist()
    [219.0, 438.0, 0.0]
    """
    sys_ = np.atleast_1d(np.asarray(system, dtype=object))
    sfp = np.array([FAN_POWER_W_PER_M3H.get(s, 0.0) for s in sys_], dtype=float)
    return sfp * np.asarray(flow, dtype=float) * 8760.0 / 1000.0
