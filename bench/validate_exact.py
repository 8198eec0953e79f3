"""The exact key-player search on the four published criminal networks, beside the searches and
the published figures (docs/validation.md, "Exact optimum").

    .venv/bin/python -m bench.validate_exact [--data DIR] [--seconds 120] [--sizes 5 10]

For each network and k: the share of the initial largest part left by the exact search (and
whether it is proven optimal within the budget, else the bound reached), by the shipped
key-player set (blended objective), by the same search on the largest part alone, and as
published (Cavallaro et al. 2020, Montagna only). Times are CPU seconds of this process, so
that a busy machine stretches them less than wall time; the exact search's budget is CPU
seconds too.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.validate_networks import DATA, PUBLISHED, as_case_network, networks
from queries.key_persons.exact import exact_key_players
from queries.key_persons.rank import key_player_set


def timed(run):
    began = time.process_time()
    out = run()
    return out, time.process_time() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seconds", type=float, default=120.0, help="the exact search's budget (CPU s)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 10])
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: no data at {args.data} (the networks are not in this repository; give --data DIR)")
        sys.exit(0)
    print("| network | k | exact | status | search, blended | search, largest part | published (betweenness) | "
          "exact time | search times |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, (graph, _) in networks(args.data).items():
        network = as_case_network(graph)
        for k in args.sizes:
            blended, t_blended = timed(lambda: key_player_set(network, k))
            largest, t_largest = timed(lambda: key_player_set(network, k, objective="largest"))
            start = largest.person_ids  # the searched set on the same measure: a good start
            exact, t_exact = timed(lambda: exact_key_players(graph, k, start=start, seconds=args.seconds,
                                                             clock=time.process_time))
            first = exact.largest_at_first
            status = "optimal" if exact.optimal else f"best found; bound {exact.bound_share:.3f}"
            # Cavallaro et al.'s best: betweenness, recomputed after each removal.
            quoted = PUBLISHED.get(name, {}).get("betweenness")
            published = quoted[(5, 10).index(k)] if quoted and k in (5, 10) else None
            print(f"| {name} | {k} | **{exact.share:.3f}** | {status} | "
                  f"{blended.steps[-1].largest_component / first:.3f} | "
                  f"{largest.steps[-1].largest_component / first:.3f} | "
                  f"{'' if published is None else f'{published:.3f}'} | {t_exact:.1f} s ({exact.nodes} steps) | "
                  f"{t_blended:.2f} s / {t_largest:.2f} s |", flush=True)


if __name__ == "__main__":
    main()
