"""Real White House transcripts (tests/data/wh, trimmed, CC0) and the label grammar they need."""
import re
from pathlib import Path

import pytest

import helpers
from helpers.corpus import find_labels, normalise_markdown, read_front_matter, read_transcript, tiling_report

WH = Path(__file__).resolve().parents[1] / "data" / "wh"


@pytest.fixture(scope="module")
def wh():
    with pytest.warns(helpers.TranscriptWarning, match=r"SOURCE\.md: not a transcript"):
        return helpers.load_corpus(WH)


def turns(corpus, event):
    u = corpus.utterances
    return u[u["event_id"] == event].reset_index(drop=True)


def test_markdown_files_load_with_front_matter_and_times(wh):
    ev = wh.events.set_index("event_id")
    assert len(ev) == 5 and wh.skipped["file"].tolist() == ["SOURCE.md"]
    call = ev.loc["background_call_moderator_sao_operator"]
    assert call["title"].startswith("Background Press Call by a Senior Administration Official")
    assert call["date"] == "2023-11-30" and call["source_url"].startswith("https://bidenwhitehouse.archives.gov/")
    assert (call["start_time"], call["end_time"], call["duration_min"]) == ("11:04 EST", "11:35 EST", 31.0)
    assert '"tags": "press-briefings"' in call["metadata"]
    assert tiling_report(wh)["lossless"].all()


def test_closing_time_is_metadata_not_part_of_the_last_turn(wh):
    for ev in wh.events.itertuples():
        last = turns(wh, ev.event_id).iloc[-1]
        assert last["end_char"] == ev.footer_start < ev.n_chars
        assert not re.search(r"\d:\d\d [AP]\.M\.", last["text"])
        assert re.search(r"\d:\d\d [AP]\.M\.", wh.texts[ev.event_id][ev.footer_start:])


def test_normalisation_changes_only_white_space_and_escapes():
    for path in sorted(WH.glob("*.md")):
        raw, _ = read_transcript(path)
        _, body = read_front_matter(raw, path)
        norm, offsets = normalise_markdown(raw, body)
        assert norm[:body] == raw[:body]
        unescaped = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", raw[body:])
        assert re.sub(r"\s", "", unescaped) == re.sub(r"\s", "", norm[body:])
        assert len(offsets) == raw.count("\n") + (not raw.endswith("\n"))


def test_soft_breaks_become_spaces_hard_breaks_stay():
    text = "---\ntitle: T\n---\nMS. PSAKI: one\ntwo  \nthree \\[x\\]\n\nQ\u00a0 four\n"
    norm, offsets = normalise_markdown(text, read_front_matter(text, "t.md")[1])
    assert norm.endswith("MS. PSAKI: one two  \nthree [x]\n\nQ\u00a0 four\n")
    assert norm[offsets[5]:].startswith("three")


def test_background_call_roles(wh):
    u = turns(wh, "background_call_moderator_sao_operator")
    roles = dict(zip(u["label"], u["role"]))
    assert roles == {"MODERATOR": "moderator", "SENIOR ADMINISTRATION OFFICIAL": "principal", "Q": "reporter",
                     "OPERATOR": "moderator"}
    assert u["text"].str.contains(r"\[senior administration official\]").any()  # escapes undone


def test_briefing_interpreter_and_stage_directions(wh):
    u = turns(wh, "briefing_interpreter_stage_directions")
    assert set(u.loc[u["label"] == "MS. JEAN-PIERRE", "role"]) == {"principal"}
    assert u.loc[u["label"] == "INTERPRETER", "role"].tolist() == ["other"]
    bts = u[u["label"] == "MEMBERS OF BTS"].iloc[0]
    assert bts["note"] == "Speak Korean."
    interp = u[u["label"] == "INTERPRETER"].iloc[0]
    assert interp["n_notes"] >= 1 and "(Speaks Korean.)" in interp["text"]


def test_typo_label_and_guest_statement(wh):
    u = turns(wh, "daily_briefing_guests_typo")
    guest = u[u["label"] == "SECRETARY BUTTITGIEG"].iloc[0]
    assert (guest["role"], guest["act"]) == ("principal", "statement")
    assert u.loc[u["label"] == "Q", "role"].tolist() == ["reporter"]


