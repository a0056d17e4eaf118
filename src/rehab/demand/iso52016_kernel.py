"""The compiled kernel of the ISO 52016-1 node engine (:mod:`rehab.demand.iso52016`).

Houses go in blocks of :data:`_BLOCK` (one per ``numba.prange`` iteration), one house per SIMD
lane: inside a block, the hours; inside an hour, passes over the element slots whose inner loop
runs over the lanes, so that LLVM turns it into vector instructions and a block's houses advance
together (a house's hour is a chain of dependent steps; with the lanes over houses the sums over
its elements are plain vector additions and a core keeps eight houses' hours in flight). Each
element's 5-node chain (ISO 52016-1:2017 conductances and capacities, implicit Euler over one
hour) is condensed on its two surface nodes: the three inner nodes form a constant tridiagonal
matrix, factorised once, so an hour costs one 3 × 3 substitution and a 2 × 2 elimination per
element whatever the hourly surface coefficients. The air and mean radiant temperatures are
then eliminated (2 × 2), the ideal heating/cooling power follows from the free-floating
temperature and the response per watt (superposition, as the standard's procedure for the
needs), and every node is recovered. One or two houses run alone (:func:`_run_one`, the same
steps with a house's elements in the lanes). The equations are written out in the module notes
of :mod:`rehab.demand.iso52016`.

Loops that must vectorise hold no call LLVM could leave out of line (numba's ``max`` is one:
:func:`_fmax`), no reference-counted argument of an inlined function inside them (the passes
are inlined with their loops) and no indirect load next to a store (LLVM cannot bound it: the
climate rows are gathered in a loop of their own, :func:`_hourly_inputs`).
"""

from __future__ import annotations

import numba as nb
import numpy as np
from llvmlite import ir as llvmir
from numba import prange
from numba.core import types
from numba.extending import intrinsic

#: Radiative outer surface coefficient h_re for ε = 0.9 [W/(m²·K)]
#: (EN ISO 6946:2017 Annex C, at 0 °C; scaled by ε/0.9; see :data:`H_RE_SCALE`).
H_RE = 4.14
#: Convective fraction of the transmitted sunshine f_sol,c [-] (ISO 52016-1:2017 Table B.11).
F_SOL_C = 0.1
#: Solar absorptance of the floor's inner face for the transmitted beam [-]:
#: 0.6, the interior value of ASHRAE 140 base cases and of rehab's
#: EnergyPlus export (:data:`rehab.energyplus.export.INSIDE_SOLAR_ABSORPTANCE`);
#: the reflected rest joins the diffuse part.
INSIDE_BEAM_ABSORPTANCE = 0.6
_N = 5  # nodes per element chain
#: LLVM fast-math flags (as the 5R1C kernel: no "no-inf", the set-points use ±inf).
_FASTMATH = {"contract", "reassoc", "nsz", "arcp"}
#: SIMD width the element loops are padded to (8 doubles: one AVX-512 register).
_LANES = 8
# element kinds (outer boundary of the chain)
K_EXTERIOR, K_GROUND, K_ADIABATIC, K_UNHEATED = 0, 1, 2, 3
# element float rows
(F_H1, F_H2, F_H3, F_H4, F_K1, F_K2, F_K3, F_K4, F_K5, F_A, F_HEXT, F_B, F_FSOL, F_SKY, F_HCI, F_HRI, F_FLOOR, F_COS, F_BOTH, F_HRE, F_RF, F_N) = range(22)
# element integer rows
(I_KIND, I_IRR, I_IRRB, I_HCE, I_N) = range(5)
# house columns
# (H_SPRE: 1 when the interior solar distribution is prescribed per element, else 0)
(H_HVE, H_HTB, H_CA, H_PINT, H_FR, H_PHMAX, H_PCMAX, H_HVEF, H_SPRE, H_N) = range(10)


#: DOE-2 roughness multiplier of brick and render ("medium rough", 1.52;
#: Walton 1981 via the EnergyPlus Engineering Reference).
R_F = 1.52
#: DOE-2 roughness multiplier of glass ("very smooth", 1.00: the table of roughness multipliers
#: of the EnergyPlus Engineering Reference, "DOE-2 model" of outside convection, after Walton
#: 1981, whose example material for "very smooth" is glass). EnergyPlus 25.2 applies it to
#: windows whatever the wall: on the BESTEST 600FF run its hourly window coefficient follows
#: R_f = 1.00 (median 11.7 W/(m²·K), predicted 11.8) where the "rough" wall beside it has 18.7
#: (2026-12-06). Was 1.52 for windows too until then.
R_F_GLASS = 1.00
#: Reference temperature³ [K³] by which the kernel scales h_re with T³ (``exterior="wind"``):
#: (273.15 + 10)³. Known discrepancy (2026-12-06): EN ISO 6946:2017 Annex C's 4.14 W/(m²·K)
#: is 0.9·4σT³ at 0 °C (h_r0 = 4.6 there, 5.1 at 10 °C), so this scaling gives an outer
#: long-wave coefficient about 11 % below 4σεT³. With 273.15³ the archetypes move from a median
#: 1.4 % to 3.5 % above EnergyPlus (36/36 still within ±5 %, savings within 1.8 points), which
#: says another difference compensates this one; it stays until that one is found.
H_RE_SCALE = 283.15**3
#: Smallest |Δθ| [K] whose cube root :func:`_cbrt` takes (below, a convective coefficient of
#: 1e-4 W/(m²·K) and a flux below 1e-16 W/m²).
_CBRT_LO = 1e-12
#: Bit pattern that turns minus a third of a double's bits into an estimate of its inverse cube
#: root within 3.5 % (the exponent bias (4/3)·1023·2⁵², lowered to balance the error).
_RCBRT_MAGIC = float(0x553EF0FF289DD796)


