"""Write an analysis's tables as CSV files for R and spreadsheet users."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from .analysis import analyse
from .errors import InputError


def export_corpus(out_dir: str | Path, folder: str | Path | None = None,
                  lexicon: str | Path | None = None, on_bad_file: str = "error", cache: bool = True,
                  n_jobs: int | None = None, dask=None, parquet: bool | None = None) -> list[Path]:
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
    n_jobs : int, optional
        Worker processes for the per-event stages (see :func:`helpers.analyse`).
    dask : distributed.Client or str, optional
        Run the per-event stages on a Dask cluster (a ``Client`` or a scheduler address).
    parquet : bool, optional
        Also write each table as Parquet under ``OUT/parquet/NAME/``, partitioned by event
        (``event_id=.../part-0.parquet``, the id URI-encoded) for tables with events; default
        only with ``dask``.

    Returns
    -------
    list of Path
        The files written: ``events.csv``, ``utterances.csv``, ``sentences.csv``,
        ``topics.csv``, ``exchanges.csv`` and ``skipped.csv`` (files left out, with the reason) (see :meth:`helpers.Analysis.tables`),
        then the Parquet folders.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(out_dir, "is a file; the tables are written into a folder")
    tables = analyse(folder, lexicon=lexicon, on_bad_file=on_bad_file, cache=cache, n_jobs=n_jobs,
                     dask=dask).tables()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = out_dir / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    if parquet or (parquet is None and dask is not None):
        written += write_parquet(tables, out_dir / "parquet")
    return written


def write_parquet(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Each table as a Parquet dataset folder, partitioned by ``event_id`` where it has one
    (one ``event_id=<id>/part-0.parquet`` per event, read back whole with ``pandas.read_parquet``)."""
    out_dir = Path(out_dir)
    written = []
    for name, df in tables.items():
        path = out_dir / name
        if path.exists():
            shutil.rmtree(path)
        if "event_id" in df.columns and len(df):
            # one plain file per event, laid out as pyarrow's hive partitioning reads it; not
            # pyarrow's dataset writer, whose thread pool can abort the interpreter at exit
            for event, part in df.groupby("event_id", sort=True, observed=True):
                folder = path / f"event_id={quote(str(event), safe='')}"
                folder.mkdir(parents=True)
                part.drop(columns="event_id").to_parquet(folder / "part-0.parquet", index=False)
        else:
            path.mkdir(parents=True)
            df.to_parquet(path / "part-0.parquet", index=False)
        written.append(path)
    return written
