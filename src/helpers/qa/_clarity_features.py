"""Features of (question, answer) pairs for the trained clarity model (:mod:`._clarity_model`).

Every column has a readable name:

* ``m:`` the clarity markers of the rule-based classifier (which marker classes and patterns
  fire, anywhere or in the answer's opening) and ``rule:`` the rules' decision emulated from
  those markers;
* ``a:`` word 1-2 grams of the answer's first :data:`OPENING_WORDS` words and ``A:`` word
  unigrams of the whole answer (TF-IDF);
* ``q:`` word 1-2 grams of the question (TF-IDF);
* ``c:`` character 2-5 grams of the words of the answer's opening (TF-IDF; each word padded
  with a space on either side, so ``c: no `` is the word "no" on its own);
* ``x:`` the question's kind crossed with the answer's first word and with its length band
  (``x:yes_no&no``, ``x:what&len5``): how a question of that kind was met;
* ``r:`` the relation of question and answer: share of the question's content words in the
  answer, TF-IDF cosine, a yes/no question answered with yes/no, the wh-question's focus word
  echoed, length buckets, hedges and first-person refusals;
* ``f:`` the question's form: yes/no, wh-word, several parts, negative interrogative.

The ``r:`` and ``f:`` features and the tokens come from :mod:`._clarity_text`, which reads each
distinct question and answer of a call once; the TF-IDF rows are computed for the distinct texts
and repeated for their pairs.

Floats stored with a model are rounded to :data:`SIG_DIGITS` significant digits, so a saved
and reloaded model predicts exactly like the fitted one.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from ._clarity_text import (  # noqa: F401 - the text side's public names are read from here too
    _APOS,
    _RELATION_NAMES,
    HEDGES,
    OPENING_WORDS,
    REFUSALS,
    TextCache,
    _cosine,
    _norm,
    _relation_row,
    _tokens,
    answer_idf,
    content_vector,
    question_kind,
    question_parts,
    relation_row,
    vector_cosine,
)
from ._markers import CLARITY, TYPES, content_word_count, load_markers, marker_matches

#: Version of the feature definitions; a saved model with another version is refused.
FEATURE_VERSION = "clarity-features-4"
#: Significant digits kept for every stored float.
SIG_DIGITS = 6


def _ngrams(tokens: list[str], n_max: int) -> list[str]:
    out = list(tokens)
    for n in range(2, n_max + 1):
        if n == 2:
            out += [a + " " + b for a, b in zip(tokens, tokens[1:])]
        else:
            out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return out


def _round(x: float) -> float:
    """``x`` rounded to :data:`SIG_DIGITS` significant digits."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"cannot store {x}")
    return float(f"{x:.{SIG_DIGITS}g}") if x else 0.0


_round_array = np.vectorize(_round, otypes=[float])


# --------------------------------------------------------------------------- text blocks
#: The sparse blocks: prefix -> (text side, kind, opening words only). Kind: word n-grams up to
#: that length, ``"char"`` character n-grams of words, ``"cross"`` question kind x answer opening.
BLOCKS = {"a": ("answer", 2, True), "A": ("answer", 1, False), "q": ("question", 2, False),
          "c": ("answer", "char", True), "x": ("pair", "cross", True)}
#: Lengths of the ``c:`` character n-grams.
CHAR_NGRAMS = (2, 5)
#: Opening words of an answer skipped before its first word for the ``x:`` features.
_FILLERS = frozenset({"well", "and", "so", "look", "oh", "sir", "but", "now"})


@lru_cache(maxsize=1 << 16)
def _word_char_grams(t: str) -> tuple[str, ...]:
    """The character n-grams of one word (with a space each side), shortest first."""
    w = f" {t} "
    lo, hi = CHAR_NGRAMS
    return tuple(w[i:i + n] for n in range(lo, hi + 1) for i in range(len(w) - n + 1))


