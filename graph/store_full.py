"""A Neo4j whose disk fills while it runs, said in one line naming the store's folder.

Neo4j answers the write that hits the full disk with its own error ("No space left on device" in the
message), and every later one with "The database has encountered a critical error, and needs to be
restarted", the cause then only in its logs. Both reached the user as a driver traceback. A start on a
disk that is already full is caught earlier (graph/runtime.py, graph/disk.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from neo4j.exceptions import DriverError, Neo4jError

from graph.disk import full_error, is_full
from graph.errors import DiskFull
from graph.runtime import MOVE_HINT

#: How Neo4j (Java's IOException) says a disk is full.
NO_SPACE = "No space left on device"
#: What Neo4j answers once a failed write has stopped the database.
CRITICAL = "needs to be restarted"
#: How much of a log's end is read for the cause.
LOG_TAIL = 2**20


def says_full(exc: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, says a disk is full."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if is_full(exc) or NO_SPACE in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def logged_full(data_dir: Path) -> bool:
    """Whether a local store's logs (the launcher's, Neo4j's own) end with a full disk."""
    for log in (data_dir / "neo4j-launcher.log", *sorted((data_dir / "logs").glob("*.log"))):
        try:
            with log.open("rb") as handle:
                handle.seek(max(0, log.stat().st_size - LOG_TAIL))
                if NO_SPACE.encode() in handle.read():
                    return True
        except OSError:
            continue
    return False


@dataclass(frozen=True)
class Store:
    """Where a database is: its address ("": not known), and its folder when it is a local store."""

    uri: str
    data_dir: Path | None = None

    def full(self, exc: BaseException) -> DiskFull | None:
        """`DiskFull` naming the store when `exc` is Neo4j's failure for its full disk, else None."""
        if not isinstance(exc, (Neo4jError, DriverError)):
            return None
        local_cause = self.data_dir is not None and CRITICAL in str(exc) and logged_full(self.data_dir)
        if not (says_full(exc) or local_cause):
            return None
        if self.data_dir is not None:
            return full_error(self.data_dir, "Neo4j could not write", MOVE_HINT)
        server = f"the Neo4j server at {self.uri}" if self.uri else "the Neo4j server"
        return DiskFull(f"Neo4j could not write: the disk of {server} is full: free some space on that server")


@contextmanager
def full_store_said(uri: str, data_dir: Path | None) -> Iterator[None]:
    """Turn Neo4j's failure for a full disk into `DiskFull`: the store's folder when it is a local
    store (`data_dir`), else the server at `uri`."""
    try:
        yield
    except (Neo4jError, DriverError) as exc:
        if (full := Store(uri, data_dir).full(exc)) is None:
            raise
        raise full from exc
