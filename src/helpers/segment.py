"""Reading transcript files and cutting them into turns and sentences, losslessly.

All offsets are character offsets into the *decoded* text (see :func:`read_transcript`), end
exclusive. Turn spans include their label and the whitespace that follows the turn, so the
header span and the turn spans of an event tile its text exactly.
"""
from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .errors import TranscriptError, TranscriptWarning

# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

#: Control characters that never occur in a text transcript (tab, LF, FF, CR are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_transcript(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a transcript file.

    UTF-8 is tried first (a byte-order mark is removed); text that is not UTF-8 is decoded as
    Windows-1252, the usual encoding of transcripts saved from web pages, with a
    :class:`TranscriptWarning`. Line endings are kept as they are, so offsets stay true to
    the file.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str or Path
        Used in messages only.

    Returns
    -------
    text : str
        The decoded text.
    encoding : str
        ``"utf-8"``, ``"utf-8-sig"`` (a BOM was removed) or ``"cp1252"``.

    Raises
    ------
    TranscriptError
        If the file is empty or blank, looks binary (NUL or other control bytes), is neither
        UTF-8 nor Windows-1252, or is a known non-transcript format (HTML, JSON, RTF, PDF).
    """
    if not data.strip():
        raise TranscriptError(path, "the file is empty" if not data else "the file holds only whitespace")
    head = data[:4096]
    if head.startswith(b"%PDF"):
        raise TranscriptError(path, "this is a PDF file, not a plain-text transcript; save the text as UTF-8 .txt")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise TranscriptError(path, "the file looks binary (it holds NUL bytes); a transcript must be plain text (UTF-8)")
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise TranscriptError(
                path,
                f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}) "
                "and not Windows-1252 either; re-save the file as UTF-8",
            ) from None
        encoding = "cp1252"
        warnings.warn(
            f"{path}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}); "
            "decoded as Windows-1252 (cp1252). Re-save it as UTF-8 to silence this warning.",
            TranscriptWarning,
            stacklevel=2,
        )
    bad = _CONTROL.search(text)
    if bad:
        raise TranscriptError(
            path, f"the file looks binary (control character {bad.group()!r} at character {bad.start()})"
        )
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html")):
        raise TranscriptError(path, "this is an HTML page, not a plain-text transcript; save the page as text")
    if start.startswith("{\\rtf"):
        raise TranscriptError(path, "this is an RTF document, not a plain-text transcript; save it as plain text")
    if start.startswith(("{", "[")) and start.rstrip().endswith(("}", "]")) or start.startswith('{"'):
        raise TranscriptError(path, "this looks like JSON, not a plain-text transcript")
    return text, encoding


def read_transcript(path: str | Path) -> tuple[str, str]:
    """Read and decode a transcript file; see :func:`decode_transcript`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TranscriptError(path, f"cannot be read ({exc.strerror})") from None
    return decode_transcript(data, path)


# --------------------------------------------------------------------------------------------
# Speaker labels
# --------------------------------------------------------------------------------------------

_WORD = r"[A-Z][A-Z'\u2019\-]*\.?"
#: A speaker label at the start of a line: one to six upper-case words (or Q / A), a colon,
#: an optional "(Via interpreter)" note, then spaces or no-break spaces.
LABEL_RE = re.compile(
    rf"^[ \t\u00a0]*(?P<label>(?:{_WORD})(?:[ \u00a0]+{_WORD}){{0,5}})[ \u00a0]*:"
    r"(?:[ \t\u00a0]*\((?P<via>[Vv]ia [Ii]nterpret(?:er|ation))\))?[ \t\u00a0]*",
    re.MULTILINE,
)

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


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "amb", "gov", "lt", "col", "capt", "sgt",
    "jr", "sr", "vs", "etc", "no", "nos", "e.g", "i.e", "approx", "dept", "govt", "corp", "inc",
    "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
# Candidate sentence ends: terminal punctuation (and closing quotes/brackets) followed by
# whitespace; or a blank line.
_SENT_END = re.compile(r"[.?!\u2026]+[\"'\u201d\u2019)\]]*(?=\s)|\n[ \t\u00a0]*\r?\n")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def _previous_token(text: str, start: int, end: int) -> str:
    """The run of non-space characters that ends at ``end`` (not before ``start``)."""
    i = end
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:end]


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into sentence spans that tile it exactly.

    A sentence ends at ``.``, ``?``, ``!`` or ``…`` followed by white space, or at a blank
    line; not after a single letter (initials, ``U. S.``) or a common abbreviation (``Mr.``).
    The white space after a sentence belongs to it. A span of white space alone is merged
    into the sentence before it.

    Returns
    -------
    list of (int, int)
        ``(start_char, end_char)`` pairs, end exclusive; empty if the range is blank.
    """
    end = len(text) if end is None else end
    if not text[start:end].strip():
        return []
    cuts = []
    for m in _SENT_END.finditer(text, start, end):
        if m.group().startswith((".",)) and m.group().rstrip("\"'\u201d\u2019)]") == ".":
            token = _previous_token(text, start, m.start()).lower().lstrip("(\"'\u201c")
            if len(token) == 1 and token.isalpha() or token in ABBREVIATIONS or _INITIALS.fullmatch(token):
                continue
        pos = m.end()
        while pos < end and text[pos].isspace():
            pos += 1
        if pos < end and (not cuts or pos > cuts[-1]):
            cuts.append(pos)
    bounds = [start] + cuts + [end]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and not text[a:b].strip():
            merged[-1] = (merged[-1][0], b)
        elif merged and not text[merged[-1][0]:merged[-1][1]].strip():
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


# --------------------------------------------------------------------------------------------
# Small text utilities
# --------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_WORDS = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
NOTE_RE = re.compile(r"\[[^\[\]\n]{1,80}\]")
_INTERRUPTED = re.compile(r"(?:--|\u2014|\u2013|-)\s*$")


def normalise_space(text: str) -> str:
    """Fold every run of white space (including no-break spaces and line ends) to one space."""
    return _WS.sub(" ", text).strip()


def count_words(text: str) -> int:
    """Count words: runs of letters and digits, with inner apostrophes and hyphens."""
    return len(_WORDS.findall(text))


def is_interrupted(body: str) -> bool:
    """Whether a turn breaks off: its text ends in ``--`` or a dash."""
    return bool(_INTERRUPTED.search(body.rstrip()))
