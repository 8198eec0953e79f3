"""The entries of a rule pack: offences and their elements, measures, protections,
non-punishment entries, the expulsion limit, flag bases and missing rules (docs/rules.md).

They describe and check structure only; what the law says lives in the YAML packs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from rules.fields import (
    CHARGE_DEPENDENT_TRIGGERS, Area, Category, Code, ConsequenceKind, ImmigrationStatus, Indicator, Rule, Source,
    NationalityCode, SetName, Target, Text, Trigger,
)


class ProvenBy(Rule):
    """Proof of an element by a combination (rules/indicator_sets.yaml): `at_least` distinct
    indicators of a count set, or a positive `dimension` of a dimensions set (without one, the
    set's whole trafficking rule)."""

    set: SetName
    at_least: int | None = Field(default=None, ge=1)
    dimension: str | None = None


class Element(Rule):
    id: Code
    description: Text
    indicators: list[Indicator] = Field(min_length=1)  # any one of them proves the element
    proven_by: list[ProvenBy] = Field(default_factory=list)  # or any one of these combinations
    #: Not needed where the count concerns a victim under 18 (e.g. means: straffeloven § 257
    #: third paragraph); the pack's description says so.
    not_needed_for_minors: bool = False
    #: Met where the count concerns a victim under 18: age is the element, or one limb of it
    #: (Criminal Code s. 279.011; straffeloven § 258 "under 18 år").
    met_for_minors: bool = False


class Penalty(Rule):
    text: Text
    years: float | None = None  # the maximum term where the statute gives one
    life: bool = False


class Consequence(Rule):
    kind: ConsequenceKind
    description: Text
    citation: Text
    source: Source


class Offence(Rule):
    code: Code
    title: Text
    citation: Text
    category: Category
    area: Area
    elements: list[Element] = Field(min_length=1)
    max_penalty: Penalty
    consequences: list[Consequence] = Field(default_factory=list)
    testimony_dependent: bool
    source: Source

    @model_validator(mode="after")
    def _element_ids_unique(self) -> Offence:
        ids = [e.id for e in self.elements]
        if len(ids) != len(set(ids)):
            raise PydanticCustomError("duplicate_element", "element ids must be unique within an offence")
        return self


class Measure(Rule):
    code: Code
    title: Text
    area: Area
    agency: Text
    citation: Text
    indicators: list[Indicator] = Field(min_length=1)  # any one of them makes the measure available
    effect: Text
    risks: Text
    target: Target
    falls_on_workers: bool  # the measure itself reaches the workers or victims present
    requires_foreign_national: bool = False
    #: What the measure needs that the case data never shows (GB STPO on application: a prior
    #: Schedule 1 conviction): the option says so and does not apply (legal-review-3.md P14).
    requires_record: str | None = None
    #: Goes with a trafficking count rather than instead of one (a contact ban, a protective
    #: order, a seizure of proceeds): it never costs a victim a protection (legal-review-3.md E9).
    complementary: bool = False
    consequences: list[Consequence] = Field(default_factory=list)
    source: Source

    @property
    def removes(self) -> bool:
        """Removes the person from the country (an expulsion, removal or deportation)."""
        return any(c.kind == "expulsion" for c in self.consequences)


class HeldWhen(Rule):
    """What in the case data shows a victim already holds a protection (all given must hold)."""

    identified: bool = False
    cooperation: list[str] = Field(default_factory=list)
    immigration_status: list[ImmigrationStatus] = Field(default_factory=list)
    #: Once held, the charge choice can no longer take it away (a permit granted after the
    #: testimony it rewarded); otherwise a holder would lose it (a permit renewed only while
    #: the trafficking case needs her).
    secured: bool = False

    @model_validator(mode="after")
    def _says_something(self) -> HeldWhen:
        if not (self.identified or self.cooperation or self.immigration_status):
            raise PydanticCustomError("empty_held_when", "held_when needs identified, cooperation or immigration_status")
        return self


class NotApplicableWhen(Rule):
    """Statuses that make a protection moot for the victim who holds one (she already has leave
    to remain, or a permit that supersedes it), and why, as the output says it."""

    statuses: list[ImmigrationStatus] = Field(min_length=1)
    reason: Text


class Protection(Rule):
    code: Code
    title: Text
    citation: Text
    trigger: Trigger
    duration: Text
    survives_alternative_charges: bool
    kept_by: list[Code] = Field(default_factory=list)  # non-trafficking offence codes that also keep it
    foreign_nationals_only: bool = False
    held_when: HeldWhen | None = None
    #: Moot for a victim whose status is one of these (legal-review-3.md E3).
    not_applicable_when: NotApplicableWhen | None = None
    #: A renewal: only a victim who holds it (`held_when`) can lose it; for others it is moot.
    holders_only: bool = False
    #: A child's own protection (a guardian, the child route of identification).
    minors_only: bool = False
    explanation: Text
    source: Source

    @model_validator(mode="after")
    def _holders_need_held_when(self) -> Protection:
        if self.holders_only and self.held_when is None:
            raise PydanticCustomError("holders_only", "holders_only needs held_when (what shows a victim holds it)")
        return self

    @property
    def depends_on_trafficking_charge(self) -> bool:
        return self.trigger in CHARGE_DEPENDENT_TRIGGERS and not self.survives_alternative_charges


class NonPunishment(Rule):
    """Options that would fall on the victims themselves, and the defence or principle that applies."""

    code: Code
    title: Text
    offences: list[Code] = Field(default_factory=list)
    measures: list[Code] = Field(default_factory=list)
    areas: list[Area] = Field(default_factory=list)
    victim_indicators: list[Indicator] = Field(default_factory=list)
    victim_statuses: list[ImmigrationStatus] = Field(default_factory=list)
    victim_exposure: Text  # what would fall on the victims
    #: criminalises: the option charges or sanctions the victims themselves; exposes: it makes
    #: them witnesses whose own conduct or status becomes known (a lower-severity flag).
    effect: Literal["criminalises", "exposes"] = "criminalises"
    #: Victims of these nationalities show none of the entry's risk (NO: EEA nationals need no
    #: work permit, so no illegal-work case reaches them; legal-review-3.md P10).
    exempt_nationality_codes: list[NationalityCode] = Field(default_factory=list)
    defence: Text
    citation: Text
    source: Source

    @model_validator(mode="after")
    def _has_scope_and_signal(self) -> NonPunishment:
        if not (self.offences or self.measures or self.areas):
            raise PydanticCustomError("no_scope", "name at least one of offences, measures or areas")
        if not (self.victim_indicators or self.victim_statuses):
            raise PydanticCustomError("no_signal", "name at least one of victim_indicators or victim_statuses")
        return self

    def covers(self, code: str, area: str) -> bool:
        return code in self.offences or code in self.measures or area in self.areas


class ExpulsionLimit(Rule):
    """Nationals of these states can be expelled only on a stricter test (NO: EEA nationals,
    utlendingsloven § 122): an expulsion option against them comes with the caveat."""

    nationality_codes: list[NationalityCode] = Field(min_length=1)
    statuses: list[ImmigrationStatus] = Field(default_factory=list)  # e.g. eea_national
    caveat: Text
    citation: Text
    source: Source


class FlagBasis(Rule):
    """The principle behind a flag that is not tied to one protection or non-punishment entry."""

    citation: Text
    explanation: Text
    source: Source


class MissingRule(Rule):
    """A rule the review says the pack lacks and the sources do not support: not modelled, so
    no option or flag rests on it; listed so that counsel checks it and the output can say so."""

    citation: Text
    title: Text
    why: Text  # what the rule would change for the victims or the counts
    source: Source

    @model_validator(mode="after")
    def _only_while_unverified(self) -> MissingRule:
        if self.source.status != "unverified":
            raise PydanticCustomError("missing_confirmed", "a confirmed rule belongs in the pack, not in missing_rules")
        return self
