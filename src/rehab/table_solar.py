"""The sunlit surfaces of a house table: irradiance row keys and collecting areas for the engines.

:func:`solar_surfaces` turns the exterior elements of a
:class:`rehab.table.HouseTable` into the distinct rows of the engine batch's
irradiance table (windows, opaque surfaces, wind-film walls on an azimuth
grid) and each house's slots on them (:func:`rehab.simulation.build_batch`).
Re-exported by :mod:`rehab.table`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import gains
from .table_read import BOUNDARY

__all__ = ["AZIMUTH_GRID", "solar_surfaces"]


#: Azimuth grid of the irradiance rows [deg] (the rows of the engine batch are computed at
#: whole degrees; a surface between two nodes takes both, linearly weighted — exact for
#: whole-degree azimuths; otherwise annual needs move by a few 10⁻⁶ relative). Choice of
#: rehab, 2026-12.
AZIMUTH_GRID = 1.0


def _azimuth_nodes(az: np.ndarray, grid: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower and upper grid nodes of each azimuth [deg] and the weight of the upper one [-]."""
    az = np.asarray(az, dtype=float) % 360.0
    if not grid:
        a = np.round(az, 6)
        return a, a, np.zeros(len(az))
    x = az / grid
    lo = np.floor(x)
    w = x - lo
    up = w > 1.0 - 1e-9
    lo = np.where(up, lo + 1.0, lo)
    w = np.where(up | (w < 1e-9), 0.0, w)
    lo_az, hi_az = (lo * grid) % 360.0, ((lo + 1.0) * grid) % 360.0
    if (4.0 * grid).is_integer():  # multiples of ¼°: already their rounding to 10⁻⁶°
        return lo_az, hi_az, w
    return np.round(lo_az, 6), np.round(hi_az, 6), w


