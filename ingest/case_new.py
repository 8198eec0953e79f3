"""`thbgraph case new`: a case on its own, before any person is known.

A partner's FtM file needs a case to land on, and a bundle needs a person; a case made here is
checked as a row of `cases.csv` is (the same model, the same jurisdictions and statuses) and
written by the bundle's own query. An existing case is never overwritten.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver
from pydantic import ValidationError

from graph.cypher import query
from graph.errors import InvalidArgument
from ingest.errors import CaseExists
from ingest.models import CaseRow


def case_row(case_id: str, title: str, jurisdiction: str, opened_on: str | None = None,
             status: str = "open") -> CaseRow:
    """The case checked as a row of `cases.csv`; InvalidArgument naming each bad field (before any
    database is started for it)."""
    try:
        return CaseRow.model_validate({"case_id": case_id, "title": title, "jurisdiction": jurisdiction,
                                       "opened_on": opened_on, "status": status})
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc'])) or 'case'}: {e['msg']}"
                    for e in exc.errors(include_input=False, include_url=False)]
        raise InvalidArgument("the case is not valid: " + "; ".join(problems)) from None


def new_case(driver: Driver, database: str | None, case_id: str, title: str, jurisdiction: str,
             opened_on: str | None = None, status: str = "open") -> dict[str, Any]:
    """Create the case; InvalidArgument naming each bad field, or CaseExists."""
    row = case_row(case_id, title, jurisdiction, opened_on, status)
    found, _, _ = driver.execute_query(query("ingest", "ftm_case"), case_id=row.case_id, database_=database, routing_="r")
    if found:
        raise CaseExists(f"case {row.case_id} is already in the graph (a bundle's cases.csv updates it)")
    values = row.model_dump()
    driver.execute_query(query("ingest", "ingest_cases"), rows=[values], database_=database)
    return values
