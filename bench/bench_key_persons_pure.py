"""Benchmark of the key-persons analysis in pure Python, without a database.

Builds synthetic case networks of 1k, 10k and 100k persons (about five links per
person: exploitation cells with a controller, recruiters, a driver, victims and a
business, grouped into organisations that talk to each other), then times
`rank_key_persons` end to end (person graph, centrality, roles, reasons) and
`key_player_set`, compares igraph and rustworkx exact betweenness, and measures how
far the sampled betweenness changes the top 10 at 10k persons.

Run: ``.venv/bin/python bench/bench_key_persons_pure.py [--sizes 1000 10000 100000]``
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date

import igraph as ig

from queries.key_persons.centrality import EXACT_MAX_PERSONS, betweenness, centrality
from queries.key_persons.rank import key_player_set, rank_key_persons
from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role
from queries.network.person_graph import person_graph, person_ties

CELLS_PER_ORGANISATION = 10
SEEDS = range(5)
INDICATORS = ("passport_withheld", "debt_bondage", "housing_control", "unreported_wages", "threats_or_violence")


def synthetic_network(persons: int, seed: int = 1) -> CaseNetwork:
    """A case network of about ``persons`` persons and ``5 * persons`` links.

    Each cell: a controller who owns a business, two recruiters, a driver, 5-25
    victims (60% identified) of whom most work at the business, and one associate.
    Every tenth cell has a victim who recruits another. Controllers of an
    organisation report to its head; a few links join random suspects across cells.
    """
    rng = random.Random(seed)
    net = CaseNetwork(case_ids=["SYN"], jurisdiction="NO")
    suspects: list[str] = []
    heads: list[str] = []
    cell = 0

    def person(pid: str, role: str, identified: bool = False) -> str:
        net.persons[pid] = Person(pid, name=pid, roles=[Role("SYN", role, date(2024, 1, 1) if identified else None)])
        return pid

    def link(s: str, kind: str, t: str, amount: float | None = None) -> None:
        net.links.append(Link(s, kind, t, case_id="SYN", since=date(2023, 1 + rng.randrange(12), 1), amount=amount))

    while len(net.persons) < persons:
        c = f"C{cell:05d}"
        if cell % CELLS_PER_ORGANISATION == 0:
            heads.append(person(f"H{cell:05d}", "suspect"))
        boss = person(f"{c}-boss", "suspect")
        recruiters = [person(f"{c}-rec{i}", "suspect") for i in range(2)]
        driver = person(f"{c}-drv", "suspect")
        associate = person(f"{c}-asc", "associate")
        victims = [person(f"{c}-v{i:02d}", "victim", rng.random() < 0.6) for i in range(rng.randint(5, 25))]
        business = f"{c}-biz"
        net.businesses[business] = Business(business, f"Business {c}")
        link(boss, "OWNS", business)
        link(heads[-1], "CONTROLS", boss)
        for r in recruiters:
            link(boss, "CONTROLS", r)
        for s in (*recruiters, driver, associate):
            link(boss, "COMMUNICATED_WITH", s)
        for v in victims:
            link(boss, "CONTROLS", v)
            link(rng.choice(recruiters), "RECRUITED", v)
            link(driver, "TRANSPORTED", v)
            link(recruiters[1], "HOUSED", v)
            link(v, "PAID", boss, amount=float(rng.randrange(1_000, 20_000, 500)))
            if rng.random() < 0.7:
                link(v, "WORKS_AT", business)
            if rng.random() < 0.3:
                link(v, "COMMUNICATED_WITH", rng.choice(victims))
        if cell % 10 == 3:
            link(victims[0], "RECRUITED", victims[-1])
        for s in (boss, *recruiters):
            net.evidence.append(
                Evidence(f"E-{s}", "SYN", s, rng.choice(INDICATORS), "document", rng.random() < 0.5)
            )
        suspects += [boss, *recruiters, driver]
        cell += 1
    for _ in range(len(suspects) // 2):  # cross-cell contacts
        link(rng.choice(suspects), "COMMUNICATED_WITH", rng.choice(suspects))
    for h in heads:
        link(h, "ASSOCIATE_OF", rng.choice(heads))
    return net


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def timed_cpu(fn, *args, **kwargs):
    """Wall-clock and CPU seconds: on a shared machine the CPU time is the steadier."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start, time.process_time() - cpu


