"""Archives as users have them: subfolders, broken files, hostile input, behaviour-based roles."""
import os
import subprocess
import sys
import time
import warnings

import pytest

import helpers
from helpers import CatalogError, TranscriptError, TranscriptWarning
from helpers.turns._infer import MAX_UNIT_WORDS, split_units

GOOD = "SECRETARY POMPEO: Hello.\n\nQUESTION: Why?\n"


def test_subfolders_are_read_and_ids_stay_unique(seeds):
    folder = seeds({"top.txt": GOOD})
    for sub in ("2021-01", "2021-02"):
        (folder / sub).mkdir()
        (folder / sub / "briefing.md").write_text(GOOD, encoding="utf-8")
    c = helpers.load_corpus(folder)
    assert c.events["event_id"].tolist() == ["2021-01/briefing", "2021-02/briefing", "top"]
    assert c.utterances.groupby("event_id")["file"].first().to_dict()["2021-02/briefing"] == "2021-02/briefing.md"


def test_on_bad_file_error_warn_skip(seeds):
    folder = seeds({"a.txt": GOOD, "b.txt": b"", "c.txt": b"\x00\x01binary"})
    with pytest.raises(TranscriptError, match=r"b\.txt: the file is empty"):
        helpers.load_corpus(folder)
    with pytest.warns(TranscriptWarning, match=r"left out") as record:
        c = helpers.load_corpus(folder, on_bad_file="warn")
    assert [str(w.message).split("/")[-1] for w in record] == [
        "b.txt: the file is empty; left out",
        "c.txt: the file looks binary (it holds NUL bytes); a transcript must be plain text (UTF-8); left out"]
    assert c.events["event_id"].tolist() == ["a"]
    assert c.skipped.to_dict("records") == [
        {"file": "b.txt", "status": "bad_file", "reason": "the file is empty"},
        {"file": "c.txt", "status": "bad_file",
         "reason": "the file looks binary (it holds NUL bytes); a transcript must be plain text (UTF-8)"}]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = helpers.load_corpus(folder, on_bad_file="skip")
    assert quiet.skipped["file"].tolist() == ["b.txt", "c.txt"]
    with pytest.raises(ValueError, match="on_bad_file must be one of"):
        helpers.load_corpus(folder, on_bad_file="ignore")


def test_same_name_with_two_endings_is_a_clear_error(seeds):
    with pytest.raises(TranscriptError, match=r"event id 'a' is already used"):
        helpers.load_corpus(seeds({"a.txt": GOOD, "a.md": GOOD}))


def test_catalog_with_yaml_alias_bomb_is_refused_with_its_line(seeds):
    catalog = ("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
               "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
               "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
               "events:\n  - id: x\n    file: a.txt\n    title: *c\n")
    with pytest.raises(CatalogError, match=r"events\.yml, line 2: YAML alias '\*a' is not allowed"):
        helpers.load_corpus(seeds({"a.txt": GOOD}, catalog))


def test_front_matter_alias_is_refused_with_its_line(seeds):
    text = "---\na: &a [1, 2]\nb: *a\n---\n" + GOOD
    with pytest.raises(TranscriptError, match=r"a\.md, line 3: YAML alias '\*a' is not allowed"):
        helpers.load_corpus(seeds({"a.md": text}))


def test_bad_front_matter_names_the_file(seeds):
    with pytest.raises(TranscriptError, match=r"a\.md, line \d: front matter is not valid YAML"):
        helpers.load_corpus(seeds({"a.md": "---\ntitle: [unclosed\n---\n" + GOOD}))


@pytest.mark.parametrize("written", ["2021-03-03", "2021-03-03 10:00", "'2021-03-03T10:00:00Z'", "March 3, 2021",
                                     "Wednesday, March 3, 2021", "3 March 2021", "03/03/2021"])
def test_front_matter_dates_as_people_write_them(seeds, written):
    corpus = helpers.load_corpus(seeds({"a.md": f"---\ntitle: T\ndate: {written}\n---\n" + GOOD}))
    assert corpus.events["date"].tolist() == ["2021-03-03"]


