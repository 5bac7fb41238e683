"""Validation of the trained answer-clarity model: grouped cross-validation and the seeds.

* :func:`grouped_cv` – nested 5-fold cross-validation on the QEvasion training split, folds
  grouped by news conference (``url``): in every outer fold the settings are chosen on the
  training folds only (:func:`helpers.qa._clarity_train.select`), the model is fitted there and
  scored on the held-out conferences, each row with its turn's other sub-questions, again with
  the questions split from the turn text (:func:`text_pairing`), as rows of a CSV without turn
  text (:func:`helpers.qa.score_pairs`: rows sharing an answer form a turn) and alone; the same predictions
  also with the classes reweighted (:func:`weights`). Baselines: always ``ambivalent`` and the
  marker rules.
* :func:`score_file` – the package's model on another labelled QEvasion-format file.
* :func:`seeds_check` – out of domain: the seeds' hand-coded answer turns
  (``annotations/clarity_gold.csv``), each paired with its exchange's reporter turn(s), scored
  by the package's model in the project's coding (as in ``analyse``: the turn split into its
  questions, the probabilities averaged over them) and by the rules. Reported only; never used to
  choose anything.
* :func:`archive_check` – out of sample for the model and the rules: answer turns of White House
  briefings drawn at random and coded by hand on the seeds' rules, twice
  (``annotations/clarity_archive3.csv``, which no choice of the model saw), with the agreement of the
  second coding.
* :func:`archive_cv` – the ``project`` head's cross-validation grouped by briefing on the hand-coded
  answers it is trained on (``annotations/clarity_archive.csv`` and ``clarity_archive2.csv``), the one
  that chose their weight.
* :func:`read_results` – the committed benchmark results (``bench/results/clarity.json``, written
  by ``bench/bench_clarity.py``) as tables for the notebooks.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import ANNOTATIONS_DIR, BENCH_DIR
from ..qa import CLARITY, TRANSCRIPT_CODING
from ..qa._clarity_samples import (  # noqa: F401 (re-exported)
    ARCHIVE_COLUMNS,
    ARCHIVE_PATH,
    ARCHIVE_PATHS,
    read_archive_sample,
    read_archive_samples,
    sample_paths,
)
from ._bootstrap import resampled_sums

#: Benchmark results read by :func:`read_results`.
RESULTS_PATH = BENCH_DIR / "results" / "clarity.json"
#: Outer folds of the grouped cross-validation.
N_FOLDS = 5
#: Display names of the systems compared.
MODEL, ALWAYS, RULES = "model", "always ambivalent", "rules (classify_answer)"
#: The model fed the questions split from the reporter's turn text, as on users' data.
TEXT_PAIRING = "model, questions split from the turn text"
#: The model fed each sub-question alone, without the other questions of its turn.
ALONE = "model, each sub-question alone (no turn)"
#: The model fed the pairs as a CSV without turn text gets them (:func:`helpers.qa.score_pairs`):
#: consecutive rows sharing their answer are one turn's questions.
SHARED = "model, rows sharing an answer as one turn (no turn text)"
#: Ambivalent share of the held-out test split (stated with the task); the out-of-fold predictions
#: are also scored with the classes reweighted to it. Nothing is chosen by it.
REWEIGHT_SHARE = 0.669


def weights(y) -> np.ndarray:
    """Sample weights that give ``ambivalent`` the share :data:`REWEIGHT_SHARE` and keep the
    ratio of the other classes."""
    y = np.asarray(y, dtype=object)
    amb = y == "ambivalent"
    return np.where(amb, REWEIGHT_SHARE / amb.mean(), (1 - REWEIGHT_SHARE) / (~amb).mean())


def text_pairing(rows: pd.DataFrame, vocabulary: dict) -> tuple[list[str], list]:
    """The question each training row gets when its turn is split from the reporter's text.

    The turn text (``turn_question``, QEvasion ``interview_question``) is split into its questions
    (:func:`helpers.qa._clarity_features.question_parts`). When it gives as many questions as the
    dataset has sub-questions for that turn, the row's is the one at its position; otherwise the
    one closest to the row's sub-question (TF-IDF cosine; the first on ties). This only aligns
    rows with parts for scoring: the model then sees the split text, as in ``analyse``.

    Returns
    -------
    tuple
        ``(questions, turns)`` for :meth:`ClarityModel.predict_proba`.
    """
    from ..qa import _clarity_features as cf

    idf, max_idf = cf.answer_idf(vocabulary)
    questions, turns = [], []
    for text, sub, (pos, subs) in zip(rows["turn_question"], rows["question"], rows["turn"]):
        parts = cf.question_parts(text)
        if len(parts) == len(subs):
            k = pos
        else:
            sub_tok = cf._tokens(cf._norm(sub))
            cos = [cf._cosine(cf._tokens(cf._norm(p)), sub_tok, idf, max_idf) for p in parts]
            k = max(range(len(parts)), key=lambda i: (cos[i], -i))
        questions.append(parts[k])
        turns.append((k, parts))
    return questions, turns


def scores(y, pred, sample_weight=None) -> dict:
    """Accuracy, macro-F1, per-class P/R/F1 and the confusion matrix (rows gold, columns predicted;
    weighted counts with ``sample_weight``)."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    classes = list(CLARITY)
    w = sample_weight
    p, r, f, n = precision_recall_fscore_support(y, pred, labels=classes, zero_division=0, sample_weight=w)
    cm_ = confusion_matrix(y, pred, labels=classes, sample_weight=w)
    if w is not None:  # weighted counts, to the nearest whole
        cm_ = np.rint(cm_)
        n = np.rint(n)
    return {
        "n": int(len(y)),
        "accuracy": round(float(accuracy_score(y, pred, sample_weight=w)), 4),
        "macro_f1": round(float(f1_score(y, pred, labels=classes, average="macro", zero_division=0,
                                         sample_weight=w)), 4),
        "per_class": {c: {"precision": round(float(p[k]), 4), "recall": round(float(r[k]), 4),
                          "f1": round(float(f[k]), 4), "support": int(n[k])} for k, c in enumerate(classes)},
        "confusion": {g: {c: int(cm_[i, j]) for j, c in enumerate(classes)} for i, g in enumerate(classes)},
    }


