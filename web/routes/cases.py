"""Your cases; one case with its key persons; revealing victims' identities with a purpose."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from urllib.parse import quote, unquote, urlencode

from service import views
from service.auth import CASE_ROLES
from service.services import ServicesDep
from service.viewer import Viewer
from service.release import audit, released
from web.routes import PREFIX, person, plans, saved_views
from web import notes
from web.carried import MAX_KEPT, carried, carried_persons
from web.context import CasePage, CasePageDep
from web.render import page
from web.session import WebUserDep, signed_out, store

router = APIRouter(prefix=PREFIX)

#: The key persons a case page ranks, and the size of the key-player set it proposes.
TOP, KEY_SET = 10, 3
#: Whose panels are worked out ahead, while the case page is read (the panels most opened), one at a
#: time, in cases of more persons than PREFETCH_FROM.
PREFETCH, PREFETCH_FROM = 3, 300
WARMING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="web-warm")


@router.get("/cases", response_class=HTMLResponse)
def case_list(request: Request, services: ServicesDep, web: WebUserDep) -> HTMLResponse:
    """Counts and outcomes; scrubbed all the same (a title could name someone), so never audited."""
    cases = []
    if web.user.role in CASE_ROLES:
        viewer = Viewer(services, web.user, hidden=True)
        cases = released(services, web.user, request.scope, purpose=None, data=[
            views.case_overview(viewer, s) for s in views.case_summaries(services, web.user, None)])
    return page(request, "cases.html", web, cases=cases)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(case: CasePageDep) -> HTMLResponse:
    summary = views.case_summaries(case.services, case.web.user, [case.case_id])
    key = views.key_persons(case.viewer, case.case_id, TOP, KEY_SET)
    data = case.release({
        "case": views.case_overview(case.viewer, summary[0]) if summary else {"case_id": case.case_id},
        "key": key,
    })
    # The top persons' panels, worked out with the page: at 2,000 persons the #1's take seconds, and the
    # panel the reader opens next then only renders (kept while the graph is unchanged, computed once).
    # Beside the request, not after it: the release middleware sends a response once its app is done.
    # Only for a large case: a small one's panel is quick, and a warm-up competes with the next page.
    if len(case.viewer.case_network(case.case_id).persons) > PREFETCH_FROM:
        WARMING.submit(_warm, case, [p["person_id"] for p in key["ranking"][:PREFETCH]])
    return page(case.request, "case.html", case.web, case_id=case.case_id, purpose=case.purpose, **data)


def _warm(case: CasePage, person_ids: list[str]) -> None:
    """The panels of the top persons, then the workbench's choices (twenty persons' options), computed and
    kept (web/routes/person.py, plans.py), shown to no one yet: the pages a reader opens from here."""
    try:
        for person_id in person_ids:
            person.panel_data(case, person_id, shown=False)
        plans.workbench_choices(case, shown=False)
    except Exception:  # noqa: BLE001 (a warm-up only: the page computes, and reports, for itself)
        pass


@router.get("/cases/{case_id}/network", response_class=HTMLResponse)
def network_page(case: CasePageDep) -> HTMLResponse:
    """The case network (Cytoscape.js): its widget and JSON endpoints come with web/js."""
    return page(case.request, "network.html", case.web, case_id=case.case_id, purpose=case.purpose,
                saved_views=saved_views.listed(case), note_choices=case.release(notes.choices(case)))


@router.get("/api/cases/{case_id}/key-persons")
def key_persons_json(case: CasePageDep) -> JSONResponse:
    """The ranking and the key-player set for the network widget (key persons highlighted with their rank)."""
    return case.json(views.key_persons(case.viewer, case.case_id, TOP, KEY_SET))


Kept = Annotated[list[str], Form(alias="keep", max_length=MAX_KEPT)]


def _back(case: CasePage, next_page: str, keep: list[str], hidden_after: bool) -> str:
    """Only back to a page of this case: never an address the form was given from elsewhere. Back to the
    workbench with the boxes that were ticked (web/js/src/keep.js sends them), in the new view's ids."""
    case_id = case.case_id
    if not (next_page.startswith(f"/web/cases/{case_id}") and "//" not in next_page):
        return f"/web/cases/{case_id}"
    if next_page == f"/web/cases/{case_id}/plans":
        ticked = carried(case, keep, hidden_after)
        return f"{next_page}?{urlencode([('kept', 'true')] + [('action', a) for a in ticked])}"
    persons = f"/web/cases/{case_id}/persons/"
    if next_page.startswith(persons):  # a victim's panel: her pseudonym before a reveal, her id after
        who, slash, rest = next_page[len(persons):].partition("/")
        return persons + quote(carried_persons(case, [unquote(who)], hidden_after)[0], safe="") + slash + rest
    return next_page


@router.post("/cases/{case_id}/reveal")
def reveal(case: CasePageDep, purpose: Annotated[str, Form(max_length=500)],
           next_page: Annotated[str, Form(alias="next", max_length=500)] = "",
           keep: Kept = []) -> Response:  # noqa: B006 (FastAPI)
    """From now on (in this session) this case's pages show victims' identities, each page audited with the purpose."""
    if not case.web.user.sees_identities:
        return page(case.request, "error.html", case.web, status=403, title="Forbidden",
                    message="Your role sees victims under pseudonyms only.")
    if not purpose.strip():
        return page(case.request, "error.html", case.web, status=400, title="Purpose required",
                    message="Say why you need to see the victims' identities: it is written to the audit log.")
    audit(case.services, case.web.user, case.request.scope, status=200, records=[], purpose=purpose.strip(),
          note={"action": "reveal", "detail": "victims' identities shown on this case's pages"})
    session = case.web.session
    store(case.request, case.services, replace(session, reveals={**session.reveals, case.case_id: purpose.strip()}))
    return RedirectResponse(_back(case, next_page, keep, hidden_after=False), status_code=303)


@router.post("/cases/{case_id}/hide")
def hide(case: CasePageDep, next_page: Annotated[str, Form(alias="next", max_length=500)] = "",
         keep: Kept = []) -> Response:  # noqa: B006 (FastAPI)
    session = case.web.session
    reveals = {k: v for k, v in session.reveals.items() if k != case.case_id}
    # The reveal lives in the cookie: a copy kept from before must not reveal again, so this session
    # ends here and goes on under a new id (probe 3, low 11).
    signed_out(case.services).end(session)
    store(case.request, case.services, replace(session, reveals=reveals, csrf=secrets.token_urlsafe(32)))
    return RedirectResponse(_back(case, next_page, keep, hidden_after=True), status_code=303)
