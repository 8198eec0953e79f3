"""The first load of an empty database, through `neo4j-admin database import`.

A case-bundle load writes through Cypher in one transaction (ingest/writer.py). For the first
load of a large data set into an empty local runtime, Neo4j's offline importer writes the store
files directly and is far faster. The same validation comes first; the files it imports hold
the graph the loader would write (ingest/bulk_csv.py); the schema is applied after the import. The
database must be offline (the local runtime stopped) and empty: anything else is refused.

All or nothing: the importer writes into a staging folder, the schema is applied there, and the
database is replaced only then, in one journalled swap (graph/store_swap.py). A load that fails,
or is killed at any point, leaves the empty database as it was; what a killed one leaves (its
import files and staged store, in a private folder beside the database) the next removes.
tests/test_bulk_kill_neo4j.py kills one with SIGKILL in each phase.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from neo4j import Driver

from graph.db import connect
from graph.disk import full_error, is_full
from graph.errors import ThbgraphError
from graph.jars import ensure_runtime
from graph.runtime import MOVE_HINT, LocalNeo4j, die_with_parent, free_port, jvm_flags, running_local
from graph.schema import apply_schema
from graph.sealing import Sealer, sealer_for
from graph.settings import Settings
from graph.store_swap import finish_swap, swap_in
from ingest.bulk_csv import write_import_files
from ingest.bundle import read_bundle
from ingest.writer import LoadReport
from rules import indicator_vocabulary

__all__ = ["BulkLoadRefused", "initial_load", "import_bundle"]

DATABASE = "neo4j"
#: The folder of one load's import files and staged store, inside the database's own folder.
WORK_PREFIX = ".import-"


#: From this many bytes of CSV (about 40,000 persons) a bundle is validated and written by columns
#: (ingest/frames.py); below it the row pass takes a second or two and starts no worker processes.
COLUMNAR_FROM_BYTES = 20_000_000


class BulkLoadRefused(ThbgraphError):
    pass


def initial_load(settings: Settings, path: Path, *, say: Callable[[str], None] = print) -> LoadReport:
    """`thbgraph load --initial`: the bundle at `path` into the local runtime's empty database."""
    if settings.neo4j_uri:
        raise BulkLoadRefused(
            "--initial writes the store files of the local runtime, and NEO4J_URI points at a server: "
            "load without --initial, or run neo4j-admin database import on that server")
    if running_local(settings):
        raise BulkLoadRefused("the local Neo4j is running: stop it first (`thbgraph neo4j stop`); "
                              "neo4j-admin imports only into a database that is offline")
    return import_bundle(settings, settings.home / "neo4j", path, sealer_for(settings, create=True, say=say), say=say)


def import_bundle(settings: Settings, data_dir: Path, path: Path, sealer: Sealer, *,
                  say: Callable[[str], None] = print) -> LoadReport:
    """Validate the bundle, refuse unless the database in `data_dir` is empty, import, apply the schema."""
    # Here, not at the top: `thbgraph load` imports this module, and a case load needs no polars.
    from ingest.bulk_frames import write_frame_files  # noqa: PLC0415
    from ingest.frames import read_frames  # noqa: PLC0415
    from ingest.parallel import Workers  # noqa: PLC0415

    data_dir.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data_dir.mkdir(mode=0o700, exist_ok=True)
    with _sole_load(data_dir), Workers(sealer) as workers:
        _clear_interrupted(data_dir, say)
        say(f"Validating {path}...")
        clock = time.perf_counter()
        indicators = indicator_vocabulary()
        # By columns first; a bundle that is not plainly valid is validated row by row, for its messages.
        frames = read_frames(Path(path), indicators, workers) if _csv_bytes(Path(path)) >= COLUMNAR_FROM_BYTES else None
        bundle = None if frames is not None else read_bundle(Path(path), known_ids=None, indicators=indicators)
        counts = frames.counts if frames is not None else dict(bundle.counts)
        seconds = {"validation": time.perf_counter() - clock}
        try:
            say(f"Checking that the database in {data_dir} is empty...")
            _refuse_unless_empty(settings, data_dir)
            runtime = ensure_runtime(settings, say)
            # Import files and staged store live in the database's own private folder, never in
            # a shared temporary one: a killed load leaves them where the next one removes them.
            work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=data_dir))
            try:
                say("Writing the import files...")
                clock = time.perf_counter()
                (work / "files").mkdir()
                today = datetime.now(UTC).date()
                files = (write_frame_files(frames, sealer, work / "files", today, workers) if frames is not None
                         else write_import_files(bundle, sealer, work / "files", today))
                frames = None  # the importer wants the memory more
                workers.close()
                seconds["import files"] = time.perf_counter() - clock
                say("Importing with neo4j-admin...")
                clock = time.perf_counter()
                staged, own = _import(settings, runtime, work, files.nodes, files.relationships, multiline=files.multiline)
                seconds["neo4j-admin"] = time.perf_counter() - clock
                if own is not None:  # its own clock, without its JVM's start and stop
                    seconds["neo4j-admin: import proper"] = own
                say("Applying the schema to the imported database...")
                clock = time.perf_counter()
                _with_database(settings, staged, apply_schema, seconds=seconds, step="schema")
                swap_in(staged / "data", data_dir, DATABASE)
                seconds["schema"] = time.perf_counter() - clock
            finally:
                shutil.rmtree(work, ignore_errors=True)
        except OSError as exc:
            if is_full(exc):  # the import files, then the staged store, beside the database (removed by now)
                raise full_error(data_dir, "The --initial load", MOVE_HINT) from exc
            raise
        finally:
            if bundle is not None:
                bundle.close()
    return LoadReport(Path(path), counts, written=True, seconds=seconds)


