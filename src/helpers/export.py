"""Write a corpus's tables as CSV files for R and spreadsheet users."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .loader import Corpus, load_corpus


def export_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The tables the export writes, by file stem."""
    return {
        "events": corpus.events,
        "utterances": corpus.utterances,
        "sentences": corpus.sentences,
    }


def export_corpus(out_dir: str | Path, seeds_dir: str | Path | None = None) -> list[Path]:
    """Load a folder of transcripts and write its tables as UTF-8 CSV files.

    Parameters
    ----------
    out_dir : str or Path
        Created if missing; existing files of the same names are replaced.
    seeds_dir : str or Path, optional
        The transcripts; default the project's ``seeds/``.

    Returns
    -------
    list of Path
        The files written: ``events.csv``, ``utterances.csv``, ``sentences.csv``, ...
    """
    corpus = load_corpus(seeds_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in export_tables(corpus).items():
        path = out_dir / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written
