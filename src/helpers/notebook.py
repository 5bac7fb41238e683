"""Small utilities notebooks call: the run summary that golden tests compare."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from . import config

#: Floats in summaries are rounded to this many decimals, so golden files stay readable.
DECIMALS = 4


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)) and not isinstance(value, str):
        return [_plain(v) for v in (sorted(value) if isinstance(value, set) else value)]
    if isinstance(value, pd.Series):
        return _plain(value.to_dict())
    if isinstance(value, pd.DataFrame):
        return _plain(value.to_dict("records"))
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else round(float(value), DECIMALS)
    if value is None or value is pd.NA:
        return None
    return str(value)


def summary_json(summary: dict) -> str:
    """Serialise a summary: plain types, floats rounded, keys sorted, two-space indent."""
    return json.dumps(_plain(summary), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_summary(summary: dict, path: str | Path | None = None, notebook: str = "notebook") -> Path:
    """Write a notebook's key results as JSON.

    Parameters
    ----------
    summary : dict
        Key results (numbers, strings, lists, small DataFrames).
    path : str or Path, optional
        Where to write; default ``build/summaries/<notebook>.json``.
    notebook : str
        The notebook's stem, used for the default path.

    Returns
    -------
    Path
        The file written. The notebook shows nothing, so outputs stay free of machine paths.
    """
    path = Path(path) if path is not None else config.BUILD_DIR / "summaries" / f"{notebook}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(summary_json(summary), encoding="utf-8")
    return path
