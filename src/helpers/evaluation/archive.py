"""Out-of-sample evaluation of the captions methods on held-out archive files.

Labelled briefing transcripts of the archive's held-out fifth (:func:`helpers.turns._archive.split_files`,
never trained on) are put into caption form (:func:`helpers.turns._archive.caption_form`) and each
method infers the turns with no catalog. Scores are word-level and pooled over files:

* ``role_accuracy``: principal / reporter / moderator right;
* ``reporter_accuracy``: reporter vs anyone else right (the turn-taking that matters for
  question-and-answer analysis);
* floor changes (a change between a reporter and anyone else): precision, recall and F1, a
  predicted change within :data:`helpers.evaluation.turns.BOUNDARY_TOLERANCE` words of a true
  one counting, one to one.

The majority baseline calls every word non-reporter. With ``fragment=True`` the held-out files are
put into caption form with imitated interpretation (some turns as short broken fragments, as in the
captions of joint events with an interpreter; :func:`helpers.turns._archive.caption_form`).
"""
from __future__ import annotations

from functools import partial
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd

from ..turns import infer_turns
from ..turns._archive import caption_form, split_files
from .turns import boundary_scores, pooled_prf, word_labels

#: The methods compared on held-out files (besides the majority baseline).
METHODS = ("model", "hand")


def floor_changes(is_reporter) -> np.ndarray:
    """Word positions where the floor passes between a reporter and anyone else."""
    r = np.asarray(is_reporter, dtype=bool)
    return np.flatnonzero(r[1:] != r[:-1]) + 1


def doc_scores(truth, pred) -> dict:
    """Counts behind the scores of one document (word roles as strings)."""
    truth, pred = np.asarray(truth, dtype=object), np.asarray(pred, dtype=object)
    tr, pr = truth == "reporter", pred == "reporter"
    b = boundary_scores(floor_changes(tr), floor_changes(pr))
    return {"n": int(len(truth)), "role_correct": int((truth == pred).sum()), "rep_correct": int((tr == pr).sum()),
            "n_gold": b["n_gold_boundaries"], "n_pred": b["n_pred_boundaries"], "n_matched": b["n_matched"]}


def map_files(score, files: list, processes: int, chunksize: int = 4) -> list:
    """``score`` of each file, in order: in ``processes`` worker processes, or in this one when
    ``processes`` is 1."""
    if processes > 1:
        with Pool(processes) as pool:
            return pool.map(score, files, chunksize=chunksize)
    return [score(p) for p in files]


def summarise(rows: list[dict]) -> dict:
    """Scores pooled over documents: role and reporter-vs-other accuracy, floor-change P/R/F1."""
    n = sum(r["n"] for r in rows)
    g, p, m = (sum(r[k] for r in rows) for k in ("n_gold", "n_pred", "n_matched"))
    prec, rec, f1 = pooled_prf(m, g, p)
    return {"files": len(rows), "words": n,
            "role_accuracy": sum(r["role_correct"] for r in rows) / n if n else float("nan"),
            "reporter_accuracy": sum(r["rep_correct"] for r in rows) / n if n else float("nan"),
            "floor_precision": prec, "floor_recall": rec,
            "floor_f1": f1, "floor_changes": g}


def file_scores(path: str | Path, methods=METHODS, fragment: bool = False) -> dict:
    """Counts of each method and of the majority baseline on one archive file in caption form
    (with imitated interpretation if ``fragment``)."""
    text, words, _ = caption_form(path, fragment=fragment)
    truth = words["role"].to_numpy(dtype=object)
    out = {"file": Path(path).name, "majority": doc_scores(truth, np.full(len(truth), "principal", dtype=object))}
    for method in methods:
        turns = infer_turns(text, pd.DataFrame(), method=method)
        out[method] = doc_scores(truth, word_labels(text, turns, columns=("role",))["role"].to_numpy(dtype=object))
    return out


def held_out_scores(archive: str | Path, max_files: int = 0, processes: int = 2, methods=METHODS,
                    fragment: bool = False) -> dict:
    """Scores of each method and the majority baseline on the held-out archive files.

    Parameters
    ----------
    archive : str or Path
        The archive folder (``YYYY-MM/*.md``).
    max_files : int
        Evaluate only the first ``max_files`` held-out files (0: all).
    processes : int
        Worker processes (the result does not depend on it).
    methods : tuple of str
        The methods scored (default :data:`METHODS`).
    fragment : bool
        Imitate interpretation in the caption form.

    Returns
    -------
    dict
        ``{method: summary}`` for ``majority`` and each of ``methods`` (see :func:`summarise`).
    """
    files = split_files(archive)["held_out"]
    files = files[:max_files] if max_files else files
    score = partial(file_scores, methods=tuple(methods), fragment=fragment)
    per_file = [f for f in map_files(score, files, processes, chunksize=4) if f["majority"]["n"]]
    return {k: summarise([f[k] for f in per_file]) for k in ("majority", *methods)}
