"""Settings of the HTTP service, from the environment; it refuses to start on unsafe secrets."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import ThbgraphError
from graph.home_keys import home_key

#: Words from examples and templates: a key containing one is not a key. (All six letters or
#: more, so that a random key holds one by chance about once in 10^7.)
PLACEHOLDERS = ("changethis", "changeme", "change-me", "secret", "placeholder", "example", "password")
#: 32 characters of `secrets.token_urlsafe` carry about 190 bits: anything shorter is refused.
MIN_KEY_LENGTH = 32
KEY_HINT = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'


def check_key(key: str) -> str:
    """The key, if it is long enough and no placeholder; ValueError saying how to make one otherwise."""
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError(f"must be at least {MIN_KEY_LENGTH} characters; {KEY_HINT}")
    if any(p in key.lower() for p in PLACEHOLDERS) or len(set(key)) < 8:
        raise ValueError(f"looks like a placeholder, not a key; {KEY_HINT}")
    return key


class ServiceSettingsInvalid(ThbgraphError):
    """The service's environment is missing a setting or holds an unsafe one."""


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_ignore_empty=True, extra="ignore")

    #: Keys the hashes of API tokens and the MACs of audit records (derived subkeys for each).
    secret_key: SecretStr = Field(validation_alias="THBGRAPH_SECRET_KEY")
    #: Keys the HMAC behind analysts' stable pseudonyms of victims. Rotating it renames every victim.
    pseudonym_key: SecretStr = Field(validation_alias="THBGRAPH_PSEUDONYM_KEY")
    #: Where the users database and the audit log live by default (as for the local Neo4j).
    home: Path = Field(default=Path.home() / ".thbgraph", validation_alias="THBGRAPH_HOME")
    users_db: Path | None = Field(default=None, validation_alias="THBGRAPH_USERS_DB")
    audit_log: Path | None = Field(default=None, validation_alias="THBGRAPH_AUDIT_LOG")
    #: Analysts' Cypher: stopped after this many seconds, cut after this many rows.
    cypher_timeout_s: float = Field(default=10.0, gt=0, validation_alias="THBGRAPH_CYPHER_TIMEOUT_S")
    cypher_max_rows: int = Field(default=1000, gt=0, validation_alias="THBGRAPH_CYPHER_MAX_ROWS")
    #: ... and cut before the rows' JSON passes this many bytes (one row of `range(1, 2000000)` is 15 MB).
    cypher_max_bytes: int = Field(default=4_000_000, gt=0, validation_alias="THBGRAPH_CYPHER_MAX_BYTES")
    #: Analysts' Cypher runs on this many threads of its own (service/cypher_pool.py) ...
    cypher_workers: int = Field(default=4, gt=0, validation_alias="THBGRAPH_CYPHER_WORKERS")
    #: ... with at most this many queries of one analyst in flight.
    cypher_per_user: int = Field(default=2, gt=0, validation_alias="THBGRAPH_CYPHER_PER_USER")
    #: ... and at most this many more threads kept by their timed-out queries Neo4j is still finishing.
    cypher_runaways_per_user: int = Field(default=1, gt=0, validation_alias="THBGRAPH_CYPHER_RUNAWAYS_PER_USER")
    #: PDF exports run on this many renderers (one Chromium each) shared by all users (service/pdf_pool.py) ...
    pdf_workers: int = Field(default=2, gt=0, validation_alias="THBGRAPH_PDF_WORKERS")
    #: ... with at most this many exports of one user waiting or being printed (429 beyond).
    pdf_per_user: int = Field(default=6, gt=0, validation_alias="THBGRAPH_PDF_PER_USER")
    #: The largest page of a case network one request may ask for.
    page_max: int = Field(default=500, gt=0, validation_alias="THBGRAPH_PAGE_MAX")
    upload_max_mb: int = Field(default=50, gt=0, validation_alias="THBGRAPH_UPLOAD_MAX_MB")
    #: Case projections and the victims' index behind redaction are re-read when the graph's
    #: counts change, and at the latest after this many seconds (see service/cache.py).
    cache_ttl_s: float = Field(default=10.0, ge=0, validation_alias="THBGRAPH_CACHE_TTL_S")
    #: Load nomenklatura's name tables (10-60 s) at start, in a process of its own that then scores the
    #: matcher's pairs (service/match_process.py), so that the first matches page does not wait for
    #: them; off: they load in the service's process at the first page that needs them.
    warm_matcher: bool = Field(default=True, validation_alias="THBGRAPH_WARM_MATCHER")
    #: A web session ends after this many minutes without a request (web/session.py).
    web_idle_minutes: float = Field(default=30.0, gt=0, validation_alias="THBGRAPH_WEB_IDLE_MINUTES")
    #: Analysts' Cypher runs on a Neo4j of its own holding only their cases (service/analysis_db.py): a
    #: server given to this one service process (emptied and rewritten by it), or unset: a local
    #: runtime the service starts, with this heap and page cache.
    analysis_neo4j_uri: str | None = Field(default=None, validation_alias="THBGRAPH_ANALYSIS_NEO4J_URI")
    analysis_heap_mb: int = Field(default=512, gt=0, validation_alias="THBGRAPH_ANALYSIS_HEAP_MB")
    analysis_pagecache_mb: int = Field(default=64, gt=0, validation_alias="THBGRAPH_ANALYSIS_PAGECACHE_MB")
    #: Its content is rewritten when the graph's counts change, after an upload, and at the latest
    #: after this many seconds while in use (a change of properties only, from the command line;
    #: longer than the projections' TTL because a rewrite of 10,000 persons takes tens of seconds).
    analysis_refresh_s: float = Field(default=300.0, ge=0, validation_alias="THBGRAPH_ANALYSIS_REFRESH_S")

    @field_validator("secret_key", "pseudonym_key")
    @classmethod
    def _not_a_placeholder(cls, value: SecretStr) -> SecretStr:
        check_key(value.get_secret_value())
        return value

    @model_validator(mode="after")
    def _keys_differ(self) -> ServiceSettings:
        if self.secret_key.get_secret_value() == self.pseudonym_key.get_secret_value():
            raise ValueError("THBGRAPH_SECRET_KEY and THBGRAPH_PSEUDONYM_KEY must differ (one key, one purpose)")
        return self

    @property
    def users_path(self) -> Path:
        return self.users_db or self.home / "users.sqlite3"

    @property
    def audit_path(self) -> Path:
        return self.audit_log or self.home / "audit.jsonl"


