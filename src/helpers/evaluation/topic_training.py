"""Train the topic model on the hand-coded briefing turns, with cross-validation by transcript.

``python -m helpers.evaluation.topic_training`` (``make train-topics``) reads the development
samples of the archive (:data:`DEVELOPMENT_SPLITS`: every turn coded by hand on the codebook,
with its context turns), tags them with the lexicon, chooses the settings by 5-fold
cross-validation grouped by transcript (:data:`GRID`, :data:`THRESHOLDS`: the highest micro-F1,
then primary accuracy), fits :class:`helpers.topics.TopicModel` on all of them and writes
``topic_model.json`` and its card ``topic_model.md`` into the package's models folder. The
out-of-sample samples (:data:`OUT_OF_SAMPLE_SPLITS`), the reserved ones and the seeds' coding are
never read here. Training is deterministic: the same bytes every time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ..topics import (
    TopicMatcher,
    find_hits,
    load_codebook,
    load_lexicon,
    tag_sentences,
    tag_turns,
    topic_ids,
)
from ..topics._model import (
    CONTEXT_WEIGHT,
    DEFAULT_TOPIC_MODEL,
    EVIDENCE,
    FORMAT,
    TFIDF,
    TURN_FEATURES,
    TopicModel,
    decisions,
    design_matrix,
    _topic_matrix,
    evidence_matrix,
    lexicon_primary,
    probabilities,
    strong_matrix,
    strong_table,
)
from ._topic_samples import DEVELOPMENT_SPLITS, EXTRA_SAMPLES
from .topics import archive_as_turns, load_archive_context, load_archive_gold, score

__all__ = ["GRID", "THRESHOLDS", "RULES", "PRIMARY_RULES", "FOLDS", "MAX_FEATURES", "training_data", "fit_model", "cross_validate",
           "learning_curve", "train", "main"]

#: Inverse regularisation strengths tried (the same for every topic).
GRID = (1.0, 4.0, 16.0)
#: Probability thresholds tried for a topic to be given.
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
#: The decision rules tried: the model alone, or the model plus every topic named by a specific
#: lexicon term (``keep_strong``).
RULES = (False, True)
#: From how many words a turn keeps the lexicon's primary topic when the model gives it too
#: (``None``: never); chosen by primary accuracy once micro-F1 has chosen the rest.
PRIMARY_RULES = (None, 150, 300)
#: Folds of the cross-validation, grouped by transcript.
FOLDS = 5
#: Size of the TF-IDF vocabulary (the most frequent unigrams and bigrams of the training turns
#: that occur in at least :data:`MIN_DF` of them).
MAX_FEATURES = 10000
MIN_DF = 2
CARD_DATE = "2026-11-29"


def training_data(splits=DEVELOPMENT_SPLITS) -> dict:
    """The coded turns of ``splits`` tagged by the lexicon: ``u`` (every turn, coded and context,
    sorted by file and turn, as :func:`tag_turns` gives it), ``strong``, ``rows`` (positions in
    ``u`` of the coded turns), ``gold`` (their coding, same order), ``Y`` (coded turns x topics),
    ``ids``, and the lexicon's ``evidence`` for every turn of ``u`` with its ``evidence_names``
    (:func:`evidence_matrix`, the same whatever the fold)."""
    codebook = load_codebook()
    ids = topic_ids(codebook)
    samples = [paths for name, paths in EXTRA_SAMPLES.items() if name in splits]
    gold = pd.concat([load_archive_gold(None, codebook), *(load_archive_gold(g, codebook) for g, _ in samples)],
                     ignore_index=True)
    gold = gold[gold["split"].isin(list(splits))].sort_values(["file", "turn"]).reset_index(drop=True)
    context = pd.concat([load_archive_context(None), *(load_archive_context(c) for _, c in samples)], ignore_index=True)
    texts, utt, sents = archive_as_turns(gold, context)
    hits = find_hits(texts, TopicMatcher(load_lexicon(None, codebook)))
    sents, _ = tag_sentences(sents, hits, codebook)
    strong = strong_table(sents)
    u, _ = tag_turns(utt, sents, codebook)
    u = u.sort_values(["event_id", "turn"]).reset_index(drop=True)
    pos = pd.Series(np.arange(len(u)), index=pd.MultiIndex.from_frame(u[["event_id", "turn"]]))
    rows = pos.reindex(pd.MultiIndex.from_frame(gold[["event_id", "turn"]])).to_numpy()
    evidence, names = evidence_matrix(u, strong, ids)
    return {"u": u, "strong": strong, "rows": rows, "gold": gold, "Y": _topic_matrix(gold["topics"], ids), "ids": ids,
            "evidence": evidence, "evidence_names": names}


def _vectorizer(texts) -> TfidfVectorizer:
    return TfidfVectorizer(min_df=MIN_DF, max_features=MAX_FEATURES, **TFIDF).fit(texts)


def _fits(X, Y, C: float):
    """One logistic regression per topic column of ``Y`` (a topic never coded gets a constant
    very low score)."""
    coefs, intercepts = [], []
    for j in range(Y.shape[1]):
        if Y[:, j].min() == Y[:, j].max():
            coefs.append(np.zeros(X.shape[1]))
            intercepts.append(-10.0 if Y[0, j] == 0 else 10.0)
            continue
        m = LogisticRegression(C=C, max_iter=5000).fit(X, Y[:, j])
        coefs.append(m.coef_[0])
        intercepts.append(float(m.intercept_[0]))
    return np.vstack(coefs), np.asarray(intercepts)


def _fitted(data: dict, C: float, coded: np.ndarray) -> tuple:
    """The vectorizer fitted on the ``coded`` turns, the design of every turn of ``data["u"]``
    under it, and the weights (``coef_evidence``, ``coef_text``, ``intercept``) fitted on the
    coded turns."""
    rows = data["rows"][coded]
    vec = _vectorizer(data["u"]["text"].to_numpy(object)[rows])
    X = design_matrix(data["evidence"], data["u"], vec)
    coef, intercept = _fits(X[rows], data["Y"][coded], C)
    n_ev = len(data["evidence_names"])
    weights = {"intercept": intercept, "coef_evidence": coef[:, :n_ev], "coef_text": coef[:, n_ev:]}
    return vec, X, weights


def fit_model(data: dict, C: float, threshold: float, keep_strong: bool = False, lexicon_primary_words: int | None = None,
              coded=None) -> TopicModel:
    """Fit the model on the coded turns (all of them, or the positions ``coded`` among them)."""
    coded = np.arange(len(data["rows"])) if coded is None else np.asarray(coded)
    vec, _, weights = _fitted(data, C, coded)
    vocabulary = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    return TopicModel({
        "format": FORMAT, "topics": list(data["ids"]), "threshold": float(threshold), "keep_strong": bool(keep_strong),
        "lexicon_primary_words": lexicon_primary_words,
        "vocabulary": vocabulary, "idf": [float(x) for x in vec.idf_], "evidence_names": list(data["evidence_names"]),
        **{k: v.tolist() for k, v in weights.items()},
        "settings": {"C": float(C), "threshold": float(threshold), "keep_strong": bool(keep_strong),
                     "lexicon_primary_words": lexicon_primary_words, "max_features": MAX_FEATURES, "min_df": MIN_DF,
                     "context_weight": CONTEXT_WEIGHT, "evidence": list(EVIDENCE), "turn_features": list(TURN_FEATURES)},
        "trained_on": {"turns": int(len(coded)), "transcripts": int(data["gold"]["file"].iloc[coded].nunique())},
    })


#: The scores the cross-validation and the learning curve report for each setting.
_MEASURES = ("micro_f1", "primary_accuracy", "micro_precision", "micro_recall")


def _folds(gold: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray]]:
    """The cross-validation's folds: :data:`FOLDS`-fold ``GroupKFold`` by transcript."""
    return list(GroupKFold(FOLDS).split(gold, groups=gold["file"]))


