"""Errors and warnings raised on bad input.

Every message names the file (and the line, where one applies) and says what is wrong, so a
user who dropped a file into ``seeds/`` can fix it without reading a traceback.
"""
from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Base class for problems with a user's input files."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class TranscriptError(InputError):
    """A transcript file cannot be read as a press-conference transcript."""


class CatalogError(InputError):
    """The event catalog is malformed or inconsistent with the transcripts."""


class LexiconError(InputError):
    """A topic lexicon file is malformed (a missing column, an unknown topic, kind or strength)."""


class TranscriptWarning(UserWarning):
    """A transcript was loaded, but something about it needs the user's attention."""
