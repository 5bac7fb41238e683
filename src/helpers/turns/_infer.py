"""Speaker-turn inference for unlabelled (captions-kind) transcripts.

A captions transcript is one run of text with no speaker labels and hardly any punctuation
besides full stops. :func:`infer_turns` recovers who spoke when, in three transparent steps:

1. **Units.** The text is cut into sentences (:func:`helpers.text.split_sentences`), and a
   sentence is cut again before an *opener* cue (``"take your second question"``,
   ``"mr secretary"``) or after a *closer* cue (``"thank you"``) marked ``split`` in the cue
   file, because captions often run a question and its answer together without a full stop.
2. **Evidence.** Each unit gets a score per state from cue phrases kept as data in
   ``helpers/data/turn_cues.yml`` (question syntax, address terms, self-identification,
   answer openers, first-person recall, call-outs of a reporter's name and outlet, side cues
   such as ``"our american colleagues"``) and from *style*: an interpreter's rendering comes
   as short fragments between full stops, a native speaker's English as long runs, so the
   length of the sentence a unit stands in is scored under two log-normal length models.
   :func:`unit_evidence` returns the whole table, so every score can be inspected.
3. **Smoothing**, in two Viterbi passes (:func:`decode_units`). First the roles
   (principal / reporter / moderator): a change of role costs :data:`SWITCH_PENALTY`, less
   any opener/closer bonus at that point, more after a *continuer* (a unit cut off after
   "and" or announcing "another question"). Then, within each run of principal speech, which
   principal: a hand-over costs :data:`SPEAKER_SWITCH_PENALTY`, and a principal who has
   spoken in the run does not take the floor again in it (a question put to both principals
   is answered by each in turn). Forward-backward posteriors give each turn its confidence.

Principals come from the catalog: an interpreted principal and a non-interpreted principal
are told apart by style; principals of the same style share a state and the turn goes to
the one the preceding question addressed (else the first listed). With no catalog row the
principal state is called ``Principal``; roles still come out.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..text import cue_form, read_cue_file, split_sentences
from ._assemble import OUTPUT_COLUMNS, turns_from_units

#: Turns whose confidence is below this value are flagged ``low_confidence`` by the loader.
LOW_CONFIDENCE = 0.6


#: Log-score cost of a change of speaker between two units (before cue bonuses).
SWITCH_PENALTY = 1.5


#: Smallest cost of a change of speaker, however many boundary cues agree.
MIN_SWITCH_PENALTY = 0.5


#: Cost of a hand-over from one principal to another within a run of principal speech.
SPEAKER_SWITCH_PENALTY = 4.0


#: Extra cost of a reporter turn followed directly by the moderator (unusual order).
REPORTER_TO_MODERATOR_PENALTY = 2.0


#: Log-prior of each role per unit and per word: principals speak most of the words at a press
#: event, so a long stretch without question cues drifts to a principal.
ROLE_PRIOR = {"principal": 0.0, "reporter": -0.3, "moderator": -2.0}


ROLE_PRIOR_PER_WORD = {"principal": 0.0, "reporter": -0.005, "moderator": -0.1}


#: Log-normal sentence-length models (median words, log-sd) for the two speaking styles.
STYLE_MODELS = {"interpreted": (4.0, 0.9), "fluent": (22.0, 0.9)}


#: A sentence longer than the fluent median counts ``(words / median) ** exponent`` times.
STYLE_LENGTH_EXPONENT = 0.5


#: Cap on the absolute style log-likelihood ratio of one sentence.
STYLE_CAP = 2.5


#: Weight of an address term ("mr secretary", "mr <surname>") that opens a unit or is
#: followed by "you"/"your"; other mentions of "mr <surname>" get :data:`MENTION_WEIGHT`.
ADDRESS_WEIGHT = 2.0


MENTION_WEIGHT = 0.3


#: Weight of a call-out (a short unit naming a media outlet) for the moderator.
CALLOUT_WEIGHT = 5.0


#: A call-out has at most this many words.
CALLOUT_MAX_WORDS = 7


#: A unit never holds more words than this: a sentence without full stops (a transcript on one
#: line) is cut into pieces this long, so the work per unit is bounded and stays linear.
MAX_UNIT_WORDS = 120


#: Weight of a side cue ("our american colleagues" -> the speaker is not American).
SIDE_WEIGHT = 1.0


#: Weight against a principal whose own surname is mentioned in a unit.
NAME_MENTION_WEIGHT = 1.0


#: Smallest similarity (difflib ratio) for a heard name to match a catalog surname
#: ("lab rob" ~ "lavrov").
NAME_SIMILARITY = 0.6


CUES_PATH = config.DATA_DIR / "turn_cues.yml"




_TOKEN = re.compile(r"\S+")


_PRONOUNS = frozenset({"i", "you", "we", "he", "she", "they", "it", "me", "us", "our", "your", "my"})


@lru_cache(maxsize=4)
def load_cues(path: str | Path | None = None) -> dict:
    """Read the cue file (``helpers/data/turn_cues.yml`` by default).

    Returns
    -------
    dict
        Sections ``reporter``, ``principal``, ``moderator``, ``opener``, ``closer`` (lists of
        ``{pattern, weight, cue[, split]}``), ``outlets``, ``address_titles`` and ``demonyms``;
        every pattern compiled once and stored under ``regex``.
    """
    path = Path(path) if path is not None else CUES_PATH
    cues = read_cue_file(path)
    for section in ("reporter", "principal", "moderator", "opener", "closer", "continuer"):
        items = cues.get(section) or []
        for item in items:
            try:
                item["regex"] = re.compile(item["pattern"])
            except (re.error, KeyError) as exc:
                raise ValueError(f"{path}: bad cue in section {section!r}: {item!r} ({exc})") from None
            item["weight"] = float(item.get("weight", 1.0))
            item["split"] = bool(item.get("split", False))
            item["max"] = int(item.get("max", 2))
            item["unless_next"] = re.compile(item["unless_next"]) if item.get("unless_next") else None
        cues[section] = items
    cues["outlets"] = frozenset(str(w).lower() for w in cues.get("outlets") or [])
    cues["address_titles"] = [str(t).lower() for t in cues.get("address_titles") or []]
    for key in ("demonyms", "demonym_plurals"):
        cues[key] = {str(k): [str(w).lower() for w in v] for k, v in (cues.get(key) or {}).items()}
    return cues


def split_units(text: str, start: int = 0, end: int | None = None, cues: dict | None = None) -> pd.DataFrame:
    """Cut ``text[start:end]`` into units: sentences, cut again at ``split`` opener/closer cues.

    Returns
    -------
    pandas.DataFrame
        ``start_char, end_char`` (tiling the range; white space belongs to the unit before),
        ``sentence`` (index of the full-stop sentence), ``sentence_words`` (its word count).
    """
    cues = load_cues() if cues is None else cues
    end = len(text) if end is None else end
    openers = [c["regex"] for c in cues["opener"] if c["split"]]
    closers = [(c["regex"], c["unless_next"]) for c in cues["closer"] if c["split"]]
    rows = []
    for k, (a, b) in enumerate(split_sentences(text, start, end)):
        edges = [a]  # the sentence in pieces of at most MAX_UNIT_WORDS tokens
        n_words = 0
        for m in _TOKEN.finditer(text, a, b):
            if n_words and n_words % MAX_UNIT_WORDS == 0:
                edges.append(m.start())
            n_words += 1
        edges.append(b)
        pieces = list(zip(edges, edges[1:]))
        for pa, pb in pieces:
            toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text, pa, pb)]
            norms = [cue_form(text[s:e]).strip() for s, e in toks]
            cuts = []
            for i in range(1, len(toks)):
                tail = " " + " ".join(w for w in norms[i:i + 8] if w) + " "
                head = " " + " ".join(w for w in norms[max(0, i - 8):i] if w) + " "
                if any(r.search(tail) for r in openers) or any(
                        r.search(head) and not (u is not None and u.search(tail)) for r, u in closers):
                    cuts.append(toks[i][0])
            bounds = [pa] + cuts + [pb]
            for s, e in zip(bounds, bounds[1:]):
                rows.append((s, e, k, n_words))
    return pd.DataFrame(rows, columns=["start_char", "end_char", "sentence", "sentence_words"])


def _style_loglik(log_len: np.ndarray, style: str) -> np.ndarray:
    median, sd = STYLE_MODELS[style]
    return -0.5 * ((log_len - np.log(median)) / sd) ** 2


def _sentence_log_length(units: pd.DataFrame) -> np.ndarray:
    """Per unit: the log word count of the full-stop sentence it stands in."""
    return np.log(np.maximum(units["sentence_words"].to_numpy(dtype=float), 1.0))


def _principal_states(principals: pd.DataFrame | None) -> list[dict]:
    """Group the catalog principals into states by speaking style."""
    if principals is None or len(principals) == 0 or "surname" not in principals:
        return [{"state": "Principal", "style": None, "surnames": [], "sides": []}]
    p = principals.copy()
    interp = p["interpreted"].fillna(False).astype(bool) if "interpreted" in p else pd.Series(False, index=p.index)
    sides = p["side"].astype(str) if "side" in p else pd.Series("", index=p.index)
    titles = p["title"].fillna("").astype(str) if "title" in p else pd.Series("", index=p.index)
    states = []
    for style, mask in (("fluent", ~interp), ("interpreted", interp)):
        if mask.any():
            states.append({
                "state": " / ".join(p.loc[mask, "surname"].astype(str)),
                "style": style,
                "surnames": list(p.loc[mask, "surname"].astype(str)),
                "sides": list(sides[mask]),
                "titles": list(titles[mask]),
            })
    if len(states) == 2:
        return states
    # One style only: style cannot tell them apart, so style is not scored.
    states[0]["style"] = None
    return states


def _self_mention_patterns(state: dict, cues: dict) -> list[re.Pattern]:
    """Patterns by which others refer to the principals of a state in the third person."""
    pats = [re.compile(rf" {re.escape(s.lower())} ") for s in state["surnames"]]
    for side, title in zip(state["sides"], state.get("titles", [])):
        words = [w for w in cue_form(str(title)).split() if w not in ("of", "the")]
        adjs = cues["demonyms"].get(side, [])
        heads = [w for w in words if w in {t.split()[-1] for t in cues["address_titles"]}]
        if adjs and heads:
            alt = "|".join(re.escape(a) for a in adjs)
            head = "|".join(re.escape(h) for h in heads)
            pats.append(re.compile(rf" (?:{alt})(?: \w+)? (?:{head}) "))
    return pats


def _address_scores(norm: pd.Series, surnames: list[str], titles: list[str]) -> tuple[np.ndarray, list[str | None]]:
    """Score address terms: ``mr <title>`` or ``mr <surname>`` (fuzzy, for mis-heard names)."""
    scores = np.zeros(len(norm))
    addressed: list[str | None] = [None] * len(norm)
    title_re = "|".join(sorted((re.escape(t) for t in titles), key=len, reverse=True)) or "(?!)"
    pat = re.compile(rf" (?:mr|mister|madam|ms|mrs|dear) (?:(?P<title>{title_re})|(?P<w1>[a-z]+)(?: (?P<w2>[a-z]+))?) ")
    keys = [(s, re.sub(r"[^a-z]", "", s.lower())) for s in surnames]
    for i, u in enumerate(norm.to_numpy()):
        for m in pat.finditer(u):
            who = None
            if m.group("title"):
                who = "title"
            else:
                cands = [m.group("w1")] + ([m.group("w1") + m.group("w2")] if m.group("w2") else [])
                best = max(((SequenceMatcher(None, c, k).ratio(), s) for c in cands for s, k in keys), default=(0.0, None))
                if best[0] >= NAME_SIMILARITY:
                    who = best[1]
            if who is None:
                continue
            words_before = u[:m.start()].split()
            after = u[m.end():].split()[:8]
            if len(words_before) <= 3 or "you" in after or "your" in after:
                scores[i] += ADDRESS_WEIGHT
                if who != "title":
                    addressed[i] = who
            else:
                scores[i] += MENTION_WEIGHT
    return scores, addressed


def _cue_scores(norm: pd.Series, items: list[dict]) -> tuple[np.ndarray, pd.Series]:
    """Sum of weights of the cues found in each unit (each cue counted at most ``max`` times, default 2)."""
    total = np.zeros(len(norm))
    names = pd.Series([[] for _ in range(len(norm))], index=norm.index, dtype=object)
    for item in items:
        hits = norm.str.count(item["regex"]).clip(upper=item["max"]).to_numpy()
        total += item["weight"] * hits
        for i in np.flatnonzero(hits):
            names.iat[i] = names.iat[i] + [item["cue"]]
    return total, names


def unit_evidence(text: str, principals: pd.DataFrame | None = None, start: int = 0, end: int | None = None,
                  cues: dict | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Units of ``text[start:end]`` with every feature and the per-state log-scores.

    Parameters
    ----------
    text : str
        The decoded transcript.
    principals : pandas.DataFrame, optional
        The event's principals (``surname``, ``interpreted``, ``side``); may be empty.
    start, end : int
        The range to analyse (``end=None``: to the end of the text).
    cues : dict, optional
        Cue data as returned by :func:`load_cues`.

    Returns
    -------
    units : pandas.DataFrame
        One row per unit: offsets, ``text``, ``n_words``, ``sentence_words``,
        ``style_log_length``, the cue scores (``reporter_cues``, ``principal_cues``,
        ``moderator_cues``, ``address`` with the principal ``addressed``, ``callout``,
        ``side_<state>`` for side and self-mention cues), the boundary weights ``opener``,
        ``closer`` and ``continuer``, ``cues`` (names of the cues found) and one
        ``score_<state>`` column per state (the log-score the decoder uses).
    states : list of dict
        The states: ``state`` (name), ``role``, ``style``, ``surnames``.
    """
    cues = load_cues() if cues is None else cues
    units = split_units(text, start, end, cues)
    units["text"] = [text[a:b] for a, b in zip(units["start_char"], units["end_char"])]
    norm = units["text"].map(cue_form)
    units["n_words"] = norm.str.split().str.len()
    pstates = _principal_states(principals)
    surnames = [s for st in pstates for s in st["surnames"]]

    rep, rep_names = _cue_scores(norm, cues["reporter"])
    pri, pri_names = _cue_scores(norm, cues["principal"])
    mod, mod_names = _cue_scores(norm, cues["moderator"])
    addr, addressed = _address_scores(norm, surnames, cues["address_titles"])
    opener, _ = _cue_scores(norm, cues["opener"])
    closer, _ = _cue_scores(norm, cues["closer"])
    continuer, _ = _cue_scores(norm, cues["continuer"])
    words = norm.str.split()
    has_outlet = words.map(lambda ws: bool(set(ws) & cues["outlets"]))
    has_pronoun = words.map(lambda ws: bool(set(ws) & _PRONOUNS))
    callout = (has_outlet & ~has_pronoun & units["n_words"].between(2, CALLOUT_MAX_WORDS)).to_numpy() * CALLOUT_WEIGHT

    units["reporter_cues"] = rep
    units["address"] = addr
    units["addressed"] = addressed
    units["principal_cues"] = pri
    units["moderator_cues"] = mod
    units["callout"] = callout
    units["opener"] = opener
    units["closer"] = closer
    units["continuer"] = continuer
    units["cues"] = [a + b + c + (["address"] if d else []) + (["call-out"] if e else [])
                     for a, b, c, d, e in zip(rep_names, pri_names, mod_names, addr, callout)]

    # Style: the length of the sentence a unit stands in, shared out over its units.
    share = units["n_words"] / units["sentence_words"].clip(lower=1)
    log_len = _sentence_log_length(units)
    units["style_log_length"] = log_len
    ll = {s: _style_loglik(log_len, s) for s in STYLE_MODELS}
    best = np.maximum(ll["interpreted"], ll["fluent"])
    # Style is scored for principals only: reporters and the moderator speak either way (in
    # their own language or through the interpreter). A long sentence counts as several
    # sentences of the fluent median length.
    fluent_median = STYLE_MODELS["fluent"][0]
    weight = np.maximum(1.0, units["sentence_words"].to_numpy(dtype=float) / fluent_median) ** STYLE_LENGTH_EXPONENT
    style_score = {s: np.clip(ll[s] - best, -STYLE_CAP, 0.0) * share.to_numpy() * weight for s in STYLE_MODELS}

    # Side cues: "our american colleagues", "a representative of the united states", "the
    # russians" are said by someone who is not on that side.
    side_pats = {}
    for side in set(cues["demonyms"]) | set(cues["demonym_plurals"]):
        alt = "|".join(re.escape(n) for n in sorted(cues["demonyms"].get(side, []), key=len, reverse=True)) or "(?!)"
        plural = "|".join(re.escape(n) for n in cues["demonym_plurals"].get(side, [])) or "(?!)"
        side_pats[side] = re.compile(
            rf" our (?:{alt}) (?:colleagues|counterparts|partners|friends|side) "
            rf"| (?:representative|representatives|official|officials|government|administration|position|side|delegation) of the (?:{alt}) "
            rf"| the (?:{plural}) ")

    nw = units["n_words"].to_numpy(dtype=float)
    states = []
    for st in pstates:
        score = ROLE_PRIOR["principal"] + ROLE_PRIOR_PER_WORD["principal"] * nw + pri
        if st["style"] is not None:
            score = score + style_score[st["style"]]
        side_ev = np.zeros(len(units))
        for side, rx in side_pats.items():
            if st["sides"] and side not in st["sides"]:
                side_ev += SIDE_WEIGHT * norm.str.count(rx).clip(upper=1).to_numpy()
            elif st["sides"] and side in st["sides"]:
                side_ev -= SIDE_WEIGHT * norm.str.count(rx).clip(upper=1).to_numpy()
        # A speaker rarely names himself: a mention of a principal's surname, or of his title
        # with his side ("the russian minister"), counts against him.
        for rx in _self_mention_patterns(st, cues):
            side_ev -= NAME_MENTION_WEIGHT * norm.str.count(rx).clip(upper=1).to_numpy()
        units[f"side_{st['state']}"] = side_ev
        units[f"score_{st['state']}"] = score + side_ev
        states.append({**st, "role": "principal"})
    units["score_Reporter"] = ROLE_PRIOR["reporter"] + ROLE_PRIOR_PER_WORD["reporter"] * nw + rep + addr
    states.append({"state": "Reporter", "role": "reporter", "style": None, "surnames": [], "sides": []})
    units["score_Moderator"] = ROLE_PRIOR["moderator"] + ROLE_PRIOR_PER_WORD["moderator"] * nw + mod + callout
    states.append({"state": "Moderator", "role": "moderator", "style": None, "surnames": [], "sides": []})
    return units, states


