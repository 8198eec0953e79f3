"""The JSON the network page's widgets draw (graph and timeline); the page itself is web/routes/cases.py's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from service.auth import Role
from service.lookups import name_keys as parts

from web.context import CasePageDep
from web.network_view import network_view
from web.routes import PREFIX
from web.session import WebUserDep

router = APIRouter(prefix=PREFIX)


@router.get("/api/cases/{case_id}/network")
def network_json(case: CasePageDep) -> Response:
    """The case as the user sees it, released as `CasePage.json` does (scrubbed without a purpose, so that
    someone sharing a victim's name is not named either; audited by the release step with the session's
    purpose otherwise), but kept encoded: a 2,000-person case is half a megabyte of JSON."""
    viewer = case.viewer

    def compute() -> object:
        data = network_view(viewer, case.case_id)
        return with_name_keys(data if case.purpose else case.release(data))

    # Released per kind of reader: an analyst has more withheld than an investigator without a purpose.
    return viewer.memo_json(("web-network", case.case_id, case.web.user.role is Role.analyst), compute)


def with_name_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Each node but a victim with the skeletons of its label as shown (resolve/names.py `parts`), for a
    search that forgives typos and transliterations ("Popesku" finds Popescu, "Йон Дима" Ion Dima).
    Taken from the released label: a name withheld from the view gives no key either. Victims are
    never searchable by name."""
    for node in data["nodes"]:
        node["keys"] = [] if node["role"] == "victim" or node["victim"] else parts(node["label"] or "")
    return data


@router.get("/api/name-keys")
def name_keys(_: WebUserDep, q: Annotated[str, Query(max_length=200)]) -> JSONResponse:
    """The skeletons of what the user typed in the search box (the network page matches them with its nodes')."""
    return JSONResponse({"keys": parts(q)})
