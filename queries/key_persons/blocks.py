"""The biconnected blocks of a graph as vertex lists, from igraph's edge lists by numpy.

`igraph.Graph.biconnected_components` turns each block's edges into a set of vertices in
Python: at 100,000 persons that is most of what `Cuts` costs (0.5 of 0.7 s), paid by the
reasons of `key-persons --all` on each run. `vertex_blocks` gives the same lists (each
block's vertices ascending, blocks in igraph's order) from one sort of (block, vertex) pairs,
and with them what `Cuts` used to loop over: each block's articulation vertices and the
block of every other vertex.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import igraph as ig
import numpy as np

__all__ = ["VertexBlocks", "vertex_blocks"]


@dataclass(frozen=True)
class VertexBlocks:
    members: list[list[int]]  # block -> its vertices, ascending
    articulation: list[int]  # igraph's articulation points
    cut_in: list[list[int]]  # block -> its articulation vertices, ascending
    block_of: list[int]  # vertex -> its one block if it is no articulation point and in a block, else -1


def vertex_blocks(g: ig.Graph) -> VertexBlocks:
    trees, articulation = ig.GraphBase.biconnected_components(g, True)
    n, count = g.vcount(), len(trees)
    if count == 0:
        return VertexBlocks([], list(articulation), [], [-1] * n)
    lengths = np.fromiter(map(len, trees), dtype=np.int64, count=count)
    edge_ids = np.fromiter(chain.from_iterable(trees), dtype=np.int64, count=int(lengths.sum()))
    edges = g.get_edgelist()
    ends = np.fromiter(chain.from_iterable(edges), dtype=np.int64, count=2 * len(edges)).reshape(-1, 2)[edge_ids]
    block = np.repeat(np.arange(count, dtype=np.int64), lengths)
    is_cut = np.zeros(n, dtype=bool)
    is_cut[np.asarray(articulation, dtype=np.int64)] = True
    # Every edge is in one block, and so is every vertex but the articulation points: such a
    # vertex's block is that of any of its edges. Only the articulation points' (block, vertex)
    # pairs need sorting out.
    block_of = np.full(n, -1, dtype=np.int64)
    cut_keys = []
    for side in (ends[:, 0], ends[:, 1]):
        cut = is_cut[side]
        block_of[side[~cut]] = block[~cut]
        cut_keys.append(block[cut] * n + side[cut])
    others = np.flatnonzero(block_of >= 0)
    # One key per (block, vertex): sorted by block, then vertex.
    pairs = np.sort(np.concatenate([block_of[others] * n + others, np.unique(np.concatenate(cut_keys))]))
    of_block, vertex = np.divmod(pairs, n)
    cut = is_cut[vertex]
    return VertexBlocks(
        members=_split(of_block, vertex, count),
        articulation=list(articulation),
        cut_in=_split(of_block[cut], vertex[cut], count),
        block_of=block_of.tolist(),
    )


def _split(of_block: np.ndarray, vertex: np.ndarray, count: int) -> list[list[int]]:
    """Vertices grouped by their (ascending) block, one list per block of ``count``."""
    bounds = np.searchsorted(of_block, np.arange(count + 1)).tolist()
    values = vertex.tolist()
    return [values[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])]
