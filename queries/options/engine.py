"""Options for a person: the offences and measures the evidence supports, and what they cost victims.

Pure over a `CaseNetwork` and a `RulePack`: no database, no statute in the code. The pack says
which indicators (alone, or in ILO combinations) prove which element, which protections hang
on a trafficking charge and which options fall on victims; this package only matches
evidence against it:

- `option_scope`: the case indexed once (victims' standing, who concerns whom);
- `option_support`: evidence matched to elements, combinations included;
- `option_flags`: the victim-protection flags, judged per victim;
- this module: one option, a person's options ranked, and the engine that caches them.

Strength is the share of an option's elements with at least one evidence row. An element is
*independently supported* when one of its rows is independent of victim testimony; at equal
strength, options proved independently rank first (offender-focused proof, DOMAIN.md).
Evidence counts for a person only as their conduct: rows that say what was done to them (a
passport held) are read as signs that they may be a victim (`queries.options.standing`).

Every result carries the disclaimer: decision support, not legal advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.errors import InvalidArgument
from queries.network.model import EXPLOITATION_LINKS, CaseNetwork
from queries.options.children import for_children
from queries.options.flags import (
    Count,
    control_flags,
    criminalisation_flags,
    falls_on_victims_flags,
    possible_victim_flags,
    protection_flags as _protection_flags,
    testimony_flags,
)
from queries.options.results import DISCLAIMER, ElementSupport, Flag, Option, PersonOptions, UnknownPerson
from queries.options.scope import OWN_EVIDENCE, CaseScope
from queries.options.support import Row, match_elements
from rules.vocabulary import shown_of_the_exploited
from rules.entries import Measure, Offence
from rules.model import RulePack

__all__ = [
    "DISCLAIMER", "ElementSupport", "Flag", "Option", "OptionEngine", "PersonOptions", "UnknownPerson",
    "controlled_businesses", "evaluate_option", "linked_victims", "options_for_person", "protection_flags",
]


def controlled_businesses(network: CaseNetwork, person_id: str, case_id: str | None = None) -> list[str]:
    """Businesses the person owns, directs or manages (their evidence counts for the person)."""
    return CaseScope(network, None, case_id, True).controlled(person_id)


def linked_victims(network: CaseNetwork, person_id: str, case_id: str | None = None) -> dict[str, list[str]]:
    """Victims linked to a person, each with the reasons: same case (no tie needed), exploitation
    link, or work at a business the person controls. Not who they can reach: see
    `queries.options.reach`."""
    return CaseScope(network, None, case_id, True).linked_victims(person_id)


def protection_flags(
    network: CaseNetwork,
    pack: RulePack,
    victim_ids: Iterable[str],
    *,
    charges: Iterable[str] = (),
    case_id: str | None = None,
    show_names: bool = True,
) -> list[Flag]:
    """PROTECTION_LOSS flags for these victims when the case goes ahead with `charges` only.

    `charges` are offence codes pursued *about these victims*: a trafficking offence among
    them, or an offence a protection lists in `kept_by`, keeps that protection for them. For
    counts that concern different victims, use `OptionEngine.protection_flags_for_counts`.
    """
    victims = list(victim_ids)
    counts = [Count(code, frozenset(victims)) for code in charges]
    return _protection_flags(CaseScope(network, pack, case_id, show_names), victims, counts, "plan")


# -- evaluating one option ------------------------------------------------------------------


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


def _barred(scope: CaseScope, person_id: str, rule: Offence | Measure) -> str | None:
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


def _option(scope: CaseScope, person_id: str, rule: Offence | Measure, target_id: str) -> Option:
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
    if not on_business and (barred := _barred(scope, person_id, rule)):
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
        flags += _protection_flags(scope, concerned, [Count(rule.code, frozenset(concerned))], "option")
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


def _rank(option: Option) -> tuple[Any, ...]:
    penalty = option.max_penalty or {}
    severity = float("inf") if penalty.get("life") else float(penalty.get("years") or 0)
    return (
        -option.strength, -option.independent_strength, option.kind != "offence",
        option.category != "trafficking", -severity, option.code, option.target_id,
    )


class OptionEngine:
    """Many questions about one case: the index is built once (a charge plan asks dozens).

    The engine reads the network when it is made; build a new one after changing the network.
    """

    def __init__(
        self, network: CaseNetwork, pack: RulePack, *, case_id: str | None = None, show_names: bool = True
    ) -> None:
        self._scope = CaseScope(network, pack, case_id, show_names)

    @property
    def scope(self) -> CaseScope:
        return self._scope

    def linked_victims(self, person_id: str) -> dict[str, list[str]]:
        return self._scope.linked_victims(person_id)

    def concerns(self, person_id: str) -> dict[str, list[str]]:
        """The victims a count against this person is about (it keeps their protections)."""
        return self._scope.concerns(person_id)

    def protection_flags(self, victim_ids: Iterable[str], *, charges: Iterable[str] = ()) -> list[Flag]:
        """As `queries.options.engine.protection_flags`: every charge concerns every victim given."""
        victims = list(victim_ids)
        return _protection_flags(self._scope, victims, [Count(c, frozenset(victims)) for c in charges], "plan")

    def protection_flags_for_counts(self, victim_ids: Iterable[str], counts: list[Count]) -> list[Flag]:
        """PROTECTION_LOSS per victim when the case goes ahead with these counts, each keeping
        protections only for the victims it concerns."""
        return _protection_flags(self._scope, victim_ids, counts, "plan")

    def evaluate_option(self, person_id: str, code: str, *, target_id: str | None = None) -> Option:
        scope, pack = self._scope, self._scope.pack
        scope.person(person_id)
        rule = pack.rule(code)
        if isinstance(rule, Measure) and rule.target == "business":
            if target_id is None:
                owned = scope.controlled(person_id)
                if len(owned) != 1:
                    raise InvalidArgument(
                        f"measure '{code}' targets a business: name it (person '{person_id}' controls {len(owned)})"
                    )
                target_id = owned[0]
            if target_id not in scope.network.businesses:
                raise InvalidArgument(f"unknown business '{target_id}' for measure '{code}': name one in the case "
                                      f"network, such as one person '{person_id}' controls")
        else:
            target_id = person_id
        return _option(scope, person_id, rule, target_id)

    def options_for_person(self, person_id: str) -> PersonOptions:
        scope, pack = self._scope, self._scope.pack
        person = scope.person(person_id)
        standing = scope.standings.of(person_id)
        businesses = scope.controlled(person_id)
        candidates = [_option(scope, person_id, o, person_id) for o in pack.offences]
        barred: list[dict[str, str]] = []
        for m in pack.measures:
            if m.target == "person" and (why := _barred(scope, person_id, m)):
                basis = pack.flag_basis["REMOVAL_OF_VICTIM"]
                barred.append({"code": m.code, "title": m.title, "reason": why, "citation": basis.citation})
                continue
            for target in businesses if m.target == "business" else [person_id]:
                candidates.append(_option(scope, person_id, m, target))
        return PersonOptions(
            person_id=person_id,
            person_name=person.name if scope.show_names else None,
            case_id=scope.case_id,
            jurisdiction=pack.jurisdiction,
            pack_version=pack.version,
            review_status=pack.review_status,
            disclaimer=DISCLAIMER,
            pack_disclaimer=pack.disclaimer,
            linked_victim_ids=list(scope.linked_victims(person_id)),
            options=sorted((o for o in candidates if o.applicable), key=_rank),
            standing=standing.standing if standing else None,
            standing_signals=list(standing.signals) if standing else [],
            barred=barred,
        )


def options_for_person(
    network: CaseNetwork,
    pack: RulePack,
    person_id: str,
    *,
    case_id: str | None = None,
    show_names: bool = True,
) -> PersonOptions:
    """Every offence and measure the evidence supports for a person, strongest first, with flags.

    Ranked by strength, then by independent strength (proof that does not rest on victims),
    offences before measures, trafficking before alternatives, heavier penalties first.
    """
    return OptionEngine(network, pack, case_id=case_id, show_names=show_names).options_for_person(person_id)


def evaluate_option(
    network: CaseNetwork,
    pack: RulePack,
    person_id: str,
    code: str,
    *,
    target_id: str | None = None,
    case_id: str | None = None,
    show_names: bool = True,
) -> Option:
    """One offence or measure for one person, whatever its support (strength may be 0).

    For a measure on a business, `target_id` names the business; it may be left out when the
    person controls exactly one.
    """
    engine = OptionEngine(network, pack, case_id=case_id, show_names=show_names)
    return engine.evaluate_option(person_id, code, target_id=target_id)
