"""Jurisdiction rule packs: the law as data (one YAML file per jurisdiction, see docs/rules.md)."""

from rules.load import (
    RulePackInvalid,
    UnknownJurisdiction,
    indicator_meanings,
    indicator_vocabulary,
    load_pack,
    load_packs,
    pack_for,
)
from rules.model import RulePack

__all__ = [
    "RulePack", "RulePackInvalid", "UnknownJurisdiction", "indicator_meanings", "indicator_vocabulary",
    "load_pack", "load_packs", "pack_for",
]
