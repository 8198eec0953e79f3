"""Charge plans: evaluate one, compare several, or have some suggested, on the three
conceptions of success (convictions, victims freed and protected, network disrupted)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response

from service import views
from api.deps import AssignedCase, CaseReader, Purpose, ViewerDep
from api.problems import responses
from queries.plans.suggest import DEFAULT_MAX_ACTIONS

router = APIRouter(prefix="/cases", tags=["plans"], responses=responses(401))

PLAN_EXAMPLE = {"case": "NO-GLANS", "title": "Alternatives only",
                "actions": [{"person": "P001", "offence": "strl_379"}, {"person": "P002", "measure": "expulsion"},
                            {"business": "B001", "measure": "labour_inspection"}]}
PlanBody = Annotated[dict[str, Any], Body(description="A plan as in docs/plans.md (the YAML file's JSON form).",
                                          examples=[PLAN_EXAMPLE])]
PLAN_PROBLEMS = responses(400, 403, 404, 422)


@router.post("/{case_id}/plans/evaluate", summary="Score a charge plan on the three conceptions of success",
             responses=PLAN_PROBLEMS)
def evaluate_plan(
    request: Request, user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose, plan: PlanBody,
) -> dict[str, Any]:
    """Convictions likely, victims freed and protections kept or lost, network disrupted; with
    the flags of every action (decision support, not legal advice)."""
    request.state.echo = plan  # its title comes back as written (service/release.py)
    return views.evaluate_plan(viewer, case_id, plan)


@router.post("/{case_id}/plans/compare", summary="Compare charge plans side by side", responses=PLAN_PROBLEMS)
def compare_plans(
    request: Request, user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose,
    plans: Annotated[list[dict[str, Any]], Body(embed=True, min_length=2, max_length=views.MAX_COMPARED,
                                                description="Two to ten plans for this case.",
                                                examples=[[PLAN_EXAMPLE, PLAN_EXAMPLE | {"title": "Copy"}]])],
) -> dict[str, Any]:
    """One column per plan, the three conceptions of success as rows."""
    request.state.echo = plans
    return views.compare_plans(viewer, case_id, plans)


@router.get("/{case_id}/plans/suggest", summary="Plans suggested from the Pareto front of the three conceptions",
            responses=PLAN_PROBLEMS)
def suggest(
    user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose,
    max_actions: Annotated[int, Query(ge=1, le=6, description="Most actions in a plan.")] = DEFAULT_MAX_ACTIONS,
) -> Response:
    """A few plans, each best on one conception without being worse on all others, with their evaluations."""
    return viewer.memo_json(("plans-suggest", case_id, max_actions), lambda: views.suggestions(viewer, case_id, max_actions))
