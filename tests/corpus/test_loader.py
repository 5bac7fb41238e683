"""Loading the seeds and small inline transcripts: turns, labels, speakers, offsets."""
import pytest

import helpers
from helpers.corpus import SENTENCE_COLUMNS, UTTERANCE_COLUMNS
from helpers.corpus import classify_label, find_labels, split_sentences


@pytest.fixture(scope="module")
def corpus():
    return helpers.load_corpus()


def test_tables_have_the_documented_columns(corpus):
    assert list(corpus.utterances.columns) == UTTERANCE_COLUMNS
    assert list(corpus.sentences.columns) == SENTENCE_COLUMNS
    assert corpus.utterances["turn"].dtype.kind == "i"


def test_sochi_has_ten_turns_six_pompeo_four_questions(corpus):
    u = corpus.utterances[corpus.utterances["event_id"] == "2019-05-14-sochi"]
    assert len(u) == 10
    assert u["speaker"].value_counts().to_dict() == {"Pompeo": 6, "Reporter": 4}
    assert list(u["turn"]) == list(range(10))
    assert u.iloc[0]["act"] == "statement" and set(u.iloc[1:]["act"]) == {"question", "answer"}
    # two consecutive Pompeo turns stay separate (the transcript elides speech between them)
    assert list(u["speaker"].iloc[6:8]) == ["Pompeo", "Pompeo"]


def test_beijing_has_48_turns_after_its_header(corpus):
    u = corpus.utterances[corpus.utterances["event_id"] == "2016-10-29-beijing"]
    assert len(u) == 48
    assert u["speaker"].value_counts().to_dict() == {"Reporter": 23, "Blinken": 16, "Shear": 9}
    ev = corpus.events.set_index("event_id").loc["2016-10-29-beijing"]
    assert ev["header_title"] == "Media Roundtable in Beijing, China"
    assert ev["header_date"] == "October 29, 2016"
    assert ev["header_start"] == 0 and ev["header_end"] == u["start_char"].min()
    assert u["interrupted"].sum() >= 3
    assert u["n_notes"].sum() >= 3
    # consecutive QUESTION turns stay separate
    q = (u["role"] == "reporter").astype(int)
    assert ((q + q.shift(1)) == 2).any()


def test_offsets_point_at_label_and_text(corpus):
    for row in corpus.utterances[corpus.utterances["attribution"] == "labelled"].itertuples():
        src = corpus.texts[row.event_id][row.start_char:row.end_char]
        assert src.lstrip().startswith(row.label + ":")
        assert " ".join(src.split()).endswith(row.text) or row.text == ""
    for row in corpus.sentences.sample(50, random_state=1).itertuples():
        assert " ".join(corpus.texts[row.event_id][row.start_char:row.end_char].split()) == row.text


def test_captions_event_is_inferred_and_tiles(corpus):
    u = corpus.utterances[corpus.utterances["event_id"] == "2019-12-10-washington"]
    assert (u["attribution"] == "inferred").all()
    assert u["start_char"].iloc[0] == 0 and u["end_char"].iloc[-1] == len(corpus.texts["2019-12-10-washington"])
    assert (u["start_char"].iloc[1:].to_numpy() == u["end_char"].iloc[:-1].to_numpy()).all()


def test_sentences_tile_each_turn_body(corpus):
    s = corpus.sentences.merge(corpus.utterances[["event_id", "turn", "end_char"]], on=["event_id", "turn"],
                               suffixes=("", "_turn"))
    last = s.groupby(["event_id", "turn"])[["end_char", "end_char_turn"]].max()
    assert (last["end_char"] == last["end_char_turn"]).all()
    nxt = corpus.sentences.groupby("event_id")["start_char"].shift(-1)
    same_turn = corpus.sentences.groupby("event_id")["turn"].shift(-1) == corpus.sentences["turn"]
    assert (nxt[same_turn] == corpus.sentences["end_char"][same_turn]).all()


