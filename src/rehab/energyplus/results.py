"""Read EnergyPlus results (hourly ideal loads and temperatures) from its SQLite output.

EnergyPlus writes its report variables to ``eplusout.sql`` when the IDF asks
for ``Output:SQLite`` (the builder of :mod:`rehab.energyplus.idf` always
does). The database is read with the standard library's :mod:`sqlite3`: no
extra dependency, no CSV conversion step, and the schema (tables
``ReportDataDictionary``, ``ReportData``, ``Time``, ``EnvironmentPeriods``,
``Zones``) is stable across EnergyPlus versions.

Only the weather-file run period is read (``EnvironmentType`` 3), without
warm-up days. Energies are kept in J inside and converted to kWh by the
properties (``heating_kwh`` …); powers are hourly means in W.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import SimulationError
from ..simulation_base import SimulationResult

__all__ = ["COOLING", "HEATING", "EnergyPlusResult", "EnergyPlusResults", "read_sql"]

#: Variable read as the zone's heating need: sensible heat supplied by the
#: ideal loads air system, including the ventilation air load after heat recovery.
HEATING = "Zone Ideal Loads Supply Air Sensible Heating Energy"
#: Variable read as the zone's cooling need.
COOLING = "Zone Ideal Loads Supply Air Sensible Cooling Energy"
_AIR = "Zone Mean Air Temperature"
_OPERATIVE = "Zone Operative Temperature"
_OUTDOOR = "Site Outdoor Air Drybulb Temperature"
_IDEAL_SUFFIX = " IDEAL LOADS"

J_PER_KWH = 3.6e6


@dataclass
class EnergyPlusResults:
    """Hourly results of one annual EnergyPlus run.

    Zone names are EnergyPlus's (upper case); look-ups by name are
    case-insensitive. EnergyPlus reports the ideal loads energies of a zone
    already multiplied by the zone's multiplier, so building totals are
    plain sums over zones; floor areas and volumes are those of one zone.

    Attributes
    ----------
    zones : tuple of str
        Zone names.
    multipliers : dict of str to int
        Zone multipliers.
    floor_area : dict of str to float
        Zone floor areas [m²] (one zone, not multiplied).
    volume : dict of str to float
        Zone air volumes [m³].
    month, day, hour : numpy.ndarray
        Calendar of each hourly row (``hour`` 1–24 is the hour ending).
    heating, cooling : dict of str to numpy.ndarray
        Hourly sensible heating/cooling energy supplied by the ideal loads
        system of each conditioned zone [J] (times the zone multiplier).
    air_temperature, operative_temperature : dict of str to numpy.ndarray
        Hourly mean zone air / operative temperature [°C].
    outdoor_temperature : numpy.ndarray
        Hourly outdoor dry-bulb temperature [°C].
    variables : dict
        Every hourly series read, keyed ``(key_value, variable_name)``.
    """

    zones: tuple[str, ...]
    multipliers: dict[str, int]
    floor_area: dict[str, float]
    volume: dict[str, float]
    month: np.ndarray
    day: np.ndarray
    hour: np.ndarray
    heating: dict[str, np.ndarray]
    cooling: dict[str, np.ndarray]
    air_temperature: dict[str, np.ndarray]
    operative_temperature: dict[str, np.ndarray]
    outdoor_temperature: np.ndarray
    variables: dict[tuple[str, str], np.ndarray] = field(repr=False, default_factory=dict)

    # ---- look-ups
    def _zone(self, zone: str) -> str:
        key = zone.upper()
        if key not in self.zones:
            from ..errors import UnknownNameError

            raise UnknownNameError("EnergyPlus zone", zone, self.zones)
        return key

    def _zeros(self) -> np.ndarray:
        return np.zeros(self.month.size)

    def zone_heating(self, zone: str) -> np.ndarray:
        """Hourly heating energy of one zone [J] (zeros if not heated)."""
        return self.heating.get(self._zone(zone), self._zeros())

    def zone_cooling(self, zone: str) -> np.ndarray:
        """Hourly cooling energy of one zone [J] (zeros if not cooled)."""
        return self.cooling.get(self._zone(zone), self._zeros())

    def _total(self, series: dict[str, np.ndarray]) -> np.ndarray:
        out = self._zeros()
        for v in series.values():
            out = out + v
        return out

    # ---- building totals
    @property
    def heating_hourly_j(self) -> np.ndarray:
        """Hourly heating energy of the building [J]."""
        return self._total(self.heating)

    @property
    def cooling_hourly_j(self) -> np.ndarray:
        """Hourly cooling energy of the building [J]."""
        return self._total(self.cooling)

    @property
    def heating_kwh(self) -> float:
        """Annual heating need [kWh]."""
        return float(self.heating_hourly_j.sum() / J_PER_KWH)

    @property
    def cooling_kwh(self) -> float:
        """Annual cooling need [kWh]."""
        return float(self.cooling_hourly_j.sum() / J_PER_KWH)

    @property
    def monthly_heating_kwh(self) -> np.ndarray:
        """Monthly heating need, January first [kWh], shape (12,)."""
        return np.bincount(self.month - 1, self.heating_hourly_j, minlength=12)[:12] / J_PER_KWH

    @property
    def monthly_cooling_kwh(self) -> np.ndarray:
        """Monthly cooling need, January first [kWh], shape (12,)."""
        return np.bincount(self.month - 1, self.cooling_hourly_j, minlength=12)[:12] / J_PER_KWH

    @property
    def peak_heating_w(self) -> float:
        """Largest hourly-mean heating power of the building [W]."""
        return float(self.heating_hourly_j.max(initial=0.0) / 3600.0)

    @property
    def peak_cooling_w(self) -> float:
        """Largest hourly-mean cooling power of the building [W]."""
        return float(self.cooling_hourly_j.max(initial=0.0) / 3600.0)

    def to_frame(self) -> Any:
        """Hourly results as a pandas DataFrame (energies in kWh, temperatures in °C)."""
        import pandas as pd

        data: dict[str, np.ndarray] = {
            "month": self.month,
            "day": self.day,
            "hour": self.hour,
            "outdoor_temperature_c": self.outdoor_temperature,
            "heating_kwh": self.heating_hourly_j / J_PER_KWH,
            "cooling_kwh": self.cooling_hourly_j / J_PER_KWH,
        }
        for z in self.zones:
            if z in self.air_temperature:
                data[f"{z} air_temperature_c"] = self.air_temperature[z]
            if z in self.operative_temperature:
                data[f"{z} operative_temperature_c"] = self.operative_temperature[z]
            if z in self.heating:
                data[f"{z} heating_kwh"] = self.heating[z] / J_PER_KWH
            if z in self.cooling:
                data[f"{z} cooling_kwh"] = self.cooling[z] / J_PER_KWH
        return pd.DataFrame(data)


@dataclass
class EnergyPlusResult(SimulationResult):
    """:class:`rehab.simulation.SimulationResult` of EnergyPlus runs (what :func:`rehab.energyplus.simulate` returns).

    Defined at module level so that it pickles (Dask, multiprocessing).

    Attributes
    ----------
    wall_time_s : ndarray
        Wall time of each EnergyPlus run [s].
    warnings : list of list of str
        EnergyPlus warnings of each house.
    runs : list of RunResult
        The :class:`~rehab.energyplus.runner.RunResult` of each house (hourly
        results per zone, run directory if kept).
    """

    wall_time_s: Any = None
    warnings: list[list[str]] = field(default_factory=list)
    runs: list[Any] = field(default_factory=list)  # rehab.energyplus.runner.RunResult (runner imports this module)


def read_sql(path: str | Path, extra: Sequence[str] = ()) -> EnergyPlusResults:
    """Read the hourly results of an EnergyPlus SQLite output.

    Parameters
    ----------
    path : path-like
        ``eplusout.sql``.
    extra : sequence of str
        Further hourly variables to keep in :attr:`EnergyPlusResults.variables`
        (the standard ones are always read).

    Returns
    -------
    EnergyPlusResults

    Raises
    ------
    SimulationError
        If the file is missing, not an EnergyPlus database, or holds no
        hourly run-period data.
    """
    path = Path(path)
    if not path.is_file():
        raise SimulationError(f"EnergyPlus SQLite output {path} not found (did the run finish?)")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise SimulationError(f"cannot open {path}: {exc}") from exc
    try:
        return _read(con, path, extra)
    except sqlite3.Error as exc:
        raise SimulationError(f"{path} is not a readable EnergyPlus SQLite output: {exc}") from exc
    finally:
        con.close()


def _read(con: sqlite3.Connection, path: Path, extra: Sequence[str]) -> EnergyPlusResults:
    env = [
        r[0]
        for r in con.execute(
            "SELECT EnvironmentPeriodIndex FROM EnvironmentPeriods WHERE EnvironmentType = 3"
        )
    ]
    if not env:
        raise SimulationError(f"{path}: no weather-file run period in the results")
    marks = ",".join("?" * len(env))
    times = con.execute(
        f"SELECT TimeIndex, Month, Day, Hour FROM Time WHERE EnvironmentPeriodIndex IN ({marks}) "
        "AND (WarmupFlag IS NULL OR WarmupFlag = 0) AND IntervalType = 1 ORDER BY TimeIndex",
        env,
    ).fetchall()
    if not times:
        raise SimulationError(f"{path}: no hourly rows in the run period")
    t = np.asarray(times, dtype=np.int64)
    row_of = {int(ti): i for i, ti in enumerate(t[:, 0])}
    n = len(times)
    wanted = {HEATING, COOLING, _AIR, _OPERATIVE, _OUTDOOR, *extra}
    marks_v = ",".join("?" * len(wanted))
    dico = con.execute(
        "SELECT ReportDataDictionaryIndex, KeyValue, Name FROM ReportDataDictionary "
        f"WHERE ReportingFrequency = 'Hourly' AND IsMeter = 0 AND Name IN ({marks_v})",
        sorted(wanted),
    ).fetchall()
    variables: dict[tuple[str, str], np.ndarray] = {}
    for idx, key, name in dico:
        values = np.zeros(n)
        for ti, v in con.execute(
            "SELECT TimeIndex, Value FROM ReportData WHERE ReportDataDictionaryIndex = ?", (idx,)
        ):
            i = row_of.get(int(ti))
            if i is not None:
                values[i] = v
        variables[(str(key).upper(), str(name))] = values
    zone_rows = con.execute(
        "SELECT ZoneName, Multiplier * ListMultiplier, FloorArea, Volume FROM Zones ORDER BY ZoneIndex"
    ).fetchall()
    zones = tuple(str(r[0]).upper() for r in zone_rows)
    heating: dict[str, np.ndarray] = {}
    cooling: dict[str, np.ndarray] = {}
    air: dict[str, np.ndarray] = {}
    operative: dict[str, np.ndarray] = {}
    outdoor = np.full(n, np.nan)
    for (key, name), values in variables.items():
        zone = key[: -len(_IDEAL_SUFFIX)] if key.endswith(_IDEAL_SUFFIX) else key
        if name == HEATING:
            heating[zone] = values
        elif name == COOLING:
            cooling[zone] = values
        elif name == _AIR:
            air[key] = values
        elif name == _OPERATIVE:
            operative[key] = values
        elif name == _OUTDOOR:
            outdoor = values
    return EnergyPlusResults(
        zones=zones,
        multipliers={str(r[0]).upper(): int(r[1] or 1) for r in zone_rows},
        floor_area={str(r[0]).upper(): float(r[2] or 0.0) for r in zone_rows},
        volume={str(r[0]).upper(): float(r[3] or 0.0) for r in zone_rows},
        month=t[:, 1],
        day=t[:, 2],
        hour=t[:, 3],
        heating=heating,
        cooling=cooling,
        air_temperature=air,
        operative_temperature=operative,
        outdoor_temperature=outdoor,
        variables=variables,
    )
