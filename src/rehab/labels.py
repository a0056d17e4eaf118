"""French labels of a house: a DPE estimate with 3CL conventions, BBC checks, rental ban.

**Estimate with 3CL conventions, not a certified DPE.** :func:`dpe` runs the
3CL-DPE 2021 conventional chain of :mod:`rehab.threecl` and
:mod:`rehab.systems` on a :class:`rehab.House` — 19 °C set-point,
conventional internal gains, DHW and lighting, the 3CL monthly climate of
zone H1a by default (selectable) — and gives Cep [kWhEP/(m²·yr)], EGES
[kgCO2e/(m²·yr)], the class A–G by the double threshold (small-dwelling
table below 40 m² from 2024-07-01), the primary-energy factor of the
evaluation date (electricity 2.3 / 1.9 / 1.7), the BBC checks and the
rental-ban status. Only a certified diagnostician's DPE has legal value.

Rules and sources:

* class thresholds: arrêté du 31 mars 2021 relatif au DPE; small
  dwellings: arrêté du 25 mars 2024 (see :func:`rehab.threecl.dpe_class`);
* BBC Rénovation 2024 (arrêté du 3 octobre 2023, in force 2024-01-01):
  class A or B; "first step": at least class C. The label's other conditions
  (study of the six posts, solar protection, airtightness, no new fossil
  generator) are not checked;
* BBC-Effinergie Rénovation 2009 (arrêté du 29 septembre 2009): Cep ≤
  80·(a + b) with a per zone and b per altitude. That label is defined with
  the Th-C-E ex method per m² SHON (PEF 2.58); applying it to a 3CL Cep per
  m² of living area is an approximation and the flag says so;
* rental ban (loi 2021-1104 Climat et Résilience, décret 2021-19, décret of
  August 2023): from 2023-01-01 a new lease needs final energy ≤ 450
  kWh/(m²·yr); class G is banned from 2025-01-01, F from 2028-01-01, E from
  2034-01-01; rent freeze of F and G from 2022-08-24.

Examples
--------
>>> import rehab
>>> from rehab import labels
>>> house = rehab.archetypes.get("coron-mid-terrace")
>>> d = labels.dpe(house, date="2026-06-01")
>>> d.label in "EFG", d.mode
(True, 'conventional')
>>> d.note
'Estimate with 3CL conventions, not a certified DPE.'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from . import systems, threecl
from ._data import read_csv_records
from .errors import InputError, UnknownNameError
from .factors import parse_date
from .rental import DECENCY_FINAL_LIMIT as DECENCY_FINAL_LIMIT
from .rental import RentalStatus, RentalStatusArrays, rental_status, rental_status_arrays

__all__ = [
    "BBC_2009_ALTITUDE_B",
    "BBC_2009_ZONE_A",
    "DPEClasses",
    "DPEEnergy",
    "DPEEstimate",
    "DPEInputs",
    "RentalStatus",
    "RentalStatusArrays",
    "bbc_effinergie_2009_limit",
    "dpe",
    "dpe_classes",
    "dpe_energy",
    "dpe_inputs",
    "house_energy",
    "rental_status",
    "rental_status_arrays",
]

NOTE = "Estimate with 3CL conventions, not a certified DPE."

#: BBC-Effinergie Rénovation 2009 zone coefficient a (arrêté du 29 septembre
#: 2009, coefficient table). H1a/H1b 1.3 and b = 0 below 400 m were checked
#: (legal.tricoteuses.fr); the other values are those of the same table as
#: recalled (same coefficients as the BBC 2005 label), not re-checked.
BBC_2009_ZONE_A = {
    "H1a": 1.3,
    "H1b": 1.3,
    "H1c": 1.2,
    "H2a": 1.1,
    "H2b": 1.0,
    "H2c": 0.9,
    "H2d": 0.9,
    "H3": 0.8,
}
#: BBC-Effinergie Rénovation 2009 altitude coefficient b (same arrêté).
BBC_2009_ALTITUDE_B = {"below_400": 0.0, "400_800": 0.1, "above_800": 0.2}

_INERTIA_FROM_MASS = {
    "very_heavy": "very_heavy",
    "heavy": "heavy",
    "medium": "medium",
    "light": "light",
    "very_light": "light",
}


def bbc_effinergie_2009_limit(zone: str, altitude_class: str = "below_400") -> float:
    """BBC-Effinergie Rénovation 2009 limit 80·(a + b) [kWhEP/(m²·yr)].

    Examples
    --------
    >>> bbc_effinergie_2009_limit("H1a")
    104.0
    """
    z = threecl.climate(zone).zone
    if altitude_class not in BBC_2009_ALTITUDE_B:
        raise UnknownNameError("altitude class", altitude_class, tuple(BBC_2009_ALTITUDE_B))
    return round(80.0 * (BBC_2009_ZONE_A[z] + BBC_2009_ALTITUDE_B[altitude_class]), 6)


@dataclass(frozen=True)
class DPEEstimate:
    """Result of :func:`dpe` — an estimate with 3CL conventions, not a certified DPE.

    Attributes
    ----------
    heating_need_kwh : float
        Conventional heating need [kWh/yr].
    heating_need_monthly_kwh : numpy.ndarray
        Per month [kWh].
    dhw_need_kwh : float
        Conventional DHW need [kWh/yr].
    delivered_kwh : dict
        Delivered energy per (carrier, use) [kWh/yr].
    final_energy_m2 : float
        Delivered energy, 5 uses, per m² of living area [kWh/(m²·yr)].
    cep : float
        Primary energy, 5 uses [kWhEP/(m²·yr)], factors at ``date``.
    eges : float
        Emissions, 5 uses [kgCO2e/(m²·yr)].
    energy_label, ges_label, label : str
        Class by Cep, by EGES and the DPE class (the worse of both).
    flags : dict of str to bool
        ``bbc_renovation_2024`` (A or B), ``bbc_renovation_2024_first_step``
        (C or better), ``bbc_effinergie_renovation_2009`` (Cep ≤ 80·(a+b),
        approximate: see the module docstring).
    rental : RentalStatus
    small_dwelling : bool
        The small-dwelling thresholds were applied.
    date : datetime.date
    zone, altitude_class : str
    mode : str
        "conventional" (3CL conventions).
    note : str
        "Estimate with 3CL conventions, not a certified DPE."
    details : dict
        Intermediate values: ``gv_w_per_k`` (GV [W/K]), ``inertia``,
        ``ilpa``, ``ceiling_height_m``, and the ``heating`` / ``dhw``
        systems and the 3CL ``climate`` used (reused by
        :func:`rehab.usage.consumption`).
    """

    heating_need_kwh: float
    heating_need_monthly_kwh: np.ndarray
    dhw_need_kwh: float
    delivered_kwh: dict[tuple[str, str], float]
    final_energy_m2: float
    cep: float
    eges: float
    energy_label: str
    ges_label: str
    label: str
    flags: dict[str, bool]
    rental: RentalStatus
    small_dwelling: bool
    date: _dt.date
    zone: str
    altitude_class: str
    bbc_2009_limit: float
    mode: str = "conventional"
    note: str = NOTE
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"DPE estimate ({self.mode}, {self.zone}, {self.date.isoformat()}): class {self.label} "
            f"(energy {self.energy_label}, GHG {self.ges_label}); Cep {self.cep:.0f} kWhEP/(m²·yr), "
            f"EGES {self.eges:.1f} kgCO2e/(m²·yr); heating need {self.heating_need_kwh:.0f} kWh/yr. "
            f"{self.note}"
        )

    def __repr__(self) -> str:
        """One line: class, Cep, EGES, date (``str`` adds the note, ``_repr_html_`` the rental status)."""
        return (
            f"DPEEstimate(class {self.label}, energy {self.energy_label}, GHG {self.ges_label}, "
            f"Cep {self.cep:.0f} kWhEP/(m²·yr), EGES {self.eges:.1f} kgCO2e/(m²·yr), "
            f"{self.mode}, {self.date.isoformat()})"
        )

    def _repr_html_(self) -> str:
        """A short summary for notebooks: the class on the label's colour, Cep, EGES, rental status."""
        import html

        from .plot import DPE_COLOURS

        ink = "#1d232b" if self.label in ("C", "D", "E") else "#ffffff"
        badge = (
            f'<span style="background:{DPE_COLOURS.get(self.label, "#777")};color:{ink};'
            f'font-weight:700;padding:0 .4em;border-radius:3px">{self.label}</span>'
        )
        return (
            f"<p><b>DPE estimate</b> {badge} (energy {self.energy_label}, GHG {self.ges_label}) "
            f"on {self.date.isoformat()}, zone {self.zone}<br>"
            f"Cep {self.cep:.0f} kWhEP/(m²·yr), EGES {self.eges:.1f} kgCO2e/(m²·yr), "
            f"heating need {self.heating_need_kwh:.0f} kWh/yr<br>"
            f"rental: {html.escape(self.rental.reason)}<br><small>{html.escape(self.note)}</small></p>"
        )


