"""A DPE's declarations carried by the House (rehab.threecl_declared) and read by the 3CL chain."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import rehab
from rehab import dpe, labels, threecl
from rehab.factors import primary_energy_factor
from rehab.threecl_declared import (
    Circulator,
    DHWAuxiliary,
    GeneratorAuxiliary,
    ThreeCLDeclaration,
    applies,
    terms,
)

XML = Path(__file__).resolve().parent / "data" / "dpe" / "xml"
#: three generators, two circulators, a DHW tank in the heated volume, fans, cooling and PV
FULL = "2303E4293288R"
#: ILPA, two generators, a boiler and a circulator
ILPA = "2187E0982378D"


def _rec(rid: str) -> dpe.DPERecord:
    return dpe.read_xml(XML / f"{rid}.xml")


def test_terms_hand_calculation():
    """3CL §15.1: Paux·share/Pn per kWh of need; §15.2 circulator·Nref19/1000; §9.1.1 0.48·q·Nref/8760."""
    clim = threecl.climate("H1a", "below_400")
    nref = float(clim.nref19.sum())
    d = ThreeCLDeclaration(
        generator_auxiliaries=[GeneratorAuxiliary(share=0.6, power_w=58.4, nominal_power_w=24000.0)],
        circulators=[Circulator(levels=1, emitter_code=30, high_temperature=True)],
        dhw_auxiliaries=[DHWAuxiliary(share=1.0, power_w=52.0, nominal_power_w=20000.0, storage_loss_ratio=0.25)],
        fan_kwh=200.0,
        cooling_kwh=90.0,
        pv_self_consumed_kwh=300.0,
    )
    t = terms([d, None], [True, True], [True, True], [True, True], [209.17, 100.0], [90.0, 50.0],
              "H1a", "below_400", clim)
    assert t.aux_per_heating_need[0] == pytest.approx(58.4 * 0.6 / 24000.0, rel=1e-12)
    assert t.aux_per_dhw_need[0] == pytest.approx(52.0 / 20000.0, rel=1e-12)
    # circulator of rehab.dpe.auxiliaries' doctest: 36.2 W (H1 below 400 m: Tbase −9.5 °C)
    assert t.aux_kwh[0] == pytest.approx(200.0 + 36.2 * nref / 1000.0, rel=2e-3)
    assert t.recovered_per_dhw_need[0] == pytest.approx(0.48 * 0.25 * nref / 8760.0, rel=1e-12)
    assert (t.cooling_kwh[0], t.pv_kwh[0]) == (90.0, 300.0)
    assert [t.aux_kwh[1], t.aux_per_heating_need[1], t.cooling_kwh[1]] == [0.0, 0.0, 0.0]
    # parts that do not apply give nothing
    off = terms([d], [False], [False], [False], [209.17], [90.0], "H1a", "below_400", clim)
    assert [off.aux_kwh[0], off.aux_per_heating_need[0], off.aux_per_dhw_need[0], off.recovered_per_dhw_need[0]] == [0.0] * 4
    assert off.cooling_kwh[0] == 90.0  # cooling and PV always apply


def test_applies_rules():
    h = _rec(FULL).house
    d = h.threecl
    assert len(d.heating) == 3 and d.main_heating == h.heating and d.main_dhw == h.dhw
    assert applies(d, h.heating, h.dhw, h.ventilation.system) == (True, True, True)
    assert applies(d, d.heating, d.dhw, "natural") == (True, True, True)
    hp = rehab.systems.heating_system("heat-pump-air-water")
    assert applies(d, hp, h.dhw, "balanced") == (False, True, False)
    assert applies(d, "heat-pump-air-water", "dhw-thermodynamic", "natural") == (False, False, True)
    assert applies(None, h.heating, h.dhw, "natural") == (False, False, False)


@pytest.mark.parametrize("rid", [FULL, ILPA])
def test_labels_dpe_on_the_house_equals_the_explicit_chain(rid):
    """labels.dpe(house) with the declaration equals the chain given every term by hand, as
    DPERecord.estimate did before the House carried them (two passes for the auxiliaries)."""
    rec = _rec(rid)
    date = rec.date
    bare = rec.house.copy_with(threecl=None)
    kw = dict(heating=rec.heating, dhw=rec.dhw, altitude_class=rec.altitude_class, ilpa=rec.ilpa,
              inertia=rec.inertia, cooling_kwh=rec.cooling_kwh)
    first = labels.dpe(bare, date, **kw, auxiliary_kwh=0.0)
    aux = rec.auxiliaries(first.heating_need_kwh, first.dhw_need_kwh, first.details["gv_w_per_k"])
    ref = labels.dpe(bare, date, **kw, auxiliary_kwh=sum(aux.values()),
                     recovered_heat_kwh=rec.recovered_storage_kwh(first.dhw_need_kwh))
    ref_cep = ref.cep - rec.pv_self_consumed_kwh * primary_energy_factor("electricity", date) / rec.house.floor_area
    mine = labels.dpe(rec.house, date)
    assert mine.heating_need_kwh == pytest.approx(ref.heating_need_kwh, rel=1e-12)
    assert mine.cep == pytest.approx(ref_cep, rel=1e-12)
    assert mine.eges == pytest.approx(ref.eges, rel=1e-12)
    assert mine.details["ilpa"] is rec.ilpa
    assert mine.cep == rec.estimate().cep
    if rid == FULL:
        assert rec.pv_self_consumed_kwh > 0 and rec.cooling_kwh > 0 and sum(aux.values()) > 500


def test_replaced_systems_drop_their_declared_part():
    """A new heating system replaces the generators, their shares and auxiliaries; the DHW
    part, ILPA, cooling and PV stay."""
    rec = _rec(ILPA)
    hp = rehab.systems.heating_system("heat-pump-air-water")
    after = rec.house.copy_with(heating=hp)
    a = labels.dpe(after, rec.date)
    assert a.details["heating"] == hp and a.details["ilpa"] is True
    b = labels.dpe(rec.house, rec.date, heating=hp)
    assert a.cep == pytest.approx(b.cep, rel=1e-12)
    # the same without the heating part: the explicit chain with the declared DHW and ILPA
    c = labels.dpe(rec.house.copy_with(threecl=None, heating=hp), rec.date, dhw=rec.dhw, ilpa=True)
    first = labels.dpe(rec.house.copy_with(threecl=None, heating=hp), rec.date, dhw=rec.dhw, ilpa=True,
                       auxiliary_kwh=0.0)
    dhw_aux = rec.auxiliaries(first.heating_need_kwh, first.dhw_need_kwh, 1.0)["generation_dhw"]
    rec_heat = rec.recovered_storage_kwh(first.dhw_need_kwh)
    assert a.heating_need_kwh == pytest.approx(first.heating_need_kwh - rec_heat, rel=1e-9)
    assert a.delivered_kwh[("electricity", "auxiliaries")] == pytest.approx(
        c.delivered_kwh.get(("electricity", "auxiliaries"), 0.0) + dhw_aux, rel=1e-9)


def test_archetype_without_declaration_unchanged():
    h = rehab.archetypes.get("coron-mid-terrace")
    assert h.threecl is None
    e = labels.dpe(h, "2026-06-01")
    assert e.details["ilpa"] is False
    assert e.cep == labels.dpe(h, "2026-06-01", ilpa=False, cooling_kwh=0.0, recovered_heat_kwh=0.0).cep


def test_declaration_survives_json_and_copies():
    h = _rec(FULL).house
    back = rehab.House.model_validate_json(h.model_dump_json())
    assert back.threecl == h.threecl
    assert labels.dpe(back, "2025-01-01").cep == labels.dpe(h, "2025-01-01").cep
    moved = h.copy_with(name="x")
    assert labels.dpe(moved, "2025-01-01").cep == labels.dpe(h, "2025-01-01").cep


def test_bad_declaration_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="nominal_power_w"):
        GeneratorAuxiliary(share=0.5, power_w=50.0, nominal_power_w=0.0)
    with pytest.raises(ValueError, match="share"):
        DHWAuxiliary(share=1.5)


def test_batch_terms_equal_one_by_one():
    recs = [_rec(FULL), _rec(ILPA)]
    clim = threecl.climate("H1a", "below_400")
    decls = [r.house.threecl for r in recs]
    both = terms(decls, [True, True], [True, True], [True, True], [300.0, 150.0], [100.0, 80.0],
                 "H1a", "below_400", clim)
    for i, d in enumerate(decls):
        one = terms([d], [True], [True], [True], [[300.0, 150.0][i]], [[100.0, 80.0][i]], "H1a", "below_400", clim)
        assert np.allclose([one.aux_kwh[0], one.aux_per_heating_need[0], one.recovered_per_dhw_need[0]],
                           [both.aux_kwh[i], both.aux_per_heating_need[i], both.recovered_per_dhw_need[i]])
