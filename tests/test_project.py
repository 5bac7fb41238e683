"""Project-level checks: the two dependency lists agree; the export command works."""
import re
import subprocess
import sys
import tomllib

import pandas as pd
import yaml

from helpers import config
from helpers.corpus import SENTENCE_COLUMNS, UTTERANCE_COLUMNS


def _norm(name):
    return re.sub(r"[-_.]+", "-", name.lower())


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((config.ROOT / "pyproject.toml").read_text())["project"]
    pins = project["dependencies"] + [d for group in project["optional-dependencies"].values() for d in group]
    want = {_norm(n): v for n, v in (p.split("==") for p in pins)}
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text())
    got = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and not dep.startswith(("python=", "python ", "pip")):
            name, version = dep.split("=", 1)
            got[_norm(name)] = version
    assert got == want
    assert {"jupyterlab", "pandas", "matplotlib", "seaborn", "papermill", "nbval"} <= set(got)


def test_export_cli_writes_the_tables(tmp_path):
    out = tmp_path / "export"
    res = subprocess.run([sys.executable, "-m", "helpers", "export", str(out)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    utts = pd.read_csv(out / "utterances.csv", keep_default_na=False)
    sents = pd.read_csv(out / "sentences.csv")
    events = pd.read_csv(out / "events.csv")
    assert list(utts.columns[: len(UTTERANCE_COLUMNS)]) == UTTERANCE_COLUMNS
    assert list(sents.columns[: len(SENTENCE_COLUMNS)]) == SENTENCE_COLUMNS
    assert {"topics", "primary_topic"} <= set(sents.columns)
    assert len(events) == 3
    sochi = utts[utts["event_id"] == "2019-05-14-sochi"].set_index("turn")
    assert sochi.loc[2, "reply_to"] == "1" and sochi.loc[0, "reply_to"] == ""
    for col in ("topics", "primary_topic", "clarity", "clarity_type", "exchange", "reply_to"):
        assert col in utts.columns
    assert set(utts.loc[utts["act"] == "answer", "clarity"]) <= {"reply", "ambivalent", "non_reply"}
    assert (utts.loc[utts["act"] == "answer", "clarity"] != "").all()
    answers = utts[utts["act"] == "answer"]
    assert set(answers["clarity_rules"]) <= {"reply", "ambivalent", "non_reply"}
    p = answers[["p_reply", "p_ambivalent", "p_non_reply"]].astype(float).sum(axis=1)
    assert ((p - 1).abs() < 1e-6).all()
    exchanges = pd.read_csv(out / "exchanges.csv")
    for col in ("event_id", "exchange", "question_turns", "answer_turns", "answerers", "is_follow_up", "answered",
                "n_parts", "n_question_words", "n_answer_words"):
        assert col in exchanges.columns
    topics = pd.read_csv(out / "topics.csv")
    assert set(topics["event_id"]) == set(events["event_id"])
    assert (utts.groupby("event_id").size() > 0).all()
    assert utts.loc[utts["event_id"] == "2019-05-14-sochi", "speaker"].value_counts().to_dict() == {"Pompeo": 6, "Reporter": 4}


def test_export_cli_help_and_errors(tmp_path):
    res = subprocess.run([sys.executable, "-m", "helpers", "export", "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "utterances.csv" in res.stdout and "--seeds" in res.stdout
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "x.txt").write_bytes(b"")
    res = subprocess.run([sys.executable, "-m", "helpers", "export", str(tmp_path / "o"), "--seeds", str(tmp_path / "s")],
                         capture_output=True, text=True)
    assert res.returncode == 2
    assert "x.txt: the file is empty" in res.stderr and "Traceback" not in res.stderr
