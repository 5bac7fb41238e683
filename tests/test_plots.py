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


def test_largest_keeps_the_heaviest_groups_in_their_order():
    import pandas as pd

    from helpers.plots.style import largest

    data = pd.DataFrame({"event_id": list("aabbccdde"), "words": [1, 1, 5, 5, 2, 2, 5, 5, 9]})
    kept, note = largest(data, "event_id", weight="words", n=3)
    # b and d weigh 10, e 9: kept in the table's own order; a tie keeps the first seen
    assert list(dict.fromkeys(kept["event_id"])) == ["b", "d", "e"]
    assert note == "the 3 of 5 events with the most words"
    same, none = largest(data, "event_id", weight="words", n=5)
    assert same is data and none is None
    # ranked by rows without the weight column, and the note says so
    _, by_rows = largest(data.drop(columns="words"), "event_id", weight="words", n=2)
    assert by_rows == "the 2 of 5 events with the most rows"
    cat = data.assign(event_id=data["event_id"].astype("category"))
    assert list(largest(cat, "event_id", weight="words", n=2)[0]["event_id"].cat.categories) == ["b", "d"]


@pytest.fixture(scope="module")
def seeds_analysis():
    return helpers.analyse(cache=False, n_jobs=1, n_boot=20)


def test_per_event_charts_draw_the_largest_events_and_say_so(seeds_analysis, tmp_path):
    """An archive has a thousand events: a chart with a row per event draws the largest ones
    (here ``max_rows=2`` of the three seeds) and says so under its axis, instead of a figure too
    tall to read or to save."""
    from helpers import topics

    a = seeds_analysis
    words = a.corpus.utterances.groupby("event_id", observed=True)["n_words"].sum()
    biggest = set(words.sort_values(ascending=False).index[:2])
    assert len(words) == 3
    flow = topics.topic_flow(a.tagging.sentences)
    exchanges = a.exchanges
    overlap = qa.topic_overlap(a.corpus.utterances, exchanges, topics=a.utterances)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = {
            "role shares": plots.plot_role_shares(words_by_role(a.corpus), max_rows=2),
            "turn lengths": plots.plot_turn_lengths(a.corpus.utterances, max_rows=2),
            "heatmap": plots.plot_topic_heatmap(a.topics, max_rows=2),
            "flow": plots.plot_topic_flow(flow, max_rows=2),
            "coverage": plots.plot_coverage(topics.coverage(a.tagging.sentences), max_rows=2),
            "overlap": plots.plot_overlap(overlap, max_rows=2),
        }
        for name, ax in drawn.items():
            plots.save_figure(ax.figure, name.replace(" ", "-"), tmp_path, formats=("png",))
    for name, ax in drawn.items():
        shown = {t.get_text() for t in ax.get_yticklabels()}
        assert len(shown) == 2, name
        assert "(the 2 of 3 events with the most " in ax.get_xlabel(), name
        if name not in ("overlap", "coverage"):  # ranked by exchanges and by sentences
            assert shown == biggest, name
        plots.close(ax.figure)
    # all three events when they fit: no note
    ax = plots.plot_role_shares(words_by_role(a.corpus))
    assert len(ax.get_yticklabels()) == 3 and "most" not in ax.get_xlabel()
    plots.close(ax.figure)


def test_timeline_keeps_whole_events_and_facet_the_largest_panels(seeds_analysis):
    a = seeds_analysis
    timeline = qa.turn_timeline(a.corpus.utterances, a.exchanges)
    lanes = timeline.groupby("event_id", observed=True)["speaker"].nunique()
    ax = plots.plot_turn_timeline(timeline, max_rows=int(lanes.max()))
    shown = [t.get_text() for t in ax.get_yticklabels()]
    # only whole events: every lane of the events drawn, at least one event
    events = {s.split(": ")[0] for s in shown}
    assert len(shown) == sum(int(lanes[e]) for e in events) and 1 <= len(events) < 3
    assert "events with the most n words" not in ax.get_xlabel() and "with the most" in ax.get_xlabel()
    plots.close(ax.figure)

    from helpers import topics

    agenda = topics.agenda(a.tagging.utterances, a.tagging.sentences, by="side")
    fig = plots.facet(agenda, plots.plot_agenda, col="event_id", weight="words", max_panels=2)
    visible = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    totals = agenda.groupby("event_id", observed=True)["words"].sum().sort_values(ascending=False)
    assert len(visible) == 2
    assert fig.get_suptitle() == "The 2 of 3 events with the most words"
    assert {ax.get_title() for ax in visible} == {str(e) for e in totals.index[:2]}
    plots.close(fig)
