"""Development study: where the captions model puts false floor changes, and three remedies tried.

Run: ``.venv/bin/python bench/turns_development.py --archive DIR`` (about two minutes). Writes
``bench/results/turns_development.json`` and ``.md``.

Everything here is measured on the archive's *validation* files (:func:`helpers.turns._archive.split_files`),
never trained on and never held out: the held-out files and the project's seeds are not read. Each
file is scored in caption form as the benchmark does it, clean and with imitated interpretation.

1. **False floor changes.** A predicted change between a reporter and anyone else that no true
   change within 5 words matches, sorted by where it falls: inside a long principal turn (100 words
   or more), inside another turn of a principal, a reporter or the moderator, or at a true change of
   another kind (principal to moderator); whether the shorter of the two inferred runs beside it
   has fewer than 10 words; whether it follows a full stop inside a turn broken into fragments
   (fewer than 6 words per full stop). The same shares of short runs are given for the true
   changes found, since a remedy against short runs also hits them.
2. **Remedies**, each scored as the model's training scores its choices (role accuracy,
   reporter-vs-other accuracy, floor-change P/R/F1 and the criterion of
   :func:`helpers.turns._training.criterion`):

   * a *duration prior*: ending a turn of ``c`` words (``c`` < :data:`DURATION_CAP`) costs
     ``w * log(h(cap) / h(c))``, ``h`` the chance that a run of that role ends after exactly
     ``c`` words given that it lasted that long, counted on the archive's *training* files (runs of
     one role); with the bonus for likely short runs kept or cut at 0;
   * a *switch cost*: the model's bonus on every change of role (its ``boundary bias``) varied;
   * a *merge* of short low-confidence inferred runs into the neighbour whose role has the larger
     posterior over the run.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from helpers import config
from helpers.evaluation.archive import doc_scores, floor_changes, summarise
from helpers.evaluation.turns import match_boundaries
from helpers.turns._archive import (
    archive_turns,
    caption_form,
    read_archive,
    split_files,
)
from helpers.turns._model import ROLES, backtrack, load_model, viterbi, word_roles
from helpers.turns._training import criterion

#: Runs of this many words or more count as long; the duration prior is flat from here on.
DURATION_CAP = 40
DURATION_WEIGHTS = (0.25, 0.5, 1.0)
SWITCH_BIASES = (0.0, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
MERGE_WORDS = (3, 5, 10, 20)
MERGE_CONFIDENCE = (0.6, 0.8, 0.95)
LONG_TURN = 100
SHORT_RUN = 10
FRAGMENT_WORDS_PER_STOP = 6


def _prepare(args) -> dict | None:
    path, fragment = args
    text, words, _ = caption_form(path, 0.0, fragment)
    if not len(words):
        return None
    model = load_model()
    units = model.units(text)
    x = model.features(units)
    logp = model.stacked_log_proba(model.unit_log_proba(x), units)
    starts = np.r_[0, np.cumsum([len(w) + 1 for w in text.split()])[:-1]]
    widx = np.clip(np.searchsorted(units["start_char"].to_numpy(), starts, side="right") - 1, 0, None)
    return {"text": text, "fragment": fragment, "truth": words["role"].to_numpy(dtype=object),
            "turn": words["turn"].to_numpy(), "units": units, "emit": model.emissions(logp),
            "trans": model.transitions(units, x), "nw": np.bincount(widx, minlength=len(units))}


def run_lengths(files) -> dict[str, np.ndarray]:
    """Words per run of one role (consecutive turns of one role joined) in the given archive files."""
    runs = {r: [] for r in ROLES}
    for path in files:
        prev, n = None, 0
        for _, role, txt in archive_turns(read_archive(path)):
            if role == prev:
                n += len(txt.split())
                continue
            if prev:
                runs[prev].append(n)
            prev, n = role, len(txt.split())
        if prev:
            runs[prev].append(n)
    return {r: np.array(v) for r, v in runs.items()}


def duration_costs(runs: dict, weight: float, cap: int = DURATION_CAP, bonus: bool = True) -> np.ndarray:
    """``(n_roles, cap + 1)``: the cost of ending a run of ``c`` words (see the module text)."""
    out = np.zeros((len(ROLES), cap + 1))
    for i, r in enumerate(ROLES):
        v = runs[r]
        if not len(v):
            continue
        tail = v[v > cap] - cap  # past the cap a run ends at a steady rate: one over its mean remaining length
        ref = 1.0 / max(tail.mean() if len(tail) else v.mean(), 1.0)
        for c in range(1, cap):
            h = (np.sum(v == c) + 1) / (np.sum(v >= c) + 1)
            out[i, c] = -weight * np.log(h / ref)
        out[i, 0] = out[i, 1]
    return out if bonus else np.clip(out, 0.0, None)


def duration_path(emit: np.ndarray, trans: np.ndarray, n_words, leave_cost: np.ndarray) -> np.ndarray:
    """Best path when ending a run of role ``r`` after ``c`` words costs ``leave_cost[r, min(c, cap)]``
    (states: role x words so far, capped)."""
    n, k = emit.shape
    m = leave_cost.shape[1] - 1
    nw = np.maximum(np.asarray(n_words, dtype=int), 0)
    score = np.full((k, m + 1), -np.inf)
    score[:, min(m, nw[0])] = emit[0]
    back_r = np.zeros((n, k, m + 1), dtype=np.int16)
    back_c = np.zeros((n, k, m + 1), dtype=np.int16)
    ar = np.arange(k)
    for t in range(1, n):
        w = min(nw[t], m)
        new = np.full((k, m + 1), -np.inf)
        br = np.broadcast_to(ar[:, None], (k, m + 1)).copy()
        bc = np.zeros((k, m + 1), dtype=np.int16)
        stay = score + np.diagonal(trans[t])[:, None]
        if w < m:
            new[:, w:m] = stay[:, :m - w]
            bc[:, w:m] = np.arange(m - w)
        j = stay[:, m - w:].argmax(axis=1)
        new[:, m], bc[:, m] = stay[ar, m - w + j], m - w + j
        leave = score - leave_cost
        best_c = leave.argmax(axis=1)
        cand = leave[ar, best_c][:, None] + trans[t]
        cand[ar, ar] = -np.inf
        r_from = cand.argmax(axis=0)
        val = cand[r_from, ar]
        better = val > new[:, w]
        new[better, w], br[better, w], bc[better, w] = val[better], r_from[better], best_c[r_from[better]]
        score = new + emit[t][:, None]
        back_r[t], back_c[t] = br, bc
    return backtrack(score, back_r, back_c)


def merge_short(path: np.ndarray, post: np.ndarray, n_words: np.ndarray, max_words: int, max_conf: float) -> np.ndarray:
    """Runs of fewer than ``max_words`` words whose word-weighted posterior is below ``max_conf`` join
    the neighbouring role with the larger posterior over the run, one at a time from the left."""
    path = np.asarray(path).copy()
    n = len(path)
    changed = n > 0
    while changed:
        changed = False
        starts = np.flatnonzero(np.r_[True, path[1:] != path[:-1]])
        for a, b in zip(starts, np.r_[starts[1:], n]):
            w = np.maximum(n_words[a:b], 1)
            if n_words[a:b].sum() >= max_words or (post[a:b, path[a]] * w).sum() / w.sum() >= max_conf:
                continue
            cands = sorted({path[i] for i in (a - 1, b) if 0 <= i < n})
            if cands:
                path[a:b] = max(cands, key=lambda c: (post[a:b, c] * w).sum())
                changed = True
                break
    return path


def scores(docs, decode) -> dict:
    out = {}
    for cond, frag in (("clean", False), ("interpreted", True)):
        rows = [doc_scores(d["truth"], word_roles(d["text"], d["units"].assign(role=[ROLES[j] for j in decode(d)])))
                for d in docs if d["fragment"] == frag]
        out[cond] = {k: v for k, v in summarise(rows).items() if k != "files"}
    out["criterion"] = criterion(out)
    return out


def false_changes(docs) -> dict:
    """Where the unmatched predicted floor changes fall (see the module text), per form."""
    out = {}
    for cond, frag in (("clean", False), ("interpreted", True)):
        kinds, short_false, short_true, n_false, n_true = Counter(), 0, 0, 0, 0
        for d in docs:
            if d["fragment"] != frag:
                continue
            pred = word_roles(d["text"], d["units"].assign(role=[ROLES[j] for j in d["path"]]))
            gold, found = floor_changes(d["truth"] == "reporter"), floor_changes(pred == "reporter")
            used_p = match_boundaries(gold, found)[1]
            runs = np.diff(np.r_[0, found, len(pred)])
            turn, words = d["turn"], d["text"].split()
            tlen = np.bincount(turn)
            stops = np.bincount(turn, weights=np.array([w.endswith(".") for w in words], dtype=float))
            per_stop = tlen / np.maximum(stops, 1)
            for j, pos in enumerate(found):
                short = min(runs[j], runs[j + 1]) < SHORT_RUN
                if j in used_p:
                    n_true += 1
                    short_true += short
                    continue
                n_false += 1
                short_false += short
                t, role = turn[pos], d["truth"][pos]
                if turn[pos - 1] != t:
                    where = "at a true change of another kind"
                elif role == "principal" and tlen[t] >= LONG_TURN:
                    where = f"inside a principal turn of {LONG_TURN}+ words"
                else:
                    where = f"inside a shorter {role} turn" if role == "principal" else f"inside a {role} turn"
                frag_stop = words[pos - 1].endswith(".") and per_stop[t] < FRAGMENT_WORDS_PER_STOP
                kinds[(where, bool(short), bool(frag_stop))] += 1
        out[cond] = {"false_changes": n_false, "true_changes_found": n_true,
                     "short_share_false": short_false / max(n_false, 1), "short_share_true": short_true / max(n_true, 1),
                     "kinds": [{"where": k[0], "short_run": k[1], "after_fragment_stop": k[2], "count": v}
                               for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]}
    return out


def to_markdown(r: dict) -> str:
    lines = ["# Captions model: false floor changes on the validation files", "",
             ("Produced by `bench/turns_development.py` (development study: validation files only, never trained on, "
              "not held out; the seeds are not read). "
              f"{r['files']} files, clean and with imitated interpretation."), "",
             "## Where the false floor changes fall (the model as shipped)", ""]
    for cond in ("clean", "interpreted"):
        f = r["false_changes"][cond]
        lines += [(f"**{cond}**: {f['false_changes']:,} false changes beside {f['true_changes_found']:,} true ones found; "
                   f"a run shorter than {SHORT_RUN} words beside {f['short_share_false']:.0%} of the false and "
                   f"{f['short_share_true']:.0%} of the true ones."), "",
                  "| where | short run beside it | after a full stop in a broken turn | count | share |", "|---|---|---|---|---|"]
        for k in f["kinds"][:10]:
            lines.append(f"| {k['where']} | {'yes' if k['short_run'] else 'no'} | {'yes' if k['after_fragment_stop'] else 'no'} "
                         f"| {k['count']:,} | {k['count'] / f['false_changes']:.3f} |")
        lines.append("")
    lines += ["## Remedies (scores clean / interpreted; criterion as in the model's training)", "",
              "| remedy | setting | role acc. | reporter-vs-other acc. | floor-change P | R | F1 | criterion |",
              "|---|---|---|---|---|---|---|---|"]
    for row in r["remedies"]:
        s = row["scores"]

        def cell(k, s=s):
            return " / ".join(f"{s[c][k]:.3f}" for c in ("clean", "interpreted"))
        lines.append(f"| {row['remedy']} | {row['setting']} | {cell('role_accuracy')} | {cell('reporter_accuracy')} | "
                     f"{cell('floor_precision')} | {cell('floor_recall')} | {cell('floor_f1')} | {s['criterion']:.4f} |")
    d = r["duration"]
    lines += ["", f"Duration prior from {d['training_files']} training files: runs of one role, median "
              + ", ".join(f"{k} {v['median']:.0f} words ({v['short_share']:.0%} under {SHORT_RUN})" for k, v in d["roles"].items())
              + ". Chance that a run ends after exactly c words, given that it lasted that long, per role: "
              + "; ".join(f"{k} " + ", ".join(f"c={c}: {h:.3f}" for c, h in v["hazard"].items()) for k, v in d["roles"].items())
              + ".", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", type=Path, required=True, help="archive of labelled briefing transcripts (YYYY-MM/*.md)")
    ap.add_argument("--out", type=Path, default=config.BENCH_DIR / "results", help="folder for turns_development.json/.md")
    args = ap.parse_args(argv)
    split = split_files(args.archive)
    jobs = [(p, frag) for frag in (False, True) for p in split["validation"]]
    with Pool(2) as pool:
        docs = [d for d in pool.map(_prepare, jobs, chunksize=4) if d is not None]
    for d in docs:
        d["path"], d["post"] = viterbi(d["emit"], d["trans"])
    model = load_model()
    bias0 = float(model.data["boundary"].get("bias", 0.0)) if model.data.get("boundary") else 0.0
    remedies = [{"remedy": "none (the model as shipped)", "setting": f"switch bonus {bias0}",
                 "scores": scores(docs, lambda d: d["path"])}]
    runs = run_lengths(split["train"])
    for w in DURATION_WEIGHTS:
        for bonus in (True, False):
            cost = duration_costs(runs, w, bonus=bonus)
            remedies.append({"remedy": "duration prior", "setting": f"w = {w}" + ("" if bonus else ", costs only"),
                             "scores": scores(docs, lambda d, cost=cost: duration_path(d["emit"], d["trans"], d["nw"], cost))})
    k = len(ROLES)
    off = 1.0 - np.eye(k)
    for b in SWITCH_BIASES:
        if b == bias0:
            continue
        remedies.append({"remedy": "switch cost", "setting": f"switch bonus {b}", "scores": scores(
            docs, lambda d, b=b: viterbi(d["emit"], d["trans"] + (b - bias0) * off[None])[0])})
    for nw in MERGE_WORDS:
        for conf in MERGE_CONFIDENCE:
            remedies.append({"remedy": "merge short runs", "setting": f"< {nw} words, confidence < {conf}",
                             "scores": scores(docs, lambda d, nw=nw, conf=conf: merge_short(d["path"], d["post"], d["nw"], nw, conf))})
    result = {"files": len(split["validation"]), "false_changes": false_changes(docs), "remedies": remedies,
              "duration": {"training_files": len(split["train"]), "cap": DURATION_CAP, "roles": {
                  r: {"median": float(np.median(v)), "short_share": float(np.mean(v < SHORT_RUN)),
                      "hazard": {c: float(np.mean(v[v >= c] == c)) for c in (1, 3, 5, 10, 20)}} for r, v in runs.items()}}}
    md = to_markdown(result)
    print(md)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "turns_development.json").write_text(json.dumps(result, indent=1, sort_keys=True, default=float) + "\n",
                                                     encoding="utf-8")
    (args.out / "turns_development.md").write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
