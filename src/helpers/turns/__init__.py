"""Speaker turns of unlabelled captions: who spoke, inferred from cue phrases and style.

:func:`infer_turns` cuts a captions text into units, scores each unit for each speaker and
settles the sequence with two Viterbi passes; :func:`unit_evidence` shows the scores behind
each decision; :func:`captions_turns` is the readable table of the inferred turns of a corpus.
"""
from ._infer import (
    CUES_PATH,
    LOW_CONFIDENCE,
    OUTPUT_COLUMNS,
    decode_units,
    infer_turns,
    load_cues,
    split_units,
    unit_evidence,
)
from ._tables import captions_turns

__all__ = ["infer_turns", "unit_evidence", "split_units", "decode_units", "load_cues", "captions_turns",
           "LOW_CONFIDENCE", "OUTPUT_COLUMNS", "CUES_PATH"]
