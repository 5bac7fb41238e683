"""Markdown transcripts: YAML front matter to event metadata, and an offset-exact normalisation.

A markdown transcript (``.md``) is read as its text with three changes, all of them white space
or escapes: a soft line break (a line end inside a paragraph) becomes a space, a backslash escape
(``\\[``) loses its backslash, and nothing else moves; a line that opens with a speaker label
keeps its line break even when the text wraps into it. Hard breaks (two trailing spaces), blank
lines and the front matter block are kept as they are, so every offset still points at the
characters the reader sees. A careful line-by-line pass does this exactly; a markdown renderer
would rewrite the text (entities, emphasis, list markers) and lose the offsets.
"""
from __future__ import annotations

import re

from ..errors import TranscriptError
from ._header import iso_date
from ._yaml import load_yaml

#: The YAML front matter block at the very start of a file: ``---`` ... ``---``.
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*(?:\r\n|\n)(?P<yaml>.*?)(?:\r\n|\n)?^---[ \t]*(?:\r\n|\n|\Z)",
                             re.S | re.M)

#: A markdown backslash escape of ASCII punctuation.
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")

#: Front matter keys that become event columns; any other key is kept as-is in ``metadata``.
FRONT_MATTER_FIELDS = {"title": "title", "date": "date", "source_url": "source_url", "url": "source_url",
                       "place": "place", "location": "place"}


def read_front_matter(text: str, path) -> tuple[dict, int]:
    """Parse the YAML front matter of a markdown transcript.

    Returns
    -------
    metadata : dict
        The front matter mapping (empty if there is none).
    end : int
        Offset just past the closing ``---`` line (0 if there is no front matter).

    Raises
    ------
    TranscriptError
        The block is not valid YAML, is not a mapping, or uses YAML aliases (message names the line).
    """
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}, 0
    data, _ = load_yaml(m.group("yaml") or "", path, TranscriptError, "front matter", offset_line=1)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise TranscriptError(path, "front matter must be a mapping of fields (key: value)", 2)
    return {str(k): v for k, v in data.items()}, m.end()


#: A line that opens with a speaker label ("MS. PSAKI:", "Q\u00a0\u00a0 ") keeps its line break even
#: when the transcript wraps into it without a blank line.
_LABEL_LINE = re.compile(r"^[ \t\u00a0]*(?:\*\*|\*|__)?(?:Q(?:\u00a0|  |[.:][ \u00a0])|(?:Mr|Ms|Mrs|Dr)?\.?[ \u00a0]*"
                         r"[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'\u2019\- \u00a0]{1,60}(?:\*\*|\*|__)?:(?:\*\*|\*|__)?[ \u00a0])")


def _blank(line: str) -> bool:
    return not line.strip(" \t\r\n\u00a0")


def normalise_markdown(text: str, start: int = 0) -> tuple[str, list[int]]:
    """Normalise the markdown body ``text[start:]``; ``text[:start]`` (front matter) is kept.

    Soft line breaks become one space, hard breaks (two or more trailing spaces, or a trailing
    backslash) and paragraph breaks stay, backslash escapes of punctuation are undone. Headings
    (``#``) keep their own line.

    Returns
    -------
    normalised : str
    line_offsets : list of int
        For each line of the original text (0-based), the offset of its first character in the
        normalised text, so that a line number in the raw file can be found again.
    """
    out = [text[:start]]
    offsets = [m.start() for m in _LINE_RE.finditer(text[:start]) if m.group()] if start else []
    pos = start
    lines = [m.group() for m in _LINE_RE.finditer(text, start) if m.group()]
    for i, line in enumerate(lines):
        offsets.append(pos)
        content = line.rstrip("\r\n")
        ending = line[len(content):]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        hard = content.endswith("  ") or content.endswith("\\")
        soft = (ending and not _blank(content) and nxt and not _blank(nxt) and not hard
                and not content.lstrip().startswith("#") and not nxt.lstrip().startswith("#")
                and not _LABEL_LINE.match(nxt))
        if "\\" not in content:  # nothing to undo (most lines)
            body = content
        elif content.endswith("\\") and not soft:
            body = _ESCAPE_RE.sub(r"\1", content[:-1]) + "\\"
        else:
            body = _ESCAPE_RE.sub(r"\1", content)
        piece = body + (" " if soft else ending)
        out.append(piece)
        pos += len(piece)
    return "".join(out), offsets


#: Written dates front matter may hold besides the header's forms: a weekday before the date
#: ("Wednesday, March 3, 2021"), day first ("3 March 2021"), an ISO date with a time of day.
_WEEKDAY = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+", re.I)
_DAY_FIRST = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})$")
_ISO_TIME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s*[A-Z]{2,4})?$")


def front_matter_date(value: str) -> str:
    """The ISO form of a front matter date written as a header date (:func:`._header.iso_date`),
    with a weekday before it, day first, or as an ISO date and time; ``""`` if it is none of these."""
    value = _WEEKDAY.sub("", value.strip())
    if m := _ISO_TIME.match(value):
        value = m["date"]
    elif m := _DAY_FIRST.match(value):
        value = f"{m['month'].capitalize()} {m['day']}, {m['year']}"
    return iso_date(value)


def front_matter_facts(meta: dict) -> dict:
    """Event facts from front matter: ``title``, ``date``, ``source_url``, ``place`` as strings
    (the date in ISO form where :func:`front_matter_date` reads it, else as written)."""
    facts = {}
    for key, column in FRONT_MATTER_FIELDS.items():
        if key in meta and meta[key] not in (None, "") and column not in facts:
            value = meta[key]
            if column == "date" and hasattr(value, "isoformat"):
                value = value.isoformat()[:10]
            facts[column] = " ".join(str(value).split())
            if column == "date":
                facts[column] = front_matter_date(facts[column]) or facts[column]
    return facts
