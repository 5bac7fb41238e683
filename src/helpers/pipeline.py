"""The per-event stages of an analysis, and where they run.

Everything that needs only one transcript runs in :func:`analyse_event`: load and decode the
file, its turns (labelled or inferred), sentences, topic tagging, question design, exchanges and
answer clarity. The function takes a picklable :class:`helpers.corpus.EventJob` and returns
plain tables, so it runs the same in this process, in worker processes
(:class:`concurrent.futures.ProcessPoolExecutor`) or on a Dask cluster; :func:`run_events`
returns the results in the order of the jobs, whatever the order they finished in, so a
parallel run gives the same tables as a serial one. The topic measures (prominence with its
bootstrap, each event resampled from its own generator) run afterwards over the gathered events,
in :mod:`helpers.analysis` (by parts of events, in worker processes when the stages ran in them).
"""
from __future__ import annotations

import json
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import cache
from .corpus import (
    EVENT_TABLE_COLUMNS,
    PRINCIPAL_COLUMNS,
    SENTENCE_COLUMNS,
    UTTERANCE_COLUMNS,
    Corpus,
)
from .corpus._loader import EventJob
from .errors import InputError, TranscriptError, TranscriptWarning, user_stacklevel
from .qa import (
    add_clarity,
    answer_clarity,
    build_exchanges,
    question_design,
    reply_links,
)
from .topics import (
    TopicMatcher,
    find_hits,
    load_codebook,
    load_lexicon,
    tag_sentences,
    tag_turns,
)

#: The tables :func:`analyse_event` returns for one event (besides ``event``, ``text`` and ``warnings``).
EVENT_TABLES = ("corpus_utterances", "corpus_sentences", "tagging_utterances", "tagging_sentences", "tagging_hits",
                "design", "exchanges", "clarity", "utterances")

#: Per-event tables that are usually a column subset of another one (same rows, same values):
#: ``name -> the table it is a subset of``. Such a table travels and is stored as the list of its
#: columns (see :func:`drop_views`), so the text of each turn and sentence is held once.
VIEWS = {"corpus_utterances": "tagging_utterances", "tagging_utterances": "utterances",
         "corpus_sentences": "tagging_sentences"}

#: Below this many transcripts a run stays in this process: starting workers would cost more.
MIN_PARALLEL_FILES = 6


