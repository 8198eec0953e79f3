"""A charge plan scored on the three conceptions of success (Bjelland, "Conceptions of Success").

- **Convictions**: the plan's charges whose elements the evidence all supports, those of them
  that stand on evidence independent of victim testimony, and their maximum penalties.
- **Victims**: victims no longer within reach of anyone left untouched (freed); for each
  victim, identified, presumed or possible, and each protection that hangs on a trafficking
  charge: kept, lost, not obtained or not identified. A protection is kept for a victim only by
  a count that concerns her (its target's links to her, or the action's `victims:`): a § 257
  count about one victim keeps nothing for another. Victims the plan criminalises; victims
  whose testimony it needs against their wish.
- **Prevention**: how far removing the persons acted against fragments the suspects' network
  (F and the largest connected part left, as in the key-player set), businesses disrupted,
  controllers and recruiters reached.

Pure over a `CaseNetwork` and a `RulePack`: every fact comes from `queries.options.engine` (options
and flags), `queries.network.person_graph` and `queries.key_persons.fragmentation` (ties, holding, F).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from functools import cached_property
from typing import Any, NamedTuple

import igraph as ig

from queries.key_persons.fragmentation import Holding, fragmentation_from_sizes
from queries.network.gc_pause import paused_gc
from queries.network.model import BUSINESS_CONTROL_LINKS, CaseNetwork
from queries.options.engine import DISCLAIMER, Flag, Option, OptionEngine
from queries.options.protection_loss import Count, losses_under
from queries.network.person_graph import holding_edges, person_ties
from queries.plans.model import Action, Plan, check_plan
from queries.plans.results import (
    ActionResult,
    Charge,
    Convictions,
    PlanEvaluation,
    Prevention,
    ProtectionOutcome,
    Victims,
)
from rules.model import RulePack

__all__ = ["LIFE_YEARS", "PlanEvaluator", "evaluate_plan"]

#: A life sentence outranks any term when maximum penalties are added up.
LIFE_YEARS = 100.0


# -- evaluation -----------------------------------------------------------------------------------


def _years(option: Option) -> float:
    penalty = option.max_penalty or {}
    return LIFE_YEARS if penalty.get("life") else float(penalty.get("years") or 0.0)


def _charge(result: ActionResult) -> Charge:
    o = result.option
    return Charge(
        person_id=result.action.target, code=o.code, title=o.title, citation=o.citation, category=o.category,
        supported=o.applicable and o.strength == 1.0, independent=o.independent_strength == 1.0,
        missing=[e.id for e in o.elements if not e.supported],
        penalty=(o.max_penalty or {}).get("text"), years=_years(o),
    )


def _warning(result: ActionResult, network: CaseNetwork) -> str | None:
    if result.acts:
        return None
    why = "; ".join(result.option.notes) or "no evidence supports it"
    return f"{result.action.describe(network)}: {why}, so it acts against no one"


class _Removal(NamedTuple):
    fragmentation: float
    largest: int
    held: list[str]  # victims still held by someone left
    holders: list[str]  # the persons left who hold them
    freed: list[str]  # victims held before any removal and no longer


class _Protections(NamedTuple):
    flags: list[Flag]
    outcomes: list[ProtectionOutcome]
    losing: list[str]
    identified_losing: list[str]


def _holders(holding: Holding) -> list[str]:
    """Sources still reaching a held target: walk back from the held targets."""
    held = holding.reached & holding.targets
    seen, queue = set(held), deque(held)
    while queue:
        for p in holding.pred.get(queue.popleft(), ()):
            if p in holding.reached and p not in seen:
                seen.add(p)
                queue.append(p)
    return sorted(seen & holding.sources)


def _dedupe(flags: Iterable[Flag]) -> list[Flag]:
    """Equal flags once (two actions may raise the same one); victim lists can hold thousands,
    so they are compared only between flags that agree on everything else."""
    seen: dict[tuple[Any, ...], list[Flag]] = {}
    for f in flags:
        same = seen.setdefault((f.code, f.rule_code, f.citation, f.explanation), [])
        if not any(g is f or g.victim_ids == f.victim_ids for g in same):
            same.append(f)
    return [f for group in seen.values() for f in group]


def _union(lists: list[list[str]]) -> list[str]:
    return lists[0] if len(lists) == 1 else sorted({v for ids in lists for v in ids})


class PlanEvaluator:
    """Evaluates many plans for one case: options, protections and removals are computed once.

    Suggestions evaluate thousands of plans that share a handful of actions and person sets;
    the caches make each further plan cost little more than assembling its result.
    """

    def __init__(self, network: CaseNetwork, pack: RulePack, case_id: str, *, show_names: bool = True) -> None:
        self.network, self.pack, self.case_id = network, pack, case_id
        self.engine = OptionEngine(network, pack, case_id=case_id, show_names=show_names)
        persons = network.persons
        self.victims = sorted(
            pid for pid, p in persons.items() if any(r.role == "victim" and r.case_id == case_id for r in p.roles)
        )
        standings = self.engine.scope.standings
        self._not_identified = [v for v in self.victims if not persons[v].is_identified_victim]
        in_case = [pid for pid, p in persons.items() if any(r.case_id == case_id for r in p.roles)]
        self._possible = sorted(pid for pid in in_case if (s := standings.of(pid)) and s.standing == "possible")
        #: Everyone whose protections a plan can cost: victims of every standing.
        self._protected = tuple(sorted({*self.victims, *self._possible}))
        self._minors = [v for v in self._protected if persons[v].minor]
        self._unaffected = [p.title for p in pack.protections if not p.depends_on_trafficking_charge]
        self._options: dict[tuple[str, str], Option] = {}
        self._flagged: dict[tuple[str, str], dict[str, list[str]]] = {}  # option -> flag code -> victims
        self._unions: dict[tuple[str, frozenset[tuple[str, str]]], list[str]] = {}  # flag code, options -> victims
        self._protections: dict[frozenset[str], _Protections] = {}
        self._removals: dict[frozenset[str], _Removal] = {}
        # Who can be reached by prevention: controllers and recruiters who are not victims.
        roles: dict[str, set[str]] = {"CONTROLS": set(), "RECRUITED": set()}
        self._controllers_of: dict[str, list[str]] = {}
        for link in network.links:
            source = persons.get(link.source_id)
            if source is None:
                continue
            if link.type in roles and link.target_id in persons and not source.is_victim:
                roles[link.type].add(link.source_id)
            elif link.type in BUSINESS_CONTROL_LINKS:
                self._controllers_of.setdefault(link.target_id, []).append(link.source_id)
        self.controllers, self.recruiters = sorted(roles["CONTROLS"]), sorted(roles["RECRUITED"])

    # -- what is shared between plans -------------------------------------------------------

    @cached_property
    def _suspects(self) -> ig.Graph:
        """The person graph without victims, as in the key-player set."""
        return person_ties(self.network).suspects_igraph()

    @cached_property
    def _holding(self) -> Holding:
        sources = [pid for pid, p in self.network.persons.items() if not p.is_victim]
        return Holding(holding_edges(self.network), sources=sources, targets=self.victims)


    def _count(self, result: ActionResult) -> Count:
        """The count and the victims it concerns; a count whose elements are not all supported
        is an open investigation, which keeps only what an investigation triggers (E8)."""
        action = result.action
        victims = action.victims or tuple(self.engine.concerns(action.target))
        return Count(action.code, frozenset(victims), result.option.strength == 1.0)

    def option(self, action: Action) -> Option:
        key = (action.target, action.code)
        if key not in self._options:
            if action.target_kind == "business":
                # The person only decides whose linked victims a lone option's PROTECTION_LOSS
                # counts, which the plan recomputes as a whole: any controller will do.
                controllers = self._controllers_of.get(action.target) or sorted(self.network.persons)
                self._options[key] = self.engine.evaluate_option(min(controllers), action.code, target_id=action.target)
            else:
                self._options[key] = self.engine.evaluate_option(action.target, action.code)
        return self._options[key]

    def _victims_flagged(self, result: ActionResult, code: str) -> list[str]:
        key = (result.action.target, result.action.code)
        if key not in self._flagged:
            by_code: dict[str, set[str]] = {}
            for f in result.flags:
                by_code.setdefault(f.code, set()).update(f.victim_ids)
            self._flagged[key] = {c: sorted(ids) for c, ids in by_code.items()}
        return self._flagged[key].get(code, [])

    def _victims_in(self, acting: list[ActionResult], code: str) -> list[str]:
        """Victims a flag of `code` reaches under any acting option. Suggestions evaluate thousands
        of plans sharing a few options, and each union may hold thousands of victims: kept once."""
        lists = {(r.action.target, r.action.code): ids for r in acting if (ids := self._victims_flagged(r, code))}
        if len(lists) <= 1:
            return next(iter(lists.values()), [])
        key = (code, frozenset(lists))
        if key not in self._unions:
            self._unions[key] = _union(list(lists.values()))
        return self._unions[key]

    def _protections_under(self, counts: frozenset[Count]) -> _Protections:
        if counts not in self._protections:
            losses = losses_under(self.engine.scope, self._protected, list(counts))
            outcomes = [
                ProtectionOutcome(p.code, p.title, p.citation, losses.kept[p.code], **losses.by_status[p.code],
                                  not_applicable=losses.moot.get(p.code, {}))
                for p in self.pack.protections
                # Only the protections some victim of the case is at risk of losing with no count,
                # or that are moot for some victim (said, with why).
                if p.code in losses.kept and (losses.kept[p.code] or any(losses.by_status[p.code].values())
                                              or losses.moot.get(p.code))
            ]
            self._protections[counts] = _Protections(losses.flags, outcomes, losses.losing, losses.identified_losing)
        return self._protections[counts]

    def _removal(self, removed: frozenset[str]) -> _Removal:
        """The suspects' network and the victims held once `removed` are put out of action."""
        if removed not in self._removals:
            g = self._suspects.copy()
            g.delete_vertices([v.index for v in g.vs if v["name"] in removed])
            sizes = g.connected_components().sizes()
            holding = self._holding.copy()
            for pid in sorted(removed):
                holding.remove(pid)
            held = sorted(holding.reached & holding.targets)
            freed = sorted(set(self._removal(frozenset()).held) - set(held)) if removed else []
            self._removals[removed] = _Removal(
                fragmentation_from_sizes(sizes, g.vcount()), max(sizes, default=0), held, _holders(holding), freed,
            )
        return self._removals[removed]

    # -- one plan ------------------------------------------------------------------------------

    @paused_gc()  # thousands of flags over a projected network: see queries.network.gc_pause
    def evaluate(self, plan: Plan, *, checked: bool = False) -> PlanEvaluation:
        """Score a plan; it is checked against the case first unless `checked`."""
        if not checked:
            check_plan(plan, self.network, self.pack)
        results = [ActionResult(a, self.option(a)) for a in plan.actions]
        acting = [r for r in results if r.acts]
        removed = frozenset(r.action.target for r in acting if r.action.target_kind == "person")
        return PlanEvaluation(
            plan=plan, jurisdiction=self.pack.jurisdiction, pack_version=self.pack.version,
            review_status=self.pack.review_status, disclaimer=DISCLAIMER, pack_disclaimer=self.pack.disclaimer,
            actions=results,
            convictions=Convictions([_charge(r) for r in results if r.action.kind == "offence"]),
            victims=self._victims(acting, removed),
            prevention=self._prevention(acting, removed),
            warnings=[w for r in results if (w := _warning(r, self.network))],
        )

    def _victims(self, acting: list[ActionResult], removed: frozenset[str]) -> Victims:
        counts = frozenset(self._count(r) for r in acting if r.action.kind == "offence")
        protections = self._protections_under(counts)

        def victims_in(code: str) -> list[str]:
            return self._victims_in(acting, code)

        before, after = self._removal(frozenset()), self._removal(removed)
        return Victims(
            victim_ids=self.victims, held_before=before.held, freed=after.freed, still_held=after.held,
            held_by=after.holders, protections=protections.outcomes, unaffected_protections=self._unaffected,
            losing=protections.losing,
            criminalised=victims_in("CRIMINALISES_VICTIMS"),
            testimony_against_wishes=victims_in("TESTIMONY_AGAINST_WISHES"),
            flags=protections.flags + _dedupe(f for r in acting for f in r.flags),
            not_identified=self._not_identified, possible=self._possible,
            identified_losing=protections.identified_losing,
            falls_on=victims_in("FALLS_ON_VICTIMS"), exposed=victims_in("EXPOSES_VICTIMS"),
            control_risk=victims_in("CONTROL_MAY_CONTINUE"), minors=self._minors,
        )

    def _prevention(self, acting: list[ActionResult], removed: frozenset[str]) -> Prevention:
        before, after = self._removal(frozenset()), self._removal(removed)
        return Prevention(
            removed=sorted(removed), suspects=self._suspects.vcount(),
            fragmentation_before=round(before.fragmentation, 6), fragmentation_after=round(after.fragmentation, 6),
            largest_before=before.largest, largest_after=after.largest,
            businesses_disrupted=sorted({r.action.target for r in acting if r.action.target_kind == "business"}),
            controllers=self.controllers, controllers_reached=sorted(removed.intersection(self.controllers)),
            recruiters=self.recruiters, recruiters_reached=sorted(removed.intersection(self.recruiters)),
        )


def evaluate_plan(plan: Plan, network: CaseNetwork, pack: RulePack, *, show_names: bool = True) -> PlanEvaluation:
    """Check a plan against its case network and score it on the three conceptions of success."""
    return PlanEvaluator(network, pack, plan.case, show_names=show_names).evaluate(plan)
