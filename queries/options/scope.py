"""One case network seen from one case (or all), indexed for the options engine.

Built once per engine: evaluating every rule of a pack for one person then costs one pass
over the links and evidence, not one per rule (plans evaluate thousands of options).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from graph.errors import InvalidArgument
from queries.network.model import BUSINESS_CONTROL_LINKS, EXPLOITATION_LINKS, CaseNetwork, Evidence, Link, Person, work_ends
from queries.network.errors import CASE_NETWORK, UnknownPerson
from queries.options.support import Row, match_elements
from queries.options.standing import VictimStandings
from rules.model import RulePack

__all__ = ["OWN_EVIDENCE", "CaseScope", "TraffickingCount"]

OWN_EVIDENCE = "own evidence"
FAMILY_OF = frozenset({"FAMILY_OF"})


class TraffickingCount(NamedTuple):
    """The best trafficking charge against one person: what would keep their victims' protections."""

    code: str
    citation: str
    strength: float
    missing: tuple[str, ...]  # elements without evidence


class CaseScope:
    def __init__(self, network: CaseNetwork, pack: RulePack | None, case_id: str | None, show_names: bool) -> None:
        if pack is not None and network.jurisdiction and network.jurisdiction.upper() != pack.jurisdiction:
            raise InvalidArgument(f"the case network is in {network.jurisdiction}, the rule pack is for "
                                  f"{pack.jurisdiction}: give the pack of {network.jurisdiction.upper()}")
        self.network, self._pack, self.case_id, self.show_names = network, pack, case_id, show_names
        self.standings = VictimStandings(network, case_id)
        self.evidence: dict[str, list[Evidence]] = defaultdict(list)  # everything about a party
        self.conduct: dict[str, list[Evidence]] = defaultdict(list)  # what the party did
        for e in network.evidence:
            if case_id is None or e.case_id == case_id:
                self.evidence[e.about_id].append(e)
                if not self.standings.reads_as_subject(e):
                    self.conduct[e.about_id].append(e)
        self.links_from: dict[str, list[Link]] = defaultdict(list)
        self.workers: dict[str, set[str]] = defaultdict(set)
        self.housed: dict[str, set[str]] = defaultdict(set)
        self.workplaces: dict[str, set[str]] = defaultdict(set)
        self.family: dict[str, set[str]] = defaultdict(set)
        self.exploited_by: dict[str, set[str]] = defaultdict(set)  # victim -> persons with a link to them
        self.housed_at: dict[str, set[str]] = defaultdict(set)  # person -> businesses housing them
        for l in network.links:
            if case_id is not None and l.case_id not in (None, case_id):
                continue
            self.links_from[l.source_id].append(l)
            if (work := work_ends(l)) is not None:
                worker, workplace = work
                self.workers[workplace].add(worker)
                self.workplaces[worker].add(workplace)
            if l.type == "HOUSED":
                self.housed[l.source_id].add(l.target_id)
                if l.source_id in network.businesses:
                    self.housed_at[l.target_id].add(l.source_id)
            if l.type in EXPLOITATION_LINKS and l.source_id in network.persons:
                self.exploited_by[l.target_id].add(l.source_id)
            if l.type in FAMILY_OF:  # family ties count both ways
                self.family[l.source_id].add(l.target_id)
                self.family[l.target_id].add(l.source_id)
        self.controllers_of: dict[str, set[str]] = defaultdict(set)
        for l in network.links:
            if l.type in BUSINESS_CONTROL_LINKS and (case_id is None or l.case_id in (None, case_id)):
                self.controllers_of[l.target_id].add(l.source_id)
        self.victims_by_case: dict[str, set[str]] = defaultdict(set)
        #: Persons marked under 18: most cases have none, and then no count concerns a child.
        self.minors = frozenset(pid for pid, p in network.persons.items() if p.minor)
        for p in network.persons.values():
            for r in p.roles:
                if r.role == "victim":
                    self.victims_by_case[r.case_id].add(p.person_id)
        self._linked: dict[str, dict[str, list[str]]] = {}
        self._concerns: dict[str, dict[str, list[str]]] = {}
        self._counts: dict[str, TraffickingCount | None] = {}
        #: Flags, groups and remedies worked out once per engine (queries.options.flags).
        self.protection_cache: dict[tuple[Any, ...], Any] = {}

    @property
    def pack(self) -> RulePack:
        if self._pack is None:  # only the link helpers run without a pack
            raise RuntimeError("this scope has no rule pack")
        return self._pack

    def person(self, person_id: str) -> Person:
        if person_id not in self.network.persons:
            raise UnknownPerson(person_id, CASE_NETWORK)
        return self.network.persons[person_id]

    def is_victim(self, person_id: str) -> bool:
        """A victim role, identified or not (possible victims are asked of `standings`)."""
        p = self.network.persons.get(person_id)
        return p is not None and p.is_victim

    def controlled(self, person_id: str) -> list[str]:
        return sorted({
            l.target_id for l in self.links_from[person_id]
            if l.type in BUSINESS_CONTROL_LINKS and l.target_id in self.network.businesses
        })

    def victims_at(self, business_id: str) -> list[str]:
        """Victims of any standing who work at, or are housed by, the business."""
        people = self.workers[business_id] | self.housed[business_id]
        return sorted(p for p in people if self.standings.is_victim(p))

    def linked_victims(self, person_id: str) -> dict[str, list[str]]:
        """Victims linked to the person: every victim of their cases ("victim in case C"), and
        those a count against them concerns. The case alone is no tie: who an expelled
        controller can still reach is `queries.options.reach`."""
        if person_id in self._linked:
            return self._linked[person_id]
        person = self.person(person_id)
        cases = {self.case_id} if self.case_id else {r.case_id for r in person.roles}
        reasons: dict[str, set[str]] = defaultdict(set)
        for case in cases:
            for v in self.victims_by_case[case]:
                reasons[v].add(f"victim in case {case}")
        for v, why in self.concerns(person_id).items():
            reasons[v].update(why)
        reasons.pop(person_id, None)
        self._linked[person_id] = {v: sorted(r) for v, r in sorted(reasons.items())}
        return self._linked[person_id]

    def concerns(self, person_id: str) -> dict[str, list[str]]:
        """Victims (of any standing) a count against this person is about: those they control,
        recruit, transport, house or exploit, and those working at or housed by a business they
        control. A trafficking count keeps these victims' protections, and only these."""
        if person_id in self._concerns:
            return self._concerns[person_id]
        reasons: dict[str, set[str]] = defaultdict(set)
        for l in self.links_from[person_id]:
            if l.type in EXPLOITATION_LINKS and self.standings.is_victim(l.target_id):
                reasons[l.target_id].add(l.type)
        for b in self.controlled(person_id):
            label = self.network.label(b)
            for verb, people in (("works at", self.workers[b]), ("housed by", self.housed[b])):
                for v in people:
                    if self.standings.is_victim(v):
                        reasons[v].add(f"{verb} {label}")
        reasons.pop(person_id, None)
        self._concerns[person_id] = {v: sorted(r) for v, r in sorted(reasons.items())}
        return self._concerns[person_id]

    def exploiters_of(self, victim_id: str) -> list[str]:
        """Persons (not themselves victims) a count against whom would concern this victim."""
        found = set(self.exploited_by[victim_id])
        for b in self.workplaces[victim_id] | self.housed_at[victim_id]:
            found |= {p for p in self.controllers_of.get(b, ()) if p in self.network.persons}
        return sorted(p for p in found if p != victim_id and not self.is_victim(p))

    def minors_concerned(self, person_id: str) -> list[str]:
        """Victims under 18 a count against the person concerns."""
        if not self.minors:
            return []
        return [v for v in self.concerns(person_id) if v in self.minors]

    def rows_for(self, person_id: str) -> list[Row]:
        """The conduct that counts for a person: their own, and that of the businesses they control."""
        sources = [(person_id, OWN_EVIDENCE)] + [(b, self.network.label(b)) for b in self.controlled(person_id)]
        return [(label, e) for party, label in sources for e in self.conduct[party]]

    def best_trafficking_count(self, person_id: str) -> TraffickingCount | None:
        """The pack's trafficking offence the evidence best supports against the person."""
        if person_id not in self._counts:
            rows, best = self.rows_for(person_id), None
            for offence in self.pack.offences:
                if offence.category != "trafficking":
                    continue
                supports, _ = match_elements(offence, rows, OWN_EVIDENCE, explain=False,
                                             minors=self.minors_concerned(person_id))
                strength = sum(s.supported for s, _ in supports) / len(supports)
                missing = tuple(s.id for s, _ in supports if not s.supported)
                if best is None or strength > best.strength:
                    best = TraffickingCount(offence.code, offence.citation, strength, missing)
            self._counts[person_id] = best
        return self._counts[person_id]

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
        persons = self.network.persons
        return [p.name if (p := persons.get(i)) is not None else None for i in ids]
