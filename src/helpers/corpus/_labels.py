"""Speaker labels: finding them at line starts and saying whom they name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

_WORD = r"[A-Z][A-Z'\u2019\-]*\.?"


#: A speaker label at the start of a line: one to six upper-case words (or Q / A), a colon,
#: an optional "(Via interpreter)" note, then spaces or no-break spaces.
LABEL_RE = re.compile(
    rf"^[ \t\u00a0]*(?P<label>(?:{_WORD})(?:[ \u00a0]+{_WORD}){{0,5}})[ \u00a0]*:"
    r"(?:[ \t\u00a0]*\((?P<via>[Vv]ia [Ii]nterpret(?:er|ation))\))?[ \t\u00a0]*",
    re.MULTILINE,
)


#: The roles a speaker can have, in the order tables and charts show them.
ROLE_ORDER = ["principal", "reporter", "moderator", "unknown"]

REPORTER_LABELS = frozenset({"QUESTION", "Q", "REPORTER", "JOURNALIST", "PARTICIPANT", "AUDIENCE MEMBER", "PRESS"})


MODERATOR_LABELS = frozenset({"MODERATOR", "OPERATOR", "SPOKESPERSON", "SPOKESMAN", "HOST", "STAFF"})


PRINCIPAL_LABELS = frozenset({"A", "ANSWER"})


HONORIFICS = frozenset({"MR", "MRS", "MS", "MISS", "DR"})


#: Words of an official title; a label that holds one of them and a name is a named official.
TITLE_WORDS = frozenset({
    "SECRETARY", "MINISTER", "AMBASSADOR", "PRESIDENT", "DEPUTY", "UNDER", "ASSISTANT", "SPECIAL",
    "ENVOY", "REPRESENTATIVE", "GENERAL", "ADMIRAL", "SENATOR", "GOVERNOR", "CHANCELLOR", "PRIME",
    "FOREIGN", "STATE", "COUNSELOR", "DIRECTOR", "ADMINISTRATOR", "CHAIRMAN", "VICE", "ACTING",
    "KING", "QUEEN", "PRINCE", "SHEIKH", "COMMISSIONER", "HIGH", "SENIOR", "OFFICIAL", "DEFENSE",
    "MAYOR", "PREMIER", "CHIEF", "SPEAKER", "LEADER", "FM", "SECSTATE",
})


#: Words that look like a label but start ordinary sentences ("NOTE: ..." is kept as a label).
_NOT_LABELS = frozenset({"HTTP", "HTTPS", "WWW"})


def normalise_label(label: str) -> str:
    """Upper-case a label, drop full stops and fold runs of spaces: ``"MS.  ORTAGUS"`` -> ``"MS ORTAGUS"``."""
    return " ".join(label.replace(".", " ").replace("\u00a0", " ").upper().split())


@dataclass(frozen=True)
class LabelMatch:
    """A speaker label found in a text."""

    start: int  #: offset of the label's first character (after leading spaces on the line)
    line_start: int  #: offset of the line the label stands on
    body_start: int  #: offset just past the label, the colon, any interpreter note and spaces
    label: str  #: the label as written, without the colon
    via_interpreter: bool


def find_labels(text: str) -> list[LabelMatch]:
    """Find the speaker labels of a transcript, in order.

    A label must stand at the start of a line and be written in capitals (``SECRETARY
    POMPEO:``, ``FOREIGN MINISTER LAVROV: (Via interpreter)``, ``MS. ORTAGUS:``, ``Q:``).
    Clock times such as ``10:30`` and URLs are not labels.
    """
    out = []
    for m in LABEL_RE.finditer(text):
        label = m.group("label")
        if normalise_label(label) in _NOT_LABELS:
            continue
        start = m.start("label")
        out.append(LabelMatch(start, m.start(), m.end(), label, m.group("via") is not None))
    return out


class Speaker(NamedTuple):
    """Who a label names: speaker name, role and whether the speech came through an interpreter."""

    speaker: str
    role: str
    interpreted: bool


def classify_label(label: str, principals: list[dict], via_interpreter: bool = False) -> Speaker:
    """Decide who a label names.

    Parameters
    ----------
    label : str
        The label as written, e.g. ``"DEPUTY SECRETARY BLINKEN"``.
    principals : list of dict
        The event's principals from the catalog (keys ``surname``, ``interpreted``); may be empty.
    via_interpreter : bool
        Whether the label carried a ``(Via interpreter)`` note.

    Returns
    -------
    Speaker
        A principal named in the catalog gets its catalog surname. Otherwise ``QUESTION``/``Q``
        and the like are ``Reporter``; ``MODERATOR`` and an honorific with a name only
        (``MS ORTAGUS``) are the ``Moderator``; a title with a name (``FOREIGN MINISTER X``)
        is a principal named by its last word; ``A:`` is the sole principal if the catalog
        lists one, else ``Principal``; anything else is ``unknown``.
    """
    norm = normalise_label(label)
    words = norm.split()
    for p in principals:
        if p["surname"].upper() in words or normalise_label(p["surname"]) == norm:
            return Speaker(p["surname"], "principal", bool(p.get("interpreted")) or via_interpreter)
    if norm in REPORTER_LABELS or (words and words[0] in ("QUESTION", "REPORTER")):
        return Speaker("Reporter", "reporter", via_interpreter)
    if norm in MODERATOR_LABELS or (len(words) >= 2 and words[0] in HONORIFICS and not (set(words) & TITLE_WORDS)):
        return Speaker("Moderator", "moderator", via_interpreter)
    if norm in PRINCIPAL_LABELS:
        if len(principals) == 1:
            p = principals[0]
            return Speaker(p["surname"], "principal", bool(p.get("interpreted")) or via_interpreter)
        return Speaker("Principal", "principal", via_interpreter)
    if len(words) >= 2 and set(words[:-1]) & (TITLE_WORDS | HONORIFICS):
        return Speaker(words[-1].title(), "principal", via_interpreter)
    return Speaker(label.strip().title(), "unknown", via_interpreter)
