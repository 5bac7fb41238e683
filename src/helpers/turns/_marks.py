"""Speaker-change marks of broadcast captions (``>>``) as evidence for the captions model.

US broadcast captions (CEA-608 style: C-SPAN, cable news) put ``>>`` before the words of each
new speaker, and ``>>>`` before a new story. When a captions text carries such marks, the
trained method (:mod:`._model`) uses them in three simple steps:

1. **The text is read as if unmarked.** Every mark is replaced by spaces of the same length
   (:func:`blank_marks`), so that sentences, units and features are those of the text without
   marks and every offset stays the same. The marks stay in the transcript's text and in the
   inferred turns.
2. **A unit starts at every mark** (:func:`cut_at_marks`): a unit cut in two, or the unit the
   mark stands before, which then takes the mark and the space before its first word. Such a
   unit is ``mark = True``.
3. **The transitions** (:func:`mark_transitions`): before a marked unit every change of role gains
   :data:`MARK_BONUS` on the log scale; before an unmarked unit every change of role loses
   :data:`UNMARKED_COST` times the share of the expected speaker changes that the text marks
   (:func:`mark_coverage`: marks counted against one change per :data:`WORDS_PER_CHANGE` words,
   at most 1). A text marked throughout then keeps each role between its marks; a text with
   one stray mark is hardly changed. A mark does not force a change of role: two reporters in a
   row, or two officials, are a change of speaker within one role (7% of the speaker changes in
   the training files). The turns are cut at every mark, so such a change still starts a turn.

A text without marks takes none of these steps: its turns are the same as without this module.
The two constants were chosen on the archive's validation files with marks inserted at the true
speaker changes (all of them, and 70%), never on the held-out files
(:mod:`helpers.evaluation.marks`).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: A speaker-change mark: two or more ``>`` at the start of a word.
MARK = re.compile(r"(?<!\S)>{2,}")


#: Log-score added to every change of role before a marked unit.
MARK_BONUS = 12.0


#: Log-score taken from every change of role before an unmarked unit of a text marked throughout.
UNMARKED_COST = 5.0


#: Words per speaker change in the training files of the archive (928,892 words, 13,759 turns in
#: 150 of them: 67.5), rounded: the yardstick of :func:`mark_coverage`.
WORDS_PER_CHANGE = 70


_WORD = re.compile(r"\S+")


def mark_offsets(text: str, start: int = 0, end: int | None = None) -> np.ndarray:
    """Character offsets of the marks in ``text[start:end]``."""
    end = len(text) if end is None else end
    return np.array([m.start() for m in MARK.finditer(text, start, end)], dtype=int)


def blank_marks(text: str, start: int = 0, end: int | None = None) -> tuple[str, np.ndarray]:
    """``text`` with each mark of ``text[start:end]`` replaced by as many spaces, and the marks' offsets.

    Without marks the same string object comes back."""
    offsets = mark_offsets(text, start, end)
    if not len(offsets):
        return text, offsets
    end = len(text) if end is None else end
    return text[:start] + MARK.sub(lambda m: " " * len(m.group()), text[start:end]) + text[end:], offsets


def cut_at_marks(units: pd.DataFrame, plain: str, offsets) -> pd.DataFrame:
    """Units (of :func:`._features.model_units` on the blanked text ``plain``) cut at every mark.

    A mark inside a unit cuts it: the new unit starts at the mark, with the cut kind ``stop`` if
    the text before ends with a full stop and ``cue`` otherwise. A mark in the white space before
    a unit moves that unit's start back to the mark. Adds ``mark`` (the unit starts at a mark)."""
    units = units.reset_index(drop=True)
    starts = units["start_char"].to_numpy().copy()
    ends = units["end_char"].to_numpy().copy()
    rows = [dict(r) for r in units.to_dict("records")]
    for r in rows:
        r["mark"] = False
    if not len(rows):
        return units.assign(mark=pd.Series(dtype=bool))
    stop = int(ends[-1])
    for p in sorted(int(o) for o in offsets):
        nxt = _WORD.search(plain, p, stop)
        w = nxt.start() if nxt else p
        i = int(np.searchsorted(starts, w, side="right") - 1)
        if i < 0 or p >= stop:
            continue
        if starts[i] >= p:  # the mark stands before the unit's first word: the unit starts at the mark
            if i > 0 and p > starts[i - 1]:
                rows[i - 1]["end_char"] = ends[i - 1] = p
                rows[i]["start_char"] = starts[i] = p
            rows[i]["mark"] = True
            continue
        new = {**rows[i], "start_char": p, "mark": True,
               "cut": "stop" if plain[starts[i]:p].rstrip().endswith(".") else "cue"}
        rows[i]["end_char"] = p
        rows.insert(i + 1, new)
        starts, ends = np.insert(starts, i + 1, p), np.insert(ends, i + 1, ends[i])
        ends[i] = p
    out = pd.DataFrame(rows, columns=[*units.columns, "mark"])
    return out.astype({c: units[c].dtype for c in units.columns})


def mark_coverage(n_marks: int, n_words: int) -> float:
    """The share of the expected speaker changes of a text of ``n_words`` words that its
    ``n_marks`` marks account for (one change per :data:`WORDS_PER_CHANGE` words), at most 1."""
    if n_marks <= 0 or n_words <= 0:
        return 0.0
    return float(min(1.0, n_marks / max(n_words / WORDS_PER_CHANGE, 1.0)))


def mark_transitions(trans: np.ndarray, marked, coverage: float, bonus: float = MARK_BONUS,
                     cost: float = UNMARKED_COST) -> np.ndarray:
    """Log-transitions ``(n, k, k)`` with the evidence of the marks: every change of role (off the
    diagonal) gains ``bonus`` before a marked unit and loses ``cost * coverage`` before any other
    unit (the first unit's row is left alone)."""
    marked = np.asarray(marked, dtype=bool)
    if not len(trans) or not marked.any():
        return trans
    k = trans.shape[1]
    change = np.where(marked, bonus, -cost * coverage)
    change[0] = 0.0
    return trans + change[:, None, None] * (1.0 - np.eye(k))[None]
