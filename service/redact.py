"""Victims seen by analysts: stable pseudonyms, and no identifying value anywhere in a response.

Two layers, so that a gap in one is caught by the other:

1. At the source: a case network is pseudonymised before any analysis runs on it
   (`pseudonymise`), and analysts' Cypher runs on a database written from it
   (service/analysis_content.py); a Cypher result's victim node also keeps only the allowed
   properties (`redact_entity`, for notebooks, which read the main graph). Reasons, flags
   and tables then speak of ``V-3f9a...`` from the start.
2. On the way out: every string value of an analyst's response is searched for the
   identifying values of the victims of the analyst's cases (`VictimIndex.scrub`,
   service/victim_index.py), which also tells which victims a response to an investigator or
   prosecutor discloses, for the audit log (`VictimIndex.disclosed`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from queries.network.model import CaseNetwork, SharedIdentifier
from queries.options.standing import VictimStandings
from service.pseudonyms import IDENTIFIER_PREFIX, VICTIM_PREFIX, WITHHELD, Pseudonyms, Victim
from service.victim_index import NO_ECHO, Echo, VictimIndex, _date_spellings

__all__ = ["IDENTIFIER_PREFIX", "NO_ECHO", "VICTIM_FIELDS_SHOWN", "VICTIM_PREFIX", "WITHHELD", "Echo", "Pseudonyms",
           "Victim", "VictimIndex", "_date_spellings", "possible_victims", "pseudonymise", "redact_entity", "redact_value"]

#: Properties of a victim's Person node an analyst sees besides the pseudonym: what the
#: analyses need (status and nationality decide protections and non-punishment risks).
#: An allow-list, so a field the loader adds tomorrow stays hidden until chosen here.
VICTIM_FIELDS_SHOWN = ("nationality", "immigration_status")


def possible_victims(network: CaseNetwork) -> set[str]:
    """The persons recorded as anything but a victim who show a victim's signs (queries/options/standing.py)."""
    return {s.person_id for s in VictimStandings(network).possible()}


def pseudonymise(network: CaseNetwork, pseudonyms: Pseudonyms, *, possible: bool = True) -> CaseNetwork:
    """The network with every victim known by their pseudonym, under it as id and as name; `possible`:
    every possible victim too (an analyst's view: a possible victim is a victim to analysts)."""
    hidden = {pid for pid, p in network.persons.items() if p.is_victim}
    alias = {pid: pseudonyms.victim(pid) for pid in hidden | (possible_victims(network) if possible else set())}

    def a(party_id: str) -> str:
        return alias.get(party_id, party_id)

    persons = {a(pid): replace(p, person_id=a(pid), name=a(pid) if pid in alias else p.name)
               for pid, p in network.persons.items()}
    links = [l._replace(source_id=a(l.source_id), target_id=a(l.target_id)) for l in network.links]
    evidence = [replace(e, about_id=a(e.about_id), given_by=a(e.given_by) if e.given_by else None)
                for e in network.evidence]
    shared = [
        SharedIdentifier(s.kind, pseudonyms.identifier(s.kind, s.value) if alias.keys() & set(s.owner_ids) else s.value,
                         tuple(sorted(a(o) for o in s.owner_ids)))
        for s in network.shared_identifiers
    ]
    same_as = [(min(a(x), a(y)), max(a(x), a(y))) for x, y in network.same_as]
    return replace(network, persons=persons, links=links, evidence=evidence, shared_identifiers=shared,
                   same_as=same_as)


def redact_entity(entity: dict[str, Any], index: VictimIndex) -> dict[str, Any]:
    """A node from a Cypher result, as an analyst may see it: a victim keeps only the allowed fields."""
    props = entity.get("properties") or {}
    if "Person" not in entity.get("labels", ()) or not index.is_victim(str(props.get("person_id"))):
        return entity
    alias = index.alias(str(props["person_id"]))
    shown = {k: props[k] for k in VICTIM_FIELDS_SHOWN if k in props}
    return entity | {"properties": {"person_id": alias, "name": alias, **shown}}


def redact_value(value: Any, index: VictimIndex) -> Any:
    """A Cypher result in its JSON form (see `service.cypher_guard`) with every victim's node redacted,
    however deep in lists, maps and paths."""
    if isinstance(value, dict):
        value = {k: redact_value(v, index) for k, v in value.items()}
        return redact_entity(value, index) if "labels" in value and "properties" in value else value
    if isinstance(value, list):
        return [redact_value(v, index) for v in value]
    return value
