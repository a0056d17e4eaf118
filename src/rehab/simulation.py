"""``rehab.simulate``: heating and cooling needs of one house or many.

Orchestration only: houses are turned into one struct-of-arrays batch
(:class:`rehab.demand.zones.ThermalZones`) and one shared climate
(:class:`rehab.demand.zones.ZoneClimate`), the vectorised engines of
:mod:`rehab.demand` run once, and the results come back as a
:class:`SimulationResult` whose every field states its unit.

Identical houses (same JSON description) are simulated once and their
results broadcast.

Mapping of a House onto the ISO 13790 network (documented choices):

* H_tr,op = Σ b·U·A of opaque elements (doors excepted) + Σ b·ψ·l;
  H_tr,w = Σ b·U·A of windows and doors (ISO 13790:2008 8.3);
* ground floors (ISO 13370 steady-state U) couple to the undisturbed ground
  temperature at 1 m depth computed from the weather
  (:meth:`rehab.weather.Weather.ground_temperature`), whose annual mean is
  the annual mean air temperature;
* windows collect A_sol = F_sh·g_gl,n·(1 − F_F)·A_w times the transmitted
  irradiance beam·IAM(θ) + diffuse·IAM_dif (angular modifiers of clear
  glazing, :mod:`rehab.solar`) instead of ISO 13790's constant F_w = 0.9;
* opaque elements let in α·A·I·f of the sunshine they absorb, with
  f = 1/(1 + h_e·R_rest) the steady split between the outer film and the
  rest of the element (ISO 13790:2008 11.3.4 is the case h_e = 1/R_se =
  25 W/(m²·K), i.e. f = R_se·U). By default (``exterior="wind"``) the
  walls' h_e is hourly: the DOE-2/MoWiTT convective coefficient from the
  weather's wind at the façade (:func:`rehab.gains.exterior_convection_coefficient`,
  suburban terrain) plus h_r. ISO's design film (a winter design value for
  U-values) over-states the wind on a façade and lets in half the sun that
  reaches the rooms through an uninsulated solid-brick wall in EnergyPlus
  (docs/validation.md: the as-built archetypes move from +12–19 % to
  +7–13 % of EnergyPlus). Roofs (exposed, strongly convective when sunlit)
  and the long-wave loss to the sky keep ISO 13790's R_se·U share (11.3.4,
  11.3.5) — with the hourly film on roofs too, BESTEST 600 cooling leaves
  the Standard 140 acceptance band; ``exterior="iso"`` uses the standard's
  formula everywhere;
* long-wave loss to the sky Φ_r = Σ F_r·R_se·U·A·h_r·(θ_e − θ_sky) with
  h_r = 5·ε, ε = 0.9 and F_r = 1 for roofs, 0.5 for walls (ISO 13790:2008
  11.3.5 and 11.4.6), θ_sky hourly from the weather file;
* internal gains: the 3CL-DPE conventional mean (3.18 + 0.34 W/m² + 90 W
  per adult-equivalent present 132 h of 168), constant, unless given.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from . import _pages, gains, solar
from .errors import InputError
from .house import House
from .simulation_base import (  # noqa: F401  (re-exported: the engines import them from simulation_base)
    SimulationResult,
    _check_setback_hours,
    _schedule,
    control_options,
    deduplicate,
    engine_fields,
    house_list,
)
from .table import AZIMUTH_GRID
from .units import to_si

if TYPE_CHECKING:
    from .table import HouseTable
    from .weather import Weather

__all__ = ["SimulationResult", "build_batch", "simulate"]

log = logging.getLogger(__name__)


def _irradiance_rows(
    weather: Weather, keys: list[tuple], terrain: str = "suburbs", albedo: float | None = None,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Hourly table, one row per key of :func:`rehab.table.solar_surfaces`.

    ("win", azimuth, tilt, panes): irradiance transmitted by clear glazing
    relative to normal incidence [W/m²]; ("tot", azimuth, tilt): total
    irradiance on the surface [W/m²]; ("film", azimuth): the outer film
    coefficient h_e = h_c + h_r of a wall facing ``azimuth`` [W/(m²·K)],
    h_c from the weather's wind (DOE-2/MoWiTT, :func:`rehab.gains.exterior_convection_coefficient`).
    Each row depends on its key alone. ``out``: a C-contiguous (len(keys), n_hours) array
    to write into (default a new one).
    """
    if not keys:
        return np.zeros((1, weather.n_hours))
    if out is None:
        out = _pages.array((len(keys), weather.n_hours))
    kind = np.array([k[0] for k in keys])
    az = np.array([k[1] for k in keys], dtype=float)
    tilt = np.array([k[2] if len(k) > 2 else 90.0 for k in keys], dtype=float)
    rows = np.flatnonzero(kind == "win")
    if len(rows):  # windows: beam·IAM(θ) + diffuse·IAM_d of clear glazing
        irr = solar.surface_irradiance(weather, az[rows], tilt[rows], albedo=albedo)
        _fill(out, rows, lambda dest: irr.through_glazing(np.array([keys[i][3] for i in rows]), out=dest))
    rows = np.flatnonzero(kind == "tot")
    if len(rows):
        irr = solar.surface_irradiance(weather, az[rows], tilt[rows], albedo=albedo)
        _fill(out, rows, irr.total_into)
    rows = np.flatnonzero(kind == "film")
    if len(rows):  # walls: the hourly film of the wind (DOE-2/MoWiTT) plus radiation
        direction = weather.data["wind_direction"].to_numpy(dtype=float)
        _fill(out, rows, lambda dest: gains.exterior_film_into(dest, weather.wind_speed, direction, az[rows],
                                                               terrain=terrain))
    return out


