"""What both kinds of notebook session share: named queries, the library, pictures."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from analyst import measures
from analyst.draw import draw
from analyst.named import check_parameters
from graph.cypher import LIBRARY, query
from graph.cypher import library as library_queries
from service.cypher_guard import CypherRefused


#: The cases of the sample bundle, which the walkthrough notebooks use.
SAMPLE_CASES = frozenset({"NO-GLANS", "NO-NORDLYS"})


class WriteRefused(CypherRefused):
    """A query that could write, run without the analyst allowing writes (or over the service)."""


class TruncatedWarning(UserWarning):
    """A result was cut at a row cap: the answer is incomplete (the message says how to page)."""


class PartialNetworkWarning(UserWarning):
    """A case network from the service lacks what the network route does not serve."""


class CypherNotification(UserWarning):
    """Neo4j's warning on a query's plan: `MATCH (p:Persn)` finds nothing, and says why here."""


# Shown every time: a second cut answer is as incomplete as the first.
warnings.filterwarnings("always", category=TruncatedWarning)
warnings.filterwarnings("always", category=CypherNotification)


def say_notifications(frame: pd.DataFrame, notes: list[str], stacklevel: int = 3) -> pd.DataFrame:
    """Neo4j's warnings kept in `frame.attrs["notifications"]` and printed under the cell."""
    frame.attrs["notifications"] = list(notes)
    for note in notes:
        warnings.warn(note, CypherNotification, stacklevel=stacklevel)
    return frame


def say_if_cut(frame: pd.DataFrame, how_to_page: str, stacklevel: int = 3) -> pd.DataFrame:
    """A cut result says so where the analyst looks: a warning printed under the cell, and
    `frame.attrs["note"]` (what `%%cypher` prints)."""
    if frame.attrs.get("truncated"):
        note = f"{frame.attrs.get('cut_by') or f'cut at {len(frame)} rows'}: the answer is incomplete. {how_to_page}"
        frame.attrs["note"] = note
        warnings.warn(note, TruncatedWarning, stacklevel=stacklevel)
    return frame


def plan_frame(plan: dict[str, Any]) -> pd.DataFrame:
    """A plan (`EXPLAIN`) or profile (`PROFILE`) as a table, an operator a row, indented under the
    operator it feeds, as Neo4j Browser draws it; the tree itself in `attrs["plan"]`."""
    rows: list[dict[str, Any]] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        rows.append({"operator": "  " * depth + node["operator"], "details": node.get("details"),
                     "estimated_rows": node.get("estimated_rows"), "rows": node.get("rows"),
                     "db_hits": node.get("db_hits")})
        for child in node.get("children") or []:
            walk(child, depth + 1)

    walk(plan, 0)
    frame = pd.DataFrame(rows, columns=["operator", "details", "estimated_rows", "rows", "db_hits"])
    if frame["rows"].isna().all():  # EXPLAIN: nothing ran, so nothing was counted
        frame = frame.drop(columns=["rows", "db_hits"])
    frame.attrs["plan"] = plan
    return frame


def with_plan(frame: pd.DataFrame, plan: dict[str, Any] | None) -> pd.DataFrame:
    """`EXPLAIN`: the plan's table is the answer. `PROFILE`: the rows, with the profile's table in
    `frame.attrs["plan"]` (what `%%cypher` shows under them)."""
    if plan is None:
        return frame
    table = plan_frame(plan)
    if len(frame.columns) == 0:
        table.attrs.update({k: v for k, v in frame.attrs.items() if k != "plan"})
        return table
    frame.attrs["plan"] = table
    return frame


