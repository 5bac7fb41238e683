"""Scale benchmark: the whole analysis (load, captions turns, topics, exchanges, question design,
clarity) on growing shares of an archive, cold and from the cache.

Run: ``.venv/bin/python bench/bench_scale.py ARCHIVE_DIR [--fractions 0.1 0.25 0.5 1.0] [--report]``.
Writes ``bench/results/scale.md`` and ``.json``. Each measurement runs in a fresh process, which
reports its wall time and peak resident memory (of the process and, for a parallel run, of its
worker processes). In the same run, a plain-Python pass (read every file, lower-case it, find
all words) over the same files gives the yardstick: the report states each time as a ratio to
it, since absolute times on a shared machine say little. Each share is analysed cold in one
process (``n_jobs=1``, storing into a cache folder of its own) and cold with worker processes
(the default, storing into ``build/cache``), then from the cache; the speed-up is the serial
time over the parallel one. Scaling is the time at 100% over the time at
10% (linear: 10). ``--report`` also times ``make report`` against executing the same notebooks
with bare papermill (no report wrapper, no export), in the same run: the bare notebooks run once
first (which fills the analysis cache), then ``make report``, then the bare notebooks again.
At the largest share, one stage is also timed alone, serial, beside a word pass in the same
process: the trained answer-clarity model (its features and its scores) on every answer with
the question it answers (from the cached tables), a floor under what the whole run can cost.
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
jobs = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] != "default" else None
if len(sys.argv) > 4:  # a cache folder of its own: a cold run that stores its tables like any other
    from pathlib import Path
    helpers.cache.CACHE_DIR = Path(sys.argv[4])
a = helpers.analyse(sys.argv[1], cache=sys.argv[2] == "cache", on_bad_file="skip", n_jobs=jobs)
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "events": len(a.events), "turns": len(a.utterances)}))
"""

#: The yardstick: read every file of the folder in ``sys.argv[1]``, lower-case it, find all words
#: (sets ``words`` and ``word_pass``, in seconds).
WORD_COUNT = r"""
t = time.perf_counter()
words = 0
for p in sorted(Path(sys.argv[1]).rglob("*")):
    if p.is_file():
        words += len(re.findall(r"\w+", p.read_text(encoding="utf-8", errors="replace").lower()))
word_pass = time.perf_counter() - t
"""

WORD_PASS = r"""
import json, re, sys, time
from pathlib import Path
""" + WORD_COUNT + r"""
print(json.dumps({"seconds": word_pass, "words": words}))
"""


