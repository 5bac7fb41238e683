"""Measures over time across the events of a folder."""
from __future__ import annotations

import numpy as np

import helpers
from helpers import trends

TWO_EVENTS_ONE_MONTH = {
    "a.txt": "March 1, 2022\n\nMS. PSAKI: Good afternoon.\n\nQ   What about sanctions on Russia?\n\n"
             "MS. PSAKI: Sanctions on Russia stay in place, and we will keep working with our partners in Europe and around the world to make sure that the costs for Moscow keep rising for as long as this war goes on.\n\nQ   And Iran?\n\nMS. PSAKI: We talk to Iran through our partners, and we have been very clear that a return to the deal depends on what Tehran does next, not on what it says at the table in Vienna this week.\n",
    "b.txt": "March 9, 2022\n\nMS. PSAKI: Hello.\n\nQ   Is North Korea testing missiles?\n\n"
             "MS. PSAKI: North Korea tested a missile this morning, and we are consulting closely with our allies in Seoul and Tokyo about the right response, which will include more pressure and more diplomacy.\n",
}


def test_wilson_interval_brackets_the_share():
    lo, hi = trends.wilson_interval([0, 5, 10], [10, 10, 10])
    assert lo[0] == 0 and 0 < hi[0] < 0.35 and lo[1] < 0.5 < hi[1] and hi[2] == 1
    assert np.isnan(trends.wilson_interval([0], [0])[0][0])


def test_two_events_in_one_month(seeds):
    a = helpers.analyse(seeds(TWO_EVENTS_ONE_MONTH), cache=False, n_boot=50)
    assert list(a.events["date"]) == ["2022-03-01", "2022-03-09"]
    activity = trends.monthly_activity(a)
    assert activity.to_dict("records")[0]["events"] == 2 and list(activity["month"]) == ["2022-03"]
    monthly = trends.topics_by_month(a, n_boot=50)
    assert set(monthly["month"]) == {"2022-03"}
    shares = monthly.set_index("topic")["word_share"]
    assert shares["sanctions"] > 0 and shares["north_korea"] > 0
    assert (monthly["word_share_lo"] <= monthly["word_share"] + 1e-12).all()
    roles = trends.role_shares_by_month(a)
    assert abs(roles["share"].sum() - 1) < 1e-9
    rate = trends.follow_up_rate_by_month(a)
    assert rate["exchanges"].iloc[0] == 3
    assert trends.undated_events(a) == []
    top = trends.top_principals(a)
    assert top.loc[0, "speaker"] == "Psaki" and top.loc[0, "events"] == 2
