"""Benchmark: loading speed and memory of the loader, on the seeds repeated many times.

Run: ``.venv/bin/python bench/bench_loader.py [--copies N]``. Writes ``bench/results/loader.json``
and ``bench/results/loader.md``. Numbers from one run on a shared machine are noisy; the ratios
(per-copy time at scale vs. at small size; peak memory per source byte) are what to compare.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import helpers
from helpers import config

OFFICIAL = ["001_b219ddfb84c489c3.txt", "002_8377b08365b59c23.txt"]


def make_folder(root: Path, copies: int) -> int:
    """Copy the labelled seeds ``copies`` times into ``root``; return the bytes written."""
    root.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(copies):
        for name in OFFICIAL:
            data = (config.SEEDS_DIR / name).read_bytes()
            (root / f"{i:05d}_{name}").write_bytes(data)
            total += len(data)
    return total


def measure(folder: Path) -> dict:
    t0 = time.perf_counter()
    corpus = helpers.load_corpus(folder)
    seconds = time.perf_counter() - t0
    tracemalloc.start()
    corpus = helpers.load_corpus(folder)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": seconds, "peak_bytes": peak, "utterances": len(corpus.utterances),
            "sentences": len(corpus.sentences)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=200, help="copies of the labelled seeds at the large size")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-loader-"))
    try:
        small_bytes = make_folder(tmp / "small", 2)
        large_bytes = make_folder(tmp / "large", args.copies)
        small, large = measure(tmp / "small"), measure(tmp / "large")
    finally:
        shutil.rmtree(tmp)
    per_copy_small = small["seconds"] / 2
    per_copy_large = large["seconds"] / args.copies
    result = {
        "copies": args.copies,
        "source_bytes": large_bytes,
        "utterances": large["utterances"],
        "sentences": large["sentences"],
        "seconds": round(large["seconds"], 3),
        "source_mb_per_second": round(large_bytes / 1e6 / large["seconds"], 2),
        "scaling_ratio_per_copy_large_vs_small": round(per_copy_large / per_copy_small, 2),
        "peak_memory_per_source_byte": round(large["peak_bytes"] / large_bytes, 1),
        "peak_memory_per_source_byte_small": round(small["peak_bytes"] / small_bytes, 1),
    }
    out = config.BENCH_DIR / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "loader.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = ["# Loader benchmark", "", f"Seeds 001 and 002 copied {args.copies} times "
             f"({large_bytes / 1e6:.1f} MB of source).", "", "| measure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in result.items()]
    (out / "loader.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
