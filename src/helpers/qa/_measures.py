"""Question-and-answer measures: topic overlap, timeline, per event and per principal.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._clarity import clarity_shares
from ._exchanges import answer_turn_table, split_turns, turn_roles
from ._markers import CLARITY


def _joined_text(utterances: pd.DataFrame, exchanges: pd.DataFrame, column: str) -> pd.Series:
    """The texts of the turns in ``column`` of each exchange, joined with spaces."""
    keyed = utterances.set_index(["event_id", "turn"])["text"]
    t = exchanges[["event_id", "exchange"]].assign(turn=exchanges[column].map(split_turns)).explode("turn")
    t = t.dropna(subset=["turn"]).astype({"turn": int})
    t["text"] = keyed.reindex(pd.MultiIndex.from_frame(t[["event_id", "turn"]])).to_numpy()
    joined = t.groupby(["event_id", "exchange"])["text"].agg(lambda s: " ".join(x for x in s if isinstance(x, str)))
    return joined.reindex(pd.MultiIndex.from_frame(exchanges[["event_id", "exchange"]])).fillna("")


def _topic_sets(topics: pd.DataFrame, exchanges: pd.DataFrame, column: str) -> pd.Series:
    """Union of the topic ids of the turns in ``column`` of each exchange (frozensets)."""
    keyed = topics.set_index(["event_id", "turn"])["topics"]
    t = exchanges[["event_id", "exchange"]].assign(turn=exchanges[column].map(split_turns)).explode("turn")
    t = t.dropna(subset=["turn"]).astype({"turn": int})
    t["topics"] = keyed.reindex(pd.MultiIndex.from_frame(t[["event_id", "turn"]])).to_numpy()
    sets = t.groupby(["event_id", "exchange"])["topics"].agg(
        lambda s: frozenset(x for v in s if isinstance(v, str) for x in v.split(";") if x))
    return sets.reindex(pd.MultiIndex.from_frame(exchanges[["event_id", "exchange"]]))


def topic_overlap(utterances: pd.DataFrame, exchanges: pd.DataFrame, topics: pd.DataFrame | None = None,
                  ) -> pd.DataFrame:
    """How far each answer stays on the question's topic.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances``; its texts also fit the TF-IDF vocabulary.
    exchanges : DataFrame
        From :func:`build_exchanges`.
    topics : DataFrame, optional
        Utterances tagged with topics (``event_id, turn, topics`` with ``;``-separated topic
        ids, as returned by ``helpers.topics.tag_corpus``). When given, the topic sets of the
        question and the answer turns are compared too.

    Returns
    -------
    DataFrame
        ``event_id, exchange, tfidf_cosine`` (cosine of the TF-IDF vectors of the joined
        question and answer texts; NaN when unanswered) and, with ``topics``,
        ``question_topics, answer_topics, topic_jaccard, shared_topics``.
    """
    # imported here: a bare import of helpers stays light
    from sklearn.feature_extraction.text import TfidfVectorizer

    base = exchanges[["event_id", "exchange"]].copy()
    if exchanges.empty:
        base["tfidf_cosine"] = pd.Series(dtype=float)
        return base
    q_text = _joined_text(utterances, exchanges, "question_turns")
    a_text = _joined_text(utterances, exchanges, "answer_turns")
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    vec.fit(utterances["text"].fillna(""))
    q = vec.transform(q_text.to_numpy())
    a = vec.transform(a_text.to_numpy())
    cos = np.asarray(q.multiply(a).sum(axis=1)).ravel()  # rows are L2-normalised
    cos[(a_text.str.strip() == "").to_numpy()] = np.nan
    base["tfidf_cosine"] = cos
    if topics is not None:
        qs = _topic_sets(topics, exchanges, "question_turns")
        as_ = _topic_sets(topics, exchanges, "answer_turns")
        base["question_topics"] = [";".join(sorted(s)) if isinstance(s, frozenset) else "" for s in qs]
        base["answer_topics"] = [";".join(sorted(s)) if isinstance(s, frozenset) else "" for s in as_]
        inter = [len(x & y) if isinstance(x, frozenset) and isinstance(y, frozenset) else 0 for x, y in zip(qs, as_)]
        union = [len(x | y) if isinstance(x, frozenset) and isinstance(y, frozenset) else 0 for x, y in zip(qs, as_)]
        base["shared_topics"] = inter
        base["topic_jaccard"] = [i / n if n else np.nan for i, n in zip(inter, union)]
    return base


def topic_pairs(overlap: pd.DataFrame) -> pd.DataFrame:
    """Question topic x answer topic counts over exchanges (long form: ``question_topic,
    answer_topic, n``); needs the ``question_topics``/``answer_topics`` columns."""
    cols = ["question_topic", "answer_topic", "n"]
    if overlap.empty or "question_topics" not in overlap:
        return pd.DataFrame(columns=cols)
    t = overlap[["question_topics", "answer_topics"]].copy()
    t["question_topic"] = t["question_topics"].str.split(";")
    t["answer_topic"] = t["answer_topics"].str.split(";")
    t = t.explode("question_topic").explode("answer_topic")
    t = t[(t["question_topic"] != "") & (t["answer_topic"] != "")].dropna(subset=["question_topic", "answer_topic"])
    return t.groupby(["question_topic", "answer_topic"]).size().rename("n").reset_index()[cols]


def turn_timeline(utterances: pd.DataFrame, exchanges: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who speaks, for how long and in which order: one row per turn, positioned in words.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances``.
    exchanges : DataFrame, optional
        From :func:`build_exchanges`; adds ``exchange`` (-1 outside any exchange).

    Returns
    -------
    DataFrame
        ``event_id, turn, speaker, role, act, start, n_words, end, low_confidence, exchange``
        where ``start``/``end`` are word positions from the start of the event.
    """
    u = utterances.sort_values(["event_id", "turn"]).reset_index(drop=True)
    out = u[["event_id", "turn", "speaker", "role", "act", "n_words", "low_confidence"]].copy()
    out["end"] = out.groupby("event_id")["n_words"].cumsum()
    out["start"] = out["end"] - out["n_words"]
    out["exchange"] = -1
    if exchanges is not None and len(exchanges):
        roles = turn_roles(exchanges).drop_duplicates(["event_id", "turn"]).set_index(["event_id", "turn"])["exchange"]
        ex = roles.reindex(pd.MultiIndex.from_frame(out[["event_id", "turn"]]))
        out["exchange"] = ex.fillna(-1).astype(int).to_numpy()
    return out[["event_id", "turn", "speaker", "role", "act", "start", "n_words", "end", "low_confidence", "exchange"]]


