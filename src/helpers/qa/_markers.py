"""Rule-based clarity of answers, after the CLARITY / QEvasion taxonomy.

Each answer turn gets ``clarity`` in ``reply | ambivalent | non_reply`` and, where a marker
shows it, a ``clarity_type``:

=============  ===============================================================
clarity        clarity_type
=============  ===============================================================
reply          explicit
ambivalent     implicit, general, partial, dodging, deflection
non_reply      declining, claims ignorance, clarification
=============  ===============================================================

Markers (``data/clarity_markers.yml``) are phrases such as ``I'm not going to get into``,
``I don't do politics``, ``nothing that I can really share``, ``I can't confirm`` or ``Can
you repeat the question?``. The decision for one turn:

1. Find every marker and mark its sentence (up to a following ``but``, after which the
   speaker goes on to say something) as *withheld*; the other words are *content*.
2. If there is a marker and fewer than ``min_content_words`` content words, the turn is a
   **non_reply** of the first marker's ``alone`` type -- unless the markers are only caveats
   or clarification requests and the turn opens with an explicit answer.
3. Otherwise, if the turn opens with an explicit answer (``Yes``, ``No``, ``Not to my
   knowledge``, ``There's no ...``, ``We do ...``) that is not itself part of a marker, it is
   an explicit **reply**.
4. Otherwise, a marker whose class has a ``with_content`` type (declining, withholding,
   hand-off) makes the turn **ambivalent** of that type; caveats (``I can't confirm``) and
   clarification requests inside a substantive answer are ignored.
5. Otherwise the turn is a **reply** with no type.

Implicit, general and dodging answers without a marker are not detected (they need the
question's meaning); see ``annotations/qa_gold.md`` for the hand-coded agreement.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..config import DATA_DIR
from ..text import (
    any_match,
    compile_patterns,
    count_words,
    lower_case_pattern,
    lower_keeps_matches,
    read_cue_file,
    split_sentences,
)

#: The marker file shipped with the package.
MARKERS_PATH = DATA_DIR / "clarity_markers.yml"


#: The three clarity classes, in display order.
CLARITY = ("reply", "ambivalent", "non_reply")


#: The clarity type of each class in the taxonomy.
TYPES = {
    "explicit": "reply",
    "implicit": "ambivalent", "general": "ambivalent", "partial": "ambivalent", "dodging": "ambivalent",
    "deflection": "ambivalent",
    "declining": "non_reply", "claims ignorance": "non_reply", "clarification": "non_reply",
}


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    raw = read_cue_file(path)
    try:
        classes = raw["classes"]
        opening = raw["explicit_opening"]
    except (TypeError, KeyError) as exc:
        raise ValueError(f"{path}: needs 'classes' and 'explicit_opening'") from exc
    out = {"classes": {}, "min_content_words": int(raw.get("min_content_words", 20))}
    for name, spec in classes.items():
        for key in ("alone", "with_content"):
            t = spec.get(key)
            if t is not None and t not in TYPES:
                raise ValueError(f"{path}: class {name!r} has unknown {key} type {t!r}")
        out["classes"][name] = {
            "alone": spec["alone"],
            "with_content": spec.get("with_content"),
            "patterns": compile_patterns(spec["patterns"]),
        }
    out["explicit_opening"] = compile_patterns(opening)
    return out


def load_markers(path: str | Path | None = None) -> dict:
    """Read and compile the clarity markers.

    Parameters
    ----------
    path : str or Path, optional
        A YAML marker file; default :data:`MARKERS_PATH`.

    Returns
    -------
    dict
        ``classes`` (name -> ``alone``, ``with_content``, compiled ``patterns``),
        ``explicit_opening`` (compiled patterns) and ``min_content_words``.
    """
    return _load(str(path or MARKERS_PATH))


_LITERAL_CACHE: dict = {}


def _required_literals(pattern: re.Pattern) -> list[tuple[str, ...]]:
    """Plain-character runs of ``pattern`` (lower case, three characters or more) every match
    contains: the longest run outside groups (as a one-element tuple), and per alternation outside
    groups the longest run of each of its alternatives (a match contains one of them). Empty when
    there is none."""
    try:
        import re._parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - a pattern the parser cannot read is always run
        return []

    def longest(items) -> str:
        best, run = "", ""
        for op, arg in list(items) + [(None, None)]:
            if op == sre_parse.LITERAL:
                run += chr(arg)
            elif op != sre_parse.AT:
                best = max(best, run, key=len)
                run = ""
        return best.lower()

    out = []
    best = longest(parsed)
    if len(best) >= 3:
        out.append((best,))
    for op, arg in parsed:
        if op == sre_parse.BRANCH:
            alternatives = tuple(longest(alt) for alt in arg[1])
            if all(len(a) >= 3 for a in alternatives):
                out.append(alternatives)
    return out


def _literals(markers: dict) -> list[list[tuple[list[tuple[str, ...]], re.Pattern | None]]]:
    """Per marker class and pattern: the required runs (:func:`_required_literals`) and the
    lower-case pattern."""
    key = id(markers)
    if key not in _LITERAL_CACHE:
        _LITERAL_CACHE[key] = (markers, [[(_required_literals(p), lower_case_pattern(p)) for p in spec["patterns"]]
                                         for spec in markers["classes"].values()])
    return _LITERAL_CACHE[key][1]


def _contains(text: str, runs: list[tuple[str, ...]]) -> bool:
    """Whether ``text`` holds one run of each tuple of ``runs``."""
    for alternatives in runs:
        for run in alternatives:
            if run in text:
                break
        else:
            return False
    return True


def marker_matches(text: str, markers: dict) -> list[tuple[int, int, str, int, str]]:
    """Every match of every marker pattern in ``text``: ``(start, end, marker_class, pattern
    index, span)``, class by class and pattern by pattern in the order of the marker file, each
    pattern's matches in order. The matches of the patterns as written; where the lower case keeps
    them (:func:`helpers.text.lower_keeps_matches`) a pattern runs over the lower-cased text, and
    only if the text holds the plain runs every match of it contains (several times faster)."""
    patterns = [pat for spec in markers["classes"].values() for pat in spec["patterns"]]
    if not any_match(patterns, text):
        return []
    lowered = text.lower()
    same = lower_keeps_matches(text, lowered)  # else the patterns run as written, unfiltered
    out = []
    for (cls, spec), fast in zip(markers["classes"].items(), _literals(markers)):
        for i, (pat, (runs, fpat)) in enumerate(zip(spec["patterns"], fast)):
            if same and runs and not _contains(lowered, runs):
                continue
            found = fpat.finditer(lowered) if (same and fpat is not None) else pat.finditer(text)
            out.extend((m.start(), m.end(), cls, i, text[m.start():m.end()]) for m in found)
    return out


def _marker_hits(text: str, markers: dict) -> list[tuple]:
    """``(start, end, marker_class, alone, with_content, span)`` of every marker, by start; where
    several markers start at one offset, the first listed in the marker file is kept."""
    classes = markers["classes"]
    rows = [(s, e, cls, classes[cls]["alone"], classes[cls]["with_content"], span)
            for s, e, cls, _, span in marker_matches(text, markers)]
    rows.sort(key=lambda r: r[0])
    seen: set[int] = set()
    return [r for r in rows if not (r[0] in seen or seen.add(r[0]))]


def find_markers(text: str, markers: dict | None = None) -> pd.DataFrame:
    """Every clarity marker in a text.

    Parameters
    ----------
    text : str
        An answer turn's text.
    markers : dict, optional
        From :func:`load_markers`.

    Returns
    -------
    DataFrame
        ``marker_class, alone, with_content, start, end, span`` sorted by ``start``.
    """
    hits = _marker_hits(text, markers or load_markers())
    cols = ["marker_class", "alone", "with_content", "start", "end", "span"]
    return pd.DataFrame([(c, a, w, s, e, sp) for s, e, c, a, w, sp in hits], columns=cols)


_BUT = re.compile(r"(?:,\s*|\s)(?:but|though|however)\b", re.IGNORECASE)


def withheld_spans(text: str, hits) -> list[tuple[int, int]]:
    """Spans of ``text`` taken up by markers: each marker's sentence, up to a later ``but``.

    ``hits`` is a table from :func:`find_markers` or a list of marker starts.
    """
    spans = []
    starts = hits["start"] if isinstance(hits, pd.DataFrame) else hits
    if not len(starts):  # no marker (most turns): no sentence to find
        return spans
    sentences = split_sentences(text) or [(0, len(text))]
    for start in starts:
        a, b = next(((s, e) for s, e in sentences if s <= start < e), (0, len(text)))
        but = _BUT.search(text, start, b)
        spans.append((a, but.start() if but else b))
    return spans


def content_word_count(text: str, starts) -> int:
    """Words of ``text`` left once the spans withheld by markers starting at ``starts`` are
    blanked out (:func:`withheld_spans`)."""
    blanked, last = [], 0
    for a, b in sorted(withheld_spans(text, starts)):
        if b > last:
            blanked.append(text[last:max(a, last)])
            last = b
    blanked.append(text[last:])
    return count_words(" ".join(blanked))


#: Answers classified lately, by marker set and text: build_exchanges and answer_clarity
#: classify the same answer turns.
_CLASSIFIED: dict[tuple[int, str], tuple[dict, dict]] = {}


def classify_answer(text: str, markers: dict | None = None) -> dict:
    """Clarity of one answer turn (see :func:`_classify_answer`); repeated calls with the same
    text and markers are answered from a small memo."""
    markers = markers or load_markers()
    key = (id(markers), text or "")
    hit = _CLASSIFIED.get(key)
    if hit is not None and hit[0] is markers:
        return dict(hit[1])
    result = _classify_answer(text, markers)
    if len(_CLASSIFIED) > 4096:
        _CLASSIFIED.clear()
    _CLASSIFIED[key] = (markers, dict(result))
    return result


def _classify_answer(text: str, markers: dict | None = None) -> dict:
    """Clarity of one answer turn.

    Parameters
    ----------
    text : str
        The turn's text (without its speaker label).
    markers : dict, optional
        From :func:`load_markers`.

    Returns
    -------
    dict
        ``clarity``, ``clarity_type`` (``None`` when no marker shows it), ``evidence`` (the
        span that decided, or ``None``), ``evidence_start``/``evidence_end`` (offsets into
        ``text``, -1 without evidence), ``marker_class`` and ``n_content_words``.
    """
    markers = markers or load_markers()
    text = text or ""
    hits = _marker_hits(text, markers)
    n_content = content_word_count(text, [h[0] for h in hits])
    result = {"clarity": "reply", "clarity_type": None, "evidence": None, "evidence_start": -1,
              "evidence_end": -1, "marker_class": None, "n_content_words": n_content}

    def decide(clarity, ctype, start, end, cls):
        result.update(clarity=clarity, clarity_type=ctype, evidence=text[start:end], evidence_start=int(start),
                      evidence_end=int(end), marker_class=cls)
        return result

    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    opening = None
    for pat in markers["explicit_opening"]:
        m = pat.search(stripped)
        if m and not any(s < offset + m.end() and e > offset + m.start() for s, e, *_ in hits):
            opening = (offset + m.start(), offset + m.end())
            break
    caveats_only = bool(hits) and all(h[4] is None for h in hits)
    if hits and n_content < markers["min_content_words"] and not (caveats_only and opening):
        s, e, cls, alone, _, _ = hits[0]
        return decide("non_reply", alone, s, e, cls)
    if opening:
        return decide("reply", "explicit", *opening, "explicit_opening")
    effective = [h for h in hits if h[4] is not None]
    if effective:
        s, e, cls, _, ctype, _ = effective[0]
        return decide("ambivalent", ctype, s, e, cls)
    return result
