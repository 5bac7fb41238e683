"""The hand-coded briefing answers (``annotations/clarity_archive.csv``, ``clarity_archive2.csv``,
``clarity_archive3.csv`` and the reserved ``clarity_archive4.csv``): well formed, on the scheme,
paired with their questions by the package itself, coded twice; the model's ``project`` head trained
on the first two and cross-validated on them by briefing, the third scored by :func:`archive_check`,
the reserved one refused.

The transcripts are in ``tests/data/wh_clarity/`` (sources in its ``SOURCE.md``): the archive is not
part of the project.
"""
from __future__ import annotations

import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers import config, qa
from helpers.errors import InputError
from helpers.evaluation import clarity as ev
from helpers.qa import _clarity_train as tr
from helpers.qa import answer_turn_table, build_exchanges, split_turns
from helpers.qa._design import load_cues

FIXTURE = config.ROOT / "tests" / "data" / "wh_clarity"
# The rule, fixed before any classifier was scored, that keeps only answers to a question
# (annotations/clarity_archive.md).
REQUEST = re.compile(r"\b(?:wonder(?:ed|ing)?|ask(?:ed|ing)?|curious|comment|tell us|talk (?:to us )?about|explain|"
                     r"speak to|walk us|update|reaction|respond|response|thoughts?|clarify|confirm)\b", re.I)


def fold(text: str) -> str:
    return " ".join(str(text).split())


SAMPLES = {"clarity_archive": (ev.ARCHIVE_PATHS[0], ev.ARCHIVE_SECOND_PATHS[0], 214),
           "clarity_archive2": (ev.ARCHIVE_PATHS[1], ev.ARCHIVE_SECOND_PATHS[1], 285),
           "clarity_archive3": (ev.CHECK_PATH, ev.CHECK_SECOND_PATH, 287),
           "clarity_archive4": (*ev.RESERVED["clarity_archive4"], 279)}
TRAINING = 214 + 285
# kept unscored for the check of the next change to the model
RESERVED = ["clarity_archive4"]


@pytest.fixture(scope="module", params=sorted(SAMPLES))
def name(request):
    return request.param


@pytest.fixture(scope="module")
def sample(name):
    return ev.read_archive_sample(SAMPLES[name][0])


@pytest.fixture(scope="module")
def second(name):
    return ev.read_archive_sample(SAMPLES[name][1])


@pytest.fixture(scope="module")
def paired(sample, tmp_path_factory):
    """The package's pairing of answers with questions, on every transcript of the sample."""
    folder = tmp_path_factory.mktemp("clarity")
    for file in sorted(set(sample["file"])):
        assert (FIXTURE / file).is_file(), f"{file}: in the sample but not in {FIXTURE}"
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURE / file, folder / file)
    corpus = helpers.load_corpus(folder, catalog=False)
    u = corpus.utterances
    ex = build_exchanges(u, corpus.principals)
    t = answer_turn_table(ex).merge(ex[["event_id", "exchange", "question_turns"]], on=["event_id", "exchange"])
    files = corpus.events.set_index("event_id")["file"]
    t["file"] = t["event_id"].map(files)
    text = u.set_index(["event_id", "turn"])["text"]
    t["question"] = [" ".join(fold(text.get((e, q), "")) for q in split_turns(qt))
                     for e, qt in zip(t["event_id"], t["question_turns"].fillna(""))]
    t["answer"] = [fold(text[(e, n)]) for e, n in zip(t["event_id"], t["turn"])]
    return t.set_index(["file", "turn"])


def test_size_columns_and_scheme(name, sample, second):
    assert list(sample.columns) == ev.ARCHIVE_COLUMNS
    assert len(sample) == SAMPLES[name][2] and sample["file"].nunique() == 24
    assert not sample.duplicated(["file", "turn"]).any()
    assert sample[["question", "answer", "evidence", "note"]].ne("").all().all()
    assert set(sample["clarity"]) == set(qa.CLARITY)
    assert list(zip(second["file"], second["turn"])) == list(zip(sample["file"], sample["turn"]))
    assert (second[["question", "answer"]] == sample[["question", "answer"]]).all().all()