def rules(answers) -> list[dict]:
    """The marker rules' decision for each answer."""
    from ..qa import classify_answer, load_markers

    markers = load_markers()
    return [classify_answer(a, markers) for a in answers]


def grouped_cv(df: pd.DataFrame | None = None, log=None, archive: pd.DataFrame | None = None,
               weight: int | None = None) -> dict:
    """Nested grouped cross-validation of the model and the baselines.

    Parameters
    ----------
    df : DataFrame, optional
        Training rows (:func:`helpers.qa._clarity_train.load`); default the project's copy.
    archive : DataFrame, optional
        Hand-coded briefing answers (:func:`helpers.qa._clarity_train.load_archive`) added to every
        training fold after the settings are chosen, each weighing ``weight`` rows (default
        :data:`helpers.qa._clarity_train.ARCHIVE_WEIGHT`), as ``make train-clarity`` adds them
        (:func:`helpers.qa._clarity_train.training_rows`); never scored here.
    log : callable, optional
        Called with a line per fold.

    Returns
    -------
    dict
        ``folds`` (settings chosen and scores per outer fold), ``cv`` (system -> :func:`scores`)
        and ``rules_pairs_per_second``.
    """
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import GroupKFold

    from ..qa import _clarity_train as tr
    from ..qa import score_pairs

    df = tr.load() if df is None else df
    classes = list(CLARITY)
    y = df["clarity"].to_numpy(object)
    folds = list(GroupKFold(N_FOLDS).split(df, y, df["group"]))
    pred = np.empty(len(df), dtype=object)
    ptype = np.empty(len(df), dtype=object)
    pred_text = np.empty(len(df), dtype=object)
    pred_alone = np.empty(len(df), dtype=object)
    pred_shared = np.empty(len(df), dtype=object)
    chosen = []
    for k, (train_idx, test_idx) in enumerate(folds):
        t0 = time.perf_counter()
        train_df = df.iloc[train_idx].reset_index(drop=True)
        settings = tr.select(train_df)
        model = tr.fit(tr.training_rows(train_df, archive, tr.ARCHIVE_WEIGHT if weight is None else weight), settings)
        test_df = df.iloc[test_idx]
        out = model.predict(test_df["question"], test_df["answer"], turns=test_df["turn"])
        pred[test_idx] = out["clarity"].to_numpy(object)
        ptype[test_idx] = out["clarity_type"].to_numpy(object)
        pred_alone[test_idx] = model.predict_proba(test_df["question"], test_df["answer"],
                                                   split_questions=False).argmax(axis=1)
        pred_shared[test_idx] = score_pairs(test_df["question"], test_df["answer"], model)["clarity"].to_numpy(object)
        q_text, turns_text = text_pairing(test_df, model.vocabulary)
        pred_text[test_idx] = model.predict_proba(q_text, test_df["answer"], turns=turns_text).argmax(axis=1)
        chosen.append({"fold": k, "n_train": int(len(train_idx)), "n_test": int(len(test_idx)),
                       "C": settings["C"], "class_weight": settings["class_weight"], "bias": settings["bias"],
                       "inner_score": round(settings["inner_score"], 4),
                       "fold_accuracy": round(float(accuracy_score(y[test_idx], pred[test_idx])), 4),
                       "fold_macro_f1": round(float(f1_score(y[test_idx], pred[test_idx], labels=classes,
                                                             average="macro", zero_division=0)), 4)})
        if log:
            log(f"fold {k}: {chosen[-1]} ({time.perf_counter() - t0:.0f} s)")
    pred_text = np.array(classes, dtype=object)[pred_text.astype(int)]
    pred_alone = np.array(classes, dtype=object)[pred_alone.astype(int)]
    model_scores = scores(y, pred)
    gold_type = df["clarity_type"].to_numpy(object)
    model_scores["type_accuracy"] = round(float((ptype == gold_type).mean()), 4)
    ok = pred == y
    model_scores["type_accuracy_where_class_right"] = round(float((ptype[ok] == gold_type[ok]).mean()), 4)
    t0 = time.perf_counter()
    rule_pred = [r["clarity"] for r in rules(df["answer"])]
    rule_seconds = time.perf_counter() - t0
    w = weights(y)
    return {
        "folds": chosen,
        "cv": {MODEL: model_scores, ALWAYS: scores(y, ["ambivalent"] * len(y)), RULES: scores(y, rule_pred),
               TEXT_PAIRING: scores(y, pred_text), SHARED: scores(y, pred_shared),
               ALONE: scores(y, pred_alone)},
        "reweighted": {"ambivalent_share": REWEIGHT_SHARE,
                       **{name: scores(y, p, w) for name, p in ((MODEL, pred), (ALWAYS, ["ambivalent"] * len(y)),
                                                               (TEXT_PAIRING, pred_text), (SHARED, pred_shared),
                                                               (ALONE, pred_alone))}},
        "rules_pairs_per_second": round(len(df) / rule_seconds, 1),
    }


