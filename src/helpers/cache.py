"""The analysis cache: tables stored as Arrow IPC files under ``build/cache/``, keyed by content.

The key is a SHA-256 over everything an analysis depends on: every file of the input folder
(its relative path and bytes), the lexicon, the package's data files and models, the package's
own source, and the parameters. Anything that changes the result changes the key, so a stale
entry is never read; an entry is written to a temporary folder and renamed into place, so a
half-written one is never read either.

Each event's tables are cached too, under ``build/cache/events/``, keyed by that file's path and
bytes, its catalog row, the lexicon and the package: when one file of an archive changes, only
its event is analysed again (:data:`EVENT_LOG` says which events were computed and which reused
by the last analysis). Workers store the events they analyse themselves, and the tables of an
analysis are put together from these files one table at a time (:func:`load_event_table`).

The files are Arrow IPC (Feather v2: ``pandas.read_feather`` or ``pyarrow.feather.read_table``
open them), not Parquet, and are memory-mapped when read: the tables of a whole analysis
(stored uncompressed) are then opened without decoding or copying their text, which is what
reopening an analysed archive waits for; the many small per-event entries are LZ4-compressed.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import feather

from . import config

#: Where cached analyses live.
CACHE_DIR = config.BUILD_DIR / "cache"
_PACKAGE = Path(__file__).resolve().parent


def _hash_file(h, path: Path, name: str) -> None:
    h.update(name.encode("utf-8") + b"\0")
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    h.update(b"\0")


def _files(folder: Path):
    """Every regular file below ``folder`` (links not followed), sorted by relative path."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _package_targets():
    return [(p, "package/" + p.relative_to(_PACKAGE).as_posix()) for p in _files(_PACKAGE)
            if p.suffix in (".py", ".csv", ".yml", ".json", ".md") and "__pycache__" not in p.parts]


def cache_key(folder: str | Path, lexicon: str | Path | None = None, **params) -> str:
    """The content key of an analysis of ``folder`` with ``params`` (JSON-serialisable values)."""
    from . import __version__

    folder = Path(folder)
    h = hashlib.sha256()
    h.update(json.dumps({"version": __version__, **params}, sort_keys=True, default=str).encode("utf-8"))
    targets = [(p, "input/" + p.relative_to(folder).as_posix()) for p in _files(folder)] if folder.is_dir() else \
        [(folder, "input/" + folder.name)] if folder.is_file() else []
    targets += _package_targets()
    if lexicon is not None and Path(lexicon).is_file():
        targets.append((Path(lexicon), "lexicon"))
    for path, name in targets:
        _hash_file(h, path, name)
    return h.hexdigest()


SUFFIX = ".arrow"


#: Most record batches a table is written in; one in more pieces is joined into one first.
MAX_BATCHES = 64


def write_table(df: pd.DataFrame, path: Path, compression: str = "lz4") -> None:
    """One table as an Arrow IPC file, without its (default) index, in as many record batches
    as its columns have pieces, up to :data:`MAX_BATCHES` (a table of many events' small
    pieces reads back many times faster joined; one put together from a few long pieces is
    written as it is, without a second copy of its text)."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    if max((c.num_chunks for c in table.columns), default=1) > MAX_BATCHES:
        table = table.combine_chunks()
    feather.write_feather(table, path, compression=compression, chunksize=max(1, table.num_rows))


def read_table(path: Path) -> pd.DataFrame:
    """A table written by :func:`write_table` (memory-mapped: uncompressed text is not copied)."""
    return feather.read_table(path, memory_map=True).to_pandas()


def load(key: str, cache_dir: Path | None = None) -> dict[str, pd.DataFrame] | None:
    """The tables stored under ``key``, or None if there are none."""
    folder = Path(cache_dir or CACHE_DIR) / key
    if not (folder / "COMPLETE").exists():
        return None
    return {p.stem: read_table(p) for p in sorted(folder.glob("*" + SUFFIX))}


def store(key: str, tables: dict[str, pd.DataFrame], cache_dir: Path | None = None,
          compression: str = "uncompressed") -> Path:
    """Write ``tables`` under ``key`` (atomically: a temporary folder renamed into place);
    ``compression`` of the files: ``"uncompressed"`` (fastest to open), ``"lz4"`` or ``"zstd"``."""
    with writing(key, cache_dir, compression) as put:
        for name, df in tables.items():
            put(name, df)
    return Path(cache_dir or CACHE_DIR) / key


@contextmanager
def writing(key: str, cache_dir: Path | None = None, compression: str = "uncompressed"):
    """An entry written one table at a time: ``with writing(key) as put: put(name, df)``. The
    tables go to a temporary folder, renamed into place when the block ends without an error
    (else removed), so the caller need not hold them all at once and a half-written entry is
    never read."""
    root = Path(cache_dir or CACHE_DIR)
    root.mkdir(parents=True, exist_ok=True)
    final = root / key
    tmp = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=root))
    try:
        yield lambda name, df: write_table(df, tmp / f"{name}{SUFFIX}", compression)
        (tmp / "COMPLETE").write_text("", encoding="utf-8")
        if final.exists():
            shutil.rmtree(final, ignore_errors=True)
        try:
            tmp.rename(final)
        except OSError:  # another process stored the same content first: keep its entry
            if not (final / "COMPLETE").exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


#: The events of the last analysis that were ``computed`` afresh and ``reused`` from the cache
#: (their files, relative to the folder).
EVENT_LOG: dict[str, list[str]] = {"computed": [], "reused": []}


@lru_cache(maxsize=1)
def _package_digest(stamp: tuple) -> str:
    from . import __version__

    h = hashlib.sha256(__version__.encode("utf-8"))
    for path, name in _package_targets():
        _hash_file(h, path, name)
    return h.hexdigest()


def package_digest() -> str:
    """SHA-256 over the package's source, data files and models (recomputed when one changes)."""
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p, _ in _package_targets())
    return _package_digest(stamp)


