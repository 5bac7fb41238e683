"""Notebook execution helpers: stable widget ids, the offline HTML report."""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import nbformat

from helpers import config, report
from helpers.report import stable_widget_ids, write_html_report

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def _widget_book(ids, order):
    box, dropdown = ids
    state = {box: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{dropdown}"]}},
             dropdown: {"model_name": "DropdownModel", "state": {"value": "a"}}}
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell("x", id="c0", outputs=[nbformat.v4.new_output(
        "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": box}, "text/plain": "VBox()"})])]
    book.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {k: state[k] for k in order}, "version_major": 2, "version_minor": 0}}
    return nbformat.writes(book)


def test_widget_ids_are_stable_whatever_the_random_ids_and_order():
    a = stable_widget_ids(_widget_book(["1f" * 16, "2e" * 16], ["1f" * 16, "2e" * 16]))
    b = stable_widget_ids(_widget_book(["9a" * 16, "0c" * 16], ["0c" * 16, "9a" * 16]))
    assert a == b
    book = json.loads(a)
    state = book["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert list(state) == [f"{0:032x}", f"{1:032x}"]
    assert state[f"{0:032x}"]["state"]["children"] == [f"IPY_MODEL_{1:032x}"]
    assert "1f1f" not in a


def test_notebook_without_widgets_is_unchanged():
    text = nbformat.writes(nbformat.v4.new_notebook())
    assert stable_widget_ids(text) == text


def test_html_report_links_pages_and_opens_offline(tmp_path):
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# 09 · Example\n\nText."),
                  nbformat.v4.new_code_cell("plot()", outputs=[nbformat.v4.new_output(
                      "display_data", data={"image/png": PNG, "text/plain": "<Figure>"})])]
    executed = tmp_path / "09-example.ipynb"
    nbformat.write(book, executed)
    summaries = tmp_path / "summaries"
    summaries.mkdir()
    (summaries / "09-example.json").write_text(json.dumps({"events": ["a"], "counts": {"a": {"turns": 3}}}))
    index = write_html_report([executed], tmp_path / "report", summaries)
    html = index.read_text(encoding="utf-8")
    assert 'href="09-example.html"' in html and "09 · Example" in html and "1 figures" in html
    assert "counts.a.turns" in html
    page = (tmp_path / "report" / "09-example.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page
    assert 'src="http' not in page and 'src="http' not in html


def test_refreshing_a_file_that_is_not_a_notebook_names_it(tmp_path):
    import pytest

    from helpers.errors import InputError
    from helpers.report import refresh_notebook

    bad = tmp_path / "notes.ipynb"
    bad.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.ipynb: not a Jupyter notebook \(Notebook does not appear to be JSON"):
        refresh_notebook(bad)
    assert bad.read_text(encoding="utf-8") == "just some notes\n"


def _printed_by_a_kernel(code: str, tmp_path) -> str:
    """What a one-cell notebook running ``code`` prints, executed by :func:`helpers.report.run_notebook`."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "env.ipynb"
    nbformat.write(nb, source)
    done = nbformat.read(report.run_notebook(source, tmp_path / "out"), as_version=4)
    return done.cells[0].outputs[0]["text"].strip()


def test_kernels_get_numpy_without_avx512_so_results_do_not_depend_on_the_machine(monkeypatch, tmp_path):
    # NumPy's AVX-512 paths change the last bits of vectorised logarithms (a log-scale figure's
    # coordinates moved by 1e-6 between machines); the processes that compute committed results get
    # them switched off, on any x86 machine (on one without AVX-512 they are not found anyway), and
    # the caller's own environment is left as it was
    monkeypatch.delenv("NPY_DISABLE_CPU_FEATURES", raising=False)
    printed = _printed_by_a_kernel("import os\nprint(repr(os.environ.get('NPY_DISABLE_CPU_FEATURES')))", tmp_path)
    assert printed == repr(config.REPRODUCIBLE_ENV["NPY_DISABLE_CPU_FEATURES"])
    assert "NPY_DISABLE_CPU_FEATURES" not in os.environ
    probe = "import json, numpy; print(json.dumps(numpy.__config__.CONFIG['SIMD Extensions']))"
    env = {**os.environ, **config.REPRODUCIBLE_ENV}
    simd = json.loads(subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout)
    assert not {"X86_V4", "AVX512_ICL", "AVX512_SPR"} & set(simd["found"])


def test_a_value_set_by_the_caller_wins_over_the_kernels_default(monkeypatch, tmp_path):
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", "AVX512_SPR")
    assert _printed_by_a_kernel("import os\nprint(os.environ['NPY_DISABLE_CPU_FEATURES'])", tmp_path) == "AVX512_SPR"


def test_make_exports_the_same_numpy_setting_as_the_notebook_runner():
    # the Makefile cannot import the package before the environment exists, so it spells the value
    # out; it must be the one helpers.config.REPRODUCIBLE_ENV gives the kernels
    makefile = (config.ROOT / "Makefile").read_text(encoding="utf-8")
    for name, value in config.REPRODUCIBLE_ENV.items():
        assert f"export {name} ?= {value}\n" in makefile
