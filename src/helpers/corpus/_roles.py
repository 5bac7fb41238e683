"""Roles from behaviour: who answers questions, who only runs the floor, per event.

The rule (also in the README, "Roles"):

* the catalog wins where it speaks: a catalogued principal is a ``principal``;
* the label decides where it is unambiguous: ``Q``/``QUESTION`` is a ``reporter``,
  ``MODERATOR``/``OPERATOR`` a ``moderator``, ``INTERPRETER``/``ANNOUNCER``/``AUDIENCE MEMBER``
  ``other``, a title with a name (``PRIME MINISTER KISHIDA``, ``THE PRESIDENT``) a ``principal``;
* in an event whose labels name no reporter (transcription services label everyone by name or
  as ``Speaker 2``), a speaker with a person's label (``named`` or ``unknown``) whose turns ask:
  at least :data:`ASK_SHARE` of them hold a question mark and hand the floor to someone else, none
  reaches :data:`LONG_TURN_WORDS` words, and who is not the speaker with the most words, is a
  ``reporter``;
* every other speaker of the event (an honorific with a name such as ``MS. PSAKI`` or
  ``MR. KIKUKAWA``, shared staff labels such as ``SENIOR ADMINISTRATION OFFICIAL`` or ``AIDE``)
  is judged by what its turns do: it *answers* when a turn of at least
  :data:`ANSWER_MIN_WORDS` words directly follows a reporter's turn and does not just call on
  someone. A speaker who answers (twice, or once in at most four turns, and in at least
  :data:`ANSWER_SHARE` of its turns) is a ``principal``, and so is one with a turn of at least
  :data:`LONG_TURN_WORDS` words (an opening statement); one who does neither while reporters
  are present, and whose turns mostly call on reporters or hand over, or who takes the floor
  :data:`MODERATOR_MIN_TURNS` times or more without answering, is a ``moderator``; otherwise an
  official-looking label is a ``principal`` and anything else ``unknown``.

Acts per turn: a reporter's turn is a ``question`` unless it is only a greeting, thanks or a
procedural aside (``other``); a moderator's is ``moderation``; a principal's turn before the
first question, or a guest's first turn after a hand-over (not after a question or an answer), is
a ``statement``; a
principal's turn that only calls on someone ("Go ahead, Steve.") is ``moderation``, but one that
only says no or confirms (``No.``, ``Correct.``) after a question, or yes to a yes-or-no question
that asks no leave (``Can I ask one more?`` -- ``Yes.`` stays a call-on), is an ``answer``; the
rest are ``answer``s.
"""
from __future__ import annotations

import re

from ._labels import label_class

#: Words a turn right after a reporter's needs to count as an answer.
ANSWER_MIN_WORDS = 12
#: Share of a speaker's turns that must be answers for it to be a principal.
ANSWER_SHARE = 0.1
#: A turn of at most this many words that is followed by a reporter's is a call-on.
CALL_MAX_WORDS = 6
#: A speaker with a turn this long (an opening statement, a long answer) is not a floor manager.
LONG_TURN_WORDS = 150
#: A speaker needs this many turns before never answering makes it a moderator.
MODERATOR_MIN_TURNS = 3
#: In an event without reporter labels, the share of a speaker's turns that must ask (a question
#: mark, then another speaker) for it to be a reporter.
ASK_SHARE = 0.5

_LEAD = r"^(?:(?:okay|ok|all right|alright|yeah|yes|sure|so|and|great|thanks|thank you)[,.!]?\s+)*"
CALL_RE = re.compile(
    _LEAD + r"(?:go ahead|next question|last question|one more|(?:a )?(?:couple|few) more|let[’']?s go to"
    r"|we[’']?ll (?:go|take|move|turn) to|(?:our|the) (?:next|last|final|first) question|next,? we"
    r"|please go ahead|you[’']?re (?:live|on)|your line is open|(?:i[’']?ll|i will|let me) turn it"
    r"|with that,? i|over to you|thanks,? everyone|thank you,? (?:everyone|all)|that[’']?s all"
    r"|we[’']?re going to (?:go|take)|(?:the )?first question|our first|take (?:a|one|two) (?:more|last)"
    r"|turn(?:ing)? it (?:back )?over|(?:take|have time for) (?:one|two|a few|a couple(?: of)?|another)(?: more)?"
    r" questions?|(?:want|like) to add|anything to add|raise your hand|next up|we[’']?ve got to (?:go|move)"
    r"|(?:we )?have to (?:go|move|end)|last one)s?\b",
    re.IGNORECASE)
