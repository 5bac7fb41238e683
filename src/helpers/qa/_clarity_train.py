"""Train the answer-clarity model on the project's copy of the QEvasion training split and on
the briefing answers the project coded by hand.

One command, ``make train-clarity`` (``python -m helpers.qa._clarity_train``): reads
``data/qevasion/train.jsonl.gz`` (:data:`helpers.config.QEVASION_TRAIN`), chooses the settings
(regularisation, class weighting, class offsets) by cross-validation grouped by news conference
on those rows, fits the model's default head (QEvasion's coding) on them and its ``project`` head
on them and on the hand-coded briefing answers of ``annotations/clarity_archive.csv`` and
``clarity_archive2.csv`` (each weighing :data:`ARCHIVE_WEIGHT` QEvasion rows), and writes
``clarity_model.json`` and ``clarity_model.md`` to
:data:`helpers.config.MODELS_DIR`. Deterministic: the same data give the same bytes. The card
quotes the nested grouped cross-validation of ``bench/bench_clarity.py --cv``
(``bench/results/clarity.json``) when that file exists.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold

from ..config import BENCH_DIR, MODELS_DIR, QEVASION_TRAIN
from ..errors import InputError
from . import _clarity_features as cf
from . import _clarity_model as cm
from . import _clarity_parts as cp
from ._clarity_samples import read_archive_samples, sample_paths
from ._markers import load_markers

#: Cross-validation results quoted by the model card.
CV_RESULTS = BENCH_DIR / "results" / "clarity.json"

#: QEvasion clarity labels -> the project's classes.
CLARITY_MAP = {"Clear Reply": "reply", "Ambivalent": "ambivalent", "Clear Non-Reply": "non_reply"}
#: QEvasion evasion labels -> the project's clarity types (one to one).
TYPE_MAP = {
    "Explicit": "explicit",
    "Implicit": "implicit", "General": "general", "Partial/half-answer": "partial", "Dodging": "dodging",
    "Deflection": "deflection",
    "Declining to answer": "declining", "Claims ignorance": "claims ignorance", "Clarification": "clarification",
}
#: Candidate settings compared in the inner grouped cross-validation.
GRID = [{"C": 0.1, "class_weight": 0.5}, {"C": 0.2, "class_weight": 0.5}]
#: Offsets tried for the reply and non_reply log-odds (ambivalent stays 0).
BIAS_REPLY = np.round(np.arange(-1.0, 0.5001, 0.125), 3)
BIAS_NON_REPLY = np.round(np.arange(-1.0, 0.5001, 0.125), 3)
#: Folds of the inner cross-validation (grouped by news conference).
INNER_FOLDS = 5
#: The macro-F1 floor of the selection (the target 0.55 plus a margin); above it accuracy is
#: maximised.
F1_FLOOR = 0.56
#: Settings of the clarity type model (fixed).
TYPE_SETTINGS = {"type_C": 0.3, "type_class_weight": 0.5}
#: Fixed date of the model card (the card must not change with the clock).
CARD_DATE = "2026-11-29"
#: How many QEvasion rows each hand-coded briefing answer (``_clarity_samples.ARCHIVE_PATHS``) weighs in the fit of
#: the ``project`` head (its sample weight): QEvasion's labels and the project's coding draw the line
#: between a reply and an ambivalent answer in different places, and these rows teach the project's line.
#: Chosen among 0, 5, 10, 20 and 40 by :func:`helpers.evaluation.clarity.weight_sweep`
#: (``bench/bench_clarity.py --weights``): the best macro-F1 in the cross-validation grouped by
#: briefing on those answers; checked out of sample on ``annotations/clarity_archive3.csv``, which no
#: choice saw.
ARCHIVE_WEIGHT = 5


def load(path=None) -> pd.DataFrame:
    """The training rows with ``question, answer, clarity, clarity_type, group``.

    Parameters
    ----------
    path : str or Path, optional
        A QEvasion ``train.jsonl(.gz)``; default :data:`helpers.config.QEVASION_TRAIN`.
    """
    path = Path(path or QEVASION_TRAIN)
    if not path.exists():
        raise InputError(path, "training data not found")
    try:
        d = pd.read_json(path, lines=True)
    except ValueError as exc:
        raise InputError(path, f"not JSON lines ({exc})") from None
    missing = [c for c in ("question", "interview_answer", "clarity_label", "evasion_label", "url") if c not in d]
    if missing:
        raise InputError(path, f"missing field(s) {', '.join(missing)}")
    out = pd.DataFrame({
        "question": d["question"].fillna("").astype(str),
        "answer": d["interview_answer"].fillna("").astype(str),
        "clarity": d["clarity_label"].map(CLARITY_MAP),
        "clarity_type": d["evasion_label"].map(TYPE_MAP),
        "group": d["url"].astype(str),
    })
    if out[["clarity", "clarity_type"]].isna().any().any():
        raise InputError(path, "unknown labels in the training data")
    # the sub-questions of one turn: the rows of one interview question and answer
    turn = d["interview_question"].fillna("").astype(str) if "interview_question" in d else pd.Series(range(len(d)))
    order = d["question_order"].fillna(0).astype(int) if "question_order" in d else pd.Series([0] * len(d))
    out["turn_question"] = turn.astype(str).to_numpy()
    keys = list(zip(out["group"], turn, out["answer"]))
    out["turn"] = pd.Series(cp.turn_parts_from_rows(keys, out["question"], order), index=out.index, dtype=object)
    return out


def load_archive(path=None) -> pd.DataFrame:
    """The hand-coded briefing answers as training rows, with the columns of :func:`load`.

    Each answer is paired with the reporter turn(s) it responds to, read as one question (``turn``);
    ``group`` is ``archive:`` and the transcript's file.

    Parameters
    ----------
    path : str or Path or sequence of them, optional
        Files like ``annotations/clarity_archive.csv``, read in order; default
        :data:`helpers.qa._clarity_samples.ARCHIVE_PATHS`.
    """
    paths = sample_paths(path)
    for p in paths:
        if not p.exists():
            raise InputError(p, "hand-coded training answers not found")
    return archive_rows(read_archive_samples(paths))


def archive_rows(a: pd.DataFrame) -> pd.DataFrame:
    """A sample read by :func:`helpers.qa._clarity_samples.read_archive_sample` as training rows
    (see :func:`load_archive`)."""
    out = pd.DataFrame({"question": a["question"], "answer": a["answer"], "clarity": a["clarity"],
                        "clarity_type": a["clarity_type"], "group": "archive:" + a["file"],
                        "turn_question": a["question"]})
    out["turn"] = pd.Series([(0, [q]) for q in out["question"]], index=out.index, dtype=object)
    return out


def training_rows(qevasion: pd.DataFrame, archive: pd.DataFrame | None, weight: int = ARCHIVE_WEIGHT) -> pd.DataFrame:
    """The rows a model is fitted on: ``qevasion`` (weight 1, coding ``qevasion``) then ``archive``
    (weight ``weight``, coding ``project``), with ``weight`` and ``coding`` columns (:func:`fit`
    counts a row as if it were repeated that many times; the default head learns from the
    ``qevasion`` rows, the ``project`` head from all)."""
    q = qevasion.assign(weight=qevasion["weight"] if "weight" in qevasion else 1.0, coding=cm.DEFAULT_CODING)
    if archive is None or not weight or not len(archive):
        return q
    return pd.concat([q, archive.assign(weight=float(weight), coding="project")[list(q.columns)]], ignore_index=True)


def settings_of(model: cm.ClarityModel) -> dict:
    """The settings :func:`fit` takes (``C``, ``class_weight``, ``bias``) of a fitted model."""
    return {"C": model.C, "class_weight": model.class_weight, "bias": dict(model.bias)}


def criterion(y, pred) -> tuple[bool, float]:
    """What the selection maximises: accuracy among the choices whose macro-F1 reaches
    :data:`F1_FLOOR` (``(True, accuracy)``); below that floor macro-F1 (``(False, macro-F1)``), so
    a choice above the floor always wins."""
    y = np.asarray(y, dtype=object)
    acc = accuracy_score(y, pred)
    f1 = f1_score(y, pred, average="macro", labels=list(cm.CLARITY), zero_division=0)
    return (True, float(acc)) if f1 >= F1_FLOOR else (False, float(f1))


def select(df: pd.DataFrame, log=None) -> dict:
    """Choose C, class weighting and class offsets by grouped CV on ``df`` only.

    The vocabulary is fitted on ``df``; each candidate is fitted on the inner training folds
    and scored on the held-out conference groups; the offsets are chosen on the pooled
    out-of-fold scores by :func:`criterion` (the smallest offsets on ties).

    Returns
    -------
    dict
        ``C, class_weight, bias`` and ``inner_score``.
    """
    y = df["clarity"].to_numpy(object)
    vocab = cm.fit_vocabulary(df["question"], df["answer"])
    X, _ = cp.featurise_pairs(df["question"], df["answer"], vocab, load_markers(), turns=df["turn"])
    folds = list(GroupKFold(INNER_FOLDS).split(X, y, df["group"]))
    classes = list(cm.CLARITY)
    best = None
    for setting in GRID:
        S = np.zeros((len(y), 3))
        for tr, te in folds:
            coef, b = cm._fit_linear(X[tr], y[tr], classes, setting["C"], setting["class_weight"], 1000)
            S[te] = np.asarray(X[te] @ coef.T) + b
        for br in BIAS_REPLY:
            for bn in BIAS_NON_REPLY:
                pred = np.array(classes, dtype=object)[(S + [br, 0.0, bn]).argmax(axis=1)]
                above, score = criterion(y, pred)
                key = (above, round(score, 9), -abs(br) - abs(bn))
                if best is None or key > best[0]:
                    best = (key, {**setting, "bias": {"reply": float(br), "ambivalent": 0.0,
                                                      "non_reply": float(bn)}, "inner_score": float(score)})
        if log:
            log(f"  inner CV {setting}: best so far {best[1]}")
    return best[1]


def fit(df: pd.DataFrame, settings: dict) -> cm.ClarityModel:
    """A model with ``settings`` fitted on ``df`` (rows weighted by its ``weight`` column and split into
    codings by its ``coding`` column, if any: :func:`training_rows`). The ``project`` head has no class
    offsets: the QEvasion head's serve the test split's accuracy target, which the project's coding
    does not share."""
    model = cm.ClarityModel(C=settings["C"], class_weight=settings["class_weight"], bias=settings["bias"],
                            **TYPE_SETTINGS)
    return model.fit(df["question"], df["answer"], df["clarity"], df["clarity_type"], turns=df["turn"],
                     sample_weight=df["weight"] if "weight" in df else None,
                     coding=df["coding"] if "coding" in df else None)


def _fmt(x) -> str:
    return f"{x:.3f}"


def model_card(df: pd.DataFrame, settings: dict, model: cm.ClarityModel, cv: dict | None, size: int,
               archive: pd.DataFrame | None = None) -> str:
    """The model card (Markdown, byte-stable)."""
    counts = df["clarity"].value_counts()
    acounts = archive["clarity"].value_counts() if archive is not None else pd.Series(dtype=int)
    tcounts = df["clarity_type"].value_counts()
    lines = [
        "# Answer clarity model (`clarity_model.json`)", "",
        f"Card date: {CARD_DATE}. Feature version: `{cm.FEATURE_VERSION}`.", "",
        "A multinomial logistic regression that scores a (question, answer) pair as `reply`, `ambivalent` or "
        "`non_reply`, plus a second logistic regression for the fine `clarity_type`, restricted to the types of "
        "the predicted class. Every feature is named and every weight is in the JSON file.", "",
        "Two clarity heads over the same features, one per *coding*, i.e. per place where the annotators draw the "
        "line between a reply and an ambivalent answer:", "",
        "* `qevasion` (the default; `python -m helpers clarity` and `bench/bench_clarity.py --score`): fitted on "
        "the QEvasion pairs alone, it predicts the labels of QEvasion's annotators;",
        "* `project` (`helpers.analyse`, the export and the notebooks; `--coding project`): fitted on the QEvasion "
        "pairs and on briefing answers the project coded by hand on the rules of the seeds' coding, which call "
        "more answers explicit replies.", "",
        "The type model is one, fitted on all rows.", "",
        "Retrain with `make train-clarity` (same bytes every time); the package and its tests read only the "
        "project's copy of the data.", "",
        "## Training data", "",
        f"QEvasion training split (`data/qevasion/`): {len(df):,} (sub-question, answer) pairs from {df['group'].nunique()} US "
        "presidential news conferences (`train.jsonl.gz`; fields `question` = the sub-question, "
        "`interview_answer`, `clarity_label`, `evasion_label`, `url`). The dataset's test split was not used.", "",
        "Citation: Thomas, Filandrianos, Lymperaiou, Zerva, Stamou. \"I Never Said That\": A dataset, taxonomy and "
        "baselines on response clarity classification. Findings of EMNLP 2024 (also the data of SemEval-2026 "
        "Task 6 \"CLARITY\"). Source: `ailsntua/QEvasion` on the Hugging Face hub.", "",
        "License of the data: MIT License, Copyright (c) 2024 Konstantinos T. The weights in `clarity_model.json` "
        "are derived from this data; keep this notice and the citation with any copy.", "",
        "Class counts: " + ", ".join(f"{c} {int(counts.get(c, 0)):,}" for c in cm.CLARITY) + ".", "",
        *([f"Hand-coded briefing answers of the `project` head (`annotations/clarity_archive.csv` and "
           f"`clarity_archive2.csv`): {len(archive):,} answer turns of "
           f"{archive['group'].nunique()} White House briefings (2021-2024, public domain), each paired with the "
           "reporter turn(s) it responds to, coded twice on the project's clarity rules (the rules of the seeds' "
           f"coding; `annotations/clarity_archive.md`); each weighs {ARCHIVE_WEIGHT} QEvasion rows in that head's "
           "fit (its sample weight; the vocabulary counts it once). Class counts: "
           + ", ".join(f"{c} {int(acounts.get(c, 0)):,}" for c in cm.CLARITY) + ". The weight was chosen among "
           "0, 5, 10, 20 and 40 (`bench/bench_clarity.py --weights`): the best macro-F1 of a 6-fold cross-validation "
           "grouped by briefing on these answers; `annotations/clarity_archive3.csv`, coded the same way and never "
           "used for a choice, checks it.", ""]
          if archive is not None else []),
        "## Label mapping", "",
        "| QEvasion clarity | QEvasion evasion label | project clarity | project clarity_type | rows |",
        "|---|---|---|---|---|",
    ]
    inv = {v: k for k, v in CLARITY_MAP.items()}
    for lab, t in TYPE_MAP.items():
        c = cm.TYPES[t]
        lines.append(f"| {inv[c]} | {lab} | {c} | {t} | {int(tcounts.get(t, 0)):,} |")
    s = model.to_dict()["settings"]
    lines += [
        "", "## Features", "",
        f"{len(model.feature_names):,} features (see the docstring of `helpers/qa/_clarity_features.py`):", "",
        "* `m:` the project's clarity markers: per marker class (fired, in the answer's first "
        f"{cm.OPENING_WORDS} words, in an answer that says little else) and per pattern (`m:<class>#<i>`, the "
        "i-th pattern of the class in the marker file); `m:explicit_opening`, `m:none`;",
        "* `rule:` the rule-based decision (class and type) emulated from the markers;",
        f"* `a:` TF-IDF word 1-2 grams of the answer's first {cm.OPENING_WORDS} words "
        f"({len(model.vocabulary['a']['terms']):,} terms); `A:` TF-IDF word unigrams of the whole answer "
        f"({len(model.vocabulary['A']['terms']):,}); `q:` TF-IDF word 1-2 grams of the question "
        f"({len(model.vocabulary['q']['terms']):,}); `c:` TF-IDF character {cf.CHAR_NGRAMS[0]}-{cf.CHAR_NGRAMS[1]} "
        f"grams of the words of the answer's opening ({len(model.vocabulary['c']['terms']):,}); `x:` the question's "
        "kind (yes/no, wh-word, other) crossed with the answer's first word and with its length band "
        f"({len(model.vocabulary['x']['terms']):,}); sublinear tf, smoothed idf, L2-normalised per block, "
        "terms in at least 3 training pairs;",
        "* `r:` question-answer relation: share of the question's content words in the answer and in its opening, "
        "TF-IDF cosine, yes/no question answered (or not) with a yes/no opening, wh-question focus word echoed or "
        "missing, answer length (log and buckets), hedges, first-person refusals and other answer moves "
        "(`I'm not going to`, `I don't know`, `we'll see`, `as I said`, ...), numbers;",
        "* `f:` question form: yes/no, wh-word, several parts, negative interrogative, `or` question, "
        "`do you think`, number of question marks, length.", "",
        "* `s:` the sub-question among the questions of its turn (QEvasion pairs one answer with each sub-question "
        "of a multi-part question): number of questions, first or last of several, whether the answer's TF-IDF "
        "cosine is highest with this question, its cosine minus the best other's and its share, the share of "
        "answer sentences (cut by `helpers.text.split_sentences`, also where the space after a stop is lost) "
        "that match this question best, the best-matching sentence's cosine and whether it "
        "opens the answer. In training the turn's questions are the dataset's rows of the same interview "
        "question and answer; on users' data they are the turn's sentences ending in `?`.", "",
        "Pairing at inference: a question text asking several questions (two or more sentences ending in `?`, "
        "e.g. a reporter's whole turn) is split into them; the answer is scored against each (with its `s:` "
        "features) and the text's probabilities are the mean over its questions (clarity = the most probable "
        "class, type scores averaged likewise). The evidence gives each question's own class.",
        "", "## Training settings", "",
        "* scikit-learn `LogisticRegression(solver=\"lbfgs\", tol=1e-4)` on all rows; sample weights = balanced "
        "class weights to the power `class_weight`;",
        "* the settings are chosen on the QEvasion rows alone; the `qevasion` head is then fitted on them, the "
        "`project` head, with the same C and class weighting and no offsets, on them and the weighted briefing "
        "answers;",
        f"* clarity model (`qevasion` head): C = {settings['C']}, class_weight power = {settings['class_weight']}, log-odds "
        f"offsets {json.dumps(settings['bias'], sort_keys=True)}; chosen from {json.dumps(GRID)} and offsets "
        f"reply {BIAS_REPLY.min()}..{BIAS_REPLY.max()}, non_reply {BIAS_NON_REPLY.min()}..{BIAS_NON_REPLY.max()} "
        f"(step 0.125) by {INNER_FOLDS}-fold GroupKFold by `url` on the training rows, maximising accuracy among "
        f"the choices whose macro-F1 reaches {F1_FLOOR} (the smallest offsets on ties; macro-F1 when none does);",
        f"* type model: C = {s['type_C']}, class_weight power = {s['type_class_weight']} (fixed);",
        f"* weights rounded to {cf.SIG_DIGITS} significant digits (the stored model is the model); "
        f"`clarity_model.json` is {size:,} bytes.",
        "", "## Grouped cross-validation", "",
    ]
    if cv:
        lines += [
            "5-fold GroupKFold by `url` (news conference) on the training split; settings re-chosen inside each "
            "training fold (nested). From `bench/bench_clarity.py --cv` (`bench/results/clarity.md`).", "",
            "| system | accuracy | macro-F1 | F1 reply | F1 ambivalent | F1 non_reply |", "|---|---|---|---|---|---|",
        ]
        for name, r in cv["cv"].items():
            f = r["per_class"]
            lines.append(f"| {name} | {_fmt(r['accuracy'])} | {_fmt(r['macro_f1'])} | {_fmt(f['reply']['f1'])} | "
                         f"{_fmt(f['ambivalent']['f1'])} | {_fmt(f['non_reply']['f1'])} |")
        rw = cv.get("reweighted")
        if rw and "model" in rw:
            lines += ["", f"The same out-of-fold predictions with the classes reweighted to an `ambivalent` share of "
                      f"{rw['ambivalent_share']} (the held-out test split's): accuracy {_fmt(rw['model']['accuracy'])}, "
                      f"macro-F1 {_fmt(rw['model']['macro_f1'])} (always `ambivalent` "
                      f"{_fmt(rw['always ambivalent']['accuracy'])}); an estimate under a shift of class shares only, against "
                      "the test split's targets macro-F1 0.55 and accuracy 0.68 (the test split is scored with "
                      "`bench/bench_clarity.py --score`, not here)."]
        if "type_accuracy" in cv["cv"].get("model", {}):
            lines += ["", f"Fine type accuracy (9 types) of the model: {_fmt(cv['cv']['model']['type_accuracy'])}."]
        seeds = cv.get("seeds", {})
        if "model" in seeds:
            lines += ["", f"Out of domain (the project's {seeds['n']} hand-coded seed answers, reported only, never "
                      f"used for any choice; the `project` head): 3-way accuracy {_fmt(seeds['model']['accuracy'])} (rules "
                      f"{_fmt(seeds['rules (classify_answer)']['accuracy'])}, in sample for the rules), macro-F1 "
                      f"{_fmt(seeds['model']['macro_f1'])}."]
    else:
        lines.append("Not available (run `.venv/bin/python bench/bench_clarity.py --cv` first).")
    lines += ["", "## Limits", "",
              "* Trained on US presidential news conferences and on answers of White House briefings; other speakers "
              "and settings are out of domain.",
              "* The label belongs to the (sub-question, answer) pair; pass the question the answer responds to. "
              "`helpers.analyse` passes the reporter's whole turn, which is split into its questions and scored "
              "as above (mean over the questions).",
              "* The two heads give different labels for the same pair; say which coding a share was counted in.",
              "* Each pair is best scored with the other questions of its turn: `predict(..., turns=...)`, an "
              "`interview_question` column for `python -m helpers clarity`, or `bench/bench_clarity.py --score "
              "FILE.jsonl` for labelled QEvasion-format data. A sub-question passed alone loses the `s:` "
              "features' information (the row `model, each sub-question alone` of the cross-validation).",
              *_target_lines(cv),
              "* Implicit, dodging and deflecting answers are the hardest: they depend on meaning the features "
              "only approximate.", ""]
    return "\n".join(lines)


def _target_lines(cv: dict | None) -> list[str]:
    """The card's statement of the targets, from the cross-validation results."""
    if not cv or "model" not in cv.get("seeds", {}):
        return ["* Targets (grouped-CV macro-F1 0.55; 3-way accuracy 0.80 on the seeds' hand-coded answers): "
                "not measured yet."]
    f1 = cv["cv"]["model"]["macro_f1"]
    acc = cv["seeds"]["model"]["accuracy"]
    rules = cv["seeds"]["rules (classify_answer)"]["accuracy"]
    line = (f"* Targets: grouped-CV macro-F1 {_fmt(f1)} (target 0.55, {'met' if f1 >= 0.55 else 'not met'}); "
            f"3-way accuracy on the seeds' hand-coded answers {_fmt(acc)} (target 0.80, "
            f"{'met' if acc >= 0.80 else 'not met'}; the marker rules {_fmt(rules)}).")
    if acc < rules:
        line += (" On the seeds the marker rules agree better, but they were written reading those answers (in "
                 "sample) and fall far below this model on answers of White House briefings coded by hand out "
                 "of sample (`bench/results/clarity.md`), so this model gives the project's default `clarity` "
                 "and the rules sit beside it (`clarity_rules`).")
    return [line]


