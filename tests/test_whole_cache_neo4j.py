"""The whole database's arrays kept in THBGRAPH_HOME (`queries.network.whole_cache`): the same
ranking as reading the database, and never a stale one once the graph has changed."""

from __future__ import annotations

import csv
import stat

import numpy as np
import pytest

from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.key_persons.rank_all import rank_whole_database
from queries.network.whole_cache import FILE, graph_version, read_whole_graph_kept
from queries.network.whole_graph import read_whole_graph
from tests.paths import SAMPLE


def ranked(driver, path=None, said=None) -> dict:
    return rank_whole_database(driver, top=None, kept=path, progress=(said.append if said is not None else None)).to_dict()


def from_file(said: list[str]) -> bool:
    read = any(line.startswith("reading links: nodes") for line in said)
    kept = any("read from" in line and "has not changed" in line for line in said)
    assert read != kept, said
    return kept


def test_kept_arrays_rank_as_the_database_does_and_any_write_is_seen(sample_loaded, tmp_path):
    driver, path = sample_loaded, tmp_path / FILE
    fresh = ranked(driver)
    said: list[str] = []
    assert ranked(driver, path, said) == fresh and not from_file(said)  # read, then kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    said = []
    assert ranked(driver, path, said) == fresh and from_file(said)  # the same graph: from the file

    # A write that changes no count (a payment's amount): the file is stale all the same.
    driver.execute_query("MATCH ()-[r:PAID]->() WITH r LIMIT 1 SET r.amount = r.amount * 1000 + 1")
    said = []
    after_amount = ranked(driver, path, said)
    assert not from_file(said) and after_amount == ranked(driver)
    said = []
    assert ranked(driver, path, said) == after_amount and from_file(said)

    # The top person's links gone: a new ranking, read from the database, not the file's.
    top = after_amount["ranking"][0]["person_id"]
    driver.execute_query("MATCH (p:Person {person_id: $id})-[r]-() WHERE r.link_id IS NOT NULL DELETE r", id=top)
    said = []
    after_delete = ranked(driver, path, said)
    assert not from_file(said)
    assert after_delete == ranked(driver) and after_delete != after_amount
    assert after_delete["ranking"][0]["person_id"] != top


def test_the_file_holds_no_name(sample_loaded, tmp_path):
    path = tmp_path / FILE
    ranked(sample_loaded, path)
    data = path.read_bytes()
    with (SAMPLE / "persons.csv").open(newline="") as f:
        names = [row["name"] for row in csv.DictReader(f) if row.get("name")]
    assert names
    for name in names:  # victims' and everyone else's: the file holds ids and numbers
        assert name.encode() not in data, name
    with np.load(path, allow_pickle=False) as f:
        assert "person_ids" in f.files  # readable without pickles


def test_kept_arrays_equal_the_read_ones_on_a_generated_database(driver, tmp_path):
    bundle = tmp_path / "bundle"
    generate_bundle(bundle, persons=2_000, seed=11)
    load_bundle(driver, bundle)
    path = tmp_path / FILE
    fresh = read_whole_graph(driver)
    read_whole_graph_kept(driver, None, path)
    said: list[str] = []
    kept = read_whole_graph_kept(driver, None, path, said.append)
    assert from_file(said)
    assert kept.person_ids == fresh.person_ids and kept.business_ids == fresh.business_ids
    for field in ("victim", "source", "target", "kind", "amount", "evidence"):
        a, b = getattr(kept, field), getattr(fresh, field)
        assert a.dtype == b.dtype and a.tolist() == b.tolist(), field
    assert [g.tolist() for g in kept.identifier_groups] == [g.tolist() for g in fresh.identifier_groups]
    assert kept.oversized_identifiers == fresh.oversized_identifiers
    assert ranked(driver, path) == ranked(driver)


def test_a_version_names_the_store_and_its_last_transaction(driver):
    before = graph_version(driver)
    assert before is not None and graph_version(driver) == before  # reading changes nothing
    driver.execute_query("CREATE (:Person {person_id: 'P-version'})")
    assert graph_version(driver) != before


def test_a_damaged_or_other_file_is_read_afresh(sample_loaded, tmp_path):
    path = tmp_path / FILE
    path.write_bytes(b"not a numpy file")
    said: list[str] = []
    fresh = ranked(sample_loaded)
    assert ranked(sample_loaded, path, said) == fresh and not from_file(said)
    said = []
    assert ranked(sample_loaded, path, said) == fresh and from_file(said)


@pytest.mark.parametrize("engine", ["python"])
def test_cli_all_keeps_the_arrays_in_its_home(sample_read_only, cli, tmp_path, monkeypatch, engine):
    from graph.settings import get_settings

    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path))
    get_settings.cache_clear()
    code, first, err = cli("key-persons", "--all", "--engine", engine, "--format", "json")
    assert code == 0, err
    assert "reading links: nodes" in err and (tmp_path / FILE).exists()
    code, second, err = cli("key-persons", "--all", "--engine", engine, "--format", "json")
    assert code == 0, err
    assert "reading links: nodes" not in err and "has not changed" in err
    assert second == first


def test_neo4j_starts_warm_up_runs_and_writes_nothing(sample_read_only, neo4j_uri, monkeypatch):
    # `thbgraph neo4j start` spawns the warm-up (cli.runtime._warm_up): run the very command it spawns.
    import subprocess

    from cli.runtime import _warm_up
    from tests.paths import ROOT

    spawned = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kw: spawned.append((args, kw)))
    _warm_up(neo4j_uri)
    (args, kw), = spawned
    assert kw["start_new_session"] and kw["stdout"] is subprocess.DEVNULL
    monkeypatch.undo()
    before = graph_version(sample_read_only)
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert graph_version(sample_read_only) == before


def test_the_warm_up_replays_what_the_last_run_projected(sample_loaded, tmp_path):
    from queries.key_persons.warm_up import SHOWN_FILE, warm_up

    assert warm_up(sample_loaded, home=tmp_path) == "the first 19 persons"  # nothing noted yet
    before = graph_version(sample_loaded)
    ranked(sample_loaded, tmp_path / FILE)
    note = tmp_path / SHOWN_FILE
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    with (SAMPLE / "persons.csv").open(newline="") as f:
        persons = {row["person_id"]: row["name"] for row in csv.DictReader(f)}
    text = note.read_text()
    assert all(name not in text for name in persons.values() if name)  # ids only
    assert warm_up(sample_loaded, home=tmp_path) == "the persons shown last"
    assert graph_version(sample_loaded) == before