def _csv_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.glob("*.csv")) if path.is_dir() else 0


@contextmanager
def _sole_load(data_dir: Path) -> Iterator[None]:
    """One --initial load per database folder at a time (the lock goes with the process that holds it)."""
    with (data_dir / ".initial-load.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BulkLoadRefused(f"another --initial load into {data_dir} is running: wait for it") from None
        yield


def _clear_interrupted(data_dir: Path, say: Callable[[str], None]) -> None:
    """What a killed load left: its swap finished (graph/store_swap.py), its files and staged store removed."""
    if finish_swap(data_dir):
        say(f"Finished swapping in the store of an interrupted --initial load into {data_dir}.")
    for left in sorted(data_dir.glob(f"{WORK_PREFIX}*")):
        say(f"Removing {left}, left by an interrupted --initial load.")
        shutil.rmtree(left)


def _with_database(settings: Settings, data_dir: Path, work: Callable, *,
                   seconds: dict[str, float] | None = None, step: str = "") -> object:
    """`work(driver)` on the database in `data_dir`, started for it; with `seconds`, the start and
    the work timed apart (`<step>: Neo4j start`, `<step>: work`)."""
    laps = seconds if seconds is not None else {}
    clock = time.perf_counter()
    db = LocalNeo4j(settings, data_dir, free_port())
    db.start(say=lambda _: None, bound=True)
    laps[f"{step}: Neo4j start"] = time.perf_counter() - clock
    try:
        with connect(settings, uri=db.uri) as driver:
            clock = time.perf_counter()
            done = work(driver)
            laps[f"{step}: work"] = time.perf_counter() - clock
            return done
    finally:
        db.stop()


def _refuse_unless_empty(settings: Settings, data_dir: Path) -> None:
    if not (data_dir / "data" / "databases" / DATABASE).exists():
        return  # never started: nothing to lose

    def count(driver: Driver) -> int:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
        return records[0]["n"]

    nodes = _with_database(settings, data_dir, count)
    if nodes:
        raise BulkLoadRefused(
            f"the database in {data_dir} is not empty ({nodes:,} nodes): --initial only fills an empty database; "
            "load the bundle without --initial (all or nothing, into the existing graph)")


#: neo4j-admin's last line but three: "IMPORT DONE in 1m 5s 167ms." (its own clock).
_DONE_IN = re.compile(r"IMPORT DONE in ([0-9hms ]+)\.")


def importer_seconds(said: str) -> float | None:
    """The importer's own time from its output, or None when it does not say it."""
    done = _DONE_IN.search(said)
    if done is None:
        return None
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    return sum(int(n) * units[unit] for n, unit in re.findall(r"([0-9]+)(ms|h|m|s)", done.group(1)))


def _import(settings: Settings, runtime: Path, work: Path, nodes: list[str], relationships: list[str], *,
            multiline: bool = True) -> tuple[Path, float | None]:
    """neo4j-admin from the runtime's jars, into a staging home in `work`; returns that home and
    the importer's own seconds (without its JVM's start). `multiline`: whether a cell may hold a
    line break (`ImportFiles.multiline`); without, the importer reads the files in parallel."""
    staging = work / "home"
    (staging / "conf").mkdir(parents=True)
    (staging / "conf" / "neo4j.conf").write_text("")
    cmd = ["java", *jvm_flags(settings), "-cp", f"{runtime / 'lib'}/*", "org.neo4j.cli.AdminTool",
           # --verbose: the cause of a failure (such as "No space left on device") is said only with it.
           "database", "import", "full", DATABASE, f"--multiline-fields={str(multiline).lower()}", "--verbose",
           # Every core (the default too, said so that a JVM limited to one never makes it one).
           f"--threads={os.cpu_count() or 1}",
           f"--report-file={work / 'import.report'}",
           *(f"--nodes={n}" for n in nodes), *(f"--relationships={r}" for r in relationships)]
    env = os.environ | {"NEO4J_HOME": str(staging), "NEO4J_CONF": str(staging / "conf")}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, preexec_fn=die_with_parent)
    if done.returncode != 0:
        if "No space left on device" in done.stdout + done.stderr:
            raise OSError(errno.ENOSPC, "neo4j-admin database import: no space left on device", str(work))
        said = [line for line in (done.stdout + done.stderr).strip().splitlines() if not line.lstrip().startswith("at ")]
        tail = "\n".join(said[-15:])  # without --verbose's stack frames
        raise ThbgraphError(f"neo4j-admin database import failed (exit {done.returncode}):\n{tail}")
    return staging, importer_seconds(done.stdout + done.stderr)
