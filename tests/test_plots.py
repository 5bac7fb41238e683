"""Figures of users' folders: event ids are file names, often longer than a figure is wide.
Long category labels are cut in the middle, and the figures draw without layout warnings."""
from __future__ import annotations

import shutil
import warnings

import pytest

import helpers
from helpers import config, plots, qa
from helpers.corpus import words_by_role
from helpers.plots.style import LABEL_WIDTH, short_label, short_names

WH = config.ROOT / "tests" / "data" / "wh"
LONG = ["2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-20-2021",
        "2021-03-01-press-briefing-by-press-secretary-jen-psaki-and-secretary-of-homeland-security"]


def test_short_label_keeps_the_start_and_the_end():
    cut = short_label(LONG[0])
    assert len(cut) == LABEL_WIDTH and cut.startswith("2021-01-20-press-bri") and cut.endswith("january-20-2021")
    assert short_label("2019-05-14-sochi") == "2019-05-14-sochi"
    # two labels that would be cut to the same text are left whole
    same_ends = ["a" * 30 + "x" + "b" * 30, "a" * 30 + "y" + "b" * 30]
    assert short_names(same_ends) == {v: v for v in same_ends}


@pytest.fixture(scope="module")
def long_named(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    for src, name in zip([p for p in sorted(WH.glob("*.md")) if p.name != "SOURCE.md"][:2], LONG):
        shutil.copy(src, folder / f"{name}.md")
    return helpers.analyse(folder, cache=False, n_jobs=1, n_boot=20)


def test_figures_of_long_event_ids_draw_without_warnings(long_named, tmp_path):
    a = long_named
    exchanges = a.exchanges
    overlap = qa.topic_overlap(a.corpus.utterances, exchanges, topics=a.utterances)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = [
            plots.plot_role_shares(words_by_role(a.corpus)),
            plots.plot_turn_lengths(a.corpus.utterances),
            plots.plot_topic_heatmap(a.topics, value="word_share"),
            plots.plot_design_profile(qa.design_profile(a.design)),
            plots.plot_overlap(overlap),
        ]
        for k, ax in enumerate(drawn):
            plots.save_figure(ax.figure, f"long-{k}", tmp_path)
            ax.figure.canvas.draw()
    for ax in drawn:
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels and all(len(t) <= LABEL_WIDTH for t in labels), labels
        assert any(t.startswith("2021-01-20-press-bri") for t in labels)
        plots.close(ax.figure)


def test_charts_over_time_of_undated_events_say_so(tmp_path):
    """A folder whose transcripts carry no date: the tables over time have their columns and no
    rows, and each chart says there is nothing to show instead of failing."""
    from helpers import trends

    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "a.txt").write_text("MS. PSAKI: Good afternoon.\n\nQ: What about Iran?\n\nMS. PSAKI: We will see.\n",
                                  encoding="utf-8")
    a = helpers.analyse(folder, cache=False, n_jobs=1, n_boot=10)
    assert trends.undated_events(a) == ["a"]
    by_month = trends.topics_by_month(a, n_boot=10)
    assert by_month.empty and {"month", "topic", "word_share"} <= set(by_month.columns)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = [plots.plot_activity(trends.monthly_activity(a)),
                 plots.plot_role_shares_over_time(trends.role_shares_by_month(a)),
                 plots.plot_rate(trends.follow_up_rate_by_month(a)),
                 plots.plot_lengths_over_time(trends.lengths_by_month(a)),
                 plots.plot_topic_trends(by_month),
                 plots.plot_clarity_over_time(trends.clarity_by_principal(a))]
    for ax in drawn:
        assert [t.get_text() for t in ax.texts] == ["no dated events to show"]
        plots.close(ax.figure)


def test_crowded_charts_of_many_events_draw_without_warnings(tmp_path):
    """Many events and exchanges, as in an archive: the Q&A length scatter drops its per-event
    legend, the overlap chart places a pile of zero cosines (a seeded strip, the same bytes
    twice), and a Wilson bound a rounding error beyond its share is not a negative whisker."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    events = [f"2021-{m:02d}/press-briefing-by-press-secretary-number-{m}" for m in range(1, 21)]
    ex = pd.DataFrame({"event_id": np.repeat(events, 60), "n_question_words": rng.integers(5, 200, 1200),
                       "n_answer_words": rng.integers(5, 900, 1200),
                       "tfidf_cosine": np.where(rng.random(1200) < 0.5, 0.0, rng.random(1200) * 0.6),
                       "clarity": rng.choice(["reply", "ambivalent", "non_reply"], 1200)})
    shares = pd.DataFrame({"group": ["a: all"] * 3, "clarity": ["reply", "ambivalent", "non_reply"],
                           "share": [1.0, 0.0, 0.0], "share_lo": [0.7, 1e-17, 0.0],
                           "share_hi": [1.0, 0.3, 0.3 + 1e-17], "n_answers": [9, 9, 9]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lengths = plots.plot_qa_lengths(ex)
        assert [t.get_text() for t in lengths.get_legend().get_texts()] == ["answer = question"]
        files = []
        for k in range(2):
            ax = plots.plot_overlap(ex, hue="clarity")
            files.append(plots.save_figure(ax.figure, f"overlap-{k}", tmp_path, formats=("png",))[0])
            plots.close(ax.figure)
        intervals = plots.plot_clarity_intervals(shares)
        plots.save_figure(intervals.figure, "intervals", tmp_path, formats=("png",))
    assert files[0].read_bytes() == files[1].read_bytes()
    plots.close(lengths.figure)
    plots.close(intervals.figure)


def test_topic_shares_of_many_events_show_each_event_and_the_median():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(1)
    rows = [(f"event-{e:02d}", t) for e in range(20) for t in ("ukraine", "iran", "cyber")]
    data = pd.DataFrame(rows, columns=["event_id", "topic"])
    data["word_share"] = rng.random(len(data)) * 0.2
    data["word_share_lo"], data["word_share_hi"] = data["word_share"] * 0.5, data["word_share"] * 1.5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plots.plot_topic_shares(data)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["one event", "median of 20"]
    assert legend.get_title().get_text() == "20 events: intervals drawn for 8 or fewer" and not ax.containers
    few = plots.plot_topic_shares(data[data["event_id"].isin(["event-00", "event-01"])])
    assert len(few.containers) == 2  # one error-bar series per event
    plots.close(ax.figure)
    plots.close(few.figure)
