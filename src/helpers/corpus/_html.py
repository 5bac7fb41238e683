"""Web pages (``.html``, ``.htm``) saved from transcript archives: their text, a paragraph to a block.

The page is read with the standard library's HTML parser (:class:`html.parser.HTMLParser`, which
takes malformed markup as browsers do and decodes character references). The text kept is:

* the content of the page's first ``<main>`` element, else of its first ``<article>``, else of
  its ``<body>``: the transcript, not the site around it;
* without what is not the page's text: ``<script>``, ``<style>``, ``<noscript>``, ``<template>``,
  ``<svg>``, ``<head>``, ``<nav>``, ``<aside>``, ``<form>`` and ``<button>`` content;
* with one blank line between blocks (paragraphs, headings, list items, table rows, ``<div>`` ...)
  and a line break for ``<br>``; inside a block, runs of spaces, tabs and line breaks become one
  space (no-break spaces are kept, as in ``Q\\u00a0\\u00a0 Will you?``), and ``<pre>`` keeps its
  line breaks; every line loses the spaces at its ends.

Inline markup (``<strong>MR. PRICE:</strong>``) leaves its text in place, so labels stand at the
start of their paragraph. The page's ``<title>``, its canonical address (``<link rel="canonical">``
or ``og:url``) and the first ``<time datetime>`` are returned as metadata, as front matter is for
markdown.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

#: File endings read as saved web pages.
HTML_SUFFIXES = (".html", ".htm")

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "aside", "form", "button",
                   "iframe", "canvas", "select", "math"})
_BLOCK = frozenset({"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5",
                    "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "thead", "tbody", "tfoot",
                    "blockquote", "pre", "figure", "figcaption", "hr", "address", "body", "center",
                    "details", "summary", "caption"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
                   "track", "wbr", "param"})
_SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")
_PARA = "\x00"  # a block boundary in the collected parts (never in decoded text: it is refused)


class _PageText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.pre = 0
        self.in_title = False
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self.regions: dict[str, list[int]] = {}  # "main"/"article"/"body" -> [start, end] in parts
        self.open_regions: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "title":
            self.in_title = True
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("source_url", a["href"])
        elif tag == "meta" and a.get("property", a.get("name", "")).lower() == "og:url" and a.get("content"):
            self.meta.setdefault("source_url", a["content"])
        elif tag == "time" and a.get("datetime") and not self.skipping:
            self.meta.setdefault("date", a["datetime"][:10])
        if self.skipping or tag in _SKIP:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in ("main", "article", "body") and tag not in self.regions and tag not in self.open_regions:
            self.open_regions[tag] = len(self.parts)
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append(_PARA)
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if self.skipping:
            if tag in self.skipping:  # close up to the matching open tag (markup may leave some open)
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self.parts.append(_PARA)
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in self.open_regions:
            self.regions[tag] = [self.open_regions.pop(tag), len(self.parts)]

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if self.skipping:
            return
        self.parts.append(data if self.pre else _SPACE_RE.sub(" ", data))

    def text(self) -> str:
        for tag, start in self.open_regions.items():  # never closed: to the end of the page
            self.regions.setdefault(tag, [start, len(self.parts)])
        parts = self.parts
        for tag in ("main", "article", "body"):
            if tag in self.regions:
                a, b = self.regions[tag]
                if "".join(p for p in parts[a:b] if p != _PARA).strip():
                    parts = parts[a:b]
                    break
        paragraphs = []
        for block in "".join(parts).split(_PARA):
            lines = [line.strip(" \t") for line in block.split("\n")]
            para = "\n".join(line for line in lines if line.strip())
            if para:
                paragraphs.append(para)
        return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def read_html(text: str) -> tuple[str, dict]:
    """The text of a saved web page and what the page says about itself.

    Parameters
    ----------
    text : str
        The decoded page.

    Returns
    -------
    text : str
        Its paragraphs (see the module notes), separated by blank lines; empty if the page has
        no text.
    meta : dict
        ``title`` (of ``<title>``), ``source_url`` and ``date`` where the page gives them.
    """
    parser = _PageText()
    parser.feed(text)
    parser.close()
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title).split())
    if title:
        meta["title"] = title
    return parser.text(), meta
