"""What an analyst's analysis database holds: their cases as the other routes show them to
analysts, already pseudonymised, as rows ready to be written (service/analysis_db.py writes them).

Built from the analysts' view of the cases (`scope.within` then `redact.pseudonymise`: the
same persons, links, evidence and pseudonyms as `/cases/{id}/network`), with what the person
route shows besides (every identifier a party holds, one holder or many; birth dates and
evidence descriptions), so that Cypher and the routes agree (analyst review, finding 6).
Stricter where a value in clear would still point at a victim:
- a victim is `V-…` as id and as name; her birth date, identifiers' values, ciphertexts and
  the descriptions of evidence about her are not written; her real id is nowhere (so
  `substring(p.person_id, 1)` gives hex digits);
- a victim's relative (a FAMILY_OF link with her) has the name `[withheld]`, no birth date and
  no evidence text; identifiers held by a victim or a relative, or sealed in the main graph,
  are written as their `ID-…` pseudonym (the person route shows a relative's in clear);
- every other string (names, titles, evidence descriptions) has the victims' name parts and
  ids replaced (`VictimIndex.scrub_text`, `scrub`), so `reverse(b.name)` finds no surname;
- link notes (sealed free text) are not written at all;
- `link_id` is a hash of the link as written, never of the real ids behind it.
Rows are sorted by the ids as written: node creation order (and so element ids) says nothing
about real ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from service.redact import VICTIM_PREFIX, WITHHELD, Pseudonyms, VictimIndex
from queries.network.model import CaseNetwork

FAMILY = "FAMILY_OF"


@dataclass
class AnalysisContent:
    """Rows for each of the analysis_* write queries; empty for an analyst without cases."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)
    businesses: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    identifiers: list[dict[str, Any]] = field(default_factory=list)

    def size(self) -> int:
        return sum(len(rows) for rows in (self.cases, self.persons, self.businesses, self.links, self.evidence,
                                          self.identifiers))


def _link_id(source: str, type_: str, target: str, case_id: str | None, since: object) -> str:
    # Of what is written only: it tells nothing the link itself does not.
    return hashlib.sha256(f"{source}|{type_}|{target}|{case_id}|{since}".encode()).hexdigest()[:24]


def content(
    cases: list[dict[str, Any]], network: CaseNetwork, index: VictimIndex, pseudonyms: Pseudonyms,
    sealed: frozenset[tuple[str, str]], *, births: dict[str, Any] | None = None, texts: dict[str, str | None] | None = None,
) -> AnalysisContent:
    """`network`: the analysts' view of the cases (pseudonymised), its `shared_identifiers` every
    identifier its parties hold; `cases`: their summaries; `index`: the victims of these cases
    (for the scrub of clear text); `sealed`: (kind, value) of every identifier the main graph
    holds sealed; `births`: birth dates by person id, `texts`: evidence descriptions (opened) by
    id, both written for anyone but victims and their relatives, as the person route serves them."""
    births, texts = births or {}, texts or {}
    # A possible victim is known by her pseudonym (`pseudonymise`): a victim here too.
    victims = {pid for pid, p in network.persons.items() if p.is_victim or pid.startswith(VICTIM_PREFIX)}
    relatives = {end for l in network.links if l.type == FAMILY and {l.source_id, l.target_id} & victims
                 for end in (l.source_id, l.target_id)} - victims
    hidden = victims | relatives
    out = AnalysisContent()
    out.cases = sorted(({**c, "title": index.scrub_text(c["title"]) if c.get("title") else None} for c in cases),
                       key=lambda c: c["case_id"])
    for pid, p in sorted(network.persons.items()):
        # A suspect's own name is never a victim's pseudonym (it would stand beside his id): withheld where it matches.
        name = p.name if pid in victims else WITHHELD if pid in relatives else index.withhold(p.name or "") or None
        born = None if pid in hidden else births.get(pid)
        props = {"person_id": pid, "name": name, "birth_date": born, "nationality": p.nationality,
                 "immigration_status": p.immigration_status, "minor": True if p.minor else None}
        roles = [{"case_id": r.case_id, "props": {"role": r.role, "identified_on": r.identified_on,
                                                  "cooperation": r.cooperation}} for r in p.roles]
        out.persons.append({"props": props, "roles": roles})
    out.businesses = [{"business_id": bid, "name": index.scrub_text(b.name), "sector": b.sector, "country": b.country}
                      for bid, b in sorted(network.businesses.items())]
    links = sorted(network.links, key=lambda l: (l.source_id, l.type, l.target_id, str(l.case_id), str(l.since)))
    out.links = [{"source": l.source_id, "type": l.type, "target": l.target_id, "props": {
        "link_id": _link_id(l.source_id, l.type, l.target_id, l.case_id, l.since), "case_id": l.case_id,
        "since": l.since, "until": l.until, "amount": l.amount, "evidence_id": l.evidence_id}} for l in links]
    out.evidence = [{"about": e.about_id, "props": {
        "evidence_id": e.evidence_id, "case_id": e.case_id, "indicator": e.indicator, "kind": e.kind,
        # Scrubbed as the release layer scrubs the person route's answer; none about a victim or kin.
        "description": None if e.about_id in hidden or not texts.get(e.evidence_id)
        else index.scrub_text(texts[e.evidence_id] or ""),
        "independent_of_victim": e.independent_of_victim, "about_role": e.about_role,
        # Dates as the text: none about a victim or kin (when things were done to her dates her story).
        "observed_on": None if e.about_id in hidden else e.observed_on,
        "until": None if e.about_id in hidden else e.until,
        # Only a person of these cases: anyone else's id (a victim of another case) stays out.
        "given_by": e.given_by if e.given_by in network.persons else None}}
        for e in sorted(network.evidence, key=lambda e: e.evidence_id)]
    identifiers = []
    for s in network.shared_identifiers:
        blind = s.value.startswith(f"{s.kind}:")  # sealed, and held by no victim known: its blind index
        # Stricter than the person route for a relative's: her address may be the victim's home.
        pseudonymous = blind or (s.kind, s.value) in sealed or bool(hidden & set(s.owner_ids))
        value = s.value if s.value.startswith("ID-") else pseudonyms.identifier(s.kind, s.value) if pseudonymous \
            else s.value
        identifiers.append({"props": {"identifier_id": f"{s.kind}:{value}", "kind": s.kind, "value": value},
                            "owners": sorted(s.owner_ids)})
    out.identifiers = sorted(identifiers, key=lambda i: i["props"]["identifier_id"])
    return out
