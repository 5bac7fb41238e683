"""Benchmark: accuracy of speaker-turn inference on captions transcripts.

Run: ``.venv/bin/python bench/bench_turns.py``. Prints and writes ``bench/results/turns.json``
and ``bench/results/turns.md``:

1. the inferred turns of the captions transcript (000) against the hand annotation
   ``annotations/000_turns_gold.csv``: word-level speaker and role accuracy, boundary F1
   (a boundary within 5 words counts);
2. generalisation: the labelled transcripts (001, 002) with labels, case and punctuation other
   than full stops stripped, in a folder with no catalog: word-level role accuracy;
3. sensitivity of these numbers to the main smoothing constants (each varied alone), so a
   reader can see how much the results hang on them;
4. the time one inference of 000 takes.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from helpers import config
from helpers.evaluation import turns as turn_eval
from helpers.turns import _infer as turns

TARGETS = turn_eval.TARGETS
SWEEPS = {
    "SWITCH_PENALTY": [1.0, 1.5, 2.0, 2.5],
    "SPEAKER_SWITCH_PENALTY": [1.0, 2.0, 4.0, 8.0, 12.0],
    "STYLE_CAP": [1.5, 2.5, 3.5],
    "STYLE_LENGTH_EXPONENT": [0.0, 0.5, 1.0],
}


def run_once() -> dict:
    metrics, _ = turn_eval.evaluate_gold()
    gen = turn_eval.generalisation()
    return {"gold": metrics, "generalisation": gen.to_dict("records")}


def sensitivity() -> list[dict]:
    rows = []
    for name, values in SWEEPS.items():
        default = getattr(turns, name)
        try:
            for v in values:
                setattr(turns, name, v)
                r = run_once()
                rows.append({
                    "parameter": name, "value": v, "default": v == default,
                    "speaker_accuracy": round(r["gold"]["speaker_accuracy"], 3),
                    "role_accuracy": round(r["gold"]["role_accuracy"], 3),
                    "boundary_f1": round(r["gold"]["boundary_f1"], 3),
                    **{f"role_accuracy_{g['file'][:3]}": round(g["role_accuracy"], 3) for g in r["generalisation"]},
                })
        finally:
            setattr(turns, name, default)
    return rows


def to_markdown(result: dict) -> str:
    g = result["gold"]
    lines = ["# Speaker-turn inference", "",
             "Produced by `bench/bench_turns.py`.", "",
             "## Captions transcript 000 against the hand annotation", "",
             "| measure | value | target |", "|---|---|---|"]
    for key in ("speaker_accuracy", "role_accuracy", "boundary_precision", "boundary_recall", "boundary_f1"):
        target = TARGETS.get(key)
        lines.append(f"| {key} | {g[key]:.3f} | {'>= %.2f' % target if target else ''} |")
    lines += [f"| words | {g['n_words']} | |", f"| gold turns / inferred turns | {g['n_gold_turns']} / {g['n_pred_turns']} | |",
              "", "## Generalisation: labelled transcripts stripped to captions style, no catalog", "",
              "| file | words | role accuracy | all-principal baseline | boundary F1 | gold / inferred turns |",
              "|---|---|---|---|---|---|"]
    for r in result["generalisation"]:
        lines.append(f"| {r['file']} | {r['n_words']} | {r['role_accuracy']:.3f} | {1 - r['reporter_share']:.3f} | "
                     f"{r['boundary_f1']:.3f} | {r['n_gold_turns']} / {r['n_pred_turns']} |")
    lines += ["", "Target: role accuracy >= 0.90 for each file.", "",
              "## Sensitivity (one constant varied at a time; default marked *)", "",
              "| parameter | value | speaker acc. | role acc. | boundary F1 | role acc. 001 | role acc. 002 |",
              "|---|---|---|---|---|---|---|"]
    for r in result["sensitivity"]:
        mark = "*" if r["default"] else ""
        lines.append(f"| {r['parameter']} | {r['value']}{mark} | {r['speaker_accuracy']} | {r['role_accuracy']} | "
                     f"{r['boundary_f1']} | {r.get('role_accuracy_001')} | {r.get('role_accuracy_002')} |")
    lines += ["", f"One inference of 000: {result['seconds_per_inference']:.3f} s.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-sweep", action="store_true", help="skip the sensitivity table")
    ap.add_argument("--out", type=Path, default=config.BENCH_DIR / "results", help="folder for turns.json/.md")
    args = ap.parse_args(argv)

    result = run_once()
    t0 = time.perf_counter()
    turn_eval.evaluate_gold()
    result["seconds_per_inference"] = time.perf_counter() - t0
    result["sensitivity"] = [] if args.no_sweep else sensitivity()
    g = result["gold"]
    result["targets"] = TARGETS
    result["targets_met"] = {
        "speaker_accuracy": g["speaker_accuracy"] >= TARGETS["speaker_accuracy"],
        "boundary_f1": g["boundary_f1"] >= TARGETS["boundary_f1"],
        "generalisation_role_accuracy": all(r["role_accuracy"] >= TARGETS["generalisation_role_accuracy"]
                                            for r in result["generalisation"]),
    }
    md = to_markdown(result)
    print(md)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "turns.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (args.out / "turns.md").write_text(md, encoding="utf-8")
    print(f"wrote {args.out / 'turns.json'} and {args.out / 'turns.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
