"""The last step of every response: pseudonymised for analysts, audited for everyone else.

One middleware rather than a call in each route, so that no route (present or future,
error responses included) can forget:
- an analyst's response has every victim's identifying values replaced (`VictimIndex.scrub`);
- a response that shows an investigator or prosecutor a victim's name, birth date or
  identifiers is released only with a stated purpose (`X-Purpose`) and after its audit
  record is written; the same holds for writes and Cypher queries (routes leave a note
  in `request.state.audit`). If the audit log cannot be written, the data is withheld.

Many users receive the very same body (a cached analysis), so what the scan of a body found is
kept for the next one (`ReleaseMemo`): the audit record is still written for every response.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

from anyio import to_thread
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import Role, User
from api.problems import Problem
from api.redact import VictimIndex

PURPOSE_HEADER = "x-purpose"
#: Bodies up to this size are remembered, up to this much in all (a case's options: 50 kB).
MEMO_MAX_BODY = 1 << 20
MEMO_MAX_BYTES = 64 << 20


class ReleaseMemo:
    """For a body and a kind of reader, the victims it discloses and the body an analyst gets,
    kept while the victims' index is the same object (a new one is built when the graph changes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[bytes, bool], tuple[VictimIndex, list[str], bytes]] = OrderedDict()
        self._bytes = 0

    def scan(self, index: VictimIndex, body: bytes, *, analyst: bool) -> tuple[list[str], bytes]:
        """Ids of the victims the JSON `body` discloses (to a reader who sees identities), and the
        body to send (scrubbed of every victim's values for an analyst)."""
        key = (body, analyst)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] is index:
                self._entries.move_to_end(key)
                return hit[1], hit[2] or body
        data = json.loads(body)
        if analyst:
            disclosed, out = [], json.dumps(index.scrub(data), ensure_ascii=False, separators=(",", ":")).encode()
        else:
            disclosed, out = sorted(index.disclosed(data)), b""  # sent as it is
        if len(body) <= MEMO_MAX_BODY:
            with self._lock:
                if (old := self._entries.pop(key, None)) is not None:
                    self._bytes -= len(body) + len(old[2])
                self._entries[key] = (index, disclosed, out)
                self._bytes += len(body) + len(out)
                while self._bytes > MEMO_MAX_BYTES:
                    (gone, _), (_, _, gone_out) = self._entries.popitem(last=False)
                    self._bytes -= len(gone) + len(gone_out)
        return disclosed, out or body


class ReleaseMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.memo = ReleaseMemo()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
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
    return response.status_code, response.raw_headers, response.body


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
    try:
        index = services.victims()
    except (ServiceUnavailable, SessionExpired):
        # Without the victims' index nothing can be checked: nothing is released.
        return _problem(Problem(503, "database-unavailable", "Neo4j does not answer"))
    analyst, disclosed = user.role is Role.analyst, []
    if body and b"json" in content_type and (analyst or user.sees_identities):
        disclosed, scanned = memo.scan(index, body, analyst=analyst)
        if analyst:
            body, headers = scanned, _with_body(headers, scanned)
    purpose = _header(scope, PURPOSE_HEADER)
    if disclosed and not purpose:
        return _problem(Problem(400, "purpose-required", "this response shows victims' identities: "
                                "say why you need them in the X-Purpose header"))
    if disclosed or note:
        route = scope.get("route")
        try:
            services.audit.append(
                user=user.name, role=user.role.value, action=(note or {}).get("action", "read"),
                method=scope["method"], endpoint=getattr(route, "path", scope["path"]), path=scope["path"],
                status=status, cases=sorted(state.get("cases") or []), records=disclosed, purpose=purpose,
                detail=(note or {}).get("detail"),
            )
        except OSError:
            return _problem(Problem(500, "audit-unavailable", "the audit log cannot be written, so nothing "
                                    "is released; tell the administrator"))
    return status, headers, body