def test_every_pair_is_the_packages_pairing_of_the_transcript(sample, paired):
    for r in sample.itertuples():
        key = (r.file, r.turn)
        assert key in paired.index, key
        p = paired.loc[key]
        assert (p["question_turns"], p["question"], p["answer"]) == (r.question_turns, r.question, r.answer), key


def test_every_kept_question_asks_something(sample):
    interrogative = load_cues()["interrogative"][0]
    asks = [("?" in q) or bool(interrogative.search(q) or REQUEST.search(q)) for q in sample["question"]]
    assert all(asks)


def test_briefings_are_new_to_the_topic_samples_and_the_other_clarity_sample(name, sample):
    others = sorted(config.ANNOTATIONS_DIR.glob("topics_archive_*.csv")) + [SAMPLES[n][0] for n in SAMPLES if n != name]
    for path in others:
        assert not set(pd.read_csv(path, dtype=str)["file"]) & set(sample["file"]), path.name


def test_a_type_outside_its_class_names_the_file_and_line(tmp_path):
    bad = ev.read_archive_sample()
    bad.loc[3, "clarity_type"] = "declining"
    bad.loc[3, "clarity"] = "reply"
    path = tmp_path / "codes.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"codes\.csv, line 5: clarity 'reply' with type 'declining'"):
        ev.read_archive_sample(path)
    bad.drop(columns=["evidence"]).to_csv(path, index=False)
    with pytest.raises(InputError, match=r"codes\.csv: missing columns evidence"):
        ev.read_archive_sample(path)


def test_the_check_scores_each_system_with_an_interval():
    sample, second = ev.read_archive_sample(ev.CHECK_PATH), ev.read_archive_sample(ev.CHECK_SECOND_PATH)
    out = ev.archive_check()
    assert (out["sample"], out["n"], out["n_files"]) == ("clarity_archive3.csv", 287, 24)
    agree = float((sample["clarity"].to_numpy() == second["clarity"].to_numpy()).mean())
    assert out["second coding"]["accuracy"] == pytest.approx(agree, abs=1e-4)
    assert out["always ambivalent"]["accuracy"] == pytest.approx((sample["clarity"] == "ambivalent").mean(), abs=1e-4)
    for name in (ev.MODEL, ev.RULES, "always reply", ev.ALWAYS, "second coding"):
        r = out[name]
        assert r["accuracy_low"] <= r["accuracy"] <= r["accuracy_high"]
    # scored by the project head, as analyse scores transcripts
    pred = qa.load_clarity_model(coding="project").predict(sample["question"], sample["answer"])["clarity"].to_numpy()
    assert out[ev.MODEL]["accuracy"] == pytest.approx(float((pred == sample["clarity"].to_numpy()).mean()), abs=1e-4)


def test_the_model_is_trained_on_the_first_two_samples_and_checked_on_the_third():
    rows = tr.load_archive()
    sample = ev.read_archive_samples()
    assert ev.ARCHIVE_PATHS == (ev.ARCHIVE_PATH, config.ANNOTATIONS_DIR / "clarity_archive2.csv")
    assert len(rows) == len(sample) == TRAINING
    assert list(rows["clarity"]) == list(sample["clarity"]) and rows["group"].str.startswith("archive:").all()
    # the samples are read in order, one after the other
    first = tr.load_archive(ev.ARCHIVE_PATH)
    assert list(rows["clarity"][:214]) == list(first["clarity"])
    q = tr.load().iloc[:30]
    both = tr.training_rows(q, rows, 3)
    assert len(both) == 30 + TRAINING and list(both.columns) == [*q.columns, "weight", "coding"]
    assert list(both["weight"]) == [1.0] * 30 + [3.0] * TRAINING
    assert list(both["coding"]) == ["qevasion"] * 30 + ["project"] * TRAINING
    assert len(tr.training_rows(q, rows, 0)) == 30
    card = (config.MODELS_DIR / "clarity_model.md").read_text(encoding="utf-8")
    assert f"each weighs {tr.ARCHIVE_WEIGHT} QEvasion rows in that head's fit" in card
    # the check is a sample no training row comes from
    check = ev.read_archive_sample(ev.CHECK_PATH)
    assert not set(check["file"]) & set(sample["file"])
    assert not set(zip(check["question"], check["answer"])) & set(zip(rows["question"], rows["answer"]))


