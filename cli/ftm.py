"""FtM in and out: `thbgraph load FILE --case ID` for FtM JSON lines, and `thbgraph export --format ftm`.

The export opens victims' values with the key, in this process, and writes them only for a
user whose role sees identities (investigator, prosecutor), assigned to the case, with a
purpose; for everyone else each victim is a pseudonym (id and name), without birth date or
identifiers, and the victim's values are scrubbed from every other entity. Every export is
audited.
"""

from __future__ import annotations

import getpass
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.console import USER_ERRORS, console, err, fail



def is_ftm(path: Path) -> bool:
    """FtM JSON lines, by name: `*.ftm.json`, `*.jsonl`, `*.ftm`."""
    name = path.name.lower()
    return name.endswith((".ftm.json", ".jsonl", ".ftm"))


def load_ftm_file(driver: Any, path: Path, case: str, roles: Path | None, default_role: str | None,
                  dry_run: bool) -> None:
    from graph.sealing import sealer_for
    from graph.settings import get_settings
    from ingest.ftm_load import ftm_graph_id, load_ftm

    settings = get_settings()
    sealer = None if dry_run else sealer_for(settings, create=True, say=err.print)
    report = load_ftm(driver, path, case, roles=roles, default_role=default_role, dry_run=dry_run,
                      database=settings.neo4j_database, sealer=sealer)
    rows = ", ".join(f"{n} {t}" for t, n in report.counts.items() if t != "cases")
    verb = "Valid (dry run, nothing written)" if dry_run else "Loaded"
    console.print(f"{verb}: {path} into {case} ({rows}).", markup=False)
    for ftm_id in report.collisions:  # written as their own records: the others are not touched
        console.print(f"  {ftm_id} is also an id in the graph: the file's entity is its own record "
                      f"{ftm_graph_id(case, ftm_id)}, the other is left as it is", markup=False)
    for p in report.not_placed:
        console.print(f"  not placed: line {p.line}, {p.schema} {p.id}: {p.why} (kept as it came, exported back)",
                      markup=False)


class ExportFormat(str, Enum):
    ftm = "ftm"


def export_command(
    case: Annotated[str, typer.Option(help="The case to export.")],
    format: Annotated[ExportFormat, typer.Option(help="ftm: FollowTheMoney JSON lines.")] = ExportFormat.ftm,
    out: Annotated[Path | None, typer.Option(help="Write here (default: standard output).")] = None,
    user: Annotated[str | None, typer.Option("--as", help="The service user exporting: an investigator or "
                                                           "prosecutor of the case gets victims' identities.")] = None,
    purpose: Annotated[str | None, typer.Option(help="Why (required for identities; audited).")] = None,
) -> None:
    """Export a case as FtM entities (victims pseudonymised unless your role sees them); audited."""
    from service.auth import Role, UserError
    from cli.ftm_pseudonymise import pseudonymised
    from service.redact import Pseudonyms
    from service.victims import read_victims
    from cli.service import _settings, _store_and_log
    from graph.local import database
    from graph.sealing import sealer_for
    from graph.settings import get_settings
    from ingest.ftm_export import export_case
    from queries.network.projection import Projector

    store, log = _store_and_log()
    pseudonym_key = _settings().pseudonym_key.get_secret_value()
    identities, who, role = False, f"cli:{getpass.getuser()}", "operator"
    if user is not None:
        try:
            account = store.get(user)
        except UserError as exc:
            fail(exc)
        if account.role is not Role.admin and case not in account.cases:
            fail(ValueError(f"{user} is not assigned to {case}"))
        identities, who, role = account.sees_identities, user, account.role.value
        if identities and not (purpose or "").strip():
            fail(ValueError("victims' identities need a purpose: give --purpose"))
    settings = get_settings()
    try:
        with database(settings, say=err.print) as driver:
            sealer = sealer_for(settings)
            Projector(driver, settings.neo4j_database).require_cases([case])
            items = list(export_case(driver, settings.neo4j_database, case, sealer))
            victims = {i.record or i.entity["id"] for i in items if i.victim}
            found = [v for v in read_victims(driver, settings.neo4j_database, sealer) if v.person_id in victims]
    except USER_ERRORS as exc:
        fail(exc)
    pseudonyms = Pseudonyms(pseudonym_key)
    entities = [i.entity for i in items] if identities else \
        pseudonymised(items, found, pseudonyms)
    log.append(user=who, role=role, action="export-ftm", method="CLI", endpoint="thbgraph export",
               path=f"thbgraph export --case {case} --format ftm", status=0, cases=[case],
               records=sorted(victims) if identities else [], purpose=purpose,
               detail={"entities": len(entities), "identities": identities})
    text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entities)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        err.print(f"Wrote {len(entities)} entities to {out}"
                  f"{'' if identities else ' (victims pseudonymised)'}.", markup=False)
