"""Dwellings × scenarios as house tables: what a programme computes, built without a House per dwelling.

A *unit* is one dwelling after one scenario (the house as it is, then each
package). :func:`from_rows` builds the units of stock rows that name an
archetype: dwellings are grouped by *template* — archetype, main wall
thickness and heritage flag, what decides which measures apply and how —
each package runs once on each template (:meth:`rehab.retrofit.Package.run`,
constraints and rule sets checked there), and the template before and after
each package is laid out for every dwelling of the group with array
operations (:mod:`rehab.layout`); the airtightness target and the cost-line
quantities are measured on each dwelling (:mod:`rehab.transforms`).
:func:`from_houses` does the same for given Houses, each its own template.

Examples
--------
>>> import numpy as np, rehab
>>> from rehab.scenarios import from_rows
>>> pk = [rehab.packages.get("attic-only")]
>>> u = from_rows({"archetype": np.array(["coron-mid-terrace"] * 2, dtype=object),
...                "floor_area": np.array([55.0, 65.0])}, pk, date="2026-06-01", year=2026)
>>> u.n_dwellings, u.n_scenarios, len(u.table)
(2, 2, 4)
>>> u.cost_ttc.round(0).tolist()
[0.0, 806.0, 0.0, 953.0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

from . import finance
from .errors import ConstraintError
from .layout import box_table, laid_like
from .subsidies_geste import aid_quantities
from .table import HouseTable, concat
from .transforms import airtightness, measure_quantities, price_lines

__all__ = ["THERMAL_FREE", "Units", "from_houses", "from_rows"]

#: Measure kinds that leave the thermal model alone (systems, PV).
THERMAL_FREE = ("heating", "dhw", "pv")


@dataclass
class Units:
    """Dwellings × scenarios (unit u = dwelling·n_scenarios + scenario; scenario 0 = as it is).

    Attributes
    ----------
    table : HouseTable
        Thermal models; ``thermal[u]`` is the row of unit u (−1: refused).
        Units whose package only changes systems share their baseline row.
    thermal, base : numpy.ndarray of int
        Row in ``table``; unit of the dwelling's baseline.
    allowed : numpy.ndarray of bool
    refused : numpy.ndarray of str
        Why a package is forbidden on the dwelling ("" if allowed).
    thermal_free : numpy.ndarray of bool
        The scenario changes systems or PV only.
    heating_after, dhw_after : numpy.ndarray of object
        Systems the scenario installs (None: the dwelling keeps its own).
    cost_ht, cost_ttc, aid_ht, aid_ttc : numpy.ndarray
        Cost of the works [EUR] (aid_*: the lines the aid rules see).
    spend : numpy.ndarray, shape (n_units, horizon + 1)
        TTC spending of years 0..H, replacements and residual value included.
    has_aid_lines : numpy.ndarray of bool
    aid_kinds : numpy.ndarray of object
        Measure kinds of the package for the aid rules (tuple per unit).
    aid_quantities : numpy.ndarray of object
        Par-geste quantities of each unit ((kind, quantity) pairs:
        attic/roof m², number of windows).
    carbon : dict of numpy.ndarray
        ``upfront_kgco2e`` (A1–A5), ``embodied_kgco2e`` (over the horizon,
        replacements and end of life included) [kgCO2e] and
        ``biogenic_kgco2`` stored [kgCO2] of the works of each unit.
    outcome : numpy.ndarray of object
        The package run on the unit's template (PV arrays, notes), None for baselines.
    moisture_house : numpy.ndarray of object
        A House with the unit's wall constructions (the Glaser check depends on nothing else).
    moisture_key : numpy.ndarray of object
        Units with equal keys share their moisture check.
    scenario_names, titles, measures : list of str
    houses : list or None
        Given Houses (from_houses), for what still needs a House.
    rows : dict
        The stock rows (from_rows), for the same reason.
    cache : dict or None
        What the chunks of a programme share (:func:`from_rows`'s ``cache``):
        templates, package runs, moisture checks by template key.
    """

    table: HouseTable
    n_dwellings: int
    n_scenarios: int
    thermal: np.ndarray
    base: np.ndarray
    allowed: np.ndarray
    refused: np.ndarray
    thermal_free: np.ndarray
    heating_after: np.ndarray
    dhw_after: np.ndarray
    cost_ht: np.ndarray
    cost_ttc: np.ndarray
    aid_ht: np.ndarray
    aid_ttc: np.ndarray
    spend: np.ndarray
    has_aid_lines: np.ndarray
    aid_kinds: np.ndarray
    aid_quantities: np.ndarray
    carbon: dict[str, np.ndarray]
    outcome: np.ndarray
    moisture_house: np.ndarray
    moisture_key: np.ndarray
    scenario_names: list[str]
    titles: list[str]
    measures: list[str]
    houses: list[Any] | None = None
    rows: dict[str, Any] | None = field(default=None, repr=False)
    cache: dict[Any, Any] | None = field(default=None, repr=False)
    rules: tuple = ()
    date: Any = None
    year: Any = None

    def __len__(self) -> int:
        return self.n_dwellings * self.n_scenarios

    def house(self, u: int) -> Any:
        """Unit ``u`` as a :class:`rehab.House` (built on demand; for realistic-use calibration)."""
        from . import archetypes

        d, s = divmod(u, self.n_scenarios)
        if self.houses is not None:
            h = self.houses[d]
        else:
            r = self.rows or {}
            ov = {c: float(r[c][d]) for c in ("floor_area", "azimuth", "window_scale", "n50", "wall_thickness")
                  if c in r and not np.isnan(r[c][d])}
            if "heritage" in r and bool(r["heritage"][d]):
                ov["heritage"] = True
            label = str(r["name"][d]) if "name" in r else f"dwelling-{d + 1}"
            h = archetypes.get(str(r["archetype"][d]), name=label, **ov)
        oc = self.outcome[u]
        if s == 0 or oc is None:
            return h
        return oc.package.run(h, rules=self.rules, date=self.date, year=self.year).house


# ---------------------------------------------------------------------------


def _scenario_labels(packages: Sequence[Any]) -> tuple[list[str], list[str], list[str]]:
    names = ["baseline"] + [p.name for p in packages]
    titles = ["house as it is"] + [p.title or p.name for p in packages]
    meas = [""] + ["; ".join(m.name for m in p.measures) for p in packages]
    return names, titles, meas


def _systems_after(p: Any, outcome: Any) -> tuple[Any, Any]:
    from .retrofit import DHWReplacement, HeatingReplacement

    heat = outcome.house.heating if any(isinstance(m, HeatingReplacement) for m in p.measures) else None
    dhw = outcome.house.dhw if any(isinstance(m, DHWReplacement) for m in p.measures) else None
    return heat, dhw


def _costs(p: Any, template: Any, table: HouseTable, n50_works: dict[int, np.ndarray], year: Any, horizon: int,
           sizing: Any, memo: dict[Any, Any] | None = None, proto: HouseTable | None = None) -> dict[str, np.ndarray]:
    """Per-dwelling cost columns of package ``p`` (lines re-measured on each dwelling; heat pumps
    sized on each dwelling after the package: ``sizing()`` gives their power [kW],
    :mod:`rehab.costs_heatpump`; ``memo``, ``proto``: :func:`rehab.transforms.measure_quantities`)."""
    from .costs_heatpump import POWER_ITEM

    lines: list[tuple[Any, np.ndarray]] = []
    owners: list[Any] = []
    kw = None
    # measures select elements by kind, side, street flag or name, and no measure adds or
    # removes one: the template before the package selects what each measure saw
    for j, m in enumerate(p.measures):
        got = measure_quantities(m, template, table, n50_works.get(j), memo, proto)
        if any(ln.item == POWER_ITEM for ln, _q in got):
            if kw is None:
                kw = sizing()
            got = [(ln, kw if ln.item == POWER_ITEM else q) for ln, q in got]
        lines.extend(got)
        owners.extend([m] * len(got))
    n = len(table)
    if not lines:
        z = np.zeros(n)
        return {"ht": z, "ttc": z, "aid_ht": z, "aid_ttc": z, "spend": np.zeros((n, horizon + 1)),
                "has_aid": np.zeros(n, dtype=bool), "aid_quantities": {},
                **{c: z for c in _CARBON}}
    pr = price_lines(lines, owners, year)
    aid_q = aid_quantities([ln for ln, _q in lines], [q for _ln, q in lines])
    emb = _embodied(lines, owners, pr["present"], horizon)
    ht = np.where(pr["present"], pr["ht"], 0.0)
    ttc = np.where(pr["present"], pr["ttc"], 0.0)
    sched = finance.replacement_schedule(pr["lifetime"], horizon)
    return {
        "ht": ht.sum(axis=1),
        "ttc": ttc.sum(axis=1),
        "aid_ht": (ht * pr["aid"]).sum(axis=1),
        "aid_ttc": (ttc * pr["aid"]).sum(axis=1),
        "spend": ttc @ sched,
        "has_aid": (pr["present"] & pr["aid"]).any(axis=1),
        "aid_quantities": aid_q,
        **emb,
    }


#: Embodied-carbon columns of the units [kgCO2e, biogenic kgCO2] (:func:`rehab.carbon.embodied_from_quantities`).
_CARBON = ("upfront_kgco2e", "embodied_kgco2e", "biogenic_kgco2")


def _embodied(lines: list[tuple[Any, np.ndarray]], owners: list[Any], present: np.ndarray,
              horizon: int) -> dict[str, np.ndarray]:
    """Embodied carbon of a package on every dwelling, from its cost-line quantities
    (:func:`rehab.carbon.measure_rows`: the same products as :func:`rehab.carbon.package_carbon`),
    replacements over the horizon included."""
    from .embodied import embodied_from_quantities, measure_rows

    products: dict[str, np.ndarray] = {}
    by_measure: dict[int, tuple[Any, dict[str, np.ndarray]]] = {}
    for j, ((ln, q), m) in enumerate(zip(lines, owners, strict=True)):
        items = by_measure.setdefault(id(m), (m, {}))[1]
        qq = np.where(present[:, j], q, 0.0)
        items[ln.item] = items[ln.item] + qq if ln.item in items else qq
    for m, items in by_measure.values():
        for k, v in measure_rows(m, items).items():
            products[k] = products[k] + v if k in products else v
    n = present.shape[0]
    if not products:
        z = np.zeros(n)
        return {c: z for c in _CARBON}
    e = embodied_from_quantities(products, horizon)
    return {c: np.asarray(e[c], dtype=float) for c in _CARBON}


class _Builder:
    """Accumulates the units of template groups, then orders them dwelling-major."""

    def __init__(self, n: int, packages: Sequence[Any], horizon: int, memo: dict[Any, Any] | None = None) -> None:
        k = 1 + len(packages)
        self.memo = {} if memo is None else memo  # rehab.transforms.measure_quantities
        self.k = k
        self.n = n
        nu = n * k
        self.packages = packages
        self.tables: list[HouseTable] = []
        self.offset = 0
        self.thermal = np.full(nu, -1, dtype=np.int64)
        self.allowed = np.zeros(nu, dtype=bool)
        self.refused = np.full(nu, "", dtype=object)
        self.free = np.zeros(nu, dtype=bool)
        self.heat = np.full(nu, None, dtype=object)
        self.dhw = np.full(nu, None, dtype=object)
        self.cost = {c: np.zeros(nu) for c in ("ht", "ttc", "aid_ht", "aid_ttc")}
        self.spend = np.zeros((nu, horizon + 1))
        self.carbon = {c: np.zeros(nu) for c in _CARBON}
        self.has_aid = np.zeros(nu, dtype=bool)
        self.aid_q = np.empty(nu, dtype=object)
        self.aid_q.fill(())
        self.kinds = np.empty(nu, dtype=object)
        self.kinds.fill(())
        self.outcome = np.full(nu, None, dtype=object)
        self.m_house = np.full(nu, None, dtype=object)
        self.m_key = np.full(nu, None, dtype=object)
        #: cost jobs (units, package, template, base table, airtightness works, rows after),
        #: priced once the whole table is derived (heat pumps are sized on it)
        self.pending: list[tuple[Any, ...]] = []

    def add_table(self, t: HouseTable) -> np.ndarray:
        rows = np.arange(self.offset, self.offset + len(t))
        self.tables.append(t)
        self.offset += len(t)
        return rows

    def group(self, dw: np.ndarray, base_table: HouseTable, template: Any, outcomes: list[Any], layout: Any,
              mkey: Any, proto: HouseTable | None = None) -> None:
        """Add the units of dwellings ``dw`` sharing ``template``; ``layout(house, n50) -> HouseTable``;
        ``proto``: the one-house table ``base_table`` repeats, if it does."""
        from .subsidies import MEASURE_KINDS

        k = self.k
        u0 = dw * k
        base_rows = self.add_table(base_table)
        self.thermal[u0] = base_rows
        self.allowed[u0] = True
        self.m_house[u0] = template
        _fill(self.m_key, u0, mkey)
        n50_row = base_table.houses["n50"]
        for s, (p, oc) in enumerate(zip(self.packages, outcomes, strict=True), start=1):
            u = u0 + s
            if isinstance(oc, str):
                self.refused[u] = oc
                continue
            self.allowed[u] = True
            self.outcome[u] = oc
            free = all(m.kind in THERMAL_FREE for m in p.measures)
            self.free[u] = free
            heat, dhw = _systems_after(p, oc)
            self.heat[u] = heat
            self.dhw[u] = dhw
            # the per-dwelling part: airtightness targets (in package order)
            works: dict[int, np.ndarray] = {}
            n50 = n50_row
            for j, m in enumerate(p.measures):
                if m.kind == "airtightness":  # reads n50, the cold envelope and the volume
                    n50, works[j] = airtightness(base_table.with_houses(n50=n50), m)
            if free:
                after_rows = base_rows
                self.m_house[u] = template
                _fill(self.m_key, u, mkey)
            else:
                after_rows = self.add_table(layout(oc.house, n50))
                self.m_house[u] = oc.house
                _fill(self.m_key, u, (mkey, p.name))
            self.thermal[u] = after_rows
            self.pending.append((u, p, template, base_table, works, after_rows, proto))
            _fill(self.kinds, u, tuple(x for x in oc.aid_kinds if x in MEASURE_KINDS))

    def _price(self, table: HouseTable, year: Any, horizon: int) -> None:
        """Cost columns of the pending jobs, on the whole (derived) table."""
        from .costs_heatpump import heat_pump_power_kw

        loss: list[np.ndarray] = []
        for u, p, template, base_table, works, rows, proto in self.pending:

            def sizing(rows: np.ndarray = rows) -> np.ndarray:
                if not loss:
                    loss.append(table.heat_loss()["h_total"])
                hs = table.houses
                return heat_pump_power_kw(loss[0][rows], hs["zone"][rows], hs["altitude"][rows])

            c = _costs(p, template, base_table, works, year, horizon, sizing, self.memo, proto)
            for name in ("ht", "ttc", "aid_ht", "aid_ttc"):
                self.cost[name][u] = c[name]
            self.spend[u] = c["spend"]
            self.has_aid[u] = c["has_aid"]
            for name in _CARBON:
                self.carbon[name][u] = c[name]
            aq = c["aid_quantities"]
            # per unit: ((key, quantity rounded to 0.01), …) in the order of the keys
            pairs = [zip(repeat(key), _round2(np.asarray(aq[key], dtype=float))) for key in aq]
            self.aid_q[u] = np.fromiter(zip(*pairs, strict=True) if pairs else repeat((), len(u)), dtype=object, count=len(u))

    def finish(self, names: list[str], titles: list[str], meas: list[str], prices: tuple[Any, int], *,
               derive: bool = False, **extra: Any) -> Units:
        """The units; ``prices``: (price year, horizon); ``derive``: derive the whole table (rows
        laid out from derived templates, :meth:`rehab.table.HouseTable.derive` with
        ``constructions=False``)."""
        k = self.k
        base = np.repeat(np.arange(self.n) * k, k)
        table = concat(self.tables) if self.tables else None
        if derive and table is not None:
            table.derive(constructions=False)
        if table is not None:
            self._price(table, *prices)
        return Units(
            table=table,
            n_dwellings=self.n,
            n_scenarios=k,
            thermal=self.thermal,
            base=base,
            allowed=self.allowed,
            refused=self.refused,
            thermal_free=self.free,
            heating_after=self.heat,
            dhw_after=self.dhw,
            cost_ht=self.cost["ht"],
            cost_ttc=self.cost["ttc"],
            aid_ht=self.cost["aid_ht"],
            aid_ttc=self.cost["aid_ttc"],
            spend=self.spend,
            has_aid_lines=self.has_aid,
            aid_kinds=self.kinds,
            aid_quantities=self.aid_q,
            carbon=self.carbon,
            outcome=self.outcome,
            moisture_house=self.m_house,
            moisture_key=self.m_key,
            scenario_names=names,
            titles=titles,
            measures=meas,
            **extra,
        )


def _round2(x: np.ndarray) -> list[float]:
    """``[round(v, 2) for v in x]``, vectorised.

    Python's ``round(v, 2)`` is the double nearest to v rounded to two decimals
    exactly. Where 100·v is not near a half, that decimal is k/100 with k the
    integer nearest to the computed 100·v, and k/100 divided in floating point is
    that double: only near-halves (and huge or non-finite values) go through
    ``round`` itself.
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    with np.errstate(invalid="ignore", over="ignore"):
        y = x * 100.0
        k = np.rint(y)
        out = k / 100.0
        hard = ~(np.abs(np.abs(y - k) - 0.5) > 1e-6) | ~(np.abs(y) < 2.0**50)
    for i in np.flatnonzero(hard).tolist():
        out[i] = round(float(x[i]), 2)
    return out.tolist()


def _fill(arr: np.ndarray, index: np.ndarray, value: Any) -> None:
    """Put one (possibly tuple) value at every ``index`` of an object array."""
    same = np.empty(len(index), dtype=object)
    same.fill(value)
    arr[index] = same


def _groups(arch: np.ndarray, wt: np.ndarray, her: np.ndarray) -> list[tuple[tuple[str, float | None, bool], np.ndarray]]:
    """The templates of the rows — (archetype, wall thickness or None, heritage) — and the
    rows of each, in the order of their first row."""
    from .table import _factorize

    n = len(arch)
    if not n:
        return []
    ac, anames = _factorize(np.asarray(arch, dtype=object).astype(str))
    nan = np.isnan(wt)
    wc, wvals = _factorize(np.where(nan, 0.0, wt))
    wc = np.where(nan, len(wvals), wc)  # the archetype's own thickness: a code of its own
    key = (ac * (len(wvals) + 1) + wc) * 2 + her.astype(np.int64)
    uk, first, inv = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # groups by first row
    rank = np.empty(len(uk), dtype=np.int64)
    rank[order] = np.arange(len(uk))
    g = rank[inv.reshape(-1)]
    rows = np.argsort(g, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(g, minlength=len(uk)))))
    out = []
    for j, i0 in enumerate(first[order].tolist()):
        w = wt[i0]
        out.append(((str(anames[ac[i0]]), None if np.isnan(w) else float(w), bool(her[i0])), rows[bounds[j]:bounds[j + 1]]))
    return out


