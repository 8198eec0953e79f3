"""Uploading a case bundle: validated in full, then loaded all or nothing (the CLI's own code)."""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from service import upload_scope
from service.auth import Role, User
from api.deps import Services, ServicesDep, require
from service.models import LoadReportOut, unsendable
from api.problems import Problem, responses
from service.release import PURPOSE_HEADER
from ingest.bundle import TABLES, Bundle
from ingest.writer import validate_bundle, write_bundle

router = APIRouter(prefix="/bundles", tags=["bundles"], responses=responses(401))

Uploader = Annotated[User, Depends(require(Role.admin, Role.investigator))]

CSV_FILES = frozenset(f"{table}.csv" for table in TABLES)
#: Files zip tools add that are no part of a bundle.
_ZIP_NOISE = re.compile(r"(^|/)(__MACOSX/|\._|\.DS_Store$)")
#: A zip may unpack to at most this many times the upload limit (a zip bomb is refused, not unpacked).
_UNPACKED_FACTOR = 10

EXAMPLE = {"cases": [{"case_id": "NO-DEMO", "title": "Demo", "jurisdiction": "NO", "opened_on": "2024-01-02",
                      "status": "open"}],
           "persons": [{"person_id": "P900", "name": "Test Person", "nationality": "NO"}],
           "roles": [{"case_id": "NO-DEMO", "person_id": "P900", "role": "suspect"}]}
BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "description": "A JSON bundle (docs/ingest.md)."},
                         "example": EXAMPLE},
    "application/zip": {"schema": {"type": "string", "format": "binary",
                                   "description": "A zip of the bundle's CSV files (cases.csv, persons.csv, ...)."}},
}}}


def _too_large(limit_mb: int) -> Problem:
    return Problem(413, "payload-too-large", f"a bundle upload may be at most {limit_mb} MB (THBGRAPH_UPLOAD_MAX_MB)")


async def _body(request: Request, limit_mb: int) -> bytes:
    limit = limit_mb * 1024 * 1024
    if int(request.headers.get("content-length") or 0) > limit:
        raise _too_large(limit_mb)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _too_large(limit_mb)
    return bytes(body)


def _sendable_json(body: bytes) -> None:
    """Refuse what JSON can spell but Neo4j cannot store; anything else is for the bundle's validation."""
    try:
        problem = unsendable(json.loads(body))
    except (ValueError, RecursionError):
        return  # not JSON (or nested past reading): read_bundle says so
    if problem:
        raise Problem(422, "bundle-invalid", f"bundle.json: {problem}",
                      errors=[{"in": "bundle.json", "name": problem.split(":")[0], "message": problem}])


