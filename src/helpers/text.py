"""Text utilities shared by every step: white space and word counts, sentences, the token folding
used for matching, stop words and content words, cue-file reading and pattern compiling, ``;`` lists.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

_WS = re.compile(r"\s+")


_WORDS = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


_KEEP = re.compile(r"[^0-9a-z.\s]+")


_GAP = re.compile(r"[\-\u2013\u2014/]+")


def strip_text(body: str) -> str:
    """Caption form of a text: lower case, every punctuation mark but full stops dropped (dashes
    and slashes become spaces), white space folded to one space."""
    t = body.lower().replace("\u2019", "").replace("'", "")
    t = _GAP.sub(" ", t)
    t = _KEEP.sub("", t)
    return " ".join(t.split())


def normalise_space(text: str) -> str:
    """Fold every run of white space (including no-break spaces and line ends) to one space."""
    return _WS.sub(" ", text).strip()


def count_words(text: str) -> int:
    """Count words: runs of letters and digits, with inner apostrophes and hyphens."""
    return len(_WORDS.findall(text))


#: A token: a dotted abbreviation (``U.S.``, ``u. s.``, ``U.N.``, ``U.K.``) or a run of letters
#: and digits with inner apostrophes. Hyphens, dashes and other punctuation separate tokens.
_TOKEN = re.compile(
    r"\b(?:[uU]\.\s?[sS]\.(?:\s?[aA]\.)?|[uU]\.\s?[nN]\.|[uU]\.\s?[kK]\.)"
    r"|[^\W_]+(?:['\u2019\u2018`][^\W_]+)*"
)


#: Dotted abbreviations and their expansions, already plural-folded like any other token
#: (``United States`` itself normalises to ``united state``).
_ABBREVIATIONS = {"us": "united state", "usa": "united state", "un": "united nation", "uk": "united kingdom"}


#: All-capital tokens that are abbreviations when written without stops.
_CAPITAL_ABBREVIATIONS = {"US": "united state", "USA": "united state", "UN": "united nation", "UK": "united kingdom"}


_APOSTROPHES = re.compile(r"['\u2019\u2018`]")


@lru_cache(maxsize=1 << 16)
def _fold_token(token: str) -> str:
    """Normalise one token; keeps its case (acronyms are matched case-sensitively). Memoised:
    a text repeats its words."""
    if "." in token:  # dotted abbreviation
        key = re.sub(r"[.\s]", "", token).lower()
        return _ABBREVIATIONS.get(key, key)
    if token in _CAPITAL_ABBREVIATIONS:
        return _CAPITAL_ABBREVIATIONS[token]
    if _APOSTROPHES.search(token):
        token = _APOSTROPHES.sub("'", token)
        if token.lower().endswith("'s"):
            token = token[:-2]
        token = token.replace("'", "")
    low = token.lower()
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        if low.endswith("ies") and len(low) > 4:
            token = token[:-3] + ("Y" if token[-3:].isupper() else "y")
        else:
            token = token[:-1]
    return token


def tokenize(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Cut a text into normalised tokens with their source offsets.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    tokens : list of str
        Normalised tokens, case kept: apostrophes removed (``don't`` -> ``dont``), possessive
        ``'s`` dropped, plurals folded (``sanctions`` -> ``sanction``, ``activities`` ->
        ``activity``), ``U.S.``/``u. s.``/``US`` -> ``united state`` (as ``United States``
        itself), ``U.N.`` -> ``united nation``. Hyphens and dashes separate tokens (``Kim Jong-un`` -> ``Kim Jong un``).
    starts, ends : numpy.ndarray
        Source offsets of each token (end exclusive).
    """
    text = unicodedata.normalize("NFC", text)
    # the spans from one pass, the tokens' text from findall (in C): one call per token, not three
    spans = np.array([m.span() for m in _TOKEN.finditer(text)], dtype=np.int64).reshape(-1, 2)
    if not len(spans):
        return [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return list(map(_fold_token, _TOKEN.findall(text))), spans[:, 0].copy(), spans[:, 1].copy()


def _raw_tokens(text: str) -> list[str]:
    """The tokens of :func:`tokenize` as written, before folding."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def token_counts(text: str) -> Counter:
    """How often each token of :func:`tokenize` occurs in ``text``. The forms as written are
    counted first (in C) and each distinct form is folded once: fast on long texts. Texts joined
    with a blank line (``"\n\n"``) count as the sum of their counts: no token spans two spaces."""
    counts = Counter()
    for raw, n in Counter(_raw_tokens(text)).items():
        counts[_fold_token(raw)] += n
    return counts


def normalise(text: str, keep_case: bool = False) -> str:
    """Normalise a text for matching: tokens of :func:`tokenize` joined by single spaces.

    Parameters
    ----------
    text : str
        Any text.
    keep_case : bool
        Keep the case of tokens (the matcher does, for acronyms); default lower-case.

    Examples
    --------
    >>> normalise("The U.S. and Kim Jong-un's sanctions")
    'the united state and kim jong un sanction'
    >>> normalise("u. S. enforcement")
    'united state enforcement'
    """
    out = " ".join(map(_fold_token, _raw_tokens(text)))  # tokenize's tokens, without their offsets
    return out if keep_case else out.lower()


def join_list(items) -> str:
    """Join the items of a list cell with ``;``: ``["a", "b"]`` -> ``"a;b"``, ``[3, 4]`` -> ``"3;4"``."""
    return ";".join(str(i) for i in items)


def split_list(value, cast=str) -> list:
    """Split a ``;``-separated cell into a list of ``cast`` values; empty or missing gives ``[]``.

    ``split_list("a;b")`` -> ``["a", "b"]``; ``split_list("3;4", int)`` -> ``[3, 4]``.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return []
    return [cast(v) for v in str(value).split(";") if v.strip() != ""]


def split_topics(value) -> list[str]:
    """Split a ``topics`` cell (``"a;b"``) into a list of topic ids; empty or missing gives ``[]``."""
    return split_list(value)


#: Words left out of keyness and NMF besides scikit-learn's English stop words: contractions
#: as normalisation writes them (apostrophes removed) and forms of address.
EXTRA_STOP_WORDS = frozenset({
    "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "cant", "couldnt", "wouldnt",
    "shouldnt", "havent", "hasnt", "im", "ive", "id", "ill", "youre", "youve", "youll", "youd", "weve",
    "were", "well", "wed", "theyre", "theyve", "theyll", "thats", "theres", "heres", "whats", "lets",
    "its", "hes", "shes", "mr", "mrs", "ms", "ve", "ll", "don",
})


def stop_words() -> frozenset:
    """English stop words (scikit-learn's list) plus :data:`EXTRA_STOP_WORDS`, also in their
    normalised (plural-folded) forms, so they can be matched against normalised tokens."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    base = set(ENGLISH_STOP_WORDS) | EXTRA_STOP_WORDS
    return frozenset(base | {normalise(w) for w in base})


#: Words that carry no content when two passages are compared for overlap.
_STOP = frozenset(
    ["about", "above", "after", "again", "against", "also", "although", "among", "another", "anything", "around", "because", "been", "before", "being", "between", "both", "could", "does", "doing", "done", "during", "each", "either", "else", "even", "every", "from", "have", "having", "here", "into", "itself", "just", "like", "many", "more", "most", "much", "must", "never", "only", "other", "over", "same", "should", "since", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "until", "very", "want", "were", "what", "when", "where", "whether", "which", "while", "will", "with", "within", "would", "your", "yours", "you're", "we're", "they're", "it's", "that's", "there's", "don't", "think", "know", "said", "mentioned", "talked", "mention", "explain", "elaborate", "tell", "talk", "little", "more", "bit", "question", "questions", "could"]
)


def apostrophe_tolerant(pattern: str) -> str:
    """Let an apostrophe in a cue pattern match ``'``, ``’`` or nothing (captions drop them)."""
    return pattern.replace("'", "['\u2019]?")


def compile_patterns(patterns) -> list[re.Pattern]:
    """Compile cue patterns (one or a list), case-insensitive, tolerant of apostrophes."""
    if isinstance(patterns, str):
        patterns = [patterns]
    return [re.compile(apostrophe_tolerant(p), re.IGNORECASE) for p in patterns]


@lru_cache(maxsize=256)
def _union(sources: tuple[tuple[str, int], ...]) -> re.Pattern | None:
    flags = {f for _, f in sources}
    if len(flags) != 1 or any(re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]+\)", p) for p, _ in sources):
        return None  # differing flags, backreferences or global inline flags: no safe union
    try:
        return re.compile("|".join(f"(?:{p})" for p, _ in sources), flags.pop())
    except re.error:  # e.g. a group name used by two patterns
        return None


