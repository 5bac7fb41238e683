"""Errors and warnings raised on bad input.

Every message names the file (and the line, where one applies) and says what is wrong, so a
user who dropped a file into ``seeds/`` can fix it without reading a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parent)


def user_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning name the first caller outside this package (the
    user's notebook cell or script), from however deep inside the package it is given."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


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
