"""Projecting a case, a neighbourhood or the whole graph from Neo4j into a CaseNetwork.

Each projection query returns one record whose column is a list (one entry per person,
link, ...): at 100k persons the driver spent most of the time on per-record overhead
when every link was a record of its own. Dates travel as ISO strings, parsed once per
distinct value, which is cheaper than hydrating the driver's date objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from neo4j import Driver

from graph.cypher import query
from queries.network.errors import UnknownCase, UnknownPerson
from queries.network.gc_pause import paused_gc
from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role, SharedIdentifier


def _dates(rows: list[list], *columns: int) -> dict[str | None, date | None]:
    """ISO date string -> date for every distinct string in the columns (and None -> None)."""
    texts = {row[c] for row in rows for c in columns}
    texts.discard(None)
    return {None: None} | {text: date.fromisoformat(text) for text in texts}


def _link_order(row: list) -> tuple:
    # The order links always had: str() of a date is its ISO string, of None "None".
    return row[0], row[1], row[2], str(row[3]), str(row[4])


class Projector:
    """Runs the projection queries (all read-only, routed to readers on a cluster)."""

    def __init__(self, driver: Driver, database: str | None = None) -> None:
        self.driver = driver
        self.database = database

    def _read(self, name: str, **params: Any) -> list[Any]:
        records, _, _ = self.driver.execute_query(query("queries.network", name), params, database_=self.database, routing_="r")
        return records

    def _column(self, name: str, **params: Any) -> list[Any]:
        """The one list a projection query returns."""
        (record,) = self._read(name, **params)
        return record[0]

    def require_cases(self, case_ids: list[str]) -> list[Any]:
        """The cases' rows (scope_case); UnknownCase naming those the graph lacks."""
        rows = self._read("scope_case", case_ids=case_ids)
        missing = sorted(set(case_ids) - {r["case_id"] for r in rows})
        if missing:
            raise UnknownCase(f"no case with id {', '.join(missing)} in the graph")
        return rows

    def case(self, case_ids: list[str], *, follow_same_as: bool = True) -> CaseNetwork:
        """The cases' persons; with each the records decided to be the same person (`SAME_AS`, in
        other cases), as persons of their own with everything known about them, tied to theirs by a
        `SAME_AS` link; `same_as` says which pairs were followed."""
        rows = self.require_cases(case_ids)
        persons = sorted({pid for r in rows for pid in r["person_ids"]})
        followed: set[tuple[str, str]] = set()
        if follow_same_as:
            persons = self._with_same_as(persons, set(persons), followed)
        jurisdictions = sorted({r["jurisdiction"] for r in rows})
        network = self._network(persons, case_ids=sorted(case_ids),
                                jurisdiction=jurisdictions[0] if len(jurisdictions) == 1 else None)
        _add_same_as(network, sorted(followed))
        return network

    def around(self, person_id: str, hops: int, *, follow_same_as: bool = True) -> CaseNetwork:
        """Everyone within `hops`; a person decided to be the same as someone found (`SAME_AS`, in
        another case) is found with them, at no extra hop; `same_as` says which pairs were followed."""
        if not self._column("network_persons", person_ids=[person_id]):
            raise UnknownPerson(person_id)
        hops = max(hops, 0)
        seen, frontier, followed = {person_id}, [person_id], set()
        for step in range(hops + 1):
            if follow_same_as:
                frontier = self._with_same_as(frontier, seen, followed)
            if step == hops:
                break
            found = {r["person_id"] for r in self._read("scope_neighbours", person_ids=frontier)}
            frontier = sorted(found - seen)
            if not frontier:
                break
            seen |= found
        network = self._network(sorted(seen))
        _add_same_as(network, sorted(followed))
        return network

    def _with_same_as(self, frontier: list[str], seen: set[str], followed: set[tuple[str, str]]) -> list[str]:
        """The frontier with everyone decided to be the same as someone in it (chains too)."""
        new, frontier = frontier, list(frontier)
        while new:
            rows = self._read("same_as_confirmed", person_ids=new)
            followed |= {(min(r["person_id"], r["same_as_id"]), max(r["person_id"], r["same_as_id"])) for r in rows}
            new = sorted({r["same_as_id"] for r in rows} - seen)
            seen |= set(new)
            frontier += new
        return sorted(frontier)

    def everything(self) -> CaseNetwork:
        return self._network(sorted(self._column("scope_all")))

    def shown(self, *, links_of: list[str], links_into: list[str], businesses: list[str], evidence_of: list[str],
              persons: list[str], is_business: Callable[[str], bool]) -> CaseNetwork:
        """What the whole-database key persons project of the persons they show
        (`queries.key_persons.rank_all`): every link leaving ``links_of`` (and from a business to
        them), every link from a person into ``links_into``, every link between ``businesses``
        and a person; the evidence about ``evidence_of`` and those businesses; as persons,
        ``persons`` and every person at an end of those links."""
        inside = set(links_of)
        with ThreadPoolExecutor(max_workers=2) as pool, paused_gc():
            into = pool.submit(self._column, "network_links_into", person_ids=links_into)
            at = pool.submit(self._column, "network_business_links", business_ids=businesses)
            links = self._column("network_links", person_ids=links_of)
            links += [l for l in into.result() if l[0] not in inside]
            links += [l for l in at.result() if (l[2] if is_business(l[0]) else l[0]) not in inside]
            ends = {end for l in links for end in (l[0], l[2])}
            business_ids = sorted(end for end in ends if is_business(end))
            person_ids = sorted((ends - set(business_ids)) | set(persons))
            evidence = pool.submit(self._column, "network_evidence", person_ids=evidence_of, business_ids=businesses)
            rows = pool.submit(self._column, "network_persons", person_ids=person_ids)
            (found, between), = self._read("network_businesses", business_ids=business_ids)
            net = CaseNetwork()
            _add_persons(net, rows.result())
            _add_businesses(net, found)
            _add_links(net, links + between)
            _add_evidence(net, evidence.result())
        return net

    def _network(self, person_ids: list[str], *, case_ids: list[str] | None = None,
                 jurisdiction: str | None = None) -> CaseNetwork:
        # Several sessions at once: the server runs one query while the driver decodes
        # another and the links become objects. The links, the largest part, come in two
        # halves so that both of the server's cores work on them (0.8-1.2 s less at 100k).
        net = CaseNetwork(case_ids=case_ids or [], jurisdiction=jurisdiction)
        with ThreadPoolExecutor(max_workers=3) as pool, paused_gc():
            persons = pool.submit(self._column, "network_persons", person_ids=person_ids)
            half = len(person_ids) // 2
            first_half = pool.submit(self._column, "network_links", person_ids=person_ids[:half])
            links = self._column("network_links", person_ids=person_ids[half:])
            links = first_half.result() + links
            in_persons = set(person_ids)
            business_ids = sorted({end for l in links for end in (l[0], l[2]) if end not in in_persons})
            scope = {"person_ids": person_ids, "business_ids": business_ids}
            evidence = pool.submit(self._column, "network_evidence", **scope)
            identifiers = pool.submit(self._column, "network_identifiers", **scope)
            (businesses, between), = self._read("network_businesses", business_ids=business_ids)
            _add_persons(net, persons.result())
            _add_businesses(net, businesses)
            _add_links(net, links + between)
            _add_evidence(net, evidence.result())
            _add_identifiers(net, identifiers.result())
        return net


