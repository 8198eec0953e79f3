"""schemathesis against the OpenAPI spec: a real uvicorn server over a real Neo4j; no 5xx, and
responses that match the spec, whatever the inputs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from service.auth import Role
from tests.api_support import ASSIGNED, UNASSIGNED, sample_once, service_settings, uvicorn_thread  # noqa: F401 (fixtures)

schemathesis = pytest.importorskip("schemathesis")

#: Examples per operation and role.
EXAMPLES = 30
#: A request can match the schema and still be wrong: Cypher that does not parse, a bundle with a
#: dangling reference. The service answers those with 4xx problems, so this check does not apply.
SEMANTIC = [schemathesis.checks.positive_data_acceptance]


Server = tuple[str, dict[Role, str]]


@pytest.fixture(scope="module")
def server(sample_once, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # noqa: ANN001, F811
    app = create_app(service_settings(Path(tmp_path_factory.mktemp("api"))), sample_once)
    users = app.state.services.users
    tokens = {role: users.add(f"{role.value}-both", role, [ASSIGNED, UNASSIGNED]) for role in Role}
    with uvicorn_thread(app) as url:
        yield url, tokens


@pytest.fixture(scope="module")
def api_schema(server):  # noqa: ANN001, ANN201
    base_url, tokens = server
    spec = httpx.get(f"{base_url}/openapi.json", headers={"Authorization": f"Bearer {tokens[Role.admin]}"}).json()
    return schemathesis.openapi.from_dict(spec)


def _operations(api_schema):  # noqa: ANN001, ANN202
    return [result.ok() for result in api_schema.get_all_operations()]


# Hypothesis drives schemathesis directly: its pytest plugin does not run under pytest 9 yet.
@pytest.mark.parametrize("role", [Role.analyst, Role.investigator, Role.admin])
def test_no_server_errors_and_responses_match_the_spec(api_schema, server, role: Role) -> None:  # noqa: ANN001
    base_url, tokens = server
    headers = {"Authorization": f"Bearer {tokens[role]}", "X-Purpose": "schemathesis"}
    failures = {}
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:  # noqa: ANN001
            case.call_and_validate(base_url=base_url, headers=headers, excluded_checks=SEMANTIC)

        try:
            check()
        except Exception as exc:  # noqa: BLE001 (collect every operation's failure, then report them all)
            failures[operation.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
