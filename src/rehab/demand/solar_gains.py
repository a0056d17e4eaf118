"""Solar heat gains of a batch of houses from the shared irradiance table.

One routine, used by the hourly engine (block by block, inside its numba
kernel) and by the monthly method (monthly means): the gain of house i at
hour t is

    Φ_sol,i(t) = Σ_k sol_area[i, k] · I[sol_idx[i, k], t]
               + Σ_k wall_area[i, k] · I[wall_idx[i, k], t] / (1 + h_e[wall_film[i, k], t] · wall_r[i, k])

ISO 13790:2008 11.3.2 (eq. 43: Φ_sol = Σ F_sh,ob·A_sol·I_sol) for the
linear slots — windows and surfaces whose absorbed share does not change
with the hour (the angular modifier of glazing and the constant
R_se·U share of 11.3.4 folded into the row or the area) — and, for walls
whose outer film follows the wind, the steady split
f = 1/(1 + h_e·R_rest) of :func:`rehab.gains.opaque_absorbed_fraction`
evaluated hour by hour (11.3.4 is its case h_e = 1/R_se).

The table is read row by row (contiguous in time), so a house's hourly
series costs one pass over each of its rows whatever the number of rows
of the table: a stock whose every façade has its own azimuth does not slow
the kernel down.
"""

from __future__ import annotations

import threading
import weakref

import numba as nb
import numpy as np

from .. import _warmup

__all__ = ["WallSumCache", "month_sums", "solar_gains", "solar_gains_monthly"]

_FASTMATH = {"contract", "reassoc", "nsz", "arcp"}


@nb.njit(cache=True, fastmath=_FASTMATH, error_model="numpy")
def house_series(i, sol_idx, sol_area, wall_idx, wall_film, wall_r, wall_area, irr, out):
    """Φ_sol of house ``i`` for every hour of ``irr`` into ``out`` [W] (module formula).

    Two slots per pass over the hours: two linear slots at a time, and two
    wall slots that share their film row and R_rest (the two azimuth nodes
    of one wall, adjacent in the slots, :func:`rehab.table.solar_surfaces`)
    share one division, (a₁·I₁ + a₂·I₂)/(1 + h_e·R_rest).
    """
    nh = irr.shape[1]
    for t in range(nh):
        out[t] = 0.0
    ks = sol_idx.shape[1]
    k = 0
    while k < ks:
        r = sol_idx[i, k]
        if r < 0:
            k += 1
            continue
        a = sol_area[i, k]
        k2 = k + 1
        while k2 < ks and sol_idx[i, k2] < 0:
            k2 += 1
        if k2 < ks:
            r2 = sol_idx[i, k2]
            a2 = sol_area[i, k2]
            for t in range(nh):
                out[t] += a * irr[r, t] + a2 * irr[r2, t]
            k = k2 + 1
        else:
            for t in range(nh):
                out[t] += a * irr[r, t]
            k = k2
    kw = wall_idx.shape[1]
    k = 0
    while k < kw:
        r = wall_idx[i, k]
        f = wall_film[i, k]
        if r < 0 or f < 0:
            k += 1
            continue
        a = wall_area[i, k]
        rr = wall_r[i, k]
        if k + 1 < kw and wall_idx[i, k + 1] >= 0 and wall_film[i, k + 1] == f and wall_r[i, k + 1] == rr:
            r2 = wall_idx[i, k + 1]
            a2 = wall_area[i, k + 1]
            for t in range(nh):
                out[t] += (a * irr[r, t] + a2 * irr[r2, t]) / (1.0 + irr[f, t] * rr)
            k += 2
        else:
            for t in range(nh):
                out[t] += a * irr[r, t] / (1.0 + irr[f, t] * rr)
            k += 1


@nb.njit(cache=True, fastmath=_FASTMATH, error_model="numpy")
def _monthly(sol_idx, sol_area, wall_idx, wall_film, wall_r, wall_area, irr, month0, out):
    nh = irr.shape[1]
    buf = np.empty(nh)
    for i in range(sol_idx.shape[0]):
        house_series(i, sol_idx, sol_area, wall_idx, wall_film, wall_r, wall_area, irr, buf)
        for t in range(nh):
            out[i, month0[t]] += buf[t]


