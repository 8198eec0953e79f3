"""Benchmark of the key persons' reasons phase, before/after `vertex_blocks`, in one run.

`key-persons --all` builds its reasons over `ComponentCuts` (the cuts of each part a shown
person is in); at 100,000 persons the cuts were mostly igraph's Python-level vertex sets
of the biconnected blocks. This times, on one synthetic network (bench_key_persons_pure's,
no database), that phase for the top 10 and every victim who exploits others: the cuts
built fresh and every reason written, with `Cuts` taking its blocks from igraph's vertex
sets ("before", the old code, kept here) and from `vertex_blocks` ("after"), interleaved.
Prints each leg's wall and CPU seconds, the load average beside them, the ratios, and
whether both legs wrote the same reasons.

Run: ``.venv/bin/python -m bench.bench_key_persons_reasons [--persons 100000] [--reps 3]``
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import time
from collections.abc import Callable

import igraph as ig

from bench.bench_key_persons_pure import synthetic_network
from queries.key_persons import fragmentation
from queries.key_persons.blocks import VertexBlocks, vertex_blocks
from queries.key_persons.cuts import ComponentCuts
from queries.key_persons.reasons import Explainer
from queries.key_persons.scores import Analysis, analyse


def old_blocks(g: ig.Graph) -> VertexBlocks:
    """What `Cuts` did before: igraph's vertex sets, then a pass over every block's vertices."""
    blocks, articulation = g.biconnected_components(return_articulation_points=True)
    members = list(blocks)
    cut = set(articulation)
    block_of = [-1] * g.vcount()
    for b, block in enumerate(members):
        for u in block:
            if u not in cut:
                block_of[u] = b
    return VertexBlocks(members, list(articulation), [[v for v in block if v in cut] for block in members], block_of)


def reasons(a: Analysis, top: int) -> tuple[str, float, float]:
    """The phase: fresh cuts (each part decomposed when first asked), every shown person's
    reasons. Returns them as JSON, and the wall and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    explain = Explainer(dataclasses.replace(a, cuts=ComponentCuts(a.g, a.central.components)))
    shown = [explain.person(pid, rank) for rank, pid in enumerate(a.ranked[:top], start=1)]
    shown += [explain.person(pid, None) for pid in a.offenders]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return json.dumps([p.to_dict() for p in shown], sort_keys=True), wall, cpu


def cuts_only(a: Analysis) -> float:
    start = time.perf_counter()
    fragmentation.Cuts(a.g)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    net = synthetic_network(args.persons)
    a = analyse(net, False, 1)
    print(f"{len(net.persons):,} persons, person graph {a.g.vcount():,} / {a.g.ecount():,} ties, "
          f"{len(a.offenders):,} victims who exploit others; {max(a.central.components, default=-1) + 1} parts")
    legs: dict[str, Callable[[ig.Graph], VertexBlocks]] = {"before": old_blocks, "after": vertex_blocks}
    walls: dict[str, list[float]] = {k: [] for k in legs}
    cpus: dict[str, list[float]] = {k: [] for k in legs}
    cuts: dict[str, list[float]] = {k: [] for k in legs}
    outputs: dict[str, set[str]] = {k: set() for k in legs}
    for rep in range(1, args.reps + 1):
        for name, blocks in legs.items():
            fragmentation.vertex_blocks = blocks  # type: ignore[assignment]  # the leg's construction
            out, wall, cpu = reasons(a, args.top)
            cut = cuts_only(a)
            walls[name].append(wall)
            cpus[name].append(cpu)
            cuts[name].append(cut)
            outputs[name].add(out)
            print(f"rep {rep} {name:6}: reasons phase {wall:6.2f} s (cpu {cpu:.2f} s); Cuts of the whole graph "
                  f"{cut:.2f} s   load {os.getloadavg()[0]:.1f}", flush=True)
    fragmentation.vertex_blocks = vertex_blocks
    med = {k: (statistics.median(walls[k]), statistics.median(cpus[k]), statistics.median(cuts[k])) for k in legs}
    b, f = med["before"], med["after"]
    print(f"median before {b[0]:.2f} s (cpu {b[1]:.2f}), after {f[0]:.2f} s (cpu {f[1]:.2f}): "
          f"ratio {f[0] / b[0]:.2f} (cpu {f[1] / b[1]:.2f}); Cuts alone {b[2]:.2f} -> {f[2]:.2f} s "
          f"(ratio {f[2] / b[2]:.2f})")
    same = len(outputs["before"] | outputs["after"]) == 1
    print(f"same reasons in every run: {same}")


if __name__ == "__main__":
    main()
