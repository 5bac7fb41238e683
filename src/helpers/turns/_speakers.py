"""Which principal speaks: one chain over all the principal units of an event.

Once the roles are decoded, the units spoken by a principal are taken in order, and a Viterbi
pass over them gives each one of the catalog's principals (one state per principal, not per
speaking style). The evidence of a unit for principal *j*:

* the hand-set evidence of his style group (:func:`._infer.unit_evidence`: style of an
  interpreted vs a fluent speaker, side cues, mentions of the group's surnames), shared out over
  the unit's words, times :data:`GROUP_WEIGHT`;
* :data:`SELF_MENTION_WEIGHT` against him if the unit names him (surname or first name): a speaker
  rarely names himself;
* :data:`HAND_OVER_WEIGHT` for him on the next principal unit if a principal names him
  (``"i'll turn it over to jake"``, ``"as dr fauci said"``);
* :data:`ADDRESS_WEIGHT` for him on the first principal unit after a reporter's or the moderator's
  turn that names or addresses him (``"jake on ukraine"``, ``"mr lab rob"``);
* :data:`FIRST_WEIGHT` for the first principal of the catalog on the first principal unit (the
  host opens).

Keeping the same principal costs nothing; a change costs :data:`SWITCH_WITHIN` between two
adjacent principal units and :data:`SWITCH_ACROSS` when a reporter's or the moderator's turn lies
between (a new question often goes to another principal). The weights were chosen on the
development part of the archive's joint events (:mod:`helpers.evaluation.principals`; mean
principal accuracy of the plain and the interpreted variant, one weight at a time), never on the
captions seed; :data:`HAND_OVER_TAIL` and :data:`FIRST_WEIGHT` were set, not chosen. A bonus for
the host (the first principal) on every unit, or in proportion to the role model's probability
that the unit is the moderator's, was tried there and lowered the plain score; the hand method's rule
that a principal does not take the floor back within a run of principal units moved the
development scores by less than a point either way (plain 0.705 -> 0.702, interpreted 0.888 ->
0.893) and was left out.

Learned weights were tried in place of the hand-set ones, on the same development events (principal
accuracy, plain / interpreted; hand-set weights 0.705 / 0.888): a logistic regression over the cues
above per principal unit (one weight per cue shared by the principals, a bonus for the first
principal, fitted unit by unit) gave at most 0.479 / 0.862 with switch costs 1 to 4, since weights
fitted unit by unit are too small beside the cost of a change for a chain in which a name is heard
once per answer; a linear-chain model over the principal units fitted by maximum likelihood (the
same cues and the two switch costs, learned together) gave 0.568 / 0.890, and fitted on the plain
events alone 0.644 plain. Neither beat the hand-set weights on the plain events, and they were
left out. Neither did a higher cost of a change within a run (4: 0.690 / 0.889) or joining short
low-confidence runs of one principal to their neighbours (within 0.001 either way), although false
changes from one principal to another are common (on the development events 420 of the 595 such
changes found are false in the plain variant, 728 of 1,320 interpreted): they are few beside the
changes between roles.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..text import cue_form
from ._infer import _decode

#: Weight of the hand-set evidence of a principal's style group (style, side, group mentions).
GROUP_WEIGHT = 0.5


#: Weight against a principal named in the unit (surname or first name).
SELF_MENTION_WEIGHT = 2.0


#: Weight for a principal on the principal unit after one in which a principal names him.
HAND_OVER_WEIGHT = 3.0


#: Only a name among the last this many words of a unit counts as a hand-over.
HAND_OVER_TAIL = 8


#: Weight for a principal on the first principal unit after a turn of a reporter or the moderator
#: that names or addresses him.
ADDRESS_WEIGHT = 5.0


#: Weight for the first principal of the catalog on the first principal unit.
FIRST_WEIGHT = 1.0


#: Cost of a change of principal between two adjacent principal units ...
SWITCH_WITHIN = 3.0


#: ... and across a turn of a reporter or the moderator.
SWITCH_ACROSS = 3.0


def principal_states(principals: pd.DataFrame | None) -> list[dict]:
    """One state per catalog principal: ``state`` (surname), ``surnames``, ``names`` (the name
    forms that refer to him in caption form: surname, first name)."""
    if principals is None or len(principals) == 0 or "surname" not in principals:
        return []
    out = []
    for row in principals.to_dict("records"):
        surname = str(row["surname"])
        forms = {cue_form(surname).strip()}
        name = str(row.get("name") or "").split()
        if len(name) >= 2:
            forms.add(cue_form(name[0]).strip())
        out.append({"state": surname, "role": "principal", "surnames": [surname],
                    "names": sorted(f for f in forms if f), "interpreted": bool(row.get("interpreted", False)),
                    "sides": [str(row.get("side", ""))]})
    return out


def _mentions(norm: np.ndarray, states: list[dict], tail: int = 0) -> np.ndarray:
    """``(n_units, n_principals)``: 1 where the unit (its last ``tail`` words if ``tail``) names the principal."""
    out = np.zeros((len(norm), len(states)))
    if tail:
        norm = np.array([" " + " ".join(u.split()[-tail:]) + " " for u in norm], dtype=object)
    for j, st in enumerate(states):
        rx = re.compile(" (?:" + "|".join(re.escape(f) for f in st["names"]) + ") ")
        out[:, j] = [1.0 if rx.search(u) else 0.0 for u in norm]
    return out


def chain_evidence(units: pd.DataFrame, states: list[dict], addressed=None) -> dict:
    """The name evidence of :func:`speaker_chain`, which does not depend on its weights.

    Returns ``rows`` (the principal units), ``named`` (``(n_units, n_principals)``, 1 where a
    unit names or addresses the principal), ``handed`` (per principal unit but the last, 1 where
    its last :data:`HAND_OVER_TAIL` words name the principal), ``since`` (per principal unit, 1
    where a reporter's or the moderator's unit since the principal unit before named him) and
    ``gap`` (per principal unit, whether a non-principal unit lies before it).
    """
    k = len(states)
    is_p = (units["role"] == "principal").to_numpy()
    rows = np.flatnonzero(is_p)
    norm = units["text"].map(cue_form).to_numpy(dtype=object)
    named = _mentions(norm, states)
    if addressed is not None:
        index = {s["state"]: j for j, s in enumerate(states)}
        for i, a in enumerate(addressed):
            if isinstance(a, str) and a in index:
                named[i, index[a]] = 1.0
    if not len(rows):
        return {"rows": rows, "named": named, "handed": np.zeros((0, k)), "since": np.zeros((0, k)),
                "gap": np.zeros(0, dtype=bool)}
    handed = _mentions(norm[rows[:-1]], states, HAND_OVER_TAIL) if HAND_OVER_TAIL else named[rows[:-1]]
    cum = np.vstack([np.zeros((1, k)), np.cumsum(named * (~is_p)[:, None], axis=0)])
    since = np.minimum(cum[rows] - cum[np.r_[0, rows[:-1] + 1]], 1.0)
    gap = np.r_[rows[0] > 0, rows[1:] - rows[:-1] > 1]
    return {"rows": rows, "named": named, "handed": handed, "since": since, "gap": gap}


def decode_chain(ev: dict, group_scores: np.ndarray, group_of: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Viterbi path and posteriors of the principal units (:func:`chain_evidence`) under the
    module's weights: ``(principal index, posterior)`` per principal unit."""
    rows = ev["rows"]
    k = ev["named"].shape[1]
    emit = GROUP_WEIGHT * group_scores[rows][:, group_of] - SELF_MENTION_WEIGHT * ev["named"][rows]
    emit[1:] += HAND_OVER_WEIGHT * ev["handed"]
    emit += ADDRESS_WEIGHT * ev["since"] * ev["gap"][:, None]
    emit[0, 0] += FIRST_WEIGHT
    step = np.where(ev["gap"], SWITCH_ACROSS, SWITCH_WITHIN)
    cost = step[:, None, None] * (1.0 - np.eye(k))[None]
    path, post = _decode(emit, cost)
    return path, post[np.arange(len(rows)), path]


