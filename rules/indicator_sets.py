"""Indicator sets: elements proven by a combination of indicators (rules/indicator_sets.yaml).

A prosecutor reads exploitation from several facts together: a passport held, threats, a
debt that never shrinks and wages kept back make forced labour even where no row says
"forced labour". The ILO's indicators of forced labour (2012) count distinct indicators; the
ILO/European Commission operational indicators (2009) grade each indicator strong, medium or
weak per dimension and say which combinations make a dimension positive. Both are data here;
this module only counts, and says in words what it counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Literal, NamedTuple

from pydantic import Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from rules.entries import ProvenBy
from rules.fields import Rule, Source
from rules.vocabulary import INDICATOR_SETS_FILE, RulePackInvalid, _read_yaml, indicator_vocabulary

__all__ = ["Combination", "IndicatorSet", "indicator_sets", "met_by"]


class _Counted(Rule):
    name: str
    codes: list[str] = Field(min_length=1)


class _Dimension(Rule):
    name: str
    strong: list[str] = Field(default_factory=list)
    medium: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)

    def grade(self, code: str) -> str | None:
        for grade in ("strong", "medium", "weak"):
            if code in getattr(self, grade):
                return grade
        return None


class _Threshold(Rule):
    strong: int = 0
    medium: int = 0
    weak: int = 0
    medium_or_weak: int = 0

    def met(self, strong: int, medium: int, weak: int) -> bool:
        return (
            strong >= self.strong and medium >= self.medium and weak >= self.weak
            and (medium - self.medium) + (weak - self.weak) >= self.medium_or_weak
        )


class IndicatorSet(Rule):
    code: str
    title: str
    citation: str
    source: Source
    kind: Literal["count", "dimensions"]
    indicators: list[_Counted] = Field(default_factory=list)  # kind count
    positive_when: list[_Threshold] = Field(default_factory=list)  # kind dimensions
    dimensions: dict[str, _Dimension] = Field(default_factory=dict)
    trafficking_when: list[list[str]] = Field(default_factory=list)  # all groups, any dimension of each

    @model_validator(mode="after")
    def _shape(self) -> IndicatorSet:
        if self.kind == "count" and not self.indicators:
            raise PydanticCustomError("set_shape", "a count set lists `indicators`")
        if self.kind == "dimensions" and not (self.dimensions and self.positive_when):
            raise PydanticCustomError("set_shape", "a dimensions set has `dimensions` and `positive_when`")
        for group in self.trafficking_when:
            for name in group:
                if name not in self.dimensions:
                    raise PydanticCustomError("set_shape", "unknown dimension '{d}'", {"d": name})
        return self

    def codes(self) -> set[str]:
        if self.kind == "count":
            return {c for i in self.indicators for c in i.codes}
        return {c for d in self.dimensions.values() for c in (*d.strong, *d.medium, *d.weak)}


class Combination(NamedTuple):
    """What a combination found: whether it is met, the evidence it rests on, and in words."""

    met: bool
    evidence_ids: list[str]
    words: str


def _ids(found: Mapping[str, list[str]], codes: list[str]) -> list[str]:
    return sorted({e for c in codes for e in found.get(c, [])})


def _cited(ids: list[str], when: Mapping[str, str]) -> str:
    """Evidence ids with when each was observed, where the case file dates it: "E7 (2024-03-05)"."""
    return ", ".join(f"{e} ({when[e]})" if when.get(e) else e for e in ids)


def _count(iset: IndicatorSet, at_least: int, found: Mapping[str, list[str]], when: Mapping[str, str]) -> Combination:
    hits = [(i.name, _ids(found, i.codes)) for i in iset.indicators]
    hits = [(name, ids) for name, ids in hits if ids]
    ids = sorted({e for _, rows in hits for e in rows})
    words = f"{len(hits)} of the {iset.title} (needs {at_least})"
    if hits:
        words += ": " + "; ".join(f"{name} {_cited(rows, when)}" for name, rows in hits)
    return Combination(len(hits) >= at_least, ids if len(hits) >= at_least else [], words)


def _dimension(iset: IndicatorSet, name: str, found: Mapping[str, list[str]], when: Mapping[str, str]) -> Combination:
    dim = iset.dimensions[name]
    graded = {g: [c for c in getattr(dim, g) if found.get(c)] for g in ("strong", "medium", "weak")}
    met = any(t.met(len(graded["strong"]), len(graded["medium"]), len(graded["weak"])) for t in iset.positive_when)
    parts = [f"{g} {c.replace('_', ' ')} {_cited(found[c], when)}" for g, codes in graded.items() for c in codes]
    words = f"{dim.name} ({iset.title}) {'positive' if met else 'not positive'}"
    if parts:
        words += ": " + "; ".join(parts)
    ids = _ids(found, [c for codes in graded.values() for c in codes])
    return Combination(met, ids if met else [], words)


@cache
def _codes(name: str) -> frozenset[str]:
    return frozenset(indicator_sets()[name].codes())


def met_by(proof: ProvenBy, found: Mapping[str, list[str]], when: Mapping[str, str] | None = None) -> Combination:
    """Whether the indicators found (code -> evidence ids) meet a combination, and why; `when`: evidence
    id -> when it was observed ("2024-03-05", "2024-02-12 to 2024-02-25"), said beside each id.

    Dates are told, not weighed: neither ILO set says how long or how recently an indicator must be
    seen for it to count (rules/indicator_sets.yaml), so a date changes no grade."""
    iset = indicator_sets()[proof.set]
    when = when or {}
    if _codes(proof.set).isdisjoint(found):  # most persons: nothing of the set at all
        return Combination(False, [], f"none of the {iset.title}")
    if iset.kind == "count":
        return _count(iset, proof.at_least or 1, found, when)
    if proof.dimension:
        return _dimension(iset, proof.dimension, found, when)
    positive: list[Combination] = []
    for group in iset.trafficking_when:  # every group needs a positive dimension: stop at the first without
        found_here = [c for c in (_dimension(iset, d, found, when) for d in group) if c.met]
        if not found_here:
            names = " or ".join(iset.dimensions[d].name for d in group)
            return Combination(False, [], f"{names} not positive ({iset.title})")
        positive += found_here
    ids = sorted({e for c in positive for e in c.evidence_ids})
    return Combination(True, ids, "; ".join(c.words for c in positive))


@cache
def indicator_sets() -> dict[str, IndicatorSet]:
    """The sets file, checked against the indicator vocabulary (errors name the set and code)."""
    data = _read_yaml(INDICATOR_SETS_FILE)
    vocabulary = indicator_vocabulary()
    sets: dict[str, IndicatorSet] = {}
    errors: list[str] = []
    for code, entry in (data or {}).items():
        try:
            sets[code] = IndicatorSet.model_validate({"code": code, **entry})
        except (ValidationError, TypeError) as e:
            errors.append(f"rules/indicator_sets.yaml: {code}: {e}")
            continue
        errors += [
            f"rules/indicator_sets.yaml: {code}: unknown indicator '{c}'"
            for c in sorted(sets[code].codes() - vocabulary)
        ]
    if errors:
        raise RulePackInvalid(errors)
    return sets
