"""The second, independent codings of the out-of-sample topic samples
(``annotations/second_coding/``): they code exactly the turns of the first coding, on the codebook,
and the agreement between the codings is computed the same way round and back."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.evaluation import topics as topic_eval

COLUMNS = ["file", "source_url", "date", "turn", "label", "split", "topics", "primary", "text", "note"]


CODINGS = {**topic_eval.SECOND_CODINGS, **topic_eval.RESERVED_SECOND_CODINGS}
FIRST = {**topic_eval.EXTRA_SAMPLES, **topic_eval.RESERVED_SAMPLES}


@pytest.mark.parametrize("split", sorted(CODINGS))
def test_the_second_coding_codes_the_same_turns(split):
    first = pd.read_csv(FIRST[split][0], dtype=str, keep_default_na=False)
    second = pd.read_csv(CODINGS[split], dtype=str, keep_default_na=False)
    assert list(second.columns) == COLUMNS
    same = ["file", "source_url", "date", "turn", "label", "split", "text"]
    assert second[same].equals(first[same])
    assert second["topics"].ne("").all() and second["primary"].ne("").all()
    # read by the evaluation as it is: codebook ids, primary among the topics
    assert len(topic_eval.load_archive_gold(CODINGS[split])) == len(first)


@pytest.fixture(scope="module")
def agreement():
    return topic_eval.coder_agreement()


def test_agreement_is_the_same_either_way_round(agreement):
    t = agreement["table"].set_index(["sample", "comparison"])
    for split in tuple(topic_eval.SECOND_CODINGS):
        a, b = t.loc[(split, "second coding vs first")], t.loc[(split, "first coding vs second")]
        assert math.isclose(a["micro_f1"], b["micro_f1"])
        assert math.isclose(a["micro_precision"], b["micro_recall"]) and math.isclose(a["exact_match"], b["exact_match"])
        assert 0 < a["micro_f1"] < 1  # two codings that agree on every turn would be one coding copied


def test_the_tagger_against_the_first_coding_is_the_benchmark_score(agreement):
    t = agreement["table"].set_index(["sample", "comparison"])
    archive = topic_eval.evaluate_archive(tuple(topic_eval.SECOND_CODINGS))
    for split in tuple(topic_eval.SECOND_CODINGS):
        row, sc = t.loc[(split, "tagger vs first")], archive["by_split"][split]
        assert math.isclose(row["micro_f1"], sc["micro_f1"]) and math.isclose(row["primary_accuracy"], sc["primary_accuracy"])
