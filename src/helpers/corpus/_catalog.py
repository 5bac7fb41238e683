"""The event catalog (``seeds/events.yml``): read, validate, and turn into tidy tables."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd

from ..errors import CatalogError
from ._yaml import load_yaml

EVENT_COLUMNS = ["event_id", "file", "title", "date", "place", "kind", "source_note", "principals"]


PRINCIPAL_COLUMNS = ["event_id", "name", "surname", "title", "side", "interpreted"]


SOURCE_KINDS = ("official", "captions")


_EVENT_KEYS = {"id", "file", "title", "date", "place", "source_kind", "source_note", "principals"}


_PRINCIPAL_KEYS = {"name", "surname", "title", "side", "interpreted"}


def _parse_date(value, path: Path, line: int) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise CatalogError(path, f"malformed date {text!r}: expected YYYY-MM-DD", line) from None


def _as_bool(value, path: Path, line: int, field: str) -> bool:
    if isinstance(value, bool):
        return value
    raise CatalogError(path, f"{field} must be true or false, not {value!r}", line)


def read_catalog(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and validate an event catalog.

    Parameters
    ----------
    path : str or Path
        A YAML file with a top-level ``events`` list (see ``seeds/events.yml``).

    Returns
    -------
    events : DataFrame
        One row per event, columns :data:`EVENT_COLUMNS` plus ``catalog_line``.
    principals : DataFrame
        One row per principal of an event, columns :data:`PRINCIPAL_COLUMNS`.

    Raises
    ------
    CatalogError
        If the file is not valid YAML, uses YAML aliases (``*name``, which can expand a small
        file into gigabytes), an entry lacks an id or file, an id repeats, a date is
        malformed, a source kind is unknown or a field has the wrong type. The message names
        the file and the line of the offending entry.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    data, root = load_yaml(text, path, CatalogError, "the catalog")
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise CatalogError(path, "expected a top-level 'events:' list")
    seq = next(v for k, v in root.value if k.value == "events")
    lines = [item.start_mark.line + 1 for item in seq.value]

    events, principals, seen = [], [], {}
    for entry, line in zip(data["events"], lines):
        if not isinstance(entry, dict):
            raise CatalogError(path, "each event must be a mapping of fields", line)
        unknown = set(entry) - _EVENT_KEYS
        if unknown:
            raise CatalogError(path, f"unknown field(s) {sorted(unknown)}; known: {sorted(_EVENT_KEYS)}", line)
        for key in ("id", "file"):
            if not entry.get(key):
                raise CatalogError(path, f"event has no {key!r}", line)
        _single_values(entry, ("id", "file", "title", "date", "place", "source_kind", "source_note"), path, line)
        event_id = str(entry["id"])
        if event_id in seen:
            raise CatalogError(path, f"duplicate event id {event_id!r} (first at line {seen[event_id]})", line)
        seen[event_id] = line
        kind = entry.get("source_kind", "official")
        if kind not in SOURCE_KINDS:
            raise CatalogError(path, f"source_kind {kind!r} is not one of {SOURCE_KINDS}", line)
        plist = entry.get("principals") or []
        if not isinstance(plist, list):
            raise CatalogError(path, "principals must be a list", line)
        surnames = []
        for p in plist:
            if not isinstance(p, dict) or not p.get("name"):
                raise CatalogError(path, f"event {event_id!r}: each principal needs a name", line)
            unknown = set(p) - _PRINCIPAL_KEYS
            if unknown:
                raise CatalogError(path, f"event {event_id!r}: unknown principal field(s) {sorted(unknown)}", line)
            _single_values(p, sorted(_PRINCIPAL_KEYS), path, line, f"event {event_id!r}: principal ")
            name = str(p["name"]).strip()
            surname = str(p.get("surname") or name.split()[-1]).strip()
            surnames.append(surname)
            principals.append({
                "event_id": event_id,
                "name": name,
                "surname": surname,
                "title": str(p.get("title") or ""),
                "side": str(p.get("side") or ""),
                "interpreted": _as_bool(p.get("interpreted", False), path, line, "interpreted"),
            })
        events.append({
            "event_id": event_id,
            "file": str(entry["file"]),
            "title": str(entry.get("title") or ""),
            "date": _parse_date(entry["date"], path, line) if entry.get("date") else "",
            "place": str(entry.get("place") or ""),
            "kind": kind,
            "source_note": " ".join(str(entry.get("source_note") or "").split()),
            "principals": "; ".join(surnames),
            "catalog_line": line,
        })
    files = [e["file"] for e in events]
    for e in events:
        if files.count(e["file"]) > 1:
            raise CatalogError(path, f"file {e['file']!r} is listed for more than one event", e["catalog_line"])
    return (
        pd.DataFrame(events, columns=EVENT_COLUMNS + ["catalog_line"]),
        pd.DataFrame(principals, columns=PRINCIPAL_COLUMNS).astype({"interpreted": bool}),
    )


def _single_values(entry: dict, keys, path, line: int, who: str = "") -> None:
    """Refuse a list or a mapping where a field holds one value (``id: [a]``)."""
    for key in keys:
        if isinstance(entry.get(key), (list, dict)):
            kind = "a list" if isinstance(entry[key], list) else "a mapping"
            raise CatalogError(path, f"{who}field {key!r} must be a single value, not {kind}", line)
