"""Benchmark of the trained answer-clarity model: grouped cross-validation and the seeds.

1. Grouped cross-validation on the QEvasion training split (``data/qevasion/train.jsonl.gz``):
   5-fold GroupKFold by ``url`` (news conference, fixed folds); in every outer fold the model's
   settings are chosen on the training folds only (inner 5-fold GroupKFold), the model is fitted
   there (as ``make train-clarity`` fits it) and its default ``qevasion`` head scored on the
   held-out conferences; baselines always ``ambivalent`` and the marker rules. Then the ``project``
   head's cross-validation grouped by briefing on the hand-coded briefing answers it is trained on
   (``annotations/clarity_archive.csv`` and ``clarity_archive2.csv``,
   :func:`helpers.evaluation.clarity.archive_cv`). This
   takes about 15 minutes, so it runs only with ``--cv``; without it the cross-validation parts of
   the existing ``bench/results/clarity.json`` are kept.
2. Out of domain: the seeds' hand-coded answer turns (``annotations/clarity_gold.csv``) with the
   question each responds to, scored by the package's model (``project`` head) and by the rules.
   Reported only.
3. Out of sample: answer turns of White House briefings drawn at random and coded by hand on the
   seeds' rules, twice (``annotations/clarity_archive3.csv`` and its second coding), never used to
   train or choose anything, scored the same way, with intervals resampling transcripts and the
   agreement of the two codings.
4. With ``--weights``: how much the hand-coded briefing answers should weigh in the ``project`` head
   (:func:`helpers.evaluation.clarity.weight_sweep`, a few minutes; kept from the existing results
   otherwise).

Writes ``bench/results/clarity.json`` and ``bench/results/clarity.md``; the model card quotes
them (``make train-clarity``) and notebook 03 shows them (:func:`helpers.evaluation.clarity.read_results`).

Usage::

    .venv/bin/python bench/bench_clarity.py [--cv] [--weights] [--seeds DIR] [--out DIR]
    .venv/bin/python bench/bench_clarity.py --score FILE.jsonl.gz   # scores on another labelled file
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from helpers import config, qa
from helpers.evaluation import clarity as ev
from helpers.qa import _clarity_train as tr

CLASSES = list(qa.CLARITY)
N_FOLDS = ev.N_FOLDS
TARGETS = {"cv_macro_f1": 0.55, "seeds_accuracy": 0.80}
NOTE = ("Grouped cross-validation: out of sample (held-out news conferences of the QEvasion training split, "
        "settings chosen inside each training fold; the model's default `qevasion` head). Briefing answers of "
        "`annotations/clarity_archive3.csv`: out of sample for the model and the rules (never used to train or "
        "choose anything; the `project` head, as `analyse` scores transcripts). Cross-validation on "
        "`annotations/clarity_archive.csv` and `clarity_archive2.csv`: held-out briefings, but the weight of these "
        "answers in training was chosen on it. Seeds: out of domain for the model (never used to train or choose "
        "it; the `project` head); in sample for the rules, whose markers were written reading these transcripts.")


def speed(df, model) -> dict:
    """Featurisation and prediction speed on the training pairs (best of 2)."""
    from helpers.qa._clarity_parts import featurise_pairs
    from helpers.qa._markers import load_markers

    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        featurise_pairs(df["question"], df["answer"], model.vocabulary, load_markers(), turns=df["turn"])
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    model.predict(df["question"], df["answer"], turns=df["turn"])
    return {"featurise_pairs_per_second": round(len(df) / min(times), 1),
            "predict_pairs_per_second": round(len(df) / (time.perf_counter() - t0), 1),
            "model_bytes": qa.MODEL_PATH.stat().st_size}


#: The order systems are listed in (stored results are read back with their keys sorted).
ORDER = [ev.MODEL, ev.ALWAYS, ev.RULES, ev.TEXT_PAIRING, ev.SHARED, ev.ALONE]


def _ordered(block: dict) -> list[tuple[str, dict]]:
    rank = {name: k for k, name in enumerate(ORDER)}
    return sorted(block.items(), key=lambda kv: (rank.get(kv[0], len(ORDER)), kv[0]))


def _table(block: dict) -> list[str]:
    lines = ["| system | n | accuracy | macro-F1 | P/R/F1 reply | P/R/F1 ambivalent | P/R/F1 non_reply |",
             "|---|---|---|---|---|---|---|"]
    for name, r in _ordered(block):
        if not isinstance(r, dict) or "per_class" not in r:
            continue
        cells = [" / ".join(f"{r['per_class'][c][k]:.2f}" for k in ("precision", "recall", "f1")) for c in CLASSES]
        lines.append(f"| {name} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | " + " | ".join(cells) + " |")
    return lines


def _confusion(name: str, r: dict) -> list[str]:
    lines = [f"{name} (rows gold, columns predicted):", "", "| gold \\ pred | " + " | ".join(CLASSES) + " |",
             "|---|---|---|---|"]
    for g in CLASSES:
        lines.append(f"| {g} | " + " | ".join(str(r["confusion"][g][c]) for c in CLASSES) + " |")
    return lines + [""]


def _archive_table(a: dict) -> list[str]:
    """The systems of an archive check with intervals, the model's type agreement and the confusions."""
    lines = ["| system | n | accuracy (95% interval) | macro-F1 | P/R/F1 reply | P/R/F1 ambivalent | P/R/F1 non_reply |",
             "|---|---|---|---|---|---|---|"]
    for name in ev.ARCHIVE_SYSTEMS:
        r = a.get(name)
        if r is None:
            continue
        cells = " | ".join(f"{r['per_class'][c]['precision']:.2f} / {r['per_class'][c]['recall']:.2f} / "
                           f"{r['per_class'][c]['f1']:.2f}" for c in ("reply", "ambivalent", "non_reply"))
        lines.append(f"| {name} | {r['n']} | {r['accuracy']:.3f} ({r['accuracy_low']:.2f}–{r['accuracy_high']:.2f}) | "
                     f"{r['macro_f1']:.3f} | {cells} |")
    lines += ["", f"Model clarity type agreement: {a[ev.MODEL]['type_accuracy']:.3f}.", ""]
    return lines + _confusion(ev.MODEL, a[ev.MODEL]) + _confusion(ev.RULES, a[ev.RULES])