def solar_gains(zones, irradiance: np.ndarray) -> np.ndarray:
    """Hourly solar gains Φ_sol of every house [W] (n, n_hours) — the module formula.

    Parameters
    ----------
    zones : rehab.demand.zones.ThermalZones
    irradiance : numpy.ndarray (rows, n_hours)
        The climate's irradiance table (irradiance and film rows).

    Examples
    --------
    >>> import numpy as np
    >>> from rehab.demand.zones import ThermalZones
    >>> z = ThermalZones.from_arrays(h_tr_op=100.0, h_tr_w=10.0, h_ve=20.0, c_m=1e7, a_floor=60.0,
    ...     sol_idx=[[0]], sol_area=[[2.0]], wall_idx=[[0]], wall_film=[[1]], wall_r=[[0.5]],
    ...     wall_area=[[3.0]])
    >>> irr = np.array([[100.0, 200.0], [10.0, 30.0]])
    >>> solar_gains(z, irr).tolist()  # 2·100 + 3·100/(1 + 10·0.5), 2·200 + 3·200/16
    [[250.0, 437.5]]
    """
    irr = np.ascontiguousarray(irradiance, dtype=np.float64)
    n = len(zones)
    out = np.empty((n, irr.shape[1]))
    for i in range(n):
        house_series(i, zones.sol_idx, zones.sol_area, zones.wall_idx, zones.wall_film, zones.wall_r,
                     zones.wall_area, irr, out[i])
    return out


def solar_gains_monthly(zones, irradiance: np.ndarray, month: np.ndarray, hours: np.ndarray, *,
                        linear: bool = True, cache: WallSumCache | None = None) -> np.ndarray:
    """Monthly mean solar gains of every house [W] (n, 12): the hourly formula averaged.

    Parameters
    ----------
    zones : rehab.demand.zones.ThermalZones
    irradiance : numpy.ndarray (rows, n_hours)
        The hourly irradiance table.
    month : numpy.ndarray (n_hours,)
        Calendar month of each hour (1–12).
    hours : numpy.ndarray (12,)
        Hours per month [h].
    linear : bool
        False: the hourly-film walls only (the monthly method averages the
        linear slots from the monthly irradiance means).
    cache : WallSumCache, optional
        Monthly wall sums kept between calls on the same irradiance buffer
        (walls only): for tables whose rows never change once written.
    """
    irr = np.ascontiguousarray(irradiance, dtype=np.float64)
    n = len(zones)
    m0 = np.ascontiguousarray(np.asarray(month, dtype=np.int64) - 1)
    h = np.asarray(hours, dtype=float)
    if linear:
        out = np.zeros((n, 12))
        _monthly(zones.sol_idx, zones.sol_area, zones.wall_idx, zones.wall_film, zones.wall_r, zones.wall_area,
                 irr, m0, out)
        return np.where(h > 0, out / np.where(h > 0, h, 1.0), 0.0)
    # the walls alone: the hourly formula is linear in each slot's area, so the monthly sum of
    # I[r]/(1 + h_e[f]·R) is computed once per distinct (row, film row, R) triple of the batch
    # (a stock of distinct dwellings shares a few thousand), over the hours with daylight only
    # (I[r] = 0 adds nothing), and weighted by the slots' areas
    live = (zones.wall_idx >= 0) & (zones.wall_film >= 0)
    out = np.zeros((n, 12))
    if not live.any():
        return out
    n_rows = irr.shape[0]
    r_all, f_all = zones.wall_idx[live].astype(np.int64), zones.wall_film[live].astype(np.int64)
    wr = zones.wall_r[live]
    x_vals = np.unique(wr)
    code = (f_all * len(x_vals) + np.searchsorted(x_vals, wr)) * n_rows + r_all
    uniq, inv = np.unique(code, return_inverse=True)  # sorted by (f, R), then r
    u_r = uniq % n_rows
    fx = uniq // n_rows
    u_f = fx // len(x_vals)
    u_x = np.ascontiguousarray(x_vals[fx % len(x_vals)])
    per = np.zeros((len(uniq) + 1, 12))  # the last row: dead slots
    _warmup.wait("monthly")  # compiled by the child of a CLI programme (rehab._warmup)
    per[:-1] = _triple_sums(irr, m0, u_r, u_f, u_x) if cache is None else cache.sums(irr, m0, u_r, u_f, u_x)
    per[:-1] = np.where(h > 0, per[:-1] / np.where(h > 0, h, 1.0), 0.0)
    slot = np.full(zones.wall_idx.shape, len(uniq), dtype=np.int64)
    slot[live] = np.asarray(inv).reshape(-1)
    area = np.where(live, zones.wall_area, 0.0)
    for k in range(slot.shape[1]):
        out += area[:, k, None] * per[slot[:, k]]
    return out


