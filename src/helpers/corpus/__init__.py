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
    load_corpus,
    load_event,
)
from ._markdown import normalise_markdown, read_front_matter
from ._summary import event_counts, tiling_report, turn_table, words_by_role

__all__ = [
    "Corpus", "load_corpus", "load_event", "read_catalog", "read_transcript", "decode_transcript",
    "find_labels", "classify_label", "normalise_label", "LabelMatch", "Speaker", "split_sentences",
    "is_interrupted", "NOTE_RE", "ROLE_ORDER", "EVENT_COLUMNS", "PRINCIPAL_COLUMNS", "SOURCE_KINDS",
    "EVENT_TABLE_COLUMNS", "UTTERANCE_COLUMNS", "SENTENCE_COLUMNS", "TRANSCRIPT_SUFFIXES",
    "event_counts", "words_by_role", "turn_table", "tiling_report", "label_class", "ON_BAD_FILE",
    "SKIPPED_COLUMNS", "normalise_markdown", "read_front_matter",
]
