"""A database for one command: the user's, or the local runtime started for the occasion."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from neo4j import Driver

from graph.bolt_auth import local_store
from graph.db import connect, resolve_uri
from graph.runtime import LocalNeo4j, running_local, start_local
from graph.schema import apply_schema
from graph.settings import Settings
from graph.store_full import Store, full_store_said


@contextmanager
def database_uri(settings: Settings, *, say: Callable[[str], None] = print, keep: bool = False,
                 gds: bool = False) -> Iterator[str]:
    """The URI of the database `database_store` picks."""
    with database_store(settings, say=say, keep=keep, gds=gds) as store:
        yield store.uri


@contextmanager
def database_store(settings: Settings, *, say: Callable[[str], None] = print, keep: bool = False,
                   gds: bool = False) -> Iterator[Store]:
    """Where the database to use is (its URI; its folder when it is a local store): NEO4J_URI,
    else a running `thbgraph neo4j start` runtime, else the local runtime started now and stopped
    afterwards (unless `keep`: then it is left running like `thbgraph neo4j start`). `gds`: the
    command needs OpenGDS (THBGRAPH_GDS=auto loads it into a runtime started now only then). A write that fills the store's disk ends the
    command with `DiskFull`, naming the store's folder."""
    started: LocalNeo4j | None = None
    data_dir: Path | None = None
    if settings.neo4j_uri or running_local(settings):
        uri = resolve_uri(settings)
        # Any live local runtime is listed with its store, one started by `thbgraph serve` for its
        # workers (given its URI) too.
        data_dir = local_store(settings.cache, uri)
    elif keep:
        info = start_local(settings, say)
        uri, data_dir = info["uri"], Path(info["data_dir"])
    else:
        started = LocalNeo4j(settings, settings.home / "neo4j", settings.local_port, gds=gds)
        say(f"Starting the local Neo4j on {started.uri} (data in {started.data_dir})...")
        uri, data_dir = started.start(say=say), started.data_dir
    try:
        with full_store_said(uri, data_dir):
            yield Store(uri, data_dir)
    finally:
        if started:
            started.stop()
            say("Stopped the local Neo4j (`thbgraph neo4j start` keeps one running).")


@contextmanager
def database(settings: Settings, *, say: Callable[[str], None] = print, keep: bool = False,
             gds: bool = False) -> Iterator[Driver]:
    """A driver, with the schema in place, to the database `database_store` picks."""
    with database_at(settings, say=say, keep=keep, gds=gds) as (driver, _):
        yield driver


@contextmanager
def database_at(settings: Settings, *, say: Callable[[str], None] = print, keep: bool = False,
                gds: bool = False) -> Iterator[tuple[Driver, Store]]:
    """`database`'s driver, and where its database is (the service names the store of a full disk in its log)."""
    with database_store(settings, say=say, keep=keep, gds=gds) as store:
        driver = connect(settings, uri=store.uri)
        try:
            apply_schema(driver, settings.neo4j_database)
            yield driver, store
        finally:
            driver.close()
