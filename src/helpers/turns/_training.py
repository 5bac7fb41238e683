"""Training of the captions model (:mod:`._model`) on an archive of labelled briefing transcripts.

``python -m helpers train-turns ARCHIVE`` (or ``make train ARCHIVE=...``) writes
``helpers/data/models/turn_model.json`` and its ``turn_model.md``. Training is deterministic:
the files are split by a CRC-32 of their names (:func:`._archive.split_files`; the held-out fifth
is never read here), at most :data:`MAX_TRAIN_FILES` training files are used, half of them with
imitated caption breakage and, independently, half of them with imitated interpretation (some
turns cut into short broken fragments, :func:`._archive.caption_form`), and the few choices of
the training (prior weights, one for the principal and reporter and one for the rare moderator,
transition weights, the cost of short turns) are made on
:data:`MAX_VALID_FILES` validation files, each scored twice: clean and with imitated
interpretation. Floats are rounded in the file, so the same archive gives the same bytes.
"""
from __future__ import annotations

import json
import zlib
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from .. import config
from .._json import rounded
from ..evaluation.archive import doc_scores, summarise
from ..text import cue_form
from ._archive import FRAGMENT_DROP, FRAGMENT_STOP, FRAGMENT_TURN, caption_form, proper_nouns, split_files
from ._model import (CUT_KINDS, DIGITS, FORMAT, ROLES, TurnModel, feature_matrix, model_units, short_turn_path,
                     stack_features, viterbi, word_roles)

#: Training files used (the first in the split's fixed order; 1000: all of them) and validation files; the
#: validation files after these fit the second pass (at most :data:`MAX_STACK_FILES`; 0: no
#: second pass, which the validation files never preferred).
MAX_TRAIN_FILES = 1000


MAX_VALID_FILES = 60


MAX_STACK_FILES = 0


#: Offsets of the neighbours whose first-pass probabilities feed the second pass.
STACK_OFFSETS = (-3, -2, -1, 0, 1, 2, 3)


#: Inverse regularisation strength of the second pass.
STACK_C = 1.0


#: Share of full stops lost in the training files with caption breakage (half of them).
BREAKAGE = 0.3


#: Sizes of the word vocabulary and of the first-word vocabulary.
N_VOCAB = 1000


N_FIRST = 300


#: Size of the vocabulary of the units' first two words (0: no such features).
N_PAIRS = 300


#: Size of the vocabulary of the units' last words (0: no such features).
N_LAST = 150


#: A word becomes a cut word if it opens at least this many turns without a full stop before it,
#: and at least this share of its occurrences do.
CUT_MIN_COUNT = 15


CUT_MIN_RATE = 0.02


#: Inverse regularisation strength of the logistic regression.
C = 0.5


#: Grid of the weights chosen on the validation files. The prior weights are first tried as one
#: weight for every role.
PRIOR_WEIGHTS = (0.0, 0.5, 1.0)


#: Weights of the moderator's log-prior (1% of the training units) tried with the best other
#: weights: a weight of 1 raises the moderator's emissions as much as the reporter's are raised.
MODERATOR_PRIOR_WEIGHTS = (0.0, 0.5, 1.0)


TRANSITION_WEIGHTS = (0.05, 0.1, 0.3, 0.5, 1.0)


#: Costs of ending a turn shorter than :data:`SHORT_TURN_WORDS` words (:func:`._model.short_turn_path`),
#: tried with the best prior and transition weights.
SHORT_TURN_PENALTIES = (0.0, 1.0, 2.0, 4.0)


SHORT_TURN_WORDS = 10


#: Weights of the boundary classifier's log-probability of a change of role in the transitions
#: (:meth:`._model.TurnModel.transitions`), tried with each prior and transition weight (0: not used).
BOUNDARY_WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0)


#: A bonus on every change of role, added to the boundary classifier's term (tried with the best
#: weights, when the boundary classifier is used).
BOUNDARY_BIASES = (0.0, 0.5, 1.0, 2.0)


#: The date written into the model file and card (fixed, so that retraining gives the same bytes).
MODEL_DATE = "2026-11-27"


