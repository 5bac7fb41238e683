"""The topic model (``helpers.topics.TopicModel``): its decision rule, its file, its training and
what it scores out of sample beside the lexicon."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.evaluation import topic_training
from helpers.evaluation import topics as topic_eval
from helpers.topics import DEFAULT_TOPIC_MODEL, TopicModel, load_topic_model, tag_corpus_full
from helpers.topics._model import decisions, lexicon_primary


def test_decisions_threshold_kept_topics_and_primary():
    p = np.array([[0.9, 0.5, 0.1], [0.2, 0.1, 0.05], [0.2, 0.45, 0.1]])
    keep = np.array([[False, False, False], [False, False, True], [False, False, False]])
    d = decisions(p, ["a", "b", "c"], 0.4, keep=keep)
    assert d["topics"].tolist() == ["a;b", "c", "b"]
    # a kept topic is the primary when it is the only one, even below the threshold
    assert d["primary_topic"].tolist() == ["a", "c", "b"]
    assert decisions(p, ["a", "b", "c"], 0.4)["primary_topic"].tolist() == ["a", "none", "b"]
    assert d["topic_p"].iloc[0] == "a:0.90;b:0.50;c:0.10"


def test_a_long_turn_keeps_the_lexicons_primary_only_when_the_model_gives_it():
    p = np.array([[0.9, 0.6, 0.1], [0.9, 0.6, 0.1], [0.9, 0.6, 0.1], [0.1, 0.1, 0.1]])
    turns = pd.DataFrame({"n_words": [400, 400, 20, 400], "primary_topic": ["b", "c", "b", "a"]})
    fallback = lexicon_primary(turns, 300)
    assert fallback.tolist() == ["b", "c", "", "a"]
    d = decisions(p, ["a", "b", "c"], 0.5, fallback=fallback)
    # row 1: the lexicon's "c" is not among the model's topics; row 2 is short; row 4 has no topic
    assert d["primary_topic"].tolist() == ["b", "a", "a", "none"]
    assert d["topics"].tolist() == ["a;b", "a;b", "a;b", ""]
    assert lexicon_primary(turns, None) is None
    assert decisions(p, ["a", "b", "c"], 0.5, fallback=np.array(["none"] * 4))["primary_topic"].tolist() == ["a", "a", "a", "none"]


def test_the_shipped_model_loads_and_names_the_codebooks_topics():
    model = load_topic_model()
    assert model.topics == helpers.topics.topic_ids()
    assert len(model.data["vocabulary"]) == len(model.data["idf"]) == len(model.data["coef_text"][0])
    assert DEFAULT_TOPIC_MODEL.with_suffix(".md").is_file()


def test_a_bad_model_file_is_named(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="model.json: not a readable topic-model file"):
        TopicModel.load(bad)
    bad.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(ValueError, match="model.json: not a topic-model file"):
        TopicModel.load(bad)
    with pytest.raises(FileNotFoundError, match="missing.json: topic model file not found"):
        load_topic_model(tmp_path / "missing.json")


@pytest.fixture(scope="module")
def small():
    return topic_training.training_data(("dev", "test"))


def test_training_is_deterministic_and_the_file_round_trips(small, tmp_path):
    one = topic_training.fit_model(small, 4.0, 0.4, keep_strong=True, lexicon_primary_words=300)
    two = topic_training.fit_model(small, 4.0, 0.4, keep_strong=True, lexicon_primary_words=300)
    assert one.to_json() == two.to_json()
    one.save(tmp_path / "m.json")
    back = TopicModel.load(tmp_path / "m.json")
    p1 = one.predict_proba(small["u"], small["strong"])
    p2 = back.predict_proba(small["u"], small["strong"])
    assert np.abs(p1 - p2).max() < 1e-3
    assert back.keep_strong and back.threshold == 0.4 and back.lexicon_primary_words == 300


def test_the_learning_curve_trains_on_nested_shares_of_the_training_transcripts(small):
    curve = topic_training.learning_curve(small, (0.4, 1.0))
    assert curve["fraction"].tolist() == [0.4, 1.0]
    assert curve["transcripts"].iloc[0] < curve["transcripts"].iloc[1]
    assert curve["turns"].iloc[0] < curve["turns"].iloc[1]
    # all of every training fold: the out-of-fold score of the same setting
    cv = topic_training.cross_validate(small, grid=(4.0,), thresholds=(0.35,), rules=(True,), primary_rules=(300,))
    assert curve["micro_f1"].iloc[1] == pytest.approx(cv["table"]["micro_f1"].iloc[0])
    assert curve["primary_accuracy"].iloc[1] == pytest.approx(cv["table"]["primary_accuracy"].iloc[0])
    assert curve[["micro_f1", "primary_accuracy"]].apply(lambda c: c.between(0, 1)).all().all()


def test_the_model_decides_the_turns_and_keeps_the_lexicons_beside():
    corpus = helpers.load_corpus()
    lexicon = tag_corpus_full(corpus).utterances
    model = tag_corpus_full(corpus, topic_model="default").utterances
    assert len(model) == len(lexicon)
    assert model["topics_lexicon"].tolist() == lexicon["topics"].tolist()
    assert model["primary_topic_lexicon"].tolist() == lexicon["primary_topic"].tolist()
    assert (model["topics"] != model["topics_lexicon"]).any()  # the model decides, it does not copy
    named = model["topics"].ne("")
    assert (model.loc[named, "primary_topic"] != "none").all() and (model.loc[~named, "primary_topic"] == "none").all()
    with_p = model["topic_p"].str.split(";").map(lambda xs: {x.split(":")[0] for x in xs if x})
    assert all(set(filter(None, t.split(";"))) <= ps | set(filter(None, s.split(";")))
               for t, ps, s in zip(model["topics"], with_p, model["topics_lexicon"]))


def test_a_model_on_another_codebook_is_refused():
    model = load_topic_model()
    other = TopicModel({**model.data, "topics": list(reversed(model.topics))})
    with pytest.raises(ValueError, match="not the codebook's"):
        tag_corpus_full(helpers.load_corpus(), topic_model=other)


def test_out_of_sample_the_model_beats_the_lexicon():
    table = topic_eval.model_comparison()
    pooled = table[table["sample"].eq("archive out of sample, pooled")].set_index("decision")
    assert pooled.loc["topic model", "micro_f1"] > pooled.loc["lexicon", "micro_f1"]
    assert pooled.loc["topic model", "primary_accuracy"] > pooled.loc["lexicon", "primary_accuracy"]
    assert set(table["sample"]) >= {"seeds", *(f"archive {k}" for k in topic_eval.OUT_OF_SAMPLE_SPLITS)}
    assert isinstance(table, pd.DataFrame) and table["n_passages"].gt(0).all()
