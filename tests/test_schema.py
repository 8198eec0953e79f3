"""The schema against the real database: created, and idempotent."""

from graph.schema import NODE_KEYS, apply_schema, describe_schema


def test_schema_is_idempotent(driver):
    before = describe_schema(driver)
    apply_schema(driver)
    apply_schema(driver)
    after = describe_schema(driver)
    assert after == before, (before, after)
    for label, key in NODE_KEYS:
        assert f"{label.lower()}_{key}" in after["constraints"], after


def test_unique_keys_are_enforced(driver):
    import pytest
    from neo4j.exceptions import ConstraintError

    driver.execute_query("CREATE (:Person {person_id: 'P1', name: 'A'})")
    with pytest.raises(ConstraintError):
        driver.execute_query("CREATE (:Person {person_id: 'P1', name: 'B'})")


def test_a_database_with_its_schema_gets_no_schema_write_and_a_missing_part_comes_back(driver):
    apply_schema(driver)
    sent = []
    real = driver.execute_query

    def spy(query, *args, **kwargs):
        sent.append(query)
        return real(query, *args, **kwargs)

    driver.execute_query = spy
    try:
        apply_schema(driver)
        assert not [q for q in sent if q.startswith(("CREATE", "DROP"))], sent
        real("DROP INDEX person_name")
        sent.clear()
        apply_schema(driver)
        assert [q for q in sent if q.startswith("CREATE")] == [
            "CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)"]
    finally:
        del driver.execute_query
    assert "person_name" in describe_schema(driver)["indexes"]
