"""Tests of rehab.subsidies: each rule with its source value and its reasons."""

from __future__ import annotations

import numpy as np
import pytest

from rehab.errors import ModelValidationError
from rehab.subsidies import (
    AidContext,
    cee_coup_de_pouce_chauffage,
    cee_generic,
    eco_pret_logement_social,
    eco_ptz,
    eligible_aids,
    feder_social_housing,
    kwh_cumac,
    loan_grant_equivalent,
    maprimerenov_ampleur,
    maprimerenov_ampleur_amount,
    total_grants,
    total_value,
)

ENVELOPE = ["wall_internal", "attic_floor", "windows"]


def ctx(**kw):
    base = {
        "owner_type": "owner_occupier",
        "income_category": "tres_modestes",
        "class_before": "F",
        "class_after": "D",
        "measures": ENVELOPE,
        "cost_ht": 50000.0,
        "cost_ttc": 52750.0,
        "date": "2026-06-01",
    }
    base.update(kw)
    return AidContext(**base)


# ---------------------------------------------------------------- MaPrimeRénov'

# france.md section 6 (2026): rate; max aid with 2-class gain (30 k€ HT ceiling)
# and with >= 3-class gain (40 k€ HT ceiling)
MPR_TABLE = [
    ("tres_modestes", 0.80, 24000, 32000),
    ("modestes", 0.60, 18000, 24000),
    ("intermediaires", 0.45, 13500, 18000),
    ("superieurs", 0.10, 3000, 4000),
]


@pytest.mark.parametrize(("cat", "rate", "max2", "max3"), MPR_TABLE)
def test_mpr_rates_and_ceilings_from_the_2026_table(cat, rate, max2, max3):
    two = maprimerenov_ampleur(ctx(income_category=cat, class_after="D"))
    three = maprimerenov_ampleur(ctx(income_category=cat, class_after="C"))
    assert two.applied and three.applied
    assert two.amount_eur == pytest.approx(max2)  # rate x 30,000 (cost 50,000 > ceiling)
    assert three.amount_eur == pytest.approx(max3)  # rate x 40,000
    assert two.figures["rate"] == pytest.approx(rate)
    # below the ceiling the rate applies to the HT cost
    small = maprimerenov_ampleur(ctx(income_category=cat, cost_ht=20000, cost_ttc=21100))
    assert small.amount_eur == pytest.approx(rate * 20000)


def test_mpr_tres_modestes_two_classes_capped_at_24000():
    r = maprimerenov_ampleur(ctx())
    assert r.amount_eur == pytest.approx(24000.0)
    assert "80 %" in r.reason and "30,000 EUR HT" in r.reason and "gain 2" in r.reason
    assert r.rule == "mpr-ampleur-2025-09-30"


@pytest.mark.parametrize(
    ("kw", "why"),
    [
        ({"class_before": "D", "class_after": "B"}, "initial class D"),
        ({"class_before": "F", "class_after": "E"}, "gain 1 < 2"),
        ({"measures": ["wall_internal", "heating"]}, "1 insulation post"),
        ({"measures": ["wall_internal", "wall_external"]}, "1 insulation post"),
        ({"owner_type": "social_landlord"}, "not eligible"),
        ({"income_category": None}, "income_category is needed"),
    ],
)
def test_mpr_conditions_say_why_not(kw, why):
    r = maprimerenov_ampleur(ctx(**kw))
    assert not r.applied and r.amount_eur == 0.0
    assert why in r.reason


def test_mpr_private_landlord_eligible_and_no_rule_before_2025_09_30():
    assert maprimerenov_ampleur(ctx(owner_type="private_landlord")).applied
    old = maprimerenov_ampleur(ctx(date="2024-06-01"))
    assert not old.applied and "no maprimerenov_ampleur rule in force" in old.reason


