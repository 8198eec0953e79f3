"""Each barrier of the analysts' Cypher guard, alone (test-audit finding 3): the plan check on
plans made by hand, and the READ transaction with the plan check taken away."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import service.cypher_guard as guard
from service.cypher_guard import CypherRefused, refuse_unsafe, run_read_only
from tests.graph_snapshot import snapshot


def _summary(*operators: str, details: str = "", query_type: str = "r") -> SimpleNamespace:
    """A plan of nested operators, as Neo4j's EXPLAIN summary gives it."""
    plan: dict = {}
    for op in reversed(operators):
        plan = {"operatorType": f"{op}@neo4j", "args": {"Details": details}, "children": [plan] if plan else []}
    return SimpleNamespace(plan=plan, query_type=query_type)


@pytest.mark.parametrize(("operators", "details", "refused"), [
    (("ProduceResults", "Create"), "", "plan operator Create"),
    (("ProduceResults", "Apply", "SetProperty"), "", "plan operator SetProperty"),
    (("ProduceResults", "LoadCSV"), "", "would load a file"),
    (("TransactionForeach",), "", "would run its own transactions"),
    (("ProduceResults", "ProcedureCall"), "dbms.components() :: (name :: STRING)", "procedure dbms.components"),
    (("ShowTransactions",), "", "ShowTransactions is not allowed"),
    (("ShowIndexes",), "", "without the usage statistics"),  # its default columns hold them (probe 3, low 12)
])
def test_the_plan_check_refuses_what_the_plan_shows(operators, details, refused):
    with pytest.raises(CypherRefused, match=refused):
        refuse_unsafe(_summary(*operators, details=details))


def test_the_plan_check_passes_reads_and_allowed_procedures():
    refuse_unsafe(_summary("ProduceResults", "Filter", "NodeByLabelScan"))
    refuse_unsafe(_summary("ProduceResults", "ProcedureCall", details="db.labels() :: (label :: STRING)"))
    refuse_unsafe(_summary("ShowIndexes", details="columns(name, state, type)"))  # columns named, no usage statistics


def test_the_plan_check_refuses_a_write_by_its_query_type_alone():
    with pytest.raises(CypherRefused, match="not read-only"):
        refuse_unsafe(_summary("ProduceResults", "NodeByLabelScan", query_type="rw"))


def test_the_read_transaction_alone_refuses_a_write(driver, monkeypatch):
    monkeypatch.setattr(guard, "refuse_unsafe", lambda summary: None)  # no plan check at all
    before = snapshot(driver)
    with pytest.raises(CypherRefused, match="read-only transaction"):
        run_read_only(driver, None, "CREATE (:Pwned) RETURN 1 AS one", {}, timeout=10, max_rows=10)
    assert snapshot(driver) == before
