"""The case network as the web app's graph and timeline draw it: one JSON of the case as the user
may see it (their cases only, victims pseudonymised for analysts), with roles, victims' standing,
key persons' ranks, the key-player set and where the view starts.

Built from the same service layer as the API (`Viewer.case_network`, the key-person ranking); the
release step then scrubs it for analysts and audits it for everyone else, like any API answer.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from service.viewer import Viewer
from graph.cypher import query
from queries.key_persons.rank import key_player_set, rank_key_persons
from queries.network.model import CaseNetwork, Person
from service.redact import VICTIM_PREFIX

#: Key persons shown with their rank (and where the view starts).
TOP = 10
#: The size of the key-player set shown as "remove these".
KEY_SET = 3
#: A case this small is shown whole; a larger one starts at its key persons and their neighbours.
SHOW_ALL_UP_TO = 150
#: The start view never grows beyond this many parties (expand from there).
START_MAX = 150
#: Which role a person is drawn as when they hold several in the case: protection first.
ROLE_ORDER = ("victim", "suspect", "witness", "associate")


def _role(person: Person, case_id: str) -> tuple[str, list[str]]:
    roles = sorted({r.role for r in person.roles if r.case_id == case_id} or {r.role for r in person.roles},
                   key=ROLE_ORDER.index)
    return roles[0], roles


def _victim_standing(person: Person, case_id: str, flagged: dict[str, str]) -> str | None:
    """identified | presumed (a victim not yet formally identified) | possible (recorded otherwise,
    yet showing a victim's signs, as the key-person analysis reads them) | None."""
    victim = [r for r in person.roles if r.role == "victim" and r.case_id == case_id]
    if victim:
        return "identified" if any(r.identified_on for r in victim) else "presumed"
    return "possible" if flagged.get(person.person_id) == "possible" else None


def _identifiers(viewer: Viewer, network: CaseNetwork) -> dict[str, list[str]]:
    services = viewer.services
    records, _, _ = services.driver.execute_query(
        query("web", "party_identifiers"), person_ids=sorted(network.persons), business_ids=sorted(network.businesses),
        database_=services.database, routing_="r")
    found: dict[str, list[str]] = {}
    for r in records:
        found.setdefault(r["owner_id"], []).append(r["value"])
    return found


def _start(network: CaseNetwork, ranked: list[str], edges: list[dict[str, Any]]) -> list[str]:
    everyone = [*network.persons, *network.businesses]
    if len(everyone) <= SHOW_ALL_UP_TO:
        return sorted(everyone)
    degree = Counter(x for e in edges for x in (e["s"], e["t"]))
    seeds = set(ranked or [p for p, _ in degree.most_common(TOP)])
    start = dict.fromkeys(seeds)  # an ordered set: seeds, then their busiest neighbours
    for e in sorted(edges, key=lambda e: -degree[e["t"]] - degree[e["s"]]):
        if len(start) >= START_MAX:
            break
        if (e["s"] in seeds) != (e["t"] in seeds):
            start[e["t"] if e["s"] in seeds else e["s"]] = None
    return sorted(start)


def _dated_evidence(viewer: Viewer, network: CaseNetwork, case_id: str) -> list[dict[str, Any]]:
    """The case's dated evidence, on the timeline beside the links. To analysts none about a victim
    or her relative: when things were done to her dates her story (as in the analysis database)."""
    hidden: set[str] = set()
    if viewer.analyst:
        hidden = {pid for pid, p in network.persons.items() if p.is_victim or pid.startswith(VICTIM_PREFIX)}
        hidden |= {end for l in network.links if l.type == "FAMILY_OF" and {l.source_id, l.target_id} & hidden
                   for end in (l.source_id, l.target_id)} | viewer.relatives()
    # Compact: a 2,000-person case has over a thousand pieces of evidence (the page words the indicator).
    return [{"id": f"ev-{e.evidence_id}", "about": e.about_id, "indicator": e.indicator, "kind": e.kind,
             "on": e.observed_on.isoformat(), "until": e.until.isoformat() if e.until else None,
             "independent": e.independent_of_victim}
            for e in sorted(network.evidence, key=lambda e: e.evidence_id)
            if e.observed_on is not None and e.case_id == case_id and e.about_id not in hidden]


def network_view(viewer: Viewer, case_id: str) -> dict[str, Any]:
    """The JSON of the network page: victims as the viewer shows them (under pseudonyms, as id and as
    label, for analysts and for a web viewer who has not given a purpose; by name otherwise)."""
    network = viewer.case_network(case_id)
    ranking = rank_key_persons(network)
    flagged = {p.person_id: p.standing for p in [*ranking.ranking, *ranking.victim_offenders] if p.standing}
    ranks = {p.person_id: p.rank for p in ranking.ranking if p.rank is not None and p.rank <= TOP}
    key_set = key_player_set(network, KEY_SET).person_ids if len(network.persons) > KEY_SET else []
    identifiers = _identifiers(viewer, network)
    nodes = []
    for pid, p in network.persons.items():
        role, roles = _role(p, case_id)
        nodes.append({
            "id": pid, "kind": "person", "label": p.name or pid, "role": role,
            "roles": roles, "victim": _victim_standing(p, case_id, flagged), "rank": ranks.get(pid),
            "key_set": pid in key_set, "nationality": p.nationality,
            "identifiers": [] if p.is_victim else identifiers.get(pid, []),
        })
    for bid, b in network.businesses.items():
        nodes.append({"id": bid, "kind": "business", "label": b.name, "role": "business", "roles": [],
                      "victim": None, "rank": None, "key_set": False, "nationality": b.country,
                      "identifiers": identifiers.get(bid, [])})
    edges = [{"id": f"e{i}", "s": l.source_id, "t": l.target_id, "type": l.type,
              "since": l.since.isoformat() if l.since else None, "until": l.until.isoformat() if l.until else None,
              "evidence": l.evidence_id} for i, l in enumerate(network.links)]
    evidence = _dated_evidence(viewer, network, case_id)
    dates = sorted(d for e in edges for d in (e["since"], e["until"]) if d)
    dates = sorted(dates + [d for e in evidence for d in (e["on"], e["until"]) if d])
    return {
        "case_id": case_id, "names": not viewer.analyst,
        "nodes": sorted(nodes, key=lambda n: n["id"]), "edges": edges,
        "link_types": sorted({e["type"] for e in edges}),
        "start": _start(network, sorted(ranks, key=ranks.__getitem__), edges),
        "key_set": key_set, "dates": [dates[0], dates[-1]] if dates else None, "evidence": evidence,
    }
