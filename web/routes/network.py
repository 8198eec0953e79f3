"""The JSON the network page's widgets draw (graph and timeline); the page itself is web/routes/cases.py's."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from web.context import CasePageDep
from web.network_view import network_view
from web.routes import PREFIX

router = APIRouter(prefix=PREFIX)


@router.get("/api/cases/{case_id}/network")
def network_json(case: CasePageDep) -> Response:
    """The case as the user sees it, released as `CasePage.json` does (scrubbed without a purpose, so that
    someone sharing a victim's name is not named either; audited by the release step with the session's
    purpose otherwise), but kept encoded: a 2,000-person case is half a megabyte of JSON."""
    viewer = case.viewer

    def compute() -> object:
        data = network_view(viewer, case.case_id)
        return data if case.purpose else case.release(data)

    return viewer.memo_json(("web-network", case.case_id), compute)
