"""Caption files (SubRip ``.srt``, WebVTT ``.vtt``): their cues as the running text of a captions
transcript.

The corpus keeps the cue texts in order, one cue to a line (a cue's own line breaks become
spaces), with markup removed: tags such as ``<i>``, ``<b>``, ``<font ...>``, WebVTT classes
``<c.yellow>`` and inline times ``<00:00:01.000>``, and the HTML entities ``&amp;``, ``&lt;``,
``&gt;``, ``&nbsp;`` decoded. A WebVTT voice span (``<v Mike Pompeo>``, ``<v.loud Mike Pompeo>``)
names the speaker: a cue whose voice differs from the cue before it opens with that name as a
label (``Mike Pompeo: ...``), so a caption file with voices loads as a labelled transcript, its
roles read from the names and from what each speaker does. Cue numbers, timings and cue settings,
the ``WEBVTT`` line and WebVTT ``NOTE``, ``STYLE`` and ``REGION`` blocks are not spoken text. What the
timings say is kept with the event (:func:`read_captions` returns it as metadata): the number of
cues and the earliest and latest cue time in seconds; the event's ``duration_min`` comes from them.
A block without a cue timing, or a timing that cannot be read, is an error naming the file and
line: nothing is dropped silently.
"""
from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

from ..errors import TranscriptError, TranscriptWarning, user_stacklevel

#: File endings read as caption files.
CAPTION_SUFFIXES = (".srt", ".vtt")

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING_RE = re.compile(rf"^\s*(?P<a>{_TIME})\s*-->\s*(?P<b>{_TIME})(?:\s+.*)?$")
_TAG_RE = re.compile(r"</?(?:[a-zA-Z][^<>]*|\d[\d:.]*)>")
_BLANK_RE = re.compile(r"^[ \t\u00a0]*$")


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    value = 0.0
    for p in parts:
        value = value * 60 + float(p)
    return value


_VOICE_RE = re.compile(r"<v(?:\.[\w.-]+)*[ \t]+([^<>]+?)[ \t]*>")


def _cue_text(lines: list[str]) -> tuple[str, str | None]:
    """A cue's text without markup, and the name of its first voice span (or None)."""
    voice = next((m.group(1) for m in map(_VOICE_RE.search, lines) if m), None)
    text = " ".join(html.unescape(_TAG_RE.sub("", line)).replace("\u00a0", " ").strip() for line in lines)
    voice = " ".join(html.unescape(voice).replace(":", " ").split()) if voice else None
    if voice and voice == voice.lower():
        voice = voice.title()  # "<v interviewer>" -> "Interviewer:", a label the grammar reads
    return " ".join(text.split()), voice or None


def read_captions(text: str, path: str | Path) -> tuple[str, dict]:
    """The running text of a caption file and what its timings say.

    Parameters
    ----------
    text : str
        The decoded file.
    path : str or Path
        The file (its ending says SubRip or WebVTT; named in messages).

    Returns
    -------
    text : str
        The cue texts, one cue to a line (empty cues left out: they hold no words).
    meta : dict
        ``captions_format`` (``srt`` or ``vtt``), ``cues`` (how many hold text),
        ``captions_start_s`` and ``captions_end_s`` (the earliest and the latest cue time, seconds;
        a cue that ends before it starts is warned about).

    Raises
    ------
    TranscriptError
        The file has no cue, a WebVTT file does not start with ``WEBVTT``, or a block has no
        readable timing line (the message names the line).
    """
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    lines = text.splitlines()
    blocks: list[tuple[int, list[str]]] = []  # (1-based line of the block's first line, its lines)
    current: list[str] = []
    for i, line in enumerate(lines, 1):
        if _BLANK_RE.match(line):
            if current:
                blocks.append((i - len(current), current))
                current = []
        else:
            current.append(line)
    if current:
        blocks.append((len(lines) - len(current) + 1, current))
    if kind == "vtt":
        if not blocks or not blocks[0][1][0].lstrip("\ufeff").startswith("WEBVTT"):
            raise TranscriptError(path, "a WebVTT caption file must start with 'WEBVTT'", line=1)
        blocks = [b for b in blocks[1:] if b[1][0].split(" ", 1)[0] not in ("NOTE", "STYLE", "REGION")]
    cues, starts, ends, backwards, last_voice = [], [], [], None, None
    for first, block in blocks:
        at = next((k for k, line in enumerate(block[:2]) if "-->" in line), None)
        if at is None:
            raise TranscriptError(path, "expected a cue timing such as '00:00:01,000 --> 00:00:04,000' "
                                        f"(a cue is {'a number, ' if kind == 'srt' else ''}a timing line and its text)",
                                  line=first)
        m = _TIMING_RE.match(block[at])
        if not m:
            raise TranscriptError(path, f"unreadable cue timing {block[at].strip()!r}", line=first + at)
        starts.append(_seconds(m.group("a")))
        ends.append(_seconds(m.group("b")))
        if ends[-1] < starts[-1] and not backwards:
            backwards = (first + at, block[at].strip())
        cue, voice = _cue_text(block[at + 1:])
        if cue:
            cues.append(f"{voice}: {cue}" if voice and voice != last_voice else cue)
            last_voice = voice or last_voice
    if not cues:
        raise TranscriptError(path, f"no caption text: the {kind} file has no cue with words")
    if backwards:
        warnings.warn(f"{path}, line {backwards[0]}: a cue ends before it starts ({backwards[1]!r}); the "
                      "duration spans the earliest to the latest time of any cue", TranscriptWarning,
                      stacklevel=user_stacklevel())
    times = starts + ends
    meta = {"captions_format": kind, "cues": len(cues), "captions_start_s": round(min(times), 3),
            "captions_end_s": round(max(times), 3)}
    return "\n".join(cues) + "\n", meta
