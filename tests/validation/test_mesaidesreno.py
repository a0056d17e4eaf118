"""rehab.subsidies against the government's simulator Mes Aides Réno, case by case.

``tests/data/mesaidesreno/cases.json`` holds 816 projects (income category ×
works × DPE classes before/after × heating kept or replaced, plus local
grants that make the écrêtement bind) with the amounts Mes Aides Réno's own
publicodes rules give (betagouv/reno, evaluated by ``produce.mjs`` with node;
this test only reads the file). Every amount must be equal to the euro,
except where a case falls under one of the explained differences below —
and then the test checks that the case is one (rehab's stricter amount and
the reason that makes it).

Run ``python tests/validation/test_mesaidesreno.py`` for the summary table.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from rehab.subsidies import (
    AidContext,
    cee_coup_de_pouce_chauffage,
    eligible_aids,
    maprimerenov_ampleur,
)
from rehab.subsidies_geste import maprimerenov_geste

CASES = Path(__file__).resolve().parents[1] / "data" / "mesaidesreno" / "cases.json"

#: Mes Aides Réno geste ids (produce.mjs) -> rehab item ids (maprimerenov_geste.json).
GESTE_IDS = {
    "pac_air_eau": "heat_pump_air_water",
    "pac_geo": "heat_pump_ground",
    "rampants_attic_floor": "attic_floor",
    "rampants_roof_slopes": "roof_slopes",
    "vitres": "windows",
    "murs_exterieurs": "wall_external",
    "vmc_double_flux": "mvhr",
    "chauffe_eau_thermodynamique": "heat_pump_water_heater",
    "depose_cuve_fioul": "oil_tank_removal",
    "audit": "audit",
}

#: Differences explained: Mes Aides Réno states these conditions of the
#: rénovation d'ampleur in its eligibility text (MPR . accompagnée) but its
#: amount rule does not apply them; rehab does (arrêté du 14 janvier 2020 as
#: amended). Mon Accompagnateur Rénov' funding follows the rénovation
#: d'ampleur. Key: the word the rehab reason contains.
EXPLAINED = {
    "insulation post": "fewer than 2 insulation posts: not checked by Mes Aides Réno's amount rule",
    "fossil fuel": "new mainly-fossil heating: excluded by the rule, not applied by Mes Aides Réno",
    "fuel-oil heating": "fuel-oil heating kept: excluded by the rule, not applied by Mes Aides Réno",
}


#: Mes Aides Réno's "MPR . accompagnée . montant écrêté" caps MaPrimeRénov'
#: alone at the écrêtement ceiling, while its "ampleur . montant écrêté"
#: caps MaPrimeRénov' plus local grants and its documentation says
#: MaPrimeRénov' is the aid reduced to keep the total under the ceiling
#: (Anah guide des aides, cumul table). rehab reduces MaPrimeRénov' so that
#: the total equals the reference's capped total (compared to the euro);
#: when the local grants alone exceed the ceiling, rehab pays no
#: MaPrimeRénov' and keeps the local grant (not an aid it can cut), the
#: reference caps the total anyway.
ECRETEMENT = (
    "écrêtement with local grants: rehab cuts MaPrimeRénov' so the total equals the "
    "reference's capped total; the reference caps MaPrimeRénov' alone"
)

#: From 1 January 2026 the Coup de pouce Chauffage of an air-water heat pump is the
#: volume of fiche BAR-TH-171 vA78-4 (arrêté du 15 décembre 2025: kWh cumac by ETAS
#: class x area factor x zone factor) x 5, valued at the registry price; the
#: reference's rules of 18 December 2025 still pay the flat amounts of the former
#: charters (4,000 EUR for modest households, 2,500 EUR for the others). The
#: ground-source heat pump keeps the reference's flat 5,000 EUR in rehab.
COUP_DE_POUCE = (
    "Coup de pouce Chauffage 2026: rehab applies fiche BAR-TH-171 vA78-4, "
    "the simulator (18 Dec 2025) its flat amounts"
)

#: The cases' house: 85 m² (area factor 0.7) in Pas-de-Calais (zone H1, 1.2), no ηs
#: given (ETAS class 1: 90,900 kWh cumac), x5, at 8.34 EUR/MWh cumac (cee.json generic).
CDP_FICHE_85M2_H1_EUR = 90_900 * 0.7 * 1.2 * 5 * 8.34 / 1000


@cache
def cases() -> tuple[dict, ...]:
    return tuple(json.loads(CASES.read_text(encoding="utf-8"))["cases"])


def compare(case: dict) -> dict:
    """rehab's amounts next to Mes Aides Réno's for one case, with the explained differences."""
    ctx = AidContext(**case["inputs"])
    ref = case["mesaidesreno"]
    cdp = cee_coup_de_pouce_chauffage(ctx)
    mpra = maprimerenov_ampleur(ctx)
    aids = {a.aid: a for a in eligible_aids(ctx)}
    geste = maprimerenov_geste(ctx)
    items = geste.figures.get("items", {}) if geste.applied else {}
    got = {
        "mpra_eur": mpra.amount_eur,
        "mpra_after_ecretement_eur": aids["maprimerenov_ampleur"].amount_eur,
        "ecretement_total_eur": (
            aids["maprimerenov_ampleur"].amount_eur + ctx.other_grants_eur if mpra.applied else 0.0
        ),
        "mar_eur": aids["mon_accompagnateur_renov"].amount_eur,
        "mpr_geste_eur": geste.amount_eur,
        "coup_de_pouce_eur": cdp.amount_eur,
        **{
            f"geste.{k}": items.get(v, 0.0)
            for k, v in GESTE_IDS.items()
            if k in ref["mpr_geste_by_item_eur"]
        },
    }
    want = {
        k: ref[k]
        for k in (
            "mpra_eur",
            "mpra_after_ecretement_eur",
            "ecretement_total_eur",
            "mar_eur",
            "mpr_geste_eur",
            "coup_de_pouce_eur",
        )
    }
    if ref["mpra_eur"] == 0:  # the reference's total counts the local grants alone then
        want["ecretement_total_eur"] = 0.0
    want.update({f"geste.{k}": v for k, v in ref["mpr_geste_by_item_eur"].items()})
    diff = {k: (got[k], want[k]) for k in want if round(got[k]) != round(want[k])}
    cdp_explained = ""
    if "coup_de_pouce_eur" in diff and cdp.applied and "vA78-4" in cdp.reason:
        cdp_explained = COUP_DE_POUCE
    rest = {k: v for k, v in diff.items() if not (cdp_explained and k == "coup_de_pouce_eur")}
    explained = ""
    if rest and not mpra.applied:
        for word, why in EXPLAINED.items():
            if word in mpra.reason:
                explained = why
    elif (
        "mpra_after_ecretement_eur" in rest
        and ctx.other_grants_eur > 0
        and set(rest) <= {"mpra_after_ecretement_eur", "ecretement_total_eur"}
    ):
        explained = ECRETEMENT
    return {
        "diff": diff,
        "rest": rest,
        "explained": explained,
        "cdp_explained": cdp_explained,
        "reason": mpra.reason,
        "whys": [w for w in (cdp_explained, explained) if w],
    }


def test_case_file_covers_the_matrix():
    cs = cases()
    assert len(cs) >= 200
    dims = Counter()
    for c in cs:
        i = c["inputs"]
        dims["income", i["income_category"]] += 1
        dims["replaced", i["heating_after"] is not None] += 1
        dims["classes", i["class_before"] + i["class_after"]] += 1
    assert {k[1] for k in dims if k[0] == "income"} == {
        "tres_modestes",
        "modestes",
        "intermediaires",
        "superieurs",
    }
    assert {k[1] for k in dims if k[0] == "replaced"} == {True, False}
    assert len({k[1] for k in dims if k[0] == "classes"}) >= 8
    # the reference pays something in most cases, and the écrêtement binds in some
    assert sum(c["mesaidesreno"]["mpra_eur"] > 0 for c in cs) > 300
    assert (
        sum(
            c["mesaidesreno"]["ecretement_total_eur"]
            < c["mesaidesreno"]["mpra_eur"] + c["inputs"]["other_grants_eur"]
            for c in cs
        )
        >= 10
    )


@pytest.mark.parametrize("chunk", range(4))
def test_amounts_equal_to_the_euro_or_explained(chunk):
    bad = []
    for case in cases()[chunk::4]:
        r = compare(case)
        if r["rest"] and not r["explained"]:
            bad.append((case["id"], r["diff"], r["reason"]))
        if r["cdp_explained"]:
            # rehab's amount is the fiche by hand, the reference's the flat amount of its category
            i = case["inputs"]
            g, w = r["diff"]["coup_de_pouce_eur"]
            assert i["heating_after"] == "heat_pump_air_water" and i["date"] >= "2026-01-01"
            assert i["living_area_m2"] == 85 and g == pytest.approx(CDP_FICHE_85M2_H1_EUR)
            assert w == (4000 if i["income_category"] in ("tres_modestes", "modestes") else 2500)
        if r["explained"]:
            # rehab pays no rénovation d'ampleur (nor its accompaniment) where the
            # reference does, and every other amount is equal
            if r["explained"] == ECRETEMENT:
                other = case["inputs"]["other_grants_eur"]
                g, w = r["rest"]["mpra_after_ecretement_eur"]
                assert g < w
                if "ecretement_total_eur" in r["rest"]:  # local grants alone above the ceiling
                    g, w = r["rest"]["ecretement_total_eur"]
                    assert g == other > w
                continue
            assert set(r["rest"]) <= {
                "mpra_eur",
                "mpra_after_ecretement_eur",
                "ecretement_total_eur",
                "mar_eur",
            }
            assert all(g == 0 and w > 0 for g, w in r["rest"].values())
    assert not bad, bad[:5]


def test_explained_differences_are_a_minority():
    res = [compare(c) for c in cases()]
    equal = sum(not r["diff"] for r in res)
    assert equal + sum(bool(r["whys"]) for r in res) == len(res)
    # every 2026 air-water heat pump replacing the fossil boiler differs by the fiche, nothing else does
    fiche = [c["inputs"]["heating_after"] == "heat_pump_air_water" for c in cases()]
    assert [bool(r["cdp_explained"]) for r in res] == fiche
    # the differences of the other amounts remain a minority
    assert sum(bool(r["rest"]) for r in res) / len(res) < 0.3
    assert {r["explained"] for r in res if r["rest"]} <= {*EXPLAINED.values(), ECRETEMENT}


if __name__ == "__main__":  # summary for the documentation and the closing note
    res = [compare(c) for c in cases()]
    n = len(res)
    equal = sum(not r["diff"] for r in res)
    print(f"cases: {n}; equal to the euro on every amount: {equal} ({equal / n:.1%}); "
          f"explained: {n - equal}")
    for why, k in Counter(" + ".join(r["whys"]) for r in res if r["diff"]).most_common():
        print(f"  explained ({k}): {why or 'UNEXPLAINED'}")
    only_cdp = sum(bool(r["diff"]) and not r["rest"] for r in res)
    print(f"equal on every amount but the Coup de pouce: {equal + only_cdp} ({(equal + only_cdp) / n:.1%})")
