"""Tests of rehab.uncertainty: the Monte Carlo of a programme."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import rehab
from rehab import uncertainty
from rehab._data import csv_metadata
from rehab.errors import InputError, UnknownNameError
from rehab.programme import Programme

ROWS = [
    0,
    1,
    2,
    60,
    61,
    240,
    241,
    250,
]  # corons and cité houses (landlord), Castors (owner-occupiers)
PACKAGES = ["attic-only", "heat-pump-only", "bbc-renovation"]


@pytest.fixture(scope="module")
def res():
    stock = rehab.stock.demo().table.iloc[ROWS]
    # the by-hand checks follow the conventional chain (the uncertainty model scales its 3CL shares)
    return Programme(stock, PACKAGES, mode="conventional").run(progress=False)


def fixed(**values: float) -> dict:
    """Overrides that pin some inputs to a value (scale 0) and switch every other spread off."""
    out = {name: {"scale": 0.0} for name in uncertainty.PARAMETERS}
    for name, v in values.items():
        out[name] = {"loc": v, "scale": 0.0}
    return out


# ------------------------------------------------------------------ the data
def test_parameters_are_dated_and_sourced():
    meta = csv_metadata("uncertainty", "parameters.csv")
    assert meta["date"] == "2026-11-30" and meta["source"] and meta["licence"]
    p = uncertainty.parameters()
    assert list(p) == list(uncertainty.PARAMETERS)
    for d in p.values():
        assert d.source and d.unit and d.applies_to
        assert d.low <= d.loc <= d.high
    assert (
        p["price_escalation"].scope == "programme" and p["cost_market_factor"].scope == "programme"
    )
    assert p["setpoint_offset"].scope == "house"


def test_distribution_values_by_hand():
    d = uncertainty.Distribution("x", "lognormal", 1.0, 0.4, 0.3, 3.0, "house", "-")
    # u = Phi(1) -> z = 1 -> exp(0.4 - 0.4²/2): the factor's mean is loc = 1
    assert d.values(np.array([0.8413447460685429]))[0] == pytest.approx(np.exp(0.4 - 0.08), rel=1e-9)
    t = uncertainty.Distribution("t", "triangular", 0.0, 1.0, -1.0, 1.0, "programme", "-")
    # inverse CDF of the triangle on [-1, 1]: u = 0.125 -> sqrt(0.25) - 1 = -0.5
    assert t.values(np.array([0.125, 0.5, 0.875])).tolist() == pytest.approx([-0.5, 0.0, 0.5])
    clip = uncertainty.Distribution("c", "normal", 0.0, 10.0, -3.0, 3.0, "house", "K")
    assert clip.values(np.array([0.999, 0.001])).tolist() == [3.0, -3.0]


def test_sample_streams_are_per_dwelling_and_seeded():
    a = uncertainty.sample(["x", "y", "z"], 50, seed=4)
    b = uncertainty.sample(["z", "x"], 50, seed=4)
    np.testing.assert_array_equal(a["n50_factor"][:, 0], b["n50_factor"][:, 1])
    np.testing.assert_array_equal(a["setpoint_offset"][:, 2], b["setpoint_offset"][:, 0])
    np.testing.assert_array_equal(a["price_escalation"], b["price_escalation"])
    c = uncertainty.sample(["x"], 50, seed=5)
    assert not np.array_equal(a["n50_factor"][:, 0], c["n50_factor"][:, 0])
    z = uncertainty.sample(["x"], 10, seed=4, spread=0.0)
    assert all(np.all(v == uncertainty.parameters()[k].loc) for k, v in z.items())


def test_sampled_spread_matches_the_data():
    d = uncertainty.sample([f"h{i}" for i in range(200)], 200, seed=0)
    sp = d["setpoint_offset"].ravel()
    assert sp.std() == pytest.approx(1.0, rel=0.03)  # sigma 1 K (clipped at 3 sigma)
    ln = np.log(d["lambda_masonry_factor"].ravel())
    assert np.median(ln) == pytest.approx(-0.3**2 / 2, abs=0.01) and ln.std() == pytest.approx(
        0.3, rel=0.03
    )


# ------------------------------------------------------------------ the physics of the perturbations
def test_perturbed_arrays_equal_rebuilt_houses(res):
    """n50 x 1.5 and +1 K on the arrays = the house rebuilt with n50 15 and simulated at 20 °C."""
    w = rehab.weather.default()
    h = rehab.archetypes.get("coron-mid-terrace")
    ph = uncertainty._physics([h], w, ["natural_gas"], "2026-06-01")
    bins = np.array([0.0, 1.0])
    clim = uncertainty._climate_bins(ph.climate, bins)
    one = np.ones(1)
    q_n50 = uncertainty._need(
        ph, np.array([0]), {"mas": one, "ins": one, "n50": 1.5 * one}, np.array([0]), 2, clim
    )
    q_sp = uncertainty._need(
        ph, np.array([0]), {"mas": one, "ins": one, "n50": one}, np.array([1]), 2, clim
    )
    n50 = h.ventilation.n50
    h15 = rehab.archetypes.get("coron-mid-terrace", n50=1.5 * n50)
    ref_n50 = rehab.simulate(h15, w, method="monthly").heating_need_kwh * 3.6e6
    ref_sp = rehab.simulate(h, w, method="monthly", setpoint=20.0).heating_need_kwh * 3.6e6
    assert q_n50[0] == pytest.approx(ref_n50, rel=1e-9)
    assert q_sp[0] == pytest.approx(ref_sp, rel=1e-9)


def test_conductivity_factor_by_hand():
    """U' = 1/(R_s + (1/U - R_s)/f) on every wall, roof and ceiling: check H_tr,op' by hand."""
    w = rehab.weather.default()
    h = rehab.archetypes.get("coron-mid-terrace")
    ph = uncertainty._physics([h], w, ["natural_gas"], "2026-06-01")
    f_mas, f_ins = 1.3, 0.9
    expected = 0.0
    for ba, u, rs in uncertainty._element_split(h):
        f = f_mas if u >= uncertainty.MASONRY_U else f_ins
        expected += ba * (1.0 / (rs + (1.0 / u - rs) / f) - u)
    # the split covers the uninsulated solid-brick walls of the coron
    assert any(u >= 2.0 for _, u, _ in uncertainty._element_split(h))
    clim = uncertainty._climate_bins(ph.climate, np.array([0.0]))
    q = uncertainty._need(
        ph,
        np.array([0]),
        {"mas": np.array([f_mas]), "ins": np.array([f_ins]), "n50": np.ones(1)},
        np.array([0]),
        1,
        clim,
    )
    import dataclasses

    from rehab.demand.monthly import simulate_monthly

    z = dataclasses.replace(ph.zones, h_tr_op=ph.zones.h_tr_op + expected)
    assert q[0] == pytest.approx(simulate_monthly(z, clim).heating_need[0], rel=1e-12)
    assert expected > 0  # more conductive masonry loses more


# ------------------------------------------------------------------ run
def test_zero_spread_gives_the_deterministic_result_exactly(res):
    u = uncertainty.run(res, n_samples=7, seed=3, spread=0.0, scenarios=PACKAGES)
    pr = u.per_row
    t = res.table.set_index(["house_id", "scenario"])
    for m in uncertainty.METRICS:
        for q in ("p10", "p50", "p90"):
            np.testing.assert_array_equal(pr[f"{m}_{q}"].to_numpy(), pr[m].to_numpy())
        np.testing.assert_allclose(pr[f"{m}_mean"], pr[m], rtol=1e-12)
    idx = pd.MultiIndex.from_frame(pr[["house_id", "scenario"]])
    np.testing.assert_array_equal(pr["npv_eur"].to_numpy(), t.loc[idx, "npv_eur"].to_numpy())
    np.testing.assert_array_equal(
        pr["savings_eur"].to_numpy(), t.loc[idx, "savings_eur"].to_numpy()
    )
    a = u.aggregate
    for q in ("p10", "p50", "p90"):
        np.testing.assert_allclose(a[q], a["deterministic"], rtol=1e-12)


def test_reproducible_with_a_seed_and_quantiles_ordered(res):
    a = uncertainty.run(res, n_samples=300, seed=11)
    b = uncertainty.run(res, n_samples=300, seed=11)
    pd.testing.assert_frame_equal(a.per_row, b.per_row)
    pd.testing.assert_frame_equal(a.aggregate, b.aggregate)
    c = uncertainty.run(res, n_samples=300, seed=12)
    assert not np.allclose(a.per_row["npv_eur_p50"], c.per_row["npv_eur_p50"])
    for m in uncertainty.METRICS:
        p10, p50, p90 = (a.per_row[f"{m}_{q}"].to_numpy() for q in ("p10", "p50", "p90"))
        assert np.all(p10 <= p50) and np.all(p50 <= p90)
    ag = a.aggregate
    assert (ag["p10"] <= ag["p50"]).all() and (ag["p50"] <= ag["p90"]).all()
    # there is a spread: the savings of a deep retrofit are uncertain
    assert (a.per_row["savings_kwh_p90"] > a.per_row["savings_kwh_p10"]).all()


def test_batch_equals_loop_and_chunks_do_not_matter(res):
    choice = res.choose("cheapest_reaching", target_class="C")
    choice = choice[choice["scenario"] != "baseline"]
    kw = dict(n_samples=120, seed=5)
    whole = uncertainty.run(res, choice=choice, **kw).per_row.set_index(["house_id", "scenario"])
    for _, row in choice.iterrows():
        one = uncertainty.run(res, choice=choice[choice["house_id"] == row["house_id"]], **kw)
        one = one.per_row.set_index(["house_id", "scenario"])
        pd.testing.assert_frame_equal(one, whole.loc[one.index], rtol=1e-12)
    small = uncertainty.run(res, choice=choice, chunk_size=130, **kw).per_row
    pd.testing.assert_frame_equal(small.set_index(["house_id", "scenario"]), whole, rtol=1e-12)


def test_heated_share_and_cost_factors_by_hand(res):
    u = uncertainty.run(
        res,
        n_samples=3,
        scenarios=PACKAGES,
        parameters=fixed(heated_share_factor=0.8, cost_house_factor=1.1),
    )
    pr = u.per_row
    # the need before and after scale by 0.8: the need saved too
    np.testing.assert_allclose(
        pr["heating_need_saved_kwh_p50"], 0.8 * pr["heating_need_saved_kwh"], rtol=1e-12, atol=1e-9
    )
    # cost x 1.1, grants held, the NPV loses the extra cost
    np.testing.assert_allclose(pr["cost_ttc_eur_p50"], 1.1 * pr["cost_ttc_eur"], rtol=1e-12)
    grants = pr["cost_ttc_eur"] - pr["net_cost_eur"]
    np.testing.assert_allclose(
        pr["net_cost_eur_p50"], 1.1 * pr["cost_ttc_eur"] - grants, rtol=1e-12
    )
    landlord = pr["owner"] != "owner_occupier"
    np.testing.assert_allclose(
        pr.loc[landlord, "npv_eur_p50"],
        pr.loc[landlord, "npv_eur"] - 0.1 * pr.loc[landlord, "cost_ttc_eur"],
        rtol=1e-12,
    )
    # a smaller heated share saves less energy, for everyone
    assert (pr["savings_kwh_p50"] < pr["savings_kwh"]).all()
    assert (pr["savings_eur_p50"] < pr["savings_eur"]).all()


def test_price_escalation_moves_only_the_occupiers_npv(res):
    high = uncertainty.run(
        res, n_samples=2, scenarios=PACKAGES, parameters=fixed(price_escalation=1.0)
    ).per_row
    occ = high["owner"] == "owner_occupier"
    assert occ.any() and (~occ).any()
    # higher prices make the bill savings worth more to the owner-occupier (rows saving money)
    gain = occ & (high["savings_eur"] > 0)
    assert gain.any()
    assert (high.loc[gain, "npv_eur_p50"] > high.loc[gain, "npv_eur"]).all()
    # a landlord's NPV (the table's) does not hold the tenants' savings
    np.testing.assert_array_equal(high.loc[~occ, "npv_eur_p50"], high.loc[~occ, "npv_eur"])
    # the first-year bill savings do not depend on the escalation
    np.testing.assert_array_equal(high["savings_eur_p50"], high["savings_eur"])


def test_warmer_households_save_more_kwh(res):
    warm = uncertainty.run(
        res, n_samples=2, scenarios="bbc-renovation", parameters=fixed(setpoint_offset=2.0)
    ).per_row
    cold = uncertainty.run(
        res, n_samples=2, scenarios="bbc-renovation", parameters=fixed(setpoint_offset=-2.0)
    ).per_row
    assert (warm["heating_need_saved_kwh_p50"] > warm["heating_need_saved_kwh"]).all()
    assert (cold["heating_need_saved_kwh_p50"] < cold["heating_need_saved_kwh"]).all()


def test_aggregate_by_owner_sums_the_dwellings(res):
    u = uncertainty.run(res, n_samples=50, seed=2, by="owner", keep_samples=True)
    a = u.aggregate
    assert set(a.index.get_level_values("owner")) == set(u.per_row["owner"])
    for owner, g in u.per_row.groupby("owner"):
        assert a.loc[(owner, "npv_eur"), "deterministic"] == pytest.approx(g["npv_eur"].sum())
        cols = np.flatnonzero((u.per_row["owner"] == owner).to_numpy())
        tot = u.samples["npv_eur"][:, cols].sum(axis=1)
        assert a.loc[(owner, "npv_eur"), "p50"] == pytest.approx(np.quantile(tot, 0.5))
    assert u.draws["setpoint_offset"].shape == (50, len(u.per_row))


def test_accepts_a_programme():
    stock = rehab.stock.demo().table.iloc[[240, 241]]
    u = uncertainty.run(Programme(stock, ["attic-only"]), n_samples=20, scenarios="attic-only")
    assert len(u.per_row) == 2
    assert u.settings["n_samples"] == 20


def test_bad_input(res):
    with pytest.raises(InputError, match="n_samples: 0; give a whole number of samples >= 1"):
        uncertainty.run(res, n_samples=0)
    with pytest.raises(InputError, match=r"spread: -1"):
        uncertainty.run(res, spread=-1)
    with pytest.raises(UnknownNameError, match="hourly"):
        uncertainty.run(res, method="hourly")
    with pytest.raises(UnknownNameError, match="uncertain parameter"):
        uncertainty.run(res, parameters={"wind": {"scale": 1.0}})
    with pytest.raises(InputError, match=r"setpoint_offset\.scale: -1\.0 \[K\] must be >= 0"):
        uncertainty.run(res, parameters={"setpoint_offset": {"scale": -1.0}})
    with pytest.raises(InputError, match="by: 'colour' is not a column"):
        uncertainty.run(res, by="colour")
    with pytest.raises(InputError, match="chunk_size"):
        uncertainty.run(res, chunk_size=0)
    with pytest.raises(InputError, match=r"no row \('LG-0001', 'nope'\)"):
        uncertainty.run(res, choice=pd.DataFrame({"house_id": ["LG-0001"], "scenario": ["nope"]}))
    with pytest.raises(InputError, match="ProgrammeResult or Programme"):
        uncertainty.run(res.table)
    with pytest.raises(InputError, match="seed"):
        uncertainty.run(res, seed=-3)


def test_variant_bins_barely_move_the_bands():
    """VARIANT_RESOLUTION (5 m², 45°) against every dwelling exact: bands within 1 %."""
    stock = rehab.stock.demo().table.iloc[:24]  # corons of one cité, areas 55-65 m²
    r = Programme(stock, ["attic-only", "heat-pump-only"], mode="conventional").run(progress=False)
    kw = dict(n_samples=200, seed=8, scenarios=["attic-only", "heat-pump-only"])
    coarse = uncertainty.run(r, **kw)
    exact = uncertainty.run(r, resolution=None, **kw)
    assert coarse.settings["variants"] < exact.settings["variants"]
    for m in ("savings_kwh", "savings_eur", "npv_eur"):
        for q in ("p10", "p90"):
            np.testing.assert_allclose(
                coarse.per_row[f"{m}_{q}"], exact.per_row[f"{m}_{q}"], rtol=0.01, atol=1.0
            )


def test_variant_houses_equal_the_package_runs():
    """The variants are the houses of Package.run (measures in order, rule sets checked), built
    without pricing the works: every preset on every archetype, heritage included."""
    from rehab import archetypes, packages
    from rehab.errors import ConstraintError
    from rehab.retrofit.package import rule_set
    from rehab.uncertainty_physics import _house_after

    date = "2026-06-01"
    sets = [rule_set("france")]
    checked = refused = 0
    for arch in archetypes.names():
        for heritage in (False, True):
            house = archetypes.get(arch, heritage=True) if heritage else archetypes.get(arch)
            for name in packages.ordered_names():
                p = packages.get(name)
                try:
                    want = p.run(house, rules=("france",), date=date).house
                except ConstraintError as exc:
                    with pytest.raises(ConstraintError, match="^" + re.escape(str(exc)) + "$"):
                        _house_after(p, house, sets, rehab.factors.parse_date(date))
                    refused += 1
                    continue
                got = _house_after(p, house, sets, rehab.factors.parse_date(date))
                assert got.model_dump() == want.model_dump(), (arch, heritage, name)
                checked += 1
    assert checked >= 60 and refused >= 1


def test_fixed_wall_gains_leave_the_monthly_need_unchanged():
    """The hourly-film walls' monthly gains carried as one fixed row per house: the monthly
    method gives the same needs, for the nominal batch and for perturbed H_tr,op and H_ve."""
    import dataclasses

    from rehab import archetypes
    from rehab.demand.monthly import simulate_monthly
    from rehab.simulation import build_batch
    from rehab.uncertainty_physics import _fixed_wall_gains

    houses = [archetypes.get(a) for a in archetypes.names()]
    zones, climate = build_batch(houses, rehab.weather.default())
    monthly = climate.monthly()
    assert zones.wall_idx.shape[1] > 0  # the case being tested
    z2, m2 = _fixed_wall_gains(zones, monthly)
    assert z2.wall_idx.shape[1] == 0 and m2.irradiance.shape[0] == monthly.irradiance.shape[0] + len(houses)
    for scale in (1.0, 1.3):
        a = dataclasses.replace(zones, h_tr_op=zones.h_tr_op * scale, h_ve=zones.h_ve / scale)
        b = dataclasses.replace(z2, h_tr_op=z2.h_tr_op * scale, h_ve=z2.h_ve / scale)
        want, got = simulate_monthly(a, monthly), simulate_monthly(b, m2)
        np.testing.assert_allclose(got.heating_need_monthly, want.heating_need_monthly, rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(got.gains, want.gains, rtol=1e-12)
