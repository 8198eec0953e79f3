"""Notes on a person, in the person panel: written by the case's investigators and prosecutors, read by its
users, each write audited (the intent first, as for a plan). A note is its author's text: shown to them as
typed, and to a colleague as a plan title is (web/user_text.py). A note about a victim is sealed in the
store and shown only to a reader who has revealed identities with a purpose, audited (`note-read`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path
from fastapi.responses import HTMLResponse

from service import views
from service.auth import Role
from service.note_store import note_store
from service.problems import Problem
from service.release import audit
from web.context import CasePage, CasePageDep
from web.render import page
from web.routes import PREFIX
from web.user_text import colleagues_title

router = APIRouter(prefix=PREFIX)
PersonId = Annotated[str, Path(max_length=200)]
#: Who writes notes: the case's investigators and prosecutors (analysts read pseudonymised cases only).
WRITERS = (Role.investigator, Role.prosecutor)


def _subject(case: CasePage, person_id: str) -> tuple[str, str, bool]:
    """The person as this view shows them, their real id, and whether they are a victim (404 if not in the case)."""
    network, key = views.person_key(case.viewer, case.case_id, person_id)
    return key, case.viewer.person_id(key), network.persons[key].is_victim


def _notes(case: CasePage, person_id: str) -> HTMLResponse:
    key, real, victim = _subject(case, person_id)
    notes = note_store(case.services.settings.home).list(case.case_id, real)
    readable = not victim or bool(case.purpose)
    shown, own = [], []
    for i, n in enumerate(notes):
        text, mine = colleagues_title(case, n.author, n.opened(case.services.sealer)) if readable else ("", False)
        shown.append({"author": n.author, "written_at": n.written_at, "text": text, "sealed": not readable})
        if mine:
            own.append(i)
    if victim and readable and notes:
        audit(case.services, case.web.user, case.request.scope, status=200, records=[real], purpose=case.purpose,
              note={"action": "note-read", "detail": f"{len(notes)} notes on a victim"})
    data = case.release({"notes": shown}, own=[shown[i]["text"] for i in own])
    return page(case.request, "_notes.html", case.web, case_id=case.case_id, person_id=key, victim=victim,
                writer=case.web.user.role in WRITERS, **data)


@router.get("/cases/{case_id}/persons/{person_id}/notes", response_class=HTMLResponse)
def read_notes(case: CasePageDep, person_id: PersonId) -> HTMLResponse:
    return _notes(case, person_id)


@router.post("/cases/{case_id}/persons/{person_id}/notes", response_class=HTMLResponse)
def write_note(case: CasePageDep, person_id: PersonId, text: Annotated[str, Form(max_length=2000)]) -> HTMLResponse:
    if case.web.user.role not in WRITERS:
        raise Problem(403, "forbidden", "only investigators and prosecutors write notes")
    if not text.strip():
        raise Problem(422, "note-invalid", "write the note first")
    _, real, victim = _subject(case, person_id)
    records = [real] if victim else []
    audit(case.services, case.web.user, case.request.scope, status=0, records=records, purpose=case.purpose,
          note={"action": "note-save-intent", "detail": "a note on a person"})
    saved = note_store(case.services.settings.home).add(case.case_id, real, text.strip(), case.web.user.name,
                                                        case.services.sealer if victim else None)
    audit(case.services, case.web.user, case.request.scope, status=200, records=records, purpose=case.purpose,
          note={"action": "note-save", "detail": f"note {saved.note_id}{' (sealed: on a victim)' if victim else ''}"})
    return _notes(case, person_id)
