"""The records of the graph, held for matching: the candidate list and any one pair's score."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from neo4j import Driver

from graph.sealing import Sealer
from resolve.candidates import REVIEW_THRESHOLD, Candidate, Record, candidates, score
from resolve.decisions import DecisionError
from resolve.records import read_records
from resolve.scores import ScoreFile, scored


class Matcher:
    def __init__(self, records: Iterable[Record], threshold: float = REVIEW_THRESHOLD,
                 scores: ScoreFile | None = None) -> None:
        self.records = {r.id: r for r in records}
        self.threshold = threshold
        self.scores = scores  # pairs scored before (resolve/scores.py), if the caller keeps them

    @classmethod
    def from_graph(cls, driver: Driver, database: str | None, sealer: Sealer | None,
                   threshold: float = REVIEW_THRESHOLD, scores: ScoreFile | None = None) -> Matcher:
        return cls(read_records(driver, database, sealer), threshold, scores)

    @cached_property
    def candidates(self) -> list[Candidate]:
        """Every pair across cases at or above the threshold, best first."""
        if self.scores is not None:
            return scored(self.records.values(), self.scores, self.threshold)
        return list(candidates(self.records.values(), self.threshold))

    def pair(self, left_id: str, right_id: str) -> Candidate:
        """Any one pair, scored (whether or not it made the list)."""
        missing = [i for i in (left_id, right_id) if i not in self.records]
        if missing:
            raise DecisionError(f"no person or business {', '.join(missing)} with a case in the graph")
        left, right = self.records[left_id], self.records[right_id]
        if left.kind != right.kind or left.id == right.id:
            raise DecisionError(f"{left_id} and {right_id} are not two records of one kind")
        return self.scores.score(left, right) if self.scores is not None else score(left, right)