def _surface_coefficients(cos, both):
    """TARP and Walton coefficient shapes per element: h = ∛|Δθ|·(base + (sign·Δθ > 0 ? unstable :
    stable)), inner (TARP, Δθ = θ_surface − θ_air) and outer natural convection (Δθ = θ_surface −
    θ_e); cos = cosine of the outward normal's tilt (1 roof or ceiling, −1 floor, 0 wall)."""
    ac = abs(cos)
    enh = 9.482 / (7.238 - ac)
    red = 1.810 / (1.382 + ac)
    if ac < 0.5:
        inner = (1.31, 1.0, 0.0, 0.0)
        outer = (1.31, 1.0, 0.0, 0.0)
    else:
        # inner face of a floor (cos < 0) is unstable when warmer than the air, of a ceiling when colder
        inner = (0.5 * (enh + red), 1.0, 0.0, 0.0) if both else (0.0, 1.0 if cos < 0.0 else -1.0, enh, red)
        # outer face of a roof is unstable when warmer than the air, of an exposed floor when colder
        outer = (0.0, 1.0 if cos > 0.0 else -1.0, enh, red)
    return inner, outer


_surface_coefficients = nb.njit(cache=True)(_surface_coefficients)


#: Element slots of a house [-]: a house may have up to this many elements.
MAX_ELEMENTS = 120
_S = MAX_ELEMENTS
#: Houses per block of the batch kernel: the width of its vectorised loops (one AVX-512 vector
#: of doubles). A house's hour is a chain of dependent steps (condensation, sums over its
#: elements, the zone's divisions, recovery): with the lanes over houses instead of over the
#: elements of one house, the sums over elements are plain vector additions and a core keeps
#: several houses' hours in flight.
_BLOCK = 8
# Rows of the work array X: for each element slot, one row per quantity. In a block the slot of
# element j of lane ln at row r is X[j·_NR·B + r·B + ln] (B = _BLOCK: a slot's rows side by side,
# lanes innermost); for one house (B = 1 rows of _S slots) X[r·_S + j]. The helpers take the
# slot offset ``o`` and the row stride ``rs`` (B or _S, a constant in each caller).
(
    _H1, _H4, _K1, _K2, _K3, _K4, _K5, _AREA, _EXT, _HCON, _WG, _WB, _WA, _FPOS, _AWIN, _OPQ,
    _SKY, _HRE, _RF, _HRI, _FFL, _IB, _ISG, _IUN, _IST, _OB, _OSG, _OUN, _OST,
    _Q1, _Q2, _Q3, _E1, _E2, _U1, _U2, _U3, _V1, _V2, _V3, _A0, _BC, _D0,  # chain factorisation
    _T1, _T2, _T3, _T4, _T5, _HCI,  # state: node temperatures, inner convective coefficient
    _GI, _GH, _HE, _SRC, _W1, _W2, _W3, _R1, _IA, _SV, _GV,  # the hour's values
    _NR,
) = range(61)
_NB = _NR * _BLOCK  # one element slot of every lane of a block
_GOLDEN = 0.6180339887498949  # (√5 − 1)/2: the order in which the parallel kernel takes the blocks
#: Rows that padding slots hold at 1 (zero area, harmless unit conductances).
_UNIT_ROWS = (_H1, _H4, _K1, _K2, _K3, _K4, _K5, _OPQ, _HCI, _HRI, _Q1, _Q2, _Q3, _A0, _D0)
# rows of a block's lane array Z (per lane: house constants, the hour's sums and results)
(
    _ZTOT, _ZHCI, _ZWIN, _ZFLR, _ZHVE, _ZHVEF, _ZHTB, _ZCA, _ZPINT, _ZFR, _ZPHMAX, _ZPCMAX,
    _ZSPRE, _ZTAP, _ZPD, _ZPB, _ZQI, _ZQS, _ZPF, _ZPC,
    _ZSS, _ZGC, _ZGR, _ZTT, _ZKAA, _ZKAR, _ZAHCI,
    _ZTA, _ZTR, _ZPH, _ZQH, _ZQC, _ZPKH, _ZPKC, _ZN26, _ZN28, _ZMIN, _ZMAX, _ZSUM,
    _ZN,
) = range(40)


@intrinsic
def _bits(typingctx, x):
    """The bits of a float64 as an int64 (an LLVM bitcast, no memory round trip)."""

    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], llvmir.IntType(64))

    return types.int64(types.float64), codegen


@intrinsic
def _from_bits(typingctx, n):
    """The float64 whose bits are the int64 ``n`` (an LLVM bitcast)."""

    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], llvmir.DoubleType())

    return types.float64(types.int64), codegen


@nb.njit(cache=True, inline="always", error_model="numpy", fastmath=_FASTMATH)
def _fmax(a, b):
    """max(a, b) of floats as a select (numba's ``max`` is a call that LLVM may leave out of line,
    which keeps it from vectorising the loop)."""
    return a if a > b else b


@nb.njit(cache=True, inline="always", error_model="numpy", fastmath=_FASTMATH)
def _fmin(a, b):
    """min(a, b) of floats as a select (as :func:`_fmax`)."""
    return a if a < b else b


@nb.njit(cache=True, inline="always", error_model="numpy", fastmath=_FASTMATH)
def _cbrt(x):
    """Cube root of ``x`` ≥ 0 without a library call or a division, so that the loops calling it
    vectorise: the bits of x give y ≈ x^(-1/3) within 3.5 %, three Newton steps
    y ← y·(4 − x·y³)/3 (relative error 5e-3, 2e-5, 5e-10), and ∛x = x·y²."""
    x = _fmax(x, _CBRT_LO)
    y = _from_bits(np.int64(_RCBRT_MAGIC - float(_bits(x)) * (1.0 / 3.0)))
    y = y * (4.0 - x * y * y * y) * (1.0 / 3.0)
    y = y * (4.0 - x * y * y * y) * (1.0 / 3.0)
    y = y * (4.0 - x * y * y * y) * (1.0 / 3.0)
    return x * y * y


_STEP = {"cache": True, "inline": "always", "error_model": "numpy", "fastmath": _FASTMATH}


@nb.njit(**_STEP)
def _aligned_zeros(n):
    """Zeros whose first element sits on a 64-byte boundary (a cache line, one AVX-512 vector):
    numba aligns arrays on 32 bytes, and a vector load across two lines costs two."""
    raw = np.zeros(n + 8)
    off = ((64 - raw.ctypes.data % 64) % 64) // 8
    return raw[off:off + n]


@nb.njit(**_STEP)
def _pad_slot(X, o, rs):
    """A padding slot: zero area, unit conductances and capacities (no effect on the sums)."""
    for r in _UNIT_ROWS:
        X[o + r * rs] = 1.0


