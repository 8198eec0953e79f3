"""The person panel's summary of a person's options: what each costs the victims, in one line; a
table of victims by protections; the legal basis once per protection; and every flag, folded per
victim, grouped where the same words apply under several options.

The options engine gives one flag per option, victim group and protection (hundreds for a
controller): read as paragraphs, the cost to each victim is lost in them. Nothing is dropped
here: every (option, flag, protection, victim) is one `keys` entry of a group, and the page marks
each (`data-flag`) so that a test can check they are all there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from web.words import cost_phrase, flag_phrase, protection_short, vocabulary

__all__ = ["option_costs", "summarise"]

LOSS = "PROTECTION_LOSS"
#: Identified victims lose or do not obtain; the others would likely not be identified at all.
IDENTIFIED_STATUSES = ("would_lose", "would_not_obtain")
#: A flag's reason ends with the link's type ("... (WORKS_AT)"): the page says it in words alone.
_LINK_TYPE = re.compile(r" \([A-Z][A-Z_]*\)$")


def _cost_key(flag: dict[str, Any]) -> str:
    if flag["code"] == LOSS and flag.get("status") == "would_not_be_identified":
        return "NOT_YET_IDENTIFIED"
    return flag["code"]


def option_costs(option: dict[str, Any]) -> list[dict[str, str]]:
    """An option's cost, one phrase per kind of flag, the loss of protections first."""
    victims: dict[str, set[str]] = defaultdict(set)
    protections: dict[str, set[str]] = defaultdict(set)
    severity: dict[str, str] = {}
    for f in option["flags"]:
        key = _cost_key(f)
        victims[key].update(f["victim_ids"])
        if f.get("protection_code"):
            protections[key].add(f["protection_code"])
        if severity.get(key) != "high":
            severity[key] = f["severity"]
    order = [k for k in vocabulary()["flags"] if k in victims] + sorted(k for k in victims if k not in vocabulary()["flags"])
    return [{"text": cost_phrase(k, len(victims[k]), len(protections[k])), "code": LOSS if k == "NOT_YET_IDENTIFIED" else k,
             "severity": severity[k]} for k in order]


def _flag_key(option: dict[str, Any], flag: dict[str, Any], victim: str) -> str:
    return "|".join((option["kind"], option["code"], option["target_id"], flag["code"],
                     flag.get("protection_code") or "", victim))


def summarise(options: list[dict[str, Any]], names: dict[str, str | None], standings: dict[str, str | None],
              not_at_stake: dict[tuple[str, str], tuple[str, str]]) -> dict[str, Any]:
    """The panel's summary of `options` (api/views.person_options). `names` and `standings` per victim
    id as the flags tell them; `not_at_stake[(victim, protection)]`: ("kept" or "na", why) where no
    option costs the victim the protection (worked out from the pack by the caller)."""
    lines = [{"option": o, "costs": option_costs(o)} for o in options]
    protections: dict[str, dict[str, Any]] = {}
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    groups: dict[str | None, dict[tuple[Any, ...], dict[str, Any]]] = defaultdict(dict)
    for o in options:
        for f in o["flags"]:
            pcode = f.get("protection_code")
            if pcode and pcode not in protections:
                protections[pcode] = {"code": pcode, "title": f.get("protection_title") or pcode,
                                      "short": protection_short(pcode, f.get("protection_title")),
                                      "citation": f["citation"] if f.get("status") in IDENTIFIED_STATUSES else None}
            elif pcode and protections[pcode]["citation"] is None and f.get("status") in IDENTIFIED_STATUSES:
                protections[pcode]["citation"] = f["citation"]
            for v in f["victim_ids"] or [None]:
                if pcode and v:
                    cell = cells.setdefault((v, pcode), {"status": f.get("status"), "options": []})
                    cell["options"].append(o["title"])
                key = (f["code"], pcode, f.get("status"), f["explanation"], f["citation"], f.get("keep"))
                group = groups[v].setdefault(key, {
                    "code": f["code"], "phrase": flag_phrase(f["code"], f.get("status")), "severity": f["severity"],
                    "protection": f.get("protection_title"), "explanation": f["explanation"], "citation": f["citation"],
                    "keep": f.get("keep"), "signals": f.get("signals") or [],
                    "ties": [_LINK_TYPE.sub("", t) for t in (f.get("reasons") or {}).get(v or "", [])], "options": []})
                group["options"].append({"title": o["title"], "against": o["target_id"] if o["target"] == "business" else None,
                                         "key": _flag_key(o, f, v or "")})
    for pcode, p in protections.items():  # a protection only ever at stake for victims not yet identified
        if p["citation"] is None:
            p["citation"] = next(f["citation"] for o in options for f in o["flags"] if f.get("protection_code") == pcode)
    victim_ids = sorted(v for v in groups if v is not None)
    statuses = vocabulary()["statuses"]
    # One row per victim, and victims whose row reads the same (same standing, same cells) in one row:
    # a controller of 30 victims has a handful of distinct rows, not 30.
    grouped: dict[tuple[Any, ...], dict[str, Any]] = {}
    for v in victim_ids:
        row = []
        for pcode in protections:
            cell = cells.get((v, pcode))
            if cell:
                words = statuses.get(cell["status"], {"cell": cell["status"], "sentence": cell["status"]})
                row.append({"state": "lost", "text": words["cell"], "why": words["sentence"],
                            "count": len(cell["options"]), "options": cell["options"]})
            else:
                state, why = not_at_stake.get((v, pcode), ("kept", ""))
                row.append({"state": state, "text": "kept" if state == "kept" else "n/a", "why": why})
        keep = next((g["keep"] for g in groups[v].values() if g["keep"]), None)
        signature = (standings.get(v), keep, tuple((c["state"], c["text"], tuple(c.get("options", ()))) for c in row))
        entry = grouped.setdefault(signature, {"standing": standings.get(v), "cells": row, "keep": keep, "victims": []})
        entry["victims"].append({"victim_id": v, "name": names.get(v)})
    rows = list(grouped.values())
    severity = {"high": 0, "medium": 1}
    detail = [{"victim_id": v, "name": names.get(v), "standing": standings.get(v),
               "count": sum(len(g["options"]) for g in groups[v].values()),
               "groups": sorted(groups[v].values(), key=lambda g: (severity.get(g["severity"], 2), g["phrase"],
                                                                   g["protection"] or ""))}
              for v in [*victim_ids, *([None] if None in groups else [])]]
    return {"lines": lines, "protections": list(protections.values()), "rows": rows, "detail": detail,
            "option_count": len(options), "flag_count": sum(len(o["flags"]) for o in options)}
