"""Load a folder of transcripts into a :class:`Corpus` of tidy tables.

The data model follows the usual conversational-corpus terms: an *event* (one press conference,
one transcript file) holds *utterances* (speaker turns) spoken by *speakers*, and each utterance
holds *sentences*. Every table carries character offsets into the decoded source text, so any
row can be traced back to the exact characters it came from.
"""
from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import CatalogError, InputError, TranscriptError, TranscriptWarning, user_stacklevel
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
from ._files import (
    SKIPPED_COLUMNS,
    TRANSCRIPT_SUFFIXES,
    bad_file,
    check_on_bad_file,
    find_transcripts,
    report,
)
from ._header import (
    duration_minutes,
    footer_start,
    iso_date,
    parse_footer,
    parse_header,
)
from ._labels import (
    classify_label,
    find_labels,
    label_class,
    normalise_label,
    same_name,
)
from ._markdown import front_matter_facts, normalise_markdown, read_front_matter
from ._html import HTML_SUFFIXES, read_html
from ._subtitles import CAPTION_SUFFIXES, read_captions
from ._roles import settle_roles, turn_acts

__all__ = ["TRANSCRIPT_SUFFIXES", "Corpus", "load_corpus", "load_event"]

_iso_date = iso_date  # kept for callers of the earlier name


UTTERANCE_COLUMNS = [
    "event_id", "file", "turn", "start_char", "end_char", "label", "speaker", "role", "act",
    "attribution", "interpreted", "confidence", "low_confidence", "interrupted", "n_notes", "note",
    "text", "n_words",
]


SENTENCE_COLUMNS = ["event_id", "turn", "sentence", "start_char", "end_char", "text", "n_words"]


EVENT_TABLE_COLUMNS = EVENT_COLUMNS + [
    "in_catalog", "encoding", "n_chars", "header_start", "header_end", "header_title", "header_date",
    "header_date_iso", "header_text", "footer_start", "footer_end", "start_time", "end_time", "duration_min",
    "source_url", "metadata",
]

#: Stage directions in parentheses, counted as notes: "(Cross-talk.)", "(Laughter.)", "(Inaudible)".
STAGE_RE = re.compile(r"\((?:[A-Z][^()\n]{0,80}?\.|(?:Inaudible|inaudible|Cross-?talk|Laughter|Laughs|Applause"
                      r"|Audio muted|In progress|Crosstalk)[^()\n]{0,40})\)")

#: Role words a rare label is compared with, so that "MODEARTOR" joins "MODERATOR".
_CANONICAL = ("MODERATOR", "OPERATOR", "SENIOR ADMINISTRATION OFFICIAL", "THE PRESIDENT", "THE VICE PRESIDENT",
              "QUESTION", "INTERPRETER", "WHITE HOUSE AIDE", "AUDIENCE MEMBER")