def test_foreign_leaders_as_interpreted(wh):
    u = turns(wh, "foreign_leaders_as_interpreted")
    assert u["label"].tolist() == ["PRIME MINISTER KISHIDA", "PRESIDENT BIDEN", "PRESIDENT ZELENSKYY"]
    assert u["role"].eq("principal").all() and u["interpreted"].tolist() == [True, False, False]
    assert u["n_notes"].sum() >= 1  # (Applause.)


def test_gaggle_with_guest(wh):
    u = turns(wh, "gaggle_air_force_one")
    assert dict(zip(u["label"], u["role"])) == {"MS. JEAN-PIERRE": "principal", "Q": "reporter",
                                                "ADMINISTRATOR REGAN": "principal"}
    speak_up = u[u["text"].str.startswith("Can you just speak up")].iloc[0]
    assert speak_up["act"] == "other"


@pytest.mark.parametrize("line, label, note", [
    ("Q\u00a0\u00a0\u00a0 Mr. President, will you?", "Q", ""),
    ("Q    Is it done?", "Q", ""),
    ("Q. Is it done?", "Q", ""),
    ("Q: Is it done?", "Q", ""),
    ("Q (Inaudible.)", "Q", "Inaudible."),
    ("Q\u2013 larger \u2014", "Q", ""),
    ("THE PRESIDENT:  Thank you.", "THE PRESIDENT", ""),
    ("THE VICE PRESIDENT: Thank you.", "THE VICE PRESIDENT", ""),
    ("PRIME MINISTER KISHIDA:  (As interpreted.)  Thank you.", "PRIME MINISTER KISHIDA", "As interpreted."),
    ("CHANCELLOR MERKEL: (Via interpreter) Thank you.", "CHANCELLOR MERKEL", "Via interpreter"),
    ("The President. Thank you all.", "The President", ""),
    ("\u00a0\u00a0 MS. PSAKI:  Indented.", "MS. PSAKI", ""),
    ("Mr. KIRBY: Mixed-case honorific.", "Mr. KIRBY", ""),
    ("SENIOR ADMINISTRATION OFFICIAL:  Sure.", "SENIOR ADMINISTRATION OFFICIAL", ""),
    ("AIDE:  Last question.", "AIDE", ""),
    ("OPERATOR:  Next line.", "OPERATOR", ""),
    ("AUDIENCE MEMBER:  Four more years!", "AUDIENCE MEMBER", ""),
    ("ANNOUNCER:  Ladies and gentlemen.", "ANNOUNCER", ""),
    ("**MR. PRICE:** In bold.", "MR. PRICE", ""),
    ("**MR. PRICE**: In bold, colon outside.", "MR. PRICE", ""),
    ("__QUESTION:__ In bold.", "QUESTION", ""),
    ("*Q\u00a0\u00a0\u00a0 Heard via livestream, in italics.*", "Q", ""),
    ("**Q:** In bold.", "Q", ""),
])
def test_label_grammar_of_real_archives(line, label, note):
    found = find_labels("Intro line\n\n" + line + "\n")
    assert [(f.label, f.note) for f in found] == [(label, note)]


@pytest.mark.parametrize("text", ["On Iran: we have said it.", "Bridges: a story.", "NATO: we are ready.",
                                  "U.S. officials said so.", "1:02 P.M. EDT", "END", "Quite so: yes."])
def test_real_non_labels(text):
    assert find_labels("MS. PSAKI: Hello.\n\n" + text + "\n")[1:] == []


def test_label_ending_in_full_stop_counts_when_the_name_has_a_colon_label():
    text = "MR. SULLIVAN: One.\n\nQ  Two?\n\nMR. SULLIVAN. Three.\n\nMR. JONES. Four.\n"
    assert [f.label for f in find_labels(text)] == ["MR. SULLIVAN", "Q", "MR. SULLIVAN"]


def test_typos_join_the_speaker_the_event_already_has(seeds):
    text = ("SECRETARY MAYORKAS: Good afternoon, everyone, and thank you for coming today to hear us.\n\n"
            "Q  A question?\n\nSECREATRY MAYORKAS: An answer that is long enough to count as an answer, surely.\n\n"
            "Q  And?\n\nSECRETARY MAYORKAS: Yes, and here is another answer of a proper length for it.\n")
    u = helpers.load_corpus(seeds({"m.txt": text})).utterances
    assert u.loc[u["role"] == "principal", "speaker"].unique().tolist() == ["Mayorkas"]


