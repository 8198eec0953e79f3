"""A person: attributes, roles and evidence in your cases, identifiers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from api.deps import CaseReader, Purpose, Services, ServicesDep, Viewer, ViewerDep
from api.models import IdentifierOut, PersonOut
from api.problems import Problem, responses
from graph.cypher import query

router = APIRouter(prefix="/persons", tags=["persons"], responses=responses(401))

PersonIdPath = Annotated[str, Path(description="A person id (analysts may also use a victim's pseudonym).",
                                   examples=["P002"], max_length=200)]


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _person(services: Services, viewer: Viewer, person_id: str) -> PersonOut | None:
    records, _, _ = services.driver.execute_query(
        query("person_detail"), person_id=person_id, case_ids=sorted(viewer.user.cases),
        database_=services.database, routing_="r")
    if not records or not records[0]["roles"]:
        return None
    r = records[0]
    roles = sorted(({k: _native(v) for k, v in x.items()} for x in r["roles"]), key=lambda x: (x["case_id"], x["role"]))
    person = PersonOut(
        person_id=r["person_id"], name=r["name"], birth_date=_native(r["birth_date"]), nationality=r["nationality"],
        immigration_status=r["immigration_status"], victim=r["victim"], roles=roles,
        identifiers=sorted(r["identifiers"], key=lambda i: (i["kind"], i["value"])),
        evidence=sorted(r["evidence"], key=lambda e: e["evidence_id"]),
    )
    if viewer.analyst and person.victim:
        alias = services.pseudonyms.victim(person_id)
        identifiers = [IdentifierOut(kind=i.kind, value=services.pseudonyms.identifier(i.kind, i.value))
                       for i in person.identifiers]
        person = person.model_copy(update={"person_id": alias, "name": alias, "birth_date": None,
                                           "identifiers": identifiers})
    return person


@router.get("/{person_id}", response_model=PersonOut, summary="One person, as far as your cases concern them",
            responses=responses(400, 403, 404))
def read_person(
    request: Request, services: ServicesDep, user: CaseReader, viewer: ViewerDep, person_id: PersonIdPath,
    _purpose: Purpose,
) -> PersonOut:
    """A person with a role in one of your cases: roles and evidence from your cases only.

    Analysts see a victim under their pseudonym, without name, birth date or identifiers' spellings.
    """
    real_id = viewer.person_id(person_id)
    person = viewer.memo(("person", real_id), lambda: _person(services, viewer, real_id))
    if person is None:
        raise Problem(404, "not-found", f"no person {person_id!r} in your cases")
    request.state.cases = sorted({r.case_id for r in person.roles})
    return person
