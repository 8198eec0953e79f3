"""Candidate matches and decisions on them, for the API's /matches and the web app's review queue.

One code path for both faces: need-to-know (a pair only when both records are in the reader's
cases; otherwise the bare notice), the audit note of each decision and undo (written by the release
step, service/release.py), and the role check (investigators and prosecutors only).
"""

from __future__ import annotations

from fastapi import Request
from pydantic import BaseModel, Field

from service.auth import Role, User
from service.services import Services
from service.problems import Problem
from service.release import PURPOSE_HEADER, audit
from resolve.candidates import REVIEW_THRESHOLD, Candidate, Record
from resolve.decisions import Decision, DecisionError, decide, history, standing, undo
from resolve.matcher import Matcher
from resolve.names import parts
from resolve.review import Entry, queue, visible
from resolve.scores import FILE as SCORES, ScoreFile

#: Admins manage users and read no case content; analysts work on pseudonyms: neither reviews matches.
REVIEWERS = (Role.investigator, Role.prosecutor)


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


def check_reviewer(user: User) -> User:
    """403 for a role that does not review matches (the web app's check; the API's is `require`)."""
    if user.role not in REVIEWERS:
        allowed = ", ".join(r.value for r in REVIEWERS)
        raise Problem(403, "forbidden", f"role {user.role.value!r} may not do this (allowed: {allowed})")
    return user


def _matcher(services: Services) -> Matcher:
    def build() -> Matcher:
        sealer, process = services.sealer, services.match_process
        scores = ScoreFile(services.settings.home / SCORES, lambda text: sealer.blind("match-score", text),
                           **({"scorer": process.score} if process is not None else {}))
        return Matcher.from_graph(services.driver, services.database, sealer, scores=scores)

    return services.cache.get("matcher", build)


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


def _pair(request: Request, services: Services, user: User, left: str, right: str,
          case: str | None = None) -> Candidate:
    """The pair, if both records are in the user's cases (and one in `case`, if given); 404 otherwise
    (as if it did not exist)."""
    try:
        c = _matcher(services).pair(left, right)
    except DecisionError:
        c = None
    if c is None or not visible(c, user.cases) or (case is not None and case not in c.left.cases | c.right.cases) \
            or c.left.cases & c.right.cases:  # two records of one case are never candidates
        raise Problem(404, "not-found", "no such pair among your cases")
    request.state.cases = sorted((c.left.cases | c.right.cases) & user.cases)
    _identity_read(request, services, user, c)
    return c


def _identity_read(request: Request, services: Services, user: User, c: Candidate) -> None:
    """A pair the reader chose with a victim on one side compares her sealed name, birth date and
    identifiers: an identity read, only with a purpose, audited before the answer. The review
    queue's own candidates are the system's, shown to both cases' readers, and exempt."""
    victims = sorted(r.id for r in (c.left, c.right) if r.sealed)
    if not victims or c.score >= REVIEW_THRESHOLD:
        return
    purpose = (request.headers.get(PURPOSE_HEADER) or "").strip() or getattr(request.state, "purpose", None)
    if not purpose:
        raise Problem(400, "purpose-required", "this pair compares a victim's identity: say why you need it in "
                      "the X-Purpose header")
    audit(services, user, request.scope, status=200, records=victims, purpose=purpose,
          note={"action": "match-score", "detail": {"pair": list(c.pair)}})


