"""The shape of a jurisdiction rule pack (one YAML file per jurisdiction, see docs/rules.md).

The models only describe and check structure. What the law says lives in the YAML packs;
nothing here names a statute. Indicator codes, indicator sets and immigration statuses are
checked against the vocabularies passed in the validation context (`{"indicators": ...,
"indicator_sets": ..., "statuses": ...}`), so the error points at the exact list position of
an unknown code.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from rules.catalogue_rows import catalogue
from rules.indicator_sets import indicator_sets
from rules.vocabulary import indicator_meanings

Status = Literal["confirmed", "unverified"]
Category = Literal["trafficking", "alternative"]
Area = Literal[
    "trafficking", "tax", "labour", "licensing", "money_laundering", "procuring", "immigration",
    "documents", "drugs", "firearms", "violence", "housing", "health", "assets", "prevention", "fraud",
]
Target = Literal["person", "business"]
Trigger = Literal[
    "reasonable_grounds", "formal_identification", "trafficking_investigation",
    "trafficking_indictment", "cooperation_or_testimony", "trafficking_conviction",
]
ConsequenceKind = Literal["expulsion", "entry_ban", "confiscation", "prevention_order", "restitution", "other"]
FlagCode = Literal[
    "PROTECTION_LOSS", "CRIMINALISES_VICTIMS", "EXPOSES_VICTIMS", "POSSIBLE_VICTIM", "FALLS_ON_VICTIMS",
    "TESTIMONY_AGAINST_WISHES", "CONTROL_MAY_CONTINUE",
]
#: The principles a pack must state for the flags not tied to one of its rules.
#: REMOVAL_OF_VICTIM: the law that bars removing a person who may be a victim before
#: identification and during recovery (legal-review-3.md E4).
BASIS_KEYS = (
    "CRIMINALISES_VICTIMS", "TESTIMONY_AGAINST_WISHES", "CONTROL_MAY_CONTINUE", "NOT_YET_IDENTIFIED", "FALLS_ON_VICTIMS",
    "REMOVAL_OF_VICTIM",
)
BasisKey = Literal[
    "CRIMINALISES_VICTIMS", "TESTIMONY_AGAINST_WISHES", "CONTROL_MAY_CONTINUE", "NOT_YET_IDENTIFIED", "FALLS_ON_VICTIMS",
    "REMOVAL_OF_VICTIM",
]

#: Triggers that tie a protection to the trafficking proceedings rather than to the person.
CHARGE_DEPENDENT_TRIGGERS: frozenset[str] = frozenset(
    {"trafficking_investigation", "trafficking_indictment", "trafficking_conviction"}
)


def _known_indicator(value: str, info: ValidationInfo) -> str:
    vocabulary = (info.context or {}).get("indicators")
    if vocabulary is not None and value not in vocabulary:
        raise PydanticCustomError("unknown_indicator", "unknown indicator '{indicator}'", {"indicator": value})
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


def _known_status(value: str, info: ValidationInfo) -> str:
    vocabulary = (info.context or {}).get("statuses")
    if vocabulary is not None and value not in vocabulary:
        raise PydanticCustomError("unknown_status", "unknown immigration status '{status}'", {"status": value})
    return value


def _known_set(value: str, info: ValidationInfo) -> str:
    vocabulary = (info.context or {}).get("indicator_sets")
    if vocabulary is not None and value not in vocabulary:
        raise PydanticCustomError("unknown_set", "unknown indicator set '{name}'", {"name": value})
    return value


Indicator = Annotated[str, AfterValidator(_known_indicator)]
ImmigrationStatus = Annotated[str, AfterValidator(_known_status)]
Text = Annotated[str, AfterValidator(_not_blank)]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Rule):
    """Where the rule was checked: `confirmed` names the source, `unverified` says what to check."""

    status: Status
    reference: Text
    check: str | None = None

    @model_validator(mode="after")
    def _unverified_says_what_to_check(self) -> Source:
        if self.status == "unverified" and not (self.check or "").strip():
            raise PydanticCustomError("check_missing", "an unverified source must say what to check (`check`)")
        return self


class ProvenBy(Rule):
    """Proof of an element by a combination (rules/indicator_sets.yaml): `at_least` distinct
    indicators of a count set, or a positive `dimension` of a dimensions set (without one, the
    set's whole trafficking rule)."""

    set: Annotated[str, AfterValidator(_known_set)]
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
    exempt_nationality_codes: list[Annotated[str, AfterValidator(lambda c: c.strip().upper())]] = Field(default_factory=list)
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

    nationality_codes: list[Annotated[str, AfterValidator(lambda c: c.strip().upper())]] = Field(min_length=1)
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


class RulePack(Rule):
    jurisdiction: Literal["NO", "US", "CA", "GB"]
    title: Text
    version: Text
    reviewed_by: str = ""
    reviewed_on: date | None = None
    currency: Text  # the state of the law the pack reflects
    disclaimer: Text
    #: Nationality values that are not foreign here (stored upper-case).
    nationality_codes: list[Annotated[str, AfterValidator(lambda c: c.strip().upper())]] = Field(min_length=1)
    offences: list[Offence] = Field(min_length=1)
    measures: list[Measure] = Field(default_factory=list)
    protections: list[Protection] = Field(default_factory=list)
    non_punishment: list[NonPunishment] = Field(default_factory=list)
    flag_basis: dict[BasisKey, FlagBasis]
    expulsion_limit: ExpulsionLimit | None = None
    missing_rules: list[MissingRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _review_fields_agree(self) -> RulePack:
        if bool(self.reviewed_by.strip()) != (self.reviewed_on is not None):
            raise PydanticCustomError("review", "reviewed_by and reviewed_on are set together or left empty together")
        missing = set(BASIS_KEYS) - set(self.flag_basis)
        if missing:
            raise PydanticCustomError("flag_basis", "flag_basis misses {missing}", {"missing": ", ".join(sorted(missing))})
        return self

    # -- lookups -------------------------------------------------------------------------

    @property
    def is_reviewed(self) -> bool:
        return bool(self.reviewed_by.strip())

    @property
    def review_status(self) -> str:
        if not self.is_reviewed:
            return "unreviewed by counsel"
        return f"reviewed by {self.reviewed_by} on {self.reviewed_on}"

    def offence(self, code: str) -> Offence | None:
        return next((o for o in self.offences if o.code == code), None)

    def measure(self, code: str) -> Measure | None:
        return next((m for m in self.measures if m.code == code), None)

    def protection(self, code: str) -> Protection | None:
        return next((p for p in self.protections if p.code == code), None)

    def expulsion_caveat(self, nationality: str | None, status: str | None) -> str | None:
        """The stricter test a person's expulsion would face, with its citation, if any."""
        limit = self.expulsion_limit
        if limit is None:
            return None
        if (nationality or "").strip().upper() in limit.nationality_codes or (status and status in limit.statuses):
            return f"{limit.caveat} ({limit.citation})"
        return None

    def is_national(self, nationality: str | None) -> bool | None:
        """True or False where the nationality is known, None where it is not."""
        if not nationality:
            return None
        return nationality.strip().upper() in self.nationality_codes

    def rule_id(self, code: str) -> str:
        """The key of a catalogue node: codes are unique within a pack, not across packs."""
        return f"{self.jurisdiction}:{code}"

    # -- checks that span sections -------------------------------------------------------

    def reference_errors(self) -> list[str]:
        """Codes that must be unique, and references that must resolve, as `key.path: message`."""
        errors: list[str] = []
        seen: dict[str, str] = {}
        for section in ("offences", "measures", "protections", "non_punishment"):
            for i, rule in enumerate(getattr(self, section)):
                where = f"{section}[{i}].code"
                if rule.code in seen:
                    errors.append(f"{where}: duplicate code '{rule.code}' (also {seen[rule.code]})")
                seen.setdefault(rule.code, where)
        sets = indicator_sets()
        for i, o in enumerate(self.offences):
            for j, e in enumerate(o.elements):
                for k, proof in enumerate(e.proven_by):
                    where, iset = f"offences[{i}].elements[{j}].proven_by[{k}]", sets[proof.set]
                    if iset.kind == "count" and proof.at_least is None:
                        errors.append(f"{where}: a count set needs `at_least`")
                    if proof.dimension and proof.dimension not in iset.dimensions:
                        errors.append(f"{where}: set '{proof.set}' has no dimension '{proof.dimension}'")
        offences = {o.code for o in self.offences}
        measures = {m.code for m in self.measures}
        for i, p in enumerate(self.protections):
            for j, code in enumerate(p.kept_by):
                if code not in offences:
                    errors.append(f"protections[{i}].kept_by[{j}]: unknown offence code '{code}'")
        for i, np in enumerate(self.non_punishment):
            for j, code in enumerate(np.offences):
                if code not in offences:
                    errors.append(f"non_punishment[{i}].offences[{j}]: unknown offence code '{code}'")
            for j, code in enumerate(np.measures):
                if code not in measures:
                    errors.append(f"non_punishment[{i}].measures[{j}]: unknown measure code '{code}'")
        return errors

    # -- rows for the Neo4j catalogue ----------------------------------------------------

    def catalogue_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Flat rows ready for `UNWIND $rows AS row`: primitive values only, None dropped.

        Nodes: packs, offences, measures, protections, non_punishment, indicators (keyed by
        `rule_id`, `jurisdiction` or `code`). Links: offence_indicators (one row per element
        and indicator), measure_indicators, protection_kept_by, non_punishment_rules (the
        offences and measures each entry covers, areas resolved) and non_punishment_indicators.
        """
        return catalogue(self, indicator_meanings())
