"""Notebook display: short HTML summaries of House, SimulationResult, the DPE estimate and ProgrammeResult."""

from __future__ import annotations

import pytest

import rehab
from rehab.programme import Programme


@pytest.fixture(scope="module")
def house():
    return rehab.archetypes.get("coron-mid-terrace")


def test_house_summary_is_short_and_holds_the_figures(house):
    html = house._repr_html_()
    hl = house.heat_loss()
    assert len(html) < 4000
    assert f"H_tr {hl.h_tr:.1f} W/K" in html and f"{house.floor_area:.1f} m²" in html
    assert html.count("</tr>") == len(hl.elements) + 1  # one row per element, and the header


def test_house_repr_is_one_informative_line(house):
    text = repr(house)
    assert "\n" not in text and len(text) < 300  # was 8.4 kB of nested fields
    u = house.u_summary()
    wall = [e for e in house.elements if e.kind == "wall" and e.boundary == "exterior"]
    assert u["wall"] == pytest.approx(sum(e.area * e.u for e in wall) / sum(e.area for e in wall))
    assert f"wall {u['wall']:.2f}" in text and f"{house.floor_area:.1f} m²" in text
    assert "heating gas-boiler-old" in text and str(house) == text


def test_result_reprs_are_one_line(house):
    r = rehab.simulate(house, method="monthly")
    assert repr(r) == (
        f"SimulationResult(monthly, 'coron-mid-terrace', heating need {r.heating_need_kwh:.0f} "
        f"kWh/yr ({r.heating_need_kwh_per_m2:.1f} kWh/(m²·yr)))"
    )
    d = rehab.labels.dpe(house, date="2026-06-01")
    assert repr(d).startswith(f"DPEEstimate(class {d.label}, ") and len(repr(d)) < 200


def test_simulation_result_summary(house):
    r = rehab.simulate([house, house], method="monthly")
    html = r._repr_html_()
    assert "monthly, 2 house(s)" in html
    assert f"{round(float(r.heating_need_kwh[0]), 1)}" in html
    assert "peak_heating_w" not in html  # NaN for the monthly method: left out


def test_dpe_estimate_summary(house):
    d = rehab.labels.dpe(house, date="2026-06-01")
    html = d._repr_html_()
    assert f">{d.label}</span>" in html and f"Cep {d.cep:.0f}" in html
    assert "not a certified DPE" in html


def test_programme_result_summary():
    t = rehab.stock.demo().table.iloc[::70].reset_index(drop=True)
    r = Programme(rehab.stock.Stock(table=t, source="x"), ["attic-only"]).run(progress=False)
    html = r._repr_html_()
    assert f"{len(t)} houses × 2 scenarios" in html
    base = r.table[r.table["scenario"] == "baseline"]
    assert f"{base['co2_kg'].sum() / 1e3:.1f}" in html
    assert repr(r) == (
        f"ProgrammeResult({len(t)} houses × 2 scenarios ['baseline', 'attic-only'], "
        f"{2 * len(t)} rows, 0 refused row(s))"
    )