KREMLIN_STYLE = (
    "Joint news conference with the President of the United States\n\n"
    "President of Russia Vladimir Putin: Mr President, ladies and gentlemen, the talks were held in a frank and "
    "businesslike atmosphere, and I think we can call them successful and very useful for both countries.\n\n"
    "President of the United States Donald Trump: Thank you very much. I have just concluded a meeting with "
    "President Putin on a wide range of critical issues for both of our countries and for the world.\n\n"
    "Question: Mr President, did you discuss Syria and the treaty on strategic arms, and what did you agree?\n\n"
    "Vladimir Putin: We did discuss Syria in some detail, and we agreed that our experts will meet on strategic "
    "stability and on extending the treaty, which expires soon.\n\n"
    "On Iran: we spoke about it at length as well.\n\n"
    "Question (retranslated): A question for both presidents. Do you trust each other on elections?\n\n"
    "Donald Trump: I have great confidence in my people, but I will tell you that President Putin was extremely "
    "strong and powerful in his denial today, and we will keep talking.\n\n"
    "Vladimir Putin: I can only add that Russia has never interfered and is not going to interfere in any "
    "internal affairs of the United States, including the election process.\n"
)


def test_mixed_case_labels_of_a_transcript_without_upper_case_ones():
    found = find_labels(KREMLIN_STYLE)
    assert [f.label for f in found] == [
        "President of Russia Vladimir Putin", "President of the United States Donald Trump", "Question",
        "Vladimir Putin", "Question", "Donald Trump", "Vladimir Putin"]
    assert found[4].note == "retranslated"
    assert "On Iran" not in [f.label for f in found]


def test_mixed_case_labels_become_speakers_and_roles(tmp_path):
    (tmp_path / "summit.txt").write_text(KREMLIN_STYLE, encoding="utf-8")
    utt = helpers.load_corpus(tmp_path).utterances
    assert list(utt["speaker"]) == ["Vladimir Putin", "Donald Trump", "Reporter", "Vladimir Putin", "Reporter",
                                    "Donald Trump", "Vladimir Putin"]
    assert list(utt["role"]) == ["principal", "principal", "reporter", "principal", "reporter", "principal",
                                 "principal"]
    assert "On Iran: we spoke" in utt["text"].iloc[3]


@pytest.mark.parametrize("text", [
    "Location: Washington\n\nDate: today\n\nThe President spoke about the economy at length.\n",
    "Wang Wenbin: Good afternoon.\n\nOn Iran: a note.\n\nWang Wenbin: An answer.\n\nWang Wenbin: More.\n",
    "Wang Wenbin: Good afternoon.\n\nAFP: A question?\n\nBloomberg: Another?\n",
    "Question: Is it on?\n\nQuestion: Is it?\n\nQuestion: Still?\n",
])
def test_mixed_case_openings_that_make_no_dialogue_are_not_labels(text):
    assert find_labels("Title line\n\n" + text) == []


def test_mixed_case_labels_are_not_read_beside_upper_case_ones():
    text = "MS. PSAKI: Hello.\n\nQ  A question?\n\nMs. Psaki: Text.\n\nJohn Smith: More.\n\nJohn Smith: Again.\n"
    assert [f.label for f in find_labels(text)] == ["MS. PSAKI", "Q"]


def test_long_forms_join_only_mixed_case_names():
    from helpers.corpus._loader import canonical_labels

    norms = ["SENIOR ADMINISTRATION OFFICIAL", "FIRST SENIOR ADMINISTRATION OFFICIAL", "SENIOR ADMINISTRATION OFFICIAL"]
    assert canonical_labels(norms)["FIRST SENIOR ADMINISTRATION OFFICIAL"] == "FIRST SENIOR ADMINISTRATION OFFICIAL"
    mixed = ["PRESIDENT OF RUSSIA VLADIMIR PUTIN", "QUESTION", "VLADIMIR PUTIN"]
    assert canonical_labels(mixed, long_forms=True)["PRESIDENT OF RUSSIA VLADIMIR PUTIN"] == "VLADIMIR PUTIN"
    assert canonical_labels(mixed)["PRESIDENT OF RUSSIA VLADIMIR PUTIN"] == "PRESIDENT OF RUSSIA VLADIMIR PUTIN"