_GREETING_RE = re.compile(
    r"^(?:hi|hello|hey|thank you|thanks|good (?:morning|afternoon|evening)|sorry|oh|okay|yeah|yes|no|sure"
    r"|happy [a-z ]+)\b[^?]*$", re.IGNORECASE)
#: Whole turns that say no or confirm (``No.``, ``Correct.``), never a call-on after a question ...
_NO_WORDS = (r"no|nope|correct|incorrect|exactly|true|false|never|absolutely not|not yet|of course not"
             r"|that[’']?s (?:right|correct|true)")
#: ... and those that also say yes (``Yes, absolutely.``); ``Yeah.``, ``Sure.`` and ``Right.`` are left
#: out: briefers say them to give the floor or to let a reporter go on.
_YES_WORDS = r"yes|absolutely|of course"


def _whole_turn_of(words: str) -> re.Pattern:
    """A pattern for a turn made only of ``words`` (alternatives), each with its punctuation."""
    return re.compile(rf"^(?:(?:{words})[.!,]*\s*)+$", re.IGNORECASE)


_NO_RE = _whole_turn_of(_NO_WORDS)
_YES_NO_RE = _whole_turn_of(f"{_NO_WORDS}|{_YES_WORDS}")
#: A question that asks for a yes or a no: its last sentence opens with an auxiliary verb.
_POLAR_RE = re.compile(
    r"^(?:(?:and|but|so|well|just|now|okay|ok|also|then)[, ]+)*(?:is|are|was|were|do|does|did|has|have|had|will"
    r"|would|should|shall|can|could|may|might|isn[’']?t|aren[’']?t|wasn[’']?t|don[’']?t|doesn[’']?t|didn[’']?t"
    r"|hasn[’']?t|haven[’']?t|won[’']?t|wouldn[’']?t)\b", re.IGNORECASE)
#: A reporter's question that asks leave or checks the line (``Can I ask one more?``, ``Can you hear me?``),
#: to which a yes is a call on the reporter, not an answer.
_LEAVE_RE = re.compile(r"\b(?:can|could|may|might) (?:i|we)\b|\bhear me\b|\bwant (?:me )?to go\b|\bis (?:it|that) (?:ok|okay)\b",
                       re.IGNORECASE)
_PROCEDURAL_RE = re.compile(r"speak up|can(?:[’']t| not|not) hear|(?:toward|to) the back|go to (?:the )?back",
                            re.IGNORECASE)

#: Label classes whose role comes from behaviour.
BEHAVIOURAL = ("named", "shared", "unknown")


def calls_on(text: str, n_words: int) -> bool:
    """Whether a turn only calls on someone or manages the floor ("Go ahead, Steve.")."""
    if n_words == 0:
        return False
    if n_words <= 25 and CALL_RE.search(text):
        return True
    return n_words <= 3 and bool(re.fullmatch(r"(?:[A-Z][\w’'\-]*[ ,.]*){1,3}", text.strip()))


def settle_roles(turns: list[dict], has_catalog: bool = False) -> dict[str, str]:
    """Decide the role of each behavioural speaker key of one event.

    Parameters
    ----------
    turns : list of dict
        The event's labelled turns in order, with keys ``key`` (canonical label), ``cls``
        (:func:`helpers.corpus._labels.label_class`), ``role`` (from the label and catalog),
        ``catalog`` (named in the catalog), ``text`` and ``n_words``.

    Returns
    -------
    dict
        ``key -> role`` for every key of the event.
    """
    roles = {}
    askers = _askers(turns)
    if askers:
        turns = [{**t, "role": "reporter"} if t["key"] in askers else t for t in turns]
    reporters = any(t["role"] == "reporter" for t in turns)
    stats: dict[str, list[int]] = {}
    for i, t in enumerate(turns):
        roles.setdefault(t["key"], t["role"])
        if t["catalog"] or t["cls"] not in BEHAVIOURAL or t["key"] in askers:
            continue
        s = stats.setdefault(t["key"], [0, 0, 0])  # turns, answers, calls
        s[0] += 1
        after_q = i > 0 and turns[i - 1]["role"] == "reporter"
        before_q = i + 1 < len(turns) and turns[i + 1]["role"] == "reporter"
        call = calls_on(t["text"], t["n_words"]) or (before_q and 0 < t["n_words"] <= CALL_MAX_WORDS and not after_q)
        if after_q and t["n_words"] >= ANSWER_MIN_WORDS and not call:
            s[1] += 1
        elif call:
            s[2] += 1
    longest: dict[str, int] = {}
    for t in turns:
        longest[t["key"]] = max(longest.get(t["key"], 0), t["n_words"])
    for key, (n, answers, calls) in stats.items():
        cls = next(t["cls"] for t in turns if t["key"] == key)
        official = cls in ("named", "shared")
        if reporters and answers and (answers >= 2 or n <= 4) and answers >= ANSWER_SHARE * n:
            roles[key] = "principal"
        elif longest[key] >= LONG_TURN_WORDS and official:
            roles[key] = "principal"
        elif reporters and calls and calls >= 0.5 * n:
            roles[key] = "moderator"
        elif reporters and official and n >= MODERATOR_MIN_TURNS and answers < ANSWER_SHARE * n:
            roles[key] = "moderator"
        elif not reporters and official and calls and calls == n and cls == "shared":
            roles[key] = "moderator"
        else:
            roles[key] = "principal" if official else "unknown"
    return roles


