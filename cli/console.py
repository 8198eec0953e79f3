"""What every `thbgraph` command shares: the consoles, the output format, and failing clearly."""

from __future__ import annotations

import json
from enum import Enum
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from graph.errors import InvalidArgument, ThbgraphError


class LineConsole(Console):
    """A console whose messages stay one line each when the output is not a terminal.

    Rich lays out a pipe or a file 80 columns wide and would break a long message there, one
    validation problem over two lines: `grep persons.csv` would find half of it. So a message
    (text, not a table or a panel) goes out unwrapped, and whatever reads it wraps it, if at
    all. Tables and panels keep to the width: unwrapped, a panel would crop what it holds.
    """

    def print(self, *objects: Any, soft_wrap: bool | None = None, **kwargs: Any) -> None:
        if soft_wrap is None and objects and all(isinstance(o, str | Text) for o in objects) and not _tty(self):
            soft_wrap = True
        super().print(*objects, soft_wrap=soft_wrap, **kwargs)


def _tty(console: Console) -> bool:
    # The file itself, not Rich's is_terminal: FORCE_COLOR asks for colour, not for line breaks.
    isatty = getattr(console.file, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed
        return False


console = LineConsole()
err = LineConsole(stderr=True)

#: Failures a user can act on: printed as one clear line, never as a traceback. Every domain error is a
#: ThbgraphError (tests/test_error_tree.py), the ingest and rule-pack ones included. A bare ValueError or
#: KeyError is not here: raised deep in the code it is a bug, and a tidy line would blame the user for it.
USER_ERRORS = (ThbgraphError,)


class Format(str, Enum):
    table = "table"
    json = "json"


def fail(exc: Exception) -> NoReturn:
    """One line; exit status 2 for an option out of its range (as Click's own usage errors), else 1."""
    raise typer.Exit(tell(exc))


def tell(exc: Exception) -> int:
    """Print `exc` as one line; its exit status."""
    err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, markup=True)
    return 2 if isinstance(exc, InvalidArgument) else 1


def say(msg: str) -> None:
    err.print(msg, style="dim", highlight=False, markup=False)


def print_json(data: object) -> None:
    console.print_json(json.dumps(data, default=str))
