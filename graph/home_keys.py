"""Keys kept in THBGRAPH_HOME when the environment does not set them: made on first use.

A fresh machine runs the README's commands without first inventing keys by hand: the first
command that needs one writes it here (mode 600, in a folder of mode 700) and says so, once.
A key set in the environment always wins, and is never written anywhere.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path


def home_key(path: Path, *, create: bool, what: str, say: Callable[[str], None] | None = None) -> str | None:
    """The key in ``path``; with ``create``, a fresh one is written there first if there is none.

    None when there is no file and ``create`` is false."""
    if not path.exists() and create:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: take theirs
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(32) + "\n")
            if say:
                say(f"Created {what} {path} (mode 600).")
    if not path.exists():
        return None
    return path.read_text().strip()
