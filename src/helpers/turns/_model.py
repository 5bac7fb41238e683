"""The trained captions method: unit features, a logistic regression and a Viterbi pass.

The text is cut into *units* (:func:`model_units`): the sentences and cue cuts of
:func:`._infer.split_units`, cut again before words that often open a new turn without a full
stop before them (``"well"``, ``"yeah"``, ``"so"``; the list is learnt and kept in the model).
Each unit gets a row of named features a reader can inspect (:func:`dense_features`,
:func:`feature_matrix`):

* the cue phrases of ``helpers/data/turn_cues.yml``, one feature per section and cue kind
  (``cue.reporter.question syntax``, ``cue.opener.answer opener`` ...);
* question syntax without question marks, address terms, answer openers, first- and
  second-person words, side words (``"the administration"``, ``"you guys"``), numbers;
* unit length, position in the text and the kind of cut that opened the unit;
* the unit's first word and its words (binary, a fixed vocabulary without names);
* the same features (without the words) of the two units before and the two after.

A multinomial logistic regression gives each unit the probability of each role (principal /
reporter / moderator); a Viterbi pass smooths the sequence with transition log-probabilities
estimated from training data, one table per kind of cut (a change of role after a full stop is
far likelier than after a cut before ``"so"``), and ending a turn shorter than a few words may
cost extra (:func:`short_turn_path`, a duration cost chosen on validation files). Forward-backward
posteriors give each unit its confidence. Which principal speaks is then settled by one chain over
all the principal units of the event, one state per catalog principal (:mod:`._speakers`: style,
side and self-mention evidence of the hand-weighted method, names heard in questions and
hand-overs).

The model is a small JSON file (:meth:`TurnModel.save`, :meth:`TurnModel.load`): vocabularies,
feature names, coefficients and transition tables, floats rounded and keys sorted, so the same
training data gives the same bytes. It is trained by :mod:`._training`.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from .. import config
from .._json import rounded
from ..text import cue_form
from ._assemble import turns_from_units
from ._features import (  # noqa: F401 (the model's API)
    _TOKEN,
    CUT_KINDS,
    PATTERNS,
    dense_features,
    feature_matrix,
    model_units,
)
from ._infer import _cue_scores, load_cues, unit_evidence
from ._marks import blank_marks, cut_at_marks, mark_coverage, mark_transitions
from ._speakers import principal_states, speaker_chain

#: The model file shipped with the package.
MODEL_PATH = config.MODELS_DIR / "turn_model.json"


#: The roles the model tells apart, in the order of its probability columns.
ROLES = ("principal", "reporter", "moderator")
#: Rounding of the floats stored in the model file.
DIGITS = 5
#: Format version of the model file.
FORMAT = 1


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

def _lse(a: np.ndarray, axis: int) -> np.ndarray:
    m = a.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def viterbi(emit: np.ndarray, trans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best path and posteriors for log-emissions ``(n, k)`` and log-transitions ``(n, k, k)``.

    ``trans[t, i, j]`` is the log-probability of going from state ``i`` at ``t - 1`` to
    state ``j`` at ``t`` (``trans[0]`` is unused).
    """
    n, k = emit.shape
    if n == 0:
        return np.zeros(0, dtype=int), np.zeros((0, k))
    back = np.zeros((n, k), dtype=int)
    delta = emit[0].copy()
    fwd = np.zeros((n, k))
    fwd[0] = emit[0]
    for t in range(1, n):
        cand = delta[:, None] + trans[t]
        back[t] = cand.argmax(axis=0)
        delta = cand.max(axis=0) + emit[t]
        fwd[t] = _lse(fwd[t - 1][:, None] + trans[t], 0) + emit[t]
    path = np.zeros(n, dtype=int)
    path[-1] = int(delta.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    bwd = np.zeros((n, k))
    for t in range(n - 2, -1, -1):
        bwd[t] = _lse(trans[t + 1] + (emit[t + 1] + bwd[t + 1])[None, :], 1)
    post = fwd + bwd
    post = np.exp(post - _lse(post, 1)[:, None])
    return path, post


def short_turn_path(emit: np.ndarray, trans: np.ndarray, n_words, penalty: float, min_words: int) -> np.ndarray:
    """Best path when a turn shorter than ``min_words`` words costs extra when it ends.

    The states of :func:`viterbi` are expanded by the number of words spoken so far in the
    current turn (capped at ``min_words``); leaving a turn of ``c`` words costs
    ``penalty * (1 - c / min_words)`` on top of the transition log-probability, so that a
    few broken fragments do not make a turn of their own unless their evidence is strong.
    The last turn (the captions may stop mid-turn) costs nothing.
    """
    n, k = emit.shape
    if n == 0 or penalty <= 0 or min_words <= 0:
        return viterbi(emit, trans)[0]
    m = int(min_words)
    cost = penalty * (1.0 - np.minimum(np.arange(m + 1), m) / m)
    nw = np.maximum(np.asarray(n_words, dtype=int), 0)
    cols = np.arange(m + 1)
    score = np.full((k, m + 1), -np.inf)
    score[:, min(m, nw[0])] = emit[0]
    back_r = np.zeros((n, k, m + 1), dtype=np.int16)
    back_c = np.zeros((n, k, m + 1), dtype=np.int16)
    for t in range(1, n):
        new = np.full((k, m + 1), -np.inf)
        br = np.zeros((k, m + 1), dtype=np.int16)
        bc = np.zeros((k, m + 1), dtype=np.int16)
        target = np.minimum(cols + nw[t], m)
        for r in range(k):  # staying in the turn: the word count grows
            stay = score[r] + trans[t, r, r]
            for c in np.flatnonzero(np.isfinite(stay)):
                if stay[c] > new[r, target[c]]:
                    new[r, target[c]], br[r, target[c]], bc[r, target[c]] = stay[c], r, c
        leave = score - cost[None, :]
        best_c = leave.argmax(axis=1)
        best = leave[np.arange(k), best_c]
        c0 = min(m, nw[t])
        for r2 in range(k):  # a new turn starts
            for r in range(k):
                if r != r2 and best[r] + trans[t, r, r2] > new[r2, c0]:
                    new[r2, c0], br[r2, c0], bc[r2, c0] = best[r] + trans[t, r, r2], r, best_c[r]
        score = new + emit[t][:, None]
        back_r[t], back_c[t] = br, bc
    return backtrack(score, back_r, back_c)


def backtrack(score: np.ndarray, back_r: np.ndarray, back_c: np.ndarray) -> np.ndarray:
    """The best path of a decoder whose state is (role, words into the run): from the best final
    state ``score`` (role x run length), back through the stored previous roles ``back_r`` and run
    lengths ``back_c`` (units x role x run length)."""
    n = len(back_r)
    r, c = np.unravel_index(int(np.argmax(score)), score.shape)
    path = np.zeros(n, dtype=int)
    for t in range(n - 1, -1, -1):
        path[t] = r
        if t:
            r, c = back_r[t, r, c], back_c[t, r, c]
    return path


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------

class TurnModel:
    """Unit features, logistic-regression weights and role transitions, kept as plain data.

    Parameters
    ----------
    data : dict
        The content of a model file (see :meth:`save`): ``roles``, ``cut_words``,
        ``vocab``, ``first_vocab``, ``pair_vocab`` and ``last_vocab`` (optional), ``features``, ``coef`` (one list per role),
        ``intercept``, ``log_prior``, ``transitions`` (per cut kind, a role-by-role table of
        log-probabilities), ``prior_weight`` (the emission of a role is
        ``log p(role | unit) - prior_weight * log prior(role)``; one number for every role, or a
        list with one per role, in the order of ``roles``), ``transition_weight`` (a
        factor on the transition log-probabilities), ``short_turn_penalty`` and
        ``short_turn_words`` (the cost of ending a turn shorter than that many words, see
        :func:`short_turn_path`; 0: none), ``info``.
    """

    def __init__(self, data: dict):
        self.data = data
        self.roles = list(data["roles"])
        self.coef = np.array(data["coef"], dtype=float)
        self.intercept = np.array(data["intercept"], dtype=float)
        self.log_prior = np.array(data["log_prior"], dtype=float)
        self.trans = {k: np.array(v, dtype=float) for k, v in data["transitions"].items()}
        pw = np.asarray(data.get("prior_weight", 1.0), dtype=float)
        if pw.ndim > 1 or (pw.ndim == 1 and len(pw) != len(self.roles)):
            raise ValueError(f"prior_weight must be a number or one number per role ({len(self.roles)}), got {pw.tolist()}")
        #: Weight of the log-prior of each role in the emissions (one per role).
        self.prior_weight = np.broadcast_to(pw, (len(self.roles),)).copy()
        self.transition_weight = float(data.get("transition_weight", 1.0))
        self.short_turn_penalty = float(data.get("short_turn_penalty", 0.0))
        self.short_turn_words = int(data.get("short_turn_words", 0))

    # -- persistence ---------------------------------------------------------------------------
    def to_json(self) -> str:
        """The model as JSON text: floats rounded to :data:`DIGITS` places, keys sorted."""
        return json.dumps(rounded(self.data, DIGITS), sort_keys=True, indent=0, ensure_ascii=True) + "\n"

    def save(self, path: str | Path) -> None:
        """Write the model file."""
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "TurnModel":
        """Read a model file written by :meth:`save`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a turn-model file of format {FORMAT}")
        return cls(data)

    # -- inference -----------------------------------------------------------------------------
    def units(self, text: str, start: int = 0, end: int | None = None, cues: dict | None = None,
              marks: bool = True, blanked: tuple | None = None) -> pd.DataFrame:
        """Units of ``text[start:end]`` (:func:`model_units` with the model's cut words) with ``text``.

        With ``marks`` and speaker-change marks (``>>``) in the range, the units are those of the
        text with its marks blanked, cut at every mark (:mod:`._marks`); ``mark`` tells which
        units start at one, and ``n_words`` leaves the marks out. ``blanked``: what
        :func:`._marks.blank_marks` gives for this range, where the caller has it already."""
        if blanked is not None:
            plain, offsets = blanked
        else:
            plain, offsets = blank_marks(text, start, end) if marks else (text, ())
        units = model_units(plain, start, end, self.data["cut_words"], cues)
        units = cut_at_marks(units, plain, offsets) if len(offsets) else units.assign(mark=False)
        units["text"] = pd.Series([text[a:b] for a, b in zip(units["start_char"], units["end_char"])],
                                  index=units.index, dtype=object)
        units["n_words"] = [len(plain[a:b].split()) for a, b in zip(units["start_char"], units["end_char"])]
        return units

    def features(self, units: pd.DataFrame, cues: dict | None = None) -> sparse.csr_matrix:
        """The feature matrix of ``units``, columns in the order of ``data['features']``."""
        x, names = feature_matrix(units, units["text"], self.data["vocab"], self.data["first_vocab"], cues,
                                  self.data.get("pair_vocab", ()), self.data.get("last_vocab", ()))
        if names != self.data["features"]:
            raise ValueError("the features of this code do not match the model file")
        return x

    def unit_log_proba(self, x: sparse.csr_matrix) -> np.ndarray:
        """Log-probability of each role per unit from its own features, ``(n_units, n_roles)``."""
        z = x @ self.coef.T + self.intercept
        return z - _lse(z, 1)[:, None]

    def emissions(self, logp: np.ndarray) -> np.ndarray:
        """Emission scores of the chain: ``log p(role | unit) - prior_weight[role] * log prior(role)``."""
        return logp - (self.prior_weight * self.log_prior)[None, :]

    def stacked_log_proba(self, logp: np.ndarray, units: pd.DataFrame) -> np.ndarray:
        """Second pass: log-probabilities from the first-pass ones of the unit and its neighbours
        (:func:`stack_features`); the first-pass ones if the model has no second pass."""
        stack = self.data.get("stack")
        if not stack or not len(logp):
            return logp
        z = stack_features(logp, units, stack["offsets"]) @ np.array(stack["coef"]).T + np.array(stack["intercept"])
        return z - _lse(z, 1)[:, None]

    def change_log_proba(self, x: sparse.csr_matrix) -> np.ndarray | None:
        """Log-probability that the role changes before each unit (column 1) or not (column 0),
        from the unit's features, by the model's boundary classifier; None if it has none."""
        b = self.data.get("boundary")
        if not b:
            return None
        z = x @ np.array(b["coef"], dtype=float) + float(b["intercept"])
        return -np.logaddexp(0.0, -np.column_stack([-z, z]))

    def transitions(self, units: pd.DataFrame, x: sparse.csr_matrix | None = None,
                    marks: tuple[float, float] | None = None) -> np.ndarray:
        """Log-transition table before each unit, chosen by the unit's kind of cut; with the
        feature matrix ``x`` and a boundary classifier, plus ``boundary weight`` times its
        log-probability of a change (between two roles) or of none (a role kept), and ``boundary
        bias`` on every change. Units with a true ``mark`` add the evidence of the speaker-change
        marks (:func:`._marks.mark_transitions`; ``marks``: its bonus and cost, default the module's)."""
        k = len(self.roles)
        if not len(units):
            return np.zeros((0, k, k))
        trans = self.transition_weight * np.stack([self.trans[c] for c in units["cut"]])
        lc = self.change_log_proba(x) if x is not None else None
        if lc is not None:
            lc[units["cut"].to_numpy() == "start"] = 0.0
            keep = np.eye(k, dtype=bool)[None]
            b = self.data["boundary"]
            trans = trans + b["weight"] * np.where(keep, lc[:, :1, None], lc[:, 1:, None]) + np.where(
                keep, 0.0, b.get("bias", 0.0))
        if "mark" in units and units["mark"].any():
            marked = units["mark"].to_numpy(dtype=bool)
            coverage = mark_coverage(int(marked.sum()), int(units["n_words"].sum()))
            trans = mark_transitions(trans, marked, coverage, *(marks or ()))
        return trans

    def predict_units(self, text: str, start: int = 0, end: int | None = None, cues: dict | None = None,
                      x: sparse.csr_matrix | None = None, units: pd.DataFrame | None = None,
                      marks: bool = True) -> pd.DataFrame:
        """Role and confidence of each unit of ``text[start:end]``.

        Parameters
        ----------
        text : str
            The transcript.
        start, end : int
            The range to analyse.
        cues : dict, optional
            Cue data (default: :func:`._infer.load_cues`).
        x, units : optional
            The units (:meth:`units`) and their feature matrix (:meth:`features`), if at hand.
        marks : bool
            Use the speaker-change marks (``>>``) of the text (:mod:`._marks`); False reads
            them as any other characters.

        Returns
        -------
        pandas.DataFrame
            The units with ``p_<role>`` (classifier probabilities, after the second pass if
            the model has one), ``role`` (after
            smoothing) and ``confidence`` (posterior probability of that role under the
            unit-level chain, without the short-turn cost).
        """
        units = self.units(text, start, end, cues, marks) if units is None else units.copy()
        if len(units) == 0:
            return units.assign(role=pd.Series(dtype=object), confidence=pd.Series(dtype=float))
        x = self.features(units, cues) if x is None else x
        logp = self.stacked_log_proba(self.unit_log_proba(x), units)
        emit = self.emissions(logp)
        trans = self.transitions(units, x)
        path, post = viterbi(emit, trans)
        if self.short_turn_penalty > 0:
            path = short_turn_path(emit, trans, units["n_words"].to_numpy(), self.short_turn_penalty, self.short_turn_words)
        for j, r in enumerate(self.roles):
            units[f"p_{r}"] = np.exp(logp[:, j])
        units["role"] = [self.roles[j] for j in path]
        units["confidence"] = post[np.arange(len(units)), path]
        units["post"] = list(post)
        return units


def stack_features(logp: np.ndarray, units: pd.DataFrame, offsets) -> np.ndarray:
    """Features of the second pass: the first-pass log-probabilities of the units at each offset
    (0 beyond the ends, with an indicator), and the kind of cut before the unit and after it."""
    n, k = logp.shape
    cols = []
    for off in offsets:
        shifted = np.zeros((n, k))
        inside = np.zeros(n)
        lo, hi = max(0, -off), min(n, n - off)
        if lo < hi:
            shifted[lo:hi] = logp[lo + off:hi + off]
            inside[lo:hi] = 1.0
        cols += [shifted, (1.0 - inside)[:, None]]
    cut = units["cut"].to_numpy(dtype=object)
    nxt = np.append(cut[1:], "start")
    for kind in CUT_KINDS[1:]:
        cols += [(cut == kind).astype(float)[:, None], (nxt == kind).astype(float)[:, None]]
    return np.hstack(cols)


def word_roles(text: str, units: pd.DataFrame, column: str = "role") -> np.ndarray:
    """The ``column`` value of the unit each word of ``text`` (a run of non-space characters) starts in."""
    starts = np.array([m.start() for m in _TOKEN.finditer(text)], dtype=int)
    idx = np.searchsorted(units["start_char"].to_numpy(), starts, side="right") - 1
    return units[column].to_numpy(dtype=object)[np.clip(idx, 0, None)]


@lru_cache(maxsize=4)
def load_model(path: str | Path | None = None) -> TurnModel:
    """The trained model (default: :data:`MODEL_PATH`), read once."""
    return TurnModel.load(MODEL_PATH if path is None else path)


_ORDER = ("principal", "reporter", "moderator")


def model_evidence(text: str, principals: pd.DataFrame | None = None, start: int = 0, end: int | None = None,
                   model: TurnModel | None = None, top: int = 4, marks: bool = True) -> tuple[pd.DataFrame, list[dict]]:
    """Units of ``text[start:end]`` as the model sees them, decoded (with ``marks``, a unit
    starts at every speaker-change mark ``>>`` and the marks weigh in the transitions, :mod:`._marks`).

    Returns
    -------
    units : pandas.DataFrame
        One row per unit: offsets, ``text``, ``n_words``, ``cut`` (kind of cut before it),
        ``p_principal, p_reporter, p_moderator`` (the classifier's probabilities before
        smoothing), ``role`` and ``confidence`` (after smoothing), ``features`` (the ``top``
        features that push most towards the chosen role, with their contributions), ``state``
        (the principal state or ``Reporter``/``Moderator``), ``posterior`` (confidence times the
        posterior of the principal chosen), ``addressed`` and ``mark``.
    states : list of dict
        The states, as :func:`._infer.unit_evidence` returns them.
    """
    model = load_model() if model is None else model
    cues = load_cues()
    blanked = blank_marks(text, start, end) if marks else (text, ())
    ev, states = unit_evidence(blanked[0], principals, start, end, cues)
    units = model.units(text, start, end, cues, marks, blanked=blanked)
    x = model.features(units, cues)
    units = model.predict_units(text, start, end, cues, x=x, units=units)
    names = model.data["features"]
    ridx = np.array([model.roles.index(r) for r in units["role"]])
    contrib = x.multiply(model.coef[ridx]).tocsr()
    feats = []
    for i in range(len(units)):
        row = contrib.getrow(i)
        order = np.argsort(-row.data, kind="stable")[:top]
        feats.append("; ".join(f"{names[row.indices[j]]} {row.data[j]:+.2f}" for j in order if row.data[j] > 0))
    units["features"] = feats
    parent = units["parent"].to_numpy()
    share = units["n_words"].to_numpy(dtype=float) / np.maximum(ev["n_words"].to_numpy(dtype=float)[parent], 1.0)
    norm = units["text"].map(cue_form)
    for col in ("opener", "closer", "continuer"):
        units[col] = _cue_scores(norm, cues[col])[0]
    first_sub = np.r_[True, parent[1:] != parent[:-1]] if len(units) else np.zeros(0, dtype=bool)
    units["addressed"] = np.where(first_sub, ev["addressed"].to_numpy(dtype=object)[parent], None)
    pstates = [s for s in states if s["role"] == "principal"]
    pscores = np.column_stack([ev[f"score_{s['state']}"].to_numpy(dtype=float)[parent] * share for s in pstates])
    role = units["role"].to_numpy(dtype=object)
    is_p = role == "principal"
    people = principal_states(principals)
    if len(people) > 1:  # one state per principal, over the whole event (:mod:`._speakers`)
        group_of = [next(g for g, s in enumerate(pstates) if p["state"] in s["surnames"]) for p in people]
        who, factor = speaker_chain(units, pscores, group_of, people, units["addressed"].to_numpy(dtype=object))
        pstates = people
        states = people + [s for s in states if s["role"] != "principal"]
    else:
        who, factor = np.zeros(len(units), dtype=int), np.ones(len(units))
    names_of = {"reporter": "Reporter", "moderator": "Moderator"}
    units["state"] = [pstates[w]["state"] if p else names_of[r] for w, p, r in zip(who, is_p, role)]
    units["posterior"] = units["confidence"].to_numpy(dtype=float) * factor
    return units.drop(columns=["post"]), states


def infer_turns_model(text: str, principals: pd.DataFrame | None = None, start: int = 0, end: int | None = None,
                      model: TurnModel | None = None, marks: bool = True) -> pd.DataFrame:
    """Inferred turns of ``text[start:end]`` by the trained model (:func:`model_evidence`), in the
    form of :func:`helpers.turns.infer_turns`; the range must hold some text. With ``marks``, a
    turn also starts at every speaker-change mark."""
    units, states = model_evidence(text, principals, start, end, model, marks=marks)
    return turns_from_units(units, states)
