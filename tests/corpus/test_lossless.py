"""Property test: segmentation of generated labelled transcripts loses and duplicates nothing."""
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.corpus import load_event
from helpers.corpus import tiling_report  # noqa: F401  (same check as the notebook's)

LABELS = ["QUESTION", "Q", "SECRETARY POMPEO", "FOREIGN MINISTER LAVROV", "MODERATOR", "MS ORTAGUS",
          "AMBASSADOR SHEAR", "A"]
words = st.text(alphabet=st.sampled_from(list("abcdefghij KLMN.,?!'\u2019-[]\u00a0")), min_size=0, max_size=40)
paragraph = st.lists(words, min_size=1, max_size=3).map(lambda ws: " ".join(ws))
turn = st.tuples(
    st.sampled_from(LABELS),
    st.sampled_from([": ", ":  ", ":\u00a0", ": (Via interpreter) ", ":"]),
    st.lists(paragraph, min_size=1, max_size=3).map(lambda ps: "\n\n".join(ps)),
    st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n", ""]),
)
header = st.sampled_from(["", "Press Availability\n\nWashington, D.C.\nMay 1, 2019\n\n", "Remarks\n"])


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=header, turns=st.lists(turn, min_size=1, max_size=8))
def test_segments_tile_generated_transcripts(tmp_path, head, turns):
    parts, expected = [head], []
    for i, (label, sep, body, end) in enumerate(turns):
        if i < len(turns) - 1 and not end:
            end = "\n"  # a label must start a line
        body = body.strip() or "x"
        expected.append((len("".join(parts)), label, body))
        parts.append(f"{label}{sep}{body}{end}")
    text = "".join(parts)
    path = tmp_path / "gen.txt"
    path.write_text(text, encoding="utf-8", newline="")
    event, utts, sents, decoded = load_event(path)
    assert decoded == text
    # header + turns tile the text: nothing lost, nothing duplicated
    spans = [(event["header_start"], event["header_end"])] + [(u["start_char"], u["end_char"]) for u in utts]
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))
    assert "".join(text[a:b] for a, b in spans) == text
    # every generated turn is found, at the right offset, with the right label and text
    assert [(u["start_char"], u["label"]) for u in utts] == [(s, lab) for s, lab, _ in expected]
    for u, (_, _, body) in zip(utts, expected):
        assert u["text"] == " ".join(body.split())
    # sentences lie inside their turn, in order, without overlap
    for s in sents:
        u = utts[s["turn"]]
        assert u["start_char"] <= s["start_char"] < s["end_char"] <= u["end_char"]
    assert all(a["end_char"] <= b["start_char"] for a, b in zip(sents, sents[1:]))
