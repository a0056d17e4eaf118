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

import datetime as _dt
import json
import logging
import math
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .economics import economics_rows
from .errors import BadRow, InputError, require_extra
from .evaluation import COLUMNS, UNITS, carrier_units, engine
from .objectives import BASELINE, OBJECTIVES
from .options import Options, make_options
from .packages import parse_packages
from .pv import PV_CONTRACT_YEARS
from .subsidies import MEASURE_KINDS
from .threecl import CLASSES
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

_THERMAL_FREE = ("heating", "dhw", "pv")  # measure kinds that leave the thermal model alone


# --------------------------------------------------------------------------
# options and packages
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# economics (vectorised)
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# small helpers (one house)
# --------------------------------------------------------------------------


#: Measure kinds the aid rules understand (the unit-cost catalogue's measure_kind).
_AID_KINDS = frozenset(MEASURE_KINDS)


# --------------------------------------------------------------------------
# the shared engine: units (house × scenario) and rows (dwelling × scenario)
# --------------------------------------------------------------------------


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
    arrays (:func:`rehab.evaluation.evaluate_units`).
    """
    import pandas as pd

    from . import archetypes
    from .evaluation import Dwellings, evaluate_units
    from .scenarios import from_houses, from_rows
    from .systems import dhw_system, heating_system

    opts, pkgs = ctx.opts, ctx.packages
    bad: list[tuple[int, str, Any, str]] = []
    houses = list(chunk["houses"])
    k = 1 + len(pkgs)
    variants = chunk["variants"]
    given = [variants[h["variant"]][1]["house"] for h in houses if variants[h["variant"]][0] is None]
    heat_cache: dict[str, Any] = {}
    dhw_cache: dict[str, Any] = {}
    defaults = archetypes._default_systems()
    heat_d: list[Any] = []
    dhw_d: list[Any] = []
    for i, hrec in enumerate(houses):
        arch, ov = variants[hrec["variant"]]
        if arch is None:
            own_h, own_d = given[i].heating, given[i].dhw
        else:
            own_h, own_d = defaults[arch]
        heat = hrec["heating"] or own_h
        dhw = hrec["dhw"] or own_d
        heat_d.append(heat_cache.setdefault(heat, heating_system(heat)) if isinstance(heat, str) else heat)
        dhw_d.append(dhw_cache.setdefault(dhw, dhw_system(dhw)) if isinstance(dhw, str) else dhw)
    run = dict(rules=opts.rules, date=opts.date, year=opts.year, horizon=opts.horizon)
    t_scen = time.perf_counter()
    if given:
        units = from_houses(given, pkgs, **run)
    else:
        cols: dict[str, list[Any]] = {c: [] for c in ("archetype", "name", *_VARIANT_COLUMNS)}
        for hrec in houses:
            arch, ov = variants[hrec["variant"]]
            cols["archetype"].append(arch)
            cols["name"].append(hrec["id"])
            for c in _VARIANT_COLUMNS:
                cols[c].append(bool(ov.get(c, False)) if c == "heritage" else ov.get(c, np.nan))
        units = from_rows({c: np.asarray(v, dtype=object if c in ("archetype", "name") else bool if c == "heritage" else float)
                           for c, v in cols.items()}, pkgs, **run, cache=ctx.cache)
    dw = Dwellings(
        name=[h["id"] for h in houses],
        owner=[h["owner"] or "social_landlord" for h in houses],
        income=[h["income"] for h in houses],
        heating=heat_d,
        dhw=dhw_d,
        observed=[
            {h["observed_carrier"]: float(h["observed_kwh"])} if h["observed_kwh"] is not None else None
            for h in houses
        ],
        erbm=[bool(h.get("erbm") or False) for h in houses],
    )
    r_name = np.repeat(np.asarray(dw.name, dtype=object), k)
    r_owner = np.repeat(np.asarray(dw.owner, dtype=object), k)
    t_scen = time.perf_counter() - t_scen
    ev = evaluate_units(units, dw, opts)
    ev.stats["seconds_scenarios"] = t_scen
    cols = ev.columns
    nrow = len(units)
    ids = r_name
    rep = lambda key: np.repeat(np.asarray([hrec[key] for hrec in houses], dtype=object), k)  # noqa: E731
    # constraint messages name the dwelling, not the template
    cons = cols["constraint"]
    for r in np.flatnonzero(~cols["allowed"]):
        cons[r] = _rename(cons[r], ids[r])
    area = cols["floor_area_m2"]
    cols["floor_area_m2"] = np.where(np.isnan(area), area[units.base], area)
    frame = {
        "house_id": ids,
        "_pos": np.repeat(np.asarray([hrec["pos"] for hrec in houses], dtype=np.int64), k),
        "_sidx": np.tile(np.arange(k), len(houses)),
        "archetype": rep("archetype"),
        "owner": r_owner,
        "income": rep("income"),
        "street": rep("street"),
        "cite": rep("cite"),
    }
    frame.update(cols)
    df = pd.DataFrame(frame)
    if ev.errors:
        drop = sorted({int(units.base[r]) // k for r in ev.errors})
        for hi in drop:
            r0 = hi * k
            msg = ev.errors.get(r0) or next(v for r, v in ev.errors.items() if r // k == hi)
            bad.append(
                (
                    houses[hi]["pos"],
                    "observed_kwh",
                    houses[hi]["id"],
                    f"house {houses[hi]['id']!r}: {msg}",
                )
            )
        keep = np.ones(nrow, dtype=bool)
        for hi in drop:
            keep[hi * k : (hi + 1) * k] = False
        df = df[keep]
    aids = ev.aid_results  # rehab.aid_arrays.AidResultsLazy: the reasons written when read
    stats = dict(ev.stats, houses=len(houses), variants=len({h["variant"] for h in houses}))
    return {
        "table": df,
        "bad": bad,
        "aids": aids,
        "n_aid_keys": len(ev.aid_results),
        "stats": stats,
        "carriers": ev.carriers,
    }


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
        return {"vid": vid, "variants": variants, "key": key}

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
        t = self.stock.table
        p = self._plan
        vid = p["vid"]
        order = np.argsort(vid, kind="stable")
        get = {
            c: (t[c].tolist() if c in t.columns else [None] * len(t))
            for c in (*_ROW_COLUMNS, "floor_area")
        }
        chunks: list[dict[str, Any]] = []
        cur: dict[str, Any] = {"variants": {}, "houses": []}
        last = None
        for i in order:
            v = int(vid[i])
            if v != last and len(cur["houses"]) >= chunk_size:
                chunks.append(cur)
                cur = {"variants": {}, "houses": []}
            last = v
            cur["variants"][v] = p["variants"][v]
            rec = {c: _clean(get[c][i]) for c in get}
            rec.update(pos=int(i), variant=v)
            cur["houses"].append(rec)
        if cur["houses"]:
            chunks.append(cur)
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
        try:
            if backend == "numpy":
                chunks = self._chunks(chunk_size or 2000)
                outs = []
                for i, c in enumerate(chunks):
                    tc = time.perf_counter()
                    outs.append(_run_chunk(c, ctx))
                    bar.update(len(c["houses"]))
                    log.debug(
                        "programme: chunk %d/%d, %d dwelling(s), %.2f s",
                        i + 1, len(chunks), len(c["houses"]), time.perf_counter() - tc,
                    )
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
            sizes = {f.key: len(c["houses"]) for f, c in zip(futs, chunks, strict=True)}
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
        frames = []
        aid_rows = []
        offset = 0
        bad: list[BadRow] = list(self.stock.errors)
        run_bad = []
        stats: dict[str, Any] = {}
        carriers: set[str] = set()
        for o in outs:
            df = o["table"]
            df["aid_key"] = np.where(
                df["aid_key"].to_numpy() >= 0, df["aid_key"].to_numpy() + offset, -1
            )
            frames.append(df)
            aid_rows.append((offset, o["aids"]))
            offset += o["n_aid_keys"]
            run_bad.extend(o["bad"])
            carriers.update(o["carriers"])
            for k, v in o["stats"].items():
                stats[k] = stats.get(k, 0) + v
        rownos = self.stock.row_numbers()
        for pos, column, value, reason in sorted(run_bad):
            bad.append(BadRow(int(rownos[pos]), column, value, reason))
        table = (
            pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
        )
        if len(table):
            table = table.sort_values(["_pos", "_sidx"], kind="stable").reset_index(drop=True)
        for c in sorted(carriers):
            for name in (f"delivered_{c}_kwh", f"bill_{c}_eur"):
                if name in table.columns:
                    table[name] = table[name].where(
                        ~(table["allowed"].astype(bool) & table[name].isna()), 0.0
                    )
        order = [c for c in COLUMNS if c in table.columns]
        for after, pattern in (("delivered_kwh", "delivered_{}_kwh"), ("bill_pv_eur", "bill_{}_eur")):
            i = order.index(after) + 1
            order[i:i] = [
                pattern.format(c) for c in sorted(carriers) if pattern.format(c) in table.columns
            ]
        table = table[order]
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
# the result
# --------------------------------------------------------------------------



class _AidTable:
    """The aid table of a run, built on first read from the chunks' lazy aid results
    (:class:`rehab.aid_arrays.AidResultsLazy`, one per chunk with its ``aid_key`` offset)."""

    def __init__(self, parts: list[tuple[int, Any]]) -> None:
        self.parts = parts

    def frame(self, keys: Any = None) -> Any:
        """The rows of the contexts ``keys`` (all by default): aid_key, aid, amount_eur, kind, reason."""
        import pandas as pd

        rows: list[tuple[Any, ...]] = []
        for offset, lazy in self.parts:
            ks = None if keys is None else [k - offset for k in keys if 0 <= k - offset < len(lazy)]
            rows.extend(lazy.rows(offset, ks))
        return pd.DataFrame(rows, columns=["aid_key", "aid", "amount_eur", "kind", "reason"])

    def __call__(self) -> Any:
        return self.frame()


class _LazyField:
    """A dataclass field whose value may be an :class:`_AidTable`, built into its DataFrame on first read."""

    def __set_name__(self, owner: Any, name: str) -> None:
        self.key = f"_lazy_{name}"

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return None  # the dataclass default
        v = obj.__dict__.get(self.key)
        if isinstance(v, _AidTable):
            v = obj.__dict__[self.key] = v()
        return v

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.key] = value


@dataclass
class ProgrammeResult:
    """The result of :meth:`Programme.run`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (house_id, scenario), the house as it is first, stock
        order; columns :data:`COLUMNS` (units in :data:`UNITS` and
        ``table.attrs["units"]``).
    houses : pandas.DataFrame
        The stock rows, indexed by house_id.
    settings : dict
        The options of the run.
    errors : list of BadRow
        Refused stock rows and dwellings that could not be computed.
    stats : dict
        Work shared: houses, variants, units (variant × scenario), thermal
        units, houses simulated, 3CL combinations, aid contexts, chunks,
        seconds.
    aid_table : pandas.DataFrame
        The aids applied per aid context (``aid_key`` of the table): aid,
        amount_eur, kind, reason.
    """

    table: pd.DataFrame
    houses: pd.DataFrame
    settings: dict[str, Any]
    errors: list[BadRow] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    aid_table: Any = _LazyField()

    def __repr__(self) -> str:
        """One line: houses, scenarios, rows, refused rows (``_repr_html_`` has the totals)."""
        t = self.table
        houses = t["house_id"].nunique() if "house_id" in t else 0
        scen = list(t["scenario"].unique()) if "scenario" in t else []
        return (
            f"ProgrammeResult({houses} houses × {len(scen)} scenarios {scen}, {len(t)} rows, "
            f"{len(self.errors)} refused row(s))"
        )

    def _repr_html_(self) -> str:
        """A short summary for notebooks: houses, scenarios, and each scenario's totals."""
        t = self.table
        cols = [c for c in ("cost_ttc_eur", "net_cost_eur", "bill_after_eur", "co2_kg") if c in t]
        g = t[t["allowed"]] if "allowed" in t else t
        agg = g.groupby("scenario", sort=False)[cols].sum().div(1e3).round(1)
        agg.columns = [c.replace("_eur", " [k€]").replace("_kg", " [t/yr]") for c in cols]
        if "dpe_class" in g:
            agg["classes"] = g.groupby("scenario", sort=False)["dpe_class"].agg(
                lambda s: " ".join(f"{k}:{v}" for k, v in sorted(s.value_counts().items()))
            )
        return (
            f"<p><b>ProgrammeResult</b>: {t['house_id'].nunique()} houses × "
            f"{t['scenario'].nunique()} scenarios (baseline included), {len(self.errors)} refused "
            "row(s); sums over the houses where each scenario is allowed</p>" + agg.to_html()
        )

    def plan(self, choice: Any = None, **options: Any) -> Any:
        """Phasing under a yearly budget and capacity: :func:`rehab.planning.plan` of this result."""
        from .planning import plan

        return plan(self, choice, **options)

    def cashflows(self, plan: Any, **options: Any) -> pd.DataFrame:
        """Yearly cash flows per payer of a plan: :func:`rehab.planning.cashflows`."""
        from .planning import cashflows

        return cashflows(self, plan, **options)

    def uncertainty(self, **options: Any) -> Any:
        """Monte Carlo bands of this programme: :func:`rehab.uncertainty.run`."""
        from .uncertainty import run

        return run(self, **options)

    def report(self, path: Any, **options: Any) -> Any:
        """Write the self-contained HTML report: :func:`rehab.report.write_html`."""
        from .report import write_html

        return write_html(self, path, **options)

    def aids(self, house_id: str, scenario: str) -> pd.DataFrame:
        """The aids applied to one dwelling and scenario, with their reasons."""
        t = self.table
        row = t[(t["house_id"] == house_id) & (t["scenario"] == scenario)]
        if row.empty:
            raise InputError(f"aids: no row for house_id {house_id!r} and scenario {scenario!r}")
        k = int(row["aid_key"].iloc[0])
        src = self.__dict__.get("_lazy_aid_table")
        table = src.frame([k]) if isinstance(src, _AidTable) else self.aid_table
        return table[table["aid_key"] == k].drop(columns="aid_key").reset_index(drop=True)

    # ------------------------------------------------------------ choice
    def choose(
        self,
        objective: str = "cheapest_reaching",
        target_class: str = "C",
        *,
        require_class: str | None = None,
    ) -> pd.DataFrame:
        """The scenario of each dwelling that best meets an objective.

        Parameters
        ----------
        objective : {"cheapest_reaching", "max_npv", "min_co2", "cheapest_bbc", "min_whole_life", "cheapest_carbon"}
            ``cheapest_reaching``: the lowest net cost (after grants) among the
            scenarios reaching ``target_class`` or better (the house as it is
            counts, at no cost); ``max_npv``: the highest NPV (doing nothing
            has NPV 0); ``min_co2``: the lowest emissions (ties: lowest net
            cost); ``cheapest_bbc``: the lowest net cost reaching class A or B;
            ``min_whole_life``: the lowest whole-life carbon over the horizon
            (embodied + operational, :mod:`rehab.carbon`; ties: lowest net
            cost); ``cheapest_carbon``: the lowest net cost per tonne of
            whole-life carbon avoided (the house as it is when no package
            saves any).
            Only allowed scenarios are considered; ties go to the lighter
            package (package order).
        target_class : str
            "A".."G", for ``cheapest_reaching``.
        require_class : str, optional
            For ``max_npv`` and ``min_co2``: consider only scenarios reaching it.

        Returns
        -------
        pandas.DataFrame
            One row per dwelling: ``house_id``, ``scenario`` (``baseline``
            when nothing qualifies), ``reason``, ``reaches_target``, then the
            chosen row's columns.
        """
        from .objectives import choose

        return choose(self.table, objective, target_class, require_class=require_class,
                      horizon=self.settings.get("horizon"))

    # ------------------------------------------------------------ aggregates
    def aggregate(self, by: Any = "owner", choice: Any = None) -> pd.DataFrame:
        """Sums and means per group of dwellings, before and after.

        Parameters
        ----------
        by : str or list of str
            Table columns to group by: ``owner``, ``archetype``, ``street``,
            ``cite``, ``income`` (or any other column of the table).
        choice : DataFrame, str or None
            None: one row per group and scenario (every dwelling takes that
            scenario; refused ones stay as they are); an objective name
            (:data:`OBJECTIVES`) or the DataFrame of :meth:`choose`: one row
            per group comparing the baseline with the chosen scenarios; a
            package name: every dwelling takes it where allowed.

        Returns
        -------
        pandas.DataFrame
            ``houses``, ``treated``, ``floor_area_m2``, energy, CO2 and bills
            before and after, the bills also by use and by carrier
            (``bill_heating_eur_before`` …; sums; ``cep_before``/``cep_after`` area-weighted
            means [kWhEP/(m²·yr)]), costs, grants (public share), net cost,
            savings, NPV (sums), and the dwellings per DPE class before
            (``before_A``…) and after (``after_A``…).
        """
        import pandas as pd

        t = self.table
        keys = [by] if isinstance(by, str) else list(by)
        bad = [k for k in keys if k not in t.columns]
        if bad or not keys:
            allowed = ("owner", "archetype", "street", "cite", "income")
            raise InputError(
                f"by: {bad or by!r} not a column of the table; allowed {', '.join(allowed)} (or any table column)"
            )
        base = t[t["scenario"] == BASELINE].set_index("house_id")
        if choice is None:
            frames = []
            for s in pd.unique(t["scenario"]):
                frames.append(self._agg(base, self._after(base, s), keys).assign(scenario=s))
            out = pd.concat(frames).reset_index()
            return out.set_index([*keys, "scenario"])
        return self._agg(base, self._after(base, choice), keys)

    def _after(self, base: pd.DataFrame, choice: Any) -> pd.DataFrame:
        """The chosen row of every dwelling (:func:`rehab.objectives.scenario_of`)."""
        import pandas as pd

        from .objectives import scenario_of

        want = scenario_of(self, choice).reindex(base.index).fillna(BASELINE)
        idx = pd.MultiIndex.from_arrays([want.index, want.to_numpy()])
        sel = self.table.set_index(["house_id", "scenario"], drop=False).reindex(idx)
        sel.index = want.index
        return sel

    @staticmethod
    def _agg(base: pd.DataFrame, after: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        import pandas as pd

        g = base[keys].copy()
        treated = (after["scenario"] != BASELINE) & after["allowed"].astype(bool)
        num = lambda df, c: pd.to_numeric(df[c], errors="coerce").fillna(0.0)  # noqa: E731
        data = pd.DataFrame(index=base.index)
        data["houses"] = 1
        data["treated"] = treated.astype(int)
        data["floor_area_m2"] = num(base, "floor_area_m2")
        for c, label in (
            ("delivered_kwh", "delivered_kwh"),
            ("primary_kwh", "primary_kwh"),
            ("co2_kg", "co2_kg"),
            ("bill_before_eur", "bill_eur"),
        ):
            data[f"{label}_before"] = num(base, c)
            data[f"{label}_after"] = num(after, "bill_after_eur" if c == "bill_before_eur" else c)
        for c in [c for c in base.columns if c.startswith("bill_") and c not in ("bill_before_eur", "bill_after_eur")]:
            data[f"{c}_before"] = num(base, c)  # the bill by use and by carrier (baseline row)
            data[f"{c}_after"] = num(after, c)
        for c in (
            "cost_ttc_eur",
            "subsidies_eur",
            "public_subsidies_eur",
            "net_cost_eur",
            "savings_eur",
            "npv_eur",
            "savings_kwh",
        ):
            data[c] = np.where(treated, num(after, c), 0.0)
        data["co2_saved_kg"] = data["co2_kg_before"] - data["co2_kg_after"]
        for cl in CLASSES:
            data[f"before_{cl}"] = (base["dpe_class"] == cl).astype(int)
            data[f"after_{cl}"] = (after["dpe_class"] == cl).astype(int)
        data = pd.concat([g, data], axis=1)
        out = data.groupby(keys, dropna=False).sum(numeric_only=True)
        area = out["floor_area_m2"].replace(0.0, np.nan)
        out.insert(
            list(out.columns).index("primary_kwh_after") + 1,
            "cep_before",
            out["primary_kwh_before"] / area,
        )
        out.insert(
            list(out.columns).index("cep_before") + 1, "cep_after", out["primary_kwh_after"] / area
        )
        return out

    # ------------------------------------------------------------ files
    def _write(self, directory: Any, fmt: str, overwrite: bool = False) -> Path:
        from . import safeio

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        tables = {
            "table": self.table,
            "houses": self.houses.reset_index(drop=True),
            "aids": self.aid_table if self.aid_table is not None else None,
            "errors": _errors_frame(self.errors),
        }
        for name in [*(n for n, df in tables.items() if df is not None), "settings"]:  # all refused before any is written
            safeio.check_target(d / f"{name}.{'json' if name == 'settings' else fmt}", overwrite=overwrite)
        for name, df in tables.items():
            if df is None:
                continue
            out = df.copy()
            for c in out.columns:
                if out[c].dtype == object:
                    out[c] = out[c].map(lambda v: v.isoformat() if isinstance(v, _dt.date) else v)
            if fmt == "parquet":
                require_extra("pyarrow", "parquet", "writing Parquet tables")
                with safeio.atomic_file(d / f"{name}.parquet", overwrite=overwrite) as tmp:
                    out.to_parquet(tmp, index=False)
            else:  # formula-like text cells neutralised (rehab.safeio)
                safeio.write_csv(out, d / f"{name}.csv", overwrite=overwrite)
        meta = {"settings": self.settings, "stats": self.stats, "units": dict(UNITS)}
        safeio.write_text(d / "settings.json", json.dumps(meta, indent=2, default=str), overwrite=overwrite)
        return d

    def to_parquet(self, directory: Any, *, overwrite: bool = False) -> Path:
        """Write table, houses, aids and errors as Parquet files and settings.json in ``directory``.

        Existing files of these names are refused unless ``overwrite``."""
        return self._write(directory, "parquet", overwrite)

    def to_csv(self, directory: Any, *, overwrite: bool = False) -> Path:
        """Write table, houses, aids and errors as CSV files and settings.json in ``directory``.

        Existing files of these names are refused unless ``overwrite``."""
        return self._write(directory, "csv", overwrite)


def _errors_frame(errors: list[BadRow]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        [{"row": e.row, "column": e.column, "value": e.value, "reason": e.reason} for e in errors],
        columns=["row", "column", "value", "reason"],
    )


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