def test_mpr_vectorised_equals_rule():
    cats = ["tres_modestes", "modestes", "intermediaires", "superieurs", "modestes"]
    before = ["F", "G", "E", "F", "D"]
    after = ["D", "C", "C", "B", "B"]
    posts = [3, 2, 2, 1, 3]
    cost = [50000.0, 45000.0, 20000.0, 80000.0, 30000.0]
    vec = maprimerenov_ampleur_amount(cats, before, after, posts, cost)
    measures = {3: ENVELOPE, 2: ENVELOPE[:2], 1: ENVELOPE[:1]}
    singles = [
        maprimerenov_ampleur(
            ctx(
                income_category=c,
                class_before=b,
                class_after=a,
                measures=measures[p],
                cost_ht=k,
                cost_ttc=k * 1.055,
            )
        ).amount_eur
        for c, b, a, p, k in zip(cats, before, after, posts, cost, strict=True)
    ]
    np.testing.assert_allclose(vec, singles)
    np.testing.assert_allclose(vec, [24000, 24000, 0.45 * 20000, 0, 0])


def test_ecretement_caps_total_aids_at_share_of_ttc():
    # très modestes: MPR 80 % x 30,000 = 24,000 EUR; a local grant of 10,000 EUR brings
    # the total to 34,000 > 100 % of the TTC cost 31,650: MPR is cut by 2,350 to 21,650
    c = ctx(cost_ht=30000, cost_ttc=31650, other_grants_eur=10000)
    mpr = eligible_aids(c)[0]
    assert mpr.amount_eur == pytest.approx(21650)
    assert mpr.figures["ecretement_cut_eur"] == pytest.approx(2350)
    assert "écrêtement" in mpr.reason
    # intermédiaires: cap 80 % of TTC (since the 2025 Anah panorama; 60 % in rehab 0.1);
    # 13,500 + 15,000 = 28,500 > 0.8 x 31,650 = 25,320
    c2 = c.copy_with(income_category="intermediaires", other_grants_eur=15000)
    assert eligible_aids(c2)[0].amount_eur == pytest.approx(25320 - 15000)
    # 8,000 of local grants no longer bind: 21,500 <= 25,320
    c3 = c.copy_with(income_category="intermediaires", other_grants_eur=8000)
    assert eligible_aids(c3)[0].amount_eur == pytest.approx(13500)
    # no other grant: 24,000 < 31,650, no cut
    assert eligible_aids(c.copy_with(other_grants_eur=0))[0].amount_eur == pytest.approx(24000)


# ---------------------------------------------------------------- CEE


def test_coup_de_pouce_fossil_boiler_to_heat_pump():
    c = ctx(
        class_before="E",
        class_after="D",
        measures=["heating"],
        heating_before="fuel_oil_boiler",
        heating_after="heat_pump_air_water",
        income_category="modestes",
        living_area_m2=58.0,
    )
    r = cee_coup_de_pouce_chauffage(c)
    assert r.applied and r.rule == "cdp-chauffage-2026-01" and "BAR-TH-171 vA78-4" in r.reason
    # ground-source heat pump: flat 5,000 EUR for every income category (BAR-TH-172 2026 figures not found)
    g = cee_coup_de_pouce_chauffage(c.copy_with(heating_after="heat_pump_ground"))
    assert g.applied and g.amount_eur == pytest.approx(5000.0) and g.confidence == "L"
    assert "BAR-TH-172" in g.source and r.confidence == "M" and "BAR-TH-171" in r.source
    for cat in ("tres_modestes", "intermediaires", "superieurs"):
        assert cee_coup_de_pouce_chauffage(c.copy_with(
            heating_after="heat_pump_ground", income_category=cat)).amount_eur == 5000.0
        # the fiche pays the same volume whatever the income (one registry price)
        assert cee_coup_de_pouce_chauffage(c.copy_with(income_category=cat)).amount_eur == r.amount_eur
    # the flat ground-source amount needs no heated area; the fiche does
    assert cee_coup_de_pouce_chauffage(c.copy_with(heating_after="heat_pump_ground", living_area_m2=None)).applied
    # before 1 Oct 2025: the flat primes of the former charters, 4,000 / 2,500 EUR for any heat pump
    old = c.copy_with(date="2025-06-01")
    assert cee_coup_de_pouce_chauffage(old).amount_eur == 4000.0
    assert cee_coup_de_pouce_chauffage(old.copy_with(income_category="superieurs")).amount_eur == 2500.0
    assert cee_coup_de_pouce_chauffage(old.copy_with(heating_after="heat_pump_ground")).amount_eur == 4000.0
    # preset names with hyphens are accepted
    assert cee_coup_de_pouce_chauffage(c.copy_with(heating_before="gas-boiler-old")).applied
    not_fossil = cee_coup_de_pouce_chauffage(c.copy_with(heating_before="direct_electric"))
    assert not not_fossil.applied and "not a replaced fossil system" in not_fossil.reason
    to_gas = cee_coup_de_pouce_chauffage(c.copy_with(heating_after="gas_boiler_condensing"))
    assert not to_gas.applied


