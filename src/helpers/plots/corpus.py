"""Charts of who holds the floor.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from ..corpus import ROLE_ORDER
from .palettes import ROLE_COLORS
from .style import MAX_ROWS, largest, note_subset, seeded_jitter


def plot_role_shares(data: pd.DataFrame, *, x: str = "share", y: str = "event_id", hue: str = "role",
                     max_rows: int = MAX_ROWS, ax=None):
    """Horizontal stacked bars of each role's share of an event's words.

    Parameters
    ----------
    data : DataFrame
        Tidy, e.g. from :func:`words_by_role`.
    x, y, hue : str
        Columns for the share, the event and the role.
    max_rows : int
        Most events drawn; with more, the ``max_rows`` with the most words (column ``words``) (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    data, note = largest(data, y, weight="words", n=max_rows)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.7 * data[y].nunique() + 1.6))
    wide = data.pivot_table(index=y, columns=hue, values=x, aggfunc="sum", sort=False).fillna(0)
    wide = wide[[r for r in ROLE_ORDER if r in wide.columns]]
    left = pd.Series(0.0, index=wide.index)
    for role in wide.columns:
        ax.barh(wide.index, wide[role], left=left, color=ROLE_COLORS.get(role), label=role, height=0.6)
        left += wide[role]
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel("share of the event's words")
    note_subset(ax, note)
    ax.set_ylabel("")
    ax.legend(title="role", ncols=len(wide.columns), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return ax


def plot_turn_lengths(data: pd.DataFrame, *, x: str = "n_words", y: str = "event_id", hue: str = "role",
                      max_rows: int = MAX_ROWS, ax=None):
    """Strip plot of turn lengths in words, per event and role (log scale).

    Parameters
    ----------
    data : DataFrame
        One row per turn (``corpus.utterances``).
    x, y, hue : str
        Columns for the length, the event and the role.
    max_rows : int
        Most events drawn; with more, the ``max_rows`` with the most words (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    data, note = largest(data, y, weight=x, n=max_rows)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.7 * data[y].nunique() + 1.6))
    data = data[data[x] > 0]
    order = [r for r in ROLE_ORDER if r in set(data[hue])]
    with seeded_jitter():
        sns.stripplot(data=data, x=x, y=y, hue=hue, hue_order=order, palette=ROLE_COLORS, dodge=True,
                      jitter=0.2, size=5, alpha=0.8, ax=ax, log_scale=True)
    ax.set_xlabel("words per turn (log scale)")
    note_subset(ax, note)
    ax.set_ylabel("")
    ax.legend(title="role", frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax
