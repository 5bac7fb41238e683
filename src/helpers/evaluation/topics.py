"""Validation of the topic tagger against hand-coded passages.

The gold file (``annotations/topics_gold.csv``) lists passages by character offsets into the
decoded source texts, so the evaluation does not depend on how turns are cut:

``event_id, start_char, end_char, topics, primary_topic, split, note``

``topics`` holds ``;``-separated codebook ids (empty for a procedural passage), and
``primary_topic`` one id or ``none``; ``split`` is ``dev`` or ``heldout``. Each gold passage is
cut into sentences and tagged with exactly the pipeline the corpus goes through
(:func:`helpers.topics.tag_sentences`, :func:`helpers.topics.tag_turns`), the passages of an
event taken in text order as consecutive turns, so inheritance works as on real turns.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..corpus import load_corpus
from ..text import count_words, split_sentences, split_topics
from ..topics import (
    NONE,
    TopicMatcher,
    find_hits,
    load_codebook,
    load_lexicon,
    resolve_path,
    tag_sentences,
    tag_turns,
    topic_ids,
)

#: The hand-coded sample shipped with the tests.
GOLD_PATH = config.ANNOTATIONS_DIR / "topics_gold.csv"


GOLD_COLUMNS = ("event_id", "start_char", "end_char", "topics", "primary_topic")


def load_gold(path: str | Path | None = None, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check a gold file.

    Raises
    ------
    ValueError
        On missing columns, unknown topic ids, or empty / reversed spans.
    """
    path = resolve_path(path, GOLD_PATH)
    gold = pd.read_csv(path, dtype={"topics": str, "primary_topic": str, "event_id": str, "note": str, "split": str},
                       keep_default_na=False)
    missing = set(GOLD_COLUMNS) - set(gold.columns)
    if missing:
        raise ValueError(f"{path}: gold file lacks column(s) {sorted(missing)}")
    if "split" not in gold.columns:
        gold["split"] = "all"
    ids = set(topic_ids(codebook))
    listed = {t for v in gold["topics"] for t in split_topics(v)}
    bad = sorted((listed | set(gold["primary_topic"])) - ids - {NONE})
    if bad:
        raise ValueError(f"{path}: unknown topic id(s) {bad}")
    wrong = gold[gold["end_char"] <= gold["start_char"]]
    if len(wrong):
        raise ValueError(f"{path}: empty or reversed span(s) at line(s) {[i + 2 for i in wrong.index]}")
    nonempty = gold["topics"].ne("")
    inconsistent = gold[nonempty & ~gold.apply(lambda r: r["primary_topic"] in split_topics(r["topics"]), axis=1)]
    if len(inconsistent):
        raise ValueError(f"{path}: primary_topic not among topics at line(s) {[i + 2 for i in inconsistent.index]}")
    return gold.sort_values(["event_id", "start_char"]).reset_index(drop=True)


