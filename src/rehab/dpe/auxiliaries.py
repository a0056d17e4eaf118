"""Auxiliary electricity of a DPE record's heating and DHW generators (3CL-DPE 2021 §15).

* §15.1 generation: gas and fuel-oil boilers draw ``Paux = G + H·Pn``
  [W] (G = 20 W, H = 1.6 W/kW, Pn in kW) while they run; the running time
  is the generator's need over its nominal power:
  ``Caux_g = Paux·B_gen/Pn`` [kWh] (B_gen [kWh], Pn [W]);
* §15.2 distribution: each hydronic installation has a circulator of power
  ``Pcirc = max(30, 6.44·(ΔPem·Qv/f)^0.676·f)`` [W], f = max(1, Sh/400),
  running the conventional heating hours: ``Caux_d = Pcirc·Nref19/1000``
  [kWh]; the network's pressure loss ``ΔPem = 0.15·Lem + ΔPem,nom`` [kPa]
  with ``Lem = 5·Fcot·(Nniv + (Sh/Nniv)^0.5)`` [m], the flow
  ``Qv = Pnc·ratio/(1.163·ΔT)`` [m³/h] from the design power
  ``Pnc = GV·(20 − Tbase)/1000`` [kW] (ΔT 15 K for high-temperature
  distribution, else 7.5 K); ΔPem,nom 15 kPa and Fcot 0.156 for floor or
  ceiling heating, else ΔPem,nom 35 kPa and Fcot 0.802 (radiators, the
  unfavourable case);
* §15.3 ventilation fans: as declared by the ventilation element.

Sources: arrêté du 31 mars 2021, annexe 1 (méthode 3CL-DPE 2021), §15; the
base temperatures Tbase (−9.5/−11.5/−13.5 °C in H1, −6.5/−8.5/−10.5 in
H2, −3.5/−5.5/−7.5 in H3 below 400 m / 400–800 m / above 800 m) are those
of the same annexe as transcribed in Open3CL/engine ``utils.js`` (checked
2026-12-06).

Examples
--------
>>> round(generation_power_w(24000.0), 1)
58.4
>>> round(circulator_power_w(gv=209.17, area=90.0, levels=1, tbase=-9.5,
...                          emitter_code=30, high_temperature=True), 1)
36.2
"""

from __future__ import annotations

import numpy as np

__all__ = ["TBASE", "circulator_power_w", "emitter_pressure_loss", "generation_power_w"]

#: enum_type_emission_distribution_id of floor/ceiling heating, of single-pipe
#: radiators and of the other low-loss emitters (3CL §15.2.1: ΔPem,nom 15, 30
#: and 10 kPa; every other emitter 35 kPa).
_FLOOR = frozenset({6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 43, 44})
_MONOTUBE = frozenset(range(24, 32))
_LOW = frozenset({10, 19, 32, 33, 34, 35, 36, 37, 38, 39, 45})


def emitter_pressure_loss(code: int, several: bool = False) -> tuple[float, float]:
    """(ΔPem,nom [kPa], Fcot [-]) of an emitter type (3CL §15.2.1).

    ``several``: several emitter types on the installation, Fcot of the
    unfavourable case (0.802).

    Examples
    --------
    >>> emitter_pressure_loss(6), emitter_pressure_loss(30)
    ((15.0, 0.156), (30.0, 0.802))
    """
    dp, fcot = 35.0, 0.802
    if code in _FLOOR:
        dp, fcot = 15.0, 0.156
    elif code in _MONOTUBE:
        dp = 30.0
    elif code in _LOW:
        dp = 10.0
    return dp, 0.802 if several else fcot

#: Base outdoor temperature [°C] by altitude class and zone group (3CL-DPE 2021).
TBASE = {
    "below_400": {"H1": -9.5, "H2": -6.5, "H3": -3.5},
    "400_800": {"H1": -11.5, "H2": -8.5, "H3": -5.5},
    "above_800": {"H1": -13.5, "H2": -10.5, "H3": -7.5},
}


def generation_power_w(pn_w: float, g: float = 20.0, h: float = 1.6) -> float:
    """Auxiliary power of a gas or fuel-oil boiler Paux = G + H·Pn (3CL §15.1) [W].

    Parameters
    ----------
    pn_w : float
        Nominal power Pn [W].
    g, h : float
        [W] and [W/kW] (20 and 1.6 for boilers).
    """
    return g + h * pn_w / 1000.0


def circulator_power_w(
    gv: float,
    area: float,
    levels: int,
    tbase: float,
    emitter_code: int,
    high_temperature: bool,
    ratio: float = 1.0,
    several_emitters: bool = False,
) -> float:
    """Heating circulator power Pcirc (3CL §15.2.1) [W].

    Parameters
    ----------
    gv : float
        Heat-loss coefficient [W/K].
    area : float
        Living area Sh [m²].
    levels : int
        Levels served by the installation.
    tbase : float
        Base outdoor temperature [°C].
    emitter_code : int
        ``enum_type_emission_distribution_id`` of the first emitter (see
        :func:`emitter_pressure_loss`).
    high_temperature : bool
        High-temperature distribution (ΔT 15 K instead of 7.5 K).
    ratio : float
        Share of the living area the installation heats [-].
    several_emitters : bool
        The installation has several emitters.
    """
    dp_nom, fcot = emitter_pressure_loss(emitter_code, several_emitters)
    n = max(1, int(levels))
    lem = 5.0 * fcot * (n + (area / n) ** 0.5)
    dp = 0.15 * lem + dp_nom
    dt = 15.0 if high_temperature else 7.5
    pnc = gv * (20.0 - tbase) / 1000.0
    qv = pnc * ratio / (1.163 * dt)
    f = max(1.0, area / 400.0)
    return float(max(30.0, 6.44 * np.power(dp * qv / f, 0.676) * f))
