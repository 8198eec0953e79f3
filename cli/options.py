"""`thbgraph options`: what else to charge a person with or do to disrupt them, and what it costs the victims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import USER_ERRORS, Format, console, fail, print_json, say
from graph.errors import InvalidArgument

if TYPE_CHECKING:
    from neo4j import Driver

    from queries.network.model import CaseNetwork


def _person_case(driver: Driver, person_id: str, case: str | None) -> tuple[CaseNetwork, str]:
    """The case network to judge a person in, and its jurisdiction."""
    from graph.cypher import query
    from graph.settings import get_settings
    from queries.network.errors import UnknownPerson
    from queries.network.projection import Projector

    records, _, _ = driver.execute_query(query("queries.library", "person_cases"), person_id=person_id,
                                         database_=get_settings().neo4j_database, routing_="r")
    cases = {r["case_id"]: r["jurisdiction"] for r in records}
    if not cases:
        raise UnknownPerson(person_id, "any case in the graph")
    if case and case not in cases:
        raise UnknownPerson(person_id, f"case {case} (their cases: {', '.join(cases)})")
    chosen = [case] if case else sorted(cases)
    jurisdictions = {cases[c] for c in chosen}
    if len(jurisdictions) > 1:
        raise InvalidArgument(f"person {person_id} is in cases under {', '.join(sorted(jurisdictions))}: choose one with --case")
    return Projector(driver, get_settings().neo4j_database).case(chosen), jurisdictions.pop()


def options(
    person: Annotated[str, typer.Option(help="The person id.")],
    case: Annotated[str | None, typer.Option(help="Judge them in this case only.")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    redact: Annotated[bool, typer.Option(help="Show everyone by id only (victims' names are sealed in the graph anyway).")] = False,
) -> None:
    """What else to charge a person with or do to disrupt them, and what it costs the victims."""
    from cli.render import print_options
    from graph.local import database
    from graph.settings import get_settings
    from queries.options.engine import options_for_person
    from rules import pack_for

    try:
        with database(get_settings(), say=say) as driver:
            network, jurisdiction = _person_case(driver, person, case)
        result = options_for_person(network, pack_for(jurisdiction), person, case_id=case, show_names=not redact)
    except USER_ERRORS as exc:
        fail(exc)
    if fmt is Format.json:
        print_json(result.to_dict())
    else:
        print_options(console, result)
