"""The sample bundle read straight from its CSV files, as an independent model to check
Cypher answers against (no Neo4j, no loader: only csv, the identifier normaliser and networkx)."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import networkx as nx

from graph.sealing import sealer_for
from graph.settings import Settings
from ingest.identifiers import normalise
from tests.paths import SAMPLE


def _rows(name: str, root: Path = SAMPLE) -> list[dict[str, str]]:
    with (root / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@dataclass
class Bundle:
    persons: dict[str, dict[str, str]]
    businesses: dict[str, dict[str, str]]
    links: list[dict[str, str]]
    #: (case_id, person_id) -> role rows
    roles: list[dict[str, str]]
    #: identifier key -> ids of its holders (persons and businesses)
    holders: dict[str, set[str]] = field(default_factory=dict)

    def victims(self) -> set[str]:
        return {r["person_id"] for r in self.roles if r["role"] == "victim"}

    def cases_of(self, person_id: str, role: str | None = None) -> set[str]:
        return {r["case_id"] for r in self.roles if r["person_id"] == person_id and (role is None or r["role"] == role)}

    def graph(self) -> nx.MultiGraph:
        """Persons, businesses and identifiers; one edge per link, one per identifier held."""
        g = nx.MultiGraph()
        g.add_nodes_from(self.persons)
        g.add_nodes_from(self.businesses)
        for link in self.links:
            g.add_edge(link["source_id"], link["target_id"], type=link["type"])
        for key, owners in self.holders.items():
            for owner in owners:
                g.add_edge(owner, key, type="HAS_IDENTIFIER")
        return g


@cache
def sample_bundle() -> Bundle:
    holders: dict[str, set[str]] = defaultdict(set)
    blind = sealer_for(Settings()).blind  # identifier ids are blind indexes under the session's key
    for row in _rows("identifiers.csv"):
        holders[blind(row["kind"], normalise(row["kind"], row["value"]))].add(row["owner_id"])
    return Bundle(
        persons={r["person_id"]: r for r in _rows("persons.csv")},
        businesses={r["business_id"]: r for r in _rows("businesses.csv")},
        links=_rows("links.csv"),
        roles=_rows("roles.csv"),
        holders=dict(holders),
    )
