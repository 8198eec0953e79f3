"""Read-only Cypher for analysts, pseudonymised like everything else, on threads of its own
(api/cypher_pool.py): a slow query never holds a thread the other routes need."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from api.auth import Role, User
from api.cypher_guard import run_read_only
from api.deps import Services, ServicesDep, require
from api.models import CypherOut, CypherRequest
from api.problems import Problem, responses
from api.redact import redact_value
from api.scope import elements_outside

router = APIRouter(prefix="/cypher", tags=["cypher"], responses=responses(401))

Analyst = Annotated[User, Depends(require(Role.analyst))]
#: How much of a query the audit record keeps.
AUDITED_QUERY_CHARS = 4000


@router.post("", response_model=CypherOut, summary="Run a read-only Cypher query (analysts)",
             responses=responses(400, 403, 422, 429, 503))
async def run_cypher(request: Request, services: ServicesDep, user: Analyst, body: CypherRequest) -> CypherOut:
    """The query is planned first and refused if it could write, load files or call a procedure
    outside the allow-list; it then runs in a READ transaction, stopped after THBGRAPH_CYPHER_TIMEOUT_S
    and cut at THBGRAPH_CYPHER_MAX_ROWS rows or THBGRAPH_CYPHER_MAX_BYTES bytes. Nodes and relationships
    outside your cases are refused; victims come back under pseudonyms. At most THBGRAPH_CYPHER_PER_USER
    of your queries run at a time (429 beyond)."""
    # The result is the caller's query over the graph: their words are theirs (api/release.py).
    request.state.cypher, request.state.echo = True, [body.query, body.parameters]
    parameters = {"case_ids": sorted(user.cases), **body.parameters}
    request.state.cases = sorted(user.cases)
    request.state.audit = {"action": "cypher",
                           "detail": {"query": body.query[:AUDITED_QUERY_CHARS], "parameters": sorted(parameters)}}
    return await services.cypher.run(user.name, services.settings.cypher_timeout_s,
                                     lambda: _answer(services, user, body.query, parameters))


def _answer(services: Services, user: User, query: str, parameters: dict[str, object]) -> CypherOut:
    settings = services.settings
    result = run_read_only(services.driver, services.database, query, parameters, timeout=settings.cypher_timeout_s,
                           max_rows=settings.cypher_max_rows, max_bytes=settings.cypher_max_bytes)
    outside = elements_outside(services.driver, services.database, result, user.cases)
    if outside:
        raise Problem(403, "need-to-know", f"the result holds {outside} node(s) or relationship(s) outside your cases: "
                      "restrict the query to them, e.g. MATCH (c:Case) WHERE c.case_id IN $case_ids")
    index = services.victims(user.cases, sealed_values=False)
    return CypherOut(columns=result.columns, rows=redact_value(result.rows, index), truncated=result.truncated,
                     row_cap=settings.cypher_max_rows, byte_cap=settings.cypher_max_bytes, message=result.note)
