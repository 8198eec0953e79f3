"""Validate the key-persons analysis on published real criminal networks.

For each network, remove 5 and 10 persons and report the share of the initial
largest connected component left (and Borgatti's fragmentation F), choosing whom
to remove by:

- ``key-player set``: `key_player_set` as shipped: greedy start, exchange (swap)
  and beam search over the top `KEY_PLAYER_POOL` persons of the ranking, on
  0.5 F + 0.5 (1 - largest part left); run once for 5 and once for 10 (a search
  for 10 need not contain the set of 5);
- ``key-player set, greedy only``: the same objective and candidates, greedy
  (``search="greedy"``): what the search adds;
- ``search, all candidates``: the same search with every person a candidate;
- ``search on F alone``: the same search over the top 50, on Borgatti's F alone (the
  structural objective before): what the search does without the largest part;
- ``greedy F, top 50 (before)``: the key-player set as shipped before the search
  (greedy on F alone over the top 50 of the ranking, recomputed after each removal);
- ``ranking, recomputed``: the top person of `rank_key_persons` (structure only:
  these networks have no roles), re-ranked after each removal;
- ``degree`` and ``betweenness``: the highest plain degree / betweenness
  (networkx, unweighted), recomputed after each removal, ties to the person added
  to the graph last: the procedure of Cavallaro et al. (2020), whose published
  Montagna figures are printed beside ours.

The sequential methods remove 10 persons one at a time; "after 5" is their first
five. The data sets are read from ``/work/shared/data/criminal-networks`` (or the
folder given with ``--data``) at run time; they are not part of the repository.

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
S. P. Borgatti, "Identifying sets of key players in a social network", Computational
& Mathematical Organization Theory 12:21-34, 2006 (the exchange search).
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from queries.key_persons.fragmentation import fragmentation
from queries.key_persons.search import greedy_key_players, search_key_players
from queries.key_persons.rank import KEY_PLAYER_LARGEST_WEIGHT, KEY_PLAYER_POOL, key_player_set, rank_key_persons
from queries.network.model import CaseNetwork, Link, Person

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


SIZES = (5, REMOVALS)
#: How each set was searched for, for the notes under each table: {method: {k: text}}.
NOTES: dict[str, dict[int, str]] = {}


def sequential(pick: Callable[[nx.Graph], list[str]]) -> Callable[[nx.Graph], dict[int, list[str]]]:
    """A method removing persons one at a time: the sets of 5 and 10 are its first 5 and 10."""

    def sets(graph: nx.Graph) -> dict[int, list[str]]:
        removed = pick(graph)
        return {k: removed[:k] for k in SIZES}

    return sets


def key_player_sets(graph: nx.Graph) -> dict[int, list[str]]:
    out = {}
    for k in SIZES:
        kp = key_player_set(as_case_network(graph), k)
        NOTES.setdefault("key-player set", {})[k] = kp.search.describe()
        out[k] = kp.person_ids
    return out


def key_player_greedy(graph: nx.Graph) -> list[str]:
    return key_player_set(as_case_network(graph), REMOVALS, search="greedy").person_ids


def top_of_ranking(graph: nx.Graph) -> list[str]:
    return [p.person_id for p in rank_key_persons(as_case_network(graph)).ranking][:KEY_PLAYER_POOL]


def searched(method: str, largest_weight: float, all_candidates: bool) -> Callable[[nx.Graph], dict[int, list[str]]]:
    """`search_key_players` on the structural objective, run once per size."""

    def sets(graph: nx.Graph) -> dict[int, list[str]]:
        pool = None if all_candidates else top_of_ranking(graph)
        out = {}
        for k in SIZES:
            found = search_key_players(graph, k, candidates=pool, largest_weight=largest_weight)
            NOTES.setdefault(method, {})[k] = (
                f"from the {found.found_by} start, {found.swaps} improving exchange{'s' if found.swaps != 1 else ''}, "
                f"{found.seconds:.2f} s"
                + (", stopped by the budget" if found.stopped_by_budget else "")
            )
            out[k] = [s.removed for s in found.steps[1:]]
        return out

    return sets


def greedy_f_before(graph: nx.Graph) -> list[str]:
    """The key-player set as shipped before the search: greedy on F over the top 50."""
    return [s.removed for s in greedy_key_players(graph, REMOVALS, candidates=top_of_ranking(graph))[1:]]


def ranking_picks(graph: nx.Graph) -> list[str]:
    g = graph.copy()
    removed = []
    for _ in range(REMOVALS):
        chosen = rank_key_persons(as_case_network(g), top=1).ranking[0].person_id
        g.remove_node(chosen)
        removed.append(chosen)
    return removed


METHODS: dict[str, Callable[[nx.Graph], dict[int, list[str]]]] = {
    "key-player set": key_player_sets,
    "key-player set, greedy only": sequential(key_player_greedy),
    "search, all candidates": searched("search, all candidates", KEY_PLAYER_LARGEST_WEIGHT, True),
    "search on F alone": searched("search on F alone", 0.0, False),
    "greedy F, top 50 (before)": sequential(greedy_f_before),
    "ranking, recomputed": sequential(ranking_picks),
    "degree": sequential(by_measure(lambda g: dict(g.degree()))),
    "betweenness": sequential(by_measure(nx.betweenness_centrality)),
}


def after(graph: nx.Graph, removed: list[str]) -> nx.Graph:
    return graph.subgraph(set(graph) - set(removed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    for name, (graph, roles) in networks(args.data).items():
        print(
            f"\n## {name}: {graph.number_of_nodes()} persons, {graph.number_of_edges()} ties, "
            f"largest connected part {largest(graph)}\n"
        )
        print("| removal by | left after 5 | left after 10 | published (5 / 10) | F after 5 / 10 | five removed | time |")
        print("|---|---|---|---|---|---|---|")
        NOTES.clear()
        for method, pick in METHODS.items():
            start = time.perf_counter()
            sets = {k: [str(v) for v in removed] for k, removed in pick(graph).items()}
            elapsed = time.perf_counter() - start
            five, ten = (largest(after(graph, sets[k])) / largest(graph) for k in SIZES)
            f5, f10 = (fragmentation(after(graph, sets[k])) for k in SIZES)
            published = PUBLISHED.get(name, {}).get(method)
            quoted = f"{published[0]:.3f} / {published[1]:.3f}" if published else ""
            first = ", ".join(roles.get(v, v) for v in sets[5])
            print(f"| {method} | {five:.3f} | {ten:.3f} | {quoted} | {f5:.3f} / {f10:.3f} | {first} | {elapsed:.2f} s |")
        print()
        for method, notes in NOTES.items():
            for k, note in notes.items():
                print(f"- {method}, {k}: {note}")


if __name__ == "__main__":
    main()