def test_coup_de_pouce_from_fiche_vA78_4_from_2026():
    """From 1 Jan 2026: BAR-TH-171 vA78-4 (arrêté du 15 décembre 2025), x5, no use split, area factor <= 1."""
    c = ctx(class_before="F", class_after="E", measures=["heating"], heating_before="gas_boiler_old",
            heating_after="heat_pump_air_water", income_category="modestes", date="2026-03-01",
            living_area_m2=58.0)
    price = 8.34 / 1000  # EUR/kWh cumac, the generic rule's registry price
    # coron, 58 m² (< 70: 0.5), H1 (1.2), ηs not given -> class 1 (111-140 %): 90,900 kWh cumac
    # 90,900 x 0.5 x 1.2 x 5 = 272,700 kWh cumac x 8.34 EUR/MWh cumac = 2,274.318 EUR
    coron = cee_coup_de_pouce_chauffage(c)
    assert coron.amount_eur == pytest.approx(90_900 * 0.5 * 1.2 * 5 * price) == pytest.approx(2274.318)
    assert coron.figures["etas_class"] == 1 and "lowest class" in coron.reason and "any use" in coron.reason
    # Castors, 95 m² (>= 90: 1.0), ηs 145 % -> class 2 (>= 140 %): 109,200 x 1.0 x 1.2 x 5 x price
    castors = cee_coup_de_pouce_chauffage(c.copy_with(living_area_m2=95.0, heat_pump_etas=1.45))
    assert castors.amount_eur == pytest.approx(109_200 * 1.0 * 1.2 * 5 * price) == pytest.approx(5464.368)
    assert castors.figures["etas_class"] == 2
    # the transcription's own check: house H1, 80 m² (0.7), class 2: 109,200 x 0.7 x 1.2 = 91,728 kWh cumac
    mid = cee_coup_de_pouce_chauffage(c.copy_with(living_area_m2=80.0, heat_pump_etas=1.40))
    assert mid.figures["kwh_cumac"] == pytest.approx(91_728.0)
    # area factor capped at 1 (the 2025 fiche went to 1.6 from 130 m²); no use split: DHW pays the same
    big = cee_coup_de_pouce_chauffage(c.copy_with(living_area_m2=140.0, heat_pump_etas=1.45, heat_pump_dhw=True))
    assert big.amount_eur == pytest.approx(castors.amount_eur)
    assert cee_coup_de_pouce_chauffage(c.copy_with(heat_pump_dhw=True)).amount_eur == coron.amount_eur
    # the bounds: 70 m² is in the 0.7 band, 90 m² in the 1.0 band; ηs 1.399 is class 1
    assert cee_coup_de_pouce_chauffage(c.copy_with(living_area_m2=70.0)).figures["area_factor"] == 0.7
    assert cee_coup_de_pouce_chauffage(c.copy_with(living_area_m2=90.0)).figures["area_factor"] == 1.0
    assert cee_coup_de_pouce_chauffage(c.copy_with(heat_pump_etas=1.399)).figures["etas_class"] == 1
    # zones H2 (1.0) and H3 (0.7); below ηs 111 % no prime; no heated area, no prime
    h2 = cee_coup_de_pouce_chauffage(c.copy_with(climate_zone="H2"))
    assert h2.amount_eur == pytest.approx(90_900 * 0.5 * 1.0 * 5 * price)
    h3 = cee_coup_de_pouce_chauffage(c.copy_with(climate_zone="H3", living_area_m2=100.0, heat_pump_etas=1.5))
    assert h3.amount_eur == pytest.approx(109_200 * 1.0 * 0.7 * 5 * price)
    low = cee_coup_de_pouce_chauffage(c.copy_with(heat_pump_etas=1.05))
    assert not low.applied and "111 %" in low.reason
    assert not cee_coup_de_pouce_chauffage(c.copy_with(living_area_m2=None)).applied