@nb.njit(**_STEP)
def _setup_slot(i, j, el_f, el_i, X, o, rs, k, irow, brow, hrow):
    """Constant parameters of element j of house i in its slot, and its chain's factorisation.

    Node conductances and capacities of ISO 52016-1:2017 §6.5.7.2 (windows: §6.5.7.4), the
    chain's outer boundary (exterior, ground §6.5.8, unheated space, adiabatic) and the shapes
    of its convection correlations. Implicit Euler (§6.5.6) makes the three inner nodes of a
    chain a constant tridiagonal matrix T = tridiag(−h, κ/Δt + h + h, −h): its LDU factors and
    u = T⁻¹·(1, 0, 0), v = T⁻¹·(0, 0, 1) are computed once, so that each hour condenses the
    chain on its two surface nodes. ``k`` is the slot's index in the row tables ``irow``
    (irradiance), ``brow`` (a window's beam), ``hrow`` (forced exterior convection). Returns
    (A, A·h_ci, A if a window else 0, 1 if the beam lands on it else 0).
    """
    kind = el_i[i, I_KIND, j]
    X[o + _AREA * rs] = el_f[i, F_A, j]
    X[o + _H1 * rs] = el_f[i, F_H1, j]
    h2 = el_f[i, F_H2, j]
    h3 = el_f[i, F_H3, j]
    X[o + _H4 * rs] = el_f[i, F_H4, j]
    X[o + _K1 * rs] = el_f[i, F_K1, j]
    X[o + _K2 * rs] = el_f[i, F_K1 + 1, j]
    X[o + _K3 * rs] = el_f[i, F_K1 + 2, j]
    X[o + _K4 * rs] = el_f[i, F_K1 + 3, j]
    X[o + _K5 * rs] = el_f[i, F_K5, j]
    fs = el_f[i, F_FSOL, j]
    a_win = 0.0
    if kind == K_EXTERIOR:
        X[o + _EXT * rs] = 1.0
        X[o + _FPOS * rs] = max(fs, 0.0)
        irow[k] = el_i[i, I_IRR, j]
        hrow[k] = el_i[i, I_HCE, j]
    elif kind == K_GROUND:
        X[o + _HCON * rs] = el_f[i, F_HEXT, j]
        X[o + _WG * rs] = 1.0
    elif kind == K_UNHEATED:
        X[o + _HCON * rs] = el_f[i, F_HEXT, j]
        X[o + _WB * rs] = el_f[i, F_B, j]
        X[o + _WA * rs] = 1.0 - el_f[i, F_B, j]
    if fs < 0.0:  # a window: its aperture per m² carries a minus sign
        X[o + _AWIN * rs] = -fs * X[o + _AREA * rs]
        X[o + _OPQ * rs] = 0.0
        irow[k] = el_i[i, I_IRR, j]
        brow[k] = el_i[i, I_IRRB, j]
        a_win = X[o + _AREA * rs]
    X[o + _SKY * rs] = el_f[i, F_SKY, j]
    X[o + _HRE * rs] = el_f[i, F_HRE, j]
    X[o + _RF * rs] = el_f[i, F_RF, j]
    X[o + _HCI * rs] = el_f[i, F_HCI, j]
    X[o + _HRI * rs] = el_f[i, F_HRI, j]
    X[o + _FFL * rs] = el_f[i, F_FLOOR, j]
    inner, outer = _surface_coefficients(el_f[i, F_COS, j], el_f[i, F_BOTH, j] > 0.5)
    X[o + _IB * rs], X[o + _ISG * rs], X[o + _IUN * rs], X[o + _IST * rs] = inner
    X[o + _OB * rs], X[o + _OSG * rs], X[o + _OUN * rs], X[o + _OST * rs] = outer
    h1 = X[o + _H1 * rs]
    h4 = X[o + _H4 * rs]
    dd1 = X[o + _K2 * rs] + h1 + h2
    dd2 = X[o + _K3 * rs] + h2 + h3 - h2 * h2 / dd1
    dd3 = X[o + _K4 * rs] + h3 + h4 - h3 * h3 / dd2
    q1, q2, q3 = 1.0 / dd1, 1.0 / dd2, 1.0 / dd3
    e1, e2 = h2 / dd1, h3 / dd2
    X[o + _Q1 * rs], X[o + _Q2 * rs], X[o + _Q3 * rs] = q1, q2, q3
    X[o + _E1 * rs], X[o + _E2 * rs] = e1, e2
    # u = T⁻¹·(1, 0, 0), v = T⁻¹·(0, 0, 1)
    y1 = q1
    y2 = h2 * y1 * q2
    y3 = h3 * y2 * q3
    u2 = y2 + e2 * y3
    u1 = y1 + e1 * u2
    v3 = q3
    v2 = e2 * v3
    v1 = e1 * v2
    X[o + _U1 * rs], X[o + _U2 * rs], X[o + _U3 * rs] = u1, u2, y3
    X[o + _V1 * rs], X[o + _V2 * rs], X[o + _V3 * rs] = v1, v2, v3
    X[o + _A0 * rs] = X[o + _K1 * rs] + h1 - h1 * h1 * u1
    X[o + _BC * rs] = h1 * h4 * v1
    X[o + _D0 * rs] = X[o + _K5 * rs] + h4 - h4 * h4 * v3
    area = X[o + _AREA * rs]
    floor = 1.0 if X[o + _FFL * rs] > 0.0 else 0.0
    return area, area * X[o + _HCI * rs], a_win, floor


@nb.njit(**_STEP)
def _hourly_inputs(X, Z, nw, nx, nl, rs, irr_t, hce_t, irow, brow, hrow):
    """Gather the hour's irradiance and forced convection of the exterior faces (slots 0 … nx − 1;
    one row per orientation in the shared climate, ``irr_t`` and ``hce_t`` the hour's rows) and
    sum per lane the diffuse and beam transmitted by the windows (slots 0 … nw − 1) [W]
    (aperture × row). Loops of indirect loads that LLVM does not vectorise (it cannot bound
    them): the other loops read the gathered rows."""
    js = _NR * rs
    for ln in range(nl):
        Z[_ZPD * rs + ln] = 0.0
        Z[_ZPB * rs + ln] = 0.0
    for j in range(nx):
        for ln in range(nl):
            o = j * js + ln
            k = j * rs + ln
            X[o + _GI * rs] = irr_t[irow[k]]
            X[o + _GH * rs] = hce_t[hrow[k]]
    for j in range(nw):
        for ln in range(nl):
            o = j * js + ln
            Z[_ZPD * rs + ln] += X[o + _AWIN * rs] * X[o + _GI * rs]
            Z[_ZPB * rs + ln] += X[o + _AWIN * rs] * irr_t[brow[j * rs + ln]]


