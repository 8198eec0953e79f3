"""A user's mistake reaches them as one line that says what to do, never as a traceback or a 500:
an option out of its range is an `InvalidArgument` (exit status 2 on the command line, as Click's
own usage errors; `422 invalid-input` from the API), found before any database starts for it.
A ValueError that is not one of these is a bug, and the API shows it as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.problems import HANDLERS
from graph.errors import InvalidArgument, ThbgraphError
from ingest.errors import CaseExists


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """`thbgraph ...` in-process, with no database to start: reaching one fails the test."""
    import graph.local

    from cli.main import app

    def no_database(*_, **__):
        raise AssertionError("a database was started for a mistake the arguments show")

    monkeypatch.setattr(graph.local, "database", no_database)
    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, list(args))
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return result.exit_code, result.stderr

    return invoke


def _one_line(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr
    line = " ".join(stderr.split())  # Rich may fold a long message in the runner's narrow terminal
    assert line.startswith("error:"), stderr
    for word in words:
        assert word in line, stderr


def test_generate_too_few_persons_says_the_least(run, tmp_path: Path) -> None:
    code, stderr = run("generate", str(tmp_path / "b"), "--persons", "2")
    assert code == 2
    _one_line(stderr, "persons must be at least 12", "not 2")
    assert not (tmp_path / "b").exists()


def test_case_new_names_each_bad_field_before_starting_a_database(run) -> None:
    code, stderr = run("case", "new", "NO-NEW", "--title", "t", "--jurisdiction", "XX", "--opened-on", "yesterday")
    assert code == 2
    _one_line(stderr, "the case is not valid", "jurisdiction", "opened_on")


def test_case_outcomes_names_the_bad_assignment_and_the_kinds(run) -> None:
    code, stderr = run("case", "outcomes", "--case", "NO-GLANS", "--set", "arrests=many")
    assert code == 2
    _one_line(stderr, "--set 'arrests=many'", "'many' is not a number of at least 0")


def test_plan_suggest_refuses_no_actions_before_starting_a_database(run) -> None:
    code, stderr = run("plan", "suggest", "--case", "NO-GLANS", "--max-actions", "0")
    assert code == 2
    assert "--max-actions" in stderr and "Traceback" not in stderr


def test_the_named_errors_stay_value_errors_for_callers_that_catch_one() -> None:
    # parse_assignments, generate_bundle, suggest_plans and new_case raised ValueError before.
    assert issubclass(InvalidArgument, ThbgraphError) and issubclass(InvalidArgument, ValueError)
    assert issubclass(CaseExists, ThbgraphError) and issubclass(CaseExists, ValueError)


def _app(error: Exception) -> TestClient:
    app = FastAPI(exception_handlers=HANDLERS)

    @app.get("/x")
    def fails() -> None:
        raise error

    return TestClient(app, raise_server_exceptions=False)


def test_the_api_answers_an_invalid_argument_as_invalid_input() -> None:
    response = _app(InvalidArgument("max-actions must be at least 1, not 0")).get("/x")
    assert response.status_code == 422
    body = response.json()
    assert body["type"].endswith("/problems/invalid-input")
    assert body["detail"] == "max-actions must be at least 1, not 0"


def test_the_api_answers_any_other_value_error_as_a_bug() -> None:
    response = _app(ValueError("header lacks name")).get("/x")
    assert response.status_code == 500
    assert "header lacks" not in response.text


def test_one_unknown_person_for_the_projection_and_the_options() -> None:
    from queries.network.projection import UnknownPerson as Projected
    from queries.options.engine import UnknownPerson as Optioned

    assert Projected is Optioned and issubclass(Projected, ValueError)


@pytest.mark.parametrize(("where", "detail"), [(None, "no such person in your cases"),
                                               ("the case network", "no such person in this case")])
def test_the_api_answers_an_unknown_person_without_their_id(where: str | None, detail: str) -> None:
    from queries.network.errors import UnknownPerson

    error = UnknownPerson("P-ASKED") if where is None else UnknownPerson("P-ASKED", where)
    response = _app(error).get("/x")
    assert (response.status_code, response.json()["detail"]) == (404, detail)
    assert "P-ASKED" not in response.text


@pytest.mark.parametrize("bug", [ValueError("math domain error"), KeyError("row")], ids=["ValueError", "KeyError"])
def test_a_bugs_value_or_lookup_error_is_not_passed_off_as_the_users_mistake(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bug: Exception) -> None:
    """A ValueError (or a KeyError) raised deep in the code is a bug: the CLI must not print it as a tidy
    `error:` line that tells the user they typed something wrong; it goes out as the bug it is."""
    import ingest.generate

    from cli.main import app

    def broken(*_: object, **__: object) -> None:
        raise bug

    monkeypatch.setattr(ingest.generate, "generate_bundle", broken)
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "b")])
    assert result.exception is bug, (result.exit_code, result.stderr)
    assert not result.stderr.startswith("error:")


def test_a_bugs_traceback_shows_no_local_values() -> None:
    # A bug's traceback is for a report: with locals it would print keys and victims' names held in them.
    from cli.main import app

    assert app.pretty_exceptions_show_locals is False


@pytest.mark.parametrize("args", [["key-persons", "--case", "NO-GLANS", "--set", "-1"],
                                  ["plan", "compare", "only-one.yaml"]], ids=["set", "compare"])
def test_options_a_user_can_get_wrong_are_named_errors(run, args: list[str]) -> None:
    code, stderr = run(*args)
    assert code == 2 and "Traceback" not in stderr


def test_a_bad_setting_in_the_environment_is_one_line_naming_the_variable(
        run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # pydantic's ValidationError is a ValueError: without a domain error of its own it would be a traceback.
    monkeypatch.setenv("THBGRAPH_GDS", "maybe")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-not-to-echo")
    from graph.settings import get_settings

    get_settings.cache_clear()  # read anew from this environment, and not kept for the next test
    try:
        code, stderr = run("load", str(tmp_path / "bundle"))
    finally:
        get_settings.cache_clear()
    assert code == 1
    _one_line(stderr, "THBGRAPH_GDS", "'auto', 'on' or 'off'")
    assert "maybe" not in stderr and "s3cret" not in stderr


def test_a_bad_setting_read_before_a_commands_own_try_is_one_line_too(tmp_path: Path) -> None:
    """`thbgraph` itself (pyproject's entry point) tells a domain error raised outside a command's
    `try`, as most commands read their settings there."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "THBGRAPH_GDS": "maybe", "THBGRAPH_HOME": str(tmp_path)}
    env.pop("NEO4J_URI", None)
    done = subprocess.run([sys.executable, "-c", "from cli.main import main; main()", "match", "list"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    _one_line(done.stderr, "THBGRAPH_GDS", "'auto', 'on' or 'off'")
