"""Options for a person: the offences and measures the evidence supports, and what they cost victims.

Pure over a `CaseNetwork` and a `RulePack`: no database, no statute in the code. The pack says
which indicators prove which element, which protections hang on a trafficking charge and which
options fall on victims; this module only matches evidence against it.

Strength is the share of an option's elements with at least one evidence row. An element is
*independently supported* when one of its rows is independent of victim testimony; at equal
strength, options proved independently rank first (offender-focused proof, DOMAIN.md).

Every result carries the disclaimer: decision support, not legal advice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from queries.network import (
    BUSINESS_CONTROL_LINKS,
    BUSINESS_WORK_LINKS,
    EMPLOYMENT_LINKS,
    EXPLOITATION_LINKS,
    CaseNetwork,
    Evidence,
    Link,
    Person,
)
from rules.model import Measure, NonPunishment, Offence, Protection, RulePack

__all__ = [
    "DISCLAIMER", "ElementSupport", "Flag", "Option", "OptionEngine", "PersonOptions", "UnknownPerson",
    "controlled_businesses", "evaluate_option", "linked_victims", "options_for_person", "protection_flags",
]

DISCLAIMER = "Decision support, not legal advice"
OWN_EVIDENCE = "own evidence"
FAMILY_OF = frozenset({"FAMILY_OF"})
#: How the pack's trigger codes read in a sentence.
TRIGGER_WORDS = {
    "trafficking_investigation": "a trafficking investigation",
    "trafficking_indictment": "a trafficking indictment",
    "trafficking_conviction": "a trafficking conviction",
}

Severity = Literal["high", "medium"]


class UnknownPerson(ValueError):
    def __init__(self, person_id: str) -> None:
        self.person_id = person_id
        super().__init__(f"unknown person '{person_id}': not in the case network")


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementSupport:
    id: str
    description: str
    evidence_ids: list[str]
    independently_supported: bool

    @property
    def supported(self) -> bool:
        return bool(self.evidence_ids)


@dataclass(frozen=True)
class Flag:
    code: str  # PROTECTION_LOSS | CRIMINALISES_VICTIMS | TESTIMONY_AGAINST_WISHES | CONTROL_MAY_CONTINUE
    severity: Severity
    explanation: str  # one line
    victim_ids: list[str]
    victim_names: list[str | None] | None  # None where the caller may not see names
    citation: str
    status: str | None = None  # PROTECTION_LOSS: would_lose | would_not_obtain
    protection_code: str | None = None
    protection_title: str | None = None
    rule_code: str | None = None  # the non-punishment entry behind a CRIMINALISES_VICTIMS flag
    element_ids: list[str] = field(default_factory=list)  # TESTIMONY_AGAINST_WISHES
    family_ids: list[str] = field(default_factory=list)  # CONTROL_MAY_CONTINUE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Option:
    kind: Literal["offence", "measure"]
    code: str
    title: str
    citation: str
    category: str  # trafficking | alternative (measures: "measure")
    area: str
    source_status: str  # confirmed | unverified
    target: Literal["person", "business"]
    target_id: str
    via: list[str]  # "own evidence" and/or the names of businesses whose evidence counts
    strength: float
    independent_strength: float
    elements: list[ElementSupport]
    evidence_ids: list[str]
    max_penalty: dict[str, Any] | None
    consequences: list[str]
    testimony_dependent: bool
    flags: list[Flag]
    agency: str | None = None
    effect: str | None = None
    risks: str | None = None
    notes: list[str] = field(default_factory=list)  # why an option does not apply, when it does not

    @property
    def applicable(self) -> bool:
        return not self.notes and self.strength > 0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["flags"] = [f.to_dict() for f in self.flags]
        return out


@dataclass(frozen=True)
class PersonOptions:
    person_id: str
    person_name: str | None
    case_id: str | None
    jurisdiction: str
    pack_version: str
    review_status: str  # "unreviewed by counsel" until reviewed_by is set
    disclaimer: str
    pack_disclaimer: str
    linked_victim_ids: list[str]
    options: list[Option]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["options"] = [o.to_dict() for o in self.options]
        return out


# -- the case, indexed once per call ------------------------------------------------------------


class _Scope:
    """One case network seen from one case (or all), indexed so that each lookup is a dict hit.

    Built once per public call: evaluating every rule of a pack for one person then costs one
    pass over the links and evidence, not one per rule (issue 5 evaluates plans on 10k persons).
    """

    def __init__(self, network: CaseNetwork, pack: RulePack | None, case_id: str | None, show_names: bool) -> None:
        if pack is not None and network.jurisdiction and network.jurisdiction.upper() != pack.jurisdiction:
            raise ValueError(f"the case network is in {network.jurisdiction}, the rule pack is for {pack.jurisdiction}")
        self.network, self._pack, self.case_id, self.show_names = network, pack, case_id, show_names
        self.evidence: dict[str, list[Evidence]] = defaultdict(list)
        for e in network.evidence:
            if case_id is None or e.case_id == case_id:
                self.evidence[e.about_id].append(e)
        self.links_from: dict[str, list[Link]] = defaultdict(list)
        self.workers: dict[str, set[str]] = defaultdict(set)
        self.family: dict[str, set[str]] = defaultdict(set)
        for l in network.links:
            if case_id is not None and l.case_id not in (None, case_id):
                continue
            self.links_from[l.source_id].append(l)
            if l.type in BUSINESS_WORK_LINKS:
                self.workers[l.target_id].add(l.source_id)
            elif l.type in EMPLOYMENT_LINKS:
                self.workers[l.source_id].add(l.target_id)
            elif l.type in FAMILY_OF:  # family ties count both ways
                self.family[l.source_id].add(l.target_id)
                self.family[l.target_id].add(l.source_id)
        self.victims_by_case: dict[str, set[str]] = defaultdict(set)
        for p in network.persons.values():
            for r in p.roles:
                if r.role == "victim":
                    self.victims_by_case[r.case_id].add(p.person_id)
        self._linked: dict[str, dict[str, list[str]]] = {}
        self.protection_cache: dict[tuple[Any, ...], list[Flag]] = {}

    @property
    def pack(self) -> RulePack:
        if self._pack is None:  # only the link helpers run without a pack
            raise RuntimeError("this scope has no rule pack")
        return self._pack

    def person(self, person_id: str) -> Person:
        if person_id not in self.network.persons:
            raise UnknownPerson(person_id)
        return self.network.persons[person_id]

    def is_victim(self, person_id: str) -> bool:
        p = self.network.persons.get(person_id)
        return p is not None and p.is_victim

    def controlled(self, person_id: str) -> list[str]:
        return sorted({
            l.target_id for l in self.links_from[person_id]
            if l.type in BUSINESS_CONTROL_LINKS and l.target_id in self.network.businesses
        })

    def victims_at(self, business_id: str) -> list[str]:
        return sorted(w for w in self.workers[business_id] if self.is_victim(w))

    def linked_victims(self, person_id: str) -> dict[str, list[str]]:
        if person_id in self._linked:
            return self._linked[person_id]
        person = self.person(person_id)
        cases = {self.case_id} if self.case_id else {r.case_id for r in person.roles}
        reasons: dict[str, set[str]] = defaultdict(set)
        for case in cases:
            for v in self.victims_by_case[case]:
                reasons[v].add(f"victim in case {case}")
        for l in self.links_from[person_id]:
            if l.type in EXPLOITATION_LINKS and self.is_victim(l.target_id):
                reasons[l.target_id].add(l.type)
        for b in self.controlled(person_id):
            for w in self.victims_at(b):
                reasons[w].add(f"works at {self.network.label(b)}")
        reasons.pop(person_id, None)
        self._linked[person_id] = {v: sorted(r) for v, r in sorted(reasons.items())}
        return self._linked[person_id]

    def family_of(self, victim_ids: Iterable[str], exclude: str) -> list[str]:
        victims = set(victim_ids)
        found = {f for v in victims for f in self.family[v]}
        return sorted(found - victims - {exclude})

    def cooperation(self, person: Person) -> str | None:
        if self.case_id:
            for r in person.roles:
                if r.role == "victim" and r.case_id == self.case_id and r.cooperation:
                    return r.cooperation
        return person.cooperation()

    def names(self, ids: list[str]) -> list[str | None] | None:
        if not self.show_names:
            return None
        return [self.network.persons[i].name if i in self.network.persons else None for i in ids]


def controlled_businesses(network: CaseNetwork, person_id: str, case_id: str | None = None) -> list[str]:
    """Businesses the person owns, directs or manages (their evidence counts for the person)."""
    return _Scope(network, None, case_id, True).controlled(person_id)


def linked_victims(network: CaseNetwork, person_id: str, case_id: str | None = None) -> dict[str, list[str]]:
    """Victims linked to a person, each with the reasons: same case, exploitation link, or work
    at a business the person controls."""
    return _Scope(network, None, case_id, True).linked_victims(person_id)


# -- flags ----------------------------------------------------------------------------------


def _holds(scope: _Scope, person: Person, protection: Protection) -> bool:
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


def _keeps(pack: RulePack, protection: Protection, charges: Iterable[str]) -> bool:
    for code in charges:
        offence = pack.offence(code)
        if offence is not None and (offence.category == "trafficking" or code in protection.kept_by):
            return True
    return False


def protection_flags(
    network: CaseNetwork,
    pack: RulePack,
    victim_ids: Iterable[str],
    *,
    charges: Iterable[str] = (),
    case_id: str | None = None,
    show_names: bool = True,
) -> list[Flag]:
    """PROTECTION_LOSS flags for identified victims when the case goes ahead with `charges` only.

    `charges` are the offence (or measure) codes pursued that concern these victims. A
    trafficking offence among them, or an offence the protection lists in `kept_by`, keeps a
    protection alive and its flag disappears: a charge plan passes all its charges at once.
    """
    return _protection_flags(_Scope(network, pack, case_id, show_names), victim_ids, list(charges))


def _protection_flags(scope: _Scope, victim_ids: Iterable[str], charges: list[str]) -> list[Flag]:
    pack, persons = scope.pack, scope.network.persons
    for code in charges:
        if pack.offence(code) is None and pack.measure(code) is None:
            raise ValueError(f"unknown offence or measure code '{code}' in the {pack.jurisdiction} pack")
    victims = tuple(sorted({v for v in victim_ids if v in persons and persons[v].is_identified_victim}))
    at_risk = tuple(
        p for p in pack.protections if p.depends_on_trafficking_charge and not _keeps(pack, p, charges)
    )
    # Every alternative option of one person asks the same question: answer it once.
    key = (victims, tuple(p.code for p in at_risk))
    if key not in scope.protection_cache:
        scope.protection_cache[key] = _protection_flags_for(scope, victims, at_risk)
    return list(scope.protection_cache[key])


def _protection_flags_for(scope: _Scope, victims: tuple[str, ...], at_risk: tuple[Protection, ...]) -> list[Flag]:
    pack, persons = scope.pack, scope.network.persons
    flags: list[Flag] = []
    for protection in at_risk:
        by_status: dict[str, list[str]] = {"would_lose": [], "would_not_obtain": []}
        for vid in victims:
            person = persons[vid]
            if protection.foreign_nationals_only and pack.is_national(person.nationality):
                continue
            by_status["would_lose" if _holds(scope, person, protection) else "would_not_obtain"].append(vid)
        for status, ids in by_status.items():
            if not ids:
                continue
            verb = "hold" if status == "would_lose" else "could obtain"
            flags.append(Flag(
                code="PROTECTION_LOSS",
                severity="high" if status == "would_lose" else "medium",
                explanation=(
                    f"{len(ids)} identified victim(s) {verb} '{protection.title}', which depends on "
                    f"{TRIGGER_WORDS[protection.trigger]}: without a trafficking charge they "
                    f"{status.replace('_', ' ')} it."
                ),
                victim_ids=ids,
                victim_names=scope.names(ids),
                citation=protection.citation,
                status=status,
                protection_code=protection.code,
                protection_title=protection.title,
            ))
    return flags


def _signals(scope: _Scope, victim: Person, entry: NonPunishment) -> bool:
    """The victim shows the entry's risk: an immigration status, or evidence about them."""
    if victim.immigration_status and victim.immigration_status in entry.victim_statuses:
        return True
    return any(e.indicator in entry.victim_indicators for e in scope.evidence[victim.person_id])


