"""One option judged: an offence or measure against a person (or a business they control), its
support, what the law bars and what it would cost victims (`queries.options.engine` asks this
for each option and ranks them with `rank_key`)."""

from __future__ import annotations

from typing import Any

from queries.network.model import EXPLOITATION_LINKS
from queries.options.children import for_children
from queries.options.flags import (
    Count,
    control_flags,
    criminalisation_flags,
    falls_on_victims_flags,
    possible_victim_flags,
    protection_flags,
    testimony_flags,
)
from queries.options.results import Flag, Option
from queries.options.scope import OWN_EVIDENCE, CaseScope
from queries.options.support import Row, match_elements
from rules.entries import Measure, Offence
from rules.vocabulary import shown_of_the_exploited

__all__ = ["barred_reason", "build_option", "rank_key"]


def _kind_fields(rule: Offence | Measure) -> dict[str, Any]:
    if isinstance(rule, Offence):
        return {
            "kind": "offence", "category": rule.category, "max_penalty": rule.max_penalty.model_dump(),
            "testimony_dependent": rule.testimony_dependent,
        }
    return {
        "kind": "measure", "category": "measure", "max_penalty": None, "testimony_dependent": False,
        "agency": rule.agency, "effect": rule.effect, "risks": rule.risks,
    }


def barred_reason(scope: CaseScope, person_id: str, rule: Offence | Measure) -> str | None:
    """Why the law bars this option against the person, if it does: removing a person who may
    be a victim, before identification or during recovery (legal-review-3.md E4)."""
    standing = scope.standings.of(person_id)
    if standing is None or not isinstance(rule, Measure) or not rule.removes:
        return None
    basis = scope.pack.flag_basis["REMOVAL_OF_VICTIM"]
    return f"barred: the person is {standing.words}. {basis.explanation} ({basis.citation})"


def _shown(scope: CaseScope, person_id: str, rows: list[Row], concerned: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """What the target's own evidence shows of the victims he controls or exploits directly
    (a pimp's profits show their prostitution), victim by victim (E7)."""
    reading = shown_of_the_exploited()
    shown = frozenset(reading[e.indicator] for _, e in rows if e.indicator in reading)
    if not shown:
        return {}
    return {v: shown for v, why in concerned.items() if any(w in EXPLOITATION_LINKS for w in why)}


def build_option(scope: CaseScope, person_id: str, rule: Offence | Measure, target_id: str) -> Option:
    person = scope.person(person_id)
    on_business = isinstance(rule, Measure) and rule.target == "business"
    if on_business:
        rows = [(scope.network.label(target_id), e) for e in scope.conduct[target_id]]
    else:
        rows = scope.rows_for(person_id)
    minors = [] if on_business else scope.minors_concerned(person_id)
    supports, via = match_elements(rule, rows, OWN_EVIDENCE, minors=minors)
    elements = [s for s, _ in supports]

    foreign = scope.pack.is_national(person.nationality) is False
    notes: list[str] = []
    if isinstance(rule, Measure) and rule.requires_foreign_national and not foreign:
        notes.append(f"needs a foreign national; nationality is {person.nationality or 'unknown'}")
    if isinstance(rule, Measure) and rule.requires_record:
        notes.append(f"needs {rule.requires_record}, which the case data does not show: check the record first")
    if not on_business and (barred := barred_reason(scope, person_id, rule)):
        notes.append(barred)

    concerns = scope.concerns(person_id)
    concerned = list(concerns)
    # A measure on a business reaches the victims working or living there; a count or a measure
    # on a person, the victims it concerns: the target's own, through the links it rests on (E6).
    exposed = scope.victims_at(target_id) if on_business else concerned
    standing = None if on_business else scope.standings.of(person_id)
    # A victim who is no suspect controls no one: acting against them costs other victims nothing
    # more; the cost is to themselves (CRIMINALISES_VICTIMS).
    as_offender = person.is_suspect or not person.is_victim
    is_trafficking = isinstance(rule, Offence) and rule.category == "trafficking"
    complementary = isinstance(rule, Measure) and rule.complementary
    flags: list[Flag] = []
    if not on_business:
        flags += possible_victim_flags(scope, person)
    if as_offender and not is_trafficking and not complementary and concerned:
        flags += protection_flags(scope, concerned, [Count(rule.code, frozenset(concerned))], "option")
    shown = {} if on_business else _shown(scope, person_id, rows, concerns)
    flags += criminalisation_flags(scope, rule, person, exposed, on_person=not on_business, shown=shown)
    if isinstance(rule, Measure):
        # On a person: the victims housed by them or by a business they control.
        reached = exposed if on_business else [
            v for v, why in concerns.items()
            if v in scope.housed[person_id] or any(w.startswith("housed by") for w in why)
        ]
        flags += falls_on_victims_flags(scope, rule, reached, scope.network.label(target_id))
    flags += testimony_flags(scope, supports)
    expels = any(c.kind == "expulsion" for c in rule.consequences)
    caveat = scope.pack.expulsion_caveat(person.nationality, person.immigration_status) if expels and foreign else None
    # Only a person with no victim standing is a controller whose removal leaves others within
    # reach; removing a victim is the harm itself, barred above (E4).
    if expels and foreign and standing is None and not on_business and not notes and not is_trafficking:
        flags += control_flags(scope, person_id, caveat)

    n = len(elements)
    return Option(
        code=rule.code, title=rule.title, citation=rule.citation, area=rule.area,
        source_status=rule.source.status,
        target="business" if on_business else "person", target_id=target_id, via=via,
        strength=round(sum(e.supported for e in elements) / n, 4),
        independent_strength=round(sum(e.independently_supported for e in elements) / n, 4),
        elements=elements,
        evidence_ids=sorted({i for e in elements for i in e.evidence_ids}),
        consequences=[f"{c.description} ({c.citation})" for c in rule.consequences],
        flags=[for_children(scope.network, f) for f in flags], notes=notes,
        caveats=[f"Expulsion: {caveat}"] if caveat else [], **_kind_fields(rule),
    )


def rank_key(option: Option) -> tuple[Any, ...]:
    penalty = option.max_penalty or {}
    severity = float("inf") if penalty.get("life") else float(penalty.get("years") or 0)
    return (
        -option.strength, -option.independent_strength, option.kind != "offence",
        option.category != "trafficking", -severity, option.code, option.target_id,
    )