def test_coup_de_pouce_2026_volume_matches_tereva_worked_amounts():
    """tereva.fr (updated 09/01/2026): ηs 111-140 %, house > 90 m², x5: 4,254 EUR (H1) and 3,545 EUR (H2)
    at 7.8 EUR/MWh cumac for other households, 6,000 / 5,000 EUR at 11 EUR/MWh cumac for modest ones."""
    c = ctx(class_before="F", class_after="E", measures=["heating"], heating_before="gas_boiler_old",
            heating_after="heat_pump_air_water", date="2026-03-01", living_area_m2=100.0)
    for zone, other, modest in (("H1", 4254, 6000), ("H2", 3545, 5000)):
        r = cee_coup_de_pouce_chauffage(c.copy_with(climate_zone=zone))
        volume = r.figures["kwh_cumac"] * r.figures["bonus_multiplier"]  # 90,900 x zone x 5
        assert volume * 7.8 / 1000 == pytest.approx(other, abs=0.5)
        assert volume * 11.0 / 1000 == pytest.approx(modest, abs=1.0)  # 5,999.4 and 4,999.5 EUR
        # rehab values the same volume at the registry price (8.34 EUR/MWh cumac)
        assert r.amount_eur == pytest.approx(volume * 8.34 / 1000)


def test_coup_de_pouce_from_the_heat_pump_fiche_oct_dec_2025():
    """From 1 Oct 2025 the Coup de pouce is the BAR-TH-171/172 volume x 5 (arrêté du 6 septembre 2025)."""
    c = ctx(class_before="E", class_after="D", measures=["heating"], heating_before="gas_boiler_old",
            heating_after="heat_pump_air_water", income_category="modestes", date="2025-11-01",
            living_area_m2=100.0, heat_pump_etas=1.45)
    r = cee_coup_de_pouce_chauffage(c)
    # by hand: 91,600 kWh cumac (house, heating only, ηs 140-170 %) x 1.0 (90-110 m²) x 1.2 (H1) x 5
    # = 549,600 kWh cumac x 8.34 EUR/MWh cumac = 4,583.66 EUR
    assert r.applied and r.amount_eur == pytest.approx(4583.664, abs=1e-6)
    assert "BAR-TH-171" in r.reason and "bonus 5" in r.reason
    # ground source, 140 m² (factor 1.6), heating + DHW, ηs not given (lowest class): 108,100 x 1.6 x 1.2 x 5
    g = cee_coup_de_pouce_chauffage(c.copy_with(heating_after="heat_pump_ground", living_area_m2=140.0,
                                                heat_pump_etas=None, heat_pump_dhw=True))
    assert g.amount_eur == pytest.approx(108_100 * 1.6 * 1.2 * 5 * 8.34 / 1000, abs=1e-6) == pytest.approx(8654.9184)
    # zone H3 (0.7), 69 m² (0.5), ηs 2.1 (class 200 %+: 103,400)
    h3 = cee_coup_de_pouce_chauffage(c.copy_with(climate_zone="H3", living_area_m2=69.0, heat_pump_etas=2.1))
    assert h3.amount_eur == pytest.approx(103_400 * 0.5 * 0.7 * 5 * 8.34 / 1000)
    low = cee_coup_de_pouce_chauffage(c.copy_with(heat_pump_etas=1.05))
    assert not low.applied and "111 %" in low.reason
    no_area = cee_coup_de_pouce_chauffage(c.copy_with(living_area_m2=None))
    assert not no_area.applied and "living_area_m2" in no_area.reason
    # from 1 Jan 2026 fiche vA78-4: 91,600 (heating, 140-170 %) -> 109,200 (class >= 140 %, any use)
    y26 = cee_coup_de_pouce_chauffage(c.copy_with(date="2026-03-01"))
    assert y26.rule == "cdp-chauffage-2026-01" and y26.amount_eur == pytest.approx(109_200 * 1.2 * 5 * 8.34 / 1000)