def _run_packages(template: Any, packages: Sequence[Any], rules: Any, date: Any, year: Any) -> list[Any]:
    out: list[Any] = []
    for p in packages:
        try:
            out.append(p.run(template, rules=rules, date=date, year=year))
        except ConstraintError as exc:
            out.append(str(exc))
    return out


def _template(name: str, thick: float | None, heritage: bool, packages: Sequence[Any], rules: Any, date: Any,
              year: Any, g: int) -> tuple[Any, list[Any], dict[int, HouseTable], float, set[int]]:
    """A template (archetype, wall thickness, heritage), its package runs, the one-house
    table of each House among them, the layout's partition ratio (what
    :func:`rehab.layout.box_table` lays out) and the Houses laid out as the template is."""
    from . import archetypes

    # messages about the template name it "variant-g" (a programme renames it per dwelling)
    ov: dict[str, Any] = {"heritage": heritage, "name": f"variant-{g}"}
    if thick is not None:
        ov["wall_thickness"] = thick
    template = archetypes.get(name, **ov)
    outcomes = _run_packages(template, packages, rules, date, year)
    tables = {id(template): HouseTable.from_houses([template])}
    for oc in outcomes:
        if not isinstance(oc, str) and id(oc.house) not in tables:
            tables[id(oc.house)] = HouseTable.from_houses([oc.house])
    return (template, outcomes, tables, archetypes.recipe(name).get("partition_ratio", 0.6),
            _shared_layouts(template, outcomes, tables))


