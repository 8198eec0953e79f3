"""What a local database's store holds, read by a Neo4j started on it (`picture`: every node and
relationship, and the schema); and an empty store that has run once, made once for the session.

The bulk tests (tests/test_bulk_neo4j.py, tests/test_bulk_kill_neo4j.py,
tests/test_bulk_kill_columns_neo4j.py) each started a new store of their own for that, a JVM start
of a new store each: they now copy the session's (`copy_store`), with its picture.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.schema import describe_schema
from graph.settings import Settings
from tests.graph_snapshot import snapshot

Picture = tuple[list[str], dict]


def picture(data_dir: Path) -> Picture:
    db = LocalNeo4j(Settings(), data_dir, free_port())
    db.start(say=lambda _: None)
    try:
        with connect(Settings(), uri=db.uri) as driver:
            return snapshot(driver), describe_schema(driver)
    finally:
        db.stop()


@pytest.fixture(scope="session")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Picture]:
    """An empty database that has run once (stopped now), and its picture: nothing in it, the schema
    Neo4j starts with."""
    data_dir = tmp_path_factory.mktemp("empty-store") / "db"
    return data_dir, picture(data_dir)


def copy_store(store: Path, data_dir: Path) -> None:
    """The stopped store, byte for byte, as `data_dir` (in a private folder, as a start makes it)."""
    data_dir.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copytree(store, data_dir, symlinks=True)
