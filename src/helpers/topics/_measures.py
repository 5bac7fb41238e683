"""Topic measures: prominence with bootstrap intervals, agenda, first mentions, flow, coverage.
"""
from __future__ import annotations

import collections
import hashlib
import itertools
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from ._lexicon import NONE, load_codebook, topic_ids
from ._tagging import sentence_topic_table


def _quantiles(boot: np.ndarray, a: float) -> tuple[np.ndarray, np.ndarray]:
    """Per column, the ``a`` and ``1 - a`` quantiles ignoring NaN (resamples without words); the
    plain quantile, computed for all columns at once, where a column has no NaN (the same values)."""
    if not np.isnan(boot).any():
        lo, hi = np.quantile(boot, [a, 1 - a], axis=0)
        return lo, hi
    return np.nanquantile(boot, a, axis=0), np.nanquantile(boot, 1 - a, axis=0)


def prominence(sentences: pd.DataFrame, codebook: pd.DataFrame | None = None, n_boot: int = 1000,
               seed: int = 0, ci: float = 0.95, st: pd.DataFrame | None = None) -> pd.DataFrame:
    """Topic prominence per event, with bootstrap confidence intervals over sentences.

    Parameters
    ----------
    sentences : DataFrame
        Tagged sentences (:func:`tag_turns` output).
    codebook : DataFrame, optional
        Topics reported (all of them, zeros included); default the package codebook.
    n_boot : int
        Bootstrap resamples of each event's sentences (with replacement).
    seed : int
        Seed of the resampling, so intervals are stable from run to run. Each event draws from
        its own generator, seeded by ``seed`` and its ``event_id`` (:func:`event_rng`): its
        intervals do not depend on which other events are measured with it, nor in what order.
    ci : float
        Coverage of the percentile intervals.

    Returns
    -------
    DataFrame
        One row per event and topic: ``n_sentences`` (mentioning the topic), ``sentence_share``,
        ``word_share`` (words shared among a sentence's topics by hits), ``n_hits``,
        ``per_1000_words`` (term hits per 1,000 words), each share with ``_lo``/``_hi``; and the
        event's ``event_sentences``, ``event_words``.
    """
    return _prominence(sentences, topic_ids(codebook), n_boot, seed, ci, st)


def event_rng(seed: int, event_id) -> np.random.Generator:
    """The generator an event's bootstrap draws from: seeded by ``seed`` and the first 8 bytes
    of the SHA-256 of its ``event_id``, so the same event gets the same resamples whatever else
    is measured with it."""
    key = int.from_bytes(hashlib.sha256(str(event_id).encode("utf-8")).digest()[:8], "little")
    return np.random.default_rng([int(seed), key])


#: The columns of :func:`prominence`, in order.
PROMINENCE_COLUMNS = ["event_id", "topic", "n_sentences", "n_hits"] + [
    f"{m}{end}" for m in ("sentence_share", "word_share", "per_1000_words") for end in ("", "_lo", "_hi")] + [
    "event_sentences", "event_words"]


def resample_counts(rng: np.random.Generator, n: int, n_boot: int) -> np.ndarray:
    """How often each of ``n`` sentences is drawn in each of ``n_boot`` resamples of size ``n``
    with replacement, as floats of shape ``(n_boot, n)``: the draws themselves counted with one
    ``bincount`` (the distribution of ``rng.multinomial(n, [1 / n] * n)``, several times faster)."""
    draws = rng.integers(0, n, size=(n_boot, n))
    draws += (np.arange(n_boot, dtype=draws.dtype) * n)[:, None]
    return np.bincount(draws.ravel(), minlength=n_boot * n).reshape(n_boot, n).astype(float)


