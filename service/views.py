"""What a route and a web page both show: one function each, so that the HTTP API and the web app
go through the same scope checks, the same views of a case (`Viewer`) and the same caches.

Each returns plain data (dicts of JSON types); the API sends it as JSON through the release step
(service/release.py), the web app renders it after `release.released` (the same step for a page).
"""

from __future__ import annotations

import json
from typing import Any

from service.auth import Role, User
from service.services import Services
from service.viewer import Viewer
from service.models import CaseSummary
from service.problems import Problem
from graph.cypher import query
from queries.key_persons.rank import key_player_set, rank_key_persons
from queries.network.model import CaseNetwork
from queries.options.engine import OptionEngine, options_for_person
from queries.plans.outcomes import case_outcomes
from queries.plans.compare import comparison_rows
from queries.plans.evaluate import PlanEvaluator
from queries.plans.model import Plan, parse_plan
from queries.plans.suggest import suggest_plans
from queries.options.standing import VictimStandings
from rules import RulePack, pack_for

#: Plans compared side by side at most (the API's body limit; the web app shows four).
MAX_COMPARED = 10


def case_summaries(services: Services, user: User, case_ids: list[str] | None) -> list[CaseSummary]:
    """The cases asked for (None: the user's own; admins: every case, to assign users to it)."""
    wanted = case_ids if case_ids is not None else (None if user.role is Role.admin else sorted(user.cases))
    records, _, _ = services.driver.execute_query(query("service", "case_summaries"), case_ids=wanted,
                                                  database_=services.database, routing_="r")
    return [CaseSummary(**{**dict(r), "opened_on": r["opened_on"].to_native() if r["opened_on"] else None})
            for r in records]


def key_persons(viewer: Viewer, case_id: str, top: int, key_set: int | None) -> dict[str, Any]:
    """The ranking with its reasons (and a key-player set of `key_set` persons), as this user sees the case."""
    def compute() -> dict[str, Any]:
        network = viewer.case_network(case_id)
        result = rank_key_persons(network, top=top).to_dict()
        # Records decided to be the same person, followed into the user's other cases only (service/scope.py).
        result["followed_same_as"] = [list(pair) for pair in network.same_as]
        if key_set:
            result["key_player_set"] = key_player_set(network, key_set).to_dict()
        return result

    return viewer.memo(("key-persons", case_id, top, key_set), compute)


def person_key(viewer: Viewer, case_id: str, person_id: str) -> tuple[CaseNetwork, str]:
    """The case as the user sees it and where the person sits in it; 404 for a person not in it."""
    network = viewer.case_network(case_id)
    key = viewer.key_in(network, viewer.person_id(person_id))
    if key not in network.persons:
        raise Problem(404, "not-found", "no such person in this case")
    return network, key


def case_pack(viewer: Viewer, case_id: str) -> tuple[CaseNetwork, RulePack]:
    network = viewer.case_network(case_id)
    if not network.jurisdiction:
        raise Problem(404, "not-found", "this case has no jurisdiction, so no rule pack applies")
    return network, pack_for(network.jurisdiction)


def network_options(network: CaseNetwork, case_id: str, person_id: str) -> dict[str, Any]:
    """A person's options in a case's network, under its jurisdiction's rule pack (the route's
    answer, and a direct notebook session's `nb.options`)."""
    if not network.jurisdiction:
        raise Problem(404, "not-found", "this case has no jurisdiction, so no rule pack applies")
    return options_for_person(network, pack_for(network.jurisdiction), person_id, case_id=case_id).to_dict()


def option_engine(viewer: Viewer, case_id: str) -> OptionEngine:
    """One engine per case view, shared by its persons' options: its scope (standings, evidence and links
    indexed) costs as much as one person's options at 2,000 persons, and the workbench asks for twenty."""
    network, pack = case_pack(viewer, case_id)
    return viewer.memo(("option-engine", case_id), lambda: OptionEngine(network, pack, case_id=case_id))


def person_options(viewer: Viewer, case_id: str, person_id: str) -> dict[str, Any]:
    """A person's offences and measures, strongest first, with every flag (names as the view shows them)."""
    _, key = person_key(viewer, case_id, person_id)
    return viewer.memo(("options", case_id, key),
                       lambda: option_engine(viewer, case_id).options_for_person(key).to_dict())


def plan_of(body: dict[str, Any], case_id: str, source: str) -> Plan:
    plan = parse_plan(json.dumps(body), source)
    if plan.case != case_id:
        raise Problem(422, "plan-invalid", f"{source} is for another case, not {case_id!r}",
                      errors=[{"in": "body", "name": f"{source}.case", "message": f"must be {case_id!r}"}])
    return plan


def evaluate_plan(viewer: Viewer, case_id: str, body: dict[str, Any]) -> dict[str, Any]:
    network, pack = case_pack(viewer, case_id)
    return PlanEvaluator(network, pack, case_id).evaluate(plan_of(body, case_id, "plan")).to_dict()


def compare_plans(viewer: Viewer, case_id: str, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    """One column per plan, the three conceptions of success as rows."""
    network, pack = case_pack(viewer, case_id)
    evaluator = PlanEvaluator(network, pack, case_id)
    results = [evaluator.evaluate(plan_of(p, case_id, f"plans[{i}]")) for i, p in enumerate(bodies)]
    return {"plans": [r.to_dict() for r in results], "rows": [row.to_dict() for row in comparison_rows(results)]}


def suggestions(viewer: Viewer, case_id: str, max_actions: int) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        network, pack = case_pack(viewer, case_id)
        return suggest_plans(network, pack, case_id, max_actions=max_actions).to_dict()

    return viewer.memo(("plans-suggest", case_id, max_actions), compute)


def case_overview(viewer: Viewer, summary: CaseSummary) -> dict[str, Any]:
    """A case's summary with its victims by standing (identified, not yet identified, possibly a
    victim) and its outcomes, anticipated and achieved."""
    case_id = summary.case_id
    network = viewer.case_network(case_id)
    possible = viewer.memo(("possible", case_id), lambda: len(VictimStandings(network, case_id).possible()))
    outcomes = case_outcomes(viewer.services.driver, case_id, database=viewer.services.database)
    return summary.model_dump() | {
        "not_yet_identified": summary.victims - summary.identified_victims, "possible_victims": possible,
        "outcomes": [o for o in outcomes.to_dict()["outcomes"] if o["target"] is not None or o["achieved"] is not None],
    }
