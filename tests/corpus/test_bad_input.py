"""Bad input gets a clear error naming the file (and line), never a deep traceback or silence."""
import warnings

import pytest

import helpers
from helpers import CatalogError, TranscriptError, TranscriptWarning

GOOD = "SECRETARY POMPEO: Hello.\n\nQUESTION: Why?\n"

CATALOG = """\
events:
  - id: {id1}
    file: a.txt
    date: "{date}"
  - id: {id2}
    file: {file2}
    date: "2019-01-02"
"""


def test_empty_file(seeds):
    folder = seeds({"empty.txt": b""})
    with pytest.raises(TranscriptError, match=r"empty\.txt: the file is empty"):
        helpers.load_corpus(folder)


def test_whitespace_only_file(seeds):
    with pytest.raises(TranscriptError, match=r"blank\.txt: the file holds only whitespace"):
        helpers.load_corpus(seeds({"blank.txt": "\n \n\t"}))


def test_binary_file(seeds):
    with pytest.raises(TranscriptError, match=r"img\.txt: the file looks binary"):
        helpers.load_corpus(seeds({"img.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}))


def test_control_characters_are_binary(seeds):
    with pytest.raises(TranscriptError, match=r"ctl\.txt: the file looks binary \(control character"):
        helpers.load_corpus(seeds({"ctl.txt": b"QUESTION: Hi \x07\x08 there\n"}))


def test_cp1252_with_curly_quotes_is_decoded_with_a_warning(seeds):
    raw = "SECRETARY POMPEO: We\u2019re \u201cready\u201d \u2013 now.\n\nQUESTION: Why?\n".encode("cp1252")
    folder = seeds({"web.txt": raw})
    with pytest.warns(TranscriptWarning, match=r"web\.txt: not UTF-8 .* decoded as Windows-1252"):
        c = helpers.load_corpus(folder)
    assert c.utterances["text"].iloc[0] == "We\u2019re \u201cready\u201d \u2013 now."
    assert c.events.iloc[0]["encoding"] == "cp1252"


def test_undecodable_text(seeds):
    raw = b"QUESTION: caf\xc3 \x81\x8d\n"  # invalid UTF-8, and 0x81 is undefined in cp1252
    with pytest.raises(TranscriptError, match=r"bad\.txt: not UTF-8 text \(invalid byte 0xc3 at byte 13\)"):
        helpers.load_corpus(seeds({"bad.txt": raw}))


def test_utf8_bom_is_removed(seeds):
    c = helpers.load_corpus(seeds({"bom.txt": b"\xef\xbb\xbf" + GOOD.encode()}))
    assert c.events.iloc[0]["encoding"] == "utf-8-sig"
    assert c.utterances["label"].tolist() == ["SECRETARY POMPEO", "QUESTION"]
    assert c.utterances["start_char"].iloc[0] == 0


def test_crlf_line_ends_keep_offsets(seeds):
    text = GOOD.replace("\n", "\r\n")
    c = helpers.load_corpus(seeds({"crlf.txt": text.encode()}))
    u = c.utterances
    assert u["text"].tolist() == ["Hello.", "Why?"]
    assert u["end_char"].iloc[-1] == len(text)
    assert c.texts["crlf"][u["start_char"].iloc[1]:].startswith("QUESTION:")


@pytest.mark.parametrize("name, content, reason", [
    ("notes.pdf", b"%PDF-1.4", "not a transcript \\(a .pdf file\\)"),
    ("table.csv", b"a,b\n1,2\n", "not a transcript \\(a .csv file\\)"),
    ("photo.jpg", b"\xff\xd8\xff\xe0", "not a transcript \\(a .jpg file\\)"),
    ("README", b"notes", "not a transcript \\(a README or notes file\\)"),
    ("README.md", b"# About\n\n- one\n- two\n", "not a transcript \\(a README or notes file\\)"),
    ("about.md", b"# About\n\nSome notes.\n\n- one\n- two\n", "reads like a document"),
])
def test_clear_non_transcripts_are_reported_and_left_out(seeds, name, content, reason):
    with pytest.warns(TranscriptWarning, match=reason):
        c = helpers.load_corpus(seeds({name: content, "a.txt": GOOD}))
    assert list(c.events["event_id"]) == ["a"]
    assert c.skipped["file"].tolist() == [name] and c.skipped["reason"].str.contains(reason).all()


@pytest.mark.parametrize("name, content, problem", [
    ("data.bin", b"QUESTION: Why?", "unknown format '.bin'"),
    ("TRANSCRIPT", b"QUESTION: Why?", "unknown format '\\(no file ending\\)'"),
    ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", "this is an HTML page"),
    ("data.txt", b'{"a": 1}', "this looks like JSON"),
    ("doc.txt", b"%PDF-1.7 ...", "this is a PDF file"),
])
def test_unknown_formats(seeds, name, content, problem):
    with pytest.raises(TranscriptError, match=problem):
        helpers.load_corpus(seeds({name: content}))


def test_catalog_row_pointing_to_missing_file(seeds):
    folder = seeds({"a.txt": GOOD}, CATALOG.format(id1="e1", id2="e2", file2="missing.txt", date="2019-01-01"))
    with pytest.raises(CatalogError, match=r"events\.yml, line 5: event 'e2' points to 'missing\.txt'"):
        helpers.load_corpus(folder)


def test_duplicate_event_id(seeds):
    folder = seeds({"a.txt": GOOD, "b.txt": GOOD}, CATALOG.format(id1="e1", id2="e1", file2="b.txt", date="2019-01-01"))
    with pytest.raises(CatalogError, match=r"events\.yml, line 5: duplicate event id 'e1' \(first at line 2\)"):
        helpers.load_corpus(folder)


def test_malformed_date(seeds):
    folder = seeds({"a.txt": GOOD, "b.txt": GOOD}, CATALOG.format(id1="e1", id2="e2", file2="b.txt", date="10/12/2019"))
    with pytest.raises(CatalogError, match=r"events\.yml, line 2: malformed date '10/12/2019': expected YYYY-MM-DD"):
        helpers.load_corpus(folder)


def test_broken_yaml(seeds):
    folder = seeds({"a.txt": GOOD}, "events:\n  - id: e1\n    file: [a.txt\n")
    with pytest.raises(CatalogError, match=r"events\.yml, line \d+: the catalog is not valid YAML"):
        helpers.load_corpus(folder)


def test_a_value_yaml_cannot_build_names_its_line(seeds):
    """A timestamp with no such month parses as YAML but cannot be built: an input error with its
    line, in the catalog and in front matter, not PyYAML's ValueError."""
    folder = seeds({"a.txt": GOOD}, "events:\n  - id: e1\n    file: a.txt\n    date: 2021-13-45\n")
    with pytest.raises(CatalogError, match=r"events\.yml, line 4: the catalog has a value YAML cannot read: "
                                           r"'2021-13-45' is not a valid timestamp \(month must be in 1\.\.12\); quote it"):
        helpers.load_corpus(folder)
    text = "---\ntitle: Briefing\nextra:\n  - 1\n  - 2020-02-30\n---\n" + GOOD
    with pytest.raises(TranscriptError, match=r"a\.md, line 5: front matter has a value YAML cannot read"):
        helpers.load_corpus(seeds({"a.md": text}, name="front"))
    text = "---\ntitle: Briefing\nwhen: !!timestamp hello\n---\n" + GOOD
    with pytest.raises(TranscriptError, match=r"a\.md, line 3: .*: 'hello' is not a valid timestamp; quote it"):
        helpers.load_corpus(seeds({"a.md": text}, name="tagged"))


def test_yaml_syntax_errors_name_the_character(seeds):
    """The fast C loader reads the YAML; a syntax error is told in the words of PyYAML's Python
    loader, which show the offending character."""
    folder = seeds({"a.txt": GOOD}, "events:\n  - id: e1\n\t file: a.txt\n")
    with pytest.raises(CatalogError, match=r"events\.yml, line 3: the catalog is not valid YAML: "
                                           r"found character '\\t' that cannot start any token"):
        helpers.load_corpus(folder)


@pytest.mark.parametrize("fields, message", [
    ("    title: [A, B]\n", r"line 2: field 'title' must be a single value, not a list"),
    ("    place: {city: Rome}\n", r"line 2: field 'place' must be a single value, not a mapping"),
    ("    principals:\n      - name: [X]\n", r"line 2: event 'e1': principal field 'name' must be a single value"),
])
def test_catalog_fields_hold_one_value(seeds, fields, message):
    folder = seeds({"a.txt": GOOD}, "events:\n  - id: e1\n    file: a.txt\n" + fields)
    with pytest.raises(CatalogError, match=r"events\.yml, " + message):
        helpers.load_corpus(folder)


@pytest.mark.parametrize("name, content, message", [
    ("a.txt", "\u200b\u200b \u2014 \u200b\n", "a.txt: the file has no words \\(only spaces, punctuation"),
    ("a.md", "---\ntitle: Only a title\n---\n\n", "a.md: the file has no words after its front matter"),
])
def test_a_file_without_words_is_refused(seeds, name, content, message):
    """Not an empty event whose measures divide by zero words."""
    with pytest.raises(TranscriptError, match=message):
        helpers.load_corpus(seeds({name: content}))


def test_catalog_without_events_list(seeds):
    with pytest.raises(CatalogError, match=r"expected a top-level 'events:' list"):
        helpers.load_corpus(seeds({"a.txt": GOOD}, "- id: e1\n"))


def test_unknown_source_kind_and_fields(seeds):
    cat = 'events:\n  - id: e1\n    file: a.txt\n    source_kind: tv\n'
    with pytest.raises(CatalogError, match=r"line 2: source_kind 'tv' is not one of"):
        helpers.load_corpus(seeds({"a.txt": GOOD}, cat))
    cat = 'events:\n  - id: e1\n    file: a.txt\n    dat: "2019-01-01"\n'
    with pytest.raises(CatalogError, match=r"line 2: unknown field\(s\) \['dat'\]"):
        helpers.load_corpus(seeds({"a.txt": GOOD}, cat, name="s2"))


def test_official_kind_without_labels(seeds):
    cat = 'events:\n  - id: e1\n    file: a.txt\n    source_kind: official\n'
    with pytest.raises(TranscriptError, match=r"a\.txt: the catalog says source_kind 'official', but the file has no speaker labels"):
        helpers.load_corpus(seeds({"a.txt": "just words. no labels."}, cat))


def test_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        helpers.load_corpus(tmp_path / "nope")


def test_good_files_load_without_warnings(seeds):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        helpers.load_corpus(seeds({"a.txt": GOOD}))