def speaker_chain(units: pd.DataFrame, group_scores: np.ndarray, group_of: list[int], states: list[dict],
                  addressed=None) -> tuple[np.ndarray, np.ndarray]:
    """Which principal speaks each principal unit (``units['role'] == 'principal'``).

    Parameters
    ----------
    units : pandas.DataFrame
        Decoded units with ``text`` and ``role``.
    group_scores : numpy.ndarray
        ``(n_units, n_groups)``: the hand-set evidence of each style group for each unit.
    group_of : list of int
        The style group of each principal state.
    states : list of dict
        :func:`principal_states`.
    addressed : sequence, optional
        Per unit, the surname a unit addresses (fuzzy, :func:`._infer._address_scores`) or None.

    Returns
    -------
    who : numpy.ndarray
        Index of the principal per unit (0 outside principal units).
    factor : numpy.ndarray
        Posterior of that choice (1 outside principal units).
    """
    n = len(units)
    who, factor = np.zeros(n, dtype=int), np.ones(n)
    ev = chain_evidence(units, states, addressed)
    if not len(ev["rows"]) or len(states) < 2:
        return who, factor
    path, post = decode_chain(ev, group_scores, group_of)
    who[ev["rows"]] = path
    factor[ev["rows"]] = post
    return who, factor
