"""The analysis cache gives the same tables as a cold run and never serves a stale entry."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import helpers
from helpers import cache

SOCHI = "SECRETARY POMPEO: Good evening.\n\nQUESTION: What about Iran?\n\nSECRETARY POMPEO: Sanctions on Iran stay.\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(cache, "CACHE_DIR", folder)
    return folder


def _equal(a, b):
    ta, tb = a.to_tables(), b.to_tables()
    assert ta.keys() == tb.keys()
    for name in ta:
        assert_frame_equal(ta[name].reset_index(drop=True), tb[name].reset_index(drop=True), obj=name)
    assert a.texts == b.texts


def test_cached_analysis_equals_cold_run(cache_dir):
    cold = helpers.analyse(cache=False)
    assert not cache_dir.exists()
    first = helpers.analyse()
    entries = [p for p in cache_dir.iterdir() if not p.name.startswith(".") and p.name != "events"]
    assert len(entries) == 1 and (entries[0] / "COMPLETE").exists()
    again = helpers.analyse()
    _equal(cold, first)
    _equal(cold, again)
    assert len(again.utterances) == len(cold.utterances) > 0


def test_a_changed_file_changes_the_key(seeds, cache_dir):
    folder = seeds({"a.txt": SOCHI})
    key = cache.cache_key(folder, n_boot=10)
    assert cache.cache_key(folder, n_boot=10) == key
    assert cache.cache_key(folder, n_boot=11) != key
    (folder / "a.txt").write_text(SOCHI.replace("stay", "remain"), encoding="utf-8")
    assert cache.cache_key(folder, n_boot=10) != key
    before = helpers.analyse(folder, n_boot=10)
    (folder / "a.txt").write_text(SOCHI + "\nQUESTION: And Syria?\n", encoding="utf-8")
    after = helpers.analyse(folder, n_boot=10)
    assert len(after.utterances) == len(before.utterances) + 1


def test_incomplete_entry_is_not_read(cache_dir):
    (cache_dir / "abc").mkdir(parents=True)
    pd.DataFrame({"x": [1]}).to_parquet(cache_dir / "abc" / "t.parquet")
    assert cache.load("abc") is None
    cache.store("abc", {"t": pd.DataFrame({"x": [2]})})
    assert cache.load("abc")["t"]["x"].tolist() == [2]
