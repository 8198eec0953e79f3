"""PDF exports against the real `thbgraph serve` (probe 3, finding 8): one user's seventh export at once
is refused with 429 and a Retry-After while another user's export is printed; no more than
`THBGRAPH_PDF_WORKERS` Chromiums run under the server at any time, and none is left afterwards."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import psutil

from bench.probe.third import browsers

from tests.api_support import ASSIGNED
from tests.web_support import WebService, web_service  # noqa: F401 (fixture)

EXPORT = f"/web/cases/{ASSIGNED}/network/export.pdf"


def signed_in(service: WebService, user: str) -> tuple[httpx.Client, str]:
    """A client holding `user`'s session cookie, and the session's CSRF token."""
    client = httpx.Client(base_url=service.base, timeout=600)
    form = client.get("/web/sign-in").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert csrf, form[:500]
    answer = client.post("/web/sign-in", data={"token": service.tokens[user], "csrf_token": csrf.group(1)})
    assert answer.status_code == 303, answer.text[:300]
    page = client.get("/web/cases").text
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', page)
    assert token, page[:500]
    return client, token.group(1)


def whole_view(client: httpx.Client) -> dict[str, str]:
    """The export form of the network page showing everything, as this user sees it."""
    view = client.get(f"/web/api/cases/{ASSIGNED}/network").json()
    return {"parties": " ".join(n["id"] for n in view["nodes"]), "types": ",".join(view["link_types"])}




def test_a_users_seventh_export_is_429_while_another_users_is_printed(web_service: WebService) -> None:  # noqa: F811
    server = next(p for p in psutil.Process().children(recursive=True)
                  if f"--port {web_service.base.rsplit(':', 1)[1]}" in " ".join(p.cmdline()))
    analyst, analyst_csrf = signed_in(web_service, "analyst")
    investigator, investigator_csrf = signed_in(web_service, "investigator")
    peak, done = [0], threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], len(browsers(server.pid)))

    def export(client: httpx.Client, csrf: str) -> httpx.Response:
        return client.post(EXPORT, data={"csrf_token": csrf, "caption": "pool", **whole_view(client)})

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            hers = [pool.submit(export, analyst, analyst_csrf) for _ in range(7)]
            his = pool.submit(export, investigator, investigator_csrf)
            answers = [f.result() for f in hers]
            other = his.result()
    finally:
        done.set()
        watcher.join()
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * 6 + [429], statuses
    refused = next(a for a in answers if a.status_code == 429)
    assert int(refused.headers["Retry-After"]) >= 1
    assert "6 PDF exports waiting or being printed" in refused.text and "%PDF" not in refused.text
    assert all(a.content.startswith(b"%PDF") for a in answers if a.status_code == 200)
    assert other.status_code == 200 and other.content.startswith(b"%PDF")  # another user is served
    assert 1 <= peak[0] <= 2, peak[0]  # THBGRAPH_PDF_WORKERS: never a Chromium per request
    for _ in range(100):  # every browser has ended (closed by its export, not by the test)
        if not browsers(server.pid):
            break
        done.wait(0.2)
    assert not browsers(server.pid)
    for _ in range(100):  # nor any of their helpers (renderers, zygotes, crash handlers)
        if not [p for p in server.children(recursive=True) if "chrom" in p.name().lower()]:
            break
        done.wait(0.2)
    assert not [p.name() for p in server.children(recursive=True) if "chrom" in p.name().lower()]
    exports = [r for r in web_service.audit() if r["action"] == "export" and r["path"] == EXPORT]
    assert len([r for r in exports if r["user"] == "analyst"]) == 6  # the refused one printed nothing