@lru_cache(maxsize=1)
def _archetype_systems() -> dict[str, tuple[str, str]]:
    return {
        r["archetype"]: (r["heating"], r["dhw"])
        for r in read_csv_records("systems", "archetype_systems.csv")
    }


def _altitude_class(altitude: float) -> str:
    return threecl.ALTITUDE_CLASSES[int(threecl.altitude_class_codes(altitude))]


def _inertia(house: Any, c_m: float | None = None) -> str:
    tm = house.thermal_mass
    if isinstance(tm, str):
        return _INERTIA_FROM_MASS[tm]
    cm = c_m if c_m is not None else house.thermal_mass_parameters()[0]
    return _inertia_class(cm / house.floor_area)


def _inertia_class(per_m2: float) -> str:
    """3CL inertia class of a heat capacity per m² of floor [J/(m²·K)] (:func:`rehab.threecl.inertia_class_codes`)."""
    return threecl.INERTIA_CLASSES[int(threecl.inertia_class_codes(per_m2))]


def _orientation(azimuth: float) -> str:
    a = azimuth % 360.0
    if 135.0 <= a < 225.0:
        return "south"
    if 225.0 <= a < 315.0:
        return "west"
    if 45.0 <= a < 135.0:
        return "east"
    return "north"


def _tilt(tilt: float) -> str:
    if tilt >= 75.0:
        return "vertical"
    if tilt >= 25.0:
        return "25_75"
    if tilt > 0.0:
        return "below_25"
    return "horizontal"