@nb.njit(**_STEP)
def _outer_films_wind(X, Z, nx, nl, rs, te, tg, tsk):
    """Outer film and source of the outer node of the chains in slots 0 … nx − 1 (the exterior
    faces) with the hourly wind (``exterior="wind"``).

    The balance of the outer surface node (ISO 52016-1:2017 §6.5.6, pli = 1): h_e·θ_e + absorbed
    sun − F_sky·h_re·(θ_e − θ_sky) (§6.5.13.3) for an exterior face, with h_e the DOE-2 exterior
    coefficient (natural part from the previous hour's ΔT, forced part from the climate rows;
    roughness R_f of the face, row _RF) plus h_re scaled with T³ (:data:`H_RE_SCALE`); a slot of a lane that is not
    an exterior face there as :func:`_outer_boundaries`.
    """
    js = _NR * rs
    for j in range(nx):
        for ln in range(nl):
            o = j * js + ln
            t1 = X[o + _T1 * rs]
            dt = t1 - te
            a = _cbrt(abs(dt))
            un = X[o + _OUN * rs]
            st = X[o + _OST * rs]
            c = un if X[o + _OSG * rs] * dt > 0.0 else st
            hn = a * (X[o + _OB * rs] + c)
            fc = X[o + _GH * rs]
            tm = 0.5 * (t1 + te) + 273.15
            hr = X[o + _HRE * rs] * (1.0 / H_RE_SCALE) * tm * tm * tm
            hx = hn + X[o + _RF * rs] * (np.sqrt(hn * hn + fc * fc) - hn) + hr
            ts = 0.5 * (t1 + tsk) + 273.15
            sx = hx * te - X[o + _SKY * rs] * (1.0 / H_RE_SCALE) * ts * ts * ts * (te - tsk) + X[o + _FPOS * rs] * X[o + _GI * rs]
            hcon = X[o + _HCON * rs]
            X[o + _HE * rs] = X[o + _EXT * rs] * hx + hcon
            X[o + _SRC * rs] = X[o + _EXT * rs] * sx + hcon * (
                X[o + _WG * rs] * tg + X[o + _WB * rs] * te + X[o + _WA * rs] * Z[_ZTAP * rs + ln])


@nb.njit(**_STEP)
def _outer_films_fixed(X, Z, nx, nl, rs, te, tg, tsk):
    """As :func:`_outer_films_wind` with the fixed h_ce + h_re of ISO 13789:2017 Table 8
    (``exterior="iso"``)."""
    js = _NR * rs
    for j in range(nx):
        for ln in range(nl):
            o = j * js + ln
            hx = X[o + _GH * rs] + X[o + _HRE * rs]
            sx = hx * te - X[o + _SKY * rs] * (te - tsk) + X[o + _FPOS * rs] * X[o + _GI * rs]
            hcon = X[o + _HCON * rs]
            X[o + _HE * rs] = X[o + _EXT * rs] * hx + hcon
            X[o + _SRC * rs] = X[o + _EXT * rs] * sx + hcon * (
                X[o + _WG * rs] * tg + X[o + _WB * rs] * te + X[o + _WA * rs] * Z[_ZTAP * rs + ln])


@nb.njit(**_STEP)
def _outer_boundaries(X, Z, j0, ne, nl, rs, te, tg):
    """The outer node's coupling of the chains in slots j0 … ne − 1 (no exterior face there): the
    ground (§6.5.8), an unheated space (b·θ_e + (1 − b)·θ_a of the previous hour) or nothing
    (adiabatic)."""
    js = _NR * rs
    for j in range(j0, ne):
        for ln in range(nl):
            o = j * js + ln
            hcon = X[o + _HCON * rs]
            X[o + _HE * rs] = hcon
            X[o + _SRC * rs] = hcon * (X[o + _WG * rs] * tg + X[o + _WB * rs] * te + X[o + _WA * rs] * Z[_ZTAP * rs + ln])


