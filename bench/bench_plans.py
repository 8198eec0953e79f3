"""Charge plans on a generated 10k-person case: evaluating one plan, and suggesting plans.

    .venv/bin/python -m bench.bench_plans [--persons 10000] [--seed 7] [--max-actions 4]

Generates one case of `--persons` persons (the generator makes a case per 1000 persons; the
benchmark asks for a single case, the size of a large investigation), loads it into a
throw-away local Neo4j, projects it, then times:

- evaluating one plan from scratch, as `thbgraph plan evaluate` does after the projection
  (checking it, the option index, the person graph, who holds whom), and a second plan on
  the same evaluator;
- `suggest_plans` end to end (key persons, options, every candidate plan, the Pareto front).

Aims (issue 5): evaluation under 1 s, suggestions under 10 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import ingest.generate
from bench.common import scratch_neo4j
from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.key_persons.rank import rank_key_persons
from queries.network.model import CaseNetwork
from queries.options.engine import options_for_person
from queries.plans.evaluate import PlanEvaluator
from queries.plans.model import Action, Plan
from queries.plans.suggest import suggest_plans
from queries.network.projection import Projector
from rules import pack_for

CASE = "GEN-0001"


def _plan(network: CaseNetwork, persons: int) -> Plan:
    """The best-ranked offence of each of the first key persons who have one: a realistic plan."""
    pack = pack_for("NO")
    actions = []
    for ranked in rank_key_persons(network, top=20).ranking:
        options = [o for o in options_for_person(network, pack, ranked.person_id, case_id=CASE).options
                   if o.kind == "offence"]
        if options:
            actions.append(Action(ranked.person_id, "person", options[0].code, "offence"))
        if len(actions) == persons:
            break
    return Plan(CASE, f"Best offence on {persons} key persons", tuple(actions))


def _timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:<48} {time.perf_counter() - started:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-actions", type=int, default=4)
    args = parser.parse_args()

    # One case of all the persons: the generator otherwise opens a case per 1000.
    ingest.generate.PERSONS_PER_CASE = args.persons
    pack = pack_for("NO")
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-plans-") as tmp:
        counts = generate_bundle(Path(tmp), persons=args.persons, seed=args.seed)
        print(", ".join(f"{n} {t}" for t, n in counts.items()))
        with scratch_neo4j() as (driver, _):
            _timed("load the bundle into Neo4j", lambda: load_bundle(driver, Path(tmp)))
            network = _timed(f"project case {CASE}", lambda: Projector(driver).case([CASE]))
    victims = sum(p.is_victim for p in network.persons.values())
    print(f"{len(network.persons)} persons ({victims} victims), {len(network.links)} links, "
          f"{len(network.evidence)} evidence rows")

    first, second = _plan(network, 3), _plan(network, 5)
    evaluator = PlanEvaluator(network, pack, CASE)
    evaluation = _timed("evaluate a plan of 3 actions (cold)", lambda: evaluator.evaluate(first))
    _timed("evaluate a plan of 5 actions (same evaluator)", lambda: evaluator.evaluate(second))
    _timed("evaluate the 3-action plan again, new evaluator", lambda: PlanEvaluator(network, pack, CASE).evaluate(first))
    print(f"  freed {len(evaluation.victims.freed)} of {len(evaluation.victims.held_before)} held; "
          f"F {evaluation.prevention.fragmentation_before:.3f} -> {evaluation.prevention.fragmentation_after:.3f}")

    result = _timed(f"suggest plans (up to {args.max_actions} actions)",
                    lambda: suggest_plans(network, pack, CASE, max_actions=args.max_actions))
    print(f"  {result.candidates} candidates, {result.front} on the Pareto front, "
          f"{len(result.suggestions)} suggestions: " + "; ".join(" / ".join(s.names) for s in result.suggestions))


if __name__ == "__main__":
    main()
