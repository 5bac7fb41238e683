"""Labelled press-briefing transcripts turned into caption form, with the truth kept aside.

The training and the out-of-sample evaluation of the captions model (:mod:`._model`) need
captions whose speakers are known. An archive of labelled briefing transcripts (markdown files
with YAML front matter, ``YYYY-MM/*.md``) provides them: each file is read turn by turn, the
speaker labels (``Q``, ``MS. PSAKI:``, ``MODERATOR:``), the front matter, time lines
(``1:02 P.M. EDT``), ``END`` lines and stage directions (``(Laughter.)``) are dropped, each turn's
body is stripped like the labelled seeds in the generalisation check (:func:`helpers.text.strip_text`)
and the turns are joined by one space. The true role and turn of every word are kept aside.

Roles: ``Q`` is a reporter; ``MODERATOR`` / ``OPERATOR`` the moderator; any other official a
principal. Interpreters count as principals, aides as moderators, audience members as reporters.

Optional caption breakage imitates broadcast captions (full stops lost, spurious ones added), and
optional fragmentation imitates interpreted speech as live captions render it: some turns come
as short broken fragments (a full stop after every few words, some words lost), as the
interpreter's words do in captions of joint events. Both are driven by a random generator seeded
from the file name, so the output is deterministic.

The archive is split once and for all by a CRC-32 of each file name (:func:`split_files`): a
fifth is held out for evaluation and never trained on, a tenth is for validation (choices of
the training), the rest for training.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from ..text import strip_text

#: Labels of speakers who are neither officials nor reporters, and the role they count as.
OTHER_ROLE = {
    "INTERPRETER": "principal",
    "AIDE": "moderator", "WHITE HOUSE AIDE": "moderator", "MILITARY AIDE": "moderator",
    "AUDIENCE MEMBER": "reporter", "PARTICIPANT": "reporter", "PHOTOJOURNALIST": "reporter",
}


#: Upper-case words followed by a colon that are text, not speaker labels.
NOT_LABELS = frozenset({"COVID-19", "NATO", "CBS", "NSC", "SWIFT", "NSM", "RM", "CHIEF WHITE", "NOTE"})


#: Buckets (CRC-32 of the file name modulo 100) of the held-out and the validation files.
HELD_OUT_BUCKETS = range(0, 20)


VALIDATION_BUCKETS = range(20, 30)


#: Capitalised words that are titles, not names: they stay in the model's word features.
TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "madam", "president", "vice", "secretary", "senator", "governor",
                    "general", "ambassador", "minister", "congressman", "congresswoman", "leader", "speaker",
                    "chairman", "director", "administrator", "admiral", "mayor", "prime"})


_MODERATOR = re.compile(r"^(MODERATOR|MODEARTOR|MODERTOR|MOERATOR|OPERATOR)$")
_NBSP = "\u00a0"
_LABEL = re.compile(r"^[ \u00a0\t]*(?:(?P<q>Q)(?=[ \u00a0:]|$)[:]?|(?P<name>[A-Z][A-Z0-9 .,'\-]{1,60}?):(?=[ \u00a0]|$))",
                    re.M)
_TIME_LINE = re.compile(r"^[ \u00a0\t]*(?:END[ \u00a0]*)?\d{1,2}:\d{2}[ \u00a0]*[AP]\.?[ \u00a0]*M\.?(?:[ \u00a0]+[A-Z]{2,4})?[ \u00a0.]*$",
                        re.M | re.I)
_END_LINE = re.compile(r"^[ \u00a0\t]*END[ \u00a0.]*$", re.M)
_STAGE = re.compile(r"\((?:[^()]{0,80})\)")
_ESCAPE = re.compile(r"\\(.)")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_ALPHA_WORD = re.compile(r"^[\"'(\u201c\u2018]*([A-Za-z][a-z]+)(?:[^A-Za-z]|$)")


def read_archive(path: str | Path) -> str:
    """The body of an archive file: front matter removed, backslash escapes undone."""
    text = Path(path).read_text(encoding="utf-8")
    text = _FRONT.sub("", text, count=1)
    return _ESCAPE.sub(r"\1", text)


def label_role(label: str) -> str:
    """The role (``principal | reporter | moderator``) of an archive speaker label."""
    lab = " ".join(label.replace(_NBSP, " ").split()).upper()
    if lab == "Q":
        return "reporter"
    if _MODERATOR.match(lab):
        return "moderator"
    return OTHER_ROLE.get(lab, "principal")


def archive_turns(body: str) -> list[tuple[str, str, str]]:
    """Labelled turns of an archive body: ``(label, role, text in caption form)``.

    The text before the first label (time line, titles) is dropped, and so are empty turns.
    """
    body = _END_LINE.sub("", _TIME_LINE.sub("", body))
    marks = [m for m in _LABEL.finditer(body) if m.group("q") or m.group("name").strip() not in NOT_LABELS]
    out = []
    for k, m in enumerate(marks):
        stop = marks[k + 1].start() if k + 1 < len(marks) else len(body)
        label = "Q" if m.group("q") else m.group("name").strip()
        txt = " ".join(w for w in strip_text(_STAGE.sub(" ", body[m.end():stop])).split() if w != ".")
        if txt:
            out.append((label, label_role(label), txt))
    return out


def _break(words: list[str], rng: np.random.Generator, drop: float, insert: float) -> list[str]:
    """Lose some full stops and add spurious ones (caption breakage)."""
    out = []
    for w in words:
        if w.endswith(".") and len(w) > 1 and rng.random() < drop:
            w = w.rstrip(".") or w
        elif not w.endswith(".") and rng.random() < insert:
            w = w + "."
        out.append(w)
    return out


#: Fragmentation of interpreted turns: chance that a principal's turn (a reporter's turn) is
#: interpreted, chance of a full stop after a word of such a turn, and chance that a word is lost.
FRAGMENT_TURN = {"principal": 0.5, "reporter": 0.25, "moderator": 0.0}


FRAGMENT_STOP = 0.3


FRAGMENT_DROP = 0.15


def _fragment(words: list[str], rng: np.random.Generator) -> list[str]:
    """Interpreted speech in captions: words lost, a full stop after every few words."""
    kept = [w for w in words if rng.random() >= FRAGMENT_DROP] or words[:1]
    out = []
    for w in kept:
        w = w.rstrip(".") or w
        out.append(w + "." if rng.random() < FRAGMENT_STOP else w)
    if not out[-1].endswith("."):
        out[-1] += "."
    return out


def caption_form(path: str | Path, breakage: float = 0.0,
                 fragment: bool = False) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """Caption form of an archive file, with its truth.

    Parameters
    ----------
    path : str or Path
        An archive ``.md`` file.
    breakage : float
        0 for clean stripping; otherwise the share of full stops lost (a tenth of it is the
        chance of a spurious full stop after any other word).
    fragment : bool
        Imitate interpretation: each turn is interpreted with the chance of its role in
        :data:`FRAGMENT_TURN`, and an interpreted turn is cut into short fragments
        (:data:`FRAGMENT_STOP`, :data:`FRAGMENT_DROP`).

    Returns
    -------
    text : str
        One line, words separated by single spaces.
    words : pandas.DataFrame
        One row per word: ``start_char``, ``role``, ``turn`` (index of the labelled turn), ``label``.
    turns : pandas.DataFrame
        ``start_char, end_char, speaker, role`` per labelled turn, tiling the text (white
        space belongs to the turn before).
    """
    rng = np.random.default_rng(zlib.crc32(Path(path).name.encode("utf-8")))
    frng = np.random.default_rng(zlib.crc32(("fragment:" + Path(path).name).encode("utf-8")))
    pieces, rows, trows, pos = [], [], [], 0
    for t, (label, role, txt) in enumerate(archive_turns(read_archive(path))):
        words = txt.split()
        if fragment and frng.random() < FRAGMENT_TURN[role]:
            words = _fragment(words, frng)
        elif breakage > 0:
            words = _break(words, rng, breakage, breakage / 10.0)
        if pieces:
            pos += 1
            trows[-1][1] = pos
        start = pos
        for w in words:
            rows.append((pos, role, t, label))
            pos += len(w) + 1
        pos -= 1
        pieces.append(" ".join(words))
        trows.append([start, pos, label, role])
    words = pd.DataFrame(rows, columns=["start_char", "role", "turn", "label"])
    turns = pd.DataFrame(trows, columns=["start_char", "end_char", "speaker", "role"])
    return " ".join(pieces), words, turns


def archive_files(root: str | Path) -> list[Path]:
    """All archive files under ``root`` (``YYYY-MM/*.md``), sorted by path."""
    files = sorted(Path(root).glob("*/*.md"))
    if not files:
        raise FileNotFoundError(f"{root}: no archive files (YYYY-MM/*.md)")
    return files


def bucket(path: Path) -> int:
    """0..99 from a CRC-32 of the file name: the file's place in the fixed split."""
    return zlib.crc32(Path(path).name.encode("utf-8")) % 100


def split_files(root: str | Path) -> dict[str, list[Path]]:
    """The fixed split of the archive: ``held_out`` (sorted by path), ``validation`` and
    ``train`` (in a fixed pseudo-random order, so that the first *n* are a fair sample)."""
    files = archive_files(root)
    order = sorted(files, key=lambda p: (zlib.crc32(("order:" + p.name).encode("utf-8")), p.name))
    return {
        "held_out": [p for p in files if bucket(p) in HELD_OUT_BUCKETS],
        "validation": [p for p in order if bucket(p) in VALIDATION_BUCKETS],
        "train": [p for p in order if bucket(p) >= VALIDATION_BUCKETS.stop],
    }


def proper_nouns(paths, min_count: int = 5, min_share: float = 0.5) -> frozenset:
    """Words written with a capital inside sentences at least ``min_share`` of the time.

    Names of people and places (``jen``, ``karine``, ``ukraine``) are told apart this way in the
    original archive text, before caption form loses the case; the model leaves them out of
    its word features so that it does not learn who the speakers of the training data were.
    Titles (:data:`TITLES`, ``mr``, ``secretary``) are not names and are kept.
    """
    upper, total = Counter(), Counter()
    for path in paths:
        for line in read_archive(path).splitlines():
            line = _LABEL.sub("", line, count=1)
            after_stop = True  # a line's first word and a word after a full stop may be capitalised anyway
            for tok in line.split():
                m = _ALPHA_WORD.match(tok)
                if m and not after_stop:
                    w = m.group(1)
                    total[w.lower()] += 1
                    upper[w.lower()] += w[0].isupper()
                after_stop = tok.rstrip("\"')\u201d\u2019").endswith((".", "!", "?", ":"))
    return frozenset(w for w, n in total.items() if n >= min_count and upper[w] / n >= min_share and w not in TITLES)


def speaker_changes(turns: pd.DataFrame) -> np.ndarray:
    """Indices of the labelled turns (of :func:`caption_form`) that start a new speaker: a label
    other than the turn before's, or a reporter's ``Q`` after another (the archive writes ``Q`` for
    every reporter). A label repeated by an official (a turn broken by a stage direction) is none."""
    lab = turns["speaker"].to_numpy(dtype=object)
    if len(lab) < 2:
        return np.zeros(0, dtype=int)
    new = (lab[1:] != lab[:-1]) | (lab[1:] == "Q")
    return np.flatnonzero(new) + 1


#: The speaker-change mark of broadcast captions that :func:`insert_marks` writes.
MARK_TEXT = ">>"


def insert_marks(path: str | Path, text: str, words: pd.DataFrame, turns: pd.DataFrame,
                 share: float) -> tuple[str, pd.DataFrame, int]:
    """Caption form with ``>>`` inserted before the words of a new speaker, from the labels.

    Each true speaker change (:func:`speaker_changes`) is marked with chance ``share`` (one draw
    per change from a generator seeded by the file name, so that the changes marked at 0.7 are
    the same on every run and those marked at a smaller share are among them). Returns the text
    with the marks (``">> "`` before a turn's first word), ``words`` with their offsets moved
    accordingly (the marks are not words of the truth) and the number of marks."""
    idx = speaker_changes(turns)
    draws = np.random.default_rng(zlib.crc32(("marks:" + Path(path).name).encode("utf-8"))).random(len(idx))
    at = turns["start_char"].to_numpy()[idx[draws < share]]
    if not len(at):
        return text, words, 0
    pieces, last = [], 0
    for p in at:
        pieces += [text[last:p], MARK_TEXT + " "]
        last = p
    pieces.append(text[last:])
    shift = (len(MARK_TEXT) + 1) * np.searchsorted(at, words["start_char"].to_numpy(), side="right")
    return "".join(pieces), words.assign(start_char=words["start_char"].to_numpy() + shift), len(at)
