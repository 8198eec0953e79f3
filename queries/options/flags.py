"""The victim-protection flags, judged per victim as a careful prosecutor would.

- PROTECTION_LOSS, judged per victim: `queries.options.protection_loss`.
- CRIMINALISES_VICTIMS: an option that falls on victims (the pack's non-punishment entries),
  or that targets a victim or a possible victim themselves; EXPOSES_VICTIMS where the entry
  only makes them witnesses whose own conduct or status becomes known.
- POSSIBLE_VICTIM: the target is recorded as something else but shows the signs of a victim.
- FALLS_ON_VICTIMS: a measure (raid, closure, eviction) that reaches the victims present.
- TESTIMONY_AGAINST_WISHES: an element proved only by victims who do not want to testify.
- CONTROL_MAY_CONTINUE: an expelled suspect who can still reach the victims he is tied to and
  their families (`queries.options.reach`).
"""

from __future__ import annotations

from queries.network.model import Evidence, Person
from queries.options.results import ElementSupport, Flag
from queries.options.scope import CaseScope
from queries.options.protection_loss import Count, protection_flags
from queries.options.reach import reach_of
from queries.options.standing import STANDING_WORDS
from rules.entries import Measure, NonPunishment, Offence
from rules.vocabulary import reach_words

#: PROTECTION_LOSS lives in queries.options.protection_loss; re-exported so the flags are one import.
__all__ = [
    "Count", "control_flags", "criminalisation_flags", "falls_on_victims_flags", "possible_victim_flags",
    "protection_flags", "testimony_flags",
]

UNKNOWN_STATUSES = frozenset({None, "", "unknown"})


# -- victims acted against ----------------------------------------------------------------------


def _signals(scope: CaseScope, victim: Person, entry: NonPunishment, shown: frozenset[str] = frozenset()) -> bool:
    """The victim shows the entry's risk: a status, evidence about them, what the target's own
    evidence shows of those he exploits (`shown`, legal-review-3.md E7), or (status
    unrecorded) evidence about the business where they work, which reaches every worker there."""
    if (victim.nationality or "").strip().upper() in entry.exempt_nationality_codes:
        return False
    if victim.immigration_status and victim.immigration_status in entry.victim_statuses:
        return True
    if shown & set(entry.victim_indicators):
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
    scope: CaseScope, rule: Offence | Measure, person: Person, exposed: list[str], on_person: bool,
    shown: dict[str, frozenset[str]] | None = None,
) -> list[Flag]:
    """Non-punishment flags. `exposed` are the victims the option concerns (a count: the
    target's own victims, through the links it rests on; a measure on a business: those who
    work or live there), never the whole case (E6). Against a victim herself, her own
    CRIMINALISES flag and the others' exposure are separate flags (E10). `shown`: per victim,
    what the target's evidence shows was done to her (E7)."""
    flags: list[Flag] = []
    shown = shown or {}
    standing = scope.standings.of(person.person_id) if on_person else None
    for entry in scope.pack.non_punishment:
        if not entry.covers(rule.code, rule.area):
            continue
        ids = [v for v in exposed if v != person.person_id
               and _signals(scope, scope.network.persons[v], entry, shown.get(v, frozenset()))]
        if standing is not None:
            # The option is against her: no further signal needed, and her flag is her own.
            flags.append(Flag(
                code="CRIMINALISES_VICTIMS", severity="high",
                explanation=(f"Falls on the target themselves ({standing.words}): {entry.title.lower()}. "
                             f"Defence: {entry.defence}"),
                victim_ids=[person.person_id], victim_names=scope.names([person.person_id]),
                citation=entry.citation, rule_code=entry.code, standing=standing.standing,
            ))
        if not ids:
            continue
        if entry.effect == "exposes":
            explanation = (f"Exposes {len(ids)} victim(s): {entry.title.lower()}. {entry.victim_exposure.strip()} "
                           f"Defence: {entry.defence}")
        else:
            explanation = f"Falls on {len(ids)} victim(s): {entry.title.lower()}. Defence: {entry.defence}"
        flags.append(Flag(
            code="EXPOSES_VICTIMS" if entry.effect == "exposes" else "CRIMINALISES_VICTIMS",
            severity="medium" if entry.effect == "exposes" else "high",
            explanation=explanation, victim_ids=ids, victim_names=scope.names(ids), citation=entry.citation,
            rule_code=entry.code,
        ))
    if standing is not None and not any(
        person.person_id in f.victim_ids for f in flags if f.code == "CRIMINALISES_VICTIMS"
    ):
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
        # An element met by the victim's age rests on a birth date, not on her testimony.
        if not rows or support.met_by_age or any(e.independent_of_victim for e in rows):
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


def control_flags(scope: CaseScope, person_id: str, caveat: str | None = None) -> list[Flag]:
    """The victims an expelled suspect can still reach: those he has a recorded tie to, each with
    the tie, and their families (`queries.options.reach`). Other victims of the case are said
    apart, never counted: no tie on the record, no reason to say he can reach them."""
    reach = reach_of(scope, person_id)
    if not reach.victims:
        return []
    victims, family = list(reach.victims), list(reach.family)
    basis = scope.pack.flag_basis["CONTROL_MAY_CONTINUE"]
    held = f"{len(victims)} victim(s) he is tied to" + (f" and {len(family)} family member(s)" if family else "")
    # An expulsion that may not happen at all is no reason to drop the warning: it is said beside it.
    unlikely = f" The expulsion itself may not be available: {caveat}." if caveat else ""
    untied = f" {reach_words()['untied'].format(n=reach.untied)}" if reach.untied else ""
    return [Flag(
        code="CONTROL_MAY_CONTINUE", severity="high" if family else "medium",
        explanation=f"Expels a foreign suspect while {held} remain within reach.{untied}{unlikely} {basis.explanation}",
        victim_ids=victims, victim_names=scope.names(victims), citation=basis.citation, family_ids=family,
        reasons={**reach.victims, **reach.family},
    )]
