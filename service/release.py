"""The last step of every response: pseudonymised for analysts, audited for everyone else.

One middleware rather than a call in each route, so that no route (present or future,
error responses included) can forget:
- an analyst's response has the identifying values of the victims of the analyst's cases
  replaced (`VictimIndex.scrub`), and only theirs (`Services.victims`);
- a response that shows an investigator or prosecutor a victim's name, birth date or
  identifiers is released only with a stated purpose (`X-Purpose`) and after its audit
  record is written; the same holds for writes and Cypher queries (routes leave a note
  in `request.state.audit`). If the audit log cannot be written, the data is withheld.

What the caller sent is never replaced where it comes back (`caller_echo`): replacing it
would answer "is this a victim's name?", with the victim's pseudonym, for anyone holding a list
of names. Routes echo little (error details name no path parameter), but a problem may quote a
plan, a Cypher result may return `$x`, and a plan's title comes back in its evaluation.

Many users receive the very same body (a cached analysis), so what the scan of a body found is
kept for the next one (`ReleaseMemo`): the audit record is still written for every response.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from anyio import to_thread
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.auth import Role, User
from service.http_middleware import HttpMiddleware
from service.problems import Problem
from service.redact import NO_ECHO, Echo, VictimIndex

if TYPE_CHECKING:
    from service.services import Services

PURPOSE_HEADER = "x-purpose"
#: Bodies up to this size are remembered, up to this much in all (a case's options: 50 kB).
MEMO_MAX_BODY = 1 << 20
MEMO_MAX_BYTES = 64 << 20


class ReleaseMemo:
    """For a body and a kind of reader, the victims it discloses and the body an analyst gets,
    per victims' index (one per set of cases, and a new one when the graph changes) and echo."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[bytes, tuple[bool, int, Echo]], tuple[list[str], bytes]] = OrderedDict()
        self._bytes = 0

    def scan(self, index: VictimIndex, body: bytes, *, analyst: bool, echo: Echo = NO_ECHO) -> tuple[list[str], bytes]:
        """Ids of the victims the JSON `body` discloses (to a reader who sees identities), and the
        body to send (scrubbed of the index's values for an analyst); what the caller sent (`echo`) is spared."""
        key = (body, (analyst, index.token, echo))
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                return hit[0], hit[1] or body
        data = json.loads(body)
        if analyst:
            scrubbed = index.scrub(data, echo)
            disclosed, out = [], json.dumps(scrubbed, ensure_ascii=False, separators=(",", ":")).encode()
        else:
            disclosed, out = sorted(index.disclosed(data, echo)), b""  # sent as it is
        if len(body) <= MEMO_MAX_BODY:
            with self._lock:
                if (old := self._entries.pop(key, None)) is not None:
                    self._bytes -= len(body) + len(old[1])
                self._entries[key] = (disclosed, out)
                self._bytes += len(body) + len(out)
                while self._bytes > MEMO_MAX_BYTES:
                    (gone, _), (_, gone_out) = self._entries.popitem(last=False)
                    self._bytes -= len(gone) + len(gone_out)
        return disclosed, out or body


class ReleaseMiddleware(HttpMiddleware):
    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self.memo = ReleaseMemo()

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message = {}
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, hold)
        status, headers, body = await to_thread.run_sync(_release, scope, start, b"".join(chunks), self.memo)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key.decode("latin-1").lower() == name:
            return value.decode("utf-8", "replace").strip() or None
    return None


def _with_body(headers: list[tuple[bytes, bytes]], body: bytes) -> list[tuple[bytes, bytes]]:
    kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    return [*kept, (b"content-length", str(len(body)).encode())]


def _problem(problem: Problem) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    response = problem.response()
    return response.status_code, response.raw_headers, bytes(response.body)


