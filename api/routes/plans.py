"""Charge plans: evaluate one, compare several, or have some suggested, on the three
conceptions of success (convictions, victims freed and protected, network disrupted)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response

from api.deps import AssignedCase, CaseReader, Purpose, ViewerDep
from api.problems import Problem, responses
from queries.network import CaseNetwork
from queries.plan_compare import comparison_rows
from queries.plan_evaluate import PlanEvaluator
from queries.plan_model import Plan, parse_plan
from queries.plan_suggest import DEFAULT_MAX_ACTIONS, suggest_plans
from rules import RulePack, pack_for

router = APIRouter(prefix="/cases", tags=["plans"], responses=responses(401))

PLAN_EXAMPLE = {"case": "NO-GLANS", "title": "Alternatives only",
                "actions": [{"person": "P001", "offence": "strl_379"}, {"person": "P002", "measure": "expulsion"},
                            {"business": "B001", "measure": "labour_inspection"}]}
PlanBody = Annotated[dict[str, Any], Body(description="A plan as in docs/plans.md (the YAML file's JSON form).",
                                          examples=[PLAN_EXAMPLE])]
PLAN_PROBLEMS = responses(400, 403, 404, 422)


def _case(viewer: ViewerDep, case_id: str) -> tuple[CaseNetwork, RulePack]:
    network = viewer.case_network(case_id)
    if not network.jurisdiction:
        raise Problem(404, "not-found", "this case has no jurisdiction, so no rule pack applies")
    return network, pack_for(network.jurisdiction)


def _plan(body: dict[str, Any], case_id: str, source: str) -> Plan:
    plan = parse_plan(json.dumps(body), source)
    if plan.case != case_id:
        raise Problem(422, "plan-invalid", f"{source} is for another case, not {case_id!r}",
                      errors=[{"in": "body", "name": f"{source}.case", "message": f"must be {case_id!r}"}])
    return plan


@router.post("/{case_id}/plans/evaluate", summary="Score a charge plan on the three conceptions of success",
             responses=PLAN_PROBLEMS)
def evaluate_plan(
    request: Request, user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose, plan: PlanBody,
) -> dict[str, Any]:
    """Convictions likely, victims freed and protections kept or lost, network disrupted; with
    the flags of every action (decision support, not legal advice)."""
    request.state.echo = plan  # its title comes back as written (api/release.py)
    network, pack = _case(viewer, case_id)
    return PlanEvaluator(network, pack, case_id).evaluate(_plan(plan, case_id, "plan")).to_dict()


@router.post("/{case_id}/plans/compare", summary="Compare charge plans side by side", responses=PLAN_PROBLEMS)
def compare_plans(
    request: Request, user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose,
    plans: Annotated[list[dict[str, Any]], Body(embed=True, min_length=2, max_length=10,
                                                description="Two to ten plans for this case.",
                                                examples=[[PLAN_EXAMPLE, PLAN_EXAMPLE | {"title": "Copy"}]])],
) -> dict[str, Any]:
    """One column per plan, the three conceptions of success as rows."""
    request.state.echo = plans
    network, pack = _case(viewer, case_id)
    evaluator = PlanEvaluator(network, pack, case_id)
    results = [evaluator.evaluate(_plan(p, case_id, f"plans[{i}]")) for i, p in enumerate(plans)]
    return {"plans": [r.to_dict() for r in results], "rows": [row.to_dict() for row in comparison_rows(results)]}


@router.get("/{case_id}/plans/suggest", summary="Plans suggested from the Pareto front of the three conceptions",
            responses=PLAN_PROBLEMS)
def suggest(
    user: CaseReader, case_id: AssignedCase, viewer: ViewerDep, _purpose: Purpose,
    max_actions: Annotated[int, Query(ge=1, le=6, description="Most actions in a plan.")] = DEFAULT_MAX_ACTIONS,
) -> Response:
    """A few plans, each best on one conception without being worse on all others, with their evaluations."""
    def compute() -> dict[str, Any]:
        network, pack = _case(viewer, case_id)
        return suggest_plans(network, pack, case_id, max_actions=max_actions).to_dict()

    return viewer.memo_json(("plans-suggest", case_id, max_actions), compute)
