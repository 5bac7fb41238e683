"""The hand-coded topic samples of the briefing archive and the protocol that says how each is used.

Each sample is a file of coded turns (and one of the turns just before them) under ``annotations/``;
its coding note (the ``.md`` beside it) says how it was drawn and coded. The protocol sorts the
samples into **development data** (tuned on), **out of sample** (scored only to report) and
**reserved** (coded, never tagged or scored yet). :mod:`helpers.evaluation.topics` reads them.
"""
from __future__ import annotations

from .. import config

#: Turns from White House briefings coded before the tagger was tuned (notes in the ``.md``),
#: split by transcript into a ``dev`` and a ``test`` half.
ARCHIVE_GOLD_PATH = config.ANNOTATIONS_DIR / "topics_archive_gold.csv"

#: A second blind sample of the archive (split ``fresh``, other transcripts), coded while the
#: tagger was being tuned and never read for errors: the out-of-sample check.
ARCHIVE_FRESH_PATH = config.ANNOTATIONS_DIR / "topics_archive_fresh.csv"
ARCHIVE_FRESH_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_fresh_context.csv"

#: A third blind sample (split ``blind``, 11 more briefings), coded without the tagger or its
#: lexicon in view; scored several times as a check, then made development data.
ARCHIVE_BLIND_PATH = config.ANNOTATIONS_DIR / "topics_archive_blind.csv"
ARCHIVE_BLIND_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_blind_context.csv"

#: A fourth blind sample (split ``check``, 11 more briefings), coded without the tagger or its
#: lexicon in view while the tagger was retuned on the development data, scored once after that
#: tuning as an out-of-sample check, and development data since (see its coding note).
ARCHIVE_CHECK_PATH = config.ANNOTATIONS_DIR / "topics_archive_check.csv"
ARCHIVE_CHECK_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_check_context.csv"

#: A fifth blind sample (split ``sealed``, 11 more briefings), coded without the tagger or its
#: lexicon in view while the tagger was retuned with every earlier sample as development data,
#: and scored first after that tuning (see its coding note). Out of sample.
ARCHIVE_SEALED_PATH = config.ANNOTATIONS_DIR / "topics_archive_sealed.csv"
ARCHIVE_SEALED_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_sealed_context.csv"

#: A sixth blind sample (split ``wide``, 724 turns of 40 more transcripts drawn at random among the
#: foreign-affairs titles), coded without the tagger or its lexicon in view and scored first with
#: the tagger unchanged (see its coding note). Out of sample; meant as development data for the next
#: tuning, with ``sealed`` and ``fresh`` kept out of sample.
ARCHIVE_WIDE_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide.csv"
ARCHIVE_WIDE_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide_context.csv"

#: A seventh blind sample (split ``wide2``, 590 turns of 32 more transcripts drawn as ``wide`` was,
#: with another seed), coded without the tagger or its lexicon in view and scored first with the
#: tagger unchanged (see its coding note); out of sample then, development data since.
ARCHIVE_WIDE2_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide2.csv"
ARCHIVE_WIDE2_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide2_context.csv"

#: An eighth blind sample (split ``wide3``, 600 turns of 32 more transcripts drawn as ``wide`` was,
#: with a third seed), coded without the tagger or its lexicon in view while the tagger was tuned on
#: ``wide`` and ``wide2``, and scored first after that tuning (see its coding note); out of sample
#: then, development data since.
ARCHIVE_WIDE3_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide3.csv"
ARCHIVE_WIDE3_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide3_context.csv"

#: A ninth blind sample (split ``wide4``, 601 turns of 32 more transcripts drawn as ``wide`` was,
#: with a fourth seed), coded twice without the tagger or its lexicon in view before the tagger was
#: tuned on ``wide3``, and scored first after that tuning (see its coding note); out of sample
#: then, development data since.
ARCHIVE_WIDE4_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide4.csv"
ARCHIVE_WIDE4_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide4_context.csv"

#: A tenth blind sample (split ``wide5``, 599 turns of 32 more transcripts drawn as ``wide`` was,
#: with a fifth seed), coded twice without the tagger or its lexicon in view and reserved (never
#: tagged) while the tagger was tuned on ``wide4``, and scored first after that tuning (see its
#: coding note). Out of sample.
ARCHIVE_WIDE5_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide5.csv"
ARCHIVE_WIDE5_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide5_context.csv"

