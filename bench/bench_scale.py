"""Scale benchmark: the whole analysis (load, captions turns, topics, exchanges, question design,
clarity) on growing shares of an archive, cold and from the cache.

Run: ``.venv/bin/python bench/bench_scale.py ARCHIVE_DIR [--fractions 0.1 0.25 0.5 1.0]``. Writes
``bench/results/scale.md`` and ``.json``. Each measurement runs in a fresh process, which reports
its wall time and peak resident memory. In the same run, a plain-Python pass (read every file,
lower-case it, find all words) over the same files gives the yardstick: the report states each
time as a ratio to it, since absolute times on a shared machine say little. Scaling is the time
at 100% over the time at 10% (linear: 10).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers import config

CHILD = r"""
import json, resource, sys, time
import helpers
t = time.perf_counter()  # after the imports: the analysis itself, cold or from the cache
a = helpers.analyse(sys.argv[1], cache=sys.argv[2] == "cache", on_bad_file="skip")
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "events": len(a.events), "turns": len(a.utterances)}))
"""

WORD_PASS = r"""
import json, re, sys, time
from pathlib import Path
t = time.perf_counter()
words = 0
for p in sorted(Path(sys.argv[1]).rglob("*")):
    if p.is_file():
        words += len(re.findall(r"\w+", p.read_text(encoding="utf-8", errors="replace").lower()))
print(json.dumps({"seconds": time.perf_counter() - t, "words": words}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def _subset(archive: Path, fraction: float, into: Path) -> tuple[Path, int]:
    files = sorted(p for p in archive.rglob("*.md") if p.is_file())
    keep = files[: max(1, round(len(files) * fraction))]
    for p in keep:
        target = into / p.relative_to(archive)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, target)
    return into, sum(p.stat().st_size for p in keep)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", type=Path, help="folder of transcripts, e.g. the unpacked White House archive")
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.1, 0.25, 0.5, 1.0])
    ap.add_argument("--out", type=Path, default=config.BENCH_DIR / "results")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fraction in args.fractions:
            folder, size = _subset(args.archive, fraction, Path(tmp) / f"f{fraction}")
            cache_dir = config.BUILD_DIR / "cache"
            before = set(cache_dir.iterdir()) if cache_dir.exists() else set()
            words = _run(WORD_PASS, str(folder))
            cold = _run(CHILD, str(folder), "cache")   # cold: a new folder has no cache entry yet
            cached = _run(CHILD, str(folder), "cache")
            for entry in (set(cache_dir.iterdir()) - before) if cache_dir.exists() else ():
                shutil.rmtree(entry, ignore_errors=True)
            row = {"fraction": fraction, "mb": size / 1e6, "events": cold["events"], "turns": cold["turns"],
                   "word_pass_s": words["seconds"], "cold_s": cold["seconds"], "cached_s": cached["seconds"],
                   "cold_peak_mb": cold["peak_mb"], "cached_peak_mb": cached["peak_mb"]}
            row["mb_per_s"] = row["mb"] / row["cold_s"]
            row["ratio_to_word_pass"] = row["cold_s"] / row["word_pass_s"]
            rows.append(row)
            print(json.dumps(row), flush=True)
    result = {"archive_files": len(list(args.archive.rglob("*.md"))), "rows": rows}
    if len(rows) > 1:
        result["scaling_last_over_first"] = rows[-1]["cold_s"] / rows[0]["cold_s"]
        result["size_last_over_first"] = rows[-1]["mb"] / rows[0]["mb"]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    lines = ["# Scale: the whole analysis on shares of an archive", "",
             f"Produced by `bench/bench_scale.py` on {result['archive_files']} archive files; each time measured in "
             "a fresh process in one run (a shared machine: read the ratios, not the seconds).", "",
             "| share | MB | events | turns | word pass s | cold s | cold / word pass | MB/s | peak MB | cached s |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['fraction']:.0%} | {r['mb']:.1f} | {r['events']} | {r['turns']} | {r['word_pass_s']:.2f} | "
                     f"{r['cold_s']:.1f} | {r['ratio_to_word_pass']:.0f} | {r['mb_per_s']:.2f} | "
                     f"{r['cold_peak_mb']:.0f} | {r['cached_s']:.2f} |")
    if "scaling_last_over_first" in result:
        lines += ["", f"Time at the largest share over the smallest: {result['scaling_last_over_first']:.1f} "
                      f"for {result['size_last_over_first']:.1f} times the data."]
    (args.out / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'scale.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
