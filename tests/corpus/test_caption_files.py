"""Caption files (.srt, .vtt) read as captions transcripts: cue texts kept, timings as metadata,
malformed cues named by file and line."""
from __future__ import annotations

import json

import pytest

import helpers
from helpers.corpus._subtitles import read_captions
from helpers.errors import TranscriptError

SRT = ("1\n00:00:01,000 --> 00:00:04,000\ngood afternoon everyone.\n<i>thank you</i> for coming.\n\n"
       "2\n00:00:04,500 --> 00:00:08,000\nwe had a productive meeting &amp; a lunch.\n\n"
       "3\n00:00:08,500 --> 00:00:09,000\n\n\n"
       "4\n00:01:08,500 --> 00:01:11,250\nmr. secretary, did you discuss the sanctions?\n")
VTT = ("WEBVTT - a caption file\n\nNOTE made by hand\nwith two lines\n\nSTYLE\n::cue { color: yellow }\n\n"
       "intro\n00:01.000 --> 00:04.000 align:start line:90%\n<v Jen Psaki>good afternoon.</v>\n\n"
       "00:00:04.500 --> 00:00:08.000\n<c.yellow>we had</c> a <00:00:05.000>meeting.\n")


def test_srt_cues_become_running_text_with_their_timings_as_metadata():
    text, meta = read_captions(SRT, "a.srt")
    assert text == ("good afternoon everyone. thank you for coming.\nwe had a productive meeting & a lunch.\n"
                    "mr. secretary, did you discuss the sanctions?\n")
    assert meta == {"captions_format": "srt", "cues": 3, "captions_start_s": 1.0, "captions_end_s": 71.25}


def test_vtt_header_notes_styles_settings_and_tags_are_not_text():
    text, meta = read_captions(VTT, "a.vtt")
    assert text == "Jen Psaki: good afternoon.\nwe had a meeting.\n"  # the voice span names the speaker
    assert meta["cues"] == 2 and meta["captions_end_s"] == 8.0


VOICES = ("WEBVTT\n\n"
          "00:01.000 --> 00:04.000\n<v Mike Pompeo>Good morning. Today we discussed Iran and the sanctions</v>\n\n"
          "00:04.000 --> 00:08.000\n<v Mike Pompeo>we have imposed with our partners over many months.\n\n"
          "00:09.000 --> 00:12.000\n<v.reporter Matt Lee>Mr. Secretary, will there be more sanctions?\n\n"
          "00:12.000 --> 00:18.000\n<v Mike Pompeo>We will keep up the pressure until Iran changes course, as the President has asked.\n\n"
          "00:19.000 --> 00:21.000\n<v lara jakes>And on China, when do the talks start?\n\n"
          "00:22.000 --> 00:26.000\n<v Mike Pompeo>Next week, in Beijing, and we expect them to cover trade and the South China Sea.\n")


def test_vtt_voices_label_the_speakers(tmp_path):
    text, _ = read_captions(VOICES, "a.vtt")
    assert text.splitlines()[:3] == [
        "Mike Pompeo: Good morning. Today we discussed Iran and the sanctions",
        "we have imposed with our partners over many months.",  # the same voice: no new label
        "Matt Lee: Mr. Secretary, will there be more sanctions?"]
    assert text.splitlines()[4].startswith("Lara Jakes: ")
    (tmp_path / "voices.vtt").write_text(VOICES, encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path)
    assert corpus.events["kind"].tolist() == ["official"]
    utt = corpus.utterances
    assert list(utt["role"]) == ["principal", "reporter", "principal", "reporter", "principal"]
    assert list(utt["label"]) == ["Mike Pompeo", "Matt Lee", "Mike Pompeo", "Lara Jakes", "Mike Pompeo"]
    assert list(utt["act"])[-1] == "answer"  # "Next week, ..." answers; it calls on no one


@pytest.mark.parametrize("name, content, message, line", [
    ("a.vtt", "00:01.000 --> 00:02.000\nhello\n", "must start with 'WEBVTT'", 1),
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n\njust a line\nand another\n", "expected a cue timing", 5),
    ("a.srt", "1\n00:00:01,000 --> soon\nhello\n", "unreadable cue timing", 2),
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n", "no caption text", None),
])
def test_malformed_caption_files_are_named_with_the_line(name, content, message, line):
    with pytest.raises(TranscriptError, match=message) as err:
        read_captions(content, name)
    assert err.value.line == line and name in str(err.value)


def test_a_cue_that_ends_before_it_starts_is_warned_about_and_the_duration_stays_positive():
    content = "1\n00:00:01,000 --> 00:00:04,000\nhello.\n\n2\n00:00:09,000 --> 00:00:02,000\nthere.\n"
    with pytest.warns(helpers.TranscriptWarning, match=r"a\.srt, line 6: a cue ends before it starts "
                                                       r"\('00:00:09,000 --> 00:00:02,000'\)"):
        _, meta = read_captions(content, "a.srt")
    assert meta["captions_start_s"] == 1.0 and meta["captions_end_s"] == 9.0


def test_a_folder_of_caption_files_loads_as_captions_events(tmp_path):
    (tmp_path / "briefing.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "call.vtt").write_text(VTT, encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path)
    ev = corpus.events.set_index("event_id")
    assert set(ev.index) == {"briefing", "sub/call"} and set(ev["kind"]) == {"captions"}
    assert ev.loc["briefing", "duration_min"] == pytest.approx(1.2)
    assert json.loads(ev.loc["briefing", "metadata"])["cues"] == 3
    utt = corpus.utterances[corpus.utterances["event_id"] == "briefing"]
    assert set(utt["attribution"]) == {"inferred"}
    text = corpus.texts["briefing"]
    assert utt["start_char"].iloc[0] == 0 and utt["end_char"].iloc[-1] == len(text)
    assert (utt["start_char"].iloc[1:].to_numpy() == utt["end_char"].iloc[:-1].to_numpy()).all()


def test_a_bad_caption_file_is_left_out_by_name_when_asked(tmp_path):
    (tmp_path / "good.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "bad.vtt").write_text("no header\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="bad.vtt"):
        helpers.load_corpus(tmp_path)
    corpus = helpers.load_corpus(tmp_path, on_bad_file="skip")
    assert list(corpus.events["event_id"]) == ["good"]
    assert list(corpus.skipped["file"]) == ["bad.vtt"]
