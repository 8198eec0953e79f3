"""Users, roles, case assignments and API tokens, kept in one small SQLite file.

Why hashed API tokens rather than JWTs: a revoked user is refused on their next request
(a JWT stays valid until it expires, unless every request checks a deny-list anyway),
and the token carries no claims to get wrong. A token is 256 random bits, shown once;
the store keeps only HMAC-SHA256(token, key derived from THBGRAPH_SECRET_KEY), so a copy
of the file lets no one in. Random tokens need no slow password hash: there is nothing
to guess. SQLite because the CLI and the service share the file, with transactions.

The service remembers the users its tokens belong to for as long as the file is unchanged:
SQLite's `data_version` tells, in microseconds, whether any other connection (the CLI's
`users revoke`, say) has committed since. So a revocation still counts from the next request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from service import private_db
from graph.errors import ThbgraphError

TOKEN_PREFIX = "thb_"

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS assignments (
    name TEXT NOT NULL REFERENCES users(name),
    case_id TEXT NOT NULL,
    PRIMARY KEY (name, case_id)
);
"""


class Role(str, Enum):
    investigator = "investigator"
    prosecutor = "prosecutor"
    analyst = "analyst"
    admin = "admin"


#: Roles that read a case's content; admins run the service and read none (separation of duties).
CASE_ROLES = frozenset({Role.investigator, Role.prosecutor, Role.analyst})
#: Roles that see victims' identities (each such read needs a stated purpose and is audited).
IDENTITY_ROLES = frozenset({Role.investigator, Role.prosecutor})


class UserError(ThbgraphError):
    """A user cannot be added, changed or found as asked."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    cases: frozenset[str]
    created_at: str
    revoked_at: str | None = None

    @property
    def sees_identities(self) -> bool:
        return self.role in IDENTITY_ROLES

    @property
    def reads_cases(self) -> bool:
        return self.role in CASE_ROLES


def derive_key(secret: str, purpose: str) -> bytes:
    """One subkey per purpose, so a key used for tokens is never also a key for the audit."""
    return hmac.new(secret.encode(), f"thbgraph:{purpose}".encode(), hashlib.sha256).digest()


class UserStore:
    def __init__(self, path: Path, secret: str) -> None:
        self.path = path
        self._key = derive_key(secret, "api-token")
        private_db.create(path, SCHEMA)
        self._lock = threading.Lock()
        self._watch: sqlite3.Connection | None = None  # asks only `data_version`; opened by the service's first request
        self._known: dict[str, User] = {}  # token hash -> active user, while `_known_version` holds
        self._known_version = -1

    def _version(self) -> int:
        with self._lock:
            if self._watch is None:
                self._watch = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            return self._watch.execute("PRAGMA data_version").fetchone()[0]

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return private_db.connect(self.path)

    def _hash(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()

    def add(self, name: str, role: Role, cases: Iterable[str] = ()) -> str:
        """Create a user and return their token (the only time it is ever shown)."""
        if not name.strip() or name != name.strip():
            raise UserError(f"user name {name!r} must be non-empty, without surrounding spaces")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._db() as db:
            # Names are never reused, even after revocation: the audit log refers to users by name.
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise UserError(f"user {name!r} exists (names are never reused: the audit log refers to them)")
            db.execute("INSERT INTO users VALUES (?, ?, ?, ?, NULL)", (name, role.value, self._hash(token), now))
            db.executemany("INSERT INTO assignments VALUES (?, ?)", [(name, c) for c in sorted(set(cases))])
        return token

    def assign(self, name: str, cases: Iterable[str], *, remove: bool = False) -> User:
        self.get(name)
        with self._db() as db:
            sql = "DELETE FROM assignments WHERE name = ? AND case_id = ?" if remove else \
                "INSERT OR IGNORE INTO assignments VALUES (?, ?)"
            db.executemany(sql, [(name, c) for c in sorted(set(cases))])
        return self.get(name)

    def revoke(self, name: str) -> User:
        user = self.get(name)
        if user.revoked_at is None:
            with self._db() as db:
                db.execute("UPDATE users SET revoked_at = ? WHERE name = ?",
                           (datetime.now(UTC).isoformat(timespec="seconds"), name))
        return self.get(name)

    def get(self, name: str) -> User:
        users = [u for u in self.list() if u.name == name]
        if not users:
            raise UserError(f"no user {name!r}")
        return users[0]

    def list(self) -> list[User]:
        with self._db() as db:
            rows = db.execute("SELECT name, role, created_at, revoked_at FROM users ORDER BY name").fetchall()
            assigned = db.execute("SELECT name, case_id FROM assignments").fetchall()
        cases: dict[str, set[str]] = {}
        for name, case_id in assigned:
            cases.setdefault(name, set()).add(case_id)
        return [User(n, Role(r), frozenset(cases.get(n, ())), c, rv) for n, r, c, rv in rows]

    def authenticate(self, token: str) -> User | None:
        """The active user holding this token, or None."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        return self.holder(self._hash(token))

    def digest(self, token: str) -> str:
        """What the store keeps of a token (a web session carries it, signed, in place of the token)."""
        return self._hash(token)

    def holder(self, digest: str) -> User | None:
        """The active user whose token has this digest, or None (revoked, or a new token since)."""
        version = self._version()
        with self._lock:
            if version != self._known_version:
                self._known, self._known_version = {}, version
            user = self._known.get(digest)
        if user is None:
            user = self._lookup(digest)
            if user is not None:  # unknown tokens are not remembered: anyone can send millions
                with self._lock:
                    if version == self._known_version:
                        self._known[digest] = user
        return user

    def _lookup(self, digest: str) -> User | None:
        with self._db() as db:
            row = db.execute("SELECT name, role, created_at FROM users WHERE token_hash = ? AND revoked_at IS NULL",
                             (digest,)).fetchone()
            if row is None:
                return None
            cases = db.execute("SELECT case_id FROM assignments WHERE name = ?", (row[0],)).fetchall()
        return User(row[0], Role(row[1]), frozenset(c for (c,) in cases), row[2])
