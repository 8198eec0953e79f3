"""Errors as RFC 9457 problem details, mapped from every exception in one place.

A problem names the bad input (`errors[].name` and `in`), never echoes a stack trace,
and has a `type` documented in docs/api.md ("Problems"). It does not repeat an id the caller
asked for ("no such case among your cases"): the answer is the same whatever they typed, a
victim's name included (service/release.py).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from service.cypher_guard import CypherInvalid, CypherRefused, CypherTimedOut
from service.problems import MEDIA_TYPE, Problem  # routes import Problem from here too
from graph.errors import DiskFull, InvalidArgument, Neo4jUnavailable
from graph.store_full import Store
from ingest.errors import BundleInvalid
from queries.plans.model import PlanInvalid
from queries.network.errors import CASE_NETWORK, UnknownCase, UnknownPerson
from rules import UnknownJurisdiction

log = logging.getLogger("thbgraph.api")



class InputError(BaseModel):
    #: Where the bad input was: path, query, header, body, or a file of an uploaded bundle.
    location: str = Field(alias="in")
    name: str
    message: str

    model_config = ConfigDict(populate_by_name=True)


class ProblemModel(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=["/problems/not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no case 'NO-X' among your cases"])
    errors: list[dict[str, Any]] | None = None

    model_config = ConfigDict(extra="allow")


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problems a route may answer with."""
    return {s: {"model": ProblemModel, "description": HTTPStatus(s).phrase,
                "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemModel"}}}}
            for s in statuses}


def _input_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        where = loc[0] if loc else "body"
        name = ".".join(loc[1:]) or where
        out.append({"in": where, "name": name, "message": err.get("msg", "invalid")})
    return out


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    request.state.echo = exc.body  # messages may quote it: the release layer leaves it as sent
    errors = _input_errors(exc)
    first = errors[0] if errors else {"in": "request", "name": "request", "message": "invalid"}
    detail = f"{first['in']} parameter {first['name']!r}: {first['message']}"
    return Problem(422, "invalid-input", detail, errors=errors).response()


def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return Problem(exc.status_code, slug, detail, headers=getattr(exc, "headers", None)).response()


def _bundle(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BundleInvalid)
    errors = [{"in": e.file, "name": e.field or "", "line": e.line, "table": e.table, "message": e.message}
              for e in exc.errors]
    listed = f"; the first {len(errors)} are listed" if exc.more else ""
    return Problem(422, "bundle-invalid", f"the bundle has {exc.total} problem(s){listed}; nothing was loaded",
                   errors=errors, more_errors=exc.more).response()


def _plan(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PlanInvalid)
    errors = [{"in": "body", "name": e.file, "line": e.line, "message": e.message} for e in exc.errors]
    return Problem(422, "plan-invalid", str(exc), errors=errors).response()


def internal_error(exc: BaseException) -> Problem:
    """A bug: logged with an incident id, which is all the client (and the audit record) learns."""
    incident = uuid.uuid4().hex[:12]
    log.exception("internal error %s", incident, exc_info=exc)
    return Problem(500, "internal-error", f"an internal error occurred (incident {incident}, in the server log)",
                   incident=incident)


def unexpected(exc: BaseException, store: Store) -> Problem:
    """What no handler answered: a full disk (Neo4j's under a write, or one the service met itself) is
    `507 disk-full`, anything else a bug. The folder that is full is a path on the server's disk:
    it goes to the server's log, under the incident id the caller is given, and to no caller."""
    full = exc if isinstance(exc, DiskFull) else store.full(exc)
    if full is None:
        return internal_error(exc)
    incident = uuid.uuid4().hex[:12]
    log.error("disk full, incident %s: %s", incident, full, exc_info=exc)
    return Problem(507, "disk-full", "a disk of the server is full, so this could not be done and nothing was written: "
                   f"tell the administrator (incident {incident}, in the server log, names the folder)",
                   incident=incident)


def store_of(scope: Scope) -> Store:
    """Where the app's database is (nothing known before the service has started)."""
    services = getattr(getattr(scope.get("app"), "state", None), "services", None)
    return getattr(services, "store", None) or Store("")


def _internal(request: Request, exc: Exception) -> JSONResponse:
    return unexpected(exc, store_of(request.scope)).response()


def _mapped(status: int, slug: str, detail: str | None = None) -> Callable[[Request, Exception], JSONResponse]:
    """`detail` in place of the exception's message, where that names what the caller asked for."""
    def handle(_: Request, exc: Exception) -> JSONResponse:
        return Problem(status, slug, detail or str(exc)).response()
    return handle


def _unknown_person(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, UnknownPerson)
    where = "this case" if exc.where == CASE_NETWORK else "your cases"
    return Problem(404, "not-found", f"no such person in {where}").response()


HANDLERS: dict[type[Exception] | int, Callable[[Request, Exception], JSONResponse]] = {
    Problem: lambda _, exc: exc.response(),  # type: ignore[attr-defined]
    RequestValidationError: _validation,
    StarletteHTTPException: _http,
    BundleInvalid: _bundle,
    PlanInvalid: _plan,
    UnknownCase: _mapped(404, "not-found", "no such case among your cases"),
    UnknownPerson: _unknown_person,
    UnknownJurisdiction: _mapped(404, "not-found", "no rule pack for this jurisdiction (GET /catalogue lists them)"),
    InvalidArgument: _mapped(422, "invalid-input"),  # the message says what the value may be
    CypherRefused: _mapped(403, "cypher-refused"),
    CypherInvalid: _mapped(400, "cypher-invalid"),
    CypherTimedOut: _mapped(422, "cypher-timeout"),
    Neo4jUnavailable: _mapped(503, "database-unavailable"),
    ServiceUnavailable: _mapped(503, "database-unavailable"),
    SessionExpired: _mapped(503, "database-unavailable"),
    Exception: _internal,
}
