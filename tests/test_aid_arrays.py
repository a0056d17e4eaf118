"""rehab.aid_arrays: the aid rules on arrays equal rehab.subsidies.eligible_aids, context by context."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehab.aid_arrays import AID_KINDS, AIDS, AidArrays, AidResultsLazy, eligible_aids_arrays
from rehab.economics import PUBLIC_AIDS
from rehab.errors import InputError
from rehab.subsidies import (
    CLASSES,
    HEATING_SYSTEMS,
    INCOME_CATEGORIES,
    MEASURE_KINDS,
    AidContext,
    eligible_aids,
)

OWNERS = ("owner_occupier", "private_landlord", "social_landlord")
SYSTEMS = (None, "dhw_thermodynamic", "dhw-electric", "balanced", "extract", "natural")
#: dates around every rule change of data/subsidies (before, inside, after the rules' spans)
DATES = ("2018-06-01", "2024-06-01", "2025-09-15", "2025-10-01", "2026-01-15", "2026-07-01", "2028-06-01")


def random_contexts(rng: np.random.Generator, n: int, date: str, region: str) -> list[AidContext]:
    """Contexts over every owner, income, class pair, measure set and heating pair."""
    out = []
    for _ in range(n):
        cb, ca = rng.integers(0, 7, 2)
        meas = [m for m in MEASURE_KINDS if rng.random() < 0.3]
        q = {m: float(rng.choice([0.0, rng.uniform(1, 120)])) for m in ("attic_floor", "roof_slopes", "windows")
             if m in meas and rng.random() < 0.8}
        ht = float(rng.choice([0.0, rng.uniform(500, 120_000)]))
        ttc = ht * float(rng.choice([1.0, 1.055, 1.1, 1.2]))

        def pick(seq, none=0.2):
            return None if rng.random() < none else seq[int(rng.integers(len(seq)))]

        def num(lo, hi, none=0.25):
            return None if rng.random() < none else float(rng.choice([0.0, rng.uniform(lo, hi)]))

        out.append(AidContext(
            owner_type=OWNERS[int(rng.integers(3))],
            income_category=pick(INCOME_CATEGORIES),
            class_before=CLASSES[cb], class_after=CLASSES[ca], measures=meas,
            cost_ht=ht, cost_ttc=ttc,
            heating_before=pick(HEATING_SYSTEMS), heating_after=pick(HEATING_SYSTEMS, 0.3),
            date=date, region=region,
            cep_before=num(50, 600), cep_after=num(20, 400), eges_before=num(5, 120),
            final_energy_saved_kwh=num(0, 30_000), cee_kwh_cumac=num(0, 400_000, 0.8),
            dwellings=int(rng.choice([1, 1, 1, 2, 12])),
            other_grants_eur=float(rng.choice([0.0, 0.0, rng.uniform(0, 60_000)])),
            quantities=q,
            dhw_after=pick(SYSTEMS[:3], 0.0), ventilation_after=pick(SYSTEMS[3:], 0.3),
            accompaniment_price_ttc=num(500, 4000, 0.7),
            erbm=bool(rng.random() < 0.3),
            living_area_m2=None if rng.random() < 0.2 else float(rng.choice([70.0, 90.0, 130.0, rng.uniform(30, 200)])),
            climate_zone=("H1", "H2", "H3")[int(rng.integers(3))],
            heat_pump_etas=None if rng.random() < 0.3 else float(rng.choice([1.11, 1.4, rng.uniform(0.9, 2.6)])),
            heat_pump_dhw=bool(rng.random() < 0.5),
        ))
    return out


def assert_equal(ctxs: list[AidContext], include_optional: bool = False) -> int:
    """Every aid amount equal to 1e-9 EUR, the same applied aids, the same sums; returns the count."""
    res = eligible_aids_arrays(AidArrays.from_contexts(ctxs), include_optional=include_optional)
    for i, c in enumerate(ctxs):
        ref = eligible_aids(c, include_optional=include_optional)
        assert [a.aid for a in ref] == list(AIDS)
        assert [a.kind for a in ref] == list(AID_KINDS)
        amounts = np.array([a.amount_eur if a.applied else 0.0 for a in ref])
        applied = [a.applied for a in ref]
        assert res.applied[i].tolist() == applied, (i, c, applied)
        np.testing.assert_allclose(res.amount[i], amounts, rtol=0, atol=1e-9, err_msg=str(c))
        np.testing.assert_allclose(res.loan_principal[i], [a.loan_principal_eur for a in ref], rtol=0, atol=1e-9)
        g = sum(a.amount_eur for a in ref if a.applied and a.kind == "grant")
        lo = sum(a.amount_eur for a in ref if a.applied and a.kind == "loan")
        pu = sum(a.amount_eur for a in ref if a.applied and a.kind == "grant" and a.aid in PUBLIC_AIDS)
        assert abs(res.grants[i] - g) <= 1e-9 and abs(res.loans[i] - lo) <= 1e-9 and abs(res.public[i] - pu) <= 1e-9
        assert res.names[i] == "; ".join(a.aid for a in ref if a.applied)
    return len(ctxs)


@pytest.mark.parametrize("date", DATES)
def test_random_contexts_equal_the_scalar_rules(date):
    rng = np.random.default_rng(sum(map(ord, date)))
    n = assert_equal(random_contexts(rng, 700, date, "hauts-de-france"))
    n += assert_equal(random_contexts(rng, 150, date, "hauts-de-france"), include_optional=True)
    n += assert_equal(random_contexts(rng, 100, date, "bretagne"), include_optional=True)
    assert n == 950


def test_every_aid_is_exercised():
    """The random draw above reaches every aid applied and not applied, and every écrêtement branch."""
    rng = np.random.default_rng(7)
    ctxs = random_contexts(rng, 3000, "2026-07-01", "hauts-de-france")
    res = eligible_aids_arrays(AidArrays.from_contexts(ctxs), include_optional=True)
    assert res.applied.any(axis=0).all() and (~res.applied).any(axis=0).all()
    cut = {"maprimerenov_ampleur": 0, "maprimerenov_geste": 0}
    for c in ctxs:
        for a in eligible_aids(c, include_optional=True):
            cut[a.aid] = cut.get(a.aid, 0) + ("écrêtement" in a.reason)
    assert cut["maprimerenov_ampleur"] >= 5 and cut["maprimerenov_geste"] >= 5, cut
    # Oct-Dec 2025: the Coup de pouce from the heat-pump fiche (zone, area, ηs, use) takes many values
    ctxs = random_contexts(rng, 1500, "2025-11-01", "hauts-de-france")
    res = eligible_aids_arrays(AidArrays.from_contexts(ctxs))
    j = AIDS.index("cee_coup_de_pouce_chauffage")
    assert len(np.unique(res.amount[res.applied[:, j], j])) >= 20


@settings(max_examples=300, deadline=None)
@given(
    owner=st.sampled_from(OWNERS), income=st.sampled_from((None, *INCOME_CATEGORIES)),
    cb=st.sampled_from(CLASSES), ca=st.sampled_from(CLASSES),
    meas=st.sets(st.sampled_from(MEASURE_KINDS), max_size=6),
    ht=st.floats(0, 2e5), vat=st.sampled_from((1.0, 1.055, 1.1, 1.2)),
    hb=st.sampled_from((None, *HEATING_SYSTEMS)), ha=st.sampled_from((None, *HEATING_SYSTEMS)),
    cep=st.tuples(st.none() | st.floats(0, 800), st.none() | st.floats(0, 800)),
    attic=st.none() | st.floats(0, 300), windows=st.none() | st.floats(0, 30),
    other=st.floats(0, 1e5), vent=st.sampled_from((None, "balanced", "extract")),
    dhw=st.sampled_from((None, "dhw_thermodynamic")), fe=st.none() | st.floats(0, 5e4),
)
def test_hypothesis_contexts_equal_the_scalar_rules(owner, income, cb, ca, meas, ht, vat, hb, ha, cep, attic,
                                                     windows, other, vent, dhw, fe):
    q = {k: v for k, v in (("attic_floor", attic), ("windows", windows)) if v is not None}
    c = AidContext(owner_type=owner, income_category=income, class_before=cb, class_after=ca, measures=sorted(meas),
                   cost_ht=ht, cost_ttc=ht * vat, heating_before=hb, heating_after=ha, cep_before=cep[0],
                   cep_after=cep[1], quantities=q, other_grants_eur=other, ventilation_after=vent, dhw_after=dhw,
                   final_energy_saved_kwh=fe, date="2026-07-01")
    assert_equal([c])


def test_mes_aides_reno_cases_through_the_array_route():
    """The 816 cases checked against Mes Aides Réno give the same amounts through the array route."""
    path = Path(__file__).resolve().parent / "data" / "mesaidesreno" / "cases.json"
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    ctxs = [AidContext(**c["inputs"]) for c in cases]
    by_date: dict[dt.date, list[AidContext]] = {}
    for c in ctxs:
        by_date.setdefault(c.date, []).append(c)
    assert sum(assert_equal(v) for v in by_date.values()) == len(cases) == 816


def test_hand_case_and_lazy_reasons():
    """F -> C, intermediaires, 50 k€ HT: 45 % x 40 k€ = 18,000 EUR; MAR 40 % x 2,000; éco-PTZ on the rest."""
    c = AidContext(owner_type="owner_occupier", income_category="intermediaires", class_before="F",
                   class_after="C", measures=["wall_external", "attic_floor", "heating"], cost_ht=50_000,
                   cost_ttc=52_750, heating_before="gas_boiler_old", heating_after="heat_pump_air_water",
                   date="2026-07-01")
    arr = AidArrays.from_contexts([c])
    res = eligible_aids_arrays(arr)
    a = dict(zip(AIDS, res.amount[0], strict=True))
    assert a["maprimerenov_ampleur"] == 18_000.0 and a["mon_accompagnateur_renov"] == 800.0
    assert a["cee_coup_de_pouce_chauffage"] == 0.0  # not cumulable with the rénovation d'ampleur
    assert res.loan_principal[0, AIDS.index("eco_ptz")] == 33_950.0  # min(50 k€, 52,750 - 18,800)
    lazy = AidResultsLazy(arr)
    assert len(lazy) == 1 and [r.aid for r in lazy[0]] == ["maprimerenov_ampleur", "mon_accompagnateur_renov",
                                                          "eco_ptz"]
    assert lazy.rows(offset=5)[0][:4] == (5, "maprimerenov_ampleur", 18_000.0, "grant")
    assert arr.context(0) == c


def test_bad_arrays_are_refused_naming_the_field():
    ok = dict(owner=[0], income=[1], class_before=[5], class_after=[2], measures=np.zeros((1, len(MEASURE_KINDS))),
              cost_ht=[1000.0], cost_ttc=[1100.0])
    AidArrays(**ok)
    with pytest.raises(InputError, match="class_after"):
        AidArrays(**{**ok, "class_after": [7]})
    with pytest.raises(InputError, match="cost_ttc"):
        AidArrays(**{**ok, "cost_ttc": [900.0]})
    with pytest.raises(InputError, match="income"):
        AidArrays(**{**ok, "income": [4]})


def test_contexts_at_once_equal_one_by_one_and_the_lazy_rows():
    """AidArrays.contexts (the columns converted once) gives each context(i); the lazy table's rows
    built from it equal those read one context at a time."""
    rng = np.random.default_rng(7)
    ctxs = random_contexts(rng, 120, "2026-07-01", "hauts-de-france")
    arr = AidArrays.from_contexts(ctxs)
    many = arr.contexts()
    assert many == [arr.context(i) for i in range(len(arr))] == ctxs
    assert arr.contexts([5, 2]) == [ctxs[5], ctxs[2]]
    one_by_one = [r for j in range(len(arr)) for r in AidResultsLazy(arr).rows(offset=3, keys=[j])]
    assert AidResultsLazy(arr).rows(offset=3) == one_by_one
    picked = AidResultsLazy(arr).rows(offset=3, keys=[7, 1])  # in the order of the keys
    assert picked == [r for k in (10, 4) for r in one_by_one if r[0] == k] and len(picked) >= 2
