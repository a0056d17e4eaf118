"""What a DPE declares beyond the envelope, carried by a :class:`rehab.House` for the 3CL chain.

A house read from a DPE file (:func:`rehab.dpe.read_xml`) carries, in
``House.threecl``, a :class:`ThreeCLDeclaration`: every heating generator
with its share of the need, every DHW generator with its share, the ILPA
flag, the auxiliaries the 3CL method counts and the few declared
consumptions rehab has no model for. :func:`rehab.labels.dpe`,
:func:`rehab.assess` and :class:`rehab.programme.Programme` read it, so that
the house gives the same Cep and class through all three as
:meth:`rehab.dpe.DPERecord.estimate`.

The 3CL-DPE 2021 clauses (arrêté du 31 mars 2021, annexe 1):

* §9.1 and §9.1.2: several heating generators share the need by their
  configuration; each keeps its own emission, distribution, regulation and
  generation efficiencies and intermittence I0 (§8);
* §11.4: several DHW generators share the DHW need;
* §9.1.1 and §11.5: 48 % of the standing losses of a DHW tank in the heated
  volume falling in the heating hours are recovered for heating:
  ``0.48·Qgw·Nref19/8760`` with ``Qgw = Becs·share·(1/Rs − 1)/Rd``;
* §15.1: gas and fuel-oil boilers draw ``Paux = G + H·Pn`` while they run,
  ``Caux = Paux·B_gen/Pn``; §15.2: the circulator of each hydronic
  installation runs the heating hours (:mod:`rehab.dpe.auxiliaries`);
  §15.3: the ventilation fans as declared;
* §18: heavy buildings of old materials (ILPA) use their own conventional
  climate tables (:func:`rehab.threecl.climate`).

When each part applies to a house changed by a package (rehab's rule):

* the heating part (generators with their shares, boiler and circulator
  auxiliaries) while the house's heating system is the declared main
  generator (``House.heating``); a package that installs another system
  replaces all of it;
* the DHW part (generators, shares, boiler auxiliaries, recovered storage
  losses) while ``House.dhw`` is the declared main DHW generator;
* the fans while the ventilation system is the declared one (a package
  that installs a ventilation system brings its own fans);
* the ILPA flag, the cooling and the photovoltaic self-consumption always.

Examples
--------
>>> from rehab import dpe
>>> d = dpe.read_xml(dpe.example_path()).house.threecl
>>> len(d.heating), d.ilpa, round(d.fan_kwh, 1)
(1, False, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import Field

from ._base import RehabModel
from .systems import DHWSystem, HeatingSystem

__all__ = [
    "Circulator",
    "DHWAuxiliary",
    "DeclaredTerms",
    "GeneratorAuxiliary",
    "ThreeCLDeclaration",
    "applies",
    "for_group",
    "per_combination",
    "terms",
]

#: Share of the DHW storage losses in the heating hours recovered for heating (3CL §9.1.1).
RECOVERED_STORAGE_SHARE = 0.48


class GeneratorAuxiliary(RehabModel):
    """A heating boiler's burner auxiliary (3CL §15.1).

    ``share`` is the part of the house's heating need the generator covers
    [-]; ``power_w`` Paux = G + H·Pn [W]; ``nominal_power_w`` Pn [W].
    """

    share: float = Field(ge=0.0, le=1.0)
    power_w: float = Field(ge=0.0, le=1e5)
    nominal_power_w: float = Field(gt=0.0, le=1e7)


class Circulator(RehabModel):
    """The circulator of a hydronic heating installation (3CL §15.2.1).

    ``levels`` served, ``emitter_code`` (``enum_type_emission_distribution_id``
    of the first emitter), ``high_temperature`` distribution, ``ratio`` of
    the living area the installation heats times the share its wet
    generators cover [-], ``several_emitters`` on the installation.
    """

    levels: int = Field(1, ge=1, le=50)
    emitter_code: int = Field(0, ge=0)
    high_temperature: bool = False
    ratio: float = Field(1.0, ge=0.0, le=100.0)
    several_emitters: bool = False


class DHWAuxiliary(RehabModel):
    """A DHW generator's auxiliary and storage (3CL §15.1, §11.5).

    ``share`` of the DHW need [-]; ``power_w`` Paux [W] and
    ``nominal_power_w`` Pn [W] of a gas or fuel-oil boiler (0 otherwise);
    ``storage_loss_ratio`` (1/Rs − 1)/Rd of a tank in the heated volume [-]
    (0 otherwise).
    """

    share: float = Field(ge=0.0, le=1.0)
    power_w: float = Field(0.0, ge=0.0, le=1e5)
    nominal_power_w: float = Field(0.0, ge=0.0, le=1e7)
    storage_loss_ratio: float = Field(0.0, ge=0.0, le=100.0)


class ThreeCLDeclaration(RehabModel):
    """A DPE's declarations beyond the envelope (see the module docstring for the rules).

    Parameters
    ----------
    heating : list of (HeatingSystem, share)
        Every heating generator with its share of the need (shares add up
        to 1); the largest share is the house's ``heating``.
    dhw : list of (DHWSystem, share)
        Every DHW generator with its share.
    ilpa : bool
        Heavy building of old materials (3CL ILPA climate tables).
    generator_auxiliaries : list of GeneratorAuxiliary
    circulators : list of Circulator
    dhw_auxiliaries : list of DHWAuxiliary
    ventilation_system : str
        The house's ventilation system when declared (the fans apply while
        it is unchanged).
    fan_kwh : float
        Declared fan electricity [kWh/yr] (3CL §15.3).
    cooling_kwh : float
        Declared cooling electricity [kWh/yr].
    pv_self_consumed_kwh : float
        Photovoltaic electricity used on site for the five uses [kWh/yr],
        deducted from Cep (rehab has no 3CL photovoltaic model: the DPE's
        own split).
    source : str
    """

    heating: list[tuple[HeatingSystem, float]] = Field(default_factory=list)
    dhw: list[tuple[DHWSystem, float]] = Field(default_factory=list)
    ilpa: bool = False
    generator_auxiliaries: list[GeneratorAuxiliary] = Field(default_factory=list)
    circulators: list[Circulator] = Field(default_factory=list)
    dhw_auxiliaries: list[DHWAuxiliary] = Field(default_factory=list)
    ventilation_system: str = "natural"
    fan_kwh: float = Field(0.0, ge=0.0, le=1e6)
    cooling_kwh: float = Field(0.0, ge=0.0, le=1e7)
    pv_self_consumed_kwh: float = Field(0.0, ge=0.0, le=1e7)
    source: str = ""

    @property
    def main_heating(self) -> HeatingSystem | None:
        """The heating generator with the largest share (None when none is declared)."""
        return max(self.heating, key=lambda x: x[1])[0] if self.heating else None

    @property
    def main_dhw(self) -> DHWSystem | None:
        """The DHW generator with the largest share (None when none is declared)."""
        return max(self.dhw, key=lambda x: x[1])[0] if self.dhw else None


def _same(system: Any, main: Any, pairs: list) -> bool:
    if main is None or system is None or isinstance(system, str):
        return False
    if isinstance(system, (HeatingSystem, DHWSystem)):
        return bool(system == main)
    try:
        return [(s, float(x)) for s, x in system] == [(s, float(x)) for s, x in pairs]
    except (TypeError, ValueError):
        return False


def applies(decl: ThreeCLDeclaration | None, heating: Any, dhw: Any, ventilation_system: Any) -> tuple[bool, bool, bool]:
    """Which parts of a declaration apply: (heating, DHW, fans).

    ``heating`` / ``dhw`` are the systems in use (a model, a preset name or
    (system, share) pairs): the part applies when it is the declared main
    generator or the declared list; the fans apply while the ventilation
    system is the declared one.

    Examples
    --------
    >>> from rehab import dpe
    >>> h = dpe.read_xml(dpe.example_path()).house
    >>> applies(h.threecl, h.heating, h.dhw, h.ventilation.system)
    (True, True, True)
    >>> applies(h.threecl, "heat-pump-air-water", h.dhw, "extract")
    (False, True, False)
    """
    if decl is None:
        return False, False, False
    return (
        _same(heating, decl.main_heating, decl.heating),
        _same(dhw, decl.main_dhw, decl.dhw),
        ventilation_system == decl.ventilation_system,
    )


@dataclass(frozen=True)
class DeclaredTerms:
    """The declared terms of the 3CL chain for one house (floats) or a batch (arrays).

    Attributes
    ----------
    aux_per_heating_need : float or numpy.ndarray
        Boiler auxiliary electricity per kWh of heating need [kWh/kWh] (§15.1).
    aux_per_dhw_need : float or numpy.ndarray
        Same per kWh of DHW need [kWh/kWh].
    aux_kwh : float or numpy.ndarray
        Circulators (§15.2) and fans (§15.3) [kWh/yr].
    recovered_per_dhw_need : float or numpy.ndarray
        Recovered DHW storage losses per kWh of DHW need [kWh/kWh] (§9.1.1).
    cooling_kwh, pv_kwh : float or numpy.ndarray
        Declared cooling electricity and PV self-consumption [kWh/yr].
    """

    aux_per_heating_need: Any
    aux_per_dhw_need: Any
    aux_kwh: Any
    recovered_per_dhw_need: Any
    cooling_kwh: Any
    pv_kwh: Any


def terms(
    decls: list[ThreeCLDeclaration | None],
    heat_ok: Any,
    dhw_ok: Any,
    fans_ok: Any,
    gv: Any,
    area: Any,
    zone: str,
    altitude_class: str,
    climate: Any,
) -> DeclaredTerms:
    """The declared terms of a batch of houses sharing a 3CL climate (arrays, house axis first).

    Parameters
    ----------
    decls : list of ThreeCLDeclaration or None
    heat_ok, dhw_ok, fans_ok : array_like of bool
        Which parts apply (:func:`applies`).
    gv : array_like
        GV [W/K] (circulator sizing, §15.2.1).
    area : array_like
        Living area [m²].
    zone, altitude_class : str
        3CL zone and altitude class (base temperature of §15.2.1).
    climate : rehab.threecl.ConventionalClimate
        Its Nref19 gives the heating hours.

    Examples
    --------
    >>> from rehab import dpe, threecl
    >>> h = dpe.read_xml(dpe.example_path()).house
    >>> t = terms([h.threecl], [True], [True], [True], [295.8], [42.5], "H1c", "400_800",
    ...           threecl.climate("H1c", "400_800"))
    >>> t.aux_kwh.tolist(), t.cooling_kwh.tolist()
    ([0.0], [0.0])
    """
    from .dpe.auxiliaries import TBASE, circulator_power_w

    n = len(decls)
    out = {k: np.zeros(n) for k in ("gen", "dgen", "aux", "rec", "cool", "pv")}
    gv = np.broadcast_to(np.asarray(gv, dtype=float), (n,))
    area = np.broadcast_to(np.asarray(area, dtype=float), (n,))
    heat_ok, dhw_ok, fans_ok = (np.broadcast_to(np.asarray(x, dtype=bool), (n,)) for x in (heat_ok, dhw_ok, fans_ok))
    nref = float(np.sum(climate.nref19))
    tbase = TBASE[altitude_class][zone[:2]]
    for i, d in enumerate(decls):
        if d is None:
            continue
        out["cool"][i] = d.cooling_kwh
        out["pv"][i] = d.pv_self_consumed_kwh
        if fans_ok[i]:
            out["aux"][i] += d.fan_kwh
        if heat_ok[i]:
            out["gen"][i] = sum(g.power_w * g.share / g.nominal_power_w for g in d.generator_auxiliaries)
            for c in d.circulators:
                p = circulator_power_w(gv[i], area[i], c.levels, tbase, c.emitter_code, c.high_temperature,
                                       c.ratio, c.several_emitters)
                out["aux"][i] += p * nref / 1000.0
        if dhw_ok[i]:
            out["dgen"][i] = sum(a.power_w * a.share / a.nominal_power_w
                                 for a in d.dhw_auxiliaries if a.power_w > 0 and a.nominal_power_w > 0)
            q = sum(a.share * a.storage_loss_ratio for a in d.dhw_auxiliaries)
            out["rec"][i] = RECOVERED_STORAGE_SHARE * q * nref / 8760.0
    return DeclaredTerms(out["gen"], out["dgen"], out["aux"], out["rec"], out["cool"], out["pv"])


@dataclass(frozen=True)
class _Combination:
    decl: ThreeCLDeclaration
    key: int


def per_combination(units: Any, first_row: np.ndarray, t_c: np.ndarray) -> list[_Combination | None]:
    """The declaration of each (thermal model, heating, DHW) combination of a programme's units
    (:func:`rehab.evaluation.evaluate_units`): that of the combination's dwelling, None when
    the dwelling has none (every stock row; given Houses without ``threecl``)."""
    n_c = len(first_row)
    houses = getattr(units, "houses", None)
    if houses is None or not any(getattr(h, "threecl", None) is not None for h in houses):
        return [None] * n_c
    k = units.n_scenarios
    out: list[_Combination | None] = []
    for c in range(n_c):
        dw = int(first_row[c]) // k
        decl = houses[dw].threecl
        out.append(_Combination(decl, dw) if decl is not None else None)
    return out


def for_group(
    combos: list[_Combination | None],
    heating: Any,
    dhw: Any,
    vent_systems: Any,
    gv: Any,
    area: Any,
    zone: str,
    altitude_class: str,
    fans: Any,
) -> tuple[Any, Any, bool, DeclaredTerms | None, Any]:
    """What the 3CL chain of a programme uses for a group of combinations of one dwelling.

    Returns
    -------
    tuple
        (heating, DHW, ILPA flag, :class:`DeclaredTerms` or None, fan
        electricity [kWh/yr]): the declared generators with their shares
        when they apply, the declared terms, and rehab's fan estimate where
        the declared fans replace it.
    """
    decl = next((c.decl for c in combos if c is not None), None)
    if decl is None:
        return heating, dhw, False, None, fans
    from .threecl import climate

    heat_ok, dhw_ok, _ = applies(decl, heating, dhw, None)
    fans_ok = np.array([v == decl.ventilation_system for v in vent_systems], dtype=bool)
    clim = climate(zone, altitude_class, decl.ilpa)
    t = terms([c.decl if c is not None else None for c in combos], heat_ok, dhw_ok, fans_ok, gv, area,
              zone, altitude_class, clim)
    return (decl.heating if heat_ok else heating, decl.dhw if dhw_ok else dhw, decl.ilpa, t,
            np.where(fans_ok, 0.0, np.asarray(fans, dtype=float)))
