"""What service/analysis_content.py makes of an analysts' view, on a hand-built network (the whole
path through Neo4j is in tests/test_api_analysis_db.py)."""

from __future__ import annotations

import json

from service.analysis_content import content
from service.redact import WITHHELD, Pseudonyms, Victim, VictimIndex, pseudonymise
from queries.network.model import CaseNetwork, Evidence, Link, Person, Role, SharedIdentifier

KEY = "k" * 40
CASE = "C1"


def _network() -> CaseNetwork:
    persons = {
        "P1": Person("P1", "Boss Man", "NO", roles=[Role(CASE, "suspect")]),
        "P2": Person("P2", "Anna Vic", "RO", "resident", [Role(CASE, "victim")], minor=True),
        "P3": Person("P3", "Mara Vic", "RO", roles=[Role(CASE, "associate")]),  # her mother
        "P4": Person("P4", "Other Vic Helper", "NO", roles=[Role(CASE, "witness")]),
    }
    links = [Link("P1", "CONTROLS", "P2", CASE), Link("P2", "FAMILY_OF", "P3", CASE)]
    evidence = [Evidence("E1", CASE, "P2", "debt_bondage", "testimony", False, given_by="P9"),
                Evidence("E2", CASE, "P1", "control", "testimony", False, given_by="P2")]
    shared = [SharedIdentifier("phone", "+4790000001", ("P1", "P2")),
              SharedIdentifier("phone", "+4790000002", ("P1", "P4")),
              SharedIdentifier("address", "Gate 1, 0001 Oslo", ("P3", "P4"))]
    return CaseNetwork([CASE], "NO", persons, {}, links, evidence, shared)


def test_victims_relatives_and_their_values_are_not_written_in_clear() -> None:
    pseudonyms = Pseudonyms(KEY)
    index = VictimIndex([Victim("P2", "Anna Vic", "2001-02-03")], pseudonyms)
    view = pseudonymise(_network(), pseudonyms)
    out = content([{"case_id": CASE, "title": "Operation Anna Vic"}], view, index, pseudonyms,
                  sealed=frozenset({("phone", "+4790000002")}))
    alias = pseudonyms.victim("P2")
    persons = {p["props"]["person_id"]: p["props"] for p in out.persons}
    assert persons[alias]["name"] == alias and persons[alias]["minor"] is True
    assert persons["P3"]["name"] == WITHHELD  # a relative: her name carries the victim's surname
    assert persons["P4"]["name"] == f"Other {WITHHELD} Helper"  # a victim's name part, wherever it is
    assert out.cases[0]["title"] == f"Operation {alias}"
    # Shared with the victim, sealed in the main graph, or held by a relative: a pseudonym.
    values = {i["props"]["value"] for i in out.identifiers}
    assert values == {pseudonyms.identifier("phone", "+4790000001"), pseudonyms.identifier("phone", "+4790000002"),
                      pseudonyms.identifier("address", "Gate 1, 0001 Oslo")}
    given = {e["props"]["evidence_id"]: e["props"]["given_by"] for e in out.evidence}
    assert given == {"E1": None, "E2": alias}  # P9 is no person of these cases
    text = json.dumps([out.cases, out.persons, out.links, out.evidence, out.identifiers], default=str)
    for clear in ("P2", "Anna", "Vic\"", "+4790000001", "Gate 1", "P9"):
        assert clear not in text, clear
    # Written in the order of the ids as written, not the real ones.
    assert [p["props"]["person_id"] for p in out.persons] == sorted(persons)
