"""The one place figures are saved, deterministically.

Plotting functions elsewhere return Axes and never save; notebooks pass the figure here. The
same figure gives the same bytes on every run: SVG ids come from a fixed hash salt, and no
dates or software versions are written into the files.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from .. import config

#: Resolution of PNG files.
DPI = 110


#: Formats written for every figure.
FORMATS = ("svg", "png")


_RC = {
    "svg.hashsalt": "press-conference-notebooks",
    "svg.fonttype": "path",
    "path.simplify": True,
    "font.family": "DejaVu Sans",
    "figure.dpi": DPI,
}


def set_theme() -> None:
    """Apply the project's plotting style (seaborn ``whitegrid``, fixed fonts and sizes)."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans", rc={"figure.dpi": DPI})
    matplotlib.rcParams.update(_RC)


#: Most groups (events) a chart tells apart by colour; with more, it draws them alike.
MAX_HUES = 8

#: Most rows (events, speakers of events, ...) a chart draws one by one; with more, it draws the
#: largest of them and says so under the axis (an archive has a thousand events: drawn one by
#: one, the agenda of 165 briefings was 42,000 pixels tall).
MAX_ROWS = 30

#: Most panels :func:`facet` draws.
MAX_PANELS = 8

#: Longest tick label, legend entry or panel title a figure keeps whole (in characters).
LABEL_WIDTH = 40


def new_axes(ax, size):
    """``ax``, or a new Axes of ``size`` inches on a constrained-layout figure (every plotting
    function starts here)."""
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def say_empty(ax, message: str):
    """An Axes with nothing to draw says so in its middle (``"no dated events"``), without ticks."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def largest(data, col: str, *, weight: str | None = None, n: int = MAX_ROWS, noun: str = "events",
            unit: str = "words"):
    """The rows of ``data`` in its ``n`` largest groups of ``col``, and a note saying so.

    Parameters
    ----------
    data : DataFrame
        Tidy table, several rows per group allowed.
    col : str
        Column naming the groups (an event, a lane).
    weight : str, optional
        Column summed per group to rank the groups; without it (or when ``data`` has no such
        column) groups are ranked by their number of rows (``unit`` names what a row is; a
        missing ``weight`` column is called "rows"). Ties keep the order of first appearance.
    n : int
        Most groups kept.
    noun, unit : str
        Words of the note: ``"the 30 of 165 events with the most words"``.

    Returns
    -------
    (DataFrame, str or None)
        ``data`` itself and ``None`` when it has ``n`` groups or fewer; otherwise its rows of the
        kept groups, in their original order, and the note for :func:`note_subset`.
    """
    if weight is not None and weight in data:
        sizes = data.groupby(col, sort=False, observed=True)[weight].sum()
    else:
        sizes = data.groupby(col, sort=False, observed=True).size()
        unit = unit if weight is None else "rows"
    if len(sizes) <= n:
        return data, None
    keep = set(sizes.sort_values(ascending=False, kind="stable").index[:n])
    kept = data[data[col].isin(keep)]
    if isinstance(kept[col].dtype, pd.CategoricalDtype):  # else seaborn draws the dropped ones empty
        kept = kept.assign(**{col: kept[col].cat.remove_unused_categories()})
    return kept, f"the {n} of {len(sizes):,} {noun} with the most {unit}"


@contextmanager
def seeded_jitter(seed: int = 0):
    """Seed NumPy's global generator, from which seaborn draws its jitter, for stable figure bytes;
    the caller's state is restored afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def note_subset(ax, note: str | None):
    """Add the note of :func:`largest` under the x-axis label (nothing when ``note`` is None)."""
    if note:
        label = ax.get_xlabel()
        ax.set_xlabel(f"{label}\n({note})" if label else f"({note})")
    return ax


def short_label(text: str, width: int = LABEL_WIDTH) -> str:
    """``text`` cut in the middle to ``width`` characters (``2021-01-20-press-briefing…january-20-2021``):
    the start and the end of an event id or file name say most about it."""
    if len(text) <= width:
        return text
    tail = (width - 1) // 2
    return text[:width - 1 - tail] + "\u2026" + text[-tail:]


def short_names(values, width: int = LABEL_WIDTH) -> dict:
    """Each distinct value -> its :func:`short_label`, or itself for all of them where two would
    then be the same: for category labels a plotting function draws as it plots (heat maps, swarms)."""
    whole = list(dict.fromkeys(values))
    short = [short_label(str(v), width) for v in whole]
    if len(set(short)) < len(whole):
        return {v: v for v in whole}
    return dict(zip(whole, short))


