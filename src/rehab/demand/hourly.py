"""Hourly heating and cooling needs: the 5R1C model of ISO 13790:2008 Annex C.

One compiled kernel (numba, cached to disk, parallel over blocks of houses)
runs a whole batch of :class:`~rehab.demand.zones.ThermalZones` through a
:class:`~rehab.demand.zones.ZoneClimate`, hour by hour. No Python loop runs
per hour or per house.

The model (ISO 13790:2008, 7.2.2 and Annex C)
----------------------------------------------
Nodes: air θ_air, central (surface) θ_s, mass θ_m; conductances
H_ve (air–outdoor), H_tr,is = h_is·A_t (air–surface, h_is = 3.45 W/(m²·K),
7.2.2.2, eq. 9), H_tr,w (surface–outdoor), H_tr,ms = h_ms·A_m (surface–mass,
h_ms = 9.1 W/(m²·K), 12.2.2, eq. 64), H_tr,em = 1/(1/H_tr,op − 1/H_tr,ms)
(mass–outdoor, 12.2.2, eq. 63); capacity C_m on the mass node.

* Heat-flow split (C.2, eqs. C.1–C.3): Φ_ia = 0.5·Φ_int to the air node,
  Φ_m = (A_m/A_t)(0.5·Φ_int + Φ_sol) to the mass node and
  Φ_st = (1 − A_m/A_t − H_tr,w/(9.1·A_t))(0.5·Φ_int + Φ_sol) to the surface
  node.
* Node temperatures (C.3, eqs. C.4–C.11): Crank–Nicolson step of the mass
  node, θ_m,t = [θ_m,t−1((C_m/3600) − 0.5(H_tr,3 + H_tr,em)) + Φ_mtot] /
  [(C_m/3600) + 0.5(H_tr,3 + H_tr,em)] (eq. C.4), with Φ_mtot (eq. C.5) and
  H_tr,1, H_tr,2, H_tr,3 (eqs. C.6–C.8); θ_m = (θ_m,t + θ_m,t−1)/2 (eq. C.9),
  θ_s (eq. C.10), θ_air (eq. C.11) and θ_op = 0.3·θ_air + 0.7·θ_s (eq. C.12).
  The supply air is at the outdoor temperature (heat recovery is folded into
  H_ve by the caller).
* Ideal heating and cooling (C.4.2): step 1, free-floating temperature
  θ_air,0 with Φ_HC = 0; if it lies between the heating and cooling
  set-points, no need. Step 2: the zone is probed with
  Φ_HC,nd10 = 10 W/m²·A_f and the unrestricted need is
  Φ_HC,nd,un = Φ_HC,nd10·(θ_air,set − θ_air,0)/(θ_air,10 − θ_air,0)
  (eq. C.13). Step 3/4: if it exceeds the power limit, Φ_HC is the limit and
  the temperatures follow from it. Because eqs. C.4–C.11 are linear in
  Φ_HC, θ_air,10 − θ_air,0 is the same every hour: it is computed once per
  house (:func:`probe_response`) and every hour only evaluates the free
  float, eq. C.13, the clip and the linear update — the same numbers as
  re-running the network with the probe, at a third of the cost.

Extensions (documented choices)
-------------------------------
* Ground: H_tr,gr joins H_tr,op on the mass branch; the mass branch then sees
  the conductance-weighted mean of θ_e and θ_ground.
* Sky radiation: Φ_r = h_sky·(θ_e − θ_sky) is subtracted from Φ_sol
  (ISO 13790:2008, 11.3.2 and 11.3.5).
* Warm-up: the kernel first runs the last ``warmup_hours`` hours of the
  climate (default 336 h, two weeks; the climate is taken as a cycle) from
  θ_m = ``theta_m_init`` and discards them.
* Overheating hours count every simulated hour (occupied or not) whose
  operative temperature θ_op exceeds 26 °C and 28 °C (by more than 1e-6 K).

Performance
-----------
The houses are processed in blocks of 16 (``_kernel``, one serial compiled
function over a range of blocks, without the GIL): inside a block the loop
runs over hours and, inside an hour, over the houses of the block, on a
private work array with compile-time offsets so that LLVM vectorises the
house loop (AVX2/AVX-512); table indices are unsigned inside the kernel (no
negative-index wrap-around code in the gathers). ``_run_kernel`` spreads the ranges over ``numba.get_num_threads()``
threads (a parallel numba function would cost about 3.5 s more to compile
on a fresh install). Fast-math is restricted to flags that keep ±inf semantics
(``_FASTMATH``). Before its hour loop a block forms each house's hourly solar
gains (:func:`rehab.demand.solar_gains.house_series`, two slots per pass over
the hours), compiled into this kernel: numba's disk cache does not see a
change to that function, so editing it calls for a change here too (or an
emptied ``__pycache__``).

Examples
--------
A box at 0 °C outside, air held at 20 °C, no gains, no sun. In steady state
the air loses H_ve·ΔT by ventilation and H_tr,is·H_tr/(H_tr,is + H_tr)·ΔT
through the surface node (H_tr = H_tr,op + H_tr,w, H_tr,is = 3.45·4.5·A_f):

>>> import numpy as np
>>> from rehab.demand.zones import ThermalZones, ZoneClimate
>>> from rehab.demand.hourly import simulate_hourly
>>> z = ThermalZones.from_arrays(h_tr_op=60.0, h_tr_w=20.0, h_ve=20.0,
...                              c_m=165_000.0 * 50, a_floor=50.0)
>>> c = ZoneClimate.from_arrays(theta_e=np.zeros(8760),
...                             month=np.repeat(np.arange(1, 13), 730),
...                             theta_h_set=20.0)
>>> r = simulate_hourly(z, c, setpoint_on="air")
>>> h_is = 3.45 * 4.5 * 50.0
>>> q = (20.0 + h_is * 80.0 / (h_is + 80.0)) * 20.0 * 8760 / 1000
>>> round(float(r.heating_need_kwh[0]), 1), round(q, 1)
(16210.5, 16210.5)
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np

from .. import _warmup
from ..errors import InputError
from .solar_gains import house_series
from .zones import H_MS, ThermalZones, ZoneClimate

__all__ = [
    "H_IS",
    "HourlyResult",
    "network_coefficients",
    "probe_response",
    "simulate_hourly",
]

#: Heat transfer coefficient between the air node and the surface node,
#: h_is = 3.45 W/(m²·K) (ISO 13790:2008, 7.2.2.2, eq. 9). [W/(m²·K)]
H_IS = 3.45

#: Probe power density of the ideal-load search, 10 W/m² of floor
#: (ISO 13790:2008, C.4.2, step 2). [W/m²]
PROBE_W_PER_M2 = 10.0

#: Overheating thresholds of the operative temperature [°C] (issue #3).
THETA_OVERHEAT_1 = 26.0
THETA_OVERHEAT_2 = 28.0

#: Default warm-up length [h] (two weeks of the end of the climate).
WARMUP_HOURS = 336

#: Houses per block of the kernel: the width of the vectorised loop, two AVX-512 vectors of
#: doubles. The hour-to-hour recursion of the mass node is a chain of dependent operations:
#: two independent vectors per hour keep the core busy while one waits (measured on the
#: 17,200 houses of a 2,300 × 8 programme: 16 houses per block 1.6 → 1.2 s CPU against 8,
#: 32 no better; results identical). A short last block copies its last house's solar series.
_BLOCK = 16

#: LLVM fast-math flags of the kernel: re-association, contraction (FMA),
#: reciprocal and signed-zero freedom, but *not* "no-NaN"/"no-inf" (the
#: set-point tables use ±inf). Measured: ~6 % faster than the strict path,
#: annual and monthly needs within 1e-11 relative of it (docs/performance.md;
#: tests/test_demand_hourly.py recompiles the strict path and compares).
_FASTMATH = {"contract", "reassoc", "nsz", "arcp"}

#: Temperatures within this margin of an overheating threshold do not count
#: as above it, so that a zone held at exactly 26 °C by its cooling is not
#: counted on rounding noise. [K]
_OVERHEAT_MARGIN = 1e-6

# Rows of the per-house coefficient matrix (network_coefficients) ---------------
(
    P_A,  # θ_m,t−1 factor of eq. C.4 [-]
    P_B,  # 1/[(C_m/3600) + 0.5(H_tr,3 + H_tr,em)] [K/W]
    P_HEO,  # H_tr,em share of θ_e in Φ_mtot [W/K]
    P_HEG,  # H_tr,em share of θ_ground in Φ_mtot [W/K]
    P_F32,  # H_tr,3/H_tr,2 [-]
    P_PM,  # A_m/A_t [-]
    P_PST,  # 1 − A_m/A_t − H_tr,w/(9.1·A_t) [-]
    P_MSDI,  # 1/(H_tr,ms + H_tr,w + H_tr,1) [K/W]
    P_HMS,  # H_tr,ms [W/K]
    P_HWH1,  # H_tr,w + H_tr,1 [W/K]
    P_FIS,  # H_tr,1/H_ve = H_tr,is/(H_tr,is + H_ve) [-]
    P_HV,  # 1/(H_tr,is + H_ve) [K/W]
    P_HIS,  # H_tr,is [W/K]
    P_HVE,  # H_ve [W/K]
    P_DTM,  # dθ_m,t/dΦ_HC [K/W]
    P_DTS,  # dθ_s/dΦ_HC [K/W]
    P_DTA,  # dθ_air/dΦ_HC [K/W]
    P_KINV,  # 1/(dθ_air/dΦ_HC) [W/K]
    P_PHMAX,  # heating power limit [W]
    P_PCMAX,  # cooling power limit [W]
    P_HSKY,  # sky long-wave coefficient [W/K]
    P_PIA0,  # 0.5·Φ_int (mean) [W]
    N_P,
) = range(23)

# Rows of the kernel's private work array (per block of houses) -----------------
(
    W_A,
    W_B,
    W_HEO,
    W_HEG,
    W_F32,
    W_PM,
    W_PST,
    W_MSDI,
    W_HMS,
    W_HWH1,
    W_FIS,
    W_HV,
    W_HIS,
    W_HVE,
    W_DTM,
    W_DTS,
    W_DTA,
    W_KINV,
    W_PHMAX,
    W_PCMAX,
    W_HSKY,
    W_PIA0,
    W_TM,  # mass temperature θ_m,t−1 (state)
    W_PS,  # Φ_sol − Φ_r this hour
    W_PIA,  # Φ_ia this hour
    W_TH,  # heating set-point this hour
    W_TC,  # cooling set-point this hour
    W_TA,  # θ_air this hour
    W_TOP,  # θ_op this hour
    W_PH,  # Φ_HC this hour
    W_QH,  # heating energy this month [W·h]
    W_QC,  # cooling energy this month [W·h]
    W_PKH,
    W_PKC,
    W_N1,
    W_N2,
    W_MIN,
    W_MAX,
    W_SUM,
    N_W,
) = range(40)


def network_coefficients(zones: ThermalZones) -> np.ndarray:
    """Per-house constants of the 5R1C network, shape (22, n) (rows ``P_*``).

    Parameters
    ----------
    zones : ThermalZones
        The batch.

    Returns
    -------
    numpy.ndarray
        Row ``P_A`` is the θ_m,t−1 factor of ISO 13790:2008 eq. C.4, ``P_B``
        its denominator inverse, ``P_DTA`` the air-temperature response to
        1 W of heating [K/W] (see :func:`probe_response`), etc.

    Examples
    --------
    >>> from rehab.demand.zones import ThermalZones
    >>> z = ThermalZones.from_arrays(h_tr_op=100.0, h_tr_w=20.0, h_ve=30.0,
    ...                              c_m=1e7, a_floor=80.0)
    >>> p = network_coefficients(z)
    >>> p.shape, round(float(p[P_HIS, 0]), 1)
    ((22, 1), 1242.0)
    """
    h_op = zones.h_tr_op + zones.h_tr_gr
    h_ms = H_MS * zones.a_m  # eq. 64
    h_em = h_op * h_ms / (h_ms - h_op)  # eq. 63, safe for h_op = 0
    h_is = H_IS * zones.a_t  # eq. 9
    h_ve = zones.h_ve
    h_w = zones.h_tr_w
    h1 = h_ve * h_is / (h_ve + h_is)  # eq. C.6, safe for H_ve = 0
    h2 = h1 + h_w  # eq. C.7
    h3 = h2 * h_ms / (h2 + h_ms)  # eq. C.8
    f32 = h_ms / (h2 + h_ms)  # H_tr,3/H_tr,2 without 0/0
    cm = zones.c_m / 3600.0
    den = cm + 0.5 * (h3 + h_em)
    with np.errstate(invalid="ignore", divide="ignore"):
        w_op = np.where(h_op > 0, zones.h_tr_op / np.where(h_op > 0, h_op, 1.0), 1.0)
    p = np.empty((N_P, len(zones)))
    p[P_A] = (cm - 0.5 * (h3 + h_em)) / den
    p[P_B] = 1.0 / den
    p[P_HEO] = h_em * w_op
    p[P_HEG] = h_em * (1.0 - w_op)
    p[P_F32] = f32
    p[P_PM] = zones.a_m / zones.a_t
    p[P_PST] = 1.0 - zones.a_m / zones.a_t - h_w / (H_MS * zones.a_t)
    p[P_MSDI] = 1.0 / (h_ms + h_w + h1)
    p[P_HMS] = h_ms
    p[P_HWH1] = h_w + h1
    p[P_FIS] = h_is / (h_is + h_ve)
    p[P_HV] = 1.0 / (h_is + h_ve)
    p[P_HIS] = h_is
    p[P_HVE] = h_ve
    probe = PROBE_W_PER_M2 * zones.a_floor
    d_tm, d_ts, d_ta = probe_response(p, probe)
    p[P_DTM] = d_tm / probe
    p[P_DTS] = d_ts / probe
    p[P_DTA] = d_ta / probe
    p[P_KINV] = 1.0 / p[P_DTA]
    p[P_PHMAX] = zones.phi_h_max
    p[P_PCMAX] = zones.phi_c_max
    p[P_HSKY] = zones.h_sky
    p[P_PIA0] = 0.5 * zones.phi_int  # eq. C.1
    return p


def probe_response(p: np.ndarray, phi_probe: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Temperature rises caused by a heating power alone (ISO 13790:2008, C.4.2, step 2).

    Evaluates eqs. C.4–C.11 with every input at zero except Φ_HC,nd =
    ``phi_probe``: by linearity this is θ_x,10 − θ_x,0 of C.4.2 for every
    hour, the denominator of eq. C.13.

    Parameters
    ----------
    p : numpy.ndarray (22, n)
        Coefficients from :func:`network_coefficients` (rows P_A … P_HVE used).
    phi_probe : float or array_like (n,)
        Probe power [W], normally 10 W/m²·A_f.

    Returns
    -------
    d_theta_m_t, d_theta_s, d_theta_air : numpy.ndarray (n,)
        Rises of the mass (end of step), surface and air temperatures [K].

    Examples
    --------
    No ventilation, no windows, no mass exchange: the air node only couples to
    the surface (H_tr,is), which couples to the mass.

    >>> from rehab.demand.zones import ThermalZones
    >>> z = ThermalZones.from_arrays(h_tr_op=100.0, h_tr_w=0.0, h_ve=50.0, c_m=1e7,
    ...                              a_floor=100.0)
    >>> p = network_coefficients(z)
    >>> dm, ds, da = probe_response(p, 1000.0)
    >>> bool(da[0] > ds[0] > 0)
    True
    """
    phi = np.asarray(phi_probe, dtype=np.float64)
    phi_mtot = p[P_F32] * p[P_FIS] * phi  # eq. C.5 with θ = 0 and gains 0
    d_tm_t = p[P_B] * phi_mtot  # eq. C.4 with θ_m,t−1 = 0
    d_tm = 0.5 * d_tm_t  # eq. C.9
    d_ts = (p[P_HMS] * d_tm + p[P_FIS] * phi) * p[P_MSDI]  # eq. C.10
    d_ta = (p[P_HIS] * d_ts + phi) * p[P_HV]  # eq. C.11
    return d_tm_t, d_ts, d_ta


