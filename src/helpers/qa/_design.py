"""Rule-based design features of reporters' questions.

The features follow Clayman and Heritage's dimensions of journalists' questions at press
conferences:

* **initiative** – a preface before the question, the number of questions and of distinct
  parts in the turn, and whether the question follows up the preceding exchange;
* **directness** – a self-referencing frame (``I wonder if``), an other-referencing frame
  (``can you tell us``) or a direct ``do you / will you``;
* **assertiveness** – negative interrogatives (``don't you think``) and prefaces that favour an
  answer (``obviously``, ``the fact remains``);
* **adversarialness** – prefaces that oppose the official or cite critics;
* **accountability** – ``why``, ``how can you justify``;
* **addressee** – the principal each part of the question is put to.

Every cue is a regular expression from ``data/question_cues.yml`` matched on the words, so the
rules work on caption text without question marks. Every feature keeps the span that triggered
it (:func:`question_cues`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import DATA_DIR
from ..text import (
    any_match,
    apostrophe_tolerant,
    compile_patterns,
    overlap_share,
    read_cue_file,
    split_sentences,
)

#: The cue file shipped with the package.
CUES_PATH = DATA_DIR / "question_cues.yml"


#: Boolean design features, in display order, with their dimension.
FEATURES = {
    "preface": "initiative",
    "multi_question": "initiative",
    "multi_part": "initiative",
    "follow_up": "initiative",
    "self_referencing": "directness",
    "other_referencing": "directness",
    "direct": "directness",
    "negative_interrogative": "assertiveness",
    "favouring_preface": "assertiveness",
    "adversarial_preface": "adversarialness",
    "accountability": "accountability",
}


@lru_cache(maxsize=4)
def _load_cues_cached(path: str) -> dict:
    raw = read_cue_file(path)
    cues: dict = {}
    for key, value in raw.items():
        if key == "address_terms":
            cues[key] = value
        elif isinstance(value, (str, list)):
            cues[key] = compile_patterns(value)
        else:
            raise ValueError(f"{path}: cue {key!r} must be a pattern or a list of patterns")
    clause = raw["clause_start"]
    cues["question_start"] = [re.compile(apostrophe_tolerant(clause + "(?:" + p + ")"), re.IGNORECASE)
                              for p in raw["interrogative"]]
    return cues


def load_cues(path: str | Path | None = None) -> dict:
    """Read and compile the question cues.

    Parameters
    ----------
    path : str or Path, optional
        A YAML cue file; default :data:`CUES_PATH`.

    Returns
    -------
    dict
        Cue name -> list of compiled patterns (``address_terms`` is kept as read).
    """
    return _load_cues_cached(str(path or CUES_PATH))


def _find(patterns: list[re.Pattern], text: str) -> list[tuple[int, int, str]]:
    """All non-overlapping matches of any pattern, sorted by start: ``(start, end, matched)``."""
    if not any_match(patterns, text):
        return []
    hits = []
    for pat in patterns:
        hits.extend((m.start(), m.end(), m.group()) for m in pat.finditer(text) if m.end() > m.start())
    hits.sort()
    out: list[tuple[int, int, str]] = []
    for h in hits:
        if out and h[0] < out[-1][1]:
            continue
        out.append(h)
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (see :func:`helpers.text.split_sentences`)."""
    return split_sentences(text) or [(0, len(text))]


