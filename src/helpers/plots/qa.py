"""Charts of question-and-answer structure.

Every function takes a tidy DataFrame and column names, draws on ``ax`` (a new figure when
``None``) and returns the Axes; none of them saves (use :func:`helpers.plots.save_figure`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns

from ..qa import CLARITY
from ..topics import topic_labels
from .palettes import CLARITY_COLOURS, ROLE_COLORS
from .style import MAX_HUES, MAX_ROWS, largest, new_axes, note_subset, say_empty, seeded_jitter, short_names


def plot_turn_timeline(data: pd.DataFrame, *, start: str = "start", length: str = "n_words", lane: str = "speaker",
                       group: str | None = "event_id", hue: str = "role", hatch: str | None = "low_confidence",
                       max_rows: int = MAX_ROWS, ax=None):
    """Turn-taking timeline: one bar per turn, placed by its position in words.

    Parameters
    ----------
    data : DataFrame
        From :func:`helpers.qa.turn_timeline`.
    start, length : str
        Columns with the turn's first word position and its length in words.
    lane : str
        Column giving the row of a turn (the speaker).
    group : str or None
        Column that splits lanes into blocks (the event); lanes are labelled ``group: lane``.
    hue : str
        Column coloured by :data:`ROLE_COLORS` (other values are grey).
    hatch : str or None
        Boolean column; true turns are hatched (low-confidence inferred turns).
    max_rows : int
        Most lanes drawn; with more, the events with the most words whose lanes fit (at least
        one event), as the x-axis label says.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    note = None
    if group and data.groupby([group, lane], observed=True).ngroups > max_rows:
        words = data.groupby(group, sort=False, observed=True)[length].sum().sort_values(ascending=False, kind="stable")
        lanes_per = data.groupby(group, observed=True)[lane].nunique().reindex(words.index)
        fits = max(int((lanes_per.cumsum() <= max_rows).sum()), 1)
        data, note = largest(data, group, weight=length, n=fits, noun=f"{group.removesuffix('_id')}s")
    d = data.copy()
    d["_lane"] = (d[group].astype(str) + ": " + d[lane].astype(str)) if group else d[lane].astype(str)
    lanes = list(dict.fromkeys(d["_lane"]))
    ax = new_axes(ax, (9, 0.45 * max(len(lanes), 2) + 1.2))
    if d.empty:
        return say_empty(ax, "no turns")
    pos = {name: i for i, name in enumerate(lanes)}
    for value, sub in d.groupby(hue, sort=False):
        colour = ROLE_COLORS.get(value, "#8C8C8C")
        flags = sub[hatch].astype(bool) if hatch and hatch in sub else pd.Series(False, index=sub.index)
        for flagged, part in sub.groupby(flags):
            ax.barh(part["_lane"].map(pos), part[length], left=part[start], height=0.7, color=colour,
                    edgecolor="white", linewidth=0.4, hatch="//" if flagged else None, label=str(value))
    ax.set_yticks(range(len(lanes)), lanes)
    ax.invert_yaxis()
    ax.set_xlabel("position in the event (words)")
    note_subset(ax, note)
    ax.set_ylabel("")
    handles, labels = ax.get_legend_handles_labels()
    uniq = dict(zip(labels, handles))
    ax.legend(uniq.values(), uniq.keys(), title=hue, loc="lower right", frameon=True, fontsize="small")
    return ax


