"""The third blind topic sample of the archive (``annotations/topics_archive_blind*.csv``): well formed,
on the codebook, and its turn numbers and texts are those of the project's loader.

The archive is not part of the project: the turns are checked against ``tests/data/wh_blind/``
(the start of each transcript, up to the end of its coded run; sources in its ``SOURCE.md``) and,
for the two daily briefings shipped in ``data/archive-sample/``, against those files.
"""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

import helpers
from helpers import config
from helpers.evaluation import topics as topic_eval

BLIND = config.ANNOTATIONS_DIR / "topics_archive_blind.csv"
CONTEXT = config.ANNOTATIONS_DIR / "topics_archive_blind_context.csv"
FIXTURE = config.ROOT / "tests" / "data" / "wh_blind"
COLUMNS = ["file", "source_url", "date", "turn", "label", "split", "topics", "primary", "text", "note"]
OTHER_SAMPLES = ["topics_archive_gold.csv", "topics_archive_context.csv",
                 "topics_archive_fresh.csv", "topics_archive_fresh_context.csv"]


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def ids(value: str) -> list[str]:
    return value.split(";")


@pytest.fixture(scope="module")
def blind():
    return pd.read_csv(BLIND, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def context():
    return pd.read_csv(CONTEXT, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def transcripts(blind, tmp_path_factory):
    """The loader's corpus of every transcript of the sample, each under its ``YYYY-MM/`` path."""
    folder = tmp_path_factory.mktemp("blind")
    for file in sorted(set(blind["file"])):
        sources = [d / file for d in (FIXTURE, config.ARCHIVE_SAMPLE_DIR) if (d / file).is_file()]
        assert sources, f"{file}: in {BLIND.name} but neither in {FIXTURE} nor in {config.ARCHIVE_SAMPLE_DIR}"
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


def test_columns_split_and_size(blind, context):
    assert list(blind.columns) == COLUMNS
    assert list(context.columns) == ["file", "turn", "label", "text"]
    assert set(blind["split"]) == {"blind"}
    assert len(blind) >= 200 and blind["file"].nunique() >= 10
    assert blind[["file", "source_url", "date", "label", "text", "note"]].ne("").all().all()
    assert not blind.duplicated(["file", "turn"]).any()
    assert blind["file"].str.fullmatch(r"(202[1-4]-\d\d)/\1-\d\d-[^/]+\.md").all()
    assert (blind["date"] == blind["file"].str[8:18]).all()


def test_topics_are_codebook_ids_and_primary_is_among_them(blind):
    codebook = set(pd.read_csv(config.DATA_DIR / "topics.csv")["id"])
    for r in blind.itertuples():
        topics, primary = ids(r.topics), ids(r.primary)
        where = f"{r.file} turn {r.turn}"
        assert set(topics + primary) <= codebook | {"none"}, where
        assert len(set(topics)) == len(topics) and len(set(primary)) == len(primary), where
        assert topics == ["none"] or "none" not in topics, where
        assert (primary == ["none"]) == (topics == ["none"]), where
        assert set(primary) <= set(topics), where
    gold = topic_eval.load_archive_gold(BLIND)                 # the evaluation reads it as it is
    assert len(gold) == len(blind) and gold["split"].eq("blind").all()
    assert len(topic_eval.load_archive_context(CONTEXT)) == len(pd.read_csv(CONTEXT))


def test_one_run_of_consecutive_turns_per_file_with_its_context(blind, context):
    sampled = set(zip(blind["file"], blind["turn"].astype(int)))
    expected = set()
    for file, turns in blind.groupby("file")["turn"]:
        t = sorted(turns.astype(int))
        assert t == list(range(t[0], t[-1] + 1)), f"{file}: the coded turns are not one run"
        expected |= {(file, k) for k in range(max(0, t[0] - 3), t[0])}
    got = set(zip(context["file"], context["turn"].astype(int)))
    assert got == expected and not got & sampled


def test_transcripts_are_new_to_the_annotations(blind):
    for name in OTHER_SAMPLES:
        other = set(pd.read_csv(config.ANNOTATIONS_DIR / name, dtype=str)["file"])
        assert not other & set(blind["file"]), name


def test_turn_numbers_labels_and_texts_are_the_loaders(blind, context, transcripts):
    assert mismatches(blind, transcripts) == []
    assert mismatches(context, transcripts) == []
    events = transcripts.events.set_index("file")
    for file, g in blind.groupby("file"):
        assert g["source_url"].eq(events.loc[file, "source_url"]).all(), file
        assert g["date"].eq(str(events.loc[file, "date"])[:10]).all(), file


def test_the_check_sees_a_shifted_turn(blind, transcripts):
    shifted = blind.head(3).assign(turn=lambda d: d["turn"].astype(int) + 1)
    assert len(mismatches(shifted, transcripts)) == 3
    edited = blind.head(1).assign(text=lambda d: d["text"] + " (edited)")
    assert mismatches(edited, transcripts) == [(edited["file"].iloc[0], int(edited["turn"].iloc[0]), "label or text differs")]