def test_a_front_matter_date_that_is_no_date_is_said_with_its_line(seeds):
    """Not dropped in silence: a warning names the file and line, and the header's date stands in."""
    text = "---\ntitle: T\nplace: Here\ndate: 2021-02-30 10:00\n---\nMarch 4, 2021\n\n" + GOOD
    with pytest.warns(TranscriptWarning, match=r"a\.md, line 4: front matter date '2021-02-30 10:00' is not a "
                                               r"date .*; the date 2021-03-04 of its header is used"):
        corpus = helpers.load_corpus(seeds({"a.md": text}))
    assert corpus.events["date"].tolist() == ["2021-03-04"]
    with pytest.warns(TranscriptWarning, match=r"b\.md, line 2: front matter date '\[1, 2\]' .*the event has no date"):
        corpus = helpers.load_corpus(seeds({"b.md": "---\ndate: [1, 2]\n---\n" + GOOD}, name="b"))
    assert corpus.events["date"].fillna("").tolist() == [""]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(seeds, codec):
    raw = GOOD.encode(codec)
    if codec != "utf-16":
        raw = ("\ufeff" + GOOD).encode(codec)
    c = helpers.load_corpus(seeds({"w.txt": raw}))
    assert c.events.iloc[0]["encoding"] == "utf-16"
    assert c.utterances["text"].tolist() == ["Hello.", "Why?"]


def test_labels_without_words_get_their_own_message(seeds, tmp_path):
    folder = seeds({"a.txt": "QUESTION:\n\nSECRETARY POMPEO:\n"})
    with pytest.raises(TranscriptError, match=r"a\.txt: the file has 2 speaker label\(s\) but no words"):
        helpers.load_corpus(folder)
    res = subprocess.run([sys.executable, "-m", "helpers", "export", str(tmp_path / "o"), "--seeds", str(folder)],
                         capture_output=True, text=True)
    assert res.returncode == 2 and "no words after any of them" in res.stderr and "Traceback" not in res.stderr


def test_cli_does_not_dress_internal_errors_as_input_errors():
    import helpers.cli as cli
    source = open(cli.__file__, encoding="utf-8").read()
    assert "KeyError" not in source and "except Exception" not in source


def test_internal_tiling_failure_is_not_an_input_error():
    from helpers.corpus._loader import _check_tiling
    with pytest.raises(RuntimeError, match="internal error") as exc:
        _check_tiling([{"start_char": 1, "end_char": 2}], 0, 2, "x.txt")
    assert not isinstance(exc.value, helpers.InputError)


