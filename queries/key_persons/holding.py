"""Who still reaches the victims: the part of a key-player search's objective that counts victims
cut off from every exploiter (`queries.key_persons.search`), kept up to date one removal at a time."""

from __future__ import annotations

import copy
from collections import defaultdict, deque
from collections.abc import Iterable

__all__ = ["Holding"]


class Holding:
    """Which targets (victims) some remaining source (exploiter) still reaches.

    A target is *held* while a directed path runs to it from a source that has not
    been removed, through nodes that have not been removed. Paths may pass through
    non-sources (businesses, victims who recruit): an owner holds the staff of their
    business, a controller the victims recruited by a victim they control.

    The object keeps the nodes removed so far and what is still reached; `remove`
    updates both locally, without a new search of the whole graph.
    """

    def __init__(self, edges: Iterable[tuple[str, str]], sources: Iterable[str], targets: Iterable[str]) -> None:
        self.succ: dict[str, list[str]] = defaultdict(list)
        self.pred: dict[str, list[str]] = defaultdict(list)
        for u, v in edges:
            self.succ[u].append(v)
            self.pred[v].append(u)
        self.sources = frozenset(sources)
        self.targets = frozenset(targets)
        self.removed: set[str] = set()
        self.reached = set(self.sources)
        queue = deque(self.sources)
        while queue:
            for w in self.succ.get(queue.popleft(), ()):
                if w not in self.reached:
                    self.reached.add(w)
                    queue.append(w)
        self.held = len(self.reached & self.targets)

    def copy(self) -> Holding:
        """A copy whose removals leave this one untouched (the edges are shared)."""
        other = copy.copy(self)
        other.removed, other.reached = set(self.removed), set(self.reached)
        return other

    def _lost(self, v: str) -> set[str]:
        """The nodes no longer reached once ``v`` is removed.

        Only nodes that ``v`` reaches without passing another source can be lost;
        one of them stays reached if a reached node outside that set, other than
        ``v``, still leads into it.
        """
        if v not in self.reached:
            return set()
        downstream: set[str] = set()
        queue = deque([v])
        while queue:
            for w in self.succ.get(queue.popleft(), ()):
                if w not in downstream and w in self.reached and w not in self.sources and w != v:
                    downstream.add(w)
                    queue.append(w)
        alive = {
            x for x in downstream
            if any(p != v and p in self.reached and p not in downstream for p in self.pred.get(x, ()))
        }
        queue = deque(alive)
        while queue:
            for w in self.succ.get(queue.popleft(), ()):
                if w in downstream and w not in alive:
                    alive.add(w)
                    queue.append(w)
        return (downstream - alive) | {v}

    def cut_off_by(self, v: str) -> int:
        """How many targets held now would no longer be held once ``v`` is removed."""
        return sum(1 for x in self._lost(v) if x in self.targets)

    def remove(self, v: str) -> None:
        lost = self._lost(v)
        self.reached -= lost
        self.removed.add(v)
        self.held -= sum(1 for x in lost if x in self.targets)