def breakage_of(path: Path) -> float:
    """Half of the training files get caption breakage (chosen by a hash of the name)."""
    return BREAKAGE if zlib.crc32(("break:" + path.name).encode("utf-8")) % 2 else 0.0


def fragment_of(path: Path) -> bool:
    """Half of the training files get imitated interpretation (chosen by a hash of the name)."""
    return bool(zlib.crc32(("interpreted:" + path.name).encode("utf-8")) % 2)


def _load(args) -> tuple[str, str, pd.DataFrame]:
    path, breakage, fragment = args
    text, words, _ = caption_form(path, breakage, fragment)
    return path.name, text, words


def _units(args) -> pd.DataFrame:
    text, cut_words = args
    units = model_units(text, 0, None, cut_words)
    units["text"] = pd.Series([text[a:b] for a, b in zip(units["start_char"], units["end_char"])],
                              index=units.index, dtype=object)
    return units


def choose_cut_words(docs, names: frozenset) -> list[str]:
    """Words (not names) that often open a turn with no full stop before them in training data."""
    at_change, total = Counter(), Counter()
    for _, text, words in docs:
        raw = text.split()
        toks = [t.rstrip(".") for t in raw]
        role = words["role"].to_numpy()
        for i in range(1, len(toks)):
            total[toks[i]] += 1
            if role[i] != role[i - 1] and not raw[i - 1].endswith("."):
                at_change[toks[i]] += 1
    return sorted(w for w, c in at_change.items()
                  if w and w not in names and c >= CUT_MIN_COUNT and c / total[w] >= CUT_MIN_RATE)


def unit_truth(units: pd.DataFrame, words: pd.DataFrame) -> np.ndarray:
    """Majority role (index into :data:`ROLES`) of the words of each unit."""
    idx = np.searchsorted(units["start_char"].to_numpy(), words["start_char"].to_numpy(), side="right") - 1
    r = words["role"].map({r: i for i, r in enumerate(ROLES)}).to_numpy()
    counts = np.zeros((len(units), len(ROLES)))
    np.add.at(counts, (idx, r), 1)
    return counts.argmax(axis=1)


def vocabularies(unit_list, names: frozenset) -> tuple[list[str], list[str], list[str], list[str]]:
    """The most frequent unit words, first words, first two words and last words of the training
    units, names left out."""
    wc, fc, pc, lc = Counter(), Counter(), Counter(), Counter()
    for units in unit_list:
        for t in units["text"]:
            toks = cue_form(t).split()
            wc.update({w for w in toks if w not in names})
            if toks[:1] and toks[0] not in names:
                fc[toks[0]] += 1
            if len(toks) > 1 and not names.intersection(toks[:2]):
                pc["_".join(toks[:2])] += 1
            if toks[-1:] and toks[-1] not in names:
                lc[toks[-1]] += 1

    def top(c, n):
        return sorted(w for w, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n])

    return top(wc, N_VOCAB), top(fc, N_FIRST), top(pc, N_PAIRS), top(lc, N_LAST)


def prior_weights(weight: float, moderator: float) -> list[float]:
    """Prior weight per role (order of :data:`._model.ROLES`): ``weight`` for the principal and the
    reporter, ``moderator`` for the moderator."""
    return [moderator if r == "moderator" else weight for r in ROLES]


def reusable(path: str | Path | None, data: dict, log=print) -> dict | None:
    """The model file at ``path`` if it was trained on the same units and features as ``data``
    (and the same training units, counted), so that its classifiers can be taken instead of
    fitted again; otherwise None."""
    if path is None:
        return None
    try:
        old = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable model file ({exc})") from exc
    keys = ("roles", "cut_words", "vocab", "first_vocab", "pair_vocab", "last_vocab", "features")
    same = all(old.get(k) == data.get(k) for k in keys)
    same = same and old.get("info", {}).get("train_units") == data["info"]["train_units"]
    same = same and old.get("log_prior") == rounded(data["log_prior"], DIGITS) and "boundary" in old
    same = same and all(old["info"].get(k) == data["info"][k] for k in ("C", "breakage", "train_files", "train_words"))
    if not same:
        log(f"{path}: trained on other units or features; fitting the classifiers")
        return None
    log(f"{path}: taking its two classifiers")
    return old


