"""The review queue: candidates with the decision that stands on each, as one reader may see them.

Need-to-know: a pair is shown whole only when both records belong to cases the reader is
assigned to. When only one does, the reader learns just that a match exists in a case they
cannot see (no id, no score, no reason from the other side), so that they ask its owner;
unless the other side is a victim (sealed): then nothing, as anyone can create a record in
their own case to ask "is this woman in a police case?" (probe 3, finding 3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from resolve.candidates import Candidate, Record
from resolve.decisions import Decision

HIDDEN_NOTE = "a match exists in a case you cannot see; ask its owner"


@dataclass(frozen=True)
class Entry:
    candidate: Candidate
    decision: Decision | None

    @property
    def status(self) -> str:
        return self.decision.judgement if self.decision else "undecided"


@dataclass(frozen=True)
class Hidden:
    """One of the reader's records matches a record in a case the reader is not assigned to."""

    record_id: str
    note: str = HIDDEN_NOTE


def _sees(record: Record, cases: frozenset[str] | None) -> bool:
    return cases is None or bool(record.cases & cases)


def queue(candidates: Iterable[Candidate], decisions: dict[tuple[str, str], Decision], *,
          cases: frozenset[str] | None = None, case: str | None = None,
          undecided_only: bool = False) -> list[Entry | Hidden]:
    """What a reader assigned to `cases` (None: every case) sees, optionally about one `case`."""
    entries: list[Entry | Hidden] = []
    hidden: set[str] = set()
    for c in candidates:
        if case is not None and case not in (c.left.cases | c.right.cases):
            continue
        left, right = _sees(c.left, cases), _sees(c.right, cases)
        if left and right:
            decision = decisions.get(c.pair)
            if not (undecided_only and decision is not None):
                entries.append(Entry(c, decision))
        elif left or right:
            own, other = (c.left, c.right) if left else (c.right, c.left)
            # Never told of another case's victim: the notice would say she is recorded there (and,
            # probed with made-up records, her name and birth year). Her case's owners see the pair.
            if not other.sealed and (case is None or case in own.cases):
                hidden.add(own.id)
    return entries + [Hidden(record_id) for record_id in sorted(hidden)]


def find(candidates: Iterable[Candidate], left_id: str, right_id: str) -> Candidate | None:
    pair = tuple(sorted((left_id, right_id)))
    return next((c for c in candidates if c.pair == pair), None)


def visible(candidate: Candidate, cases: frozenset[str] | None) -> bool:
    return _sees(candidate.left, cases) and _sees(candidate.right, cases)
