"""The notebook helper against a real Neo4j: read-only unless allowed, parameters from the
notebook's variables, victims pseudonymised in DataFrames and pictures."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analyst import connect
from analyst.keys import PseudonymKeyWarning
from analyst.magic import CypherMagics
from service.redact import Pseudonyms
from graph.settings import Settings
from tests.bundle_graph import sample_bundle
from tests.conftest import wipe

pytestmark = pytest.mark.neo4j

KEY = "k3y-for-tests-only-Zq8Rw2Lm5Np7Xv4Tb9"


@pytest.fixture(scope="module")
def loaded(sample_read_only):
    return sample_read_only


@pytest.fixture
def nb(loaded, neo4j_uri, monkeypatch):
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", KEY)
    session = connect(Settings(), uri=neo4j_uri)
    yield session
    session.close()


@pytest.fixture
def shell(nb):
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.register_magics(CypherMagics(ip, nb))
    yield ip
    ip.user_ns.pop("out", None)


def scratch_count(driver) -> int:
    records, _, _ = driver.execute_query("MATCH (n:Scratch) RETURN count(n) AS n")
    return records[0]["n"]


def test_the_magic_refuses_a_write_unless_allowed(shell, loaded):
    result = shell.run_cell("%%cypher\nCREATE (n:Scratch {at: 1}) RETURN n")
    assert result.error_in_exec is not None
    assert "only reads are allowed" in str(result.error_in_exec) and "--write" in str(result.error_in_exec)
    assert scratch_count(loaded) == 0
    # LOAD CSV plans as a read: the plan check still refuses it.
    result = shell.run_cell("%%cypher\nLOAD CSV FROM 'file:///etc/passwd' AS row RETURN row")
    assert "load a file" in str(result.error_in_exec)
    result = shell.run_cell("%%cypher --write -o out\nCREATE (n:Scratch {at: 2}) RETURN n.at AS at")
    assert result.error_in_exec is None
    assert shell.user_ns["out"]["at"].tolist() == [2]
    assert scratch_count(loaded) == 1
    loaded.execute_query("MATCH (n:Scratch) DELETE n")


def test_the_magic_takes_parameters_from_the_notebook(shell):
    shell.user_ns["pid"] = "P002"
    result = shell.run_cell("%%cypher -o out\nMATCH (p:Person {person_id: $pid}) RETURN p.name AS name")
    assert result.error_in_exec is None
    assert shell.user_ns["out"]["name"].tolist() == ["Marius Popescu"]
    assert result.result is shell.user_ns["out"]
    # A value is a parameter, never part of the query text.
    shell.user_ns["pid"] = "P002' OR true OR p.person_id = '"
    shell.run_cell("%%cypher -o out\nMATCH (p:Person) WHERE p.person_id = $pid RETURN p.name AS name")
    assert shell.user_ns["out"].empty
    result = shell.run_cell("%%cypher\nMATCH (p:Person {person_id: $nobody_has_this}) RETURN p")
    assert "$nobody_has_this" in str(result.error_in_exec)


def test_the_magic_draws_a_picture(shell):
    shell.user_ns.update(a="P003", b="P020", hops=4)
    result = shell.run_cell("%%cypher --draw\nMATCH p = ALL SHORTEST (x:Person {person_id: $a})-[r]-{1,6}(y:Person "
                            "{person_id: $b}) WHERE length(p) <= $hops RETURN p")
    assert result.error_in_exec is None
    html = result.result.data
    assert "Ion Dima" in html and "Kristoffer Aas" in html
    assert "https://" not in html.split("<script", 1)[0]  # nothing fetched before the inlined bundle


def _victim_values() -> set[str]:
    """Every victim's full name, birth date and identifier as written in the bundle."""
    bundle = sample_bundle()
    victims = bundle.victims()
    values = {bundle.persons[v]["name"] for v in victims} | {bundle.persons[v]["birth_date"] for v in victims}
    from tests.bundle_graph import _rows

    values |= {r["value"] for r in _rows("identifiers.csv") if r["owner_id"] in victims and r["kind"] != "address"}
    return values


