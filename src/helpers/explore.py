"""Interactive reading of tagged sentences in JupyterLab (ipywidgets).

:class:`TopicExplorer` answers "show me the sentences of this event, on this topic, said by
this role" as a DataFrame (:meth:`TopicExplorer.matches`), which is also what the widget shows.
Keeping the query in a plain method means notebooks can print a fixed selection (stable output
for nbval) and offer the widget next to it.
"""
from __future__ import annotations

import html

import pandas as pd

from .text import split_topics
from .topics._lexicon import NONE
from .topics._measures import turn_side
from .topics._tagging import Tagging

ALL = "(all)"


class TopicExplorer:
    """Pick an event, a topic and a role, and read the matching sentences in context.

    Parameters
    ----------
    tagging : helpers.topics.Tagging
        From :func:`helpers.topics.tag_corpus_full`.
    context : int
        Sentences of context shown before and after each matching sentence.
    """

    def __init__(self, tagging: Tagging, context: int = 1):
        self.tagging = tagging
        self.context = context
        u = tagging.utterances
        cols = [c for c in ("event_id", "turn", "speaker", "role") if c in u.columns]
        s = tagging.sentences.merge(u[cols].assign(side=turn_side(u)), on=["event_id", "turn"], how="left")
        self.sentences = s.sort_values(["event_id", "sentence"]).reset_index(drop=True)

    @property
    def events(self) -> list[str]:
        return list(dict.fromkeys(self.sentences["event_id"]))

    @property
    def topics(self) -> list[str]:
        return [*self.tagging.codebook["id"], NONE]

    @property
    def roles(self) -> list[str]:
        return sorted(self.sentences["role"].dropna().unique()) if "role" in self.sentences else []

    def matches(self, event: str | None = None, topic: str | None = None, role: str | None = None,
                limit: int | None = None) -> pd.DataFrame:
        """The sentences that match, with their neighbours as context.

        Parameters
        ----------
        event, topic, role : str, optional
            Filters; ``None`` or ``"(all)"`` keeps everything. ``topic="none"`` selects
            sentences without a topic.
        limit : int, optional
            At most this many rows.

        Returns
        -------
        DataFrame
            ``event_id, turn, sentence, speaker, role, topics, inherited, before, text, after``.
        """
        s = self.sentences
        s = s.assign(before=self._neighbour(-1), after=self._neighbour(1))
        if event not in (None, ALL):
            s = s[s["event_id"] == event]
        if role not in (None, ALL):
            s = s[s["role"] == role]
        if topic not in (None, ALL):
            if topic == NONE:
                s = s[s["topics"].eq("")]
            else:
                s = s[s["topics"].map(lambda v: topic in split_topics(v))]
        cols = [c for c in ("event_id", "turn", "sentence", "speaker", "role", "topics", "inherited", "before", "text", "after") if c in s.columns]
        s = s[cols].reset_index(drop=True)
        return s.head(limit) if limit is not None else s

    def _neighbour(self, direction: int) -> pd.Series:
        s = self.sentences
        parts = []
        for k in range(1, self.context + 1):
            parts.append(s.groupby("event_id")["text"].shift(k * direction).fillna(""))
        if direction < 0:
            parts = parts[::-1]
        out = parts[0]
        for p in parts[1:]:
            out = out.str.cat(p, sep=" ")
        return out.str.strip()

    def render(self, event=None, topic=None, role=None, limit: int = 30) -> str:
        """HTML of the matching sentences; the sentence in bold, its context in grey."""
        m = self.matches(event, topic, role, limit=limit)
        if m.empty:
            return "<p><i>No sentence matches.</i></p>"
        rows = []
        for r in m.itertuples(index=False):
            who = html.escape(f"{getattr(r, 'speaker', '')} ({getattr(r, 'role', '')})")
            rows.append(
                f"<tr><td>{html.escape(r.event_id)}<br>turn {r.turn}</td><td>{who}</td>"
                f"<td>{html.escape(r.topics or NONE)}</td><td><span style='color:#888'>{html.escape(r.before)}</span> "
                f"<b>{html.escape(r.text)}</b> <span style='color:#888'>{html.escape(r.after)}</span></td></tr>")
        return ("<table><tr><th>event</th><th>speaker</th><th>topics</th><th>sentence in context</th></tr>"
                + "".join(rows) + "</table>")

    def widget(self, limit: int = 30):
        """An ipywidgets box: three drop-downs and the matching sentences below them."""
        import ipywidgets as w

        event = w.Dropdown(options=[ALL, *self.events], description="event")
        topic = w.Dropdown(options=[ALL, *self.topics], description="topic")
        role = w.Dropdown(options=[ALL, *self.roles], description="role")
        out = w.HTML(self.render(limit=limit))

        def update(_=None):
            out.value = self.render(event.value, topic.value, role.value, limit=limit)

        for d in (event, topic, role):
            d.observe(update, names="value")
        return w.VBox([w.HBox([event, topic, role]), out])
