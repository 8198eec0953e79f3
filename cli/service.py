"""`thbgraph serve`, `thbgraph users ...` and `thbgraph audit ...` (registered by cli/main.py)."""

from __future__ import annotations

import getpass
import json
import os
import unicodedata
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from service.audit import AuditLog
from service.auth import Role, UserError, UserStore
from cli.console import console, err, fail
from service.settings import ServiceSettings, ServiceSettingsInvalid, load_service_settings
from graph.errors import ThbgraphError
from graph.local import database, database_uri
from graph.sealing import KEY_VARIABLE, SealingError, key_file, sealer_for
from graph.settings import get_settings

users_app = typer.Typer(help="Users of the HTTP service: roles, case assignments, API tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="The service's audit log: who saw which victim's data, and why.", no_args_is_help=True)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _settings() -> ServiceSettings:
    try:
        return load_service_settings()
    except ServiceSettingsInvalid as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Processes serving requests: one per core for throughput "
                                                     "(each keeps its own caches).")] = 1,
    # Off unless asked: a path can hold what a caller typed (a victim's name in a URL), and the
    # access log, unlike the audit log, is neither bounded nor kept private.
    access_log: Annotated[bool, typer.Option(help="Log every request's method, path and status (paths may hold "
                                                  "names typed into a URL).")] = False,
) -> None:
    """Start the HTTP service and the web app (uvicorn, /web); it refuses to start without proper keys."""
    import uvicorn  # noqa: PLC0415 (only this command needs it)

    _settings()
    try:
        sealer_for(get_settings(), create=True)  # refuse now, in words, rather than in a startup traceback
    except SealingError as exc:
        fail(exc)
    if host not in LOOPBACK:
        err.print("[yellow]warning:[/] listening beyond loopback: put a TLS proxy in front, "
                  "or tokens and victims' data cross the network in clear text.")
    try:
        # This process holds the database (starting the local one if need be) and its schema, once;
        # the workers connect to it rather than each starting their own.
        with database_uri(get_settings(), say=err.print) as uri:
            if get_settings().victim_data_key is None:
                # The local runtime's key file: with NEO4J_URI set below, the workers would take the
                # database for a server of the user's own and refuse the file.
                os.environ[KEY_VARIABLE] = key_file(get_settings()).read_text().strip()
            os.environ["NEO4J_URI"] = uri
            get_settings.cache_clear()
            with database(get_settings(), say=err.print):
                pass
            uvicorn.run("server.app:service_app", factory=True, host=host, port=port, workers=workers,
                        log_level="info", access_log=access_log,
                        server_header=False)
    except ThbgraphError as exc:
        fail(exc)


def _store_and_log() -> tuple[UserStore, AuditLog]:
    settings = _settings()
    secret = settings.secret_key.get_secret_value()
    return UserStore(settings.users_path, secret), AuditLog(settings.audit_path, secret)


def _audit(log: AuditLog, action: str, name: str, cases: list[str], detail: dict) -> None:
    # Changes to who may see what are writes too: audited under the operator's login.
    command = f"thbgraph users {action.removeprefix('user-').replace('unassign', 'assign --remove')}"
    log.append(user=f"cli:{getpass.getuser()}", role="operator", action=action, method="CLI", endpoint=command,
               path=f"{command} {name}", status=0, cases=sorted(cases), records=[], purpose=None,
               detail={"user": name, **detail})


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="A unique user name (never reused).")],
    role: Annotated[Role, typer.Option(help="What the user may do.")],
    case: Annotated[list[str] | None, typer.Option("--case", help="A case the user works on (repeatable).")] = None,
) -> None:
    """Add a user and print their API token (shown this once; only its hash is kept)."""
    store, log = _store_and_log()
    try:
        token = store.add(name, role, case or [])
    except UserError as exc:
        fail(exc)
    _audit(log, "user-add", name, case or [], {"role": role.value})
    err.print(f"Added {name} ({role.value}). Their token, shown only now:", highlight=False)
    console.print(token, highlight=False, soft_wrap=True)


