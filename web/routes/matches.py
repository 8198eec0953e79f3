"""The review queue of a case: candidate matches across cases, decided by a person (never merged).

The same service functions as the API's /matches (service/matches.py): need-to-know, role, audit.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service import matches
from service.release import audit
from web.context import CasePage, CasePageDep
from web.matches_side import disclosed, rows
from web.render import page
from web.routes import PREFIX

router = APIRouter(prefix=PREFIX)
RecordId = Annotated[str, Form(max_length=200)]


@router.get("/cases/{case_id}/matches", response_class=HTMLResponse)
def review_queue(case: CasePageDep) -> HTMLResponse:
    """Candidates with a record in this case, their reasons, the decision that stands and every decision."""
    user = matches.check_reviewer(case.web.user)
    found = matches.list_matches(case.request, case.services, user, case.case_id, histories=True)
    data = case.release(found.model_dump() | {"sides": side_by_side(case, found)})  # victims' ids as pseudonyms
    return page(case.request, "matches.html", case.web, case_id=case.case_id, purpose=case.purpose, **data)


def side_by_side(case: CasePage, found: matches.MatchList) -> list[list[dict[str, Any]]]:
    """Each pair's records in two columns; a victim's values only after a reveal in every case of the pair
    that is the reader's (each with its purpose), and then audited (`match-compare`) before the page goes."""
    pairs = [(m.left.id, m.right.id) for m in found.matches]
    records = matches.pair_records(case.services, pairs)
    session, user = case.web.session, case.web.user
    out, shown = [], []
    for pair in pairs:
        if pair not in records:
            out.append([])
            continue
        left, right = records[pair]
        cases = sorted((left.cases | right.cases) & user.cases)
        open_ = user.sees_identities and all(session.purpose(c) for c in cases)
        out.append(rows(left, right, open_))
        if open_:
            shown.extend((v, cases) for v in disclosed(left, right))
    if shown:
        purposes = sorted({session.purpose(c) or "" for _, cs in shown for c in cs})
        audit(case.services, user, case.request.scope, status=200, records=sorted({v for v, _ in shown}),
              purpose="; ".join(purposes), note={"action": "match-compare",
                                                 "detail": "victims' records side by side in the review queue"})
    return out


def _ids(case: CasePage, left: str, right: str) -> tuple[str, str]:
    """The real ids behind the form's (a victim's pseudonym when the page showed one)."""
    return case.viewer.person_id(left), case.viewer.person_id(right)


def _back(case: CasePage) -> Response:
    return RedirectResponse(f"{PREFIX}/cases/{case.case_id}/matches", status_code=303)


@router.post("/cases/{case_id}/matches/decide")
def decide(case: CasePageDep, left: RecordId, right: RecordId,
           judgement: Annotated[Literal["same", "different", "unsure"], Form()]) -> Response:
    user = matches.check_reviewer(case.web.user)
    matches.decide_match(case.request, case.services, user, *_ids(case, left, right), judgement, case=case.case_id)
    return _back(case)


@router.post("/cases/{case_id}/matches/undo")
def undo(case: CasePageDep, left: RecordId, right: RecordId) -> Response:
    user = matches.check_reviewer(case.web.user)
    matches.undo_match(case.request, case.services, user, *_ids(case, left, right), case=case.case_id)
    return _back(case)
