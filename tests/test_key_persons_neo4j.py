"""Key persons of the sample case, projected from the real Neo4j."""

from __future__ import annotations

import json

import pytest

from queries.key_persons.rank import key_player_set, rank_key_persons
from queries.network.projection import Projector, UnknownCase, UnknownPerson


def test_case_projection_holds_the_case_and_only_it(sample_catalogued_read_only):
    net = Projector(sample_catalogued_read_only).case(["NO-GLANS"])
    assert net.jurisdiction == "NO"
    assert {"P001", "P002", "P003", "P004", "P010", "P011", "P012"} <= set(net.persons)
    assert "P020" not in net.persons  # the other case's controller
    assert {"B001", "B002", "B003"} <= set(net.businesses)
    assert any(l.source_id == "P002" and l.type == "CONTROLS" and l.target_id == "P010" for l in net.links)
    assert {e.evidence_id for e in net.evidence if e.about_id == "P002"}
    assert net.persons["P010"].is_identified_victim
    assert not net.persons["P013"].is_identified_victim


def test_controller_and_owner_lead_and_no_identified_victim_is_ranked(sample_catalogued_read_only):
    net = Projector(sample_catalogued_read_only).case(["NO-GLANS"])
    result = rank_key_persons(net)
    ranked = [p.person_id for p in result.ranking]
    assert set(ranked[:3]) >= {"P002", "P001"}, ranked
    assert "P003" in ranked[:4], ranked
    identified = {pid for pid, p in net.persons.items() if p.is_identified_victim}
    assert not identified & set(ranked)
    controller = next(p for p in result.ranking if p.person_id == "P002")
    texts = " ".join(r.text for r in controller.reasons)
    assert "controls 5 victims" in texts and "Glans Bilvask AS" in texts, texts
    owner = next(p for p in result.ranking if p.person_id == "P001")
    assert any("owns" in r.text and "B001" in r.facts for r in owner.reasons), owner.reasons


def test_the_victim_who_recruits_is_shown_apart_with_a_warning(sample_catalogued_read_only):
    net = Projector(sample_catalogued_read_only).case(["NO-NORDLYS"])
    result = rank_key_persons(net)
    assert "P024" not in [p.person_id for p in result.ranking]
    offender = next(p for p in result.victim_offenders if p.person_id == "P024")
    assert offender.rank is None and "non-punishment" in offender.warning.lower()
    assert result.ranking[0].person_id == "P020"


def test_the_money_handler_brokers_between_the_two_cases(sample_catalogued_read_only):
    net = Projector(sample_catalogued_read_only).case(["NO-GLANS", "NO-NORDLYS"])
    assert net.jurisdiction == "NO"
    players = key_player_set(net, 2)
    assert players.steps[-1].largest_share < players.steps[0].largest_share


def test_around_projection_grows_with_hops(sample_catalogued_read_only):
    projector = Projector(sample_catalogued_read_only)
    one = projector.around("P004", 1)
    two = projector.around("P004", 2)
    assert "P004" in one.persons and set(one.persons) < set(two.persons)
    assert {"P001", "P020"} <= set(one.persons)  # paid by both networks
    everything = projector.everything()
    assert set(two.persons) <= set(everything.persons)
    with pytest.raises(UnknownPerson):
        projector.around("P999", 1)
    with pytest.raises(UnknownCase, match="NO-NOPE"):
        projector.case(["NO-NOPE"])


def test_key_persons_command_prints_json_ranked_with_reasons(sample_catalogued_read_only, cli):
    code, out, _ = cli("key-persons", "--case", "NO-GLANS", "--top", "3", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    ranked = [r for r in rows if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == [1, 2, 3]
    assert {"person_id", "rank", "score", "components", "reasons"} <= set(ranked[0])
    assert ranked[0]["reasons"][0]["text"]


def test_key_persons_command_with_a_set_and_an_unknown_case(sample_catalogued_read_only, cli):
    code, out, _ = cli("key-persons", "--case", "NO-GLANS", "--set", "2")
    assert code == 0 and "Key-player set of 2" in out
    code, _, err = cli("key-persons", "--case", "NO-NOPE")
    assert code == 1 and "NO-NOPE" in err
