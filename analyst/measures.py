"""Graph measures an analyst asks for, computed in the notebook on what the session may read:
centralities, communities and shortest paths (the analyst review, row 7: no GDS over the service).

The input is a case network as the session gives it (`nb.case_network`: over the service the
network route's persons, businesses and links, victims under their pseudonyms; in a direct session
the same network read from the database). Only persons, businesses and links count here, in both
kinds of session, so that an analyst and an administrator get the same figures: the service's
network carries no evidence and no shared identifiers (for those, the `persons_sharing` query).
Nothing is computed in Neo4j, so nothing of another case or a victim's identity can enter.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import networkx as nx

from queries.key_persons.centrality import centrality as person_centrality
from queries.network.model import CaseNetwork
from queries.network.person_graph import person_ties

#: Louvain's seed: the same communities each run.
SEED = 1


def links_only(network: CaseNetwork) -> CaseNetwork:
    """The network with what every session has: persons, businesses, links."""
    return replace(network, evidence=[], shared_identifiers=[])


def graph(network: CaseNetwork) -> nx.MultiGraph:
    """Persons and businesses as nodes (`kind`, `name`, `victim`), each link an edge (`type`,
    `source`, `target`, `since`, `until`, `amount`): for any networkx algorithm."""
    g = nx.MultiGraph()
    for pid, person in sorted(network.persons.items()):
        g.add_node(pid, kind="person", name=person.name, victim=person.is_victim)
    for bid, business in sorted(network.businesses.items()):
        g.add_node(bid, kind="business", name=business.name, victim=False)
    for link in network.links:
        if link.source_id in g and link.target_id in g and link.source_id != link.target_id:
            g.add_edge(link.source_id, link.target_id, type=link.type, source=link.source_id,
                       target=link.target_id, since=link.since, until=link.until, amount=link.amount)
    return g


def centralities(network: CaseNetwork) -> list[dict[str, Any]]:
    """Per person: degree (distinct persons tied), betweenness (exact, normalised), PageRank and
    connected component, on the persons' network as key persons rank it (a link, or a business
    both are tied to); most between first."""
    measures = person_centrality(person_ties(network).to_igraph())
    rows = [{"person_id": pid, "name": network.persons[pid].name, "victim": network.persons[pid].is_victim,
             "degree": measures.degree[i], "betweenness": measures.betweenness[i],
             "pagerank": measures.pagerank[i], "component": measures.components[i]}
            for i, pid in enumerate(measures.ids)]
    return sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["person_id"]))


def communities(network: CaseNetwork, resolution: float = 1.0, seed: int = SEED) -> list[dict[str, Any]]:
    """Louvain communities of the persons' network: per person its community (0 the largest) and
    that community's size."""
    people = person_ties(network).to_networkx()
    found = nx.community.louvain_communities(people, resolution=resolution, seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return [{"person_id": pid, "name": network.persons[pid].name, "victim": network.persons[pid].is_victim,
             "community": number, "size": len(members)}
            for number, members in enumerate(ordered) for pid in members]


def paths(network: CaseNetwork, from_id: str, to_id: str, limit: int = 100) -> list[dict[str, Any]]:
    """The shortest paths between two persons or businesses over links (at most `limit`): per
    path its hops, the ids along it and the link types between them (parallel links: each kind)."""
    g = graph(network)
    for end in (from_id, to_id):
        if end not in g:
            raise KeyError(f"{end} is not in the network you may read (a victim is known by their pseudonym)")
    out: list[dict[str, Any]] = []
    try:
        for ids in nx.all_shortest_paths(g, from_id, to_id):
            types = ["|".join(sorted({d["type"] for d in g.get_edge_data(a, b).values()})) for a, b in zip(ids, ids[1:])]
            out.append({"hops": len(ids) - 1, "ids": ids, "types": types})
            if len(out) == limit:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(out, key=lambda r: (r["ids"], r["types"]))
