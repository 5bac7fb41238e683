"""The analysis cache: tables stored as Parquet under ``build/cache/``, keyed by content.

The key is a SHA-256 over everything an analysis depends on: every file of the input folder
(its relative path and bytes), the lexicon, the package's data files and models, the package's
own source, and the parameters. Anything that changes the result changes the key, so a stale
entry is never read; an entry is written to a temporary folder and renamed into place, so a
half-written one is never read either.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

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


def cache_key(folder: str | Path, lexicon: str | Path | None = None, **params) -> str:
    """The content key of an analysis of ``folder`` with ``params`` (JSON-serialisable values)."""
    from . import __version__

    folder = Path(folder)
    h = hashlib.sha256()
    h.update(json.dumps({"version": __version__, **params}, sort_keys=True, default=str).encode("utf-8"))
    targets = [(p, "input/" + p.relative_to(folder).as_posix()) for p in _files(folder)] if folder.is_dir() else \
        [(folder, "input/" + folder.name)] if folder.is_file() else []
    targets += [(p, "package/" + p.relative_to(_PACKAGE).as_posix()) for p in _files(_PACKAGE)
                if p.suffix in (".py", ".csv", ".yml", ".json", ".md") and "__pycache__" not in p.parts]
    if lexicon is not None and Path(lexicon).is_file():
        targets.append((Path(lexicon), "lexicon"))
    for path, name in targets:
        _hash_file(h, path, name)
    return h.hexdigest()


def load(key: str, cache_dir: Path | None = None) -> dict[str, pd.DataFrame] | None:
    """The tables stored under ``key``, or None if there are none."""
    folder = Path(cache_dir or CACHE_DIR) / key
    if not (folder / "COMPLETE").exists():
        return None
    return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}


def store(key: str, tables: dict[str, pd.DataFrame], cache_dir: Path | None = None) -> Path:
    """Write ``tables`` under ``key`` (atomically: a temporary folder renamed into place)."""
    root = Path(cache_dir or CACHE_DIR)
    root.mkdir(parents=True, exist_ok=True)
    final = root / key
    tmp = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=root))
    try:
        for name, df in tables.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / "COMPLETE").write_text("", encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        tmp.rename(final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final
