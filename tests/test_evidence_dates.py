"""Evidence dates (`observed_on`, and `until` where what it shows lasted): validated with file, row
and field, nothing written when one is wrong, stored as Neo4j DATE by the loader and by `load
--initial`'s import files alike (tests/test_bulk_frames.py compares the two passes' files)."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from ingest.bundle import read_bundle
from ingest.errors import BundleInvalid
from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.network.projection import Projector
from queries.options.engine import options_for_person
from rules import pack_for
from rules.indicator_sets import ProvenBy, met_by

SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "sample"


def _with_dates(tmp_path: Path, *edits: tuple[int, str, str]) -> Path:
    """The sample with evidence.csv cells (line, column, value) changed."""
    bundle_dir = tmp_path / "bundle"
    shutil.copytree(SAMPLE, bundle_dir, ignore=shutil.ignore_patterns("plans", "*.md"))
    path = bundle_dir / "evidence.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    for line, column, value in edits:
        rows[line - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return bundle_dir


def test_bad_evidence_dates_are_named_by_file_line_and_field(tmp_path):
    bundle_dir = _with_dates(tmp_path, (2, "observed_on", "2023-02-30"), (3, "until", "2023-06-01"),
                             (19, "until", "2024-01-01"), (4, "until", "yesterday"))
    with pytest.raises(BundleInvalid) as caught:
        read_bundle(bundle_dir).close()
    found = {(e.file, e.line, e.field): e.message for e in caught.value.errors}
    assert found == {
        ("evidence.csv", 2, "observed_on"): "not a date: '2023-02-30' (write YYYY-MM-DD)",
        ("evidence.csv", 3, "until"): "2023-06-01 is before observed_on (2023-06-02)",
        ("evidence.csv", 19, "until"): "needs observed_on (the first day of the period it ends)",
        ("evidence.csv", 4, "until"): "not a date: 'yesterday' (write YYYY-MM-DD)",
    }


def test_the_json_form_takes_the_dates_too(tmp_path):
    bundle = tmp_path / "bundle.json"
    bundle.write_text("""{"cases": [{"case_id": "C", "title": "T", "jurisdiction": "NO"}],
      "persons": [{"person_id": "P", "name": "Ann"}],
      "evidence": [{"evidence_id": "E1", "case_id": "C", "about_id": "P", "indicator": "debt_bondage",
                    "kind": "financial", "independent_of_victim": true, "observed_on": "2024-01-02",
                    "until": "2024-01-01"}]}""")
    with pytest.raises(BundleInvalid) as caught:
        read_bundle(bundle).close()
    assert [(e.file, e.line, e.field) for e in caught.value.errors] == [("bundle.json", 1, "until")]
    assert "evidence row 1" in str(caught.value.errors[0])


def test_a_bad_date_writes_nothing(driver, tmp_path):
    load_bundle(driver, SAMPLE)
    before = driver.execute_query("MATCH (e:Evidence) RETURN e.evidence_id AS id, e.observed_on AS on ORDER BY id")[0]
    bundle_dir = _with_dates(tmp_path, (2, "observed_on", "2023-03-01"), (33, "until", "2024-03-04"))
    with pytest.raises(BundleInvalid):  # E0032 has no observed_on: the whole load is refused
        load_bundle(driver, bundle_dir)
    after = driver.execute_query("MATCH (e:Evidence) RETURN e.evidence_id AS id, e.observed_on AS on ORDER BY id")[0]
    assert after == before


def test_the_loader_stores_dates_as_dates(driver):
    load_bundle(driver, SAMPLE)
    records, _, _ = driver.execute_query(
        "MATCH (e:Evidence) RETURN e.evidence_id AS id, e.observed_on AS on, e.until AS until, "
        "valueType(e.observed_on) AS on_type, valueType(e.until) AS until_type ORDER BY id")
    by_id = {r["id"]: r for r in records}
    assert by_id["E0012"]["on"].to_native() == date(2024, 2, 12)
    assert by_id["E0012"]["until"].to_native() == date(2024, 2, 25)
    assert by_id["E0012"]["on_type"] == by_id["E0012"]["until_type"] == "DATE NOT NULL"
    assert by_id["E0007"]["on"].to_native() == date(2024, 3, 5) and by_id["E0007"]["until"] is None
    assert by_id["E0018"]["on"] is None  # undated evidence stays undated
    assert sum(r["on"] is not None for r in records) == 29


def test_generated_bundles_carry_dated_evidence(tmp_path):
    generate_bundle(tmp_path / "gen", persons=300, seed=5)
    bundle = read_bundle(tmp_path / "gen")
    try:
        evidence = list(bundle.records("evidence"))
    finally:
        bundle.close()
    dated = [e for e in evidence if e["observed_on"] is not None]
    periods = [e for e in dated if e["until"] is not None]
    assert len(dated) > len(evidence) / 2 and periods
    assert all(e["until"] >= e["observed_on"] for e in periods)
    again = tmp_path / "again"
    generate_bundle(again, persons=300, seed=5)
    assert (again / "evidence.csv").read_bytes() == (tmp_path / "gen" / "evidence.csv").read_bytes()


def test_the_ilo_grading_says_when_each_indicator_was_observed():
    found = {"passport_withheld": ["E1"], "debt_bondage": ["E2"], "threats_or_violence": ["E3"]}
    when = {"E1": "2024-03-05", "E2": "2024-01-01 to 2024-03-01"}
    proof = ProvenBy(set="ilo_forced_labour_2012", at_least=3)
    dated, undated = met_by(proof, found, when), met_by(proof, found)
    assert "retention of identity documents E1 (2024-03-05)" in dated.words
    assert "debt bondage E2 (2024-01-01 to 2024-03-01)" in dated.words
    assert "intimidation and threats E3;" in dated.words or dated.words.endswith("intimidation and threats E3")
    # Told, not weighed: no ILO set says how long or how recently an indicator must be seen.
    assert (dated.met, dated.evidence_ids) == (undated.met, undated.evidence_ids)
    ilo_ec = met_by(ProvenBy(set="ilo_ec_2009_adult_labour", dimension="coercion_at_destination"), found, when)
    assert "strong passport withheld E1 (2024-03-05)" in ilo_ec.words


def test_the_sample_controllers_grading_dates_his_indicators(sample_loaded):
    net = Projector(sample_loaded).case(["NO-GLANS"])
    result = options_for_person(net, pack_for("NO"), "P002", case_id="NO-GLANS")
    t257 = next(o for o in result.options if o.code == "strl_257")
    exploitation = next(e for e in t257.elements if e.id == "exploitation")
    words = exploitation.explanation or ""
    assert "retention of identity documents E0007 (2024-03-05)" in words, words
    assert "restriction of movement E0012 (2024-02-12 to 2024-02-25)" in words, words
    assert "excessive overtime E0011 at Glans Bilvask AS (2023-10-11)" in words, words
    assert net.evidence[[e.evidence_id for e in net.evidence].index("E0012")].until == date(2024, 2, 25)
