"""Monthly heating and cooling needs: the quasi-steady-state method of ISO 13790:2008.

Vectorised numpy over the house axis (arrays of shape (n, 12)); no compiled
code. Same inputs as the hourly engine: a
:class:`~rehab.demand.zones.ThermalZones` batch and a
:class:`~rehab.demand.zones.MonthlyClimate` (usually
``ZoneClimate.monthly()``, so that both engines see the same monthly mean
temperatures, irradiances, set-points and gain profiles).

Method (ISO 13790:2008)
-----------------------
For each month of length t:

* Heat transfer at the heating set-point θ_int,H (§7.2.1.1, §8, §9):
  Q_H,ht = [(H_tr,op + H_tr,w + H_ve)(θ_int,H − θ_e) + H_tr,gr(θ_int,H − θ_gr)]·t.
* Gains (§10, §11): Q_gn = Q_int + Q_sol with
  Q_int = Φ_int·(mean profile)·t and
  Q_sol = [Σ_k A_sol,k·I_k − h_sky(θ_e − θ_sky)]·t (11.3.2, 11.3.5).
* Gain utilisation for heating (12.2.1.1): γ_H = Q_gn/Q_H,ht,
  η_H,gn = (1 − γ_H^a_H)/(1 − γ_H^(a_H+1)) (a_H/(a_H + 1) when γ_H = 1),
  a_H = a_H,0 + τ/τ_H,0 with a_H,0 = 1 and τ_H,0 = 15 h (monthly method);
  Q_H,nd = Q_H,ht − η_H,gn·Q_gn (§7.2.1.1), never below zero.
* Loss utilisation for cooling (12.2.1.2): γ_C = Q_gn/Q_C,ht at the cooling
  set-point, η_C,ls = (1 − γ_C^−a_C)/(1 − γ_C^−(a_C+1)) (a_C/(a_C + 1) when
  γ_C = 1; 1 when Q_C,ht ≤ 0), a_C = 1 + τ/15 h;
  Q_C,nd = Q_gn − η_C,ls·Q_C,ht (§7.2.1.2), never below zero.
* Time constant (12.2.1.3): τ = (C_m/3600)/(H_tr + H_ve) [h].

Set-points and intermittency (§13)
----------------------------------
The monthly set-point is the mean of the hourly set-point over the hours
where the system is on (finite set-point). Where heating is on every hour
(constant set-point or a finite night set-back), that time-average is used
directly: exact for a constant set-point; for a set-back it slightly
under-estimates the need of a heavy house, whose temperature does not fall
to the set-back value at once. Where heating is switched off part of the
time (−inf set-point), the continuous need at the on-hours set-point is
multiplied by the reduction factor of ISO 13790:2008, 13.2.2:
a_H,red = 1 − b_H,red·(τ_H,0/τ)·γ_H·(1 − f_H,hr), b_H,red = 3, bounded to
[f_H,hr, 1], with f_H,hr the fraction of hours with heating on. For cooling
switched off part of the time, the same form is used with the roles of gains
and losses swapped (λ_C = 1/γ_C in place of γ_H): an assumption of rehab,
symmetric to the heating rule.

Examples
--------
No gains, constant 0 °C outside, 20 °C inside, H = 100 W/K: the need is
H·ΔT·t.

>>> import numpy as np
>>> from rehab.demand.zones import ThermalZones, MonthlyClimate
>>> z = ThermalZones.from_arrays(h_tr_op=60.0, h_tr_w=20.0, h_ve=20.0,
...                              c_m=165_000.0 * 50, a_floor=50.0)
>>> m = MonthlyClimate.from_arrays(theta_e=[0.0] * 12, theta_h_set=20.0)
>>> r = simulate_monthly(z, m)
>>> round(float(r.heating_need_kwh[0]), 1), round(100 * 20 * 8760 / 1000, 1)
(17520.0, 17520.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from .zones import MonthlyClimate, ThermalZones, ZoneClimate, _check_indices

__all__ = [
    "A_0",
    "B_RED",
    "TAU_0",
    "MonthlyResult",
    "gain_utilisation_factor",
    "loss_utilisation_factor",
    "numerical_parameter_a",
    "simulate_monthly",
]

#: Reference numerical parameter a_H,0 = a_C,0 = 1.0 of the monthly method
#: (ISO 13790:2008, 12.2.1.1 and 12.2.1.2). [-]
A_0 = 1.0
#: Reference time constant τ_H,0 = τ_C,0 = 15 h of the monthly method
#: (ISO 13790:2008, 12.2.1.1 and 12.2.1.2). [h]
TAU_0 = 15.0
#: Empirical correlation factor b_H,red = 3 of the intermittency reduction
#: (ISO 13790:2008, 13.2.2). [-]
B_RED = 3.0


def numerical_parameter_a(tau: np.ndarray, a_0: float = A_0, tau_0: float = TAU_0) -> np.ndarray:
    """Numerical parameter a = a_0 + τ/τ_0 (ISO 13790:2008, 12.2.1.1 and 12.2.1.2).

    Parameters
    ----------
    tau : array_like
        Time constant of the zone [h].
    a_0 : float, default 1.0
        Reference numerical parameter [-].
    tau_0 : float, default 15
        Reference time constant [h].

    Returns
    -------
    numpy.ndarray
        a [-].

    Examples
    --------
    >>> float(numerical_parameter_a(45.0))
    4.0
    """
    return a_0 + np.asarray(tau, dtype=np.float64) / tau_0


def gain_utilisation_factor(gamma: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Gain utilisation factor for heating η_H,gn (ISO 13790:2008, 12.2.1.1).

    η = (1 − γ^a)/(1 − γ^(a+1)) for γ > 0, γ ≠ 1; a/(a + 1) for γ = 1;
    1 for γ ≤ 0 (no useful gain to discount).

    Parameters
    ----------
    gamma : array_like
        Heat-balance ratio γ_H = Q_H,gn/Q_H,ht [-].
    a : array_like
        Numerical parameter a_H [-].

    Returns
    -------
    numpy.ndarray
        η_H,gn [-], in (0, 1].

    Examples
    --------
    >>> gain_utilisation_factor(np.array([0.5, 1.0, 2.0]), 3.0).round(4).tolist()
    [0.9333, 0.75, 0.4667]
    """
    g = np.asarray(gamma, dtype=np.float64)
    a = np.broadcast_to(np.asarray(a, dtype=np.float64), g.shape)
    out = np.ones_like(g)
    pos = g > 0
    near1 = np.abs(g - 1.0) < 1e-9
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        gp = np.where(pos & ~near1, g, 0.5)
        eta = (1.0 - gp**a) / (1.0 - gp ** (a + 1.0))
        # very large γ: γ^a overflows; η → 1/γ
        eta = np.where(np.isfinite(eta), eta, 1.0 / gp)
    out = np.where(pos & ~near1, eta, out)
    out = np.where(near1, a / (a + 1.0), out)
    return out


