"""Matching evidence to an offence's elements (or a measure's grounds).

An element is supported by any one row whose indicator it lists, or by a combination of rows
that meets one of its `proven_by` sets (the ILO indicators): a prosecutor reads exploitation
from a passport held, threats and a debt together. An element is *independently* supported
when it stands on rows independent of victim testimony alone.
"""

from __future__ import annotations

import re
from collections import defaultdict

from queries.network.model import Evidence
from queries.options.results import ElementSupport
from rules.indicator_sets import met_by
from rules.entries import Measure, Offence

__all__ = ["Row", "match_elements"]

#: (where the row comes from: "own evidence" or a business's name, the row)
Row = tuple[str, Evidence]

_ID = re.compile(r"\b[\w.\-]+\b")


def _found(rows: list[Row], *, independent_only: bool) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for _, e in rows:
        if e.independent_of_victim or not independent_only:
            found[e.indicator].append(e.evidence_id)
    return found


def _where(words: str, rows: list[Row], own: str) -> str:
    """Evidence ids in words say where a row comes from: "E0011 at Glans Bilvask AS"."""
    at = {e.evidence_id: src for src, e in rows if src != own}
    return _ID.sub(lambda m: f"{m.group(0)} at {at[m.group(0)]}" if m.group(0) in at else m.group(0), words)


def match_elements(
    rule: Offence | Measure, rows: list[Row], own: str, *, explain: bool = True, minors: list[str] = ()
) -> tuple[list[tuple[ElementSupport, list[Evidence]]], list[str]]:
    """Each element with the rows that support it, and where support came from (`via`).

    `explain=False` asks only whether each element is supported: a combination is then tried
    only for an element no single row supports. `minors`: victims under 18 the count concerns;
    an element the pack marks `not_needed_for_minors` then needs no evidence."""
    if isinstance(rule, Offence):
        specs = [(e.id, e.description, set(e.indicators), e.proven_by) for e in rule.elements]
        waived = {e.id for e in rule.elements if e.not_needed_for_minors} if minors else set()
        by_age = {e.id for e in rule.elements if e.met_for_minors} if minors else set()
    else:
        specs = [("grounds", f"Any of: {', '.join(rule.indicators)}", set(rule.indicators), [])]
        waived, by_age = set(), set()
    everything = _found(rows, independent_only=False) if any(s[3] for s in specs) else {}
    independent = _found(rows, independent_only=True) if everything else {}
    # When each row was observed, said beside its id in a combination's words.
    when = {e.evidence_id: w for _, e in rows if (w := e.when())} if everything else {}
    out: list[tuple[ElementSupport, list[Evidence]]] = []
    via: list[str] = []
    for eid, description, indicators, proofs in specs:
        matched = [(src, e) for src, e in rows if e.indicator in indicators]
        ids = {e.evidence_id for _, e in matched}
        is_independent = any(e.independent_of_victim for _, e in matched)
        explanation = None
        for proof in proofs if explain or not matched else ():
            combo = met_by(proof, everything, when)
            if not combo.met:
                continue
            ids |= set(combo.evidence_ids)
            matched += [(src, e) for src, e in rows if e.evidence_id in combo.evidence_ids and (src, e) not in matched]
            is_independent = is_independent or met_by(proof, independent).met
            explanation = explanation or _where(f"{eid}: {combo.words}", rows, own)
        for src, _ in matched:
            if src not in via:
                via.append(src)
        not_needed = eid in waived and not ids
        if not_needed:
            explanation = f"{eid}: not needed, the count concerns victim(s) under 18: {', '.join(minors)}"
        # Age proves the element (or its under-18 limb) from the birth date, whatever else is shown.
        met_by_age = eid in by_age
        if met_by_age:
            explanation = f"{eid}: met, the count concerns victim(s) under 18: {', '.join(minors)}"
        out.append((ElementSupport(
            id=eid, description=description, evidence_ids=sorted(ids),
            independently_supported=is_independent or not_needed or met_by_age, explanation=explanation,
            not_needed=not_needed, met_by_age=met_by_age,
        ), [e for _, e in matched]))
    return out, via