def markdown(res: dict) -> str:
    """Results as Markdown."""
    cv = res["cv"]
    lines = ["# Answer clarity: the trained model", "", res["note"], "",
             f"Targets: grouped-CV macro-F1 >= {res['targets']['cv_macro_f1']} (met: "
             f"{res['targets_met']['cv_macro_f1']}); seeds 3-way accuracy >= {res['targets']['seeds_accuracy']} "
             f"(met: {res['targets_met']['seeds_accuracy']}).", "",
             "## Grouped cross-validation on the QEvasion training split", "",
             f"{N_FOLDS}-fold GroupKFold by `url` (news conference), fixed folds; model settings chosen inside each "
             f"training fold (inner {tr.INNER_FOLDS}-fold GroupKFold; criterion: the highest accuracy among the "
             f"choices with macro-F1 >= {tr.F1_FLOOR}); the model is then fitted as `make train-clarity` fits it "
             "and its default head, fitted on the training folds' QEvasion rows alone, is scored. `model` scores "
             "each row with the dataset's sub-question "
             f"and its turn's other sub-questions; `{ev.TEXT_PAIRING}` scores the same held-out rows with the "
             "questions split from the reporter's turn text (QEvasion `interview_question`) by the code that pairs "
             "questions in `analyse`, each row aligned with its part by position (or the closest part when the "
             f"counts differ); `{ev.SHARED}` scores the held-out rows in file order as `python -m helpers clarity` "
             "does a CSV with only `question` and `answer`: consecutive rows with the same answer are read as the "
             f"questions of one turn; `{ev.ALONE}` scores each held-out sub-question without its turn.", ""]
    lines += _table(cv) + [""]
    rw = res.get("reweighted")
    if rw:
        lines += [f"The same out-of-fold predictions with the classes reweighted to an `ambivalent` share of "
                  f"{rw['ambivalent_share']} (the held-out test split's; the other classes keep their ratio). "
                  "An estimate under that shift of class shares only, not a score on the test split:", ""]
        lines += _table({k: v for k, v in rw.items() if isinstance(v, dict)}) + [""]
    lines.append(f"Fine type accuracy of the model (9 types): {cv['model']['type_accuracy']:.3f}; where the 3-way "
                 f"class is right: {cv['model']['type_accuracy_where_class_right']:.3f}.")
    lines += ["", "Settings chosen per outer fold:", "", "| fold | C | class_weight | bias reply | bias non_reply | "
              "inner score | fold accuracy | fold macro-F1 |", "|---|---|---|---|---|---|---|---|"]
    for f in res["folds"]:
        lines.append(f"| {f['fold']} | {f['C']} | {f['class_weight']} | {f['bias']['reply']} | "
                     f"{f['bias']['non_reply']} | {f['inner_score']} | {f['fold_accuracy']} | {f['fold_macro_f1']} |")
    lines += [""]
    for name, _ in _ordered(cv):
        lines += _confusion(name, cv[name])
    s = res.get("seeds", {})
    lines += ["## Out of domain: the seeds' hand-coded answers", "",
              "Reported only; never used to choose anything. Each gold answer turn is paired with its exchange's "
              f"reporter turn(s). {s.get('n', 0)} turns.", ""]
    lines += _table(s) + [""]
    if "model" in s:
        lines.append(f"Model clarity type agreement: {s['model']['type_accuracy']:.3f}.")
        lines += [""] + _confusion("model", s["model"]) + _confusion("rules (classify_answer)",
                                                                    s["rules (classify_answer)"])
        lines += ["| event | turn | gold | model | rules | p reply/amb/non | evidence |", "|---|---|---|---|---|---|---|"]
        for r in s["rows"]:
            evid = r["evidence"].replace("|", "/")
            lines.append(f"| {r['event_id']} | {r['turn']} | {r['gold']} ({r['gold_type']}) | {r['model']} "
                         f"({r['model_type']}) | {r['rules']} | {r['p_reply']:.2f}/{r['p_ambivalent']:.2f}/"
                         f"{r['p_non_reply']:.2f} | {evid} |")
    a = res.get("archive")
    if a:
        lines += ["", "## Out of sample: briefing answers of the archive, coded on the seeds' rules", "",
                  f"{a['n']} answer turns from {a['n_files']} White House briefings drawn at random "
                  f"(`annotations/{a['sample']}`, how they were drawn and coded in `annotations/"
                  f"{a['sample'].replace('.csv', '.md')}`), each with the reporter turn(s) it responds to, coded by "
                  "hand on the rules of the seeds' coding without the model, the rules or their output in view. "
                  "Never used to train or choose anything: out of sample for the model and for the rules (written "
                  "reading the seeds). `model` is the `project` head (as `analyse` scores transcripts), `"
                  f"{ev.QEVASION_ALONE}` the default `qevasion` head of the same model file. Accuracy with a 95% "
                  "interval resampling transcripts; `second coding`: an "
                  "independent second coding of the same answers, scored against the first.", ""]
        lines += _archive_table(a)
    c = res.get("archive_cv")
    if c:
        lines += ["", "## Cross-validation on the hand-coded briefing answers the `project` head is trained on", "",
                  f"{c['n']} answer turns of {c['n_files']} briefings ("
                  + " and ".join(f"`annotations/{x}`" for x in c["sample"].split(" + ")) + "), coded the same "
                  f"way; {c['folds']}-fold GroupKFold by briefing: in each fold the `project` head, with the "
                  "package's settings, is fitted on all QEvasion rows and the other folds' answers (each weighing "
                  f"{c['weight']} rows) and scores the held-out briefings. The weight was chosen on this "
                  "cross-validation, so its score is a development number; the sample above is the clean check. "
                  "The rules and baselines are not trained and score as on any sample.", ""]
        lines += _archive_table(c)
    w = res.get("weights")
    if w:
        lines += ["", "## How much the hand-coded briefing answers weigh in the `project` head", "",
                  "Per weight (how many QEvasion rows each hand-coded answer counts for), with the package's settings "
                  "fixed: the cross-validation grouped by briefing on the hand-coded answers (the default `qevasion` "
                  f"head does not use them). Chosen: the best macro-F1 on the answers: **{w['chosen']}**.", "",
                  "| weight | answers accuracy | answers macro-F1 |", "|---|---|---|"]
        lines += [f"| {r['weight']} | {r['archive_accuracy']:.3f} | {r['archive_macro_f1']:.3f} |" for r in w["rows"]]
    sp = res.get("speed", {})
    if sp:
        lines += ["", "## Speed and size", "",
                  f"featurise: {sp['featurise_pairs_per_second']:,} pairs/s; predict (with evidence): "
                  f"{sp['predict_pairs_per_second']:,} pairs/s; rules (`classify_answer`): "
                  f"{res['rules_pairs_per_second']:,} answers/s (on the {cv['model']['n']:,} training pairs); "
                  f"`clarity_model.json`: {sp['model_bytes']:,} bytes."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="run the nested grouped cross-validation (~10 min)")
    parser.add_argument("--weights", action="store_true",
                        help="also compare weights of the hand-coded briefing answers in training (~5 min)")
    parser.add_argument("--seeds", default=None, help="transcript folder (default: the project's seeds/)")
    parser.add_argument("--out", default=str(config.BENCH_DIR / "results"), help="folder for clarity.md/.json")
    parser.add_argument("--score", metavar="JSONL", default=None,
                        help="only score the package's model on a labelled QEvasion-format file (fields of "
                             "train.jsonl: question, interview_question, interview_answer, clarity_label, "
                             "evasion_label, url, question_order) and print the scores; writes nothing")
    args = parser.parse_args(argv)
    if args.score:
        res = ev.score_file(args.score)
        for name in (ev.MODEL, ev.ALWAYS):
            print(f"{name}: n {res[name]['n']}, accuracy {res[name]['accuracy']:.3f}, macro-F1 "
                  f"{res[name]['macro_f1']:.3f}")
        print(json.dumps(res, indent=1, sort_keys=True))
        return 0
    out = Path(args.out)
    prev = out / "clarity.json"
    kept = json.loads(prev.read_text(encoding="utf-8")) if prev.exists() else {}
    df = tr.load()
    log = lambda m: print(m, flush=True)  # noqa: E731
    if args.cv:
        res = ev.grouped_cv(df, log=log, archive=tr.load_archive())
        res["archive_cv"] = ev.archive_cv(qevasion=df, log=log)
    elif "cv" in kept:
        res = {k: v for k, v in kept.items() if k in ("folds", "cv", "reweighted", "rules_pairs_per_second", "archive_cv")}
    else:
        parser.error(f"{prev} has no cross-validation yet: run with --cv")
    if args.weights:
        res["weights"] = ev.weight_sweep(qevasion=df, log=log)
    elif "weights" in kept:
        res["weights"] = kept["weights"]
    res["note"] = NOTE
    model = qa.load_clarity_model(coding=qa.TRANSCRIPT_CODING)
    res["seeds"] = ev.seeds_check(args.seeds, model)
    res["archive"] = ev.archive_check(model)
    res["archive"][ev.QEVASION_ALONE] = ev.archive_check(qa.load_clarity_model())[ev.MODEL]
    res["speed"] = speed(df, model)
    res["targets"] = TARGETS
    res["targets_met"] = {"cv_macro_f1": res["cv"][ev.MODEL]["macro_f1"] >= TARGETS["cv_macro_f1"],
                          "seeds_accuracy": res["seeds"][ev.MODEL]["accuracy"] >= TARGETS["seeds_accuracy"]}
    out.mkdir(parents=True, exist_ok=True)
    (out / "clarity.json").write_text(json.dumps(res, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (out / "clarity.md").write_text(markdown(res), encoding="utf-8")
    print(markdown(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
