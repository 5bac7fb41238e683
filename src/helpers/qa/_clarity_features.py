"""Features of (question, answer) pairs for the trained clarity model (:mod:`._clarity_model`).

Every column has a readable name:

* ``m:`` the clarity markers of the rule-based classifier (which marker classes and patterns
  fire, anywhere or in the answer's opening) and ``rule:`` the rules' decision emulated from
  those markers;
* ``a:`` word 1-2 grams of the answer's first :data:`OPENING_WORDS` words and ``A:`` word
  unigrams of the whole answer (TF-IDF);
* ``q:`` word 1-2 grams of the question (TF-IDF);
* ``c:`` character 2-5 grams of the words of the answer's opening (TF-IDF; each word padded
  with a space on either side, so ``c: no `` is the word "no" on its own);
* ``x:`` the question's kind crossed with the answer's first word and with its length band
  (``x:yes_no&no``, ``x:what&len5``): how a question of that kind was met;
* ``r:`` the relation of question and answer: share of the question's content words in the
  answer, TF-IDF cosine, a yes/no question answered with yes/no, the wh-question's focus word
  echoed, length buckets, hedges and first-person refusals;
* ``f:`` the question's form: yes/no, wh-word, several parts, negative interrogative.

Floats stored with a model are rounded to :data:`SIG_DIGITS` significant digits, so a saved
and reloaded model predicts exactly like the fitted one.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from ..text import lower_case_pattern, lower_keeps_matches, split_sentences
from ._markers import CLARITY, TYPES, content_word_count, load_markers


#: Version of the feature definitions; a saved model with another version is refused.
FEATURE_VERSION = "clarity-features-4"
#: Significant digits kept for every stored float.
SIG_DIGITS = 6
#: Words of the answer's opening used for the ``a:`` n-grams and the opening markers.
OPENING_WORDS = 60

_APOS = re.compile("[\u2019\u2018`\u00b4]")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not of off on once only or other our ours out over own same she should so some such than
that that's the their them then there there's these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours i'm
i've i'd i'll we're we've we'll it's don't didn't doesn't isn't aren't wasn't won't wouldn't can't
mr mrs ms president sir think know going get got say said well let like want make way thing things
yes yeah look really lot one two now today able kind sort said mean go
""".split())

_YES_NO_START = re.compile(
    r"^(?:do|does|did|is|are|was|were|will|would|can|could|should|shall|have|has|had|may|might|must|"
    r"am|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|shouldn't|"
    r"haven't|hasn't)\b")
_NEG_INTERROG = re.compile(
    r"^(?:isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|shouldn't|"
    r"haven't|hasn't)\b")
_WH = ("what", "why", "how", "who", "when", "where", "which")
_WH_RE = re.compile(r"\b(what|why|how|who|whom|whose|when|where|which)\b")
_ANSWER_YN = re.compile(
    r"^(?:(?:well|so|look|oh|sir|and|but|now)[, ]+){0,3}(?:yes|yeah|yep|no|nope|sure|absolutely|certainly|"
    r"of course|not at all|correct|right|exactly|never|definitely|not really|i do|i did|i don't|i didn't|"
    r"i will|i won't|we do|we will|we won't|i am|i'm not|it is|it's not|that's right|that's correct)\b")
#: Hedges: word sequences (matched on tokens).
HEDGES = (
    "maybe", "perhaps", "probably", "possibly", "might", "may be", "i think", "i believe", "i suspect",
    "i guess", "i hope", "sort of", "kind of", "we'll see", "we will see", "it depends", "depends on",
    "hard to say", "too early", "time will tell", "remains to be seen",
)
#: First-person refusals and other answer moves: name -> word sequences (matched on tokens).
REFUSALS = {
    "not_going_to": ("i'm not going to", "i am not going to", "i'm not gonna"),
    "wont_or_cant": ("i won't", "i will not", "i can't", "i cannot", "i couldn't"),
    "dont_know": ("i don't know", "i do not know", "i have no idea"),
    "not_sure": ("i'm not sure", "i am not sure"),
    "would_not": ("i wouldn't", "i would not", "i'd rather not"),
    "let_me_say": ("let me say", "let me just say", "let me tell you", "let me put it"),
    "the_question_is": ("the question is", "the real question is", "good question", "that's a good question",
                        "that's a fair question"),
    "first_of_all": ("first of all",),
    "we_will_see": ("we'll see", "we will see", "wait and see"),
    "talk_about_later": ("later", "another time", "next week", "when the time comes", "at the appropriate time"),
    "ask_them": ("ask the", "ask them", "ask him", "ask her", "talk to the", "talk to them", "you'll have to ask"),
    "i_said": ("as i said", "as i mentioned", "as i indicated", "i've said", "i've made clear",
               "i've made it clear"),
}
_HEDGE_SET = frozenset(HEDGES)
_REFUSAL_LOOKUP = {p: k for k, ps in REFUSALS.items() for p in ps}
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _p in sorted({*HEDGES, *_REFUSAL_LOOKUP}):
    _BY_FIRST.setdefault(_p.split()[0], []).append((tuple(_p.split()), _p))
