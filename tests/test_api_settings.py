"""The service refuses unsafe keys; users, roles and tokens are managed from the command line."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from service.auth import Role, UserError, UserStore
from cli.service import serve_command, users_app
from service.settings import ServiceSettingsInvalid, load_service_settings

GOOD = secrets.token_urlsafe(32)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("THBGRAPH_SECRET_KEY", "THBGRAPH_PSEUDONYM_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize(("secret", "pseudonym", "complaint"), [
    (None, GOOD, "THBGRAPH_SECRET_KEY: is not set"),
    (GOOD, None, "THBGRAPH_PSEUDONYM_KEY: is not set"),
    ("changethis", GOOD, "THBGRAPH_SECRET_KEY: must be at least 32 characters"),
    ("changethis-changethis-changethis-changethis", GOOD, "THBGRAPH_SECRET_KEY: looks like a placeholder"),
    ("a" * 40, GOOD, "THBGRAPH_SECRET_KEY: looks like a placeholder"),
    (GOOD, "your-secret-pseudonym-key-goes-here-0123", "THBGRAPH_PSEUDONYM_KEY: looks like a placeholder"),
    (GOOD, GOOD, "must differ"),
], ids=["secret unset", "pseudonym unset", "secret short", "secret placeholder", "secret one letter",
        "pseudonym placeholder", "the same key twice"])  # not the random key: every xdist worker must name them alike
def test_unsafe_keys_are_refused(env: Path, monkeypatch: pytest.MonkeyPatch, secret: str | None,
                                 pseudonym: str | None, complaint: str) -> None:
    for name, value in (("THBGRAPH_SECRET_KEY", secret), ("THBGRAPH_PSEUDONYM_KEY", pseudonym)):
        if value is not None:
            monkeypatch.setenv(name, value)
    with pytest.raises(ServiceSettingsInvalid, match=complaint) as caught:
        load_service_settings()
    assert GOOD not in str(caught.value)  # never echo a key


def test_serve_will_not_start_without_keys(env: Path) -> None:
    app = typer.Typer()
    app.command("serve")(serve_command)
    app.command("other")(lambda: None)  # two commands, so `serve` is a subcommand as in the real CLI
    result = CliRunner().invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 2 and "THBGRAPH_SECRET_KEY: is not set" in result.output, result.output


def test_serve_will_not_start_against_a_server_without_the_victim_data_key(
        env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.settings import get_settings

    monkeypatch.setenv("THBGRAPH_SECRET_KEY", GOOD)
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.delenv("THBGRAPH_VICTIM_DATA_KEY")
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("serve")(serve_command)
    app.command("other")(lambda: None)
    try:
        result = CliRunner().invoke(app, ["serve", "--port", "1"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "THBGRAPH_VICTIM_DATA_KEY is not set" in result.output, result.output


@pytest.mark.neo4j
def test_users_cli(env: Path, monkeypatch: pytest.MonkeyPatch, neo4j_uri: str, sample_read_only: object) -> None:
    from graph.settings import get_settings

    monkeypatch.setenv("THBGRAPH_SECRET_KEY", GOOD)
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)  # the cases assigned are checked against the graph
    get_settings.cache_clear()
    app = typer.Typer()
    app.add_typer(users_app, name="users")
    runner = CliRunner()
    # A case the graph does not hold is refused (an analyst of it would see an empty database, no hint why).
    typo = runner.invoke(app, ["users", "add", "typo", "--role", "analyst", "--case", "NO-GLAN"])
    assert typo.exit_code == 1 and "no case NO-GLAN" in typo.output, typo.output
    assert runner.invoke(app, ["users", "list"]).stdout.count("typo") == 0
    added = runner.invoke(app, ["users", "add", "kari", "--role", "investigator", "--case", "NO-GLANS"])
    assert added.exit_code == 0, added.output
    token = added.stdout.strip()
    store = UserStore(env / "users.sqlite3", GOOD)
    kari = store.authenticate(token)
    assert kari is not None and kari.role is Role.investigator and kari.cases == {"NO-GLANS"}
    assert token not in (env / "users.sqlite3").read_bytes().decode("latin-1")  # only a keyed hash is kept
    assert runner.invoke(app, ["users", "assign", "kari", "--case", "NO-NORDLYS"]).exit_code == 0
    assert runner.invoke(app, ["users", "assign", "kari", "--case", "NO-XXX"]).exit_code == 1
    listed = runner.invoke(app, ["users", "list"])
    assert "kari" in listed.stdout and "NO-NORDLYS" in listed.stdout, listed.output
    again = runner.invoke(app, ["users", "add", "kari", "--role", "analyst"])
    assert again.exit_code == 1 and "never reused" in again.output, again.output
    assert runner.invoke(app, ["users", "revoke", "kari"]).exit_code == 0
    assert store.authenticate(token) is None
    audit = (env / "audit.jsonl").read_text()
    assert audit.count('"action":"user-') == 3, audit  # add, assign, revoke


def test_tokens_do_not_survive_a_new_secret(tmp_path: Path) -> None:
    token = UserStore(tmp_path / "u.sqlite3", GOOD).add("ola", Role.analyst)
    assert UserStore(tmp_path / "u.sqlite3", secrets.token_urlsafe(32)).authenticate(token) is None
    with pytest.raises(UserError):
        UserStore(tmp_path / "u.sqlite3", GOOD).revoke("nobody")


def test_the_service_remembers_users_only_while_the_file_is_unchanged(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Tokens are looked up once; a change made elsewhere (the CLI: another connection) counts at once."""
    service, cli = UserStore(tmp_path / "u.sqlite3", GOOD), UserStore(tmp_path / "u.sqlite3", GOOD)
    token = cli.add("kari", Role.investigator, ["NO-GLANS"])
    lookups: list[str] = []
    lookup = service._lookup
    monkeypatch.setattr(service, "_lookup", lambda digest: lookups.append(digest) or lookup(digest))
    for _ in range(3):
        assert service.authenticate(token).cases == {"NO-GLANS"}
    assert len(lookups) == 1
    cli.assign("kari", ["NO-GLANS"], remove=True)
    assert service.authenticate(token).cases == frozenset()
    cli.revoke("kari")
    assert service.authenticate(token) is None
    assert len(lookups) == 3
    for _ in range(2):
        assert service.authenticate("thb_" + "A" * 43) is None  # unknown tokens are looked up every time
    assert len(lookups) == 5
