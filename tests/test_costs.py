"""Tests of rehab.costs: catalogue values with their sources, VAT, BT01 indexing."""

from __future__ import annotations

import numpy as np
import pytest

from rehab import costs
from rehab.errors import InputError, UnitError, UnknownNameError


def test_catalogue_has_the_required_ids_with_sources_and_years():
    required = {
        "ite_wall",
        "iti_wall_glass_wool",
        "iti_wall_wood_fibre",
        "iti_wall_hemp_lime",
        "iti_wall_calcium_silicate",
        "attic_floor_blown",
        "attic_floor_cellulose",
        "roof_slopes_inside",
        "roof_slopes_outside",
        "floor_underside",
        "floor_under_screed",
        "windows_double_pvc",
        "windows_double_wood",
        "windows_triple",
        "door_insulated",
        "airtightness_works",
        "vmc_hygro_b",
        "vmc_double_flux",
        "heat_pump_air_water",
        "heat_pump_ground",
        "gas_boiler_condensing",
        "wood_pellet_boiler",
        "wood_log_stove",
        "thermodynamic_water_heater",
        "electric_water_heater",
        "solar_water_heater",
        "pv_per_kwp",
        "audit",
        "project_management",
    }
    assert required <= set(costs.names())
    for uc in costs.unit_costs():
        assert uc.source.strip(), uc.id
        assert 2010 <= uc.price_year <= 2026, uc.id
        assert uc.confidence in {"H", "M", "L"}
        assert uc.vat_rate in {0.055, 0.10, 0.20}, uc.id
        assert uc.vat_article.startswith("CGI"), uc.id
        if uc.source == "assumption":
            assert uc.confidence == "L" and uc.note, f"{uc.id}: an assumption needs its reasoning"


@pytest.mark.parametrize(
    ("id_", "value", "year"),
    [
        # france.md section 5, "Je Rénove BBC" invoiced costs (batiactu, c. 2018), EUR HT
        ("ite_wall", 108.0, 2018),
        ("iti_wall_glass_wool", 71.0, 2018),
        ("roof_slopes_inside", 79.0, 2018),
        ("roof_slopes_outside", 193.0, 2018),
        ("floor_underside", 43.0, 2018),
        ("floor_under_screed", 28.0, 2018),
        ("windows_double_pvc", 541.0, 2018),
        ("windows_triple", 624.0, 2018),
    ],
)
def test_jrbbc_figures_ht_in_their_year(id_, value, year):
    uc = costs.unit_cost(id_)
    assert uc.ht_or_ttc == "HT"
    assert uc.price_year == year
    assert costs.cost(id_, 1.0, year=year, include_vat=False) == pytest.approx(value)


def test_energy_renovation_vat_is_5_5_percent_cgi_278_0_bis_a():
    uc = costs.unit_cost("ite_wall")
    assert uc.vat_rate == pytest.approx(0.055)
    assert "278-0 bis A" in uc.vat_article
    # 100 m2 x 108 EUR HT x 1.055 = 11,394 EUR TTC in 2018 euros
    assert costs.cost("ite_wall", 100, year=2018) == pytest.approx(100 * 108 * 1.055)


def test_gas_boiler_vat_is_20_percent_since_march_2025():
    uc = costs.unit_cost("gas_boiler_condensing")
    assert uc.vat_rate == pytest.approx(0.20)
    assert "278" in uc.vat_article and "2025-03-01" in uc.vat_article
    # the CIRED 6,000 EUR read as TTC at the former 10 %: 5,455 EUR HT, 6,546 EUR TTC now
    assert costs.cost("gas_boiler_condensing", 1, year=2017) == pytest.approx(5455 * 1.20)
    assert costs.unit_cost("audit").vat_rate == pytest.approx(0.20)


def test_pv_vat_is_5_5_percent_up_to_9_kwp_since_october_2025():
    uc = costs.unit_cost("pv_per_kwp")
    assert uc.vat_rate == pytest.approx(0.055) and uc.ht_or_ttc == "HT"
    assert "9 kWp" in uc.vat_article and "2025-10-01" in uc.vat_article


def test_attic_at_market_price():
    # 30 EUR TTC/m2 (2024, blown wool 30 cm, 15-35 EUR/m2 in the market); was 47 EUR HT (2018)
    uc = costs.unit_cost("attic_floor_blown")
    assert (uc.variable_eur_per_unit, uc.ht_or_ttc, uc.price_year) == (30.0, "TTC", 2024)
    assert costs.cost("attic_floor_blown", 1, year=2024) == pytest.approx(30.0)


def test_ttc_rows_are_converted_to_ht_once():
    # heat pump fixed part: 3,300 EUR TTC (2024) at 5.5 % -> 3,127.96 HT; per kW 1,070 TTC -> 1,014.22 HT
    assert costs.cost("heat_pump_air_water", 1, year=2024, include_vat=False) == pytest.approx(3300 / 1.055)
    assert costs.cost("heat_pump_air_water", 1, year=2024) == pytest.approx(3300.0)
    assert costs.cost("heat_pump_air_water_power", 8, year=2024, include_vat=False) == pytest.approx(
        8 * 1070 / 1.055
    )


