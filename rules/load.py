"""Load and check rule packs; every error names the file and the key path of the culprit.

    rules/packs/no.yaml: offences[3].elements[1].indicators[0]: unknown indicator 'foo'

A pack is checked whole at load time (structure, indicator vocabulary, codes and the
references between sections), so a bad pack never reaches an analysis.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from graph.errors import ThbgraphError

from rules.indicator_sets import indicator_sets
from rules.model import RulePack

# The vocabularies packs are checked against (their names stay importable from here too).
from rules.vocabulary import (
    PACKS_DIR,
    RulePackInvalid,
    _display,
    _loc,
    _read_yaml,
    done_to_the_person as done_to_the_person,
    immigration_statuses,
    indicator_meanings as indicator_meanings,
    indicator_vocabulary,
)


class UnknownJurisdiction(ThbgraphError, LookupError):
    def __init__(self, jurisdiction: str, known: Iterable[str]) -> None:
        self.jurisdiction = jurisdiction
        super().__init__(f"no rule pack for jurisdiction '{jurisdiction}' (packs: {', '.join(sorted(known))})")


def load_pack(path: str | Path) -> RulePack:
    """Read and check one pack file; raise RulePackInvalid listing every problem found."""
    path = Path(path)
    name = _display(path)
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise RulePackInvalid([f"{name}: expected a mapping at the top level"])
    try:
        context = {
            "indicators": indicator_vocabulary(), "indicator_sets": frozenset(indicator_sets()),
            "statuses": frozenset(immigration_statuses()),
        }
        pack = RulePack.model_validate(data, context=context)
    except ValidationError as e:
        raise RulePackInvalid([f"{name}: {_loc(err['loc'])}: {err['msg']}" for err in e.errors()]) from None
    errors = [f"{name}: {line}" for line in pack.reference_errors()]
    if errors:
        raise RulePackInvalid(errors)
    return pack


@cache
def load_packs() -> dict[str, RulePack]:
    """All bundled packs by jurisdiction (loaded once; the models are frozen)."""
    packs: dict[str, RulePack] = {}
    errors: list[str] = []
    for path in sorted(PACKS_DIR.glob("*.yaml")):
        try:
            pack = load_pack(path)
        except RulePackInvalid as e:
            errors += e.errors
            continue
        if pack.jurisdiction in packs:
            errors.append(f"{_display(path)}: jurisdiction: a second pack for '{pack.jurisdiction}'")
        packs[pack.jurisdiction] = pack
    if errors:
        raise RulePackInvalid(list(dict.fromkeys(errors)))  # a shared file's error once, not per pack
    return packs


def pack_for(jurisdiction: str) -> RulePack:
    packs = load_packs()
    key = jurisdiction.strip().upper()
    if key not in packs:
        raise UnknownJurisdiction(jurisdiction, packs)
    return packs[key]