def train(archive: str | Path, out_dir: str | Path | None = None, max_train: int = MAX_TRAIN_FILES,
          max_valid: int = MAX_VALID_FILES, processes: int = 2, log=print, reuse: str | Path | None = None) -> TurnModel:
    """Train the model on ``archive`` and write ``turn_model.json`` and ``turn_model.md`` into
    ``out_dir`` (default :data:`helpers.config.MODELS_DIR`). Returns the model. ``reuse``: a model
    file whose classifiers are taken if it was trained on the same units and features
    (:func:`reusable`; the written files are the same)."""
    out_dir = Path(out_dir) if out_dir is not None else config.MODELS_DIR
    split = split_files(archive)
    train_files, valid_files = split["train"][:max_train], split["validation"][:max_valid]
    stack_files = split["validation"][max_valid:max_valid + MAX_STACK_FILES]
    pool = Pool(processes) if processes > 1 else None
    try:
        run = (lambda f, xs: pool.map(f, xs, chunksize=8)) if pool else (lambda f, xs: list(map(f, xs)))
        docs = [d for d in run(_load, [(p, breakage_of(p), fragment_of(p)) for p in train_files]) if len(d[2])]
        vdocs = {cond: [d for d in run(_load, [(p, 0.0, cond == "interpreted") for p in valid_files]) if len(d[2])]
                 for cond in VALID_CONDITIONS}
        sdocs = [d for d in run(_load, [(p, breakage_of(p), fragment_of(p)) for p in stack_files]) if len(d[2])]
        names = proper_nouns(train_files)
        cut_words = choose_cut_words(docs, names)
        unit_list = run(_units, [(t, cut_words) for _, t, _ in docs])
    finally:
        if pool:
            pool.close()
            pool.join()
    if not docs or not vdocs["clean"]:
        raise ValueError(f"{archive}: too few labelled files to train on ({len(docs)} training, "
                         f"{len(vdocs['clean'])} validation)")
    log(f"{len(docs)} training files, {len(vdocs['clean'])} validation files, {len(names)} names left out, "
        f"{len(cut_words)} cut words")
    vocab, first_vocab, pair_vocab, last_vocab = vocabularies(unit_list, names)
    xs, ys, changes, counts = [], [], [], {k: np.ones((3, 3)) for k in CUT_KINDS}
    feature_names = []
    for (_, _, words), units in zip(docs, unit_list):
        x, feature_names = feature_matrix(units, units["text"], vocab, first_vocab, pair_vocab=pair_vocab,
                                          last_vocab=last_vocab)
        y = unit_truth(units, words)
        xs.append(x)
        ys.append(y)
        changes.append(np.r_[0, (y[1:] != y[:-1]).astype(int)] if len(y) else y)
        for c, a, b in zip(units["cut"].to_numpy()[1:], y[:-1], y[1:]):
            counts[c][a, b] += 1
    X, Y = sparse.vstack(xs, format="csr"), np.concatenate(ys)
    missing = [r for i, r in enumerate(ROLES) if not (Y == i).any()]
    if missing:
        raise ValueError(f"{archive}: no training unit of the role(s) {', '.join(missing)}")
    prior = np.bincount(Y, minlength=3) / len(Y)
    transitions = {k: np.log(v / v.sum(axis=1, keepdims=True)).tolist() for k, v in counts.items()}
    transitions["start"] = np.zeros((3, 3)).tolist()
    data = {
        "format": FORMAT, "roles": list(ROLES), "cut_words": cut_words, "vocab": vocab, "first_vocab": first_vocab,
        "features": feature_names,
        **({"pair_vocab": pair_vocab} if pair_vocab else {}),
        **({"last_vocab": last_vocab} if last_vocab else {}), "log_prior": np.log(prior).tolist(),
        "transitions": transitions, "prior_weight": 1.0, "transition_weight": 1.0,
        "info": {"date": MODEL_DATE, "train_files": len(docs), "train_units": int(len(Y)),
                 "train_words": int(sum(len(w) for _, _, w in docs)), "C": C, "breakage": BREAKAGE,
                 "interpreted_files": sum(fragment_of(p) for p in train_files if p.name in {d[0] for d in docs}),
                 "names_left_out": len(names)},
    }
    old = reusable(reuse, data, log) if any(BOUNDARY_WEIGHTS) else None
    if old is not None:
        data["coef"], data["intercept"] = old["coef"], old["intercept"]
        data["boundary"] = {"coef": old["boundary"]["coef"], "intercept": old["boundary"]["intercept"], "weight": 0.0}
    else:
        log(f"fitting: {X.shape[0]} units, {X.shape[1]} features")
        clf = LogisticRegression(C=C, max_iter=500, tol=1e-5).fit(X, Y)
        data["coef"], data["intercept"] = clf.coef_.tolist(), clf.intercept_.tolist()
        if any(BOUNDARY_WEIGHTS):
            log("fitting the boundary classifier")
            bclf = LogisticRegression(C=C, max_iter=500, tol=1e-5).fit(X, np.concatenate(changes))
            data["boundary"] = {"coef": bclf.coef_[0].tolist(), "intercept": float(bclf.intercept_[0]), "weight": 0.0}
    boundary = data.get("boundary")
    model = TurnModel(json.loads(TurnModel(data).to_json()))  # validate exactly what is saved
    if sdocs:
        data["stack"] = fit_stack(model, sdocs)
        data["info"]["stack_files"] = len(sdocs)
    stacked = TurnModel(json.loads(TurnModel(data).to_json()))
    # Keys: (second pass, prior weight, transition weight, boundary weight, bias, short-turn cost, moderator's prior weight).
    val = {(False, *k, 0.0, 0.0, k[0]): v for k, v in validation_grid(model, vdocs).items()}
    if sdocs:
        val.update({(True, *k, 0.0, 0.0, k[0]): v for k, v in validation_grid(stacked, vdocs).items()})
    best = max(val, key=lambda k: (criterion(val[k]), k))
    if not best[0]:
        data.pop("stack", None)
    data["prior_weight"], data["transition_weight"] = prior_weights(best[1], best[1]), best[2]
    if boundary:
        if best[3] > 0:
            data["boundary"]["weight"] = best[3]
        else:
            data.pop("boundary")
    chosen = TurnModel(json.loads(TurnModel(data).to_json()))
    val.update({(*best[:6], mw): v for mw, v in moderator_grid(chosen, vdocs, [w for w in MODERATOR_PRIOR_WEIGHTS
                                                                            if w != best[1]]).items()})
    best = max(val, key=lambda k: (criterion(val[k]), k))
    data["prior_weight"] = prior_weights(best[1], best[6])
    if data.get("boundary"):
        chosen = TurnModel(json.loads(TurnModel(data).to_json()))
        val.update({(*best[:4], bias, 0.0, best[6]): v
                    for bias, v in bias_grid(chosen, vdocs, [b for b in BOUNDARY_BIASES if b]).items()})
        best = max(val, key=lambda k: (criterion(val[k]), k))
        data["boundary"]["bias"] = best[4]
    chosen = TurnModel(json.loads(TurnModel(data).to_json()))
    val.update({(*best[:5], pen, best[6]): v
                for pen, v in short_turn_grid(chosen, vdocs, [p for p in SHORT_TURN_PENALTIES if p > 0]).items()})
    best = max(val, key=lambda k: (criterion(val[k]), k))
    data["short_turn_penalty"], data["short_turn_words"] = best[5], SHORT_TURN_WORDS if best[5] > 0 else 0
    data["info"]["validation_files"] = len(vdocs["clean"])
    data["info"]["validation"] = {f"{'second pass, ' if k[0] else ''}prior {k[1]}, moderator prior {k[6]}, "
                                  f"transitions {k[2]}, boundary {k[3]}, boundary bias {k[4]}, short turns {k[5]}":
                                  {c: {kk: round(vv, 4) for kk, vv in v[c].items()} for c in VALID_CONDITIONS}
                                  for k, v in val.items()}
    model = TurnModel(json.loads(TurnModel(data).to_json()))
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir / "turn_model.json")
    (out_dir / "turn_model.md").write_text(model_card(model, split, val, best, (out_dir / "turn_model.json").stat().st_size),
                                           encoding="utf-8")
    log(f"wrote {out_dir / 'turn_model.json'}; prior/transition weights {best}: {val[best]}")
    return model


