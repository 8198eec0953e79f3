"""The panels of a business and of a link (opened from the network, as the person panel is): what the case
holds about them and the notes on them (web/routes/notes.py, loaded into the panel)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse

from queries.network.model import CaseNetwork
from web import notes
from web.context import CasePageDep
from web.render import is_htmx, page
from web.routes import PREFIX

router = APIRouter(prefix=PREFIX)
End = Annotated[str, Query(max_length=200)]


def _label(network: CaseNetwork, party: str) -> str:
    if party in network.persons:
        return network.persons[party].name or party
    return network.businesses[party].name if party in network.businesses else party


def _link_row(network: CaseNetwork, source: str, type_: str, target: str, **more: Any) -> dict[str, Any]:
    return {"s": source, "t": target, "type": type_, "s_label": _label(network, source),
            "t_label": _label(network, target), "query": urlencode({"s": source, "type": type_, "t": target}), **more}


@router.get("/cases/{case_id}/businesses/{business_id}", response_class=HTMLResponse)
def business_panel(case: CasePageDep, business_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    notes.business(case, business_id)  # 404 for a business not in the case
    network = case.viewer.case_network(case.case_id)
    b = network.businesses[business_id]
    links = sorted({(l.source_id, l.type, l.target_id) for l in network.links if business_id in (l.source_id, l.target_id)})
    data = case.release({"business": {"business_id": b.business_id, "name": b.name, "sector": b.sector,
                                      "country": b.country},
                         "links": [_link_row(network, *l) for l in links]})
    name = "_business.html" if is_htmx(case.request) else "party.html"
    return page(case.request, name, case.web, case_id=case.case_id, **data)


@router.get("/cases/{case_id}/links", response_class=HTMLResponse)
def link_panel(case: CasePageDep, s: End, link_type: Annotated[str, Query(alias="type", max_length=60)],
               t: End) -> HTMLResponse:
    notes.link(case, s, link_type, t)  # 404 for a link not in the case
    network = case.viewer.case_network(case.case_id)
    found = [l for l in network.links if l.source_id == s and l.type == link_type and l.target_id == t]
    data = case.release({"link": _link_row(network, s, link_type, t, records=[
        {"since": l.since.isoformat() if l.since else None, "until": l.until.isoformat() if l.until else None,
         "amount": l.amount, "evidence_id": l.evidence_id} for l in found])})
    name = "_link.html" if is_htmx(case.request) else "party.html"
    return page(case.request, name, case.web, case_id=case.case_id, business=None, **data)