def _transition_costs(units: pd.DataFrame, states: list[dict], switch_penalty: float | None = None) -> np.ndarray:
    """Cost of each transition before each unit, ``(n_units, n_states, n_states)``.

    Staying costs nothing; a change of speaker costs :data:`SWITCH_PENALTY` less the opener
    bonus of the unit and the closer bonus of the unit before (at least
    :data:`MIN_SWITCH_PENALTY`), plus the continuer weight of the unit before; a reporter
    followed by the moderator costs :data:`REPORTER_TO_MODERATOR_PENALTY` more.
    ``switch_penalty`` replaces :data:`SWITCH_PENALTY` (the speaker pass uses its own).
    """
    k = len(states)
    prev = units[["closer", "continuer"]].shift(fill_value=0.0)
    bonus = units["opener"].to_numpy() + prev["closer"].to_numpy()
    penalty = SWITCH_PENALTY if switch_penalty is None else switch_penalty
    switch = np.maximum(penalty - bonus, MIN_SWITCH_PENALTY) + prev["continuer"].to_numpy()
    base = 1.0 - np.eye(k)
    extra = np.zeros((k, k))
    roles = [s["role"] for s in states]
    for i, ri in enumerate(roles):
        for j, rj in enumerate(roles):
            if ri == "reporter" and rj == "moderator":
                extra[i, j] = REPORTER_TO_MODERATOR_PENALTY
    return switch[:, None, None] * base[None] + extra[None]


