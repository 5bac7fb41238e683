"""Saved web pages (.html) read as transcripts: the page's main text, a paragraph to a block."""
from __future__ import annotations

import pytest

import helpers
from helpers.corpus._html import read_html
from helpers.errors import TranscriptError

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Press Briefing by Press Secretary Jen Psaki, May 4, 2021 | The White House</title>
<link rel="canonical" href="https://example.gov/briefing-room/2021/05/04/press-briefing/">
<style>p { color: red }</style><script>var x = "MR. FAKE: not text";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li>Briefing Room</li></ul></nav>
<header class="site"><p>The White House</p></header>
<main id="content"><article>
<h1>Press Briefing by Press Secretary Jen Psaki, May 4, 2021</h1>
<time datetime="2021-05-04T14:00:00">May 4, 2021</time>
<p>James S. Brady Press Briefing Room</p>
<p>12:34 P.M. EDT</p>
<p><strong>MS. PSAKI:</strong>&nbsp; Hi, everyone.&nbsp; Good afternoon.&nbsp; I have one item for you at the top,
on the vaccination campaign, and then I&#8217;m happy to take your questions &amp; comments.</p>
<p>Q&nbsp;&nbsp;&nbsp; Thanks, Jen.&nbsp; On India:<br>will the President send more oxygen, and when?</p>
<p><b>MS. PSAKI:</b>&nbsp; We are sending more supplies this week, and we will keep working with the
Indian government on what they need most.</p>
<pre>A table
  kept as it was</pre>
<p>1:05 P.M. EDT</p>
</article></main>
<footer><p>MR. FOOTER: site links, privacy policy, contact</p></footer>
</body></html>
"""


def test_the_page_text_is_its_main_content_a_paragraph_to_a_block():
    text, meta = read_html(PAGE)
    assert meta == {"source_url": "https://example.gov/briefing-room/2021/05/04/press-briefing/",
                    "date": "2021-05-04",
                    "title": "Press Briefing by Press Secretary Jen Psaki, May 4, 2021 | The White House"}
    paras = text.split("\n\n")
    assert paras[0] == "Press Briefing by Press Secretary Jen Psaki, May 4, 2021"
    assert "MS. PSAKI:\u00a0 Hi, everyone.\u00a0 Good afternoon.\u00a0 I have one item for you at the top, on the " \
           "vaccination campaign, and then I\u2019m happy to take your questions & comments." in paras
    assert "Q\u00a0\u00a0\u00a0 Thanks, Jen.\u00a0 On India:\nwill the President send more oxygen, and when?" in paras
    assert "A table\nkept as it was" in paras
    for outside in ("Home", "MR. FAKE", "MR. FOOTER", "color: red", "The White House\n"):
        assert outside not in text


def test_a_saved_page_loads_as_a_labelled_event(tmp_path):
    (tmp_path / "briefing.html").write_text(PAGE, encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path)
    ev = corpus.events.iloc[0]
    assert ev["kind"] == "official" and ev["date"] == "2021-05-04"
    assert ev["source_url"].startswith("https://example.gov/")
    utt = corpus.utterances
    assert list(utt["role"]) == ["principal", "reporter", "principal"]
    assert list(utt["act"]) == ["statement", "question", "answer"]
    assert utt["text"].iloc[1].startswith("Thanks, Jen.")
    text = corpus.texts["briefing"]
    assert text[utt["start_char"].iloc[0]:].startswith("MS. PSAKI:")


def test_html_in_a_txt_file_is_still_refused(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    with pytest.raises(TranscriptError, match="this is an HTML page"):
        helpers.load_corpus(tmp_path)


def test_a_page_without_text_is_named(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>x</title><script>1</script></head><body><nav>Home</nav>"
                                         "</body></html>", encoding="utf-8")
    with pytest.raises(TranscriptError, match="empty.html.*no text"):
        helpers.load_corpus(tmp_path)


def test_unclosed_markup_keeps_the_text():
    text, _ = read_html("<p>MS. PSAKI: One.<p>Q   Two?<div><aside>skip<p>more</aside>Three.")
    assert text == "MS. PSAKI: One.\n\nQ Two?\n\nThree.\n"
