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
    pages (analysts: always). Without a purpose it is scrubbed like a page (`CasePage.release`): someone
    who shares a victim's name is not named either. With one, the release step demands it in X-Purpose
    (the page sends the one given) and audits it with the victims shown, as for the API."""
    viewer = case.viewer

    def compute() -> object:
        data = network_view(viewer, case.case_id)
        return data if case.purpose else case.release(data)

    return viewer.memo_json(("web-network", case.case_id), compute)