def _sse(house: Any, zone: str) -> np.ndarray:
    wins = [w for w in house.windows() if w.boundary == "exterior"]
    if not wins:
        return np.zeros(12)
    c1 = threecl.orientation_coefficients(
        zone,
        ["horizontal" if w.tilt <= 0 else _orientation(w.azimuth) for w in wins],
        [_tilt(w.tilt) for w in wins],
    )
    sw = [w.g_value * (1.0 - w.frame_fraction) for w in wins]
    return threecl.south_equivalent_area([w.area for w in wins], sw, c1, [w.shading for w in wins])


def _resolve_systems(house: Any, heating: Any, dhw: Any) -> tuple[Any, Any]:
    """The heating and DHW systems used for a house: given, the house's own, else its archetype's."""
    heating = heating if heating is not None else getattr(house, "heating", None)
    dhw = dhw if dhw is not None else getattr(house, "dhw", None)
    if heating is None or dhw is None:
        arch = _archetype_systems().get(house.archetype or "")
        if arch is None:
            raise InputError(
                f"dpe: house {house.name!r} has no archetype with a default heating system; give "
                f"heating= (one of {', '.join(systems.heating_presets())}, a HeatingSystem or "
                "(system, share) pairs) and dhw="
            )
        heating = arch[0] if heating is None else heating
        dhw = arch[1] if dhw is None else dhw
    return heating, dhw


def _declared_systems(house: Any, decl: Any, heating: Any, dhw: Any, ilpa: Any) -> tuple:
    """The systems and ILPA flag of the 3CL chain of a house with a DPE declaration, and which
    of its parts apply (:func:`rehab.threecl_declared.applies`)."""
    if decl is None:
        return heating, dhw, bool(ilpa), (False, False, False)
    from .threecl_declared import applies

    h, d = _resolve_systems(house, heating, dhw)
    parts = applies(decl, h, d, house.ventilation.system)
    return (decl.heating if parts[0] else h, decl.dhw if parts[1] else d,
            decl.ilpa if ilpa is None else bool(ilpa), parts)


@dataclass(frozen=True)
class DPEInputs:
    """What the 3CL chain needs from one house (see :func:`dpe_inputs`).

    Attributes
    ----------
    gv : float
        Heat-loss coefficient GV [W/K] (``House.heat_loss().h_total``).
    area : float
        Living area [m²].
    sse : numpy.ndarray
        South-equivalent glazed area per month, shape (12,) [m²].
    inertia : str
        3CL inertia class.
    height : float
        Mean ceiling height volume/area [m].
    zone, altitude_class : str
    ilpa : bool
    climate : ConventionalClimate
    heating, dhw
        The systems (as given to :func:`rehab.systems.delivered_energy`).
    """

    gv: float
    area: float
    sse: np.ndarray
    inertia: str
    height: float
    zone: str
    altitude_class: str
    ilpa: bool
    climate: threecl.ConventionalClimate
    heating: Any
    dhw: Any


