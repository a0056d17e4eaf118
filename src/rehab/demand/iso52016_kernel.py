"""The compiled kernel of the ISO 52016-1 node engine (:mod:`rehab.demand.iso52016`).

One house per ``numba.prange`` iteration; inside, the hours, and inside an
hour the elements: a Thomas forward sweep of each element's 5-node chain
(ISO 52016-1:2017 §6.5.7.2 conductances, §6.5.7.3 capacities, implicit
Euler over one hour, §6.5.6), the 2 × 2 elimination of the air and mean
radiant temperatures (§6.5.6.2 air balance, §6.5.6.3 inner surfaces), the
ideal heating/cooling power from the free-floating temperature and the
response per watt, then the back substitution. The equations are written
out in the module notes of :mod:`rehab.demand.iso52016`.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numba import prange

#: Radiative outer surface coefficient h_re for ε = 0.9 [W/(m²·K)]
#: (EN ISO 6946:2017 Annex C at 10 °C; scaled by ε/0.9).
H_RE = 4.14
#: Convective fraction of the transmitted sunshine f_sol,c [-] (ISO 52016-1:2017 Table B.20).
F_SOL_C = 0.1
#: Solar absorptance of the floor's inner face for the transmitted beam [-]:
#: 0.6, the interior value of ASHRAE 140 base cases and of rehab's
#: EnergyPlus export (:data:`rehab.energyplus.export.INSIDE_SOLAR_ABSORPTANCE`);
#: the reflected rest joins the diffuse part.
INSIDE_BEAM_ABSORPTANCE = 0.6
_N = 5  # nodes per element chain
#: LLVM fast-math flags (as the 5R1C kernel: no "no-inf", the set-points use ±inf).
_FASTMATH = {"contract", "reassoc", "nsz", "arcp"}
# element kinds (outer boundary of the chain)
K_EXTERIOR, K_GROUND, K_ADIABATIC, K_UNHEATED = 0, 1, 2, 3
# element float rows
(F_H1, F_H2, F_H3, F_H4, F_K1, F_K2, F_K3, F_K4, F_K5, F_A, F_HEXT, F_B, F_FSOL, F_SKY, F_HCI, F_HRI, F_FLOOR, F_COS, F_BOTH, F_HRE, F_N) = range(21)
# element integer rows
(I_KIND, I_IRR, I_IRRB, I_HCE, I_N) = range(5)
# house columns
(H_HVE, H_HTB, H_CA, H_PINT, H_FR, H_PHMAX, H_PCMAX, H_HVEF, H_N) = range(9)


#: DOE-2 roughness multiplier of brick and render ("medium rough", 1.52;
#: Walton 1981 via the EnergyPlus Engineering Reference).
R_F = 1.52
#: (273.15 + 10)³: h_re of an element is given at 10 °C (EN ISO 6946 Annex C) and scaled by T³.
H_RE_SCALE = 283.15**3


@nb.njit(cache=True, inline="always", fastmath=_FASTMATH)
def _tarp(dt, c, both):
    """Inner convective coefficient [W/(m²·K)], Walton's TARP (dt = θ_surface − θ_air, c = cos of
    the outward normal's tilt: 1 for a ceiling or roof, −1 for a floor, 0 for a wall)."""
    a = np.cbrt(abs(dt))
    ac = abs(c)
    if ac < 0.5:
        h = 1.31 * a
    else:
        enh = 9.482 * a / (7.238 - ac)
        red = 1.810 * a / (1.382 + ac)
        if both > 0.5:  # a floor between storeys: one face of each kind
            h = 0.5 * (enh + red)
        elif c < 0.0:  # floor: inner face up, unstable when warmer than the air
            h = enh if dt > 0.0 else red
        else:  # ceiling or roof: inner face down, unstable when colder than the air
            h = enh if dt < 0.0 else red
    return max(h, 0.1)