@nb.njit(**_STEP)
def _condense_chains(X, Z, ne, nl, rs, conv_in):
    """Each chain condensed on its surface nodes: θ₅ = s + g·(h_ci·θ_a + h_ri·θ_r).

    The balances of §6.5.6 for the 5 nodes with the previous hour's temperatures: the inner
    nodes eliminated through the factorised T, the outer node through a 2 × 2 pivot (one
    division). The inner node receives the radiative internal gains and sunshine per m²
    (q_int, q_sol on opaque faces) and the floor's share of the beam. Sums per lane what the
    zone balance needs: Σ A·h_ci, Σ A·s, Σ A·g·h_ci, Σ A·g·h_ri, Σ A·h_ci·s, Σ A·h_ci²·g,
    Σ A·h_ci·g·h_ri. With ``conv_in`` = 1 the inner convective coefficient of each face is
    first updated from the previous hour's surface-to-air difference (TARP, Walton).
    """
    js = _NR * rs
    for ln in range(nl):
        Z[_ZAHCI * rs + ln] = 0.0
        Z[_ZSS * rs + ln] = 0.0
        Z[_ZGC * rs + ln] = 0.0
        Z[_ZGR * rs + ln] = 0.0
        Z[_ZTT * rs + ln] = 0.0
        Z[_ZKAA * rs + ln] = 0.0
        Z[_ZKAR * rs + ln] = 0.0
    for j in range(ne):
        for ln in range(nl):
            o = j * js + ln
            # w = T⁻¹·(κ₂θ₂, κ₃θ₃, κ₄θ₄) of the previous hour
            e1 = X[o + _E1 * rs]
            e2 = X[o + _E2 * rs]
            b1 = X[o + _K2 * rs] * X[o + _T2 * rs]
            b2 = X[o + _K3 * rs] * X[o + _T3 * rs] + e1 * b1
            y1 = b1 * X[o + _Q1 * rs]
            y2 = b2 * X[o + _Q2 * rs]
            w3 = (X[o + _K4 * rs] * X[o + _T4 * rs] + e2 * b2) * X[o + _Q3 * rs]
            w2 = y2 + e2 * w3
            w1 = y1 + e1 * w2
            X[o + _W3 * rs] = w3
            X[o + _W2 * rs] = w2
            X[o + _W1 * rs] = w1
            qq = Z[_ZQI * rs + ln] + X[o + _OPQ * rs] * Z[_ZQS * rs + ln]
            rr1 = X[o + _K1 * rs] * X[o + _T1 * rs] + X[o + _SRC * rs] + X[o + _H1 * rs] * w1
            r5 = X[o + _K5 * rs] * X[o + _T5 * rs] + qq + Z[_ZPF * rs + ln] * X[o + _FFL * rs] + X[o + _H4 * rs] * w3
            # one division for both pivots: 1/A and 1/(D − B²/A) = A/(D·A − B²)
            aa = X[o + _A0 * rs] + X[o + _HE * rs]
            bb = X[o + _BC * rs]
            hci = X[o + _HCI * rs]
            if conv_in == 1:
                # inner convective coefficient h_ci from the previous hour's surface-to-air
                # difference (TARP, Walton; the EnergyPlus Engineering Reference): computed here
                # rather than in a pass of its own, which read θ₅ and wrote h_ci once more per slot
                dt = X[o + _T5 * rs] - Z[_ZTAP * rs + ln]
                a = _cbrt(abs(dt))
                un = X[o + _IUN * rs]
                st = X[o + _IST * rs]
                c = un if X[o + _ISG * rs] * dt > 0.0 else st
                hci = _fmax(a * (X[o + _IB * rs] + c), 0.1)
                X[o + _HCI * rs] = hci
            hri = X[o + _HRI * rs]
            dm = (X[o + _D0 * rs] + hci + hri) * aa - bb * bb
            inv = 1.0 / (aa * dm)
            iaa = dm * inv
            g = aa * aa * inv
            sj = (r5 + bb * rr1 * iaa) * g
            X[o + _R1 * rs] = rr1
            X[o + _IA * rs] = iaa
            X[o + _SV * rs] = sj
            X[o + _GV * rs] = g
            ar = X[o + _AREA * rs]
            Z[_ZAHCI * rs + ln] += ar * hci
            Z[_ZSS * rs + ln] += ar * sj
            Z[_ZGC * rs + ln] += ar * g * hci
            Z[_ZGR * rs + ln] += ar * g * hri
            Z[_ZTT * rs + ln] += ar * hci * sj
            Z[_ZKAA * rs + ln] += ar * hci * g * hci
            Z[_ZKAR * rs + ln] += ar * hci * g * hri


@nb.njit(**_STEP)
def _chains(X, Z, nx, ne, nl, rs, te, tg, tsk, conv_in, conv_ext):
    """One hour of the element chains: outer films and boundaries (exterior faces in slots
    0 … nx − 1), then each chain's inner convection and condensation."""
    if conv_ext == 1:
        _outer_films_wind(X, Z, nx, nl, rs, te, tg, tsk)
    else:
        _outer_films_fixed(X, Z, nx, nl, rs, te, tg, tsk)
    _outer_boundaries(X, Z, nx, ne, nl, rs, te, tg)
    _condense_chains(X, Z, ne, nl, rs, conv_in)


@nb.njit(**_STEP)
def _recover_nodes(X, Z, ne, nl, rs):
    """Every node of every chain from the solved air and mean radiant temperatures."""
    js = _NR * rs
    for j in range(ne):
        for ln in range(nl):
            o = j * js + ln
            ta = Z[_ZTA * rs + ln]
            tr = Z[_ZTR * rs + ln]
            x5 = X[o + _SV * rs] + X[o + _GV * rs] * (X[o + _HCI * rs] * ta + X[o + _HRI * rs] * tr)
            x1 = (X[o + _R1 * rs] + X[o + _BC * rs] * x5) * X[o + _IA * rs]
            a1 = X[o + _H1 * rs] * x1
            a5 = X[o + _H4 * rs] * x5
            X[o + _T2 * rs] = X[o + _W1 * rs] + a1 * X[o + _U1 * rs] + a5 * X[o + _V1 * rs]
            X[o + _T3 * rs] = X[o + _W2 * rs] + a1 * X[o + _U2 * rs] + a5 * X[o + _V2 * rs]
            X[o + _T4 * rs] = X[o + _W3 * rs] + a1 * X[o + _U3 * rs] + a5 * X[o + _V3 * rs]
            X[o + _T1 * rs] = x1
            X[o + _T5 * rs] = x5


@nb.njit(**_STEP)
def _house_gains(p_dif, p_beam, p_int, f_r, a_tot, a_win, has_floor, pre):
    """Where the hour's gains go: (q_int, q_sol, p_fl, p_conv).

    The beam absorbed by the floors (solar_distribution="floor"; p_fl [W], shared by the
    F_FLOOR row), the rest spread by area; or, with a prescribed distribution (``pre`` = 1, house
    column H_SPRE), all of it by the per-element shares of the F_FLOOR row, none to the air (the
    rest leaves through the windows). The radiative internal gains and sunshine per m² of inner
    surface (q_int, q_sol [W/m²]; the sunshine reflected or diffuse inside that falls on the
    windows leaves again, the glass transmits it back out as EnergyPlus does) and the convective
    gains p_conv [W] (f_sol,c of the sunshine, 1 − f_r of the internal gains).
    """
    p_sol = p_dif + p_beam
    p_fl0 = p_beam * INSIDE_BEAM_ABSORPTANCE * (1.0 - F_SOL_C) * has_floor
    p_in = (1.0 - pre) * ((1.0 - F_SOL_C) * p_sol - p_fl0)
    p_fl = pre * p_sol + (1.0 - pre) * p_fl0
    q_int = f_r * p_int / a_tot
    q_sol = p_in * (1.0 - a_win / a_tot) / (a_tot - a_win)
    p_conv = (1.0 - f_r) * p_int + (1.0 - pre) * F_SOL_C * p_sol
    return q_int, q_sol, p_fl, p_conv


