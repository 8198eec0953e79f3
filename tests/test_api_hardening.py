"""Small protections around the service: response headers, private files, a readable audit listing."""

from __future__ import annotations

import json
import secrets
import stat
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from service.audit import AuditLog
from service.auth import Role
from cli.service import audit_app
from tests.api_support import ASSIGNED, Api, make_api, sample_once  # noqa: F401 (fixtures)


@pytest.fixture
def api(sample_once, tmp_path: Path) -> Api:  # noqa: ANN001
    return make_api(sample_once, tmp_path / "home")


def test_every_response_is_kept_out_of_caches_and_never_sniffed(api: Api) -> None:
    def boom() -> None:
        raise RuntimeError("boom")

    api.client.app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    investigator = api.headers(Role.investigator)
    responses = {
        "health": api.client.get("/health"),
        "a victim": api.client.get("/persons/P011", headers=investigator),
        "no token": api.client.get("/persons/P011"),
        "not found": api.client.get("/cases/NO-XXX", headers=investigator),
        "no route": api.client.get("/nowhere", headers=investigator),
        "a bug": api.client.get("/boom"),
    }
    assert [r.status_code for r in responses.values()] == [200, 200, 401, 404, 404, 500]
    for what, response in responses.items():
        assert response.headers.get("cache-control") == "no-store", what
        assert response.headers.get("x-content-type-options") == "nosniff", what


def test_the_users_store_and_the_audit_log_are_private(api: Api) -> None:
    assert api.client.get("/persons/P011", headers=api.headers(Role.investigator)).status_code == 200
    home = api.services.settings.home
    assert stat.S_IMODE(home.stat().st_mode) == 0o700, oct(home.stat().st_mode)
    for path in (api.services.settings.users_path, api.services.settings.audit_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path, oct(path.stat().st_mode))


HOSTILE = {
    "an unbalanced closing tag": "[/x] closing tag",
    "text hidden by its colours": "[black on black]hidden reason[/]",
    "a right-to-left override": "invoice \u202eexe.pdf",
    "a terminal escape": "\x1b[2Jcleared",
}


@pytest.mark.parametrize("purpose", HOSTILE.values(), ids=HOSTILE.keys())
def test_audit_show_prints_what_was_recorded_as_plain_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          purpose: str) -> None:
    secret = secrets.token_urlsafe(32)
    monkeypatch.setenv("THBGRAPH_SECRET_KEY", secret)
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "400")
    log = AuditLog(tmp_path / "audit.jsonl", secret)
    log.append(user="kari", role="investigator", action="read", method="GET", endpoint="/persons/{person_id}",
               path=f"/persons/{purpose}", status=200, cases=[ASSIGNED], records=["P011"], purpose=purpose)
    app = typer.Typer()
    app.add_typer(audit_app, name="audit")
    runner = CliRunner()
    shown = runner.invoke(app, ["audit", "show"])
    assert shown.exit_code == 0, shown.output
    visible = purpose.replace("\u202e", "<U+202E>").replace("\x1b", "<U+001B>")
    assert visible in shown.stdout, shown.stdout
    assert "\u202e" not in shown.stdout and "\x1b" not in shown.stdout
    as_json = runner.invoke(app, ["audit", "show", "--json"])
    assert as_json.exit_code == 0, as_json.output
    (line,) = as_json.stdout.splitlines()
    assert json.loads(line) == next(log.records()), line
    assert "\u202e" not in line and "\x1b" not in line
