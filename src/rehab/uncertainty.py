"""Monte Carlo of a programme: occupant behaviour, airtightness, materials, prices and costs.

:func:`run` takes a programme run (:class:`rehab.programme.ProgrammeResult`,
or a :class:`rehab.programme.Programme` it runs first) and the scenario
chosen for each dwelling, draws ``n_samples`` sets of uncertain inputs per
dwelling and returns P10/P50/P90 of the savings (kWh and €), CO2 saved,
cost and NPV, per dwelling and in aggregate.

What varies (``data/uncertainty/parameters.csv``, each row dated and
sourced; :func:`parameters`):

* **occupant behaviour**: a set-point offset [K] and a factor on the heated
  share of the living area, per dwelling (the same household before and
  after the works);
* **airtightness**: a factor on n50, per dwelling; the infiltration part of
  H_ve is re-evaluated with the shielding formula of EN ISO 13789:2007
  Annex C (:func:`rehab.ventilation.infiltration_flow`);
* **material properties**: a factor f on the conductivity of the walls,
  roofs and ceilings, one for uninsulated masonry (U ≥ 1 W/(m²·K)) and one
  for insulated elements: U' = 1/(R_s + (1/U − R_s)/f) with R_s the two
  surface resistances of ISO 6946 (the layers' resistances divided by f);
* **prices**: one draw per sample between the low, central and high real
  escalation rates of ``data/prices/escalation.csv`` (all dwellings
  together);
* **costs**: a market factor per sample (BT01 drift) times a factor per
  dwelling (tender spread).

How (vectorised, seeded):

* every dwelling's variants (as it is, and after its scenario) are built
  once as Houses and turned into one :class:`rehab.demand.zones.ThermalZones`
  batch by :func:`rehab.simulation.build_batch`; the split the perturbations
  need (b·A, U and surface resistances of each wall/roof/ceiling, the
  infiltration coefficient and its parameters) is kept beside it;
* each chunk of (samples × dwellings × variants) rows copies those arrays,
  perturbs H_tr,op and H_ve, points each row to a set-point schedule row of
  the monthly climate (one row per 0.05 K bin of set-point offset) and runs
  the monthly engine (:func:`rehab.demand.monthly.simulate_monthly`, ISO
  13790 §12–13) once;
* the sampled heating need relative to the nominal one, r = Q'/Q, scales
  the space-heating part of each carrier's delivered energy (the variant's
  3CL share, :func:`rehab.labels.dpe`) around the programme table's own
  figures: savings_kwh' = savings_kwh + Σ_c heat_b,c(r_b − 1) −
  heat_s,c(r_s − 1), and likewise for € (tariff at the study date), CO2
  (DPE heating factors) and the NPV (bills over the horizon with the
  sampled escalation, discounted at the run's rate). At a spread of 0 every
  output equals the table's value exactly;
* draws depend only on ``seed`` and each dwelling's id (per-dwelling random
  streams), so a batch equals the loop over its dwellings and the chunk
  size does not change the result.

Assumptions stated here: grants are held at their computed amounts when the
works cost varies (most are flat or capped); the cost factor applies to the
works at t = 0 (replacements keep their catalogue cost); a landlord's NPV
(the table's) moves with costs only — the bill savings are the tenants';
in the programme's realistic mode the heating share of each carrier is the
conventional (3CL) one.

Examples
--------
>>> import rehab
>>> from rehab.programme import Programme
>>> from rehab import uncertainty
>>> stock = rehab.stock.demo().table.iloc[:3]
>>> res = Programme(stock, ["attic-only"]).run(progress=False)
>>> u = uncertainty.run(res, n_samples=200, seed=1, scenarios="attic-only")
>>> list(u.aggregate.columns)
['deterministic', 'mean', 'p10', 'p50', 'p90', 'unit']
>>> a = u.aggregate.loc[("attic-only", "savings_kwh")]
>>> bool(a["p10"] <= a["p50"] <= a["p90"])
True
>>> z = uncertainty.run(res, n_samples=5, spread=0.0, scenarios="attic-only")
>>> bool((z.aggregate["p10"] == z.aggregate["deterministic"]).all())
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np

from . import finance
from ._data import csv_metadata, read_csv_records
from .errors import DataError, InputError, UnknownNameError
from .options import STUDY_DATE
from .uncertainty_physics import (
    MASONRY_U,
    _climate_bins,
    _element_split,  # noqa: F401  (tests and users read the split through this module)
    _need,
    _physics,
    _variants,
)

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DISTRIBUTIONS",
    "MASONRY_U",
    "METRICS",
    "PARAMETERS",
    "SETPOINT_STEP",
    "VARIANT_RESOLUTION",
    "Distribution",
    "UncertaintyResult",
    "parameters",
    "run",
    "sample",
]

#: The uncertain inputs, in the order of the random draws.
PARAMETERS = (
    "setpoint_offset",
    "heated_share_factor",
    "n50_factor",
    "lambda_masonry_factor",
    "lambda_insulation_factor",
    "price_escalation",
    "cost_market_factor",
    "cost_house_factor",
)
#: Distribution families of ``data/uncertainty/parameters.csv``.
DISTRIBUTIONS = ("normal", "lognormal", "triangular", "uniform")
#: Outputs of :func:`run` and their units.
METRICS = {
    "heating_need_saved_kwh": "kWh/yr",
    "savings_kwh": "kWh/yr",
    "savings_eur": "EUR/yr",
    "co2_saved_kg": "kgCO2e/yr",
    "cost_ttc_eur": "EUR",
    "net_cost_eur": "EUR",
    "npv_eur": "EUR",
}
#: Width of the set-point bins of the climate schedule rows [K].
SETPOINT_STEP = 0.05
#: Default bins of the thermal variants of :func:`run`: 5 m² of floor area
#: and 45° of azimuth (the relative factors change by well under 1 % across
#: a bin; measured in tests/test_uncertainty.py).
VARIANT_RESOLUTION = {"floor_area": 5.0, "azimuth": 45.0}



# --------------------------------------------------------------------------
# distributions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """One uncertain input: its family, parameters, clip bounds and source.

    ``value = loc + s·scale·z`` (normal, z standard normal),
    ``loc·exp(s·scale·z − (s·scale)²/2)`` (lognormal: its *mean* is loc, so
    the deterministic run is the expectation of every input, and programme
    totals — sums over many independent dwellings — are centred on it),
    ``loc + s·scale·t`` (triangular, t
    on [−1, 1] with mode 0) or ``loc + s·scale·u`` (uniform, u on [−1, 1]),
    clipped to [low, high]; s is the ``spread`` of :func:`run` (1: as in
    the data; 0: every draw equals ``loc``).
    """

    parameter: str
    distribution: str
    loc: float
    scale: float
    low: float
    high: float
    scope: str
    unit: str
    applies_to: str = ""
    source: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.distribution not in DISTRIBUTIONS:
            raise UnknownNameError(
                f"distribution of {self.parameter}", self.distribution, DISTRIBUTIONS
            )
        if self.scope not in ("house", "programme"):
            raise InputError(
                f"{self.parameter}.scope: {self.scope!r}; allowed 'house', 'programme'"
            )
        for name in ("loc", "scale", "low", "high"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not np.isfinite(v):
                raise InputError(
                    f"{self.parameter}.{name}: {v!r} is not a finite number [{self.unit}]"
                )
        if self.scale < 0:
            raise InputError(f"{self.parameter}.scale: {self.scale!r} [{self.unit}] must be >= 0")
        if not self.low <= self.loc <= self.high:
            raise InputError(
                f"{self.parameter}: loc {self.loc!r} {self.unit} is outside its bounds "
                f"[{self.low!r}, {self.high!r}]"
            )
        if self.distribution == "lognormal" and self.loc <= 0:
            raise InputError(f"{self.parameter}.loc: {self.loc!r} must be > 0 for a lognormal")

    def values(self, u: np.ndarray, spread: float = 1.0) -> np.ndarray:
        """Values from uniform variates ``u`` in (0, 1) (inverse CDF), clipped to [low, high].

        Examples
        --------
        >>> d = Distribution("x", "normal", 0.0, 1.0, -3.0, 3.0, "house", "K")
        >>> d.values(np.array([0.5, 0.8413447460685429]), 1.0).round(6).tolist()
        [0.0, 1.0]
        >>> d.values(np.array([0.9]), 0.0).tolist()
        [0.0]
        """
        from scipy.special import ndtri

        s = float(spread) * self.scale
        if self.distribution in ("normal", "lognormal"):
            z = ndtri(u)
            v = self.loc + s * z if self.distribution == "normal" else self.loc * np.exp(s * z - 0.5 * s * s)
        elif self.distribution == "triangular":
            t = np.where(u < 0.5, np.sqrt(2.0 * u) - 1.0, 1.0 - np.sqrt(2.0 * (1.0 - u)))
            v = self.loc + s * t
        else:
            v = self.loc + s * (2.0 * u - 1.0)
        return np.clip(v, self.low, self.high)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Distribution, ...]:
    out = []
    for i, r in enumerate(read_csv_records("uncertainty", "parameters.csv"), start=1):
        try:
            out.append(
                Distribution(
                    parameter=r["parameter"],
                    distribution=r["distribution"],
                    loc=float(r["loc"]),
                    scale=float(r["scale"]),
                    low=float(r["low"]),
                    high=float(r["high"]),
                    scope=r["scope"],
                    unit=r["unit"],
                    applies_to=r["applies_to"],
                    source=r["source"],
                    note=r["note"],
                )
            )
        except (KeyError, ValueError) as exc:
            raise DataError(f"uncertainty/parameters.csv, data row {i}: {exc}") from None
    names = [d.parameter for d in out]
    if sorted(names) != sorted(PARAMETERS):
        raise DataError(
            f"uncertainty/parameters.csv: parameters {names}; expected {list(PARAMETERS)}"
        )
    return tuple(out)


def parameters(overrides: Mapping[str, Any] | None = None) -> dict[str, Distribution]:
    """The distributions of the Monte Carlo, from ``data/uncertainty/parameters.csv``.

    Parameters
    ----------
    overrides : mapping, optional
        ``{parameter: Distribution}`` or ``{parameter: {field: value}}`` to
        replace a whole distribution or some of its fields (``scale``,
        ``loc``, ``low``, ``high``, ``distribution``, ``scope``).

    Returns
    -------
    dict
        Parameter name → :class:`Distribution`, in :data:`PARAMETERS` order.

    Examples
    --------
    >>> p = parameters()
    >>> p["setpoint_offset"].scale, p["setpoint_offset"].unit, p["price_escalation"].scope
    (1.0, 'K', 'programme')
    >>> parameters({"n50_factor": {"scale": 0.2}})["n50_factor"].scale
    0.2
    """
    out = {d.parameter: d for d in _shipped()}
    for name, v in (overrides or {}).items():
        if name not in out:
            raise UnknownNameError("uncertain parameter", name, PARAMETERS)
        if isinstance(v, Distribution):
            out[name] = dataclasses.replace(v, parameter=name)
        elif isinstance(v, Mapping):
            bad = sorted(set(v) - {"distribution", "loc", "scale", "low", "high", "scope"})
            if bad:
                raise InputError(
                    f"parameters[{name!r}]: unknown field(s) {bad}; allowed distribution, loc, scale, low, high, scope"
                )
            clean = {
                k: (float(x) if k in ("loc", "scale", "low", "high") else x) for k, x in v.items()
            }
            out[name] = dataclasses.replace(out[name], **clean)
        else:
            raise InputError(
                f"parameters[{name!r}]: give a Distribution or a dict of fields, got {type(v).__name__}"
            )
    return {k: out[k] for k in PARAMETERS}


def _stream_key(house_id: Any) -> int:
    """64-bit key of a dwelling's random stream (stable across runs and platforms)."""
    return int.from_bytes(hashlib.blake2b(str(house_id).encode(), digest_size=8).digest(), "little")


