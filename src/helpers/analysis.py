"""Every table of an analysis, computed once and wired in one place.

:func:`analyse` loads a folder of transcripts and runs each step in the order the data flows:
corpus -> topics -> question design -> exchanges -> answer clarity -> measures. The export,
the command line and every notebook start from its :class:`Analysis`.
"""
from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from . import cache as cache_log
from . import config
from ._memory import POOL, give_back, system_pool
from .cache import cache_key
from .cache import load as load_cached
from .corpus import (
    EVENT_TABLE_COLUMNS,
    SENTENCE_COLUMNS,
    SKIPPED_COLUMNS,
    UTTERANCE_COLUMNS,
    Corpus,
    plan_corpus,
)
from .corpus._loader import duplicate_id, leave_out, nothing_loaded
from .errors import TranscriptError, TranscriptWarning, user_stacklevel
from .pipeline import (
    VIEWS,
    default_jobs,
    drop_views,
    event_tables,
    replay_warnings,
    run_events,
    stored_result,
    tagger,
    view_list,
    with_views,
)
from .topics import Tagging, topic_measures, topic_measures_in_parts


class StoredTexts(Mapping):
    """Event id -> decoded text, read from a ``texts`` table (event_id, text) as each text is
    first asked for: an analysis opened from the cache holds its texts as the stored (memory-
    mapped) column until they are used, not as a second copy in Python strings."""

    def __init__(self, table: pd.DataFrame):
        self._ids = {eid: i for i, eid in enumerate(table["event_id"])}
        self._column = table["text"]
        self._decoded: dict[str, str] = {}

    def __getitem__(self, event_id: str) -> str:
        text = self._decoded.get(event_id)
        if text is None:
            text = self._decoded[event_id] = str(self._column.iloc[self._ids[event_id]])
        return text

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, event_id) -> bool:
        return event_id in self._ids

    def __repr__(self) -> str:
        return f"StoredTexts({len(self)} events)"


@dataclass(frozen=True)
class Analysis:
    """The tables of an analysed corpus. Every table is a new DataFrame; none is changed later.

    Attributes
    ----------
    corpus : Corpus
        The loaded transcripts: ``events``, ``principals``, ``speakers``, ``texts`` and the
        untagged ``utterances`` and ``sentences``.
    tagging : Tagging
        Topic tagging: tagged turns and sentences, lexicon hits, codebook and lexicon.
    utterances : DataFrame
        One row per turn: the corpus columns, the topic columns (``topics``, ``primary_topic``,
        ``inherited``, ...), answer clarity (the trained model's ``clarity``, ``clarity_type``,
        ``p_reply``, ``p_ambivalent``, ``p_non_reply``; the marker rules' ``clarity_rules``,
        ``clarity_type_rules``) and the conversational links (``exchange``, ``reply_to``).
    sentences : DataFrame
        One row per sentence, with topics.
    design : DataFrame
        Question design, one row per reporter question turn.
    exchanges : DataFrame
        Each reporter question with the turns that respond to it.
    clarity : DataFrame
        Answer clarity, one row per answer turn: the question it responds to, the trained
        model's label (the default ``clarity``), class probabilities and evidence, and the marker
        rules' label and evidence (``clarity_rules``; :func:`helpers.qa.answer_clarity`).
    topics : DataFrame
        Per event and codebook topic: prominence with bootstrap intervals, agenda.
    """

    corpus: Corpus
    tagging: Tagging
    utterances: pd.DataFrame
    sentences: pd.DataFrame
    design: pd.DataFrame
    exchanges: pd.DataFrame
    clarity: pd.DataFrame
    topics: pd.DataFrame

    @property
    def events(self) -> pd.DataFrame:
        """One row per press conference (see :attr:`Corpus.events`)."""
        return self.corpus.events

    @property
    def principals(self) -> pd.DataFrame:
        """The officials taking questions, per event."""
        return self.corpus.principals

    @property
    def speakers(self) -> pd.DataFrame:
        """One row per speaker of an event."""
        return self.corpus.speakers

    @property
    def texts(self) -> dict:
        """Event id -> decoded source text; every offset indexes into it (a :class:`StoredTexts`
        mapping when the analysis was opened from the cache)."""
        return self.corpus.texts

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables :func:`helpers.export.export_corpus` writes, by file stem."""
        return {
            "events": self.events,
            "utterances": self.utterances,
            "sentences": self.sentences,
            "topics": self.topics,
            "exchanges": self.exchanges,
            "skipped": self.corpus.skipped,
        }

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the analysis, flat, for storing (see :meth:`from_tables`).

        A table that is a column subset of a fuller one (see :data:`helpers.pipeline.VIEWS`) is
        given as the list of its columns (table ``views``) instead of its rows;
        :meth:`from_tables` selects them back.
        """
        c, g = self.corpus, self.tagging
        texts = pd.DataFrame({"event_id": list(c.texts), "text": list(c.texts.values())})
        tables = {
            "corpus_events": c.events, "corpus_principals": c.principals, "corpus_utterances": c.utterances,
            "corpus_sentences": c.sentences, "corpus_skipped": c.skipped, "texts": texts,
            "tagging_utterances": g.utterances, "tagging_sentences": g.sentences, "tagging_hits": g.hits,
            "tagging_codebook": g.codebook, "tagging_lexicon": g.lexicon, "utterances": self.utterances,
            "design": self.design, "exchanges": self.exchanges, "clarity": self.clarity, "topics": self.topics,
        }
        return drop_views(tables)

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame]) -> Analysis:
        """The analysis back from :meth:`to_tables`."""
        tables = with_views(tables)
        texts = StoredTexts(tables["texts"])
        corpus = Corpus(tables["corpus_events"], tables["corpus_principals"], tables["corpus_utterances"],
                        tables["corpus_sentences"], texts, skipped=tables["corpus_skipped"])
        tagging = Tagging(tables["tagging_utterances"], tables["tagging_sentences"], tables["tagging_hits"], texts,
                          tables["tagging_codebook"], tables["tagging_lexicon"])
        return cls(corpus=corpus, tagging=tagging, utterances=tables["utterances"], sentences=tagging.sentences,
                   design=tables["design"], exchanges=tables["exchanges"], clarity=tables["clarity"],
                   topics=tables["topics"])

    def __repr__(self) -> str:
        return (f"Analysis({len(self.events)} events, {len(self.utterances)} turns, "
                f"{len(self.exchanges)} exchanges, {len(self.clarity)} answers)")


