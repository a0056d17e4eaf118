"""What an exported zone breathes and receives: infiltration and ventilation as air flows,
the 3CL-DPE conventional internal gains and set-point (see :mod:`rehab.energyplus.export`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..house import House


#: Radiant part of internal gains [-]: ISO 13790:2008 Annex C, eq. C.1
#: gives half of Φ_int to the air node, so half radiant keeps the two
#: engines comparable.
GAIN_RADIANT_FRACTION = 0.5
#: Conventional heating set-point [°C] of the 3CL-DPE 2021 method (arrêté
#: of 31 March 2021, §6: 19 °C).
HEATING_SETPOINT = 19.0


def _infiltration_and_ventilation(house: House, rho_c: float | None = None) -> tuple[float, float, float]:
    """(q_inf + q_natural [m³/h], q_balanced [m³/h], heat recovery η).

    A declared conductance H [W/K] becomes the flow that carries it with air of
    ``rho_c`` [J/(m³·K)] (the site's mean outdoor ρ·c_p, since EnergyPlus
    weighs infiltration with the outdoor density; default 1200).
    """
    from ..ventilation import EXTRACT_SYSTEMS, infiltration_flow
    from ..ventilation import RHO_C_AIR as _RC

    RHO_C_AIR = _RC if rho_c is None else rho_c

    v = house.ventilation
    q_sys = v.system_flow(house.floor_area)
    if v.h_ventilation is not None:
        # declared H_vent (heat recovery already folded in): an equivalent flow
        q_vent, balanced, eta = v.h_ventilation * 3600.0 / RHO_C_AIR, 0.0, 0.0
    elif v.system == "balanced":
        q_vent, balanced, eta = 0.0, q_sys, v.heat_recovery
    else:
        q_vent, balanced, eta = q_sys, 0.0, 0.0
    if v.h_infiltration is not None:
        q_inf = v.h_infiltration * 3600.0 / RHO_C_AIR
    else:
        supply = q_sys if v.system == "balanced" else 0.0
        extract = q_sys if v.system in EXTRACT_SYSTEMS else 0.0
        q_inf = float(
            infiltration_flow(v.n50, house.volume, v.shielding, v.exposure, supply, extract)
        )
    return q_inf + q_vent, balanced, eta


def _default_gains(house: House) -> float:
    from ..threecl import adult_equivalents

    nadeq = float(adult_equivalents(house.floor_area, "house"))
    return (3.18 + 0.34) * house.floor_area + 90.0 * (132.0 / 168.0) * nadeq
