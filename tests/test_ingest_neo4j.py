"""Loading bundles into the real Neo4j: clean, invalid, interrupted, repeated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from neo4j.exceptions import DriverError, Neo4jError
from neo4j.time import Date

from graph import db as graph_db
from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.schema import apply_schema
from graph.sealing import Sealer, sealer_for
from graph.settings import Settings
from ingest.bundle import read_bundle
from ingest.errors import BundleInvalid
from ingest.writer import graph_known_ids, load_bundle, write_bundle
from tests.bundle_graph import _rows
from tests.graph_snapshot import snapshot

from tests.paths import SAMPLE
from tests.store_picture import copy_store


def configured_sealer() -> Sealer:
    return sealer_for(Settings())


def count(driver, cypher: str, **params) -> int:
    records, _, _ = driver.execute_query(cypher, params)
    return records[0][0]


def test_clean_load_writes_every_row(driver):
    report = load_bundle(driver, SAMPLE)
    assert report.written
    # The rows of the sample's files, read here with csv: not the loader's own count of them.
    counts = {name: len(_rows(f"{name}.csv")) for name in
              ("cases", "persons", "businesses", "roles", "evidence", "links", "identifiers")}
    assert {name: report.counts[name] for name in counts} == counts
    assert count(driver, "MATCH (c:Case) RETURN count(c)") == counts["cases"]
    assert count(driver, "MATCH (p:Person) RETURN count(p)") == counts["persons"]
    assert count(driver, "MATCH (b:Business) RETURN count(b)") == counts["businesses"]
    assert count(driver, "MATCH ()-[r:ROLE_IN]->() RETURN count(r)") == counts["roles"]
    assert count(driver, "MATCH (e:Evidence)-[:ABOUT]->() RETURN count(e)") == counts["evidence"]
    assert count(driver, "MATCH (e:Evidence)-[:IN_CASE]->(:Case) RETURN count(e)") == counts["evidence"]
    links = count(driver, "MATCH ()-[r]->() WHERE r.link_id IS NOT NULL RETURN count(r)")
    assert links == counts["links"]
    assert count(driver, "MATCH ()-[h:HAS_IDENTIFIER]->() RETURN count(h)") == counts["identifiers"]


def test_sample_facts_land_as_typed_values(driver):
    load_bundle(driver, SAMPLE)
    records, _, _ = driver.execute_query(
        "MATCH (p:Person {person_id: 'P010'})-[r:ROLE_IN]->(c:Case {case_id: 'NO-GLANS'}) "
        "RETURN r.role AS role, r.identified_on AS identified_on, r.cooperation AS cooperation"
    )
    assert records[0]["role"] == "victim"
    assert records[0]["identified_on"] == Date(2024, 3, 6)  # a date, not the text of one
    assert records[0]["cooperation"] == "willing"
    paid, _, _ = driver.execute_query(
        "MATCH (:Business {business_id: 'B001'})-[p:PAID]->(:Person {person_id: 'P004'}) "
        "RETURN p.amount AS amount, p.since AS since")
    assert paid[0]["amount"] == 486000.0 and isinstance(paid[0]["amount"], float)
    assert paid[0]["since"] == Date(2023, 1, 1)
    owners = count(driver, "MATCH (:Person {person_id: 'P001'})-[:OWNS]->(b:Business) RETURN count(b)")
    assert owners == 3, owners
    # The same phone written two ways is one identifier node shared by two persons.
    shared = count(
        driver,
        "MATCH (a:Person {person_id: 'P020'})-[:HAS_IDENTIFIER]->(i:Identifier {kind: 'phone'})"
        "<-[:HAS_IDENTIFIER]-(b:Person {person_id: 'P026'}) RETURN count(i)",
    )
    assert shared == 1


def test_the_load_marks_who_was_a_minor_when_first_exploited_and_still_seals_the_birth_date(driver):
    load_bundle(driver, SAMPLE)
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) WHERE p.minor RETURN p.person_id AS id, p.birth_date AS clear, "
        "p.birth_date_enc IS NOT NULL AS sealed"
    )
    # Precious Adeyemi (born 2006-11-27) was recruited on 2024-04-01, at 17; no one else was a minor.
    assert [(r["id"], r["clear"], r["sealed"]) for r in records] == [("P023", None, True)]


def test_loading_twice_gives_the_same_graph(driver):
    load_bundle(driver, SAMPLE)
    first = snapshot(driver)
    load_bundle(driver, SAMPLE)
    assert snapshot(driver) == first


def _bad_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "bad"
    shutil.copytree(SAMPLE, bundle)
    with (bundle / "persons.csv").open("a", encoding="utf-8") as f:
        f.write("P900,,1990-13-01,NO,citizen\n")  # no name, impossible date
    with (bundle / "links.csv").open("a", encoding="utf-8") as f:
        f.write("P900,BRIBES,P001,NO-GLANS,,,,,\n")  # unknown type
    return bundle


def test_bad_rows_are_all_reported_and_nothing_is_written(driver, tmp_path):
    bundle = _bad_bundle(tmp_path)
    with pytest.raises(BundleInvalid) as raised:
        load_bundle(driver, bundle)
    fields = {(e.file, e.field) for e in raised.value.errors}
    assert ("persons.csv", "name") in fields, raised.value.errors
    assert ("persons.csv", "birth_date") in fields, raised.value.errors
    assert ("links.csv", "type") in fields, raised.value.errors
    assert count(driver, "MATCH (n) RETURN count(n)") == 0


def test_dry_run_writes_nothing(driver):
    report = load_bundle(driver, SAMPLE, dry_run=True)
    assert not report.written and report.counts["persons"] > 0
    assert count(driver, "MATCH (n) RETURN count(n)") == 0


class Boom(Exception):
    pass


@pytest.mark.parametrize("failure", [Boom, KeyboardInterrupt])
def test_a_load_failing_midway_leaves_the_graph_as_it_was(driver, tmp_path, failure):
    load_bundle(driver, SAMPLE)
    before = snapshot(driver)
    changed = tmp_path / "changed"
    shutil.copytree(SAMPLE, changed)
    with (changed / "persons.csv").open("a", encoding="utf-8") as f:
        f.write("P901,Late Addition,,NO,citizen\n")
    bundle = read_bundle(changed, known_ids=graph_known_ids(driver))
    batches: list[str] = []

    def fail_after_some_batches(table: str, done: int) -> None:
        batches.append(table)
        if table == "links":  # cases, persons, businesses and roles are already written
            raise failure()

    with pytest.raises(failure):
        write_bundle(driver, bundle, sealer=configured_sealer(), batch_size=3, progress=fail_after_some_batches)
    assert "persons" in batches and "roles" in batches
    assert snapshot(driver) == before


def test_a_load_whose_transaction_is_killed_leaves_the_graph_as_it_was(driver, tmp_path):
    load_bundle(driver, SAMPLE)
    before = snapshot(driver)
    bundle = read_bundle(_renamed_bundle(tmp_path), known_ids=graph_known_ids(driver))

    def terminate_the_load(table: str, done: int) -> None:
        if table == "roles":  # as an administrator (or a dying server) would
            records, _, _ = driver.execute_query(
                "SHOW TRANSACTIONS YIELD transactionId, currentQuery "
                "WHERE NOT currentQuery CONTAINS 'SHOW TRANSACTIONS' RETURN transactionId"
            )
            ids = [r["transactionId"] for r in records]
            assert ids, "the load's transaction should be visible"
            driver.execute_query("TERMINATE TRANSACTIONS $ids", ids=ids)

    with pytest.raises(Neo4jError):
        write_bundle(driver, bundle, sealer=configured_sealer(), batch_size=3, progress=terminate_the_load)
    assert snapshot(driver) == before


def test_a_load_survives_neo4j_being_killed_midway(tmp_path, monkeypatch, empty_store):
    """SIGKILL the database mid-load, start it again on the same files: the old graph, intact."""
    copy_store(empty_store[0], tmp_path / "db")  # the session's empty store: no new store made
    db = LocalNeo4j(Settings(), tmp_path / "db", free_port())
    db.start()
    # A managed transaction whose server is gone is retried for the driver's whole
    # max_transaction_retry_time (30 s) against a closed port; the first failure is the one to see.
    real_driver = graph_db.GraphDatabase.driver
    monkeypatch.setattr(graph_db.GraphDatabase, "driver",
                        lambda *a, **k: real_driver(*a, max_transaction_retry_time=0, **k))
    try:
        with connect(Settings(), uri=db.uri) as drv:
            apply_schema(drv)
            load_bundle(drv, SAMPLE)
            before = snapshot(drv)
            bundle = read_bundle(_renamed_bundle(tmp_path), known_ids=graph_known_ids(drv))

            def kill_the_database(table: str, done: int) -> None:
                if table == "roles":
                    db.process.kill()
                    db.process.wait()

            with pytest.raises((Neo4jError, DriverError)):
                write_bundle(drv, bundle, sealer=configured_sealer(), batch_size=3, progress=kill_the_database)
        db.start()
        with connect(Settings(), uri=db.uri) as drv:
            assert snapshot(drv) == before
    finally:
        db.stop()


def _renamed_bundle(tmp_path: Path) -> Path:
    changed = tmp_path / "renamed"
    shutil.copytree(SAMPLE, changed)
    text = (changed / "persons.csv").read_text(encoding="utf-8")
    assert "Arvid Lunde" in text
    (changed / "persons.csv").write_text(text.replace("Arvid Lunde", "Arvid Renamed"), encoding="utf-8")
    return changed
