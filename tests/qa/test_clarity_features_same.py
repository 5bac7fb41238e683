"""The clarity features stay the same, bit for bit, when their computation changes.

``data/clarity_features_sample.json`` holds the features of real pairs as the per-pair
featurisation of commit 4bca207 computed them: the first :data:`ROWS` rows of the QEvasion
training split (one row per sub-question, the dataset's turns) and the same rows' turn texts
split into their questions as ``analyse`` does, with a vocabulary fitted on those pairs. Stored:
the column names' digest, every value of the named columns (``m:``, ``rule:``, ``r:``, ``f:``,
``s:``) as exact float text, a digest of each row's stored entries (columns and float bytes) and
the evidence. ``python tests/qa/test_clarity_features_same.py --write`` rewrites it: only for a
deliberate change of the features (with a new ``FEATURE_VERSION``).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

EXPECTED = Path(__file__).parent / "data" / "clarity_features_sample.json"
#: Training rows of the sample, in file order.
ROWS = 120
#: Prefixes of the columns stored value by value.
NAMED = ("m:", "rule:", "r:", "f:", "s:")


def sample():
    """``(questions, answers, turns)``: the dataset's sub-question rows, then the same rows' turn
    texts split into their questions."""
    from helpers.qa import _clarity_model as cm
    from helpers.qa import _clarity_train as ct

    df = ct.load().iloc[:ROWS]
    q, a, t = list(df["question"]), list(df["answer"]), list(df["turn"])
    _, qs, ans, turns = cm.ClarityModel()._expand(list(df["turn_question"]), a, True)
    return q + list(qs), a + list(ans), t + list(turns)


def features():
    from helpers.qa import _clarity_features as cf
    from helpers.qa import _clarity_parts as cp
    from helpers.qa._markers import load_markers

    q, a, t = sample()
    vocab = cf.fit_vocabulary(q, a)
    return cp.featurise_pairs(q, a, vocab, load_markers(), return_evidence=True, turns=t)


def _row_digest(X, i: int) -> str:
    lo, hi = X.indptr[i], X.indptr[i + 1]
    h = hashlib.sha256(np.ascontiguousarray(X.indices[lo:hi], dtype=np.int64).tobytes())
    h.update(np.ascontiguousarray(X.data[lo:hi], dtype=np.float64).tobytes())
    return h.hexdigest()


def summary(X, names, evidence) -> dict:
    X = X.tocsr()
    X.sort_indices()
    named = [j for j, n in enumerate(names) if n.startswith(NAMED)]
    dense = X[:, named].toarray()
    return {
        "rows": X.shape[0],
        "columns": X.shape[1],
        "names_sha256": hashlib.sha256("\n".join(names).encode()).hexdigest(),
        # per column: "row:value" of its non-zero rows, the values as exact float text (repr)
        "named": {names[j]: " ".join(f"{i}:{float(dense[i, k])!r}" for i in np.flatnonzero(dense[:, k]))
                  for k, j in enumerate(named) if dense[:, k].any()},
        "row_sha256": [_row_digest(X, i) for i in range(X.shape[0])],
        "evidence": evidence,
    }


@pytest.fixture(scope="module")
def got():
    return summary(*features())


@pytest.fixture(scope="module")
def want():
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_sample_has_shared_answers_and_split_turns():
    _, a, t = sample()
    assert len(set(a)) < len(a) and any(len(parts) > 1 for _, parts in t)


def test_columns_and_evidence_are_the_same(got, want):
    assert (got["rows"], got["columns"], got["names_sha256"]) == (want["rows"], want["columns"], want["names_sha256"])
    assert got["evidence"] == want["evidence"]


def test_named_columns_are_the_same_bit_for_bit(got, want):
    assert sorted(got["named"]) == sorted(want["named"])
    for name, values in want["named"].items():
        g, w = got["named"][name].split(), values.split()
        assert g == w, f"{name}: {sorted(set(g) ^ set(w))[:6]}"


def test_every_row_is_the_same_bit_for_bit(got, want):
    diff = [i for i, (g, w) in enumerate(zip(got["row_sha256"], want["row_sha256"])) if g != w]
    assert not diff, f"rows {diff[:10]} differ"


def test_a_batch_gives_each_pair_its_own_row():
    """Texts shared across pairs (an answer to several questions, a question in several turns) are
    worked out once: a batch's rows equal the rows of each pair featurised alone."""
    from helpers.qa import _clarity_features as cf
    from helpers.qa import _clarity_parts as cp
    from helpers.qa._markers import load_markers

    q, a, t = sample()
    q, a, t = q[:40] + q[ROWS:ROWS + 20], a[:40] + a[ROWS:ROWS + 20], t[:40] + t[ROWS:ROWS + 20]
    # the same answer in another spelling of its apostrophes, and an empty answer
    q, a, t = q + [q[0], q[1]], a + [a[0].replace("'", "\u2019"), None], t + [t[0], t[1]]
    markers = load_markers()
    vocab = cf.fit_vocabulary(q, [x or "" for x in a])
    X, _, ev = cp.featurise_pairs(q, a, vocab, markers, return_evidence=True, turns=t)
    for i in range(len(q)):
        Xi, _, evi = cp.featurise_pairs([q[i]], [a[i]], vocab, markers, return_evidence=True, turns=[t[i]])
        assert _row_digest(X, i) == _row_digest(Xi, 0) and ev[i] == evi[0], i


def test_text_vectors_give_the_cosines_of_content_vectors():
    """The cached vectors' cosines equal, bit for bit, those of two token lists compared anew
    (also with a word counted more often than the table of small counts holds)."""
    from helpers.qa import _clarity_text as tx
    from helpers.qa import _clarity_train as ct

    idf, max_idf = tx.answer_idf({"A": {"terms": ["sanctions", "talks", "year"], "idf": [2.5, 1.75, 1.25]}})
    df = ct.load().iloc[:60]
    texts = [*df["question"], *df["answer"], " ".join(["sanctions"] * 70 + ["talks"] * 3 + ["banks"])]
    tokens = [tx._tokens(tx._norm(t)) for t in texts]
    vectors = [tx.Vector(t, idf, max_idf) for t in tokens]
    for i in range(0, len(texts), 7):
        for j in range(0, len(texts), 5):
            assert vectors[i].cosine(vectors[j]) == tx._cosine(tokens[i], tokens[j], idf, max_idf), (i, j)
    assert vectors[-1].cosine(vectors[-1]) == tx._cosine(tokens[-1], tokens[-1], idf, max_idf) > 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/qa/test_clarity_features_same.py --write")
    EXPECTED.parent.mkdir(parents=True, exist_ok=True)
    EXPECTED.write_text(json.dumps(summary(*features()), indent=0) + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED}")