def test_bt01_annual_means_and_indexing():
    # mean of the 12 monthly 2018 values (108.0 ... 109.7) = 109.07; 2024: 131.22
    assert costs.bt01(2018) == pytest.approx(109.07)
    assert costs.bt01(2024) == pytest.approx(131.22)
    assert costs.bt01(2010) == pytest.approx(100.0)
    # 2018 -> 2024: 108 EUR/m2 x 131.22 / 109.07
    assert costs.cost("ite_wall", 1, year=2024, include_vat=False) == pytest.approx(
        108 * 131.22 / 109.07
    )
    # a date string indexes to its year
    assert costs.cost("ite_wall", 1, year="2024-05-01", include_vat=False) == pytest.approx(
        108 * 131.22 / 109.07
    )


def test_bt01_extrapolation_uses_last_two_years_growth():
    g = (132.95 / 130.12) ** 0.5 - 1
    assert costs.bt01(2026) == pytest.approx(132.95 * (1 + g))
    assert costs.bt01(2028) == pytest.approx(132.95 * (1 + g) ** 3)
    # 2011 is missing inside the table: linear interpolation
    assert costs.bt01(2011) == pytest.approx((100.0 + 105.56) / 2)
    with pytest.raises(InputError, match="2010"):
        costs.bt01(2005)


def test_fixed_part_only_when_quantity_positive_and_arrays():
    # airtightness: 600 EUR HT fixed + 12 EUR HT/m2 (2023)
    out = costs.cost("airtightness_works", [0.0, 80.0], year=2023, include_vat=False)
    np.testing.assert_allclose(out, [0.0, 600 + 12 * 80])


def test_pint_quantities_and_units():
    a = costs.cost("attic_floor_blown", "5000 dm**2", year=2024, include_vat=False)
    assert a == pytest.approx(50 * 30 / 1.055)
    pv = costs.cost("pv_per_kwp", "3000 W", year=2025, include_vat=False)
    assert pv == pytest.approx(3 * 2500)
    with pytest.raises(UnitError):
        costs.cost("attic_floor_blown", "3 m", year=2018)
    with pytest.raises(UnitError):
        costs.cost("attic_floor_blown", -1.0)


def test_thickness_scaling():
    # blown attic: ref 0.30 m, +0.25 EUR/m2 per cm (TTC like the row): 40 cm -> 30 + 2.5 TTC
    assert costs.cost("attic_floor_blown", 1, year=2024, thickness="40 cm") == pytest.approx(32.5)
    thick = costs.cost("attic_floor_blown", 1, year=2024, thickness=[0.2, 0.4])
    np.testing.assert_allclose(thick, [27.5, 32.5])
    with pytest.raises(InputError, match="reference insulation thickness"):
        costs.cost("heat_pump_air_water", 1, thickness=0.1)


def test_project_management_share_not_indexed():
    # 13 % of 50,000 EUR of works HT (Je Rénove BBC sample; 8 % in rehab 0.1), plus 20 % VAT
    assert costs.cost("project_management", 50000, year=2030) == pytest.approx(50000 * 0.13 * 1.2)


def test_vat_override_and_errors():
    assert costs.cost("ite_wall", 1, year=2018, vat_rate=0.10) == pytest.approx(108 * 1.10)
    with pytest.raises(InputError):
        costs.cost("ite_wall", 1, vat_rate=1.5)
    with pytest.raises(UnknownNameError) as err:
        costs.unit_cost("ite_walls")
    assert "ite_wall" in str(err.value)
    with pytest.raises(KeyError):  # UnknownNameError is also a KeyError
        costs.cost("nope", 1)


def test_study_year_parsing():
    import datetime as dt

    assert costs.study_year(dt.date(2027, 1, 2)) == 2027
    assert costs.study_year("2026") == 2026
    with pytest.raises(InputError):
        costs.study_year("next year")
    with pytest.raises(InputError):
        costs.study_year(True)


def test_lifetimes_present_for_replaceable_components():
    for uc in costs.unit_costs():
        if uc.measure_kind in {"audit", "management", "reference"}:
            assert uc.lifetime_years is None
        else:
            assert uc.lifetime_years is not None and 10 <= uc.lifetime_years <= 50, uc.id


def test_rows_cannot_be_changed_in_place():
    from rehab.errors import ModelValidationError

    uc = costs.unit_cost("ite_wall")
    with pytest.raises(ModelValidationError):
        uc.variable_eur_per_unit = 1.0
    changed = uc.copy_with(variable_eur_per_unit=1.0)
    assert changed.variable_eur_per_unit == pytest.approx(1.0)
    assert costs.unit_cost("ite_wall").variable_eur_per_unit == pytest.approx(108.0)


def test_price_terms_give_cost_in_its_order():
    from rehab.costs import cost, price_terms

    q = np.array([0.0, 12.5, 40.0])
    for item, th in (("attic_floor_blown", 0.4), ("heat_pump_air_water_power", None), ("windows_double_pvc", None)):
        fixed, variable, factor, rate = price_terms(item, year=2027, thickness=th)
        ht = np.where(q > 0, fixed, 0.0) + variable * q
        ht = ht * factor if factor is not None else ht
        np.testing.assert_array_equal(ht, cost(item, q, year=2027, include_vat=False, thickness=th))
        np.testing.assert_array_equal(ht * (1.0 + rate), cost(item, q, year=2027, thickness=th))
