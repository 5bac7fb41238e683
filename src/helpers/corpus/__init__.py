"""Reading transcripts into a corpus: files and the event catalog, speaker labels, turns and
sentences, with offsets into the decoded text that tile it losslessly.

The data flow: :func:`read_transcript` decodes a file; :func:`find_labels` and
:func:`classify_label` find the speaker turns of a labelled transcript (captions go to
:mod:`helpers.turns`); :func:`split_sentences` cuts each turn; :func:`load_corpus` does all of it
for a folder and returns a :class:`Corpus`.
"""
from ..text import NOTE_RE, is_interrupted, split_sentences
from ._catalog import EVENT_COLUMNS, PRINCIPAL_COLUMNS, SOURCE_KINDS, read_catalog
from ._decode import decode_transcript, read_transcript
from ._files import ON_BAD_FILE, SKIPPED_COLUMNS
from ._labels import (
    ROLE_ORDER,
    LabelMatch,
    Speaker,
    classify_label,
    find_labels,
    label_class,
    normalise_label,
)
from ._loader import (
    EVENT_TABLE_COLUMNS,
    SENTENCE_COLUMNS,
    TRANSCRIPT_SUFFIXES,
    UTTERANCE_COLUMNS,
    Corpus,
    CorpusPlan,
    EventJob,
    load_corpus,
    load_event,
    plan_corpus,
)
from ._markdown import normalise_markdown, read_front_matter
from ._summary import event_counts, tiling_report, turn_table, words_by_role

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_TABLE_COLUMNS",
    "NOTE_RE",
    "ON_BAD_FILE",
    "PRINCIPAL_COLUMNS",
    "ROLE_ORDER",
    "SENTENCE_COLUMNS",
    "SKIPPED_COLUMNS",
    "SOURCE_KINDS",
    "TRANSCRIPT_SUFFIXES",
    "UTTERANCE_COLUMNS",
    "Corpus",
    "CorpusPlan",
    "EventJob",
    "LabelMatch",
    "Speaker",
    "classify_label",
    "decode_transcript",
    "event_counts",
    "find_labels",
    "is_interrupted",
    "label_class",
    "load_corpus",
    "load_event",
    "normalise_label",
    "normalise_markdown",
    "plan_corpus",
    "read_catalog",
    "read_front_matter",
    "read_transcript",
    "split_sentences",
    "tiling_report",
    "turn_table",
    "words_by_role",
]
