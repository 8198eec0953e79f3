"""The notebook helper in service mode, against a real `uvicorn` serving the app over a real
Neo4j and its analysis database: an analyst's session reaches only their cases, victims as
pseudonyms, with a token and no database credentials; writes and bad tokens are refused clearly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analyst import WriteRefused, connect
from analyst.magic import CypherMagics
from analyst.service import PartialNetworkWarning, ServiceError
from api.app import create_app
from service.auth import Role
from service.cypher_guard import CypherRefused
from tests.api_support import ASSIGNED, UNASSIGNED, VICTIMS, sample_once, service_settings, uvicorn_thread  # noqa: F401 (fixture)

pytestmark = pytest.mark.neo4j

GLANS_VICTIMS = {"P010", "P011", "P012", "P013", "P014"}


@pytest.fixture(scope="module")
def service(sample_once, tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:  # noqa: ANN001, F811
    """The service on a free port, and a token per user: an analyst of NO-GLANS, an investigator."""
    app = create_app(service_settings(tmp_path_factory.mktemp("svc"), THBGRAPH_CYPHER_TIMEOUT_S=20.0), sample_once)
    users = app.state.services.users
    tokens = {"analyst": users.add("ana-nb", Role.analyst, [ASSIGNED]),
              "investigator": users.add("inv-nb", Role.investigator, [ASSIGNED])}
    with uvicorn_thread(app) as url:
        yield url, tokens


@pytest.fixture(scope="module")
def nb(service):  # noqa: ANN001
    url, tokens = service
    session = connect(service=url, token=tokens["analyst"])
    yield session
    session.close()


def test_an_analyst_gets_her_case_with_victims_as_pseudonyms(nb, service):  # noqa: ANN001
    frame = nb.cypher("MATCH (p:Person)-[r:ROLE_IN]->(c:Case) RETURN p.person_id AS id, p.name AS name, "
                      "r.role AS role, c.case_id AS case")
    assert set(frame["case"]) == {ASSIGNED}
    victims = frame[frame["role"] == "victim"]
    assert len(victims) == len(GLANS_VICTIMS)
    assert all(v.startswith("V-") for v in victims["id"]) and (victims["id"] == victims["name"]).all()
    assert "P002" in set(frame["id"])  # suspects keep their ids
    text = frame.to_json()
    assert not [v for v in GLANS_VICTIMS if v in text]
    assert not [n for n, born in VICTIMS.values() if n in text or born in text]
    # The named queries go through the service too, and take the pseudonyms they return.
    victim = nb.named("suspect_victims", person_id="P002")
    assert set(victim["victim_id"]) == set(victims["id"])
    assert set(nb.named("persons_within", person_id=victims["id"].iloc[0], max_hops=1)["person_id"]) >= {"P002"}


def test_another_cases_data_is_not_there(nb):  # noqa: ANN001
    assert nb.cypher("MATCH (c:Case {case_id: $case}) RETURN c", {"case": UNASSIGNED}).empty
    assert nb.cypher("MATCH (p:Person) WHERE p.person_id IN ['P020', 'P021', 'P010'] RETURN p").empty
    assert set(nb.named("case_list")["case_id"]) == {ASSIGNED}
    with pytest.raises(ServiceError, match="404"):
        nb.case_network(UNASSIGNED)


def test_the_magic_runs_over_the_service(nb):  # noqa: ANN001
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.register_magics(CypherMagics(shell, nb))
    shell.user_ns["pid"] = "P002"
    result = shell.run_cell("%%cypher -o out\nMATCH (p:Person {person_id: $pid}) RETURN p.name AS name")
    assert result.error_in_exec is None
    assert shell.user_ns["out"]["name"].tolist() == ["Marius Popescu"]
    result = shell.run_cell("%%cypher --draw\nMATCH (p:Person)-[r]->(q:Person) RETURN p, r, q")
    assert result.error_in_exec is None and "V-" in result.result.data
    result = shell.run_cell("%%cypher --write\nCREATE (n:Scratch) RETURN n")
    assert "not possible over the service" in str(result.error_in_exec)
    result = shell.run_cell("%%cypher\nCREATE (n:Scratch) RETURN n")
    assert "403" in str(result.error_in_exec) and "write" in str(result.error_in_exec)
    shell.user_ns.pop("out", None)


def test_writes_are_refused(nb, sample_once):  # noqa: ANN001, F811
    with pytest.raises(WriteRefused, match="writes are not possible over the service"):
        nb.cypher("CREATE (n:Scratch) RETURN n", write=True)
    with pytest.raises(CypherRefused, match="403"):
        nb.cypher("MATCH (p:Person {person_id: 'P002'}) SET p.name = 'x'")
    records, _, _ = sample_once.execute_query("MATCH (n:Scratch) RETURN count(n) AS n")
    assert records[0]["n"] == 0
    with pytest.raises(ServiceError, match="cannot load data"):
        nb.ensure_sample()


def test_case_network_comes_from_the_service(nb):  # noqa: ANN001
    from queries.key_persons.rank import rank_key_persons

    with pytest.warns(PartialNetworkWarning, match="no evidence"):
        network = nb.case_network(ASSIGNED)
    victims = [p for p in network.persons.values() if p.is_victim]
    assert len(victims) == len(GLANS_VICTIMS) and all(p.person_id.startswith("V-") for p in victims)
    assert not GLANS_VICTIMS & set(network.persons)
    assert "P002" in set(nb.frame(rank_key_persons(network, top=3).ranking)["person_id"])


def test_tokens(service, monkeypatch):  # noqa: ANN001
    url, tokens = service
    with pytest.raises(ServiceError, match="refused the token"):
        connect(service=url, token="not-a-token")
    monkeypatch.delenv("THBGRAPH_TOKEN", raising=False)
    with pytest.raises(ServiceError, match="THBGRAPH_TOKEN"):
        connect(service=url)
    with pytest.raises(ServiceError, match="analysts only"):
        connect(service=url, token=tokens["investigator"])
    # From the environment (service URL and token both), and never shown.
    monkeypatch.setenv("THBGRAPH_TOKEN", tokens["analyst"])
    monkeypatch.setenv("THBGRAPH_SERVICE_URL", url)
    session = connect()
    try:
        assert tokens["analyst"] not in repr(session) and tokens["analyst"] not in str(vars(session))
        assert set(session.named("case_list")["case_id"]) == {ASSIGNED}
    finally:
        session.close()
