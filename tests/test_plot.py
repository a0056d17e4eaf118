"""rehab.plot: every chart draws on the Axes it is given, returns it, and shows the real numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import rehab
from rehab import plot
from rehab.errors import InputError


@pytest.fixture(scope="module")
def house():
    return rehab.archetypes.get("coron-mid-terrace")


@pytest.fixture(scope="module")
def hourly(house):
    return rehab.simulate(house, hourly=True)


def _ax():
    return Figure(figsize=(6, 3)).add_subplot()


def _heights(ax):
    return np.array([p.get_height() for p in ax.patches])


def test_monthly_need_bars_add_up_to_the_monthly_method(house):
    ax = _ax()
    assert plot.monthly_need(house, ax=ax) is ax
    n = len(ax.patches) // 3
    assert n == 12
    need = _heights(ax)[24:36]
    expected = rehab.simulate(house, method="monthly").heating_need_kwh
    assert need.sum() == pytest.approx(expected, rel=1e-9)
    # the heat transfer outline holds the utilised gains plus the need (ISO 13790 eq. 5)
    ht, used = _heights(ax)[:12], _heights(ax)[12:24]
    assert used + need == pytest.approx(np.maximum(ht, need))


def test_monthly_need_of_a_result_and_in_french(house):
    r = rehab.simulate(house, method="monthly")
    ax = plot.monthly_need(r, ax=_ax(), lang="fr")
    assert _heights(ax).sum() == pytest.approx(r.heating_need_kwh)
    assert ax.get_ylabel() == "énergie [kWh/mois]"
    assert next(t.get_text() for t in ax.get_xticklabels()) == "janv."


def test_load_duration_area_is_the_heating_need(hourly):
    ax = plot.load_duration(hourly, ax=_ax())
    _x, y = ax.lines[0].get_data()
    assert np.all(np.diff(y) <= 0)  # sorted, largest first
    assert y.sum() == pytest.approx(hourly.heating_need_kwh, rel=1e-6)  # kW x 1 h each
    assert y[0] * 1e3 == pytest.approx(hourly.peak_heating_w)


def test_hourly_temperatures_and_frame(hourly):
    w = rehab.weather.default()
    frame = hourly.hourly_frame(w)
    assert isinstance(frame.index, pd.DatetimeIndex) and len(frame) == 8760
    assert frame["theta_e_c"].to_numpy() == pytest.approx(w.data["temp_air"].to_numpy())
    assert frame["theta_air_c"].min() == pytest.approx(hourly.theta_air_min_c)
    ax = plot.hourly_temperatures(hourly, w, ax=_ax())
    assert len(ax.lines) == 3
    assert ax.lines[1].get_ydata() == pytest.approx(frame["theta_air_c"].to_numpy())
    naive = hourly.hourly_frame()
    assert naive.index[0] == pd.Timestamp("2001-01-01") and "theta_e_c" not in naive


def test_hourly_charts_need_hourly_series(house):
    r = rehab.simulate(house)
    with pytest.raises(InputError, match="hourly=True"):
        plot.load_duration(r, ax=_ax())
    with pytest.raises(InputError, match="hourly=True"):
        plot.hourly_temperatures(r, ax=_ax())


def test_heat_loss_bars_sum_to_h(house):
    ax = plot.heat_loss(house, ax=_ax())
    widths = np.array([p.get_width() for p in ax.patches])
    hl = house.heat_loss()
    assert widths.sum() == pytest.approx(hl.h_total)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "walls"  # the largest loss of an uninsulated coron
    assert "air (ventilation and infiltration)" in labels


def _outcomes():
    return pd.DataFrame(
        {
            "house_id": ["a", "b", "c", "d"],
            "scenario": ["bbc", "attic", "baseline", "bbc"],
            "owner": ["social_landlord", "owner_occupier", "owner_occupier", "social_landlord"],
            "net_cost_eur": [30_000.0, 5_000.0, 0.0, 20_000.0],
            "savings_eur": [900.0, 300.0, 0.0, 800.0],
            "co2_saved_kg": [2_000.0, 500.0, 0.0, 1_500.0],
            "co2_abatement_eur_t": [300.0, -50.0, np.nan, 100.0],
        }
    )


def test_dpe_classes_bars_are_the_distribution():
    dist = pd.DataFrame(
        {"before": [0, 0, 1, 2, 5, 3, 4], "after": [2, 6, 5, 1, 1, 0, 0]},
        index=pd.Index(list("ABCDEFG"), name="class"),
    )
    ax = plot.dpe_classes(dist, ax=_ax(), lang="fr")
    h = _heights(ax)
    assert list(h[:7]) == [0, 0, 1, 2, 5, 3, 4] and list(h[7:]) == [2, 6, 5, 1, 1, 0, 0]
    assert ax.get_xlabel() == "classe DPE"


def test_cost_savings_one_point_per_house_with_works():
    ax = plot.cost_savings(_outcomes(), ax=_ax())
    pts = np.concatenate([c.get_offsets() for c in ax.collections])
    assert len(pts) == 3
    assert sorted(pts[:, 0]) == pytest.approx([5.0, 20.0, 30.0])  # k€


def test_abatement_curve_cheapest_first_widths_are_tonnes():
    ax = plot.abatement_curve(_outcomes(), ax=_ax())
    bars = ax.patches
    assert [b.get_height() for b in bars] == [-50.0, 100.0, 300.0]
    assert [b.get_width() for b in bars] == pytest.approx([0.5, 1.5, 2.0])
    assert bars[1].get_x() == pytest.approx(0.5)


def test_bills_bars_are_the_breakdown_per_house():
    b = pd.DataFrame(
        {
            "before_eur_per_house": [1200.0, 130.0, 0.0, 530.0, 0.0, 1860.0],
            "after_eur_per_house": [60.0, 135.0, 0.0, 240.0, -150.0, 285.0],
        },
        index=pd.Index(["heating", "dhw", "cooling", "subscriptions", "pv", "total"], name="use"),
    )
    ax = _ax()
    assert plot.bills(b, ax=ax, lang="fr") is ax
    widths = sorted(p.get_width() for p in ax.patches)
    # cooling (zero before and after) and the total are left out: 4 parts x (before, after)
    assert widths == sorted([1200.0, 130.0, 530.0, 0.0, 60.0, 135.0, 240.0, -150.0])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["crédit photovoltaïque", "abonnements", "eau chaude sanitaire", "chauffage"]
    assert ax.get_xlabel() == "facture d'énergie par logement [€/an]"


def test_phasing_and_cashflows():
    yearly = pd.DataFrame({"year": [2027, 2028], "budget_eur": [1e6, 1e6], "houses": [3, 2]})
    schedule = pd.DataFrame(
        {"year": [2027, 2027, 2028], "net_cost_eur": [2e5, 1e5, 3e5], "subsidies_eur": [5e4, 5e4, 1e5]}
    )
    fig = Figure(layout="constrained")
    ax = plot.phasing(yearly, schedule, ax=fig.add_subplot())
    h = _heights(ax)
    assert h == pytest.approx([0.3, 0.3, 0.1, 0.1])  # M€: net then grants per year
    cf = pd.DataFrame(
        {
            "year": [2027, 2028, 2027, 2028],
            "party": ["social_landlord", "social_landlord", "public_funder", "public_funder"],
            "owner_cash_eur": [-3e5, 1e4, 0.0, 0.0],
            "public_cash_eur": [0.0, 0.0, -1e5, -1e5],
        }
    )
    wide = plot.cashflows_by_payer(cf)
    assert list(wide.columns) == ["social landlord", "public funder"]
    ax = plot.cashflows(wide, ax=Figure(layout="constrained").add_subplot())
    assert ax.lines[0].get_ydata() == pytest.approx([-0.3, -0.29])


def test_without_ax_a_new_figure_is_made(house):
    import matplotlib.pyplot as plt

    ax = plot.heat_loss(house)
    assert ax.figure is not None
    plt.close(ax.figure)