@users_app.command("list")
def users_list() -> None:
    """Every user with role, cases and state."""
    store, _ = _store_and_log()
    table = Table(show_edge=False)
    for col in ("user", "role", "cases", "created", "revoked"):
        table.add_column(col, overflow="fold")  # wrapped, never cut with an ellipsis
    for u in store.list():
        table.add_row(u.name, u.role.value, ", ".join(sorted(u.cases)) or "-", u.created_at, u.revoked_at or "")
    console.print(table)


@users_app.command("revoke")
def users_revoke(name: Annotated[str, typer.Argument(help="The user to lock out.")]) -> None:
    """Revoke a user's token at once (the name stays taken, for the audit log)."""
    store, log = _store_and_log()
    try:
        user = store.revoke(name)
    except UserError as exc:
        fail(exc)
    _audit(log, "user-revoke", name, [], {})
    console.print(f"Revoked {user.name} at {user.revoked_at}.")


@users_app.command("assign")
def users_assign(
    name: Annotated[str, typer.Argument(help="The user.")],
    case: Annotated[list[str], typer.Option("--case", help="A case (repeatable).")],
    remove: Annotated[bool, typer.Option("--remove", help="Take the cases away instead.")] = False,
) -> None:
    """Assign cases to a user (need-to-know), or take them away."""
    store, log = _store_and_log()
    try:
        user = store.assign(name, case, remove=remove)
    except UserError as exc:
        fail(exc)
    _audit(log, "user-unassign" if remove else "user-assign", name, case, {})
    console.print(f"{user.name} now works on: {', '.join(sorted(user.cases)) or 'no case'}.")


@audit_app.command("verify")
def audit_verify(
    head: Annotated[str | None, typer.Option(help="A head printed by an earlier verify and kept elsewhere: "
                                                  "exit 1 unless it is still in the chain (records cut off the end).")]
    = None,
) -> None:
    """Check the whole chain; exit 1 if any record was changed, removed or inserted."""
    _, log = _store_and_log()
    report = log.verify(head)
    for problem in report.problems:
        err.print(f"[bold red]tampered:[/] {escape(problem)}", highlight=False)  # a tampered seq may hold markup
    if not report.ok:
        raise typer.Exit(1)
    console.print(f"{report.records} records, chain intact. Head {report.head} "
                  "(keep it elsewhere, and check it later with --head: a shortened log is caught only so).")


@audit_app.command("show")
def audit_show(
    case: Annotated[str | None, typer.Option(help="Only records about this case.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line.")] = False,
) -> None:
    """The audit records, oldest first, as they were recorded: a purpose or a path is text, never markup."""
    _, log = _store_and_log()
    records = list(log.records(case))
    if as_json:
        for r in records:
            print(_json_line(r))  # plain: rich would read markup in a purpose
        return
    table = Table(show_edge=False, title=f"Audit log{f' of {case}' if case else ''}", title_justify="left")
    for col in ("#", "at", "user", "action", "endpoint", "status", "cases", "victims shown", "purpose"):
        table.add_column(col, overflow="fold")  # wrapped, never cut: "victims shown" is the point of the log
    for r in records:
        cells = (r.get("seq"), r.get("at"), f"{r.get('user')} ({r.get('role')})", r.get("action"),
                 f"{r.get('method')} {r.get('path')}", "" if r.get("status") is None else r["status"],
                 ", ".join(r.get("cases") or []), ", ".join(r.get("records") or []), r.get("purpose") or "")
        table.add_row(*(Text(_visible(str(cell))) for cell in cells))
    console.print(table)


def _hidden(ch: str) -> bool:
    """Characters that change how the rest is shown: controls (terminal escapes), bidi overrides and
    other invisible formatting (U+202E turns text around), line and paragraph separators."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def _visible(text: str) -> str:
    return "".join(f"<U+{ord(ch):04X}>" if _hidden(ch) else ch for ch in text)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # JSON spells it as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _json_line(record: dict) -> str:
    """The record as JSON, with every hidden character escaped: the same value, shown safely."""
    return "".join(_json_escape(ch) if _hidden(ch) else ch for ch in json.dumps(record, ensure_ascii=False))