def dpe_inputs(
    house: Any,
    zone: str | None = None,
    *,
    heating: Any = None,
    dhw: Any = None,
    altitude_class: str | None = None,
    ilpa: bool = False,
    inertia: str | None = None,
    systems_needed: bool = True,
    gv: float | None = None,
    c_m: float | None = None,
) -> DPEInputs:
    """The house-dependent inputs of the 3CL chain of :func:`dpe` (one house).

    Parameters are those of :func:`dpe`; ``systems_needed=False`` leaves
    ``heating``/``dhw`` None when neither the call nor the house gives them
    (a programme supplies them per dwelling). ``gv`` [W/K] and ``c_m``
    [J/K] may be given when already known for this house (the H_tr + H_ve
    and C_m of its simulation batch, :func:`rehab.simulation.build_batch`),
    to skip computing them again.

    Examples
    --------
    >>> import rehab
    >>> inp = dpe_inputs(rehab.archetypes.get("coron-mid-terrace"))
    >>> inp.area, inp.inertia, inp.zone, inp.sse.shape
    (60.0, 'very_heavy', 'H1a', (12,))
    """
    z = threecl.climate(zone or house.zone).zone
    alt = altitude_class or _altitude_class(float(house.altitude))
    clim = threecl.climate(z, alt, ilpa=ilpa)
    if systems_needed:
        heating, dhw = _resolve_systems(house, heating, dhw)
    area = float(house.floor_area)
    return DPEInputs(
        gv=house.heat_loss().h_total if gv is None else float(gv),
        area=area,
        sse=_sse(house, z),
        inertia=inertia or _inertia(house, c_m),
        height=float(house.volume) / area,
        zone=z,
        altitude_class=alt,
        ilpa=ilpa,
        climate=clim,
        heating=heating,
        dhw=dhw,
    )


@dataclass(frozen=True)
class DPEEnergy:
    """Needs, delivered energy and the two DPE indicators of one house or a batch.

    Fields are floats for one house, arrays (house axis first) for a batch.

    Attributes
    ----------
    heating_need_monthly_kwh, dhw_need_monthly_kwh : numpy.ndarray
        Monthly 3CL needs (..., 12) [kWh].
    delivered : rehab.systems.DeliveredEnergy
        Delivered energy per (carrier, use), monthly [kWh].
    final_energy_m2 : float or numpy.ndarray
        Delivered energy, 5 uses, per m² [kWh/(m²·yr)].
    cep : float or numpy.ndarray
        Primary energy per m² [kWhEP/(m²·yr)].
    eges : float or numpy.ndarray
        Emissions per m² [kgCO2e/(m²·yr)].
    """

    heating_need_monthly_kwh: np.ndarray
    dhw_need_monthly_kwh: np.ndarray
    delivered: systems.DeliveredEnergy
    final_energy_m2: Any
    cep: Any
    eges: Any