def loss_utilisation_factor(gamma: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Loss utilisation factor for cooling η_C,ls (ISO 13790:2008, 12.2.1.2).

    η = (1 − γ^−a)/(1 − γ^−(a+1)) for γ > 0, γ ≠ 1; a/(a + 1) for γ = 1;
    1 for γ ≤ 0 (the transfer is a gain: all of it counts).

    Parameters
    ----------
    gamma : array_like
        Heat-balance ratio γ_C = Q_C,gn/Q_C,ht [-].
    a : array_like
        Numerical parameter a_C [-].

    Returns
    -------
    numpy.ndarray
        η_C,ls [-].

    Examples
    --------
    >>> loss_utilisation_factor(np.array([0.5, 1.0, 2.0]), 3.0).round(4).tolist()
    [0.4667, 0.75, 0.9333]
    """
    g = np.asarray(gamma, dtype=np.float64)
    with np.errstate(divide="ignore"):
        inv = np.where(g > 0, 1.0 / np.where(g > 0, g, 1.0), -1.0)
    return gain_utilisation_factor(inv, a)


@dataclass(frozen=True, eq=False)
class MonthlyResult:
    """Results of :func:`simulate_monthly` for n houses.

    Attributes
    ----------
    heating_need : ndarray (n,)
        Annual heating need Q_H,nd [J].
    cooling_need : ndarray (n,)
        Annual cooling need Q_C,nd [J] (positive).
    heating_need_monthly : ndarray (n, 12)
        Heating need per month [J].
    cooling_need_monthly : ndarray (n, 12)
        Cooling need per month [J].
    heat_transfer_heating : ndarray (n, 12)
        Total heat transfer at the heating set-point Q_H,ht [J].
    heat_transfer_cooling : ndarray (n, 12)
        Total heat transfer at the cooling set-point Q_C,ht [J].
    gains : ndarray (n, 12)
        Internal plus solar gains Q_gn [J] (sky radiation deducted).
    gamma_h, gamma_c : ndarray (n, 12)
        Heat-balance ratios γ_H and γ_C [-] (NaN where the system is off).
    eta_h, eta_c : ndarray (n, 12)
        Gain and loss utilisation factors η_H,gn and η_C,ls [-].
    a_red_h, a_red_c : ndarray (n, 12)
        Intermittency reduction factors [-] (1 for continuous operation).
    tau : ndarray (n,)
        Time constant [h].
    """

    heating_need: np.ndarray
    cooling_need: np.ndarray
    heating_need_monthly: np.ndarray
    cooling_need_monthly: np.ndarray
    heat_transfer_heating: np.ndarray
    heat_transfer_cooling: np.ndarray
    gains: np.ndarray
    gamma_h: np.ndarray
    gamma_c: np.ndarray
    eta_h: np.ndarray
    eta_c: np.ndarray
    a_red_h: np.ndarray
    a_red_c: np.ndarray
    tau: np.ndarray

    @property
    def heating_need_kwh(self) -> np.ndarray:
        """Annual heating need [kWh] (n,)."""
        return self.heating_need / 3.6e6

    @property
    def cooling_need_kwh(self) -> np.ndarray:
        """Annual cooling need [kWh] (n,)."""
        return self.cooling_need / 3.6e6

    def __len__(self) -> int:
        return int(self.heating_need.shape[0])


def simulate_monthly(
    zones: ThermalZones,
    climate: MonthlyClimate | ZoneClimate,
    *,
    b_red: float = B_RED,
    wall_cache: Any = None,
) -> MonthlyResult:
    """Monthly heating and cooling needs of a batch (ISO 13790:2008, §7.2.1, §12, §13).

    Parameters
    ----------
    zones : ThermalZones
        The houses (n of them). Only the steady-state coefficients, C_m and
        the gains are used (A_m, A_t do not enter the monthly method).
    climate : MonthlyClimate or ZoneClimate
        Monthly climate; a ZoneClimate is reduced with ``climate.monthly()``.
    b_red : float, default 3
        Correlation factor of the intermittency reduction (13.2.2) [-].
    wall_cache : rehab.demand.solar_gains.WallSumCache, optional
        Monthly sums of the hourly-film walls kept between calls on the same
        irradiance buffer (tables whose rows never change in place).

    Returns
    -------
    MonthlyResult

    Raises
    ------
    InputError
        Indices pointing outside the climate tables.

    Examples
    --------
    Solar gains reduce the need, by less than their amount:

    >>> import numpy as np
    >>> from rehab.demand.zones import ThermalZones, MonthlyClimate
    >>> z = ThermalZones.from_arrays(h_tr_op=150.0, h_tr_w=30.0, h_ve=40.0,
    ...                              c_m=165_000.0 * 80, a_floor=80.0,
    ...                              sol_idx=[0], sol_area=[3.0])
    >>> m = MonthlyClimate.from_arrays(theta_e=[5.0] * 12, irradiance=[[100.0] * 12])
    >>> r = simulate_monthly(z, m)
    >>> no_sun = 220 * 15 * 8760 / 1000
    >>> saving = no_sun - float(r.heating_need_kwh[0])
    >>> 0 < saving < 300 * 8760 / 1000
    True
    """
    if isinstance(climate, ZoneClimate):
        climate.check_zones(zones)
        climate = climate.monthly()
    if not isinstance(climate, MonthlyClimate):
        raise InputError(f"climate: expected a MonthlyClimate, got {type(climate).__name__}")
    if not isinstance(zones, ThermalZones):
        raise InputError(f"zones: expected a ThermalZones batch, got {type(zones).__name__}")
    _check_indices(
        zones,
        climate.irradiance.shape[0],
        climate.theta_h_set.shape[0],
        climate.gain_profiles.shape[0],
    )
    if not (np.isfinite(b_red) and b_red >= 0):
        raise InputError(f"b_red: {b_red!r} must be a finite number ≥ 0")
    n = len(zones)
    t = climate.hours[None, :] * 3600.0  # [s] (1, 12)
    te = climate.theta_e[None, :]
    tg = climate.theta_ground[None, :]
    tsky = climate.theta_sky[None, :]

    h_air = (zones.h_tr_op + zones.h_tr_w + zones.h_ve)[:, None]  # exchanges with θ_e
    h_gr = zones.h_tr_gr[:, None]
    tau = zones.time_constant  # (n,) [h]
    a = numerical_parameter_a(tau)[:, None]

    # gains [J]
    n_rows = climate.irradiance.shape[0]
    irr = np.concatenate([climate.irradiance, np.zeros((1, 12))], axis=0)
    idx = np.where(zones.sol_idx < 0, n_rows, zones.sol_idx)
    phi_sol = (
        np.einsum("nk,nkm->nm", zones.sol_area, irr[idx]) if idx.shape[1] else np.zeros((n, 12))
    )
    if zones.wall_idx.shape[1]:  # walls with the hourly film: the hourly formula averaged
        if climate.hourly is None:
            raise InputError("climate: walls with an hourly outer film (zones.wall_*) need the hourly "
                             "climate; build the monthly one with ZoneClimate.monthly()")
        from .solar_gains import solar_gains_monthly

        phi_sol = phi_sol + solar_gains_monthly(zones, climate.hourly.irradiance, climate.hourly.month,
                                                climate.hours, linear=False, cache=wall_cache)
    phi_sol = phi_sol - zones.h_sky[:, None] * (te - tsky)
    phi_int = zones.phi_int[:, None] * climate.gain_profiles[zones.int_idx]
    q_gn = (phi_int + phi_sol) * t

    # heating
    th = climate.theta_h_set[zones.sched_idx]
    fh = climate.f_h_on[zones.sched_idx]
    on_h = (fh > 0) & np.isfinite(th) & (t > 0)
    th0 = np.where(on_h, th, 0.0)
    q_ht_h = (h_air * (th0 - te) + h_gr * (th0 - tg)) * t
    with np.errstate(divide="ignore", invalid="ignore"):
        gamma_h = np.where(on_h & (q_ht_h > 0), q_gn / np.where(q_ht_h > 0, q_ht_h, 1.0), np.nan)
    eta_h = np.where(np.isfinite(gamma_h), gain_utilisation_factor(np.nan_to_num(gamma_h), a), 1.0)
    q_h_cont = np.where(on_h & (q_ht_h > 0), np.maximum(q_ht_h - eta_h * q_gn, 0.0), 0.0)
    with np.errstate(divide="ignore"):
        ratio = np.where(tau > 0, TAU_0 / np.where(tau > 0, tau, 1.0), np.inf)[:, None]
    red_h = 1.0 - b_red * ratio * np.nan_to_num(gamma_h) * (1.0 - fh)
    red_h = np.where(fh >= 1.0, 1.0, np.clip(red_h, fh, 1.0))
    q_h = q_h_cont * red_h

    # cooling
    tc = climate.theta_c_set[zones.sched_idx]
    fc = climate.f_c_on[zones.sched_idx]
    on_c = (fc > 0) & np.isfinite(tc) & (t > 0)
    tc0 = np.where(on_c, tc, 0.0)
    q_ht_c = (h_air * (tc0 - te) + h_gr * (tc0 - tg)) * t
    with np.errstate(divide="ignore", invalid="ignore"):
        gamma_c = np.where(on_c & (q_ht_c > 0), q_gn / np.where(q_ht_c > 0, q_ht_c, 1.0), np.nan)
    eta_c = np.where(
        on_c & (q_ht_c > 0) & (q_gn > 0),
        loss_utilisation_factor(np.nan_to_num(gamma_c, nan=-1.0), a),
        1.0,
    )
    q_c_cont = np.where(on_c, np.maximum(q_gn - eta_c * q_ht_c, 0.0), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam_c = np.where(np.isfinite(gamma_c) & (gamma_c > 0), 1.0 / gamma_c, 0.0)
    red_c = 1.0 - b_red * ratio * lam_c * (1.0 - fc)
    red_c = np.where(fc >= 1.0, 1.0, np.clip(red_c, fc, 1.0))
    q_c = q_c_cont * red_c

    return MonthlyResult(
        heating_need=q_h.sum(axis=1),
        cooling_need=q_c.sum(axis=1),
        heating_need_monthly=q_h,
        cooling_need_monthly=q_c,
        heat_transfer_heating=np.where(on_h, q_ht_h, 0.0),
        heat_transfer_cooling=np.where(on_c, q_ht_c, 0.0),
        gains=q_gn,
        gamma_h=gamma_h,
        gamma_c=gamma_c,
        eta_h=eta_h,
        eta_c=eta_c,
        a_red_h=np.where(on_h, red_h, 1.0),
        a_red_c=np.where(on_c, red_c, 1.0),
        tau=tau,
    )
