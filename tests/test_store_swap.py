"""The swap of an imported store into the runtime's home, cut after each of its steps.

A kill between two renames is too short a window to hit from outside
(tests/test_bulk_kill_neo4j.py kills a load in its longer phases); here the journal is written
and only the first k renames are made, as a kill would leave them, and finishing the swap must
give the same home as an uncut one: the new store and logs in place, the old ones gone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph import store_swap
from graph.store_swap import JOURNAL, finish_swap, swap_in


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def homes(tmp_path: Path, name: str, started: bool = True) -> tuple[Path, Path]:
    home, imported = tmp_path / name / "home", tmp_path / name / "imported"
    for part in ("databases", "transactions"):
        if started:
            (home / "data" / part / "neo4j").mkdir(parents=True)
            (home / "data" / part / "neo4j" / "file").write_text(f"old {part}")
        (home / "data" / part / "system").mkdir(parents=True)
        (home / "data" / part / "system" / "file").write_text(f"system {part}")
        (imported / part / "neo4j").mkdir(parents=True)
        (imported / part / "neo4j" / "file").write_text(f"new {part}")
    return home, imported


@pytest.mark.parametrize("started", [True, False])
def test_a_swap_cut_after_any_step_is_finished_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started) -> None:
    home, imported = homes(tmp_path, "whole", started)
    swap_in(imported, home, "neo4j")
    expected = tree(home)
    assert expected["data/databases/neo4j/file"] == "new databases"
    assert expected["data/transactions/neo4j/file"] == "new transactions"
    assert expected["data/databases/system/file"] == "system databases"
    assert not (home / JOURNAL).exists()

    for done in range(5):  # 4: every rename made, the journal not yet removed
        home, imported = homes(tmp_path, f"cut{done}", started)
        renames = iter(range(done))

        def rename(source, target, _renames=renames, _real=os.rename):
            if not str(target).endswith(JOURNAL) and next(_renames, None) is None:
                raise KeyboardInterrupt("killed")  # the process dies here: nothing after it runs
            _real(source, target)

        def unlink(path, missing_ok=False, _real=Path.unlink):
            if path.name == JOURNAL:
                raise KeyboardInterrupt("killed")
            _real(path, missing_ok)

        monkeypatch.setattr(store_swap.os, "rename", rename)
        monkeypatch.setattr(Path, "unlink", unlink)
        with pytest.raises(KeyboardInterrupt):
            swap_in(imported, home, "neo4j")
        monkeypatch.undo()
        assert json.loads((home / JOURNAL).read_text())["steps"]
        assert finish_swap(home) is True
        assert tree(home) == expected, f"cut after {done} renames"
        assert finish_swap(home) is False  # nothing left to do


def test_old_stores_left_by_a_finished_swap_do_not_stop_the_next(tmp_path: Path) -> None:
    home, imported = homes(tmp_path, "a")
    (home / "data" / "databases" / ".neo4j-replaced").mkdir()  # a kill after the journal went, before these
    (home / "data" / "databases" / ".neo4j-replaced" / "file").write_text("older")
    swap_in(imported, home, "neo4j")
    assert tree(home)["data/databases/neo4j/file"] == "new databases"
    assert not (home / "data" / "databases" / ".neo4j-replaced").exists()
