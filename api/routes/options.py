"""Options for a person: alternative offences and disruption measures, and what they cost victims."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from api.deps import AssignedCase, CaseReader, Purpose, ViewerDep
from api.problems import responses
from service.views import person_key, person_options

router = APIRouter(prefix="/cases", tags=["options"], responses=responses(401))

EXAMPLE = {"person_id": "P002", "person_name": "Marius Popescu", "case_id": "NO-GLANS", "jurisdiction": "NO",
           "review_status": "unreviewed by counsel",
           "options": [{"kind": "offence", "code": "NO-257", "title": "Human trafficking", "strength": 0.8,
                        "flags": [{"code": "TESTIMONY_AGAINST_WISHES", "victim_ids": ["P011"]}]}]}


@router.get("/{case_id}/persons/{person_id}/options",
            summary="What else to charge a person with, or do to disrupt them",
            responses={**responses(400, 403, 404), 200: {"content": {"application/json": {"example": EXAMPLE}}}})
def read_options(
    user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose,
    person_id: Annotated[str, Path(description="A person of the case (analysts: or a victim's pseudonym).",
                                   examples=["P002"], max_length=200)],
) -> Response:
    """Offences whose elements the case's evidence supports and measures that apply, strongest first,
    each with the victim-protection flags (decision support, not legal advice)."""
    # Names stay on: for analysts the network already carries pseudonyms in their place.
    _, key = person_key(viewer, case_id, person_id)
    return viewer.memo_json(("options", case_id, key), lambda: person_options(viewer, case_id, person_id))
