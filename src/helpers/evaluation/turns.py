"""Evaluation of speaker-turn inference (:mod:`helpers.turns`).

Two measurements:

* **Gold comparison** (:func:`evaluate_gold`): inferred turns of a captions transcript against
  a hand annotation (``annotations/000_turns_gold.csv``): word-level speaker and role accuracy,
  and boundary precision/recall/F1, where a predicted change of speaker counts if it lies
  within :data:`BOUNDARY_TOLERANCE` words of a gold one (one-to-one matching).
* **Generalisation** (:func:`generalisation`): labelled transcripts are stripped of their
  labels, lower-cased and stripped of all punctuation except full stops, written to a
  temporary folder with no catalog, and run through the same inference; word-level role
  accuracy (principal vs reporter) is measured against the stripped labels.

Words are runs of non-space characters; a word belongs to the turn its first character is in.
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..corpus import classify_label, find_labels, read_catalog, read_transcript
from ..text import strip_text  # noqa: F401 - part of this module's face
from ..turns import DEFAULT_METHOD, infer_turns

#: A predicted boundary within this many words of a gold boundary counts as found.
BOUNDARY_TOLERANCE = 5


#: The hand-annotated captions transcript and its annotation.
GOLD_EVENT_FILE = "000_1784a1a7a08be58e.txt"


GOLD_PATH = config.ANNOTATIONS_DIR / "000_turns_gold.csv"


#: The labelled transcripts used for the generalisation experiment.
GENERALISATION_FILES = ("001_b219ddfb84c489c3.txt", "002_8377b08365b59c23.txt")


_WORD = re.compile(r"\S+")


def word_labels(text: str, turns: pd.DataFrame, columns=("speaker", "role")) -> pd.DataFrame:
    """Label every word of ``text`` with the turn its first character falls in.

    Parameters
    ----------
    text : str
        The text the turn offsets index into.
    turns : pandas.DataFrame
        ``start_char, end_char`` and the ``columns`` to copy; sorted, non-overlapping.

    Returns
    -------
    pandas.DataFrame
        One row per word: ``start_char``, ``word`` (its index), the copied columns (missing
        where no turn covers the word).
    """
    starts = np.array([m.start() for m in _WORD.finditer(text)], dtype=int)
    out = pd.DataFrame({"start_char": starts, "word": np.arange(len(starts))})
    t = turns.sort_values("start_char").reset_index(drop=True)
    idx = np.searchsorted(t["start_char"].to_numpy(), starts, side="right") - 1
    inside = (idx >= 0) & (starts < t["end_char"].to_numpy()[np.clip(idx, 0, None)])
    for c in columns:
        vals = t[c].to_numpy(dtype=object)[np.clip(idx, 0, None)]
        out[c] = np.where(inside, vals, None)
    return out


def boundary_words(text: str, turns: pd.DataFrame) -> np.ndarray:
    """Word positions of the changes of turn: the index of the first word of each turn but the first."""
    starts = np.array([m.start() for m in _WORD.finditer(text)], dtype=int)
    b = np.searchsorted(starts, turns.sort_values("start_char")["start_char"].to_numpy()[1:], side="left")
    return np.unique(b[(b > 0) & (b < len(starts))])


def match_boundaries(gold, pred, tolerance: int = BOUNDARY_TOLERANCE) -> tuple[set, set]:
    """The indices of the gold and of the predicted boundaries matched one to one within
    ``tolerance``: candidate pairs are matched greedily from the closest pair on, so one gold
    boundary cannot be credited twice."""
    gold, pred = np.asarray(gold, dtype=int), np.asarray(pred, dtype=int)
    # candidate pairs within the tolerance, found by binary search over the sorted predictions
    order = np.argsort(pred, kind="stable")
    ranked = pred[order]
    lo = np.searchsorted(ranked, gold - tolerance, side="left")
    hi = np.searchsorted(ranked, gold + tolerance, side="right")
    counts = hi - lo
    gi = np.repeat(np.arange(len(gold)), counts)
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    pj = order[np.repeat(lo, counts) + within]
    dist = np.abs(gold[gi] - pred[pj])
    rank = np.lexsort((pj, gi, dist))  # closest pair first, then by gold and predicted index
    used_g, used_p = set(), set()
    for i, j in zip(gi[rank].tolist(), pj[rank].tolist()):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return used_g, used_p


def boundary_scores(gold: np.ndarray, pred: np.ndarray, tolerance: int = BOUNDARY_TOLERANCE) -> dict:
    """Precision, recall and F1 of predicted boundaries with a tolerance, matched one to one
    (:func:`match_boundaries`)."""
    gold, pred = np.asarray(gold, dtype=int), np.asarray(pred, dtype=int)
    hits = len(match_boundaries(gold, pred, tolerance)[0])
    precision = hits / len(pred) if len(pred) else float(len(gold) == 0)
    recall = hits / len(gold) if len(gold) else float(len(pred) == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"boundary_precision": precision, "boundary_recall": recall, "boundary_f1": f1,
            "n_gold_boundaries": int(len(gold)), "n_pred_boundaries": int(len(pred)), "n_matched": hits}


def pooled_prf(n_matched: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of boundaries counted over many documents (0 where undefined)."""
    prec = n_matched / n_pred if n_pred else 0.0
    rec = n_matched / n_gold if n_gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def compare_turns(text: str, gold: pd.DataFrame, pred: pd.DataFrame, tolerance: int = BOUNDARY_TOLERANCE) -> dict:
    """Word-level speaker and role accuracy and boundary scores of ``pred`` against ``gold``.

    Both tables need ``start_char, end_char, speaker, role``.
    """
    g = word_labels(text, gold)
    p = word_labels(text, pred)
    out = {
        "n_words": int(len(g)),
        "speaker_accuracy": float((g["speaker"] == p["speaker"]).mean()) if len(g) else float("nan"),
        "role_accuracy": float((g["role"] == p["role"]).mean()) if len(g) else float("nan"),
        "n_gold_turns": int(len(gold)),
        "n_pred_turns": int(len(pred)),
    }
    out.update(boundary_scores(boundary_words(text, gold), boundary_words(text, pred), tolerance))
    return out


