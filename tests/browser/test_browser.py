"""The notebooks as readers meet them: JupyterLab in a real browser (Debian's Chromium, driven by
Playwright), every cell run from the Run menu.

For each numbered notebook: no error or stderr output, as many rendered figures as the notebook
saves, and in 02 the explorer's drop-downs change its table. Screenshots go to ``build/browser/``.
The notebooks are served from a temporary copy, so nothing the browser does can touch the sources.
Without Chromium the tests skip on a developer machine and fail under CI (``CI`` set).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import config
from helpers.report import notebook_paths

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NOTEBOOKS = notebook_paths()
TOKEN = "press-conference-browser-test"
SHOTS = config.BUILD_DIR / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _require_browser():
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = "the playwright package"
    else:
        missing = None if CHROMIUM else "chromium (apt-get install chromium)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run under CI: {missing} is missing")
        pytest.skip(f"{missing} is missing")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a loopback port, serving a copy of the notebooks."""
    _require_browser()
    root = tmp_path_factory.mktemp("lab")
    for nb in NOTEBOOKS:
        shutil.copy(nb, root / nb.name)
    settings = root / ".settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # render every cell (no windowing), so that every output is in the page to be counted
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}))
    # the notebooks are trusted as `make lab` trusts them, with a signature store of the test's own
    env = {**os.environ, "JUPYTER_DATA_DIR": str(root / ".data")}
    subprocess.run([sys.executable, "-m", "nbformat.sign", *[str(root / nb.name) for nb in NOTEBOOKS]],
                   env=env, check=True, capture_output=True)
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={root / '.workspaces'}", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(root / "lab.log", "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=root, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("JupyterLab exited:\n" + (root / "lab.log").read_text()[-2000:])
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _saved_figures(nb: Path) -> int:
    book = json.loads(nb.read_text(encoding="utf-8"))
    return sum("".join(c["source"]).count("save_figure(") for c in book["cells"] if c["cell_type"] == "code")


def _code_cells(nb: Path) -> int:
    book = json.loads(nb.read_text(encoding="utf-8"))
    return sum(1 for c in book["cells"] if c["cell_type"] == "code")


def _menu(page, menu: str, command: str):
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(f"li.lm-Menu-item[data-command='{command}']").click()


def _run_all(page, url: str, nb: Path, timeout_s: int = 600):
    """Open a notebook, clear its stored outputs, run every cell and wait until all have run."""
    n_code = _code_cells(nb)
    page.goto(f"{url}/lab/tree/{nb.name}?reset&token={TOKEN}")
    page.wait_for_function(f"document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length == {n_code}",
                           timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    _menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function("document.querySelectorAll('.jp-OutputArea-output').length == 0", timeout=30_000)
    _menu(page, "Run", "runmenu:run-all")
    # a fresh kernel can drop the first request while it settles: if no cell is queued or run
    # within a while, ask once more (nothing has run yet, so asking again runs each cell once)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(2):
        try:
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))"
                ".some(p => /\\[(\\*|\\d+)\\]/.test(p.innerText))", timeout=30_000)
            break
        except PlaywrightTimeout:
            _menu(page, "Run", "runmenu:run-all")
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        ran = sum(1 for p in prompts if re.search(r"\[\d+\]", p))
        status = page.locator(".jp-Notebook-ExecutionIndicator").get_attribute("data-status")
        if ran == n_code and status == "idle":
            break
        time.sleep(1)
    else:
        pytest.fail(f"{nb.name}: not every cell finished within {timeout_s} s")
    page.wait_for_timeout(1500)  # let the last outputs render


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_the_browser(browser, lab, nb):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        try:
            _run_all(page, lab, nb)
        except BaseException:
            page.screenshot(path=str(SHOTS / f"{nb.stem}-failed.png"), full_page=True)
            raise
        page.screenshot(path=str(SHOTS / f"{nb.stem}.png"), full_page=True)
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, f"{nb.name}: error or stderr output: {errors.first.inner_text()[:500]}"
        figures = page.locator(".jp-OutputArea-output img").count()
        assert figures == _saved_figures(nb), f"{nb.name}: {figures} figures rendered, {_saved_figures(nb)} saved"
        if nb.stem == "02-topics":
            _check_explorer(page)
    finally:
        page.close()


def test_committed_explorer_shows_before_running(browser, lab):
    """The widget state stored in 02 renders as an explorer on opening, before any cell runs."""
    nb = next(n for n in NOTEBOOKS if n.stem == "02-topics")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{lab}/lab/tree/{nb.name}?reset&token={TOKEN}")
        page.wait_for_function(f"document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length == {_code_cells(nb)}",
                               timeout=120_000)
        page.wait_for_timeout(3000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "02-topics-opened.png"), full_page=True)
        selects = page.locator(".widget-dropdown select")
        assert selects.count() >= 3, "the stored explorer shows as text, not as drop-downs"
        text = page.locator(".jp-OutputArea-output").all_inner_texts()
        assert not any(t.lstrip().startswith("VBox(children=") for t in text)
    finally:
        page.close()


def _check_explorer(page):
    selects = page.locator(".widget-dropdown select")
    assert selects.count() >= 3, "the explorer's drop-downs did not render"
    table = page.locator(".jp-OutputArea-output .widget-html-content").last
    before = table.inner_text()
    options = selects.nth(0).locator("option").all_inner_texts()
    assert len(options) >= 2
    selects.nth(0).select_option(label=options[-1])
    page.wait_for_timeout(1000)
    after = table.inner_text()
    assert after != before, "choosing an event did not change the explorer's table"
    assert options[-1] in after
    page.screenshot(path=str(SHOTS / "02-topics-explorer.png"), full_page=False)
