"""The CLI answers at once: help and argument errors import none of the heavy modules.

`thbgraph --help` used to cost 1.6-2 CPU seconds because every command imported
followthemoney, the driver and the analyses before its arguments were parsed. Each command
now imports what it needs when it runs. This test runs the CLI's entry point in a fresh
interpreter for help and for argument errors, then lists what was imported: none of the
modules below may be among them (bench/bench_cli_start.py measures the CPU seconds).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
    from cli import key_persons, match, plan
    from queries.key_persons.gds.centrality import ENGINES
    from queries.key_persons.rank import OBJECTIVES
    from queries.plans.suggest import DEFAULT_MAX_ACTIONS
    from resolve.candidates import REVIEW_THRESHOLD
    from resolve.decisions import JUDGEMENTS

    assert (key_persons.ENGINES, key_persons.OBJECTIVES) == (ENGINES, OBJECTIVES)
    assert plan.DEFAULT_MAX_ACTIONS == DEFAULT_MAX_ACTIONS
    assert (match.REVIEW_THRESHOLD, match.JUDGEMENTS) == (REVIEW_THRESHOLD, JUDGEMENTS)


#: What a case load (`thbgraph load BUNDLE` into a running database) must not import: it validates
#: and writes rows, nothing more. pandas would come with the driver (cli/lean_driver.py keeps it
#: out); polars is `load --initial`'s; the rule packs' models are the analyses'.
LOAD_HEAVY = (
    "pandas", "polars", "pyarrow", "followthemoney", "nomenklatura", "rigour", "icu", "scipy", "igraph", "networkx",
    "rustworkx", "fastapi", "starlette", "uvicorn", "jinja2", "playwright",
    # service.auth (roles, for `users add --role`) is of the standard library's weight, as for help.
    "queries", "api", "server", "service.audit", "service.settings", "service.redact", "service.victims",
    "service.services", "resolve", "web", "analyst",
    "ingest.bulk", "ingest.bulk_csv", "ingest.frames", "ingest.parallel", "ingest.ftm", "ingest.ftm_load",
    "ingest.catalogue", "rules.load", "rules.model", "rules.indicator_sets",
)
#: A ceiling on every module a case load imports: about 760 today; the driver's pandas alone would add about 370.
MAX_LOAD_MODULES = 1000

#: `thbgraph` as its console script runs it (pyproject: cli.main:main), then what it imported.
PROGRAM = """
import json, sys
from cli.main import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps(sorted(sys.modules)), file=sys.__stderr__)
"""


def _program(args: list[str], env: dict[str, str], probe: str = PROGRAM) -> tuple[subprocess.CompletedProcess, list[str]]:
    run = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=300,
                         check=False, env=env)
    return run, json.loads(run.stderr.strip().splitlines()[-1])


def _test_database_env(neo4j_uri: str, home: Path) -> dict[str, str]:
    """A `thbgraph` process's environment for the test database (its credentials, no other NEO4J_*)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")} | {
        "NEO4J_URI": neo4j_uri, "THBGRAPH_HOME": str(home)}
    return env | {k: os.environ[k] for k in ("NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}


def test_a_case_load_imports_only_what_it_needs(driver, neo4j_uri, tmp_path) -> None:  # noqa: ANN001
    """`thbgraph load` of a small case, end to end into the test database: the case is loaded, and
    the process imported no analysis, matching, service or columnar module, nor pandas."""
    from ingest.generate import generate_bundle  # noqa: PLC0415

    generate_bundle(tmp_path / "bundle", persons=30, seed=4)
    env = _test_database_env(neo4j_uri, tmp_path / "home")
    run, modules = _program(["load", str(tmp_path / "bundle")], env)
    assert "Loaded:" in run.stdout, run.stdout + run.stderr[-2000:]
    persons, _, _ = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n")
    assert persons[0]["n"] == 30
    found = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in LOAD_HEAVY))
    assert not found, f"thbgraph load imports {len(found)} modules it does not need, e.g. {found[:12]}"
    assert "neo4j" in modules and "ingest.writer" in modules  # the probe saw the load itself
    assert len(modules) <= MAX_LOAD_MODULES, f"thbgraph load imports {len(modules)} modules"


def test_the_program_keeps_pandas_from_the_driver_only() -> None:
    """In the `thbgraph` program the driver imports as where pandas is absent (it packs no pandas
    value); numpy it keeps, and pandas stays importable. A process that imported pandas first, or
    that uses `cli.main.app` as a library (the tests, the notebooks' servers), keeps the driver whole."""
    probe = """
import json, sys
from cli.main import main
import cli.lean_driver
cli.lean_driver.driver_without_pandas()
import neo4j
from neo4j._optional_deps import np, pd
before = "pandas" in sys.modules
import pandas
print(json.dumps([before, pd is None, np is not None, pandas.__name__]))
"""
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(run.stdout) == [False, True, True, "pandas"]
    plain = "import json, sys; import cli.main, neo4j; from neo4j._optional_deps import pd; print(json.dumps(pd is None))"
    run = subprocess.run([sys.executable, "-c", plain], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(run.stdout) is False  # cli.main imported as a library: the driver packs pandas values
    first = ("import json, pandas; from cli.lean_driver import driver_without_pandas; driver_without_pandas(); "
             "from neo4j._optional_deps import pd; print(json.dumps(pd is pandas))")
    run = subprocess.run([sys.executable, "-c", first], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(run.stdout) is True  # pandas imported before: the driver has it


#: What `thbgraph key-persons --all` must not import once the structure of an unchanged graph is kept
#: in THBGRAPH_HOME: scipy (the role components' matrices, kept with igraph's measures), networkx (the
#: full path's), pandas, the matching libraries, the options engine (cli/render.py's options tables).
KEY_PERSONS_HEAVY = (
    "scipy", "pandas", "polars", "pyarrow", "networkx", "followthemoney", "nomenklatura", "rigour", "fastapi",
    "playwright", "queries.key_persons.rank", "queries.options.engine",
)


def test_key_persons_all_on_an_unchanged_graph_imports_only_what_it_needs(driver, neo4j_uri, tmp_path) -> None:  # noqa: ANN001
    """`thbgraph key-persons --all` twice on a small generated case with one THBGRAPH_HOME: the first run
    computes the role components (scipy), the second takes them from the file with igraph's measures
    and imports none of KEY_PERSONS_HEAVY; both print the same ranking."""
    from ingest.generate import generate_bundle  # noqa: PLC0415

    generate_bundle(tmp_path / "bundle", persons=60, seed=4)
    env = _test_database_env(neo4j_uri, tmp_path / "home")
    run, _ = _program(["load", str(tmp_path / "bundle")], env)
    assert "Loaded:" in run.stdout, run.stdout + run.stderr[-2000:]
    runs = [_program(["key-persons", "--all", "--format", "json"], env) for _ in range(2)]
    (first, first_modules), (second, second_modules) = runs
    assert first.returncode == 0 and second.returncode == 0, first.stderr[-2000:] + second.stderr[-2000:]
    assert json.loads(first.stdout) == json.loads(second.stdout) and json.loads(first.stdout)
    assert "scipy" in first_modules  # the probe sees the first run compute the roles
    assert "structure taken from" in second.stderr, second.stderr[-2000:]
    found = sorted(m for m in second_modules if any(m == h or m.startswith(h + ".") for h in KEY_PERSONS_HEAVY))
    assert not found, f"key-persons --all imports {len(found)} modules it does not need, e.g. {found[:12]}"
