"""The analysis cache gives the same tables as a cold run and never serves a stale entry."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import helpers
from helpers import analysis as analysis_module
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


def test_an_entry_written_table_by_table_is_read_only_when_complete(cache_dir):
    df = pd.DataFrame({"event_id": ["a", "b"], "n": [1, 2]})
    with pytest.raises(RuntimeError), cache.writing("k1") as put:
        put("first", df)
        raise RuntimeError("stopped half way")
    assert cache.load("k1") is None and not any(p.name.startswith(".") for p in cache_dir.iterdir())
    with cache.writing("k1") as put:
        put("first", df)
        assert cache.load("k1") is None
        put("second", df.iloc[:1])
    got = cache.load("k1")
    assert_frame_equal(got["first"], df) and len(got["second"]) == 1


def test_tables_are_written_in_their_few_pieces_or_joined_from_many(tmp_path):
    import pyarrow as pa
    from pyarrow import feather

    few = pd.concat([pd.DataFrame({"t": pd.array(["x" * 5] * 3, dtype="string[pyarrow]"), "n": range(3)})] * 3,
                    ignore_index=True)
    many = pd.concat([few.iloc[:1]] * (cache.MAX_BATCHES + 1), ignore_index=True)
    for name, df in (("few", few), ("many", many)):
        cache.write_table(df, tmp_path / f"{name}.arrow", "uncompressed")
        assert_frame_equal(cache.read_table(tmp_path / f"{name}.arrow"), df)
    with pa.memory_map(str(tmp_path / "many.arrow")) as source:
        assert pa.ipc.open_file(source).num_record_batches == 1
    assert feather.read_table(tmp_path / "few.arrow").column("t").num_chunks == 3  # not copied into one


def test_texts_opened_from_the_cache_are_read_when_asked_for(cache_dir):
    cold = helpers.analyse(cache=False)
    again = helpers.analyse()
    texts = again.texts
    assert isinstance(texts, helpers.analysis.StoredTexts) and len(texts) == len(cold.texts)
    assert list(texts) == list(cold.texts) and not texts._decoded
    eid = next(iter(cold.texts))
    assert eid in texts and "no such event" not in texts
    assert texts[eid] == cold.texts[eid] and list(texts._decoded) == [eid]
    assert dict(texts.items()) == cold.texts
    with pytest.raises(KeyError):
        texts["no such event"]


def test_a_reopened_analysis_says_again_what_the_cold_run_said(seeds, cache_dir, monkeypatch):
    """Warnings about a user's files (here an unreadable front-matter date, and a file left out)
    come again when the analysis is opened from the cache, in the same words."""
    folder = seeds({"a.md": "---\ndate: 'early September'\n---\n\n" + SOCHI, "notes.txt": "Just a note.\n"})
    said = []
    for run in ("cold", "from the cache"):
        if run == "from the cache":  # nothing is loaded or analysed again: the warnings come from the entry
            monkeypatch.setattr(analysis_module, "_load_and_run", lambda *a, **k: pytest.fail("analysed again"))
        with pytest.warns(helpers.TranscriptWarning) as record:
            helpers.analyse(folder, n_boot=10, on_bad_file="warn")
        said.append(sorted(str(w.message) for w in record if issubclass(w.category, helpers.TranscriptWarning)))
    assert any("front matter date 'early September' is not a date" in m for m in said[0])
    assert any("left out" in m for m in said[0])
    assert said[1] == said[0]
