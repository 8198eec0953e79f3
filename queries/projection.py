"""Projecting a case, a neighbourhood or the whole graph from Neo4j into a CaseNetwork."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from neo4j import Driver

from graph.cypher import query
from graph.errors import ThbgraphError
from queries.network import Business, CaseNetwork, Evidence, Link, Person, Role, SharedIdentifier


class UnknownCase(ThbgraphError):
    pass


class UnknownPerson(ThbgraphError):
    pass


def _to_date(value: Any):
    return value.to_native() if hasattr(value, "to_native") else value


class Projector:
    """Runs the projection queries (all read-only, routed to readers on a cluster)."""

    def __init__(self, driver: Driver, database: str | None = None):
        self.driver = driver
        self.database = database

    def _read(self, name: str, **params: Any) -> list[Any]:
        records, _, _ = self.driver.execute_query(query(name), params, database_=self.database, routing_="r")
        return records

    def case(self, case_ids: list[str]) -> CaseNetwork:
        rows = self._read("scope_case", case_ids=case_ids)
        missing = sorted(set(case_ids) - {r["case_id"] for r in rows})
        if missing:
            raise UnknownCase(f"no case with id {', '.join(missing)} in the graph")
        persons = sorted({pid for r in rows for pid in r["person_ids"]})
        jurisdictions = sorted({r["jurisdiction"] for r in rows})
        return self._network(persons, case_ids=sorted(case_ids), jurisdiction=jurisdictions[0] if len(jurisdictions) == 1 else None)

    def around(self, person_id: str, hops: int) -> CaseNetwork:
        if not self._read("network_persons", person_ids=[person_id]):
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
        return self._network(sorted(r["person_id"] for r in self._read("scope_all")))

    def _network(self, person_ids: list[str], *, case_ids: list[str] | None = None,
                 jurisdiction: str | None = None) -> CaseNetwork:
        net = CaseNetwork(case_ids=case_ids or [], jurisdiction=jurisdiction)
        for r in self._read("network_persons", person_ids=person_ids):
            roles = [Role(x["case_id"], x["role"], _to_date(x["identified_on"]), x["cooperation"]) for x in r["roles"]]
            net.persons[r["person_id"]] = Person(r["person_id"], r["name"], r["nationality"],
                                                 r["immigration_status"], sorted(roles, key=lambda x: (x.case_id, x.role)))
        for r in self._read("network_businesses", person_ids=person_ids):
            net.businesses[r["business_id"]] = Business(r["business_id"], r["name"], r["sector"], r["country"])
        parties = set(net.persons) | set(net.businesses)
        ids = sorted(parties)
        net.links = [
            Link(r["source_id"], r["type"], r["target_id"], r["case_id"], _to_date(r["since"]), _to_date(r["until"]),
                 r["amount"], r["evidence_id"])
            for r in self._read("network_links", party_ids=ids)
            if r["target_id"] in parties
        ]
        net.links.sort(key=lambda l: (l.source_id, l.type, l.target_id, str(l.case_id), str(l.since)))
        net.evidence = [Evidence(**dict(r)) for r in self._read("network_evidence", party_ids=ids)]
        owners: dict[tuple[str, str], list[str]] = defaultdict(list)
        for r in self._read("network_identifiers", party_ids=ids):
            owners[(r["kind"], r["value"])].append(r["owner_id"])
        net.shared_identifiers = [
            SharedIdentifier(kind, value, tuple(sorted(set(who))))
            for (kind, value), who in sorted(owners.items()) if len(set(who)) > 1
        ]
        return net
