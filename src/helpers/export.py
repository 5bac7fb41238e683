"""Write a corpus's tables as CSV files for R and spreadsheet users."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .loader import Corpus, load_corpus


def export_tables(corpus: Corpus, lexicon_path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The tables the export writes, by file stem.

    Parameters
    ----------
    corpus : Corpus
    lexicon_path : str or Path, optional
        Topic lexicon; default the package lexicon.

    Returns
    -------
    dict of DataFrame
        ``events``; ``utterances`` with the topic columns (``topics``, ``primary_topic``, ...),
        the answer-clarity columns (``clarity``, ``clarity_type``) and the conversational links
        (``exchange``, ``reply_to``: the turn this one responds to, see
        :func:`helpers.qa.reply_links`); ``sentences`` with topic
        columns; ``topics`` (per event and codebook topic: prominence with bootstrap intervals,
        agenda); ``exchanges`` (each question with the turns that respond to it).
    """
    from .clarity import add_clarity, answer_clarity
    from .qa import build_exchanges, reply_links
    from .topics import tag_corpus, topic_measures

    utterances, sentences = tag_corpus(corpus, lexicon_path)
    exchanges = build_exchanges(corpus.utterances, corpus.principals)
    clarity = answer_clarity(corpus.utterances, exchanges)
    links = reply_links(exchanges)[["event_id", "turn", "exchange", "reply_to"]]
    utterances = add_clarity(utterances, clarity).merge(links, on=["event_id", "turn"], how="left",
                                                         validate="one_to_one")
    utterances["exchange"] = utterances["exchange"].astype("Int64")
    return {
        "events": corpus.events,
        "utterances": utterances,
        "sentences": sentences,
        "topics": topic_measures(utterances, sentences),
        "exchanges": exchanges,
    }


def export_corpus(out_dir: str | Path, seeds_dir: str | Path | None = None,
                  lexicon_path: str | Path | None = None) -> list[Path]:
    """Load a folder of transcripts and write its tables as UTF-8 CSV files.

    Parameters
    ----------
    out_dir : str or Path
        Created if missing; existing files of the same names are replaced.
    seeds_dir : str or Path, optional
        The transcripts; default the project's ``seeds/``.
    lexicon_path : str or Path, optional
        Topic lexicon; default the package lexicon.

    Returns
    -------
    list of Path
        The files written: ``events.csv``, ``utterances.csv``, ``sentences.csv``,
        ``topics.csv`` and ``exchanges.csv``.
    """
    corpus = load_corpus(seeds_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in export_tables(corpus, lexicon_path).items():
        path = out_dir / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written
