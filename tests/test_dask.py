"""The per-event stages on a Dask cluster give the tables of a serial run; the export writes
Parquet partitioned by event beside the CSV files."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from distributed import Client, LocalCluster
from pandas.testing import assert_frame_equal
from test_pipeline import assert_same

import helpers
from helpers import config
from helpers.export import export_corpus

pytestmark = pytest.mark.filterwarnings("ignore:.*SOURCE.md.*:helpers.errors.TranscriptWarning")
WH = config.ROOT / "tests" / "data" / "wh"


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


@pytest.mark.parametrize("folder", [config.SEEDS_DIR, WH], ids=["seeds", "wh"])
def test_dask_run_equals_serial_run(folder, client):
    serial = helpers.analyse(folder, cache=False, n_jobs=1, n_boot=50)
    assert_same(serial, helpers.analyse(folder, cache=False, dask=client, n_boot=50))


def test_dask_by_address_and_partitioned_parquet(client, tmp_path):
    written = export_corpus(tmp_path / "out", WH, cache=False, dask=client.scheduler.address)
    serial = helpers.analyse(WH, cache=False, n_jobs=1)
    csv = pd.read_csv(tmp_path / "out" / "utterances.csv")
    assert len(csv) == len(serial.utterances)
    parts = sorted(p.name for p in (tmp_path / "out" / "parquet" / "utterances").iterdir())
    assert len(parts) == len(serial.events) and all(p.startswith("event_id=") for p in parts)
    assert tmp_path / "out" / "parquet" / "utterances" in written
    back = pd.read_parquet(tmp_path / "out" / "parquet" / "utterances")
    back["event_id"] = back["event_id"].astype(str)
    back = back.sort_values(["event_id", "turn"]).reset_index(drop=True)[list(serial.utterances.columns)]
    want = serial.utterances.sort_values(["event_id", "turn"]).reset_index(drop=True)
    assert_frame_equal(back, want, check_dtype=False, check_categorical=False)


def test_dask_results_are_stored_in_the_event_cache(client, tmp_path, monkeypatch):
    """On Dask the tables come back whole and are stored where they are gathered."""
    from helpers import cache

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    serial = helpers.analyse(WH, cache=False, n_jobs=1, n_boot=20)
    assert_same(serial, helpers.analyse(WH, dask=client, n_boot=20))
    assert len(cache.EVENT_LOG["computed"]) == len(serial.events)
    shutil.rmtree(next(p for p in (tmp_path / "cache").iterdir() if p.name != "events"))
    assert_same(serial, helpers.analyse(WH, n_boot=20))
    assert cache.EVENT_LOG["computed"] == []
