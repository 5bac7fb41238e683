"""Topic tagging on the project's codebook, and the measures built on it.

The codebook (``data/topics.csv``) lists the topic ids; the lexicon (``data/lexicon.csv``) lists,
per topic, the terms and phrases that signal it, their spelling variants and the mis-hearings
that broadcast captions produce. Everything here works on tidy tables:

* :func:`normalise` / :func:`tokenize` fold case, apostrophes, ``U.S.``/``u. s.``, hyphens
  and plurals, so that a term matches however it is written;
* :class:`TopicMatcher` compiles the whole lexicon into one regular-expression alternation
  and finds every term in a text in a single pass, returning offsets into the source text;
* :func:`tag_sentences` and :func:`tag_turns` give each sentence and turn its ``topics`` and
  ``primary_topic``; a short follow-up turn with no topic term inherits the topic of the
  exchange it continues (flagged ``inherited``); procedural turns are ``none``;
* :func:`tag_corpus` runs all of it on a :class:`helpers.Corpus`;
* :func:`prominence`, :func:`agenda`, :func:`first_mentions`, :func:`topic_flow`,
  :func:`coverage`, :func:`discover_themes`, :func:`kwic` and :func:`keyness` measure the result;
  :func:`topic_measures` assembles the per event and topic table exported as ``topics.csv``.

Weights. A sentence's words are shared among its topics in proportion to their term hits; a
turn's weight for a topic is the sum over its sentences, and its primary topic is the topic of
largest weight (ties go to the topic mentioned first).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import config

#: The codebook shipped with the package.
CODEBOOK_PATH = config.DATA_DIR / "topics.csv"
#: The lexicon shipped with the package.
LEXICON_PATH = config.DATA_DIR / "lexicon.csv"
#: ``primary_topic`` of a turn or sentence without a topic.
NONE = "none"
#: Pseudo-topic of lexicon rows that mark procedural talk ("Can you repeat the question?").
PROCEDURAL = "procedural"
#: Allowed values of the lexicon's ``kind`` column; ``acronym`` terms match case-sensitively.
KINDS = ("term", "variant", "mishearing", "acronym")
#: Allowed values of the lexicon's ``strength`` column. A ``weak`` term counts only in a
#: sentence without any ``strong`` topic term.
STRENGTHS = ("strong", "weak")
LEXICON_COLUMNS = ("topic", "term", "kind", "strength", "note")

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

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


def _fold_token(token: str) -> str:
    """Normalise one token; keeps its case (acronyms are matched case-sensitively)."""
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
    found = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if not found:
        return [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts, ends, raw = zip(*found)
    return [_fold_token(t) for t in raw], np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)


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
    tokens, _, _ = tokenize(text)
    out = " ".join(tokens)
    return out if keep_case else out.lower()


# --------------------------------------------------------------------------------------------
# Codebook and lexicon
# --------------------------------------------------------------------------------------------


def resolve_path(path: str | Path | None, default: Path) -> Path:
    """``default`` if ``path`` is None; a relative path that does not exist from the working
    directory is taken relative to the project root (so notebooks and scripts agree)."""
    if path is None:
        return default
    path = Path(path)
    if not path.is_absolute() and not path.exists() and (config.ROOT / path).exists():
        return config.ROOT / path
    return path


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """Read the topic codebook (``id, label, scope``), in its order.

    Raises
    ------
    ValueError
        If columns are missing or ids are duplicated or not ``snake_case``.
    """
    path = resolve_path(path, CODEBOOK_PATH)
    book = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"id", "label", "scope"} - set(book.columns)
    if missing:
        raise ValueError(f"{path}: codebook lacks column(s) {sorted(missing)}")
    bad = book.loc[~book["id"].str.fullmatch(r"[a-z][a-z0-9_]*"), "id"].tolist()
    if bad:
        raise ValueError(f"{path}: topic ids must be snake_case; got {bad}")
    dup = book.loc[book["id"].duplicated(), "id"].tolist()
    if dup:
        raise ValueError(f"{path}: duplicated topic id(s) {dup}")
    if {NONE, PROCEDURAL} & set(book["id"]):
        raise ValueError(f"{path}: '{NONE}' and '{PROCEDURAL}' are reserved, not topic ids")
    return book.reset_index(drop=True)


def topic_ids(codebook: pd.DataFrame | None = None) -> list[str]:
    """The codebook's topic ids in order."""
    book = load_codebook() if codebook is None else codebook
    return book["id"].tolist()


