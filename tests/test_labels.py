"""Tests of rehab.labels: DPE estimate, BBC flags, rental-ban status."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import rehab
from rehab import House, labels, systems, threecl
from rehab.errors import InputError, UnknownNameError


def small_house(area: float = 60.0, **kw) -> House:
    return House.from_elements(
        name="test",
        floor_area=area,
        elements=[
            {"type": "opaque", "kind": "wall", "area": 80, "u_value": 2.0, "azimuth": 180},
            {
                "type": "window",
                "area": 6,
                "u_value": 4.9,
                "azimuth": 180,
                "g_value": 0.6,
                "frame_fraction": 0.0,
            },
            {
                "type": "opaque",
                "kind": "ceiling",
                "area": area,
                "u_value": 2.0,
                "boundary": "unheated",
                "b": 0.9,
            },
            {"type": "opaque", "kind": "floor", "area": area, "u_value": 0.8, "boundary": "ground"},
        ],
        thermal_bridges=10.0,
        ventilation={"h_ventilation": 30, "h_infiltration": 40},
        thermal_mass="heavy",
        **kw,
    )


def test_estimate_says_what_it_is():
    d = labels.dpe(small_house(), "2026-06-01", heating="gas-boiler-old", dhw="dhw-gas-boiler")
    assert d.note == "Estimate with 3CL conventions, not a certified DPE."
    assert "not a certified DPE" in str(d)
    assert d.mode == "conventional"
    assert "not a certified DPE" in labels.dpe.__doc__
    assert d.zone == "H1a" and d.date == dt.date(2026, 6, 1)


def test_chain_need_delivered_primary_by_hand():
    h = small_house()
    d = labels.dpe(h, "2026-06-01", heating="direct-electric", dhw="dhw-electric-tank")
    c = threecl.climate("H1a")
    gv = h.heat_loss().h_total
    c1 = threecl.orientation_coefficients("H1a", ["south"])
    sse = threecl.south_equivalent_area([6.0], [0.6], c1)
    need = threecl.heating_need(gv, 60.0, sse, c, "heavy")
    assert d.heating_need_kwh == pytest.approx(need.sum())
    intermittence = threecl.intermittence_factor(0.84, gv, 60.0, 2.5)
    heating = need.sum() * intermittence / (0.97 * 1.0 * 0.99)
    dhw = threecl.dhw_need(60.0, c).sum() / 0.93 + 709.0
    light = 0.9 * 1.4 * 1500 * 60 / 1000
    total = heating + dhw + light
    assert d.delivered_kwh[("electricity", "heating")] == pytest.approx(heating)
    assert d.final_energy_m2 == pytest.approx(total / 60.0)
    assert d.cep == pytest.approx(1.9 * total / 60.0)  # PEF 1.9 in 2026
    eges = (0.079 * heating + 0.065 * dhw + 0.069 * light) / 60.0
    assert d.eges == pytest.approx(eges)


def test_electric_house_scales_with_the_pef_dates():
    h = small_house()
    cep = [
        labels.dpe(h, d, heating="direct-electric", dhw="dhw-electric-tank").cep
        for d in ("2025-06-01", "2026-06-01", "2027-06-01")
    ]
    assert cep[0] / cep[1] == pytest.approx(2.3 / 1.9)
    assert cep[1] / cep[2] == pytest.approx(1.9 / 1.7)


def test_archetype_default_systems_and_missing_system():
    h = rehab.archetypes.get("coron-mid-terrace")
    d = labels.dpe(h, "2026-06-01")
    assert ("natural_gas", "heating") in d.delivered_kwh
    assert d.label in ("E", "F", "G")
    with pytest.raises(InputError, match="heating="):
        labels.dpe(small_house(), "2026-06-01")


def test_flags_and_bbc_2009_limit():
    assert labels.bbc_effinergie_2009_limit("H1a") == pytest.approx(80 * 1.3)  # 104
    assert labels.bbc_effinergie_2009_limit("H1a", "400_800") == pytest.approx(80 * 1.4)
    h = House.from_elements(
        floor_area=100,
        elements=[
            {"type": "opaque", "kind": "wall", "area": 100, "u_value": 0.15, "azimuth": 180},
            {"type": "window", "area": 15, "u_value": 0.8, "azimuth": 180, "g_value": 0.5},
            {"type": "opaque", "kind": "roof", "area": 100, "u_value": 0.1},
            {"type": "opaque", "kind": "floor", "area": 100, "u_value": 0.15, "boundary": "ground"},
        ],
        thermal_bridges=5.0,
        ventilation={"h_ventilation": 10, "h_infiltration": 5},
        thermal_mass="medium",
    )
    d = labels.dpe(h, "2026-06-01", heating="heat-pump-air-water", dhw="dhw-thermodynamic")
    assert d.label in ("A", "B")
    assert d.flags["bbc_renovation_2024"] and d.flags["bbc_renovation_2024_first_step"]
    assert d.flags["bbc_effinergie_renovation_2009"] == (d.cep <= 104.0)
    bad = labels.dpe(small_house(), "2026-06-01", heating="gas-boiler-old", dhw="dhw-gas-boiler")
    assert not bad.flags["bbc_renovation_2024"] and not bad.flags["bbc_renovation_2024_first_step"]


def test_small_dwelling_flag():
    d = labels.dpe(
        small_house(30.0), "2026-06-01", heating="direct-electric", dhw="dhw-electric-tank"
    )
    assert d.small_dwelling
    assert d.label == threecl.dpe_class(d.cep, d.eges, area=30.0, date="2026-06-01")
    old = labels.dpe(
        small_house(30.0), "2024-06-01", heating="direct-electric", dhw="dhw-electric-tank"
    )
    assert not old.small_dwelling


@pytest.mark.parametrize(
    ("label", "date", "allowed", "deadline"),
    [
        ("G", "2024-12-31", True, "2025-01-01"),
        ("G", "2025-01-01", False, None),
        ("F", "2027-12-31", True, "2028-01-01"),
        ("F", "2028-01-01", False, None),
        ("E", "2030-01-01", True, "2034-01-01"),
        ("E", "2034-01-01", False, None),
        ("D", "2040-01-01", True, None),
    ],
)
def test_rental_ban_calendar(label, date, allowed, deadline):
    s = labels.rental_status(label, 200.0, date)
    assert s.allowed is allowed
    assert (s.deadline.isoformat() if s.deadline else None) == deadline


def test_rental_decency_450_and_freeze():
    s = labels.rental_status("G", 500.0, "2023-06-01")
    assert not s.allowed and s.banned_since == dt.date(2023, 1, 1) and "450" in s.reason
    assert labels.rental_status("G", 400.0, "2023-06-01").allowed
    assert labels.rental_status("F", 300.0, "2023-01-01").rent_freeze
    assert not labels.rental_status("F", 300.0, "2022-01-01").rent_freeze
    with pytest.raises(UnknownNameError):
        labels.rental_status("H", 100.0, "2026-01-01")


def test_list_of_houses_and_zone_choice():
    hs = [small_house(60.0), small_house(80.0)]
    out = labels.dpe(hs, "2026-06-01", heating="gas-boiler-condensing", dhw="dhw-gas-boiler")
    assert len(out) == 2 and out[0].cep != out[1].cep
    h3 = labels.dpe(
        hs[0], "2026-06-01", zone="H3", heating="gas-boiler-condensing", dhw="dhw-gas-boiler"
    )
    assert h3.zone == "H3" and h3.heating_need_kwh < out[0].heating_need_kwh


def test_district_heat_needs_its_factor():
    with pytest.raises(InputError, match="user_value"):
        labels.dpe(small_house(), "2026-06-01", heating="district-heat", dhw="dhw-electric-tank")
    d = labels.dpe(
        small_house(),
        "2026-06-01",
        heating="district-heat",
        dhw="dhw-electric-tank",
        district_heat_factor=0.1,
    )
    assert d.eges > 0


def test_declared_auxiliaries_and_shares():
    h = small_house()
    heating = [
        (systems.heating_system("gas-boiler-old"), 0.75),
        (systems.heating_system("wood-log-stove"), 0.25),
    ]
    d = labels.dpe(h, "2026-06-01", heating=heating, dhw="dhw-gas-boiler", auxiliary_kwh=123.0)
    assert d.delivered_kwh[("electricity", "auxiliaries")] == pytest.approx(123.0)
    assert ("wood_logs", "heating") in d.delivered_kwh
    assert np.all(d.heating_need_monthly_kwh >= 0)
