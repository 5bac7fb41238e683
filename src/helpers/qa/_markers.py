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


def _marker_hits(text: str, markers: dict) -> list[tuple]:
    """``(start, end, marker_class, alone, with_content, span)`` of every marker, by start; where
    several markers start at one offset, the first listed in the marker file is kept."""
    if not any_match([pat for spec in markers["classes"].values() for pat in spec["patterns"]], text):
        return []
    rows = [(m.start(), m.end(), name, spec["alone"], spec["with_content"], m.group())
            for name, spec in markers["classes"].items() for pat in spec["patterns"] for m in pat.finditer(text)]
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