class Notebook:
    """The calls that do not depend on where the Cypher runs; subclasses give `cypher`."""

    def cypher(self, text: str, parameters: dict[str, Any] | None = None, *, write: bool = False,
               timeout: float | None = None, max_rows: int | None = None) -> pd.DataFrame:
        raise NotImplementedError

    def explain(self, text: str, parameters: dict[str, Any] | None = None) -> pd.DataFrame:
        """The plan Neo4j would run `text` with, an operator a row, without running it (`EXPLAIN`;
        refused like the query itself if the plan could write). `PROFILE <query>` in `cypher` runs it
        and keeps its profile in `frame.attrs["plan"]`."""
        return self.cypher("EXPLAIN " + text, parameters)

    def named(self, name: str, *, skip: int | None = None, limit: int | None = None, **parameters: Any) -> pd.DataFrame:
        """A query of the library (`queries/library/*.cypher`) by name; always read-only. Its parameters
        are checked against the query's header (a missing one, a text for an int, a hop count out
        of range are refused); `skip` and `limit` page its rows in the query's own order."""
        text = query(LIBRARY, name)
        check_parameters(library_queries()[name], parameters)
        if skip is not None or limit is not None:
            paging = {"page_skip": skip or 0} | ({"page_limit": limit} if limit is not None else {})
            check_parameters(None, paging)
            text += "\nSKIP $page_skip" + (" LIMIT $page_limit" if limit is not None else "")
            parameters = {**parameters, **paging}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TruncatedWarning)
            frame = self.cypher(text, parameters)
        for w in caught:
            if not issubclass(w.category, TruncatedWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        at = (skip or 0) + len(frame)
        return say_if_cut(frame, f"The next page: nb.named({name!r}, ..., skip={at}, limit={len(frame)}).")

    # -- graph measures, computed here on the network the session may read (analyst/measures.py) --
    def case_network(self, *case_ids: str) -> Any:
        raise NotImplementedError

    def frame(self, records: Any) -> pd.DataFrame:
        raise NotImplementedError

    def graph(self, *case_ids: str) -> Any:
        """The cases' persons and businesses (victims under pseudonyms) and their links, as a
        networkx MultiGraph for any algorithm of networkx (`kind`, `name`, `victim` on nodes;
        `type`, `source`, `target`, `since`, `until`, `amount` on edges)."""
        return measures.graph(self._links_network(case_ids))

    def centrality(self, *case_ids: str) -> pd.DataFrame:
        """Degree, betweenness, PageRank and component of every person of the cases, on the
        persons' network as key persons rank it (ties by links and shared businesses)."""
        return self.frame(measures.centralities(self._links_network(case_ids)))

    def communities(self, *case_ids: str, resolution: float = 1.0, seed: int = measures.SEED) -> pd.DataFrame:
        """Louvain communities of the cases' persons: each person's community (0 the largest) and its size."""
        return self.frame(measures.communities(self._links_network(case_ids), resolution, seed))

    def paths(self, from_id: str, to_id: str, *case_ids: str, limit: int = 100) -> pd.DataFrame:
        """The shortest paths over links between two persons or businesses of the cases: hops,
        ids along the path, link types between them."""
        return self.frame(measures.paths(self._links_network(case_ids), from_id, to_id, limit))

    def _links_network(self, case_ids: tuple[str, ...]) -> Any:
        if not case_ids:
            raise ValueError("name the case(s): nb.centrality('NO-GLANS'), ...")
        with warnings.catch_warnings():  # persons, businesses and links are all the measures use
            warnings.simplefilter("ignore", PartialNetworkWarning)
            return measures.links_only(self.case_network(*case_ids))

    @staticmethod
    def library() -> pd.DataFrame:
        """The named queries: name, purpose, parameters and what each returns."""
        return pd.DataFrame([{"name": q.name, "purpose": q.purpose, "parameters": q.params, "returns": q.returns}
                             for q in sorted(library_queries().values(), key=lambda q: q.name)])

    @staticmethod
    def draw(frame: pd.DataFrame, *, height: str = "500px", caption: str | None = None, colour_by: str | None = None,
             title: str | None = None, viewer: bool | None = None) -> Any:
        """A picture of the nodes and relationships in a result of `cypher` or `named`, with a
        legend; `caption` names nodes by that property first, `colour_by` colours them by a
        property's values (instead of by kind), `title` puts a caption line above it. Links show
        their amounts and dates. The viewer's code (4.4 MB) is stored with the session's first
        picture only; later ones are a few KB (`viewer=True`: this one carries it too)."""
        return draw(frame, height=height, caption=caption, colour_by=colour_by, title=title, viewer=viewer)
