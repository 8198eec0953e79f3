"""The last step of every response: pseudonymised for analysts, audited for everyone else.

One middleware rather than a call in each route, so that no route (present or future,
error responses included) can forget:
- an analyst's response has every victim's identifying values replaced (`VictimIndex.scrub`);
- a response that shows an investigator or prosecutor a victim's name, birth date or
  identifiers is released only with a stated purpose (`X-Purpose`) and after its audit
  record is written; the same holds for writes and Cypher queries (routes leave a note
  in `request.state.audit`). If the audit log cannot be written, the data is withheld.
"""

from __future__ import annotations

import json
from typing import Any

from anyio import to_thread
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import Role, User
from api.problems import Problem

PURPOSE_HEADER = "x-purpose"


class ReleaseMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

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
        status, headers, body = await to_thread.run_sync(_release, scope, start, b"".join(chunks))
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


def _release(scope: Scope, start: Message, body: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    status, headers = start.get("status", 500), list(start.get("headers", []))
    state: dict[str, Any] = scope.get("state", {})
    user: User | None = state.get("user")
    note: dict[str, Any] | None = state.get("audit")
    content_type = dict(headers).get(b"content-type", b"")
    if user is None or (b"json" not in content_type and note is None):
        return status, headers, body
    services = scope["app"].state.services
    data = json.loads(body) if body and b"json" in content_type else None
    try:
        index = services.victims()
    except (ServiceUnavailable, SessionExpired):
        # Without the victims' index nothing can be checked: nothing is released.
        return _problem(Problem(503, "database-unavailable", "Neo4j does not answer"))
    disclosed = sorted(index.disclosed(data)) if user.sees_identities else []
    purpose = _header(scope, PURPOSE_HEADER)
    if disclosed and not purpose:
        return _problem(Problem(400, "purpose-required", "this response shows victims' identities: "
                                "say why you need them in the X-Purpose header"))
    if user.role is Role.analyst and data is not None:
        body = json.dumps(index.scrub(data), ensure_ascii=False, separators=(",", ":")).encode()
        headers = _with_body(headers, body)
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