def sample(
    house_ids: Sequence[Any],
    n_samples: int,
    seed: int = 0,
    *,
    spread: float = 1.0,
    params: Mapping[str, Distribution] | None = None,
) -> dict[str, np.ndarray]:
    """Draw every uncertain input: (n_samples, n_houses) per dwelling, (n_samples,) per programme.

    Each dwelling has its own random stream, seeded by ``seed`` and a hash
    of its id, and the programme-wide inputs one stream seeded by ``seed``:
    the draws of a dwelling do not depend on the other dwellings of the
    batch nor on their order.

    Examples
    --------
    >>> d = sample(["a", "b"], 4, seed=3)
    >>> d["setpoint_offset"].shape, d["price_escalation"].shape
    ((4, 2), (4,))
    >>> bool((sample(["b"], 4, seed=3)["n50_factor"][:, 0] == d["n50_factor"][:, 1]).all())
    True
    """
    p = dict(params) if params is not None else parameters()
    ids = list(house_ids)
    n = _count(n_samples, "n_samples", "samples")
    s = _spread(spread)
    house_par = [k for k in PARAMETERS if p[k].scope == "house"]
    prog_par = [k for k in PARAMETERS if p[k].scope == "programme"]
    tiny = 2.0**-53
    u_house = np.empty((n, len(ids), len(house_par)))
    for j, h in enumerate(ids):
        rng = np.random.default_rng([int(seed), 0, _stream_key(h)])
        u_house[:, j, :] = rng.random((n, len(house_par)))
    rng = np.random.default_rng([int(seed), 1])
    u_prog = rng.random((n, len(prog_par)))
    out: dict[str, np.ndarray] = {}
    for k, name in enumerate(house_par):
        out[name] = p[name].values(np.clip(u_house[:, :, k], tiny, 1.0 - tiny), s)
    for k, name in enumerate(prog_par):
        out[name] = p[name].values(np.clip(u_prog[:, k], tiny, 1.0 - tiny), s)
    return {k: out[k] for k in PARAMETERS}


