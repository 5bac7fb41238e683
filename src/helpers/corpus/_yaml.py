"""Users' YAML (transcript front matter, the event catalog): safe, fast, and every failure an
input error naming the file and line.

PyYAML's C loader reads the documents when it is present (the same values as the Python one,
several times faster on an archive's front matter); a syntax error is reported in the Python
loader's words, which name the offending character. A value the safe loader can parse but not
build (``date: 2021-13-45``: a timestamp with no such month) is reported with its line instead of
the ``ValueError`` raised from inside PyYAML.
"""
from __future__ import annotations

import yaml
from yaml.constructor import SafeConstructor

#: What PyYAML's safe constructor raises on a value it parsed but cannot build (a timestamp with
#: no such day; an explicit tag on a value of the wrong form: ``!!timestamp hello``).
_BUILD_ERRORS = (ValueError, OverflowError, TypeError, AttributeError)

#: PyYAML's safe loader in C (libyaml, in PyYAML's wheels) where present.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def refuse_aliases(text: str, path, kind, offset_line: int = 0) -> None:
    """Raise ``kind`` naming the line of the first YAML alias (``*name``) in ``text``.

    Aliases can expand a small file into gigabytes ("billion laughs"); transcripts and
    catalogs never need them, so they are refused before the YAML is built.
    """
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise kind(path, f"YAML alias '*{event.anchor}' is not allowed (aliases can expand a "
                                 "small file into gigabytes); write the value out",
                           event.start_mark.line + 1 + offset_line)
    except yaml.YAMLError:
        return  # the parser proper reports the syntax error with its line


def _unbuildable(root) -> tuple[int, str] | None:
    """The first scalar under ``root`` the safe constructor cannot build: its 0-based line and
    what is wrong (``'2021-13-45' is not a valid timestamp (month must be in 1..12)``)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                SafeConstructor().construct_object(node, deep=True)
            except _BUILD_ERRORS as exc:
                kind = node.tag.rsplit(":", 1)[-1]
                why = f" ({exc})" if isinstance(exc, (ValueError, OverflowError)) else ""
                return node.start_mark.line, f"{node.value!r} is not a valid {kind}{why}"
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return None


def load_yaml(text: str, path, kind, what: str, offset_line: int = 0):
    """``text`` as YAML (aliases refused), errors raised as ``kind(path, message, line)``.

    Parameters
    ----------
    text : str
        The YAML document.
    path : str or Path
        The file it comes from, named in errors.
    kind : type
        The error raised (:class:`~helpers.errors.TranscriptError`, :class:`~helpers.errors.CatalogError`).
    what : str
        How the message names the document (``"front matter"``, ``"the catalog"``).
    offset_line : int
        Lines of the file before ``text`` (the front matter's opening ``---``).

    Returns
    -------
    tuple
        The document's value and its node tree (``yaml.compose``; for the lines of its parts),
        ``(None, None)`` for an empty document.
    """
    refuse_aliases(text, path, kind, offset_line)
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        try:  # the same error in the Python loader's words (it names the character)
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 + offset_line if mark is not None else None
            raise kind(path, f"{what} is not valid YAML: {getattr(exc, 'problem', None) or exc}", line) from None
        raise  # pragma: no cover - the two loaders disagree on the syntax
    if root is None:
        return None, None
    try:
        return SafeConstructor().construct_document(root), root
    except yaml.YAMLError as exc:  # a tag the safe loader does not build
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset_line if mark is not None else None
        raise kind(path, f"{what} is not valid YAML: {getattr(exc, 'problem', None) or exc}", line) from None
    except _BUILD_ERRORS as exc:
        found = _unbuildable(root)
        line, reason = (found[0] + 1 + offset_line, found[1]) if found else (None, str(exc))
        raise kind(path, f"{what} has a value YAML cannot read: {reason}; quote it to keep it as text",
                   line) from None
