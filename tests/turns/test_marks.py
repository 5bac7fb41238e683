"""Speaker-change marks (``>>``) of broadcast captions as evidence for the trained captions method."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers import config
from helpers.corpus import read_transcript
from helpers.evaluation import marks as mark_eval
from helpers.evaluation import turns as turn_eval
from helpers.turns import _archive, _marks, infer_turns, load_model

# A question and its answer run together without a full stop, then a second reporter and a second
# answer: the marks stand where the speaker changes.
MARKED = (">> good afternoon everybody. i have two announcements at the top. the president will travel to ohio "
          "tomorrow to talk about the economy >> thanks. what does the president think about the bill and will he "
          "sign it >> well we have been very clear about that. he will sign it if it gets to his desk and we "
          "expect that soon >> a follow up on that. when does he expect it >> i would refer you to congress on "
          "the timing.")


def test_a_marked_text_gives_turns_at_the_marks():
    got = infer_turns(MARKED)
    offsets = _marks.mark_offsets(MARKED).tolist()
    assert len(offsets) == 5 and set(offsets) <= set(got["start_char"])
    turn_eval.check_tiling(got, 0, len(MARKED))
    # Each mark is the start of its speaker's turn, and the floor passes at every mark here.
    assert got["role"].tolist() == ["principal", "reporter", "principal", "reporter", "principal"]
    assert got["start_char"].tolist() == offsets and got["confidence"].between(0, 1).all()
    # Read as text, the marks are ignored: the model alone hears a change inside the answer and
    # none before the follow-up.
    before = infer_turns(MARKED, marks=False)
    assert before["start_char"].tolist() != offsets
    at = MARKED.index("he will sign it")
    role_at = {name: t.loc[(t["start_char"] <= at) & (at < t["end_char"]), "role"].item()
               for name, t in (("before", before), ("marks", got))}
    assert role_at == {"before": "reporter", "marks": "principal"}


def test_text_without_marks_gives_the_same_turns():
    plain = MARKED.replace(">> ", "")
    assert _marks.mark_offsets(plain).size == 0
    pd.testing.assert_frame_equal(infer_turns(plain), infer_turns(plain, marks=False))
    seed, _ = read_transcript(config.SEEDS_DIR / turn_eval.GOLD_EVENT_FILE)
    assert ">>" not in seed
    pd.testing.assert_frame_equal(infer_turns(seed), infer_turns(seed, marks=False))
    # The units of an unmarked text are the model's units of before, with ``mark`` false.
    model = load_model()
    units = model.units(plain)
    assert not units["mark"].any()
    assert units.drop(columns="mark").equals(model.units(plain, marks=False).drop(columns="mark"))


def test_marks_are_blanked_in_place_and_glued_marks_count():
    text = "thank you.  >>>new story here >>WELL we will see"
    plain, offsets = _marks.blank_marks(text)
    assert len(plain) == len(text) and ">" not in plain and offsets.tolist() == [12, 30]
    assert plain == "thank you.     new story here   WELL we will see"
    assert _marks.blank_marks("a > b and c>>d")[1].size == 0  # not at the start of a word
    got = infer_turns(text)
    assert {12, 30} <= set(got["start_char"])


def test_cut_at_marks_splits_a_unit_or_moves_its_start():
    model = load_model()
    text = "we will do that. >> thanks what about the bill and the budget"
    offsets = _marks.mark_offsets(text)
    units = model.units(text)
    assert units["start_char"].tolist()[0] == 0 and units["end_char"].tolist()[-1] == len(text)
    assert (units["start_char"].to_numpy()[1:] == units["end_char"].to_numpy()[:-1]).all()
    marked = units[units["mark"]]
    assert marked["start_char"].tolist() == offsets.tolist()
    assert marked["text"].iloc[0].startswith(">> thanks")
    # Inside a sentence the mark cuts the unit; the cut kind follows the text before it.
    inside = model.units("so what about the bill >> we will see")
    row = inside[inside["mark"]].iloc[0]
    assert row["start_char"] == len("so what about the bill ") and row["cut"] == "cue"


def test_mark_transitions_weigh_changes_of_role_only():
    trans = np.zeros((4, 3, 3))
    marked = np.array([True, True, False, False])
    out = _marks.mark_transitions(trans, marked, coverage=0.5, bonus=4.0, cost=2.0)
    off = ~np.eye(3, dtype=bool)
    assert (out[0] == 0).all()  # before the first unit: no transition
    assert (out[1][off] == 4.0).all() and (np.diag(out[1]) == 0).all()
    assert (out[2][off] == -1.0).all() and (np.diag(out[2]) == 0).all()
    assert _marks.mark_transitions(trans, np.zeros(4, dtype=bool), 1.0) is trans
    assert _marks.mark_coverage(0, 1000) == 0.0
    assert _marks.mark_coverage(7, 70 * 10) == pytest.approx(0.7)
    assert _marks.mark_coverage(50, 700) == 1.0


def test_a_stray_mark_weighs_little_away_from_itself():
    # One mark in the middle of the captions seed (2,236 words): the cost of changes elsewhere
    # scales with the marks' coverage, so the roles far from the mark hardly move.
    text, _ = read_transcript(config.SEEDS_DIR / turn_eval.GOLD_EVENT_FILE)
    cut = text.index(" ", len(text) // 2) + 1
    marked = text[:cut] + ">> " + text[cut:]
    assert _marks.mark_coverage(1, len(text.split())) * _marks.UNMARKED_COST < 0.2
    before = turn_eval.word_labels(text, infer_turns(text))
    after = turn_eval.word_labels(marked, infer_turns(marked))
    after = after[after["start_char"] != cut].reset_index(drop=True)
    mark_word = int(np.searchsorted(before["start_char"].to_numpy(), cut))
    far = np.abs(np.arange(len(before)) - mark_word) > 40
    moved = before["role"].to_numpy() != after["role"].to_numpy()
    assert moved[far].sum() <= 8


def _write_archive(root, n=1):
    lines = ["---", "title: Press Briefing", "---", "", "1:00 P.M. EDT", "",
             "MS. SMITH:  Good afternoon, everyone. We had a very productive meeting today.", "",
             "Q    Thank you. Do you think the talks will continue?", "",
             "Q    And on the budget, will the President sign it?", "",
             "MS. SMITH:  Well, we are going to continue working on it.", "",
             "MR. JONES:  Let me add one thing on the budget.", "",
             "MS. SMITH:  (Laughter.)", "", "MS. SMITH:  Next question.", "", "END 1:30 P.M. EDT", ""]
    path = root / "2021-01" / "briefing-000.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_marks_inserted_at_the_true_speaker_changes(tmp_path):
    path = _write_archive(tmp_path)
    text, words, turns = _archive.caption_form(path)
    # Q after Q is a new speaker; a label repeated by an official is not.
    assert turns["speaker"].tolist() == ["MS. SMITH", "Q", "Q", "MS. SMITH", "MR. JONES", "MS. SMITH"]
    assert _archive.speaker_changes(turns).tolist() == [1, 2, 3, 4, 5]
    mtext, mwords, n = _archive.insert_marks(path, text, words, turns, 1.0)
    assert n == 5 and mtext.count(">> ") == 5 and mtext.replace(">> ", "") == text
    # Every word keeps its token at its new offset, and the marks stand before the turns' first words.
    toks = {m_start: w for m_start, w in zip(mwords["start_char"], text.split())}
    assert all(mtext[s:s + len(w)] == w for s, w in toks.items())
    first_words = mwords.groupby("turn")["start_char"].min().to_numpy()[1:]
    assert [mtext[s - 3:s] for s in first_words] == [">> "] * 5
    assert _archive.insert_marks(path, text, words, turns, 0.0) == (text, words, 0)
    # Fewer marks at a smaller share, among those of a larger one (one draw per change).
    def marked_turns(share):
        mtext = _archive.insert_marks(path, text, words, turns, share)[0]
        at = [o - 3 * k for k, o in enumerate(_marks.mark_offsets(mtext).tolist())]  # offsets in ``text``
        return set(turns.index[turns["start_char"].isin(at)])

    assert marked_turns(1.0) == {1, 2, 3, 4, 5}
    assert marked_turns(0.3) <= marked_turns(0.6) <= marked_turns(1.0)
    assert marked_turns(0.6) == marked_turns(0.6)


def test_synthetic_check_scores_both_readings(tmp_path):
    path = _write_archive(tmp_path)
    scores = mark_eval.file_scores(path, shares=(1.0, 0.0))
    full, none = scores[1.0], scores[0.0]
    assert full["n_marks"] == 5 and none["n_marks"] == 0
    assert full["today"]["n"] == full["marks"]["n"] == none["marks"]["n"] == len(_archive.caption_form(path)[1])
    assert none["today"] == none["marks"]  # no marks: the same turns
    assert full["marks"] != full["today"]
    # A mark all but forces a change of role; in this small file two reporters follow each other and
    # two officials do, so the marks force wrong changes of role too (the moderator's here).
    assert full["marks"]["role_correct"] < full["today"]["role_correct"]


def test_a_marked_caption_file_loads_with_inferred_turns_at_the_marks(tmp_path):
    srt = ("1\n00:00:01,000 --> 00:00:04,000\n>> good afternoon everybody. i have two things at the top\n\n"
           "2\n00:00:04,500 --> 00:00:08,000\n>> thanks. what does the president think about the bill\n\n"
           "3\n00:00:08,500 --> 00:00:12,000\n>> well we have been very clear about that.\n")
    (tmp_path / "news.srt").write_text(srt, encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path)
    text = corpus.texts["news"]
    utt = corpus.utterances[corpus.utterances["event_id"] == "news"]
    assert set(utt["attribution"]) == {"inferred"} and utt["confidence"].between(0, 1).all()
    assert set(_marks.mark_offsets(text).tolist()) <= set(utt["start_char"])
    assert utt["start_char"].iloc[0] == 0 and utt["end_char"].iloc[-1] == len(text)
