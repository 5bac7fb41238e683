"""Notebook checks: papermill runs against golden summaries, figure bytes, thin notebooks.

Each notebook ``notebooks/NN-name.ipynb`` has ``tests/golden/NN-name/runs.json`` mapping run names
to papermill parameters, and ``tests/golden/NN-name/<run>.json`` with the expected summary. The
executed copies go to ``build/test-notebooks``; the sources are never written.
Set ``UPDATE_GOLDEN=1`` to rewrite the golden summaries after an intended change in the analysis.
"""
from __future__ import annotations

import ast
import difflib
import json
import os

import nbformat
import pytest

from helpers import config
from helpers.report import notebook_paths, run_notebook

pytestmark = pytest.mark.notebooks
NOTEBOOKS = notebook_paths()
GOLDEN = config.ROOT / "tests" / "golden"


def _runs():
    for nb in NOTEBOOKS:
        runs_file = GOLDEN / nb.stem / "runs.json"
        runs = json.loads(runs_file.read_text()) if runs_file.exists() else {}
        for run, params in runs.items():
            yield pytest.param(nb, run, params, id=f"{nb.stem}:{run}")


def test_every_notebook_has_golden_runs():
    assert NOTEBOOKS, "no notebooks found"
    for nb in NOTEBOOKS:
        runs = json.loads((GOLDEN / nb.stem / "runs.json").read_text())
        assert "default" in runs and len(runs) >= 2, f"{nb.name}: needs a default run and another parameter set"


@pytest.mark.parametrize("nb, run, params", list(_runs()))
def test_papermill_run_matches_golden(nb, run, params, tmp_path):
    out_dir = config.BUILD_DIR / "test-notebooks"
    summary = tmp_path / "summary.json"
    figs = tmp_path / "figures"
    executed = run_notebook(nb, out_dir, {**params, "figures_dir": str(figs), "summary_path": str(summary)},
                            out_name=f"{nb.stem}--{run}.ipynb")
    # no warning on any input: a user's folder (long file names, many events) draws as cleanly as the seeds
    for cell in nbformat.read(executed, as_version=4).cells:
        for out in cell.get("outputs", []):
            assert out.get("name") != "stderr", f"{nb.name} ({run}) writes to stderr: {out.get('text', '')[:300]}"
    got = summary.read_text(encoding="utf-8")
    golden = GOLDEN / nb.stem / f"{run}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    want = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), str(golden), "this run"))
    assert got == want, "summary differs from golden:\n" + diff
    if run == "default":
        # the committed figures are what the default run regenerates, byte for byte
        made = sorted(p.name for p in figs.iterdir())
        assert made, f"{nb.name} saved no figure"
        for name in made:
            committed = config.FIGURES_DIR / name
            assert committed.exists(), f"figures/{name} is not committed"
            assert (figs / name).read_bytes() == committed.read_bytes(), f"figures/{name} does not regenerate byte for byte"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_and_parameterised(nb):
    book = nbformat.read(nb, as_version=4)
    assert book.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in book.cells if c.cell_type == "code"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    params = {t.id for n in ast.walk(ast.parse(tagged[0].source)) if isinstance(n, ast.Assign) for t in n.targets}
    assert {"events", "figures_dir", "summary_path"} <= params
    for cell in code:
        tree = ast.parse(cell.source)
        defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defs, f"{nb.name}: logic belongs in src/helpers, not a notebook cell:\n{cell.source[:200]}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_outputs_are_clean(nb):
    book = nbformat.read(nb, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{nb.name}: not executed top to bottom in one run: {counts}"
    for c in code:
        for out in c.get("outputs", []):
            assert out.get("name") != "stderr", f"{nb.name}: a cell writes to stderr: {out.get('text', '')[:200]}"
            assert out.output_type != "error", f"{nb.name}: a cell raised"
            text = json.dumps(out.get("data", {}).get("text/plain", "")) + out.get("text", "")
            for bad in (str(config.ROOT), "/tmp/", "/home/", " at 0x", "Warning"):
                assert bad not in text, f"{nb.name}: output holds {bad!r}"