def _fill(out: np.ndarray, rows: np.ndarray, compute: Any) -> None:
    """``out[rows] = compute(...)``, written in place when ``rows`` are consecutive (sorted keys:
    one block per kind), so that the table of a large stock (100 MB) is not copied."""
    if rows[-1] - rows[0] + 1 == len(rows):
        compute(out[rows[0]:rows[-1] + 1])
    else:
        out[rows] = compute(np.empty((len(rows), out.shape[1])))


#: Largest irradiance table kept between calls of :func:`build_batch` [bytes] (256 MiB: 3,830
#: rows of 8,760 hours; a stock of distinct dwellings on the 1° azimuth grid needs about 1,800).
#: Choice of rehab, 2026-12.
ROW_BANK_BYTES = 256 * 2**20


class _RowBank:
    """Irradiance and film rows of earlier batches, kept for the next ones.

    The rows of a weather (with a terrain and an albedo) depend on their key alone, and the
    chunks of a programme ask for nearly the same keys (a 1° azimuth grid, a few tilts and
    glazings): each row is computed once, appended to one buffer, and every batch's
    irradiance table is a view of the buffer's filled rows (rows of earlier batches
    included, which its indices skip). Rows already handed out are never written again;
    a new weather, terrain or albedo, or a table that would pass :data:`ROW_BANK_BYTES`,
    starts a new buffer.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ident: tuple | None = None
        self._rows: dict[tuple, int] = {}
        self._buf = np.empty((0, 0))
        self._n = 0

    def clear(self) -> None:
        """Forget every row (frees the buffer once no batch refers to it)."""
        with self._lock:
            self._ident, self._rows, self._buf, self._n = None, {}, np.empty((0, 0)), 0

    def table(
        self, weather: Weather, keys: list[tuple], terrain: str, albedo: float | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(irradiance table, row of each key in it)."""
        if not keys:
            return _irradiance_rows(weather, keys), np.zeros(0, dtype=np.int64)
        nh = weather.n_hours
        cap = ROW_BANK_BYTES // (8 * nh)
        if len(keys) > cap:  # too large to keep: this batch's rows alone
            return _irradiance_rows(weather, keys, terrain, albedo), np.arange(len(keys))
        ident = (weather.key, nh, terrain, None if albedo is None else float(albedo))
        with self._lock:
            missing = [k for k in keys if k not in self._rows] if ident == self._ident else keys
            if ident != self._ident or self._n + len(missing) > cap:
                self._ident, self._rows, self._n = ident, {}, 0
                self._buf = _pages.array((cap, nh))  # pages are committed as rows are written
                missing = keys
            if missing:
                n0, n1 = self._n, self._n + len(missing)
                _irradiance_rows(weather, missing, terrain, albedo, out=self._buf[n0:n1])
                self._rows.update(zip(missing, range(n0, n1), strict=True))
                self._n = n1
            rows = self._rows
            index = np.fromiter((rows[k] for k in keys), dtype=np.int64, count=len(keys))
            return self._buf[: self._n], index


