"""Load a folder of transcripts into a :class:`Corpus` of tidy tables.

The data model follows the usual conversational-corpus terms: an *event* (one press conference,
one transcript file) holds *utterances* (speaker turns) spoken by *speakers*, and each utterance
holds *sentences*. Every table carries character offsets into the decoded source text, so any
row can be traced back to the exact characters it came from.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import CatalogError, TranscriptError
from ..text import (
    NOTE_RE,
    count_words,
    is_interrupted,
    normalise_space,
    split_sentences,
)
from ..turns import LOW_CONFIDENCE, infer_turns
from ._catalog import EVENT_COLUMNS, PRINCIPAL_COLUMNS, read_catalog
from ._decode import read_transcript
from ._labels import classify_label, find_labels

#: File endings read as transcripts.
TRANSCRIPT_SUFFIXES = (".txt",)


#: Notes in a seeds folder that are not transcripts and are passed over on purpose (besides
#: the catalog and hidden files); any other file stops the load with an "unknown format" error.
IGNORED_SUFFIXES = (".md",)


UTTERANCE_COLUMNS = [
    "event_id", "file", "turn", "start_char", "end_char", "label", "speaker", "role", "act",
    "attribution", "interpreted", "confidence", "low_confidence", "interrupted", "n_notes",
    "text", "n_words",
]


SENTENCE_COLUMNS = ["event_id", "turn", "sentence", "start_char", "end_char", "text", "n_words"]


EVENT_TABLE_COLUMNS = EVENT_COLUMNS + [
    "in_catalog", "encoding", "n_chars", "header_start", "header_end", "header_title", "header_date",
    "header_date_iso", "header_text",
]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


#: Header lines that hold a date: "October 29, 2016", "2016-10-29", "12/10/2019 05:21 PM EST".
_DATE_LINE = re.compile(
    rf"^(?P<month>{'|'.join(_MONTHS)})\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})$"
    r"|^(?P<iso>\d{4}-\d{2}-\d{2})$"
    r"|^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})(?:\s+\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s+[A-Z]{2,4})?)?$"
)


def _iso_date(line: str) -> str:
    """The ISO form of a header date line, or ``""`` if it is not a valid date."""
    m = _DATE_LINE.match(line)
    if not m:
        return ""
    try:
        if m["iso"]:
            return _dt.date.fromisoformat(m["iso"]).isoformat()
        if m["month"]:
            return _dt.date(int(m["year"]), _MONTHS.index(m["month"]) + 1, int(m["day"])).isoformat()
        return _dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return ""


@dataclass
class Corpus:
    """A set of transcribed events as tidy tables.

    Attributes
    ----------
    events : DataFrame
        One row per event: catalog fields, what the header says, encoding, length.
    principals : DataFrame
        One row per principal of an event (from the catalog).
    utterances : DataFrame
        One row per speaker turn, with offsets into the decoded text.
    sentences : DataFrame
        One row per sentence, with its turn and offsets.
    texts : dict
        ``event_id -> decoded text``; every offset indexes into these strings.
    seeds_dir : Path
        The folder the corpus was read from.
    """

    events: pd.DataFrame
    principals: pd.DataFrame
    utterances: pd.DataFrame
    sentences: pd.DataFrame
    texts: dict = field(repr=False)
    seeds_dir: Path | None = None

    def select(self, events=None) -> "Corpus":
        """Return the corpus restricted to some events.

        Parameters
        ----------
        events : list of str or None
            Event ids to keep, in the corpus's order; ``None`` keeps all.

        Raises
        ------
        KeyError
            If an id is not in the corpus; the message lists the known ids.
        """
        if events is None:
            return self
        if isinstance(events, str):
            events = [events]
        unknown = [e for e in events if e not in self.texts]
        if unknown:
            raise KeyError(f"unknown event id(s) {unknown}; known: {list(self.texts)}")
        keep = set(events)

        def sub(df):
            return df[df["event_id"].isin(keep)].reset_index(drop=True)

        return Corpus(sub(self.events), sub(self.principals), sub(self.utterances), sub(self.sentences),
                      {k: v for k, v in self.texts.items() if k in keep}, self.seeds_dir)

    @property
    def speakers(self) -> pd.DataFrame:
        """One row per speaker of an event: role, turns, words, and catalog facts for principals.

        Returns
        -------
        DataFrame
            ``event_id, speaker, role, n_turns, n_words, name, title, side, interpreted`` in order
            of first turn; ``name``, ``title`` and ``side`` are empty for speakers the catalog
            does not list (reporters, the moderator).
        """
        u = self.utterances
        cols = ["event_id", "speaker", "role", "n_turns", "n_words", "name", "title", "side", "interpreted"]
        if u.empty:
            return pd.DataFrame(columns=cols)
        g = u.groupby(["event_id", "speaker"], sort=False)
        out = g.agg(role=("role", "first"), n_turns=("turn", "size"), n_words=("n_words", "sum"),
                    interpreted=("interpreted", "any")).reset_index()
        facts = self.principals.rename(columns={"surname": "speaker"})[["event_id", "speaker", "name", "title", "side"]]
        out = out.merge(facts, on=["event_id", "speaker"], how="left")
        out[["name", "title", "side"]] = out[["name", "title", "side"]].fillna("")
        return out[cols]

    def span(self, event_id: str, start: int, end: int) -> str:
        """The source characters ``[start, end)`` of an event."""
        return self.texts[event_id][start:end]

    def __repr__(self) -> str:
        return (f"Corpus({len(self.events)} events, {len(self.utterances)} utterances, "
                f"{len(self.sentences)} sentences)")


def _parse_header(text: str, start: int, end: int) -> dict:
    lines = [ln.strip() for ln in text[start:end].splitlines() if ln.strip()]
    date = next((ln for ln in lines if _iso_date(ln)), "")
    return {
        "header_start": start,
        "header_end": end,
        "header_title": lines[0] if lines else "",
        "header_date": date,
        "header_date_iso": _iso_date(date) if date else "",
        "header_text": " | ".join(lines),
    }


def _labelled_turns(text: str, labels, principals: list[dict]) -> list[dict]:
    rows = []
    seen_question = False
    for i, lab in enumerate(labels):
        start = lab.line_start
        end = labels[i + 1].line_start if i + 1 < len(labels) else len(text)
        who = classify_label(lab.label, principals, lab.via_interpreter)
        body = text[lab.body_start:end]
        if who.role == "reporter":
            act, seen_question = "question", True
        elif who.role == "principal":
            act = "answer" if seen_question else "statement"
        elif who.role == "moderator":
            act = "moderation"
        else:
            act = "other"
        if who.speaker == "Principal":
            # an "A:" label: the event's one named principal, if the labels have named exactly one
            named = {r["speaker"] for r in rows if r["role"] == "principal" and r["speaker"] != "Principal"}
            if len(named) == 1:
                who = who._replace(speaker=named.pop())
        rows.append({
            "start_char": start, "end_char": end, "body_start": lab.body_start,
            "label": lab.label, "speaker": who.speaker, "role": who.role, "act": act,
            "attribution": "labelled", "interpreted": who.interpreted, "confidence": 1.0,
            "interrupted": is_interrupted(body),
        })
    return rows


def _inferred_turns(text: str, principals: pd.DataFrame, start: int) -> list[dict]:
    inferred = infer_turns(text, principals, start, len(text))
    interp = dict(zip(principals["surname"], principals["interpreted"])) if len(principals) else {}
    rows = []
    for r in inferred.to_dict("records"):
        rows.append({
            "start_char": int(r["start_char"]), "end_char": int(r["end_char"]),
            "body_start": int(r["start_char"]), "label": "", "speaker": r["speaker"], "role": r["role"],
            "act": r["act"], "attribution": "inferred", "interpreted": bool(interp.get(r["speaker"], False)),
            "confidence": float(r["confidence"]),
            "interrupted": False,
        })
    return rows


def _check_tiling(rows: list[dict], start: int, end: int, path: Path) -> None:
    pos = start
    for r in rows:
        if r["start_char"] != pos or r["end_char"] <= r["start_char"]:
            raise TranscriptError(path, f"internal segmentation error: turn spans do not tile the text at character {pos}")
        pos = r["end_char"]
    if pos != end:
        raise TranscriptError(path, f"internal segmentation error: turns end at {pos}, text at {end}")


def load_event(path: str | Path, event: dict | None = None, principals: pd.DataFrame | None = None):
    """Load one transcript file.

    Parameters
    ----------
    path : str or Path
        The transcript.
    event : dict, optional
        Its catalog row (see :func:`helpers.catalog.read_catalog`); without one the id comes
        from the file name and the kind from the content (labels found: ``official``, none:
        ``captions``).
    principals : DataFrame, optional
        The event's principals from the catalog.

    Returns
    -------
    event_row : dict
    utterances : list of dict
    sentences : list of dict
    text : str
    """
    path = Path(path)
    text, encoding = read_transcript(path)
    principals = principals if principals is not None else pd.DataFrame(columns=PRINCIPAL_COLUMNS)
    plist = principals.to_dict("records")
    labels = find_labels(text)
    if event is None:
        event = {"event_id": path.stem, "file": path.name, "title": "", "date": "", "place": "",
                 "kind": "official" if labels else "captions", "source_note": "", "principals": ""}
        in_catalog = False
    else:
        in_catalog = True
        if event["kind"] == "official" and not labels:
            raise TranscriptError(path, "the catalog says source_kind 'official', but the file has no speaker "
                                        "labels (such as 'QUESTION:'); set source_kind: captions if it has none")
    header_end = labels[0].line_start if labels else 0
    if event["kind"] == "captions":
        labels, header_end = [], 0
    rows = _labelled_turns(text, labels, plist) if labels else _inferred_turns(text, principals, header_end)
    _check_tiling(rows, header_end, len(text), path)

    event_id = event["event_id"]
    sentences = []
    utterances = []
    n_sent = 0
    for turn, r in enumerate(rows):
        body = text[r.pop("body_start"):r["end_char"]]
        spans = split_sentences(text, r["end_char"] - len(body), r["end_char"])
        for a, b in spans:
            chunk = normalise_space(text[a:b])
            sentences.append({"event_id": event_id, "turn": turn, "sentence": n_sent, "start_char": a,
                              "end_char": b, "text": chunk, "n_words": count_words(chunk)})
            n_sent += 1
        clean = normalise_space(body)
        utterances.append({
            "event_id": event_id, "file": path.name, "turn": turn, **r,
            "low_confidence": r["confidence"] < LOW_CONFIDENCE,
            "n_notes": len(NOTE_RE.findall(body)), "text": clean, "n_words": count_words(clean),
        })
    header = _parse_header(text, 0, header_end)
    event_row = {**{k: event.get(k, "") for k in EVENT_COLUMNS}, "in_catalog": in_catalog,
                 "encoding": encoding, "n_chars": len(text), **header}
    if not in_catalog:  # what the header says stands in for the missing catalog facts
        event_row["title"] = event_row["title"] or header["header_title"]
        event_row["date"] = event_row["date"] or header["header_date_iso"]
    return event_row, utterances, sentences, text


def load_corpus(seeds_dir: str | Path | None = None, catalog: str | Path | None | bool = True) -> Corpus:
    """Load every transcript of a folder.

    Parameters
    ----------
    seeds_dir : str or Path, optional
        The folder; default the project's ``seeds/``.
    catalog : path, True or False
        The event catalog. ``True`` (default) reads ``events.yml`` in the folder if there is
        one; ``False`` ignores any catalog; a path reads that file.

    Returns
    -------
    Corpus
        Events in catalog order, then uncatalogued files by name.

    Raises
    ------
    TranscriptError
        A transcript is empty, binary, undecodable or of an unknown format (named in the message).
    CatalogError
        The catalog is malformed, or a row points to a missing file.
    FileNotFoundError
        The folder does not exist.

    Warns
    -----
    TranscriptWarning
        A transcript was not UTF-8 and was decoded as Windows-1252.
    """
    seeds_dir = Path(seeds_dir) if seeds_dir is not None else config.SEEDS_DIR
    if not seeds_dir.is_dir():
        raise FileNotFoundError(f"{seeds_dir}: no such folder of transcripts")
    if catalog is True:
        catalog = seeds_dir / config.CATALOG_NAME
        catalog = catalog if catalog.exists() else None
    elif catalog is False:
        catalog = None
    if catalog is not None:
        cat_events, cat_principals = read_catalog(catalog)
    else:
        cat_events = pd.DataFrame(columns=EVENT_COLUMNS + ["catalog_line"])
        cat_principals = pd.DataFrame(columns=PRINCIPAL_COLUMNS)

    files = sorted(p for p in seeds_dir.iterdir() if p.is_file() and not p.name.startswith(".")
                   and p.name != config.CATALOG_NAME and (catalog is None or p != Path(catalog)))
    unknown = [p for p in files if p.suffix.lower() not in TRANSCRIPT_SUFFIXES + IGNORED_SUFFIXES]
    if unknown:
        raise TranscriptError(unknown[0], f"unknown format {unknown[0].suffix or '(no file ending)'!r}: "
                                          f"transcripts must be plain-text {' or '.join(TRANSCRIPT_SUFFIXES)} files")
    transcripts = {p.name: p for p in files if p.suffix.lower() in TRANSCRIPT_SUFFIXES}
    jobs = []
    for ev in cat_events.to_dict("records"):
        if ev["file"] not in transcripts:
            raise CatalogError(catalog, f"event {ev['event_id']!r} points to {ev['file']!r}, "
                                        f"which is not in {seeds_dir}", ev["catalog_line"])
        jobs.append((transcripts.pop(ev["file"]), ev))
    jobs += [(p, None) for p in transcripts.values()]

    events, utterances, sentences, texts = [], [], [], {}
    for path, ev in jobs:
        principals = cat_principals[cat_principals["event_id"] == ev["event_id"]] if ev else None
        event_row, utts, sents, text = load_event(path, ev, principals)
        if event_row["event_id"] in texts:
            raise TranscriptError(path, f"event id {event_row['event_id']!r} is already used by another transcript")
        events.append(event_row)
        utterances += utts
        sentences += sents
        texts[event_row["event_id"]] = text
    return Corpus(
        events=pd.DataFrame(events, columns=EVENT_TABLE_COLUMNS),
        principals=cat_principals.reset_index(drop=True),
        utterances=pd.DataFrame(utterances, columns=UTTERANCE_COLUMNS),
        sentences=pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        texts=texts,
        seeds_dir=seeds_dir,
    )