def analyse(folder: str | Path | Corpus | None = None, *, events=None, lexicon: str | Path | None = None,
            n_boot: int = 1000, seed: int = 0, on_bad_file: str = "error", cache: bool = True,
            n_jobs: int | None = None, dask=None, progress: bool | None = None) -> Analysis:
    """Load and analyse a folder of transcripts.

    Parameters
    ----------
    folder : str, Path or Corpus, optional
        A folder of transcripts (with an optional ``events.yml`` catalog), or an already loaded
        :class:`Corpus`; default the project's ``seeds/``.
    events : list of str, optional
        Event ids to keep; default all.
    lexicon : str or Path, optional
        Topic lexicon CSV; default the package lexicon.
    n_boot, seed : int
        Bootstrap resamples and seed of the topic-prominence intervals.
    on_bad_file : {"error", "warn", "skip"}
        What an unreadable transcript does (see :func:`helpers.load_corpus`); files left out are
        listed in ``analysis.corpus.skipped`` and exported as ``skipped.csv``.
    cache : bool
        Reuse the tables of an earlier analysis of the same content from ``build/cache/`` (see
        :mod:`helpers.cache`), and store them after a cold run; when the folder changed, reuse
        the tables of every event whose file did not. ``False`` always computes afresh and
        stores nothing. A :class:`Corpus` passed in is never cached.
    n_jobs : int, optional
        Worker processes for the per-event stages (:mod:`helpers.pipeline`) and then for the
        topic measures (by parts of 128 events); default the cores available (at most 4). ``1``
        runs everything in this process; the tables are the same.
    dask : distributed.Client or str, optional
        Run the per-event stages on a Dask cluster: a ``Client`` or a scheduler address.
    progress : bool, optional
        A progress bar over the files; default when standard error is a terminal.

    Returns
    -------
    Analysis

    Raises
    ------
    ValueError, KeyError
        ``n_boot`` below 1 or ``events`` empty; an id in ``events`` that the folder does not hold.
    """
    if int(n_boot) < 1:
        raise ValueError(f"n_boot must be 1 or more (bootstrap resamples per event), not {n_boot}")
    if events is not None and not isinstance(events, str):
        events = list(events)  # read once (a generator is fine)
        if not events:
            raise ValueError("events is empty: give the ids of the events to keep, or None for all")
    key = None
    if cache and not isinstance(folder, Corpus):
        key = cache_key(folder if folder is not None else config.SEEDS_DIR, lexicon, events=events, n_boot=n_boot,
                        seed=seed, on_bad_file=on_bad_file)
        tables = load_cached(key)
        if tables is not None:
            cached = Analysis.from_tables(tables)
            cache_log.EVENT_LOG.update(computed=[], reused=list(cached.events["file"]))
            replay_warnings(list(tables["warnings"].itertuples(index=False, name=None)))
            if on_bad_file != "skip":  # say again what a cold run said about files left out
                root = Path(folder) if folder is not None else config.SEEDS_DIR
                for row in cached.corpus.skipped.itertuples(index=False):
                    warnings.warn(f"{root / row.file}: {row.reason}; left out", TranscriptWarning, stacklevel=user_stacklevel())
            return cached
    run = {"lexicon": lexicon, "n_jobs": n_jobs, "dask": dask, "progress": progress}
    if isinstance(folder, Corpus):
        corpus = folder.select(events)
        parts = run_events_of_corpus(corpus, **run)
    else:
        corpus, parts = _load_and_run(folder, events, on_bad_file, cache, run)
        if key is not None:
            return _assemble_stored(corpus, parts, lexicon, n_boot, seed, key, _measure_jobs(run))
    return _assemble(corpus, parts, lexicon, n_boot, seed, 1 if isinstance(folder, Corpus) else _measure_jobs(run))