#: An eleventh blind sample (split ``wide6``, drawn as ``wide`` was, with a sixth seed), coded twice
#: without the tagger or its lexicon in view and **not yet scored**: kept for the out-of-sample check
#: of the next round of tuning (see its coding note and :data:`RESERVED_SAMPLES`).
ARCHIVE_WIDE6_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide6.csv"
ARCHIVE_WIDE6_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_wide6_context.csv"

#: The samples kept in files of their own: ``split -> (gold file, context file)``, read when
#: :func:`evaluate_archive` is asked for that split with the default gold file.
EXTRA_SAMPLES = {"fresh": (ARCHIVE_FRESH_PATH, ARCHIVE_FRESH_CONTEXT_PATH),
                 "blind": (ARCHIVE_BLIND_PATH, ARCHIVE_BLIND_CONTEXT_PATH),
                 "check": (ARCHIVE_CHECK_PATH, ARCHIVE_CHECK_CONTEXT_PATH),
                 "sealed": (ARCHIVE_SEALED_PATH, ARCHIVE_SEALED_CONTEXT_PATH),
                 "wide": (ARCHIVE_WIDE_PATH, ARCHIVE_WIDE_CONTEXT_PATH),
                 "wide2": (ARCHIVE_WIDE2_PATH, ARCHIVE_WIDE2_CONTEXT_PATH),
                 "wide3": (ARCHIVE_WIDE3_PATH, ARCHIVE_WIDE3_CONTEXT_PATH),
                 "wide4": (ARCHIVE_WIDE4_PATH, ARCHIVE_WIDE4_CONTEXT_PATH),
                 "wide5": (ARCHIVE_WIDE5_PATH, ARCHIVE_WIDE5_CONTEXT_PATH)}

#: Samples coded blind and kept for the next round's out-of-sample check (``split -> (gold file,
#: context file)``): neither development data nor yet out of sample, they are never tagged or scored
#: (:func:`evaluate_archive` refuses them) until the round they check is over; that round moves
#: them to :data:`EXTRA_SAMPLES` and :data:`OUT_OF_SAMPLE_SPLITS`.
RESERVED_SAMPLES = {"wide6": (ARCHIVE_WIDE6_PATH, ARCHIVE_WIDE6_CONTEXT_PATH)}

#: The second codings of the reserved samples, made with them (``split -> file``).
RESERVED_SECOND_CODINGS = {split: config.ANNOTATIONS_DIR / "second_coding" / f"topics_archive_{split}.csv"
                           for split in RESERVED_SAMPLES}

#: The protocol. The archive splits the lexicon and rules are tuned on (**development data**,
#: in sample): the ``dev`` half; the ``test`` half and the ``blind`` sample, each scored several
#: times as clean checks and then, spent as checks, read for errors and tuned on too; and the
#: ``check`` sample, scored once as an out-of-sample check and, spent, tuned on since; and the
#: ``wide`` to ``wide4`` samples, each scored once out of sample, then read for errors and tuned on.
DEVELOPMENT_SPLITS = ("dev", "test", "blind", "check", "wide", "wide2", "wide3", "wide4")

#: The archive splits that are **out of sample**: never read for errors, never tuned on, scored
#: only to report (``sealed`` and ``fresh``, then ``wide5``, drawn at random among the
#: foreign-affairs titles).
OUT_OF_SAMPLE_SPLITS = ("sealed", "fresh", "wide5")

#: The order splits are reported in: out of sample first, then the development data.
SPLIT_ORDER = (*OUT_OF_SAMPLE_SPLITS, "wide4", "wide3", "wide2", "wide", "check", "blind", "test", "dev")

#: The turns just before each sampled turn (up to three, when not sampled themselves), verbatim
#: from the same transcripts: the exchange a short follow-up continues. Not coded, not scored.
ARCHIVE_CONTEXT_PATH = config.ANNOTATIONS_DIR / "topics_archive_context.csv"

#: Second codings of the out-of-sample samples, made independently of the first (same columns
#: as the first coding; ``split -> file``; ``annotations/second_coding/README.md`` says how):
#: how far two codings of the same turns agree.
SECOND_CODINGS = {split: config.ANNOTATIONS_DIR / "second_coding" / f"topics_archive_{split}.csv"
                  for split in ("sealed", "fresh", "wide2", "wide3", "wide4", "wide5")}
