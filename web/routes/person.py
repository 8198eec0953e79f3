"""The person panel: why a key person, their options ranked with their cost to victims in words, a table of
victims by protections, and every flag folded per victim (web/panel.py)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, JSONResponse

from queries.network.model import CaseNetwork
from service.lookups import RulePack, rule_pack as pack_for
from service import views
from web.routes import PREFIX
from web.context import CasePage, CasePageDep
from web.panel import summarise
from web.render import is_htmx, page

router = APIRouter(prefix=PREFIX)

#: How far down the ranking the panel looks for a person's reasons.
RANKED = 100


def _not_at_stake(network: CaseNetwork, pack: RulePack | None, victims: list[str],
                  protections: list[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """For a protection no option costs a victim: kept, or not applicable to her, and why (from the pack)."""
    out = {}
    for v in victims:
        person = network.persons.get(v)
        for code in protections:
            rule = pack.protection(code) if pack else None
            if rule and person and rule.foreign_nationals_only and pack.is_national(person.nationality):
                out[(v, code)] = ("na", "not applicable: for foreign nationals only")
            else:
                out[(v, code)] = ("kept", "kept under every option (not at risk, or already secured)")
    return out


def _summary(network: CaseNetwork, options: dict[str, Any]) -> dict[str, Any]:
    names: dict[str, str | None] = {}
    standings: dict[str, str | None] = {}
    for o in options["options"]:
        for f in o["flags"]:
            for vid, name in zip(f["victim_ids"], f.get("victim_names") or [None] * len(f["victim_ids"]), strict=False):
                names.setdefault(vid, name)
                if f.get("standing"):
                    standings.setdefault(vid, f["standing"])
    pack = pack_for(network.jurisdiction) if network.jurisdiction else None
    protections = sorted({f["protection_code"] for o in options["options"] for f in o["flags"] if f.get("protection_code")})
    return summarise(options["options"], names, standings, _not_at_stake(network, pack, sorted(names), protections))


def panel_data(case: CasePage, person_id: str, *, shown: bool = True) -> dict[str, Any]:
    """The panel, released once per case view and release step and kept while the graph is unchanged
    (web/context.py `release_memo`): at 2,000 persons a controller's options carry thousands of flags."""
    key = case.kept(("panel-key", case.case_id, person_id), lambda: views.person_key(case.viewer, case.case_id,
                                                                                      person_id)[1])

    def compute() -> dict[str, Any]:
        network = case.viewer.case_network(case.case_id)
        person = asdict(network.persons[key])
        ranking = views.key_persons(case.viewer, case.case_id, RANKED, None)
        ranked = next((p for p in ranking["ranking"] + ranking["victim_offenders"] if p["person_id"] == key), None)
        options = views.person_options(case.viewer, case.case_id, key) if network.jurisdiction else None
        evidence = {e.evidence_id for e in network.evidence}
        facts = {f for r in (ranked or {}).get("reasons", []) for f in r["facts"]}
        return {"person": person, "ranked": ranked, "options": options, "evidence_ids": sorted(facts & evidence),
                "summary": _summary(network, options) if options else None}

    return case.release_memo(("panel", case.case_id, key), compute, shown=shown)


@router.get("/api/cases/{case_id}/persons/{person_id}/options")
def person_options_json(case: CasePageDep, person_id: Annotated[str, Path(max_length=200)]) -> JSONResponse:
    """A person's options and flags for a widget (the API's `/cases/{case}/persons/{person}/options`)."""
    return case.json(views.person_options(case.viewer, case.case_id, person_id))


@router.get("/cases/{case_id}/persons/{person_id}", response_class=HTMLResponse)
def person_panel(case: CasePageDep, person_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    data = panel_data(case, person_id)
    name = "_panel.html" if is_htmx(case.request) else "person.html"
    return page(case.request, name, case.web, case_id=case.case_id, purpose=case.purpose, **data)


@router.get("/cases/{case_id}/persons/{person_id}/flags", response_class=HTMLResponse)
def person_flags(case: CasePageDep, person_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    """The panel's every flag per victim, asked for when the reader opens it (same released data, cached)."""
    data = panel_data(case, person_id)
    return page(case.request, "_panel_flags.html", case.web, case_id=case.case_id, purpose=case.purpose, **data)