def load_lexicon(path: str | Path | None = None, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check a topic lexicon.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file with columns ``topic, term`` and optionally ``kind`` (``term``, ``variant``,
        ``mishearing``, ``acronym``; default ``term``), ``strength`` (``strong``/``weak``;
        default ``strong``) and ``note``. Default: the package lexicon. A relative path is
        also looked up from the project root.
    codebook : DataFrame, optional
        Topic ids allowed (besides ``procedural``); default the package codebook.

    Returns
    -------
    DataFrame
        ``topic, term, kind, strength, note, norm`` with ``norm`` the normalised term (case kept
        for acronyms, else lower-case); duplicate ``(topic, norm)`` rows are dropped.

    Raises
    ------
    ValueError
        On a missing column, an unknown topic, kind or strength, or a term that normalises to
        nothing; the message names the rows.
    """
    path = resolve_path(path, LEXICON_PATH)
    if not path.exists():
        raise FileNotFoundError(f"lexicon file not found: {path}")
    lex = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"topic", "term"} - set(lex.columns)
    if missing:
        raise ValueError(f"{path}: lexicon lacks column(s) {sorted(missing)}")
    lex = lex.copy()
    for col, default in (("kind", "term"), ("strength", "strong"), ("note", "")):
        if col not in lex.columns:
            lex[col] = default
        lex[col] = lex[col].str.strip().replace("", default)
    lex["topic"] = lex["topic"].str.strip()
    allowed = set(topic_ids(codebook)) | {PROCEDURAL}
    for col, ok in (("topic", allowed), ("kind", set(KINDS)), ("strength", set(STRENGTHS))):
        bad = lex.loc[~lex[col].isin(ok)]
        if len(bad):
            rows = ", ".join(f"line {i + 2}: {v!r}" for i, v in bad[col].head(5).items())
            raise ValueError(f"{path}: unknown {col} ({rows}); allowed: {sorted(ok)}")
    case = lex["kind"].eq("acronym")
    lex["norm"] = [normalise(t, keep_case=c) for t, c in zip(lex["term"], case)]
    empty = lex.loc[lex["norm"].eq("")]
    if len(empty):
        raise ValueError(f"{path}: term(s) without letters or digits at line(s) {[i + 2 for i in empty.index]}")
    lex = lex.drop_duplicates(["topic", "norm", "kind"]).reset_index(drop=True)
    return lex[[*LEXICON_COLUMNS, "norm"]]


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------

HIT_COLUMNS = ("start_char", "end_char", "term", "topic", "strength")


def _trie_pattern(terms) -> str:
    """One regular expression for many terms, factored as a character trie.

    A plain alternation ``a|b|c`` makes the engine try every term at every position; the trie
    shares prefixes, so each position costs about one pass down the trie. Longer terms are
    preferred (optional continuations are greedy), and the engine backtracks to a shorter term
    when the longer one does not end at a token boundary.
    """
    trie: dict = {}
    for term in terms:
        node = trie
        for ch in term.lower():
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted((k, v) for k, v in node.items() if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


class TopicMatcher:
    """All lexicon terms compiled into one regular expression, matched in one pass.

    Terms are matched on normalised text (see :func:`normalise`) at token boundaries, longest
    term first at each position; ``acronym`` terms are case-sensitive, all others are not (the
    case-insensitive terms, compiled as one character trie, are tried before the acronyms).
    A term listed under several topics signals all of them.

    Parameters
    ----------
    lexicon : DataFrame or str or Path, optional
        A table from :func:`load_lexicon`, or a lexicon file; default the package lexicon.
    """

    def __init__(self, lexicon: pd.DataFrame | str | Path | None = None):
        if lexicon is None or isinstance(lexicon, (str, Path)):
            lexicon = load_lexicon(lexicon)
        self.lexicon = lexicon
        case = lexicon["kind"].eq("acronym")
        # norm -> list of (topic, strength); case-insensitive terms keyed in lower case
        self._ci: dict[str, list[tuple[str, str]]] = {}
        self._cs: dict[str, list[tuple[str, str]]] = {}
        for norm, topic, strength, c in zip(lexicon["norm"], lexicon["topic"], lexicon["strength"], case):
            table = self._cs if c else self._ci
            entry = (topic, strength)
            if entry not in table.setdefault(norm, []):
                table[norm].append(entry)
        parts = [_trie_pattern(self._ci)] if self._ci else []
        parts += [f"(?-i:{re.escape(n)})" for n in sorted(self._cs, key=lambda n: (-len(n), n))]
        self.pattern = re.compile(rf"(?<!\S)(?:{'|'.join(parts) or '(?!)'})(?!\S)", re.IGNORECASE)

    def __repr__(self) -> str:
        return f"TopicMatcher({len(self._ci) + len(self._cs)} terms, {self.lexicon['topic'].nunique()} topics)"

    def _topics_of(self, matched: str) -> list[tuple[str, str]]:
        return self._cs.get(matched) or self._ci.get(matched.lower(), [])

    def find(self, text: str, offset: int = 0) -> pd.DataFrame:
        """Find every lexicon term in a text.

        Parameters
        ----------
        text : str
            Source text.
        offset : int
            Added to the returned offsets (when ``text`` is a slice of a larger text).

        Returns
        -------
        DataFrame
            One row per (hit, topic): ``start_char, end_char`` (source offsets, end exclusive),
            ``term`` (the normalised lexicon term), ``topic``, ``strength``.
        """
        tokens, starts, ends = tokenize(text)
        norm = " ".join(tokens)
        matches = [(m.start(), m.end(), m.group()) for m in self.pattern.finditer(norm)]
        return self._hits(matches, tokens, starts, ends, offset)

    def _hits(self, matches, tokens, starts, ends, offset: int) -> pd.DataFrame:
        """Map matches in the normalised text back to source offsets, one row per topic."""
        if not matches:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c.endswith("char") else "str") for c in HIT_COLUMNS})
        lengths = np.fromiter((len(t) + 1 for t in tokens), dtype=np.int64, count=len(tokens))
        tok_pos = np.concatenate([[0], np.cumsum(lengths)[:-1]])  # token starts in the normalised text
        m_start, m_end, m_text = zip(*matches)
        first = np.searchsorted(tok_pos, np.asarray(m_start), side="right") - 1
        last = np.searchsorted(tok_pos, np.asarray(m_end) - 1, side="right") - 1
        topics = [self._topics_of(t) for t in m_text]
        reps = np.fromiter((len(t) for t in topics), dtype=np.int64, count=len(topics))
        flat = [e for t in topics for e in t]
        return pd.DataFrame({
            "start_char": np.repeat(starts[first] + offset, reps),
            "end_char": np.repeat(ends[last] + offset, reps),
            "term": np.repeat(np.asarray([t.lower() for t in m_text], dtype=object), reps),
            "topic": [e[0] for e in flat],
            "strength": [e[1] for e in flat],
        })

    def find_naive(self, text: str, offset: int = 0) -> pd.DataFrame:
        """Reference implementation: one regular-expression search per term (slow; for benchmarks).

        Unlike :meth:`find`, terms nested in or overlapping longer terms are all reported.
        """
        tokens, starts, ends = tokenize(text)
        norm = " ".join(tokens)
        matches = []
        for table, flags in ((self._ci, re.IGNORECASE), (self._cs, 0)):
            for term in table:
                matches.extend((m.start(), m.end(), m.group()) for m in re.finditer(rf"(?<!\S){re.escape(term)}(?!\S)", norm, flags))
        matches.sort()
        return self._hits(matches, tokens, starts, ends, offset)


# --------------------------------------------------------------------------------------------
# Tagging
# --------------------------------------------------------------------------------------------


def _join(topics) -> str:
    return ";".join(topics)


def split_topics(value) -> list[str]:
    """Split a ``topics`` cell (``"a;b"``) into a list; empty or missing gives ``[]``."""
    if not isinstance(value, str) or not value:
        return []
    return value.split(";")


def _hits_string(df: pd.DataFrame, key: list[str], order: dict[str, int]) -> pd.Series:
    """``topic:count;...`` per key, topics in codebook order."""
    if df.empty:
        return pd.Series(dtype="str")
    counts = df.groupby([*key, "topic"], sort=False).size().rename("n").reset_index()
    counts["rank"] = counts["topic"].map(order)
    counts = counts.sort_values([*key, "rank"])
    counts["item"] = counts["topic"] + ":" + counts["n"].astype(str)
    return counts.groupby(key, sort=False)["item"].agg(";".join)


def locate_hits(hits: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Assign hits to sentences by offset (both tables of one or more events).

    Returns
    -------
    DataFrame
        ``hits`` with ``turn`` and ``sentence`` of the sentence that holds each hit's start;
        hits outside every sentence (headers, labels) are dropped.
    """
    out = []
    for eid, h in hits.groupby("event_id", sort=False):
        s = sentences[sentences["event_id"] == eid].sort_values("start_char")
        if s.empty:
            continue
        pos = np.searchsorted(s["start_char"].to_numpy(), h["start_char"].to_numpy(), side="right") - 1
        ok = pos >= 0
        pos_ok = np.where(ok, pos, 0)
        ok &= h["start_char"].to_numpy() < s["end_char"].to_numpy()[pos_ok]
        h = h.loc[ok].copy()
        h["turn"] = s["turn"].to_numpy()[pos_ok[ok]]
        h["sentence"] = s["sentence"].to_numpy()[pos_ok[ok]]
        out.append(h)
    cols = ["event_id", "turn", "sentence", *HIT_COLUMNS]
    if not out:
        return pd.DataFrame(columns=cols)
    return pd.concat(out, ignore_index=True)[cols]


def find_hits(texts: dict, matcher: TopicMatcher, events=None) -> pd.DataFrame:
    """Run the matcher once over each event's full text.

    Returns
    -------
    DataFrame
        ``event_id, start_char, end_char, term, topic, strength``.
    """
    frames = []
    for eid, text in texts.items():
        if events is not None and eid not in events:
            continue
        h = matcher.find(text)
        h.insert(0, "event_id", eid)
        frames.append(h)
    if not frames:
        return pd.DataFrame(columns=["event_id", *HIT_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def tag_sentences(sentences: pd.DataFrame, hits: pd.DataFrame, codebook: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give each sentence its topics from the lexicon hits it holds.

    A weak hit counts only if the sentence holds no strong topic hit. Procedural hits mark a
    sentence ``procedural`` and give it no topic.

    Parameters
    ----------
    sentences : DataFrame
        ``event_id, turn, sentence, start_char, end_char, n_words`` (as ``corpus.sentences``).
    hits : DataFrame
        From :func:`find_hits` (offsets into the same texts).
    codebook : DataFrame, optional
        For the order of topics; default the package codebook.

    Returns
    -------
    sentences : DataFrame
        Input plus ``topics`` (``;``-separated ids in codebook order, ``""`` if none),
        ``primary_topic`` (most hits, first mentioned on ties; ``none``), ``topic_hits``
        (``topic:count;...``), ``n_topic_hits``, ``procedural`` (bool).
    hits : DataFrame
        The hits located in sentences (``event_id, turn, sentence, ...``) with ``counted``
        (False for weak hits overruled by a strong one in the same sentence).
    """
    order = {t: i for i, t in enumerate(topic_ids(codebook))}
    key = ["event_id", "sentence"]
    h = locate_hits(hits, sentences)
    topical = h["topic"].ne(PROCEDURAL)
    strong = (topical & h["strength"].eq("strong")).groupby([h["event_id"], h["sentence"]]).transform("any")
    h["counted"] = topical & (h["strength"].eq("strong") | ~strong)
    counted = h[h["counted"]]
    out = sentences.copy()
    idx = pd.MultiIndex.from_frame(out[key])
    hit_str = _hits_string(counted, key, order)
    out["topic_hits"] = hit_str.reindex(idx).fillna("").to_numpy() if len(hit_str) else ""
    n = counted.groupby(key).size()
    out["n_topic_hits"] = n.reindex(idx).fillna(0).astype("int64").to_numpy() if len(n) else 0
    if len(counted):
        per = counted.groupby([*key, "topic"]).agg(n=("start_char", "size"), first=("start_char", "min")).reset_index()
        per["rank"] = per["topic"].map(order)
        topics = per.sort_values([*key, "rank"]).groupby(key)["topic"].agg(";".join)
        primary = per.sort_values([*key, "n", "first"], ascending=[True, True, False, True]).groupby(key)["topic"].first()
        out["topics"] = topics.reindex(idx).fillna("").to_numpy()
        out["primary_topic"] = primary.reindex(idx).fillna(NONE).to_numpy()
    else:
        out["topics"] = ""
        out["primary_topic"] = NONE
    proc = h.loc[h["topic"].eq(PROCEDURAL)].groupby(key).size()
    out["procedural"] = idx.isin(proc.index) & out["topics"].eq("").to_numpy() if len(proc) else False
    return out, h.reset_index(drop=True)


def sentence_topic_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """Long table of sentence topics with word weights.

    Parameters
    ----------
    sentences : DataFrame
        Tagged sentences (``topic_hits``, ``n_words``; ``inherited``/``topics`` optional).

    Returns
    -------
    DataFrame
        ``event_id, turn, sentence, topic, n_hits, weight``: the sentence's words shared among
        its topics in proportion to hits. A sentence whose topic was inherited (no hits) gives
        all its words to that topic, with ``n_hits`` 0.
    """
    cols = ["event_id", "turn", "sentence", "topic", "n_hits", "weight"]
    s = sentences[["event_id", "turn", "sentence", "n_words", "topic_hits"]].copy()
    s["item"] = s["topic_hits"].str.split(";")
    long = s.explode("item")
    long = long[long["item"].fillna("").ne("")]
    parts = long["item"].str.rsplit(":", n=1, expand=True) if len(long) else pd.DataFrame(columns=[0, 1])
    long = long.assign(topic=parts[0], n_hits=parts[1].astype("int64") if len(long) else pd.Series(dtype="int64"))
    total = long.groupby(["event_id", "sentence"])["n_hits"].transform("sum")
    long["weight"] = long["n_words"] * long["n_hits"] / total
    frames = [long[cols]]
    if "inherited" in sentences.columns:
        inh = sentences[sentences["inherited"]].copy()
        inh = inh.assign(topic=inh["primary_topic"], n_hits=0, weight=inh["n_words"].astype(float))
        frames.append(inh[cols])
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True).sort_values(["event_id", "sentence", "topic"]).reset_index(drop=True)


def tag_turns(
    utterances: pd.DataFrame,
    sentences: pd.DataFrame,
    codebook: pd.DataFrame | None = None,
    inherit_max_words: int = 25,
    inherit_lookback: int = 3,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give each turn its topics and primary topic, with inheritance for short follow-ups.

    Parameters
    ----------
    utterances : DataFrame
        ``event_id, turn, n_words`` (as ``corpus.utterances``).
    sentences : DataFrame
        From :func:`tag_sentences`.
    codebook : DataFrame, optional
        For the order of topics.
    inherit_max_words : int
        A turn with no topic term and at most this many words, that is not procedural (a
        procedural cue of the lexicon, or a turn whose ``act`` is ``moderation``), inherits the primary topic of the exchange it continues.
    inherit_lookback : int
        How many turns back that exchange may lie (the most recent turn with a topic).

    Returns
    -------
    utterances : DataFrame
        Input plus ``topics``, ``primary_topic``, ``topic_weights`` (``topic:words;...``,
        rounded), ``n_topic_hits``, ``inherited``, ``procedural``.
    sentences : DataFrame
        Input plus ``inherited``; sentences of an inheriting turn that had no topic get the
        inherited topic as ``topics`` and ``primary_topic``.
    """
    order = {t: i for i, t in enumerate(topic_ids(codebook))}
    key = ["event_id", "turn"]
    sent = sentences.copy()
    sent["inherited"] = False
    st = sentence_topic_table(sent)
    u = utterances.copy()
    idx = pd.MultiIndex.from_frame(u[key])
    if len(st):
        first = sent.loc[sent["topics"].ne(""), ["event_id", "sentence", "start_char"]]
        st = st.merge(first, on=["event_id", "sentence"], how="left")
        per = st.groupby([*key, "topic"]).agg(w=("weight", "sum"), n=("n_hits", "sum"), first=("start_char", "min")).reset_index()
        per["rank"] = per["topic"].map(order)
        per = per.sort_values([*key, "rank"])
        topics = per.groupby(key)["topic"].agg(";".join)
        weights = (per["topic"] + ":" + per["w"].round(1).map("{:g}".format)).groupby([per["event_id"], per["turn"]]).agg(";".join)
        primary = per.sort_values([*key, "w", "first"], ascending=[True, True, False, True]).groupby(key)["topic"].first()
        nhits = per.groupby(key)["n"].sum()
        u["topics"] = topics.reindex(idx).fillna("").to_numpy()
        u["primary_topic"] = primary.reindex(idx).fillna(NONE).to_numpy()
        u["topic_weights"] = weights.reindex(idx).fillna("").to_numpy()
        u["n_topic_hits"] = nhits.reindex(idx).fillna(0).astype("int64").to_numpy()
    else:
        u["topics"], u["primary_topic"], u["topic_weights"], u["n_topic_hits"] = "", NONE, "", 0
    proc = sent.groupby(key)["procedural"].any()
    moderation = u["act"].eq("moderation").to_numpy() if "act" in u.columns else False
    u["procedural"] = ((proc.reindex(idx).fillna(False).astype(bool).to_numpy()) | moderation) & u["topics"].eq("").to_numpy()
    # inheritance: the primary topic of the latest preceding turn that had one
    u["_order"] = np.arange(len(u))
    u = u.sort_values(key, kind="stable").reset_index(drop=True)
    carried = u["primary_topic"].where(u["primary_topic"].ne(NONE))
    prev = carried.groupby(u["event_id"]).shift(1)
    prev = prev.groupby(u["event_id"]).ffill(limit=max(inherit_lookback - 1, 0))
    inherit = u["topics"].eq("") & ~u["procedural"] & u["n_words"].le(inherit_max_words) & prev.notna()
    u["inherited"] = inherit.to_numpy()
    u.loc[inherit, "topics"] = prev[inherit]
    u.loc[inherit, "primary_topic"] = prev[inherit]
    u = u.sort_values("_order").drop(columns="_order").reset_index(drop=True)  # the input's row order
    # propagate to sentences
    inh = u.loc[u["inherited"], [*key, "primary_topic"]].rename(columns={"primary_topic": "_inh"})
    sent = sent.merge(inh, on=key, how="left")
    fill = sent["_inh"].notna() & sent["topics"].eq("")
    sent.loc[fill, "topics"] = sent.loc[fill, "_inh"]
    sent.loc[fill, "primary_topic"] = sent.loc[fill, "_inh"]
    sent["inherited"] = fill.to_numpy()
    sent = sent.drop(columns="_inh")
    return u, sent


@dataclass
class Tagging:
    """The result of :func:`tag_corpus_full`: tagged tables and the raw hits."""

    utterances: pd.DataFrame
    sentences: pd.DataFrame
    hits: pd.DataFrame
    texts: dict
    codebook: pd.DataFrame
    lexicon: pd.DataFrame

    @property
    def sentence_topics(self) -> pd.DataFrame:
        """Long sentence-topic table with word weights (see :func:`sentence_topic_table`)."""
        return sentence_topic_table(self.sentences)


def tag_corpus_full(corpus, lexicon_path: str | Path | None = None, codebook_path: str | Path | None = None, **turn_options) -> Tagging:
    """Tag every sentence and turn of a corpus; see :func:`tag_corpus` for the tables.

    Parameters
    ----------
    corpus : helpers.Corpus
        Loaded corpus (``utterances``, ``sentences``, ``texts``).
    lexicon_path, codebook_path : str or Path, optional
        Default: the package lexicon and codebook.
    **turn_options
        Passed to :func:`tag_turns` (``inherit_max_words``, ``inherit_lookback``).
    """
    codebook = load_codebook(codebook_path)
    lexicon = load_lexicon(lexicon_path, codebook)
    matcher = TopicMatcher(lexicon)
    hits = find_hits(corpus.texts, matcher)
    sents, located = tag_sentences(corpus.sentences, hits, codebook)
    utts, sents = tag_turns(corpus.utterances, sents, codebook, **turn_options)
    return Tagging(utts, sents, located, corpus.texts, codebook, lexicon)


def tag_corpus(corpus, lexicon_path: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tag a corpus's turns and sentences with topics.

    Parameters
    ----------
    corpus : helpers.Corpus
        Loaded corpus.
    lexicon_path : str or Path, optional
        A lexicon file; default the package lexicon.

    Returns
    -------
    utterances : DataFrame
        ``corpus.utterances`` plus ``topics`` (``;``-separated codebook ids), ``primary_topic``
        (``none`` if no topic), ``topic_weights``, ``n_topic_hits``, ``inherited``, ``procedural``.
    sentences : DataFrame
        ``corpus.sentences`` plus ``topics``, ``primary_topic``, ``topic_hits``,
        ``n_topic_hits``, ``procedural``, ``inherited``.

    Notes
    -----
    Both tables keep the corpus's rows in the same order; the new columns come last.
    """
    t = tag_corpus_full(corpus, lexicon_path)
    return t.utterances, t.sentences


# --------------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------------


def _topic_matrix(sentences: pd.DataFrame, topics: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per sentence: word weights (n x T), hits (n x T) and mention indicators (n x T)."""
    st = sentence_topic_table(sentences)
    pos = pd.Series(np.arange(len(sentences)), index=pd.MultiIndex.from_frame(sentences[["event_id", "sentence"]]))
    W = np.zeros((len(sentences), len(topics)))
    H = np.zeros_like(W)
    st = st[st["topic"].isin(topics)]
    if len(st):
        rows = pos.reindex(pd.MultiIndex.from_frame(st[["event_id", "sentence"]])).to_numpy()
        cols = pd.Index(topics).get_indexer(st["topic"])
        np.add.at(W, (rows, cols), st["weight"].to_numpy(float))
        np.add.at(H, (rows, cols), st["n_hits"].to_numpy(float))
    return W, H, (W > 0).astype(float)


def prominence(sentences: pd.DataFrame, codebook: pd.DataFrame | None = None, n_boot: int = 1000,
               seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Topic prominence per event, with bootstrap confidence intervals over sentences.

    Parameters
    ----------
    sentences : DataFrame
        Tagged sentences (:func:`tag_turns` output).
    codebook : DataFrame, optional
        Topics reported (all of them, zeros included); default the package codebook.
    n_boot : int
        Bootstrap resamples of each event's sentences (with replacement).
    seed : int
        Seed of the resampling, so intervals are stable from run to run.
    ci : float
        Coverage of the percentile intervals.

    Returns
    -------
    DataFrame
        One row per event and topic: ``n_sentences`` (mentioning the topic), ``sentence_share``,
        ``word_share`` (words shared among a sentence's topics by hits), ``n_hits``,
        ``per_1000_words`` (term hits per 1,000 words), each share with ``_lo``/``_hi``; and the
        event's ``event_sentences``, ``event_words``.
    """
    topics = topic_ids(codebook)
    rng = np.random.default_rng(seed)
    a = (1 - ci) / 2
    frames = []
    for eid, s in sentences.groupby("event_id", sort=False):
        s = s.reset_index(drop=True)
        W, H, M = _topic_matrix(s, topics)
        words = s["n_words"].to_numpy(float)
        n = len(s)
        counts = rng.multinomial(n, np.full(n, 1 / n), size=n_boot).astype(float)  # (B, n)
        bw = counts @ words
        bw[bw == 0] = np.nan
        stats = {
            "sentence_share": (M.sum(0) / n, (counts @ M) / n),
            "word_share": (W.sum(0) / words.sum(), (counts @ W) / bw[:, None]),
            "per_1000_words": (1000 * H.sum(0) / words.sum(), 1000 * (counts @ H) / bw[:, None]),
        }
        row = {"event_id": eid, "topic": topics, "n_sentences": M.sum(0).astype(int), "n_hits": H.sum(0).astype(int)}
        for name, (point, boot) in stats.items():
            row[name] = point
            row[f"{name}_lo"] = np.nanquantile(boot, a, axis=0)
            row[f"{name}_hi"] = np.nanquantile(boot, 1 - a, axis=0)
        row["event_sentences"] = n
        row["event_words"] = int(words.sum())
        frames.append(pd.DataFrame(row))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def turn_side(utterances: pd.DataFrame) -> pd.Series:
    """The agenda side of each turn, from its ``act`` and ``role``.

    Returns
    -------
    Series
        ``question`` (question acts, and reporters' turns that are not answers), ``answer``
        (principals' answers, statements and other talk) or ``other`` (moderation, unknown
        speakers, e.g. captions before turns are inferred).
    """
    act = utterances.get("act", pd.Series("other", index=utterances.index)).fillna("other")
    role = utterances.get("role", pd.Series("unknown", index=utterances.index)).fillna("unknown")
    side = np.where(act.eq("question") | (role.eq("reporter") & ~act.isin(["answer", "statement"])), "question",
                    np.where(role.eq("principal") & act.isin(["answer", "statement", "other"]), "answer", "other"))
    return pd.Series(side, index=utterances.index, name="side")


def _turn_topics(utterances: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Long table turn x topic with words, side, speaker, role."""
    st = sentence_topic_table(sentences)
    u = utterances.assign(side=turn_side(utterances))
    cols = [c for c in ("event_id", "turn", "speaker", "role", "act", "side", "start_char") if c in u.columns]
    if st.empty:
        return pd.DataFrame(columns=[*cols, "topic", "words", "n_hits"])
    tt = st.groupby(["event_id", "turn", "topic"]).agg(words=("weight", "sum"), n_hits=("n_hits", "sum")).reset_index()
    return tt.merge(u[cols], on=["event_id", "turn"], how="left")


def agenda(utterances: pd.DataFrame, sentences: pd.DataFrame, by: str = "side") -> pd.DataFrame:
    """Topic words in questions versus answers (or per speaker).

    Parameters
    ----------
    utterances, sentences : DataFrame
        Tagged tables.
    by : str
        ``"side"`` (question / answer / other, see :func:`turn_side`) or ``"speaker"``.

    Returns
    -------
    DataFrame
        ``event_id, topic, <by>, words, n_turns, share`` where ``share`` is the group's part of
        the topic's words in the event.
    """
    tt = _turn_topics(utterances, sentences)
    if tt.empty:
        return pd.DataFrame(columns=["event_id", "topic", by, "words", "n_turns", "share"])
    g = tt.groupby(["event_id", "topic", by]).agg(words=("words", "sum"), n_turns=("turn", "nunique")).reset_index()
    g["share"] = g["words"] / g.groupby(["event_id", "topic"])["words"].transform("sum")
    return g


def first_mentions(utterances: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Who brought each topic up: the first turn of each event that mentions it.

    Returns
    -------
    DataFrame
        ``event_id, topic, turn, speaker, role, side, inherited`` of the earliest mention.
    """
    tt = _turn_topics(utterances, sentences)
    if tt.empty:
        return pd.DataFrame(columns=["event_id", "topic", "turn", "speaker", "role", "side"])
    first = tt.sort_values(["event_id", "turn"]).groupby(["event_id", "topic"], sort=False).head(1)
    keep = [c for c in ("event_id", "topic", "turn", "speaker", "role", "side") if c in first.columns]
    return first[keep].reset_index(drop=True)


def topic_flow(sentences: pd.DataFrame, window_words: int = 150) -> pd.DataFrame:
    """The topic of each stretch along each event's timeline.

    Sentences are grouped, in order, into stretches of about ``window_words`` words; a stretch's
    topic is the topic of largest word weight in it, ``none`` if it holds none.

    Returns
    -------
    DataFrame
        ``event_id, stretch, start_char, end_char, n_words, position, position_end`` (0-1 along
        the event's words), ``topic``, ``topic_share`` (its words / the stretch's words),
        ``n_topics`` (topics present), ``turn_first``, ``turn_last``.
    """
    if window_words < 1:
        raise ValueError("window_words must be positive")
    s = sentences.sort_values(["event_id", "start_char"]).reset_index(drop=True)
    cum = s.groupby("event_id")["n_words"].cumsum() - s["n_words"]
    total = s.groupby("event_id")["n_words"].transform("sum").clip(lower=1)
    s["stretch"] = (cum // window_words).astype("int64")
    s["_pos"] = cum / total
    s["_pos_end"] = (cum + s["n_words"]) / total
    st = sentence_topic_table(s).merge(s[["event_id", "sentence", "stretch"]], on=["event_id", "sentence"])
    g = s.groupby(["event_id", "stretch"]).agg(
        start_char=("start_char", "min"), end_char=("end_char", "max"), n_words=("n_words", "sum"),
        position=("_pos", "min"), position_end=("_pos_end", "max"), turn_first=("turn", "min"), turn_last=("turn", "max"),
    ).reset_index()
    if len(st):
        w = st.groupby(["event_id", "stretch", "topic"])["weight"].sum().reset_index()
        top = w.sort_values(["event_id", "stretch", "weight", "topic"], ascending=[True, True, False, True]).groupby(["event_id", "stretch"]).head(1)
        ntop = w.groupby(["event_id", "stretch"]).size().rename("n_topics")
        g = g.merge(top, on=["event_id", "stretch"], how="left").merge(ntop, on=["event_id", "stretch"], how="left")
    else:
        g["topic"], g["weight"], g["n_topics"] = np.nan, 0.0, 0
    g["topic"] = g["topic"].fillna(NONE)
    g["topic_share"] = (g["weight"].fillna(0) / g["n_words"].clip(lower=1)).clip(upper=1)
    g["n_topics"] = g["n_topics"].fillna(0).astype("int64")
    return g.drop(columns="weight")


def coverage(sentences: pd.DataFrame) -> pd.DataFrame:
    """Lexicon coverage per event: share of sentences (and words) with at least one topic term.

    Inherited topics do not count: this measures the lexicon alone.

    Returns
    -------
    DataFrame
        ``event_id, n_sentences, covered_sentences, sentence_coverage, word_coverage``.
    """
    covered = sentences["n_topic_hits"].gt(0)
    g = sentences.assign(_c=covered, _cw=sentences["n_words"] * covered).groupby("event_id", sort=False).agg(
        n_sentences=("sentence", "size"), covered_sentences=("_c", "sum"), words=("n_words", "sum"), covered_words=("_cw", "sum"))
    g["sentence_coverage"] = g["covered_sentences"] / g["n_sentences"]
    g["word_coverage"] = g["covered_words"] / g["words"].clip(lower=1)
    return g.reset_index()[["event_id", "n_sentences", "covered_sentences", "sentence_coverage", "word_coverage"]]


def discover_themes(sentences: pd.DataFrame, lexicon: pd.DataFrame | None = None, n_components: int = 6,
                    window_words: int = 150, n_top: int = 8, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Discovery check: TF-IDF + NMF themes over stretches of text, set against the lexicon.

    Each stretch of :func:`topic_flow` is a document (normalised, plural-folded words; English
    stop words removed). NMF finds ``n_components`` themes; each theme is listed with its top
    words, the lexicon topic most common among the stretches it dominates, and how much of
    those stretches the lexicon covers. A theme with low coverage, or whose top words are not
    lexicon words, points at something the lexicon misses.

    Returns
    -------
    themes : DataFrame
        ``theme, top_words, n_stretches, lexicon_topic, topic_agreement, sentence_coverage,
        words_in_lexicon`` (share of top words that occur in some lexicon term).
    assignment : DataFrame
        ``event_id, stretch, theme, theme_weight, topic``.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    s = sentences.sort_values(["event_id", "start_char"]).reset_index(drop=True)
    cum = s.groupby("event_id")["n_words"].cumsum() - s["n_words"]
    s["stretch"] = (cum // window_words).astype("int64")
    s["_norm"] = s["text"].map(normalise)
    s["_cov"] = s["n_topic_hits"].gt(0)
    docs = s.groupby(["event_id", "stretch"]).agg(text=("_norm", " ".join), coverage=("_cov", "mean")).reset_index()
    flow = topic_flow(sentences, window_words)[["event_id", "stretch", "topic"]]
    docs = docs.merge(flow, on=["event_id", "stretch"], how="left")
    # discourse words that carry no theme in spoken answers
    talk = {"think", "going", "just", "know", "said", "say", "want", "like", "way", "really", "thing", "right", "lot", "let", "doe"}
    stop = sorted(stop_words() | talk)
    n_components = max(1, min(n_components, len(docs) - 1)) if len(docs) > 1 else 1
    vec = TfidfVectorizer(stop_words=stop, min_df=2 if len(docs) >= 4 else 1,
                          token_pattern=r"(?u)\b[a-z][a-z]{2,}\b", sublinear_tf=True)
    X = vec.fit_transform(docs["text"])
    model = NMF(n_components=n_components, init="nndsvda", random_state=seed, max_iter=1000)
    D = model.fit_transform(X)
    vocab = np.asarray(vec.get_feature_names_out())
    lex_words = set()
    if lexicon is not None:
        for n in lexicon.loc[lexicon["topic"].ne(PROCEDURAL), "norm"]:
            lex_words.update(n.lower().split())
    docs["theme"] = D.argmax(1)
    docs["theme_weight"] = D.max(1)
    rows = []
    for k, comp in enumerate(model.components_):
        top = vocab[np.argsort(-comp, kind="stable")[:n_top]]
        mine = docs[docs["theme"] == k]
        topics = mine["topic"][mine["topic"].ne(NONE)]
        lt = topics.value_counts().sort_index().idxmax() if len(topics) else NONE
        rows.append({
            "theme": k, "top_words": ", ".join(top), "n_stretches": len(mine), "lexicon_topic": lt,
            "topic_agreement": float((mine["topic"] == lt).mean()) if len(mine) else np.nan,
            "sentence_coverage": float(mine["coverage"].mean()) if len(mine) else np.nan,
            "words_in_lexicon": float(np.mean([w in lex_words for w in top])) if lex_words else np.nan,
        })
    return pd.DataFrame(rows), docs[["event_id", "stretch", "theme", "theme_weight", "topic"]]


def kwic(texts: dict, hits: pd.DataFrame, topic: str | None = None, term: str | None = None,
         events=None, width: int = 60, utterances: pd.DataFrame | None = None, role: str | None = None) -> pd.DataFrame:
    """Keyword in context: every lexicon hit with the text around it.

    Parameters
    ----------
    texts : dict
        ``event_id -> source text``.
    hits : DataFrame
        Located hits (``Tagging.hits``): ``event_id, turn, sentence, start_char, end_char, term, topic``.
    topic, term : str, optional
        Keep hits of this topic / this normalised term (either spelling: it is normalised).
    events : list of str, optional
        Keep these events.
    width : int
        Characters of context on each side (whitespace folded).
    utterances : DataFrame, optional
        Tagged turns; adds ``speaker`` and ``role`` and allows ``role``.
    role : str, optional
        Keep hits in turns of this role (needs ``utterances``).

    Returns
    -------
    DataFrame
        ``event_id, turn, sentence, start_char, end_char, topic, term, left, match, right``
        (+ ``speaker, role``), in text order.
    """
    h = hits
    if "counted" in h.columns:
        h = h[h["counted"]]
    h = h[h["topic"].ne(PROCEDURAL)]
    if topic is not None:
        h = h[h["topic"] == topic]
    if term is not None:
        h = h[h["term"] == normalise(term)]
    if events is not None:
        h = h[h["event_id"].isin([events] if isinstance(events, str) else events)]
    if utterances is not None:
        h = h.merge(utterances[["event_id", "turn", "speaker", "role"]], on=["event_id", "turn"], how="left")
        if role is not None:
            h = h[h["role"] == role]
    elif role is not None:
        raise ValueError("filtering by role needs the utterances table")
    h = h.sort_values(["event_id", "start_char", "topic"]).reset_index(drop=True)
    fold = re.compile(r"\s+")
    left = [fold.sub(" ", texts[e][max(0, s - width):s]).rjust(width)[-width:] for e, s in zip(h["event_id"], h["start_char"])]
    match = [fold.sub(" ", texts[e][s:t]) for e, s, t in zip(h["event_id"], h["start_char"], h["end_char"])]
    right = [fold.sub(" ", texts[e][t:t + width]).ljust(width)[:width] for e, t in zip(h["event_id"], h["end_char"])]
    h = h.assign(left=left, match=match, right=right)
    cols = ["event_id", "turn", "sentence", "start_char", "end_char", "topic", "term", "left", "match", "right"]
    return h[cols + [c for c in ("speaker", "role") if c in h.columns]]


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


def keyness(sentences: pd.DataFrame, utterances: pd.DataFrame | None = None, by: str = "event_id",
            min_count: int = 3, top: int | None = 15, use_stop_words: bool = True) -> pd.DataFrame:
    """Keyness of words per group against the rest of the corpus (log-likelihood, G2).

    Parameters
    ----------
    sentences : DataFrame
        ``event_id, turn, text``.
    utterances : DataFrame, optional
        Needed when ``by`` is a turn column (``role``, ``speaker``, ``side``, ``act``).
    by : str
        Grouping column: ``event_id`` or a turn column.
    min_count : int
        Keep words seen at least this often in the group.
    top : int or None
        Keep the ``top`` words of highest G2 that are over-represented, per group.
    use_stop_words : bool
        Drop stop words (see :func:`stop_words`).

    Returns
    -------
    DataFrame
        ``<by>, word, count, count_rest, per_1000, per_1000_rest, g2, log_ratio`` sorted by group
        and decreasing G2 (Dunning's log-likelihood; ``log_ratio`` is the binary log of the
        ratio of relative frequencies, +0.5 smoothing).
    """
    s = sentences[["event_id", "turn", "text"]]
    if by != "event_id":
        if utterances is None:
            raise ValueError(f"keyness by {by!r} needs the utterances table")
        u = utterances.assign(side=turn_side(utterances))
        if by not in u.columns:
            raise ValueError(f"unknown grouping column {by!r}")
        s = s.merge(u[["event_id", "turn", by]], on=["event_id", "turn"], how="left")
    words = s.assign(word=s["text"].map(lambda t: [w.lower().replace(" ", "_") for w in tokenize(t)[0]]))
    words = words.explode("word").dropna(subset=["word"])
    if use_stop_words:
        words = words[~words["word"].isin(stop_words())]
    words = words[words["word"].str.contains(r"[a-z]", regex=True)]
    counts = words.groupby([by, "word"]).size().rename("count").reset_index()
    group_total = counts.groupby(by)["count"].transform("sum")
    word_total = counts.groupby("word")["count"].transform("sum")
    N = counts["count"].sum()
    a = counts["count"].astype(float)
    b = (word_total - a).astype(float)
    c = group_total.astype(float)
    d = (N - c).astype(float)
    e1 = c * (a + b) / N
    e2 = d * (a + b) / N
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0) + np.where(b > 0, b * np.log(b / e2), 0))
    counts["count_rest"] = b.astype("int64")
    counts["per_1000"] = 1000 * a / c
    counts["per_1000_rest"] = np.where(d > 0, 1000 * b / d.where(d > 0, 1), np.nan)
    counts["g2"] = g2
    counts["log_ratio"] = np.log2(((a + 0.5) / c) / ((b + 0.5) / d.where(d > 0, 1)))
    counts = counts[counts["count"] >= min_count]
    counts = counts.sort_values([by, "g2", "word"], ascending=[True, False, True])
    if top is not None:
        counts = counts[counts["log_ratio"] > 0].groupby(by, sort=False).head(top)
    return counts.reset_index(drop=True)


def topic_measures(utterances: pd.DataFrame, sentences: pd.DataFrame, codebook: pd.DataFrame | None = None,
                   n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """The per event and topic table exported as ``topics.csv``.

    Parameters
    ----------
    utterances, sentences : DataFrame
        From :func:`tag_corpus`.
    codebook : DataFrame, optional
        Default the package codebook.
    n_boot, seed : int
        Bootstrap settings of :func:`prominence`.

    Returns
    -------
    DataFrame
        One row per event and codebook topic: the :func:`prominence` columns; ``label``;
        ``question_words``, ``answer_words``, ``other_words`` and ``question_share`` (the
        questions' part of the topic's words, see :func:`agenda`); ``n_turns``;
        ``first_turn``, ``first_speaker``, ``first_role`` (who brought it up); ``top_speaker``
        (who dwelt on it most, by words).
    """
    book = load_codebook() if codebook is None else codebook
    prom = prominence(sentences, book, n_boot=n_boot, seed=seed)
    prom.insert(2, "label", prom["topic"].map(dict(zip(book["id"], book["label"]))))
    ag = agenda(utterances, sentences, by="side")
    wide = ag.pivot_table(index=["event_id", "topic"], columns="side", values="words", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=["question", "answer", "other"], fill_value=0)
    wide.columns = [f"{c}_words" for c in wide.columns]
    wide = wide.reset_index()
    tt = _turn_topics(utterances, sentences)
    nturns = tt.groupby(["event_id", "topic"])["turn"].nunique().rename("n_turns").reset_index()
    first = first_mentions(utterances, sentences).rename(columns={"turn": "first_turn", "speaker": "first_speaker", "role": "first_role"})
    first = first[[c for c in ("event_id", "topic", "first_turn", "first_speaker", "first_role") if c in first.columns]]
    if "speaker" in tt.columns and len(tt):
        sp = tt.groupby(["event_id", "topic", "speaker"])["words"].sum().reset_index()
        top = sp.sort_values(["event_id", "topic", "words", "speaker"], ascending=[True, True, False, True]).groupby(["event_id", "topic"]).head(1)
        top = top.rename(columns={"speaker": "top_speaker"})[["event_id", "topic", "top_speaker"]]
    else:
        top = pd.DataFrame(columns=["event_id", "topic", "top_speaker"])
    out = prom.merge(wide, on=["event_id", "topic"], how="left").merge(nturns, on=["event_id", "topic"], how="left")
    out = out.merge(first, on=["event_id", "topic"], how="left").merge(top, on=["event_id", "topic"], how="left")
    for c in ("question_words", "answer_words", "other_words"):
        out[c] = out[c].fillna(0.0)
    out["n_turns"] = out["n_turns"].fillna(0).astype("int64")
    qa = out["question_words"] + out["answer_words"]
    out["question_share"] = (out["question_words"] / qa.where(qa > 0)).astype(float)
    out["first_turn"] = out["first_turn"].astype("Int64")
    return out