@nb.njit(cache=True, inline="always", fastmath=_FASTMATH)
def _natural_out(dt, c):
    """Natural convection of an outer face [W/(m²·K)] (dt = θ_surface − θ_e), Walton's correlations."""
    a = np.cbrt(abs(dt))
    if abs(c) < 0.5:
        return 1.31 * a
    if (c > 0.0) == (dt > 0.0):  # roof warmer than the air, or an exposed floor colder: unstable
        return 9.482 * a / (7.238 - abs(c))
    return 1.810 * a / (1.382 + abs(c))


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def _run_house(i, el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
               rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly, out_air, out_op, out_phi):
    """One house over all the hours (see the module notes for the equations)."""
    m = el_f.shape[2]
    nh = theta_e.shape[0]
    # local copies of the element parameters
    ne = 0
    for j in range(m):
        if el_f[i, F_A, j] > 0.0:
            ne = j + 1
    hh = np.empty((4, ne))
    kk = np.empty((_N, ne))
    area = np.empty(ne)
    hext = np.empty(ne)
    bb = np.empty(ne)
    fsol = np.empty(ne)
    sky = np.empty(ne)
    hci = np.empty(ne)
    hri = np.empty(ne)
    kind = np.empty(ne, dtype=np.int64)
    irow = np.empty(ne, dtype=np.int64)
    brow = np.empty(ne, dtype=np.int64)
    ffl = np.empty(ne)
    hrow = np.empty(ne, dtype=np.int64)
    a_tot = 0.0
    a_hci = 0.0
    for j in range(ne):
        for r in range(4):
            hh[r, j] = el_f[i, F_H1 + r, j]
        for r in range(_N):
            kk[r, j] = el_f[i, F_K1 + r, j]
        area[j] = el_f[i, F_A, j]
        hext[j] = el_f[i, F_HEXT, j]
        bb[j] = el_f[i, F_B, j]
        fsol[j] = el_f[i, F_FSOL, j]
        sky[j] = el_f[i, F_SKY, j]
        hci[j] = el_f[i, F_HCI, j]
        hri[j] = el_f[i, F_HRI, j]
        kind[j] = el_i[i, I_KIND, j]
        irow[j] = el_i[i, I_IRR, j]
        brow[j] = el_i[i, I_IRRB, j]
        ffl[j] = el_f[i, F_FLOOR, j]
        hrow[j] = el_i[i, I_HCE, j]
        a_tot += area[j]
        a_hci += area[j] * hci[j]
    cosn = np.empty(ne)
    both = np.empty(ne)
    hre = np.empty(ne)
    nomass = np.zeros(ne)
    gcw = np.zeros(ne)
    piv = np.zeros((_N, ne))
    cp = np.empty((_N, ne))
    for j in range(ne):
        # constant pivots of nodes 1–4 for chains whose outer conductance does not change
        if kind[j] != K_EXTERIOR:
            he0 = hext[j] if kind[j] != K_ADIABATIC else 0.0
            mm = 1.0 / (kk[0, j] + he0 + hh[0, j])
            piv[0, j] = mm
            cp[0, j] = -hh[0, j] * mm
            for r in range(1, _N - 1):
                mm = 1.0 / (kk[r, j] + hh[r - 1, j] + hh[r, j] + hh[r - 1, j] * cp[r - 1, j])
                piv[r, j] = mm
                cp[r, j] = -hh[r, j] * mm
    for j in range(ne):
        ksum = 0.0
        rsum = 0.0
        for r in range(_N):
            ksum += kk[r, j]
        for r in range(_N - 1):
            rsum += 1.0 / hh[r, j]
        if ksum == 0.0:
            nomass[j] = 1.0
            gcw[j] = 1.0 / rsum
        hre[j] = el_f[i, F_HRE, j]
        cosn[j] = el_f[i, F_COS, j]
        both[j] = el_f[i, F_BOTH, j]
    a_win = 0.0
    for j in range(ne):
        if fsol[j] < 0.0:
            a_win += area[j]
    has_floor = 0.0
    for j in range(ne):
        if ffl[j] > 0.0:
            has_floor = 1.0
    h_ve_rho = house[i, H_HVE]
    h_ve_fix = house[i, H_HVEF]
    h_tb = house[i, H_HTB]
    c_a = house[i, H_CA]
    p_int = house[i, H_PINT]
    f_r = house[i, H_FR]
    ph_max = house[i, H_PHMAX]
    pc_max = house[i, H_PCMAX]
    theta = np.full((_N, ne), theta_init)
    dp = np.empty((_N, ne))
    g4 = np.empty(ne)
    ta_prev = theta_init
    cur = month0[0]
    qh_m = 0.0
    qc_m = 0.0
    pk_h = 0.0
    pk_c = 0.0
    n26 = 0.0
    n28 = 0.0
    tmin = np.inf
    tmax = -np.inf
    tsum = 0.0
    for s in range(n_warm + nh):
        t = s - n_warm
        while t < 0:
            t += nh
        rec = s >= n_warm
        mo = month0[t]
        if rec and mo != cur:
            q_h[i, cur] += qh_m
            q_c[i, cur] += qc_m
            qh_m = 0.0
            qc_m = 0.0
            cur = mo
        te = theta_e[t]
        h_ve = h_ve_rho * rho_f[t] + h_ve_fix
        if conv_in == 1:  # TARP inner convection from the previous hour's ΔT
            a_hci = 0.0
            for j in range(ne):
                hci[j] = _tarp(theta[_N - 1, j] - ta_prev, cosn[j], both[j])
                a_hci += area[j] * hci[j]
        # transmitted sunshine through the windows [W]
        p_dif = 0.0
        p_beam = 0.0
        for j in range(ne):
            if fsol[j] < 0.0:
                p_dif -= fsol[j] * area[j] * irr[t, irow[j]]
                p_beam -= fsol[j] * area[j] * irr[t, brow[j]]
        p_sol = p_dif + p_beam
        # beam absorbed by the floors (solar_distribution="floor"), the rest spread by area
        p_fl = p_beam * INSIDE_BEAM_ABSORPTANCE * (1.0 - F_SOL_C) * has_floor
        # radiative gains per m² of inner surface (internal gains and sunshine), §6.5.6.3
        # the sunshine reflected or diffuse inside that falls on the windows leaves again (§6.5.6.3
        # spreads by area; the glass transmits it back out, as EnergyPlus does)
        p_in = (1.0 - F_SOL_C) * p_sol - p_fl
        q_rad = f_r * p_int / a_tot + p_in * (1.0 - a_win / a_tot) / (a_tot - a_win)
        p_conv = (1.0 - f_r) * p_int + F_SOL_C * p_sol
        # forward sweep of every chain
        ss = 0.0
        gc = 0.0
        gr = 0.0
        tt = 0.0
        kaa = 0.0
        kar = 0.0
        for j in range(ne):
            k = kind[j]
            # outer node: boundary conductance and temperature, sources
            if k == K_EXTERIOR:
                if conv_ext == 1:  # DOE-2: natural part from the previous hour's ΔT, forced part tabulated
                    hn = _natural_out(theta[0, j] - te, cosn[j])
                    fc = hce[t, hrow[j]]
                    # long-wave: 4εσT³ at the mean of the surface and its surroundings (hourly)
                    tm = 0.5 * (theta[0, j] + te) + 273.15
                    hr = hre[j] / H_RE_SCALE * tm * tm * tm
                    he = hn + R_F * (math.sqrt(hn * hn + fc * fc) - hn) + hr
                    ts = 0.5 * (theta[0, j] + theta_sky[t]) + 273.15
                    src = he * te - sky[j] / H_RE_SCALE * ts * ts * ts * (te - theta_sky[t])
                else:
                    he = hce[t, hrow[j]] + hre[j]
                    src = he * te - sky[j] * (te - theta_sky[t])
                if fsol[j] > 0.0:
                    src += fsol[j] * irr[t, irow[j]]
            elif k == K_GROUND:
                he = hext[j]
                src = he * theta_g[t]
            elif k == K_UNHEATED:
                he = hext[j]
                src = he * (bb[j] * te + (1.0 - bb[j]) * ta_prev)
            else:
                he = 0.0
                src = 0.0
            q_j = f_r * p_int / a_tot if fsol[j] < 0.0 else q_rad
            r = _N - 1
            if nomass[j] > 0.0:
                # a window (no capacity): the chain is one conductance g_c = 1/R_c, eliminated
                # directly; node 1 is kept for the next hour's outer film
                ge = he * gcw[j] / (he + gcw[j])
                mm = 1.0 / (ge + hci[j] + hri[j])
                g4[j] = mm
                cp[0, j] = he + gcw[j]
                dp[0, j] = src
                dp[r, j] = (src * gcw[j] / (he + gcw[j]) + q_j) * mm
            else:
                if k == K_EXTERIOR:  # the outer film changes every hour: new pivots
                    # node 1
                    d_ = kk[0, j] + he + hh[0, j]
                    mm = 1.0 / d_
                    piv[0, j] = mm
                    cp[0, j] = -hh[0, j] * mm
                    # nodes 2–4
                    for r in range(1, _N - 1):
                        mm = 1.0 / (kk[r, j] + hh[r - 1, j] + hh[r, j] + hh[r - 1, j] * cp[r - 1, j])
                        piv[r, j] = mm
                        cp[r, j] = -hh[r, j] * mm
                # (other chains keep the pivots of nodes 1–4 computed once, below the set-up)
                dp[0, j] = (kk[0, j] * theta[0, j] + src) * piv[0, j]
                for r in range(1, _N - 1):
                    dp[r, j] = (kk[r, j] * theta[r, j] + hh[r - 1, j] * dp[r - 1, j]) * piv[r, j]
                # inner node 5: + h_ci + h_ri, radiative gains
                r = _N - 1
                d_ = kk[r, j] + hh[r - 1, j] + hci[j] + hri[j] + hh[r - 1, j] * cp[r - 1, j]
                mm = 1.0 / d_
                g4[j] = mm
                dp[r, j] = (kk[r, j] * theta[r, j] + q_j + p_fl * ffl[j] + hh[r - 1, j] * dp[r - 1, j]) * mm
            a = area[j]
            ss += a * dp[r, j]
            gc += a * mm * hci[j]
            gr += a * mm * hri[j]
            tt += a * hci[j] * dp[r, j]
            kaa += a * hci[j] * mm * hci[j]
            kar += a * hci[j] * mm * hri[j]
        # θ_r = α_r + β_r·θ_a (area-weighted mean of the inner surfaces)
        inv = 1.0 / (a_tot - gr)
        al_r = ss * inv
        be_r = gc * inv
        # air balance: θ_a·den = num + Φ_HC
        den = c_a + h_ve + h_tb + a_hci - kaa - kar * be_r
        num = c_a * ta_prev + (h_ve + h_tb) * te + p_conv + tt + kar * al_r
        ta0 = num / den
        tr0 = al_r + be_r * ta0
        dta = 1.0 / den
        dtr = be_r * dta
        ctl0 = w_air * ta0 + (1.0 - w_air) * tr0
        dctl = w_air * dta + (1.0 - w_air) * dtr
        ph = 0.0
        if ctl0 < theta_h[t]:
            ph = min((theta_h[t] - ctl0) / dctl, ph_max)
        elif ctl0 > theta_c[t]:
            ph = -min((ctl0 - theta_c[t]) / dctl, pc_max)
        ta = ta0 + dta * ph
        tr = tr0 + dtr * ph
        # back substitution
        for j in range(ne):
            r = _N - 1
            theta[r, j] = dp[r, j] + g4[j] * (hci[j] * ta + hri[j] * tr)
            if nomass[j] > 0.0:
                theta[0, j] = (dp[0, j] + gcw[j] * theta[r, j]) / cp[0, j]
                continue
            for r in range(_N - 2, -1, -1):
                theta[r, j] = dp[r, j] - cp[r, j] * theta[r + 1, j]
        if rec and want_el:  # heat entering each element's inner face from the zone [W·h]
            for j in range(ne):
                s5 = theta[_N - 1, j]
                qj = f_r * p_int / a_tot if fsol[j] < 0.0 else q_rad
                el_q[i, j] += area[j] * (hci[j] * (ta - s5) + hri[j] * (tr - s5) + qj + p_fl * ffl[j])
        ta_prev = ta
        top = 0.5 * (ta + tr)
        if rec:
            if ph > 0.0:
                qh_m += ph
                pk_h = max(pk_h, ph)
            else:
                qc_m -= ph
                pk_c = max(pk_c, -ph)
            if top > 26.0 + 1e-6:
                n26 += 1.0
            if top > 28.0 + 1e-6:
                n28 += 1.0
            tmin = min(tmin, ta)
            tmax = max(tmax, ta)
            tsum += ta
            if want_hourly:
                out_air[i, t] = ta
                out_op[i, t] = top
                out_phi[i, t] = ph
    q_h[i, cur] += qh_m
    q_c[i, cur] += qc_m
    stats[i, 0] = pk_h
    stats[i, 1] = pk_c
    stats[i, 2] = n26
    stats[i, 3] = n28
    stats[i, 4] = tmin
    stats[i, 5] = tmax
    stats[i, 6] = tsum / nh


@nb.njit(parallel=True, cache=True, error_model="numpy", fastmath=_FASTMATH)
def _kernel(el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
            rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly, out_air, out_op, out_phi):
    """Houses spread over the cores (numba.prange)."""
    for i in prange(house.shape[0]):
        _run_house(i, el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
                   rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly, out_air, out_op, out_phi)


