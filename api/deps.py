"""What routes depend on: the services, the user, their role, their case, their purpose, their view."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Path, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from neo4j import Driver

from api.analysis_content import AnalysisContent, content
from api.analysis_db import AnalysisDatabase
from api.audit import AuditLog
from api.auth import CASE_ROLES, Role, User, UserStore
from api.cache import GraphCache
from api.cypher_pool import CypherPool
from api.problems import Problem
from api.redact import Pseudonyms, Victim, VictimIndex, pseudonymise
from api.scope import within
from api.settings import ServiceSettings
from api.victims import read_victims, reveal, victim_cases
from graph.cypher import query
from graph.sealing import Sealer
from queries.network import CaseNetwork, SharedIdentifier
from queries.projection import Projector

T = TypeVar("T")
#: Versions of the analysis database's content (see `Services.analysis_reading`).
_VERSIONS = itertools.count()
CASE_FIELDS = ("case_id", "title", "jurisdiction", "status", "opened_on")


@dataclass
class Services:
    """Everything the service holds for its lifetime (`app.state.services`)."""

    settings: ServiceSettings
    driver: Driver
    database: str | None
    users: UserStore
    audit: AuditLog
    pseudonyms: Pseudonyms
    sealer: Sealer  # opens victims' sealed values; only this process holds the key
    cache: GraphCache  # case projections (as stored, and as each user sees them), the victims' index
    results: GraphCache  # analyses of a case as one user sees it (small, many)
    cypher: CypherPool  # analysts' Cypher, on threads of its own
    analysis: AnalysisDatabase  # where analysts' Cypher runs: their cases only, pseudonymised
    versions: GraphCache  # a version of each set of cases, new when the graph changed

    def victim_list(self) -> list[Victim]:
        """Every victim's identifying values, opened."""
        return self.cache.get("victim-list", lambda: read_victims(self.driver, self.database, self.sealer))

    def victims(self, cases: frozenset[str], *, sealed_values: bool = True) -> VictimIndex:
        """The identifying values of the victims in these cases (a user's), for redaction and the
        audit: every person who is a victim in one of them. Never every victim: a victim of a case
        the user does not work on must neither be found from the user's requests nor change their
        responses, not even when he is a suspect in theirs (he is shown as that suspect)."""
        def build() -> VictimIndex:
            theirs = self.cache.get("victim-cases", lambda: victim_cases(self.driver, self.database,
                                                                         self.victim_list()))
            return VictimIndex([v for v in self.victim_list() if theirs.get(v.person_id, frozenset()) & cases],
                               self.pseudonyms, sealed_values=sealed_values)

        return self.results.get(("victims", cases, sealed_values), build)

    def forget(self) -> None:
        """Drop everything computed from the graph (after a load through the API)."""
        self.cache.clear()
        self.results.clear()
        self.versions.clear()

    def analysis_content(self, cases: frozenset[str]) -> AnalysisContent:
        """What the analysis database holds for these cases: the analysts' view (api/analysis_content.py)."""
        records, _, _ = self.driver.execute_query(query("case_summaries"), case_ids=sorted(cases),
                                                  database_=self.database, routing_="r")
        summaries = [{k: r[k] for k in CASE_FIELDS} for r in records]
        if not summaries:
            return AnalysisContent()
        victims = self.victim_list()
        # The analysts' database holds the cases as loaded: SAME_AS decisions are not copied into it.
        network = reveal(Projector(self.driver, self.database).case([c["case_id"] for c in summaries],
                                                                    follow_same_as=False), victims, self.sealer)
        sealed = frozenset((kind, value) for v in victims for kind, value, _ in v.identifiers)
        scoped = within(network, cases)
        # Every identifier the parties hold, not only shared ones: "is this number anyone's in my
        # case?" must find a suspect's own phone (analyst review, finding 6).
        records, _, _ = self.driver.execute_query(
            query("analysis_identifiers_held"), person_ids=sorted(scoped.persons),
            business_ids=sorted(scoped.businesses), database_=self.database, routing_="r")
        held = [SharedIdentifier(kind, value, tuple(sorted(owners))) for kind, value, owners in records[0]["identifiers"]]
        scoped = reveal(replace(scoped, shared_identifiers=held), victims, self.sealer)
        records, _, _ = self.driver.execute_query(
            query("analysis_details"), person_ids=sorted(scoped.persons),
            evidence_ids=sorted(e.evidence_id for e in scoped.evidence), database_=self.database, routing_="r")
        births = {pid: born.to_native() for pid, born in records[0]["births"]}
        texts = {eid: self.sealer.open(enc, record=eid, field="description") for eid, enc in records[0]["descriptions"]}
        return content(summaries, pseudonymise(scoped, self.pseudonyms), self.victims(cases), self.pseudonyms, sealed,
                       births=births, texts=texts)

    def catalogue(self) -> dict[str, list[object]]:
        """The public rule catalogue, as copied into the analysis database."""
        def read() -> dict[str, list[object]]:
            records, _, _ = self.driver.execute_query(query("analysis_catalogue"), database_=self.database,
                                                      routing_="r")
            return {"nodes": records[0]["nodes"], "relationships": records[0]["relationships"]}

        return self.cache.get("catalogue", read)

    @contextmanager
    def analysis_reading(self, cases: frozenset[str], wait_s: float) -> Iterator[Driver]:
        """A driver to the analysis database holding these cases as the graph is now (rewritten if
        it holds other cases, or if the graph changed since it was written)."""
        version = self.versions.get(cases, lambda: next(_VERSIONS))
        with self.analysis.reading((cases, version), cases, wait_s) as driver:
            yield driver

    def case_network(self, case_id: str) -> CaseNetwork:
        """A case's projection, as it is in the graph (shared: never change it; derive a copy)."""
        return self.cache.get(("case", case_id), lambda: reveal(Projector(self.driver, self.database).case([case_id]),
                                                                self.victim_list(), self.sealer))


