"""Agreement with the hand-coded annotations in ``annotations/``: one module per step.

* :mod:`helpers.evaluation.turns`: inferred captions turns against the hand annotation, and the
  labelled transcripts stripped to caption form;
* :mod:`helpers.evaluation.topics`: topic tagging against hand-coded passages;
* :mod:`helpers.evaluation.qa`: exchanges and answer clarity against hand coding;
* :mod:`helpers.evaluation.clarity`: the trained clarity model: grouped cross-validation, seeds.

With a labelled briefing archive (not part of the project): :mod:`helpers.evaluation.archive`
scores the captions methods' roles on its held-out files, :mod:`helpers.evaluation.principals`
which principal speaks on its joint events.
"""
from . import clarity, qa, topics, turns

__all__ = ["turns", "topics", "qa", "clarity"]
