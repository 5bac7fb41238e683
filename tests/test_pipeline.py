"""Per-event stages: worker processes and the per-event cache give the tables of a serial cold
run, and of the steps run over the whole corpus at once."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import helpers
from helpers import cache, config, pipeline
from helpers.analysis import Analysis
from helpers.corpus import load_corpus
from helpers.qa import (
    add_clarity,
    answer_clarity,
    build_exchanges,
    question_design,
    reply_links,
)
from helpers.topics import tag_corpus_full, topic_measures

pytestmark = pytest.mark.filterwarnings("ignore:.*SOURCE.md.*:helpers.errors.TranscriptWarning")
WH = config.ROOT / "tests" / "data" / "wh"
FOLDERS = [config.SEEDS_DIR, WH]


def assert_same(a: Analysis, b: Analysis) -> None:
    ta, tb = a.to_tables(), b.to_tables()
    assert ta.keys() == tb.keys()
    for name in ta:
        assert_frame_equal(ta[name], tb[name], obj=name)
    assert a.texts == b.texts


def whole_corpus(folder, n_boot: int) -> Analysis:
    """Every step over the whole corpus at once, as the analysis ran before it ran per event."""
    corpus = load_corpus(folder)
    tagging = tag_corpus_full(corpus)
    design = question_design(corpus.utterances, corpus.principals)
    exchanges = build_exchanges(corpus.utterances, corpus.principals, design=design)
    clarity = answer_clarity(corpus.utterances, exchanges)
    links = reply_links(exchanges)[["event_id", "turn", "exchange", "reply_to"]]
    utterances = add_clarity(tagging.utterances, clarity).merge(links, on=["event_id", "turn"], how="left")
    utterances["exchange"] = utterances["exchange"].astype("Int64")
    topics = topic_measures(tagging.utterances, tagging.sentences, tagging.codebook, n_boot=n_boot, seed=0)
    return Analysis(corpus=corpus, tagging=tagging, utterances=utterances, sentences=tagging.sentences,
                    design=design, exchanges=exchanges, clarity=clarity, topics=topics)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(cache, "CACHE_DIR", folder)
    return folder


@pytest.mark.parametrize("folder", FOLDERS, ids=["seeds", "wh"])
def test_parallel_run_equals_serial_run_and_whole_corpus_steps(folder, monkeypatch):
    monkeypatch.setattr(pipeline, "MIN_PARALLEL_FILES", 2)  # the wh fixtures are five files
    serial = helpers.analyse(folder, cache=False, n_jobs=1, n_boot=50)
    parallel = helpers.analyse(folder, cache=False, n_jobs=2, n_boot=50)
    assert_same(serial, parallel)
    assert_same(whole_corpus(folder, 50), serial)
    assert len(serial.events) >= 3 and len(serial.clarity) > 0


def test_results_come_back_in_job_order(monkeypatch):
    monkeypatch.setattr(pipeline, "MIN_PARALLEL_FILES", 2)
    jobs = helpers.corpus.plan_corpus(WH).jobs
    out = pipeline.run_events(jobs, n_jobs=2)
    assert [r["utterances"]["file"].iloc[0] for r in out] == [j.rel for j in jobs]


def test_a_changed_file_recomputes_only_its_event(tmp_path, cache_dir):
    folder = tmp_path / "wh"
    shutil.copytree(WH, folder)
    first = helpers.analyse(folder, n_boot=20)
    files = sorted(p.name for p in folder.glob("*.md") if p.name != "SOURCE.md")
    assert sorted(cache.EVENT_LOG["computed"]) == files and cache.EVENT_LOG["reused"] == []
    changed = folder / files[2]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("All right, everybody.", "All right, everybody. One more on Iran?", 1),
                       encoding="utf-8")
    second = helpers.analyse(folder, n_boot=20)
    assert cache.EVENT_LOG["computed"] == [files[2]]
    assert sorted(cache.EVENT_LOG["reused"]) == sorted(set(files) - {files[2]})
    assert_same(helpers.analyse(folder, n_boot=20, cache=False), second)
    assert not first.utterances.equals(second.utterances)
    third = helpers.analyse(folder, n_boot=20)  # the whole analysis, from its own cache entry
    assert_same(second, third)
    assert cache.EVENT_LOG["computed"] == [] and sorted(cache.EVENT_LOG["reused"]) == files


def test_a_bad_file_is_reported_from_workers_too(seeds, monkeypatch):
    monkeypatch.setattr(pipeline, "MIN_PARALLEL_FILES", 2)
    files = {f"{i}.txt": "MS. PSAKI: Good afternoon.\n\nQ: What about Iran?\n\nMS. PSAKI: We will see.\n"
             for i in range(3)}
    files["bad.txt"] = b"\x00\x01\x02 binary"
    folder = seeds(files)
    with pytest.raises(helpers.TranscriptError, match="bad.txt"):
        helpers.analyse(folder, cache=False, n_jobs=2)
    with pytest.warns(helpers.TranscriptWarning, match="bad.txt"):
        a = helpers.analyse(folder, cache=False, n_jobs=2, on_bad_file="warn")
    assert list(a.corpus.skipped["file"]) == ["bad.txt"] and len(a.events) == 3


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_warnings_name_the_callers_line(seeds, monkeypatch, cache_dir, n_jobs):
    """A warning about a user's file points at the user's own call (the notebook cell), not into
    the package, however deep it was given: in one process, from worker processes, and said
    again from the cache."""
    import warnings

    monkeypatch.setattr(pipeline, "MIN_PARALLEL_FILES", 2)
    files = {f"{i}.txt": "MS. PSAKI: Good afternoon.\n\nQ: What about Iran?\n\nMS. PSAKI: We will see.\n"
             for i in range(3)}
    files["bad.txt"] = b"\x00\x01\x02 binary"
    files["dated.md"] = "---\ndate: someday\n---\nMS. PSAKI: Good afternoon.\n\nQ: Iran?\n\nMS. PSAKI: No.\n"
    folder = seeds(files, name=f"warn{n_jobs}")
    for use_cache in (True, True, False):  # cold, then from the cache, then without it
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            helpers.analyse(folder, n_jobs=n_jobs, on_bad_file="warn", cache=use_cache, n_boot=5)
        ours = [w for w in caught if issubclass(w.category, helpers.TranscriptWarning)]
        assert any("bad.txt" in str(w.message) for w in ours)
        assert all(w.filename == __file__ for w in ours), {(w.filename, w.lineno) for w in ours}


def test_export_jobs_option_writes_the_same_files(tmp_path):
    """The command line's --jobs and --parquet (five files stay in one process: the worker
    processes themselves are compared above)."""
    import subprocess
    import sys

    out = {}
    for jobs in ("1", "2"):
        res = subprocess.run([sys.executable, "-m", "helpers", "export", str(tmp_path / jobs), "--seeds", str(WH),
                              "--jobs", jobs, "--no-cache", "--on-bad-file", "skip", "--parquet"],
                             capture_output=True, text=True, check=False)
        assert res.returncode == 0, res.stderr
        out[jobs] = {p.name: p.read_bytes() for p in sorted((tmp_path / jobs).glob("*.csv"))}
    assert out["1"] == out["2"] and len(out["1"]) == 6
    assert (tmp_path / "2" / "parquet" / "events").is_dir()


def test_parquet_partitions_read_back_whole_under_the_ids_pyarrow_writes(tmp_path):
    """One file per event in the folder name pyarrow's own hive writer uses (the id
    URI-encoded), read back whole by pandas; a table without events is one file."""
    from helpers.export import write_parquet

    ids = ["a b/c", "x%y", "\u00e9:\u00fc", "plain"]
    df = pd.DataFrame({"event_id": [ids[i % 4] for i in range(8)], "turn": range(8), "text": list("abcdefgh")})
    written = write_parquet({"utterances": df, "skipped": pd.DataFrame({"file": ["z.txt"]})}, tmp_path / "ours")
    assert written == [tmp_path / "ours" / "utterances", tmp_path / "ours" / "skipped"]
    # the names pyarrow 26's dataset writer gives these ids (its writer is not run here: its
    # thread pool is what can abort an interpreter at exit)
    assert sorted(p.name for p in (tmp_path / "ours" / "utterances").iterdir()) == [
        "event_id=%C3%A9%3A%C3%BC", "event_id=a%20b%2Fc", "event_id=plain", "event_id=x%25y"]
    back = pd.read_parquet(tmp_path / "ours" / "utterances")
    back["event_id"] = back["event_id"].astype(str)
    assert_frame_equal(back.sort_values("turn").reset_index(drop=True)[list(df.columns)], df)
    assert list(pd.read_parquet(tmp_path / "ours" / "skipped")["file"]) == ["z.txt"]


def test_workers_store_their_events_and_the_cached_run_equals_the_cold_one(tmp_path, cache_dir, monkeypatch):
    """With the cache, worker processes write each event's entry themselves; the analysis put
    together from those entries (and reopened from its own entry) is the serial cold run."""
    monkeypatch.setattr(pipeline, "MIN_PARALLEL_FILES", 2)
    cold = helpers.analyse(WH, cache=False, n_jobs=1, n_boot=20)
    parallel = helpers.analyse(WH, n_jobs=2, n_boot=20)
    files = sorted(p.name for p in WH.glob("*.md") if p.name != "SOURCE.md")
    assert sorted(cache.EVENT_LOG["computed"]) == files
    entries = [p for p in (cache_dir / "events").iterdir() if (p / "COMPLETE").exists()]
    assert len(entries) == len(files)
    stored = cache.load_event(entries[0].name, cache_dir)
    assert "utterances" in stored and "corpus_utterances" not in stored  # a view: its columns only
    assert set(stored["views"]["table"]) == set(pipeline.VIEWS)
    assert_same(cold, parallel)
    shutil.rmtree(next(p for p in cache_dir.iterdir() if p.name != "events"))  # from the event entries again
    assert_same(cold, helpers.analyse(WH, n_jobs=2, n_boot=20))
    assert cache.EVENT_LOG["computed"] == []
    assert_same(cold, helpers.analyse(WH, n_jobs=2, n_boot=20))  # from the analysis's own entry


def test_a_table_that_is_a_view_in_some_events_only_is_put_together_per_event():
    """An event whose table is not a column subset of its source keeps the table whole; the
    others select it from their own source; the table over all events is the same."""
    from helpers.analysis import _gather

    corpus = load_corpus(WH)
    parts = [pipeline.drop_views(pipeline.event_tables(corpus.select([eid]))) for eid in list(corpus.texts)[:3]]
    whole = parts[1]["utterances"][list(pipeline.with_views(parts[1])["tagging_utterances"].columns)].copy()
    parts[1]["tagging_utterances"] = whole.assign(text=whole["text"] + " (edited)")
    parts[1]["views"] = parts[1]["views"][parts[1]["views"]["table"] != "tagging_utterances"]
    want = [pipeline.with_views(dict(p))["tagging_utterances"] for p in parts]
    done = {"utterances": _gather(parts, "utterances", {})}
    got = _gather(parts, "tagging_utterances", done)
    assert_frame_equal(got, pd.concat(want, ignore_index=True))
    assert got["text"].str.endswith(" (edited)").sum() == len(want[1])


def test_export_command_says_what_is_wrong_with_its_arguments(tmp_path, seeds, capsys):
    """One line naming the folder, file or argument, exit status 2, no traceback."""
    from helpers.cli import main

    good = seeds({"a.txt": "MS. PSAKI: Good afternoon.\n\nQ: What about Iran?\n\nMS. PSAKI: We will see.\n"})
    (tmp_path / "empty").mkdir()
    bad = seeds({"b.txt": b"\x00\x01 binary"}, name="bad")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    cases = [
        (["export", str(tmp_path / "out"), "--seeds", str(tmp_path / "empty")],
         "empty: no transcripts in this folder or its subfolders (files ending .txt, .md"),
        (["export", str(tmp_path / "out"), "--seeds", str(tmp_path / "afile")], "afile: a file, not a folder"),
        (["export", str(tmp_path / "afile"), "--seeds", str(good), "--no-cache"],
         "afile: is a file; the tables are written into a folder"),
        (["export", str(tmp_path / "out"), "--seeds", str(bad), "--no-cache", "--on-bad-file", "skip"],
         "bad: none of its 1 transcript file(s) could be read; the first: b.txt: the file looks binary"),
    ]
    for argv, message in cases:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for jobs, message in (("0", "must be 1 or more, not 0"), ("x", "not a whole number: 'x'")):
        with pytest.raises(SystemExit) as stop:
            main(["export", str(tmp_path / "out"), "--jobs", jobs])
        assert stop.value.code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_unreachable_dask_scheduler_is_an_input_error(monkeypatch):
    """A scheduler address nobody answers at is said as such, not as distributed's OSError."""
    distributed = pytest.importorskip("distributed")

    def refuse(address, *args, **kwargs):
        raise OSError(f"Timed out trying to connect to {address} after 30 s")

    monkeypatch.setattr(distributed, "Client", refuse)
    with pytest.raises(helpers.InputError, match=r"tcp://127\.0\.0\.1:1: cannot reach the Dask scheduler"):
        pipeline.run_events([object()], None, dask="tcp://127.0.0.1:1")


def test_analyse_checks_its_arguments_first():
    with pytest.raises(ValueError, match="n_boot must be 1 or more"):
        helpers.analyse(WH, cache=False, n_boot=0)
    with pytest.raises(ValueError, match="events is empty"):
        helpers.analyse(WH, cache=False, events=[])
    with pytest.raises(KeyError, match="unknown event id"):
        helpers.analyse(WH, cache=False, events=["no-such-event"])
    wanted = "gaggle_air_force_one"
    one = helpers.analyse(WH, cache=False, n_jobs=1, n_boot=5, events=(e for e in [wanted]))  # a generator, read once
    assert one.events["event_id"].tolist() == [wanted]


def test_the_default_analysis_runs_without_scikit_learn():
    # the lexicon decides the topics by default: the package, and each worker process that
    # imports it, must not load scikit-learn (some 60 MB per process) just to be imported
    import os
    import subprocess
    import sys

    code = ("import sys, helpers; helpers.analyse(sys.argv[1], cache=False, n_jobs=1); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    res = subprocess.run([sys.executable, "-c", code, str(config.SEEDS_DIR)], capture_output=True, text=True,
                         env={**os.environ, **config.REPRODUCIBLE_ENV})
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"