def _unpack(media_type: str, body: bytes, into: Path, limit_mb: int) -> Path:
    if media_type == "application/json":
        _sendable_json(body)
        path = into / "bundle.json"
        path.write_bytes(body)
        return path
    if media_type not in ("application/zip", "application/x-zip-compressed"):
        raise Problem(415, "unsupported-media-type", f"cannot read a bundle sent as {media_type or 'no type'!r}: send "
                      "a JSON bundle (application/json) or a zip of its CSV files (application/zip)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        members = [m for m in archive.infolist() if not m.is_dir() and not _ZIP_NOISE.search(m.filename)]
    except zipfile.BadZipFile:
        raise Problem(422, "bundle-invalid", "the body is not a zip archive",
                      errors=[{"in": "body", "name": "", "message": "not a zip archive"}]) from None
    names = [PurePosixPath(m.filename).name for m in members]
    unknown = sorted({m.filename for m, n in zip(members, names) if n not in CSV_FILES})
    twice = sorted({n for n in names if names.count(n) > 1})
    if unknown or twice:
        problems = [f"{n}: not a bundle file (expected {', '.join(sorted(CSV_FILES))})" for n in unknown]
        problems += [f"{n}: more than once in the archive" for n in twice]
        raise Problem(422, "bundle-invalid", "; ".join(problems),
                      errors=[{"in": "body", "name": p.split(":")[0], "message": p} for p in problems])
    if sum(m.file_size for m in members) > limit_mb * 1024 * 1024 * _UNPACKED_FACTOR:
        raise _too_large(limit_mb)
    try:
        for member, name in zip(members, names):
            (into / name).write_bytes(archive.read(member))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:  # CRC, encrypted, ...
        raise Problem(422, "bundle-invalid", f"the zip archive is damaged: {e}",
                      errors=[{"in": "body", "name": "", "message": f"damaged zip archive: {e}"}]) from None
    return into


def _ids_in(bundle: Bundle) -> tuple[set[str], set[str]]:
    """The case ids and the evidence ids of the validated rows."""
    cases: set[str] = set()
    evidence: set[str] = set()
    for table in ("cases", "roles", "evidence", "links"):
        if bundle.counts.get(table):
            for row in bundle.rows(table):
                if row.case_id:  # type: ignore[attr-defined]
                    cases.add(row.case_id)  # type: ignore[attr-defined]
                if getattr(row, "evidence_id", None):
                    evidence.add(row.evidence_id)  # type: ignore[attr-defined]
    return cases, evidence


def _check_scope(services: Services, user: User, request: Request, path: Path) -> upload_scope.Named | None:
    """Investigators touch nothing outside their cases (service/upload_scope.py): checked on the rows as
    sent, before validation, so that its answers cannot tell what exists elsewhere."""
    if user.role is Role.admin:
        return None
    named = upload_scope.named_in(path)
    request.state.cases = named.cases
    request.state.audit["detail"]["rows"] = dict(named.rows)
    outside = upload_scope.outside(services, user, named)
    if outside:
        request.state.audit["detail"]["outside"] = [i for i, _ in outside]
        raise upload_scope.refusal(outside)
    return named


def _write_intent(services: Services, user: User, request: Request, cases: set[str], rows: dict[str, int]) -> None:
    """No write without a record: the intent is on disk before the commit (the release step adds
    the outcome), so a log that cannot be written stops the write."""
    route = request.scope.get("route")
    try:
        services.audit.append(
            user=user.name, role=user.role.value, action="write-intent", method=request.method,
            endpoint=getattr(route, "path", request.url.path), path=request.url.path, status=None,
            cases=sorted(cases), records=[], purpose=request.headers.get(PURPOSE_HEADER),
            detail={**request.state.audit["detail"], "rows": rows})
    except OSError:
        raise Problem(500, "audit-unavailable", "the audit log cannot be written, so nothing was loaded; "
                      "tell the administrator") from None


def _load(services: Services, user: User, request: Request, media_type: str, body: bytes,
          dry_run: bool) -> LoadReportOut:
    with tempfile.TemporaryDirectory(prefix="thbgraph-upload-") as tmp:
        path = _unpack(media_type, body, Path(tmp), services.settings.upload_max_mb)
        named = _check_scope(services, user, request, path)
        bundle = validate_bundle(services.driver, path, database=services.database)
        cases, evidence = _ids_in(bundle)
        request.state.cases = sorted(cases)
        request.state.audit["detail"]["rows"] = dict(bundle.counts)
        if named is not None and (missed := upload_scope.unjudged(user, named, bundle, cases, evidence)):
            raise upload_scope.refusal([(i, None) for i in missed])
        if not dry_run:
            _write_intent(services, user, request, cases, dict(bundle.counts))
            write_bundle(services.driver, bundle, sealer=services.sealer, database=services.database)
            services.forget()
    return LoadReportOut(written=not dry_run, dry_run=dry_run, rows=dict(bundle.counts), cases=sorted(cases))


@router.post("", response_model=LoadReportOut, summary="Validate a case bundle and load it, all or nothing",
             openapi_extra=BODY, responses=responses(403, 413, 415, 422))
async def create_bundle(
    request: Request, services: ServicesDep, user: Uploader,
    dry_run: Annotated[bool, Query(description="Validate only; write nothing.")] = False,
) -> LoadReportOut:
    """Every row is checked before the first write; any problem (listed in `errors`, by file, line and
    field) and nothing is written. Admins load any bundle; investigators only into their cases."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    # Noted before anything can fail: every attempted write is audited, refused ones too.
    request.state.audit = {"action": "validate" if dry_run else "write", "detail": {"media_type": media_type}}
    body = await _body(request, services.settings.upload_max_mb)
    request.state.audit["detail"]["bytes"] = len(body)
    return await run_in_threadpool(_load, services, user, request, media_type, body, dry_run)
