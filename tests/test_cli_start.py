"""The CLI answers at once: help and argument errors import none of the heavy modules.

`thbgraph --help` used to cost 1.6-2 CPU seconds because every command imported
followthemoney, the driver and the analyses before its arguments were parsed. Each command
now imports what it needs when it runs. This test runs the CLI's entry point in a fresh
interpreter for help and for argument errors, then lists what was imported: none of the
modules below may be among them (bench/bench_cli_start.py measures the CPU seconds).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Packages (and their submodules) a help page or an argument error must not import.
HEAVY = (
    "followthemoney", "nomenklatura", "rigour", "icu", "neo4j", "numpy", "scipy", "pandas", "igraph",
    "networkx", "rustworkx", "fastapi", "starlette", "uvicorn", "sqlalchemy", "cryptography",
    # pydantic itself is not here: typer imports it for its own help (about 20 ms).
    "pydantic_settings", "yaml", "jinja2", "phonenumbers", "playwright",
    # The project's own layers under the CLI: each command imports them when it runs.
    # service.auth (roles, for `users add --role`) is of the standard library's weight.
    "queries", "api", "server", "service.audit", "service.settings", "service.redact", "service.victims",
    "service.services", "resolve", "web", "analyst", "rules.load", "rules.model", "ingest.writer",
    "ingest.bulk", "graph.local", "graph.settings", "graph.sealing",
)
#: A ceiling on every module imported (Python's own included), to catch a heavy newcomer
#: this list does not name: at most about 450 today (`users add --help`); the whole CLI
#: imported eagerly was about 2,100.
MAX_MODULES = 600

PROBE = """
import json, sys
from cli.main import app
try:
    app(sys.argv[1:], prog_name="thbgraph")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.__stderr__)
"""

ARGS = [
    ["--help"],
    ["load", "--help"],
    ["key-persons", "--help"],
    ["options", "--help"],
    ["neo4j", "start", "--help"],
    ["plan", "suggest", "--help"],
    ["case", "outcomes", "--help"],
    ["match", "list", "--help"],
    ["keys", "new", "--help"],
    ["users", "add", "--help"],
    ["audit", "--help"],
    ["serve", "--help"],
    ["export", "--help"],
    ["key-persons", "--no-such-option"],
    ["load"],
    ["export", "--case"],
]


def imported(args: list[str]) -> list[str]:
    run = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                         check=False)
    return json.loads(run.stderr.strip().splitlines()[-1])


def heavy(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_help_and_argument_errors_import_nothing_heavy(args: list[str]) -> None:
    modules = imported(args)
    found = heavy(modules)
    assert not found, f"thbgraph {' '.join(args)} imports {len(found)} heavy modules, e.g. {found[:12]}"
    assert len(modules) <= MAX_MODULES, f"thbgraph {' '.join(args)} imports {len(modules)} modules"


def test_the_probe_sees_heavy_imports(tmp_path) -> None:
    """The check can fail: a command that runs imports what it needs, and the probe sees it."""
    modules = imported(["generate", "--persons", "20", "--seed", "1", str(tmp_path / "bundle")])
    assert "ingest.generate" in modules


def test_constants_kept_here_agree_with_their_sources() -> None:
    """Defaults and choices the CLI spells out itself so that help loads nothing heavy."""
    from cli import main, match, plan
    from queries.key_persons.gds.centrality import ENGINES
    from queries.key_persons.rank import OBJECTIVES
    from queries.plans.suggest import DEFAULT_MAX_ACTIONS
    from resolve.candidates import REVIEW_THRESHOLD
    from resolve.decisions import JUDGEMENTS

    assert (main.ENGINES, main.OBJECTIVES) == (ENGINES, OBJECTIVES)
    assert plan.DEFAULT_MAX_ACTIONS == DEFAULT_MAX_ACTIONS
    assert (match.REVIEW_THRESHOLD, match.JUDGEMENTS) == (REVIEW_THRESHOLD, JUDGEMENTS)
