"""The `thbgraph` command line: its groups and commands, each in a module of its own under cli/."""

from __future__ import annotations

import sys

import typer

from cli.console import USER_ERRORS, tell
from cli.demo import demo
from cli.ftm import export_command
from cli.key_persons import key_persons
from cli.keys import keys_app
from cli.load import generate, load
from cli.match import match_app
from cli.options import options
from cli.plan import case_app, plan_app
from cli.runtime import neo4j_app
from cli.service import audit_app, serve_command, users_app

# Each command imports what it needs when it runs: `thbgraph --help` and argument errors answer
# without loading the driver, followthemoney or the analyses (tests/test_cli_start.py).
# A bug's traceback is for a report: its locals could hold keys and victims' names.
app = typer.Typer(help="Knowledge-graph investigation assistant for human-trafficking cases.", no_args_is_help=True,
                  pretty_exceptions_show_locals=False)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(plan_app, name="plan")
app.add_typer(case_app, name="case")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")
app.add_typer(match_app, name="match")
app.command("serve")(serve_command)
app.command("export")(export_command)
app.command()(load)
app.command()(generate)
app.command("key-persons")(key_persons)
app.command()(options)
app.command()(demo)


def main() -> None:
    """The `thbgraph` program (pyproject's entry point): `app`, with the driver kept from importing pandas."""
    from cli.lean_driver import driver_without_pandas

    driver_without_pandas()
    try:
        app()
    except USER_ERRORS as exc:  # raised outside a command's own `try` (its settings read first): still one line
        sys.exit(tell(exc))
