"""Heating and cooling needs: the hourly 5R1C engine and the monthly method.

Both engines take plain arrays: a :class:`ThermalZones` batch (one value per
house) and a climate shared by the batch (:class:`ZoneClimate` hourly, or
:class:`MonthlyClimate` monthly). ``rehab.simulate`` builds these from
``rehab.House`` objects.

* :func:`simulate_hourly` — ISO 13790:2008 Annex C (5R1C), compiled kernel.
* :func:`simulate_monthly` — ISO 13790:2008 §7.2.1, §12, §13 (monthly
  quasi-steady-state method with gain/loss utilisation factors).

Examples
--------
>>> import numpy as np
>>> from rehab.demand import ThermalZones, ZoneClimate, simulate_hourly, simulate_monthly
>>> z = ThermalZones.from_arrays(h_tr_op=150.0, h_tr_w=30.0, h_ve=40.0,
...                              c_m=165_000.0 * 80, a_floor=80.0, phi_int=400.0)
>>> c = ZoneClimate.from_arrays(theta_e=np.full(8760, 5.0),
...                             month=np.repeat(np.arange(1, 13), 730))
>>> h = simulate_hourly(z, c)
>>> m = simulate_monthly(z, c.monthly())
>>> round(float(h.heating_need_kwh[0])), round(float(m.heating_need_kwh[0]))
(25059, 25440)
"""

from __future__ import annotations

from .hourly import HourlyResult, simulate_hourly
from .monthly import MonthlyResult, simulate_monthly
from .zones import MonthlyClimate, ThermalZones, ZoneClimate

__all__ = [
    "HourlyResult",
    "MonthlyClimate",
    "MonthlyResult",
    "ThermalZones",
    "ZoneClimate",
    "simulate_hourly",
    "simulate_monthly",
]