def plot_qa_lengths(data: pd.DataFrame, *, x: str = "n_question_words", y: str = "n_answer_words",
                    hue: str = "event_id", ax=None):
    """Question length against answer length, one point per answered exchange (log scales).

    Parameters
    ----------
    data : DataFrame
        Exchanges (:func:`helpers.qa.build_exchanges`); rows with a zero length are dropped.
    x, y, hue : str
        Columns for the question words, the answer words and the colour (one colour for all when
        ``hue`` has more than :data:`~helpers.plots.style.MAX_HUES` values).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = new_axes(ax, (6.5, 4.5))
    d = data[(data[x] > 0) & (data[y] > 0)]
    if d.empty:
        return say_empty(ax, "no answered questions")
    if hue is not None and d[hue].nunique() > MAX_HUES:
        hue = None  # one colour: a legend of dozens of events would hide the plot, not explain it
    sns.scatterplot(data=d, x=x, y=y, hue=hue, style=hue, s=55 if hue else 20, alpha=1 if hue else 0.5, ax=ax)
    lo = min(d[x].min(), d[y].min())
    hi = max(d[x].max(), d[y].max())
    ax.plot([lo, hi], [lo, hi], color="0.6", lw=0.8, ls="--", label="answer = question")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("question (words)")
    ax.set_ylabel("answer (words)")
    ax.legend(fontsize="small", loc="upper left")
    return ax


def plot_design_profile(data: pd.DataFrame, *, x: str = "feature", y: str = "event_id", value: str = "share",
                        max_rows: int = MAX_ROWS, ax=None):
    """Heatmap of the share of question turns with each design feature.

    Parameters
    ----------
    data : DataFrame
        From :func:`helpers.qa.design_profile`.
    x, y, value : str
        Feature column, group column and share column.
    max_rows : int
        Most groups drawn; with more, the ``max_rows`` with the most questions (column ``n_questions``) (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    data, note = largest(data, y, weight="n_questions", n=max_rows, noun="groups", unit="questions")
    ax = new_axes(ax, (9, 0.6 * max(data[y].nunique() if len(data) else 1, 2) + 2.2))
    if data.empty:
        return say_empty(ax, "no question turns")
    wide = data.pivot(index=y, columns=x, values=value)
    wide = wide[list(dict.fromkeys(data[x]))].rename(index=short_names(data[y]))
    sns.heatmap(wide, vmin=0, vmax=1, cmap="Blues", annot=True, fmt=".2f", cbar_kws={"label": "share of questions"},
                linewidths=0.5, ax=ax)
    ax.set_xlabel("")
    note_subset(ax, note)
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=45)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    return ax


