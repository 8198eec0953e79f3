"""In a real JupyterLab, in Chromium, a `%%cypher` cell is highlighted as Cypher and a Python cell stays
Python (the extension analyst/labextension, installed as a prebuilt extension: `make install` links it).

The server runs with its own config, data and runtime folders (no user settings reach it), on a free
port, with a token; the notebook is written to a temporary folder. What is checked is what a person
sees: the language CodeMirror gives each cell's editor and the colour of its words.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from graph.runtime import free_port
from tests.paths import ROOT

SCREENSHOTS = ROOT / "tests" / "screenshots"

CYPHER = "%%cypher --max-rows 50\nMATCH (p:Person)-[:ROLE_IN]->(c:Case {case_id: $case_id})\nRETURN p.person_id, count(c) AS cases"
PYTHON = "import math\n\ndef area(r):\n    return math.pi * r ** 2"
# Cypher's keywords as Python names: plain names in a Python cell.
NAMES = "MATCH = 'RETURN'\nprint(MATCH)"


def _notebook(cells: list[str]) -> dict:
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python", "codemirror_mode": {"name": "ipython", "version": 3}}},
        "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None, "outputs": [], "source": s}
                  for i, s in enumerate(cells)],
    }


@dataclass
class Lab:
    url: str
    token: str


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    home = tmp_path_factory.mktemp("lab")
    (home / "work").mkdir()
    # No "notified about official Jupyter news?" box over the notebook in the screenshots.
    news = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false"}))
    (home / "work" / "cases.ipynb").write_text(json.dumps(_notebook([CYPHER, PYTHON, NAMES])))
    token, port = secrets.token_hex(16), free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home / 'work'}",
         "--allow-root", "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to a minute or two on a loaded machine: a readiness wait, not a check
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited: {(home / 'lab.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail(f"jupyter lab did not answer: {(home / 'lab.log').read_text()[-2000:]}")
        yield Lab(url, token)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _languages(page) -> list[str | None]:
    return page.eval_on_selector_all(".jp-Notebook .jp-CodeCell .cm-content", "els => els.map(e => e.dataset.language || null)")


def _colour(page, cell: int, word: str) -> str:
    """The colour and weight a person sees on `word` in the cell's editor (the element holding only it,
    else its line's)."""
    return page.evaluate(
        """([cell, word]) => {
            const content = document.querySelectorAll('.jp-Notebook .jp-CodeCell .cm-content')[cell];
            const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.textContent.indexOf(word);
                if (at < 0) continue;
                const own = node.parentElement.textContent.trim() === word;
                const style = getComputedStyle(own ? node.parentElement : node.parentElement.closest('.cm-line'));
                return `${style.color} ${style.fontWeight}${own ? '' : ' (its line)'}`;
            }
            return null;
        }""", [cell, word])


def test_a_cypher_cell_is_highlighted_as_cypher_and_python_stays_python(lab: Lab, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{lab.url}/lab/tree/cases.ipynb?token={lab.token}")
        page.wait_for_selector(".jp-Notebook .jp-CodeCell .cm-content[data-language]", timeout=120_000)
        page.wait_for_function("document.querySelectorAll('.jp-Notebook .jp-CodeCell .cm-content[data-language]').length === 3",
                               timeout=60_000)
        # Once the kernel is up, its language_info sets every code cell's language once more: the magic must hold.
        page.wait_for_selector('.jp-NotebookPanel-toolbar [data-status="idle"]', timeout=180_000)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "labext-cypher.png"))
        assert _languages(page) == ["cypher", "python", "python"]

        keyword = _colour(page, 1, "def")  # a Python keyword, in the theme's keyword colour and weight
        plain = _colour(page, 1, "math")
        assert keyword and plain and keyword != plain, (keyword, plain)
        for word in ("MATCH", "RETURN"):  # Cypher's keywords: the keyword colour in the Cypher cell ...
            assert _colour(page, 0, word) == keyword, word
        assert _colour(page, 2, "MATCH") != keyword  # ... a plain name in a Python cell

        # A person types the magic at the top of a Python cell: it becomes Cypher; taken away, Python again.
        editor = page.locator(".jp-Notebook .jp-CodeCell .cm-content").nth(1)
        editor.click()
        page.keyboard.press("Control+Home")
        page.keyboard.type("%%cypher\n")
        page.wait_for_function("document.querySelectorAll('.jp-Notebook .jp-CodeCell .cm-content')[1].dataset.language === 'cypher'",
                               timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "labext-cypher-typed.png"))
        page.keyboard.press("Control+Home")
        page.keyboard.press("Shift+ArrowDown")
        page.keyboard.press("Delete")
        page.wait_for_function("document.querySelectorAll('.jp-Notebook .jp-CodeCell .cm-content')[1].dataset.language === 'python'",
                               timeout=30_000)
        assert _languages(page) == ["cypher", "python", "python"]
        assert _colour(page, 1, "def") == keyword
    finally:
        context.close()
