"""`Cuts` of the connected parts a few persons are in, computed when first asked.

The reasons of a key person ask whether they are an articulation point, and what removing
them cuts off: questions about their own connected part only. `Cuts` of a whole person graph
of a million persons is one biconnected decomposition of all of it, and Python objects per
block; `ComponentCuts` answers the same questions from the `Cuts` of each part asked about,
so where a database is many separate networks (cases) it decomposes only the parts shown.
Block numbers are the part's own: the reasons compare blocks of one vertex and its
neighbours, which share the part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import igraph as ig
import numpy as np

from queries.key_persons.fragmentation import Cuts

__all__ = ["ComponentCuts"]


class ComponentCuts:
    """What `Explainer` reads of `Cuts` (``articulation``, ``pieces``, ``blocks_with``)."""

    def __init__(self, g: ig.Graph, components: list[int]) -> None:
        self.g = g
        self.component = np.asarray(components, dtype=np.int64)
        self._members = np.argsort(self.component, kind="stable")
        self._starts = np.searchsorted(self.component[self._members], np.arange(self.component.max(initial=-1) + 2))
        # Each vertex's part and its vertex there, as lists: asked thousands of times per run,
        # a list index is several times cheaper than a numpy lookup.
        local = np.empty(len(self.component), dtype=np.int64)
        local[self._members] = np.arange(len(self._members)) - self._starts[self.component[self._members]]
        self._part: list[int] = self.component.tolist()
        self._local: list[int] = local.tolist()
        self._cuts: dict[int, Cuts] = {}
        self.articulation = _Lookup(self, lambda cuts, v: v in cuts.articulation)
        self.pieces = _Lookup(self, lambda cuts, v: cuts.pieces[v])

    def of(self, v: int) -> tuple[Cuts, int]:
        """The cuts of v's part, and v's vertex there."""
        c = self._part[v]
        if c not in self._cuts:
            members = self._members[self._starts[c]:self._starts[c + 1]]  # ascending: induced_subgraph keeps order
            self._cuts[c] = Cuts(self.g.induced_subgraph(members.tolist()))
        return self._cuts[c], self._local[v]

    def blocks_with(self, v: int) -> list[int]:
        cuts, local = self.of(v)
        return cuts.blocks_with(local)


class _Lookup:
    def __init__(self, owner: ComponentCuts, read: Callable[[Cuts, int], Any]) -> None:
        self.owner, self.read = owner, read

    def __contains__(self, v: int) -> bool:
        cuts, local = self.owner.of(v)
        return self.read(cuts, local)

    def __getitem__(self, v: int) -> Any:
        cuts, local = self.owner.of(v)
        return self.read(cuts, local)
