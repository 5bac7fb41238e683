"""How the topic model's out-of-fold scores grow with its training data.

Run: ``.venv/bin/python bench/bench_topic_curve.py [--fractions 0.25 0.5 0.75 1.0]``. Writes
``bench/results/topic_curve.md`` and ``.json``. The shipped model's settings (C, threshold,
specific terms kept, from how many words a turn keeps the lexicon's primary topic) are trained on
a growing share of the training transcripts of each fold of the model's cross-validation
(``helpers.evaluation.topic_training.learning_curve``; grouped by transcript) and scored on the
whole test fold: development data only, out of fold. The slope of the curve says how much more
hand-coded data of the same kind could still add.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from helpers import config
from helpers.evaluation.topic_training import learning_curve, training_data
from helpers.topics import load_topic_model


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    ap.add_argument("--out", type=Path, default=config.BENCH_DIR / "results")
    args = ap.parse_args(argv)
    settings = load_topic_model().data["settings"]
    curve = learning_curve(training_data(), args.fractions, C=settings["C"], threshold=settings["threshold"],
                           keep_strong=settings["keep_strong"], lexicon_primary_words=settings["lexicon_primary_words"],
                           log=lambda m: print(m, file=sys.stderr, flush=True))
    rows = curve.round(4).to_dict("records")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "topic_curve.json").write_text(json.dumps({"settings": {k: settings[k] for k in (
        "C", "threshold", "keep_strong", "lexicon_primary_words")}, "rows": rows}, indent=2, sort_keys=True) + "\n",
        encoding="utf-8")
    words = settings["lexicon_primary_words"]
    lines = ["# The topic model's learning curve", "",
             "Produced by `bench/bench_topic_curve.py`. Development data only, out of fold: in each of the 5 folds of the "
             "model's cross-validation (grouped by transcript), the model is trained on a share of the fold's training "
             "transcripts and scores the whole test fold. Settings of the shipped model: "
             f"C = {settings['C']:g}, threshold {settings['threshold']:g}, specific terms "
             f"{'kept' if settings['keep_strong'] else 'not kept'}, lexicon's primary from "
             f"{'never' if words is None else f'{words} words'}.", "",
             "| share of training transcripts | transcripts (mean per fold) | coded turns (mean per fold) | micro P | micro R "
             "| micro F1 | primary acc. |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['fraction']:.0%} | {r['transcripts']:.0f} | {r['turns']:.0f} | {r['micro_precision']:.3f} | "
                     f"{r['micro_recall']:.3f} | {r['micro_f1']:.3f} | {r['primary_accuracy']:.3f} |")
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        lines += ["", f"From {a['fraction']:.0%} to {b['fraction']:.0%} of the training transcripts micro-F1 moves by "
                      f"{b['micro_f1'] - a['micro_f1']:+.3f} and primary accuracy by {b['primary_accuracy'] - a['primary_accuracy']:+.3f}."]
    (args.out / "topic_curve.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'topic_curve.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