def score_file(path, model=None) -> dict:
    """Scores of the model on a labelled QEvasion-format file (``train.jsonl(.gz)`` fields).

    Each row is scored with its sub-question and its place among the rows of the same news
    conference, interview question and answer, as in training. Nothing is written.

    Returns
    -------
    dict
        ``model`` and ``always ambivalent`` (:func:`scores`), ``n_turns``.
    """
    from ..qa import _clarity_train as tr
    from ..qa import load_clarity_model

    df = tr.load(path)
    model = model or load_clarity_model()
    y = df["clarity"].to_numpy(object)
    pred = model.predict(df["question"], df["answer"], turns=df["turn"])["clarity"].to_numpy(object)
    return {"path": str(path), "n_turns": int(df[["group", "turn_question", "answer"]].drop_duplicates().shape[0]),
            MODEL: scores(y, pred), ALWAYS: scores(y, ["ambivalent"] * len(y))}


def seed_pairs(seeds_dir=None) -> pd.DataFrame:
    """The seeds' hand-coded answer turns with the question each responds to.

    The question is the text of the exchange's reporter turn(s) (``question_turns``), as
    :func:`helpers.qa.build_exchanges` links them.
    """
    from ..corpus import load_corpus
    from ..qa import answer_turn_table, build_exchanges, split_turns
    from .qa import read_clarity_gold

    corpus = load_corpus(seeds_dir)
    u = corpus.utterances
    ex = build_exchanges(u, corpus.principals)
    gold = read_clarity_gold()
    text = u.set_index(["event_id", "turn"])["text"]
    turns = answer_turn_table(ex).merge(ex[["event_id", "exchange", "question_turns"]],
                                        on=["event_id", "exchange"], how="left")
    turns["question"] = [" ".join(str(text.get((ev, t), "")) for t in split_turns(q))
                         for ev, q in zip(turns["event_id"], turns["question_turns"])]
    turns["answer"] = [str(text.get((ev, t), "")) for ev, t in zip(turns["event_id"], turns["turn"])]
    m = gold.merge(turns[["event_id", "turn", "question_turns", "question", "answer"]], on=["event_id", "turn"],
                   how="left")
    m["question"] = m["question"].fillna("")
    m["answer"] = m["answer"].fillna("")
    return m


