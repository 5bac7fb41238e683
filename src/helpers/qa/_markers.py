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

import numpy as np
import pandas as pd

from ..config import DATA_DIR
from ..text import compile_patterns, count_words, read_cue_file, split_sentences

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
    markers = markers or load_markers()
    rows = []
    for name, spec in markers["classes"].items():
        for pat in spec["patterns"]:
            for m in pat.finditer(text):
                rows.append({"marker_class": name, "alone": spec["alone"], "with_content": spec["with_content"],
                             "start": m.start(), "end": m.end(), "span": m.group()})
    cols = ["marker_class", "alone", "with_content", "start", "end", "span"]
    out = pd.DataFrame(rows, columns=cols).sort_values("start", kind="stable")
    return out.drop_duplicates("start").reset_index(drop=True)


_BUT = re.compile(r"(?:,\s*|\s)(?:but|though|however)\b", re.IGNORECASE)


def withheld_spans(text: str, hits: pd.DataFrame) -> list[tuple[int, int]]:
    """Spans of ``text`` taken up by markers: each marker's sentence, up to a later ``but``."""
    spans = []
    sentences = split_sentences(text) or [(0, len(text))]
    for start in hits["start"]:
        a, b = next(((s, e) for s, e in sentences if s <= start < e), (0, len(text)))
        but = _BUT.search(text, start, b)
        spans.append((a, but.start() if but else b))
    return spans


def classify_answer(text: str, markers: dict | None = None) -> dict:
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
    hits = find_markers(text, markers)
    withheld = np.zeros(len(text), dtype=bool)
    for a, b in withheld_spans(text, hits):
        withheld[a:b] = True
    content = "".join(ch if not w else " " for ch, w in zip(text, withheld))
    n_content = count_words(content)
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
        if m and not ((hits["start"] < offset + m.end()) & (hits["end"] > offset + m.start())).any():
            opening = (offset + m.start(), offset + m.end())
            break
    caveats_only = bool(len(hits)) and hits["with_content"].isna().all()
    if len(hits) and n_content < markers["min_content_words"] and not (caveats_only and opening):
        h = hits.iloc[0]
        return decide("non_reply", h["alone"], h["start"], h["end"], h["marker_class"])
    if opening:
        return decide("reply", "explicit", *opening, "explicit_opening")
    effective = hits[hits["with_content"].notna()]
    if len(effective):
        h = effective.iloc[0]
        return decide("ambivalent", h["with_content"], h["start"], h["end"], h["marker_class"])
    return result