UK_STYLE = (
    "Press conference remarks\n\n"
    "Prime Minister: Good evening. Today I met the President of Ukraine and we agreed a new package of support, "
    "including air defence, which will be delivered in the coming weeks.\n\n"
    "Laura Kuenssberg, BBC: Prime Minister, how much will this cost, and is it enough?\n\n"
    "Prime Minister: It is a significant commitment, and it is the right thing to do for our security and for "
    "the security of Europe as a whole.\n\n"
    "Beth Rigby, Sky News: Will you send troops?\n\n"
    "Prime Minister: No. There are no plans to send combat troops, and I have been very clear about that from "
    "the start of this conflict.\n"
)


def test_questioners_named_once_in_mixed_case_are_reporters(tmp_path):
    found = find_labels(UK_STYLE)
    assert [(f.label, f.asks) for f in found] == [
        ("Prime Minister", False), ("Laura Kuenssberg, BBC", True), ("Prime Minister", False),
        ("Beth Rigby, Sky News", True), ("Prime Minister", False)]
    (tmp_path / "pm.txt").write_text(UK_STYLE, encoding="utf-8")
    utt = helpers.load_corpus(tmp_path).utterances
    assert list(utt["speaker"]) == ["Prime Minister", "Reporter", "Prime Minister", "Reporter", "Prime Minister"]
    assert list(utt["role"]) == ["principal", "reporter", "principal", "reporter", "principal"]
    assert list(utt["act"]) == ["statement", "question", "answer", "question", "answer"]
    assert list(utt["label"])[1] == "Laura Kuenssberg, BBC"


def test_labels_in_markdown_emphasis_start_turns_after_the_emphasis(tmp_path):
    text = ("**MR. PRICE:** Good afternoon, everyone, I have one item at the top today.\n\n"
            "*Q\u00a0\u00a0 Will you expand the sanctions?*\n\n"
            "**MR. PRICE**: We are not taking anything off the table, as we have said before.\n")
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    utt = helpers.load_corpus(tmp_path).utterances
    assert list(utt["role"]) == ["principal", "reporter", "principal"]
    assert utt["text"].iloc[0].startswith("Good afternoon") and utt["text"].iloc[1].startswith("Will you")


# The form of transcription services: a name, a clock time, the speech on the next line; speakers
# the transcriber could not name are numbered.
SERVICE_STYLE = (
    "Mike Pompeo: (00:00)\n"
    "Good morning. Today we discussed Iran and the sanctions we have imposed together with our partners.\n\n"
    "Speaker 2: (01:23)\n"
    "Mr. Secretary, will there be more sanctions on Iran?\n\n"
    "Mike Pompeo: (01:40)\n"
    "We will keep up the pressure until Iran changes its behaviour, as the President has asked of us.\n\n"
    "Speaker 3 (02:10):\n"
    "And on China, when do the talks start?\n\n"
    "Mike Pompeo (02:15):\n"
    "Next week, in Beijing, and we expect them to cover trade and the South China Sea.\n"
)


def test_transcription_service_labels_with_times_and_numbered_speakers(tmp_path):
    found = find_labels(SERVICE_STYLE)
    assert [(f.label, f.note) for f in found] == [
        ("Mike Pompeo", "00:00"), ("Speaker 2", "01:23"), ("Mike Pompeo", "01:40"), ("Speaker 3", "02:10"),
        ("Mike Pompeo", "02:15")]
    (tmp_path / "service.txt").write_text(SERVICE_STYLE, encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path)
    utt = corpus.utterances
    assert list(utt["role"]) == ["principal", "reporter", "principal", "reporter", "principal"]
    assert list(utt["act"]) == ["statement", "question", "answer", "question", "answer"]
    assert list(utt["label"]) == ["Mike Pompeo", "Speaker 2", "Mike Pompeo", "Speaker 3", "Mike Pompeo"]
    assert utt["text"].iloc[1] == "Mr. Secretary, will there be more sanctions on Iran?"
    assert tiling_report(corpus)["lossless"].all()


def test_numbered_speakers_are_different_speakers():
    from helpers.corpus._labels import label_class, same_name

    assert not same_name("SPEAKER 1", "SPEAKER 2") and same_name("SPEAKER 2", "SPEAKER 2")
    assert label_class("SPEAKER 2") == "unknown" and label_class("SPEAKER") == "other"
    assert label_class("REPORTER 1") == "reporter" and label_class("AUDIENCE MEMBER 3") == "other"


