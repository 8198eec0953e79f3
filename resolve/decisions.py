"""Investigators' decisions on candidate pairs: `SAME_AS` relationships, never merged nodes.

Each decision is a new relationship (judgement, user, time, score, algorithm, reasons), so the
history stays; the latest one not undone stands. Undo marks the latest undone: the pair goes
back to the one before, or to the review queue. Each case keeps its own nodes and provenance.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal, get_args

from neo4j import Driver

from graph.cypher import query
from graph.errors import ThbgraphError
from resolve.candidates import Candidate

Judgement = Literal["same", "different", "unsure"]
JUDGEMENTS: tuple[Judgement, ...] = get_args(Judgement)


class DecisionError(ThbgraphError):
    """A decision that cannot be recorded or undone (unknown records, nothing to undo)."""


@dataclass(frozen=True)
class Decision:
    left_id: str
    right_id: str
    left_cases: frozenset[str]
    right_cases: frozenset[str]
    decision_id: str
    judgement: Judgement
    user: str
    at: str
    score: float | None
    algorithm: str | None
    reasons: tuple[str, ...]
    undone_at: str | None = None
    undone_by: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return self.left_id, self.right_id


def decide(driver: Driver, database: str | None, candidate: Candidate, judgement: str, user: str) -> str:
    """Record a decision on a pair; returns its id."""
    if judgement not in JUDGEMENTS:
        raise DecisionError(f"judgement must be one of {', '.join(JUDGEMENTS)}, not {judgement!r}")
    records, _, _ = driver.execute_query(
        query("resolve", "same_as_decide"), left_id=candidate.left.id, right_id=candidate.right.id,
        decision_id=uuid.uuid4().hex, judgement=judgement, user=user, score=candidate.score,
        algorithm=candidate.algorithm, reasons=list(candidate.reasons), database_=database)
    if not records:
        raise DecisionError(f"no pair {candidate.left.id} / {candidate.right.id} of one kind in the graph")
    return records[0]["decision_id"]


def undo(driver: Driver, database: str | None, left_id: str, right_id: str, user: str) -> str:
    """Withdraw the latest standing decision on a pair; returns its id."""
    left_id, right_id = sorted((left_id, right_id))
    records, _, _ = driver.execute_query(query("resolve", "same_as_undo"), left_id=left_id, right_id=right_id, user=user,
                                         database_=database)
    if not records:
        raise DecisionError(f"no decision on {left_id} / {right_id} to undo")
    return records[0]["decision_id"]


def history(driver: Driver, database: str | None) -> list[Decision]:
    """Every decision, oldest first (undone ones included)."""
    records, _, _ = driver.execute_query(query("resolve", "same_as_decisions"), database_=database, routing_="r")
    return [Decision(r["left_id"], r["right_id"], frozenset(r["left_cases"]), frozenset(r["right_cases"]),
                     r["decision_id"], r["judgement"], r["user"], r["at"], r["score"], r["algorithm"],
                     tuple(r["reasons"] or ()), r["undone_at"], r["undone_by"]) for r in records]


def standing(decisions: list[Decision]) -> dict[tuple[str, str], Decision]:
    """Per pair, the decision that stands: the latest not undone."""
    current: dict[tuple[str, str], Decision] = {}
    for d in decisions:  # oldest first: later ones replace earlier ones
        if d.undone_at is None:
            current[d.pair] = d
    return current
