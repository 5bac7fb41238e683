"""A learned decision of each turn's topics, on the lexicon's evidence and the turn's own words.

The lexicon (:func:`tag_sentences`, :func:`tag_turns`) finds where the codebook's terms occur and
weighs them; the topic model decides from that evidence, and from the words of the turn and of
the turn before it, which topics a turn is about. One logistic regression per codebook topic
(:class:`TopicModel`) reads

* the lexicon's evidence for that topic and for every other topic, in this turn and in its
  neighbours (:data:`EVIDENCE`: term weight, named, primary, named by a specific term; and
  :data:`TURN_FEATURES`: length, question, inherited, procedural, no term at all);
* the TF-IDF of the turn's words (unigrams and bigrams, English stop words left out) and, at
  :data:`CONTEXT_WEIGHT`, of the turn before it in the same event.

A turn gets every topic whose probability reaches the model's ``threshold`` and, when the model's
``keep_strong`` is set, every topic it names with a specific lexicon term (the model adds topics
and decides those with weak evidence only); its primary topic is the most probable of them
(``none`` when it has none), except that a turn of at least the model's ``lexicon_primary_words``
words keeps the lexicon's primary topic when the model gives that topic too: the share of a long
turn's sentences on each topic, which the lexicon weighs, says better what the turn is mostly
about than a turn-level classifier trained mostly on short turns. The model is trained on the
project's hand-coded briefing turns by :mod:`helpers.evaluation.topic_training` (``make
train-topics``) and shipped as plain JSON (no pickle): the vocabulary, the IDF weights, the
coefficients and a card beside it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from .._json import rounded
from ..config import MODELS_DIR

if TYPE_CHECKING:  # scikit-learn is imported only when a model is used: the lexicon's runs stay without it
    from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["TopicModel", "DEFAULT_TOPIC_MODEL", "load_topic_model", "evidence_matrix", "strong_table", "strong_matrix",
           "lexicon_primary", "EVIDENCE", "TURN_FEATURES", "CONTEXT_WEIGHT"]

#: The model shipped with the package.
DEFAULT_TOPIC_MODEL = MODELS_DIR / "topic_model.json"
FORMAT = "helpers-topic-model/1"
#: Decimal places kept in the model file (the same bytes on every retraining).
DIGITS = 5
#: Per topic: the lexicon's evidence, in this turn and in the turns before and after it.
EVIDENCE = ("log_weight", "named", "primary", "strong", "prev_log_weight", "next_log_weight", "prev_named", "next_named")
#: Per turn, whatever the topic.
TURN_FEATURES = ("log_words", "question", "inherited", "procedural", "no_term", "log_total_weight")
#: How much the words of the turn before count beside the turn's own.
CONTEXT_WEIGHT = 0.5
#: The TF-IDF settings (with the model's vocabulary and IDF weights).
TFIDF = {"ngram_range": (1, 2), "sublinear_tf": True, "stop_words": "english", "dtype": np.float64}


def _topic_matrix(values: pd.Series, ids: list[str], weighted: bool = False) -> np.ndarray:
    """Rows x topics from ``;``-separated ids (``topic:weight`` pairs with ``weighted``)."""
    out = np.zeros((len(values), len(ids)))
    long = values.reset_index(drop=True).str.split(";").explode()
    long = long[long.fillna("").ne("")]
    if not len(long):
        return out
    if weighted:
        parts = long.str.rsplit(":", n=1, expand=True)
        topic, value = parts[0], parts[1].astype(float)
    else:
        topic, value = long, pd.Series(1.0, index=long.index)
    col = topic.map({t: i for i, t in enumerate(ids)})
    keep = col.notna().to_numpy()
    out[long.index.to_numpy()[keep], col.to_numpy()[keep].astype(int)] = value.to_numpy()[keep]
    return out


def strong_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """``event_id, turn, strong_topics``: the topics a turn names with a specific term (from the
    ``strong_topics`` of :func:`tag_sentences`)."""
    if "strong_topics" not in sentences.columns or not len(sentences):
        return pd.DataFrame({"event_id": pd.Series(dtype=object), "turn": pd.Series(dtype="int64"),
                             "strong_topics": pd.Series(dtype=object)})
    s = sentences.loc[sentences["strong_topics"].fillna("").ne(""), ["event_id", "turn", "strong_topics"]]
    return s.groupby(["event_id", "turn"], sort=False)["strong_topics"].agg(";".join).reset_index()


def _neighbours(u: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the turn before and after each turn of ``u`` (sorted by event and turn) in
    the same event, ``-1`` where there is none."""
    ev = u["event_id"].to_numpy(object)
    n = len(u)
    prev = np.arange(n) - 1
    nxt = np.arange(n) + 1
    same_prev = np.r_[False, ev[1:] == ev[:-1]] if n else np.zeros(0, bool)
    same_next = np.r_[ev[1:] == ev[:-1], False] if n else np.zeros(0, bool)
    return np.where(same_prev, prev, -1), np.where(same_next, nxt, -1)


