"""The one place figures are saved, deterministically.

Plotting functions elsewhere return Axes and never save; notebooks pass the figure here. The
same figure gives the same bytes on every run: SVG ids come from a fixed hash salt, and no
dates or software versions are written into the files.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
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
        The files written.
    """
    if hasattr(fig, "get_figure") and not isinstance(fig, matplotlib.figure.Figure):
        fig = fig.get_figure()
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
          **kwargs):
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
    **kwargs
        Passed to ``plot`` (column names, ``order``, ...).

    Returns
    -------
    matplotlib.figure.Figure
    """
    values = list(col_order) if col_order is not None else list(dict.fromkeys(data[col]))
    n = max(len(values), 1)
    ncols = min(n, max(col_wrap, 1))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False,
                             layout="constrained")
    flat = axes.ravel()
    for ax, value in zip(flat, values):
        plot(data[data[col] == value], ax=ax, title=value, **kwargs)
    for ax in flat[len(values):]:
        ax.set_visible(False)
    return fig
