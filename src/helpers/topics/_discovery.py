"""Looking past the lexicon: NMF themes, keyword in context and keyness.
"""
from __future__ import annotations

import re
from array import array

import numpy as np
import pandas as pd

from ..text import normalise, stop_words, token_counts
from ._lexicon import NONE, PROCEDURAL
from ._measures import topic_flow, turn_side


def discover_themes(sentences: pd.DataFrame, lexicon: pd.DataFrame | None = None, n_components: int = 6,
                    window_words: int = 150, n_top: int = 8, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Discovery check: TF-IDF + NMF themes over stretches of text, set against the lexicon.

    Each stretch of :func:`topic_flow` is a document (normalised, plural-folded words; English
    stop words removed). NMF finds ``n_components`` themes; each theme is listed with its top
    words, the lexicon topic most common among the stretches it dominates, and how much of
    those stretches the lexicon covers. A theme with low coverage, or whose top words are not
    lexicon words, points at something the lexicon misses.

    Returns
    -------
    themes : DataFrame
        ``theme, top_words, n_stretches, lexicon_topic, topic_agreement, sentence_coverage,
        words_in_lexicon`` (share of top words that occur in some lexicon term).
    assignment : DataFrame
        ``event_id, stretch, theme, theme_weight, topic``.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    s = sentences.sort_values(["event_id", "start_char"]).reset_index(drop=True)
    cum = s.groupby("event_id")["n_words"].cumsum() - s["n_words"]
    s["stretch"] = (cum // window_words).astype("int64")
    s["_norm"] = s["text"].map(normalise)
    s["_cov"] = s["n_topic_hits"].gt(0)
    docs = s.groupby(["event_id", "stretch"]).agg(text=("_norm", " ".join), coverage=("_cov", "mean")).reset_index()
    flow = topic_flow(sentences, window_words)[["event_id", "stretch", "topic"]]
    docs = docs.merge(flow, on=["event_id", "stretch"], how="left")
    # discourse words that carry no theme in spoken answers
    talk = {"think", "going", "just", "know", "said", "say", "want", "like", "way", "really", "thing", "right", "lot", "let", "doe"}
    stop = sorted(stop_words() | talk)
    n_components = max(1, min(n_components, len(docs) - 1)) if len(docs) > 1 else 1
    vec = TfidfVectorizer(stop_words=stop, min_df=2 if len(docs) >= 4 else 1,
                          token_pattern=r"(?u)\b[a-z][a-z]{2,}\b", sublinear_tf=True)
    X = vec.fit_transform(docs["text"])
    model = NMF(n_components=n_components, init="nndsvda", random_state=seed, max_iter=1000)
    D = model.fit_transform(X)
    vocab = np.asarray(vec.get_feature_names_out())
    lex_words = set()
    if lexicon is not None:
        for n in lexicon.loc[lexicon["topic"].ne(PROCEDURAL), "norm"]:
            lex_words.update(n.lower().split())
    docs["theme"] = D.argmax(1)
    docs["theme_weight"] = D.max(1)
    rows = []
    for k, comp in enumerate(model.components_):
        top = vocab[np.argsort(-comp, kind="stable")[:n_top]]
        mine = docs[docs["theme"] == k]
        topics = mine["topic"][mine["topic"].ne(NONE)]
        lt = topics.value_counts().sort_index().idxmax() if len(topics) else NONE
        rows.append({
            "theme": k, "top_words": ", ".join(top), "n_stretches": len(mine), "lexicon_topic": lt,
            "topic_agreement": float((mine["topic"] == lt).mean()) if len(mine) else np.nan,
            "sentence_coverage": float(mine["coverage"].mean()) if len(mine) else np.nan,
            "words_in_lexicon": float(np.mean([w in lex_words for w in top])) if lex_words else np.nan,
        })
    return pd.DataFrame(rows), docs[["event_id", "stretch", "theme", "theme_weight", "topic"]]


def kwic(texts: dict, hits: pd.DataFrame, topic: str | None = None, term: str | None = None,
         events=None, width: int = 60, utterances: pd.DataFrame | None = None, role: str | None = None) -> pd.DataFrame:
    """Keyword in context: every lexicon hit with the text around it.

    Parameters
    ----------
    texts : dict
        ``event_id -> source text``.
    hits : DataFrame
        Located hits (``Tagging.hits``): ``event_id, turn, sentence, start_char, end_char, term, topic``.
    topic, term : str, optional
        Keep hits of this topic / this normalised term (either spelling: it is normalised).
    events : list of str, optional
        Keep these events.
    width : int
        Characters of context on each side (whitespace folded).
    utterances : DataFrame, optional
        Tagged turns; adds ``speaker`` and ``role`` and allows ``role``.
    role : str, optional
        Keep hits in turns of this role (needs ``utterances``).

    Returns
    -------
    DataFrame
        ``event_id, turn, sentence, start_char, end_char, topic, term, left, match, right``
        (+ ``speaker, role``), in text order.
    """
    h = hits
    if "counted" in h.columns:
        h = h[h["counted"]]
    h = h[h["topic"].ne(PROCEDURAL)]
    if topic is not None:
        h = h[h["topic"] == topic]
    if term is not None:
        h = h[h["term"] == normalise(term)]
    if events is not None:
        h = h[h["event_id"].isin([events] if isinstance(events, str) else events)]
    if utterances is not None:
        h = h.merge(utterances[["event_id", "turn", "speaker", "role"]], on=["event_id", "turn"], how="left")
        if role is not None:
            h = h[h["role"] == role]
    elif role is not None:
        raise ValueError("filtering by role needs the utterances table")
    h = h.sort_values(["event_id", "start_char", "topic"]).reset_index(drop=True)
    fold = re.compile(r"\s+")
    left = [fold.sub(" ", texts[e][max(0, s - width):s]).rjust(width)[-width:] for e, s in zip(h["event_id"], h["start_char"])]
    match = [fold.sub(" ", texts[e][s:t]) for e, s, t in zip(h["event_id"], h["start_char"], h["end_char"])]
    right = [fold.sub(" ", texts[e][t:t + width]).ljust(width)[:width] for e, t in zip(h["event_id"], h["end_char"])]
    h = h.assign(left=left, match=match, right=right)
    cols = ["event_id", "turn", "sentence", "start_char", "end_char", "topic", "term", "left", "match", "right"]
    return h[cols + [c for c in ("speaker", "role") if c in h.columns]]


def _group_counts(groups: pd.Series, texts: pd.Series, use_stop_words: bool):
    """Word counts per group, long (``<by>, word, count``: the non-zero cells only), with each
    row's group total and word total. Each group's sentences are joined and counted at once
    (:func:`helpers.text.token_counts`), not one table row per word (an archive has millions)."""
    from scipy import sparse

    by = groups.name
    codes, uniques = pd.factorize(groups, sort=True)
    # a sentence without a group (its turn not in the table) is not counted; the others are
    # joined in pieces of one group and at most _PIECE sentences (memory stays flat)
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    text, code = texts.to_numpy()[order], codes[order]
    cuts = np.union1d(np.flatnonzero(np.diff(code)) + 1, np.arange(0, len(code), _PIECE))
    pieces = ((code[a], "\n\n".join(text[a:b])) for a, b in zip(cuts, [*cuts[1:], len(code)]))
    stop = stop_words() if use_stop_words else frozenset()
    index: dict[str, int] = {}  # kept word -> column
    form: dict[str, int] = {}  # token as counted -> column, or -1 when left out
    rows, cols, vals = array("q"), array("q"), array("q")  # flat C arrays: millions of entries
    for group, piece in pieces:
        for token, n in token_counts(piece).items():
            col = form.get(token)
            if col is None:
                word = token.lower().replace(" ", "_")
                col = -1 if word in stop or not _HAS_LETTER.search(word) else index.setdefault(word, len(index))
                form[token] = col
            if col >= 0:
                rows.append(group)
                cols.append(col)
                vals.append(n)
    table = sparse.csr_matrix((np.frombuffer(vals, dtype=np.int64), (np.frombuffer(rows, dtype=np.int64),
                               np.frombuffer(cols, dtype=np.int64))), shape=(len(uniques), len(index)))
    table.sum_duplicates()  # forms that fold to one word ("Iran", "iran")
    row = np.repeat(np.arange(table.shape[0]), np.diff(table.indptr))
    words = np.array(list(index), dtype=object)
    counts = pd.DataFrame({by: uniques.take(row), "word": words[table.indices] if len(index) else words[:0],
                           "count": table.data.astype("int64")})
    group_sum = np.asarray(table.sum(axis=1)).ravel()
    word_sum = np.asarray(table.sum(axis=0)).ravel()
    return counts, pd.Series(group_sum[row], dtype="int64"), pd.Series(word_sum[table.indices], dtype="int64")


_HAS_LETTER = re.compile(r"[a-z]")

#: Most sentences counted at once by :func:`keyness`.
_PIECE = 20_000


def keyness(sentences: pd.DataFrame, utterances: pd.DataFrame | None = None, by: str = "event_id",
            min_count: int = 3, top: int | None = 15, use_stop_words: bool = True) -> pd.DataFrame:
    """Keyness of words per group against the rest of the corpus (log-likelihood, G2).

    Parameters
    ----------
    sentences : DataFrame
        ``event_id, turn, text``.
    utterances : DataFrame, optional
        Needed when ``by`` is a turn column (``role``, ``speaker``, ``side``, ``act``).
    by : str
        Grouping column: ``event_id`` or a turn column.
    min_count : int
        Keep words seen at least this often in the group.
    top : int or None
        Keep the ``top`` words of highest G2 that are over-represented, per group.
    use_stop_words : bool
        Drop stop words (see :func:`stop_words`).

    Returns
    -------
    DataFrame
        ``<by>, word, count, count_rest, per_1000, per_1000_rest, g2, log_ratio`` sorted by group
        and decreasing G2 (Dunning's log-likelihood; ``log_ratio`` is the binary log of the
        ratio of relative frequencies, +0.5 smoothing).
    """
    s = sentences[["event_id", "turn", "text"]]
    if by != "event_id":
        if utterances is None:
            raise ValueError(f"keyness by {by!r} needs the utterances table")
        u = utterances.assign(side=turn_side(utterances))
        if by not in u.columns:
            raise ValueError(f"unknown grouping column {by!r}")
        s = s.merge(u[["event_id", "turn", by]], on=["event_id", "turn"], how="left")
    counts, group_total, word_total = _group_counts(s[by], s["text"], use_stop_words)
    N = counts["count"].sum()
    a = counts["count"].astype(float)
    b = (word_total - a).astype(float)
    c = group_total.astype(float)
    d = (N - c).astype(float)
    e1 = c * (a + b) / N
    e2 = d * (a + b) / N
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0) + np.where(b > 0, b * np.log(b / e2), 0))
    counts["count_rest"] = b.astype("int64")
    counts["per_1000"] = 1000 * a / c
    counts["per_1000_rest"] = np.where(d > 0, 1000 * b / d.where(d > 0, 1), np.nan)
    counts["g2"] = g2
    counts["log_ratio"] = np.log2(((a + 0.5) / c) / ((b + 0.5) / d.where(d > 0, 1)))
    counts = counts[counts["count"] >= min_count]
    counts = counts.sort_values([by, "g2", "word"], ascending=[True, False, True])
    if top is not None:
        counts = counts[counts["log_ratio"] > 0].groupby(by, sort=False).head(top)
    return counts.reset_index(drop=True)
