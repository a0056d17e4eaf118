"""Ventilation and infiltration."""

import pytest

from rehab.errors import ModelValidationError
from rehab.ventilation import Ventilation, infiltration_flow, ventilation_conductance


def test_conductance_is_rho_c_q():
    # 1200 J/(m³K) × 180 m³/h / 3600 s/h = 60 W/K
    assert float(ventilation_conductance(180)) == pytest.approx(60.0)


def test_infiltration_shielding_table():
    # e = 0.10 unshielded, several façades: 150 m³ × 8 h⁻¹ × 0.10
    assert float(infiltration_flow(8, 150, "none", "several")) == pytest.approx(120.0)
    assert float(infiltration_flow(8, 150, "heavy", "one")) == pytest.approx(12.0)


def test_extract_imbalance_reduces_infiltration_but_total_rises():
    q0 = float(infiltration_flow(10, 200))
    q1 = float(infiltration_flow(10, 200, extract_flow=90))
    assert q1 < q0 and q1 + 90 > q0


def test_heat_recovery_reduces_h_ve():
    plain = Ventilation(system="balanced", flow=100, n50=1.0)
    hr = Ventilation(system="balanced", flow=100, n50=1.0, heat_recovery=0.8)
    hv0, _ = plain.conductances(80, 200)
    hv1, _ = hr.conductances(80, 200)
    assert hv1 == pytest.approx(0.2 * hv0)


def test_default_flows_by_system():
    v = Ventilation(system="extract_hygro")
    # 3CL Qvarep hygro B 1.09 m³/(h·m²) × 80 m²
    assert v.system_flow(80) == pytest.approx(87.2)


def test_declared_conductances_override():
    v = Ventilation(h_ventilation=17.34, h_infiltration=46.6)
    assert v.conductances(42.5, 106) == (17.34, 46.6)


def test_bad_ventilation_input():
    with pytest.raises(ModelValidationError, match="heat_recovery"):
        Ventilation(system="extract", heat_recovery=0.8)
    with pytest.raises(ModelValidationError, match="n50"):
        Ventilation(n50="3 m")
    with pytest.raises(ModelValidationError, match="system"):
        Ventilation(system="magic")


def test_natural_duct_ventilation_reduces_infiltration_like_an_extract():
    """3CL §4: natural ventilation by ducts extracts 2.23 m³/(h·m²) with no supply (Qvasouf 0),
    so the imbalance term applies; window airing is balanced (1.2 / 1.2)."""
    from rehab.ventilation import Ventilation, infiltration_flow

    area, volume, n50 = 80.0, 200.0, 9.0
    q_sys = 2.23 * area
    _, h_inf = Ventilation(system="natural", n50=n50).conductances(area, volume)
    vn = volume * n50
    expected = vn * 0.07 / (1 + (15 / 0.07) * (q_sys / vn) ** 2) * 1200 / 3600
    assert h_inf == pytest.approx(expected)
    assert h_inf == pytest.approx(float(infiltration_flow(n50, volume, extract_flow=q_sys)) / 3)
    _, h_window = Ventilation(system="window", n50=n50).conductances(area, volume)
    assert h_window == pytest.approx(vn * 0.07 / 3)
    assert h_inf < h_window
