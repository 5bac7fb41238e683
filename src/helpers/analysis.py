"""Every table of an analysis, computed once and wired in one place.

:func:`analyse` loads a folder of transcripts and runs each step in the order the data flows:
corpus -> topics -> question design -> exchanges -> answer clarity -> measures. The export,
the command line and every notebook start from its :class:`Analysis`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .corpus import Corpus, load_corpus
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
        }

    def __repr__(self) -> str:
        return (f"Analysis({len(self.events)} events, {len(self.utterances)} turns, "
                f"{len(self.exchanges)} exchanges, {len(self.clarity)} answers)")


def analyse(folder: str | Path | Corpus | None = None, *, events=None, lexicon: str | Path | None = None,
            n_boot: int = 1000, seed: int = 0) -> Analysis:
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

    Returns
    -------
    Analysis
    """
    corpus = folder if isinstance(folder, Corpus) else load_corpus(folder)
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