def event_key(job, lexicon: str | Path | None = None, package: str | None = None) -> str:
    """The content key of one event's tables: the file's path and bytes, its catalog row and
    principals, the lexicon and the package (see :func:`package_digest`)."""
    h = hashlib.sha256()
    principals = job.principals.to_dict("records") if job.principals is not None else None
    h.update(json.dumps({"package": package or package_digest(), "rel": job.rel, "event": job.event,
                         "principals": principals}, sort_keys=True, default=str).encode("utf-8"))
    _hash_file(h, Path(job.path), "input")
    if lexicon is not None and Path(lexicon).is_file():
        _hash_file(h, Path(lexicon), "lexicon")
    return h.hexdigest()


def _events_dir(cache_dir: Path | None) -> Path:
    return Path(cache_dir or CACHE_DIR) / "events"


def load_event(key: str, cache_dir: Path | None = None, tables: bool = True) -> dict | None:
    """One event's results (as :func:`helpers.pipeline.analyse_event` returns them), or None.

    With ``tables=False`` only ``event``, ``warnings`` and ``views`` are read, and ``stored``
    names the entry's folder: :func:`load_event_table` reads each table when needed, and
    :func:`load_event_text` the text.
    """
    folder = _events_dir(cache_dir) / key
    if not (folder / "COMPLETE").exists():
        return None
    meta = feather.read_table(folder / f"meta{SUFFIX}", columns=None if tables else ["event", "warnings"],
                              memory_map=True).to_pandas()
    if tables:
        out = {p.stem: read_table(p) for p in sorted(folder.glob("*" + SUFFIX)) if p.stem != "meta"}
        out["text"] = meta["text"].iloc[0]
    else:
        out = {"stored": str(folder)}
        if (folder / f"views{SUFFIX}").exists():
            out["views"] = read_table(folder / f"views{SUFFIX}")
    out["event"] = meta["event"].iloc[0]
    out["warnings"] = [tuple(w) for w in json.loads(meta["warnings"].iloc[0])]
    return out


def load_event_text(stored: str | Path) -> str:
    """The decoded text of the event entry in folder ``stored`` (see :func:`load_event`)."""
    return feather.read_table(Path(stored) / f"meta{SUFFIX}", columns=["text"], memory_map=True)["text"][0].as_py()


def load_event_table(stored: str | Path, name: str) -> pd.DataFrame:
    """Table ``name`` of the event entry in folder ``stored`` (see :func:`load_event`)."""
    return read_table(Path(stored) / f"{name}{SUFFIX}")


def load_event_arrow(stored: str | Path, name: str) -> pa.Table:
    """:func:`load_event_table` as an Arrow table (to be joined with other events' first)."""
    return feather.read_table(Path(stored) / f"{name}{SUFFIX}", memory_map=True)


def store_event(key: str, result: dict, cache_dir: Path | None = None) -> Path:
    """Store one event's results under ``key``."""
    meta = pd.DataFrame({"event": [result["event"]], "text": [result["text"]],
                         "warnings": [json.dumps(result["warnings"])]})
    tables = {k: v for k, v in result.items() if isinstance(v, pd.DataFrame)}
    return store(key, {"meta": meta, **tables}, _events_dir(cache_dir), compression="lz4")