def test_cee_generic_valuation():
    # 1 kWh/yr over 30 yr discounted at 4 %: sum 1.04^-t, t = 0..29 = 17.984
    assert kwh_cumac(1.0, 30) == pytest.approx(sum(1.04**-t for t in range(30)))
    c = ctx(owner_type="social_landlord", final_energy_saved_kwh=8000)
    r = cee_generic(c)
    assert r.amount_eur == pytest.approx(8000 * 17.98371 / 1000 * 8.34, rel=1e-5)
    given = cee_generic(c.copy_with(cee_kwh_cumac=200000))
    assert given.amount_eur == pytest.approx(200 * 8.34)
    missing = cee_generic(ctx(owner_type="social_landlord"))
    assert not missing.applied and "final_energy_saved_kwh" in missing.reason


def test_cee_not_cumulated_with_mpr_ampleur():
    c = ctx(
        measures=[*ENVELOPE, "heating"],
        heating_before="gas_boiler_old",
        heating_after="heat_pump_air_water",
        final_energy_saved_kwh=10000,
        living_area_m2=85.0,
    )
    aids = {r.aid: r for r in eligible_aids(c)}
    assert aids["maprimerenov_ampleur"].applied
    assert not aids["cee_coup_de_pouce_chauffage"].applied
    assert "not cumulable" in aids["cee_coup_de_pouce_chauffage"].reason
    assert not aids["cee_generic"].applied


# ---------------------------------------------------------------- loans


def test_loan_grant_equivalent_hand_case():
    # 50,000 EUR at 0 % over 20 yr vs 4 %: 50,000 x (1 - (1/20) / CRF(4 %, 20))
    crf = 0.04 / (1 - 1.04**-20)
    assert loan_grant_equivalent(50000, 0.0, 0.04, 20) == pytest.approx(50000 * (1 - 0.05 / crf))
    assert loan_grant_equivalent(50000, 0.04, 0.04, 20) == pytest.approx(0.0, abs=1e-9)


def test_eco_ptz_ceilings():
    # rénovation d'ampleur: 50,000 EUR over 20 yr
    r = eco_ptz(ctx(cost_ttc=80000, cost_ht=76000), grants_eur=0)
    assert r.loan_principal_eur == pytest.approx(50000)
    assert r.figures["years"] == 20
    # capped by the TTC cost left after grants
    r2 = eco_ptz(ctx(), grants_eur=24000)
    assert r2.loan_principal_eur == pytest.approx(52750 - 24000)
    # actions only (class gain 1): 2 actions -> 25,000; windows only -> 7,000
    two = eco_ptz(ctx(class_after="E", measures=["wall_internal", "attic_floor"]))
    assert two.loan_principal_eur == pytest.approx(25000) and two.figures["years"] == 15
    win = eco_ptz(ctx(class_after="E", measures=["windows"], cost_ht=8000, cost_ttc=8440))
    assert win.loan_principal_eur == pytest.approx(7000)
    # global performance: Cep gain >= 35 % and Cep after < 331
    gp = eco_ptz(
        ctx(class_before="D", class_after="C", measures=["heating"], cep_before=300, cep_after=150)
    )
    assert gp.loan_principal_eur == pytest.approx(50000)
    assert not eco_ptz(ctx(owner_type="social_landlord")).applied
    assert "present value of the interest saved" in r.reason


