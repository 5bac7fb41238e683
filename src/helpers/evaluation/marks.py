"""A synthetic check of the speaker-change marks (``>>``) of broadcast captions.

No labelled captions with real ``>>`` marks are at hand, so the marks are inserted from the
labels: archive files in caption form (:func:`helpers.turns._archive.caption_form`) get ``>>``
before the words of each new speaker (:func:`helpers.turns._archive.insert_marks`), at all the true
speaker changes, at 70% of them (seeded) and at none. The trained method then infers the turns
without a catalog twice: as before, reading the marks as any other characters (``today``), and
with the marks as evidence (``marks``, :mod:`helpers.turns._marks`). The measures are those of
:mod:`helpers.evaluation.archive` (word level, pooled over files; the marks are not words).

This checks the mechanism, not its score on real marked captions: real captioners miss marks,
put them in odd places and their captions differ from stripped transcripts.

:func:`choose` scores the two constants of the marks on the archive's validation files (never
trained on, not held out); :func:`mark_scores` reports on the held-out files.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..turns import infer_turns
from ..turns._archive import caption_form, insert_marks, split_files
from ..turns._marks import mark_coverage, mark_transitions
from ..turns._model import ROLES, load_model, viterbi
from .archive import doc_scores, map_files, summarise
from .turns import word_labels

#: Shares of the true speaker changes marked.
SHARES = (1.0, 0.7, 0.0)


#: At most this many files of a part are used (the first of the part's order).
MAX_FILES = 40


#: Grid of :func:`choose`: bonus of a change at a mark, cost of a change elsewhere.
BONUSES = (1.0, 2.0, 3.0, 5.0, 8.0, 12.0)


COSTS = (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0)


def _roles_of(text: str, turns: pd.DataFrame, words: pd.DataFrame) -> np.ndarray:
    """Predicted role of each word of the truth (the marks, which are not words, left out)."""
    lab = word_labels(text, turns, columns=("role",))
    return lab.set_index("start_char").loc[words["start_char"].to_numpy(), "role"].to_numpy(dtype=object)


def file_scores(path: str | Path, shares=SHARES, fragment: bool = False) -> dict:
    """Counts of the majority baseline, of the model reading the marks as text (``today``) and of
    the model with the marks (``marks``) on one archive file, per share of marked changes."""
    text, words, turns = caption_form(path, fragment=fragment)
    out = {"file": Path(path).name}
    for share in shares:
        mtext, mwords, n = insert_marks(path, text, words, turns, share)
        truth = mwords["role"].to_numpy(dtype=object)
        row = {"n_marks": n, "majority": doc_scores(truth, np.full(len(truth), "principal", dtype=object))}
        for name, use in (("today", False), ("marks", True)):
            row[name] = doc_scores(truth, _roles_of(mtext, infer_turns(mtext, pd.DataFrame(), marks=use), mwords))
        out[share] = row
    return out


def _files(archive, part: str, max_files: int) -> list[Path]:
    files = split_files(archive)[part]
    return files[:max_files] if max_files else files


def mark_scores(archive: str | Path, part: str = "held_out", max_files: int = MAX_FILES, shares=SHARES,
                processes: int = 2, fragment: bool = False) -> dict:
    """Scores per share of marked changes: ``{share: {"marks": n, "majority"|"today"|"marks": summary}}``
    on the first ``max_files`` files of ``part`` (:func:`helpers.turns._archive.split_files`)."""
    files = _files(archive, part, max_files)
    score = partial(file_scores, shares=tuple(shares), fragment=fragment)
    per_file = [f for f in map_files(score, files, processes, chunksize=2) if f[shares[0]]["majority"]["n"]]
    return {share: {"n_marks": sum(f[share]["n_marks"] for f in per_file),
                    **{k: summarise([f[share][k] for f in per_file]) for k in ("majority", "today", "marks")}}
            for share in shares}


def _grid_file(path: Path, shares, bonuses, costs) -> dict:
    """Counts of each (bonus, cost) on one file, per share (the units and classifier computed once)."""
    model = load_model()
    text, words, turns = caption_form(path)
    out = {}
    for share in shares:
        mtext, mwords, _ = insert_marks(path, text, words, turns, share)
        truth = mwords["role"].to_numpy(dtype=object)
        units = model.units(mtext)
        x = model.features(units)
        emit = model.emissions(model.stacked_log_proba(model.unit_log_proba(x), units))
        base = model.transitions(units.assign(mark=False), x)
        marked = units["mark"].to_numpy(dtype=bool)
        coverage = mark_coverage(int(marked.sum()), int(units["n_words"].sum()))
        idx = np.searchsorted(units["start_char"].to_numpy(), mwords["start_char"].to_numpy(), side="right") - 1
        for b in bonuses:
            for c in costs:
                path_ = viterbi(emit, mark_transitions(base, marked, coverage, b, c))[0]
                pred = np.array(ROLES, dtype=object)[path_][idx]
                out[(share, b, c)] = doc_scores(truth, pred)
    return out


def choose(archive: str | Path, max_files: int = MAX_FILES, shares=(1.0, 0.7), bonuses=BONUSES, costs=COSTS,
           processes: int = 2) -> pd.DataFrame:
    """The validation files' scores of each bonus and cost, per share and averaged over the shares
    (``criterion``: role accuracy plus reporter-vs-other accuracy plus floor-change F1, the training's
    criterion), best first. On the first ``max_files`` validation files, never the held-out ones."""
    files = _files(archive, "validation", max_files)
    score = partial(_grid_file, shares=tuple(shares), bonuses=tuple(bonuses), costs=tuple(costs))
    per_file = map_files(score, files, processes, chunksize=2)
    rows = []
    for b in bonuses:
        for c in costs:
            row = {"bonus": b, "cost": c}
            crit = 0.0
            for share in shares:
                s = summarise([f[(share, b, c)] for f in per_file])
                row.update({f"{k}@{share}": s[k] for k in ("role_accuracy", "reporter_accuracy", "floor_f1")})
                crit += s["role_accuracy"] + s["reporter_accuracy"] + s["floor_f1"]
            row["criterion"] = crit / len(shares)
            rows.append(row)
    return pd.DataFrame(rows).sort_values(["criterion", "bonus", "cost"], ascending=[False, True, True],
                                          ignore_index=True)
