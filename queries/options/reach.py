"""Who an expelled suspect can still reach: the victims he has a recorded tie to, and their families.

"Wherever they are, they're only one phone call away" from victims and their families (DOMAIN.md,
Bjelland); CETS 197 Art 28 protects victims and, where necessary, their families from
retaliation. A careful prosecutor counts the victims the suspect controls, exploits, recruits,
transports, houses or employs, and those working at or housed by a business he controls, each
with the tie that puts her there (the words are rules/reach.yaml). A victim of the same case
with no recorded tie to him is not within his reach on the record: she is said apart, never
counted.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from queries.options.scope import CaseScope
from rules.vocabulary import reach_words

__all__ = ["Reach", "reach_of"]


class Reach(NamedTuple):
    """Within an expelled suspect's reach: victims and family members, each with its ties."""

    victims: dict[str, list[str]]  # victim -> the ties, in words
    family: dict[str, list[str]]  # family member (not a victim within reach) -> whose family
    untied: int  # other victims of the suspect's cases, with no recorded tie to him


def _victim_ties(scope: CaseScope, person_id: str) -> dict[str, list[str]]:
    words = reach_words()
    person_ties, business_ties = words["person_ties"], words["business_ties"]
    reasons: dict[str, set[str]] = defaultdict(set)
    for link in scope.links_from[person_id]:
        if link.type in person_ties and scope.standings.is_victim(link.target_id):
            reasons[link.target_id].add(f"{person_ties[link.type]} ({link.type})")
    for b in scope.controlled(person_id):
        label = scope.network.label(b)
        ties = [l for l in scope.links_from[b] if l.type in business_ties]  # it employs or houses her
        # ... or she works there (WORKS_AT is her link to it).
        ties += [l for v in scope.workers[b] for l in scope.links_from[v] if l.type == "WORKS_AT" and l.target_id == b]
        for link in ties:
            if link.type not in business_ties:
                continue
            v = link.source_id if link.type == "WORKS_AT" else link.target_id
            if scope.standings.is_victim(v):
                reasons[v].add(f"{business_ties[link.type].format(business=label)} ({link.type})")
    reasons.pop(person_id, None)
    return {v: sorted(r) for v, r in sorted(reasons.items())}


def reach_of(scope: CaseScope, person_id: str) -> Reach:
    """The suspect's reach, worked out once per engine (every expelling option asks it)."""
    key = ("reach", person_id)
    if key not in scope.protection_cache:
        victims = _victim_ties(scope, person_id)
        family_words = reach_words()["family"]
        family: dict[str, set[str]] = defaultdict(set)
        for v in victims:
            for f in scope.family[v]:
                if f not in victims and f != person_id:
                    family[f].add(f"{family_words.format(victim=v)} (FAMILY_OF)")
        person = scope.person(person_id)
        cases = {scope.case_id} if scope.case_id else {r.case_id for r in person.roles}
        case_victims = {v for c in cases for v in scope.victims_by_case[c]}
        untied = len(case_victims - set(victims) - {person_id})
        scope.protection_cache[key] = Reach(victims, {f: sorted(w) for f, w in sorted(family.items())}, untied)
    reach: Reach = scope.protection_cache[key]
    return reach
