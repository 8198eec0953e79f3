"""A `thbgraph load` killed with SIGKILL at any point leaves the graph exactly as it was, and a
later load of the same bundle succeeds. The loader is a child process that kills itself at a
chosen point: after its n-th batch, or with every table written and the victims sealed, just
before it asks Neo4j to commit. Nothing in it runs after the kill (no rollback, no cleanup):
the one transaction dies with its connection.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.writer import load_bundle
from tests.graph_snapshot import snapshot
from tests.paths import SAMPLE

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import os, signal, sys
import cli.main, ingest.writer
path, where = sys.argv[1], sys.argv[2]
die = lambda: os.kill(os.getpid(), signal.SIGKILL)
if where == "before-commit":
    seal = ingest.writer.seal_victims
    def sealed_then_killed(*args, **kwargs):
        seal(*args, **kwargs)
        die()
    ingest.writer.seal_victims = sealed_then_killed
elif where != "never":
    write, after = ingest.writer.write_bundle, int(where)
    def killed_after_batches(*args, progress, **kwargs):
        seen = []
        def counting(table, done):
            progress(table, done)
            seen.append(table)
            if len(seen) == after:
                die()
        return write(*args, progress=counting, **kwargs)
    ingest.writer.write_bundle = killed_after_batches  # cli.load imports it when `load` runs
cli.main.app(["load", path])
"""


def _bundle(tmp_path: Path) -> Path:
    """The sample with a suspect renamed and a person added: a load that changes the graph."""
    changed = tmp_path / "bundle"
    shutil.copytree(SAMPLE, changed)
    persons = changed / "persons.csv"
    text = persons.read_text(encoding="utf-8")
    assert "Arvid Lunde" in text
    persons.write_text(text.replace("Arvid Lunde", "Arvid Renamed") + "P901,Late Addition,,NO,citizen\n",
                       encoding="utf-8")
    return changed


def _load(neo4j_uri: str, bundle: Path, where: str, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEO4J_URI": neo4j_uri, "THBGRAPH_BATCH_SIZE": "3", "TMPDIR": str(tmp)}
    return subprocess.run([sys.executable, "-c", CHILD, str(bundle), where], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("where", ["1", "12", "30", "before-commit"])
def test_a_loader_killed_midway_leaves_the_graph_as_it_was(driver, neo4j_uri, tmp_path, where):
    load_bundle(driver, SAMPLE)
    before = snapshot(driver)
    bundle = _bundle(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    killed = _load(neo4j_uri, bundle, where, tmp)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr[-2000:])
    assert snapshot(driver) == before
    # What the killed loader left in its temporary folder is sealed: no name in clear.
    for leftover in tmp.rglob("*"):
        if leftover.is_file():
            assert b"Renamed" not in leftover.read_bytes() and b"Late Addition" not in leftover.read_bytes()

    done = _load(neo4j_uri, bundle, "never", tmp)
    assert done.returncode == 0, done.stderr[-2000:]
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) WHERE p.person_id IN ['P001', 'P901'] RETURN p.name AS name ORDER BY p.person_id")
    assert [r["name"] for r in records] == ["Arvid Renamed", "Late Addition"]


def test_a_first_load_killed_before_its_commit_leaves_the_graph_empty(driver, neo4j_uri, tmp_path):
    killed = _load(neo4j_uri, _bundle(tmp_path), "before-commit", tmp_path)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr[-2000:])
    assert snapshot(driver) == []