def _criminalisation_flags(
    scope: _Scope, rule: Offence | Measure, person: Person, exposed: list[str], on_person: bool
) -> list[Flag]:
    flags: list[Flag] = []
    for entry in scope.pack.non_punishment:
        if not entry.covers(rule.code, rule.area):
            continue
        ids = [v for v in exposed if _signals(scope, scope.network.persons[v], entry)]
        if ids:
            flags.append(Flag(
                code="CRIMINALISES_VICTIMS", severity="high",
                explanation=f"Falls on {len(ids)} victim(s): {entry.title.lower()}. Defence: {entry.defence}",
                victim_ids=ids, victim_names=scope.names(ids), citation=entry.citation, rule_code=entry.code,
            ))
    if on_person and person.is_victim:
        # The target is a victim: any action against them needs the trafficking assessment first.
        basis = scope.pack.flag_basis["CRIMINALISES_VICTIMS"]
        ids = [person.person_id]
        flags.append(Flag(
            code="CRIMINALISES_VICTIMS", severity="high",
            explanation=f"The target is themselves a victim. {basis.explanation}",
            victim_ids=ids, victim_names=scope.names(ids), citation=basis.citation,
        ))
    return flags


def _testimony_flags(scope: _Scope, supports: list[tuple[ElementSupport, list[Evidence]]]) -> list[Flag]:
    """Elements proved only by testimony of victims who do not want to cooperate."""

    def unwilling(e: Evidence) -> bool:
        giver = scope.network.persons.get(e.given_by or "")
        return not e.independent_of_victim and giver is not None and scope.cooperation(giver) == "unwilling"

    element_ids: list[str] = []
    givers: set[str] = set()
    for support, rows in supports:
        if rows and all(unwilling(e) for e in rows):
            element_ids.append(support.id)
            givers |= {e.given_by for e in rows if e.given_by}
    if not element_ids:
        return []
    ids = sorted(givers)
    basis = scope.pack.flag_basis["TESTIMONY_AGAINST_WISHES"]
    return [Flag(
        code="TESTIMONY_AGAINST_WISHES", severity="high",
        explanation=(
            f"Element(s) {', '.join(element_ids)} rest only on testimony of victim(s) unwilling to "
            f"cooperate, with no independent evidence. {basis.explanation}"
        ),
        victim_ids=ids, victim_names=scope.names(ids), citation=basis.citation, element_ids=element_ids,
    )]


