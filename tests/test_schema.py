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
