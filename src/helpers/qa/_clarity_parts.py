"""Sub-question features of the clarity model: one answer read against each question of a turn.

In QEvasion one interview answer is paired with each sub-question of a reporter's multi-part
question and the label belongs to the (sub-question, answer) pair. These ``s:`` features place
THIS sub-question among the sub-questions of the same turn, from text alone:

* ``s:n_parts_log``, ``s:multi``: how many questions the turn asks (log, several);
* ``s:first_of_several``, ``s:last_of_several``: this question's place in the turn;
* ``s:best_part``: the answer's TF-IDF cosine is highest with this question among the turn's;
  ``s:cos_minus_best_other``: its cosine minus the best of the others; ``s:cos_share``: its share
  of the cosines of all;
* ``s:sent_share``: share of the answer's sentences (:func:`helpers.text.split_sentences` with
  ``unspaced``) sharing a content word with some question whose best-matching question is this
  one; ``s:owns_no_sentence`` when none is;
* ``s:sent_cos_max``: the highest cosine of one answer sentence with this question;
  ``s:best_sent_first``: that sentence is the answer's first.

In training the turn's sub-questions are the dataset's rows of the same interview question and
answer (:func:`turn_parts_from_rows`); on users' data and in ``analyse`` they are the turn's
sentences ending in ``?`` (:func:`helpers.qa._clarity_features.question_parts`). :func:`featurise_pairs` adds these columns to
those of :func:`helpers.qa._clarity_features.featurise`.
"""
from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from ._clarity_features import feature_names, featurise
from ._clarity_text import TextCache, answer_idf

#: Names of the sub-question columns, in order (appended after the other features).
PART_NAMES = ["s:n_parts_log", "s:multi", "s:first_of_several", "s:last_of_several", "s:best_part",
              "s:cos_minus_best_other", "s:cos_share", "s:sent_share", "s:owns_no_sentence", "s:sent_cos_max",
              "s:best_sent_first"]
_COL = {n: i for i, n in enumerate(PART_NAMES)}