@nb.njit(**_STEP)
def _zone(ss, gc, gr, tt, kaa, kar, a_tot, c_a, h_ve, h_tb, a_hci, ta_prev, te, p_conv, w_air,
          th, tc, ph_max, pc_max):
    """Air and mean radiant temperatures and the ideal heating (+)/cooling (−) power of a house.

    θ_r, the area-weighted mean of the inner surfaces (§6.5.5.3), is affine in θ_a; the balance
    of the internal air (§6.5.6: κ_int/Δt, ventilation and infiltration, thermal bridges,
    convection from every inner face, convective gains, Φ_HC) then gives θ_a affine in Φ_HC. The
    free-floating temperature and the response per watt of the controlled temperature
    (w_air·θ_a + (1 − w_air)·θ_r) give the power that holds it at the set-point, bounded by the
    plant (the standard's procedure for the needs). The sums over the elements: Σ A·s,
    Σ A·g·h_ci, Σ A·g·h_ri, Σ A·h_ci·s, Σ A·h_ci²·g, Σ A·h_ci·g·h_ri. Returns (θ_a, θ_r, Φ_HC).
    """
    inv = 1.0 / (a_tot - gr)
    al_r = ss * inv
    be_r = gc * inv
    # air balance: θ_a·den = num + Φ_HC
    den = c_a + h_ve + h_tb + a_hci - kaa - kar * be_r
    num = c_a * ta_prev + (h_ve + h_tb) * te + p_conv + tt + kar * al_r
    dta = 1.0 / den
    ta0 = num * dta
    tr0 = al_r + be_r * ta0
    dtr = be_r * dta
    ctl0 = w_air * ta0 + (1.0 - w_air) * tr0
    idctl = 1.0 / (w_air * dta + (1.0 - w_air) * dtr)
    # both powers computed, one selected (no branch: the loop over a block's houses vectorises)
    heat = _fmin((th - ctl0) * idctl, ph_max)
    cool = -_fmin((ctl0 - tc) * idctl, pc_max)
    ph = heat if ctl0 < th else (cool if ctl0 > tc else 0.0)
    return ta0 + dta * ph, tr0 + dtr * ph, ph


@nb.njit(**_STEP)
def _slot_order(i, el_f, el_i, perm, ln):
    """Element j of house i in slot perm[ln, p]: windows first, then the other exterior faces, then
    the rest (so that the gathers and the exterior films run over the first slots only). Returns
    the numbers of windows, of exterior faces and windows, and of elements (zero-area slots left
    out)."""
    m = el_f.shape[2]
    p = 0
    nw = 0
    nx = 0
    for grp in range(3):
        for j in range(m):
            if el_f[i, F_A, j] > 0.0:
                win = el_f[i, F_FSOL, j] < 0.0
                ext = el_i[i, I_KIND, j] == K_EXTERIOR
                g = 0 if win else (1 if ext else 2)
                if g == grp:
                    perm[ln, p] = j
                    p += 1
        if grp == 0:
            nw = p
        elif grp == 1:
            nx = p
    return nw, nx, p


@nb.njit(**_STEP)
def _gains(Z, nl, rs):
    """The hour's gains of each lane's house (:func:`_house_gains`), in rows _ZQI, _ZQS, _ZPF, _ZPC."""
    for ln in range(nl):
        q_int, q_sol, p_fl, p_conv = _house_gains(
            Z[_ZPD * rs + ln], Z[_ZPB * rs + ln], Z[_ZPINT * rs + ln], Z[_ZFR * rs + ln], Z[_ZTOT * rs + ln],
            Z[_ZWIN * rs + ln], Z[_ZFLR * rs + ln], Z[_ZSPRE * rs + ln])
        Z[_ZQI * rs + ln] = q_int
        Z[_ZQS * rs + ln] = q_sol
        Z[_ZPF * rs + ln] = p_fl
        Z[_ZPC * rs + ln] = p_conv


@nb.njit(**_STEP)
def _zones(Z, nl, rs, rho, te, w_air, th, tc):
    """The zone of each lane's house (:func:`_zone`); θ_a, θ_r, Φ_HC in rows _ZTA, _ZTR, _ZPH."""
    for ln in range(nl):
        h_ve = Z[_ZHVE * rs + ln] * rho + Z[_ZHVEF * rs + ln]
        ta, tr, ph = _zone(
            Z[_ZSS * rs + ln], Z[_ZGC * rs + ln], Z[_ZGR * rs + ln], Z[_ZTT * rs + ln], Z[_ZKAA * rs + ln],
            Z[_ZKAR * rs + ln], Z[_ZTOT * rs + ln], Z[_ZCA * rs + ln], h_ve, Z[_ZHTB * rs + ln], Z[_ZAHCI * rs + ln],
            Z[_ZTAP * rs + ln], te, Z[_ZPC * rs + ln], w_air, th, tc, Z[_ZPHMAX * rs + ln], Z[_ZPCMAX * rs + ln])
        Z[_ZTA * rs + ln] = ta
        Z[_ZTR * rs + ln] = tr
        Z[_ZPH * rs + ln] = ph
        Z[_ZTAP * rs + ln] = ta


@nb.njit(**_STEP)
def _house_constants(Z, ln, rs, house, i, theta_init):
    Z[_ZHVE * rs + ln] = house[i, H_HVE]
    Z[_ZHVEF * rs + ln] = house[i, H_HVEF]
    Z[_ZHTB * rs + ln] = house[i, H_HTB]
    Z[_ZCA * rs + ln] = house[i, H_CA]
    Z[_ZPINT * rs + ln] = house[i, H_PINT]
    Z[_ZFR * rs + ln] = house[i, H_FR]
    Z[_ZPHMAX * rs + ln] = house[i, H_PHMAX]
    Z[_ZPCMAX * rs + ln] = house[i, H_PCMAX]
    Z[_ZSPRE * rs + ln] = house[i, H_SPRE]
    Z[_ZTAP * rs + ln] = theta_init
    Z[_ZMIN * rs + ln] = np.inf
    Z[_ZMAX * rs + ln] = -np.inf


