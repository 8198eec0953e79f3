"""Court-ready PDF exports: a plan comparison (or one plan), or a network view, with caption, case,
query, user, time and the SHA-256 of the data behind it; every export audited; victims only as the
user's view shows them (the data goes through the same release step as the pages). Exports run on the
service's few shared renderers, a few per user (service/pdf_pool.py: 429 beyond)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from service.problems import Problem
from service.release import audit
from web import notes
from web.routes import PREFIX
from web.context import CasePage, CasePageDep
from web.network_exhibit import MAX_PARTIES, cut, in_words
from web.network_view import network_view
from web.pdf import data_digest, drawn_to_pdf, html_to_pdf
from web.render import STATIC, templates
from web.routes.plans import MAX_COMPARED, comparison

router = APIRouter(prefix=PREFIX)
#: The notes chosen for a PDF (web/notes.py): their ids.
Notes = Annotated[list[int], Form(alias="note", max_length=500)]


@router.post("/cases/{case_id}/plans/export.pdf")
async def export_plans(case: CasePageDep, plan: Annotated[list[str], Form(max_length=40)] = [],  # noqa: B006
                       caption: Annotated[str, Form(max_length=300)] = "", note: Notes = []) -> Response:  # noqa: B006
    if not 1 <= len(plan) <= MAX_COMPARED:
        raise Problem(422, "plan-invalid", f"choose one to {MAX_COMPARED} plans to export")

    def build() -> tuple[bytes, str]:
        data = comparison(case, plan, least=1) | _notes(case, note)  # released; the reader's own texts as typed
        titles = [p["plan"]["title"] for p in data["plans"]]
        header = _header(case, data, caption.strip() or f"Charge plans compared for case {case.case_id}",
                         f"plans: {', '.join(plan)} ({'; '.join(titles)})")
        pdf = html_to_pdf(templates.get_template("exhibit.html").render(
            **header, css=(STATIC / "exhibit.css").read_text(), **data))
        _audit(case, data, f"PDF of {', '.join(plan)}")
        return pdf, header["sha256"]

    return _pdf(case, "plans", *await case.services.pdf.run(case.web.user.name, build))


@router.post("/cases/{case_id}/network/export.pdf")
async def export_network(case: CasePageDep, parties: Annotated[str, Form(max_length=MAX_PARTIES * 40)] = "",
                         types: Annotated[str, Form(max_length=2000)] = "",
                         date_from: Annotated[date | None, Form()] = None, date_to: Annotated[date | None, Form()] = None,
                         caption: Annotated[str, Form(max_length=300)] = "",
                         note: Notes = []) -> Response:  # noqa: B006 (FastAPI)
    """The network as the page shows it: which parties, link types and dates come from the page; what
    they are (names, roles, links) the server derives again for this user, and draws itself."""
    def build() -> tuple[bytes, str]:
        view = case.release(network_view(case.viewer, case.case_id))
        data = cut(view, parties.split(), [t for t in types.split(",") if t], date_from, date_to) | _notes(case, note)
        header = _header(case, data, caption.strip() or f"Network of case {case.case_id}", in_words(data))
        html = templates.get_template("network_exhibit.html").render(
            **header, data_json=json.dumps(data, ensure_ascii=False), nodes=data["nodes"], edges=data["edges"],
            notes=data["notes"])
        pdf = drawn_to_pdf(html)
        _audit(case, data, f"PDF of the network: {header['query']}")
        return pdf, header["sha256"]

    return _pdf(case, "network", *await case.services.pdf.run(case.web.user.name, build))


def _notes(case: CasePage, note_ids: list[int]) -> dict[str, Any]:
    """The notes chosen at export, as this reader may read them (a victim's sealed without a purpose), released."""
    chosen, own = notes.chosen(case, note_ids)
    return case.release({"notes": chosen}, own=own)


def _header(case: CasePage, data: Any, caption: str, query: str) -> dict[str, Any]:
    """The exhibit's header (templates/_exhibit_header.html), with the SHA-256 of `data`."""
    return {"caption": caption, "case_id": case.case_id, "query": query, "user": case.web.user,
            "time": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"), "sha256": data_digest(data),
            "view": "identities shown, purpose: " + case.purpose if case.purpose else "under pseudonyms"}


def _audit(case: CasePage, data: Any, detail: str) -> None:
    disclosed = sorted(case.services.victims(case.web.user.cases, analyst=False).disclosed(data)) if case.purpose else []
    audit(case.services, case.web.user, case.request.scope, status=200, records=disclosed, purpose=case.purpose,
          note={"action": "export", "detail": f"{detail}; data sha256 {data_digest(data)}"})


def _pdf(case: CasePage, what: str, pdf: bytes, digest: str) -> Response:
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{case.case_id}-{what}.pdf"', "X-Data-SHA256": digest})
