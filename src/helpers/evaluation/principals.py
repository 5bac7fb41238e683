"""Which principal speaks: a development measure on joint events of the labelled archive.

When an event has two or more principals (a press secretary and a guest official, a president
and a foreign leader), the captions methods must also tell *which* principal speaks. The labelled
briefing archive holds many such events: every file in which at least two officials each speak a
fair share of the principals' words (:data:`MIN_WORDS`, :data:`MIN_SHARE`). Each is put into
caption form (:func:`helpers.turns._archive.caption_form` without breakage) and given the
catalog of its principals as the seeds' ``events.yml`` gives it (:func:`archive_catalog`: name,
surname, title, side, interpreted), built from the speaker labels and the file's title; the
inferred turns are then scored word by word:

* ``principal_accuracy``: among the words of the catalogued principals, the share given to the
  right principal (a word given to a reporter or the moderator counts as wrong);
* ``identity_accuracy``: the same among those words that the method gave to *some* principal
  (the principal step alone, role errors left out);
* ``speaker_accuracy``: every word (principals by surname, ``Reporter``, ``Moderator``; the words
  of an official outside the catalog cannot be right);
* speaker changes (``change_precision``, ``change_recall``, ``change_f1``): the points where the
  speaker changes (between any two of the speakers above, one principal to another included),
  a predicted change within :data:`helpers.evaluation.turns.BOUNDARY_TOLERANCE` words of a true
  one counting, one to one: the boundary measure of the captions seed, on many events.

Two variants: ``plain`` (all principals speak English, as in the archive) and ``interpreted``
(the second principal of the catalog is declared interpreted and every one of his turns is put
into the short broken fragments of interpreted speech in captions, as at a joint press
conference with a foreign leader). Baseline: every principal word to the first principal of the
catalog (what a single principal state does).

The events are split by file with the archive's fixed split (:func:`split_files`): the
held-out fifth (never trained on by the role model) is the ``held_out`` part; the training and
validation files are the ``development`` part, on which the principal step may be tuned.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter
from functools import partial
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus._markdown import read_front_matter
from ..turns import infer_turns
from ..turns._archive import (
    _fragment,
    archive_files,
    archive_turns,
    read_archive,
    split_files,
)
from .turns import boundary_scores, pooled_prf, word_labels

#: A principal is in an event's catalog if he speaks at least this many words ...
MIN_WORDS = 100


#: ... and at least this share of the principals' words; at most :data:`MAX_PRINCIPALS` are kept.
MIN_SHARE = 0.05


MAX_PRINCIPALS = 3


#: The parts of the joint events and the variants of the measure.
PARTS = ("development", "held_out")


VARIANTS = ("plain", "interpreted")


_HONORIFICS = frozenset({"MR.", "MS.", "MRS.", "MR", "MS", "MRS", "MISS"})


def _surname(label: str) -> str:
    last = " ".join(label.split()).split(" ")[-1].strip(".,")
    return "-".join(p.capitalize() for p in last.split("-"))


def _file_title(path: Path) -> str:
    """The title of an archive file from its YAML front matter (:func:`read_front_matter`)."""
    path = Path(path)
    meta, _ = read_front_matter(path.read_text(encoding="utf-8"), path)
    return " ".join(str(meta.get("title") or "").split())


def archive_catalog(path: str | Path) -> pd.DataFrame:
    """The catalog of an archive file's principals, in the form of ``corpus.principals``.

    The officials (speaker labels of role ``principal``, interpreters left out) who speak at
    least :data:`MIN_WORDS` words and :data:`MIN_SHARE` of the principals' words, at most
    :data:`MAX_PRINCIPALS` (the most words first), listed in the order in which they first
    speak. ``surname`` is the label's last word (``MS. JEAN-PIERRE`` -> ``Jean-Pierre``),
    ``title`` the label without honorific and surname, ``name`` the first name before the
    surname in the file's title when there is one, ``side`` ``US`` and ``interpreted`` false.
    """
    words, first = Counter(), {}
    for k, (label, role, txt) in enumerate(archive_turns(read_archive(path))):
        if role != "principal" or " ".join(label.split()).upper() == "INTERPRETER":
            continue
        s = _surname(label)
        words[s] += len(txt.split())
        first.setdefault(s, (k, label))
    total = sum(words.values())
    keep = [s for s, n in words.most_common(MAX_PRINCIPALS) if n >= MIN_WORDS and n >= MIN_SHARE * total]
    keep.sort(key=lambda s: first[s][0])
    title = _file_title(Path(path)).lower()
    rows = []
    for s in keep:
        parts = [w for w in " ".join(first[s][1].split()).split(" ")[:-1] if w.upper() not in _HONORIFICS]
        m = re.search(rf"([a-z]+)\.? {re.escape(s.lower())}\b", title)
        given = m.group(1).capitalize() if m and m.group(1) not in {"secretary", "director", "advisor", "adviser",
                                                                    "president", "dr", "mr", "ms", "and"} else ""
        rows.append({"name": f"{given} {s}".strip(), "surname": s, "title": " ".join(p.capitalize() for p in parts),
                     "side": "US", "interpreted": False})
    return pd.DataFrame(rows, columns=["name", "surname", "title", "side", "interpreted"])


def joint_caption_form(path: str | Path, catalog: pd.DataFrame,
                       interpreted: str | None = None) -> tuple[str, pd.DataFrame]:
    """Caption form of an archive file with the true speaker of every word.

    ``interpreted``: the surname of a principal whose turns all come as interpreted speech (short
    broken fragments, :func:`helpers.turns._archive._fragment`, seeded by the file name).

    Returns the text (one line) and one row per word: ``start_char``, ``speaker`` (catalog
    surname, ``Reporter``, ``Moderator``, or the surname of an official outside the catalog),
    ``role``.
    """
    rng = np.random.default_rng(zlib.crc32(("interpreted:" + Path(path).name).encode("utf-8")))
    names = set(catalog["surname"])
    pieces, rows, pos = [], [], 0
    for label, role, txt in archive_turns(read_archive(path)):
        who = {"reporter": "Reporter", "moderator": "Moderator"}.get(role) or _surname(label)
        words = txt.split()
        if interpreted is not None and who == interpreted:
            words = _fragment(words, rng)
        if pieces:
            pos += 1
        for w in words:
            rows.append((pos, who if who in names or role != "principal" else "other:" + who, role))
            pos += len(w) + 1
        pos -= 1
        pieces.append(" ".join(words))
    return " ".join(pieces), pd.DataFrame(rows, columns=["start_char", "speaker", "role"])


def joint_events(archive: str | Path) -> dict[str, list[Path]]:
    """The archive files with at least two catalogued principals, by part (:data:`PARTS`)."""
    split = split_files(archive)
    held = set(split["held_out"])
    out = {p: [] for p in PARTS}
    for path in archive_files(archive):
        if len(archive_catalog(path)) >= 2:
            out["held_out" if path in held else "development"].append(path)
    return out


def event_scores(path: str | Path, variant: str = "plain", method: str = "model") -> dict:
    """Counts behind the scores of one joint event (see the module text), for ``method`` and
    the first-principal baseline."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; use one of {', '.join(VARIANTS)}")
    catalog = archive_catalog(path)
    if len(catalog) < 2:
        raise ValueError(f"{path}: not a joint event (fewer than two principals in its catalog)")
    interpreted = None
    if variant == "interpreted":
        interpreted = catalog["surname"].iloc[1]
        catalog.loc[1, "interpreted"] = True
        catalog.loc[1, "side"] = "other"
    text, truth = joint_caption_form(path, catalog, interpreted)
    pred = word_labels(text, infer_turns(text, catalog, method=method))
    t_sp, p_sp = truth["speaker"].to_numpy(dtype=object), pred["speaker"].to_numpy(dtype=object)
    p_role = pred["role"].to_numpy(dtype=object)
    is_p = np.isin(t_sp, catalog["surname"].to_numpy(dtype=object))
    base = np.where(truth["role"].to_numpy(dtype=object) == "principal", catalog["surname"].iloc[0], t_sp)
    changes = boundary_scores(_changes(t_sp), _changes(p_sp))
    return {
        "file": Path(path).name, "n": len(t_sp), "n_principal": int(is_p.sum()),
        "speaker_correct": int((t_sp == p_sp).sum()),
        "principal_correct": int((is_p & (t_sp == p_sp)).sum()),
        "n_as_principal": int((is_p & (p_role == "principal")).sum()),
        "baseline_principal_correct": int((is_p & (base == t_sp)).sum()),
        "n_principals": len(catalog),
        "n_gold_changes": changes["n_gold_boundaries"], "n_pred_changes": changes["n_pred_boundaries"],
        "n_matched_changes": changes["n_matched"],
    }


