"""Swapping an imported database's store into the local runtime's home, whole or not at all.

A Neo4j database is two folders, its store (`data/databases/<name>`) and its transaction logs
(`data/transactions/<name>`), so a swap is four renames, and a process killed between two of
them would leave one folder new and the other old. The renames are therefore written to a
journal first; whoever next opens the home (the next `load --initial`, or any start of the local
runtime) finishes them before anything reads the store. Each rename is redone only while its
source is there and its target is not, so finishing twice, or after every step, changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

__all__ = ["finish_swap", "swap_in"]

JOURNAL = ".store-swap.json"


def swap_in(imported: Path, home: Path, database: str) -> None:
    """Move `imported/{databases,transactions}/<database>` in for `home`'s own."""
    data = home / "data"
    steps: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    for part in ("databases", "transactions"):
        source, target = imported / part / database, data / part / database
        old = target.with_name(f".{database}-replaced")
        # Left by a swap killed after its journal went: the old store is kept until then.
        shutil.rmtree(old, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():  # a target made by the swap itself must never be moved aside again
            steps.append((target, old))
            replaced.append(old)
        steps.append((source, target))
    journal = home / JOURNAL
    scratch = journal.with_suffix(".tmp")
    with scratch.open("w") as out:
        json.dump({"steps": [[str(s), str(t)] for s, t in steps], "replaced": [str(p) for p in replaced]}, out)
        out.flush()
        os.fsync(out.fileno())
    scratch.rename(journal)  # the swap is decided from here on
    finish_swap(home)


def finish_swap(home: Path) -> bool:
    """Finish a swap begun in `home`, if any; True when there was one."""
    journal = home / JOURNAL
    try:
        plan = json.loads(journal.read_text())
    except FileNotFoundError:
        return False
    for source, target in plan["steps"]:
        if os.path.lexists(source) and not os.path.lexists(target):
            os.rename(source, target)
    journal.unlink()  # before the old stores go: their presence is what keeps step one from being redone
    for old in plan["replaced"]:
        shutil.rmtree(old, ignore_errors=True)
    return True
