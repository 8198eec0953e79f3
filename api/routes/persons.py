"""A person: attributes, roles and evidence in your cases, identifiers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from api.deps import CaseReader, Purpose, Services, ServicesDep, Viewer, ViewerDep
from service.models import IdentifierOut, PersonOut
from api.problems import Problem, responses
from graph.cypher import query
from graph.sealing import Sealer, spelling_record
from service.pseudonyms import WITHHELD

router = APIRouter(prefix="/persons", tags=["persons"], responses=responses(401))

PersonIdPath = Annotated[str, Path(description="A person id (analysts may also use a victim's pseudonym).",
                                   examples=["P002"], max_length=200)]


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _opened(sealer: Sealer, clear: Any, sealed: str | None, *, record: str, field: str) -> Any:
    """A field as loaded: in clear in the graph, or sealed there (a victim's, or free text)."""
    return _native(clear) if sealed is None else sealer.open(sealed, record=record, field=field)


def _identifier(sealer: Sealer, person_id: str, i: dict[str, Any]) -> IdentifierOut:
    iid = i["identifier_id"]
    return IdentifierOut(
        kind=i["kind"], value=_opened(sealer, i["value"], i["value_enc"], record=iid, field="value"),
        raw_value=_opened(sealer, i["raw_value"], i["raw_value_enc"], record=spelling_record(person_id, iid),
                          field="raw_value"))


def _person(services: Services, viewer: Viewer, person_id: str) -> PersonOut | None:
    records, _, _ = services.driver.execute_query(
        query("api.routes", "person_detail"), person_id=person_id, case_ids=sorted(viewer.user.cases),
        database_=services.database, routing_="r")
    if not records or not records[0]["roles"]:
        return None
    r, sealer = records[0], services.sealer
    roles = sorted(({k: _native(v) for k, v in x.items()} for x in r["roles"]), key=lambda x: (x["case_id"], x["role"]))
    evidence = [{k: _native(v) for k, v in e.items() if k != "description_enc"}
                | {"description": sealer.open(e["description_enc"], record=e["evidence_id"], field="description")}
                for e in r["evidence"]]
    # Analysts' answers are opened too: the release layer then scrubs every victim's values from them.
    person = PersonOut(
        person_id=r["person_id"], name=_opened(sealer, r["name"], r["name_enc"], record=person_id, field="name"),
        birth_date=_opened(sealer, r["birth_date"], r["birth_date_enc"], record=person_id, field="birth_date"),
        nationality=r["nationality"], immigration_status=r["immigration_status"], victim=r["victim"], roles=roles,
        identifiers=sorted((_identifier(sealer, person_id, i) for i in r["identifiers"]), key=lambda i: (i.kind, i.value)),
        evidence=sorted(evidence, key=lambda e: e["evidence_id"]),
    )
    # A possible victim is a victim to analysts (docs/api.md): her record is her pseudonym's.
    if viewer.analyst and (person.victim or viewer.index().is_victim(person_id)):
        alias = services.pseudonyms.victim(person_id)
        identifiers = [IdentifierOut(kind=i.kind, value=services.pseudonyms.identifier(i.kind, i.value))
                       for i in person.identifiers]
        # When things were done to her dates her story: withheld as in the analysis database.
        evidence = [e.model_copy(update={"observed_on": None, "until": None}) for e in person.evidence]
        person = person.model_copy(update={"person_id": alias, "name": alias, "birth_date": None,
                                           "identifiers": identifiers, "evidence": evidence})
    elif viewer.analyst and person_id in viewer.relatives():
        # Her relative is how a victim is found: withheld as in the analysis database (service/analysis_content.py).
        identifiers = [IdentifierOut(kind=i.kind, value=services.pseudonyms.identifier(i.kind, i.value))
                       for i in person.identifiers]
        evidence = [e.model_copy(update={"description": None, "observed_on": None, "until": None})
                    for e in person.evidence]
        person = person.model_copy(update={"name": WITHHELD, "birth_date": None, "identifiers": identifiers,
                                           "evidence": evidence})
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
        raise Problem(404, "not-found", "no such person in your cases")
    request.state.cases = sorted({r.case_id for r in person.roles})
    return person
