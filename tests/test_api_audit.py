"""Every disclosure of a victim's identity is audited with its purpose; tampering is detected."""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from api.audit import AuditLog
from api.auth import Role
from api.service_cli import audit_app
from tests.api_support import ASSIGNED, Api, make_api, sample_once  # noqa: F401 (fixtures)


@pytest.fixture
def api(sample_once, tmp_path: Path) -> Api:  # noqa: ANN001
    return make_api(sample_once, tmp_path)


def records(api: Api) -> list[dict]:
    return list(api.services.audit.records())


def test_an_identity_read_is_audited_with_its_purpose(api: Api) -> None:
    headers = api.headers(Role.investigator, **{"X-Purpose": "Interview planning, ref 2024/117"})
    assert api.client.get("/persons/P011", headers=headers).status_code == 200
    (record,) = records(api)
    assert record["user"] == "investigator-glans" and record["role"] == "investigator", record
    assert record["endpoint"] == "/persons/{person_id}" and record["path"] == "/persons/P011", record
    assert record["cases"] == [ASSIGNED] and "P011" in record["records"], record
    assert record["purpose"] == "Interview planning, ref 2024/117" and record["status"] == 200, record


def test_the_same_answer_twice_is_audited_twice(api: Api) -> None:
    """The second is served from caches (the analysis, the scan of its body); its record is written all the same."""
    headers = api.headers(Role.investigator, **{"X-Purpose": "Charging decision"})
    bodies = [api.client.get(f"/cases/{ASSIGNED}/persons/P002/options", headers=headers).text for _ in range(2)]
    assert bodies[0] == bodies[1]
    first, second = records(api)
    assert first["records"] == second["records"] and first["records"], first
    assert (first["seq"], second["seq"]) == (1, 2)


def test_case_reads_name_the_victims_shown(api: Api) -> None:
    api.client.get(f"/cases/{ASSIGNED}/network?limit=500", headers=api.headers(Role.investigator))
    # Key persons of this case cite victims by id and count only: no identity shown, nothing to audit.
    api.client.get(f"/cases/{ASSIGNED}/key-persons", headers=api.headers(Role.prosecutor))
    (network,) = records(api)
    assert network["endpoint"] == "/cases/{case_id}/network", network
    assert set(network["records"]) == {"P010", "P011", "P012", "P013", "P014"}, network


def test_no_purpose_no_identities(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.tokens[Role.investigator]}"}
    for url in ("/persons/P011", f"/cases/{ASSIGNED}/network", f"/cases/{ASSIGNED}/key-persons",
                f"/cases/{ASSIGNED}/persons/P002/options"):
        response = api.client.get(url, headers=headers)
        assert response.status_code == 400 and response.json()["type"] == "/problems/purpose-required", url
        assert "Kovalenko" not in response.text
    assert records(api) == []


def test_analyst_reads_and_suspects_are_not_identity_reads(api: Api) -> None:
    api.client.get("/persons/P011", headers=api.headers(Role.analyst))
    api.client.get("/persons/P001", headers=api.headers(Role.investigator))
    assert records(api) == []


def test_writes_and_queries_are_audited(api: Api) -> None:
    api.client.post("/cypher", json={"query": "RETURN 1"}, headers=api.headers(Role.analyst))
    api.client.post("/bundles", content=b"{}", headers={**api.headers(Role.admin), "Content-Type": "application/json"})
    cypher, upload = records(api)
    assert cypher["action"] == "cypher" and cypher["detail"]["query"] == "RETURN 1", cypher
    assert upload["action"] == "write" and upload["status"] == 422 and upload["user"] == "admin-glans", upload


def test_no_audit_no_data(api: Api) -> None:
    api.services.audit.path = api.services.audit.path.parent  # a directory: the log cannot be written
    response = api.client.get("/persons/P011", headers=api.headers(Role.investigator))
    assert response.status_code == 500 and response.json()["type"] == "/problems/audit-unavailable"
    assert "Kovalenko" not in response.text


def _log(tmp_path: Path, n: int = 5) -> AuditLog:
    log = AuditLog(tmp_path / "audit.jsonl", "s" * 40)
    for i in range(n):
        log.append(user=f"u{i}", action="read", cases=["C"], records=[f"P{i}"], purpose="p")
    return log


def _edit(log: AuditLog, change) -> None:  # noqa: ANN001
    lines = log.path.read_text().splitlines()
    log.path.write_text("\n".join(change(lines)) + "\n")


