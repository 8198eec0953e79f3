"""Which statement writes a validated row: its table's ingest query, with the labels of the
entities it ties and the link type written into the text.

A query with static labels and a static type lets Neo4j seek each end in its own index and
MERGE a link by expanding between its two ends; `CALL { MATCH Person UNION MATCH Business }`
and a dynamic `$(row.type)` cost it two seeks per end and a scan of one end's links. The words
filled in come only from the validated vocabulary (`LINK_ENDPOINTS`, the kinds the validation
resolved), never from a bundle's text, and every value stays a parameter.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from graph.cypher import query
from ingest.vocabulary import BUSINESS, LINK_ENDPOINTS, PERSON

#: `{{Slot row.field}}`: the node pattern of the entity whose id is in `row.field`.
_SLOT = re.compile(r"\{\{(\w+) (row\.\w+)\}\}")
_KEYS = {PERSON: "person_id", BUSINESS: "business_id"}
#: Per table, the row field naming each slot's entity (its kind picks the statement).
_SLOTS = {"links": ("source_id", "target_id"), "evidence": ("about_id",), "identifiers": ("owner_id",)}


@cache
def statement(table: str, kinds: tuple[str, ...] = (), link_type: str | None = None) -> str:
    """The ingest query of `table` for rows whose slots hold entities of `kinds`, in slot order."""
    text = query("ingest", f"ingest_{table}")
    if table == "links":
        if link_type not in LINK_ENDPOINTS:
            raise ValueError(f"not a link type: {link_type!r}")
        text = text.replace("{{TYPE}}", link_type)
    slots = iter(kinds)

    def fill(match: re.Match[str]) -> str:
        kind = next(slots, None)
        if kind not in _KEYS:
            raise ValueError(f"not an entity kind for {match.group(1)} in ingest_{table}: {kind!r}")
        return f"{kind} {{{_KEYS[kind]}: {match.group(2)}}}"

    text = _SLOT.sub(fill, text)
    if next(slots, None) is not None:
        raise ValueError(f"ingest_{table} has fewer slots than {kinds}")
    return text


def statement_for(table: str, row: dict[str, Any], kinds: dict[str, str]) -> str:
    """The statement that writes `row` (kinds: the bundle's id -> "Person" | "Business")."""
    fields = _SLOTS.get(table)
    if fields is None:
        return statement(table)
    return statement(table, tuple(kinds[row[f]] for f in fields), row.get("type") if table == "links" else None)
