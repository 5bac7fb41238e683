"""Inferred turns from labelled units: shared by the hand-weighted and the trained method."""
from __future__ import annotations

import numpy as np
import pandas as pd

OUTPUT_COLUMNS = ["start_char", "end_char", "speaker", "role", "act", "confidence"]


def turns_from_units(units: pd.DataFrame, states: list[dict]) -> pd.DataFrame:
    """Merge decoded units (``state``, ``role``, ``posterior``, ``n_words``, ``addressed``) into
    turns: one row per run of one state, with speaker name, act and word-weighted confidence. A unit
    with a true ``mark`` (a speaker-change mark of captions) starts a turn even if the state stays."""
    units = units.copy()
    new_turn = units["state"].ne(units["state"].shift())
    if "mark" in units:
        new_turn |= units["mark"].fillna(False).astype(bool)
    units["turn"] = new_turn.cumsum() - 1
    w = units["n_words"].clip(lower=1)
    units["wpost"] = units["posterior"] * w
    g = units.groupby("turn", sort=True)
    turns = pd.DataFrame({
        "start_char": g["start_char"].min(),
        "end_char": g["end_char"].max(),
        "state": g["state"].first(),
        "role": g["role"].first(),
        "confidence": g["wpost"].sum() / w.groupby(units["turn"]).sum(),
        "addressed": g["addressed"].agg(lambda s: next((x for x in s if x), None)),
    }).reset_index(drop=True)

    # Speaker names: a state shared by several principals goes to the one last addressed.
    by_state = {s["state"]: s for s in states}
    last_addressed = turns["addressed"].where(turns["role"] == "reporter").ffill()
    speakers = []
    for state, who in zip(turns["state"], last_addressed):
        names = by_state[state]["surnames"] if state in by_state else []
        speakers.append(who if isinstance(who, str) and who in names else (names[0] if names else state))
    turns["speaker"] = speakers
    asked = turns["role"].eq("reporter").cummax()
    turns["act"] = np.select(
        [turns["role"].eq("reporter"), turns["role"].eq("moderator"), asked],
        ["question", "moderation", "answer"], default="statement")
    turns["confidence"] = turns["confidence"].astype(float).round(4)
    return turns[OUTPUT_COLUMNS]
