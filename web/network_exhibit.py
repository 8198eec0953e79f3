"""What a network PDF draws: the parties and links of a view the page describes (ids, link types, a
date window), cut from the network the server derives for this user, never from what the page sent.

An id not in the user's view of the case is refused like a missing one (404), as everywhere else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from service.problems import Problem

#: Ids a posted view may hold (the largest start view is 150; expanded views grow from there).
MAX_PARTIES = 5000


def overlaps(edge: dict[str, Any], start: str, end: str) -> bool:
    """web/js/src/scene.js `overlaps`: does the link [since, until] meet the window (open ends allowed)?"""
    if not start and not end:
        return True
    if not edge["since"] and not edge["until"]:
        return False  # undated links leave a dated view
    since, until = edge["since"] or edge["until"], edge["until"] or "9999-12-31"
    return (not end or since <= end) and (not start or until >= start)


def cut(view: dict[str, Any], parties: list[str], types: list[str],
        start: date | None, end: date | None) -> dict[str, Any]:
    """The exhibit's data: the chosen parties of `view` (network_view's JSON, as released to the user),
    the links between them of the chosen types in the window, and the filters in words."""
    if not parties:
        raise Problem(422, "view-empty", "the view shows no one: nothing to export")
    if len(parties) > MAX_PARTIES:
        raise Problem(422, "view-too-large", f"at most {MAX_PARTIES} parties in one exhibit")
    if start and end and start > end:
        raise Problem(422, "dates-invalid", "the date window ends before it starts")
    nodes = {n["id"]: n for n in view["nodes"]}
    if any(p not in nodes for p in parties):
        raise Problem(404, "not-found", "no such party in this case")
    chosen = set(parties)
    kept_types = sorted(set(types) & set(view["link_types"]))
    window = (start.isoformat() if start else "", end.isoformat() if end else "")
    edges = [e for e in view["edges"] if e["s"] in chosen and e["t"] in chosen and e["type"] in kept_types
             and overlaps(e, *window)]
    return {
        "case_id": view["case_id"], "names": view["names"],
        "nodes": [nodes[p] for p in sorted(chosen)], "edges": edges,
        "filters": {"link_types": kept_types, "all_link_types": kept_types == view["link_types"],
                    "from": window[0] or None, "to": window[1] or None},
    }


def in_words(exhibit: dict[str, Any]) -> str:
    f = exhibit["filters"]
    types = "all link types" if f["all_link_types"] else "link types: " + (", ".join(f["link_types"]) or "none")
    dates = f"dates {f['from'] or '…'} to {f['to'] or '…'}" if f["from"] or f["to"] else "all dates"
    return f"{len(exhibit['nodes'])} parties and {len(exhibit['edges'])} links shown; {types}; {dates}"
