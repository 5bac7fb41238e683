"""The trained captions method (helpers.turns, method="model"): the shipped model and its training."""
from __future__ import annotations

import json
import zlib

import numpy as np
import pandas as pd
import pytest

from helpers import turns
from helpers.evaluation import archive as archive_eval
from helpers.evaluation import turns as turn_eval
from helpers.turns import _archive, _model, _training

TEXT = ("good afternoon everybody. we had a very good meeting today and we discussed trade and security. "
        "thank you mr secretary do you think the talks will continue and would you be willing to meet again. "
        "well thank you for the question. we are going to continue working with our partners in the weeks ahead. "
        "next question. is there any update on the treaty. i dont have an update for you today.")


def test_shipped_model_is_plain_json():
    data = json.loads(turns.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["format"] == _model.FORMAT and data["roles"] == list(_model.ROLES)
    assert len(data["coef"]) == 3 and len(data["coef"][0]) == len(data["features"])
    assert turns.MODEL_PATH.stat().st_size < 250_000
    assert (turns.MODEL_PATH.parent / "turn_model.md").exists()
    # Names of the training data's speakers are not features.
    words = data["vocab"] + data["first_vocab"] + data["cut_words"] + [w for p in data.get("pair_vocab", []) for w in p.split("_")]
    assert not {"jen", "karine", "jake", "psaki"} & set(words)


def test_first_two_words_feature():
    text = "thank you very much. next question please."
    units = _model.model_units(text, 0, None, [])
    texts = pd.Series([text[a:b] for a, b in zip(units["start_char"], units["end_char"])], index=units.index)
    x, names = _model.feature_matrix(units, texts, ["question"], ["next"], pair_vocab=["next_question", "thank_you"])
    x0, names0 = _model.feature_matrix(units, texts, ["question"], ["next"])
    assert names[:len(names0) - 1] == names0[:-1] and names[-3:] == ["pair.next_question", "pair.thank_you", "word.question"]
    pairs = x[:, [names.index("pair.next_question"), names.index("pair.thank_you")]].toarray()
    assert pairs.tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert x.shape[1] == x0.shape[1] + 2


def test_last_word_features():
    text = "is there an update or not. thank you very much. next question please."
    units = _model.model_units(text, 0, None, [])
    texts = pd.Series([text[a:b] for a, b in zip(units["start_char"], units["end_char"])], index=units.index)
    x0, names0 = _model.feature_matrix(units, texts, ["question"], ["next"])
    x, names = _model.feature_matrix(units, texts, ["question"], ["next"], last_vocab=["much", "not"])
    assert x.shape[1] == x0.shape[1] + 6 and names[-1] == "word.question"
    cols = [names.index(f"{p}{w}") for p in ("last.", "prev.last.", "next.last.") for w in ("much", "not")]
    assert x[:, cols].toarray().tolist() == [[0, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 0], [0, 0, 1, 0, 0, 0]]


def test_boundary_classifier_in_the_transitions():
    model = turns.load_model()
    units = model.units(TEXT)
    x = model.features(units)
    data = json.loads(model.to_json())
    data.pop("boundary", None)
    without = _model.TurnModel(data)
    coef = [0.0] * len(data["features"])
    coef[data["features"].index("question.aux_start")] = 3.0
    with_b = _model.TurnModel({**data, "boundary": {"coef": coef, "intercept": 0.0, "weight": 1.0, "bias": 0.5}})
    plain = without.transitions(units, x)
    assert (plain == without.transitions(units)).all()
    diff = with_b.transitions(units, x) - plain
    lc = with_b.change_log_proba(x)
    assert np.allclose(np.exp(lc).sum(axis=1), 1.0)
    keep = np.eye(3, dtype=bool)
    for t in range(1, len(units)):  # a change gains the log-probability of a change and the bias
        assert np.allclose(diff[t][keep], lc[t, 0]) and np.allclose(diff[t][~keep], lc[t, 1] + 0.5)
    q = units["text"].str.startswith("is there").to_numpy()
    assert lc[q, 1].min() > lc[~q, 1].max()  # the question opener makes a change likelier
    assert len(with_b.predict_units(TEXT)) == len(units)


def test_model_predicts_roles_on_inline_text():
    units, states = turns.unit_evidence(TEXT, None, method="model")
    p = units[["p_principal", "p_reporter", "p_moderator"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1.0)
    assert units["confidence"].between(0, 1).all() and units["features"].str.len().gt(0).any()
    assert [s["state"] for s in states] == ["Principal", "Reporter", "Moderator"]
    out = turns.infer_turns(TEXT, None, method="model")
    turn_eval.check_tiling(out, 0, len(TEXT))
    role_at = {ph: out[(out["start_char"] <= TEXT.index(ph)) & (out["end_char"] > TEXT.index(ph))]["role"].iloc[0]
               for ph in ("do you think", "we are going to continue", "is there any update")}
    assert role_at["do you think"] == "reporter" and role_at["we are going to continue"] == "principal"
    assert role_at["is there any update"] == "reporter"
    q = units[units["text"].str.startswith("is there any update")]
    assert q[["p_principal", "p_reporter", "p_moderator"]].to_numpy().argmax(axis=1).tolist() == [1]


def test_model_is_deterministic():
    a = turns.infer_turns(TEXT * 3, None, method="model")
    b = turns.infer_turns(TEXT * 3, None, method="model")
    pd.testing.assert_frame_equal(a, b)
    model = turns.load_model()
    assert _model.TurnModel(json.loads(model.to_json())).to_json() == model.to_json()


def test_model_names_the_principals_from_the_catalog():
    principals = pd.DataFrame({"surname": ["Adams", "Ivanov"], "interpreted": [False, True], "side": ["US", "Russia"]})
    out = turns.infer_turns(TEXT, principals, method="model")
    assert set(out["speaker"]) <= {"Adams", "Ivanov", "Reporter", "Moderator"}
    assert set(out.loc[out["role"] == "principal", "speaker"]) <= {"Adams", "Ivanov"}


# ------------------------------------------------------------------------------------------
# Training on a tiny synthetic archive (the real archive is not needed by the tests)
# ------------------------------------------------------------------------------------------

PRINCIPAL_LINES = ["Good afternoon, everyone. We had a very good week.", "Well, thank you for the question. "
                   "We are going to continue working with our partners.", "I don't have an update for you on that.",
                   "Look, the President has been very clear about this.", "Sure. So we will have more to say next week."]
QUESTION_LINES = ["Thank you. Do you think the talks will continue?", "Is there any update on the treaty?",
                  "Can I ask a follow-up on that?", "What is the timeline for the decision?",
                  "Would you be willing to meet again?"]


def _write_archive(root, n_files=40):
    rng = np.random.default_rng(0)
    for i in range(n_files):
        lines = ["---", f"title: 'Briefing {i}'", "---", "", "1:02 P.M. EDT", ""]
        lines.append(f"MS. SMITH:  {PRINCIPAL_LINES[0]}  {PRINCIPAL_LINES[i % 5]}")
        for k in range(12):
            if k % 4 == 3:
                lines += ["", "MODERATOR:  Next question, please. The line is open."]
            lines += ["", f"Q    {QUESTION_LINES[rng.integers(5)]}", "", f"MS. SMITH:  {PRINCIPAL_LINES[rng.integers(5)]}"]
        lines += ["", "END 1:30 P.M. EDT", ""]
        month = root / f"2021-{1 + i % 3:02d}"
        month.mkdir(parents=True, exist_ok=True)
        (month / f"briefing-{i:03d}.md").write_text("\n".join(lines), encoding="utf-8")


def test_caption_form_of_an_archive_file(tmp_path):
    _write_archive(tmp_path, 1)
    path = next(tmp_path.glob("*/*.md"))
    text, words, truth = _archive.caption_form(path)
    assert text.startswith("good afternoon everyone. we had")
    assert "smith" not in text and "p.m." not in text and "?" not in text
    assert len(words) == len(text.split()) and set(words["role"]) == {"principal", "reporter", "moderator"}
    turn_eval.check_tiling(truth, 0, len(text))
    assert _archive.caption_form(path, breakage=0.3)[0] == _archive.caption_form(path, breakage=0.3)[0]


def test_imitated_interpretation_fragments_some_turns(tmp_path):
    _write_archive(tmp_path, 1)
    path = next(tmp_path.glob("*/*.md"))
    clean, cwords, _ = _archive.caption_form(path)
    text, words, truth = _archive.caption_form(path, fragment=True)
    assert (text, list(words["role"])) == (_archive.caption_form(path, fragment=True)[0],
                                           list(_archive.caption_form(path, fragment=True)[1]["role"]))
    assert len(words) == len(text.split()) and text.count(".") > clean.count(".")
    turn_eval.check_tiling(truth, 0, len(text))
    # Words are lost from interpreted turns only; the moderator is never interpreted.
    assert len(words) < len(cwords)
    assert [t for t, r in zip(text.split(), words["role"]) if r == "moderator"] == \
        [t for t, r in zip(clean.split(), cwords["role"]) if r == "moderator"]
    # Each word keeps the role of its turn.
    for (a, b, role) in truth[["start_char", "end_char", "role"]].itertuples(index=False):
        inside = words[(words["start_char"] >= a) & (words["start_char"] < b)]
        assert set(inside["role"]) == {role}


def test_short_turn_cost_in_the_decoder():
    rng = np.random.default_rng(1)
    n = 40
    emit = np.log(rng.dirichlet([1, 1, 1], n))
    trans = np.log(rng.dirichlet([4, 1, 1], (n, 3)))
    nw = rng.integers(1, 6, n)
    plain = _model.viterbi(emit, trans)[0]
    assert (_model.short_turn_path(emit, trans, nw, 0.0, 10) == plain).all()
    assert (_model.short_turn_path(emit, trans, nw, 1e-9, 10) == plain).all()

    def score(path, emit, trans, nw, pen, m):
        s, c = emit[0, path[0]], min(m, nw[0])
        for t in range(1, len(path)):
            if path[t] == path[t - 1]:
                c = min(m, c + nw[t])
            else:
                s -= pen * (1 - c / m)
                c = min(m, nw[t])
            s += trans[t, path[t - 1], path[t]] + emit[t, path[t]]
        return s

    import itertools
    for _ in range(10):  # exact against brute force on short sequences
        e, tr, w = np.log(rng.dirichlet([1, 1, 1], 6)), np.log(rng.dirichlet([3, 1, 1], (6, 3))), rng.integers(1, 5, 6)
        best = max(score(p, e, tr, w, 2.0, 8) for p in itertools.product(range(3), repeat=6))
        assert score(tuple(_model.short_turn_path(e, tr, w, 2.0, 8)), e, tr, w, 2.0, 8) == pytest.approx(best)
    # A large cost removes short turns: fewer changes than the plain chain.
    heavy = _model.short_turn_path(emit, trans, nw, 50.0, 10)
    assert (heavy[1:] != heavy[:-1]).sum() < (plain[1:] != plain[:-1]).sum()


def test_prior_weight_per_role():
    model = turns.load_model()
    data = json.loads(model.to_json())
    logp = np.log(np.full((2, len(_model.ROLES)), 1 / len(_model.ROLES)))
    m = _model.ROLES.index("moderator")
    plain = _model.TurnModel({**data, "prior_weight": 0.0}).emissions(logp)
    assert np.allclose(plain, logp)
    only_mod = _model.TurnModel({**data, "prior_weight": [1.0 if r == "moderator" else 0.0 for r in _model.ROLES]})
    diff = only_mod.emissions(logp) - logp
    assert np.allclose(diff[:, m], -only_mod.log_prior[m]) and np.allclose(np.delete(diff, m, axis=1), 0)
    assert np.allclose(_model.TurnModel({**data, "prior_weight": 1.0}).emissions(logp),
                       _model.TurnModel({**data, "prior_weight": [1.0] * len(_model.ROLES)}).emissions(logp))
    with pytest.raises(ValueError, match="prior_weight"):
        _model.TurnModel({**data, "prior_weight": [1.0, 0.5]})


def test_validation_criterion_counts_role_accuracy():
    scores = {c: {"role_accuracy": 0.9, "reporter_accuracy": 0.95, "floor_f1": 0.7} for c in _training.VALID_CONDITIONS}
    worse = {c: {**v, "role_accuracy": 0.8} for c, v in scores.items()}
    assert _training.criterion(scores) == pytest.approx(2.55)
    assert _training.criterion(worse) < _training.criterion(scores)


def test_model_file_with_a_short_turn_cost_decodes():
    model = turns.load_model()
    data = json.loads(model.to_json())
    data.update(short_turn_penalty=50.0, short_turn_words=30)
    units = _model.TurnModel(data).predict_units(TEXT * 2)
    assert units["confidence"].between(0, 1).all()
    changes = (units["role"].to_numpy()[1:] != units["role"].to_numpy()[:-1]).sum()
    plain = model.predict_units(TEXT * 2)["role"].to_numpy()
    assert changes <= (plain[1:] != plain[:-1]).sum()


def test_split_is_fixed_by_file_name(tmp_path):
    _write_archive(tmp_path)
    split = _archive.split_files(tmp_path)
    assert sum(len(v) for v in split.values()) == 40
    for p in split["held_out"]:
        assert zlib.crc32(p.name.encode("utf-8")) % 100 < 20
    assert split == _archive.split_files(tmp_path)


def test_training_runs_and_is_deterministic(tmp_path):
    _write_archive(tmp_path / "archive")
    # Two validation files choose the weights, scored clean and with imitated interpretation.
    a = _training.train(tmp_path / "archive", tmp_path / "a", max_valid=2, processes=1, log=lambda *_: None)
    _training.train(tmp_path / "archive", tmp_path / "b", max_valid=2, processes=1, log=lambda *_: None)
    # Taking the classifiers of a model trained on the same units gives the same files.
    messages = []
    _training.train(tmp_path / "archive", tmp_path / "c", max_valid=2, processes=1, log=messages.append,
                    reuse=tmp_path / "a" / "turn_model.json")
    assert any("taking its two classifiers" in m for m in messages) and not any("fitting" in m for m in messages)
    for name in ("turn_model.json", "turn_model.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "c" / name).read_bytes(), name
    held = {p.name for p in _archive.split_files(tmp_path / "archive")["held_out"]}
    assert a.data["info"]["train_files"] + len(held) <= 40
    val = a.data["info"]["validation"]
    grid = len(_training.PRIOR_WEIGHTS) * len(_training.TRANSITION_WEIGHTS) * len(_training.BOUNDARY_WEIGHTS)
    biases = len(_training.BOUNDARY_BIASES) - 1 if "boundary" in a.data else 0
    moderator = len(_training.MODERATOR_PRIOR_WEIGHTS) - 1  # the weight equal to the others' is in the grid
    assert len(val) == grid + moderator + biases + len(_training.SHORT_TURN_PENALTIES) - 1
    weights = a.data["prior_weight"]
    assert len(weights) == len(_model.ROLES) and weights[0] == weights[1] in _training.PRIOR_WEIGHTS
    assert weights[_model.ROLES.index("moderator")] in _training.MODERATOR_PRIOR_WEIGHTS
    if "boundary" in a.data:
        assert a.data["boundary"]["weight"] in _training.BOUNDARY_WEIGHTS[1:]
        assert len(a.data["boundary"]["coef"]) == len(a.data["features"])
    assert all(set(v) == set(_training.VALID_CONDITIONS) for v in val.values())
    assert a.data["short_turn_penalty"] in _training.SHORT_TURN_PENALTIES
    card = (tmp_path / "a" / "turn_model.md").read_text(encoding="utf-8")
    assert "(chosen)" in card and "imitated interpretation" in card
    # The trained model works through the public call.
    units = a.predict_units(TEXT)
    assert set(units["role"]) <= set(_model.ROLES) and len(units)
    s = archive_eval.summarise([archive_eval.doc_scores(["reporter", "principal"], ["reporter", "reporter"])])
    assert s["reporter_accuracy"] == 0.5 and s["floor_changes"] == 1


def test_training_from_the_command_line(tmp_path):
    from helpers.cli import main

    _write_archive(tmp_path / "archive", 20)
    assert main(["train-turns", str(tmp_path / "archive"), "--out", str(tmp_path / "m"), "--max-train", "10"]) == 0
    assert _model.TurnModel.load(tmp_path / "m" / "turn_model.json").roles == list(_model.ROLES)


def test_out_of_sample_table_reads_the_bench_report(tmp_path):
    report = {"archive": {"held_out": {k: {"files": 3, "words": 100, "role_accuracy": 0.9, "reporter_accuracy": 0.91,
                                           "floor_precision": 0.5, "floor_recall": 0.4, "floor_f1": 0.444, "floor_changes": 9}
                                       for k in ("majority", "hand", "model")}}}
    path = tmp_path / "turns.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    table = turn_eval.out_of_sample_table(path)
    assert len(table) == 3 and table["floor-change F1"].iloc[2] == 0.444
    assert turn_eval.out_of_sample_table(turn_eval.BENCH_RESULTS)["method"].str.contains("model").any()


def test_principal_table_reads_the_bench_report(tmp_path):
    def scores(acc):
        return {"events": 4, "principal_words": 50, "baseline_principal_accuracy": 0.5, "principal_accuracy": acc,
                "speaker_accuracy": acc - 0.1, "identity_accuracy": acc, "words": 80}
    report = {"archive": {"principals": {"held_out": {"interpreted": {"model": scores(0.8)},
                                                      "plain": {"hand": scores(0.4), "model": scores(0.7)}},
                                         "development": {"plain": {"model": scores(0.75)}}}}}
    path = tmp_path / "turns.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    table = turn_eval.principal_table(path)
    assert list(table["variant"]) == ["plain", "plain", "interpreted"]
    assert list(table["principal accuracy"]) == [0.4, 0.7, 0.8]
    assert table["speaker-change F1"].isna().all()  # a report from before the speaker-change scores
    assert turn_eval.principal_table(path, part="development")["principal accuracy"].tolist() == [0.75]
    assert turn_eval.principal_table(tmp_path / "turns.json", part="missing").empty
    committed = turn_eval.principal_table(turn_eval.BENCH_RESULTS)
    assert set(committed["variant"]) == {"plain", "interpreted"} and (committed["events"] > 0).all()
    assert committed["speaker-change F1"].between(0, 1).all()


def test_held_out_scores_with_imitated_interpretation(tmp_path):
    _write_archive(tmp_path, 40)
    n_held = len(_archive.split_files(tmp_path)["held_out"])
    assert n_held > 0
    clean = archive_eval.held_out_scores(tmp_path, max_files=2, processes=1, methods=("model",))
    interp = archive_eval.held_out_scores(tmp_path, max_files=2, processes=1, methods=("model",), fragment=True)
    assert set(clean) == set(interp) == {"majority", "model"}
    assert interp["model"]["files"] == clean["model"]["files"] == min(2, n_held)
    assert interp["model"]["words"] < clean["model"]["words"]  # interpreted turns lose words
    assert 0 <= interp["model"]["reporter_accuracy"] <= 1
