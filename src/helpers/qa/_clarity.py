"""Answer clarity per answer turn, and its shares.
"""
from __future__ import annotations

import pandas as pd

from ._exchanges import answer_turn_table
from ._markers import CLARITY, classify_answer, load_markers


def answer_clarity(utterances: pd.DataFrame, exchanges: pd.DataFrame | None = None,
                   markers: dict | None = None) -> pd.DataFrame:
    """Clarity of every answer turn.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances``.
    exchanges : DataFrame, optional
        From :func:`helpers.qa.build_exchanges`; its ``answer_turns`` name the answer turns.
        Without it, the turns with ``act == "answer"`` are used.
    markers : dict, optional
        From :func:`load_markers`.

    Returns
    -------
    DataFrame
        One row per answer turn: ``event_id, turn, speaker, exchange, clarity, clarity_type,
        evidence, evidence_start, evidence_end, marker_class, n_content_words`` (offsets
        index into the turn's ``text``; ``exchange`` is -1 without exchanges).
    """
    markers = markers or load_markers()
    cols = ["event_id", "turn", "speaker", "exchange", "clarity", "clarity_type", "evidence", "evidence_start",
            "evidence_end", "marker_class", "n_content_words"]
    if exchanges is not None:

        keys = answer_turn_table(exchanges)
    else:
        keys = utterances.loc[utterances["act"].eq("answer"), ["event_id", "turn"]].assign(exchange=-1)
    if keys.empty:
        return pd.DataFrame(columns=cols)
    turns = keys.merge(utterances[["event_id", "turn", "speaker", "text"]], on=["event_id", "turn"], how="left",
                       validate="one_to_one")
    decided = pd.DataFrame([classify_answer(t, markers) for t in turns["text"].fillna("")], index=turns.index)
    out = pd.concat([turns.drop(columns="text"), decided], axis=1)
    out["exchange"] = out["exchange"].astype(int)
    return out[cols].sort_values(["event_id", "turn"]).reset_index(drop=True)


def add_clarity(utterances: pd.DataFrame, clarity: pd.DataFrame) -> pd.DataFrame:
    """``utterances`` with the ``clarity`` and ``clarity_type`` columns of answer turns (NA elsewhere)."""
    cols = ["event_id", "turn", "clarity", "clarity_type"]
    base = utterances.drop(columns=[c for c in ("clarity", "clarity_type") if c in utterances])
    return base.merge(clarity[cols], on=["event_id", "turn"], how="left", validate="one_to_one")


def clarity_shares(clarity: pd.DataFrame, by: list[str] | str = "event_id") -> pd.DataFrame:
    """Share of answer turns in each clarity class, in long form.

    Parameters
    ----------
    clarity : DataFrame
        From :func:`answer_clarity`.
    by : str or list of str
        Grouping columns, e.g. ``["event_id", "speaker"]``.

    Returns
    -------
    DataFrame
        ``<by>..., clarity, n, n_answers, share`` with every class present (zero counts kept).
    """
    by = [by] if isinstance(by, str) else list(by)
    cols = [*by, "clarity", "n", "n_answers", "share"]
    if clarity.empty:
        return pd.DataFrame(columns=cols)
    c = clarity.assign(clarity=pd.Categorical(clarity["clarity"], categories=list(CLARITY)))
    n = c.groupby(by + ["clarity"], observed=False).size().rename("n").reset_index()
    n["n_answers"] = n.groupby(by)["n"].transform("sum")
    n = n[n["n_answers"] > 0]
    n["share"] = n["n"] / n["n_answers"]
    n["clarity"] = n["clarity"].astype(str)
    return n[cols].reset_index(drop=True)
