"""What the service's small stores of a case's work share (saved plans, saved views, notes): a private SQLite
file of one table, a row written, the rows read back in the order written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from service import private_db


def now() -> str:
    """When a row is written: UTC, to the second (shown beside the author's name)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class SmallStore:
    """One private SQLite file (service/private_db.py) with `schema`; a connection per call."""

    def __init__(self, path: Path, schema: str) -> None:
        self.path = path
        private_db.create(path, schema)

    def write(self, sql: str, params: Sequence[Any]) -> int:
        """An INSERT (or an upsert): the row id SQLite gives it."""
        with private_db.connect(self.path) as db:
            return int(db.execute(sql, params).lastrowid or 0)

    def rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with private_db.connect(self.path) as db:
            return db.execute(sql, params).fetchall()
