"""`load --initial`'s columnar pass (ingest/frames.py, ingest/bulk_frames.py) against the row-by-row one.

The columnar pass reports no errors itself: a bundle it does not accept is validated row by row
(`read_bundle`) for its messages. So it must never accept a bundle the row models reject, and
for a bundle it accepts it must write the same import files (row order aside).
"""

from __future__ import annotations

import csv
import os
import shutil
import warnings
from datetime import date
from pathlib import Path

import pytest

from graph.sealing import Sealer, new_key, parse_key, sealer_for
from graph.settings import Settings
from ingest import bulk
from ingest.bulk import import_bundle
from ingest.writer import load_bundle
from tests.graph_snapshot import snapshot
from tests.store_picture import picture
from ingest.bulk_csv import write_import_files
from ingest.bulk_frames import write_frame_files
from ingest.bundle import read_bundle
from ingest.errors import BundleInvalid
from ingest.frames import read_frames
from ingest.generate import generate_bundle
from rules import indicator_vocabulary

SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "sample"
TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def _no_deprecation_in_ingest():
    """A deprecation reported against ingest/ fails the test: polars 2.1 deprecated `is_in` with a Series
    of the same type (ingest/frames.py and bulk_frames.py used it). Recorded, not raised: polars warns
    from its engine, where an error filter only prints the exception."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        yield
    ours = [f"{w.filename}:{w.lineno}: {w.message}" for w in caught
            if issubclass(w.category, DeprecationWarning) and f"{os.sep}ingest{os.sep}" in w.filename]
    assert not ours, "\n".join(ours)


def _rows(path: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return header, sorted(map(tuple, rows))


def _same_files(bundle_dir: Path, tmp_path: Path) -> None:
    sealer = Sealer.from_key(parse_key(new_key()))
    frames = read_frames(bundle_dir, indicator_vocabulary())
    assert frames is not None, "the columnar pass refused a valid bundle"
    bundle = read_bundle(bundle_dir, indicators=indicator_vocabulary())
    (tmp_path / "rows").mkdir()
    (tmp_path / "columns").mkdir()
    try:
        assert frames.counts == bundle.counts
        old = write_import_files(bundle, sealer, tmp_path / "rows", TODAY)
    finally:
        bundle.close()
    new = write_frame_files(frames, sealer, tmp_path / "columns", TODAY)
    # The same neo4j-admin arguments, file for file.
    assert [a.replace("/rows/", "/") for a in old.nodes] == [a.replace("/columns/", "/") for a in new.nodes]
    assert [a.replace("/rows/", "/") for a in old.relationships] == [
        a.replace("/columns/", "/") for a in new.relationships]
    for file in sorted((tmp_path / "rows").iterdir()):
        assert _rows(file) == _rows(tmp_path / "columns" / file.name), file.name


def test_the_sample_gives_the_same_import_files(tmp_path):
    _same_files(SAMPLE, tmp_path)


def test_a_generated_bundle_gives_the_same_import_files(tmp_path):
    # Thousands of rows: victims' persons and identifiers sealed, minors, notes, repeated ids.
    bundle_dir = tmp_path / "bundle"
    generate_bundle(bundle_dir, persons=1500, seed=3)
    with (bundle_dir / "links.csv").open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    with (bundle_dir / "links.csv").open("a", encoding="utf-8") as handle:  # a link given twice: the last row wins
        handle.write(lines[1].rsplit(",", 1)[0] + ",given again\n")
    _same_files(bundle_dir, tmp_path)


def _edited(tmp_path: Path, file: str, line: int, column: str, value: str) -> Path:
    bundle_dir = tmp_path / "bundle"
    shutil.copytree(SAMPLE, bundle_dir, ignore=shutil.ignore_patterns("plans", "*.md"))
    path = bundle_dir / file
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return bundle_dir


# Each makes the sample invalid for the row models; the columnar pass must not accept any.
INVALID = [
    ("cases.csv", 2, "jurisdiction", "SE"),
    ("cases.csv", 3, "case_id", "NO-GLANS"),
    ("cases.csv", 2, "opened_on", "2024-02-30"),
    ("cases.csv", 2, "title", " "),
    ("persons.csv", 2, "nationality", "XX"),
    ("persons.csv", 2, "birth_date", "12.05.1968"),
    ("persons.csv", 3, "person_id", "P001"),
    ("persons.csv", 2, "immigration_status", "tourist"),
    ("persons.csv", 2, "name", "x" * 501),
    ("businesses.csv", 2, "business_id", "P001"),
    ("businesses.csv", 2, "country", "Norway"),
    ("roles.csv", 2, "role", "boss"),
    ("roles.csv", 2, "identified_on", "2024-01-01"),
    ("roles.csv", 2, "person_id", "P999"),
    ("roles.csv", 2, "person_id", "B001"),
    ("roles.csv", 2, "case_id", "NO-NONE"),
    ("links.csv", 2, "type", "LOVES"),
    ("links.csv", 2, "target_id", "P001"),
    ("links.csv", 2, "target_id", "P002"),
    ("links.csv", 2, "until", "2010-01-01"),
    ("links.csv", 2, "amount", "100"),
    ("links.csv", 2, "evidence_id", "E9999"),
    ("links.csv", 2, "case_id", "NO-NONE"),
    ("links.csv", 2, "note", "n" * 20_001),
    ("evidence.csv", 2, "indicator", "bad_vibes"),
    ("evidence.csv", 2, "kind", "rumour"),
    ("evidence.csv", 2, "independent_of_victim", "maybe"),
    ("evidence.csv", 2, "about_id", "P999"),
    ("evidence.csv", 2, "given_by", "B001"),
    ("evidence.csv", 2, "kind", "testimony"),
    ("evidence.csv", 2, "about_role", "victim"),
    ("evidence.csv", 3, "evidence_id", "E0001"),
    ("evidence.csv", 2, "observed_on", "2024-02-30"),
    ("evidence.csv", 2, "until", "2022-12-31"),  # before its observed_on (2023-01-01)
    ("evidence.csv", 19, "until", "2024-01-01"),  # E0018 has no observed_on
    ("evidence.csv", 2, "observed_on", ""),  # its until stays: a period with no start
    ("identifiers.csv", 2, "kind", "fax"),
    ("identifiers.csv", 2, "value", "not a phone"),
    ("identifiers.csv", 2, "owner_id", "P999"),
]


@pytest.mark.parametrize(("file", "line", "column", "value"), INVALID)
def test_the_columnar_pass_accepts_nothing_the_row_models_reject(tmp_path, file, line, column, value):
    bundle_dir = _edited(tmp_path, file, line, column, value)
    with pytest.raises(BundleInvalid):
        read_bundle(bundle_dir).close()
    assert read_frames(bundle_dir, indicator_vocabulary()) is None


def test_a_row_blank_in_the_models_columns_but_not_in_its_own_is_a_row(tmp_path):
    # The row reader counts it (and finds its required values missing): so must the columnar pass.
    bundle_dir = _edited(tmp_path, "persons.csv", 2, "name", "x")
    rows = list(csv.reader((bundle_dir / "persons.csv").open()))
    rows[0].append("team_note")
    rows = [rows[0], *(r + [""] for r in rows[1:]), [" "] * (len(rows[0]) - 1) + ["a note"], [""] * len(rows[0])]
    with (bundle_dir / "persons.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(BundleInvalid, match="required value is missing"):
        read_bundle(bundle_dir).close()
    assert read_frames(bundle_dir, indicator_vocabulary()) is None


def test_a_victims_own_testimony_called_independent_is_refused(tmp_path):
    bundle_dir = _edited(tmp_path, "evidence.csv", 2, "kind", "testimony")
    victim = next(r for r in csv.DictReader((bundle_dir / "roles.csv").open()) if r["role"] == "victim")
    rows = list(csv.reader((bundle_dir / "evidence.csv").open()))
    header = rows[0]
    rows[1][header.index("case_id")] = victim["case_id"]
    rows[1][header.index("given_by")] = victim["person_id"]
    rows[1][header.index("independent_of_victim")] = "true"
    with (bundle_dir / "evidence.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(BundleInvalid, match="not independent of the victim"):
        read_bundle(bundle_dir).close()
    assert read_frames(bundle_dir, indicator_vocabulary()) is None


# Valid for the row models but spelled otherwise: the columnar pass may leave them to the rows
# (None), and when it takes one it writes what the rows write.
ODD_BUT_VALID = [
    ("persons.csv", 2, "nationality", "no"),
    ("persons.csv", 2, "name", "  Arvid\u00a0Lunde \u2003"),
    ("persons.csv", 2, "name", "Arvid Lunde\x1f"),
    ("persons.csv", 2, "birth_date", "19680512"),
    ("evidence.csv", 2, "independent_of_victim", "YES"),
    ("evidence.csv", 2, "observed_on", "20230101"),
    ("evidence.csv", 2, "until", "2023-01-01"),  # a period of one day
    ("cases.csv", 2, "status", ""),
]


@pytest.mark.parametrize(("file", "line", "column", "value"), ODD_BUT_VALID)
def test_odd_spellings_of_valid_values_load_as_the_rows_load_them(tmp_path, file, line, column, value):
    bundle_dir = _edited(tmp_path, file, line, column, value)
    read_bundle(bundle_dir).close()
    if read_frames(bundle_dir, indicator_vocabulary()) is not None:
        _same_files(bundle_dir, tmp_path)


def test_an_initial_load_of_a_bad_bundle_lists_the_row_validations_problems(tmp_path, monkeypatch):
    # The columnar pass refuses it; the errors (file, line, field) are read_bundle's, all of them.
    monkeypatch.setattr(bulk, "COLUMNAR_FROM_BYTES", 0)
    bundle_dir = _edited(tmp_path, "persons.csv", 3, "nationality", "XX")
    rows = list(csv.reader((bundle_dir / "links.csv").open()))
    rows[2][rows[0].index("type")] = "LOVES"
    with (bundle_dir / "links.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(BundleInvalid) as expected:
        read_bundle(bundle_dir).close()
    with pytest.raises(BundleInvalid) as got:
        import_bundle(Settings(), tmp_path / "db", bundle_dir, Sealer.from_key(parse_key(new_key())),
                      say=lambda _: None)
    assert [str(e) for e in got.value.errors] == [str(e) for e in expected.value.errors]
    assert {(e.file, e.line, e.field) for e in got.value.errors} == {("persons.csv", 3, "nationality"),
                                                                     ("links.csv", 3, "type")}


def test_the_sample_imported_by_columns_is_the_loaded_sample(driver, tmp_path, monkeypatch):
    # The sample is far below the size from which --initial goes by columns: lower it.
    monkeypatch.setattr(bulk, "COLUMNAR_FROM_BYTES", 0)
    calls = []
    monkeypatch.setattr(bulk, "read_bundle", lambda *a, **k: calls.append(a) or read_bundle(*a, **k))
    load_bundle(driver, SAMPLE)
    loaded = snapshot(driver)
    report = import_bundle(Settings(), tmp_path / "db", SAMPLE, sealer_for(Settings()), say=lambda _: None)
    assert calls == [] and report.counts["persons"] == 19 and set(report.seconds) >= {"validation", "neo4j-admin"}
    assert picture(tmp_path / "db")[0] == loaded


def test_the_workers_compute_what_this_process_computes(monkeypatch):
    # Worker processes get the sealer's subkeys over a pipe and must seal, hash and normalise alike.
    from ingest import parallel  # noqa: PLC0415

    sealer = Sealer.from_key(parse_key(new_key()))
    values = [f"Person {i}" for i in range(40)] + [None]
    records = [f"P{i:03d}" for i in range(41)]
    phones = ["+47 905 11 223", "0047 96121868", "not a phone", "905 11 223"]
    here = parallel.Workers(sealer, processes=1)
    expected = (here.seal(values, records, "name"), here.blind(["phone"] * 41, records),
                here.link_ids(records), here.normalise(["phone"] * 4, phones, "NO"))
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    with parallel.Workers(sealer, processes=2) as workers:
        got = (workers.seal(values, records, "name"), workers.blind(["phone"] * 41, records),
               workers.link_ids(records), workers.normalise(["phone"] * 4, phones, "NO"))
        assert workers._pool is not None  # the work went to the workers
    assert got == expected
    assert expected[0][0] is not None and expected[0][-1] is None and expected[3][2] is None
    assert sealer.open(got[0][0], record="P000", field="name") == "Person 0"
