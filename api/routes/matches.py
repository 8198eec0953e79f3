"""Candidate matches across cases, and investigators' decisions on them (never merged nodes).

Need-to-know: a pair is shown only when both records are in the reader's cases; a record of
theirs that matches one in a case they cannot see is listed as just that, with no detail.
Analysts do not review matches (they work on pseudonyms); decisions are audited writes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel

from service import matches
from service.auth import User
from api.deps import ServicesDep, require
from service.matches import REVIEWERS, MatchList, MatchOut
from api.problems import responses

router = APIRouter(prefix="/matches", tags=["matches"], responses=responses(401, 403))
Reviewer = Annotated[User, Depends(require(*REVIEWERS))]
IdPath = Annotated[str, Path(description="A person or business id.", examples=["P003"], max_length=200)]


class DecisionIn(BaseModel):
    judgement: Literal["same", "different", "unsure"]


@router.get("", response_model=MatchList, summary="Candidate matches across your cases, best first",
            responses=responses(404))
def list_matches(
    request: Request, services: ServicesDep, user: Reviewer,
    case: Annotated[str | None, Query(description="Only pairs with a record in this case.", max_length=200)] = None,
    undecided: Annotated[bool, Query(description="Only pairs no one has decided.")] = False,
) -> MatchList:
    """Pairs of records in different cases, both in your cases, scored at or above the review threshold,
    with their reasons and the decision that stands; your records matching one in a case you are not
    assigned to are listed under `hidden`, with no detail."""
    return matches.list_matches(request, services, user, case, undecided)


@router.get("/{left}/{right}", response_model=MatchOut, summary="One pair: score, reasons, every decision",
            responses=responses(404))
def read_match(request: Request, services: ServicesDep, user: Reviewer, left: IdPath, right: IdPath) -> MatchOut:
    """Any pair of your records (above the threshold or not): score, reasons, decisions, undone ones too."""
    return matches.read_match(request, services, user, left, right)


@router.post("/{left}/{right}", response_model=MatchOut, status_code=201, responses=responses(404),
             summary="Decide a pair: same, different or unsure (recorded, audited; nothing is merged)")
def decide_match(request: Request, services: ServicesDep, user: Reviewer, left: IdPath, right: IdPath,
                 body: DecisionIn) -> MatchOut:
    """Recorded as a new `SAME_AS` relationship (judgement, you, the time, score, algorithm, reasons)
    and in the audit log. The nodes stay apart; analyses follow only `same` decisions."""
    return matches.decide_match(request, services, user, left, right, body.judgement)


@router.delete("/{left}/{right}/decision", response_model=MatchOut, responses=responses(404),
               summary="Undo the latest decision on a pair (kept on record, marked undone)")
def undo_match(request: Request, services: ServicesDep, user: Reviewer, left: IdPath, right: IdPath) -> MatchOut:
    """The latest standing decision is marked undone (by you, now); the one before it stands again."""
    return matches.undo_match(request, services, user, left, right)