FLOOR = r"""
import json, re, sys, time
from pathlib import Path
import helpers
from helpers.qa import load_clarity_model
from helpers.qa._clarity import _question_texts
from helpers.qa._exchanges import answer_turn_table
a = helpers.analyse(sys.argv[1], cache=True, on_bad_file="skip")  # reopened from the cache
tables = a.tables()
u = tables["utterances"]
turns = answer_turn_table(tables["exchanges"]).merge(u[["event_id", "turn", "text"]], on=["event_id", "turn"])
questions = _question_texts(u, tables["exchanges"], turns)
answers = turns["text"].fillna("").tolist()
model = load_clarity_model()
""" + WORD_COUNT + r"""
t = time.perf_counter()
model.predict(questions, answers)
print(json.dumps({"word_pass_s": word_pass, "clarity_s": time.perf_counter() - t, "answers": len(answers)}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed(cmd: list[str], cwd: Path | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True,
                   env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return time.perf_counter() - t


def report_vs_bare() -> dict:
    """``make report`` (the notebooks through the report wrapper, the HTML page, the CSV export)
    against executing the same notebooks with bare papermill, one after the other."""
    root = config.ROOT
    books = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    papermill = str(Path(sys.executable).with_name("papermill"))

    def bare_run() -> float:
        with tempfile.TemporaryDirectory() as tmp:
            return sum(_timed([papermill, "--no-progress-bar", "-k", "python3", str(nb), str(Path(tmp) / nb.name),
                               "--cwd", str(nb.parent)]) for nb in books)

    first = bare_run()  # fills the analysis cache, as a first make report would
    report = _timed(["make", "report"], root)
    bare = bare_run()   # the same cache as make report had
    return {"notebooks": len(books), "report_s": report, "bare_s": bare, "bare_first_s": first,
            "ratio": report / bare}


def _entries(cache_dir: Path) -> set[Path]:
    """Cache entries: whole analyses and, under ``events/``, single events."""
    found = {p for p in cache_dir.iterdir() if p.name != "events"} if cache_dir.exists() else set()
    return found | (set((cache_dir / "events").iterdir()) if (cache_dir / "events").exists() else set())


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
    ap.add_argument("--report", action="store_true", help="also time make report against bare papermill runs")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fraction in args.fractions:
            folder, size = _subset(args.archive, fraction, Path(tmp) / f"f{fraction}")
            cache_dir = config.BUILD_DIR / "cache"
            before = _entries(cache_dir)
            words = _run(WORD_PASS, str(folder))
            serial = _run(CHILD, str(folder), "cache", "1", str(Path(tmp) / f"cache-serial-{fraction}"))
            cold = _run(CHILD, str(folder), "cache", "default")   # cold: a new folder has no cache entry yet
            cached = _run(CHILD, str(folder), "cache")
            if fraction == args.fractions[-1]:
                # one stage alone, serial, beside a word pass in the same process: the trained
                # answer-clarity model on every answer of the largest share (its tables from the cache)
                floor = _run(FLOOR, str(folder))
            for entry in _entries(cache_dir) - before:  # the next share starts cold again
                shutil.rmtree(entry, ignore_errors=True)
            row = {"fraction": fraction, "mb": size / 1e6, "events": cold["events"], "turns": cold["turns"],
                   "word_pass_s": words["seconds"], "cold_s": cold["seconds"], "cached_s": cached["seconds"],
                   "serial_s": serial["seconds"], "speedup": serial["seconds"] / cold["seconds"],
                   "serial_peak_mb": serial["peak_mb"], "cold_peak_mb": cold["peak_mb"],
                   "worker_peak_mb": cold["children_peak_mb"], "cached_peak_mb": cached["peak_mb"]}
            row["mb_per_s"] = row["mb"] / row["cold_s"]
            row["ratio_to_word_pass"] = row["cold_s"] / row["word_pass_s"]
            rows.append(row)
            print(json.dumps(row), flush=True)
    result = {"archive_files": len(list(args.archive.rglob("*.md"))), "rows": rows, "cores": os.cpu_count(),
              "load_before": os.getloadavg()[0], "floor": {**floor, "ratio": floor["clarity_s"] / floor["word_pass_s"]}}
    if args.report:
        result["report"] = report_vs_bare()
        print(json.dumps(result["report"]), flush=True)
    if len(rows) > 1:
        result["scaling_last_over_first"] = rows[-1]["cold_s"] / rows[0]["cold_s"]
        result["size_last_over_first"] = rows[-1]["mb"] / rows[0]["mb"]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    lines = ["# Scale: the whole analysis on shares of an archive", "",
             f"Produced by `bench/bench_scale.py` on {result['archive_files']} archive files; each time measured in "
             "a fresh process in one run (a shared machine: read the ratios, not the seconds).", "",
             f"Machine: {result['cores']} cores, shared (load average {result['load_before']:.1f} at the start). "
             "*cold* runs the per-file stages and the topic measures in worker processes (the default), *serial* in one process; "
             "peak MB is the main process's peak resident memory (serial / parallel, and the largest worker's; "
             "and reopening from the cache).", "",
             "| share | MB | events | turns | word pass s | serial s | cold s | speed-up | cold / word pass | MB/s "
             "| peak MB serial / parallel / worker | cached s | cached peak MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['fraction']:.0%} | {r['mb']:.1f} | {r['events']} | {r['turns']} | {r['word_pass_s']:.2f} | "
                     f"{r['serial_s']:.1f} | {r['cold_s']:.1f} | {r['speedup']:.2f} | {r['ratio_to_word_pass']:.0f} | "
                     f"{r['mb_per_s']:.2f} | {r['serial_peak_mb']:.0f} / {r['cold_peak_mb']:.0f} / "
                     f"{r['worker_peak_mb']:.0f} | {r['cached_s']:.2f} | {r['cached_peak_mb']:.0f} |")
    if "scaling_last_over_first" in result:
        lines += ["", f"Time at the largest share over the smallest: {result['scaling_last_over_first']:.1f} "
                      f"for {result['size_last_over_first']:.1f} times the data."]
    fl = result["floor"]
    lines += ["", f"One stage alone at the largest share: the trained answer-clarity model (features and scores) on its "
                  f"{fl['answers']:,} answers took {fl['clarity_s']:.1f} s in one process, {fl['ratio']:.0f} times a word pass "
                  f"over the same files in that process ({fl['word_pass_s']:.2f} s); split perfectly over {result['cores']} cores, "
                  f"{fl['ratio'] / result['cores']:.0f} times. This stage alone is above the whole run's target of 2.5 times."]
    if "report" in result:
        rep = result["report"]
        lines += ["", f"`make report` took {rep['report_s']:.0f} s; executing the same {rep['notebooks']} notebooks with "
                      f"bare papermill took {rep['bare_s']:.0f} s: {rep['ratio']:.2f} times (both with the analysis cache "
                      f"filled by a first bare run, which took {rep['bare_first_s']:.0f} s)."]
    (args.out / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'scale.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