def test_eco_pret_logement_social_eligibility_cep_180_or_eges_30():
    base = {"owner_type": "social_landlord", "income_category": None, "class_after": "C"}
    assert eco_pret_logement_social(ctx(**base, cep_before=180)).applied
    assert eco_pret_logement_social(ctx(**base, cep_before=150, eges_before=30)).applied
    no = eco_pret_logement_social(ctx(**base, cep_before=179, eges_before=29))
    assert not no.applied and "179" in no.reason
    missing = eco_pret_logement_social(ctx(**base))
    assert not missing.applied and "cep_before" in missing.reason
    # 22,000 EUR per dwelling (ecologie.gouv.fr 2021), +2,000 with a BBC label (class A/B)
    r = eco_pret_logement_social(ctx(**base, cep_before=400, dwellings=10, cost_ttc=600000))
    assert r.loan_principal_eur == pytest.approx(220000)
    lab = eco_pret_logement_social(ctx(**{**base, "class_after": "B"}, cep_before=400))
    assert lab.loan_principal_eur == pytest.approx(24000)
    assert not eco_pret_logement_social(ctx(cep_before=400)).applied  # owner-occupier


def test_feder_is_optional():
    c = ctx(owner_type="social_landlord", income_category=None, cep_before=400, dwellings=2)
    r = feder_social_housing(c)
    assert r.applied and r.optional and r.amount_eur == pytest.approx(2 * 4362)
    counted = {a.aid: a for a in eligible_aids(c, include_optional=True)}
    default = {a.aid: a for a in eligible_aids(c)}
    assert counted["feder"].applied and not default["feder"].applied
    assert "include_optional" in default["feder"].reason
    assert total_grants(list(counted.values())) - total_grants(list(default.values())) == (
        pytest.approx(8724)
    )


# ---------------------------------------------------------------- context and totals


def test_eligible_aids_lists_every_aid_with_a_reason():
    aids = eligible_aids(ctx())
    assert [a.aid for a in aids] == [
        "maprimerenov_ampleur",
        "mon_accompagnateur_renov",
        "maprimerenov_geste",
        "cee_coup_de_pouce_chauffage",
        "cee_generic",
        "eco_ptz",
        "eco_pret_logement_social",
        "feder",
        "erbm",
    ]
    assert all(a.reason for a in aids)
    grants = total_grants(aids)
    # MaPrimeRénov' 24,000 + Mon Accompagnateur Rénov' 100 % x 2,000 (très modestes)
    assert grants == pytest.approx(24000 + 2000)
    assert total_value(aids) > grants  # plus the éco-PTZ grant-equivalent


def test_context_validation():
    with pytest.raises(ModelValidationError, match="measure kind"):
        ctx(measures=["walls"])
    with pytest.raises(ModelValidationError, match="heating system"):
        ctx(heating_before="coal stove")
    with pytest.raises(ModelValidationError, match="cost_ttc"):
        ctx(cost_ht=1000, cost_ttc=900)
    with pytest.raises(ModelValidationError):
        ctx(class_before="H")
    assert ctx(date=2026).date.isoformat() == "2026-07-01"
    assert ctx().class_gain == 2


# ------------------------------------------------- 2026 rules (Mes Aides Réno)


def test_ampleur_excluded_by_fossil_heating_installed_or_oil_kept():
    base = ctx(class_before="F", class_after="C")
    assert maprimerenov_ampleur(base).applied
    gas = base.copy_with(
        measures=[*ENVELOPE, "heating"],
        heating_before="gas_boiler_old",
        heating_after="gas_boiler_condensing",
    )
    r = maprimerenov_ampleur(gas)
    assert not r.applied and "fossil fuel" in r.reason
    oil_kept = base.copy_with(heating_before="fuel_oil_boiler")
    r = maprimerenov_ampleur(oil_kept)
    assert not r.applied and "fuel-oil heating" in r.reason
    # gas kept is allowed; oil replaced by a heat pump is allowed
    assert maprimerenov_ampleur(base.copy_with(heating_before="gas_boiler_old")).applied
    oil_out = base.copy_with(
        measures=[*ENVELOPE, "heating"],
        heating_before="fuel_oil_boiler",
        heating_after="heat_pump_air_water",
    )
    assert maprimerenov_ampleur(oil_out).applied
    # the vectorised form takes the exclusion as a flag
    v = maprimerenov_ampleur_amount(
        ["modestes"] * 2, ["F", "F"], ["C", "C"], [3, 3], [30000.0] * 2, heating_excluded=[False, True]
    )
    assert v.tolist() == [18000.0, 0.0]


