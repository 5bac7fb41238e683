"""The two methods of speaker-turn inference behind one call.

* ``"model"`` (the default): roles from the model trained on labelled briefing transcripts in
  caption form (:mod:`._model`, file ``helpers/data/models/turn_model.json``);
* ``"hand"``: roles from cue weights set by hand (:mod:`._infer`).

Which principal speaks is settled by the hand method's principal pass (``"hand"``) or by a chain
over all the principal units with one state per principal (``"model"``, :mod:`._speakers`); both
return turns that tile the range.
The default was chosen on held-out archive files (``bench/results/turns.md``).
"""
from __future__ import annotations

import pandas as pd

from ._assemble import OUTPUT_COLUMNS
from ._infer import infer_turns_hand
from ._infer import unit_evidence as hand_evidence
from ._model import infer_turns_model, model_evidence

#: The methods, and the one used when none is given.
METHODS = ("model", "hand")


DEFAULT_METHOD = "model"


def _check_method(method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"unknown turn-inference method {method!r}; use one of {', '.join(METHODS)}")
    return method


def infer_turns(text: str, principals: pd.DataFrame | None = None, start: int = 0, end: int | None = None,
                method: str = DEFAULT_METHOD, marks: bool = True) -> pd.DataFrame:
    """Infer the speaker turns of an unlabelled transcript.

    Parameters
    ----------
    text : str
        The decoded transcript.
    principals : pandas.DataFrame, optional
        The event's principals with the columns of ``corpus.principals`` (``surname``,
        ``interpreted``, ``side`` are used). Empty or ``None``: principals are called
        ``Principal``.
    start, end : int
        The range to analyse, e.g. the text after a header (``end=None``: to the end).
    method : str
        ``"model"`` (trained, the default) or ``"hand"`` (hand-set cue weights); see :data:`METHODS`.
    marks : bool
        ``"model"`` only: take the speaker-change marks of broadcast captions (``>>`` before a new
        speaker's words) as evidence of a change of speaker, and start a turn at each
        (:mod:`._marks`). A text without marks gives the same turns either way; the marks stay
        in the text.

    Returns
    -------
    pandas.DataFrame
        ``start_char, end_char, speaker, role, act, confidence``, one row per turn, in order,
        tiling ``[start, end)`` exactly (white space between turns belongs to the turn before).
        ``speaker`` is a principal's surname, ``Principal``, ``Reporter`` or ``Moderator``;
        ``act`` is ``question`` (reporter), ``moderation`` (moderator), ``answer`` (a principal
        after a question) or ``statement`` (a principal before any question); ``confidence``
        is the mean posterior probability of the turn's speaker over its words.
    """
    _check_method(method)
    if method == "hand" or not isinstance(text, str):
        return infer_turns_hand(text, principals, start, end)
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text) or not text[start:end].strip():
        return infer_turns_hand(text, principals, start, end)  # the same errors and empty results
    return infer_turns_model(text, principals, start, end, marks=marks)[OUTPUT_COLUMNS]


def unit_evidence(text: str, principals: pd.DataFrame | None = None, start: int = 0, end: int | None = None,
                  cues: dict | None = None, method: str = DEFAULT_METHOD,
                  marks: bool = True) -> tuple[pd.DataFrame, list[dict]]:
    """The units of ``text[start:end]`` with the evidence behind each decision.

    ``method="model"``: the model's units with the classifier's probabilities per role
    (``p_principal, p_reporter, p_moderator``), the smoothed ``role`` and its ``confidence``, the
    features that weigh most for it (``features``), the principal chosen (``state``) and whether
    the unit starts at a speaker-change mark (``mark``, used with ``marks``) (:func:`._model.model_evidence`). ``method="hand"``: the hand-set cue scores and the
    per-state log-scores (:func:`._infer.unit_evidence`). Both also return the states.
    """
    if _check_method(method) == "hand":
        return hand_evidence(text, principals, start, end, cues)
    return model_evidence(text, principals, start, end, marks=marks)
