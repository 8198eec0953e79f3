"""Cases: the list a user may see, one case, and its network page by page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import AssignedCase, CaseReader, CurrentUser, Purpose, ServicesDep, ViewerDep
from service.models import CaseSummary, LinkOut, NetworkPage, NodeOut, Page, RoleOut
from api.problems import Problem, responses
from service.views import case_summaries
from queries.network.model import CaseNetwork

router = APIRouter(prefix="/cases", tags=["cases"], responses=responses(401))

Offset = Annotated[int, Query(ge=0, le=10_000_000, description="How many to skip.")]
Limit = Annotated[int, Query(ge=1, le=10_000, description="How many to return (at most THBGRAPH_PAGE_MAX).")]


@router.get("", response_model=list[CaseSummary], summary="The cases you may see")
def read_cases(services: ServicesDep, user: CurrentUser) -> list[CaseSummary]:
    """Your assigned cases with their counts of suspects and victims (admins: every case)."""
    return case_summaries(services, user, None)


@router.get("/{case_id}", response_model=CaseSummary, summary="One case", responses=responses(404))
def read_case(services: ServicesDep, user: CurrentUser, case_id: AssignedCase) -> CaseSummary:
    """A case you are assigned to (admins: any case). Unassigned and unknown cases are both 404."""
    found = case_summaries(services, user, [case_id])
    if not found:
        raise Problem(404, "not-found", "no such case among your cases")
    return found[0]


def _nodes(network: CaseNetwork) -> list[NodeOut]:
    persons = [NodeOut(id=p.person_id, kind="person", name=p.name, nationality=p.nationality,
                       immigration_status=p.immigration_status,
                       roles=[RoleOut(case_id=r.case_id, role=r.role, identified_on=r.identified_on,
                                      cooperation=r.cooperation) for r in p.roles])
               for p in network.persons.values()]
    businesses = [NodeOut(id=b.business_id, kind="business", name=b.name, sector=b.sector, country=b.country)
                  for b in network.businesses.values()]
    return sorted(persons, key=lambda n: n.id) + sorted(businesses, key=lambda n: n.id)


def _page(items: list[Any], offset: int, limit: int) -> dict[str, Any]:
    return {"count": len(items), "offset": offset, "limit": limit, "data": items[offset:offset + limit]}


@router.get("/{case_id}/network", response_model=NetworkPage, summary="A case's persons, businesses and links, paged",
            responses=responses(400, 403, 404, 422))
def read_network(
    services: ServicesDep, user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose,
    offset: Offset = 0, limit: Limit = 100,
) -> NetworkPage:
    """Nodes (persons, then businesses, by id) and links, each list paged by `offset` and `limit`.

    Only what belongs to your cases; analysts see victims under pseudonyms.
    """
    if limit > services.settings.page_max:
        raise Problem(422, "invalid-input", f"query parameter 'limit': at most {services.settings.page_max}",
                      errors=[{"in": "query", "name": "limit", "message": f"at most {services.settings.page_max}"}])
    network = viewer.case_network(case_id)
    links = [LinkOut(source=l.source_id, type=l.type, target=l.target_id, case_id=l.case_id, since=l.since,
                     until=l.until, amount=l.amount, evidence_id=l.evidence_id) for l in network.links]
    return NetworkPage(case_id=case_id, jurisdiction=network.jurisdiction,
                       nodes=Page[NodeOut](**_page(_nodes(network), offset, limit)),
                       links=Page[LinkOut](**_page(links, offset, limit)))
