"""The blind topic samples of the archive kept in files of their own (``annotations/topics_archive_blind*``,
``annotations/topics_archive_check*``, ``annotations/topics_archive_sealed*``,
``annotations/topics_archive_wide*``, ``annotations/topics_archive_wide2*`` to ``annotations/topics_archive_wide11*``):
well formed, on the codebook, new to the annotations, read by the evaluation under their split, and their turn
numbers and texts are those of the project's loader. The ``sealed`` and ``wide10`` samples are out of sample; ``wide11`` is reserved.

The archive is not part of the project: the turns are checked against ``tests/data/wh_<split>/``
(the start of each transcript, up to the end of its coded run, or the whole transcript; sources in its
``SOURCE.md``) and,
for the daily briefings shipped in ``data/archive-sample/``, against those files. Nothing here tags
or scores a sample.
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

SAMPLES = ("blind", "check", "sealed", "wide", "wide2", "wide3", "wide4", "wide5", "wide6", "wide7", "wide8", "wide9", "wide10", "wide11")
COLUMNS = ["file", "source_url", "date", "turn", "label", "split", "topics", "primary", "text", "note"]


def paths(split: str) -> tuple[Path, Path, Path]:
    """The sample's gold file, context file and fixture folder."""
    return (config.ANNOTATIONS_DIR / f"topics_archive_{split}.csv",
            config.ANNOTATIONS_DIR / f"topics_archive_{split}_context.csv",
            config.ROOT / "tests" / "data" / f"wh_{split}")


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def ids(value: str) -> list[str]:
    return value.split(";")


@pytest.fixture(scope="module", params=SAMPLES)
def split(request):
    return request.param


