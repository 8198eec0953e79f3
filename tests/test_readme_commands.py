"""Every command of the README's "Using it" block, run as written by a new user on a fresh machine.

A fresh THBGRAPH_HOME (no keys, no store), none of the keys in the environment, no NEO4J_URI
(conftest.py drops it: never the user's server): the block runs top to bottom through the
local runtime it starts itself, in that throw-away home, on a free port. The test's only
adaptations: the user's own files the block names (`national/`, `my-case/`,
`entities.ftm.json`, `roles.csv`) are made first in a scratch folder where the commands run
(with `ingest/` and `tests/` reachable there, as in a clone), `/tmp/synthetic` is written
into that folder, and the runtime gets a small page cache. Each command must exit 0 and print
no raw driver notification and no traceback; the keys made on first use are made once, mode 600.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from graph.runtime import free_port
from ingest.generate import generate_bundle
from tests.paths import ROOT

pytestmark = pytest.mark.neo4j

THBGRAPH = Path(sys.executable).parent / "thbgraph"
#: Set by the conftest or the user's shell; a fresh machine has none of them.
UNSET = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "THBGRAPH_VICTIM_DATA_KEY",
         "THBGRAPH_SECRET_KEY", "THBGRAPH_PSEUDONYM_KEY", "THBGRAPH_GDS", "THBGRAPH_ANALYSIS_NEO4J_URI",
         "THBGRAPH_USERS_DB", "THBGRAPH_AUDIT_LOG")
RAW = ("GqlStatusObject", "Received notification", "Traceback")
KEY_FILES = ("victim-data.key", "service-secret.key", "pseudonym.key")


def readme_commands() -> list[list[str]]:
    """The arguments of each `.venv/bin/thbgraph` line of the "Using it" block, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Using it\s+```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no 'Using it' block"
    return [shlex.split(line, comments=True)[1:] for line in block.group(1).splitlines()
            if line.startswith(".venv/bin/thbgraph ")]


def user_files(work: Path) -> None:
    """What a user brings: a national bundle, a case bundle, a partner's FtM file and its roles."""
    generate_bundle(work / "national", persons=300, seed=11)
    generate_bundle(work / "my-case", persons=30, seed=3)
    entities = [
        {"id": "per-ana", "schema": "Person", "properties": {"name": ["Ana Lungu"], "nationality": ["ro"]}},
        {"id": "per-radu", "schema": "Person", "properties": {"name": ["Radu Petrescu"], "birthDate": ["1979-02"]}},
        {"id": "co-vask", "schema": "Company", "properties": {"name": ["Vask og Polering AS"],
                                                                 "jurisdiction": ["no"]}},
        {"id": "emp-1", "schema": "Employment", "properties": {"employee": ["per-ana"], "employer": ["co-vask"]}},
    ]
    (work / "entities.ftm.json").write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    (work / "roles.csv").write_text("id,role\nper-radu,suspect\nper-ana,victim\n", encoding="utf-8")
    for name in ("ingest", "tests"):  # the block's paths are a clone's
        (work / name).symlink_to(ROOT / name)


def test_readme_block_runs_as_written_on_a_fresh_home(tmp_path: Path) -> None:
    commands = readme_commands()
    assert ["neo4j", "start"] in commands and ["neo4j", "stop"] in commands  # the parse found the block
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    user_files(work)
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env |= {"THBGRAPH_HOME": str(home), "THBGRAPH_NEO4J_PORT": str(free_port()), "THBGRAPH_NEO4J_PAGECACHE_MB": "64",
            "COLUMNS": "200"}
    said: list[str] = []
    try:
        for args in commands:
            args = [str(work / "synthetic") if a == "/tmp/synthetic" else a for a in args]
            run = subprocess.run([str(THBGRAPH), *args], cwd=work, env=env, capture_output=True, text=True,
                                 timeout=600, check=False)
            where = f"thbgraph {shlex.join(args)} (exit {run.returncode})\n{run.stderr[-3000:]}"
            assert run.returncode == 0, where
            assert not [raw for raw in RAW if raw in run.stderr], where
            said.append(run.stderr)
    finally:
        subprocess.run([str(THBGRAPH), "neo4j", "stop"], cwd=work, env=env, capture_output=True, timeout=300,
                       check=False)
    stderr = "".join(said)
    for name in KEY_FILES:
        key = home / name
        assert key.is_file(), f"{name} was not made on first use"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600, f"{name}: mode {oct(key.stat().st_mode)}"
        assert stderr.count(f"{key} (mode 600)") == 1, f"{name}: not said exactly once"
    exported = [json.loads(line) for line in (work / "glans.ftm.json").read_text().splitlines()]
    assert exported and all(e["schema"] for e in exported)
