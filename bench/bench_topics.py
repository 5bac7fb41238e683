"""Benchmark: topic-tagger accuracy on the hand-coded sample, and matcher speed.

Run: ``.venv/bin/python bench/bench_topics.py [--copies N]``. Writes ``bench/results/topics.json``
and ``bench/results/topics.md``.

* Accuracy: the gold passages of ``annotations/topics_gold.csv`` are tagged with the package
  lexicon; micro precision / recall / F1 of ``topics``, accuracy of ``primary_topic`` (targets
  >= 0.85), overall and for the ``dev`` and ``heldout`` splits, and per-topic precision and
  recall.
* Speed: the three transcripts joined and repeated ``copies`` times, matched with the one-pass
  compiled alternation (:meth:`TopicMatcher.find`) and with a naive loop of one search per term
  (:meth:`TopicMatcher.find_naive`), both including tokenisation, in the same run; the ratio is
  what to compare (absolute times on a shared machine are noisy).
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import helpers
from helpers import config
from helpers.evaluation import topics as topic_eval
from helpers import topics as tp

TARGET = 0.85


def _best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=20, help="times the corpus text is repeated for the speed test")
    ap.add_argument("--repeat", type=int, default=3, help="timing repetitions (best is kept)")
    args = ap.parse_args(argv)

    corpus = helpers.load_corpus()
    result = topic_eval.evaluate(corpus.texts)
    table = topic_eval.summary_table(result)
    per_topic = result["overall"]["per_topic"]

    matcher = tp.TopicMatcher()
    big = "\n\n".join(corpus.texts.values())
    big = "\n\n".join([big] * args.copies)
    fast_hits = matcher.find(big)
    t_fast = _best_of(lambda: matcher.find(big), args.repeat)
    t_naive = _best_of(lambda: matcher.find_naive(big), args.repeat)
    norm = " ".join(tp.tokenize(big)[0])
    t_match_fast = _best_of(lambda: list(matcher.pattern.finditer(norm)), args.repeat)

    t0 = time.perf_counter()
    tagging = tp.tag_corpus_full(corpus)
    t_tag = time.perf_counter() - t0

    overall = result["overall"]
    out = {
        "gold_passages": overall["n_passages"],
        "micro_precision": round(overall["micro_precision"], 4),
        "micro_recall": round(overall["micro_recall"], 4),
        "micro_f1": round(overall["micro_f1"], 4),
        "primary_accuracy": round(overall["primary_accuracy"], 4),
        "exact_match": round(overall["exact_match"], 4),
        "targets_met": bool(overall["micro_f1"] >= TARGET and overall["primary_accuracy"] >= TARGET),
        "by_split": {k: {m: round(v[m], 4) for m in ("n_passages", "micro_precision", "micro_recall", "micro_f1", "primary_accuracy")}
                     for k, v in result["by_split"].items()},
        "per_topic": [{k: (None if v != v else (round(v, 4) if isinstance(v, float) else v)) for k, v in r.items()}
                      for r in per_topic.astype(object).to_dict("records")],
        "speed": {
            "copies": args.copies,
            "chars": len(big),
            "lexicon_terms": len(matcher._ci) + len(matcher._cs),
            "hits": int(len(fast_hits)),
            "one_pass_seconds": round(t_fast, 4),
            "naive_loop_seconds": round(t_naive, 4),
            "naive_over_one_pass": round(t_naive / t_fast, 1),
            "regex_only_seconds": round(t_match_fast, 4),
            "tag_corpus_seconds": round(t_tag, 4),
            "corpus_sentences": int(len(tagging.sentences)),
        },
    }
    res = config.BENCH_DIR / "results"
    res.mkdir(parents=True, exist_ok=True)
    (res / "topics.json").write_text(json.dumps(out, indent=2) + "\n")

    lines = ["# Topic tagger benchmark", "",
             f"Gold sample: {out['gold_passages']} hand-coded passages (`annotations/topics_gold.csv`); target >= {TARGET}.", "",
             "| split | passages | micro P | micro R | micro F1 | primary acc. | exact match |", "|---|---|---|---|---|---|---|"]
    for r in table.itertuples(index=False):
        lines.append(f"| {r.split} | {r.n_passages} | {r.micro_precision:.3f} | {r.micro_recall:.3f} | {r.micro_f1:.3f} | "
                     f"{r.primary_accuracy:.3f} | {r.exact_match:.3f} |")
    lines += ["", "Per topic (all passages):", "", "| topic | support | predicted | precision | recall | F1 |", "|---|---|---|---|---|---|"]
    fmt = lambda v: "–" if v != v else f"{v:.2f}"  # noqa: E731
    for r in per_topic.itertuples(index=False):
        lines.append(f"| {r.topic} | {r.support} | {r.predicted} | {fmt(r.precision)} | {fmt(r.recall)} | {fmt(r.f1)} |")
    s = out["speed"]
    lines += ["", f"Speed: corpus text repeated {s['copies']} times ({s['chars']:,} characters, {s['lexicon_terms']} terms, "
              f"{s['hits']:,} hits), best of {args.repeat}:", "",
              "| method | seconds |", "|---|---|",
              f"| one pass (compiled alternation, incl. tokenising) | {s['one_pass_seconds']} |",
              f"| naive loop, one search per term (incl. tokenising) | {s['naive_loop_seconds']} |",
              f"| one pass, regex only (text already normalised) | {s['regex_only_seconds']} |",
              "", f"Naive loop / one pass: **{s['naive_over_one_pass']}x** (same run).",
              f"Tagging the whole corpus (3 events, {s['corpus_sentences']} sentences): {s['tag_corpus_seconds']} s."]
    (res / "topics.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if out["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
