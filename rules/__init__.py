"""Jurisdiction rule packs: the law as data (one YAML file per jurisdiction, see docs/rules.md).

The names below load on first use (PEP 562): `from rules.errors import RulePackInvalid` must
not load the packs' models, and importing the package runs this file first.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "RulePack": "rules.model", "RulePackInvalid": "rules.errors", "UnknownJurisdiction": "rules.load",
    # The vocabularies from their own module: a case load checks evidence against them, no pack needed.
    "indicator_meanings": "rules.vocabulary", "indicator_vocabulary": "rules.vocabulary", "load_pack": "rules.load",
    "load_packs": "rules.load", "pack_for": "rules.load",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'rules' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)
