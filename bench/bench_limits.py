"""How fast the service's limits answer: the figures the tests once asserted as "< 10 s" / "< 20 s".

    .venv/bin/python -m bench.bench_limits [--members 20000]

The tests (tests/test_api_bundle_limits.py, tests/test_api_cypher.py, tests/test_api_cypher_limits.py)
keep what is right (a 422 of the right type, a short answer); the seconds are measured here, once
each, on a scratch Neo4j holding the sample, through the app in-process (FastAPI's TestClient):

- a zip of 30 and of `--members` empty members, dry run: refused at once (probe 3, finding 9: the
  member check was quadratic), the ratio printed;
- an analyst's query that runs for ever, stopped by THBGRAPH_CYPHER_TIMEOUT_S (1 s here);
- a query collecting 2 GB, stopped by the transaction memory limit (512 MB, the tests' setting);
- a `reduce` Neo4j cannot stop between rows, answered at the timeout (0.5 s here).
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import tempfile
import time
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

import ingest

from api.app import create_app
from bench.common import scratch_neo4j
from ingest.catalogue import load_catalogue
from ingest.writer import load_bundle
from service.auth import Role
from service.settings import ServiceSettings


def _zip(members: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for i in range(members):
            archive.writestr(f"m{i:05d}-{'x' * 40}.csv", b"")
    return buffer.getvalue()


def _timed(call) -> tuple[float, object]:  # noqa: ANN001
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=20_000)
    args = parser.parse_args()
    os.environ.setdefault("THBGRAPH_NEO4J_TX_MEMORY_MB", "512")  # as the tests run it (tests/conftest.py)
    with scratch_neo4j() as (driver, _uri), tempfile.TemporaryDirectory(prefix="thbgraph-bench-") as home:
        load_catalogue(driver)
        load_bundle(driver, Path(ingest.__file__).parent / "sample")
        settings = ServiceSettings(THBGRAPH_SECRET_KEY=secrets.token_urlsafe(32),  # type: ignore[call-arg]
                                   THBGRAPH_PSEUDONYM_KEY=secrets.token_urlsafe(32), THBGRAPH_HOME=home,
                                   THBGRAPH_CYPHER_TIMEOUT_S=1.0)
        app = create_app(settings, driver)
        users = app.state.services.users
        admin = {"Authorization": f"Bearer {users.add('admin', Role.admin, [])}", "X-Purpose": "bench"}
        analyst = {"Authorization": f"Bearer {users.add('analyst', Role.analyst, ['NO-GLANS', 'NO-NORDLYS'])}"}
        with TestClient(app) as client:
            def upload(members: int) -> int:
                return client.post("/bundles?dry_run=true", content=_zip(members),
                                   headers={**admin, "Content-Type": "application/zip"}).status_code

            def cypher(query: str, **parameters: object) -> int:
                return client.post("/cypher", json={"query": query, "parameters": parameters}, headers=analyst).status_code

            small, code_small = _timed(lambda: upload(30))
            large, code_large = _timed(lambda: upload(args.members))
            print(f"zip dry run, 30 members: {small:.2f} s ({code_small}); {args.members} members: {large:.2f} s "
                  f"({code_large}); ratio {large / small:.1f} for {args.members / 30:.0f}x the members")
            cypher("RETURN 1")  # the analysis database filled with the analyst's cases, apart from the timings
            took, code = _timed(lambda: cypher("UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"))
            print(f"endless query, timeout 1 s: answered in {took:.2f} s ({code})")
            took, code = _timed(lambda: cypher("UNWIND range(1, 2000) AS x RETURN size(collect($s + toString(x))) AS n",
                                               s="x" * 1_000_000))
            print(f"2 GB collect, transaction limit 512 MB: answered in {took:.2f} s ({code})")
        settings = settings.model_copy(update={"cypher_timeout_s": 0.5})
        with TestClient(create_app(settings, driver)) as client:
            token = client.app.state.services.users.add("analyst2", Role.analyst, ["NO-GLANS"])  # type: ignore[attr-defined]
            second = {"Authorization": f"Bearer {token}"}
            client.post("/cypher", headers=second, json={"query": "RETURN 1", "parameters": {}})  # its analysis database up
            took, response = _timed(lambda: client.post("/cypher", headers=second, json={
                "query": "RETURN size(reduce(s = '', x IN range(1, 100000) | s + 'xxxxxxxxxx')) AS n", "parameters": {}}))
            print(f"reduce past its timeout (0.5 s): answered in {took:.2f} s ({response.status_code})")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