def _scored(gold: pd.DataFrame, decided: pd.DataFrame) -> dict:
    pred = gold.assign(pred_topics=decided["topics"].to_numpy(object), pred_primary=decided["primary_topic"].to_numpy(object))
    return score(pred)


def cross_validate(data: dict, grid=GRID, thresholds=THRESHOLDS, rules=RULES, primary_rules=PRIMARY_RULES,
                   log=None) -> dict:
    """Out-of-fold probabilities and scores for every setting (``GroupKFold`` by transcript).

    Returns ``{"table": DataFrame C, threshold, keep_strong, lexicon_primary_words (``inf`` for
    never), micro_f1, primary_accuracy, micro_precision, micro_recall; "best": (C, threshold,
    keep_strong, lexicon_primary_words); "oof": probabilities of the best C; "lexicon": score of
    the lexicon's own decisions on the same turns}``."""
    gold, ids = data["gold"], data["ids"]
    coded_turns = data["u"].iloc[data["rows"]]
    keep = strong_matrix(coded_turns, data["strong"], ids)
    fallbacks = {words: lexicon_primary(coded_turns, words) for words in primary_rules}
    folds = _folds(gold)
    table, oofs = [], {}
    for C in grid:
        oof = np.zeros(data["Y"].shape)
        for k, (tr, te) in enumerate(folds):
            _, X, weights = _fitted(data, C, tr)
            oof[te] = probabilities(X[data["rows"][te]], weights)
            if log:
                log(f"C={C:g} fold {k + 1}/{FOLDS}")
        oofs[C] = oof
        for t in thresholds:
            for rule in rules:
                for words in primary_rules:
                    s = _scored(gold, decisions(oof, ids, t, keep=keep if rule else None,
                                                fallback=fallbacks[words]))
                    table.append({"C": C, "threshold": t, "keep_strong": rule, "lexicon_primary_words": np.inf if words is None else words,
                                  **{m: s[m] for m in _MEASURES}})
    table = pd.DataFrame(table)
    best = table.sort_values(["micro_f1", "primary_accuracy", "C", "threshold", "keep_strong", "lexicon_primary_words"],
                             ascending=[False, False, True, True, True, False]).iloc[0]
    words = None if np.isinf(best["lexicon_primary_words"]) else int(best["lexicon_primary_words"])
    lex = data["u"].iloc[data["rows"]]
    lexicon = _scored(gold, lex[["topics", "primary_topic"]].reset_index(drop=True))
    return {"table": table, "best": (float(best["C"]), float(best["threshold"]), bool(best["keep_strong"]), words), "oof": oofs[float(best["C"])],
            "lexicon": lexicon}