def test_cli_on_bad_file_warn(seeds, tmp_path):
    folder = seeds({"a.txt": GOOD, "b.txt": b""})
    out = tmp_path / "o"
    res = subprocess.run([sys.executable, "-m", "helpers", "export", str(out), "--seeds", str(folder),
                          "--on-bad-file", "warn"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "warning:" in res.stderr and "b.txt: the file is empty; left out" in res.stderr
    assert "b.txt" in (out / "skipped.csv").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loop_and_folder_named_like_a_file_are_reported(seeds):
    folder = seeds({"a.txt": GOOD})
    os.symlink(folder, folder / "loop")
    os.symlink(folder / "self.txt", folder / "self.txt")
    (folder / "x.txt").mkdir()
    with pytest.warns(TranscriptWarning) as record:
        c = helpers.load_corpus(folder)
    assert c.events["event_id"].tolist() == ["a"]
    assert sorted(c.skipped["file"]) == ["loop", "self.txt", "x.txt"]
    text = " ".join(str(w.message) for w in record)
    assert "symbolic link to a folder" in text and "folder named like a transcript" in text and "looping" in text


def test_long_line_without_full_stops_is_cut_into_bounded_units():
    text = " ".join(f"word{i % 97} and so we said that" for i in range(3000))
    units = split_units(text)
    words = [len(text[a:b].split()) for a, b in zip(units["start_char"], units["end_char"])]
    assert max(words) <= MAX_UNIT_WORDS and sum(words) == len(text.split())
    assert units["start_char"].iloc[0] == 0 and units["end_char"].iloc[-1] == len(text)
    t0 = time.perf_counter()
    split_units(text * 4)
    assert time.perf_counter() - t0 < 30


BRIEFING = """\
11:02 A.M. EDT

MS. PSAKI:  Hi, everyone. I have a few things at the top today before we get to your questions.

Go ahead, Steve.

Q    What did the President say on the call with the Chancellor this morning?

MS. PSAKI:  He said that the two countries stand together, and he repeated it twice during the call today.

Q    And on Iran?

MS. PSAKI:  We have nothing new to add on that today, but we will keep you all updated on it soon.

Go ahead.

Q    Thank you.

MS. PSAKI:  Go ahead, Steve.

Q    One more on the budget, please?

MS. PSAKI:  The budget goes to the Hill next week, and we expect a vote on it before the end of May.

12:01 P.M. EDT
"""


def test_press_secretary_at_her_briefing_is_a_principal(seeds):
    c = helpers.load_corpus(seeds({"b.txt": BRIEFING}))
    u = c.utterances
    ps = u[u["label"] == "MS. PSAKI"]
    assert set(ps["role"]) == {"principal"} and set(ps["speaker"]) == {"Psaki"}
    assert ps["act"].tolist() == ["statement", "answer", "answer", "moderation", "answer"]
    assert u.loc[u["text"] == "Thank you.", "act"].tolist() == ["other"]
    ev = c.events.iloc[0]
    assert (ev["start_time"], ev["end_time"], ev["duration_min"]) == ("11:02 EDT", "12:01 EDT", 59.0)
    assert "12:01" not in u["text"].iloc[-1]


LEADERS = """\
MS. ORTAGUS:  Good afternoon. The two leaders will make statements and then take two questions.

PRIME MINISTER SMITH:  (As interpreted.)  Thank you. We had a good meeting about trade and security today.

SECRETARY POMPEO:  Thank you. It was a productive meeting on every subject that we discussed together.

MS. ORTAGUS:  First question, Reuters.

QUESTION:  Mr. Secretary, will there be a deal this year?

SECRETARY POMPEO:  We are working hard on it, and I expect we will make progress in the months ahead.

MS. ORTAGUS:  Last question.

QUESTION:  Prime Minister, will you visit Washington?

PRIME MINISTER SMITH:  (As interpreted.)  Yes, I hope to visit Washington before the end of the year.

(Applause.)

INTERPRETER:  Thank you.
"""


def test_spokesperson_who_only_calls_on_reporters_is_the_moderator(seeds):
    u = helpers.load_corpus(seeds({"l.txt": LEADERS})).utterances
    roles = dict(zip(u["label"], u["role"]))
    assert roles == {"MS. ORTAGUS": "moderator", "PRIME MINISTER SMITH": "principal",
                     "SECRETARY POMPEO": "principal", "QUESTION": "reporter", "INTERPRETER": "other"}
    smith = u[u["label"] == "PRIME MINISTER SMITH"]
    assert smith["interpreted"].all() and smith["note"].eq("As interpreted.").all()
    assert u.iloc[-2]["n_notes"] == 1 and "(Applause.)" in u.iloc[-2]["text"]  # stays inside the turn


def test_catalog_wins_over_behaviour(seeds):
    catalog = """\
    events:
      - id: l
        file: l.txt
        date: "2019-01-01"
        principals:
          - name: Morgan Ortagus
            title: Spokesperson
    """
    u = helpers.load_corpus(seeds({"l.txt": LEADERS}, catalog)).utterances
    assert set(u.loc[u["label"] == "MS. ORTAGUS", "role"]) == {"principal"}


def test_white_house_press_conference_without_catalog(seeds):
    text = ("THE PRESIDENT:  Good afternoon. I will take a few questions today, and then get back to work.\n\n"
            "Q\u00a0\u00a0\u00a0 Mr. President, will you sign the bill this week?\n\n"
            "THE PRESIDENT:  Yes, I will sign it this week, as soon as it gets to my desk from the Congress.\n\n"
            "Q\u00a0\u00a0\u00a0 And the veto?\n\n"
            "THE PRESIDENT:  No veto. We have the votes, and I expect it to pass both chambers this week.\n")
    u = helpers.load_corpus(seeds({"pc.txt": text})).utterances
    assert u["role"].tolist() == ["principal", "reporter", "principal", "reporter", "principal"]
    assert u["act"].tolist() == ["statement", "question", "answer", "question", "answer"]
    assert set(u.loc[u["role"] == "principal", "speaker"]) == {"The President"}
