"""Charts of an archive over time: activity, roles, lengths, follow-ups, topics, clarity."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..corpus import ROLE_ORDER
from ..qa import CLARITY
from ..topics import topic_labels
from .palettes import CLARITY_COLOURS, ROLE_COLORS, topic_palette
from .style import new_axes, say_empty

#: What a chart over time shows when no event has a date (or none is in the table).
NO_DATA = "no dated events to show"


def _period_ticks(ax, periods, max_ticks: int = 12):
    step = max(1, int(np.ceil(len(periods) / max_ticks)))
    ax.set_xticks(range(0, len(periods), step), [periods[i] for i in range(0, len(periods), step)], rotation=45,
                  ha="right")


def plot_activity(data: pd.DataFrame, *, x: str = "month", y: str = "turns", ax=None, title: str | None = None):
    """Bars of a count per period (e.g. :func:`helpers.trends.monthly_activity`)."""
    if data.empty:
        return say_empty(new_axes(ax, (6.0, 3.2)), NO_DATA)
    periods = list(data[x])
    ax = new_axes(ax, (max(6.0, 0.25 * len(periods) + 3), 3.2))
    ax.bar(range(len(periods)), data[y].to_numpy(float), color=sns.color_palette("colorblind")[0])
    _period_ticks(ax, periods)
    ax.set_ylabel(y.replace("_", " "))
    ax.set_xlabel("")
    if title:
        ax.set_title(title)
    return ax


def plot_role_shares_over_time(data: pd.DataFrame, *, x: str = "month", y: str = "share", hue: str = "role",
                               ax=None, title: str | None = None):
    """Stacked bars of each role's share of the words per period."""
    if data.empty:
        return say_empty(new_axes(ax, (6.0, 3.2)), NO_DATA)
    wide = data.pivot_table(index=x, columns=hue, values=y, aggfunc="sum", fill_value=0).sort_index()
    roles = [r for r in ROLE_ORDER if r in wide.columns] + [r for r in wide.columns if r not in ROLE_ORDER]
    periods = list(wide.index)
    ax = new_axes(ax, (max(6.0, 0.25 * len(periods) + 3), 3.4))
    bottom = np.zeros(len(periods))
    for role in roles:
        values = wide[role].to_numpy(float)
        ax.bar(range(len(periods)), values, bottom=bottom, color=ROLE_COLORS.get(role, "#999999"), label=role)
        bottom += values
    _period_ticks(ax, periods)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_ylabel("share of words")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=len(roles), fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_rate(data: pd.DataFrame, *, x: str = "month", y: str = "rate", lo: str = "rate_lo", hi: str = "rate_hi",
              n: str | None = None, ax=None, title: str | None = None):
    """A proportion per period with its interval as error bars; ``n`` (if given) labels each point."""
    if data.empty:
        return say_empty(new_axes(ax, (6.0, 3.2)), NO_DATA)
    d = data.sort_values(x)
    periods = list(d[x])
    ax = new_axes(ax, (max(6.0, 0.25 * len(periods) + 3), 3.2))
    pos = np.arange(len(periods))
    val = d[y].to_numpy(float)
    err = np.vstack([val - d[lo].to_numpy(float), d[hi].to_numpy(float) - val]).clip(min=0)
    ax.errorbar(pos, val, yerr=err, fmt="o", ms=4, capsize=2, lw=1, color=sns.color_palette("colorblind")[0])
    if n is not None:
        for p, v, k in zip(pos, val, d[n]):
            ax.annotate(f"n={k}", (p, v), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=6)
    _period_ticks(ax, periods)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_ylabel(y.replace("_", " "))
    if title:
        ax.set_title(title)
    return ax


def plot_lengths_over_time(data: pd.DataFrame, *, x: str = "month", y: str = "words", hue: str = "kind", ax=None,
                           title: str | None = None):
    """Lines of a length per period, one per ``hue`` (e.g. question and answer medians, long form)."""
    if data.empty:
        return say_empty(new_axes(ax, (6.0, 3.2)), NO_DATA)
    d = data.sort_values(x)
    periods = list(dict.fromkeys(d[x]))
    ax = new_axes(ax, (max(6.0, 0.25 * len(periods) + 3), 3.2))
    pos = {p: i for i, p in enumerate(periods)}
    for k, (name, g) in enumerate(d.groupby(hue, sort=False)):
        ax.plot(g[x].map(pos), g[y], marker="o", ms=3, lw=1.2, label=str(name),
                color=sns.color_palette("colorblind")[k])
    _period_ticks(ax, periods)
    ax.set_ylabel(y.replace("_", " "))
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_topic_trends(data: pd.DataFrame, *, x: str = "month", y: str = "word_share", lo: str = "word_share_lo",
                      hi: str = "word_share_hi", hue: str = "topic", topics=None, ax=None, title: str | None = None,
                      labels: dict | None = None):
    """Lines of topic prominence per period with their interval bands, one line per topic.

    ``topics`` chooses and orders the topics drawn (default: the five largest overall).
    """
    if data.empty:
        return say_empty(new_axes(ax, (6.0, 3.2)), NO_DATA)
    labels = topic_labels() if labels is None else labels
    if topics is None:
        topics = list(data.groupby(hue)[y].mean().sort_values(ascending=False).head(5).index)
    periods = sorted(data[x].unique())
    pos = {p: i for i, p in enumerate(periods)}
    ax = new_axes(ax, (max(7.0, 0.25 * len(periods) + 4), 3.8))
    palette = topic_palette(topics)
    for t in topics:
        g = data[data[hue] == t].sort_values(x)
        xs = g[x].map(pos).to_numpy(float)
        ax.fill_between(xs, g[lo].to_numpy(float), g[hi].to_numpy(float), color=palette[t], alpha=0.2, lw=0)
        ax.plot(xs, g[y].to_numpy(float), marker="o", ms=3, lw=1.2, color=palette[t], label=labels.get(t, t))
    _period_ticks(ax, periods)
    ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_ylabel(y.replace("_", " "))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3, fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_clarity_over_time(data: pd.DataFrame, *, x: str = "period", y: str = "share", lo: str = "share_lo",
                           hi: str = "share_hi", hue: str = "clarity", n: str = "n_answers", ax=None,
                           title: str | None = None):
    """Clarity shares per period with Wilson intervals, one colour per class; ``n`` under each period."""
    if data.empty:
        return say_empty(new_axes(ax, (6.0, 3.2)), NO_DATA)
    periods = sorted(data[x].unique())
    ax = new_axes(ax, (max(5.0, 0.6 * len(periods) + 3), 3.2))
    step = 0.8 / len(CLARITY)
    for k, c in enumerate(CLARITY):
        g = data[data[hue] == c].set_index(x).reindex(periods)
        xs = np.arange(len(periods)) - 0.4 + step * (k + 0.5)
        val = g[y].to_numpy(float)
        err = np.vstack([val - g[lo].to_numpy(float), g[hi].to_numpy(float) - val]).clip(min=0)
        ax.errorbar(xs, val, yerr=err, fmt="o", ms=4, capsize=2, lw=1, color=CLARITY_COLOURS[c], label=c)
    counts = data.drop_duplicates(x).set_index(x)[n].reindex(periods)
    ax.set_xticks(range(len(periods)), [f"{p}\nn={int(k)}" for p, k in zip(periods, counts)], fontsize=8)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_ylabel("share of answers")
    ax.legend(fontsize=7, loc="upper right")
    if title:
        ax.set_title(title)
    return ax
