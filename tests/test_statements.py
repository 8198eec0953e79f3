"""The ingest statements with labels and link type written in: only from the vocabulary."""

from __future__ import annotations

import pytest

from ingest.vocabulary import LINK_ENDPOINTS
from ingest.statements import statement, statement_for


def test_every_allowed_link_has_a_statement_with_its_labels_and_type():
    for link_type, (sources, targets) in LINK_ENDPOINTS.items():
        for source in sources:
            for target in targets:
                text = statement("links", (source, target), link_type)
                assert "{{" not in text
                key = {"Person": "person_id", "Business": "business_id"}
                assert f"MATCH (a:{source} {{{key[source]}: row.source_id}})" in text
                assert f"MATCH (b:{target} {{{key[target]}: row.target_id}})" in text
                assert f"[link:{link_type} {{link_id: row.link_id}}]" in text


def test_a_row_picks_the_statement_of_its_ends_kinds():
    kinds = {"P1": "Person", "B1": "Business"}
    text = statement_for("links", {"source_id": "B1", "type": "HOUSED", "target_id": "P1"}, kinds)
    assert "(a:Business {business_id: row.source_id})" in text and "(b:Person {person_id: row.target_id})" in text
    assert "(owner:Business {business_id: row.owner_id})" in statement_for("identifiers", {"owner_id": "B1"}, kinds)
    assert "(about:Person {person_id: row.about_id})" in statement_for("evidence", {"about_id": "P1"}, kinds)
    assert statement_for("persons", {"person_id": "P1"}, kinds) == statement("persons")


@pytest.mark.parametrize("link_type", ["KNOWS", "OWNS]->(b) DETACH DELETE b //", None])
def test_a_word_outside_the_vocabulary_is_refused(link_type):
    with pytest.raises(ValueError):
        statement("links", ("Person", "Person"), link_type)


def test_a_kind_other_than_person_or_business_is_refused():
    with pytest.raises(ValueError):
        statement("identifiers", ("Case",))
    with pytest.raises(ValueError):
        statement("links", ("Person",), "OWNS")


def test_grouped_batches_keep_each_row_once_in_order_and_hold_few():
    from ingest.writer import _HELD, _grouped

    kinds = {f"P{i}": "Person" for i in range(50)} | {f"B{i}": "Business" for i in range(50)}
    types = ["PAID", "OWNS", "EMPLOYS"]
    rows = []
    for i in range(300):
        source = f"P{i % 50}" if i % 3 else f"B{i % 50}"
        link_type = types[i % 3]
        target = f"B{(i * 7) % 50}" if link_type == "OWNS" else f"P{(i * 7) % 50}"
        rows.append({"n": i, "source_id": source, "type": link_type, "target_id": target})
    seen: dict[str, list[int]] = {}
    consumed = []

    def counted():
        for row in rows:
            consumed.append(row)
            yield row

    emitted = 0
    for text, batch in _grouped("links", counted(), kinds, 4):
        assert 0 < len(batch) <= 4
        emitted += len(batch)
        assert len(consumed) - emitted <= _HELD * 4  # rows held back stay a few batches deep
        assert {statement_for("links", r, kinds) for r in batch} == {text}
        seen.setdefault(text, []).extend(r["n"] for r in batch)
    assert sorted(n for ns in seen.values() for n in ns) == list(range(300))
    assert all(ns == sorted(ns) for ns in seen.values())  # a repeated link keeps its last row's values
