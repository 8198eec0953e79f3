"""The rows of a case bundle: one pydantic model per table, and the vocabularies they use.

Every check that needs only the row itself lives here; checks across rows and tables
(duplicate ids, references) live in `ingest.checker`. Messages are written for the
investigator who typed the CSV: they say what is wrong and what would be right.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import ErrorDetails, PydanticCustomError

from ingest.identifiers import IdentifierKind, normalise

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
    "error_message",
    "bundle_json_schema",
]

# Each vocabulary once, as a Literal type; the tuple beside it is for messages and docs.
Jurisdiction = Literal["NO", "US", "CA", "GB"]
CaseStatus = Literal["open", "closed"]
# The same codes as rules/immigration_statuses.yaml, where each is explained (a test keeps them equal).
ImmigrationStatus = Literal[
    "citizen", "eea_national", "resident", "permit", "work_permit", "student", "visitor", "temporary_resident",
    "asylum_seeker", "irregular", "overstay", "undocumented", "unknown",
    "reflection_period", "utf_8_3_limited_permit", "utf_8_4_permit",
    "continued_presence", "t_status", "u_status",
    "vtps_recovery", "vtps_compensation", "vtps_cooperation",
    "vtip_trp", "vulnerable_worker_owp",
]  # fmt: skip
AboutRole = Literal["actor", "subject"]
Role = Literal["suspect", "victim", "witness", "associate"]
Cooperation = Literal["willing", "unwilling", "undecided"]
EvidenceKind = Literal[
    "financial", "payroll", "inspection", "communication", "testimony", "surveillance", "online_ad", "document",
    "seizure",
]  # fmt: skip
LinkType = Literal[
    "CONTROLS", "RECRUITED", "TRANSPORTED", "HOUSED", "EXPLOITS", "PAID", "COMMUNICATED_WITH",
    "ASSOCIATE_OF", "FAMILY_OF", "OWNS", "DIRECTS", "MANAGES", "EMPLOYS", "WORKS_AT",
]  # fmt: skip
JURISDICTIONS: tuple[str, ...] = get_args(Jurisdiction)
CASE_STATUSES: tuple[str, ...] = get_args(CaseStatus)
IMMIGRATION_STATUSES: tuple[str, ...] = get_args(ImmigrationStatus)
ROLES: tuple[str, ...] = get_args(Role)
COOPERATION: tuple[str, ...] = get_args(Cooperation)
EVIDENCE_KINDS: tuple[str, ...] = get_args(EvidenceKind)
LINK_TYPES: tuple[str, ...] = get_args(LinkType)

PERSON, BUSINESS = "Person", "Business"
_P, _PB, _B = frozenset({PERSON}), frozenset({PERSON, BUSINESS}), frozenset({BUSINESS})

#: Link type -> (allowed source kinds, allowed target kinds).
LINK_ENDPOINTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "CONTROLS": (_P, _P),
    "RECRUITED": (_P, _P),
    "TRANSPORTED": (_P, _P),
    "HOUSED": (_PB, _P),  # a landlord firm houses people too
    "EXPLOITS": (_P, _P),
    "PAID": (_PB, _PB),
    "COMMUNICATED_WITH": (_P, _P),
    "ASSOCIATE_OF": (_P, _P),
    "FAMILY_OF": (_P, _P),
    "OWNS": (_PB, _B),
    "DIRECTS": (_PB, _B),
    "MANAGES": (_PB, _B),
    "EMPLOYS": (_PB, _P),
    "WORKS_AT": (_P, _B),
}

#: The minimum indicator vocabulary (docs: shared DOMAIN.md); rule packs may add more,
#: passed to `read_bundle(indicators=...)`.
INDICATORS = frozenset(
    {
        # trafficking elements (means, purpose)
        "forced_labour",
        "sexual_exploitation",
        "debt_bondage",
        "threats_or_violence",
        "recruitment_by_deception",
        "movement_control",
        "passport_withheld",
        "housing_control",
        "overcrowded_housing",
        # tax, social security and labour law
        "unreported_wages",
        "cash_payroll",
        "underpayment",
        "excessive_hours",
        "unsafe_workplace",
        "no_work_permit",
        # procuring
        "profits_from_prostitution",
        "rents_premises_for_prostitution",
        "advertises_sexual_services",
        # money laundering
        "laundering_transfers",
        "structuring_deposits",
        "unexplained_wealth",
        # documents, immigration, drugs, weapons, licences
        "false_documents",
        "smuggling_facilitation",
        "drug_supply",
        "firearm_possession",
        "licence_breach",
        "health_code_breach",
    }
)

_INDICATOR_EXAMPLES: list[JsonValue] = [*sorted(INDICATORS)]

#: ISO 3166-1 alpha-2, plus XK (Kosovo, user-assigned but used by the EU and Interpol).
COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
    """.split()
)