def seeds_check(seeds_dir=None, model=None) -> dict:
    """Out-of-domain agreement on the seeds' hand-coded answers, of the model and the rules."""
    from ..qa import load_clarity_model

    pairs = seed_pairs(seeds_dir)
    y = pairs["clarity"].to_numpy(object)
    out = {"n": int(len(pairs)), "n_without_question": int((pairs["question"] == "").sum())}
    rule_out = rules(pairs["answer"])
    out[RULES] = scores(y, [r["clarity"] for r in rule_out])
    model = model or load_clarity_model(coding=TRANSCRIPT_CODING)
    pred = model.predict(pairs["question"], pairs["answer"])
    out[MODEL] = scores(y, pred["clarity"].to_numpy(object))
    out[MODEL]["type_accuracy"] = round(float((pred["clarity_type"] == pairs["clarity_type"]).mean()), 4)
    out["rows"] = [
        {"event_id": e, "turn": int(t), "gold": g, "gold_type": gt, "model": p, "model_type": pt,
         "p_reply": round(float(a), 3), "p_ambivalent": round(float(b), 3), "p_non_reply": round(float(c), 3),
         "rules": r["clarity"], "evidence": ev}
        for e, t, g, gt, p, pt, a, b, c, r, ev in zip(
            pairs["event_id"], pairs["turn"], pairs["clarity"], pairs["clarity_type"], pred["clarity"],
            pred["clarity_type"], pred["p_reply"], pred["p_ambivalent"], pred["p_non_reply"], rule_out,
            pred["evidence"])]
    return out


#: The second, independent coding of each sample the model is trained on (:data:`ARCHIVE_PATHS`,
#: answer turns of White House briefings coded by hand on the seeds' clarity rules; the model is
#: trained on their first coding, :func:`helpers.qa._clarity_train.load_archive`).
ARCHIVE_SECOND_PATHS = tuple(ANNOTATIONS_DIR / "second_coding" / p.name for p in ARCHIVE_PATHS)

#: A third sample drawn and coded the same way (``annotations/clarity_archive3.md``), kept unscored
#: until the ``project`` head was trained on :data:`ARCHIVE_PATHS`: the out-of-sample check of that
#: model, and the default of :func:`archive_check`. Nothing may be chosen on it. (The second sample,
#: now training data, was the check of the model trained on the first alone.)
CHECK_PATH = ANNOTATIONS_DIR / "clarity_archive3.csv"
CHECK_SECOND_PATH = ANNOTATIONS_DIR / "second_coding" / "clarity_archive3.csv"

#: Samples drawn and coded the same way (only answers to a question drawn), **reserved**: name ->
#: (first coding, second coding). Each is kept unscored for the out-of-sample check of a later change to
#: the clarity model, which may tune on the samples scored before it; :func:`archive_check` refuses them
#: until then (``annotations/<name>.md`` says which change each checks).
RESERVED = {name: (ANNOTATIONS_DIR / f"{name}.csv", ANNOTATIONS_DIR / "second_coding" / f"{name}.csv")
            for name in ("clarity_archive4",)}

#: Folds of :func:`archive_cv` (grouped by briefing).
ARCHIVE_FOLDS = 6