def _shared_layouts(template: Any, outcomes: list[Any], tables: dict[int, HouseTable]) -> set[int]:
    """ids of the Houses after a package laid out as the template is (:func:`rehab.layout.same_layout`)."""
    from .layout import same_layout

    t0 = tables[id(template)]
    return {id(oc.house) for oc in outcomes
            if not isinstance(oc, str) and same_layout(template, t0, oc.house, tables[id(oc.house)])}


def from_rows(
    rows: Mapping[str, Any],
    packages: Sequence[Any],
    *,
    rules: Sequence[Any] = (),
    date: Any = None,
    year: Any = None,
    horizon: int = 30,
    cache: dict[Any, Any] | None = None,
) -> Units:
    """The units of stock rows naming an archetype (module docstring).

    Parameters
    ----------
    rows : mapping of arrays
        ``archetype`` (str) and optionally ``floor_area``, ``azimuth``,
        ``window_scale``, ``n50``, ``wall_thickness`` (NaN: the
        archetype's), ``heritage`` (bool), ``name``.
    packages : sequence of Package
    rules, date, year
        As for :meth:`rehab.retrofit.Package.run`.
    horizon : int
        Years of the spending schedule.
    cache : dict, optional
        Kept between calls (the chunks of a programme): each template, its
        package runs and their one-house tables are computed once.
    """
    arch = np.asarray(rows["archetype"], dtype=object)
    n = len(arch)

    def col(c: str) -> np.ndarray:
        if c not in rows:
            return np.full(n, np.nan)
        return np.asarray(rows[c], dtype=float)

    wt = col("wall_thickness")
    her = np.asarray(rows["heritage"], dtype=bool) if "heritage" in rows else np.zeros(n, dtype=bool)
    shared = {} if cache is None else cache
    b = _Builder(n, packages, horizon, memo=shared.setdefault("quantity plans", {}))
    pkey = (tuple(id(p) for p in packages), tuple(id(r) for r in rules), str(date), str(year))
    for (name, thick, heritage), dw in _groups(arch, wt, her):
        tpl = shared.get((name, thick, heritage, pkey))
        if tpl is None:
            tpl = shared[(name, thick, heritage, pkey)] = _template(name, thick, heritage, packages, rules, date, year,
                                                                    len(shared))
        template, outcomes, tables, ratio, alike = tpl
        sub = {c: col(c)[dw] for c in ("floor_area", "azimuth", "window_scale", "n50")}
        if "name" in rows:
            sub["name"] = np.asarray(rows["name"], dtype=object)[dw]
        # the layouts' U, b, ψ, H_ve and mass are derived once, on the whole table (_Builder.finish);
        # what is read before (airtightness, cost quantities) is areas, names and volumes
        base_table = box_table(template, sub, partition_ratio=ratio, base=tables[id(template)], derive=False)

        def layout(house: Any, n50: np.ndarray, sub: dict[str, Any] = sub, tables: dict[int, HouseTable] = tables,
                   ratio: float = ratio, alike: set[int] = alike, base_table: HouseTable = base_table) -> HouseTable:
            if id(house) in alike:  # the template's layout, with the package's constructions and systems
                return laid_like(base_table, tables[id(house)], n50)
            return box_table(house, {**sub, "n50": n50}, partition_ratio=ratio, base=tables[id(house)], derive=False)

        b.group(dw, base_table, template, outcomes, layout, (name, thick, heritage), tables[id(template)])
    names, titles, meas = _scenario_labels(packages)
    return b.finish(names, titles, meas, (year, horizon), derive=True, rows=dict(rows), cache=cache, rules=tuple(rules),
                    date=date, year=year)


def from_houses(
    houses: Sequence[Any],
    packages: Sequence[Any],
    *,
    rules: Sequence[Any] = (),
    date: Any = None,
    year: Any = None,
    horizon: int = 30,
) -> Units:
    """The units of given Houses, each its own template (module docstring)."""
    n = len(houses)
    b = _Builder(n, packages, horizon)
    for i, h in enumerate(houses):
        dw = np.array([i], dtype=np.int64)
        base_table = HouseTable.from_houses([h])
        outcomes = _run_packages(h, packages, rules, date, year)

        def layout(house: Any, n50: np.ndarray) -> HouseTable:
            t = HouseTable.from_houses([house])
            t.houses["n50"] = np.asarray(n50, dtype=float).copy()
            return t.derive()

        b.group(dw, base_table, h, outcomes, layout, None)
    names, titles, meas = _scenario_labels(packages)
    return b.finish(names, titles, meas, (year, horizon), houses=list(houses), rules=tuple(rules), date=date, year=year)
