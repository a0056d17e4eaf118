"""Struct-of-arrays inputs of the demand engines: thermal zones and their climate.

A batch of houses reaches the hourly and monthly engines as one
:class:`ThermalZones` (one value per house in each field, SI units) and one
climate shared by every house: :class:`ZoneClimate` (hourly) or
:class:`MonthlyClimate` (monthly means, derived from a ZoneClimate or given
directly, e.g. from the 3CL conventional tables).

The parametrisation is the one of the simple hourly method of
ISO 13790:2008 (7.2.2 and Annex C, five resistances and one capacity) and of
its monthly method (§7.2.1, §12, §13): transmission to outdoor air, to the
ground, through windows, ventilation, the internal heat capacity C_m and its
effective area A_m, the area of all surfaces facing the zone A_t, and solar
collecting areas attached to rows of an irradiance table.

Tables shared by the houses are indexed per house:

* ``int_idx``: row of the internal-gain profile table (relative profile, the
  mean gain ``phi_int`` is multiplied hour by hour by that row);
* ``sol_idx``/``sol_area``: up to K rows of the irradiance table per house,
  Φ_sol(t) = Σ_k sol_area[k]·I[sol_idx[k], t] (−1 marks an unused slot);
* ``sched_idx``: row of the heating and cooling set-point tables.

Examples
--------
>>> import numpy as np
>>> from rehab.demand.zones import ThermalZones
>>> z = ThermalZones.from_arrays(h_tr_op=[150.0, 200.0], h_tr_w=30.0, h_ve=40.0,
...                              c_m=165_000.0 * 80, a_floor=80.0)
>>> len(z), z.a_m.tolist(), z.a_t.tolist()
(2, [200.0, 200.0], [360.0, 360.0])
>>> len(z.take([1])), float(z.take([1]).h_tr_op[0])
(1, 200.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from ..errors import InputError

__all__ = [
    "H_MS",
    "MonthlyClimate",
    "ThermalZones",
    "ZoneClimate",
]

#: Heat transfer coefficient between the mass node and the surface node,
#: h_ms = 9.1 W/(m²·K) (ISO 13790:2008, 12.2.2, eq. 64). [W/(m²·K)]
H_MS = 9.1

#: Ratio of the area of all surfaces facing the zone to the floor area,
#: Λ_at = 4.5 (ISO 13790:2008, 7.2.2.2). [-]
LAMBDA_AT = 4.5

#: Default effective mass area per floor area for a "medium" class building,
#: A_m = 2.5·A_f (ISO 13790:2008, 12.3.1.2, Table 12). [-]
A_M_MEDIUM = 2.5

_FLOAT_FIELDS = (
    "h_tr_op",
    "h_tr_gr",
    "h_tr_w",
    "h_ve",
    "c_m",
    "a_m",
    "a_t",
    "a_floor",
    "phi_int",
    "h_sky",
    "phi_h_max",
    "phi_c_max",
)
_UNITS = {
    "h_tr_op": "W/K",
    "h_tr_gr": "W/K",
    "h_tr_w": "W/K",
    "h_ve": "W/K",
    "c_m": "J/K",
    "a_m": "m²",
    "a_t": "m²",
    "a_floor": "m²",
    "phi_int": "W",
    "h_sky": "W/K",
    "phi_h_max": "W",
    "phi_c_max": "W",
    "sol_area": "m²",
}


def _as_float(name: str, value: Any, n: int | None, *, allow_inf: bool = False) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(
            f"{name}: {value!r} is not a number or an array of numbers [{_UNITS.get(name, '')}]"
        ) from None
    if arr.ndim > 1:
        raise InputError(f"{name}: expected one value per house, got shape {arr.shape}")
    if n is not None:
        if arr.ndim == 0:
            arr = np.full(n, float(arr))
        elif arr.shape[0] != n:
            raise InputError(f"{name}: expected {n} values (one per house), got {arr.shape[0]}")
    bad = np.isnan(arr) | (arr < 0)
    if not allow_inf:
        bad |= np.isinf(arr)
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0]) if arr.ndim else 0
        v = arr[i] if arr.ndim else arr
        what = "finite and ≥ 0" if not allow_inf else "≥ 0 (inf allowed: no limit)"
        raise InputError(
            f"{name}: value {float(v)!r} [{_UNITS.get(name, '')}] at house {i} is not allowed; "
            f"it must be {what}"
        )
    return np.ascontiguousarray(arr)


def _as_index(name: str, value: Any, n: int, *, lo: int = 0) -> np.ndarray:
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = np.full(n, arr)
    if arr.shape != (n,):
        raise InputError(
            f"{name}: expected {n} integer indices (one per house), got shape {arr.shape}"
        )
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise InputError(f"{name}: indices must be whole numbers, got {arr!r}")
    elif arr.dtype.kind not in "iu":
        raise InputError(f"{name}: indices must be integers, got dtype {arr.dtype}")
    arr = arr.astype(np.int64)
    if np.any(arr < lo):
        i = int(np.flatnonzero(arr < lo)[0])
        raise InputError(f"{name}: index {int(arr[i])} at house {i} is below {lo}")
    return np.ascontiguousarray(arr)


@dataclass(frozen=True, eq=False)
class ThermalZones:
    """A batch of n single-zone houses as plain arrays (struct of arrays).

    Every field is a float64 array of shape (n,) in SI units, except the
    integer indices and the (n, K) solar arrays. Build it with
    :meth:`from_arrays` (broadcasts scalars, applies defaults, validates).

    Attributes
    ----------
    h_tr_op : ndarray (n,)
        Opaque transmission heat transfer coefficient to outdoor air,
        H_tr,op [W/K] (walls, roof, doors-as-opaque if wanted, thermal bridges;
        elements towards unheated spaces weighted by their b factor,
        ISO 13789). It is coupled to the mass node (ISO 13790:2008, 12.2.2).
    h_tr_gr : ndarray (n,)
        Transmission heat transfer coefficient to the ground temperature
        ``ZoneClimate.theta_ground`` [W/K] (ISO 13370 steady-state part).
        Coupled like h_tr_op, to the mass node.
    h_tr_w : ndarray (n,)
        Transmission heat transfer coefficient of windows and doors (no
        thermal mass), H_tr,w [W/K].
    h_ve : ndarray (n,)
        Effective ventilation and infiltration heat transfer coefficient,
        H_ve [W/K], with heat recovery already folded in (supply at the
        outdoor temperature).
    c_m : ndarray (n,)
        Internal heat capacity C_m [J/K] (ISO 13790:2008, 12.3).
    a_m : ndarray (n,)
        Effective mass area A_m [m²] (ISO 13790:2008, 12.3.1.2, eq. 65 or
        Table 12). Default 2.5·a_floor ("medium").
    a_t : ndarray (n,)
        Area of all surfaces facing the zone A_t [m²] (ISO 13790:2008,
        7.2.2.2; default 4.5·a_floor).
    a_floor : ndarray (n,)
        Conditioned floor area A_f [m²] (used for the 10 W/m² probe of
        C.4.2, and as the basis of the defaults).
    phi_int : ndarray (n,)
        Mean internal heat gains Φ_int [W]; multiplied hour by hour by row
        ``int_idx`` of ``ZoneClimate.gain_profiles``.
    int_idx : ndarray of int64 (n,)
        Row of the gain-profile table used by each house.
    sol_idx : ndarray of int64 (n, K)
        Rows of the irradiance table (−1: unused slot).
    sol_area : ndarray (n, K)
        Effective solar collecting areas [m²] (F_sh,ob·A_sol of
        ISO 13790:2008, 11.3; see :mod:`rehab.gains`), Φ_sol = Σ_k
        sol_area·I[sol_idx].
    h_sky : ndarray (n,)
        Coefficient of the extra long-wave loss to the sky [W/K]:
        Φ_r = h_sky·(θ_e − θ_sky), h_sky = Σ F_r·R_se·U·A·h_r
        (ISO 13790:2008, 11.3.5); subtracted from the solar gains.
    sched_idx : ndarray of int64 (n,)
        Row of the set-point tables of the climate.
    phi_h_max : ndarray (n,)
        Maximum heating power [W] (``inf``: unlimited).
    phi_c_max : ndarray (n,)
        Maximum cooling power [W], a positive number (``inf``: unlimited).
    wall_idx, wall_film : ndarray of int64 (n, KW)
        Opaque surfaces whose absorbed sunshine enters through an hourly
        outer film: the row of the irradiance table holding the irradiance I
        they receive [W/m²] and the row holding their film coefficient h_e
        [W/(m²·K)] (−1: unused slot). Their gain is
        Φ = wall_area·I/(1 + h_e·wall_r) (:func:`rehab.gains.opaque_absorbed_fraction`).
    wall_r : ndarray (n, KW)
        R_rest = 1/U − R_se of those surfaces [m²·K/W].
    wall_area : ndarray (n, KW)
        α·A of those surfaces [m²].
    """

    h_tr_op: np.ndarray
    h_tr_gr: np.ndarray
    h_tr_w: np.ndarray
    h_ve: np.ndarray
    c_m: np.ndarray
    a_m: np.ndarray
    a_t: np.ndarray
    a_floor: np.ndarray
    phi_int: np.ndarray
    int_idx: np.ndarray
    sol_idx: np.ndarray
    sol_area: np.ndarray
    h_sky: np.ndarray
    sched_idx: np.ndarray
    phi_h_max: np.ndarray
    phi_c_max: np.ndarray
    wall_idx: np.ndarray | None = None
    wall_film: np.ndarray | None = None
    wall_r: np.ndarray | None = None
    wall_area: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = np.asarray(self.h_tr_op).shape[0] if np.ndim(self.h_tr_op) == 1 else None
        if n is None:
            raise InputError("h_tr_op: expected a 1-D array (one value per house)")
        self._check_walls(n)
        for name in _FLOAT_FIELDS:
            arr = _as_float(
                name, getattr(self, name), n, allow_inf=name in ("phi_h_max", "phi_c_max")
            )
            object.__setattr__(self, name, arr)
        for name in ("int_idx", "sched_idx"):
            object.__setattr__(self, name, _as_index(name, getattr(self, name), n))
        sol_idx = np.asarray(self.sol_idx)
        sol_area = np.asarray(self.sol_area, dtype=np.float64)
        if sol_idx.ndim != 2 or sol_idx.shape[0] != n:
            raise InputError(f"sol_idx: expected shape ({n}, K), got {sol_idx.shape}")
        if sol_area.shape != sol_idx.shape:
            raise InputError(
                f"sol_area: expected the shape of sol_idx {sol_idx.shape}, got {sol_area.shape}"
            )
        if sol_idx.dtype.kind not in "iu" and (
            not np.all(np.isfinite(sol_idx)) or np.any(sol_idx != np.round(sol_idx))
        ):
            raise InputError("sol_idx: indices must be whole numbers")
        sol_idx = np.ascontiguousarray(sol_idx.astype(np.int64))
        if np.any(sol_idx < -1):
            raise InputError(f"sol_idx: index {int(sol_idx.min())} is below -1 (−1 = unused)")
        if not np.all(np.isfinite(sol_area)) or np.any(sol_area < 0):
            raise InputError("sol_area: values [m²] must be finite and ≥ 0")
        object.__setattr__(self, "sol_idx", sol_idx)
        object.__setattr__(self, "sol_area", np.ascontiguousarray(sol_area))
        # network consistency
        for name in ("a_m", "a_t", "a_floor"):
            arr = getattr(self, name)
            if np.any(arr <= 0):
                i = int(np.flatnonzero(arr <= 0)[0])
                raise InputError(f"{name}: value {arr[i]!r} m² at house {i} must be > 0")
        h_ms = H_MS * self.a_m
        bad = self.h_tr_op + self.h_tr_gr >= h_ms
        if np.any(bad):
            i = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"h_tr_op + h_tr_gr = {self.h_tr_op[i] + self.h_tr_gr[i]:.6g} W/K at house {i} "
                f"must be below H_tr,ms = 9.1·a_m = {h_ms[i]:.6g} W/K (ISO 13790:2008, 12.2.2: "
                "H_tr,em = 1/(1/H_tr,op − 1/H_tr,ms) must be positive); raise a_m"
            )

    def _check_walls(self, n: int) -> None:
        """Validate the hourly-film wall slots (absent: none)."""
        if self.wall_idx is None:
            object.__setattr__(self, "wall_idx", np.full((n, 0), -1, dtype=np.int64))
            object.__setattr__(self, "wall_film", np.full((n, 0), -1, dtype=np.int64))
            object.__setattr__(self, "wall_r", np.zeros((n, 0)))
            object.__setattr__(self, "wall_area", np.zeros((n, 0)))
            return
        idx = np.ascontiguousarray(np.asarray(self.wall_idx, dtype=np.int64))
        if idx.ndim != 2 or idx.shape[0] != n:
            raise InputError(f"wall_idx: expected shape ({n}, KW), got {idx.shape}")
        kw = idx.shape[1]
        object.__setattr__(self, "wall_idx", idx)
        for name, kind in (("wall_film", np.int64), ("wall_r", np.float64), ("wall_area", np.float64)):
            a = np.ascontiguousarray(np.asarray(getattr(self, name), dtype=kind))
            if a.shape != (n, kw):
                raise InputError(f"{name}: expected the shape of wall_idx {(n, kw)}, got {a.shape}")
            if kind is np.float64 and (not np.all(np.isfinite(a)) or np.any(a < 0)):
                raise InputError(f"{name}: values must be finite and ≥ 0")
            object.__setattr__(self, name, a)
        if np.any(idx < -1) or np.any(self.wall_film < -1):
            raise InputError("wall_idx, wall_film: indices must be ≥ -1 (−1 = unused)")

    # ------------------------------------------------------------------ build
    @classmethod
    def from_arrays(
        cls,
        *,
        h_tr_op: Any,
        h_tr_w: Any,
        h_ve: Any,
        c_m: Any,
        a_floor: Any,
        h_tr_gr: Any = 0.0,
        a_m: Any = None,
        a_t: Any = None,
        phi_int: Any = 0.0,
        int_idx: Any = 0,
        sol_idx: Any = None,
        sol_area: Any = None,
        h_sky: Any = 0.0,
        sched_idx: Any = 0,
        phi_h_max: Any = np.inf,
        phi_c_max: Any = np.inf,
        wall_idx: Any = None,
        wall_film: Any = None,
        wall_r: Any = None,
        wall_area: Any = None,
    ) -> ThermalZones:
        """Build a batch from arrays or scalars (scalars broadcast to every house).

        Parameters
        ----------
        h_tr_op, h_tr_w, h_ve : float or array_like
            Heat transfer coefficients [W/K] (see the class attributes).
        c_m : float or array_like
            Internal heat capacity [J/K].
        a_floor : float or array_like
            Conditioned floor area [m²].
        h_tr_gr : float or array_like, default 0
            Transmission to the ground temperature [W/K].
        a_m : float or array_like, optional
            Effective mass area [m²]; default 2.5·a_floor (ISO 13790:2008,
            Table 12, "medium").
        a_t : float or array_like, optional
            Area of all surfaces facing the zone [m²]; default 4.5·a_floor
            (ISO 13790:2008, 7.2.2.2).
        phi_int : float or array_like, default 0
            Mean internal gains [W].
        int_idx, sched_idx : int or array_like, default 0
            Rows of the gain-profile and set-point tables.
        sol_idx, sol_area : array_like (n, K) or (K,), optional
            Irradiance rows and effective collecting areas [m²]; a 1-D array
            gives the same K slots to every house; default none.
        h_sky : float or array_like, default 0
            Sky long-wave loss coefficient [W/K].
        phi_h_max, phi_c_max : float or array_like, default inf
            Heating and cooling power limits [W] (positive numbers).
        wall_idx, wall_film, wall_r, wall_area : array_like (n, KW), optional
            Opaque surfaces with an hourly outer film (see the class attributes).

        Returns
        -------
        ThermalZones

        Raises
        ------
        InputError
            A field has the wrong shape, a negative, NaN or infinite value,
            or H_tr,op + H_tr,gr ≥ 9.1·A_m.
        """
        sizes = [
            np.size(v)
            for v in (h_tr_op, h_tr_w, h_ve, c_m, a_floor, h_tr_gr, a_m, a_t, phi_int, h_sky)
            if v is not None and np.ndim(v) == 1
        ]
        if sol_idx is not None and np.ndim(sol_idx) == 2:
            sizes.append(np.shape(sol_idx)[0])
        n = max(sizes) if sizes else 1
        a_floor_arr = _as_float("a_floor", a_floor, n)
        if a_m is None:
            a_m = A_M_MEDIUM * a_floor_arr
        if a_t is None:
            a_t = LAMBDA_AT * a_floor_arr
        if sol_idx is None:
            sol_idx = np.zeros((n, 0), dtype=np.int64)
            sol_area = np.zeros((n, 0)) if sol_area is None else sol_area
        sol_idx = np.asarray(sol_idx)
        sol_area = np.asarray(sol_area if sol_area is not None else np.zeros(sol_idx.shape), float)
        if sol_idx.ndim == 1:  # the same K slots for every house
            sol_idx = np.broadcast_to(sol_idx, (n, sol_idx.shape[0]))
        if sol_area.ndim == 1:
            sol_area = np.broadcast_to(sol_area, (n, sol_area.shape[0]))
        return cls(
            h_tr_op=_as_float("h_tr_op", h_tr_op, n),
            h_tr_gr=h_tr_gr,
            h_tr_w=h_tr_w,
            h_ve=h_ve,
            c_m=c_m,
            a_m=a_m,
            a_t=a_t,
            a_floor=a_floor_arr,
            phi_int=phi_int,
            int_idx=int_idx,
            sol_idx=sol_idx,
            sol_area=sol_area,
            h_sky=h_sky,
            sched_idx=sched_idx,
            phi_h_max=phi_h_max,
            phi_c_max=phi_c_max,
            wall_idx=wall_idx,
            wall_film=wall_film,
            wall_r=wall_r,
            wall_area=wall_area,
        )

    # ------------------------------------------------------------------ batch
    def __len__(self) -> int:
        return int(self.h_tr_op.shape[0])

    def take(self, indices: Any) -> ThermalZones:
        """Sub-batch of the houses at ``indices`` (any numpy integer index or mask).

        Examples
        --------
        >>> z = ThermalZones.from_arrays(h_tr_op=[100.0, 120.0, 140.0], h_tr_w=10.0,
        ...                              h_ve=20.0, c_m=1e7, a_floor=60.0)
        >>> z.take([2, 0]).h_tr_op.tolist()
        [140.0, 100.0]
        """
        idx = np.asarray(indices)
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        idx = np.atleast_1d(idx).astype(np.int64)
        if idx.size and (idx.max() >= len(self) or idx.min() < -len(self)):
            raise InputError(f"take: index out of range for {len(self)} houses")
        return ThermalZones(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})

    @classmethod
    def concatenate(cls, batches: Sequence[ThermalZones]) -> ThermalZones:
        """Join batches (the solar arrays are padded with unused slots to the widest K).

        Examples
        --------
        >>> a = ThermalZones.from_arrays(h_tr_op=100.0, h_tr_w=10.0, h_ve=20.0, c_m=1e7,
        ...                              a_floor=60.0, sol_idx=[[0]], sol_area=[[2.0]])
        >>> b = ThermalZones.from_arrays(h_tr_op=[90.0, 80.0], h_tr_w=10.0, h_ve=20.0,
        ...                              c_m=1e7, a_floor=60.0)
        >>> c = ThermalZones.concatenate([a, b])
        >>> len(c), c.sol_idx.tolist()
        (3, [[0], [-1], [-1]])
        """
        if not batches:
            raise InputError("concatenate: no batch given")
        k = max(b.sol_idx.shape[1] for b in batches)
        kw = max(b.wall_idx.shape[1] for b in batches)
        width = {"sol_idx": k, "sol_area": k, "wall_idx": kw, "wall_film": kw, "wall_r": kw, "wall_area": kw}
        out: dict[str, Any] = {}
        for f in fields(cls):
            parts = []
            for b in batches:
                v = getattr(b, f.name)
                if f.name in width and v.shape[1] < width[f.name]:
                    fill = -1 if f.name in ("sol_idx", "wall_idx", "wall_film") else 0
                    pad = np.full((v.shape[0], width[f.name] - v.shape[1]), fill)
                    v = np.concatenate([v, pad.astype(v.dtype)], axis=1)
                parts.append(v)
            out[f.name] = np.concatenate(parts, axis=0)
        return cls(**out)

    # ------------------------------------------------------------ derived
    @property
    def h_tr_em(self) -> np.ndarray:
        """H_tr,em = 1/(1/(H_tr,op + H_tr,gr) − 1/H_tr,ms) [W/K] (ISO 13790:2008, 12.2.2, eq. 63)."""
        h_op = self.h_tr_op + self.h_tr_gr
        h_ms = H_MS * self.a_m
        return h_op * h_ms / (h_ms - h_op)

    @property
    def h_total(self) -> np.ndarray:
        """Total heat transfer coefficient H_tr,op + H_tr,gr + H_tr,w + H_ve [W/K]."""
        return self.h_tr_op + self.h_tr_gr + self.h_tr_w + self.h_ve

    @property
    def time_constant(self) -> np.ndarray:
        """Time constant τ = (C_m/3600)/H [h] (ISO 13790:2008, 12.2.1.3, eq. 62)."""
        with np.errstate(divide="ignore"):
            return (self.c_m / 3600.0) / self.h_total


# ----------------------------------------------------------------------------- climate
def _as_series(name: str, value: Any, n_hours: int | None, unit: str) -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim != 1:
        raise InputError(f"{name}: expected one value per hour (1-D), got shape {arr.shape}")
    if n_hours is not None and arr.shape[0] != n_hours:
        raise InputError(f"{name}: expected {n_hours} hourly values, got {arr.shape[0]}")
    if not np.all(np.isfinite(arr)):
        i = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise InputError(f"{name}: value {arr[i]!r} [{unit}] at hour {i} is not finite")
    return np.ascontiguousarray(arr)


def _as_table(name: str, value: Any, n_hours: int, unit: str, *, inf_ok: str = "") -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        arr = np.full((1, n_hours), float(arr))
    elif arr.ndim == 1:
        if arr.shape[0] != n_hours:
            raise InputError(f"{name}: expected {n_hours} hourly values, got {arr.shape[0]}")
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != n_hours:
        raise InputError(f"{name}: expected shape (rows, {n_hours}), got {arr.shape}")
    if np.isfinite(arr.sum()):  # one pass without temporaries: no NaN and no ±inf anywhere
        return np.ascontiguousarray(arr)
    bad = np.isnan(arr)
    if inf_ok == "-":
        bad |= np.isposinf(arr)
    elif inf_ok == "+":
        bad |= np.isneginf(arr)
    else:
        bad |= np.isinf(arr)
    if np.any(bad):
        r, t = (int(x[0]) for x in np.nonzero(bad))
        allowed = {"-": " (−inf = heating off)", "+": " (+inf = cooling off)"}.get(inf_ok, "")
        raise InputError(
            f"{name}: value {arr[r, t]!r} [{unit}] at row {r}, hour {t} is not allowed{allowed}"
        )
    return np.ascontiguousarray(arr)


@dataclass(frozen=True, eq=False)
class ZoneClimate:
    """Hourly boundary conditions shared by a batch of zones.

    Attributes
    ----------
    theta_e : ndarray (n_hours,)
        Outdoor air temperature θ_e [°C].
    theta_ground : ndarray (n_hours,)
        Ground temperature behind ``h_tr_gr`` [°C].
    theta_sky : ndarray (n_hours,)
        Apparent sky temperature θ_sky [°C] (drives Φ_r = h_sky·(θ_e − θ_sky)).
    irradiance : ndarray (n_rows, n_hours)
        Table of solar irradiances on the collecting surfaces [W/m²]
        (one row per orientation/tilt/glazing modifier, as the caller needs).
        A row may be a *net* radiative flux and go below zero (e.g. the
        sunshine absorbed by an opaque element minus its long-wave loss to
        the sky, ISO 13790:2008 11.3.2 eq. 43).
    month : ndarray of int64 (n_hours,)
        Calendar month of each hour, 1..12.
    theta_h_set : ndarray (n_sched, n_hours)
        Heating set-point of the air temperature [°C]; ``-inf``: heating off.
    theta_c_set : ndarray (n_sched, n_hours)
        Cooling set-point of the air temperature [°C]; ``+inf``: cooling off.
    gain_profiles : ndarray (n_profiles, n_hours)
        Relative internal-gain profiles [-] (multiply ``ThermalZones.phi_int``).
    """

    theta_e: np.ndarray
    theta_ground: np.ndarray
    theta_sky: np.ndarray
    irradiance: np.ndarray
    month: np.ndarray
    theta_h_set: np.ndarray
    theta_c_set: np.ndarray
    gain_profiles: np.ndarray

    def __post_init__(self) -> None:
        te = _as_series("theta_e", self.theta_e, None, "°C")
        n = te.shape[0]
        if n == 0:
            raise InputError("theta_e: the climate has no hour")
        object.__setattr__(self, "theta_e", te)
        object.__setattr__(
            self, "theta_ground", _as_series("theta_ground", self.theta_ground, n, "°C")
        )
        object.__setattr__(self, "theta_sky", _as_series("theta_sky", self.theta_sky, n, "°C"))
        irr = np.asarray(self.irradiance, dtype=np.float64)
        if irr.size == 0:
            irr = np.zeros((0, n))
        irr = _as_table("irradiance", irr, n, "W/m²") if irr.shape[0] else irr.reshape(0, n)
        object.__setattr__(self, "irradiance", irr)
        month = np.asarray(self.month)
        if month.shape != (n,):
            raise InputError(f"month: expected {n} values (one per hour), got shape {month.shape}")
        if month.dtype.kind == "f" and np.any(month != np.round(month)):
            raise InputError("month: values must be whole numbers 1..12")
        month = month.astype(np.int64)
        if np.any((month < 1) | (month > 12)):
            raise InputError(
                f"month: values must be in 1..12, got {int(month.min())}..{int(month.max())}"
            )
        object.__setattr__(self, "month", np.ascontiguousarray(month))
        th = _as_table("theta_h_set", self.theta_h_set, n, "°C", inf_ok="-")
        tc = _as_table("theta_c_set", self.theta_c_set, n, "°C", inf_ok="+")
        if th.shape[0] != tc.shape[0]:
            if th.shape[0] == 1:
                th = np.ascontiguousarray(np.broadcast_to(th, tc.shape))
            elif tc.shape[0] == 1:
                tc = np.ascontiguousarray(np.broadcast_to(tc, th.shape))
            else:
                raise InputError(
                    f"theta_c_set: {tc.shape[0]} schedules but theta_h_set has {th.shape[0]}"
                )
        if np.any(th > tc):
            r, t = (int(x[0]) for x in np.nonzero(th > tc))
            raise InputError(
                f"theta_h_set: {th[r, t]} °C above theta_c_set {tc[r, t]} °C at schedule {r}, hour {t}; "
                "the heating set-point must not exceed the cooling set-point"
            )
        object.__setattr__(self, "theta_h_set", th)
        object.__setattr__(self, "theta_c_set", tc)
        prof = _as_table("gain_profiles", self.gain_profiles, n, "-")
        if np.any(prof < 0):
            raise InputError("gain_profiles: relative gains must be ≥ 0")
        object.__setattr__(self, "gain_profiles", prof)

    @classmethod
    def from_arrays(
        cls,
        *,
        theta_e: Any,
        month: Any,
        irradiance: Any = None,
        theta_ground: Any = None,
        theta_sky: Any = None,
        theta_h_set: Any = 20.0,
        theta_c_set: Any = np.inf,
        gain_profiles: Any = 1.0,
    ) -> ZoneClimate:
        """Build a climate, with defaults.

        Parameters
        ----------
        theta_e : array_like (n_hours,)
            Outdoor air temperature [°C].
        month : array_like (n_hours,)
            Month of each hour, 1..12.
        irradiance : array_like (n_rows, n_hours), optional
            Irradiance table [W/m²]; default: no row.
        theta_ground : array_like (n_hours,), optional
            Ground temperature [°C]; default: the annual mean of theta_e
            (the usual steady-state assumption of ISO 13370 for the
            annual-mean part; an assumption, documented here).
        theta_sky : array_like (n_hours,), optional
            Sky temperature [°C]; default θ_e − 11 K (the mean difference
            Δθ_er = 11 K proposed for intermediate latitudes by
            ISO 13790:2008, 11.4.6).
        theta_h_set, theta_c_set : float or array_like, default 20 and +inf
            Set-points [°C]: a scalar, an hourly series or a table
            (n_sched, n_hours). ``-inf``/``+inf`` switch heating/cooling off.
        gain_profiles : float or array_like, default 1
            Relative internal-gain profile(s) [-].

        Returns
        -------
        ZoneClimate

        Examples
        --------
        >>> import numpy as np
        >>> c = ZoneClimate.from_arrays(theta_e=np.full(48, 5.0), month=np.ones(48, int))
        >>> c.theta_h_set.shape, float(c.theta_sky[0]), float(c.theta_ground[0])
        ((1, 48), -6.0, 5.0)
        """
        te = _as_series("theta_e", theta_e, None, "°C")
        n = te.shape[0]
        if theta_ground is None:
            theta_ground = np.full(n, float(te.mean()))
        if theta_sky is None:
            theta_sky = te - 11.0
        if irradiance is None:
            irradiance = np.zeros((0, n))
        irr = np.asarray(irradiance, dtype=np.float64)
        if irr.ndim == 1:
            irr = irr[None, :]
        return cls(
            theta_e=te,
            theta_ground=theta_ground,
            theta_sky=theta_sky,
            irradiance=irr,
            month=month,
            theta_h_set=theta_h_set,
            theta_c_set=theta_c_set,
            gain_profiles=gain_profiles,
        )

    @property
    def n_hours(self) -> int:
        """Number of hours of the climate."""
        return int(self.theta_e.shape[0])

    def monthly(self) -> MonthlyClimate:
        """Monthly means of this climate for the monthly method (see :meth:`MonthlyClimate.from_climate`)."""
        return MonthlyClimate.from_climate(self)

    def check_zones(self, zones: ThermalZones) -> None:
        """Raise InputError if ``zones`` point to rows this climate does not have."""
        _check_indices(
            zones, self.irradiance.shape[0], self.theta_h_set.shape[0], self.gain_profiles.shape[0]
        )


def _check_indices(zones: ThermalZones, n_rows: int, n_sched: int, n_prof: int) -> None:
    for name in ("sol_idx", "wall_idx", "wall_film"):
        idx = getattr(zones, name)
        if idx.size and idx.max() >= n_rows:
            raise InputError(
                f"{name}: row {int(idx.max())} requested but the irradiance table has {n_rows} rows"
            )
    if len(zones) and zones.sched_idx.max() >= n_sched:
        raise InputError(
            f"sched_idx: schedule {int(zones.sched_idx.max())} requested but the set-point tables have {n_sched} rows"
        )
    if len(zones) and zones.int_idx.max() >= n_prof:
        raise InputError(
            f"int_idx: profile {int(zones.int_idx.max())} requested but the gain-profile table has {n_prof} rows"
        )


@dataclass(frozen=True, eq=False)
class MonthlyClimate:
    """Monthly boundary conditions for the monthly method (12 months).

    Attributes
    ----------
    hours : ndarray (12,)
        Length of each month [h] (0 for a month the climate does not cover).
    theta_e, theta_ground, theta_sky : ndarray (12,)
        Monthly mean outdoor air, ground and sky temperatures [°C].
    irradiance : ndarray (n_rows, 12)
        Monthly mean irradiance of each row [W/m²].
    theta_h_set : ndarray (n_sched, 12)
        Mean heating set-point over the hours where heating is on [°C]
        (NaN where it is never on).
    f_h_on : ndarray (n_sched, 12)
        Fraction of the hours of the month with heating on [-].
    theta_c_set : ndarray (n_sched, 12)
        Mean cooling set-point over the hours where cooling is on [°C]
        (NaN where it is never on).
    f_c_on : ndarray (n_sched, 12)
        Fraction of the hours of the month with cooling on [-].
    gain_profiles : ndarray (n_profiles, 12)
        Monthly mean of the relative internal-gain profiles [-].
    hourly : ZoneClimate or None
        The hourly climate these means come from (:meth:`from_climate`):
        the monthly method averages the gains of hourly-film walls
        (``ThermalZones.wall_*``) over its hours.
    """

    hours: np.ndarray
    theta_e: np.ndarray
    theta_ground: np.ndarray
    theta_sky: np.ndarray
    irradiance: np.ndarray
    theta_h_set: np.ndarray
    f_h_on: np.ndarray
    theta_c_set: np.ndarray
    f_c_on: np.ndarray
    gain_profiles: np.ndarray
    hourly: ZoneClimate | None = None

    def __post_init__(self) -> None:
        for name in ("hours", "theta_e", "theta_ground", "theta_sky"):
            a = np.asarray(getattr(self, name), dtype=np.float64)
            if a.shape != (12,) or not np.all(np.isfinite(a)):
                raise InputError(f"{name}: expected 12 finite monthly values, got {a!r}")
            object.__setattr__(self, name, a)
        if np.any(self.hours < 0):
            raise InputError("hours: month lengths [h] must be ≥ 0")
        for name in (
            "irradiance",
            "theta_h_set",
            "f_h_on",
            "theta_c_set",
            "f_c_on",
            "gain_profiles",
        ):
            a = np.atleast_2d(np.asarray(getattr(self, name), dtype=np.float64))
            if a.ndim != 2 or a.shape[1] != 12:
                raise InputError(f"{name}: expected shape (rows, 12), got {a.shape}")
            object.__setattr__(self, name, a)
        n_sched = self.theta_h_set.shape[0]
        for name in ("f_h_on", "theta_c_set", "f_c_on"):
            if getattr(self, name).shape[0] != n_sched:
                raise InputError(
                    f"{name}: {getattr(self, name).shape[0]} schedules but theta_h_set has {n_sched}"
                )

    @classmethod
    def from_climate(cls, climate: ZoneClimate) -> MonthlyClimate:
        """Monthly means of an hourly climate (the definitions the hourly engine uses).

        Examples
        --------
        >>> import numpy as np
        >>> month = np.repeat(np.arange(1, 13), 730)
        >>> te = np.where(month < 7, 0.0, 10.0)
        >>> c = ZoneClimate.from_arrays(theta_e=te, month=month, theta_h_set=19.0)
        >>> m = c.monthly()
        >>> m.theta_e[[0, 11]].tolist(), float(m.hours[0]), float(m.theta_h_set[0, 0])
        ([0.0, 10.0], 730.0, 19.0)
        """
        from .solar_gains import month_sums

        m0 = climate.month - 1
        hours = np.bincount(m0, minlength=12).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):

            def mean(x: np.ndarray) -> np.ndarray:
                s = month_sums(x, climate.month)  # the sums of np.bincount(m0, weights=row), compiled
                return np.where(hours > 0, s / np.where(hours > 0, hours, 1.0), 0.0)

            def on_mean(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
                on = np.isfinite(x)
                cnt = np.zeros((x.shape[0], 12))
                s = np.zeros((x.shape[0], 12))
                for r in range(x.shape[0]):
                    cnt[r] = np.bincount(m0, weights=on[r].astype(float), minlength=12)
                    s[r] = np.bincount(m0, weights=np.where(on[r], x[r], 0.0), minlength=12)
                mean_on = np.where(cnt > 0, s / np.where(cnt > 0, cnt, 1.0), np.nan)
                frac = np.where(hours > 0, cnt / np.where(hours > 0, hours, 1.0), 0.0)
                return mean_on, frac

            th, fh = on_mean(climate.theta_h_set)
            tc, fc = on_mean(climate.theta_c_set)
            irr = mean(climate.irradiance) if climate.irradiance.shape[0] else np.zeros((0, 12))
            return cls(
                hours=hours,
                theta_e=mean(climate.theta_e)[0],
                theta_ground=mean(climate.theta_ground)[0],
                theta_sky=mean(climate.theta_sky)[0],
                irradiance=irr,
                theta_h_set=th,
                f_h_on=fh,
                theta_c_set=tc,
                f_c_on=fc,
                gain_profiles=mean(climate.gain_profiles),
                hourly=climate,
            )

    @classmethod
    def from_arrays(
        cls,
        *,
        theta_e: Any,
        hours: Any = None,
        theta_ground: Any = None,
        theta_sky: Any = None,
        irradiance: Any = None,
        theta_h_set: Any = 20.0,
        theta_c_set: Any = np.nan,
        f_h_on: Any = 1.0,
        f_c_on: Any = None,
        gain_profiles: Any = 1.0,
    ) -> MonthlyClimate:
        """Build a monthly climate from 12 monthly values (e.g. conventional 3CL tables).

        Parameters
        ----------
        theta_e : array_like (12,)
            Monthly mean outdoor temperature [°C].
        hours : array_like (12,), optional
            Hours of each month [h]; default: the days of a common year × 24.
        theta_ground, theta_sky : array_like (12,), optional
            Defaults: annual mean of theta_e; theta_e − 11 K (ISO 13790:2008, 11.4.6).
        irradiance : array_like (n_rows, 12), optional
            Monthly mean irradiance [W/m²].
        theta_h_set, theta_c_set : float or array_like (n_sched, 12)
            Set-points [°C]; NaN cooling set-point (default) means no cooling.
        f_h_on, f_c_on : float or array_like (n_sched, 12)
            Fraction of hours with heating/cooling on [-]; f_c_on defaults to
            1 where a cooling set-point is given, else 0.
        gain_profiles : float or array_like (n_profiles, 12), default 1
            Monthly mean relative internal gains [-].

        Examples
        --------
        >>> m = MonthlyClimate.from_arrays(theta_e=[5.0] * 12)
        >>> float(m.hours.sum()), m.theta_h_set.shape
        (8760.0, (1, 12))
        """
        te = np.asarray(theta_e, dtype=np.float64)
        if te.shape != (12,) or not np.all(np.isfinite(te)):
            raise InputError(f"theta_e: expected 12 finite monthly values [°C], got {te!r}")
        if hours is None:
            hours = 24.0 * np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)
        hours = np.asarray(hours, dtype=np.float64)
        if hours.shape != (12,) or np.any(hours < 0) or not np.all(np.isfinite(hours)):
            raise InputError(f"hours: expected 12 values ≥ 0 [h], got {hours!r}")
        tg = np.full(12, te.mean()) if theta_ground is None else np.asarray(theta_ground, float)
        ts = te - 11.0 if theta_sky is None else np.asarray(theta_sky, float)
        irr = (
            np.zeros((0, 12))
            if irradiance is None
            else np.atleast_2d(np.asarray(irradiance, float))
        )

        def tab(name: str, v: Any) -> np.ndarray:
            a = np.atleast_2d(np.asarray(v, dtype=np.float64))
            if a.shape[-1] == 1:
                a = np.repeat(a, 12, axis=-1)
            if a.ndim != 2 or a.shape[1] != 12:
                raise InputError(f"{name}: expected shape (rows, 12), got {a.shape}")
            return a

        th = tab("theta_h_set", theta_h_set)
        tc = tab("theta_c_set", theta_c_set)
        fh = tab("f_h_on", f_h_on)
        fc = tab("f_c_on", np.where(np.isfinite(tc), 1.0, 0.0) if f_c_on is None else f_c_on)
        n_sched = max(a.shape[0] for a in (th, tc, fh, fc))
        for name, a in (("theta_h_set", th), ("theta_c_set", tc), ("f_h_on", fh), ("f_c_on", fc)):
            if a.shape[0] not in (1, n_sched):
                raise InputError(f"{name}: {a.shape[0]} schedules where the others have {n_sched}")
        th, tc, fh, fc = (
            np.ascontiguousarray(np.broadcast_to(a, (n_sched, 12))) for a in (th, tc, fh, fc)
        )
        if np.any((fh < 0) | (fh > 1)) or np.any((fc < 0) | (fc > 1)):
            raise InputError("f_h_on, f_c_on: fractions of hours must be between 0 and 1")
        return cls(
            hours=hours,
            theta_e=te,
            theta_ground=tg,
            theta_sky=ts,
            irradiance=irr,
            theta_h_set=th,
            f_h_on=fh,
            theta_c_set=tc,
            f_c_on=fc,
            gain_profiles=tab("gain_profiles", gain_profiles),
        )
