"""Speaker-turn inference for captions transcripts (helpers.turns) and its evaluation (helpers.turn_eval)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import config, plots, turns
from helpers.evaluation import turns as turn_eval
from helpers.turns import _infer
from helpers.corpus import read_transcript

PRINCIPALS = pd.DataFrame({
    "surname": ["Adams", "Ivanov"],
    "interpreted": [False, True],
    "side": ["US", "Russia"],
    "title": ["US Secretary of State", "Russian Foreign Minister"],
})

ANSWER_US = ("We had a very good meeting today and we discussed many issues including trade and security "
             "and the way forward for our two countries and i think we made real progress on all of them. ")
CALLOUT = "John smith washington post. "
QUESTION = ("Thank you mr secretary do you believe that the talks will continue and would you be willing "
            "to meet again. Mr ivanoff is there any progress on the new treaty thank you. ")
ANSWER_US_2 = ("Thank you. With respect to the talks we are going to continue working with our partners on "
               "every one of these questions in the weeks ahead and i am confident that we will make progress together. ")
ANSWER_RU = ("As for. The treaty. We think. That. Our american colleagues. Are not. Ready. But we are. "
             "Prepared. To continue.")
TEXT = ANSWER_US + CALLOUT + QUESTION + ANSWER_US_2 + ANSWER_RU


def speaker_at(result: pd.DataFrame, text: str, phrase: str) -> pd.Series:
    """The turn row covering the first character of ``phrase``."""
    pos = text.index(phrase)
    row = result[(result["start_char"] <= pos) & (result["end_char"] > pos)]
    assert len(row) == 1
    return row.iloc[0]


# ------------------------------------------------------------------------------------------
# Output contract
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", turns.METHODS)
def test_output_columns_and_tiling(method):
    out = turns.infer_turns(TEXT, PRINCIPALS, method=method)
    assert list(out.columns) == turns.OUTPUT_COLUMNS
    turn_eval.check_tiling(out, 0, len(TEXT))
    assert out["confidence"].between(0, 1).all()
    assert set(out["role"]) <= {"principal", "reporter", "moderator"}
    assert set(out["act"]) <= {"question", "answer", "moderation", "statement"}
    # Consecutive turns never share a speaker.
    assert (out["speaker"] != out["speaker"].shift()).all()


def test_sequence_on_inline_example():
    out = turns.infer_turns(TEXT, PRINCIPALS, method="hand")
    assert list(out["speaker"]) == ["Adams", "Moderator", "Reporter", "Adams", "Ivanov"]
    assert list(out["act"]) == ["statement", "moderation", "question", "answer", "answer"]


@pytest.mark.parametrize("method", turns.METHODS)
def test_range_and_whitespace_belong_to_turns(method):
    prefix = "HEADER LINE\n\n"
    text = prefix + TEXT + "   "
    out = turns.infer_turns(text, PRINCIPALS, start=len(prefix), method=method)
    turn_eval.check_tiling(out, len(prefix), len(text))
    # White space between turns stays with the turn before.
    for end in out["end_char"].iloc[:-1]:
        assert not text[end].isspace()


@pytest.mark.parametrize("method", turns.METHODS)
def test_empty_and_blank_ranges(method):
    assert turns.infer_turns("", PRINCIPALS, method=method).empty
    blank = turns.infer_turns("   ", PRINCIPALS, method=method)
    assert list(blank["role"]) == ["unknown"] and blank["end_char"].iloc[0] == 3
    with pytest.raises(ValueError):
        turns.infer_turns("abc", PRINCIPALS, start=2, end=1, method=method)
    with pytest.raises(TypeError):
        turns.infer_turns(b"abc", PRINCIPALS, method=method)
    with pytest.raises(ValueError, match="unknown turn-inference method"):
        turns.infer_turns("abc", PRINCIPALS, method="guess")


@pytest.mark.parametrize("method", turns.METHODS)
def test_no_catalog_still_gives_roles(method):
    out = turns.infer_turns(TEXT, pd.DataFrame(), method=method)
    assert set(out["speaker"]) <= {"Principal", "Reporter", "Moderator"}
    assert speaker_at(out, TEXT, "do you believe")["role"] == "reporter"
    assert speaker_at(out, TEXT, "With respect to the talks")["role"] == "principal"
    opening = speaker_at(out, TEXT, "We had a very good")
    assert opening["speaker"] == "Principal"
    out_none = turns.infer_turns(TEXT, None, method=method)
    pd.testing.assert_frame_equal(out, out_none)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["We think.", "do you believe that", "thank you.", "Mr secretary",
                                 "John smith washington post.", "and the", " ", "\n", "As for.",
                                 "a long sentence about trade and security in the region"]),
                min_size=1, max_size=30),
       st.booleans(), st.sampled_from(turns.METHODS))
def test_tiling_property(parts, with_catalog, method):
    text = " ".join(parts)
    out = turns.infer_turns(text, PRINCIPALS if with_catalog else pd.DataFrame(), method=method)
    if text.strip():
        turn_eval.check_tiling(out, 0, len(text))
    else:
        assert len(out) <= 1


# ------------------------------------------------------------------------------------------
# Cues, one at a time
# ------------------------------------------------------------------------------------------

def evidence(text, principals=PRINCIPALS):
    units, states = turns.unit_evidence(text, principals, method="hand")
    return units, [s["state"] for s in states]


@pytest.mark.parametrize("question", [
    "do you believe the talks will continue",
    "would you be willing to meet again",
    "is there any progress on the treaty",
    "how are you going to improve the relationship",
    "under what conditions can sanctions be lifted",
    "what do you think about the argument",
    "id like to ask about the sanctions",
    "my name is ivan of russian television",
])
def test_question_cues_score_reporter(question):
    units, _ = evidence(question)
    assert units["reporter_cues"].sum() > 0
    plain, _ = evidence("the talks will continue in the weeks ahead")
    assert plain["reporter_cues"].sum() == 0


@pytest.mark.parametrize("phrase, who", [
    ("mr secretary do you agree", None),
    ("mr foreign minister do you agree", None),
    ("mr lavrov in your discussions", "Lavrov"),
    ("mr lab rob is there been any progress", "Lavrov"),
])
def test_address_terms(phrase, who):
    principals = pd.DataFrame({"surname": ["Pompeo", "Lavrov"], "interpreted": [False, True]})
    units, _ = evidence(phrase, principals)
    assert units["address"].iloc[0] == _infer.ADDRESS_WEIGHT
    assert units["addressed"].iloc[0] == who


def test_third_person_mention_is_not_an_address():
    principals = pd.DataFrame({"surname": ["Pompeo", "Lavrov"], "interpreted": [False, True]})
    units, _ = evidence("i think that as we discussed at length today mr lavrov talked about the fact", principals)
    assert units["address"].iloc[0] == _infer.MENTION_WEIGHT
    # ... and it counts against Lavrov as the speaker.
    assert units["side_Lavrov"].iloc[0] < 0 <= units["side_Pompeo"].iloc[0]


def test_callout_scores_moderator():
    units, _ = evidence("thank you for your question. John hudson washington post. Thank you mr secretary")
    row = units[units["text"].str.startswith("John")].iloc[0]
    assert row["callout"] == _infer.CALLOUT_WEIGHT
    assert row["score_Moderator"] > max(row["score_Reporter"], row["score_Adams"], row["score_Ivanov"])
    # A one-word fragment naming an outlet word is not a call-out; nor is a sentence with a pronoun.
    units, _ = evidence("Post. We read the washington post.")
    assert (units["callout"] == 0).all()


def test_closing_courtesy_splits_and_eases_a_change():
    text = "is that specifically something that you discussed today thank you with respect to north korea we worked hard"
    units, _ = evidence(text)
    assert len(units) == 2
    assert units["text"].iloc[0].rstrip().endswith("thank you")
    assert units["closer"].iloc[0] > 0 and units["opener"].iloc[1] > 0
    # "thank you for your question" is an answer's courtesy, not a split point inside it.
    units, _ = evidence("and so i hope we can move forward thank you for your question")
    assert len(units) == 1


def test_answer_openers_split_inside_a_sentence():
    text = "do you still believe that it is a precondition with respect to your second question ill leave that to the white house"
    units, _ = evidence(text)
    assert len(units) == 2
    assert units["text"].iloc[1].startswith("with respect to your second question")
    assert units["opener"].iloc[1] >= 1.5


def test_continuer_makes_a_change_dearer():
    units, _ = evidence("and yet another question. From a different sphere.")
    assert units["continuer"].iloc[0] > 0 and units["continuer"].iloc[1] == 0


def test_first_person_recall_scores_principal():
    units, _ = evidence("as i have already said in my initial remarks we are prepared to do that")
    assert units["principal_cues"].iloc[0] >= 3.5


def test_side_cues():
    units, _ = evidence("our american colleagues know this")
    assert units["side_Ivanov"].iloc[0] > 0 > units["side_Adams"].iloc[0]
    units, _ = evidence("we have worked with the russians on enforcement")
    assert units["side_Adams"].iloc[0] > 0 > units["side_Ivanov"].iloc[0]
    units, _ = evidence("an official representative of the united states said so")
    assert units["side_Ivanov"].iloc[0] > 0
    units, _ = evidence("the russian minister said so")
    assert units["side_Ivanov"].iloc[0] < 0


def test_style_fragments_vs_long_runs():
    fragments = "As for. The treaty. We think. That. It is. Not. Ready. But. Prepared."
    units, _ = evidence(fragments)
    assert (units["score_Ivanov"] >= units["score_Adams"]).all()
    assert (units["score_Ivanov"] > units["score_Adams"]).mean() > 0.8
    units, _ = evidence(ANSWER_US)
    assert (units["score_Adams"] > units["score_Ivanov"]).all()


def test_same_style_principals_share_a_state_and_address_decides():
    principals = pd.DataFrame({"surname": ["Blinken", "Shear"], "interpreted": [False, False]})
    text = ("Ambassador shear do you think the exercises will continue and would you comment on the treaty. "
            "We have been very clear about our commitment to the alliance and we will continue to work with our partners on that in the region. ")
    out = turns.infer_turns(text, principals, method="hand")
    assert list(out["role"]) == ["reporter", "principal"]
    assert out["speaker"].iloc[1] in {"Blinken", "Shear"}
    text2 = text.replace("Ambassador shear", "Mr shear")
    out2 = turns.infer_turns(text2, principals, method="hand")
    assert out2["speaker"].iloc[1] == "Shear"


def test_a_principal_does_not_take_the_floor_back_within_a_run():
    # Fragments (interpreted), one long sentence, fragments: without a question in between the
    # long sentence is not handed back to the fluent principal ...
    text = (ANSWER_US + "As for. The treaty. We think. That. It is. Not. Ready. "
            "We discussed this at length today and the position of our side is the one that was set out in the statement of the ministry last week. "
            "But we are. Prepared. To continue. Our work.")
    out = turns.infer_turns(text, PRINCIPALS, method="hand")
    assert list(out["speaker"]) == ["Adams", "Ivanov"]
    # ... while the same principal may answer again after a new question.
    text2 = ANSWER_US + "As for. The treaty. We think. That. It is. Not. Ready. " + QUESTION + ANSWER_US_2
    out2 = turns.infer_turns(text2, PRINCIPALS, method="hand")
    assert list(out2["speaker"]) == ["Adams", "Ivanov", "Reporter", "Adams"]


def test_speaker_pass_states_and_costs():
    hidden = _infer._speaker_orders(2)
    assert len(hidden) == 4
    units, states = evidence(ANSWER_US + ANSWER_RU)
    pstates = [s for s in turns.unit_evidence(ANSWER_US, PRINCIPALS, method="hand")[1] if s["role"] == "principal"]
    cost = _infer._speaker_costs(units, pstates, hidden)
    a_first = hidden.index((0, frozenset()))
    b_after_a = hidden.index((1, frozenset({0})))
    a_after_b = hidden.index((0, frozenset({1})))
    assert np.isfinite(cost[1, a_first, b_after_a]) and cost[1, a_first, b_after_a] > 0
    assert np.isinf(cost[1, b_after_a, a_after_b])


def test_cue_file_is_valid():
    cues = turns.load_cues()
    for section in ("reporter", "principal", "moderator", "opener", "closer", "continuer"):
        assert cues[section], section
        for item in cues[section]:
            assert item["pattern"].startswith(("^ ", " ")) and item["cue"]
    assert "post" in cues["outlets"]


def test_bad_cue_file_is_reported(tmp_path):
    bad = tmp_path / "cues.yml"
    bad.write_text("reporter:\n  - {pattern: '(unclosed', weight: 1, cue: x}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad cue"):
        turns.load_cues(bad)


# ------------------------------------------------------------------------------------------
# Evaluation metrics on toy data
# ------------------------------------------------------------------------------------------

def test_boundary_scores_tolerance_and_one_to_one():
    s = turn_eval.boundary_scores([10, 50], [12, 14, 80])
    assert s["n_matched"] == 1
    assert s["boundary_precision"] == pytest.approx(1 / 3)
    assert s["boundary_recall"] == pytest.approx(1 / 2)
    assert s["boundary_f1"] == pytest.approx(0.4)
    assert turn_eval.boundary_scores([10], [16])["n_matched"] == 0
    assert turn_eval.boundary_scores([10], [15])["n_matched"] == 1
    assert turn_eval.boundary_scores([], [])["boundary_f1"] == 1.0


def _match_all_pairs(gold, pred, tolerance):
    """Reference: every pair within the tolerance, matched greedily from the closest on."""
    pairs = sorted((abs(g - p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if abs(g - p) <= tolerance)
    used_g, used_p = set(), set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return used_g, used_p


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 60), max_size=12), st.lists(st.integers(0, 60), max_size=12), st.integers(0, 6))
def test_match_boundaries_equals_the_all_pairs_matching(gold, pred, tolerance):
    assert turn_eval.match_boundaries(gold, pred, tolerance) == _match_all_pairs(gold, pred, tolerance)


def test_word_labels_and_compare():
    text = "a b c d e f g h"
    gold = pd.DataFrame({"start_char": [0, 8], "end_char": [8, 15], "speaker": ["X", "Y"], "role": ["principal", "reporter"]})
    pred = pd.DataFrame({"start_char": [0, 4], "end_char": [4, 15], "speaker": ["X", "Y"], "role": ["principal", "reporter"]})
    w = turn_eval.word_labels(text, gold)
    assert list(w["speaker"]) == list("XXXXYYYY")
    assert list(turn_eval.boundary_words(text, gold)) == [4]
    m = turn_eval.compare_turns(text, gold, pred)
    assert m["speaker_accuracy"] == pytest.approx(6 / 8)
    assert m["role_accuracy"] == pytest.approx(6 / 8)
    assert m["boundary_f1"] == 1.0  # 2 words off, within tolerance
    m = turn_eval.compare_turns(text, gold, pred, tolerance=1)
    assert m["boundary_f1"] == 0.0


def test_strip_labels():
    text = ("Header line\n\nSECRETARY POMPEO: Hello, everyone. We met today.\n\n"
            "QUESTION: Mr. Secretary, did you discuss Iran?\n\nSECRETARY POMPEO: We did -- at length.\n")
    stripped, gold = turn_eval.strip_labels(text)
    assert stripped == "hello everyone. we met today. mr. secretary did you discuss iran we did at length."
    assert list(gold["role"]) == ["principal", "reporter", "principal"]
    turn_eval.check_tiling(gold, 0, len(stripped))
    assert stripped[gold["start_char"].iloc[1]:].startswith("mr. secretary")
    with pytest.raises(ValueError):
        turn_eval.strip_labels("no labels here")


def test_accuracy_table():
    metrics = {"speaker_accuracy": 0.91234, "role_accuracy": 0.95, "boundary_precision": 0.8,
               "boundary_recall": 0.9, "boundary_f1": 0.847}
    gen = pd.DataFrame({"file": ["001_x.txt"], "role_accuracy": [0.93]})
    table = turn_eval.accuracy_table(metrics, gen)
    assert list(table.columns) == ["measure", "value", "target"]
    assert table["value"].iloc[0] == 0.912
    assert table["target"].iloc[0] == ">= 0.90" and table["target"].iloc[1] == ""
    assert table["measure"].iloc[-1].startswith("role accuracy, stripped 001")


def test_check_tiling_rejects_gaps():
    with pytest.raises(ValueError):
        turn_eval.check_tiling(pd.DataFrame({"start_char": [0, 5], "end_char": [4, 9]}), 0, 9)


# ------------------------------------------------------------------------------------------
# The gold annotation and the measured accuracy
# ------------------------------------------------------------------------------------------

def test_gold_tiles_the_transcript():
    text, _ = read_transcript(config.SEEDS_DIR / turn_eval.GOLD_EVENT_FILE)
    gold = turn_eval.load_gold()
    turn_eval.check_tiling(gold, 0, len(text))
    assert set(gold["speaker"]) == {"Pompeo", "Lavrov", "Reporter", "Moderator"}
    roles = {"Pompeo": "principal", "Lavrov": "principal", "Reporter": "reporter", "Moderator": "moderator"}
    assert (gold["role"] == gold["speaker"].map(roles)).all()
    assert (gold["note"].str.len() > 20).all()
    # Each turn starts at a word (no turn starts with white space).
    assert not any(text[s].isspace() for s in gold["start_char"])


#: Regression floors per method (the numbers are in bench/results/turns.md); the hand-set
#: weights were chosen by reading this transcript, so their floors are in-sample ones.
#: Just under the measured values (bench/results/turns.md). The trained model with its principal
#: step (helpers/turns/_speakers.py) measures role 0.948, boundary F1 0.629 and speaker 0.841 on this
#: transcript (0.806 speaker with the earlier principal step): a floor, not a target.
FLOORS = {"hand": {"role_accuracy": 0.95, "boundary_f1": 0.80, "speaker_accuracy": 0.85},
          "model": {"role_accuracy": 0.94, "boundary_f1": 0.60, "speaker_accuracy": 0.83}}


@pytest.mark.parametrize("method", turns.METHODS)
def test_inference_on_the_captions_transcript(method):
    """Regression floor for the measured accuracy (see bench/bench_turns.py for the numbers)."""
    metrics, pred = turn_eval.evaluate_gold(method=method)
    text, _ = read_transcript(config.SEEDS_DIR / turn_eval.GOLD_EVENT_FILE)
    turn_eval.check_tiling(pred, 0, len(text))
    for key, floor in FLOORS[method].items():
        assert metrics[key] >= floor, key


@pytest.mark.parametrize("method", turns.METHODS)
def test_generalisation_to_stripped_labelled_transcripts(method):
    gen = turn_eval.generalisation(method=method)
    assert list(gen["file"]) == list(turn_eval.GENERALISATION_FILES)
    assert (gen["role_accuracy"] >= 0.90).all()
    # Better than calling every word a principal's.
    assert (gen["role_accuracy"] > 1 - gen["reporter_share"]).all()


# ------------------------------------------------------------------------------------------
# Notebook tables and figure
# ------------------------------------------------------------------------------------------

def test_captions_tables_and_figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import helpers

    corpus = helpers.load_corpus()
    table = turns.captions_turns(corpus)
    assert len(table) and set(table["event_id"]) == {"2019-12-10-washington"}
    assert table["excerpt"].str.len().max() < 200
    seq = turn_eval.turn_sequence(corpus)
    assert set(seq["lane"]) == {"inferred", "hand annotation"}
    # Both lanes cover every word of the transcript.
    sums = seq.groupby("lane")["n_words"].sum()
    assert sums.nunique() == 1 and (seq["n_words"] > 0).all()
    ax = plots.plot_turn_sequence(seq)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["hand annotation", "inferred"]
    assert len(ax.collections) >= seq["speaker"].nunique()
    plt.close(ax.figure)
    # A selection without a captions event gives empty tables and an empty, labelled plot.
    other = corpus.select(["2019-05-14-sochi"])
    assert turns.captions_turns(other).empty and turn_eval.turn_sequence(other).empty
    ax = plots.plot_turn_sequence(turn_eval.turn_sequence(other))
    assert "no captions" in ax.texts[0].get_text()
    plt.close(ax.figure)