def dpe_energy(
    gv: Any,
    area: Any,
    sse: Any,
    inertia: Any,
    height: Any,
    climate: threecl.ConventionalClimate,
    heating: Any,
    dhw: Any,
    date: Any = None,
    *,
    auxiliary_kwh: Any = None,
    extra_auxiliary_kwh: Any = None,
    cooling_kwh: Any = 0.0,
    district_heat_factor: float | None = None,
    recovered_heat_kwh: Any = 0.0,
    declared: Any = None,
) -> DPEEnergy:
    """The 3CL chain of :func:`dpe` from its inputs, for one house or a batch.

    Needs (:func:`rehab.threecl.heating_need`, :func:`rehab.threecl.dhw_need`),
    delivered energy (:func:`rehab.systems.delivered_energy`), Cep and EGES
    with the factors at ``date``. Every house of a batch shares the climate
    and the systems; the other inputs broadcast over the house axis.

    Parameters
    ----------
    gv, area, sse, inertia, height
        As in :class:`DPEInputs` (``sse`` of shape (..., 12), ``inertia`` a
        class or a sequence of classes).
    climate : ConventionalClimate
    heating, dhw
        Systems as accepted by :func:`rehab.systems.delivered_energy`.
    date : str or date, optional
        Evaluation date of the factors.
    auxiliary_kwh : float or array_like, optional
        Declared yearly auxiliary electricity [kWh]; replaces the systems'
        estimate (NaN in an array: keep the estimate for that house).
    extra_auxiliary_kwh : float or array_like, optional
        Yearly electricity added to the systems' auxiliary estimate [kWh]
        (e.g. ventilation fans), the sum spread evenly over the months where
        it is positive.
    cooling_kwh : float or array_like
    district_heat_factor : float, optional
    recovered_heat_kwh : float or array_like
        Yearly recovered losses deducted from the heating need, spread over
        the heating hours (e.g. DHW storage losses in the heated volume,
        3CL §9.1.1) [kWh].
    declared : rehab.threecl_declared.DeclaredTerms, optional
        A DPE's declared terms (:func:`rehab.threecl_declared.terms`): the
        boiler auxiliaries in proportion to the heating need before
        recovery and to the DHW need (3CL §15.1), circulators and fans
        (§15.2, §15.3) added to the auxiliaries, the recovered DHW storage
        losses (§9.1.1) deducted from the need, the declared cooling added,
        and the self-consumed photovoltaic electricity deducted from Cep.

    Returns
    -------
    DPEEnergy

    Examples
    --------
    One house and a batch of the same house give the same Cep:

    >>> import rehab
    >>> inp = dpe_inputs(rehab.archetypes.get("coron-mid-terrace"))
    >>> one = dpe_energy(inp.gv, inp.area, inp.sse, inp.inertia, inp.height, inp.climate,
    ...                  inp.heating, inp.dhw, "2026-06-01")
    >>> two = dpe_energy([inp.gv] * 2, [inp.area] * 2, [inp.sse] * 2, [inp.inertia] * 2,
    ...                  [inp.height] * 2, inp.climate, inp.heating, inp.dhw, "2026-06-01")
    >>> round(one.cep, 6) == round(float(two.cep[1]), 6)
    True
    """
    d = parse_date(date)
    batch = np.ndim(gv) > 0
    if batch:
        gv = np.asarray(gv, dtype=float)
        area = np.asarray(area, dtype=float)
        sse = np.asarray(sse, dtype=float)
        height = np.asarray(height, dtype=float)
        inertia = inertia if not isinstance(inertia, str) else [inertia] * len(gv)
    need_m = threecl.heating_need(gv, area, sse, climate, inertia)
    dhw_m = threecl.dhw_need(area, climate)
    if declared is not None:
        need_y, dhw_y = need_m.sum(axis=-1), dhw_m.sum(axis=-1)
        recovered_heat_kwh = recovered_heat_kwh + declared.recovered_per_dhw_need * dhw_y
        own = declared.aux_kwh + declared.aux_per_heating_need * need_y + declared.aux_per_dhw_need * dhw_y
        extra_auxiliary_kwh = own if extra_auxiliary_kwh is None else extra_auxiliary_kwh + own
        cooling_kwh = cooling_kwh + declared.cooling_kwh
    if np.any(np.asarray(recovered_heat_kwh) != 0):
        rec = np.asarray(recovered_heat_kwh, dtype=float)
        spread = climate.nref19 / climate.nref19.sum()
        need_m = np.maximum(need_m - (rec[..., None] if rec.ndim else rec) * spread, 0.0)
    out = systems.delivered_energy(
        need_m,
        dhw_m,
        heating,
        dhw,
        gv=gv,
        area=area,
        ceiling_height=height,
        climate=climate,
        cooling_kwh=cooling_kwh,
    )
    key = ("electricity", "auxiliaries")
    if auxiliary_kwh is not None:
        aux = np.asarray(auxiliary_kwh, dtype=float)
        old = out.monthly.pop(key, None)
        if aux.ndim == 0:
            if aux > 0:
                out.add(*key, np.full(12, float(aux) / 12.0))
        else:
            base = old if old is not None else 0.0
            spread = np.where(aux > 0, aux, 0.0)[:, None] / 12.0 * np.ones(12)
            out.add(*key, np.where(np.isnan(aux)[:, None], base, spread))
    if extra_auxiliary_kwh is not None:
        extra = np.asarray(extra_auxiliary_kwh, dtype=float)
        if np.any(extra > 0):
            old = out.monthly.pop(key, None)
            total = (old.sum(axis=-1) if old is not None else 0.0) + extra
            if extra.ndim == 0:
                out.add(*key, np.full(12, float(total) / 12.0))
            else:
                base = old if old is not None else 0.0
                even = (total / 12.0)[:, None] * np.ones(12)
                out.add(*key, np.where((extra > 0)[:, None], even, base))
    final_m2 = out.total() / area
    cep = out.primary(d) / area
    if declared is not None and np.any(np.asarray(declared.pv_kwh) > 0):
        # 3CL: the self-consumed photovoltaic electricity of the five uses is deducted from Cep
        from .factors import primary_energy_factor

        cep = cep - np.asarray(declared.pv_kwh, dtype=float) * primary_energy_factor("electricity", d) / area
    eges = out.emissions(d, district_heat_factor=district_heat_factor) / area
    if not batch:
        final_m2, cep, eges = float(final_m2), float(cep), float(eges)
    return DPEEnergy(need_m, dhw_m, out, final_m2, cep, eges)