def default_jobs() -> int:
    """Worker processes by default: the cores this process may use, at most 4."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, 4))


@lru_cache(maxsize=4)
def _tagger(lexicon: str | None):
    """Codebook, lexicon and compiled matcher, built once per process."""
    codebook = load_codebook()
    lex = load_lexicon(lexicon, codebook)
    return codebook, lex, TopicMatcher(lex)


def tagger(lexicon: str | Path | None = None):
    """``(codebook, lexicon table, TopicMatcher)`` for a lexicon path (default the package's)."""
    return _tagger(str(lexicon) if lexicon is not None else None)


def _caught(records) -> list[tuple[str, str]]:
    return [(str(w.message), "transcript" if issubclass(w.category, TranscriptWarning) else "user") for w in records]


def replay_warnings(caught: list[tuple[str, str]]) -> None:
    """Emit again, in this process, the warnings an event's stages gave (in a worker, maybe)."""
    for message, kind in caught:
        warnings.warn(message, TranscriptWarning if kind == "transcript" else UserWarning,
                      stacklevel=user_stacklevel())


def event_tables(corpus: Corpus, lexicon: str | Path | None = None) -> dict:
    """The per-event stages on a loaded corpus of one event (see :func:`analyse_event`): tagged
    turns and sentences, located hits, question design, exchanges, clarity and the turns with
    all of it."""
    principals = corpus.principals
    codebook, _, matcher = tagger(lexicon)
    hits = find_hits(corpus.texts, matcher)
    tsents, located = tag_sentences(corpus.sentences, hits, codebook)
    tutts, tsents = tag_turns(corpus.utterances, tsents, codebook)
    design = question_design(corpus.utterances, principals)
    exchanges = build_exchanges(corpus.utterances, principals, design=design)
    clarity = answer_clarity(corpus.utterances, exchanges)
    links = reply_links(exchanges)[["event_id", "turn", "exchange", "reply_to"]]
    utterances = add_clarity(tutts, clarity).merge(links, on=["event_id", "turn"], how="left", validate="one_to_one")
    utterances["exchange"] = utterances["exchange"].astype("Int64")
    return {"corpus_utterances": corpus.utterances, "corpus_sentences": corpus.sentences,
            "tagging_utterances": tutts, "tagging_sentences": tsents, "tagging_hits": located,
            "design": design, "exchanges": exchanges, "clarity": clarity, "utterances": utterances}


def analyse_event(job: EventJob, lexicon: str | Path | None = None) -> dict:
    """Every per-event stage of one transcript, in whichever process runs it.

    Returns
    -------
    dict
        ``event`` (the event row as JSON), ``text`` (the decoded text), the
        :data:`EVENT_TABLES` (those that are a column subset of another listed in ``views``
        instead, see :func:`drop_views`) and ``warnings`` (``(message, kind)`` pairs to replay where the
        results are gathered); or, for a file that is not a readable transcript, ``error``
        (``(path, problem, line)``) and ``warnings``.
    """
    return analyse_batch([job], lexicon)[0]


def analyse_batch(jobs: list[EventJob], lexicon: str | Path | None = None, store=None) -> list[dict]:
    """:func:`analyse_event` for several transcripts, with the stages run over them together.

    Every stage works event by event (it groups by ``event_id``), so running it over a few events
    at once gives each event the rows it gets alone; it saves the fixed cost of each step on
    small tables. The results are split back per event, in the order of ``jobs``; tables that
    are a column subset of another are given as a ``views`` table (:func:`drop_views`).

    ``store`` is ``(cache folder, keys)``, a key per job (or None): each event with a key is
    stored in the per-event cache (:func:`helpers.cache.store_event`) right here, and its result
    names the entry (``stored``, ``views``) instead of carrying the tables.
    """
    results: list[dict | None] = [None] * len(jobs)
    loaded = []
    for i, job in enumerate(jobs):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                event_row, utts, sents, text = job.load()
            except TranscriptError as err:  # returned, not raised: the caller decides (on_bad_file)
                results[i] = {"error": (err.path, err.problem, err.line), "warnings": _caught(caught)}
                continue
        loaded.append((i, job, event_row, utts, sents, text, _caught(caught)))
    ids = [item[2]["event_id"] for item in loaded]
    if len(set(ids)) < len(ids):  # two files with one id: each alone, the caller reports the second
        return [analyse_batch([job], lexicon, _store_part(store, i))[0] for i, job in enumerate(jobs)]
    if loaded:
        frames = [item[1].principals for item in loaded if item[1].principals is not None]
        principals = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=PRINCIPAL_COLUMNS)
        corpus = Corpus(events=pd.DataFrame([item[2] for item in loaded], columns=EVENT_TABLE_COLUMNS),
                        principals=principals,
                        utterances=pd.DataFrame([u for item in loaded for u in item[3]], columns=UTTERANCE_COLUMNS),
                        sentences=pd.DataFrame([s for item in loaded for s in item[4]], columns=SENTENCE_COLUMNS),
                        texts={item[2]["event_id"]: item[5] for item in loaded})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables = event_tables(corpus, lexicon)
        stage_warnings = _caught(caught)
        per_event = _split(tables, ids)
        for n, (i, _, event_row, _, _, text, caught_load) in enumerate(loaded):
            out = drop_views(per_event.pop(event_row["event_id"]))
            out.update(event=json.dumps(event_row, ensure_ascii=False), text=text,
                       warnings=caught_load + (stage_warnings if n == 0 else []))
            key = store[1][i] if store is not None else None
            if key is not None:
                out = stored_result(out, key, store[0])
            results[i] = out
    return results


def stored_result(result: dict, key: str, cache_dir=None) -> dict:
    """Store an event's results in the per-event cache (:func:`helpers.cache.store_event`); the
    result that names the entry (``stored``) instead of carrying the tables and the text (read
    from the entry when needed, :func:`helpers.cache.load_event_text`)."""
    folder = cache.store_event(key, result, cache_dir)
    return {**{k: result[k] for k in ("event", "warnings", "views")}, "stored": str(folder)}


def _store_part(store, i: int):
    return None if store is None else (store[0], [store[1][i]])


def drop_views(tables: dict) -> dict:
    """``tables`` without those that are a column subset of their :data:`VIEWS` source, which a
    ``views`` table lists (``table``, ``source``, ``columns`` as JSON); see :func:`with_views`."""
    tables = dict(tables)
    views = []
    for name, source in VIEWS.items():
        part, full = tables.get(name), tables.get(source)
        if part is None or full is None:
            continue
        cols = list(part.columns)
        if set(cols) <= set(full.columns) and part.equals(full[cols]):
            views.append((name, source, json.dumps(cols)))
    for name, _, _ in views:
        del tables[name]
    tables["views"] = pd.DataFrame(views, columns=["table", "source", "columns"])
    return tables


