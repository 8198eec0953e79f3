"""Key persons of a case: who to put out of action, and why."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import AssignedCase, CaseReader, Purpose, ViewerDep
from api.problems import responses
from service.views import key_persons

router = APIRouter(prefix="/cases", tags=["key-persons"], responses=responses(401))

EXAMPLE = {"ranking": [{"person_id": "P002", "name": "Marius Popescu", "rank": 1, "score": 0.81,
                        "reasons": [{"text": "controls 5 victims", "facts": ["P002-[CONTROLS]->P010"],
                                     "component": "victims"}]}],
           "victim_offenders": [], "excluded_victims": 5, "persons": 8, "ties": 20}


@router.get("/{case_id}/key-persons", summary="Key persons of a case, with their reasons",
            responses={**responses(400, 403, 404, 422), 200: {"content": {"application/json": {"example": EXAMPLE}}}})
def read_key_persons(
    user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose,
    top: Annotated[int, Query(ge=1, le=100, description="How many ranked persons.")] = 10,
    key_set: Annotated[int | None, Query(alias="set", ge=1, le=20,
                                         description="Also the key-player set of this size.")] = None,
) -> Response:
    """Ranked on roles, evidence and network structure; victims are never ranked (victims who also
    exploit others are listed apart, with the non-punishment warning). Only your cases' data counts."""
    return viewer.memo_json(("key-persons", case_id, top, key_set), lambda: key_persons(viewer, case_id, top, key_set))
