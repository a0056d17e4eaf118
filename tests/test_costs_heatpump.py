"""Heat pumps priced by nominal power sized on the design heat load (rehab.costs_heatpump)."""

import numpy as np
import pytest

import rehab
from rehab import costs, packages
from rehab.assessment import assess
from rehab.costs_heatpump import (
    MIN_POWER_KW,
    base_temperature_c,
    design_heat_load_w,
    heat_pump_power_kw,
    house_heat_pump_power_kw,
)
from rehab.errors import InputError


def test_base_temperatures_are_the_3cl_ones():
    # 3CL-DPE 2021 Tbase: H1 -9.5 / -11.5 / -13.5 °C below 400 m / 400-800 m / above 800 m
    assert base_temperature_c("H1a", 50.0) == -9.5
    assert base_temperature_c("H1b", 400.0) == -11.5
    assert base_temperature_c("H3", 1200.0) == -7.5
    np.testing.assert_allclose(base_temperature_c(["H1a", "H2b"], [10.0, 10.0]), [-9.5, -6.5])


def test_design_heat_load_by_hand():
    # 250 W/K x (20 - (-9.5)) K = 7,375 W; in H2 below 400 m: 250 x 26.5 = 6,625 W
    assert design_heat_load_w(250.0, "H1a", 50.0) == pytest.approx(7375.0)
    assert design_heat_load_w(250.0, "H2c", 50.0) == pytest.approx(6625.0)
    # below the smallest unit: 3.5 kW
    assert heat_pump_power_kw(80.0, "H1a", 50.0) == MIN_POWER_KW


def test_price_curve_by_hand():
    # 3,300 + 1,070 x P EUR TTC 2024: 7,045 at 3.5 kW, 14,000 at 10 kW, 20,420 at 16 kW
    def price(p):
        return costs.cost("heat_pump_air_water", 1, year=2024) + costs.cost("heat_pump_air_water_power", p, year=2024)

    assert [round(price(p)) for p in (3.5, 10.0, 16.0)] == [7045, 14000, 20420]


def test_bad_input_is_named():
    with pytest.raises(InputError, match="zone: 'H9'"):
        base_temperature_c("H9", 0.0)
    with pytest.raises(InputError, match="h_w_k"):
        design_heat_load_w(-1.0, "H1a", 0.0)


def test_archetype_sizes():
    h = rehab.archetypes.get("castors-detached")
    assert house_heat_pump_power_kw(h) == pytest.approx(h.heat_loss().h_total * 29.5 / 1000.0)
    assert 11.0 < house_heat_pump_power_kw(h) < 12.5


def test_package_sizes_the_heat_pump_after_the_whole_package():
    coron = rehab.archetypes.get("coron-mid-terrace")
    out = packages.get("bbc-renovation").run(coron)
    line = next(ln for ln in out.costs.lines if ln.item == "heat_pump_air_water_power")
    assert line.quantity == pytest.approx(house_heat_pump_power_kw(out.house))
    alone = packages.get("heat-pump-only").run(coron)
    big = next(ln for ln in alone.costs.lines if ln.item == "heat_pump_air_water_power")
    assert big.quantity == pytest.approx(house_heat_pump_power_kw(coron))
    assert line.quantity < big.quantity


def test_programme_engine_prices_the_same_heat_pump():
    coron = rehab.archetypes.get("coron-mid-terrace")
    t = assess(coron, ["heat-pump-only", "bbc-renovation"])
    for s in ("heat-pump-only", "bbc-renovation"):
        out = packages.get(s).run(coron, rules=["france"], date="2026-06-01")
        # the table's cost comes from the columnar engine (rehab.scenarios), the lines from Package.run
        assert t.loc[s, "cost_ttc_eur"] - t.loc[s, "fees_ttc_eur"] == pytest.approx(out.costs.cost_ttc), s
