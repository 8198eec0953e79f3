"""Saved views of the network page (Linkurious's and Bloom's saved views): the shown parties, their
positions, the groups opened and the filters, named by their author and shared with the case's users.

Stored by real ids (service/view_store.py): a victim seen under her pseudonym is saved by her id and
opened again under whatever this reader sees her as. Saving is audited as saving a plan is: the intent
first (nothing is stored with the log down), then the view saved.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StringConstraints

from service.problems import Problem
from service.release import audit
from service.view_store import view_store
from web.context import CasePage, CasePageDep
from web.routes import PREFIX
from web.user_text import colleagues_title

router = APIRouter(prefix=PREFIX)

#: Parties a view may hold at most (a 2,000-person case with every one shown, and its businesses).
MAX_PARTIES = 5000
Id = Annotated[str, Field(max_length=200)]
Point = tuple[float, float]


class ViewIn(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    positions: Annotated[dict[Id, Point], Field(max_length=MAX_PARTIES)]
    shown: Annotated[list[Id], Field(max_length=MAX_PARTIES)]
    opened: Annotated[list[Id], Field(max_length=MAX_PARTIES)] = []
    types: Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=100)] = []
    date_from: Annotated[str, Field(max_length=10)] = ""
    date_to: Annotated[str, Field(max_length=10)] = ""
    layout: Annotated[str, Field(max_length=20)] = "force"


def _mapped(body: dict[str, Any], party: Any) -> dict[str, Any]:
    """The view with each party's id mapped by `party` (a group is named after its controller's id)."""
    def one(i: str) -> str:
        return f"group:{party(i[6:])}" if i.startswith("group:") else party(i)
    return body | {"positions": {one(k): v for k, v in body["positions"].items()},
                   "shown": [one(i) for i in body["shown"]], "opened": [one(i) for i in body["opened"]]}


def listed(case: CasePage) -> list[dict[str, Any]]:
    """The case's saved views for the network page, each name as this reader may read it (web/user_text.py)."""
    saved = view_store(case.services.settings.home).list(case.case_id)
    names = [colleagues_title(case, v.author, v.name) for v in saved]
    own = [name for name, mine in names if mine]
    data = {"views": [{"view_id": v.view_id, "name": name, "author": v.author, "saved_at": v.saved_at}
                      for v, (name, _) in zip(saved, names)]}
    return case.release(data, own=own)["views"]


@router.post("/cases/{case_id}/views")
def save_view(case: CasePageDep, view: ViewIn) -> JSONResponse:
    """Saves the view as the page shows it (CSRF header from htmx's `hx-headers`, as for every change)."""
    name = view.name
    audit(case.services, case.web.user, case.request.scope, status=0, records=[], purpose=case.purpose,
          note={"action": "view-save-intent", "detail": f"view: {name}"})
    body = _mapped(view.model_dump(exclude={"name"}), case.viewer.person_id)
    saved = view_store(case.services.settings.home).save(case.case_id, name, body, case.web.user.name)
    audit(case.services, case.web.user, case.request.scope, status=200, records=[], purpose=case.purpose,
          note={"action": "view-save", "detail": f"view {saved.view_id}: {name}"})
    return JSONResponse({"view_id": saved.view_id, "name": name, "author": saved.author, "saved_at": saved.saved_at})


@router.get("/api/cases/{case_id}/views/{view_id}")
def open_view(case: CasePageDep, view_id: Annotated[int, Path(ge=1)]) -> Response:
    """A saved view in this reader's ids (a victim under her pseudonym until a purpose is given)."""
    saved = view_store(case.services.settings.home).get(case.case_id, view_id)
    if saved is None:
        raise Problem(404, "not-found", "no such view in this case")
    viewer = case.viewer
    network = viewer.case_network(case.case_id)
    body = _mapped(saved.body, lambda real: viewer.key_in(network, real))
    return case.json({"view_id": saved.view_id, "author": saved.author, "saved_at": saved.saved_at} | body)
