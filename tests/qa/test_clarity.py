"""Inline tests of the answer-clarity rules (one small case per marker class and decision step)."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import qa as clarity

FILLER = ("We have a longstanding and very close relationship with them, and we will keep working "
          "together on the many issues in front of us over the coming weeks and months.")


@pytest.mark.parametrize("text, ctype, evidence", [
    ("I'm not going to get into how we might alter our operations.", "declining", "I'm not going to get into"),
    ("Again, we don’t do politics.", "declining", "we don’t do politics"),
    ("With respect to your second question, I'll leave that answer to the White House.", "declining",
     "I'll leave that answer to"),
    ("im not going to get into that", "declining", "im not going to get into"),
    ("Can you repeat the question?", "clarification", "Can you repeat"),
    ("I can't confirm that.", "claims ignorance", "I can't confirm"),
    ("I don't know.", "claims ignorance", "I don't know"),
    ("I'll let David address that.", "declining", "I'll let David address"),
])
def test_marker_alone_is_a_non_reply(text, ctype, evidence):
    r = clarity.classify_answer(text)
    assert (r["clarity"], r["clarity_type"], r["evidence"]) == ("non_reply", ctype, evidence)
    assert text[r["evidence_start"]:r["evidence_end"]] == evidence


@pytest.mark.parametrize("text, ctype", [
    ("I'm not going to get into the details, but in general " + FILLER, "general"),
    ("There were, but nothing that I can really share with you. But there were. " + FILLER, "partial"),
    ("I'll let David Shear address that, but I would say just briefly " + FILLER, "partial"),
    ("I'd leave that to the experts in Washington. " + FILLER, "general"),
])
def test_marker_with_content_is_ambivalent(text, ctype):
    r = clarity.classify_answer(text)
    assert (r["clarity"], r["clarity_type"]) == ("ambivalent", ctype)


def test_content_after_but_in_the_marker_sentence_counts():
    short = "I'm not going to get into the details of our discussions."
    assert clarity.classify_answer(short)["n_content_words"] == 0
    longer = "I'm not going to get into the details, but the demand signal for our presence is very strong indeed."
    assert clarity.classify_answer(longer)["n_content_words"] >= 10


@pytest.mark.parametrize("text", [
    "There was a report yesterday that the boats pulled back. " + FILLER + " But I can't confirm that.",
    "What was your first question? " + FILLER,
])
def test_caveats_and_clarifications_inside_an_answer_are_ignored(text):
    r = clarity.classify_answer(text)
    assert r["clarity"] == "reply" and r["clarity_type"] is None


@pytest.mark.parametrize("text, opening", [
    ("Not to my knowledge.", "Not to my knowledge"),
    ("No, we've done that before. I can't remember exactly when.", "No"),
    ("Yeah. There's no threat.", "Yeah"),
])
def test_explicit_opening_is_an_explicit_reply(text, opening):
    r = clarity.classify_answer(text)
    assert (r["clarity"], r["clarity_type"], r["evidence"]) == ("reply", "explicit", opening)


def test_plain_answer_is_a_reply_without_type():
    r = clarity.classify_answer(FILLER)
    assert r["clarity"] == "reply" and r["clarity_type"] is None and r["evidence_start"] == -1


def test_marker_file_types_are_in_the_taxonomy():
    m = clarity.load_markers()
    for spec in m["classes"].values():
        assert clarity.TYPES[spec["alone"]] == "non_reply"
        assert spec["with_content"] is None or clarity.TYPES[spec["with_content"]] == "ambivalent"


def _utts():
    rows = [("Reporter", "reporter", "question", "Will you meet again?"),
            ("Pompeo", "principal", "answer", "I'm not going to get into that."),
            ("Reporter", "reporter", "question", "Why not?"),
            ("Pompeo", "principal", "answer", "Yes, we will meet. " + FILLER)]
    return pd.DataFrame([{"event_id": "ev", "turn": i, "speaker": s, "role": r, "act": a, "text": t}
                         for i, (s, r, a, t) in enumerate(rows)])


def test_answer_clarity_uses_answer_turns_and_add_clarity_merges():
    c = clarity.answer_clarity(_utts())
    assert c["turn"].tolist() == [1, 3] and c["clarity"].iloc[0] == "non_reply"
    # without exchanges each answer is scored without a question, by the project head
    want = clarity.load_clarity_model(coding="project").predict(["", ""], _utts()["text"].iloc[[1, 3]])
    assert c["clarity"].tolist() == want["clarity"].tolist() and c["p_reply"].tolist() == want["p_reply"].tolist()
    # the default columns are the trained model's, the marker rules' sit beside them with offsets
    assert list(c.columns[5:11]) == clarity.MODEL_COLUMNS and set(clarity.RULE_COLUMNS) <= set(c.columns)
    assert c["evidence"].str.contains("weights:").all()
    assert c["clarity_rules"].tolist() == ["non_reply", "reply"]
    text, start, end = _utts().loc[1, "text"], c.loc[0, "evidence_rules_start"], c.loc[0, "evidence_rules_end"]
    assert text[start:end] == c.loc[0, "evidence_rules"] == "I'm not going to get into"
    merged = clarity.add_clarity(_utts(), c)
    assert merged["clarity"].isna().tolist() == [True, False, True, False]
    assert merged["clarity_rules"].isna().tolist() == [True, False, True, False]


def test_clarity_shares_keep_zero_classes():
    # the rules' labels of these answers: one non-reply, one reply
    s = clarity.clarity_shares(clarity.answer_clarity(_utts()), label="clarity_rules").set_index("clarity")
    assert s.loc["ambivalent", "n"] == 0 and s.loc["reply", "share"] == 0.5


def test_no_answers_gives_empty_table():
    u = _utts().iloc[[0]]
    assert clarity.answer_clarity(u).empty and clarity.clarity_shares(clarity.answer_clarity(u)).empty