def _triple_sums(irr: np.ndarray, m0: np.ndarray, u_r: np.ndarray, u_f: np.ndarray, u_x: np.ndarray) -> np.ndarray:
    """Monthly sums Σ I[r]/(1 + I[f]·R) [W·h/m²] of (r, f, R) triples sorted by (f, R), (n, 12),
    over the hours where one of the rows r has daylight; those sharing (f, R) (the two azimuth
    nodes of a wall) share the hour's 1/(1 + h_e·R). The sums do not depend on the other
    triples (:func:`_wall_sums`)."""
    out = np.zeros((len(u_r), 12))
    if not len(u_r):
        return out
    lit = np.zeros(irr.shape[1], dtype=bool)
    for r in np.unique(u_r).tolist():
        lit |= irr[r] != 0.0
    day = np.flatnonzero(lit)
    day = day[np.argsort(m0[day], kind="stable")]
    bounds = np.searchsorted(m0[day], np.arange(13))
    used, back = np.unique(np.concatenate((u_r, u_f)), return_inverse=True)  # the rows read, daylight hours
    back = np.asarray(back).reshape(-1)
    groups = np.flatnonzero(np.concatenate(([True], (u_f[1:] != u_f[:-1]) | (u_x[1:] != u_x[:-1]), [True])))
    _wall_sums(back[: len(u_r)], back[len(u_r):], u_x, groups, irr[np.ix_(used, day)], bounds, out)
    return out


@nb.njit(cache=True, fastmath={"nsz", "arcp", "contract"}, error_model="numpy")
def _wall_sums(r_idx, f_idx, rr, groups, irr, bounds, out):
    """Monthly sums of I[r, t] / (1 + I[f, t]·R) [W·h/m²], one row per (r, f, R) triple, the
    triples of one (f, R) on [groups[g], groups[g + 1]) (two at a time: one reciprocal per hour);
    the hours of ``irr`` sorted by month, month m on [bounds[m], bounds[m + 1]). Each sum adds
    its hours in time order (no reassociation; I = 0 adds an exact 0): a triple's sums do not
    depend on the triples around it nor on the dark hours left out."""
    for g in range(groups.shape[0] - 1):
        j = groups[g]
        end = groups[g + 1]
        f = f_idx[j]
        x = rr[j]
        while j + 1 < end:
            r1 = r_idx[j]
            r2 = r_idx[j + 1]
            for m in range(12):
                s1 = 0.0
                s2 = 0.0
                for t in range(bounds[m], bounds[m + 1]):
                    q = 1.0 / (1.0 + irr[f, t] * x)
                    s1 += irr[r1, t] * q
                    s2 += irr[r2, t] * q
                out[j, m] = s1
                out[j + 1, m] = s2
            j += 2
        if j < end:
            r = r_idx[j]
            for m in range(12):
                s = 0.0
                for t in range(bounds[m], bounds[m + 1]):
                    q = 1.0 / (1.0 + irr[f, t] * x)
                    s += irr[r, t] * q
                out[j, m] = s


