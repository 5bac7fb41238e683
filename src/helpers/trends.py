"""How the questioning changes over time, across the events of an archive.

Every function takes an :class:`helpers.Analysis` and returns a tidy table by calendar month
(or quarter), from the events' dates: events without a date are left out and counted in
:func:`undated_events`. Shares come with intervals: Wilson intervals for proportions of counts,
bootstrap intervals over sentences for topic prominence.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .qa import CLARITY
from .topics import prominence


def wilson_interval(k, n, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion ``k / n`` (arrays; ``n == 0`` gives NaN)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _periods(analysis, freq: str = "M") -> pd.Series:
    """Event id -> period label (``2022-03`` for months, ``2022Q1`` for quarters)."""
    ev = analysis.events[["event_id", "date"]]
    dates = pd.to_datetime(ev["date"].where(ev["date"].astype(str).str.len() > 0), errors="coerce")
    labels = dates.dt.to_period(freq).astype(str).where(dates.notna())
    return pd.Series(labels.to_numpy(), index=ev["event_id"].to_numpy()).dropna()


def undated_events(analysis) -> list[str]:
    """Events left out of the time series because their date is unknown."""
    dated = set(_periods(analysis).index)
    return [e for e in analysis.events["event_id"] if e not in dated]


def _with_period(df: pd.DataFrame, periods: pd.Series, name: str = "month") -> pd.DataFrame:
    out = df.assign(**{name: df["event_id"].map(periods)})
    return out[out[name].notna()]


def monthly_activity(analysis) -> pd.DataFrame:
    """Per month: ``events, turns, words, questions, answers, exchanges``."""
    periods = _periods(analysis)
    u = _with_period(analysis.utterances, periods)
    per = u.groupby("month").agg(events=("event_id", "nunique"), turns=("turn", "size"), words=("n_words", "sum"),
                                 questions=("act", lambda a: int((a == "question").sum())),
                                 answers=("act", lambda a: int((a == "answer").sum())))
    ex = _with_period(analysis.exchanges, periods).groupby("month").size().rename("exchanges")
    return per.join(ex, how="left").fillna({"exchanges": 0}).astype(int).reset_index()


def role_shares_by_month(analysis) -> pd.DataFrame:
    """Per month and role: ``words`` and ``share`` of the month's words."""
    u = _with_period(analysis.utterances, _periods(analysis))
    w = u.groupby(["month", "role"])["n_words"].sum().rename("words").reset_index()
    w["share"] = w["words"] / w.groupby("month")["words"].transform("sum")
    return w


def lengths_by_month(analysis) -> pd.DataFrame:
    """Per month: median and mean words of questions and of answers in exchanges, and ``n``."""
    ex = _with_period(analysis.exchanges, _periods(analysis))
    ex = ex[ex["answered"].astype(bool)]
    out = ex.groupby("month").agg(n=("exchange", "size"),
                                  question_median=("n_question_words", "median"),
                                  answer_median=("n_answer_words", "median"),
                                  question_mean=("n_question_words", "mean"),
                                  answer_mean=("n_answer_words", "mean"))
    return out.reset_index()


def follow_up_rate_by_month(analysis) -> pd.DataFrame:
    """Per month: ``exchanges``, ``follow_ups``, ``rate`` with a Wilson interval ``rate_lo``/``rate_hi``."""
    ex = _with_period(analysis.exchanges, _periods(analysis))
    out = ex.groupby("month").agg(exchanges=("exchange", "size"),
                                  follow_ups=("is_follow_up", lambda s: int(s.astype(bool).sum()))).reset_index()
    out["rate"] = out["follow_ups"] / out["exchanges"]
    out["rate_lo"], out["rate_hi"] = wilson_interval(out["follow_ups"], out["exchanges"])
    return out


def topics_by_month(analysis, n_boot: int = 500, seed: int = 0) -> pd.DataFrame:
    """Topic prominence per month: :func:`helpers.topics.prominence` with the month as the unit,
    so the bootstrap intervals resample the month's sentences. Column ``month`` replaces ``event_id``."""
    s = _with_period(analysis.sentences, _periods(analysis)).sort_values("month", kind="stable")
    # one "event" per month: number its sentences and turns afresh so that they stay unique
    s = s.assign(event_id=s["month"], sentence=s.groupby("month").cumcount(),
                 turn=s.groupby(["event_id", "turn"], sort=False).ngroup())
    out = prominence(s.drop(columns="month"), analysis.tagging.codebook, n_boot=n_boot, seed=seed)
    return out.rename(columns={"event_id": "month", "event_sentences": "month_sentences",
                               "event_words": "month_words"})


def clarity_by_principal(analysis, freq: str = "Q", min_answers: int = 1) -> pd.DataFrame:
    """Answer clarity per principal and period (quarters by default), with Wilson intervals and ``n``.

    Returns
    -------
    DataFrame
        ``speaker, period, clarity, n, n_answers, share, share_lo, share_hi``.
    """
    c = analysis.clarity.assign(period=analysis.clarity["event_id"].map(_periods(analysis, freq)))
    c = c[c["period"].notna()]
    cols = ["speaker", "period", "clarity", "n", "n_answers", "share", "share_lo", "share_hi"]
    if c.empty:
        return pd.DataFrame(columns=cols)
    c = c.assign(clarity=pd.Categorical(c["clarity"], categories=list(CLARITY)))
    n = c.groupby(["speaker", "period", "clarity"], observed=False).size().rename("n").reset_index()
    n["n_answers"] = n.groupby(["speaker", "period"])["n"].transform("sum")
    n = n[n["n_answers"] >= max(min_answers, 1)].copy()
    n["share"] = n["n"] / n["n_answers"]
    n["share_lo"], n["share_hi"] = wilson_interval(n["n"], n["n_answers"])
    n["clarity"] = n["clarity"].astype(str)
    return n[cols].reset_index(drop=True)


def top_principals(analysis, n: int = 10) -> pd.DataFrame:
    """The most active principals across the archive: ``speaker, events, turns, answers, words,
    first, last`` (dates), sorted by answers then words."""
    u = analysis.utterances[analysis.utterances["role"] == "principal"]
    dates = analysis.events.set_index("event_id")["date"]
    u = u.assign(date=u["event_id"].map(dates))
    out = u.groupby("speaker").agg(events=("event_id", "nunique"), turns=("turn", "size"),
                                   answers=("act", lambda a: int((a == "answer").sum())),
                                   words=("n_words", "sum"), first=("date", "min"), last=("date", "max"))
    out = out.sort_values(["answers", "words"], ascending=False, kind="stable").head(n)
    return out.reset_index()
