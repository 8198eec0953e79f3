"""What an investigator's bundle may touch: their own cases, and what belongs to those cases alone.

Ids are one namespace for all cases: a row naming P021 changes the P021 another case holds, and
a role or a link ties her into the uploader's case, whose investigators then read her identity.
So every id a bundle names, in every table, is checked before anything else (validation too),
and an id outside the uploader's cases gets the very answer a missing id gets: the refusal
tells no one which cases, persons, businesses or evidence exist elsewhere.

- A case id must be one of the uploader's cases, whether it exists yet or not.
- A person or business already in the graph must belong to some case, and to the uploader's
  cases only: someone in two cases is changed only by a user assigned to both. A person belongs
  to the cases of their roles, a business to those of its links and of the evidence about it
  (as need-to-know counts them everywhere).
- Evidence already in the graph must be of one of the uploader's cases.
- An id not in the graph is fine where the bundle defines it (a new row), and refused where
  the bundle only refers to it.

Admins keep full rights. Limit: as ids are shared, defining a row under an id another case
already uses is refused while a free id is accepted. That an id is taken can be learnt; not
by which case, nor anything about it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.auth import User
from service.services import Services
from service.problems import Problem
from graph.cypher import query
from ingest.bundle import Bundle, raw_rows

CASE, ENTITY, EVIDENCE = "case", "entity", "evidence"

#: Every field of every table that names an id: (field, kind of id, whether the row defines it).
FIELDS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "cases": (("case_id", CASE, True),),
    "persons": (("person_id", ENTITY, True),),
    "businesses": (("business_id", ENTITY, True),),
    "roles": (("case_id", CASE, False), ("person_id", ENTITY, False)),
    "links": (("source_id", ENTITY, False), ("target_id", ENTITY, False), ("case_id", CASE, False),
              ("evidence_id", EVIDENCE, False)),
    "evidence": (("evidence_id", EVIDENCE, True), ("case_id", CASE, False), ("about_id", ENTITY, False),
                 ("given_by", ENTITY, False)),
    "identifiers": (("owner_id", ENTITY, False),),
}

#: A refusal names this many ids at most (in `detail`) and lists this many places (in `errors`).
_NAMED, _LISTED = 20, 100


@dataclass(frozen=True)
class Place:
    table: str
    file: str
    line: int
    field: str


@dataclass
class Named:
    """Every id a bundle names, by kind, where it is first named, and which ones the bundle defines."""

    first: dict[tuple[str, str], Place] = field(default_factory=dict)
    defined: set[tuple[str, str]] = field(default_factory=set)
    rows: Counter[str] = field(default_factory=Counter)

    def ids(self, kind: str) -> list[str]:
        return [i for k, i in self.first if k == kind]

    @property
    def cases(self) -> list[str]:
        return sorted(self.ids(CASE))


def _id(value: Any) -> str | None:
    """The id a cell holds, as validation will read it (stripped; numbers as text)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    return None  # no id validation accepts


def named_in(path: Path) -> Named:
    """The ids of the bundle at `path`, read row by row before any validation."""
    named = Named()
    for row in raw_rows(path):
        named.rows[row.table] += 1
        for name, kind, defines in FIELDS[row.table]:
            id_ = _id(row.values.get(name))
            if id_ is None:
                continue
            named.first.setdefault((kind, id_), Place(row.table, row.file, row.line, name))
            if defines:
                named.defined.add((kind, id_))
    return named


def _cases_in_graph(services: Services, named: Named) -> dict[tuple[str, str], set[str]]:
    records, _, _ = services.driver.execute_query(
        query("service", "upload_scope"), entity_ids=named.ids(ENTITY), evidence_ids=named.ids(EVIDENCE),
        database_=services.database, routing_="r")
    found: dict[tuple[str, str], set[str]] = {}
    for r in records:
        found.setdefault((r["kind"], r["id"]), set()).update(c for c in r["cases"] if c is not None)
    return found


def outside(services: Services, user: User, named: Named) -> list[tuple[str, Place | None]]:
    """The ids the bundle names outside the user's cases, and those missing that it does not define
    (the two are one answer), in the order the bundle names them."""
    found = _cases_in_graph(services, named) if named.ids(ENTITY) or named.ids(EVIDENCE) else {}
    found_outside: list[tuple[str, Place | None]] = []
    for key, place in named.first.items():
        kind, id_ = key
        if kind == CASE:
            inside = id_ in user.cases
        elif key in found:
            inside = bool(found[key]) and found[key] <= user.cases
        else:
            inside = key in named.defined
        if not inside:
            found_outside.append((id_, place))
    return found_outside


def unjudged(user: User, named: Named, bundle: Bundle, cases: set[str], evidence: set[str]) -> list[str]:
    """Ids validation read that `outside` did not judge: none, unless the two readings come to differ
    one day (the ids written are the validated ones)."""
    missed = sorted(cases - user.cases)
    missed += sorted(i for i in bundle.kinds if (ENTITY, i) not in named.first)
    return missed + sorted(i for i in evidence if (EVIDENCE, i) not in named.first)


def refusal(outside: list[tuple[str, Place | None]]) -> Problem:
    """One answer for another case's id and for a missing one: it names the ids as the caller gave them."""
    ids = [i for i, _ in outside]
    shown = ", ".join(ids[:_NAMED]) + (f" and {len(ids) - _NAMED} more" if len(ids) > _NAMED else "")
    errors = [{"in": p.file, "name": p.field, "line": p.line, "table": p.table,
               "message": f"{i!r} is not in your cases"} for i, p in outside[:_LISTED] if p is not None]
    return Problem(403, "forbidden", "the bundle names ids that are not in your cases (another case's, or none "
                   f"at all): {shown}; nothing was loaded", errors=errors)
