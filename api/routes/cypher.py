"""Read-only Cypher for analysts, pseudonymised like everything else, on threads of its own
(service/cypher_pool.py): a slow query never holds a thread the other routes need."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from neo4j.exceptions import DriverError, Neo4jError

from service.auth import Role, User
from service.cypher_guard import CypherTimedOut, run_read_only, terminate
from service.cypher_params import ParameterRefused, decode
from api.deps import Services, ServicesDep, require
from service.models import CypherOut, CypherRequest
from api.problems import Problem, responses
from service.redact import redact_value
from service.victim_index import VictimIndex
from graph.errors import ThbgraphError

router = APIRouter(prefix="/cypher", tags=["cypher"], responses=responses(401))

Analyst = Annotated[User, Depends(require(Role.analyst))]
#: How much of a query the audit record keeps.
AUDITED_QUERY_CHARS = 4000
#: How long the analysis database may take to be written for the caller's cases (a switch from
#: another analyst's, or a change of the graph), before the query's own time starts.
PREPARE_S = 120.0


@router.post("", response_model=CypherOut, summary="Run a read-only Cypher query (analysts)",
             responses=responses(400, 403, 422, 429, 503))
async def run_cypher(request: Request, services: ServicesDep, user: Analyst, body: CypherRequest) -> CypherOut:
    """The query runs on the analysis database, which holds only your cases, victims already under
    their pseudonyms (and nothing at all when you have no case): other cases are not there to be
    found. It is planned first and refused if it could write, load files or call a procedure
    outside the allow-list; it then runs in a READ transaction, stopped after THBGRAPH_CYPHER_TIMEOUT_S
    and cut at THBGRAPH_CYPHER_MAX_ROWS rows or THBGRAPH_CYPHER_MAX_BYTES bytes. At most
    THBGRAPH_CYPHER_PER_USER of your queries run at a time (429 beyond). A query that starts with
    EXPLAIN answers with its plan only; PROFILE runs it under the same limits and adds its profile."""
    # The result is the caller's query over the graph: their words are theirs (service/release.py).
    request.state.cypher, request.state.echo = True, [body.query, body.parameters]
    try:
        given = decode(body.parameters)  # typed values (a date, a datetime) back to what they are
    except ParameterRefused as e:
        raise Problem(422, "cypher-parameter", str(e)) from None
    parameters = {"case_ids": sorted(user.cases), **given}
    request.state.cases = sorted(user.cases)
    request.state.audit = {"action": "cypher",
                           "detail": {"query": body.query[:AUDITED_QUERY_CHARS], "parameters": sorted(parameters)}}
    index = await services.cypher.run(user.name, PREPARE_S, lambda: _prepare(services, user))
    request.state.victims = index  # the release step checks the answer with the same index
    stopped, tag = threading.Event(), secrets.token_hex(8)  # the tag finds its transaction in Neo4j
    return await services.cypher.run(user.name, services.settings.cypher_timeout_s,
                                     lambda: _answer(services, user, index, body.query, parameters, tag, stopped),
                                     stop=lambda: _stop(services, tag, stopped))


def _stop(services: Services, tag: str, stopped: threading.Event) -> None:
    """At the time limit: Neo4j terminates the query's transaction now (the slot is freed then)."""
    stopped.set()
    terminate(services.analysis.server.driver(), None, tag)


def _prepare(services: Services, user: User) -> VictimIndex:
    """What the query needs before its own time starts: the analysis database written for the
    caller's cases, and the victims' index its answer is checked with. Both take tens of seconds
    for 10,000 persons; within the query's 10 s the index alone timed out the first query after
    each rewrite (docs/benchmarks.md, issue 27)."""
    with _unavailable(), services.analysis_reading(user.cases, PREPARE_S):
        return services.cypher_victims(user.cases)


@contextmanager
def _unavailable() -> Iterator[None]:
    try:
        yield
    except ThbgraphError:
        raise
    except (Neo4jError, DriverError, OSError) as exc:  # the analysis database is down or did not start
        raise Problem(503, "analysis-database-unavailable", "the analysis database does not answer: try again "
                      "shortly, or tell the administrator") from exc


def _answer(services: Services, user: User, index: VictimIndex, query: str, parameters: dict[str, object], tag: str,
            stopped: threading.Event) -> CypherOut:
    settings = services.settings
    with _unavailable(), services.analysis_reading(user.cases, settings.cypher_timeout_s) as driver:
        if stopped.is_set():  # its time ran out while the analysis database was being written
            raise CypherTimedOut(f"the query ran longer than {settings.cypher_timeout_s:g} s and was stopped")
        result = run_read_only(driver, None, query, parameters, timeout=settings.cypher_timeout_s,
                               max_rows=settings.cypher_max_rows, max_bytes=settings.cypher_max_bytes, tag=tag)
    # Defence in depth: nothing in the analysis database needs it (service/analysis_content.py).
    return CypherOut(columns=result.columns, rows=redact_value(result.rows, index), truncated=result.truncated,
                     row_cap=settings.cypher_max_rows, byte_cap=settings.cypher_max_bytes, message=result.note,
                     notifications=result.notifications, plan=result.plan)