def fit_stack(model: TurnModel, sdocs) -> dict:
    """Fit the second pass on files the first pass was not trained on (:func:`._model.stack_features`)."""
    xs, ys = [], []
    for _, text, words in sdocs:
        units = model.units(text)
        xs.append(stack_features(model.unit_log_proba(model.features(units)), units, STACK_OFFSETS))
        ys.append(unit_truth(units, words))
    clf = LogisticRegression(C=STACK_C, max_iter=1000, tol=1e-6).fit(np.vstack(xs), np.concatenate(ys))
    return {"offsets": list(STACK_OFFSETS), "coef": clf.coef_.tolist(), "intercept": clf.intercept_.tolist()}


#: The two forms of each validation file: clean caption form, and with imitated interpretation.
VALID_CONDITIONS = ("clean", "interpreted")


def criterion(scores: dict) -> float:
    """What the choices on the validation files maximise: word-level role accuracy plus
    reporter-vs-other accuracy plus floor-change F1, averaged over the clean and the interpreted form."""
    return round(sum(scores[c]["role_accuracy"] + scores[c]["reporter_accuracy"] + scores[c]["floor_f1"]
                     for c in VALID_CONDITIONS) / 2, 6)


def _precompute(model: TurnModel, vdocs: dict) -> dict:
    pre = {}
    for cond, docs in vdocs.items():
        pre[cond] = []
        for _, text, words in docs:
            units = model.units(text)
            x = model.features(units)
            logp = model.stacked_log_proba(model.unit_log_proba(x), units)
            pre[cond].append((text, words["role"].to_numpy(dtype=object), units, logp, x))
    return pre


