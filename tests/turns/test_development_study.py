"""The decoders of the development study of false floor changes (``bench/turns_development.py``)."""
from __future__ import annotations

import importlib.util

import numpy as np

from helpers import config
from helpers.turns._model import short_turn_path, viterbi


def _study():
    spec = importlib.util.spec_from_file_location("turns_development", config.BENCH_DIR / "turns_development.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _chain(n=60, k=3, seed=0):
    rng = np.random.default_rng(seed)
    emit = rng.normal(size=(n, k)) * 2.0
    trans = np.log(np.full((n, k, k), 0.1) + np.eye(k)[None] * 0.7)
    return emit, trans, rng.integers(1, 12, size=n)


def test_duration_path_reduces_to_the_model_decoders():
    study = _study()
    for seed in range(3):
        emit, trans, nw = _chain(seed=seed)
        assert (study.duration_path(emit, trans, nw, np.zeros((3, 11))) == viterbi(emit, trans)[0]).all()
        m, pen = 10, 2.0
        linear = np.tile(pen * (1 - np.minimum(np.arange(m + 1), m) / m), (3, 1))
        assert (study.duration_path(emit, trans, nw, linear) == short_turn_path(emit, trans, nw, pen, m)).all()


def test_duration_path_cost_removes_a_short_run():
    study = _study()
    emit = np.array([[2.0, 0.0], [2.0, 0.0], [0.0, 0.5], [2.0, 0.0]])
    trans = np.zeros((4, 2, 2))
    nw = np.array([5, 5, 2, 5])
    assert study.duration_path(emit, trans, nw, np.zeros((2, 11))).tolist() == [0, 0, 1, 0]
    cost = np.zeros((2, 11))
    cost[1, :5] = 3.0  # ending the second role's run before 5 words costs 3
    assert study.duration_path(emit, trans, nw, cost).tolist() == [0, 0, 0, 0]


def test_duration_costs_from_run_lengths():
    study = _study()
    runs = {"principal": np.array([1] * 50 + [200] * 50), "reporter": np.array([30] * 100), "moderator": np.array([10] * 20)}
    cost = study.duration_costs(runs, 1.0, cap=40)
    assert cost.shape == (3, 41) and (cost[:, 40] == 0).all()
    assert cost[0, 1] < 0  # principal runs often end after one word: a bonus
    assert (study.duration_costs(runs, 1.0, cap=40, bonus=False) >= 0).all()


def test_merge_short_joins_only_unsure_short_runs():
    study = _study()
    path = np.array([0, 0, 1, 0, 0, 2, 0])
    post = np.full((7, 3), 0.05)
    post[np.arange(7), path] = 0.9
    post[2] = [0.45, 0.5, 0.05]   # an unsure one-unit run of role 1
    nw = np.array([5, 5, 2, 5, 5, 2, 5])
    out = study.merge_short(path, post, nw, max_words=3, max_conf=0.6)
    assert out.tolist() == [0, 0, 0, 0, 0, 2, 0]  # the sure short run of role 2 stays
    assert study.merge_short(path, post, nw, max_words=2, max_conf=0.6).tolist() == path.tolist()