def _take(m: np.ndarray, pos: np.ndarray) -> np.ndarray:
    out = m[np.maximum(pos, 0)]
    out[pos < 0] = 0
    return out


def strong_matrix(u: pd.DataFrame, strong: pd.DataFrame, ids: list[str]) -> np.ndarray:
    """Rows of ``u`` x topics: whether the turn names the topic with a specific term (``strong``
    is :func:`strong_table`)."""
    named = u[["event_id", "turn"]].merge(strong, on=["event_id", "turn"], how="left")["strong_topics"]
    return _topic_matrix(named.fillna(""), ids) > 0


def evidence_matrix(u: pd.DataFrame, strong: pd.DataFrame, ids: list[str]) -> tuple[np.ndarray, list[str]]:
    """The lexicon's evidence as numbers, one row per turn of ``u`` (sorted by event and turn).

    ``u`` is :func:`tag_turns` output (``topics``, ``primary_topic``, ``topic_weights``,
    ``inherited``, ``procedural``, ``act``, ``n_words``) before any model decided; ``strong``
    is :func:`strong_table`. Returns the matrix and its column names
    (``feature:topic`` for :data:`EVIDENCE`, then :data:`TURN_FEATURES`)."""
    w = np.log1p(_topic_matrix(u["topic_weights"], ids, weighted=True))
    named = _topic_matrix(u["topics"], ids)
    primary = _topic_matrix(u["primary_topic"].where(u["primary_topic"].ne("none"), ""), ids)
    strong_m = strong_matrix(u, strong, ids).astype(float)
    prev, nxt = _neighbours(u)
    blocks = [w, named, primary, strong_m, _take(w, prev), _take(w, nxt), _take(named, prev), _take(named, nxt)]
    act = u["act"] if "act" in u.columns else pd.Series("", index=u.index)
    turn = np.c_[np.log1p(u["n_words"].to_numpy(float)), act.eq("question").to_numpy(float),
                 u["inherited"].to_numpy(float), u["procedural"].to_numpy(float),
                 (w.sum(1) == 0).astype(float), w.sum(1)]
    names = [f"{f}:{t}" for f in EVIDENCE for t in ids] + list(TURN_FEATURES)
    return np.hstack([*blocks, turn]), names