def train(path=None, out_dir=None, cv_path=None, log=None, card_only: bool = False, archive_path=None) -> Path:
    """Choose the settings, fit on all rows and write ``clarity_model.json`` and ``clarity_model.md``.

    Parameters
    ----------
    path : str or Path, optional
        Training data; default :data:`helpers.config.QEVASION_TRAIN`.
    out_dir : str or Path, optional
        Default :data:`helpers.config.MODELS_DIR`.
    cv_path : str or Path, optional
        Cross-validation results quoted by the card; default :data:`CV_RESULTS`.
    log : callable, optional
        Called with progress messages.
    card_only : bool
        Keep the model in ``out_dir`` and rewrite only its card (after a new cross-validation).
    archive_path : str or Path, optional
        Hand-coded briefing answers of the ``project`` head (:func:`load_archive`); default
        :data:`helpers.qa._clarity_samples.ARCHIVE_PATHS`.

    Returns
    -------
    Path
        The model file written.
    """
    df = load(path)
    archive = load_archive(archive_path)
    out = Path(out_dir or MODELS_DIR)
    model_path = out / "clarity_model.json"
    if card_only:
        model = cm.ClarityModel.from_json(model_path)
        settings = settings_of(model)
    else:
        settings = select(df, log=log)
        if log:
            log(f"chosen: {settings}")
        model = fit(training_rows(df, archive), settings)
        out.mkdir(parents=True, exist_ok=True)
        model.to_json(model_path)
        again = cm.ClarityModel.from_json(model_path)
        p1 = model.predict_proba(df["question"][:200], df["answer"][:200])
        p2 = again.predict_proba(df["question"][:200], df["answer"][:200])
        if not np.array_equal(p1, p2):
            raise RuntimeError("the saved model does not predict like the fitted one")
    cv_file = Path(cv_path or CV_RESULTS)
    cv = json.loads(cv_file.read_text(encoding="utf-8")) if cv_file.exists() else None
    size = model_path.stat().st_size
    (out / "clarity_model.md").write_text(model_card(df, settings, model, cv, size, archive), encoding="utf-8")
    return model_path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.qa._clarity_train",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--train", default=None, help="QEvasion train.jsonl(.gz); default data/qevasion/train.jsonl.gz")
    parser.add_argument("--out", default=None, help="folder for clarity_model.json and clarity_model.md; "
                                                    "default src/helpers/data/models")
    parser.add_argument("--card-only", action="store_true",
                        help="rewrite clarity_model.md for the existing model (e.g. after bench_clarity.py --cv)")
    args = parser.parse_args(argv)
    try:
        path = train(args.train, args.out, log=lambda m: print(m, flush=True), card_only=args.card_only)
    except InputError as exc:
        print(f"error: {exc}", flush=True)
        return 2
    print(f"wrote {path} ({path.stat().st_size:,} bytes) and {path.parent / 'clarity_model.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