def test_no_victim_identity_in_any_frame_or_picture(nb):
    everything = nb.cypher(
        "MATCH (p:Person) OPTIONAL MATCH (p)-[h:HAS_IDENTIFIER]->(i) OPTIONAL MATCH (e:Evidence)-[:ABOUT]->(p) "
        "OPTIONAL MATCH (p)-[l]-() WHERE l.link_id IS NOT NULL "
        "RETURN p, p.name, p.birth_date, toString(p.birth_date), h, i, i.value, e.description, l, l.note")
    text = everything.to_json()
    picture = nb.draw(everything).data
    leaked = {v for v in _victim_values() if v in text or v in picture}
    assert not leaked
    # The victims are there, under their pseudonyms, with the fields analysts may see.
    alias = Pseudonyms(KEY).victim("P012")
    assert alias in text and alias in picture
    [row] = [r for _, r in everything.iterrows() if r["p"]["properties"]["person_id"] == alias][:1]
    assert row["p"]["properties"] == {"person_id": alias, "name": alias, "nationality": "UA",
                                      "immigration_status": "irregular"}
    assert pd.isna(row["p.name"])  # sealed in the graph: there is no clear name to return
    assert "Marius Popescu" in text  # suspects keep their names


def test_named_queries_take_pseudonyms_and_return_them(nb):
    alias = nb.alias("P010")
    assert alias == Pseudonyms(KEY).victim("P010")
    frame = nb.named("persons_within", person_id=alias, max_hops=1)
    assert set(frame["person_id"]) == {"P002", "P003", "P015"}
    victims = nb.named("suspect_victims", person_id="P002")
    assert set(victims["victim_id"]) == {Pseudonyms(KEY).victim(v) for v in ("P010", "P011", "P012", "P013", "P014")}
    assert set(nb.library()["name"]) >= {"shortest_paths", "money_flows", "co_offenders"}


def test_case_networks_know_victims_by_pseudonym(nb):
    from queries.key_persons.rank import rank_key_persons

    network = nb.case_network("NO-GLANS")
    victims = [p for p in network.persons.values() if p.is_victim]
    assert len(victims) == 5 and all(p.person_id.startswith("V-") and p.name == p.person_id for p in victims)
    ranking = nb.frame(rank_key_persons(network, top=3).ranking)
    assert "P002" in set(ranking["person_id"])


def test_the_pseudonym_key(neo4j_uri, loaded, monkeypatch):
    monkeypatch.delenv("THBGRAPH_PSEUDONYM_KEY", raising=False)
    with pytest.warns(PseudonymKeyWarning):
        first = connect(Settings(), uri=neo4j_uri)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PseudonymKeyWarning)
        second = connect(Settings(), uri=neo4j_uri)
    assert first.alias("P010") != second.alias("P010")  # a key per session: not stable
    assert not first.stable_key
    first.close(), second.close()
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", "changeme" * 5)
    with pytest.raises(ValueError, match="THBGRAPH_PSEUDONYM_KEY looks like a placeholder"):
        connect(Settings(), uri=neo4j_uri)


def test_ensure_sample(nb, loaded):
    assert nb.ensure_sample() == "The sample cases are loaded."
    wipe(loaded)
    try:
        assert nb.ensure_sample().startswith("Loaded")
        assert set(nb.named("case_list")["case_id"]) == {"NO-GLANS", "NO-NORDLYS"}
        loaded.execute_query("MATCH (c:Case {case_id: 'NO-NORDLYS'}) SET c.case_id = 'OTHER'")
        with pytest.raises(RuntimeError, match="holds other cases"):
            nb.ensure_sample()
    finally:
        wipe(loaded)
        from ingest.writer import load_bundle
        from tests.paths import SAMPLE

        load_bundle(loaded, SAMPLE)