@nb.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def _kernel(
    b0,
    b1,
    P,
    int_idx,
    sched_idx,
    sol_idx,
    sol_area,
    wall_idx,
    wall_film,
    wall_r,
    wall_area,
    theta_e,
    theta_g,
    theta_sky,
    irr,
    month0,
    th_t,
    tc_t,
    prof_t,
    theta_m_init,
    n_warm,
    w_air,
    q_h,
    q_c,
    pk_h,
    pk_c,
    n_1,
    n_2,
    ta_min,
    ta_max,
    ta_sum,
    want_hourly,
    out_air,
    out_op,
    out_phi,
):
    """Blocks ``b0`` … ``b1 − 1`` of _BLOCK houses each, one after the other, without the GIL
    (:func:`_run_kernel` hands ranges of blocks to threads); block ``c`` holds the houses
    i0 … i0 + _BLOCK − 1, i0 = c·_BLOCK, over all the hours (one compiled function: a
    separate block function linked into this one cost about 1 s more to compile).
    """
    for c in range(b0, b1):
        i0 = c * _BLOCK
        CH = _BLOCK  # compile-time constant: fixed offsets let LLVM vectorise
        n = P.shape[1]
        nh = theta_e.shape[0]
        W = np.zeros(N_W * CH)
        ii = np.empty(CH, dtype=np.uint64)
        sc = np.empty(CH, dtype=np.uint64)
        sol = np.empty(CH * nh)  # Φ_sol of the block's houses, house-major (rehab.demand.solar_gains)
        for j in range(CH):
            i = min(i0 + j, n - 1)  # a short last block repeats the last house
            for r in range(N_P):
                W[r * CH + j] = P[r, i]
            ii[j] = int_idx[i]
            sc[j] = sched_idx[i]
            if j > 0 and i0 + j >= n:  # a short last block: the last house's series again
                for t in range(nh):  # a loop: a slice assignment compiles about 2 s more
                    sol[j * nh + t] = sol[(j - 1) * nh + t]
            else:
                house_series(i, sol_idx, sol_area, wall_idx, wall_film, wall_r, wall_area, irr,
                             sol[j * nh:(j + 1) * nh])
            W[W_TM * CH + j] = theta_m_init
            # controlled temperature w·θ_air + (1 − w)·θ_s: its response to 1 W
            W[W_KINV * CH + j] = 1.0 / (w_air * W[W_DTA * CH + j] + (1.0 - w_air) * W[W_DTS * CH + j])
            W[W_MIN * CH + j] = np.inf
            W[W_MAX * CH + j] = -np.inf
        cur = month0[0]
        for s in range(n_warm + nh):
            t = s - n_warm
            while t < 0:
                t += nh
            rec = 1.0 if s >= n_warm else 0.0
            mo = month0[t]
            if rec > 0.0 and mo != cur:
                for j in range(CH):
                    i = i0 + j
                    if i < n:
                        q_h[i, cur] += W[W_QH * CH + j]
                        q_c[i, cur] += W[W_QC * CH + j]
                    W[W_QH * CH + j] = 0.0
                    W[W_QC * CH + j] = 0.0
                cur = mo
            te = theta_e[t]
            tg = theta_g[t]
            dsky = te - theta_sky[t]
            # gathers (tables shared by the houses)
            for j in range(CH):
                W[W_PS * CH + j] = -W[W_HSKY * CH + j] * dsky + sol[j * nh + t]  # Φ_sol − Φ_r (11.3.5)
                W[W_PIA * CH + j] = W[W_PIA0 * CH + j] * prof_t[t, ii[j]]
                W[W_TH * CH + j] = th_t[t, sc[j]]
                W[W_TC * CH + j] = tc_t[t, sc[j]]
            # the 5R1C step, vectorised over the block
            for j in range(CH):
                pia = W[W_PIA * CH + j]  # eq. C.1
                g = pia + W[W_PS * CH + j]  # 0.5 Φ_int + Φ_sol
                base_s = W[W_PST * CH + j] * g + W[W_HWH1 * CH + j] * te + W[W_FIS * CH + j] * pia
                phi_mtot = (
                    W[W_PM * CH + j] * g
                    + W[W_HEO * CH + j] * te
                    + W[W_HEG * CH + j] * tg
                    + W[W_F32 * CH + j] * base_s
                )  # eq. C.5 (Φ_HC = 0)
                tm_prev = W[W_TM * CH + j]
                tm_t = W[W_A * CH + j] * tm_prev + W[W_B * CH + j] * phi_mtot  # eq. C.4
                ts = (W[W_HMS * CH + j] * 0.5 * (tm_t + tm_prev) + base_s) * W[W_MSDI * CH + j]
                ta = (W[W_HIS * CH + j] * ts + W[W_HVE * CH + j] * te + pia) * W[W_HV * CH + j]
                kinv = W[W_KINV * CH + j]
                tctl = w_air * ta + (1.0 - w_air) * ts  # controlled temperature, free float
                # C.4.2: eq. C.13 towards the violated set-point, then the limits
                ph = max(0.0, (W[W_TH * CH + j] - tctl) * kinv) + min(
                    0.0, (W[W_TC * CH + j] - tctl) * kinv
                )
                ph = max(min(ph, W[W_PHMAX * CH + j]), -W[W_PCMAX * CH + j])
                W[W_TM * CH + j] = tm_t + W[W_DTM * CH + j] * ph
                ts = ts + W[W_DTS * CH + j] * ph
                ta = ta + W[W_DTA * CH + j] * ph
                top = 0.3 * ta + 0.7 * ts  # eq. C.12
                W[W_TA * CH + j] = ta
                W[W_TOP * CH + j] = top
                W[W_PH * CH + j] = ph
                W[W_QH * CH + j] += rec * max(ph, 0.0)
                W[W_QC * CH + j] += rec * max(-ph, 0.0)
                W[W_PKH * CH + j] = max(W[W_PKH * CH + j], rec * ph)
                W[W_PKC * CH + j] = max(W[W_PKC * CH + j], -rec * ph)
                W[W_N1 * CH + j] += rec if top > THETA_OVERHEAT_1 + _OVERHEAT_MARGIN else 0.0
                W[W_N2 * CH + j] += rec if top > THETA_OVERHEAT_2 + _OVERHEAT_MARGIN else 0.0
                W[W_MIN * CH + j] = min(W[W_MIN * CH + j], ta if rec > 0.0 else np.inf)
                W[W_MAX * CH + j] = max(W[W_MAX * CH + j], ta if rec > 0.0 else -np.inf)
                W[W_SUM * CH + j] += rec * ta
            if want_hourly and rec > 0.0:
                for j in range(CH):
                    i = i0 + j
                    if i < n:
                        out_air[i, t] = W[W_TA * CH + j]
                        out_op[i, t] = W[W_TOP * CH + j]
                        out_phi[i, t] = W[W_PH * CH + j]
        for j in range(CH):
            i = i0 + j
            if i < n:
                q_h[i, cur] += W[W_QH * CH + j]
                q_c[i, cur] += W[W_QC * CH + j]
                pk_h[i] = W[W_PKH * CH + j]
                pk_c[i] = W[W_PKC * CH + j]
                n_1[i] = W[W_N1 * CH + j]
                n_2[i] = W[W_N2 * CH + j]
                ta_min[i] = W[W_MIN * CH + j]
                ta_max[i] = W[W_MAX * CH + j]
                ta_sum[i] = W[W_SUM * CH + j]