def part_cosines(answer: str, parts: list[str], idf: dict, max_idf: float,
                 texts: TextCache | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """The cosines of ``answer`` with the questions ``parts`` of one turn: per answer sentence and
    question (sentences x parts), and of the whole answer with each question (only for several
    questions, else None). The same for every position in the turn, so computed once per turn
    (``texts``: the texts already read, for this ``idf``). An answer sharing no content word with
    the questions has one row of zeros."""
    texts = texts if texts is not None else TextCache(idf, max_idf)
    part_vec = [texts.vector(texts.norm(p)) for p in parts] or [texts.vector("")]
    words = set().union(*(p.weights for p in part_vec))
    zeros = [0.0] * len(part_vec)
    if words.isdisjoint(texts.tokens(texts.norm(answer))):
        # no content word in common: every cosine is 0, and one row of zeros stands for all the
        # sentences (:func:`part_row` reads the same features from it)
        return np.array([zeros]), (np.array(zeros) if len(parts) > 1 else None)
    # QEvasion texts often lack the space after a full stop: the sentences are cut ``unspaced``;
    # a sentence sharing no content word with any question has cosine 0 with each
    m = np.array([[p.cosine(texts.vector(s)) for p in part_vec] if not words.isdisjoint(texts.tokens(s)) else zeros
                  for s in texts.sentences(answer)])
    if max(len(parts), 1) == 1:
        return m, None
    a_vec = texts.vector(texts.norm(answer))
    return m, np.array([p.cosine(a_vec) for p in part_vec])


def _turn_stats(m: np.ndarray, whole: np.ndarray | None) -> tuple:
    """What :func:`part_row` reads of a turn's cosines for every position: per question the best
    sentence cosine and its sentence, the sentences it has the best cosine of (among those with
    one above 0), how many sentences have one, and the largest and total whole-answer cosines."""
    has = m.max(axis=1) > 0
    owned = np.bincount(m.argmax(axis=1)[has], minlength=m.shape[1])
    return (m.max(axis=0), m.argmax(axis=0), owned, max(has.sum(), 1),
            None if whole is None else (whole.max(), whole.sum()))


def part_row(answer: str, position: int, parts: list[str], idf: dict, max_idf: float,
             cosines: tuple[np.ndarray, np.ndarray | None] | None = None, stats: tuple | None = None) -> dict:
    """The ``s:`` features of question ``parts[position]`` among ``parts`` for ``answer``
    (``cosines``: :func:`part_cosines` of the answer and parts, ``stats``: :func:`_turn_stats` of
    them, when already computed)."""
    f: dict[str, float] = {}
    n = max(len(parts), 1)
    f["s:n_parts_log"] = math.log(n)
    if n > 1:
        f["s:multi"] = 1.0
        if position == 0:
            f["s:first_of_several"] = 1.0
        if position == n - 1:
            f["s:last_of_several"] = 1.0
    m, whole = cosines if cosines is not None else part_cosines(answer, parts, idf, max_idf)
    best, best_at, owned, n_has, whole_stats = stats if stats is not None else _turn_stats(m, whole)
    f["s:sent_cos_max"] = float(best[position])
    if best[position] > 0 and int(best_at[position]) == 0:
        f["s:best_sent_first"] = 1.0
    if n > 1:
        whole_max, total = whole_stats
        f["s:cos_minus_best_other"] = float(whole[position] - np.delete(whole, position).max())
        if whole_max > 0 and whole[position] >= whole_max:
            f["s:best_part"] = 1.0
        f["s:cos_share"] = float(whole[position] / total) if total > 0 else 1.0 / n
        f["s:sent_share"] = float(owned[position] / n_has)
        if not owned[position]:
            f["s:owns_no_sentence"] = 1.0
    return {k: v for k, v in f.items() if v != 0.0}


def featurise_pairs(questions, answers, vocabulary: dict, markers: dict, return_evidence: bool = False,
                    turns=None):
    """:func:`featurise` plus the ``s:`` sub-question columns.

    Parameters
    ----------
    questions, answers : sequence of str
        The (sub-question, answer) pairs.
    vocabulary, markers : dict
        As for :func:`featurise`.
    return_evidence : bool
        Also return the markers that fired per pair.
    turns : sequence of (int, list of str), optional
        Per pair: the position of its question among the questions of its turn, and those
        questions. Default: each question alone (``(0, [question])``).

    Returns
    -------
    As :func:`featurise`, with :data:`PART_NAMES` appended to the columns.
    """
    questions, answers = list(questions), list(answers)
    idf, max_idf = answer_idf(vocabulary)
    texts = TextCache(idf, max_idf)  # each distinct text read once for both
    out = featurise(questions, answers, vocabulary, markers, return_evidence=return_evidence, texts=texts)
    turns = list(turns) if turns is not None else [(0, [q]) for q in questions]
    if len(turns) != len(questions):
        raise ValueError(f"{len(questions)} questions but {len(turns)} turns")
    rows, cols, vals = [], [], []
    seen: dict = {}  # (answer, the turn's questions) -> their cosines and stats, shared by the turn's questions
    for i, ((pos, parts), a) in enumerate(zip(turns, answers)):
        parts = list(parts)
        key = (a if isinstance(a, str) else "", tuple(parts))
        if key not in seen:
            cosines = part_cosines(a, parts, idf, max_idf, texts)
            seen[key] = (cosines, _turn_stats(*cosines))
        for k, v in part_row(a, pos, parts, idf, max_idf, *seen[key]).items():
            rows.append(i)
            cols.append(_COL[k])
            vals.append(v)
    block = sp.csr_matrix((np.asarray(vals, dtype=float), (np.asarray(rows, dtype=np.int64),
                                                           np.asarray(cols, dtype=np.int64))),
                          shape=(len(questions), len(PART_NAMES)))
    X = sp.hstack([out[0], block], format="csr")
    X.sort_indices()
    names = out[1] + PART_NAMES
    return (X, names, out[2]) if return_evidence else (X, names)


def all_feature_names(vocabulary: dict, markers: dict) -> list[str]:
    """Names of the columns :func:`featurise_pairs` returns."""
    return feature_names(vocabulary, markers) + PART_NAMES


def turn_parts_from_rows(keys, questions, orders) -> list[tuple[int, list[str]]]:
    """Training rows' turns: the rows sharing a key (news conference, interview question and
    answer) are the sub-questions of one turn, ordered by ``orders`` (QEvasion ``question_order``)
    then row order. Returns per row ``(position, sub-questions)``."""
    keys, questions, orders = list(keys), list(questions), list(orders)
    members: dict = {}
    for i, k in enumerate(keys):
        members.setdefault(k, []).append(i)
    out: list = [None] * len(keys)
    for idx in members.values():
        idx = sorted(idx, key=lambda i: (orders[i], i))
        parts = [questions[i] for i in idx]
        for pos, i in enumerate(idx):
            out[i] = (pos, parts)
    return out


def shared_answer_runs(answers) -> list[list[int]]:
    """Rows that answer one turn, when no turn text is given: runs of consecutive rows whose
    answer text is the same and not blank (as in QEvasion, where one interview answer is repeated
    on the row of each sub-question of the reporter's turn). Returns the runs of two rows or more,
    each a list of row positions in file order; every other row stands alone."""
    answers = ["" if not isinstance(a, str) else a for a in answers]
    runs, start = [], 0
    for i in range(1, len(answers) + 1):
        if i == len(answers) or answers[i] != answers[start] or not answers[start].strip():
            if i - start >= 2 and answers[start].strip():
                runs.append(list(range(start, i)))
            start = i
    return runs