def _decode(emit: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Viterbi path and forward-backward posteriors for log-scores ``emit`` (n, k)."""
    n, k = emit.shape
    back = np.zeros((n, k), dtype=int)
    delta = emit[0].copy()
    for t in range(1, n):
        cand = delta[:, None] - cost[t]
        back[t] = cand.argmax(axis=0)
        delta = cand.max(axis=0) + emit[t]
    path = np.zeros(n, dtype=int)
    path[-1] = int(delta.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]

    def lse(a, axis):
        m = a.max(axis=axis, keepdims=True)
        return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)

    fwd = np.zeros((n, k))
    fwd[0] = emit[0]
    for t in range(1, n):
        fwd[t] = lse(fwd[t - 1][:, None] - cost[t], 0) + emit[t]
    bwd = np.zeros((n, k))
    for t in range(n - 2, -1, -1):
        bwd[t] = lse(-cost[t + 1] + (emit[t + 1] + bwd[t + 1])[None, :], 1)
    post = fwd + bwd
    post = np.exp(post - lse(post, 1)[:, None])
    return path, post


def _speaker_orders(k: int) -> list[tuple[int, frozenset]]:
    """Hidden states of the speaker pass: (current principal, principals who spoke before)."""
    from itertools import combinations

    out = []
    for cur in range(k):
        rest = [p for p in range(k) if p != cur]
        for r in range(len(rest) + 1):
            for before in combinations(rest, r):
                out.append((cur, frozenset(before)))
    return out


def _speaker_costs(units: pd.DataFrame, pstates: list[dict], hidden: list[tuple[int, frozenset]]) -> np.ndarray:
    """Transition costs of the speaker pass within one run of principal speech.

    A hand-over costs :data:`SPEAKER_SWITCH_PENALTY` less the opener/closer bonuses; a
    principal who has already spoken in the run does not take the floor again (a question
    put to several principals is answered by each in turn), so such moves are impossible.
    """
    base = _transition_costs(units, pstates[:2], switch_penalty=SPEAKER_SWITCH_PENALTY)[:, 0, 1]
    k = len(hidden)
    allowed = np.full((k, k), np.inf)
    for i, (ci, bi) in enumerate(hidden):
        for j, (cj, bj) in enumerate(hidden):
            if i == j:
                allowed[i, j] = 0.0
            elif cj not in bi and cj != ci and bj == bi | {ci}:
                allowed[i, j] = 1.0
    cost = base[:, None, None] * np.where(np.isfinite(allowed), allowed, 0.0)[None]
    cost[:, ~np.isfinite(allowed)] = np.inf
    return cost


def principal_pass(units: pd.DataFrame, pscores: np.ndarray, is_p: np.ndarray,
                   pstates: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Which principal speaks each unit of each run of principal units (``is_p``).

    ``pscores`` holds the log-scores of the principal states, ``(n_units, n_principals)``;
    ``units`` needs the boundary weights ``opener, closer, continuer``. Returns the index of the
    principal per unit (0 outside principal runs) and the posterior of that choice (1 outside).
    """
    n = len(units)
    who_all, factor = np.zeros(n, dtype=int), np.ones(n)
    run_id = np.cumsum(np.concatenate([[True], is_p[1:] != is_p[:-1]]))
    hidden = _speaker_orders(len(pstates))
    for rid in np.unique(run_id[is_p]):
        rows = np.flatnonzero(run_id == rid)
        path, post = _decode(pscores[np.ix_(rows, [h[0] for h in hidden])],
                             _speaker_costs(units.iloc[rows], pstates, hidden))
        who = np.array([hidden[h][0] for h in path])
        # Posterior of a principal: summed over the hidden states in which he speaks.
        post_p = np.zeros((len(rows), len(pstates)))
        for j, (cur, _) in enumerate(hidden):
            post_p[:, cur] += post[:, j]
        who_all[rows] = who
        factor[rows] = post_p[np.arange(len(rows)), who]
    return who_all, factor


def decode_units(units: pd.DataFrame, states: list[dict]) -> pd.DataFrame:
    """Label each unit with a state and its posterior probability, in two passes.

    1. **Roles.** Viterbi over principal / reporter / moderator, the principal score of a
       unit being the best of its principal states' scores (so style, which only tells
       principals apart, cannot pull a unit towards or away from a reporter).
    2. **Speakers.** Within each run of principal units, Viterbi over the principal states;
       a hand-over costs :data:`SPEAKER_SWITCH_PENALTY` less the opener/closer bonuses, and
       a principal who has spoken in the run does not speak again in it
       (:func:`_speaker_costs`).

    Adds ``state``, ``role`` and ``posterior`` (role posterior times speaker posterior)
    columns; a copy is returned.
    """
    units = units.copy()
    pidx = [i for i, s in enumerate(states) if s["role"] == "principal"]
    others = [i for i, s in enumerate(states) if s["role"] != "principal"]
    scores = units[[f"score_{s['state']}" for s in states]].to_numpy(dtype=float)
    role_states = [{"state": "principal", "role": "principal"}] + [states[i] for i in others]
    role_emit = np.column_stack([scores[:, pidx].max(axis=1)] + [scores[:, i] for i in others])
    role_path, role_post = _decode(role_emit, _transition_costs(units, role_states))
    n = len(units)
    state_idx = np.array([pidx[0] if r == 0 else others[r - 1] for r in role_path])
    posterior = role_post[np.arange(n), role_path]
    if len(pidx) > 1:
        who, factor = principal_pass(units, scores[:, pidx], role_path == 0, [states[i] for i in pidx])
        rows = role_path == 0
        state_idx[rows] = np.array(pidx)[who[rows]]
        posterior = posterior * factor
    units["state"] = [states[i]["state"] for i in state_idx]
    units["role"] = [states[i]["role"] for i in state_idx]
    units["posterior"] = posterior
    return units


def infer_turns_hand(text: str, principals: pd.DataFrame | None = None, start: int = 0, end: int | None = None) -> pd.DataFrame:
    """Infer the speaker turns of an unlabelled transcript.

    Parameters
    ----------
    text : str
        The decoded transcript.
    principals : pandas.DataFrame, optional
        The event's principals with the columns of ``corpus.principals`` (``surname``,
        ``interpreted``, ``side`` are used). Empty or ``None``: principals are called
        ``Principal``.
    start, end : int
        The range to analyse, e.g. the text after a header (``end=None``: to the end).

    Returns
    -------
    pandas.DataFrame
        ``start_char, end_char, speaker, role, act, confidence``, one row per turn, in order,
        tiling ``[start, end)`` exactly (white space between turns belongs to the turn before).
        ``speaker`` is a principal's surname, ``Principal``, ``Reporter`` or ``Moderator``;
        ``act`` is ``question`` (reporter), ``moderation`` (moderator), ``answer`` (a principal
        after a question) or ``statement`` (a principal before any question); ``confidence``
        is the mean posterior probability of the turn's state over its words.
    """
    if not isinstance(text, str):
        raise TypeError(f"infer_turns: text must be str, not {type(text).__name__}")
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"infer_turns: bad range [{start}, {end}) for a text of {len(text)} characters")
    if start == end:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            OUTPUT_COLUMNS, ["int64", "int64", "object", "object", "object", "float64"])})
    if not text[start:end].strip():
        return pd.DataFrame([[start, end, "Unknown", "unknown", "other", 0.0]], columns=OUTPUT_COLUMNS)

    units, states = unit_evidence(text, principals, start, end)
    return turns_from_units(decode_units(units, states), states)