def _control_flags(scope: _Scope, person_id: str, victims: list[str]) -> list[Flag]:
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


# -- evaluating one option ------------------------------------------------------------------


def _support(
    rule: Offence | Measure, rows: list[tuple[str, Evidence]]
) -> tuple[list[tuple[ElementSupport, list[Evidence]]], list[str]]:
    """Match evidence to elements (a measure is one element: its grounds). Returns supports and via."""
    if isinstance(rule, Offence):
        specs = [(e.id, e.description, set(e.indicators)) for e in rule.elements]
    else:
        specs = [("grounds", f"Any of: {', '.join(rule.indicators)}", set(rule.indicators))]
    out: list[tuple[ElementSupport, list[Evidence]]] = []
    via: list[str] = []
    for eid, description, indicators in specs:
        matched = [(src, e) for src, e in rows if e.indicator in indicators]
        for src, _ in matched:
            if src not in via:
                via.append(src)
        evidence = [e for _, e in matched]
        out.append((ElementSupport(
            id=eid, description=description,
            evidence_ids=sorted({e.evidence_id for e in evidence}),
            independently_supported=any(e.independent_of_victim for e in evidence),
        ), evidence))
    return out, via


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


def _option(scope: _Scope, person_id: str, rule: Offence | Measure, target_id: str) -> Option:
    person = scope.person(person_id)
    on_business = isinstance(rule, Measure) and rule.target == "business"
    if on_business:
        sources = [(target_id, scope.network.label(target_id))]
    else:
        sources = [(person_id, OWN_EVIDENCE)] + [(b, scope.network.label(b)) for b in scope.controlled(person_id)]
    rows = [(label, e) for party, label in sources for e in scope.evidence[party]]
    supports, via = _support(rule, rows)
    elements = [s for s, _ in supports]

    foreign = scope.pack.is_national(person.nationality) is False
    notes: list[str] = []
    if isinstance(rule, Measure) and rule.requires_foreign_national and not foreign:
        notes.append(f"needs a foreign national; nationality is {person.nationality or 'unknown'}")

    victims = scope.linked_victims(person_id)
    # A measure on a business reaches the victims working there; anything else, the person's victims.
    exposed = scope.victims_at(target_id) if on_business else list(victims)
    # A victim who is no suspect controls no one: acting against them costs other victims nothing
    # more; the cost is to themselves (CRIMINALISES_VICTIMS).
    as_offender = person.is_suspect or not person.is_victim
    is_trafficking = isinstance(rule, Offence) and rule.category == "trafficking"
    flags: list[Flag] = []
    if as_offender and not is_trafficking:
        flags += _protection_flags(scope, victims, [rule.code])
    flags += _criminalisation_flags(scope, rule, person, exposed, on_person=not on_business)
    flags += _testimony_flags(scope, supports)
    expels = any(c.kind == "expulsion" for c in rule.consequences)
    if expels and foreign and as_offender and not on_business and not notes:
        flags += _control_flags(scope, person_id, list(victims))

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
        flags=flags, notes=notes, **_kind_fields(rule),
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
        self._scope = _Scope(network, pack, case_id, show_names)

    def linked_victims(self, person_id: str) -> dict[str, list[str]]:
        return self._scope.linked_victims(person_id)

    def protection_flags(self, victim_ids: Iterable[str], *, charges: Iterable[str] = ()) -> list[Flag]:
        return _protection_flags(self._scope, victim_ids, list(charges))

    def evaluate_option(self, person_id: str, code: str, *, target_id: str | None = None) -> Option:
        scope, pack = self._scope, self._scope.pack
        scope.person(person_id)
        rule: Offence | Measure | None = pack.offence(code) or pack.measure(code)
        if rule is None:
            raise ValueError(f"unknown offence or measure code '{code}' in the {pack.jurisdiction} pack")
        if isinstance(rule, Measure) and rule.target == "business":
            if target_id is None:
                owned = scope.controlled(person_id)
                if len(owned) != 1:
                    raise ValueError(
                        f"measure '{code}' targets a business: name it (person '{person_id}' controls {len(owned)})"
                    )
                target_id = owned[0]
            if target_id not in scope.network.businesses:
                raise ValueError(f"unknown business '{target_id}' for measure '{code}'")
        else:
            target_id = person_id
        return _option(scope, person_id, rule, target_id)

    def options_for_person(self, person_id: str) -> PersonOptions:
        scope, pack = self._scope, self._scope.pack
        person = scope.person(person_id)
        businesses = scope.controlled(person_id)
        candidates = [_option(scope, person_id, o, person_id) for o in pack.offences]
        for m in pack.measures:
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
