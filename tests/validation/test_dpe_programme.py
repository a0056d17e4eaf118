"""A programme run on the folder of 108 DPE XML files gives each house its certified class.

The folder is a stock (:func:`rehab.stock.read_dpe_folder`); each dwelling's House
carries its DPE declarations (``House.threecl``: every generator with its share,
the ILPA flag, the auxiliaries of 3CL §15, the recovered DHW storage losses,
cooling and PV self-consumption), so that :class:`rehab.programme.Programme`,
:func:`rehab.assess` and :func:`rehab.labels.dpe` give the same Cep as
:meth:`rehab.dpe.DPERecord.estimate`.

The study date is 2025-09-01: the 108 DPEs were established between 2021-07 and
2025-01, under the electricity primary-energy factor 2.3 in force until
2025-12-31 (the programme's default date, 2026-06-01, applies 1.9); the
tariffs of rehab's data start in 2026, so the bills use the DPE's conventional
prices (``bill_prices="dpe"``).

Run ``pytest tests/validation/test_dpe_programme.py -s`` for the figures.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

import rehab
from rehab import dpe, stock
from rehab.programme import Programme

XML = Path(__file__).resolve().parents[1] / "data" / "dpe" / "xml"
DATE = "2025-09-01"
OPTS = dict(date=DATE, bill_prices="dpe", mode="conventional")


@lru_cache(maxsize=1)
def records() -> dict[str, dpe.DPERecord]:
    return {r.id: r for r in dpe.read_folder(XML)}


@lru_cache(maxsize=1)
def run():
    return Programme(stock.read(XML), ["heat-pump-only", "attic-only"], **OPTS).run(progress=False).table


def test_programme_gives_the_certified_class():
    t = run()
    base = t[t.scenario == "baseline"].set_index("house_id")
    recs = records()
    assert len(base) == 108
    cert = np.array([recs[i].certified.label for i in base.index])
    cep_cert = np.array([recs[i].certified.cep for i in base.index])
    same = base["dpe_class"].to_numpy() == cert
    within = np.abs(base["cep_kwhep_m2"].to_numpy() / cep_cert - 1.0) <= 0.10
    print(f"\nprogramme on the 108 DPE files ({DATE}): class equal {same.sum()}/108 ({same.mean():.1%}), "
          f"Cep within ±10 % {within.sum()}/108 ({within.mean():.1%})")
    print("  differing: " + "; ".join(
        f"{i} {c} vs {k} (Cep {p:.0f}/{q:.0f})"
        for i, c, k, p, q, s in zip(base.index, base["dpe_class"], cert, base["cep_kwhep_m2"], cep_cert, same,
                                    strict=True) if not s))
    assert same.mean() >= 0.95
    assert within.mean() >= 0.95


def test_programme_equals_each_record_estimate():
    """The programme's Cep and class are those of DPERecord.estimate at the same date, house by house."""
    t = run()
    base = t[t.scenario == "baseline"].set_index("house_id")
    for rid, rec in records().items():
        est = rec.estimate(DATE)
        assert base.loc[rid, "cep_kwhep_m2"] == pytest.approx(est.cep, rel=1e-9), rid
        assert base.loc[rid, "dpe_class"] == est.label, rid


def test_programme_after_a_package_equals_labels_on_the_changed_house():
    """After heat-pump-only, the declared generators, shares and auxiliaries are replaced in the
    programme exactly as in labels.dpe on the package's house (the DHW part too)."""
    t = run()
    after = t[t.scenario == "heat-pump-only"].set_index("house_id")
    pkg = rehab.packages.get("heat-pump-only")
    for rid in ("2303E4293288R", "2187E0982378D", "2464E1799476F"):
        h = pkg.apply(records()[rid].house)
        est = rehab.labels.dpe(h, DATE)
        assert est.details["heating"] == h.heating
        assert after.loc[rid, "cep_kwhep_m2"] == pytest.approx(est.cep, rel=1e-9), rid


@pytest.mark.parametrize("rid", ["2303E4293288R", "2187E0982378D"])
def test_assess_equals_estimate(rid):
    rec = records()[rid]
    a = rehab.assess(rec.house, [], **OPTS)
    est = rec.estimate(DATE)
    assert a.loc["baseline", "cep_kwhep_m2"] == pytest.approx(est.cep, rel=1e-9)
    assert a.loc["baseline", "dpe_class"] == est.label


def test_attic_measure_on_the_heated_roofs_in_the_programme():
    """The 19 heated-roof houses get attic-only too: their roof insulated under the rafters, priced
    per m² of roof (roof_slopes_inside; the works without the fees), the programme's Cep equal to labels.dpe on the package's house."""
    t = run()
    after = t[t.scenario == "attic-only"].set_index("house_id")
    assert after["allowed"].astype(bool).all()
    pkg = rehab.packages.get("attic-only")
    heated = [rid for rid, r in records().items()
              if not any(getattr(e, "kind", "") == "ceiling" for e in r.house.elements)
              and any(getattr(e, "kind", "") == "roof" for e in r.house.elements)]
    assert len(heated) == 19
    for rid in heated:
        house = records()[rid].house
        out = pkg.run(house, date=DATE)
        assert out.aid_kinds == ["roof_slopes"]
        roof_area = sum(e.area for e in house.elements if getattr(e, "kind", "") == "roof")
        assert out.costs.lines[0].quantity == pytest.approx(roof_area)
        works = after.loc[rid, "cost_ttc_eur"] - after.loc[rid, "fees_ttc_eur"]  # the landlord's fees apart
        assert works == pytest.approx(out.costs.cost_ttc, rel=1e-9), rid
        est = rehab.labels.dpe(out.house, DATE)
        assert after.loc[rid, "cep_kwhep_m2"] == pytest.approx(est.cep, rel=1e-9), rid
