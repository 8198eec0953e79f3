"""FtM import and export against a real Neo4j: entities made with the followthemoney library itself."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from followthemoney import model
from neo4j import Driver

from graph.sealing import Sealer, SealingError, new_key, parse_key, sealer_for
from graph.settings import get_settings
from service.redact import VICTIM_PREFIX
from ingest.errors import BundleInvalid
from ingest.ftm_export import export_case
from ingest.ftm_load import ftm_graph_id, load_ftm
from graph.rekey import rekey
from tests.graph_snapshot import snapshot

pytestmark = pytest.mark.neo4j
CASE = "FTM-ALEPH"


def _entity(schema: str, id_: str, **props: object) -> dict:
    e = model.make_entity(schema)
    e.id = id_
    for prop, values in props.items():
        for value in values if isinstance(values, list) else [values]:
            e.add(prop, value)
    return e.to_dict()


def entities() -> list[dict]:
    return [
        _entity("Person", "per-kovalenko", name=["Oleksandr Kovalenko", "Александр Коваленко"], birthDate="1984-03",
                nationality="ua", phone="+380 44 123 4567", email="o.kovalenko@example.com",
                passportNumber="FX 402117", addressEntity="addr-1"),
        _entity("Person", "per-victim", name="Iryna Savchenko", birthDate="2001-06-14", nationality="ua",
                phone="+380 67 555 0101"),
        _entity("Company", "co-glans", name="Glans Bilvask AS", registrationNumber="918 334 102", jurisdiction="no"),
        _entity("Address", "addr-1", full="Strandgata 21, 4005 Stavanger", country="no"),
        _entity("Passport", "pass-1", holder="per-victim", number="EK123456", country="ua"),
        _entity("Ownership", "own-1", owner="per-kovalenko", asset="co-glans", startDate="2019-01",
                percentage="100"),
        _entity("Directorship", "dir-1", director="per-kovalenko", organization="co-glans",
                startDate="2019-02-01", role="Chair"),
        _entity("Employment", "emp-1", employee="per-victim", employer="co-glans", startDate="2023-04-01"),
        _entity("Payment", "pay-1", payer="co-glans", beneficiary="per-victim", amount="5000", currency="NOK",
                date="2023-05-02", purpose="wages Iryna Savchenko May"),
        _entity("Family", "fam-1", person="per-kovalenko", relative="per-victim", relationship="cousin"),
        _entity("Trip", "trip-1", startDate="2023-03-30", involved="per-victim", summary="Kyiv to Oslo by bus"),
    ]


def write(path: Path, rows: list[dict | str]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def roles(path: Path) -> Path:
    path.write_text("id,role\nper-kovalenko,suspect\nper-victim,victim\n", encoding="utf-8")
    return path


def as_sets(entity: dict) -> tuple[str, str, dict[str, set[str]]]:
    return entity["id"], entity["schema"], {k: set(v) for k, v in entity["properties"].items()}


def test_ftm_loads_onto_the_case_and_exports_back_to_the_same_entities(driver: Driver, tmp_path: Path) -> None:
    made = entities()
    file = write(tmp_path / "aleph.ftm.json", made)
    report = load_ftm(driver, file, CASE, roles=roles(tmp_path / "roles.csv"), title="From Aleph", jurisdiction="NO")
    assert report.written and report.counts["persons"] == 2 and report.counts["businesses"] == 1
    assert report.counts["links"] == 5  # ownership, directorship, employment, payment, family
    assert [(p.id, p.schema) for p in report.not_placed] == [("trip-1", "Trip")]
    records, _, _ = driver.execute_query(
        "MATCH (p:Person {person_id: $id})-[r:ROLE_IN]->(:Case {case_id: $case}) "
        "RETURN p.name AS name, p.birth_date AS birth, r.role AS role, "
        "[(p)-[:HAS_IDENTIFIER]->(i) | i.kind + '=' + i.value] AS ids, "
        "[(p)-[l:OWNS]->(b:Business) | b.business_id] AS owns", case=CASE, id=ftm_graph_id(CASE, "per-kovalenko"))
    row = records[0]
    assert (row["name"], row["birth"], row["role"]) == ("Oleksandr Kovalenko", None, "suspect")  # month: kept in FtM
    assert set(row["ids"]) >= {"phone=+380441234567", "passport=FX402117", "address=strandgata 21, 4005 stavanger"}
    assert row["owns"] == [ftm_graph_id(CASE, "co-glans")]
    victim, _, _ = driver.execute_query("MATCH (p:Person {person_id: $id}) RETURN p.name AS name, "
                                        "p.name_enc IS NOT NULL AS sealed", id=ftm_graph_id(CASE, "per-victim"))
    assert victim[0].data() == {"name": None, "sealed": True}
    stored, _, _ = driver.execute_query("MATCH (e:FtmEntity) RETURN collect(e.properties_enc) AS p")
    assert not any("Savchenko" in p for p in stored[0]["p"])  # kept entities are sealed too
    exported = [x.entity for x in export_case(driver, None, CASE, sealer_for(get_settings()))]
    assert sorted(map(as_sets, exported), key=str) == sorted(map(as_sets, made), key=str)


def test_a_key_rotation_reseals_the_kept_entities(driver: Driver, tmp_path: Path) -> None:
    """After `keys rotate`, the case still exports back to the entities loaded: under the new key only."""
    old, new = (Sealer.from_key(parse_key(new_key())) for _ in range(2))
    made = entities()
    load_ftm(driver, write(tmp_path / "aleph.ftm.json", made), CASE, roles=roles(tmp_path / "roles.csv"),
             title="From Aleph", jurisdiction="NO", sealer=old)
    report = rekey(driver, None, old, new)
    assert report.ftm_entities == len(made)
    exported = [x.entity for x in export_case(driver, None, CASE, new)]
    assert sorted(map(as_sets, exported), key=str) == sorted(map(as_sets, made), key=str)
    with pytest.raises(SealingError):  # nothing is left under the retired key
        list(export_case(driver, None, CASE, old))


def test_export_of_a_bundle_case_derives_entities(sample_loaded: Driver) -> None:
    items = list(export_case(sample_loaded, None, "NO-GLANS", sealer_for(get_settings())))
    by_id = {i.entity["id"]: i for i in items}
    assert by_id["P001"].entity["schema"] == "Person" and "Arvid Lunde" in by_id["P001"].entity["properties"]["name"]
    assert by_id["P011"].victim and by_id["B001"].entity["schema"] == "Company"
    owns = [i.entity for i in items if i.entity["schema"] == "Ownership"]
    assert {"owner": ["P001"], "asset": ["B001"]}.items() <= owns[0]["properties"].items() or len(owns) > 1
    for item in items:  # every entity is valid FtM
        model.get_proxy(item.entity, cleaned=False)


def test_a_victim_of_another_case_is_a_victim_in_this_case_s_export(sample_loaded: Driver) -> None:
    # P011 is a victim in NO-GLANS (her values sealed) and, here, a witness in NO-NORDLYS: an export
    # of NO-NORDLYS must flag her a victim too, so that a pseudonymised export hides her.
    sample_loaded.execute_query(
        "MATCH (p:Person {person_id: $person}), (c:Case {case_id: $case}) MERGE (p)-[:ROLE_IN {role: 'witness'}]->(c)",
        person="P011", case="NO-NORDLYS")
    items = {i.entity["id"]: i for i in export_case(sample_loaded, None, "NO-NORDLYS", sealer_for(get_settings()))}
    assert items["P011"].victim, "a victim of another case was exported as a plain witness"
    assert not items["P020"].victim  # NO-NORDLYS's suspect: the flag is not set on everyone


def test_cli_export_pseudonymises_victims_unless_the_role_sees_them(driver: Driver, cli, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    load_ftm(driver, write(tmp_path / "a.ftm.json", entities()), CASE, roles=roles(tmp_path / "roles.csv"),
             title="From Aleph", jurisdiction="NO")
    monkeypatch.setenv("THBGRAPH_SECRET_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path))
    code, out, err = cli("export", "--case", CASE, "--format", "ftm")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert "Savchenko" not in out and "2001-06-14" not in out and "EK123456" not in out and "per-victim" not in out
    alias = next(e["id"] for e in lines if e["schema"] == "Person" and e["id"].startswith(VICTIM_PREFIX))
    assert next(e for e in lines if e["id"] == "emp-1")["properties"]["employee"] == [alias]
    from service.auth import Role, UserStore  # noqa: PLC0415
    from cli.service import _store_and_log  # noqa: PLC0415

    store, log = _store_and_log()
    assert isinstance(store, UserStore)
    store.add("kari", Role.investigator, [CASE])
    code, out, err = cli("export", "--case", CASE, "--as", "kari")
    assert code != 0 and "purpose" in err
    code, out, err = cli("export", "--case", CASE, "--as", "kari", "--purpose", "hand over to Europol")
    assert code == 0 and "Iryna Savchenko" in out, err
    assert [(r["user"], r["action"], r["records"]) for r in log.records()][-2:] == [
        ("cli:" + __import__("getpass").getuser(), "export-ftm", []), ("kari", "export-ftm", [ftm_graph_id(CASE, "per-victim")])]


def test_bad_ftm_is_refused_whole_with_line_and_property(sample_loaded: Driver, tmp_path: Path) -> None:
    before = snapshot(sample_loaded)
    rows: list[dict | str] = [
        _entity("Person", "per-a", name="Ana Pop"),
        "{not json",
        {"id": "x-1", "schema": "Spaceship", "properties": {}},
        {"id": "per-b", "schema": "Person", "properties": {"name": ["B"], "birthDate": ["yesterday"], "wings": ["2"]}},
        _entity("Person", "per-c", name="Ion Dima", phone="+40 733 218 904"),
    ]
    file = write(tmp_path / "bad.ftm.json", rows)
    with pytest.raises(BundleInvalid) as caught:
        load_ftm(sample_loaded, file, "NO-GLANS", default_role="suspect")
    found = {(e.line, e.field) for e in caught.value.errors}
    assert {(2, None), (3, "schema"), (4, "birthDate"), (4, "wings")} <= found, caught.value
    with pytest.raises(BundleInvalid) as caught:
        load_ftm(sample_loaded, write(tmp_path / "nr.ftm.json", rows[:1] + rows[4:]), "NO-GLANS")
    assert [(e.file, e.line, e.field) for e in caught.value.errors] == [("nr.ftm.json", 1, "role"),
                                                                       ("nr.ftm.json", 2, "role")]
    bad_passport = _entity("Person", "per-d", name="Dan Ursu", passportNumber="AB-12/34")
    with pytest.raises(BundleInvalid) as caught:  # the bundle's own checks, at the FtM line and property
        load_ftm(sample_loaded, write(tmp_path / "pp.ftm.json", rows[:1] + [bad_passport]), "NO-GLANS",
                 default_role="suspect")
    assert [(e.line, e.field) for e in caught.value.errors] == [(2, "passportNumber")], caught.value
    assert "not a passport number" in str(caught.value)
    with pytest.raises(BundleInvalid, match="not in the graph"):
        load_ftm(sample_loaded, write(tmp_path / "ok.ftm.json", rows[:1]), "NO-SUCH", default_role="suspect")
    assert snapshot(sample_loaded) == before


def test_cli_loads_ftm_onto_a_case_and_says_what_it_could_not_place(sample_loaded: Driver, cli,
                                                                    tmp_path: Path) -> None:
    file = write(tmp_path / "aleph.ftm.json", entities())
    code, out, err = cli("load", str(file))
    assert code != 0 and "give --case" in err
    code, out, err = cli("load", str(file), "--case", "NO-GLANS", "--dry-run")
    assert code != 0 and "line 1, field role: no role for per-kovalenko" in err, err
    code, out, err = cli("load", str(file), "--case", "NO-GLANS", "--roles", str(roles(tmp_path / "roles.csv")))
    assert code == 0, err
    assert "Loaded" in out and "2 persons" in out and "not placed: line 11, Trip trip-1" in out, out
    records, _, _ = sample_loaded.execute_query("MATCH (:Person {person_id: $id})-[r:ROLE_IN]->(c:Case) "
                                                "RETURN c.case_id AS case, r.role AS role",
                                                id=ftm_graph_id("NO-GLANS", "per-victim"))
    assert [r.data() for r in records] == [{"case": "NO-GLANS", "role": "victim"}]