def _score(pre: dict, decode) -> dict:
    out = {}
    for cond, items in pre.items():
        rows = []
        for text, truth, units, logp, x in items:
            path = decode(logp, units, x)
            rows.append(doc_scores(truth, word_roles(text, units.assign(role=[ROLES[j] for j in path]))))
        out[cond] = {k: v for k, v in summarise(rows).items() if k not in ("files",)}
    return out


def validation_grid(model: TurnModel, vdocs: dict) -> dict:
    """Validation scores (per form of the files) for each prior (the same for every role), transition
    and boundary weight (boundary weights other than 0 only if the model has a boundary classifier)."""
    pre = _precompute(model, vdocs)
    val = {}
    for pw in PRIOR_WEIGHTS:
        for tw in TRANSITION_WEIGHTS:
            for bw in BOUNDARY_WEIGHTS if model.data.get("boundary") else (0.0,):
                trial = TurnModel({**model.data, "transition_weight": tw, "prior_weight": prior_weights(pw, pw),
                                   **({"boundary": {**model.data["boundary"], "weight": bw}} if bw else {})})
                if not bw:
                    trial.data.pop("boundary", None)
                val[(pw, tw, bw)] = _score(pre, lambda logp, units, x, trial=trial: viterbi(
                    trial.emissions(logp), trial.transitions(units, x))[0])
    return val


def _variant_scores(model: TurnModel, vdocs: dict, variants: dict) -> dict:
    """Validation scores of the model with each of ``variants`` (``key -> model data to change``)."""
    pre = _precompute(model, vdocs)
    out = {}
    for key, change in variants.items():
        trial = TurnModel({**model.data, **change})
        out[key] = _score(pre, lambda logp, units, x, trial=trial: viterbi(
            trial.emissions(logp), trial.transitions(units, x))[0])
    return out


