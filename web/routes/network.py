"""The JSON the network page's widgets draw (graph and timeline); the page itself is web/routes/cases.py's."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from web.context import CasePageDep
from web.network_view import network_view

router = APIRouter()


@router.get("/api/cases/{case_id}/network")
def network_json(case: CasePageDep) -> Response:
    """The case as the user sees it: victims under pseudonyms until the user gave a purpose on this case's
    pages (analysts: always). The release step then scrubs it (analysts) or, for names shown, demands the
    purpose in X-Purpose (the page sends the one given) and audits it with the victims shown, as for the API."""
    viewer = case.viewer
    return viewer.memo_json(("web-network", case.case_id), lambda: network_view(viewer, case.case_id))
