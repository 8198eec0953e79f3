"""Connecting to Neo4j: the user's server, or the local runtime."""

from __future__ import annotations

import logging
from pathlib import Path

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from graph.bolt_auth import USER, local_auth, password_file
from graph.errors import Neo4jUnavailable
from graph.runtime import running_local
from graph.settings import Settings, get_settings


class _AtDebug(logging.Filter):
    """The driver logs the server's notifications (a label or property key that does not exist
    yet, ...) as warnings, which Python prints on stderr when nothing is configured: raw
    GqlStatusObject text in users' output. They are hints for whoever writes the Cypher, so
    they go out at debug, seen only when logging is set up for it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


logging.getLogger("neo4j.notifications").addFilter(_AtDebug())


def resolve_uri(settings: Settings) -> str:
    """NEO4J_URI if set, else the running local runtime; never a guess."""
    if settings.neo4j_uri:
        return settings.neo4j_uri
    info = running_local(settings)
    if info:
        return info["uri"]
    raise Neo4jUnavailable(
        "No Neo4j to talk to: set NEO4J_URI (and NEO4J_USER/NEO4J_PASSWORD) for your server, "
        "or start the local one with `thbgraph neo4j start`."
    )


def local_runtime_auth(settings: Settings, uri: str) -> tuple[str, str] | None:
    """The password of the local runtime at `uri` (listed while it runs; the user's own runtime's
    store also keeps it), or None: any other server gets the credentials configured, or none."""
    found = local_auth(settings.cache, uri)
    info = running_local(settings) if found is None else None
    if info and info["uri"] == uri and (kept := password_file(Path(info["data_dir"]))).exists():
        found = USER, kept.read_text().strip()
    return found


def connect(settings: Settings | None = None, uri: str | None = None) -> Driver:
    """A driver that has been checked to answer."""
    settings = settings or get_settings()
    uri = uri or resolve_uri(settings)
    configured = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    auth = configured or local_runtime_auth(settings, uri)
    driver = GraphDatabase.driver(uri, auth=auth)
    try:
        driver.verify_connectivity()
    except (ServiceUnavailable, AuthError, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable(f"Neo4j at {uri} does not answer: {exc}") from exc
    return driver
