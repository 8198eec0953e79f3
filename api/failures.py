"""A request that fails with a 500 (or a 507: a disk of the server is full) is audited like any other.

Starlette answers an unexpected exception in `ServerErrorMiddleware`, outside every middleware
of the app: the release step, which writes the audit record, never saw those responses (five
uploads that failed so in the security probe left no record). Two catches close that:

- `RouteFailures`, inside the release step: a route's exception becomes the `500 internal-error`
  problem there (`507 disk-full` for a full disk: api/problems.py's `unexpected`), with the
  incident id noted for the audit, so the release step audits it (a write is audited as a write,
  with its row counts).
- `ReleaseFailures`, outside it: should the release step itself fail, the record is written here.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import Problem, store_of, unexpected
from service.http_middleware import HttpMiddleware
from service.release import PURPOSE_HEADER


async def _guarded(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> BaseException | None:
    """Run `app`; the exception it raised before starting a response, if any (after, it is re-raised)."""
    started = False

    async def watch(message: Message) -> None:
        nonlocal started
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await app(scope, receive, watch)
    except Exception as exc:
        if started:
            raise
        return exc
    return None


class _Failures(HttpMiddleware):
    """Middleware that answers an exception raised before any response with `_answer`."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        exc = await _guarded(self.app, scope, receive, send)
        if exc is not None:
            await (await self._answer(scope, unexpected(exc, store_of(scope)))).response()(scope, receive, send)

    async def _answer(self, scope: Scope, problem: Problem) -> Problem:
        raise NotImplementedError


class RouteFailures(_Failures):
    async def _answer(self, scope: Scope, problem: Problem) -> Problem:
        # The release step, outside, audits the 500 (507) with the incident id noted here.
        note = scope.setdefault("state", {}).setdefault("audit", {})
        note["detail"] = {**(note.get("detail") or {}), "incident": problem.extra["incident"]}
        return problem


class ReleaseFailures(_Failures):
    async def _answer(self, scope: Scope, problem: Problem) -> Problem:
        state: dict[str, Any] = scope.get("state", {})
        if state.get("user") is not None:
            try:
                await to_thread.run_sync(partial(_audit, scope, state, problem))
            except OSError:
                return Problem(500, "audit-unavailable", "the audit log cannot be written, so nothing is released; "
                               "tell the administrator")
        return problem


def _audit(scope: Scope, state: dict[str, Any], problem: Problem) -> None:
    user, note = state["user"], state.get("audit") or {}
    purpose = next((v.decode("utf-8", "replace").strip() or None for k, v in scope.get("headers", [])
                    if k.decode("latin-1").lower() == PURPOSE_HEADER), None)
    scope["app"].state.services.audit.append(
        user=user.name, role=user.role.value, action=note.get("action", "read"), method=scope["method"],
        endpoint=getattr(scope.get("route"), "path", scope["path"]), path=scope["path"], status=problem.status,
        cases=sorted(state.get("cases") or []), records=[], purpose=purpose,
        detail={**(note.get("detail") or {}), "incident": problem.extra["incident"]})