def test_accompaniment_funded_with_ampleur_only():
    from rehab.subsidies_geste import mon_accompagnateur_renov

    for cat, amount in [("tres_modestes", 2000), ("modestes", 1600), ("intermediaires", 800), ("superieurs", 400)]:
        c = ctx(income_category=cat)
        assert mon_accompagnateur_renov(c, ampleur_applied=True).amount_eur == pytest.approx(amount)
        assert not mon_accompagnateur_renov(c, ampleur_applied=False).applied
    # the base is capped at 2,000 EUR TTC: a 3,000 EUR accompaniment is funded on 2,000
    c = ctx(income_category="modestes", accompaniment_price_ttc=3000)
    assert mon_accompagnateur_renov(c, ampleur_applied=True).amount_eur == pytest.approx(1600)
    c = ctx(income_category="modestes", accompaniment_price_ttc=1500)
    assert mon_accompagnateur_renov(c, ampleur_applied=True).amount_eur == pytest.approx(1200)


def test_par_geste_amounts_2026():
    from rehab.subsidies_geste import maprimerenov_geste

    c = ctx(
        income_category="intermediaires",
        class_before="E",
        class_after="D",
        measures=["wall_external", "attic_floor", "windows", "heating", "audit"],
        quantities={"attic_floor": 40.0, "windows": 5, "wall_external": 80.0},
        heating_before="gas_boiler_old",
        heating_after="heat_pump_ground",
        cost_ht=40000,
        cost_ttc=42200,
    )
    r = maprimerenov_geste(c)
    # ground heat pump 6,000 + attic 40 x 15 + windows 5 x 40 + audit 300; walls: none since 2026
    assert r.figures["items"] == {
        "heat_pump_ground": 6000.0,
        "attic_floor": 600.0,
        "windows": 200.0,
        "audit": 300.0,
    }
    assert r.amount_eur == pytest.approx(7100.0)
    # before 2026 no par-geste rule is encoded
    assert not maprimerenov_geste(c.copy_with(date="2025-06-01")).applied
    # the audit alone is not paid; a quantity is needed for m² items
    assert not maprimerenov_geste(c.copy_with(measures=["audit"])).applied
    r = maprimerenov_geste(c.copy_with(measures=["attic_floor"], quantities={}))
    assert not r.applied and "quantities" in r.reason
    # not for supérieurs
    assert not maprimerenov_geste(c.copy_with(income_category="superieurs")).applied


def test_par_geste_ecretement_on_ht_cost():
    # très modestes, ground heat pump 11,000 + Coup de pouce 5,000 = 16,000 EUR on a
    # 15,000 EUR HT job: capped at 90 % x 15,000 = 13,500, MaPrimeRénov' cut by 2,500
    c = ctx(
        class_before="E",
        class_after="D",
        measures=["heating"],
        heating_before="fuel_oil_boiler",
        heating_after="heat_pump_ground",
        cost_ht=15000,
        cost_ttc=15825,
    )
    aids = {a.aid: a for a in eligible_aids(c)}
    assert aids["maprimerenov_geste"].amount_eur == pytest.approx(8500.0)
    assert aids["maprimerenov_geste"].figures["ecretement_cut_eur"] == pytest.approx(2500.0)
    assert aids["cee_coup_de_pouce_chauffage"].amount_eur == pytest.approx(5000.0)
    assert total_grants(list(aids.values())) == pytest.approx(0.9 * 15000)


def test_par_geste_not_with_ampleur():
    c = ctx(
        class_before="F",
        class_after="C",
        measures=[*ENVELOPE, "heating"],
        quantities={"attic_floor": 40.0, "windows": 6},
        heating_before="gas_boiler_old",
        heating_after="heat_pump_air_water",
    )
    aids = {a.aid: a for a in eligible_aids(c)}
    assert aids["maprimerenov_ampleur"].applied and aids["mon_accompagnateur_renov"].applied
    assert not aids["maprimerenov_geste"].applied
    assert "not cumulable" in aids["maprimerenov_geste"].reason


