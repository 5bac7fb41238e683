"""Speaker labels: finding them at line starts and saying whom they name.

The grammar (see the README, "Labels"): a line-initial label, optionally indented, is

* a reporter's bare ``Q`` followed by spaces or no-break spaces, a parenthetical or a dash, or
  ``Q.`` / ``Q:``;
* one to eight capitalised words (an honorific may be mixed case: ``Mr. KIRBY``) ending in ``:``,
  with an optional parenthetical before or after the colon (``(As interpreted.)``,
  ``(Via interpreter)``, ``(Inaudible.)``); a label ending in ``.`` instead (``MR. SULLIVAN.``)
  counts only when the same speaker is labelled with a colon in the transcript;
* the Public Papers form ``The President.`` / ``The Vice President.``.

Any label may stand after a clock time (``[00:01:02] SECRETARY POMPEO:``, ``00:12 Q``), as
transcription services and caption editors write them; the time belongs to the label's span.

A single upper-case word (``NATO:``, ``CBS:``) is a label only when it is a known role word
(``MODERATOR``, ``AIDE``, ``INTERPRETER`` ...) or labels a paragraph at least twice, or is the
surname of another label. Mixed-case openings (``On Iran:``) are never labels in a transcript
that has upper-case labels.

A transcript with none (only ``Q`` at most) may be labelled in mixed case, as many foreign
ministries and leaders' offices publish them (``Vladimir Putin:``, ``Question:``,
``Wang Wenbin:``): one to six capitalised words (lower-case particles such as ``of`` or ``de``
between them) and a colon, with the same optional parentheticals. Such a line is a label when
it is a known role word (``Question``, ``Moderator``, ``Interpreter`` ...), labels paragraphs at
least twice, or ends with a name of two words or more that does, its longer forms counted
(``President of Russia Vladimir Putin:`` then ``Vladimir Putin:``), or, found once, opens a
paragraph that asks a question beside a recurring speaker (``Beth Rigby, Sky News:``,
``Bloomberg:``: a reporter, :attr:`LabelMatch.asks`); and only when the labels found so make a
dialogue: at least three labelled paragraphs and two speakers. ``On Iran:`` once, or a header's
``Location:`` and ``Date:``, stay text. A mixed-case label may end its line when the speech
follows on the next one, and may end in a number (the transcription services' form:
``Mike Pompeo: (00:00)``, ``Speaker 2 (01:23):``, then the speech on its own line); two labels
that differ in their numbers (``Speaker 1``, ``Speaker 2``) are two speakers.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_WORD = rf"[{_UP}][{_UP}'\u2019\-]*\.?"
_HON = r"(?:Mr|Ms|Mrs|Dr|Miss)\.?"
_SP = "[ \t\u00a0]"
#: A clock time a label may stand after (``[00:01:02]``, ``00:12``, ``(1:02:03.5)``).
_CLOCK = rf"(?:[\[(]?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[.,]\d{{1,3}})?[\])]?{_SP}+)?"
_PAREN = r"\((?P<{name}>[^()\n]{{1,80}})\)"
#: Markdown emphasis a label may be set in (``**MR. PRICE:**``, ``**Q**``, ``*Question:*``).
_EM = r"(?:\*\*|\*|__)?"

#: A reporter's bare ``Q``: then spaces, a parenthetical, ``.``/``:`` or a dash glued to it.
Q_RE = re.compile(
    rf"^{_SP}*{_CLOCK}{_EM}(?P<label>Q)(?:{_EM}(?P<qp>[.:]){_EM}|{_EM}(?={_SP}+\S|{_SP}*\(|[\u2013\u2014-]))"
    rf"(?:{_SP}*{_PAREN.format(name='note')})?{_SP}*",
    re.MULTILINE,
)

#: An upper-case label (honorific may be mixed case) ending in ``:`` or ``.``.
LABEL_RE = re.compile(
    rf"^{_SP}*{_CLOCK}{_EM}(?P<label>(?:{_HON}|{_WORD})(?:{_SP}+{_WORD}){{0,7}})"
    rf"(?:{_SP}*{_PAREN.format(name='note1')})?{_EM}{_SP}*(?P<end>:|\.(?={_SP}))"
    rf"{_EM}(?:{_SP}*{_PAREN.format(name='note2')})?{_SP}*",
    re.MULTILINE,
)

#: Lower-case particles allowed between the words of a mixed-case label.
_PARTICLES = r"(?:of|the|de|del|della|da|di|do|dos|du|van|von|der|den|al|el|bin|ibn|la|le|y|and|for|on)"
_TWORD = rf"[{_UP}][\w'\u2019\-]*\.?"
#: A mixed-case label (``Vladimir Putin:``, ``Question (retranslated):``), ending in ``:`` then text.
MIXED_RE = re.compile(
    rf"^{_SP}*{_CLOCK}{_EM}(?P<label>{_TWORD}(?:{_SP}+(?:{_PARTICLES}{_SP}+){{0,2}}{_TWORD}){{0,5}}"
    rf"(?:{_SP}+\d{{1,3}})?(?P<outlet>,{_SP}+{_TWORD}(?:{_SP}+{_TWORD}){{0,3}})?)"
    rf"(?:{_SP}*{_PAREN.format(name='note1')})?{_EM}{_SP}*:{_EM}"
    rf"(?:{_SP}*{_PAREN.format(name='note2')})?(?:{_SP}+(?=\S)|{_SP}*\r?\n(?={_SP}*[^\s]))",
    re.MULTILINE,
)

#: The Public Papers form: ``The President.``, ``The Vice President.``.
PAPERS_RE = re.compile(rf"^{_SP}*(?P<label>The (?:Vice )?President)\.(?={_SP})"
                       rf"(?:{_SP}*{_PAREN.format(name='note')})?{_SP}*", re.MULTILINE)

#: The roles a speaker can have, in the order tables and charts show them.
ROLE_ORDER = ["principal", "reporter", "moderator", "other", "unknown"]

REPORTER_LABELS = frozenset({"QUESTION", "Q", "REPORTER", "JOURNALIST", "PARTICIPANT", "PRESS",
                             "PHOTOJOURNALIST", "REPORTERS", "QUESTIONER"})
MODERATOR_LABELS = frozenset({"MODERATOR", "OPERATOR", "HOST", "THE OPERATOR", "THE MODERATOR"})
OTHER_LABELS = frozenset({"INTERPRETER", "TRANSLATOR", "ANNOUNCER", "AUDIENCE MEMBER", "AUDIENCE",
                          "AUDIENCE MEMBERS", "NARRATOR", "CROWD", "VOICE", "PARTICIPANTS", "THE ANNOUNCER",
                          "OFF-MIC", "UNIDENTIFIED SPEAKER", "SPEAKER"})
PRINCIPAL_LABELS = frozenset({"A", "ANSWER"})
#: Staff labels whose role comes from what the speaker does (floor manager or answering official).
SHARED_LABELS = frozenset({"SENIOR ADMINISTRATION OFFICIAL", "AIDE", "WHITE HOUSE AIDE", "SPOKESPERSON",
                           "SPOKESMAN", "STAFF", "SENIOR STATE DEPARTMENT OFFICIAL", "OFFICIAL",
                           "WHITE HOUSE OFFICIAL", "SENIOR OFFICIAL"})
HONORIFICS = frozenset({"MR", "MRS", "MS", "MISS", "DR"})

#: Words of an official title; a label that holds one of them and a name is a named official.
TITLE_WORDS = frozenset({
    "SECRETARY", "MINISTER", "AMBASSADOR", "PRESIDENT", "DEPUTY", "UNDER", "ASSISTANT", "SPECIAL",
    "ENVOY", "REPRESENTATIVE", "GENERAL", "ADMIRAL", "SENATOR", "GOVERNOR", "CHANCELLOR", "PRIME",
    "FOREIGN", "STATE", "COUNSELOR", "DIRECTOR", "ADMINISTRATOR", "CHAIRMAN", "VICE", "ACTING",
    "KING", "QUEEN", "PRINCE", "SHEIKH", "COMMISSIONER", "HIGH", "SENIOR", "OFFICIAL", "DEFENSE",
    "MAYOR", "PREMIER", "CHIEF", "SPEAKER", "LEADER", "FM", "SECSTATE", "CHAIR", "SURGEON",
    "ATTORNEY", "FIRST", "LADY", "EMPEROR", "CAPTAIN", "COLONEL", "LIEUTENANT", "MAJOR", "SERGEANT",
    "CONGRESSMAN", "CONGRESSWOMAN", "COMMANDER", "GENERAL", "SHERIFF", "JUDGE", "POPE", "EMIR",
})
#: Known single-word role labels, accepted even when they occur once.
_ONE_WORD = (REPORTER_LABELS | MODERATOR_LABELS | OTHER_LABELS | PRINCIPAL_LABELS | SHARED_LABELS
             | {"NOTE", "PARTICIPANT"})
_NOT_LABELS = frozenset({"HTTP", "HTTPS", "WWW", "END", "NB", "PS", "UPDATE", "EDITOR'S NOTE"})
#: Parenthetical notes that say the speech came through an interpreter.
INTERPRETED_RE = re.compile(r"interpret|translat", re.IGNORECASE)


def normalise_label(label: str) -> str:
    """Upper-case a label, drop full stops and fold runs of spaces: ``"MS.  ORTAGUS"`` -> ``"MS ORTAGUS"``."""
    return " ".join(label.replace(".", " ").replace("\u00a0", " ").replace(":", " ").upper().split())


@dataclass(frozen=True)
class LabelMatch:
    """A speaker label found in a text."""

    start: int  #: offset of the label's first character (after leading spaces on the line)
    line_start: int  #: offset of the line the label stands on
    body_start: int  #: offset just past the label, the colon, any parenthetical note and spaces
    label: str  #: the label as written, without the colon
    via_interpreter: bool  #: a parenthetical note says the speech was interpreted
    note: str = ""  #: the parenthetical note after (or before) the colon, without brackets
    asks: bool = False  #: a mixed-case label found once whose paragraph asks a question: a reporter
    mixed: bool = False  #: found by the mixed-case grammar (a transcript without upper-case labels)


def _edit_distance(a: str, b: str, cap: int = 3) -> int:
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = prev2 = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                d = min(d, prev2[j - 2] + 1)  # a transposition counts as one edit
            cur.append(d)
        prev2, prev = prev, cur
    return prev[-1]


def _core(norm: str) -> str:
    words = norm.split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def same_name(a: str, b: str) -> bool:
    """Whether two normalised labels name the same speaker up to an honorific and a typo or two."""
    ca, cb = _core(a), _core(b)
    if ca == cb:
        return True
    if re.findall(r"\d+", ca) != re.findall(r"\d+", cb):
        return False  # "SPEAKER 1" and "SPEAKER 2"
    shorter = min(len(ca), len(cb))
    if shorter < 5:
        return False  # "Q" and "A", "RM" and "MR" are different speakers
    limit = 1 if shorter < 10 else 2
    return _edit_distance(ca, cb, limit) <= limit


def find_labels(text: str) -> list[LabelMatch]:
    """Find the speaker labels of a transcript, in order (see the module notes for the grammar).

    Clock times such as ``10:30``, URLs, acronyms such as ``NATO:`` and mixed-case openings such
    as ``On Iran:`` are not labels.
    """
    cands = []
    for m in Q_RE.finditer(text):
        note = m.group("note") or ""
        cands.append((m.start("label"), m.start(), m.end(), "Q", note, ":"))
    papers = list(PAPERS_RE.finditer(text))
    for m in papers:
        cands.append((m.start("label"), m.start(), m.end(), m.group("label"), m.group("note") or "", "."))
    taken = {c[1] for c in cands}
    for m in LABEL_RE.finditer(text):
        if m.start() in taken:
            continue
        label = m.group("label")
        if label == "Q" or re.fullmatch(r"[\d\W]*", label):
            continue
        note = m.group("note2") or m.group("note1") or ""
        cands.append((m.start("label"), m.start(), m.end(), label.rstrip("."), note, m.group("end")))
    colon = Counter(normalise_label(c[3]) for c in cands if c[5] == ":")
    surnames = {n.split()[-1] for n in colon if len(n.split()) > 1}
    out = []
    for start, line_start, body_start, label, note, end in sorted(cands):
        norm = normalise_label(label)
        words = norm.split()
        if not words or norm in _NOT_LABELS:
            continue
        if end == "." and label not in ("The President", "The Vice President"):
            if len(words) < 2 or not any(same_name(norm, c) for c in colon):
                continue  # "U.S." or a sentence at a line start, not a label
        if len(words) == 1 and norm not in _ONE_WORD and norm not in surnames:
            if colon[norm] < 2 and not any(same_name(norm, c) for c in colon if c != norm and colon[c] >= 2):
                continue  # NATO:, CBS: at the start of a paragraph
        if len(words) > 1 and words[0] in HONORIFICS and len(words) == 2 and len(words[1]) == 1:
            continue  # "MR. X." style initials are not labels
        out.append(LabelMatch(start, line_start, body_start, label, bool(INTERPRETED_RE.search(note)), note))
    if all(normalise_label(lab.label) == "Q" for lab in out):
        mixed = _mixed_case_labels(text)
        if mixed:
            return sorted([*out, *mixed], key=lambda lab: lab.start)
    return out


#: Role words a mixed-case label may be on its own (``Question:``, ``Moderator:``).
_MIXED_ROLE_WORDS = (REPORTER_LABELS | MODERATOR_LABELS | OTHER_LABELS | SHARED_LABELS | {"ANSWER"}) - {"Q"}


def _mixed_case_labels(text: str) -> list[LabelMatch]:
    """The mixed-case labels of a transcript without upper-case ones (see the module notes), or
    an empty list when they do not make a dialogue."""
    cands = []
    for m in MIXED_RE.finditer(text):
        label = m.group("label").rstrip(".")
        norm = normalise_label(label)
        if not norm or norm == "Q" or norm in _NOT_LABELS or (label.upper() == label and len(norm.split()) > 1):
            continue  # an upper-case label of several words was judged by the main grammar
        note = m.group("note2") or m.group("note1") or ""
        line_end = text.find("\n", m.end())
        asks = "?" in text[m.end(): line_end if line_end >= 0 else len(text)]
        cands.append((m.start("label"), m.start(), m.end(), label, note, norm, asks))
    counts = Counter(c[5] for c in cands)

    def ends_with(norm: str, name: str) -> bool:
        return norm.split()[-len(name.split()):] == name.split()

    # a name of two words or more recurs when it labels two paragraphs, counting its long forms
    recurring = [n for n in counts if len(n.split()) >= 2 and sum(k for m, k in counts.items() if ends_with(m, n)) >= 2]
    some_recur = bool(recurring) or any(k >= 2 for k in counts.values())
    out = []
    for start, line_start, body_start, label, note, norm, asks in cands:
        named = norm in _MIXED_ROLE_WORDS or counts[norm] >= 2 or any(ends_with(norm, n) for n in recurring)
        # or a questioner named once ("Beth Rigby, Sky News:", "Bloomberg:") beside a recurring speaker
        questioner = not named and asks and counts[norm] == 1 and some_recur
        if named or questioner:
            out.append(LabelMatch(start, line_start, body_start, label, bool(INTERPRETED_RE.search(note)), note,
                                  asks=questioner, mixed=True))
    # the questioners named once count as one speaker, the reporters
    speakers = len({normalise_label(lab.label) for lab in out if not lab.asks}) + any(lab.asks for lab in out)
    return out if len(out) >= 3 and speakers >= 2 else []


class Speaker(NamedTuple):
    """Who a label names: speaker name, role and whether the speech came through an interpreter."""

    speaker: str
    role: str
    interpreted: bool


def label_class(norm: str) -> str:
    """What a normalised label says on its own: ``reporter``, ``moderator``, ``other``, ``answer``
    (``A:``), ``leader`` (a titled name or ``THE PRESIDENT``), ``shared`` (staff labels such as
    ``SENIOR ADMINISTRATION OFFICIAL``), ``named`` (an honorific and a name) or ``unknown``. A
    trailing number is read past (``REPORTER 1`` is a reporter), except in ``SPEAKER 2``, a
    speaker the transcriber could not name: ``unknown``, judged by what it does."""
    words = norm.split()
    if len(words) >= 2 and words[-1].isdigit():  # "REPORTER 1", "AUDIENCE MEMBER 3", "SPEAKER 2"
        return "unknown" if words[:-1] == ["SPEAKER"] else label_class(" ".join(words[:-1]))
    if norm in REPORTER_LABELS or (words and words[0] in ("QUESTION", "REPORTER", "Q")):
        return "reporter"
    if norm in MODERATOR_LABELS or (words and words[-1] in ("MODERATOR", "OPERATOR")):
        return "moderator"
    if norm in OTHER_LABELS or (words and words[-1] in ("INTERPRETER", "TRANSLATOR", "ANNOUNCER")):
        return "other"
    if norm in PRINCIPAL_LABELS:
        return "answer"
    if norm in SHARED_LABELS or (words and words[-1] in ("OFFICIAL", "AIDE", "SPOKESPERSON", "SPOKESMAN")):
        return "shared"
    if words and words[0] == "THE" and len(words) >= 2 and set(words[1:]) & TITLE_WORDS:
        return "leader"
    if len(words) >= 2 and words[0] in HONORIFICS and not set(words) & TITLE_WORDS:
        return "named"
    if len(words) >= 2 and set(words[:-1]) & TITLE_WORDS:
        return "leader"
    return "unknown"


def speaker_name(label: str) -> str:
    """A readable speaker name from a label: ``MS. JEAN-PIERRE`` -> ``Jean-Pierre``,
    ``THE PRESIDENT`` -> ``The President``, ``SENIOR ADMINISTRATION OFFICIAL`` and a title without a
    name (``PRIME MINISTER``) kept whole."""
    norm = normalise_label(label)
    cls = label_class(norm)
    words = norm.split()
    if cls in ("leader", "named") and not words[0] == "THE" and not set(words) <= TITLE_WORDS:
        return words[-1].title().replace("’S", "’s")
    return norm.title()


def classify_label(label: str, principals: list[dict], via_interpreter: bool = False) -> Speaker:
    """Decide who a label names, from the label and the catalog alone.

    Parameters
    ----------
    label : str
        The label as written, e.g. ``"DEPUTY SECRETARY BLINKEN"``.
    principals : list of dict
        The event's principals from the catalog (keys ``surname``, ``interpreted``); may be empty.
    via_interpreter : bool
        Whether the label carried an interpreter note.

    Returns
    -------
    Speaker
        A principal named in the catalog gets its catalog surname. ``QUESTION``/``Q`` are the
        ``Reporter``; ``MODERATOR``/``OPERATOR`` the ``Moderator``; ``INTERPRETER``,
        ``ANNOUNCER``, ``AUDIENCE MEMBER`` role ``other``; a title with a name, ``THE PRESIDENT``,
        an honorific with a name and shared staff labels are provisionally ``principal`` (the
        loader settles them from behaviour, see :mod:`helpers.corpus._roles`); ``A:`` is the sole
        principal if the catalog lists one; anything else is ``unknown``.
    """
    norm = normalise_label(label)
    words = norm.split()
    for p in principals:
        if p["surname"].upper() in words or normalise_label(p["surname"]) == norm:
            return Speaker(p["surname"], "principal", bool(p.get("interpreted")) or via_interpreter)
    cls = label_class(norm)
    if cls == "reporter":
        return Speaker("Reporter", "reporter", via_interpreter)
    if cls == "moderator":
        return Speaker("Moderator", "moderator", via_interpreter)
    if cls == "other":
        return Speaker(norm.title(), "other", via_interpreter)
    if cls == "answer":
        if len(principals) == 1:
            p = principals[0]
            return Speaker(p["surname"], "principal", bool(p.get("interpreted")) or via_interpreter)
        return Speaker("Principal", "principal", via_interpreter)
    if cls in ("leader", "named", "shared"):
        return Speaker(speaker_name(label), "principal", via_interpreter)
    return Speaker(label.strip().title(), "unknown", via_interpreter)