def event_measures(utterances: pd.DataFrame, exchanges: pd.DataFrame,
                   clarity: pd.DataFrame | None = None) -> pd.DataFrame:
    """Question-and-answer measures per event.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances``.
    exchanges : DataFrame
        From :func:`build_exchanges`.
    clarity : DataFrame, optional
        From :func:`helpers.qa.answer_clarity`; adds clarity shares.

    Returns
    -------
    DataFrame
        One row per event of ``utterances``: ``n_turns, n_words, opening_words,
        share_opening`` (principal words before the first question), ``qa_words, share_qa``
        (words in exchanges), ``n_exchanges, turns_per_exchange, mean_question_words,
        mean_answer_words, answer_question_ratio`` (answer words / question words, answered
        exchanges), ``follow_up_rate, multi_part_rate, n_unanswered`` and, with ``clarity``,
        ``share_reply, share_ambivalent, share_non_reply``. Rates are NaN for an event with
        no exchanges.
    """
    u = utterances.sort_values(["event_id", "turn"])
    events = pd.Index(u["event_id"].unique(), name="event_id")
    before_q = ~u["act"].eq("question").groupby(u["event_id"]).cummax()
    opening = u["n_words"].where(before_q & u["role"].eq("principal"), 0)
    out = pd.DataFrame(index=events)
    out["n_turns"] = u.groupby("event_id").size()
    out["n_words"] = u.groupby("event_id")["n_words"].sum()
    out["opening_words"] = opening.groupby(u["event_id"]).sum()
    out["share_opening"] = out["opening_words"] / out["n_words"].where(out["n_words"] > 0)
    ex = exchanges
    g = ex.groupby("event_id")
    out["qa_words"] = (g["n_question_words"].sum() + g["n_answer_words"].sum()).reindex(events).fillna(0).astype(int)
    out["share_qa"] = out["qa_words"] / out["n_words"].where(out["n_words"] > 0)
    out["n_exchanges"] = g.size().reindex(events).fillna(0).astype(int)
    out["turns_per_exchange"] = g["n_turns"].mean().reindex(events)
    out["mean_question_words"] = g["n_question_words"].mean().reindex(events)
    answered = ex[ex["answered"]]
    ga = answered.groupby("event_id")
    out["mean_answer_words"] = ga["n_answer_words"].mean().reindex(events)
    out["answer_question_ratio"] = (ga["n_answer_words"].sum() / ga["n_question_words"].sum()).reindex(events)
    out["follow_up_rate"] = g["is_follow_up"].mean().reindex(events)
    out["multi_part_rate"] = (ex["n_parts"] > 1).groupby(ex["event_id"]).mean().reindex(events)
    out["n_unanswered"] = (~ex["answered"]).groupby(ex["event_id"]).sum().reindex(events).fillna(0).astype(int)
    if clarity is not None:
        shares = clarity_shares(clarity, "event_id")
        wide = shares.pivot(index="event_id", columns="clarity", values="share") if len(shares) else pd.DataFrame()
        for c in CLARITY:
            out[f"share_{c}"] = wide[c].reindex(events) if c in wide else np.nan
    return out.reset_index()


