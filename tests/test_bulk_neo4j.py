"""`thbgraph load --initial`: neo4j-admin database import into an empty local database.

The proof that the bulk path writes what the loader writes: the sample imported one way and
loaded the other give the same graph, node for node and property for property (victims'
values sealed alike, `minor` marked alike), and the same schema.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest
from neo4j import Driver

from graph.schema import apply_schema, describe_schema
from graph.sealing import sealer_for
from graph.settings import Settings
from ingest import bulk
from ingest.bulk import WORK_PREFIX, BulkLoadRefused, _import, import_bundle
from ingest.writer import LoadReport, load_bundle
from tests.graph_snapshot import snapshot
from tests.paths import SAMPLE
from tests.store_picture import copy_store, picture


@pytest.fixture(scope="module")
def imported_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadReport, tuple[list[str], dict]]:
    """The sample imported once into a new database, with its picture: the two tests that use it only
    read it (an import, a schema start and a picture start less than one each).

    The picture is taken while the imported store runs for its schema, a JVM start less than a start
    of its own; the refusal test's picture of `data_dir` afterwards, from a start on the swapped-in
    store, must equal it."""
    data_dir = tmp_path_factory.mktemp("imported") / "db"
    pictured: list[tuple[list[str], dict]] = []

    def schema_then_picture(driver: Driver) -> None:
        apply_schema(driver)
        pictured.append((snapshot(driver), describe_schema(driver)))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk, "apply_schema", schema_then_picture)
        report = import_bundle(Settings(), data_dir, SAMPLE, sealer_for(Settings()))
    return data_dir, report, pictured[0]


def test_the_imported_sample_is_the_loaded_sample(driver, imported_sample):
    load_bundle(driver, SAMPLE)
    loaded = snapshot(driver), describe_schema(driver)
    _, report, imported = imported_sample
    assert report.written and report.counts["persons"] == 19
    assert imported[1] == loaded[1]
    assert imported[0] == loaded[0]
    assert any('"minor": true' in row for row in imported[0]) and any("name_enc" in row for row in imported[0])


def test_a_database_with_data_is_refused_and_kept(imported_sample):
    data_dir, _, before = imported_sample
    assert before[0], "the imported sample holds nothing"
    with pytest.raises(BulkLoadRefused, match=r"is not empty \(\d+ nodes\).*without --initial"):
        import_bundle(Settings(), data_dir, SAMPLE, sealer_for(Settings()))
    assert picture(data_dir) == before


def test_an_import_failing_midway_leaves_the_database_as_it_was(tmp_path, empty_store):
    # An empty database that has run (schema only), then an import the importer gives up on
    # after reading its nodes: a relationship to a node no file defines.
    data_dir = tmp_path / "db"
    copy_store(empty_store[0], data_dir)
    before = empty_store[1]
    (tmp_path / "p.csv").write_text("person_id:ID(Entity),name\nP1,Ann\n")
    (tmp_path / "r.csv").write_text(":START_ID(Entity),:END_ID(Entity)\nP1,P2\n")
    runtime = __import__("graph.runtime", fromlist=["ensure_runtime"]).ensure_runtime(Settings())
    work = data_dir / f"{WORK_PREFIX}failed"
    work.mkdir()
    with pytest.raises(Exception, match="neo4j-admin database import failed"):
        _import(Settings(), runtime, work, [f"Person={tmp_path / 'p.csv'}"], [f"KNOWS={tmp_path / 'r.csv'}"])
    assert picture(data_dir) == before == ([], before[1])


def test_the_cli_refuses_initial_while_the_local_runtime_serves_nothing_else(cli, tmp_path, monkeypatch):
    # The tests' database is a server to --initial (NEO4J_URI is set for the CLI): refused, clearly.
    code, _, err = cli("load", "--initial", str(SAMPLE))
    assert code != 0 and "--initial writes the store files of the local runtime" in err


def test_a_second_initial_load_into_the_same_folder_is_refused(tmp_path):
    # The lock another --initial load holds (its process's: it goes when that process dies).
    data_dir = tmp_path / "db"
    data_dir.mkdir()
    with (data_dir / ".initial-load.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BulkLoadRefused, match="another --initial load into .* is running"):
            import_bundle(Settings(), data_dir, SAMPLE, sealer_for(Settings()))
    assert sorted(p.name for p in data_dir.iterdir()) == [".initial-load.lock"]
