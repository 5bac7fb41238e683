"""The topic codebook and lexicon: reading and checking the data files.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config
from ..errors import LexiconError
from ..text import normalise, read_csv_file

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


def topic_labels(codebook: pd.DataFrame | None = None) -> dict[str, str]:
    """Topic id -> the codebook's label (``none`` -> ``no codebook topic``), for charts.

    Tables and exports keep the ids; charts show what readers expect to read.
    """
    book = load_codebook() if codebook is None else codebook
    labels = dict(zip(book["id"], book["label"]))
    labels[NONE] = "no codebook topic"
    return labels


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
    LexiconError
        (a ``ValueError``) On a file that is not UTF-8 CSV, a missing column, an unknown topic,
        kind or strength, or a term that normalises to nothing; the message names the rows.
    """
    path = resolve_path(path, LEXICON_PATH)
    if not path.exists():
        raise FileNotFoundError(f"lexicon file not found: {path}")
    lex = read_csv_file(path, LexiconError, "columns topic, term")
    missing = {"topic", "term"} - set(lex.columns)
    if missing:
        raise LexiconError(path, f"lexicon lacks column(s) {sorted(missing)}")
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
            raise LexiconError(path, f"unknown {col} ({rows}); allowed: {sorted(ok)}")
    case = lex["kind"].eq("acronym")
    lex["norm"] = [normalise(t, keep_case=c) for t, c in zip(lex["term"], case)]
    empty = lex.loc[lex["norm"].eq("")]
    if len(empty):
        raise LexiconError(path, f"term(s) without letters or digits at line(s) {[i + 2 for i in empty.index]}")
    lex = lex.drop_duplicates(["topic", "norm", "kind"]).reset_index(drop=True)
    return lex[[*LEXICON_COLUMNS, "norm"]]
