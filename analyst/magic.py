"""`%%cypher`: a notebook cell of Cypher, its `$parameters` taken from the notebook's variables.

    %%cypher [--write] [-o NAME] [--draw] [--timeout S] [--max-rows N]

Read-only unless `--write` is given (a service session refuses `--write`). The result is a
pandas DataFrame with victims pseudonymised; `--draw` shows a picture of its nodes and
relationships instead; `-o NAME` also keeps the DataFrame in the variable NAME. A cell that
starts with `EXPLAIN` shows the plan (an operator a row) without running the query; with
`PROFILE` it runs, and its profile (rows and database hits per operator) is shown above its rows.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import display

from analyst.base import TruncatedWarning
from service.cypher_guard import CypherInvalid, CypherRefused, CypherTimedOut
from service.cypher_params import ParameterRefused
from graph.cypher import PARAM

if TYPE_CHECKING:
    from analyst.base import Notebook


@magics_class
class CypherMagics(Magics):
    def __init__(self, shell: Any, session: Notebook | None = None, *,
                 connect: Callable[[], Notebook] | None = None) -> None:
        """`connect` opens a session on first use when none is given (`%load_ext analyst`): passed in
        by analyst/__init__.py, so that this module imports nothing of analyst.session, which imports it."""
        super().__init__(shell)
        self.session = session
        self.connect = connect

    @magic_arguments()
    @argument("--write", action="store_true", help="Allow the query to write (otherwise it is refused).")
    @argument("-o", "--out", metavar="NAME", help="Also keep the DataFrame in this notebook variable.")
    @argument("--draw", action="store_true", help="Show a picture of the result's nodes and relationships.")
    @argument("--timeout", type=float, help="Seconds before Neo4j stops the query.")
    @argument("--max-rows", type=int, help="Rows kept at most (the DataFrame says when it was cut).")
    @cell_magic
    def cypher(self, line: str, cell: str) -> Any:
        """Run the cell's Cypher on the analyst session; `$name` is the notebook variable `name`."""
        args = parse_argstring(self.cypher, line)
        if self.session is None:
            if self.connect is None:
                raise UsageError("no session: run `nb = connect(...)` first, or `%load_ext analyst`")
            self.session = self.connect()
        names = sorted(set(PARAM.findall(cell)))
        # The service presets $case_ids to the analyst's cases (a notebook variable still wins).
        preset = {"case_ids"} if getattr(self.session, "mode", None) == "service" else set()
        names = [n for n in names if n in self.shell.user_ns or n not in preset]
        missing = [n for n in names if n not in self.shell.user_ns]
        if missing:
            raise UsageError(f"the query uses ${', $'.join(missing)} but the notebook has no variable of that name")
        parameters = {n: self.shell.user_ns[n] for n in names}
        from analyst.service import ServiceError  # noqa: PLC0415

        try:
            with warnings.catch_warnings():  # said once, below the cell, as the session words it
                warnings.simplefilter("ignore", TruncatedWarning)
                frame = self.session.cypher(cell, parameters, write=args.write, timeout=args.timeout,
                                            max_rows=args.max_rows)
        except (CypherRefused, CypherInvalid, CypherTimedOut, ServiceError, ParameterRefused) as e:
            raise UsageError(str(e)) from None
        if frame.attrs.get("truncated"):
            print(f"({frame.attrs.get('note') or f'cut at {len(frame)} rows'})")
        if "plan" in frame.attrs and isinstance(frame.attrs["plan"], pd.DataFrame):  # PROFILE: the profile first
            display(frame.attrs["plan"])
        if args.out:
            self.shell.user_ns[args.out] = frame
        return self.session.draw(frame) if args.draw else frame


def register(session: Notebook) -> None:
    """Make `%%cypher` run on this session, if there is an IPython to register it with."""
    try:
        from IPython import get_ipython  # noqa: PLC0415
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.register_magics(CypherMagics(shell, session))