class WallSumCache:
    """Monthly wall sums of :func:`solar_gains_monthly` kept between calls on one buffer.

    The irradiance tables of :func:`rehab.simulation.build_batch` are views of one buffer
    whose rows, once written, never change (its row bank): the chunks of a programme share
    most of their (row, film row, R) triples, and each is summed once. Keyed by the buffer
    (held weakly), the rows' positions in it and the month of each hour; another buffer or
    other months start afresh. Give a cache only with tables whose rows never change in
    place. Thread-safe.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._base: weakref.ref | None = None
        self._month = np.zeros(0, dtype=np.int64)
        self._x: dict[float, int] = {}
        self._codes = np.zeros(0, dtype=np.int64)
        self._sums = np.zeros((0, 12))

    def __len__(self) -> int:
        """Number of triples kept."""
        return len(self._codes)

    def sums(self, irr: np.ndarray, m0: np.ndarray, u_r: np.ndarray, u_f: np.ndarray, u_x: np.ndarray) -> np.ndarray:
        """The sums of :func:`_triple_sums` for these triples, the missing ones computed and kept."""
        base = irr
        while isinstance(base.base, np.ndarray):
            base = base.base
        if base.ndim != 2 or base.strides != irr.strides or not base.flags.c_contiguous:
            return _triple_sums(irr, m0, u_r, u_f, u_x)
        offset = (irr.__array_interface__["data"][0] - base.__array_interface__["data"][0]) // irr.strides[0]
        n_base = base.shape[0]
        if n_base >= 1 << 20 or len(self._x) + len(u_x) >= 1 << 20:  # codes would not fit in 62 bits
            return _triple_sums(irr, m0, u_r, u_f, u_x)
        with self._lock:
            if self._base is None or self._base() is not base or not np.array_equal(self._month, m0):
                self._base, self._month = weakref.ref(base), m0.copy()
                self._x, self._codes, self._sums = {}, np.zeros(0, dtype=np.int64), np.zeros((0, 12))
            xs = np.unique(u_x)
            xid = np.array([self._x.setdefault(v, len(self._x)) for v in xs.tolist()], dtype=np.int64)
            codes = ((u_f + offset) * n_base + (u_r + offset)) * (1 << 20) + xid[np.searchsorted(xs, u_x)]
            pos = np.minimum(np.searchsorted(self._codes, codes), max(len(self._codes) - 1, 0))
            hit = (self._codes[pos] == codes) if len(self._codes) else np.zeros(len(codes), dtype=bool)
            out = np.empty((len(codes), 12))
            out[hit] = self._sums[pos[hit]]
            miss = np.flatnonzero(~hit)
            if len(miss):
                new = _triple_sums(irr, m0, u_r[miss], u_f[miss], u_x[miss])
                out[miss] = new
                codes_all = np.concatenate((self._codes, codes[miss]))
                order = np.argsort(codes_all, kind="stable")
                self._codes = codes_all[order]
                self._sums = np.concatenate((self._sums, new))[order]
            return out


@nb.njit(cache=True)
def _month_sums(x, month0, out):
    """out[r, month0[t]] += x[r, t] hour after hour (the additions of np.bincount, in its order),
    each run of hours of one month summed in a register, four rows at a time."""
    nh = x.shape[1]
    nr = x.shape[0]
    r = 0
    while r + 4 <= nr:
        t = 0
        while t < nh:
            m = month0[t]
            a0, a1, a2, a3 = out[r, m], out[r + 1, m], out[r + 2, m], out[r + 3, m]
            while t < nh and month0[t] == m:
                a0 += x[r, t]
                a1 += x[r + 1, t]
                a2 += x[r + 2, t]
                a3 += x[r + 3, t]
                t += 1
            out[r, m], out[r + 1, m], out[r + 2, m], out[r + 3, m] = a0, a1, a2, a3
        r += 4
    for q in range(r, nr):
        t = 0
        while t < nh:
            m = month0[t]
            a = out[q, m]
            while t < nh and month0[t] == m:
                a += x[q, t]
                t += 1
            out[q, m] = a


def month_sums(x: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Sum of each row of an hourly table over the hours of each month, (rows, 12).

    Hour by hour in the order of the table, as ``np.bincount(month - 1, weights=row)`` adds them
    (the same floating-point sums), in one compiled pass over the table.

    Parameters
    ----------
    x : numpy.ndarray (rows, n_hours)
        Hourly values (e.g. irradiance [W/m²]).
    month : numpy.ndarray (n_hours,)
        Calendar month of each hour (1–12).

    Returns
    -------
    numpy.ndarray (rows, 12)
        In the unit of ``x`` times hours.

    Examples
    --------
    >>> month_sums(np.array([[1.0, 2.0, 4.0]]), np.array([1, 1, 12])).tolist()[0][::11]
    [3.0, 4.0]
    """
    x = np.ascontiguousarray(np.atleast_2d(x), dtype=np.float64)
    if x.flags.writeable:  # one compiled signature (read-only x), whatever the caller hands over
        x = x.view()
        x.flags.writeable = False
    out = np.zeros((x.shape[0], 12))
    _warmup.wait("monthly")  # compiled by the child of a CLI programme (rehab._warmup)
    _month_sums(x, np.ascontiguousarray(np.asarray(month, dtype=np.int64) - 1), out)
    return out
