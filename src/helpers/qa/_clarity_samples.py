"""Answers of real briefings coded by hand on the project's clarity rules: where they are and how
they are read (``annotations/clarity_archive*.csv``).

The model is trained on the samples of :data:`ARCHIVE_PATHS`
(:func:`helpers.qa._clarity_train.load_archive`); :mod:`helpers.evaluation.clarity` checks it on the
others.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import ANNOTATIONS_DIR
from ..errors import InputError
from ._markers import CLARITY, TYPES

#: Answer turns of 24 White House briefings, coded by hand on the seeds' clarity rules
#: (``annotations/clarity_archive.md``): the first sample, and the default of :func:`read_archive_sample`.
ARCHIVE_PATH = ANNOTATIONS_DIR / "clarity_archive.csv"

#: The samples the clarity model's ``project`` head is trained on: the first two (the second was the
#: out-of-sample check of the model trained on the first alone, and scored once so before it joined).
ARCHIVE_PATHS = (ARCHIVE_PATH, ANNOTATIONS_DIR / "clarity_archive2.csv")

#: Columns of a hand-coded sample.
ARCHIVE_COLUMNS = ["file", "source_url", "date", "turn", "label", "question_turns", "question", "answer",
                   "clarity", "clarity_type", "evidence", "note"]


def read_archive_sample(path: str | Path | None = None) -> pd.DataFrame:
    """A sample of hand-coded briefing answers (default :data:`ARCHIVE_PATH`), checked: the columns,
    a class of :data:`helpers.qa.CLARITY` and a type of that class on every row; an error names the
    file and row."""
    path = Path(path or ARCHIVE_PATH)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ARCHIVE_COLUMNS if c not in df.columns]
    if missing:
        raise InputError(path.name, f"missing columns {', '.join(missing)}")
    for i, (c, t) in enumerate(zip(df["clarity"], df["clarity_type"]), start=2):
        if c not in CLARITY or TYPES.get(t) != c:
            raise InputError(path.name, f"clarity {c!r} with type {t!r} is not in the scheme", line=i)
    df["turn"] = df["turn"].astype(int)
    return df


def sample_paths(paths=None) -> list[Path]:
    """``paths`` as a list of files: one file or a sequence of them; default :data:`ARCHIVE_PATHS`."""
    if paths is None:
        return list(ARCHIVE_PATHS)
    return [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]


def read_archive_samples(paths=None) -> pd.DataFrame:
    """The samples of ``paths`` (:func:`sample_paths`) read by :func:`read_archive_sample`, one after
    the other, with a fresh index."""
    return pd.concat([read_archive_sample(p) for p in sample_paths(paths)], ignore_index=True)
