"""`load --initial` asks neo4j-admin for multi-line cells only when a cell holds a line break.

`--multiline-fields=true` makes the importer read each file on one thread (at a million persons
its relationship stage took 31 s so, 19 s without: docs/benchmarks.md), so both import-file
writers note whether any cell they wrote holds one (`ImportFiles.multiline`).
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from neo4j import Driver

from graph.schema import apply_schema
from graph.sealing import Sealer, new_key, parse_key
from graph.settings import Settings
from ingest import bulk
from ingest.bulk import import_bundle
from ingest.bulk_csv import write_import_files
from ingest.bulk_frames import write_frame_files
from ingest.bundle import read_bundle
from ingest.frames import read_frames
from rules import indicator_vocabulary

SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "sample"
TODAY = date(2026, 12, 7)
BROKEN_NAME = "Marius\nPopescu"  # P002, a suspect: his name is written in clear


def _bundle(tmp_path: Path, *, line_break: bool) -> Path:
    bundle = tmp_path / "bundle"
    shutil.copytree(SAMPLE, bundle, ignore=shutil.ignore_patterns("plans", "README.md"))
    if line_break:
        with (bundle / "persons.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        for row in rows:
            if row[0] == "P002":
                row[1] = BROKEN_NAME
        with (bundle / "persons.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return bundle


@pytest.mark.parametrize("line_break", [False, True])
def test_both_writers_note_a_cell_with_a_line_break(tmp_path, line_break):
    bundle_dir = _bundle(tmp_path, line_break=line_break)
    sealer = Sealer.from_key(parse_key(new_key()))
    frames = read_frames(bundle_dir, indicator_vocabulary())
    assert frames is not None
    by_columns = write_frame_files(frames, sealer, _folder(tmp_path, "columns"), TODAY)
    bundle = read_bundle(bundle_dir)
    try:
        by_rows = write_import_files(bundle, sealer, _folder(tmp_path, "rows"), TODAY)
    finally:
        bundle.close()
    assert by_columns.multiline is by_rows.multiline is line_break


def _folder(tmp_path: Path, name: str) -> Path:
    (tmp_path / name).mkdir()
    return tmp_path / name


@pytest.mark.parametrize("columnar_from", [0, bulk.COLUMNAR_FROM_BYTES])
def test_a_name_over_two_lines_is_imported_whole(tmp_path, monkeypatch, columnar_from):
    # Either writer (the sample goes by rows unless the columnar threshold is lowered); the flag
    # reaches neo4j-admin, which refuses such a cell or splits it without it.
    monkeypatch.setattr(bulk, "COLUMNAR_FROM_BYTES", columnar_from)
    asked: list[bool] = []
    real_import = bulk._import
    monkeypatch.setattr(bulk, "_import", lambda *a, **k: asked.append(k["multiline"]) or real_import(*a, **k))
    # The name is read from the imported store while it runs for its schema: a start of its own
    # cost a JVM start per case.
    names: list[str] = []

    def schema_then_read(driver: Driver) -> None:
        apply_schema(driver)
        names.extend(r["name"] for r in driver.execute_query(
            "MATCH (p:Person {person_id: $id}) RETURN p.name AS name", id="P002").records)

    monkeypatch.setattr(bulk, "apply_schema", schema_then_read)
    import_bundle(Settings(), tmp_path / "db", _bundle(tmp_path, line_break=True),
                  Sealer.from_key(parse_key(new_key())), say=lambda _: None)
    assert asked == [True] and names == [BROKEN_NAME]