@dataclass(frozen=True)
class DPEClasses:
    """Classes and flags of one house (str/bool) or a batch (arrays).

    Attributes
    ----------
    energy_label, ges_label, label
        Class by Cep, by EGES and the DPE class (the worse of both).
    flags : dict
        ``bbc_renovation_2024``, ``bbc_renovation_2024_first_step``,
        ``bbc_effinergie_renovation_2009``.
    small_dwelling
        The small-dwelling thresholds apply.
    bbc_2009_limit : float
        [kWhEP/(m²·yr)].
    """

    energy_label: Any
    ges_label: Any
    label: Any
    flags: dict[str, Any]
    small_dwelling: Any
    bbc_2009_limit: float


def dpe_classes(
    cep: Any, eges: Any, area: Any, date: Any, zone: str, altitude_class: str
) -> DPEClasses:
    """DPE classes by the double threshold and the BBC flags, for one house or a batch.

    Examples
    --------
    >>> c = dpe_classes([60.0, 400.0], [5.0, 80.0], [60.0, 60.0], "2026-06-01", "H1a", "below_400")
    >>> c.label.tolist(), c.flags["bbc_renovation_2024"].tolist()
    (['A', 'F'], [True, False])
    """
    from .threecl_classes import _indices

    d = parse_date(date)
    high = zone in ("H1b", "H1c", "H2d") and altitude_class == "above_800"
    ie, ig, scalar = _indices(cep, eges, area, d, high)
    letters = np.asarray(threecl.CLASSES)
    e_label = str(letters[int(ie)]) if np.ndim(cep) == 0 else letters[ie]
    g_label = str(letters[int(ig)]) if np.ndim(eges) == 0 else letters[ig]
    limit = bbc_effinergie_2009_limit(zone, altitude_class)
    if scalar:
        order = max(int(ie), int(ig))
        label = threecl.CLASSES[order]
        small = d >= _dt.date(2024, 7, 1) and int(np.floor(area + 0.5)) < 40
        cep_ok = cep <= limit
    else:
        order = np.maximum(*np.broadcast_arrays(ie, ig))
        label = letters[order]
        small = (d >= _dt.date(2024, 7, 1)) & (np.floor(np.asarray(area) + 0.5) < 40)
        cep_ok = np.asarray(cep) <= limit
    flags = {
        "bbc_renovation_2024": order <= 1,
        "bbc_renovation_2024_first_step": order <= 2,
        "bbc_effinergie_renovation_2009": cep_ok,
    }
    return DPEClasses(e_label, g_label, label, flags, small, limit)


