"""The environment a child process of ours gets: ours without the keys and passwords.

The analysts' Neo4j runs their Cypher and Chromium renders exhibits; neither needs the service's
master keys, and one plugin or renderer exploit would otherwise read them from its own
environment (probe 3, low 13)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

#: THBGRAPH_SECRET_KEY, THBGRAPH_PSEUDONYM_KEY, THBGRAPH_VICTIM_DATA_KEY and any later *_KEY; Neo4j's password.
SECRET = re.compile(r"^(THBGRAPH_\w*KEY|NEO4J_PASSWORD|NEO4J_AUTH)$")


def without_secrets(env: Mapping[str, str] | None = None) -> dict[str, str]:
    return {k: v for k, v in (os.environ if env is None else env).items() if not SECRET.match(k)}
