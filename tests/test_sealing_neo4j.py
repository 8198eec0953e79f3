"""Victims' identifying values never sit in the graph in clear text (real Neo4j).

What a Cypher query, a notebook or a dump could read is searched for every victim's values
as the bundle gave them; the same search finds suspects' values, so it is not blind.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.victims import read_victims
from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.schema import apply_schema
from graph.sealing import Sealer, SealingError, new_key, parse_key, sealer_for
from graph.settings import Settings, get_settings
from ingest.bundle import read_bundle
from ingest.writer import load_bundle
from tests.graph_snapshot import snapshot
from tests.paths import SAMPLE


def _values(path: Path) -> tuple[dict[str, set[str]], set[str]]:
    """Per person, the identifying values the bundle gives; and the ids of its victims."""
    bundle = read_bundle(path)
    victims = {r.person_id for r in bundle.rows("roles") if r.role == "victim"}
    values: dict[str, set[str]] = {}
    for p in bundle.rows("persons"):
        values.setdefault(p.person_id, set()).update(
            v for v in (p.name, p.birth_date and p.birth_date.isoformat()) if v)
    for i in bundle.rows("identifiers"):
        values.setdefault(i.owner_id, set()).update({i.value, i.raw_value})
    return values, victims


def _free_text(path: Path) -> set[str]:
    bundle = read_bundle(path)
    return ({e.description for e in bundle.rows("evidence") if e.description}
            | {l.note for l in bundle.rows("links") if l.note})


def _graph_text(driver) -> str:
    return "\n".join(snapshot(driver))


def test_no_victim_value_and_no_free_text_is_readable_in_the_graph(driver) -> None:
    load_bundle(driver, SAMPLE)
    text = _graph_text(driver)
    values, victims = _values(SAMPLE)
    assert len(victims) >= 5
    shared = set().union(*(values[p] for p in values if p not in victims))
    for pid in victims:
        for value in values[pid] - shared:  # a victim's phone a suspect also holds counts as the victim's
            assert json.dumps(value)[1:-1] not in text, (pid, value)
    for note in _free_text(SAMPLE):
        assert json.dumps(note)[1:-1] not in text, note
    # Not blind: suspects' names and identifiers are there in clear.
    assert '"Arvid Lunde"' in text and "+4790511223" in text


def test_the_api_opens_every_victim_value_with_the_key(driver) -> None:
    load_bundle(driver, SAMPLE)
    values, victims = _values(SAMPLE)
    opened = {v.person_id: v for v in read_victims(driver, None, sealer_for(Settings()))}
    assert set(opened) == victims
    for pid in victims:
        v = opened[pid]
        found = {v.name, v.birth_date} | {x for _, value, spellings in v.identifiers for x in (value, *spellings)}
        assert values[pid] <= found, (pid, values[pid] - found)


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


CASE = {"case_id": "NO-TEST", "title": "Sealing test", "jurisdiction": "NO"}


def test_a_person_made_a_victim_later_is_sealed_in_that_load(driver, tmp_path) -> None:
    first = _write(tmp_path / "first.json", {
        "cases": [CASE],
        "persons": [{"person_id": "X1", "name": "Nadiya Kovalenko-Hrytsenko", "birth_date": "1999-04-05"},
                    {"person_id": "S1", "name": "Suspect Person"}],
        "roles": [{"case_id": "NO-TEST", "person_id": "X1", "role": "witness"},
                  {"case_id": "NO-TEST", "person_id": "S1", "role": "suspect"}],
        "identifiers": [{"owner_id": "X1", "kind": "phone", "value": "+47 412 34 567"},
                        {"owner_id": "S1", "kind": "phone", "value": "412 34 567"},
                        {"owner_id": "S1", "kind": "email", "value": "suspect@example.no"}],
    })
    load_bundle(driver, first)
    before = _graph_text(driver)
    assert "Nadiya Kovalenko-Hrytsenko" in before and "+4741234567" in before  # a witness: in clear
    second = _write(tmp_path / "second.json", {
        "cases": [CASE], "persons": [{"person_id": "S2", "name": "Another Suspect"}],
        "roles": [{"case_id": "NO-TEST", "person_id": "X1", "role": "victim"}]})
    load_bundle(driver, second)
    after = _graph_text(driver)
    for value in ("Nadiya", "Kovalenko", "1999-04-05", "+4741234567", "412 34 567", "+47 412 34 567"):
        assert value not in after, value
    assert "Suspect Person" in after and "suspect@example.no" in after
    [victim] = read_victims(driver, None, sealer_for(Settings()))
    assert victim.name == "Nadiya Kovalenko-Hrytsenko" and victim.birth_date == "1999-04-05"
    assert victim.identifiers == (("phone", "+4741234567", ("+47 412 34 567", "412 34 567")),)


def test_a_load_under_another_key_is_refused_and_writes_nothing(driver) -> None:
    load_bundle(driver, SAMPLE)
    before = snapshot(driver)
    other = Sealer.from_key(parse_key(new_key()))
    with pytest.raises(SealingError, match=f"the configured key is {other.key_id}"):
        load_bundle(driver, SAMPLE, sealer=other)
    assert snapshot(driver) == before


def test_no_victim_value_reaches_the_database_files(tmp_path) -> None:
    """The store and the transaction logs: clear values set and sealed inside one transaction never land."""
    victim_name = "Kateryna Oleksiivna Shevchenko-Bondarenko Victim"
    suspect_name = "Bartholomew Alexander Fitzgerald-Whitmore Suspect"
    note = "Drove Kateryna Oleksiivna Shevchenko-Bondarenko to the flat every night"
    bundle = _write(tmp_path / "bundle.json", {
        "cases": [CASE],
        "persons": [{"person_id": "V1", "name": victim_name}, {"person_id": "S1", "name": suspect_name}],
        "roles": [{"case_id": "NO-TEST", "person_id": "V1", "role": "victim"},
                  {"case_id": "NO-TEST", "person_id": "S1", "role": "suspect"}],
        "links": [{"source_id": "S1", "type": "TRANSPORTED", "target_id": "V1", "case_id": "NO-TEST", "note": note}],
    })
    db = LocalNeo4j(Settings(), tmp_path / "db", free_port())
    db.start()
    try:
        with connect(Settings(), uri=db.uri) as drv:
            apply_schema(drv)
            load_bundle(drv, bundle)
    finally:
        db.stop()
    files = [p for p in (tmp_path / "db").rglob("*") if p.is_file()]
    data = b"".join(p.read_bytes() for p in files)
    # Long strings are stored as they are (short ones may be packed): the suspect's name proves it.
    assert suspect_name.encode() in data
    for secret in (victim_name, "Shevchenko-Bondarenko", note):
        assert secret.encode() not in data and secret.encode("utf-16-le") not in data, secret


def test_keys_new_prints_a_usable_key(cli) -> None:
    code, out, _ = cli("keys", "new")
    assert code == 0 and Sealer.from_key(parse_key(out.strip())).key_id


def test_keys_check_compares_the_configured_key_with_the_graphs(cli, driver, monkeypatch) -> None:
    code, out, _ = cli("keys", "check")
    assert code == 0 and "nothing sealed yet" in out
    load_bundle(driver, SAMPLE)
    mine = sealer_for(Settings()).key_id
    code, out, _ = cli("keys", "check")
    assert code == 0 and f"Configured key: {mine}. Graph: {mine}." in out
    monkeypatch.setenv("THBGRAPH_VICTIM_DATA_KEY", new_key())
    get_settings.cache_clear()
    code, out, _ = cli("keys", "check")
    assert code == 1 and "sealed under another key" in out


def test_loading_into_a_server_without_the_key_fails_clearly(cli, driver, monkeypatch) -> None:
    monkeypatch.delenv("THBGRAPH_VICTIM_DATA_KEY")
    get_settings.cache_clear()
    code, _, err = cli("load", str(SAMPLE))
    assert code != 0 and "THBGRAPH_VICTIM_DATA_KEY is not set" in err
    assert snapshot(driver) == []
