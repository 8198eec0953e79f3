"""The person panel: why a key person, their options ranked, and every flag in words per victim."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, JSONResponse

from service import views
from web.routes import PREFIX
from web.context import CasePage, CasePageDep
from web.render import is_htmx, page

router = APIRouter(prefix=PREFIX)

#: How far down the ranking the panel looks for a person's reasons.
RANKED = 100
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def by_victim(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every flag of every option, told per victim it concerns (flags naming no victim come last, under None)."""
    victims: dict[str | None, dict[str, Any]] = {}
    for o in options:
        for f in o["flags"]:
            names = f.get("victim_names") or [None] * len(f["victim_ids"])
            for vid, name in zip(f["victim_ids"], names, strict=False):
                entry = victims.setdefault(vid, {"victim_id": vid, "name": name, "standing": f.get("standing"),
                                                 "flags": []})
                entry["flags"].append({"option": o["title"], "option_code": o["code"], "target": o["target_id"], **f})
            if not f["victim_ids"]:
                victims.setdefault(None, {"victim_id": None, "name": None, "standing": None, "flags": []})[
                    "flags"].append({"option": o["title"], "option_code": o["code"], "target": o["target_id"], **f})
    for entry in victims.values():
        entry["flags"].sort(key=lambda f: (SEVERITY_ORDER.get(f["severity"], 3), f["code"], f["option"]))
    return sorted(victims.values(), key=lambda e: (e["victim_id"] is None, e["victim_id"] or ""))


def panel_data(case: CasePage, person_id: str) -> dict[str, Any]:
    network, key = views.person_key(case.viewer, case.case_id, person_id)
    person = asdict(network.persons[key])
    ranking = views.key_persons(case.viewer, case.case_id, RANKED, None)
    ranked = next((p for p in ranking["ranking"] + ranking["victim_offenders"] if p["person_id"] == key), None)
    options = views.person_options(case.viewer, case.case_id, key) if network.jurisdiction else None
    evidence = {e.evidence_id for e in network.evidence}
    facts = {f for r in (ranked or {}).get("reasons", []) for f in r["facts"]}
    return {"person": person, "ranked": ranked, "options": options, "evidence_ids": sorted(facts & evidence),
            "victims": by_victim(options["options"]) if options else []}


@router.get("/api/cases/{case_id}/persons/{person_id}/options")
def person_options_json(case: CasePageDep, person_id: Annotated[str, Path(max_length=200)]) -> JSONResponse:
    """A person's options and flags for a widget (the API's `/cases/{case}/persons/{person}/options`)."""
    return case.json(views.person_options(case.viewer, case.case_id, person_id))


@router.get("/cases/{case_id}/persons/{person_id}", response_class=HTMLResponse)
def person_panel(case: CasePageDep, person_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    data = case.release(panel_data(case, person_id))
    name = "_panel.html" if is_htmx(case.request) else "person.html"
    return page(case.request, name, case.web, case_id=case.case_id, purpose=case.purpose, **data)
