"""The in-memory projection of a case graph that every analysis works on.

`queries.network.projection` fills it from Neo4j with one parameterised Cypher query per
projection; tests build it by hand. Analyses (key persons, options, plans) take a
`CaseNetwork` and never talk to the database themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

#: Links that put a person in control of, or profiting from, another person.
EXPLOITATION_LINKS = frozenset({"CONTROLS", "RECRUITED", "TRANSPORTED", "HOUSED", "EXPLOITS"})
#: Links from a person to a business that give them a say over it.
BUSINESS_CONTROL_LINKS = frozenset({"OWNS", "DIRECTS", "MANAGES"})
#: Links from a person to the business they work at.
BUSINESS_WORK_LINKS = frozenset({"WORKS_AT"})
#: Links from a business (or a person) to the person it employs: WORKS_AT read the other way.
EMPLOYMENT_LINKS = frozenset({"EMPLOYS"})


@dataclass(frozen=True)
class Role:
    case_id: str
    role: str  # suspect | victim | witness | associate
    identified_on: date | None = None
    cooperation: str | None = None  # willing | unwilling | undecided (victims)


@dataclass
class Person:
    person_id: str
    name: str | None = None  # None where the caller may not see it
    nationality: str | None = None
    immigration_status: str | None = None
    roles: list[Role] = field(default_factory=list)
    #: Under 18 when first exploited (computed at load from the birth date, which is sealed for victims).
    minor: bool = False

    def has_role(self, role: str) -> bool:
        return any(r.role == role for r in self.roles)

    @property
    def is_identified_victim(self) -> bool:
        """Formally identified as a trafficking victim in at least one case."""
        return any(r.role == "victim" and r.identified_on is not None for r in self.roles)

    @property
    def is_victim(self) -> bool:
        return self.has_role("victim")

    @property
    def is_suspect(self) -> bool:
        return self.has_role("suspect")

    def cooperation(self) -> str | None:
        for r in self.roles:
            if r.role == "victim" and r.cooperation:
                return r.cooperation
        return None


@dataclass
class Business:
    business_id: str
    name: str
    sector: str | None = None
    country: str | None = None


class Link(NamedTuple):
    """A directed link as loaded: person or business at either end.

    A named tuple, not a frozen dataclass: a 100k-person projection builds half a million
    links, and a tuple is built about four times faster.
    """

    source_id: str
    type: str
    target_id: str
    case_id: str | None = None
    since: date | None = None
    until: date | None = None
    amount: float | None = None
    evidence_id: str | None = None


def work_ends(link: Link) -> tuple[str, str] | None:
    """(worker, workplace) of a work link, whichever way it is written (WORKS_AT from the worker,
    EMPLOYS from the employer); None for any other link."""
    if link.type in BUSINESS_WORK_LINKS:
        return link.source_id, link.target_id
    if link.type in EMPLOYMENT_LINKS:
        return link.target_id, link.source_id
    return None


@dataclass(frozen=True)
class Evidence:
    evidence_id: str
    case_id: str
    about_id: str  # a person or a business
    indicator: str
    kind: str
    independent_of_victim: bool
    given_by: str | None = None
    about_role: str | None = None  # actor | subject | None: read from the case (queries.options.standing)
    observed_on: date | None = None  # the day it shows, where the bundle gives one
    until: date | None = None  # the last day, where what it shows lasted

    def when(self) -> str | None:
        """The date in words: "2024-03-05", "2024-02-12 to 2024-02-25", or None when undated."""
        if self.observed_on is None:
            return None
        return f"{self.observed_on} to {self.until}" if self.until else str(self.observed_on)


@dataclass(frozen=True)
class SharedIdentifier:
    """Two or more parties tied by one phone, account, address, ..."""

    kind: str
    value: str
    owner_ids: tuple[str, ...]


@dataclass
class CaseNetwork:
    """Persons, businesses, links and evidence of one case (or one neighbourhood)."""

    case_ids: list[str] = field(default_factory=list)
    jurisdiction: str | None = None
    persons: dict[str, Person] = field(default_factory=dict)
    businesses: dict[str, Business] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    shared_identifiers: list[SharedIdentifier] = field(default_factory=list)
    #: Pairs of persons decided to be the same (SAME_AS) that the projection followed across cases;
    #: they stay two persons here.
    same_as: list[tuple[str, str]] = field(default_factory=list)

    def links_from(self, source_id: str, types: frozenset[str] | None = None) -> list[Link]:
        return [l for l in self.links if l.source_id == source_id and (types is None or l.type in types)]

    def links_to(self, target_id: str, types: frozenset[str] | None = None) -> list[Link]:
        return [l for l in self.links if l.target_id == target_id and (types is None or l.type in types)]

    def evidence_about(self, party_id: str) -> list[Evidence]:
        return [e for e in self.evidence if e.about_id == party_id]

    def label(self, party_id: str) -> str:
        """A readable name for reasons and tables, falling back to the id."""
        if party_id in self.persons:
            return self.persons[party_id].name or party_id
        if party_id in self.businesses:
            return self.businesses[party_id].name
        return party_id
