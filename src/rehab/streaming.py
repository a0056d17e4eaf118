"""Programmes over stocks larger than memory: Parquet in, partitioned Parquet out.

:func:`stream` reads a Parquet stock in batches of ``chunk_size`` rows,
validates each batch (row numbers as in the file; ids checked for
duplicates across the whole file), runs the programme on it
(:class:`rehab.programme.Programme`, the columnar engine) and writes each
batch's per-dwelling results as one Parquet part
(``table/part-00000.parquet`` …), keeping only the aggregates in memory.
With ``backend="dask"`` the batches run as Dask tasks (each reads its own
row group range and writes its own part); the parts are the same files.

The output folder holds ``table/`` (one part per batch; read it back with
``pandas.read_parquet(folder / "table")``), ``errors.parquet`` (every bad
row, with its row number), ``aggregates.parquet`` and ``settings.json``.
It is written into a temporary folder next to the target and moved into
place at the end: an interrupted run leaves the old results or the new
ones, never a mix. A non-empty target is refused unless ``overwrite``.

Examples
--------
>>> import tempfile, pathlib, pandas as pd, rehab
>>> from rehab.streaming import stream
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> rehab.stock.demo().table.iloc[:30].to_parquet(tmp / "stock.parquet")
>>> res = stream(tmp / "stock.parquet", ["attic-only"], tmp / "out", chunk_size=12)
>>> res.stats["chunks"], res.stats["houses"], len(pd.read_parquet(tmp / "out" / "table"))
(3, 30, 60)
>>> int(res.aggregates.loc[("social_landlord", "attic-only"), "houses"])
30
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import BadRow, InputError, OutputExistsError, require_extra

__all__ = ["AGGREGATE_SUMS", "StreamResult", "stream"]

log = logging.getLogger(__name__)

#: Columns summed per group and scenario (extensive quantities and counts).
AGGREGATE_SUMS = (
    "floor_area_m2",
    "heating_need_kwh",
    "delivered_kwh",
    "primary_kwh",
    "co2_kg",
    "cost_ttc_eur",
    "fees_ttc_eur",
    "subsidies_eur",
    "public_subsidies_eur",
    "net_cost_eur",
    "bill_before_eur",
    "bill_after_eur",
    "bill_heating_eur",
    "bill_dhw_eur",
    "bill_cooling_eur",
    "bill_lighting_eur",
    "bill_auxiliaries_eur",
    "bill_subscriptions_eur",
    "bill_pv_eur",
    "savings_eur",
    "npv_eur",
    "embodied_kgco2e",
    "whole_life_kgco2e",
)

_CLASSES = "ABCDEFG"


@dataclass
class StreamResult:
    """What :func:`stream` keeps in memory.

    Attributes
    ----------
    path : Path
        The output folder (``table/`` parts, ``errors.parquet``,
        ``aggregates.parquet``, ``settings.json``).
    aggregates : pandas.DataFrame
        Per group (``by``) and scenario: ``houses``, ``allowed`` and the
        sums of :data:`AGGREGATE_SUMS`, and the dwellings per DPE class
        (``class_A`` … ``class_G``).
    errors : list of BadRow
        Every refused row of the stock, with its row number in the file.
    stats : dict
        ``chunks``, ``houses``, ``rows``, ``seconds``, ``engine_seconds``.
    """

    path: Path
    aggregates: Any
    errors: list[BadRow] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def table(self, columns: Sequence[str] | None = None) -> Any:
        """Read the per-dwelling results back (all parts, or some columns)."""
        import pandas as pd

        return pd.read_parquet(self.path / "table", columns=list(columns) if columns else None)


def _aggregate(table: Any, by: Sequence[str]) -> Any:
    """Additive aggregates of one batch: sums per (group, scenario) and class counts."""
    t = table.copy()
    keys = [*by, "scenario"]
    for c in _CLASSES:
        t[f"class_{c}"] = (t["dpe_class"] == c).astype(np.int64)
    t["houses"] = 1
    t["allowed"] = t["allowed"].astype(bool).astype(np.int64)
    cols = ["houses", "allowed", *AGGREGATE_SUMS, *(f"class_{c}" for c in _CLASSES)]
    num = {c: t[c].astype(float).fillna(0.0) if c in AGGREGATE_SUMS else t[c] for c in cols}
    frame = t[keys].assign(**num)
    return frame.groupby(keys, dropna=False, sort=True)[cols].sum()


#: Flag columns of the table that hold True/False/None (one nullable-boolean type in every part).
_FLAGS = ("bbc_renovation_2024", "bbc_first_step_c", "bbc_effinergie_2009", "rental_allowed", "moisture_risk")


def _stream_columns() -> list[str]:
    """The columns of every part: the programme's, with one delivered_<carrier>_kwh and one
    bill_<carrier>_eur per carrier."""
    from .evaluation import COLUMNS
    from .factors import CARRIERS

    cols = list(COLUMNS)
    i = cols.index("delivered_kwh") + 1
    cols[i:i] = [f"delivered_{c}_kwh" for c in sorted(CARRIERS)]
    i = cols.index("bill_pv_eur") + 1
    cols[i:i] = [f"bill_{c}_eur" for c in sorted(CARRIERS)]
    return cols


def _write_part(table: Any, path: Path) -> None:
    """One part with the same columns and types in every part (text, nullable flags, floats)."""
    import datetime as _dt

    out = table.copy()
    allowed = out["allowed"].astype(bool)
    for c in _stream_columns():
        if c not in out.columns:  # a carrier no dwelling of this batch uses: 0 kWh where computed
            per_carrier = c.startswith(("delivered_", "bill_"))
            out[c] = np.where(allowed, 0.0, np.nan) if per_carrier else np.nan
    out = out[_stream_columns()]
    for c in out.columns:
        if c in _FLAGS:
            out[c] = out[c].astype("boolean")
        elif out[c].dtype == object:
            out[c] = out[c].map(lambda v: v.isoformat() if isinstance(v, _dt.date) else v).astype("string")
    out.to_parquet(path, index=False)


def _run_batch(cols: dict[str, list[Any]], first_row: int, packages: Any, options: dict[str, Any],
               part: Path, by: Sequence[str]) -> tuple[Any, list[BadRow], dict[str, Any]]:
    """One batch (its columns of cells): validate, run, write its part; return its aggregates,
    bad rows and stats."""
    from .programme import Programme
    from .stock import Stock

    n = len(next(iter(cols.values()))) if cols else 0
    stock = Stock.from_columns(cols, source=f"rows {first_row}-{first_row + n - 1}", first_row=first_row)
    bad = list(stock.errors)
    if len(stock) == 0:
        return None, bad, {"houses": 0, "rows": 0, "engine_seconds": 0.0}
    res = Programme(stock, packages, **options).run(progress=False)
    bad.extend(e for e in res.errors if e not in stock.errors)
    _write_part(res.table, part)
    agg = _aggregate(res.table, by)
    return agg, bad, {"houses": int(res.stats["houses"]), "rows": len(res.table),
                      "engine_seconds": float(res.stats.get("engine_seconds", 0.0))}


def _batches(path: Path, chunk_size: int) -> Iterable[tuple[int, int, dict[str, list[Any]]]]:
    """(first row number, rows, columns of cells) of successive batches; a missing cell (None,
    NaN, blank text) is None."""
    import pyarrow.parquet as pq

    from .stock import _cells

    pf = pq.ParquetFile(path)
    row = 1
    for batch in pf.iter_batches(batch_size=chunk_size):
        df = batch.to_pandas()
        yield row, len(df), {k: _cells(df[k].tolist()) for k in df.columns}
        row += len(df)


def stream(
    path: Any,
    packages: Iterable[Any] | None,
    out: Any,
    *,
    chunk_size: int = 20_000,
    by: Sequence[str] = ("owner",),
    overwrite: bool = False,
    backend: str = "numpy",
    client: Any = None,
    **options: Any,
) -> StreamResult:
    """Run a programme over a Parquet stock in batches and write partitioned results (module docstring).

    Parameters
    ----------
    path : str or Path
        Parquet stock (the columns of :mod:`rehab.stock`).
    packages : iterable or None
        As for :class:`rehab.programme.Programme` (None: every preset).
    out : str or Path
        Output folder (created; refused when not empty unless ``overwrite``).
    chunk_size : int
        Dwellings per batch (memory ∝ chunk_size).
    by : sequence of str
        Stock columns of the aggregates' groups (with the scenario).
    overwrite : bool
        Replace a non-empty ``out``.
    backend : {"numpy", "dask"}
        In process, or the batches as Dask tasks on ``client`` (a
        ``distributed.Client``; default a LocalCluster for the run).
    **options
        Options of :class:`rehab.programme.Programme` (date, horizon, …).

    Returns
    -------
    StreamResult
    """
    import pandas as pd

    require_extra("pyarrow", "parquet", "streaming Parquet stocks")
    src = Path(path)
    if not src.is_file():
        raise InputError(f"path: {str(src)!r} is not a Parquet file")
    if not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise InputError(f"chunk_size: {chunk_size!r}; give a whole number of dwellings >= 1")
    if backend not in ("numpy", "dask"):
        raise InputError(f"backend: {backend!r}; allowed 'numpy', 'dask'")
    by = [by] if isinstance(by, str) else list(by)
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())) and not overwrite:
        raise OutputExistsError(f"out: {str(target)!r} exists and is not empty; give overwrite=True to replace it")
    from .programme import Programme, parse_packages

    pkgs = parse_packages(packages)
    Programme(pd.DataFrame(columns=["id", "archetype"]), pkgs, **options)  # check the options once, up front
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    t0 = time.perf_counter()
    try:
        (work / "table").mkdir()
        seen: dict[str, int] = {}
        jobs = []
        dup_bad: list[BadRow] = []
        for i, (first, n, cols) in enumerate(_batches(src, int(chunk_size))):
            keep = []
            for j, v in enumerate(cols.get("id", [None] * n)):
                rid = None if v is None else str(v).strip()
                if rid is not None and rid in seen:
                    dup_bad.append(BadRow(first + j, "id", rid, f"duplicate id (first at row {seen[rid]})"))
                    continue
                if rid is not None:
                    seen[rid] = first + j
                keep.append(j)
            if len(keep) < n:
                cols = {k: [v[j] for j in keep] for k, v in cols.items()}
            jobs.append((i, ([first + j for j in keep], cols)))
        outs = _run_jobs(jobs, pkgs, options, work, by, backend, client)
        aggs = [a for a, _b, _s in outs if a is not None]
        errors = sorted(dup_bad + [e for _a, b, _s in outs for e in b], key=lambda e: (e.row, e.column))
        agg = pd.concat(aggs).groupby(level=list(range(len(by) + 1)), dropna=False).sum() if aggs else pd.DataFrame()
        stats = {
            "chunks": len(jobs),
            "houses": sum(s["houses"] for _a, _b, s in outs),
            "rows": sum(s["rows"] for _a, _b, s in outs),
            "engine_seconds": sum(s["engine_seconds"] for _a, _b, s in outs),
            "backend": backend,
        }
        from .programme_result import _errors_frame

        ef = _errors_frame(errors)
        if len(ef):
            ef["value"] = ef["value"].map(lambda v: None if v is None else str(v))  # cells of any type
        ef.to_parquet(work / "errors.parquet", index=False)
        if len(agg):
            agg.reset_index().to_parquet(work / "aggregates.parquet", index=False)
        stats["seconds"] = time.perf_counter() - t0
        log.info(
            "stream: %d dwelling(s) in %d batch(es), %d row(s), %d refused row(s), %.2f s (engine %.2f s)",
            stats["houses"], stats["chunks"], stats["rows"], len(errors), stats["seconds"],
            stats["engine_seconds"],
        )
        meta = {"source": str(src), "packages": [p.name for p in pkgs], "chunk_size": int(chunk_size),
                "by": by, "options": options, "stats": stats}
        (work / "settings.json").write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
        if target.exists():
            old = target.with_name(f".{target.name}-old-{os.getpid()}")
            target.rename(old)
            work.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return StreamResult(target, agg, errors, stats)


def _run_jobs(jobs: list[tuple[int, tuple[list[int], dict[str, list[Any]]]]], pkgs: Any, options: dict[str, Any],
              work: Path, by: Sequence[str], backend: str, client: Any) -> list[Any]:
    """Run every batch in process or as Dask tasks; each writes ``table/part-NNNNN.parquet``."""

    def args(i: int, keep: tuple[list[int], dict[str, list[Any]]]) -> tuple:
        rows, cols = keep
        return cols, rows, pkgs, options, work / "table" / f"part-{i:05d}.parquet", by

    if backend == "numpy":
        return [_batch_rows(*args(i, keep)) for i, keep in jobs]
    require_extra("distributed", "dask", "streaming on a Dask cluster")
    from distributed import Client, LocalCluster

    own = client is None
    cluster = None
    if own:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(_batch_rows, *args(i, keep), pure=False) for i, keep in jobs]
        return client.gather(futures)
    finally:
        if own:
            client.close()
            cluster.close()


def _batch_rows(cols: dict[str, list[Any]], rows: list[int], packages: Any, options: dict[str, Any],
                part: Path, by: Sequence[str]) -> tuple[Any, list[BadRow], dict[str, Any]]:
    """A batch whose rows are not consecutive (duplicates removed): bad rows renumbered to the file's."""
    if not rows:
        return None, [], {"houses": 0, "rows": 0, "engine_seconds": 0.0}
    agg, bad, st = _run_batch(cols, 1, packages, options, part, by)
    renum = [BadRow(rows[b.row - 1], b.column, b.value, b.reason) for b in bad]
    return agg, renum, st
