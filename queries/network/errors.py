"""The network's lookups that find nothing: no such case, no such person (one class for the
projection and the options engine, which looks a person up in a case's network)."""

from __future__ import annotations

from graph.errors import ThbgraphError

__all__ = ["UnknownCase", "UnknownPerson"]

#: Where the options engine looks a person up (`UnknownPerson.where`).
CASE_NETWORK = "the case network"


class UnknownCase(ThbgraphError):
    pass


class UnknownPerson(ThbgraphError, ValueError):
    """No person `person_id` in `where`: the graph, or a case's network. A ValueError too, as the
    options engine's was, for callers that catch one."""

    def __init__(self, person_id: str, where: str = "the graph") -> None:
        self.person_id = person_id
        self.where = where
        super().__init__(f"unknown person '{person_id}': not in {where}")
