"""Court-ready exhibits: a page printed to PDF by headless Chromium (Playwright), on this machine.

Playwright cannot download its own browser on an air-gapped network, so it drives the system's
Chromium (`THBGRAPH_CHROMIUM`, else `chromium` on the PATH). The exhibit is rendered from a
string with scripts off and nothing fetched: what the PDF shows is what the server put in it.
A drawn exhibit (the network) runs the shipped bundle instead: the page and web/static are served
from this process (`page.route`), every other request is refused, and the data is in the page.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from graph.child_env import without_secrets
from service.problems import Problem

STATIC = Path(__file__).parent / "static"
#: The drawn exhibit's origin: never resolved, every request to it is answered here.
ORIGIN = "http://exhibit.invalid"
#: The printable width of A4 with the margins below, in CSS pixels: the page is laid out as printed.
PRINT_WIDTH = 703
MARGIN = {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center">'
          'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')

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
        browser = p.chromium.launch(executable_path=chromium_path(), env=without_secrets())
        try:
            page = browser.new_page(java_script_enabled=False, offline=True)
            page.set_content(html, wait_until="load")
            return _pdf(page)
        finally:
            browser.close()


def _pdf(page: Any) -> bytes:
    return page.pdf(format="A4", print_background=True, display_header_footer=True,
                    header_template="<span></span>", footer_template=FOOTER, margin=MARGIN)


def _serve(html: str) -> Any:
    """The route handler of a drawn exhibit: the page, then files of web/static only."""
    def handle(route: Any) -> None:
        url = route.request.url
        if url == f"{ORIGIN}/":
            return route.fulfill(body=html, content_type="text/html; charset=utf-8")
        path = url.removeprefix(f"{ORIGIN}/web/static/").split("?")[0]
        file = (STATIC / path).resolve()
        if url.startswith(f"{ORIGIN}/web/static/") and file.is_relative_to(STATIC.resolve()) and file.is_file():
            kind = {"js": "text/javascript", "css": "text/css"}.get(file.suffix[1:], "application/octet-stream")
            return route.fulfill(body=file.read_bytes(), content_type=kind)
        return route.abort()
    return handle


def drawn_to_pdf(html: str, timeout_ms: int = 60_000) -> bytes:
    """Print a page whose scripts draw it (from the shipped bundle and the data in the page); they set
    `<html data-ready>` when done."""
    from playwright.sync_api import Error, sync_playwright  # noqa: PLC0415

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), env=without_secrets())
        try:
            page = browser.new_page(viewport={"width": PRINT_WIDTH, "height": 1000}, device_scale_factor=3)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", _serve(html))
            page.goto(f"{ORIGIN}/")
            try:
                page.wait_for_selector("html[data-ready=true]", state="attached", timeout=timeout_ms)
            except Error:
                raise Problem(500, "pdf-failed", f"the exhibit could not be drawn: {'; '.join(errors) or 'timed out'}") from None
            page.emulate_media(media="print")
            return _pdf(page)
        finally:
            browser.close()
