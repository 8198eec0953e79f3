"""Plans side by side: one row per measure of the three conceptions of success, one value per plan.

Each row carries a number per plan and which way is better, so that a table can mark where
the plans differ and which does best; the text cells are what people read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from queries.plans.results import PlanEvaluation

__all__ = ["CONCEPTIONS", "ComparisonRow", "comparison_rows"]

CONCEPTIONS = {
    "convictions": "Convictions",
    "victims": "Victims freed and protected",
    "prevention": "Crime prevention",
}


@dataclass(frozen=True)
class ComparisonRow:
    conception: str  # a key of CONCEPTIONS
    label: str
    cells: list[str]
    values: list[float]
    better: Literal["higher", "lower"] | None  # None: a fact, neither good nor bad

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1

    @property
    def best(self) -> list[int]:
        """The plans doing best on this row (none where all are equal or no way is better)."""
        if not self.differs or self.better is None:
            return []
        target = max(self.values) if self.better == "higher" else min(self.values)
        return [i for i, v in enumerate(self.values) if v == target]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"differs": self.differs, "best": self.best}


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "none"


def _of(part: Sequence[str], whole: Sequence[str]) -> str:
    return f"{len(part)} of {len(whole)}" + (f": {_ids(part)}" if part else "")


def _penalties(e: PlanEvaluation) -> str:
    heaviest = e.convictions.heaviest
    if not heaviest:
        return "none"
    parts = [f"{p} {c.years:g} y ({c.code})" for p, c in heaviest.items()]
    return f"{e.convictions.penalty_years:g} y: " + ", ".join(parts)


def _freed(e: PlanEvaluation) -> str:
    v = e.victims
    text = f"{len(v.freed)} of {len(v.held_before)} held"
    if v.freed:
        text += f": {_ids(v.freed)}"
    if v.still_held:
        text += f"; still held by {_ids(v.held_by)}"
    return text


def _losing(e: PlanEvaluation) -> str:
    losses = [p for p in e.victims.protections if p.would_lose or p.would_not_obtain]
    if not losses:
        return "none"
    return f"{_ids(e.victims.identified_losing)} ({len(losses)} protection{'s' if len(losses) != 1 else ''})"


def _unidentified(e: PlanEvaluation) -> list[str]:
    return sorted({v for p in e.victims.protections for v in p.would_not_be_identified})


_Row = tuple[str, str, Callable[[PlanEvaluation], str], Callable[[PlanEvaluation], float], Literal["higher", "lower"] | None]

_ROWS: list[_Row] = [
    ("convictions", "charges fully supported by evidence",
     lambda e: f"{len(e.convictions.supported)} of {len(e.convictions.charges)}",
     lambda e: len(e.convictions.supported), "higher"),
    ("convictions", "of them on evidence independent of victims",
     lambda e: str(len(e.convictions.independent)), lambda e: len(e.convictions.independent), "higher"),
    ("convictions", "trafficking charges fully supported",
     lambda e: str(sum(c.category == "trafficking" for c in e.convictions.supported)),
     lambda e: sum(c.category == "trafficking" for c in e.convictions.supported), None),
    ("convictions", "maximum penalties (heaviest per person)", _penalties,
     lambda e: e.convictions.penalty_years, "higher"),
    ("victims", "victims freed from everyone left untouched", _freed, lambda e: len(e.victims.freed), "higher"),
    ("victims", "identified victims losing or not obtaining a protection", _losing,
     lambda e: len(e.victims.identified_losing), "lower"),
    ("victims", "victims not yet identified whom no trafficking count concerns", lambda e: _ids(_unidentified(e)),
     lambda e: len(_unidentified(e)), "lower"),
    ("victims", "victims criminalised", lambda e: _ids(e.victims.criminalised),
     lambda e: len(e.victims.criminalised), "lower"),
    ("victims", "testimony needed against a victim's wish", lambda e: _ids(e.victims.testimony_against_wishes),
     lambda e: len(e.victims.testimony_against_wishes), "lower"),
    ("victims", "victims a raid, closure or eviction falls on where they live or work",
     lambda e: _ids(e.victims.falls_on), lambda e: len(e.victims.falls_on), "lower"),
    ("victims", "victims exposed (their own conduct or status made known)", lambda e: _ids(e.victims.exposed),
     lambda e: len(e.victims.exposed), "lower"),
    ("victims", "victims left within reach of an expelled controller", lambda e: _ids(e.victims.control_risk),
     lambda e: len(e.victims.control_risk), "lower"),
    ("prevention", "persons acted against", lambda e: _ids(e.prevention.removed),
     lambda e: len(e.prevention.removed), None),
    ("prevention", "fragmentation F of the suspects' network",
     lambda e: f"{e.prevention.fragmentation_before:.2f} -> {e.prevention.fragmentation_after:.2f}",
     lambda e: e.prevention.fragmentation_after, "higher"),
    ("prevention", "largest connected part left",
     lambda e: f"{e.prevention.largest_after} of {e.prevention.largest_before} ({e.prevention.largest_share:.0%})",
     lambda e: e.prevention.largest_after, "lower"),
    ("prevention", "businesses disrupted", lambda e: _ids(e.prevention.businesses_disrupted),
     lambda e: len(e.prevention.businesses_disrupted), "higher"),
    ("prevention", "controllers reached", lambda e: _of(e.prevention.controllers_reached, e.prevention.controllers),
     lambda e: len(e.prevention.controllers_reached), "higher"),
    ("prevention", "recruiters reached", lambda e: _of(e.prevention.recruiters_reached, e.prevention.recruiters),
     lambda e: len(e.prevention.recruiters_reached), "higher"),
]


def comparison_rows(evaluations: Sequence[PlanEvaluation]) -> list[ComparisonRow]:
    """The rows of a side-by-side comparison, conception by conception."""
    return [
        ComparisonRow(conception, label, [cell(e) for e in evaluations], [float(value(e)) for e in evaluations], better)
        for conception, label, cell, value, better in _ROWS
    ]
