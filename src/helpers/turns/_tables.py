"""Tables of inferred turns for reading.
"""
from __future__ import annotations

import pandas as pd


def _excerpt(text: str, head: int = 14, tail: int = 6) -> str:
    words = text.split()
    if len(words) <= head + tail + 1:
        return " ".join(words)
    return " ".join(words[:head]) + " … " + " ".join(words[-tail:])


def captions_turns(corpus) -> pd.DataFrame:
    """A readable table of the inferred turns of every captions event in a corpus.

    Parameters
    ----------
    corpus : helpers.Corpus

    Returns
    -------
    pandas.DataFrame
        ``event_id, turn, speaker, role, act, confidence, low_confidence, n_words, excerpt``
        (the first and last words of the turn); empty if no event is of kind captions.
    """
    cols = ["event_id", "turn", "speaker", "role", "act", "confidence", "low_confidence", "n_words", "excerpt"]
    ids = corpus.events.loc[corpus.events["kind"] == "captions", "event_id"]
    u = corpus.utterances[corpus.utterances["event_id"].isin(ids) & corpus.utterances["attribution"].eq("inferred")]
    if u.empty:
        return pd.DataFrame(columns=cols)
    out = u.assign(excerpt=u["text"].map(_excerpt), confidence=u["confidence"].round(2))
    return out[cols].reset_index(drop=True)
