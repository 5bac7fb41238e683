"""Finding the transcripts of a folder and its subfolders, and saying what was left out and why.
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

from ..errors import TranscriptError, TranscriptWarning, user_stacklevel
from ._html import HTML_SUFFIXES
from ._subtitles import CAPTION_SUFFIXES

#: File endings read as transcripts: plain text, markdown, caption files (SubRip, WebVTT) and saved
#: web pages.
TRANSCRIPT_SUFFIXES = (".txt", ".md", *CAPTION_SUFFIXES, *HTML_SUFFIXES)

#: Endings of files that are clearly not transcripts: reported and left out, never parsed.
NOT_TRANSCRIPT_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff", ".ico", ".heic",
    ".json", ".jsonl", ".csv", ".tsv", ".xlsx", ".xls", ".pdf", ".xml", ".yml", ".yaml",
    ".zip", ".gz", ".tar", ".7z", ".py", ".ipynb", ".mp3", ".mp4", ".wav", ".m4a", ".mov", ".doc", ".docx",
    ".pptx", ".db", ".sqlite", ".parquet", ".log", ".toml", ".ini", ".cfg", ".js", ".css",
})

#: File names (without ending, any case) of notes that are not transcripts.
NOT_TRANSCRIPT_NAMES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "SOURCE", "SOURCES",
                                  "NOTES", "CONTRIBUTING", "COPYING", "AUTHORS", "INDEX", "TODO"})

#: Values of ``on_bad_file``.
ON_BAD_FILE = ("error", "warn", "skip")

#: Columns of ``Corpus.skipped``.
SKIPPED_COLUMNS = ["file", "status", "reason"]


def check_on_bad_file(value: str) -> None:
    if value not in ON_BAD_FILE:
        raise ValueError(f"on_bad_file must be one of {ON_BAD_FILE}, not {value!r}")


def report(skipped: list[dict], rel: str, status: str, reason: str, on_bad_file: str, path=None) -> None:
    """Record a file left out, and warn unless ``on_bad_file`` is ``"skip"``."""
    skipped.append({"file": rel, "status": status, "reason": reason})
    if on_bad_file != "skip":
        warnings.warn(f"{path or rel}: {reason}; left out", TranscriptWarning, stacklevel=user_stacklevel())


def find_transcripts(folder: Path, exclude: set[Path], on_bad_file: str,
                     skipped: list[dict]) -> dict[str, Path]:
    """Walk ``folder`` and its subfolders (in name order) for transcript files.

    Returns
    -------
    dict
        ``relative posix path -> Path`` of every file with an ending of
        :data:`TRANSCRIPT_SUFFIXES`. Hidden files and folders
        and ``exclude`` (the catalog) are passed over. Files that are clearly not transcripts
        (images, JSON, a README), symbolic links to folders (never followed, so a link loop
        cannot hang the load), broken links and folders named like transcripts are added to
        ``skipped`` with their reason and a :class:`TranscriptWarning`; a file of unknown
        format is a bad file (``on_bad_file`` decides).
    """
    found = {}
    for root, dirs, files in os.walk(folder, followlinks=False):
        root_path = Path(root)
        keep = []
        for d in sorted(dirs):
            p = root_path / d
            rel = p.relative_to(folder).as_posix()
            if d.startswith("."):
                continue
            if p.is_symlink():
                report(skipped, rel, "not_read", "a symbolic link to a folder (not followed, to avoid loops)",
                       on_bad_file, p)
            elif Path(d).suffix.lower() in TRANSCRIPT_SUFFIXES:
                report(skipped, rel, "not_read", f"a folder named like a transcript file ({Path(d).suffix})",
                       on_bad_file, p)
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            p = root_path / name
            rel = p.relative_to(folder).as_posix()
            if name.startswith(".") or p in exclude:
                continue
            suffix = p.suffix.lower()
            if p.is_symlink() and not p.exists():
                report(skipped, rel, "not_read", "a broken or looping symbolic link", on_bad_file, p)
            elif suffix in NOT_TRANSCRIPT_SUFFIXES or p.stem.upper() in NOT_TRANSCRIPT_NAMES:
                what = f"a {suffix} file" if suffix in NOT_TRANSCRIPT_SUFFIXES else "a README or notes file"
                report(skipped, rel, "not_transcript", f"not a transcript ({what})", on_bad_file, p)
            elif suffix not in TRANSCRIPT_SUFFIXES:
                err = TranscriptError(p, f"unknown format {suffix or '(no file ending)'!r}: transcripts must be "
                                         "plain-text .txt or .md files, .srt or .vtt caption files, or .html web pages")
                bad_file(err, rel, on_bad_file, skipped)
            else:
                found[rel] = p
    return dict(sorted(found.items()))


def bad_file(err: TranscriptError, rel: str, on_bad_file: str, skipped: list[dict]) -> None:
    """Raise ``err`` (``on_bad_file="error"``) or record the file as skipped with its reason."""
    if on_bad_file == "error":
        raise err
    report(skipped, rel, "bad_file", err.problem, on_bad_file, err.path)
