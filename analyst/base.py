"""What both kinds of notebook session share: named queries, the library, pictures."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analyst.draw import draw
from service.cypher_guard import CypherRefused
from graph.cypher import LIBRARY, query
from graph.cypher import library as library_queries


class WriteRefused(CypherRefused):
    """A query that could write, run without the analyst allowing writes (or over the service)."""


class Notebook:
    """The calls that do not depend on where the Cypher runs; subclasses give `cypher`."""

    def cypher(self, text: str, parameters: dict[str, Any] | None = None, *, write: bool = False,
               timeout: float | None = None, max_rows: int | None = None) -> pd.DataFrame:
        raise NotImplementedError

    def named(self, name: str, **parameters: Any) -> pd.DataFrame:
        """A query of the library (`queries/library/*.cypher`) by name; always read-only."""
        return self.cypher(query(LIBRARY, name), parameters)

    @staticmethod
    def library() -> pd.DataFrame:
        """The named queries: name, purpose, parameters and what each returns."""
        return pd.DataFrame([{"name": q.name, "purpose": q.purpose, "parameters": q.params, "returns": q.returns}
                             for q in sorted(library_queries().values(), key=lambda q: q.name)])

    @staticmethod
    def draw(frame: pd.DataFrame, *, height: str = "500px") -> Any:
        """A picture of the nodes and relationships in a result of `cypher` or `named`."""
        return draw(frame, height=height)