def view_list(views: pd.DataFrame | None) -> dict[str, tuple[str, list[str]]]:
    """The ``views`` table of :func:`drop_views` as ``name -> (source, columns)``."""
    if views is None:
        return {}
    # plain lists: this runs once per event on the main process's path, where itertuples costs more
    return {name: (source, json.loads(cols)) for name, source, cols in
            zip(views["table"].tolist(), views["source"].tolist(), views["columns"].tolist())}


def with_views(tables: dict) -> dict:
    """The tables of :func:`drop_views` with the dropped ones selected back from their sources."""
    tables = dict(tables)
    views = view_list(tables.pop("views", None))
    for name, (source, cols) in reversed(list(views.items())):
        tables[name] = tables[source][cols]
    return tables


def _split(tables: dict[str, pd.DataFrame], ids: list[str]) -> dict[str, dict]:
    """Each table cut into one table per event (an empty one where an event has no rows)."""
    out: dict[str, dict] = {eid: {} for eid in ids}
    for name, df in tables.items():
        rows = df.groupby("event_id", sort=False).indices if len(df) else {}
        for eid in ids:
            idx = rows.get(eid)
            if idx is None:
                out[eid][name] = df.iloc[0:0]
            elif idx[-1] - idx[0] + 1 == len(idx):  # an event's rows are usually together: a slice, not a take
                out[eid][name] = df.iloc[idx[0]:idx[-1] + 1].reset_index(drop=True)
            else:
                out[eid][name] = df.iloc[idx].reset_index(drop=True)
    return out


def batches(jobs: list, most: int = 16) -> list[list]:
    """The jobs cut into consecutive batches of at most ``most``, at least eight batches where
    there are enough jobs; the cut depends only on the number of jobs (not on the workers)."""
    size = max(1, min(most, -(-len(jobs) // 8)))
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def _progress(total: int, show: bool | None):
    from tqdm.auto import tqdm

    show = sys.stderr.isatty() if show is None else show
    return tqdm(total=total, unit="file", desc="analysing", disable=not show or total < 2, leave=False)


def run_events(jobs: list[EventJob], lexicon: str | Path | None = None, n_jobs: int | None = None,
               dask=None, progress: bool | None = None, store=None) -> list[dict]:
    """:func:`analyse_event` on every job, results in the order of ``jobs`` (in this process and
    in worker processes, by :func:`analyse_batch` on the :func:`batches` of the jobs; on Dask, one
    task per event).

    Parameters
    ----------
    n_jobs : int, optional
        Worker processes; default :func:`default_jobs`. With 1, or fewer than
        :data:`MIN_PARALLEL_FILES` files, everything runs in this process.
    dask : distributed.Client or str, optional
        Run on a Dask cluster instead: a ``Client``, or a scheduler address (``tcp://host:8786``)
        to connect to for this run.
    progress : bool, optional
        Show a progress bar; default when standard error is a terminal.
    store : tuple, optional
        ``(cache folder, keys)``, a key per job or None: where this process or its workers store
        each event's tables (see :func:`analyse_batch`). On Dask the results come back whole.
    """
    if not jobs:
        return []
    if dask is not None:
        return _run_dask(jobs, lexicon, dask, progress)
    if store is not None:
        store = (None if store[0] is None else str(store[0]), list(store[1]))
    n_jobs = default_jobs() if n_jobs is None else max(1, int(n_jobs))
    bar = _progress(len(jobs), progress)
    try:
        parts = batches(jobs)
        starts = [sum(len(b) for b in parts[:k]) for k in range(len(parts))]
        stores = [None if store is None else (store[0], store[1][s:s + len(b)]) for s, b in zip(starts, parts)]
        results = []
        if n_jobs == 1 or len(jobs) < MIN_PARALLEL_FILES:
            for batch, where in zip(parts, stores):
                results += analyse_batch(batch, lexicon, where)
                bar.update(len(batch))
            return results
        # batches in order: workers stay busy, and the results come back in job order
        with ProcessPoolExecutor(max_workers=min(n_jobs, len(parts))) as pool:
            for batch, out in zip(parts, pool.map(analyse_batch, parts, [lexicon] * len(parts), stores)):
                results += out
                bar.update(len(batch))
        return results
    finally:
        bar.close()


def _run_dask(jobs, lexicon, dask, progress) -> list[dict]:
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("running on a Dask cluster needs the dask extra: pip install -e '.[dask]'") from exc
    try:
        client = Client(dask) if isinstance(dask, str) else dask
    except OSError as exc:  # no scheduler at that address, or none answering in time
        raise InputError(dask, f"cannot reach the Dask scheduler ({exc})") from None
    try:
        futures = client.map(analyse_event, jobs, lexicon=lexicon, pure=False)
        return client.gather(futures)  # tables with views (drop_views), stored where gathered
    finally:
        if isinstance(dask, str):
            client.close()
