"""A `CaseNetwork` rebuilt from the pages of `GET /cases/{id}/network` (api/routes/cases.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from queries.network.model import Business, CaseNetwork, Link, Person, Role


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _person(node: dict[str, Any]) -> Person:
    roles = [Role(r["case_id"], r["role"], _day(r.get("identified_on")), r.get("cooperation")) for r in node["roles"]]
    return Person(node["id"], node.get("name"), node.get("nationality"), node.get("immigration_status"), roles)


def network_from_pages(cases: list[list[dict[str, Any]]]) -> CaseNetwork:
    """One network from each case's pages: a person in two cases is one person with both roles."""
    network = CaseNetwork()
    links: dict[Link, None] = {}
    for pages in cases:
        network.case_ids.append(pages[0]["case_id"])
        network.jurisdiction = network.jurisdiction or pages[0]["jurisdiction"]
        for page in pages:
            for node in page["nodes"]["data"]:
                if node["kind"] == "business":
                    network.businesses[node["id"]] = Business(node["id"], node["name"], node.get("sector"),
                                                              node.get("country"))
                    continue
                person = _person(node)
                known = network.persons.setdefault(person.person_id, person)
                known.roles.extend(r for r in person.roles if r not in known.roles)
            for l in page["links"]["data"]:
                links[Link(l["source"], l["type"], l["target"], l.get("case_id"), _day(l.get("since")),
                           _day(l.get("until")), l.get("amount"), l.get("evidence_id"))] = None
    network.links = list(links)
    return network
