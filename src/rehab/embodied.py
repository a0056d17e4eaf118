"""Embodied and whole-life carbon from quantities: the arrays under :mod:`rehab.carbon`.

The product × quantity arithmetic (EN 15978 modules A1–A5, B1, B4, C1–C4,
replacements over the horizon, RE2020 dynamic weighting), the quantities of
measures and cost lines, and the whole-life indicators (operational over a
horizon, carbon payback, cost per tonne avoided). The engine path
(:mod:`rehab.scenarios`, :mod:`rehab.evaluation`) reads this module;
:mod:`rehab.carbon` re-exports it and adds the one-house tables of
:func:`rehab.carbon.package_carbon`, which runs :func:`rehab.assess`.
Data and sources: ``data/carbon/`` (docs/carbon.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._carbon_data import CarbonProduct, metadata, product, products
from ._carbon_data import cost_map as _cost_map
from ._carbon_data import material_map as _material_map
from .errors import InputError, UnknownNameError

if TYPE_CHECKING:
    from .house import House
    from .retrofit import Measure

__all__ = [
    "AREA_UNITS",
    "RE2020_TIME_HORIZON",
    "CarbonProduct",
    "carbon_payback",
    "cost_line_quantities",
    "cost_per_tonne_avoided",
    "embodied_from_quantities",
    "generations",
    "layer_quantities",
    "measure_quantities",
    "measure_rows",
    "metadata",
    "operational_over_horizon",
    "outcome_quantities",
    "package_quantities",
    "product",
    "products",
    "re2020_weight",
    "rows_from_units",
    "whole_life",
]

# --------------------------------------------------------------------------
# weighting over time (RE2020 option)
# --------------------------------------------------------------------------

#: CO2 impulse response of IPCC AR5 WG1 Table 8.SM.10 (Joos et al. 2013):
#: a0 and (a_i, tau_i [yr]).
_BERN_A0 = 0.2173
_BERN = ((0.2240, 394.4), (0.2824, 36.54), (0.2763, 4.304))
#: Time horizon of the GWP of the RE2020 dynamic method [yr].
RE2020_TIME_HORIZON = 100.0


def _agwp_co2(t: np.ndarray) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    out = _BERN_A0 * t
    for a, tau in _BERN:
        out = out + a * tau * (1.0 - np.exp(-t / tau))
    return out


def re2020_weight(t: Any) -> Any:
    """Weight of an emission made t years after the works (RE2020 dynamic LCA, option).

    The RE2020 "ACV dynamique simplifiée" (arrêté of 4 August 2021, method
    annex) weights an emission made in year t by the share of the radiative
    forcing of a CO2 pulse that still falls inside the 100-year horizon
    counted from the works: ``w(t) = AGWP_CO2(100 − t) / AGWP_CO2(100)``,
    with the CO2 impulse response of IPCC AR5 (Joos et al. 2013). This
    reproduces the published coefficient of year 50, 0.578 (the arrêté's
    own table was not read here). ``w = 0`` beyond 100 years.

    Parameters
    ----------
    t : float or array_like
        Years after the works [yr], ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        Weight [-], 1 at t = 0.

    Examples
    --------
    >>> round(re2020_weight(50), 3), round(re2020_weight(1), 3), re2020_weight(0)
    (0.578, 0.992, 1.0)
    """
    ta = np.asarray(t, dtype=float)
    if np.any(ta < 0) or np.any(~np.isfinite(ta)):
        raise InputError(f"t: {t!r} years; give years after the works >= 0")
    rem = np.clip(RE2020_TIME_HORIZON - ta, 0.0, None)
    w = _agwp_co2(rem) / _agwp_co2(np.asarray(RE2020_TIME_HORIZON))
    return float(w) if np.ndim(w) == 0 else w


# --------------------------------------------------------------------------
# arrays: quantities -> embodied carbon
# --------------------------------------------------------------------------


def _horizon(horizon: Any) -> int:
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer, float)):
        raise InputError(f"horizon: {horizon!r}; give a number of years (1-100)")
    h = float(horizon)
    if not (1 <= h <= 100) or h != int(h):
        raise InputError(f"horizon: {horizon!r} years; allowed whole years 1-100")
    return int(h)


def generations(service_life: Any, horizon: int) -> Any:
    """Number of installations of a product of service life L over H years, ⌈H/L⌉ (at least 1).

    Examples
    --------
    >>> generations(17, 30), generations(30, 30), generations(50, 30), generations(15, 50)
    (2, 1, 1, 4)
    """
    life = np.asarray(service_life, dtype=float)
    n = np.maximum(np.ceil(horizon / life - 1e-9), 1.0)
    return int(n) if np.ndim(n) == 0 else n


def _factor_vectors(
    prods: Sequence[CarbonProduct],
    horizon: int,
    service_life: Mapping[str, float] | None,
    dynamic: bool,
) -> dict[str, np.ndarray]:
    """Per-unit emissions of each product over the horizon (static, and dynamic if asked)."""
    life = np.array(
        [float((service_life or {}).get(p.id, p.service_life_years)) for p in prods], dtype=float
    )
    if np.any(life <= 0):
        raise InputError("service_life: every service life must be > 0 years")
    a = np.array([p.a1_a3 + p.a4_a5 for p in prods])
    c = np.array([p.c1_c4 for p in prods])
    b = np.array([p.b_per_year for p in prods])
    bio = np.array([p.biogenic_kgco2 for p in prods])
    n = generations(life, horizon) if len(prods) else np.zeros(0)
    out = {
        "upfront_kgco2e": a,
        "replacement_kgco2e": (a + c) * (n - 1.0),
        "in_use_kgco2e": b * horizon,
        "end_of_life_kgco2e": c,
        "biogenic_kgco2": bio,
    }
    out["embodied_kgco2e"] = (
        out["upfront_kgco2e"] + out["replacement_kgco2e"] + out["in_use_kgco2e"] + c
    )
    if dynamic:
        dyn = np.zeros(len(prods))
        years = np.arange(1, horizon + 1, dtype=float)
        w_years = float(np.sum(re2020_weight(years)))
        for j in range(len(prods)):
            for k in range(int(n[j])):
                t0 = k * life[j]
                t1 = min((k + 1) * life[j], float(horizon))
                w0, w1 = re2020_weight(t0), re2020_weight(t1)
                # production at t0, end of life at t1; biogenic uptake at t0, release at t1
                dyn[j] += a[j] * w0 + c[j] * w1 - bio[j] * (w0 - w1)
            dyn[j] += b[j] * w_years
        out["dynamic_kgco2e"] = dyn
    return out


def embodied_from_quantities(
    quantities: Mapping[str, Any],
    horizon: int = 30,
    *,
    service_life: Mapping[str, float] | None = None,
    dynamic: bool = False,
) -> dict[str, np.ndarray]:
    """Embodied carbon of many rows from the quantity of each product they install.

    EN 15978:2011 modules over the horizon: production and installation
    A1–A5 at t = 0, replacements B4 after each service life (N = ⌈H/L⌉
    installations), refrigerant leakage B1 each year, end of life C1–C4 of
    the last installation; biogenic CO2 stored apart (see the module
    docstring). One matrix product per call: 184,000 rows × 10 products take
    a few milliseconds (``benchmarks/bench_carbon.py``).

    Parameters
    ----------
    quantities : mapping of str to array_like, shape (n,) or scalar
        Product id (:func:`products`) → quantity in the product's unit (kg,
        m², unit, kWp, kg of refrigerant charge), one value per row.
    horizon : int
        Study period H [yr], 1–100.
    service_life : mapping of str to float, optional
        Override of the catalogue service life of some products [yr].
    dynamic : bool
        Also return ``dynamic_kgco2e``: the RE2020 dynamic weighting of
        every emission by the year it occurs (:func:`re2020_weight`),
        biogenic uptake and release included (an option; static is the
        default).

    Returns
    -------
    dict of str to numpy.ndarray, shape (n,)
        ``upfront_kgco2e``, ``replacement_kgco2e``, ``in_use_kgco2e``,
        ``end_of_life_kgco2e``, ``embodied_kgco2e`` (their sum) [kgCO2e],
        ``biogenic_kgco2`` [kgCO2] (and ``dynamic_kgco2e``).

    Raises
    ------
    UnknownNameError
        Unknown product id.
    InputError
        Negative or non-finite quantity, rows of different lengths, bad horizon.

    Examples
    --------
    Heat pump (17 yr) with 1.8 kg of R32 over 30 years: 2 units, leakage every year.

    >>> r = embodied_from_quantities({"heat_pump_air_water_unit": [1, 0],
    ...                               "refrigerant_r32": [1.8, 0]}, horizon=30)
    >>> r["embodied_kgco2e"].round(1).tolist()     # 2 x 612 + 1.8 x (2 x 67.5 + 30 x 23.6)
    [2741.4, 0.0]
    """
    h = _horizon(horizon)
    names = list(quantities)
    prods = [product(k) for k in names]
    cols = []
    n_rows = 1
    for k in names:
        q = np.asarray(quantities[k], dtype=float)
        if q.ndim > 1:
            raise InputError(
                f"quantities[{k!r}]: give one value per row (1-D), got shape {q.shape}"
            )
        q = np.atleast_1d(q)
        if len(q) != 1:
            if n_rows not in (1, len(q)):
                raise InputError(
                    f"quantities[{k!r}]: {len(q)} rows, the other products have {n_rows}"
                )
            n_rows = len(q)
        cols.append(q)
    q_t = np.empty((len(cols), n_rows))  # one contiguous row per product
    for j, q in enumerate(cols):
        q_t[j] = q
    if not (np.isfinite(q_t).all() and (q_t >= 0).all()):
        bad = next(
            k
            for k, q in zip(names, cols, strict=True)
            if not (np.isfinite(q).all() and (q >= 0).all())
        )
        raise InputError(
            f"quantities[{bad!r}]: quantities must be finite and >= 0 [{product(bad).unit}]"
        )
    vec = _factor_vectors(prods, h, service_life, dynamic)
    keys = list(vec)
    res = np.stack([vec[k] for k in keys]) @ q_t if cols else np.zeros((len(keys), n_rows))
    return {k: res[i] for i, k in enumerate(keys)}


def operational_over_horizon(
    annual_kgco2e: Any,
    horizon: int = 30,
    *,
    trajectory: Any = None,
    dynamic: bool = False,
) -> Any:
    """Operational emissions over the horizon [kgCO2e].

    ``Σ_{y=1..H} E·τ_y`` (× ``w(y)`` with ``dynamic``), where E is the annual
    emission of the first year and τ_y an optional multiplier per year (a
    decarbonising grid, a change of the dated factors); τ = 1 by default:
    the DPE GHG factors of ``data/factors/ghg.csv`` have one open validity
    period since 1 July 2021, so the factors dated at every year of the
    horizon equal those of the study date.

    Parameters
    ----------
    annual_kgco2e : float or array_like, shape (n,)
        Annual operational emissions [kgCO2e/yr] (``co2_kg`` of
        :func:`rehab.assess` or of the programme table).
    horizon : int
        [yr].
    trajectory : array_like, shape (H,) or (n, H), optional
        Multiplier of each year [-].
    dynamic : bool
        Weight year y by :func:`re2020_weight` (y).

    Examples
    --------
    >>> operational_over_horizon([1000.0, 200.0], 30).tolist()
    [30000.0, 6000.0]
    >>> round(operational_over_horizon(1000.0, 50, dynamic=True))   # 50 years weigh 39.5
    39541
    """
    h = _horizon(horizon)
    e = np.asarray(annual_kgco2e, dtype=float)
    years = np.arange(1, h + 1, dtype=float)
    w = re2020_weight(years) if dynamic else np.ones(h)
    if trajectory is None:
        out = e * float(np.sum(w))
    else:
        tau = np.asarray(trajectory, dtype=float)
        if tau.shape[-1] != h:
            raise InputError(f"trajectory: last axis has {tau.shape[-1]} years, the horizon {h}")
        out = e * np.sum(tau * w, axis=-1)
    return float(out) if np.ndim(out) == 0 else out


def whole_life(embodied_kgco2e: Any, operational_kgco2e: Any) -> Any:
    """Whole-life carbon = embodied + operational over the same horizon [kgCO2e].

    Examples
    --------
    >>> whole_life([2000.0, 0.0], [6000.0, 150000.0]).tolist()
    [8000.0, 150000.0]
    """
    out = np.asarray(embodied_kgco2e, dtype=float) + np.asarray(operational_kgco2e, dtype=float)
    return float(out) if np.ndim(out) == 0 else out


def cost_per_tonne_avoided(cost_eur: Any, whole_life_saved_kgco2e: Any) -> Any:
    """Cost of each tonne of whole-life carbon avoided [EUR/tCO2e].

    ``cost / (saved / 1000)``: the works' cost (net of aids, or their NPV
    cost, as the caller chooses) per tonne of whole-life carbon saved
    against the house as it is over the same horizon — an objective for the
    choice of packages. NaN when nothing is saved (saved ≤ 0).

    Examples
    --------
    >>> cost_per_tonne_avoided([30000.0, 8000.0, 5000.0], [150000.0, 20000.0, -300.0]).tolist()
    [200.0, 400.0, nan]
    """
    c = np.asarray(cost_eur, dtype=float)
    t = np.asarray(whole_life_saved_kgco2e, dtype=float) / 1000.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(t > 0, c / np.where(t > 0, t, 1.0), np.nan)
    return float(out) if np.ndim(out) == 0 else out


def carbon_payback(upfront_kgco2e: Any, annual_saving_kgco2e: Any) -> Any:
    """Years until the operational savings repay the upfront embodied carbon [yr].

    ``t = upfront / annual saving``: the carbon "spent" on the works at
    t = 0 (A1–A5) against the operational emissions they avoid each year.
    NaN when the works save nothing (saving ≤ 0); 0 for works with no
    embodied carbon and a saving.

    Examples
    --------
    >>> carbon_payback([4000.0, 500.0, 300.0], [2000.0, 0.0, -10.0]).tolist()
    [2.0, nan, nan]
    """
    u = np.asarray(upfront_kgco2e, dtype=float)
    s = np.asarray(annual_saving_kgco2e, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(s > 0, u / np.where(s > 0, s, 1.0), np.nan)
    return float(out) if np.ndim(out) == 0 else out


# --------------------------------------------------------------------------
# what a measure installs: quantities per product
# --------------------------------------------------------------------------


def layer_quantities(material: str, thickness: Any, area: Any) -> dict[str, Any]:
    """Mass of a layer, as {product: kg}: area × thickness × density of the material.

    Parameters
    ----------
    material : str
        Materials catalogue id (:mod:`rehab.materials`).
    thickness : float or array_like
        [m].
    area : float or array_like
        [m²].

    Raises
    ------
    UnknownNameError
        A material with no embodied-carbon row (``data/carbon/material_map.csv``).

    Examples
    --------
    >>> layer_quantities("cellulose", 0.35, 30.0)     # 30 m2 x 0.35 m x 45 kg/m3
    {'cellulose': 472.5}
    """
    from .materials import get as get_material

    mm = _material_map()
    if material not in mm:
        raise UnknownNameError("material with an embodied-carbon row", material, sorted(mm))
    rho = float(get_material(material).density)
    kg = np.asarray(area, dtype=float) * np.asarray(thickness, dtype=float) * rho
    return {mm[material]: float(kg) if np.ndim(kg) == 0 else kg}


def cost_line_quantities(item: str, quantity: Any) -> dict[str, Any]:
    """Products behind a unit-cost line, as {product: quantity} (``data/carbon/cost_map.csv``).

    Insulation lines (``@layers``) and services (``@none``) give ``{}``:
    the insulation's carbon comes from its layers (:func:`layer_quantities`).

    Examples
    --------
    >>> cost_line_quantities("heat_pump_air_water", 1)
    {'heat_pump_air_water_unit': 1.0, 'refrigerant_r32': 1.8}
    >>> cost_line_quantities("ite_wall", 80.0), cost_line_quantities("audit", 1)
    ({}, {})
    """
    cm = _cost_map()
    if item not in cm:
        raise UnknownNameError("unit-cost id with an embodied-carbon mapping", item, sorted(cm))
    q = np.asarray(quantity, dtype=float)
    out: dict[str, Any] = {}
    for prod, per in cm[item]:
        if prod.startswith("@"):
            continue
        v = q * per
        out[prod] = out.get(prod, 0.0) + (float(v) if np.ndim(v) == 0 else v)
    return out


def _add(acc: dict[str, Any], more: Mapping[str, Any]) -> None:
    for k, v in more.items():
        acc[k] = acc.get(k, 0.0) + (float(v) if np.ndim(v) == 0 else v)


def _layer_specs(m: Measure, item: str) -> list[tuple[str, float]]:
    """(material, thickness [m]) of the layers an insulation measure adds, for its cost line ``item``.

    Roof slopes count the plasterboard finish (the measure adds it on heated
    roof elements; on the slopes of an unheated attic it adds none).
    """
    from .retrofit import (
        ExternalWallInsulation,
        FloorInsulation,
        InternalWallInsulation,
        RoofInsulation,
    )

    if not isinstance(
        m, (ExternalWallInsulation, InternalWallInsulation, RoofInsulation, FloorInsulation)
    ):
        return []
    out = [(m.material, round(m.insulation_thickness, 6))]
    if isinstance(m, ExternalWallInsulation) and m.finish:
        out.append((m.finish, m.finish_thickness))
    elif isinstance(m, InternalWallInsulation):
        if m.membrane:
            out.append((m.membrane, m.membrane_thickness))
        if m.finish:
            out.append((m.finish, m.finish_thickness))
    elif isinstance(m, RoofInsulation) and m.finish and (
        (m.position == "roof_slopes" and m.side == "inside") or item == "roof_slopes_inside"
    ):
        out.append((m.finish, 0.0125))
    elif isinstance(m, FloorInsulation) and (
        m.position == "on_slab" or (m.position == "auto" and item == "floor_under_screed")
    ):
        out.append(("screed_cement", m.screed_thickness))
    return out


def _item_quantities(m: Measure, item: str, quantity: Any) -> dict[str, Any]:
    """Products behind one cost line ``item`` of measure ``m`` (quantity scalar or array)."""
    from .retrofit import WindowReplacement

    cm = _cost_map()
    if item in cm and cm[item][0][0] == "@layers":
        out: dict[str, Any] = {}
        for mat, th in _layer_specs(m, item):
            _add(out, layer_quantities(mat, th, quantity))
        return out
    if isinstance(m, WindowReplacement) and item.startswith("windows_"):
        q = np.asarray(quantity, dtype=float)
        return {f"window_{m.glazing}_{m.frame}": float(q) if q.ndim == 0 else q}
    return cost_line_quantities(item, quantity)


def _line_quantities(m: Measure, lines: Iterable[Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for ln in lines:
        _add(out, _item_quantities(m, ln.item, ln.quantity))
    return out


def measure_rows(measure: Measure, items: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """What one measure installs on many rows, from its cost-line quantities per row.

    The columnar form of :func:`measure_quantities`: the programme engine
    knows, for each row, the quantity of each cost line of a measure
    (insulated area, window area, number of doors, floor area, 1 per
    dwelling …); this turns them into product quantities with the same
    rules (layers weighed from the measure's thickness and density,
    windows by glazing and frame, ``cost_map.csv`` otherwise).

    Parameters
    ----------
    measure : Measure
    items : mapping of str to array_like, shape (n,)
        Unit-cost id → quantity of the line on each row (in the cost unit).

    Returns
    -------
    dict of str to numpy.ndarray, shape (n,)

    Examples
    --------
    >>> from rehab.retrofit import RoofInsulation
    >>> m = RoofInsulation(position="attic_floor", material="cellulose", thickness=0.35)
    >>> {k: v.tolist() for k, v in measure_rows(m, {"attic_floor_cellulose": [30.0, 60.0]}).items()}
    {'cellulose': [472.5, 945.0]}
    """
    out: dict[str, Any] = {}
    for item, q in items.items():
        _add(out, _item_quantities(measure, item, np.atleast_1d(np.asarray(q, dtype=float))))
    return out


def measure_quantities(measure: Measure, house: House, *, year: Any = None) -> dict[str, float]:
    """What one measure installs on a house, as {product id: quantity in the product's unit}.

    Insulation measures: the layers they add (insulation, membrane, finish,
    render, new screed) over the area of their cost line, weighed as
    area × thickness × density. Other measures: their cost lines through
    ``data/carbon/cost_map.csv``; windows take the product of their glazing
    and frame.

    Examples
    --------
    >>> import rehab
    >>> from rehab.retrofit import WindowReplacement
    >>> h = rehab.archetypes.get("coron-mid-terrace")
    >>> measure_quantities(WindowReplacement(u_value=1.3, frame="wood", door_u=1.5), h)
    {'window_double_wood': 6.5, 'door_insulated': 1.0}
    """
    from . import costs as _costs

    y = _costs.STUDY_YEAR if year is None else year
    return _line_quantities(measure, measure.cost(house, y).lines)


def outcome_quantities(outcome: Any) -> list[tuple[str, dict[str, float]]]:
    """What a package installed, measure by measure, from its :class:`rehab.retrofit.PackageOutcome`.

    Reads the cost lines (each priced on the house its measure saw) and the
    measures' parameters; no house is rebuilt, so a programme can call it
    once per unit (house × scenario) it already holds.

    Returns
    -------
    list of (measure name, {product id: quantity})
    """
    lines = list(outcome.costs.lines)
    out = []
    i = 0
    for m in outcome.measures or outcome.package.measures:
        mine = []
        while i < len(lines) and lines[i].measure == m.name:
            mine.append(lines[i])
            i += 1
        out.append((m.name, _line_quantities(m, mine)))
    return out


def package_quantities(
    house: House, package: Any, *, rules: Iterable[Any] = (), date: Any = None
) -> list[tuple[str, dict[str, float]]]:
    """What a package installs on a house, measure by measure (each on the house it sees).

    Returns
    -------
    list of (measure name, {product id: quantity})

    Raises
    ------
    ConstraintError
        The package is forbidden on this house (heritage, rule set).

    Examples
    --------
    >>> import rehab
    >>> q = package_quantities(rehab.archetypes.get("coron-mid-terrace"), "attic-only")
    >>> [(name, {k: round(v, 1) for k, v in d.items()}) for name, d in q]
    [('attic floor insulation glass_wool 25 cm', {'glass_wool': 147.0})]
    """
    from . import packages as _packages

    return outcome_quantities(_packages.package(package).run(house, rules=rules, date=date))


#: Product units that scale with the floor area of a dwelling (:func:`rows_from_units`).
AREA_UNITS = ("kg", "m2")


def rows_from_units(
    unit_quantities: Sequence[Mapping[str, float]], unit: Any, scale: Any = 1.0
) -> dict[str, np.ndarray]:
    """Quantities of many rows from the quantities of the units they refer to.

    A programme computes each distinct house × scenario once (a *unit*) and
    maps many dwellings onto it, scaled to their floor area: masses and
    areas (units kg, m²) scale with ``scale``, appliances (unit, kWp,
    kg of refrigerant charge) do not.

    Parameters
    ----------
    unit_quantities : sequence of mapping
        Per unit, {product id: quantity} (e.g. the sum of
        :func:`outcome_quantities` over the measures; ``{}`` for a baseline).
    unit : array_like of int, shape (n,)
        Unit of each row.
    scale : float or array_like, shape (n,)
        Floor-area ratio of each row to its unit [-].

    Returns
    -------
    dict of str to numpy.ndarray, shape (n,)
        Product id → quantity per row, ready for :func:`embodied_from_quantities`.

    Examples
    --------
    >>> q = rows_from_units([{}, {"glass_wool": 147.0, "vmc_extract_unit": 1.0}], [1, 0, 1], [2.0, 1.0, 1.0])
    >>> {k: v.tolist() for k, v in q.items()}
    {'glass_wool': [294.0, 0.0, 147.0], 'vmc_extract_unit': [1.0, 0.0, 1.0]}
    """
    names = sorted({k for d in unit_quantities for k in d})
    idx = np.asarray(unit, dtype=np.int64)
    s = np.broadcast_to(np.asarray(scale, dtype=float), idx.shape)
    out = {}
    for k in names:
        per_unit = np.array([float(d.get(k, 0.0)) for d in unit_quantities])
        col = per_unit[idx]
        out[k] = col * s if product(k).unit in AREA_UNITS else col
    return out