def house_energy(
    house: Any,
    date: Any = None,
    zone: str | None = None,
    *,
    heating: Any = None,
    dhw: Any = None,
    altitude_class: str | None = None,
    ilpa: bool | None = None,
    inertia: str | None = None,
    auxiliary_kwh: float | None = None,
    cooling_kwh: float | None = None,
    district_heat_factor: float | None = None,
    recovered_heat_kwh: float | None = None,
    gv: float | None = None,
    c_m: float | None = None,
) -> tuple[DPEInputs, DPEEnergy]:
    """The 3CL inputs and energy of one house, its DPE declarations included (the chain of :func:`dpe`).

    Parameters are those of :func:`dpe`; ``gv`` [W/K] and ``c_m`` [J/K]
    may be given when already known (see :func:`dpe_inputs`).

    Returns
    -------
    (DPEInputs, DPEEnergy)

    Examples
    --------
    >>> from rehab import dpe
    >>> rec = dpe.read_xml(dpe.example_path())
    >>> inp, en = house_energy(rec.house, rec.date)
    >>> round(en.cep, 6) == round(rec.estimate().cep, 6)
    True
    """
    d = parse_date(date)
    decl = getattr(house, "threecl", None)
    heating, dhw, ilpa, parts = _declared_systems(house, decl, heating, dhw, ilpa)
    inp = dpe_inputs(
        house,
        zone,
        heating=heating,
        dhw=dhw,
        altitude_class=altitude_class,
        ilpa=ilpa,
        inertia=inertia,
        gv=gv,
        c_m=c_m,
    )
    declared = None
    if decl is not None:
        from . import threecl_declared

        t = threecl_declared.terms([decl], *parts, inp.gv, inp.area, inp.zone, inp.altitude_class, inp.climate)
        declared = threecl_declared.DeclaredTerms(
            aux_per_heating_need=0.0 if auxiliary_kwh is not None else float(t.aux_per_heating_need[0]),
            aux_per_dhw_need=0.0 if auxiliary_kwh is not None else float(t.aux_per_dhw_need[0]),
            aux_kwh=0.0 if auxiliary_kwh is not None else float(t.aux_kwh[0]),
            recovered_per_dhw_need=0.0 if recovered_heat_kwh is not None else float(t.recovered_per_dhw_need[0]),
            cooling_kwh=0.0 if cooling_kwh is not None else float(t.cooling_kwh[0]),
            pv_kwh=float(t.pv_kwh[0]),
        )
    en = dpe_energy(
        inp.gv,
        inp.area,
        inp.sse,
        inp.inertia,
        inp.height,
        inp.climate,
        inp.heating,
        inp.dhw,
        d,
        auxiliary_kwh=auxiliary_kwh,
        cooling_kwh=cooling_kwh or 0.0,
        district_heat_factor=district_heat_factor,
        recovered_heat_kwh=recovered_heat_kwh or 0.0,
        declared=declared,
    )
    return inp, en


