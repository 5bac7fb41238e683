"""Executing the notebooks with papermill (into ``build/``, never over the sources) and the run
summaries that golden tests compare.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from . import config


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks ``NN-title.ipynb`` of a folder, in order."""
    folder = folder or config.NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def run_notebook(path: Path, out_dir: Path | None = None, parameters: dict | None = None,
                 out_name: str | None = None) -> Path:
    """Execute one notebook with papermill.

    Parameters
    ----------
    path : Path
        The source notebook (left untouched).
    out_dir : Path, optional
        Where the executed copy goes; default ``build/notebooks``.
    parameters : dict, optional
        Values for the notebook's ``parameters`` cell.
    out_name : str, optional
        File name of the executed copy; default the source's name.

    Returns
    -------
    Path
        The executed copy.
    """
    import papermill as pm

    out_dir = Path(out_dir) if out_dir is not None else config.BUILD_DIR / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (out_name or path.name)
    pm.execute_notebook(str(path), str(out), parameters=parameters or {}, kernel_name="python3",
                        cwd=str(path.parent), progress_bar=False, log_output=False)
    return out


def run_all(out_dir: Path | None = None) -> list[Path]:
    """Execute every notebook with its default parameters; figures go to ``figures/``."""
    done = []
    for nb in notebook_paths():
        print(f"executing {nb.name}", file=sys.stderr)
        done.append(run_notebook(nb, out_dir))
    return done


def refresh_notebook(path: Path, timeout: int = 600) -> Path:
    """Re-execute a committed notebook in place, top to bottom, for nbval to check.

    Cell timing metadata that the executor records is removed, so the committed file changes
    only when an output changes.
    """
    import nbformat
    from nbclient import NotebookClient

    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in book.cells:
        cell.metadata.pop("execution", None)
    book.metadata.get("widgets", {}).pop("application/vnd.jupyter.widget-state+json", None)
    nbformat.write(book, path)
    return path


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
