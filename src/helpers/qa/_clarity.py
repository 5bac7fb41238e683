"""Answer clarity per answer turn, and its shares.

Two labels per answer turn: the trained model's, the default (:func:`load_clarity_model`:
``clarity``, ``clarity_type``, ``p_reply``, ``p_ambivalent``, ``p_non_reply``, ``evidence``),
which reads the answer with the reporter turn(s) it responds to (a turn asking several
questions is split into them, the answer scored against each and the probabilities averaged:
:meth:`ClarityModel.predict`), and the marker rules' beside it (:func:`classify_answer`:
``clarity_rules``, ``clarity_type_rules``, ``evidence_rules`` with its offsets into the turn's
text). The model is the default because it holds far better on answers of real briefings coded
by hand (``bench/bench_clarity.py``); the rules' evidence is a phrase a reader can check.
Answer turns of transcripts are scored in the project's coding (:data:`TRANSCRIPT_CODING`), the
rules the seeds and the hand-coded briefing answers were coded on; pairs of a CSV in QEvasion's by
default (:func:`score_csv`).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..text import read_csv_file
from ._clarity_model import DEFAULT_CODING, ClarityModel, load_clarity_model
from ._exchanges import answer_turn_table, split_turns
from ._markers import CLARITY, classify_answer, load_markers

#: The coding :func:`answer_clarity` (and so :func:`helpers.analyse`) scores answer turns in: the
#: project's hand coding of briefing answers (:data:`helpers.qa.CODINGS`).
TRANSCRIPT_CODING = "project"
#: Columns the trained model adds to each answer turn (and :func:`score_csv` to each row).
MODEL_COLUMNS = ["clarity", "clarity_type", "p_reply", "p_ambivalent", "p_non_reply", "evidence"]
#: Columns the marker rules add to each answer turn (:func:`classify_answer`, renamed).
RULE_COLUMNS = ["clarity_rules", "clarity_type_rules", "evidence_rules", "evidence_rules_start", "evidence_rules_end",
                "marker_class"]
_RULE_NAMES = {"clarity": "clarity_rules", "clarity_type": "clarity_type_rules", "evidence": "evidence_rules",
               "evidence_start": "evidence_rules_start", "evidence_end": "evidence_rules_end"}


def answer_clarity(utterances: pd.DataFrame, exchanges: pd.DataFrame | None = None,
                   markers: dict | None = None, model: ClarityModel | None = None) -> pd.DataFrame:
    """Clarity of every answer turn.

    Parameters
    ----------
    utterances : DataFrame
        ``corpus.utterances``.
    exchanges : DataFrame, optional
        From :func:`helpers.qa.build_exchanges`; its ``answer_turns`` name the answer turns.
        Without it, the turns with ``act == "answer"`` are used.
    markers : dict, optional
        From :func:`load_markers`.
    model : ClarityModel, optional
        The trained model; default the package's in the coding :data:`TRANSCRIPT_CODING`
        (:func:`load_clarity_model`).

    Returns
    -------
    DataFrame
        One row per answer turn: ``event_id, turn, speaker, exchange, question``, the model's
        :data:`MODEL_COLUMNS` (``clarity`` is the default label), the rules' :data:`RULE_COLUMNS`
        (``evidence_rules_start`` and ``_end`` index into the turn's ``text``, -1 without
        evidence) and ``n_content_words``. ``exchange`` is -1 without exchanges; ``question`` is
        the text of the exchange's reporter turn(s), empty without exchanges.
    """
    markers = markers or load_markers()
    model = model or load_clarity_model(coding=TRANSCRIPT_CODING)
    cols = ["event_id", "turn", "speaker", "exchange", "question", *MODEL_COLUMNS, *RULE_COLUMNS, "n_content_words"]
    if exchanges is not None:
        keys = answer_turn_table(exchanges)
    else:
        keys = utterances.loc[utterances["act"].eq("answer"), ["event_id", "turn"]].assign(exchange=-1)
    if keys.empty:
        return pd.DataFrame(columns=cols)
    turns = keys.merge(utterances[["event_id", "turn", "speaker", "text"]], on=["event_id", "turn"], how="left",
                       validate="one_to_one")
    turns["question"] = _question_texts(utterances, exchanges, turns)
    decided = pd.DataFrame([classify_answer(t, markers) for t in turns["text"].fillna("")], index=turns.index)
    decided = decided.rename(columns=_RULE_NAMES)
    scored = model.predict(turns["question"], turns["text"].fillna(""))
    scored.index = turns.index
    out = pd.concat([turns.drop(columns="text"), decided, scored], axis=1)
    out["exchange"] = out["exchange"].astype(int)
    return out[cols].sort_values(["event_id", "turn"]).reset_index(drop=True)


def _question_texts(utterances: pd.DataFrame, exchanges: pd.DataFrame | None, turns: pd.DataFrame) -> list[str]:
    """The reporter turn(s) each answer turn responds to, joined with a space ("" without)."""
    if exchanges is None or exchanges.empty:
        return [""] * len(turns)
    text = utterances.set_index(["event_id", "turn"])["text"].fillna("")
    asked = exchanges.set_index(["event_id", "exchange"])["question_turns"]
    out = []
    for ev, ex in zip(turns["event_id"], turns["exchange"]):
        q = asked.get((ev, ex), "")
        out.append(" ".join(str(text.get((ev, t), "")) for t in split_turns(q)).strip())
    return out


def add_clarity(utterances: pd.DataFrame, clarity: pd.DataFrame) -> pd.DataFrame:
    """``utterances`` with the clarity columns of answer turns (NA elsewhere): the model's
    ``clarity, clarity_type, p_reply, p_ambivalent, p_non_reply`` and the rules'
    ``clarity_rules, clarity_type_rules``."""
    cols = ["event_id", "turn", *[c for c in MODEL_COLUMNS if c != "evidence"], "clarity_rules", "clarity_type_rules"]
    cols = [c for c in cols if c in clarity]
    base = utterances.drop(columns=[c for c in cols[2:] if c in utterances])
    return base.merge(clarity[cols], on=["event_id", "turn"], how="left", validate="one_to_one")


def wilson_interval(k, n, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the proportions ``k / n`` (95 % by default); NaN where ``n == 0``."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z ** 2 / n
        centre = (p + z ** 2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / denom
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def clarity_shares(clarity: pd.DataFrame, by: list[str] | str = "event_id", label: str = "clarity") -> pd.DataFrame:
    """Share of answer turns in each clarity class, in long form, with 95 % Wilson intervals.

    Parameters
    ----------
    clarity : DataFrame
        From :func:`answer_clarity`.
    by : str or list of str
        Grouping columns, e.g. ``["event_id", "speaker"]``.
    label : str
        The clarity column: ``clarity`` (the trained model, the default) or ``clarity_rules``
        (the marker rules).

    Returns
    -------
    DataFrame
        ``<by>..., clarity, n, n_answers, share, share_lo, share_hi`` with every class present
        (zero counts kept); ``clarity`` holds the classes of ``label``.
    """
    by = [by] if isinstance(by, str) else list(by)
    cols = [*by, "clarity", "n", "n_answers", "share", "share_lo", "share_hi"]
    if clarity.empty:
        return pd.DataFrame(columns=cols)
    c = clarity[by].assign(clarity=pd.Categorical(clarity[label], categories=list(CLARITY)))
    n = c.groupby(by + ["clarity"], observed=False).size().rename("n").reset_index()
    n["n_answers"] = n.groupby(by)["n"].transform("sum")
    n = n[n["n_answers"] > 0].copy()
    n["share"] = n["n"] / n["n_answers"]
    n["share_lo"], n["share_hi"] = wilson_interval(n["n"], n["n_answers"])
    n["clarity"] = n["clarity"].astype(str)
    return n[cols].reset_index(drop=True)


def score_pairs(questions, answers, model: ClarityModel | None = None, coding: str = DEFAULT_CODING) -> pd.DataFrame:
    """Clarity of (question, answer) pairs given without the reporter's turn.

    Consecutive pairs with the same, non-blank answer text are taken as the questions of one
    turn answered once (:func:`~helpers.qa._clarity_parts.shared_answer_runs`; QEvasion and
    similar files repeat the answer on the row of each sub-question): each is scored with its
    place among them, as the model was trained. Every other pair is scored alone, a question
    text asking several questions split and the probabilities averaged
    (:meth:`ClarityModel.predict`).

    Parameters
    ----------
    questions, answers : sequence of str
        The pairs.
    model : ClarityModel, optional
        Default the package's, in ``coding``.
    coding : str
        The coding to predict when ``model`` is not given (:data:`helpers.qa.CODINGS`).

    Returns
    -------
    DataFrame
        As :meth:`ClarityModel.predict`, one row per pair in order.
    """
    from ._clarity_parts import shared_answer_runs

    model = model or load_clarity_model(coding=coding)
    questions = ["" if not isinstance(q, str) else q for q in questions]
    answers = ["" if not isinstance(a, str) else a for a in answers]
    runs = shared_answer_runs(answers)
    grouped = [i for run in runs for i in run]
    alone = np.setdiff1d(np.arange(len(answers)), np.asarray(grouped, dtype=np.int64))
    parts = []
    if runs:
        turns = [(pos, [questions[j] for j in run]) for run in runs for pos in range(len(run))]
        p = model.predict([questions[i] for i in grouped], [answers[i] for i in grouped], turns=turns)
        parts.append(p.set_axis(grouped))
    if len(alone):
        p = model.predict([questions[i] for i in alone], [answers[i] for i in alone])
        parts.append(p.set_axis(alone.tolist()))
    if not parts:
        return model.predict([], [])
    return pd.concat(parts).sort_index().reset_index(drop=True)


#: Columns :func:`score_csv` adds to each row (those of the model in :func:`answer_clarity`).
SCORE_COLUMNS = MODEL_COLUMNS


def score_csv(in_path, out_path, model: ClarityModel | None = None, coding: str = DEFAULT_CODING) -> int:
    """Clarity of each (question, answer) row of a CSV file, by the trained model.

    Parameters
    ----------
    in_path : str or Path
        UTF-8 CSV with columns ``question`` and ``answer``; other columns are passed through.
        With a column ``interview_question`` (the reporter's whole turn, as in QEvasion), the
        rows of one (interview_question, answer) are the sub-questions of one turn, in file
        order: each row is scored with its own question and its place among them, as the model
        was trained (a row whose ``interview_question`` is empty stands alone). Without it the
        rows are read by :func:`score_pairs`: consecutive rows with the same answer are the
        questions of one turn; a row on its own that asks several questions is split.
    out_path : str or Path
        Written with the same rows and columns plus :data:`SCORE_COLUMNS` (columns of those
        names in the input are replaced).
    model : ClarityModel, optional
        Default the package's model, in ``coding``.
    coding : str
        ``qevasion`` (default: the labels of QEvasion's annotators, the published taxonomy's data)
        or ``project`` (the project's hand coding of briefing answers, as :func:`answer_clarity`
        scores transcripts); see :data:`helpers.qa.CODINGS`.

    Returns
    -------
    int
        Rows written.

    Raises
    ------
    InputError
        The file is missing, empty, not CSV, or lacks a ``question`` or ``answer`` column.
    """
    in_path = Path(in_path)
    if not in_path.is_file():
        raise InputError(in_path, "file not found")
    if Path(out_path).is_dir():
        raise InputError(out_path, "is a folder; give the CSV file to write")
    df = _read_pairs_csv(in_path)
    if df.empty:
        raise InputError(in_path, "no rows (only a header)")
    model = model or load_clarity_model(coding=coding)
    if "interview_question" in df.columns:
        from ._clarity_parts import turn_parts_from_rows

        # a row with an empty interview_question is a turn of its own
        keys = [(t, a) if t.strip() else (i,) for i, (t, a) in enumerate(zip(df["interview_question"], df["answer"]))]
        turns = turn_parts_from_rows(keys, df["question"], [0] * len(df))
        pred = model.predict(df["question"], df["answer"], turns=turns)
    else:
        pred = score_pairs(df["question"], df["answer"], model)
    out = df.drop(columns=[c for c in SCORE_COLUMNS if c in df.columns]).reset_index(drop=True)
    out = pd.concat([out, pred[SCORE_COLUMNS].reset_index(drop=True)], axis=1)
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(out_path, index=False, encoding="utf-8", lineterminator="\n")
    return len(out)


def _read_pairs_csv(in_path):
    """The CSV of :func:`score_csv` as strings, every problem an :class:`InputError` naming the
    file (and the line where there is one)."""
    df = read_csv_file(in_path, InputError, "columns question, answer",
                       once=("question", "answer", "interview_question"))
    missing = [c for c in ("question", "answer") if c not in df.columns]
    if missing:
        hint = ""
        lowered = [str(c).strip().lower() for c in df.columns]
        if all(c in lowered for c in missing):
            hint = "; the names are lower-case"
        elif len(df.columns) == 1 and any(sep in str(df.columns[0]) for sep in ";\t|"):
            hint = "; is it separated by something other than commas? Save it as comma-separated"
        raise InputError(in_path, f"missing column {', '.join(repr(c) for c in missing)} "
                                  f"(found: {', '.join(map(str, df.columns))}){hint}")
    return df
