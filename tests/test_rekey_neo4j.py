"""`thbgraph keys rotate`: the graph re-sealed under a new key, all or nothing, against the real Neo4j."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from neo4j import Driver

from service.victims import read_victims
from graph.settings import get_settings
from graph.sealing import Sealer, SealingError, new_key, parse_key, replace_key_file
from graph.rekey import rekey
from ingest.writer import load_bundle
from tests.conftest import wipe
from tests.graph_snapshot import snapshot
from tests.paths import SAMPLE


def _sealer(key: str) -> Sealer:
    return Sealer.from_key(parse_key(key))


def test_a_rotated_graph_is_the_graph_the_new_key_would_have_written(driver: Driver) -> None:
    old, new = _sealer(new_key()), _sealer(new_key())
    load_bundle(driver, SAMPLE, sealer=new)
    expected, victims = snapshot(driver), sorted(read_victims(driver, None, new), key=lambda v: v.person_id)
    wipe(driver)
    load_bundle(driver, SAMPLE, sealer=old)
    before = snapshot(driver)
    report = rekey(driver, None, old, new, batch_size=7)  # small batches: several per kind
    assert snapshot(driver) == expected
    assert before != expected
    assert sorted(read_victims(driver, None, new), key=lambda v: v.person_id) == victims
    assert report.persons and report.identifiers and report.spellings and report.evidence and report.notes
    with pytest.raises(SealingError, match="sealed under key"):
        load_bundle(driver, SAMPLE, sealer=old)
    load_bundle(driver, SAMPLE, sealer=new)  # later loads under the new key find the same nodes
    assert snapshot(driver) == expected


def test_a_value_that_does_not_open_stops_the_rotation_and_changes_nothing(driver: Driver) -> None:
    old, new = _sealer(new_key()), _sealer(new_key())
    load_bundle(driver, SAMPLE, sealer=old)
    # One evidence description moved onto another record: it no longer opens there.
    driver.execute_query("MATCH (a:Evidence {evidence_id: 'E0001'}), (b:Evidence {evidence_id: 'E0002'}) "
                         "SET b.description_enc = a.description_enc")
    before = snapshot(driver)
    with pytest.raises(SealingError, match="description of E0002: does not open"):
        rekey(driver, None, old, new)
    assert snapshot(driver) == before


def test_rotation_refuses_the_wrong_key_the_same_key_and_an_unsealed_graph(driver: Driver) -> None:
    old, new, third = _sealer(new_key()), _sealer(new_key()), _sealer(new_key())
    with pytest.raises(SealingError, match="nothing is sealed"):
        rekey(driver, None, old, new)
    load_bundle(driver, SAMPLE, sealer=old)
    before = snapshot(driver)
    with pytest.raises(SealingError, match="sealed under key"):
        rekey(driver, None, third, new)
    with pytest.raises(SealingError, match="the new key is the current key"):
        rekey(driver, None, old, old)
    assert snapshot(driver) == before


def test_keys_rotate_command(cli, driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    old, new = os.environ["THBGRAPH_VICTIM_DATA_KEY"], new_key()
    load_bundle(driver, SAMPLE, sealer=_sealer(old))
    code, _, err = cli("keys", "rotate")
    assert code == 1 and "THBGRAPH_NEW_VICTIM_DATA_KEY is not set" in err, err
    monkeypatch.setenv("THBGRAPH_NEW_VICTIM_DATA_KEY", new)
    code, out, err = cli("keys", "rotate")
    assert code == 0 and f"Re-sealed under key {_sealer(new).key_id}" in out and "set THBGRAPH_VICTIM_DATA_KEY" in out, \
        out + err
    code, out, _ = cli("keys", "check")
    assert code == 1 and "sealed under another key" in out, out
    monkeypatch.setenv("THBGRAPH_VICTIM_DATA_KEY", new)
    get_settings.cache_clear()
    code, out, _ = cli("keys", "check")
    assert code == 0, out


def test_the_key_file_is_replaced_whole(tmp_path: Path) -> None:
    path, key = tmp_path / "victim-data.key", new_key()
    path.write_text(new_key() + "\n")
    replace_key_file(path, key)
    assert path.read_text().strip() == key and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["victim-data.key"]
    with pytest.raises(SealingError):
        replace_key_file(path, "not a key")
    assert path.read_text().strip() == key
