"""Validation of rehab's 3CL-DPE calculation on 108 real certified DPE house records.

Data: ``tests/data/dpe-houses.json`` (ADEME DPE open data, see
``tests/data/README-dpe.md``). Each record is declared element by element
(U, area, b of every wall, floor, ceiling, window and door; thermal bridges;
Hvent, Hperm; zone, altitude class, inertia; windows with orientation and
solar factor Sw) and by its declared heating and DHW systems (carrier,
certified generation efficiency or SCOP, emitters' emission / distribution /
regulation efficiencies and intermittence I0). rehab computes the heating
need, the five-use consumption, Cep, EGES and the class, and compares them
with the certified values.

Targets (issue 5): heating need within ±10 % on at least 90 % of records;
Cep within ±10 % and the same class on at least 90 %.

What the records do not carry, and how it is handled (each is a known
source of the remaining differences):

* the 3CL "ILPA" flag (old heavy materials, shorter heating season) is not in
  the extract: the default tables (``ilpa=False``) are used;
* near/distant shading factors Fe1/Fe2 are not in the extract: 1 is used;
* recovered generator and DHW-storage losses (need tank volumes and
  generator data not in the extract) are not deducted; recovered DHW
  distribution losses are;
* the configuration of multi-generator installations (base + back-up
  shares, 3CL §9.1.2) is declared from the generator kinds in their order
  (see :func:`_shares`);
* DHW storage volume and category are not in the extract: each of the n DHW
  systems is declared with its certified overall efficiency on its 1/n share
  of the need (3CL §11.4), and rehab's 3CL DHW need (exactly the certified
  one) is delivered through it;
* auxiliaries (fans, pumps) are taken as declared (``conso_totale_auxiliaire``);
* cooling is not declared in the extract (0); the six records with a
  reversible heat pump or air-conditioning carry an undeclared cooling
  consumption and are expected among the records outside;
* the records are dated 2021-2025 (year in the first two digits of the DPE
  number), so the electricity PEF is 2.3 for every record.

Each house is declared through the public API (``rehab.House.from_elements``)
and evaluated by ``rehab.labels.dpe``.

Run ``pytest tests/validation/test_dpe_records.py -s`` to see the
distribution of errors and the list of records outside.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from rehab import House, ThermalBridge, labels, threecl
from rehab.systems import DHWSystem, HeatingSystem

DATA = Path(__file__).resolve().parents[1] / "data" / "dpe-houses.json"

ORIENTATION = {1: "south", 2: "north", 3: "east", 4: "west", 5: "horizontal"}
CARRIER = {
    1: "electricity",
    2: "natural_gas",
    3: "fuel_oil",
    4: "wood_logs",
    5: "wood_pellets",
    6: "wood_chips",
    7: "wood_chips",
    8: "district_heat",
    9: "lpg",
    10: "lpg",
    11: "coal",
    13: "lpg",
}


def _kind(generator_type: int) -> str:
    """Generator family from the DPE enum ``enum_type_generateur_ch_id``."""
    if generator_type <= 19:
        return "heat_pump"
    if generator_type <= 54:
        return "stove"  # wood stoves, inserts, closed fireplaces, cookers
    if generator_type <= 74:
        return "wood_boiler"
    if 98 <= generator_type <= 105:
        return "joule"  # direct-electric emitters
    return "boiler"


def _shares(kinds: list[str]) -> list[float]:
    """Shares of the installation's need per generator (3CL §9.1.2 configurations).

    Declared from the generators' kinds in the order the DPE lists them
    (first = base): base + wood stove back-up 0.75 / 0.25; wood stove with an
    electric bathroom heater 0.9 / 0.1; heat pump relieved by a boiler
    0.8 / 0.2; wood boiler relieved by a boiler or heat pump 0.75 / 0.25;
    boiler relieving a heat pump with a wood stove back-up 0.8·0.75 /
    0.2·0.75 / 0.25; base + stove back-up + bathroom heater
    0.75·0.9 / 0.25·0.9 / 0.1.
    """
    n = len(kinds)
    if n == 1:
        return [1.0]
    if n == 2:
        a, b = kinds
        if a == "stove" and b == "joule":
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


def _year(record: dict) -> int:
    return 2000 + int(record["id"][:2])


@lru_cache(maxsize=1)
def records() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["records"]


KIND = {"mur": "wall", "plancher_haut": "ceiling", "plancher_bas": "floor", "porte": "door"}
AZIMUTH = {1: 180.0, 2: 0.0, 3: 90.0, 4: 270.0}
INERTIA = {1: "very_heavy", 2: "heavy", 3: "medium", 4: "light"}
ALTITUDE = {1: 100.0, 2: 600.0, 3: 900.0}  # a representative altitude of each 3CL class [m]
HEATING_KIND = {
    "heat_pump": "heat_pump_air_water",
    "stove": "wood_stove",
    "wood_boiler": "boiler",
    "boiler": "boiler",
    "joule": "direct_electric",
}


def _element(e: dict) -> dict:
    """One DPE element declared as a rehab element (U, area, b, orientation, Sw)."""
    if e["b"] >= 1.0:
        boundary = "ground" if e["adjacency"] in (2, 3, 5) and e["kind"] != "baie" else "exterior"
    elif e["b"] > 0.0:
        boundary = "unheated"
    else:
        boundary = "adjacent"
    if e["kind"] == "baie":
        return {
            "type": "window",
            "area": e["area"],
            "u_value": e["u"],
            "azimuth": AZIMUTH.get(e["orientation"], 180.0),
            # the DPE gives Sw of the whole bay: declared as g with no frame share
            "g_value": e["sw"] if e["sw"] is not None else 0.0,
            "frame_fraction": 0.0,
            # only windows to the outside collect sun in 3CL without veranda data
            "boundary": "exterior" if e["adjacency"] == 1 and e["b"] >= 1.0 else "unheated",
            "b": e["b"],
        }
    out = {
        "type": "opaque",
        "kind": KIND[e["kind"]],
        "area": e["area"],
        "u_value": e["u"],
        "boundary": boundary,
        "b": e["b"],
    }
    if e["orientation"] in AZIMUTH and e["kind"] == "mur":
        out["azimuth"] = AZIMUTH[e["orientation"]]
    return out


def declare_house(r: dict) -> House:
    """The record declared through the public API (``House.from_elements``)."""
    bridges = r["bridges_w_per_k"]
    return House.from_elements(
        name=r["id"],
        floor_area=r["area"],
        ceiling_height=r["hsp"],
        elements=[_element(e) for e in r["elements"]],
        # sum of psi.l.pct given as one declared bridge of psi = 1 W/(m.K)
        thermal_bridges=[ThermalBridge(junction="declared", length=bridges, psi=1.0)]
        if bridges > 0
        else [],
        ventilation={"h_ventilation": r["hvent"], "h_infiltration": r["hperm"]},
        thermal_mass=INERTIA[r["inertia_class"]],
        zone=threecl.ZONES[r["zone"] - 1],
        altitude=ALTITUDE[r["altitude_class"]],
        year_built=r["year"],
    )


def declare_systems(r: dict) -> tuple[list, list]:
    """Heating generators (with 3CL shares) and DHW systems as declared in the record."""
    installations: dict[tuple[float, float], list[dict]] = {}
    for g in r["generators"]:
        key = (round(g["installation_besoin_ch"], 3), round(g["installation_conso_ch"], 3))
        installations.setdefault(key, []).append(g)
    total_split = sum(k[0] for k in installations)
    heating = []
    for key, gens in installations.items():
        inst_share = key[0] / total_split
        kinds = [_kind(g["type"]) for g in gens]
        for i, (g, share) in enumerate(zip(gens, _shares(kinds), strict=True)):
            ems = g["emitters"]
            em = ems[i] if len(ems) == len(gens) else ems[0]
            system = HeatingSystem(
                name=g["description"][:40],
                kind=HEATING_KIND[kinds[i]],
                carrier=CARRIER[g["energy"]],
                generation_efficiency=g["scop"] if g["scop"] else g["rendement_generation"],
                emission=em["rendement_emission"],
                distribution=em["rendement_distribution"],
                regulation=em["rendement_regulation"],
                i0=em["i0"],
            )
            heating.append((system, inst_share * share))
    # DHW: certified overall efficiency of each system (3CL: n systems share the need 1/n each)
    n = len(r["dhw"])
    cert = r["besoin_ecs"]
    dhw = []
    for d in r["dhw"]:
        # overall efficiency of this system on its 1/n share of the certified need
        # (the per-system need fields of the extract mix Wh and kWh, so they are not used)
        system = DHWSystem(
            name=d["description"][:40],
            kind="boiler",
            carrier=CARRIER[d["energy"]],
            generation_efficiency=(1.0 / n) * cert / d["conso_ecs"],
            distribution=1.0,
        )
        dhw.append((system, 1.0 / n))
    return heating, dhw


def _evaluate(r: dict) -> dict:
    house = declare_house(r)
    heating, dhw = declare_systems(r)
    est = labels.dpe(
        house,
        date=f"{_year(r)}-07-01",
        heating=heating,
        dhw=dhw,
        auxiliary_kwh=r["conso_totale_auxiliaire"],
    )
    return {
        "id": r["id"],
        "gv": est.details["gv_w_per_k"],
        "gv_certified": r["deperdition_enveloppe"],
        "need": est.heating_need_kwh,
        "need_certified": r["besoin_ch"],
        "becs": est.dhw_need_kwh,
        "becs_certified": r["besoin_ecs"],
        "cep": est.cep,
        "cep_certified": r["ep_conso_5_usages_m2"],
        "eges": est.eges,
        "eges_certified": r["emission_ges_5_usages_m2"],
        "label": est.label,
        "label_certified": r["classe_bilan_dpe"],
    }


@lru_cache(maxsize=1)
def results() -> list[dict]:
    return [_evaluate(r) for r in records()]


def _report(name: str, err: np.ndarray, ids: list[str], tol: float, extra: list[str]) -> float:
    share = float(np.mean(np.abs(err) <= tol))
    q = np.percentile(err, [0, 5, 25, 50, 75, 95, 100])
    print(f"\n{name}: {share:.1%} of {len(err)} records within ±{tol:.0%}")
    print("  error percentiles 0/5/25/50/75/95/100 %: " + " ".join(f"{v:+.3f}" for v in q))
    hist, edges = np.histogram(
        np.clip(err, -0.5, 0.5), bins=[-0.5, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.5]
    )
    print(
        "  histogram: "
        + ", ".join(
            f"[{a:+.2f},{b:+.2f}): {h}" for a, b, h in zip(edges[:-1], edges[1:], hist, strict=True)
        )
    )
    outside = [f"{i} {e:+.3f} {x}" for i, e, x in zip(ids, err, extra, strict=True) if abs(e) > tol]
    print("  outside: " + ("; ".join(outside) if outside else "none"))
    return share


def test_records_load():
    recs = records()
    assert len(recs) == 108
    assert all(_year(r) <= 2025 for r in recs)  # every record in the PEF 2.3 era


def test_dhw_need_equals_certified():
    """3CL §11 DHW need (56 L/day, Nadeq from the area, Tefs by zone/month): exact."""
    res = results()
    err = np.array([x["becs"] / x["becs_certified"] - 1 for x in res])
    assert np.all(np.abs(err) < 1e-3)


def test_heating_need_within_10_percent():
    res = results()
    err = np.array([x["need"] / x["need_certified"] - 1 for x in res])
    extra = [f"(GV {x['gv']:.0f} vs certified {x['gv_certified']:.0f} W/K)" for x in res]
    share = _report("heating need", err, [x["id"] for x in res], 0.10, extra)
    assert share >= 0.90


def test_cep_within_10_percent():
    res = results()
    err = np.array([x["cep"] / x["cep_certified"] - 1 for x in res])
    extra = [f"({x['cep']:.0f} vs {x['cep_certified']:.0f} kWhEP/m2)" for x in res]
    share = _report("Cep", err, [x["id"] for x in res], 0.10, extra)
    assert share >= 0.90


def test_class_equal():
    res = results()
    same = np.array([x["label"] == x["label_certified"] for x in res])
    share = float(same.mean())
    print(f"\nclass: {share:.1%} of {len(res)} records equal")
    print(
        "  differing: "
        + "; ".join(
            f"{x['id']} {x['label']} vs {x['label_certified']} "
            f"(Cep {x['cep']:.0f}/{x['cep_certified']:.0f}, EGES {x['eges']:.1f}/{x['eges_certified']:.1f})"
            for x, s in zip(res, same, strict=True)
            if not s
        )
    )
    assert share >= 0.90


@pytest.mark.parametrize("rid", ["2187E0981996L", "2287E0429850C"])
def test_single_record_matches_batch(rid):
    """A record evaluated alone gives the same result as in the batch."""
    r = next(x for x in records() if x["id"] == rid)
    one = _evaluate(r)
    batch = next(x for x in results() if x["id"] == rid)
    assert one["cep"] == pytest.approx(batch["cep"], rel=1e-12)