def agreement(a: list[str], b: list[str]) -> int:
    return len(set(a) & set(b))


def top_by(values: list[float], ids: list[str], k: int = 10) -> list[str]:
    return [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-values[i], ids[i]))[:k]]


def bench_size(n: int) -> None:
    net = synthetic_network(n)
    ties, t_ties = timed(person_ties, net)
    g, t_igraph = timed(ties.to_igraph)
    _, t_central = timed(centrality, g)
    _, t_networkx = timed(person_graph, net)
    result, t_rank, cpu_rank = timed_cpu(rank_key_persons, net, top=10)
    print(
        f"\n{len(net.persons):,} persons, {len(net.links):,} links -> person graph "
        f"{g.vcount():,} persons, {g.ecount():,} ties"
    )
    print(f"  rank_key_persons end to end  {t_rank:7.2f} s (cpu {cpu_rank:.2f} s)   [{result.method.describe()}]")
    print(
        f"    of which: ties {t_ties:.2f} s, igraph {t_igraph:.2f} s, centrality {t_central:.2f} s; "
        f"(networkx person_graph, not used by the ranking: {t_networkx:.2f} s)"
    )
    kp, t_set, cpu_set = timed_cpu(key_player_set, net, 10)
    last = kp.steps[-1]
    print(
        f"  key_player_set k=10          {t_set:7.2f} s (cpu {cpu_set:.2f} s)   (pool {kp.pool}, dF {kp.distance_method}; "
        f"largest part left {last.largest_share:.3f}, victims cut off {last.victims_cut_off} of {kp.steps[0].victims_held})"
    )
    if n <= 10_000:
        compare_exact(net, g)


def compare_exact(net: CaseNetwork, g: ig.Graph) -> None:
    ids = list(g.vs["name"])
    (exact, _), t_ig = timed(betweenness, g, exact=True, engine="igraph")
    _, t_rx = timed(betweenness, g, exact=True, engine="rustworkx")
    (_, method), t_approx = timed(betweenness, g, exact=False)
    print(
        f"  exact betweenness: igraph {t_ig:.2f} s, rustworkx {t_rx:.2f} s "
        f"({os.cpu_count()} cores); sampled {t_approx:.2f} s ({method.pivots:,} pivots)"
    )
    exact_top = top_by(exact, ids)
    exact_rank, t_exact = timed(rank_key_persons, net, top=10, exact=True)
    exact_ids = [p.person_id for p in exact_rank.ranking]
    by_seed = []
    for seed in SEEDS:
        sampled, _ = betweenness(g, exact=False, seed=seed)
        ranking = rank_key_persons(net, top=10, exact=False, seed=seed).ranking
        by_seed.append((agreement(exact_top, top_by(sampled, ids)), agreement(exact_ids, [p.person_id for p in ranking])))
    print(f"  top-10 agreement sampled vs exact, seeds {SEEDS[0]}-{SEEDS[-1]}:")
    print(f"    betweenness: {', '.join(f'{b}/10' for b, _ in by_seed)}")
    print(f"    ranking:     {', '.join(f'{r}/10' for _, r in by_seed)}  (rank_key_persons exact {t_exact:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print(f"exact betweenness up to {EXACT_MAX_PERSONS:,} persons, sampled above; load average {os.getloadavg()[0]:.2f}")
    for n in args.sizes:
        bench_size(n)


if __name__ == "__main__":
    main()