def list_matches(request: Request, services: Services, user: User, case: str | None = None,
                 undecided: bool = False, histories: bool = False) -> MatchList:
    """The review queue: pairs of the user's cases, each with its decisions if `histories` (the web app's page)."""
    cases = user.cases
    if case is not None and case not in cases:
        raise Problem(404, "not-found", "no such case among your cases")
    decisions = history(services.driver, services.database)
    entries = queue(_matcher(services).candidates, standing(decisions), cases=cases, case=case,
                    undecided_only=undecided)
    shown = [e for e in entries if isinstance(e, Entry)]
    touched = {c for e in shown for c in e.candidate.left.cases | e.candidate.right.cases}
    request.state.cases = sorted(touched & cases)
    notices = sorted(e.record_id for e in entries if not isinstance(e, Entry))
    if notices:  # who was told that a record of theirs matches elsewhere (the release step writes it)
        request.state.audit = {"action": "match-notices", "detail": {"records": notices}}
    out = [_out(e.candidate, cases, e.decision) for e in shown]
    if histories:
        out = [o.model_copy(update={"history": [_decision(d) for d in decisions if d.pair == e.candidate.pair]})
               for o, e in zip(out, shown, strict=True)]
    return MatchList(threshold=REVIEW_THRESHOLD, matches=out,
                     hidden=[HiddenOut(record_id=e.record_id, note=e.note) for e in entries if not isinstance(e, Entry)])


def pair_records(services: Services, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[Record, Record]]:
    """The two records of each candidate pair, clear values in memory (a victim's name and birth date;
    her identifiers only as their blind index): what the caller shows of them is the caller's decision."""
    wanted = set(pairs)
    return {c.pair: (c.left, c.right) for c in _matcher(services).candidates if c.pair in wanted}


def with_history(services: Services, user: User, c: Candidate) -> MatchOut:
    decisions = [d for d in history(services.driver, services.database) if d.pair == c.pair]
    out = _out(c, user.cases, standing(decisions).get(c.pair))
    return out.model_copy(update={"history": [_decision(d) for d in decisions]})


def read_match(request: Request, services: Services, user: User, left: str, right: str) -> MatchOut:
    return with_history(services, user, _pair(request, services, user, left, right))


def _intent(request: Request, services: Services, user: User, action: str, detail: dict) -> None:
    """The write's intent on disk before the write (a Problem 500 if the log is down: nothing is
    committed); the outcome follows from the release step (probe 3, finding 7)."""
    audit(services, user, request.scope, status=0, records=[], purpose=None, note={"action": action,
                                                                                   "detail": dict(detail)})


def _projections_changed(services: Services) -> None:
    """Case projections follow standing `same` decisions: drop them and what was computed from them
    (the candidates do not depend on decisions and are kept)."""
    matcher = _matcher(services)
    services.forget()
    services.cache.get("matcher", lambda: matcher)


def decide_match(request: Request, services: Services, user: User, left: str, right: str,
                 judgement: str, case: str | None = None) -> MatchOut:
    """A new `SAME_AS` decision; the audit note is left for the release step, which writes it."""
    c = _pair(request, services, user, left, right, case)
    request.state.audit = {"action": "match-decide", "detail": {"pair": list(c.pair), "judgement": judgement,
                                                                "score": c.score, "algorithm": c.algorithm}}
    _intent(request, services, user, "match-decide-intent", request.state.audit["detail"])
    try:
        request.state.audit["detail"]["decision_id"] = decide(services.driver, services.database, c, judgement,
                                                              user.name)
    except DecisionError as exc:
        raise Problem(422, "decision-invalid", str(exc)) from None
    _projections_changed(services)
    return with_history(services, user, c)


def undo_match(request: Request, services: Services, user: User, left: str, right: str,
               case: str | None = None) -> MatchOut:
    """The latest standing decision marked undone (by the user, now); the one before stands again."""
    c = _pair(request, services, user, left, right, case)
    request.state.audit = {"action": "match-undo", "detail": {"pair": list(c.pair)}}
    _intent(request, services, user, "match-undo-intent", {"pair": list(c.pair)})
    try:
        request.state.audit["detail"]["decision_id"] = undo(services.driver, services.database, *c.pair, user.name)
    except DecisionError as exc:
        raise Problem(404, "not-found", str(exc)) from None
    _projections_changed(services)
    return with_history(services, user, c)


def alike_names(a: str | None, b: str | None) -> bool:
    """One name in another script or spelling (Йон Дима, Ion Dima): the matcher's name keys agree."""
    return bool(a and b) and parts(a or "") == parts(b or "")