def principal_measures(exchanges: pd.DataFrame, clarity: pd.DataFrame | None = None,
                       utterances: pd.DataFrame | None = None) -> pd.DataFrame:
    """Questions answered and answer clarity per principal.

    Parameters
    ----------
    exchanges : DataFrame
        From :func:`build_exchanges`.
    clarity : DataFrame, optional
        From :func:`helpers.qa.answer_clarity`; adds clarity shares.
    utterances : DataFrame, optional
        Adds ``answer_words``.

    Returns
    -------
    DataFrame
        ``event_id, principal, n_exchanges_answered, n_addressed`` (exchanges whose question
        names the principal), ``n_answer_turns`` and the clarity counts/shares.
    """
    cols = ["event_id", "principal", "n_exchanges_answered", "n_addressed", "n_answer_turns"]
    if exchanges.empty:
        return pd.DataFrame(columns=cols)
    ans = exchanges[["event_id", "exchange"]].assign(principal=exchanges["answerers"].str.split(";"))
    ans = ans.explode("principal")
    ans = ans[ans["principal"].fillna("") != ""]
    adr = exchanges[["event_id", "exchange"]].assign(principal=exchanges["addressee"].fillna("").str.split(";"))
    adr = adr.explode("principal")
    adr = adr[adr["principal"].fillna("") != ""].drop_duplicates()
    out = ans.groupby(["event_id", "principal"]).size().rename("n_exchanges_answered").to_frame()
    out = out.join(adr.groupby(["event_id", "principal"]).size().rename("n_addressed"), how="outer")
    turns = answer_turn_table(exchanges)
    if utterances is not None:
        turns = turns.merge(utterances[["event_id", "turn", "speaker", "n_words"]], on=["event_id", "turn"])
        out = out.join(turns.groupby(["event_id", "speaker"]).agg(n_answer_turns=("turn", "size"),
                                                                  answer_words=("n_words", "sum"))
                       .rename_axis(["event_id", "principal"]), how="outer")
    if clarity is not None and len(clarity):
        c = clarity.rename(columns={"speaker": "principal"})
        counts = c.groupby(["event_id", "principal", "clarity"]).size().unstack(fill_value=0)
        for k in CLARITY:
            n = counts[k] if k in counts else pd.Series(0, index=counts.index)
            out = out.join(n.rename(f"n_{k}"), how="outer")
        tot = counts.sum(axis=1)
        out["n_answer_turns"] = out.get("n_answer_turns", tot)
        for k in CLARITY:
            out[f"share_{k}"] = out[f"n_{k}"] / tot.reindex(out.index)
    out = out.reset_index()
    for c in ("n_exchanges_answered", "n_addressed", "n_answer_turns"):
        if c in out:
            out[c] = out[c].fillna(0).astype(int)
    return out


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def exchange_table(utterances: pd.DataFrame, exchanges: pd.DataFrame, clarity: pd.DataFrame | None = None,
                   width: int = 80) -> pd.DataFrame:
    """A readable table of the exchanges: who asked what, who answered and how clearly.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances``.
    exchanges : DataFrame
        From :func:`build_exchanges`.
    clarity : DataFrame, optional
        From :func:`helpers.qa.answer_clarity`; adds the clarity of each answer turn.
    width : int
        Texts are cut to this many characters.

    Returns
    -------
    DataFrame
        ``event_id, exchange, question_turns, question, addressee, follow_up, parts, answerers,
        answer, clarity`` (clarity of each answer turn, ``;``-separated in turn order).
    """
    cols = ["event_id", "exchange", "question_turns", "question", "addressee", "follow_up", "parts", "answerers",
            "answer", "clarity"]
    if exchanges.empty:
        return pd.DataFrame(columns=cols)
    q = _joined_text(utterances, exchanges, "question_turns")
    a = _joined_text(utterances, exchanges, "answer_turns")
    out = exchanges[["event_id", "exchange", "question_turns", "addressee", "answerers"]].copy()
    out["question"] = [_shorten(t, width) for t in q]
    out["answer"] = [_shorten(t, width) for t in a]
    out["follow_up"] = exchanges["is_follow_up"].map({True: "yes", False: ""})
    out["parts"] = exchanges["n_parts"]
    out["clarity"] = ""
    if clarity is not None and len(clarity):
        per = clarity.sort_values(["event_id", "turn"]).groupby(["event_id", "exchange"])["clarity"].agg(";".join)
        out["clarity"] = per.reindex(pd.MultiIndex.from_frame(exchanges[["event_id", "exchange"]])).fillna("").to_numpy()
    return out[cols].reset_index(drop=True)
