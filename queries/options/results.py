"""What the options engine answers: options, their elements, and the flags they carry.

Every result carries the disclaimer: decision support, not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

from queries.network.errors import UnknownPerson  # the one class; here too for the engine's importers

__all__ = ["DISCLAIMER", "ElementSupport", "Flag", "Option", "PersonOptions", "UnknownPerson"]

DISCLAIMER = "Decision support, not legal advice"

_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """`dataclasses.asdict` without its deep copy of every string: the same dicts, lists and values.
    A 2,000-person case's controller has thousands of flags, and `asdict` spent six times as long
    copying them as the engine spent finding them (the workbench's twenty persons: 6 s of 7)."""
    if is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return type(value)(plain(v) for v in value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    return value

Severity = Literal["high", "medium"]


@dataclass(frozen=True)
class ElementSupport:
    id: str
    description: str
    evidence_ids: list[str]
    independently_supported: bool
    #: How a combination of indicators proved it, in words ("5 of the ILO indicators ..."), or
    #: why it is not needed (a victim under 18).
    explanation: str | None = None
    not_needed: bool = False  # the count concerns a minor: no evidence is needed
    met_by_age: bool = False  # the count concerns a minor, and age is (a limb of) the element

    @property
    def supported(self) -> bool:
        return bool(self.evidence_ids) or self.not_needed or self.met_by_age


@dataclass(frozen=True)
class Flag:
    #: PROTECTION_LOSS | CRIMINALISES_VICTIMS | POSSIBLE_VICTIM | FALLS_ON_VICTIMS |
    #: TESTIMONY_AGAINST_WISHES | CONTROL_MAY_CONTINUE
    code: str
    severity: Severity
    explanation: str  # one line
    victim_ids: list[str]
    victim_names: list[str | None] | None  # None where the caller may not see names
    citation: str
    #: PROTECTION_LOSS: would_lose | would_not_obtain | would_not_be_identified
    status: str | None = None
    protection_code: str | None = None
    protection_title: str | None = None
    rule_code: str | None = None  # the non-punishment entry behind a CRIMINALISES_VICTIMS flag
    element_ids: list[str] = field(default_factory=list)  # TESTIMONY_AGAINST_WISHES
    family_ids: list[str] = field(default_factory=list)  # CONTROL_MAY_CONTINUE
    #: CONTROL_MAY_CONTINUE: per victim and family member, the recorded ties that put them
    #: within the suspect's reach, in words (rules/reach.yaml).
    reasons: dict[str, list[str]] = field(default_factory=dict)
    #: identified | presumed | possible: how sure the case is that these persons are victims
    standing: str | None = None
    keep: str | None = None  # PROTECTION_LOSS: what would keep the protection
    signals: list[str] = field(default_factory=list)  # POSSIBLE_VICTIM: what raised it, in words
    #: Victims under 18 among victim_ids; the explanation then says so first.
    children: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


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
    #: What makes it harder than it looks for this person (an EEA national's expulsion, § 122).
    caveats: list[str] = field(default_factory=list)

    @property
    def applicable(self) -> bool:
        return not self.notes and self.strength > 0

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


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
    #: identified | presumed | possible where the person may be a victim, else None
    standing: str | None = None
    #: why a possible victim is one, in words (a warning before any action against them)
    standing_signals: list[str] = field(default_factory=list)
    #: Options the law bars against this person (removing a person who may be a victim): code,
    #: title, reason, citation. Never in `options`.
    barred: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return plain(self)