def _count(v: Any, name: str, unit: str) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
        raise InputError(f"{name}: {v!r}; give a whole number of {unit} >= 1")
    return int(v)


def _spread(v: Any) -> float:
    try:
        s = float(v)
    except (TypeError, ValueError):
        raise InputError(
            f"spread: {v!r} is not a number; 1 = the spreads of the data, 0 = none"
        ) from None
    if not np.isfinite(s) or s < 0:
        raise InputError(
            f"spread: {v!r}; give a number >= 0 (1 = the spreads of the data, 0 = none)"
        )
    return s


# --------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------


@dataclass
class UncertaintyResult:
    """P10/P50/P90 of a programme's savings, costs and NPV.

    Attributes
    ----------
    per_row : pandas.DataFrame
        One row per (house_id, scenario) evaluated: ``owner``, and for each
        metric of :data:`METRICS` its deterministic value (the table's),
        ``_mean``, ``_p10``, ``_p50``, ``_p90``.
    aggregate : pandas.DataFrame
        Sums over the dwellings (per group of ``by`` when given): index
        ``quantity`` (a metric), columns ``deterministic``, ``mean``,
        ``p10``, ``p50``, ``p90``, ``unit``. Each sample's total is taken
        first, then its quantiles (dwellings sharing a programme-wide draw
        move together).
    parameters : pandas.DataFrame
        The distributions used, with their sources.
    settings : dict
        n_samples, seed, spread, method, parameters' date, dwellings, rows,
        variants, engine rows, set-point bins, and the seconds spent on the
        setup (variants, batch, 3CL shares), on the Monte Carlo (draws,
        engine, metrics) and in all.
    samples : dict or None
        Metric → (n_samples, rows) arrays, when ``keep_samples=True``.
    draws : dict or None
        The inputs drawn (:func:`sample`), when ``keep_samples=True``.
    """

    per_row: pd.DataFrame
    aggregate: pd.DataFrame
    parameters: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)
    samples: dict[str, np.ndarray] | None = None
    draws: dict[str, np.ndarray] | None = None

    def band(self, quantity: str = "npv_eur") -> pd.DataFrame:
        """Per-dwelling P10/P50/P90 of one metric (columns ``p10``, ``p50``, ``p90``, ``deterministic``).

        Examples
        --------
        See :func:`run`.
        """
        if quantity not in METRICS:
            raise UnknownNameError("uncertainty metric", quantity, tuple(METRICS))
        cols = {
            f"{quantity}_p10": "p10",
            f"{quantity}_p50": "p50",
            f"{quantity}_p90": "p90",
            quantity: "deterministic",
        }
        return self.per_row.set_index(["house_id", "scenario"])[list(cols)].rename(columns=cols)