@nb.njit(**_STEP)
def _record(Z, nl, rs):
    """The hour's heating and cooling, peaks, overheating hours and air temperatures of each lane."""
    for ln in range(nl):
        ta = Z[_ZTA * rs + ln]
        ph = Z[_ZPH * rs + ln]
        top = 0.5 * (ta + Z[_ZTR * rs + ln])
        Z[_ZQH * rs + ln] += _fmax(ph, 0.0)
        Z[_ZQC * rs + ln] += _fmax(-ph, 0.0)
        Z[_ZPKH * rs + ln] = _fmax(Z[_ZPKH * rs + ln], ph)
        Z[_ZPKC * rs + ln] = _fmax(Z[_ZPKC * rs + ln], -ph)
        Z[_ZN26 * rs + ln] += 1.0 if top > 26.0 + 1e-6 else 0.0
        Z[_ZN28 * rs + ln] += 1.0 if top > 28.0 + 1e-6 else 0.0
        Z[_ZMIN * rs + ln] = _fmin(Z[_ZMIN * rs + ln], ta)
        Z[_ZMAX * rs + ln] = _fmax(Z[_ZMAX * rs + ln], ta)
        Z[_ZSUM * rs + ln] += ta


@nb.njit(**_STEP)
def _results(Z, ln, rs, i, q_h, q_c, cur, stats, nh):
    q_h[i, cur] += Z[_ZQH * rs + ln]
    q_c[i, cur] += Z[_ZQC * rs + ln]
    stats[i, 0] = Z[_ZPKH * rs + ln]
    stats[i, 1] = Z[_ZPKC * rs + ln]
    stats[i, 2] = Z[_ZN26 * rs + ln]
    stats[i, 3] = Z[_ZN28 * rs + ln]
    stats[i, 4] = Z[_ZMIN * rs + ln]
    stats[i, 5] = Z[_ZMAX * rs + ln]
    stats[i, 6] = Z[_ZSUM * rs + ln] / nh


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def _run_block(b, nl, order, el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
               rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly,
               out_air, out_op, out_phi):
    """The houses order[b·B … b·B + nl − 1] over all the hours, one per lane (B = _BLOCK; a short
    last block repeats its last house and keeps none of its results): a lane's element chains in
    its slots (:func:`_slot_order`), the loops over slots run the lanes innermost, in SIMD
    registers, and the sums over elements are per lane."""
    B = _BLOCK
    js = _NB
    n = house.shape[0]
    m = el_f.shape[2]
    nh = theta_e.shape[0]
    hs = np.empty(B, dtype=np.int64)
    perm = np.zeros((B, m), dtype=np.int64)
    nes = np.zeros(B, dtype=np.int64)
    ne = 1
    nx = 0
    nw = 0
    for ln in range(nl):
        i = order[min(b * B + ln, n - 1)]
        hs[ln] = i
        w, x, e = _slot_order(i, el_f, el_i, perm, ln)
        nes[ln] = e
        ne = max(ne, e)
        nx = max(nx, x)
        nw = max(nw, w)
    X = _aligned_zeros(ne * js)
    Z = _aligned_zeros(_ZN * B)
    zero_col = irr.shape[1] - 1
    irow = np.full(ne * B, zero_col, dtype=np.uint64)
    brow = np.full(ne * B, zero_col, dtype=np.uint64)
    hrow = np.zeros(ne * B, dtype=np.uint64)
    for p in range(ne):
        for ln in range(nl):
            o = p * js + ln
            _pad_slot(X, o, B)
            if p < nes[ln]:
                a, _ah, aw, fl = _setup_slot(hs[ln], perm[ln, p], el_f, el_i, X, o, B, p * B + ln, irow, brow, hrow)
                Z[_ZTOT * B + ln] += a
                Z[_ZWIN * B + ln] += aw
                Z[_ZFLR * B + ln] = max(Z[_ZFLR * B + ln], fl)
            X[o + _T1 * B] = theta_init
            X[o + _T2 * B] = theta_init
            X[o + _T3 * B] = theta_init
            X[o + _T4 * B] = theta_init
            X[o + _T5 * B] = theta_init
    for ln in range(nl):
        _house_constants(Z, ln, B, house, hs[ln], theta_init)
    cur = month0[0]
    for s in range(n_warm + nh):
        t = s - n_warm
        while t < 0:
            t += nh
        rec = s >= n_warm
        mo = month0[t]
        if rec and mo != cur:
            for ln in range(nl):
                if b * B + ln < n:
                    q_h[hs[ln], cur] += Z[_ZQH * B + ln]
                    q_c[hs[ln], cur] += Z[_ZQC * B + ln]
                Z[_ZQH * B + ln] = 0.0
                Z[_ZQC * B + ln] = 0.0
            cur = mo
        te = theta_e[t]
        _hourly_inputs(X, Z, nw, nx, nl, B, irr[t], hce[t], irow, brow, hrow)
        _gains(Z, nl, B)
        _chains(X, Z, nx, ne, nl, B, te, theta_g[t], theta_sky[t], conv_in, conv_ext)
        _zones(Z, nl, B, rho_f[t], te, w_air, theta_h[t], theta_c[t])
        _recover_nodes(X, Z, ne, nl, B)
        if rec:
            _record(Z, nl, B)
            if want_el or want_hourly:
                for ln in range(nl):
                    if b * B + ln >= n:
                        continue
                    i = hs[ln]
                    ta = Z[_ZTA * B + ln]
                    tr = Z[_ZTR * B + ln]
                    if want_el:  # heat entering each element's inner face from the zone [W·h]
                        for p in range(nes[ln]):
                            el_q[i, perm[ln, p]] += _inner_heat(X, p * js + ln, B, ta, tr, Z[_ZPF * B + ln], Z[_ZQI * B + ln], Z[_ZQS * B + ln])
                    if want_hourly:
                        out_air[i, t] = ta
                        out_op[i, t] = 0.5 * (ta + tr)
                        out_phi[i, t] = Z[_ZPH * B + ln]
    for ln in range(nl):
        if b * B + ln < n:
            _results(Z, ln, B, hs[ln], q_h, q_c, cur, stats, nh)


@nb.njit(**_STEP)
def _inner_heat(X, o, rs, ta, tr, p_fl, q_int, q_sol):
    """Heat entering a chain's inner face from the zone this hour [W]."""
    t5 = X[o + _T5 * rs]
    qq = q_int + X[o + _OPQ * rs] * q_sol
    return X[o + _AREA * rs] * (X[o + _HCI * rs] * (ta - t5) + X[o + _HRI * rs] * (tr - t5)
                               + qq + p_fl * X[o + _FFL * rs])


