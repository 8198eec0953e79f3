"""Notes on persons, in the person panel, in Chromium over the real service and Neo4j: a prosecutor's note
on a suspect is read by a colleague; writing is audited (the intent first); a note about a victim is
sealed in the store and shown only after a reveal with a purpose, that read audited; analysts read
notes on suspects and write none."""

from __future__ import annotations

import sqlite3

from tests.api_support import ASSIGNED
from tests.web_support import browser, htmx_ready, shoot, sign_in, web_service  # noqa: F401 (fixtures)

SUSPECT_NOTE = "Ask Europol about the Romanian phone"
VICTIM_NOTE = "She fears for her mother in Chisinau"


def _panel(page, base: str, person: str) -> None:
    page.goto(f"{base}/web/cases/{ASSIGNED}/persons/{person}")
    htmx_ready(page)
    page.wait_for_selector("#notes #notes-h")


def _write(page, text: str, shown: str) -> None:
    """Writes a note, then waits for the list to show `shown`."""
    page.locator("#notes details.add-note > summary").click()
    page.get_by_label("Add a note for everyone on the case").fill(text)
    page.get_by_role("button", name="Add the note").click()
    page.locator("#notes li", has_text=shown).wait_for()


def test_notes_on_a_suspect_are_shared_and_audited(web_service, browser) -> None:  # noqa: F811
    base = web_service.base
    page = sign_in(browser, web_service, "prosecutor").page
    _panel(page, base, "P002")
    _write(page, SUSPECT_NOTE, SUSPECT_NOTE)
    assert "prosecutor" in page.locator("#notes").inner_text()
    shoot(page, "notes-suspect")
    actions = [r["action"] for r in web_service.audit() if r["user"] == "prosecutor" and r["action"].startswith("note")]
    assert actions == ["note-save-intent", "note-save"]
    colleague = sign_in(browser, web_service, "investigator").page
    _panel(colleague, base, "P002")
    assert SUSPECT_NOTE in colleague.locator("#notes").inner_text()
    analyst = sign_in(browser, web_service, "analyst").page
    _panel(analyst, base, "P002")
    assert SUSPECT_NOTE in analyst.locator("#notes").inner_text()
    assert analyst.locator("#notes form").count() == 0
    refused = analyst.request.post(f"{base}/web/cases/{ASSIGNED}/persons/P002/notes", form={"text": "x"})
    assert refused.status == 403  # no CSRF token, and no writer either


def test_a_note_about_a_victim_is_sealed_until_a_reveal(web_service, browser) -> None:  # noqa: F811
    base = web_service.base
    page = sign_in(browser, web_service, "prosecutor").page
    hidden = web_service.pseudonym("P011")  # no purpose given yet: her real id is a missing person here
    _panel(page, base, hidden)
    assert "P011" not in page.locator("#person-name").inner_text()
    _write(page, VICTIM_NOTE, "sealed")  # the writer's own note comes back sealed too: no purpose given
    assert VICTIM_NOTE not in page.content()
    stored = sqlite3.connect(web_service.home / "notes.sqlite3").execute(
        "SELECT subject_id, text, sealed FROM notes").fetchall()
    assert ("P011", 1) in {(s, x) for s, _, x in stored}  # by her real id, sealed
    assert not any(VICTIM_NOTE in t for _, t, _ in stored)
    saved = [r for r in web_service.audit() if r["action"] == "note-save" and "P011" in r["records"]]
    assert saved and VICTIM_NOTE not in str(saved)
    # An investigator reads it after a reveal with a purpose, and that read is audited.
    other = sign_in(browser, web_service, "investigator").page
    _panel(other, base, hidden)
    assert VICTIM_NOTE not in other.content()
    other.get_by_label("say why").fill("Prepare the interview of P011")
    with other.expect_navigation():
        other.get_by_role("button", name="Reveal identities").click()
    htmx_ready(other)
    other.locator("#notes li", has_text=VICTIM_NOTE).wait_for()
    shoot(other, "notes-victim-revealed")
    read = [r for r in web_service.audit() if r["user"] == "investigator" and r["action"] == "note-read"]
    assert read and read[-1]["records"] == ["P011"] and read[-1]["purpose"] == "Prepare the interview of P011"
