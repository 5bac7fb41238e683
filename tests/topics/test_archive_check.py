"""The fourth blind topic sample of the archive (``annotations/topics_archive_check*.csv``): well formed,
on the codebook, new to the annotations, read by the evaluation as split ``check``, and its turn numbers
and texts are those of the project's loader.

The archive is not part of the project: the turns are checked against ``tests/data/wh_check/``
(the start of each transcript, up to the end of its coded run; sources in its ``SOURCE.md``) and,
for the two daily briefings shipped in ``data/archive-sample/``, against those files. Nothing here
tags or scores the sample: it is held for one scoring after the tagger's next tuning.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers import config
from helpers.evaluation import topics as topic_eval

CHECK = config.ANNOTATIONS_DIR / "topics_archive_check.csv"
CONTEXT = config.ANNOTATIONS_DIR / "topics_archive_check_context.csv"
FIXTURE = config.ROOT / "tests" / "data" / "wh_check"
COLUMNS = ["file", "source_url", "date", "turn", "label", "split", "topics", "primary", "text", "note"]


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def ids(value: str) -> list[str]:
    return value.split(";")


@pytest.fixture(scope="module")
def check():
    return pd.read_csv(CHECK, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def context():
    return pd.read_csv(CONTEXT, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def transcripts(check, tmp_path_factory):
    """The loader's corpus of every transcript of the sample, each under its ``YYYY-MM/`` path."""
    folder = tmp_path_factory.mktemp("check")
    for file in sorted(set(check["file"])):
        sources = [d / file for d in (FIXTURE, config.ARCHIVE_SAMPLE_DIR) if (d / file).is_file()]
        assert sources, f"{file}: in {CHECK.name} but neither in {FIXTURE} nor in {config.ARCHIVE_SAMPLE_DIR}"
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[0], folder / file)
    return helpers.load_corpus(folder, catalog=False)


def mismatches(rows: pd.DataFrame, corpus) -> list:
    """Rows whose label or text differ from the loader's turn of that number (or have no such turn)."""
    turns = corpus.utterances.set_index(["file", "turn"])
    bad = []
    for r in rows.itertuples():
        key = (r.file, int(r.turn))
        if key not in turns.index:
            bad.append((*key, "no such turn"))
            continue
        t = turns.loc[key]
        label = t["label"] if t["label"] == "Q" else t["label"] + ":"
        if r.label != label or r.text != fold(t["text"]):
            bad.append((*key, "label or text differs"))
    return bad


def test_columns_split_and_size(check, context):
    assert list(check.columns) == COLUMNS
    assert list(context.columns) == ["file", "turn", "label", "text"]
    assert set(check["split"]) == {"check"}
    assert len(check) >= 200 and check["file"].nunique() >= 10
    assert check[["file", "source_url", "date", "label", "text", "note"]].ne("").all().all()
    assert not check.duplicated(["file", "turn"]).any()
    assert check["file"].str.fullmatch(r"(202[1-4]-\d\d)/\1-\d\d-[^/]+\.md").all()
    assert (check["date"] == check["file"].str[8:18]).all()


def test_topics_are_codebook_ids_and_primary_is_among_them(check):
    codebook = set(pd.read_csv(config.DATA_DIR / "topics.csv")["id"])
    for r in check.itertuples():
        topics, primary = ids(r.topics), ids(r.primary)
        where = f"{r.file} turn {r.turn}"
        assert set(topics + primary) <= codebook | {"none"}, where
        assert len(set(topics)) == len(topics) and len(set(primary)) == len(primary), where
        assert topics == ["none"] or "none" not in topics, where
        assert (primary == ["none"]) == (topics == ["none"]), where
        assert set(primary) <= set(topics), where
    gold = topic_eval.load_archive_gold(CHECK)                 # the evaluation reads it as it is
    assert len(gold) == len(check) and gold["split"].eq("check").all()
    assert len(topic_eval.load_archive_context(CONTEXT)) == len(pd.read_csv(CONTEXT))


def test_one_run_of_consecutive_turns_per_file_with_its_context(check, context):
    sampled = set(zip(check["file"], check["turn"].astype(int)))
    expected = set()
    for file, turns in check.groupby("file")["turn"]:
        t = sorted(turns.astype(int))
        assert t == list(range(t[0], t[-1] + 1)), f"{file}: the coded turns are not one run"
        expected |= {(file, k) for k in range(max(0, t[0] - 3), t[0])}
    got = set(zip(context["file"], context["turn"].astype(int)))
    assert got == expected and not got & sampled


def test_transcripts_are_new_to_the_annotations(check):
    """No file name of the sample occurs in any other annotation file (CSV or note)."""
    names = {Path(f).name for f in check["file"]}
    own = {CHECK.name, CONTEXT.name, "topics_archive_check.md"}
    others = [p for p in sorted(config.ANNOTATIONS_DIR.iterdir()) if p.is_file() and p.name not in own]
    assert any(p.name == "topics_archive_blind.csv" for p in others)
    for path in others:
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], path.name


def test_the_evaluation_reads_the_sample_as_split_check(monkeypatch):
    """``evaluate_archive(("check",))`` hands the tagger this sample and its context turns; the tagger
    is stopped before it runs, so the sample is neither tagged nor scored here."""
    assert topic_eval.EXTRA_SAMPLES["check"] == (CHECK, CONTEXT)
    assert "check" in topic_eval.OUT_OF_SAMPLE_SPLITS
    seen = {}

    class Stop(Exception):
        pass

    def stop(gold, lexicon_path=None, codebook=None, context=None, **options):
        seen.update(gold=gold, context=context)
        raise Stop

    monkeypatch.setattr(topic_eval, "predict_archive", stop)
    with pytest.raises(Stop):
        topic_eval.evaluate_archive(("check",))
    gold, context = seen["gold"], seen["context"]
    assert len(gold) == len(pd.read_csv(CHECK)) and gold["split"].eq("check").all()
    expected = pd.read_csv(CONTEXT, dtype={"turn": "int64"})
    got = context.merge(expected[["file", "turn"]], on=["file", "turn"])
    assert len(got) == len(expected)
    with pytest.raises(Stop):                                  # the other samples are not mixed in
        topic_eval.evaluate_archive(("dev",))
    assert not seen["gold"]["split"].eq("check").any()


def test_turn_numbers_labels_and_texts_are_the_loaders(check, context, transcripts):
    assert mismatches(check, transcripts) == []
    assert mismatches(context, transcripts) == []
    events = transcripts.events.set_index("file")
    for file, g in check.groupby("file"):
        assert g["source_url"].eq(events.loc[file, "source_url"]).all(), file
        assert g["date"].eq(str(events.loc[file, "date"])[:10]).all(), file


def test_the_check_sees_a_shifted_turn(check, transcripts):
    shifted = check.head(3).assign(turn=lambda d: d["turn"].astype(int) + 1)
    assert len(mismatches(shifted, transcripts)) == 3
    edited = check.head(1).assign(text=lambda d: d["text"] + " (edited)")
    assert mismatches(edited, transcripts) == [(edited["file"].iloc[0], int(edited["turn"].iloc[0]), "label or text differs")]
