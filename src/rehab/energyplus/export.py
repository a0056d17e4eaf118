"""A rehab :class:`~rehab.House` as an EnergyPlus model: ``to_idf`` and ``simulate``.

The mapping reads the house's geometry (:class:`rehab.geometry.BoxGeometry`)
for the layout and the house's **elements** for everything physical, so a
retrofitted house (new layers, windows, ventilation, airtightness) exports
the same way as the original. It builds the neutral description of
:mod:`rehab.energyplus.idf`:

* **Zones** — ``zoning="single"``: one heated zone for the dwelling (height
  of all storeys, intermediate floors as internal mass); ``"storeys"``: one
  heated zone per storey, joined by interzone floors. An unheated attic
  (``roof="attic"``) is its own free-floating zone above, with a gable roof
  whose ridge runs parallel to the street façade, or (``attic="b"``) a
  boundary at ``b·θ_e + (1 − b)·θ_i`` with the house's ISO 13789 b-factor.
* **Orientation** — the street façade faces ``geometry.azimuth``; vertices
  are rotated into world coordinates (x east, y north).
* **Constructions** — the elements' layers (outside → inside); a bridged
  layer takes the parallel-path conductivity and area-weighted heat
  capacity, then every layer's resistance is scaled so that the
  construction's ISO 6946 U-value is kept exactly. Air layers become
  no-mass layers with their ISO 6946 resistance.
* **Thermal bridges** — Σ b·ψ·l of the house is folded into the exterior
  walls: their constructions are scaled so that U·A rises by Σ b·ψ·l
  (EnergyPlus has no linear bridges; this keeps the heat-loss coefficient).
* **Windows** — ``WindowMaterial:SimpleGlazingSystem`` over the whole
  opening with the window's time-averaged U (shutters included) and
  SHGC = g⊥ · (1 − F_F) · F_sh,ob (glazing g at normal incidence, frame
  fraction, shading by obstacles; EnergyPlus applies its own angular
  dependence). One window per façade and storey, centred, sill 0.9 m.
* **Doors** — an opaque door on the street façade's ground storey.
* **Party walls** — adiabatic towards heated neighbours; towards unheated
  ones, the b-factor boundary.
* **Ground floor** — the slab or deck layers plus a no-mass "equivalent
  ground" layer sized so that the steady-state U (with Rsi = 0.17 m²·K/W)
  equals the ISO 13370 U of the :class:`rehab.house.GroundFloor` (slab,
  crawlspace or cellar), facing ``Site:GroundTemperature:BuildingSurface``
  set to the annual mean outdoor temperature of the weather file (the
  convention of rehab's hourly engine for ``theta_ground``) unless
  ``ground_temperature`` is given.
* **Air** — infiltration (from n50, or declared H_inf) plus the flow of
  natural, window or extract ventilation as constant air changes; a balanced
  system as outdoor air of the ideal loads system with sensible heat
  recovery.
* **Gains and set-points** — heating at 19 °C (3CL-DPE conventional
  set-point) of the operative temperature and no cooling unless given; internal gains by default the
  3CL-DPE 2021 conventional mean power ((3.18 + 0.34)·Sh + 90·(132/168)·Nadeq
  W, §6.1), constant, half radiant (the split of ISO 13790:2008 Annex C,
  eq. C.1, Φ_ia = 0.5·Φ_int).

Examples
--------
>>> from rehab import archetypes
>>> from rehab.energyplus.export import house_model
>>> m = house_model(archetypes.get("coron-mid-terrace"), ground_temperature=11.1)
>>> [z.name for z in m.zones], m.zones[0].heating_setpoint
(['Dwelling', 'Attic'], 19.0)
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from . import idf as ep
from .boxmodel import DOOR_WIDTH, MARGIN, SILL_HEIGHT, house_model  # noqa: F401  (re-exported: the export's public names)
from .idf import ScheduleLike
from .layers import INSIDE_SOLAR_ABSORPTANCE
from .locate import EnergyPlusInstall, find_energyplus
from .results import EnergyPlusResults
from .runner import DEFAULT_TIMEOUT, run_many
from .shoebox import HOST_MARGIN_R, SHOEBOX_HEIGHT, SHOEBOX_SPACING, shoebox_model  # noqa: F401
from .zone_loads import GAIN_RADIANT_FRACTION, HEATING_SETPOINT  # noqa: F401

if TYPE_CHECKING:
    from ..house import House

__all__ = [
    "INSIDE_SOLAR_ABSORPTANCE",
    "house_model",
    "result_type",
    "shoebox_model",
    "simulate",
    "to_idf",
    "write_epw",
]

# ----------------------------------------------------------------------------- weather
def write_epw(weather: Any, path: str | os.PathLike[str]) -> Path:
    """Write a :class:`rehab.weather.Weather` as an EPW file EnergyPlus can run.

    The header is rebuilt from the object (location, ground temperatures, a
    data period starting on the weekday of the first row); the 35 hourly
    fields come from ``weather.data`` (pvlib's column names).

    Parameters
    ----------
    weather : rehab.weather.Weather
    path : path-like

    Returns
    -------
    pathlib.Path
    """
    from ..weather import EPW_COLUMNS

    data = weather.data
    cols = list(EPW_COLUMNS)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise InputError(f"weather.data lacks the EPW column(s) {missing}; cannot write an EPW")
    ground = weather.epw_ground_temperatures or {}
    gparts = [str(len(ground))]
    for depth, temps in sorted(ground.items()):
        gparts += [f"{depth:g}", "", "", "", *(f"{t:.2f}" for t in temps)]
    first = data.iloc[0]
    weekday = ep.WEEKDAYS[
        datetime.date(int(first["year"]), int(first["month"]), int(first["day"])).weekday()
    ]
    header = [
        f"LOCATION,{weather.name},,,rehab,000000,{weather.latitude:.4f},{weather.longitude:.4f},"
        f"{weather.utc_offset:.1f},{weather.elevation:.1f}",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES," + ",".join(gparts),
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        f"COMMENTS 1,written by rehab from: {weather.source}".replace("\n", " ")[:500],
        "COMMENTS 2,",
        f"DATA PERIODS,1,1,Data,{weekday}, 1/ 1,12/31",
    ]
    from ..weather import MISSING_CODES

    # a field the reader left empty (NaN) goes back as the EPW's missing-value code
    rows = data[cols].fillna({c: MISSING_CODES[c] for c in cols if c in MISSING_CODES}).astype(object).to_numpy()
    lines = [",".join(_epw_field(v) for v in row) for row in rows]
    path = Path(path)
    path.write_text("\n".join(header + lines) + "\n", encoding="latin-1")
    return path


def _epw_field(v: Any) -> str:
    if isinstance(v, str):
        return v
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:.6g}"


@dataclass
class _Site:
    """Weather for a run: EPW file, location, monthly ground temperature."""

    epw: Path | None
    location: dict[str, Any]
    ground_monthly: tuple[float, ...]
    tmp: tempfile.TemporaryDirectory | None = None
    air_heat_capacity: float = 1200.0  # mean ρ·c_p of the outdoor air [J/(m³·K)]

    def cleanup(self) -> None:
        if self.tmp is not None:
            self.tmp.cleanup()


def _site(weather: Any, need_file: bool) -> _Site:
    """EPW path (written from a Weather object if needed), location, ground temperatures.

    The temperature under ground floors is, month by month, the mean of
    :meth:`rehab.weather.Weather.ground_temperature` at 1 m depth — the
    ground temperature rehab's own engines use.
    """
    from .. import weather as wmod
    from .._data import data_path

    default_path = data_path("weather", wmod.DEFAULT_EPW)
    path: Path | None = None
    if weather is None:
        path, w = default_path, wmod.default()
    elif isinstance(weather, str | os.PathLike):
        path = Path(weather)
        w = wmod.read_epw(path)
    elif isinstance(weather, wmod.Weather):
        w = weather
        if w.key == wmod.default().key:
            path = default_path
        elif (
            w.path is not None
            and Path(w.path).is_file()
            and wmod.read_epw(w.path).key == w.key  # the data were not changed since
        ):
            path = Path(w.path)
    else:
        raise InputError(
            f"weather: {type(weather).__name__} is not an EPW path or a rehab.weather.Weather"
        )
    loc = {
        "name": w.name or "site",
        "latitude": w.latitude,
        "longitude": w.longitude,
        "time_zone": w.utc_offset,
        "elevation": w.elevation,
    }
    ground = tuple(float(t) for t in w.monthly_mean(w.ground_temperature(1.0)))
    tmp = None
    if path is None and need_file:
        tmp = tempfile.TemporaryDirectory(prefix="rehab-epw-")
        path = write_epw(w, Path(tmp.name) / "weather.epw")
    from ..demand.iso52016_climate import rho_factor as _rho_factor
    from ..ventilation import RHO_C_AIR

    return _Site(path, loc, ground, tmp, float(RHO_C_AIR * np.mean(_rho_factor(w))))



# ----------------------------------------------------------------------------- geometry


def to_idf(
    house: House,
    path: str | os.PathLike[str],
    weather: Any = None,
    *,
    zoning: str = "single",
    install: EnergyPlusInstall | None = None,
    **options: Any,
) -> Path:
    """Export a house to an EnergyPlus IDF file.

    Parameters
    ----------
    house : rehab.House
        A geometry-built house (archetype, ``house_from_box``), retrofitted or not.
    path : path-like
        Output ``.idf``; side files (``Schedule:File`` CSVs) go beside it.
    weather : path-like or rehab.weather.Weather, optional
        Gives the site and the monthly temperature under the ground floor;
        default the embedded weather (:func:`rehab.weather.default`).
    zoning : {"single", "storeys"}
    install : EnergyPlusInstall, optional
        Target EnergyPlus (version and IDD); default :func:`find_energyplus`.
    **options
        Passed to :func:`house_model` (``attic``, ``heating_setpoint``,
        ``cooling_setpoint``, ``internal_gains``, ``gain_schedule``,
        ``ground_temperature``, ``control``, ``power_limit``, ``timestep``).

    Returns
    -------
    pathlib.Path
    """
    site = _site(weather, need_file=False)
    options.setdefault("ground_temperature", site.ground_monthly)
    try:
        model = house_model(house, zoning=zoning, **options)
        return ep.write_idf(model, path, site.location, install=install or find_energyplus())
    finally:
        site.cleanup()


def result_type() -> type:
    """The result class of :func:`simulate`: :class:`rehab.energyplus.results.EnergyPlusResult`.

    A subclass of ``rehab.simulation.SimulationResult`` carrying
    ``wall_time_s``, ``warnings`` and ``runs`` (module-level, so it pickles).
    """
    from .results import EnergyPlusResult

    return EnergyPlusResult


def _night_profile(setpoint: float, setback: float | None, hours: tuple[int, int]) -> ScheduleLike:
    """24 hourly set-points (index = hour starting), as rehab.simulate's set-back."""
    if setback is None:
        return setpoint
    start, end = hours
    hod = np.arange(24)
    night = (hod >= start) | (hod < end) if start > end else (hod >= start) & (hod < end)
    return [float(setback) if n else float(setpoint) for n in night]


def _conditioned_stats(r: EnergyPlusResults) -> dict[str, np.ndarray]:
    """Volume-weighted air/operative temperatures and net power of the heated zones."""
    zones = [z for z in r.zones if z in r.heating]
    vol = np.array([r.volume.get(z, 0.0) or 1.0 for z in zones])
    w = vol / vol.sum()
    air = np.zeros(r.month.size)
    op = np.zeros(r.month.size)
    for wi, z in zip(w, zones, strict=True):
        air = air + wi * r.air_temperature[z]
        op = op + wi * r.operative_temperature[z]
    phi = (r.heating_hourly_j - r.cooling_hourly_j) / 3600.0
    return {"air": air, "op": op, "phi": phi}


def simulate(
    houses: House | Sequence[House],
    weather: Any = None,
    *,
    setpoint: Any = HEATING_SETPOINT,
    setback: Any = None,
    setback_hours: tuple[int, int] = (22, 6),
    cooling_setpoint: Any = None,
    internal_gains: Any = "conventional",
    power_limit: Any = None,
    hourly: bool = False,
    zoning: str = "single",
    attic: str = "zone",
    control: str = "operative",
    max_workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    keep: bool = False,
    workdir: str | os.PathLike[str] | None = None,
    exe: str | os.PathLike[str] | None = None,
) -> Any:
    """Simulate one house or many in EnergyPlus; options and result as ``rehab.simulate``.

    Each distinct house runs in its own EnergyPlus process, in parallel
    (identical houses run once, as in :func:`rehab.simulate`).

    Parameters
    ----------
    houses : rehab.House or sequence of House
        One house gives floats; a list gives arrays in the same order.
    weather : rehab.weather.Weather or path-like, optional
        Default :func:`rehab.weather.default`; a Weather object that is not
        the embedded one is written to a temporary EPW.
    setpoint, setback, setback_hours, cooling_setpoint, internal_gains, power_limit, hourly
        As for :func:`rehab.simulate` ([°C], local hours, "conventional" or
        [W], [W], keep hourly series).
    zoning : {"single", "storeys"}
    attic : {"zone", "b"}
    control : {"air", "operative"}
        See :func:`house_model`.
    max_workers : int, optional
        Concurrent EnergyPlus processes (default: number of CPUs).
    timeout : float
        Wall-time limit per house [s].
    keep : bool
        Keep the run directories (paths on ``result.runs``).
    workdir : path-like, optional
        Parent directory of the runs (kept).
    exe : path-like, optional
        EnergyPlus executable (default :func:`find_energyplus`).

    Returns
    -------
    EnergyPlusResult
        A :class:`rehab.simulation.SimulationResult` (``method="energyplus"``)
        with ``wall_time_s``, ``warnings`` and ``runs`` besides (see
        :func:`result_type`). Peak powers are the largest hourly means;
        temperatures are the volume-weighted means of the heated zones;
        ``hours_above_26``/``_28`` count hours of operative temperature
        above 26/28 °C.

    Raises
    ------
    EnergyPlusError
        If a run ends with severe or fatal errors or times out.
    """
    from ..simulation_base import control_options, deduplicate, house_list

    seq, single = house_list(houses)
    sp, sb, cs, pl, ig = control_options(setpoint, setback, cooling_setpoint, power_limit, internal_gains, setback_hours)
    gains = None if ig == "conventional" else ig
    # identical houses (same description but the name) run once
    uniq, inverse = deduplicate(seq)
    install = find_energyplus(exe)
    site = _site(weather, need_file=True)
    options = dict(
        zoning=zoning,
        attic=attic,
        control=control,
        heating_setpoint=_night_profile(sp, sb, setback_hours),
        cooling_setpoint=cs,
        internal_gains=gains,
        power_limit=pl,
        ground_temperature=site.ground_monthly,
        declared_air_heat_capacity=site.air_heat_capacity,
    )
    try:
        jobs = [
            (ep.build_idf(house_model(h, **options), site.location, install=install), site.epw)
            for h in uniq
        ]
        runs = run_many(
            jobs,
            max_workers=max_workers,
            timeout=timeout,
            workdir=workdir,
            keep=keep,
            exe=install,
            names=[h.name for h in uniq],
        )
    finally:
        site.cleanup()
    res = [r.results for r in runs]
    stats = [_conditioned_stats(r) for r in res]
    area = np.array([h.floor_area for h in uniq])
    heating = np.array([r.heating_kwh for r in res])
    fields_: dict[str, Any] = {
        "floor_area_m2": area,
        "heating_need_kwh": heating,
        "cooling_need_kwh": np.array([r.cooling_kwh for r in res]),
        "heating_need_kwh_per_m2": heating / area,
        "heating_need_monthly_kwh": np.array([r.monthly_heating_kwh for r in res]),
        "cooling_need_monthly_kwh": np.array([r.monthly_cooling_kwh for r in res]),
        "peak_heating_w": np.array([r.peak_heating_w for r in res]),
        "peak_cooling_w": np.array([r.peak_cooling_w for r in res]),
        "hours_above_26": np.array([float((st["op"] > 26.0).sum()) for st in stats]),
        "hours_above_28": np.array([float((st["op"] > 28.0).sum()) for st in stats]),
        "theta_air_min_c": np.array([st["air"].min() for st in stats]),
        "theta_air_max_c": np.array([st["air"].max() for st in stats]),
        "theta_air_mean_c": np.array([st["air"].mean() for st in stats]),
        "wall_time_s": np.array([r.elapsed for r in runs]),
    }
    if hourly:
        fields_["theta_air_c"] = np.array([st["air"] for st in stats])
        fields_["theta_op_c"] = np.array([st["op"] for st in stats])
        fields_["phi_hc_w"] = np.array([st["phi"] for st in stats])
    out: dict[str, Any] = {}
    for k, v in fields_.items():
        v = np.asarray(v)[inverse]
        out[k] = (float(v[0]) if v.ndim == 1 else v[0]) if single else v
    ordered = [runs[j] for j in inverse]
    settings = dict(
        setpoint_c=sp,
        setback_c=sb,
        setback_hours=setback_hours,
        cooling_setpoint_c=cs,
        internal_gains=internal_gains,
        power_limit_w=pl,
        weather=site.location["name"],
        unique_houses=len(uniq),
        energyplus_version=install.version_string,
        zoning=zoning,
        attic=attic,
        control=control,
    )
    return result_type()(
        method="energyplus",
        names=[h.name for h in seq],
        settings=settings,
        warnings=[r.warnings for r in ordered],
        runs=ordered,
        **out,
    )