@pytest.fixture(scope="module")
def sample(split):
    return pd.read_csv(paths(split)[0], dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def context(split):
    return pd.read_csv(paths(split)[1], dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def transcripts(split, sample, tmp_path_factory):
    """The loader's corpus of every transcript of the sample, each under its ``YYYY-MM/`` path."""
    gold, _, fixture = paths(split)
    folder = tmp_path_factory.mktemp(split)
    for file in sorted(set(sample["file"])):
        sources = [d / file for d in (fixture, config.ARCHIVE_SAMPLE_DIR) if (d / file).is_file()]
        assert sources, f"{file}: in {gold.name} but neither in {fixture} nor in {config.ARCHIVE_SAMPLE_DIR}"
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


def test_columns_split_and_size(split, sample, context):
    assert list(sample.columns) == COLUMNS
    assert list(context.columns) == ["file", "turn", "label", "text"]
    assert set(sample["split"]) == {split}
    assert len(sample) >= 200 and sample["file"].nunique() >= 10
    assert sample[["file", "source_url", "date", "label", "note"]].ne("").all().all()
    # a turn that is only a stage direction ("Q (Inaudible.)") has no text in the loader: nothing to code
    assert sample.loc[sample["text"].eq(""), "topics"].eq("none").all()
    assert not sample.duplicated(["file", "turn"]).any()
    assert sample["file"].str.fullmatch(r"(202[1-5]-\d\d)/\1-\d\d-[^/]+\.md").all()
    assert (sample["date"] == sample["file"].str[8:18]).all()


def test_topics_are_codebook_ids_and_primary_is_among_them(split, sample):
    codebook = set(pd.read_csv(config.DATA_DIR / "topics.csv")["id"])
    for r in sample.itertuples():
        topics, primary = ids(r.topics), ids(r.primary)
        where = f"{r.file} turn {r.turn}"
        assert set(topics + primary) <= codebook | {"none"}, where
        assert len(set(topics)) == len(topics) and len(set(primary)) == len(primary), where
        assert topics == ["none"] or "none" not in topics, where
        assert (primary == ["none"]) == (topics == ["none"]), where
        assert set(primary) <= set(topics), where
    gold_path, context_path, _ = paths(split)
    gold = topic_eval.load_archive_gold(gold_path)             # the evaluation reads it as it is
    assert len(gold) == len(sample) and gold["split"].eq(split).all()
    assert len(topic_eval.load_archive_context(context_path)) == len(pd.read_csv(context_path))


def test_one_run_of_consecutive_turns_per_file_with_its_context(sample, context):
    sampled = set(zip(sample["file"], sample["turn"].astype(int)))
    expected = set()
    for file, turns in sample.groupby("file")["turn"]:
        t = sorted(turns.astype(int))
        assert t == list(range(t[0], t[-1] + 1)), f"{file}: the coded turns are not one run"
        expected |= {(file, k) for k in range(max(0, t[0] - 3), t[0])}
    got = set(zip(context["file"], context["turn"].astype(int)))
    assert got == expected and not got & sampled


def test_transcripts_are_new_to_the_other_samples(split, sample):
    """No transcript of the sample is in another coded sample of the archive (gold or context)."""
    own = {p.name for p in paths(split)[:2]}
    others = [p for p in sorted(config.ANNOTATIONS_DIR.glob("topics_archive_*.csv")) if p.name not in own]
    assert len(others) >= 6
    for path in others:
        assert not set(pd.read_csv(path, dtype=str)["file"]) & set(sample["file"]), path.name


@pytest.mark.parametrize("name", ["check", "sealed", "wide11"])
def test_the_last_samples_are_named_in_no_other_annotation_file(name):
    """The samples drawn last were chosen apart from every earlier one: none of their file names occurs
    in any other annotation file (CSV or note)."""
    gold, context, _ = paths(name)
    names = {Path(f).name for f in pd.read_csv(gold, dtype=str)["file"]}
    own = {gold.name, context.name, f"topics_archive_{name}.md"}
    others = [p for p in sorted(config.ANNOTATIONS_DIR.iterdir()) if p.is_file() and p.name not in own]
    assert any(p.name == "topics_archive_blind.csv" for p in others)
    for path in others:
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], path.name


def test_the_sealed_sample_is_out_of_sample():
    """``sealed``, scored first after the tuning it was coded during, is an out-of-sample split
    (never development data), reported first."""
    assert "sealed" in topic_eval.EXTRA_SAMPLES
    assert "sealed" not in topic_eval.DEVELOPMENT_SPLITS
    assert topic_eval.OUT_OF_SAMPLE_SPLITS[0] == "sealed"
    assert topic_eval.SPLIT_ORDER[0] == "sealed"


def test_the_evaluation_reads_each_sample_under_its_split(split, monkeypatch):
    """``evaluate_archive((split,))`` hands the tagger this sample and its context turns; the tagger
    is stopped before it runs, so the sample is neither tagged nor scored here."""
    gold_path, context_path, _ = paths(split)
    if split in topic_eval.RESERVED_SAMPLES:
        # kept for the next round's out-of-sample check: refused before anything is tagged
        assert topic_eval.RESERVED_SAMPLES[split] == (gold_path, context_path)
        assert split not in topic_eval.EXTRA_SAMPLES and split not in topic_eval.SPLIT_ORDER
        monkeypatch.setattr(topic_eval, "predict_archive", lambda *a, **k: pytest.fail("a reserved sample was tagged"))
        with pytest.raises(ValueError, match="reserved"):
            topic_eval.evaluate_archive(("dev", split))
        return
    assert topic_eval.EXTRA_SAMPLES[split] == (gold_path, context_path)
    seen = {}

    class Stop(Exception):
        pass

    def stop(gold, lexicon_path=None, codebook=None, context=None, **options):
        seen.update(gold=gold, context=context)
        raise Stop

    monkeypatch.setattr(topic_eval, "predict_archive", stop)
    with pytest.raises(Stop):
        topic_eval.evaluate_archive((split,))
    gold, context = seen["gold"], seen["context"]
    assert len(gold) == len(pd.read_csv(gold_path)) and gold["split"].eq(split).all()
    expected = pd.read_csv(context_path, dtype={"turn": "int64"})
    got = context.merge(expected[["file", "turn"]], on=["file", "turn"])
    assert len(got) == len(expected)
    with pytest.raises(Stop):                                  # the other samples are not mixed in
        topic_eval.evaluate_archive(("dev",))
    assert not seen["gold"]["split"].eq(split).any()


def test_turn_numbers_labels_and_texts_are_the_loaders(sample, context, transcripts):
    assert mismatches(sample, transcripts) == []
    assert mismatches(context, transcripts) == []
    events = transcripts.events.set_index("file")
    for file, g in sample.groupby("file"):
        assert g["source_url"].eq(events.loc[file, "source_url"]).all(), file
        assert g["date"].eq(str(events.loc[file, "date"])[:10]).all(), file


def test_the_check_sees_a_shifted_turn(sample, transcripts):
    shifted = sample.head(3).assign(turn=lambda d: d["turn"].astype(int) + 1)
    assert len(mismatches(shifted, transcripts)) == 3
    edited = sample.head(1).assign(text=lambda d: d["text"] + " (edited)")
    assert mismatches(edited, transcripts) == [(edited["file"].iloc[0], int(edited["turn"].iloc[0]), "label or text differs")]