def solar_surfaces(
    table: Any, exterior: str = "wind", grid: float | None = AZIMUTH_GRID
) -> tuple[list[tuple], tuple[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, ...]]:
    """Sunlit surfaces of every house of a :class:`rehab.table.HouseTable`: irradiance rows and collecting areas.

    Windows collect A_sol = F_sh·g·(1 − F_F)·A times the row ("win",
    azimuth, tilt, panes) — the irradiance transmitted by clear glazing, its
    angular modifier included. Opaque exterior elements facing up to
    vertical collect α·A times the irradiance row ("tot", azimuth, tilt),
    with the share entering the zone f = 1/(1 + h_e·R_rest): ISO
    13790:2008 11.3.4's R_se·U folded into the area for roofs (and for
    walls with ``exterior="iso"``), or, for walls by default, hour by hour
    with the wind film of row ("film", azimuth) (see :mod:`rehab.simulation`
    and :mod:`rehab.demand.solar_gains`). Floors exposed below and walls
    without azimuth receive none.

    Rows are computed on an azimuth grid of ``grid`` degrees: a surface
    between two nodes takes both with linear weights (exact on the nodes);
    ``grid=None`` gives every distinct azimuth (to 10⁻⁶ deg) its own rows.

    Returns
    -------
    keys : list of tuple
        Distinct row keys, sorted.
    linear : (house, key_index, area)
        One entry per (house, row) pair with its summed area [m²], sorted by
        house then row.
    walls : (house, key_index, film_index, r_rest, area)
        One entry per hourly-film wall slot: its irradiance and film rows,
        R_rest [m²·K/W] and α·A [m²], sorted by house, then film row and R_rest
        (slots sharing a film and R_rest side by side: they share one division in
        :func:`rehab.demand.solar_gains.house_series`).
    """
    e = table.elements
    ext = e["boundary"] == BOUNDARY["exterior"]
    not_ground = e["etype"] != 2
    tilt = e["tilt"]
    sunlit = ext & not_ground & (tilt <= 90.0)
    win = sunlit & (e["etype"] == 1)
    opq = sunlit & (e["etype"] == 0) & ~(np.isnan(e["azimuth"]) & (tilt > 45.0))
    az = np.where(np.isnan(e["azimuth"]), 180.0, e["azimuth"])
    rows_w = np.flatnonzero(win)
    rows_o = np.flatnonzero(opq)
    a_w = np.asarray(
        gains.window_solar_aperture(
            e["area"][rows_w], e["g_value"][rows_w], e["frame_fraction"][rows_w], f_w=1.0,
            obstacle_shading=e["shading"][rows_w],
        ),
        dtype=float,
    ).reshape(-1)
    with np.errstate(divide="ignore"):
        r_rest = 1.0 / e["u"][rows_o] - gains.R_SE
    alpha_a = e["solar_absorptance"][rows_o] * e["area"][rows_o]
    wall = (tilt[rows_o] > 45.0) if exterior == "wind" else np.zeros(len(rows_o), dtype=bool)
    # opaque surfaces with the design film: the constant share R_se·U folded into the area
    f_iso = np.asarray(gains.opaque_absorbed_fraction(r_rest[~wall], 1.0 / gains.R_SE), dtype=float).reshape(-1)
    tilt_w = np.round(tilt[rows_w], 1)
    tilt_o = np.round(tilt[rows_o], 1)
    lo_w, hi_w, f_w = _azimuth_nodes(az[rows_w], grid)
    lo_o, hi_o, f_o = _azimuth_nodes(az[rows_o], grid)
    # every surface on its lower node (weight 1 − w) and, between nodes, its upper node (w)
    two_w = np.flatnonzero(f_w > 0)
    two_o = np.flatnonzero(f_o > 0)
    sw = np.concatenate((np.arange(len(rows_w)), two_w))
    so = np.concatenate((np.arange(len(rows_o)), two_o))
    node_w = np.concatenate((lo_w, hi_w[two_w]))
    node_o = np.concatenate((lo_o, hi_o[two_o]))
    wt_w = np.concatenate((1.0 - f_w, f_w[two_w]))
    wt_o = np.concatenate((1.0 - f_o, f_o[two_o]))
    is_wall = wall[so]
    # the wind film switches windward/leeward where the wind direction is 90° off the façade:
    # whole degrees in weather files, so between two nodes the film of the mid-point is the
    # façade's own, exactly (an interpolated film would mix both sides of a switch)
    mid = (lo_o + 0.5 * (grid or 0.0)) % 360.0
    film_az = np.where(f_o > 0, mid if grid and (8.0 * grid).is_integer() else np.round(mid, 6), lo_o)
    fa = film_az[so][is_wall]
    uniq, (kidx_w, kidx_o, kidx_f) = _row_keys(
        (2, node_w, tilt_w[sw], e["panes"][rows_w][sw]),
        (1, node_o, tilt_o[so], 0),
        (0, fa, 0.0, 0),
    )
    # linear slots: windows, and opaque surfaces with the design film
    house_o = e["house"][rows_o][so]
    lin_o = ~is_wall
    f_lin = np.zeros(len(rows_o))
    f_lin[~wall] = f_iso
    house = np.concatenate((e["house"][rows_w][sw], house_o[lin_o]))
    kidx = np.concatenate((kidx_w, kidx_o[lin_o]))
    area = np.concatenate((a_w[sw] * wt_w, (alpha_a * f_lin)[so][lin_o] * wt_o[lin_o]))
    nk = max(len(uniq), 1)
    pair = house * nk + kidx
    order = np.argsort(pair, kind="stable")  # runs sorted by house: fast, and keeps the sum order
    pair = pair[order]
    new = np.ones(len(pair), dtype=bool)
    new[1:] = pair[1:] != pair[:-1]
    up = pair[new]
    summed = np.bincount(np.cumsum(new) - 1, weights=area[order], minlength=len(up))
    linear = (up // nk, up % nk, summed)
    # hourly-film walls: one slot per (house, irradiance row, film row, R_rest), areas summed
    wh = house_o[is_wall]
    wk = kidx_o[is_wall]
    wr = r_rest[so][is_wall]
    wa = alpha_a[so][is_wall] * wt_o[is_wall]
    if len(wh):
        # by house, film row, R_rest, irradiance row: the two nodes of a wall side by side
        # (one stable sort of the four as one integer, R_rest by its rank)
        r_rank, r_vals = _ranks(wr)
        code = _combined_code((wh, len(table)), (kidx_f, nk), (r_rank, len(r_vals)), (wk, nk))
        order = np.argsort(code, kind="stable")
        code = code[order]
        new = np.ones(len(wh), dtype=bool)
        new[1:] = code[1:] != code[:-1]
        wh, wk, wf, wr, wa = wh[order], wk[order], kidx_f[order], wr[order], wa[order]
        grp = np.cumsum(new) - 1
        walls = (wh[new], wk[new], wf[new], wr[new], np.bincount(grp, weights=wa))
    else:
        walls = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0), np.zeros(0))
    return uniq, linear, walls


#: Kinds of irradiance rows, in the order of their codes (the order of sorted key tuples).
_ROW_KINDS = ("film", "tot", "win")