def dpe(
    house: Any,
    date: Any = None,
    zone: str | None = None,
    *,
    heating: Any = None,
    dhw: Any = None,
    altitude_class: str | None = None,
    ilpa: bool | None = None,
    inertia: str | None = None,
    auxiliary_kwh: float | None = None,
    cooling_kwh: float | None = None,
    district_heat_factor: float | None = None,
    recovered_heat_kwh: float | None = None,
    method: str = "physical",
) -> DPEEstimate | list[DPEEstimate]:
    """DPE estimate of a house with 3CL conventions (not a certified DPE).

    A house read from a DPE carries its declarations (``house.threecl``,
    :mod:`rehab.threecl_declared`): every generator with its share, the
    ILPA flag, the boiler, circulator and fan auxiliaries (3CL §15), the
    recovered DHW storage losses, cooling and PV self-consumption. Each
    part applies while the house keeps the declared system (the rules of
    :mod:`rehab.threecl_declared`).

    Parameters
    ----------
    house : House or list of House
        A list gives a list of results.
    date : str, date or datetime, optional
        Evaluation date (default today): selects the primary-energy factor
        (electricity 2.3 to 2025-12-31, 1.9 in 2026, 1.7 from 2027), the
        small-dwelling thresholds (from 2024-07-01) and the rental status.
    zone : str, optional
        3CL climate zone (default: the house's zone, H1a unless set).
    heating : preset name, HeatingSystem, or list of (system, share), optional
        Default: the house's declared generators with their shares
        (``house.threecl``, while ``house.heating`` is the declared main
        one), else ``house.heating``, else the archetype's system
        (``data/systems/archetype_systems.csv``).
    dhw : preset name, DHWSystem, or list of (system, share), optional
        Default: likewise for DHW.
    altitude_class : str, optional
        Default from ``house.altitude``.
    ilpa : bool, optional
        Use the 3CL tables of heavy buildings of old materials (default:
        the house's declared flag, else False).
    inertia : str, optional
        3CL inertia class (default from the house's thermal mass).
    auxiliary_kwh : float, optional
        Declared yearly auxiliary electricity [kWh]; replaces the systems'
        circulator estimate and the house's declared auxiliaries.
    cooling_kwh : float, optional
        Yearly cooling electricity [kWh] (default: the house's declared
        cooling, else 0).
    district_heat_factor : float, optional
        GHG factor of the heat network [kgCO2e/kWh] (required for
        district heat).
    recovered_heat_kwh : float, optional
        Yearly recovered losses deducted from the heating need [kWh] (see
        :func:`dpe_energy`; default: the house's declared DHW storage
        losses recovered, 3CL §9.1.1, else 0).

    method : {"physical", "3cl-defaults"}
        Where the loss coefficient GV comes from: the house's physical model
        (``house.heat_loss()``, default), or the 3CL conventional U tables
        by material, thickness and period and the conventional airtightness,
        as a diagnostician would write them without justified compositions
        (:func:`rehab.threecl_envelope.conventional_gv`; its GV and table in
        ``details["conventional"]``).

    Returns
    -------
    DPEEstimate

    Raises
    ------
    InputError
        No heating system given and none known for the house's archetype.

    Examples
    --------
    >>> import rehab
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> e25 = dpe(h, "2025-06-01", heating="direct-electric", dhw="dhw-electric-tank")
    >>> e26 = dpe(h, "2026-06-01", heating="direct-electric", dhw="dhw-electric-tank")
    >>> round(e25.cep / e26.cep, 6) == round(2.3 / 1.9, 6)
    True

    The same coron with the 3CL tables a diagnostician would apply
    (23 cm solid brick 2.5, single glazing 5.4, conventional n50 7.4):

    >>> c = dpe(h, "2026-06-01", method="3cl-defaults")
    >>> c.details["method"], round(c.details["gv_w_per_k"], 1)
    ('3cl-defaults', 272.6)
    """
    if method not in ("physical", "3cl-defaults"):
        raise InputError(f"method {method!r}: allowed 'physical' (the house's model) or '3cl-defaults' (3CL tables)")
    if isinstance(house, Sequence) and not isinstance(house, str):
        return [
            dpe(
                h,
                date,
                zone,
                heating=heating,
                dhw=dhw,
                altitude_class=altitude_class,
                ilpa=ilpa,
                inertia=inertia,
                auxiliary_kwh=auxiliary_kwh,
                cooling_kwh=cooling_kwh,
                district_heat_factor=district_heat_factor,
                recovered_heat_kwh=recovered_heat_kwh,
                method=method,
            )
            for h in house
        ]
    d = parse_date(date)
    conventional = None
    if method == "3cl-defaults":
        from .threecl_envelope import conventional_gv

        conventional = conventional_gv(house)
    inp, en = house_energy(
        house,
        d,
        zone,
        heating=heating,
        dhw=dhw,
        altitude_class=altitude_class,
        ilpa=ilpa,
        inertia=inertia,
        auxiliary_kwh=auxiliary_kwh,
        cooling_kwh=cooling_kwh,
        district_heat_factor=district_heat_factor,
        recovered_heat_kwh=recovered_heat_kwh,
        gv=None if conventional is None else conventional.gv,
    )
    ilpa = inp.ilpa
    cl = dpe_classes(en.cep, en.eges, inp.area, d, inp.zone, inp.altitude_class)
    annual = {k: float(v) for k, v in en.delivered.annual().items()}
    return DPEEstimate(
        heating_need_kwh=float(en.heating_need_monthly_kwh.sum()),
        heating_need_monthly_kwh=en.heating_need_monthly_kwh,
        dhw_need_kwh=float(en.dhw_need_monthly_kwh.sum()),
        delivered_kwh=annual,
        final_energy_m2=en.final_energy_m2,
        cep=en.cep,
        eges=en.eges,
        energy_label=cl.energy_label,
        ges_label=cl.ges_label,
        label=cl.label,
        flags=cl.flags,
        rental=rental_status(cl.label, en.final_energy_m2, d),
        small_dwelling=cl.small_dwelling,
        date=d,
        zone=inp.zone,
        altitude_class=inp.altitude_class,
        bbc_2009_limit=cl.bbc_2009_limit,
        details={
            "gv_w_per_k": inp.gv,
            "inertia": inp.inertia,
            "ilpa": ilpa,
            "ceiling_height_m": inp.height,
            "heating": inp.heating,
            "dhw": inp.dhw,
            "climate": inp.climate,
            "method": method,
            "conventional": conventional,
        },
    )