#: Where the service's keys live when the environment does not set them (graph/home_keys.py).
KEY_FILES = {"THBGRAPH_SECRET_KEY": ("service-secret.key", "the service's secret key (tokens, audit log)"),
             "THBGRAPH_PSEUDONYM_KEY": ("pseudonym.key", "the victims' pseudonym key")}


def _home_keys(create: bool, say: Callable[[str], None] | None) -> dict[str, str]:
    """The keys the environment leaves unset, from their files in THBGRAPH_HOME (made when ``create``)."""
    home = Path(os.environ.get("THBGRAPH_HOME") or ServiceSettings.model_fields["home"].default)
    found = {}
    for variable, (name, what) in KEY_FILES.items():
        if not os.environ.get(variable):
            key = home_key(home / name, create=create, what=what, say=say)
            if key is not None:
                found[variable] = key
    return found


def load_service_settings(*, create: bool = False, say: Callable[[str], None] | None = None) -> ServiceSettings:
    """The settings, or one error naming every variable to fix (never the secret's value).

    A key the environment does not set is read from its file in THBGRAPH_HOME, where a command
    run with ``create`` writes one first (and says so through ``say``): the command line makes
    the keys on first use; the service itself only reads them."""
    try:
        return ServiceSettings(**_home_keys(create, say))  # type: ignore[arg-type]  # the rest from the environment
    except ValidationError as e:
        names = {"secret_key": "THBGRAPH_SECRET_KEY", "pseudonym_key": "THBGRAPH_PSEUDONYM_KEY"}
        problems = []
        for err in e.errors(include_input=False, include_url=False):
            where = str(err["loc"][0]) if err["loc"] else ""
            message = (f"is not set (nor in THBGRAPH_HOME's {KEY_FILES[names[where]][0]}: any `thbgraph users` "
                       "command makes it)" if err["type"] == "missing" and where in names
                       else "is not set" if err["type"] == "missing" else err["msg"].removeprefix("Value error, "))
            problems.append(f"{names.get(where, where) or 'settings'}: {message}")
        raise ServiceSettingsInvalid("the service cannot start: " + "; ".join(problems)) from None
