"""Options and flags for the sample case's key persons, from the real Neo4j, and the demo end to end."""

from __future__ import annotations

import json

from queries.options.engine import options_for_person
from queries.network.projection import Projector
from rules import pack_for


def _options(driver, person_id: str, case_id: str):
    net = Projector(driver).case([case_id])
    return options_for_person(net, pack_for("NO"), person_id, case_id=case_id)


def _by_code(result):
    return {o.code: o for o in result.options if o.applicable}


def test_the_controller_can_be_charged_with_trafficking_without_losing_protections(sample_catalogued_read_only):
    options = _by_code(_options(sample_catalogued_read_only, "P002", "NO-GLANS"))
    trafficking = [o for o in options.values() if o.category == "trafficking"]
    assert trafficking, sorted(options)
    assert all(f.code != "PROTECTION_LOSS" for o in trafficking for f in o.flags)
    # The only row labelled forced labour is the testimony of an unwilling victim (P011), but the
    # ILO indicators together prove exploitation without him: the seized passports, the debt
    # ledger, the surveillance and the overtime at the car wash Popescu manages.
    t257 = options["strl_257"]
    assert (t257.strength, t257.independent_strength) == (1.0, 1.0)
    exploitation = next(e for e in t257.elements if e.id == "exploitation")
    assert exploitation.explanation.startswith("exploitation: 5 of the ILO indicators of forced labour")
    assert "excessive overtime E0011 at Glans Bilvask AS" in exploitation.explanation
    assert not any(f.code == "TESTIMONY_AGAINST_WISHES" for f in t257.flags)


def test_alternatives_against_the_owner_are_flagged_as_costing_identified_victims(sample_catalogued_read_only):
    result = _options(sample_catalogued_read_only, "P001", "NO-GLANS")
    options = _by_code(result)
    alternatives = [o for o in options.values() if o.category == "alternative"]
    assert {"tax", "money_laundering"} <= {o.area for o in alternatives}, sorted(options)
    losses = [f for o in alternatives for f in o.flags if f.code == "PROTECTION_LOSS"]
    # Identified workers at his car washes, the presumed ones (P013, P014) and Rusu (P016), whom
    # Popescu controls and who works at the Sandnes site: each with what would keep it.
    assert losses and all(set(f.victim_ids) <= {"P010", "P011", "P012", "P013", "P014", "P016"} for f in losses)
    # None "would lose": identification is no appointment of counsel (review 2 #8, legal-review-3.md).
    assert {f.status for f in losses} == {"would_not_obtain", "would_not_be_identified"}
    assert {f.standing for f in losses} == {"identified", "presumed", "possible"}
    assert all("charge Marius Popescu (P002) under strl_257" in f.keep for f in losses)
    # The other case's identified victims have no link to the owner: never flagged here.
    assert not {"P021", "P022", "P024"} & {v for f in losses for v in f.victim_ids}
    assert "not legal advice" in result.disclaimer.lower()
    assert result.review_status == "unreviewed by counsel"


def test_an_illegal_labour_charge_criminalises_the_workers_without_permits(sample_catalogued_read_only):
    options = _by_code(_options(sample_catalogued_read_only, "P002", "NO-GLANS"))
    flagged = [o for o in options.values() if any(f.code == "CRIMINALISES_VICTIMS" for f in o.flags)]
    assert flagged
    victims = {v for o in flagged for f in o.flags if f.code == "CRIMINALISES_VICTIMS" for v in f.victim_ids}
    assert "P012" in victims  # irregular, no work permit
    assert "P010" not in victims  # holds a permit


def test_options_command_json_and_clear_errors(sample_catalogued_read_only, cli):
    code, out, _ = cli("options", "--person", "P020", "--case", "NO-NORDLYS", "--format", "json", "--redact")
    assert code == 0
    data = json.loads(out)
    assert data["person_id"] == "P020" and data["options"]
    flags = [f for o in data["options"] for f in o["flags"]]
    assert flags and all(f["victim_names"] is None for f in flags)
    code, _, err = cli("options", "--person", "P999")
    assert code == 1 and "P999" in err
    code, _, err = cli("options", "--person", "P020", "--case", "NO-GLANS")
    assert code == 1 and "NO-GLANS" in err


def test_demo_runs_end_to_end(driver, cli):
    code, out, _ = cli("demo")
    assert code == 0, out
    assert "Operation Glans" in out and "Operation Nordlys" in out
    assert "Key persons of NO-GLANS" in out and "Marius Popescu" in out
    assert "PROTECTION_LOSS" in out and "not legal advice" in out
    assert "Two charge plans for NO-GLANS" in out
    records, _, _ = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n")
    assert records[0]["n"] == 19
    # The demo shows the victims not yet identified and the suspect who may be a victim.
    assert "not yet identified" in out and "possibly a victim" in out
