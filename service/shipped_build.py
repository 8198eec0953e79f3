"""The command line of a shipped build and its proof (`check`, `build`, `verify`), one for the web
app's assets (web/assets.py) and the JupyterLab extension (analyst/labext.py): both ship files built
by npm and prove them the same way, so they answer the same commands with the same exit statuses."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Mapping


def build_command(argv: list[str], *, doc: str | None, build: Callable[[], object],
                  check: Callable[[], list[str]], verify: Callable[[], list[str]], matched: str,
                  more: Mapping[str, Callable[[], int]] | None = None) -> int:
    """Run `argv[0]` (default `check`): 0 done or matched, 1 problems found (each on stderr), 2 a command
    unknown (the module's `doc` on stderr) or `verify` without npm. `more`: a module's own commands."""
    command = argv[0] if argv else "check"
    if command == "build":
        build()
        return 0
    if more and command in more:
        return more[command]()
    if command not in ("check", "verify"):
        print(doc, file=sys.stderr)
        return 2
    if command == "verify" and not shutil.which("npm"):
        print("verify needs Node and npm (the check needs neither)", file=sys.stderr)
        return 2
    problems = check() if command == "check" else verify()
    for p in problems:
        print(p, file=sys.stderr)
    print(matched if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0
