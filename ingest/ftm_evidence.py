"""Evidence in FtM: an `Event` (an Interval: `date`, or `startDate` and `endDate`) involving the
person or business it is about, its indicator, kind and independence in `keywords`, and a
testimony's giver as its `organizer` (the one whose account it is).

FtM has no evidence schema. thbgraph's export writes each piece of evidence as such an Event, and
its import reads an Event back as evidence when its `keywords` name exactly one indicator of the
vocabulary and it involves a person or business of the file (docs/ftm.md). Every other Event stays
not placed, as before. Descriptions are sealed free text and are not written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from followthemoney import model

from ingest.vocabulary import EVIDENCE_KINDS

__all__ = ["EVIDENCE_PREFIX", "INDEPENDENT", "evidence_entity", "evidence_row"]

#: The id of an Event written from the graph: the prefix and the evidence id.
EVIDENCE_PREFIX = "thbgraph-evidence-"
#: The keyword saying the evidence stands without a victim's testimony (`independent_of_victim`).
INDEPENDENT = "independent_of_victim"


def _first(entity: dict[str, Any], prop: str) -> str | None:
    values = entity["properties"].get(prop) or []
    return values[0] if values else None


def _day(value: str | None) -> str | None:
    """A date the bundle can hold: a full day (coarser ones stay in the kept entity)."""
    return value[:10] if value and len(value) >= 10 else None


def evidence_row(e: dict[str, Any], kinds: dict[str, str], case_id: str, indicators: frozenset[str],
                 g: Callable[[str], str]) -> dict[str, Any] | None:
    """The evidence row an Event makes, or None when it is not one (no single indicator in its
    keywords, or no person or business of the file involved)."""
    keywords = e["properties"].get("keywords") or []
    named = [k for k in keywords if k in indicators]
    about = [i for i in e["properties"].get("involved") or [] if i in kinds]
    if len(named) != 1 or not about:
        return None
    kind = next((k for k in keywords if k in EVIDENCE_KINDS), "document")
    givers = [i for i in e["properties"].get("organizer") or [] if kinds.get(i) == "Person"]
    return {"given_by": g(givers[0]) if givers else None,"evidence_id": g(e["id"]), "case_id": case_id, "about_id": g(about[0]), "indicator": named[0],
            "kind": kind, "independent_of_victim": INDEPENDENT in keywords,
            "description": _first(e, "description") or _first(e, "summary"),
            "observed_on": _day(_first(e, "startDate") or _first(e, "date")), "until": _day(_first(e, "endDate"))}


def evidence_entity(row: dict[str, Any], about: str, giver: str | None = None) -> dict[str, Any]:
    """An Event for a piece of evidence of the graph (`about`, `giver`: the FtM ids of whom it concerns
    and of who gave it): a day as `date`, a period as `startDate` and `endDate`."""
    entity = model.make_entity("Event")
    entity.id = f"{EVIDENCE_PREFIX}{row['evidence_id']}"
    entity.add("name", row["indicator"].replace("_", " ").capitalize())
    entity.add("involved", about)
    if giver:
        entity.add("organizer", giver)
    entity.add("keywords", [row["indicator"], row["kind"], *([INDEPENDENT] if row["independent_of_victim"] else [])])
    entity.add("recordId", row["evidence_id"])
    if row["until"]:
        entity.add("startDate", row["observed_on"])
        entity.add("endDate", row["until"])
    else:
        entity.add("date", row["observed_on"])
    return entity.to_dict()