def moderator_grid(model: TurnModel, vdocs: dict, weights) -> dict:
    """Validation scores of the model's weights with each weight of the moderator's log-prior."""
    return _variant_scores(model, vdocs, {mw: {"prior_weight": prior_weights(float(model.prior_weight[0]), mw)}
                                          for mw in weights})


def bias_grid(model: TurnModel, vdocs: dict, biases) -> dict:
    """Validation scores of the model's weights with each bonus on a change of role."""
    return _variant_scores(model, vdocs, {bias: {"boundary": {**model.data["boundary"], "bias": bias}}
                                          for bias in biases})


def short_turn_grid(model: TurnModel, vdocs: dict, penalties) -> dict:
    """Validation scores of the model's weights with each cost of short turns."""
    pre = _precompute(model, vdocs)
    return {pen: _score(pre, lambda logp, units, x, pen=pen: short_turn_path(
        model.emissions(logp), model.transitions(units, x),
        units["n_words"].to_numpy(), pen, SHORT_TURN_WORDS)) for pen in penalties}


def model_card(model: TurnModel, split: dict, val: dict, best: tuple, size: int) -> str:
    """The model card (markdown) of a trained model."""
    d, info = model.data, model.data["info"]
    coef = np.array(d["coef"])
    lines = [
        "# Model card: speaker roles in captions (`turn_model.json`)", "",
        f"Date: {MODEL_DATE}. Format {d['format']}. File size {size:,} bytes. Written by "
        "`python -m helpers train-turns ARCHIVE` (`make train`); the same archive gives the same bytes.", "",
        "## Data",
        f"- Labelled White House press-briefing transcripts ({sum(len(x) for x in split.values()):,} markdown files), "
        "put into caption form: labels, front matter, time and END lines and stage directions dropped; lower case; "
        "every punctuation mark but full stops dropped; white space folded (`helpers.turns._archive`).",
        f"- Fixed split by CRC-32 of the file name: {len(split['held_out'])} files held out for evaluation (never "
        f"trained on), {len(split['validation'])} validation, {len(split['train'])} training files. Used: "
        f"{info['train_files']} training files ({info['train_words']:,} words, {info['train_units']:,} units), "
        f"{info['validation_files']} validation files, each scored clean and with imitated interpretation (choice of "
        "the prior weights (one for the principal and the reporter, one for the moderator), the transition and boundary "
        "weights, the bonus per change and the cost of short turns only).",
        f"- Half of the training files with imitated caption breakage ({BREAKAGE:.0%} of full stops lost, "
        f"{BREAKAGE / 10:.0%} spurious full stops); independently, {info.get('interpreted_files', 0)} training files "
        "with imitated interpretation: each principal's turn with chance "
        f"{FRAGMENT_TURN['principal']}, each reporter's turn with chance {FRAGMENT_TURN['reporter']} comes as short "
        f"broken fragments ({FRAGMENT_DROP:.0%} of the words lost, a full stop after a word with chance "
        f"{FRAGMENT_STOP}), as interpreted speech comes in the captions of joint events.",
        "- Roles: `Q` = reporter; MODERATOR/OPERATOR = moderator; other officials = principal; interpreters "
        "principal, aides moderator, audience members reporter.",
        f"- Names left out of every word feature and of the cut words: {info['names_left_out']:,} words written with a "
        "capital inside sentences at least half of the time in the archive (people and places), so that the model "
        "does not learn who spoke at the White House.", "",
        "## Units and features",
        f"- Units: sentences and cue cuts of `helpers.turns.split_units`, cut again before {len(d['cut_words'])} words "
        "that open a turn without a full stop in training data: " + ", ".join(f"`{w}`" for w in d["cut_words"]) + ".",
        f"- {len(d['features'])} features: cue phrases of `turn_cues.yml` grouped by section and cue kind, "
        "question syntax / address / answer-opener / person / side / style patterns, length, position, kind of cut "
        "(each also for the two units before and the two after), the first word of the unit and of its neighbours "
        f"({len(d['first_vocab'])} words), "
        + (f"the unit's first two words ({len(d['pair_vocab'])} pairs), " if d.get("pair_vocab") else "")
        + (f"the last word of the unit and of its neighbours ({len(d['last_vocab'])} words), " if d.get("last_vocab") else "")
        + f"the unit's words ({len(d['vocab'])} words, binary).",
        f"- Multinomial logistic regression (C={C})"
        + (f", then a second pass (logistic regression, C={STACK_C}) on the first-pass log-probabilities of the unit "
           f"and of its neighbours at offsets {', '.join(map(str, STACK_OFFSETS))} and the kinds of cut around it, fitted "
           f"on {info.get('stack_files', 0)} further validation files" if best[0] else "")
        + f"; Viterbi with transition log-probabilities per kind of cut (from the training units, add-one smoothing) "
        f"times {best[2]}"
        + (f", plus {best[3]} x the log-probability of a change of role (between two roles) or of none (a role kept) "
           "before the unit from a second, binary logistic regression on the same features (the boundary classifier, "
           f"C={C}; weights tried: {', '.join(map(str, BOUNDARY_WEIGHTS))}), plus {best[4]} on every change (tried: "
           f"{', '.join(map(str, BOUNDARY_BIASES))})" if best[3] else "")
        + f"; emission log p(role | unit) - w x log prior(role), w = {best[1]} for the principal and the reporter "
        f"(tried: {', '.join(map(str, PRIOR_WEIGHTS))}) and {best[6]} for the moderator, 1% of the training units "
        f"(tried: {', '.join(map(str, MODERATOR_PRIOR_WEIGHTS))}, with the best other weights); ending a turn of c < "
        f"{SHORT_TURN_WORDS} words costs {best[5]} x (1 - c / {SHORT_TURN_WORDS}) (tried: "
        f"{', '.join(map(str, SHORT_TURN_PENALTIES))}, with the best weights). All chosen on the validation files "
        "(best word-level role accuracy + reporter-vs-other accuracy + floor-change F1, mean of the clean and the "
        "interpreted form).",
        ("- Which principal speaks is settled after the roles, by a chain over the principal units with one state per "
        "catalog principal (`helpers/turns/_speakers.py`: style, side and self-mention evidence, names heard in "
        "questions and hand-overs; weights chosen on the development part of the archive's joint events, not on this "
        "model's training)."), "",
        "## Validation scores (words; caption form without breakage, clean / with imitated interpretation)", "",
        "| prior weight | moderator prior weight | transition weight | boundary weight | boundary bias | short-turn cost "
        "| role acc. | reporter-vs-other acc. | floor-change P | R | F1 | criterion |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for w, s in val.items():
        mark = " (chosen)" if w == best else ""
        cell = lambda k: " / ".join(f"{s[c][k]:.3f}" for c in VALID_CONDITIONS)
        lines.append(f"| {w[1]}{' (second pass)' if w[0] else ''} | {w[6]} | {w[2]} | {w[3]} | {w[4]} | {w[5]}{mark} | {cell('role_accuracy')} | "
                     f"{cell('reporter_accuracy')} | {cell('floor_precision')} | {cell('floor_recall')} | {cell('floor_f1')} "
                     f"| {criterion(s):.3f} |")
    lines += ["", "Out-of-sample scores on the held-out files, beside the hand-weighted method and the majority "
              "baseline, and the scores on the project's seeds: `bench/results/turns.md` (`bench/bench_turns.py --archive ARCHIVE`).",
              "", "## Strongest weights", ""]
    for j, r in enumerate(d["roles"]):
        order = np.argsort(-coef[j], kind="stable")[:12]
        lines.append(f"- **{r}**: " + ", ".join(f"`{d['features'][i]}` ({coef[j, i]:+.2f})" for i in order))
    if d.get("boundary"):
        bc = np.array(d["boundary"]["coef"])
        for label, order in (("change of role before the unit", np.argsort(-bc, kind="stable")[:12]),
                             ("no change", np.argsort(bc, kind="stable")[:12])):
            lines.append(f"- **{label}** (boundary classifier): "
                         + ", ".join(f"`{d['features'][i]}` ({bc[i]:+.2f})" for i in order))
    return "\n".join(lines) + "\n"
