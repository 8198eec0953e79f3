"""Suggested charge plans: a few plans on the Pareto front of the three conceptions of success.

The candidates are built from the case's key persons (`rank_key_persons`): for each of the
first `SUGGEST_PERSONS` who have options, none or one of their `OPTIONS_PER_PERSON` best
options (offences whose elements are all supported, or measures that apply; their best
trafficking charge always among them), and for up to `BUSINESSES` businesses they control,
none, the best measure, or the best measure that falls on no victim (queries/plans/candidates.py).
Every combination of at most `max_actions` actions is evaluated with `PlanEvaluator`.

A plan is scored on four comparable parts (tuples compare element by element):

- convictions: (sum of the heaviest maximum penalty per person, supported charges,
  of them independent of victims);
- victims freed; harms to victims, fewer being better: victims losing a protection, plus
  victims criminalised, needed as witnesses against their wish, reached by a raid, closure or
  eviction where they live or work, exposed, or left within reach of an expelled controller (a
  victim counts once for each; `Victims.costs`);
- prevention: (F after removal, controllers and recruiters reached, businesses disrupted).

A person's trafficking count whose elements are not all supported yet is offered too, as
"continue the trafficking investigation": it convicts no one yet, but keeps the protections an
investigation triggers (legal-review-3.md E8).

One more candidate is built on purpose: the *protective* plan, a fully supported trafficking
count about every identified victim (against the person the evidence best supports among
those exploiting her), or where none is, the investigation continued, so that whenever the
evidence allows it, one suggestion keeps every identified victim's protections; where it does
not, the notes say which victims and why. Every suggestion's title says what it costs victims,
every kind of cost with counts and who (`queries.plans.costs`), or that no cost was found; and
the plan with the least cost to victims is always among the suggestions.

A plan is on the Pareto front when no other plan does at least as well on every part and
better on one. From the front come the named suggestions below, each the best of the front
on its own terms; ties go to fewer actions, then to the first plan in a fixed order, so the
output is the same for the same graph.

These suggestions support a decision that people make; they are not the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from graph.errors import InvalidArgument
from queries.network.gc_pause import paused_gc
from queries.network.model import CaseNetwork
from queries.options.engine import DISCLAIMER
from queries.plans.candidates import combinations, moves
from queries.plans.costs import cost_title
from queries.plans.evaluate import PlanEvaluator
from queries.plans.model import Plan
from queries.plans.protective import investigations, protective_actions
from queries.plans.results import PlanEvaluation
from rules.model import RulePack

__all__ = ["DEFAULT_MAX_ACTIONS", "STATEMENT", "Suggestion", "Suggestions", "score", "suggest_plans"]

DEFAULT_MAX_ACTIONS = 4
#: Victims named, each with why, when no plan keeps every identified victim's protections.
NOTED_VICTIMS = 5

STATEMENT = (
    "These plans support a decision that investigators and prosecutors make, with the victims "
    "and their wishes in view: they show what the graph and the rule pack say each plan would "
    "achieve and cost, not which plan is right."
)

Score = tuple[tuple[float, int, int], int, int, tuple[float, int, int]]


def score(e: PlanEvaluation) -> Score:
    """(convictions, victims freed, minus harms to victims, prevention); higher is better throughout."""
    c, v, p = e.convictions, e.victims, e.prevention
    reached = len(p.controllers_reached) + len(p.recruiters_reached)
    return (
        (c.penalty_years, len(c.supported), len(c.independent)),
        len(v.freed),
        -v.harms,
        (p.fragmentation_after, reached, len(p.businesses_disrupted)),
    )


def _dominates(a: Score, b: Score) -> bool:
    return a != b and all(x >= y for x, y in zip(a, b))


def _front(scores: Sequence[Score]) -> set[Score]:
    """The non-dominated scores. Sorted from best, a score can only be dominated by an earlier
    one, and then by one already on the front."""
    front: list[Score] = []
    for s in sorted(set(scores), reverse=True):
        if not any(_dominates(f, s) for f in front):
            front.append(s)
    return set(front)


def _no_testimony(e: PlanEvaluation) -> bool:
    charges = e.convictions.charges
    return bool(charges) and all(c.supported and c.independent for c in charges)


@dataclass(frozen=True)
class _Pick:
    name: str
    why: str
    key: Callable[[Score], Any]
    allowed: Callable[[PlanEvaluation], bool] = lambda e: True
    none: str = ""  # why no plan qualifies, when none does
    #: Where no plan meets `allowed`, pick among all plans instead (a pick always offered).
    fallback: bool = False


def _keeps_identified(e: PlanEvaluation) -> bool:
    return not e.victims.identified_losing and bool(e.convictions.supported)


_PICKS = [
    _Pick("Keeps every identified victim's protections",
          "a trafficking count about each identified victim, so none loses a protection that hangs on it",
          lambda s: (s[0], s[2], s[1], s[3]), _keeps_identified,
          "no plan of the candidates keeps every identified victim's protections"),
    _Pick("Most convictions", "the heaviest charges the evidence fully supports (what management counts)",
          lambda s: (s[0], s[2], s[1], s[3])),
    _Pick("Strongest plan that costs victims nothing",
          "no protection lost, no victim left unidentified, criminalised, exposed, evicted or raided, none "
          "needed to testify against their wish, none left within reach of an expelled controller",
          lambda s: (s[0], s[1], s[3]), lambda e: not e.victims.harms and bool(e.convictions.supported),
          "every plan with a supported charge costs some victim something (see each suggestion's title)"),
    _Pick("Least cost to victims", "the fewest costs to victims of the plans with a supported charge; its title says what they are",
          lambda s: (s[2], s[0], s[1], s[3]), lambda e: bool(e.convictions.supported),
          "no plan could be built from the case's key persons", fallback=True),
    _Pick("Most disruptive", "fragments the suspects' network most, reaching controllers and recruiters",
          lambda s: (s[3], s[1], s[2], s[0])),
    _Pick("Frees the most victims", "leaves the fewest victims within reach of anyone untouched",
          lambda s: (s[1], s[2], s[3], s[0]), lambda e: bool(e.victims.freed),
          "no plan frees a victim from everyone it leaves untouched"),
    _Pick("Needs no victim testimony", "every charge stands on evidence independent of the victims",
          lambda s: (s[0], s[2], s[1], s[3]), _no_testimony,
          "no plan has only charges standing on evidence independent of the victims"),
]


@dataclass(frozen=True)
class Suggestion:
    names: list[str]  # the picks this plan won (one plan may win several)
    reasons: list[str]
    evaluation: PlanEvaluation
    #: On the front of all candidates; a plan picked under a condition (no testimony) may be
    #: outdone on every conception by a plan that does not meet it.
    on_front: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": self.names, "reasons": self.reasons, "on_front": self.on_front,
            "evaluation": self.evaluation.to_dict(),
        }


@dataclass(frozen=True)
class Suggestions:
    case_id: str
    persons: list[str]  # the key persons whose options were combined
    businesses: list[str]
    max_actions: int
    candidates: int  # plans evaluated
    front: int  # of them on the Pareto front
    suggestions: list[Suggestion]
    notes: list[str] = field(default_factory=list)
    statement: str = STATEMENT
    disclaimer: str = DISCLAIMER

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id, "persons": self.persons, "businesses": self.businesses,
            "max_actions": self.max_actions, "candidates": self.candidates, "front": self.front,
            "suggestions": [s.to_dict() for s in self.suggestions], "notes": self.notes,
            "statement": self.statement, "disclaimer": self.disclaimer,
        }


@paused_gc()  # thousands of plans evaluated over a projected network: see queries.network.gc_pause
def suggest_plans(
    network: CaseNetwork, pack: RulePack, case_id: str, *, max_actions: int = DEFAULT_MAX_ACTIONS,
    show_names: bool = True,
) -> Suggestions:
    """A few plans from the Pareto front of the three conceptions, each with its evaluation."""
    if max_actions < 1:
        raise InvalidArgument(f"max-actions must be at least 1, not {max_actions}")
    evaluator = PlanEvaluator(network, pack, case_id, show_names=show_names)
    spared: list[str] = []
    groups = moves(evaluator, network, spared)
    evaluations = [
        evaluator.evaluate(Plan(case_id, f"Candidate {n}", actions, source="suggestion"), checked=True)
        for n, actions in enumerate(combinations(groups, max_actions), start=1)
        if actions
    ]
    protective, uncovered = protective_actions(evaluator, network)
    if protective:
        evaluations.append(evaluator.evaluate(Plan(case_id, "Protective", protective, source="suggestion"), checked=True))
    scores = [score(e) for e in evaluations]
    front = _front(scores)
    picked: dict[int, Suggestion] = {}
    notes: list[str] = []
    for pick in _PICKS:
        # The front of the plans meeting the pick's condition (all plans for most picks).
        allowed = [i for i, e in enumerate(evaluations) if pick.allowed(e)]
        if not allowed and pick.fallback:
            allowed = list(range(len(evaluations)))
        allowed_front = _front([scores[i] for i in allowed])
        candidates = [i for i in allowed if scores[i] in allowed_front]
        if not candidates:
            why = pick.none
            if pick.allowed is _keeps_identified and uncovered:
                shown = uncovered[:NOTED_VICTIMS]
                more = f"; and {len(uncovered) - len(shown)} more victims" if len(uncovered) > len(shown) else ""
                why += ": " + "; ".join(shown) + more
            notes.append(f"No suggestion '{pick.name}': {why}.")
            continue
        # The best by the pick's key; ties to fewer actions, then to the earliest candidate.
        best = max(candidates, key=lambda i: (pick.key(scores[i]), -len(evaluations[i].plan.actions), -i))
        if best not in picked:
            picked[best] = Suggestion([], [], evaluations[best], on_front=scores[best] in front)
        picked[best].names.append(pick.name)
        picked[best].reasons.append(pick.why)
    suggestions = [
        replace(s, evaluation=_titled(s.evaluation, " / ".join(s.names), "; ".join(s.reasons)))
        for s in picked.values()
    ]
    if spared:
        notes.append(
            f"No action against {', '.join(spared)} is suggested: a key person who may be a victim "
            "(controlled, housed or transported by others, or with evidence of what was done to them) is "
            "assessed first, not targeted (non-punishment; V.C.L. and A.N. v United Kingdom)."
        )
    if suspected := _victims_recorded_as_suspects(evaluator, network, case_id):
        notes.append(_suspected_note(suspected, pack))
    if not groups:
        notes.append("No key person of the case has an offence fully supported by evidence or a measure that applies.")
    return Suggestions(
        case_id=case_id, persons=[g[0].target for g in groups if g[0].target_kind == "person"],
        businesses=[g[0].target for g in groups if g[0].target_kind == "business"],
        max_actions=max_actions, candidates=len(evaluations), front=sum(s in front for s in scores),
        suggestions=suggestions, notes=notes,
    )


def _victims_recorded_as_suspects(evaluator: PlanEvaluator, network: CaseNetwork, case_id: str) -> list[str]:
    """Identified or presumed victims who also hold a suspect role in the case: never targets
    (the key-person ranking leaves victims out), so without a note they drop out unsaid."""
    standings = evaluator.engine.scope.standings
    return sorted(
        pid for pid, p in network.persons.items()
        if any(r.role == "suspect" and r.case_id == case_id for r in p.roles)
        and (s := standings.of(pid)) is not None and s.standing in ("identified", "presumed")
    )


def _suspected_note(victim_ids: list[str], pack: RulePack) -> str:
    basis = pack.flag_basis["CRIMINALISES_VICTIMS"]
    return (
        f"No action against {', '.join(victim_ids)} is suggested: an identified or presumed victim also recorded "
        f"as a suspect in this case. Judge what they did under non-punishment before any prosecution decision: "
        f"{basis.explanation.rstrip('.')} ({basis.citation})."
    )


def _titled(e: PlanEvaluation, title: str, description: str) -> PlanEvaluation:
    """The evaluation under the suggestion's own title (the plan is frozen: a copy). The title
    says every cost to victims, with counts and who, or that none was found (E1, E5)."""
    title += f" ({cost_title(e.victims)})"
    description = "; ".join([description, *investigations(e)])
    return replace(e, plan=replace(e.plan, title=title, description=description))
