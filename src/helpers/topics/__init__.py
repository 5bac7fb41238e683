"""Topic prominence on the project's codebook.

The data flow: :func:`load_codebook` and :func:`load_lexicon` read the data files;
:class:`TopicMatcher` finds every lexicon term in one pass; :func:`tag_corpus` gives each
sentence and turn its topics; the measures (:func:`prominence`, :func:`agenda`,
:func:`first_mentions`, :func:`topic_flow`, :func:`coverage`, :func:`coverage_by_month`, :func:`topic_measures`) and the
discovery tools (:func:`discover_themes`, :func:`kwic`, :func:`keyness`) work on the tagged tables.
"""
from ..text import normalise, split_topics, stop_words, tokenize
from ._discovery import discover_themes, keyness, kwic
from ._lexicon import (
    CODEBOOK_PATH,
    KINDS,
    LEXICON_COLUMNS,
    LEXICON_PATH,
    NONE,
    PROCEDURAL,
    STRENGTHS,
    load_codebook,
    load_lexicon,
    resolve_path,
    topic_ids,
    topic_labels,
)
from ._matcher import HIT_COLUMNS, TopicMatcher
from ._measures import (
    agenda,
    coverage,
    coverage_by_month,
    event_rng,
    first_mentions,
    prominence,
    resample_counts,
    topic_flow,
    topic_measures,
    topic_measures_in_parts,
    turn_side,
)
from ._model import DEFAULT_TOPIC_MODEL, TopicModel, load_topic_model
from ._tagging import (
    Tagging,
    find_hits,
    locate_hits,
    sentence_topic_table,
    tag_corpus,
    tag_corpus_full,
    tag_sentences,
    tag_turns,
)

__all__ = [
    "load_codebook", "load_lexicon", "topic_ids", "topic_labels", "resolve_path", "TopicMatcher", "find_hits", "locate_hits",
    "tag_sentences", "tag_turns", "tag_corpus", "tag_corpus_full", "Tagging", "sentence_topic_table",
    "TopicModel", "load_topic_model", "DEFAULT_TOPIC_MODEL",
    "prominence", "agenda", "first_mentions", "topic_flow", "coverage", "coverage_by_month", "event_rng", "resample_counts", "topic_measures", "topic_measures_in_parts", "turn_side",
    "discover_themes", "kwic", "keyness", "normalise", "tokenize", "split_topics", "stop_words",
    "NONE", "PROCEDURAL", "KINDS", "STRENGTHS", "LEXICON_COLUMNS", "HIT_COLUMNS", "CODEBOOK_PATH", "LEXICON_PATH",
]
