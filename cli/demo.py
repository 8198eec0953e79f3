"""`thbgraph demo`: the sample case network loaded, and what the tool finds in it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from cli.console import USER_ERRORS, console, fail, say
from cli.load import load_bundle_here

if TYPE_CHECKING:
    from neo4j import Driver

    from queries.network.model import CaseNetwork

SAMPLE = Path(str(resources.files("ingest").joinpath("sample")))
DEMO_PLANS = ("alternatives-only.yaml", "trafficking-plus-alternatives.yaml")


def demo() -> None:
    """Load the sample case network and show what the tool finds in it."""
    from graph.local import database
    from graph.settings import get_settings
    from ingest.catalogue import load_catalogue
    from queries.network.projection import Projector

    try:
        with database(get_settings(), say=say) as driver:
            load_catalogue(driver, database=get_settings().neo4j_database)
            load_bundle_here(driver, SAMPLE, dry_run=False)
            summary(driver)
            projector = Projector(driver, get_settings().neo4j_database)
            networks = {c: projector.case([c]) for c in _case_ids(driver)}
        for case_id, network in networks.items():
            _demo_case(case_id, network)
        _demo_plans(networks["NO-GLANS"])
    except USER_ERRORS as exc:
        fail(exc)


def summary(driver: Driver) -> None:
    """What the graph holds: nodes by label, and the cases."""
    from rich.table import Column
    from rich.text import Text

    from cli.render import table
    from graph.cypher import query
    from graph.settings import get_settings

    db = get_settings().neo4j_database
    counts, _, _ = driver.execute_query(query("queries.library", "graph_counts"), database_=db, routing_="r")
    nodes = table("label", Column("nodes", justify="right"), title="The graph", show_edge=False)
    for r in counts:
        nodes.add_row(r["label"], str(r["count"]))
    console.print(nodes)
    cases, _, _ = driver.execute_query(query("queries.library", "case_list"), database_=db, routing_="r")
    listed = table("case", "title", "jurisdiction", "suspects", "victims", "identified", title="Cases", show_edge=False)
    for r in cases:
        listed.add_row(r["case_id"], Text(r["title"]), r["jurisdiction"], str(r["suspects"]), str(r["victims"]),
                       str(r["identified_victims"]))
    console.print(listed)


def _case_ids(driver: Driver) -> list[str]:
    from graph.cypher import query
    from graph.settings import get_settings

    records, _, _ = driver.execute_query(query("queries.library", "case_list"), database_=get_settings().neo4j_database, routing_="r")
    return [r["case_id"] for r in records]


def _demo_case(case_id: str, network: CaseNetwork, top: int = 5, with_options: int = 2) -> None:
    from cli.render import key_persons_table, key_player_table, print_options, victim_offenders_panel
    from queries.key_persons.rank import key_player_set, rank_key_persons
    from queries.options.engine import options_for_person
    from queries.options.standing import VictimStandings
    from rules import pack_for

    console.rule(f"Case {case_id}")
    result = rank_key_persons(network, top=top)
    console.print(key_persons_table(result, f"Key persons of {case_id} (top {top})"))
    panel = victim_offenders_panel(result)
    if panel:
        console.print(panel)
    console.print(key_player_table(key_player_set(network, 3)))
    if not network.jurisdiction:
        return
    pack = pack_for(network.jurisdiction)
    shown = [p.person_id for p in result.ranking[:with_options]]
    # A suspect who may be a victim is shown too: what acting against them would mean.
    shown += [s.person_id for s in VictimStandings(network, case_id).possible() if s.person_id not in shown]
    for person_id in shown:
        print_options(console, options_for_person(network, pack, person_id, case_id=case_id), limit=6)


def _demo_plans(network: CaseNetwork) -> None:
    """The choice prosecutors face: alternatives only, or a trafficking charge on the controller too."""
    from cli.plan_render import print_plan_comparison
    from queries.plans.evaluate import PlanEvaluator
    from queries.plans.model import load_plan
    from rules import pack_for

    console.rule("Two charge plans for NO-GLANS")
    evaluator = PlanEvaluator(network, pack_for("NO"), "NO-GLANS")
    print_plan_comparison(console, [evaluator.evaluate(load_plan(SAMPLE / "plans" / name)) for name in DEMO_PLANS])