_OWN = "thbgraph_"


def _error(kind: str, message: str) -> PydanticCustomError:
    # No context is passed, so pydantic keeps the message as written (braces included).
    return PydanticCustomError(_OWN + kind, message)


def error_message(error: ErrorDetails) -> str:
    """Our words for one pydantic error: ours are final, pydantic's get the bad input quoted."""
    if error["type"] == "missing":
        return "required value is missing"
    if error["type"].startswith(_OWN):
        return error["msg"]
    if error["type"] == "literal_error":  # expected: "'a', 'b' or 'c'"
        allowed = str(error.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{error['input']!r} is not one of: {allowed}"
    return f"{error['msg'][:1].lower()}{error['msg'][1:]}: {error['input']!r}"


def _to_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _error("date", f"not a date: {value!r} (write YYYY-MM-DD)")


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
    raise _error("boolean", f"not a boolean: {value!r} (write true or false)")


def _to_number(value: Any) -> float:
    number = math.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            pass
    if not math.isfinite(number):
        raise _error("number", f"not a number: {value!r}")
    return number


def _to_country(value: str) -> str:
    code = value.upper()
    if code not in COUNTRIES:
        raise _error("country", f"not an ISO 3166 alpha-2 country code: {value!r}")
    return code


Date = Annotated[date, BeforeValidator(_to_date)]
Bool = Annotated[bool, BeforeValidator(_to_bool)]
Number = Annotated[float, BeforeValidator(_to_number)]
Country = Annotated[
    str, AfterValidator(_to_country), WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$"})
]


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
            raise _error("victims_only", f"only for role victim, not {role}")
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
            raise _error("until", f"{until} is before since ({since})")
        return until

    @field_validator("amount")
    @classmethod
    def _paid_only(cls, amount: float, info: ValidationInfo) -> float:
        link_type = info.data.get("type")
        if link_type is not None and link_type != "PAID":
            raise _error("amount", f"only PAID links carry an amount, not {link_type}")
        if amount < 0:
            raise _error("amount", f"must not be negative: {amount:g} (the link's direction says who paid)")
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
            raise _error("until", "needs observed_on (the first day of the period it ends)")
        if until < observed_on:
            raise _error("until", f"{until} is before observed_on ({observed_on})")
        return until

    @field_validator("indicator")
    @classmethod
    def _known_indicator(cls, indicator: str, info: ValidationInfo) -> str:
        vocabulary = (info.context or {}).get("indicators") or INDICATORS
        if indicator not in vocabulary:
            raise _error("indicator", f"unknown indicator {indicator!r}; allowed: {', '.join(sorted(vocabulary))}")
        return indicator

    @field_validator("given_by")
    @classmethod
    def _testimony_has_a_giver(cls, given_by: str | None, info: ValidationInfo) -> str | None:
        if given_by is None and info.data.get("kind") == "testimony":
            raise _error("testimony", "required when kind is testimony (the person who gave it)")
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
            raise _error("identifier", str(e)) from None


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
