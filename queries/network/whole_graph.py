"""The whole database as compact arrays, for key persons at a million persons.

`Projector.everything` turns every person, link and evidence row into a Python object:
about 8 GB at a million persons. Ranking everyone needs far less: who is a victim, and
each link's ends and type (and a payment's amount), as numpy arrays. `WholeGraph` holds
just that. Parties are numbered: person ``i`` is ``person_ids[i]`` (ids sorted, the order
of `queries.network.person_graph.person_ties`), business ``j`` is party ``n + j``.

The links come by ranges of node ids (`whole_links.cypher`), two ranges at once so that
both of the server's cores work, each turned into arrays at once; ``progress`` hears how far
it is.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from neo4j import Driver, NotificationMinimumSeverity

from graph.cypher import query
from graph.errors import ThbgraphError
from queries.network.person_graph import SHARED_GROUP_LIMIT

__all__ = ["LINK_TYPES", "NODE_RANGE", "DatabaseChanged", "WholeGraph", "read_whole_graph"]

#: Node ids per `whole_links` call: at a million persons about 20 calls, each's lists a few
#: tens of MB. A range of ids is read by id, faster than seeking persons by their index.
NODE_RANGE = 250_000
#: Every type a link can have (ingest.vocabulary.LinkType, which the loader enforces; a test
#: keeps the two equal), in the order of their codes; any other gets the code after them.
LINK_TYPES = (
    "CONTROLS", "RECRUITED", "TRANSPORTED", "HOUSED", "EXPLOITS", "PAID", "COMMUNICATED_WITH",
    "ASSOCIATE_OF", "FAMILY_OF", "OWNS", "DIRECTS", "MANAGES", "EMPLOYS", "WORKS_AT",
)

Progress = Callable[[str], None]


@dataclass
class WholeGraph:
    """Every person and business, and every link, as arrays."""

    person_ids: list[str]  # sorted
    victim: np.ndarray  # bool per person
    business_ids: list[str]  # party n + j is business_ids[j]
    source: np.ndarray  # int64 party numbers, per link
    target: np.ndarray
    kind: np.ndarray  # int16 codes: LINK_TYPES[code]
    amount: np.ndarray  # float64, 0.0 where none
    evidence: np.ndarray  # int64 per party: evidence rows about it
    identifier_groups: list[np.ndarray]  # person numbers holding one identifier (2..SHARED_GROUP_LIMIT)
    oversized_identifiers: list[tuple[str, str, int]]  # (kind, value, persons) above the limit

    @property
    def n(self) -> int:
        return len(self.person_ids)

    def code(self, *types: str) -> np.ndarray:
        """The codes of the given link types."""
        return np.array([LINK_TYPES.index(t) for t in types], dtype=np.int16)

    def is_(self, types: frozenset[str] | set[str]) -> np.ndarray:
        """Per link: is its type one of ``types``."""
        return np.isin(self.kind, self.code(*sorted(types)))


def _read(driver: Driver, database: str | None, name: str, **params: Any) -> Any:
    # id() is deprecated in Neo4j 5 but is the compact integer a million-row column needs.
    with driver.session(database=database, default_access_mode="READ",
                        notifications_min_severity=NotificationMinimumSeverity.OFF) as session:
        return session.execute_read(lambda tx: tx.run(query("queries.network", name), **params).single(strict=True))


def read_whole_graph(driver: Driver, database: str | None = None, progress: Progress | None = None) -> WholeGraph:
    """Read the arrays of the whole database (see `WholeGraph`)."""
    say = progress or (lambda _: None)
    # The small queries run beside the persons and the links: the server has two cores, and
    # the driver decodes one answer while the server works on another.
    side = ThreadPoolExecutor(max_workers=2)
    with side:
        later = {name: side.submit(_read, driver, database, name, **params) for name, params in (
            ("whole_persons", {}), ("whole_businesses", {}), ("whole_node_ids", {}), ("whole_evidence", {}),
            ("whole_identifiers", {"limit": SHARED_GROUP_LIMIT}))}
        persons = later["whole_persons"].result()
        ids = persons["person_ids"]
        order = sorted(range(len(ids)), key=ids.__getitem__)
        person_ids = [ids[i] for i in order]
        n = len(person_ids)
        say(f"{n:,} persons")
        businesses = later["whole_businesses"].result()
        node_numbers = np.concatenate([np.asarray(persons["nodes"], dtype=np.int64)[order],
                                       np.asarray(businesses["nodes"], dtype=np.int64)])
        victim = np.asarray(persons["victim"], dtype=bool)[order]
        del persons, ids
        party = _NodeNumbers(node_numbers)

        highest = later["whole_node_ids"].result()["highest"]
        nodes = 0 if highest is None else highest + 1
        ranges = [(lo, lo + NODE_RANGE) for lo in range(0, nodes, NODE_RANGE)]
        codes = {t: c for c, t in enumerate(LINK_TYPES)}
        parts, links = [], 0
        with ThreadPoolExecutor(max_workers=2) as pool:
            reads = pool.map(lambda r: _read(driver, database, "whole_links", lo=r[0], hi=r[1]), ranges)
            for (_, hi), row in zip(ranges, reads):
                kinds = np.fromiter((codes.get(t, len(LINK_TYPES)) for t in row["types"]), dtype=np.int16,
                                    count=len(row["types"]))
                parts.append((party(row["sources"]), party(row["targets"]), kinds,
                              np.asarray(row["amounts"], dtype=np.float64)))
                links += len(kinds)
                say(f"reading links: nodes {min(hi, nodes):,}/{nodes:,}, {links:,} links")
                del row
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int16), np.zeros(0))
        source, target, kind, amount = (np.concatenate([p[i] for p in parts] or [empty[i]]) for i in range(4))
        del parts

        evidence = np.zeros(len(node_numbers), dtype=np.int64)
        counts = later["whole_evidence"].result()
        evidence[party(counts["nodes"])] = np.asarray(counts["counts"], dtype=np.int64)
        shared = later["whole_identifiers"].result()
    groups, oversized = [], []
    for tag, count, owners in zip(shared["tags"], shared["persons"], shared["owners"]):
        if count > SHARED_GROUP_LIMIT:
            kind_, value = tag.split(":", 1)
            oversized.append((kind_, value, count))
        else:
            groups.append(np.unique(party(owners)))
    say(f"{len(source):,} links, {len(groups):,} shared identifiers read")
    return WholeGraph(
        person_ids=person_ids, victim=victim, business_ids=businesses["business_ids"],
        source=source, target=target, kind=kind,
        amount=amount, evidence=evidence,
        identifier_groups=groups, oversized_identifiers=sorted(oversized),
    )


class _NodeNumbers:
    """Neo4j node id -> party number, by a sorted lookup (node ids are sparse and large)."""

    def __init__(self, node_numbers: np.ndarray) -> None:
        self.order = np.argsort(node_numbers, kind="stable")
        self.sorted = node_numbers[self.order]

    def __call__(self, nodes: list[int]) -> np.ndarray:
        nodes = np.asarray(nodes, dtype=np.int64)
        found = np.minimum(np.searchsorted(self.sorted, nodes), max(len(self.sorted) - 1, 0))
        if len(nodes) and (not len(self.sorted) or (self.sorted[found] != nodes).any()):
            # A person or business written after the persons were read (the arrays come in
            # several transactions): never a wrong number, but a clear stop.
            raise DatabaseChanged("the database changed while key persons read it (a load?): run the command again")
        return self.order[found]


class DatabaseChanged(ThbgraphError):
    pass
