"""Which of Neo4j's failures are a full disk (graph/store_full.py); the whole path, a load into a real
local Neo4j, is tests/test_disk_room.py. The errors are the driver's own, made from a server's answer."""

from __future__ import annotations

import pytest
from neo4j.exceptions import Neo4jError

from graph.errors import DiskFull
from graph.store_full import full_store_said

CRITICAL = {"code": "Neo.DatabaseError.Transaction.TransactionStartFailed",
            "message": "The database has encountered a critical error, and needs to be restarted. "
                       "Please see database logs for more details."}
FULL = {"code": "Neo.DatabaseError.Transaction.TransactionCommitFailed",
        "message": "Could not apply the transaction to the store after written to log: No space left on device"}


def _raise(metadata: dict[str, str]) -> None:
    raise Neo4jError._hydrate_neo4j(**metadata)


def test_a_full_disk_said_by_the_server_names_the_store(tmp_path):
    with pytest.raises(DiskFull, match=f"no space left in {tmp_path}"):
        with full_store_said("bolt://127.0.0.1:7687", tmp_path):
            _raise(FULL)


def test_a_critical_error_is_a_full_disk_only_when_the_stores_log_says_so(tmp_path):
    with pytest.raises(Neo4jError, match="critical error"):  # the cause unknown: Neo4j's own words
        with full_store_said("bolt://127.0.0.1:7687", tmp_path):
            _raise(CRITICAL)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "debug.log").write_text("ERROR [o.n.k.d.Database] ... java.io.IOException: "
                                                  "No space left on device\n")
    with pytest.raises(DiskFull, match=f"no space left in {tmp_path}"):
        with full_store_said("bolt://127.0.0.1:7687", tmp_path):
            _raise(CRITICAL)


def test_a_users_server_is_named_by_its_address():
    with pytest.raises(DiskFull, match="Neo4j server at neo4j://db.example:7687 is full"):
        with full_store_said("neo4j://db.example:7687", None):
            _raise(FULL)


def test_any_other_failure_passes_unchanged(tmp_path):
    with pytest.raises(Neo4jError, match="Neo.ClientError.Statement.SyntaxError"):
        with full_store_said("bolt://127.0.0.1:7687", tmp_path):
            _raise({"code": "Neo.ClientError.Statement.SyntaxError", "message": "Invalid input"})
