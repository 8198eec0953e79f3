"""Request and response bodies of the service (the analyses' own results keep their `to_dict` shape)."""

from __future__ import annotations

from datetime import date
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

T = TypeVar("T")

#: Neo4j integers are 64-bit.
INT64 = (-(2**63), 2**63 - 1)


def unsendable(value: Any, where: str = "") -> str | None:
    """Where a JSON value holds something Neo4j cannot take (a lone surrogate, a >64-bit integer), else None.

    JSON can spell both (`"\\ud800"`, `100000000000000000000000`); caught here they are a 422 naming the
    value, not a driver error.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{where or 'value'}: text with a lone surrogate (not valid Unicode)"
    elif isinstance(value, int) and not isinstance(value, bool) and not INT64[0] <= value <= INT64[1]:
        return f"{where or 'value'}: integer beyond 64 bits"
    elif isinstance(value, dict):
        for k, v in value.items():
            found = unsendable(k, f"{where}[key]") or unsendable(v, f"{where}.{k}" if where else str(k))
            if found:
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if found := unsendable(v, f"{where}[{i}]"):
                return found
    return None


class Me(BaseModel):
    name: str = Field(examples=["kari.investigator"])
    role: str = Field(examples=["investigator"])
    cases: list[str] = Field(examples=[["NO-GLANS"]])
    sees_identities: bool


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    neo4j: Literal["ok", "unavailable"]


class CaseSummary(BaseModel):
    case_id: str = Field(examples=["NO-GLANS"])
    title: str | None = Field(default=None, examples=["Operation Glans"])
    jurisdiction: str | None = Field(default=None, examples=["NO"])
    status: str | None = Field(default=None, examples=["open"])
    opened_on: date | None = None
    suspects: int
    victims: int
    identified_victims: int


class Page(BaseModel, Generic[T]):
    count: int = Field(description="How many there are in all.")
    offset: int
    limit: int
    data: list[T]


class RoleOut(BaseModel):
    case_id: str
    role: str
    identified_on: date | None = None
    cooperation: str | None = None


class NodeOut(BaseModel):
    id: str = Field(examples=["P002"])
    kind: Literal["person", "business"]
    name: str | None = Field(default=None, examples=["Marius Popescu"])
    nationality: str | None = None
    immigration_status: str | None = None
    roles: list[RoleOut] = Field(default_factory=list)
    sector: str | None = None
    country: str | None = None


class LinkOut(BaseModel):
    source: str = Field(examples=["P002"])
    type: str = Field(examples=["CONTROLS"])
    target: str = Field(examples=["P010"])
    case_id: str | None = None
    since: date | None = None
    until: date | None = None
    amount: float | None = None
    evidence_id: str | None = None


class NetworkPage(BaseModel):
    case_id: str
    jurisdiction: str | None
    nodes: Page[NodeOut]
    links: Page[LinkOut]


class IdentifierOut(BaseModel):
    kind: str = Field(examples=["phone"])
    value: str = Field(examples=["+4746890312"])
    raw_value: str | None = Field(default=None, description="As written in the case file (hidden from analysts).")


class EvidenceOut(BaseModel):
    evidence_id: str
    case_id: str
    indicator: str
    kind: str
    independent_of_victim: bool
    given_by: str | None = None
    description: str | None = None
    observed_on: date | None = Field(None, description="The day the evidence shows; withheld from analysts for a victim.")
    until: date | None = Field(None, description="Its last day, where what it shows lasted.")


class PersonOut(BaseModel):
    person_id: str = Field(examples=["P002"], description="For analysts, a victim's pseudonym (V-...).")
    name: str | None = Field(examples=["Marius Popescu"], description="For analysts, a victim's pseudonym.")
    birth_date: date | None = Field(description="Never shown to analysts for a victim.")
    nationality: str | None
    immigration_status: str | None
    victim: bool
    roles: list[RoleOut]
    identifiers: list[IdentifierOut]
    evidence: list[EvidenceOut]


class PackSummary(BaseModel):
    jurisdiction: str = Field(examples=["NO"])
    title: str
    version: str
    review_status: str = Field(examples=["unreviewed by counsel"])
    currency: str
    disclaimer: str
    offences: int
    measures: int
    protections: int


class LoadReportOut(BaseModel):
    written: bool
    dry_run: bool
    rows: dict[str, int] = Field(examples=[{"cases": 2, "persons": 18}])
    cases: list[str] = Field(examples=[["NO-GLANS"]])


class CypherRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "query": "MATCH (p:Person)-[r:ROLE_IN]->(c:Case) WHERE c.case_id IN $case_ids "
                 "RETURN p.person_id AS person, r.role AS role LIMIT $n",
        "parameters": {"n": 25},
    }]})

    query: str = Field(min_length=1, max_length=20_000, description="Read-only Cypher; values as $parameters.")
    parameters: dict[str, Any] = Field(default_factory=dict, description=(
        "Query parameters. `case_ids` is preset to your cases unless you pass it."))

    @field_validator("query", "parameters")
    @classmethod
    def _sendable(cls, value: Any) -> Any:
        problem = unsendable(value)
        if problem:
            raise ValueError(problem)
        return value


class CypherOut(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="True when the row cap or the byte cap cut the result.")
    row_cap: int
    byte_cap: int = Field(description="The most bytes of JSON the rows may take.")
    message: str | None = Field(default=None, description="Why the result was cut, when it was.")
    notifications: list[str] = Field(default_factory=list, description=(
        "Neo4j's warnings on the query's plan, in words (a label or property no node has, a cartesian product)."))
    plan: dict[str, Any] | None = Field(default=None, description=(
        "For a query that starts with EXPLAIN: its plan, and no rows (nothing ran). For PROFILE: the plan with "
        "the rows and database hits of each operator, beside the rows. Each operator: operator, details, "
        "estimated_rows, identifiers, rows, db_hits, children."))