_ROW_BANK = _RowBank()


def _slots(house: np.ndarray, n: int, *columns: np.ndarray) -> list[np.ndarray]:
    """Per-house slot matrices (n, K) from entries sorted by house (−1 / 0 in unused slots)."""
    counts = np.bincount(house, minlength=n) if len(house) else np.zeros(n, dtype=np.int64)
    k = int(counts.max()) if n and len(house) else 0
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    slot = np.arange(len(house)) - starts[house]
    out = []
    for c in columns:
        m = np.full((n, k), -1, dtype=np.int64) if c.dtype.kind in "iu" else np.zeros((n, k))
        m[house, slot] = c
        out.append(m)
    return out


def build_batch(
    houses: Sequence[House] | HouseTable,
    weather: Weather,
    *,
    setpoint: float | None = 19.0,
    setback: float | None = None,
    setback_hours: tuple[int, int] = (22, 6),
    cooling_setpoint: float | None = None,
    internal_gains: Any = "conventional",
    power_limit: float | None = None,
    exterior: str = "wind",
    terrain: str = "suburbs",
    ground_temperature: float | None = None,
    albedo: float | None = None,
    azimuth_grid: float | None = AZIMUTH_GRID,
):
    """Turn houses into (ThermalZones, ZoneClimate) for the demand engines.

    Parameters
    ----------
    houses : sequence of House or HouseTable
        The houses, or their columnar form (:class:`rehab.table.HouseTable`).
    weather : Weather
    setpoint : float or None
        Heating set-point [°C]; None: no heating (free float).
    setback : float, optional
        Night set-back temperature [°C] during ``setback_hours``.
    setback_hours : (int, int)
        Start and end hour of the set-back (local time, 0–23).
    cooling_setpoint : float, optional
        Cooling set-point [°C]; None: no cooling (free float above the
        heating set-point).
    internal_gains : "conventional" or float
        3CL conventional mean gains, or a constant power [W].
    power_limit : float, optional
        Maximum heating power [W].
    exterior : {"wind", "iso"}
        Outer film for the sunshine absorbed by opaque elements: hourly from
        the wind (DOE-2/MoWiTT) or ISO 6946's design R_se (module notes).
    terrain : {"country", "suburbs", "city", "ocean"}
        Terrain for the local wind speed.
    ground_temperature : float, optional
        Constant ground temperature [°C]; default the weather's undisturbed
        ground temperature at 1 m.
    albedo : float, optional
        Ground reflectance [-]; default the weather file's.
    azimuth_grid : float or None
        Step of the azimuths at which irradiance rows are computed [deg]
        (:func:`rehab.table.solar_surfaces`): a surface between two nodes
        takes both with linear weights, so a stock whose every façade has
        its own orientation needs 360 rows per kind, not one per façade.
        Exact on the nodes (and for the wind film, whose windward/leeward
        switch falls on whole degrees); off them annual needs move by a few
        10⁻⁶ relative (tests/test_simulation.py). None: one row per
        distinct azimuth.

    Returns
    -------
    tuple
        (ThermalZones, ZoneClimate). The climate's irradiance table is a view of rows kept
        between calls for the same weather, terrain and albedo (each row computed once, see
        :class:`_RowBank`, up to :data:`ROW_BANK_BYTES`): it may hold rows of earlier batches,
        which the zones' indices skip, and it must not be written to.
    """
    from .demand.zones import ThermalZones, ZoneClimate
    from .table import HouseTable, sky_loss, solar_surfaces

    if azimuth_grid is not None and not (isinstance(azimuth_grid, (int, float)) and 0 < azimuth_grid <= 90):
        raise InputError(f"azimuth_grid: {azimuth_grid!r} deg; allowed None (one row per azimuth) or a step in (0, 90] deg")
    table = houses if isinstance(houses, HouseTable) else HouseTable.from_houses(list(houses))
    n = len(table)
    keys, (s_house, s_key, s_area), (w_house, w_key, w_film, w_r, w_area) = solar_surfaces(table, exterior, azimuth_grid)
    irradiance, row = _ROW_BANK.table(weather, keys, terrain, albedo)
    s_key, w_key, w_film = row[s_key], row[w_key], row[w_film]  # the slots keep their order
    sol_idx, sol_area = _slots(s_house, n, s_key, s_area)
    wall_idx, wall_film, wall_r, wall_area = _slots(w_house, n, w_key, w_film, w_r, w_area)
    hl = table.heat_loss()
    fa = table.houses["floor_area"]
    if internal_gains == "conventional":
        phi = np.asarray(gains.conventional_internal_gains(fa), dtype=float).reshape(n)
    else:
        phi = np.full(n, float(internal_gains))
    zones = ThermalZones.from_arrays(
        h_tr_op=hl["h_tr_op"],
        h_tr_gr=hl["h_tr_gr"],
        h_tr_w=hl["h_tr_w"],
        h_ve=hl["h_ve"],
        c_m=table.houses["c_m"],
        a_m=table.houses["a_m"],
        a_t=table.houses["a_t"],
        a_floor=fa,
        phi_int=phi,
        sol_idx=sol_idx,
        sol_area=sol_area,
        wall_idx=wall_idx,
        wall_film=wall_film,
        wall_r=wall_r,
        wall_area=wall_area,
        h_sky=sky_loss(table),
        phi_h_max=np.inf if power_limit is None else power_limit,
    )
    theta_c = np.inf if cooling_setpoint is None else float(cooling_setpoint)
    climate = ZoneClimate.from_arrays(
        theta_e=weather.temp_air,
        month=weather.month,
        theta_ground=(
            weather.ground_temperature(1.0)
            if ground_temperature is None
            else np.full(weather.n_hours, float(ground_temperature))
        ),
        theta_sky=gains.effective_sky_temperature(weather.temp_air, weather.sky_temperature),
        irradiance=irradiance,
        theta_h_set=_schedule(weather, setpoint, setback, setback_hours)[None, :],
        theta_c_set=np.full((1, weather.n_hours), theta_c),
        gain_profiles=np.ones((1, weather.n_hours)),
    )
    return zones, climate


