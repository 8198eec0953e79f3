"""The person graph of the whole database, from `WholeGraph` arrays.

The same ties as `queries.network.person_graph.person_ties` (a link between two persons; two
persons of one business, all members up to `SHARED_GROUP_LIMIT`, else its controllers to
everyone; two holders of one identifier up to the limit), as one sorted array of pair keys
``i * n + j`` (``i < j``), without a `Link` object per pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import numpy as np

from queries.network.model import BUSINESS_CONTROL_LINKS
from queries.network.person_graph import BUSINESS_TIE_LINKS, SHARED_GROUP_LIMIT, _clique_keys
from queries.network.whole_graph import WholeGraph

__all__ = ["EDGE_SLICE", "ArrayTies", "array_ties"]

#: Ties handed to igraph at once (see `ArrayTies.to_igraph`).
EDGE_SLICE = 1_000_000


@dataclass
class ArrayTies:
    """`PersonTies` without the links behind each pair: what ranking everyone needs."""

    ids: list[str]
    victim: list[bool]
    keys: np.ndarray  # sorted distinct pair keys
    oversized: list[dict]

    def to_igraph(self) -> ig.Graph:
        """The pairs in key order (the order of `PersonTies.pairs`), added a slice at a time:
        igraph copies a numpy array of pairs through Python objects all at once (2.3 GB at
        10.5 million ties), a slice's list of tuples costs a few tens of MB."""
        g = ig.Graph(n=len(self.ids), directed=False)
        for start in range(0, len(self.keys), EDGE_SLICE):
            i, j = np.divmod(self.keys[start:start + EDGE_SLICE], len(self.ids))
            g.add_edges(list(zip(i.tolist(), j.tolist())))
        g.vs["name"] = self.ids
        return g


def _changes(values: np.ndarray) -> np.ndarray:
    """Per position of a sorted array: does a new value start there."""
    first = np.ones(len(values), dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return first


def _distinct(keys: np.ndarray) -> np.ndarray:
    keys = np.sort(keys)
    return keys[_changes(keys)]


def array_ties(w: WholeGraph) -> ArrayTies:
    n = w.n
    s, t = w.source, w.target
    direct = (s < n) & (t < n) & (s != t)
    lo, hi = np.minimum(s[direct], t[direct]), np.maximum(s[direct], t[direct])
    parts = [lo * n + hi]

    # Business members: a tie link between a person and a business, in either direction.
    tie = w.is_(BUSINESS_TIE_LINKS)
    control = w.is_(BUSINESS_CONTROL_LINKS)
    to_business = tie & (s < n) & (t >= n)
    from_business = tie & (s >= n) & (t < n)
    business = np.concatenate([t[to_business], s[from_business]])
    person = np.concatenate([s[to_business], t[from_business]])
    controls = np.concatenate([control[to_business], control[from_business]])
    order = np.lexsort((person, business))
    business, person, controls = business[order], person[order], controls[order]
    # One row per (business, person); a member controls when any of their links does.
    first = _changes(business) | _changes(person)
    member_controls = np.zeros(int(first.sum()), dtype=bool)
    np.logical_or.at(member_controls, np.cumsum(first) - 1, controls)
    business, person = business[first], person[first]
    starts = np.flatnonzero(_changes(business))
    ends = np.append(starts[1:], len(business))
    oversized = []
    for b0, b1 in sorted(zip(starts.tolist(), ends.tolist()), key=lambda se: w.business_ids[business[se[0]] - n]):
        members = person[b0:b1]  # sorted
        if len(members) <= SHARED_GROUP_LIMIT:
            parts.append(_clique_keys(members.tolist(), n))
            continue
        oversized.append({"via": w.business_ids[business[b0] - n], "persons": len(members), "tied_to": "controllers"})
        for c in members[member_controls[b0:b1]].tolist():
            others = members[members != c]
            parts.append(np.minimum(others, c) * n + np.maximum(others, c))

    for group in w.identifier_groups:
        parts.append(_clique_keys(group.tolist(), n))
    oversized += [{"via": f"{kind}:{value}", "persons": count, "tied_to": "nobody"}
                  for kind, value, count in w.oversized_identifiers]
    keys = _distinct(np.concatenate(parts).astype(np.int64))
    return ArrayTies(ids=w.person_ids, victim=w.victim.tolist(), keys=keys, oversized=oversized)