def load_gold(path: str | Path = GOLD_PATH) -> pd.DataFrame:
    """Read a turn annotation (``start_char, end_char, speaker, role, act, note``)."""
    gold = pd.read_csv(path, keep_default_na=False)
    missing = {"start_char", "end_char", "speaker", "role"} - set(gold.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    return gold


def check_tiling(turns: pd.DataFrame, start: int, end: int) -> None:
    """Raise ``ValueError`` unless ``turns`` tile ``[start, end)`` exactly, in order."""
    s, e = turns["start_char"].to_numpy(), turns["end_char"].to_numpy()
    if len(turns) == 0:
        if start != end:
            raise ValueError(f"no turns for [{start}, {end})")
        return
    if s[0] != start or e[-1] != end or (s[1:] != e[:-1]).any() or (e <= s).any():
        raise ValueError(f"turns do not tile [{start}, {end})")


def evaluate_gold(text: str | None = None, principals: pd.DataFrame | None = None,
                  gold: pd.DataFrame | None = None, method: str = DEFAULT_METHOD) -> tuple[dict, pd.DataFrame]:
    """Infer the turns of the annotated captions transcript and compare them with the gold.

    Parameters
    ----------
    text : str, optional
        The transcript (default: the seed file :data:`GOLD_EVENT_FILE`).
    principals : pandas.DataFrame, optional
        Its principals (default: from the catalog via :func:`helpers.load_corpus` when
        available, else Pompeo (not interpreted) and Lavrov (interpreted)).
    gold : pandas.DataFrame, optional
        The annotation (default: :data:`GOLD_PATH`).
    method : str
        The inference method (:data:`helpers.turns.METHODS`).

    Returns
    -------
    metrics : dict
    predicted : pandas.DataFrame
        The inferred turns.
    """
    if text is None:
        text, _ = read_transcript(config.SEEDS_DIR / GOLD_EVENT_FILE)
    if principals is None:
        principals = _gold_principals()
    gold = load_gold() if gold is None else gold
    pred = infer_turns(text, principals, method=method)
    return compare_turns(text, gold, pred), pred


def _gold_principals() -> pd.DataFrame:
    """The principals of the annotated event, from the catalog when it can be read."""
    try:

        events, principals = read_catalog(config.SEEDS_DIR / config.CATALOG_NAME)
        ev = events.loc[events["file"].astype(str).str.endswith(GOLD_EVENT_FILE), "event_id"]
        if len(ev):
            p = principals[principals["event_id"] == ev.iloc[0]]
            if len(p):
                return p.reset_index(drop=True)
    except Exception:  # noqa: BLE001 - the catalog is optional for this evaluation
        pass
    return pd.DataFrame({"surname": ["Pompeo", "Lavrov"], "interpreted": [False, True], "side": ["US", "Russia"]})


def strip_labels(text: str) -> tuple[str, pd.DataFrame]:
    """Turn a labelled transcript into a captions-like text plus its gold turns.

    The header (text before the first label) and the labels are dropped; each turn's body is
    stripped with :func:`strip_text`; turns are joined by one space on one line.

    Returns
    -------
    stripped : str
    gold : pandas.DataFrame
        ``start_char, end_char, speaker, role`` of each turn in ``stripped`` (roles from the
        labels: ``QUESTION`` -> reporter, a named official -> principal).
    """
    labels = find_labels(text)
    if not labels:
        raise ValueError("strip_labels: the text has no speaker labels")
    parts, rows, pos = [], [], 0
    for k, lab in enumerate(labels):
        body_end = labels[k + 1].line_start if k + 1 < len(labels) else len(text)
        body = strip_text(text[lab.body_start:body_end])
        if not body:
            continue
        who = classify_label(lab.label, [])
        if parts:
            parts.append(" ")
            pos += 1
            rows[-1][1] = pos
        parts.append(body)
        rows.append([pos, pos + len(body), who.speaker, who.role])
        pos += len(body)
    stripped = "".join(parts)
    gold = pd.DataFrame(rows, columns=["start_char", "end_char", "speaker", "role"])
    # Merge consecutive turns of the same role: a change of speaker within a role is not scored.
    gold = gold.groupby((gold["role"] != gold["role"].shift()).cumsum(), sort=False).agg(
        start_char=("start_char", "min"), end_char=("end_char", "max"),
        speaker=("speaker", "first"), role=("role", "first")).reset_index(drop=True)
    return stripped, gold


def generalisation(files=GENERALISATION_FILES, seeds_dir: str | Path | None = None,
                   method: str = DEFAULT_METHOD) -> pd.DataFrame:
    """Run the strip-labels experiment on labelled transcripts.

    Each file is stripped (:func:`strip_labels`) and written to a temporary folder that has
    no catalog; the copy is read back and passed to :func:`helpers.turns.infer_turns` with no
    principals (and the given ``method``).

    Returns
    -------
    pandas.DataFrame
        One row per file: ``file``, ``n_words``, ``role_accuracy`` (principal vs reporter,
        word level), ``reporter_share`` (gold share of reporter words), ``boundary_f1``,
        ``n_gold_turns``, ``n_pred_turns``.
    """
    seeds_dir = Path(seeds_dir) if seeds_dir is not None else config.SEEDS_DIR
    rows = []
    with tempfile.TemporaryDirectory(prefix="stripped-") as tmp:
        for name in files:
            text, _ = read_transcript(seeds_dir / name)
            stripped, gold = strip_labels(text)
            path = Path(tmp) / name
            path.write_text(stripped, encoding="utf-8")
            copy, _ = read_transcript(path)
            pred = infer_turns(copy, pd.DataFrame(), method=method)
            m = compare_turns(copy, gold, pred)
            g = word_labels(copy, gold)
            rows.append({
                "file": name,
                "n_words": m["n_words"],
                "role_accuracy": m["role_accuracy"],
                "reporter_share": float((g["role"] == "reporter").mean()),
                "boundary_f1": m["boundary_f1"],
                "n_gold_turns": m["n_gold_turns"],
                "n_pred_turns": m["n_pred_turns"],
            })
    return pd.DataFrame(rows)


def summary() -> dict:
    """All evaluation numbers in one small dict (rounded to 3 decimals) for reports."""
    metrics, _ = evaluate_gold()
    gen = generalisation()
    out = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in metrics.items()}
    out["generalisation"] = {r.file: {"role_accuracy": round(r.role_accuracy, 3), "n_words": int(r.n_words)}
                             for r in gen.itertuples()}
    return out


