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
from ..corpus import label_class, load_corpus, normalise_label
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
from ._bootstrap import resampled_sums
from ._topic_samples import (  # noqa: F401 - the protocol, read here and by the benchmark and notebook 02
    ARCHIVE_CONTEXT_PATH,
    ARCHIVE_GOLD_PATH,
    CHECK_SCORES,
    DEVELOPMENT_SPLITS,
    EXTRA_SAMPLES,
    MODEL_ONLY_SPLITS,
    OUT_OF_SAMPLE_SPLITS,
    RESERVED_SAMPLES,
    RESERVED_SECOND_CODINGS,
    SECOND_CODINGS,
    SPLIT_ORDER,
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


def passages_as_turns(gold: pd.DataFrame, texts: dict, utterances: pd.DataFrame | None = None
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn gold passages into ``utterances``/``sentences`` tables the tagger takes.

    Each passage becomes one turn (numbered in text order per event) and is cut into sentences
    with :func:`helpers.text.split_sentences`. With the corpus's ``utterances`` (``event_id``,
    ``start_char``, ``end_char``, ``act``), a passage takes the ``act`` of the corpus turn its
    first character falls in (``other`` outside every turn), as the tagger sees it on the corpus.
    """
    missing = sorted(set(gold["event_id"]) - set(texts))
    if missing:
        raise KeyError(f"gold passages of unknown event(s) {missing}; known: {sorted(texts)}")
    g = gold.sort_values(["event_id", "start_char"]).reset_index(drop=True)
    g["turn"] = g.groupby("event_id").cumcount()
    utt = g[["event_id", "turn", "start_char", "end_char"]].copy()
    utt["text"] = [texts[e][s:t] for e, s, t in zip(g["event_id"], g["start_char"], g["end_char"])]
    utt["n_words"] = utt["text"].map(count_words)
    if utterances is not None:
        utt["act"] = _acts_at(utt, utterances)
    rows = []
    for e, turn, s, t in zip(g["event_id"], g["turn"], g["start_char"], g["end_char"]):
        for a, b in split_sentences(texts[e], s, t):
            rows.append((e, turn, a, b, texts[e][a:b]))
    sents = pd.DataFrame(rows, columns=["event_id", "turn", "start_char", "end_char", "text"])
    sents["sentence"] = sents.groupby("event_id").cumcount()
    sents["n_words"] = sents["text"].map(count_words)
    return utt, sents


def _acts_at(passages: pd.DataFrame, utterances: pd.DataFrame) -> np.ndarray:
    """The ``act`` of the utterance each passage starts in (``other`` where none does)."""
    acts = np.full(len(passages), "other", dtype=object)
    turns = utterances.sort_values(["event_id", "start_char"], kind="stable")
    for event, rows in passages.groupby("event_id", sort=False).indices.items():
        own = turns[turns["event_id"].eq(event)]
        starts = passages["start_char"].to_numpy()[rows]
        i = np.searchsorted(own["start_char"].to_numpy(), starts, side="right") - 1
        inside = (i >= 0) & (starts < own["end_char"].to_numpy()[np.maximum(i, 0)])
        acts[rows[inside]] = own["act"].to_numpy(object)[i[inside]]
    return acts


def predict_passages(gold: pd.DataFrame, texts: dict, lexicon_path: str | Path | None = None,
                     codebook: pd.DataFrame | None = None, utterances: pd.DataFrame | None = None,
                     **turn_options) -> pd.DataFrame:
    """Tag gold passages; returns ``gold`` plus ``pred_topics``, ``pred_primary``, ``inherited``
    (``utterances``: the corpus's turns, whose acts the passages take, :func:`passages_as_turns`)."""
    codebook = load_codebook() if codebook is None else codebook
    matcher = TopicMatcher(load_lexicon(lexicon_path, codebook))
    utt, sents = passages_as_turns(gold, texts, utterances)
    hits = find_hits({e: texts[e] for e in utt["event_id"].unique()}, matcher)
    sents, _ = tag_sentences(sents, hits, codebook)
    tagged, _ = tag_turns(utt, sents, codebook, **turn_options)
    g = gold.sort_values(["event_id", "start_char"]).reset_index(drop=True)
    g["turn"] = g.groupby("event_id").cumcount()
    out = g.merge(tagged[["event_id", "turn", "topics", "primary_topic", "inherited"]].rename(
        columns={"topics": "pred_topics", "primary_topic": "pred_primary"}), on=["event_id", "turn"], how="left")
    return out


def _primary_right(pred: pd.DataFrame) -> pd.Series:
    """Whether each predicted primary topic is right: equal to ``primary_topic``, or, where the
    gold lists acceptable primaries (``primary_ok``, ``;``-separated, ``none`` allowed), among them."""
    if "primary_ok" in pred.columns:
        return pd.Series([p in split_topics(ok) for p, ok in zip(pred["pred_primary"], pred["primary_ok"])], index=pred.index)
    return pred["primary_topic"] == pred["pred_primary"]


def _topic_matrices(pred: pd.DataFrame, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Turns x topics: which topics the gold (``topics``) and the prediction (``pred_topics``) give."""
    def matrix(column: str) -> np.ndarray:
        return np.array([[t in split_topics(v) for t in ids] for v in pred[column]], dtype=bool).reshape(len(pred), len(ids))
    return matrix("topics"), matrix("pred_topics")


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
        ``primary_accuracy`` (right if among the acceptable primaries, where the gold has
        them), ``exact_match`` (same topic set), and ``per_topic``: a DataFrame
        ``topic, support, predicted, tp, precision, recall, f1``.
    """
    ids = topic_ids(codebook)
    G, P = _topic_matrices(pred, ids)
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
        "primary_accuracy": float(_primary_right(pred).mean()) if len(pred) else float("nan"),
        "exact_match": float((G == P).all(1).mean()) if len(pred) else float("nan"),
        "per_topic": per,
    }


def evaluate(texts: dict | None = None, gold_path: str | Path | None = None, lexicon_path: str | Path | None = None,
             codebook: pd.DataFrame | None = None, topic_model=None, corpus=None) -> dict:
    """Tag the gold sample and score it, overall and per split.

    Parameters
    ----------
    texts : dict, optional
        ``event_id -> decoded text``, for passages tagged without the corpus's turns (a passage is
        then no question or moderation turn). Default: the texts of ``corpus``.
    corpus : Corpus, optional
        The corpus the passages are in: its texts, and its turns' acts (a reporter's question, a
        moderator's hand-off) for the passages (:func:`passages_as_turns`). Default, when ``texts``
        is not given either: the project's corpus (``helpers.load_corpus()``).
    gold_path, lexicon_path : str or Path, optional
        Default: ``annotations/topics_gold.csv`` and the package lexicon.
    topic_model : TopicModel, str, Path or None
        Passed to :func:`helpers.topics.tag_turns`: ``"default"`` scores the package's topic
        model, ``None`` the lexicon's own decisions.

    Returns
    -------
    dict
        ``predictions`` (DataFrame), ``overall`` (see :func:`score`) and ``by_split``
        (``{split: score}``).
    """
    if texts is None:
        corpus = load_corpus() if corpus is None else corpus
        texts = corpus.texts
    utterances = None if corpus is None else corpus.utterances
    gold = load_gold(gold_path, codebook)
    gold = gold[gold["event_id"].isin(texts)]
    pred = predict_passages(gold, texts, lexicon_path, codebook, utterances=utterances, topic_model=topic_model)
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
    bad = (p["topics"].map(lambda v: set(split_topics(v))) != p["pred_topics"].map(lambda v: set(split_topics(v)))) | ~_primary_right(p)
    cols = ["event_id", "start_char", "end_char", "split", "topics", "pred_topics", "primary_topic", "pred_primary", "inherited", "note"]
    if "primary_ok" in p.columns:
        cols = ["file", "turn", "split", "topics", "pred_topics", "primary_ok", "pred_primary", "inherited", "note", "text"]
    return p.loc[bad, cols]


# --- the archive sample: turns that carry their own text --------------------------------------


ARCHIVE_COLUMNS = ("file", "turn", "label", "split", "topics", "primary", "text")


def load_archive_gold(path: str | Path | None = None, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check the archive gold file (``file, turn, label, split, topics, primary, text``).

    ``topics`` and ``primary`` are ``;``-separated ids or ``none``. Returns the rows in file and
    turn order with ``topics`` (``""`` for none), ``primary_topic`` (the first acceptable
    primary) and ``primary_ok`` (every acceptable primary, ``none`` allowed), plus ``event_id``
    (the file).

    Raises
    ------
    ValueError
        On missing columns, unknown topic ids, duplicated turns, or a primary not among the topics.
    """
    path = resolve_path(path, ARCHIVE_GOLD_PATH)
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(ARCHIVE_COLUMNS) - set(gold.columns)
    if missing:
        raise ValueError(f"{path}: archive gold file lacks column(s) {sorted(missing)}")
    gold["turn"] = gold["turn"].astype("int64")
    ids = set(topic_ids(codebook))
    listed = {t for col in ("topics", "primary") for v in gold[col] for t in split_topics(v)}
    bad = sorted(listed - ids - {NONE})
    if bad:
        raise ValueError(f"{path}: unknown topic id(s) {bad}")
    dup = gold[gold.duplicated(["file", "turn"])]
    if len(dup):
        raise ValueError(f"{path}: duplicated turn(s) at line(s) {[i + 2 for i in dup.index]}")
    gold["topics"] = gold["topics"].map(lambda v: ";".join(t for t in split_topics(v) if t != NONE))
    gold["primary_ok"] = gold["primary"].map(lambda v: ";".join(split_topics(v)) or NONE)
    wrong = [i for i, (t, ok) in enumerate(zip(gold["topics"], gold["primary_ok"]))
             if not set(split_topics(ok)) <= (set(split_topics(t)) or {NONE})]
    if wrong:
        raise ValueError(f"{path}: primary not among topics at line(s) {[i + 2 for i in wrong]}")
    gold["primary_topic"] = gold["primary_ok"].map(lambda v: split_topics(v)[0])
    gold["event_id"] = gold["file"]
    return gold.sort_values(["file", "turn"]).reset_index(drop=True)


def load_archive_context(path: str | Path | None = None) -> pd.DataFrame:
    """Read the context turns (``file, turn, label, text``) of the archive sample."""
    path = resolve_path(path, ARCHIVE_CONTEXT_PATH)
    ctx = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"file", "turn", "label", "text"} - set(ctx.columns)
    if missing:
        raise ValueError(f"{path}: context file lacks column(s) {sorted(missing)}")
    ctx["turn"] = ctx["turn"].astype("int64")
    return ctx[["file", "turn", "label", "text"]]


#: The act a turn of the archive sample takes from its label's class (else ``other``).
_LABEL_ACTS = {"reporter": "question", "moderator": "moderation"}


def archive_as_turns(gold: pd.DataFrame, context: pd.DataFrame | None = None) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The archive turns as ``texts``, ``utterances`` and ``sentences`` tables the tagger takes.

    The turns of each file (the sampled ones and, if given, their ``context`` turns of the same
    files) are joined (blank line between them) into one text per file, in turn order; ``turn``
    keeps the turn's number in its transcript, so the tagger sees which turns are consecutive and
    a short follow-up can inherit from its exchange as it would in the whole transcript. A
    reporter's label (``Q``) makes the turn a ``question`` and a moderator's or operator's label a
    ``moderation`` turn, as the corpus loader gives them (:func:`helpers.corpus.label_class`): a
    hand-off without a topic term is procedural and inherits nothing.
    """
    turns = gold[["file", "turn", "label", "text"]]
    if context is not None and len(context):
        ctx = context[context["file"].isin(set(gold["file"]))]
        ctx = ctx[~pd.MultiIndex.from_frame(ctx[["file", "turn"]]).isin(pd.MultiIndex.from_frame(turns[["file", "turn"]]))]
        turns = pd.concat([turns, ctx[["file", "turn", "label", "text"]]], ignore_index=True)
    texts, utt_rows, sent_rows = {}, [], []
    for file, g in turns.sort_values(["file", "turn"]).groupby("file", sort=True):
        parts, pos = [], 0
        for turn, label, body in zip(g["turn"], g["label"], g["text"]):
            start, end = pos, pos + len(body)
            act = _LABEL_ACTS.get(label_class(normalise_label(label)), "other")
            utt_rows.append((file, turn, start, end, label, act, body, count_words(body)))
            for a, b in split_sentences(body):
                sent_rows.append((file, turn, start + a, start + b, body[a:b], count_words(body[a:b])))
            parts.append(body)
            pos = end + 2
        texts[file] = "\n\n".join(parts)
    utt = pd.DataFrame(utt_rows, columns=["event_id", "turn", "start_char", "end_char", "label", "act", "text", "n_words"])
    sents = pd.DataFrame(sent_rows, columns=["event_id", "turn", "start_char", "end_char", "text", "n_words"])
    sents["sentence"] = sents.groupby("event_id").cumcount()
    return texts, utt, sents


def predict_archive(gold: pd.DataFrame, lexicon_path: str | Path | None = None,
                    codebook: pd.DataFrame | None = None, context: pd.DataFrame | None = None, **turn_options) -> pd.DataFrame:
    """Tag the archive turns (with their ``context`` turns, if given); returns ``gold`` plus
    ``pred_topics``, ``pred_primary``, ``inherited`` for the sampled turns."""
    codebook = load_codebook() if codebook is None else codebook
    matcher = TopicMatcher(load_lexicon(lexicon_path, codebook))
    texts, utt, sents = archive_as_turns(gold, context)
    hits = find_hits(texts, matcher)
    sents, _ = tag_sentences(sents, hits, codebook)
    tagged, _ = tag_turns(utt, sents, codebook, **turn_options)
    cols = tagged[["event_id", "turn", "topics", "primary_topic", "inherited"]].rename(
        columns={"topics": "pred_topics", "primary_topic": "pred_primary"})
    return gold.merge(cols, on=["event_id", "turn"], how="left")


def evaluate_archive(splits=("dev",), gold_path: str | Path | None = None, lexicon_path: str | Path | None = None,
                     codebook: pd.DataFrame | None = None, context_path: str | Path | None = None,
                     with_context: bool = True, topic_model=None) -> dict:
    """Tag and score the archive sample, per split.

    Parameters
    ----------
    splits : sequence of str
        Which samples to tag and score: the development data (:data:`DEVELOPMENT_SPLITS`: tuned
        on) and the out-of-sample samples (:data:`OUT_OF_SAMPLE_SPLITS`: score them to report,
        never to tune or to read errors). The samples other than ``dev`` and ``test`` are read
        from their own files (:data:`EXTRA_SAMPLES`) when ``gold_path`` is the default. Default
        ``dev`` only.
    context_path, with_context
        The context turns (default ``annotations/topics_archive_context.csv``); with
        ``with_context=False`` each sampled turn is tagged with only the other sampled turns.

    Returns
    -------
    dict
        ``predictions`` (DataFrame of the chosen splits) and ``by_split`` (``{split: score}``).

    Raises
    ------
    ValueError
        For a reserved sample (:data:`RESERVED_SAMPLES`), which is not tagged or scored yet.
    """
    reserved = sorted(set(splits) & set(RESERVED_SAMPLES))
    if reserved:
        raise ValueError(f"{', '.join(reserved)}: reserved for the out-of-sample check of the next round of tuning "
                         "(RESERVED_SAMPLES); not tagged or scored before that round is over")
    extra = [paths for name, paths in EXTRA_SAMPLES.items() if name in splits]
    gold = load_archive_gold(gold_path, codebook)
    if gold_path is None and extra:
        gold = pd.concat([gold, *(load_archive_gold(g, codebook) for g, _ in extra)], ignore_index=True)
    gold = gold[gold["split"].isin(list(splits))]
    context = None
    if with_context:
        context = load_archive_context(context_path)
        if context_path is None and extra:
            context = pd.concat([context, *(load_archive_context(c) for _, c in extra)], ignore_index=True)
    pred = predict_archive(gold, lexicon_path, codebook, context, topic_model=topic_model)
    return {"predictions": pred, "by_split": {k: score(v, codebook) for k, v in pred.groupby("split", sort=True)}}


#: Bootstrap resamples and seed of :func:`interval`: the same intervals on every run.
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20261128


def interval(pred: pd.DataFrame, by: str = "file", codebook: pd.DataFrame | None = None, level: float = 0.95,
             resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> dict:
    """Percentile bootstrap intervals of micro-F1 and primary accuracy, resampling whole transcripts.

    Turns of one transcript share its subjects and its speakers, so they are not independent draws:
    the transcripts (``by``) are resampled with replacement, and each resample is scored as
    :func:`score` scores a sample (micro-F1 from the pooled counts). Seeded: the same intervals on
    every run.

    Returns
    -------
    dict
        ``n_groups``, ``micro_f1_low``, ``micro_f1_high``, ``primary_low``, ``primary_high`` (NaN
        with fewer than two transcripts).
    """
    nan = float("nan")
    groups = pred[by].to_numpy() if by in pred.columns else np.zeros(len(pred))
    n_groups = len(pd.unique(groups))
    out = {"n_groups": int(n_groups), "micro_f1_low": nan, "micro_f1_high": nan, "primary_low": nan, "primary_high": nan}
    if n_groups < 2:
        return out
    G, P = _topic_matrices(pred, topic_ids(codebook))
    per_turn = np.column_stack([(G & P).sum(1), P.sum(1), G.sum(1), _primary_right(pred).to_numpy(float), np.ones(len(pred))])
    tp, npred, ngold, right, n = resampled_sums(per_turn, groups, resamples, seed).T
    f1 = np.divide(2 * tp, npred + ngold, out=np.zeros_like(tp), where=(npred + ngold) > 0)
    tail = (1 - level) / 2 * 100
    out["micro_f1_low"], out["micro_f1_high"] = (float(v) for v in np.percentile(f1, [tail, 100 - tail]))
    out["primary_low"], out["primary_high"] = (float(v) for v in np.percentile(right / n, [tail, 100 - tail]))
    return out


def _splits_in_order(archive: dict) -> list:
    """The scored splits in :data:`SPLIT_ORDER` (out of sample first, then the development data),
    then any others by name."""
    rank = {k: i for i, k in enumerate(SPLIT_ORDER)}
    return sorted(archive["by_split"].items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


def side_by_side(archive: dict, seeds: dict) -> pd.DataFrame:
    """One row per sample: the archive's splits in :data:`SPLIT_ORDER` (out of sample first, after a
    row pooling them when more than one is scored; then the development data) and the seeds.

    Columns ``sample, out_of_sample, n_passages, micro_precision, micro_recall, micro_f1,
    primary_accuracy, exact_match``, and for the archive rows (when ``archive`` holds its
    ``predictions``) 95% intervals from resampling transcripts (:func:`interval`):
    ``micro_f1_low, micro_f1_high, primary_low, primary_high``.
    """
    metrics = ["n_passages", "micro_precision", "micro_recall", "micro_f1", "primary_accuracy", "exact_match"]
    pred = archive.get("predictions")
    bounds = lambda split: ({} if pred is None or "file" not in pred.columns else  # noqa: E731
                            interval(pred[pred["split"].isin(split)]))
    rows = [{"sample": f"archive {k}", "out_of_sample": k in OUT_OF_SAMPLE_SPLITS, **{m: v[m] for m in metrics}, **bounds([k])}
            for k, v in _splits_in_order(archive)]
    outside = [k for k in archive["by_split"] if k in OUT_OF_SAMPLE_SPLITS]
    if len(outside) > 1 and pred is not None:
        pooled = score(pred[pred["split"].isin(outside)])
        rows.insert(0, {"sample": "archive out of sample, pooled", "out_of_sample": True, **{m: pooled[m] for m in metrics},
                        **bounds(outside)})
    rows.append({"sample": "seeds", "out_of_sample": False, **{m: seeds["overall"][m] for m in metrics}})
    return pd.DataFrame(rows).drop(columns="n_groups", errors="ignore")


def per_topic_side_by_side(archive: dict, seeds: dict) -> pd.DataFrame:
    """Per topic: support, precision and recall on each archive split and on the seeds."""
    frames = []
    for name, sc in [*[(f"archive {k}", v) for k, v in _splits_in_order(archive)],
                     ("seeds", seeds["overall"])]:
        frames.append(sc["per_topic"].set_index("topic")[["support", "precision", "recall"]].add_prefix(f"{name}: "))
    return pd.concat(frames, axis=1).reset_index()


def _against(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """``first`` as the reference and ``second``'s codes as the ones scored (:func:`score`'s
    columns), turn by turn; both must code the same turns."""
    keys = ["file", "turn"]
    if sorted(map(tuple, first[keys].to_numpy())) != sorted(map(tuple, second[keys].to_numpy())):
        raise ValueError("the two codings do not code the same turns")
    other = second[keys + ["topics", "primary_topic"]].rename(columns={"topics": "pred_topics",
                                                                       "primary_topic": "pred_primary"})
    return first.merge(other, on=keys, how="left")


def coder_agreement(splits=None, lexicon_path: str | Path | None = None,
                    codebook: pd.DataFrame | None = None) -> dict:
    """Agreement of two independent codings of the same turns, beside the tagger's agreement
    with each: the ceiling a tagger can be expected to reach on a codebook is the agreement of
    its coders.

    Parameters
    ----------
    splits : sequence of str
        Samples with a second coding (:data:`SECOND_CODINGS`); default (``None``) all of them.

    Returns
    -------
    dict
        ``table``: one row per sample and comparison (``second coding vs first``, ``first coding
        vs second``, ``tagger vs first``, ``tagger vs second``), with :func:`score`'s measures:
        the micro-F1 of two codings is the same either way round; precision, recall and the
        primary accuracy (the scored side's first primary among the reference's acceptable
        ones) depend on which is the reference. ``per_topic``: F1 per topic of the second coding
        against the first and of the tagger against each, pooled over the samples.
    """
    rows, pooled = [], {"second coding vs first": [], "tagger vs first": [], "tagger vs second": []}
    for split in (tuple(SECOND_CODINGS) if splits is None else splits):
        first = load_archive_gold(EXTRA_SAMPLES[split][0], codebook)
        second = load_archive_gold(SECOND_CODINGS[split], codebook)
        context = load_archive_context(EXTRA_SAMPLES[split][1])
        tagger = predict_archive(first, lexicon_path, codebook, context)[["file", "turn", "pred_topics", "pred_primary"]]
        compared = {
            "second coding vs first": _against(first, second),
            "first coding vs second": _against(second, first),
            "tagger vs first": first.merge(tagger, on=["file", "turn"]),
            "tagger vs second": second.merge(tagger, on=["file", "turn"]),
        }
        for name, frame in compared.items():
            sc = score(frame, codebook)
            rows.append({"sample": split, "comparison": name, **{k: v for k, v in sc.items() if k != "per_topic"}})
        for name, frames in pooled.items():
            frames.append(compared[name])
    per_topic = pd.concat([score(pd.concat(frames, ignore_index=True), codebook)["per_topic"].set_index("topic")
                           [["support", "f1"]].add_prefix(f"{name}: ") for name, frames in pooled.items()], axis=1)
    return {"table": pd.DataFrame(rows), "per_topic": per_topic.reset_index()}


def model_comparison(topic_model="default", corpus=None) -> pd.DataFrame:
    """The lexicon's decisions and the topic model's side by side, out of sample first.

    The out-of-sample archive samples (:data:`OUT_OF_SAMPLE_SPLITS`: the topic model was never
    trained on them, nor its settings chosen on them), pooled and one by one, then the seeds
    (the lexicon was written reading them; the model never saw them). Columns ``sample,
    decision, n_passages, micro_precision, micro_recall, micro_f1, primary_accuracy`` and, for
    the pooled row, 95% intervals from resampling transcripts (:func:`interval`). ``corpus``: the
    seeds' corpus (default ``helpers.load_corpus()``).
    """
    metrics = ["n_passages", "micro_precision", "micro_recall", "micro_f1", "primary_accuracy"]
    corpus = load_corpus() if corpus is None else corpus
    rows = []
    for name, model in (("lexicon", None), ("topic model", topic_model)):
        archive = evaluate_archive(OUT_OF_SAMPLE_SPLITS, topic_model=model)
        pred = archive["predictions"]
        pooled = score(pred)
        rows.append({"sample": "archive out of sample, pooled", "decision": name, **{m: pooled[m] for m in metrics},
                     **interval(pred)})
        rows += [{"sample": f"archive {k}", "decision": name, **{m: v[m] for m in metrics}}
                 for k, v in _splits_in_order(archive)]
        rows.append({"sample": "seeds", "decision": name, **{m: evaluate(corpus=corpus, topic_model=model)["overall"][m] for m in metrics}})
    order = {s: i for i, s in enumerate(dict.fromkeys(r["sample"] for r in rows))}
    out = pd.DataFrame(rows).drop(columns="n_groups", errors="ignore")
    return out.sort_values("sample", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
