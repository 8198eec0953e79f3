"""The `neo4j://` routing scheme (a cluster or Aura) against a single server: reads routed to
readers, the all-or-nothing load as a managed write transaction on the leader."""

from __future__ import annotations

from neo4j import Driver

from graph.db import connect
from graph.settings import Settings
from ingest.writer import load_bundle
from queries.key_persons.rank import rank_key_persons
from queries.options.engine import options_for_person
from queries.network.projection import Projector
from rules import pack_for
from tests.paths import SAMPLE


def test_the_whole_path_runs_over_a_routing_uri(driver: Driver, neo4j_uri: str) -> None:
    routing_uri = neo4j_uri.replace("bolt://", "neo4j://", 1)
    assert routing_uri.startswith("neo4j://")
    routed = connect(Settings(), uri=routing_uri)
    try:
        report = load_bundle(routed, SAMPLE)
        assert report.written and report.counts["persons"] == 19
        network = Projector(routed).case(["NO-GLANS"])
        assert rank_key_persons(network, top=1).ranking[0].person_id == "P002"
        options = options_for_person(network, pack_for("NO"), "P002", case_id="NO-GLANS")
        assert "strl_257" in {o.code for o in options.options}
    finally:
        routed.close()
    # Written once, and seen by a plain bolt:// connection too.
    records, _, _ = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n")
    assert records[0]["n"] == 19
