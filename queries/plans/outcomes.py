"""Anticipated outcomes of a case, and what was achieved.

Management counts convictions; a team that sets out to recover victims or disrupt businesses
has nothing on record to show for it. A case records its targets before acting, and later
what it achieved, as `(:Case)-[:ANTICIPATES]->(:Outcome {kind, target, achieved, recorded_at,
achieved_at})`, one Outcome per kind. `recorded_at` is when the target was set, `achieved_at`
when the achievement was: the record shows which came first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from neo4j import Driver

from graph.cypher import query
from graph.errors import InvalidArgument
from queries.network.projection import UnknownCase

__all__ = ["OUTCOME_KINDS", "CaseOutcomes", "Outcome", "case_outcomes", "parse_assignments", "record_outcomes"]

#: What a team can set out to achieve (DOMAIN.md: "define anticipated outcomes before acting").
OUTCOME_KINDS = ("arrests", "victims_recovered", "convictions", "assets_seized", "businesses_disrupted")


@dataclass(frozen=True)
class Outcome:
    kind: str
    target: float | None = None
    achieved: float | None = None
    recorded_at: datetime | None = None
    achieved_at: datetime | None = None


@dataclass(frozen=True)
class CaseOutcomes:
    case_id: str
    jurisdiction: str
    outcomes: list[Outcome]  # every kind, in OUTCOME_KINDS order; unset values are None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(text: str) -> float:
    value = float(text)
    if not value >= 0 or value == float("inf"):  # also refuses nan
        raise ValueError
    return int(value) if value.is_integer() else value


def parse_assignments(assignments: Iterable[str], option: str) -> dict[str, float]:
    """`["arrests=4", ...]` as `{"arrests": 4}`; an InvalidArgument names the bad one and the kinds."""
    out: dict[str, float] = {}
    for item in assignments:
        kind, sep, value = item.partition("=")
        kind = kind.strip()
        if not sep or kind not in OUTCOME_KINDS:
            raise InvalidArgument(f"{option} {item!r}: write KIND=NUMBER with KIND one of {', '.join(OUTCOME_KINDS)}")
        try:
            out[kind] = _number(value.strip())
        except ValueError:
            raise InvalidArgument(f"{option} {item!r}: {value.strip()!r} is not a number of at least 0") from None
    return out


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def case_outcomes(driver: Driver, case_id: str, *, database: str | None = None) -> CaseOutcomes:
    records, _, _ = driver.execute_query(query("queries.plans", "outcome_list"), case_id=case_id, database_=database, routing_="r")
    if not records:
        raise UnknownCase(f"no case with id {case_id} in the graph")
    stored = {o["kind"]: o for o in records[0]["outcomes"]}
    outcomes = [
        Outcome(kind, **{k: _native(v) for k, v in stored[kind].items() if k != "kind"}) if kind in stored else Outcome(kind)
        for kind in OUTCOME_KINDS
    ]
    return CaseOutcomes(records[0]["case_id"], records[0]["jurisdiction"], outcomes)


def record_outcomes(
    driver: Driver,
    case_id: str,
    *,
    targets: dict[str, float] | None = None,
    achieved: dict[str, float] | None = None,
    database: str | None = None,
) -> CaseOutcomes:
    """Set targets and achievements (values not given are kept) and return the case's outcomes."""
    targets, achieved = targets or {}, achieved or {}
    rows = [{"kind": k, "target": targets.get(k), "achieved": achieved.get(k)} for k in OUTCOME_KINDS
            if k in targets or k in achieved]
    if rows:
        written, _, _ = driver.execute_query(query("queries.plans", "outcome_record"), case_id=case_id, rows=rows, database_=database)
        if not written:
            raise UnknownCase(f"no case with id {case_id} in the graph")
    return case_outcomes(driver, case_id, database=database)