@pytest.mark.parametrize("stamp", ["[00:01:02] ", "00:01:02 ", "(1:02) ", "12:05 "])
def test_labels_after_a_clock_time(stamp, tmp_path):
    text = (f"{stamp}SECRETARY POMPEO: Good morning.\n\n{stamp}QUESTION: Mr. Secretary, more sanctions on Iran?\n\n"
            f"{stamp}SECRETARY POMPEO: We will keep up the pressure until Iran changes its behaviour.\n")
    assert [f.label for f in find_labels(text)] == ["SECRETARY POMPEO", "QUESTION", "SECRETARY POMPEO"]
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path)
    utt = corpus.utterances
    assert list(utt["role"]) == ["principal", "reporter", "principal"]
    assert utt["text"].iloc[1] == "Mr. Secretary, more sanctions on Iran?"  # the time stays in the label's span
    assert tiling_report(corpus)["lossless"].all()


def test_a_clock_time_alone_is_no_label():
    assert find_labels("12:05 Good morning, everyone.\n\n12:06 More words here.\n") == []


NAMES_ONLY = (
    "Ned Price: Good afternoon, everyone. I have two items at the top, on Ukraine and on Ethiopia, and then "
    "I am happy to take your questions.\n\n"
    "Matt Lee: Ned, on Iran, is there a deadline for the talks?\n\n"
    "Ned Price: There is no deadline that we have set, but the window will not stay open forever.\n\n"
    "Matt Lee: Why not?\n\n"
    "Ned Price: Because Iran's nuclear advances will soon make the deal worth less than it was. Who knows?\n\n"
    "Said Arikat: On the Palestinians, will the consulate reopen?\n\n"
    "Ned Price: We remain committed to it, and we are in touch with our Israeli partners about it.\n"
)


def test_speakers_who_ask_are_reporters_where_no_label_says_so(tmp_path):
    (tmp_path / "names.txt").write_text(NAMES_ONLY, encoding="utf-8")
    utt = helpers.load_corpus(tmp_path).utterances
    assert list(utt["role"]) == ["principal", "reporter", "principal", "reporter", "principal", "reporter",
                                 "principal"]
    assert list(utt["speaker"]) == ["Ned Price", "Reporter", "Ned Price", "Reporter", "Ned Price", "Reporter",
                                    "Ned Price"]
    assert list(utt["label"])[5] == "Said Arikat"


def test_call_cues_are_whole_words():
    from helpers.corpus._roles import calls_on

    assert calls_on("Okay, last ones. Last one, Karen.", 6) and calls_on("Next, we go to Steve.", 5)
    assert not calls_on("Next week, in Beijing.", 4)


YES_NO = (
    "MS. PSAKI: Good afternoon. I have one item for you at the top today, on the vaccination "
    "programme, and then I am happy to take your questions.\n\n"
    "Q On the vaccines, when will children under five be eligible?\n\n"
    "MS. PSAKI: That is a decision for the FDA and the CDC, and we expect to hear from them in the "
    "coming weeks, once the data have been reviewed.\n\n"
    "Q Has the President spoken to the Prime Minister since the strike?\n\n"
    "MS. PSAKI: No.\n\n"
    "Q Can I ask one more on that?\n\n"
    "MS. PSAKI: Yes.\n\n"
    "Q Is the President still planning to travel to Brussels next week?\n\n"
    "MS. PSAKI: Yes.\n\n"
    "Q How much time will he spend there?\n\n"
    "MS. PSAKI: Yeah.\n\n"
    "Q So the trip is on?\n\n"
    "MS. PSAKI: Correct. He leaves on Tuesday and he will be back by Friday evening, as we said before.\n"
)


def test_a_bare_yes_or_no_to_a_question_is_an_answer(tmp_path):
    (tmp_path / "b.txt").write_text(YES_NO, encoding="utf-8")
    utt = helpers.load_corpus(tmp_path).utterances
    acts = utt[utt["role"] == "principal"]["act"].tolist()
    # statement, "No." answers, "Yes." to leave asked is a call-on, "Yes." to a yes-or-no question
    # answers, "Yeah." to a wh-question lets the reporter go on, the last answers
    assert acts == ["statement", "answer", "answer", "moderation", "answer", "moderation", "answer"]
