"""Counts that describe a loaded corpus: per event, per role, and the lossless tiling check.
"""
from __future__ import annotations

import pandas as pd

from ._labels import ROLE_ORDER
from ._loader import Corpus


def event_counts(corpus: Corpus) -> pd.DataFrame:
    """Per-event counts: turns, words, questions, speakers, sentences, bracketed notes.

    Returns
    -------
    DataFrame
        One row per event (in corpus order) with ``event_id, date, kind, turns, words,
        sentences, questions, answers, speakers, interrupted, notes``.
    """
    u = corpus.utterances
    g = u.groupby("event_id", sort=False)
    out = pd.DataFrame({
        "turns": g.size(),
        "words": g["n_words"].sum(),
        "questions": g["act"].agg(lambda s: int((s == "question").sum())),
        "answers": g["act"].agg(lambda s: int((s == "answer").sum())),
        "speakers": g["speaker"].nunique(),
        "interrupted": g["interrupted"].sum().astype(int),
        "notes": g["n_notes"].sum(),
    })
    out["sentences"] = corpus.sentences.groupby("event_id", sort=False).size()
    ev = corpus.events.set_index("event_id")[["date", "kind"]]
    out = ev.join(out, how="left").fillna(0)
    cols = ["turns", "words", "sentences", "questions", "answers", "speakers", "interrupted", "notes"]
    out[cols] = out[cols].astype(int)
    return out.reset_index()[["event_id", "date", "kind"] + cols]


def words_by_role(corpus: Corpus) -> pd.DataFrame:
    """Tidy table of words per event and role, with each role's share of the event's words.

    Returns
    -------
    DataFrame
        ``event_id, role, words, share``; every role of :data:`ROLE_ORDER` appears for every event.
    """
    u = corpus.utterances
    events = list(corpus.events["event_id"])
    idx = pd.MultiIndex.from_product([events, ROLE_ORDER], names=["event_id", "role"])
    words = u.groupby(["event_id", "role"])["n_words"].sum().reindex(idx, fill_value=0)
    out = words.rename("words").reset_index()
    total = out.groupby("event_id")["words"].transform("sum")
    out["share"] = (out["words"] / total.where(total > 0)).fillna(0.0)
    return out


def turn_table(corpus: Corpus, event_id: str, width: int = 90) -> pd.DataFrame:
    """A readable table of one event's turns: who, role, act, words and the opening words."""
    u = corpus.utterances[corpus.utterances["event_id"] == event_id]
    cols = ["turn", "speaker", "role", "act", "attribution", "confidence", "n_words"]
    out = u[cols].copy()
    out["opening"] = u["text"].str.slice(0, width)
    return out.reset_index(drop=True)


def tiling_report(corpus: Corpus) -> pd.DataFrame:
    """Check from the offsets that header, turns and closing lines tile every text, with no gap or overlap.

    Returns
    -------
    DataFrame
        One row per event: ``n_chars``, ``covered`` (characters in some segment),
        ``gaps``, ``overlaps`` and ``lossless`` (covered == n_chars, no gaps, no overlaps).
    """
    rows = []
    for ev in corpus.events.itertuples():
        u = corpus.utterances[corpus.utterances["event_id"] == ev.event_id].sort_values("start_char")
        starts = [ev.header_start] + list(u["start_char"]) + [ev.footer_start]
        ends = [ev.header_end] + list(u["end_char"]) + [ev.footer_end]
        gaps = sum(1 for a, b in zip(ends, starts[1:]) if b > a) + (starts[0] > 0)
        overlaps = sum(1 for a, b in zip(ends, starts[1:]) if b < a)
        covered = sum(e - s for s, e in zip(starts, ends))
        rows.append({"event_id": ev.event_id, "n_chars": ev.n_chars, "covered": covered, "gaps": gaps,
                     "overlaps": overlaps,
                     "lossless": covered == ev.n_chars and not gaps and not overlaps and ends[-1] == ev.n_chars})
    return pd.DataFrame(rows)
