"""Inline tests of the question-design rules (one small case per rule)."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import qa as qd


def make(turns, event_id="ev"):
    """Utterances from (role, text) pairs; an answer turn precedes nothing unless given."""
    acts = {"reporter": "question", "principal": "answer", "moderator": "moderation"}
    rows = []
    for i, (role, text) in enumerate(turns):
        rows.append({"event_id": event_id, "turn": i, "speaker": "Reporter" if role == "reporter" else "Pompeo",
                     "role": role, "act": acts[role], "text": text, "n_words": len(text.split()),
                     "interrupted": text.rstrip().endswith("--"), "attribution": "labelled",
                     "low_confidence": False, "start_char": 0, "end_char": 1})
    return pd.DataFrame(rows)


PRINCIPALS = pd.DataFrame([
    {"event_id": "ev", "name": "Mike Pompeo", "surname": "Pompeo", "title": "US Secretary of State"},
    {"event_id": "ev", "name": "Sergey Lavrov", "surname": "Lavrov", "title": "Russian Foreign Minister"},
])


def design_of(text, previous=None, principals=None, interrupted_answer=False):
    turns = [("principal", "Opening remarks about many things.")]
    if previous is not None:
        turns += [("reporter", "What about the weather today?"),
                  ("principal", previous + (" --" if interrupted_answer else ""))]
    turns.append(("reporter", text))
    d = qd.question_design(make(turns), principals)
    return d.iloc[-1]


def cue_spans(text, feature):
    turns = [("principal", "Opening."), ("reporter", text)]
    h = qd.question_cues(make(turns))
    return h.loc[h["feature"] == feature, "span"].tolist()


# --- initiative --------------------------------------------------------------------------------

def test_preface_is_a_statement_before_the_question():
    d = design_of("Iran has denied any role in the attacks this week. Do you have evidence?")
    assert d["preface"] and d["preface_words"] == 10
    assert not design_of("Do you have evidence that Iran was responsible?")["preface"]


def test_address_or_short_topic_phrase_is_not_a_preface():
    assert not design_of("Mr. Secretary, do you have evidence?")["preface"]
    assert not design_of("At this point, what is the latest thinking?")["preface"]


def test_preface_found_from_words_without_question_marks():
    d = design_of("thank you mr secretary you laid out the importance of having china in the talks "
                  "would you go forward without the chinese")
    assert d["preface"]


@pytest.mark.parametrize("text, parts", [
    ("On Iran, do you see a link? And then second, on Ukraine, is it a precondition?", 2),
    ("Do you see a link? And secondly, do you think the message got through?", 2),
    ("is the plan on track and also id like to ask under what conditions sanctions end", 2),
    ("Could I ask a broader question? Do you see him in a different way?", 1),
])
def test_number_of_parts(text, parts):
    assert design_of(text)["n_parts"] == parts


def test_several_question_marks_count_as_questions_not_parts():
    d = design_of("Could I ask a broader question? Do you see him in a different way?")
    assert d["n_questions"] == 2 and d["multi_question"] and not d["multi_part"]


def test_addressee_switch_starts_a_new_part_and_names_both():
    d = design_of("mr secretary are you satisfied with enforcement for mr lavrov is paul whelan any closer to freedom",
                  principals=PRINCIPALS)
    assert d["addressee"] == "Pompeo;Lavrov" and d["n_parts"] == 2


def test_addressee_by_title_and_sole_principal_default():
    assert design_of("Mr. Foreign Minister, do you agree?", principals=PRINCIPALS)["addressee"] == "Lavrov"
    sole = PRINCIPALS.iloc[[0]]
    assert design_of("Do you agree?", principals=sole)["addressee"] == "Pompeo"
    assert design_of("Do you agree?", principals=PRINCIPALS)["addressee"] == ""


@pytest.mark.parametrize("text", ["As a quick follow up, has China linked the two issues?",
                                  "A similar question to that. Do you think they are ready?",
                                  "It sounds like you have, in the sense that --"])
def test_explicit_follow_up(text):
    d = design_of(text, previous="We talked about sanctions and the relationship.")
    assert d["follow_up"] and d["follow_up_cue"] == "follow_up_explicit"


def test_follow_up_cue_later_in_the_turn_does_not_count():
    d = design_of("You mentioned Syria. Were there any concrete steps taken on that point?",
                  previous="We discussed Ukraine at length.")
    assert not d["follow_up"]


def test_elliptical_pursuit_is_a_follow_up_but_a_short_new_question_is_not():
    prev = "We do conduct rotational operations out of Malaysia."
    assert design_of("And will they expand?", previous=prev)["follow_up"]
    assert design_of("Personal opinion.", previous=prev)["follow_up"]
    assert not design_of("Can you talk more about BIT?", previous=prev)["follow_up"]
    assert not design_of("Will the U.S. accommodate the security concerns?", previous=prev)["follow_up"]


def test_reference_back_needs_the_referent_in_the_previous_answer():
    prev = "We uphold freedom of navigation and will fly wherever international law allows."
    assert design_of("You mentioned the freedom of navigation exercises. What more can you do?",
                     previous=prev)["follow_up"]
    assert not design_of("You mentioned some shared interest in Syria. Were there steps?", previous=prev)["follow_up"]


def test_tangent_is_never_a_follow_up():
    d = design_of("As a tangent to the THAAD issue, could you see more arms sales?", previous="THAAD is defensive.")
    assert not d["follow_up"]


def test_question_after_an_interrupted_answer_is_a_follow_up():
    d = design_of("Specifically with naval ships.", previous="No, we have done that before", interrupted_answer=True)
    assert d["follow_up_cue"] == "after_interrupted_answer"


def test_no_follow_up_without_a_previous_answer():
    assert not design_of("And will they expand?")["follow_up"]


# --- directness, assertiveness, adversarialness, accountability ---------------------------------

@pytest.mark.parametrize("text, frame", [
    ("I wonder if you could elaborate on that.", "self-referencing"),
    ("Could you tell us what you discussed?", "other-referencing"),
    ("Do you think the talks will resume?", "direct"),
    ("What happened in the meeting?", "none"),
])
def test_frames(text, frame):
    assert design_of(text)["frame"] == frame


def test_negative_interrogative_with_and_without_apostrophes():
    assert cue_spans("Don't you think this is a mistake?", "negative_interrogative") == ["Don't you"]
    assert cue_spans("isnt it true that the talks failed", "negative_interrogative") == ["isnt it"]
    assert cue_spans("I don't know whether you agree. Do you?", "negative_interrogative") == []


def test_favouring_preface():
    assert cue_spans("The fact remains that nothing has changed. Will you act?", "favouring_preface") == ["The fact remains"]


def test_adversarial_preface_cites_critics():
    spans = cue_spans("In Washington you come under criticism for not acting. What will you do?", "adversarial_preface")
    assert spans == ["come under criticism"]
    assert cue_spans("Your counterpart was helpful. Will you meet again?", "adversarial_preface") == []


def test_adversarial_preface_cites_a_contrary_voice():
    text = "You think sanctions will work, but the Intelligence Director has said engagement is better. Comment?"
    assert cue_spans(text, "adversarial_preface")


def test_accountability():
    assert cue_spans("why not just read the report", "accountability") == ["why"]
    assert cue_spans("How can you justify the delay?", "accountability")[0].lower().startswith("how can you justify")


def test_spans_index_into_the_text():
    text = "Obviously the talks failed. Why did you go?"
    h = qd.question_cues(make([("principal", "Hi."), ("reporter", text)]))
    for rec in h.itertuples():
        if rec.feature != "question":
            assert text[rec.start:rec.end].strip() == rec.span


def test_no_questions_gives_empty_tables():
    u = make([("principal", "Opening remarks only.")])
    assert qd.question_design(u).empty
    assert qd.design_profile(qd.question_design(u)).empty


def test_design_profile_shares():
    u = make([("principal", "Hi."), ("reporter", "Why did you go?"), ("principal", "Because."),
              ("reporter", "Do you regret it?")])
    p = qd.design_profile(qd.question_design(u)).set_index("feature")
    assert p.loc["accountability", "share"] == 0.5 and p.loc["direct", "n"] == 1
