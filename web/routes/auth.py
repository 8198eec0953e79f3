"""Sign-in with an API token (exchanged for a session cookie) and sign-out."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.services import ServicesDep
from web.routes import PREFIX
from web.render import page
from web.session import (
    COOKIE, CSRF_FIELD, SIGN_IN_COOKIE, CsrfRefused, WebUserDep, clear_cookie, new_session, set_cookie, signed_out, store,
)

router = APIRouter(prefix=PREFIX)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/web/cases", status_code=303)


def _form(request: Request, status: int = 200, error: str | None = None) -> HTMLResponse:
    # Login CSRF: the form's token must match this cookie, which only a page of this site can set.
    token = secrets.token_urlsafe(32)
    set_cookie(request, SIGN_IN_COOKIE, token)
    return page(request, "sign_in.html", None, status=status, csrf=token, error=error)


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request) -> HTMLResponse:
    return _form(request)


def _same_origin(request: Request) -> bool:
    """Whether the browser posted this from a page of this origin. The double-submit cookie alone is
    not enough: a page on another port of the host, or on a sibling subdomain, can set it (and post the
    token of a pair it fetched itself), signing the victim in as the attacker (probe 3, low 10). The
    browser says where a form came from (Sec-Fetch-Site, else Origin), and no page can forge either;
    a client that sends neither is no browser, so no victim's."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    return origin is None or origin.split("://", 1)[-1] == request.headers.get("host", "")


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(request: Request, services: ServicesDep, token: Annotated[str, Form(max_length=200)],
            csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=100)] = "") -> Response:
    expected = request.cookies.get(SIGN_IN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()) or not _same_origin(request):
        raise CsrfRefused
    started = new_session(services, token)
    if started is None:
        return _form(request, 401, "This token is unknown or has been revoked. Ask your administrator for a new one.")
    _, session = started
    clear_cookie(request, SIGN_IN_COOKIE)
    store(request, services, session)
    return RedirectResponse("/web/cases", status_code=303)


@router.post("/sign-out")
def sign_out(request: Request, services: ServicesDep, web: WebUserDep) -> Response:
    signed_out(services).end(web.session)  # a copy of the cookie opens nothing any more
    clear_cookie(request, COOKIE)
    return RedirectResponse("/web/sign-in", status_code=303)