_NUMBER_WORDS = frozenset("percent million billion hundred thousand".split())


def _phrases(tokens: list[str]) -> list[tuple[int, str]]:
    """Every (start, phrase) of :data:`HEDGES` and :data:`REFUSALS` found in ``tokens``."""
    out = []
    for i, t in enumerate(tokens):
        cands = _BY_FIRST.get(t)
        if cands:
            for words, phrase in cands:
                if tuple(tokens[i:i + len(words)]) == words:
                    out.append((i, phrase))
    return out


def _norm(text) -> str:
    return _APOS.sub("'", text if isinstance(text, str) else "").lower()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _ngrams(tokens: list[str], n_max: int) -> list[str]:
    out = list(tokens)
    for n in range(2, n_max + 1):
        out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return out


def _round(x: float) -> float:
    """``x`` rounded to :data:`SIG_DIGITS` significant digits."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"cannot store {x}")
    return float(f"{x:.{SIG_DIGITS}g}") if x else 0.0


_round_array = np.vectorize(_round, otypes=[float])


# --------------------------------------------------------------------------- text blocks
#: The sparse blocks: prefix -> (text side, kind, opening words only). Kind: word n-grams up to
#: that length, ``"char"`` character n-grams of words, ``"cross"`` question kind x answer opening.
BLOCKS = {"a": ("answer", 2, True), "A": ("answer", 1, False), "q": ("question", 2, False),
          "c": ("answer", "char", True), "x": ("pair", "cross", True)}
#: Lengths of the ``c:`` character n-grams.
CHAR_NGRAMS = (2, 5)
#: Opening words of an answer skipped before its first word for the ``x:`` features.
_FILLERS = frozenset({"well", "and", "so", "look", "oh", "sir", "but", "now"})


@lru_cache(maxsize=1 << 16)
def _word_char_grams(t: str) -> tuple[str, ...]:
    """The character n-grams of one word (with a space each side), shortest first."""
    w = f" {t} "
    lo, hi = CHAR_NGRAMS
    return tuple(w[i:i + n] for n in range(lo, hi + 1) for i in range(len(w) - n + 1))


def _char_grams(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        out += _word_char_grams(t)  # words repeat: each word's grams are made once
    return out


def question_kind(qn: str) -> str:
    """``yes_no``, the wh-word (``what``, ``why``, ...) or ``other``: the kind of the first question
    sentence that has one (``qn``: normalised question text)."""
    asked = [_strip_lead(s) for s in _question_sentences(qn)]
    if any(_YES_NO_START.match(s) for s in asked):
        return "yes_no"
    for s in asked:
        m = _WH_RE.search(s)
        if m:
            return {"whom": "who", "whose": "who"}.get(m.group(1), m.group(1))
    return "other"


def _cross_terms(qn: str, a_tok: list[str]) -> list[str]:
    kind = question_kind(qn)
    first = next((t for t in a_tok[:4] if t not in _FILLERS), "-")
    return [f"{kind}&{first}", f"{kind}&len{min(int(math.log2(len(a_tok) + 1)), 10)}"]


def _block_terms(prefix: str, q_norm: list[str], q_tokens: list[list[str]],
                 a_tokens: list[list[str]]) -> list[list[str]]:
    side, kind, opening = BLOCKS[prefix]
    if kind == "cross":
        return [_cross_terms(q, a) for q, a in zip(q_norm, a_tokens)]
    toks = q_tokens if side == "question" else a_tokens
    if opening:
        toks = [t[:OPENING_WORDS] for t in toks]
    if kind == "char":
        return [_char_grams(t) for t in toks]
    return [_ngrams(t, kind) for t in toks]


def fit_vocabulary(questions, answers, min_df: dict | None = None, max_terms: dict | None = None) -> dict:
    """Vocabulary and inverse document frequencies of the n-gram blocks.

    Parameters
    ----------
    questions, answers : sequence of str
        Training pairs.
    min_df : dict, optional
        Block prefix -> minimum number of documents a term must occur in (default 3).
    max_terms : dict, optional
        Block prefix -> maximum number of terms kept, the most frequent first (default
        ``{"a": 5000, "A": 3000, "q": 1500, "c": 3000, "x": 500}``).

    Returns
    -------
    dict
        Block prefix -> ``{"terms": [...], "idf": [...]}`` (smoothed idf, rounded).
    """
    min_df = {"a": 3, "A": 3, "q": 3, "c": 3, "x": 3, **(min_df or {})}
    max_terms = {"a": 5000, "A": 3000, "q": 1500, "c": 3000, "x": 500, **(max_terms or {})}
    q_norm = [_norm(q) for q in questions]
    q_tok = [_tokens(q) for q in q_norm]
    a_tok = [_tokens(_norm(a)) for a in answers]
    n_docs = len(a_tok)
    vocab = {}
    for prefix in BLOCKS:
        df = Counter()
        for terms in _block_terms(prefix, q_norm, q_tok, a_tok):
            df.update(set(terms))
        kept = sorted((t for t, c in df.items() if c >= min_df[prefix]), key=lambda t: (-df[t], t))
        kept = sorted(kept[:max_terms[prefix]])
        idf = [_round(math.log((1 + n_docs) / (1 + df[t])) + 1.0) for t in kept]
        vocab[prefix] = {"terms": kept, "idf": idf}
    return vocab


def _tfidf_block(docs: list[list[str]], terms: list[str], idf: list[float]) -> sp.csr_matrix:
    # (document, term) pairs counted with numpy; the sublinear counts from math.log, as one at a time
    n_terms = len(terms)
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    flat = [t for d in docs for t in d]
    index = {t: i for i, t in enumerate(terms)}
    cols = np.fromiter(map(index.get, flat, itertools.repeat(-1, len(flat))), dtype=np.int64, count=len(flat))
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    keep = cols >= 0
    pairs, counts = np.unique(rows[keep] * n_terms + cols[keep], return_counts=True)
    sublinear = np.array([1.0 + math.log(k) for k in range(1, int(counts.max(initial=0)) + 1)])
    data = sublinear[counts - 1] if len(counts) else np.zeros(0)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(pairs // max(n_terms, 1), minlength=len(docs)))])
    m = sp.csr_matrix((data, (pairs % max(n_terms, 1)).astype(np.int64), indptr.astype(np.int64)),
                      shape=(len(docs), n_terms))
    m = m @ sp.diags(np.asarray(idf, dtype=float)) if len(terms) else m
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


# --------------------------------------------------------------------------- marker block
def _marker_names(markers: dict) -> list[str]:
    names = []
    for cls, spec in markers["classes"].items():
        names += [f"m:{cls}", f"m:{cls}@opening", f"m:{cls}@short"]
        names += [f"m:{cls}#{i}" for i in range(len(spec["patterns"]))]
    names += ["m:explicit_opening", "m:none"]
    names += [f"rule:{c}" for c in CLARITY]
    names += [f"rule:{t}" for t in TYPES]
    return names


_LITERAL_CACHE: dict = {}


def _required_literal(pattern: re.Pattern) -> str | None:
    """The longest run of plain characters every match of ``pattern`` contains (lower case)."""
    try:
        import re._parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse
    best, run = "", ""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - a pattern the parser cannot read is always run
        return None
    for op, arg in list(parsed) + [(None, None)]:
        if op == sre_parse.LITERAL:
            run += chr(arg)
        else:
            if op == sre_parse.AT:
                continue
            best = max(best, run, key=len)
            run = ""
    best = best.lower()
    return best if len(best) >= 3 else None


def _literals(markers: dict) -> list[list[tuple[str | None, re.Pattern | None]]]:
    """Per marker class and pattern: the required literal and the lower-case pattern."""
    key = id(markers)
    if key not in _LITERAL_CACHE:
        _LITERAL_CACHE[key] = (markers, [[(_required_literal(p), lower_case_pattern(p)) for p in spec["patterns"]]
                                         for spec in markers["classes"].values()])
    return _LITERAL_CACHE[key][1]


def _marker_row(text: str, markers: dict) -> tuple[dict, list[str]]:
    """Marker features of one answer (original text, case-insensitive patterns)."""
    feats: dict[str, float] = {}
    spans: list[tuple[int, int, str, str]] = []
    opening_end = 0
    for k, m in enumerate(re.finditer(r"\S+", text)):
        opening_end = m.end()
        if k + 1 >= OPENING_WORDS:
            break
    lowered = text.lower()
    same = lower_keeps_matches(text, lowered)  # else the patterns run as written, unfiltered
    for (cls, spec), fast in zip(markers["classes"].items(), _literals(markers)):
        for i, (pat, (lit, fpat)) in enumerate(zip(spec["patterns"], fast)):
            if same and lit is not None and lit not in lowered:
                continue
            found = fpat.finditer(lowered) if (same and fpat is not None) else pat.finditer(text)
            for m in found:
                spans.append((m.start(), m.end(), cls, text[m.start():m.end()]))
                feats[f"m:{cls}#{i}"] = 1.0
                feats[f"m:{cls}"] = feats.get(f"m:{cls}", 0.0) + 1.0
                if m.start() < opening_end:
                    feats[f"m:{cls}@opening"] = 1.0
    spans.sort()
    for k in [k for k in feats if k.count("#") == 0 and "@" not in k]:
        feats[k] = math.log1p(feats[k])
    # the rules' decision, emulated: the words left once the sentences holding a marker are
    # withheld (up to a later "but"), counted as the rules count them
    content = content_word_count(text, [s for s, _, _, _ in spans])
    stripped = text.lstrip()
    off = len(text) - len(stripped)
    opening = None
    for pat in markers["explicit_opening"]:
        m = pat.search(stripped)
        if m and not any(s < off + m.end() and e > off + m.start() for s, e, _, _ in spans):
            opening = m
            break
    if opening:
        feats["m:explicit_opening"] = 1.0
    classes = markers["classes"]
    if not spans:
        feats["m:none"] = 1.0
    caveats_only = bool(spans) and all(classes[c]["with_content"] is None for _, _, c, _ in spans)
    if spans and content < markers["min_content_words"] and not (caveats_only and opening):
        for _, _, c, _ in spans:
            feats[f"m:{c}@short"] = 1.0
        rule = ("non_reply", classes[spans[0][2]]["alone"])
    elif opening:
        rule = ("reply", "explicit")
    else:
        eff = [c for _, _, c, _ in spans if classes[c]["with_content"] is not None]
        rule = ("ambivalent", classes[eff[0]]["with_content"]) if eff else ("reply", None)
    feats[f"rule:{rule[0]}"] = 1.0
    if rule[1]:
        feats[f"rule:{rule[1]}"] = 1.0
    fired = [f"{c}: '{s}'" for _, _, c, s in spans]
    return feats, fired


# --------------------------------------------------------------------------- relation/form
_RELATION_NAMES = (
    ["r:q_words_in_answer", "r:q_words_in_opening", "r:no_q_word_in_answer", "r:cosine", "r:cosine=0",
     "r:yn_question_yn_answer", "r:yn_question_other_answer", "r:wh_focus_echoed", "r:wh_focus_missing",
     "r:answer_log_words", "r:hedges_per_100", "r:hedge_in_opening", "r:number_in_answer",
     "r:how_many_with_number"]
    + [f"r:len<={b}" for b in (5, 15, 40, 100, 250, 600)] + ["r:len>600"]
    + [f"r:refusal:{k}" for k in REFUSALS] + [f"r:refusal_opening:{k}" for k in REFUSALS]
    + ["f:yes_no", "f:negative_interrogative", "f:multi_part", "f:n_question_marks", "f:or_question",
       "f:do_you_think", "f:no_question_mark", "f:q_log_words"]
    + [f"f:wh:{w}" for w in _WH]
)
_LEN_BUCKETS = (5, 15, 40, 100, 250, 600)


def _question_sentences(qn: str) -> list[str]:
    sents = [qn[a:b].strip() for a, b in split_sentences(qn, unspaced=True)]
    asked = [s for s in sents if s.endswith("?")]
    return asked or sents[-1:] or [""]


def _strip_lead(s: str) -> str:
    return re.sub(r"^(?:q\.\s*|(?:and|but|so|also|now|sir|mr\.? president|madam|well|then|secondly|"
                  r"first|second|third|finally|just)[, ]+)+", "", s.strip())


def answer_idf(vocabulary: dict) -> tuple[dict, float]:
    """The idf of the vocabulary's answer unigrams (the ``A`` block) and its largest value, which
    :func:`_cosine` gives words outside the vocabulary."""
    return dict(zip(vocabulary["A"]["terms"], vocabulary["A"]["idf"])), max(vocabulary["A"]["idf"], default=1.0)


def content_vector(tokens: list[str], idf: dict, max_idf: float) -> tuple[Counter, float]:
    """The content words of a token list counted, and the length of their TF-IDF vector (sublinear
    tf), as :func:`_cosine` computes them: worked out once for a text compared with several."""
    v = Counter(t for t in tokens if t not in _STOP and len(t) > 2)
    return v, math.sqrt(sum(((1 + math.log(c)) * idf.get(t, max_idf)) ** 2 for t, c in v.items()))


def vector_cosine(q: tuple[Counter, float], a: tuple[Counter, float], idf: dict, max_idf: float) -> float:
    """:func:`_cosine` of two :func:`content_vector` results."""
    (qv, nq), (av, na) = q, a
    if not (nq and na):
        return 0.0
    dot = sum((1 + math.log(qv[t])) * (1 + math.log(av[t])) * idf.get(t, max_idf) ** 2 for t in qv if t in av)
    return dot / (nq * na)


def _cosine(q_tok: list[str], a_tok: list[str], idf: dict, max_idf: float) -> float:
    """TF-IDF cosine of the content words of two token lists (sublinear tf)."""
    return vector_cosine(content_vector(q_tok, idf, max_idf), content_vector(a_tok, idf, max_idf), idf, max_idf)


def question_parts(question) -> list[str]:
    """The questions asked in ``question`` (a reporter's turn): its sentences ending in ``?`` when
    there are at least two, else the whole text as the one part."""
    text = _APOS.sub("'", question if isinstance(question, str) else "").strip()
    asked = [text[a:b].strip() for a, b in split_sentences(text)]
    asked = [s for s in asked if s.rstrip("\"'\u201d)]").endswith("?")]
    return asked if len(asked) >= 2 else [text]


def _relation_row(qn: str, an: str, q_tok: list[str], a_tok: list[str], idf: dict, max_idf: float) -> dict:
    f: dict[str, float] = {}
    qc = {t for t in q_tok if t not in _STOP and len(t) > 2}
    ac_all = {t for t in a_tok if t not in _STOP and len(t) > 2}
    ac_open = {t for t in a_tok[:OPENING_WORDS] if t not in _STOP and len(t) > 2}
    if qc:
        f["r:q_words_in_answer"] = len(qc & ac_all) / len(qc)
        f["r:q_words_in_opening"] = len(qc & ac_open) / len(qc)
        if not qc & ac_all:
            f["r:no_q_word_in_answer"] = 1.0
    cos = _cosine(q_tok, a_tok, idf, max_idf)
    f["r:cosine"] = cos
    if cos == 0.0:
        f["r:cosine=0"] = 1.0
    asked = [_strip_lead(s) for s in _question_sentences(qn)]
    yes_no = any(_YES_NO_START.match(s) for s in asked)
    if yes_no:
        f["f:yes_no"] = 1.0
        f["r:yn_question_yn_answer" if _ANSWER_YN.match(an.lstrip()) else "r:yn_question_other_answer"] = 1.0
    if any(_NEG_INTERROG.match(s) for s in asked):
        f["f:negative_interrogative"] = 1.0
    n_q = qn.count("?")
    f["f:n_question_marks"] = math.log1p(n_q)
    if n_q == 0:
        f["f:no_question_mark"] = 1.0
    if n_q > 1 or re.search(r"\?\s*and\b|\band (?:also|secondly|second)\b|\btwo questions\b|\bfollow.?up\b", qn):
        f["f:multi_part"] = 1.0
    if any(re.search(r"\bor\b[^?]*\?$", s) for s in asked):
        f["f:or_question"] = 1.0
    if "do you think" in qn:
        f["f:do_you_think"] = 1.0
    f["f:q_log_words"] = math.log1p(len(q_tok)) / 5.0
    focus = None
    for s in asked:
        m = _WH_RE.search(s)
        if m:
            w = {"whom": "who", "whose": "who"}.get(m.group(1), m.group(1))
            f[f"f:wh:{w}"] = 1.0
            after = [t for t in _tokens(s[m.end():]) if t not in _STOP and len(t) > 2]
            if after and focus is None:
                focus = after[0]
    if focus is not None:
        stem = focus[:5]
        f["r:wh_focus_echoed" if any(t.startswith(stem) for t in ac_all) else "r:wh_focus_missing"] = 1.0
    n = len(a_tok)
    f["r:answer_log_words"] = math.log1p(n) / 7.0
    for b in _LEN_BUCKETS:
        if n <= b:
            f[f"r:len<={b}"] = 1.0
            break
    else:
        f["r:len>600"] = 1.0
    found = _phrases(a_tok)
    hedges = [i for i, g in found if g in _HEDGE_SET]
    if hedges:
        f["r:hedges_per_100"] = min(10.0 * len(hedges) / max(n, 1), 1.0)
        if hedges[0] < OPENING_WORDS:
            f["r:hedge_in_opening"] = 1.0
    for i, g in found:
        k = _REFUSAL_LOOKUP.get(g)
        if k is not None:
            f[f"r:refusal:{k}"] = 1.0
            if i < OPENING_WORDS:
                f[f"r:refusal_opening:{k}"] = 1.0
    if any(t[0].isdigit() or t in _NUMBER_WORDS for t in a_tok):
        f["r:number_in_answer"] = 1.0
        if re.search(r"\bhow (?:many|much|long|soon)\b|\bwhen\b", qn):
            f["r:how_many_with_number"] = 1.0
    return f


# --------------------------------------------------------------------------- featurise
def feature_names(vocabulary: dict, markers: dict | None = None) -> list[str]:
    """Names of the columns :func:`featurise` returns for ``vocabulary``."""
    markers = markers or load_markers()
    names = _marker_names(markers) + list(_RELATION_NAMES)
    for prefix in BLOCKS:
        names += [f"{prefix}:{t}" for t in vocabulary[prefix]["terms"]]
    return names


def featurise(questions, answers, vocabulary: dict | None = None, markers: dict | None = None,
              return_evidence: bool = False):
    """Features of (question, answer) pairs.

    Parameters
    ----------
    questions, answers : sequence of str
        The questions and the answers to them, of equal length (missing values count as
        empty text).
    vocabulary : dict, optional
        From :func:`fit_vocabulary` (or a fitted model's ``vocabulary``); fitted on these
        pairs when not given.
    markers : dict, optional
        From ``load_markers``; default the project's markers.
    return_evidence : bool
        Also return, per pair, the list of markers that fired.

    Returns
    -------
    X : scipy.sparse.csr_matrix
        One row per pair.
    names : list of str
        One name per column (``m:``, ``rule:``, ``r:``, ``f:``, ``a:``, ``A:``, ``q:``, ``c:``,
        ``x:``).
    fired : list of list of str
        Only with ``return_evidence``.
    """
    questions = list(questions)
    answers = list(answers)
    if len(questions) != len(answers):
        raise ValueError(f"{len(questions)} questions but {len(answers)} answers")
    markers = markers or load_markers()
    if vocabulary is None:
        vocabulary = fit_vocabulary(questions, answers)
    names = feature_names(vocabulary, markers)
    dense_names = _marker_names(markers) + list(_RELATION_NAMES)
    col = {n: i for i, n in enumerate(dense_names)}
    unigram_idf, max_idf = answer_idf(vocabulary)
    qn_all = [_norm(q) for q in questions]
    an_all = [_norm(a) for a in answers]
    q_tok = [_tokens(q) for q in qn_all]
    a_tok = [_tokens(a) for a in an_all]
    rows, cols, vals, fired_all = [], [], [], []
    marked: dict[str, tuple[dict, list[str]]] = {}  # an answer paired with several questions: its markers once
    for i, (q_raw, a_raw) in enumerate(zip(questions, answers)):
        a_raw = _APOS.sub("'", a_raw if isinstance(a_raw, str) else "")
        if a_raw not in marked:
            marked[a_raw] = _marker_row(a_raw, markers)
        mf, fired = marked[a_raw][0], list(marked[a_raw][1])
        rf = _relation_row(qn_all[i], an_all[i], q_tok[i], a_tok[i], unigram_idf, max_idf)
        for k, v in (*mf.items(), *rf.items()):
            rows.append(i)
            cols.append(col[k])
            vals.append(v)
        fired_all.append(fired)
    dense = sp.csr_matrix((np.asarray(vals, dtype=float), (np.asarray(rows, dtype=np.int64),
                                                           np.asarray(cols, dtype=np.int64))),
                          shape=(len(questions), len(dense_names)))
    blocks = [dense]
    for prefix in BLOCKS:
        v = vocabulary[prefix]
        blocks.append(_tfidf_block(_block_terms(prefix, qn_all, q_tok, a_tok), v["terms"], v["idf"]))
    X = sp.hstack(blocks, format="csr")
    X.sort_indices()
    return (X, names, fired_all) if return_evidence else (X, names)


