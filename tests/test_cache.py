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


TABLES = ["corpus.events", "corpus.principals", "corpus.utterances", "corpus.sentences", "corpus.skipped",
          "tagging.utterances", "tagging.sentences", "tagging.hits", "tagging.codebook", "tagging.lexicon",
          "utterances", "sentences", "design", "exchanges", "clarity", "topics"]


def _get(analysis, path):
    for part in path.split("."):
        analysis = getattr(analysis, part)
    return analysis


def _equal(a, b):
    for name in TABLES:
        assert_frame_equal(_get(a, name).reset_index(drop=True), _get(b, name).reset_index(drop=True), obj=name)
    assert a.texts == b.texts


def test_tables_that_are_column_subsets_are_stored_once():
    a = helpers.analyse(cache=False)
    tables = a.to_tables()
    assert {"corpus_utterances", "tagging_utterances", "corpus_sentences"}.isdisjoint(tables)
    assert set(tables["views"]["table"]) == {"corpus_utterances", "tagging_utterances", "corpus_sentences"}
    _equal(a, helpers.Analysis.from_tables(tables))
    # a table that is not a subset of its source (here: one changed cell) is stored whole
    changed = a.corpus.utterances.copy()
    changed.loc[0, "text"] = changed.loc[0, "text"] + " (edited)"
    b = helpers.Analysis(corpus=helpers.Corpus(a.corpus.events, a.corpus.principals, changed, a.corpus.sentences,
                                               a.texts, skipped=a.corpus.skipped),
                         tagging=a.tagging, utterances=a.utterances, sentences=a.sentences, design=a.design,
                         exchanges=a.exchanges, clarity=a.clarity, topics=a.topics)
    tables = b.to_tables()
    assert "corpus_utterances" in tables and "corpus_utterances" not in set(tables["views"]["table"])
    _equal(b, helpers.Analysis.from_tables(tables))


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
