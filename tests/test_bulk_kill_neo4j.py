"""`thbgraph load --initial` killed with SIGKILL in each of its phases.

A child process loads a generated bundle into a scratch home (never NEO4J_URI); the test kills
it when its output and the files it writes show it is validating, checking the database, writing
the import files, running neo4j-admin, or applying the schema to the imported store. After each
kill: no process of it is left (its JVMs die with it), the database is exactly as before (empty,
and it starts), and no file anywhere in the scratch home or the child's TMPDIR holds a victim's
name or identifier in clear. The next run removes what the killed one left and is itself killed
at the next phase; the last one completes. Each start that shows the database unchanged runs on a
copy of the store as the kill left it, beside the next load (a JVM start each: the suite's time). The swap of the imported store, too short to hit with
a kill, is cut at each of its steps in tests/test_store_swap.py.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.settings import Settings
from ingest.generate import generate_bundle
from tests.killed_load import Load, files_holding, victims_values
from tests.store_picture import Picture, copy_store, picture

PERSONS = 10_000


def processes_of(scratch: Path) -> list[str]:
    """Command lines of live processes that name the scratch folder (the load's JVMs do)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(scratch) in cmdline:
                found.append(cmdline)
    return found


def any_file(pattern: str, folder: Path) -> Callable[[], bool]:
    return lambda: any(p.is_file() and p.stat().st_size for p in folder.glob(pattern))


def persons_in(data_dir: Path) -> int:
    db = LocalNeo4j(Settings(), data_dir, free_port())
    db.start(say=lambda _: None)
    try:
        with connect(Settings(), uri=db.uri) as driver:
            records, _, _ = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n")
            return records[0]["n"]
    finally:
        db.stop()


def pictured(copy: Path) -> Picture:
    try:
        return picture(copy)
    finally:
        shutil.rmtree(copy)


def test_a_load_killed_in_any_phase_leaves_the_database_as_it_was(tmp_path: Path,
                                                                  tmp_path_factory: pytest.TempPathFactory,
                                                                  empty_store: tuple[Path, Picture]) -> None:
    bundle, home, tmp = tmp_path / "bundle", tmp_path / "home", tmp_path / "tmp"
    generate_bundle(bundle, persons=PERSONS, seed=5)
    tmp.mkdir()
    data_dir = home / "neo4j"
    values = victims_values(bundle, names_at_least=5)
    assert files_holding([bundle], values), "the search for victims' values finds nothing even in the bundle"
    copy_store(empty_store[0], data_dir)  # an empty database that has run once
    before = empty_store[1]
    assert before[0] == []

    def neo4j_on(folder: str) -> Callable[[], bool]:
        return lambda: any("Launcher" in p and folder in p for p in processes_of(tmp_path))

    phases: list[tuple[str, Callable[[], bool]]] = [
        ("validation", lambda: load.said("Validating") and any_file("thbgraph-rows-*/*", tmp)()),
        ("the check that the database is empty", lambda: load.said("Checking that") and neo4j_on(str(data_dir))()),
        ("writing the import files", any_file(".import-*/files/*.csv", data_dir)),
        ("neo4j-admin", lambda: load.said("Importing with neo4j-admin")
            and any_file(".import-*/home/data/databases/neo4j/*", data_dir)()),
        # Said first: the JVM starts after that line, and the scan of /proc (some ms, every 10 ms) would
        # otherwise run through the whole load, taking a core from the load it waits for.
        ("the schema on the imported store", lambda: load.said("Applying the schema") and neo4j_on("/.import-")()),
    ]
    # Outside tmp_path: the pictures' JVMs are not the load's processes that processes_of looks for.
    copies = tmp_path_factory.mktemp("pictures")
    pictures: list[tuple[str, Future]] = []
    left_work = False
    with ThreadPoolExecutor(1) as beside:  # waits at its end for a picture under way: no JVM left behind
        for number, (phase, ready) in enumerate(phases):
            load = Load(bundle, home, tmp)
            if left_work:  # what the previous killed load left is gone before this one goes on
                load.wait_for("the removal of the killed load's files", lambda: load.said("Validating"))
                assert load.said("left by an interrupted --initial load"), "".join(load.lines)
                assert not list(data_dir.glob(".import-*"))
            load.kill_when(phase, ready)
            deadline = time.monotonic() + 30  # SIGKILL to the children is asynchronous
            while processes_of(tmp_path) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert processes_of(tmp_path) == [], f"killed during {phase}, its processes live on"  # (Launcher, AdminTool)
            assert files_holding([home, tmp], values) == [], f"killed during {phase}: victims' values in clear"
            # The store exactly as the kill left it (nothing of the load runs now), started and read beside
            # the next load, which goes on in the original.
            copy = shutil.copytree(data_dir, copies / str(number), symlinks=True)
            pictures.append((phase, beside.submit(pictured, copy)))
            left_work = bool(list(data_dir.glob(".import-*")))

        out = Load(bundle, home, tmp).finish()
        for phase, taken in pictures:
            assert taken.result() == before, f"killed during {phase}: the database changed"
    assert "Imported into the empty local database" in out
    assert not list(data_dir.glob(".import-*")) and not (data_dir / ".store-swap.json").exists()
    assert files_holding([home, tmp], values) == []
    assert persons_in(data_dir) == PERSONS
