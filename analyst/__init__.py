"""Notebook helper: one import, read-only Cypher, pseudonyms.

    from analyst import connect
    nb = connect(service="https://thbgraph.example", token=...)   # analysts: their cases only
    nb = connect()                       # administrators: the CLI's database, all of it
    nb.named("money_flows", person_id="P004")
    nb.draw(nb.named("shortest_paths", from_id="P003", to_id="P020", max_hops=4))

Or `%load_ext analyst` for the magic alone (it connects on first use). See docs/notebooks.md.
"""

from __future__ import annotations

from typing import Any

from analyst.base import WriteRefused
from analyst.session import Analyst, connect

__all__ = ["Analyst", "WriteRefused", "connect", "load_ipython_extension"]


def load_ipython_extension(ipython: Any) -> None:
    from analyst.magic import CypherMagics  # noqa: PLC0415

    ipython.register_magics(CypherMagics(ipython, connect=connect))
