"""Tests of rehab.factors: DPE primary-energy and GHG factors by date."""

from __future__ import annotations

import datetime as dt

import pytest

from rehab.errors import InputError, UnknownNameError
from rehab.factors import CARRIERS, ghg_factor, parse_date, primary_energy_factor


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2021-07-01", 2.3),  # arrêté du 31 mars 2021, annexe 3
        ("2025-12-31", 2.3),
        ("2026-01-01", 1.9),  # arrêté du 13 août 2025
        ("2026-12-31", 1.9),
        ("2027-01-01", 1.7),  # arrêté du 19 août 2026
        ("2035-06-01", 1.7),
    ],
)
def test_electricity_pef_by_date(date, expected):
    assert primary_energy_factor("electricity", date) == pytest.approx(expected)


def test_date_types_give_the_same_factor():
    a = primary_energy_factor("electricity", "2026-06-01")
    b = primary_energy_factor("electricity", dt.date(2026, 6, 1))
    c = primary_energy_factor("electricity", dt.datetime(2026, 6, 1, 12, 30))
    assert a == b == c == pytest.approx(1.9)
    assert parse_date(None) == dt.date.today()


@pytest.mark.parametrize("carrier", [c for c in CARRIERS if c != "electricity"])
def test_other_carriers_pef_is_one(carrier):
    for d in ("2022-01-01", "2026-06-01", "2028-01-01"):
        assert primary_energy_factor(carrier, d) == pytest.approx(1.0)


def test_pef_errors():
    with pytest.raises(UnknownNameError, match="electricity"):
        primary_energy_factor("electricty", "2026-01-01")
    with pytest.raises(KeyError):  # UnknownNameError is also a KeyError
        primary_energy_factor("hydrogen", "2026-01-01")
    with pytest.raises(InputError, match="2021-07-01"):
        primary_energy_factor("electricity", "2020-01-01")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        primary_energy_factor("electricity", "next year")


@pytest.mark.parametrize(
    ("carrier", "use", "expected"),
    [
        ("electricity", "heating", 0.079),
        ("electricity", "dhw", 0.065),
        ("electricity", "cooling", 0.064),
        ("electricity", "lighting", 0.069),
        ("electricity", "auxiliaries", 0.064),
        ("natural_gas", "heating", 0.227),
        ("natural_gas", "dhw", 0.227),
        ("fuel_oil", "heating", 0.324),
        ("lpg", "heating", 0.272),
        ("wood_logs", "heating", 0.030),
        ("wood_pellets", "heating", 0.030),
        ("wood_chips", "heating", 0.024),
        ("coal", "dhw", 0.385),
    ],
)
def test_ghg_factors_from_the_arrete(carrier, use, expected):
    assert ghg_factor(carrier, use, "2026-06-01") == pytest.approx(expected)


def test_district_heat_needs_a_user_value():
    with pytest.raises(InputError, match="user_value"):
        ghg_factor("district_heat", "heating", "2026-06-01")
    assert ghg_factor("district_heat", "heating", "2026-06-01", user_value=0.112) == pytest.approx(
        0.112
    )
    with pytest.raises(InputError):
        ghg_factor("natural_gas", "heating", "2026-06-01", user_value=-1.0)
    with pytest.raises(UnknownNameError):
        ghg_factor("natural_gas", "cooking", "2026-06-01")


def test_electric_share_scales_as_23_19_17():
    kwh = 12000.0
    ep = [
        kwh * primary_energy_factor("electricity", d)
        for d in ("2025-06-01", "2026-06-01", "2027-06-01")
    ]
    assert ep[0] / ep[1] == pytest.approx(2.3 / 1.9)
    assert ep[1] / ep[2] == pytest.approx(1.9 / 1.7)
