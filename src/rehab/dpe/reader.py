"""Read an official DPE XML file (3CL-DPE 2021, house) into a :class:`DPERecord`.

What is read, and from where (paths under ``/dpe/logement``):

* ``caracteristique_generale``: living area, ceiling height, storeys,
  construction year or period; ``meteo``: zone, altitude class, altitude,
  the ILPA flag ``batiment_materiaux_anciens``;
* ``enveloppe``: every wall, low floor, ceiling, window and door with its
  area, U (``umur``, ``upb_final``, ``uph``, ``u_menuiserie``, ``uporte``),
  b, orientation, adjacency and description; windows with their solar factor
  ``sw``, tilt and shading masks ``fe1``·``fe2`` (near and distant masks,
  3CL §6.2); every thermal bridge ``l``·``k``·``pourcentage``; the inertia
  class;
* ``ventilation_collection``: Hvent, Hperm, Q4Pa, fan consumption;
* heating and DHW installations: generators (type, energy, generation
  efficiency or SCOP/COP, storage efficiency), emitters (emission,
  distribution, regulation efficiencies, intermittence I0), the share of
  each installation (``cle_repartition_ch`` or heated area) and of each
  generator (3CL §9.1.2 configurations);
* cooling (``climatisation``) and photovoltaic self-consumption;
* ``sortie``: the certified outputs (:class:`Certified`), kept apart and
  never used to build the house or its systems.

The element values (U, b, Sw, Fe, efficiencies, I0, Hvent, Hperm) are those
the certified software derived from the diagnostician's inputs with the 3CL
tables (``donnee_intermediaire`` of each element); the house's totals
(GV, needs, consumptions) are recomputed by rehab. The ``administratif``
block is ignored except its two dates.

Examples
--------
>>> from pathlib import Path
>>> from rehab import dpe
>>> rec = dpe.read_xml(dpe.example_path())
>>> rec.id, rec.house.floor_area, rec.ilpa, rec.certified.label
('2187E0981996L', 42.5, False, 'G')
>>> rec.estimate().label
'G'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..house import House, ThermalBridge
from ..systems import DHWSystem, HeatingSystem
from ..threecl_declared import Circulator, DHWAuxiliary, GeneratorAuxiliary, ThreeCLDeclaration
from . import codes
from ._xml import DPEFormatError, Node, parse
from .auxiliaries import TBASE, circulator_power_w, generation_power_w

__all__ = ["Certified", "DPERecord", "read_folder", "read_xml", "to_typology"]

HEATING_KIND = {
    "heat_pump": "heat_pump_air_water",
    "stove": "wood_stove",
    "wood_boiler": "boiler",
    "boiler": "boiler",
    "joule": "direct_electric",
}
KIND = {"mur": "wall", "plancher_haut": "ceiling", "plancher_bas": "floor", "porte": "door"}
U_FIELD = {"mur": "umur", "plancher_bas": "upb_final", "plancher_haut": "uph", "porte": "uporte"}
AREA_FIELD = {
    "mur": "surface_paroi_opaque",
    "plancher_bas": "surface_paroi_opaque",
    "plancher_haut": "surface_paroi_opaque",
    "porte": "surface_porte",
}
#: Largest linear transmission coefficient of the 3CL bridge tables (§3.4) is
#: below 1.5 W/(m·K); a <k> above this is a product k·l [W/K].
K_MAX = 3.0
JUNCTION = {
    1: "ground_floor",
    2: "intermediate_floor_heavy",
    3: "eaves",
    4: "party_wall",
    5: "window_reveal",
}


@dataclass(frozen=True)
class Certified:
    """The certified outputs of a DPE (``/dpe/logement/sortie``), as declared.

    Attributes
    ----------
    heating_need_kwh : float
        ``besoin_ch`` [kWh/yr].
    dhw_need_kwh : float
        ``besoin_ecs`` [kWh/yr].
    gv_w_per_k : float
        ``deperdition_enveloppe`` [W/K].
    final_energy_m2 : float
        ``conso_5_usages_m2`` [kWh/(m²·yr)].
    cep : float
        ``ep_conso_5_usages_m2`` [kWhEP/(m²·yr)].
    eges : float
        ``emission_ges_5_usages_m2`` [kgCO2e/(m²·yr)].
    label, ges_label : str
        ``classe_bilan_dpe``, ``classe_emission_ges``.
    cost_eur : float
        ``cout_5_usages`` [EUR/yr].
    consumption_kwh : dict
        Final energy per use (heating, dhw, cooling, lighting, auxiliaries) [kWh/yr].
    """

    heating_need_kwh: float
    dhw_need_kwh: float
    gv_w_per_k: float
    final_energy_m2: float
    cep: float
    eges: float
    label: str
    ges_label: str
    cost_eur: float
    consumption_kwh: dict[str, float]


@dataclass(frozen=True)
class DPERecord:
    """A DPE read from its XML: the house, its systems, settings and certified outputs.

    Attributes
    ----------
    id : str
        The ADEME number (``numero_dpe``).
    source : str
        The file read.
    house : rehab.House
        Every envelope element, bridge and the ventilation; ``house.heating``
        and ``house.dhw`` are the main generators (largest share).
    heating, dhw : list of (system, share)
        Every heating generator and DHW system with its share of the need
        (what :func:`rehab.labels.dpe` takes).
    date : datetime.date
        Date the DPE was established (sets the primary-energy factor).
    visit_date : datetime.date or None
    year_built : int
        Construction year, or the last year of the declared period.
    period : tuple of int
        (first, last) year of ``enum_periode_construction_id``.
    ilpa : bool
        Heavy building of old materials (3CL climate tables "ILPA").
    inertia : str
        3CL inertia class.
    altitude_class : str
    walls : dict
        ``materials``: area per ``enum_materiaux_structure_mur_id`` [m²];
        ``exterior_area`` and ``party_area`` (b = 0 or a heated neighbour) [m²].
    ventilation : dict
        Type code, description, hvent, hperm [W/K], q4pa_conv
        [m³/(h·m²)], fan electricity [kWh/yr].
    bridges : list of dict
        Description, junction code, length [m], k [W/(m·K)], share.
    masks : list of dict
        Per window: name, fe1, fe2 (the product is the window's ``shading``).
    installations : list of dict
        The heating installations as read: share and generators/emitters.
    auxiliary_kwh : float
        Fan electricity of the ventilation element [kWh/yr] (boiler and
        circulator auxiliaries are computed by :meth:`auxiliaries`).
    dhw_auxiliaries : list of dict
        DHW boilers with an auxiliary power: share, aux_w [W], pn_w [W].
    cooling_kwh : float
        Electricity of the declared cooling systems [kWh/yr].
    pv_self_consumed_kwh : float
        Photovoltaic electricity used on site for the five uses [kWh/yr]
        (the file's own split: rehab has no 3CL photovoltaic model).
    certified : Certified
    notes : list of str
        Approximations made while reading.
    envelope : list of dict
        Every wall, low floor, ceiling, window and door as declared: ``name``
        (the House element's; elements with a zero area or U are listed
        with ``in_house`` False), ``type`` (the XML element), ``path``,
        ``area`` [m²], ``u`` [W/(m²·K)], ``b`` [-], ``azimuth`` [deg] (None
        when horizontal or not given), ``adjacency`` (code and label of
        ``enum_type_adjacence_id``) and ``description``.
    """

    id: str
    source: str
    house: House
    heating: list[tuple[HeatingSystem, float]]
    dhw: list[tuple[DHWSystem, float]]
    date: _dt.date
    visit_date: _dt.date | None
    year_built: int
    period: tuple[int, int]
    ilpa: bool
    inertia: str
    altitude_class: str
    walls: dict[str, Any]
    ventilation: dict[str, Any]
    bridges: list[dict[str, Any]]
    masks: list[dict[str, Any]]
    installations: list[dict[str, Any]]
    auxiliary_kwh: float
    dhw_auxiliaries: list[dict[str, Any]]
    cooling_kwh: float
    pv_self_consumed_kwh: float
    certified: Certified
    notes: list[str] = field(default_factory=list)
    envelope: list[dict[str, Any]] = field(default_factory=list)

    def estimate(self, date: Any = None, **overrides: Any) -> Any:
        """rehab's 3CL estimate of this record (:func:`rehab.labels.dpe` on its house).

        The house carries the record's systems and shares, ILPA flag,
        auxiliaries, cooling and PV self-consumption (``house.threecl``,
        :mod:`rehab.threecl_declared`), so this is ``labels.dpe(rec.house,
        date)``: the same figures as ``assess`` and a programme give the
        house. ``date`` defaults to the date the DPE was established (its
        primary-energy factor); ``overrides`` are passed to
        :func:`rehab.labels.dpe`.

        Returns
        -------
        rehab.labels.DPEEstimate
        """
        from .. import labels

        return labels.dpe(self.house, self.date if date is None else date, **overrides)

    def recovered_storage_kwh(self, dhw_need_kwh: float) -> float:
        """DHW storage losses recovered for heating (3CL §9.1.1) [kWh/yr].

        Tanks in the heated volume lose ``Qgw = B·share/Rd·(1/Rs − 1)``; 48 %
        of the part that falls in the heating hours is recovered:
        ``0.48·Qgw·Nref19/8760``.
        """
        from .. import threecl

        nref = float(threecl.climate(self.house.zone, self.altitude_class, self.ilpa).nref19.sum())
        q = sum(dhw_need_kwh * a["share"] * a["storage_loss_ratio"] for a in self.dhw_auxiliaries)
        return 0.48 * q * nref / 8760.0

    def auxiliaries(self, heating_need_kwh: float, dhw_need_kwh: float, gv: float) -> dict[str, float]:
        """Auxiliary electricity of the record (3CL §15) [kWh/yr].

        Parameters
        ----------
        heating_need_kwh, dhw_need_kwh : float
            The house's conventional needs [kWh/yr].
        gv : float
            Heat-loss coefficient [W/K].

        Returns
        -------
        dict
            ``generation_heating``, ``distribution_heating``,
            ``generation_dhw`` (see :mod:`rehab.dpe.auxiliaries`) and
            ``ventilation`` (declared by the ventilation element).
        """
        from .. import threecl

        area = float(self.house.floor_area)
        gen = dist = 0.0
        nref = float(threecl.climate(self.house.zone, self.altitude_class, self.ilpa).nref19.sum())
        tbase = TBASE[self.altitude_class][self.house.zone[:2]]
        for inst in self.installations:
            for g in inst["generators"]:
                if g["aux_w"] > 0:
                    gen += g["aux_w"] * heating_need_kwh * inst["share"] * g["share"] / g["pn_w"]
            c = inst["circulator"]
            if c is not None:
                p = circulator_power_w(
                    gv, area, c["levels"], tbase, c["emitter_code"], c["high_temperature"],
                    c["ratio"], c["several_emitters"],
                )
                dist += p * nref / 1000.0
        gen_dhw = sum(
            a["aux_w"] * dhw_need_kwh * a["share"] / a["pn_w"] for a in self.dhw_auxiliaries if a["aux_w"] > 0
        )
        return {
            "generation_heating": gen,
            "distribution_heating": dist,
            "generation_dhw": gen_dhw,
            "ventilation": self.auxiliary_kwh,
        }


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _date(text: str | None, node: Node, name: str) -> _dt.date | None:
    if text is None:
        return None
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        raise node.error(f"{text!r} is not a date (YYYY-MM-DD)", name) from None


def _code(node: Node, name: str, table: dict[int, Any]) -> Any:
    v = node.int(name, required=True)
    if v not in table:
        raise node.error(f"unknown code {v}; known: {sorted(table)}", name)
    return table[v]


def _code_id(node: Node, name: str, table: dict[int, Any]) -> int:
    v = node.int(name, required=True)
    if v not in table:
        raise node.error(f"unknown code {v}; known: {sorted(table)}", name)
    return int(v)


def _positive(node: Node, name: str, value: float, what: str) -> None:
    if value < 0:
        raise node.error(f"{what} {value!r} is negative", name)


def _opaque(kind: str, n: Node, notes: list[str]) -> dict | None:
    de, di = n.child("donnee_entree"), n.child("donnee_intermediaire")
    area = de.req(AREA_FIELD[kind])
    u = di.req(U_FIELD[kind])
    b = di.req("b")
    adj = _code_id(de, "enum_type_adjacence_id", codes.ADJACENCY)
    _positive(de, AREA_FIELD[kind], area, "area")
    _positive(di, U_FIELD[kind], u, "U")
    if not 0.0 <= b <= 1.0:
        raise di.error(f"b = {b!r} is outside [0, 1]", "b")
    if area == 0.0 or u == 0.0:
        notes.append(f"{n.path}: area or U is 0 (no heat loss), element left out")
        return None
    if b >= 1.0:
        boundary = "ground" if adj in codes.GROUND_ADJACENCY else "exterior"
    elif b > 0.0:
        boundary = "unheated"
    else:
        boundary = "adjacent"
    el: dict[str, Any] = {
        "type": "opaque",
        "name": f"{kind}_{n.path.rsplit('[', 1)[-1].rstrip(']')}",
        "kind": "roof" if (kind == "plancher_haut" and adj == 1) else KIND[kind],
        "area": area,
        "u_value": u,
        "boundary": boundary,
        "b": b,
    }
    if kind == "plancher_bas" and boundary == "ground":
        # a low floor on the ground: a GroundFloor carrying the declared U (upb_final, ISO 13370
        # already applied by the certified software), so that floor measures find it
        per = de.num("perimetre_ue", 0.0)
        if per <= 0.0:
            per = 4.0 * area**0.5
            notes.append(f"{n.path}: no perimetre_ue; exposed perimeter taken as that of a square ({per:.1f} m)")
        return {"type": "ground_floor", "name": el["name"], "area": area, "exposed_perimeter": per,
                "floor_type": "crawlspace" if adj == 3 else "slab", "u_value": u}
    orient = de.int("enum_orientation_id")
    if kind == "mur" and orient in codes.ORIENTATION_AZIMUTH:
        el["azimuth"] = codes.ORIENTATION_AZIMUTH[orient]
    return el


def _declared(kind: str, n: Node, el: dict | None) -> dict[str, Any]:
    """One envelope element as the file declares it (DPERecord.envelope)."""
    de, di = n.child("donnee_entree"), n.child("donnee_intermediaire")
    adj = de.int("enum_type_adjacence_id")
    area = de.num("surface_totale_baie" if kind == "baie_vitree" else AREA_FIELD[kind], 0.0)
    return {
        "name": el["name"] if el else f"{kind}_{n.path.rsplit('[', 1)[-1].rstrip(']')}",
        "in_house": el is not None,
        "type": kind,
        "path": n.path,
        "area": area,
        "u": di.num("u_menuiserie" if kind == "baie_vitree" else U_FIELD[kind]),
        "b": di.num("b"),
        "azimuth": codes.ORIENTATION_AZIMUTH.get(de.int("enum_orientation_id")),
        "adjacency": (adj, codes.ADJACENCY.get(adj)),
        "description": de.text("description", "") or "",
    }


def _window(n: Node, notes: list[str]) -> tuple[dict | None, dict]:
    de, di = n.child("donnee_entree"), n.child("donnee_intermediaire")
    area = de.req("surface_totale_baie")
    u = di.req("u_menuiserie")
    b = di.req("b")
    sw = di.req("sw")
    fe1 = di.num("fe1", 1.0)
    fe2 = di.num("fe2", 1.0)
    adj = _code_id(de, "enum_type_adjacence_id", codes.ADJACENCY)
    orient = _code(de, "enum_orientation_id", {**codes.ORIENTATION_AZIMUTH, 5: None})
    tilt = codes.TILT_DEG.get(de.int("enum_inclinaison_vitrage_id", 3), 90.0)
    _positive(de, "surface_totale_baie", area, "area")
    for name, v in (("sw", sw), ("fe1", fe1), ("fe2", fe2), ("b", b)):
        if not 0.0 <= v <= 1.0:
            raise di.error(f"{name} = {v!r} is outside [0, 1]", name)
    if u <= 0.0:
        raise di.error(f"U = {u!r} must be > 0", "u_menuiserie")
    name = f"window_{n.path.rsplit('[', 1)[-1].rstrip(']')}"
    mask = {"name": name, "fe1": fe1, "fe2": fe2, "description": de.text("description", "")}
    if area == 0.0:
        notes.append(f"{n.path}: area 0, window left out")
        return None, mask
    exterior = adj == 1 and b >= 1.0
    el = {
        "type": "window",
        "name": name,
        "area": area,
        "u_value": u,
        "azimuth": orient if orient is not None else 180.0,
        "tilt": 0.0 if orient is None else tilt,
        # the DPE gives Sw of the whole bay: declared as g with no frame share
        "g_value": sw,
        "frame_fraction": 0.0,
        "shading": fe1 * fe2,
        # only windows to the outside collect sun in 3CL without the sunspace's data
        "boundary": "exterior" if exterior else "unheated",
        "b": b,
    }
    return el, mask


def _bridges(env: Node, notes: list[str]) -> tuple[list[ThermalBridge], list[dict]]:
    out, raw = [], []
    for n in env.items("pont_thermique_collection", "pont_thermique"):
        de, di = n.child("donnee_entree"), n.child("donnee_intermediaire")
        length = de.req("l")
        k = di.req("k")
        pct = de.num("pourcentage_valeur_pont_thermique", 1.0)
        code = de.int("enum_type_liaison_id", 0)
        _positive(de, "l", length, "length")
        if not 0.0 <= pct <= 1.0:
            raise de.error(f"share {pct!r} is outside [0, 1]", "pourcentage_valeur_pont_thermique")
        raw.append(
            {"description": de.text("description", ""), "junction": code, "length": length,
             "k": k, "share": pct}
        )
        psi = k * pct
        if k > K_MAX and length > 0:
            # some software write k·l in <k>: no 3CL table value exceeds K_MAX
            psi = k * pct / length
            notes.append(f"{n.path}: k = {k:g} W/(m·K) above {K_MAX:g}, read as ψ·l (k/l used)")
        if length > 0 and psi != 0.0:
            out.append(ThermalBridge(junction=JUNCTION.get(code, "declared"), length=length, psi=psi))
    return out, raw


def _shares(kinds: list[str], cfg: int | None) -> list[float]:
    """Shares of an installation's need per generator (3CL §9.1.2 configurations).

    From the generators' kinds in the order the DPE lists them (first = base)
    and the installation configuration code: base + wood-stove back-up
    0.75 / 0.25; wood stove with an electric bathroom heater 0.9 / 0.1; heat
    pump relieved by a boiler 0.8 / 0.2; wood boiler relieved by a boiler or
    heat pump 0.75 / 0.25; boiler relieving a heat pump with a wood stove
    0.8·0.75 / 0.2·0.75 / 0.25; base + stove + bathroom heater
    0.75·0.9 / 0.25·0.9 / 0.1.
    """
    n = len(kinds)
    if n == 1:
        return [1.0]
    if n == 2:
        a, b = kinds
        if b == "joule" and (a == "stove" or cfg in (4, 10)):
            return [0.9, 0.1]
        if b == "stove" and a != "stove":
            return [0.75, 0.25]
        if a == "stove" and b != "stove":
            return [0.25, 0.75]
        if a == "heat_pump":
            return [0.8, 0.2]
        if b == "heat_pump":
            return [0.2, 0.8]
        if a == "wood_boiler":
            return [0.75, 0.25]
        return [0.5, 0.5]
    if n == 3 and kinds[2] == "stove":
        return [0.8 * 0.75, 0.2 * 0.75, 0.25]
    if n == 3 and kinds[1] == "stove" and kinds[2] == "joule":
        return [0.75 * 0.9, 0.25 * 0.9, 0.1]
    return [1.0 / n] * n


def _heating(lg: Node, area: float, notes: list[str]) -> tuple[list, list[dict]]:
    insts = lg.items("installation_chauffage_collection", "installation_chauffage")
    if not insts:
        raise lg.error("no heating installation", "installation_chauffage_collection")
    keys = []
    for inst in insts:
        de = inst.child("donnee_entree")
        key = de.num("cle_repartition_ch")
        keys.append(key if key is not None else de.req("surface_chauffee"))
    total = sum(keys)
    if total <= 0:
        raise insts[0].error("heated areas / distribution keys add up to 0", "donnee_entree")
    out, raw = [], []
    for inst, key in zip(insts, keys, strict=True):
        de = inst.child("donnee_entree")
        cfg = de.int("enum_cfg_installation_ch_id")
        fch = inst.child("donnee_intermediaire").num("fch", 0.0) or 0.0
        if not 0.0 <= fch < 1.0:
            raise inst.error(f"solar fraction fch = {fch!r} is outside [0, 1)", "donnee_intermediaire/fch")
        gens = inst.items("generateur_chauffage_collection", "generateur_chauffage")
        ems = inst.items("emetteur_chauffage_collection", "emetteur_chauffage")
        if not gens or not ems:
            raise inst.error("an installation needs at least one generator and one emitter")
        kinds = [codes.generator_kind(g.child("donnee_entree").int("enum_type_generateur_ch_id", required=True)) for g in gens]
        shares = _shares(kinds, cfg)
        wet = [
            k in ("boiler", "wood_boiler")
            or (k == "heat_pump" and (g.child("donnee_entree").int("enum_type_generateur_ch_id") or 0) >= 4)
            for k, g in zip(kinds, gens, strict=True)
        ]
        hydronic = any(wet)
        # the circulator is sized on the share of the need its generators cover
        wet_share = sum(sh for sh, w in zip(shares, wet, strict=True) if w)
        ede0 = ems[0].child("donnee_entree")
        inst_raw = {
            "share": key / total,
            "configuration": cfg,
            "description": de.text("description", ""),
            "generators": [],
            "circulator": {
                "emitter_code": ede0.int("enum_type_emission_distribution_id", 0),
                "high_temperature": ede0.int("enum_temp_distribution_ch_id", 0) == 4,
                "levels": de.int("nombre_niveau_installation_ch", 1) or 1,
                "ratio": (de.num("surface_chauffee") or area) / area * wet_share,
                "several_emitters": len(ems) > 1,
            }
            if hydronic
            else None,
        }
        for i, (g, kind, share) in enumerate(zip(gens, kinds, shares, strict=True)):
            gde, gdi = g.child("donnee_entree"), g.child("donnee_intermediaire")
            link = gde.int("enum_lien_generateur_emetteur_id")
            linked = [e for e in ems if e.child("donnee_entree").int("enum_lien_generateur_emetteur_id") == link]
            em = linked[0] if len(linked) == 1 else (ems[i] if len(ems) == len(gens) else (linked or ems)[0])
            edi = em.child("donnee_intermediaire")
            scop = gdi.num("scop")
            rg = scop if scop else gdi.num("rendement_generation")
            if rg is None:
                raise gdi.error("no generation efficiency (rendement_generation or scop)")
            if fch > 0:
                # solar heating covers fch of the need: the generator supplies (1 − fch)
                rg = rg / (1.0 - fch)
            carrier = _code(gde, "enum_type_energie_id", codes.ENERGY)
            desc = gde.text("description", "") or ""
            try:
                system = HeatingSystem(
                    name=desc[:60] or f"generator {i + 1}",
                    kind=HEATING_KIND[kind],
                    carrier=carrier,
                    generation_efficiency=rg,
                    emission=edi.req("rendement_emission"),
                    distribution=edi.req("rendement_distribution"),
                    regulation=edi.req("rendement_regulation"),
                    i0=edi.req("i0"),
                    source=f"DPE XML {g.path}",
                )
            except InputError as exc:
                raise g.error(f"generator or emitter values refused: {exc}") from exc
            out.append((system, key / total * share))
            pn = gdi.num("pn", 0.0) or 0.0
            boiler = kind == "boiler" and carrier in ("natural_gas", "fuel_oil") and pn > 0
            inst_raw["generators"].append(
                {"type": gde.int("enum_type_generateur_ch_id"), "kind": kind, "carrier": carrier,
                 "description": desc, "share": share, "generation_efficiency": rg,
                 "emitter": em.path, "pn_w": pn,
                 "aux_w": generation_power_w(pn) if boiler else 0.0}
            )
        raw.append(inst_raw)
    return out, raw


def _dhw(lg: Node, notes: list[str]) -> tuple[list, list[dict]]:
    insts = lg.items("installation_ecs_collection", "installation_ecs")
    if not insts:
        raise lg.error("no DHW installation", "installation_ecs_collection")
    items = []
    for inst in insts:
        di = inst.child("donnee_intermediaire")
        rd = di.req("rendement_distribution")
        fecs = di.num("fecs", 0.0)
        for g in inst.items("generateur_ecs_collection", "generateur_ecs"):
            gde, gdi = g.child("donnee_entree"), g.child("donnee_intermediaire")
            ratio = gdi.num("ratio_besoin_ecs", 1.0)
            rgs = gdi.num("rendement_generation_stockage")
            cop = gdi.num("cop")
            rg = gdi.num("rendement_generation")
            rs = gdi.num("rendement_stockage", 1.0)
            if rgs:
                eff = rgs
            elif cop:
                eff = cop * rs
            elif rg:
                eff = rg * rs
            elif gdi.num("rpn"):
                eff = gdi.req("rpn")
                notes.append(f"{g.path}: no DHW generation efficiency, full-load Rpn used (standing losses left out)")
            else:
                raise gdi.error("no DHW efficiency (rendement_generation, cop or rpn)")
            carrier = _code(gde, "enum_type_energie_id", codes.ENERGY)
            code = gde.int("enum_type_generateur_ecs_id", 0)
            kind = "thermodynamic" if cop else ("electric_tank" if carrier == "electricity" else "boiler")
            try:
                system = DHWSystem(
                    name=(gde.text("description", "") or f"DHW {code}")[:60],
                    kind=kind,
                    carrier=carrier,
                    generation_efficiency=eff,
                    distribution=rd,
                    solar_share=fecs,
                    source=f"DPE XML {g.path}",
                )
            except InputError as exc:
                raise g.error(f"DHW generator values refused: {exc}") from exc
            pos = gde.int("position_volume_chauffe_stockage")
            pos = gde.int("position_volume_chauffe", 0) if pos is None else pos
            # storage loss Qgw = B/Rd·(1/Rs − 1) of a tank in the heated volume (3CL §11.5)
            storage = (1.0 / rs - 1.0) / rd if (rs < 1.0 and not rgs and pos == 1) else 0.0
            pn = gdi.num("pn", 0.0) or 0.0
            boiler = carrier in ("natural_gas", "fuel_oil") and pn > 0 and not cop
            aux_w = generation_power_w(pn) if boiler else 0.0
            items.append((system, ratio, len(insts), aux_w, pn, storage))
    total_ratio = sum(it[1] for it in items)
    # software differ: ratio_besoin_ecs is either the share of the whole need
    # (ratios add up to 1) or the share within the installation (3CL §11.4:
    # n installations share the need 1/n each)
    whole = abs(total_ratio - 1.0) < 1e-6
    out = [(s, r if whole else r / n) for s, r, n, _a, _p, _q in items]
    aux = [
        {"share": r if whole else r / n, "aux_w": a, "pn_w": p, "storage_loss_ratio": q}
        for (_s, r, n, a, p, q) in items
        if a > 0 or q > 0
    ]
    return out, aux


def _certified(lg: Node) -> Certified:
    s = lg.child("sortie")
    ab, ef, ep, ges = (s.child(x) for x in ("apport_et_besoin", "ef_conso", "ep_conso", "emission_ges"))
    label = ep.text("classe_bilan_dpe")
    if label not in tuple("ABCDEFG"):
        raise ep.error(f"class {label!r} is not A..G", "classe_bilan_dpe")
    return Certified(
        heating_need_kwh=ab.req("besoin_ch"),
        dhw_need_kwh=ab.req("besoin_ecs"),
        gv_w_per_k=s.child("deperdition").req("deperdition_enveloppe"),
        final_energy_m2=ef.req("conso_5_usages_m2"),
        cep=ep.req("ep_conso_5_usages_m2"),
        eges=ges.req("emission_ges_5_usages_m2"),
        label=label,
        ges_label=ges.text("classe_emission_ges", "") or "",
        cost_eur=s.child("cout").num("cout_5_usages", float("nan")),
        consumption_kwh={
            "heating": ef.req("conso_ch"),
            "dhw": ef.req("conso_ecs"),
            "cooling": ef.num("conso_fr", 0.0),
            "lighting": ef.num("conso_eclairage", 0.0),
            "auxiliaries": ef.num("conso_totale_auxiliaire", 0.0),
        },
    )


# --------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------


def read_xml(source: Any) -> DPERecord:
    """Read one DPE XML file (3CL-DPE 2021 house record) into a :class:`DPERecord`.

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        The file's path, or its content.

    Returns
    -------
    DPERecord

    Raises
    ------
    DPEFormatError
        Unsafe or malformed XML, a record that is not a house DPE, or a
        missing, unknown or inconsistent field (the message names the XML
        path of the element).

    Examples
    --------
    >>> from rehab import dpe
    >>> rec = dpe.read_xml(dpe.example_path())
    >>> len(rec.house.elements), round(rec.house.heat_loss().h_total, 1), rec.certified.gv_w_per_k
    (7, 295.8, 295.82989239050056)
    """
    root = parse(source)
    lg = root.child("logement")
    cg = lg.child("caracteristique_generale")
    method = cg.int("enum_methode_application_dpe_log_id", required=True)
    if method != 1:
        raise cg.error(
            f"method {method} is not a house DPE (rehab reads 3CL-DPE 2021 house records, code 1)",
            "enum_methode_application_dpe_log_id",
        )
    notes: list[str] = []
    number = root.text("numero_dpe") or Path(str(root.source)).stem
    area = cg.req("surface_habitable_logement")
    if area <= 0:
        raise cg.error(f"living area {area!r} m² must be > 0", "surface_habitable_logement")
    hsp = cg.req("hsp")
    period = _code(cg, "enum_periode_construction_id", codes.PERIOD)
    year = cg.int("annee_construction") or period[1]
    meteo = lg.child("meteo")
    zone = _code(meteo, "enum_zone_climatique_id", codes.ZONE)
    alt_class = _code(meteo, "enum_classe_altitude_id", codes.ALTITUDE_CLASS)
    altitude = meteo.num("altitude") or codes.ALTITUDE_REPRESENTATIVE_M[meteo.int("enum_classe_altitude_id")]
    ilpa = bool(meteo.int("batiment_materiaux_anciens", 0))
    env = lg.child("enveloppe")
    inertia = _code(env.child("inertie"), "enum_classe_inertie_id", codes.INERTIA)

    walls: dict[str, Any] = {"materials": {}, "exterior_area": 0.0, "party_area": 0.0}
    for n in env.items("mur_collection", "mur"):
        de = n.child("donnee_entree")
        a = de.num("surface_paroi_opaque", 0.0) or 0.0
        code = de.int("enum_materiaux_structure_mur_id", 1)
        b = n.child("donnee_intermediaire").num("b", 1.0)
        if b == 0.0 or de.int("enum_type_adjacence_id") == 22:
            walls["party_area"] += a
        else:
            walls["exterior_area"] += a
            walls["materials"][code] = walls["materials"].get(code, 0.0) + a
    elements: list[dict] = []
    envelope: list[dict[str, Any]] = []
    for kind in ("mur", "plancher_bas", "plancher_haut"):
        for n in env.items(f"{kind}_collection", kind):
            el = _opaque(kind, n, notes)
            envelope.append(_declared(kind, n, el))
            if el:
                elements.append(el)
    masks = []
    for n in env.items("baie_vitree_collection", "baie_vitree"):
        el, mask = _window(n, notes)
        masks.append(mask)
        envelope.append(_declared("baie_vitree", n, el))
        if el:
            elements.append(el)
    for n in env.items("porte_collection", "porte"):
        el = _opaque("porte", n, notes)
        envelope.append(_declared("porte", n, el))
        if el:
            elements.append(el)
    if not elements:
        raise env.error("no envelope element with an area and a U")
    bridges, bridges_raw = _bridges(env, notes)

    ventilation = _ventilation(lg)
    hvent, hperm, aux = ventilation["hvent"], ventilation["hperm"], ventilation["fan_kwh"]

    heating, installations = _heating(lg, area, notes)
    dhw, dhw_aux = _dhw(lg, notes)
    cooling = sum(
        c.child("donnee_intermediaire").num("conso_fr", 0.0)
        for c in lg.items("climatisation_collection", "climatisation")
    )
    # rehab has no 3CL photovoltaic model: the self-consumed electricity on the
    # five uses (the file's split, sortie/production_electricite) is kept apart
    pv = 0.0
    prod = lg.find("sortie/production_electricite")
    if prod is not None:
        pv = max(0.0, (prod.num("conso_elec_ac", 0.0) or 0.0) - (prod.num("conso_elec_ac_autre_usage", 0.0) or 0.0))

    established, visit = _dates(root, number, notes)

    main_heating = max(heating, key=lambda x: x[1])[0]
    main_dhw = max(dhw, key=lambda x: x[1])[0]
    declared = _declaration(heating, dhw, ilpa, installations, dhw_aux, aux, cooling, pv, number)
    try:
        house = House.from_elements(
            name=number,
            floor_area=area,
            ceiling_height=hsp,
            elements=elements,
            thermal_bridges=bridges,
            ventilation={"h_ventilation": hvent, "h_infiltration": hperm},
            thermal_mass=inertia,
            zone=zone,
            altitude=altitude,
            year_built=max(year, 1500),
            storeys=max(1, cg.int("nombre_niveau_logement", 1) or 1),
            heating=main_heating,
            dhw=main_dhw,
            threecl=declared,
            sources=[f"DPE {number} ({root.source}), read by rehab.dpe.read_xml"],
        )
    except InputError as exc:
        raise DPEFormatError(root.source, lg.path, f"the declared house is refused: {exc}") from exc
    return DPERecord(
        id=number,
        source=str(root.source),
        house=house,
        heating=heating,
        dhw=dhw,
        date=established,
        visit_date=visit,
        year_built=year,
        period=period,
        ilpa=ilpa,
        inertia=inertia,
        altitude_class=alt_class,
        walls=walls,
        ventilation=ventilation,
        bridges=bridges_raw,
        masks=masks,
        installations=installations,
        auxiliary_kwh=aux,
        dhw_auxiliaries=dhw_aux,
        cooling_kwh=cooling,
        pv_self_consumed_kwh=pv,
        certified=_certified(lg),
        notes=notes,
        envelope=envelope,
    )


def _ventilation(lg: Any) -> dict[str, Any]:
    """The ventilation elements: Hvent and Hperm summed [W/K], the fans' consumption
    [kWh/yr] (3CL §15.3) and each system's type, description and conventional Q4Pa."""
    vents = lg.items("ventilation_collection", "ventilation")
    if not vents:
        raise lg.error("no ventilation element", "ventilation_collection")
    hvent = hperm = aux = 0.0
    vraw = []
    for v in vents:
        vde, vdi = v.child("donnee_entree"), v.child("donnee_intermediaire")
        hvent += vdi.req("hvent")
        hperm += vdi.req("hperm")
        # 3CL §15.3: fans run all year, Caux = 8.76·Pvent_moy [kWh] (some files
        # leave the element's consumption at 0 and give only the mean power)
        aux += max(vdi.num("conso_auxiliaire_ventilation", 0.0) or 0.0, 8.76 * (vdi.num("pvent_moy", 0.0) or 0.0))
        vraw.append({"type": vde.int("enum_type_ventilation_id"), "description": vde.text("description", ""),
                     "q4pa_conv": vdi.num("q4pa_conv")})
    return {"hvent": hvent, "hperm": hperm, "fan_kwh": aux, "systems": vraw}


def _dates(root: Any, number: str, notes: list[str]) -> tuple[Any, Any]:
    """The dates the DPE was established and visited (``administratif``); without them,
    1 July of the year in the ADEME number (noted)."""
    adm = root.find("administratif")
    established = visit = None
    if adm is not None:
        established = _date(adm.text("date_etablissement_dpe"), adm, "date_etablissement_dpe")
        visit = _date(adm.text("date_visite_diagnostiqueur"), adm, "date_visite_diagnostiqueur")
    if established is None:
        # the ADEME number starts with the two last digits of the year
        established = _dt.date(2000 + int(number[:2]), 7, 1) if number[:2].isdigit() else _dt.date.today()
        notes.append("no date_etablissement_dpe: 1 July of the year in the DPE number used")
    return established, visit


def _declaration(heating: list, dhw: list, ilpa: bool, installations: list, dhw_aux: list, fan_kwh: float,
                 cooling: float, pv: float, number: str) -> ThreeCLDeclaration:
    """What the House carries for the 3CL chain: generators and shares, ILPA, the §15
    auxiliaries, DHW storage, cooling and PV self-consumption."""
    return ThreeCLDeclaration(
        heating=heating,
        dhw=dhw,
        ilpa=ilpa,
        generator_auxiliaries=[
            GeneratorAuxiliary(share=inst["share"] * g["share"], power_w=g["aux_w"], nominal_power_w=g["pn_w"])
            for inst in installations
            for g in inst["generators"]
            if g["aux_w"] > 0
        ],
        circulators=[Circulator(**inst["circulator"]) for inst in installations if inst["circulator"]],
        dhw_auxiliaries=[
            DHWAuxiliary(share=a["share"], power_w=a["aux_w"], nominal_power_w=a["pn_w"],
                         storage_loss_ratio=a["storage_loss_ratio"])
            for a in dhw_aux
        ],
        fan_kwh=fan_kwh,
        cooling_kwh=cooling,
        pv_self_consumed_kwh=pv,
        source=f"DPE {number}",
    )


def read_folder(folder: Any, pattern: str = "*.xml") -> list[DPERecord]:
    """Read every DPE XML file of a folder (sorted by name).

    Parameters
    ----------
    folder : str or pathlib.Path
    pattern : str
        Glob of the files to read.

    Returns
    -------
    list of DPERecord
        Each with ``.id`` (the ADEME number) and ``.house``.

    Raises
    ------
    InputError
        The folder does not exist or holds no matching file.
    DPEFormatError
        A file is malformed; the error names the file and the XML path.

    Examples
    --------
    >>> from rehab import dpe
    >>> recs = dpe.read_folder(dpe.example_path().parent)
    >>> len(recs) >= 1 and recs[0].house.floor_area > 0
    True
    """
    p = Path(folder)
    if not p.is_dir():
        raise InputError(f"DPE folder {str(p)!r} does not exist or is not a folder")
    files = sorted(p.glob(pattern))
    if not files:
        raise InputError(f"DPE folder {str(p)!r} holds no file matching {pattern!r}")
    return [read_xml(f) for f in files]


#: enum_materiaux_structure_mur_id → rehab.typology wall material.
WALL_MATERIAL = {
    1: "unknown", 2: "stone", 3: "stone", 4: "earth", 5: "timber_frame", 6: "timber_frame",
    7: "timber_frame", 8: "solid_brick", 9: "solid_brick", 10: "hollow_brick", 11: "concrete_block",
    12: "concrete_block", 13: "concrete_block", 14: "concrete", 15: "hollow_brick",
    16: "concrete_block", 17: "timber_frame", 18: "timber_frame", 19: "timber_frame",
    20: "unknown", 21: "unknown", 22: "unknown", 23: "unknown", 24: "timber_frame",
    25: "timber_frame", 26: "timber_frame", 27: "unknown",
}


def to_typology(record: DPERecord) -> dict[str, Any]:
    """The typology columns of a DPE record (what a stock would know).

    Returns
    -------
    dict
        ``period`` (:data:`rehab.typology.PERIODS`), ``house_type`` (from
        the share of party walls: none detached, up to 30 % semi-detached,
        more mid-terrace), ``floor_area`` [m²], ``storeys``,
        ``wall_material`` (largest exterior wall area), ``heating`` (the
        energy of the generator with the largest share; heat pumps apart).

    Examples
    --------
    >>> from rehab import dpe
    >>> t = dpe.to_typology(dpe.read_xml(dpe.example_path()))
    >>> t["period"], t["house_type"], t["wall_material"], t["heating"]
    ('before-1948', 'detached', 'stone', 'electricity')
    """
    from .. import typology

    w = record.walls
    total = w["exterior_area"] + w["party_area"]
    share = w["party_area"] / total if total > 0 else 0.0
    house_type = "detached" if share == 0 else ("semi-detached" if share <= 0.3 else "mid-terrace")
    mats = w["materials"]
    code = max(mats, key=mats.get) if mats else 1
    main = max(record.heating, key=lambda x: x[1])[0]
    if main.kind.startswith("heat_pump"):
        energy = "heat_pump"
    elif main.carrier.startswith("wood"):
        energy = "wood"
    elif main.carrier == "coal":
        energy = "fuel_oil"
    else:
        energy = main.carrier
    return {
        "period": typology.PERIODS[typology.period_code(record.period[1]) - 1],
        "house_type": house_type,
        "floor_area": float(record.house.floor_area),
        "storeys": int(record.house.storeys),
        "wall_material": WALL_MATERIAL.get(code, "unknown"),
        "heating": energy,
    }