def _ranks(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense ranks of values (order-preserving) and the distinct values, sorted.

    Non-negative integers below 2²² are ranked by a table of the values present (one pass,
    no sort); anything else by hashing (:func:`pandas.factorize`, equal values share a rank,
    0.0 and −0.0 too), or :func:`numpy.unique` with NaN.
    """
    if x.dtype.kind in "iu" and len(x):
        lo, hi = int(x.min()), int(x.max())
        if lo >= 0 and hi < 1 << 22:
            seen = np.zeros(hi + 1, dtype=bool)
            seen[x] = True
            return np.cumsum(seen)[x] - 1, np.flatnonzero(seen)
    import pandas as pd

    rank, values = pd.factorize(x, sort=True)
    if len(x) and rank.min() < 0:  # NaN
        values, rank = np.unique(x, return_inverse=True)
    return rank.reshape(-1), np.asarray(values)


def _joint_ranks(arrays: list[np.ndarray]) -> tuple[list[np.ndarray], int]:
    """Ranks of the values of several arrays taken together (order-preserving; equal values
    share one), array by array, and the number of distinct values.

    Floats that are all multiples of ½ (azimuths on a half-degree grid, whole or half-degree
    tilts) are ranked through the integers 2·v (doubling is exact: equal integers are equal
    floats), and non-negative integers below 2²² by one table of the values present, without
    joining the arrays; anything else by :func:`_ranks` of the joined arrays.
    """
    ints: list[np.ndarray] | None = []
    for a in arrays:
        if a.dtype.kind == "f":
            x = a * 2.0
            with np.errstate(invalid="ignore"):  # NaN or huge: not integers, caught below
                xi = x.astype(np.int64)
            if not np.array_equal(xi, x):
                ints = None
                break
            ints.append(xi)
        else:
            ints.append(a)
    full = [x for x in ints or () if x.size]
    if ints is not None and full:
        lo, hi = min(int(x.min()) for x in full), max(int(x.max()) for x in full)
        if lo >= 0 and hi < 1 << 22:
            seen = np.zeros(hi + 1, dtype=bool)
            for x in full:
                seen[x] = True
            table = np.cumsum(seen) - 1
            return [table[x] for x in ints], int(table[-1]) + 1
    rank, values = _ranks(np.concatenate([a.reshape(-1) for a in arrays]))
    return np.split(rank, np.cumsum([a.size for a in arrays])[:-1]), len(values)


def _combined_code(*fields: tuple[np.ndarray, int]) -> np.ndarray:
    """One integer per entry that sorts (and compares) as the tuple of its fields does.

    ``fields``: (rank, number of distinct values) per field, most significant first; the
    ranks combine in mixed radix, and what is combined so far is ranked again whenever the
    next product would leave int64.
    """
    code, size = fields[0]
    for rank, n in fields[1:]:
        if size * n >= 1 << 62:
            code, distinct = _ranks(code)
            size = len(distinct)
        code = code * n + rank
        size *= n
    return code


def _row_keys(*parts: tuple[int, np.ndarray, np.ndarray, np.ndarray]) -> tuple[list[tuple], list[np.ndarray]]:
    """Distinct irradiance-row keys of several groups of entries, and each entry's key index.

    ``parts``: (kind code into ``_ROW_KINDS``, azimuth, tilt, panes) per group (tilt and
    panes: an array like the azimuths, or one number for the whole group). The keys come
    sorted as the tuples ("film", az) < ("tot", az, tilt) < ("win", az, tilt, panes) sort
    (kind, then the numbers): each field is replaced by its rank among the field's distinct
    values (:func:`_joint_ranks`), and the ranks combine into one integer per entry, which
    sorts as the tuple does.
    """
    az_r, n_az = _joint_ranks([np.asarray(p[1], dtype=float) for p in parts])
    t_r, n_t = _joint_ranks([np.asarray(p[2], dtype=float) for p in parts])
    p_r, n_p = _joint_ranks([np.asarray(p[3], dtype=np.int64) for p in parts])
    at = [a * n_t + t for a, t in zip(az_r, t_r, strict=True)]
    n_at = n_az * n_t
    if len(_ROW_KINDS) * n_at * max(n_p, 1) >= 1 << 62:  # keep the code in int64: rank the pairs
        at, n_at = _joint_ranks(at)
    index, n_keys = _joint_ranks([(p[0] * n_at + a) * n_p + r for p, a, r in zip(parts, at, p_r, strict=True)])
    fields = (np.empty(n_keys, dtype=np.int64), np.empty(n_keys), np.empty(n_keys), np.empty(n_keys, dtype=np.int64))
    for p, idx in zip(parts, index, strict=True):  # each key's values, from one of its entries
        first = np.full(n_keys, -1)
        first[idx] = np.arange(len(idx))
        has = np.flatnonzero(first >= 0)
        fields[0][has] = p[0]
        for f, v in zip(fields[1:], p[1:], strict=True):
            f[has] = np.broadcast_to(v, idx.shape)[first[has]]
    k, a, t, n = (f.tolist() for f in fields)
    keys = [
        (_ROW_KINDS[kk], aa) if kk == 0 else (_ROW_KINDS[kk], aa, tt) if kk == 1 else (_ROW_KINDS[kk], aa, tt, nn)
        for kk, aa, tt, nn in zip(k, a, t, n, strict=True)
    ]
    return keys, index
