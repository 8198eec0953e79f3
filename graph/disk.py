"""Free disk space where a step writes a lot (a Neo4j store, an import, the test suite).

Checked before the step, and read from the error after it: a full disk then says, in one line,
which folder, how much is free and how much was needed, instead of a traceback or a Neo4j
"critical error" half way through.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from graph.errors import DiskFull

MB = 2**20


def free_mb(folder: Path) -> int:
    """Megabytes free on the file system that holds `folder` (or would: its nearest existing parent)."""
    folder = Path(folder).absolute()
    while not folder.exists():
        folder = folder.parent
    return shutil.disk_usage(folder).free // MB


def require_room(folder: Path, need_mb: int, what: str, hint: str) -> None:
    """Refuse before `what` starts when `folder` has less than `need_mb` free; `hint` says how to move it."""
    free = free_mb(folder)
    if free < need_mb:
        raise DiskFull(f"{what} needs about {need_mb:,} MB free in {folder} and {free:,} MB is free there: "
                       f"free some space there, or {hint}")


def is_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def full_error(folder: Path, what: str, hint: str) -> DiskFull:
    """The error for `what` having run out of space in `folder` (what it wrote is removed by then)."""
    return DiskFull(f"{what}: no space left in {folder} ({free_mb(folder):,} MB free now): "
                    f"free some space there, or {hint}")
