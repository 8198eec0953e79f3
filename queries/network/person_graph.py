"""Project a `CaseNetwork` onto its persons: who is tied to whom, and through what.

Two views of the same network, each built in one pass over the links:

- `person_ties` / `person_graph`: the undirected network of persons that the
  structural measures (betweenness, PageRank, fragmentation) run on, as compact
  integer pairs (fast to turn into an igraph graph) or as a networkx graph;
- `holding_edges` / `holding_graph`: the directed "who holds whom" graph
  (exploitation and business control) that decides which victims are still within
  reach of an exploiter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

import igraph as ig
import numpy as np

from queries.network.model import (
    BUSINESS_CONTROL_LINKS,
    BUSINESS_WORK_LINKS,
    EMPLOYMENT_LINKS,
    EXPLOITATION_LINKS,
    CaseNetwork,
    Link,
)

if TYPE_CHECKING:  # a second to import: imported where a networkx graph is built (not by `key-persons --all`)
    import networkx as nx

__all__ = [
    "BUSINESS_TIE_LINKS",
    "SHARED_GROUP_LIMIT",
    "PersonTies",
    "holding_edges",
    "holding_graph",
    "link_ref",
    "person_graph",
    "person_ties",
]

#: Links between a person and a business that tie the persons of one business together:
#: control, work, and a business that itself houses, transports or exploits a person
#: (a flat-rental company that HOUSED the victims ties them to its owner).
BUSINESS_TIE_LINKS = BUSINESS_CONTROL_LINKS | BUSINESS_WORK_LINKS | EMPLOYMENT_LINKS | EXPLOITATION_LINKS
#: Above this many persons, a shared business ties its members to its controllers
#: only, and a shared identifier ties nobody: a clique of n members costs n(n-1)/2
#: edges, and 300 staff of one employer or residents of one address do not all know
#: each other. Such groups are listed in ``graph.graph["oversized_groups"]``.
SHARED_GROUP_LIMIT = 50


def link_ref(link: Link) -> str:
    """The id under which a link appears among a reason's facts.

    Links carry no id of their own in the projection, so a link is named by its ends
    and type, e.g. ``"P1-[CONTROLS]->P7"``.
    """
    return f"{link.source_id}-[{link.type}]->{link.target_id}"


def _business_members(network: CaseNetwork) -> dict[str, dict[str, list[Link]]]:
    """business id -> person id -> the links tying that person to the business."""
    members: dict[str, dict[str, list[Link]]] = defaultdict(lambda: defaultdict(list))
    for link in network.links:
        if link.type not in BUSINESS_TIE_LINKS:
            continue
        if link.source_id in network.persons and link.target_id in network.businesses:
            members[link.target_id][link.source_id].append(link)
        elif link.source_id in network.businesses and link.target_id in network.persons:
            members[link.source_id][link.target_id].append(link)
    return members


@cache
def _upper_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    # Groups are small and their sizes repeat: np.triu_indices costs more than its result.
    return np.triu_indices(size, 1)


def _clique_keys(members: list[int], n: int) -> np.ndarray:
    """Keys ``i * n + j`` of every pair of the sorted ``members``, ``i < j``."""
    m = np.asarray(members, dtype=np.int64)
    i, j = _upper_pairs(len(m))
    return m[i] * n + m[j]


@dataclass
class PersonTies:
    """Who is tied to whom, before it becomes a graph of one library or another.

    Vertex ``i`` is person ``ids[i]`` (ids sorted, so that the order the projection
    returned them in never changes a result). A pair ``(i, j)``, ``i < j``, is stored
    under the key ``i * len(ids) + j`` in ``links`` (the direct links between the two,
    as loaded) and in ``shared``: per business id or ``"kind:value"`` identifier, the
    keys of the pairs it ties. The pairs of shared groups stay numpy arrays (at 100k
    persons they are over a million) until `via` or `to_networkx` asks for them by pair.
    """

    ids: list[str]
    victim: list[bool]
    identified_victim: list[bool]
    links: dict[int, list[Link]]
    shared: list[tuple[str, np.ndarray]]
    oversized: list[dict]

    @cached_property
    def keys(self) -> np.ndarray:
        """The sorted distinct keys of all tied pairs."""
        parts = [np.fromiter(self.links, dtype=np.int64, count=len(self.links))]
        parts += [keys for _, keys in self.shared]
        keys = np.sort(np.concatenate(parts))
        # Not np.unique: its hash-based path took 0.9 s on 1.2M keys, sorting 0.2 s.
        return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys

    @cached_property
    def via(self) -> dict[int, list[str]]:
        """Pair key -> the business ids and ``"kind:value"`` identifiers the two share."""
        via: dict[int, list[str]] = defaultdict(list)
        for tag, keys in self.shared:
            for key in keys.tolist():
                via[key].append(tag)
        return dict(via)

    def pairs(self) -> list[tuple[int, int]]:
        i, j = np.divmod(self.keys, len(self.ids))
        return list(zip(i.tolist(), j.tolist()))

    def to_igraph(self) -> ig.Graph:
        """Undirected igraph graph, vertex ``i`` named ``ids[i]``."""
        g = ig.Graph(n=len(self.ids), edges=self.pairs(), directed=False)
        g.vs["name"] = self.ids
        return g

    def suspects_igraph(self) -> ig.Graph:
        """The graph without victims (as the key-player set sees it): the same graph as
        ``to_igraph().induced_subgraph(non-victims)``, built without the victims' ties, which
        in a large case are most of them."""
        keep = ~np.asarray(self.victim, dtype=bool)
        i, j = np.divmod(self.keys, len(self.ids))
        both = keep[i] & keep[j]
        index = np.cumsum(keep) - 1  # old vertex -> its place among those kept
        edges = np.column_stack((index[i[both]], index[j[both]]))
        g = ig.Graph(n=int(keep.sum()), edges=edges.tolist(), directed=False)
        g.vs["name"] = [pid for pid, victim in zip(self.ids, self.victim) if not victim]
        return g

    def to_networkx(self) -> nx.Graph:
        """Undirected networkx graph with the attributes described in `person_graph`."""
        import networkx as nx

        n, ids, via = len(self.ids), self.ids, self.via
        graph = nx.Graph(oversized_groups=list(self.oversized))
        graph.add_nodes_from(
            (pid, {"victim": self.victim[i], "identified_victim": self.identified_victim[i]})
            for i, pid in enumerate(ids)
        )
        graph.add_edges_from(
            (ids[i], ids[j], _attributes(self.links.get(i * n + j, []), via.get(i * n + j, [])))
            for i, j in self.pairs()
        )
        return graph


def person_ties(network: CaseNetwork) -> PersonTies:
    """The ties between the persons of a network; see `person_graph` for what ties them."""
    ids = sorted(network.persons)
    n = len(ids)
    position = {pid: i for i, pid in enumerate(ids)}
    links: dict[int, list[Link]] = defaultdict(list)
    for link in network.links:
        i, j = position.get(link.source_id), position.get(link.target_id)
        if i is None or j is None or i == j:
            continue
        links[i * n + j if i < j else j * n + i].append(link)

    shared: list[tuple[str, np.ndarray]] = []
    oversized: list[dict] = []
    for business_id, members in sorted(_business_members(network).items()):
        ids_in = sorted(position[p] for p in members)
        if len(ids_in) <= SHARED_GROUP_LIMIT:
            shared.append((business_id, _clique_keys(ids_in, n)))
            continue
        oversized.append({"via": business_id, "persons": len(ids_in), "tied_to": "controllers"})
        controllers = {position[p] for p, ls in members.items() if any(l.type in BUSINESS_CONTROL_LINKS for l in ls)}
        star = [min(c, p) * n + max(c, p) for c in sorted(controllers) for p in ids_in if p not in controllers or p > c]
        shared.append((business_id, np.array(star, dtype=np.int64)))

    for group in network.shared_identifiers:
        ids_in = sorted({position[o] for o in group.owner_ids if o in position})
        tag = f"{group.kind}:{group.value}"
        if len(ids_in) > SHARED_GROUP_LIMIT:
            oversized.append({"via": tag, "persons": len(ids_in), "tied_to": "nobody"})
        else:
            shared.append((tag, _clique_keys(ids_in, n)))

    persons = [network.persons[pid] for pid in ids]
    return PersonTies(
        ids=ids,
        victim=[p.is_victim for p in persons],
        identified_victim=[p.is_identified_victim for p in persons],
        links=dict(links),
        shared=shared,
        oversized=oversized,
    )


def person_graph(network: CaseNetwork) -> nx.Graph:
    """The undirected network of persons of a case, as a networkx graph.

    Nodes are all persons, in sorted id order. Node attributes: ``victim`` and
    ``identified_victim`` (booleans). Victims stay in the graph: they are part of the
    structure even though they are never ranked.

    Two persons share an edge when a link joins them directly, when both are tied to
    the same business (OWNS, DIRECTS, MANAGES, WORKS_AT, EMPLOYS, or a CONTROLS,
    RECRUITED, TRANSPORTED, HOUSED, EXPLOITS link between the business and them), or
    when they share an identifier (phone, account, address, ...). Edge attributes:

    - ``links``: the direct links between the two, as loaded (direction kept);
    - ``types``: the sorted distinct types of those links;
    - ``since`` / ``until``: the earliest start and latest end over those links;
    - ``via``: sorted business ids and ``"kind:value"`` identifiers the two share.

    Links with an end outside the projection (a neighbourhood projection cuts links
    at its border) and self-links are left out. ``graph.graph["oversized_groups"]``
    lists the businesses and identifiers above `SHARED_GROUP_LIMIT`.

    Examples
    --------
    >>> from queries.network.model import Business, CaseNetwork, Link, Person
    >>> net = CaseNetwork(
    ...     persons={p: Person(p) for p in ("a", "b", "c")},
    ...     businesses={"shop": Business("shop", "Shop AS")},
    ...     links=[Link("a", "CONTROLS", "b"), Link("a", "OWNS", "shop"),
    ...            Link("c", "WORKS_AT", "shop")])
    >>> g = person_graph(net)
    >>> g.edges["a", "b"]["types"], g.edges["a", "c"]["via"]
    (['CONTROLS'], ['shop'])
    """
    return person_ties(network).to_networkx()


def _attributes(links: list[Link], via: list[str]) -> dict:
    sinces = [l.since for l in links if l.since is not None]
    untils = [l.until for l in links if l.until is not None]
    return {
        "links": links,
        "types": sorted({l.type for l in links}),
        "since": min(sinces, default=None),
        "until": max(untils, default=None),
        "via": sorted(set(via)),
    }


def holding_edges(network: CaseNetwork) -> list[tuple[str, str]]:
    """Who holds whom: the directed links along which a person exploits a victim.

    Edges run from a person or business to the person they CONTROL, RECRUITED,
    TRANSPORTED, HOUSED or EXPLOIT; from a person to the business they OWN, DIRECT or
    MANAGE; and from a business to the person who WORKS_AT it or whom it EMPLOYS.
    Communication and association do not hold anyone.
    """
    persons, businesses = network.persons, network.businesses
    edges = []
    for link in network.links:
        s, t = link.source_id, link.target_id
        if link.type in EXPLOITATION_LINKS and (s in persons or s in businesses) and t in persons and s != t:
            edges.append((s, t))
        elif link.type in BUSINESS_CONTROL_LINKS and s in persons and t in businesses:
            edges.append((s, t))
        elif link.type in BUSINESS_WORK_LINKS and s in persons and t in businesses:
            edges.append((t, s))
        elif link.type in EMPLOYMENT_LINKS:
            if s in businesses and t in persons:
                edges.append((s, t))
            elif s in persons and t in businesses:
                edges.append((t, s))
    return edges


def holding_graph(network: CaseNetwork) -> nx.DiGraph:
    """`holding_edges` as a networkx graph; nodes carry ``kind`` ("person" or
    "business") and, for persons, ``victim``."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from((pid, {"kind": "person", "victim": p.is_victim}) for pid, p in sorted(network.persons.items()))
    graph.add_nodes_from((bid, {"kind": "business"}) for bid in sorted(network.businesses))
    graph.add_edges_from(holding_edges(network))
    return graph