def _char_grams(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        out += _word_char_grams(t)  # words repeat: each word's grams are made once
    return out


def _cross_terms(qn: str, a_tok: list[str], kind: str | None = None) -> list[str]:
    kind = kind or question_kind(qn)
    first = next((t for t in a_tok[:4] if t not in _FILLERS), "-")
    return [f"{kind}&{first}", f"{kind}&len{min(int(math.log2(len(a_tok) + 1)), 10)}"]


def _block_terms(prefix: str, q_norm: list[str], q_tokens: list[list[str]],
                 a_tokens: list[list[str]]) -> list[list[str]]:
    side, kind, opening = BLOCKS[prefix]
    if kind == "cross":
        return [_cross_terms(q, a) for q, a in zip(q_norm, a_tokens)]
    toks = q_tokens if side == "question" else a_tokens
    if opening:
        toks = [t[:OPENING_WORDS] for t in toks]
    if kind == "char":
        return [_char_grams(t) for t in toks]
    return [_ngrams(t, kind) for t in toks]


def fit_vocabulary(questions, answers, min_df: dict | None = None, max_terms: dict | None = None) -> dict:
    """Vocabulary and inverse document frequencies of the n-gram blocks.

    Parameters
    ----------
    questions, answers : sequence of str
        Training pairs.
    min_df : dict, optional
        Block prefix -> minimum number of documents a term must occur in (default 3).
    max_terms : dict, optional
        Block prefix -> maximum number of terms kept, the most frequent first (default
        ``{"a": 5000, "A": 3000, "q": 1500, "c": 3000, "x": 500}``).

    Returns
    -------
    dict
        Block prefix -> ``{"terms": [...], "idf": [...]}`` (smoothed idf, rounded).
    """
    min_df = {"a": 3, "A": 3, "q": 3, "c": 3, "x": 3, **(min_df or {})}
    max_terms = {"a": 5000, "A": 3000, "q": 1500, "c": 3000, "x": 500, **(max_terms or {})}
    q_norm = [_norm(q) for q in questions]
    q_tok = [_tokens(q) for q in q_norm]
    a_tok = [_tokens(_norm(a)) for a in answers]
    n_docs = len(a_tok)
    vocab = {}
    for prefix in BLOCKS:
        df = Counter()
        for terms in _block_terms(prefix, q_norm, q_tok, a_tok):
            df.update(set(terms))
        kept = sorted((t for t, c in df.items() if c >= min_df[prefix]), key=lambda t: (-df[t], t))
        kept = sorted(kept[:max_terms[prefix]])
        idf = [_round(math.log((1 + n_docs) / (1 + df[t])) + 1.0) for t in kept]
        vocab[prefix] = {"terms": kept, "idf": idf}
    return vocab


def _tfidf_block(docs: list[list[str]], terms: list[str], idf: list[float]) -> sp.csr_matrix:
    """The TF-IDF rows (sublinear tf, unit length) of documents given as lists of terms."""
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    flat = [t for d in docs for t in d]
    index = {t: i for i, t in enumerate(terms)}
    cols = np.fromiter(map(index.get, flat, itertools.repeat(-1, len(flat))), dtype=np.int64, count=len(flat))
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    keep = cols >= 0
    return _tfidf_rows(rows[keep], cols[keep], len(docs), idf)


_CHAR_COLUMNS: dict = {}


def _char_columns(terms: list[str]) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The column of each term of a ``c:`` vocabulary and, filled as words come, each word's
    columns: kept for the vocabulary of the latest call (a model scores its batches with one)."""
    hit = _CHAR_COLUMNS.get(id(terms))
    if hit is None or hit[0] is not terms:
        _CHAR_COLUMNS.clear()
        hit = _CHAR_COLUMNS[id(terms)] = (terms, {t: i for i, t in enumerate(terms)}, {})
    return hit[1], hit[2]


def _char_block(token_docs: list[list[str]], terms: list[str], idf: list[float]) -> sp.csr_matrix:
    """:func:`_tfidf_block` of the character n-grams of the words of ``token_docs`` (each word's
    columns looked up once)."""
    index, known = _char_columns(terms)
    cols: list[int] = []
    lengths = []
    for toks in token_docs:
        n0 = len(cols)
        for w in toks:
            c = known.get(w)
            if c is None:
                c = known[w] = [i for i in map(index.get, _word_char_grams(w)) if i is not None]
            cols += c
        lengths.append(len(cols) - n0)
    rows = np.repeat(np.arange(len(token_docs), dtype=np.int64), np.asarray(lengths, dtype=np.int64))
    return _tfidf_rows(rows, np.asarray(cols, dtype=np.int64), len(token_docs), idf)


def _tfidf_rows(rows: np.ndarray, cols: np.ndarray, n_docs: int, idf: list[float]) -> sp.csr_matrix:
    # (document, term) pairs counted with numpy; the sublinear counts from math.log, as one at a time
    n_terms = len(idf)
    pairs, counts = np.unique(rows * n_terms + cols, return_counts=True)
    sublinear = np.array([1.0 + math.log(k) for k in range(1, int(counts.max(initial=0)) + 1)])
    data = sublinear[counts - 1] if len(counts) else np.zeros(0)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(pairs // max(n_terms, 1), minlength=n_docs))])
    m = sp.csr_matrix((data, (pairs % max(n_terms, 1)).astype(np.int64), indptr.astype(np.int64)),
                      shape=(n_docs, n_terms))
    m = m @ sp.diags(np.asarray(idf, dtype=float)) if n_terms else m
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


# --------------------------------------------------------------------------- marker block
def _marker_names(markers: dict) -> list[str]:
    names = []
    for cls, spec in markers["classes"].items():
        names += [f"m:{cls}", f"m:{cls}@opening", f"m:{cls}@short"]
        names += [f"m:{cls}#{i}" for i in range(len(spec["patterns"]))]
    names += ["m:explicit_opening", "m:none"]
    names += [f"rule:{c}" for c in CLARITY]
    names += [f"rule:{t}" for t in TYPES]
    return names


def _marker_row(text: str, markers: dict) -> tuple[dict, list[str]]:
    """Marker features of one answer (original text, case-insensitive patterns)."""
    feats: dict[str, float] = {}
    spans: list[tuple[int, int, str, str]] = []
    opening_end = 0
    for k, m in enumerate(re.finditer(r"\S+", text)):
        opening_end = m.end()
        if k + 1 >= OPENING_WORDS:
            break
    for start, end, cls, i, span in marker_matches(text, markers):
        spans.append((start, end, cls, span))
        feats[f"m:{cls}#{i}"] = 1.0
        feats[f"m:{cls}"] = feats.get(f"m:{cls}", 0.0) + 1.0
        if start < opening_end:
            feats[f"m:{cls}@opening"] = 1.0
    spans.sort()
    for k in [k for k in feats if k.count("#") == 0 and "@" not in k]:
        feats[k] = math.log1p(feats[k])
    stripped = text.lstrip()
    off = len(text) - len(stripped)
    opening = None
    for pat in markers["explicit_opening"]:
        m = pat.search(stripped)
        if m and not any(s < off + m.end() and e > off + m.start() for s, e, _, _ in spans):
            opening = m
            break
    if opening:
        feats["m:explicit_opening"] = 1.0
    classes = markers["classes"]
    if not spans:
        feats["m:none"] = 1.0
    caveats_only = bool(spans) and all(classes[c]["with_content"] is None for _, _, c, _ in spans)
    # the rules' decision, emulated: the words left once the sentences holding a marker are
    # withheld (up to a later "but"), counted as the rules count them (only where a marker fired)
    if (spans and content_word_count(text, [s for s, _, _, _ in spans]) < markers["min_content_words"]
            and not (caveats_only and opening)):
        for _, _, c, _ in spans:
            feats[f"m:{c}@short"] = 1.0
        rule = ("non_reply", classes[spans[0][2]]["alone"])
    elif opening:
        rule = ("reply", "explicit")
    else:
        eff = [c for _, _, c, _ in spans if classes[c]["with_content"] is not None]
        rule = ("ambivalent", classes[eff[0]]["with_content"]) if eff else ("reply", None)
    feats[f"rule:{rule[0]}"] = 1.0
    if rule[1]:
        feats[f"rule:{rule[1]}"] = 1.0
    fired = [f"{c}: '{s}'" for _, _, c, s in spans]
    return feats, fired


# --------------------------------------------------------------------------- featurise
def feature_names(vocabulary: dict, markers: dict | None = None) -> list[str]:
    """Names of the columns :func:`featurise` returns for ``vocabulary``."""
    markers = markers or load_markers()
    names = _marker_names(markers) + list(_RELATION_NAMES)
    for prefix in BLOCKS:
        names += [f"{prefix}:{t}" for t in vocabulary[prefix]["terms"]]
    return names


def featurise(questions, answers, vocabulary: dict | None = None, markers: dict | None = None,
              return_evidence: bool = False, texts: TextCache | None = None):
    """Features of (question, answer) pairs.

    Parameters
    ----------
    questions, answers : sequence of str
        The questions and the answers to them, of equal length (missing values count as
        empty text).
    vocabulary : dict, optional
        From :func:`fit_vocabulary` (or a fitted model's ``vocabulary``); fitted on these
        pairs when not given.
    markers : dict, optional
        From ``load_markers``; default the project's markers.
    return_evidence : bool
        Also return, per pair, the list of markers that fired.
    texts : TextCache, optional
        The distinct texts already read (for this vocabulary), shared with the caller.

    Returns
    -------
    X : scipy.sparse.csr_matrix
        One row per pair.
    names : list of str
        One name per column (``m:``, ``rule:``, ``r:``, ``f:``, ``a:``, ``A:``, ``q:``, ``c:``,
        ``x:``).
    fired : list of list of str
        Only with ``return_evidence``.
    """
    questions = list(questions)
    answers = list(answers)
    if len(questions) != len(answers):
        raise ValueError(f"{len(questions)} questions but {len(answers)} answers")
    markers = markers or load_markers()
    if vocabulary is None:
        vocabulary = fit_vocabulary(questions, answers)
    names = feature_names(vocabulary, markers)
    dense_names = _marker_names(markers) + list(_RELATION_NAMES)
    col = {n: i for i, n in enumerate(dense_names)}
    texts = texts if texts is not None else TextCache(*answer_idf(vocabulary))
    # each distinct question and answer read once: its tokens, vector and own features
    qn_all = [texts.norm(q) for q in questions]
    an_all = [texts.norm(a) for a in answers]
    q_index: dict[str, int] = {}
    a_index: dict[str, int] = {}
    q_row = np.fromiter((q_index.setdefault(q, len(q_index)) for q in qn_all), dtype=np.int64, count=len(qn_all))
    a_row = np.fromiter((a_index.setdefault(a, len(a_index)) for a in an_all), dtype=np.int64, count=len(an_all))
    q_side = [texts.question(q) for q in q_index]
    a_side = [texts.answer(a) for a in a_index]
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    fired_all = []
    # an answer paired with several questions: its markers once, as columns and values
    marked: dict[str, tuple[list[int], list[float], list[str]]] = {}
    for i, a_raw, qi, ai in zip(range(len(answers)), answers, q_row.tolist(), a_row.tolist()):
        a_raw = a_raw if isinstance(a_raw, str) else ""
        if a_raw not in marked:
            mf, fired = _marker_row(_APOS.sub("'", a_raw), markers)
            marked[a_raw] = ([col[k] for k in mf], list(mf.values()), fired)
        m_cols, m_vals, fired = marked[a_raw]
        rf = relation_row(q_side[qi], a_side[ai])
        rows += [i] * (len(m_cols) + len(rf))
        cols += m_cols
        cols += map(col.__getitem__, rf)
        vals += m_vals
        vals += rf.values()
        fired_all.append(list(fired))
    dense = sp.csr_matrix((np.asarray(vals, dtype=float), (np.asarray(rows, dtype=np.int64),
                                                           np.asarray(cols, dtype=np.int64))),
                          shape=(len(questions), len(dense_names)))
    blocks = [dense]
    q_tok = [texts.tokens(q) for q in q_index]
    a_tok = [texts.tokens(a) for a in a_index]
    for prefix in BLOCKS:
        v = vocabulary[prefix]
        side = BLOCKS[prefix][0]
        if side == "pair":
            kinds = [s.kind for s in q_side]
            docs = [_cross_terms("", a_tok[j], kinds[k]) for k, j in zip(q_row, a_row)]
            blocks.append(_tfidf_block(docs, v["terms"], v["idf"]))
            continue
        # the rows of the distinct texts, each repeated for its pairs (rows are independent)
        if BLOCKS[prefix][1] == "char":
            block = _char_block([t[:OPENING_WORDS] for t in a_tok], v["terms"], v["idf"])
        else:
            block = _tfidf_block(_block_terms(prefix, [], q_tok, a_tok), v["terms"], v["idf"])
        blocks.append(block[q_row if side == "question" else a_row])
    X = sp.hstack(blocks, format="csr")
    X.sort_indices()
    return (X, names, fired_all) if return_evidence else (X, names)
