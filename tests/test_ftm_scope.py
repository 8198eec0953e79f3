"""Probe 3, finding 1: an FtM file's ids are the partner's, never the graph's.

Every id an FtM file names is namespaced to the case it is loaded into, so a file naming the
ids of persons, businesses or evidence of other cases (or of the target case) writes new
records and leaves the others as they were: no value overwritten, no role or link tying them
into the loader's case. A dry run and a load both say which FtM ids were also ids of the graph.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import Driver

from ingest.ftm_load import load_ftm
from tests.graph_snapshot import snapshot

pytestmark = pytest.mark.neo4j
CASE = "XX-PARTNER"


def _existing(driver: Driver) -> tuple[list[str], list[str], list[str]]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (p:Person) RETURN collect(p.person_id) AS persons } "
        "CALL () { MATCH (b:Business) RETURN collect(b.business_id) AS businesses } "
        "CALL () { MATCH (e:Evidence) RETURN collect(e.evidence_id) AS evidence } "
        "RETURN persons, businesses, evidence")
    r = records[0]
    return sorted(r["persons"]), sorted(r["businesses"]), sorted(r["evidence"])


def _file(path: Path, persons: list[str], businesses: list[str], evidence: list[str]) -> Path:
    """Every id of the graph reused: persons (renamed, dated), businesses, and edges between them."""
    rows = [{"id": p, "schema": "Person", "properties": {"name": [f"Partner name {n}"], "birthDate": ["1970-01-01"],
                                                         "phone": [f"+4790000{n:03d}"]}}
            for n, p in enumerate(persons)]
    rows += [{"id": b, "schema": "Company", "properties": {"name": [f"Partner company {n}"]}}
             for n, b in enumerate(businesses)]
    rows += [{"id": e, "schema": "Person", "properties": {"name": [f"Evidence-id person {n}"]}}
             for n, e in enumerate(evidence) if e not in persons and e not in businesses]
    rows += [{"id": f"own-{n}", "schema": "Ownership", "properties": {"owner": [p], "asset": [b]}}
             for n, (p, b) in enumerate(zip(persons, businesses))]
    rows += [{"id": f"fam-{n}", "schema": "Family", "properties": {"person": [a], "relative": [b]}}
             for n, (a, b) in enumerate(zip(persons, persons[1:]))]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _records(driver: Driver, ids: list[str]) -> list[str]:
    """Each record of these ids as it stands: its values and every relationship, in or out."""
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE coalesce(n.person_id, n.business_id, n.evidence_id) IN $ids "
        "RETURN properties(n) AS props, [(n)-[r]-(m) | [type(r), startNode(r) = n, properties(r), "
        "coalesce(m.person_id, m.business_id, m.evidence_id, m.case_id, m.identifier_id, m.ftm_key)]] AS rels",
        ids=ids)
    return sorted(json.dumps([r["props"], sorted(map(str, r["rels"]))], sort_keys=True, default=str)
                  for r in records)


def test_an_ftm_file_naming_other_records_ids_leaves_them_untouched(sample_loaded: Driver, tmp_path: Path) -> None:
    persons, businesses, evidence = _existing(sample_loaded)
    assert persons and businesses and evidence
    file = _file(tmp_path / "partner.ftm.json", persons, businesses, evidence)
    before, every = snapshot(sample_loaded), persons + businesses + evidence
    records_before = _records(sample_loaded, every)
    dry = load_ftm(sample_loaded, file, CASE, default_role="witness", title="Partner", jurisdiction="NO",
                   dry_run=True)
    assert not dry.written and snapshot(sample_loaded) == before
    report = load_ftm(sample_loaded, file, CASE, default_role="witness", title="Partner", jurisdiction="NO")
    assert report.written
    assert _records(sample_loaded, every) == records_before  # every record that was there, exactly as it was
    records, _, _ = sample_loaded.execute_query(
        "MATCH (p:Person)-[:ROLE_IN]->(:Case {case_id: $case}) RETURN collect(p.person_id) AS ids", case=CASE)
    ids = records[0]["ids"]
    assert len(ids) == len(set(persons) | (set(evidence) - set(businesses))) and not set(ids) & set(every)
    # The dry run and the load say which ids of the file are also ids of the graph: each, and no other.
    assert sorted(dry.collisions) == sorted(report.collisions) == sorted(set(every))


def test_a_reload_of_the_same_file_updates_its_own_records(driver: Driver, tmp_path: Path) -> None:
    first = tmp_path / "a.ftm.json"
    first.write_text(json.dumps({"id": "per-1", "schema": "Person", "properties": {"name": ["Ana Pop"]}}) + "\n",
                     encoding="utf-8")
    load_ftm(driver, first, CASE, default_role="witness", title="Partner", jurisdiction="NO")
    first.write_text(json.dumps({"id": "per-1", "schema": "Person", "properties": {"name": ["Ana Popescu"]}}) + "\n",
                     encoding="utf-8")
    report = load_ftm(driver, first, CASE, default_role="witness")
    assert report.collisions == []  # its own earlier record is not a collision
    records, _, _ = driver.execute_query("MATCH (p:Person) RETURN collect(p.name) AS names")
    assert records[0]["names"] == ["Ana Popescu"]


def test_a_namespaced_id_held_outside_the_case_is_refused(sample_loaded: Driver, tmp_path: Path) -> None:
    """Even an id made to look like the namespace (a bundle can name anything) is not written over."""
    from ingest.errors import BundleInvalid
    from ingest.ftm_load import ftm_graph_id

    taken = ftm_graph_id(CASE, "per-x")
    sample_loaded.execute_query("MATCH (c:Case {case_id: 'NO-GLANS'}) "
                                "CREATE (:Person {person_id: $id, name: 'Kept'})-[:ROLE_IN {role: 'witness'}]->(c)",
                                id=taken)
    file = tmp_path / "x.ftm.json"
    file.write_text(json.dumps({"id": "per-x", "schema": "Person", "properties": {"name": ["Other"]}}) + "\n",
                    encoding="utf-8")
    before = snapshot(sample_loaded)
    for dry_run in (True, False):
        with pytest.raises(BundleInvalid, match="outside"):
            load_ftm(sample_loaded, file, CASE, default_role="witness", title="Partner", jurisdiction="NO",
                     dry_run=dry_run)
    assert snapshot(sample_loaded) == before


def test_cli_dry_run_reports_the_collision(sample_loaded: Driver, cli, tmp_path: Path) -> None:
    persons, _, _ = _existing(sample_loaded)
    file = tmp_path / "c.ftm.json"
    file.write_text(json.dumps({"id": persons[-1], "schema": "Person", "properties": {"name": ["B. Other"]}}) + "\n",
                    encoding="utf-8")
    code, out, err = cli("load", str(file), "--case", "NO-GLANS", "--default-role", "witness", "--dry-run")
    assert code == 0, err
    assert f"{persons[-1]} is also an id in the graph" in out, out


def test_a_malformed_file_is_problems_at_its_lines(tmp_path: Path) -> None:
    """Probe 3, finding 15: a line nested 100k deep crashed the load; a NUL or a bidi override in an id passed."""
    from ingest.errors import BundleInvalid
    from ingest.ftm import read_entities

    file = tmp_path / "bad.ftm.json"
    rows = ["[" * 100_000 + "]" * 100_000,
            json.dumps({"id": "per\u0000x", "schema": "Person", "properties": {"name": ["A"]}}),
            json.dumps({"id": "per\u202ex", "schema": "Person", "properties": {"name": ["B"]}}),
            json.dumps({"id": "per-ok", "schema": "Person", "properties": {"name": ["C"]}})]
    file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BundleInvalid) as caught:
        read_entities(file)
    assert [(e.line, e.field) for e in caught.value.errors] == [(1, None), (2, "id"), (3, "id")], caught.value
