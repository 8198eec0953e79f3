"""Benchmark of the key persons' reasons phase: two source trees side by side, in one run.

`key-persons --all` writes its reasons over `ComponentCuts` (the cuts of each part a shown
person is in, `queries.key_persons.cuts`). This times that phase, on one synthetic network
(no database: bench_key_persons_pure's one case, or with ``--cases N`` `multi_case`'s N cases
of tree-like ties, nearer the generated bundles' many parts), for the top 10 and every victim who exploits
others: fresh cuts and every reason written, as `rank_all` does after the ranking. Each tree
(default: ``before`` = the given git revision, exported; ``after`` = this tree) runs in its
own process, the trees interleaved per rep; each process builds the network and its analysis,
then times the phase ``--runs`` times, the collector paused as `rank_all` pauses it. Prints each leg's wall and CPU seconds with the load
average, the ratios of the medians, and whether every leg wrote the same reasons.

Run: ``.venv/bin/python -m bench.bench_key_persons_reasons [--before main] [--persons 100000] [--reps 2] [--cases 0]``
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
from datetime import date
from pathlib import Path

from queries.network.model import CaseNetwork, Link, Person, Role

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["CONTROLS", "RECRUITED", "TRANSPORTED", "HOUSED", "EXPLOITS", "COMMUNICATED_WITH", "ASSOCIATE_OF"]


def multi_case(seed: int, cases: int, size: int, extra: int) -> CaseNetwork:
    """Cases of tree-like ties (many articulation points), a few extra ties inside each, and
    persons tied across cases; about 40% victims, some of whom recruit or exploit others."""
    rng = random.Random(seed)
    net = CaseNetwork(case_ids=[f"K{c}" for c in range(cases)], jurisdiction="NO")
    everyone: list[str] = []
    for c in range(cases):
        case, ids = f"K{c}", []
        for i in range(size):
            pid = f"{case}-{i:03d}"
            victim = rng.random() < 0.4
            identified = date(2024, 1, 1) if victim and rng.random() < 0.5 else None
            net.persons[pid] = Person(pid, name=f"N{seed}{c}{i}", roles=[Role(case, "victim" if victim else "suspect", identified)])
            if ids:
                net.links.append(Link(rng.choice(ids), rng.choice(KINDS), pid, case_id=case))
            ids.append(pid)
        for _ in range(extra):
            net.links.append(Link(rng.choice(ids), rng.choice(KINDS), rng.choice(ids), case_id=case,
                                  amount=float(rng.randrange(100, 5000)) if rng.random() < 0.3 else None))
        everyone += ids
    for _ in range(cases * 2):
        net.links.append(Link(rng.choice(everyone), "COMMUNICATED_WITH", rng.choice(everyone)))
    return net


CHILD = """
import dataclasses, hashlib, json, os, random, sys, time
from datetime import date
from bench.bench_key_persons_pure import synthetic_network
from queries.network.model import CaseNetwork, Link, Person, Role
from queries.key_persons.cuts import ComponentCuts
from queries.key_persons.reasons import Explainer
from queries.key_persons.scores import analyse
from queries.network.gc_pause import paused_gc

persons, runs, top, cases = (int(x) for x in sys.argv[1:5])
KINDS = %r
%s
net = synthetic_network(persons) if cases == 0 else multi_case(1, cases, persons // cases, persons // cases // 5)
a = analyse(net, False, 1)
out = []
for _ in range(runs):
    wall, cpu = time.perf_counter(), time.process_time()
    with paused_gc():  # as rank_all (and rank) run it
        explain = Explainer(dataclasses.replace(a, cuts=ComponentCuts(a.g, a.central.components)))
        shown = [explain.person(pid, rank) for rank, pid in enumerate(a.ranked[:top], start=1)]
        shown += [explain.person(pid, None) for pid in a.offenders]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    digest = hashlib.sha256(json.dumps([p.to_dict() for p in shown], sort_keys=True).encode()).hexdigest()
    out.append({"wall": wall, "cpu": cpu, "digest": digest, "load": os.getloadavg()[0]})
print(json.dumps({"runs": out, "persons": a.g.vcount(), "shown": len(shown)}))
""" % (KINDS, inspect.getsource(multi_case))


def export(rev: str, into: Path) -> Path:
    """The tree of a git revision, as files (git archive)."""
    archive = into / "tree.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), rev], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def leg(tree: Path, persons: int, runs: int, top: int, cases: int) -> dict:
    env = os.environ | {"PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(persons), str(runs), str(top), str(cases)], cwd=tree, env=env,
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="main", help="git revision of the 'before' tree")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3, help="timed phases per process (the first on fresh imports)")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--cases", type=int, default=0,
                        help="0: bench_key_persons_pure's one-case network; N: `multi_case`'s N cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reasons-") as scratch:
        trees = {"before": export(args.before, Path(scratch)), "after": ROOT}
        walls: dict[str, list[float]] = {k: [] for k in trees}
        cpus: dict[str, list[float]] = {k: [] for k in trees}
        digests: set[str] = set()
        for rep in range(1, args.reps + 1):
            for name, tree in trees.items():
                got = leg(tree, args.persons, args.runs, args.top, args.cases)
                for run in got["runs"]:
                    walls[name].append(run["wall"])
                    cpus[name].append(run["cpu"])
                    digests.add(run["digest"])
                print(f"rep {rep} {name:6} ({got['persons']:,} persons, {got['shown']:,} shown): "
                      + ", ".join(f"{r['wall']:.2f} s (cpu {r['cpu']:.2f}, load {r['load']:.1f})" for r in got["runs"]),
                      flush=True)
    b = statistics.median(walls["before"]), statistics.median(cpus["before"])
    f = statistics.median(walls["after"]), statistics.median(cpus["after"])
    print(f"median before {b[0]:.2f} s (cpu {b[1]:.2f}), after {f[0]:.2f} s (cpu {f[1]:.2f}): "
          f"ratio {f[0] / b[0]:.2f} (cpu {f[1] / b[1]:.2f}); load now {os.getloadavg()[0]:.1f}")
    print(f"same reasons in every run: {len(digests) == 1}")


if __name__ == "__main__":
    main()