def _changes(speakers: np.ndarray) -> np.ndarray:
    """Word positions where the speaker changes."""
    return np.flatnonzero(speakers[1:] != speakers[:-1]) + 1


def summarise_events(rows: list[dict]) -> dict:
    """Word-level scores pooled over events."""
    n, n_p = sum(r["n"] for r in rows), sum(r["n_principal"] for r in rows)
    n_as = sum(r["n_as_principal"] for r in rows)
    pc = sum(r["principal_correct"] for r in rows)
    g, p, m = (sum(r.get(k, 0) for r in rows) for k in ("n_gold_changes", "n_pred_changes", "n_matched_changes"))
    prec, rec, f1 = pooled_prf(m, g, p)
    return {
        "events": len(rows), "words": n, "principal_words": n_p,
        "principal_accuracy": pc / n_p if n_p else float("nan"),
        "identity_accuracy": pc / n_as if n_as else float("nan"),
        "speaker_accuracy": sum(r["speaker_correct"] for r in rows) / n if n else float("nan"),
        "baseline_principal_accuracy": sum(r["baseline_principal_correct"] for r in rows) / n_p if n_p else float("nan"),
        "change_precision": prec, "change_recall": rec,
        "change_f1": f1, "speaker_changes": g,
    }


def principal_scores(archive: str | Path, part: str = "development", variant: str = "plain", method: str = "model",
                     max_files: int = 0, processes: int = 2, events: dict | None = None) -> dict:
    """Scores of ``method`` on the joint events of one part of the archive (:func:`summarise_events`).

    ``max_files``: only the first N events of the part (0: all); ``events``: the result of
    :func:`joint_events`, if at hand.
    """
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}; use one of {', '.join(PARTS)}")
    files = (events or joint_events(archive))[part]
    files = files[:max_files] if max_files else files
    score = partial(event_scores, variant=variant, method=method)
    if processes > 1:
        with Pool(processes) as pool:
            rows = pool.map(score, files, chunksize=2)
    else:
        rows = [score(p) for p in files]
    return summarise_events(rows)