# --------------------------------------------------------------------------
# houses and their physics
# --------------------------------------------------------------------------


def _resolve(result: Any, packages: Any, weather: Any) -> tuple[Any, dict[str, Any], Any]:
    """(ProgrammeResult, {scenario: Package}, weather) from a result or a Programme."""
    from .packages import parse_packages

    pk: dict[str, Any] = {}
    w = weather
    # duck-typed (a Programme runs, a ProgrammeResult has its table and settings): this module
    # sits below rehab.programme, whose results call it
    if callable(getattr(result, "run", None)) and hasattr(result, "packages") and hasattr(result, "options"):
        prog = result
        result = prog.run(progress=False)
        pk = {p.name: p for p in prog.packages}
        w = w if w is not None else prog.options.weather
    if not (hasattr(result, "table") and hasattr(result, "settings") and callable(getattr(result, "choose", None))):
        raise InputError(
            f"result: expected a rehab.programme.ProgrammeResult or Programme, got {type(result).__name__}"
        )
    if packages is not None:
        pk.update({p.name: p for p in parse_packages(packages)})
    names = list(result.settings.get("packages", []))
    missing = [n for n in names if n not in pk]
    if missing:
        from . import packages as _packages

        for n in missing:
            with contextlib.suppress(UnknownNameError, InputError, DataError):
                pk[n] = _packages.package(n)  # a preset; custom packages come with packages=
    if w is None:
        from .weather import default

        w = default()
    return result, pk, w


def _select(result: Any, choice: Any, scenarios: Any) -> pd.DataFrame:
    """The (house_id, scenario) rows to evaluate, with the position of each and of its baseline."""
    import pandas as pd

    t = result.table
    pos = pd.Series(
        np.arange(len(t)), index=pd.MultiIndex.from_arrays([t["house_id"], t["scenario"]])
    )
    if scenarios is not None:
        if choice is not None:
            raise InputError("choice and scenarios: give one of them")
        want = [scenarios] if isinstance(scenarios, str) else list(scenarios)
        known = set(t["scenario"])
        bad = [s for s in want if s not in known]
        if bad:
            raise UnknownNameError("scenario", bad[0], sorted(known))
        sel = t[
            t["scenario"].isin(want) & (t["scenario"] != "baseline") & t["allowed"].astype(bool)
        ][["house_id", "scenario"]]
    else:
        from .objectives import BASELINE, scenario_of

        want = scenario_of(result, choice)
        sel = pd.DataFrame({"house_id": want.index, "scenario": want.to_numpy()})
        sel = sel[sel["scenario"] != BASELINE]
    sel = sel.reset_index(drop=True)
    if len(sel) == 0:
        raise InputError(
            "choice: every dwelling's scenario is 'baseline' (nothing to do, nothing to vary); "
            "give a choice or scenarios= with packages"
        )
    keys = pd.MultiIndex.from_arrays([sel["house_id"], sel["scenario"]])
    missing = ~keys.isin(pos.index)
    if missing.any():
        k = keys[np.flatnonzero(missing)[0]]
        raise InputError(f"choice: no row ({k[0]!r}, {k[1]!r}) in the programme table")
    sel["row"] = pos.reindex(keys).to_numpy()
    sel["base_row"] = pos.reindex(
        pd.MultiIndex.from_arrays([sel["house_id"], ["baseline"] * len(sel)])
    ).to_numpy()
    ok = t["allowed"].astype(bool).to_numpy()[sel["row"].to_numpy()]
    if not ok.all():
        k = sel.loc[~ok].iloc[0]
        raise InputError(f"choice: scenario {k['scenario']!r} is not allowed for {k['house_id']!r}")
    return sel


# --------------------------------------------------------------------------
# run
# --------------------------------------------------------------------------


