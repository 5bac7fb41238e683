"""Executing the notebooks with papermill (into ``build/``, never over the sources) and the run
summaries that golden tests compare.
"""
from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from jupyter_client.manager import AsyncKernelManager

from . import config
from .errors import InputError


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks ``NN-title.ipynb`` of a folder, in order."""
    folder = folder or config.NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager that talks to its kernel over local IPC sockets instead of TCP.

    The kernel then has no reason to print its TCP transport warning, so ``make report`` and
    the tests show only what matters.
    """

    def __init__(self, **kwargs):
        import os
        import uuid

        from jupyter_core.paths import jupyter_runtime_dir

        runtime = jupyter_runtime_dir()
        os.makedirs(runtime, exist_ok=True)
        kwargs.setdefault("transport", "ipc")
        # an absolute socket path: the kernel runs in the notebook's folder, the client elsewhere
        kwargs.setdefault("ip", os.path.join(runtime, f"kernel-{uuid.uuid4().hex}"))
        super().__init__(**kwargs)

    async def _async_pre_start_kernel(self, **kw):
        """Start the kernel with :data:`helpers.config.REPRODUCIBLE_ENV` added to its environment
        (a value the caller's environment already sets wins), leaving the caller's own untouched."""
        import os

        kw["env"] = {**config.REPRODUCIBLE_ENV, **(kw.get("env") or os.environ)}
        return await super()._async_pre_start_kernel(**kw)


#: Import path of :class:`IPCKernelManager`, as papermill and nbclient take it.
KERNEL_MANAGER = f"{__name__}.IPCKernelManager"


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
                        cwd=str(path.parent), progress_bar=False, log_output=False,
                        kernel_manager_class=KERNEL_MANAGER)
    return out


def run_all(out_dir: Path | None = None, progress: bool | None = None) -> list[Path]:
    """Execute every notebook with its default parameters; figures go to ``figures/``.

    Parameters
    ----------
    out_dir : Path, optional
        Where the executed copies go; default ``build/notebooks``.
    progress : bool, optional
        Show a progress bar naming the notebook that runs; default only on a terminal.
    """
    from tqdm.auto import tqdm

    books = notebook_paths()
    show = sys.stderr.isatty() if progress is None else progress
    done = []
    with tqdm(books, unit="notebook", disable=not show, file=sys.stderr) as bar:
        for nb in bar:
            bar.set_description(nb.stem)
            done.append(run_notebook(nb, out_dir))
    return done


def refresh_notebook(path: Path, timeout: int = 600) -> Path:
    """Re-execute a committed notebook in place, top to bottom, for nbval to check.

    Cell timing metadata that the executor records is removed, and the widget state is kept
    (so that a reader of the file sees the explorer, not its repr) with its random model ids
    replaced by ids numbered in order: the committed file changes only when an output changes.
    """
    import nbformat
    from nbclient import NotebookClient

    try:
        book = nbformat.read(path, as_version=4)
    except (nbformat.reader.NotJSONError, nbformat.validator.ValidationError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not a Jupyter notebook ({str(exc).splitlines()[0][:120]})") from None
    NotebookClient(book, timeout=timeout, kernel_name="python3", kernel_manager_class=IPCKernelManager,
                   resources={"metadata": {"path": str(path.parent)}}, store_widget_state=True).execute()
    for cell in book.cells:
        cell.metadata.pop("execution", None)
    text = stable_widget_ids(nbformat.writes(book))
    path.write_text(text, encoding="utf-8")
    return path


def stable_widget_ids(notebook_json: str) -> str:
    """Renumber the widget models of a notebook's JSON so that the file is the same on every run.

    The executor saves the widget state (``metadata.widgets``) under random model ids and in the
    order messages arrived. Models are renumbered in the order they are reached from the outputs
    (depth first, following ``IPY_MODEL_<id>`` references in key order; models reached from no
    output last, by content), every reference renamed alike, and the state written in that order.
    """
    import re

    book = json.loads(notebook_json)
    key = "application/vnd.jupyter.widget-state+json"
    state = book.get("metadata", {}).get("widgets", {}).get(key, {}).get("state", {})
    if not state:
        return notebook_json
    roots = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
             for c in book["cells"] for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    order: list[str] = []

    def visit(model_id):
        if model_id in order or model_id not in state:
            return
        order.append(model_id)
        for ref in re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state[model_id], sort_keys=True)):
            visit(ref)

    for root in roots:
        visit(root)
    for model_id in sorted(set(state) - set(order), key=lambda m: json.dumps(state[m], sort_keys=True)):
        visit(model_id)
    new = {old: f"{i:032x}" for i, old in enumerate(order)}
    book["metadata"]["widgets"][key]["state"] = {old: state[old] for old in order}
    text = json.dumps(book, indent=1, ensure_ascii=False) + "\n"
    for old, fresh in new.items():
        text = text.replace(old, fresh)
    return text


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


