"""Notes on a person, a business or a link, in their panels: written by the case's investigators and
prosecutors, read by its users, each write audited (the intent first, as for a plan). A note is its
author's text: shown to them as typed, and to a colleague as a plan title is (web/user_text.py). A note that
touches a victim is sealed in the store and shown only to a reader who has revealed identities with a
purpose, audited (`note-read`; web/notes.py)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Path, Query
from fastapi.responses import HTMLResponse

from service.auth import Role
from service.note_store import note_store
from service.problems import Problem
from service.release import audit
from web import notes
from web.context import CasePage, CasePageDep
from web.render import page
from web.routes import PREFIX

router = APIRouter(prefix=PREFIX)
PartyId = Annotated[str, Path(max_length=200)]
End = Annotated[str, Query(max_length=200)]
LinkType = Annotated[str, Query(alias="type", max_length=60)]
Text = Annotated[str, Form(max_length=2000)]
#: Who writes notes: the case's investigators and prosecutors (analysts read pseudonymised cases only).
WRITERS = (Role.investigator, Role.prosecutor)
ABOUT = {"person": "this person", "business": "this business", "link": "this link"}


def _url(case: CasePage, subject: notes.Subject) -> str:
    base = f"/web/cases/{quote(case.case_id, safe='')}"
    if subject.kind == "link":
        return f"{base}/links/notes?{urlencode(subject.shown)}"
    folder = {"person": "persons", "business": "businesses"}[subject.kind]
    return f"{base}/{folder}/{quote(subject.shown['id'], safe='')}/notes"


def _notes(case: CasePage, subject: notes.Subject) -> HTMLResponse:
    stored = note_store(case.services.settings.home).list(case.case_id, subject.key)
    shown, own = notes.shown(case, stored, subject.victims, f"on {ABOUT[subject.kind].replace('this ', 'a ')}"
                             + (" of a victim" if subject.victims and subject.kind == "link" else
                                " (a victim)" if subject.victims else ""))
    data = case.release({"notes": shown}, own=own)
    return page(case.request, "_notes.html", case.web, case_id=case.case_id, url=_url(case, subject),
                about=ABOUT[subject.kind], victim=bool(subject.victims), writer=case.web.user.role in WRITERS, **data)


def _write(case: CasePage, subject: notes.Subject, text: str) -> HTMLResponse:
    if case.web.user.role not in WRITERS:
        raise Problem(403, "forbidden", "only investigators and prosecutors write notes")
    if not text.strip():
        raise Problem(422, "note-invalid", "write the note first")
    records, what = subject.victims, f"a note on a {subject.kind}"
    audit(case.services, case.web.user, case.request.scope, status=0, records=records, purpose=case.purpose,
          note={"action": "note-save-intent", "detail": what})
    saved = note_store(case.services.settings.home).add(case.case_id, subject.key, text.strip(), case.web.user.name,
                                                        case.services.sealer if records else None)
    sealed = " (sealed: it touches a victim)" if records else ""
    audit(case.services, case.web.user, case.request.scope, status=200, records=records, purpose=case.purpose,
          note={"action": "note-save", "detail": f"note {saved.note_id}, {what}{sealed}"})
    return _notes(case, subject)


@router.get("/cases/{case_id}/persons/{person_id}/notes", response_class=HTMLResponse)
def read_person_notes(case: CasePageDep, person_id: PartyId) -> HTMLResponse:
    return _notes(case, notes.person(case, person_id))


@router.post("/cases/{case_id}/persons/{person_id}/notes", response_class=HTMLResponse)
def write_person_note(case: CasePageDep, person_id: PartyId, text: Text) -> HTMLResponse:
    return _write(case, notes.person(case, person_id), text)


@router.get("/cases/{case_id}/businesses/{business_id}/notes", response_class=HTMLResponse)
def read_business_notes(case: CasePageDep, business_id: PartyId) -> HTMLResponse:
    return _notes(case, notes.business(case, business_id))


@router.post("/cases/{case_id}/businesses/{business_id}/notes", response_class=HTMLResponse)
def write_business_note(case: CasePageDep, business_id: PartyId, text: Text) -> HTMLResponse:
    return _write(case, notes.business(case, business_id), text)


@router.get("/cases/{case_id}/links/notes", response_class=HTMLResponse)
def read_link_notes(case: CasePageDep, s: End, link_type: LinkType, t: End) -> HTMLResponse:
    return _notes(case, notes.link(case, s, link_type, t))


@router.post("/cases/{case_id}/links/notes", response_class=HTMLResponse)
def write_link_note(case: CasePageDep, s: End, link_type: LinkType, t: End, text: Text) -> HTMLResponse:
    return _write(case, notes.link(case, s, link_type, t), text)