def caller_echo(scope: Scope, index: VictimIndex, status: int, analyst: bool) -> Echo:
    """What the caller sent that may come back in this response, spared by the scrub and the audit.

    An error answers the request, not the graph: every word the caller sent (path, query string,
    body) is spared wherever it occurs. So is every word of an analyst's Cypher query and its
    parameters, in the result too, which Cypher computes from them (`split($x, ' ')`); that index
    holds no sealed values (`sealed_values`). Any other response is the graph's: only whole strings
    of the body a route noted as echoed (`request.state.echo`, a plan's title) are spared there,
    and only for analysts: a reader who sees identities is audited for every victim shown.
    """
    state: dict[str, Any] = scope.get("state", {})
    noted = state.get("echo")
    if status >= 400 or state.get("cypher"):
        sent = [list(scope.get("path_params", {}).values()), parse_qsl(scope.get("query_string", b"").decode(
            "latin-1")), noted]
        return index.echo(sent)
    return index.echo(noted, whole=True) if analyst and noted is not None else NO_ECHO


def _release(scope: Scope, start: Message, body: bytes,
             memo: ReleaseMemo) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    status, headers = start.get("status", 500), list(start.get("headers", []))
    state: dict[str, Any] = scope.get("state", {})
    user: User | None = state.get("user")
    note: dict[str, Any] | None = state.get("audit")
    content_type = dict(headers).get(b"content-type", b"")
    if user is None or (b"json" not in content_type and note is None):
        return status, headers, body
    services = scope["app"].state.services
    analyst = user.role is Role.analyst
    disclosed: list[str] = []
    if body and b"json" in content_type and (analyst or user.sees_identities):
        try:
            # A Cypher result is scanned for what the graph holds in clear (see caller_echo).
            # An analyst's Cypher route hands over the index its answer was checked with (api/routes/cypher.py).
            index = state.get("victims") if analyst and state.get("cypher") else None
            if index is None:
                index = services.victims(user.cases, sealed_values=not (analyst and state.get("cypher")),
                                         analyst=analyst)
            echo = caller_echo(scope, index, status, analyst)
        except (ServiceUnavailable, SessionExpired):
            # Without the victims' index nothing can be checked: nothing is released.
            return _problem(Problem(503, "database-unavailable", "Neo4j does not answer"))
        disclosed, scanned = memo.scan(index, body, analyst=analyst, echo=echo)
        if analyst:
            body, headers = scanned, _with_body(headers, scanned)
    # A web page's JSON (web/context.py) carries the purpose its user gave for the case in the session.
    purpose = _header(scope, PURPOSE_HEADER) or state.get("purpose")
    if disclosed and not purpose:
        return _problem(Problem(400, "purpose-required", "this response shows victims' identities: "
                                "say why you need them in the X-Purpose header"))
    if disclosed or note:
        try:
            audit(services, user, scope, status=status, records=disclosed, purpose=purpose, note=note)
        except Problem as problem:
            return _problem(problem)
    return status, headers, body


def audit(services: Services, user: User, scope: Scope, *, status: int, records: list[str], purpose: str | None,
          note: dict[str, Any] | None = None) -> None:
    """The audit record of a request (a Problem 500 if the log cannot be written: release nothing then)."""
    state: dict[str, Any] = scope.get("state", {})
    route = scope.get("route")
    try:
        services.audit.append(
            user=user.name, role=user.role.value, action=(note or {}).get("action", "read"),
            method=scope["method"], endpoint=getattr(route, "path", scope["path"]), path=scope["path"],
            status=status, cases=sorted(state.get("cases") or []), records=records, purpose=purpose,
            detail=(note or {}).get("detail"),
        )
    except OSError:
        raise Problem(500, "audit-unavailable", "the audit log cannot be written, so nothing "
                      "is released; tell the administrator") from None


def released(services: Services, user: User, scope: Scope, data: Any, *, purpose: str | None,
             own: Iterable[str] = ()) -> Any:
    """The release step for data a web page renders rather than sends as JSON: the same index and
    rules. Without a purpose (and always for analysts) every victim's values are replaced by their
    pseudonyms; with one, the victims the data discloses are audited, with it, before it is shown.

    `own`: text the reader typed themselves (their plans' titles), which comes back as typed, never
    scrubbed into a pseudonym (that would answer "is this a victim's name?") nor counted as shown to them."""
    index = services.victims(user.cases, analyst=user.role is Role.analyst)
    echo = index.echo(list(own), whole=True)
    if user.role is Role.analyst or not user.sees_identities or not purpose:
        return index.scrub(data, echo)
    disclosed = sorted(index.disclosed(data, echo))
    if disclosed:
        audit(services, user, scope, status=200, records=disclosed, purpose=purpose)
    return data