_REMOTE_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>\s*', re.IGNORECASE)


def _title(book) -> str:
    """The first markdown heading of a notebook, without the ``#``."""
    for cell in book.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def _leaves(value, prefix: str = ""):
    """Flatten a run summary into ``(key path, value)`` rows of scalars and short lists."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            yield from _leaves(v, f"{prefix}[{i}]")
    else:
        yield prefix, value


def notebook_html(path: Path) -> str:
    """An executed notebook as one self-contained HTML page: figures embedded, no remote scripts."""
    import nbformat
    from nbconvert import HTMLExporter

    book = nbformat.read(path, as_version=4)
    body, _ = HTMLExporter(template_name="lab", embed_images=True).from_notebook_node(book)
    return _REMOTE_SCRIPT.sub("", body)


def write_html_report(executed: list[Path], out_dir: Path | None = None,
                      summaries_dir: Path | None = None) -> Path:
    """Write ``index.html`` and one HTML page per executed notebook, readable without Jupyter.

    Parameters
    ----------
    executed : list of Path
        Executed notebooks (from :func:`run_all`).
    out_dir : Path, optional
        Default ``build/report``.
    summaries_dir : Path, optional
        Where the notebooks wrote their run summaries; default ``build/summaries``.

    Returns
    -------
    Path
        The index page. It links every notebook page and lists each notebook's summary numbers;
        every page opens offline (figures are embedded, remote scripts left out).
    """
    import html

    import nbformat

    out_dir = Path(out_dir) if out_dir is not None else config.BUILD_DIR / "report"
    summaries_dir = Path(summaries_dir) if summaries_dir is not None else config.BUILD_DIR / "summaries"
    out_dir.mkdir(parents=True, exist_ok=True)
    sections = []
    for path in executed:
        page = out_dir / f"{path.stem}.html"
        page.write_text(notebook_html(path), encoding="utf-8")
        book = nbformat.read(path, as_version=4)
        n_figures = sum(1 for c in book.cells if c.cell_type == "code" for o in c.get("outputs", [])
                        if "image/png" in o.get("data", {}))
        rows = ""
        summary_file = summaries_dir / f"{path.stem}.json"
        if summary_file.exists():
            leaves = list(_leaves(json.loads(summary_file.read_text(encoding="utf-8"))))
            rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(json.dumps(v, ensure_ascii=False))}</td></tr>"
                           for k, v in leaves)
            rows = (f"<details><summary>Summary numbers ({len(leaves)})</summary>"
                    f"<table>{rows}</table></details>")
        sections.append(f'<section><h2><a href="{html.escape(page.name)}">{html.escape(path.stem)}</a></h2>'
                        f"<p>{html.escape(_title(book))} &middot; {n_figures} figures</p>{rows}</section>")
    index = out_dir / "index.html"
    index.write_text(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Press-conference analysis report</title><style>"
        "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;font-size:90%}td{border-bottom:1px solid #ddd;padding:2px 8px}"
        "</style></head><body><h1>Press-conference analysis report</h1>"
        "<p>One page per notebook, executed by <code>make report</code>.</p>"
        + "".join(sections) + "</body></html>\n", encoding="utf-8")
    return index
