"""Uploads are bounded: a bundle of a million bad rows gets a short answer, and a malformed one
(a damaged zip, deep JSON, a huge integer, a 40,000-character id or name, a 5 MB text) is a 422
naming the problem, never a 500 (probe findings 9, 14 and 15)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from neo4j import Driver

from service.auth import Role
from ingest.limits import MAX_PROBLEMS
from tests.api_support import Api, make_api
from tests.graph_snapshot import snapshot

CASES_CSV = b"case_id,title,jurisdiction,opened_on,status\nNO-LIMITS,Limits,NO,2024-01-02,open\n"
CASE = {"case_id": "NO-LIMITS", "title": "Limits", "jurisdiction": "NO", "opened_on": "2024-01-02", "status": "open"}


@pytest.fixture
def api(driver: Driver, tmp_path: Path) -> Api:
    return make_api(driver, tmp_path)


def upload(api: Api, body: bytes, media_type: str, query: str = ""):  # noqa: ANN201
    return api.client.post(f"/bundles{query}", content=body,
                           headers={**api.headers(Role.admin), "Content-Type": media_type})


def _zip(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_problems_listed_are_capped_and_the_rest_counted(api: Api) -> None:
    rows = 20_000
    persons = b"person_id,name,birth_date,nationality\n" + b"".join(b"P%d,Name %d,,XX\n" % (i, i) for i in range(rows))
    response = upload(api, _zip({"cases.csv": CASES_CSV, "persons.csv": persons}), "application/zip", "?dry_run=true")
    assert response.status_code == 422, response.text[:500]
    problem = response.json()
    assert len(problem["errors"]) == MAX_PROBLEMS and problem["more_errors"] == rows - MAX_PROBLEMS, problem["detail"]
    assert problem["detail"].startswith(f"the bundle has {rows} problem(s); the first {MAX_PROBLEMS} are listed")
    assert problem["errors"][0]["line"] == 2 and problem["errors"][0]["name"] == "nationality", problem["errors"][0]
    assert len(response.content) < 300_000, len(response.content)  # 20,000 errors were 2.5 MB


def _damaged_zip() -> bytes:
    persons = b"person_id,name\nP1,Ana Pop\n" * 50
    body = bytearray(_zip({"cases.csv": CASES_CSV, "persons.csv": persons}, zipfile.ZIP_STORED))
    at = body.index(b"Ana Pop")  # stored, not compressed: flip a byte of the data, the CRC no longer fits
    body[at] ^= 0x20
    return bytes(body)


def _json(**tables: object) -> bytes:
    return json.dumps({"cases": [CASE], **tables}).encode()


def _evidence(description: str) -> bytes:
    return _json(persons=[{"person_id": "P1", "name": "Ana Pop"}],
                 evidence=[{"evidence_id": "E1", "case_id": "NO-LIMITS", "about_id": "P1", "indicator": "debt_bondage",
                            "kind": "document", "independent_of_victim": True, "description": description}])


MALFORMED = {
    "damaged zip (CRC)": ("application/zip", _damaged_zip(), None),
    "JSON nested 100,000 deep": ("application/json", b'{"cases": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", None),
    "an integer of 5,000 digits": ("application/json", b'{"cases": [{"case_id": "X", "n": ' + b"7" * 5000 + b"}]}",
                                   None),
    "a name of 40,000 characters": ("application/json", _json(persons=[{"person_id": "P1", "name": "n" * 40_000}]),
                                    ("persons", "name")),
    "a person id of 40,000 characters": ("application/json",
                                         _json(persons=[{"person_id": "P" * 40_000, "name": "Ana Pop"}]),
                                         ("persons", "person_id")),
    "a case id of 40,000 characters": ("application/json",
                                       json.dumps({"cases": [CASE | {"case_id": "C" * 40_000}],
                                                   "persons": [{"person_id": "P1", "name": "Ana Pop"}]}).encode(),
                                       ("cases", "case_id")),
    "a description of 5 MB": ("application/json", _evidence("d" * 5_000_000), ("evidence", "description")),
    "a name of 5 MB": ("application/json", _json(persons=[{"person_id": "P1", "name": "n" * 5_000_000}]),
                       ("persons", "name")),
}


@pytest.mark.parametrize(("media_type", "body", "where"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_bundle_is_invalid_and_writes_nothing(api: Api, media_type: str, body: bytes,
                                                          where: tuple[str, str] | None) -> None:
    before = snapshot(api.services.driver)
    response = upload(api, body, media_type)
    assert response.status_code == 422 and response.json()["type"] == "/problems/bundle-invalid", response.text[:500]
    assert len(response.content) < 10_000, len(response.content)  # the value is not echoed back
    if where:
        table, field = where
        assert {"table": table, "name": field, "line": 1} in [
            {k: e.get(k) for k in ("table", "name", "line")} for e in response.json()["errors"]], response.text[:500]
    assert snapshot(api.services.driver) == before


def test_values_within_the_limits_load(api: Api) -> None:
    response = upload(api, _evidence("d" * 20_000), "application/json")
    assert response.status_code == 200, response.text[:500]


@pytest.mark.parametrize("members", [30, 20_000])
def test_a_zip_of_many_members_is_refused_at_once_with_a_short_answer(api: Api, members: int) -> None:
    """Probe 3, finding 9: the member check was quadratic and the 422 listed every member (its time
    is bench/bench_limits.py's)."""
    body = _zip({f"m{i:05d}-{'x' * 40}.csv": b"" for i in range(members)}, zipfile.ZIP_STORED)
    response = upload(api, body, "application/zip", "?dry_run=true")
    assert response.status_code == 422, response.text
    assert len(response.content) < 12_000 and len(response.json()["errors"]) <= 21, len(response.content)
    # Twice the same file, one of many: found without comparing each name with every other.
    twice = _zip({"cases.csv": CASES_CSV, "sub/cases.csv": CASES_CSV})
    assert "more than once" in upload(api, twice, "application/zip", "?dry_run=true").text
