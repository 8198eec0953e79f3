"""Candidates across cases and decisions on them, against a real Neo4j (sample + a hand-made case)."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.sealing import sealer_for
from graph.settings import get_settings
from ingest.writer import load_bundle
from resolve.candidates import REVIEW_THRESHOLD
from resolve.decisions import DecisionError, decide, history, standing, undo
from resolve.matcher import Matcher
from resolve.review import HIDDEN_NOTE, Entry, Hidden, queue
from tests.paths import KORSO

pytestmark = pytest.mark.neo4j


@pytest.fixture
def two_cases(sample_loaded: Driver) -> Driver:
    load_bundle(sample_loaded, KORSO)
    return sample_loaded


def matcher(driver: Driver) -> Matcher:
    return Matcher.from_graph(driver, None, sealer_for(get_settings()))


def test_transliterated_name_with_birth_date_and_phone_is_proposed(two_cases: Driver) -> None:
    found = {c.pair: c for c in matcher(two_cases).candidates}
    dima = found[("K001", "P003")]
    assert dima.score >= 0.95
    assert "names match across scripts: Йон Дима / Ion Dima" in dima.reasons
    assert "same birth date 1985-11-20" in dima.reasons
    assert "same phone +40733218904" in dima.reasons
    assert dima.left.cases == {"SE-KORSO"} and dima.right.cases == {"NO-GLANS"}


def test_common_name_with_other_birth_date_is_not_proposed(two_cases: Driver) -> None:
    m = matcher(two_cases)
    assert ("K003", "P002") not in {c.pair for c in m.candidates}
    popescu = m.pair("K003", "P002")  # scored all the same when asked
    assert popescu.score < REVIEW_THRESHOLD
    assert "different birth years: 1960 / 1981" in popescu.reasons


def test_victims_are_matched_without_their_values_in_the_reasons(two_cases: Driver) -> None:
    found = {c.pair: c for c in matcher(two_cases).candidates}
    kovalenko = found[("K002", "P011")]  # a victim in both cases: sealed in the graph
    assert kovalenko.score >= 0.95
    text = " ".join(kovalenko.reasons)
    assert "Коваленко" not in text and "Vasyl" not in text and "1994" not in text and "FX402117" not in text
    assert "same passport number [sealed]" in kovalenko.reasons
    assert Matcher.from_graph(two_cases, None, None).records.keys().isdisjoint({"K002", "P011"})


def test_decisions_are_recorded_never_merged_and_undone(two_cases: Driver) -> None:
    m = matcher(two_cases)
    dima = m.pair("P003", "K001")
    decide(two_cases, None, dima, "unsure", "inv-a")
    decide(two_cases, None, dima, "same", "inv-b")
    current = standing(history(two_cases, None))[("K001", "P003")]
    assert (current.judgement, current.user, current.algorithm) == ("same", "inv-b", "logic-v2")
    assert current.score == dima.score and "same phone +40733218904" in current.reasons
    nodes, _, _ = two_cases.execute_query("MATCH (p:Person) WHERE p.person_id IN ['P003', 'K001'] RETURN count(p) AS n")
    assert nodes[0]["n"] == 2  # never merged
    undo(two_cases, None, "P003", "K001", "inv-c")
    assert standing(history(two_cases, None))[("K001", "P003")].judgement == "unsure"  # the one before stands
    undo(two_cases, None, "K001", "P003", "inv-c")
    assert ("K001", "P003") not in standing(history(two_cases, None))
    assert [d.undone_by for d in history(two_cases, None)] == ["inv-c", "inv-c"]
    with pytest.raises(DecisionError, match="no decision"):
        undo(two_cases, None, "K001", "P003", "inv-c")
    with pytest.raises(DecisionError, match="one of same, different, unsure"):
        decide(two_cases, None, dima, "merge", "inv-a")


def test_need_to_know_hides_the_other_half(two_cases: Driver) -> None:
    m = matcher(two_cases)
    mine = queue(m.candidates, {}, cases=frozenset({"NO-GLANS"}))
    assert not [e for e in mine if isinstance(e, Entry)]
    assert Hidden("P003") in mine and all(h.note == HIDDEN_NOTE for h in mine)
    both = queue(m.candidates, {}, cases=frozenset({"NO-GLANS", "SE-KORSO"}))
    assert {e.candidate.pair for e in both if isinstance(e, Entry)} >= {("K001", "P003"), ("K002", "P011")}
    assert not [e for e in both if isinstance(e, Hidden)]


def test_around_follows_confirmed_same_as_only(two_cases: Driver) -> None:
    from queries.network.projection import Projector  # noqa: PLC0415

    m = matcher(two_cases)
    assert "K001" not in Projector(two_cases).around("P003", 0).persons  # zero hops: P003 alone
    decide(two_cases, None, m.pair("P003", "K001"), "unsure", "inv-a")
    assert list(Projector(two_cases).around("P003", 0).persons) == ["P003"]
    decide(two_cases, None, m.pair("P003", "K001"), "same", "inv-a")
    network = Projector(two_cases).around("P003", 0)
    assert set(network.persons) == {"P003", "K001"} and network.same_as == [("K001", "P003")]
    assert list(Projector(two_cases).around("P003", 0, follow_same_as=False).persons) == ["P003"]
    undo(two_cases, None, "P003", "K001", "inv-a")  # back to unsure: not followed
    assert Projector(two_cases).around("P003", 0).same_as == []
