"""Web sessions: an API token exchanged for a signed cookie; a CSRF token on every change; idle expiry.

The cookie carries, signed with a subkey of THBGRAPH_SECRET_KEY: what the users store keeps of the
token (so a revoked user, or a new token, ends the session at the next request), the CSRF token,
when the session last saw a request, and the purposes the user gave to see victims' identities,
per case. The server keeps only the sessions signed out before their time (`SignedOut`, a small
SQLite file beside the users'), so that every worker process honours a sign-out; otherwise every
worker reads the same cookie. HttpOnly (no script reads it), SameSite=Strict (no other site's page
sends it), Secure when served over TLS.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from pathlib import Path
from dataclasses import dataclass, field, replace
from typing import Annotated, Any

from fastapi import Depends, Request

from service import private_db
from service.auth import User, derive_key
from service.services import Services, get_services

COOKIE = "thbgraph_session"
#: Before sign-in: the double-submit token of the sign-in form (login CSRF).
SIGN_IN_COOKIE = "thbgraph_sign_in"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
#: However active, a session ends after this long: sign in again with the token.
MAX_AGE_S = 12 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignInRequired(Exception):
    """No valid session: the page answers with the sign-in form (web/app.py)."""


class CsrfRefused(Exception):
    """A change without the session's CSRF token."""


@dataclass(frozen=True)
class Session:
    digest: str  # the users store's HMAC of the token
    csrf: str
    started: float
    seen: float
    reveals: dict[str, str] = field(default_factory=dict)  # case id -> the purpose given

    def purpose(self, case_id: str) -> str | None:
        return self.reveals.get(case_id)


class SessionCodec:
    def __init__(self, secret: str) -> None:
        self._key = derive_key(secret, "web-session")

    def _mac(self, payload: bytes) -> str:
        return hmac.new(self._key, payload, hashlib.sha256).hexdigest()

    def dumps(self, s: Session) -> str:
        data = {"d": s.digest, "c": s.csrf, "t0": s.started, "t": s.seen, "r": s.reveals}
        payload = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
        return f"{payload.decode()}.{self._mac(payload)}"

    def loads(self, text: str) -> Session | None:
        payload, _, mac = text.encode().partition(b".")
        if not hmac.compare_digest(mac, self._mac(payload).encode()):
            return None
        try:
            d = json.loads(base64.urlsafe_b64decode(payload))
            return Session(d["d"], d["c"], float(d["t0"]), float(d["t"]), dict(d["r"]))
        except (ValueError, KeyError, TypeError):
            return None


class SignedOut:
    """Sessions ended by their user (by the hash of their CSRF token), kept until they would have expired anyway."""

    def __init__(self, path: Path) -> None:
        self.path = path
        private_db.create(path, "CREATE TABLE IF NOT EXISTS ended (session TEXT PRIMARY KEY, at REAL NOT NULL)")

    @staticmethod
    def _key(session: Session) -> str:
        return hashlib.sha256(session.csrf.encode()).hexdigest()

    def end(self, session: Session) -> None:
        now = time.time()
        with private_db.connect(self.path) as db:
            db.execute("DELETE FROM ended WHERE at < ?", (now - MAX_AGE_S,))
            db.execute("INSERT OR IGNORE INTO ended VALUES (?, ?)", (self._key(session), now))

    def ended(self, session: Session) -> bool:
        with private_db.connect(self.path) as db:
            return db.execute("SELECT 1 FROM ended WHERE session = ?", (self._key(session),)).fetchone() is not None


def signed_out(services: Services) -> SignedOut:
    return SignedOut(services.settings.home / "web-sessions.sqlite3")


def codec(services: Services) -> SessionCodec:
    return SessionCodec(services.settings.secret_key.get_secret_value())


def new_session(services: Services, token: str) -> tuple[User, Session] | None:
    """A session for the holder of this API token, or None for an unknown or revoked one."""
    user = services.users.authenticate(token.strip())
    if user is None:
        return None
    now = time.time()
    return user, Session(services.users.digest(token.strip()), secrets.token_urlsafe(32), now, now)


def set_cookie(request: Request, name: str, value: str) -> None:
    """Noted for web/app.py's headers step, which sets it on whatever response the page makes."""
    secure = "; Secure" if request.url.scheme == "https" else ""
    cookies = getattr(request.state, "web_cookies", None)
    if cookies is None:
        request.state.web_cookies = cookies = {}
    cookies[name] = f"{name}={value}; Path=/web; HttpOnly; SameSite=Strict{secure}"


def clear_cookie(request: Request, name: str) -> None:
    set_cookie(request, name, '""; Max-Age=0')


def store(request: Request, services: Services, session: Session) -> None:
    set_cookie(request, COOKIE, codec(services).dumps(session))


@dataclass(frozen=True)
class WebUser:
    user: User
    session: Session


def _sent_csrf(request: Request, form: Any) -> str:
    return request.headers.get(CSRF_HEADER) or (form.get(CSRF_FIELD) if form is not None else None) or ""


async def check_csrf(request: Request, expected: str) -> None:
    """A change (any method but GET/HEAD) must carry the token: a header (htmx) or a form field."""
    if request.method in SAFE_METHODS:
        return
    form = None
    if request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/")):
        form = await request.form()
    if not expected or not hmac.compare_digest(_sent_csrf(request, form).encode(), expected.encode()):
        raise CsrfRefused


async def get_web_user(request: Request) -> WebUser:
    """The signed-in user, their session refreshed (idle clock reset); CSRF checked on changes."""
    services: Services = await get_services(request)
    raw = request.cookies.get(COOKIE)
    session = codec(services).loads(raw) if raw else None
    now = time.time()
    idle = services.settings.web_idle_minutes * 60
    if session is None or now - session.seen > idle or now - session.started > MAX_AGE_S:
        raise SignInRequired
    user = services.users.holder(session.digest)
    if user is None or signed_out(services).ended(session):
        raise SignInRequired
    await check_csrf(request, session.csrf)
    request.state.user = user  # as for the API: the release step audits JSON answers of the widgets
    session = replace(session, seen=now)
    store(request, services, session)
    return WebUser(user, session)


WebUserDep = Annotated[WebUser, Depends(get_web_user)]
