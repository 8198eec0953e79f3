"""The charge-plan workbench: pick options per person and measures per business, see the plan on the
three conceptions of success, load the suggestions, save plans to the case, compare up to four."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service import views
from service.plan_store import plan_store
from service.problems import Problem
from service.release import audit
from queries.plans.suggest import DEFAULT_MAX_ACTIONS
from web.routes import PREFIX
from web import notes
from web.carried import MAX_KEPT
from web.context import CasePage, CasePageDep
from web.panel import option_costs
from web.render import is_htmx, page
from web.user_text import colleagues_title

router = APIRouter(prefix=PREFIX)

#: What the workbench shows of an option (beside its cost, `web.panel.option_costs`).
SHOWN = ("title", "kind", "code", "target", "target_id", "citation", "strength")
#: Persons offered in the workbench: the top of the key-person ranking.
PERSONS = 20
MAX_COMPARED = 4
Actions = Annotated[list[str], Form(alias="action", max_length=60)]
Title = Annotated[str, Form(max_length=200)]


def encode(a: dict[str, Any]) -> str:
    """An action as a checkbox value: `person:P002:offence:strl_257`."""
    kind = "person" if "person" in a else "business"
    what = "offence" if "offence" in a else "measure"
    return f"{kind}:{a[kind]}:{what}:{a[what]}"


def plan_body(case_id: str, title: str, actions: list[str]) -> dict[str, Any]:
    out = []
    for value in actions:
        parts = value.split(":")
        if len(parts) != 4 or parts[0] not in ("person", "business") or parts[2] not in ("offence", "measure"):
            raise Problem(422, "plan-invalid", f"not an action: {value!r}")
        out.append({parts[0]: parts[1], parts[2]: parts[3]})
    if not out:
        raise Problem(422, "plan-invalid", "pick at least one option or measure")
    return {"case": case_id, "title": title.strip() or "Untitled plan", "actions": out}


def choices(case: CasePage) -> list[dict[str, Any]]:
    """Per person of the ranking: their applicable options; measures against a business under it."""
    ranking = views.key_persons(case.viewer, case.case_id, PERSONS, None)
    businesses = case.viewer.case_network(case.case_id).businesses  # a measure names its business, not its id
    people: list[dict[str, Any]] = []
    offered: set[str] = set()
    for p in ranking["ranking"]:
        options = views.person_options(case.viewer, case.case_id, p["person_id"])["options"]
        # Only what the page shows of an option: its cost in words (counts), not its flags (hundreds of
        # victims' ids per option at 2,000 persons, each one scrubbed by the release step).
        usable = [{k: o[k] for k in SHOWN} | {"costs": option_costs(o),
                                             "value": encode({o["target"]: o["target_id"], o["kind"]: o["code"]}),
                                             "target_name": getattr(businesses.get(o["target_id"]), "name", None)
                                             if o["target"] == "business" else None}
                  for o in options if o["strength"] > 0 and not o["notes"]]
        usable = [o for o in usable if o["value"] not in offered]  # a business's measure once, under its first controller
        offered.update(o["value"] for o in usable)
        people.append({"person_id": p["person_id"], "name": p["name"], "rank": p["rank"], "options": usable})
    return people


def workbench_choices(case: CasePage, *, shown: bool = True) -> list[dict[str, Any]]:
    """`choices`, released once per case view and kept while the graph is unchanged (also worked out
    ahead by the case page of a large case, web/routes/cases.py)."""
    return case.release_memo(("workbench-choices", case.case_id), lambda: choices(case), shown=shown)


def _ids(body: dict[str, Any], person: Callable[[str], str]) -> dict[str, Any]:
    """The plan with each person's id mapped (real ids to the view's, or back)."""
    return body | {"actions": [a | ({"person": person(a["person"])} if "person" in a else {}) for a in body["actions"]]}


def _suggested(case: CasePage) -> list[dict[str, Any]]:
    return views.suggestions(case.viewer, case.case_id, DEFAULT_MAX_ACTIONS)["suggestions"]


def resolve_titled(case: CasePage, ref: str) -> tuple[dict[str, Any], bool]:
    """`saved:ID` or `suggested:N` as a plan body (404 for another case's plan, as for a missing one), and
    whether its title is the reader's own text (web/user_text.py): kept out of the release step."""
    kind, _, key = ref.partition(":")
    if kind == "saved" and key.isdigit():
        saved = plan_store(case.services.settings.home).get(case.case_id, int(key))
        if saved is not None:  # stored by real ids: a victim who offends is a pseudonym in a hidden view
            network = case.viewer.case_network(case.case_id)
            title, own = colleagues_title(case, saved.author, saved.title)
            return _ids(saved.body, lambda pid: case.viewer.key_in(network, pid)) | {"title": title}, own
    if kind == "suggested" and key.isdigit() and int(key) < len(suggested := _suggested(case)):
        plan = suggested[int(key)]["evaluation"]["plan"]
        return {k: v for k, v in plan.items() if k != "source"}, False  # its title is the graph's: released
    raise Problem(404, "not-found", "no such plan in this case")


def resolve(case: CasePage, ref: str) -> dict[str, Any]:
    return resolve_titled(case, ref)[0]


def released_plans(case: CasePage, result: dict[str, Any], own: list[bool]) -> dict[str, Any]:
    """A comparison (`views.compare_plans`) as this reader may see it, their own titles as typed."""
    return case.release(result, own=[p["plan"]["title"] for p, mine in zip(result["plans"], own) if mine])


@router.get("/cases/{case_id}/plans", response_class=HTMLResponse)
def workbench(case: CasePageDep, load: Annotated[str | None, Query(max_length=40)] = None,
              saved_now: Annotated[int | None, Query(alias="saved")] = None,
              ticked: Annotated[list[str], Query(alias="action", max_length=MAX_KEPT)] = [],  # noqa: B006 (FastAPI)
              kept: bool = False) -> HTMLResponse:
    """The workbench; `action` (repeated): the boxes ticked before a reveal or a hide (`carried`), `kept`:
    the page comes back from one (the script puts back the title, which stayed in the browser's tab)."""
    loaded, loaded_own = resolve_titled(case, load) if load else (None, False)
    saved = plan_store(case.services.settings.home).list(case.case_id)
    titles = [colleagues_title(case, p.author, p.title) for p in saved]
    own = [title for title, mine in titles if mine] + ([loaded["title"]] if loaded and loaded_own else [])
    # The persons' options are released once per case view and kept while the graph is unchanged (a
    # 2,000-person case's workbench: twenty persons' options, hundreds of choices).
    people = workbench_choices(case)
    data = {"people": people} | case.release({
        "loaded": loaded,
        "saved": [{"plan_id": p.plan_id, "title": title, "author": p.author, "saved_at": p.saved_at,
                   "size": len(p.body["actions"])} for p, (title, _) in zip(saved, titles)]}, own=own)
    picked = set(ticked) if kept else {encode(a) for a in (data["loaded"] or {}).get("actions", [])}
    just = next((s for s in data["saved"] if s["plan_id"] == saved_now), None)  # the confirmation of a save
    return page(case.request, "plans.html", case.web, case_id=case.case_id, purpose=case.purpose, picked=picked,
                saved_now=just, note_choices=case.release(notes.choices(case)), **data)


@router.post("/cases/{case_id}/plans/evaluate", response_class=HTMLResponse)
def evaluate(case: CasePageDep, title: Title = "", action: Actions = []) -> HTMLResponse:  # noqa: B006 (FastAPI)
    body = plan_body(case.case_id, title, action)
    result = views.compare_plans(case.viewer, case.case_id, [body])  # its rows, as in a comparison
    data = released_plans(case, result, [True])  # the title they typed comes back as typed
    data = {"evaluation": data["plans"][0], "rows": data["rows"]}
    name = "_evaluation.html" if is_htmx(case.request) else "evaluation.html"
    return page(case.request, name, case.web, case_id=case.case_id, purpose=case.purpose, **data)


@router.post("/cases/{case_id}/plans/save")
def save(case: CasePageDep, title: Title = "", action: Actions = []) -> Response:  # noqa: B006 (FastAPI)
    body = plan_body(case.case_id, title, action)
    views.evaluate_plan(case.viewer, case.case_id, body)  # only a plan that checks out against the case is kept
    # The intent on disk first: with the log down, nothing is stored (probe 3, finding 7).
    audit(case.services, case.web.user, case.request.scope, status=0, records=[], purpose=case.purpose,
          note={"action": "plan-save-intent", "detail": f"plan: {body['title']}"})
    saved = plan_store(case.services.settings.home).save(case.case_id, _ids(body, case.viewer.person_id),
                                                         case.web.user.name)
    audit(case.services, case.web.user, case.request.scope, status=200, records=[], purpose=case.purpose,
          note={"action": "plan-save", "detail": f"plan {saved.plan_id}: {saved.title}"})
    target = f"/web/cases/{case.case_id}/plans?load=saved:{saved.plan_id}&saved={saved.plan_id}"
    if is_htmx(case.request):  # the form is htmx's: leave the page rather than swap it into the panel
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


@router.get("/cases/{case_id}/plans/suggestions", response_class=HTMLResponse)
def suggestions(case: CasePageDep) -> HTMLResponse:
    data = case.release({"suggestions": _suggested(case)})
    return page(case.request, "_suggestions.html", case.web, case_id=case.case_id, **data)


def comparison(case: CasePage, refs: list[str], least: int = 2) -> dict[str, Any]:
    """The plans compared, released for this reader (their own titles as typed)."""
    if not least <= len(refs) <= MAX_COMPARED:
        raise Problem(422, "plan-invalid", f"choose {'two' if least == 2 else 'one'} to {MAX_COMPARED} plans")
    resolved = [resolve_titled(case, r) for r in refs]
    result = views.compare_plans(case.viewer, case.case_id, [body for body, _ in resolved])
    return released_plans(case, result, [own for _, own in resolved])


@router.post("/cases/{case_id}/plans/compare", response_class=HTMLResponse)
def compare(case: CasePageDep, plan: Annotated[list[str], Form(max_length=40)] = []) -> HTMLResponse:  # noqa: B006
    data = comparison(case, plan)
    name = "_comparison.html" if is_htmx(case.request) else "comparison.html"
    return page(case.request, name, case.web, case_id=case.case_id, purpose=case.purpose, refs=plan, **data)
