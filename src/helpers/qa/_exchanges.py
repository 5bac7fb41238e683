"""Question-and-answer structure: exchanges, topic overlap and per-event measures.

An *exchange* is a reporter's question and the principal turns that respond to it:

* consecutive principal turns after a question all answer it (one question put to both
  ministers, a colleague who adds, a hand-off such as ``I'll let David Shear address that``,
  two turns of the same principal);
* a question cut off (``--``) and continued by the next reporter turn is one question;
* after a clarification request (``Can you repeat the question?``) the repeated question
  belongs to the same exchange;
* a question followed directly by another question gets no answer (``answered`` is false);
* moderator turns (calling on the next reporter) are attached to the exchange they open;
* principal turns before the first question are opening statements, in no exchange.

Turn numbers are the ``turn`` column of ``utterances.csv``; lists of turns are exported as
``;``-separated strings.
"""
from __future__ import annotations

import re

import pandas as pd

from ..text import join_list, split_list
from ._design import question_design
from ._markers import classify_answer, load_markers

#: Columns of the exchanges table (``exchanges.csv``).
EXCHANGE_COLUMNS = [
    "event_id", "exchange", "question_turns", "answer_turns", "moderator_turns", "answerers", "addressee",
    "is_follow_up", "answered", "n_parts", "n_question_turns", "n_answer_turns", "n_turns", "n_question_words",
    "n_answer_words", "attribution", "low_confidence", "start_char", "end_char",
]


_CONTINUES = re.compile(r"^\s*(?:--|\u2014|\u2013|-|\.\.\.|\u2026)")


def join_turns(turns) -> str:
    """``[3, 4]`` -> ``"3;4"``."""
    return join_list(int(t) for t in turns)


def split_turns(value) -> list[int]:
    """``"3;4"`` -> ``[3, 4]``; empty or missing -> ``[]``."""
    return split_list(value, int)


def _is_clarification_request(text: str, markers: dict) -> bool:
    r = classify_answer(text, markers)
    return r["clarity"] == "non_reply" and r["clarity_type"] == "clarification"


def build_exchanges(utterances: pd.DataFrame, principals: pd.DataFrame | None = None,
                    design: pd.DataFrame | None = None) -> pd.DataFrame:
    """Link each reporter question to the turns that respond to it.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances`` (``event_id, turn, speaker, role, act, attribution,
        low_confidence, interrupted, text, n_words, start_char, end_char``). Questions are turns
        with ``act == "question"`` (or ``role == "reporter"``); answers are principal turns
        after a question; ``moderator`` turns are attached to the next exchange.
    principals : DataFrame, optional
        ``corpus.principals``, for addressees.
    design : DataFrame, optional
        From :func:`helpers.qa.question_design`; computed when not given.

    Returns
    -------
    DataFrame
        One row per exchange with :data:`EXCHANGE_COLUMNS`: turn lists as ``;``-separated
        strings, ``answerers`` the principals in order of first answer, ``is_follow_up`` and
        ``n_parts``/``addressee`` from the first question turn's design, ``answered`` whether a
        principal responded with more than a clarification request, word counts summed over
        the question and answer turns, ``attribution`` ``labelled`` only if every turn is.
    """
    if design is None:
        design = question_design(utterances, principals)
    markers = load_markers()
    u = utterances.sort_values(["event_id", "turn"], kind="stable")
    des = {}  # (event, turn) -> (addressee, follow_up, n_parts) of each question turn
    if len(design):
        des = {(ev, t): (a, f, n) for ev, t, a, f, n in zip(design["event_id"], design["turn"], design["addressee"],
                                                              design["follow_up"], design["n_parts"])}
    rows = []
    for event_id, ev in u.groupby("event_id", sort=False):
        current = None
        pending_mod: list[int] = []
        prev = None
        exchanges = []
        for rec in ev.itertuples(index=False):
            is_question = rec.act == "question" or (rec.role == "reporter" and rec.act != "moderation")
            if is_question:
                continued = (
                    current is not None and prev is not None and prev.role == "reporter"
                    and not current["answers"] and (bool(prev.interrupted) or bool(_CONTINUES.match(rec.text or "")))
                )
                repeated = (
                    current is not None and prev is not None and prev.role == "principal" and current["answers"]
                    and current["answers"][-1].turn == prev.turn and _is_clarification_request(prev.text or "", markers)
                )
                if continued or repeated:
                    current["questions"].append(rec)
                else:
                    current = {"questions": [rec], "answers": [], "moderators": pending_mod}
                    pending_mod = []
                    exchanges.append(current)
            elif rec.role == "moderator" or rec.act == "moderation":
                pending_mod.append(int(rec.turn))
            elif rec.role == "principal" and current is not None:
                current["answers"].append(rec)
            prev = rec
        if pending_mod and exchanges:
            exchanges[-1]["moderators"].extend(pending_mod)
        for i, ex in enumerate(exchanges):
            qs, ans = ex["questions"], ex["answers"]
            first = (event_id, qs[0].turn)
            d = des.get(first)
            substantive = [a for a in ans if not _is_clarification_request(a.text or "", markers)]
            answerers = list(dict.fromkeys(a.speaker for a in ans))
            turns = qs + ans
            rows.append({
                "event_id": event_id,
                "exchange": i,
                "question_turns": join_turns(q.turn for q in qs),
                "answer_turns": join_turns(a.turn for a in ans),
                "moderator_turns": join_turns(ex["moderators"]),
                "answerers": ";".join(answerers),
                "addressee": d[0] if d is not None else "",
                "is_follow_up": bool(d[1]) if d is not None else False,
                "answered": bool(substantive),
                "n_parts": int(max(int(des[(event_id, q.turn)][2]) if (event_id, q.turn) in des else 1 for q in qs)),
                "n_question_turns": len(qs),
                "n_answer_turns": len(ans),
                "n_turns": len(turns) + len(ex["moderators"]),
                "n_question_words": int(sum(q.n_words for q in qs)),
                "n_answer_words": int(sum(a.n_words for a in ans)),
                "attribution": "labelled" if all(t.attribution == "labelled" for t in turns) else "inferred",
                "low_confidence": bool(any(bool(t.low_confidence) for t in turns)),
                "start_char": int(min(t.start_char for t in turns)),
                "end_char": int(max(t.end_char for t in turns)),
            })
    out = pd.DataFrame(rows, columns=EXCHANGE_COLUMNS)
    return out.astype({"exchange": int, "is_follow_up": bool, "answered": bool, "low_confidence": bool})


