"""Speaker turns of unlabelled captions: who spoke, inferred from cue phrases, style and a trained model.

:func:`infer_turns` cuts a captions text into units, gives each unit a role (principal, reporter,
moderator) and settles which principal speaks; ``method="model"`` (default) takes the roles from
a model trained on labelled briefing transcripts, and the ``>>`` speaker-change marks of broadcast
captions as evidence where a text has them (:mod:`._marks`); ``method="hand"`` takes the roles from
hand-set cue weights.
:func:`unit_evidence` shows the evidence behind each decision; :func:`captions_turns` is the
readable table of the inferred turns of a corpus.
"""
from ._infer import CUES_PATH, LOW_CONFIDENCE, decode_units, load_cues, split_units
from ._assemble import OUTPUT_COLUMNS
from ._method import DEFAULT_METHOD, METHODS, infer_turns, unit_evidence
from ._model import MODEL_PATH, TurnModel, load_model
from ._tables import captions_turns

__all__ = ["infer_turns", "unit_evidence", "split_units", "decode_units", "load_cues", "captions_turns",
           "LOW_CONFIDENCE", "OUTPUT_COLUMNS", "CUES_PATH", "METHODS", "DEFAULT_METHOD", "TurnModel",
           "load_model", "MODEL_PATH"]