@nb.njit(**_STEP)
def _lane_sum(Z, r, nl, rs):
    """Σ over the lanes of row r, into lane 0 (the one-house kernel, whose lanes are elements)."""
    acc = 0.0
    for ln in range(nl):
        acc += Z[r * rs + ln]
    Z[r * rs] = acc


@nb.njit(**_STEP)
def _broadcast(Z, r, nl, rs):
    """Lane 0 of row r into every lane (the one-house kernel, whose lanes are elements)."""
    v = Z[r * rs]
    for ln in range(1, nl):
        Z[r * rs + ln] = v


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def _run_one(i, el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
             rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly,
             out_air, out_op, out_phi):
    """One house over all the hours, its elements side by side in the lanes of one slot (rows of
    _S lanes): the same steps as :func:`_run_block`, the sums over elements taken across the
    lanes and the house's values spread to them. Faster than a block for one house."""
    rs = _S
    m = el_f.shape[2]
    nh = theta_e.shape[0]
    ne = 0
    for j in range(m):
        if el_f[i, F_A, j] > 0.0:
            ne = j + 1
    if ne > _S:
        return  # refused by build_iso_batch (more than _S elements)
    nl = max(_LANES, ((ne + _LANES - 1) // _LANES) * _LANES)  # padded to whole SIMD vectors
    X = _aligned_zeros(_NR * rs)
    Z = _aligned_zeros(_ZN * rs)
    zero_col = irr.shape[1] - 1
    irow = np.full(rs, zero_col, dtype=np.uint64)
    brow = np.full(rs, zero_col, dtype=np.uint64)
    hrow = np.zeros(rs, dtype=np.uint64)
    a_tot = 0.0
    a_win = 0.0
    has_floor = 0.0
    for j in range(nl):
        _pad_slot(X, j, rs)
        if j < ne and el_f[i, F_A, j] > 0.0:
            a, _ah, aw, fl = _setup_slot(i, j, el_f, el_i, X, j, rs, j, irow, brow, hrow)
            a_tot += a
            a_win += aw
            has_floor = max(has_floor, fl)
        X[j + _T1 * rs] = theta_init
        X[j + _T2 * rs] = theta_init
        X[j + _T3 * rs] = theta_init
        X[j + _T4 * rs] = theta_init
        X[j + _T5 * rs] = theta_init
    _house_constants(Z, 0, rs, house, i, theta_init)
    Z[_ZTOT * rs] = a_tot
    Z[_ZWIN * rs] = a_win
    Z[_ZFLR * rs] = has_floor
    _broadcast(Z, _ZTAP, nl, rs)
    cur = month0[0]
    for s in range(n_warm + nh):
        t = s - n_warm
        while t < 0:
            t += nh
        rec = s >= n_warm
        mo = month0[t]
        if rec and mo != cur:
            q_h[i, cur] += Z[_ZQH * rs]
            q_c[i, cur] += Z[_ZQC * rs]
            Z[_ZQH * rs] = 0.0
            Z[_ZQC * rs] = 0.0
            cur = mo
        te = theta_e[t]
        _hourly_inputs(X, Z, 1, 1, nl, rs, irr[t], hce[t], irow, brow, hrow)
        _lane_sum(Z, _ZPD, nl, rs)
        _lane_sum(Z, _ZPB, nl, rs)
        _gains(Z, 1, rs)
        _broadcast(Z, _ZQI, nl, rs)
        _broadcast(Z, _ZQS, nl, rs)
        _broadcast(Z, _ZPF, nl, rs)
        _chains(X, Z, 1, 1, nl, rs, te, theta_g[t], theta_sky[t], conv_in, conv_ext)
        for r in (_ZAHCI, _ZSS, _ZGC, _ZGR, _ZTT, _ZKAA, _ZKAR):
            _lane_sum(Z, r, nl, rs)
        _zones(Z, 1, rs, rho_f[t], te, w_air, theta_h[t], theta_c[t])
        _broadcast(Z, _ZTA, nl, rs)
        _broadcast(Z, _ZTR, nl, rs)
        _broadcast(Z, _ZTAP, nl, rs)
        _recover_nodes(X, Z, 1, nl, rs)
        if rec:
            _record(Z, 1, rs)
            ta = Z[_ZTA * rs]
            tr = Z[_ZTR * rs]
            if want_el:  # heat entering each element's inner face from the zone [W·h]
                for j in range(ne):
                    el_q[i, j] += _inner_heat(X, j, rs, ta, tr, Z[_ZPF * rs], Z[_ZQI * rs], Z[_ZQS * rs])
            if want_hourly:
                out_air[i, t] = ta
                out_op[i, t] = 0.5 * (ta + tr)
                out_phi[i, t] = Z[_ZPH * rs]
    _results(Z, 0, rs, i, q_h, q_c, cur, stats, nh)


@nb.njit(parallel=True, cache=True, error_model="numpy", fastmath=_FASTMATH)
def _kernel(nl, order, el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
            rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly, out_air, out_op, out_phi):
    """Blocks of houses spread over the cores (numba.prange).

    The blocks go in the order of the fractional parts of q·φ (φ the golden ratio): numba's
    threads take contiguous ranges of the loop (OpenMP's static schedule, whatever the chunk
    size), and the blocks, sorted by numbers of elements, grow heavier along the batch, so that
    in their own order the last thread would get the heaviest houses (≈ 6 % more work than the
    first for the archetypes); in this order every range samples the whole batch."""
    nblock = (house.shape[0] + _BLOCK - 1) // _BLOCK
    key = np.empty(nblock)
    for q in range(nblock):
        key[q] = (q * _GOLDEN) % 1.0
    border = np.argsort(key)
    for q in prange(nblock):
        _run_block(border[q], nl, order, el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
                   rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly,
                   out_air, out_op, out_phi)


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def _kernel_serial(el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
                   rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly,
                   out_air, out_op, out_phi):
    """Houses one after the other on the calling thread, each by :func:`_run_one` (a batch too
    small to fill a block or to share)."""
    for i in range(house.shape[0]):
        _run_one(i, el_f, el_i, house, irr, hce, theta_e, theta_g, theta_sky, theta_h, theta_c, month0,
                 rho_f, n_warm, w_air, theta_init, conv_in, conv_ext, q_h, q_c, stats, el_q, want_el, want_hourly,
                 out_air, out_op, out_phi)