def plot_clarity(data: pd.DataFrame, *, x: str = "share", y: str = "group", hue: str = "clarity",
                 max_rows: int = MAX_ROWS, ax=None):
    """Stacked horizontal bars of answer clarity shares.

    Parameters
    ----------
    data : DataFrame
        Long shares (:func:`helpers.qa.clarity_shares`) with a ``y`` column naming each bar.
    x, y, hue : str
        Share column, bar label column and clarity column.
    max_rows : int
        Most bars drawn; with more, the ``max_rows`` with the most answers (column ``n_answers``) (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    data, note = largest(data, y, weight="n_answers", n=max_rows, noun="groups", unit="answers")
    bars = list(dict.fromkeys(data[y])) if len(data) else []
    ax = new_axes(ax, (8, 0.5 * max(len(bars), 2) + 1.4))
    if data.empty:
        return say_empty(ax, "no answers")
    wide = data.pivot_table(index=y, columns=hue, values=x, aggfunc="sum", fill_value=0).reindex(bars)
    left = np.zeros(len(wide))
    for c in CLARITY:
        vals = wide[c].to_numpy() if c in wide else np.zeros(len(wide))
        ax.barh(range(len(wide)), vals, left=left, color=CLARITY_COLOURS[c], label=c, height=0.7)
        left += vals
    ax.set_yticks(range(len(wide)), wide.index)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of answer turns")
    note_subset(ax, note)
    ax.legend(title=hue, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize="small")
    return ax


def plot_clarity_intervals(data: pd.DataFrame, *, y: str = "group", hue: str = "clarity", max_rows: int = MAX_ROWS,
                           ax=None):
    """Clarity shares with their intervals: one row per group, one dot and whisker per class.

    Parameters
    ----------
    data : DataFrame
        Long shares with intervals (:func:`helpers.qa.clarity_shares`: ``share, share_lo,
        share_hi, n_answers``) and a ``y`` column naming each row; the row label shows ``n``.
    y, hue : str
        Row label column and clarity column.
    max_rows : int
        Most rows drawn; with more, the ``max_rows`` with the most answers (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    data, note = largest(data, y, weight="n_answers", n=max_rows, noun="groups", unit="answers")
    rows = list(dict.fromkeys(data[y])) if len(data) else []
    ax = new_axes(ax, (8, 0.55 * max(len(rows), 2) + 1.4))
    if data.empty:
        return say_empty(ax, "no answers")
    pos = {r: i for i, r in enumerate(rows)}
    n = data.drop_duplicates(y).set_index(y)["n_answers"]
    for k, c in enumerate(CLARITY):
        d = data[data[hue] == c]
        ys = d[y].map(pos).to_numpy() + (k - 1) * 0.22
        # clipped: a Wilson bound can sit a rounding error beyond the share (at 0 or 1)
        err = np.vstack([d["share"] - d["share_lo"], d["share_hi"] - d["share"]]).clip(min=0)
        ax.errorbar(d["share"], ys, xerr=err, fmt="o", color=CLARITY_COLOURS[c], label=c, markersize=4,
                    capsize=2, linewidth=1)
    ax.set_yticks(range(len(rows)), [f"{r} (n={int(n[r])})" for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("share of answer turns (95% Wilson interval)")
    note_subset(ax, note)
    ax.legend(title=hue, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize="small")
    return ax


def plot_topic_pairs(data: pd.DataFrame, *, x: str = "answer_topic", y: str = "question_topic", value: str = "n",
                     ax=None):
    """Heatmap of question topics against answer topics (exchange counts).

    Parameters
    ----------
    data : DataFrame
        From :func:`helpers.qa.topic_pairs`.
    x, y, value : str
        Answer-topic, question-topic and count columns.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = new_axes(ax, (8, 6.5))
    if data.empty:
        return say_empty(ax, "no topic tags")
    names = sorted(set(data[x]) | set(data[y]))
    labels = topic_labels()
    wide = data.pivot_table(index=y, columns=x, values=value, aggfunc="sum", fill_value=0).reindex(
        index=names, columns=names, fill_value=0).rename(index=lambda c: labels.get(c, c),
                                                         columns=lambda c: labels.get(c, c))
    sns.heatmap(wide, cmap="Purples", annot=True, fmt="d", linewidths=0.5, cbar_kws={"label": "exchanges"},
                mask=wide.to_numpy() == 0, ax=ax)
    ax.set_xlabel("answer topic")
    ax.set_ylabel("question topic")
    return ax


def plot_overlap(data: pd.DataFrame, *, x: str = "tfidf_cosine", y: str = "event_id", hue: str | None = None,
                 max_rows: int = MAX_ROWS, ax=None):
    """Swarm plot of question-answer overlap per exchange.

    Parameters
    ----------
    data : DataFrame
        From :func:`helpers.qa.topic_overlap` (merged with other exchange columns as needed).
    x, y : str
        Overlap column and group column.
    hue : str, optional
        Colour column (e.g. the answer's clarity).
    max_rows : int
        Most events drawn; with more, the ``max_rows`` with the most exchanges (:func:`~helpers.plots.style.largest`),
        as the x-axis label says.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    d, note = largest(data.dropna(subset=[x]), y, n=max_rows, unit="exchanges")
    ax = new_axes(ax, (7, 0.7 * max(d[y].nunique() if len(d) else 1, 2) + 1.4))
    if d.empty:
        return say_empty(ax, "no answered questions")
    d = d.assign(**{y: d[y].map(short_names(d[y]))})
    palette = CLARITY_COLOURS if hue and set(d[hue].dropna()) <= set(CLARITY_COLOURS) else None
    # A swarm places points deterministically. Smaller points where a row holds many (an archive
    # briefing has a hundred exchanges) or many at one value (no shared word: a cosine of 0); a
    # pile too tall for its row even then is drawn as a strip, its jitter seeded (the figure is
    # the same on every run) and the caller's random state left as it was.
    crowd = int(d[y].value_counts().max())
    pile = int(d.groupby([d[y], (d[x] / 0.02).round()], observed=True).size().max())
    order = [c for c in CLARITY if palette and c in set(d[hue])] or None
    if 40 / pile >= 1.5:
        size = min(6.0, 6 * (30 / crowd) ** 0.5, 40 / pile)
        sns.swarmplot(data=d, x=x, y=y, hue=hue, palette=palette, size=size, ax=ax, hue_order=order)
    else:
        with seeded_jitter():
            sns.stripplot(data=d, x=x, y=y, hue=hue, palette=palette, size=2.5, alpha=0.6, jitter=0.3, ax=ax,
                          hue_order=order)
    ax.set_xlim(left=0)
    ax.set_xlabel("TF-IDF cosine of question and answer")
    note_subset(ax, note)
    ax.set_ylabel("")
    return ax
