"""`thbgraph load --initial` killed with SIGKILL in its columnar pass.

From 20 MB of CSV (ingest.bulk.COLUMNAR_FROM_BYTES) the first load validates the bundle by columns
(ingest/frames.py) and writes its import files by columns (ingest/bulk_frames.py), the per-value
work (sealing victims' values, link ids) in worker processes. tests/test_bulk_kill_neo4j.py kills
the row pass in each phase; here a bundle just over the threshold, as a user's would be, is killed

1. while it is validated by columns: not a file of the database is touched;
2. while its import files are written by columns, its workers running: the workers die with it,
   and what it wrote (victims' values sealed) stays in its private folder;
3. then the next load removes that folder before it validates (and is killed there too).

After each kill no process of it is left and no file anywhere in the scratch home or the child's
TMPDIR holds a victim's name or identifier in clear; at the end the database is exactly as before.
The later phases (neo4j-admin, the schema, the swap) are the row pass's own, killed there.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ingest import bulk
from ingest.generate import generate_bundle
from tests.killed_load import Load, children_of, cmdline, files_holding, victims_values
from tests.store_picture import Picture, copy_store, picture

#: Just over COLUMNAR_FROM_BYTES (about 22 MB); 250,000 links, so the link ids go to the workers.
PERSONS = 45_000


def workers_of(pid: int) -> list[int]:
    """The load's worker processes (ingest/parallel.py starts them with multiprocessing's spawn)."""
    return [child for child in children_of(pid) if "spawn_main" in cmdline(child)]


def uses_polars(pid: int) -> bool:
    """Whether polars' library is loaded in the process (a row pass never imports it)."""
    try:
        return "polars" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def living(pids: dict[int, str], scratch: Path) -> list[str]:
    """Those of `pids` still running, and any process naming the scratch folder (the load's JVMs do)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        line = cmdline(int(entry.name))
        if state != "Z" and (int(entry.name) in pids or str(scratch) in line):
            alive.append(f"{entry.name}: {line}")
    return alive


def gone(pids: dict[int, str], scratch: Path) -> list[str]:
    """Waits up to 30 s for `living` to be empty (SIGKILL and the death signal act asynchronously)."""
    deadline = time.monotonic() + 30
    while (left := living(pids, scratch)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def store_files(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file of the database folder (the load's lock aside): size and modification time."""
    return {str(p.relative_to(data_dir)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in data_dir.rglob("*") if p.is_file() and p.name != ".initial-load.lock"}


def test_a_load_killed_in_its_columnar_pass_leaves_the_database_as_it_was(tmp_path: Path,
                                                                           empty_store: tuple[Path, Picture]) -> None:
    bundle, home, tmp = tmp_path / "bundle", tmp_path / "home", tmp_path / "tmp"
    generate_bundle(bundle, persons=PERSONS, seed=7)
    assert bulk._csv_bytes(bundle) >= bulk.COLUMNAR_FROM_BYTES, "the bundle would take the row pass"
    tmp.mkdir()
    data_dir = home / "neo4j"
    values = victims_values(bundle, names_at_least=0)
    assert files_holding([bundle], values), "the search for victims' values finds nothing even in the bundle"
    copy_store(empty_store[0], data_dir)  # an empty database that has run once
    before = empty_store[1]
    assert before[0] == []
    store = store_files(data_dir)

    # 1. Validation by columns: polars loaded, the validation begun, the database not yet reached.
    load = Load(bundle, home, tmp)
    children = load.kill_when("validation by columns", lambda: load.said("Validating") and uses_polars(load.process.pid))
    assert not load.said("Checking that"), "the kill came after the validation:\n" + "".join(load.lines)
    assert not list(tmp.glob("thbgraph-rows-*")), "the row pass ran (its spill files are there)"
    assert gone(children, tmp_path) == [], "killed during validation by columns, its processes live on"
    assert files_holding([home, tmp], values) == [], "killed during validation by columns: victims' values in clear"
    assert store_files(data_dir) == store, "killed during validation by columns: the database's files changed"

    # 2. The import files by columns, workers running, some files written.
    load = Load(bundle, home, tmp)
    children = load.kill_when("the import files by columns, with workers", lambda: (
        load.said("Writing the import files") and any(data_dir.glob(".import-*/files/persons.csv"))
        and bool(workers_of(load.process.pid))))
    assert any("spawn_main" in line for line in children.values()), children
    assert not list(tmp.glob("thbgraph-rows-*")), "the row pass ran (its spill files are there)"
    assert gone(children, tmp_path) == [], "killed writing the import files, its workers or JVMs live on"
    assert files_holding([home, tmp], values) == [], "killed writing the import files: victims' values in clear"
    assert list(data_dir.glob(".import-*/files/persons.csv")), "the killed load's files are not where the next looks"

    # 3. The next load removes them before it validates (and is killed in its validation in turn).
    load = Load(bundle, home, tmp)
    load.wait_for("the removal of the killed load's files", lambda: load.said("Validating"))
    assert load.said("left by an interrupted --initial load"), "".join(load.lines)
    assert not list(data_dir.glob(".import-*"))
    children = load.kill_when("validation by columns", lambda: uses_polars(load.process.pid))
    assert gone(children, tmp_path) == []

    assert picture(data_dir) == before, "the database changed"
