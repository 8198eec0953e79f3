"""A candidate pair's two records side by side (Aleph's cross-reference view): name, birth date, country
and identifiers in two columns, each row marked same / differs / one side only (identifiers: "1 in common" when the sides share
some values and not all). Two names that are
one name in another script or spelling (Йон Дима, Ion Dima) are marked "alike", not "differs":
that is what the matcher found, and "differs" would tell a reviewer the opposite.

A victim's values (her record is sealed in the graph) are shown only to a reader who has revealed
identities, with a purpose, in every case of the pair that is theirs; otherwise "[sealed]". Her
identifiers are never in clear, even in memory (a blind index): they are compared, not shown.
"""

from __future__ import annotations

from typing import Any

from service.matches import Record, alike_names

SEALED = "[sealed]"


def _same(a: str | None, b: str | None) -> bool | None:
    if not a or not b:
        return None
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def rows(left: Record, right: Record, open_: bool) -> list[dict[str, Any]]:
    """The rows of one pair; `open_`: the reader may see a victim's values here."""
    def value(r: Record, v: str | None) -> str | None:
        return SEALED if r.sealed and not open_ and v else v

    out = []
    for label, a, b in (("Name", left.name, right.name), ("Birth date", left.birth_date, right.birth_date),
                        ("Country", left.country, right.country)):
        hidden = (left.sealed or right.sealed) and not open_
        same = None if hidden else _same(a, b)
        alike = label == "Name" and same is False and alike_names(a, b)
        out.append({"label": label, "left": value(left, a), "right": value(right, b),
                    "same": None if alike else same, "alike": alike, "common": 0, "hidden": hidden and bool(a and b)})
    kinds = sorted({i.kind for i in (*left.identifiers, *right.identifiers)})
    for kind in kinds:
        mine = [i for i in left.identifiers if i.kind == kind]
        theirs = [i for i in right.identifiers if i.kind == kind]
        shown = [", ".join(i.shown or SEALED for i in ids) or None for ids in (mine, theirs)]
        hidden = (left.sealed or right.sealed) and not open_
        keys = ({i.key for i in mine}, {i.key for i in theirs})
        common = len(keys[0] & keys[1]) if not hidden and mine and theirs else 0
        # Equal only when every value is on both sides; a part in common is said as such.
        same = None if hidden or not mine or not theirs else (keys[0] == keys[1] if common else False)
        out.append({"label": kind.replace("_", " "), "left": shown[0], "right": shown[1],
                    "same": None if common and not same else same, "common": 0 if same else common,
                    "alike": False, "hidden": hidden and bool(mine and theirs)})
    return out


def disclosed(left: Record, right: Record) -> list[str]:
    """The victims whose values a revealed side-by-side shows (audited)."""
    return sorted(r.id for r in (left, right) if r.sealed)
