"""Options for a person: alternative offences and disruption measures, and what they cost victims."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from api.deps import AssignedCase, CaseReader, Purpose, ViewerDep
from api.problems import responses
from service.views import person_key, person_options

router = APIRouter(prefix="/cases", tags=["options"], responses=responses(401))

# Real codes of the NO pack, as the sample's Operation Glans answers for Popescu (P002); a test
# (tests/test_victim_costs_neo4j.py) checks them against the engine.
EXAMPLE = {"person_id": "P002", "person_name": "Marius Popescu", "case_id": "NO-GLANS", "jurisdiction": "NO",
           "review_status": "unreviewed by counsel", "standing": None, "barred": [],
           "options": [
               {"kind": "offence", "code": "strl_257", "title": "Human trafficking (menneskehandel)", "strength": 1.0,
                "flags": []},
               {"kind": "offence", "code": "utl_108_illegal_labour", "strength": 1.0,
                "flags": [{"code": "PROTECTION_LOSS", "protection_code": "victims_counsel", "status": "would_not_obtain",
                           "victim_ids": ["P010", "P011", "P012"], "children": []}]}]}


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
