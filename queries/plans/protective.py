"""The plans suggestions build on purpose: the protective plan, and investigations continued.

- `protective_actions`: a fully supported trafficking count about every identified victim
  (against the person the evidence best supports among those exploiting her), or where none is
  whole yet, her best trafficking count as the investigation continued; and, for the victims it
  does not cover, why not.
- `investigations`: a plan's trafficking counts not yet fully supported, in words: they keep
  what an investigation triggers, not what an indictment or conviction does (legal-review-3.md E8).
"""

from __future__ import annotations

from queries.network.model import CaseNetwork
from queries.plans.evaluate import PlanEvaluator
from queries.plans.model import Action
from queries.plans.results import PlanEvaluation

__all__ = ["investigations", "protective_actions"]


def investigations(e: PlanEvaluation) -> list[str]:
    """The trafficking counts of the plan not yet fully supported, in words."""
    return [
        f"continue the trafficking investigation of {c.person_id} under {c.code} (evidence still missing for: "
        f"{', '.join(c.missing)}); it keeps the protections an investigation triggers, not those of an indictment"
        for c in e.convictions.charges if c.category == "trafficking" and not c.supported
    ]


def protective_actions(evaluator: PlanEvaluator, network: CaseNetwork) -> tuple[tuple[Action, ...], list[str]]:
    """A fully supported trafficking count about every identified victim where the evidence
    allows one, and, for the victims it does not cover, why not."""
    scope = evaluator.engine.scope
    identified = [v for v in evaluator.victims if network.persons[v].is_identified_victim]
    actions: dict[tuple[str, str], Action] = {}
    uncovered: list[str] = []
    covered: set[str] = set()  # the victims the counts chosen so far concern

    def choose(person: str, code: str) -> None:
        actions.setdefault((person, code), Action(person, "person", code, "offence"))
        covered.update(evaluator.engine.concerns(person))

    for victim in identified:
        if victim in covered:
            continue
        exploiters = scope.exploiters_of(victim)
        counts = [(p, c) for p in exploiters if (c := scope.best_trafficking_count(p))]
        supported = sorted((p, c) for p, c in counts if not c.missing)
        under_way = sorted(((p, c) for p, c in counts if c.strength > 0), key=lambda pc: (-pc[1].strength, pc[0]))
        if supported:
            person, count = supported[0]
            choose(person, count.code)
        elif under_way:
            # No count is whole yet: continuing the investigation keeps what it triggers; the
            # victim is still named in the notes for what an indictment would need.
            person, count = under_way[0]
            choose(person, count.code)
            uncovered.append(f"no trafficking count about {victim} is fully supported ({person} lacks "
                             f"{'/'.join(count.missing)}): the investigation is continued")
        elif not exploiters:
            uncovered.append(f"{victim} is linked to no one in the case (add the links, or name her in a count's victims)")
        else:
            gaps = ", ".join(f"{p} lacks {'/'.join(c.missing)}" for p, c in counts) or "no trafficking offence applies"
            uncovered.append(f"no trafficking count about {victim} is fully supported ({gaps})")
    return tuple(actions.values()), uncovered