#: Houses per part of a large hourly :func:`simulate` call: the houses of a part are read and
#: batched while the kernel runs on the previous part (the reading is Python, the kernel
#: releases the GIL), so that with a free core the reading overlaps the kernel's time
#: (docs/performance.md). Calls of fewer than two parts, and calls keeping hourly series, run
#: in one batch. Choice of rehab, 2026-12 (results do not depend on it: each house is
#: simulated alone, bit for bit the same in any batch; tests/test_simulation.py).
PART_HOUSES = 5000


def _simulate_parts(
    seq: Sequence[House], bounds: list[tuple[int, int]], w: Weather, batch_kw: dict[str, Any], method: str,
    hourly: bool, control: str,
) -> tuple[dict[str, np.ndarray | None], int, float]:
    """The result fields of the houses ``seq`` (in order), the number of distinct houses simulated and
    the engine time [s], the houses taken in consecutive parts ``bounds``.

    Each part is read (:meth:`rehab.table.HouseTable.from_houses`) and reduced to its distinct houses;
    with several parts, its batch is built (irradiance rows, :func:`build_batch`) and the engine run in a
    worker thread while the next part is read.
    """
    from .table import HouseTable

    def engine(uniq: HouseTable) -> tuple[dict[str, np.ndarray | None], float]:
        zones, climate = build_batch(uniq, w, **batch_kw)
        t = time.perf_counter()
        fields_ = _engine_fields(uniq, zones, climate, method, hourly, control)
        return fields_, time.perf_counter() - t

    if len(bounds) == 1:
        uniq, inverse = HouseTable.from_houses(seq).unique()
        fields_, t_engine = engine(uniq)
        return {k: None if v is None else np.asarray(v)[inverse] for k, v in fields_.items()}, len(uniq), t_engine
    from concurrent.futures import ThreadPoolExecutor

    runs = []
    with ThreadPoolExecutor(1) as pool:  # the batch (irradiance rows) and the kernel of a part in the worker
        for a, b in bounds:
            uniq, inverse = HouseTable.from_houses(seq[a:b]).unique()
            runs.append((inverse, len(uniq), pool.submit(engine, uniq)))
        done = [(inverse, n_u, *f.result()) for inverse, n_u, f in runs]
    keys = done[0][2].keys()
    fields_ = {
        k: None if done[0][2][k] is None else np.concatenate([np.asarray(f[k])[inv] for inv, _, f, _ in done])
        for k in keys
    }
    return fields_, sum(d[1] for d in done), sum(d[3] for d in done)