def answer_turn_table(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per answer turn of the exchanges: ``event_id, turn, exchange``."""
    cols = ["event_id", "turn", "exchange"]
    if exchanges.empty:
        return pd.DataFrame(columns=cols)
    t = exchanges[["event_id", "exchange"]].assign(turn=exchanges["answer_turns"].map(split_turns))
    t = t.explode("turn").dropna(subset=["turn"])
    return t.astype({"turn": int, "exchange": int})[cols].reset_index(drop=True)


def turn_roles(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per turn named in the exchanges: ``event_id, turn, exchange, part``
    (``question``, ``answer`` or ``moderator``)."""
    parts = []
    for col, name in (("question_turns", "question"), ("answer_turns", "answer"), ("moderator_turns", "moderator")):
        t = exchanges[["event_id", "exchange"]].assign(turn=exchanges[col].map(split_turns), part=name)
        parts.append(t.explode("turn").dropna(subset=["turn"]))
    cols = ["event_id", "turn", "exchange", "part"]
    if not parts or all(p.empty for p in parts):
        return pd.DataFrame(columns=cols)
    return pd.concat(parts).astype({"turn": int, "exchange": int})[cols].sort_values(["event_id", "turn"]) \
        .reset_index(drop=True)


def reply_links(exchanges: pd.DataFrame) -> pd.DataFrame:
    """The conversational link of every turn named in the exchanges: which turn it replies to.

    An answer replies to the last question turn of its exchange; a question turn that continues
    an exchange (an interrupted or repeated question) replies to the turn before it in the
    exchange; the first question of a follow-up exchange replies to the last answer of the
    exchange before it. Other turns (fresh questions, moderator turns) reply to none.

    Returns
    -------
    DataFrame
        ``event_id, turn, exchange, part, reply_to`` (``reply_to`` a turn number or NA).
    """
    roles = turn_roles(exchanges)
    cols = ["event_id", "turn", "exchange", "part", "reply_to"]
    if roles.empty:
        return pd.DataFrame(columns=cols)
    ex = exchanges.set_index(["event_id", "exchange"])
    last_q = ex["question_turns"].map(lambda v: max(split_turns(v), default=None))
    last_a = ex["answer_turns"].map(lambda v: max(split_turns(v), default=None))
    prev_answer = last_a.groupby(level="event_id").shift(1)
    # plain dicts by (event, exchange): a lookup per turn without pandas indexing
    last_q, prev_answer = last_q.to_dict(), prev_answer.to_dict()
    question_turns, follow_up = ex["question_turns"].to_dict(), ex["is_follow_up"].to_dict()
    reply = []
    for r in roles.itertuples(index=False):
        key = (r.event_id, r.exchange)
        if r.part == "answer":
            reply.append(last_q[key])
        elif r.part == "question":
            earlier = [t for t in split_turns(question_turns[key]) if t < r.turn]
            if earlier:
                reply.append(max(earlier))
            elif bool(follow_up[key]) and pd.notna(prev_answer[key]):
                reply.append(prev_answer[key])
            else:
                reply.append(None)
        else:
            reply.append(None)
    out = roles.assign(reply_to=pd.array(reply, dtype="Int64"))
    return out[cols]