def _extra_case_chars() -> str:
    """Characters the regular-expression engine matches case-insensitively with another one
    beyond their lower case (dotless i, long s, Greek and Cyrillic variants), other than ``i``
    and ``s`` themselves."""
    try:
        from re._casefix import _EXTRA_CASES  # Python >= 3.11
    except ImportError:  # pragma: no cover - older Python: no such table, no lower-case pass
        return ""
    return "".join(sorted({chr(c) for k, v in _EXTRA_CASES.items() for c in (k, *v) if c > 127}))


_EXTRA_CASE = _extra_case_chars()
_EXTRA_CASE_RE = re.compile(f"[{re.escape(_EXTRA_CASE)}]") if _EXTRA_CASE else None


def _lowerable(src: str, flags: int) -> bool:
    """Whether the pattern ``src`` (with ``flags``) finds, run case-sensitively over lower-cased
    text, what it finds case-insensitively: it is case-insensitive and has no upper-case letter,
    escaped backslash or character with extra case forms of its own."""
    return bool(_EXTRA_CASE_RE is not None and flags & re.IGNORECASE and "\\\\" not in src
                and not re.search(r"(?<!\\)[A-Z]", src) and not any(c.isupper() for c in src if not c.isascii())
                and not _EXTRA_CASE_RE.search(src))


