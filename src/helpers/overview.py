"""Corpus overview: per-event counts and who holds the floor."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from .loader import Corpus

ROLE_ORDER = ["principal", "reporter", "moderator", "unknown"]
ROLE_COLORS = {"principal": "#1f5f8b", "reporter": "#e08a2c", "moderator": "#6a9e58", "unknown": "#9a9a9a"}


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


def plot_role_shares(data: pd.DataFrame, *, x: str = "share", y: str = "event_id", hue: str = "role",
                     ax=None):
    """Horizontal stacked bars of each role's share of an event's words.

    Parameters
    ----------
    data : DataFrame
        Tidy, e.g. from :func:`words_by_role`.
    x, y, hue : str
        Columns for the share, the event and the role.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.7 * data[y].nunique() + 1.6))
    wide = data.pivot_table(index=y, columns=hue, values=x, aggfunc="sum", sort=False).fillna(0)
    wide = wide[[r for r in ROLE_ORDER if r in wide.columns]]
    left = pd.Series(0.0, index=wide.index)
    for role in wide.columns:
        ax.barh(wide.index, wide[role], left=left, color=ROLE_COLORS.get(role), label=role, height=0.6)
        left += wide[role]
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel("share of the event's words")
    ax.set_ylabel("")
    ax.legend(title="role", ncols=len(wide.columns), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return ax


def plot_turn_lengths(data: pd.DataFrame, *, x: str = "n_words", y: str = "event_id", hue: str = "role", ax=None):
    """Strip plot of turn lengths in words, per event and role (log scale).

    Returns
    -------
    matplotlib Axes
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.7 * data[y].nunique() + 1.6))
    data = data[data[x] > 0]
    order = [r for r in ROLE_ORDER if r in set(data[hue])]
    # seaborn draws the jitter from NumPy's global generator: seed it for stable figure bytes,
    # and restore the caller's state afterwards
    state = np.random.get_state()
    np.random.seed(0)
    try:
        sns.stripplot(data=data, x=x, y=y, hue=hue, hue_order=order, palette=ROLE_COLORS, dodge=True,
                      jitter=0.2, size=5, alpha=0.8, ax=ax, log_scale=True)
    finally:
        np.random.set_state(state)
    ax.set_xlabel("words per turn (log scale)")
    ax.set_ylabel("")
    ax.legend(title="role", frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def tiling_report(corpus: Corpus) -> pd.DataFrame:
    """Check from the offsets that header and turns tile every text, with no gap or overlap.

    Returns
    -------
    DataFrame
        One row per event: ``n_chars``, ``covered`` (characters in some segment),
        ``gaps``, ``overlaps`` and ``lossless`` (covered == n_chars, no gaps, no overlaps).
    """
    rows = []
    for ev in corpus.events.itertuples():
        u = corpus.utterances[corpus.utterances["event_id"] == ev.event_id].sort_values("start_char")
        starts = [ev.header_start] + list(u["start_char"])
        ends = [ev.header_end] + list(u["end_char"])
        gaps = sum(1 for a, b in zip(ends, starts[1:]) if b > a) + (starts[0] > 0)
        overlaps = sum(1 for a, b in zip(ends, starts[1:]) if b < a)
        covered = sum(e - s for s, e in zip(starts, ends))
        rows.append({"event_id": ev.event_id, "n_chars": ev.n_chars, "covered": covered, "gaps": gaps,
                     "overlaps": overlaps,
                     "lossless": covered == ev.n_chars and not gaps and not overlaps and ends[-1] == ev.n_chars})
    return pd.DataFrame(rows)
