"""The trained clarity model: stored model, predictions, the `clarity` command, deterministic fit."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from helpers import config, qa
from helpers.qa import _clarity_train as tr

PAIRS = pd.DataFrame({
    "id": ["a", "b", "c"],
    "question": ["Will you meet the chairman again this year?", "Can you tell us what was agreed?",
                 "Did the president raise the sanctions question with him?"],
    "answer": ["Yes. We will meet again before the end of the year, in Washington.",
               "I'm not going to get into the details of our conversation.",
               "Can you repeat the question?"],
})


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "helpers", *map(str, args)], capture_output=True, text=True)


def test_committed_model_loads_and_predicts():
    model = qa.load_clarity_model()
    assert qa.MODEL_PATH.parent == config.MODELS_DIR and (config.MODELS_DIR / "clarity_model.md").exists()
    out = model.predict(PAIRS["question"], PAIRS["answer"])
    assert list(out.columns) == qa.SCORE_COLUMNS
    p = out[["p_reply", "p_ambivalent", "p_non_reply"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1.0) and (p >= 0).all()
    assert set(out["clarity"]) <= set(qa.CLARITY)
    for c, t in zip(out["clarity"], out["clarity_type"]):
        assert qa.TYPES[t] == c
    assert out.loc[2, "clarity"] == "non_reply" and out.loc[2, "clarity_type"] == "clarification"
    assert "clarification" in out.loc[2, "evidence"] and "weights:" in out.loc[2, "evidence"]
    assert np.array_equal(model.predict_proba(PAIRS["question"], PAIRS["answer"]), p)


def test_fit_is_deterministic_and_round_trips(tmp_path):
    df = tr.load().iloc[::30].reset_index(drop=True)
    settings = {"C": 0.3, "class_weight": 0.5, "bias": {"reply": 0.0, "ambivalent": 0.0, "non_reply": 0.0}}
    paths = []
    for k in range(2):
        m = tr.fit(df, settings)
        paths.append(tmp_path / f"m{k}.json")
        m.to_json(paths[-1])
    assert paths[0].read_bytes() == paths[1].read_bytes()
    again = qa.ClarityModel.from_json(paths[0])
    assert np.array_equal(m.predict_proba(df["question"][:50], df["answer"][:50]),
                          again.predict_proba(df["question"][:50], df["answer"][:50]))


def test_training_data_is_the_projects_copy():
    assert config.QEVASION_TRAIN.is_relative_to(config.ROOT)
    assert "MIT" in (config.QEVASION_DIR / "README.md").read_text(encoding="utf-8")
    df = tr.load()
    assert len(df) == 3448 and df["group"].nunique() > 200


def test_clarity_command_passes_columns_through(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    PAIRS.to_csv(src, index=False)
    res = run_cli("clarity", src, out)
    assert res.returncode == 0, res.stderr
    got = pd.read_csv(out, keep_default_na=False)
    assert list(got.columns) == ["id", "question", "answer", *qa.SCORE_COLUMNS]
    assert list(got["id"]) == ["a", "b", "c"] and list(got["answer"]) == list(PAIRS["answer"])
    assert got.loc[2, "clarity"] == "non_reply"


def test_clarity_command_help():
    res = run_cli("clarity", "--help")
    assert res.returncode == 0
    for word in ("question", "answer", "p_non_reply", "evidence", "clarity_type", "passed through"):
        assert word in res.stdout


@pytest.mark.parametrize("content, message", [
    ("", "in.csv: empty file"),
    ("id,question,reply\n1,Why?,Because.\n", "in.csv: missing column 'answer'"),
    ("id,text\n1,Why?\n", "in.csv: missing column 'question', 'answer'"),
    ("question,answer\n", "in.csv: no rows"),
    (b"question,answer\nWhy?,No\xff.\n", "in.csv, line 2: not UTF-8 text (invalid byte 0xff)"),
    ("question,answer\nWhy?,Yes.\n\"Open,No\n", "in.csv, line 3: not a valid CSV file (Error tokenizing data"),
    ("question,answer,question\nWhy?,Yes.,How?\n", "in.csv, line 1: column 'question' appears more than once"),
    ("Question,Answer\nWhy?,Yes.\n", "in.csv: missing column 'question', 'answer' (found: Question, Answer); "
                                      "the names are lower-case"),
    ("question;answer\nWhy?;Yes.\n", "is it separated by something other than commas?"),
])
def test_clarity_command_bad_input(tmp_path, content, message):
    src = tmp_path / "in.csv"
    if isinstance(content, bytes):
        src.write_bytes(content)
    else:
        src.write_text(content, encoding="utf-8")
    res = run_cli("clarity", src, tmp_path / "out.csv")
    assert res.returncode == 2
    assert message in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_clarity_command_output_that_is_a_folder(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("question,answer\nWhy?,Because.\n", encoding="utf-8")
    res = run_cli("clarity", src, tmp_path)
    assert res.returncode == 2 and f"{tmp_path}: is a folder; give the CSV file to write" in res.stderr
    assert "Traceback" not in res.stderr


def test_clarity_command_missing_file(tmp_path):
    res = run_cli("clarity", tmp_path / "nope.csv", tmp_path / "out.csv")
    assert res.returncode == 2 and "nope.csv: file not found" in res.stderr and "Traceback" not in res.stderr


def test_wilson_interval():
    lo, hi = qa.wilson_interval([0, 5, 10], [10, 10, 10])
    assert lo[0] == 0 and 0 < hi[0] < 0.35 and lo[1] < 0.5 < hi[1] and hi[2] == 1 and 0.65 < lo[2] < 1


def test_question_parts():
    from helpers.qa import _clarity_features as cf

    assert cf.question_parts("Preamble here. Will you meet him?") == ["Preamble here. Will you meet him?"]
    turn = "Two questions. Will you meet Mr. Kim again? And what about the sanctions on the banks?"
    assert cf.question_parts(turn) == ["Will you meet Mr. Kim again?", "And what about the sanctions on the banks?"]


def test_predict_scores_each_question_of_a_turn_and_averages():
    model = qa.load_clarity_model()
    turn = "Will you meet Mr. Kim again? And what about the sanctions on the banks?"
    parts = ["Will you meet Mr. Kim again?", "And what about the sanctions on the banks?"]
    answer = "The sanctions on the banks stay until they change course, and we told them so."
    whole = model.predict([turn], [answer], split_questions=False)
    split = model.predict([turn], [answer])
    each = model.predict(parts, [answer, answer], turns=[(0, parts), (1, parts)])
    cols = ["p_reply", "p_ambivalent", "p_non_reply"]
    assert np.allclose(split[cols].to_numpy()[0], each[cols].to_numpy().mean(axis=0))
    assert not np.allclose(split[cols].to_numpy(), whole[cols].to_numpy())
    ev = split["evidence"][0]
    assert ev.startswith("question 1 of 2: 'Will you meet Mr. Kim again?' ") and "question 2 of 2: 'And what" in ev
    assert "mean over 2 questions" in ev and not whole["evidence"][0].startswith("question")
    # the sub-question features: the second question is the last of two and the answer's best match
    X, names = model._part_scores(parts, [answer, answer], False, turns=[(0, parts), (1, parts)])[3]
    col = {n: i for i, n in enumerate(names)}
    assert X[1, col["s:last_of_several"]] == 1 and X[0, col["s:first_of_several"]] == 1
    assert X[1, col["s:best_part"]] == 1 and X[0, col["s:best_part"]] == 0
    assert X[0, col["s:owns_no_sentence"]] == 1 and X[1, col["s:sent_share"]] == 1
    assert X[0, col["s:cos_minus_best_other"]] < 0 < X[1, col["s:cos_minus_best_other"]]


def test_training_turns_group_the_rows_of_one_interview_question():
    from helpers.qa._clarity_parts import turn_parts_from_rows

    keys = [("u", "Q", "A"), ("u", "Q", "A"), ("v", "Q", "A")]
    turns = turn_parts_from_rows(keys, ["second?", "first?", "alone?"], [2, 1, 1])
    assert turns == [(1, ["first?", "second?"]), (0, ["first?", "second?"]), (0, ["alone?"])]


def test_character_and_cross_features_are_named():
    from helpers.qa import _clarity_features as cf

    q, a = ["Will you meet him?", "Why did it fail?"], ["No. Not this year.", "Well, because nobody came."]
    vocab = cf.fit_vocabulary(q, a, min_df={"c": 1, "x": 1})
    assert "yes_no&no" in vocab["x"]["terms"] and "why&because" in vocab["x"]["terms"]
    assert " no " in vocab["c"]["terms"] and "no" in vocab["c"]["terms"]
    X, names = cf.featurise(q, a, vocab)
    col = names.index("x:yes_no&no")
    assert X[0, col] > 0 and X[1, col] == 0
    assert cf.question_kind("and sir, what did you agree?") == "what"
    assert cf.question_kind("the talks went well.") == "other"


def test_selection_maximises_accuracy_above_the_macro_f1_floor():
    y = ["reply"] * 4 + ["ambivalent"] * 4 + ["non_reply"] * 2
    balanced = ["reply", "reply", "reply", "ambivalent", "ambivalent", "ambivalent", "ambivalent", "reply",
                "non_reply", "ambivalent"]
    always = ["ambivalent"] * 10
    above, acc = tr.criterion(y, balanced)
    assert above and acc == pytest.approx(0.7)
    below, f1 = tr.criterion(y, always)
    assert not below and f1 < tr.F1_FLOOR
    # a choice above the floor wins over any below it
    assert (above, acc) > (below, 1.0)


def test_clarity_command_uses_the_interview_question_column(tmp_path):
    turn = "Will you meet Mr. Kim again? And what about the sanctions on the banks?"
    answer = "The sanctions on the banks stay until they change course, and we told them so."
    parts = ["Will you meet Mr. Kim again?", "And what about the sanctions on the banks?"]
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    pd.DataFrame({"question": parts, "answer": [answer, answer], "interview_question": [turn, turn]}).to_csv(
        src, index=False)
    assert qa.score_csv(src, out) == 2
    got = pd.read_csv(out, keep_default_na=False)
    model = qa.load_clarity_model()
    each = model.predict(parts, [answer, answer], turns=[(0, parts), (1, parts)])
    assert np.allclose(got["p_reply"], each["p_reply"]) and list(got["clarity"]) == list(each["clarity"])
    alone = model.predict(parts, [answer, answer])
    assert not np.allclose(got["p_reply"], alone["p_reply"])


def test_score_file_scores_a_labelled_qevasion_file(tmp_path):
    import gzip
    import json

    from helpers.evaluation import clarity as ev

    rows = [json.loads(line) for line in gzip.open(config.QEVASION_TRAIN, "rt", encoding="utf-8")][:40]
    path = tmp_path / "part.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = ev.score_file(path)
    assert res[ev.MODEL]["n"] == 40 and 0 < res["n_turns"] < 40
    assert res[ev.ALWAYS]["accuracy"] == pytest.approx(sum(r["clarity_label"] == "Ambivalent" for r in rows) / 40,
                                                       abs=1e-4)


def test_clarity_command_row_without_interview_question_stands_alone(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    pd.DataFrame({"question": ["Will you go?", "Why?"], "answer": ["Yes.", "Yes."],
                  "interview_question": ["", ""]}).to_csv(src, index=False)
    qa.score_csv(src, out)
    got = pd.read_csv(out, keep_default_na=False)
    alone = qa.load_clarity_model().predict(["Will you go?", "Why?"], ["Yes.", "Yes."], split_questions=False)
    assert np.allclose(got["p_reply"], alone["p_reply"])
    assert not any(e.startswith("question") for e in got["evidence"])


def test_shared_answer_runs_are_consecutive_equal_answers():
    from helpers.qa._clarity_parts import shared_answer_runs

    answers = ["A.", "A.", "B.", "A.", "", "", "  ", "  ", "C.", "C.", "C.", None, None]
    assert shared_answer_runs(answers) == [[0, 1], [8, 9, 10]]
    assert shared_answer_runs([]) == [] and shared_answer_runs(["A."]) == []


def test_clarity_command_without_turn_text_reads_rows_sharing_an_answer_as_one_turn(tmp_path):
    answer = "The sanctions on the banks stay until they change course, and we told them so."
    parts = ["Will you meet Mr. Kim again?", "And what about the sanctions on the banks?"]
    lone = "Is the summit on? And who goes?"
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    pd.DataFrame({"question": [lone, *parts, "Why?"], "answer": ["Yes, the summit is on.", answer, answer, answer],
                  "id": ["a", "b", "c", "d"]}).to_csv(src, index=False)
    assert qa.score_csv(src, out) == 4
    got = pd.read_csv(out, keep_default_na=False)
    model = qa.load_clarity_model()
    turn = model.predict([*parts, "Why?"], [answer] * 3, turns=[(k, [*parts, "Why?"]) for k in range(3)])
    assert np.allclose(got["p_reply"][1:], turn["p_reply"]) and list(got["id"]) == ["a", "b", "c", "d"]
    assert list(got["clarity"][1:]) == list(turn["clarity"])
    split = model.predict([lone], ["Yes, the summit is on."])  # alone, its two questions split
    assert np.allclose(got["p_reply"][:1], split["p_reply"]) and got["evidence"][0].startswith("question 1 of 2")
    separate = model.predict([*parts, "Why?"], [answer] * 3)
    assert not np.allclose(got["p_reply"][1:], separate["p_reply"])


def test_the_model_holds_a_head_per_coding_and_transcripts_get_the_projects():
    model = qa.load_clarity_model()
    assert model.codings == ("qevasion", "project") and model.coding == qa.DEFAULT_CODING == "qevasion"
    project = qa.load_clarity_model(coding="project")
    assert project.coding == qa.TRANSCRIPT_CODING == "project" and project.for_coding("qevasion") is model
    # the same features, vocabulary and type model; another clarity head
    assert project.vocabulary is model.vocabulary and project.type_coef_ is model.type_coef_
    assert project.coef_.shape == model.coef_.shape and not np.array_equal(project.coef_, model.coef_)
    assert project.bias == {c: 0.0 for c in qa.CLARITY}
    with pytest.raises(ValueError, match="no 'seeds' coding; it has qevasion, project"):
        model.for_coding("seeds")
    # the analysis scores answer turns with the project head
    u = pd.DataFrame({"event_id": ["e"] * 2, "turn": [0, 1], "speaker": ["R", "P"], "act": ["question", "answer"],
                      "text": [PAIRS.loc[0, "question"], PAIRS.loc[0, "answer"]]})
    got = qa.answer_clarity(u)
    want = project.predict([""], [PAIRS.loc[0, "answer"]])
    assert got.loc[0, "p_reply"] == want.loc[0, "p_reply"]
    assert got.loc[0, "p_reply"] != model.predict([""], [PAIRS.loc[0, "answer"]]).loc[0, "p_reply"]


def test_the_default_head_learns_from_the_default_codings_rows_alone(tmp_path):
    q = tr.load().iloc[::40].reset_index(drop=True)
    a = q.iloc[:40].assign(group="archive:x")
    settings = {"C": 0.3, "class_weight": 0.5, "bias": {"reply": 0.0, "ambivalent": 0.0, "non_reply": 0.0}}
    m1 = tr.fit(tr.training_rows(q, a, 5), settings)
    relabelled = a.assign(clarity="non_reply", clarity_type="declining")
    m2 = tr.fit(tr.training_rows(q, relabelled, 5), settings)
    # relabelling the project rows moves the project head only
    assert np.array_equal(m1.coef_, m2.coef_) and np.array_equal(m1.intercept_, m2.intercept_)
    assert not np.array_equal(m1.heads_["project"]["coef"], m2.heads_["project"]["coef"])
    # both heads are stored and read back
    m1.for_coding("project").to_json(tmp_path / "m.json")
    again = qa.ClarityModel.from_json(tmp_path / "m.json")
    assert again.codings == ("qevasion", "project")
    for coding in again.codings:
        assert np.array_equal(again.for_coding(coding).predict_proba(q["question"][:20], q["answer"][:20]),
                              m1.for_coding(coding).predict_proba(q["question"][:20], q["answer"][:20]))
    with pytest.raises(ValueError, match="unknown coding values"):
        qa.ClarityModel().fit(q["question"], q["answer"], q["clarity"], coding=["other"] * len(q))


def test_clarity_command_coding_option(tmp_path):
    src = tmp_path / "in.csv"
    PAIRS.to_csv(src, index=False)
    outs = {}
    for coding in ("qevasion", "project"):
        out = tmp_path / f"{coding}.csv"
        res = run_cli("clarity", src, out, "--coding", coding)
        assert res.returncode == 0, res.stderr
        outs[coding] = pd.read_csv(out, keep_default_na=False)
    default = tmp_path / "default.csv"
    assert run_cli("clarity", src, default).returncode == 0
    assert pd.read_csv(default, keep_default_na=False).equals(outs["qevasion"])
    assert not np.allclose(outs["qevasion"]["p_reply"], outs["project"]["p_reply"])
    bad = run_cli("clarity", src, tmp_path / "x.csv", "--coding", "seeds")
    assert bad.returncode == 2 and "invalid choice: 'seeds'" in bad.stderr
