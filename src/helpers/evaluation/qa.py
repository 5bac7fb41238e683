"""Agreement of the exchange and clarity rules with the hand-coded gold data.

The gold files live in ``annotations/`` (see ``annotations/qa_gold.md`` for the coding rules):

* ``exchanges_gold.csv`` – ``event_id, exchange, question_turns, answer_turns, answerers,
  is_follow_up, answered, n_parts``;
* ``clarity_gold.csv`` – ``event_id, turn, speaker, clarity, clarity_type, evidence``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import ANNOTATIONS_DIR
from ..qa import CLARITY

#: Gold exchanges and gold clarity in a source checkout.
EXCHANGES_GOLD = ANNOTATIONS_DIR / "exchanges_gold.csv"


CLARITY_GOLD = ANNOTATIONS_DIR / "clarity_gold.csv"


#: Exchange fields compared with the gold data; the first four make up the structure.
EXCHANGE_FIELDS = ["question_turns", "answer_turns", "answerers", "answered", "is_follow_up", "n_parts"]


STRUCTURE_FIELDS = ["question_turns", "answer_turns", "answerers", "answered"]


def _bool(s: pd.Series) -> pd.Series:
    return s.astype(str).str.strip().str.lower().map({"true": True, "false": False, "1": True, "0": False})


def read_exchanges_gold(path: str | Path | None = None) -> pd.DataFrame:
    """Read the gold exchanges (turn lists stay ``;``-separated strings)."""
    path = Path(path or EXCHANGES_GOLD)
    if not path.exists():
        raise FileNotFoundError(f"{path}: gold exchanges not found (they ship with a source checkout only)")
    g = pd.read_csv(path, dtype=str, keep_default_na=False)
    g["exchange"] = g["exchange"].astype(int)
    g["n_parts"] = g["n_parts"].astype(int)
    for c in ("is_follow_up", "answered"):
        g[c] = _bool(g[c])
    return g


def read_clarity_gold(path: str | Path | None = None) -> pd.DataFrame:
    """Read the gold clarity codes."""
    path = Path(path or CLARITY_GOLD)
    if not path.exists():
        raise FileNotFoundError(f"{path}: gold clarity not found (it ships with a source checkout only)")
    g = pd.read_csv(path, dtype={"event_id": str, "turn": int}, keep_default_na=False)
    bad = set(g["clarity"]) - set(CLARITY)
    if bad:
        raise ValueError(f"{path}: unknown clarity values {sorted(bad)}")
    return g


def _normalise(ex: pd.DataFrame) -> pd.DataFrame:
    out = ex.copy()
    for c in ("question_turns", "answer_turns", "answerers"):
        out[c] = out[c].fillna("").astype(str)
    out["answered"] = out["answered"].astype(bool)
    out["is_follow_up"] = out["is_follow_up"].astype(bool)
    out["n_parts"] = out["n_parts"].astype(int)
    return out


def compare_exchanges(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Match predicted exchanges to gold ones by their question turns and compare fields.

    Parameters
    ----------
    predicted : DataFrame
        From :func:`helpers.qa.build_exchanges`.
    gold : DataFrame
        From :func:`read_exchanges_gold`; only its events are compared.

    Returns
    -------
    DataFrame
        One row per gold or predicted exchange of the gold events: ``event_id,
        question_turns, in_gold, in_predicted``, then ``<field>_gold``, ``<field>_pred`` and
        ``<field>_ok`` for each of :data:`EXCHANGE_FIELDS`, and ``exact`` (every field
        agrees).
    """
    g = _normalise(gold)
    p = _normalise(predicted[predicted["event_id"].isin(set(g["event_id"]))])
    keys = ["event_id", "question_turns"]
    fields = [f for f in EXCHANGE_FIELDS if f != "question_turns"]
    m = g[keys + fields].merge(p[keys + fields], on=keys, how="outer", suffixes=("_gold", "_pred"), indicator=True)
    m["in_gold"] = m["_merge"].isin(["both", "left_only"])
    m["in_predicted"] = m["_merge"].isin(["both", "right_only"])
    m = m.drop(columns="_merge")
    m["question_turns_ok"] = m["in_gold"] & m["in_predicted"]
    for f in fields:
        m[f"{f}_ok"] = m["question_turns_ok"] & (m[f"{f}_gold"] == m[f"{f}_pred"])
    m["exact"] = m[[f"{f}_ok" for f in EXCHANGE_FIELDS]].all(axis=1)
    return m.sort_values(keys).reset_index(drop=True)


