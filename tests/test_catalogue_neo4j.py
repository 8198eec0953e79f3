"""The rule packs as catalogue nodes in the real Neo4j."""

from ingest.catalogue import load_catalogue
from rules import load_packs
from tests.graph_snapshot import snapshot


def scalar(driver, cypher, **params):
    records, _, _ = driver.execute_query(cypher, params)
    return records[0][0]


def test_every_rule_of_every_pack_is_in_the_graph_with_its_citation(driver):
    packs = load_packs()
    assert load_catalogue(driver) == len(packs)
    for code, pack in packs.items():
        # Expected counts from the pack's model, not from catalogue_rows (what the loader writes
        # from): a rule dropped there must show here.
        for key, label in (("offences", "Offence"), ("measures", "Measure"), ("protections", "Protection"),
                           ("non_punishment", "NonPunishment")):
            found = scalar(driver, f"MATCH (:RulePack {{jurisdiction: $j}})-[:HAS_RULE]->(r:{label}) RETURN count(r)", j=code)
            assert found == len(getattr(pack, key)), (code, key)
        missing = scalar(driver, "MATCH (r:Rule {jurisdiction: $j}) WHERE r.citation IS NULL OR r.citation = '' "
                         "RETURN count(r)", j=code)
        assert missing == 0
        proven = scalar(driver, "MATCH (:Offence {jurisdiction: $j})-[p:PROVEN_BY]->(:Indicator) RETURN count(p)", j=code)
        assert proven == sum(len(e.indicators) for o in pack.offences for e in o.elements)  # one per element and indicator


def test_analysts_can_ask_which_offences_an_indicator_proves(driver):
    load_catalogue(driver)
    records, _, _ = driver.execute_query(
        "MATCH (o:Offence {jurisdiction: 'NO'})-[:PROVEN_BY]->(:Indicator {code: 'passport_withheld'}) "
        "RETURN collect(DISTINCT o.category) AS categories"
    )
    assert "trafficking" in records[0]["categories"]


def test_reloading_the_catalogue_changes_nothing(driver):
    load_catalogue(driver)
    first = snapshot(driver)
    load_catalogue(driver)
    assert snapshot(driver) == first