# Each adds the rows of one projection query to the network, in the order it always had.

def _add_persons(net: CaseNetwork, rows: list[list]) -> None:
    to_date = _dates([role for row in rows for role in row[4]], 2)
    for pid, name, nationality, status, roles, minor in sorted(rows, key=lambda p: p[0]):
        roles = [Role(case_id, role, to_date[on], cooperation) for case_id, role, on, cooperation in roles]
        if len(roles) > 1:
            roles.sort(key=lambda r: (r.case_id, r.role))
        net.persons[pid] = Person(pid, name, nationality, status, roles, minor)


def _add_businesses(net: CaseNetwork, rows: list[list]) -> None:
    for bid, name, sector, country in sorted(rows, key=lambda b: b[0]):
        net.businesses[bid] = Business(bid, name, sector, country)


def _add_links(net: CaseNetwork, rows: list[list]) -> None:
    """Links whose target is in the network too (a case projection cuts links at its border)."""
    parties = net.persons.keys() | net.businesses.keys()
    rows = [row for row in rows if row[2] in parties]
    rows.sort(key=_link_order)
    to_date = _dates(rows, 4, 5)
    net.links = [Link(s, kind, t, case_id, to_date[since], to_date[until], amount, evidence_id)
                 for s, kind, t, case_id, since, until, amount, evidence_id in rows]


def _add_same_as(net: CaseNetwork, pairs: list[tuple[str, str]]) -> None:
    """The pairs followed, and each as a tie (a `SAME_AS` link of no case): the two records stay two
    persons, but an analysis sees that they are one person's."""
    net.same_as = pairs
    net.links += [Link(left, "SAME_AS", right) for left, right in pairs]


def _add_evidence(net: CaseNetwork, rows: list[list]) -> None:
    to_date = _dates(rows, 8, 9)
    net.evidence = [Evidence(*row[:8], to_date[row[8]], to_date[row[9]]) for row in sorted(rows, key=lambda e: e[0])]


def _add_identifiers(net: CaseNetwork, rows: list[list]) -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for kind, value, who in rows:
        owners[(kind, value)].update(who)
    net.shared_identifiers = [
        SharedIdentifier(kind, value, tuple(sorted(who))) for (kind, value), who in sorted(owners.items()) if len(who) > 1
    ]