def _word_starts(text: str, starts) -> np.ndarray:
    pos = np.array([m.start() for m in _WORD.finditer(text)], dtype=int)
    return np.searchsorted(pos, np.asarray(starts, dtype=int), side="left")


def turn_sequence(corpus, gold: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tidy turn sequences of the captions events, for :func:`plot_turn_sequence`.

    One lane ``inferred`` per captions event; for the annotated transcript
    (:data:`GOLD_EVENT_FILE`) a second lane ``hand annotation``.

    Returns
    -------
    pandas.DataFrame
        ``event_id, lane, speaker, word_start, n_words, low_confidence``; word positions count
        runs of non-space characters from the start of the text.
    """
    rows = []
    ev = corpus.events[corpus.events["kind"] == "captions"]
    for event_id, file in zip(ev["event_id"], ev["file"]):
        text = corpus.texts[event_id]
        u = corpus.utterances[corpus.utterances["event_id"] == event_id]
        n_total = len(_WORD.findall(text))
        lanes = [("inferred", u["start_char"].to_numpy(), u["speaker"].to_numpy(), u["low_confidence"].to_numpy())]
        if str(file).endswith(GOLD_EVENT_FILE):
            g = load_gold() if gold is None else gold
            if g["end_char"].max() == len(text):
                lanes.insert(0, ("hand annotation", g["start_char"].to_numpy(), g["speaker"].to_numpy(),
                                 np.zeros(len(g), dtype=bool)))
        for lane, starts, speakers, low in lanes:
            w0 = _word_starts(text, starts)
            w1 = np.append(w0[1:], n_total)
            rows.append(pd.DataFrame({"event_id": event_id, "lane": lane, "speaker": speakers,
                                      "word_start": w0, "n_words": w1 - w0, "low_confidence": low.astype(bool)}))
    if not rows:
        return pd.DataFrame(columns=["event_id", "lane", "speaker", "word_start", "n_words", "low_confidence"])
    return pd.concat(rows, ignore_index=True)


#: Targets of the evaluation (word-level speaker accuracy and boundary F1 on 000; role
#: accuracy on each stripped labelled transcript).
TARGETS = {"speaker_accuracy": 0.90, "boundary_f1": 0.80, "generalisation_role_accuracy": 0.90}


def accuracy_table(metrics: dict, generalised: pd.DataFrame | None = None) -> pd.DataFrame:
    """The evaluation numbers as a small table: ``measure, value, target`` (values rounded to 3;
    ``target`` reads like ``">= 0.90"`` and is empty where no target was set)."""
    rows = [
        ("speaker accuracy (000, words)", metrics["speaker_accuracy"], TARGETS["speaker_accuracy"]),
        ("role accuracy (000, words)", metrics["role_accuracy"], None),
        ("boundary precision (000, 5 words)", metrics["boundary_precision"], None),
        ("boundary recall (000, 5 words)", metrics["boundary_recall"], None),
        ("boundary F1 (000, 5 words)", metrics["boundary_f1"], TARGETS["boundary_f1"]),
    ]
    if generalised is not None:
        for r in generalised.itertuples():
            rows.append((f"role accuracy, stripped {r.file[:3]} (words)", r.role_accuracy,
                         TARGETS["generalisation_role_accuracy"]))
    rows = [(m, round(float(v), 3), f">= {t:.2f}" if t is not None else "") for m, v, t in rows]
    return pd.DataFrame(rows, columns=["measure", "value", "target"])


#: The benchmark report with the out-of-sample scores (written by ``bench/bench_turns.py --archive``).
BENCH_RESULTS = config.BENCH_DIR / "results" / "turns.json"


_METHOD_NAMES = {"majority": "majority baseline (every word non-reporter)", "hand": "hand-set cue weights (method='hand')",
                 "model": "trained model (method='model')"}


def out_of_sample_table(path: str | Path | None = None) -> pd.DataFrame:
    """The scores on held-out archive files in caption form, as the turn benchmark recorded them.

    The archive is not part of the project, so the numbers are read from the committed benchmark
    report (:data:`BENCH_RESULTS`) rather than recomputed.

    Returns
    -------
    pandas.DataFrame
        One row per method (majority baseline, hand-set weights, trained model): ``method``,
        ``files``, ``words``, ``role accuracy``, ``reporter-vs-other accuracy``, ``floor-change
        precision``, ``recall``, ``F1`` (rounded to 3). Empty if the report has no archive scores.
    """
    cols = ["method", "files", "words", "role accuracy", "reporter-vs-other accuracy",
            "floor-change precision", "floor-change recall", "floor-change F1"]
    data = json.loads(Path(path or BENCH_RESULTS).read_text(encoding="utf-8")).get("archive") or {}
    rows = []
    for key in ("majority", "hand", "model"):
        if key in data.get("held_out", {}):
            r = data["held_out"][key]
            rows.append([_METHOD_NAMES[key], r["files"], r["words"], *(round(float(r[k]), 3) for k in (
                "role_accuracy", "reporter_accuracy", "floor_precision", "floor_recall", "floor_f1"))])
    return pd.DataFrame(rows, columns=cols)


def principal_table(path: str | Path | None = None, part: str = "held_out") -> pd.DataFrame:
    """Which principal speaks, on the archive's briefings with two or more principals, as the
    turn benchmark recorded it (:mod:`helpers.evaluation.principals`).

    Parameters
    ----------
    path : str or Path, optional
        The benchmark report (default :data:`BENCH_RESULTS`).
    part : {"held_out", "development"}
        ``held_out``: events never used to train the role model or to choose the weights of the
        principal step (out of sample); ``development``: the events those weights were chosen on.

    Returns
    -------
    pandas.DataFrame
        One row per variant (``plain``: every principal as spoken; ``interpreted``: the second
        principal's turns as an interpreter's broken fragments) and method: ``variant``,
        ``method``, ``events``, ``principal words``, ``first-principal baseline`` (every principal
        word given to the first principal of the catalog), ``principal accuracy`` (principal words
        given to the right principal), ``speaker accuracy`` (all words), ``speaker-change F1`` (changes
        of speaker, one principal to another included, found within 5 words; NaN in a report
        without them). Empty if the report has no such scores.
    """
    cols = ["variant", "method", "events", "principal words", "first-principal baseline",
            "principal accuracy", "speaker accuracy", "speaker-change F1"]
    data = json.loads(Path(path or BENCH_RESULTS).read_text(encoding="utf-8")).get("archive") or {}
    rows = []
    scores = (data.get("principals") or {}).get(part, {})
    for variant in ("plain", "interpreted"):
        methods = scores.get(variant, {})
        for key in ("hand", "model"):
            if key in methods:
                r = methods[key]
                rows.append([variant, _METHOD_NAMES[key], r["events"], r["principal_words"],
                             *(round(float(r[k]), 3) for k in ("baseline_principal_accuracy", "principal_accuracy", "speaker_accuracy")),
                             round(float(r["change_f1"]), 3) if "change_f1" in r else float("nan")])
    return pd.DataFrame(rows, columns=cols)
