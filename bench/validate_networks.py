"""Validate the key-persons analysis on published real criminal networks.

For each network, remove 10 persons one at a time and report the share of the
initial largest connected component left after 5 and after 10 removals (and
Borgatti's fragmentation F at those points), choosing whom to remove by:

- ``key-player set``: `key_player_set` as shipped (greedy on Borgatti's F over the
  top `KEY_PLAYER_POOL` persons of the ranking, recomputed after each removal);
- ``greedy F, all candidates``: the same greedy with every person a candidate;
- ``ranking, recomputed``: the top person of `rank_key_persons` (structure only:
  these networks have no roles), re-ranked after each removal;
- ``degree`` and ``betweenness``: the highest plain degree / betweenness
  (networkx, unweighted), recomputed after each removal, ties to the person added
  to the graph last: the procedure of Cavallaro et al. (2020), whose published
  Montagna figures are printed beside ours.

The data sets are read from ``/work/shared/data/criminal-networks`` (or the folder
given with ``--data``) at run time; they are not part of the repository.

Run: ``.venv/bin/python bench/validate_networks.py``

References
----------
L. Cavallaro, A. Ficara, P. De Meo, G. Fiumara, S. Catanese, O. Bagdasar, W. Song,
A. Liotta, "Disrupting resilient criminal networks through data analysis: the case
of Sicilian Mafia", PLOS ONE 15(8): e0236476, 2020 (Montagna meetings and phone calls).
C. Morselli, "Assessing vulnerable and strategic positions in a criminal network",
Journal of Contemporary Criminal Justice 26(4):382-392, 2010; C. Morselli, Inside
Criminal Networks, Springer, 2009 (CAVIAR).
S. de la Mora Tostado, M. Nunez-Lopez, E. A. Hernandez-Vargas, "Human trafficking in
Mexico: data sources, network analysis and the limits of dismantling strategies",
Social Network Analysis and Mining, 2024, doi:10.1007/s13278-024-01208-x.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from queries.fragmentation import fragmentation, greedy_key_players
from queries.key_persons import key_player_set, rank_key_persons
from queries.network import CaseNetwork, Link, Person

DATA = Path("/work/shared/data/criminal-networks")
REMOVALS = 10
#: Published shares of the initial largest component left after k removals
#: (Cavallaro et al. 2020, sequential removal, unweighted), as quoted in the data
#: folder's README: {network: {method: (k=5, k=10)}}.
PUBLISHED = {
    "montagna-meetings": {"betweenness": (0.424, 0.207), "degree": (0.837, 0.457)},
    "montagna-phonecalls": {"betweenness": (0.247, 0.045)},
}


def read_edge_list(path: Path, separator: str | None = None) -> nx.Graph:
    """An undirected graph with nodes in the order they first appear in the file."""
    graph = nx.Graph()
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            u, v, *_ = line.split(separator)
            if u != v:
                graph.add_edge(u, v)
    return graph


def read_adjacency(path: Path) -> nx.Graph:
    """An undirected graph from a labelled adjacency matrix (any non-zero cell is a tie)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    labels = rows[0][1:]
    graph = nx.Graph()
    graph.add_nodes_from(labels)
    for row in rows[1:]:
        for label, cell in zip(labels, row[1:]):
            if row[0] != label and float(cell or 0) != 0:
                graph.add_edge(row[0], label)
    return graph


def networks(data: Path) -> dict[str, tuple[nx.Graph, dict[str, str]]]:
    mexico_roles = {}
    with (data / "mexico-trafficking" / "labels.csv").open(encoding="utf-8-sig", newline="") as f:
        for node, label in csv.reader(f):
            mexico_roles[node] = label.strip()
    return {
        "montagna-meetings": (read_edge_list(data / "montagna" / "Montagna_meetings_edgelist.csv"), {}),
        "montagna-phonecalls": (read_edge_list(data / "montagna" / "Montagna_phonecalls_edgelist.csv"), {}),
        "caviar": (read_adjacency(data / "caviar" / "morselli_caviar.csv"), {}),
        "mexico-trafficking": (read_edge_list(data / "mexico-trafficking" / "Data.txt"), mexico_roles),
    }


def as_case_network(graph: nx.Graph) -> CaseNetwork:
    """A role-less case network: persons and contacts only."""
    return CaseNetwork(
        persons={str(v): Person(str(v)) for v in graph},
        links=[Link(str(u), "COMMUNICATED_WITH", str(v)) for u, v in graph.edges()],
    )


def largest(graph: nx.Graph) -> int:
    return max((len(c) for c in nx.connected_components(graph)), default=0)


def by_measure(measure: Callable[[nx.Graph], dict]) -> Callable[[nx.Graph], list[str]]:
    """Recompute the measure after each removal; ties go to the node added last."""

    def pick(graph: nx.Graph) -> list[str]:
        g = graph.copy()
        removed = []
        for _ in range(REMOVALS):
            scores = measure(g)
            best = max(scores.values())
            # Nodes iterate in insertion order: the last one at the maximum was added last.
            chosen = [v for v in g if abs(scores[v] - best) <= 1e-12][-1]
            g.remove_node(chosen)
            removed.append(chosen)
        return removed

    return pick


def key_player_picks(graph: nx.Graph) -> list[str]:
    return key_player_set(as_case_network(graph), REMOVALS).person_ids


def greedy_all_picks(graph: nx.Graph) -> list[str]:
    return [s.removed for s in greedy_key_players(graph, REMOVALS)[1:]]


def ranking_picks(graph: nx.Graph) -> list[str]:
    g = graph.copy()
    removed = []
    for _ in range(REMOVALS):
        chosen = rank_key_persons(as_case_network(g), top=1).ranking[0].person_id
        g.remove_node(chosen)
        removed.append(chosen)
    return removed


METHODS: dict[str, Callable[[nx.Graph], list[str]]] = {
    "key-player set": key_player_picks,
    "greedy F, all candidates": greedy_all_picks,
    "ranking, recomputed": ranking_picks,
    "degree": by_measure(lambda g: dict(g.degree())),
    "betweenness": by_measure(nx.betweenness_centrality),
}


def after(graph: nx.Graph, removed: list[str], k: int) -> nx.Graph:
    return graph.subgraph(set(graph) - set(removed[:k]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    for name, (graph, roles) in networks(args.data).items():
        print(
            f"\n## {name}: {graph.number_of_nodes()} persons, {graph.number_of_edges()} ties, "
            f"largest connected part {largest(graph)}\n"
        )
        print("| removal by | left after 5 | left after 10 | published (5 / 10) | F after 5 / 10 | first five removed | time |")
        print("|---|---|---|---|---|---|---|")
        for method, pick in METHODS.items():
            start = time.perf_counter()
            removed = [str(v) for v in pick(graph)]
            elapsed = time.perf_counter() - start
            five, ten = (largest(after(graph, removed, k)) / largest(graph) for k in (5, 10))
            f5, f10 = (fragmentation(after(graph, removed, k)) for k in (5, 10))
            published = PUBLISHED.get(name, {}).get(method)
            quoted = f"{published[0]:.3f} / {published[1]:.3f}" if published else ""
            first = ", ".join(roles.get(v, v) for v in removed[:5])
            print(f"| {method} | {five:.3f} | {ten:.3f} | {quoted} | {f5:.3f} / {f10:.3f} | {first} | {elapsed:.2f} s |")


if __name__ == "__main__":
    main()