def passages_as_turns(gold: pd.DataFrame, texts: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn gold passages into ``utterances``/``sentences`` tables the tagger takes.

    Each passage becomes one turn (numbered in text order per event) and is cut into sentences
    with :func:`helpers.segment.split_sentences`.
    """
    missing = sorted(set(gold["event_id"]) - set(texts))
    if missing:
        raise KeyError(f"gold passages of unknown event(s) {missing}; known: {sorted(texts)}")
    g = gold.sort_values(["event_id", "start_char"]).reset_index(drop=True)
    g["turn"] = g.groupby("event_id").cumcount()
    utt = g[["event_id", "turn", "start_char", "end_char"]].copy()
    utt["text"] = [texts[e][s:t] for e, s, t in zip(g["event_id"], g["start_char"], g["end_char"])]
    utt["n_words"] = utt["text"].map(count_words)
    rows = []
    for e, turn, s, t in zip(g["event_id"], g["turn"], g["start_char"], g["end_char"]):
        for a, b in split_sentences(texts[e], s, t):
            rows.append((e, turn, a, b, texts[e][a:b]))
    sents = pd.DataFrame(rows, columns=["event_id", "turn", "start_char", "end_char", "text"])
    sents["sentence"] = sents.groupby("event_id").cumcount()
    sents["n_words"] = sents["text"].map(count_words)
    return utt, sents


def predict_passages(gold: pd.DataFrame, texts: dict, lexicon_path: str | Path | None = None,
                     codebook: pd.DataFrame | None = None, **turn_options) -> pd.DataFrame:
    """Tag gold passages; returns ``gold`` plus ``pred_topics``, ``pred_primary``, ``inherited``."""
    codebook = load_codebook() if codebook is None else codebook
    matcher = TopicMatcher(load_lexicon(lexicon_path, codebook))
    utt, sents = passages_as_turns(gold, texts)
    hits = find_hits({e: texts[e] for e in utt["event_id"].unique()}, matcher)
    sents, _ = tag_sentences(sents, hits, codebook)
    tagged, _ = tag_turns(utt, sents, codebook, **turn_options)
    g = gold.sort_values(["event_id", "start_char"]).reset_index(drop=True)
    g["turn"] = g.groupby("event_id").cumcount()
    out = g.merge(tagged[["event_id", "turn", "topics", "primary_topic", "inherited"]].rename(
        columns={"topics": "pred_topics", "primary_topic": "pred_primary"}), on=["event_id", "turn"], how="left")
    return out


def score(pred: pd.DataFrame, codebook: pd.DataFrame | None = None) -> dict:
    """Precision, recall and F1 of ``topics`` and accuracy of ``primary_topic``.

    Parameters
    ----------
    pred : DataFrame
        From :func:`predict_passages`.

    Returns
    -------
    dict
        ``n_passages``, ``micro_precision``, ``micro_recall``, ``micro_f1``,
        ``primary_accuracy``, ``exact_match`` (same topic set), and ``per_topic``: a DataFrame
        ``topic, support, predicted, tp, precision, recall, f1``.
    """
    ids = topic_ids(codebook)
    G = np.array([[t in split_topics(v) for t in ids] for v in pred["topics"]], dtype=bool).reshape(len(pred), len(ids))
    P = np.array([[t in split_topics(v) for t in ids] for v in pred["pred_topics"]], dtype=bool).reshape(len(pred), len(ids))
    tps = (G & P).sum(0)
    support, predicted = G.sum(0), P.sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(predicted > 0, tps / np.maximum(predicted, 1), np.nan)
        rec = np.where(support > 0, tps / np.maximum(support, 1), np.nan)
        f1 = np.where((prec + rec) > 0, 2 * prec * rec / (prec + rec), np.nan)
    per = pd.DataFrame({"topic": ids, "support": support, "predicted": predicted, "tp": tps,
                        "precision": prec, "recall": rec, "f1": f1})
    mp = tps.sum() / max(predicted.sum(), 1)
    mr = tps.sum() / max(support.sum(), 1)
    return {
        "n_passages": int(len(pred)),
        "micro_precision": float(mp),
        "micro_recall": float(mr),
        "micro_f1": float(2 * mp * mr / (mp + mr)) if mp + mr else 0.0,
        "primary_accuracy": float((pred["primary_topic"] == pred["pred_primary"]).mean()) if len(pred) else float("nan"),
        "exact_match": float((G == P).all(1).mean()) if len(pred) else float("nan"),
        "per_topic": per,
    }


def evaluate(texts: dict | None = None, gold_path: str | Path | None = None, lexicon_path: str | Path | None = None,
             codebook: pd.DataFrame | None = None) -> dict:
    """Tag the gold sample and score it, overall and per split.

    Parameters
    ----------
    texts : dict, optional
        ``event_id -> decoded text``; default the project's corpus (``helpers.load_corpus()``).
    gold_path, lexicon_path : str or Path, optional
        Default: ``annotations/topics_gold.csv`` and the package lexicon.

    Returns
    -------
    dict
        ``predictions`` (DataFrame), ``overall`` (see :func:`score`) and ``by_split``
        (``{split: score}``).
    """
    if texts is None:
        texts = load_corpus().texts
    gold = load_gold(gold_path, codebook)
    gold = gold[gold["event_id"].isin(texts)]
    pred = predict_passages(gold, texts, lexicon_path, codebook)
    return {
        "predictions": pred,
        "overall": score(pred, codebook),
        "by_split": {k: score(v, codebook) for k, v in pred.groupby("split", sort=True)},
    }


def summary_table(result: dict) -> pd.DataFrame:
    """One row per split (and ``all``): passages, micro P/R/F1, primary accuracy, exact match."""
    rows = []
    for name, sc in [("all", result["overall"]), *sorted(result["by_split"].items())]:
        rows.append({"split": name, **{k: v for k, v in sc.items() if k != "per_topic"}})
    return pd.DataFrame(rows)


def errors(result: dict) -> pd.DataFrame:
    """The passages where the predicted topic set or primary topic differs from gold."""
    p = result["predictions"]
    bad = (p["topics"].map(lambda v: set(split_topics(v))) != p["pred_topics"].map(lambda v: set(split_topics(v)))) | (
        p["primary_topic"] != p["pred_primary"])
    return p.loc[bad, ["event_id", "start_char", "end_char", "split", "topics", "pred_topics", "primary_topic", "pred_primary", "inherited", "note"]]
