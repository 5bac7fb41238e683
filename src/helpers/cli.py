"""Command line: ``python -m helpers {export,clarity,report,refresh,train-turns} ...``."""
from __future__ import annotations

import argparse
import sys
import warnings

from .errors import InputError


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings about the user's files, one line each, without the package's source location."""
    print(f"warning: {message}", file=sys.stderr)


def _positive(value: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Press-conference analysis: export tidy tables, score answer clarity, execute the notebooks.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    exp = sub.add_parser(
        "export",
        help="write the corpus tables as CSV files",
        description="Load the transcripts of a folder (default: the project's seeds/) and write "
                    "events.csv (one row per press conference), utterances.csv (one row per speaker "
                    "turn, with offsets into the source text, topics and answer clarity), sentences.csv "
                    "(one row per sentence, with topics), topics.csv (per event and codebook topic: "
                    "prominence with bootstrap intervals, agenda) and exchanges.csv (each reporter "
                    "question with the turns that respond to it) and skipped.csv (files left out, with "
                    "the reason) as UTF-8 CSV files into OUTDIR. The folder's subfolders are read too; "
                    "transcripts are .txt, .md, caption files (.srt, .vtt) and saved web pages (.html, .htm).",
    )
    exp.add_argument("outdir", metavar="OUTDIR", help="folder to write the CSV files into (created if missing)")
    exp.add_argument("--seeds", metavar="DIR", default=None,
                     help="folder of transcripts (and optional events.yml catalog); default: the project's seeds/")
    exp.add_argument("--lexicon", metavar="FILE", default=None,
                     help="topic lexicon CSV (topic,term,kind,strength,note); default: the package lexicon")
    exp.add_argument("--on-bad-file", choices=["error", "warn", "skip"], default="error",
                     help="a transcript that cannot be read: stop with its error (default), or leave it out "
                          "with a warning (warn) or quietly (skip); either way it is listed in skipped.csv")
    exp.add_argument("--no-cache", action="store_true",
                     help="analyse afresh even if build/cache/ holds an analysis of the same content")
    exp.add_argument("--jobs", type=_positive, default=None, metavar="N",
                     help="worker processes for the per-file stages (default: the cores available, at most 4; "
                          "1 runs in one process); the tables are the same either way")
    exp.add_argument("--dask", metavar="ADDRESS", default=None,
                     help="run the per-file stages on a Dask cluster (scheduler address such as tcp://host:8786; "
                          "needs the dask extra) and also write Parquet partitioned by event into OUTDIR/parquet")
    exp.add_argument("--parquet", action="store_true",
                     help="also write the tables as Parquet partitioned by event into OUTDIR/parquet")
    cla = sub.add_parser(
        "clarity",
        help="score the clarity of answers in a CSV file with the trained model",
        description="Read IN.csv (UTF-8, one row per question and answer, columns 'question' and 'answer'; "
                    "other columns are passed through) and write OUT.csv with the same rows plus: clarity "
                    "(reply | ambivalent | non_reply, the most probable class), clarity_type (the fine type of "
                    "the CLARITY / QEvasion taxonomy within that class), p_reply, p_ambivalent, p_non_reply "
                    "(class probabilities) and evidence (the clarity markers that fired and the features that "
                    "weighed most). The model is a logistic regression trained on the QEvasion training split "
                    "(US presidential news conferences; see src/helpers/data/models/clarity_model.md for its "
                    "out-of-sample scores). Pass as 'question' the reporter's question the answer responds to; a "
                    "question cell asking several questions (sentences ending in '?') is split, the answer scored against "
                    "each and the probabilities averaged; the evidence gives each question's class. With a column "
                    "interview_question (the reporter's whole turn, as in QEvasion), the rows sharing it and the "
                    "answer are that turn's sub-questions: each is scored with its place among them, as in training. "
                    "Without it, consecutive rows with the same answer text are read as one turn's questions; a "
                    "row on its own whose question asks several questions is split and the probabilities averaged. "
                    "--coding project gives the labels of the project's own hand coding of briefing answers (the "
                    "rules the seeds were coded on), as the analysis of transcripts does; the default, qevasion, "
                    "gives those of QEvasion's annotators, who call more answers ambivalent.",
    )
    cla.add_argument("infile", metavar="IN.csv", help="CSV with columns question and answer")
    cla.add_argument("outfile", metavar="OUT.csv", help="CSV to write (the input rows plus the clarity columns)")
    cla.add_argument("--coding", choices=("qevasion", "project"), default="qevasion",
                     help="whose line between a reply and an ambivalent answer the labels follow: QEvasion's "
                          "annotators (default) or the project's hand coding of briefing answers")
    sub.add_parser("report", help="execute every notebook into build/notebooks, regenerate figures/ and write "
                                  "the HTML report build/report/index.html")
    ref = sub.add_parser("refresh", help="re-execute committed notebooks in place (after changing the analysis)")
    ref.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="notebook files; default: all")
    tr = sub.add_parser("train-turns", help="train the captions speaker-role model on an archive of labelled briefing transcripts",
                        description="Train the captions speaker-role model on ARCHIVE (labelled briefing transcripts, "
                                    "YYYY-MM/*.md) and write turn_model.json and turn_model.md into OUTDIR "
                                    "(default: the package's data/models). Deterministic.")
    tr.add_argument("archive", metavar="ARCHIVE", help="folder of the archive")
    tr.add_argument("--out", metavar="OUTDIR", default=None, help="folder for the model file and card")
    tr.add_argument("--max-train", type=int, default=None, help="training files used (default: the package's setting)")
    tr.add_argument("--max-valid", type=int, default=None, help="validation files used (default: the package's setting)")
    tr.add_argument("--reuse", metavar="MODEL", default=None,
                    help="take the two classifiers from this model file when it was trained on the same units and "
                         "features (they do not depend on the weights chosen on the validation files); the output is "
                         "the same as without it")
    args = parser.parse_args(argv)
    warnings.showwarning = _show_warning
    try:
        if args.command == "export":
            from .export import export_corpus

            for path in export_corpus(args.outdir, args.seeds, args.lexicon, args.on_bad_file,
                                      cache=not args.no_cache, n_jobs=args.jobs, dask=args.dask,
                                      parquet=args.parquet or None):
                print(path)
        elif args.command == "clarity":
            from .qa import score_csv

            n = score_csv(args.infile, args.outfile, coding=args.coding)
            print(f"{args.outfile}: {n} rows", file=sys.stderr)
        elif args.command == "report":
            from .report import run_all, write_html_report

            executed = run_all()
            for path in executed:
                print(path.relative_to(path.parents[2]))
            index = write_html_report(executed)
            print(index.relative_to(index.parents[2]))
        elif args.command == "refresh":
            from pathlib import Path

            from .report import notebook_paths, refresh_notebook

            for path in [Path(p) for p in args.notebooks] or notebook_paths():
                print(f"refreshing {path.name}", file=sys.stderr)
                refresh_notebook(path.resolve())
        elif args.command == "train-turns":
            from .turns import _training

            _training.train(args.archive, args.out,
                            max_train=args.max_train or _training.MAX_TRAIN_FILES,
                            max_valid=args.max_valid or _training.MAX_VALID_FILES, reuse=args.reuse,
                            log=lambda msg: print(msg, file=sys.stderr))
    except (InputError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