# The dependencies below are `async def` so that they run on the event loop: each plain `def` would
# cost a hop to a worker thread and back, and they do little more than read memory (the user
# store asks SQLite whether its file changed, in microseconds, and reads users only when it has).
# Routes that query Neo4j stay plain `def`.


async def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]

bearer = HTTPBearer(auto_error=False, description="An API token from `thbgraph users add`.")


async def get_current_user(
    request: Request, services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise Problem(401, "unauthorized", "send an API token: `Authorization: Bearer <token>`", headers=challenge)
    user = services.users.authenticate(credentials.credentials)
    if user is None:
        raise Problem(401, "unauthorized", "the API token is unknown or revoked", headers=challenge)
    request.state.user = user  # read by the release middleware (redaction and audit)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets only these roles through (403 for the others)."""

    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise Problem(403, "forbidden", f"role {user.role.value!r} may not do this (allowed: {allowed})")
        return user

    return check


CaseReader = Annotated[User, Depends(require(*CASE_ROLES))]

CaseIdPath = Annotated[str, Path(description="A case id.", examples=["NO-GLANS"], max_length=200)]


async def get_assigned_case(request: Request, case_id: CaseIdPath, user: CurrentUser) -> str:
    """The case, if the user is assigned to it; 404 otherwise, so that no one learns which cases exist."""
    if user.role is not Role.admin and case_id not in user.cases:
        raise Problem(404, "not-found", "no such case among your cases")
    request.state.cases = [case_id]
    return case_id


AssignedCase = Annotated[str, Depends(get_assigned_case)]


async def get_purpose(
    user: CurrentUser,
    x_purpose: Annotated[str | None, Header(
        alias="X-Purpose", max_length=500,
        description="Why you need this data (required from investigators and prosecutors: "
                    "it is written to the audit log with the victims the response shows).",
        examples=["Prepare the interview of P002 on 2024-11-05"])] = None,
) -> str | None:
    if user.sees_identities and not (x_purpose or "").strip():
        raise Problem(400, "purpose-required", "this may show victims' identities: say why you need them in the "
                      "X-Purpose header", errors=[{"in": "header", "name": "X-Purpose", "message": "required"}])
    return x_purpose


Purpose = Annotated[str | None, Depends(get_purpose)]


@dataclass
class Viewer:
    """A case network as this user may see it: their cases only; victims pseudonymised for analysts."""

    services: Services
    user: User
    #: Victims under pseudonyms whatever the role (the web app's view until a purpose is given).
    hidden: bool = False

    @property
    def analyst(self) -> bool:
        return self.user.role is Role.analyst or self.hidden

    def index(self) -> VictimIndex:
        return self.services.victims(self.user.cases)

    def person_id(self, given: str) -> str:
        """The real id behind what the user typed (analysts may use pseudonyms)."""
        return self.index().resolve(given) if self.analyst else given

    def case_network(self, case_id: str) -> CaseNetwork:
        key = ("view", case_id, self.user.cases, self.analyst)
        return self.services.cache.get(key, lambda: self._view(case_id))

    def _view(self, case_id: str) -> CaseNetwork:
        network = within(self.services.case_network(case_id), self.user.cases)
        return pseudonymise(network, self.services.pseudonyms) if self.analyst else network

    def memo(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """A result computed from a case as this user sees it, shared with every user who sees it alike."""
        return self.services.results.get((*key, self.user.cases, self.analyst), compute)

    def memo_json(self, key: tuple[Hashable, ...], compute: Callable[[], Any]) -> Response:
        """`memo` for a large JSON result, kept encoded: encoding 50 kB of options costs more than computing them."""
        body = self.memo(("json", *key), lambda: json.dumps(jsonable_encoder(compute())).encode())
        return Response(body, media_type="application/json")

    def key_in(self, network: CaseNetwork, person_id: str) -> str:
        """Where a person sits in a network from `case_network` (a victim under their pseudonym)."""
        alias = self.services.pseudonyms.victim(person_id)
        return alias if self.analyst and alias in network.persons else person_id


async def get_viewer(services: ServicesDep, user: CurrentUser) -> Viewer:
    return Viewer(services, user)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]
