"""Every disclosure of a victim's identity is audited with its purpose; tampering is detected."""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from service.audit import GENESIS, AuditLog
from service.auth import Role
from api.deps import CurrentUser
from cli.service import audit_app
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


#: What each check reports, by the start of its text (service/audit.py `verify`).
CHECKS = {"does not follow": "chain", "content altered": "mac", "sequence number": "seq", "not an audit": "format"}


def _found(report) -> set[tuple[int, str]]:  # noqa: ANN001
    """(line, check) for each problem: which check caught what, so that each one is needed by some case."""
    found = set()
    for problem in report.problems:
        line, text = problem.split(": ", 1)
        (check,) = [c for start, c in CHECKS.items() if text.startswith(start)]
        found.add((int(line.removeprefix("line ")), check))
    return found


def _resigned(lines: list[str], secret: str = "s" * 40) -> list[str]:
    """The records re-chained and re-MACed in their new order, as someone holding the key would:
    only the sequence numbers are left to tell."""
    import hashlib

    out, prev = [], "0" * 64
    for line in lines:
        record = {k: v for k, v in json.loads(line).items() if k != "mac"} | {"prev": prev}
        out.append(_signed(secret, record).decode())
        prev = hashlib.sha256(out[-1].encode()).hexdigest()
    return out


def _spliced(tmp_path: Path):  # noqa: ANN202
    """Line 3 replaced by line 3 of a second log under the same key: its MAC and number hold, its `prev` does not."""
    other = AuditLog(tmp_path / "other.jsonl", "s" * 40)
    for i in range(3):
        other.append(user=f"x{i}", action="read", cases=["C"], records=[f"P{i}"], purpose="p")
    stranger = other.path.read_text().splitlines()[2]
    return lambda ls: [*ls[:2], stranger, *ls[3:]]


#: A change to the log, and what verify must say about it: (line, check) for each problem.
TAMPERING = {
    "one field changed": (lambda ls: [ls[0], ls[1].replace('"purpose":"p"', '"purpose":"q"'), *ls[2:]],
                          {(2, "mac"), (3, "chain")}),
    "a record removed": (lambda ls: [ls[0], ls[1], *ls[3:]], {(3, "chain"), (3, "seq")}),
    "two records swapped": (lambda ls: [ls[0], ls[2], ls[1], *ls[3:]],
                            {(2, "chain"), (2, "seq"), (3, "chain"), (3, "seq"), (4, "chain"), (4, "seq")}),
    "a record forged": (
        lambda ls: [*ls[:2], json.dumps({**json.loads(ls[1]), "seq": 3, "user": "ghost"}), *ls[2:]],
        {(3, "chain"), (3, "mac"), (4, "chain"), (4, "seq")}),
    "the first record changed": (lambda ls: [ls[0].replace('"u0"', '"u9"'), *ls[1:]], {(1, "mac"), (2, "chain")}),
    "the last record changed": (lambda ls: [*ls[:-1], ls[-1].replace('"P4"', '"P5"')], {(5, "mac")}),
    "a line that is no record": (lambda ls: [ls[0], "{", *ls[1:]], {(2, "format"), (3, "chain")}),
    # Only the chain catches these: every MAC and every number is right.
    "a record spliced from another log under the same key": (None, {(3, "chain"), (4, "chain")}),
    # Only the numbers catch these: the chain and the MACs were rebuilt with the key.
    "a record removed, the chain rebuilt": (lambda ls: _resigned([ls[0], ls[1], *ls[3:]]), {(3, "seq")}),
    "two records swapped, the chain rebuilt": (lambda ls: _resigned([ls[0], ls[2], ls[1], *ls[3:]]),
                                               {(2, "seq"), (3, "seq"), (4, "seq")}),
}


