"""The candidates of the suggested plans (queries/plans/suggest.py): the choices to combine, from
the case's key persons and the businesses they control, and every combination of them.

For each of the first `SUGGEST_PERSONS` key persons who have options, none or one of their
`OPTIONS_PER_PERSON` best options (offences whose elements are all supported, or measures that
apply; their best trafficking charge always among them), and for up to `BUSINESSES` businesses
they control, none, the best measure, or the best measure that falls on no victim.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from queries.key_persons.rank import rank_key_persons
from queries.network.model import CaseNetwork
from queries.options.engine import Option
from queries.plans.evaluate import PlanEvaluator
from queries.plans.model import Action

__all__ = ["BUSINESSES", "OPTIONS_PER_PERSON", "SUGGEST_PERSONS", "combinations", "moves"]

#: Key persons whose options make up the candidates: 5 persons with 3 options each and 4
#: businesses with 2 give about 5 600 plans of up to 4 actions, 6-8 s at 10k persons
#: (bench/bench_plans.py).
SUGGEST_PERSONS = 5
OPTIONS_PER_PERSON = 3
BUSINESSES = 4
#: How far down the ranking to look for persons with options.
RANKING_DEPTH = 50

#: Flags of a measure that cost the victims it reaches something (legal-review-3.md E1).
VICTIM_COSTS = frozenset({"CRIMINALISES_VICTIMS", "EXPOSES_VICTIMS", "FALLS_ON_VICTIMS", "POSSIBLE_VICTIM"})


def moves(evaluator: PlanEvaluator, network: CaseNetwork, spared: list[str]) -> list[list[Action]]:
    """The choices to combine: per key person, their best options; per business they control,
    its best measure and the best one that falls on no victim (a plan takes one of each group).

    A key person who may be a victim (a suspect someone else controls) is never suggested as a
    target: victim-centred means assessing them first. They go into `spared`, for the notes."""

    def usable(o: Option) -> bool:
        # A charge only when every element has evidence; a trafficking count short of it, as the
        # investigation continued (it keeps what an investigation triggers).
        return o.kind == "measure" or o.strength == 1.0 or (o.category == "trafficking" and o.strength > 0)

    people: list[list[Action]] = []
    businesses: dict[str, list[Option]] = {}
    for ranked in rank_key_persons(network, top=RANKING_DEPTH).ranking:
        if len(people) == SUGGEST_PERSONS:
            break
        if ranked.standing is not None:
            spared.append(ranked.person_id)
            continue
        options = [o for o in evaluator.engine.options_for_person(ranked.person_id).options if usable(o)]
        # A trafficking count short of support only where no trafficking count is whole, and
        # only the best of them.
        partial = [o for o in options if o.kind == "offence" and o.strength < 1.0]
        whole = any(o.category == "trafficking" and o.strength == 1.0 for o in options)
        partial = partial if whole else partial[1:]
        options = [o for o in options if o not in partial]
        own = [o for o in options if o.target == "person"]
        # The trafficking charge is what keeps victims' protections: never let it drop out.
        trafficking = [o for o in own if o.category == "trafficking"][:1]
        own = trafficking + [o for o in own if o not in trafficking][: OPTIONS_PER_PERSON - len(trafficking)]
        if own:
            people.append([Action(ranked.person_id, "person", o.code, o.kind) for o in own])
        for o in options:
            if o.target == "business" and (o.target_id in businesses or len(businesses) < BUSINESSES):
                businesses.setdefault(o.target_id, []).append(o)
    measures = []
    for business_id, options in businesses.items():
        harmless = [o for o in options if not any(f.code in VICTIM_COSTS for f in o.flags)][:1]
        chosen = dict.fromkeys(o.code for o in options[:1] + harmless)  # the same measure once
        measures.append([Action(business_id, "business", code, "measure") for code in chosen])
    return people + measures


def combinations(choices: Sequence[Sequence[Action]], budget: int) -> Iterator[tuple[Action, ...]]:
    """Every way to take none or one action from each group, at most `budget` in all."""
    if not choices:
        yield ()
        return
    first, rest = choices[0], choices[1:]
    yield from combinations(rest, budget)
    if budget:
        for action in first:
            for tail in combinations(rest, budget - 1):
                yield (action, *tail)
