"""The trained answer-clarity model: a multinomial logistic regression over readable features.

:class:`ClarityModel` scores a (question, answer) pair as ``reply``, ``ambivalent`` or
``non_reply`` with class probabilities, gives the fine ``clarity_type`` of the taxonomy (a second
logistic regression restricted to the types of the predicted class) and keeps the evidence: the
markers that fired and the features that weighed most. Features are those of
:func:`featurise` and the sub-question features of :mod:`._clarity_parts`; a text asking several
questions is split and scored per question, the probabilities averaged. The model is stored as plain JSON (:meth:`ClarityModel.to_json`), the
package's copy in :data:`MODEL_PATH` with its card ``clarity_model.md`` next to it, trained by
``make train-clarity`` (:mod:`helpers.qa._clarity_train`).

A model holds one clarity head per *coding* (:data:`CODINGS`): where its annotators draw the line
between a reply and an ambivalent answer. ``qevasion``, the default, is fitted on the QEvasion
pairs alone and predicts their annotators' labels; ``project`` is fitted on those pairs and on the
answers of briefings coded by hand on the project's rules (those of the seeds' coding), and is the
one :func:`helpers.analyse` uses. Both share the features and the type model;
:meth:`ClarityModel.for_coding` (or ``load_clarity_model(coding=...)``) selects one.
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import MODELS_DIR
from ._clarity_features import (
    FEATURE_VERSION,
    OPENING_WORDS,
    _round,
    _round_array,
    fit_vocabulary,
    question_parts,
)
from ._clarity_parts import all_feature_names, featurise_pairs
from ._markers import CLARITY, TYPES, load_markers

#: The model shipped with the package.
MODEL_PATH = MODELS_DIR / "clarity_model.json"

#: The codings a model can predict: QEvasion's annotators' (the default head) and the project's
#: hand coding of briefing answers (the seeds' rules).
CODINGS = ("qevasion", "project")
#: The coding of the model's main head, the one a model predicts unless told otherwise.
DEFAULT_CODING = "qevasion"

# --------------------------------------------------------------------------- model
def _softmax(scores: np.ndarray) -> np.ndarray:
    z = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _sample_weights(y: np.ndarray, classes: list[str], class_weight, weight=None) -> np.ndarray | None:
    """Per-sample weights: ``None``, ``"balanced"``, a power of the balanced weights (float) or a
    dict class -> weight; times ``weight`` (per sample, as if each row were repeated that many
    times: the balanced weights count the rows so)."""
    if class_weight is None and weight is None:
        return None
    n = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    if class_weight is None:
        return n
    if isinstance(class_weight, dict):
        w = {c: float(class_weight.get(c, 1.0)) for c in classes}
    else:
        power = 1.0 if class_weight == "balanced" else float(class_weight)
        counts = {c: max(float(n[y == c].sum()), 1.0) for c in classes}
        w = {c: (float(n.sum()) / (len(classes) * counts[c])) ** power for c in classes}
    return np.array([w[v] for v in y], dtype=float) * n


def _fit_linear(X, y: np.ndarray, classes: list[str], C: float, class_weight, max_iter: int, weight=None):
    from sklearn.linear_model import LogisticRegression

    present = [c for c in classes if (y == c).any()]
    lr = LogisticRegression(C=C, solver="lbfgs", max_iter=max_iter, tol=1e-4)
    lr.fit(X, y, sample_weight=_sample_weights(y, present, class_weight, weight))
    coef = np.zeros((len(classes), X.shape[1]))
    intercept = np.full(len(classes), -30.0)
    order = list(lr.classes_)
    if len(order) == 2:  # binary: sklearn keeps one row
        rows = {order[1]: lr.coef_[0] / 2, order[0]: -lr.coef_[0] / 2}
        ints = {order[1]: lr.intercept_[0] / 2, order[0]: -lr.intercept_[0] / 2}
    else:
        rows = dict(zip(order, lr.coef_))
        ints = dict(zip(order, lr.intercept_))
    for k, c in enumerate(classes):
        if c in rows:
            coef[k] = rows[c]
            intercept[k] = ints[c]
    return _round_array(coef), _round_array(intercept)


class ClarityModel:
    """Answer clarity of (question, answer) pairs from a linear model over readable features.

    Parameters
    ----------
    C : float
        Inverse L2 regularisation of the clarity model.
    class_weight : None, "balanced", float or dict
        Training weights of the clarity classes: ``None`` (none), ``"balanced"``, a float
        ``p`` (the balanced weights to the power ``p``) or a dict class -> weight.
    bias : dict, optional
        Class -> offset added to the clarity log-odds before the softmax (a prior shift;
        default 0 for every class).
    type_C : float
        Inverse L2 regularisation of the clarity type model.
    type_class_weight : None, "balanced", float or dict
        Training weights of the clarity types.
    coding_bias : dict, optional
        Coding (other than :data:`DEFAULT_CODING`) -> its class offsets, as ``bias`` is the
        default head's (default 0 for every class).
    min_df, max_terms : dict, optional
        Passed to :func:`fit_vocabulary`.
    max_iter : int
        Iterations of the L-BFGS solver.

    Attributes
    ----------
    classes : tuple of str
        :data:`CLARITY`, the column order of :meth:`predict_proba`.
    types : tuple of str
        The clarity types (keys of :data:`TYPES`).
    vocabulary : dict
        From :func:`fit_vocabulary`.
    coef_, intercept_ : ndarray
        Clarity weights, one row per class, one column per feature (rounded).
    type_coef_, type_intercept_ : ndarray or None
        Clarity type weights, one row per type (rounded); ``None`` without types.
    coding : str
        The coding this model object predicts (its ``coef_``, ``intercept_`` and ``bias``).
    heads_ : dict
        Coding -> ``{"coef", "intercept", "bias"}`` of each head besides the default one.
    """

    def __init__(self, C: float = 1.0, class_weight=None, bias: dict | None = None, type_C: float = 1.0,
                 type_class_weight=None, min_df: dict | None = None, max_terms: dict | None = None,
                 max_iter: int = 3000, coding_bias: dict | None = None):
        self.C = C
        self.class_weight = class_weight
        self.bias = {c: 0.0 for c in CLARITY} | dict(bias or {})
        self.type_C = type_C
        self.type_class_weight = type_class_weight
        self.min_df = min_df
        self.max_terms = max_terms
        self.max_iter = max_iter
        self.classes = tuple(CLARITY)
        self.types = tuple(TYPES)
        self.vocabulary = None
        self.coef_ = self.intercept_ = None
        self.type_coef_ = self.type_intercept_ = None
        self.coding_bias = {k: {c: 0.0 for c in CLARITY} | dict(v) for k, v in (coding_bias or {}).items()}
        bad = set(self.coding_bias) - (set(CODINGS) - {DEFAULT_CODING})
        if bad:
            raise ValueError(f"unknown coding(s) {sorted(bad)} in coding_bias; codings besides the default: "
                             f"{[c for c in CODINGS if c != DEFAULT_CODING]}")
        self.coding = DEFAULT_CODING
        self.heads_ = {}
        self._markers = None
        self._names = None
        self._root = self

    # -- fitting --------------------------------------------------------------------------
    def fit(self, questions, answers, clarity, clarity_type=None, turns=None, sample_weight=None,
            coding=None) -> "ClarityModel":
        """Fit on (question, answer) pairs.

        Parameters
        ----------
        questions, answers : sequence of str
            The pairs (one sub-question each).
        clarity : sequence of str
            One of :data:`CLARITY` per pair.
        clarity_type : sequence of str, optional
            One of the keys of :data:`TYPES` per pair; without it only the 3-way class is
            predicted.
        turns : sequence of (int, list of str), optional
            Per pair: its question's position among the sub-questions of its turn, and those
            sub-questions (:func:`~helpers.qa._clarity_parts.turn_parts_from_rows`); default each
            question alone.
        sample_weight : sequence of float, optional
            Per pair, how much it counts in the fit (as if repeated that many times); the
            vocabulary counts each pair once.
        coding : sequence of str, optional
            Per pair, the coding of its label (one of :data:`CODINGS`). The default head is then
            fitted on the pairs of :data:`DEFAULT_CODING` alone, and each other coding present
            gets a head fitted on all pairs (the default coding's teach it the rest of the
            language); without it one head is fitted on all pairs. The vocabulary and the type
            model use all pairs.

        Returns
        -------
        ClarityModel
            ``self``.
        """
        questions, answers = list(questions), list(answers)
        y = np.asarray(list(clarity), dtype=object)
        bad = set(y) - set(self.classes)
        if bad:
            raise ValueError(f"unknown clarity values {sorted(bad)}")
        self._markers = load_markers()
        self.vocabulary = fit_vocabulary(questions, answers, self.min_df, self.max_terms)
        X, self._names = featurise_pairs(questions, answers, self.vocabulary, self._markers, turns=turns)
        weight = None if sample_weight is None else np.asarray(list(sample_weight), dtype=float)
        codes = np.full(len(y), DEFAULT_CODING, dtype=object) if coding is None else np.asarray(list(coding), dtype=object)
        bad = set(codes) - set(CODINGS)
        if bad or len(codes) != len(y):
            raise ValueError(f"unknown coding values {sorted(bad)}" if bad else "one coding per pair is needed")
        base = np.flatnonzero(codes == DEFAULT_CODING)
        if not len(base):
            raise ValueError(f"no pairs of the default coding {DEFAULT_CODING!r}")
        self.coef_, self.intercept_ = _fit_linear(X[base], y[base], list(self.classes), self.C, self.class_weight,
                                                  self.max_iter, None if weight is None else weight[base])
        self.heads_ = {}
        for name in [c for c in CODINGS if c != DEFAULT_CODING and c in set(codes)]:
            coef, intercept = _fit_linear(X, y, list(self.classes), self.C, self.class_weight, self.max_iter, weight)
            bias = self.coding_bias.get(name, {c: 0.0 for c in CLARITY})
            self.heads_[name] = {"coef": coef, "intercept": intercept, "bias": dict(bias)}
        if clarity_type is not None:
            t = np.asarray(list(clarity_type), dtype=object)
            bad = set(t) - set(self.types)
            if bad:
                raise ValueError(f"unknown clarity types {sorted(bad)}")
            self.type_coef_, self.type_intercept_ = _fit_linear(X, t, list(self.types), self.type_C,
                                                                self.type_class_weight, self.max_iter, weight)
        return self

    def _check(self):
        if self.coef_ is None:
            raise RuntimeError("the model is not fitted")
        if self._markers is None:
            self._markers = load_markers()
        if self._names is None:
            self._names = all_feature_names(self.vocabulary, self._markers)

    @property
    def codings(self) -> tuple[str, ...]:
        """The codings this model can predict (:meth:`for_coding`)."""
        return (DEFAULT_CODING, *self._root.heads_)

    def for_coding(self, coding: str) -> "ClarityModel":
        """The same model predicting the labels of another coding (:data:`CODINGS`).

        Parameters
        ----------
        coding : str
            One of :attr:`codings`.

        Returns
        -------
        ClarityModel
            A model object sharing this one's features, vocabulary and type model, with the
            clarity head of ``coding``; ``self`` when it already predicts that coding.
        """
        if coding == self.coding:
            return self
        root = self._root
        if coding == DEFAULT_CODING:
            return root
        if coding not in root.heads_:
            raise ValueError(f"the clarity model has no {coding!r} coding; it has {', '.join(self.codings)}")
        view = copy.copy(root)
        head = root.heads_[coding]
        view.coef_, view.intercept_, view.bias, view.coding = head["coef"], head["intercept"], dict(head["bias"]), coding
        return view

    @property
    def feature_names(self) -> list[str]:
        """Names of the feature columns (the columns of ``coef_``)."""
        self._check()
        return list(self._names)

    # -- prediction -----------------------------------------------------------------------
    def _scores(self, X) -> np.ndarray:
        bias = np.array([self.bias.get(c, 0.0) for c in self.classes])
        return np.asarray(X @ self.coef_.T) + self.intercept_ + bias

    def _expand(self, questions, answers, split: bool, turns=None):
        """One row per question asked: ``(owner, question, answer, (position, parts))`` lists."""
        questions, answers = list(questions), list(answers)
        if turns is not None:  # the caller's sub-questions: one row each (featurise_pairs checks the count)
            turns = [(int(k), list(p)) for k, p in turns]
            return np.arange(len(questions), dtype=np.int64), questions, answers, turns
        owner, qs, ans, turns = [], [], [], []
        for i, (q, a) in enumerate(zip(questions, answers)):
            parts = question_parts(q) if split else [q if isinstance(q, str) else ""]
            for k, p in enumerate(parts):
                owner.append(i)
                qs.append(p)
                ans.append(a)
                turns.append((k, parts))
        return np.asarray(owner, dtype=np.int64), qs, ans, turns

    def _part_scores(self, questions, answers, split: bool, evidence: bool = False, turns=None):
        owner, qs, ans, turns = self._expand(questions, answers, split, turns)
        out = featurise_pairs(qs, ans, self.vocabulary, self._markers, return_evidence=evidence, turns=turns)
        return owner, qs, turns, out

    @staticmethod
    def _mean_by(owner: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
        counts = np.bincount(owner, minlength=n).astype(float)
        total = np.zeros((n, values.shape[1]))
        np.add.at(total, owner, values)
        return total / np.maximum(counts, 1.0)[:, None]

    def predict_proba(self, questions, answers, split_questions: bool = True, turns=None) -> np.ndarray:
        """Probabilities of ``reply``, ``ambivalent`` and ``non_reply`` (columns in that order).

        Parameters
        ----------
        questions, answers : sequence of str
            The pairs.
        split_questions : bool
            A question text that asks several questions (two or more sentences ending in ``?``,
            :func:`~helpers.qa._clarity_features.question_parts`) is split, the answer is scored against
            each of its questions in turn (with the ``s:`` features placing that question among
            the others, as the model was trained on one sub-question per pair) and the pair's
            probabilities are the mean over its questions. ``False`` scores the whole text as one
            question.
        turns : sequence of (int, list of str), optional
            Per pair, its question's position among the sub-questions of its turn and those
            sub-questions, as in :meth:`fit` (each pair scored once, ``split_questions`` unused).

        Returns
        -------
        ndarray
            Shape ``(n, 3)``, rows summing to 1.
        """
        self._check()
        owner, _, _, (X, _) = self._part_scores(questions, answers, split_questions, turns=turns)
        return self._mean_by(owner, _softmax(self._scores(X)), len(list(questions)))

    def predict(self, questions, answers, split_questions: bool = True, turns=None) -> pd.DataFrame:
        """Clarity, clarity type, probabilities and evidence of each pair.

        Parameters
        ----------
        questions, answers : sequence of str
            The pairs.
        split_questions, turns
            As in :meth:`predict_proba` (the probabilities are the mean over the questions of a
            multi-question text).

        Returns
        -------
        DataFrame
            ``clarity, clarity_type, p_reply, p_ambivalent, p_non_reply, evidence``;
            ``clarity`` is the most probable class, ``clarity_type`` the most probable type of
            that class (type scores averaged over the questions; ``None`` for a model fitted
            without types), ``evidence`` the class of each question when the text asked several,
            the markers that fired and the features that weighed most for the predicted class
            (in the question most in favour of it).
        """
        self._check()
        questions = list(questions)
        n = len(questions)
        owner, qs, turns, (X, names, fired) = self._part_scores(questions, answers, split_questions, evidence=True,
                                                                 turns=turns)
        part_proba = _softmax(self._scores(X))
        proba = self._mean_by(owner, part_proba, n)
        pred = proba.argmax(axis=1)
        clarity = [self.classes[k] for k in pred]
        if self.type_coef_ is not None:
            tp = self._mean_by(owner, np.asarray(X @ self.type_coef_.T) + self.type_intercept_, n)
            allowed = np.array([[TYPES[t] == c for t in self.types] for c in self.classes])
            tp = np.where(allowed[pred], tp, -np.inf)
            ctype = [self.types[k] for k in tp.argmax(axis=1)]
        else:
            ctype = [None] * n
        rel = self.coef_ - self.coef_.mean(axis=0, keepdims=True)
        rows_of: dict[int, list[int]] = {}
        for j, i in enumerate(owner):
            rows_of.setdefault(int(i), []).append(j)
        evidence = []
        for i in range(n):
            rows = rows_of.get(i, [])
            if not rows:
                evidence.append("weights: none")
                continue
            text = ""
            if len(rows) > 1 or len(turns[rows[0]][1]) > 1:
                notes = []
                for j in rows:
                    part = qs[j] if len(qs[j]) <= 60 else qs[j][:57] + "..."
                    k = int(part_proba[j].argmax())
                    notes.append(f"question {turns[j][0] + 1} of {len(turns[j][1])}: '{part}' {self.classes[k]} "
                                 f"{part_proba[j, k]:.2f}")
                text = "; ".join(notes) + (f" | mean over {len(rows)} questions | " if len(rows) > 1 else " | ")
            best = max(rows, key=lambda j: (part_proba[j, pred[i]], -j))
            if fired[best]:
                text += "markers: " + "; ".join(fired[best][:3]) + (" ..." if len(fired[best]) > 3 else "") + " | "
            row = X.getrow(best)
            contrib = row.data * rel[pred[i], row.indices]
            top = np.argsort(-contrib, kind="stable")[:4]
            parts = [f"{names[row.indices[j]]} {contrib[j]:+.2f}" for j in top if contrib[j] > 0]
            evidence.append(text + "weights: " + (", ".join(parts) if parts else "none"))
        return pd.DataFrame({"clarity": clarity, "clarity_type": ctype, "p_reply": proba[:, 0],
                             "p_ambivalent": proba[:, 1], "p_non_reply": proba[:, 2], "evidence": evidence})

    def top_features(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` features with the largest weight for each class (relative to the mean of
        the classes).

        Returns
        -------
        DataFrame
            ``clarity, rank, feature, weight``.
        """
        self._check()
        rel = self.coef_ - self.coef_.mean(axis=0, keepdims=True)
        rows = []
        for k, c in enumerate(self.classes):
            for r, j in enumerate(np.argsort(-rel[k], kind="stable")[:n]):
                rows.append({"clarity": c, "rank": r + 1, "feature": self._names[j], "weight": float(rel[k, j])})
        return pd.DataFrame(rows)

    # -- storage --------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The fitted model as plain JSON-ready data (every coding's head, whichever this object predicts)."""
        if self._root is not self:  # a view of another coding: store the model it is a view of
            return self._root.to_dict()
        self._check()
        out = {
            "feature_version": FEATURE_VERSION,
            "classes": list(self.classes),
            "settings": {"C": self.C, "class_weight": self.class_weight, "type_C": self.type_C,
                         "type_class_weight": self.type_class_weight, "min_df": self.min_df,
                         "max_terms": self.max_terms, "max_iter": self.max_iter,
                         "opening_words": OPENING_WORDS},
            "bias": {c: _round(v) for c, v in self.bias.items()},
            "vocabulary": self.vocabulary,
            "n_features": len(self._names),
            "clarity": {"coef": self.coef_.tolist(), "intercept": self.intercept_.tolist()},
        }
        if self.type_coef_ is not None:
            out["clarity_type"] = {"types": list(self.types), "coef": self.type_coef_.tolist(),
                                   "intercept": self.type_intercept_.tolist()}
        if self.heads_:
            out["codings"] = {name: {"coef": h["coef"].tolist(), "intercept": h["intercept"].tolist(),
                                     "bias": {c: _round(v) for c, v in h["bias"].items()}}
                              for name, h in self.heads_.items()}
        return out

    def to_json(self, path) -> None:
        """Write the model as JSON (keys sorted, floats rounded: the same model, the same bytes)."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        Path(path).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict) -> "ClarityModel":
        """A model from :meth:`to_dict` data."""
        if data.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"model features {data.get('feature_version')!r}, this code has {FEATURE_VERSION!r}")
        s = data["settings"]
        m = cls(C=s["C"], class_weight=s["class_weight"], bias=data["bias"], type_C=s["type_C"],
                type_class_weight=s["type_class_weight"], min_df=s["min_df"], max_terms=s["max_terms"],
                max_iter=s["max_iter"])
        if tuple(data["classes"]) != m.classes:
            raise ValueError(f"model classes {data['classes']} differ from {list(m.classes)}")
        m.vocabulary = data["vocabulary"]
        m.coef_ = np.asarray(data["clarity"]["coef"], dtype=float)
        m.intercept_ = np.asarray(data["clarity"]["intercept"], dtype=float)
        if "clarity_type" in data:
            m.types = tuple(data["clarity_type"]["types"])
            m.type_coef_ = np.asarray(data["clarity_type"]["coef"], dtype=float)
            m.type_intercept_ = np.asarray(data["clarity_type"]["intercept"], dtype=float)
        for name, h in data.get("codings", {}).items():
            if name not in CODINGS or name == DEFAULT_CODING:
                raise ValueError(f"unknown coding {name!r} in the model")
            m.heads_[name] = {"coef": np.asarray(h["coef"], dtype=float),
                              "intercept": np.asarray(h["intercept"], dtype=float), "bias": dict(h["bias"])}
            m.coding_bias[name] = dict(h["bias"])
        m._check()
        widths = {m.coef_.shape[1], *(h["coef"].shape[1] for h in m.heads_.values())}
        if len(m._names) != data["n_features"] or widths != {len(m._names)}:
            raise ValueError("the model's features do not match the marker rules it is used with")
        return m

    @classmethod
    def from_json(cls, path) -> "ClarityModel":
        """Read a model written by :meth:`to_json`."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=2)
def _load_model(path: str) -> ClarityModel:
    return ClarityModel.from_json(path)


def load_clarity_model(path: str | Path | None = None, coding: str = DEFAULT_CODING) -> ClarityModel:
    """The trained clarity model (default: the package's :data:`MODEL_PATH`), read once, predicting
    the labels of ``coding`` (:data:`CODINGS`; :meth:`ClarityModel.for_coding`)."""
    return _load_model(str(path or MODEL_PATH)).for_coding(coding)
