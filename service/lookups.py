"""What a face looks up in the core outside a case's view: a rule pack by jurisdiction (the web app's
words tell rule ids as their statutes), and the skeletons of a name (its search that forgives)."""

from __future__ import annotations

from resolve.names import parts
from rules import RulePack, pack_for

__all__ = ["RulePack", "name_keys", "rule_pack"]


def rule_pack(jurisdiction: str) -> RulePack:
    return pack_for(jurisdiction)


def name_keys(text: str) -> list[str]:
    """The skeletons of a name's parts (resolve/names.py): "Popesku" and "Popescu" give the same."""
    return parts(text)