def test_aid_quantities_from_cost_lines():
    from rehab.retrofit import CostLine
    from rehab.subsidies_geste import WINDOW_AREA_M2, aid_quantities

    lines = [
        CostLine("w", "windows_double_pvc", 9.0, "m2", 0, 0, 30, "windows", ""),
        CostLine("r", "roof_slopes", 30.0, "m2", 0, 0, 30, "roof_slopes", ""),
        CostLine("h", "heat_pump_air_water", 1.0, "dwelling", 0, 0, 17, "heating", ""),
    ]
    assert aid_quantities(lines) == {"windows": 9.0 / WINDOW_AREA_M2, "roof_slopes": 30.0}


def test_erbm_for_social_mining_houses():
    from rehab.subsidies_social import erbm_mining_houses

    c = ctx(owner_type="social_landlord", income_category=None, erbm=True, dwellings=3)
    r = erbm_mining_houses(c)
    # 124 MEUR / 9,500 dwellings = 13,053 EUR of State grant, matched by the local authorities
    assert r.applied and r.amount_eur == pytest.approx(3 * 2 * 13053)
    assert {a.aid: a for a in eligible_aids(c)}["erbm"].applied
    assert not erbm_mining_houses(c.copy_with(erbm=False)).applied
    assert not erbm_mining_houses(c.copy_with(region="bretagne")).applied
    assert not erbm_mining_houses(c.copy_with(owner_type="owner_occupier")).applied
    assert not erbm_mining_houses(c.copy_with(date="2028-06-01")).applied


def test_eco_pret_logement_social_follows_the_livret_a():
    c = ctx(
        owner_type="social_landlord",
        income_category=None,
        class_after="C",
        cep_before=390,
        cost_ht=80000,
        cost_ttc=84400,
    )
    before = eco_pret_logement_social(c.copy_with(date="2026-01-15"))
    after = eco_pret_logement_social(c)
    assert before.figures["loan_rate"] == pytest.approx(0.0125)
    assert after.figures["loan_rate"] == pytest.approx(0.0105)  # Livret A 1.5 % - 0.45 %
    assert after.figures["market_rate"] == pytest.approx(0.021)
    assert after.loan_principal_eur == before.loan_principal_eur == 22000


def test_programme_counts_the_erbm_grant_from_the_stock_column():
    """A stock row with ``erbm`` true (a social mining house of an ERBM cité operation)
    gets the State grant and the local authorities' equal match (data/subsidies/erbm.json:
    124 MEUR / 9,500 dwellings = 13,053 EUR each, matched euro for euro); others do not."""
    import json

    from rehab._data import data_path
    from rehab.programme import Programme
    from rehab.stock import Stock

    rule = json.loads(data_path("subsidies", "erbm.json").read_text())["rules"][0]
    per_dwelling = rule["state_eur_per_dwelling"] * (1 + rule["local_match_share"])
    assert per_dwelling == 2 * 13053
    rows = [
        {"id": "A", "archetype": "coron-mid-terrace", "owner": "social_landlord", "erbm": True},
        {"id": "B", "archetype": "coron-mid-terrace", "owner": "social_landlord"},
    ]
    res = Programme(Stock.from_records(rows, strict=True), ["heritage"]).run(progress=False)
    t = res.table.set_index(["house_id", "scenario"])
    aids_a = res.aids("A", "heritage").set_index("aid")["amount_eur"]
    aids_b = res.aids("B", "heritage").set_index("aid")["amount_eur"]
    assert aids_a["erbm"] == pytest.approx(per_dwelling) and "erbm" not in aids_b
    gap = t.loc[("A", "heritage"), "subsidies_eur"] - t.loc[("B", "heritage"), "subsidies_eur"]
    assert gap == pytest.approx(per_dwelling)
