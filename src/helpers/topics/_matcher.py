"""The one-pass lexicon matcher: every term compiled into one regular expression.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..text import tokenize
from ._lexicon import load_lexicon

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
