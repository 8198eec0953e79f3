"""Court-ready exhibits: a page printed to PDF by headless Chromium (Playwright), on this machine.

Playwright cannot download its own browser on an air-gapped network, so it drives the system's
Chromium (`THBGRAPH_CHROMIUM`, else `chromium` on the PATH). The exhibit is rendered from a
string with scripts off and nothing fetched: what the PDF shows is what the server put in it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from typing import Any

from api.problems import Problem

CHROMIUM_VARIABLE = "THBGRAPH_CHROMIUM"


def chromium_path() -> str:
    path = os.environ.get(CHROMIUM_VARIABLE) or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise Problem(503, "pdf-unavailable", "no Chromium to print PDFs with: install the `chromium` package "
                      f"or set {CHROMIUM_VARIABLE}")
    return path


def data_digest(data: Any) -> str:
    """SHA-256 of the data behind an exhibit, as canonical JSON (sorted keys, no spaces): anyone holding
    the same data (the API's JSON of the same request) can recompute it."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def html_to_pdf(html: str) -> bytes:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (only exports need it)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path())
        try:
            page = browser.new_page(java_script_enabled=False, offline=True)
            page.set_content(html, wait_until="load")
            return page.pdf(format="A4", print_background=True, display_header_footer=True,
                            header_template="<span></span>",
                            footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                            'page <span class="pageNumber"></span> of <span class="totalPages"></span>'
                                            '</div>',
                            margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()
