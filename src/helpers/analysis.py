"""Every table of an analysis, computed once and wired in one place.

:func:`analyse` loads a folder of transcripts and runs each step in the order the data flows:
corpus -> topics -> question design -> exchanges -> answer clarity -> measures. The export,
the command line and every notebook start from its :class:`Analysis`.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import config
from .cache import cache_key
from .cache import load as load_cached
from .cache import store as store_cached
from .corpus import Corpus, load_corpus
from .errors import TranscriptWarning
from .qa import (
    add_clarity,
    answer_clarity,
    build_exchanges,
    question_design,
    reply_links,
)
from .topics import Tagging, tag_corpus_full, topic_measures


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
        ``inherited``, ...), answer clarity (the rules' ``clarity``, ``clarity_type``; the trained
        model's ``clarity_model``, ``clarity_type_model``, ``p_reply``, ``p_ambivalent``,
        ``p_non_reply``) and the conversational links (``exchange``, ``reply_to``).
    sentences : DataFrame
        One row per sentence, with topics.
    design : DataFrame
        Question design, one row per reporter question turn.
    exchanges : DataFrame
        Each reporter question with the turns that respond to it.
    clarity : DataFrame
        Answer clarity, one row per answer turn: the question it responds to, the marker rules'
        label and evidence (the default ``clarity``) and the trained model's label, class
        probabilities and evidence (:func:`helpers.qa.answer_clarity`).
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
        """Event id -> decoded source text; every offset indexes into it."""
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
        """Every table of the analysis, flat, for storing (see :meth:`from_tables`)."""
        c, g = self.corpus, self.tagging
        texts = pd.DataFrame({"event_id": list(c.texts), "text": list(c.texts.values())})
        return {
            "corpus_events": c.events, "corpus_principals": c.principals, "corpus_utterances": c.utterances,
            "corpus_sentences": c.sentences, "corpus_skipped": c.skipped, "texts": texts,
            "tagging_utterances": g.utterances, "tagging_sentences": g.sentences, "tagging_hits": g.hits,
            "tagging_codebook": g.codebook, "tagging_lexicon": g.lexicon, "utterances": self.utterances,
            "design": self.design, "exchanges": self.exchanges, "clarity": self.clarity, "topics": self.topics,
        }

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame]) -> "Analysis":
        """The analysis back from :meth:`to_tables`."""
        texts = dict(zip(tables["texts"]["event_id"], tables["texts"]["text"]))
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
            n_boot: int = 1000, seed: int = 0, on_bad_file: str = "error", cache: bool = True) -> Analysis:
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
        :mod:`helpers.cache`), and store them after a cold run; ``False`` always computes
        afresh and stores nothing. A :class:`Corpus` passed in is never cached.

    Returns
    -------
    Analysis
    """
    key = None
    if cache and not isinstance(folder, Corpus):
        key = cache_key(folder if folder is not None else config.SEEDS_DIR, lexicon, events=events, n_boot=n_boot,
                        seed=seed, on_bad_file=on_bad_file)
        tables = load_cached(key)
        if tables is not None:
            cached = Analysis.from_tables(tables)
            if on_bad_file != "skip":  # say again what a cold run said about files left out
                root = Path(folder) if folder is not None else config.SEEDS_DIR
                for row in cached.corpus.skipped.itertuples(index=False):
                    warnings.warn(f"{root / row.file}: {row.reason}; left out", TranscriptWarning, stacklevel=2)
            return cached
    result = _analyse(folder, events=events, lexicon=lexicon, n_boot=n_boot, seed=seed, on_bad_file=on_bad_file)
    if key is not None:
        store_cached(key, result.to_tables())
    return result


def _analyse(folder, *, events, lexicon, n_boot, seed, on_bad_file) -> Analysis:
    corpus = folder if isinstance(folder, Corpus) else load_corpus(folder, on_bad_file=on_bad_file)
    corpus = corpus.select(events)
    tagging = tag_corpus_full(corpus, lexicon)
    design = question_design(corpus.utterances, corpus.principals)
    exchanges = build_exchanges(corpus.utterances, corpus.principals, design=design)
    clarity = answer_clarity(corpus.utterances, exchanges)
    links = reply_links(exchanges)[["event_id", "turn", "exchange", "reply_to"]]
    utterances = add_clarity(tagging.utterances, clarity).merge(links, on=["event_id", "turn"], how="left",
                                                                validate="one_to_one")
    utterances["exchange"] = utterances["exchange"].astype("Int64")
    topics = topic_measures(tagging.utterances, tagging.sentences, tagging.codebook, n_boot=n_boot, seed=seed)
    return Analysis(corpus=corpus, tagging=tagging, utterances=utterances, sentences=tagging.sentences,
                    design=design, exchanges=exchanges, clarity=clarity, topics=topics)