def _askers(turns: list[dict]) -> set[str]:
    """The speakers of an event without reporter labels who ask (see the module notes)."""
    if any(label_class(t["key"]) == "reporter" for t in turns):
        return set()
    stats: dict[str, list[int]] = {}  # turns, asking turns, longest turn
    words: dict[str, int] = {}
    for i, t in enumerate(turns):
        words[t["key"]] = words.get(t["key"], 0) + t["n_words"]
        if t["catalog"] or t["cls"] not in ("named", "unknown"):
            continue
        s = stats.setdefault(t["key"], [0, 0, 0])
        s[0] += 1
        s[1] += "?" in t["text"] and i + 1 < len(turns) and turns[i + 1]["key"] != t["key"]
        s[2] = max(s[2], t["n_words"])
    most = max(words, key=lambda k: (words[k], k)) if words else None
    return {k for k, (n, asks, longest) in stats.items()
            if asks and asks >= ASK_SHARE * n and longest < LONG_TURN_WORDS and k != most}


def _yes_or_no(text: str, n_words: int, question: str) -> bool:
    """Whether a principal's turn only says yes or no to the question just asked (ending in ``?``):
    a no or a confirmation (``No.``, ``Correct.``) to any question, a yes to a yes-or-no question of
    five words or more that asks no leave (``Can I ask one more?`` -- ``Yes.`` is a call-on)."""
    if n_words > 4 or not _YES_NO_RE.match(text.strip()):
        return False
    asked = question.rstrip()
    if not asked.endswith("?"):
        return False
    last = re.split(r"(?<=[.!?])\s+", asked)[-1]
    if _NO_RE.match(text.strip()):
        return True
    # a yes is also how a briefer gives the floor: only to a yes-or-no question of five words or
    # more that asks no leave
    return len(last.split()) >= 5 and bool(_POLAR_RE.match(last.lstrip("—–- "))) and not _LEAVE_RE.search(last)


def turn_acts(turns: list[dict]) -> list[str]:
    """The act of each turn of one event, given settled ``role``s (see the module notes)."""
    acts = []
    seen_question = False
    spoke: set[str] = set()
    for i, t in enumerate(turns):
        role, text, n = t["role"], t["text"], t["n_words"]
        prev = turns[i - 1] if i > 0 else None
        nxt = turns[i + 1] if i + 1 < len(turns) else None
        if role == "reporter":
            if n <= 8 and (_GREETING_RE.match(text) or _PROCEDURAL_RE.search(text)) and n > 0 \
                    or (n <= 12 and _PROCEDURAL_RE.search(text)):
                act = "other"
            else:
                act, seen_question = "question", True
        elif role == "moderator":
            act = "moderation"
        elif role == "principal":
            after_q = prev is not None and prev["role"] == "reporter"
            before_q = nxt is not None and nxt["role"] == "reporter"
            if not seen_question:
                act = "statement"
            elif after_q and _yes_or_no(text, n, prev["text"]):
                act = "answer"
            elif calls_on(text, n) and not (after_q and n > CALL_MAX_WORDS and "?" in prev["text"] and n > 12):
                act = "moderation"
            elif before_q and n <= 2 and not (after_q and prev["text"].rstrip().endswith("?")):
                act = "moderation"
            elif t["key"] not in spoke and not after_q and n >= ANSWER_MIN_WORDS \
                    and acts and acts[-1] in ("statement", "moderation"):
                act = "statement"
            else:
                act = "answer"
        else:
            act = "other"
        spoke.add(t["key"])
        acts.append(act)
    return acts
