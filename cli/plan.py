"""`thbgraph plan ...` (charge plans) and `thbgraph case ...` (anticipated outcomes).

Registered in cli/main.py with `app.add_typer(plan_app, name="plan")` and
`app.add_typer(case_app, name="case")`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import USER_ERRORS, Format, console, fail, print_json, say
from graph.errors import InvalidArgument

if TYPE_CHECKING:
    from neo4j import Driver

    from queries.network.model import CaseNetwork

#: queries.plans.suggest's, here so that help does not load the analyses (tests/test_cli_start.py
#: checks they agree).
DEFAULT_MAX_ACTIONS = 4

__all__ = ["case_app", "plan_app"]

plan_app = typer.Typer(help="Charge plans scored on convictions, victims and prevention.", no_args_is_help=True)
case_app = typer.Typer(help="Cases: a new one on its own; what each set out to achieve, and achieved.", no_args_is_help=True)

FormatOption = Annotated[Format, typer.Option("--format")]
RedactOption = Annotated[bool, typer.Option(help="Leave victims' names out of the JSON flags.")]


def _case(driver: Driver, case_id: str) -> CaseNetwork:
    from graph.settings import get_settings
    from queries.network.projection import Projector

    return Projector(driver, get_settings().neo4j_database).case([case_id])


@plan_app.command()
def evaluate(
    plan: Annotated[Path, typer.Argument(help="A plan file (YAML or JSON), see docs/plans.md.")],
    fmt: FormatOption = Format.table,
    redact: RedactOption = False,
) -> None:
    """Score a charge plan on convictions, victims freed and protected, and crime prevention."""
    from cli.plan_render import print_plan_evaluation
    from graph.local import database
    from graph.settings import get_settings
    from queries.plans.evaluate import PlanEvaluator
    from queries.plans.model import load_plan
    from rules import pack_for

    try:
        document = load_plan(plan)
        with database(get_settings(), say=say) as driver:
            network = _case(driver, document.case)
        evaluator = PlanEvaluator(network, pack_for(network.jurisdiction or ""), document.case, show_names=not redact)
        result = evaluator.evaluate(document)
    except USER_ERRORS as exc:
        fail(exc)
    if fmt is Format.json:
        print_json(result.to_dict())
    else:
        print_plan_evaluation(console, result, network)


@plan_app.command()
def compare(
    plans: Annotated[list[Path], typer.Argument(help="Two or more plan files for the same case.")],
    fmt: FormatOption = Format.table,
    redact: RedactOption = False,
) -> None:
    """Plans side by side: one column each, the three conceptions of success as rows."""
    from cli.plan_render import print_plan_comparison
    from graph.local import database
    from graph.settings import get_settings
    from queries.plans.compare import comparison_rows
    from queries.plans.evaluate import PlanEvaluator
    from queries.plans.model import load_plan
    from rules import pack_for

    try:
        if len(plans) < 2:
            raise InvalidArgument("compare needs at least two plans")
        documents = [load_plan(p) for p in plans]
        cases = sorted({d.case for d in documents})
        if len(cases) > 1:
            named = ", ".join(f"{d.source}: {d.case}" for d in documents)
            raise InvalidArgument(f"plans to compare must be for the same case ({named})")
        with database(get_settings(), say=say) as driver:
            network = _case(driver, cases[0])
        evaluator = PlanEvaluator(network, pack_for(network.jurisdiction or ""), cases[0], show_names=not redact)
        results = [evaluator.evaluate(d) for d in documents]
    except USER_ERRORS as exc:
        fail(exc)
    if fmt is Format.json:
        print_json({"plans": [r.to_dict() for r in results], "rows": [row.to_dict() for row in comparison_rows(results)]})
    else:
        print_plan_comparison(console, results)


@plan_app.command()
def suggest(
    case: Annotated[str, typer.Option("--case", help="The case id.")],
    max_actions: Annotated[int, typer.Option(min=1, help="Most actions in a suggested plan.")] = DEFAULT_MAX_ACTIONS,
    fmt: FormatOption = Format.table,
    redact: RedactOption = False,
) -> None:
    """A few plans from the Pareto front of the three conceptions, each with its evaluation."""
    from cli.plan_render import print_suggestions
    from graph.local import database
    from graph.settings import get_settings
    from queries.plans.suggest import suggest_plans
    from rules import pack_for

    try:
        with database(get_settings(), say=say) as driver:
            network = _case(driver, case)
        result = suggest_plans(network, pack_for(network.jurisdiction or ""), case, max_actions=max_actions,
                               show_names=not redact)
    except USER_ERRORS as exc:
        fail(exc)
    if fmt is Format.json:
        print_json(result.to_dict())
    else:
        print_suggestions(console, result)


@case_app.command("new")
def case_new(
    case_id: Annotated[str, typer.Argument(help="The new case's id, e.g. NO-PARTNER.")],
    title: Annotated[str, typer.Option(help="Its title.")],
    jurisdiction: Annotated[str, typer.Option(help="Whose law applies: NO, US, CA or GB.")],
    opened_on: Annotated[str | None, typer.Option(help="When it was opened (YYYY-MM-DD).")] = None,
) -> None:
    """Create a case on its own, before any person is known (e.g. for a partner's FtM file)."""
    from graph.local import database
    from graph.settings import get_settings
    from ingest.case_new import case_row, new_case

    settings = get_settings()
    try:
        case_row(case_id, title, jurisdiction, opened_on)  # its problems before a database starts for it
        with database(settings, say=say) as driver:
            case = new_case(driver, settings.neo4j_database, case_id, title, jurisdiction, opened_on)
    except USER_ERRORS as exc:
        fail(exc)
    console.print(f"Created case {case['case_id']} ({case['jurisdiction']}): {case['title']}.", markup=False)


@case_app.command()
def outcomes(
    case: Annotated[str, typer.Option("--case", help="The case id.")],
    anticipate: Annotated[list[str] | None, typer.Option(
        "--set", help="A target set before acting: KIND=NUMBER (repeatable).")] = None,
    achieved: Annotated[list[str] | None, typer.Option(
        "--achieved", help="What was achieved: KIND=NUMBER (repeatable).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Record and report a case's anticipated outcomes and achievements (arrests, victims
    recovered, convictions, assets seized, businesses disrupted)."""
    from cli.plan_render import outcomes_table
    from graph.local import database
    from graph.settings import get_settings
    from queries.options.engine import DISCLAIMER
    from queries.plans.outcomes import case_outcomes, parse_assignments, record_outcomes
    from rules import pack_for

    settings = get_settings()
    try:
        targets = parse_assignments(anticipate or [], "--set")
        done = parse_assignments(achieved or [], "--achieved")
        with database(settings, say=say) as driver:
            if targets or done:
                result = record_outcomes(driver, case, targets=targets, achieved=done, database=settings.neo4j_database)
            else:
                result = case_outcomes(driver, case, database=settings.neo4j_database)
        pack = pack_for(result.jurisdiction)
    except USER_ERRORS as exc:
        fail(exc)
    if fmt is Format.json:
        print_json(result.to_dict() | {"review_status": pack.review_status, "disclaimer": pack.disclaimer})
        return
    console.print(outcomes_table(result))
    console.print("Targets set before acting put success other than convictions on the record.", markup=False)
    console.print(f"{DISCLAIMER}. Rule pack {pack.jurisdiction} v{pack.version}: {pack.review_status}.",
                  style="italic", markup=False)