def _prominence(sentences: pd.DataFrame, topics: list[str], n_boot: int, seed: int,
                ci: float = 0.95, st: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`prominence`, each event resampled from :func:`event_rng`."""
    a = (1 - ci) / 2
    t = len(topics)
    st_all = sentence_topic_table(sentences) if st is None else st  # once for all events, then each event's rows
    st_rows = st_all.groupby("event_id", sort=False).indices if len(st_all) else {}
    # where each sentence-topic row goes: its sentence's place within its event, its topic's column
    local = np.zeros(len(sentences), dtype=np.intp)
    events = sentences.groupby("event_id", sort=False).indices
    for rows in events.values():
        local[rows] = np.arange(len(rows))
    cols = pd.Index(topics).get_indexer(st_all["topic"]) if len(st_all) else np.zeros(0, dtype=np.intp)
    at = pd.Series(np.arange(len(sentences)), index=pd.MultiIndex.from_frame(sentences[["event_id", "sentence"]]))
    found = cols >= 0
    place = np.zeros(len(st_all), dtype=np.intp)
    if found.any():
        place[found] = local[at.reindex(pd.MultiIndex.from_frame(st_all.loc[found, ["event_id", "sentence"]])).to_numpy()]
    weight = st_all["weight"].to_numpy(float) if len(st_all) else np.zeros(0)
    hits = st_all["n_hits"].to_numpy(float) if len(st_all) else np.zeros(0)
    all_words = sentences["n_words"].to_numpy(float)
    out: dict[str, list] = {}
    for eid, rows in events.items():
        n = len(rows)
        W, H = np.zeros((n, t)), np.zeros((n, t))
        idx = st_rows.get(eid)
        if idx is not None:
            idx = idx[found[idx]]
            np.add.at(W, (place[idx], cols[idx]), weight[idx])
            np.add.at(H, (place[idx], cols[idx]), hits[idx])
        M = (W > 0).astype(float)
        words = all_words[rows]
        counts = resample_counts(event_rng(seed, eid), n, n_boot)  # (B, n)
        # the whole-number columns (mentions, hits, words) in one product: their sums are exact
        # in any order, so this gives the values of one product each
        whole = counts @ np.column_stack([M, H, words])
        bM, bH, bw = whole[:, :t], whole[:, t:2 * t], whole[:, 2 * t]
        bw[bw == 0] = np.nan
        stats = {
            "sentence_share": (M.sum(0) / n, bM / n),
            "word_share": (W.sum(0) / words.sum(), (counts @ W) / bw[:, None]),
            "per_1000_words": (1000 * H.sum(0) / words.sum(), 1000 * bH / bw[:, None]),
        }
        row = {"event_id": np.full(t, eid, dtype=object), "topic": np.array(topics, dtype=object),
               "n_sentences": M.sum(0).astype(int), "n_hits": H.sum(0).astype(int)}
        for name, (point, boot) in stats.items():
            row[name] = point
            row[f"{name}_lo"], row[f"{name}_hi"] = _quantiles(boot, a)
        row["event_sentences"] = np.full(t, n, dtype=np.int64)
        row["event_words"] = np.full(t, int(words.sum()), dtype=np.int64)
        for k, v in row.items():
            out.setdefault(k, []).append(v)
    if not out:  # no sentences: the table's columns, no rows
        return pd.DataFrame(columns=PROMINENCE_COLUMNS)
    return pd.DataFrame({k: np.concatenate(v) for k, v in out.items()})


def turn_side(utterances: pd.DataFrame) -> pd.Series:
    """The agenda side of each turn, from its ``act`` and ``role``.

    Returns
    -------
    Series
        ``question`` (question acts, and reporters' turns that are not answers), ``answer``
        (principals' answers, statements and other talk) or ``other`` (moderation, unknown
        speakers, e.g. captions before turns are inferred).
    """
    act = utterances.get("act", pd.Series("other", index=utterances.index)).fillna("other")
    role = utterances.get("role", pd.Series("unknown", index=utterances.index)).fillna("unknown")
    side = np.where(act.eq("question") | (role.eq("reporter") & ~act.isin(["answer", "statement"])), "question",
                    np.where(role.eq("principal") & act.isin(["answer", "statement", "other"]), "answer", "other"))
    return pd.Series(side, index=utterances.index, name="side")


def _turn_topics(utterances: pd.DataFrame, sentences: pd.DataFrame, st: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table turn x topic with words, side, speaker, role (``st``: :func:`sentence_topic_table`
    of ``sentences`` where it is already at hand)."""
    st = sentence_topic_table(sentences) if st is None else st
    u = utterances.assign(side=turn_side(utterances))
    cols = [c for c in ("event_id", "turn", "speaker", "role", "act", "side", "start_char") if c in u.columns]
    if st.empty:
        return pd.DataFrame(columns=[*cols, "topic", "words", "n_hits"])
    tt = st.groupby(["event_id", "turn", "topic"]).agg(words=("weight", "sum"), n_hits=("n_hits", "sum")).reset_index()
    return tt.merge(u[cols], on=["event_id", "turn"], how="left")


def agenda(utterances: pd.DataFrame, sentences: pd.DataFrame, by: str = "side", *,
           st: pd.DataFrame | None = None) -> pd.DataFrame:
    """Topic words in questions versus answers (or per speaker).

    Parameters
    ----------
    utterances, sentences : DataFrame
        Tagged tables.
    by : str
        ``"side"`` (question / answer / other, see :func:`turn_side`) or ``"speaker"``.
    st : DataFrame, optional
        :func:`sentence_topic_table` of ``sentences``, where it is already at hand.

    Returns
    -------
    DataFrame
        ``event_id, topic, <by>, words, n_turns, share`` where ``share`` is the group's part of
        the topic's words in the event.
    """
    tt = _turn_topics(utterances, sentences, st)
    if tt.empty:
        return pd.DataFrame(columns=["event_id", "topic", by, "words", "n_turns", "share"])
    g = tt.groupby(["event_id", "topic", by]).agg(words=("words", "sum"), n_turns=("turn", "nunique")).reset_index()
    g["share"] = g["words"] / g.groupby(["event_id", "topic"])["words"].transform("sum")
    return g


def first_mentions(utterances: pd.DataFrame, sentences: pd.DataFrame, *, st: pd.DataFrame | None = None,
                   tt: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who brought each topic up: the first turn of each event that mentions it (``st``, ``tt``:
    :func:`sentence_topic_table` and the turn topics of these tables, where already at hand).

    Returns
    -------
    DataFrame
        ``event_id, topic, turn, speaker, role, side, inherited`` of the earliest mention.
    """
    tt = _turn_topics(utterances, sentences, st) if tt is None else tt
    if tt.empty:
        return pd.DataFrame(columns=["event_id", "topic", "turn", "speaker", "role", "side"])
    first = tt.sort_values(["event_id", "turn"]).groupby(["event_id", "topic"], sort=False).head(1)
    keep = [c for c in ("event_id", "topic", "turn", "speaker", "role", "side") if c in first.columns]
    return first[keep].reset_index(drop=True)


def topic_flow(sentences: pd.DataFrame, window_words: int = 150) -> pd.DataFrame:
    """The topic of each stretch along each event's timeline.

    Sentences are grouped, in order, into stretches of about ``window_words`` words; a stretch's
    topic is the topic of largest word weight in it, ``none`` if it holds none.

    Returns
    -------
    DataFrame
        ``event_id, stretch, start_char, end_char, n_words, position, position_end`` (0-1 along
        the event's words), ``topic``, ``topic_share`` (its words / the stretch's words),
        ``n_topics`` (topics present), ``turn_first``, ``turn_last``.
    """
    if window_words < 1:
        raise ValueError("window_words must be positive")
    s = sentences.sort_values(["event_id", "start_char"]).reset_index(drop=True)
    cum = s.groupby("event_id")["n_words"].cumsum() - s["n_words"]
    total = s.groupby("event_id")["n_words"].transform("sum").clip(lower=1)
    s["stretch"] = (cum // window_words).astype("int64")
    s["_pos"] = cum / total
    s["_pos_end"] = (cum + s["n_words"]) / total
    st = sentence_topic_table(s).merge(s[["event_id", "sentence", "stretch"]], on=["event_id", "sentence"])
    g = s.groupby(["event_id", "stretch"]).agg(
        start_char=("start_char", "min"), end_char=("end_char", "max"), n_words=("n_words", "sum"),
        position=("_pos", "min"), position_end=("_pos_end", "max"), turn_first=("turn", "min"), turn_last=("turn", "max"),
    ).reset_index()
    if len(st):
        w = st.groupby(["event_id", "stretch", "topic"])["weight"].sum().reset_index()
        top = w.sort_values(["event_id", "stretch", "weight", "topic"], ascending=[True, True, False, True]).groupby(["event_id", "stretch"]).head(1)
        ntop = w.groupby(["event_id", "stretch"]).size().rename("n_topics")
        g = g.merge(top, on=["event_id", "stretch"], how="left").merge(ntop, on=["event_id", "stretch"], how="left")
    else:
        g["topic"], g["weight"], g["n_topics"] = np.nan, 0.0, 0
    g["topic"] = g["topic"].fillna(NONE)
    g["topic_share"] = (g["weight"].fillna(0) / g["n_words"].clip(lower=1)).clip(upper=1)
    g["n_topics"] = g["n_topics"].fillna(0).astype("int64")
    return g.drop(columns="weight")


def coverage(sentences: pd.DataFrame) -> pd.DataFrame:
    """Lexicon coverage per event: share of sentences (and words) with at least one topic term.

    Inherited topics do not count: this measures the lexicon alone.

    Returns
    -------
    DataFrame
        ``event_id, n_sentences, covered_sentences, sentence_coverage, word_coverage``.
    """
    covered = sentences["n_topic_hits"].gt(0)
    g = sentences.assign(_c=covered, _cw=sentences["n_words"] * covered).groupby("event_id", sort=False).agg(
        n_sentences=("sentence", "size"), covered_sentences=("_c", "sum"), words=("n_words", "sum"), covered_words=("_cw", "sum"))
    g["sentence_coverage"] = g["covered_sentences"] / g["n_sentences"]
    g["word_coverage"] = g["covered_words"] / g["words"].clip(lower=1)
    return g.reset_index()[["event_id", "n_sentences", "covered_sentences", "sentence_coverage", "word_coverage"]]


def coverage_by_month(sentences: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Lexicon coverage by calendar month: the share of sentences with at least one counted topic term.

    Works on any tagged corpus whose events have dates; events without a readable date are left
    out. Inherited topics do not count.

    Parameters
    ----------
    sentences : DataFrame
        Tagged sentences (``event_id, n_topic_hits, n_words``).
    events : DataFrame
        ``event_id, date`` (``YYYY-MM-DD`` or anything :func:`pandas.to_datetime` reads).

    Returns
    -------
    DataFrame
        ``month`` (``YYYY-MM``), ``n_events``, ``n_sentences``, ``covered_sentences``,
        ``sentence_coverage``, ``word_coverage``, in month order.
    """
    cols = ["month", "n_events", "n_sentences", "covered_sentences", "sentence_coverage", "word_coverage"]
    dates = pd.to_datetime(events.set_index("event_id")["date"].replace("", None), errors="coerce", format="mixed")
    month = dates.dt.strftime("%Y-%m").dropna()
    s = sentences[sentences["event_id"].isin(month.index)]
    if s.empty:
        return pd.DataFrame(columns=cols)
    covered = s["n_topic_hits"].gt(0)
    g = s.assign(month=s["event_id"].map(month), _c=covered, _cw=s["n_words"] * covered).groupby("month").agg(
        n_events=("event_id", "nunique"), n_sentences=("event_id", "size"), covered_sentences=("_c", "sum"),
        words=("n_words", "sum"), covered_words=("_cw", "sum"))
    g["sentence_coverage"] = g["covered_sentences"] / g["n_sentences"]
    g["word_coverage"] = g["covered_words"] / g["words"].clip(lower=1)
    return g.reset_index().sort_values("month").reset_index(drop=True)[cols]


def topic_measures(utterances: pd.DataFrame, sentences: pd.DataFrame, codebook: pd.DataFrame | None = None,
                   n_boot: int = 1000, seed: int = 0, events_per_part: int = 128, n_jobs: int = 1) -> pd.DataFrame:
    """The per event and topic table exported as ``topics.csv``.

    Parameters
    ----------
    utterances, sentences : DataFrame
        From :func:`tag_corpus`.
    codebook : DataFrame, optional
        Default the package codebook.
    n_boot, seed : int
        Bootstrap settings of :func:`prominence`.
    events_per_part : int
        The events are measured this many at a time (every measure is per event, each event's
        resamples from its own generator), so that the intermediate tables of a large corpus
        are never built for all of it at once; the result does not depend on it.
    n_jobs : int
        Worker processes measuring the parts (see :func:`topic_measures_in_parts`).

    Returns
    -------
    DataFrame
        One row per event and codebook topic: the :func:`prominence` columns; ``label``;
        ``question_words``, ``answer_words``, ``other_words`` and ``question_share`` (the
        questions' part of the topic's words, see :func:`agenda`); ``n_turns``;
        ``first_turn``, ``first_speaker``, ``first_role`` (who brought it up); ``top_speaker``
        (who dwelt on it most, by words).
    """
    if events_per_part < 1:
        raise ValueError("events_per_part must be positive")
    ids = pd.unique(sentences["event_id"])  # the events in the order they first appear
    if len(ids) <= events_per_part:
        return topic_measures_in_parts([(utterances, sentences)], codebook, n_boot, seed)
    s_rows = sentences.groupby("event_id", sort=False).indices
    u_rows = utterances.groupby("event_id", sort=False).indices if len(utterances) else {}

    def parts():
        for start in range(0, len(ids), events_per_part):
            part = ids[start:start + events_per_part]
            s = sentences.iloc[np.sort(np.concatenate([s_rows[e] for e in part]))]
            u_idx = [u_rows[e] for e in part if e in u_rows]
            u = utterances.iloc[np.sort(np.concatenate(u_idx))] if u_idx else utterances.iloc[0:0]
            yield u.reset_index(drop=True), s.reset_index(drop=True)

    return topic_measures_in_parts(parts(), codebook, n_boot, seed, n_jobs=n_jobs)


def topic_measures_in_parts(parts, codebook: pd.DataFrame | None = None, n_boot: int = 1000,
                            seed: int = 0, n_jobs: int = 1) -> pd.DataFrame:
    """:func:`topic_measures` of a corpus given as ``(utterances, sentences)`` of its events, a
    few at a time (an iterable, each pair taken when needed): the same table as the corpus
    measured at once, the events in the order they first appear, part after part. With
    ``n_jobs`` above 1 and several parts, worker processes measure the parts (each part as it
    would be measured here, at most ``n_jobs + 1`` parts taken ahead), put together in order."""
    book = load_codebook() if codebook is None else codebook
    parts = iter(parts)
    ahead = list(itertools.islice(parts, 2))
    if n_jobs > 1 and len(ahead) > 1:
        frames = _measured_in_workers(itertools.chain(ahead, parts), book, n_boot, seed, n_jobs)
    else:
        frames = [_measures(u, s, book, n_boot, seed) for u, s in itertools.chain(ahead, parts)]
    if not frames:
        return pd.DataFrame()
    return _joined_parts(frames) if len(frames) > 1 else frames[0]


def _measured_in_workers(parts, book: pd.DataFrame, n_boot: int, seed: int, n_jobs: int) -> list[pd.DataFrame]:
    """:func:`_measures` of each part in worker processes, the results in the order of the parts."""
    frames, pending = [], collections.deque()
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        for u, s in parts:
            pending.append(pool.submit(_measures, u, s, book, n_boot, seed))
            del u, s
            if len(pending) > n_jobs:
                frames.append(pending.popleft().result())
        frames += [f.result() for f in pending]
    return frames


def _joined_parts(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The parts of :func:`topic_measures` as one table, each column of the type it has when
    all events are measured at once (a part whose column is all missing does not change it)."""
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0]
    out = pd.concat(full, ignore_index=True)
    for col in out.columns:
        kinds = {f[col].dtype for f in full if f[col].notna().any()}
        if out[col].dtype == object and len(kinds) == 1 and next(iter(kinds)) != object:
            out[col] = out[col].astype(next(iter(kinds)))
    return out


def _measures(utterances: pd.DataFrame, sentences: pd.DataFrame, book: pd.DataFrame, n_boot: int,
              seed: int) -> pd.DataFrame:
    """:func:`topic_measures` of the events of ``sentences`` (bootstrap seed ``seed``)."""
    st = sentence_topic_table(sentences)  # once, for every measure below
    prom = _prominence(sentences, topic_ids(book), n_boot, seed, st=st)
    prom.insert(2, "label", prom["topic"].map(dict(zip(book["id"], book["label"]))))
    tt = _turn_topics(utterances, sentences, st)
    ag = agenda(utterances, sentences, by="side", st=st)
    wide = ag.pivot_table(index=["event_id", "topic"], columns="side", values="words", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=["question", "answer", "other"], fill_value=0)
    wide.columns = [f"{c}_words" for c in wide.columns]
    wide = wide.reset_index()
    nturns = tt.groupby(["event_id", "topic"])["turn"].nunique().rename("n_turns").reset_index()
    first = first_mentions(utterances, sentences, tt=tt).rename(columns={"turn": "first_turn", "speaker": "first_speaker", "role": "first_role"})
    first = first[[c for c in ("event_id", "topic", "first_turn", "first_speaker", "first_role") if c in first.columns]]
    if "speaker" in tt.columns and len(tt):
        sp = tt.groupby(["event_id", "topic", "speaker"])["words"].sum().reset_index()
        top = sp.sort_values(["event_id", "topic", "words", "speaker"], ascending=[True, True, False, True]).groupby(["event_id", "topic"]).head(1)
        top = top.rename(columns={"speaker": "top_speaker"})[["event_id", "topic", "top_speaker"]]
    else:
        top = pd.DataFrame(columns=["event_id", "topic", "top_speaker"])
    out = prom.merge(wide, on=["event_id", "topic"], how="left").merge(nturns, on=["event_id", "topic"], how="left")
    out = out.merge(first, on=["event_id", "topic"], how="left").merge(top, on=["event_id", "topic"], how="left")
    for c in ("question_words", "answer_words", "other_words"):
        out[c] = out[c].fillna(0.0)
    out["n_turns"] = out["n_turns"].fillna(0).astype("int64")
    qa = out["question_words"] + out["answer_words"]
    out["question_share"] = (out["question_words"] / qa.where(qa > 0)).astype(float)
    out["first_turn"] = out["first_turn"].astype("Int64")
    return out
