"""Neighbourhood programmes: a housing stock × retrofit packages, computed at stock scale.

:class:`Programme` takes a stock (:class:`rehab.stock.Stock`, a CSV /
Parquet / GeoJSON file, a DataFrame or a list of :class:`rehab.House`) and
packages, and :meth:`Programme.run` returns a :class:`ProgrammeResult`
whose :attr:`~ProgrammeResult.table` has one row per dwelling and scenario
(the house as it is first), with the same columns and meanings as
:func:`rehab.assess` (equal to it house by house, tests/test_programme.py).

How the work is done (the point is speed without losing exactness):

* **house tables, not Houses** — dwellings are grouped by template
  (archetype, wall thickness, heritage flag); each package runs once per
  template (:meth:`rehab.retrofit.Package.run`: constraints, rule sets),
  and every dwelling is laid out from its template before and after each
  package with array operations (:mod:`rehab.layout`, :mod:`rehab.scenarios`);
  its airtightness target and its cost-line quantities are measured on the
  dwelling itself (:mod:`rehab.transforms`). Given Houses (a list of
  :class:`rehab.House`) are each their own template;
* **one engine call** per chunk on the whole table (packages that only
  change systems share the house as it is; balanced-ventilation houses are
  added once more with their heat recovery bypassed for the summer hours);
* **3CL on arrays**, **aids by distinct context**, **bills and finance on
  arrays** (:func:`rehab.evaluation.evaluate_units`);
* only annual figures are kept (no hourly arrays per dwelling).

Every dwelling is computed exactly at its own floor area, orientation,
window scale and airtightness. ``resolution`` (optional) rounds floor
areas and azimuths before the computation — each dwelling is then computed
as the dwelling of the rounded size and orientation — which only saves time
on stocks whose orientations are all different.

Examples
--------
>>> import rehab
>>> from rehab.programme import Programme
>>> stock = rehab.stock.demo().table.iloc[[0, 1, 2]]
>>> res = Programme(stock, ["attic-only"]).run(progress=False)
>>> res.table[["house_id", "scenario", "dpe_class"]]
  house_id    scenario dpe_class
0  LG-0001    baseline         G
1  LG-0001  attic-only         F
2  LG-0002    baseline         F
3  LG-0002  attic-only         F
4  LG-0003    baseline         E
5  LG-0003  attic-only         E
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import sys
import time
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _pages
from .economics import economics_rows
from .errors import BadRow, InputError, require_extra
from .evaluation import COLUMNS, UNITS, _objects, carrier_units, engine
from .objectives import BASELINE, OBJECTIVES
from .options import Options, make_options
from .packages import parse_packages
from .programme_result import ProgrammeResult, _AidTable
from .pv import PV_CONTRACT_YEARS
from .ventilation import FAN_POWER_W_PER_M3H

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import pandas as pd


__all__ = [
    "BASELINE",
    "COLUMNS",
    "DEFAULT_RESOLUTION",
    "FAN_POWER_W_PER_M3H",
    "OBJECTIVES",
    "PV_CONTRACT_YEARS",
    "Programme",
    "ProgrammeResult",
    "economics_rows",
    "engine",
    "parse_packages",
    "synthetic_stock",
]

#: Bin widths of 0.1's default binning: floor area [m²] and azimuth [deg] (now an option).
DEFAULT_RESOLUTION = {"floor_area": 0.5, "azimuth": 5.0}

# --------------------------------------------------------------------------
# the programme: stock → variants → chunks → table
# --------------------------------------------------------------------------

_VARIANT_COLUMNS = ("floor_area", "azimuth", "wall_thickness", "window_scale", "n50", "heritage")
_ROW_COLUMNS = (
    "id",
    "archetype",
    "owner",
    "income",
    "street",
    "cite",
    "heating",
    "dhw",
    "observed_carrier",
    "observed_kwh",
    "erbm",
)


def _as_stock(stock: Any) -> Any:
    import pandas as pd

    from .stock import Stock, read

    if isinstance(stock, Stock):
        return stock
    if isinstance(stock, (str, Path)):
        return read(stock)
    from .house import House

    if isinstance(stock, House):
        return Stock.from_houses([stock])
    if isinstance(stock, (list, tuple)) and stock and all(isinstance(h, House) for h in stock):
        return Stock.from_houses(stock)
    if isinstance(stock, pd.DataFrame):
        return Stock.from_frame(stock, source="<DataFrame>", first_row=1)
    raise InputError(
        f"stock: {type(stock).__name__}; give a rehab Stock, a path to a .csv/.parquet/.geojson file, "
        "a DataFrame or a list of rehab.House objects"
    )


def _check_resolution(resolution: Any) -> dict[str, float]:
    if resolution is None:
        return {}
    if not isinstance(resolution, dict):
        raise InputError(
            f"resolution: {resolution!r}; give a dict such as {{'floor_area': 0.5, 'azimuth': 5.0}} (m², degrees) or None"
        )
    out = {}
    for k, v in resolution.items():
        if k not in ("floor_area", "azimuth"):
            raise InputError(
                f"resolution[{k!r}]: unknown key; allowed 'floor_area' [m²], 'azimuth' [deg]"
            )
        if v is None:
            continue
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise InputError(f"resolution[{k!r}]: {v!r} is not a number") from None
        if not (f > 0 and math.isfinite(f)):
            raise InputError(
                f"resolution[{k!r}]: {v!r}; give a step > 0 ({'m²' if k == 'floor_area' else 'deg'}) or None"
            )
        out[k] = f
    return out


def _keep_buildable(t: Any, fa: np.ndarray, fa_b: np.ndarray, col: Any) -> np.ndarray:
    """Binned floor areas, or the dwelling's own where the binned variant could not be built.

    Binning must never lose a dwelling: a row of 10.2 m² binned to 10.0 m²
    (below the archetype's limit), or a floor area whose binned façades no
    longer hold the row's windows, is computed at its own floor area.
    """
    from .stock import _LAYOUT_OVERRIDES, _layout_check

    moved = np.flatnonzero(~np.isnan(fa) & (fa_b != fa))
    if not len(moved):
        return fa_b
    out = fa_b.copy()
    arch = t["archetype"].astype(str).to_numpy()
    others = {c: col(c) for c in _LAYOUT_OVERRIDES if c not in ("floor_area", "azimuth")}
    verdict: dict[tuple, bool] = {}
    for i in moved:
        ov = {c: float(v[i]) for c, v in others.items() if not np.isnan(v[i])}
        ov["floor_area"] = float(fa_b[i])
        key = (arch[i], tuple(sorted(ov.items())))
        ok = verdict.get(key)
        if ok is None:
            ok = verdict[key] = not _layout_check(arch[i], key[1])
        if not ok:
            out[i] = fa[i]
    return out


def _row_values(t: Any, c: str) -> np.ndarray:
    """A stock column as an object array of Python values, None where missing (NaN, None),
    or all None when the stock has no such column."""
    import pandas as pd

    if c not in t.columns:
        return np.full(len(t), None, dtype=object)
    s = t[c]
    if s.dtype.kind in "fiub":
        out = _objects(s.tolist())  # Python floats, ints, bools
        if s.dtype.kind == "f":
            out[np.isnan(s.to_numpy())] = None
        return out
    if isinstance(s.dtype, pd.StringDtype):  # text: NaN where missing
        out = _objects(s.tolist())
        out[s.isna().to_numpy()] = None
        return out
    return _objects([_clean(v) for v in s.tolist()])


def _clean(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return v


@dataclass
class _Context:
    """What every chunk needs (shipped once to the Dask workers)."""

    opts: Options
    packages: list[Any]
    #: what the chunks of one process share: templates and their package runs (rehab.scenarios.from_rows)
    cache: dict[Any, Any] = field(default_factory=dict)


def _run_chunk(chunk: dict[str, Any], ctx: _Context) -> dict[str, Any]:
    """Compute one chunk of dwellings: the rows of its table and its detail tables.

    The dwellings become house tables without a House each
    (:func:`rehab.scenarios.from_rows`; given Houses through
    :func:`rehab.scenarios.from_houses`) and every column is computed on
    arrays (:func:`rehab.evaluation.evaluate_units`). :func:`_chunk_stages`
    run to its end in this thread (a Dask task).
    """
    return _finish(_chunk_stages(chunk, ctx, background=False))


def _finish(stages: Generator[None, None, dict[str, Any]]) -> dict[str, Any]:
    """Run a started (or fresh) stage generator to its return value."""
    try:
        while True:
            next(stages)
    except StopIteration as done:
        return done.value


def _pipelined(chunks: list[dict[str, Any]], ctx: _Context, done: Any) -> list[dict[str, Any]]:
    """The chunks in order, each one's hourly kernel running while the next one is prepared.

    Chunk i is started (:func:`_chunk_stages`: scenarios, batch, kernel on
    a worker thread, 3CL, aids), then chunk i − 1 finished (its kernel has
    run meanwhile), and so on: on 2 cores the kernel and the main thread's
    array work overlap. At most two chunks are in memory at once.
    ``done(chunk)`` is called as each chunk is finished.
    """
    outs: list[dict[str, Any]] = []
    pending: tuple[Any, dict[str, Any]] | None = None
    for c in chunks:
        stages = _chunk_stages(c, ctx, background=True)
        next(stages)
        if pending is not None:
            outs.append(_finish(pending[0]))
            done(pending[1])
        pending = (stages, c)
    if pending is not None:
        outs.append(_finish(pending[0]))
        done(pending[1])
    return outs


def _chunk_stages(chunk: dict[str, Any], ctx: _Context, *, background: bool) -> Generator[None, None, dict[str, Any]]:
    """:func:`_run_chunk` as a generator: yields once while its hourly kernel runs (see
    :func:`rehab.evaluation.evaluate_stages`), returns the chunk's tables."""
    from . import archetypes
    from .evaluation import Dwellings, evaluate_stages
    from .scenarios import from_houses, from_rows
    from .systems import dhw_system, heating_system

    opts, pkgs = ctx.opts, ctx.packages
    bad: list[tuple[int, str, Any, str]] = []
    rows, m = chunk["rows"], chunk["n"]
    k = 1 + len(pkgs)
    given = chunk.get("given")
    systems: dict[tuple[str, Any], Any] = {}

    def system(kind: str, x: Any) -> Any:  # a preset name → its model, once per chunk
        if not isinstance(x, str):
            return x
        got = systems.get((kind, x))
        if got is None:
            got = systems[kind, x] = heating_system(x) if kind == "heating" else dhw_system(x)
        return got

    if given is not None:
        own = [(h.heating, h.dhw) for h in given]
    else:
        defaults = archetypes._default_systems()
        own = [defaults[a] for a in chunk["vcols"]["archetype"].tolist()]
    heat_d = [system("heating", h or o[0]) for h, o in zip(rows["heating"].tolist(), own, strict=True)]
    dhw_d = [system("dhw", h or o[1]) for h, o in zip(rows["dhw"].tolist(), own, strict=True)]
    run = dict(rules=opts.rules, date=opts.date, year=opts.year, horizon=opts.horizon)
    t_scen, c_scen = time.perf_counter(), time.thread_time()
    if given is not None:
        units = from_houses(given, pkgs, **run)
    else:
        units = from_rows({"name": rows["id"], **chunk["vcols"]}, pkgs, **run, cache=ctx.cache)
    names = rows["id"].tolist()
    okwh = rows["observed_kwh"].tolist()
    dw = Dwellings(
        name=names,
        owner=[o or "social_landlord" for o in rows["owner"].tolist()],
        income=rows["income"].tolist(),
        heating=heat_d,
        dhw=dhw_d,
        observed=[{c: float(v)} if v is not None else None
                  for c, v in zip(rows["observed_carrier"].tolist(), okwh, strict=True)],
        erbm=[bool(e or False) for e in rows["erbm"].tolist()],
    )
    r_name = np.repeat(np.asarray(dw.name, dtype=object), k)
    r_owner = np.repeat(np.asarray(dw.owner, dtype=object), k)
    t_scen, c_scen = time.perf_counter() - t_scen, time.thread_time() - c_scen
    ev_stages = evaluate_stages(units, dw, opts, background=background)
    next(ev_stages)
    yield
    ev = _finish(ev_stages)
    ev.stats["seconds_scenarios"] = t_scen
    ev.stats["cpu_seconds_scenarios"] = c_scen
    cols = ev.columns
    nrow = len(units)
    ids = r_name
    rep = lambda key: np.repeat(rows[key], k)  # noqa: E731
    # constraint messages name the dwelling, not the template
    cons = cols["constraint"]
    for r in np.flatnonzero(~cols["allowed"]):
        cons[r] = _rename(cons[r], ids[r])
    area = cols["floor_area_m2"]
    cols["floor_area_m2"] = np.where(np.isnan(area), area[units.base], area)
    frame = {
        "house_id": ids,
        "_pos": np.repeat(chunk["pos"], k),
        "_sidx": np.tile(np.arange(k), m),
        "archetype": rep("archetype"),
        "owner": r_owner,
        "income": rep("income"),
        "street": rep("street"),
        "cite": rep("cite"),
    }
    frame.update(cols)
    if ev.errors:
        drop = sorted({int(units.base[r]) // k for r in ev.errors})
        for hi in drop:
            r0 = hi * k
            msg = ev.errors.get(r0) or next(v for r, v in ev.errors.items() if r // k == hi)
            bad.append(
                (
                    int(chunk["pos"][hi]),
                    "observed_kwh",
                    names[hi],
                    f"house {names[hi]!r}: {msg}",
                )
            )
        keep = np.ones(nrow, dtype=bool)
        for hi in drop:
            keep[hi * k : (hi + 1) * k] = False
        frame = {c: np.asarray(v)[keep] for c, v in frame.items()}
    aids = ev.aid_results  # rehab.aid_arrays.AidResultsLazy: the reasons written when read
    stats = dict(ev.stats, houses=m, variants=len(np.unique(chunk["variant"])))
    return {
        "columns": frame,  # the table's columns as arrays: one DataFrame for the whole run (_collect)
        "bad": bad,
        "aids": aids,
        "n_aid_keys": len(ev.aid_results),
        "stats": stats,
        "carriers": ev.carriers,
    }


def _table(parts: list[dict[str, Any]], carriers: set[str], pd: Any) -> Any:
    """The run's table from the chunks' columns: concatenated and put in stock order (dwelling,
    then scenario) as arrays, then one DataFrame (its text columns converted once)."""
    if not parts:
        return pd.DataFrame(columns=list(COLUMNS))
    names = list(dict.fromkeys(c for p in parts for c in p))
    sizes = [len(p["_pos"]) for p in parts]
    cols: dict[str, np.ndarray] = {}
    for c in names:
        arrs = [np.asarray(p[c]) if c in p else None for p in parts]
        if any(a is None for a in arrs):  # a carrier's column absent from a chunk: NaN there
            fill = all(a is None or a.dtype.kind == "f" for a in arrs)
            arrs = [(np.full(m, np.nan) if fill else np.full(m, None, dtype=object)) if a is None
                    else a if fill else a.astype(object) for a, m in zip(arrs, sizes, strict=True)]
        cols[c] = np.concatenate(arrs) if len(arrs) > 1 else arrs[0]
    if len(cols["_pos"]):
        order = np.lexsort((cols["_sidx"], cols["_pos"]))
        if (np.diff(order) != 1).any():
            cols = {c: v[order] for c, v in cols.items()}
    allowed = cols["allowed"].astype(bool)
    for c in sorted(carriers):
        for name in (f"delivered_{c}_kwh", f"bill_{c}_eur"):
            if name in cols:
                v = cols[name]
                cols[name] = np.where(allowed & pd.isna(v), 0.0, v) if v.dtype.kind == "f" else \
                    pd.Series(v).where(~(allowed & pd.isna(v)), 0.0).to_numpy()
    order_c = [c for c in COLUMNS if c in cols]
    for after, pattern in (("delivered_kwh", "delivered_{}_kwh"), ("bill_pv_eur", "bill_{}_eur")):
        i = order_c.index(after) + 1
        order_c[i:i] = [pattern.format(c) for c in sorted(carriers) if pattern.format(c) in cols]
    table = pd.DataFrame({c: cols[c] for c in order_c})
    if len(table):
        # an object column of bools, numbers or text and None takes its dtype as in a DataFrame
        # built chunk by chunk and concatenated (the same table for any chunking)
        obj = [c for c, t in table.dtypes.items() if isinstance(t, np.dtype) and t.kind == "O"]
        if obj:
            table[obj] = table[obj].infer_objects()
    return table


def _rename(message: str, house_id: str) -> str:
    """A constraint message about ``variant-N`` rewritten to name the dwelling."""
    import re

    return re.sub(r"'variant-\d+'", repr(str(house_id)), message)


class Programme:
    """A housing stock × retrofit packages, computed at stock scale (see the module docstring).

    Parameters
    ----------
    stock : Stock, path, DataFrame or list of House
        The dwellings: :mod:`rehab.stock` columns (a file, a folder of DPE
        XML files, a DataFrame) or given Houses. Bad rows of a file are
        reported in :attr:`ProgrammeResult.errors` and the good ones run.
    packages : iterable, optional
        Preset names, Package objects, dicts or lists of measures; default
        every preset.
    resolution : dict or None
        Rounding of the inputs: ``floor_area`` [m²] and ``azimuth``
        [deg]; None (default): every dwelling exact (module docstring).
    **options
        The run options of :mod:`rehab.options` (one model and one set of
        defaults for :func:`rehab.assess`, this class and the command
        line): ``date`` (study date: DPE factors and classes, tariffs,
        aids, rules, prices), ``horizon`` [yr], ``discount_rate`` [1/yr],
        ``weather`` (Weather or EPW path), ``method`` ("hourly",
        "monthly"), ``mode`` ("realistic" by default since 2026-12: it
        calibrates on the stock's ``observed_kwh``; "conventional"),
        ``rules``, ``scenario`` (energy prices), ``kva``,
        ``bill_prices``, ``cost_factor``, ``humidity_class``,
        ``summer_bypass``, ``tenant_contribution``, ``main_rooms``.

    Examples
    --------
    >>> import rehab
    >>> prog = Programme(rehab.stock.demo().table.head(20), ["attic-only", "bbc-renovation"])
    >>> int(prog.variants()["houses"].sum()), len(prog.variants())
    (20, 19)
    """

    def __init__(
        self,
        stock: Any,
        packages: Iterable[Any] | None = None,
        *,
        resolution: dict[str, float] | None = None,
        **options: Any,
    ) -> None:
        self.stock = _as_stock(stock)
        self.packages = parse_packages(packages)
        self.resolution = _check_resolution(resolution)
        self.options = o = make_options(**options)
        self._settings = {
            "date": self.options.date.isoformat(),
            "horizon": self.options.horizon,
            "discount_rate": self.options.discount_rate,
            "weather": getattr(self.options.weather, "name", "weather"),
            "method": o.method,
            "mode": o.mode,
            "rules": [getattr(r, "name", r) for r in o.rules],
            "scenario": o.scenario,
            "resolution": dict(self.resolution) or None,
            "packages": [p.name for p in self.packages],
            "stock": self.stock.source,
            **{k: options[k] for k in sorted(options)
               if k not in ("date", "horizon", "discount_rate", "weather", "method", "mode", "rules", "scenario")},
        }
        self._plan = self._variants()

    # ------------------------------------------------------------ variants
    def _variants(self) -> dict[str, Any]:
        import pandas as pd

        t = self.stock.table
        n = len(t)
        if self.stock.objects is not None:  # given Houses: each its own variant
            vid = np.arange(n)
            variants = {v: (None, {"house": h}) for v, h in enumerate(self.stock.objects)}
            return {"vid": vid, "variants": variants, "key": None}

        def col(name: str) -> np.ndarray:
            if name in t.columns:
                return pd.to_numeric(t[name], errors="coerce").to_numpy(dtype=float)
            return np.full(n, np.nan)

        fa = col("floor_area")
        az = col("azimuth")
        res = self.resolution
        fa_b = np.round(fa / res["floor_area"]) * res["floor_area"] if "floor_area" in res else fa
        fa_b = _keep_buildable(t, fa, fa_b, col)
        az_b = (
            np.mod(np.round(az / res["azimuth"]) * res["azimuth"], 360.0)
            if "azimuth" in res
            else az
        )
        her = (
            t["heritage"].fillna(False).astype(bool).to_numpy()
            if "heritage" in t.columns
            else np.zeros(n, dtype=bool)
        )
        key = pd.DataFrame(
            {
                "archetype": t["archetype"].astype(str).to_numpy()
                if n
                else np.zeros(0, dtype=object),
                "floor_area": fa_b,
                "azimuth": az_b,
                "wall_thickness": col("wall_thickness"),
                "window_scale": col("window_scale"),
                "n50": col("n50"),
                "heritage": her,
            }
        )
        vid = (
            key.groupby(list(key.columns), dropna=False, sort=True).ngroup().to_numpy()
            if n
            else np.zeros(0, int)
        )
        first = pd.Series(np.arange(n)).groupby(vid).first().to_numpy() if n else np.zeros(0, int)
        variants: dict[int, tuple[str, dict[str, Any]]] = {}
        firsts = {c: key[c].to_numpy()[first].tolist() for c in ("archetype", *_VARIANT_COLUMNS)}
        for v in range(len(first)):
            ov = {}
            for c in _VARIANT_COLUMNS:
                val = firsts[c][v]
                if c == "heritage":
                    if bool(val):
                        ov[c] = True
                elif not math.isnan(val):
                    ov[c] = float(val)
            variants[v] = (firsts["archetype"][v], ov)
        # the same per variant as arrays (what rehab.scenarios.from_rows takes)
        vcols = {c: np.asarray(firsts[c], dtype=object if c == "archetype" else bool if c == "heritage" else float)
                 for c in ("archetype", *_VARIANT_COLUMNS)}
        return {"vid": vid, "variants": variants, "key": key, "vcols": vcols}

    def variants(self) -> pd.DataFrame:
        """The thermal variants: one row per distinct (archetype, binned floor area, binned azimuth,
        wall thickness, window scale, n50, heritage) with its number of dwellings."""
        import pandas as pd

        p = self._plan
        counts = np.bincount(p["vid"], minlength=len(p["variants"]))
        rows = [
            {"variant": v, "archetype": a, **ov, "houses": int(counts[v])}
            if a is not None
            else {"variant": v, "archetype": ov["house"].archetype, "house": ov["house"].name, "houses": int(counts[v])}
            for v, (a, ov) in p["variants"].items()
        ]
        return pd.DataFrame(rows).set_index("variant") if rows else pd.DataFrame(columns=["houses"])

    def _chunks(self, chunk_size: int) -> list[dict[str, Any]]:
        """The dwellings in chunks of about ``chunk_size``, whole variants in one chunk, in
        variant order: each a dict of its rows' columns (arrays, None where missing), stock
        positions, variants and either the variants' columns or the given Houses."""
        t = self.stock.table
        p = self._plan
        vid = p["vid"]
        n = len(vid)
        order = np.argsort(vid, kind="stable")
        sv = vid[order]
        starts = np.flatnonzero(np.diff(sv) != 0) + 1 if n else np.zeros(0, dtype=np.int64)
        cuts = [0]
        for g in starts.tolist():  # a chunk ends at the first variant start past chunk_size rows
            if g - cuts[-1] >= chunk_size:
                cuts.append(g)
        cuts.append(n)
        get = {c: _row_values(t, c)[order] for c in _ROW_COLUMNS}
        given = self.stock.objects is not None
        vcols = p.get("vcols")
        chunks: list[dict[str, Any]] = []
        for a, b in itertools.pairwise(cuts):
            if b <= a:
                continue
            v = sv[a:b]
            c: dict[str, Any] = {"n": b - a, "pos": order[a:b].astype(np.int64), "variant": v,
                                 "rows": {k: x[a:b] for k, x in get.items()}}
            if given:
                c["given"] = [p["variants"][int(i)][1]["house"] for i in v]
            else:
                c["vcols"] = {k: x[v] for k, x in vcols.items()}
            chunks.append(c)
        return chunks

    # ------------------------------------------------------------ run
    def run(
        self,
        backend: str = "numpy",
        client: Any = None,
        chunk_size: int | None = None,
        progress: bool | None = None,
    ) -> ProgrammeResult:
        """Compute every dwelling × scenario.

        Parameters
        ----------
        backend : {"numpy", "dask"}
            In this process, or as Dask tasks (one per chunk) on ``client``.
        client : distributed.Client, optional
            Dask client (any scheduler); default a LocalCluster created for
            the run and closed after it.
        chunk_size : int, optional
            Dwellings per chunk (whole variants stay in one chunk); default
            2,000 in process, about a quarter of the stock per worker with Dask.
        progress : bool, optional
            tqdm progress bar on stderr; default only when stderr is a terminal.

        Returns
        -------
        ProgrammeResult
        """
        import time

        import pandas as pd

        if backend not in ("numpy", "dask"):
            raise InputError(f"backend: {backend!r}; allowed 'numpy', 'dask'")
        if chunk_size is not None and (
            not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1
        ):
            raise InputError(
                f"chunk_size: {chunk_size!r}; give a whole number of dwellings >= 1 or None"
            )
        if progress not in (None, True, False):
            raise InputError(f"progress: {progress!r}; allowed None (auto), True, False")
        show = sys.stderr.isatty() if progress is None else progress
        n = len(self.stock)
        t0 = time.perf_counter()
        log.info(
            "programme: %d dwelling(s) x %d package(s) + baseline, backend %s",
            n, len(self.packages), backend,
        )
        ctx = _Context(self.options, self.packages)
        from tqdm.auto import tqdm

        bar = tqdm(total=n, disable=not show, unit="house", desc="rehab programme", file=sys.stderr)
        with _pages.block():
            try:
                if backend == "numpy":
                    chunks = self._chunks(chunk_size or 2000)
                    tc = [time.perf_counter(), 0]

                    def done(c: dict[str, Any]) -> None:
                        bar.update(c["n"])
                        tc[1] += 1
                        log.debug("programme: chunk %d/%d, %d dwelling(s), %.2f s since the last",
                                  tc[1], len(chunks), c["n"], time.perf_counter() - tc[0])
                        tc[0] = time.perf_counter()

                    outs = _pipelined(chunks, ctx, done)
                    workers = 1
                else:
                    outs, workers, chunks = self._run_dask(ctx, client, chunk_size, bar)
            finally:
                bar.close()
            wall = time.perf_counter() - t0
            result = self._collect(outs, len(chunks), backend, workers, wall, pd)
        log.info(
            "programme: %d row(s) in %d chunk(s) on %d worker(s), %d refused row(s), %.2f s",
            len(result.table), len(chunks), workers, len(result.errors), wall,
        )
        return result

    def _run_dask(
        self, ctx: _Context, client: Any, chunk_size: int | None, bar: Any
    ) -> tuple[list[Any], int, list[Any]]:
        distributed = require_extra("distributed", "dask", "Programme.run(backend='dask')")
        own = client is None
        cluster = None
        if own:
            cluster = distributed.LocalCluster(
                n_workers=min(os.cpu_count() or 1, 4), threads_per_worker=1, dashboard_address=None
            )
            client = distributed.Client(cluster)
        try:
            workers = max(len(client.scheduler_info().get("workers", {})), 1)
            size = chunk_size or max(50, math.ceil(len(self.stock) / (4 * workers)))
            chunks = self._chunks(size)
            cfut = client.scatter(ctx, broadcast=True)
            futs = [client.submit(_run_chunk, c, cfut, pure=False) for c in chunks]
            sizes = {f.key: c["n"] for f, c in zip(futs, chunks, strict=True)}
            for f in distributed.as_completed(futs):
                bar.update(sizes[f.key])
            outs = client.gather(futs)
        finally:
            if own:
                client.close()
                cluster.close()
        return outs, workers, chunks

    def _collect(
        self,
        outs: list[dict[str, Any]],
        n_chunks: int,
        backend: str,
        workers: int,
        wall: float,
        pd: Any,
    ) -> ProgrammeResult:
        parts: list[dict[str, Any]] = []
        aid_rows = []
        offset = 0
        bad: list[BadRow] = list(self.stock.errors)
        run_bad = []
        stats: dict[str, Any] = {}
        carriers: set[str] = set()
        for o in outs:
            cols = dict(o["columns"])
            key = np.asarray(cols["aid_key"])
            cols["aid_key"] = np.where(key >= 0, key + offset, -1)
            parts.append(cols)
            aid_rows.append((offset, o["aids"]))
            offset += o["n_aid_keys"]
            run_bad.extend(o["bad"])
            carriers.update(o["carriers"])
            for k, v in o["stats"].items():
                stats[k] = stats.get(k, 0) + v
        rownos = self.stock.row_numbers()
        for pos, column, value, reason in sorted(run_bad):
            bad.append(BadRow(int(rownos[pos]), column, value, reason))
        table = _table(parts, carriers, pd)
        table.attrs["units"] = dict(UNITS) | carrier_units(carriers)
        stats.update(
            chunks=n_chunks,
            backend=backend,
            workers=workers,
            seconds=round(wall, 3),
            rows=len(table),
        )
        houses = self.stock.table.copy()
        houses = (
            houses.set_index("id", drop=False).rename_axis("house_id")
            if "id" in houses.columns
            else houses
        )
        aid_table = _AidTable(aid_rows)
        settings = dict(self._settings, backend=backend)
        return ProgrammeResult(table, houses, settings, bad, stats, aid_table)


# --------------------------------------------------------------------------
# a synthetic landlord stock for benchmarks
# --------------------------------------------------------------------------

def synthetic_stock(n: int, seed: int = 2026) -> Any:
    """A reproducible synthetic stock of ``n`` dwellings with the demonstration neighbourhood's mix.

    The 350-dwelling neighbourhood of :func:`rehab.stock.demo` (generated by
    ``scripts/make_demo_stock.py``, assumptions in its docstring) is repeated
    with fresh draws until ``n`` dwellings: in each block, a heritage-listed
    coron cité (6 rows of 10 facing east or west, end-terrace houses at the
    row ends), a cité pavillonnaire (5 streets of 20 semi-detached houses
    facing south or north, the first two streets heritage-listed, the last
    one sold to private landlords), a cité-jardin (40 detached houses, 4
    orientations), a cité moderne (40 semi-detached) — all social
    landlord's, heating 60 % old gas boiler, 30 % condensing gas, 10 %
    direct electric — and 110 owner-occupied Castors houses (45 % old gas
    boiler, 20 % fuel oil, 15 % condensing gas, 10 % direct electric, 10 %
    wood logs; incomes 35/30/20/15 % très modestes…supérieurs). Floor area:
    the archetype's × N(1, 0.05), rounded to 0.5 m²; DHW follows the
    carrier. So the stock is mostly a social landlord's coron and cité
    houses (69 %), 29 % heritage-listed, like a mining-basin landlord's
    portfolio; the dwellings are fictitious.

    Parameters
    ----------
    n : int
        Number of dwellings (> 0).
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    rehab.stock.Stock

    Examples
    --------
    >>> s = synthetic_stock(700, seed=1)
    >>> len(s), int(s.table["heritage"].sum()), int((s.table["owner"] == "social_landlord").sum())
    (700, 200, 440)
    """
    from .stock import Stock, neighbourhood

    if not isinstance(n, (int, np.integer)) or n < 1:
        raise InputError(f"n: {n!r}; give a whole number of dwellings >= 1")
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    block = 0
    while len(rows) < n:
        block += 1
        for rec in neighbourhood(rng, f"{block:03d}"):
            rows.append({"id": f"SY-{len(rows) + 1:06d}", **rec, "azimuth": float(rec["azimuth"])})
    return Stock.from_records(rows[:n], source=f"synthetic_stock(n={n}, seed={seed})", first_row=1)