def test_the_cross_validation_on_the_training_answers_holds_out_whole_briefings(monkeypatch):
    seen = []
    fit = tr.fit

    def spy(df, settings):
        seen.append(set(df["group"]))
        return fit(df, settings)

    monkeypatch.setattr(tr, "fit", spy)
    q = tr.load().iloc[::25].reset_index(drop=True)
    settings = {"C": 0.1, "class_weight": 0.5, "bias": {"reply": 0.0, "ambivalent": 0.0, "non_reply": 0.0}}
    out = ev.archive_cv(settings=settings, weight=2, qevasion=q)
    sample = ev.read_archive_samples()
    assert (out["n"], out["n_files"], out["weight"], out["folds"]) == (TRAINING, 48, 2, ev.ARCHIVE_FOLDS)
    assert out["sample"] == "clarity_archive.csv + clarity_archive2.csv"
    assert len(seen) == ev.ARCHIVE_FOLDS
    held_out = [{"archive:" + f for f in sample["file"]} - groups for groups in seen]
    # every briefing is held out exactly once, whole, and the QEvasion rows are in every fold
    assert sorted(g for h in held_out for g in h) == sorted({"archive:" + f for f in sample["file"]})
    assert all(set(q["group"]) <= groups for groups in seen)
    assert out["second coding"]["accuracy"] > 0.9
    assert out["always ambivalent"]["accuracy"] == pytest.approx((sample["clarity"] == "ambivalent").mean(), abs=1e-4)


def test_the_weight_of_the_answers_is_the_one_the_sweep_chose():
    rows = [{"weight": 0, "archive_macro_f1": 0.40}, {"weight": 5, "archive_macro_f1": 0.50},
            {"weight": 10, "archive_macro_f1": 0.50}, {"weight": 20, "archive_macro_f1": 0.45}]
    assert ev.choose_weight(rows) == 5  # the best, the smaller of two on a tie
    assert ev.choose_weight(rows[:1]) == 0
    sweep = json.loads((config.BENCH_DIR / "results" / "clarity.json").read_text(encoding="utf-8"))["weights"]
    assert [r["weight"] for r in sweep["rows"]] == [0, 5, 10, 20, 40]
    assert ev.choose_weight(sweep["rows"]) == sweep["chosen"] == tr.ARCHIVE_WEIGHT


def test_a_second_coding_of_other_answers_is_refused(tmp_path):
    path = tmp_path / "second.csv"
    ev.read_archive_sample(ev.CHECK_SECOND_PATH).iloc[::-1].to_csv(path, index=False)
    with pytest.raises(ValueError, match="not the same answers"):
        ev.archive_check(second_path=path)


def test_the_interval_resamples_whole_transcripts():
    y = np.array(["reply"] * 10 + ["ambivalent"] * 10, dtype=object)
    # one transcript all right, one all wrong: any resample is 0, 0.5 or 1
    pred = np.array(["reply"] * 20, dtype=object)
    files = np.array(["a"] * 10 + ["b"] * 10, dtype=object)
    low, high = ev._interval(y, pred, files)
    assert (low, high) == (0.0, 1.0)


def test_the_reserved_samples_are_refused_before_anything_is_scored(monkeypatch, tmp_path):
    assert sorted(ev.RESERVED) == RESERVED
    # the guard itself, on the project's reserved samples and on one made up here
    made_up = (tmp_path / "made_up.csv", tmp_path / "second_coding" / "made_up.csv")
    monkeypatch.setattr(ev, "RESERVED", {**ev.RESERVED, "made_up": made_up})
    monkeypatch.setattr(ev, "read_archive_sample", lambda *a, **k: pytest.fail("a reserved sample was read to score"))
    for name, (first, second) in ev.RESERVED.items():
        for kwargs in ({"path": first}, {"second_path": second}):
            with pytest.raises(ValueError, match=rf"{name}\.csv: reserved for the out-of-sample check.*annotations/{name}\.md"):
                ev.archive_check(**kwargs)
