"""The tests never touch a user's database (NEO4J_URI), and refuse one that holds data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NotATestDatabase, refuse_unless_empty

ROOT = Path(__file__).resolve().parents[1]


def test_the_users_neo4j_uri_is_gone_before_any_test_reads_it():
    # conftest dropped it at import: a Settings() made in any test cannot reach the user's server.
    assert "NEO4J_URI" not in os.environ and "NEO4J_PASSWORD" not in os.environ


def test_a_session_started_with_the_users_uri_never_sees_it():
    # A user's shell with NEO4J_URI set: the suite's own conftest must drop it before any test.
    env = {**os.environ, "NEO4J_URI": "bolt://user-case-data.invalid:7687", "NEO4J_PASSWORD": "real"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_test_isolation.py::test_the_users_neo4j_uri_is_gone_before_any_test_reads_it"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr


def test_a_database_holding_data_is_refused(driver):
    driver.execute_query("CREATE (:Case {case_id: 'REAL-1'})")
    with pytest.raises(NotATestDatabase, match="holds 1 nodes the tests did not create"):
        refuse_unless_empty(_UnclosedDriver(driver), "bolt://server")


class _UnclosedDriver:
    """The session driver, which the refusal must not close for the rest of the suite."""

    def __init__(self, driver):
        self._driver = driver

    def execute_query(self, *args, **kwargs):
        return self._driver.execute_query(*args, **kwargs)

    def close(self) -> None:
        pass