@pytest.mark.parametrize("line, label, via", [
    ("SECRETARY POMPEO: Thank you.", "SECRETARY POMPEO", False),
    ("FOREIGN MINISTER LAVROV: (Via interpreter) Good afternoon.", "FOREIGN MINISTER LAVROV", True),
    ("MODERATOR: Next question.", "MODERATOR", False),
    ("MS ORTAGUS: Last question.", "MS ORTAGUS", False),
    ("MS. ORTAGUS: Last question.", "MS. ORTAGUS", False),
    ("QUESTION: (Via interpreter) Mr. Secretary?", "QUESTION", True),
    ("QUESTION:  Two spaces after the colon.", "QUESTION", False),
    ("QUESTION:\u00a0A no-break space.", "QUESTION", False),
    ("Q: Short form?", "Q", False),
    ("A: Short answer.", "A", False),
])
def test_label_grammar(line, label, via):
    found = find_labels("Intro line\n" + line + "\n")
    assert [(f.label, f.via_interpreter) for f in found] == [(label, via)]
    body = ("Intro line\n" + line)[found[0].body_start:]
    assert body and not body[0].isspace()


@pytest.mark.parametrize("text", ["Meeting at 10:30 today.", "See http://example.org", "The Secretary: said",
                                  "As he put it: yes"])
def test_not_labels(text):
    assert find_labels(text) == []


def test_label_roles_with_and_without_catalog():
    cat = [{"surname": "Lavrov", "interpreted": True}, {"surname": "Pompeo", "interpreted": False}]
    assert classify_label("FOREIGN MINISTER LAVROV", cat) == ("Lavrov", "principal", True)
    assert classify_label("SECRETARY POMPEO", cat).speaker == "Pompeo"
    assert classify_label("MS ORTAGUS", cat).role == "principal"  # provisional: behaviour decides
    assert classify_label("QUESTION", cat).role == "reporter"
    assert classify_label("Q", []).role == "reporter"
    assert classify_label("MODERATOR", []).role == "moderator"
    assert classify_label("FOREIGN MINISTER WANG", []) == ("Wang", "principal", False)
    assert classify_label("A", [{"surname": "Pompeo", "interpreted": False}]).speaker == "Pompeo"
    assert classify_label("INTERPRETER", []).role == "other"
    assert classify_label("RM", []).role == "unknown"


def test_uncatalogued_file_loads_with_roles(seeds):
    folder = seeds({"presser.txt": "FOREIGN MINISTER WANG: (Via interpreter) Welcome.\n\n"
                                   "QUESTION: Will you visit? Thank you.\n\nFOREIGN MINISTER WANG: "
                                   "Yes --\n\nMODERATOR: Next.\n"})
    c = helpers.load_corpus(folder)
    ev = c.events.iloc[0]
    assert ev["event_id"] == "presser" and ev["kind"] == "official" and not ev["in_catalog"]
    u = c.utterances
    assert list(u["role"]) == ["principal", "reporter", "principal", "moderator"]
    assert list(u["act"]) == ["statement", "question", "answer", "moderation"]
    assert u["interpreted"].tolist() == [True, False, False, False]
    assert u["interrupted"].tolist() == [False, False, True, False]
    assert u["text"].iloc[1] == "Will you visit? Thank you."


def test_uncatalogued_unlabelled_file_is_captions(seeds):
    c = helpers.load_corpus(seeds({"cc.txt": "thank you mr secretary. do you see progress. we do. thank you."}))
    assert c.events.iloc[0]["kind"] == "captions"
    assert (c.utterances["attribution"] == "inferred").all()


def test_select_events(corpus):
    sub = corpus.select(["2019-05-14-sochi"])
    assert list(sub.events["event_id"]) == ["2019-05-14-sochi"] and set(sub.utterances["event_id"]) == {"2019-05-14-sochi"}
    with pytest.raises(KeyError, match="unknown event id"):
        corpus.select(["nope"])


def test_split_sentences_keeps_abbreviations_and_tiles():
    text = "Mr. Lavrov met the U.S. envoy. Is it done? Yes! The u. s. side agreed.\n\nNext para"
    spans = split_sentences(text)
    assert [text[a:b].strip() for a, b in spans] == [
        "Mr. Lavrov met the U.S. envoy.", "Is it done?", "Yes!", "The u. s. side agreed.", "Next para"]
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))
    assert split_sentences("   ") == []


