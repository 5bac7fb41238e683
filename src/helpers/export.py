"""Write an analysis's tables as CSV files for R and spreadsheet users."""
from __future__ import annotations

from pathlib import Path

from .analysis import analyse


def export_corpus(out_dir: str | Path, folder: str | Path | None = None,
                  lexicon: str | Path | None = None, on_bad_file: str = "error", cache: bool = True) -> list[Path]:
    """Analyse a folder of transcripts and write its tables as UTF-8 CSV files.

    Parameters
    ----------
    out_dir : str or Path
        Created if missing; existing files of the same names are replaced.
    folder : str or Path, optional
        The transcripts; default the project's ``seeds/``.
    lexicon : str or Path, optional
        Topic lexicon; default the package lexicon.
    on_bad_file : {"error", "warn", "skip"}
        What an unreadable transcript does (see :func:`helpers.load_corpus`).
    cache : bool
        Reuse a cached analysis of the same content (``build/cache/``); ``False`` forces a cold run.

    Returns
    -------
    list of Path
        The files written: ``events.csv``, ``utterances.csv``, ``sentences.csv``,
        ``topics.csv``, ``exchanges.csv`` and ``skipped.csv`` (files left out, with the reason) (see :meth:`helpers.Analysis.tables`).
    """
    tables = analyse(folder, lexicon=lexicon, on_bad_file=on_bad_file, cache=cache).tables()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = out_dir / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written
