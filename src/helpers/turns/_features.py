"""Units and features of the captions model (:mod:`._model`).

:func:`model_units` cuts a text into units; :func:`feature_matrix` gives each unit a row of named
features a reader can inspect (the model card lists them): cue phrases, hand-written patterns,
length, position, kind of cut, the unit's first and last words and words, and the same for its
neighbours.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy import sparse

from ..text import cue_form
from ._infer import load_cues, split_units

#: Kinds of cut that open a unit (the transition table is chosen by the kind).
CUT_KINDS = ("start", "stop", "cue", "word")
_TOKEN = re.compile(r"\S+")

#: Hand-written features: name -> pattern, matched (counted) on the normalised unit text
#: (lower case, single spaces, one leading and one trailing space).
PATTERNS = {
    # Question syntax without question marks.
    "question.wh_start": r"^ (?:and |so |but |now |just |also |then )?(?:what|whats|how|hows|why|when|where|which|who|whos|whether) ",
    "question.aux_start": r"^ (?:and |so |but |now |just |also |then )?(?:is|are|do|does|did|will|would|can|could|should|has|have|was|isnt|doesnt|dont|arent|didnt|wont|wouldnt|cant|shouldnt|hasnt|havent|may|might) ",
    "question.aux_subject": r" (?:is|are|do|does|did|will|would|can|could|should|has|have|was|isnt|doesnt|dont|arent|didnt|wont) (?:you|the president|he|she|they|it|there|we|this|that|anyone|anybody|the white house|the administration) ",
    "question.or_not": r" or not $",
    "question.any_request": r" any (?:plans|update|updates|comment|reaction|response|timeline|sense|thoughts|concern|concerns|indication|idea|details) ",
    "question.follow_up": r" (?:follow up|followup|quick question|one more|two questions|a couple questions|a couple of questions|second question|another question) ",
    "question.ask": r" (?:i wanted to ask|i want to ask|wanted to ask|to ask you|let me ask|can i ask|could i ask|may i ask|just to clarify|to follow up) ",
    "question.you_think": r" (?:do you|does he|does the president|did you|did he|did the president) (?:think|believe|expect|want|plan|know|have|see|feel|support|agree) ",
    "address.thanks_name_start": r"^ (?:thank you|thanks)(?: [a-z]+)?(?: \.)? $",
    "address.thanks_start": r"^ (?:thank you|thanks) ",
    "address.title": r" (?:mr|madam|ms|mrs|mister) (?:president|secretary|minister|foreign minister|ambassador|vice president|speaker|director|leader|chairman) ",
    "address.go_ahead": r" (?:go ahead|go for it|yes go ahead|you go ahead) ",
    "address.call_on": r" (?:in the back|in the middle|in the front|right here|right there|over here|over there|last question|next question|a couple more|last one|final question) ",
    "answer.opener": r"^ (?:well|yes|yeah|no|look|sure|so|again|absolutely|of course|okay|oh|right|great|um|uh|mm) ",
    "answer.courtesy": r" (?:great question|good question|thank you for (?:the|your|that) question|its a good question|thats a good question|fair question) ",
    "answer.decline": r" (?:im not going to|i dont have (?:any|anything)|i dont want to|i wont|i cant|i would refer you|id refer you|refer you to|i dont know|not going to get ahead|get ahead of|i dont have an update|no update|nothing to preview|nothing to announce) ",
    "answer.recall": r" (?:as i said|as i noted|as i mentioned|as i have said|like i said|as you know|i said at the top|at the top) ",
    "answer.commitment": r" (?:we are|were|we will|well|we continue|we remain|we have|weve) (?:prepared|ready|going to|continue|committed|hopeful|working|been|made|seen|taken|done|announced) ",
    "person.first_singular": r" (?:i|im|ive|id|ill|me|my|myself|mine) ",
    "person.first_plural": r" (?:we|weve|our|ours|ourselves|wed|us) ",
    "person.second": r" (?:you|your|youve|youre|youd|youll|yourself|yours) ",
    "person.third_president": r" (?:the president|he|his|him|the vice president) ",
    "side.administration_3rd": r" (?:the administration|this administration|the white house|the government|your administration|the presidents|white house) ",
    "side.administration_1st": r" (?:our administration|our government|our team|my team|the president and i|our country) ",
    "side.you_plural": r" (?:you guys|you all|your team|your administration|your government|your position|your side) ",
    "side.audience": r" (?:everybody|everyone|folks|guys|all of you|ladies and gentlemen) ",
    "style.number": r" [0-9][0-9.]* ",
    "style.hedge": r" (?:i mean|you know|kind of|sort of) ",
    "style.closing": r" (?:thank you|thanks)(?: very much| so much| again| everybody| everyone| all)? \.? $",
    "style.greeting": r" (?:good afternoon|good morning|hi everyone|hello everyone|hi everybody|hello everybody|hey everybody|hey everyone) ",
    "style.call_process": r" (?:our next question|next question comes|the line of|your line is open|please go ahead|press star|star one|the floor is yours|turn it over|over to you|hand it over|on background|embargoed|on the record) ",
}


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------

def model_units(text: str, start: int = 0, end: int | None = None, cut_words=(), cues: dict | None = None) -> pd.DataFrame:
    """Cut ``text[start:end]`` into units.

    The units of :func:`helpers.turns.split_units` (sentences, cut at ``split`` cues) are cut
    again before every word in ``cut_words`` (compared without its full stop) that is not
    the unit's first word.

    Returns
    -------
    pandas.DataFrame
        ``start_char, end_char`` (tiling the range), ``sentence``, ``sentence_words``,
        ``parent`` (index of the :func:`~helpers.turns.split_units` unit) and ``cut`` (the
        kind of cut before the unit, one of :data:`CUT_KINDS`).
    """
    end = len(text) if end is None else end
    base = split_units(text, start, end, cues)
    cut_words = frozenset(cut_words)
    rows = []
    for p, (a, b, sent, sw) in enumerate(base[["start_char", "end_char", "sentence", "sentence_words"]].itertuples(index=False)):
        toks = [(m.start() + a, m.group()) for m in _TOKEN.finditer(text[a:b])]
        cuts = [s for k, (s, w) in enumerate(toks) if k > 0 and w.rstrip(".").lower() in cut_words]
        bounds = [a] + cuts + [b]
        for k, (s, e) in enumerate(zip(bounds, bounds[1:])):
            rows.append((s, e, sent, sw, p, k))
    units = pd.DataFrame(rows, columns=["start_char", "end_char", "sentence", "sentence_words", "parent", "sub"])
    prev_stop = pd.Series([text[a:b].rstrip().endswith(".") for a, b in zip(units["start_char"], units["end_char"])],
                          index=units.index).shift(fill_value=False)
    cut = np.where(units["sub"] > 0, "word", np.where(prev_stop, "stop", "cue")).astype(object)
    if len(units):
        cut[0] = "start"
    units["cut"] = cut
    return units.drop(columns="sub")


# --------------------------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------------------------

def _cue_groups(cues: dict) -> dict[str, list[dict]]:
    """Cue items of the cue file grouped into features ``cue.<section>.<cue kind>``."""
    groups: dict[str, list[dict]] = {}
    for section in ("reporter", "principal", "moderator", "opener", "closer", "continuer"):
        for item in cues[section]:
            groups.setdefault(f"cue.{section}.{item['cue']}", []).append(item)
    return dict(sorted(groups.items()))


_COMPILED = {k: re.compile(v) for k, v in PATTERNS.items()}


def dense_features(units: pd.DataFrame, texts: pd.Series, cues: dict | None = None) -> pd.DataFrame:
    """Named numeric features of each unit (no vocabulary, no neighbours).

    Parameters
    ----------
    units : pandas.DataFrame
        From :func:`model_units`.
    texts : pandas.Series
        The text of each unit.
    cues : dict, optional
        Cue data as returned by :func:`._infer.load_cues`.

    Returns
    -------
    pandas.DataFrame
        One column per feature, one row per unit.
    """
    cues = load_cues() if cues is None else cues
    texts = texts.astype(object).astype(str)
    norm = texts.map(cue_form)
    nw = norm.str.split().str.len().to_numpy(dtype=float)
    out = {}
    for name, items in _cue_groups(cues).items():
        total = np.zeros(len(norm))
        for item in items:
            total += norm.str.count(item["regex"]).clip(upper=item["max"]).to_numpy()
        out[name] = np.minimum(total, 3.0)
    for name, rx in _COMPILED.items():
        out[name] = np.minimum(norm.str.count(rx).to_numpy(dtype=float), 3.0)
    # Outlet words in a short unit without pronouns: a call-out.
    words = norm.str.split()
    outlets = cues["outlets"]
    out["address.outlet"] = words.map(lambda ws: float(bool(set(ws) & outlets))).to_numpy()
    n = len(units)
    out["length.log_words"] = np.log1p(nw)
    out["length.one_word"] = (nw <= 1).astype(float)
    out["length.short"] = (nw <= 4).astype(float)
    out["length.long"] = (nw >= 25).astype(float)
    out["length.log_sentence_words"] = np.log1p(units["sentence_words"].to_numpy(dtype=float))
    rel = np.arange(n) / max(n - 1, 1)
    out["position.relative"] = rel
    out["position.first_tenth"] = (rel < 0.1).astype(float)
    out["position.last_tenth"] = (rel > 0.9).astype(float)
    out["position.first_unit"] = (np.arange(n) == 0).astype(float)
    out["style.ends_with_stop"] = texts.str.rstrip().str.endswith(".").to_numpy(dtype=float)
    for kind in CUT_KINDS[1:]:
        out[f"cut.{kind}"] = (units["cut"] == kind).to_numpy(dtype=float)
    return pd.DataFrame(out, index=units.index)


def _first_words(texts: pd.Series) -> pd.Series:
    return texts.map(lambda t: (cue_form(t).split() or [""])[0])


def _first_pairs(texts: pd.Series) -> pd.Series:
    return texts.map(lambda t: "_".join(cue_form(t).split()[:2]))


def _last_words(texts: pd.Series) -> pd.Series:
    return texts.map(lambda t: (cue_form(t).split() or [""])[-1])


def _word_blocks(words: pd.Series, vocab, prefixes) -> list[sparse.csr_matrix]:
    """One-hot blocks of each unit's word (``words``, one per unit) in ``vocab``, for the unit
    itself and its neighbours: ``prefixes`` maps a prefix to a shift (0 the unit, 1 the unit
    before, -1 the unit after)."""
    n = len(words)
    idx = {w: i for i, w in enumerate(vocab)}
    own = words.map(lambda w: idx.get(w, -1)).to_numpy()
    blocks = []
    for shift in prefixes.values():
        col = np.full(n, -1)
        if shift == 0:
            col = own
        elif shift == 1 and n > 1:
            col[1:] = own[:-1]
        elif shift == -1 and n > 1:
            col[:-1] = own[1:]
        rows = np.flatnonzero(col >= 0)
        blocks.append(sparse.csr_matrix((np.ones(len(rows)), (rows, col[rows])), shape=(n, len(vocab))))
    return blocks


#: Prefixes of the one-hot first and last words of a unit and of its neighbours, and their shifts.
FIRST_PREFIXES = {"first.": 0, "prev.first.": 1, "next.first.": -1}


LAST_PREFIXES = {"last.": 0, "prev.last.": 1, "next.last.": -1}


def feature_matrix(units: pd.DataFrame, texts: pd.Series, vocab: list[str], first_vocab: list[str],
                   cues: dict | None = None, pair_vocab: list[str] = (),
                   last_vocab: list[str] = ()) -> tuple[sparse.csr_matrix, list[str]]:
    """The full feature matrix of a text's units and the feature names.

    Dense features of the unit and of its neighbours (``prev.``/``next.`` prefixes, zero at
    the ends), the first word of the unit and of its neighbours (``first.``, ``prev.first.``,
    ``next.first.``), the unit's first two words (``pair.``, if ``pair_vocab``), the last word of
    the unit and of its neighbours (``last.``, ``prev.last.``, ``next.last.``, if ``last_vocab``:
    a question's last words, a closing "thank you") and the unit's words (``word.``), binary.
    """
    dense = dense_features(units, texts, cues)
    names = list(dense.columns)
    d = dense.to_numpy(dtype=float)
    def shifted(k: int) -> np.ndarray:
        out = np.zeros_like(d)
        if 0 < k < len(d):
            out[k:] = d[:-k]
        elif 0 < -k < len(d):
            out[:k] = d[-k:]
        return out

    blocks = [sparse.csr_matrix(np.hstack([d, shifted(1), shifted(-1), shifted(2), shifted(-2)]))]
    all_names = names + [f"{p}.{x}" for p in ("prev", "next", "prev2", "next2") for x in names]

    n = len(units)
    blocks += _word_blocks(_first_words(texts), first_vocab, FIRST_PREFIXES)
    all_names += [prefix + w for prefix in FIRST_PREFIXES for w in first_vocab]
    if len(pair_vocab):
        pidx = {w: i for i, w in enumerate(pair_vocab)}
        col = _first_pairs(texts).map(lambda w: pidx.get(w, -1)).to_numpy()
        rows = np.flatnonzero(col >= 0)
        blocks.append(sparse.csr_matrix((np.ones(len(rows)), (rows, col[rows])), shape=(n, len(pair_vocab))))
        all_names += ["pair." + w for w in pair_vocab]
    if len(last_vocab):
        blocks += _word_blocks(_last_words(texts), last_vocab, LAST_PREFIXES)
        all_names += [prefix + w for prefix in LAST_PREFIXES for w in last_vocab]

    widx = {w: i for i, w in enumerate(vocab)}
    r, c = [], []
    for i, t in enumerate(texts.map(cue_form)):
        for j in {widx[w] for w in t.split() if w in widx}:
            r.append(i)
            c.append(j)
    blocks.append(sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, len(vocab))))
    all_names += ["word." + w for w in vocab]
    return sparse.hstack(blocks, format="csr"), all_names
