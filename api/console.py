"""What every `thbgraph` command shares: the consoles, the output format, and failing clearly."""

from __future__ import annotations

import json
from enum import Enum
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from graph.errors import ThbgraphError
from ingest.errors import IngestError
from rules import RulePackInvalid

console = Console()
err = Console(stderr=True)

#: Failures a user can act on: printed as one clear line, never as a traceback.
USER_ERRORS = (ThbgraphError, IngestError, RulePackInvalid, LookupError, ValueError)


class Format(str, Enum):
    table = "table"
    json = "json"


def fail(exc: Exception) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, markup=True)
    raise typer.Exit(1)


def say(msg: str) -> None:
    err.print(msg, style="dim", highlight=False, markup=False)


def print_json(data: object) -> None:
    console.print_json(json.dumps(data, default=str))