def _engine_fields(
    uniq: Any, zones: Any, climate: Any, method: str, hourly: bool, control: str
) -> dict[str, np.ndarray | None]:
    """The result fields of a batch of distinct houses (one value or row per house)."""
    from .demand.hourly import simulate_hourly
    from .demand.monthly import simulate_monthly

    if method == "hourly":
        r = simulate_hourly(zones, climate, hourly=hourly, setpoint_on=control)
    else:
        r = simulate_monthly(zones, climate)  # the monthly method has no control option
    return engine_fields(r, uniq.houses["floor_area"], hourly=method == "hourly")


def simulate(
    houses: House | Sequence[House],
    weather: Weather | None = None,
    *,
    method: Literal["hourly", "monthly", "iso52016"] = "hourly",
    setpoint: Any = 19.0,
    setback: Any = None,
    setback_hours: tuple[int, int] = (22, 6),
    cooling_setpoint: Any = None,
    internal_gains: Any = "conventional",
    power_limit: Any = None,
    hourly: bool = False,
    exterior: Literal["wind", "iso"] = "wind",
    terrain: str = "suburbs",
    control: Literal["operative", "air"] = "operative",
    ground_temperature: Any = None,
    albedo: float | None = None,
) -> SimulationResult:
    """Heating and cooling needs of one house or a list of houses.

    Parameters
    ----------
    houses : House or sequence of House
        One house gives floats; a list gives arrays in the same order.
    weather : Weather, optional
        Default :func:`rehab.weather.default` (Uccle TMYx, proxy for
        Loos-en-Gohelle).
    method : {"hourly", "monthly", "iso52016"}
        5R1C hourly model (ISO 13790:2008 Annex C), the monthly method
        (ISO 13790:2008 §12–13), or the node model of ISO 52016-1:2017 §6.5
        (:mod:`rehab.demand.iso52016`).
    setpoint : float or str or None
        Heating set-point [°C] (default 19 °C, the French conventional
        value); None: no heating (free float, with ``cooling_setpoint=None``).
    setback : float or str, optional
        Night set-back temperature [°C] during ``setback_hours``.
    setback_hours : (int, int)
        Local hours (start, end) of the set-back, default 22 h – 6 h.
    cooling_setpoint : float or str, optional
        Cooling set-point [°C]; default none (no cooling; overheating
        hours reported).
    internal_gains : "conventional" or float or str
        3CL conventional mean gains or a constant power [W].
    power_limit : float or str, optional
        Maximum heating power [W].
    hourly : bool
        Keep hourly temperatures and powers (hourly method only).
    exterior : {"wind", "iso"}
        Outer film for the sunshine absorbed by opaque walls and roofs:
        hourly from the wind (default) or ISO 13790's α·R_se·U (module notes).
    terrain : {"country", "suburbs", "city", "ocean"}
        Terrain around the houses (local wind speed).
    control : {"operative", "air"}
        Temperature the thermostat holds at the set-point (operative by
        default, the comfort temperature; "air" as in ASHRAE 140).
    ground_temperature : float or str, optional
        Constant ground temperature [°C]; default from the weather.
    albedo : float, optional
        Ground reflectance [-]; default the weather file's.

    Returns
    -------
    SimulationResult

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> r = rehab.simulate(h, method="monthly")
    >>> 150 < r.heating_need_kwh_per_m2 < 350
    True
    >>> both = rehab.simulate([h, h], method="monthly")
    >>> both.heating_need_kwh.shape
    (2,)
    """
    from .weather import default

    if method == "iso52016":  # ISO 52016-1 node model (rehab.demand.iso52016)
        from .demand.iso52016 import simulate_iso52016

        return simulate_iso52016(houses, weather, setpoint=setpoint, setback=setback, setback_hours=setback_hours,
                                 cooling_setpoint=cooling_setpoint, internal_gains=internal_gains, power_limit=power_limit,
                                 hourly=hourly, exterior=exterior, terrain=terrain, control=control,
                                 ground_temperature=ground_temperature, albedo=albedo)
    seq, single = house_list(houses)
    if method not in ("hourly", "monthly"):
        raise InputError(f"simulate: method {method!r} is not 'hourly', 'monthly' or 'iso52016'")
    if exterior not in ("wind", "iso"):
        raise InputError(f"simulate: exterior {exterior!r} is not 'wind' or 'iso'")
    if terrain not in gains.TERRAIN:
        raise InputError(f"simulate: terrain {terrain!r} is not one of {', '.join(gains.TERRAIN)}")
    if control not in ("operative", "air"):
        raise InputError(f"simulate: control {control!r} is not 'operative' or 'air'")
    gt = None if ground_temperature is None else to_si(ground_temperature, "degC", "ground_temperature", ge=-30, le=40)
    if albedo is not None and not 0.0 <= float(albedo) <= 1.0:
        raise InputError(f"simulate: albedo {albedo!r} must be between 0 and 1")
    if hourly and method != "hourly":
        raise InputError("simulate: hourly=True needs method='hourly'")
    w = weather if weather is not None else default()
    t0 = time.perf_counter()
    sp, sb, cs, pl, ig = control_options(setpoint, setback, cooling_setpoint, power_limit, internal_gains, setback_hours)
    batch_kw = dict(
        setpoint=sp,
        setback=sb,
        setback_hours=setback_hours,
        cooling_setpoint=cs,
        internal_gains=ig,
        power_limit=pl,
        exterior=exterior,
        terrain=terrain,
        ground_temperature=gt,
        albedo=albedo,
    )
    n = len(seq)
    k = -(-n // PART_HOUSES) if method == "hourly" and not hourly and n >= 2 * PART_HOUSES else 1
    bounds = [(p * n // k, (p + 1) * n // k) for p in range(k)]
    fields_, n_unique, t_engine = _simulate_parts(seq, bounds, w, batch_kw, method, hourly, control)
    out = {}
    for key, v in fields_.items():
        out[key] = None if v is None else (float(v[0]) if v.ndim == 1 else v[0]) if single else v
    settings = dict(
        setpoint_c=sp,
        setback_c=sb,
        setback_hours=setback_hours,
        cooling_setpoint_c=cs,
        internal_gains=internal_gains,
        power_limit_w=pl,
        exterior=exterior,
        terrain=terrain,
        control=control,
        ground_temperature_c=gt,
        albedo=albedo,
        weather=getattr(w, "name", "weather"),
        unique_houses=n_unique,
    )
    log.info(
        "simulate: %d house(s) (%d unique), %s method, %d weather hours, %.3f s (engine %.3f s)",
        len(seq), n_unique, method, w.n_hours, time.perf_counter() - t0, t_engine,
    )
    return SimulationResult(method=method, names=[h.name for h in seq], settings=settings, **out)
