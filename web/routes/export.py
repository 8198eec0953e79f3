"""Court-ready PDF exports: a plan comparison (or one plan) with caption, case, query, user, time and
the SHA-256 of the data behind it; every export audited; victims only as the user's view shows them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api import views
from api.problems import Problem
from api.release import audit
from web.routes import PREFIX
from web.context import CasePageDep
from web.pdf import data_digest, html_to_pdf
from web.render import STATIC, templates
from web.routes.plans import MAX_COMPARED, resolve

router = APIRouter(prefix=PREFIX)


@router.post("/cases/{case_id}/plans/export.pdf")
async def export_plans(case: CasePageDep, plan: Annotated[list[str], Form(max_length=40)] = [],  # noqa: B006
                       caption: Annotated[str, Form(max_length=300)] = "") -> Response:
    if not 1 <= len(plan) <= MAX_COMPARED:
        raise Problem(422, "plan-invalid", f"choose one to {MAX_COMPARED} plans to export")

    def build() -> tuple[bytes, str]:
        bodies = [resolve(case, r) for r in plan]
        data = case.release(views.compare_plans(case.viewer, case.case_id, bodies))
        digest = data_digest(data)
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        titles = [p["plan"]["title"] for p in data["plans"]]
        html = templates.get_template("exhibit.html").render(
            caption=caption.strip() or f"Charge plans compared for case {case.case_id}", case_id=case.case_id,
            query=f"plans: {', '.join(plan)} ({'; '.join(titles)})", user=case.web.user, time=now, sha256=digest,
            view="identities shown, purpose: " + case.purpose if case.purpose else "under pseudonyms", css=(STATIC / "exhibit.css").read_text(), **data)
        pdf = html_to_pdf(html)
        disclosed = sorted(case.services.victims(case.web.user.cases).disclosed(data)) if case.purpose else []
        audit(case.services, case.web.user, case.request.scope, status=200, records=disclosed, purpose=case.purpose,
              note={"action": "export", "detail": f"PDF of {', '.join(plan)}; data sha256 {digest}"})
        return pdf, digest

    pdf, digest = await run_in_threadpool(build)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{case.case_id}-plans.pdf"', "X-Data-SHA256": digest})