class TopicModel:
    """Per-topic logistic regressions over the lexicon's evidence and the turn's words.

    Build with :func:`helpers.evaluation.topic_training.fit_model` or :meth:`load`; the data is
    a plain dict (``format``, ``topics``, ``threshold``, ``vocabulary``, ``idf``,
    ``evidence_names``, ``intercept``, ``coef_evidence``, ``coef_text``, ``settings``, ``card``).
    """

    def __init__(self, data: dict):
        self.data = data
        self.topics = list(data["topics"])
        self.threshold = float(data["threshold"])
        self._vectorizer = None

    # -- persistence -----------------------------------------------------------------------------
    def to_json(self) -> str:
        """The model as JSON text: floats rounded to :data:`DIGITS` places, keys sorted."""
        return json.dumps(rounded(self.data, DIGITS), sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"

    def save(self, path: str | Path) -> None:
        """Write the model file."""
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "TopicModel":
        """Read a model file written by :meth:`save`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ValueError(f"{path}: not a readable topic-model file ({err})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a topic-model file of format {FORMAT}")
        return cls(data)

    # -- inference -------------------------------------------------------------------------------
    @property
    def vectorizer(self) -> TfidfVectorizer:
        """The TF-IDF vectorizer with the model's vocabulary and IDF weights."""
        if self._vectorizer is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            v = TfidfVectorizer(vocabulary={t: i for i, t in enumerate(self.data["vocabulary"])}, **TFIDF)
            v.idf_ = np.asarray(self.data["idf"], dtype=float)
            self._vectorizer = v
        return self._vectorizer

    def design(self, u: pd.DataFrame, strong: pd.DataFrame) -> sparse.csr_matrix:
        """The model's features for the turns of ``u`` (sorted by event and turn)."""
        evidence, _ = evidence_matrix(u, strong, self.topics)
        return design_matrix(evidence, u, self.vectorizer)

    @property
    def lexicon_primary_words(self) -> int | None:
        """From how many words a turn keeps the lexicon's primary topic when the model gives it
        too (``None``: never)."""
        n = self.data.get("lexicon_primary_words")
        return None if n is None else int(n)

    @property
    def keep_strong(self) -> bool:
        """Whether a topic named by a specific lexicon term is kept whatever its probability."""
        return bool(self.data.get("keep_strong", False))

    def predict_proba(self, u: pd.DataFrame, strong: pd.DataFrame) -> np.ndarray:
        """Turns x topics: the probability that each turn is about each topic."""
        return probabilities(self.design(u, strong), self.data)

    def decide(self, u: pd.DataFrame, strong: pd.DataFrame) -> pd.DataFrame:
        """``topics``, ``primary_topic`` and ``topic_p`` (``topic:probability`` for every topic
        at 0.1 or more, most probable first) for the turns of ``u``, in its row order."""
        order = u.sort_values(["event_id", "turn"], kind="stable").index
        p = np.zeros((len(u), len(self.topics)))
        if len(u):
            p[u.index.get_indexer(order)] = self.predict_proba(u.loc[order], strong)
        keep = strong_matrix(u, strong, self.topics) if self.keep_strong else None
        fallback = lexicon_primary(u, self.lexicon_primary_words)
        return decisions(p, self.topics, self.threshold, keep=keep, index=u.index, fallback=fallback)


def lexicon_primary(u: pd.DataFrame, min_words: int | None) -> np.ndarray | None:
    """The lexicon's primary topic of each turn of ``u`` of at least ``min_words`` words (``""``
    for the others; ``None`` when ``min_words`` is ``None``)."""
    if min_words is None:
        return None
    long = u["n_words"].to_numpy(float) >= min_words
    return np.where(long, u["primary_topic"].fillna("").to_numpy(object), "")


def probabilities(x: sparse.csr_matrix, weights: dict) -> np.ndarray:
    """Turns x topics: the logistic probabilities of the design ``x`` under ``weights``
    (``coef_evidence``, ``coef_text``, ``intercept``, as in a model's data)."""
    coef = sparse.csr_matrix(np.hstack([np.asarray(weights["coef_evidence"], float),
                                        np.asarray(weights["coef_text"], float)]))
    z = (x @ coef.T).toarray() + np.asarray(weights["intercept"], float)
    return 1.0 / (1.0 + np.exp(-z))


def design_matrix(evidence: np.ndarray, u: pd.DataFrame, vectorizer: TfidfVectorizer) -> sparse.csr_matrix:
    """Evidence, then the TF-IDF of each turn, plus :data:`CONTEXT_WEIGHT` times that of the
    turn before it (``u`` sorted by event and turn)."""
    text = u["text"].fillna("").to_numpy(object)
    words = vectorizer.transform(text)
    prev, _ = _neighbours(u)
    before = words[np.maximum(prev, 0)].multiply((prev >= 0)[:, None].astype(float))
    return sparse.hstack([sparse.csr_matrix(evidence), words + CONTEXT_WEIGHT * before]).tocsr()


def decisions(p: np.ndarray, topics: list[str], threshold: float, keep: np.ndarray | None = None,
              index=None, fallback: np.ndarray | None = None) -> pd.DataFrame:
    """Topics at or above ``threshold`` or marked in ``keep`` (codebook order), the most probable
    of them as primary (or the row's ``fallback`` topic, when it is among them), and the
    probabilities of 0.1 or more as ``topic_p``."""
    ids = np.asarray(topics, dtype=object)
    present = p >= threshold
    if keep is not None:
        present = present | keep
    topic_sets = [";".join(ids[row]) for row in present]
    best = np.where(present, p + 1.0, p).argmax(1) if p.shape[1] else np.zeros(len(p), int)
    if fallback is not None and len(ids):
        j = pd.Index(ids).get_indexer(fallback)
        given = (j >= 0) & present[np.arange(len(p)), np.maximum(j, 0)]
        best = np.where(given, j, best)
    primary = np.where(present.any(1), ids[best] if len(ids) else "none", "none")
    rank = np.argsort(-p, axis=1, kind="stable")
    shown = [";".join(f"{ids[j]}:{p[i, j]:.2f}" for j in rank[i] if p[i, j] >= 0.1) for i in range(len(p))]
    return pd.DataFrame({"topics": topic_sets, "primary_topic": primary, "topic_p": shown}, index=index)


@lru_cache(maxsize=4)
def _load_cached(path: str, stamp: float) -> TopicModel:
    return TopicModel.load(path)


def load_topic_model(path: str | Path | None = None) -> TopicModel:
    """The topic model in ``path`` (default :data:`DEFAULT_TOPIC_MODEL`), read once per process."""
    p = Path(path) if path is not None else DEFAULT_TOPIC_MODEL
    if not p.is_file():
        raise FileNotFoundError(f"{p}: topic model file not found (retrain it with `make train-topics`)")
    return _load_cached(str(p.resolve()), p.stat().st_mtime)
