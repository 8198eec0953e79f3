"""Need-to-know: a projected network cut down to the cases a user is assigned to.

A case projection holds everything known about its persons, including their roles,
links and evidence in other cases (a money handler active in two investigations).
A user assigned to one of them sees only what belongs to theirs: roles in their cases,
links and evidence recorded for their cases (or for no case), and the businesses still
linked after that. A `SAME_AS` pair followed into a case the user is not assigned to is
dropped with the other record: not even that it exists shows.
"""

from __future__ import annotations

from dataclasses import replace

from queries.network.model import CaseNetwork


def within(network: CaseNetwork, cases: frozenset[str]) -> CaseNetwork:
    def ours(case_id: str | None) -> bool:
        return case_id is None or case_id in cases

    persons = {pid: replace(p, roles=[r for r in p.roles if r.case_id in cases]) for pid, p in network.persons.items()}
    persons = {pid: p for pid, p in persons.items() if p.roles}
    parties = persons.keys() | network.businesses.keys()
    links = [l for l in network.links if ours(l.case_id) and {l.source_id, l.target_id} <= parties]
    linked = {l.source_id for l in links} | {l.target_id for l in links}
    businesses = {bid: b for bid, b in network.businesses.items() if bid in linked}
    parties = persons.keys() | businesses.keys()
    evidence = [e for e in network.evidence if e.case_id in cases and e.about_id in parties]
    shared = [replace(s, owner_ids=tuple(o for o in s.owner_ids if o in parties)) for s in network.shared_identifiers]
    return replace(network, case_ids=[c for c in network.case_ids if c in cases], persons=persons,
                   businesses=businesses, links=links, evidence=evidence,
                   shared_identifiers=[s for s in shared if len(s.owner_ids) > 1],
                   same_as=[pair for pair in network.same_as if set(pair) <= persons.keys()])