#: The package's model settings fitted on the QEvasion rows alone (without the hand-coded briefing
#: answers), scored beside it by ``bench/bench_clarity.py`` on the out-of-sample answers.
QEVASION_ALONE = "model trained on QEvasion alone"
#: The systems :func:`archive_check` scores (and the benchmark adds), in the order they are reported.
ARCHIVE_SYSTEMS = (MODEL, QEVASION_ALONE, RULES, "always reply", ALWAYS, "second coding")

def _interval(y, pred, files, n_boot: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95% percentile interval of the accuracy, resampling whole transcripts (seeded)."""
    right = (np.asarray(y, object) == np.asarray(pred, object)).astype(float)
    hits, size = resampled_sums(np.column_stack([right, np.ones(len(right))]), np.asarray(files, object), n_boot, seed).T
    acc = hits / size
    return round(float(np.quantile(acc, 0.025)), 4), round(float(np.quantile(acc, 0.975)), 4)


def _second_coding(pairs: pd.DataFrame, paths, seconds) -> np.ndarray | None:
    """The second coding's classes, in the order of ``pairs`` (None when a file is missing):
    ``pairs`` read from the samples ``paths``, ``seconds`` their second codings, in the same order."""
    paths, seconds = sample_paths(paths), sample_paths(seconds)
    if not all(x.exists() for x in seconds):
        return None
    other = read_archive_samples(seconds)
    if list(zip(other["file"], other["turn"])) != list(zip(pairs["file"], pairs["turn"])):
        raise ValueError(f"{' + '.join(x.name for x in seconds)}: not the same answers, in the same order, as "
                         f"{' + '.join(x.name for x in paths)}")
    return other["clarity"].to_numpy(object)


def _archive_scores(pairs: pd.DataFrame, pred: pd.DataFrame, second: np.ndarray | None) -> dict:
    """Each system of :data:`ARCHIVE_SYSTEMS` scored on ``pairs`` with a 95% interval resampling
    transcripts; ``pred`` holds the model's ``clarity`` and ``clarity_type`` per pair."""
    y, files = pairs["clarity"].to_numpy(object), pairs["file"].to_numpy(object)
    systems = {MODEL: pred["clarity"].to_numpy(object),
               RULES: np.array([r["clarity"] for r in rules(pairs["answer"])], dtype=object),
               "always reply": np.full(len(y), "reply", dtype=object), ALWAYS: np.full(len(y), "ambivalent", dtype=object)}
    if second is not None:
        systems["second coding"] = second
    out = {"n": int(len(pairs)), "n_files": int(pairs["file"].nunique())}
    for name, p in systems.items():
        low, high = _interval(y, p, files)
        out[name] = {**scores(y, p), "accuracy_low": low, "accuracy_high": high}
    out[MODEL]["type_accuracy"] = round(float((pred["clarity_type"].to_numpy(object)
                                               == pairs["clarity_type"].to_numpy(object)).mean()), 4)
    return out


def archive_check(model=None, path: str | Path | None = None, second_path: str | Path | None = None) -> dict:
    """Out of sample for the model and the rules: briefing answers coded by hand.

    Each answer is scored with the reporter turn(s) it responds to, as :func:`seeds_check` does:
    by the package's model, by the marker rules, and by always answering ``reply`` (the most common
    class of the seeds' coding) and ``ambivalent`` (QEvasion's). With a second coding, how far the
    two codings agree, scored the same way.

    Parameters
    ----------
    model : ClarityModel, optional
        Default the package's.
    path, second_path : str or Path, optional
        The sample and its second coding; default :data:`CHECK_PATH` and :data:`CHECK_SECOND_PATH`
        (the second coding beside a given ``path`` is not looked for: pass it).

    Returns
    -------
    dict
        ``n``, ``n_files``, ``sample`` (the file's name) and, per system, :func:`scores` plus
        ``accuracy_low``/``_high`` (95% interval, resampling transcripts); ``second coding``
        likewise against the first.

    Raises
    ------
    ValueError
        For a reserved sample (:data:`RESERVED`, either coding), before anything is
        scored; or when the second coding does not code the same answers in the same order.
    """
    from ..qa import load_clarity_model

    reserved = {f.resolve(): name for name, files in RESERVED.items() for f in files}
    for p in (path, second_path):
        if p is not None and Path(p).resolve() in reserved:
            raise ValueError(f"{Path(p).name}: reserved for the out-of-sample check of a later change to the clarity "
                             f"model; not scored until then (annotations/{reserved[Path(p).resolve()]}.md)")
    if path is None:
        path, second_path = CHECK_PATH, second_path or CHECK_SECOND_PATH
    path = Path(path)
    pairs = read_archive_sample(path)
    second = _second_coding(pairs, path, second_path) if second_path is not None else None
    model = model or load_clarity_model(coding=TRANSCRIPT_CODING)
    pred = model.predict(pairs["question"], pairs["answer"])
    return {"sample": path.name, **_archive_scores(pairs, pred, second)}


def archive_cv(settings: dict | None = None, weight: int | None = None, qevasion: pd.DataFrame | None = None,
               path: str | Path | None = None, log=None) -> dict:
    """Cross-validation grouped by briefing on the hand-coded answers the model is trained on.

    :data:`ARCHIVE_FOLDS`-fold GroupKFold by transcript on :data:`ARCHIVE_PATHS`: in each fold a model
    with ``settings`` is fitted on all QEvasion rows and the other folds' answers, each weighing
    ``weight`` rows (:func:`helpers.qa._clarity_train.training_rows`), and scores the held-out
    briefings' answers. The weight of the package's model was chosen by this cross-validation, so
    its score is a development number; :func:`archive_check` is the clean check. Baselines and the
    second coding as in :func:`archive_check`.

    Parameters
    ----------
    settings : dict, optional
        ``C``, ``class_weight``, ``bias``; default the package's model's.
    weight : int, optional
        Default :data:`helpers.qa._clarity_train.ARCHIVE_WEIGHT`.
    qevasion : DataFrame, optional
        Default :func:`helpers.qa._clarity_train.load`.
    path : str or Path, optional
        One sample instead (scored without its second coding); default the samples of
        :data:`ARCHIVE_PATHS` (with :data:`ARCHIVE_SECOND_PATHS`).

    Returns
    -------
    dict
        As :func:`archive_check`, plus ``weight`` and ``folds``.
    """
    from sklearn.model_selection import GroupKFold

    from ..qa import load_clarity_model
    from ..qa import _clarity_train as tr

    settings = settings or tr.settings_of(load_clarity_model())
    weight = tr.ARCHIVE_WEIGHT if weight is None else int(weight)
    qevasion = tr.load() if qevasion is None else qevasion
    paths = sample_paths(path)
    pairs = read_archive_samples(paths)
    rows = tr.archive_rows(pairs)
    second = _second_coding(pairs, paths, ARCHIVE_SECOND_PATHS) if path is None else None
    pred = pd.DataFrame({"clarity": np.empty(len(pairs), dtype=object), "clarity_type": np.empty(len(pairs), dtype=object)})
    for k, (train_idx, test_idx) in enumerate(GroupKFold(ARCHIVE_FOLDS).split(pairs, groups=pairs["file"])):
        t0 = time.perf_counter()
        model = tr.fit(tr.training_rows(qevasion, rows.iloc[train_idx], weight), settings)
        if weight:
            model = model.for_coding(TRANSCRIPT_CODING)
        out = model.predict(pairs["question"].iloc[test_idx], pairs["answer"].iloc[test_idx])
        pred.iloc[test_idx, 0] = out["clarity"].to_numpy(object)
        pred.iloc[test_idx, 1] = out["clarity_type"].to_numpy(object)
        if log:
            log(f"archive fold {k}: {len(test_idx)} answers ({time.perf_counter() - t0:.0f} s)")
    return {"sample": " + ".join(p.name for p in paths), "weight": weight, "folds": ARCHIVE_FOLDS,
            **_archive_scores(pairs, pred, second)}


def weight_sweep(weights=(0, 5, 10, 20, 40), qevasion: pd.DataFrame | None = None, log=None) -> dict:
    """How much the hand-coded briefing answers should weigh in the ``project`` head: :func:`archive_cv` per weight.

    With the package model's settings fixed. The weight chosen is the one with the highest
    macro-F1 on the briefing answers, the smallest on ties; ``make train-clarity`` uses
    :data:`helpers.qa._clarity_train.ARCHIVE_WEIGHT`, which a test keeps equal to it. The default
    (``qevasion``) head is fitted on the QEvasion rows alone, so the weight does not change it.

    Returns
    -------
    dict
        ``rows`` (``weight``, ``archive_accuracy``, ``archive_macro_f1``) and ``chosen``.
    """
    from ..qa import _clarity_train as tr
    from ..qa import load_clarity_model

    settings = tr.settings_of(load_clarity_model())
    q = tr.load() if qevasion is None else qevasion
    rows = []
    for w in weights:
        a = archive_cv(settings, w, q)[MODEL]
        rows.append({"weight": int(w), "archive_accuracy": a["accuracy"], "archive_macro_f1": a["macro_f1"]})
        if log:
            log(f"weight {w}: {rows[-1]}")
    return {"rows": rows, "chosen": choose_weight(rows)}


def choose_weight(rows: list[dict]) -> int:
    """The weight of :func:`weight_sweep`'s ``rows`` with the best ``archive_macro_f1`` (the smallest on ties)."""
    return int(max(rows, key=lambda r: (r["archive_macro_f1"], -r["weight"]))["weight"])


def read_results(path: str | Path | None = None) -> dict:
    """The committed clarity benchmark as tables.

    Returns
    -------
    dict
        ``cv`` (one row per system: ``n, accuracy, macro_f1`` and per-class precision/recall/F1,
        out of sample), ``cv_confusion`` (the model's, rows gold, columns predicted),
        ``cv_folds``, ``seeds`` (same columns as ``cv``, out of domain), ``seeds_confusion``
        (the model's), ``seeds_rows``, ``note`` (how the numbers were made) and, when the benchmark
        scored them, ``archive`` (the hand-coded briefing answers of :func:`archive_check`, out of
        sample: the columns of ``cv`` with the accuracy's 95% interval ``accuracy_low``/
        ``accuracy_high``) and ``archive_confusion`` (the model's), and ``archive_cv`` and
        ``archive_cv_confusion`` likewise for :func:`archive_cv`, and ``weights`` (the rows of
        :func:`weight_sweep`, by weight) and ``weight_chosen``.
    """
    path = Path(path or RESULTS_PATH)
    if not path.exists():
        raise FileNotFoundError(f"{path}: run .venv/bin/python bench/bench_clarity.py first")
    res = json.loads(path.read_text(encoding="utf-8"))

    def table(block: dict) -> pd.DataFrame:
        rows = []
        for name, r in block.items():
            if not isinstance(r, dict) or "per_class" not in r:
                continue
            row = {"system": name, "n": r["n"], "accuracy": r["accuracy"], "macro_f1": r["macro_f1"]}
            for c in CLARITY:
                for k in ("precision", "recall", "f1"):
                    row[f"{k}_{c}"] = r["per_class"][c][k]
            rows.append(row)
        return pd.DataFrame(rows).set_index("system")

    def confusion(r: dict) -> pd.DataFrame:
        m = pd.DataFrame(r["confusion"]).T.loc[list(CLARITY), list(CLARITY)]
        m.index.name, m.columns.name = "gold", "predicted"
        return m

    seeds = res["seeds"]
    out = {
        "cv": table(res["cv"]), "cv_confusion": confusion(res["cv"][MODEL]),
        "cv_folds": pd.DataFrame(res["folds"]), "seeds": table(seeds), "seeds_confusion": confusion(seeds[MODEL]),
        "seeds_rows": pd.DataFrame(seeds["rows"]), "note": res.get("note", ""),
    }
    for key in ("archive", "archive_cv"):
        block = res.get(key)
        if block:
            t = table(block)
            t = t.loc[[n for n in ARCHIVE_SYSTEMS if n in t.index]]
            at = t.columns.get_loc("accuracy")
            t.insert(at + 1, "accuracy_low", [block[n]["accuracy_low"] for n in t.index])
            t.insert(at + 2, "accuracy_high", [block[n]["accuracy_high"] for n in t.index])
            out[key], out[f"{key}_confusion"] = t, confusion(block[MODEL])
    if res.get("weights"):
        out["weights"] = pd.DataFrame(res["weights"]["rows"]).set_index("weight")[["archive_accuracy", "archive_macro_f1"]]
        out["weight_chosen"] = res["weights"]["chosen"]
    return out
