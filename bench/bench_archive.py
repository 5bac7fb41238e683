"""Benchmark the loader on an archive of real transcripts: labels found, roles, agreement with gold.

    python bench/bench_archive.py ARCHIVE_DIR

ARCHIVE_DIR is the White House press-briefings archive (``press-briefings/`` of the repository
brian14708/wh-briefings, YYYY-MM folders of ``.md`` files). Writes ``bench/results/archive.md``
and ``archive.json``:

* label-paragraph recall: of the body lines that open with a label-like token (a bare ``Q`` and
  a space, no-break space, parenthetical, ``.`` or ``:``, or an upper-case run ending in ``:``,
  found by a pattern independent of the loader's), the share where a turn starts;
* the role distribution of the labelled turns;
* role and act accuracy against ``annotations/wh_roles_gold.csv`` (250 hand-checked turns from
  25 files); a gold turn the loader does not start counts as wrong for both.
"""
from __future__ import annotations

import json
import re
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

import helpers
from helpers import config
from helpers.corpus import normalise_markdown, read_front_matter, read_transcript

OUT = config.BENCH_DIR / "results"
GOLD = config.ANNOTATIONS_DIR / "wh_roles_gold.csv"

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
LABEL_LIKE = re.compile(
    rf"^[ \t\u00a0]*(?:Q(?=[ \u00a0(.:])|[{_UP}][{_UP}.'\u2019\- \u00a0]*[{_UP}.]"
    r"[ \u00a0]*(?:\([^()\n]*\)[ \u00a0]*)?:)")


def label_recall(corpus) -> tuple[int, int, list[str]]:
    """Label-like body lines, how many start a turn, and a few misses (``event:line text``)."""
    starts = corpus.utterances.groupby("event_id")["start_char"].apply(set).to_dict()
    total = hit = 0
    misses = []
    for ev in corpus.events.itertuples():
        text = corpus.texts[ev.event_id]
        body = ev.header_end if ev.header_end else 0
        # the header may itself hold label-like lines only if no turn starts before it
        pos = 0
        for line in text.splitlines(keepends=True):
            if pos >= body and pos < ev.footer_start and LABEL_LIKE.match(line):
                total += 1
                if pos in starts.get(ev.event_id, ()):
                    hit += 1
                elif len(misses) < 40:
                    misses.append(f"{ev.event_id}: {line.strip()[:70]}")
            pos += len(line)
    return total, hit, misses


def gold_agreement(corpus, archive: Path) -> tuple[pd.DataFrame, dict]:
    gold = pd.read_csv(GOLD)
    u = corpus.utterances
    rows = []
    for g in gold.itertuples():
        event_id = g.file.rsplit(".", 1)[0]
        raw, _ = read_transcript(archive / g.file)
        _, body = read_front_matter(raw, archive / g.file)
        _, offsets = normalise_markdown(raw, body)
        pos = offsets[g.line - 1]
        turns = u[(u["event_id"] == event_id) & (u["start_char"] == pos)]
        found = len(turns) == 1
        role = turns["role"].iloc[0] if found else ""
        act = turns["act"].iloc[0] if found else ""
        rows.append({"file": g.file, "line": g.line, "label": g.label, "gold_role": g.role, "role": role,
                     "gold_act": g.act, "act": act, "found": found})
    df = pd.DataFrame(rows)
    df["role_ok"] = df["gold_role"] == df["role"]
    df["act_ok"] = df["gold_act"] == df["act"]
    summary = {"n": len(df), "found": int(df["found"].sum()), "role_accuracy": round(float(df["role_ok"].mean()), 4),
               "act_accuracy": round(float(df["act_ok"].mean()), 4)}
    return df, summary


def _table(df: pd.DataFrame) -> str:
    head = "| " + " | ".join([df.index.name or ""] + [str(c) for c in df.columns]) + " |"
    rule = "|" + "---|" * (len(df.columns) + 1)
    body = ["| " + " | ".join([str(i)] + [str(v) for v in row]) + " |" for i, row in zip(df.index, df.values)]
    return "\n".join([head, rule] + body)


def main(argv: list[str]) -> int:
    if not argv:
        print("bench_archive: no ARCHIVE_DIR given; skipped (see the module notes)", file=sys.stderr)
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    archive = Path(argv[0])
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = helpers.load_corpus(archive, catalog=False, on_bad_file="warn")
    load_s = time.perf_counter() - t0
    total, hit, misses = label_recall(corpus)
    u = corpus.utterances
    labelled = u[u["attribution"] == "labelled"]
    roles = labelled["role"].value_counts().reindex(helpers.corpus.ROLE_ORDER, fill_value=0)
    acts = labelled["act"].value_counts()
    df, agree = gold_agreement(corpus, archive)
    confusion = pd.crosstab(df["gold_role"], df["role"].replace("", "(no turn)"))
    wrong = df[~df["role_ok"] | ~df["act_ok"]]
    result = {
        "archive_files": int(len(corpus.events) + len(corpus.skipped)),
        "events": int(len(corpus.events)),
        "skipped": corpus.skipped.to_dict("records"),
        "warnings": len(caught),
        "turns": int(len(u)),
        "labelled_turns": int(len(labelled)),
        "label_like_lines": total,
        "label_like_starting_a_turn": hit,
        "label_recall": round(hit / total, 5) if total else None,
        "roles": {k: int(v) for k, v in roles.items()},
        "acts": {k: int(v) for k, v in acts.items()},
        "gold": agree,
        "load_seconds": round(load_s, 1),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "archive.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        "# Loader on a real archive",
        "",
        "Measured by `bench/bench_archive.py` on the archive used in development (White House press",
        "briefings, 2021-01 to 2025-01, `.md` files in month folders; no catalog).",
        "",
        f"- files: {result['archive_files']}, events loaded: {result['events']}, left out: {len(corpus.skipped)}",
        f"- turns: {result['turns']} ({result['labelled_turns']} labelled)",
        f"- label-like lines that start a turn: {hit} of {total} = **{hit / total:.2%}** (target >= 99.5%)",
        f"- role accuracy on the 250-turn hand-checked sample: **{agree['role_accuracy']:.1%}** "
        f"(target >= 98%); act accuracy: **{agree['act_accuracy']:.1%}**; gold turns found: {agree['found']} of {agree['n']}",
        f"- load time: {load_s:.0f} s (one run)",
        "",
        "## Roles of labelled turns",
        "",
        "| role | turns | share |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {v} | {v / max(1, len(labelled)):.1%} |" for k, v in roles.items()]
    lines += ["", "## Acts of labelled turns", "", "| act | turns |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in acts.items()]
    lines += ["", "## Role confusion on the gold sample (rows: gold)", "", _table(confusion), ""]
    lines += ["## Files left out", ""]
    lines += [f"- `{r['file']}`: {r['reason']}" for r in result["skipped"]] or ["- none"]
    lines += ["", "## Gold turns with a wrong role or act", "", "| file:line | label | gold | loader |", "|---|---|---|---|"]
    lines += [f"| {r.file.split('/')[-1][:60]}:{r.line} | {r.label} | {r.gold_role}/{r.gold_act} | "
              f"{r.role or '(no turn)'}/{r.act} |" for r in wrong.itertuples()]
    lines += ["", "## Label-like lines that do not start a turn (first 40)", ""]
    lines += [f"- {m}" for m in misses] or ["- none"]
    (OUT / "archive.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"label recall {hit}/{total} = {hit / total:.4f}; role acc {agree['role_accuracy']}; "
          f"act acc {agree['act_accuracy']}; {load_s:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
