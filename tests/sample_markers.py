"""What must never reach an analyst of NO-GLANS, read from the sample bundle's CSVs: the values of
NO-NORDLYS (the case they are not assigned to), and every victim's real id and identifying values
(of either case), with the relative whose name carries a victim's surname."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass

from tests.paths import SAMPLE

MINE, FOREIGN = "NO-GLANS", "NO-NORDLYS"


def _rows(table: str) -> list[dict[str, str]]:
    with (SAMPLE / f"{table}.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def folded(text: str) -> str:
    """Letters and digits only, case-folded: "+47 412 34 567" and "+4741234567" alike."""
    return re.sub(r"\W|_", "", text).casefold()


@dataclass(frozen=True)
class Markers:
    """Values (folded) looked for anywhere in a string's letters and digits; words (ids, name
    parts: short, so only as whole words, or a hex digest could hold one) looked for as words."""

    foreign_values: frozenset[str]  # NO-NORDLYS alone: its title, names, identifiers
    foreign_words: frozenset[str]  # its case, person, business and evidence ids
    victim_values: frozenset[str]  # victims' full names, birth dates, identifiers
    victim_words: frozenset[str]  # victims' ids, each part of a victim's or her relative's name
    victims: dict[str, str]  # person id -> case, for every victim
    relatives: frozenset[str]


def sample_markers() -> Markers:
    cases: dict[str, set[str]] = defaultdict(set)
    victims: dict[str, str] = {}
    for r in _rows("roles"):
        cases[r["person_id"]].add(r["case_id"])
        if r["role"] == "victim":
            victims[r["person_id"]] = r["case_id"]
    relatives = {end for l in _rows("links") if l["type"] == "FAMILY_OF" and {l["source_id"], l["target_id"]} & victims.keys()
                 for end in (l["source_id"], l["target_id"])} - victims.keys()
    links = _rows("links")
    for l in links:  # a business belongs to the cases of the links it is in
        for end in (l["source_id"], l["target_id"]):
            if end.startswith("B"):
                cases[end].add(l["case_id"])
    foreign_only = {pid for pid, c in cases.items() if c == {FOREIGN}}
    persons = {p["person_id"]: p for p in _rows("persons")}
    foreign_words = {"Nordlys", *foreign_only} | {e["evidence_id"] for e in _rows("evidence") if e["case_id"] == FOREIGN}
    foreign = {"Operation Nordlys"} | {persons[p]["name"] for p in foreign_only if p in persons}
    foreign |= {b["name"] for b in _rows("businesses") if b["business_id"] in foreign_only}
    holders: dict[str, set[str]] = defaultdict(set)
    for i in _rows("identifiers"):
        holders[folded(i["value"])].add(i["owner_id"])
    foreign |= {value for value, who in holders.items() if who <= foreign_only}
    values, words = set(), set(victims)
    for pid in victims.keys() | relatives:
        p = persons[pid]
        values |= {p["name"], p["birth_date"]}
        words |= {w for w in re.findall(r"\w+", p["name"]) if len(w) > 2}
    values |= {value for value, who in holders.items() if who & victims.keys()}
    return Markers(*(frozenset(folded(v) for v in kind) for kind in (foreign, foreign_words, values, words)),
                   victims, frozenset(relatives))


def leaks(strings: list[str], markers: Markers, *, mine_only: bool = True) -> list[str]:
    """The strings holding a marker: a whole value of the other case (when `mine_only`), or a
    victim's value or name part (as a word, or anywhere in its letters and digits)."""
    found = []
    for text in strings:
        flat = folded(text)
        words = {folded(w) for w in re.findall(r"\w+", text)}
        bad = [v for v in markers.victim_values if v and v in flat] + sorted(words & markers.victim_words)
        if mine_only:
            bad += [v for v in markers.foreign_values if v and v in flat] + sorted(words & markers.foreign_words)
        if bad:
            found.append(f"{text!r}: {bad}")
    return found
