"""Chart of inferred speaker turns in captions against the hand annotation.
"""
from __future__ import annotations

import pandas as pd

from .palettes import SPEAKER_COLOURS
from .style import MAX_ROWS, largest, note_subset


def plot_turn_sequence(data: pd.DataFrame, *, lane: str = "lane", speaker: str = "speaker",
                       start: str = "word_start", length: str = "n_words", low_confidence: str = "low_confidence",
                       max_rows: int = MAX_ROWS, ax=None):
    """Draw turn sequences as coloured bars along the text, one lane per row group.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy turns, e.g. from :func:`turn_sequence`.
    lane, speaker, start, length, low_confidence : str
        Column names: lane label, speaker (colour), first word, number of words, and a flag
        drawn as hatching (low-confidence inferred turns).
    max_rows : int
        Most lanes drawn; with more, the ``max_rows`` with the most words
        (:func:`~helpers.plots.style.largest`), as the x-axis label says.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.patches import Patch

    data, note = largest(data, lane, weight=length, n=max_rows, noun="lanes")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.2 + 0.6 * max(1, data[lane].nunique() if len(data) else 1)))
    if data.empty:
        ax.text(0.5, 0.5, "no captions transcript in this selection", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    speakers = list(dict.fromkeys(data[speaker]))
    others = [s for s in speakers if s not in SPEAKER_COLOURS]
    palette = dict(zip(others, sns.color_palette("deep", len(others))))
    palette.update({k: v for k, v in SPEAKER_COLOURS.items() if k in speakers})
    lanes = list(dict.fromkeys(data[lane]))
    for y, name in enumerate(lanes):
        d = data[data[lane] == name]
        for sp, grp in d.groupby(speaker, sort=False):
            ax.broken_barh(list(zip(grp[start], grp[length])), (y - 0.35, 0.7), facecolors=palette[sp],
                           edgecolor="white", linewidth=0.5)
        low = d[d[low_confidence].astype(bool)]
        if len(low):
            ax.broken_barh(list(zip(low[start], low[length])), (y - 0.35, 0.7), facecolors="none",
                           edgecolor="black", hatch="///", linewidth=0)
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.set_xlim(0, float((data[start] + data[length]).max()))
    ax.set_xlabel("position in the transcript (words)")
    note_subset(ax, note)
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor=palette[s], label=s) for s in speakers]
    if data[low_confidence].astype(bool).any():
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="///", label="low confidence"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=len(handles), frameon=False)
    return ax