def run_events_of_corpus(corpus: Corpus, lexicon=None, n_jobs=None, dask=None, progress=None) -> list[dict]:
    """The per-event stages on an already loaded corpus, one event at a time, in this process."""
    return [drop_views(event_tables(corpus.select([eid]), lexicon)) for eid in corpus.texts]


def _event_id(job) -> str:
    return job.event["event_id"] if job.event is not None else job.rel.rsplit(".", 1)[0]


def _load_and_run(folder, events, on_bad_file, cache, run) -> tuple[dict, list[dict]]:
    """Plan the folder, run the per-event stages (reusing cached events), gather in job order.

    Returns the corpus's own tables (all but the turns and sentences, which :func:`_assemble`
    puts together) and the per-event results. With the cache, each event's tables stay in its
    cache entry (stored there by whichever process analysed it) until :func:`_assemble_stored`
    reads them, one table at a time, and so does its text (``texts`` maps its id to None).
    """
    plan = plan_corpus(folder, on_bad_file=on_bad_file)
    jobs = plan.jobs
    if events is not None:
        wanted = [events] if isinstance(events, str) else list(events)
        known = [_event_id(j) for j in jobs]
        unknown = [e for e in wanted if e not in known]
        if unknown:
            raise KeyError(f"unknown event id(s) {unknown}; known: {known}")
        jobs = [j for j in jobs if _event_id(j) in set(wanted)]
    results: list = [None] * len(jobs)
    keys = [None] * len(jobs)
    cache_log.EVENT_LOG.update(computed=[], reused=[])
    if cache:
        package = cache_log.package_digest()
        for i, job in enumerate(jobs):
            keys[i] = cache_log.event_key(job, run["lexicon"], package)
            results[i] = cache_log.load_event(keys[i], tables=False)
    todo = [i for i, r in enumerate(results) if r is None]
    store = (cache_log.CACHE_DIR, [keys[i] for i in todo]) if cache else None
    for i, res in zip(todo, run_events([jobs[i] for i in todo], **run, store=store)):
        if keys[i] is not None and "error" not in res and "stored" not in res:  # came back whole (Dask)
            res = stored_result(res, keys[i])
        results[i] = res
    todo_set = set(todo)
    for i, job in enumerate(jobs):
        cache_log.EVENT_LOG["computed" if i in todo_set else "reused"].append(job.rel)
    events_rows, texts, parts, said = [], {}, [], []
    for job, res in zip(jobs, results):
        replay_warnings(res["warnings"])
        said += [tuple(w) for w in res["warnings"]]
        if "error" in res:
            leave_out(plan, job, TranscriptError(*res["error"]))
            continue
        row = json.loads(res["event"])
        if row["event_id"] in texts:
            leave_out(plan, job, duplicate_id(job, row["event_id"]))
            continue
        events_rows.append(row)
        texts[row["event_id"]] = res.pop("text", None)  # None: in the event's cache entry (stored)
        parts.append(res)
    if not parts:
        nothing_loaded(plan)
    keep = set(texts)
    principals = plan.principals
    if events is not None:
        principals = principals[principals["event_id"].isin(keep)].reset_index(drop=True)
    corpus = {"events": pd.DataFrame(events_rows, columns=EVENT_TABLE_COLUMNS), "principals": principals,
              "texts": texts, "seeds_dir": plan.seeds_dir, "skipped": pd.DataFrame(plan.skipped, columns=SKIPPED_COLUMNS),
              "warnings": pd.DataFrame(said, columns=["message", "kind"], dtype=object)}
    return corpus, parts


def _concat(frames: list[pd.DataFrame], columns=None, by_event: bool = False) -> pd.DataFrame:
    """Per-event tables in event order (empty ones left out, so they do not change a column's
    type); ``by_event`` orders them by event id as a run over the whole corpus does."""
    full = [f for f in frames if len(f)]
    if len(full) > 1:
        full = _same_types(full)
    if not full:
        out = frames[0].iloc[0:0] if frames else pd.DataFrame(columns=columns)
    else:
        out = pd.concat(full, ignore_index=True) if len(full) > 1 else full[0].reset_index(drop=True)
    if by_event and len(out):
        out = out.sort_values("event_id", kind="stable").reset_index(drop=True)
    return out


def _same_types(frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """A column that is all missing in one event (no answer turns: no clarity) takes the type
    the column has in the other events, as it would in a table built over all events at once."""
    fixes: dict[str, object] = {}
    seen: dict[str, set] = {}
    for f in frames:
        for col, dtype in f.dtypes.items():
            seen.setdefault(col, set()).add(str(dtype))
    for col in [c for c, k in seen.items() if len(k) > 1]:
        kinds = {str(f[col].dtype) for f in frames if col in f and f[col].notna().any()}
        if len(kinds) == 1:
            target = next(f[col].dtype for f in frames if col in f and f[col].notna().any())
            if any(col in f and str(f[col].dtype) != str(target) and not f[col].notna().any() for f in frames):
                fixes[col] = target
    if not fixes:
        return frames
    out = []
    for f in frames:
        cast = {c: t for c, t in fixes.items() if c in f and str(f[c].dtype) != str(t) and not f[c].notna().any()}
        try:
            out.append(f.astype(cast) if cast else f)
        except (TypeError, ValueError):  # a type that cannot hold missing values: keep the frame as it is
            out.append(f)
    return out


def _part_table(part: dict, name: str, keep: bool = False) -> pd.DataFrame:
    """Table ``name`` of one event's results: held, selected from its source (a view), or read
    from the event's cache entry; a held table is dropped from the part unless ``keep``."""
    if name in part:
        return part[name] if keep else part.pop(name)
    view = part.setdefault("_views", view_list(part.get("views"))).get(name)
    if view is not None:
        return _part_table(part, view[0], keep=True)[view[1]]
    return cache_log.load_event_table(part["stored"], name)


def _gather(parts: list[dict], name: str, done: dict, columns=None, by_event: bool = False) -> pd.DataFrame:
    """Table ``name`` over all events. Where it is a view (:data:`helpers.pipeline.VIEWS`) of
    the same columns in every event, it is those columns of the gathered source (in ``done``),
    which holds its text once."""
    same = _same_view(parts, name)
    if same is not None and VIEWS.get(name) in done:
        return done[VIEWS[name]][same]
    frames = _frames(cache_log.load_event_arrow(part["stored"], name)
                     if "stored" in part and name not in part and name not in part["_views"]
                     else _part_table(part, name, keep=name in VIEWS.values()) for part in parts)
    out = _concat(frames, columns, by_event=by_event)
    del frames
    pa.default_memory_pool().release_unused()  # the per-event pieces, all freed: give their pages back
    return out


#: Events whose tables are joined into one contiguous Arrow table before they become a DataFrame.
_GROUP = 128


def _frames(pieces) -> list[pd.DataFrame]:
    """Per-event pieces, in order, as DataFrames: consecutive Arrow tables (read from the events'
    cache entries) joined :data:`_GROUP` at a time (:func:`_joined`), DataFrames as they are."""
    frames: list[pd.DataFrame] = []
    run: list = []
    for piece in pieces:
        if isinstance(piece, pa.Table):
            run.append(piece)
            if len(run) == _GROUP:
                frames += _joined(run)
                run = []
        else:
            frames += _joined(run)
            run = []
            frames.append(piece)
    frames += _joined(run)
    return frames


def _joined(tables: list) -> list[pd.DataFrame]:
    """Per-event Arrow tables as DataFrames: one for all of them where their schemas (with the
    pandas metadata) are the same, which is what the per-event DataFrames concatenated give,
    held in one contiguous block per column instead of many small ones; else one per event."""
    full = [t for t in tables if t.num_rows]
    if not full:
        return [tables[0].to_pandas()] if tables else []
    if any(not t.schema.equals(full[0].schema, check_metadata=True) for t in full[1:]):
        return [t.to_pandas() for t in full]
    table = pa.concat_tables(full).combine_chunks(memory_pool=POOL)
    del full
    tables.clear()
    return [table.to_pandas()]


#: The per-event tables in the order they are put together (sources before their views), and
#: those a run over the whole corpus orders by event id.
_PER_EVENT = ("utterances", "tagging_utterances", "corpus_utterances", "tagging_sentences", "corpus_sentences",
              "tagging_hits", "design", "exchanges", "clarity")
_BY_EVENT = ("design", "exchanges", "clarity")
_COLUMNS = {"corpus_utterances": UTTERANCE_COLUMNS, "corpus_sentences": SENTENCE_COLUMNS}


def _part_size(n_events: int, n_jobs: int) -> int:
    """Events per part of the topic measures: at most :data:`_GROUP`, and with workers as many
    parts of about equal size as a multiple of the workers (the table is the same either way)."""
    if n_jobs <= 1 or n_events == 0:
        return _GROUP
    rounds = -(-n_events // (_GROUP * n_jobs))
    return max(1, -(-n_events // (rounds * n_jobs)))


def _measure_jobs(run: dict) -> int:
    """Worker processes for the topic measures: those of the per-event stages (none on Dask)."""
    if run["dask"] is not None:
        return 1
    return default_jobs() if run["n_jobs"] is None else max(1, int(run["n_jobs"]))


def _assemble(corpus: Corpus | dict, parts: list[dict], lexicon, n_boot: int, seed: int, n_jobs: int = 1) -> Analysis:
    """The per-event tables put together (one table at a time, sources before their views),
    then the steps that look across events (the topic measures in ``n_jobs`` processes)."""
    codebook, lex, _ = tagger(lexicon)
    done: dict[str, pd.DataFrame] = {}
    for name in _PER_EVENT:
        if name in ("corpus_utterances", "corpus_sentences") and isinstance(corpus, Corpus):
            continue  # a corpus passed in keeps its own turns and sentences
        done[name] = _gather(parts, name, done, _COLUMNS.get(name), by_event=name in _BY_EVENT)
    for part in parts:  # sources held for their views, not needed any more
        for name in set(VIEWS.values()):
            part.pop(name, None)
    if not isinstance(corpus, Corpus):
        corpus = Corpus(events=corpus["events"], principals=corpus["principals"], utterances=done["corpus_utterances"],
                        sentences=done["corpus_sentences"], texts=corpus["texts"], seeds_dir=corpus["seeds_dir"],
                        skipped=corpus["skipped"])
    tagging = Tagging(done["tagging_utterances"], done["tagging_sentences"], done["tagging_hits"], corpus.texts,
                      codebook, lex)
    topics = topic_measures(tagging.utterances, tagging.sentences, tagging.codebook, n_boot=n_boot, seed=seed,
                            events_per_part=_part_size(len(corpus.events), n_jobs), n_jobs=n_jobs)
    return Analysis(corpus=corpus, tagging=tagging, utterances=done["utterances"], sentences=tagging.sentences,
                    design=done["design"], exchanges=done["exchanges"], clarity=done["clarity"], topics=topics)


#: The columns of the tagged turns and sentences that :func:`helpers.topics.topic_measures` reads.
_MEASURED = {"tagging_utterances": ["event_id", "turn", "speaker", "role", "act", "start_char"],
             "tagging_sentences": ["event_id", "turn", "sentence", "n_words", "topic_hits", "inherited", "primary_topic"]}


def _assemble_stored(corpus: dict, parts: list[dict], lexicon, n_boot: int, seed: int, key: str,
                     n_jobs: int = 1) -> Analysis:
    """:func:`_assemble` for a cold run whose events are all in the per-event cache: each table
    is put together, written to the analysis's cache entry and let go before the next one (a
    table that is the same columns of its source in every event is written as a view); the
    topic measures read only the columns they use; then the analysis is opened from the entry,
    as a later run opens it. The whole analysis is never held twice, nor with its pieces."""
    codebook, lex, _ = tagger(lexicon)
    views = []
    with system_pool(), cache_log.writing(key) as put:
        for name in _PER_EVENT:
            same = _same_view(parts, name)
            if same is not None:
                views.append((name, VIEWS[name], json.dumps(same)))
                continue
            put(name, _gather(parts, name, {}, _COLUMNS.get(name), by_event=name in _BY_EVENT))
            give_back()
        views.sort(key=lambda v: list(VIEWS).index(v[0]))  # the order of drop_views, which with_views undoes
        put("views", pd.DataFrame(views, columns=["table", "source", "columns"]))
        size = _part_size(len(parts), n_jobs)
        groups = [parts[i:i + size] for i in range(0, len(parts), size)] or [[]]
        put("topics", topic_measures_in_parts(
            ((_gather_columns(g, "tagging_utterances", _MEASURED["tagging_utterances"]),
              _gather_columns(g, "tagging_sentences", _MEASURED["tagging_sentences"])) for g in groups),
            codebook, n_boot=n_boot, seed=seed, n_jobs=n_jobs))
        give_back()
        put("texts", _texts_table(corpus.pop("texts"), parts))
        for name in ("events", "principals", "skipped"):
            put(f"corpus_{name}", corpus[name])
        put("warnings", corpus["warnings"])  # what the events' stages said, said again when the entry is reused
        put("tagging_codebook", codebook)
        put("tagging_lexicon", lex)
    parts.clear()
    give_back()
    analysis = Analysis.from_tables(load_cached(key))
    analysis.corpus.seeds_dir = corpus["seeds_dir"]
    return analysis


def _texts_table(texts: dict, parts: list[dict]) -> pd.DataFrame:
    """The ``texts`` table (event id, text); a text left in its event's cache entry (None in
    ``texts``) is taken from there as Arrow data, not decoded into a Python string."""
    chunks = []
    for text, part in zip(texts.values(), parts):
        if text is None:
            chunks.append(cache_log.load_event_arrow(part["stored"], "meta")["text"].cast(pa.large_string()))
        else:
            chunks.append(pa.chunked_array([pa.array([text], pa.large_string())]))
    column = pa.chunked_array([c for chunk in chunks for c in chunk.chunks], pa.large_string())
    return pd.DataFrame({"event_id": list(texts), "text": column.to_pandas() if len(chunks) else []})


def _same_view(parts: list[dict], name: str) -> list[str] | None:
    """The columns of its :data:`helpers.pipeline.VIEWS` source that table ``name`` is in every
    event (the same ones), else None."""
    if not parts:
        return None
    views = [part.setdefault("_views", view_list(part.get("views"))).get(name) for part in parts]
    return views[0][1] if all(v is not None and v == views[0] for v in views) else None


def _gather_columns(parts: list[dict], name: str, columns: list[str]) -> pd.DataFrame:
    """Those of ``columns`` that table ``name`` has, over all events, read from the events'
    cache entries (from the source of a view: the view's columns are the source's)."""
    def piece(part: dict) -> pa.Table:
        views = part.setdefault("_views", view_list(part.get("views")))
        table, have = name, None
        while table in views:
            table, have = views[table][0], views[table][1] if have is None else have
        arrow = cache_log.load_event_arrow(part["stored"], table)
        have = arrow.column_names if have is None else have
        return arrow.select([c for c in columns if c in have])

    frames = _frames(piece(part) for part in parts)
    out = _concat(frames, columns)
    del frames
    pa.default_memory_pool().release_unused()
    return out
