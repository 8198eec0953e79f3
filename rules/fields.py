"""The building blocks of a rule pack's models (rules/entries.py, rules/model.py): the closed
vocabularies, the checked string types, and the base and source every rule shares.

Indicator codes, indicator sets and immigration statuses are checked against the
vocabularies passed in the validation context (`{"indicators": ..., "indicator_sets": ...,
"statuses": ...}`), so the error points at the exact list position of an unknown code.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

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
SetName = Annotated[str, AfterValidator(_known_set)]
#: A nationality as the case data gives it, compared upper-case.
NationalityCode = Annotated[str, AfterValidator(lambda c: c.strip().upper())]


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
