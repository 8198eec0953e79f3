"""Query plans for analysts (issue 27, item 6): `EXPLAIN` gives the plan without running the
query, `PROFILE` runs it under the same guards and limits and gives its profile, over the real
service and in a direct session alike. The review, row 18: EXPLAIN answered an empty frame and
PROFILE failed ("conflicting values for execution mode")."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from analyst import connect
from analyst.magic import CypherMagics
from graph.settings import Settings
from service.cypher_guard import CypherInvalid, CypherRefused
from tests.api_support import ASSIGNED, analyst_service, sample_once  # noqa: F401 (fixture)

pytestmark = pytest.mark.neo4j

#: The service's row cap here, below what the profiled query returns.
CAP = 6
#: Would fail if it ran (division by zero on its one row): a plan that comes back proves nothing ran.
FAILS_IF_RUN = "UNWIND [0] AS x MATCH (p:Person) WHERE p.person_id = $id RETURN p.name AS name, 1 / x AS boom"


@pytest.fixture(scope="module")
def service(sample_once, tmp_path_factory) -> Iterator[tuple[str, str]]:  # noqa: ANN001, F811
    with analyst_service(sample_once, tmp_path_factory.mktemp("svc"), "ana-plans", [ASSIGNED],
                         THBGRAPH_CYPHER_TIMEOUT_S=20.0, THBGRAPH_CYPHER_MAX_ROWS=CAP) as served:
        yield served


@pytest.fixture(scope="module", params=["service", "direct"])
def nb(request, sample_once, neo4j_uri):  # noqa: ANN001, F811
    if request.param == "service":
        url, token = request.getfixturevalue("service")
        session = connect(service=url, token=token)
    else:
        session = connect(Settings(), uri=neo4j_uri)
        session.max_rows = CAP
    yield session
    session.close()


def operators(frame: pd.DataFrame) -> list[str]:
    return [o.strip() for o in frame["operator"]]


def test_explain_gives_the_plan_and_runs_nothing(nb) -> None:  # noqa: ANN001
    plan = nb.cypher("EXPLAIN " + FAILS_IF_RUN, {"id": "P002"})
    assert list(plan.columns) == ["operator", "details", "estimated_rows"], plan
    assert operators(plan)[0] == "ProduceResults" and "IndexSeek" in "".join(operators(plan)), plan
    assert plan["operator"].iloc[1].startswith("  "), "operators are indented under the one they feed"
    assert plan.attrs["plan"]["operator"] == "ProduceResults" and plan.attrs["plan"]["children"]
    # The same plan from the helper, and comments before the keyword are fine.
    assert operators(nb.explain(FAILS_IF_RUN, {"id": "P002"})) == operators(plan)
    assert operators(nb.cypher("// why is this slow?\nexplain " + FAILS_IF_RUN, {"id": "P002"})) == operators(plan)
    with pytest.raises(CypherInvalid, match="by zero"):  # run, it fails: the plan above did not run it
        nb.cypher(FAILS_IF_RUN, {"id": "P002"})


def test_explain_and_profile_are_guarded_like_any_query(nb, sample_once) -> None:  # noqa: ANN001, F811
    for text in ("EXPLAIN CREATE (n:PlanProbe) RETURN n", "PROFILE CREATE (n:PlanProbe) RETURN n",
                 "PROFILE MATCH (p:Person) SET p.probe = 1 RETURN p", "EXPLAIN CALL dbms.components()"):
        with pytest.raises(CypherRefused, match="only reads|not allowed"):
            nb.cypher(text)
    assert sample_once.execute_query("MATCH (n:PlanProbe) RETURN count(n) AS n").records[0]["n"] == 0
    assert sample_once.execute_query("MATCH (p:Person) WHERE p.probe IS NOT NULL RETURN count(p) AS n"
                                     ).records[0]["n"] == 0


def test_profile_gives_the_rows_and_the_profile_within_the_cap(nb) -> None:  # noqa: ANN001
    plain = nb.cypher("MATCH (p:Person) RETURN p.person_id AS id ORDER BY id LIMIT 3")
    profiled = nb.cypher("PROFILE MATCH (p:Person) RETURN p.person_id AS id ORDER BY id LIMIT 3")
    assert profiled.equals(plain)
    profile = profiled.attrs["plan"]
    assert list(profile.columns) == ["operator", "details", "estimated_rows", "rows", "db_hits"]
    assert operators(profile)[0] == "ProduceResults" and profile["rows"].iloc[0] == 3, profile
    assert profile["db_hits"].sum() > 0
    # Cut at the cap like any query; the profile counts the whole query, which ran to its end (more
    # rows than the driver fetches at once: Neo4j profiles no result left unread).
    with pytest.warns(UserWarning, match="cut at"):
        cut = nb.cypher("PROFILE UNWIND range(1, 2500) AS x RETURN x")
    assert len(cut) == CAP and cut.attrs["truncated"] and cut.attrs["plan"]["rows"].iloc[0] == 2500


def test_errors_of_a_plan_quote_the_query_as_written(nb) -> None:  # noqa: ANN001
    with pytest.raises(CypherInvalid) as error:
        nb.cypher("EXPLAIN MATCH (n) RETRN n")
    # "EXPLAIN MATCH (n) " is 18 characters: the typo at column 19 of what the analyst wrote.
    assert "column 19" in str(error.value) and '"EXPLAIN MATCH (n) RETRN n"' in str(error.value), str(error.value)


def test_the_magic_shows_a_plan(nb, capsys) -> None:  # noqa: ANN001
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.register_magics(CypherMagics(shell, nb))
    shell.user_ns["id"] = "P002"
    result = shell.run_cell("%%cypher\nEXPLAIN " + FAILS_IF_RUN)
    assert result.error_in_exec is None and operators(result.result)[0] == "ProduceResults"
    result = shell.run_cell("%%cypher -o rows\nPROFILE MATCH (p:Person {person_id: $id}) RETURN p.person_id AS id")
    assert result.error_in_exec is None and result.result["id"].tolist() == ["P002"]
    assert "ProduceResults" in capsys.readouterr().out  # the profile, shown above the rows