@pytest.mark.parametrize(("change", "expected"), TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_detected_by_the_check_meant_for_it(tmp_path: Path, change, expected) -> None:  # noqa: ANN001
    log = _log(tmp_path)
    assert log.verify().ok
    _edit(log, change or _spliced(tmp_path))
    report = log.verify()
    assert not report.ok and _found(report) == expected, report.problems


def test_each_check_is_needed_by_some_case() -> None:
    needed = {check for _, expected in TAMPERING.values() for _, check in expected
              if all(c == check for _, c in expected)}
    assert needed == set(CHECKS.values()) - {"format"}, needed


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
    import service.audit

    fsyncs: list[int] = []
    fsync = service.audit.os.fsync
    monkeypatch.setattr(service.audit.os, "fsync", lambda fd: fsyncs.append(fd) or fsync(fd))
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


# --- the audit cannot be switched off by what a request sends (security probe 2, 7, 11) -----------

#: No line of the log may be longer than this (service/audit.py keeps each record under it).
LINE_MAX = 64 * 1024


def _lines(api: Api) -> list[bytes]:
    return api.services.audit.path.read_bytes().splitlines()


def test_a_huge_parameter_set_does_not_stop_the_audit(api: Api) -> None:
    """1,100 parameter names of 64 characters: a 77 kB record once, and every audited response a 500 after it."""
    parameters = {f"p{i:04d}_" + "x" * 58: i for i in range(1100)}
    response = api.client.post("/cypher", json={"query": "RETURN 1", "parameters": parameters},
                               headers=api.headers(Role.analyst))
    assert response.status_code == 200, response.text
    read = api.client.get("/persons/P011", headers=api.headers(Role.investigator))
    assert read.status_code == 200, read.text
    cypher, person = records(api)
    assert "P011" in person["records"] and person["status"] == 200, person
    assert "more" in cypher["detail"]["parameters"][-1], cypher["detail"]["parameters"][-3:]
    assert max(len(line) for line in _lines(api)) < LINE_MAX
    assert api.services.audit.verify().ok


def test_long_headers_are_cut_and_the_audit_goes_on(api: Api) -> None:
    """A 70 kB purpose or media type on a route without the Purpose dependency's limit."""
    long = "y" * 70_000
    for headers in ({"X-Purpose": long, "Content-Type": "application/json"}, {"Content-Type": long}):
        response = api.client.post("/bundles?dry_run=true", content=b"{}",
                                   headers={**api.headers(Role.investigator), **headers})
        assert response.status_code in (415, 422), response.text
    assert api.client.get("/persons/P011", headers=api.headers(Role.investigator)).status_code == 200
    first, second, read = records(api)
    assert first["purpose"].startswith("yyy") and len(first["purpose"]) < 5000, len(first["purpose"])
    assert "cut" in first["purpose"][-40:], first["purpose"][-40:]
    assert len(second["detail"]["media_type"]) < 17_000 and "P011" in read["records"], second
    assert max(len(line) for line in _lines(api)) < LINE_MAX


def _signed(secret: str, record: dict) -> bytes:
    """A record as the service writes it, signed here by hand (canonical JSON, HMAC under the derived key)."""
    import hashlib
    import hmac

    from service.auth import derive_key

    def canonical(r: dict) -> bytes:
        return json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    mac = hmac.new(derive_key(secret, "audit"), canonical(record), hashlib.sha256).hexdigest()
    return canonical({**record, "mac": mac})


def test_a_last_record_of_any_size_is_found(tmp_path: Path) -> None:
    """Logs written before records were bounded may end in a record of any size."""
    import hashlib

    secret = "s" * 40
    log = _log(tmp_path, 2)
    last = log.path.read_bytes().splitlines()[-1]
    big = {"seq": 3, "at": "2026-11-01T00:00:00.000+00:00", "user": "u", "action": "read",
           "purpose": "z" * 200_000, "prev": hashlib.sha256(last).hexdigest()}
    with open(log.path, "ab") as f:
        f.write(_signed(secret, big) + b"\n")
    assert log.append(user="after")["seq"] == 4
    report = log.verify()
    assert report.ok and report.records == 4, report.problems


def _torn(api_home: Path, secret: str) -> bytes:
    log = AuditLog(api_home / "audit.jsonl", secret)
    for i in range(3):
        log.append(user=f"u{i}", action="read")
    torn = b'{"action":"read","at":"2026-11-0'  # a crash in the middle of an append
    with open(log.path, "ab") as f:
        f.write(torn)
    return torn


def test_a_torn_last_line_is_quarantined_at_startup(sample_once, tmp_path: Path,  # noqa: ANN001
                                                     caplog: pytest.LogCaptureFixture) -> None:
    secret = secrets.token_urlsafe(32)
    torn = _torn(tmp_path, secret)
    api = make_api(sample_once, tmp_path, THBGRAPH_SECRET_KEY=secret)
    quarantined = [p for p in tmp_path.iterdir() if p.name.startswith("audit.jsonl.torn-")]
    assert len(quarantined) == 1 and quarantined[0].read_bytes() == torn, quarantined
    assert any("torn" in r.getMessage() and str(quarantined[0]) in r.getMessage() for r in caplog.records)
    assert not api.services.audit.path.read_bytes().endswith(torn)
    assert api.client.get("/persons/P011", headers=api.headers(Role.investigator)).status_code == 200
    report = api.services.audit.verify()
    assert report.ok and report.records == 5, report.problems  # three, the repair, the read
    repair, read = list(api.services.audit.records())[3:]
    assert repair["action"] == "audit-repair" and repair["detail"]["bytes"] == len(torn), repair
    assert "P011" in read["records"], read


def test_an_upload_is_not_committed_without_its_record(sample_once, tmp_path: Path) -> None:  # noqa: ANN001
    """The disk is full: the upload answers 500 and nothing was written (the intent record comes first)."""
    from tests.graph_snapshot import snapshot

    api = make_api(sample_once, tmp_path, THBGRAPH_AUDIT_LOG="/dev/full")
    before = snapshot(api.services.driver)
    bundle = {"cases": [{"case_id": "NO-PROBE1", "title": "Probe", "jurisdiction": "NO"}],
              "persons": [{"person_id": "P901", "name": "Probe Person"}],
              "roles": [{"case_id": "NO-PROBE1", "person_id": "P901", "role": "witness"}]}
    response = api.client.post("/bundles", content=json.dumps(bundle).encode(),
                               headers={**api.headers(Role.admin), "Content-Type": "application/json"})
    assert response.status_code == 500 and response.json()["type"] == "/problems/audit-unavailable", response.text
    assert snapshot(api.services.driver) == before


def test_a_request_that_fails_is_audited(api: Api) -> None:
    """Starlette answers an exception outside the release step: the 500 is audited all the same."""

    def boom(_: CurrentUser) -> None:
        raise RuntimeError("secret internals")

    api.client.app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    response = api.client.get("/boom", headers=api.headers(Role.investigator))
    assert response.status_code == 500 and response.json()["type"] == "/problems/internal-error", response.text
    assert "secret internals" not in response.text
    (record,) = records(api)
    assert record["status"] == 500 and record["endpoint"] == "/boom" and record["user"] == "investigator-glans"
    assert record["detail"]["incident"] == response.json()["incident"], record


def test_an_upload_that_fails_midway_leaves_its_intent_and_its_outcome(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.routes import bundles

    def fail(*_: object, **__: object) -> None:
        raise RuntimeError("the disk holding Neo4j's store is gone")

    monkeypatch.setattr(bundles, "write_bundle", fail)
    bundle = {"cases": [{"case_id": ASSIGNED, "title": "Operation Glans", "jurisdiction": "NO"}],
              "persons": [{"person_id": "P902", "name": "Some One"}]}
    response = api.client.post("/bundles", content=json.dumps(bundle).encode(),
                               headers={**api.headers(Role.investigator), "Content-Type": "application/json"})
    assert response.status_code == 500, response.text
    intent, outcome = records(api)
    assert (intent["action"], intent["status"], intent["cases"]) == ("write-intent", None, [ASSIGNED]), intent
    assert (outcome["action"], outcome["status"]) == ("write", 500), outcome


def test_every_field_is_bounded_and_no_victim_is_dropped(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl", "s" * 40)
    huge = "\u202e" + "w" * 100_000
    victims = [f"P{i:06d}" for i in range(10_000)]
    first = log.append(user=huge, role=huge, action=huge, method=huge, endpoint=huge, path=huge, status=2 ** 20_000,
                       cases=[huge] * 50, records=victims, purpose=huge + "\ud800",
                       detail={huge: huge, "nested": [[[[[huge]]]]], "many": list(range(100_000))})
    lines = log.path.read_bytes().splitlines()
    assert len(lines) > 1 and max(len(line) for line in lines) < LINE_MAX, [len(line) for line in lines]
    written = list(log.records())
    assert [r["part"] for r in written] == [[i, len(lines)] for i in range(1, len(lines) + 1)]
    assert [v for r in written for v in r["records"]] == victims, "a victim shown is never cut from the log"
    assert first == written[0] and "cut" in first["purpose"] and first["status"] != 2 ** 20_000
    assert log.verify().ok


def test_a_failed_append_takes_back_what_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import service.audit

    log = _log(tmp_path, 2)
    before = log.path.read_bytes()

    def no_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service.audit.os, "fsync", no_disk)
    with pytest.raises(service.audit.AuditUnavailable):
        log.append(user="lost")
    assert log.path.read_bytes() == before
    monkeypatch.undo()
    assert log.append(user="next")["seq"] == 3 and log.verify().ok


def test_a_kept_head_catches_a_log_cut_short_or_emptied(tmp_path: Path) -> None:
    """Cutting records off the end leaves a valid chain: only a head kept elsewhere tells (security probe 11)."""
    log = _log(tmp_path)
    kept = log.verify().head
    log.append(user="later")
    assert log.verify(kept).ok, "a log that grew since keeps the head in its chain"
    _edit(log, lambda ls: ls[:-3])
    assert log.verify().ok, "the documented limit: a shorter chain is a valid chain"
    report = log.verify(kept)
    assert not report.ok and "is not in the log" in report.problems[0], report.problems
    log.path.write_bytes(b"")
    assert not log.verify(kept).ok
    assert log.verify(GENESIS).ok, "the head of an empty log"


def test_audit_cli_verify_with_a_kept_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = secrets.token_urlsafe(32)
    monkeypatch.setenv("THBGRAPH_SECRET_KEY", secret)
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path))
    log = AuditLog(tmp_path / "audit.jsonl", secret)
    for i in range(3):
        log.append(user=f"u{i}", seq_note="[/x]")
    kept = log.verify().head
    _edit(log, lambda ls: [*ls[:1], ls[1].replace('"seq":2', '"seq":"[/x]"'), *ls[2:]])
    app = typer.Typer()
    app.add_typer(audit_app, name="audit")
    runner = CliRunner()
    tampered = runner.invoke(app, ["audit", "verify", "--head", kept])
    assert tampered.exit_code == 1 and "sequence number [/x]" in tampered.output, tampered.output
    _edit(log, lambda ls: ls[:1])
    cut = runner.invoke(app, ["audit", "verify", "--head", kept])
    assert cut.exit_code == 1 and "is not in the log" in cut.output, cut.output
