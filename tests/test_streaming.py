"""rehab.streaming: a Parquet stock in batches gives the in-memory programme's rows, parts and aggregates."""

import numpy as np
import pandas as pd
import pytest

import rehab
from rehab.errors import InputError
from rehab.programme import Programme
from rehab.streaming import AGGREGATE_SUMS, stream

PK = ["attic-only", "bbc-renovation"]


@pytest.fixture(scope="module")
def stock_file(tmp_path_factory):
    d = tmp_path_factory.mktemp("stock")
    t = rehab.stock.demo().table.iloc[::7].copy().reset_index(drop=True)  # 50 dwellings of every kind
    t.loc[3, "floor_area"] = -5.0  # a bad row (file row 4)
    t.loc[40, "id"] = t.loc[5, "id"]  # a duplicate id in another batch (file row 41)
    path = d / "stock.parquet"
    t.to_parquet(path)
    return path, t


def _sorted(df):
    return df.sort_values(["house_id", "scenario"]).reset_index(drop=True)


def test_stream_equals_the_in_memory_programme(stock_file, tmp_path):
    path, t = stock_file
    res = stream(path, PK, tmp_path / "out", chunk_size=16)
    assert res.stats["chunks"] == 4 and res.stats["houses"] == 48
    assert [(e.row, e.column) for e in res.errors] == [(4, "floor_area"), (41, "id")]
    parts = sorted((tmp_path / "out" / "table").glob("part-*.parquet"))
    assert len(parts) == 4
    got = _sorted(res.table())
    mem = Programme(t.drop(index=[3, 40]), PK).run(progress=False)
    want = _sorted(mem.table)
    assert set(want.columns) <= set(got.columns) and len(got) == len(want) == 48 * 3
    for c in set(got.columns) - set(want.columns):  # carriers no dwelling uses: 0 kWh, 0 EUR where computed
        assert c.startswith(("delivered_", "bill_")) and np.nansum(got[c].to_numpy(float)) == 0.0
    num = [c for c in want.columns if want[c].dtype.kind == "f"]
    np.testing.assert_allclose(got[num].to_numpy(float), want[num].to_numpy(float), rtol=1e-12, equal_nan=True)
    # aggregates: sums of the per-dwelling rows per owner and scenario
    for c in AGGREGATE_SUMS:
        expect = want.groupby(["owner", "scenario"])[c].sum()
        np.testing.assert_allclose(res.aggregates[c].to_numpy(), expect.to_numpy(), rtol=1e-12)
    assert int(res.aggregates["houses"].sum()) == 48 * 3
    assert res.aggregates.filter(like="class_").sum(axis=1).sum() == (want["dpe_class"].notna()).sum()
    for c in ("dpe_class", "constraint", "aids_applied"):
        assert got[c].fillna("").tolist() == want[c].fillna("").astype(str).tolist(), c
    assert got["rental_deadline"].fillna("").tolist() == [
        v.isoformat() if hasattr(v, "isoformat") else "" for v in want["rental_deadline"]
    ]
    back = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert back["row"].tolist() == [4, 41]


def test_stream_refuses_a_non_empty_folder_and_keeps_it(stock_file, tmp_path):
    path, _ = stock_file
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the user's own file")
    with pytest.raises(InputError, match="not empty; give overwrite=True"):
        stream(path, PK, out, chunk_size=30)
    assert (out / "index.html").read_text() == "the user's own file"
    stream(path, ["attic-only"], out, chunk_size=30, overwrite=True)
    assert not (out / "index.html").exists() and (out / "table").is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left


def test_stream_rejects_bad_arguments(stock_file, tmp_path):
    path, _ = stock_file
    with pytest.raises(InputError, match="chunk_size"):
        stream(path, PK, tmp_path / "a", chunk_size=0)
    with pytest.raises(InputError, match="not a Parquet file"):
        stream(tmp_path / "none.parquet", PK, tmp_path / "b")
    with pytest.raises(InputError, match="backend"):
        stream(path, PK, tmp_path / "c", backend="spark")
    with pytest.raises(InputError, match="horizon"):
        stream(path, PK, tmp_path / "d", horizon=-3)


@pytest.mark.dask
def test_stream_on_a_dask_cluster_equals_in_process(stock_file, tmp_path):
    from distributed import Client, LocalCluster

    path, _ = stock_file
    a = stream(path, PK, tmp_path / "numpy", chunk_size=20)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, processes=True) as cluster, Client(cluster) as client:
        b = stream(path, PK, tmp_path / "dask", chunk_size=20, backend="dask", client=client)
    ta, tb = _sorted(a.table()), _sorted(b.table())
    num = [c for c in ta.columns if ta[c].dtype.kind == "f"]
    np.testing.assert_allclose(ta[num].to_numpy(float), tb[num].to_numpy(float), rtol=1e-9, equal_nan=True)
    assert [(e.row, e.column) for e in a.errors] == [(e.row, e.column) for e in b.errors]
