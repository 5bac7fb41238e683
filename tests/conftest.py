"""Shared fixtures: tiny inline corpora written to temporary folders."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


def write_seeds(folder: Path, files: dict[str, str | bytes], catalog: str | None = None) -> Path:
    """Write transcripts (text or raw bytes) and an optional catalog into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    if catalog is not None:
        (folder / "events.yml").write_text(textwrap.dedent(catalog), encoding="utf-8")
    return folder


@pytest.fixture
def seeds(tmp_path):
    """Return a function that writes a small seeds folder and gives its path."""
    def make(files, catalog=None, name="seeds"):
        return write_seeds(tmp_path / name, files, catalog)
    return make
