"""Projecting a case, a neighbourhood or the whole graph from Neo4j into a CaseNetwork.

Each projection query returns one record whose column is a list (one entry per person,
link, ...): at 100k persons the driver spent most of the time on per-record overhead
when every link was a record of its own. Dates travel as ISO strings, parsed once per
distinct value, which is cheaper than hydrating the driver's date objects.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from neo4j import Driver

from graph.cypher import query
from graph.errors import ThbgraphError
from queries.gc_pause import paused_gc
from queries.network import Business, CaseNetwork, Evidence, Link, Person, Role, SharedIdentifier


class UnknownCase(ThbgraphError):
    pass


class UnknownPerson(ThbgraphError):
    pass


class _Dates:
    """ISO date strings to dates, each distinct string parsed once."""

    def __init__(self) -> None:
        self.seen: dict[str | None, date | None] = {None: None}

    def __call__(self, text: str | None) -> date | None:
        found = self.seen.get(text, self)
        if found is self:
            found = self.seen[text] = date.fromisoformat(text)
        return found


def _link_order(row: list) -> tuple:
    # The order links always had: str() of a date is its ISO string, of None "None".
    return row[0], row[1], row[2], str(row[3]), str(row[4])


class Projector:
    """Runs the projection queries (all read-only, routed to readers on a cluster)."""

    def __init__(self, driver: Driver, database: str | None = None):
        self.driver = driver
        self.database = database

    def _read(self, name: str, **params: Any) -> list[Any]:
        records, _, _ = self.driver.execute_query(query(name), params, database_=self.database, routing_="r")
        return records

    def _column(self, name: str, **params: Any) -> list[Any]:
        """The one list a projection query returns."""
        (record,) = self._read(name, **params)
        return record[0]

    def case(self, case_ids: list[str]) -> CaseNetwork:
        rows = self._read("scope_case", case_ids=case_ids)
        missing = sorted(set(case_ids) - {r["case_id"] for r in rows})
        if missing:
            raise UnknownCase(f"no case with id {', '.join(missing)} in the graph")
        persons = sorted({pid for r in rows for pid in r["person_ids"]})
        jurisdictions = sorted({r["jurisdiction"] for r in rows})
        return self._network(persons, case_ids=sorted(case_ids), jurisdiction=jurisdictions[0] if len(jurisdictions) == 1 else None)

    def around(self, person_id: str, hops: int) -> CaseNetwork:
        if not self._column("network_persons", person_ids=[person_id]):
            raise UnknownPerson(f"no person with id {person_id} in the graph")
        seen, frontier = {person_id}, [person_id]
        for _ in range(max(hops, 0)):
            found = {r["person_id"] for r in self._read("scope_neighbours", person_ids=frontier)}
            frontier = sorted(found - seen)
            if not frontier:
                break
            seen |= found
        return self._network(sorted(seen))

    def everything(self) -> CaseNetwork:
        return self._network(sorted(self._column("scope_all")))

    def _network(self, person_ids: list[str], *, case_ids: list[str] | None = None,
                 jurisdiction: str | None = None) -> CaseNetwork:
        # Two sessions at once: the server runs one query while the driver decodes another.
        with ThreadPoolExecutor(max_workers=2) as pool, paused_gc():
            persons = pool.submit(self._column, "network_persons", person_ids=person_ids)
            businesses = self._column("network_businesses", person_ids=person_ids)
            scope = {"person_ids": person_ids, "business_ids": sorted(b[0] for b in businesses)}
            links = pool.submit(self._column, "network_links", **scope)
            evidence = pool.submit(self._column, "network_evidence", **scope)
            identifiers = self._column("network_identifiers", **scope)
            return _build(persons.result(), businesses, links.result(), evidence.result(), identifiers,
                          case_ids=case_ids or [], jurisdiction=jurisdiction)


def _build(persons: list, businesses: list, links: list, evidence: list, identifiers: list, *,
           case_ids: list[str], jurisdiction: str | None) -> CaseNetwork:
    """The CaseNetwork from the rows of the projection queries, in the order it always had."""
    to_date = _Dates()
    net = CaseNetwork(case_ids=case_ids, jurisdiction=jurisdiction)
    for pid, name, nationality, status, roles in sorted(persons, key=lambda p: p[0]):
        roles = [Role(case_id, role, to_date(on), cooperation) for case_id, role, on, cooperation in roles]
        roles.sort(key=lambda r: (r.case_id, r.role))
        net.persons[pid] = Person(pid, name, nationality, status, roles)
    for bid, name, sector, country in sorted(businesses, key=lambda b: b[0]):
        net.businesses[bid] = Business(bid, name, sector, country)
    parties = net.persons.keys() | net.businesses.keys()
    links = [row for row in links if row[2] in parties]
    links.sort(key=_link_order)
    net.links = [Link(s, kind, t, case_id, to_date(since), to_date(until), amount, evidence_id)
                 for s, kind, t, case_id, since, until, amount, evidence_id in links]
    net.evidence = [Evidence(*row) for row in sorted(evidence, key=lambda e: e[0])]
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for kind, value, who in identifiers:
        owners[(kind, value)].update(who)
    net.shared_identifiers = [
        SharedIdentifier(kind, value, tuple(sorted(who))) for (kind, value), who in sorted(owners.items()) if len(who) > 1
    ]
    return net
