"""The victim-protection flags, judged per victim as a careful prosecutor would.

- PROTECTION_LOSS: a protection that hangs on trafficking proceedings is kept for a victim
  only by a count that concerns *her* (utf § 8-4 and strpl § 107a go to the aggrieved party of
  the § 257 count; 18 U.S.C. § 1593 to the victims of the offence of conviction). Identified
  victims would lose it (if they hold it and it can lapse) or would not obtain it; victims not
  yet identified, presumed or possible, would not be identified at all. Each flag says what
  would keep the protection.
- CRIMINALISES_VICTIMS: an option that falls on victims (the pack's non-punishment entries),
  or that targets a victim or a possible victim themselves.
- POSSIBLE_VICTIM: the target is recorded as something else but shows the signs of a victim.
- FALLS_ON_VICTIMS: a measure (raid, closure, eviction) that reaches the victims present.
- TESTIMONY_AGAINST_WISHES and CONTROL_MAY_CONTINUE as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from queries.network import Evidence, Person
from queries.option_results import ElementSupport, Flag
from queries.option_scope import CaseScope
from queries.victim_standing import STANDING_WORDS
from rules.model import Measure, NonPunishment, Offence, Protection, RulePack

__all__ = [
    "Count", "control_flags", "criminalisation_flags", "falls_on_victims_flags", "possible_victim_flags",
    "protection_flags", "testimony_flags",
]

#: How the pack's trigger codes read in a sentence.
TRIGGER_WORDS = {
    "trafficking_investigation": "a trafficking investigation",
    "trafficking_indictment": "a trafficking indictment",
    "trafficking_conviction": "a trafficking conviction",
}
#: How a lone option and a whole plan put the question.
FRAMING = {
    "option": "if this is pursued instead of a trafficking count about them",
    "plan": "under this plan, with no trafficking count about them",
}
UNKNOWN_STATUSES = frozenset({None, "", "unknown"})


class Count(NamedTuple):
    """An offence charged, and the victims it concerns."""

    code: str
    victims: frozenset[str]


# -- PROTECTION_LOSS ----------------------------------------------------------------------------


def _holds(scope: CaseScope, person: Person, protection: Protection) -> bool:
    """Whether the case data shows the victim already holds the protection (pack's held_when)."""
    held = protection.held_when
    if held is None:
        return False
    if held.identified and not person.is_identified_victim:
        return False
    if held.cooperation and scope.cooperation(person) not in held.cooperation:
        return False
    if held.immigration_status and person.immigration_status not in held.immigration_status:
        return False
    return True


def _keeps(pack: RulePack, protection: Protection, code: str) -> bool:
    offence = pack.offence(code)
    return offence is not None and (offence.category == "trafficking" or code in protection.kept_by)


def _keep_text(scope: CaseScope, victim_id: str) -> str:
    """What would keep a victim's protections: the best trafficking count about her."""
    key = ("keep", victim_id)
    if key not in scope.protection_cache:
        scope.protection_cache[key] = _remedy(scope, victim_id)
    return scope.protection_cache[key]


def _remedy(scope: CaseScope, victim_id: str) -> str:
    counts = [(p, c) for p in scope.exploiters_of(victim_id) if (c := scope.best_trafficking_count(p))]
    if not counts:
        return "a trafficking count naming them as aggrieved parties (no one in the case is linked to them yet)"
    best = max(c.strength for _, c in counts)
    chosen = [(p, c) for p, c in counts if c.strength == best]
    parts = []
    for person_id, count in chosen:
        who = f"{scope.network.label(person_id)} ({person_id})" if scope.show_names else person_id
        proof = "the evidence supports every element" if not count.missing else (
            f"evidence still missing for: {', '.join(count.missing)}")
        parts.append(f"charge {who} under {count.code} ({count.citation}) as to them; {proof}")
    return " or ".join(parts)


def protection_flags(
    scope: CaseScope, victim_ids: Iterable[str], counts: list[Count], framing: str = "option"
) -> list[Flag]:
    """PROTECTION_LOSS per victim and protection, grouped where victims share status and remedy.

    Each victim's status and remedy do not depend on the counts: they are worked out once per
    set of victims (`_groups`); a plan only takes out the victims its counts concern. Suggestions
    evaluate thousands of plans over thousands of victims, and most groups come out unchanged.
    """
    pack, persons = scope.pack, scope.network.persons
    for count in counts:
        if pack.offence(count.code) is None and pack.measure(count.code) is None:
            raise ValueError(f"unknown offence or measure code '{count.code}' in the {pack.jurisdiction} pack")
    victims = tuple(sorted({v for v in victim_ids if v in persons and scope.standings.is_victim(v)}))
    flags: list[Flag] = []
    for protection, groups in _groups(scope, victims):
        kept = {v for c in counts if _keeps(pack, protection, c.code) for v in c.victims}
        for group, ids in groups:
            left = ids if not kept or kept.isdisjoint(ids) else tuple(v for v in ids if v not in kept)
            if left:
                flags.append(_flag(scope, protection, group, left, framing))
    return flags


class _Group(NamedTuple):
    status: str
    standing: str
    keep: str


def _groups(scope: CaseScope, victims: tuple[str, ...]) -> list[tuple[Protection, list[tuple[_Group, tuple[str, ...]]]]]:
    """Per charge-dependent protection, the victims it is at risk for with no count at all,
    grouped by status, standing and what would keep it."""
    key = ("groups", victims)
    if key not in scope.protection_cache:
        pack, persons = scope.pack, scope.network.persons
        out = []
        for protection in (p for p in pack.protections if p.depends_on_trafficking_charge):
            groups: dict[_Group, list[str]] = defaultdict(list)
            for vid in victims:
                person = persons[vid]
                if protection.foreign_nationals_only and pack.is_national(person.nationality):
                    continue
                status = _status(scope, person, protection)
                if status is not None:
                    groups[_Group(status, scope.standings.of(vid).standing, _keep_text(scope, vid))].append(vid)  # type: ignore[union-attr]
            out.append((protection, [(g, tuple(ids)) for g, ids in sorted(groups.items())]))
        scope.protection_cache[key] = out
    return scope.protection_cache[key]


def _flag(scope: CaseScope, protection: Protection, group: _Group, ids: tuple[str, ...], framing: str) -> Flag:
    key = ("flag", protection.code, group, ids, framing)
    if key not in scope.protection_cache:
        basis = scope.pack.flag_basis["NOT_YET_IDENTIFIED"]
        identified = group.status != "would_not_be_identified"
        scope.protection_cache[key] = Flag(
            code="PROTECTION_LOSS",
            severity="high" if group.status == "would_lose" else "medium",
            explanation=_explain(protection, group.status, group.standing, len(ids), framing, basis.explanation),
            victim_ids=list(ids), victim_names=scope.names(list(ids)),
            citation=protection.citation if identified else f"{protection.citation}; {basis.citation}",
            status=group.status, protection_code=protection.code, protection_title=protection.title,
            standing=group.standing, keep=group.keep,
        )
    return scope.protection_cache[key]


def _status(scope: CaseScope, person: Person, protection: Protection) -> str | None:
    standing = scope.standings.of(person.person_id)
    if standing is None:
        return None
    if standing.standing != "identified":
        return "would_not_be_identified"
    if _holds(scope, person, protection):
        return None if protection.held_when and protection.held_when.secured else "would_lose"
    return "would_not_obtain"


def _explain(protection: Protection, status: str, standing: str, n: int, framing: str, basis: str) -> str:
    trigger = TRIGGER_WORDS[protection.trigger]
    frame = FRAMING[framing]
    if status == "would_lose":
        return f"{n} identified victim(s) hold '{protection.title}', which depends on {trigger}: {frame}, they would lose it."
    if status == "would_not_obtain":
        return (f"{n} identified victim(s) could obtain '{protection.title}', which depends on {trigger}: "
                f"{frame}, they would not obtain it.")
    return (f"{n} victim(s) {STANDING_WORDS[standing]}: {frame}, they would likely not be identified, and so would "
            f"not obtain '{protection.title}', which depends on {trigger}. {basis}")


# -- victims acted against ----------------------------------------------------------------------


def _signals(scope: CaseScope, victim: Person, entry: NonPunishment) -> bool:
    """The victim shows the entry's risk: a status, evidence about them, or (status unrecorded)
    evidence about the business where they work, which reaches every worker there."""
    if victim.immigration_status and victim.immigration_status in entry.victim_statuses:
        return True
    if any(e.indicator in entry.victim_indicators for e in scope.evidence[victim.person_id]):
        return True
    if victim.immigration_status in UNKNOWN_STATUSES:
        return any(
            e.indicator in entry.victim_indicators
            for b in scope.workplaces[victim.person_id] for e in scope.evidence[b]
        )
    return False


def criminalisation_flags(
    scope: CaseScope, rule: Offence | Measure, person: Person, exposed: list[str], on_person: bool
) -> list[Flag]:
    flags: list[Flag] = []
    standing = scope.standings.of(person.person_id) if on_person else None
    for entry in scope.pack.non_punishment:
        if not entry.covers(rule.code, rule.area):
            continue
        ids = [v for v in exposed if v != person.person_id and _signals(scope, scope.network.persons[v], entry)]
        if standing is not None:
            ids = sorted({*ids, person.person_id})  # the option is against them: no further signal needed
        if ids:
            flags.append(Flag(
                code="CRIMINALISES_VICTIMS", severity="high",
                explanation=f"Falls on {len(ids)} victim(s): {entry.title.lower()}. Defence: {entry.defence}",
                victim_ids=ids, victim_names=scope.names(ids), citation=entry.citation, rule_code=entry.code,
            ))
    if standing is not None and not any(person.person_id in f.victim_ids for f in flags):
        # No entry covers the option, yet it is against a (possible) victim: assess first.
        basis = scope.pack.flag_basis["CRIMINALISES_VICTIMS"]
        ids = [person.person_id]
        flags.append(Flag(
            code="CRIMINALISES_VICTIMS", severity="high",
            explanation=f"The target is themselves a victim ({standing.words}). {basis.explanation}",
            victim_ids=ids, victim_names=scope.names(ids), citation=basis.citation, standing=standing.standing,
        ))
    return flags


def possible_victim_flags(scope: CaseScope, person: Person) -> list[Flag]:
    """The target is recorded as a suspect (or witness, or associate) yet shows a victim's signs."""
    standing = scope.standings.of(person.person_id)
    if standing is None or standing.standing != "possible":
        return []
    basis = scope.pack.flag_basis["CRIMINALISES_VICTIMS"]
    ids = [person.person_id]
    return [Flag(
        code="POSSIBLE_VICTIM", severity="high",
        explanation=(
            f"Possibly a victim, not a plain target: {'; '.join(standing.signals)}. Assess (identify or refer) "
            f"before any action against them. {basis.explanation}"
        ),
        victim_ids=ids, victim_names=scope.names(ids), citation=basis.citation, standing="possible",
        signals=list(standing.signals),
    )]


def falls_on_victims_flags(scope: CaseScope, rule: Measure, reached: list[str], where: str) -> list[Flag]:
    """A raid, closure or eviction falls on the victims who work or live there, whatever their papers."""
    if not rule.falls_on_workers or not reached:
        return []
    basis = scope.pack.flag_basis["FALLS_ON_VICTIMS"]
    standings = sorted({s.standing for v in reached if (s := scope.standings.of(v))})
    return [Flag(
        code="FALLS_ON_VICTIMS", severity="medium",
        explanation=(
            f"Reaches {len(reached)} victim(s) at {where} themselves ({', '.join(STANDING_WORDS[s] for s in standings)}): "
            f"{rule.risks} {basis.explanation}"
        ),
        victim_ids=reached, victim_names=scope.names(reached), citation=basis.citation,
        standing=standings[0] if len(standings) == 1 else None,
    )]


def testimony_flags(scope: CaseScope, supports: list[tuple[ElementSupport, list[Evidence]]]) -> list[Flag]:
    """Elements that rest only on victims' testimony: high where the victims are unwilling,
    medium where they have not decided or the giver is not recorded."""
    basis = scope.pack.flag_basis["TESTIMONY_AGAINST_WISHES"]

    def wish(e: Evidence) -> str | None:
        giver = scope.network.persons.get(e.given_by or "")
        return scope.cooperation(giver) if giver is not None else None

    unwilling: list[str] = []
    unsure: list[str] = []
    givers: dict[str, set[str]] = {"unwilling": set(), "unsure": set()}
    for support, rows in supports:
        if not rows or any(e.independent_of_victim for e in rows):
            continue
        wishes = [wish(e) for e in rows]
        if all(w == "unwilling" for w in wishes):
            unwilling.append(support.id)
            givers["unwilling"] |= {e.given_by for e in rows if e.given_by}
        elif all(w != "willing" for w in wishes):
            unsure.append(support.id)
            givers["unsure"] |= {e.given_by for e in rows if e.given_by}
    flags = []
    for element_ids, severity, who, key in (
        (unwilling, "high", "victim(s) unwilling to cooperate", "unwilling"),
        (unsure, "medium", "victim(s) who have not agreed to testify (undecided, or the giver is not recorded)", "unsure"),
    ):
        if element_ids:
            ids = sorted(givers[key])
            flags.append(Flag(
                code="TESTIMONY_AGAINST_WISHES", severity=severity,  # type: ignore[arg-type]
                explanation=(
                    f"Element(s) {', '.join(element_ids)} rest only on testimony of {who}, with no independent "
                    f"evidence. {basis.explanation}"
                ),
                victim_ids=ids, victim_names=scope.names(ids), citation=basis.citation, element_ids=element_ids,
            ))
    return flags


def control_flags(scope: CaseScope, person_id: str, victims: list[str]) -> list[Flag]:
    if not victims:
        return []
    family = scope.family_of(victims, person_id)
    basis = scope.pack.flag_basis["CONTROL_MAY_CONTINUE"]
    reach = f"{len(victims)} victim(s)" + (f" and {len(family)} family member(s)" if family else "")
    return [Flag(
        code="CONTROL_MAY_CONTINUE", severity="high" if family else "medium",
        explanation=f"Expels a foreign suspect while {reach} remain within reach. {basis.explanation}",
        victim_ids=victims, victim_names=scope.names(victims), citation=basis.citation, family_ids=family,
    )]