def shorten_labels(fig, width: int = LABEL_WIDTH) -> None:
    """Cut the long category labels of a figure in the middle (:func:`short_names`): tick labels
    and legend entries (titles are prose, and :func:`facet` cuts its panel titles itself). A
    user's event ids are file names, often longer than the figure is wide; left whole they push
    the plotting area to nothing."""
    def fit(texts):
        names = short_names([t.get_text() for t in texts], width)
        for t in texts:
            t.set_text(names[t.get_text()])

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            whole = [t.get_text() for t in axis.get_ticklabels()]
            if any(len(w) > width for w in whole):
                names = short_names(whole, width)
                axis.set_ticks(axis.get_ticklocs(), [names[w] for w in whole])
        if ax.get_legend() is not None:
            fit(ax.get_legend().get_texts())
    for legend in fig.legends:
        fit(legend.get_texts())


def save_figure(fig, name: str, figures_dir: str | Path | None = None, formats=FORMATS) -> list[Path]:
    """Save a figure as SVG and PNG with stable bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        What to save (an Axes saves its figure).
    name : str
        File stem, starting with the notebook's stem, e.g. ``"01-corpus-overview-words"``.
    figures_dir : str or Path, optional
        Target folder; default the project's ``figures/``.
    formats : sequence of str
        File formats to write.

    Returns
    -------
    list of Path
        The files written. Long category labels are first cut in the middle
        (:func:`shorten_labels`), on the figure itself, so that it also shows so inline.
    """
    if hasattr(fig, "get_figure") and not isinstance(fig, matplotlib.figure.Figure):
        fig = fig.get_figure()
    shorten_labels(fig)
    has_colorbar = any(getattr(ax, "_colorbar", None) is not None for ax in fig.axes)
    if fig.get_layout_engine() is None and not has_colorbar:
        # keep labels and legends inside the fixed canvas (a colour bar needs its layout set
        # when the figure is made: plotting functions pass layout="constrained")
        fig.set_layout_engine("constrained")
    folder = Path(figures_dir) if figures_dir is not None else config.FIGURES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context(_RC):
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
            fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
            paths.append(path)
    return paths


def close(fig) -> None:
    """Close a figure (frees memory in long notebooks)."""
    plt.close(fig)


def facet(data, plot, *, col: str, col_order=None, col_wrap: int = 2, width: float = 6.0, height: float = 4.6,
          max_panels: int = MAX_PANELS, weight: str | None = None, noun: str | None = None, **kwargs):
    """Small multiples: one panel per value of ``col``, ``col_wrap`` panels to a row, each drawn by ``plot``.

    Parameters
    ----------
    data : DataFrame
        Tidy table holding every panel's rows.
    plot : callable
        A ``plot_*`` function of :mod:`helpers.plots`; called as
        ``plot(subset, ax=ax, title=value, **kwargs)`` for each panel.
    col : str
        Column whose values make the panels.
    col_order : list, optional
        Panel order; default the order of first appearance.
    col_wrap : int
        Panels per row; the figure stays narrow enough to read without scrolling.
    width, height : float
        Size of one panel in inches.
    max_panels : int
        Most panels drawn; with more values of ``col``, those with the largest ``weight`` total
        (:func:`largest`), and the figure's title says so.
    weight : str, optional
        Column ranking the panels when there are too many; default their number of rows.
    noun : str, optional
        What the panels are, for that title; default from ``col`` (``event_id`` -> "events").
    **kwargs
        Passed to ``plot`` (column names, ``order``, ...).

    Returns
    -------
    matplotlib.figure.Figure
    """
    values = list(col_order) if col_order is not None else list(dict.fromkeys(data[col]))
    note = None
    if len(values) > max_panels:
        kept, note = largest(data[data[col].isin(set(values))], col, weight=weight, n=max_panels,
                             noun=noun or col.removesuffix("_id").replace("_", " ") + "s",
                             unit=(weight or "rows").replace("_", " "))
        values = [v for v in values if v in set(kept[col])]
    n = max(len(values), 1)
    ncols = min(n, max(col_wrap, 1))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False,
                             layout="constrained")
    flat = axes.ravel()
    for ax, value in zip(flat, values):
        plot(data[data[col] == value], ax=ax, title=short_label(str(value)), **kwargs)
        if len(str(value)) > 24:  # a file name as title, kept within its panel
            ax.title.set_fontsize("small")
    for ax in flat[len(values):]:
        ax.set_visible(False)
    if note:
        fig.suptitle(note[0].upper() + note[1:], fontsize="medium")
    return fig