def lower_case_pattern(pattern: re.Pattern) -> re.Pattern | None:
    """``pattern`` for lower-cased text (see :func:`lower_keeps_matches`): case-sensitive, and an
    opening ``\\b`` and letter turned round so the engine can skip ahead to that letter; None
    where that would not find the same (:func:`_lowerable`)."""
    if not _lowerable(pattern.pattern, pattern.flags):
        return None
    return re.compile(_letter_first(pattern.pattern), pattern.flags & ~re.IGNORECASE)


@lru_cache(maxsize=256)
def _lower_union(sources: tuple[tuple[str, int], ...]) -> re.Pattern | None:
    """The union of case-insensitive patterns as a case-sensitive pattern for lower-cased text,
    or None where that would not be the same (a pattern not :func:`_lowerable`)."""
    if not all(_lowerable(src, f) for src, f in sources):
        return None
    union = _union(tuple((_letter_first(src), f) for src, f in sources))
    return None if union is None else re.compile(union.pattern, union.flags & ~re.IGNORECASE)


def _letter_first(src: str) -> str:
    """A pattern that opens with ``\\b`` and a lower-case letter, with that letter first
    (``\\bno`` -> ``n(?<=\\bn)o``: the same matches, and a union of such patterns lets the engine
    skip ahead to the letters they can start with)."""
    m = re.match(r"\\b([a-z])(?![?*+{])", src)
    return f"{m.group(1)}(?<=\\b{m.group(1)}){src[3:]}" if m else src


def lower_keeps_matches(text: str, lowered: str) -> bool:
    """Whether case-insensitive patterns find the same in ``text`` as their lower-case forms in
    ``lowered`` (``text.lower()``): as many characters, and none with extra case forms (dotless i,
    long s, ...) that the regular-expression engine would match with another letter."""
    return _EXTRA_CASE_RE is not None and len(lowered) == len(text) and not _EXTRA_CASE_RE.search(lowered)


