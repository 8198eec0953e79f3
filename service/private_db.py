"""Small SQLite files of the service's own (users, saved plans, ended web sessions), kept private."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def create(path: Path, schema: str) -> None:
    """The file, private (its folder 700, itself 600; SQLite gives its journal the file's mode), with `schema`."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    with connect(path) as db:
        db.executescript(schema)


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection per call, in a transaction: cheap for SQLite, and safe from the service's threads."""
    db = sqlite3.connect(path, timeout=10)
    try:
        with db:
            yield db
    finally:
        db.close()