def run(
    result: Any,
    *,
    n_samples: int = 1000,
    seed: int = 0,
    method: str = "monthly",
    choice: Any = None,
    scenarios: Any = None,
    by: str | Sequence[str] | None = None,
    spread: float = 1.0,
    parameters: Mapping[str, Any] | None = None,
    weather: Any = None,
    packages: Any = None,
    chunk_size: int = 100_000,
    keep_samples: bool = False,
    resolution: Mapping[str, float] | str | None = "auto",
) -> UncertaintyResult:
    """Monte Carlo of a programme's savings, costs and NPV (see the module notes).

    Parameters
    ----------
    result : ProgrammeResult or Programme
        A programme run (a Programme is run first).
    n_samples : int
        Samples per dwelling.
    seed : int
        Seed of the random streams (same seed, same result).
    method : {"monthly"}
        Demand engine of the samples: the monthly method (the hourly one
        would cost 2,000 times more per sample).
    choice : DataFrame or str, optional
        The scenario of each dwelling (:meth:`ProgrammeResult.choose`, or an
        objective name); default ``result.choose()``. Dwellings whose choice
        is ``baseline`` have nothing to vary and are left out.
    scenarios : str or list, optional
        Instead of a choice: every dwelling under these scenarios where they
        are allowed (then the aggregate is per scenario unless ``by`` says
        otherwise).
    by : str or list of str, optional
        Table columns to aggregate by (``owner``, ``archetype``, ``street``,
        ``cite``, ``scenario`` …); default the whole selection.
    spread : float
        Multiplier on every spread (1: as in the data; 0: the deterministic
        run, exactly).
    parameters : mapping, optional
        Overrides of the distributions (:func:`parameters`).
    weather : Weather, optional
        Weather of the monthly engine; default the Programme's, else
        :func:`rehab.weather.default`.
    packages : iterable, optional
        The Package objects of the run when they are not presets (a
        ProgrammeResult keeps only their names).
    chunk_size : int
        Engine rows (samples × dwellings × variants) per engine call; it
        bounds the memory, not the result.
    keep_samples : bool
        Keep every sample of every metric and the draws.
    resolution : "auto", dict or None
        Bin widths of the dwellings' thermal variants used for the relative
        factors (floor area [m²], azimuth [deg]); "auto":
        :data:`VARIANT_RESOLUTION`; None: every dwelling exact. The
        perturbations only need the need ratio r and each carrier's heating
        share, which barely move with a few m² or degrees, while the
        absolute figures stay the table's.

    Returns
    -------
    UncertaintyResult

    Raises
    ------
    InputError
        Bad ``n_samples``, ``spread``, ``chunk_size``, an unknown column in
        ``by``, a choice not in the table, or a package that is not a preset
        and was not given.
    UnknownNameError
        Unknown method, parameter or scenario.
    """
    import pandas as pd

    from .factors import parse_date

    t0 = time.perf_counter()
    n_s = _count(n_samples, "n_samples", "samples")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed: {seed!r}; give a whole number >= 0")
    if method != "monthly":
        raise UnknownNameError("Monte Carlo method", method, ("monthly",))
    s_spread = _spread(spread)
    chunk = _count(chunk_size, "chunk_size", "engine rows")
    dist = globals()["parameters"](parameters)
    res, pkgs, w = _resolve(result, packages, weather)
    t = res.table
    sel = _select(res, choice, scenarios)
    keys = [by] if isinstance(by, str) else (list(by) if by is not None else None)
    if keys is None and scenarios is not None:
        keys = ["scenario"]
    if keys is not None:
        bad = [k for k in keys if k not in t.columns]
        if bad:
            raise InputError(f"by: {bad[0]!r} is not a column of the programme table")
    settings = res.settings
    date = parse_date(settings.get("date", STUDY_DATE))
    rules = settings.get("rules", ("france",))
    horizon = int(settings.get("horizon", 30))
    rate = float(settings.get("discount_rate", finance.DISCOUNT_RATE))
    scen = settings.get("scenario", "central")
    resolution = dict(VARIANT_RESOLUTION if resolution == "auto" else (resolution or {}))

    carriers, price, subscription, ghg = _carrier_figures(t, date)

    # ---- houses: unique variants (as they are and after their scenario)
    hid = sel["house_id"].to_numpy()
    uniq_h = list(dict.fromkeys(hid))
    unit_of, var_houses = _variants(res.houses, sel, uniq_h, pkgs, resolution, rules, date)
    ph = _physics(var_houses, w, carriers, date)
    nv = len(var_houses)

    # ---- the table's figures of each selected row and its baseline
    r_idx = sel["row"].to_numpy()
    n_rows = len(sel)
    f = _table_figures(t, sel, carriers, unit_of, ph, price, subscription)
    det, owner = f.det, f.owner

    t_setup = time.perf_counter() - t0
    # ---- draws
    house_pos = {h: i for i, h in enumerate(uniq_h)}
    hcol = np.array([house_pos[h] for h in hid])
    draws = sample(uniq_h, n_s, int(seed), spread=s_spread, params=dist)
    offs = draws["setpoint_offset"]
    binned = np.round(offs / SETPOINT_STEP) * SETPOINT_STEP
    bins = np.unique(np.concatenate([[0.0], binned.ravel()]))
    bin_of = np.searchsorted(bins, binned)
    b0 = int(np.searchsorted(bins, 0.0))
    climate = _climate_bins(ph.climate, bins)
    nb = len(bins)
    q_nom = _need(
        ph,
        np.arange(nv),
        {"mas": np.ones(nv), "ins": np.ones(nv), "n50": np.ones(nv)},
        np.full(nv, b0),
        nb,
        climate,
    )

    # price escalation per sample and carrier, discounted bill multipliers over the horizon
    pe = draws["price_escalation"][:, None]
    d_nom, d_s = _bill_multipliers(carriers, scen, horizon, rate, pe)
    cost_f = draws["cost_market_factor"][:, None] * draws["cost_house_factor"][:, hcol]  # (S, rows)

    # ---- chunks of dwellings: engine, then the metrics
    rows_of_house: dict[int, list[int]] = {}
    for i, hc in enumerate(hcol):
        rows_of_house.setdefault(int(hc), []).append(i)
    per_chunk = max(1, chunk // n_s)
    q10, q50, q90, mean = ({m: np.zeros(n_rows) for m in METRICS} for _ in range(4))
    group_codes, groups = (
        (np.zeros(n_rows, dtype=np.int64), ["total"]) if keys is None else _codes(t, r_idx, keys)
    )
    sums = {m: np.zeros((n_s, len(groups))) for m in METRICS}
    keep = {m: np.zeros((n_s, n_rows)) for m in METRICS} if keep_samples else None
    ctx = SimpleNamespace(
        **vars(f), rows_of_house=rows_of_house, n_s=n_s, draws=draws, ph=ph, bin_of=bin_of, nb=nb,
        climate=climate, q_nom=q_nom, b0=b0, cost_f=cost_f, d_s=d_s, d_nom=d_nom, price=price, ghg=ghg, pe=pe,
    )
    engine_rows = _monte_carlo(ctx, per_chunk, group_codes, len(groups), q10, q50, q90, mean, sums, keep)

    t_mc = time.perf_counter() - t0 - t_setup
    # ---- tables
    per_row, aggregate = _tables(sel, owner, det, mean, q10, q50, q90, sums, group_codes, groups, keys)
    ptab = pd.DataFrame([dataclasses.asdict(d) for d in dist.values()]).set_index("parameter")
    meta = csv_metadata("uncertainty", "parameters.csv")
    out_settings = {
        "n_samples": n_s,
        "seed": int(seed),
        "spread": s_spread,
        "method": method,
        "parameters_date": meta.get("date", ""),
        "dwellings": len(uniq_h),
        "rows": n_rows,
        "variants": nv,
        "engine_rows": engine_rows,
        "setpoint_bins": nb,
        "price_scenario": scen,
        "seconds_setup": round(t_setup, 3),
        "seconds_monte_carlo": round(t_mc, 3),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    log.info(
        "uncertainty: %d draw(s) x %d row(s) of %d dwelling(s), %d engine row(s), "
        "setup %.2f s, Monte Carlo %.2f s",
        n_s, n_rows, len(uniq_h), engine_rows, t_setup, t_mc,
    )
    return UncertaintyResult(
        per_row=per_row,
        aggregate=aggregate,
        parameters=ptab,
        settings=out_settings,
        samples=keep,
        draws=draws if keep_samples else None,
    )


def _carrier_figures(t: Any, date: Any) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The table's energy carriers (its ``delivered_<carrier>_kwh`` columns), their energy
    prices [€/kWh], subscriptions [€/yr] and heating GHG factors [kgCO2e/kWh] at ``date``."""
    from .factors import ghg_factor

    carriers = sorted(
        c[len("delivered_") : -len("_kwh")]
        for c in t.columns
        if c.startswith("delivered_") and c.endswith("_kwh") and c != "delivered_kwh"
    )
    if not carriers:
        raise InputError(
            "result table: no delivered_<carrier>_kwh column (a ProgrammeResult table is needed)"
        )
    price = np.array([finance.tariff(c, date).energy_price() for c in carriers])
    subscription = np.array([finance.tariff(c, date).subscription_eur_per_yr for c in carriers])
    ghg = np.array([ghg_factor(c, "heating", date) for c in carriers])

    return carriers, price, subscription, ghg


def _table_figures(t: Any, sel: Any, carriers: list[str], unit_of: dict, ph: Any, price: np.ndarray,
                   subscription: np.ndarray) -> SimpleNamespace:
    """The programme table's figures of every selected row and of its baseline: delivered
    energy, its heating part and year-1 bill per carrier, the deterministic metrics."""
    import pandas as pd

    r_idx = sel["row"].to_numpy()
    b_idx = sel["base_row"].to_numpy()
    n_rows = len(sel)

    def col(name: str, idx: np.ndarray) -> np.ndarray:
        if name not in t.columns:
            return np.zeros(len(idx))
        return pd.to_numeric(t[name], errors="coerce").to_numpy(dtype=float)[idx]

    e_row = np.stack([col(f"delivered_{c}_kwh", r_idx) for c in carriers], axis=1)
    e_base = np.stack([col(f"delivered_{c}_kwh", b_idx) for c in carriers], axis=1)
    e_row, e_base = np.nan_to_num(e_row), np.nan_to_num(e_base)
    v_row = np.array(
        [unit_of[(h, s)] for h, s in zip(sel["house_id"], sel["scenario"], strict=True)],
        dtype=np.int64,
    )
    v_base = np.array([unit_of[(h, "baseline")] for h in sel["house_id"]], dtype=np.int64)
    heat_row = ph.heat_share[v_row] * e_row  # (rows, C) kWh/yr
    heat_base = ph.heat_share[v_base] * e_base
    bill_row = price * e_row + subscription * (e_row > 0)  # year-1 bill per carrier
    bill_base = price * e_base + subscription * (e_base > 0)
    det = {
        "heating_need_saved_kwh": col("heating_need_kwh", b_idx) - col("heating_need_kwh", r_idx),
        "savings_kwh": col("savings_kwh", r_idx),
        "savings_eur": col("savings_eur", r_idx),
        "co2_saved_kg": col("co2_kg", b_idx) - col("co2_kg", r_idx),
        "cost_ttc_eur": col("cost_ttc_eur", r_idx),
        "net_cost_eur": col("net_cost_eur", r_idx),
        "npv_eur": col("npv_eur", r_idx),
    }
    need_b = col("heating_need_kwh", b_idx)
    need_r = col("heating_need_kwh", r_idx)
    subsidies = det["cost_ttc_eur"] - det["net_cost_eur"]
    owner = (
        t["owner"].to_numpy()[r_idx] if "owner" in t.columns else np.full(n_rows, "owner_occupier")
    )
    occupier = owner == "owner_occupier"
    return SimpleNamespace(det=det, owner=owner, occupier=occupier, v_row=v_row, v_base=v_base,
                           heat_row=heat_row, heat_base=heat_base, bill_row=bill_row, bill_base=bill_base,
                           need_b=need_b, need_r=need_r, subsidies=subsidies)


def _bill_multipliers(carriers: list[str], scen: str, horizon: int, rate: float,
                      pe: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Present value of one euro of year-1 bill over the horizon per carrier, at the nominal
    escalation (C,) and at each sample's (S, C): the price-escalation draw ``pe`` moves the
    scenario's rate towards the high (pe > 0) or low (pe < 0) scenario."""
    tt = np.arange(1, horizon + 1, dtype=float)
    disc = (1.0 + rate) ** -tt
    r_nom = np.array([finance.escalation_rate(c, scen) for c in carriers])
    r_lo = np.array([finance.escalation_rate(c, "low") for c in carriers])
    r_mid = np.array([finance.escalation_rate(c, "central") for c in carriers])
    r_hi = np.array([finance.escalation_rate(c, "high") for c in carriers])
    r_s = np.where(pe >= 0, r_nom + pe * (r_hi - r_mid), r_nom + pe * (r_mid - r_lo))  # (S, C)

    def pv(rates: np.ndarray) -> np.ndarray:
        return ((1.0 + rates[..., None]) ** (tt - 1.0) * disc).sum(axis=-1)

    d_nom = pv(r_nom)
    return d_nom, np.where(pe == 0.0, d_nom, pv(r_s))


def _tables(sel: Any, owner: np.ndarray, det: dict, mean: dict, q10: dict, q50: dict, q90: dict,
            sums: dict, group_codes: np.ndarray, groups: list, keys: list[str] | None) -> tuple[Any, Any]:
    """Per-row bands and the aggregate bands (per group of ``keys``) of every metric."""
    import pandas as pd

    per_row = sel[["house_id", "scenario"]].copy()
    per_row["owner"] = owner
    for m in METRICS:
        per_row[m] = det[m]
        per_row[f"{m}_mean"] = mean[m]
        per_row[f"{m}_p10"] = q10[m]
        per_row[f"{m}_p50"] = q50[m]
        per_row[f"{m}_p90"] = q90[m]
    agg_rows = []
    det_sums = {m: np.bincount(group_codes, weights=det[m], minlength=len(groups)) for m in METRICS}
    for g, name in enumerate(groups):
        for m, unit in METRICS.items():
            v = sums[m][:, g]
            p = np.quantile(v, [0.1, 0.5, 0.9])
            rec = (
                {}
                if keys is None
                else dict(zip(keys, name if isinstance(name, tuple) else (name,), strict=True))
            )
            rec.update(
                quantity=m,
                deterministic=float(det_sums[m][g]),
                mean=float(v.mean()),
                p10=float(p[0]),
                p50=float(p[1]),
                p90=float(p[2]),
                unit=unit,
            )
            agg_rows.append(rec)
    aggregate = pd.DataFrame(agg_rows)
    aggregate = aggregate.set_index(["quantity"] if keys is None else [*keys, "quantity"])
    return per_row, aggregate


def _monte_carlo(ctx: Any, per_chunk: int, group_codes: np.ndarray, n_groups: int, q10: dict, q50: dict,
                 q90: dict, mean: dict, sums: dict, keep: dict | None) -> int:
    """Chunks of dwellings (at most ``per_chunk`` engine units × samples): their metrics
    (:func:`_chunk_metrics`) reduced into the per-row bands and the group sums, in place.
    Returns the engine rows computed."""
    rows_of_house = ctx.rows_of_house
    units_per_house = {hc: 1 + len(rs) for hc, rs in rows_of_house.items()}
    order = sorted(rows_of_house)
    engine_rows = 0
    start = 0
    while start < len(order):
        hs = []
        units = 0
        while start < len(order) and (not hs or units + units_per_house[order[start]] <= per_chunk):
            hs.append(order[start])
            units += units_per_house[order[start]]
            start += 1
        rows_a, out, n_eng = _chunk_metrics(ctx, hs)
        engine_rows += n_eng
        onehot = np.zeros((len(rows_a), n_groups))
        onehot[np.arange(len(rows_a)), group_codes[rows_a]] = 1.0
        for m, v in out.items():
            qs = np.quantile(v, [0.1, 0.5, 0.9], axis=0)
            q10[m][rows_a], q50[m][rows_a], q90[m][rows_a] = qs
            mean[m][rows_a] = v.mean(axis=0)
            sums[m] += v @ onehot
            if keep is not None:
                keep[m][:, rows_a] = v
    return engine_rows


def _chunk_metrics(ctx: Any, hs: list[int]) -> tuple[np.ndarray, dict[str, np.ndarray], int]:
    """The Monte Carlo metrics of the selected rows of dwellings ``hs``: one engine call on
    every (sample, unit), then the perturbed savings, costs and NPV (rows, samples)."""
    c = ctx
    rows_of_house, v_base, v_row, n_s, draws, ph, bin_of, nb, climate = (
        c.rows_of_house, c.v_base, c.v_row, c.n_s, c.draws, c.ph, c.bin_of, c.nb, c.climate)
    q_nom, b0, heat_base, heat_row, cost_f, det, bill_base, bill_row, d_s = (
        c.q_nom, c.b0, c.heat_base, c.heat_row, c.cost_f, c.det, c.bill_base, c.bill_row, c.d_s)
    d_nom, price, ghg, need_b, need_r, subsidies, occupier, pe = (
        c.d_nom, c.price, c.ghg, c.need_b, c.need_r, c.subsidies, c.occupier, c.pe)
    # units of the chunk: each house's baseline, then its selected rows
    u_var, u_house, row_unit, row_base_unit, rows = [], [], [], [], []
    for hc in hs:
        ub = len(u_var)
        u_var.append(v_base[rows_of_house[hc][0]])
        u_house.append(hc)
        for i in rows_of_house[hc]:
            row_base_unit.append(ub)
            row_unit.append(len(u_var))
            rows.append(i)
            u_var.append(v_row[i])
            u_house.append(hc)
    u_var_a, u_house_a = np.asarray(u_var), np.asarray(u_house)
    nu = len(u_var_a)
    var = np.tile(u_var_a, n_s)
    hh = np.tile(u_house_a, n_s)
    ss = np.repeat(np.arange(n_s), nu)
    fac = {
        "mas": draws["lambda_masonry_factor"][ss, hh],
        "ins": draws["lambda_insulation_factor"][ss, hh],
        "n50": draws["n50_factor"][ss, hh],
    }
    q = _need(ph, var, fac, bin_of[ss, hh], nb, climate).reshape(n_s, nu)
    share = draws["heated_share_factor"][:, u_house_a]
    nominal = (
        (bin_of[:, u_house_a] == b0)
        & (share == 1.0)
        & (draws["n50_factor"][:, u_house_a] == 1.0)
        & (draws["lambda_masonry_factor"][:, u_house_a] == 1.0)
        & (draws["lambda_insulation_factor"][:, u_house_a] == 1.0)
    )
    qn = q_nom[u_var_a][None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(qn > 0, share * q / np.where(qn > 0, qn, 1.0), 1.0)
    ratio = np.where(nominal, 1.0, ratio)
    rows_a = np.asarray(rows)
    rb = ratio[:, row_base_unit]  # (S, rows)
    rr = ratio[:, row_unit]
    dh_b = heat_base[rows_a][None, :, :] * (rb - 1.0)[:, :, None]  # (S, rows, C)
    dh_r = heat_row[rows_a][None, :, :] * (rr - 1.0)[:, :, None]
    dd = dh_b - dh_r
    cf = cost_f[:, rows_a]
    cost = np.where(cf == 1.0, det["cost_ttc_eur"][rows_a], det["cost_ttc_eur"][rows_a] * cf)
    e_npv = ((bill_base[rows_a] - bill_row[rows_a])[None] * (d_s - d_nom)[:, None, :]).sum(
        axis=-1
    ) + (price * dd * d_s[:, None, :]).sum(axis=-1)
    out = {
        "heating_need_saved_kwh": need_b[rows_a] * rb - need_r[rows_a] * rr,
        "savings_kwh": det["savings_kwh"][rows_a] + dd.sum(axis=-1),
        "savings_eur": det["savings_eur"][rows_a] + (price * dd).sum(axis=-1),
        "co2_saved_kg": det["co2_saved_kg"][rows_a] + (ghg * dd).sum(axis=-1),
        "cost_ttc_eur": cost,
        "net_cost_eur": cost - subsidies[rows_a],
        "npv_eur": det["npv_eur"][rows_a]
        - (cost - det["cost_ttc_eur"][rows_a])
        + np.where(occupier[rows_a], e_npv, 0.0),
    }
    # exact deterministic values where nothing moved
    still = nominal[:, row_base_unit] & nominal[:, row_unit]
    for m in ("heating_need_saved_kwh", "savings_kwh", "savings_eur", "co2_saved_kg"):
        out[m] = np.where(still, det[m][rows_a], out[m])
    still_npv = still & (cf == 1.0) & (pe == 0.0)
    out["npv_eur"] = np.where(still_npv, det["npv_eur"][rows_a], out["npv_eur"])
    return rows_a, out, n_s * nu


def _codes(t: pd.DataFrame, idx: np.ndarray, keys: list[str]) -> tuple[np.ndarray, list]:
    import pandas as pd

    sub = t.iloc[idx][keys].astype(object).where(t.iloc[idx][keys].notna(), "(none)")
    mi = pd.MultiIndex.from_frame(sub) if len(keys) > 1 else pd.Index(sub[keys[0]])
    codes, uniques = pd.factorize(mi, sort=True)
    return codes.astype(np.int64), list(uniques)