def any_match(patterns: list[re.Pattern], text: str) -> bool:
    """Whether any of ``patterns`` matches anywhere in ``text`` (one pass over the text with
    their union, where one can be built; else each in turn). A pattern that matches somewhere
    makes the union match there too, and the other way round, so a text for which this is False
    needs no pattern-by-pattern search. Case-insensitive patterns run case-sensitively over the
    lower-cased text (several times faster) when that finds the same: the lower case has as many
    characters as the text and none with extra case forms (:func:`_lower_union`)."""
    sources = tuple((p.pattern, p.flags) for p in patterns) if patterns else ()
    lower = _lower_union(sources) if sources else None
    if lower is not None:
        lowered = text.lower()
        if lower_keeps_matches(text, lowered):
            return lower.search(lowered) is not None
    union = _union(sources) if sources else None
    if union is None:
        return any(p.search(text) for p in patterns)
    return union.search(text) is not None


def content_words(text: str) -> set[str]:
    """Content-word stems (first five letters of words of four or more letters, stop words removed).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    set of str
    """
    words = re.findall(r"[a-z][a-z'\u2019-]{3,}", text.lower())
    return {w[:5] for w in words if w.replace("\u2019", "'") not in _STOP}


def overlap_share(text: str, reference: str) -> float:
    """Share of the content words of ``text`` that also occur in ``reference`` (0 if none)."""
    mine = content_words(text)
    if not mine:
        return 0.0
    return len(mine & content_words(reference)) / len(mine)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def cue_form(text: str) -> str:
    """Lower-case, replace every run of non-alphanumerics by one space, pad with spaces.

    ``"Mr. Lavrov, do you?"`` -> ``" mr lavrov do you "``; cue patterns match this form.
    """
    return " " + _NON_ALNUM.sub(" ", text.lower().replace("'", "").replace("\u2019", "")).strip() + " "


