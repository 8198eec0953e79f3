"""The driver's notifications (a property key that does not exist yet, ...) stay out of users'
output: logged at debug, not printed on stderr by Python's last-resort handler."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.neo4j

PROBE = """
import logging, sys
from graph.db import connect
from graph.settings import Settings
driver = connect(Settings(), uri=sys.argv[1])
# A property key no node has: the server answers with a warning notification.
driver.execute_query("MATCH (n:NoSuchLabelHere) WHERE n.no_such_key_here = 1 RETURN n")
if sys.argv[2:] == ["debug"]:
    logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s %(message)s", stream=sys.stdout)
    driver.execute_query("MATCH (n:NoSuchLabelHere) WHERE n.no_such_key_here = 2 RETURN n")
driver.close()
"""


def test_notifications_are_not_printed_but_logged_at_debug(neo4j_uri: str) -> None:
    run = subprocess.run([sys.executable, "-c", PROBE, neo4j_uri], capture_output=True, text=True, timeout=120,
                         env=os.environ, check=False)
    assert run.returncode == 0, run.stderr
    assert "notification" not in run.stderr.lower() and "GqlStatusObject" not in run.stderr, run.stderr
    logged = subprocess.run([sys.executable, "-c", PROBE, neo4j_uri, "debug"], capture_output=True, text=True,
                            timeout=120, env=os.environ, check=False)
    assert "DEBUG neo4j.notifications" in logged.stdout and "no_such_key_here" in logged.stdout, logged.stdout
