"""The hand-coded topic samples of the briefing archive and the protocol that says how each is used.

Each sample is a file of coded turns (and one of the turns just before them) under ``annotations/``;
its coding note (the ``.md`` beside it) says how it was drawn and coded. The protocol sorts the
samples into **development data** (tuned on), **out of sample** (scored only to report) and
**reserved** (coded, never tagged or scored yet). :mod:`helpers.evaluation.topics` reads them.
"""
from __future__ import annotations

from pathlib import Path

from .. import config

#: Turns from White House briefings coded before the tagger was tuned (notes in the ``.md``),
#: split by transcript into a ``dev`` and a ``test`` half.
ARCHIVE_GOLD_PATH = config.ANNOTATIONS_DIR / "topics_archive_gold.csv"

#: The turns just before each sampled turn (up to three, when not sampled themselves), verbatim
#: from the same transcripts: the exchange a short follow-up continues. Not coded, not scored.
ARCHIVE_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_context.csv"


def sample_paths(split: str) -> tuple[Path, Path]:
    """The gold file and the context file of a sample kept in files of its own."""
    return (config.ANNOTATIONS_DIR / f"topics_archive_{split}.csv",
            config.ANNOTATIONS_DIR / f"topics_archive_{split}_context.csv")


def second_coding_path(split: str) -> Path:
    """The second, independent coding of a sample (``annotations/second_coding/README.md``)."""
    return config.ANNOTATIONS_DIR / "second_coding" / f"topics_archive_{split}.csv"


#: The samples kept in files of their own: ``split -> (gold file, context file)``, read when
#: :func:`evaluate_archive` is asked for that split with the default gold file. In the order they
#: were coded (each coding note says how):
#:
#: * ``fresh``: 9 briefings, coded while the tagger was being tuned, never read for errors;
#: * ``blind``: 11 briefings, coded without the tagger or its lexicon in view; scored several
#:   times as a check, then made development data;
#: * ``check``: 11 briefings, coded blind while the tagger was retuned, scored once after that
#:   tuning, development data since;
#: * ``sealed``: 11 briefings, coded blind while the tagger was retuned with every earlier sample as
#:   development data, scored first after that tuning;
#: * ``wide`` to ``wide10``: runs of 20 turns from transcripts drawn at random among the
#:   foreign-affairs titles, each with its own seed, coded blind (``wide2`` on: twice); each scored
#:   once out of sample (``wide`` and ``wide2`` with the tagger unchanged, the others after the round
#:   they were coded before), then made development data: ``wide`` to ``wide6`` read for errors and
#:   tuned on; ``wide7``, ``wide8`` and ``wide9`` (scored with the same lexicon, ``wide9`` after the
#:   topic model's first round) training data of the topic model's second round, the lexicon
#:   unchanged; ``wide10`` reserved for that round's check.
EXTRA_SAMPLES = {split: sample_paths(split)
                 for split in ("fresh", "blind", "check", "sealed", "wide", "wide2", "wide3", "wide4", "wide5", "wide6",
                               "wide7", "wide8", "wide9", "wide10")}

#: Samples coded blind and kept for the next round's out-of-sample check (``split -> (gold file,
#: context file)``): neither development data nor yet out of sample, they are never tagged or scored
#: (:func:`evaluate_archive` refuses them) until the round they check is over; that round moves
#: them to :data:`EXTRA_SAMPLES` and :data:`OUT_OF_SAMPLE_SPLITS`. ``wide11``: 32 transcripts drawn
#: after ``wide10`` was scored, coded twice for the next round.
RESERVED_SAMPLES = {"wide11": sample_paths("wide11")}

#: The protocol. The archive splits the lexicon and rules are tuned on (**development data**,
#: in sample): the ``dev`` half; the ``test`` half and the ``blind`` sample, each scored several
#: times as clean checks and then, spent as checks, read for errors and tuned on too; and the
#: ``check`` sample, scored once as an out-of-sample check and, spent, tuned on since; and the
#: ``wide`` to ``wide6`` samples, each scored once out of sample, then read for errors and tuned on;
#: and ``wide7`` to ``wide9``, each scored once out of sample, then trained on by the topic model.
DEVELOPMENT_SPLITS = ("dev", "test", "blind", "check", "wide", "wide2", "wide3", "wide4", "wide5", "wide6",
                      "wide7", "wide8", "wide9")

#: The development samples the lexicon and the tagger's rules were never tuned on: scored once out
#: of sample with the lexicon as it still is, then training data of the topic model only.
MODEL_ONLY_SPLITS = ("wide7", "wide8", "wide9")

#: What each development sample scored (micro-F1, primary accuracy) as a clean check, before its
#: errors were read: at its last scoring out of sample (``test`` and ``blind`` were scored several
#: times as checks; the others once). A round that makes a sample development data records it here.
CHECK_SCORES = {"test": (0.772, 0.750), "blind": (0.673, 0.619), "check": (0.680, 0.623), "wide": (0.679, 0.685),
                "wide2": (0.582, 0.586), "wide3": (0.683, 0.677), "wide4": (0.679, 0.677), "wide5": (0.667, 0.639),
                "wide6": (0.660, 0.664), "wide7": (0.684, 0.675), "wide8": (0.683, 0.642), "wide9": (0.741, 0.717)}

#: The archive splits that are **out of sample**: never read for errors, never tuned on, scored
#: only to report (``sealed`` and ``fresh``, then ``wide10``, drawn at random among the
#: foreign-affairs titles and scored first after the topic model's second round).
OUT_OF_SAMPLE_SPLITS = ("sealed", "fresh", "wide10")

#: The order splits are reported in: out of sample first, then the development data.
SPLIT_ORDER = (*OUT_OF_SAMPLE_SPLITS, "wide9", "wide8", "wide7", "wide6", "wide5", "wide4", "wide3", "wide2", "wide", "check", "blind", "test", "dev")

#: Second codings of the scored samples, made independently of the first (same columns as the
#: first coding; ``split -> file``): how far two codings of the same turns agree.
SECOND_CODINGS = {split: second_coding_path(split) for split in ("sealed", "fresh", "wide2", "wide3", "wide4", "wide5", "wide6",
                                                      "wide7", "wide8", "wide9", "wide10")}

#: The second codings of the reserved samples, made with them (``split -> file``).
RESERVED_SECOND_CODINGS = {split: second_coding_path(split) for split in RESERVED_SAMPLES}