def _arg(a: Any, dtype: Any) -> np.ndarray:
    """``a`` as a C-contiguous writeable array of ``dtype`` (the same values): the kernel is then
    compiled, and cached on disk, for one signature whatever the caller hands over (a read-only
    or a strided array would otherwise compile it again, about 4 s on a fresh install)."""
    a = np.ascontiguousarray(a, dtype=dtype)
    return a if a.flags.writeable else a.copy()


def _run_kernel(nblock: int, *args: Any) -> None:
    """Run :func:`_kernel` over ``nblock`` blocks on ``numba.get_num_threads()`` threads.

    Each thread takes the next range of blocks as it frees up (the kernel
    releases the GIL; blocks write disjoint rows). Threads rather than
    ``numba.prange``: a parallel numba function costs about 3.5 s more CPU
    to compile on first use (measured 2026-12-06: 4.4 s against 0.9 s), which a
    fresh install pays on its first run, and the two run at the same speed.
    """
    _warmup.wait("hourly")  # a CLI programme compiles the kernel in a child process (rehab._warmup)
    threads = max(1, min(nb.get_num_threads(), nblock))
    if threads == 1:
        _kernel(0, nblock, *args)
        return
    step = max(1, nblock // (threads * 8))  # a few ranges per thread even out the load
    starts = range(0, nblock, step)
    with ThreadPoolExecutor(threads) as pool:
        for f in [pool.submit(_kernel, b, min(b + step, nblock), *args) for b in starts]:
            f.result()


@dataclass(frozen=True, eq=False)
class HourlyResult:
    """Results of :func:`simulate_hourly` for n houses (arrays over the house axis).

    Attributes
    ----------
    heating_need : ndarray (n,)
        Annual (whole-climate) ideal heating need Q_H,nd [J].
    cooling_need : ndarray (n,)
        Annual ideal cooling need Q_C,nd [J], a positive number.
    heating_need_monthly : ndarray (n, 12)
        Heating need per calendar month [J] (January first).
    cooling_need_monthly : ndarray (n, 12)
        Cooling need per calendar month [J].
    peak_heating : ndarray (n,)
        Largest hourly heating power [W].
    peak_cooling : ndarray (n,)
        Largest hourly cooling power [W] (positive).
    hours_above_26 : ndarray (n,)
        Hours with operative temperature above 26 °C [h] (all hours).
    hours_above_28 : ndarray (n,)
        Hours with operative temperature above 28 °C [h] (all hours).
    theta_air_min, theta_air_max, theta_air_mean : ndarray (n,)
        Minimum, maximum and mean hourly air temperature [°C].
    n_hours : int
        Number of simulated hours (after warm-up) [h].
    theta_air : ndarray (n, n_hours) or None
        Hourly air temperature [°C] (only with ``hourly=True``).
    theta_op : ndarray (n, n_hours) or None
        Hourly operative temperature [°C] (only with ``hourly=True``).
    phi_hc : ndarray (n, n_hours) or None
        Hourly heating (+) / cooling (−) power [W] (only with ``hourly=True``).
    """

    heating_need: np.ndarray
    cooling_need: np.ndarray
    heating_need_monthly: np.ndarray
    cooling_need_monthly: np.ndarray
    peak_heating: np.ndarray
    peak_cooling: np.ndarray
    hours_above_26: np.ndarray
    hours_above_28: np.ndarray
    theta_air_min: np.ndarray
    theta_air_max: np.ndarray
    theta_air_mean: np.ndarray
    n_hours: int
    theta_air: np.ndarray | None = None
    theta_op: np.ndarray | None = None
    phi_hc: np.ndarray | None = None

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


def simulate_hourly(
    zones: ThermalZones,
    climate: ZoneClimate,
    *,
    hourly: bool = False,
    hourly_dtype: Any = np.float32,
    warmup_hours: int = WARMUP_HOURS,
    theta_m_init: float = 20.0,
    setpoint_on: str = "operative",
) -> HourlyResult:
    """Run the 5R1C hourly model (ISO 13790:2008 Annex C) for a batch of houses.

    Parameters
    ----------
    zones : ThermalZones
        The houses (n of them).
    climate : ZoneClimate
        Hourly climate, set-point tables and gain profiles shared by the houses.
    hourly : bool, default False
        Also return hourly θ_air, θ_op and Φ_HC, arrays (n, n_hours) — memory
        grows with n × n_hours; leave False for large batches.
    hourly_dtype : numpy dtype, default float32
        dtype of the hourly arrays (float32 or float64).
    warmup_hours : int, default 336
        Length of the warm-up [h], taken from the end of the climate (as a
        cycle) and discarded.
    theta_m_init : float, default 20
        Mass temperature at the start of the warm-up [°C].
    setpoint_on : {"operative", "air"}, default "operative"
        Temperature the set-points apply to. ISO 13790:2008 C.4.2 controls
        the air temperature θ_air ("air"; ASHRAE 140 thermostats also sense
        the air). "operative" controls θ_op = 0.3·θ_air + 0.7·θ_s (eq. C.12),
        as the comfort set-points of EN 16798-1 and ISO 52016-1 are
        operative temperatures; it is rehab's default because it keeps the
        steady-state losses of the network within a few per cent of
        H·(θ_set − θ_e), as the monthly method assumes (with "air" the
        surface node sits below the set-point and the losses of a leaky
        house are 5–12 % lower).

    Returns
    -------
    HourlyResult

    Raises
    ------
    InputError
        Indices pointing outside the climate tables, bad warm-up or dtype.

    Examples
    --------
    Free float (no set-points): with no gains the zone converges to the
    outdoor temperature.

    >>> import numpy as np
    >>> from rehab.demand.zones import ThermalZones, ZoneClimate
    >>> z = ThermalZones.from_arrays(h_tr_op=80.0, h_tr_w=10.0, h_ve=10.0, c_m=2e7,
    ...                              a_floor=60.0)
    >>> c = ZoneClimate.from_arrays(theta_e=np.full(2000, 3.0), month=np.ones(2000, int),
    ...                             theta_h_set=-np.inf)
    >>> r = simulate_hourly(z, c, hourly=True)
    >>> round(float(r.theta_air[0, -1]), 6), float(r.heating_need[0])
    (3.0, 0.0)
    """
    if not isinstance(zones, ThermalZones):
        raise InputError(f"zones: expected a ThermalZones batch, got {type(zones).__name__}")
    if not isinstance(climate, ZoneClimate):
        raise InputError(f"climate: expected a ZoneClimate, got {type(climate).__name__}")
    climate.check_zones(zones)
    try:
        n_warm = int(warmup_hours)
    except (TypeError, ValueError):
        raise InputError(f"warmup_hours: {warmup_hours!r} is not a whole number of hours") from None
    if n_warm < 0:
        raise InputError(f"warmup_hours: {warmup_hours!r} h must be ≥ 0")
    if not np.isfinite(theta_m_init):
        raise InputError(f"theta_m_init: {theta_m_init!r} °C must be finite")
    w_air = {"air": 1.0, "operative": 0.3}.get(setpoint_on)
    if w_air is None:
        raise InputError(f"setpoint_on: {setpoint_on!r} is not 'operative' or 'air'")
    dtype = np.dtype(hourly_dtype)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise InputError(f"hourly_dtype: {dtype} is not float32 or float64")
    # houses that read the same irradiance rows side by side: a block of the kernel then reads
    # each row once from memory for all its houses (the rows' order is irrelevant to the results)
    keys = np.concatenate([zones.sol_idx, zones.wall_idx], axis=1)
    order = np.lexsort(keys.T[::-1]) if keys.shape[1] and len(zones) > 1 else None
    if order is not None and np.all(order[1:] > order[:-1]):
        order = None
    if order is not None:
        zones = zones.take(order)
    n = len(zones)
    nh = climate.n_hours
    p = np.ascontiguousarray(network_coefficients(zones))
    irr = np.ascontiguousarray(climate.irradiance, dtype=np.float64)
    if irr.shape[0] == 0:  # no row: a zero row keeps the kernel's array types
        irr = np.zeros((1, nh))
    th_t = np.ascontiguousarray(climate.theta_h_set.T)
    tc_t = np.ascontiguousarray(climate.theta_c_set.T)
    prof_t = np.ascontiguousarray(climate.gain_profiles.T)
    month0 = np.ascontiguousarray(climate.month - 1)
    q_h = np.zeros((n, 12))
    q_c = np.zeros((n, 12))
    out = [np.zeros(n) for _ in range(7)]
    shape = (n, nh) if hourly else (0, 0)
    h_air, h_op, h_phi = (np.zeros(shape, dtype=dtype) for _ in range(3))
    if n:
        i8, f8 = np.int64, np.float64
        _run_kernel(
            (n + _BLOCK - 1) // _BLOCK,
            _arg(p, f8),
            _arg(zones.int_idx, i8),
            _arg(zones.sched_idx, i8),
            _arg(zones.sol_idx, i8),
            _arg(zones.sol_area, f8),
            _arg(zones.wall_idx, i8),
            _arg(zones.wall_film, i8),
            _arg(zones.wall_r, f8),
            _arg(zones.wall_area, f8),
            _arg(climate.theta_e, f8),
            _arg(climate.theta_ground, f8),
            _arg(climate.theta_sky, f8),
            _arg(irr, f8),
            _arg(month0, i8),
            _arg(th_t, f8),
            _arg(tc_t, f8),
            _arg(prof_t, f8),
            float(theta_m_init),
            n_warm,
            w_air,
            q_h,
            q_c,
            *out,
            bool(hourly),
            h_air,
            h_op,
            h_phi,
        )
    pk_h, pk_c, n_1, n_2, t_min, t_max, t_sum = out
    q_h *= 3600.0  # W·h → J
    q_c *= 3600.0
    if order is not None:  # back to the order of the given houses
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        q_h, q_c, pk_h, pk_c, n_1, n_2, t_min, t_max, t_sum = (
            a[back] for a in (q_h, q_c, pk_h, pk_c, n_1, n_2, t_min, t_max, t_sum))
        if hourly:
            h_air, h_op, h_phi = h_air[back], h_op[back], h_phi[back]
    return HourlyResult(
        heating_need=q_h.sum(axis=1),
        cooling_need=q_c.sum(axis=1),
        heating_need_monthly=q_h,
        cooling_need_monthly=q_c,
        peak_heating=pk_h,
        peak_cooling=pk_c,
        hours_above_26=n_1,
        hours_above_28=n_2,
        theta_air_min=t_min,
        theta_air_max=t_max,
        theta_air_mean=t_sum / nh,
        n_hours=nh,
        theta_air=h_air if hourly else None,
        theta_op=h_op if hourly else None,
        phi_hc=h_phi if hourly else None,
    )
