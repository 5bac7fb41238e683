"""The resampling shared by the evaluation's intervals: whole transcripts drawn with replacement."""
from __future__ import annotations

import numpy as np
import pandas as pd


def resampled_sums(values: np.ndarray, groups, resamples: int, seed: int) -> np.ndarray:
    """Per-row ``values`` summed over whole groups drawn with replacement.

    Rows of one group (a transcript) share its subjects and speakers, so the groups, not the rows,
    are the independent draws: each resample draws as many groups as there are, with replacement
    (seeded), and sums the values of their rows.

    Parameters
    ----------
    values : ndarray, shape (n_rows, k)
        What each row adds (counts, right or wrong).
    groups : sequence
        The group of each row.
    resamples, seed : int
        How many resamples, and the seed of the draws.

    Returns
    -------
    ndarray, shape (resamples, k)
    """
    codes, uniq = pd.factorize(np.asarray(groups), sort=True)
    per_group = np.zeros((len(uniq), values.shape[1]))
    np.add.at(per_group, codes, values)
    draws = np.random.default_rng(seed).integers(0, len(uniq), size=(resamples, len(uniq)))
    return per_group[draws].sum(1)
