"""The network page's PDF, in Chromium over the real service and Neo4j: the server cuts the posted view
from the user's own view of the case, draws it in its own Chromium, prints it with the exhibit header,
and audits the export; an analyst's PDF names no victim; a party of another case is refused (404)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.api_support import ASSIGNED, SUSPECT, UNASSIGNED
from tests.test_web import _identities, _pdf_text
from tests.test_web_network import open_network
from tests.web_support import SCREENSHOTS, browser, sign_in, web_service  # noqa: F401 (fixtures)

EXPORT = f"/web/cases/{ASSIGNED}/network/export.pdf"


def _export(page) -> bytes:
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Export PDF").click()
    return open(download.value.path(), "rb").read()


def _picture(data: bytes) -> int:
    """Pixels of the drawn graph: the PDF's largest image (Cytoscape's canvas, printed)."""
    sizes = [int(x["/Width"]) * int(x["/Height"]) for p in PdfReader(io.BytesIO(data)).pages
             for x in (o.get_object() for o in (p["/Resources"].get("/XObject") or {}).values())
             if x.get("/Subtype") == "/Image"]
    assert sizes, "the PDF holds no drawing"
    return max(sizes)


def _export_records(service, user: str) -> list[dict]:
    return [r for r in service.audit() if r["action"] == "export" and r["user"] == user
            and r["path"].endswith("/network/export.pdf")]


def test_the_network_pdf_names_the_case_the_filters_and_the_hash(web_service, browser):  # noqa: F811
    page, _ = open_network(sign_in(browser, web_service, "investigator"), web_service)
    page.fill("#nw-from", "2023-01-01")
    page.fill("#nw-to", "2023-12-31")
    page.dispatch_event("#nw-dates", "change")
    page.fill("#nw-caption", "Exhibit 7: the ring in 2023")
    shown = page.evaluate("thbNetwork.scene.shown.size")
    before = len(_export_records(web_service, "investigator"))
    data = _export(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "network-export.pdf").write_bytes(data)
    text = _pdf_text(data)
    flat = re.sub(r"-\s+", "-", " ".join(text.split()))  # a date may wrap at its hyphen
    assert "Exhibit 7: the ring in 2023" in flat and ASSIGNED in flat
    assert f"{shown} parties" in flat and "all link types" in flat and "dates 2023-01-01 to 2023-12-31" in flat
    assert "investigator" in flat and "under pseudonyms" in flat  # no purpose given: pseudonyms
    assert "Key person (#rank)" in flat and "set to remove" not in flat  # the legend says only what the PDF draws
    digest = re.search(r"SHA-256 of the data\s*([0-9a-f\s]{64,80})", text)
    assert digest, text[:1500]
    sha = "".join(digest.group(1).split())[:64]
    assert "Marius Popescu" in flat and SUSPECT[ASSIGNED] in flat  # the parties are listed by the server
    assert _picture(data) > 1_000_000  # drawn at 3x: about 2100 x 1680
    records = _export_records(web_service, "investigator")
    assert len(records) == before + 1 and sha in records[-1]["detail"], records[-1:]
    assert records[-1]["cases"] == [ASSIGNED]


def test_an_analysts_network_pdf_names_no_victim(web_service, browser):  # noqa: F811
    visit = sign_in(browser, web_service, "analyst")
    page, _ = open_network(visit, web_service)
    data = _export(page)
    text = _pdf_text(data)
    assert re.search(r"V-[0-9a-f]{16}", text)  # the victims are there, under their pseudonyms
    leaked = [value for value in _identities() if value in text + visit.seen()]
    assert not leaked, leaked
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "network-export-analyst.pdf").write_bytes(data)
    assert _picture(data) > 1_000_000
    assert _export_records(web_service, "analyst")


def test_a_party_of_another_case_is_refused_like_a_missing_one(web_service, browser):  # noqa: F811
    page, _ = open_network(sign_in(browser, web_service, "investigator"), web_service)
    csrf = page.locator("#nw-export input[name=csrf_token]").input_value()
    before = len(_export_records(web_service, "investigator"))

    def post(parties: str) -> object:
        return page.request.post(web_service.base + EXPORT, form={
            "csrf_token": csrf, "parties": parties, "types": "CONTROLS,RECRUITED", "caption": "x"})

    foreign = post(f"{SUSPECT[ASSIGNED]} {SUSPECT[UNASSIGNED]}")
    missing = post(f"{SUSPECT[ASSIGNED]} P999999")
    assert foreign.status == missing.status == 404, (foreign.status, foreign.text()[:800])
    # The same page for both (the error page of the web app): nothing tells a foreign id from a missing one.
    assert "no such party in this case" in foreign.text() and foreign.text() == missing.text()
    assert len(_export_records(web_service, "investigator")) == before  # nothing exported
    ok = post(SUSPECT[ASSIGNED])
    assert ok.status == 200 and ok.body().startswith(b"%PDF-")
    assert "1 parties and 0 links shown" in " ".join(_pdf_text(ok.body()).split())