def canonical_labels(norms: list[str], long_forms: bool = False) -> dict[str, str]:
    """Map each normalised label of one event to the form it is a typo or honorific variant of:
    the more frequent of two forms that :func:`same_name` joins, or a known role word; with
    ``long_forms`` (mixed-case labels, which name people), also a long form of a name of two words
    or more to that name."""
    counts = Counter(norms)
    reps: list[str] = []
    canon = {}
    for n in sorted(counts, key=lambda k: (-counts[k], k)):
        target = next((r for r in reps if same_name(n, r)), None)
        if target is None:
            target = next((r for r in _CANONICAL if r != n and len(n) >= 6 and same_name(n, r)), None)
        canon[n] = target or n
        if target is None:
            reps.append(n)
    if not long_forms:
        return canon
    # "PRESIDENT OF RUSSIA VLADIMIR PUTIN" -> "VLADIMIR PUTIN"
    longer = {r: next((q for q in reps if 2 <= len(q.split()) < len(r.split()) and r.split()[-len(q.split()):] == q.split()),
                      None) for r in reps}
    return {n: longer.get(c) or c for n, c in canon.items()}


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
        ``event_id -> decoded text``; every offset indexes into these strings. (An analysis
        opened from the cache has a read-only mapping that decodes each text when first asked
        for, :class:`helpers.analysis.StoredTexts`.)
    seeds_dir : Path
        The folder the corpus was read from.
    skipped : DataFrame
        ``file, status, reason``: every file of the folder that was left out, and why
        (``not_transcript``, ``bad_file`` with ``on_bad_file="warn"``/``"skip"``, ``not_read``).
    """

    events: pd.DataFrame
    principals: pd.DataFrame
    utterances: pd.DataFrame
    sentences: pd.DataFrame
    texts: dict = field(repr=False)
    seeds_dir: Path | None = None
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SKIPPED_COLUMNS))

    def select(self, events=None) -> Corpus:
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
                      {k: v for k, v in self.texts.items() if k in keep}, self.seeds_dir, self.skipped)

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


def _label_class(key: str, label) -> str:
    """:func:`label_class` of ``key``, with a person's name found by the mixed-case grammar
    (``Vladimir Putin``, two words or more; ``label`` a :class:`LabelMatch`) counted as ``named``:
    a mixed-case label names someone, where an upper-case one of the same form may be anything."""
    cls = label_class(key)
    if cls == "unknown" and len(key.split()) >= 2 and label.mixed:
        return "named"
    return cls


def _labelled_turns(text: str, labels, principals: list[dict], end: int) -> list[dict]:
    """Turns from labels: canonical speaker per label, roles from behaviour, acts per turn."""
    norms = [normalise_label(lab.label) for lab in labels]
    canon = canonical_labels(norms, long_forms=any(lab.mixed for lab in labels))
    rows = []
    for i, lab in enumerate(labels):
        stop = labels[i + 1].line_start if i + 1 < len(labels) else end
        key = canon[norms[i]]
        who = classify_label(key, principals, lab.via_interpreter)
        if lab.asks:  # a questioner named once in a mixed-case transcript (named "Reporter" below)
            who = who._replace(role="reporter")
        body = text[lab.body_start:stop]
        clean = normalise_space(body)
        in_catalog = any(p["surname"] == who.speaker for p in principals) and who.role == "principal"
        rows.append({
            "start_char": lab.line_start, "end_char": stop, "body_start": lab.body_start,
            "label": lab.label, "speaker": who.speaker, "role": who.role, "key": key,
            "cls": "reporter" if lab.asks else "catalog" if in_catalog else _label_class(key, lab),
            "catalog": in_catalog,
            "text": clean, "n_words": count_words(clean), "attribution": "labelled",
            "interpreted": who.interpreted, "confidence": 1.0, "interrupted": is_interrupted(body),
            "note": lab.note,
        })
    roles = settle_roles(rows, bool(principals))
    for r in rows:
        r["role"] = roles[r["key"]]
        if r["role"] == "moderator":
            r["speaker"] = "Moderator"
        elif r["role"] == "reporter":
            r["speaker"] = "Reporter"
        elif r["role"] == "unknown":
            r["speaker"] = r["key"].title()
    named = {r["speaker"] for r in rows if r["role"] == "principal" and r["speaker"] != "Principal"}
    for r in rows:  # an "A:" label: the event's one named principal, if the labels name exactly one
        if r["speaker"] == "Principal" and len(named) == 1:
            r["speaker"] = next(iter(named))
    for r, act in zip(rows, turn_acts(rows)):
        r["act"] = act
    for r in rows:
        for k in ("key", "cls", "catalog", "text", "n_words"):
            r.pop(k)
    return rows


def _inferred_turns(text: str, principals: pd.DataFrame, start: int, end: int) -> list[dict]:
    inferred = infer_turns(text, principals, start, end)
    interp = dict(zip(principals["surname"], principals["interpreted"])) if len(principals) else {}
    rows = []
    for r in inferred.to_dict("records"):
        rows.append({
            "start_char": int(r["start_char"]), "end_char": int(r["end_char"]),
            "body_start": int(r["start_char"]), "label": "", "speaker": r["speaker"], "role": r["role"],
            "act": r["act"], "attribution": "inferred", "interpreted": bool(interp.get(r["speaker"], False)),
            "confidence": float(r["confidence"]), "interrupted": False, "note": "",
        })
    return rows


def _check_tiling(rows: list[dict], start: int, end: int, path: Path) -> None:
    """An internal check: a failure is a bug in the loader, never a problem with the file."""
    pos = start
    for r in rows:
        if r["start_char"] != pos or r["end_char"] <= r["start_char"]:
            raise RuntimeError(f"internal error while segmenting {path}: turn spans do not tile the text at "
                               f"character {pos}; please report this with the file")
        pos = r["end_char"]
    if pos != end:
        raise RuntimeError(f"internal error while segmenting {path}: turns end at {pos}, text at {end}")


_ANY_WORD = re.compile(r"[^\W_]")

_DOCUMENT_RE = re.compile(r"^(?:#{1,6} |\s*[-*+] |\s*\d+\. |```|\|.*\|\s*$)", re.MULTILINE)


def _read(path: Path):
    """Decoded text (markdown normalised), encoding, front matter and where the body starts."""
    text, encoding = read_transcript(path)
    meta, body = {}, 0
    if path.suffix.lower() == ".md":
        meta, body = read_front_matter(text, path)
        text, _ = normalise_markdown(text, body)
    elif path.suffix.lower() in CAPTION_SUFFIXES:
        text, meta = read_captions(text, path)
    elif path.suffix.lower() in HTML_SUFFIXES:
        text, meta = read_html(text)
        if not text.strip():
            raise TranscriptError(path, "the web page has no text (outside scripts, styles and navigation)")
    return text, encoding, meta, body


def load_event(path: str | Path, event: dict | None = None, principals: pd.DataFrame | None = None,
               rel: str | None = None):
    """Load one transcript file.

    Parameters
    ----------
    path : str or Path
        The transcript (``.txt``, ``.md`` with optional YAML front matter, or a ``.srt`` or
        ``.vtt`` caption file, read by :func:`helpers.corpus._subtitles.read_captions`, or a saved
        ``.html`` page, read by :func:`helpers.corpus._html.read_html`).
    event : dict, optional
        Its catalog row (see :func:`helpers.corpus.read_catalog`); without one the id comes
        from the file's path (``rel`` without its ending) and the kind from the content (labels
        found: ``official``, none: ``captions``).
    principals : DataFrame, optional
        The event's principals from the catalog.
    rel : str, optional
        The file's path relative to the folder being loaded; default its name.

    Returns
    -------
    event_row : dict
    utterances : list of dict
    sentences : list of dict
    text : str
        The text every offset indexes: the decoded file, for markdown with soft line breaks
        made spaces and backslash escapes undone (front matter kept as is), for a caption file
        its cue texts one to a line, for a web page its text a paragraph to a block.

    Raises
    ------
    TranscriptError
        The file is not a readable transcript; the message names it.
    """
    path = Path(path)
    rel = rel or path.name
    text, encoding, meta, body_start = _read(path)
    if not _ANY_WORD.search(text, body_start):
        raise TranscriptError(path, f"the file has no words{' after its front matter' if body_start else ''} "
                                    "(only spaces, punctuation or invisible characters)")
    principals = principals if principals is not None else pd.DataFrame(columns=PRINCIPAL_COLUMNS)
    plist = principals.to_dict("records")
    labels = [lab for lab in find_labels(text) if lab.line_start >= body_start]
    if event is None:
        if not labels and len(_DOCUMENT_RE.findall(text, body_start)) >= 2:
            raise TranscriptError(path, "not a transcript: it has no speaker labels and reads like a document "
                                        "(markdown headings, lists or tables); a captions transcript is running text")
        event = {"event_id": rel.rsplit(".", 1)[0], "file": rel, "title": "", "date": "", "place": "",
                 "kind": "official" if labels else "captions", "source_note": "", "principals": ""}
        in_catalog = False
    else:
        in_catalog = True
        if event["kind"] == "official" and not labels:
            raise TranscriptError(path, "the catalog says source_kind 'official', but the file has no speaker "
                                        "labels (such as 'QUESTION:'); set source_kind: captions if it has none")
    header_end = labels[0].line_start if labels else body_start
    if event["kind"] == "captions":
        labels = []
    last = labels[-1].body_start if labels else header_end
    foot = footer_start(text, last)
    if labels:
        rows = _labelled_turns(text, labels, plist, foot)
        if not any(normalise_space(text[r["body_start"]:r["end_char"]]) for r in rows):
            raise TranscriptError(path, f"the file has {len(rows)} speaker label(s) but no words after any of "
                                        "them; a transcript needs the spoken text after each label")
    else:
        if not text[header_end:foot].strip():
            raise TranscriptError(path, "the file has a header but no transcript text after it")
        rows = _inferred_turns(text, principals, header_end, foot)
    _check_tiling(rows, header_end, foot, path)

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
            "event_id": event_id, "file": rel, "turn": turn, **r,
            "low_confidence": r["confidence"] < LOW_CONFIDENCE,
            "n_notes": len(NOTE_RE.findall(body)) + len(STAGE_RE.findall(body)), "text": clean,
            "n_words": count_words(clean),
        })
    header = parse_header(text, 0, header_end, body_start)
    footer = parse_footer(text, foot)
    facts = front_matter_facts(meta)
    extra = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()
             if k not in ("title", "date", "source_url", "url", "place", "location")}
    event_row = {**{k: event.get(k, "") for k in EVENT_COLUMNS}, "in_catalog": in_catalog,
                 "encoding": encoding, "n_chars": len(text), **header,
                 "footer_start": footer["footer_start"], "footer_end": footer["footer_end"],
                 "end_time": footer["end_time"],
                 "duration_min": (round((meta["captions_end_s"] - meta["captions_start_s"]) / 60, 1)
                                  if "captions_start_s" in meta  # a caption file's cue timings
                                  else duration_minutes(header["start_time"], footer["end_time"])),
                 "source_url": facts.get("source_url", ""),
                 "metadata": json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str) if extra else ""}
    if not in_catalog:  # front matter, then what the header says, stand in for the missing catalog facts
        written = facts.get("date", "")
        date = iso_date(written) if written else ""
        if written and not date:
            _warn_unread_date(path, text[:body_start], written, header["header_date_iso"])
        event_row["title"] = event_row["title"] or facts.get("title") or header["header_title"]
        event_row["date"] = event_row["date"] or date or header["header_date_iso"]
        event_row["place"] = event_row["place"] or facts.get("place", "")
    return event_row, utterances, sentences, text


def _warn_unread_date(path: Path, front: str, date: str, fallback: str) -> None:
    """Warn, naming the file and the line, that a front matter date is not a date."""
    m = re.search(r"^[\"']?date[\"']?[ \t]*:", front, re.M)
    where = f"{path}, line {front.count(chr(10), 0, m.start()) + 1}" if m else str(path)
    then = f"the date {fallback} of its header is used" if fallback else "the event has no date"
    warnings.warn(f"{where}: front matter date {date!r} is not a date (write it as YYYY-MM-DD); {then}",
                  TranscriptWarning, stacklevel=user_stacklevel())


@dataclass(frozen=True)
class EventJob:
    """One transcript to load: its path relative to the folder, its path, its catalog row (or
    None) and its catalog principals. Picklable, so that a worker process can load it."""

    rel: str
    path: Path
    event: dict | None
    principals: pd.DataFrame | None

    def load(self):
        """:func:`load_event` on this file."""
        return load_event(self.path, self.event, self.principals, self.rel)


@dataclass
class CorpusPlan:
    """What :func:`plan_corpus` found: the transcripts to load, in corpus order, the catalog's
    principals and the files already left out."""

    seeds_dir: Path
    jobs: list
    principals: pd.DataFrame
    skipped: list
    on_bad_file: str


def plan_corpus(seeds_dir: str | Path | None = None, catalog: str | Path | None | bool = True,
                on_bad_file: str = "error") -> CorpusPlan:
    """Find the transcripts of a folder and match them with the catalog, without reading them
    (see :func:`load_corpus` for the parameters and errors)."""
    check_on_bad_file(on_bad_file)
    seeds_dir = Path(seeds_dir) if seeds_dir is not None else config.SEEDS_DIR
    if not seeds_dir.is_dir():
        raise FileNotFoundError(f"{seeds_dir}: {'a file, not a folder' if seeds_dir.exists() else 'no such folder'}"
                                " of transcripts")
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

    skipped: list[dict] = []
    exclude = {seeds_dir / config.CATALOG_NAME} | ({Path(catalog)} if catalog is not None else set())
    transcripts = find_transcripts(seeds_dir, exclude, on_bad_file, skipped)
    jobs = []
    for ev in cat_events.to_dict("records"):
        if ev["file"] not in transcripts:
            raise CatalogError(catalog, f"event {ev['event_id']!r} points to {ev['file']!r}, "
                                        f"which is not in {seeds_dir}", ev["catalog_line"])
        principals = cat_principals[cat_principals["event_id"] == ev["event_id"]]
        jobs.append(EventJob(ev["file"], transcripts.pop(ev["file"]), ev, principals))
    jobs += [EventJob(rel, p, None, None) for rel, p in transcripts.items()]
    if not jobs and not skipped:
        raise FileNotFoundError(f"{seeds_dir}: no transcripts in this folder or its subfolders "
                                f"(files ending {', '.join(TRANSCRIPT_SUFFIXES)})")
    return CorpusPlan(seeds_dir, jobs, cat_principals.reset_index(drop=True), skipped, on_bad_file)


def leave_out(plan: CorpusPlan, job: EventJob, err: TranscriptError) -> None:
    """Record a transcript that could not be loaded (or raise, with ``on_bad_file="error"``)."""
    if job.event is None and err.problem.startswith("not a transcript"):
        report(plan.skipped, job.rel, "not_transcript", err.problem, plan.on_bad_file, job.path)
    else:
        bad_file(err, job.rel, plan.on_bad_file, plan.skipped)


def nothing_loaded(plan: CorpusPlan) -> None:
    """Raise, naming the folder and the first file left out, when every transcript of a plan was
    left out (an analysis of no event is no analysis)."""
    if plan.skipped:
        first = plan.skipped[0]
        raise InputError(plan.seeds_dir, f"none of its {len(plan.skipped)} transcript file(s) could be read; "
                                         f"the first: {first['file']}: {first['reason']}")


def duplicate_id(job: EventJob, event_id: str) -> TranscriptError:
    """The error for a second transcript with an event id already used."""
    return TranscriptError(job.path, f"event id {event_id!r} is already used by another "
                                     "transcript (same name with another ending?)")


def load_corpus(seeds_dir: str | Path | None = None, catalog: str | Path | None | bool = True,
                on_bad_file: str = "error") -> Corpus:
    """Load every transcript of a folder and its subfolders.

    Parameters
    ----------
    seeds_dir : str or Path, optional
        The folder; default the project's ``seeds/``. Subfolders are read too (in name order);
        an event's id is its file's path below the folder without the ending
        (``2021-01/briefing``), so ids stay unique across subfolders.
    catalog : path, True or False
        The event catalog. ``True`` (default) reads ``events.yml`` in the folder if there is
        one; ``False`` ignores any catalog; a path reads that file.
    on_bad_file : {"error", "warn", "skip"}
        What a transcript that cannot be read does: stop the load with its error (default),
        or be left out with a :class:`TranscriptWarning` (``"warn"``) or quietly (``"skip"``).
        Either way every file left out is listed in ``Corpus.skipped`` with its reason.

    Returns
    -------
    Corpus
        Events in catalog order, then uncatalogued files by path.

    Raises
    ------
    TranscriptError
        A transcript is empty, binary, undecodable or of an unknown format (named in the message),
        with ``on_bad_file="error"``.
    CatalogError
        The catalog is malformed, or a row points to a missing file.
    FileNotFoundError
        The folder does not exist, is a file, or holds no transcript files (by their endings).

    Warns
    -----
    TranscriptWarning
        A transcript was not UTF-8 and was decoded as Windows-1252; a file was left out.
    """
    plan = plan_corpus(seeds_dir, catalog, on_bad_file)
    events, utterances, sentences, texts = [], [], [], {}
    for job in plan.jobs:
        try:
            event_row, utts, sents, text = job.load()
            if event_row["event_id"] in texts:
                raise duplicate_id(job, event_row["event_id"])
        except TranscriptError as err:
            leave_out(plan, job, err)
            continue
        events.append(event_row)
        utterances += utts
        sentences += sents
        texts[event_row["event_id"]] = text
    return Corpus(
        events=pd.DataFrame(events, columns=EVENT_TABLE_COLUMNS),
        principals=plan.principals,
        utterances=pd.DataFrame(utterances, columns=UTTERANCE_COLUMNS),
        sentences=pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        texts=texts,
        seeds_dir=plan.seeds_dir,
        skipped=pd.DataFrame(plan.skipped, columns=SKIPPED_COLUMNS),
    )