def read_cue_file(path) -> dict:
    """Read a YAML file of cue patterns (``turn_cues.yml``, ``question_cues.yml``,
    ``clarity_markers.yml`` or a user's own) as a mapping.

    Raises
    ------
    ValueError
        Naming the file (and the line, for a YAML syntax error) if it cannot be read or is not
        a mapping.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: cue file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path}{where}: not valid YAML") from None
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of cue lists")
    return raw


def read_csv_file(path, error, expected: str, once=()) -> pd.DataFrame:
    """A user's UTF-8 CSV file as strings (a byte-order mark allowed), every problem raised as
    ``error(path, problem, line)``: not UTF-8 (the line of the first bad byte), empty
    (``expected`` says what it should hold: ``"columns question, answer"``), not CSV, or one of
    the columns ``once`` given twice (pandas would rename the second copy in silence)."""
    import csv
    import io

    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(path, f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x}); re-save it as UTF-8",
                    data.count(b"\n", 0, exc.start) + 1) from None
    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error as exc:  # a NUL character, say
        raise error(path, f"not a valid CSV file ({exc})", 1) from None
    twice = sorted({c for c in header if c in once and header.count(c) > 1})
    if twice:
        raise error(path, f"column {', '.join(map(repr, twice))} appears more than once", 1)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise error(path, f"empty file (expected a CSV with {expected})") from None
    except pd.errors.ParserError as exc:
        problem = str(exc).splitlines()[0]
        row = re.search(r"starting at row (\d+)|in line (\d+)", problem)
        line = None if row is None else int(row[1]) + 1 if row[1] else int(row[2])
        raise error(path, f"not a valid CSV file ({problem})", line) from None


# --------------------------------------------------------------------------------------------
# Sentences, notes and interrupted turns
# --------------------------------------------------------------------------------------------
#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "amb", "gov", "lt", "col", "capt", "sgt",
    "jr", "sr", "vs", "etc", "no", "nos", "e.g", "i.e", "approx", "dept", "govt", "corp", "inc",
    "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})


# Candidate sentence ends: terminal punctuation (and closing quotes/brackets) followed by
# whitespace; or a blank line.
_SENT_END = re.compile(r"[.?!\u2026]+[\"'\u201d\u2019)\]]*(?=\s)|\n[ \t\u00a0]*\r?\n")
# The same, plus terminal punctuation directly followed by a capital letter or an opening quote
# (texts that lost the space after a full stop: ``No.We will``).
_SENT_END_UNSPACED = re.compile(_SENT_END.pattern + r"|[.?!\u2026]+(?=[A-Z\"\u201c])")
#: Abbreviations that stand before a number (``No. 5``); with ``unspaced`` only there.
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos"})
_DIGIT_NEXT = re.compile(r"\s*\d")


_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


# what str.isspace() and str.strip() count as white space is what \s matches in a str pattern
_NON_SPACE = re.compile(r"\S")
_SPACE_RUN = re.compile(r"\s*")


def _previous_token(text: str, start: int, end: int) -> str:
    """The run of non-space characters that ends at ``end`` (not before ``start``)."""
    i = end
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:end]


def split_sentences(text: str, start: int = 0, end: int | None = None, unspaced: bool = False
                    ) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into sentence spans that tile it exactly.

    A sentence ends at ``.``, ``?``, ``!`` or ``…`` followed by white space, or at a blank
    line; not after a single letter (initials, ``U. S.``) or a common abbreviation (``Mr.``).
    The white space after a sentence belongs to it. A span of white space alone is merged
    into the sentence before it.

    Parameters
    ----------
    text : str
        Any text.
    start, end : int
        The range to cut (default the whole text).
    unspaced : bool
        For texts that often lose the space after a full stop (the QEvasion transcripts): a
        sentence also ends where the punctuation is directly followed by a capital letter or an
        opening quote (``No.We will`` -> ``No.`` | ``We will``; ``U.S.Army`` stays whole), and
        ``No.`` is an abbreviation only before a number (``No. 5``), else the one-word answer.

    Returns
    -------
    list of (int, int)
        ``(start_char, end_char)`` pairs, end exclusive; empty if the range is blank.

    Examples
    --------
    >>> t = "No.We will see. Mr. Lee agreed."
    >>> [t[a:b] for a, b in split_sentences(t, unspaced=True)]
    ['No.', 'We will see. ', 'Mr. Lee agreed.']
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['No.We will see. ', 'Mr. Lee agreed.']
    """
    end = len(text) if end is None else end
    if not _NON_SPACE.search(text, start, end):
        return []
    cuts = []
    for m in (_SENT_END_UNSPACED if unspaced else _SENT_END).finditer(text, start, end):
        if m.group().startswith((".",)) and m.group().rstrip("\"'\u201d\u2019)]") == ".":
            token = _previous_token(text, start, m.start()).lower().lstrip("(\"'\u201c")
            if unspaced and token in _NUMBER_ABBREVIATIONS:
                if _DIGIT_NEXT.match(text, m.end(), end):
                    continue
            elif len(token) == 1 and token.isalpha() or token in ABBREVIATIONS or _INITIALS.fullmatch(token):
                continue
        pos = _SPACE_RUN.match(text, m.end(), end).end()
        if pos < end and (not cuts or pos > cuts[-1]):
            cuts.append(pos)
    bounds = [start] + cuts + [end]
    merged: list[tuple[int, int]] = []
    last_blank = False  # whether the last merged span is white space alone
    for a, b in zip(bounds, bounds[1:]):
        if b <= a:
            continue
        blank = not _NON_SPACE.search(text, a, b)
        if merged and (blank or last_blank):
            merged[-1] = (merged[-1][0], b)
            last_blank = last_blank and blank
        else:
            merged.append((a, b))
            last_blank = blank
    return merged


NOTE_RE = re.compile(r"\[[^\[\]\n]{1,80}\]")


_INTERRUPTED = re.compile(r"(?:--|\u2014|\u2013|-)\s*$")


def is_interrupted(body: str) -> bool:
    """Whether a turn breaks off: its text ends in ``--`` or a dash."""
    return bool(_INTERRUPTED.search(body.rstrip()))
