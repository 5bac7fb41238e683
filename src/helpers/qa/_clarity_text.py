"""The text side of the clarity features (:mod:`._clarity_features`): tokens, hedge and refusal
phrases, the question's form and the relation of question and answer.

Each distinct text is read once per call: :class:`TextCache` keeps, per normalised question or
answer, its tokens, its TF-IDF content vector (:func:`content_vector`) and the features that
depend on it alone (:class:`QuestionSide`, :class:`AnswerSide`); :func:`relation_row` then
joins a question and an answer. An answer paired with several questions (the sub-questions of
one turn) or a question scored against several answers is worked out only once. The values are
those of one pair at a time (:func:`_relation_row`), bit for bit: the same sums in the same order.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from ..text import split_sentences

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
#: The phrases of one word, by that word, and the longer ones by their first two words.
_ONE_WORD = {ws[0]: p for c in _BY_FIRST.values() for ws, p in c if len(ws) == 1}
_BY_TWO: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
for _c in _BY_FIRST.values():
    for _ws, _p in _c:
        if len(_ws) > 1:
            _BY_TWO.setdefault(_ws[:2], []).append((_ws, _p))
_NUMBER_WORDS = frozenset("percent million billion hundred thousand".split())


def _phrases(tokens: list[str]) -> list[tuple[int, str]]:
    """Every (start, phrase) of :data:`HEDGES` and :data:`REFUSALS` found in ``tokens``, by start
    then phrase."""
    out = []
    n = len(tokens)
    for i in [i for i, t in enumerate(tokens) if t in _BY_FIRST]:
        t = tokens[i]
        hits = [_ONE_WORD[t]] if t in _ONE_WORD else []
        cands = _BY_TWO.get((t, tokens[i + 1])) if i + 1 < n else None
        if cands:
            hits += [phrase for words, phrase in cands if tuple(tokens[i:i + len(words)]) == words]
        out += [(i, phrase) for phrase in sorted(hits)]
    return out


def _norm(text) -> str:
    return _APOS.sub("'", text if isinstance(text, str) else "").lower()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


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


_LEAD = re.compile(r"^(?:q\.\s*|(?:and|but|so|also|now|sir|mr\.? president|madam|well|then|secondly|"
                   r"first|second|third|finally|just)[, ]+)+")


def _strip_lead(s: str) -> str:
    return _LEAD.sub("", s.strip())


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


_WH_FOLD = {"whom": "who", "whose": "who"}
_MULTI_PART = re.compile(r"\?\s*and\b|\band (?:also|secondly|second)\b|\btwo questions\b|\bfollow.?up\b")
_OR_QUESTION = re.compile(r"\bor\b[^?]*\?$")
_DIGIT = re.compile(r"\d")
_HOW_MANY = re.compile(r"\bhow (?:many|much|long|soon)\b|\bwhen\b")


#: ``1 + log(count)`` of small counts, as :func:`content_vector` computes it.
_SUBLINEAR = [0.0] + [1 + math.log(c) for c in range(1, 64)]
_N_SUBLINEAR = len(_SUBLINEAR)


class Vector:
    """A text's content words for :func:`vector_cosine`: per word its sublinear count
    ``1 + log(count)`` (``weights``, in first-occurrence order) and the length of the TF-IDF
    vector (``norm``), as :func:`content_vector` computes it."""

    __slots__ = ("_idf", "_max_idf", "_terms", "norm", "weights")

    def __init__(self, tokens: list[str], idf: dict, max_idf: float):
        # every token counted, then the content words kept: the counts and first-occurrence order
        # of counting the content words alone
        self.weights = {t: _SUBLINEAR[c] if c < _N_SUBLINEAR else 1 + math.log(c)
                        for t, c in Counter(tokens).items() if t not in _STOP and len(t) > 2}
        # the squares summed one after the other, in the words' order (as content_vector sums them)
        self.norm = math.sqrt(sum([(w * idf.get(t, max_idf)) ** 2 for t, w in self.weights.items()]))
        self._terms = None
        self._idf, self._max_idf = idf, max_idf

    def cosine(self, other: Vector) -> float:
        """:func:`vector_cosine` of this (question) vector with ``other``."""
        if not (self.norm and other.norm):
            return 0.0
        if self._terms is None:  # (word, weight, idf squared): the question side of every product
            self._terms = [(t, w, self._idf.get(t, self._max_idf) ** 2) for t, w in self.weights.items()]
        aw = other.weights
        return sum([w * aw[t] * s for t, w, s in self._terms if t in aw]) / (self.norm * other.norm)


class QuestionSide:
    """What a question (normalised text ``qn``, its tokens) gives every pair it is in: its
    content words and vector, its ``f:`` form features, yes/no, the wh-question's focus word,
    whether it asks how many, and its kind (:func:`question_kind`)."""

    __slots__ = ("content", "focus", "form", "how_many", "kind", "vector", "yes_no")

    def __init__(self, qn: str, q_tok: list[str], vector: Vector):
        self.vector = vector
        self.content = set(vector.weights)
        f: dict[str, float] = {}
        asked = [_strip_lead(s) for s in _question_sentences(qn)]
        self.yes_no = any(_YES_NO_START.match(s) for s in asked)
        if self.yes_no:
            f["f:yes_no"] = 1.0
        if any(_NEG_INTERROG.match(s) for s in asked):
            f["f:negative_interrogative"] = 1.0
        n_q = qn.count("?")
        f["f:n_question_marks"] = math.log1p(n_q)
        if n_q == 0:
            f["f:no_question_mark"] = 1.0
        if n_q > 1 or _MULTI_PART.search(qn):
            f["f:multi_part"] = 1.0
        if any(_OR_QUESTION.search(s) for s in asked):
            f["f:or_question"] = 1.0
        if "do you think" in qn:
            f["f:do_you_think"] = 1.0
        f["f:q_log_words"] = math.log1p(len(q_tok)) / 5.0
        focus = kind = None
        for s in asked:
            m = _WH_RE.search(s)
            if m:
                w = _WH_FOLD.get(m.group(1), m.group(1))
                kind = kind or w
                f[f"f:wh:{w}"] = 1.0
                if focus is None:
                    after = [t for t in _tokens(s[m.end():]) if t not in _STOP and len(t) > 2]
                    focus = after[0] if after else None
        self.form, self.focus = f, focus
        self.kind = "yes_no" if self.yes_no else (kind or "other")
        self.how_many = _HOW_MANY.search(qn) is not None


class AnswerSide:
    """What an answer (normalised text ``an``, its tokens) gives every pair it is in: its content
    words (all, in the opening), vector, whether it opens with yes/no, whether it has a number,
    and its own ``r:`` features (length, hedges, refusals)."""

    __slots__ = ("_stems", "content", "number", "opening", "own", "vector", "yes_no")

    def __init__(self, an: str, a_tok: list[str], vector: Vector):
        self.vector = vector
        self.content = set(vector.weights)
        self.opening = {t for t in a_tok[:OPENING_WORDS] if t not in _STOP and len(t) > 2}
        self.yes_no = _ANSWER_YN.match(an.lstrip()) is not None
        self._stems: dict[str, bool] = {}
        f: dict[str, float] = {}
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
        # a number word, or a token starting with a digit (only where the text has a digit)
        self.number = (not _NUMBER_WORDS.isdisjoint(a_tok)
                       or (_DIGIT.search(an) is not None and any(t[0].isdigit() for t in a_tok)))
        if self.number:
            f["r:number_in_answer"] = 1.0
        self.own = f

    def echoes(self, stem: str) -> bool:
        """Whether a content word of the answer starts with ``stem``."""
        hit = self._stems.get(stem)
        if hit is None:
            hit = self._stems[stem] = any(t.startswith(stem) for t in self.content)
        return hit


def relation_row(q: QuestionSide, a: AnswerSide) -> dict:
    """The ``r:`` and ``f:`` features of one (question, answer) pair."""
    f: dict[str, float] = {}
    qc = q.content
    if qc:
        shared = qc & a.content
        f["r:q_words_in_answer"] = len(shared) / len(qc)
        f["r:q_words_in_opening"] = len(qc & a.opening) / len(qc)
        if not shared:
            f["r:no_q_word_in_answer"] = 1.0
    cos = q.vector.cosine(a.vector)
    f["r:cosine"] = cos
    if cos == 0.0:
        f["r:cosine=0"] = 1.0
    if q.yes_no:
        f["r:yn_question_yn_answer" if a.yes_no else "r:yn_question_other_answer"] = 1.0
    if q.focus is not None:
        f["r:wh_focus_echoed" if a.echoes(q.focus[:5]) else "r:wh_focus_missing"] = 1.0
    if a.number and q.how_many:
        f["r:how_many_with_number"] = 1.0
    f.update(q.form)
    f.update(a.own)
    return f


def _relation_row(qn: str, an: str, q_tok: list[str], a_tok: list[str], idf: dict, max_idf: float) -> dict:
    """:func:`relation_row` of one pair from its normalised texts and tokens."""
    return relation_row(QuestionSide(qn, q_tok, Vector(q_tok, idf, max_idf)),
                        AnswerSide(an, a_tok, Vector(a_tok, idf, max_idf)))


class TextCache:
    """Normalised texts, tokens, vectors and question and answer sides, each worked out once for
    all the pairs of one featurisation (``idf``, ``max_idf``: :func:`answer_idf`)."""

    def __init__(self, idf: dict, max_idf: float):
        self.idf, self.max_idf = idf, max_idf
        self._norm: dict = {}
        self._tokens: dict[str, list[str]] = {}
        self._vectors: dict[str, Vector] = {}
        self._questions: dict[str, QuestionSide] = {}
        self._answers: dict[str, AnswerSide] = {}
        self._sentences: dict[str, list[str]] = {}

    def norm(self, text) -> str:
        """:func:`_norm` of a raw text (missing values: empty text)."""
        key = text if isinstance(text, str) else ""
        out = self._norm.get(key)
        if out is None:
            out = self._norm[key] = _norm(key)
        return out

    def tokens(self, norm_text: str) -> list[str]:
        out = self._tokens.get(norm_text)
        if out is None:
            out = self._tokens[norm_text] = _tokens(norm_text)
        return out

    def vector(self, norm_text: str) -> Vector:
        out = self._vectors.get(norm_text)
        if out is None:
            out = self._vectors[norm_text] = Vector(self.tokens(norm_text), self.idf, self.max_idf)
        return out

    def question(self, qn: str) -> QuestionSide:
        out = self._questions.get(qn)
        if out is None:
            out = self._questions[qn] = QuestionSide(qn, self.tokens(qn), self.vector(qn))
        return out

    def answer(self, an: str) -> AnswerSide:
        out = self._answers.get(an)
        if out is None:
            out = self._answers[an] = AnswerSide(an, self.tokens(an), self.vector(an))
        return out

    def sentences(self, text) -> list[str]:
        """The normalised sentences of a raw answer text (:func:`split_sentences` with
        ``unspaced``), at least one (empty text)."""
        text = text if isinstance(text, str) else ""
        out = self._sentences.get(text)
        if out is None:
            norm = self.norm(text)
            spans = split_sentences(text, unspaced=True)
            if len(norm) == len(text):  # normalising kept every character in place: its slices
                out = [norm[a:b] for a, b in spans]
            else:
                out = [_norm(text[a:b]) for a, b in spans]
            out = self._sentences[text] = out or [""]
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
