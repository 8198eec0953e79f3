"""Candidate matches across cases, and investigators' decisions on them (never merged nodes).

Need-to-know: a pair is shown only when both records are in the reader's cases; a record of
theirs that matches one in a case they cannot see is listed as just that, with no detail.
Analysts do not review matches (they work on pseudonyms); decisions are audited writes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from api.auth import Role, User
from api.deps import ServicesDep, require
from api.problems import Problem, responses
from resolve.candidates import REVIEW_THRESHOLD, Candidate
from resolve.decisions import Decision, DecisionError, decide, history, standing, undo
from resolve.matcher import Matcher
from resolve.review import Entry, queue, visible

router = APIRouter(prefix="/matches", tags=["matches"], responses=responses(401, 403))
# Admins manage users and read no case content; analysts work on pseudonyms: neither reviews matches.
Reviewer = Annotated[User, Depends(require(Role.investigator, Role.prosecutor))]
IdPath = Annotated[str, Path(description="A person or business id.", examples=["P003"], max_length=200)]


class Side(BaseModel):
    id: str
    kind: str
    cases: list[str]


class DecisionOut(BaseModel):
    decision_id: str
    judgement: str
    user: str
    at: str
    score: float | None = None
    undone_at: str | None = None
    undone_by: str | None = None


class MatchOut(BaseModel):
    left: Side
    right: Side
    score: float
    algorithm: str
    reasons: list[str] = Field(description="In words; a victim's value reads [sealed].")
    decision: DecisionOut | None = Field(None, description="The decision that stands, if any.")
    history: list[DecisionOut] | None = None


class HiddenOut(BaseModel):
    record_id: str
    note: str


class MatchList(BaseModel):
    threshold: float
    matches: list[MatchOut]
    hidden: list[HiddenOut] = Field(description="Your records that match one in a case you cannot see.")


class DecisionIn(BaseModel):
    judgement: Literal["same", "different", "unsure"]


def _cases(user: User) -> frozenset[str]:
    return user.cases


def _matcher(services: ServicesDep) -> Matcher:
    return services.cache.get("matcher", lambda: Matcher.from_graph(services.driver, services.database,
                                                                    services.sealer))


def _decision(d: Decision) -> DecisionOut:
    return DecisionOut(decision_id=d.decision_id, judgement=d.judgement, user=d.user, at=d.at, score=d.score,
                       undone_at=d.undone_at, undone_by=d.undone_by)


def _out(c: Candidate, cases: frozenset[str], decision: Decision | None = None) -> MatchOut:
    def side(cs: frozenset[str]) -> list[str]:  # a record's other cases are not the reader's to know
        return sorted(cs & cases)

    return MatchOut(left=Side(id=c.left.id, kind=c.left.kind, cases=side(c.left.cases)),
                    right=Side(id=c.right.id, kind=c.right.kind, cases=side(c.right.cases)),
                    score=c.score, algorithm=c.algorithm, reasons=list(c.reasons),
                    decision=_decision(decision) if decision else None)


def _touched(c: Candidate, user: User) -> list[str]:
    return sorted((c.left.cases | c.right.cases) & user.cases)


def _projections_changed(services: ServicesDep) -> None:
    """Case projections follow standing `same` decisions: drop them and what was computed from them
    (the candidates do not depend on decisions and are kept)."""
    matcher = _matcher(services)
    services.forget()
    services.cache.get("matcher", lambda: matcher)


def _pair(services: ServicesDep, user: User, left: str, right: str) -> Candidate:
    """The pair, if both records are in the user's cases; 404 otherwise (as if it did not exist)."""
    try:
        c = _matcher(services).pair(left, right)
    except DecisionError:
        c = None
    if c is None or not visible(c, _cases(user)):
        raise Problem(404, "not-found", "no such pair among your cases")
    return c


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
    cases = _cases(user)
    if case is not None and case not in cases:
        raise Problem(404, "not-found", "no such case among your cases")
    decisions = standing(history(services.driver, services.database))
    entries = queue(_matcher(services).candidates, decisions, cases=cases, case=case, undecided_only=undecided)
    shown = [e for e in entries if isinstance(e, Entry)]
    touched = {c for e in shown for c in e.candidate.left.cases | e.candidate.right.cases}
    request.state.cases = sorted(touched & cases)
    return MatchList(threshold=REVIEW_THRESHOLD, matches=[_out(e.candidate, cases, e.decision) for e in shown],
                     hidden=[HiddenOut(record_id=e.record_id, note=e.note) for e in entries if not isinstance(e, Entry)])


@router.get("/{left}/{right}", response_model=MatchOut, summary="One pair: score, reasons, every decision",
            responses=responses(404))
def read_match(request: Request, services: ServicesDep, user: Reviewer, left: IdPath, right: IdPath) -> MatchOut:
    """Any pair of your records (above the threshold or not): score, reasons, decisions, undone ones too."""
    c = _pair(services, user, left, right)
    request.state.cases = _touched(c, user)
    decisions = [d for d in history(services.driver, services.database) if d.pair == c.pair]
    out = _out(c, _cases(user), standing(decisions).get(c.pair))
    return out.model_copy(update={"history": [_decision(d) for d in decisions]})


@router.post("/{left}/{right}", response_model=MatchOut, status_code=201, responses=responses(404),
             summary="Decide a pair: same, different or unsure (recorded, audited; nothing is merged)")
def decide_match(request: Request, services: ServicesDep, user: Reviewer, left: IdPath, right: IdPath,
                 body: DecisionIn) -> MatchOut:
    """Recorded as a new `SAME_AS` relationship (judgement, you, the time, score, algorithm, reasons)
    and in the audit log. The nodes stay apart; analyses follow only `same` decisions."""
    c = _pair(services, user, left, right)
    request.state.cases = _touched(c, user)
    request.state.audit = {"action": "match-decide", "detail": {"pair": list(c.pair), "judgement": body.judgement,
                                                                "score": c.score, "algorithm": c.algorithm}}
    decision_id = decide(services.driver, services.database, c, body.judgement, user.name)
    request.state.audit["detail"]["decision_id"] = decision_id
    _projections_changed(services)
    return read_match(request, services, user, left, right)


@router.delete("/{left}/{right}/decision", response_model=MatchOut, responses=responses(404),
               summary="Undo the latest decision on a pair (kept on record, marked undone)")
def undo_match(request: Request, services: ServicesDep, user: Reviewer, left: IdPath, right: IdPath) -> MatchOut:
    """The latest standing decision is marked undone (by you, now); the one before it stands again."""
    c = _pair(services, user, left, right)
    request.state.cases = _touched(c, user)
    request.state.audit = {"action": "match-undo", "detail": {"pair": list(c.pair)}}
    try:
        request.state.audit["detail"]["decision_id"] = undo(services.driver, services.database, *c.pair, user.name)
    except DecisionError as exc:
        raise Problem(404, "not-found", str(exc)) from None
    _projections_changed(services)
    return read_match(request, services, user, left, right)
