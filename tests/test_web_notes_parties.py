"""Notes on businesses and links, and notes chosen into the court PDF, in Chromium over the real service and
Neo4j: a click on a business or a link in the network opens its panel in the drawer, with its notes; writing
is audited (the intent first); a note on a link to a victim is sealed in the store like her other values and
read only after a reveal with a purpose (audited); the network's PDF lists the notes chosen at export, a
victim's sealed one only as the view allows."""

from __future__ import annotations

import sqlite3
import unicodedata
from urllib.parse import urlencode

from tests.api_support import ASSIGNED
from tests.test_web import _pdf_text
from tests.test_web_network import open_network, until
from tests.test_web_notes import _write
from tests.web_support import act, browser, htmx_ready, shoot, sign_in, web_service  # noqa: F401 (fixtures)

BUSINESS_NOTE = "Cash takings twice the declared turnover"
LINK_NOTE = "Manager on site since the spring, per the landlord"
VICTIM_LINK_NOTE = "He took her passport on the first day"
SECOND_SITE_NOTE = "A second site opened without a permit"
CASE = f"/web/cases/{ASSIGNED}"


def _link_page(page, base: str, s: str, type_: str, t: str) -> None:
    page.goto(f"{base}{CASE}/links?{urlencode({'s': s, 'type': type_, 't': t})}")
    htmx_ready(page)
    page.wait_for_selector("#notes #notes-h")


def _tap(page, selector: str) -> None:
    """A click on a node or a link of the graph (Cytoscape draws on a canvas: its tap event)."""
    act(page, f"thbNetwork.cy.$({selector!r}).first().emit('tap')")


def test_notes_on_a_business_and_a_link_from_the_network(web_service, browser) -> None:  # noqa: F811
    base = web_service.base
    page, errors = open_network(sign_in(browser, web_service, "investigator"), web_service)
    page.evaluate("thbNetwork.scene.show(['B001', 'P002']); thbNetwork.render(false)")
    _tap(page, "#B001")
    page.locator("#nw-drawer #business-name").wait_for()
    assert "MANAGES" not in page.locator("#nw-drawer").inner_text()  # link types in words
    page.locator("#nw-drawer #notes #notes-h", has_text="this business").wait_for()
    _write(page, BUSINESS_NOTE, BUSINESS_NOTE)
    shoot(page, "notes-business-drawer")
    _tap(page, "edge[source = 'P002'][target = 'B001'][type = 'MANAGES']")
    page.locator("#nw-drawer #link-name", has_text="manages").wait_for()
    page.locator("#nw-drawer #notes #notes-h", has_text="this link").wait_for()
    _write(page, LINK_NOTE, LINK_NOTE)
    assert not errors, errors
    actions = [(r["action"], r["detail"]) for r in web_service.audit()
               if r["user"] == "investigator" and r["action"].startswith("note")]
    assert [a for a, _ in actions] == ["note-save-intent", "note-save"] * 2
    assert "business" in actions[1][1] and "link" in actions[3][1]
    stored = sqlite3.connect(web_service.home / "notes.sqlite3").execute(
        "SELECT subject_id, text, sealed FROM notes ORDER BY note_id").fetchall()
    assert stored[-2:] == [("business:B001", BUSINESS_NOTE, 0), ("link:P002|MANAGES|B001", LINK_NOTE, 0)]

    # A colleague reads both, on the panels' own pages; an analyst reads them and writes none.
    for user in ("prosecutor", "analyst"):
        other = sign_in(browser, web_service, user).page
        other.goto(f"{base}{CASE}/businesses/B001")
        htmx_ready(other)
        other.locator("#notes li", has_text=BUSINESS_NOTE).wait_for()
        _link_page(other, base, "P002", "MANAGES", "B001")
        other.locator("#notes li", has_text=LINK_NOTE).wait_for()
        assert (other.locator("#notes form").count() == 0) is (user == "analyst")
    refused = other.request.post(f"{base}{CASE}/businesses/B001/notes", form={"text": "x"})
    assert refused.status == 403
    missing = other.request.get(f"{base}{CASE}/links?{urlencode({'s': 'P002', 'type': 'OWNS', 't': 'B001'})}")
    assert missing.status == 404  # no such link in the case


def _export(page, chosen: list[str]) -> str:
    """The network's PDF with the notes about `chosen` (their labels' words) ticked: its text."""
    page.locator("#nw-export details.note-choice > summary").click()
    for about in chosen:
        for label in page.locator("#nw-export .note-choice label", has_text=about).all():
            label.click()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Export PDF").click()
    text = _pdf_text(open(download.value.path(), "rb").read())
    return " ".join(unicodedata.normalize("NFKC", text).split())  # the PDF's "ﬁ" ligature as "fi"


def test_a_note_on_a_link_to_a_victim_is_sealed_and_the_pdf_lists_the_chosen_notes(web_service, browser) -> None:  # noqa: F811
    base = web_service.base
    page = sign_in(browser, web_service, "prosecutor").page
    hidden = web_service.pseudonym("P011")  # no purpose given: she is her pseudonym here
    _link_page(page, base, "P002", "CONTROLS", hidden)
    assert "P011" not in page.locator("#link-name").inner_text()
    assert "touches a victim" in page.locator("#notes form label").text_content()  # in the folded form
    _write(page, VICTIM_LINK_NOTE, "sealed")  # the writer's own note comes back sealed too: no purpose
    assert VICTIM_LINK_NOTE not in page.content()
    stored = sqlite3.connect(web_service.home / "notes.sqlite3").execute(
        "SELECT subject_id, text, sealed FROM notes").fetchall()
    [(_, text, sealed)] = [row for row in stored if row[0] == "link:P002|CONTROLS|P011"]  # by her real id
    assert sealed == 1 and VICTIM_LINK_NOTE not in text
    saved = [r for r in web_service.audit() if r["action"] == "note-save" and "P011" in r["records"]]
    assert saved and VICTIM_LINK_NOTE not in str(saved)
    page.goto(f"{base}{CASE}/businesses/B001")
    htmx_ready(page)
    page.wait_for_selector("#notes #notes-h")
    _write(page, SECOND_SITE_NOTE, SECOND_SITE_NOTE)

    # The PDF without a purpose: the business's note as written, the victim's sealed; unchosen notes absent.
    page, _ = open_network(sign_in(browser, web_service, "prosecutor"), web_service)
    shoot(page, "notes-pdf-choice")
    text = _export(page, ["business B001", "(controls)"])
    assert "Notes chosen for this exhibit" in text and SECOND_SITE_NOTE in text
    assert VICTIM_LINK_NOTE not in text and "Sealed: a note touching a victim" in text
    page.reload()
    page.wait_for_selector("#network-app[data-ready=true]", timeout=60_000)
    none = _export(page, [])  # nothing ticked: no notes
    assert "Notes chosen" not in none and SECOND_SITE_NOTE not in none

    # After a reveal with a purpose: the victim's note in the PDF, that read audited.
    page.get_by_label("say why").fill("Prepare the hearing")
    with page.expect_navigation():
        page.get_by_role("button", name="Reveal identities").click()
    page.wait_for_selector("#network-app[data-ready=true]", timeout=60_000)
    until(page, "document.querySelectorAll('#nw-export .note-choice input').length > 0")
    revealed = _export(page, ["(controls)"])
    assert VICTIM_LINK_NOTE in revealed and SECOND_SITE_NOTE not in revealed
    read = [r for r in web_service.audit() if r["user"] == "prosecutor" and r["action"] == "note-read"]
    assert read and read[-1]["records"] == ["P011"] and read[-1]["purpose"] == "Prepare the hearing"