def _sentence_of(text: str, pos: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` that holds offset ``pos``."""
    for a, b in _sentences(text):
        if a <= pos < b:
            return a, b
    return 0, len(text)


_INTERROGATIVE_WORD = re.compile(
    r"(?:do|does|did|are|is|was|were|will|would|can|could|should|shall|have|has|had|may|might|what|why|how|"
    r"when|where|who|which|whether)\b", re.IGNORECASE)


def question_start(text: str, cues: dict | None = None) -> int:
    """Offset where the first question of a turn starts.

    The first clause-initial interrogative (``did you``, ``what``) inside the first sentence
    that ends with a question mark, or in the whole text if none does (captions). Falls back to
    the start of the first ``?`` sentence, else 0.

    Parameters
    ----------
    text : str
        The question turn's text.
    cues : dict, optional
        From :func:`load_cues`.

    Returns
    -------
    int
    """
    cues = cues or load_cues()
    q = text.find("?")
    lo, hi = (_sentence_of(text, q) if q >= 0 else (0, len(text)))
    best = None
    for pat in cues["question_start"]:
        m = pat.search(text, lo, hi)
        if m:
            word = _INTERROGATIVE_WORD.search(m.group())
            s = m.start() + (word.start() if word else 0)
            best = s if best is None else min(best, s)
    for pat in cues["self_referencing"] + cues["other_referencing"]:
        m = pat.search(text, lo, hi)
        if m:
            best = m.start() if best is None else min(best, m.start())
    if q < 0:
        # No question mark (captions, questions put as requests): clause starts are unreliable,
        # so an auxiliary + subject anywhere also counts.
        m = cues["interrogative"][0].search(text)
        if m:
            best = m.start() if best is None else min(best, m.start())
    if best is not None:
        return best
    return lo if q >= 0 else 0


def _addressee_patterns(principals: pd.DataFrame, cues: dict) -> list[tuple[str, re.Pattern]]:
    """(surname, pattern) pairs that recognise an address to each principal."""
    terms = cues.get("address_terms", {})
    hon = terms.get("honorific", r"(?:mr|mister|madam|ms|mrs|dr)\.?")
    titles = [t.lower() for t in terms.get("titles", [])]
    out = []
    for _, p in principals.iterrows():
        surname = str(p.get("surname", "") or "")
        if not surname:
            continue
        alts = [re.escape(surname.lower())]
        first = str(p.get("name", "") or "").split()
        if len(first) > 1:
            alts.append(rf"(?<![.,] ){re.escape(first[0].lower())}(?=,)")  # vocative "David, ..."
        title = str(p.get("title", "") or "").lower()
        own = [t for t in titles if re.search(rf"\b{re.escape(t)}\b", title)]
        # The most specific title the principal holds ("foreign minister" before "minister").
        own.sort(key=len, reverse=True)
        if own:
            alts.append(rf"{hon}\s+{re.escape(own[0])}")
            if own[0] != own[-1]:
                alts.append(rf"{hon}\s+{re.escape(own[-1])}")
        out.append((surname, re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)))
    return out


def _is_preface(pre: str, cues: dict, min_sentence_words: int = 4, min_words: int = 12) -> bool:
    """Whether the text before the first question is a preface.

    It is if it holds a complete sentence of ``min_sentence_words`` words or more, or runs to
    ``min_words`` words (captions, where sentence ends are unreliable). A bare address
    (``Mr. Secretary,``) or a short topic phrase (``At this point,``) is not a preface.
    """
    pre = pre.strip()
    if not pre or cues["address_only"][0].search(pre):
        return False
    if len(pre.split()) >= min_words:
        return True
    spans = _sentences(pre)
    complete = spans[:-1] if not re.search(r"[.!?]['\u2019\u201d)]*$", pre) else spans
    return any(len(pre[a:b].split()) >= min_sentence_words for a, b in complete)


def _parts(text: str, cues: dict) -> list[tuple[int, int, str]]:
    """Part-transition cues of a question turn."""
    return _find(cues["part_transition"], text)


def _is_fragment(text: str, cues: dict) -> bool:
    """A turn that does not open with a free-standing clause (``Personal opinion.``)."""
    return not cues["full_start"][0].search(text.strip())


def _follow_up(text: str, n_words: int, previous_answer: str | None, previous_interrupted: bool,
               cues: dict, max_elliptical_words: int = 12, min_overlap: float = 0.5):
    """Decide whether a question follows up the preceding exchange; return (bool, cue, span)."""
    negative = _find(cues["not_follow_up"], text)
    if negative:
        return False, "not_follow_up", negative[0]
    first = text[slice(*_sentences(text)[0])]
    explicit = _find(cues["follow_up_explicit"], first) or _find(cues["follow_up_formulation"], first)
    if explicit:
        return True, "follow_up_explicit", explicit[0]
    if previous_answer is None:
        return False, None, None
    if previous_interrupted:
        return True, "after_interrupted_answer", (0, min(len(text), 60), text[:60])
    if n_words <= max_elliptical_words and (cues["elliptical_start"][0].search(text) or _is_fragment(text, cues)):
        return True, "elliptical", (0, len(text), text)
    for start, end, matched in _find(cues["follow_up_reference"], text):
        s0, s1 = _sentence_of(text, start)
        referent = text[s0:s1]
        if overlap_share(referent, previous_answer) >= min_overlap:
            return True, "reference_to_previous_answer", (s0, s1, referent)
    return False, None, None


def _previous_context(utterances: pd.DataFrame) -> pd.DataFrame:
    """For each turn: the text of the principal turns just before it and whether the last was cut off.

    A run of consecutive principal turns counts as one answer; moderator turns in between are
    skipped. Reporter turns do not reset the context (a continued question keeps it).
    """
    u = utterances.sort_values(["event_id", "turn"]).reset_index(drop=True)
    is_principal = u["role"].eq("principal")
    is_moderator = u["role"].eq("moderator")
    is_reporter = u["role"].eq("reporter")
    # Run ids of consecutive principal turns (moderator turns do not break a run).
    breaks = (~is_principal & ~is_moderator) | u["event_id"].ne(u["event_id"].shift())
    run = breaks.cumsum()
    principal_text = u["text"].where(is_principal, "")
    keys = list(zip(u["event_id"], run))
    joined: dict = {}
    for k, t in zip(keys, principal_text):
        if t:
            joined.setdefault(k, []).append(t)
    run_text = pd.Series([" ".join(joined.get(k, ())) for k in keys], index=u.index, dtype=object)
    run_interrupted = (u["interrupted"] & is_principal).groupby([u["event_id"], run]).transform("last")
    run_has_principal = is_principal.groupby([u["event_id"], run]).transform("any")
    ctx_text = run_text.where(is_principal & run_has_principal)
    ctx_int = run_interrupted.where(is_principal)
    # Carry the last principal run forward to the following turns of the event.
    u["previous_answer"] = ctx_text.groupby(u["event_id"]).shift().groupby(u["event_id"]).ffill()
    last_int = ctx_int.groupby(u["event_id"]).shift()
    # "Interrupted" only matters for the turn right after the cut-off answer.
    u["previous_interrupted"] = last_int.fillna(False).astype(bool) & is_reporter
    # An opening statement (principal turns before any question) is not a previous answer.
    first_question = u["act"].eq("question").groupby(u["event_id"]).cummax()
    seen_question_before = first_question.groupby(u["event_id"]).shift(fill_value=False)
    had_answer = (is_principal & seen_question_before).groupby(u["event_id"]).cummax()
    had_answer_before = had_answer.groupby(u["event_id"]).shift(fill_value=False)
    u.loc[~had_answer_before.astype(bool), "previous_answer"] = None
    return u


def question_cues(utterances: pd.DataFrame, principals: pd.DataFrame | None = None,
                  cues: dict | None = None, switch_window: int = 80) -> pd.DataFrame:
    """Every design cue found in the question turns, with the span that triggered it.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances`` (columns ``event_id, turn, role, act, text, n_words,
        interrupted``). Question turns are those with ``act == "question"``.
    principals : DataFrame, optional
        ``corpus.principals``; needed for addressees.
    cues : dict, optional
        From :func:`load_cues`.
    switch_window : int
        An address to a different principal starts a new part unless a part-transition cue
        stands at most this many characters before it.

    Returns
    -------
    DataFrame
        One row per cue: ``event_id, turn, dimension, feature, start, end, span`` where
        ``start``/``end`` index into the turn's ``text``.
    """
    cues = cues or load_cues()
    u = _previous_context(utterances)
    rows = []
    pats = {f: cues[f] for f in ("self_referencing", "other_referencing", "direct", "negative_interrogative",
                                 "favouring_preface", "adversarial_preface", "accountability")}
    addressees = {}
    if principals is not None and len(principals):
        for ev, grp in principals.groupby("event_id"):
            addressees[ev] = _addressee_patterns(grp, cues)
    questions = u[u["act"].eq("question")]
    for rec in questions.itertuples(index=False):
        text = rec.text or ""
        base = {"event_id": rec.event_id, "turn": int(rec.turn)}
        qs = question_start(text, cues)
        pre = text[:qs]
        if _is_preface(pre, cues):
            rows.append({**base, "dimension": "initiative", "feature": "preface", "start": 0, "end": qs,
                         "span": pre.strip()})
        marks = [m.start() for m in re.finditer(r"\?", text)]
        if marks:
            q_spans = [(m, m + 1, "?") for m in marks]
        else:
            q_spans = [(m.start(), m.end(), m.group().strip()) for pat in cues["question_start"][:1]
                       for m in pat.finditer(text)]
        for s, e, t in q_spans:
            rows.append({**base, "dimension": "initiative", "feature": "question", "start": s, "end": e, "span": t})
        parts = _parts(text, cues)
        for s, e, t in parts:
            rows.append({**base, "dimension": "initiative", "feature": "part_transition", "start": s, "end": e,
                         "span": t})
        address = sorted((m.start(), m.end(), m.group(), surname)
                         for surname, pat in addressees.get(rec.event_id, []) for m in pat.finditer(text))
        for s, e, t, surname in address:
            rows.append({**base, "dimension": "addressee", "feature": "addressee", "start": s, "end": e,
                         "span": t, "cue": surname})
        # A question turned to another principal starts a new part ("... and Mr Lavrov, do you ...").
        current = address[0][3] if address else None
        for s, e, t, surname in address[1:]:
            if surname != current and not any(0 <= s - ps <= switch_window for ps, _, _ in parts):
                rows.append({**base, "dimension": "initiative", "feature": "part_transition", "start": s, "end": e,
                             "span": t, "cue": "addressee_switch"})
            current = surname
        prev = rec.previous_answer if isinstance(rec.previous_answer, str) else None
        fu, how, span = _follow_up(text, int(rec.n_words), prev, bool(rec.previous_interrupted), cues)
        if fu:
            rows.append({**base, "dimension": "initiative", "feature": "follow_up", "start": span[0], "end": span[1],
                         "span": span[2], "cue": how})
        for feature, plist in pats.items():
            for s, e, t in _find(plist, text):
                rows.append({**base, "dimension": FEATURES[feature], "feature": feature, "start": s, "end": e,
                             "span": t.strip()})
    cols = ["event_id", "turn", "dimension", "feature", "start", "end", "span", "cue"]
    out = pd.DataFrame(rows, columns=cols)
    out["cue"] = out["cue"].astype(object).where(out["cue"].notna(), out["feature"].astype(object))
    return out.sort_values(["event_id", "turn", "start", "feature"], kind="stable").reset_index(drop=True)


def _addressee_of_parts(text: str, part_starts: list[int], hits: list[tuple[int, str]], default: str) -> list[str]:
    """Addressee of each part: the first address cue (``(start, cue)``, in order) inside the part."""
    bounds = [0] + part_starts + [len(text) + 1]
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        out.append(next((cue for start, cue in hits if lo <= start < hi), default))
    return out


def question_design(utterances: pd.DataFrame, principals: pd.DataFrame | None = None,
                    cues: dict | None = None) -> pd.DataFrame:
    """Design features of each question turn.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances``.
    principals : DataFrame, optional
        ``corpus.principals``; without it every addressee is ``""``.
    cues : dict, optional
        From :func:`load_cues`.

    Returns
    -------
    DataFrame
        One row per question turn: ``event_id, turn, speaker, n_words, n_questions, n_parts``,
        one boolean column per name in :data:`FEATURES`, ``frame`` (``self-referencing``,
        ``other-referencing``, ``direct`` or ``none``), ``preface_words``, ``follow_up_cue``,
        ``addressee`` (the principals addressed, ``;``-separated, one per part; the sole
        principal of a single-principal event when none is named; ``""`` when unknown).
    """
    cues = cues or load_cues()
    q = utterances[utterances["act"].eq("question")].sort_values(["event_id", "turn"])
    cols = ["event_id", "turn", "speaker", "n_words", "n_questions", "n_parts", *FEATURES, "frame",
            "preface_words", "follow_up_cue", "addressee"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    hits = question_cues(utterances, principals, cues)
    out = q[["event_id", "turn", "speaker", "n_words"]].copy().reset_index(drop=True)
    key = pd.MultiIndex.from_frame(out[["event_id", "turn"]])
    counts = hits.groupby(["event_id", "turn", "feature"]).size().unstack(fill_value=0)
    counts = counts.reindex(key, fill_value=0)

    def col(name):
        return (counts[name] if name in counts else pd.Series(0, index=key)).to_numpy()

    out["n_questions"] = np.maximum(col("question"), 1)
    out["n_parts"] = 1 + col("part_transition")
    out["preface"] = col("preface") > 0
    out["multi_question"] = out["n_questions"] > 1
    out["multi_part"] = out["n_parts"] > 1
    out["follow_up"] = col("follow_up") > 0
    for f in ("self_referencing", "other_referencing", "direct", "negative_interrogative", "favouring_preface",
              "adversarial_preface", "accountability"):
        out[f] = col(f) > 0
    out["frame"] = np.select([out["self_referencing"], out["other_referencing"], out["direct"]],
                             ["self-referencing", "other-referencing", "direct"], "none")
    pre = hits[hits["feature"].eq("preface")].set_index(["event_id", "turn"])["span"]
    out["preface_words"] = pre.str.split().str.len().reindex(key).fillna(0).astype(int).to_numpy()
    fu = hits[hits["feature"].eq("follow_up")].drop_duplicates(["event_id", "turn"]).set_index(["event_id", "turn"])
    out["follow_up_cue"] = fu["cue"].reindex(key).fillna("").to_numpy()
    # Addressees per part.
    sole = {}
    if principals is not None and len(principals):
        n = principals.groupby("event_id")["surname"].agg(list)
        sole = {ev: names[0] for ev, names in n.items() if len(names) == 1}
    addr = []
    texts = q.set_index(["event_id", "turn"])["text"]
    part_hits = hits[hits["feature"].eq("part_transition")]
    a_hits = hits[hits["feature"].eq("addressee")]
    part_starts = {k: list(v) for k, v in part_hits.groupby(["event_id", "turn"], sort=False)["start"]}
    addresses = {k: list(zip(g["start"], g["cue"])) for k, g in a_hits.groupby(["event_id", "turn"], sort=False)}
    for ev, turn in zip(out["event_id"], out["turn"]):
        parts = _addressee_of_parts(texts[(ev, turn)], part_starts.get((ev, turn), []), addresses.get((ev, turn), []),
                                    sole.get(ev, ""))
        # Collapse repeats of the same addressee in consecutive parts.
        collapsed = [p for i, p in enumerate(parts) if p and (i == 0 or p != parts[i - 1])]
        addr.append(";".join(collapsed))
    out["addressee"] = addr
    return out[cols]


def design_profile(design: pd.DataFrame, by: str = "event_id") -> pd.DataFrame:
    """Share of question turns with each design feature, in long form.

    Parameters
    ----------
    design : DataFrame
        From :func:`question_design`.
    by : str
        Grouping column (``event_id`` or ``speaker``).

    Returns
    -------
    DataFrame
        ``<by>, dimension, feature, n, share`` (``n`` question turns with the feature).
    """
    cols = [by, "dimension", "feature", "n", "n_questions", "share"]
    if design.empty:
        return pd.DataFrame(columns=cols)
    long = design.melt(id_vars=[by], value_vars=list(FEATURES), var_name="feature", value_name="has")
    long["has"] = long["has"].astype(bool)
    g = long.groupby([by, "feature"], sort=False)["has"]
    out = pd.DataFrame({"n": g.sum(), "n_questions": g.size()}).reset_index()
    out["share"] = out["n"] / out["n_questions"]
    out["dimension"] = out["feature"].map(FEATURES)
    return out[cols]
