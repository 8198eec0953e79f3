"""The web app mounted on the HTTP service: `mount_web(create_app(...))`; `thbgraph serve` runs
`server.app:service_app`, which puts the two together.

The web app and the API import nothing of each other. Every page goes through the service layer
(service/views.py, service/release.py), so roles, need-to-know, pseudonyms, purpose and audit are one
code path for both faces.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.render import STATIC, is_htmx, page
from web.routes import PREFIX, auth, cases, export, matches, network, notes, parties, person, plans, saved_views
from web.session import CsrfRefused, SignInRequired

#: No inline script or style anywhere: scripts and styles come from the package's own files.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = ((b"content-security-policy", CSP.encode()), (b"referrer-policy", b"same-origin"),
           (b"x-frame-options", b"DENY"))


class WebHeaders:
    """Under /web: the CSP and framing headers, and the session cookie a page set (web/session.py)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookies = scope.get("state", {}).get("web_cookies", {})
                extra = [*HEADERS, *((b"set-cookie", c.encode("latin-1")) for c in cookies.values())]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def _sign_in(request: Request, _: Exception) -> Response:
    target = f"{PREFIX}/sign-in"
    if is_htmx(request):  # htmx follows a redirect inside the page; this makes it leave the page
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _csrf(request: Request, _: Exception) -> Response:
    return page(request, "error.html", None, status=403, title="Refused",
                message="This form was not sent by a page of this session (no valid CSRF token). Reload the page "
                        "and try again.")


def _as_page(handler: Callable[[Request, Exception], Any]) -> Callable[[Request, Exception], Any]:
    """The API's problem answer, as a page under /web (JSON still for the widgets' /web/api/ endpoints)."""
    async def handle(request: Request, exc: Exception) -> Any:
        answer = handler(request, exc)
        answer = await answer if inspect.isawaitable(answer) else answer
        path = request.url.path
        if not path.startswith(PREFIX) or path.startswith(f"{PREFIX}/api/"):
            return answer
        body = json.loads(answer.body)
        problems = [e.get("message", "") for e in body.get("errors") or [] if isinstance(e, dict)]
        name = "_problem.html" if is_htmx(request) else "error.html"  # htmx swaps it where the answer goes
        shown = page(request, name, None, status=answer.status_code, title=body.get("title", "Error"),
                     message=body.get("detail", ""), problems=problems)
        if "retry-after" in answer.headers:  # a 429 or 503 says when to try again, on a page too
            shown.headers["Retry-After"] = answer.headers["retry-after"]
        return shown
    return handle


def mount_web(app: FastAPI) -> FastAPI:
    """The web app's pages and static files on `app`, built by api.app.create_app."""
    for kind, handler in list(app.exception_handlers.items()):
        if kind is not Exception:  # a 500 is answered by the API's failure middleware, audited
            app.add_exception_handler(kind, _as_page(handler))
    app.add_exception_handler(SignInRequired, _sign_in)
    app.add_exception_handler(CsrfRefused, _csrf)
    app.add_middleware(WebHeaders)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="web-static")
    for module in (auth, cases, person, parties, plans, matches, export, network, saved_views, notes):
        app.include_router(module.router, include_in_schema=False)
    return app