def learning_curve(data: dict, fractions=(0.25, 0.5, 0.75, 1.0), C: float = 4.0, threshold: float = 0.35,
                   keep_strong: bool = True, lexicon_primary_words: int | None = 300, seed: int = 0, log=None) -> pd.DataFrame:
    """Out-of-fold scores of one setting trained on growing shares of the training transcripts.

    The folds are those of :func:`cross_validate` (``GroupKFold`` by transcript); in each fold the
    model is fitted on the coded turns of a random share of the fold's training transcripts (drawn
    with ``numpy.random.default_rng(seed)``, the same draw order for every share) and scores the
    whole test fold. Returns ``fraction, transcripts, turns`` (mean per fold), ``micro_f1``,
    ``primary_accuracy``, ``micro_precision``, ``micro_recall``.
    """
    gold, ids = data["gold"], data["ids"]
    coded_turns = data["u"].iloc[data["rows"]]
    keep = strong_matrix(coded_turns, data["strong"], ids) if keep_strong else None
    fallback = lexicon_primary(coded_turns, lexicon_primary_words)
    files = gold["file"].to_numpy(object)
    folds = _folds(gold)
    rng = np.random.default_rng(seed)
    orders = [rng.permutation(np.unique(files[tr])) for tr, _ in folds]
    out = []
    for fraction in fractions:
        oof = np.zeros(data["Y"].shape)
        sizes = []
        for (tr, te), order in zip(folds, orders):
            chosen = order[: max(1, int(round(fraction * len(order))))]
            sub = tr[np.isin(files[tr], chosen)]
            sizes.append((len(chosen), len(sub)))
            _, X, weights = _fitted(data, C, sub)
            oof[te] = probabilities(X[data["rows"][te]], weights)
        s = _scored(gold, decisions(oof, ids, threshold, keep=keep, fallback=fallback))
        out.append({"fraction": fraction, "transcripts": float(np.mean([a for a, _ in sizes])),
                    "turns": float(np.mean([b for _, b in sizes])),
                    **{m: s[m] for m in _MEASURES}})
        if log:
            log(f"share {fraction:g}: micro-F1 {s['micro_f1']:.3f}")
    return pd.DataFrame(out)


