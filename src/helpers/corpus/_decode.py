"""Reading transcript files: bytes to text, with clear messages for what is not a transcript.
"""
from __future__ import annotations

import codecs
import re
import warnings
from pathlib import Path

from ..errors import TranscriptError, TranscriptWarning, user_stacklevel
from ._html import HTML_SUFFIXES

#: Control characters that never occur in a text transcript (tab, LF, FF, CR are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_transcript(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a transcript file.

    UTF-8 is tried first (a byte-order mark is removed); text that is not UTF-8 is decoded as
    Windows-1252, the usual encoding of transcripts saved from web pages, with a
    :class:`TranscriptWarning`. Line endings are kept as they are, so offsets stay true to
    the file.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str or Path
        Used in messages only.

    Returns
    -------
    text : str
        The decoded text.
    encoding : str
        ``"utf-8"``, ``"utf-8-sig"`` (a BOM was removed), ``"utf-16"`` (the file starts with a
        UTF-16 byte-order mark) or ``"cp1252"``.

    Raises
    ------
    TranscriptError
        If the file is empty or blank, looks binary (NUL or other control bytes), is neither
        UTF-8 nor Windows-1252, or is a known non-transcript format (HTML, JSON, RTF, PDF).
    """
    if not data.strip():
        raise TranscriptError(path, "the file is empty" if not data else "the file holds only whitespace")
    head = data[:4096]
    if head.startswith(b"%PDF"):
        raise TranscriptError(path, "this is a PDF file, not a plain-text transcript; save the text as UTF-8 .txt")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TranscriptError(path, f"starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                                        f"({exc.reason} at byte {exc.start}); re-save it as UTF-8") from None
        return _check_text(text, path), "utf-16"
    if b"\x00" in data:
        raise TranscriptError(path, "the file looks binary (it holds NUL bytes); a transcript must be plain text (UTF-8)")
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise TranscriptError(
                path,
                f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}) "
                "and not Windows-1252 either; re-save the file as UTF-8",
            ) from None
        encoding = "cp1252"
        warnings.warn(
            f"{path}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}); "
            "decoded as Windows-1252 (cp1252). Re-save it as UTF-8 to silence this warning.",
            TranscriptWarning,
            stacklevel=user_stacklevel(),
        )
    return _check_text(text, path), encoding


def _check_text(text: str, path) -> str:
    """Refuse decoded text that is blank, binary, or a known non-transcript format."""
    if not text.strip():
        raise TranscriptError(path, "the file holds only whitespace")
    bad = _CONTROL.search(text)
    if bad:
        raise TranscriptError(
            path, f"the file looks binary (control character {bad.group()!r} at character {bad.start()})"
        )
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html")) and Path(str(path)).suffix.lower() not in HTML_SUFFIXES:
        raise TranscriptError(path, "this is an HTML page, not a plain-text transcript; save the page as text")
    if start.startswith("{\\rtf"):
        raise TranscriptError(path, "this is an RTF document, not a plain-text transcript; save it as plain text")
    if start.startswith(("{", "[")) and start.rstrip().endswith(("}", "]")) or start.startswith('{"'):
        raise TranscriptError(path, "this looks like JSON, not a plain-text transcript")
    return text


def read_transcript(path: str | Path) -> tuple[str, str]:
    """Read and decode a transcript file; see :func:`decode_transcript`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TranscriptError(path, f"cannot be read ({exc.strerror})") from None
    return decode_transcript(data, path)