TAMPERING = {
    "one field changed": lambda ls: [ls[0], ls[1].replace('"purpose":"p"', '"purpose":"q"'), *ls[2:]],
    "a record removed": lambda ls: [ls[0], ls[1], *ls[3:]],
    "two records swapped": lambda ls: [ls[0], ls[2], ls[1], *ls[3:]],
    "a record forged": lambda ls: [*ls[:2], json.dumps({**json.loads(ls[1]), "seq": 3, "user": "ghost"}), *ls[2:]],
    "the first record changed": lambda ls: [ls[0].replace('"u0"', '"u9"'), *ls[1:]],
    "the last record changed": lambda ls: [*ls[:-1], ls[-1].replace('"P4"', '"P5"')],
}


@pytest.mark.parametrize("change", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_detected(tmp_path: Path, change) -> None:  # noqa: ANN001
    log = _log(tmp_path)
    assert log.verify().ok
    _edit(log, change)
    report = log.verify()
    assert not report.ok and report.problems, report


def test_recomputing_the_chain_needs_the_key(tmp_path: Path) -> None:
    log = _log(tmp_path)
    forger = AuditLog(tmp_path / "forged.jsonl", "a wrong key, not the service's secret")
    for record in log.records():
        forger.append(**{k: v for k, v in record.items() if k not in ("seq", "at", "prev", "mac")} | {"user": "x"})
    log.path.write_bytes(forger.path.read_bytes())
    assert not log.verify().ok


def test_concurrent_appends_keep_one_chain(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl", "s" * 40)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: log.append(user=f"u{i}"), range(200)))
    report = log.verify()
    assert report.ok and report.records == 200, report.problems
    assert [r["seq"] for r in log.records()] == list(range(1, 201))


def test_appends_at_the_same_moment_share_fsyncs_and_each_caller_gets_its_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two logs on one file stand for two service processes: flock orders them, group commit batches each."""
    import api.audit

    fsyncs: list[int] = []
    fsync = api.audit.os.fsync
    monkeypatch.setattr(api.audit.os, "fsync", lambda fd: fsyncs.append(fd) or fsync(fd))
    logs = [AuditLog(tmp_path / "audit.jsonl", "s" * 40) for _ in range(2)]
    with ThreadPoolExecutor(20) as pool:
        returned = list(pool.map(lambda i: logs[i % 2].append(user=f"u{i}"), range(400)))
    written = list(logs[0].records())
    report = logs[0].verify()
    assert report.ok and report.records == 400, report.problems
    assert sorted(written, key=lambda r: r["user"]) == sorted(returned, key=lambda r: r["user"])
    assert len(fsyncs) < 400, "every record was written on its own"


def test_when_the_log_cannot_be_written_every_waiting_caller_hears_it(tmp_path: Path) -> None:
    log = AuditLog(tmp_path, "s" * 40)  # a directory
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda i: _outcome(lambda: log.append(user=f"u{i}")), range(40)))
    assert set(outcomes) == {"AuditUnavailable"}


def _outcome(call) -> str:  # noqa: ANN001
    try:
        call()
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__
    return "written"


def test_audit_cli_verify_and_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = secrets.token_urlsafe(32)
    monkeypatch.setenv("THBGRAPH_SECRET_KEY", secret)
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path))
    log = AuditLog(tmp_path / "audit.jsonl", secret)
    log.append(user="kari", role="investigator", action="read", method="GET", path="/persons/P011", status=200,
               cases=[ASSIGNED], records=["P011"], purpose="interview")
    log.append(user="ola", role="investigator", action="read", method="GET", path="/persons/P021", status=200,
               cases=["NO-NORDLYS"], records=["P021"], purpose="interview")
    app = typer.Typer()
    app.add_typer(audit_app, name="audit")
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "2 records, chain intact" in ok.stdout, ok.output
    shown = runner.invoke(app, ["audit", "show", "--case", ASSIGNED, "--json"])
    assert [json.loads(line)["user"] for line in shown.stdout.splitlines()] == ["kari"], shown.output
    _edit(log, lambda ls: [ls[0].replace("interview", "curiosity"), *ls[1:]])
    bad = runner.invoke(app, ["audit", "verify"])
    assert bad.exit_code == 1 and "line 1: content altered" in bad.output, bad.output