def exchange_agreement(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Per event: gold and predicted counts, field agreement and whether all is exactly right.

    Returns
    -------
    DataFrame
        ``event_id, n_gold, n_predicted, n_exact, structure_exact`` (question turns, answer
        turns, answerers and answered all agree for every exchange), ``all_exact`` (every field
        of every exchange) and one ``<field>_agreement`` share per field (over gold exchanges).
    """
    cmp = compare_exchanges(predicted, gold)
    rows = []
    for ev, c in cmp.groupby("event_id", sort=True):
        gold_rows = c[c["in_gold"]]
        row = {"event_id": ev, "n_gold": int(c["in_gold"].sum()), "n_predicted": int(c["in_predicted"].sum()),
               "n_exact": int(c["exact"].sum())}
        row["structure_exact"] = bool(c[[f"{f}_ok" for f in STRUCTURE_FIELDS]].all(axis=None))
        row["all_exact"] = bool(c["exact"].all())
        for f in EXCHANGE_FIELDS:
            row[f"{f}_agreement"] = float(gold_rows[f"{f}_ok"].mean()) if len(gold_rows) else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


#: The two classifiers of :func:`helpers.qa.answer_clarity`: their label, type and evidence columns.
CLARITY_SYSTEMS = {"model": ("clarity", "clarity_type", "evidence"),
                   "rules": ("clarity_rules", "clarity_type_rules", "evidence_rules")}


def compare_clarity(predicted: pd.DataFrame, gold: pd.DataFrame, system: str = "model") -> pd.DataFrame:
    """Gold clarity next to the predicted clarity of the same turns.

    Parameters
    ----------
    predicted : DataFrame
        From :func:`helpers.qa.answer_clarity`.
    gold : DataFrame
        From :func:`read_clarity_gold`.
    system : {"model", "rules"}
        The classifier compared: the trained model (``clarity``, the default label) or the
        marker rules (``clarity_rules``).

    Returns
    -------
    DataFrame
        ``event_id, turn, speaker, clarity_gold, clarity_pred, clarity_ok, clarity_type_gold,
        clarity_type_pred, type_ok`` (``type_ok`` is NA where no type was given) and
        ``evidence_gold, evidence_pred``. A gold turn with no prediction has ``clarity_pred``
        NA and counts as wrong.
    """
    if system not in CLARITY_SYSTEMS:
        raise ValueError(f"system must be one of {sorted(CLARITY_SYSTEMS)}, not {system!r}")
    label, ctype, evidence = CLARITY_SYSTEMS[system]
    p = predicted[["event_id", "turn", label, ctype, evidence]].rename(
        columns={label: "clarity", ctype: "clarity_type", evidence: "evidence"})
    m = gold[["event_id", "turn", "speaker", "clarity", "clarity_type", "evidence"]].merge(
        p, on=["event_id", "turn"], how="left", suffixes=("_gold", "_pred"))
    m["clarity_ok"] = m["clarity_gold"] == m["clarity_pred"]
    has_type = m["clarity_type_pred"].notna() & (m["clarity_type_pred"].astype(str) != "")
    m["type_ok"] = (m["clarity_type_gold"] == m["clarity_type_pred"]).where(has_type)
    cols = ["event_id", "turn", "speaker", "clarity_gold", "clarity_pred", "clarity_ok", "clarity_type_gold",
            "clarity_type_pred", "type_ok", "evidence_gold", "evidence_pred"]
    return m[cols]


def clarity_agreement(predicted: pd.DataFrame, gold: pd.DataFrame, system: str = "model") -> dict:
    """Three-way clarity accuracy and type agreement of one classifier (``system``, as in
    :func:`compare_clarity`).

    Returns
    -------
    dict
        ``n`` gold turns, ``accuracy`` (3-way), ``accuracy_by_event``, ``type_n`` (turns with
        a predicted type), ``type_accuracy`` (over those), ``confusion`` (gold -> predicted ->
        count, every class present).
    """
    cmp = compare_clarity(predicted, gold, system)
    conf = pd.crosstab(pd.Categorical(cmp["clarity_gold"], categories=list(CLARITY)),
                       pd.Categorical(cmp["clarity_pred"].fillna("missing"), categories=[*CLARITY, "missing"]),
                       dropna=False)
    typed = cmp["type_ok"].dropna()
    return {
        "n": int(len(cmp)),
        "accuracy": float(cmp["clarity_ok"].mean()) if len(cmp) else float("nan"),
        "accuracy_by_event": {ev: float(v) for ev, v in cmp.groupby("event_id")["clarity_ok"].mean().items()},
        "type_n": int(len(typed)),
        "type_accuracy": float(typed.astype(bool).mean()) if len(typed) else float("nan"),
        "confusion": {str(g): {str(p): int(conf.loc[g, p]) for p in conf.columns} for g in conf.index},
    }


def agreement_report(exchanges: pd.DataFrame, clarity: pd.DataFrame, events=None,
                     exchanges_gold: str | Path | None = None, clarity_gold: str | Path | None = None) -> dict:
    """Agreement with the gold data, restricted to the events analysed.

    Parameters
    ----------
    exchanges, clarity : DataFrame
        From :func:`helpers.qa.build_exchanges` and :func:`helpers.qa.answer_clarity`.
    events : iterable of str, optional
        Event ids analysed; default those of ``exchanges``. Gold rows of other events are
        ignored.
    exchanges_gold, clarity_gold : str or Path, optional
        Gold files; default the project's.

    Returns
    -------
    dict
        ``events`` (gold events compared; empty when none of the analysed events is hand-coded
        or the gold files are absent), ``exchanges`` (per-event table from
        :func:`exchange_agreement`), ``clarity`` and ``clarity_rules`` (:func:`clarity_agreement`
        of the trained model and of the marker rules).
    """
    events = set(exchanges["event_id"]) if events is None else set(events)
    try:
        gx = read_exchanges_gold(exchanges_gold)
        gc = read_clarity_gold(clarity_gold)
    except FileNotFoundError:
        return {"events": [], "exchanges": pd.DataFrame(), "clarity": {}, "clarity_rules": {}}
    gx = gx[gx["event_id"].isin(events)]
    gc = gc[gc["event_id"].isin(events)]
    if gx.empty and gc.empty:
        return {"events": [], "exchanges": pd.DataFrame(), "clarity": {}, "clarity_rules": {}}
    return {
        "events": sorted(set(gx["event_id"]) | set(gc["event_id"])),
        "exchanges": exchange_agreement(exchanges, gx) if len(gx) else pd.DataFrame(),
        "clarity": clarity_agreement(clarity, gc) if len(gc) else {},
        "clarity_rules": clarity_agreement(clarity, gc, "rules") if len(gc) else {},
    }