def _card(model: TopicModel, cv: dict, data: dict) -> str:
    t = cv["table"]
    C, thr, keep_strong, words = cv["best"]
    best = t[(t["C"] == C) & (t["threshold"] == thr) & (t["keep_strong"] == keep_strong)
             & (t["lexicon_primary_words"] == (np.inf if words is None else words))].iloc[0]
    lex = cv["lexicon"]
    lines = [
        "# Topic model card", "",
        f"Trained {CARD_DATE} by `make train-topics` (`python -m helpers.evaluation.topic_training`); the same bytes on every run.", "",
        "## Data", "",
        f"{model.data['trained_on']['turns']} turns of {model.data['trained_on']['transcripts']} White House briefing transcripts, "
        f"coded by hand on the codebook (the development samples {', '.join(f'`{s}`' for s in DEVELOPMENT_SPLITS)} of `annotations/`; "
        "how they were drawn and coded is in each sample's note). The out-of-sample and reserved samples and the seeds' coding are not used.", "",
        "## Model", "",
        f"One logistic regression per topic ({len(model.topics)} topics; L2, C = {C:g}) over the lexicon's evidence "
        f"({len(model.data['evidence_names'])} numbers per turn: {', '.join(EVIDENCE)} for each topic, then {', '.join(TURN_FEATURES)}) "
        f"and the TF-IDF of the turn's words ({len(model.data['vocabulary'])} unigrams and bigrams, English stop words left out) "
        f"plus {CONTEXT_WEIGHT:g} times that of the turn before. A turn gets each topic of probability {thr:g} or more"
        + (" and each topic it names with a specific lexicon term" if keep_strong else "")
        + "; the most probable of them is its primary topic, `none` when it has none"
        + (f" (a turn of {words} words or more keeps the lexicon's primary topic when the model gives it too)" if words is not None else "")
        + ".", "",
        "## Cross-validation (out of sample)", "",
        f"{FOLDS}-fold GroupKFold by transcript over the training turns; settings chosen by micro-F1 (then primary accuracy, "
        "which alone chooses from how many words a turn keeps the lexicon's primary topic). "
        "The lexicon's own decisions on the same turns are mostly in sample: the lexicon was tuned on all of them but those of "
        "the samples last scored out of sample (see `helpers.evaluation._topic_samples`).", "",
        "| decision | turns | micro P | micro R | micro F1 | primary acc. |", "|---|---|---|---|---|---|",
        f"| model, chosen settings (out of fold) | {len(data['gold'])} | {best['micro_precision']:.3f} | {best['micro_recall']:.3f} | "
        f"{best['micro_f1']:.3f} | {best['primary_accuracy']:.3f} |",
        f"| lexicon alone (mostly in sample) | {lex['n_passages']} | {lex['micro_precision']:.3f} | {lex['micro_recall']:.3f} | "
        f"{lex['micro_f1']:.3f} | {lex['primary_accuracy']:.3f} |", "",
        "Every setting tried (out of fold):", "",
        "| C | threshold | specific terms kept | lexicon's primary from | micro F1 | primary acc. | micro P | micro R |",
        "|---|---|---|---|---|---|---|---|",
        *[f"| {r.C:g} | {r.threshold:g} | {'yes' if r.keep_strong else 'no'} | "
          f"{'never' if np.isinf(r.lexicon_primary_words) else f'{r.lexicon_primary_words:g} words'} | "
          f"{r.micro_f1:.3f} | {r.primary_accuracy:.3f} | {r.micro_precision:.3f} | {r.micro_recall:.3f} |"
          for r in t.itertuples()], "",
        "## Weights a reader can check", "",
        "The three largest text weights of each topic:", "",
        "| topic | words |", "|---|---|",
    ]
    vocab = np.asarray(model.data["vocabulary"], dtype=object)
    for topic, row in zip(model.topics, np.asarray(model.data["coef_text"])):
        top = np.argsort(-row, kind="stable")[:3]
        lines.append(f"| {topic} | {', '.join(f'{vocab[i]} ({row[i]:+.2f})' for i in top)} |")
    lines += ["", "Out-of-sample scores on samples never trained on are in `bench/results/topics.md` and notebook 02.", ""]
    return "\n".join(lines)


def train(out: str | Path | None = None, log=None) -> Path:
    """Choose the settings by cross-validation, fit on every development turn, write the model
    and its card; returns the model's path."""
    out = Path(out) if out is not None else DEFAULT_TOPIC_MODEL
    data = training_data()
    cv = cross_validate(data, log=log)
    model = fit_model(data, *cv["best"])
    model.save(out)
    out.with_suffix(".md").write_text(_card(model, cv, data), encoding="utf-8")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.evaluation.topic_training", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="model file to write (default: the package's)")
    args = parser.parse_args(argv)
    path = train(args.out, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(path.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
