"""The ingest statements with labels and link type written in: only from the vocabulary."""

from __future__ import annotations

import pytest

from ingest.models import LINK_ENDPOINTS
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
