"""Charts of topic prominence, agenda, flow and coverage.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch

from ..topics import NONE, topic_labels
from .palettes import NONE_COLOUR, topic_palette
from .style import MAX_HUES, MAX_ROWS, largest, new_axes, note_subset, short_names


def plot_topic_heatmap(data: pd.DataFrame, *, row: str = "event_id", col: str = "topic", value: str = "word_share",
            order=None, fmt: str = ".0%", ax=None, cmap: str = "rocket_r", title: str | None = None,
            labels: dict | None = None, weight: str = "event_words", max_rows: int = MAX_ROWS):
    """Events x topics heatmap of a measure.

    Parameters
    ----------
    data : DataFrame
        Long table with one row per ``row`` x ``col``.
    row, col, value : str
        Column names.
    order : list, optional
        Order of the ``col`` categories (e.g. the codebook order); default sorted.
    fmt : str
        Annotation format.
    labels : dict, optional
        Topic id -> label shown on the axis; default the codebook's labels.
    weight : str
        Column ranking the rows when there are more than ``max_rows`` (summed per row; without
        it, rows are ranked by their number of cells).
    max_rows : int
        Most rows (events) drawn; with more, the ``max_rows`` with the most ``weight`` (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    """
    labels = topic_labels() if labels is None else labels
    data, note = largest(data, row, weight=weight, n=max_rows, unit=weight.removeprefix("event_").replace("_", " "))
    table = data.pivot_table(index=row, columns=col, values=value, aggfunc="sum", fill_value=0)
    if order is not None:
        table = table.reindex(columns=[c for c in order if c in table.columns])
    table = table.rename(columns=lambda c: labels.get(c, c))
    table = table.rename(index=short_names(table.index))
    # at least the height that holds the slanted topic labels, the colour bar and a title
    ax = new_axes(ax, (2.5 + 0.62 * table.shape[1], max(3.4 + 0.5 * table.shape[0], 4.9)))
    if ax.figure.get_layout_engine() is None:
        # the colour bar must be laid out with the figure's final engine from the start
        ax.figure.set_layout_engine("constrained")
    sns.heatmap(table, annot=True, fmt=fmt, cmap=cmap, cbar_kws={"label": value.replace("_", " ")},
                linewidths=0.5, linecolor="white", ax=ax, annot_kws={"size": 8})
    ax.set_xlabel(col.replace("_", " "))
    note_subset(ax, note)
    ax.set_ylabel(row.replace("_", " "))
    ax.tick_params(axis="x", rotation=60)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    if title:
        ax.set_title(title)
    return ax


def plot_topic_shares(data: pd.DataFrame, *, topic: str = "topic", value: str = "word_share",
                          lo: str = "word_share_lo", hi: str = "word_share_hi", hue: str = "event_id",
                          order=None, ax=None, title: str | None = None, labels: dict | None = None):
    """Point estimates with confidence intervals, one row per topic, one colour per ``hue``
    (with more than :data:`~helpers.plots.style.MAX_HUES` groups, a faint dot per group and their
    median instead: dozens of intervals in repeated colours would say nothing).

    Parameters
    ----------
    data : DataFrame
        Long table (e.g. :func:`helpers.topics.prominence`).
    topic, value, lo, hi, hue : str
        Column names: category, estimate, interval bounds, grouping.
    order : list, optional
        Order of topics from top to bottom.
    labels : dict, optional
        Topic id -> label shown on the axis; default the codebook's labels.
    """
    labels = topic_labels() if labels is None else labels
    order = list(order) if order is not None else sorted(data[topic].unique())
    groups = list(dict.fromkeys(data[hue]))
    ax = new_axes(ax, (7.5, 0.9 + 0.38 * len(order)))
    ypos = {t: i for i, t in enumerate(order)}
    step = 0.8 / max(len(groups), 1)
    colours = sns.color_palette("colorblind", n_colors=max(len(groups), 1))
    if len(groups) > MAX_HUES:  # too many to tell apart: each event a faint dot, and their median
        d = data[data[topic].isin(order)]
        k = d[hue].map({g: i for i, g in enumerate(groups)}).to_numpy(float)
        ax.scatter(d[value].to_numpy(float), d[topic].map(ypos).to_numpy(float) - 0.4 + step * (k + 0.5), s=9,
                   color=colours[0], alpha=0.45, lw=0, label="one event")
        med = d.groupby(topic)[value].median()
        ax.scatter(med.to_numpy(float), med.index.map(ypos).to_numpy(float), marker="D", s=28, color="0.1",
                   label=f"median of {len(groups)}")
        legend_title = f"{len(groups)} events: intervals drawn for {MAX_HUES} or fewer"
    else:
        legend_title = hue.replace("_", " ")
        for k, g in enumerate(groups):
            d = data[(data[hue] == g) & data[topic].isin(order)]
            y = d[topic].map(ypos).to_numpy(float) - 0.4 + step * (k + 0.5)
            x = d[value].to_numpy(float)
            err = np.vstack([x - d[lo].to_numpy(float), d[hi].to_numpy(float) - x]).clip(min=0)
            ax.errorbar(x, y, xerr=err, fmt="o", ms=4, capsize=2, lw=1, color=colours[k], label=str(g))
    ax.set_yticks(range(len(order)), [labels.get(t, t) for t in order])
    ax.invert_yaxis()
    ax.set_xlabel(value.replace("_", " "))
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.legend(title=legend_title, loc="lower right", fontsize=8, title_fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_agenda(data: pd.DataFrame, *, topic: str = "topic", side: str = "side", value: str = "words",
                 question: str = "question", answer: str = "answer", order=None, ax=None, title: str | None = None,
                 labels: dict | None = None):
    """Diverging bars: a topic's words in questions (left) against answers (right).

    Parameters
    ----------
    data : DataFrame
        Long table (e.g. :func:`helpers.topics.agenda` for one event, or summed over events).
    topic, side, value : str
        Column names.
    question, answer : str
        The values of ``side`` drawn left and right; other values are ignored.
    labels : dict, optional
        Topic id -> label shown on the axis; default the codebook's labels.
    """
    labels = topic_labels() if labels is None else labels
    wide = data.pivot_table(index=topic, columns=side, values=value, aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=[question, answer], fill_value=0)
    order = [t for t in (order if order is not None else wide.index) if t in wide.index]
    wide = wide.reindex(order)
    ax = new_axes(ax, (7.5, 0.9 + 0.36 * max(len(order), 1)))
    y = np.arange(len(order))
    colours = sns.color_palette("colorblind", 2)
    ax.barh(y, -wide[question].to_numpy(float), color=colours[0], label=f"in {question}s")
    ax.barh(y, wide[answer].to_numpy(float), color=colours[1], label=f"in {answer}s")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, [labels.get(t, t) for t in order])
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(plt.matplotlib.ticker.MaxNLocator(nbins=5, symmetric=True))
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    ax.set_xlabel(f"{value.replace('_', ' ')} (questions left, answers right)")
    # below the axes, where it cannot cover a bar
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_topic_flow(data: pd.DataFrame, *, event: str = "event_id", start: str = "position", end: str = "position_end",
               topic: str = "topic", palette: dict | None = None, ax=None, title: str | None = None,
               labels: dict | None = None, max_rows: int = MAX_ROWS):
    """One horizontal strip per event, coloured by the topic of each stretch along its timeline.

    Parameters
    ----------
    data : DataFrame
        E.g. :func:`helpers.topics.topic_flow`: one row per stretch with start/end positions.
    event, start, end, topic : str
        Column names.
    palette : dict, optional
        Topic -> colour; default :func:`topic_palette` over the topics present.
    labels : dict, optional
        Topic id -> label shown in the legend; default the codebook's labels.
    max_rows : int
        Most events drawn; with more, the ``max_rows`` with the most words (column ``n_words``) (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    """
    labels = topic_labels() if labels is None else labels
    data, note = largest(data, event, weight="n_words", n=max_rows)
    events = list(dict.fromkeys(data[event]))
    present = list(dict.fromkeys(t for t in data[topic] if t != NONE))
    palette = palette or topic_palette(sorted(present))
    ax = new_axes(ax, (9, 1.2 + 0.55 * len(events)))
    for i, e in enumerate(events):
        d = data[data[event] == e]
        spans = list(zip(d[start].to_numpy(float), (d[end] - d[start]).to_numpy(float)))
        colours = [palette.get(t, NONE_COLOUR) for t in d[topic]]
        ax.broken_barh(spans, (i - 0.35, 0.7), facecolors=colours, edgecolor="white", linewidth=0.4)
    ax.set_yticks(range(len(events)), events)
    ax.set_ylim(len(events) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("position in the event (share of words)")
    note_subset(ax, note)
    ax.grid(False)
    shown = [t for t in palette if t in present] + ([NONE] if (data[topic] == NONE).any() else [])
    handles = [Patch(facecolor=palette[t], label=labels.get(t, t)) for t in shown]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=4, fontsize=7, frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_coverage(data: pd.DataFrame, *, event: str = "event_id", value: str = "sentence_coverage", ax=None,
                  title: str | None = None, max_rows: int = MAX_ROWS):
    """Horizontal bars of lexicon coverage per event.

    Parameters
    ----------
    data : DataFrame
        One row per event (:func:`helpers.topics.coverage`).
    event, value : str
        Column names.
    max_rows : int
        Most events drawn; with more, the ``max_rows`` with the most sentences (column ``n_sentences``) (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    """
    data, note = largest(data, event, weight="n_sentences", n=max_rows, unit="sentences")
    ax = new_axes(ax, (6, 1.0 + 0.45 * len(data)))
    sns.barplot(data=data, y=event, x=value, color=sns.color_palette("colorblind")[0], ax=ax)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel(value.replace("_", " "))
    note_subset(ax, note)
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    return ax
