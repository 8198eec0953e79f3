"""Evidence dates through FtM, against a real Neo4j: an Event with an indicator in its keywords loads
as dated evidence, the case exports its evidence as dated Events, and the two round-trip."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from followthemoney import model
from neo4j import Driver

from graph.sealing import sealer_for
from graph.settings import get_settings
from ingest.errors import BundleInvalid
from ingest.ftm_export import export_case
from ingest.ftm_load import ftm_graph_id, load_ftm
from tests.test_ftm_neo4j import _entity, as_sets, write

pytestmark = pytest.mark.neo4j
CASE = "FTM-DATES"


def _entities() -> list[dict]:
    return [
        _entity("Person", "per-boss", name="Ion Dima", nationality="ro"),
        _entity("Company", "co-wash", name="Glans Bilvask AS", jurisdiction="no"),
        _entity("Event", "ev-watch", name="Movement control", involved="per-boss", startDate="2024-02-12",
                endDate="2024-02-25", keywords=["movement_control", "surveillance", "independent_of_victim"]),
        _entity("Event", "ev-hours", name="Inspection", involved="co-wash", date="2023-10-11",
                keywords=["excessive_hours", "inspection"], description="Workers on site 07:00 to 22:00"),
        _entity("Person", "per-worker", name="Vasyl Kovalenko", nationality="ua"),
        _entity("Event", "ev-said", name="Threats", involved="per-boss", organizer="per-worker", date="2024-03-14",
                keywords=["threats_or_violence", "testimony"]),
        _entity("Event", "ev-party", name="A party", involved="per-boss", date="2023-12-31"),  # no indicator
    ]


def _evidence(driver: Driver, case_id: str) -> dict[str, tuple]:
    records, _, _ = driver.execute_query(
        "MATCH (e:Evidence {case_id: $case})-[:ABOUT]->(a) RETURN e.evidence_id AS id, e.indicator AS indicator, "
        "e.kind AS kind, e.independent_of_victim AS independent, e.observed_on AS on, e.until AS until, "
        "coalesce(a.person_id, a.business_id) AS about", case=case_id)
    return {r["id"]: (r["indicator"], r["kind"], r["independent"], r["on"] and r["on"].to_native(),
                      r["until"] and r["until"].to_native(), r["about"]) for r in records}


def test_an_event_with_an_indicator_loads_as_dated_evidence_and_exports_back(driver: Driver, tmp_path: Path) -> None:
    made = _entities()
    report = load_ftm(driver, write(tmp_path / "dates.ftm.json", made), CASE, default_role="suspect",
                      title="Dates", jurisdiction="NO")
    assert report.counts["evidence"] == 3
    assert [(p.id, p.schema) for p in report.not_placed] == [("ev-party", "Event")]
    g = lambda i: ftm_graph_id(CASE, i)  # noqa: E731
    assert _evidence(driver, CASE) == {
        g("ev-watch"): ("movement_control", "surveillance", True, date(2024, 2, 12), date(2024, 2, 25), g("per-boss")),
        g("ev-hours"): ("excessive_hours", "inspection", False, date(2023, 10, 11), None, g("co-wash")),
        g("ev-said"): ("threats_or_violence", "testimony", False, date(2024, 3, 14), None, g("per-boss")),
    }
    given = driver.execute_query("MATCH (:Evidence {evidence_id: $id})-[:GIVEN_BY]->(p) RETURN p.person_id AS p",
                                 id=g("ev-said"))[0]
    assert [r["p"] for r in given] == [g("per-worker")]
    exported = [x.entity for x in export_case(driver, None, CASE, sealer_for(get_settings()))]
    assert sorted(map(as_sets, exported), key=str) == sorted(map(as_sets, made), key=str)


def test_a_period_ending_before_it_starts_is_refused_at_its_line(driver: Driver, tmp_path: Path) -> None:
    made = _entities()
    made[2]["properties"]["endDate"] = ["2024-01-01"]
    with pytest.raises(BundleInvalid) as caught:
        load_ftm(driver, write(tmp_path / "bad.ftm.json", made), CASE, default_role="suspect", title="Dates",
                 jurisdiction="NO")
    assert [(e.file, e.line, e.field) for e in caught.value.errors] == [("bad.ftm.json", 3, "endDate")]
    assert "before observed_on" in caught.value.errors[0].message
    assert driver.execute_query("MATCH (e:Evidence) RETURN count(e) AS n")[0][0]["n"] == 0


def test_the_samples_evidence_dates_round_trip_through_ftm(sample_loaded: Driver, tmp_path: Path) -> None:
    items = list(export_case(sample_loaded, None, "NO-GLANS", sealer_for(get_settings())))
    events = {i.entity["id"]: i.entity for i in items if i.entity["schema"] == "Event"}
    for entity in events.values():
        model.get_proxy(entity, cleaned=False)  # valid FtM
    watch = events["thbgraph-evidence-E0012"]["properties"]
    assert (watch["startDate"], watch["endDate"], watch["involved"]) == (["2024-02-12"], ["2024-02-25"], ["P002"])
    assert events["thbgraph-evidence-E0009"]["properties"]["organizer"] == ["P010"]  # his testimony
    assert events["thbgraph-evidence-E0007"]["properties"]["date"] == ["2024-03-05"]
    assert "thbgraph-evidence-E0018" in events and "date" not in events["thbgraph-evidence-E0018"]["properties"]
    file = write(tmp_path / "glans.ftm.json", [i.entity for i in items])
    load_ftm(sample_loaded, file, "NO-COPY", default_role="associate", title="Copy", jurisdiction="NO")
    original, copy = _evidence(sample_loaded, "NO-GLANS"), _evidence(sample_loaded, "NO-COPY")
    assert {k.removeprefix("ftm:NO-COPY:thbgraph-evidence-"): v[:5] for k, v in copy.items()} == {
        k: v[:5] for k, v in original.items() if f"thbgraph-evidence-{k}" in events}
    assert len(copy) == len(events) > 15
    assert json.dumps(events["thbgraph-evidence-E0012"]).count("description") == 0  # sealed text stays home
