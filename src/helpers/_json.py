"""Model files as plain JSON: floats rounded to a fixed number of places, so that retraining writes
the same bytes on every machine."""
from __future__ import annotations


def rounded(x, digits: int):
    """``x`` (floats, dicts, lists and tuples of them, anything else as it is) with every float
    rounded to ``digits`` places and ``-0.0`` written as ``0.0``."""
    if isinstance(x, float):
        v = round(x, digits)
        return 0.0 if v == 0 else v
    if isinstance(x, dict):
        return {k: rounded(v, digits) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [rounded(v, digits) for v in x]
    return x
