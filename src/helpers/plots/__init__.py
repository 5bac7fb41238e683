"""Charts. Every ``plot_*`` function takes a tidy DataFrame first and keyword-only column names,
accepts ``ax=None`` and returns the Axes; none of them saves. :func:`save_figure` is the one
function that writes figure files; :func:`facet` draws small multiples; :mod:`.palettes` holds
one palette per meaning and :mod:`.style` the theme. A chart with one row per event draws at
most :data:`.style.MAX_ROWS` of them (:func:`facet` at most :data:`.style.MAX_PANELS` panels):
with more, the largest, and its axis label or title says so.
"""
from .corpus import plot_role_shares, plot_turn_lengths
from .palettes import CLARITY_COLOURS, ROLE_COLORS, topic_palette
from .qa import (
    plot_clarity,
    plot_clarity_intervals,
    plot_design_profile,
    plot_overlap,
    plot_qa_lengths,
    plot_topic_pairs,
    plot_turn_timeline,
)
from .style import close, facet, save_figure, set_theme
from .topics import (
    plot_agenda,
    plot_coverage,
    plot_topic_flow,
    plot_topic_heatmap,
    plot_topic_shares,
)
from .trends import (
    plot_activity,
    plot_clarity_over_time,
    plot_lengths_over_time,
    plot_rate,
    plot_role_shares_over_time,
    plot_topic_trends,
)
from .turns import plot_turn_sequence

__all__ = [
    "set_theme", "save_figure", "close", "facet", "ROLE_COLORS", "CLARITY_COLOURS", "topic_palette",
    "plot_role_shares", "plot_turn_lengths", "plot_topic_heatmap", "plot_topic_shares", "plot_agenda",
    "plot_topic_flow", "plot_coverage", "plot_turn_timeline", "plot_qa_lengths", "plot_design_profile",
    "plot_clarity", "plot_clarity_intervals", "plot_topic_pairs", "plot_overlap", "plot_turn_sequence", "plot_activity",
    "plot_role_shares_over_time", "plot_rate", "plot_lengths_over_time", "plot_topic_trends", "plot_clarity_over_time",
]
