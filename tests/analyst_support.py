"""An analyst over the real service beside an administrator in a direct session with the same
pseudonym key: the pair the analysts' tests compare answers between."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from neo4j import Driver

from analyst import connect
from analyst.session import Notebook
from graph.settings import Settings
from tests.api_support import analyst_service


@contextmanager
def both_sessions(driver: Driver, neo4j_uri: str, home: Path, user: str, cases: list[str],
                  key: str) -> Iterator[tuple[Notebook, Notebook]]:
    with analyst_service(driver, home, user, cases, THBGRAPH_CYPHER_TIMEOUT_S=30.0,
                         THBGRAPH_PSEUDONYM_KEY=key) as (url, token), pytest.MonkeyPatch.context() as patch:
        patch.setenv("THBGRAPH_PSEUDONYM_KEY", key)
        service, direct = connect(service=url, token=token), connect(Settings(), uri=neo4j_uri)
        try:
            yield service, direct
        finally:
            service.close()
            direct.close()
