"""What a plan costs victims, in the words of a title: every kind of cost, with counts and who.

A suggestion's title must never call a costly plan costless (legal-review-3.md E1): a raid,
closure or eviction where victims live or work, exposure, and being left within reach of an
expelled controller are costs beside lost protections, criminalisation and testimony against
a victim's wish. Victims not yet identified are named too (E5), and children first in each
part, said to be children.
"""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["NO_COST", "cost_parts", "cost_title"]

#: Said of a plan where nothing the graph and the pack can see falls on any victim.
NO_COST = "NO COST TO VICTIMS FOUND"
#: Victims named per part; the rest are counted.
NAMED = 8


class _Victims(Protocol):
    identified_losing: list[str]
    losing: list[str]
    criminalised: list[str]
    testimony_against_wishes: list[str]
    falls_on: list[str]
    exposed: list[str]
    control_risk: list[str]
    minors: list[str]


def _who(ids: list[str], minors: set[str]) -> str:
    children = [v for v in ids if v in minors]
    ordered = children + [v for v in ids if v not in minors]
    shown = ", ".join(ordered[:NAMED]) + (f" and {len(ordered) - NAMED} more" if len(ordered) > NAMED else "")
    if len(children) == 1:
        shown += f" (one a child: {children[0]})"
    elif children:
        shown += f" ({len(children)} children: {', '.join(children[:NAMED])})"
    return shown


def cost_parts(v: _Victims | Any) -> list[str]:
    """One phrase per kind of cost borne (the order of the issue's example), children named
    first within each, and said to be children."""
    minors = set(v.minors)
    identified = set(v.identified_losing)
    parts = [
        ("COSTS {n} IDENTIFIED VICTIM(S) A PROTECTION", v.identified_losing),
        ("LEAVES {n} VICTIM(S) UNIDENTIFIED", [x for x in v.losing if x not in identified]),
        ("CRIMINALISES {n} VICTIM(S)", v.criminalised),
        ("FALLS ON {n} VICTIM(S) WHERE THEY LIVE OR WORK (eviction, closure or raid)", v.falls_on),
        ("EXPOSES {n} VICTIM(S)", v.exposed),
        ("NEEDS {n} VICTIM(S) TO TESTIFY AGAINST THEIR WISH", v.testimony_against_wishes),
        ("LEAVES {n} VICTIM(S) WITHIN REACH OF AN EXPELLED CONTROLLER", v.control_risk),
    ]
    return [f"{words.format(n=len(ids))}: {_who(ids, minors)}" for words, ids in parts if ids]


def cost_title(v: _Victims | Any) -> str:
    """Every cost in one line, or `NO_COST` where there is none."""
    return "; ".join(cost_parts(v)) or NO_COST
