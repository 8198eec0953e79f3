"""A flag that concerns a child says so first (legal-review-3.md E2).

The minor mark comes from birth dates at ingest (`Person.minor`). Whoever reads a flag about a
child must see it before anything else: the law treats children apart (no means needed,
aggravation, their own protections), and so must the people deciding.
"""

from __future__ import annotations

from dataclasses import replace

from queries.network.model import CaseNetwork
from queries.options.results import Flag

__all__ = ["for_children"]


def for_children(network: CaseNetwork, flag: Flag) -> Flag:
    """The flag with `children` set and its explanation led by them, where any victim is under 18."""
    persons = network.persons
    children = [v for v in flag.victim_ids if v in persons and persons[v].minor]
    if not children or flag.children:  # none, or said already
        return flag
    lead = (f"CONCERNS A CHILD (under 18): {children[0]}." if len(children) == 1
            else f"CONCERNS {len(children)} CHILDREN (under 18): {', '.join(children)}.")
    return replace(flag, children=children, explanation=f"{lead} {flag.explanation}")