def test_split_sentences_unspaced_cuts_where_the_space_after_a_stop_is_lost():
    text = 'No.We will see. "Maybe" later?Yes.The U.S.Army and No. 5 stay.No. Mr. Lee agreed.'
    spans = split_sentences(text, unspaced=True)
    assert [text[a:b].strip() for a, b in spans] == [
        "No.", "We will see.", '"Maybe" later?', "Yes.", "The U.S.Army and No. 5 stay.", "No.", "Mr. Lee agreed."]
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))
    # without it a stop needs the space after it
    assert [text[a:b].strip() for a, b in split_sentences(text)] == [
        "No.We will see.", '"Maybe" later?Yes.The U.S.Army and No. 5 stay.No.', "Mr. Lee agreed."]


def test_speakers_view(corpus):
    sp = corpus.speakers
    sochi = sp[sp["event_id"] == "2019-05-14-sochi"].set_index("speaker")
    assert list(sochi.index) == ["Pompeo", "Reporter"]
    assert sochi.loc["Pompeo", "n_turns"] == 6 and sochi.loc["Reporter", "n_turns"] == 4
    assert sochi.loc["Pompeo", "title"] == "US Secretary of State" and sochi.loc["Reporter", "title"] == ""
    assert sp.groupby("event_id")["n_words"].sum().to_dict() == corpus.utterances.groupby("event_id")["n_words"].sum().to_dict()
    lavrov = sp[(sp["event_id"] == "2019-12-10-washington") & (sp["speaker"] == "Lavrov")]
    assert lavrov["interpreted"].all() and (lavrov["side"] == "Russia").all()


def test_notes_and_hidden_files_are_passed_over(seeds):
    folder = seeds({"a.txt": "QUESTION: Why?\n\nSECRETARY POMPEO: Because.\n", "NOTES.md": "# notes",
                    ".DS_Store": b"\x00\x01"})
    with pytest.warns(helpers.TranscriptWarning, match=r"NOTES\.md: not a transcript"):
        c = helpers.load_corpus(folder)
    assert list(c.events["event_id"]) == ["a"] and c.skipped["file"].tolist() == ["NOTES.md"]


def test_uncatalogued_header_gives_title_and_date(seeds):
    text = ("Press Availability\n\nMichael R. Pompeo\nSecretary of State\n\nRus Hotel\nSochi, Russia\n"
            "12/10/2019 05:21 PM EST\n\nMODERATOR: (Via interpreter) Ladies and gentlemen.\n\n"
            "FOREIGN MINISTER LAVROV: (Via interpreter) Good afternoon.\n\nSECRETARY POMPEO:  Thank you.\n\n"
            "QUESTION: (Via interpreter) Thank you. Natalia, Channel One. Will there be a meeting?\n")
    c = helpers.load_corpus(seeds({"presser.txt": text}))
    ev = c.events.iloc[0]
    assert (ev["title"], ev["date"], ev["header_date"]) == ("Press Availability", "2019-12-10", "12/10/2019 05:21 PM EST")
    assert ev["header_end"] == c.utterances["start_char"].iloc[0]
    u = c.utterances
    assert list(zip(u["speaker"], u["role"], u["interpreted"])) == [
        ("Moderator", "moderator", True), ("Lavrov", "principal", True), ("Pompeo", "principal", False),
        ("Reporter", "reporter", True)]


@pytest.mark.parametrize("line, iso", [("October 29, 2016", "2016-10-29"), ("2019-05-14", "2019-05-14"),
                                       ("12/10/2019 05:21 PM EST", "2019-12-10"), ("February 30, 2019", ""),
                                       ("Sochi, Russia", "")])
def test_header_dates(line, iso):
    from helpers.corpus._loader import _iso_date
    assert _iso_date(line) == iso


def test_answer_label_goes_to_the_one_named_principal(seeds):
    text = "FOREIGN MINISTER WANG: Welcome.\n\nQ: Will you visit?\n\nA: Yes.\n"
    assert list(helpers.load_corpus(seeds({"w.txt": text})).utterances["speaker"]) == ["Wang", "Reporter", "Wang"]
    text = "Q: Will you visit?\n\nA: Yes.\n"
    assert list(helpers.load_corpus(seeds({"a.txt": text}, name="s2")).utterances["speaker"]) == ["Reporter", "Principal"]
