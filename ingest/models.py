"""The rows of a case bundle: one pydantic model per table (their vocabularies are in
`ingest.vocabulary`, their cells' types in `ingest.cells`, and re-exported here).

Every check that needs only the row itself lives here; checks across rows and tables
(duplicate ids, references) live in `ingest.checker`. Messages are written for the
investigator who typed the CSV: they say what is wrong and what would be right.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from ingest.cells import Bool, Country, Date, Number, row_error
from ingest.identifiers import IdentifierKind, normalise
from ingest.vocabulary import (  # re-exported: the rows' vocabularies were defined here
    CASE_STATUSES,
    COOPERATION,
    COUNTRIES,
    EVIDENCE_KINDS,
    IMMIGRATION_STATUSES,
    INDICATORS,
    JURISDICTIONS,
    LINK_ENDPOINTS,
    LINK_TYPES,
    ROLES,
    AboutRole,
    CaseStatus,
    Cooperation,
    EvidenceKind,
    ImmigrationStatus,
    Jurisdiction,
    LinkType,
    Role,
)

__all__ = [
    "Jurisdiction",
    "CaseStatus",
    "ImmigrationStatus",
    "Role",
    "Cooperation",
    "EvidenceKind",
    "LinkType",
    "JURISDICTIONS",
    "CASE_STATUSES",
    "IMMIGRATION_STATUSES",
    "ROLES",
    "COOPERATION",
    "LINK_TYPES",
    "LINK_ENDPOINTS",
    "EVIDENCE_KINDS",
    "INDICATORS",
    "COUNTRIES",
    "CaseRow",
    "PersonRow",
    "BusinessRow",
    "RoleRow",
    "LinkRow",
    "EvidenceRow",
    "IdentifierRow",
    "ROW_MODELS",
    "bundle_json_schema",
]

_INDICATOR_EXAMPLES: list[JsonValue] = [*sorted(INDICATORS)]

class _Row(BaseModel):
    """Shared cleaning: strings stripped, empty cells and nulls treated as absent."""

    # Unknown columns are ignored so bundles can carry the team's own notes.
    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_to_missing(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        # Hot path (every row of a bundle): exact type tests and no stripping of empty cells.
        cleaned = {}
        for key, value in data.items():
            if value.__class__ is str:
                if value:
                    value = value.strip()
                    if value:
                        cleaned[key] = value
            elif value is not None:
                cleaned[key] = value
        return cls._prepare(cleaned)

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return data


class CaseRow(_Row):
    case_id: str
    title: str
    jurisdiction: Jurisdiction
    opened_on: Date | None = None
    status: CaseStatus = "open"


class PersonRow(_Row):
    person_id: str
    name: str
    birth_date: Date | None = None
    nationality: Country | None = None
    immigration_status: ImmigrationStatus | None = None


class BusinessRow(_Row):
    business_id: str
    name: str
    registration_no: str | None = None
    sector: str | None = None
    country: Country | None = None


class RoleRow(_Row):
    case_id: str
    person_id: str
    role: Role
    identified_on: Date | None = Field(
        None, description="Date the victim was formally identified as a trafficking victim; empty = not identified."
    )
    cooperation: Cooperation | None = None

    @field_validator("identified_on", "cooperation")
    @classmethod
    def _victims_only(cls, value: Any, info: ValidationInfo) -> Any:
        role = info.data.get("role")
        if role is not None and role != "victim":
            raise row_error("victims_only", f"only for role victim, not {role}")
        return value


class LinkRow(_Row):
    source_id: str
    type: LinkType
    target_id: str
    case_id: str | None = None
    since: Date | None = None
    until: Date | None = None
    amount: Number | None = Field(None, description="The sum paid; PAID links only.")
    evidence_id: str | None = None
    note: str | None = None

    @field_validator("until")
    @classmethod
    def _not_before_since(cls, until: date, info: ValidationInfo) -> date:
        since = info.data.get("since")
        if since is not None and until < since:
            raise row_error("until", f"{until} is before since ({since})")
        return until

    @field_validator("amount")
    @classmethod
    def _paid_only(cls, amount: float, info: ValidationInfo) -> float:
        link_type = info.data.get("type")
        if link_type is not None and link_type != "PAID":
            raise row_error("amount", f"only PAID links carry an amount, not {link_type}")
        if amount < 0:
            raise row_error("amount", f"must not be negative: {amount:g} (the link's direction says who paid)")
        return amount


class EvidenceRow(_Row):
    evidence_id: str
    case_id: str
    about_id: str = Field(description="The person or business the evidence is about.")
    indicator: str = Field(
        description="One indicator of the vocabulary (docs/ingest.md); rule packs may add more.",
        json_schema_extra={"examples": _INDICATOR_EXAMPLES},
    )
    kind: EvidenceKind
    independent_of_victim: Bool = Field(
        description="True when the evidence stands without the victim's testimony (records, ads, inspections)."
    )
    # validate_default: the check below must also run when given_by is left empty.
    given_by: str | None = Field(
        None, validate_default=True, description="The person who gave a testimony; required for kind testimony."
    )
    about_role: AboutRole | None = Field(
        None,
        description=(
            "actor: the evidence shows what the person or business did; subject: what was done to them "
            "(a passport held, a debt imposed). Empty: read from the case (docs/rules.md, 'Reading evidence')."
        ),
    )
    description: str | None = None
    observed_on: Date | None = Field(None, description="The day the evidence shows (a record's date, an inspection's).")
    until: Date | None = Field(
        None, description="Where what it shows lasted: its last day (not before observed_on, which it needs)."
    )

    @field_validator("until")
    @classmethod
    def _a_period(cls, until: date, info: ValidationInfo) -> date:
        if "observed_on" not in info.data:  # the day was given but is no date: that is the problem to report
            return until
        observed_on = info.data["observed_on"]
        if observed_on is None:
            raise row_error("until", "needs observed_on (the first day of the period it ends)")
        if until < observed_on:
            raise row_error("until", f"{until} is before observed_on ({observed_on})")
        return until

    @field_validator("indicator")
    @classmethod
    def _known_indicator(cls, indicator: str, info: ValidationInfo) -> str:
        vocabulary = (info.context or {}).get("indicators") or INDICATORS
        if indicator not in vocabulary:
            raise row_error("indicator", f"unknown indicator {indicator!r}; allowed: {', '.join(sorted(vocabulary))}")
        return indicator

    @field_validator("given_by")
    @classmethod
    def _testimony_has_a_giver(cls, given_by: str | None, info: ValidationInfo) -> str | None:
        if given_by is None and info.data.get("kind") == "testimony":
            raise row_error("testimony", "required when kind is testimony (the person who gave it)")
        return given_by


class IdentifierRow(_Row):
    owner_id: str = Field(description="The person or business the identifier belongs to.")
    kind: IdentifierKind
    value: str = Field(description="As written; stored normalised (phones in E.164, e-mail lowercased...).")
    #: The value as written in the bundle; `value` holds the normalised form.
    raw_value: SkipJsonSchema[str] = ""

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        if "value" in data:
            data["raw_value"] = data["value"]
        return data

    @field_validator("value")
    @classmethod
    def _normalise(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind is None:  # the kind is wrong: that is the error to report
            return value
        region = (info.context or {}).get("default_region", "NO")
        try:
            return normalise(kind, value, region)
        except ValueError as e:
            raise row_error("identifier", str(e)) from None


ROW_MODELS: dict[str, type[_Row]] = {
    "cases": CaseRow,
    "persons": PersonRow,
    "businesses": BusinessRow,
    "roles": RoleRow,
    "links": LinkRow,
    "evidence": EvidenceRow,
    "identifiers": IdentifierRow,
}


class _BundleDocument(BaseModel):
    """A case bundle as one JSON document: each table a list of row objects."""

    model_config = ConfigDict(title="thbgraph case bundle")
    cases: list[CaseRow]
    persons: list[PersonRow]
    businesses: list[BusinessRow] = []
    roles: list[RoleRow] = []
    links: list[LinkRow] = []
    evidence: list[EvidenceRow] = []
    identifiers: list[IdentifierRow] = []


def bundle_json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON bundle form (committed as docs/bundle.schema.json)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **_BundleDocument.model_json_schema()}


if __name__ == "__main__":  # python -m ingest.models > docs/bundle.schema.json
    print(json.dumps(bundle_json_schema(), indent=2))
